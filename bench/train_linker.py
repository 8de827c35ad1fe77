"""Train the learned relation linker (kg/linker.py) on the project's own annotations, and cross-validate it.

Material: the TUNE rows of tests/data/wider/ (never the check half), the seeds (seeds/ with
tests/data/gold/seeds.json) and the dev gold (tests/data/dev-bilingual with tests/data/gold/dev.json).
Each bilingual article gives English candidates; its Chinese half, built as a Chinese-only article, gives
Chinese ones. A candidate's label is the gold predicate between the gold entities its two entities match by
name (as tools/score_graph.py matches nodes), or none.

    python bench/train_linker.py --cv                    # cross-validated gain, per language, then train
    python bench/train_linker.py --years even --out M.json  # train on even-year tune articles (+ seeds, dev)
    python bench/train_linker.py --no-train --cv         # only the cross-validation table

The relation F1 here is per article (rules' relations and the linker's, matched to gold ids by name),
an estimate of the scorer's; bench/eval_wider.py gives the scorer's own on builds.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import sys
import tempfile
from pathlib import Path

import numpy as np

from kg.corpus import chinese_half, read_article
from kg.evaluate import norm
from kg.linker import FITS, MODEL_FILE, NONE, candidates, fitting, linked_pairs, predict
from kg.nlp import build_nlp
from kg.pipeline import StageTimes, ascii_punctuation, rule_relations
from kg.zhdoc import make_doc

ROOT = Path(__file__).resolve().parents[1]
WIDER = ROOT / "tests" / "data" / "wider"
CLASSES = [NONE, *FITS]
PRUNE = 0.05  # weights this small are dropped from the model file
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6)


def sources(years: str) -> list[tuple[Path, dict, str]]:
    """(article file, its gold, group) for the training material; group is 'even'/'odd' (wider tune) or
    'seeds'/'dev'."""
    gold: dict[str, dict] = {}
    for gf in sorted(WIDER.glob("gold-*.json")):
        gold.update({a["file"]: a for a in json.loads(gf.read_text("utf-8"))["articles"]})
    out = []
    for tsv in sorted(WIDER.glob("SOURCES-*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row["split"] != "tune":  # the check half is the lead's measure: never read here
                    continue
                group = "even" if int(row["year"]) % 2 == 0 else "odd"
                if years in ("all", group) and row["file"] in gold:
                    out.append((WIDER / "articles" / row["file"], gold[row["file"]], group))
    for name, folder in (("seeds", ROOT / "seeds"), ("dev", ROOT / "tests" / "data" / "dev-bilingual")):
        gold_file = ROOT / "tests" / "data" / "gold" / f"{name}.json"
        for a in json.loads(gold_file.read_text("utf-8"))["articles"]:
            if (folder / a["file"]).exists():
                out.append((folder / a["file"], a, name))
    return sorted(out, key=lambda x: str(x[0]))


def gold_index(gold: dict) -> tuple[dict[str, list[tuple[str, str]]], set[tuple[str, str, str]]]:
    """Normalised name -> [(type, gold id)], and the gold simple relations (s, p, o)."""
    names: dict[str, list[tuple[str, str]]] = {}
    for e in gold["entities"]:
        for n in [e.get("name_en"), e.get("name_zh"), *(e.get("aliases_en") or []),
                  *(e.get("aliases_zh") or [])]:
            if n:
                names.setdefault(norm(n), []).append((e["type"], e["id"]))
    rels = {(r["s"], r["p"], r["o"]) for r in gold.get("relations", [])
            if r["p"] in FITS and isinstance(r["o"], str)}
    return names, rels


def match_entities(ctx, names) -> dict[tuple[str, str], str]:
    """Entity ref -> gold id, by any shared normalised name, the same type first."""
    out = {}
    for ref, ent in ctx.entities.items():
        own = {ent.label_en, ent.label_zh, *ent.aliases_en, *ent.aliases_zh, *(m.text for m in ent.mentions)}
        hits = sorted({h for n in own if n for h in names.get(norm(n), [])},
                      key=lambda h: (h[0] != ref[0], h[1]))
        if hits:
            out[ref] = hits[0][1]
    return out


def article_samples(path: Path, gold: dict, group: str, nlp, tmp: Path) -> list[dict]:
    """One record per (article, language): gold relations, the rules' relations and the candidates."""
    names, rels = gold_index(gold)
    out = []
    bilingual = read_article(path)
    zh_file = tmp / path.name
    zh_file.write_text(chinese_half(path.read_text("utf-8")), encoding="utf-8")
    for lang in ("en", "zh"):
        if lang == "en":
            article = bilingual
            doc = nlp(ascii_punctuation(article.body_en))
        else:
            if not zh_file.read_text("utf-8").strip():
                continue
            article = read_article(zh_file)
            doc = make_doc(article.body_zh)
        ctx, relations = rule_relations(article, doc, lang, StageTimes())
        to_gold = match_entities(ctx, names)
        rules = {(to_gold.get(r.subject), r.predicate, to_gold.get(r.object))
                 for r in relations if r.object is not None and r.predicate in FITS}
        cands = []
        linked = linked_pairs(relations)
        for c in candidates(ctx, set()):  # the rules' pairs too: they teach how the language links
            gs, go = to_gold.get(c.subject), to_gold.get(c.object)
            label = next((p for p in sorted(FITS) if (gs, p, go) in rels), NONE)
            cands.append({"s": c.subject, "o": c.object, "gs": gs, "go": go, "f": c.features, "y": label,
                          "ruled": frozenset((c.subject, c.object)) in linked})
        out.append({"file": path.name, "group": group, "lang": lang, "gold": sorted(rels), "rules": sorted(
            rules, key=str), "cands": cands})
    return out


