"""The evidence query reads per-statement keys of graph:index: it gives the rows of the former join."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.index import INDEX_GRAPH, statement_keys
from kg.query import PreparedQuery, bind_params, open_store, resolve_query, run_query, to_rows

ROOT = Path(__file__).resolve().parents[1]
JOIN = ROOT / "tests" / "data" / "query" / "evidence-join.rq"
SLOW_KEYS = """PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?statement ?name ?date ?lang ?start ?end WHERE {
  ?statement a kg:Statement ; rdf:predicate ?p ; prov:wasDerivedFrom ?article ;
             kg:lang ?lang ; kg:start ?start ; kg:end ?end .
  BIND(REPLACE(STR(?p), "^.*[/#]", "") AS ?name)
  OPTIONAL { ?article dcterms:date ?date }
}"""


@pytest.fixture(scope="module")
def seeds() -> ox.Store:
    return open_store(graphs=[ROOT / "exports" / "graph.nq"])


def rows(store: ox.Store, query: PreparedQuery, **params: str) -> list[tuple]:
    return to_rows(run_query(store, bind_params(query, params)))[1]


def test_the_named_query_gives_the_rows_of_the_join(seeds: ox.Store) -> None:
    """Every parameter form (none, IRI, name in any case, predicate by IRI or local name, several at once)."""
    named = resolve_query("evidence")
    join = PreparedQuery(JOIN.read_text(encoding="utf-8"), str(JOIN), named.named)
    every = rows(seeds, named)
    assert len(every) > 100
    assert every == rows(seeds, join)
    subjects = sorted({str(r[10])[1:-1] for r in every})
    objects = sorted({str(r[11])[1:-1] for r in every if isinstance(r[11], ox.NamedNode)})
    names = sorted({r[0].value for r in every if isinstance(r[0], ox.Literal)})
    cases = [{"predicate": "holds"}, {"predicate": "org:holds"}, {"predicate": "governs"},
             {"predicate": "nothing"}, {"subject": "no such name"}]
    cases += [{"subject": s} for s in subjects[:8]] + [{"object": o} for o in objects[:8]]
    cases += [{"subject": n} for n in names[:8]] + [{"object": n.upper()} for n in names[:8]]
    cases += [{"subject": n, "predicate": "holds"} for n in names[:8]]
    found = 0
    for params in cases:
        new = rows(seeds, named, **params)
        assert new == rows(seeds, join, **params), params
        found += bool(new)
    assert found > 20


def test_statement_keys_are_what_a_join_over_the_graph_gives(seeds: ox.Store) -> None:
    """kg:predicateName, kg:articleDate and kg:evidenceSpan of each statement: the local name, the article's
    date, and its kg:lang, kg:start and kg:end in one string of at most 15 bytes (kept in Oxigraph's term)."""
    slow = {(str(r[0]), r[1].value, r[2].value if r[2] else None, f"{r[3].value} {r[4].value} {r[5].value}")
            for r in to_rows(run_query(seeds, bind_params(PreparedQuery(SLOW_KEYS, "keys"), {})))[1]}
    assert len(slow) > 100
    quads = [(str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
             for q in ox.parse(path=str(ROOT / "exports" / "graph.nq"), format=ox.RdfFormat.N_QUADS)]
    keys = statement_keys([q[1:] for q in quads if q[0] != INDEX_GRAPH], {})
    name = {s: o for s, p, o in keys if p.endswith("#predicateName>")}
    date = {s: o for s, p, o in keys if p.endswith("#articleDate>")}
    span = {s: o.strip('"') for s, p, o in keys if p.endswith("#evidenceSpan>")}
    fast = {(s, name[s].strip('"'), date[s].split('"')[1] if s in date else None, span[s]) for s in name}
    assert fast == slow
    assert max(len(text.encode()) for text in span.values()) <= 15


def test_the_shape_of_an_evidence_span() -> None:
    """ontology/shapes.ttl accepts "lang start end" and refuses a span missing a part or with two."""
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    head = ("@prefix kg: <https://w3id.org/rmrb-kg/ontology#> . "
            "<https://w3id.org/rmrb-kg/id/statement/s1> a kg:Statement ; kg:evidenceSpan ")
    refused = []
    for span in ('"zh 35 290"', '"zh 35"', '"zh 35 290", "en 1 2"'):
        results = validate(Graph().parse(data=head + span + " .", format="turtle"), shacl_graph=shapes,
                           inference="none")[1]
        messages = {str(m) for m in results.objects(None, SH.resultMessage)}
        refused.append(any("kg:evidenceSpan" in m for m in messages))
    assert refused == [False, True, True]
