"""``kg evaluate``: score a built graph against a gold annotation file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app


@app.command("evaluate")
def evaluate_cli(
    graphs: Annotated[list[Path], typer.Argument(help="Graph files (.ttl, .trig, .nq, .jsonld).")],
    gold: Annotated[Path, typer.Option(help="Gold annotations (schema seed-gold/1).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
    brief: Annotated[bool, typer.Option("--brief", help="Scores only, no lists of misses.")] = False,
    min_entity_f1: Annotated[float | None, typer.Option(help="Exit 1 below this typed entity F1.")] = None,
    min_relation_f1: Annotated[float | None, typer.Option(help="Exit 1 below this relation F1.")] = None,
) -> None:
    """Print precision, recall and F1 per entity type and relation, with misses and false positives.

    Example:

        kg evaluate exports/graph.ttl --gold tests/data/gold/seeds.json
    """
    from kg.evaluate import format_report, load_graph, score

    for path in [*graphs, gold]:
        if not path.is_file():
            typer.echo(f"error: {path}: no such file", err=True)
            raise typer.Exit(2)
    try:
        result = score(load_graph([str(p) for p in graphs]), str(gold))
    except (ValueError, KeyError) as err:
        typer.echo(f"error: can't score {gold}: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(
        json.dumps(result, indent=1, ensure_ascii=False)
        if as_json
        else format_report(result, details=not brief)
    )
    low = (min_entity_f1 is not None and result["entities"]["typed"]["f"] < min_entity_f1) or (
        min_relation_f1 is not None and result["relations"]["simple"]["f"] < min_relation_f1
    )
    raise typer.Exit(1 if low else 0)
