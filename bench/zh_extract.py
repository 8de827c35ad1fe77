"""Throughput of Chinese extraction (kg.pipeline.extract_doc, lang "zh") against its own tokenizer.

Groups ``../shared/data/pd98-dev.jsonl`` (PKU ICL / Fujitsu annotated People's Daily corpus, January 1998)
into articles, then in one run measures, after a warm-up that loads the dictionaries:

- baseline: jieba part-of-speech tagging of the same bodies (kg.zhdoc.tokenize), which extraction needs;
- extraction: mentions, resolution and relations (zh rules), entity and relation counts, errors.

It prints characters per second for both and their ratio (how much the rules cost on top of tagging).

    /work/venv/bin/python bench/zh_extract.py [--limit 300]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from kg.pipeline import extract_doc
from kg.records import Article
from kg.zhdoc import make_doc, tokenize

ROOT = Path(__file__).resolve().parents[1]


def articles(path: Path, limit: int) -> list[Article]:
    """pd98 lines grouped into articles by the first three parts of their id (date-page-article)."""
    bodies: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        bodies.setdefault("-".join(row["id"].split("-")[:3]), []).append(row["text"])
    return [
        Article(id=key, source=key, sha256="0", body_zh="\n".join(texts), date="1998-01-17")
        for key, texts in list(bodies.items())[:limit]
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "pd98-dev.jsonl")
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args(argv)
    docs = articles(args.data, args.limit)
    chars = sum(len(a.body_zh) for a in docs)
    started = time.perf_counter()
    extract_doc(docs[0], make_doc(docs[0].body_zh), "zh")  # warm-up: dictionaries, gazetteer, lexicons
    print(f"warm-up (dictionaries and lexicons): {time.perf_counter() - started:.2f}s")

    started = time.perf_counter()
    for a in docs:
        tokenize(a.body_zh)
    base = time.perf_counter() - started

    entities: Counter[str] = Counter()
    relations: Counter[str] = Counter()
    errors = 0
    started = time.perf_counter()
    for a in docs:
        try:
            result = extract_doc(a, make_doc(a.body_zh), "zh")
        except Exception as err:  # a bench reports failures, it does not stop at the first
            errors += 1
            print(f"error in {a.id}: {err!r}")
            continue
        entities.update(e.type for e in result.entities)
        relations.update(r.predicate for r in result.relations)
    full = time.perf_counter() - started
    print(f"{len(docs)} articles, {chars} characters")
    print(f"baseline jieba tagging: {chars / base:,.0f} chars/s")
    print(f"zh extraction:          {chars / full:,.0f} chars/s  ({full / base:.2f}x the tagging time)")
    print(f"errors: {errors}")
    print("entities:", ", ".join(f"{k} {v}" for k, v in sorted(entities.items())))
    print("relations:", ", ".join(f"{k} {v}" for k, v in sorted(relations.items())))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
