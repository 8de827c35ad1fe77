"""Chinese mention rules: places, bodies, enterprises, persons and mechanisms in one Chinese body.

Each rule reads the ``ZhDoc`` (kg/zhdoc.py: sentences, jieba words, NER spans) and yields ``Mention``s
with offsets into ``Article.body_zh``; ``resolve.settle_overlaps`` keeps the longest of overlapping
mentions. A body named in a short form (市政府, 省委, 生产指挥部) gets ``key`` "short:<level>" or
"local" and is qualified with the article's place in ``kg.extract.zh.resolve``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import cedict, divisions, lexicon
from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.extract.zh import names as zh_names
from kg.extract.zh.names import place_spans
from kg.extract.zh.products import word_indexes
from kg.extract.zh.regions import MACRO
from kg.gazetteer import load_gazetteer
from kg.records import Mention
from kg.trie_regex import literal, longest_first
from kg.zhdoc import Word, dictionary_tag, ner_available, word_frequency

NAME_TAGS = {"ns", "nr", "nrt", "nrfg", "nz", "nt", "n", "j", "vn", "b", "an", "ng", "eng", "l", "nh"}
PLACE_TAGS = {"ns", "nz", "j", "nt", ""}
DETERMINERS = set("全该本各这那每此某其另诸")
# 上级党委, 部分手工业社: words for a rank relative to the speaker or a share, which name no body
RELATIVE_LEVELS = {"上级", "下级", "同级", "各级", "部分", "大部分", "一部分", "少数", "多数"}
# Words that end like an organisation but name none (干部 'cadre', 局面 'situation', 全厂 'the whole plant').
NOT_NAMES = {
    "干部",
    "内部",
    "外部",
    "全部",
    "局部",
    "总部",
    "东部",
    "西部",
    "南部",
    "北部",
    "中部",
    "上部",
    "下部",
    "俱乐部",
    "司令部",
    "格局",
    "大局",
    "全局",
    "布局",
    "结局",
    "时局",
    "当局",
    "政局",
    "僵局",
    "餐厅",
    "大厅",
    "客厅",
    "展厅",
    "门厅",
    "军队",
    "部队",
    "团队",
    "排队",
    "球队",
    "梯队",
    "车队",
    "船队",
    "出厂",
    "进厂",
    "建厂",
    "办厂",
    "回厂",
    "兴厂",
    "本厂",
    "全厂",
    "该厂",
    "各厂",
    "开矿",
    "采矿",
    "社会",
    "结社",
    "入社",
    "重心",
    "核心",
    "港口",
    "部门",
    "工厂",
    "公司",
    "煤矿",
    "政府",
    "委员会",
    "办公室",
    "系统",
    "中心",
    "厂矿",
    "工矿",
    "机关干部",
    "领导干部",
    "党政机关",
    "国家机关",
}
GENERIC_MODIFIERS = re.compile(
    r"^(大型|中型|小型|大中型|中小型|重点|骨干|主要|有关|其他|其它|这些|各种|一些|许多|几个|国营|地方|乡镇|集体|"
    r"县属|市属|省属|县营|县办|市办|社办|公营|私营|公私合营)+"
)
NOT_IN_NAMES = {
    "企业",
    "领导",
    "部门",
    "单位",
    "有关",
    "主管",
    "职工",
    "干部",
    "群众",
    "工人",
    "会议",
    "人员",
    "经",  # 工厂|经|上级批准: 'through', jieba tags it a noun
    "汇报",
    "报告",
    "介绍",
}
ESTABLISH = re.compile(r"成立|建立|组建|设立|组成|筹建|创办|兴建|新建")
WEAK_HEADS = {"系统", "部门", "中心", "委员会", "办公室", "政府", "局", "厅", "社", "队", "部", "港", "矿"}
LEVEL_CHARS = {"市": "city", "省": "province", "县": "county"}
# Words for areas that end like a county-level name (…区) but name a region or a suburb (华北地区, 燕山山区).
REGIONAL_ENDS = ("地区", "山区", "林区", "牧区", "垦区", "开发区", "经济区", "专区", "边区", "协作区", "郊区")
FUNCTION_CHARS = set("和与及在向从对为把被将于同跟")
COUNTY_AFTER = re.compile(
    r"(?:(?![县区旗市省和与及的在、])[\u4e00-\u9fff]){1,3}?[县区旗](?![委政长营办属级里城人])"
)
# 太谷、平遥等县, 祁县和介休两县, 兴宁、梅县等七个县: bare names in a list that a count or 等 and 县/旗
# close are counties.
COUNTY_LIST = re.compile(
    r"((?:(?:(?!等)[\u4e00-\u9fff]){2,3}[、和与及])+(?:(?!等)[\u4e00-\u9fff]){2,3})"
    r"(?:等?[两三四五六七八九十]+个?|等)[县旗]"
    r"(?![级委政长营办属城里份区])"
)
COUNTY_BODY = re.compile(r"[委政长营办属级里城人]")
# 【新华社河间二十六日电】, 【本报荷泽讯】: the place a dispatch was filed from
DATELINE_PLACE = re.compile(
    r"【(?:本报|新华社)?(?!本报|新华社|专)((?:(?![\d一二三四五六七八九十廿卅日])[\u4e00-\u9fff]){2,3}?)"
    r"(?:[\d一二三四五六七八九十廿卅]+日)?[电讯]】"
)
COUNTY_LIST_END = re.compile(r"(?:等?[两三四五六七八九十]+个?|等)[县旗](?![级委政长营办属城里份区])")
TITLE_AFTER = {"长", "书记", "主任", "经理", "委员", "副"}
STOP_AFTER_NAME = set("在等和与及、，。；：说的了是也都对向从为到同任率亲前后称指表被把将于由给让请")
# jieba tags of words that start no name: conjunctions, prepositions, numerals, adverbs, pronouns, verbs.
NOT_NAME_TAGS = {"c", "p", "m", "d", "r", "v", "vd", "vn", "ad", "u", "uj", "ul", "f", "q"}
ROLE_ENDS = set("员们炉")  # 查号员 (a trade), 马丁炉 (a furnace named after its inventor)
CONJUNCTIONS = set("和与及同跟")
ETHNIC_LIST = re.compile(r"(?:[、和与及][\u4e00-\u9fff]{1,5}?)*族")
NESTED = re.compile(r"公社|生产大队|大队|总厂|公司")  # bodies that contain the next one named after them
SECTOR = re.compile(r"(地方国营|国营|地方|县营|县办|社办)(工业企业|工矿企业|工业|厂矿|企业)")
SECTOR_EN = {
    "地方国营": "Local State-Owned Industry",
    "国营": "State-Owned Industry",
    "地方": "Local Industry",
    "县营": "County-Run Industry",
    "县办": "County-Run Industry",
    "社办": "Commune-Run Industry",
}


def _mention(
    ctx: ArticleContext, start: int, end: int, type_: str, rule_name: str, key: str = "", canonical: str = ""
) -> Mention:
    return Mention(ctx.article.id, "zh", start, end, ctx.text[start:end], type_, rule_name, key, canonical)


# --- places ------------------------------------------------------------------------------------------


@rule("mentions", lang="zh")
def zh_places(ctx: ArticleContext) -> Iterator[Mention]:
    """Gazetteer places: full names (吉林省, 太原市) where a word starts; bare names (太原) where jieba
    sees a place word, or in a list of places (阳泉、大同等市)."""
    gaz = load_gazetteer()
    bounds = ctx.doc.boundaries()
    spans = article_place_spans(ctx)
    ends, starts = {e for _, e, _ in spans}, {s for s, _, _ in spans}
    for start, end, name in spans:
        places = gaz.lookup_zh(name)
        if name[-1] == "县" and not _known_place(name):
            continue  # 邢台县: the county beside the city, for zh_counties
        bare = any(p.short_zh == name for p in places) and not any(p.name_zh == name for p in places)
        listed = _in_place_list(ctx.text, start, end, starts, ends)
        if not listed and start not in bounds and start not in ends:
            continue  # inside a word: 大同 in 大同小异
        if bare and not listed and not _bare_ok(ctx, start, end, name):
            continue
        if len(name) == 2 and not listed and end not in bounds:
            continue  # 和县 in 县委和县政府: a two-character name must end a word
        if (
            len(name) == 2
            and name[0] in FUNCTION_CHARS
            and not listed
            and _cjk(ctx.text[end : end + 1] or "x")
        ):
            continue  # 国营和县营金矿: 和 joins two words, it does not start 和县
        yield _mention(ctx, start, end, places[0].cls, "zh_places", key=places[0].id)


def _in_place_list(text: str, start: int, end: int, starts: set[int], ends: set[int]) -> bool:
    """阳泉、大同等市: a name in a list of places, or before 等市/等省."""
    before, after = text[max(0, start - 1) : start], text[end : end + 3]
    return (
        before in {"、", "和", "与"}
        and start - 1 in ends
        or after[:1] in {"、", "和", "与"}
        and end + 1 in starts
        or bool(re.match(r"等(市|省|地|县|城市|地区)", after))
    )


def _bare_ok(ctx: ArticleContext, start: int, end: int, name: str) -> bool:
    """A bare name is a place where it ends a word and jieba's dictionary has it as a place or not at all."""
    if end not in ctx.doc.boundaries() and ctx.text[end : end + 1] not in set("市省县区"):
        return False
    return dictionary_tag(name) in PLACE_TAGS


