"""The index graph: what the named queries would otherwise compute at query time, computed at build time.

Consumes a build's quads (N-Triples strings, :func:`kg.graph.graph_quads` and the careers); produces the
quads of one more named graph, ``graph:index`` (docs/sparql.md, "The index graph"):

- a VoID description of the build (``void:Dataset``): its distinct triples, one ``void:classPartition`` per
  class (``void:entities``: the kg nodes typed with it; ``void:triples``: the distinct triples about them)
  and one ``void:propertyPartition`` per predicate (``void:triples``), for the ``overview`` query;
- ``kg:labelKey``: each name of a node (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``) NFKC-normalised
  and lower-cased, so that a ``--param`` given as a name is one index lookup (:func:`label_key`);
- ``kg:displayLabel``: the one ``rdfs:label`` a listing shows for a node, its first English label in
  code-point order, else its first Chinese one, else its first of any language (:func:`display_labels`), so
  that a query fetches one label per node instead of filtering every label by language;
- ``kg:placeOfActor``, ``kg:provinceOf``, ``kg:cityOf``: each actor's places and each place's city and
  province (:mod:`kg.index_places`), for the place and mechanism listings, and ``kg:placeLabel``, the
  display label of each place or province they name (a small predicate to read whole);
- per ``kg:Statement`` (:func:`statement_keys`, for the ``evidence`` query): ``kg:predicateName``, the local
  name of its ``rdf:predicate``; ``kg:subjectLabel`` and ``kg:objectLabel``, the display labels of its
  subject and object; ``kg:articleDate``, the ``dcterms:date`` of the article it was derived from;
  ``kg:evidenceSpan``, its ``kg:lang``, ``kg:start`` and ``kg:end`` in one short string (``"zh 35 290"``;
  up to 15 bytes, as for offsets below 100,000, it is stored in Oxigraph's term itself: one column instead
  of three). One statement is in one article, so these stay right when several builds share a store;
- the holding shortcuts (:func:`holding_shortcuts`): per ``org:holds`` statement its person, post, the post's
  body, its article and the article's date (``kg:holder``, ``kg:heldPost``, ``kg:heldIn``,
  ``kg:reportingArticle``, ``kg:reportDate``) and the display label of its body (``kg:bodyLabel``; its
  person's and post's are its ``kg:subjectLabel`` and ``kg:objectLabel``); per ``org:Membership`` the display
  labels of its person, post and body (``kg:holderLabel``, ``kg:postLabel``, ``kg:bodyLabel``); per
  ``time:Interval`` its dates (``kg:beginDate``, ``kg:endDate``): the person queries read each column from
  a predicate of its own instead of joining two to four hops;
- the adoption shortcuts (:func:`adoption_shortcuts`, for ``mechanism_adoption``): per ``kg:adoptsMechanism``
  statement, and per ``kg:establishes`` statement whose object is a ``kg:instanceOfMechanism``, its actor,
  mechanism, article, the article's date and the actor's display label (``kg:adopter``,
  ``kg:adoptedMechanism``, ``kg:adoptionArticle``, ``kg:adoptionDate``, ``kg:adopterLabel``), and for an
  establishing one the body it set up (``kg:establishedBody``); per adopted mechanism its display label
  (``kg:mechanismLabel``): the listing reads a few small predicates instead of the statement columns of
  every fact and every node's display label.

Nothing here is a new fact: every triple follows from the other graphs, and the index graph is left out of
its own counts. Several builds loaded into one store (shards) each bring their own description.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from operator import itemgetter

from kg.index_places import CITY_OF, PLACE_INPUTS, PLACE_OF_ACTOR, PROVINCE_OF, place_triples
from kg.namespace import KG, KGR
from kg.ntriples import RDF_TYPE, Quad, export_order, iri, literal, parse_literal

VOID = "http://rdfs.org/ns/void#"
INDEX_GRAPH = iri(f"{KGR}graph/index")
LABEL_KEY = iri(f"{KG}labelKey")
DISPLAY_LABEL = iri(f"{KG}displayLabel")
PLACE_LABEL = iri(f"{KG}placeLabel")
STATEMENT = iri(f"{KG}Statement")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_STATEMENT_PARTS = {iri(RDF + "subject"): "subject", iri(RDF + "predicate"): "predicate",
                    iri(RDF + "object"): "object", iri("http://www.w3.org/ns/prov#wasDerivedFrom"): "article",
                    iri(f"{KG}lang"): "lang", iri(f"{KG}start"): "start", iri(f"{KG}end"): "end"}
DCTERMS_DATE = iri("http://purl.org/dc/terms/date")
RDFS_LABEL = iri("http://www.w3.org/2000/01/rdf-schema#label")
PROV_ACTIVITY = iri("http://www.w3.org/ns/prov#Activity")
NAME_PROPERTIES = frozenset(iri(p) for p in ("http://www.w3.org/2000/01/rdf-schema#label",
                                            "http://www.w3.org/2004/02/skos/core#prefLabel",
                                            "http://www.w3.org/2004/02/skos/core#altLabel"))
_KG_NODE = f"<{KGR}"[:-3]  # "<https://w3id.org/rmrb-kg/": the overview counts nodes under it
Triple = tuple[str, str, str]
_SHORT = {name: iri(f"{KG}{name}") for name in (
    "holder", "heldPost", "heldIn", "reportingArticle", "reportDate", "holderLabel", "postLabel", "bodyLabel",
    "beginDate", "endDate")}
_RDF_PREDICATE, _RDF_SUBJECT, _RDF_OBJECT = (iri(f"http://www.w3.org/1999/02/22-rdf-syntax-ns#{n}")
                                             for n in ("predicate", "subject", "object"))
_ORG_HOLDS, _POST_IN = iri("http://www.w3.org/ns/org#holds"), iri("http://www.w3.org/ns/org#postIn")
_DERIVED, _DATE = iri("http://www.w3.org/ns/prov#wasDerivedFrom"), iri("http://purl.org/dc/terms/date")
_HAS_BEGINNING, _HAS_END, _IN_XSD_DATE = (iri(f"http://www.w3.org/2006/time#{n}")
                                          for n in ("hasBeginning", "hasEnd", "inXSDDate"))
_ORG_MEMBER, _ORG_ORGANIZATION = iri("http://www.w3.org/ns/org#member"), iri("http://www.w3.org/ns/org#organization")
_KG_POST = iri(f"{KG}post")
_ADOPTS, _ESTABLISHES, _INSTANCE_OF = (iri(f"{KG}{n}") for n in ("adoptsMechanism", "establishes",
                                                                   "instanceOfMechanism"))
_ADOPTION_INPUTS = (_RDF_PREDICATE, _RDF_SUBJECT, _RDF_OBJECT, _DERIVED, _DATE, _INSTANCE_OF)
_ADOPTION = {name: iri(f"{KG}{name}") for name in (
    "adopter", "adoptedMechanism", "adoptionArticle", "adoptionDate", "adopterLabel", "establishedBody",
    "mechanismLabel")}
_HOLDING_INPUTS = (_RDF_PREDICATE, _RDF_SUBJECT, _RDF_OBJECT, _POST_IN, _DERIVED, _DATE, _HAS_BEGINNING,
                   _HAS_END, _IN_XSD_DATE, _ORG_MEMBER, _ORG_ORGANIZATION, _KG_POST)
_V = {name: iri(VOID + name) for name in ("Dataset", "triples", "entities", "classPartition", "class",
                                           "propertyPartition", "property")}


def label_key(name: str) -> str:
    """The lookup key of a name: NFKC, then lower case ('ＴＡＩＹＵＡＮ' -> 'taiyuan'); what
    :func:`kg.query.to_term` makes of a plain ``--param`` value, so that the two meet."""
    return unicodedata.normalize("NFKC", name).lower()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def display_labels(triples: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Node -> the N-Triples literal of its display label (English, else Chinese, else any; the first in
    code-point order of its language)."""
    best: dict[str, tuple[int, str, str]] = {}
    for s, p, o in triples:
        if p != RDFS_LABEL or not o.startswith('"'):
            continue
        text, lang, _ = parse_literal(o)
        rank = {"en": 0, "zh": 1}.get((lang or "").lower(), 2)  # zh-Latn-pinyin is "any"
        if s not in best or (rank, text) < best[s][:2]:
            best[s] = (rank, text, o)
    return {s: value[2] for s, value in best.items()}


