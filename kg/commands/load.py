"""``kg load``: load export files into a persistent store folder for fast repeated queries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import KGError


@app.command("load")
def load_cli(
    files: Annotated[list[Path], typer.Argument(
        help="RDF files to load (.ttl, .trig, .nq, .jsonld..., optionally .gz).", show_default=False)],
    store: Annotated[Path, typer.Option(
        "--store", help="Store folder (an Oxigraph/RocksDB database), created if new.", show_default=False)],
    replace: Annotated[bool, typer.Option("--replace", help="Empty the store before loading.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Load export files into a store folder that kg query --store and kg serve --store open at once.

    Example:

        kg load --store kg-store exports/graph.ttl

        kg query --store kg-store officials
    """
    from kg.query import load_store

    try:
        before, after = load_store(store, files, replace=replace)
    except KGError as err:
        raise _fail(err) from None
    if not quiet:
        typer.echo(f"loaded {len(files)} file(s) into {store}: {after - before:+d} quads, {after} in all")
    raise typer.Exit(0)
