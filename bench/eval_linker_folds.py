"""The learned linker on the year folds of the wider TUNE half, scored by the project's scorer on real builds.

For each fold (tune articles of even years, of odd years) a model trained on the OTHER fold plus seeds and
dev (bench/train_linker.py --years) is used; each fold is built bilingual and Chinese-only with the linker
off and on. The check half is never read.

    python bench/eval_linker_folds.py --samples /tmp/samples.pkl
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

from eval_wider import WIDER, gold_for
from train_linker import main as train_main

from kg.build import build
from kg.corpus import chinese_half
from kg.evaluate import load_graph, score


def fold_names(parity: str) -> list[str]:
    """The tune articles of even or odd years."""
    names = []
    for tsv in sorted(WIDER.glob("SOURCES-*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as fh:
            names += [r["file"] for r in csv.DictReader(fh, delimiter="\t")
                      if r["split"] == "tune" and (int(r["year"]) % 2 == 0) == (parity == "even")]
    return sorted(names)


def measure(names: list[str], zh: bool, work: Path, tag: str) -> tuple[float, float, float, float]:
    """(relation P, R, F1, typed entity F1) of a build of ``names``."""
    src = work / f"src-{tag}"
    src.mkdir()
    for name in names:
        text = (WIDER / "articles" / name).read_text("utf-8")
        (src / name).write_text(chinese_half(text) if zh else text, encoding="utf-8")
    gold = work / f"gold-{tag}.json"
    gold_for(names, gold)
    build([src], work / f"out-{tag}", html=False)
    res = score(load_graph([str(work / f"out-{tag}" / "graph.ttl")]), str(gold))
    rel = res["relations"]["simple"]
    return rel["p"], rel["r"], rel["f"], res["entities"]["typed"]["f"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=Path, help="train_linker.py's sample cache")
    ap.add_argument("--threshold", default="0.5")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for test, other in (("odd", "even"), ("even", "odd")):
            model = work / f"linker-{other}.json"
            extra = ["--samples", str(args.samples)] if args.samples else []
            train_main(["--years", other, "--out", str(model), "--threshold", args.threshold, *extra])
            names = fold_names(test)
            for zh in (False, True):
                row = []
                for setting in ("off", str(model)):
                    os.environ["KG_LINKER"] = setting
                    tag = f"{test}-{'zh' if zh else 'bi'}-{'on' if setting != 'off' else 'off'}"
                    row.append(measure(names, zh, work, tag))
                (p0, r0, f0, e0), (p1, r1, f1, e1) = row
                print(f"{test} years ({len(names)}) {'zh-only' if zh else 'bilingual'}: relation P/R/F1 "
                      f"off {p0:.3f}/{r0:.3f}/{f0:.3f} -> on {p1:.3f}/{r1:.3f}/{f1:.3f}; typed entity F1 "
                      f"{e0:.3f} -> {e1:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
