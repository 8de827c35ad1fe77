"""English relation rules: one sentence at a time, over resolved mentions.

Each rule yields ``Relation``s whose evidence is the sentence that states them. Who acts is read from
the dependency parse (``kg.extract.en.actors``); names, places and posts from the mentions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.en.mentions import head_at
from kg.extract.en.places import NATURAL, macro_regions
from kg.extract.registry import rule
from kg.gazetteer import load_gazetteer
from kg.lexicon import slug
from kg.nlp import SPANS_KEY
from kg.records import Mention, Post, Relation
from kg.types import PLACE_TYPES

BODIES = {"PartyBody", "GovernmentBody"}
ORGS = {"PartyBody", "GovernmentBody", "Enterprise", "Organization"}
ADOPTERS = BODIES | PLACE_TYPES | {"Enterprise", "Organization"}
ESTABLISH = re.compile(r"\b(establish(?:ed|es|ing)?|set(?:s|ting)? up|founded|formed|created|built)\b", re.I)
VISIT = re.compile(
    r"\b(on-site (?:offices?|meetings?|work)|visit(?:ed|s|ing)?|inspect(?:ed|s|ing|ion)?|"
    r"toured|went to|came to|called on|went deep into|arrived (?:in|at)|looked around)\b",
    re.I,
)
LEAD = re.compile(r"\b(led by|headed by|under the leadership of|under the command of)\b", re.I)
SUPPORT = re.compile(
    r"\b(support(?:ed|s|ing)?|help(?:ed|s|ing)?|aid(?:ed|s|ing)?|assist(?:ed|s|ing)?|back(?:ed|s|ing)?|"
    r"subsidi[sz](?:e|ed|es|ing)|financ(?:e|ed|es|ing)|fund(?:ed|s|ing)?|sponsor(?:ed|s|ing)?)\b",
    re.I,
)
PARTY = ("PartyBody", "chinese-communist-party")
GOVERNING = re.compile(r"\b(Government|Party Committee|People's Committee|Provincial|Municipal|County)\b")
OF_BODY_GAP = re.compile(
    r" of (?:the )?(?:[A-Z][\w'-]*(?:,? and|,)? )*[A-Z][\w'-]* "
)  # "Minister of Coal Industry X"


def _by_sentence(ctx: ArticleContext) -> list[tuple[tuple[int, int], list[Mention]]]:
    by_sent: dict[tuple[int, int], list[Mention]] = {}
    for m in ctx.mentions:
        by_sent.setdefault(ctx.sentence_of(m.start, m.end), []).append(m)
    return sorted(by_sent.items())


def _parent_in_sentence(ctx: ArticleContext, m: Mention, parent_id: str) -> bool:
    """Whether the sentence of ``m`` also names the place ``parent_id`` (outside the headline)."""
    s, e = ctx.sentence_of(m.start, m.end)
    return any(
        s <= x.start < e and ctx.mention_ref.get(x, ("", ""))[1] == parent_id and not ctx.in_headline(x.start)
        for x in ctx.mentions
        if x.type in PLACE_TYPES
    )


def _ref(ctx: ArticleContext, m: Mention) -> tuple[str, str]:
    return ctx.mention_ref[m]


def _place_entity(ctx: ArticleContext, place) -> tuple[str, str]:
    ent = ctx.entity(place.cls, place.id, place.name_en)
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
        after = [
            m
            for m in sent_mentions
            if m.type in ORGS
            and 0 < m.start - span.end_char <= 80
            and not re.search(r"[,;:(]", ctx.text[span.end_char : m.start])
        ]
        if after:
            return _ref(ctx, after[0])
        words = []
        person_starts = {m.start for m in sent_mentions if m.type == "Person"}
        for tok in doc[span.end + 1 : span.end + 5]:
            if not tok.is_title or tok.idx in person_starts:
                break
            words.append(tok.text)
        if words and title.title_en.split()[-1] in {"Minister"}:  # "Vice Minister of Railways"
            name = f"Ministry of {' '.join(words)}"
            return ctx.entity("GovernmentBody", slug(name), name).ref
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
            ent = ctx.entity(title.body_type, slug(name), name)
            return ent.ref
    elif title.level == "national":
        key = slug(title.body_head)
        for ent in ctx.entities.values():  # "Political Bureau" may be named longer in the text
            if ent.type == title.body_type and title.body_head.lower() in ent.label_en.lower():
                return ent.ref
        return ctx.entity(title.body_type, key, title.body_head).ref
    orgs = [m for m in sent_mentions if m.type in ORGS and m.end <= span.start_char]
    if not orgs:  # "Director Ai Zhisheng" after a sentence about his ministry
        s, _ = ctx.sentence_of(span.start_char, span.end_char)
        ps, _ = ctx.sentence_of(max(0, s - 2), max(0, s - 1)) if s > 0 else (0, 0)
        orgs = [m for m in ctx.mentions if m.type in ORGS and ps <= m.start < s]
    return _ref(ctx, orgs[-1]) if orgs else None


@rule("relations")
def holds_post(ctx: ArticleContext) -> Iterator[Relation]:
    """'Mayor Li X', 'State Councilors A and B', 'A, director of the X Factory': posts people hold."""
    doc = ctx.doc
    titles = {t.title_en.lower(): t for t in lexicon.titles()}
    from spacy.util import filter_spans  # here: Chinese-only builds never import spaCy

    spans = filter_spans([s for s in doc.spans[SPANS_KEY] if s.label_ == "TITLE"])
    persons = sorted((m for m in ctx.mentions if m.type == "Person"), key=lambda m: m.start)
    last: tuple[int, list[Mention]] | None = None  # end of the previous title, its holders
    for span in spans:
        title = titles.get(span.id_.lower())
        if title is None:
            continue
        s, e = ctx.sentence_of(span.start_char, span.end_char)
        sent_mentions = ctx.mentions_within(s, e)
        holders: list[Mention] = []
        # title before the names: "State Councilors Song Jian and Wang Fang", "Minister of Railways X"
        pos = span.end_char
        for p in persons:
            if p.start < pos:
                continue
            gap = ctx.text[pos : p.start]
            if gap.strip() in {"", ",", "and", ", and"} and len(gap) <= 6:
                holders.append(p)
                pos = p.end
            elif not holders and OF_BODY_GAP.fullmatch(gap):
                holders.append(p)
                pos = p.end
            else:
                break
        # names before the title: "Luo Huaxing, director of ...", "A and B, secretaries of ..."
        if not holders:
            prev = [p for p in persons if p.end <= span.start_char and s <= p.start]
            if prev and re.fullmatch(r",\s*(the\s+)?", ctx.text[prev[-1].end : span.start_char]):
                holders.append(prev[-1])
                for earlier in reversed(prev[:-1]):
                    if ctx.text[earlier.end : holders[-1].start].strip() not in {"and", ",", ", and"}:
                        break
                    holders.append(earlier)
        # "A, Vice Chairman of X and Chairperson of Y": the second title has the first's holders
        if (
            not holders
            and last
            and re.fullmatch(r" of (?:the )?[A-Z][^,;]*? and ", ctx.text[last[0] : span.start_char])
        ):
            holders = last[1]
        if holders:
            last = (span.end_char, holders)
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
    named = {e.label_en: e.ref for e in ctx.entities.values() if e.type in PLACE_TYPES}
    named |= {
        e.label_en.rsplit(" ", 1)[0]: e.ref
        for e in ctx.entities.values()
        if e.type == "County" and e.label_en.endswith((" County", " District"))
    }
    for ent in list(ctx.entities.values()):
        if ent.type not in BODIES or not ent.mentions:
            continue
        if not re.search(r"(Government|Party Committee|People's Committee)$", ent.label_en):
            continue
        words = ent.label_en.split()
        for n in (3, 2, 1):
            if len(words) <= n:
                continue
            prefix = " ".join(words[:n])
            want = {"Municipal": "City", "Provincial": "Province", "County": "County"}.get(words[n])
            places = gaz.lookup_en(prefix)
            where = None
            if prefix in named and (want is None or named[prefix][0] == want):
                where = named[prefix]
            elif places:
                where = _place_entity(ctx, next((p for p in places if p.cls == want), places[0]))
            if where:
                m = ent.mentions[0]
                yield Relation(ent.ref, "governs", where, ctx.evidence(m.start, m.end))
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
        and not ctx.in_headline(m.start)
        and not _in_dateline(ctx, m.start)
    }
    for (cls, pid), m in sorted(body_places.items()):
        place = gaz.by_id.get(pid)
        parent = gaz.by_id.get(place.parent) if place and place.parent else None
        if parent and parent.cls == "Country":
            if not re.match(rf",\s*{re.escape(parent.name_en)}\b", ctx.text[m.end : m.end + 40]):
                continue  # provinces lie in China: say so only where the text does ("Tianjin, China")
        elif place and parent:
            # the nearest ancestor the sentence names: "Liaoning Kaiyuan County" (its prefecture unnamed)
            parent = next((a for a in gaz.ancestors(pid) if a.cls != "Country" and _parent_in_sentence(
                ctx, m, a.id)), None)
            if parent is None:
                continue  # "Wuhan ... Hubei" sentences apart is world knowledge, not what the text says
        else:
            continue
        if parent:
            yield Relation((cls, pid), "partOf", _place_entity(ctx, parent), ctx.evidence(m.start, m.end))
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
                before = [  # "Liaoning Kaiyuan County": the Chinese order, the province first
                    x for x in ms if x.type in {"Province", "City"} and ctx.text[x.end : m.start] == " "
                ]
                if nxt or before:
                    yield Relation(_ref(ctx, m), "partOf", _ref(ctx, (nxt or before)[0]), ctx.evidence(s, e))
    yield from _address_chain(ctx)
    yield from _nested_bodies(ctx)
    yield from _branches(ctx)
    yield from _units_in_places(ctx)
    yield from _owned_units(ctx)
    for ent in list(ctx.entities.values()):
        if ent.type != "PartyBody" or ent.key == PARTY[1] or not ent.mentions:
            continue
        names = " ".join([ent.label_en, *ent.aliases_en, *(m.text for m in ent.mentions)])
        if re.search(r"\b(of the (Chinese )?Communist Party|CPC|CCP)\b", names):
            party = ctx.entity(*PARTY, "Chinese Communist Party")
            m = ent.mentions[0]
            yield Relation(ent.ref, "partOf", party.ref, ctx.evidence(m.start, m.end))
    governments = [
        e
        for e in ctx.entities.values()
        if e.type == "GovernmentBody"
        and e.mentions
        and re.search(r"(Government|People's Committee|Revolutionary Committee)$", e.label_en)
    ]
    for ent in list(ctx.entities.values()):
        if ent.type != "GovernmentBody" or ent in governments or not ent.mentions:
            continue
        level = re.search(r"\b(Provincial|Municipal|County)\b", ent.label_en)
        for gov in governments:
            prefix = re.sub(r" (Government|People's Committee|Revolutionary Committee)$", "", gov.label_en)
            if level and ent.label_en.startswith(prefix.rsplit(" ", 1)[0]) and level.group(1) in gov.label_en:
                m = ent.mentions[0]
                yield Relation(ent.ref, "partOf", gov.ref, ctx.evidence(m.start, m.end))
                break


COORDINATED = re.compile(r"(?:,|,? and) (?:the )?")  # between the names of a run: "A, B and the C"


def _coordinated_run(ctx: ArticleContext, first: Mention, candidates: list[Mention]) -> list[Mention]:
    """``first`` and the ``candidates`` (in text order) coordinated after it: "A, B and the C"."""
    run = [first]
    for x in candidates:
        if x.start > run[-1].end and COORDINATED.fullmatch(ctx.text[run[-1].end : x.start]):
            run.append(x)
    return run


def _units_in_places(ctx: ArticleContext) -> Iterator[Relation]:
    """"the Nanhui Brigade in Xingtai County", "Jianghua Village, Harbin", "Dazhangzhuang and Liting in
    Anxin": a unit (each unit of a coordinated run) within the named place after it."""
    for (s, e), ms in _by_sentence(ctx):
        units = [m for m in ms if _local_unit(m)]
        for m in units:
            last = _coordinated_run(ctx, m, units)[-1]
            outer = [x for x in ms if x.type in {"County", "City", "Province"} and 0 < x.start - last.end < 6]
            if outer and ctx.text[last.end : outer[0].start].strip() in {",", "in", ", in", "of"}:
                yield Relation(_ref(ctx, m), "partOf", _ref(ctx, outer[0]), ctx.evidence(s, e))


