"""CPU time of what ``kg build`` does after extraction (graph stage, careers, graph:index, the exports).

    python bench/bench_after_extraction.py ARTICLES_DIR [--other PATH] [--pairs 3]

Each build is ``kg build ARTICLES_DIR --workers 1 --no-cache`` in a fresh process whose CPU clock is read
when extraction returns and when the build ends. Extraction dominates a build and moves by seconds between
runs on a shared machine, so the part after it is what shows a change to the graph stage or the exports.
With ``--other`` (a folder holding another copy of the ``kg`` package, e.g. ``mkdir /tmp/main && git
archive main | tar -x -C /tmp/main``), builds of that code and of this tree alternate, ``--pairs`` times.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(args: list[str]) -> None:
    """Run ``kg build`` in this process and print its CPU seconds before, during and after extraction."""
    import kg.build
    from kg.entry import main as kg_main

    marks: dict[str, float] = {}
    extract_all = kg.build.extract_all

    def timed(*a, **k):  # noqa: ANN002, ANN003, ANN202
        marks["start"] = time.process_time()
        found = extract_all(*a, **k)
        marks["end"] = time.process_time()
        return found

    kg.build.extract_all = timed
    sys.argv = ["kg", "build", *args]
    try:
        kg_main()
    finally:
        end = time.process_time()
        if "end" in marks:  # else the build failed before extraction ended: its own error says why
            print(json.dumps({"before": marks["start"], "extraction": marks["end"] - marks["start"],
                              "after": end - marks["end"], "total": end}), file=sys.stderr)


def build(src: Path, out: Path, code: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    found = subprocess.run([sys.executable, __file__, "--child", str(src), "--out", str(out), "--no-cache",
                            "--workers", "1", "-q"], env=env, capture_output=True, text=True, check=True)
    return json.loads(found.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path)
    parser.add_argument("--other", type=Path, help="a folder holding another copy of the kg package")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # internal
    args, rest = parser.parse_known_args()
    if args.child:
        child([str(args.articles), *rest])
        return
    codes = {"other": args.other, "this tree": ROOT} if args.other else {"this tree": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.pairs):
            for name, code in codes.items():
                load = os.getloadavg()[0]
                t = build(args.articles, Path(tmp) / name.replace(" ", "-"), code)
                print(f"{n + 1} {name:9}  after extraction {t['after']:6.2f} s  extraction "
                      f"{t['extraction']:6.2f} s  whole build {t['total']:6.2f} s  (CPU; load average "
                      f"{load:.1f})", flush=True)


if __name__ == "__main__":
    main()
