"""The Chinese "doc": what the zh rules read instead of a spaCy Doc.

``make_doc(text)`` -> ``ZhDoc`` with sentences (split after 。！？； and at line breaks, a closing quote
staying with its sentence), words with part-of-speech tags and character offsets (``kg.zhseg``), and
named-entity spans from ``kg.zh_ner`` (the packaged CRF, fed the same words: one segmentation per
article) or, when that model is not installed, from the tags (nr -> PER, ns -> LOC, nt -> ORG).
Everything is computed lazily and offsets index ``text`` exactly.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import itemgetter

from kg.zhseg import Word, dictionary_tag, domain_words, tokenize, word_frequency

__all__ = ["Sentence", "Word", "ZhDoc", "dictionary_tag", "domain_words", "make_doc", "tokenize",
           "word_frequency"]

MAX_SENTENCE_CHARS = 400  # real sentences are far shorter; a longer run is cut at a comma

SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*|\n")
JIEBA_NER = {"nr": "PER", "ns": "LOC", "nt": "ORG"}

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sentence:
    """A sentence as a character span (the attribute names of spaCy's ``Span``)."""

    start_char: int
    end_char: int
    text: str


@dataclass
class ZhDoc:
    """A Chinese body with sentences, words and entity spans (computed on first use)."""

    text: str
    _words: list[Word] | None = field(default=None, repr=False)
    _ents: list[tuple[int, int, str]] | None = field(default=None, repr=False)
    _sents: list[Sentence] | None = field(default=None, repr=False)

    @property
    def sents(self) -> list[Sentence]:
        if self._sents is None:
            self._sents = [Sentence(s, e, self.text[s:e]) for s, e in split_sentences(self.text)]
        return self._sents

    @property
    def words(self) -> list[Word]:
        if self._words is None:
            self._words = tokenize(self.text)
        return self._words

    @property
    def ents(self) -> list[tuple[int, int, str]]:
        """Named-entity spans ``(start, end, PER|LOC|ORG)`` in text order."""
        if self._ents is None:
            self._ents = recognize(self.text, self.words)
        return self._ents

    def word_at(self, pos: int) -> Word | None:
        """The word covering character ``pos``."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.words[i].end:
            return self.words[i]
        return None

    @functools.cached_property
    def starts(self) -> list[int]:
        """The words' start offsets, in order (made once: rules bisect and index them)."""
        return list(map(_START, self.words))

    @functools.cached_property
    def ends(self) -> list[int]:
        """The words' end offsets, in order (made once)."""
        return list(map(_END, self.words))

    def spans_tagged(self, tag: str) -> tuple[tuple[int, int], ...]:
        """The (start, end) of the words tagged ``tag`` (``ns``: place words), in order, made once per tag."""
        memo = self.__dict__.setdefault("_tagged", {})
        if tag not in memo:
            pos = map(_POS, self.words)
            memo[tag] = tuple(compress(zip(self.starts, self.ends, strict=True), map(tag.__eq__, pos)))
        return memo[tag]

    def words_within(self, start: int, end: int) -> list[Word]:
        """The words that start in [start, end), in order (found by bisection, not by a scan)."""
        starts = self.starts
        return self.words[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def boundaries(self) -> frozenset[int]:
        """Character offsets where a jieba word starts or ends."""
        cached = getattr(self, "_bounds", None)
        if cached is None:
            cached = self._bounds = frozenset(chain(self.starts, self.ends))
        return cached


_POS, _START, _END = itemgetter(1), itemgetter(2), itemgetter(3)  # Word.pos, .start, .end


def make_doc(text: str) -> ZhDoc:
    """The doc for one Chinese body."""
    return ZhDoc(text)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a sentence ends after 。！？；(and any closing quote) or at a line break; one longer
    than :data:`MAX_SENTENCE_CHARS` is cut after its last comma before that length (or at that length),
    so that no rule works on a run-on 'sentence' of a whole article."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        if text[start:end].strip():
            spans.extend(_cut_long(text, start, end))
        start = m.end()
    if text[start:].strip():
        spans.extend(_cut_long(text, start, len(text)))
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        comma = max(text.rfind(mark, start + MAX_SENTENCE_CHARS // 2, limit) for mark in "，、,：")
        cut = comma + 1 if comma != -1 else limit
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


@functools.lru_cache(maxsize=1)
def ner_available() -> bool:
    """True when the packaged Chinese NER model is installed."""
    try:
        from kg import zh_ner
    except ImportError:
        return False
    return zh_ner.MODEL_PATH.is_file()


def recognize(text: str, words: list[Word]) -> list[tuple[int, int, str]]:
    """Entity spans from the CRF model, or from jieba's tags when the model is absent."""
    if ner_available():
        from kg import zh_ner

        return sorted(zh_ner.entities(text, words))
    spans = []
    for i, w in enumerate(words):  # jieba cuts 李安达 as 李/安达: a lone surname joins the next name word
        if w.pos == "nr" and len(w.text) == 1 and i + 1 < len(words) and words[i + 1].pos == "nr":
            spans.append((w.start, words[i + 1].end, "PER"))
        elif w.pos in JIEBA_NER and not (i > 0 and spans and spans[-1][1] == w.end):
            spans.append((w.start, w.end, JIEBA_NER[w.pos]))
    return spans
