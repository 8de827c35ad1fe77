"""Open-class English policy mechanisms, found by how English marks them rather than by a list.

Three marks: a mechanism head noun with a classifying modifier ("piece-rate wage system", "Three-Anti
campaign"); the object of an adoption verb or noun ("introduced a technical service network",
"the implementation of the X method"); and the items of an enumeration of measures ("measures such as
X, Y and Z"). Beside those: the listed means of 'through A, B and C' and 'assisted X in A, B and C',
quoted slogans named as a line of policy, and combinations of two ways of working ('combining A and B').
The text's own phrase is the concept's label; the head gives its ``skos:broader`` scheme concept
(``kg/lexicons/mechanism_heads.tsv``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext, lemmas, lowers
from kg.extract.en.products import ARTEFACT_HEADS
from kg.extract.registry import rule
from kg.nlp import SPANS_KEY
from kg.records import Mention, Relation

# verbs and nouns of adoption: "implement X", "the introduction of X"; phrasal ones need their particle
ADOPT_VERBS = {
    "implement", "introduce", "adopt", "promote", "institute", "practise", "practice", "apply", "launch",
    "popularize", "popularise", "spread", "extend", "initiate", "pursue", "enforce", "establish", "set",
    "carry", "put", "try", "start", "develop", "organize", "organise", "build", "conduct", "run",
    "unfold", "wage", "experiment", "follow",
}  # fmt: skip
# verbs of use: what they take is adopted when it is a way of working ("used the close-planting method")
USE_VERBS = {"use", "employ", "utilize", "utilise"}
PARTICLE = {"set": "up", "carry": "out", "put": "into"}
# verbs that keep to a practice through a preposition: "adhere to X", "insist on X", "persist in X"
ADHERE = {("to", "adhere"), ("to", "stick"), ("on", "insist"), ("in", "persist"), ("to", "keep")}
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
    "bank", "determined", "bold", "hydropower", "hydroelectric", "thermal", "electric", "pumping",
    "original", "false", "annual", "yearly", "quarter", "quarterly", "monthly", "daily", "traditional",
    "advanced",
}  # fmt: skip
MEASURE_NOUNS = {"measure", "method", "way", "form", "practice", "step", "reform", "system", "mechanism"}
# verbs whose listed objects are practices taken up, not things made or bought
STRONG_ADOPT = {
    "implement", "introduce", "adopt", "promote", "institute", "practise", "practice", "popularize",
    "popularise", "enforce", "pursue",
}  # fmt: skip
# verbs that take a practice even as their only object: "implementing directed and targeted supply"
SINGLE_ADOPT = {"implement", "introduce", "institute", "popularize", "popularise", "pilot"}
# verbs of spreading that take one practice, named alone, as their object ("promote rural savings")
SINGLE_PROMOTE = {"promote"}
# heads of listed things that are not practices: goals, results, people, goods
NOT_MEASURES = {
    "production", "output", "quality", "efficiency", "development", "work", "worker", "people", "cadre",
    "product", "goods", "experience", "spirit", "interest", "enthusiasm", "task", "plan", "target",
    "unity", "friendship", "cooperation", "exchange", "relation", "relationship", "trade", "economy",
    "director", "manager", "leader", "official", "staff", "personnel", "member", "farmer", "peasant",
    "technician", "engineer", "talent", "student", "recovery", "growth",
}  # fmt: skip
# verbs of making or gathering goods: a listed gerund of these is production, not a mechanism
MAKING = {
    "make", "produce", "manufacture", "dig", "collect", "gather", "pick", "plant", "grow", "raise", "weave",
    "spin", "burn", "catch", "mine", "smelt", "build", "process", "cut", "breed",
}  # fmt: skip
# an enumerated item's own words end before its conjuncts, appositions, clauses and adverbs ("X everywhere")
ITEM_CUT = {"conj", "cc", "punct", "appos", "advcl", "relcl", "acl", "xcomp", "advmod", "npadvmod"}
MAX_WORDS = 8


@functools.lru_cache(maxsize=1)
def heads() -> dict[tuple[str, ...], tuple[str, str]]:
    """('contract', 'system') -> ('contract-system', 'open'), read from mechanism_heads.tsv."""
    rows = lexicon.rows("mechanism_heads.tsv")
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
    if node.dep_ == "pobj" and (head.lower_, head.head.lemma_.lower()) in ADHERE:
        return True  # "adhering to the X system", "insist on X"
    if node.dep_ == "pobj" and head.lower_ in {"into", "in"} and head.head.lemma_.lower() == "put":
        return False  # "put X into practice": X is the object, not "practice"
    return False


def used(tok) -> bool:
    """True when ``tok`` is what 'use' or 'employ' takes ('many places use the X fishing method')."""
    node = tok
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    return node.dep_ in {"dobj", "nsubjpass"} and node.head.lemma_.lower() in USE_VERBS


def hyphen_adverb(tok) -> bool:
    """An adverb that is the first half of a hyphenated modifier ('close-planting', 'deep-ploughing')."""
    return tok.pos_ == "ADV" and tok.is_alpha and not tok.is_stop


def participle(tok) -> bool:
    """A past participle that is the first half of a hyphenated modifier ('fixed-point', 'closed-loop')."""
    return tok.tag_ == "VBN" and tok.is_alpha and tok.lower_ not in GENERIC_MODIFIERS


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
        left_half = doc[i - 1] if i - 1 >= floor else None
        if prev.text == "-" and left_half is not None and (
            classifying(left_half) or left_half.like_num or hyphen_adverb(left_half) or participle(left_half)
        ):
            start = i - 1  # "piece-rate", "Three-Anti", "close-planting"
        elif prev.text in {'"', "“", "”"} and not nouns_only:  # 'the "three guarantees" system'
            opening = next(
                (k for k in range(i - 1, max(floor, i - 10) - 1, -1) if doc[k].text in {'"', "“"}), None
            )
            if opening is None:
                break
            start = opening
        elif classifying(prev) and (
            prev.head.i > i or prev.dep_ == "conj" and start <= prev.head.head.i and prev.head.i < i
        ):  # a modifier of what follows, not "run the enterprise"; or the second of two ("A and B campaign")
            start = i
        elif (
            prev.lower_ == "and"
            and not nouns_only
            and i - 1 >= floor
            and classifying(doc[i - 1])
            and head_ending_at(doc, i - 1) is None  # "A loans and B loans": two mechanisms
            and any(t.dep_ == "conj" and t.head.i == i - 1 for t in (doc[start], doc[start].head, doc[head]))
            and start < head
        ):  # "production and conservation campaign", "self-inspection and mutual inspection systems"
            start = i - 1
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


def ruled(doc, i: int) -> bool:
    """True when the lexicon ruler already matched a mechanism over token ``i``."""
    return any(s.label_ == "MECH" and s.start <= i < s.end for s in doc.spans[SPANS_KEY])


def _mention(ctx: ArticleContext, span, rule_name: str, broader: str) -> Mention:
    end = span.start_char + len(ctx.text[span.start_char : span.end_char].rstrip(",;:"))
    text = ctx.text[span.start_char : end]
    return Mention(
        ctx.article.id, "en", span.start_char, end, text, "PolicyMechanism", rule_name, "", broader
    )


@rule("mentions")
def open_mechanisms(ctx: ArticleContext) -> Iterator[Mention]:
    """'<classifying modifiers> <mechanism head>' ('piece-rate wage system', 'Three-Anti campaign');
    weak heads ('network', 'method', 'system') only as what an adoption verb or noun takes."""
    doc = ctx.doc
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or ctx.in_headline(tok.idx):
            continue
        found = head_ending_at(doc, tok.i)
        if found is None:
            continue
        head_start, broader, where = found
        if tok.is_title and tok.i > tok.sent.start and where == "object":
            continue  # "Dispatch Center", "Leading Group": a named body, not a mechanism
        if where == "object" and not adopted(tok) and not (broader == "work-methods" and used(tok)):
            continue
        if tok.lemma_.lower() == "team" and tok.tag_ != "NNS":
            continue  # "set up an inspection team": one body; "organized ploughing teams": a practice
        if quotes_its_name(tok):
            continue  # 'the strategic policy of "X"': the quoted slogan is the mechanism
        start = modifier_start(doc, head_start, tok.sent.start)
        end = purpose_end(doc, tok.i) if broader == "campaigns" else process_end(doc, tok.i)
        if start == head_start and end == tok.i + 1:
            continue  # "the system", "this campaign": a bare head names no mechanism
        modifiers = doc[start:head_start]
        if all(t.pos_ == "ADJ" for t in modifiers if t.is_alpha) and tok.lemma_ == "competition":
            continue  # "fierce competition": emulation is named by what is competed in
        span = doc[start : tok.i + 1]
        singular = " ".join([*(t.lower_ for t in span[:-1]), tok.lemma_.lower()])
        known = lexicon_terms().get(span.text.lower()) or lexicon_terms().get(singular)
        if known:
            if not ruled(doc, tok.i):  # the ruler matches the lexicon's (singular) forms only
                yield Mention(
                    ctx.article.id, "en", span.start_char, span.end_char, span.text, "PolicyMechanism",
                    "open_mechanisms", known,
                )  # fmt: skip
            continue  # "preferential policies": that lexicon concept, named in the plural
        concept = lexicon_terms().get(doc[start:head_start].text.lower())
        if concept and broader == "campaigns":  # "technical innovation movement": that lexicon concept
            yield Mention(
                ctx.article.id, "en", span.start_char, span.end_char, span.text, "PolicyMechanism",
                "open_mechanisms", concept,
            )  # fmt: skip
            continue
        yield _mention(ctx, doc[start:end], "open_mechanisms", broader)


def process_end(doc, i: int) -> int:
    """End of what a process noun in -ization is of ('the mechanization of rice milling'): 'of' and a
    noun phrase without a determiner, up to punctuation, a preposition or a clause; else ``i + 1``."""
    if not doc[i].lower_.endswith(("ization", "isation")) or i + 2 >= len(doc) or doc[i + 1].lower_ != "of":
        return i + 1
    if doc[i + 2].pos_ not in {"NOUN", "ADJ"}:
        return i + 1  # "the mechanization of the county", "of 80 percent"
    end = i + 2
    while end < doc[i].sent.end and end - i <= 4 and doc[end].ent_type_ != "DATE" and (
        doc[end].pos_ == "NOUN" or _adj_before_noun(doc, end)
    ):
        end += 1
    return end if doc[end - 1].pos_ == "NOUN" else i + 1


def _adj_before_noun(doc, k: int) -> bool:
    """Whether token ``k`` is an adjective with a noun right after it ('upland' in 'of upland rice')."""
    return doc[k].pos_ == "ADJ" and k + 1 < len(doc) and doc[k + 1].pos_ == "NOUN"


# tags that end a campaign's purpose: a clause's finite verb or relative word ('a movement to X must')
CLAUSE_TAGS = {"MD", "VBD", "VBZ", "VBP", "WDT", "WP", "WRB"}


def purpose_end(doc, i: int) -> int:
    """End of a campaign's purpose ('a mass movement to improve technology'): 'to', a verb and its object,
    up to punctuation, a preposition or a clause; ``i + 1`` when the head has none."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ != "to" or doc[i + 2].tag_ != "VB":
        return i + 1
    end = i + 3
    while end < doc[i].sent.end and end - i <= MAX_WORDS and not (
        doc[end].is_punct or doc[end].pos_ in {"ADP", "SCONJ"} or doc[end].tag_ in CLAUSE_TAGS
    ):
        end += 1
    if end - i > MAX_WORDS or any(ruled(doc, k) for k in range(i + 2, end)):
        return i + 1  # too long for a name, or a lexicon concept names the campaign ("to clear inventory")
    return end


