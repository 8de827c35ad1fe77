"""The resolve stage: mentions of one article -> entities with stable keys, labels and aliases.

Pure functions over an ``ArticleContext``: overlapping mentions are settled (longest wins, then by
type priority), short body names are qualified by the article's place ("the Municipal Government"
in a Taiyuan article -> "Taiyuan Municipal Government"), and each mention is mapped to an entity.
"""

from __future__ import annotations

import re

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.en.places import macro_regions
from kg.gazetteer import Place, load_gazetteer
from kg.lexicon import slug
from kg.records import Entity, Mention
from kg.types import PLACE_TYPES

# On equal spans, the first type listed wins: a 'Production Command Center' is a body first.
PRIORITY = (
    "PartyBody",
    "GovernmentBody",
    "Enterprise",
    "Organization",
    "Province",
    "City",
    "County",
    "Region",
    "Country",
    "Person",
    "Product",
    "PolicyMechanism",
)
NATIONAL = re.compile(
    r"^(State|National|Central|China|Chinese|All-China|CPC|CCP|Ministry|General|"
    r"People's Republic|Communist)\b"
)
LEVEL_PREFIX = {
    "Municipal": ("City",),
    "City": ("City",),
    "Provincial": ("Province",),
    "County": ("County",),
    "Prefectural": ("Region", "City"),
}


def settle_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest mention where spans overlap; equal spans go by PRIORITY, except that a county the
    text names as one ('Tieling and other counties') wins over the gazetteer's default reading (a city)."""
    order = sorted(mentions, key=lambda m: (
        -(m.end - m.start), not (m.type == "County" and m.canonical.endswith(" County")),
        PRIORITY.index(m.type), m.start, m.rule))
    kept: list[Mention] = []
    taken: set[int] = set()  # the character positions kept mentions cover: no scan of the kept spans
    for m in order:
        span = range(m.start, m.end)
        if not taken.isdisjoint(span) or not span and any(m.start in range(k.start + 1, k.end) for k in kept):
            continue  # an empty span (sorted last) overlaps a kept span it falls strictly inside
        kept.append(m)
        taken.update(span)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _place_names(place: Place) -> tuple[str, set[str]]:
    """English label and aliases of a gazetteer place ('Jilin', {'Jilin Province'})."""
    suffix = {"Province": "Province", "City": "City", "County": "County"}.get(place.cls)
    aliases = set(place.aliases_en)
    if suffix and place.level not in {"autonomous-region", "sar"}:
        aliases.add(f"{place.name_en} {suffix}")
    return place.name_en, aliases


PARTY_MARKERS = re.compile(r"\b(Party|Political Bureau|Politburo|CPC|CCP|Secretariat)\b")
COMMITTEE_OF_PARTY = re.compile(r"^(.+?) Committee of the (?:Chinese )?Communist Party(?: of China)?$")


def canonical_body_name(name: str) -> str:
    """'X Municipal Committee of the Chinese Communist Party' -> 'X Municipal Party Committee'."""
    name = re.sub(r"^(the|The)\s+", "", name.strip())
    name = re.sub(r"['’]s$", "", name)
    m = COMMITTEE_OF_PARTY.match(name)
    if m and m.group(1).split()[-1] in {"Municipal", "Provincial", "County", "Prefectural", "City"}:
        return f"{m.group(1)} Party Committee"
    return name


# bodies a locality has its own of: "Public Security Bureau", "Industrial Bureau Chemical Plant"
LOCAL_BODY_WORDS = re.compile(
    r"(?<!Political )\b(Bureaus?|Labou?r Department|Public Security|Industrial Department)\b"
)


def _has_place_prefix(words: list[str]) -> bool:
    """Whether a name starts with a place: a gazetteer place or a macro-region ('North China
    Electric Power Administration Bureau' is the region's bureau, not a bare local one)."""
    gaz, regions = load_gazetteer(), macro_regions()
    return any(
        gaz.lookup_en(" ".join(words[:n])) or " ".join(words[:n]) in regions
        for n in (1, 2, 3) if len(words) > n
    )