def statement_keys(triples: Iterable[Triple], labels: dict[str, str]) -> list[Triple]:
    """Per kg:Statement: its predicate's local name, its subject's and object's display labels (``labels``:
    :func:`display_labels`), its article's date and its evidence span, so that ``evidence`` reads one
    statement's row in one basic graph pattern."""
    statements: set[str] = set()
    parts: dict[str, dict[str, str]] = defaultdict(dict)
    dates: dict[str, str] = {}
    for s, p, o in triples:
        if p == RDF_TYPE and o == STATEMENT:
            statements.add(s)
        elif p in _STATEMENT_PARTS:
            parts[s][_STATEMENT_PARTS[p]] = o
        elif p == DCTERMS_DATE:
            dates[s] = o
    out = []
    for st in statements:
        part = parts[st]
        if part.get("predicate", "").startswith("<"):
            name = re.split(r"[/#]", part["predicate"][1:-1])[-1]
            out.append((st, iri(f"{KG}predicateName"), literal(name)))
        for role in ("subject", "object"):
            if part.get(role) in labels:
                out.append((st, iri(f"{KG}{role}Label"), labels[part[role]]))
        if part.get("article") in dates:
            out.append((st, iri(f"{KG}articleDate"), dates[part["article"]]))
        span = [parse_literal(part[name])[0] for name in ("lang", "start", "end") if name in part]
        if len(span) == 3:
            out.append((st, iri(f"{KG}evidenceSpan"), literal(" ".join(span))))
    return out


