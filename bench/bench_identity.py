"""Person identity on tests/data/identity: pairwise merge precision and recall against gold.tsv.

    python bench/bench_identity.py [--graph exports-of-that-folder/graph.ttl]

Builds the folder (unless --graph is given), then reads, for every (article, name) of the gold, the
person node named so in that article, and scores the pairs (kg.identity.pairwise_scores).
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
    for row in open_store(graphs=[graph]).query(NODES):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=None)
    scores = measure(parser.parse_args().graph)
    print(f"pairwise merge precision {scores['precision']:.3f}, recall {scores['recall']:.3f} "
          f"({scores['true_pairs']} true pairs, {scores['merged_pairs']} merged pairs)")


if __name__ == "__main__":
    main()
