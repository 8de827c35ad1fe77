"""Ctrl-C at random moments: `kg build --workers 2` gets SIGINT on its whole process group, as a terminal
sends it, at a random moment of its run (start-up, reading, extraction in the workers, export writing),
until ``--runs`` runs were interrupted.

    python bench/bench_interrupt.py [--runs 50] [--articles 24] [--seed 1]

Each run must end within 30 s of the signal (no hang), with exit code 130 and exactly one line on stderr
(`error: interrupted...`), no traceback. A run that finished before its signal arrived is counted apart.
The corpus is the seed articles copied under new names until there are ``--articles`` of them, so that
extraction runs in the worker pool (more than one chunk of 8).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HANG = 30.0  # seconds after the signal that count as a hang


def corpus(folder: Path, n: int) -> Path:
    """``n`` article files made from the seed articles."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        shutil.copy(seeds[i % len(seeds)], folder / f"a{i:03d}.txt")
    return folder


def command(inputs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "kg", "build", str(inputs), "--out", str(out), "--workers", "2",
            "--no-cache", "--no-html", "--quiet"]


def one_run(inputs: Path, out: Path, delay: float) -> tuple[str, float, int | None, str]:
    """(verdict, seconds from signal to exit, exit code, stderr) of one build interrupted after ``delay``."""
    process = subprocess.Popen(command(inputs, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    time.sleep(delay)
    if process.poll() is not None:
        return "finished first", 0.0, process.returncode, process.stderr.read()
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
        return "HANG", HANG, None, err
    took = time.monotonic() - sent
    lines = err.strip().splitlines()
    ok = process.returncode == 130 and len(lines) == 1 and lines[0].startswith("error: interrupted")
    ok = ok and "Traceback" not in err
    return ("ok" if ok else "BAD"), took, process.returncode, err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kg-interrupt-") as tmp:
        inputs = corpus(Path(tmp) / "in", args.articles)
        out = Path(tmp) / "out"
        started = time.monotonic()
        full = subprocess.run(command(inputs, out), capture_output=True, text=True)
        length = time.monotonic() - started
        print(f"uninterrupted build: {length:.1f} s, exit {full.returncode}")
        verdicts: Counter[str] = Counter()
        worst = 0.0
        run = 0
        while verdicts["ok"] + verdicts["BAD"] + verdicts["HANG"] < args.runs and run < 3 * args.runs:
            delay = rng.uniform(0.05, 0.8 * length)
            verdict, took, code, err = one_run(inputs, out, delay)
            run += 1
            if verdict == "finished first":  # the machine got faster: aim earlier from now on
                length = min(length, delay)
            verdicts[verdict] += 1
            worst = max(worst, took)
            shown = err.strip().replace("\n", " | ")[:160]
            print(f"run {run:2}: SIGINT at {delay:5.1f} s -> {verdict}, exit {code}, {took:.2f} s: "
                  f"{shown}", flush=True)
        print(f"{run} runs: " + ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
              + f"; slowest exit after the signal {worst:.2f} s")
        sys.exit(1 if verdicts["HANG"] or verdicts["BAD"] else 0)


if __name__ == "__main__":
    main()