def quotes_its_name(tok) -> bool:
    """True for a noun followed by 'of' and a quotation ('the policy of "X"'): the quoted slogan names
    the mechanism (:func:`quoted_slogans`), not the noun."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of" and doc[tok.i + 2].text in {'"', "“"}


def _item_span(tok):
    """An enumerated item's own words: its subtree without its conjuncts, commas and 'and'."""
    skip = set()
    for child in tok.children:
        if child.dep_ in ITEM_CUT:
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
        if anchor is None or ctx.in_headline(tok.idx):
            continue
        pobj = [c for c in doc[tok.i + 1].children if c.dep_ in {"pobj", "pcomp"}]
        if not pobj:
            continue  # "such as simplifying procedures": a gerund is the preposition's pcomp
        yield from _items(ctx, [pobj[0], *pobj[0].conjuncts], "enumerated_measures")


HELP_VERBS = {"assist", "help", "aid", "support"}


@rule("mentions")
def means_lists(ctx: ArticleContext) -> Iterator[Mention]:
    """'through technical guidance, chemical analysis and equipment supply', 'assisted the counties in
    A, B and C': the listed ways an actor works or helps (three or more, each named with its kind)."""
    for tok in ctx.doc:
        means = tok.lower_ == "through"
        helping = tok.lower_ == "in" and governing_help(tok)
        if not (means or helping) or ctx.in_headline(tok.idx):
            continue
        pobj = [c for c in tok.children if c.dep_ == "pobj"]
        if pobj and len(pobj[0].conjuncts) >= 2:
            yield from _items(ctx, [pobj[0], *pobj[0].conjuncts], "means_lists", nouns_only=True)


