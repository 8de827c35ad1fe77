"""English mention rules: places, organisations, persons, mechanisms and products in one body.

Each rule reads the spaCy ``Doc`` (with ``doc.spans["kg"]`` from the lexicon ruler) and yields
``Mention``s; ``resolve.settle_overlaps`` keeps the longest of overlapping mentions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext, lowers
from kg.extract.en.mechanisms import modifier_start
from kg.extract.en.places import before_region_head
from kg.extract.registry import rule
from kg.gazetteer import load_gazetteer
from kg.nlp import SPANS_KEY
from kg.records import Mention

LEFT_STOP = {
    "The",
    "A",
    "An",
    "In",
    "At",
    "On",
    "During",
    "From",
    "To",
    "By",
    "With",
    "As",
    "After",
    "Before",
    "Since",
    "And",
    "Several",
    "Many",
    "All",
    "Both",
    "This",
    "That",
    "These",
    "Its",
    "Our",
    "Their",
    "His",
    "Her",
    "Under",
    "For",
    "Of",
    "Some",
    "Each",
    "Every",
    "When",
    "While",
    "Leaders",
    "Workers",
    "Members",
    "Member",
    "Comrade",
    "Comrades",
    "Director",
    "Secretary",
}
ESTABLISH_LEMMAS = {"establish", "set", "form", "found", "create", "organize", "organise", "build"}
PLACE_SUFFIX = {
    "province": "Province",
    "city": "City",
    "municipality": "City",
    "county": "County",
    "prefecture": "Region",
    "district": "County",
}


def _mention(
    ctx: ArticleContext, start: int, end: int, type_: str, rule_name: str, key: str = "", canonical: str = ""
) -> Mention:
    return Mention(
        ctx.article.id, ctx.lang, start, end, ctx.text[start:end], type_, rule_name, key, canonical
    )


def _span_mention(ctx: ArticleContext, span, type_: str, rule_name: str, **kw: str) -> Mention:
    return _mention(ctx, span.start_char, span.end_char, type_, rule_name, **kw)


@rule("mentions")
def gazetteer_places(ctx: ArticleContext) -> Iterator[Mention]:
    """Place names from the gazetteer; 'X Province' / 'X City' pick the level when a name is ambiguous."""
    gaz = load_gazetteer()
    doc = ctx.doc
    for span in doc.spans[SPANS_KEY]:
        if span.label_ != "PLACE" or not (span[0].is_title or span[0].is_upper):
            continue
        candidates = gaz.lookup_en(span.text)
        if not candidates:
            continue
        end = span.end
        wanted = PLACE_SUFFIX.get(doc[end].lower_) if end < len(doc) and doc[end].is_title else None
        if wanted:
            picked = [p for p in candidates if p.cls == wanted]
            if picked:
                candidates, end = picked, end + 1
        if len(candidates) > 1:  # "Suzhou, Jiangsu Province": the one in the province named next to it
            after = doc[end : end + 4].text
            near = [p for p in candidates if p.parent and gaz.by_id[p.parent].name_en in after]
            candidates = near or candidates
        place = candidates[0]
        if place.cls in {"City", "County"} and before_region_head(doc, end):
            continue  # "Handan Prefecture", "Handan and Xingtai prefectures": the region, not the city
        if ctx.in_headline(span.start_char) and _names_an_enterprise(doc, end) or _in_route_name(
            doc, span.start, end
        ):
            continue  # "Hengshan Coal Mine Sets ...": a headline's enterprise name, not the city
        yield _span_mention(ctx, doc[span.start : end], place.cls, "gazetteer_places", key=place.id)


def _names_an_enterprise(doc, end: int) -> bool:
    """Whether the capitalised words from token ``end`` on end in an enterprise or organisation head
    within five words ('Hengshan | Coal Mine', 'Dalian | Third Cotton Textile Factory'): the place
    before them is part of that unit's name."""
    for k in range(end, min(len(doc), end + 5)):
        tok = doc[k]
        if not tok.text[:1].isupper() or tok.pos_ in {"VERB", "AUX", "ADP", "CCONJ"}:
            return False
        found = head_at(doc, k)
        if found is not None and found[0] >= end and found[1] in {"Enterprise", "Organization"}:
            return True
    return False