@rule("mentions", lang="zh")
def zh_counties(ctx: ArticleContext) -> Iterator[Mention]:
    """County-level places the gazetteer lacks: place words ending in 县, 区 or 旗 (郧县, 河西区)."""
    gaz = load_gazetteer()
    spans = set(ctx.doc.spans_tagged("ns"))
    spans |= {(s, e) for s, e, label in ctx.doc.ents if label == "LOC"}
    spans |= {m.span(1) for m in DATELINE_PLACE.finditer(ctx.text)}
    # 河北省宣化县: a county word right after its province or city, and that name wherever it recurs
    named = set()
    bounds = ctx.doc.boundaries()
    for start, end, name in article_place_spans(ctx):
        m = COUNTY_AFTER.match(ctx.text, end)
        if m and not gaz.lookup_zh(m.group()) and m.group()[0] not in DETERMINERS:
            named.add(m.group())
        city = any(p.cls == "City" and p.short_zh == name for p in gaz.lookup_zh(name))
        if city and ctx.text[end : end + 1] == "县" and start in bounds and end + 1 in bounds and (
            not COUNTY_BODY.match(ctx.text, end + 1)
        ):
            spans.add((start, end + 1))  # 太原|县|支行: the county named after the city beside it
    bare = _listed_counties(ctx, bounds) | _bare_divisions(ctx, spans, bounds)
    for name in sorted(named | bare):
        spans |= {(m.start(), m.end()) for m in re.finditer(re.escape(name), ctx.text)}
    # every county-level division of the table (正定县, 辛集市), where a word starts
    table = {(s, e) for s, e in divisions.county_spans(ctx.text) if s in bounds}
    table |= {  # 任县 where jieba sees two words; not 任县长 'served as county head' (a county's post)
        m.span() for m in divisions.two_character_counties().finditer(ctx.text)
        if m.start() in bounds and m.end() in bounds and not COUNTY_BODY.match(ctx.text, m.end())
    }
    spans |= table
    for s, e in sorted(spans):
        name = ctx.text[s:e]
        suffixes = "县区旗市" if (s, e) in table else "县区旗"
        if name in bare and s in bounds and e in bounds:
            # a city's name the text lists as a county (晋城、阳城等县) wins over the gazetteer's city
            named_county = f"{zh_names.romanise(name)} County" if gaz.lookup_zh(name) else ""
            yield _mention(ctx, s, e, "County", "zh_counties", canonical=named_county)
            continue
        if not 2 <= len(name) <= 7 or name[-1] not in suffixes or _known_place(name):
            continue
        if (s, e) not in table and name.endswith(REGIONAL_ENDS):
            continue  # 华北地区, 燕山山区: regions, not county-level divisions
        if len(name) == 2 and name[0] in FUNCTION_CHARS and _cjk(ctx.text[e : e + 1] or "x"):
            continue  # 国营和县营: not 和县
        if NUMERAL.fullmatch(name[0]) and (name[1] in CLASSIFIERS or name[-1] == "县") or name[0] == "等":
            continue  # 两个专区, 一县, 等县: a count of divisions or the end of a list, none named (二区 is)
        if name[-1] == "区" and name[:-1] in MACRO:
            continue  # 东北区, 太岳区: the macro-region or base area, for zh_regions
        if name[0] in ADVERBS and len(name) >= 3:
            s, name = s + 1, name[1:]  # 仅二区 -> 二区
        if name[0] in DETERMINERS or name in {
            "郊区",
            "山区",
            "地区",
            "市区",
            "辖区",
            "社区",
            "灾区",
            "特区",
            "矿区",
        }:
            continue
        yield _mention(ctx, s, e, "County", "zh_counties")


