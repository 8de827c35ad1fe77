"""Triple stores and kg serve, for real: an Oxigraph server loaded over the Graph Store Protocol answers the
named queries like the embedded store; kg serve is read-only, limited and has an offline page; the Oxigraph
commands in docs/sparql.md run as written."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import named_queries, open_store, prepare, query_endpoint, run_query, to_rows
from kg.serve import Limits, SparqlServer, find_oxigraph, free_port, wait_for_port

from .conftest import DATA, ROOT

FIXTURE = DATA / "query" / "graph.ttl"
BIN = Path(sys.executable).parent
# Parameters for the queries that need or take them, chosen so that the seed graph has answers.
PARAMS = {
    "career": {"person": "Sun Ying"},
    "entity": {"entity": "Sun Ying"},
    "evidence": {"subject": "Sun Ying"},
}


def http(
    url: str, *, data: bytes | None = None, method: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """(status, body) of one request, errors included."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def sparql(url: str, query: str, accept: str = "text/csv") -> tuple[int, bytes]:
    return http(
        url, data=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": accept}
    )


def rows(result) -> tuple[list[str], list[tuple]]:
    return to_rows(result)


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A real read-write Oxigraph server on a free loopback port, always stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [find_oxigraph(), "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for_port(port, process=process), "oxigraph serve did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_graph_store_protocol_load_answers_like_embedded(seed_build: Path, oxigraph_server: str) -> None:
    """PUT graph.ttl to /store?default, then every named query over HTTP equals the embedded answer."""
    graph = seed_build / "graph.ttl"
    status, _ = http(
        f"{oxigraph_server}/store?default",
        data=graph.read_bytes(),
        method="PUT",
        headers={"Content-Type": "text/turtle"},
    )
    embedded = open_store(graphs=[graph])

    assert status in (201, 204)
    for name in named_queries():
        query = prepare(name, PARAMS.get(name))
        over_http = rows(query_endpoint(f"{oxigraph_server}/query", query))
        assert over_http == rows(run_query(embedded, query)), name
    assert rows(run_query(embedded, prepare("officials")))[1], "the comparison is not vacuous"


def test_graph_store_protocol_named_graph(oxigraph_server: str) -> None:
    """POST to /store?graph=IRI puts the triples in that graph and nowhere else."""
    status, _ = http(
        f"{oxigraph_server}/store?graph=urn:kg:fixture",
        data=FIXTURE.read_bytes(),
        method="POST",
        headers={"Content-Type": "text/turtle"},
    )
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kg:fixture> { ?s ?p ?o } }"
    default = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    assert status in (201, 204)
    assert (
        sparql(f"{oxigraph_server}/query", count)[1].split()[-1]
        == str(len(open_store(graphs=[FIXTURE]))).encode()
    )
    assert sparql(f"{oxigraph_server}/query", default)[1].split()[-1] == b"0"


