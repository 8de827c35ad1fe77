"""The resolve stage for Chinese bodies: zh mentions -> entities with the keys the English side mints.

Places get gazetteer ids; mechanisms lexicon keys; persons the slug of their pinyin (李明 -> li-ming);
bodies and enterprises the slug of an English rendering of their full name (kg.extract.zh.names). Short
body names are qualified with the article's place of their level (市政府 in a Taiyuan article ->
太原市政府, whose English key is taiyuan-municipal-government); the short form stays as an alias.

Chinese labels follow the gold convention: the fullest form written in the text, except a body written
in a short form, whose label is the qualified form (太原市政府) with the short form as alias; a province is
labelled 吉林省 where the text writes that form, other places by their short name (太原).
"""

from __future__ import annotations

import functools
import re

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.zh import names as zh_names
from kg.gazetteer import Place, load_gazetteer
from kg.identity import NATIONAL, SEP
from kg.lexicon import slug
from kg.records import Entity, Mention
from kg.types import PLACE_TYPES
from kg.zhdoc import Word, dictionary_tag

SECTOR = "zh_sectors"  # 国营工业企业: a sector of a place's industry, no firm of its own name
PARTY = re.compile(r"党委|党组|党支部|中共|省委|市委|县委|地委|区委|纪委")


def resolve_zh(ctx: ArticleContext) -> None:
    """Fill ``ctx.entities`` and ``ctx.mention_ref`` from the zh mentions of ``ctx.mentions``."""
    ctx.mentions = [part for m in ctx.mentions for part in split_juxtaposed(m)]
    for m in ctx.mentions:
        ent = _resolve(ctx, m)
        ent.mentions.append(m)
        ctx.mention_ref[m] = ent.ref
    for m in [*abbreviations(ctx), *recurrences(ctx)]:
        ent = ctx.entities[ctx.mention_ref[m]]
        ent.mentions.append(m)
    _leading_places(ctx)
    _merge_short_mechanisms(ctx)
    _merge_place_prefixed(ctx)
    _merge_abbreviated_places(ctx)
    _merge_short_bodies(ctx)
    _qualify_unit_bodies(ctx)
    ctx.mentions = sorted(ctx.mentions, key=lambda m: (m.start, m.end))
    for ent in ctx.entities.values():
        _choose_label(ent, ctx.text)


# 地委行署, 市委市政府, 省委省人委: a party committee and the government of its place written side by side,
# with no 、 between them (as the period's prose often does): two bodies, not one.
JUXTAPOSED = re.compile(
    r"(.{0,8}?(?:省委|市委|县委|地委|区委))((?:省|市|县|区)?(?:人民)?政府|行署|专署|(?:省|市|县)?人委|"
    r"(?:省|市|县)?人民委员会)"
)
LEVEL_OF = {"省": "province", "市": "city", "县": "county"}
COMMITTEE_LEVEL = {**LEVEL_OF, "地": "prefecture"}


def split_juxtaposed(m: Mention) -> list[Mention]:
    """临沂地委行署 -> 临沂地委 + 行署 (named 临沂行署); 省委省政府 -> 省委 + 省政府 (each a short form)."""
    found = JUXTAPOSED.fullmatch(m.text) if m.type in {"PartyBody", "GovernmentBody"} else None
    if found is None:
        return [m]
    first, second = found.groups()
    cut = m.start + len(first)
    place = next((name for s, _, name in zh_names.place_spans(first) if s == 0), "")
    # 地委行署 with no place: each half is a short form, qualified with the article's place of its level
    if len(first) != 2:
        key = m.key
    elif first[0] in COMMITTEE_LEVEL:
        key = f"short:{COMMITTEE_LEVEL[first[0]]}"
    else:
        key = "local"
    party = Mention(m.article, m.lang, m.start, cut, first, "PartyBody", m.rule, key)
    if place:
        full = (place[:-1] if place[-1] == second[0] and second[0] in LEVEL_OF else place) + second
        gov = Mention(m.article, m.lang, cut, m.end, second, "GovernmentBody", m.rule, "", full)
    else:
        gov = Mention(m.article, m.lang, cut, m.end, second, "GovernmentBody", m.rule,
                      f"short:{LEVEL_OF[second[0]]}" if second[0] in LEVEL_OF else "local")
    return [party, gov]


