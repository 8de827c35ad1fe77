"""``kg stats``: counts per type, the most central actors and the communities of a graph file."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import KGError


class Format(StrEnum):
    text = "text"
    json = "json"


class Rank(StrEnum):
    degree = "degree"
    betweenness = "betweenness"


def format_text(stats, *, source: str, top: int, by: str) -> str:  # noqa: ANN001 - kg.stats.GraphStats
    """The report as aligned plain text."""
    from kg.stats import curie
    from kg.types import ENTITY_TYPES

    span = f" ({stats.first_date} – {stats.last_date})" if stats.first_date else ""
    lines = [f"{source}: {stats.entities} entities, {stats.relations} relations, "
             f"{stats.articles} articles{span}", "", "Entities by type"]
    width = max((len(ENTITY_TYPES[t].label) for t in stats.types), default=0)
    for t, n in sorted(stats.types.items(), key=lambda x: -x[1]):  # stable: table order among ties
        lines.append(f"  {ENTITY_TYPES[t].label:<{width}}  {n:>6}")
    samples = stats.betweenness_samples
    how = "exact" if samples is None else f"estimated from {samples} sources"
    lines += ["", f"Most central actors (top {top} by {by}; betweenness {how})",
              f"  {'#':>3}  {'degree':>6}  {'betweenness':>11}  {'type':<16}  entity"]
    for i, c in enumerate(stats.central, 1):
        label = ENTITY_TYPES[c.type].label
        lines.append(f"  {i:>3}  {c.degree:>6}  {c.betweenness:>11.4f}  {label:<16}  {c.name}  "
                     f"{curie(c.iri)}")
    if not stats.central:
        lines.append("  (none)")
    lines += ["", f"Communities (Louvain, seed 42; modularity {stats.modularity:.3f}): "
                  f"{len(stats.communities)} of 2+ entities, {stats.singletons} isolated"]
    for i, com in enumerate(stats.communities[:top], 1):
        by_count = sorted(com.types.items(), key=lambda x: -x[1])
        kinds = ", ".join(f"{n} {ENTITY_TYPES[t].label}" for t, n in by_count)
        lines += [f"  {i:>3}. {com.size} entities: {com.name}", f"       {kinds}"]
    if len(stats.communities) > top:
        more = len(stats.communities) - top
        lines.append(f"       … and {more} smaller communities (see --top, --format json)")
    return "\n".join(lines)


@app.command("stats")
def stats_cli(
    graph: Annotated[Path, typer.Argument(help="A graph file (.ttl, .trig, .nq, .jsonld).")] =
        Path("exports/graph.ttl"),
    top: Annotated[int, typer.Option(
        "--top", "-n", min=1, help="How many actors and communities to list.")] = 10,
    by: Annotated[Rank, typer.Option(help="Rank actors by degree or betweenness centrality.")] = Rank.degree,
    types: Annotated[list[str] | None, typer.Option(
        "--type", "-t", help="Entity type to rank, repeatable (default: actors).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
) -> None:
    """Print counts per type, the most central actors and the communities of a graph.

    Example:

        kg stats exports/graph.ttl --top 5 --by betweenness
    """
    from kg.errors import ConfigError
    from kg.rdffile import read_dataset
    from kg.stats import summarize, to_networkx
    from kg.types import ACTOR_TYPES, ENTITY_TYPES

    try:
        unknown = [t for t in types or [] if t not in ENTITY_TYPES]
        if unknown:
            raise ConfigError(f"Unknown entity type {unknown[0]!r} for --type. "
                              f"Available types: {', '.join(ENTITY_TYPES)}.")
        nxg = to_networkx(read_dataset(graph))
        stats = summarize(nxg, top=top, types=frozenset(types) if types else ACTOR_TYPES, by=by.value)
    except KGError as err:
        raise _fail(err) from None
    if fmt is Format.json:
        typer.echo(json.dumps({"graph": str(graph), **stats.to_dict()}, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_text(stats, source=str(graph), top=top, by=by.value))
