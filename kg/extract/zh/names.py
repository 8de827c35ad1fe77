"""Chinese names: the zh lexicons, romanisation, and the English names that give zh entities their keys.

An entity found in Chinese gets the IRI key the English side would mint for it, whenever that can be
derived: persons by pinyin (李明 -> "li-ming", like the slug of "Li Ming"); bodies and enterprises by
rendering their words in English (太原市委 -> "Taiyuan Municipal Party Committee", 红星化工厂 ->
"Hongxing Chemical Factory": places from the gazetteer, heads from ``zh_heads.tsv``, common words from
``zh_glossary.tsv``, well-known bodies from ``zh_names.tsv``, other parts romanised as translators do).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin, pinyin

from kg import divisions, lexicon
from kg.gazetteer import load_gazetteer
from kg.lexicon import rows, slug
from kg.trie_regex import longest_first
from kg.zhdoc import tokenize

COMPOUND_SURNAMES = {
    "欧阳": "Ouyang",
    "司马": "Sima",
    "上官": "Shangguan",
    "诸葛": "Zhuge",
    "东方": "Dongfang",
    "皇甫": "Huangfu",
    "尉迟": "Yuchi",
    "公孙": "Gongsun",
    "慕容": "Murong",
    "司徒": "Situ",
    "夏侯": "Xiahou",
    "令狐": "Linghu",
    "端木": "Duanmu",
    "独孤": "Dugu",
    "呼延": "Huyan",
}
LEVEL_CLASSES = {
    "city": ("City",),
    "province": ("Province",),
    "county": ("County",),
    "prefecture": ("Region", "City"),
}


@dataclass(frozen=True)
class ZhHead:
    head: str
    head_en: str
    type: str
    level: str  # city | province | county | prefecture | ""
    local: bool


@dataclass(frozen=True)
class ZhName:
    zh: str
    en: str
    type: str


@functools.lru_cache(maxsize=1)
def heads() -> tuple[ZhHead, ...]:
    """Organisation heads, longest first: ``zh_heads.tsv`` plus org_heads.tsv's other zh heads."""
    out = {}
    for r in rows("zh_heads.tsv"):
        r = r + [""] * (5 - len(r))
        out[r[0]] = ZhHead(r[0], r[1], r[2], r[3], r[4] == "local")
    for h in lexicon.org_heads():
        if h.lang == "zh" and h.head not in out:
            out[h.head] = ZhHead(h.head, "", h.type, "", h.local)
    return tuple(sorted(out.values(), key=lambda h: (-len(h.head), h.head)))


@functools.cache
def heads_ending(char: str) -> tuple[ZhHead, ...]:
    """The heads that end in ``char``, longest first."""
    return tuple(h for h in heads() if h.head.endswith(char))


@functools.lru_cache(maxsize=1)
def head_end_chars() -> frozenset[str]:
    """The last characters of the heads: a word ending in another character ends in no head."""
    return frozenset(h.head[-1] for h in heads() if h.head)


@functools.lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """zh -> English: common name words (zh_glossary.tsv), standard policy terms (zh_mechanism_terms.tsv)."""
    terms = {r[0]: r[1] for r in rows("zh_mechanism_terms.tsv")}
    return {**terms, **{r[0]: r[1] for r in rows("zh_glossary.tsv")}}


@functools.lru_cache(maxsize=1)
def head_end_regex() -> re.Pattern[str]:
    """One character that ends some head, as a class."""
    return re.compile("[" + re.escape("".join(sorted(head_end_chars()))) + "]")