def governing_help(prep) -> bool:
    """True when a preposition hangs on a verb of help ('assisted the counties in ...')."""
    return prep.head.pos_ == "VERB" and prep.head.lemma_.lower() in HELP_VERBS


def _items(ctx: ArticleContext, heads, rule_name: str, *, nouns_only: bool = False) -> Iterator[Mention]:
    """A mention for each enumerated item of two to MAX_WORDS words that is not a name."""
    doc = ctx.doc
    for item in heads:
        if nouns_only and (item.pos_ != "NOUN" or item.tag_ == "VBG"):
            continue
        span = _item_span(item)
        words = [t for t in span if t.is_alpha]
        if not 2 <= len(words) <= MAX_WORDS or any(t.like_num for t in span):
            continue
        if all(t.is_title for t in words) or any(t.pos_ == "PRON" or t.dep_ == "poss" for t in span):
            continue  # a name, left to the name rules; "their own plans", "Chairman Mao's line"
        if nouns_only or rule_name == "adopted_lists":
            kinds = {"amod", "compound", "nmod"} | ({"dobj"} if item.tag_ == "VBG" else set())
            if not any(c.dep_ in kinds for c in item.children):
                continue  # a practice is named with what kind it is ("artificial insemination")
        if span.root.lemma_.lower() in MEASURE_NOUNS | NOT_MEASURES or ruled(doc, span.root.i):
            continue  # "these measures", or a lexicon term the ruler already has
        if quotes_its_name(span.root):
            continue  # 'implement the working policy of "X"': the quoted slogan
        if span.root.lemma_.lower() in goods_heads():
            continue  # "refrigerated trucks", "fermented feed": goods taken up, not a way of working
        if item.tag_ == "VBG" and item.lemma_.lower() in MAKING:
            continue  # "making paper, digging medicinal herbs": production itself, not a way of working
        found = head_ending_at(doc, span.end - 1)
        yield _mention(ctx, span, rule_name, found[1] if found else "")