def _by_predicate(
    triples: Iterable[Triple], inputs: Iterable[str]
) -> tuple[dict[str, dict[str, list[str]]], dict[str, dict[str, str]]]:
    """The objects of each of ``inputs`` per subject, all of them and the least (one value per subject,
    the same whatever the order the triples come in)."""
    by_pred: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    wanted = set(inputs)
    for s, p, o in triples:
        if p in wanted:
            by_pred[p][s].append(o)
    return by_pred, {p: {s: min(values) for s, values in by_pred[p].items()} for p in wanted}


def holding_shortcuts(triples: Iterable[Triple], labels: dict[str, str]) -> list[Triple]:
    """The holding shortcuts (module docstring) of ``triples``, ``labels`` being their display labels:
    triples about one statement, membership or interval each, so shards loaded together stay exact (a
    statement and an interval belong to one build; a membership gets its build's display labels)."""
    _, one = _by_predicate(triples, _HOLDING_INPUTS)
    out = []

    def labelled(node: str, person: str | None, post: str | None, body: str | None) -> None:
        for name, value in (("holderLabel", person), ("postLabel", post), ("bodyLabel", body)):
            if value in labels:
                out.append((node, _SHORT[name], labels[value]))

    for st, pred in one[_RDF_PREDICATE].items():
        if pred == _ORG_HOLDS and st in one[_RDF_SUBJECT] and st in one[_RDF_OBJECT]:
            person, post = one[_RDF_SUBJECT][st], one[_RDF_OBJECT][st]
            body = one[_POST_IN].get(post)
            out += [(st, _SHORT["holder"], person), (st, _SHORT["heldPost"], post)]
            out += [(st, _SHORT["heldIn"], body)] if body else []
            labelled(st, None, None, body)  # its person's and post's: kg:subjectLabel, kg:objectLabel
            article = one[_DERIVED].get(st)
            out += [(st, _SHORT["reportingArticle"], article)] if article else []
            out += [(st, _SHORT["reportDate"], one[_DATE][article])] if article in one[_DATE] else []
    for membership, person in one[_ORG_MEMBER].items():
        if membership in one[_KG_POST]:
            labelled(membership, person, one[_KG_POST][membership], one[_ORG_ORGANIZATION].get(membership))
    for name, link in (("beginDate", _HAS_BEGINNING), ("endDate", _HAS_END)):
        out += [(interval, _SHORT[name], one[_IN_XSD_DATE][instant])
                for interval, instant in one[link].items() if instant in one[_IN_XSD_DATE]]
    return out


def adoption_shortcuts(triples: Iterable[Triple], labels: dict[str, str]) -> list[Triple]:
    """The adoption shortcuts (module docstring) of ``triples``, ``labels`` being their display labels:
    triples about one statement each (a statement belongs to one build, so shards stay exact)."""
    by_pred, one = _by_predicate(triples, _ADOPTION_INPUTS)
    out = []
    adopted: set[str] = set()
    for st, pred in one[_RDF_PREDICATE].items():
        actor, thing = one[_RDF_SUBJECT].get(st), one[_RDF_OBJECT].get(st)
        if actor is None or thing is None or pred not in (_ADOPTS, _ESTABLISHES):
            continue
        mechanisms = [thing] if pred == _ADOPTS else sorted(set(by_pred[_INSTANCE_OF].get(thing, ())))
        article = one[_DERIVED].get(st)
        if not mechanisms or article is None:
            continue
        out += [(st, _ADOPTION["adopter"], actor), (st, _ADOPTION["adoptionArticle"], article)]
        out += [(st, _ADOPTION["adoptedMechanism"], mechanism) for mechanism in mechanisms]
        out += [(st, _ADOPTION["establishedBody"], thing)] if pred == _ESTABLISHES else []
        out += [(st, _ADOPTION["adoptionDate"], one[_DATE][article])] if article in one[_DATE] else []
        out += [(st, _ADOPTION["adopterLabel"], labels[actor])] if actor in labels else []
        adopted.update(mechanisms)
    return out + [(m, _ADOPTION["mechanismLabel"], labels[m]) for m in sorted(adopted) if m in labels]


