"""The place shortcuts of graph:index: where each actor is, and the city and province of each place.

Consumes a build's distinct triples (outside graph:index); produces the ``(s, p, o)`` triples that the place
and mechanism listings (mechanism_adoption, mechanisms_across_provinces, enterprises_by_place,
bodies_by_government, statistics_by_place) read in one basic graph pattern (docs/sparql.md, "The index
graph"):

- ``?actor kg:placeOfActor ?place``: the actor itself when it is typed a place; what it governs; where it
  is located, the finest location only (located in a city and its province: the city); and when it governs
  nothing, what the bodies it is part of govern. An actor may have several places.
- ``?place kg:provinceOf ?province``: the place itself when it is a province, else each province up its
  ``kg:withinDivision`` chain (typed ``kg:Province``, or a province IRI that no article types or labels);
- ``?place kg:cityOf ?city``: likewise for ``kg:City`` (a county's city).

Every triple is about one node and follows from that node's own triples and the division chain, so a
store of several builds holds the union of what each build found (docs/sparql.md, "Shards").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.namespace import KG, KGR
from kg.ntriples import RDF_TYPE, iri

PLACE_OF_ACTOR = iri(f"{KG}placeOfActor")
PROVINCE_OF = iri(f"{KG}provinceOf")
CITY_OF = iri(f"{KG}cityOf")
PLACE_CLASSES = frozenset(iri(f"{KG}{name}") for name in ("Country", "Region", "Province", "City", "County"))
PROVINCE, CITY = iri(f"{KG}Province"), iri(f"{KG}City")
_PROVINCE_IRI = f"<{KGR}province/"
_GOVERNS, _LOCATED_IN, _PART_OF, _WITHIN = (iri(f"{KG}{name}") for name in
                                            ("governs", "locatedIn", "partOf", "withinDivision"))
PLACE_INPUTS = (RDF_TYPE, _GOVERNS, _LOCATED_IN, _PART_OF, _WITHIN)  # the predicates place_triples reads


def _above(node: str, within: dict[str, set[str]], memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """Every division ``node`` is within, one or more ``kg:withinDivision`` steps up (cycles end)."""
    if node not in memo:
        seen: set[str] = set()
        todo = list(within.get(node, ()))
        while todo:
            step = todo.pop()
            if step not in seen:
                seen.add(step)
                todo.extend(within.get(step, ()))
        memo[node] = frozenset(seen)
    return memo[node]


def place_triples(triples: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """The ``kg:placeOfActor``, ``kg:provinceOf`` and ``kg:cityOf`` triples of a build's triples."""
    types: dict[str, set[str]] = defaultdict(set)
    links = {p: defaultdict(set) for p in (_GOVERNS, _LOCATED_IN, _PART_OF, _WITHIN)}
    for s, p, o in triples:
        if p == RDF_TYPE:
            if o in PLACE_CLASSES:  # the only types read below: no set per typed node of the build
                types[s].add(o)
        elif p in links and o.startswith("<"):
            links[p][s].add(o)
    governs, located, part_of, within = (links[p] for p in (_GOVERNS, _LOCATED_IN, _PART_OF, _WITHIN))
    memo: dict[str, frozenset[str]] = {}
    out: set[tuple[str, str, str]] = set()
    places_typed = {s for s, cls in types.items() if cls & PLACE_CLASSES}
    actors = set(governs) | set(located) | set(part_of) | places_typed
    for actor in actors:
        places = set(governs.get(actor, ()))
        if actor in places_typed:
            places.add(actor)
        where = located.get(actor, set())
        places |= {p for p in where if not any(p in _above(finer, within, memo) for finer in where)}
        if actor not in governs:
            places |= {p for whole in part_of.get(actor, ()) for p in governs.get(whole, ())}
        out |= {(actor, PLACE_OF_ACTOR, place) for place in places}
    for place in {o for _, _, o in out} | set(within):
        up = _above(place, within, memo)
        is_a = types.get(place, set())
        out |= {(place, PROVINCE_OF, p) for p in up
                if PROVINCE in types.get(p, ()) or p.startswith(_PROVINCE_IRI)}
        out |= {(place, CITY_OF, c) for c in up if CITY in types.get(c, ())}
        if PROVINCE in is_a:
            out.add((place, PROVINCE_OF, place))
        if CITY in is_a:
            out.add((place, CITY_OF, place))
    return out