def _bare_divisions(ctx: ArticleContext, spans: set[tuple[int, int]], bounds: frozenset[int]) -> set[str]:
    """Place words (NER or jieba), or words listed beside one (祁县、交城), that name a county-level
    division of the table without its suffix (汾阳 for 汾阳市, 交城 for 交城县), no place of the gazetteer
    and no river (嫩江)."""
    gaz, out = load_gazetteer(), set()
    for s, e in spans | _listed_beside(ctx, spans):
        name = ctx.text[s:e]
        if 2 <= e - s <= 3 and name[-1] not in "县区旗市省州盟乡镇村江河湖海" and s in bounds and (
            e in bounds and not gaz.lookup_zh(name) and name[0] not in DETERMINERS
            and any(d.level == "county" for x in "县市旗" for d in divisions.lookup(name + x))
        ):
            out.add(name)
    return out


def _listed_beside(ctx: ArticleContext, spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The words a 、 joins to a place word (祁县、交城: 交城), on either side."""
    text, out = ctx.text, set()
    for s, e in spans:
        if text[e : e + 1] == "、" and (w := ctx.doc.word_at(e + 1)) is not None and w.start == e + 1:
            out.add((w.start, w.end))
        if s and text[s - 1] == "、" and (w := ctx.doc.word_at(s - 2)) is not None and w.end == s - 1:
            out.add((w.start, w.end))
    return out


def _known_place(name: str) -> bool:
    """Whether the gazetteer has ``name`` as a place; a county named after the city it lay beside (邢台县
    beside 邢台市) is not that city."""
    places = load_gazetteer().lookup_zh(name)
    return any(p.name_zh == name or p.cls != "City" or name[-1] != "县" for p in places)


def _listed_counties(ctx: ArticleContext, bounds: set[int]) -> set[str]:
    """Bare county names listed before 等县 / 两县 (太谷、平遥等县): each item a whole word or words, not
    a place the gazetteer knows; each read as a place by the NER or jieba, or a county-level name of the
    division table without its suffix (介休 for 介休市)."""
    if not COUNTY_LIST_END.search(ctx.text):
        return set()  # no 等县 / 两县 anywhere: no list to read (the list pattern is slow to run)
    gaz = load_gazetteer()
    places = {(s, e) for s, e, label in ctx.doc.ents if label == "LOC"}
    places |= set(ctx.doc.spans_tagged("ns"))
    out: set[str] = set()

    def county_item(s: int, e: int) -> bool:
        n = ctx.text[s:e]
        return (
            s in bounds and e in bounds and n[0] not in DETERMINERS and not NUMERAL.search(n)
            and ((s, e) in places or any(divisions.lookup(n + x) for x in "县市区旗"))
        )

    for m in COUNTY_LIST.finditer(ctx.text):
        items, pos = [], m.start(1)
        for item in re.split("[、和与及]", m.group(1)):
            items.append((pos, pos + len(item)))
            pos += len(item) + 1
        first = items[0]
        if first[1] - first[0] == 3 and not county_item(*first):  # 今年|阳城、沁水等县: the regex's
            items[0] = (first[0] + 1, first[1])  # leftmost match took the word before the first name
        names = [ctx.text[s:e] for s, e in items]
        whole = all(s in bounds and e in bounds and n[0] not in DETERMINERS and not NUMERAL.search(n)
                    for (s, e), n in zip(items, names, strict=True))
        if whole and any(county_item(s, e) for s, e in items):  # 清源、徐沟等县: one place types the list
            out |= {n for n in names if _county_listed(gaz, n) and not n.endswith(("县", "区", "旗", "市"))}
    return out


def _county_listed(gaz, name: str) -> bool:
    """Whether a name listed before 等县 is read as a county: any name the gazetteer lacks, and a city's
    name too (晋城、阳城等县; 中山 was a county before it became a city): the list says what they are."""
    return all(p.cls == "City" for p in gaz.lookup_zh(name))


# --- organisations -----------------------------------------------------------------------------------


def extend_left(words: list[Word], i: int, head_start: int, *, limit: int, verbs: bool) -> int:
    """Start of a name whose head starts at ``head_start`` and ends with word ``i``: the word holding the
    head's first character, then preceding name-like words (places, nouns, proper names, ordinals)."""
    j = i
    while j > 0 and words[j].start > head_start:
        j -= 1
    start = words[j].start
    end = words[i].end
    j -= 1
    taken = 0
    while j >= 0 and taken < 5:
        prev = words[j]
        if prev.end != start or end - prev.start > limit or prev.text in NOT_IN_NAMES:
            break
        ok = prev.pos in NAME_TAGS or bool(
            prev.pos == "m" and re.fullmatch(r"第?[一二三四五六七八九十]+", prev.text)
        ) or _name_part_after_place(words, j)
        if not ok and verbs and prev.pos in {"v", "vd"} and prev.text in zh_names.glossary():
            ok = True  # 扩大工业品销售领导小组, 产销协调小组: a verb that is part of the body's task
        if not ok or ESTABLISH.search(prev.text):
            break
        start = prev.start
        taken += 1
        j -= 1
    return start


NUMERAL = re.compile(r"[〇零一二三四五六七八九十百千万亿两几多些]+")
CLASSIFIERS = set("个家座所批些位种项条只名户间台部处")
ADVERBS = set("仅只就都共均也又还才约")  # 仅二区: an adverb before a place word is not part of it


def _name_part_after_place(words: list[Word], j: int) -> bool:
    """沈阳|三方|机器厂: a two-character word jieba reads as a numeral, between a place and the
    rest of a name, is a proper name's part."""
    w = words[j]
    return (
        w.pos == "m" and len(w.text) == 2 and j > 0 and words[j - 1].pos == "ns"
        and words[j - 1].end == w.start and not NUMERAL.fullmatch(w.text) and w.text[0] not in DETERMINERS
        and w.text[1] not in CLASSIFIERS  # 上海|一家|小厂: a numeral and its measure word
    )


def _cut_short_form(ctx: ArticleContext, start: int, end: int) -> int:
    """'省政府委派省体改委' -> '省体改委': a level word (省/市/县) starting a later word of the name starts
    a new, short name unless a place comes right before it."""
    cut = start
    for w in ctx.doc.words_within(start + 1, end):
        if (
            w.text[0] in LEVEL_CHARS
            and not place_spans(ctx.text[start : w.start + 1])
        ):
            before = place_spans(ctx.text[start : w.start])
            if not any(e == w.start - start for _, e, _ in before):
                cut = w.start
    return cut


@rule("mentions", lang="zh")
def zh_organisations(ctx: ArticleContext) -> Iterator[Mention]:
    """Names ending in an organisation head (红星化工厂, 吉林省政府, 中共山西省委), and short forms
    whose place is implicit (市政府, 省委, 生产指挥部, 市外贸系统)."""
    text = ctx.text
    words = ctx.doc.words
    gaz = load_gazetteer()
    for i in _head_words(ctx):  # most words end in no head's last character: never looked at
        w = words[i]
        ending = zh_names.heads_ending(w.text[-1])
        head = next((h for h in ending if text.endswith(h.head, 0, w.end)), None)
        if head is None or (i + 1 < len(words) and _title_follows(words[i + 1].text)):
            continue
        head_start = w.end - len(head.head)
        if any(text[head_start - k : w.end] in NOT_NAMES for k in (1, 2, 3) if head_start - k >= w.start):
            continue  # 干部, 俱乐部, 全厂: a word that merely ends in a head
        if text[head_start - 1 : head_start] == "某":
            continue  # 解放军某部, 某厂: 'a certain' unit, none named
        if head.head == "部" and NUMERAL.fullmatch(text[head_start - 1 : head_start] or "x"):
            continue  # 拖拉机二部, 二十五部: a count of machines (部 the classifier), no ministry
        start = extend_left(words, i, head_start, limit=16 if head.local else 12, verbs=head.local)
        start = _cut_short_form(ctx, start, w.end)
        first = ctx.doc.word_at(start)
        if first is not None and first.text in RELATIVE_LEVELS and first.start == start:
            if first.end >= head_start:
                continue  # 上级党委 'the party committee above': a body by its rank, none named
            start = first.end
        if (
            first is not None
            and first.end < head_start
            and len(first.text) == 2
            and first.text[0] in DETERMINERS
        ):
            start = first.end  # 全省国营厂矿 -> 国营厂矿
        start = _after_owner(ctx, start, head_start)
        start = _opening_word(ctx, start, w.end)
        name = text[start : w.end]
        if re.search(r"[和、与及]", name):
            continue  # 国营和县营金矿: kinds of enterprise, not a name
        bare = zh_names.trim_name(name)
        if len(bare) == 4 and bare[0] == bare[2]:
            continue  # 包村包厂: a parallel slogan (A-X-A-Y), no name
        inner = NESTED.search(name, 0, len(name) - len(head.head))
        if inner and inner.end() == len(name) - len(head.head) and head.type == "PartyBody":
            inner = NESTED.search(name, 0, inner.start())  # 南柳大队党支部: the brigade's party branch
        if inner:  # 南樊公社|南柳大队: the commune, then the brigade of it; a name never starts with 公司
            cut = start + inner.end()
            if inner.start() >= 2:
                yield _mention(ctx, start, cut, zh_names.head_of(inner.group()).type, "zh_organisations")
            start, name = cut, text[cut : w.end]
        pair = zh_names.known_pair(name)
        if pair:  # 中共中央国务院: two bodies written together, each with its own relations
            for part, at in zip(pair, (start, start + len(pair[0])), strict=True):
                yield _mention(ctx, at, at + len(part), zh_names.known_names()[part].type, "zh_organisations")
            continue
        known = zh_names.known_names().get(name)
        if known:
            yield _mention(ctx, start, w.end, known.type, "zh_organisations")
            continue
        if name in PLACELESS_GOVERNMENTS:  # 民主政府 alone: the government of the place the article is about
            yield _mention(ctx, start, w.end, head.type, "zh_short_bodies", key="local")
            continue
        if name in NOT_NAMES or gaz.lookup_zh(name) or len(name) < 2 or name in zh_names.policy_terms():
            continue  # 高级社, 人民公社 alone: a form of organisation of the period (a mechanism), no body
        if len(head.head) == 1 and len(name) == 2 and dictionary_tag(name) not in {"", "nt", "nz", "j"}:
            continue  # 干部, 局面: a common word ending in a head character
        stem = GENERIC_MODIFIERS.sub("", name[: len(name) - len(head.head)])
        if name[0] in LEVEL_CHARS and not gaz.lookup_zh(name[:2]) and not place_spans(name[:3]):
            if name == head.head and not head.level:
                continue
            yield _mention(
                ctx, start, w.end, head.type, "zh_short_bodies", key=f"short:{LEVEL_CHARS[name[0]]}"
            )
        elif name == head.head:
            if head.level:
                yield _mention(ctx, start, w.end, head.type, "zh_short_bodies", key=f"short:{head.level}")
        elif not stem or stem in {"工", "企业"}:
            continue  # 大型国营厂: a kind of factory, not a name
        elif head.head in WEAK_HEADS and not (
            _starts_with_place(name) or len(stem) >= 2 and len(head.head) == 1
        ):
            continue
        elif head.type == "Enterprise" and _kind_of_enterprise(zh_names.trim_name(name), head.head):
            continue  # 炼钢厂, 食品厂, 小工厂: a kind of enterprise, not one named
        elif head.type == "Enterprise" and _sized_kind(ctx, start, w.end, head.head):
            continue  # 河北中型化肥厂, 三级小型工厂: a size word before a kind of enterprise, none named
        elif head.type == "Enterprise" and _counted_or_listed_kind(ctx, start, w.end, head.head):
            continue  # 七十三个草炭化肥厂; 动力站、机械修理厂、木工厂: kinds counted or listed with kinds
        elif head.head in zh_names.policy_terms() and _kind_of_enterprise(
            zh_names.trim_name(name), head.head, longest=4
        ):  # 畜牧互助组, 劳动互助组: a kind of the period's forms of organisation, no body named
            yield _mention(ctx, start, w.end, "PolicyMechanism", "zh_organisations")
        elif head.head in {"队", "社"} and _kind_of_enterprise(
            zh_names.trim_name(name), head.head, longest=4
        ):
            continue  # 秧歌队, 副业专业队: a team named by its kind of work, not one named
        else:
            key = "local" if head.local and not _starts_with_place(name) else ""
            start += len(name) - len(zh_names.trim_name(name))  # 湖北省郧县|杨溪邮电支局: places stay places
            yield _mention(ctx, start, w.end, head.type, "zh_organisations", key=key)


BODY_TYPES = {"GovernmentBody", "PartyBody"}
# The period's names of a government written without its place (解放后民主政府为救济船家…; 人民政府号召…):
# the government of the place the article is about.
PLACELESS_GOVERNMENTS = {"民主政府", "人民政府"}


@rule("mentions", lang="zh")
def zh_organisations_ner(ctx: ArticleContext) -> Iterator[Mention]:
    """Government and party bodies the Chinese NER reads as organisations (中共某县委员会, 西北财政经济
    委员会): a span of whole words ending in a body head, qualified at its start (after 中共) by a place
    word or a macro-region. The longest mention wins over the head rule's shorter reading."""
    text, bounds = ctx.text, ctx.doc.boundaries()
    for s, e, label in ctx.doc.ents:
        if label != "ORG" or s not in bounds or e not in bounds:
            continue
        name = text[s:e]
        head = zh_names.head_of(name)
        if head is None or head.type not in BODY_TYPES or len(name) - len(head.head) < 2:
            continue
        if re.search(r"[和、与及，\s]", name) or name in zh_names.known_names():
            continue  # 省委和省政府: two bodies; 国务院: the known-names rule's
        after = ctx.doc.word_at(e)
        if after is not None and after.start == e and _title_follows(after.text):
            continue  # 税务所副所长: the body of a post, for the rules of posts
        at = s + 2 if name.startswith("中共") else s
        first = ctx.doc.word_at(at)
        qualified = first is not None and (first.pos == "ns" or first.text in MACRO)
        if qualified and first.start == at and first.end < e:
            s += len(name) - len(zh_names.trim_name(name))  # 天津市|河西区环卫局: places stay places
            yield _mention(ctx, s, e, head.type, "zh_organisations_ner")


def _after_owner(ctx: ArticleContext, start: int, head_start: int) -> int:
    """``start`` moved past the owner of a body (工业局所属|针织厂): what it belongs to is no part of it."""
    owned = ctx.text.rfind("所属", start, head_start)
    return owned + 2 if owned >= 0 else start


def _opening_word(ctx: ArticleContext, start: int, end: int) -> int:
    """``start`` moved to a word that opens a name, where the words before it name no place nor body and
    count nothing (第一|机械部): an ownership word (发展|国营工厂) or a well-known body's name
    (积极响应|中共中央)."""
    text = ctx.text
    for w in ctx.doc.words_within(start + 1, end):
        opens = zh_names.OWNERSHIP.match(text[w.start : end]) or text[w.start : end] in zh_names.known_names()
        if opens:
            named = place_spans(text[start : w.start]) or any(
                x.pos in {"ns", "nt", "nz", "j", "m"} or x.text in MACRO or zh_names.head_of(x.text)
                for x in ctx.doc.words_within(start, w.start)
            )
            return start if named else w.start
    return start


def _head_words(ctx: ArticleContext) -> list[int]:
    """The numbers of the words whose last character ends some organisation head, in order (found by
    searching the text for those characters, not by reading every word)."""
    ends = word_indexes(ctx)[1]
    found = (ends.get(m.end()) for m in zh_names.head_end_regex().finditer(ctx.text))
    return [k for k in found if k is not None]


def _kind_of_enterprise(name: str, head: str, longest: int = 3) -> bool:
    """Whether an enterprise name is a kind, in one to three characters of common words (炼钢厂, 食品厂,
    棉纺织厂): no place, no number or ordinal (国棉二厂), no word jieba reads as a proper name (红星, 江南),
    nothing the dictionaries lack."""
    from kg import cedict

    name = GENERIC_MODIFIERS.sub("", zh_names.OWNERSHIP.sub("", name))  # 地方|机械厂: local, a kind
    stem = name[: len(name) - len(head)]
    if not stem or len(stem) > longest or place_spans(stem) or re.search(r"[\d一二三四五六七八九十第]", stem):
        return False  # a longer stem (经纬纺织机械厂) names one enterprise even in common words
    for word in zh_names.tokenize(stem):
        proper = dictionary_tag(word.text) in zh_names.PROPER_TAGS or word.pos in zh_names.PROPER_TAGS
        known = word.text in zh_names.glossary() or cedict.gloss(word.text)
        if proper or not known:
            return False
    return True


SIZES = {"大型", "中型", "小型", "中小型", "大中型", "小", "大", "中"}


def _sized_kind(ctx: ArticleContext, start: int, end: int, head: str) -> bool:
    """Whether a size word (中小型, 小型 …) comes before a kind of enterprise (化肥厂, 示范性工厂) inside
    the name: factories of a size and a kind are counted, not named."""
    for w in ctx.doc.words_within(start, end):
        if w.text in SIZES and w.pos in {"b", "a"} and w.end < end:
            rest = ctx.text[w.end : end]
            stem = rest[: len(rest) - len(head)]
            return len(stem) <= 4 and _common_words(rest, stem)
    return False


COUNTED = re.compile(r"[〇零一二三四五六七八九十百千万两几多\d]+[个处家座所批]$")


def _counted_or_listed_kind(ctx: ArticleContext, start: int, end: int, head: str) -> bool:
    """Whether a name of common words (机械修理厂) follows a count (七十三个|草炭化肥厂) or stands in a list
    of names with a kind of enterprise among them (动力站、机械修理厂、木工厂) that nothing owns (…的):
    kinds, none named."""
    text = ctx.text
    name = zh_names.trim_name(text[start:end])
    if not _common_words(name, name[: len(name) - len(head)]):
        return False
    if COUNTED.search(text, max(0, start - 6), start) or text[max(0, start - 2) : start] in {"等地", "各地"}:
        return True  # 七十三个|草炭化肥厂, 沈阳等地|机械制造厂: counted, or of several places
    left = max(text.rfind(p, 0, start) for p in "，。；：\n")
    right = min((k for k in (text.find(p, end) for p in "，。；：\n") if k >= 0), default=len(text))
    items = text[left + 1 : right].split("、")
    if len(items) < 3 or "的" in items[0]:
        return False  # 枫树山的无线电元件厂、木材厂、瓷厂: the units of a place or body, each one named
    for item in items:
        h = zh_names.head_of(item)
        if item != text[start:end] and h is not None and h.type == "Enterprise" and _kind_of_enterprise(
            zh_names.trim_name(item), h.head
        ):
            return True
    return False


def _common_words(name: str, stem: str) -> bool:
    """No place, number or ordinal in ``name`` and no proper-name word among its words within ``stem``
    (粮米|加工厂: the words as the whole name splits)."""
    if place_spans(name) or re.search(r"[\d一二三四五六七八九十第]", name):
        return False
    return not any(
        x.pos in zh_names.PROPER_TAGS or dictionary_tag(x.text) in zh_names.PROPER_TAGS
        for x in zh_names.tokenize(name) if x.end <= len(stem)
    )


def _title_follows(next_word: str) -> bool:
    """厂长, 局长: a head followed by a title is not the end of a name."""
    return next_word[:1] in TITLE_AFTER or next_word in {"书记", "主任", "经理", "部长"}


def _starts_with_place(name: str) -> bool:
    return any(s == 0 or name[:s] == "中共" for s, _, _ in place_spans(name))


def article_place_spans(ctx: ArticleContext) -> list[tuple[int, int, str]]:
    """The gazetteer names of the article's text, found once for the rules that read them."""
    return ctx.shared("place_spans", lambda: place_spans(ctx.text))


def text_chars(ctx: ArticleContext) -> frozenset[str]:
    """The characters of the article's text, made once: a word whose first one is missing is not there."""
    return ctx.shared("chars", lambda: frozenset(ctx.text))


@rule("mentions", lang="zh")
def zh_known_names(ctx: ArticleContext) -> Iterator[Mention]:
    """Well-known bodies and media named without a head word (国务院, 本报, 中共)."""
    bounds, text = ctx.doc.boundaries(), ctx.text
    for name, known in zh_names.known_names_in(text_chars(ctx)):  # the others are not in the text
        for m in literal(name).finditer(text):
            if m.start() in bounds and text[m.end() : m.end() + 1] != "门":  # 商业部|门: a sector
                yield _mention(ctx, m.start(), m.end(), known.type, "zh_known_names")


@rule("mentions", lang="zh")
def zh_sectors(ctx: ArticleContext) -> Iterator[Mention]:
    """Industry as a collective actor of a place (山西省国营工业, 地方工业, 县营工业), 1950s style: qualified
    by its place, or in an article about a place's industry, or its recurring subject."""
    found = []
    for m in SECTOR.finditer(ctx.text):
        if re.match(r"(企业)?(会议|局|部|厅|管理|厂)", ctx.text[m.end() : m.end() + 4]):
            continue
        window = ctx.text[max(0, m.start() - 8) : m.start()]
        before = [s for s, e, _ in place_spans(window) if e == len(window)]
        macro = any(window.endswith((x, x + "区")) for x in MACRO)  # 西北区|国营工业: a region stays one
        at = m.start() - (len(window) - before[0]) if before else m.start() if macro else None
        found.append((m, at))
    qualified = any(start is not None for _, start in found)
    for m, start in found:
        if not qualified and sum(x.group(0) == m.group(0) for x, _ in found) < 2:
            continue  # 发展地方工业之纲: a sector named once in passing, of no place, is a kind of industry
        at = m.start() if start is None else start
        yield _mention(ctx, at, m.end(), "Enterprise", "zh_sectors", canonical=SECTOR_EN[m.group(1)])


STEEL = re.compile("钢")


@rule("mentions", lang="zh")
def zh_steel_works(ctx: ArticleContext) -> Iterator[Mention]:
    """'X钢' names the steel works of a city starting with X (a place of the article, else the only
    prefecture-level city so named)."""
    ends, words = word_indexes(ctx)[1], ctx.doc.words
    found = (ends.get(m.end()) for m in STEEL.finditer(ctx.text))  # the words ending in 钢, in order
    for w in (words[k] for k in found if k is not None):
        if len(w.text) == 2 and w.text[1] == "钢" and dictionary_tag(w.text) in {"", "n", "nz", "j", "nr"}:
            place = steel_city(ctx, w.text[0])
            if place is not None:
                yield _mention(ctx, w.start, w.end, "Enterprise", "zh_steel_works", key=f"steel:{place.id}")


def steel_city(ctx: ArticleContext, char: str):
    gaz = load_gazetteer()
    named = [gaz.lookup_zh(n)[0] for _, _, n in article_place_spans(ctx) if n.startswith(char)]
    named = [p for p in named if p.cls == "City"]
    if named:
        return named[0]
    cands = [p for p in gaz if p.short_zh.startswith(char) and p.cls == "City"]
    return cands[0] if len(cands) == 1 else None


# --- persons -----------------------------------------------------------------------------------------


@rule("mentions", lang="zh")
def zh_persons(ctx: ArticleContext) -> Iterator[Mention]:
    """Person names: NER person spans with a surname, and names right after a title (市长王国华)."""
    text = ctx.text
    found: dict[int, int] = {}
    doubtful: dict[int, int] = {}
    for s, e, label in ctx.doc.ents:
        name = text[s:e].rstrip()  # 张口\n: a span the NER ran over a line break
        e = s + len(name)
        if label == "PER" and 2 <= len(name) <= 4 and zh_names.is_surname(zh_names.split_person(name)[0]):
            common = dictionary_tag(name) not in {"", "nr", "nrfg", "nrt"}
            if len(name) == 2 and (common or cedict.gloss(name)[:1].islower()):
                doubtful[s] = e  # 田七 'pseudo ginseng', 马力 'horsepower': a name only where prose says so
                continue
            if common:
                continue  # 闻名全国: an idiom that starts with a surname
            if ner_available() or len(name) >= 3 or not word_frequency(name):
                found[s] = e
    for title in zh_names.titles_in(text_chars(ctx)):
        for m in literal(title.title_zh).finditer(text):
            pos = m.end()
            while pos < len(text):
                end = found.get(pos) or name_after(ctx, pos)
                if not end:
                    break
                found[pos] = end
                if text[end : end + 1] not in {"、", "和"}:
                    break
                pos = end + 1
    _coordinated(ctx, found, doubtful)
    blocked = _author_spans(ctx)
    for s, e in sorted(found.items()):
        if any(s < be and bs < e for bs, be in blocked) or load_gazetteer().lookup_zh(text[s:e]):
            continue
        if re.search(r"中国的?$", text[max(0, s - 3) : s]):
            continue  # 中国赫鲁晓夫, 中国的赫鲁晓夫: 'China's Khrushchev', an epithet for someone else
        if text[s] in CONJUNCTIONS and zh_names.title_at(text, s + 2):
            continue  # 毛主席和林副主席: 和 joins the next leader, named by surname and title
        if text[e - 1] in ROLE_ENDS or ETHNIC_LIST.match(text, e) or KIND_AFTER_LIST.match(text, e):
            continue  # 查号员 (a trade), 哈萨克和朝鲜族 (peoples), 甘霖、田屯等煤矿 (mines)
        yield _mention(ctx, s, e, "Person", "zh_persons")


SPEAKS = re.compile(r"(?:同志|师傅|等同志|等人)|说[，：]")
# 甘霖、田屯、魏庄等煤矿: a list closed by 等 and a noun not of people (领导, 工人 …) holds no persons.
KIND_AFTER_LIST = re.compile(
    r"(?:、[\u4e00-\u9fff]{2,4})*等(?![一二三四五六七八九十几多数百\d，。、])"
    r"(?!人|同志|领导|干部|负责|代表|专家|工人|职工|委员|首长|群众|劳模|模范|学者|农民|社员|青年|妇女|老)"
)


def _coordinated(ctx: ArticleContext, found: dict[int, int], doubtful: dict[int, int]) -> None:
    """Names joined to a person by 、 or 和 (王明、高明), and names that are common words (马力
    'horsepower') where a person is joined to them or 同志 or 说 follows: added to ``found``."""
    text = ctx.text
    changed = True
    while changed:
        changed = False
        ends = set(found.values())
        for s, e in list(doubtful.items()):
            joined = text[s - 1 : s] in {"、", "和"} and s - 1 in ends or (
                text[e : e + 1] in {"、", "和"} and e + 1 in found
            )
            if joined or SPEAKS.match(text, e):
                found[s] = doubtful.pop(s)
                changed = True
        for e in list(found.values()):
            w = ctx.doc.word_at(e + 1) if text[e : e + 1] == "、" and e + 1 not in found else None
            named = w is not None and w.start == e + 1 and w.pos in {"nr", "nrfg"}
            if named and name_after(ctx, w.start) == w.end:
                found[w.start] = w.end  # 王明、高明: the next name of a list of persons, a name word to jieba
                changed = True


def _author_spans(ctx: ArticleContext) -> list[tuple[int, int]]:
    """Where the byline's names (and a '记者X' byline) stand in the body: reporters are not entities."""
    names = {a.replace(" ", "").replace("\u3000", "") for a in ctx.article.authors_zh} - {""}
    spans = [(m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), ctx.text)]
    for m in re.finditer(r"(记者|通讯员)", ctx.text):
        end = name_after(ctx, m.end())
        if end:
            spans.append((m.end(), end))
    if "来信" in ctx.text:  # 读者王明、李华来信：the writers of a letter are its authors
        spans.extend(m.span(1) for m in LETTER.finditer(ctx.text))
    if "摄" in ctx.text:  # 李明摄（某报社稿）: a photo credit
        spans.extend(m.span(1) for m in PHOTO_CREDIT.finditer(ctx.text))
    return spans


