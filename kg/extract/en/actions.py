"""English relation rules for what actors do: adopt mechanisms, establish bodies, visit, support, lead."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.context import ArticleContext
from kg.extract.en.actors import actors_of, main_actor, mentions_in, subject_of
from kg.extract.en.relations import ADOPTERS, BODIES, ESTABLISH, LEAD, ORGS, SUPPORT, VISIT, _place_entity
from kg.extract.registry import rule
from kg.gazetteer import load_gazetteer
from kg.records import Mention, Relation
from kg.types import PLACE_TYPES


def _token_at(ctx: ArticleContext, char: int):
    span = ctx.doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _fallback_actors(ctx: ArticleContext, before: int, types: set[str]) -> list[tuple[str, str]]:
    """Bodies (else places) named earlier in the sentence; else the organisations the article's lead is
    about; else the article's main place."""
    s, _ = ctx.sentence_of(before, before + 1)
    earlier = [m for m in mentions_in(ctx, s, before, types)]
    bodies = [m for m in earlier if m.type in BODIES]
    chosen = bodies or [m for m in earlier if m.type in PLACE_TYPES and not _foreign(ctx, m)]
    if chosen:
        return sorted({ctx.mention_ref[m] for m in chosen})
    inherited = _lead_actors(ctx) or _lead_place(ctx)
    if inherited:
        return inherited
    main = main_actor(ctx)
    return [main] if main else []


def _foreign(ctx: ArticleContext, m) -> bool:
    """A country other than China: 'resisting U.S. aggression and aiding Korea, ... launch X' names it as
    the circumstance of a Chinese campaign, not as its actor."""
    return m.type == "Country" and ctx.mention_ref[m][1] != "china"


def _subject_actors(ctx: ArticleContext, sent: tuple[int, int]) -> list[tuple[str, str]]:
    """Bodies, enterprises and organisations named by the subject of a sentence's main verb."""
    token = _token_at(ctx, sent[0])
    if token is None:
        return []
    return [r for r in actors_of(ctx, token.sent.root, ORGS, depth=1) or [] if r[0] in ORGS]


def _lead_actors(ctx: ArticleContext) -> list[tuple[str, str]]:
    """The bodies, enterprises or organisations the lead sentence is about ('The X Factory has
    established ...'): what the article reports on, when a clause names no actor of its own."""
    sent = _lead_sentence(ctx)
    return _subject_actors(ctx, sent) if sent else []


def _lead_sentence(ctx: ArticleContext) -> tuple[int, int] | None:
    """The first real sentence of the article (not a dateline or a headline)."""
    for sent in ctx.sentences()[:6]:
        if sent[1] - sent[0] >= 60 and not any(s <= sent[0] < e for s, e in ctx.headlines()):
            return sent
    return None


def _lead_place(ctx: ArticleContext) -> list[tuple[str, str]]:
    """The place the lead sentence's subject is ('The X County in Y Province has adopted ...': X County, the
    place the article reports on, not Y, nor the place named most often)."""
    sent = _lead_sentence(ctx)
    token = _token_at(ctx, sent[0]) if sent else None
    subj = subject_of(token.sent.root) if token is not None else None
    if subj is None:
        return []
    return [
        ctx.mention_ref[m]
        for m in mentions_in(ctx, sent[0], sent[1], PLACE_TYPES)
        if m.start <= subj.idx < m.end and not _foreign(ctx, m)
    ][:1]


OWNER_GAP = re.compile(r"\s+(?:of|by|launched by|adopted by|introduced by|carried out by)\s+(?:the\s+)?")


def _owner(ctx: ArticleContext, m: Mention) -> list[tuple[str, str]]:
    """The body a mechanism belongs to by its phrase: "the X campaign of the Y Factory", "Y Factory's X"."""
    s, e = ctx.sentence_of(m.start, m.end)
    after = [
        x
        for x in mentions_in(ctx, m.end, min(e, m.end + 40), ORGS)
        if OWNER_GAP.fullmatch(ctx.text[m.end : x.start])
    ]
    if after:
        return [ctx.mention_ref[after[0]]]
    before = [x for x in mentions_in(ctx, max(s, m.start - 60), m.start, ORGS) if x.end <= m.start]
    if before and re.fullmatch(r"['’]s\s+(?:[\w-]+\s+){0,2}", ctx.text[before[-1].end : m.start]):
        return [ctx.mention_ref[before[-1]]]
    return []


