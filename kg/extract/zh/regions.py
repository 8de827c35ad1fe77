"""Chinese regions beyond the gazetteer: the macro-regions of the period (华北, 西南 …) and named areas
typed by their designation word (燕山山脉, 珠江三角洲, 深圳经济特区, 大亚湾开发区 …)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.extract.zh.names import place_spans
from kg.records import Mention
from kg.zhdoc import dictionary_tag

NUMERAL = re.compile(r"[〇零一二三四五六七八九十百千万两几]")

# Macro-regions: Chinese name -> English name, from the one table both languages read.
# The areas of the liberated regions of 1937-1949 (冀中, 太行, 苏北) are named so too; with a designation
# after them they name a narrower area of their own (太行山区).
BASE_AREAS = {row[2]: row[1] for row in lexicon.rows("zh_base_areas.tsv") if len(row) > 2 and row[2]}
MACRO = {
    **{row[2]: row[1] for row in lexicon.rows("macro_regions.tsv") if len(row) > 2 and row[2]}, **BASE_AREAS
}
# Designation words of named areas -> their English designation.
DESIGNATIONS = {
    "经济技术开发区": "Economic and Technological Development Zone",
    "经济特区": "Special Economic Zone",
    "开发区": "Development Zone",
    "经济区": "Economic Zone",
    "开放区": "Open Zone",
    "三角洲": "Delta",
    "山脉": "Mountains",
    "山区": "Mountain Area",
    "平原": "Plain",
    "高原": "Plateau",
    "盆地": "Basin",
    "流域": "River Basin",
    "林区": "Forest Region",
    "牧区": "Pastoral Area",
    "垦区": "Reclamation Area",
    "专区": "Prefecture",
    "地区": "Prefecture",
    "边区": "Border Region",
    "协作区": "Cooperation Zone",
    "郊区": "Suburbs",
    "半岛": "Peninsula",
}
# Designations of places below or beside the county level, typed Region when the Chinese NER or jieba
# reads the whole name as a place (蒋化村, 杨溪乡, 沧县专区).
PLACE_SUFFIXES = {
    "专区": "Prefecture", "地区": "Prefecture", "村": "Village", "乡": "Township", "镇": "Town",
    "江": "River", "河": "River", "湖": "Lake", "岛": "Island",
}
# Rivers and lakes: a one-character stem is a name too (长江, 嫩江, 淮河).
WATERS = {"江", "河", "湖"}
DESIGNATION = re.compile("|".join(sorted(map(re.escape, DESIGNATIONS), key=lambda d: (-len(d), d))))
MACRO_RE = re.compile("|".join(sorted(map(re.escape, MACRO), key=lambda d: (-len(d), d))))
PROPER_TAGS = {"ns", "nz", "nr", "j", "nt"}
# 大张庄、李亭等村, 张庄和李庄两个村: bare names in a list that 等 or a count and 村/乡/镇 close are villages
# or townships (the county lists are zh_counties').
VILLAGE_LIST = re.compile(
    r"((?:(?:(?!等)[\u4e00-\u9fff]){2,3}[、和与及])+(?:(?!等)[\u4e00-\u9fff]){2,3})"
    r"(?:等?[两三四五六七八九十]+个?|等)[村乡镇]"
    r"(?![级委政长营办属里干民])"
)
# 兴凯湖、镜泊湖、连环湖等: a river or lake listed right after another is one too
WATER_LIST = re.compile(
    r"(?<=[江河湖]、)((?:(?![、，。等和与及的在])[\u4e00-\u9fff]){1,3}[江河湖])(?=[、，。；等和与及])"
)
# 西湖畔, 长江沿岸: a localiser after a place word is no part of its name
LOCALISERS = ("沿岸", "两岸", "上游", "中游", "下游", "畔", "边", "岸")
VILLAGE_ENDS = tuple("村庄屯寨堡乡镇营店集铺")


@rule("mentions", lang="zh")
def zh_regions(ctx: ArticleContext) -> Iterator[Mention]:
    """Macro-regions where a word starts and ends (华北地区; not 东北风), and '<proper name><designation>'
    areas: the designation after a place or proper-name word (燕山山脉, 珠江三角洲)."""
    text, doc = ctx.text, ctx.doc
    bounds = doc.boundaries()
    for m in MACRO_RE.finditer(text):
        end = m.end() + (2 if text[m.end() : m.end() + 2] == "地区" else 0)
        end += 1 if end == m.end() and text[end : end + 1] == "区" and end + 1 in bounds else 0  # 东北区
        w = doc.word_at(m.start())
        if m.start() in bounds and end in bounds and (w is None or w.pos in PROPER_TAGS | {"f", "s"}):
            yield Mention(
                ctx.article.id, "zh", m.start(), end, text[m.start() : end], "Region", "zh_regions",
                canonical=MACRO[m.group()],
            )
    for m in DESIGNATION.finditer(text):
        inside = doc.word_at(m.start())
        if inside is not None and inside.start < m.start():  # 燕山山脉 as one word: its stem is the name
            start, stem = inside.start, text[inside.start : m.start()]
            proper = dictionary_tag(stem) in PROPER_TAGS or inside.pos in {"ns", "nz"}
        else:
            words = [w for w in doc.words_within(max(0, m.start() - 6), m.start()) if w.end <= m.start()]
            if not words or words[-1].end != m.start():
                continue
            start, stem = words[-1].start, words[-1].text
            proper = dictionary_tag(stem) in PROPER_TAGS or words[-1].pos in {"ns", "nz"}
        if stem in MACRO and stem not in BASE_AREAS:
            continue  # 华北地区: the macro-region, named above
        if len(stem) < 2 or not (proper or stem in _gazetteer_names()) or stem[0] in "各全该本每":
            continue  # 汕头|专区, 金华|地区: a place the gazetteer knows names the prefecture around it
        if m.group() == "地区" and _common(stem):
            continue  # 沿海地区, 落后地区: areas described by a common word, no named region
        yield Mention(
            ctx.article.id, "zh", start, m.end(), text[start : m.end()], "Region", "zh_regions",
            canonical=DESIGNATIONS[m.group()],
        )
    gaz_names = _gazetteer_names()
    spans = {(a, b) for a, b, label in doc.ents if label == "LOC"}
    spans |= set(doc.spans_tagged("ns"))  # the place words, listed once per article
    for a, b in sorted(spans):
        lead = [e for s, e, _ in place_spans(text[a:b]) if s == 0]
        if lead and b - a - lead[0] >= 3:
            a += lead[0]  # 山东省|临沂地区: the province before it is a place of its own
        name = text[a:b]
        local = next((x for x in LOCALISERS if name.endswith(x) and len(name) - len(x) >= 2), "")
        b, name = b - len(local), name[: len(name) - len(local)]
        suffix = next((x for x in PLACE_SUFFIXES if name.endswith(x)), None)
        least = 1 if suffix in WATERS else 2
        if suffix is None or len(name) - len(suffix) < least or name in gaz_names or name[0] in "各全该本每":
            continue
        if suffix == "地区" and _common(name[: -len(suffix)]) or suffix in WATERS and _common(name):
            continue  # 沿海地区, 落后地区, 内河, 江河: areas or waters named by a common word
        yield Mention(
            ctx.article.id, "zh", a, b, name, "Region", "zh_regions", canonical=PLACE_SUFFIXES[suffix]
        )
    for m in WATER_LIST.finditer(text):
        if not _common(m.group()) and m.group() not in gaz_names:
            yield Mention(ctx.article.id, "zh", m.start(), m.end(), m.group(), "Region", "zh_regions",
                          canonical=PLACE_SUFFIXES[m.group()[-1]])
    yield from _listed_villages(ctx)


def _listed_villages(ctx: ArticleContext) -> Iterator[Mention]:
    """The names of a list closed by 等村 / 两个乡 (大张庄、李亭等村): each item whole words, none a
    determiner or numeral, and one at least a place word or a name ending like a village (庄, 屯)."""
    text, doc = ctx.text, ctx.doc
    bounds = doc.boundaries()
    places = {(s, e) for s, e, label in doc.ents if label == "LOC"} | set(doc.spans_tagged("ns"))
    for m in VILLAGE_LIST.finditer(text):
        items, pos = [], m.start(1)
        for item in re.split("[、和与及]", m.group(1)):
            items.append((pos, pos + len(item)))
            pos += len(item) + 1
        if items[0][0] not in bounds:
            items[0] = (items[0][0] + 1, items[0][1])  # 今年|张庄、李庄等村: a word before the first name
        named = [((s, e), text[s:e]) for s, e in items]
        if not all(s in bounds and e in bounds and n[0] not in "各全该本每这那" and not NUMERAL.search(n)
                   for (s, e), n in named):
            continue
        if not any(span in places or n.endswith(VILLAGE_ENDS) for span, n in named):
            continue
        for (s, e), name in named:
            canonical = next((v for k, v in PLACE_SUFFIXES.items() if name.endswith(k)), "")
            yield Mention(ctx.article.id, "zh", s, e, name, "Region", "zh_regions", canonical=canonical)


def _common(stem: str) -> bool:
    """A stem the dictionary glosses as a common word (沿海 'coastal', 落后 'backward'), not a name."""
    from kg import cedict

    return cedict.gloss(stem)[:1].islower()


@functools.lru_cache(maxsize=1)
def _gazetteer_names() -> frozenset[str]:
    from kg.gazetteer import load_gazetteer

    return frozenset(load_gazetteer().names_zh())