ROUTE_HEADS = {"Railway", "Highway", "Road", "Canal", "Line", "Pipeline"}


def _in_route_name(doc, start: int, end: int) -> bool:
    """'the Chengdu-Chongqing Railway', 'the Tianshui-Lanzhou Railway': a place joined by a hyphen into the
    name of a railway, road or canal names its ends, not a place the article is about."""
    hyphened = start > 0 and doc[start - 1].text == "-" or end < len(doc) and doc[end].text == "-"
    if not hyphened:
        return False
    for k in range(end, min(len(doc), end + 4)):
        if doc[k].text in ROUTE_HEADS:
            return True
        if doc[k].text != "-" and not doc[k].text[:1].isupper():
            return False
    return False


@rule("mentions")
def named_counties(ctx: ArticleContext) -> Iterator[Mention]:
    """'Yun County', 'Hexi District': county-level places the gazetteer does not list."""
    doc = ctx.doc
    for i, tok in enumerate(doc):
        if tok.text not in {"County", "District"} or i == 0:
            continue
        start = i
        while (
            start > tok.sent.start
            and doc[start - 1].is_title
            and doc[start - 1].text not in LEFT_STOP
            and start > i - 3
            and not (start < i and _a_province(doc[start - 1].text))
        ):
            start -= 1  # "Liaoning Kaiyuan County": the province is not part of the county's name
        if start < i:
            yield _span_mention(ctx, doc[start : i + 1], "County", "named_counties")


def _a_province(word: str) -> bool:
    return any(p.cls == "Province" for p in load_gazetteer().lookup_en(word))


@functools.lru_cache(maxsize=1)
def org_head_table() -> dict[tuple[str, ...], tuple[str, bool]]:
    """English organisation heads as lower-cased token tuples: (type, local)."""
    return {
        tuple(h.head.lower().replace("'s", " 's").replace("-", " - ").split()): (h.type, h.local)
        for h in lexicon.org_heads()
        if h.lang == "en"
    }


@functools.lru_cache(maxsize=1)
def _head_last_words() -> frozenset[str]:
    return frozenset(words[-1] for words in org_head_table())


def head_at(doc, i: int) -> tuple[int, str, bool] | None:
    """Longest organisation head ending at token i: (start token, type, local)."""
    words = lowers(doc)
    if words[i] not in _head_last_words():
        return None
    heads = org_head_table()
    for n in (5, 4, 3, 2, 1):
        if i - n + 1 < 0:
            continue
        key = tuple(words[i - n + 1 : i + 1])
        if key in heads:
            return (i - n + 1, *heads[key])
    return None


def starts_chinese_name(doc, i: int) -> bool:
    """A surname followed by a capitalised pinyin word ('Han Ying')."""
    return (
        doc[i].text in lexicon.surnames()
        and i + 1 < len(doc)
        and doc[i + 1].is_title
        and doc[i + 1].is_alpha
        and lexicon.is_pinyin_word(doc[i + 1].text, most=2)
    )


def _capitalised(tok) -> bool:
    """'Anshan', 'CPC', "Xi'an", 'DaQing', '3', 'No.'."""
    return tok.text[:1].isupper() or tok.like_num or tok.text == "No."


def _title_starts(doc) -> set[int]:
    return {s.start for s in doc.spans[SPANS_KEY] if s.label_ == "TITLE"}


