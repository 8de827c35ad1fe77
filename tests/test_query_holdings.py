"""The holding shortcuts of graph:index (kg/index.py): each equals the join it replaces."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import open_store, prepare, run_query, to_rows

from .conftest import seed_shards, shortcut_store

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = """PREFIX kg: <https://w3id.org/rmrb-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# shortcut -> the join it replaces (?s: the holding statement, membership or interval; ?o: the value)
HOLDING = "?s rdf:predicate org:holds ; rdf:subject ?person ; rdf:object ?post"
MEMBERSHIP = "?s org:member ?person ; kg:post ?post"
JOINS = {
    "holder": f"{HOLDING} BIND(?person AS ?o)",
    "heldPost": f"{HOLDING} BIND(?post AS ?o)",
    "heldIn": f"{HOLDING} . ?post org:postIn ?o",
    "reportingArticle": f"{HOLDING} ; prov:wasDerivedFrom ?o",
    "reportDate": f"{HOLDING} ; prov:wasDerivedFrom ?article . ?article dcterms:date ?o",
    # the display label of a membership's person and post (a holding statement's: kg:subjectLabel,
    # kg:objectLabel), and of a holding's body: on holding statements and memberships
    "holderLabel": f"{MEMBERSHIP} . ?person kg:displayLabel ?o",
    "postLabel": f"{MEMBERSHIP} . ?post kg:displayLabel ?o",
    "bodyLabel": f"{{ {HOLDING} . ?post org:postIn ?body }} UNION "
                 f"{{ {MEMBERSHIP} ; org:organization ?body }} ?body kg:displayLabel ?o",
    "beginDate": "?s time:hasBeginning/time:inXSDDate ?o",
    "endDate": "?s time:hasEnd/time:inXSDDate ?o",
}
SHORTCUTS = {name: (f"SELECT ?s ?o WHERE {{ ?s kg:{name} ?o }}", f"SELECT DISTINCT ?s ?o WHERE {{ {join} }}")
             for name, join in JOINS.items()}


@pytest.fixture(scope="module", params=["seeds", "fixture"])
def store(request) -> ox.Store:
    """The seeds build as exported (its graph:index from kg build), or the hand-written query fixture
    with the graph:index this code computes (it has no membership intervals)."""
    return shortcut_store(request.param)


def pairs(store: ox.Store, query: str) -> list[tuple[str, str]]:
    """The (subject, object) rows of ``query``, sorted, each row once per distinct pair."""
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return sorted({(str(s["s"]), str(s["o"])) for s in solutions})


@pytest.mark.parametrize("name", sorted(SHORTCUTS))
def test_shortcut_equals_the_join_it_replaces(store: ox.Store, name: str) -> None:
    shortcut, join = SHORTCUTS[name]
    expected = pairs(store, join)
    has_intervals = bool(pairs(store, "SELECT ?s ?o WHERE { ?s time:hasEnd ?o }"))
    has_memberships = bool(pairs(store, f"SELECT ?s (?person AS ?o) WHERE {{ {MEMBERSHIP} }}"))
    assert expected or (name.endswith("Date") and name != "reportDate" and not has_intervals) or \
        (name in ("holderLabel", "postLabel") and not has_memberships), \
        f"no {name} in this build: the test would prove nothing"
    assert pairs(store, shortcut) == expected
    # one triple per statement or interval (a build has one value for each)
    assert len(list(store.query(PREFIXES + shortcut, use_default_graph_as_union=True))) == len(expected)


def test_shortcuts_of_two_shards_stay_apart() -> None:
    """The same build loaded twice under other IRIs (two shards): each shortcut triple doubles, none pairs
    a statement or interval of one shard with a value of the other."""
    one, two = seed_shards()
    for name, (shortcut, join) in SHORTCUTS.items():
        single, double = pairs(one, shortcut), pairs(two, shortcut)
        assert len(double) == 2 * len(single) > 0, name
        assert double == pairs(two, join), name


def test_entity_leaves_out_the_holding_shortcuts() -> None:
    """entity on a holder, a post, a body, a holding statement: none of the shortcuts is listed."""
    store = open_store(graphs=[ROOT / "exports" / "graph.nq"])
    first = PREFIXES + "SELECT * { ?st kg:holder ?p ; kg:heldPost ?post ; kg:heldIn ?body } LIMIT 1"
    nodes = [str(s[v])[1:-1] for s in store.query(first, use_default_graph_as_union=True)
             for v in ("st", "p", "post", "body")]
    assert len(nodes) == 4
    for node in nodes:
        properties = {str(r[2]) for r in to_rows(run_query(store, prepare("entity", {"entity": node})))[1]}
        assert properties, node
        assert not {p for p in properties if p.rsplit("#", 1)[-1][:-1] in SHORTCUTS}, node