def _owned_units(ctx: ArticleContext) -> Iterator[Relation]:
    """"X Team of the Y Bureau"; "the X Commune's Y Brigade", "the Bureau's Knitting Factory and Rubber
    Factory": the possessed units are part of their owner."""
    orgs = sorted((m for m in ctx.mentions if m.type in ORGS), key=lambda m: m.start)
    for inner, outer in zip(orgs, orgs[1:], strict=False):
        if ctx.text[inner.end : outer.start] in {" of the ", " of "} and _ref(ctx, inner) != _ref(ctx, outer):
            yield Relation(_ref(ctx, inner), "partOf", _ref(ctx, outer), ctx.evidence(inner.start, outer.end))
        elif ctx.text[inner.end : outer.start] in {"'s ", "’s "} and _ref(ctx, inner) != _ref(ctx, outer):
            for x in _coordinated_run(ctx, outer, orgs):
                if _ref(ctx, x) != _ref(ctx, inner):
                    yield Relation(_ref(ctx, x), "partOf", _ref(ctx, inner), ctx.evidence(inner.start, x.end))


def _local_unit(m: Mention) -> bool:
    """A village or area the gazetteer lacks, or a rural unit (brigade, commune, co-operative)."""
    rural = m.type == "Organization" and RURAL_UNIT.search(m.text)
    return bool(m.type == "Region" and m.key == "" and not NATURAL.search(m.text) or rural)


