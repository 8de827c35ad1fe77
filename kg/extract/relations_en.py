"""English relation rules: one sentence at a time, over resolved mentions.

Each rule yields ``Relation``s whose evidence is the sentence that states them. Who acts is read from
the dependency parse (``kg.extract.actors``); names, places and posts from the mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.util import filter_spans

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.gazetteer import load_gazetteer
from kg.lexicon import slug
from kg.nlp import SPANS_KEY
from kg.records import Entity, Mention, Post, Relation
from kg.types import PLACE_TYPES

BODIES = {"PartyBody", "GovernmentBody"}
ORGS = {"PartyBody", "GovernmentBody", "Enterprise", "Organization"}
ADOPTERS = BODIES | PLACE_TYPES | {"Enterprise", "Organization"}
ESTABLISH = re.compile(r"\b(establish(?:ed|es|ing)?|set(?:s|ting)? up|founded|formed|created|built)\b", re.I)
VISIT = re.compile(
    r"\b(on-site (?:offices?|meetings?|work)|visit(?:ed|s|ing)?|inspect(?:ed|s|ing|ion)?|"
    r"toured|went to|came to|called on|went deep into)\b",
    re.I,
)
LEAD = re.compile(r"\b(led by|headed by|under the leadership of|under the command of)\b", re.I)
SUPPORT = re.compile(r"\b(support(?:ed|s|ing)?|help(?:ed|s|ing)?|aid(?:ed|s)?|assist(?:ed|s)?)\b", re.I)
PARTY = ("PartyBody", "chinese-communist-party")


def _by_sentence(ctx: ArticleContext) -> list[tuple[tuple[int, int], list[Mention]]]:
    by_sent: dict[tuple[int, int], list[Mention]] = {}
    for m in ctx.mentions:
        by_sent.setdefault(ctx.sentence_of(m.start, m.end), []).append(m)
    return sorted(by_sent.items())


def _ref(ctx: ArticleContext, m: Mention) -> tuple[str, str]:
    return ctx.mention_ref[m]


def _entity(ctx: ArticleContext, type_: str, key: str, label: str) -> Entity:
    ref = (type_, key)
    if ref not in ctx.entities:
        ctx.entities[ref] = Entity(type=type_, key=key, label_en=label)
    return ctx.entities[ref]


def _place_entity(ctx: ArticleContext, place) -> tuple[str, str]:
    ent = _entity(ctx, place.cls, place.id, place.name_en)
    ent.label_zh = ent.label_zh or place.short_zh
    ent.attrs.setdefault("level", place.level)
    return ent.ref


# --- posts -------------------------------------------------------------------------------------------


def _title_body(ctx: ArticleContext, title, span, sent_mentions: list[Mention]) -> tuple[str, str] | None:
    """The body a post is in: named next to the title, or implied by the title and the article's place."""
    doc = ctx.doc
    before = [m for m in sent_mentions if m.type in ORGS and 0 <= span.start_char - m.end <= 2]
    if before:  # "CPC Central Committee General Secretary Jiang Zemin"
        return _ref(ctx, before[-1])
    if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":  # "director of the X Factory"
        after = [m for m in sent_mentions if m.type in ORGS and 0 < m.start - span.end_char <= 10]
        if after:
            return _ref(ctx, after[0])
        words = []
        for tok in doc[span.end + 1 : span.end + 5]:
            if not tok.is_title:
                break
            words.append(tok.text)
        if words and title.title_en.split()[-1] in {"Minister"}:  # "Vice Minister of Railways"
            name = f"Ministry of {' '.join(words)}"
            return _entity(ctx, "GovernmentBody", slug(name), name).ref
    if title.level in {"city", "province", "county", "prefecture"}:
        cls = {
            "city": ("City",),
            "province": ("Province",),
            "county": ("County",),
            "prefecture": ("Region", "City"),
        }[title.level]
        place = ctx.main_place(cls)
        if place:
            name = f"{place.name_en} {title.body_head}"
            ent = _entity(ctx, title.body_type, slug(name), name)
            return ent.ref
    elif title.level == "national":
        key = slug(title.body_head)
        for ent in ctx.entities.values():  # "Political Bureau" may be named longer in the text
            if ent.type == title.body_type and title.body_head.lower() in ent.label_en.lower():
                return ent.ref
        return _entity(ctx, title.body_type, key, title.body_head).ref
    orgs = [m for m in sent_mentions if m.type in ORGS and m.end <= span.start_char]
    return _ref(ctx, orgs[-1]) if orgs else None


