"""The place shortcuts of graph:index (kg/index_places.py) equal the joins the listings made before."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.index import INDEX_GRAPH, index_quads
from kg.index_places import CITY_OF, PLACE_OF_ACTOR, PROVINCE_OF, place_triples
from kg.ntriples import RDF_TYPE, nquad_line
from kg.query import open_store, prepare, run_query, to_rows

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "query" / "graph.ttl"
PLACE_CLASSES = "VALUES ?class { kg:Country kg:Region kg:Province kg:City kg:County }"
# What the queries joined at query time before graph:index had the shortcuts.
SLOW = {
    PLACE_OF_ACTOR: f"""SELECT DISTINCT ?node ?value WHERE {{
      {{ ?node a ?class . {PLACE_CLASSES} BIND(?node AS ?value) }}
      UNION {{ ?node kg:governs ?value }}
      UNION {{ ?node kg:locatedIn ?value
              FILTER NOT EXISTS {{ ?node kg:locatedIn ?finer . ?finer kg:withinDivision+ ?value }} }}
      UNION {{ ?node kg:partOf ?whole . ?whole kg:governs ?value
              FILTER NOT EXISTS {{ ?node kg:governs ?own }} }}
    }}""",
    PROVINCE_OF: """SELECT DISTINCT ?node ?value WHERE {
      { SELECT DISTINCT ?node WHERE { { ?actor kg:placeOfActor ?node }
                                      UNION { ?node kg:withinDivision ?up } } }
      { ?node a kg:Province . BIND(?node AS ?value) }
      UNION { ?node kg:withinDivision ?parent . ?parent kg:withinDivision* ?value .
              FILTER(EXISTS { ?value a kg:Province }
                     || STRSTARTS(STR(?value), "https://w3id.org/rmrb-kg/id/province/")) }
    }""",
    CITY_OF: """SELECT DISTINCT ?node ?value WHERE {
      { SELECT DISTINCT ?node WHERE { { ?actor kg:placeOfActor ?node }
                                      UNION { ?node kg:withinDivision ?up } } }
      { ?node a kg:City . BIND(?node AS ?value) }
      UNION { ?node kg:withinDivision ?parent . ?parent kg:withinDivision* ?value . ?value a kg:City }
    }""",
}


def indexed(store: ox.Store) -> ox.Store:
    """``store`` with the graph:index this code computes (replacing any it had)."""
    quads = [("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name), str(q.subject),
              str(q.predicate), str(q.object)) for q in store]
    quads = [q for q in quads if q[0] != INDEX_GRAPH]
    out = ox.Store()
    text = "".join(map(nquad_line, quads + index_quads(quads)))
    out.bulk_load(text.encode(), format=ox.RdfFormat.N_QUADS)
    return out


@pytest.fixture(scope="module", params=["seeds", "fixture"])
def store(request: pytest.FixtureRequest) -> ox.Store:
    path = ROOT / "exports" / "graph.nq" if request.param == "seeds" else FIXTURE
    return indexed(open_store(graphs=[path]))


def pairs(store: ox.Store, query: str) -> set[tuple[str, str]]:
    return {(str(a), str(b)) for a, b in to_rows(run_query(store, prepare(query)))[1]}


@pytest.mark.parametrize("prop", [PLACE_OF_ACTOR, PROVINCE_OF, CITY_OF])
def test_shortcut_equals_the_join(store: ox.Store, prop: str) -> None:
    """Each shortcut in graph:index holds exactly the pairs the former query-time join gave."""
    index = f"SELECT ?node ?value WHERE {{ GRAPH {INDEX_GRAPH} {{ ?node {prop} ?value }} }}"
    shortcut = pairs(store, index)
    assert shortcut
    assert shortcut == pairs(store, SLOW[prop])


@pytest.mark.parametrize("name", ["mechanism_adoption", "mechanisms_across_provinces", "enterprises_by_place",
                                  "bodies_by_government", "statistics_by_place"])
def test_listing_gives_rows_on_the_seeds(name: str) -> None:
    """Each listing finds rows in the seed build, and the places it gives are the actors' shortcuts."""
    store = open_store(graphs=[ROOT / "exports" / "graph.nq"])
    columns, rows = to_rows(run_query(store, prepare(name)))
    assert rows
    if "place_iri" in columns:
        assert any(row[columns.index("place_iri")] is not None for row in rows)


def test_finest_location_part_of_and_provinces_without_a_type() -> None:
    """The finest location only; a whole's place only for an actor that governs nothing; a province IRI no
    article types still counts; a division cycle ends."""
    kg, kgr = "https://w3id.org/rmrb-kg/ontology#", "https://w3id.org/rmrb-kg/id/"
    p = {name: f"<{kg}{name}>" for name in ("locatedIn", "withinDivision", "partOf", "governs")}
    firm, office, county, city, prov = (f"<{kgr}{n}>" for n in
                                        ("enterprise/f", "gov-body/o", "county/c", "city/t", "province/s"))
    gov, other = f"<{kgr}gov-body/g>", f"<{kgr}city/x>"
    triples = [(firm, p["locatedIn"], county), (firm, p["locatedIn"], city), (firm, p["locatedIn"], prov),
               (county, RDF_TYPE, f"<{kg}County>"), (county, p["withinDivision"], city),
               (city, RDF_TYPE, f"<{kg}City>"), (city, p["withinDivision"], prov),
               (prov, p["withinDivision"], city),  # a cycle in bad data
               (office, p["partOf"], gov), (gov, p["governs"], city),
               (gov, p["partOf"], f"<{kgr}gov-body/h>"), (f"<{kgr}gov-body/h>", p["governs"], other)]
    out = place_triples(triples)
    assert {o for s, q, o in out if s == firm and q == PLACE_OF_ACTOR} == {county}
    assert {o for s, q, o in out if s == office and q == PLACE_OF_ACTOR} == {city}
    assert {o for s, q, o in out if s == gov and q == PLACE_OF_ACTOR} == {city}  # governs: not the whole's
    assert {o for s, q, o in out if s == county and q == PROVINCE_OF} == {prov}  # untyped province IRI
    assert {o for s, q, o in out if s == county and q == CITY_OF} == {city}
    assert place_triples(reversed(triples)) == out