# how big a unit of an address is: "X Brigade, Y Commune, Z County, W Province" runs from small to large
ADDRESS_RANK = {"Organization": 0, "County": 2, "City": 3, "Region": 3, "Province": 4}
RURAL_UNIT = re.compile(r"\b(Brigade|Commune|Team|Co-?operative|Farm)$")


def _address_chain(ctx: ArticleContext) -> Iterator[Relation]:
    """'X Brigade, Y Commune, Z County, W Province': an address names each unit
    within the next, larger one (a brigade within its commune, a commune within its county)."""
    units = sorted((m for m in ctx.mentions if m.type in ADDRESS_RANK), key=lambda m: m.start)
    gaz = load_gazetteer()
    for inner, outer in zip(units, units[1:], strict=False):
        if ctx.text[inner.end : outer.start] != ", " or _ref(ctx, inner) == _ref(ctx, outer):
            continue
        if inner.type == "Organization" and not RURAL_UNIT.search(inner.text):
            continue  # "Xinhua News Agency, Tianjin": a dateline, not an address
        if inner.key in gaz.by_id and outer.key in gaz.by_id and outer.key not in {
            p.id for p in gaz.ancestors(inner.key)
        }:
            continue  # "Lanzhou, Sichuan, and Beijing": a list of places, not an address
        rank_in, rank_out = ADDRESS_RANK[inner.type], ADDRESS_RANK[outer.type]
        if rank_in < rank_out or rank_in == rank_out == 0 and outer.text.endswith("Commune"):
            yield Relation(_ref(ctx, inner), "partOf", _ref(ctx, outer), ctx.evidence(inner.start, outer.end))


