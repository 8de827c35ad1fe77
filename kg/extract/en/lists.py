"""English names that share one head word: 'coal mines such as A, B and C', 'A, B and three other oil
mills', 'A and B coal mines', 'the A flour mill' (a pinyin name before a lower-case head).

English lists named enterprises, brigades and counties this way, writing the head once, in the plural or
in lower case. Each named item becomes a mention labelled with the head ('A Coal Mine'); the head's type
comes from ``kg/lexicons/org_heads.tsv`` (or 'counties' / 'districts': County; 'villages' / 'townships':
Region).
"""

from __future__ import annotations

from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext, lowers
from kg.extract.en.mentions import LEFT_STOP, org_head_table
from kg.extract.registry import rule
from kg.gazetteer import load_gazetteer
from kg.records import Mention

# places below the county (villages, townships) are Regions: the types have no township class
PLACE_HEADS = {
    ("county",): "County", ("district",): "County", ("village",): "Region", ("township",): "Region",
}  # fmt: skip
OTHER_COUNTS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "some", "many", "a",
    "few", "dozen", "dozens", "of", "the",
}  # fmt: skip
MAX_NAME = 3


def _head_ending_at(doc, i: int) -> tuple[int, str] | None:
    """A plural head ending at token i ('coal mines', 'counties'): (start token, type)."""
    words = lowers(doc)
    if not words[i].endswith("s") or doc[i].text[:1].isupper():
        return None
    for n in (3, 2, 1):
        if i - n + 1 < 0:
            continue
        key = (*words[i - n + 1 : i], lexicon.singular(words[i]))
        found = org_head_table().get(key) or PLACE_HEADS.get(key)
        if found:
            return i - n + 1, found if isinstance(found, str) else found[0]
    return None


def _modifiers_before(doc, start: int) -> int:
    """Start of the lower-case noun modifiers of a head ('coal' mine, 'soy sauce' factory), at most two."""
    k = start
    while k > 0 and start - k < 2 and doc[k - 1].pos_ == "NOUN" and doc[k - 1].text.islower():
        k -= 1
    return k


def _name_ok(tok) -> bool:
    """A capitalised word that can be part of a name: not a sentence adverb or a function word
    ('Furthermore, A and two other groups', 'However, ...')."""
    return tok.is_alpha and tok.text[:1].isupper() and tok.text not in LEFT_STOP and tok.pos_ not in NOT_NAMES


NOT_NAMES = {"ADV", "CCONJ", "SCONJ", "ADP", "DET", "PRON", "AUX", "PART"}


def _name_groups(doc, pos: int, bound: int, step: int) -> list[tuple[int, int]]:
    """Capitalised names separated by ',' or 'and', walking from ``pos`` towards ``bound``: rightwards
    (step 1) the names from ``pos`` on, leftwards (step -1) the names ending at ``pos``; nearest first."""

    def inside(k: int) -> bool:
        return k < bound if step > 0 else k > bound

    def next_token(k: int):
        return doc[k] if step > 0 else doc[k - 1]

    out = []
    while inside(pos):
        far = pos
        while inside(far) and abs(far - pos) < MAX_NAME and _name_ok(next_token(far)):
            far += step
        if far == pos:
            break
        out.append((min(pos, far), max(pos, far)))
        sep = far
        while inside(sep) and next_token(sep).lower_ in {",", "and"}:
            sep += step
        if sep == far:
            break
        pos = sep
    return out


def _item(ctx: ArticleContext, start: int, end: int, head: str, type_: str) -> Mention | None:
    doc = ctx.doc
    name = doc[start:end].text
    if type_ != "County" and load_gazetteer().lookup_en(name):
        return None  # "Shanghai and Tianjin factories": places, not names of factories
    # "A County, and B counties": a name that already ends with the head keeps it once
    full = name if name.lower().endswith(head.split()[-1].lower()) else f"{name} {head}"
    return Mention(
        ctx.article.id, "en", doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), name, type_,
        "listed_names", "", full,
    )  # fmt: skip