def index_quads(quads: Iterable[Quad]) -> list[Quad]:
    """The ``graph:index`` quads of a build, in export order (see the module docstring)."""
    # distinct triples in the quads' order (a dict, not a set): the passes below then read memory in order
    # rather than in hash order, several times faster on a month's 700k triples (issue 16)
    quads = quads if isinstance(quads, list) else list(quads)
    if INDEX_GRAPH in map(itemgetter(0), quads):  # (a build's own quads have no index yet)
        triples = dict.fromkeys([q[1:] for q in quads if q[0] != INDEX_GRAPH])
    else:
        triples = dict.fromkeys(map(itemgetter(1, 2, 3), quads))  # the tuples made in C
    per_subject = Counter(map(itemgetter(0), triples))  # counted in C: there are a million triples
    by_pred: dict[str, list[Triple]] = defaultdict(list)
    for t in triples:  # one pass over them all; each part below reads only its few predicates
        by_pred[t[1]].append(t)
    classes: dict[str, set[str]] = defaultdict(set)
    keys: set[tuple[str, str]] = set()
    labels: list[tuple[str, str, str]] = []
    builds: list[str] = []
    statements: list[Triple] = []  # the rdf:type kg:Statement triples, for statement_keys
    for t in by_pred.get(RDF_TYPE, ()):
        s, _, o = t
        if s.startswith(_KG_NODE):
            classes[o].add(s)
        if o == STATEMENT:
            statements.append(t)
        elif o == PROV_ACTIVITY:
            builds.append(s)
    for t in _having(by_pred, sorted(NAME_PROPERTIES)):
        p = t[1]
        if t[2].startswith('"'):
            if t[0].startswith("<"):
                keys.add((t[0], literal(label_key(parse_literal(t[2])[0]))))
            if p == RDFS_LABEL:
                labels.append(t)
    # The build activity names the description: one per build, so shards' descriptions stay apart.
    builds.sort()
    name = builds[0][1:-1].rsplit("/", 1)[-1] if builds else _digest("".join(sorted(map(str, triples))))
    dataset = f"{KGR}dataset/build-{name}"
    g, out = INDEX_GRAPH, []
    ds = iri(dataset)
    out += [(g, ds, RDF_TYPE, _V["Dataset"]), (g, ds, _V["triples"], literal(len(triples)))]
    for cls, nodes in classes.items():
        part = iri(f"{dataset}/class/{_digest(cls)}")
        out += [(g, ds, _V["classPartition"], part), (g, part, _V["class"], cls),
                (g, part, _V["entities"], literal(len(nodes))),
                (g, part, _V["triples"], literal(sum(map(per_subject.__getitem__, nodes))))]
    for prop, group in by_pred.items():
        part = iri(f"{dataset}/property/{_digest(prop)}")
        out += [(g, ds, _V["propertyPartition"], part), (g, part, _V["property"], prop),
                (g, part, _V["triples"], literal(len(group)))]
    out += [(g, s, LABEL_KEY, key) for s, key in keys]
    display = display_labels(labels)
    out += [(g, s, DISPLAY_LABEL, label) for s, label in display.items()]
    places = place_triples(_having(by_pred, PLACE_INPUTS))
    out += [(g, *triple) for triple in places]
    shown = {o for _, p, o in places if p in (PLACE_OF_ACTOR, PROVINCE_OF, CITY_OF)}
    out += [(g, place, PLACE_LABEL, display[place]) for place in sorted(shown) if place in display]
    # statement_keys reads no other rdf:type triple than these (a month has 170k rdf:type triples)
    statement_inputs = itertools.chain(statements, _having(by_pred, (DCTERMS_DATE, *_STATEMENT_PARTS)))
    out += [(g, *triple) for triple in statement_keys(statement_inputs, display)]
    out += [(g, s, p, o) for s, p, o in holding_shortcuts(_having(by_pred, _HOLDING_INPUTS), display)]
    out += [(g, s, p, o) for s, p, o in adoption_shortcuts(_having(by_pred, _ADOPTION_INPUTS), display)]
    return sorted(out, key=export_order)


def _having(by_pred: dict[str, list[Triple]], predicates: Iterable[str]) -> Iterator[Triple]:
    """The triples of ``by_pred`` (triples grouped by predicate) whose predicate is one of ``predicates``."""
    for p in dict.fromkeys(predicates):
        yield from by_pred.get(p, ())


def with_index(quads: list[Quad]) -> list[Quad]:
    """``quads`` followed by their ``graph:index`` (the last graph of the exports)."""
    return quads + index_quads(quads)