def _nested_bodies(ctx: ArticleContext) -> Iterator[Relation]:
    """'the X Provincial Revolutionary Committee Production Command Department', 'the Central People's
    Government Ministry of Food': a department named after the body it belongs to names that body too."""
    doc = ctx.doc
    for m in ctx.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.type in BODIES else None
        if span is None:
            continue
        for k in range(span.end - 3, span.start + 1, -1):
            found = head_at(doc, k)
            if found is None or found[1] not in BODIES or k - span.start < 2 or not doc[k + 1].is_title:
                continue  # "the X Government Ministry of Food": not "X Government Ministry"
            inner = doc[span.start : k + 1]
            parent = ctx.entity(found[1], slug(inner.text), inner.text)
            start, end = inner.start_char, inner.end_char
            parent.mentions.append(Mention(ctx.article.id, "en", start, end, inner.text, found[1], ""))
            yield Relation(_ref(ctx, m), "partOf", parent.ref, ctx.evidence(m.start, m.end))
            break


BRANCH_GAP = re.compile(r"\s+(branch|sub-branch|branch office|branch company|office)\s+of\s+(the\s+)?", re.I)


def _branches(ctx: ArticleContext) -> Iterator[Relation]:
    """'the Weifang branch of the Beihai Bank': a branch, named by its place and its parent, is part of
    the parent and lies in the place."""
    ordered = sorted(ctx.mentions, key=lambda m: m.start)
    for place, parent in zip(ordered, ordered[1:], strict=False):
        if place.type not in {"City", "County", "Province"} or parent.type not in {"Enterprise", *BODIES}:
            continue
        gap = BRANCH_GAP.fullmatch(ctx.text[place.end : parent.start])
        if gap is None:
            continue
        label = f"{place.text} {gap.group(1).title()} of {gap.group(2) or ''}{parent.text}"
        branch = ctx.entity(parent.type, slug(label), label)
        text = ctx.text[place.start : parent.end]
        branch.mentions.append(Mention(ctx.article.id, "en", place.start, parent.end, text, parent.type, ""))
        evidence = ctx.evidence(place.start, parent.end)
        yield Relation(branch.ref, "partOf", _ref(ctx, parent), evidence)
        yield Relation(branch.ref, "locatedIn", _ref(ctx, place), evidence)


def _in_dateline(ctx: ArticleContext, pos: int) -> bool:
    """True inside a short opening sentence such as 'Xinhua News Agency, Taiyuan, 24th.'"""
    sents = ctx.sentences()
    return bool(sents) and sents[0][0] <= pos < sents[0][1] and sents[0][1] - sents[0][0] < 60