def local_key(ctx: ArticleContext, key: str) -> str:
    """The key of a body of this article only: the article's whole id after ``key`` (a cut id would join
    two articles of one day, 1958-03-01_3_1 and 1958-03-01_3_2)."""
    return f"{key}-{slug(ctx.article.id)}"


def _merge_short_mechanisms(ctx: ArticleContext) -> None:
    """集体化 after 农业集体化, 集体合同 after 劳资集体合同, 技术革新运动 found by the lexicon and by the open
    rule: a mechanism named only by the end of another's name in the article is that mechanism (when
    only one mechanism's name ends so)."""
    mechs = sorted(
        (e for e in ctx.entities.values() if e.type == "PolicyMechanism" and e.mentions),
        key=lambda e: (-max(len(m.text) for m in e.mentions), e.ref),
    )
    for short in reversed(mechs):
        texts = {m.text for m in short.mentions}
        if min(map(len, texts)) < 3:
            continue  # 合同, 贷款: too general to be one mechanism's short name
        longer = [e for e in mechs if e is not short and e.ref in ctx.entities and all(
            any(m.text.endswith(t) and (len(m.text) > len(t) or _preferred(e, short)) for m in e.mentions)
            for t in texts
        )]
        if len(longer) != 1:
            continue  # 核算制度 after 成本核算制度 and 财务核算制度: which one, the text does not say
        longer = longer[0]
        _absorb(ctx, short.ref, longer.ref)
        if "broader" in short.attrs:
            longer.attrs.setdefault("broader", short.attrs["broader"])


def _leading_places(ctx: ArticleContext) -> None:
    """甘肃省|阿干镇煤矿, 宝鸡市|裕民铁工厂: a province or city written in full before a body's name is
    named there too (an entity of the article; the body's mention stays whole for the relation rules)."""
    gaz = load_gazetteer()
    for m in list(ctx.mentions):
        if m.type in PLACE_TYPES or m.type in {"Person", "Product", "PolicyMechanism"}:
            continue
        lead = next((e for s, e, _ in zh_names.place_spans(m.text) if s == 0), 0)
        name = m.text[:lead]
        if not lead or lead >= len(m.text) - 1 or name[-1] not in "省市":
            continue
        places = [p for p in gaz.lookup_zh(name) if p.cls in {"Province", "City"} and p.name_zh == name]
        if not places:
            continue
        place = Mention(m.article, "zh", m.start, m.start + lead, name, places[0].cls, "zh_places",
                        key=places[0].id)
        ent = _resolve(ctx, place)
        ent.mentions.append(place)
        ctx.mention_ref[place] = ent.ref


def _merge_place_prefixed(ctx: ArticleContext) -> None:
    """河北省东山煤矿 and 东山煤矿, 峰峰矿务局西岭煤矿 and 西岭煤矿 in one article: an enterprise written once
    with its place or its wider body in front and elsewhere without it is one enterprise (the short form
    is merged into the full one)."""
    firms = {m.text: ctx.mention_ref[m] for m in ctx.mentions if m.type == "Enterprise" and m.rule != SECTOR}
    for text, ref in sorted(firms.items()):
        for k in range(2, len(text) - 3):
            other = firms.get(text[k:])
            if other is None or other == ref or other not in ctx.entities or ref not in ctx.entities:
                continue
            if any(m.rule == SECTOR for m in ctx.entities[other].mentions) or not _qualifier(text[:k]):
                continue  # 国营工业企业 standing for a province's state industry: not a named firm
            _absorb(ctx, other, ref)


def _merge_abbreviated_places(ctx: ArticleContext) -> None:
    """伊克昭盟羊绒衫厂 and 伊盟羊绒衫厂, 内蒙古X公司 and 内蒙X公司: one body written once with its place in
    full and elsewhere with the place's abbreviation (its first character and some of the others, in
    order, as 简称 are made) is one body (the abbreviated form is merged into the full one)."""
    by_tail: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    for m in ctx.mentions:
        if m.type in BODY_TYPES and len(m.text) >= 5 and m in ctx.mention_ref:
            by_tail.setdefault((m.type, m.text[-3:]), {})[m.text] = ctx.mention_ref[m]
    for names in by_tail.values():
        if len(set(names.values())) < 2:
            continue
        for full, ref in sorted(names.items(), key=lambda n: (-len(n[0]), n[0])):
            for short, other in sorted(names.items()):
                if other == ref or other not in ctx.entities or ref not in ctx.entities:
                    continue
                if _abbreviates(full, short):
                    _absorb(ctx, other, ref)


