"""Appointment events in both languages: which kind of change a sentence reports for a post.

A holding (person, post) stated in a sentence is an event when a trigger of the language stands in
the same clause before the post's title: 任命/当选/免去/调任/代理/兼/原/前 in Chinese, "appointed",
"elected", "removed", "transferred", "acting", "concurrently", "former" in English. The trigger
nearest the title wins ("原市长、现任省长" gives Former for the first title, Appointed for the second).
"""

from __future__ import annotations

import re

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
    (r"\b(?:appointed|named|nominated)\b", "Appointment"),
    (r"\b(?:elected|re-elected)\b", "Election"),
    (r"\b(?:removed|dismissed|relieved)\b", "Dismissal"),
    (r"\b(?:transferred|reassigned)\b", "Transfer"),
    (r"\bacting\b", "ActingAppointment"),
    (r"\b(?:concurrently|concurrent)\b", "ConcurrentAppointment"),
    (r"\b(?:former|ex-|formerly|then)\b", "FormerHolding"),
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
        for m in pattern.finditer(sentence, start, title_at):
            if m.start() > where:
                best, where = kind, m.start()
    return best


def find_title(sentence: str, title: str, near: int = 0) -> int:
    """Offset of ``title`` in ``sentence`` (case-insensitive), the occurrence nearest ``near``; -1."""
    if not title:
        return -1
    hits = [m.start() for m in re.finditer(re.escape(title), sentence, re.I)]
    return min(hits, key=lambda h: (abs(h - near), h)) if hits else -1
