"""``kg serve``: a read-only SPARQL endpoint over the exports, with a query page for the browser."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import Interrupted, KGError

DEFAULT_GRAPH = Path("exports/graph.ttl")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@app.command("serve")
def serve_cli(
    graph: Annotated[list[Path] | None, typer.Option(
        "--graph", "-g", help="RDF file to serve (.ttl, .trig, .nq, .jsonld...; repeatable). "
        "Default: exports/graph.ttl.", show_default=False)] = None,
    store: Annotated[Path | None, typer.Option(
        "--store", help="Serve a store folder made by 'kg load' instead of files.")] = None,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on; loopback by default. Anyone who can reach it can query.")] =
        "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on; 0 picks a free one.")] = 0,
    timeout: Annotated[int, typer.Option(
        "--timeout", help="Cancel a query after this many seconds (whole seconds, at least 1).")] = 30,
    max_result_bytes: Annotated[int, typer.Option(
        "--max-result-bytes", help="Refuse results larger than this (0: no limit).")] = 64 * 2**20,
    allow_updates: Annotated[bool, typer.Option(
        "--allow-updates", help="Accept SPARQL updates and Graph Store writes (refused by default). "
        "With --graph they change a temporary copy; with --store, the store itself.")] = False,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Let queries fetch other endpoints (SERVICE) and updates fetch URLs (LOAD). "
        "Refused by default: the endpoint makes no outbound requests.")] = False,
) -> None:
    """Serve the exports as a read-only SPARQL 1.1 endpoint at /query, with a query page at /.

    Example:

        kg serve --graph exports/graph.ttl

        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
            http://127.0.0.1:PORT/query
    """
    from kg.serve import Limits, SparqlServer

    if store is not None and graph:
        raise _fail("give --graph files or --store DIR, not both")
    graphs = [] if store is not None else graph or [DEFAULT_GRAPH]
    if graphs == [DEFAULT_GRAPH] and not DEFAULT_GRAPH.is_file():
        raise _fail(f"{DEFAULT_GRAPH}: no such file; build it with 'kg build seeds/' or pass --graph FILE "
                    "or --store DIR")
    if port < 0 or port > 65535:
        raise _fail(f"--port {port}: expected 0 (any free port) to 65535")
    server = SparqlServer(graphs=graphs, store=store, host=host, port=port, allow_updates=allow_updates,
                          allow_service=allow_service,
                          limits=Limits(timeout=timeout, max_result_bytes=max_result_bytes))
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        url = server.start()
        if host not in LOOPBACK_HOSTS:
            typer.echo(f"warning: listening on {host}, not loopback: anyone who can reach it can query",
                       err=True)
        typer.echo(f"serving SPARQL at {url}")
        typer.echo(f"query page at {url.removesuffix('query')} (Ctrl+C to stop)")
        while server.running():
            time.sleep(0.2)
        raise _fail(f"the Oxigraph server kept crashing ({server.restarts} restarts); stopped")
    except KGError as err:
        raise _fail(err) from None
    except (KeyboardInterrupt, Interrupted):
        typer.echo("stopped", err=True)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    raise typer.Exit(0)
