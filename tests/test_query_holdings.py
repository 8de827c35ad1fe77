"""The holding shortcuts of graph:index (kg/index.py): each equals the join it replaces."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.index import index_quads
from kg.query import open_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "query" / "graph.ttl"
PREFIXES = """PREFIX kg: <https://w3id.org/rmrb-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# shortcut -> (the query over the shortcut, the join it replaces)
SHORTCUTS = {
    "holder": ("SELECT ?s ?o WHERE { ?s kg:holder ?o }",
               "SELECT DISTINCT ?s ?o WHERE { ?s rdf:predicate org:holds ; rdf:subject ?o ; "
               "rdf:object ?p }"),
    "heldPost": ("SELECT ?s ?o WHERE { ?s kg:heldPost ?o }",
                 "SELECT DISTINCT ?s ?o WHERE { ?s rdf:predicate org:holds ; rdf:subject ?p ; "
                 "rdf:object ?o }"),
    "heldIn": ("SELECT ?s ?o WHERE { ?s kg:heldIn ?o }",
               "SELECT DISTINCT ?s ?o WHERE { ?s rdf:predicate org:holds ; rdf:subject ?x ; rdf:object ?p . "
               "?p org:postIn ?o }"),
    "reportDate": ("SELECT ?s ?o WHERE { ?s kg:reportDate ?o }",
                   "SELECT DISTINCT ?s ?o WHERE { ?s rdf:predicate org:holds ; rdf:subject ?x ; "
                   "rdf:object ?p ; prov:wasDerivedFrom ?a . ?a dcterms:date ?o }"),
    "beginDate": ("SELECT ?s ?o WHERE { ?s kg:beginDate ?o }",
                  "SELECT DISTINCT ?s ?o WHERE { ?s time:hasBeginning/time:inXSDDate ?o }"),
    "endDate": ("SELECT ?s ?o WHERE { ?s kg:endDate ?o }",
                "SELECT DISTINCT ?s ?o WHERE { ?s time:hasEnd/time:inXSDDate ?o }"),
}


def _quads(store: ox.Store) -> list[tuple[str, str, str, str]]:
    return [("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name), str(q.subject),
             str(q.predicate), str(q.object)) for q in store]


@pytest.fixture(scope="module", params=["seeds", "fixture"])
def store(request) -> ox.Store:
    """The seeds build as exported (its graph:index from kg build), or the hand-written query fixture
    with the graph:index this code computes (it has no membership intervals)."""
    if request.param == "seeds":
        return open_store(graphs=[ROOT / "exports" / "graph.nq"])
    store = open_store(graphs=[FIXTURE])
    text = "".join(f"{s} {p} {o} {g} .\n" for g, s, p, o in index_quads(_quads(store)))
    store.bulk_load(text.encode(), format=ox.RdfFormat.N_QUADS)
    return store


def pairs(store: ox.Store, query: str) -> list[tuple[str, str]]:
    """The (subject, object) rows of ``query``, sorted, each row once per distinct pair."""
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return sorted({(str(s["s"]), str(s["o"])) for s in solutions})


@pytest.mark.parametrize("name", sorted(SHORTCUTS))
def test_shortcut_equals_the_join_it_replaces(store: ox.Store, name: str) -> None:
    shortcut, join = SHORTCUTS[name]
    expected = pairs(store, join)
    has_intervals = bool(pairs(store, "SELECT ?s ?o WHERE { ?s time:hasEnd ?o }"))
    assert expected or (name.endswith("Date") and name != "reportDate" and not has_intervals), \
        f"no {name} in this build: the test would prove nothing"
    assert pairs(store, shortcut) == expected
    # one triple per statement or interval (a build has one value for each)
    assert len(list(store.query(PREFIXES + shortcut, use_default_graph_as_union=True))) == len(expected)


def test_shortcuts_of_two_shards_stay_apart() -> None:
    """The same build loaded twice under other IRIs (two shards): each shortcut triple doubles, none pairs
    a statement or interval of one shard with a value of the other."""
    one = open_store(graphs=[ROOT / "exports" / "graph.nq"])
    text = (ROOT / "exports" / "graph.nq").read_text(encoding="utf-8")
    two = ox.Store()
    two.bulk_load(text.encode(), format=ox.RdfFormat.N_QUADS)
    two.bulk_load(text.replace("https://w3id.org/rmrb-kg/id/", "https://w3id.org/rmrb-kg/id/shard2-").encode(),
                  format=ox.RdfFormat.N_QUADS)
    for name, (shortcut, join) in SHORTCUTS.items():
        single, double = pairs(one, shortcut), pairs(two, shortcut)
        assert len(double) == 2 * len(single) > 0, name
        assert double == pairs(two, join), name
