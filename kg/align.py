"""Bilingual alignment: the Chinese half's names onto the entities of the English half.

``align(en, zh)`` takes the two ``ArticleResult``s of one bilingual article (the English half extracted
by the English rules, the Chinese original by the zh rules) and returns the English result with, for each
English entity found again in the Chinese, its Chinese name as ``label_zh`` (the gold convention, see
kg/extract/zh/resolve.py), the other Chinese forms as ``aliases_zh`` and the Chinese mentions added to its
mentions. Pairs are found by:

- the same IRI key (places by gazetteer id, mechanisms by lexicon key, bodies and enterprises whose
  English name the zh side could derive: 太原市委 -> taiyuan-municipal-party-committee);
- persons by pinyin: the romanised English name against every reading of the Chinese name (pypinyin
  heteronyms). A name whose given part only partly agrees ("Chen Liqiao" for 陈立舫, Chen Lifang) is kept
  with both names and a note in ``attrs["note"]``; the person's key becomes the pinyin of the Chinese
  name, so the same person read from a Chinese-only article is the same node;
- bodies, enterprises and mechanisms by type, the English words of their Chinese name (heads, glossary,
  places), the mechanism family (the lexicon concept they fall under) and the order they appear in;
- mechanisms and products also by every CC-CEDICT sense of each word of the Chinese name against the
  stems of the English words (:func:`gloss_agreement`): 'steel ingots' is 钢锭 although the first sense
  of 锭 is 'spindle', 'reducing profit margins' is 降低利润率;
- a product or mechanism the scores left unpaired, by place: the only unpaired one of its type at the same
  point of the other half, when half the words of one are rendered by the other (:func:`_left_alone`).

The translator's name list of the file (``Article.name_pairs``, the ``**Named Entities**`` lines) is a hint:
an English and a Chinese entity it pairs by name (types compatible) are matched whatever their scores,
and an English entity left unmatched takes the listed Chinese name when the Chinese text contains it.

English persons with no Chinese counterpart get no Chinese label: a wrong person name is worse than none.
An English product or mechanism left unpaired takes the Chinese words that render it (:func:`chinese_term`).
When the English translation stops mid-sentence (the archive has such files), what the Chinese names only
after the point the English reaches is added as a Chinese-only article would give it.
What only the Chinese half names is added when no English entity is the same thing under another name
(the same Chinese name, a translator's pair, the same content words, the pinyin inside the English name,
a mechanism of the same family): mechanisms (lexicon and open-class), regions, and products the zh rules
found a maker for, under the English name the translator's list gives them, else their CC-CEDICT label
(kg:labelSource); and bodies or enterprises whose English name the zh side derived in full; not government
bodies whose Chinese name does not start with their place (:func:`_addable`, measured).
A Chinese find that is an English entity under another name folds into it (its Chinese name as an alias);
one Chinese name read as two kinds adds one node. The zh relations that involve added or folded finds come
with them when both ends exist, as do the zh adoption, production and place links between two entities both
halves name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence, Set
from dataclasses import replace

from kg import cedict, lexicon
from kg.extract.en.places import county_readings
from kg.extract.zh import names as zh_names
from kg.lexicon import strip_accents
from kg.records import Article, ArticleResult, Entity, Post, Relation
from kg.types import ORG_TYPES, PLACE_TYPES

COMPATIBLE = {
    ("Enterprise", "Organization"),
    ("Organization", "Enterprise"),
    ("GovernmentBody", "Organization"),
    ("Organization", "GovernmentBody"),
    ("GovernmentBody", "PartyBody"),
    ("PartyBody", "GovernmentBody"),
}
STOP = {"the", "of", "and", "for", "in", "a", "municipal", "provincial", "county", "city", "province"}
MIN_SCORE = 20.0
HINT_SCORE = 95.0  # a pair the translator listed: below only the same key (100)


def align(en: ArticleResult, zh: ArticleResult) -> ArticleResult:
    """The English result with the Chinese names of its entities (see the module docstring)."""
    hints = name_hints(en.article)
    pairs = match(en.entities, zh.entities, hints)
    pairs += _persons_in_text(en.entities, zh.entities, pairs, en.article)
    pairs += _left_alone(en.entities, zh.entities, pairs, en.article)
    rekey: dict[tuple[str, str], tuple[str, str]] = {}
    entities = {e.ref: e for e in en.entities}
    for en_ent, zh_ent, partial in pairs:
        _adopt_names(en_ent, zh_ent)
        if en_ent.type == "Person":
            if partial:
                en_ent.attrs["note"] = (
                    f"The English text names this person '{en_ent.label_en}'; the Chinese original writes "
                    f"{zh_ent.label_zh} ({zh_names.person_romanised(zh_ent.label_zh)})."
                )
            if zh_ent.key != en_ent.key and (en_ent.type, zh_ent.key) not in entities:
                rekey[en_ent.ref] = (en_ent.type, zh_ent.key)
        elif _known_key(en_ent, zh_ent) and (en_ent.type, zh_ent.key) not in entities:
            rekey[en_ent.ref] = (en_ent.type, zh_ent.key)  # 'the Communist Party' is 共产党, the CCP
    aligned = {p[0].ref for p in pairs}
    for ent in en.entities:
        if ent.ref in aligned:
            continue
        other = {z.label_zh for z in zh.entities
                 if z.type != ent.type and (ent.type, z.type) not in COMPATIBLE}
        listed = [n for n in _listed_names(ent, hints) if n in en.article.body_zh and n not in other]
        if listed:
            _adopt_names(ent, Entity(ent.type, ent.key, label_zh=listed[0]))
        elif ent.type in PLACE_TYPES:
            _place_label(ent, en.article.body_zh)
        elif ent.type == "Product":
            _product_label(ent, en.article.body_zh)
        if ent.type in GLOSSED and not ent.label_zh and ent.mentions:
            ent.label_zh = chinese_term(ent.label_en, en.article.body_zh)
    out = []
    for ent in en.entities:
        if ent.ref in rekey:
            ent = replace(ent, key=rekey[ent.ref][1])
        out.append(ent)
    relations = [_rekey_relation(r, rekey) for r in en.relations] if rekey else list(en.relations)
    # a product only the Chinese names is added when the zh rules found its maker: a bare noun of goods
    # (要点, 支柱, 夏季) was mostly a false product (tuning set: Product F1 0.595 -> 0.635 on the even-year
    # fold, seeds and dev gain precision, the odd-year fold loses 5 of 40 found)
    made = {r.object for r in zh.relations if r.predicate == "produces"}
    zh_finds = [z for z in zh.entities if z.type != "Product" or z.ref in made]
    added, folded = _extras(zh_finds, out, {z.ref for _, z, _ in pairs}, en.article.name_pairs)
    added |= {z.ref: z for z in _beyond_the_english(en.article, zh.entities, pairs,
                                                      {e.ref for e in out} | {z.ref for z in added.values()})}
    out.extend(added.values())
    relations.extend(_extra_relations(zh.relations, relations, pairs, rekey, added, folded))
    observations = [replace(o, subject=rekey.get(o.subject, o.subject)) for o in en.observations]
    return ArticleResult(
        article=en.article,
        entities=sorted(out, key=lambda e: e.ref),
        relations=relations,
        observations=observations,
    )


def _known_key(en_ent: Entity, zh_ent: Entity) -> bool:
    """Whether an English party or government body paired with a well-known Chinese name (zh_names.tsv: 共产党
    is the Chinese Communist Party) takes that name's key, so that every article's mention of it is one
    node. Not the press: 本报 ('this paper') is whichever paper prints it."""
    return (
        en_ent.type == zh_ent.type
        and en_ent.type in {"PartyBody", "GovernmentBody"}
        and zh_ent.key != en_ent.key
        and zh_ent.label_zh in zh_names.known_names()
    )


def _extras(
    zh_entities: list[Entity], en_entities: list[Entity], aligned: set[tuple[str, str]],
    name_pairs: tuple[tuple[str, str, str], ...] = (),
) -> tuple[dict[tuple[str, str], Entity], dict[tuple[str, str], tuple[str, str]]]:
    """Chinese-only finds worth adding when no English entity is the same thing under another name
    (:func:`_same_thing`): mechanisms (lexicon and open-class), products, regions, and bodies or
    enterprises whose English name the zh side derived in full. Each takes the English name the
    translator's list gives for it, else keeps its CC-CEDICT label (kg:labelSource). Keyed by the
    Chinese entity's ref; with the finds folded into the English entity that is the same thing (zh ref ->
    English ref), so that their relations come onto it."""
    have = {e.ref for e in en_entities}
    folded: dict[tuple[str, str], tuple[str, str]] = {}
    listed: dict[str, tuple[str, str]] = {}
    for zh, en, kind in name_pairs:
        listed.setdefault(zh, (en, kind))
    out: dict[tuple[str, str], Entity] = {}
    named: dict[str, tuple[str, str]] = {}  # Chinese name -> the find added under it
    for z in sorted(zh_entities, key=lambda z: z.type not in CHINESE_FINDS):  # stable: finds first
        if z.ref in aligned or z.ref in have or not z.mentions or z.type in SKIPPED:
            continue
        if z.label_zh in named:  # 人民公社 read both as a mechanism and as a body: one node, the find
            folded[z.ref] = named[z.label_zh]
            continue
        english, kind = listed.get(z.label_zh, ("", ""))
        if z.type in CHINESE_FINDS:
            same = next((e for e in en_entities if _same_thing(e, z, _fold(english))), None)
        else:
            same = next((e for e in en_entities if (e.type == z.type or (e.type, z.type) in COMPATIBLE)
                         and _dice(e.label_en, z.label_en) >= 0.5), None)
        if kind and z.type not in KIND_TYPES.get(kind, set()):
            english = ""  # listed under another kind (a person, a body): not this find's name
        if same is not None and z.type in CHINESE_FINDS:  # a body alike in words alone is not folded
            folded[z.ref] = same.ref
            if z.label_zh and z.label_zh != same.label_zh:
                same.aliases_zh.add(z.label_zh)  # the other Chinese name of the same thing
        elif same is None and _addable(z) and (z.type in CHINESE_FINDS or z.label_en):
            out[z.ref] = _with_listed_label(z, english, have | {x.ref for x in out.values()})
            named.setdefault(z.label_zh, out[z.ref].ref)
    return out, folded


CHINESE_FINDS = {"PolicyMechanism", "Product", "Region"}


def _addable(z: Entity) -> bool:
    """Whether a bilingual build keeps a Chinese-only find of this kind: not a government body whose name
    does not start with its place (工业局): the English half names those more fully, and the Chinese-only
    ones were mostly generic. Mechanisms, products, enterprises, organisations, regions and qualified
    bodies (杭州市外贸系统) are kept. Regions were dropped too until the tuning half grew to 61 articles:
    keeping them then scored better on both year folds (typed F1 0.654 -> 0.656, Region F1 0.674 -> 0.700)."""
    return z.type != "GovernmentBody" or bool(zh_names.leading_place(z.label_zh))
SKIPPED = (PLACE_TYPES - CHINESE_FINDS) | {"Person"}  # gazetteer places align by key; persons by pinyin


def _same_thing(e: Entity, z: Entity, english: str) -> bool:
    """Whether the English entity ``e`` names the Chinese find ``z``: it carries z's Chinese name, the
    translator's list gives z an English name of ``e``, or (same type) their English names have the same
    content words, one holds the other's pinyin, or a mechanism of the same lexicon family shares words."""
    if z.label_zh and z.label_zh in {e.label_zh, *e.aliases_zh}:
        return True  # any type: 工会 read as a product is the English 'labor union' body
    if z.type == "Region" and e.type in PLACE_TYPES and z.label_zh and _zh_core(z.label_zh) in {
        _zh_core(n) for n in {e.label_zh, *e.aliases_zh} if n
    }:
        return True  # 宁河 of 宁河县, 三亚地区 of 三亚: the place named with another (or no) suffix
    names = {_fold(n) for n in {e.label_en, *e.aliases_en} if n}
    if english and english in names:
        return True
    if e.type != z.type:
        return False
    mine, theirs = _stems(e.label_en), _stems(z.label_en or z.attrs.get("machine_en", ""))
    if mine and mine == theirs:
        return True
    pinyin = _fold(zh_names.english_name(z.label_zh)[0]) if z.label_zh else ""
    if pinyin and any(pinyin.replace(" ", "") in n.replace(" ", "") for n in names):
        return True
    if z.type in GLOSSED and _better_name(e, z.label_zh):
        return True
    if z.type == "PolicyMechanism":
        return _family(e) == _family(z) and _overlap(e.label_en, z) >= 0.5
    return False