# materials of farming and making that a list of things promoted may name (the goods lexicon has the staples)
FODDER = {"feed", "fodder", "fertilizer", "fertiliser", "manure", "seed", "fabric", "cloth", "yarn"}


@functools.lru_cache(maxsize=1)
def goods_heads() -> frozenset[str]:
    """Heads of goods: the last word of each staple good's English name ('cloth', 'fertilizer'), machines
    and tools, and the materials of farming and making."""
    staples = {name.lower().split()[-1] for name, _ in lexicon.goods() if name}
    return frozenset(staples | ARTEFACT_HEADS | FODDER)


@rule("mentions")
def adopted_lists(ctx: ArticleContext) -> Iterator[Mention]:
    """'X, Y and Z have been widely promoted', 'adopted the method of X, Y and Z': each listed practice
    that a verb of adoption takes is a mechanism (two or more items, so that one object is not enough)."""
    doc = ctx.doc
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in STRONG_ADOPT and not ctx.in_headline(tok.idx):
            if any(c.dep_ in {"xcomp", "ccomp"} for c in tok.children):
                continue  # "promoting directors and managers to work boldly": a cause, not an adoption
            objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
            items = [x for o in objs for x in (o, *o.conjuncts)]
            items = sorted({x.i: x for x in items}.values(), key=lambda x: x.i)
            single = lemma in SINGLE_ADOPT or lemma in SINGLE_PROMOTE and len(items) == 1 and not any(
                c.dep_ == "prep" for c in items[0].children
            )  # "promote rural savings"; "promote the export of X", "promoting X of rice": what is spread
            if not any(x.lemma_.lower() in MEASURE_NOUNS for x in items) and (
                len(items) >= 2 or single and items
            ):
                yield from _items(ctx, items, "adopted_lists")
        elif lemma in MEASURE_NOUNS and tok.dep_ == "dobj" and tok.head.lemma_.lower() in STRONG_ADOPT:
            of = [c for c in tok.children if c.lower_ == "of"]
            first = [c for p in of for c in p.children if c.dep_ in {"pobj", "pcomp"}]
            listed = [*first[:1], *(first[0].conjuncts if first else ())]
            # the list's last noun often hangs on the gerund's object: "explaining rules, and collective X"
            objs = [o for g in listed if g.tag_ == "VBG" for o in g.children if o.dep_ == "dobj"]
            tail = [x for o in objs for x in o.conjuncts]
            if len(listed) + len(tail) >= 2:  # "the method of summoning both sides ... and collective X"
                yield from _items(ctx, [*listed, *tail], "adopted_lists", nouns_only=True)