def _abbreviates(full: str, short: str) -> bool:
    """Whether ``short`` is ``full`` with its leading place abbreviated (伊克昭盟羊绒衫厂, 伊盟羊绒衫厂): the
    same name of three characters or more after the place, and a short form of two characters or more
    starting as the place does and taken from it in order."""
    cut = zh_names.leading_place(full) or 0
    rest = full[cut:]
    if cut < 3 or len(rest) < 3 or not short.endswith(rest):
        return False
    place, abbreviated = full[:cut], short[: len(short) - len(rest)]
    if not 2 <= len(abbreviated) < len(place) or abbreviated[0] != place[0]:
        return False
    chars = iter(place)
    return all(ch in chars for ch in abbreviated)


def _absorb(ctx: ArticleContext, other: tuple[str, str], ref: tuple[str, str]) -> None:
    """Merge the entity ``other`` into ``ref`` (one thing written two ways): its mentions become ``ref``'s."""
    for m in ctx.entities.pop(other).mentions:
        ctx.entities[ref].mentions.append(m)
        ctx.mention_ref[m] = ref


def _qualifier(prefix: str) -> bool:
    """A place (河北省, 内蒙古锡林郭勒盟) or a body (峰峰矿务局) written before a firm's own name."""
    rest = prefix
    while (cut := zh_names.leading_place(rest)) and cut < len(rest):
        rest = rest[cut:]
    head = zh_names.head_of(rest)
    return zh_names.leading_place(rest) == len(rest) or bool(head and head.type in BODY_TYPES)


BODY_TYPES = {"Enterprise", "GovernmentBody", "Organization"}


BODY_KINDS = ({"PartyBody", "GovernmentBody"},)


def _merge_short_bodies(ctx: ArticleContext) -> None:
    """生产指挥部 after 山东省革命委员会生产指挥部, 电机厂 after 苏州电机厂: a body written only by the end of
    one other body's name in the article (three characters or more, ending in a head) is that body."""
    for kinds in BODY_KINDS:
        bodies = sorted((e for e in ctx.entities.values() if e.type in kinds and e.mentions),
                        key=lambda e: e.ref)
        for short in bodies:
            texts = {m.text for m in short.mentions}
            if min(map(len, texts)) < 3 or any(UNIT_BODY.fullmatch(t) for t in texts):
                continue
            if not all(zh_names.head_of(t) for t in texts):
                continue
            longer = [
                e for e in bodies if e is not short and e.ref in ctx.entities
                and all(any(len(m.text) > len(t) and m.text.endswith(t) for m in e.mentions) for t in texts)
            ]
            if len(longer) != 1 or short.ref not in ctx.entities:
                continue
            for m in short.mentions:
                longer[0].mentions.append(m)
                ctx.mention_ref[m] = longer[0].ref
            del ctx.entities[short.ref]


# 厂党委, 矿工会, 公司团委: the committee of the works the article is about, named by its kind of unit.
UNIT_BODY = re.compile(r"(厂|矿|公司|场|站|店)(党委|党总支|党支部|工会|团委|革委会|革命委员会)")


def _qualify_unit_bodies(ctx: ArticleContext) -> None:
    """矿党委 after 东山煤矿: the body of the enterprise last named before it whose name ends with the
    unit word, qualified with its name (东山煤矿党委, the short form an alias), never a body shared by
    every article that writes 矿党委."""
    firms = sorted((m for m in ctx.mentions if m.type == "Enterprise"), key=lambda m: m.start)
    for ref, ent in sorted(ctx.entities.items()):
        match = [UNIT_BODY.fullmatch(m.text) for m in ent.mentions]
        if not ent.mentions or not all(match):
            continue
        unit, head = match[0].groups()
        before = [f for f in firms if f.start < ent.mentions[0].start and f.text.endswith(unit)]
        if not before:
            continue
        full = f"{before[-1].text}{head}"
        english, complete = zh_names.english_name(full)
        new = entity(ctx, ent.type, slug(english), english if complete else "")
        if not complete:
            _machine_label(new, english)
        new.attrs["qualified_zh"] = full
        new.aliases_zh |= {m.text for m in ent.mentions}
        for m in ent.mentions:
            new.mentions.append(m)
            ctx.mention_ref[m] = new.ref
        del ctx.entities[ref]