def test_kg_serve_subprocess(seed_build: Path) -> None:
    """kg serve prints its URL, answers like the embedded store, refuses updates, and stops on SIGTERM."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(seed_build / "graph.ttl")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline().strip()
        match = re.fullmatch(r"serving SPARQL at (http://127\.0\.0\.1:(\d+)/query)", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        url = match[1]
        query = prepare("officials")
        page_status, page = http(url.removesuffix("query"))
        update = http(
            url.removesuffix("query") + "update",
            data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"Content-Type": "application/sparql-update"},
        )
        put = http(
            url.removesuffix("query") + "store?default",
            data=b"<urn:a> <urn:b> <urn:c> .",
            method="PUT",
            headers={"Content-Type": "text/turtle"},
        )
        ask = sparql(url, "ASK { <urn:a> <urn:b> <urn:c> }", accept="application/sparql-results+json")

        assert rows(query_endpoint(url, query)) == rows(
            run_query(open_store(graphs=[seed_build / "graph.ttl"]), query)
        )
        assert page_status == 200 and b'<select id="named">' in page and b"officials" in page
        assert update[0] == 403 and b"read-only" in update[1]
        assert put[0] == 403
        assert ask[0] == 200 and json.loads(ask[1])["boolean"] is False
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0


@pytest.mark.parametrize(
    "heavy",
    [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",  # Oxigraph checks late
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",  # streams; Oxigraph never stops it
    ],
)
def test_serve_limits_time(heavy: str) -> None:
    """A query past the timeout is answered 503 within about the timeout, whatever its shape."""
    with SparqlServer(graphs=[FIXTURE], limits=Limits(timeout=1, max_result_bytes=0)) as server:
        started = time.monotonic()
        slow = sparql(server.url, heavy)
        took = time.monotonic() - started
        after = sparql(server.url, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")

    assert slow[0] == 503 and b"limit of 1 s" in slow[1]
    assert took < 6  # the timeout plus 1 s grace, not the 20 s and more Oxigraph alone takes
    assert after[0] == 200  # the endpoint still answers


def test_serve_limits_size() -> None:
    """A result past the size limit is refused (413); a small one passes."""
    with SparqlServer(graphs=[FIXTURE], limits=Limits(max_result_bytes=4000)) as server:
        big = sparql(server.url, "SELECT * WHERE { ?s ?p ?o }")
        small = sparql(server.url, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")

    assert big[0] == 413 and b"over the limit of 4,000 bytes" in big[1]
    assert small[0] == 200 and len(small[1].splitlines()) == 4


def test_serve_allow_updates_changes_a_copy(tmp_path: Path) -> None:
    """--allow-updates accepts an update on the temporary store; the served file is untouched."""
    graph = tmp_path / "graph.ttl"
    shutil.copy(FIXTURE, graph)
    before = graph.read_bytes()
    with SparqlServer(graphs=[graph], allow_updates=True) as server:
        base = server.url.removesuffix("query")
        update = http(
            base + "update",
            data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"Content-Type": "application/sparql-update"},
        )
        ask = sparql(server.url, "ASK { <urn:a> <urn:b> <urn:c> }", accept="application/sparql-results+json")
        workdir = server._workdir

    assert update[0] == 204
    assert ask[0] == 200 and json.loads(ask[1])["boolean"] is True
    assert graph.read_bytes() == before and not workdir.exists()


def test_serve_a_store_folder(tmp_path: Path) -> None:
    """kg serve --store serves a kg load folder in place, read-only, union default graph included;
    a kg load into it meanwhile fails."""
    from kg.errors import ConfigError
    from kg.query import load_store

    nq = tmp_path / "graph.nq"
    store = open_store(graphs=[FIXTURE])
    nq.write_bytes(
        ox.serialize(
            [
                ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:kg:g"))
                for q in store.quads_for_pattern(None, None, None)
            ],
            format=ox.RdfFormat.N_QUADS,
        )
    )
    load_store(tmp_path / "store", [nq])
    with SparqlServer(store=tmp_path / "store") as server:
        answer = rows(query_endpoint(server.url, prepare("enterprises_by_place")))
        with pytest.raises(ConfigError, match="in use: kg serve is serving it"):
            load_store(tmp_path / "store", [nq])  # the endpoint would go on serving the old data

    assert answer == rows(run_query(store, prepare("enterprises_by_place")))
    assert (tmp_path / "store" / "CURRENT").is_file()


def test_serve_errors_are_clear(tmp_path: Path) -> None:
    """Serving a missing file, a folder that is not a store, or a bad port gives a one-line reason."""
    missing = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--graph", str(tmp_path / "no.ttl")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    not_store = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert missing.returncode == 2 and missing.stderr.strip() == f"error: {tmp_path / 'no.ttl'}: no such file"
    assert not_store.returncode == 2 and "not a kg store folder" in not_store.stderr
    assert "Traceback" not in missing.stderr + not_store.stderr


@pytest.mark.slow
def test_query_page_works_offline(seed_build: Path, chromium_executable: str) -> None:
    """In Chromium the page runs a named query with a parameter and fetches nothing but the endpoint."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with SparqlServer(graphs=[seed_build / "graph.ttl"]) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            page = browser.new_page()
            origin = server.url.removesuffix("/query")

            def guard(route) -> None:
                if route.request.url.startswith(origin):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.goto(origin + "/")
            page.select_option("#named", "officials")
            page.click("#run")
            page.wait_for_selector("#results table")
            officials = page.inner_text("#results")
            status = page.inner_text("#status")
            page.select_option("#named", "entity")
            page.fill("#params input[name=entity]", "sun ying")
            page.click("#run")
            page.wait_for_selector("#status:has-text('rows')")  # the page's CSP forbids eval
            entity = page.inner_text("#results")
        finally:
            browser.close()

    assert "Sun Ying" in officials and "Taiyuan Municipal Party Committee" in officials
    assert re.match(r"\d+ rows in \d+ ms", status)
    assert "person:sun-ying--taiyuan" in entity and "org:holds" in entity
    assert "lu-wenqiao" not in entity  # the name's key (?entity_key) is filled too: one entity, not all
    assert outside == []


def _doc_blocks() -> list[tuple[str, str, str]]:
    """(mode, expected output, script) of each ```bash block in docs/sparql.md tagged <!-- test: ... -->."""
    text = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    pattern = r'<!-- test: (run|background)(?: expect="([^"]*)")? -->\s*```bash\n(.*?)```'
    return [(m[1], m[2] or "", m[3]) for m in re.finditer(pattern, text, flags=re.DOTALL)]


def test_docs_oxigraph_commands_run_as_written(seed_build: Path, tmp_path: Path) -> None:
    """The tagged Oxigraph commands of docs/sparql.md run in a shell, in order, on the seed exports."""
    blocks = _doc_blocks()
    assert [mode for mode, _, _ in blocks].count("background") == 2 and len(blocks) == 5
    assert shutil.which("curl"), "the documented commands use curl"
    shutil.copytree(seed_build, tmp_path / "exports")
    ports = {doc_port: str(free_port()) for doc_port in ("7878", "7879")}
    path = os.pathsep.join([str(BIN), str(Path(find_oxigraph()).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path}
    background: list[subprocess.Popen] = []
    try:
        for mode, expect, script in blocks:
            for doc_port, port in ports.items():
                script = script.replace(doc_port, port)
            if mode == "background":
                process = subprocess.Popen(
                    ["bash", "-c", script],
                    cwd=tmp_path,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                background.append(process)
                assert wait_for_port(int(re.search(r"127\.0\.0\.1:(\d+)", script)[1]), process=process), (
                    script
                )
                continue
            done = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", script],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, (script, done.stderr)
            assert expect in done.stdout, (script, done.stdout[-2000:])
    finally:
        for process in background:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)


def test_docs_list_every_named_query() -> None:
    """docs/sparql.md names every shipped query."""
    text = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")

    assert [name for name in named_queries() if f"`{name}`" not in text] == []


@pytest.mark.parametrize("command", ["query", "serve", "load"])
def test_commands_have_help(command: str) -> None:
    """Each command explains itself with an example."""
    done = subprocess.run(
        [sys.executable, "-m", "kg", command, "--help"], capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0 and "Example" in done.stdout
