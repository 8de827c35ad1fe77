"""kg serve against a crashing backend, outbound requests, bad HTTP and a burst of clients (issue 17).

Everything runs for real: the Oxigraph server, raw sockets on loopback, concurrent clients."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

import pytest

from kg.serve import Limits, SparqlServer, _Handler, free_port

from .conftest import DATA
from .test_serve import http, sparql

FIXTURE = DATA / "query" / "graph.ttl"
ORDER_BY_PANIC = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o ?s"
PANIC_DATA = Path(__file__).parent / "data" / "order_by_panic.nt"  # docs/oxigraph-order-by-panic.md


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    with SparqlServer(graphs=[FIXTURE], allow_updates=True, limits=Limits(timeout=2)) as running:
        yield running


def raw(server: SparqlServer, request: bytes, *, read_for: float = 10) -> bytes:
    """The status line the front answers to ``request`` sent as is on a socket (b'' if it closes)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=read_for) as sock:
        sock.sendall(request)
        try:
            return sock.recv(4096).split(b"\r\n")[0]
        except (TimeoutError, ConnectionResetError):
            return b"no answer"


def test_a_query_that_crashes_oxigraph_is_a_500_and_the_endpoint_lives_on() -> None:
    """The ORDER BY that makes Oxigraph 0.5.13 panic (docs/oxigraph-order-by-panic.md's 40 triples): a
    clear 500, a restarted backend, the same query refused at once the next time, other queries answered."""
    with SparqlServer(graphs=[PANIC_DATA]) as running:
        crash = sparql(running.url, ORDER_BY_PANIC)
        started = time.monotonic()
        after = sparql(running.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        answered_in = time.monotonic() - started
        again = sparql(running.url, ORDER_BY_PANIC)
        workaround = sparql(running.url, "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY STR(?o) ?s")
        restarts, alive = running.restarts, running.running()

    assert crash[0] == 500 and b"crashed the Oxigraph server" in crash[1] and b"restarted" in crash[1]
    assert after[0] == 200 and answered_in < 5
    assert again[0] == 500 and b"refused" in again[1]
    assert workaround[0] == 200 and len(workaround[1].splitlines()) == 41  # header + the 40 triples
    assert restarts == 1 and alive


def test_service_makes_no_outbound_request_unless_allowed(server: SparqlServer) -> None:
    """SERVICE and LOAD are 400 before anything is sent; the word in a string or a variable is fine."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(2)
    port = listener.getsockname()[1]
    with listener:
        service = sparql(server.url, f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}")
        load = http(server.url.removesuffix("query") + "update",
                    data=f"LOAD <http://127.0.0.1:{port}/g>".encode(),
                    headers={"Content-Type": "application/sparql-update"})
        try:
            listener.accept()[0].close()
            reached = True
        except TimeoutError:
            reached = False
    harmless = sparql(server.url, "SELECT ?service WHERE { ?service ?p 'SERVICE <http://x/>' } # SERVICE")

    assert service[0] == 400 and b"--allow-service" in service[1]
    assert load[0] == 400 and b"LOAD is refused" in load[1]
    assert not reached
    assert harmless[0] == 200


def test_allowed_service_reaches_out_and_a_failed_call_is_not_a_truncated_200() -> None:
    """With --allow-service the listener is reached; the failed call answers 502, not 200 with half a JSON."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    reached: list[bool] = []

    def accept_and_hang_up() -> None:
        listener.settimeout(20)
        try:
            conn, _ = listener.accept()
            reached.append(True)
            conn.close()
        except TimeoutError:
            pass

    thread = threading.Thread(target=accept_and_hang_up)
    thread.start()
    with listener, SparqlServer(graphs=[FIXTURE], allow_service=True) as running:
        query = f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"
        status, body = sparql(running.url, query, accept="application/sparql-results+json")
        thread.join()

    assert reached == [True]
    assert status == 502 and b"failed while its results were being sent" in body


def test_a_syntax_error_is_one_short_line(server: SparqlServer) -> None:
    status, body = sparql(server.url, "SELECT ?s WHERE { ?s ?p ?o ")

    assert status == 400 and body.count(b"\n") == 1 and len(body) < 300
    assert body.startswith(b"SPARQL syntax error at line 1, column 28")


def test_http_hygiene(server: SparqlServer) -> None:
    """Methods, lengths, sizes, hosts, origins and headers (issue 17, item 10)."""
    base = server.url.removesuffix("query")
    put = http(server.url, data=b"x", method="PUT")
    delete = http(server.url, method="DELETE")
    head = http(base, method="HEAD")
    page = urllib.request.urlopen(base, timeout=30)
    long_query = "SELECT * WHERE { ?s ?p ?o FILTER(STR(?o) != '" + "x" * 20000 + "') } LIMIT 1"
    long_get = http(server.url + "?query=" + urllib.parse.quote(long_query), headers={"Accept": "text/csv"})
    conn = HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("POST", "/query", body=b"x" * (10 * 2**20),
                 headers={"Content-Type": "application/sparql-query"})
    big = conn.getresponse()
    big_status, big_body = big.status, big.read()
    conn.close()
    cross_site = http(base + "update", data=b"update=DROP+ALL",
                      headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"})
    port = server.port

    assert put[0] == 405 and delete[0] == 405
    assert head[0] == 200 and head[1] == b""
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Server"] == "kg-serve"
    assert long_get[0] == 200 and long_get[1].startswith(b"o,p,s")
    assert big_status == 413 and b"10,485,760 bytes" in big_body
    assert cross_site[0] == 403 and b"cross-site" in cross_site[1]
    assert raw(server, b"POST /query HTTP/1.1\r\nContent-Length: abc\r\n\r\n") == b"HTTP/1.0 400 Bad Request"
    assert raw(server, b"POST /query HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == b"HTTP/1.0 400 Bad Request"
    rebound = raw(server, f"GET / HTTP/1.1\r\nHost: rebind.example:{port}\r\n\r\n".encode())
    assert rebound.endswith(b"403 Forbidden")
    assert raw(server, f"GET / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n".encode()).endswith(b"200 OK")


def test_a_silent_client_is_dropped(server: SparqlServer, monkeypatch) -> None:
    """A client that sends half a request and nothing more is cut off after the read timeout."""
    monkeypatch.setattr(_Handler, "timeout", 1)
    started = time.monotonic()
    answer = raw(server, b"POST /query HTTP/1.1\r\nContent-Length: 100\r\n\r\nSELECT", read_for=15)
    took = time.monotonic() - started

    assert took < 10 and answer in (b"", b"HTTP/1.0 400 Bad Request")


def test_a_burst_of_clients_is_queued_not_reset(server: SparqlServer) -> None:
    """60 clients at once (a small version of bench/bench_serve_load.py): every one gets its 200."""
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})

    def one(_: int) -> str:
        try:
            conn = HTTPConnection("127.0.0.1", server.port, timeout=60)
            conn.request("GET", f"/query?{query}", headers={"Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            body = json.loads(response.read())
            conn.close()
            return f"{response.status} {body['results']['bindings'][0]['n']['value']}"
        except OSError as err:
            return type(err).__name__

    with ThreadPoolExecutor(60) as pool:
        answers = list(pool.map(one, range(60)))

    assert len(set(answers)) == 1 and answers[0].startswith("200 "), sorted(set(answers))


def test_free_port_is_free() -> None:
    port = free_port()
    with socket.create_server(("127.0.0.1", port)):
        pass


def test_a_query_past_its_time_is_stopped_not_left_running() -> None:
    """Oxigraph goes on evaluating a query its client gave up on: past the deadline the front kills that
    process (it is gone) and serves the next query from a fresh one within a few seconds."""
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with SparqlServer(graphs=[FIXTURE], limits=Limits(timeout=1)) as running:
        first = running._backend._process.pid
        slow = sparql(running.url, heavy)
        started = time.monotonic()
        after = sparql(running.url, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
        took = time.monotonic() - started
        restarts = running.restarts
        try:
            os.kill(first, 0)
            still_there = Path(f"/proc/{first}/stat").read_text().split()[2] != "Z"
        except ProcessLookupError:
            still_there = False

    assert slow[0] == 503 and after[0] == 200 and took < 5
    assert restarts == 1 and not still_there


def test_a_backend_that_keeps_crashing_stops_the_endpoint() -> None:
    """Crashes are counted: the eleventh in a minute gives up (the query text varies, so none is refused)."""
    with SparqlServer(graphs=[PANIC_DATA]) as running:
        answers = [sparql(running.url, f"{ORDER_BY_PANIC} # {n}") for n in range(11)]
        alive = running.running()

    assert [status for status, _ in answers] == [500] * 11
    assert all(b"restarted" in body for _, body in answers[:10])
    assert b"the endpoint stops" in answers[10][1]
    assert not alive