def _preferred(a: Entity, b: Entity) -> bool:
    """Of two mechanisms named alike, the lexicon's concept, else the smaller key."""
    return ("lexicon_zh" in a.attrs, b.key) > ("lexicon_zh" in b.attrs, a.key)


def abbreviations(ctx: ArticleContext) -> list[Mention]:
    """兰化 after 兰州化学工业公司: a two-character word made of the first character of an enterprise's
    name and the first of a later word of it is that enterprise (new mentions, also in ``ctx.mentions``)."""
    taken = [(m.start, m.end) for m in ctx.mentions]
    found = []
    for ent in sorted(ctx.entities.values(), key=lambda e: e.ref):
        if ent.type != "Enterprise":
            continue
        for name in sorted({m.text for m in ent.mentions if len(m.text) >= 4}):
            for short in _short_forms(name):
                for w in words_by_text(ctx).get(short, ()):
                    if any(w.start < e and s < w.end for s, e in taken):
                        continue
                    m = Mention(ctx.article.id, "zh", w.start, w.end, w.text, ent.type, "zh_abbreviations")
                    ctx.mentions.append(m)
                    ctx.mention_ref[m] = ent.ref
                    taken.append((w.start, w.end))
                    found.append(m)
    return found


def recurrences(ctx: ArticleContext) -> list[Mention]:
    """水稻单株密植 … 单株密植 … 单株密植: a measure named once is named again, whole or by the words it ends
    with (four characters or more), though no mention rule found it there (new mentions, also in
    ``ctx.mentions``)."""
    bounds = ctx.doc.boundaries()
    taken = [(m.start, m.end) for m in ctx.mentions]
    forms: dict[str, tuple[str, str]] = {}
    whole, shared = set(), set()
    for m in ctx.mentions:
        if m.type == "PolicyMechanism" and m in ctx.mention_ref and len(m.text) >= 4:
            whole.add(m.text)
            for k in range(len(m.text) - 3):
                if k == 0 or m.start + k in bounds:
                    if forms.setdefault(m.text[k:], ctx.mention_ref[m]) != ctx.mention_ref[m]:
                        shared.add(m.text[k:])
    found = []
    for form, ref in sorted(forms.items(), key=lambda f: (-len(f[0]), f[0])):
        if form in shared and form not in whole:
            continue  # 管理制度 ends 成本管理制度 and 财务管理制度: which one it is, the text does not say
        a = ctx.text.find(form)
        while a >= 0:  # the form's non-overlapping occurrences, left to right (no pattern per form)
            b = a + len(form)
            nxt = ctx.text.find(form, b)
            if a not in bounds or b not in bounds or any(a < e and s < b for s, e in taken):
                a = nxt
                continue
            m = Mention(ctx.article.id, "zh", a, b, form, "PolicyMechanism", "zh_recurrences")
            ctx.mentions.append(m)
            ctx.mention_ref[m] = ref
            taken.append((a, b))
            found.append(m)
            a = nxt
    return found


def words_by_text(ctx: ArticleContext) -> dict[str, list[Word]]:
    """The article's jieba words by their text, in text order (made once per article)."""

    def make() -> dict[str, list[Word]]:
        out: dict[str, list[Word]] = {}
        for w in ctx.doc.words:
            out.setdefault(w.text, []).append(w)
        return out

    return ctx.shared("words_by_text", make)


@functools.lru_cache(maxsize=20_000)
def _short_forms(name: str) -> tuple[str, ...]:
    """兰州化学工业公司 -> [兰化, 兰工]: first character + first character of each later stem word (the
    words of the name after its place, which jieba may know as one word: 武汉钢铁公司)."""
    place_end = next((e for s, e, _ in zh_names.place_spans(name) if s == 0), 0)
    starts = {w.start for w in zh_names.tokenize(name)} | {place_end}
    starts |= {place_end + w.start for w in zh_names.tokenize(name[place_end:])}
    head = zh_names.head_of(name)
    stem_end = len(name) - len(head.head) if head else len(name)
    out = []
    for k in sorted(starts):
        if 0 < k < stem_end:
            short = name[0] + name[k]
            if dictionary_tag(short) in {"", "n", "nz", "nt", "j", "ns"}:
                out.append(short)
    return tuple(out)