def _a_person(doc, i: int, in_title: frozenset[int]) -> bool:
    """Whether token ``i`` ends a person's name: 'Director Wang Hongming', 'Manager Liu' (a surname or a
    Chinese name after a title), or a name spaCy reads as a person. 'X of the Bureau' is then the person's
    body, not part of its name."""
    if doc[i].ent_type_ == "PERSON" or i >= 1 and starts_chinese_name(doc, i - 1):
        return True
    surname = doc[i].text in lexicon.surnames()
    return surname and i >= 1 and (i - 1 in in_title or doc[i - 1].ent_type_ == "PERSON")


def _extend_left(doc, start: int, floor: int, in_title: frozenset[int] = frozenset()) -> int:
    while start > floor:
        prev = doc[start - 1]
        if start - 1 in in_title or (prev.lower_ == "the" and start - 3 in in_title):
            break  # "Vice Chairman of the Standing Committee": the title is not part of the name
        if prev.text == "-" and start - 2 >= floor and _capitalised(doc[start - 2]):
            start -= 2  # "All-China", "Production-Sales"
        elif (
            prev.text in {"'s", "’s"}
            and start - 2 >= floor
            and _capitalised(doc[start - 2])
            and not load_gazetteer().lookup_en(doc[start - 2].text)
            and head_at(doc, start - 2) is None
        ):  # "People's Government"; not "Shanghai's X Shipyard", "X Commune's Y Brigade"
            start -= 1
        elif _capitalised(prev) and prev.text not in LEFT_STOP:
            start -= 1
        elif (
            prev.lower_ == "the"
            and start - 3 >= floor
            and doc[start - 2].lower_ == "of"
            and _capitalised(doc[start - 3])
            and head_at(doc, start - 3) is None
            and doc[start - 3].text not in LEFT_STOP
            and not _a_person(doc, start - 3, in_title)
        ):
            start -= 3  # "Shanxi Provincial Committee of the Chinese Communist Party"
        elif (
            prev.lower_ in {"and", "of"}
            and start - 2 >= floor
            and _capitalised(doc[start - 2])
            and doc[start - 2].text not in LEFT_STOP
            and head_at(doc, start - 2) is None
            and doc[start - 2].ent_type_ != "PERSON"
        ):
            start -= 1
        else:
            break
    return start


# heads named only by what they belong to: "Standing Committee of the National People's Congress"
WHOLE_HEADS = {
    "standing committee",
    "central committee",
    "committee",
    "commission",
    "political bureau",
    "secretariat",
    "department",
    "office",
    "bureau",
}


def _extend_right(doc, end: int, titles: set[int]) -> int:
    """'Ministry of Railways', 'Commission for Economic Restructuring', 'Mill No. 3'."""
    if end + 1 < len(doc) and doc[end].text in {"No.", "No"} and doc[end + 1].like_num:
        return end + 2
    if end + 1 >= len(doc) or doc[end].lower_ not in {"of", "for"}:
        return end
    sent_end = doc[end - 1].sent.end
    j = end + 1 + (doc[end + 1].lower_ == "the")
    k = j
    while k < min(sent_end, j + 8):
        tok = doc[k]
        if k > j and starts_chinese_name(doc, k):
            break  # "Minister of Coal Industry Han Ying": the name is not part of the ministry
        if _capitalised(tok) and k not in titles:
            k += 1
        elif (
            tok.lower_ in {"and", "&"}
            and k + 1 < sent_end
            and _capitalised(doc[k + 1])
            and k + 1 not in titles
            and doc[k + 1].ent_type_ != "PERSON"
        ):
            k += 1
        elif tok.text in {"-", "'s", "’s"} and k > j:
            k += 1
        elif (
            tok.text == ","
            and k + 2 < sent_end
            and k > j
            and (
                _capitalised(doc[k + 1])
                and doc[k + 2].lower_ in {",", "and"}
                or doc[k + 1].lower_ == "and"
                and _capitalised(doc[k + 2])
                and doc[k - 2].text == ","
            )
        ):
            k += 1  # "Ministry of Radio, Film, and Television"
        else:
            break
    while k > j and not _capitalised(doc[k - 1]):
        k -= 1
    own = head_at(doc, end - 1)
    whole = own is not None and own[1] == "Enterprise"  # "Tianjin Paper Mill of North China Paper Company"
    if k > j and (doc[end + 1].lower_ == "the" or whole) and head_at(doc, k - 1) is not None:
        if own is not None and " ".join(t.lower_ for t in doc[own[0] : end]) not in WHOLE_HEADS:
            return end  # "Survey Team of the Xinjiang Geological Bureau": two bodies, one part of the other
    return k if k > j else end