@rule("relations")
def located_in(ctx: ArticleContext) -> Iterator[Relation]:
    """Where an enterprise is: its name ('Dalian Shipyard'), 'X in Anhui', "Shanghai's ... X".

    Nothing is guessed from the place a paragraph or article is about: on unseen articles that guess was
    wrong four times in five (an enterprise named in a Tianjin article need not be in Tianjin)."""
    gaz = load_gazetteer()
    # a place only inside a name ("the private Nanyang Chemical Factory" in an article about Beijing) may be
    # a trade name, not a city: a name's place counts when the article names it, or names no other place
    named = {ctx.mention_ref[x] for x in ctx.mentions if x.type in PLACE_TYPES - {"Country"}}
    for m in ctx.mentions:
        if m.type not in {"Enterprise", "Organization", "GovernmentBody"}:
            continue
        ent = ctx.entities.get(_ref(ctx, m))
        if ent is None:
            continue
        if m.type == "GovernmentBody" and (
            GOVERNING.search(ent.label_en) or not ent.label_en.startswith(m.text.split()[0])
        ):
            continue  # governments govern their place; a qualified "Production Command Center" says nothing
        words = ent.label_en.split()
        prefix_place = None
        for n in (3, 2, 1):
            places = (
                [p for p in gaz.lookup_en(" ".join(words[:n])) if (p.cls, p.id) in named or not named]
                if len(words) > n
                else []
            )
            if places:
                prefix_place = places[0]
                yield Relation(
                    ent.ref, "locatedIn", _place_entity(ctx, places[0]), ctx.evidence(m.start, m.end)
                )
                break
        if prefix_place is None:  # "North China Electric Power Administration": a region the article names
            region = _region_prefix(ctx, ent.label_en)
            if region is not None:
                yield Relation(ent.ref, "locatedIn", region, ctx.evidence(m.start, m.end))
        if ctx.text[m.end : m.end + 4] == " in ":
            there = [x for x in ctx.mentions if x.type in PLACE_TYPES and x.start == m.end + 4]
            if there:
                yield Relation(ent.ref, "locatedIn", _ref(ctx, there[0]), ctx.evidence(m.start, there[0].end))
                parent = gaz.by_id.get(prefix_place.parent) if prefix_place else None
                if parent and _ref(ctx, there[0])[1] == parent.id:  # "Hangzhou X Factory in Zhejiang"
                    child = _place_entity(ctx, prefix_place)
                    yield Relation(child, "partOf", _ref(ctx, there[0]), ctx.evidence(m.start, there[0].end))
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
            yield Relation(
                ent.ref, "locatedIn", _ref(ctx, possessor[-1]), ctx.evidence(possessor[-1].start, m.end)
            )


@functools.cache
def _macro_forms() -> dict[str, list[str]]:
    """A macro-region's key -> its surface forms (macro_regions.tsv), made once."""
    out: dict[str, list[str]] = {}
    for form, (key, _, _) in macro_regions().items():
        out.setdefault(key, []).append(form)
    return out


def _region_prefix(ctx: ArticleContext, name: str) -> tuple[str, str] | None:
    """The region of the article (not a river or a mountain) whose name ``name`` starts with, the longest:
    'Northwest Financial and Economic Committee' -> Northwest China named as 'the Northwest'."""
    macro_forms = _macro_forms()
    forms = {
        (form, e.ref)
        for e in ctx.entities.values()
        if e.type == "Region" and e.mentions and not NATURAL.search(e.label_en)
        for form in (e.label_en, *e.aliases_en, *(x.text for x in e.mentions), *macro_forms.get(e.key, ()))
    }
    for form, ref in sorted(forms, key=lambda f: (-len(f[0]), f)):
        form = form.removeprefix("the ")
        if len(form) >= 4 and form[:1].isupper() and name.startswith(f"{form} "):
            return ref
    return None


@functools.cache
def _whole_words(text: str) -> re.Pattern[str]:
    """``text`` as whole words, compiled once (every body is matched against every mechanism term)."""
    return re.compile(rf"\b{re.escape(text)}\b")


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
                found = _whole_words(core.lower()).search(name)
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
        target = ctx.entity("PolicyMechanism", key, label)
        if key != mech.key:
            target.attrs.setdefault("broader", mech.key)
        else:
            target.label_zh = target.label_zh or mech.label_zh
        m = ent.mentions[0]
        yield Relation(ent.ref, "instanceOfMechanism", target.ref, ctx.evidence(m.start, m.end))