def _resolve(ctx: ArticleContext, m: Mention) -> Entity | None:
    gaz = load_gazetteer()
    if m.type in PLACE_TYPES and m.key in gaz.by_id:
        place = gaz.by_id[m.key]
        ent = entity(ctx, place.cls, place.id, place.name_en)
        ent.attrs.setdefault("level", place.level)
        if place.parent:
            ent.attrs.setdefault("parent", place.parent)
        return ent
    if m.type == "County":
        place = local_place(m.text)
        ent = entity(ctx, "County", place.id, "")
        _machine_label(ent, place.id.replace("-", " ").title(), "divisions")  # Xuanhua County
        return ent
    if m.type == "PolicyMechanism":
        return _mechanism(ctx, m)
    if m.type == "Person":
        known = zh_names.known_names().get(m.text)  # 毛主席: a national leader named by his title
        if known is not None:
            return entity(ctx, "Person", f"{slug(known.en)}{SEP}{NATIONAL}", known.en)
        return entity(ctx, "Person", zh_names.person_key(m.text), "")
    if m.type == "Product":
        return product_entity(ctx, m.text)
    if m.rule == "zh_regions":
        return _region(ctx, m)
    return _organisation(ctx, m)


def _region(ctx: ArticleContext, m: Mention) -> Entity:
    """燕山山脉 -> 'Yanshan Mountains' (the name part romanised or a place's name, the designation
    translated); 华北 -> 'North China'."""
    from kg.extract.zh.regions import MACRO

    if m.text[:2] in MACRO or m.text in MACRO:
        english = m.canonical
    elif m.text in zh_names.glossary():  # 长江 -> Yangtze River: the great rivers by their English names
        english = zh_names.glossary()[m.text]
    else:
        designation = next((d for d in _designations() if m.text.endswith(d)), "")  # none: 李亭 (a village)
        stem = m.text[: len(m.text) - len(designation)]
        english = f"{zh_names.place_en(stem) or zh_names.romanise(stem)} {m.canonical}".strip()
    ent = entity(ctx, "Region", slug(english), "")
    _machine_label(ent, english, "divisions")
    return ent


@functools.lru_cache(maxsize=1)
def _designations() -> tuple[str, ...]:
    from kg.extract.zh.regions import DESIGNATIONS, PLACE_SUFFIXES

    return tuple(sorted({*DESIGNATIONS, *PLACE_SUFFIXES}, key=len, reverse=True))


def product_entity(ctx: ArticleContext, name: str) -> Entity:
    """A product by its Chinese name: English from the glossary, else CC-CEDICT (a machine label)."""
    english = zh_names.glossary().get(name, "").lower()
    if english:
        return entity(ctx, "Product", slug(english), english)
    made = product_english(name)
    ent = entity(ctx, "Product", slug(made or zh_names.romanise(name)), "")
    _machine_label(ent, made)
    return ent


@functools.lru_cache(maxsize=20_000)
def product_english(name: str) -> str:
    """'生铁' -> 'pig iron', '迅达牌摩托车' -> 'Xunda motorbike' (the brand romanised), '' if unknown."""
    from kg import cedict

    if "牌" in name:
        brand, _, item = name.partition("牌")
        return f"{zh_names.romanise(brand)} {product_english(item)}".strip()
    gloss = zh_names.glossary()
    parts = [name] if gloss.get(name) or cedict.gloss(name) else (cedict.segment(name) or [])
    return " ".join(gloss.get(p, "").lower() or cedict.gloss(p) for p in parts).strip()


# A mechanism's last character as a suffix, not as the dictionary's word: 轨道化 is making (a mine) run on
# tracks, not "track make into"; 深翻法 the deep-ploughing method, not "law".
MECHANISM_SUFFIXES = {"化": "-ization", "法": " method"}


def _mechanism_english(text: str) -> tuple[str, bool]:
    """A mechanism's English in common words, and whether every part was known (else a machine label)."""
    from kg import cedict

    suffix = MECHANISM_SUFFIXES.get(text[-1:]) if len(text) > 2 else None
    if suffix and not cedict.gloss(text) and text not in zh_names.glossary():
        words, complete = zh_names.render(text[:-1], names=False)
        return (" ".join(words) + suffix).lower(), complete
    words, complete = zh_names.render(text, names=False)  # a mechanism is named in common words
    return " ".join(words).lower(), complete


