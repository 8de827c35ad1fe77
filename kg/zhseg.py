"""Chinese word segmentation and part-of-speech tags: one engine, one dictionary, per process.

The engine is ``rjieba`` (a Rust port of jieba with jieba's own dictionary: same words as ``jieba.cut``
with its HMM, about 50 times faster than ``jieba.posseg``), extended with the domain's words (place names,
titles of office, well-known bodies and mechanism terms) so that 联合推销 or 主管副省长 come out whole.
Both the zh rules and the NER's features (``kg.zh_ner``) read the words ``tokenize`` returns, so an
article is segmented once. ``dictionary_tag`` and ``word_frequency`` look words up in jieba's bundled
dictionary file, read once into one table (the ``jieba`` package itself is not imported).
"""

from __future__ import annotations

import functools
import importlib.util
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
def _dictionary() -> dict[str, tuple[int, str]]:
    """word -> (frequency, tag) from jieba's dictionary file."""
    table: dict[str, tuple[int, str]] = {}
    tags: dict[str, str] = {}
    with _jieba_dictionary_file().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                tag = parts[2] if len(parts) > 2 else ""
                table[parts[0]] = (int(parts[1]), tags.setdefault(tag, tag))
    return table


def dictionary_tag(word: str) -> str:
    """The dictionary part-of-speech tag of ``word`` ('' when it is not a dictionary word)."""
    entry = _dictionary().get(word)
    return entry[1] if entry else ""


def word_frequency(word: str) -> int:
    """The dictionary frequency of ``word`` (0 when it is not a dictionary word)."""
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


@functools.lru_cache(maxsize=1)
def engine() -> Any:
    """The segmenter: rjieba with jieba's dictionary plus the domain words (built once per process)."""
    import rjieba

    seg = rjieba.Jieba()
    for word, tag in domain_words():
        if len(word) < 3 and word_frequency(word):
            continue  # a common two-character word keeps the dictionary's own statistics
        seg.add_word(word, None, tag)
    return seg


def tokenize(text: str) -> list[Word]:
    """Words with tags and offsets (line by line, so no word spans a line break)."""
    tag = engine().tag
    words: list[Word] = []
    append = words.append
    pos = 0
    for line in text.split("\n"):
        offset = pos
        for word, flag in tag(line, True):
            end = offset + len(word)
            append(Word(word, flag, offset, end))
            offset = end
        pos += len(line) + 1
    return words


def warm_up() -> None:
    """Load the engine and the dictionary table now (before forking workers)."""
    engine()
    _dictionary()