# The line that opens a letter (…读者王明、李华来信：) and a photographer's credit on a line of its own.
LETTER = re.compile(r"(?m)^([^，。；\n]{2,40})来信[：:]")
PHOTO_CREDIT = re.compile(  # 阮　均摄: a two-character name is set with a space between its characters
    r"(?m)(?:^|[\s\u3000])((?:[\u4e00-\u9fff](?:[\u3000 ]?[\u4e00-\u9fff]){1,3}[、\u3000 ]?){1,4})"
    r"摄(?=[（(\s]|$)"
)


def name_after(ctx: ArticleContext, pos: int) -> int:
    """End of a Chinese name starting at ``pos`` (0 if none): a surname and one or two given characters."""
    text = ctx.text
    surname = (
        text[pos : pos + 2] if text[pos : pos + 2] in zh_names.COMPOUND_SURNAMES else text[pos : pos + 1]
    )
    if not surname or not zh_names.is_surname(surname):
        return 0
    w = ctx.doc.word_at(pos)
    if w is not None and w.start == pos and w.pos in {"nr", "nrfg", "nrt"} and 2 <= len(w.text) <= 4:
        return w.end
    if w is not None and w.start == pos and (
        w.pos in NOT_NAME_TAGS or len(w.text) >= 2 and w.pos in {"n", "t"} and word_frequency(w.text) > 5000
    ):
        return 0  # 总工程师和厂长: 和 joins two titles; 书记全部回到: 全部 is a word, not 全 + a given name
    given = pos + len(surname)
    if surname in CONJUNCTIONS and zh_names.is_surname(text[given : given + 1]) and zh_names.title_at(
        text, given + 1
    ):
        return 0  # 毛主席和林副主席: 和 joins the next leader, named by surname and title
    if zh_names.title_at(text, given) or text.startswith("中共", given):
        return 0  # a title or a body right after the 'surname': no name here
    if given >= len(text) or not _cjk(text[given]) or text[given] in STOP_AFTER_NAME:
        return 0
    two = given + 1 < len(text) and _cjk(text[given + 1]) and text[given + 1] not in STOP_AFTER_NAME
    end = given + 2 if two else given + 1
    if w is not None and w.start == pos and w.end > end and w.pos not in {"nr", "nrfg", "nrt", "ns", "nz"}:
        return 0  # 厂长应接不暇: the 'name' is the start of a longer word, an idiom
    return end


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# --- mechanisms --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def mechanism_patterns() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, str]]:
    """Exact zh patterns (regex, pattern -> key) and open heads ('*责任制': regex, head -> key), from
    mechanisms.tsv and zh_mechanisms.tsv."""
    exact: dict[str, str] = {}
    open_heads: dict[str, str] = {}
    rows = [(m.key, p) for m in lexicon.mechanisms() for p in m.patterns_zh]
    rows += [
        (r[0], p.strip()) for r in lexicon.rows("zh_mechanisms.tsv") for p in r[1].split("|") if p.strip()
    ]
    for key, pat in rows:
        if pat.startswith("*"):
            open_heads.setdefault(pat[1:].strip(), key)
        else:
            exact.setdefault(pat, key)

    def alternation(items: dict[str, str]) -> re.Pattern:
        return longest_first(items)

    return alternation(exact), exact, alternation(open_heads), open_heads