@functools.lru_cache(maxsize=1)
def glossary_words() -> frozenset[str]:
    """The English words of the glossary, as a set (``in glossary().values()`` reads them all)."""
    return frozenset(glossary().values())


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The lower-case English words of the glossary and the heads ('mine', 'run'), which spell like pinyin
    syllables but are translations; not a reading of the Chinese they render ('huai' of 淮河)."""
    pairs = [*glossary().items(), *((h.head, h.head_en) for h in heads())]
    out = set()
    for zh, en in pairs:
        readings = {r for ch in zh for r in _readings(ch)}
        out |= {w.lower() for w in re.findall(r"[A-Za-z]+", en)} - readings
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def translated_heads() -> dict[str, ZhHead]:
    """Heads with an English name, by their Chinese (the first in ``heads()`` order wins)."""
    out: dict[str, ZhHead] = {}
    for h in heads():
        if h.head_en:
            out.setdefault(h.head, h)
    return out


@functools.lru_cache(maxsize=1)
def policy_terms() -> dict[str, str]:
    """Standard policy terms of the period (zh_mechanism_terms.tsv): term -> broader scheme concept."""
    return {r[0]: (r[2] if len(r) > 2 else "") for r in rows("zh_mechanism_terms.tsv")}


@functools.lru_cache(maxsize=1)
def known_names() -> dict[str, ZhName]:
    """Well-known bodies and media by Chinese name (新华社 -> Xinhua News Agency)."""
    return {r[0]: ZhName(r[0], r[1], r[2]) for r in rows("zh_names.tsv")}


@functools.lru_cache(maxsize=1)
def canonical_zh() -> dict[str, str]:
    """English name -> the first Chinese form listed for it (People's Daily -> 人民日报)."""
    out: dict[str, str] = {}
    for name in known_names().values():
        out.setdefault(name.en, name.zh)
    return out


@functools.lru_cache(maxsize=1)
def titles() -> tuple[lexicon.Title, ...]:
    """Titles of office (titles.tsv, then zh_titles.tsv) with a Chinese form of two characters or more,
    longest first."""
    out: dict[str, lexicon.Title] = {}
    for title in (*lexicon.titles(), *lexicon.titles("zh_titles.tsv")):
        if len(title.title_zh) >= 2:
            out.setdefault(title.title_zh, title)
    return tuple(sorted(out.values(), key=lambda t: (-len(t.title_zh), t.title_zh)))


@functools.lru_cache(maxsize=1)
def _titles_by_first() -> dict[str, tuple[tuple[int, lexicon.Title], ...]]:
    """``titles()`` (numbered) grouped by first character, each group in ``titles()`` order."""
    out: dict[str, list[tuple[int, lexicon.Title]]] = {}
    for i, t in enumerate(titles()):
        out.setdefault(t.title_zh[0], []).append((i, t))
    return {k: tuple(v) for k, v in out.items()}


def title_at(text: str, pos: int) -> bool:
    """Whether a title of ``titles()`` starts at ``pos`` (only those starting with its character tried)."""
    return any(text.startswith(t.title_zh, pos) for _, t in _titles_by_first().get(text[pos : pos + 1], ()))


def titles_in(chars: frozenset[str]) -> list[lexicon.Title]:
    """The titles whose first character is in ``chars`` (a text's characters), in ``titles()`` order: the
    others are not in that text."""
    groups = _titles_by_first()
    return [t for _, t in sorted(x for ch in chars.intersection(groups) for x in groups[ch])]


def known_names_in(chars: frozenset[str]) -> list[tuple[str, ZhName]]:
    """The well-known names whose first character is in ``chars``, in ``known_names()`` order."""
    groups = _known_by_first()
    return [(n, k) for _, n, k in sorted(x for ch in chars.intersection(groups) for x in groups[ch])]


@functools.lru_cache(maxsize=1)
def _known_by_first() -> dict[str, tuple[tuple[int, str, ZhName], ...]]:
    out: dict[str, list[tuple[int, str, ZhName]]] = {}
    for i, (name, known) in enumerate(known_names().items()):
        out.setdefault(name[:1], []).append((i, name, known))
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def surname_readings() -> dict[str, str]:
    """Surname characters -> their romanisation as a surname (单 -> Shan, 曾 -> Zeng)."""
    out = dict(COMPOUND_SURNAMES)
    for r in rows("surnames.tsv"):  # the first reading listed for a character is its surname reading
        out.setdefault(r[1], r[0])
    return out


def split_person(name: str) -> tuple[str, str]:
    """'欧阳修' -> ('欧阳', '修'); '李明' -> ('李', '明')."""
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2], name[2:]
    return name[:1], name[1:]


def is_surname(text: str) -> bool:
    return text in surname_readings()


@functools.lru_cache(maxsize=20_000)
def person_romanised(name: str) -> str:
    """'李明' -> 'Li Ming', '王国华' -> 'Wang Guohua' (surname reading for the surname)."""
    surname, given = split_person(name)
    sur = surname_readings().get(surname) or "".join(lazy_pinyin(surname)).capitalize()
    giv = "".join(lazy_pinyin(given, style=Style.NORMAL, errors="ignore"))
    return f"{sur} {giv.capitalize()}".strip()


def person_key(name: str) -> str:
    """The IRI key of a person named in Chinese: the slug of the romanised name ('sun-ying')."""
    return slug(person_romanised(name))


