"""The colleagues query against its definition, computed in Python, on a store of two builds (shards).

The store: memberships of one body, some in both builds with another interval and other labels in each
(a membership has one label per build; the query takes the first, English first), one undated, one of
another body, one person in two posts. The reference reads the same triples with quads_for_pattern.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import product

import pyoxigraph as ox

from kg.query import prepare, run_query, to_rows

ID, KG, ORG = "https://w3id.org/rmrb-kg/id/", "https://w3id.org/rmrb-kg/ontology#", "http://www.w3.org/ns/org#"
DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
# membership: person, body, post, {build: (begin, end, person label, post label, body label)}; "text@lang"
MEMBERSHIPS = {
    "m1": ("p1", "b1", "chair", {1: ("1990-01-05", "1990-03-01", "Wang A@en", "Chair@en", "Board@en"),
                                 2: ("1991-06-01", "1991-06-01", "王甲@zh", "主任@zh", "委员会@zh")}),
    "m2": ("p2", "b1", "deputy", {1: ("1990-02-01", "1990-02-01", "Li B@en", "Deputy@en", "Board@en")}),
    "m3": ("p3", "b1", "member", {2: ("1991-01-01", "1991-12-31", "Zhao C@en", "Member@en", "Board@en"),
                                  1: ("1991-03-01", "1991-07-01", "Zhao C.@en", "Member@en", "Board@en")}),
    "m4": ("p1", "b1", "member", {2: ("1991-06-01", "1991-06-02", "Wang A@en", "Member@zh", "Board@en")}),
    "m5": ("p4", "b2", "chair", {1: ("1990-01-01", "1990-12-31", "Qian D@en", "Chair@en", "Bureau@en")}),
    "m6": ("p5", "b1", "chair", {2: (None, "1991-06-01", "Sun E@en", "Chair@en", "Board@en")}),
}


def _store() -> ox.Store:
    """The memberships as two builds would write them: facts in a build graph, shortcuts in graph:index."""
    store, quads = ox.Store(), []
    for name, (person, body, post, builds) in MEMBERSHIPS.items():
        m = ox.NamedNode(f"{ID}membership/{name}")
        for build, (begin, end, *labels) in builds.items():
            g, index = ox.NamedNode(f"{ID}graph/build{build}"), ox.NamedNode(f"{ID}graph/index{build}")
            during = ox.NamedNode(f"{ID}membership/{name}.during.{begin}.{end}")
            quads += [ox.Quad(m, ox.NamedNode(ORG + "member"), ox.NamedNode(f"{ID}person/{person}"), g),
                      ox.Quad(m, ox.NamedNode(ORG + "organization"), ox.NamedNode(f"{ID}body/{body}"), g),
                      ox.Quad(m, ox.NamedNode(KG + "post"), ox.NamedNode(f"{ID}post/{body}-{post}"), g),
                      ox.Quad(m, ox.NamedNode(ORG + "memberDuring"), during, g)]
            quads += [ox.Quad(during, ox.NamedNode(KG + p), ox.Literal(d, datatype=DATE), index)
                      for p, d in (("beginDate", begin), ("endDate", end)) if d]
            for p, label in zip(("holderLabel", "postLabel", "bodyLabel"), labels, strict=True):
                text, lang = label.split("@")
                quads.append(ox.Quad(m, ox.NamedNode(KG + p), ox.Literal(text, language=lang), index))
    store.extend(quads)
    return store


def _values(store: ox.Store, predicate: str) -> dict[ox.NamedNode, list]:
    """Subject -> its distinct objects of ``predicate`` (the triples of the union of the graphs)."""
    out: dict[ox.NamedNode, list] = defaultdict(list)
    for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
        if q.object not in out[q.subject]:
            out[q.subject].append(q.object)
    return out


def _first(labels: list[ox.Literal]) -> ox.Literal:
    """A membership's label: English, else Chinese, else any; the first in its language's code-point order."""
    rank = {"en": 0, "zh": 1}
    return min(labels, key=lambda lit: f"{rank.get(lit.language, 2)}{lit.language}|{lit.value}")


def reference(store: ox.Store) -> list[tuple]:
    """The colleagues rows by their definition (kg/queries/colleagues.rq's header), in its order."""
    member, body = _values(store, ORG + "member"), _values(store, ORG + "organization")
    during, begin, end = (_values(store, ORG + "memberDuring"), _values(store, KG + "beginDate"),
                          _values(store, KG + "endDate"))
    labels = {p: _values(store, KG + p) for p in ("holderLabel", "postLabel", "bodyLabel")}
    spans = {m: [(begin[d][0], end[d][0]) for d in during[m] if d in begin and d in end] for m in member}
    rows = []
    for a, b in product(member, member):
        if body[a] != body[b] or member[a] == member[b]:
            continue
        hits = [(x, y) for x, y in product(spans[a], spans[b])
                if x[0].value <= y[1].value and y[0].value <= x[1].value]
        if hits:
            row = (_first(labels["bodyLabel"][a]), _first(labels["holderLabel"][a]),
                   _first(labels["postLabel"][a]),
                   min((x[0] for x, _ in hits), key=str), max((x[1] for x, _ in hits), key=str),
                   _first(labels["holderLabel"][b]), _first(labels["postLabel"][b]),
                   min((y[0] for _, y in hits), key=str), max((y[1] for _, y in hits), key=str),
                   body[a][0], member[a][0], member[b][0])
            rows.append(row)

    def key(r: tuple) -> tuple:
        text = [(lit.value, lit.language) for lit in (r[0], r[1], r[5], r[2], r[6])]
        return (text[0], text[1], r[3].value, text[2], r[11].value, text[3], text[4], r[7].value, r[4].value,
                r[8].value, r[10].value, r[9].value)
    return sorted(rows, key=key)


def test_colleagues_equal_their_definition_across_two_builds() -> None:
    store = _store()
    columns, rows = to_rows(run_query(store, prepare("colleagues")))
    expected = reference(store)
    assert len(expected) >= 6  # pairs in both builds and across them, a person in two posts
    assert {str(r[10]) for r in expected} >= {f"<{ID}person/p{i}>" for i in (1, 2, 3)}
    assert [tuple(map(str, r)) for r in rows] == [tuple(map(str, r)) for r in expected]
    # a parameter narrows the same rows
    person = f"{ID}person/p3"
    _, mine = to_rows(run_query(store, prepare("colleagues", {"person": person})))
    assert mine and [tuple(map(str, r)) for r in mine] == [tuple(map(str, r)) for r in rows
                                                            if str(r[10]) == f"<{person}>"]
