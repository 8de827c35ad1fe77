"""Officials' careers: dated post holdings (W3C ORG + OWL-Time), appointment events, identity links.

- :func:`attach_paragraph_bodies` (per article, in the pipeline): a post stated without its body takes
  the body its paragraph is about, when one body of a fitting kind is named there more than any other.
- :func:`career_quads` (per build): one ``org:Membership`` per (person, post) with ``org:memberDuring`` a
  ``time:Interval`` from the first to the last article date attesting it, ``kg:attestedBy`` the holding
  facts; one typed ``kg:AppointmentEvent`` per holding whose sentence reports a change
  (kg/extract/appointments.py), with predecessor and successor when the sentence names both; and
  ``kg:possiblySameAs`` between same-named persons of different contexts (kg/identity.py).

All of it lives in the default graph: memberships aggregate articles; events and links have IRIs minted
from their article, span and persons, so shards concatenate (docs/identity.md).
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import compress
from operator import itemgetter

from rdflib import URIRef

from kg.extract.appointments import ENDING, event_kind, find_title
from kg.graph import ENTITIES_GRAPH, KG, ORG, PROV, RDF, XSD, _Graph, article_iri, entity_iri, post_iri
from kg.identity import Overrides, body_place, candidates
from kg.namespace import KGR, TIME
from kg.ntriples import Quad, export_order, iri, literal
from kg.records import ArticleResult, Mention, Relation
from kg.types import BODY_TYPES, PLACE_TYPES

# Which kinds of body a title can belong to (first matching row wins; no row: never attached).
_TITLE_BODIES = [
    (re.compile(r"secretar|party|书记|党委|支部", re.I), {"PartyBody"}),
    (re.compile(r"mayor|governor|magistrate|county head|minister|premier"
                r"|市长|省长|县长|区长|部长|厅长|局长|专员|乡长|镇长|州长", re.I), {"GovernmentBody"}),
    (re.compile(r"factory|manager|engineer|厂长|经理|工程师|矿长|董事", re.I), {"Enterprise"}),
    (re.compile(r"director|chairman|president|head|主任|主席|会长|院长|所长|处长|科长", re.I),
     {"GovernmentBody", "Organization", "Enterprise"}),
]


def _fitting(title: str) -> set[str]:
    return next((kinds for pattern, kinds in _TITLE_BODIES if pattern.search(title)), set())


def attach_paragraph_bodies(result: ArticleResult) -> ArticleResult:
    """Posts without a body take the body their paragraph names most often, if one fits the title."""
    if not any(r.post is not None and r.post.body is None for r in result.relations):
        return result
    relations = []
    for rel in result.relations:
        if rel.post is not None and rel.post.body is None:
            body = _paragraph_body(result, rel)
            if body is not None:
                rel = replace(rel, post=replace(rel.post, body=body))
        relations.append(rel)
    return replace(result, relations=relations, quads=None)


def _paragraph_body(result: ArticleResult, rel: Relation) -> tuple[str, str] | None:
    kinds = _fitting(f"{rel.post.title_en} {rel.post.title_zh}")  # type: ignore[union-attr]
    ev = rel.evidence
    text = result.article.body(ev.lang)
    start, end = text.rfind("\n", 0, ev.start) + 1, text.find("\n", ev.end)
    end = len(text) if end < 0 else end
    counts = {}
    for ent in result.entities:
        if ent.type in kinds:
            n = sum(1 for m in ent.mentions if m.lang == ev.lang and start <= m.start < end)
            if n:
                counts[ent.ref] = n
    if not counts:
        return None
    top = max(counts.values())
    best = [ref for ref, n in counts.items() if n == top]
    return best[0] if len(best) == 1 else None


_ANAPHOR = re.compile(r"这位|该|这名")


def resolve_title_anaphora(result: ArticleResult) -> ArticleResult:
    """'这位书记' after '市委书记李明': a mention of the last person named before it whose post's Chinese
    title ends with the words that follow (这位书记, 这位市长); two such holders in that sentence: none."""
    text = result.article.body_zh
    if not text or not _ANAPHOR.search(text):
        return result
    holders = sorted((r.evidence.start, r.subject, r.post.title_zh) for r in result.relations
                     if r.post is not None and r.evidence.lang == "zh" and len(r.post.title_zh) >= 2)
    by_ref = {e.ref: e for e in result.entities}
    for match in _ANAPHOR.finditer(text):
        fits = [(s, ref, title) for s, ref, title in holders if s < match.start()
                and any(text.startswith(title[-k:], match.end()) for k in range(2, len(title) + 1))]
        if not fits or len({ref for s, ref, _ in fits if s == fits[-1][0]}) > 1 or fits[-1][1] not in by_ref:
            continue
        ent, title = by_ref[fits[-1][1]], fits[-1][2]
        word = next(title[-k:] for k in range(len(title), 1, -1) if text.startswith(title[-k:], match.end()))
        end = match.end() + len(word)
        if not any(m.start == match.start() and m.lang == "zh" for m in ent.mentions):
            ent.mentions.append(Mention(result.article.id, "zh", match.start(), end, text[match.start():end],
                                        "Person", "title_anaphora"))
    return result


# --- holdings and events -----------------------------------------------------------------------------

@dataclass
class Holding:
    """A person's post, with every article date and fact that attests it."""

    person: tuple[str, str]
    post: URIRef
    body: tuple[str, str] | None
    place: tuple[str, str] | None = None
    current: set[str] = field(default_factory=set)  # dates of articles stating the person holds it
    ending: set[str] = field(default_factory=set)  # dates stating it ended (dismissed, former)
    facts: set[URIRef] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


