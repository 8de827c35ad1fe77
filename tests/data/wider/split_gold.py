"""Write the tune and check halves of a gold file, by the split column of a SOURCES table.

Usage: python split_gold.py GOLD.json SOURCES.tsv [OUT_DIR]
Writes OUT_DIR/<gold stem>-tune.json and -check.json (OUT_DIR defaults to the gold file's folder).
With --articles DIR, also copies each half's article files into DIR/tune and DIR/check, and their
Chinese halves alone (the archive layout: everything after the `Original:` line) into DIR/tune-zh and
DIR/check-zh, for building and scoring each half separately.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path


def read_split(sources: Path) -> dict[str, str]:
    """Map article file name to its split (tune or check)."""
    with sources.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row["split"] for row in csv.DictReader(fh, delimiter="\t")}


def chinese_half(text: str) -> str:
    """The archive-layout text after the `Original:` line of a bilingual article."""
    _, _, tail = text.partition("Original:")
    return tail.lstrip(" \n")


def main(argv: list[str] | None = None) -> int:
    """Split the gold file (and optionally the articles) into tune and check halves."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("sources", type=Path)
    ap.add_argument("out_dir", type=Path, nargs="?")
    ap.add_argument("--articles", type=Path, help="folder to copy the articles of each half into")
    args = ap.parse_args(argv)
    split = read_split(args.sources)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    out_dir = args.out_dir or args.gold.parent
    for half in ("tune", "check"):
        part = dict(gold, articles=[a for a in gold["articles"] if split.get(a["file"]) == half])
        path = out_dir / f"{args.gold.stem}-{half}.json"
        path.write_text(json.dumps(part, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path}: {len(part['articles'])} articles")
        if args.articles:
            source_dir = args.gold.parent / "articles"
            for sub, zh_only in ((half, False), (f"{half}-zh", True)):
                folder = args.articles / sub
                folder.mkdir(parents=True, exist_ok=True)
                for article in part["articles"]:
                    text = (source_dir / article["file"]).read_text(encoding="utf-8")
                    name = Path(article["file"]).with_suffix(".md").name if zh_only else article["file"]
                    (folder / name).write_text(chinese_half(text) if zh_only else text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
