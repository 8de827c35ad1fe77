"""English relation rules: one sentence at a time, over resolved mentions.

Each rule yields ``Relation``s whose evidence is the sentence that states them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.gazetteer import load_gazetteer
from kg.lexicon import slug
from kg.nlp import SPANS_KEY
from kg.records import Entity, Mention, Post, Relation
from kg.types import PLACE_TYPES

ACTORS = {"PartyBody", "GovernmentBody", "Province", "City", "County", "Region", "Country"}
ESTABLISH = re.compile(r"\b(establish(?:ed|es|ing)?|set up|sets up|setting up|founded|formed|created)\b",
                       re.I)
VISIT = re.compile(r"\b(on-site offices? at|visit(?:ed|s|ing)?|inspect(?:ed|s|ing)?|went to|go to)\b", re.I)
LEAD = re.compile(r"\b(led by|headed by|under the leadership of)\b", re.I)
SUPPORT = re.compile(r"\b(support(?:ed|s|ing)?|help(?:ed|s|ing)?|aid(?:ed|s)?)\b", re.I)


def _sentence_mentions(ctx: ArticleContext) -> Iterator[tuple[tuple[int, int], list[Mention]]]:
    by_sent: dict[tuple[int, int], list[Mention]] = {}
    for m in ctx.mentions:
        by_sent.setdefault(ctx.sentence_of(m.start, m.end), []).append(m)
    yield from sorted(by_sent.items())


def _ref(ctx: ArticleContext, m: Mention) -> tuple[str, str]:
    return ctx.mention_ref[m]


@rule("relations")
def governs(ctx: ArticleContext) -> Iterator[Relation]:
    """'<Place> Municipal Government' governs <Place> (governments and party committees of a place)."""
    gaz = load_gazetteer()
    for ent in list(ctx.entities.values()):
        if ent.type not in {"GovernmentBody", "PartyBody"} or not ent.mentions:
            continue
        if not re.search(r"(Government|Party Committee|People's Committee)$", ent.label_en):
            continue
        for n in (3, 2, 1):
            places = gaz.lookup_en(" ".join(ent.label_en.split()[:n]))
            if places:
                level = ent.label_en.split()[n] if len(ent.label_en.split()) > n else ""
                want = {"Municipal": "City", "Provincial": "Province", "County": "County"}.get(level)
                place = next((p for p in places if p.cls == want), places[0])
                m = ent.mentions[0]
                yield Relation(ent.ref, "governs", (place.cls, place.id), ctx.evidence(m.start, m.end))
                break


@rule("relations")
def holds_post(ctx: ArticleContext) -> Iterator[Relation]:
    """'Municipal Party Secretary Sun Ying': a title right before a person is a post the person holds."""
    doc = ctx.doc
    titles = {t.title_en.lower(): t for t in lexicon.titles()}
    persons = {m.start: m for m in ctx.mentions if m.type == "Person"}
    for span in doc.spans[SPANS_KEY]:
        if span.label_ != "TITLE":
            continue
        gap = ctx.text[span.end_char : span.end_char + 2]
        person = persons.get(span.end_char + 1) if gap[:1] == " " else None
        if person is None:
            continue
        title = titles[span.id_.lower()] if span.id_.lower() in titles else None
        if title is None:
            continue
        body_ref = None
        # a named body just before the title: "... Minister of Railways" / "Taiyuan Steel Factory Director"
        if title.level in {"city", "province", "county", "prefecture"}:
            cls = {"city": ("City",), "province": ("Province",), "county": ("County",),
                   "prefecture": ("Region", "City")}[title.level]
            place = ctx.main_place(cls)
            if place:
                name = f"{place.name_en} {title.body_head}"
                body = _body(ctx, title.body_type, name, title.body_head)
                body_ref = body.ref
        elif title.level == "national":
            body_ref = _body(ctx, title.body_type, title.body_head, "").ref
        post = Post(span.text, title.title_zh, body_ref)
        yield Relation(_ref(ctx, person), "holds", None, ctx.evidence(span.start_char, person.end), post)


def _body(ctx: ArticleContext, type_: str, name: str, alias: str) -> Entity:
    ref = (type_, slug(name))
    ent = ctx.entities.get(ref)
    if ent is None:
        ent = ctx.entities[ref] = Entity(type=type_, key=ref[1], label_en=name)
    if alias:
        ent.aliases_en.add(alias)
    return ent


@rule("relations")
def instance_of_mechanism(ctx: ArticleContext) -> Iterator[Relation]:
    """A body named after a mechanism ('Production Command Center') is an instance of it."""
    mechs = lexicon.mechanisms()
    for ent in list(ctx.entities.values()):
        if ent.type not in {"GovernmentBody", "PartyBody", "Organization"} or not ent.mentions:
            continue
        name = ent.label_en.lower()
        best = None
        for mech in mechs:
            for pat in mech.patterns_en:
                core = pat[2:] if pat.startswith("* ") else pat
                if name.endswith(core.lower()) and (best is None or len(core) > len(best[1])):
                    best = (mech, core)
        if best is None:
            continue
        mech, core = best
        m = ent.mentions[0]
        words = m.text.replace("the ", "").strip()
        phrase = re.sub(r"^(?:[A-Z][a-z]+ )*?((?:[A-Z][\w-]* )*" + re.escape(core.split()[0].title()) + ")",
                        r"\1", words)
        key, label = mech.key, mech.label_en
        if best[1] != core or mech.patterns_en and any(p.startswith("* ") and p[2:] == core
                                                       for p in mech.patterns_en):
            # open head: the concrete body names a narrower mechanism ("Financial Coordination Group")
            tail = _strip_place(phrase)
            if tail.lower() != core.lower():
                key, label = slug(tail), tail.lower()
        target = ctx.entities.setdefault(("PolicyMechanism", key),
                                         Entity(type="PolicyMechanism", key=key, label_en=label))
        if key != mech.key:
            target.attrs.setdefault("broader", mech.key)
        target.label_zh = target.label_zh or (mech.label_zh if key == mech.key else "")
        yield Relation(ent.ref, "instanceOfMechanism", target.ref, ctx.evidence(m.start, m.end))


def _strip_place(name: str) -> str:
    gaz = load_gazetteer()
    words = name.split()
    for n in (3, 2, 1):
        if len(words) > n and gaz.lookup_en(" ".join(words[:n])):
            words = words[n:]
            break
    if words and words[0] in {"Provincial", "Municipal", "County", "City"}:
        words = words[1:]
    return " ".join(words)


@rule("relations")
def adopts_mechanism(ctx: ArticleContext) -> Iterator[Relation]:
    """Actors named in a sentence adopt the mechanisms it names; with none, the article's main place."""
    main = ctx.main_place(("City", "Province", "County"))
    for _sent, ms in _sentence_mentions(ctx):
        mechs = [m for m in ms if m.type == "PolicyMechanism"]
        if not mechs:
            continue
        actors = [m for m in ms if m.type in ACTORS and m.start < max(x.start for x in mechs)]
        bodies = [m for m in actors if m.type in {"PartyBody", "GovernmentBody"}]
        chosen = bodies or actors
        refs = {_ref(ctx, m) for m in chosen}
        if not refs and main is not None:
            refs = {(main.cls, main.id)}
        for mech in mechs:
            for actor in sorted(refs):
                yield Relation(actor, "adoptsMechanism", _ref(ctx, mech), ctx.evidence(mech.start, mech.end))