# a line that is an address: "X Brigade, Y People's Commune, Z County, W Province" (a signature line)
ADDRESS_LINE = re.compile(r"^[\w'’ -]+(?:,\s*[\w'’ -]+){2,}\s+(?:Province|County|Region|City)\s*$")


def _address_line(ctx: ArticleContext, pos: int) -> bool:
    """True when the title-cased line around ``pos`` is an address, whose units are names, not a headline."""
    start = ctx.text.rfind("\n", 0, pos) + 1
    end = ctx.text.find("\n", pos)
    return bool(ADDRESS_LINE.match(ctx.text[start : end if end >= 0 else len(ctx.text)].strip()))


# lower-case heads that a place name makes into one producing unit: "the Datong coal mining area"
PLACE_UNIT_HEADS = (
    ("mining", "area"), ("mining", "bureau"), ("mine",), ("colliery",), ("oilfield",), ("oil", "field"),
)  # fmt: skip
PLACE_UNIT_KINDS = {"coal", "iron", "copper", "tin", "gold", "salt", "oil", "ore"}


@rule("mentions")
def place_named_units(ctx: ArticleContext) -> Iterator[Mention]:
    """'the Zaozhuang coal mining area', 'the Fushun mine': a place name before a lower-case head of a
    producing unit names that unit (an enterprise), and the place is then only part of its name."""
    doc = ctx.doc
    words = lowers(doc)
    for span in doc.spans[SPANS_KEY]:
        if span.label_ != "PLACE" or not span[0].is_title or ctx.in_headline(span.start_char):
            continue
        kind = span.end < len(doc) and words[span.end] in PLACE_UNIT_KINDS
        found = [
            i + len(head)
            for i in (span.end, span.end + 1)[: 1 + kind]
            for head in PLACE_UNIT_HEADS
            if tuple(words[i : i + len(head)]) == head and not doc[i].is_title
        ]
        hyphened = found and found[0] < len(doc) and words[found[0]] == "-"
        if found and doc[found[0] - 1].dep_ != "compound" and not hyphened:  # not "mine workers"
            yield _span_mention(ctx, doc[span.start : found[0]], "Enterprise", "place_named_units")


@rule("mentions")
def named_organisations(ctx: ArticleContext) -> Iterator[Mention]:
    """Capitalised names ending in an organisation head ('Wuhan Boiler Factory', 'Ministry of X')."""
    doc = ctx.doc
    titles = _title_starts(doc)
    in_title = {i for s in doc.spans[SPANS_KEY] if s.label_ == "TITLE" for i in range(s.start, s.end)}
    for i, tok in enumerate(doc):
        hyphenated = i >= 2 and doc[i - 1].text == "-" and _capitalised(doc[i - 2])  # "Co-operative"
        if not (tok.is_title or tok.is_upper or tok.text == "Co." or hyphenated) or i in in_title:
            continue
        found = head_at(doc, i)
        if not found:
            continue
        if ctx.in_headline(tok.idx) and not _address_line(ctx, tok.idx):
            continue
        head_start, type_, local = found
        start = _extend_left(doc, head_start, tok.sent.start, frozenset(in_title))
        end = _extend_right(doc, i + 1, titles)
        while start < end - 1 and doc[start].text in LEFT_STOP and doc[start + 1].text != "-":
            start += 1
        if doc[start].is_sent_start and doc[start].tag_ == "NNS" and start + 2 < head_start:
            if doc[start + 1].lower_ == "of":  # "Miners of the X Coal Mine": people of a body, not its name
                start += 3 if doc[start + 2].lower_ == "the" else 2
        if end - start < 2 and doc[start].text not in {"Customs", "Politburo", "Secretariat"}:
            continue  # a bare head ("Factory", "Bureau") names nothing
        yield _span_mention(ctx, doc[start:end], type_, "named_organisations", key="local" if local else "")