def fact_iri(rel: Relation) -> URIRef:
    """The holding's kg:Statement, minted as kg.graph mints it."""
    subject, obj = entity_iri(rel.subject), post_iri(rel.post.title_en, rel.post.body)  # type: ignore[union-attr]
    ev = rel.evidence
    digest = hashlib.sha1(f"{ev.article}|{subject}|{ORG.holds}|{obj}|{ev.start}".encode()).hexdigest()[:16]
    return KGR[f"fact/{digest}"]


def _kind(result: ArticleResult, rel: Relation, person_at: dict) -> str:
    ev, post = rel.evidence, rel.post
    near = person_at.get((rel.subject, ev.lang, ev.start), 0)
    title = post.title_zh if ev.lang == "zh" else post.title_en  # type: ignore[union-attr]
    at = find_title(ev.text, title, near)
    return event_kind(ev.text, at, ev.lang) if at >= 0 else ""


def _person_offsets(result: ArticleResult) -> dict:
    """(person ref, lang, sentence start) -> offset of the person's first mention in that sentence."""
    out = {}
    by_ref = {e.ref: e for e in result.entities}
    for rel in result.relations:
        if rel.post is None:
            continue
        ev = rel.evidence
        ent = by_ref.get(rel.subject)
        spots = [m.start - ev.start for m in (ent.mentions if ent else []) if m.lang == ev.lang
                 and ev.start <= m.start < ev.end]
        out[(rel.subject, ev.lang, ev.start)] = min(spots, default=0)
    return out


def career_quads(results: list[ArticleResult], overrides: Overrides | None = None) -> list[Quad]:
    """The memberships, appointment events and identity candidates of a build (in graph:entities)."""
    quads: list[Quad] = []
    graph = _Graph(quads, iri(ENTITIES_GRAPH))
    holdings: dict[tuple, Holding] = {}
    persons: set[str] = set()
    for result in sorted(results, key=lambda r: r.article.id):
        refs = {e.ref for e in result.entities}
        persons |= {e.key for e in result.entities if e.type == "Person"}
        date = result.article.date
        person_at = _person_offsets(result)
        events = []
        for rel in result.relations:
            if rel.post is None or rel.subject not in refs:
                continue
            body = rel.post.body if rel.post.body in refs else None
            post = post_iri(rel.post.title_en, rel.post.body)
            h = holdings.get((rel.subject, post))
            if h is None:
                place = _place_ref(body, result) if body else None
                h = holdings[(rel.subject, post)] = Holding(rel.subject, post, body, place)
            kind = _kind(result, rel, person_at)
            if date:
                (h.ending if kind in ENDING else h.current).add(date)
            h.facts.add(fact_iri(rel))
            h.articles.add(result.article.id)
            if kind:
                events.append((rel, kind, post))
        _add_events(graph, result, events)
    for h in holdings.values():
        _add_holding(graph, h)
    rejected = overrides.rejected if overrides else frozenset()
    quads.extend(identity_quads(persons, rejected, iri(ENTITIES_GRAPH)))
    return sorted(set(quads), key=export_order)


def identity_quads(keys: Iterable[str], rejected: frozenset[tuple[str, str]] = frozenset(),
                   graph_name: str = "") -> list[Quad]:
    """``kg:possiblySameAs`` and its ``kg:IdentityCandidate`` (with the reason) for each candidate pair,
    in the graph ``graph_name`` (an N-Triples IRI; '' for the default graph: plain triples)."""
    quads: list[Quad] = []
    graph = _Graph(quads, graph_name)
    for cand in candidates(keys, rejected):
        a, b = entity_iri(("Person", cand.a)), entity_iri(("Person", cand.b))
        link = KGR[f"identity/{cand.a}~{cand.b}"]
        graph.add(a, KG.possiblySameAs, b)
        graph.add(link, RDF.type, KG.IdentityCandidate)
        graph.add(link, KG.candidate, a)
        graph.add(link, KG.candidate, b)
        graph.add(link, KG.reason, literal(cand.reason, lang="en"))
    return quads


