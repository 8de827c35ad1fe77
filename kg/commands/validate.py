"""``kg validate``: check a graph file against the SHACL shapes and explain each violation in plain words."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import KGError


@app.command("validate")
def validate_cli(
    graph: Annotated[Path, typer.Argument(help="A graph file (.ttl, .trig, .nq, .jsonld).")] =
        Path("exports/graph.ttl"),
    shapes: Annotated[Path | None, typer.Option("--shapes", help="SHACL shapes (Turtle); default: the "
                                                "packaged ontology/shapes.ttl.")] = None,
) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl; exit 1 if it does not conform.

    Each violation is one line, '<node>: <rule> (<property>, value <value>)', grouped by rule.

    Example:

        kg validate exports/graph.trig
    """
    from rdflib import Graph

    from kg.rdffile import read_merged
    from kg.validate import explain, validate_graph

    try:
        data = read_merged(graph)
        shape_graph = None
        if shapes is not None:
            if not shapes.is_file():
                raise KGError(f"{shapes}: no such shapes file")
            try:
                shape_graph = Graph().parse(shapes, format="turtle")
            except Exception as err:  # rdflib raises many parser error types
                detail = " ".join(str(err).split())[:200]
                raise KGError(f"{shapes}: can't parse the shapes as Turtle: {detail}") from None
        report = validate_graph(data, shapes=shape_graph)
    except KGError as err:
        raise _fail(err) from None
    if report.conforms:
        typer.echo(f"{graph}: conforms to the kg shapes ({len(data)} triples)")
        raise typer.Exit(0)
    for line in explain(report):
        typer.echo(line)
    typer.echo(f"{graph}: does not conform: {report.violations} violation(s)", err=True)
    raise typer.Exit(1)
