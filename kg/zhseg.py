"""Chinese word segmentation and part-of-speech tags: one engine, one dictionary, per process.

Three engines, all with jieba's dictionary extended with the domain's words (place names, titles of
office, well-known bodies and mechanism terms) so that 联合推销 or 主管副省长 come out whole:

- ``jieba`` (the default): ``jieba.posseg``'s words and tags, the segmentation the rules and the NER were
  written and trained on, computed by ``kg.posseg`` over the C++ trie of ``jieba_fast_dat`` with
  jieba's POS HMM compiled (``kg.pos_hmm``; many times faster than jieba's Python, the same pairs:
  ``tests/test_posseg.py``);
- ``jieba-python`` (``KG_ZH_SEGMENTER=jieba-python``): ``jieba.posseg`` itself, the reference;
- ``rjieba`` (``KG_ZH_SEGMENTER=rjieba``): a Rust port, faster still, but its HMM joins unknown words
  differently (纱和线 as one word): on the Chinese halves of the dev articles typed entity F1 0.790 ->
  0.757 and relation F1 0.491 -> 0.457.

Both the zh rules and the NER's features (``kg.zh_ner``) read the words ``tokenize`` returns, so an
article is segmented once. The engine's name is part of the cache key (``kg.cache``).
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple


class Word(NamedTuple):
    """A word: text, part-of-speech flag and character offsets."""

    text: str
    pos: str
    start: int
    end: int


def _jieba_dictionary_file() -> Path:
    """jieba's bundled dictionary (found without importing jieba)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("the jieba package (its dictionary file) is not installed")
    return Path(spec.origin).parent / "dict.txt"


@functools.lru_cache(maxsize=1)
def _read_dictionary() -> tuple[dict[str, tuple[int, str]], int]:
    """word -> (frequency, tag) from jieba's dictionary file, and jieba's total (every line's frequency,
    a repeated word counted twice, as ``jieba.Tokenizer`` sums it)."""
    table: dict[str, tuple[int, str]] = {}
    tags: dict[str, str] = {}
    total = 0
    with _jieba_dictionary_file().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                tag = parts[2] if len(parts) > 2 else ""
                table[parts[0]] = (int(parts[1]), tags.setdefault(tag, tag))
                total += int(parts[1])
    return table, total


def _dictionary() -> dict[str, tuple[int, str]]:
    """word -> (frequency, tag) from jieba's dictionary file."""
    return _read_dictionary()[0]


def dictionary_tag(word: str) -> str:
    """The dictionary part-of-speech tag of ``word`` ('' when it is not a dictionary word)."""
    if segmenter_name() == "jieba":  # the engine's C++ loader read the file: no second reading
        return engine().base_tags.get(word, "")
    entry = _dictionary().get(word)
    return entry[1] if entry else ""


def word_frequency(word: str) -> int:
    """The dictionary frequency of ``word`` (0 when it is not a dictionary word)."""
    if segmenter_name() == "jieba":
        return engine().base_freq(word)
    entry = _dictionary().get(word)
    return entry[0] if entry else 0


def domain_words() -> list[tuple[str, str]]:
    """(word, tag) pairs from the gazetteer and the lexicons, in a fixed order."""
    from kg import lexicon
    from kg.gazetteer import load_gazetteer

    words: dict[str, str] = {}
    for name in load_gazetteer().names_zh():
        if len(name) >= 3:  # two-character names (和县) would split common phrases (县委和县政府)
            words.setdefault(name, "ns")
    for row in lexicon.rows("zh_names.tsv"):
        words.setdefault(row[0], "nt")
    for title in [t.title_zh for t in lexicon.titles()] + [r[1] for r in lexicon.rows("zh_titles.tsv")]:
        if len(title) >= 2:
            words.setdefault(title, "n")
    patterns = [p for mech in lexicon.mechanisms() for p in mech.patterns_zh]
    patterns += [p for row in lexicon.rows("zh_mechanisms.tsv") for p in row[1].split("|")]
    for pat in patterns:
        if len(pat.strip("* ")) >= 3:
            words.setdefault(pat.strip("* "), "n")
    return sorted(words.items())


SEGMENTERS = ("jieba", "jieba-python", "rjieba")


def segmenter_name() -> str:
    """The engine ``KG_ZH_SEGMENTER`` names (default ``jieba``)."""
    name = os.environ.get("KG_ZH_SEGMENTER", "jieba") or "jieba"
    if name not in SEGMENTERS:
        from kg.errors import ConfigError

        raise ConfigError(f"KG_ZH_SEGMENTER={name!r}: choose one of {', '.join(SEGMENTERS)}")
    return name


class _Posseg:
    """``jieba.posseg`` itself behind rjieba's ``tag(text)`` call, with a tokenizer of its own (the
    reference the default engine reproduces, ten times slower)."""

    def __init__(self) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word, tag in domain_words():
            if len(word) < 3 and tokenizer.FREQ.get(word):
                continue  # a common two-character word keeps the dictionary's own statistics
            tokenizer.add_word(word, tag=tag)
        self._pos = jieba.posseg.POSTokenizer(tokenizer)

    def tag(self, text: str, hmm: bool = True) -> list[tuple[str, str]]:
        return [(pair.word, pair.flag) for pair in self._pos.cut(text, HMM=hmm)]


@functools.lru_cache(maxsize=1)
def engine() -> Any:
    """The segmenter (:func:`segmenter_name`) with the domain words, built once per process."""
    name = segmenter_name()
    if name == "jieba":
        from kg.posseg import DatPosseg

        dat = DatPosseg(_jieba_dictionary_file())  # jieba's total of the file, kept with its trie
        for word, tag in domain_words():
            if len(word) < 3 and dat.freq(word):
                continue  # a common two-character word keeps the dictionary's own statistics
            dat.add_word(word, tag)
        return dat
    if name == "jieba-python":
        return _Posseg()
    import rjieba

    seg = rjieba.Jieba()
    for word, tag in domain_words():
        if len(word) < 3 and word_frequency(word):
            continue  # a common two-character word keeps the dictionary's own statistics
        seg.add_word(word, None, tag)
    return seg


_make_word = functools.partial(tuple.__new__, Word)


SHORT = 24  # texts up to this long (names and stems the rules segment again and again) are kept
_short: dict[str, tuple[Word, ...]] = {}
_short_of: list[Any] = [None, -1]  # the engine and its number of added words the kept words are from


def tokenize(text: str) -> list[Word]:
    """Words with tags and offsets (line by line, so no word spans a line break)."""
    if len(text) > SHORT:
        return _tokenize(text)
    eng = engine()
    added = getattr(eng, "added", 0)
    if _short_of[0] is not eng or _short_of[1] != added:  # another engine, or new words: start again
        _short.clear()
        _short_of[:] = eng, added
    words = _short.get(text)
    if words is None:
        words = tuple(_tokenize(text))
        if len(_short) < 200_000:
            _short[text] = words
    return list(words)


def _tokenize(text: str) -> list[Word]:
    tag = engine().tag
    words: list[Word] = []
    pos = 0
    for line in text.split("\n"):
        pairs = tag(line)
        if pairs:
            texts, flags = zip(*pairs, strict=True)
            ends = list(accumulate(map(len, texts), initial=pos))  # C loops: a month has 0.7 M words
            words += map(_make_word, zip(texts, flags, ends[:-1], ends[1:], strict=True))
        pos += len(line) + 1
    return words


def warm_up() -> None:
    """Load the engine and the dictionary table now (before forking workers)."""
    engine()
    if segmenter_name() != "jieba":
        _dictionary()
