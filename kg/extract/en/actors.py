"""Who does what in a sentence: the actor of a verb, read from spaCy's dependency parse.

Shared by the relation rules: ``actors_of(ctx, token)`` climbs from a token to the verb that governs
it, takes that verb's grammatical subject and maps it to entities. 'The province' / 'the city' /
'the county' become the article's place of that level; 'the company' / 'the factory' the enterprise
named last; 'we', in an article a unit signs, that unit; a subject naming nothing falls back to the
article's main place (the convention of the gold annotations: when only the place is implied, the place
itself acts).
"""

from __future__ import annotations

import re

from kg.extract.context import ArticleContext
from kg.records import Mention
from kg.types import ACTOR_TYPES, ORG_TYPES, PLACE_TYPES

GOVERNING_TYPES = {"PartyBody", "GovernmentBody"}  # the bodies an actor search tries first
PLACE_WORDS = {
    "province": ("Province",),
    "city": ("City",),
    "municipality": ("City",),
    "county": ("County",),
    "region": ("Region", "Province"),
    "prefecture": ("Region",),
}
RURAL_WORDS = re.compile(r"\b(brigade|commune|co-?operative|production team)\b", re.I)
ENTERPRISE_WORDS = re.compile(r"\b(company|factory|plant|mill|mine|enterprise|farm|shipyard|works)\b", re.I)


# the press reports, it does not act: "Xinhua News Agency, Hangzhou - ...", "the Shanxi Daily"
MEDIA = re.compile(r"\b(?:News Agency|Daily|Newspaper|Radio Station|Broadcasting Station|News Service)\b")


def is_media(m: Mention) -> bool:
    """True for a news agency, a newspaper or a radio station: named in datelines, acting in nothing."""
    return m.type == "Organization" and bool(MEDIA.search(m.text))


def mentions_in(ctx: ArticleContext, start: int, end: int, types: set[str] = ACTOR_TYPES) -> list[Mention]:
    return [m for m in ctx.mentions_within(start, end) if m.end <= end and m.type in types]


def actors_in(ctx: ArticleContext, start: int, end: int, types: set[str] = ACTOR_TYPES) -> list[Mention]:
    """The mentions of ``types`` within [start, end) that may act: the press left out (:func:`is_media`;
    a radio station may still be visited)."""
    return [m for m in mentions_in(ctx, start, end, types) if not is_media(m)]


def governing_verb(token):
    """The nearest verb at or above ``token`` in the parse (None if there is none)."""
    node, steps = token, 0
    while steps < 8:
        if node.pos_ in {"VERB", "AUX"}:
            return node
        if node.head is node:
            return None
        node, steps = node.head, steps + 1
    return None


def subject_of(verb):
    """The subject token of ``verb``, following conjoined and auxiliary verbs up."""
    node, steps = verb, 0
    while node is not None and steps < 6:
        subj = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
        if subj:
            return subj[0]
        if node.dep_ in {"conj", "xcomp", "advcl", "ccomp", "acl", "relcl"} and node.head is not node:
            node, steps = node.head, steps + 1
        else:
            return None
    return None


def _agent_actors(ctx: ArticleContext, verb, types: set[str]) -> list[tuple[str, str]]:
    """The entities named by a passive verb's 'by' phrase."""
    found = []
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        span = verb.doc[agent.left_edge.i : agent.right_edge.i + 1]
        found += actors_in(ctx, span.start_char, span.end_char, types)
    return sorted({ctx.mention_ref[m] for m in found})


