"""Appointment events in both languages: which kind of change a sentence reports for a post.

A holding (person, post) stated in a sentence is an event when a trigger of the language stands in
the same clause before the post's title: 任命/当选/免去/调任/代理/兼/原/前 in Chinese, "appointed",
"elected", "removed", "transferred", "acting", "concurrently", "former" in English. The trigger
nearest the title wins ("原市长、现任省长" gives Former for the first title, Appointed for the second).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.en.relations import _ref, _title_body
from kg.extract.registry import rule
from kg.extract.zh import names as zh_names
from kg.extract.zh.relations import _post_body
from kg.nlp import SPANS_KEY
from kg.records import Post, Relation

# Event kinds: the local names of the kg ontology's event classes.
KINDS = ("Appointment", "Election", "Dismissal", "Transfer", "ActingAppointment", "ConcurrentAppointment",
         "FormerHolding")
# Kinds after which the person no longer holds the post.
ENDING = frozenset({"Dismissal", "FormerHolding"})

_ZH = [
    (r"任命|委任|出任|担任|接任|继任|就任|升任"
     r"|(?<![主责信兼担委接继就升调改现])任(?![务何意期内性])", "Appointment"),
    (r"当选|选举|选为|推选", "Election"),
    (r"免去|免职|撤销|撤职|解除|辞去", "Dismissal"),
    (r"调任|调往|改任|调到|调至", "Transfer"),
    (r"代理|(?<![时年世现取替])代(?=[省市县区])", "ActingAppointment"),
    (r"(?<![统])兼(?!顾|并|职)", "ConcurrentAppointment"),
    (r"原任|(?<![草平高])原(?![来因则料始先本材油煤]|有)|(?<![以目提当])前任|(?<![以目提当上眼])前(?![往进面后景途来])",
     "FormerHolding"),
]
_EN = [
    (r"\b(?:appoint(?:s|ed|ing|ment)?|named|nominated)\b", "Appointment"),
    (r"\b(?:elect(?:s|ed|ing|ion)?|re-elected)\b", "Election"),
    (r"\b(?:remov(?:e|es|ed|ing|al)|dismiss(?:es|ed|ing|al)?|reliev(?:e|es|ed|ing))\b", "Dismissal"),
    (r"\b(?:transfer(?:s|red|ring)?|reassigned)\b", "Transfer"),
    (r"\bacting\b", "ActingAppointment"),
    (r"\b(?:concurrently|concurrent)\b", "ConcurrentAppointment"),
    (r"\b(?:former|ex-|formerly)\b", "FormerHolding"),
]
TRIGGERS = {lang: [(re.compile(p, re.I), kind) for p, kind in table]
            for lang, table in (("zh", _ZH), ("en", _EN))}
_CLAUSE = {"zh": re.compile(r"[，；。：！？]"), "en": re.compile(r"[;:.!?]|, (?:and|while|but) ")}


def event_kind(sentence: str, title_at: int, lang: str) -> str:
    """The kind of appointment event for the title starting at ``title_at`` in ``sentence``, or ''."""
    clauses = [m.end() for m in _CLAUSE[lang].finditer(sentence, 0, title_at)]
    start = clauses[-1] if clauses else 0
    best, where = "", -1
    for pattern, kind in TRIGGERS[lang]:
        for m in pattern.finditer(sentence, start):  # no endpos: lookaheads may read the title (代市长)
            if m.start() >= title_at:
                break
            if m.start() > where:
                best, where = kind, m.start()
    return best


def find_title(sentence: str, title: str, near: int = 0) -> int:
    """Offset of ``title`` in ``sentence`` (case-insensitive) for the name at ``near``, or -1: the title
    right before the name (市长王刚), else the first after it (任命王刚为市长), else the last before it."""
    if not title:
        return -1
    hits = [m.start() for m in re.finditer(re.escape(title), sentence, re.I)]
    touching = [h for h in hits if 0 <= near - (h + len(title)) <= 1]
    after = [h for h in hits if h >= near]
    before = [h for h in hits if h < near]
    return (touching or after or before[-1:] or [-1])[0]


# --- relation rule: name, then appointment verb, then title (任命王刚为武汉市代市长) -----------------------

_AFTER_NAME = re.compile(r"(?:同志)?(?:为|的|调任|升任|出任|改任|担任|兼任|代理|当选为|当选|任)")
_CLAUSE_STOP = re.compile(r"[，。；：！？\n]")


@rule("relations", lang="zh")
def zh_appointed_post(ctx: ArticleContext) -> Iterator[Relation]:
    """'任命王刚为武汉市代市长', '免去李明的武汉市市长职务', '李明调任湖北省副省长': a name, an appointment
    verb and a title in one clause, with a trigger of :data:`TRIGGERS` before the title."""
    titles = zh_names.titles()
    for m in ctx.mentions:
        if m.type != "Person" or m not in ctx.mention_ref:
            continue
        link = _AFTER_NAME.match(ctx.text, m.end)
        if link is None:
            continue
        stop = _CLAUSE_STOP.search(ctx.text, link.end())
        end = stop.start() if stop else len(ctx.text)
        if end - link.end() > 20:
            continue
        found = None
        for title in titles:  # longest first: the first title found at the earliest place wins
            at = ctx.text.find(title.title_zh, link.end(), end)
            if at >= 0 and (found is None or at < found[1]):
                found = (title, at)
        if found is None:
            continue
        title, at = found
        s, _ = ctx.sentence_of(m.start, m.end)
        if not event_kind(ctx.text[s:at + len(title.title_zh)], at - s, "zh"):
            continue
        body = _post_body(ctx, title, at)
        yield Relation(ctx.mention_ref[m], "holds", None, ctx.evidence(m.start, at + len(title.title_zh)),
                       Post(title.title_en, title.title_zh, body))


# --- relation rule: "appointed Wang Gang as Acting Mayor", "Li Ming was transferred to the post of ..." --

_EN_GAP = re.compile(
    r"(?:\s+(?:was|were|has been|had been|is)\s+(?:appointed|elected|named|transferred|promoted|reassigned"
    r"|removed|dismissed|relieved)|\s+(?:as|to be)|\s+from\s+(?:the|his|her)\s+posts?\s+(?:of|as)"
    r"|,\s*(?:formerly|former|concurrently|then))"
    r"(?:\s+(?:as|to be|to the posts? of|to the office of|to|from the posts? of))?(?:\s+the)?"
    r"(?:\s+(?:acting|former))?\s*$",
    re.I,
)


@rule("relations")
def en_appointed_post(ctx: ArticleContext) -> Iterator[Relation]:
    """'appointed Wang Gang as Acting Mayor of Wuhan', 'remove Li Ming from the post of Mayor', 'Li Ming
    was transferred to the post of Vice Governor', 'Wang Gang, formerly Vice Mayor': a name, an
    appointment phrase and a title, with a trigger of :data:`TRIGGERS` before the title."""
    titles = {t.title_en.lower(): t for t in lexicon.titles()}
    from spacy.util import filter_spans  # here: Chinese-only builds never import spaCy

    persons = sorted((m for m in ctx.mentions if m.type == "Person"), key=lambda m: m.start)
    for span in filter_spans([s for s in ctx.doc.spans[SPANS_KEY] if s.label_ == "TITLE"]):
        title = titles.get(span.id_.lower())
        if title is None:
            continue
        s, e = ctx.sentence_of(span.start_char, span.end_char)
        before = [p for p in persons if s <= p.start and p.end <= span.start_char]
        if not before or len(ctx.text[before[-1].end:span.start_char]) > 40:
            continue
        person = before[-1]
        if not _EN_GAP.search(ctx.text[person.end:span.start_char]):
            continue
        if not event_kind(ctx.text[s:e], span.start_char - s, "en"):
            continue
        body = _title_body(ctx, title, span, ctx.mentions_within(s, e))
        yield Relation(_ref(ctx, person), "holds", None, ctx.evidence(person.start, span.end_char),
                       Post(span.text, title.title_zh, body))