# words of criticism: a practice denounced is not adopted ("the so-called X", "the revisionists peddled X")
CRITICISM = re.compile(
    r"\b(critici[sz]\w*|repudiat\w*|denounc\w*|so-called|evil|sinister|revisionis[mt]\w*|khrushchev|"
    r"capitalist roaders?|counter-revolutionar\w*|blather\w*|peddl\w*|vainly|spread poison|"
    r"opposed|opposing|oppose[sd]?)\b",
    re.I,
)
# a time phrase names a practice as a date, not as one the clause's subject adopts ("after land reform")
TIME_PREPS = {"after", "before", "since", "until", "following", "prior"}
# "the country's X", "our state's X": the national state's own policy
NATIONAL = re.compile(r"(?:the|our|this)\s+(?:country|state|nation)['’]s\s+(?:[\w-]+\s+){0,3}$", re.I)


def _dated(ctx: ArticleContext, m: Mention) -> bool:
    """True when the mechanism is the object of a preposition of time ('After the X campaign, ...')."""
    token = _token_at(ctx, m.start)
    if token is None:
        return False
    node = ctx.doc[token.i]
    while node.dep_ in {"compound", "amod", "nmod", "det", "punct"} and node.head is not node:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ in TIME_PREPS


def _national(ctx: ArticleContext, m: Mention) -> list[tuple[str, str]]:
    """China, when the phrase is 'the country's X' or 'our state's X'."""
    s, _ = ctx.sentence_of(m.start, m.end)
    if not NATIONAL.search(ctx.text[max(s, m.start - 60) : m.start]):
        return []
    china = next((p for p in load_gazetteer().lookup_en("China") if p.cls == "Country"), None)
    return [_place_entity(ctx, china)] if china else []


@rule("relations")
def adopts_mechanism(ctx: ArticleContext) -> Iterator[Relation]:
    """The subject of the clause naming a mechanism adopts it ('the province implemented X'); a body
    named in the mechanism's own phrase ('the X campaign of the Y Factory', "Y's X") adopts it first.
    A clause with no subject of its own ('Fertilizer loans amounted to ...') keeps the actor named last
    in its paragraph."""
    carried: tuple[int, list[tuple[str, str]]] | None = None  # paragraph start, its last actors
    for m in sorted(ctx.mentions, key=lambda x: x.start):
        if m.type != "PolicyMechanism":
            continue
        paragraph = ctx.text.rfind("\n", 0, m.start) + 1
        s, e = ctx.sentence_of(m.start, m.end)
        if CRITICISM.search(ctx.text[s : m.start] + " " + ctx.text[m.end : e]) or _dated(ctx, m):
            continue
        refs = _owner(ctx, m) or _national(ctx, m)
        if not refs:
            token = _token_at(ctx, m.start)
            refs = actors_of(ctx, token, ADOPTERS) if token is not None else None
            if refs is None and carried is not None and carried[0] == paragraph:
                refs = carried[1]
            elif refs is None:
                refs = _fallback_actors(ctx, m.start, ADOPTERS - {"Enterprise", "Organization"})
            elif refs:
                carried = (paragraph, refs)
        else:
            carried = (paragraph, refs[:1])
        for actor in refs[:1] if _owner(ctx, m) else refs:
            yield Relation(actor, "adoptsMechanism", ctx.mention_ref[m], ctx.evidence(m.start, m.end))


CLAUSES = {"conj", "advcl", "ccomp", "parataxis"}


def _taken(tok) -> bool:
    """True for a right dependent that continues what a verb takes: not a clause with its own subject."""
    if tok.dep_ in {"cc", "punct", "nsubj", "nsubjpass"}:
        return False
    return tok.dep_ not in CLAUSES or not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)


def _in_object(ctx: ArticleContext, verb, m: Mention) -> bool:
    """True when ``m`` lies in what ``verb`` takes, not in a clause joined after it with a subject of its
    own ('built a dam, and the X Brigade sent ...')."""
    if verb is None:
        return True
    kept = [c for c in verb.rights if _taken(c)]
    if verb.i + 1 < len(ctx.doc) and ctx.doc[verb.i + 1].lower_ == "up":  # "set up": the particle's verb
        kept += [c for c in ctx.doc[verb.i + 1].rights if _taken(c)]
    spans = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in kept]
    return not kept or any(a <= m.start and m.end <= b for a, b in spans)


@rule("relations")
def establishes(ctx: ArticleContext) -> Iterator[Relation]:
    """'<actor> established a <body>': the actor of the verb establishes the bodies named after it."""
    for match in ESTABLISH.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        nxt = [x for x in ESTABLISH.finditer(ctx.text, match.end(), e)]
        stop = nxt[0].start() if nxt else e
        token = _token_at(ctx, match.start())
        targets = [m for m in mentions_in(ctx, match.end(), stop, ORGS) if _in_object(ctx, token, m)]
        if not targets:
            continue
        refs = actors_of(ctx, token, ADOPTERS) if token is not None else None
        if not refs:
            refs = _fallback_actors(ctx, match.start(), ADOPTERS)
        for body in targets[:4]:
            for actor in refs:
                if actor != ctx.mention_ref[body]:
                    yield Relation(actor, "establishes", ctx.mention_ref[body], ctx.evidence(s, e))


