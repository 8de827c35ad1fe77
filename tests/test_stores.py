"""The named queries give the same rows on every store: pyoxigraph, the oxigraph server, Jena TDB2, Virtuoso.

Each store is set up by the tagged commands of docs/sparql.md (``<!-- test jena: run -->`` ...), run as
written on the seed exports; then every named query (the parameterised ones with a label and an IRI) runs
there and in the embedded store, and the rows are compared as sorted CSV. A store that is not installed
skips with a reason; ``KG_REQUIRE_STORES=1`` (CI, after ``.ci/stores.sh``) turns the skip into a failure.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import (
    QueryError,
    named_queries,
    open_store,
    prepare,
    query_endpoint,
    run_query,
    with_prefixes,
    write_results,
)
from kg.serve import find_oxigraph, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
PARAMS: dict[str, list[dict[str, str]]] = {
    "entity": [{"entity": "Taiyuan"}, {"entity": "city:taiyuan"}],
    "evidence": [{}, {"subject": "Taiyuan Municipal Government"}, {"predicate": "holds"}],
    "career": [{"person": "Sun Ying"}, {"person": "孙英"}],
    "holders": [{}, {"post": "Mayor"}, {"as_of": "1989-12-01"}],
}
JOBS = [(name, params) for name in named_queries() for params in PARAMS.get(name, [{}])]
Answers = dict[str, list[str]]  # job ("name {params}") -> sorted CSV lines
TOOLS = {"jena": ("tdb2.tdbloader", "tdb2.tdbquery"), "virtuoso": ("virtuoso-t", "isql-vt")}


def sorted_csv(result) -> list[str]:
    """SPARQL CSV results (header first), data lines sorted: the comparison form."""
    lines = write_results(result, "csv").decode("utf-8").splitlines()
    return lines[:1] + sorted(lines[1:])


def embedded_answers(exports: Path) -> dict[str, list[str]]:
    store = open_store(graphs=[exports / "graph.nq"])
    return {f"{name} {params}": sorted_csv(run_query(store, prepare(name, params))) for name, params in JOBS}


def require(store: str) -> None:
    """Skip (or fail with KG_REQUIRE_STORES=1) when the store's commands are not installed."""
    missing = [tool for tool in TOOLS.get(store, ()) if not shutil.which(tool)]
    if missing:
        message = f"{store} is not installed ({', '.join(missing)} not on PATH; run .ci/stores.sh)"
        if os.environ.get("KG_REQUIRE_STORES") == "1":
            pytest.fail(f"KG_REQUIRE_STORES=1 but {message}")
        pytest.skip(f"{message}; set KG_REQUIRE_STORES=1 to fail instead")


def doc_blocks(store: str) -> list[tuple[str, str, str]]:
    """(mode, expected output, script) of the docs/sparql.md bash blocks tagged for ``store``."""
    text = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    pattern = rf'<!-- test {store}: (run|background)(?: expect="([^"]*)")? -->\s*```bash\n(.*?)```'
    return [(m[1], m[2] or "", m[3]) for m in re.finditer(pattern, text, flags=re.DOTALL)]


@pytest.fixture(scope="module")
def exports(seed_build: Path) -> Path:
    return seed_build


@pytest.fixture(scope="module")
def expected(exports: Path) -> dict[str, list[str]]:
    return embedded_answers(exports)


