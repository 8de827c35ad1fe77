"""Experiment (NOT shipped): a character CRF that tags Chinese policy-mechanism spans, learned from the
project's own gold. It does not carry to unseen articles; this script records how it was measured so the
experiment is not repeated blind.

Training spans: each gold PolicyMechanism's ``name_zh`` and ``aliases_zh`` found by string search in the
Chinese half (``kg.corpus.chinese_half``) of its article, longest first, no overlaps, BIOES with one label
``M``; fold A of the wider tune half plus the seed and dev annotations (../shared/gold, 13 articles):
68 articles, 710 spans, ~50k characters. Features: the Chinese NER's (``kg.zh_ner.char_features``:
characters and n-grams in a +-2 window, class pattern, the word, its POS and position, the neighbouring
words' POS) plus mechanism cues: inside / last char of / just before a head word of
``kg.extract.zh.mechanisms.HEADS``, a word that is such a head, inside a verb of adoption (``ADOPT``) and
0-3 chars after one. lbfgs, c1 0.05, c2 0.01, 150 iterations (deterministic: fixed order).

The tagger's Viterbi spans whose least tag marginal reaches a threshold became PolicyMechanism mentions
(a zh mention rule) only where no other mention overlaps them (the settling step keeps the others first).

Figures (2026-12-07, on top of 2e3527c; tune-a/tune-b folds of bench/eval_wider.py):

* Span level, two-fold cross-validation inside fold A (train on one half, tag the other): P 0.45-0.63,
  R 0.07-0.18 over thresholds 0-0.9 (``cv``). The tagger finds mostly what the rules already find.
* End to end, cross-validation inside fold A, zh-only (``cv-e2e``; rule off = typed F1 0.667, relation F1
  0.371, PolicyMechanism P 0.710 R 0.531): threshold 0.5 -> typed 0.658, rel 0.356, P 0.618 R 0.555;
  0.7 -> 0.663 / 0.362 / 0.658 / 0.549; 0.9 -> 0.665 / 0.370 / 0.692 / 0.537; 0.95 -> 0.666 / 0.370 /
  0.701 / 0.534. No threshold, no c1 (0.05, 0.3, 1.0) and no smaller feature set (``--small``) beats the
  rules alone: of 25 spans added at 0.7, 5 were gold mechanisms (生产计划, 银行贷款, 资本主义社会 … wrong).
* Fold B, measured blind (model trained on fold A; fold A's own figures are its training data):
  threshold 0.5: zh-only typed F1 0.684 -> 0.675, relation F1 0.342 -> 0.332, PolicyMechanism R 0.500 ->
  0.550; bilingual typed 0.724 -> 0.715, relation 0.365 -> 0.355. Threshold 0.95 (the best in fold A's
  cross-validation): zh-only typed 0.684 -> 0.683, relation 0.342 -> 0.339, PolicyMechanism R 0.500 ->
  0.510; bilingual typed 0.724 -> 0.723, relation 0.365 -> 0.363. Recall rises a little, precision falls
  more: the keep criterion (zh-only typed F1 must rise) fails, so nothing was added to kg/.
* Also tried in fold A's cross-validation, no better: a veto of open-rule mechanisms the CRF gives a low
  probability (MECH_CRF_VETO=0.05: typed 0.637, recall 0.531 -> 0.377), and adding only phrases the tagger
  finds twice in an article (MECH_CRF_REPEATED=1: neutral, adds almost nothing).

    python bench/mech_crf.py cv --show            # span P/R inside fold A by threshold, with the spans
    python bench/mech_crf.py cv-e2e --thresholds 0.5 0.9   # end to end inside fold A, zh-only
    python bench/mech_crf.py eval --threshold 0.95         # train on fold A, measure folds A and B

Environment: MECH_CRF_LOG=FILE logs the spans the rule adds; MECH_CRF_ADD=0 adds none; MECH_CRF_VETO and
MECH_CRF_REPEATED as above. Never score the check half with it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pycrfsuite

from kg.corpus import chinese_half
from kg.extract.zh.mechanisms import ADOPT, HEADS
from kg.zh_ner import char_features, spans_to_tags
from kg.zhseg import tokenize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_wider import WIDER, part_files, splits  # noqa: E402

HEAD_RE = re.compile("|".join(re.escape(h) for h in sorted(HEADS, key=lambda h: (-len(h), h))))
LABEL = "M"
USE_EXTRA = True  # also train on the seed and dev annotations
LOG: Path | None = Path(os.environ["MECH_CRF_LOG"]) if os.environ.get("MECH_CRF_LOG") else None
VETO = float(os.environ.get("MECH_CRF_VETO", "0"))  # drop open-rule mechanisms the CRF gives less than this
ADD = os.environ.get("MECH_CRF_ADD", "1") == "1"  # add the CRF's own spans
PROBS: dict[str, list[float]] = {}
REPEATED = os.environ.get("MECH_CRF_REPEATED", "0") == "1"
# The NER feature templates kept (None: all of them).
KEEP: set[str] | None = None


def gold_mechanisms(names: set[str]) -> dict[str, list[str]]:
    """File -> the zh names and aliases of its gold PolicyMechanism entities."""
    out: dict[str, list[str]] = {}
    for gold_file in part_files(WIDER, "gold", "json", None):
        for art in json.loads(gold_file.read_text("utf-8"))["articles"]:
            if art["file"] not in names:
                continue
            for e in art["entities"]:
                if e.get("type") == "PolicyMechanism":
                    zh = [e.get("name_zh") or "", *(e.get("aliases_zh") or [])]
                    out.setdefault(art["file"], []).extend(z for z in zh if len(z) >= 2)
    return out


def find_spans(text: str, names: list[str]) -> list[tuple[int, int, str]]:
    """All occurrences of ``names`` in ``text``, longest first, no overlaps."""
    taken = [False] * len(text)
    spans = []
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        for m in re.finditer(re.escape(name), text):
            if not any(taken[m.start() : m.end()]):
                spans.append((m.start(), m.end(), LABEL))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    return sorted(spans)


def features(text: str) -> list[list[str]]:
    """The NER's features plus mechanism cues: head words (in a head, its last char), adoption verbs."""
    words = tokenize(text)
    feats = [[a for a in f if KEEP is None or a.split("=", 1)[0] in KEEP] for f in char_features(text, words)]
    for w in words:
        if w.text in HEADS:
            for i in range(w.start, w.end):
                feats[i].append("whead")
    for m in HEAD_RE.finditer(text):
        for i in range(m.start(), m.end()):
            feats[i].append("mhead")
        feats[m.end() - 1].append("mhead_end")
        if m.start() > 0:
            feats[m.start() - 1].append("mhead>")
    for m in ADOPT.finditer(text):
        for k in range(m.end(), min(len(text), m.end() + 4)):
            feats[k].append(f"adopt<{k - m.end()}")
        for i in range(m.start(), m.end()):
            feats[i].append("adopt")
    return feats