@rule("mentions")
def established_bodies(ctx: ArticleContext) -> Iterator[Mention]:
    """'set up a financial coordination leading group': a body named in lower case after 'establish'."""
    doc = ctx.doc
    for tok in doc:
        if tok.lemma_.lower() not in ESTABLISH_LEMMAS or tok.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.lemma_.lower() == "set" and (tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "up"):
            continue
        limit = min(tok.sent.end, tok.i + 10)
        for i in range(tok.i + 1, limit):
            if doc[i].is_punct and doc[i].text != "-":
                break
            found = head_at(doc, i)
            if not found or found[1] not in {"GovernmentBody", "PartyBody", "Organization"}:
                continue
            if doc[i].pos_ not in {"NOUN", "PROPN"}:
                continue  # "an average daily rate": 'daily' is no newspaper here
            if doc[i].lower_ in {"system", "systems"}:
                break  # "established a quality inspection system": a mechanism, not a body
            start = found[0]
            while start > tok.i + 1 and (
                doc[start - 1].pos_ in {"ADJ", "NOUN", "PROPN"} or doc[start - 1].text == "-"
            ):
                start -= 1
            end = i + 1
            if end < limit and doc[end].lower_ == "for":
                k = end + 1
                while (
                    k < min(tok.sent.end, end + 7)
                    and not doc[k].is_punct
                    and doc[k].pos_ != "VERB"
                    or k < tok.sent.end
                    and doc[k].tag_ == "VBG"
                    and k == end + 1
                ):
                    k += 1
                end = k if k > end + 1 else end
            if end - start >= 2:
                yield _span_mention(ctx, doc[start:end], found[1], "established_bodies", key="local")
            break


LOCAL_BODY = re.compile(
    r"\b(?:the\s+)?(municipal|provincial|county|city|prefectural|province|municipality)(?:['’]s)?\s+"
    r"(party\s+committee|government|people's\s+government|people's\s+committee)(s?)\b",
    re.I,
)
LEVEL_WORD = {
    "municipal": "Municipal",
    "city": "Municipal",
    "municipality": "Municipal",
    "provincial": "Provincial",
    "province": "Provincial",
    "county": "County",
    "prefectural": "Prefectural",
}


@rule("mentions")
def local_bodies(ctx: ArticleContext) -> Iterator[Mention]:
    """'the Municipal Government', 'the provincial party committee': the body of the article's place."""
    for m in LOCAL_BODY.finditer(ctx.text):
        if m.group(3):
            continue  # "municipal governments": several bodies, the place itself acts
        start = m.start(1)
        before = ctx.text[max(0, start - 40) : start].split()
        if before and before[-1][:1].isupper() and before[-1].lower() not in {"the", "and", "of"}:
            continue  # "Taiyuan Municipal ..." is a named organisation
        body = " ".join(w.capitalize() if w.lower() != "people's" else "People's" for w in m.group(2).split())
        head = f"{LEVEL_WORD[m.group(1).lower()]} {body}"
        type_ = "PartyBody" if "party" in m.group(2).lower() else "GovernmentBody"
        yield _mention(ctx, start, m.end(2), type_, "local_bodies", key="local", canonical=head)