def exact_matches(ctx: ArticleContext) -> list[re.Match]:
    """The matches of the exact mechanism patterns in the text, found once per article."""
    return ctx.shared("mechanism_exact", lambda: list(mechanism_patterns()[0].finditer(ctx.text)))


@rule("mentions", lang="zh")
def zh_mechanisms(ctx: ArticleContext) -> Iterator[Mention]:
    """Lexicon mechanism terms (现场办公, 承包经营制), and '<modifier><head>' phrases for open heads
    (*责任制, *联销) naming a narrower mechanism."""
    exact_re, exact, open_re, open_heads = mechanism_patterns()
    text = ctx.text
    words = ctx.doc.words
    found = exact_matches(ctx)
    for m in found:
        end = m.end()
        w = ctx.doc.word_at(end - 1)
        if text[end : end + 2] == "制度":
            end += 2
        elif text[end : end + 1] == "制" and not m.group().endswith("制"):
            end += 1
        elif w is not None and w.end > end and w.end - end <= 1 and w.start >= m.start():
            end = w.end  # 调度网 -> 调度网络: the whole word
        yield _mention(ctx, m.start(), end, "PolicyMechanism", "zh_mechanisms", key=exact[m.group()])
    exact_spans = [(m.start(), m.end()) for m in found]
    starts = word_indexes(ctx)[0]
    for m in open_re.finditer(text):
        first = ctx.doc.word_at(m.start())
        if first is None:
            continue
        i = starts[first.start]
        start = words[i].start
        j = i - 1
        while j >= 0 and m.start() - words[j].start <= 8 and words[j].end == start:
            prev = words[j]
            if prev.pos not in NAME_TAGS or prev.text in NOT_IN_NAMES | {"的"} or prev.pos == "v":
                break
            start = prev.start
            j -= 1
        key = open_heads[m.group()]
        if any(s <= start and m.end() <= e for s, e in exact_spans):
            continue  # 承包经营责任制 is a lexicon term, not a kind of 责任制 named by the text
        if start < m.start():
            yield _mention(ctx, start, m.end(), "PolicyMechanism", "zh_mechanism_heads", canonical=key)
        else:
            yield _mention(ctx, m.start(), m.end(), "PolicyMechanism", "zh_mechanism_heads", key=key)
