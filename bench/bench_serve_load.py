"""Load test of `kg serve` on loopback: CLIENTS concurrent clients, each sending queries one after another
for at most SECONDS (at most 200 clients and 60 s).

    python bench/bench_serve_load.py [--clients 200] [--seconds 20] [--graph exports/graph.ttl]

All clients start at once (a burst: the listen backlog and the concurrency cap are what is measured).
Prints the answers by status, the connection errors by kind (a reset is a failure), the requests per
second, and latency percentiles; ends with exit 1 if any request was reset or failed.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

from kg.serve import SparqlServer

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 50",
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
]


def client(port: int, until: float, start: threading.Event, results: list, index: int) -> None:
    start.wait()
    n = 0
    while time.monotonic() < until:
        query = urllib.parse.urlencode({"query": QUERIES[(index + n) % len(QUERIES)]})
        began = time.monotonic()
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", f"/query?{query}", headers={"Accept": "text/csv"})
            response = conn.getresponse()
            response.read()
            conn.close()
            results.append((str(response.status), time.monotonic() - began))
        except OSError as err:
            results.append((type(err).__name__, time.monotonic() - began))
        n += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--graph", type=Path, default=ROOT / "exports" / "graph.ttl")
    args = parser.parse_args()
    clients, seconds = min(args.clients, 200), min(args.seconds, 60)
    with SparqlServer(graphs=[args.graph]) as server:
        results: list[tuple[str, float]] = []
        start = threading.Event()
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=client, args=(server.port, until, start, results, i))
                   for i in range(clients)]
        for thread in threads:
            thread.start()
        began = time.monotonic()
        start.set()
        for thread in threads:
            thread.join()
        took = time.monotonic() - began
        restarts = server.restarts
    outcomes = Counter(status for status, _ in results)
    latencies = sorted(t for status, t in results if status == "200")
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(f"{clients} clients for {seconds:.0f} s: {len(results)} requests in {took:.1f} s "
          f"({len(results) / took:.0f}/s); backend restarts {restarts}")
    print("outcomes: " + ", ".join(f"{status} x{n}" for status, n in sorted(outcomes.items())))
    print(f"latency of 200s: median {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, "
          f"max {max(latencies, default=0) * 1000:.0f} ms")
    raise SystemExit(0 if set(outcomes) == {"200"} else 1)


if __name__ == "__main__":
    main()
