"""English mention rules: places, organisations, persons, mechanisms and products in one body.

Each rule reads the spaCy ``Doc`` (with ``doc.spans["kg"]`` from the lexicon ruler) and yields
``Mention``s; the pipeline keeps the longest of overlapping mentions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.gazetteer import load_gazetteer
from kg.nlp import SPANS_KEY
from kg.records import Mention

CONNECTORS = {"of", "for", "and", "'s", "’s", "-", "No.", "&"}
LEFT_STOP = {"The", "A", "An", "In", "At", "On", "During", "From", "To", "By", "With", "As", "After",
             "Before", "Since", "And", "Several", "Many", "All", "Both", "This", "That", "These", "Its",
             "Our", "Their", "His", "Her", "Under", "For", "Of", "Some", "Each", "Every", "When", "While"}
LEVEL_WORDS = {"municipal": "City", "provincial": "Province", "county": "County", "prefectural": "Region",
               "city": "City", "province": "Province"}


def _mention(ctx: ArticleContext, start: int, end: int, type_: str, rule_name: str, key: str = "",
             canonical: str = "") -> Mention:
    text = ctx.text[start:end]
    return Mention(ctx.article.id, ctx.lang, start, end, text, type_, rule_name, key, canonical)


@rule("mentions")
def gazetteer_places(ctx: ArticleContext) -> Iterator[Mention]:
    """Place names from the gazetteer; 'X Province' / 'X City' pick the level when a name is ambiguous."""
    gaz = load_gazetteer()
    doc = ctx.doc
    for span in doc.spans[SPANS_KEY]:
        if span.label_ != "PLACE" or not span[0].is_title and not span[0].is_upper:
            continue
        candidates = gaz.lookup_en(span.text)
        if not candidates:
            continue
        end = span.end
        nxt = doc[end].lower_ if end < len(doc) else ""
        wanted = {"province": "Province", "city": "City", "municipality": "City", "county": "County",
                  "prefecture": "Region"}.get(nxt)
        if wanted:
            picked = [p for p in candidates if p.cls == wanted]
            if picked:
                candidates, end = picked, end + 1
        place = candidates[0]
        yield _mention(ctx, span.start_char, doc[end - 1].idx + len(doc[end - 1]), place.cls,
                       "gazetteer_places", key=place.id)


@functools.lru_cache(maxsize=1)
def _org_heads() -> dict[tuple[str, ...], str]:
    return {tuple(h.head.lower().replace("'s", " 's").split()): h.type
            for h in lexicon.org_heads() if h.lang == "en"}


def _head_at(doc, i: int) -> tuple[int, str] | None:
    """Longest organisation head ending at token i: (start token, type)."""
    heads = _org_heads()
    for n in (5, 4, 3, 2, 1):
        if i - n + 1 < 0:
            continue
        words = tuple(t.lower_ for t in doc[i - n + 1 : i + 1])
        if words in heads:
            return i - n + 1, heads[words]
    return None


def _capitalised(tok) -> bool:
    return tok.is_title or tok.is_upper or tok.like_num or tok.text in {"No.", "People", "'s", "’s"}


@rule("mentions")
def named_organisations(ctx: ArticleContext) -> Iterator[Mention]:
    """Capitalised names ending in an organisation head ('Jiangyang Chemical Factory', 'Ministry of X')."""
    doc = ctx.doc
    for i, tok in enumerate(doc):
        found = _head_at(doc, i)
        if not found or not tok.is_title and not tok.is_upper and tok.text != "Co.":
            continue
        head_start, type_ = found
        start = head_start
        sent_start = tok.sent.start
        # extend left over capitalised words and connectors inside the name
        while start > sent_start:
            prev = doc[start - 1]
            if _capitalised(prev) and prev.text not in LEFT_STOP:
                start -= 1
            elif prev.text in {"'s", "’s", "-"} and start - 2 >= sent_start and _capitalised(doc[start - 2]):
                start -= 1
            elif prev.lower_ in {"and", "of"} and start - 2 >= sent_start and _capitalised(doc[start - 2]) \
                    and doc[start - 2].text not in LEFT_STOP and _head_at(doc, start - 2) is None:
                start -= 1
            else:
                break
        end = i + 1
        # "Ministry of Railways", "Commission for Economic Restructuring", "Bureau of the CPC ..."
        if end + 1 < len(doc) and doc[end].lower_ in {"of", "for"}:
            j = end + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            k = j
            while k < len(doc) and (_capitalised(doc[k]) or doc[k].lower_ in {"and", ",", "'s"}) \
                    and doc[k].sent.start == sent_start:
                k += 1
            while k > j and not _capitalised(doc[k - 1]):
                k -= 1
            if k > j:
                end = k
        while start < end and doc[start].text in LEFT_STOP:
            start += 1
        if end - start < 2 and type_ in {"Enterprise", "Organization", "GovernmentBody"} \
                and doc[start].text not in {"Customs", "Politburo"}:
            continue  # a bare head ("Factory", "Bureau") names nothing
        span = doc[start:end]
        yield _mention(ctx, span.start_char, span.end_char, type_, "named_organisations")


@rule("mentions")
def local_bodies(ctx: ArticleContext) -> Iterator[Mention]:
    """'the Municipal Government', 'the provincial party committee': the body of the article's place."""
    doc = ctx.doc
    pattern = re.compile(
        r"\b(?:the\s+)?(municipal|provincial|county|city|prefectural)\s+"
        r"(party\s+committee|government|people's\s+government|people's\s+committee|party\s+secretary)?",
        re.I)
    for m in pattern.finditer(ctx.text):
        if not m.group(2) or "secretary" in m.group(2).lower():
            continue
        level = LEVEL_WORDS[m.group(1).lower()]
        type_ = "PartyBody" if "party" in m.group(2).lower() else "GovernmentBody"
        start = m.start(1)
        # a place name right before ("Taiyuan Municipal ...") makes it a named organisation instead
        before = ctx.text[max(0, start - 40):start].rstrip()
        if before and before.split()[-1:] and before.split()[-1][:1].isupper() \
                and before.split()[-1].lower() not in {"the", "and", "of"}:
            continue
        head = " ".join(w.capitalize() for w in (m.group(1) + " " + m.group(2)).split())
        yield _mention(ctx, start, m.end(2), type_, "local_bodies", key=level, canonical=head)
    del doc


