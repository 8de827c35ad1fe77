"""``kg identities``: propose kg:possiblySameAs links between same-named persons of shards or a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import KGError

# Asked over the union of all graphs: the exports keep every triple in a named graph (graph:entities holds
# the persons), while a graph.ttl or a store loaded from it has them in the default graph.
PERSONS = """SELECT DISTINCT ?p WHERE { ?p a <https://w3id.org/rmrb-kg/ontology#Person> }"""


@app.command("identities")
def identities_cli(
    graphs: Annotated[list[Path] | None, typer.Argument(
        help="Export files of one or more builds (.ttl, .trig, .nq...).", show_default=False)] = None,
    store: Annotated[Path | None, typer.Option("--store", help="A store folder made by kg load.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the links here: N-Triples, or N-Quads in graph:entities when the name "
        "ends in .nq (to load beside graph.nq/graph.trig) (default: N-Triples on standard output).")] = None,
    csv: Annotated[Path | None, typer.Option(
        "--csv", help="Also write the candidates as an --identities CSV to edit.")] = None,
    identities: Annotated[Path | None, typer.Option(
        "--identities", help="A CSV of decisions already taken: rejected pairs are not proposed.")] = None,
) -> None:
    """Propose kg:possiblySameAs links between same-named persons minted in different contexts.

    Shards built apart each link only their own persons; run this over all of them (or a loaded store)
    to link across shards. Each link is one kg:IdentityCandidate with its reason (docs/identity.md).

    Example:

        kg identities shards/*/graph.nq --out links.nt --csv decisions.csv
    """
    from kg.careers import identity_quads
    from kg.graph import ENTITIES_GRAPH
    from kg.identity import read_overrides
    from kg.namespace import KGR
    from kg.ntriples import iri, nquad_line
    from kg.query import open_store

    try:
        overrides = read_overrides(identities) if identities is not None else None
        db = open_store(graphs=graphs or [], store=store)
        prefix = f"{KGR}person/"
        keys = sorted(str(row["p"].value)[len(prefix):]
                      for row in db.query(PERSONS, use_default_graph_as_union=True)
                      if str(row["p"].value).startswith(prefix))
        graph = iri(ENTITIES_GRAPH) if out is not None and out.suffix.lower() == ".nq" else ""
        quads = identity_quads(keys, overrides.rejected if overrides else frozenset(), graph)
        text = "".join(sorted(map(nquad_line, quads)))
        if out is not None:
            out.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)
        if csv is not None:
            csv.write_text(_csv(keys, overrides), encoding="utf-8")
    except KGError as err:
        raise _fail(err) from None
    except OSError as err:
        raise _fail(f"can't write: {err.filename or ''} {err.strerror or err}") from None
    raise typer.Exit(0)


def _csv(keys: list[str], overrides) -> str:  # noqa: ANN001
    """The candidates as 'split' rows (keep apart) with the reason; change 'split' to 'merge' to merge."""
    from kg.identity import candidates

    rows = ["action,person,other,reason"]
    for cand in candidates(keys, overrides.rejected if overrides else frozenset()):
        rows.append(f'split,{cand.a},{cand.b},"{cand.reason}"')
    return "\n".join(rows) + "\n"