@rule("relations")
def holds_post(ctx: ArticleContext) -> Iterator[Relation]:
    """'Mayor Li X', 'State Councilors A and B', 'A, director of the X Factory': posts people hold."""
    doc = ctx.doc
    titles = {t.title_en.lower(): t for t in lexicon.titles()}
    spans = filter_spans([s for s in doc.spans[SPANS_KEY] if s.label_ == "TITLE"])
    persons = sorted((m for m in ctx.mentions if m.type == "Person"), key=lambda m: m.start)
    for span in spans:
        title = titles.get(span.id_.lower())
        if title is None:
            continue
        s, e = ctx.sentence_of(span.start_char, span.end_char)
        sent_mentions = [m for m in ctx.mentions if s <= m.start < e]
        holders: list[Mention] = []
        # title before the names: "State Councilors Song Jian and Wang Fang"
        pos = span.end_char
        for p in persons:
            if p.start < pos:
                continue
            gap = ctx.text[pos : p.start]
            if gap.strip() in {"", ",", "and", ", and"} and len(gap) <= 6:
                holders.append(p)
                pos = p.end
            else:
                break
        # name before the title: "Luo Huaxing, director of the ..."
        if not holders:
            prev = [p for p in persons if p.end <= span.start_char and s <= p.start]
            if prev and re.fullmatch(r",\s*(the\s+)?", ctx.text[prev[-1].end : span.start_char]):
                holders.append(prev[-1])
        if not holders:
            continue
        body = _title_body(ctx, title, span, sent_mentions)
        post = Post(span.text if span.text[:1].isupper() else span.text, title.title_zh, body)
        for person in holders:
            evidence = ctx.evidence(min(span.start_char, person.start), max(span.end_char, person.end))
            yield Relation(_ref(ctx, person), "holds", None, evidence, post)


# --- bodies and places ------------------------------------------------------------------------------


@rule("relations")
def governs(ctx: ArticleContext) -> Iterator[Relation]:
    """'<Place> Municipal Government' governs <Place> (governments and party committees of a place)."""
    gaz = load_gazetteer()
    for ent in list(ctx.entities.values()):
        if ent.type not in BODIES or not ent.mentions:
            continue
        if not re.search(r"(Government|Party Committee|People's Committee)$", ent.label_en):
            continue
        words = ent.label_en.split()
        for n in (3, 2, 1):
            places = gaz.lookup_en(" ".join(words[:n])) if len(words) > n else []
            if places:
                want = {"Municipal": "City", "Provincial": "Province", "County": "County"}.get(words[n])
                place = next((p for p in places if p.cls == want), places[0])
                m = ent.mentions[0]
                yield Relation(ent.ref, "governs", _place_entity(ctx, place), ctx.evidence(m.start, m.end))
                break


@rule("relations")
def part_of(ctx: ArticleContext) -> Iterator[Relation]:
    """Places within their parents (named in one sentence); party bodies of the Communist Party;
    a provincial or municipal department within that place's government."""
    gaz = load_gazetteer()
    # places named in the body (not only in the dateline) lie within their gazetteer parents
    body_places = {
        _ref(ctx, m): m
        for m in ctx.mentions
        if m.type in PLACE_TYPES
        and not any(hs <= m.start < he for hs, he in ctx.headlines())
        and m.start >= ctx.text.find("\n") + 1
    }
    for (cls, pid), m in sorted(body_places.items()):
        place = gaz.by_id.get(pid)
        if place and place.parent and any(k[1] == place.parent for k in body_places):
            parent = gaz.by_id[place.parent]
            yield Relation((cls, pid), "partOf", (parent.cls, parent.id), ctx.evidence(m.start, m.end))
    for (s, e), ms in _by_sentence(ctx):
        # "Yun County, Hubei" / "Hexi District in Tianjin": county-level places the gazetteer lacks
        for m in ms:
            if m.type == "County" and m.key == "":
                nxt = [
                    x
                    for x in ms
                    if x.type in {"Province", "City"}
                    and 0 < x.start - m.end <= 5
                    and ctx.text[m.end : x.start].strip() in {",", "in", ", in"}
                ]
                if nxt:
                    yield Relation(_ref(ctx, m), "partOf", _ref(ctx, nxt[0]), ctx.evidence(s, e))
    for ent in list(ctx.entities.values()):
        if ent.type != "PartyBody" or ent.key == PARTY[1] or not ent.mentions:
            continue
        names = " ".join([ent.label_en, *ent.aliases_en, *(m.text for m in ent.mentions)])
        if re.search(r"\b(of the (Chinese )?Communist Party|CPC|CCP)\b", names):
            party = _entity(ctx, *PARTY, "Chinese Communist Party")
            m = ent.mentions[0]
            yield Relation(ent.ref, "partOf", party.ref, ctx.evidence(m.start, m.end))
    governments = [
        e
        for e in ctx.entities.values()
        if e.type == "GovernmentBody"
        and e.mentions
        and re.search(r"(Government|People's Committee)$", e.label_en)
    ]
    for ent in list(ctx.entities.values()):
        if ent.type != "GovernmentBody" or ent in governments or not ent.mentions:
            continue
        level = re.search(r"\b(Provincial|Municipal|County)\b", ent.label_en)
        for gov in governments:
            prefix = gov.label_en.rsplit(" Government", 1)[0].rsplit(" People's Committee", 1)[0]
            if level and ent.label_en.startswith(prefix.rsplit(" ", 1)[0]) and level.group(1) in gov.label_en:
                m = ent.mentions[0]
                yield Relation(ent.ref, "partOf", gov.ref, ctx.evidence(m.start, m.end))
                break