@rule("relations")
def visits(ctx: ArticleContext) -> Iterator[Relation]:
    """'leaders of X held on-site offices at Y', 'A and B visited Y': X, A, B visit Y."""
    for match in VISIT.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        before = mentions_in(ctx, s, match.start(), ORGS | PLACE_TYPES | {"Person"})
        people = [m for m in before if m.type == "Person"]
        if people:
            actors = sorted({ctx.mention_ref[m] for m in people})
        else:
            token = _token_at(ctx, match.start())
            actors = (actors_of(ctx, token, BODIES | PLACE_TYPES) if token is not None else None) or []
            if not actors:
                bodies = [m for m in before if m.type in BODIES]
                actors = [ctx.mention_ref[bodies[-1]]] if bodies else []
        targets = mentions_in(ctx, match.end(), e, {"Enterprise", "Organization", "GovernmentBody"})
        for actor in actors:
            home = _governed_place(ctx, actor)
            for t in targets:
                if ctx.mention_ref[t] != actor:
                    yield Relation(actor, "visits", ctx.mention_ref[t], ctx.evidence(s, e))
                    if home and t.type == "Enterprise":
                        # municipal leaders' on-site offices are held in their own city's enterprises
                        yield Relation(ctx.mention_ref[t], "locatedIn", home, ctx.evidence(s, e))


def _governed_place(ctx: ArticleContext, ref: tuple[str, str]) -> tuple[str, str] | None:
    """The city or county a municipal or county body is named after ('Taiyuan Municipal Government')."""
    ent = ctx.entities.get(ref)
    if ent is None or ref[0] not in BODIES:
        return None
    match = re.match(r"(.+?) (Municipal|County) ", ent.label_en)
    if not match:
        return None
    places = [p for p in load_gazetteer().lookup_en(match.group(1)) if p.cls in {"City", "County"}]
    return (places[0].cls, places[0].id) if places else None


@rule("relations")
def supports(ctx: ArticleContext) -> Iterator[Relation]:
    """'<actor> supported <enterprise or body>'."""
    for match in SUPPORT.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        token = _token_at(ctx, match.start())
        if token is None or token.pos_ != "VERB":
            continue
        actors = actors_of(ctx, token) or []
        targets = mentions_in(ctx, match.end(), min(e, match.end() + 120), ORGS)
        objs = [c for c in token.children if c.dep_ == "dobj"]  # "help Qinghai and Xinjiang": places too
        objs += [g for c in token.children if c.dep_ in {"ccomp", "xcomp"} for g in c.children
                 if g.dep_ == "nsubj" and g.i > token.i]  # "helped Gansu build ...": whom it helped
        for obj in objs:
            span = ctx.doc[obj.left_edge.i : obj.right_edge.i + 1]
            targets += [x for x in mentions_in(ctx, span.start_char, span.end_char, PLACE_TYPES)
                        if x.type != "Country" and x not in targets]
        if any(c.dep_ == "agent" for c in token.children):  # "assisted by the X Bank, the Y Mill ..."
            node, subject = token, subject_of(token)
            while subject is None and node.dep_ in {"advcl", "pcomp", "prep"} and node.head is not node:
                node = node.head  # "After being assisted by X, the Y Mill increased ...": the main clause
                subject = subject_of(node) if node.pos_ in {"VERB", "AUX"} else None
            span = ctx.doc[subject.left_edge.i : subject.right_edge.i + 1] if subject is not None else None
            targets = mentions_in(ctx, span.start_char, span.end_char, ORGS) if span is not None else []
        if not targets and any(c.dep_ == "dobj" and c.lower_ in {"them", "it"} for c in token.children):
            # "the government is also assisting them": the enterprises of the sentence before
            p_start = ctx.text.rfind("\n", 0, s) + 1
            earlier = [x for x in mentions_in(ctx, p_start, s, {"Enterprise", "Organization"})]
            targets = earlier[-1:]
        for actor in actors:
            for t in targets[:3]:
                if ctx.mention_ref[t] != actor:
                    yield Relation(actor, "supports", ctx.mention_ref[t], ctx.evidence(s, e))


@rule("relations")
def leads(ctx: ArticleContext) -> Iterator[Relation]:
    """'<body> is led by <person or body>'."""
    for match in LEAD.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        bodies = [m for m in mentions_in(ctx, s, match.start(), BODIES)]
        leaders = mentions_in(ctx, match.end(), e, BODIES | {"Person"})
        if bodies and leaders:
            leader, body = ctx.mention_ref[leaders[0]], ctx.mention_ref[bodies[-1]]
            yield Relation(leader, "leads", body, ctx.evidence(s, e))