def collect(years: str, cache: Path | None) -> list[dict]:
    """The samples of every training article (cached in ``cache`` between runs when given)."""
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())
    nlp = build_nlp()
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        for path, gold, group in sources(years):
            records.extend(article_samples(path, gold, group, nlp, Path(tmp)))
            print(f"  {path.name}: {sum(len(r['cands']) for r in records[-2:])} candidates", file=sys.stderr)
    if cache is not None:
        cache.write_bytes(pickle.dumps(records))
    return records


def train(records: list[dict], *, l2: float = 1.0, steps: int = 300, min_count: int = 2,
          ruled: bool = True) -> dict:
    """Multinomial logistic regression over the candidates of ``records`` (full batch, fixed steps,
    deterministic; with ``ruled`` also over the pairs the rules linked): the model dict kg.linker.predict
    reads, without its threshold."""
    cands = [c for r in records for c in r["cands"] if ruled or not c["ruled"]]
    counts: dict[str, int] = {}
    for c in cands:
        for f in c["f"]:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i + 1 for i, f in enumerate(vocab)}  # 0 is the bias
    rows = [[0, *(index[f] for f in c["f"] if f in index)] for c in cands]
    lengths = np.array([len(r) for r in rows])
    flat = np.array([i for r in rows for i in r], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    y = np.array([CLASSES.index(c["y"]) for c in cands])
    n, k = len(cands), len(CLASSES)
    weights = np.zeros((len(vocab) + 1, k))
    if n == 0:
        return {"classes": CLASSES, "weights": {}}
    onehot = np.eye(k)[y]
    velocity = np.zeros_like(weights)
    for _ in range(steps):
        logits = np.add.reduceat(weights[flat], offsets, axis=0)
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        diff = (probs - onehot) / n
        spread = np.repeat(diff, lengths, axis=0)
        grad = np.stack([np.bincount(flat, weights=spread[:, j], minlength=len(weights))
                         for j in range(k)], 1)
        grad[1:] += l2 / n * weights[1:]
        velocity = 0.9 * velocity - 2.0 * grad
        weights += velocity
    out = {"__bias__": [round(float(w), 3) for w in weights[0]]}
    for f, i in index.items():
        w = [round(float(v), 3) for v in weights[i]]
        if any(abs(v) >= PRUNE for v in w):  # a feature that moves no class is left out of the file
            out[f] = w
    return {"classes": CLASSES, "weights": dict(sorted(out.items()))}


def scored(model: dict, record: dict) -> list[tuple[float, tuple]]:
    """(probability, (gold s, predicate, gold o)) of the best fitting predicate of each candidate of one
    record that the rules left unlinked (gold ids None where unmatched)."""
    out = []
    for c in record["cands"]:
        if c["ruled"]:  # the build asks only about the pairs the rules left unlinked
            continue
        probs = predict(model, tuple(c["f"]))
        pred = max((p for p in probs if p != NONE and p in fitting(c["s"][0], c["o"][0])),
                   key=lambda p: (probs[p], p), default=None)
        if pred is not None:
            out.append((probs[pred], (c["gs"], pred, c["go"])))
    return out


def additions(model: dict | list, record: dict, threshold: float) -> set[tuple]:
    """The (gold s, p, gold o) of the relations the model (or its :func:`scored` list) adds to a record."""
    pairs = scored(model, record) if isinstance(model, dict) else model
    return {key for p, key in pairs if p >= threshold}


def f1(records: list[dict], added: list[set] | None) -> tuple[float, float, float]:
    """Relation P, R, F1 over ``records`` of the rules' relations (plus ``added`` per record)."""
    tp = pred = gold = 0
    for i, r in enumerate(records):
        got = {tuple(t) for t in r["rules"]} | (added[i] if added else set())
        truth = {tuple(t) for t in r["gold"]}
        pred += len(got)
        tp += len(got & truth)
        gold += len(truth)
    p, rc = (tp / pred if pred else 0.0), (tp / gold if gold else 0.0)
    return p, rc, (2 * p * rc / (p + rc) if p + rc else 0.0)


def folds(records: list[dict]) -> list[tuple[str, list[int], list[int]]]:
    """(name, train indices, test indices): the even/odd-year folds and 4 folds of wider tune articles by
    article; seeds and dev always train, never test."""
    wider = sorted({r["file"] for r in records if r["group"] in ("even", "odd")})
    out = []
    for g in ("even", "odd"):
        test = [i for i, r in enumerate(records) if r["group"] == g]
        out.append((f"test {g} years", [i for i in range(len(records)) if i not in test], test))
    for k in range(4):
        held = set(wider[k::4])
        test = [i for i, r in enumerate(records) if r["file"] in held]
        out.append((f"article fold {k + 1}/4", [i for i in range(len(records)) if i not in test], test))
    return out


def cross_validate(records: list[dict], **train_args) -> dict[str, dict]:
    """Per language and threshold: rules-only and rules+linker F1 summed over the 4 article folds, and per
    even/odd-year fold."""
    table: dict[str, dict] = {}
    for lang in ("en", "zh"):
        recs = [r for r in records if r["lang"] == lang]
        per: dict[str, dict] = {}
        pooled: list[tuple[dict, list]] = []  # (record, scored list) of every article-fold test record
        for name, tr, te in folds(recs):
            model = train([recs[i] for i in tr], **train_args)
            test = [recs[i] for i in te]
            row = {"rules": f1(test, None)}
            lists = [scored(model, r) for r in test]
            for t in THRESHOLDS:
                row[t] = f1(test, [additions(sc, r, t) for sc, r in zip(lists, test, strict=True)])
            per[name] = row
            if name.startswith("article"):
                pooled.extend(zip(test, lists, strict=True))
        test = [r for r, _ in pooled]
        per["4 folds pooled"] = {"rules": f1(test, None)} | {
            t: f1(test, [additions(sc, r, t) for r, sc in pooled]) for t in THRESHOLDS}
        table[lang] = per
    return table


def dump(models: dict) -> str:
    """The model file's text: sorted, one feature a line (diffs stay readable), byte-identical per input."""
    lines = []
    for lang in sorted(models):
        m = models[lang]
        head = json.dumps({"classes": m["classes"], "threshold": m["threshold"]}, ensure_ascii=False)[:-1]
        rows = ",\n".join(f"  {json.dumps(f, ensure_ascii=False)}:{json.dumps(w, separators=(',', ':'))}"
                           for f, w in m["weights"].items())
        lines.append(f"{json.dumps(lang)}:{head},\n \"weights\":{{\n{rows}}}}}")
    return "{" + ",\n".join(lines) + "}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--years", choices=("all", "even", "odd"), default="all",
                    help="which wider tune articles to train on (seeds and dev always); default all")
    ap.add_argument("--cv", action="store_true", help="print the cross-validation table first")
    ap.add_argument("--no-train", action="store_true", help="do not write a model")
    ap.add_argument("--threshold", type=float, default=0.5, help="the model's threshold (default 0.5)")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    ap.add_argument("--out", type=Path, default=MODEL_FILE, help=f"model file (default {MODEL_FILE})")
    ap.add_argument("--samples", type=Path, help="cache the extracted samples in this pickle")
    args = ap.parse_args(argv)
    records = collect("all", args.samples)
    if args.cv:
        for lang, per in cross_validate(records, l2=args.l2).items():
            print(f"[{lang}] relation P/R/F1 (per-article estimate): rules, then rules+linker by threshold")
            for name, row in per.items():
                cells = "  ".join(f"{t}: {v[2]:.3f}" for t, v in row.items())
                if name == "4 folds pooled":
                    cells += f"  (rules P {row['rules'][0]:.3f} R {row['rules'][1]:.3f})"
                print(f"  {name:18} {cells}")
    if args.years != "all":
        records = [r for r in records if r["group"] in (args.years, "seeds", "dev")]
    if not args.no_train:
        models = {lang: dict(train([r for r in records if r["lang"] == lang], l2=args.l2),
                             threshold=args.threshold) for lang in ("en", "zh")}
        args.out.write_text(dump(models), encoding="utf-8")
        insample = {lang: (f1(rs := [r for r in records if r["lang"] == lang], None)[2],
                           f1(rs, [additions(models[lang], r, args.threshold) for r in rs])[2])
                    for lang in ("en", "zh")}
        print(f"wrote {args.out}; IN-SAMPLE relation F1 (rules -> rules+linker): "
              + ", ".join(f"{lang} {a:.3f} -> {b:.3f}" for lang, (a, b) in insample.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
