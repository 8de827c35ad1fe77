"""Lay out the wider articles for scoring: one folder and one gold file per split, bilingual and Chinese-only.

Usage: python split_gold.py GOLD.json SOURCES.tsv OUTDIR

Writes OUTDIR/<split>/ (the article files), OUTDIR/<split>-zh/ (the Chinese half of each file, everything
after the ``Original:`` line, i.e. the archive layout) and OUTDIR/gold-<split>.json (the articles of that
split), for every split named in the SOURCES.tsv ``split`` column.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from kg.corpus import chinese_half


def main(argv: list[str]) -> int:
    """Write the per-split folders and gold files; 0 on success."""
    gold_path, sources_path, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with sources_path.open(encoding="utf-8", newline="") as fh:
        split_of = {row["file"]: row["split"] for row in csv.DictReader(fh, delimiter="\t")}
    articles = gold_path.parent / "articles"
    for split in sorted(set(split_of.values())):
        names = sorted(name for name, s in split_of.items() if s == split)
        for sub, transform in ((split, lambda t: t), (f"{split}-zh", chinese_half)):
            folder = out / sub
            folder.mkdir(parents=True, exist_ok=True)
            for name in names:
                text = (articles / name).read_text(encoding="utf-8")
                (folder / name).write_text(transform(text), encoding="utf-8")
        part = dict(gold, articles=[a for a in gold["articles"] if a["file"] in names])
        text = json.dumps(part, ensure_ascii=False, indent=1) + "\n"
        (out / f"gold-{split}.json").write_text(text, encoding="utf-8")
        print(f"{split}: {len(names)} articles, {len(part['articles'])} annotated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