def _place_ref(body: tuple[str, str], result: ArticleResult) -> tuple[str, str] | None:
    if body[0] not in BODY_TYPES | {"Enterprise"}:
        return None
    key = body_place(body, result)
    return next((e.ref for e in result.entities if e.type in PLACE_TYPES and e.key == key), None)


def membership_iri(person: tuple[str, str], post: URIRef) -> URIRef:
    return KGR[f"membership/{person[1]}.{str(post).rsplit('/', 1)[1]}"]


def instant_iri(date: str) -> URIRef:
    return KGR[f"instant/{date}"]


def _add_instant(graph: _Graph, date: str) -> URIRef:
    node = instant_iri(date)
    graph.add(node, RDF.type, TIME.Instant)
    graph.add(node, TIME.inXSDDate, literal(date, datatype=XSD.date))
    return node


def _add_holding(graph: _Graph, h: Holding) -> None:
    node, person = membership_iri(h.person, h.post), entity_iri(h.person)
    graph.add(node, RDF.type, ORG.Membership)
    graph.add(node, ORG.member, person)
    graph.add(node, KG.post, h.post)
    if h.body is not None:
        graph.add(node, ORG.organization, entity_iri(h.body))
    if h.place is not None:
        graph.add(node, KG.governedPlace, entity_iri(h.place))
    for fact in sorted(h.facts):
        graph.add(node, KG.attestedBy, fact)
    for article in sorted(h.articles):
        graph.add(node, PROV.wasDerivedFrom, article_iri(article))
    if not h.current and not h.ending:
        return
    # The interval is named by its dates: shards built apart each add their own attested interval to the
    # same membership, and their exports concatenate without two beginnings on one interval.
    first, last = (min(h.current) if h.current else ""), max(h.current | h.ending)
    during = URIRef(f"{node}.during.{first or 'ended'}.{last}")
    graph.add(node, ORG.memberDuring, during)
    graph.add(during, RDF.type, TIME.Interval)
    if first:
        graph.add(during, TIME.hasBeginning, _add_instant(graph, first))
    graph.add(during, TIME.hasEnd, _add_instant(graph, last))


def _add_events(graph: _Graph, result: ArticleResult, events: list) -> None:
    """One kg:AppointmentEvent per changing holding; succession between the sentence's appointee and
    the person who leaves the same title."""
    nodes = {}
    for rel, kind, post in events:
        ev = rel.evidence
        digest = hashlib.sha1(f"{rel.subject}|{post}".encode()).hexdigest()[:8]
        node = KGR[f"event/{ev.article}.{ev.lang}.{ev.start}-{ev.end}.{digest}"]
        nodes[(rel.subject, post, ev.lang, ev.start)] = (node, kind, rel)
        graph.add(node, RDF.type, KG.AppointmentEvent)
        graph.add(node, RDF.type, KG[kind])
        graph.add(node, KG.person, entity_iri(rel.subject))
        graph.add(node, KG.post, post)
        graph.add(node, KG.membership, membership_iri(rel.subject, post))
        graph.add(node, KG.attestedBy, fact_iri(rel))
        graph.add(node, PROV.wasDerivedFrom, article_iri(ev.article))
        if result.article.date:
            graph.add(node, KG.eventDate, literal(result.article.date, datatype=XSD.date))
    for node, kind, rel in nodes.values():
        if kind in ENDING:
            continue
        for other, other_kind, other_rel in nodes.values():
            if other_kind in ENDING and other_rel.evidence.start == rel.evidence.start \
                    and other_rel.subject != rel.subject and other_rel.post.title_en == rel.post.title_en:
                graph.add(node, KG.predecessor, entity_iri(other_rel.subject))
                graph.add(other, KG.successor, entity_iri(rel.subject))


def with_careers(quads: list[Quad], results: list[ArticleResult], overrides: Overrides | None = None,
                 ) -> list[Quad]:
    """``quads`` (kg.graph.graph_quads, export order) with :func:`career_quads` merged into the
    graph:entities named graph, still in export order."""
    extra = career_quads(results, overrides)
    if not extra:
        return quads
    known = set(compress(quads, map(extra[0][0].__eq__, map(itemgetter(0), quads))))  # its graph's, in C
    return list(heapq.merge(quads, sorted({q for q in extra if q not in known}, key=export_order),
                            key=export_order))