@rule("relations")
def establishes(ctx: ArticleContext) -> Iterator[Relation]:
    """'<actor> established a <body>': the actor before the verb establishes the bodies after it."""
    for (s, e), ms in _sentence_mentions(ctx):
        verb = ESTABLISH.search(ctx.text, s, e)
        if not verb:
            continue
        before = [m for m in ms if m.end <= verb.start() and m.type in ACTORS]
        after = [m for m in ms if m.start >= verb.end() and m.type in {"GovernmentBody", "Organization"}]
        if not before:
            continue
        actor = before[-1]
        for body in after:
            if _ref(ctx, body) != _ref(ctx, actor):
                yield Relation(_ref(ctx, actor), "establishes", _ref(ctx, body), ctx.evidence(s, e))


@rule("relations")
def visits(ctx: ArticleContext) -> Iterator[Relation]:
    """'leaders of X, during on-site offices at Y' / 'X visited Y': X visits enterprises Y."""
    for (s, e), ms in _sentence_mentions(ctx):
        verb = VISIT.search(ctx.text, s, e)
        if not verb:
            continue
        actors = [m for m in ms if m.end <= verb.start() and m.type in ACTORS | {"Person"}]
        targets = [m for m in ms if m.start >= verb.end() and m.type == "Enterprise"]
        if not actors:
            continue
        actor = next((m for m in reversed(actors) if m.type == "Person"), actors[-1])
        for t in targets:
            yield Relation(_ref(ctx, actor), "visits", _ref(ctx, t), ctx.evidence(s, e))


@rule("relations")
def located_in(ctx: ArticleContext) -> Iterator[Relation]:
    """An enterprise or body whose name begins with a place is located in it ('Taiyuan Bus Factory')."""
    gaz = load_gazetteer()
    for ent in list(ctx.entities.values()):
        if ent.type not in {"Enterprise", "Organization"} or not ent.mentions:
            continue
        words = ent.label_en.split()
        for n in (3, 2, 1):
            if len(words) > n:
                places = gaz.lookup_en(" ".join(words[:n]))
                if places:
                    m = ent.mentions[0]
                    place = places[0]
                    yield Relation(ent.ref, "locatedIn", (place.cls, place.id), ctx.evidence(m.start, m.end))
                    break


@rule("relations")
def part_of(ctx: ArticleContext) -> Iterator[Relation]:
    """A city and its province named in one sentence: the city is part of the province."""
    gaz = load_gazetteer()
    for (s, e), ms in _sentence_mentions(ctx):
        places = {_ref(ctx, m): m for m in ms if m.type in PLACE_TYPES}
        for cls, pid in sorted(places):
            place = gaz.by_id.get(pid)
            if place and place.parent and any(k[1] == place.parent for k in places):
                parent = gaz.by_id[place.parent]
                yield Relation((cls, pid), "partOf", (parent.cls, parent.id), ctx.evidence(s, e))


@rule("relations")
def leads(ctx: ArticleContext) -> Iterator[Relation]:
    """'<body> is led by <person or body>'."""
    for (s, e), ms in _sentence_mentions(ctx):
        verb = LEAD.search(ctx.text, s, e)
        if not verb:
            continue
        bodies = [m for m in ms if m.end <= verb.start() and m.type in {"GovernmentBody", "PartyBody"}]
        leaders = [m for m in ms if m.start >= verb.end()
                   and m.type in {"Person", "GovernmentBody", "PartyBody"}]
        if bodies and leaders:
            yield Relation(_ref(ctx, leaders[0]), "leads", _ref(ctx, bodies[-1]), ctx.evidence(s, e))