@rule("relations")
def located_in(ctx: ArticleContext) -> Iterator[Relation]:
    """'Taiyuan Bus Factory', 'the X Company in Anhui', "Shanghai's ... Jiangnan Shipyard": where it is."""
    gaz = load_gazetteer()
    for m in ctx.mentions:
        if m.type not in {"Enterprise", "Organization"}:
            continue
        ent = ctx.entities.get(_ref(ctx, m))
        if ent is None:
            continue
        words = ent.label_en.split()
        for n in (3, 2, 1):
            places = (
                [p for p in gaz.lookup_en(" ".join(words[:n])) if p.cls != "Country"]
                if len(words) > n
                else []
            )
            if places:
                where = _place_entity(ctx, places[0])
                yield Relation(ent.ref, "locatedIn", where, ctx.evidence(m.start, m.end))
                break
        after = ctx.text[m.end : m.end + 4]
        if after.startswith(" in "):
            there = [x for x in ctx.mentions if x.type in PLACE_TYPES and x.start == m.end + 4]
            if there:
                yield Relation(ent.ref, "locatedIn", _ref(ctx, there[0]), ctx.evidence(m.start, there[0].end))
        possessor = [
            x
            for x in ctx.mentions
            if x.type in PLACE_TYPES
            and x.end < m.start
            and ctx.text[x.end : x.end + 2] in {"'s", "’s"}
            and m.start - x.end < 50
            and ctx.sentence_of(x.start, x.end) == ctx.sentence_of(m.start, m.end)
        ]
        if possessor and not any(
            y.start > possessor[-1].end and y.end <= m.start and y.type in ORGS for y in ctx.mentions
        ):
            where = _ref(ctx, possessor[-1])
            yield Relation(ent.ref, "locatedIn", where, ctx.evidence(possessor[-1].start, m.end))


@rule("relations")
def instance_of_mechanism(ctx: ArticleContext) -> Iterator[Relation]:
    """A body named after a mechanism ('Production Command Center') is an instance of it."""
    for ent in list(ctx.entities.values()):
        if ent.type not in {"GovernmentBody", "PartyBody", "Organization"} or not ent.mentions:
            continue
        name = (
            re.sub(r"\bleading group", "group", ent.label_en.lower())
            if re.search(r"\w+ \w+ leading group", ent.label_en.lower())
            else ent.label_en.lower()
        )
        best = None  # the match ending last (the head of the name), then the longest
        for mech in lexicon.mechanisms():
            for pat in mech.patterns_en:
                core = pat[2:] if pat.startswith("* ") else pat
                found = re.search(rf"\b{re.escape(core.lower())}\b", name)
                rank = (found.end(), len(core)) if found else None
                if rank and (best is None or rank > best[0]):
                    best = (rank, mech, core, pat.startswith("* "))
        if best is None:
            continue
        _, mech, core, open_head = best
        key, label = mech.key, mech.label_en
        if open_head:  # "Financial Coordination Group" names a narrower mechanism
            words = name.split()
            head_at = len(name[: name.index(core.lower())].split())
            start = head_at
            while (
                start > 0
                and words[start - 1] not in {"provincial", "municipal", "county", "city"}
                and not load_gazetteer().lookup_en(words[start - 1])
                and head_at - start < 3
            ):
                start -= 1
            phrase = " ".join(words[start : head_at + len(core.split())])
            if phrase != core.lower():
                key, label = slug(phrase), phrase
        target = _entity(ctx, "PolicyMechanism", key, label)
        if key != mech.key:
            target.attrs.setdefault("broader", mech.key)
        else:
            target.label_zh = target.label_zh or mech.label_zh
        m = ent.mentions[0]
        yield Relation(ent.ref, "instanceOfMechanism", target.ref, ctx.evidence(m.start, m.end))