def dataset(names: list[str]) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(Chinese text, gold spans) of each file with any text."""
    gold = gold_mechanisms(set(names))
    out = []
    for name in sorted(names):
        text = chinese_half((WIDER / "articles" / name).read_text("utf-8"))
        if text.strip():
            out.append((text, find_spans(text, gold.get(name, []))))
    return out


ROOT = Path(__file__).resolve().parents[1]
EXTRA = ((ROOT.parent / "shared" / "gold" / "seeds.json", ROOT / "seeds"),
         (ROOT.parent / "shared" / "gold" / "dev.json", ROOT / "tests" / "data" / "dev-bilingual"))


def extra_dataset() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(Chinese text, gold spans) of the seed and dev articles (their gold from ../shared/gold)."""
    out = []
    for gold_file, folder in EXTRA:
        if not gold_file.is_file():
            continue
        for art in json.loads(gold_file.read_text("utf-8"))["articles"]:
            path = folder / art["file"]
            text = chinese_half(path.read_text("utf-8")) if path.is_file() else ""
            names = [z for e in art["entities"] if e.get("type") == "PolicyMechanism"
                     for z in [e.get("name_zh") or "", *(e.get("aliases_zh") or [])] if len(z) >= 2]
            if text.strip():
                out.append((text, find_spans(text, names)))
    return out