def syllables(text: str) -> list[set[str]]:
    """The toneless readings of each character ('陈立舫' -> [{'chen'}, {'li'}, {'fang'}])."""
    return [set(p) for p in pinyin(text, style=Style.NORMAL, heteronym=True, errors="ignore")]


@functools.lru_cache(maxsize=20_000)
def _readings(ch: str) -> list[str]:
    """The toneless readings of one character (itself when not Chinese); cached: pypinyin is slow."""
    if "\u4e00" <= ch <= "\u9fff":
        return pinyin(ch, style=Style.NORMAL, heteronym=True, errors=lambda x: [x])[0]
    return [ch]


def syllables_of_text(text: str) -> list[list[str]]:
    """Per character of ``text``, its toneless readings (a non-Chinese character reads as itself)."""
    return [list(_readings(ch)) for ch in text]


@functools.lru_cache(maxsize=4096)
def split_syllables(word: str, most: int = 3) -> tuple[tuple[str, ...], ...]:
    """Every way to split a romanised given name into pinyin syllables ('wenqiao' -> (('wen', 'qiao'),))."""
    known = lexicon.pinyin_syllables()
    out: list[tuple[str, ...]] = []

    def walk(i: int, acc: tuple[str, ...]) -> None:
        if i == len(word):
            out.append(acc)
            return
        if len(acc) == most:
            return
        for j in range(min(len(word), i + 6), i, -1):
            if word[i:j] in known:
                walk(j, (*acc, word[i:j]))

    walk(0, ())
    return tuple(sorted(set(out), key=lambda s: (len(s), s)))


def cartesian(lists: list[list[str]], limit: int = 64) -> list[tuple[str, ...]]:
    """Every choice of one option from each list, in order, the first ``limit`` at the most."""
    out: list[tuple[str, ...]] = [()]
    for options in lists:
        out = [(*prefix, o) for prefix in out for o in options][:limit]
    return out


@functools.lru_cache(maxsize=20_000)
def romanise(text: str) -> str:
    """'红星' -> 'Hongxing': a proper-name part the way translations write it."""
    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore")).capitalize()


def place_en(zh: str) -> str:
    """English name of a Chinese place name ('' if the gazetteer lacks it)."""
    places = load_gazetteer().lookup_zh(zh)
    return places[0].name_en if places else ""


@functools.lru_cache(maxsize=20_000)
def head_of(name: str) -> ZhHead | None:
    """The longest organisation head ``name`` ends with."""
    return next((h for h in heads_ending(name[-1]) if name.endswith(h.head)), None) if name else None


@functools.lru_cache(maxsize=20_000)
def known_pair(name: str) -> tuple[str, str] | None:
    """中共中央国务院 -> (中共中央, 国务院): two well-known bodies of different kinds (party and state)
    written back to back, else None; 中央人民政府农业部 is the government's own ministry."""
    known = known_names()
    cuts = (
        k
        for k in range(2, len(name) - 1)
        if name[:k] in known and name[k:] in known and known[name[:k]].type != known[name[k:]].type
    )
    return next(((name[:k], name[k:]) for k in cuts), None)


def known_prefix(name: str) -> str:
    """The longest well-known body (three characters or more) that ``name`` starts with and goes on
    after (中国人民银行|北京分行), else ''."""
    return max(
        (k for k in known_names() if name.startswith(k) and 3 <= len(k) < len(name)), key=len, default=""
    )


@functools.lru_cache(maxsize=20_000)
def english_name(name: str) -> tuple[str, bool]:
    """An English rendering of a Chinese organisation name, and whether every part was known.

    '大同客车厂' -> ('Datong Bus Factory', True); '红星化工厂' -> ('Hongxing Chemical Factory', False);
    '冶金部' -> ('Ministry of Metallurgical Industry', True). Of the heads the name ends with, the one
    leaving the best-known stem wins (化工厂 is 化工 + 厂, not 化 + 工厂).
    """
    known = known_names().get(name)
    if known:
        return known.en, True
    prefix = known_prefix(name)
    if prefix and head_of(name[len(prefix) :]):  # 中国人民银行|北京分行: the known body, then the rest
        rest_en, rest_complete = english_name(name[len(prefix) :])
        return f"{known_names()[prefix].en} {rest_en}", rest_complete
    rest = name[2:] if name.startswith("中共") and len(name) > 2 else name
    best: tuple[tuple, str, bool] | None = None
    candidates = [h for h in heads_ending(rest[-1:]) if rest.endswith(h.head) and h.head_en] or [None]
    for head in candidates:
        stem = rest[: len(rest) - len(head.head)] if head else rest
        words, complete = render(stem)
        body_en = head.head_en if head else ""
        if body_en.endswith(" of"):
            english = f"{body_en} {' '.join(words)}"
        else:
            english = " ".join([*words, body_en])
        guessed = sum(1 for w in words if w and w[0].isupper() and w not in glossary_words())
        rank = (complete, -guessed, len(head.head) if head else 0)
        if best is None or rank > best[0]:
            best = (rank, re.sub(r"\s+", " ", english).strip(), complete)
    return best[1], best[2]


