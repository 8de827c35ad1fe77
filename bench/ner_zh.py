"""Benchmark: Chinese NER of ``kg.zh_ner`` against a jieba POS baseline on pd98-dev, in one run.

Both systems tag every line of ``../shared/data/pd98-dev.jsonl`` (PKU ICL / Fujitsu annotated People's
Daily corpus, January 1998, 17–20 Jan); their predictions are written as JSON Lines to a temp dir and
scored with ``../shared/tools/score_ner.py`` (exact spans). Baseline: ``jieba.posseg`` with
nr -> PER, ns -> LOC, nt -> ORG. Throughput is characters per second of tagging on one core, after a
warm-up call that loads the model / dictionary (load time is printed separately).

    python bench/ner_zh.py [--dev PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score_ner.py"
JIEBA_MAP = {"nr": "PER", "ns": "LOC", "nt": "ORG"}

Spans = list[tuple[int, int, str]]


def jieba_recognize(texts: list[str]) -> list[Spans]:
    """The baseline: jieba.posseg words tagged nr/ns/nt, offsets recovered by walking the text."""
    import jieba.posseg as pseg

    out: list[Spans] = []
    for text in texts:
        spans: Spans = []
        pos = 0
        for pair in pseg.cut(text):
            word, flag = pair.word, pair.flag
            start = text.find(word, pos)
            if start < 0:  # jieba never rewrites text, but stay safe
                continue
            end = start + len(word)
            pos = end
            if flag in JIEBA_MAP:
                spans.append((start, end, JIEBA_MAP[flag]))
        out.append(spans)
    return out


def kg_recognize(texts: list[str]) -> list[Spans]:
    from kg.zh_ner import recognize

    return recognize(texts)


def run(name: str, fn: Callable[[list[str]], list[Spans]], rows: list[dict], tmp: Path) -> dict:
    texts = [r["text"] for r in rows]
    t0 = time.perf_counter()
    fn(["国务院总理李鹏昨天在北京会见了日本客人。"])  # warm-up: load model / dictionary
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    pred = fn(texts)
    dt = time.perf_counter() - t1
    path = tmp / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for row, spans in zip(rows, pred, strict=True):
            ents = [[s, e, lab] for s, e, lab in spans]
            fh.write(json.dumps({"id": row["id"], "text": row["text"], "entities": ents}, ensure_ascii=False))
            fh.write("\n")
    gold = tmp / "gold.jsonl"
    res = subprocess.run([sys.executable, str(SCORER), str(gold), str(path)], capture_output=True, text=True,
                         check=True)
    m = re.search(r"micro_f1=([0-9.]+)", res.stdout)
    chars = sum(len(t) for t in texts)
    return {"name": name, "report": res.stdout.rstrip(), "f1": float(m.group(1)) if m else float("nan"),
            "cps": chars / dt, "secs": dt, "load": load}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=SHARED / "data" / "pd98-dev.jsonl")
    ap.add_argument("--limit", type=int, help="only the first N lines")
    args = ap.parse_args(argv)
    if not args.dev.is_file() or not SCORER.is_file():
        print(f"needs {args.dev} and {SCORER}", file=sys.stderr)
        return 2
    rows = []
    with args.dev.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if args.limit and len(rows) >= args.limit:
                break
    chars = sum(len(r["text"]) for r in rows)
    print(f"pd98-dev: {len(rows)} lines, {chars:,} chars (PKU ICL / Fujitsu annotated People's Daily corpus, "
          f"January 1998)\n")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        with (tmp / "gold.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        results = [run("kg.zh_ner", kg_recognize, rows, tmp), run("jieba-posseg", jieba_recognize, rows, tmp)]
    for r in results:
        print(f"== {r['name']}\n{r['report']}\n")
    print(f"{'system':14} {'micro F1':>8} {'chars/s':>10} {'tag s':>7} {'load s':>7}")
    for r in results:
        print(f"{r['name']:14} {r['f1']:8.3f} {r['cps']:10,.0f} {r['secs']:7.1f} {r['load']:7.2f}")
    print("(chars/s: tagging on one core after warm-up; load s: the warm-up call. jieba's dictionary is"
          " shared, so it is loaded by kg.zh_ner, which runs first.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
