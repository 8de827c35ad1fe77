"""The resolve stage: mentions of one article -> entities with stable keys, labels and aliases.

Pure functions over an ``ArticleContext``: overlapping mentions are settled (longest wins, then by
type priority), short body names are qualified by the article's place ("the Municipal Government"
in a Taiyuan article -> "Taiyuan Municipal Government"), and each mention is mapped to an entity.
"""

from __future__ import annotations

import re

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.gazetteer import Place, load_gazetteer
from kg.lexicon import slug
from kg.records import Entity, Mention
from kg.types import PLACE_TYPES

# On equal spans, the first type listed wins: a 'Production Command Center' is a body first.
PRIORITY = ("PartyBody", "GovernmentBody", "Enterprise", "Organization", "Province", "City", "County",
            "Region", "Country", "Person", "Product", "PolicyMechanism")
NATIONAL = re.compile(r"^(State|National|Central|China|Chinese|All-China|CPC|CCP|Ministry|General|"
                      r"People's Republic|Communist)\b")
LEVEL_PREFIX = {"Municipal": ("City",), "City": ("City",), "Provincial": ("Province",),
                "County": ("County",), "Prefectural": ("Region", "City")}


def settle_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest mention where spans overlap; equal spans go by PRIORITY."""
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), PRIORITY.index(m.type), m.start, m.rule))
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in order:
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        kept.append(m)
        taken.append((m.start, m.end))
    return sorted(kept, key=lambda m: (m.start, m.end))


def _place_names(place: Place) -> tuple[str, set[str]]:
    """English label and aliases of a gazetteer place ('Jilin', {'Jilin Province'})."""
    suffix = {"Province": "Province", "City": "City", "County": "County"}.get(place.cls)
    aliases = set(place.aliases_en)
    if suffix and place.level not in {"autonomous-region", "sar"}:
        aliases.add(f"{place.name_en} {suffix}")
    return place.name_en, aliases


def qualify(name: str, type_: str, ctx: ArticleContext) -> str:
    """Prefix a body name with the article's place when the text leaves it implicit."""
    gaz = load_gazetteer()
    name = re.sub(r"^(the|The)\s+", "", name)
    first = name.split()[0]
    if first in LEVEL_PREFIX:
        place = ctx.main_place(LEVEL_PREFIX[first])
        return f"{place.name_en} {name}" if place else name
    if type_ in {"GovernmentBody", "PartyBody"} and not NATIONAL.match(name):
        words = name.split()
        if any(gaz.lookup_en(" ".join(words[:n])) for n in (1, 2, 3)):
            return name
        place = ctx.main_place(("Province", "City"))
        return f"{place.name_en} {name}" if place else name
    return name


def resolve(ctx: ArticleContext) -> None:
    """Fill ``ctx.entities`` and ``ctx.mention_ref`` from ``ctx.mentions``."""
    gaz = load_gazetteer()
    mechs = lexicon.mechanism_by_key()
    for m in ctx.mentions:
        if m.type in PLACE_TYPES and m.key in gaz.by_id:
            place = gaz.by_id[m.key]
            label, aliases = _place_names(place)
            ent = _entity(ctx, place.cls, place.id, label)
            ent.aliases_en |= aliases
            ent.label_zh = ent.label_zh or place.short_zh
            if place.name_zh and place.name_zh != place.short_zh:
                ent.aliases_zh.add(place.name_zh)
            ent.attrs.setdefault("level", place.level)
            if place.parent:
                ent.attrs.setdefault("parent", place.parent)
        elif m.type == "PolicyMechanism":
            mech = mechs.get(m.key)
            if mech:
                ent = _entity(ctx, m.type, mech.key, mech.label_en)
                ent.label_zh = ent.label_zh or mech.label_zh
            else:
                text = m.text.replace("\"", "").replace("“", "").replace("”", "").strip()
                ent = _entity(ctx, m.type, slug(text), text.lower())
                if m.canonical:
                    ent.attrs.setdefault("broader", m.canonical)
        elif m.type == "Person":
            ent = _entity(ctx, m.type, slug(m.text), m.text)
        else:
            raw = m.canonical or m.text
            name = qualify(_clean_org(raw), m.type, ctx)
            ent = _entity(ctx, m.type, slug(name), name)
            surface = _clean_org(m.text)
            if surface != name:
                ent.aliases_en.add(surface)
        ent.mentions.append(m)
        ctx.mention_ref[m] = ent.ref


def _clean_org(text: str) -> str:
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    return re.sub(r"['’]s$", "", text)


def _entity(ctx: ArticleContext, type_: str, key: str, label: str) -> Entity:
    ref = (type_, key)
    if ref not in ctx.entities:
        ctx.entities[ref] = Entity(type=type_, key=key, label_en=label)
    return ctx.entities[ref]