def train(data: list[tuple[str, list]], path: Path, c1: float = 0.05, c2: float = 0.01) -> None:
    """Train a CRF on ``data`` (fixed order, lbfgs: deterministic) and write it to ``path``."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 150, "feature.possible_transitions": True})
    for text, spans in [*data, *(extra_dataset() if USE_EXTRA else [])]:
        trainer.append(features(text), spans_to_tags(len(text), spans))
    trainer.train(str(path))


def tag(tagger: pycrfsuite.Tagger, text: str, threshold: float) -> Iterator[tuple[int, int, float]]:
    """Viterbi spans of ``text`` whose tags' least marginal is at least ``threshold``."""
    tagger.set(features(text))
    tags = tagger.tag()
    start = -1
    for i, t in enumerate(tags):
        if t.startswith(("B-", "S-")):
            start = i
        if t.startswith(("E-", "S-")) and start >= 0:
            p = min(tagger.marginal(tags[k], k) for k in range(start, i + 1))
            if p >= threshold:
                yield start, i + 1, p
            start = -1
        if t == "O":
            start = -1


def cross_validate(args: argparse.Namespace) -> None:
    data = dataset(splits()["tune-a"])
    halves = [data[0::2], data[1::2]]
    scored: list[tuple[float, bool]] = []
    n_gold = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k in (0, 1):
            model = Path(tmp) / f"m{k}.crfsuite"
            train(halves[1 - k], model, args.c1, args.c2)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(model))
            for text, spans in halves[k]:
                gold = {(s, e) for s, e, _ in spans}
                n_gold += len(gold)
                for s, e, p in tag(tagger, text, 0.0):
                    scored.append((p, (s, e) in gold))
                    if args.show:
                        print(f"{p:.2f} {'+' if (s, e) in gold else '-'} {text[max(0, s - 6):s]}[{text[s:e]}]"
                              f"{text[e:e + 4]}".replace("\n", " "))
    for th in (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
        got = [ok for p, ok in scored if p >= th]
        tp = sum(got)
        prec = tp / len(got) if got else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"threshold {th:.1f}: spans {len(got)} tp {tp} gold {n_gold} "
              f"P {prec:.3f} R {rec:.3f} F {f:.3f}")


ACTIVE: dict[str, object] = {}  # the installed rule's tagger and threshold (None: the rule adds nothing)


def use(model: Path | None, threshold: float) -> None:
    """Make the installed rule tag with ``model`` (None: off) at ``threshold``."""
    tagger = None
    if model is not None:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
    ACTIVE.update(tagger=tagger, threshold=threshold)


def install(model: Path | None, threshold: float) -> None:
    """Register the tagger as a zh mention rule and make the settling keep its spans only where no other
    mention overlaps them."""
    import kg.pipeline
    from kg.extract.registry import rule
    from kg.records import Mention

    use(model, threshold)
    if "installed" in ACTIVE:
        return
    ACTIVE["installed"] = True
    settle = kg.pipeline.settle_overlaps

    @rule("mentions", lang="zh")
    def zh_crf_mechanisms(ctx):  # type: ignore[no-untyped-def]
        """Mechanism spans the CRF tags."""
        if ACTIVE["tagger"] is None:
            return
        spans = list(tag(ACTIVE["tagger"], ctx.text, ACTIVE["threshold"]))
        if VETO:  # each character's probability of being inside a mechanism, for the veto in settled
            tagger = ACTIVE["tagger"]
            PROBS[ctx.article.id] = [1.0 - tagger.marginal("O", i) for i in range(len(ctx.text))]
        if REPEATED:  # only phrases the tagger finds more than once in the article
            counts: dict[str, int] = {}
            for s, e, _ in spans:
                counts[ctx.text[s:e]] = counts.get(ctx.text[s:e], 0) + 1
            spans = [(s, e, p) for s, e, p in spans if counts[ctx.text[s:e]] > 1]
        for s, e, _ in spans if ADD else ():
            yield Mention(ctx.article.id, "zh", s, e, ctx.text[s:e], "PolicyMechanism", "zh_crf_mechanisms")

    def settled(mentions: list[Mention]) -> list[Mention]:
        if VETO:
            mentions = [m for m in mentions if not (
                m.lang == "zh" and m.rule == "zh_open_mechanisms" and m.article in PROBS
                and max(PROBS[m.article][m.start:m.end], default=1.0) < VETO)]
        kept = settle([m for m in mentions if m.rule != "zh_crf_mechanisms"])
        taken = {i for m in kept for i in range(m.start, m.end)}
        extra = [m for m in mentions
                 if m.rule == "zh_crf_mechanisms" and taken.isdisjoint(range(m.start, m.end))]
        if LOG is not None:
            with LOG.open("a", encoding="utf-8") as fh:
                fh.writelines(f"{m.article}\t{m.text}\n" for m in extra)
        return settle(kept + extra)

    kg.pipeline.settle_overlaps = settled


