"""English places beyond the gazetteer: macro-regions, prefectures, leagues, villages and other areas.

A place is typed by how English names it: 'Handan Prefecture' and 'Handan and Xingtai prefectures'
(Region, the era's 专区), 'the Handan area' (where the Chinese original, if any, writes its 专区 or 地区),
'central Hebei' (a compass part of a province), 'Yikezhao League', 'Jianghua Village', 'the Liaodong
Peninsula', 'the Heilongjiang Reclamation Area', 'the Nen River', and the macro-regions of
``kg/lexicons/macro_regions.tsv`` ('the Northeast', 'East China').
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import divisions, lexicon
from kg.extract.context import ArticleContext, lowers
from kg.extract.registry import rule
from kg.gazetteer import load_gazetteer
from kg.records import Mention

# head words of areas that are neither provinces, cities nor counties: typed Region
REGION_HEADS = {
    "prefecture": "Prefecture",
    "prefectures": "Prefecture",
    "league": "League",
    "village": "Village",
    "reclamation area": "Reclamation Area",
    "special district": "Special District",
    "region": "Region",
    "border region": "Border Region",
    "autonomous prefecture": "Autonomous Prefecture",
    "economic zone": "Economic Zone",
    "development zone": "Development Zone",
    "mountains": "Mountains",
    "mountain area": "Mountain Area",
    "delta": "Delta",
    "basin": "Basin",
    "plain": "Plain",
    "river": "River",
    "lake": "Lake",
    "peninsula": "Peninsula",
    "island": "Island",
}
# natural features: places that hold no figures and lie within no one city
NATURAL = re.compile(r"\b(River|Lake)$")
# kinds of "X Region" that are no area of this type: provinces, army commands, Hong Kong and Macao
NOT_AREA_REGIONS = {"autonomous", "military", "administrative"}
NOT_A_NAME = {"The", "A", "An", "This", "That", "Each", "Every", "All", "Both", "Our", "Its", "Their", "In"}


@functools.lru_cache(maxsize=1)
def macro_regions() -> dict[str, tuple[str, str, str]]:
    """Surface form -> (key, English name, Chinese name)."""
    out: dict[str, tuple[str, str, str]] = {}
    for r in lexicon.rows("macro_regions.tsv"):
        r = r + [""] * (4 - len(r))
        for name in [r[1], *lexicon.split_cell(r[3])]:
            out[name.removeprefix("the ")] = (r[0], r[1], r[2])
    return out


def region_head_at(doc, i: int) -> tuple[int, str] | None:
    """A region head word starting at token i: (end token, canonical head)."""
    words = lowers(doc)
    for n in (2, 1):
        if i + n <= len(words) and (head := " ".join(words[i : i + n])) in REGION_HEADS:
            return i + n, REGION_HEADS[head]
    return None


def _name_before(doc, i: int, floor: int) -> int:
    """Start of the capitalised name that ends just before token i (at most three words, or a hyphenated
    run of names: 'Hebei-Shandong-Henan Border Region')."""
    start = i
    while start > floor and i - start < 3 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha:
        if doc[start - 1].text in NOT_A_NAME:
            break
        start -= 1
        while start - 2 >= floor and doc[start - 1].text == "-" and doc[start - 2].text[:1].isupper():
            start -= 2  # the names a border region joins are one name
    return start


def before_region_head(doc, end: int) -> bool:
    """True when a place name ending at token ``end`` is followed by a region head, directly or as the
    first of two ('Handan and Xingtai prefectures')."""
    if (
        end < len(doc)
        and region_head_at(doc, end)
        and doc[end].text[:1].isupper() | doc[end].lower_.endswith("s")
    ):
        return True
    return (
        end + 2 < len(doc)
        and doc[end].lower_ == "and"
        and doc[end + 1].text[:1].isupper()
        and region_head_at(doc, end + 2) is not None
        and doc[end + 2].lower_.endswith("s")
    )


@rule("mentions")
def named_regions(ctx: ArticleContext) -> Iterator[Mention]:
    """'Handan Prefecture', 'Handan and Xingtai prefectures', 'Yikezhao League': Regions by their head."""
    doc = ctx.doc
    for i, tok in enumerate(doc):
        found = region_head_at(doc, i)
        if found is None or i == 0:
            continue
        end, head = found
        plural = tok.lower_.endswith("s") and head == "Prefecture"
        if not (tok.text[:1].isupper() or plural):
            continue
        start = _name_before(doc, i, tok.sent.start)
        if start == i:
            continue
        name = doc[start:i].text
        if head == "Region" and (doc[i - 1].lower_ in NOT_AREA_REGIONS or name in macro_regions()):
            continue  # "Guangxi Zhuang Autonomous Region", "Jinan Military Region", "Northeast Region"
        yield Mention(
            ctx.article.id, "en", doc[start].idx, doc[end - 1].idx + len(doc[end - 1]),
            doc[start : end].text, "Region", "named_regions", "", f"{name} {head}",
        )  # fmt: skip
        if plural and start >= 2 and doc[start - 1].lower_ == "and" and doc[start - 2].text[:1].isupper():
            first = doc[_name_before(doc, start - 1, tok.sent.start) : start - 1]
            yield Mention(
                ctx.article.id, "en", first.start_char, first.end_char, first.text, "Region",
                "named_regions", "", f"{first.text} {head}",
            )  # fmt: skip


@rule("mentions")
def named_macro_regions(ctx: ArticleContext) -> Iterator[Mention]:
    """'the Northeast', 'East China', 'Southwest Region': the macro-regions, typed Region."""
    table = macro_regions()
    doc = ctx.doc
    body = doc.text  # Doc.text joins the tokens on every call: once
    texts, starts = [t.text for t in doc], [t.idx for t in doc]  # plain lists: a Doc slice is a Span
    for i, text in enumerate(texts):
        if not text[:1].isupper():
            continue
        for n in (2, 1):
            if i + n > len(texts):
                continue
            start, end = starts[i], starts[i + n - 1] + len(texts[i + n - 1])
            words = body[start:end]
            if words in table and (i + n >= len(texts) or not texts[i + n][:1].isupper()):
                key, name, _ = table[words]
                yield Mention(
                    ctx.article.id, "en", start, end, words, "Region", "named_macro_regions", "", name,
                )  # fmt: skip
                break


# parts of a province named by a compass word: 'northern Jiangsu' (苏北), 'central Hebei' (冀中)
COMPASS = {
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
    "southwestern",
}  # fmt: skip
# what English calls a prefecture (专区, 地区) after its seat's name: 'the Shantou area'
AREA_ZH = ("专区", "地区")


@rule("mentions")
def compass_regions(ctx: ArticleContext) -> Iterator[Mention]:
    """'central Hebei', 'northern Shaanxi': a compass word before a province names a Region."""
    doc = ctx.doc
    gaz = load_gazetteer()
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.lower_ not in COMPASS or not tok.is_title or ctx.in_headline(tok.idx):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].is_title:
            continue  # 'North China Plain', 'East Hebei Road': part of a longer name
        if not any(p.cls == "Province" for p in gaz.lookup_en(tok.text)):
            continue
        name = f"{prev.lower_} {tok.text}"
        yield Mention(
            ctx.article.id, "en", prev.idx, tok.idx + len(tok), doc[prev.i : tok.i + 1].text, "Region",
            "compass_regions", "", name,
        )  # fmt: skip


@rule("mentions")
def prefecture_areas(ctx: ArticleContext) -> Iterator[Mention]:
    """'the Shantou area': a city or county name before 'area' names its prefecture (a Region), when
    the Chinese original writes that place's 专区 or 地区. Without a Chinese original 'area' may mean any
    surroundings, and a provincial-level city's 地区 (上海地区) is its area, not a prefecture: the place
    stays a city."""
    doc = ctx.doc
    gaz = load_gazetteer()
    body_zh = ctx.article.body_zh
    for tok in doc[1:]:
        if tok.lower_ != "area" or ctx.in_headline(tok.idx):
            continue
        prev = doc[tok.i - 1]
        if not prev.is_title or tok.i >= 2 and doc[tok.i - 2].is_title:
            continue
        places = [p for p in gaz.lookup_en(prev.text) if p.cls in {"City", "County"} and p.rank >= 2]
        if not places or not any(p.short_zh + z in body_zh for p in places for z in AREA_ZH):
            continue
        yield Mention(
            ctx.article.id, "en", prev.idx, tok.idx + len(tok), doc[prev.i : tok.i + 1].text, "Region",
            "prefecture_areas", "", f"{prev.text} area",
        )  # fmt: skip


@rule("mentions")
def dateline_places(ctx: ArticleContext) -> Iterator[Mention]:
    """ "XI'AN, May 3": an all-caps place at the start of a line (a dateline), looked up in any case."""
    doc = ctx.doc
    gaz = load_gazetteer()
    for tok in doc:
        if not (tok.is_upper and tok.is_alpha or "'" in tok.text and tok.text.isupper()) or len(tok.text) < 3:
            continue
        if tok.i > 0 and "\n" not in doc[tok.i - 1].whitespace_ and doc[tok.i - 1].text.strip():
            continue  # only where a line starts
        end = tok.i + 1
        while end < len(doc) and doc[end].is_upper and doc[end].is_alpha and end - tok.i < 3:
            end += 1
        span = doc[tok.i : end]
        places = [p for p in gaz.lookup_en(span.text) if p.cls != "Country" or len(span) > 1]
        if places:
            yield Mention(
                ctx.article.id, "en", span.start_char, span.end_char, span.text, places[0].cls,
                "dateline_places", places[0].id,
            )  # fmt: skip


COUNTY_WORDS = {"县": "County", "自治县": "Autonomous County", "旗": "Banner"}  # English for the suffix


@functools.lru_cache(maxsize=1)
def county_readings() -> dict[str, dict[str, str]]:
    """Toneless pinyin of a county's, banner's or county-level city's short name -> short name -> the English
    word for its suffix when every division of that short name has the same one ('wutai' -> {五台:
    'County'}), else ''. Not urban districts: their names are often common words (江南区, 城关区), and
    English names a district with its head ('Hexi District')."""
    from pypinyin import lazy_pinyin

    words: dict[str, set[str]] = {}
    for name, found in divisions.by_name().items():
        short = divisions.COUNTY_SUFFIX.sub("", name)
        if len(short) >= 2 and not name.endswith("区") and any(d.level == "county" for d in found):
            words.setdefault(short, set()).add(COUNTY_WORDS.get(name[len(short):], ""))
    out: dict[str, dict[str, str]] = {}
    for short, kinds in sorted(words.items()):
        out.setdefault("".join(lazy_pinyin(short)), {})[short] = kinds.pop() if len(kinds) == 1 else ""
    return out


@rule("mentions")
def romanised_counties(ctx: ArticleContext) -> Iterator[Mention]:
    """'Wutai stipulated ...': a bare capitalised word that is the pinyin of a county-level division
    the gazetteer lacks, when the article's Chinese original writes that county's name."""
    body_zh = ctx.article.body_zh
    if not body_zh:
        return
    doc = ctx.doc
    gaz = load_gazetteer()
    table = county_readings()
    for tok in doc:
        if not (tok.is_title and tok.is_alpha and len(tok.text) > 3) or ctx.in_headline(tok.idx):
            continue
        names = table.get(tok.lower_)
        if not names or not any(n in body_zh for n in names) or gaz.lookup_en(tok.text):
            continue
        near = [doc[k] for k in (tok.i - 1, tok.i + 1) if 0 <= k < len(doc)]
        if any(t.is_title and t.is_alpha and not (t.i == tok.sent.start and t.i < tok.i) for t in near):
            continue  # part of a longer name: 'Wutai Road', 'Comrade Wutai'
        word = next((names[n] for n in sorted(names) if n in body_zh), "")
        full = f"{tok.text} {word}" if word else ""
        yield Mention(
            ctx.article.id, "en", tok.idx, tok.idx + len(tok), tok.text, "County", "romanised_counties",
            canonical=full,
        )  # labelled by its full name ('Wutai County'); the bare word is an alias
