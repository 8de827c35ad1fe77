"""No named query grows faster than the data: the same query on n and 4n articles, in one run.

The data grows as a corpus does: the seed articles copied under new article IRIs (their statements,
spans, mentions too) while the entities stay the same, so each fact is reported by 4 times more articles.
A query that joins a fact with its reports (the kg:Statement nodes) once per graph holding the fact takes
k^2 work for k reports (16x here; the queries before this test took 56-338x); a linear one 4x. The bound
is generous (12x, the fastest of a few runs, from 10 ms up) so that a loaded machine does not fail it;
the queries in LINEAR, which read graph:index in basic graph patterns, are held to 6x from 1 ms up (each
timing a batch of runs of at least 20 ms, so that a 2 ms query is measured, not the clock's noise).
bench/bench_query.py gives the real figures at 1 M and 10 M.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import named_queries, prepare, run_query, to_rows

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {
    "career": {"person": "Sun Ying"},
    "entity": {"entity": "Taiyuan"},
    "evidence": {"subject": "Taiyuan Municipal Government"},
}
# Queries whose time is linear in the rows they return: at most 6x here (4x the reports).
LINEAR = {"entity": 6, "evidence": 6, "overview": 6}
# The IRIs that belong to one report: copied per article. Entities, posts, the scheme stay shared.
PER_ARTICLE = re.compile(r"<(https://w3id\.org/rmrb-kg/id/(?:article|fact|span|selector|mention|observation)/[^>]*)>")


def reported(copies: int) -> ox.Store:
    """The seed exports with every article reported ``copies`` times (new article IRIs, same entities)."""
    lines = (ROOT / "exports" / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(PER_ARTICLE.sub(lambda m, i=i: f"<{m[1]}-r{i}>", line)
                   for i in range(copies) for line in lines)
    store = ox.Store()
    store.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def stores() -> tuple[ox.Store, ox.Store]:
    return reported(3), reported(12)


def fastest(store: ox.Store, name: str, runs: int = 3, batch: float = 0.0) -> tuple[float, int]:
    """(the fastest of ``runs`` timings in CPU seconds per run, rows). CPU time (user + system of this
    process), not wall time: on a shared machine a query waiting for a core would look slower than it is.
    A timing repeats the query until ``batch`` seconds have passed and divides by the repeats."""
    query = prepare(name, PARAMS.get(name))
    best, rows = float("inf"), 0
    for _ in range(runs):
        started, repeats = time.process_time(), 0
        while not repeats or time.process_time() - started < batch:
            rows = len(to_rows(run_query(store, query))[1])
            repeats += 1
        best = min(best, (time.process_time() - started) / repeats)
    return best, rows


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_query_time_grows_with_the_data_not_faster(stores: tuple[ox.Store, ox.Store], name: str) -> None:
    """4 times the reports of the same facts: at most 12 times the time (a k^2 join gives 16); a query in
    LINEAR at most 6 times."""
    small, large = stores
    bound, floor, batch = (LINEAR[name], 0.001, 0.020) if name in LINEAR else (12, 0.010, 0.0)
    t_small, rows_small = fastest(small, name, batch=batch)
    t_large, rows_large = fastest(large, name, batch=batch)

    assert rows_large <= 4 * rows_small + 4, "rows grow at most with the reports"
    # below the floor the fixed costs (parsing, planning) and the machine's noise dominate
    message = f"{name}: {t_small * 1000:.1f} ms -> {t_large * 1000:.1f} ms"
    assert t_large <= bound * max(t_small, floor), message