@rule("mentions")
def listed_names(ctx: ArticleContext) -> Iterator[Mention]:
    """'coal mines such as Qinglong and Baishi', 'X, Y and three other oil mills', 'X and Y coal mines':
    each name with the head written once for all of them."""
    doc = ctx.doc
    for i in range(1, len(doc)):
        found = _head_ending_at(doc, i)
        if found is None or ctx.in_headline(doc[i].idx):
            continue
        hs, type_ = found
        hs = _modifiers_before(doc, hs)  # "coal mines": the kind of mine is part of each name
        last = lexicon.singular(doc[i].text).capitalize()
        head = " ".join([*(t.text.capitalize() for t in doc[hs:i]), last])
        sent = doc[i].sent
        words = lowers(doc)
        groups: list[tuple[int, int]] = []
        including = next((k for k in range(i + 1, min(sent.end, i + 8)) if words[k] == "including"), None)
        if i + 2 < sent.end and doc[i + 1].lower_ == "such" and doc[i + 2].lower_ == "as":
            groups = _name_groups(doc, i + 3, sent.end, 1)  # "coal mines such as A, B, and C"
        elif including is not None and not any(t.pos_ in {"VERB", "AUX"} for t in doc[i + 1 : including]):
            groups = _name_groups(doc, including + 1, sent.end, 1)  # "counties in the zone, including A, B"
        elif hs >= 2 and "other" in lowers(doc)[max(sent.start, hs - 3) : hs]:
            k = hs
            while k > sent.start and doc[k - 1].lower_ in OTHER_COUNTS | {"other"}:
                k -= 1  # "A, B and three other oil mills", "A, B and other seven counties"
            if k > sent.start and doc[k - 1].lower_ in {"and", ","}:
                while k > sent.start and doc[k - 1].lower_ in {"and", ","}:
                    k -= 1
                groups = _name_groups(doc, k, sent.start, -1)
        elif hs >= 3 and doc[hs - 1].text[:1].isupper() and doc[hs - 1].is_alpha:
            groups = _name_groups(doc, hs, sent.start, -1)  # "Qinglong and Baishi coal mines"
            groups = groups if len(groups) >= 2 else []
        for start, end in groups:
            mention = _item(ctx, start, end, head, type_)
            if mention:
                yield mention


@rule("mentions")
def names_before_lower_heads(ctx: ArticleContext) -> Iterator[Mention]:
    """'the Hexing flour mill': a pinyin name, a lower-case kind and an organisation head are one name
    (a bare head after a name, 'the Beijing factory', is not)."""
    doc = ctx.doc
    heads = org_head_table()
    words = lowers(doc)
    for j in range(2, len(doc)):
        if not doc[j].text.islower() or doc[j].pos_ != "NOUN":
            continue
        keys = (tuple(words[j - n + 1 : j + 1]) for n in (3, 2, 1))
        key = next((k for k in keys if k in heads), None)
        if key is None or (j + 1 < len(doc) and doc[j + 1].pos_ in {"NOUN", "PROPN"}):
            continue
        hs = j - len(key) + 1
        mod = _modifiers_before(doc, hs)
        if mod == hs and len(key) == 1:
            continue
        start = mod
        while start > doc[j].sent.start + 1 and mod - start < 2 and _name_ok(doc[start - 1]):
            start -= 1
        names = doc[start:mod]
        if (
            start == mod
            or not all(lexicon.is_pinyin_word(t.text) for t in names)
            or load_gazetteer().lookup_en(names.text)
            or ctx.in_headline(doc[start].idx)
        ):
            continue
        label = " ".join([names.text, *(t.text.capitalize() for t in doc[mod : j + 1])])
        yield Mention(
            ctx.article.id, "en", names.start_char, doc[j].idx + len(doc[j]), doc[start : j + 1].text,
            heads[key][0], "names_before_lower_heads", "", label,
        )  # fmt: skip