def _mechanism(ctx: ArticleContext, m: Mention) -> Entity:
    mech = lexicon.mechanism_by_key().get(m.key)
    if mech is not None:
        ent = entity(ctx, "PolicyMechanism", mech.key, mech.label_en)
        ent.attrs.setdefault("lexicon_zh", mech.label_zh)
        return ent
    english, complete = _mechanism_english(m.text)
    ent = entity(ctx, "PolicyMechanism", slug(english), english if complete else "")
    if not complete:
        _machine_label(ent, english)
    if m.canonical:
        ent.attrs.setdefault("broader", m.canonical)
    return ent


def context_place(ctx: ArticleContext, classes: tuple[str, ...]):
    """The article's place of one of ``classes``: the one named most often, else the place a body or
    enterprise of the article is named after (甘肃省政府 -> Gansu)."""
    place = ctx.main_place(classes)
    if place is not None and place.id not in load_gazetteer().by_id:
        return local_place(place.name_en)  # a county the gazetteer lacks, named in Chinese (宣化县)
    if place is not None:
        return place
    memo = ctx.__dict__.get("_zh_named_after")  # kept until the mentions change, as main_place
    if memo is None or memo[0] is not ctx.mentions or memo[1] != len(ctx.mentions):
        memo = ctx.__dict__["_zh_named_after"] = (ctx.mentions, len(ctx.mentions), {})
    if classes not in memo[2]:
        memo[2][classes] = _named_after(ctx, classes)
    return memo[2][classes]


def _named_after(ctx: ArticleContext, classes: tuple[str, ...]) -> Place | None:
    """The first place of ``classes`` a body, enterprise… of the article is named after."""
    gaz = load_gazetteer()
    for m in ctx.mentions:
        for start, _, name in zh_names.place_spans(m.text):
            found = [p for p in gaz.lookup_zh(name) if p.cls in classes] if start == 0 else []
            if found and m.type not in PLACE_TYPES:
                return found[0]
    return None


def local_place(name: str) -> Place:
    """A county-level place the gazetteer lacks, from its Chinese name: 宣化县 -> id xuanhua-county, the
    key the English side gives 'Xuanhua County'."""
    stem, level = (name[:-1], name[-1]) if name[-1:] in "县区旗市" else (name, "县")
    english = {"县": "County", "区": "District", "旗": "Banner", "市": "City"}[level]
    bare = zh_names.romanise(stem)
    return Place(slug(f"{bare} {english}"), "county", "County", bare, name, stem, "", None, None, "", ())


def qualify(ctx: ArticleContext, text: str, level: str) -> tuple[str, object | None]:
    """'市政府' -> '兰州市政府' in a Lanzhou article; '生产指挥部' -> '甘肃省生产指挥部' (any level)."""
    classes = zh_names.LEVEL_CLASSES.get(level, ("Province", "City", "County"))
    place = context_place(ctx, classes)
    if place is None:
        return text, None
    if text[:1] in "市省县" and level:
        return f"{place.short_zh}{text}", place
    return f"{zh_names.qualified_prefix(place)}{text}", place


BRANCH = re.compile(r"分行|支行|分公司|分社|分局")


def _branch_name(ctx: ArticleContext, zh: str) -> str:
    """太原人民银行 in an article naming 人民银行太原分行: the branch, named place first."""
    spans = zh_names.place_spans(zh)
    if not spans or spans[0][0] != 0 or spans[0][1] >= len(zh):
        return zh
    place, body = spans[0][2], zh[spans[0][1] :]
    if body not in zh_names.known_names():
        return zh
    found = re.search(f"(?:中国)?{re.escape(body)}{re.escape(place)}(?:市|县)?(?:{BRANCH.pattern})", ctx.text)
    return found.group() if found else zh