def run_recipe(store: str, exports: Path, workdir: Path, ports: dict[str, str]) -> list[subprocess.Popen]:
    """Run the documented commands of ``store`` in ``workdir`` (with ``exports/``); the background servers."""
    shutil.copytree(exports, workdir / "exports")
    env = {**os.environ, "PATH": f"{Path(find_oxigraph()).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    background: list[subprocess.Popen] = []
    blocks = doc_blocks(store)
    assert blocks, f"docs/sparql.md has no tested commands for {store}"
    for mode, expect, script in blocks:
        for doc_port, port in ports.items():
            script = script.replace(doc_port, port)
        if mode == "background":
            process = subprocess.Popen(["bash", "-c", script], cwd=workdir, env=env, start_new_session=True,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            background.append(process)
            port = int(ports.get("8890", "0")) or int(re.search(r"127\.0\.0\.1:(\d+)", script)[1])
            assert wait_for_port(port, process=process, timeout=120), script
            continue
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=workdir, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (script, done.stderr[-2000:])
        assert expect in done.stdout, (script, done.stdout[-2000:])
    return background


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def compare(expected: dict[str, list[str]], answers: dict[str, list[str]]) -> list[str]:
    """The jobs whose rows differ, each with its first differing line."""
    problems = []
    for job, rows in expected.items():
        got = answers[job]
        if got != rows:
            extra = sorted(set(got) ^ set(rows))
            problems.append(f"{job}: {len(rows) - 1} rows expected, {len(got) - 1} got; e.g. {extra[:1]}")
    return problems


def endpoint_answers(url: str) -> dict[str, list[str]]:
    answers = {}
    for name, params in JOBS:
        try:
            answers[f"{name} {params}"] = sorted_csv(query_endpoint(url, prepare(name, params), timeout=300))
        except QueryError as err:
            answers[f"{name} {params}"] = [f"error: {err}"]
    return answers


def oxigraph_load(location: Path, path: Path) -> None:
    subprocess.run([find_oxigraph(), "load", "--location", str(location), "--file", str(path)], check=True,
                   capture_output=True)


@pytest.fixture
def oxigraph_store(exports: Path, tmp_path: Path) -> Iterator[str]:
    """``oxigraph load`` of graph.trig, served read-only with --union-default-graph; its query URL."""
    location, port = tmp_path / "ox", free_port()
    oxigraph_load(location, exports / "graph.trig")
    process = subprocess.Popen([find_oxigraph(), "serve-read-only", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for_port(port, process=process)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop([process])


def test_oxigraph_server_gives_the_embedded_rows(oxigraph_store: str, expected: dict[str, list[str]]) -> None:
    """Every named query: the same sorted CSV from the oxigraph server as from pyoxigraph."""
    assert compare(expected, endpoint_answers(oxigraph_store)) == []


def test_jena_tdb2_gives_the_embedded_rows(exports: Path, tmp_path: Path, expected: Answers) -> None:
    """The documented Jena recipe runs; every named query gives the embedded rows through tdb2.tdbquery."""
    require("jena")
    stop(run_recipe("jena", exports, tmp_path, {}))
    answers = {}
    for name, params in JOBS:
        text = with_prefixes(prepare(name, params).text)
        done = subprocess.run(["tdb2.tdbquery", "--loc", str(tmp_path / "kg-tdb2"), "--set",
                               "tdb:unionDefaultGraph=true", "--results=JSON", text],
                              capture_output=True, timeout=300)
        assert done.returncode == 0, (name, done.stderr[-1000:])
        answers[f"{name} {params}"] = sorted_csv(ox.parse_query_results(done.stdout,
                                                                        format=ox.QueryResultsFormat.JSON))

    assert compare(expected, answers) == []


def test_virtuoso_gives_the_embedded_rows(exports: Path, tmp_path: Path, expected: Answers) -> None:
    """The documented Virtuoso recipe runs; every named query gives the embedded rows at its /sparql."""
    require("virtuoso")
    ports = {"1111": str(free_port()), "8890": str(free_port())}
    servers = run_recipe("virtuoso", exports, tmp_path, ports)
    try:
        answers = endpoint_answers(f"http://127.0.0.1:{ports['8890']}/sparql")
    finally:
        stop(servers)

    assert compare(expected, answers) == []


def test_a_server_without_the_union_says_so(exports: Path, tmp_path: Path) -> None:
    """Oxigraph served without --union-default-graph: a clear error, not a silent '0 rows'."""
    location, port = tmp_path / "ox", free_port()
    oxigraph_load(location, exports / "graph.nq")
    process = subprocess.Popen([find_oxigraph(), "serve-read-only", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for_port(port, process=process)
        with pytest.raises(QueryError, match="default graph is empty"):
            query_endpoint(f"http://127.0.0.1:{port}/query", prepare("officials"))
    finally:
        stop([process])


def test_sorted_csv_is_the_comparison_form() -> None:
    """The comparison reads CSV as rows: header first, data sorted, so row order does not matter."""
    store, p, g = ox.Store(), ox.NamedNode("urn:p"), ox.NamedNode("urn:g")
    store.add(ox.Quad(ox.NamedNode("urn:b"), p, ox.Literal("2"), g))
    store.add(ox.Quad(ox.NamedNode("urn:a"), p, ox.Literal("1, x"), g))

    lines = sorted_csv(store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY DESC(?s)",
                                   use_default_graph_as_union=True))
    assert lines == ["s,o", 'urn:a,"1, x"', "urn:b,2"]
    assert list(csv.reader(io.StringIO("\n".join(lines))))[1] == ["urn:a", "1, x"]