def clause_place(ctx: ArticleContext, mention: Mention) -> Place | None:
    """The place the clause of ``mention`` is about: the last city, county or province named before it
    in its sentence, else in its paragraph; None when neither names one."""
    gaz = load_gazetteer()
    s, _ = ctx.sentence_of(mention.start, mention.end)
    p = ctx.text.rfind("\n", 0, mention.start) + 1
    for floor in (s, p):
        before = [
            m
            for m in ctx.mentions_within(floor, mention.start)
            if m.type in {"City", "County", "Province"} and m.key in gaz.by_id
        ]
        if before:
            return gaz.by_id[before[-1].key]
    return None


def local_body(name: str) -> bool:
    """A body every locality has ('Public Security Bureau'), named without its place."""
    return (
        bool(LOCAL_BODY_WORDS.search(name))
        and not NATIONAL.match(name)
        and not _has_place_prefix(name.split())
    )


def qualify(name: str, mention: Mention, ctx: ArticleContext, earlier: dict[str, Place] | None = None) -> str:
    """Prefix a local body's name with the article's place when the text leaves it implicit.

    ``earlier`` (bare name -> place) keeps the place a clause gave a local body ('arrived in Beijing, the
    Bureau of Industry and Commerce ...'), so that a later mention with no place of its own is that body.

    Only names that start with a level word ('Municipal Government') or end in a head for ad-hoc
    local bodies ('Production Command Center', marked ``local`` in org_heads.tsv) are qualified.
    """
    words = name.split()
    first = words[0].capitalize()
    if first in LEVEL_PREFIX:
        place = ctx.main_place(LEVEL_PREFIX[first])
        return f"{place.name_en} {name}" if place else name
    if local_body(name):  # "the Public Security Bureau": the place the clause is about
        place = clause_place(ctx, mention)
        if place is not None and earlier is not None:
            earlier.setdefault(name, place)
        elif place is None and earlier:  # a later bare mention is the bureau its clause placed before
            place = earlier.get(name)
        place = place or ctx.main_place(("City", "County", "Province"))
        return f"{place.name_en} {name}" if place else name
    if mention.key != "local" or NATIONAL.match(name):
        return name
    if _has_place_prefix(words):
        return name
    place = ctx.main_place(("Province", "City", "County"))
    return f"{place.name_en} {name}" if place else name


def resolve(ctx: ArticleContext) -> None:
    """Fill ``ctx.entities`` and ``ctx.mention_ref`` from ``ctx.mentions``."""
    gaz = load_gazetteer()
    mechs = lexicon.mechanism_by_key()
    placed: dict[str, Place] = {}  # local bodies' bare names -> the place their clause gave them
    for m in ctx.mentions:
        if m.type in PLACE_TYPES and m.key in gaz.by_id:
            place = gaz.by_id[m.key]
            label, aliases = _place_names(place)
            ent = ctx.entity(place.cls, place.id, label)
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
                ent = ctx.entity(m.type, mech.key, mech.label_en)
                ent.label_zh = ent.label_zh or mech.label_zh
                if m.text.lower() != mech.label_en:
                    ent.aliases_en.add(m.text.lower() if not m.text.isupper() else m.text)
            else:
                text = m.text.replace('"', "").replace("“", "").replace("”", "").strip()
                ent = ctx.entity(m.type, slug(text), text.lower())
                if lexicon.singular(ent.label_en) != ent.label_en:  # "quota systems" is also "quota system"
                    ent.aliases_en.add(lexicon.singular(ent.label_en))
                if m.canonical:
                    ent.attrs.setdefault("broader", m.canonical)
        elif m.type == "Person":
            ent = ctx.entity(m.type, slug(m.text), m.text)
        else:
            name = qualify(canonical_body_name(m.canonical or m.text), m, ctx, placed)
            if name[:1].islower():
                name = " ".join(
                    w if w in {"for", "of", "and", "the"} else w[:1].upper() + w[1:] for w in name.split()
                )
            type_ = m.type
            if type_ == "GovernmentBody" and PARTY_MARKERS.search(name):
                type_ = "PartyBody"
            key = slug(name)
            if local_body(name):  # still bare: one article's body, never merged with another's
                key = f"{key}-{slug(ctx.article.id)}"
            ent = ctx.entity(type_, key, name)
            surface = canonical_body_name(m.text)
            if surface != name and surface.split()[0].capitalize() not in LEVEL_PREFIX:
                ent.aliases_en.add(surface)
        ent.mentions.append(m)
        ctx.mention_ref[m] = ent.ref
    merge_short_forms(ctx)
    merge_short_mechanisms(ctx)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


