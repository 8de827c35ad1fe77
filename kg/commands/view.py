"""``kg view``: write the HTML network view of a graph file, whole or around one entity."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import KGError
from kg.view_limit import DEFAULT_VIEW_LIMIT, check_view_limit


def _hops(n: int) -> str:
    return f"{n} hop{'s' * (n != 1)}"


@app.command("view")
def view_cli(
    graph: Annotated[Path, typer.Argument(help="A graph file (.ttl, .trig, .nq, .jsonld).")] =
        Path("exports/graph.ttl"),
    focus: Annotated[str | None, typer.Option(
        "--focus", "-f", help="Entity to centre on: IRI, prefixed IRI (city:taiyuan) or any label.")] = None,
    hops: Annotated[int, typer.Option(
        "--hops", "-n", min=0, help="Relations to follow out from --focus.")] = 1,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="HTML file. Default with --focus: view-<entity>.html in the current "
        "directory (never inside the exports folder); without --focus: <graph>.html beside GRAPH.")] = None,
    title: Annotated[str | None, typer.Option(help="Page title.")] = None,
    label_lang: Annotated[str, typer.Option(
        "--label-lang", help="Node labels: en, zh or both (the page can switch).")] = "both",
    view_limit: Annotated[int, typer.Option(
        "--view-limit", help="Draw at most this many entities, the best connected (0: all); the page's "
        "search finds the others too.")] = DEFAULT_VIEW_LIMIT,
) -> None:
    """Write an offline HTML network view of a graph, or of one entity's neighbourhood with --focus.

    Example:

        kg view exports/graph.ttl --focus 太原 --hops 2 --out taiyuan.html
    """
    from kg.rdffile import read_dataset
    from kg.stats import curie, describe, display_name, find_entity, neighbourhood, to_networkx
    from kg.viz import write_view

    path = out or graph.with_suffix(".html")
    try:
        check_view_limit(view_limit)  # before reading the graph, as kg build does
        nxg = to_networkx(read_dataset(graph))
        sub, heading, scope = nxg, title or f"kg: {graph.name}", ""
        if focus is not None:
            iri = find_entity(nxg, focus)
            sub = neighbourhood(nxg, iri, hops=hops)
            local = re.sub(r"[^\w.-]+", "-", curie(iri).rsplit(":", 1)[-1].rsplit("/", 1)[-1]).strip("-.")
            path = out or Path(f"view-{local or 'entity'}.html")  # the current directory, not exports/
            heading = title or f"kg: {display_name(nxg.nodes[iri], iri)}, {_hops(hops)}"
            scope = f" within {_hops(hops)} of {describe(nxg, iri)}"
        sub.graph["source"] = shlex.quote(str(graph))  # for the page's hint on entities it does not draw
        stats = write_view(sub, path, title=heading, label_lang=label_lang, view_limit=view_limit)
    except KGError as err:
        raise _fail(err) from None
    except OSError as err:
        raise _fail(f"can't write {path}: {err.strerror}") from None
    drawn = f" drawn of {stats.total}" if stats.total > stats.nodes else ""
    typer.echo(f"wrote {path}: {stats.nodes} entities{drawn}, {stats.edges} relations{scope}")
