"""Score kg on the wider development set: tuning and checking halves, bilingual and Chinese-only.

The wider set is tests/data/wider/: People's Daily articles from nineteen years (1946–1989) annotated in the
gold schema before any rule was written for them, split per year into a tuning half and a checking half
(the ``split`` column of the SOURCES-*.tsv files). Rules may be tuned on the ``tune`` half only; the
``check`` half is only measured. Chinese-only builds take the part of each file after ``Original:``.

    python bench/eval_wider.py                 # table of the four builds
    python bench/eval_wider.py --json          # the same figures as JSON
    python bench/eval_wider.py --split check   # one half only
    python bench/eval_wider.py --split tune-a --split tune-b   # the tune half's two folds
    python bench/eval_wider.py --parts d,e --split all   # parts annotated later, both halves as one set

Each annotation part X is a SOURCES-X.tsv with its gold-X.json. A part annotated after the rules were
last tuned is unseen as a whole until someone tunes on its ``tune`` rows: ``--split all`` scores it so.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

from kg.build import build
from kg.corpus import chinese_half
from kg.evaluate import load_graph, score

WIDER = Path(__file__).resolve().parents[1] / "tests" / "data" / "wider"
CLASSES = ("PolicyMechanism", "Product", "Region")


def part_files(wider: Path, prefix: str, suffix: str, parts: str | None) -> list[Path]:
    """``wider``/PREFIX-X.SUFFIX for every part letter X (all parts, or those in ``parts``)."""
    files = sorted(wider.glob(f"{prefix}-*.{suffix}"))
    return [f for f in files if parts is None or f.stem.removeprefix(f"{prefix}-") in parts.split(",")]


def splits(wider: Path = WIDER, parts: str | None = None) -> dict[str, list[str]]:
    """File names per split, from every SOURCES-*.tsv (or the ``parts`` named, e.g. "a,b").

    Besides ``tune`` and ``check``: ``tune-a`` and ``tune-b``, the tune half cut in two within each year
    (files in name order, alternately), so that a rule read on one fold is measured on the other fold of
    the same years."""
    out: dict[str, list[str]] = {}
    tune_by_year: dict[str, set[str]] = {}
    for tsv in part_files(wider, "SOURCES", "tsv", parts):
        with tsv.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                out.setdefault(row["split"], []).append(row["file"])
                if row["split"] == "tune":
                    tune_by_year.setdefault(row["year"], set()).add(row["file"])
    for _, names in sorted(tune_by_year.items()):
        for i, name in enumerate(sorted(names)):
            out.setdefault(("tune-a", "tune-b")[i % 2], []).append(name)
    return {k: sorted(set(v)) for k, v in out.items()}


def gold_for(names: list[str], path: Path, wider: Path = WIDER) -> None:
    """Write the gold of ``names`` (from every gold-*.json) to ``path``."""
    merged: dict | None = None
    for gold_file in part_files(wider, "gold", "json", None):
        gold = json.loads(gold_file.read_text("utf-8"))
        kept = [a for a in gold["articles"] if a["file"] in names]
        if merged is None:
            merged = dict(gold, articles=kept)
        else:
            merged["articles"].extend(kept)
    path.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")


def measure(
    split: str, chinese_only: bool, work: Path, wider: Path = WIDER, parts: str | None = None
) -> dict:
    """Build one half (bilingual or Chinese-only) of the ``parts`` named (default all) and score it."""
    halves = splits(wider, parts)
    both = halves.get("tune", []) + halves.get("check", [])
    names = halves.get(split, []) if split != "all" else sorted(both)
    src = work / f"{split}{'-zh' if chinese_only else ''}"
    src.mkdir(parents=True)
    for name in names:
        text = (wider / "articles" / name).read_text("utf-8")
        (src / name).write_text(chinese_half(text) if chinese_only else text, encoding="utf-8")
    gold = work / f"gold-{split}.json"
    if not gold.exists():
        gold_for(names, gold, wider)
    build([src], work / f"out-{src.name}", html=False)
    res = score(load_graph([str(work / f"out-{src.name}" / "graph.ttl")]), str(gold))
    row = {
        "articles": len(names),
        "entity_typed_f1": res["entities"]["typed"]["f"],
        "relation_f1": res["relations"]["simple"]["f"],
        "relation_recall_all": res["relations"]["recall_all"],
    }
    for cls in CLASSES:
        got = res["entities"].get(cls, {"p": 0.0, "r": 0.0, "f": 0.0})
        row[f"{cls}_r"] = got["r"]
        row[f"{cls}_f1"] = got["f"]
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("tune", "check", "all", "tune-a", "tune-b"), action="append",
                    help="tune, check, all (both halves as one set), or tune-a / tune-b (the tune half's two "
                         "folds, cut within each year); default: tune and check")
    ap.add_argument("--parts", metavar="LETTERS",
                    help="only these annotation parts, e.g. 'a,b' (SOURCES-a.tsv …); default: all")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for split in args.split or ("tune", "check"):
            for zh in (False, True):
                rows[f"{split}{' zh-only' if zh else ''}"] = measure(split, zh, Path(tmp), parts=args.parts)
    if args.json:
        print(json.dumps(rows, indent=1, sort_keys=True))
        return 0
    cols = ["articles", "entity_typed_f1", "relation_f1", "PolicyMechanism_r", "Product_f1", "Region_f1"]
    print(f"{'build':14}" + "".join(f"{c:>18}" for c in cols))
    for name, row in rows.items():
        cells = (f"{row[c]:>18}" if c == "articles" else f"{row[c]:>18.3f}" for c in cols)
        print(f"{name:14}" + "".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
