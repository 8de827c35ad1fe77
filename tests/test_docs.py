"""The README's and docs/view.md's sample outputs and figures, and docs/view.png, are what a fresh build
gives now: docs/generate.py makes them, this test fails when they drift (run the script to fix)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .conftest import ROOT

FIX = "stale: run 'python docs/generate.py' and commit what it rewrites"


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "docs" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_generated_docs_match_a_fresh_build(seed_build_report, tmp_path: Path) -> None:
    """Every generated part of README.md and docs/view.md equals what the generator makes from this
    build (build time masked), and each part the generator knows appears in some document."""
    gen = _generator()
    out, report = seed_build_report
    parts = gen.blocks(out, report, gen.dev_scores(tmp_path))

    seen = set()
    for name, path in gen.DOCS.items():
        text = path.read_text(encoding="utf-8")
        seen |= {m.group(2) for m in gen.MARK_RE.finditer(text)}
        assert gen.comparable(gen.render(text, parts)) == gen.comparable(text), f"{name} {FIX}"
    assert seen == set(parts)
    assert "78 entities" in parts["build"] and "78 entities" in parts["stats"]  # one count everywhere


def test_view_png_shows_the_current_page(seed_build: Path) -> None:
    """docs/view.png carries the hash of the graph.html it shows: the seed build's page of today."""
    gen = _generator()

    assert gen.png_page_hash(gen.PNG) == gen.page_hash(seed_build / "graph.html"), f"docs/view.png {FIX}"


def test_generated_part_markers_and_png_chunk_round_trip(tmp_path: Path) -> None:
    """render() replaces only the marked parts; the PNG text chunk is read back as written."""
    gen = _generator()
    text = "keep\n<!-- generated: a -->\nold\n<!-- /generated -->\nkeep too\n"
    png = gen.PNG.read_bytes()

    assert gen.render(text, {"a": "new"}) == text.replace("old", "new")
    with pytest.raises(KeyError):
        gen.render(text, {})
    (tmp_path / "x.png").write_bytes(gen.with_text_chunk(png[:33] + png[-12:], b"kg-page-sha256", "ab12"))
    assert gen.png_page_hash(tmp_path / "x.png") == "ab12"
