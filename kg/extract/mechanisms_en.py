"""Open-class English policy mechanisms, found by how English marks them rather than by a list.

Three marks: a mechanism head noun with a classifying modifier ("piece-rate wage system", "Three-Anti
campaign"); the object of an adoption verb or noun ("introduced a technical service network",
"the implementation of the X method"); and the items of an enumeration of measures ("measures such as
X, Y and Z"). The text's own phrase is the concept's label; the head gives its ``skos:broader``
scheme concept (``kg/lexicons/mechanism_heads.tsv``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext, lemmas, lowers
from kg.extract.registry import rule
from kg.records import Mention

# verbs and nouns of adoption: "implement X", "the introduction of X"; phrasal ones need their particle
ADOPT_VERBS = {
    "implement", "introduce", "adopt", "promote", "institute", "practise", "practice", "apply", "launch",
    "popularize", "popularise", "spread", "extend", "initiate", "pursue", "enforce", "establish", "set",
    "carry", "put", "try", "start", "develop", "organize", "organise", "build", "conduct", "run",
    "unfold", "wage", "experiment", "follow",
}  # fmt: skip
PARTICLE = {"set": "up", "carry": "out", "put": "into"}
ADOPT_NOUNS = {
    "implementation", "introduction", "adoption", "promotion", "institution", "establishment",
    "popularization", "popularisation", "application", "launching", "practice", "spread", "extension",
    "development", "upsurge",
}  # fmt: skip
# modifiers that say how big, good or new a thing is, not what kind of mechanism it is
GENERIC_MODIFIERS = {
    "new", "old", "same", "whole", "entire", "current", "present", "existing", "above", "following",
    "various", "other", "certain", "good", "great", "important", "main", "big", "large", "small",
    "vigorous", "magnificent", "effective", "successful", "broad", "extensive", "further", "specific",
    "particular", "relevant", "own", "such", "this", "that", "these", "those", "every", "each", "first",
    "second", "last", "next", "strict", "necessary", "proper", "correct", "wrong", "usual", "initial",
    "sound", "fine", "powerful", "widespread", "overall", "total", "full", "complete", "general",
    "different", "similar", "better", "best", "more", "most", "less", "fierce", "market",
    "strong", "clear", "large-scale", "major", "minor", "established",
    "international", "world", "government", "state", "party", "foreign", "trade", "transport", "traffic",
    "telephone", "computer", "communication", "communications", "highway", "railway", "power", "water",
    "news", "research", "health", "medical", "school", "education", "sports", "youth",
}  # fmt: skip
MEASURE_NOUNS = {"measure", "method", "way", "form", "practice", "step", "reform", "system", "mechanism"}
MAX_WORDS = 8


@functools.lru_cache(maxsize=1)
def heads() -> dict[tuple[str, ...], tuple[str, str]]:
    """('contract', 'system') -> ('contract-system', 'open'), read from mechanism_heads.tsv."""
    rows = lexicon._rows("mechanism_heads.tsv")
    return {tuple(r[0].lower().split()): (r[1], r[2]) for r in rows}


def head_ending_at(doc, i: int) -> tuple[int, str, str] | None:
    """The longest mechanism head ending at token i (its last word may be plural): (start, broader, where)."""
    table = heads()
    low, lemma = lowers(doc), lemmas(doc)
    for n in (3, 2, 1):
        if i - n + 1 < 0:
            continue
        words = (*low[i - n + 1 : i], lemma[i])
        if words in table or (*words[:-1], low[i]) in table:
            found = table.get(words) or table[(*words[:-1], low[i])]
            return i - n + 1, *found
    return None


def adopted(tok) -> bool:
    """True when ``tok`` (a noun, or the first of conjoined nouns) is what an adoption verb or noun takes."""
    node = tok
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    head = node.head
    if node.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in ADOPT_VERBS:
        particle = PARTICLE.get(head.lemma_.lower())
        return particle is None or any(c.lower_ == particle for c in head.children)
    if node.dep_ == "pobj" and head.lower_ == "of":
        return head.head.lemma_.lower() in ADOPT_NOUNS
    if node.dep_ == "pobj" and head.lower_ in {"into", "in"} and head.head.lemma_.lower() == "put":
        return False  # "put X into practice": X is the object, not "practice"
    return False


def modifier_start(doc, start: int, floor: int, *, nouns_only: bool = False) -> int:  # noqa: C901
    """Extend a head leftwards over its classifying modifiers ('piece-rate wage', 'Three-Anti').

    With ``nouns_only``, only noun modifiers ('enterprise contract system'), never adjectives.
    """
    kinds = {"NOUN", "PROPN"} if nouns_only else {"NOUN", "PROPN", "ADJ"}
    head = start

    def classifying(tok) -> bool:
        return (
            tok.pos_ in kinds and not tok.is_stop and tok.lower_ not in GENERIC_MODIFIERS and not tok.like_num
        )

    while start > floor and start - (i := start - 1) < MAX_WORDS:
        prev = doc[i]
        if prev.text == "-" and i - 1 >= floor and (classifying(doc[i - 1]) or doc[i - 1].like_num):
            start = i - 1  # "piece-rate", "Three-Anti"
        elif prev.text in {'"', "“", "”"} and not nouns_only:  # 'the "three guarantees" system'
            opening = next(
                (k for k in range(i - 1, max(floor, i - 10) - 1, -1) if doc[k].text in {'"', "“"}), None
            )
            if opening is None:
                break
            start = opening
        elif classifying(prev) and prev.head.i > i:  # a modifier of what follows, not "run the enterprise"
            start = i
        elif (
            prev.lower_ == "and"
            and not nouns_only
            and i - 1 >= floor
            and classifying(doc[i - 1])
            and doc[start].dep_ == "conj"
            and doc[start].head.i == i - 1
            and start < head
        ):
            start = i - 1  # "production and conservation campaign": coordinated modifiers
        else:
            break
    while start < len(doc) and doc[start].text == "-":
        start += 1
    while start > floor and doc[start - 1].text == "-" and doc[start].pos_ != "PUNCT":
        start += 1  # "large-scale rectification campaigns": not half of a hyphenated word
    return start


@functools.lru_cache(maxsize=1)
def lexicon_terms() -> dict[str, str]:
    """Lexicon concept labels and plain patterns, lower case -> concept key."""
    out: dict[str, str] = {}
    for mech in lexicon.mechanisms():
        for term in (mech.label_en, *mech.patterns_en):
            if not term.startswith("* "):
                out.setdefault(term.lower(), mech.key)
    return out


def _mention(ctx: ArticleContext, span, rule_name: str, broader: str) -> Mention:
    text = ctx.text[span.start_char : span.end_char]
    return Mention(
        ctx.article.id, "en", span.start_char, span.end_char, text, "PolicyMechanism", rule_name, "", broader
    )


def _in_headline(ctx: ArticleContext, pos: int) -> bool:
    return ctx.in_headline(pos)


@rule("mentions")
def open_mechanisms(ctx: ArticleContext) -> Iterator[Mention]:
    """'<classifying modifiers> <mechanism head>' ('piece-rate wage system', 'Three-Anti campaign');
    weak heads ('network', 'method', 'system') only as what an adoption verb or noun takes."""
    doc = ctx.doc
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or _in_headline(ctx, tok.idx):
            continue
        found = head_ending_at(doc, tok.i)
        if found is None:
            continue
        head_start, broader, where = found
        if tok.is_title and tok.i > tok.sent.start and where == "object":
            continue  # "Dispatch Center", "Leading Group": a named body, not a mechanism
        if where == "object" and not adopted(tok):
            continue
        start = modifier_start(doc, head_start, tok.sent.start)
        if start == head_start:
            continue  # "the system", "this campaign": a bare head names no mechanism
        modifiers = doc[start:head_start]
        if all(t.pos_ == "ADJ" for t in modifiers if t.is_alpha) and tok.lemma_ == "competition":
            continue  # "fierce competition": emulation is named by what is competed in
        span = doc[start : tok.i + 1]
        singular = " ".join([*(t.lower_ for t in span[:-1]), tok.lemma_.lower()])
        if singular in lexicon_terms() or span.text.lower() in lexicon_terms():
            continue  # a lexicon concept named in the plural ("industrial networks"): the ruler's
        concept = lexicon_terms().get(doc[start:head_start].text.lower())
        if concept and broader == "campaigns":  # "technical innovation movement": that lexicon concept
            yield Mention(
                ctx.article.id, "en", span.start_char, span.end_char, span.text, "PolicyMechanism",
                "open_mechanisms", concept,
            )  # fmt: skip
            continue
        yield _mention(ctx, span, "open_mechanisms", broader)


def _item_span(tok):
    """An enumerated item's own words: its subtree without its conjuncts, commas and 'and'."""
    skip = set()
    for child in tok.children:
        if child.dep_ in {"conj", "cc", "punct", "appos"}:
            skip.update(t.i for t in child.subtree)
    idx = [t.i for t in tok.subtree if t.i not in skip]
    start, end = min(idx), max(idx) + 1
    doc = tok.doc
    while start < end and (doc[start].is_stop or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


@rule("mentions")
def enumerated_measures(ctx: ArticleContext) -> Iterator[Mention]:
    """'measures such as prize sales, barter trade and sales exhibitions': each item is a mechanism."""
    doc = ctx.doc
    for tok in doc:
        if tok.lower_ != "such" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "as":
            continue
        window = doc[max(tok.sent.start, tok.i - 4) : tok.i]
        anchor = tok.head if tok.head.lemma_.lower() in MEASURE_NOUNS else None
        anchor = anchor or next((t for t in window if t.lemma_.lower() in MEASURE_NOUNS), None)
        if anchor is None or _in_headline(ctx, tok.idx):
            continue
        pobj = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
        if not pobj:
            continue
        for item in [pobj[0], *pobj[0].conjuncts]:
            span = _item_span(item)
            words = [t for t in span if t.is_alpha]
            if not 2 <= len(words) <= MAX_WORDS or any(t.like_num for t in span):
                continue
            if all(t.is_title for t in words):
                continue  # a name, left to the name rules
            found = head_ending_at(doc, span.end - 1)
            yield _mention(ctx, span, "enumerated_measures", found[1] if found else "")