# 'the policy of "X" and "Y"', 'adhering to "X"': a quoted slogan named as a line, method or policy
QUOTE = r'"[^"\n]{3,90}"'
QUOTED_AFTER = re.compile(
    r"\b(?:(?:policy|policies|principles?|guidelines?|guiding principles?|slogans?|methods?|practice|"
    r"approach|line|spirit|style|way|idea|call)\s+of|implement(?:ed|s|ing)?|adher(?:e|ed|es|ing)\s+to|"
    r"insist(?:ed|s|ing)?\s+on|persist(?:ed|s|ing)?\s+in|carr(?:y|ied|ies|ying)\s+out|"
    r"practi[sc](?:e|ed|es|ing)|advocat(?:e|ed|es|ing)|put\s+forward|follow(?:ed|s|ing)?)"
    rf"\s+(?:the\s+)?((?:{QUOTE}(?:\s*,?\s*(?:and|as well as)?\s*)?)+)",
    re.I,
)


@rule("mentions")
def quoted_slogans(ctx: ArticleContext) -> Iterator[Mention]:
    """'adheres to the policy of "more, faster, better"': each quoted slogan after a noun of policy or
    method, or after a verb of adoption, is a mechanism named by its own words."""
    doc = ctx.doc
    for m in QUOTED_AFTER.finditer(ctx.text):
        for q in re.finditer(QUOTE, m.group(1)):
            start, end = m.start(1) + q.start() + 1, m.start(1) + q.end() - 1
            words = ctx.text[start:end].split()
            if not 2 <= len(words) <= 12 or sum(w[:1].isupper() for w in words) * 2 > len(words):
                continue  # one word, or a name or a work's title ("The Foolish Old Man ...")
            if ctx.text[end - 1] in ".!?":
                continue  # a quoted sentence, not a slogan
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or ctx.in_headline(start) or any(ruled(doc, t.i) for t in span):
                continue
            yield _mention(ctx, span, "quoted_slogans", "")


@rule("mentions")
def combinations(ctx: ArticleContext) -> Iterator[Mention]:
    """'combining indigenous and foreign methods', 'a combination of A and B': the period's policies of
    joining two ways of working (两结合) are mechanisms, named by the text's phrase from 'combining' or
    'combination' on ('combining A and B', 'combination of A and B')."""
    doc = ctx.doc
    for tok in doc:
        low = tok.lower_
        if low not in {"combining", "combination"} or ctx.in_headline(tok.idx) or ruled(doc, tok.i):
            continue
        if low == "combining":
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            if not objs:
                continue
            start = tok.i
        else:
            of = [c for c in tok.children if c.lower_ == "of" and c.i == tok.i + 1]
            objs = [c for p in of for c in p.children if c.dep_ == "pobj"]
            if not objs:
                continue
            start = tok.i + 2
        obj = objs[0]
        idx = [t.i for t in obj.subtree]
        partner = [c for c in tok.children if c.lower_ == "with" and c.i > obj.i]  # "combining A with B"
        idx += [t.i for p in partner[:1] for t in p.subtree]
        end = max(idx) + 1
        cut = next((t.i for t in doc[obj.i + 1 : end] if t.text in {";", '"', "“", "”", "(", ":"}), end)
        while cut > obj.i + 1 and (doc[cut - 1].is_punct or doc[cut - 1].lower_ in {"and", "or"}):
            cut -= 1
        words = [t for t in doc[start:cut] if t.is_alpha]
        joined = any(t.lower_ in {"and", "with"} for t in doc[start:cut]) or any(
            t.dep_ == "conj" for t in doc[obj.i : cut]
        )
        if any(t.pos_ in {"PRON", "PROPN"} or t.dep_ == "poss" for t in doc[start:cut]):
            continue  # "combining it with their own needs": no named way of working
        if not joined or not 3 <= len(words) <= MAX_WORDS + 2:
            continue  # two ways of working, named by common words
        yield Mention(
            ctx.article.id, "en", tok.idx, doc[cut - 1].idx + len(doc[cut - 1]),
            ctx.text[tok.idx : doc[cut - 1].idx + len(doc[cut - 1])], "PolicyMechanism", "combinations",
        )  # fmt: skip


@rule("relations")
def serial_comma_names(ctx: ArticleContext) -> Iterator[Relation]:
    """'combining large, medium, and small scales' is also written without the serial comma: each
    mechanism named with one takes the other spelling as an alias (a naming step: no relation)."""
    for ent in ctx.entities.values():
        if ent.type == "PolicyMechanism":
            for name in [ent.label_en, *sorted(ent.aliases_en)]:
                if ", and " in name or ", or " in name:
                    ent.aliases_en.add(name.replace(", and ", " and ").replace(", or ", " or "))
    return iter(())