GENERIC_HEADS = {"factory", "plant", "company", "mill", "works"}


def _same_first_word(short: Entity, orgs: list[Entity]) -> Entity | None:
    """'Jiangnan Factory' in an article that also names 'Jiangnan Shipyard': the shipyard."""
    words = short.label_en.split()
    if short.type != "Enterprise" or len(words) != 2 or words[1].lower() not in GENERIC_HEADS:
        return None
    if load_gazetteer().lookup_en(words[0]):
        return None  # "Shanghai Factory" names no particular factory
    same = [
        e for e in orgs if e is not short and e.type == "Enterprise" and e.label_en.split()[0] == words[0]
    ]
    return same[0] if len(same) == 1 else None


def merge_short_forms(ctx: ArticleContext) -> None:
    """Merge 'Mineral Raw Materials Factory' into 'China Mineral Industrial Raw Materials Factory'.

    Within one article, an organisation whose words all appear, in order and with the same head word,
    in a longer name of the same type is the same organisation named shorter.
    """
    orgs = [
        e
        for e in ctx.entities.values()
        if e.type in {"Enterprise", "Organization", "GovernmentBody", "PartyBody"}
    ]
    by_length = sorted(orgs, key=lambda e: (-len(e.label_en.split()), e.key))
    for short in sorted(orgs, key=lambda e: (len(e.label_en.split()), e.key)):
        words = short.label_en.lower().split()
        target = _same_first_word(short, orgs) or next(
            (
                e
                for e in by_length
                if e is not short
                and e.type == short.type
                and len(e.label_en.split()) > len(words)
                and e.label_en.lower().split()[-1] == words[-1]
                and _is_subsequence(words, e.label_en.lower().split())
            ),
            None,
        )
        if target is not None and short.ref in ctx.entities:
            _fold_into(ctx, short, target)


def merge_short_mechanisms(ctx: ArticleContext) -> None:
    """Merge 'tractor stations' into 'agricultural machine tractor stations' (one article).

    English names a practice in full once, then by its last words: an open-class mechanism (not a lexicon
    concept) whose words end one longer mechanism name of the article is that mechanism. When two longer
    names end so ('livestock mutual aid groups', 'labour mutual aid groups') the short one stays apart.
    """
    mechs = lexicon.mechanism_by_key()
    found = [e for e in ctx.entities.values() if e.type == "PolicyMechanism"]
    names = {e.ref: [_singular_words(n) for n in {e.label_en, *e.aliases_en}] for e in found}
    for short in sorted(found, key=lambda e: (len(e.label_en.split()), e.key)):
        if short.key in mechs or short.ref not in ctx.entities:
            continue
        words = _singular_words(short.label_en)
        longer = [
            e for e in found
            if e is not short and e.ref in ctx.entities
            and any(len(n) > len(words) and n[-len(words):] == words for n in names[e.ref])
        ]
        if len(longer) != 1:
            continue
        _fold_into(ctx, short, longer[0])


def _fold_into(ctx: ArticleContext, short, target) -> None:
    """Make ``short`` a shorter name of ``target``: its names become aliases, its mentions ``target``'s."""
    target.aliases_en |= short.aliases_en | {short.label_en}
    target.mentions.extend(short.mentions)
    for m in short.mentions:
        ctx.mention_ref[m] = target.ref
    del ctx.entities[short.ref]


def _singular_words(name: str) -> list[str]:
    """A name's words in lower case, the last in the singular ('collective contracts': ..., 'contract')."""
    words = name.lower().replace('"', "").split()
    return [*words[:-1], lexicon.singular(words[-1])] if words else []