def _zh_core(name: str) -> str:
    """A Chinese place name without its level or area suffix: 宁河县, 三亚地区 -> 宁河, 三亚."""
    return re.sub(r"(地区|专区|县|市)$", "", name) or name


def _better_name(e: Entity, label_zh: str) -> bool:
    """Whether the CC-CEDICT senses of ``label_zh`` render ``e``'s English name closely (SAME_GLOSS both
    ways) and more fully than the Chinese name ``e`` has: 技术革新运动 is 'technical innovation campaign'
    better than 技术革新 is, but 钢材 is no better for 'steel' than 钢; or ``label_zh`` is a shorter form
    of its Chinese name that the English name renders."""
    for name in {e.label_en, *e.aliases_en} - {""}:
        new = gloss_agreement(name, label_zh)
        if min(new) >= SAME_GLOSS and (not e.label_zh or sum(new) > sum(gloss_agreement(name, e.label_zh))):
            return True
        if new[1] >= SAME_GLOSS and label_zh in e.label_zh:
            return True  # a shorter form of its Chinese name (技术革新 of 技术革新运动)
    return False


def _stems(text: str) -> set[str]:
    return {w.rstrip("s") for w in _words(text)}


def _with_listed_label(z: Entity, english: str, taken: set[tuple[str, str]]) -> Entity:
    """``z`` under the English name the translator listed (keyed by it when that key is free)."""
    if not english:
        return z
    label = next((n for n in re.split(r"[;/]", english) if n.strip()), english).strip()
    key = lexicon.slug(label) or z.key
    if (z.type, key) in taken:
        key = z.key
    attrs = {k: v for k, v in z.attrs.items() if k not in ("machine_en", "machine_source")}
    return replace(z, key=key, label_en=label, attrs=attrs, aliases_en=set(z.aliases_en))