def _organisation(ctx: ArticleContext, m: Mention) -> Entity:
    zh = m.text
    short = ""
    english, complete = "", False
    if m.key.startswith("short:"):
        zh, place = qualify(ctx, m.text, m.key.split(":", 1)[1])
        short = m.text if place is not None else ""
    elif m.key == "local":
        zh, place = qualify(ctx, m.text, "")
        short = m.text if place is not None else ""
    elif m.key.startswith("steel:"):
        full = [x.text for x in ctx.mentions if x.type == "Enterprise" and m.text in _short_forms(x.text)]
        if full:  # 鞍钢 in an article naming 鞍山钢铁公司: that company
            zh = full[0]
        else:  # 鞍钢 alone: the city's iron and steel company, as the period named them (鞍山钢铁公司)
            zh = f"{load_gazetteer().by_id[m.key.split(':', 1)[1]].short_zh}钢铁公司"
    elif m.rule == "zh_sectors":
        place = context_place(ctx, ("Province",)) or context_place(ctx, ("City", "County"))
        named = zh_names.place_en(m.text[: max(0, m.text.find(_sector_word(m.text)))])
        where = named or (place.name_en if place else "")
        english, complete = f"{where} {m.canonical}".strip(), True
    elif m.canonical:
        zh = m.canonical
    elif m.rule == "zh_organisations":
        zh = zh_names.trim_name(m.text)  # 国营张家口金矿 -> 张家口金矿
    zh = _branch_name(ctx, zh)
    known = zh_names.known_names().get(m.text) if zh == m.text or m.canonical else None
    if known is not None:
        english, complete = known.en, True
        canonical = zh_names.canonical_zh().get(known.en, m.text)
        if m.text == "本报":  # 'this paper' is the short form of the paper's name
            zh, short = canonical, m.text
    if not english:
        english, complete = zh_names.english_name(zh)
    type_ = m.type
    if type_ == "GovernmentBody" and PARTY.search(zh):
        type_ = "PartyBody"
    key = slug(english)
    if (m.key.startswith("short:") or m.key == "local") and not short:
        # a short body name (县人委, 生产指挥部) with no place to qualify it: this article's body only,
        # never merged with another article's body of the same short name
        key = local_key(ctx, key)
    ent = entity(ctx, type_, key, english if complete else "")
    if not complete:
        _machine_label(ent, english)
    if m.rule == "zh_sectors" or m.key.startswith("steel:"):
        ent.attrs.setdefault("verbatim", "1")
    ent.attrs.setdefault("qualified_zh", zh if short else "")
    if short:
        ent.aliases_zh.add(short)
    elif m.key.startswith("steel:") and zh not in ctx.text:
        ent.aliases_zh.add(zh)  # 鞍钢 alone: labelled as written, its full name an alias
    elif zh != m.text:
        ent.attrs["full_zh"] = zh
    return ent


def _machine_label(ent: Entity, english: str, source: str = "cc-cedict") -> None:
    """An English label kg made (kg:labelSource), used where no text names the entity in English."""
    if english:
        ent.attrs.setdefault("machine_en", english)
        ent.attrs.setdefault("machine_source", source)


def _sector_word(text: str) -> str:
    match = re.search(r"国营|地方|县营|县办|社办", text)
    return match.group() if match else text


def _choose_label(ent: Entity, text: str) -> None:
    """The Chinese label by the gold convention (see the module docstring); other forms are aliases."""
    forms = [m.text for m in ent.mentions]
    if not forms:
        return
    gaz = load_gazetteer()
    place = gaz.by_id.get(ent.key) if ent.type in PLACE_TYPES else None
    if place is not None:
        if place.cls == "Province" and place.name_zh in text:
            label = place.name_zh
        elif place.short_zh in forms or not forms:
            label = place.short_zh
        else:
            label = max(forms, key=lambda f: (len(f), f))
    elif ent.attrs.get("qualified_zh"):
        label = ent.attrs["qualified_zh"]
    elif ent.attrs.get("full_zh") and ent.type != "PolicyMechanism":
        label = ent.attrs["full_zh"]
    elif ent.type == "PolicyMechanism" and ent.attrs.get("lexicon_zh") in forms:
        label = ent.attrs["lexicon_zh"]
    else:
        label = sorted(forms, key=lambda f: (-len(f), forms.index(f)))[0]
    ent.label_zh = label
    ent.aliases_zh |= {f for f in forms if f != label}
    for key in ("qualified_zh", "full_zh", "lexicon_zh", "verbatim"):
        ent.attrs.pop(key, None)


def entity(ctx: ArticleContext, type_: str, key: str, label_en: str) -> Entity:
    """The entity (type, key) of the article, created on first use (see ArticleContext.entity)."""
    return ctx.entity(type_, key, label_en)