# what people are called by before their names ("Technician Gu X", "Old Worker Li Y"): not part of them
OCCUPATIONS = {
    "technician", "worker", "workers", "engineer", "teacher", "doctor", "peasant", "farmer", "miner",
    "foreman", "accountant", "cadre", "driver", "master", "apprentice", "veteran", "old", "young", "little",
    "student", "militiaman", "soldier", "herdsman", "fisherman", "nurse", "cashier", "clerk",
}  # fmt: skip


@rule("mentions")
def persons(ctx: ArticleContext) -> Iterator[Mention]:
    """Romanised Chinese names (a surname and one or two pinyin words), and spaCy PERSON entities."""
    doc = ctx.doc
    surnames = lexicon.surnames()
    titles = {t.title_en.lower() for t in lexicon.titles()} | {"comrade", "mr.", "mrs.", "ms."} | OCCUPATIONS
    gaz = load_gazetteer()
    found: set[tuple[int, int]] = set()
    for i, tok in enumerate(doc):
        if tok.text not in surnames or i + 1 >= len(doc):
            continue
        if tok.is_sent_start and tok.is_stop:
            continue  # "He Said ..."
        end = i + 1
        while (
            end < len(doc)
            and end - i <= 2
            and doc[end].is_title
            and doc[end].is_alpha
            and lexicon.is_pinyin_word(doc[end].text, most=2)
            and doc[end].ent_type_ not in {"ORG"}
        ):
            end += 1
        if end - i >= 2 and sum(len(t) for t in doc[i + 1 : end]) >= 2:
            found.add((i, end))
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            found.add((ent.start, ent.end))
    for start, end in sorted(found):
        if ctx.in_headline(doc[start].idx):
            continue
        while start < end and (doc[start].lower_ in titles or not doc[start].is_title):
            start += 1
        while _before_a_chinese_name(doc, start, end, surnames):
            start += 1  # "Farmers Li Situ", "Councilor Wang Fang": a word of office or trade, not the name
        while end > start and (doc[end - 1].text in {"'s", "’s"} or not doc[end - 1].is_alpha):
            end -= 1
        words = [t.text for t in doc[start:end]]
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            continue
        name = " ".join(words)
        if name in ctx.authors or gaz.lookup_en(name) or head_at(doc, end - 1) or _credited(doc, start):
            continue
        if any(t.lower_ in titles for t in doc[start:end]):
            continue
        if len(words) == 2 and words[0] not in surnames and lexicon.is_pinyin_word(words[0]) and not (
            lexicon.is_pinyin_word(words[1])
        ):
            continue  # "Daying Town", "Lanzhou Telegram": a Chinese place or unit and an English noun
        yield _span_mention(ctx, doc[start:end], "Person", "persons")


# who signs or is credited for what the paper prints: authors, not persons of the story
CREDITS = {"reader", "readers", "reporter", "reporters", "correspondent", "correspondents", "photographer"}


def _credited(doc, start: int) -> bool:
    """Whether the name at ``start`` is in a credit: 'Readers A, B, and C wrote', 'Photo by A',
    'Reporter A reports' (letter writers, reporters and photographers are authors, not persons)."""
    k = start
    while k > 0 and start - k < 12 and (doc[k - 1].text in {",", "and"} or doc[k - 1].is_title
                                        and doc[k - 1].lower_ not in CREDITS):
        k -= 1
    if k > 0 and doc[k - 1].lower_ in CREDITS:
        return True
    return k > 1 and doc[k - 1].lower_ == "by" and doc[k - 2].lower_ in {"photo", "photographed", "written"}


def _before_a_chinese_name(doc, start: int, end: int, surnames) -> bool:
    """True when ``doc[start]`` is an English word (not pinyin) just before a surname and a given name."""
    tok = doc[start]
    return (
        end - start >= 3
        and tok.text not in surnames
        and not lexicon.is_pinyin_word(tok.text)
        and doc[start + 1].text in surnames
    )