def _beyond_the_english(article: Article, zh_entities: list[Entity], pairs, have: set) -> list[Entity]:
    """An English translation that stops mid-sentence: the Chinese entities named only after the furthest
    point the English reaches (the last Chinese mention of an aligned entity), as a Chinese-only article
    gives them. Places and products are left to the gazetteer and the lexicon."""
    if not stops_mid_sentence(article.body_en):
        return []
    reach = max((m.start for _, z, _ in pairs for m in z.mentions if m.lang == "zh"), default=-1)
    aligned = {z.ref for _, z, _ in pairs}
    return [z for z in zh_entities
            if z.ref not in aligned and z.ref not in have and z.mentions
            and z.type not in PLACE_TYPES | {"Product"} and min(m.start for m in z.mentions) > reach]


def stops_mid_sentence(text: str) -> bool:
    """True when ``text`` ends inside a sentence: on a lower-case word, a comma or a dash, with no full
    stop, question mark or closing quote in its last 30 characters (a '—Editor' sign-off is complete)."""
    last = text.rstrip()[-30:]
    return bool(re.search(r"[a-z,;\-–]$", last)) and not re.search(r"[.!?。”\"')]", last)


def _extra_relations(
    zh_relations: list[Relation], en_relations: list[Relation], pairs, rekey,
    extra: dict[tuple[str, str], Entity], folded: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> list[Relation]:
    """The zh relations of the added entities (by their zh ref), the other end mapped onto the English
    entities; and the zh links of the kinds the English rules often miss (CHINESE_LINKS) between two
    entities both halves name."""
    to_en = {z.ref: rekey.get(e.ref, e.ref) for e, z, _ in pairs} | {ref: z.ref for ref, z in extra.items()}
    folded = folded or {}
    to_en = folded | to_en
    seen = {(r.subject, r.predicate, r.object) for r in en_relations}
    out = []
    for r in zh_relations:
        if r.post is not None or not ({r.subject, r.object} & (extra.keys() | folded.keys())
                                      or r.predicate in CHINESE_LINKS):
            continue
        subject, obj = to_en.get(r.subject), to_en.get(r.object) if r.object else None
        if subject is None or obj is None or (subject, r.predicate, obj) in seen:
            continue
        seen.add((subject, r.predicate, obj))
        out.append(replace(r, subject=subject, object=obj))
    return out


CHINESE_LINKS = {"adoptsMechanism", "produces", "partOf", "locatedIn"}
KIND_TYPES = {"person": {"Person"}, "place": PLACE_TYPES, "organization": ORG_TYPES, "event": set()}


def name_hints(article: Article) -> dict[str, list[tuple[str, str]]]:
    """The translator's list as folded English name -> its (Chinese name, kind), in list order."""
    hints: dict[str, list[tuple[str, str]]] = {}
    for zh, en, kind in article.name_pairs:
        hints.setdefault(_fold(en), []).append((zh, kind))
    return hints


def _fold(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", strip_accents(name).lower()))


def _listed_names(e: Entity, hints: dict[str, list[tuple[str, str]]]) -> list[str]:
    """The Chinese names the translator's list gives for any English name of ``e`` (under a heading of
    its kind, or under none)."""
    names = sorted({e.label_en, *e.aliases_en} - {""}, key=lambda n: (n != e.label_en, n))
    return [zh for n in names for zh, kind in hints.get(_fold(n), [])
            if not kind or e.type in KIND_TYPES.get(kind, set())]


def match(en_entities: list[Entity], zh_entities: list[Entity],
          hints: dict[str, list[tuple[str, str]]] | None = None) -> list[tuple[Entity, Entity, bool]]:
    """One-to-one pairs (English entity, Chinese entity, partial person name), best scores first; a pair
    the translator's list (``hints``, :func:`name_hints`) names scores HINT_SCORE at least."""
    en_rank, zh_rank = _ranks(en_entities), _ranks(zh_entities)
    scored = []
    for e in en_entities:
        for z in zh_entities:
            if z.type in PLACE_TYPES and not z.mentions:
                continue  # a place the Chinese only implies (inside a name) has no name of its own here
            score, partial = pair_score(e, z)
            if hints and (e.type == z.type or (e.type, z.type) in COMPATIBLE):
                listed = _listed_names(e, hints)
                if listed and ({z.label_zh, *z.aliases_zh} & set(listed)):
                    score = max(score, HINT_SCORE)
            if score >= MIN_SCORE:
                order = abs(en_rank.get(e.ref, 0.5) - zh_rank.get(z.ref, 0.5))
                scored.append((-score, order, e.ref, z.ref, e, z, partial))
    scored.sort(key=lambda t: t[:4])
    pairs, used_en, used_zh = [], set(), set()
    for _, _, en_ref, zh_ref, e, z, partial in scored:
        if en_ref in used_en or zh_ref in used_zh:
            continue
        used_en.add(en_ref)
        used_zh.add(zh_ref)
        pairs.append((e, z, partial))
    return pairs


def pair_score(e: Entity, z: Entity) -> tuple[float, bool]:
    """How well an English and a Chinese entity agree (0: not the same), and whether a person's name
    agrees only in part."""
    if e.ref == z.ref:
        return 100.0, False
    if e.type == "Person" or z.type == "Person":
        if e.type != z.type or not z.label_zh:
            return 0.0, False
        return person_score(e.label_en, z.label_zh)
    if e.type != z.type and (e.type, z.type) not in COMPATIBLE:
        return 0.0, False
    penalty = 0.0 if e.type == z.type else 10.0
    gloss = _gloss_score(e.label_en, z.label_zh) if e.type in GLOSSED and z.type in GLOSSED else 0.0
    if e.type == "PolicyMechanism":
        same_family = _family(e) == _family(z)
        words = 30.0 + _overlap(e.label_en, z) * 20 if same_family else _overlap(e.label_en, z) * 25
        return max(words, gloss), False
    if e.type in ORG_TYPES:
        if not _overlap(e.label_en, z, content=True):
            return 0.0, False  # a shared place or head word alone does not make the same body
        words = _overlap(e.label_en, z)
        return max(0.0, words * 40 - penalty + _same_place(e, z)), False
    if e.type == "Product":
        return max(_overlap(e.label_en, z) * 40, gloss), False
    if e.type == z.type == "Region" and _same_region_name(e.label_en, _english(z)):
        return 60.0, False
    return 0.0, False


def _english(z: Entity) -> str:
    """The English name of a Chinese find: its label, its machine label, or its name rendered."""
    rendered = zh_names.english_name(z.label_zh)[0] if z.label_zh else ""
    return z.label_en or z.attrs.get("machine_en", "") or rendered


def _region_core(name: str) -> str:
    """A region's name without its head words, run together: 'Shantou area' and 'Shantou Prefecture'
    -> 'shantou', 'Hebei-Shandong-Henan Border Region' -> 'hebeishandonghenan'."""
    return "".join(w for w in _fold(name).split() if w not in REGION_HEAD_WORDS)


def _same_region_name(a: str, b: str) -> bool:
    """Whether two English names of areas name one area: the same name once the head words are left out
    (a name with and without its kind word), or one is the other after the county or city it lies in
    ('Raoyangwugong Village', rendered from 饶阳五公村, is 'Wugong Village' of Raoyang)."""
    x, y = sorted((_region_core(a), _region_core(b)), key=len)
    if not x:
        return False
    return x == y or y.endswith(x) and _is_place_word(y[: -len(x)])


def _is_place_word(word: str) -> bool:
    """A city or province (gazetteer) or a county (its pinyin, :func:`county_readings`) named in one word."""
    return _is_place(word) or word in county_readings()


# the kind words of an administered area's name ('Wugong Village', 'Shantou area', 'Hebei-Shandong-Henan
# Border Region'); not of natural features ('Yellow River' is no 'Yellow Mountains')
REGION_HEAD_WORDS = {"village", "prefecture", "prefectures", "league", "region", "border", "special",
                     "district", "area", "areas", "autonomous"}
GLOSSED = {"PolicyMechanism", "Product"}  # named by common words: what the dictionary can translate
SAME_GLOSS = 0.75  # a Chinese-only find is dropped as a second name of an English entity only this close


def _gloss_score(label_en: str, label_zh: str) -> float:
    """60–70 when at least half the English name's content words are among the CC-CEDICT senses (or the
    pinyin) of the Chinese name's words and at least half of those words are in the English name ('steel
    ingots' / 钢锭, 'reducing profit margins' / 降低利润率); else 0."""
    en_share, zh_share = gloss_agreement(label_en, label_zh)
    if min(en_share, zh_share) < 0.5:
        return 0.0
    return 30.0 + 40.0 * (en_share + zh_share) / 2


@functools.lru_cache(maxsize=65_536)
def gloss_agreement(label_en: str, label_zh: str) -> tuple[float, float]:
    """(share of the English name's content words found among the senses or the pinyin of the Chinese
    name's dictionary words, mean over those words of the best share of one sense's words found in the
    English name); stems compared, so 'procedures' meets 'procedure' and 'innovation' 'to innovate',
    and 'steel' covers half of 钢材 ('steel products')."""
    mine = {cedict.stem(w) for w in _words(label_en)}
    units = _zh_units(label_zh) if label_zh else ()
    if not mine or not units:
        return 0.0, 0.0
    en_hit = sum(any(_stem_match(m, w) for unit in units for sense in unit for w in sense) for m in mine)
    zh_hit = sum(
        max(sum(any(_stem_match(m, w) for m in mine) for w in sense) / len(sense) for sense in unit)
        for unit in units
    )
    return en_hit / len(mine), zh_hit / len(units)


@functools.lru_cache(maxsize=16_384)
def _zh_units(label_zh: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """The Chinese name's dictionary words, each as its senses (stems) and its pinyin as one more."""
    text = "".join(ch for ch in label_zh if "\u4e00" <= ch <= "\u9fff")
    words = cedict.segment(text) or list(text)
    return tuple((*cedict.sense_stems(w), frozenset({zh_names.romanise(w).lower()})) for w in words)


_CJK = re.compile(r"[\u4e00-\u9fff]+")


def chinese_term(label_en: str, body_zh: str) -> str:
    """The first run of one to three Chinese words in ``body_zh`` that renders every content word of
    ``label_en`` by its CC-CEDICT senses (and three quarters of its words are in the English), ending on
    a word that renders the English head: 'chickens' -> 鸡, 'quota systems' -> 定额制度; '' if none."""
    words = re.findall(r"[a-z0-9]+", strip_accents(label_en).lower())
    words = [w for w in words if w not in STOP]
    if not words or not body_zh:
        return ""
    head = cedict.stem(words[-1])
    tokens = _tokens(body_zh)
    for i, token in enumerate(tokens):
        if not any(_stem_match(head, s) for sense in cedict.sense_stems(token) for s in sense):
            continue
        found = ""
        for k in range(3):
            if i - k < 0 or not _CJK.fullmatch(tokens[i - k]):
                break
            cand = "".join(tokens[i - k : i + 1])
            en_share, zh_share = gloss_agreement(label_en, cand)
            if en_share == 1.0 and zh_share >= SAME_GLOSS:
                found = cand
        if found:
            return found
    return ""


@functools.lru_cache(maxsize=4)
def _tokens(body_zh: str) -> tuple[str, ...]:
    """The words of an article's Chinese half (segmented once for all its unpaired entities)."""
    from kg.zhseg import tokenize

    return tuple(w.text for w in tokenize(body_zh))


def _stem_match(a: str, b: str) -> bool:
    """Same stem, or one a long prefix of the other ('innov' / 'innovat', 'technical' / 'techniqu')."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.75 * min(len(a), len(b))


def person_score(name_en: str, name_zh: str) -> tuple[float, bool]:
    """90 when the romanised name is a reading of the Chinese name; 40 (partial) when the surname and
    the first or last syllable of the given name agree ('Chen Liqiao' / 陈立舫); else 0."""
    words = re.sub(r"[-'’]", " ", strip_accents(name_en).lower()).split()
    if len(words) < 2 or not 2 <= len(name_zh) <= 4:
        return 0.0, False
    surname, given = words[0], "".join(words[1:])
    sur_zh, given_zh = zh_names.split_person(name_zh)
    surs = {_u(s) for s in zh_names.syllables(sur_zh)[0]} if len(sur_zh) == 1 else set()
    surs |= {_u(zh_names.surname_readings().get(sur_zh, "").lower())} - {""}
    if _u(surname) not in surs:
        return 0.0, False
    readings = zh_names.syllables(given_zh)
    if not readings:
        return 0.0, False
    full = {"".join(p) for p in zh_names.cartesian([sorted(_u(x) for x in r) for r in readings])}
    if _u(given) in full:
        return 90.0, False
    for syllables in zh_names.split_syllables(_u(given)):
        if len(syllables) != len(readings) or len(readings) < 2:
            continue
        agree = [syllables[k] in {_u(x) for x in readings[k]} for k in range(len(readings))]
        if sum(agree) == len(readings) - 1:  # one syllable of the given name differs: a misreading
            return 40.0, True
    return 0.0, False


def _u(syllable: str) -> str:
    return syllable.replace("ü", "u").replace("v", "u")


def _family(ent: Entity) -> str:
    return ent.attrs.get("broader") or ent.key


@functools.lru_cache(maxsize=65_536)
def _words(text: str) -> frozenset[str]:
    """The name's content words, lower-cased (made once per name: every pair scored asks again)."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", strip_accents(text).lower()) if w not in STOP)


def _dice(a: str, b: str) -> float:
    """Word overlap of two English names (Dice coefficient of stems, without stop words)."""
    x, y = {cedict.stem(w) for w in _words(a)}, {cedict.stem(w) for w in _words(b)}
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


GENERIC_WORDS = {
    "factory",
    "company",
    "mill",
    "plant",
    "works",
    "corporation",
    "bureau",
    "office",
    "group",
    "state",
    "owned",
    "no",
    "general",
    "center",
    "centre",
    "system",
}


def _overlap(label_en: str, z: Entity, *, content: bool = False) -> float:
    """Share of the English name's words found in the Chinese name rendered in English ('Wanxiang' counts
    for 'Wanxiangjie'). ``content``: only words that are neither places nor generic heads count."""
    mine = _words(label_en)
    if content:
        mine = {w for w in mine if w not in GENERIC_WORDS and not _is_place(w)}
    if not mine:
        return 0.0
    theirs = _words(z.label_en) | _words(zh_names.english_name(z.label_zh)[0] if z.label_zh else "")
    theirs |= {w.rstrip("s") for w in theirs}

    def found(w: str) -> bool:
        return (
            w in theirs
            or w.rstrip("s") in theirs
            or len(w) >= 5
            and any(t.startswith(w) and len(w) >= 0.6 * len(t) or _stem_match(cedict.stem(w), cedict.stem(t))
                    for t in theirs)
        )

    return len({w for w in mine if found(w)}) / len(mine)


@functools.lru_cache(maxsize=65_536)
def _is_place(word: str) -> bool:
    from kg.gazetteer import load_gazetteer

    return bool(load_gazetteer().lookup_en(word))


def _same_place(e: Entity, z: Entity) -> float:
    """+10 when both names start with the same place (a gazetteer name: 'Central' of 'Central Committee'
    and 中央文革小组 is not one)."""
    en_first = _words(e.label_en.split()[0]) if e.label_en else set()
    zh_first = _words(zh_names.english_name(z.label_zh)[0].split()[0]) if z.label_zh else set()
    if not en_first or not zh_first:
        return 0.0
    return 10.0 if en_first == zh_first and all(_is_place(w) for w in en_first) else 0.0


def _ranks(entities: list[Entity]) -> dict[tuple[str, str], float]:
    """Each entity's place in the order of first mentions, 0..1, within its kind."""
    out: dict[tuple[str, str], float] = {}
    kinds: dict[str, list[Entity]] = {}
    for ent in entities:
        kind = "org" if ent.type in ORG_TYPES else ent.type
        kinds.setdefault(kind, []).append(ent)
    for group in kinds.values():
        group = sorted(group, key=lambda e: (min((m.start for m in e.mentions), default=10**9), e.ref))
        for i, ent in enumerate(group):
            out[ent.ref] = i / max(1, len(group) - 1)
    return out


def _adopt_names(en_ent: Entity, zh_ent: Entity) -> None:
    """The Chinese label, aliases and mentions of ``zh_ent`` onto ``en_ent``."""
    if zh_ent.label_zh:
        if en_ent.label_zh and en_ent.label_zh != zh_ent.label_zh and en_ent.type != "PolicyMechanism":
            en_ent.aliases_zh.add(en_ent.label_zh)  # 吉林 stays an alias of 吉林省
        en_ent.label_zh = zh_ent.label_zh
    en_ent.aliases_zh |= zh_ent.aliases_zh - {en_ent.label_zh}
    en_ent.aliases_zh.discard(en_ent.label_zh)
    en_ent.mentions.extend(zh_ent.mentions)


def _place_label(ent: Entity, body_zh: str) -> None:
    """An English place the Chinese half names only inside other names: labelled as written there
    (浙江, 吉林省); a place only inferred (no English mention either) keeps its name as an alias."""
    from kg.gazetteer import load_gazetteer

    place = load_gazetteer().by_id.get(ent.key)
    if place is None or not ent.label_zh:
        return
    forms = [f for f in (place.name_zh, place.short_zh) if f and f in body_zh]
    if not ent.mentions or not forms:
        ent.aliases_zh.add(ent.label_zh)
        ent.label_zh = ""
        return
    label = forms[0] if place.cls == "Province" else (place.short_zh if place.short_zh in forms else forms[0])
    if label != ent.label_zh:
        ent.aliases_zh.add(ent.label_zh)
        ent.label_zh = label


def _product_label(ent: Entity, body_zh: str) -> None:
    """A product named in English gets the Chinese term the glossary gives for it, if the Chinese uses it."""
    wanted = {ent.label_en.lower(), ent.label_en.lower().rstrip("s")}
    terms = sorted(
        (zh for zh, en in zh_names.glossary().items() if en.lower() in wanted and zh in body_zh),
        key=lambda t: (-len(t), t),
    )
    if terms:
        ent.label_zh = terms[0]


NEAR = 0.06  # share of the text: how far apart the two halves' first mentions may be


def _left_alone(en_entities: list[Entity], zh_entities: list[Entity], pairs, article: Article) -> list:
    """Products and mechanisms the scores did not pair: an English one and a Chinese one of the same type,
    first named at the same point of their texts (within NEAR), each the other's only unpaired candidate
    there, and half the words of one rendered by the other's CC-CEDICT senses (where :func:`pair_score`
    wants both halves): 'labor pledges' / 劳动公约 ('labour' + 'convention')."""
    done_en, done_zh = {e.ref for e, _, _ in pairs}, {z.ref for _, z, _ in pairs}
    en_len, zh_len = max(1, len(article.body_en)), max(1, len(article.body_zh))

    def where(ent: Entity, lang: str, size: int) -> float | None:
        starts = [m.start for m in ent.mentions if m.lang == lang]
        return min(starts) / size if starts else None

    mine = [(e, where(e, "en", en_len)) for e in en_entities if e.type in GLOSSED and e.ref not in done_en]
    theirs = [(z, where(z, "zh", zh_len)) for z in zh_entities if z.type in GLOSSED and z.ref not in done_zh]
    mine = [(e, p) for e, p in mine if p is not None]
    theirs = [(z, p) for z, p in theirs if p is not None]

    def near(a: tuple[Entity, float], others: list[tuple[Entity, float]]) -> list[Entity]:
        return [o for o, p in others if o.type == a[0].type and abs(p - a[1]) <= NEAR]

    out = []
    for e, pos in mine:
        cands = near((e, pos), theirs)
        back = near((cands[0], where(cands[0], "zh", zh_len) or 0.0), mine) if len(cands) == 1 else []
        if [x.ref for x in back] == [e.ref] and max(gloss_agreement(e.label_en, cands[0].label_zh)) >= 0.5:
            out.append((e, cands[0], False))
    return out


def _persons_in_text(
    en_entities: list[Entity], zh_entities: list[Entity], pairs, article
) -> list[tuple[Entity, Entity, bool]]:
    """English persons the zh rules missed, found by reading the Chinese text in pinyin: 'Fang Ming' is
    the first 方明 (or any other reading of 'fang' + 'ming') written there."""
    done = {e.ref for e, _, _ in pairs}
    text = article.body_zh
    readings: list[frozenset[str]] | None = None  # made when a person is left to look for
    out = []
    for e in en_entities:
        if e.type != "Person" or e.ref in done:
            continue
        if readings is None:
            readings = [_char_readings(ch) for ch in text]
        found = find_name(e.label_en, text, readings)
        if found:
            z = Entity(type="Person", key=zh_names.person_key(found), label_zh=found)
            out.append((e, z, False))
    return out


@functools.lru_cache(maxsize=65_536)
def _char_readings(char: str) -> frozenset[str]:
    """The toneless readings of one character, ü as u (a non-Chinese character reads as itself)."""
    return frozenset(_u(x) for x in zh_names.syllables_of_text(char)[0])


def find_name(name_en: str, text: str, readings: Sequence[Set[str]]) -> str:
    """The first Chinese name in ``text`` that reads exactly as the romanised ``name_en`` ('' if none)."""
    words = re.sub(r"[-'’]", " ", strip_accents(name_en).lower()).split()
    if len(words) < 2:
        return ""
    surname, given = _u(words[0]), _u("".join(words[1:]))
    for syllables in zh_names.split_syllables(given):
        n = len(syllables)
        for i in range(len(text) - n):
            sur = text[i]
            if surname not in readings[i] or not zh_names.is_surname(sur):
                continue
            cand = text[i + 1 : i + 1 + n]
            if all(syllables[k] in readings[i + 1 + k] for k in range(n)) and all(
                "\u4e00" <= c <= "\u9fff" for c in cand
            ):
                return sur + cand
    return ""


def _rekey_relation(rel: Relation, rekey: dict[tuple[str, str], tuple[str, str]]) -> Relation:
    post = rel.post
    if post is not None and post.body in rekey:
        post = Post(post.title_en, post.title_zh, rekey[post.body])
    obj = rekey.get(rel.object, rel.object) if rel.object is not None else None
    return replace(rel, subject=rekey.get(rel.subject, rel.subject), object=obj, post=post)
