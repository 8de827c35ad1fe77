"""Benchmark: median latency of each named query, embedded (pyoxigraph) against HTTP (Oxigraph server).

Two graphs, in one run:

- **seed**: the graph ``kg build`` makes of ``seeds/`` now (or ``--graph FILE``);
- **synthetic**: the seed graph replicated ``--copies`` times (default: enough for >= 1 million triples).
  Copy 0 is the seed graph unchanged; in copy i every IRI under ``https://w3id.org/rmrb-kg/id/`` gets the
  suffix ``-x<i>`` and every label (rdfs:label, skos:prefLabel, skos:altLabel) the suffix `` <i>``, so
  the copies are distinct entities and a lookup such as ``entity "Taiyuan"`` still finds one of them.
  Real People's Daily graphs will be less regular; this measures how the queries scale, not the corpus.

Per query and graph: one warm-up run, then the median of ``--repeat`` runs, each fetching every row.
Columns: embedded = ``Store.query`` in this process (baseline); oxigraph = ``oxigraph serve-read-only`` over
HTTP (SPARQL JSON results parsed back to rows); kg serve = the same through kg serve's limiting front.
Ratios are against the embedded time measured in the same run. Load times are printed too.

    /work/venv/bin/python bench/bench_query.py [--graph FILE] [--copies N] [--repeat N] [--quick]
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.query import PreparedQuery, named_queries, prepare, query_endpoint, run_query, to_rows  # noqa: E402
from kg.serve import Limits, SparqlServer, find_oxigraph  # noqa: E402

KGR = "https://w3id.org/rmrb-kg/id/"
LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://www.w3.org/2004/02/skos/core#altLabel"}
PARAMS = {"entity": {"entity": "Taiyuan"}, "evidence": {"subject": "Taiyuan Municipal Government"}}


def seed_graph(tmp: Path, graph: Path | None) -> Path:
    """The seed graph file: given, or built now from seeds/ with the current pipeline."""
    if graph is not None:
        return graph
    from kg.build import build

    build([ROOT / "seeds"], tmp / "seed", html=False)
    return tmp / "seed" / "graph.ttl"  # triples (no per-article graphs), so counts are triples


def _rename(term, suffix: str):
    if isinstance(term, ox.NamedNode) and term.value.startswith(KGR):
        return ox.NamedNode(term.value + suffix)
    return term


def synthesise(seed: Path, copies: int, out: Path) -> int:
    """Write ``copies`` renamed copies of ``seed`` as N-Quads to ``out``; returns the number written."""
    store = ox.Store()
    store.bulk_load(path=str(seed))
    quads = list(store.quads_for_pattern(None, None, None))
    total = 0
    with out.open("wb") as fh:
        for i in range(copies):
            if i == 0:
                batch = quads
            else:
                suffix = f"-x{i}"
                batch = []
                for q in quads:
                    obj = q.object
                    if isinstance(obj, ox.Literal) and q.predicate.value in LABELS:
                        obj = ox.Literal(f"{obj.value} {i}", language=obj.language) if obj.language \
                            else ox.Literal(f"{obj.value} {i}", datatype=obj.datatype)
                    graph = q.graph_name
                    if not isinstance(graph, ox.DefaultGraph):
                        graph = _rename(graph, suffix)
                    batch.append(ox.Quad(_rename(q.subject, suffix), _rename(q.predicate, suffix),
                                         _rename(obj, suffix), graph))
            fh.write(ox.serialize(batch, format=ox.RdfFormat.N_QUADS))
            total += len(batch)
    return total


def embedded_rows(store: ox.Store, query: PreparedQuery) -> tuple:
    return to_rows(run_query(store, query))


def http_rows(url: str, query: PreparedQuery) -> tuple:
    return to_rows(query_endpoint(url, query, timeout=600))


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """(median seconds over ``repeat`` runs after one warm-up, last result)."""
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_graph(label: str, path: Path, tmp: Path, repeat: int) -> list[tuple]:
    """Load ``path`` three ways, run every named query three ways; print and return the rows."""
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(path))
    load_embedded = time.perf_counter() - started
    location = tmp / f"store-{label}"
    started = time.perf_counter()
    subprocess.run([find_oxigraph(), "load", "--location", str(location), "--file", str(path)], check=True,
                   capture_output=True)
    load_server = time.perf_counter() - started
    print(f"\n== {label}: {len(store):,} triples/quads from {path.name}")
    print(f"load: embedded (in memory) {load_embedded:.2f}s; oxigraph load (on disk) {load_server:.2f}s")
    print(f"{'query':29} {'rows':>7} {'embedded ms':>12} {'oxigraph ms':>12} {'kg serve ms':>12} "
          f"{'oxigraph/emb':>13} {'serve/oxigraph':>15}")
    out = []
    with SparqlServer(store=location, limits=Limits(timeout=600, max_result_bytes=0)) as server:
        for name in named_queries():
            query = prepare(name, PARAMS.get(name))
            emb, result = timed(partial(embedded_rows, store, query), repeat)
            http, remote = timed(partial(http_rows, server.backend_url, query), repeat)
            front, _ = timed(partial(http_rows, server.url, query), repeat)
            rows = len(result[1])
            if len(remote[1]) != rows:
                print(f"warning: {name}: {rows} rows embedded, {len(remote[1])} over HTTP")
            print(f"{name:29} {rows:7d} {emb * 1000:12.1f} {http * 1000:12.1f} {front * 1000:12.1f} "
                  f"{http / emb:12.1f}x {front / http:14.2f}x")
            out.append((name, rows, emb, http, front))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="seed graph file (default: build seeds/ now)")
    parser.add_argument("--copies", type=int, help="copies in the synthetic graph (default: >= 1M triples)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query (median)")
    parser.add_argument("--quick", action="store_true", help="seed graph only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-query-") as name:
        tmp = Path(name)
        seed = seed_graph(tmp, args.graph)
        seed_rows = bench_graph("seed", seed, tmp, args.repeat)
        if args.quick:
            return
        size = sum(1 for _ in ox.parse(path=str(seed)))
        copies = args.copies or math.ceil(1_000_000 / size)
        started = time.perf_counter()
        quads = synthesise(seed, copies, tmp / "synthetic.nq")
        took = time.perf_counter() - started
        print(f"\nsynthetic graph: the seed graph ({size:,} triples) replicated {copies} times, kgr: IRIs "
              f"and labels renamed per copy = {quads:,} triples ({took:.1f}s to write)")
        big_rows = bench_graph(f"synthetic x{copies}", tmp / "synthetic.nq", tmp, max(1, args.repeat // 2))
        print(f"\n{'query':29} {'embedded: synthetic/seed':>25} {'oxigraph: synthetic/seed':>25}")
        for small, big in zip(seed_rows, big_rows, strict=True):
            print(f"{small[0]:29} {big[2] / small[2]:24.0f}x {big[3] / small[3]:24.0f}x")


if __name__ == "__main__":
    main()
