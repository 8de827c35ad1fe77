"""The adoption shortcuts of graph:index (kg/index.py): each equals the join it replaces, and
mechanism_adoption read from them gives the rows of the joins it made before."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import prepare, run_query, to_rows

from .conftest import seed_shards, shortcut_store

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = """PREFIX kg: <https://w3id.org/rmrb-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# the adopting statements: ?s an adoptsMechanism statement, or an establishes one whose body is an instance
# of a mechanism; ?actor, ?mechanism, ?body (establishing only), ?article
ADOPTING = """{ ?s rdf:predicate kg:adoptsMechanism ; rdf:object ?mechanism }
  UNION { ?s rdf:predicate kg:establishes ; rdf:object ?body . ?body kg:instanceOfMechanism ?mechanism }
  ?s rdf:subject ?actor ; prov:wasDerivedFrom ?article ."""
JOINS = {
    "adopter": f"{ADOPTING} BIND(?actor AS ?o)",
    "adoptedMechanism": f"{ADOPTING} BIND(?mechanism AS ?o)",
    "establishedBody": f"{ADOPTING} FILTER(BOUND(?body)) BIND(?body AS ?o)",
    "adoptionArticle": f"{ADOPTING} BIND(?article AS ?o)",
    "adoptionDate": f"{ADOPTING} ?article dcterms:date ?o",
    "adopterLabel": f"{ADOPTING} ?actor kg:displayLabel ?o",
    "mechanismLabel": "{ SELECT DISTINCT ?s WHERE { " + ADOPTING.replace("?s ", "?st ")
                      + " BIND(?mechanism AS ?s) } } ?s kg:displayLabel ?o",
    # a place shortcut: the display label of each place that kg:placeOfActor, kg:provinceOf, kg:cityOf name
    "placeLabel": "{ SELECT DISTINCT ?s WHERE { { ?n kg:placeOfActor ?s } UNION { ?n kg:provinceOf ?s }"
                  " UNION { ?n kg:cityOf ?s } } } ?s kg:displayLabel ?o",
}
SHORTCUTS = {name: (f"SELECT ?s ?o WHERE {{ ?s kg:{name} ?o }}", f"SELECT DISTINCT ?s ?o WHERE {{ {join} }}")
             for name, join in JOINS.items()}
# mechanism_adoption as it joined the statements' own triples before the adoption shortcuts (the place part
# is the same in both: kg:placeOfActor and kg:provinceOf of graph:index)
BEFORE = """SELECT DISTINCT ?mechanism ?place ?province ?actor ?how ?date ?article
                      ?mechanism_iri ?place_iri ?actor_iri
WHERE {
  { ?statement rdf:predicate kg:adoptsMechanism ; rdf:object ?mechanism_iri . BIND("adopts" AS ?how) }
  UNION { ?statement rdf:predicate kg:establishes ; rdf:object ?instance_iri .
          ?instance_iri kg:instanceOfMechanism ?mechanism_iri .
          OPTIONAL { ?instance_iri kg:displayLabel ?instance }
          BIND(CONCAT("establishes ", COALESCE(?instance, "")) AS ?how) }
  ?statement rdf:subject ?actor_iri ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?mechanism_iri kg:displayLabel ?mechanism }
  OPTIONAL { ?article dcterms:date ?date }
  OPTIONAL { ?actor_iri kg:displayLabel ?actor }
  OPTIONAL { ?actor_iri kg:placeOfActor ?place_iri . OPTIONAL { ?place_iri kg:displayLabel ?place }
             OPTIONAL { ?place_iri kg:provinceOf ?province_iri .
                        OPTIONAL { ?province_iri kg:displayLabel ?province_label } } }
  BIND(COALESCE(?province_label, ?province_iri) AS ?province)
}"""


@pytest.fixture(scope="module", params=["seeds", "fixture"])
def store(request) -> ox.Store:
    """The seeds build as exported, or the hand-written query fixture with the graph:index computed here."""
    return shortcut_store(request.param)


def pairs(store: ox.Store, query: str) -> list[tuple[str, str]]:
    """The distinct (subject, object) rows of ``query``, sorted."""
    return sorted({(str(s["s"]), str(s["o"])) for s in store.query(PREFIXES + query,
                                                                       use_default_graph_as_union=True)})


@pytest.mark.parametrize("name", sorted(SHORTCUTS))
def test_shortcut_equals_the_join_it_replaces(store: ox.Store, name: str) -> None:
    shortcut, join = SHORTCUTS[name]
    expected = pairs(store, join)
    assert expected, f"no {name} in this build: the test would prove nothing"
    assert pairs(store, shortcut) == expected
    # no duplicate triples: one per statement and value
    assert len(list(store.query(PREFIXES + shortcut, use_default_graph_as_union=True))) == len(expected)


def test_mechanism_adoption_gives_the_rows_of_the_joins(store: ox.Store) -> None:
    """The listing read from the shortcuts has the rows the statements' own triples give (any order)."""
    new = to_rows(run_query(store, prepare("mechanism_adoption", {})))[1]
    old = [tuple(s) for s in store.query(PREFIXES + BEFORE, use_default_graph_as_union=True)]
    assert len(new) > 3
    assert any(str(row[4]).startswith('"establishes') for row in new)
    assert sorted(map(str, new)) == sorted(map(str, old))


def test_shortcuts_of_two_shards_stay_apart() -> None:
    """The seeds loaded twice under other IRIs: each shortcut triple doubles, none crosses the shards."""
    one, two = seed_shards()
    for name, (shortcut, join) in SHORTCUTS.items():
        single, double = pairs(one, shortcut), pairs(two, shortcut)
        assert len(double) == 2 * len(single) > 0, name
        assert double == pairs(two, join), name