def _is_place_word(text: str) -> bool:
    return bool(load_gazetteer().lookup_zh(text))


def render(text: str, *, names: bool = True) -> tuple[list[str], bool]:
    """English words for a name stem: places, glossary words, numbers, else CC-CEDICT or pinyin
    (complete=False); with ``names`` the first of several words may be a proper name (kept in pinyin)."""
    words, complete = _rendered(text, names)
    return list(words), complete


@functools.lru_cache(maxsize=20_000)
def _rendered(text: str, names: bool) -> tuple[tuple[str, ...], bool]:
    """:func:`render`, remembered (stems recur across articles)."""
    words: list[str] = []
    complete = True
    gloss = glossary()
    i = 0
    tokens = [w.text for w in tokenize(text)] if text else []
    while i < len(tokens):
        tok = tokens[i]
        joined = tok[-1] + tokens[i + 1] if i + 1 < len(tokens) else ""
        if len(tok) >= 3 and tok[-1] in "县市区" and joined in gloss:  # 宣化县|营: 宣化 + 县营 'County-Run'
            words += [place_en(tok[:-1]) or romanise(tok[:-1]), gloss[joined]]
            i += 2
            continue
        # the longest run of tokens that is a place or a glossary entry
        for j in range(len(tokens), i, -1):
            piece = "".join(tokens[i:j])
            if piece in gloss:
                words.append(gloss[piece])
                i = j
                break
            if _is_place_word(piece):
                words.append(place_en(piece))
                i = j
                break
        else:
            parts = _render_chars(tok, proper=names and i == 0 and len(tokens) > 1)
            complete = complete and parts[1]
            words.extend(parts[0])
            i += 1
    return tuple(words), complete


def _render_chars(tok: str, *, proper: bool = False) -> tuple[list[str], bool]:
    """A token neither a place nor a glossary word: glossary prefixes/suffixes, else one pinyin word."""
    gloss = glossary()
    for k in range(len(tok) - 1, 0, -1):
        if tok[:k] in gloss and tok[k:] in gloss:
            return [gloss[tok[:k]], gloss[tok[k:]]], True
        if _is_place_word(tok[:k]) and tok[k:] in gloss:
            return [place_en(tok[:k]), gloss[tok[k:]]], True
    if tok.isascii():
        return [tok], True
    if len(tok) == 2 and tok[1] == "钢":  # 包钢: the steel works of the only city starting with 包
        cities = [p for p in load_gazetteer() if p.cls == "City" and p.short_zh.startswith(tok[0])]
        if len(cities) == 1:
            return [cities[0].name_en, "Steel"], True
    if 2 <= len(tok) <= 3 and tok[-1] in "县区" or divisions.lookup(tok):  # 郧县 -> Yun County
        designation = {"县": "County", "区": "District", "旗": "Banner", "市": "City"}.get(tok[-1])
        if designation:
            return [romanise(tok[:-1]), designation], True
    return translate(tok, proper=proper), False


PROPER_TAGS = {"nr", "nrfg", "nrt", "ns", "nz", "nt", "eng"}


def translate(tok: str, *, proper: bool = False) -> list[str]:
    """A word no lexicon has: its CC-CEDICT gloss, word by word ('卷烟' -> 'Cigarette', '纺织机械' ->
    'Spinning and Weaving Machine'), unless it reads as a proper name (the first word of a longer
    name, a word jieba tags as a name, or one the dictionary lacks), which is romanised ('红星')."""
    from kg import cedict
    from kg.zhdoc import dictionary_tag

    head = translated_heads().get(tok)
    if head is not None:  # 局 inside 北京无线通讯局微波站: the body word, not the dictionary's first sense
        return [head.head_en]
    if proper and len(tok) >= 2 or dictionary_tag(tok) in PROPER_TAGS:
        return [romanise(tok)]
    parts = [tok] if cedict.gloss(tok) else cedict.segment(tok)
    if not parts or len(parts) > 1 and any(len(p) == 1 for p in parts) and len(tok) <= 2:
        return [romanise(tok)]
    glosses = [glossary().get(p) or cedict.gloss(p) for p in parts]
    if not all(glosses):
        return [romanise(tok)]
    return [" ".join(w[:1].upper() + w[1:] for w in g.split()) for g in glosses]


