"""Regenerate the figures and sample outputs of README.md and docs/view.md, and docs/view.png, from a
fresh build of seeds/ (and of the annotated development articles in tests/data for the F1 figures).

Each generated part of a Markdown file sits between ``<!-- generated: NAME -->`` and
``<!-- /generated -->``; everything else is left alone. docs/view.png carries, in a PNG text chunk, the
SHA-256 of the graph.html it shows, so a test can tell a stale picture from a current one.
``tests/test_docs.py`` fails when any of it drifts from a fresh build.

Usage::

    python docs/generate.py            # rewrite the generated parts and docs/view.png
    python docs/generate.py --check    # exit 1 and name what is stale; write nothing
    python docs/generate.py --no-png   # the text only (no browser needed)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import struct
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DOCS = {"README.md": ROOT / "README.md", "docs/view.md": ROOT / "docs" / "view.md"}
PNG = ROOT / "docs" / "view.png"
PNG_KEY = b"kg-page-sha256"
MARK_RE = re.compile(r"(<!-- generated: (\S+) -->\n)(.*?)(<!-- /generated -->)", re.DOTALL)
TIME_RE = re.compile(r" in \d+\.\ds ")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


def build_seeds(out: Path):
    """Build seeds/ into ``out`` (as ``kg build seeds/`` does); the BuildReport."""
    from kg.build import build

    return build([ROOT / "seeds"], out, cache_dir=None)


def dev_scores(work: Path) -> dict:
    """kg evaluate's scores of a build of the annotated development articles."""
    from kg.build import build
    from kg.evaluate import load_graph, score

    gold = DATA / "gold" / "dev.json"
    src = work / "dev"
    src.mkdir(exist_ok=True)
    for article in json.loads(gold.read_text(encoding="utf-8"))["articles"]:
        shutil.copy(DATA / "dev-bilingual" / article["file"], src)
    build([src], work / "dev-out", html=False, cache_dir=None)
    return score(load_graph([str(work / "dev-out" / "graph.ttl")]), str(gold))


def blocks(out: Path, report, dev: dict) -> dict[str, str]:
    """Each generated part's text, from the seed build in ``out`` (its ``report``) and the dev scores."""
    from typer.testing import CliRunner

    from kg import query as kq
    from kg.cli import app
    from kg.evaluate import load_graph, score

    graph = out / "graph.ttl"
    shown = "exports/graph.ttl"
    wrote = [f"wrote exports/{p.name}" for p in report.outputs]
    build_lines = ["$ kg build seeds/", report.summary(), *wrote]
    result = kq.run_query(kq.open_store(graphs=[graph]), kq.prepare("officials"))
    columns, rows = kq.to_rows(result, source="officials")
    table = kq.to_table(columns, rows, width=100)
    seeds = score(load_graph([str(graph)]), str(DATA / "gold" / "seeds.json"))
    recall_all = seeds["relations"]["recall_all"]
    figures = (
        f"On the seed articles: typed entity F1 {seeds['entities']['typed']['f']:.2f}, relation F1 "
        f"{seeds['relations']['simple']['f']:.2f}, all-relation recall {recall_all:.2f}; "
        f"on the eight annotated development articles (other months and years): typed entity F1 "
        f"{dev['entities']['typed']['f']:.2f}, relation F1 {dev['relations']['simple']['f']:.2f}."
    )
    runner = CliRunner()
    stats = runner.invoke(app, ["stats", str(graph), "--top", "3"], env={"COLUMNS": "200"}).stdout
    miss = runner.invoke(app, ["view", str(graph), "--focus", "Taiyun"], env={"COLUMNS": "200"}).stderr
    return {
        "build": fence("\n".join(build_lines)),
        "query": fence(f"$ kg query officials\n{table}"),
        "figures": figures,
        "stats": fence(f"$ kg stats {shown} --top 3\n{stats.replace(str(graph), shown).rstrip()}"),
        "view-error": fence(f"$ kg view {shown} --focus Taiyun\n{miss.replace(str(graph), shown).rstrip()}"),
    }


def fence(text: str) -> str:
    return f"```\n{text}\n```"


def render(text: str, parts: dict[str, str]) -> str:
    """``text`` with every generated part replaced by its new text (an unknown name is an error)."""
    def one(m: re.Match[str]) -> str:
        if m.group(2) not in parts:
            raise KeyError(f"no generator for the part {m.group(2)!r}")
        return f"{m.group(1)}{parts[m.group(2)]}\n{m.group(4)}"
    return MARK_RE.sub(one, text)


def comparable(text: str) -> str:
    """The text with the build time masked: the one figure that differs from run to run."""
    return TIME_RE.sub(" in …s ", text)


def page_hash(html: Path) -> str:
    return hashlib.sha256(html.read_bytes()).hexdigest()


def png_page_hash(png: Path) -> str | None:
    """The page hash stored in ``png``'s kg text chunk, or None."""
    data = png.read_bytes() if png.is_file() else b""
    at = 8
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + size]
        if kind == b"tEXt" and body.startswith(PNG_KEY + b"\0"):
            return body[len(PNG_KEY) + 1:].decode("ascii")
        at += 12 + size
    return None


def with_text_chunk(png: bytes, key: bytes, value: str) -> bytes:
    """``png`` with a tEXt chunk ``key``=``value`` right after its IHDR chunk."""
    body = key + b"\0" + value.encode("ascii")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    ihdr_end = 8 + 12 + struct.unpack(">I", png[8:12])[0]
    return png[:ihdr_end] + chunk + png[ihdr_end:]


def screenshot(html: Path, png: Path, chromium: str = "/usr/bin/chromium") -> None:
    """The page as a reader first sees it (1280 x 800), its hash in a text chunk."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(html.as_uri())
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
        page.wait_for_timeout(300)
        shot = page.screenshot()
        browser.close()
    png.write_bytes(with_text_chunk(shot, PNG_KEY, page_hash(html)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report stale parts, write nothing")
    parser.add_argument("--no-png", action="store_true", help="leave docs/view.png alone")
    args = parser.parse_args(argv)
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = build_seeds(work / "exports")
        parts = blocks(work / "exports", report, dev_scores(work))
        for name, path in DOCS.items():
            old = path.read_text(encoding="utf-8")
            new = render(old, parts)
            if comparable(new) != comparable(old):
                stale.append(name)
                if not args.check:
                    path.write_text(new, encoding="utf-8")
        if not args.no_png and png_page_hash(PNG) != page_hash(work / "exports" / "graph.html"):
            stale.append("docs/view.png")
            if not args.check:
                screenshot(work / "exports" / "graph.html", PNG)
    verb = "stale" if args.check else "rewritten"
    print(f"{verb}: {', '.join(stale)}" if stale else "docs are current")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
