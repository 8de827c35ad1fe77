"""Incremental, parallel and Dask builds write exactly the exports of a plain build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build

from .conftest import DATA, ROOT

EXPORTS = ("graph.ttl", "graph.html")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The test corpus plus the seeds: enough articles for several chunks of work."""
    src = tmp_path / "in"
    shutil.copytree(DATA / "corpus", src)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(path, src)
    return src


def same_exports(a: Path, b: Path) -> None:
    for name in EXPORTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_rebuild_after_editing_one_article_extracts_only_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([corpus], out, cache_dir=out / ".kg-cache")
    edited = corpus / "1958-05-03_wuhan.txt"
    edited.write_text(edited.read_text("utf-8").replace("more than forty", "more than fifty"), "utf-8")

    second = build([corpus], out, cache_dir=out / ".kg-cache")
    plain = build([corpus], tmp_path / "plain")

    assert first.extracted == first.articles and first.cached == 0
    assert (second.extracted, second.cached) == (1, second.articles - 1)
    same_exports(out, tmp_path / "plain")
    assert plain.articles == second.articles


def test_a_damaged_cache_entry_is_a_miss(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out, cache_dir=out / ".kg-cache")
    entries = sorted((out / ".kg-cache").rglob("*.pickle"))
    entries[0].write_bytes(b"truncated")

    again = build([corpus], out, cache_dir=out / ".kg-cache")

    assert again.extracted == 1
    build([corpus], tmp_path / "plain")
    same_exports(out, tmp_path / "plain")


def test_two_workers_write_the_same_exports(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "one")
    report = build([corpus], tmp_path / "two", workers=2)

    assert report.extracted == report.articles
    same_exports(tmp_path / "one", tmp_path / "two")


def test_dask_engine_writes_the_same_exports(corpus: Path, tmp_path: Path) -> None:
    """A Dask LocalCluster with two worker processes."""
    pytest.importorskip("dask.distributed", reason="Dask is part of the test extras")
    build([corpus], tmp_path / "local")
    build([corpus], tmp_path / "dask", engine="dask", workers=2)

    same_exports(tmp_path / "local", tmp_path / "dask")
