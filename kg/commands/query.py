"""``kg query``: run a named query, a .rq file or SPARQL text over the exports, a store or an endpoint."""

from __future__ import annotations

import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import KGError

DEFAULT_GRAPH = Path("exports/graph.ttl")


class Format(StrEnum):
    """Output formats: a table for people, the standard SPARQL results formats for programs."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    ttl = "ttl"
    nt = "nt"


def _list_queries() -> str:
    from kg.query import named_queries

    queries = named_queries()
    width = max(len(name) for name in queries)
    lines = []
    for query in queries.values():
        lines.append(f"{query.name:{width}}  {query.description}")
        for param in query.params:
            need = " (required)" if param.required else ""
            lines.append(f"{'':{width}}    --param {param.name}=...{need}  {param.help}")
    return "\n".join(lines)


def _table_width(width: int | None) -> int:
    """--width, else the terminal's columns when stdout is one, else 100."""
    if width is not None:
        return width
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return 100


@app.command("query")
def query_cli(
    query: Annotated[str | None, typer.Argument(
        help="A named query (see --list), a .rq file, or SPARQL text.", show_default=False)] = None,
    graph: Annotated[list[Path] | None, typer.Option(
        "--graph", "-g", help="RDF file to query (.ttl, .trig, .nq, .jsonld...; repeatable). "
        "Default: exports/graph.ttl.", show_default=False)] = None,
    store: Annotated[Path | None, typer.Option(
        "--store", help="Query a store folder made by 'kg load' instead of files.")] = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="Query a SPARQL endpoint URL instead (kg serve, Oxigraph, Fuseki, GraphDB).",
        show_default=False)] = None,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="table, or a standard format: csv, tsv, json, xml (SPARQL results); "
        "ttl, nt, json (JSON-LD) for CONSTRUCT/DESCRIBE.")] = Format.table,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="name=value for a parameterised query; repeatable. A value is an IRI "
        "(person:sun-ying, <https://...>), a number, or text (a label).", show_default=False)] = None,
    max_width: Annotated[int, typer.Option(
        "--max-width", help="Cut table cells to this many columns (0: no limit).")] = 80,
    width: Annotated[int | None, typer.Option(
        "--width", help="Fit the table in this many columns, cutting the widest cells with '…' (0: no "
        "limit). Default: the terminal's width, or 100 when the output is not a terminal.",
        show_default=False)] = None,
    list_: Annotated[bool, typer.Option(
        "--list", help="List the named queries and their parameters.")] = False,
    show: Annotated[bool, typer.Option(
        "--show", help="Print the query text with parameters bound, instead of running it.")] = False,
) -> None:
    """Run SPARQL over the exports: a named query, a .rq file or inline text, printed as a table.

    Example:

        kg query officials

        kg query entity --param entity="Taiyuan"

        kg query --store kg-store mechanism_adoption --format csv > adoption.csv

        kg query "SELECT ?p WHERE { ?p a kg:Person }"
    """
    from kg import query as kq

    if list_:
        typer.echo(_list_queries())
        raise typer.Exit(0)
    if not query:
        raise _fail("missing QUERY: give a named query (kg query --list), a .rq file or SPARQL text")
    try:
        params = dict(kq.parse_param(item) for item in param or [])
        prepared = kq.prepare(query, params)
        if show:
            typer.echo(prepared.text.rstrip("\n"))
            raise typer.Exit(0)
        if endpoint and (graph or store):
            raise _fail("give --endpoint, --graph or --store, not several")
        if endpoint:
            result = kq.query_endpoint(endpoint, prepared)
        else:
            graphs = graph or ([] if store else [DEFAULT_GRAPH])
            if graphs == [DEFAULT_GRAPH] and not DEFAULT_GRAPH.is_file():
                raise _fail(f"{DEFAULT_GRAPH}: no such file; build it with 'kg build seeds/' or pass "
                            "--graph FILE or --store DIR")
            opened = kq.open_store(graphs=graphs, store=store)
            result = kq.run_query(opened, prepared)
        if fmt is Format.table:
            columns, rows = kq.to_rows(result, source=prepared.source)
            typer.echo(kq.to_table(columns, rows, max_width=max_width, width=_table_width(width)))
            typer.echo(f"({len(rows)} row{'' if len(rows) == 1 else 's'})", err=True)
            missing = [] if rows or endpoint else kq.absent_properties(opened, prepared)
            if missing:
                note = (f"note: no statement of the graph has {', '.join(missing)}, which this query reads: "
                        "if it was loaded from an older kg's exports, rebuild and reload it")
                typer.echo(note, err=True)
        else:
            sys.stdout.buffer.write(kq.write_results(result, fmt.value, source=prepared.source))
            sys.stdout.buffer.flush()
    except KGError as err:
        raise _fail(err) from None
    raise typer.Exit(0)
