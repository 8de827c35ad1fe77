"""Memory of a build with one run-away article: a one-line English article of ``--chars`` characters (words
of the seed articles, no sentence end: the worst case of issue 17) beside the seed articles.

    python bench/bench_memory.py [--chars 999000] [--workers 1] [--zh]

Prints the build's exit code, its stderr, its wall time, the peak resident memory of the process tree
(the sum over the build and its children, sampled every 0.2 s with psutil: shared copy-on-write pages are
counted once per process, so this over-counts) and of its largest process, whether the seed articles are
in the graph, and the size of the exports.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def runaway(chars: int, zh: bool) -> str:
    """One article file whose body is a single line of ``chars`` characters with no sentence end."""
    if zh:
        seeds = "".join(p.read_text("utf-8") for p in (ROOT / "seeds").glob("*.txt"))
        words = re.findall(r"[\u4e00-\u9fff]+", seeds)
        body = ("，".join(words) * (chars // 1000 + 2))[:chars]
        return f"### 长文\n\n1989-01-01\n第1版()\n\n    {body}\n"
    words = re.findall(r"[A-Za-z]+", "".join(p.read_text("utf-8") for p in (ROOT / "seeds").glob("*.txt")))
    text = " ".join(words)
    body = (text + " ") * (chars // len(text) + 1)
    return f"Title: Run-on\nDate: 1989-01-01\n\n{body[:chars].strip()}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=999_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--zh", action="store_true", help="a Chinese run-away article (3 bytes a character)")
    parser.add_argument("--max-size", default="1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-memory-") as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            (inputs / seed.name).write_bytes(seed.read_bytes())
        big = inputs / "zz-runaway.txt"
        big.write_text(runaway(args.chars, args.zh), encoding="utf-8")
        out = Path(tmp) / "out"
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(inputs), "--out", str(out), "--no-cache", "--no-html",
             "--workers", str(args.workers), "--max-size", args.max_size, "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        root = psutil.Process(process.pid)
        peak_tree = peak_one = 0
        while process.poll() is None:
            try:
                procs = [root, *root.children(recursive=True)]
                rss = [p.memory_info().rss for p in procs]
            except psutil.Error:
                rss = []
            peak_tree, peak_one = max(peak_tree, sum(rss)), max(peak_one, max(rss, default=0))
            time.sleep(0.2)
        seconds = time.monotonic() - started
        _, err = process.communicate()
        graph = out / "graph.ttl"
        text = graph.read_text("utf-8") if graph.is_file() else ""
        seeds = sum(f"article:{p.stem} " in text for p in (ROOT / "seeds").glob("*.txt"))
        sizes = sum(p.stat().st_size for p in out.glob("graph.*")) if out.is_dir() else 0
        print(f"file {big.stat().st_size:,} bytes, {args.chars:,} characters, --workers {args.workers}")
        print(f"exit {process.returncode} in {seconds:.0f} s; stderr: {err.strip()!r}")
        print(f"peak RSS: process tree {peak_tree / 1e9:.2f} GB, largest process {peak_one / 1e9:.2f} GB")
        print(f"seed articles in the graph: {seeds}; exports {sizes / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
