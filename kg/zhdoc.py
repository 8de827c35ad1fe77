"""The Chinese "doc": what the zh rules read instead of a spaCy Doc.

``make_doc(text)`` -> ``ZhDoc`` with sentences (split after 。！？； and at line breaks, a closing quote
staying with its sentence), jieba words with part-of-speech tags and character offsets, and named-entity
spans from ``kg.zh_ner`` (the packaged CRF) or, when that model is not installed, from jieba's tags
(nr -> PER, ns -> LOC, nt -> ORG). Everything is computed lazily and offsets index ``text`` exactly.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Word:
    """A jieba word: text, part-of-speech flag and character offsets."""

    text: str
    pos: str
    start: int
    end: int


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
        lo, hi = 0, len(self.words) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            w = self.words[mid]
            if w.start <= pos < w.end:
                return w
            if pos < w.start:
                hi = mid - 1
            else:
                lo = mid + 1
        return None

    def words_within(self, start: int, end: int) -> list[Word]:
        """The words that start in [start, end), in order (found by bisection, not by a scan)."""
        starts = getattr(self, "_starts", None)
        if starts is None:
            starts = self._starts = [w.start for w in self.words]
        return self.words[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def boundaries(self) -> frozenset[int]:
        """Character offsets where a jieba word starts or ends."""
        cached = getattr(self, "_bounds", None)
        if cached is None:
            cached = frozenset({w.start for w in self.words} | {w.end for w in self.words})
            self._bounds = cached
        return cached


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
def _posseg():
    """A jieba POS tokenizer of our own (the global one stays untouched) that knows the domain's words:
    place names, titles of office, well-known bodies and mechanism terms, so that 联合推销 or 主管副省长
    come out whole."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, tag in domain_words():
        if tokenizer.FREQ.get(word) and len(word) < 3:
            continue  # a common two-character word keeps jieba's own statistics
        tokenizer.add_word(word, tag=tag)
    # the default POS table is the global tokenizer's (already loaded by importing jieba.posseg): share a
    # copy rather than parse the dictionary file a second time
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = tokenizer
    pos.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    pos.makesure_userdict_loaded()
    return pos


def domain_words() -> list[tuple[str, str]]:
    """(word, jieba tag) pairs from the gazetteer and the lexicons, in a fixed order."""
    from kg import lexicon
    from kg.gazetteer import load_gazetteer

    words: dict[str, str] = {}
    for name in load_gazetteer().names_zh():
        if len(name) >= 3:  # two-character names (和县) would split common phrases (县委和县政府)
            words.setdefault(name, "ns")
    for row in lexicon._rows("zh_names.tsv"):
        words.setdefault(row[0], "nt")
    for title in [t.title_zh for t in lexicon.titles()] + [r[1] for r in lexicon._rows("zh_titles.tsv")]:
        if len(title) >= 2:
            words.setdefault(title, "n")
    patterns = [p for mech in lexicon.mechanisms() for p in mech.patterns_zh]
    patterns += [p for row in lexicon._rows("zh_mechanisms.tsv") for p in row[1].split("|")]
    for pat in patterns:
        if len(pat.strip("* ")) >= 3:
            words.setdefault(pat.strip("* "), "n")
    return sorted(words.items())


def dictionary_tag(word: str) -> str:
    """jieba's dictionary part-of-speech tag of ``word`` ('' when it is not a dictionary word)."""
    return _posseg().word_tag_tab.get(word, "")


def word_frequency(word: str) -> int:
    """jieba's dictionary frequency of ``word`` (0 when it is not a dictionary word)."""
    return _posseg().tokenizer.FREQ.get(word) or 0


def tokenize(text: str) -> list[Word]:
    """jieba words with offsets (line by line, so no word spans a line break)."""
    words: list[Word] = []
    pos = 0
    for line in text.split("\n"):
        offset = pos
        for pair in _posseg().cut(line):
            words.append(Word(pair.word, pair.flag, offset, offset + len(pair.word)))
            offset += len(pair.word)
        pos += len(line) + 1
    return words


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

        return sorted(zh_ner.recognize([text])[0])
    spans = []
    for i, w in enumerate(words):  # jieba cuts 李安达 as 李/安达: a lone surname joins the next name word
        if w.pos == "nr" and len(w.text) == 1 and i + 1 < len(words) and words[i + 1].pos == "nr":
            spans.append((w.start, words[i + 1].end, "PER"))
        elif w.pos in JIEBA_NER and not (i > 0 and spans and spans[-1][1] == w.end):
            spans.append((w.start, w.end, JIEBA_NER[w.pos]))
    return spans