def measure_names(names: list[str], zh_only: bool, work: Path) -> dict:
    """Build ``names`` (Chinese-only or bilingual) into ``work`` and score them: typed F1, relation F1,
    PolicyMechanism P/R/F."""
    from eval_wider import gold_for

    from kg.build import build
    from kg.evaluate import load_graph, score

    src = work / "src"
    src.mkdir(parents=True)
    for name in names:
        text = (WIDER / "articles" / name).read_text("utf-8")
        (src / name).write_text(chinese_half(text) if zh_only else text, encoding="utf-8")
    gold_for(names, work / "gold.json")
    build([src], work / "out", html=False)
    res = score(load_graph([str(work / "out" / "graph.ttl")]), str(work / "gold.json"))
    pm = res["entities"].get("PolicyMechanism", {"p": 0.0, "r": 0.0, "f": 0.0})
    return {"typed": res["entities"]["typed"]["f"], "rel": res["relations"]["simple"]["f"],
            "pm_p": pm["p"], "pm_r": pm["r"], "pm_f": pm["f"]}


def cross_validate_e2e(args: argparse.Namespace) -> None:
    """Inside fold A: train on one half, build the other (zh-only) with the rule at each threshold."""
    names = sorted(splits()["tune-a"])
    halves = [names[0::2], names[1::2]]
    install(None, 1.0)
    ths = [None, *args.thresholds]
    totals: dict[object, list[dict]] = {th: [] for th in ths}
    with tempfile.TemporaryDirectory() as tmp:
        for k in (0, 1):
            model = Path(tmp) / f"m{k}.crfsuite"
            train(dataset(halves[1 - k]), model, args.c1, args.c2)
            for th in ths:
                use(None if th is None else model, th or 0.0)
                totals[th].append(measure_names(halves[k], True, Path(tmp) / f"b{k}-{th}"))
    for th, rows in totals.items():
        avg = {key: sum(r[key] for r in rows) / len(rows) for key in rows[0]}
        print(f"threshold {th}: " + " ".join(f"{k} {v:.3f}" for k, v in avg.items()), flush=True)


def evaluate(args: argparse.Namespace) -> None:
    from eval_wider import measure

    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "mech.crfsuite"
        train(dataset(splits()["tune-a"]), model, args.c1, args.c2)
        install(model, args.threshold)
        rows = {}
        for split in ("tune-a", "tune-b"):
            for zh in (False, True):
                rows[f"{split}{' zh-only' if zh else ''}"] = measure(split, zh, Path(tmp))
    print(json.dumps(rows, indent=1, sort_keys=True))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("cv", "cv-e2e", "eval"))
    ap.add_argument("--thresholds", type=float, nargs="*", default=[0.5, 0.7, 0.9])
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--show", action="store_true", help="cv: print the tagged spans")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--small", action="store_true", help="a small feature set (no wide n-grams)")
    args = ap.parse_args(argv)
    if args.small:
        global KEEP
        KEEP = {"c0", "c-1", "c1", "c-1c0", "c0c1", "wp", "wpt", "wt", "w", "wt-1", "wt1"}
    {"cv": cross_validate, "cv-e2e": cross_validate_e2e, "eval": evaluate}[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