def actors_of(
    ctx: ArticleContext, token, types: set[str] = ACTOR_TYPES, *, depth: int = 0
) -> list[tuple[str, str]] | None:
    """Entity refs acting through the verb that governs ``token``.

    None when the clause has no subject; an empty list when it has one that names no actor of
    ``types`` (a person, say), so that callers do not fall back to the article's place.
    """
    verb = governing_verb(token)
    if verb is None:
        return None
    agent = _agent_actors(ctx, verb, types)
    if agent:  # passive: "X was introduced by the Y Bureau", "assisted by the Z Bank"
        return agent
    subj = subject_of(verb)
    if subj is None and verb.sent.root is not verb:
        subj = subject_of(verb.sent.root)  # "..., proposed suggestions for strengthening X": the root's
    if subj is None:
        return None
    doc = ctx.doc
    unit = speaker(ctx) if subj.lower_ == "we" else None
    if unit is not None and unit[0] in types:  # "we" in an article a unit signs: that unit
        return [unit]
    if subj.pos_ == "PRON" and subj.lower_ in {"they", "it", "we"} and depth == 0:
        # "Faced with difficulties, they relied on ...": the subject of the sentence before
        sent = subj.sent
        if sent.start > 0:
            prev = doc[sent.start - 1].sent
            return actors_of(ctx, prev.root, types, depth=1)
        return None
    span = doc[subj.left_edge.i : subj.right_edge.i + 1]
    if (
        any(m.type == "Person" for m in mentions_in(ctx, span.start_char, span.end_char, {"Person"}))
        and "Person" not in types
    ):
        return []
    found = actors_in(ctx, span.start_char, span.end_char, types)
    if len(found) > 1:  # "the X Ministry and the Y Federation signed ...": each of them
        heads = [doc[i].idx for i in (subj.i, *(c.i for c in subj.conjuncts))]
        joined = [m for m in found if any(m.start <= h < m.end for h in heads)]
        if len(joined) > 1 or joined and not subj.conjuncts:  # "X County in Y Province": X, the head
            return sorted({ctx.mention_ref[m] for m in joined})
    for group in (GOVERNING_TYPES, PLACE_TYPES, types):  # "leaders of the X Government, at Y Factory": X
        chosen = [m for m in found if m.type in group]
        if chosen:
            return sorted({ctx.mention_ref[m] for m in chosen})
    words = span.text.lower()
    for word, classes in PLACE_WORDS.items():
        if re.search(rf"\b{word}\b", words) and classes[0] in types | {"Region"}:
            place = ctx.main_place(classes)
            if place is not None:
                return [(place.cls, place.id)]
    for pattern, cls in ((ENTERPRISE_WORDS, "Enterprise"), (RURAL_WORDS, "Organization")):
        kind = pattern.search(words)
        if kind and cls in types and re.match(r"(the|this|that|our)\b", words):
            # "the factory", "our brigade": the unit of that kind named last before
            word = kind.group(1).lower() if cls == "Organization" else ""
            before = [
                m for m in ctx.mentions if m.type == cls and m.end <= subj.idx and word in m.text.lower()
            ]
            if before:
                return [ctx.mention_ref[before[-1]]]
    if names_another(span):
        return []  # "The first sub-district also carried out X": one the rules do not know, not the last one
    return None


def speaker(ctx: ArticleContext) -> tuple[str, str] | None:
    """The unit an article's author signs for (the byline 'Zhang Peng / Regning Brigade, Xingfu People's
    Commune, ...': the brigade, the first, smallest unit of the address), or None."""
    span = ctx.byline()
    orgs = [m for m in actors_in(ctx, *span, ORG_TYPES) if m in ctx.mention_ref] if span else []  # no press
    return ctx.mention_ref[orgs[0]] if orgs else None


# head nouns of units and areas below the county: a subject so headed is that unit, not an actor named before
UNIT_HEADS = {"district", "districts", "village", "villages", "township", "townships", "area", "areas",
              "zone", "zones", "brigade", "brigades", "team", "teams", "corps", "detachment", "squad"}


def names_another(span) -> bool:
    """True when a subject is a proper name or a unit or area the rules found no entity for."""
    root = span.root
    if root.lower_ in UNIT_HEADS and root.pos_ == "NOUN":
        return True
    return any(t.pos_ == "PROPN" and t.is_title and t.i > span.start for t in span)


def main_actor(ctx: ArticleContext) -> tuple[str, str] | None:
    """The article's main place (most mentioned city, province or county)."""
    place = ctx.main_place(("Province", "City", "County"))
    return (place.cls, place.id) if place else None