OWNERSHIP = re.compile(r"^(县属地方国营|地方国营|公私合营|国营|公营|私营|县营|县属|市营|省营|集体)")


@functools.lru_cache(maxsize=20_000)
def trim_name(name: str) -> str:
    """The name an organisation goes by, without its ownership or a chain of places before it:
    国营张家口金矿 -> 张家口金矿; 湖北省郧县杨溪邮电支局 -> 杨溪邮电支局; 天津市河西区环卫局 -> 河西区环卫局
    (the nearest place stays when the rest is generic: 大同客车厂)."""
    from kg.zhdoc import word_frequency

    m = OWNERSHIP.match(name)
    if m and len(name) - m.end() >= 3:
        name = name[m.end() :]
    ends, pos = [], 0
    while pos < len(name):
        step = leading_place(name[pos:])
        if not step:
            break
        pos += step
        ends.append(pos)
    if not ends or len(name) - ends[-1] < 2:
        return name
    rest = name[ends[-1] :]
    if rest.startswith(("地区", "专区", "郊区")):  # 金华|地区供销部门: the place is 金华地区
        return name[ends[-2] :] if len(ends) >= 2 else name
    first = tokenize(rest)[0]
    proper = not word_frequency(first.text) and first.text not in glossary()  # a word jieba does not know
    if len(rest) >= 3 and proper and head_of(rest):
        return rest
    return name[ends[-2] :] if len(ends) >= 2 else name


@functools.lru_cache(maxsize=1)
def _place_regex() -> re.Pattern:
    return longest_first(load_gazetteer().names_zh())  # a trie: searched once per character, not per name


def place_spans(text: str) -> list[tuple[int, int, str]]:
    """Every gazetteer name in ``text`` as (start, end, name), leftmost-longest."""
    if len(text) > SHORT:  # a whole article: asked about once or twice, not worth keeping
        return [(m.start(), m.end(), m.group()) for m in _place_regex().finditer(text)]
    return list(_place_spans(text))


SHORT = 40  # names and windows of a name, which recur in every article


@functools.lru_cache(maxsize=20_000)
def _place_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """:func:`place_spans`, remembered: rules ask again about the same text and the same short names."""
    return tuple((m.start(), m.end(), m.group()) for m in _place_regex().finditer(text))


def leading_place(text: str) -> int:
    """Length of the place name ``text`` starts with (gazetteer, or a county word like 郧县), else 0."""
    spans = [e for s, e, _ in place_spans(text) if s == 0]
    if spans:
        county = text[spans[0] : spans[0] + 1] == "县" and text[spans[0] - 1] not in "省市县区"
        return spans[0] + county  # 邢台|县南浍大队: the county beside the city is the place
    first = tokenize(text[:6])[0].text if text else ""
    if first in AREA_WORDS:
        return 0  # 地区, 郊区: a word for an area, not a county's name
    return len(first) if 2 <= len(first) <= 4 and first[-1] in "县区" and len(text) > len(first) else 0


AREA_WORDS = {
    "地区", "专区", "郊区", "山区", "市区", "辖区", "社区", "灾区", "矿区", "林区", "牧区", "垦区", "边区",
}


def qualified_prefix(place) -> str:
    """The Chinese prefix that qualifies a short body name: 吉林省, 太原市, 宣化县."""
    suffix = {"Province": "省", "City": "市", "County": "县"}.get(place.cls, "")
    if place.name_zh and place.name_zh.endswith(("省", "市", "县", "区", "州", "盟")):
        return place.name_zh
    return f"{place.short_zh}{suffix}" if place.short_zh else place.name_zh


def is_romanised(label: str) -> bool:
    """Whether an English label is a transliteration rather than a translation: no English word, or
    more than one romanised word besides place names ('Hongxing Juanyan Factory' yes, 'Hongxing
    Cigarette Factory' and 'Taiyuan Iron and Steel Company' no)."""
    words = [w for w in re.findall(r"[A-Za-z]+", label) if not load_gazetteer().lookup_en(w)]
    english = english_words()
    romanised = [
        w for w in words if w[0].isupper() and w.lower() not in english and split_syllables(w.lower(), 4)
    ]
    return not words or len(romanised) == len(words) or len(romanised) > 1