@rule("mentions")
def persons(ctx: ArticleContext) -> Iterator[Mention]:
    """spaCy PERSON entities and names right after a title, trimmed of titles and possessives."""
    doc = ctx.doc
    titles = {t.title_en.lower() for t in lexicon.titles()} | {"comrade", "mr.", "mrs.", "ms."}
    gaz = load_gazetteer()
    candidates = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
    for span in doc.spans[SPANS_KEY]:
        if span.label_ == "TITLE":
            j = span.end
            k = j
            while k < len(doc) and k - j < 3 and doc[k].is_title and doc[k].is_alpha:
                k += 1
            if 2 <= k - j <= 3:
                candidates.append((j, k))
    for start, end in sorted(set(candidates)):
        while start < end and (doc[start].lower_ in titles or not doc[start].is_title):
            start += 1
        while end > start and (doc[end - 1].text in {"'s", "’s"} or not doc[end - 1].is_alpha):
            end -= 1
        words = [t.text for t in doc[start:end]]
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            continue
        name = " ".join(words)
        if name in ctx.authors or gaz.lookup_en(name) or _head_at(doc, end - 1):
            continue
        if any(t.lower_ in titles for t in doc[start:end]):
            continue
        span = doc[start:end]
        yield _mention(ctx, span.start_char, span.end_char, "Person", "persons")


@functools.lru_cache(maxsize=1)
def _mechanism_heads() -> list[tuple[tuple[str, ...], str]]:
    """('responsibility', 'system') -> 'responsibility-system' for '* ' patterns, longest first."""
    heads = []
    for mech in lexicon.mechanisms():
        for pat in mech.patterns_en:
            if pat.startswith("* "):
                heads.append((tuple(pat[2:].lower().split()), mech.key))
    return sorted(heads, key=lambda h: -len(h[0]))


MODIFIER_POS = {"NOUN", "PROPN", "ADJ", "VERB"}


@rule("mentions")
def mechanisms(ctx: ArticleContext) -> Iterator[Mention]:
    """Lexicon mechanism terms, and '<modifiers> <head>' phrases for open heads ('X contract system')."""
    doc = ctx.doc
    for span in doc.spans[SPANS_KEY]:
        if span.label_ == "MECH":
            yield _mention(ctx, span.start_char, span.end_char, "PolicyMechanism", "mechanisms",
                           key=span.id_)
    words = [t.lower_ for t in doc]
    for i in range(len(doc)):
        for head, broader in _mechanism_heads():
            n = len(head)
            if tuple(words[i : i + n]) != head:
                continue
            start = i
            while start > doc[i].sent.start and i - start < 4:
                prev = doc[start - 1]
                if prev.pos_ in MODIFIER_POS and not prev.is_stop or prev.text in {"-", "\"", "“", "”"}:
                    start -= 1
                else:
                    break
            while start < i and doc[start].text in {"\"", "“", "”", "-"}:
                start += 1
            if start == i:
                continue  # the bare head is matched from the lexicon
            span = doc[start : i + n]
            yield _mention(ctx, span.start_char, span.end_char, "PolicyMechanism", "mechanism_heads",
                           key="", canonical=broader)
            break


QUOTED_MECH = re.compile(r"[\"“]([A-Za-z][A-Za-z -]{2,40})[\"”]\s+(management|system|sales|method)\b")


@rule("mentions")
def quoted_mechanisms(ctx: ArticleContext) -> Iterator[Mention]:
    """'"product chain" management': a quoted coinage followed by a mechanism noun."""
    for m in QUOTED_MECH.finditer(ctx.text):
        yield _mention(ctx, m.start(), m.end(), "PolicyMechanism", "quoted_mechanisms")