def _of_phrase_end(doc, end: int) -> int:
    """End of an 'of' phrase naming whom a mechanism applies to ('... of small vendors'), else ``end``:
    a short lower-case noun phrase, not a name and not a clause."""
    if end + 1 >= len(doc) or doc[end].lower_ != "of" or doc[end].head.i != end - 1:
        return end
    pobj = [c for c in doc[end].children if c.dep_ == "pobj"]
    if not pobj or pobj[0].pos_ != "NOUN" or pobj[0].i - end > 4:
        return end
    words = doc[end + 1 : pobj[0].i + 1]
    if any(t.is_title or t.pos_ in {"VERB", "PRON", "DET", "NUM"} or t.is_punct for t in words):
        return end  # "of the Party", "of this", "of 1950": not a kind of target
    return pobj[0].i + 1


ORDINALS = {"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"}


@functools.lru_cache(maxsize=1)
def _mechanism_heads() -> list[tuple[tuple[str, ...], str]]:
    """('responsibility', 'system') -> 'responsibility-system' for '* ' patterns, longest first."""
    heads = []
    for mech in lexicon.mechanisms():
        for pat in mech.patterns_en:
            if pat.startswith("* "):
                heads.append((tuple(pat[2:].lower().split()), mech.key))
    return sorted(heads, key=lambda h: -len(h[0]))


@rule("mentions")
def mechanisms(ctx: ArticleContext) -> Iterator[Mention]:
    """Lexicon mechanism terms, and '<modifiers> <head>' phrases for open heads ('X contract system')."""
    doc = ctx.doc
    for span in doc.spans[SPANS_KEY]:
        if span.label_ == "MECH":
            yield _span_mention(ctx, span, "PolicyMechanism", "mechanisms", key=span.id_)
            start = modifier_start(doc, span.start, span.sent.start, nouns_only=True)
            if start == span.start > span.sent.start and doc[start - 1].text in ORDINALS:
                start -= 1  # "the Third Five-Year Plan": a capitalised ordinal names one of a series
            end = _of_phrase_end(doc, span.end)
            if start < span.start or end > span.end:
                # "major rectification and reform", "socialist transformation of small vendors": the
                # text's own phrase, narrower than the lexicon concept
                yield _span_mention(
                    ctx, doc[start:end], "PolicyMechanism", "mechanism_heads", canonical=span.id_
                )
    words = lowers(doc)
    firsts = {head[0] for head, _ in _mechanism_heads()}
    for i in range(len(doc)):
        if words[i] not in firsts:
            continue
        for head, broader in _mechanism_heads():
            n = len(head)
            if tuple(words[i : i + n]) != head:
                continue
            start = i
            while start > doc[i].sent.start and i - start < 5:
                prev = doc[start - 1]
                if prev.pos_ in {"NOUN", "PROPN", "ADJ"} and not prev.is_stop or prev.text == "-":
                    start -= 1
                elif (
                    prev.lower_ == "and"
                    and start - 2 >= doc[i].sent.start
                    and doc[start - 2].pos_ in {"NOUN", "ADJ"}
                    and not doc[start - 2].is_stop
                ):
                    start -= 1  # "clearance and potential material exchange fair"
                else:
                    break
            while start < i and doc[start].text in {"-"}:
                start += 1
            if start < i:
                yield _span_mention(
                    ctx, doc[start : i + n], "PolicyMechanism", "mechanism_heads", canonical=broader
                )
            break


QUOTED_MECH = re.compile(r"[\"“]([A-Za-z][A-Za-z -]{2,40})[\"”]\s+(management|system|sales|method)\b")


@rule("mentions")
def quoted_mechanisms(ctx: ArticleContext) -> Iterator[Mention]:
    """'"product chain" management': a quoted coinage followed by a mechanism noun."""
    for m in QUOTED_MECH.finditer(ctx.text):
        yield _mention(ctx, m.start(), m.end(), "PolicyMechanism", "quoted_mechanisms")
