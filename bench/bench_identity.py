"""Person identity on tests/data/identity: pairwise merge precision and recall against gold.tsv.

    python bench/bench_identity.py [--graph exports-of-that-folder/graph.ttl]
    python bench/bench_identity.py --provinces month/graph.ttl [--sample 10]

Builds the folder (unless --graph is given), then reads, for every (article, name) of the gold, the
person node named so in that article, and scores the pairs (kg.identity.pairwise_scores).

``--provinces``: in a build (e.g. the January 1998 month of bench/bench_scale.py), the person nodes
whose posts lie in more than one province, counted twice: by node (this build's evidence-based keys)
and by name alone (what minting ``person:<name>`` gave before), with a sample of each.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MATERIAL = ROOT / "tests" / "data" / "identity"
NODES = """
PREFIX kg: <https://w3id.org/rmrb-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?name ?article WHERE { ?p a kg:Person ; rdfs:label ?name ; kg:mentionedIn ?article
                                 FILTER(LANG(?name) = "zh") }
"""


def read_gold(path: Path = MATERIAL / "gold.tsv") -> dict[tuple[str, str], str]:
    lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return {(r["article"], r["name"]): r["person"] for r in csv.DictReader(lines, delimiter="\t")}


def predicted_nodes(graph: Path) -> dict[tuple[str, str], str]:
    from kg.query import open_store

    out = {}
    for row in open_store(graphs=[graph]).query(NODES, use_default_graph_as_union=True):
        article = str(row["article"].value).rsplit("/", 1)[1]
        out[(article, row["name"].value)] = str(row["p"].value)
    return out


def measure(graph: Path | None = None) -> dict[str, float]:
    """Build the material (unless ``graph``) and score it."""
    from kg.build import build
    from kg.identity import pairwise_scores

    if graph is None:
        out = Path(tempfile.mkdtemp(prefix="kg-identity-"))
        build([MATERIAL], out, html=False, cache_dir=None)
        graph = out / "graph.ttl"
    return pairwise_scores(read_gold(), predicted_nodes(graph))


POSTS = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX kg: <https://w3id.org/rmrb-kg/ontology#>
SELECT ?person ?body ?place WHERE { ?person org:holds ?post . ?post org:postIn ?body .
  OPTIONAL { ?body kg:governs|kg:locatedIn ?place } }
"""


def province_spans(graph: Path) -> dict[str, dict[str, set[str]]]:
    """Person key -> province -> bodies of their posts there (a national body counts for none)."""
    from kg.gazetteer import load_gazetteer
    from kg.identity import _ancestors
    from kg.query import open_store

    gaz = load_gazetteer().by_id
    out: dict[str, dict[str, set[str]]] = {}
    for row in open_store(graphs=[graph]).query(POSTS, use_default_graph_as_union=True):
        body = str(row["body"].value).rsplit("/", 1)[1]
        place = str(row["place"].value).rsplit("/", 1)[1] if row["place"] is not None else ""
        if not place:
            words = body.split("-")
            place = next(("-".join(words[:n]) for n in range(len(words) - 1, 0, -1)
                          if "-".join(words[:n]) in gaz), "")
        chain = [place, *_ancestors(place)] if place in gaz else []
        province = next((p for p in chain if gaz[p].level == "province"), "")
        person = out.setdefault(str(row["person"].value).rsplit("/", 1)[1], {})
        if province:
            person.setdefault(province, set()).add(body)
    return out


def report_provinces(graph: Path, sample: int) -> None:
    from kg.identity import name_of

    by_node = {k: v for k, v in province_spans(graph).items() if v}  # persons with a post in a province
    by_name: dict[str, dict[str, set[str]]] = {}
    for key, provinces in by_node.items():
        for province, bodies in provinces.items():
            by_name.setdefault(name_of(key), {}).setdefault(province, set()).update(bodies)
    for label, table in (("by name alone (before)", by_name), ("by evidence-based node (after)", by_node)):
        wide = {k: v for k, v in sorted(table.items()) if len(v) > 1}
        print(f"{label}: {len(table)} person nodes with a post in a province, {len(wide)} whose posts span "
              "more than one province")
        for key, provinces in list(wide.items())[:sample]:
            where = "; ".join(f"{p}: {', '.join(sorted(b))}" for p, b in sorted(provinces.items()))
            print(f"  {key}: {where}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=None)
    parser.add_argument("--provinces", type=Path, default=None, help="a build's graph.ttl to count in")
    parser.add_argument("--sample", type=int, default=10)
    args = parser.parse_args()
    if args.provinces is not None:
        report_provinces(args.provinces, args.sample)
        return
    scores = measure(args.graph)
    print(f"pairwise merge precision {scores['precision']:.3f}, recall {scores['recall']:.3f} "
          f"({scores['true_pairs']} true pairs, {scores['merged_pairs']} merged pairs)")


if __name__ == "__main__":
    main()
