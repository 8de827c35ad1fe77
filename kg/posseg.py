"""``jieba.posseg``'s words and tags, computed over the C++ trie of ``jieba_fast_dat``.

``jieba_fast_dat`` (MIT, a C++/pybind11 port of jieba by deepcs233 and carycha after Sun Junyi's jieba)
finds the best route through jieba's dictionary about ten times faster than jieba's Python, but its own
``posseg`` drops single characters and joins some words differently. So this module keeps jieba 0.42.1's
``POSTokenizer`` logic (blocks, the buffer of single characters, the HMM only for runs unknown to the
dictionary, the tag table, ``add_word``'s suggested frequency, the total frequency as jieba sums it) and
asks the C++ code only for the route; jieba's POS HMM runs compiled by numba (``kg.pos_hmm``): the output
is ``jieba.posseg``'s with the same dictionary and added words, pair for pair (``tests/test_posseg.py``
compares them).
"""

from __future__ import annotations

import re
from itertools import repeat
from pathlib import Path
from typing import Any

# jieba 0.42.1's patterns (jieba/posseg/__init__.py and jieba/__init__.py)
_HAN_DETAIL = re.compile("([\u4e00-\u9fd5]+)")
_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_HAN_INTERNAL = re.compile(r"([\u4e00-\u9fd5a-zA-Z0-9+#&\._]+)")
_SKIP_INTERNAL = re.compile(r"(\r\n|\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile(r"[\.0-9]+")
_HAN_DEFAULT = re.compile(r"([\u4e00-\u9fd5a-zA-Z0-9+#&\._%\-]+)")
_ENG1 = re.compile("[a-zA-Z0-9]")
_MAX_RUNS = 200_000  # runs of single characters whose pairs are kept (a few MB)


def dictionary_total(data: bytes) -> int:
    """jieba's total of a dictionary file's bytes: every line's frequency, a repeated word counted twice."""
    return sum(map(int, re.findall(rb"(?m)^\S+ (\d+)", data)))


def _base_tables(dictionary: Path) -> tuple[Any, dict[str, str], int]:
    """jieba's dictionary file as a C++ double-array trie, a word -> tag table and jieba's total.

    The C++ loader parses the file (0.6 s); its trie saved as bytes and the tag table marshalled load
    in a third of that, so they are kept between processes (``kg.table_cache``)."""
    from importlib.metadata import version

    from jieba_fast_dat import _jieba_fast_dat_functions_py3 as cpp

    from kg.table_cache import cached

    text = dictionary.read_bytes()

    def parse() -> tuple[bytes, dict[str, str], int]:
        dat, tags = cpp.DatTrie(), {}
        cpp.load_main_dict_from_path_pybind(dat, str(dictionary), tags)
        # the most frequent words first: unmarshalled in that order, their entries and strings lie close
        # together, so the look-ups of running text touch fewer cache lines (the same table)
        freq = {word: cpp._get_freq(dat, word) for word in tags}
        tags = {word: tags[word] for word in sorted(tags, key=freq.__getitem__, reverse=True)}
        return dat.save_to_bytes(), tags, dictionary_total(text)

    key = text + version("jieba_fast_dat").encode() + Path(__file__).read_bytes()  # file, loader, this code
    trie, tags, total = cached(f"jieba-dat-{dictionary.stem}", key, parse, check=_well_formed)
    dat = cpp.DatTrie()
    dat.load_from_bytes(trie)
    return dat, tags, total


def _well_formed(value: Any) -> bool:
    return (isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], bytes)
            and isinstance(value[1], dict) and isinstance(value[2], int))


class DatPosseg:
    """jieba's dictionary file in a C++ double-array trie, tagged as ``jieba.posseg`` tags it.

    The file is read once, by the C++ loader, which also fills the tag table (``base_tags``: the file's
    words and tags), or both come from the cache file a previous process left (:func:`_base_tables`).
    ``total`` (by default the file's: :func:`dictionary_total`) is the sum of the frequencies as jieba
    sums it, in integers (the loader's own sum is a float that drifts). :meth:`add_word` adds a word as
    ``jieba.add_word`` does; :meth:`base_freq` and ``base_tags`` stay the file's.
    """

    def __init__(self, dictionary: Path, total: int | None = None) -> None:
        from jieba_fast_dat import _jieba_fast_dat_functions_py3 as cpp

        from kg.pos_hmm import load_pos_hmm

        self.hmm = load_pos_hmm()  # jieba's POS HMM (the same tables as jieba.posseg's), compiled
        self._cpp = cpp
        self._dat, self.base_tags, file_total = _base_tables(dictionary)
        self._tags = dict(self.base_tags)
        self._replaced: dict[str, int] = {}  # the file's frequency of a word add_word gave another
        self.total = file_total if total is None else total
        self._runs: dict[str, list[tuple[str, str]]] = {}  # the pairs of runs of single characters
        self.added = 0  # words added so far (a caller keeping words it segmented knows they may change)

    def freq(self, word: str) -> int:
        """The word's frequency (0 for a mere prefix of words, or an unknown word)."""
        return self._cpp._get_freq(self._dat, word)

    def base_freq(self, word: str) -> int:
        """The word's frequency in the dictionary file (0 when not a word of the file)."""
        if word in self._replaced:
            return self._replaced[word]
        return self.freq(word) if word in self.base_tags else 0

    def add_word(self, word: str, tag: str) -> None:
        """Add ``word`` with jieba's suggested frequency (just enough to cut it out whole)."""
        total = float(self.total)
        freq = 1.0
        for seg in self._cut_no_hmm(word):
            freq *= (self.freq(seg) or 1) / total
        count = max(int(freq * self.total) + 1, self.freq(word) or 1)
        if word in self.base_tags and word not in self._replaced:
            self._replaced[word] = self.freq(word)
        self._dat.add_word(word, count, tag)
        self._runs.clear()
        self.added += 1
        self._tags[word] = tag
        self.total += count

    def _route(self, block: str) -> list[int]:
        """route[x]: the index of the last character of the best word starting at x."""
        route: list[int] = []
        self._cpp._get_DAG_and_calc(self._dat, block, route, float(self.total))
        return route

    def _cut_no_hmm(self, text: str) -> list[str]:
        """``jieba.Tokenizer.cut(text, HMM=False)``: dictionary words, runs of single ASCII letters joined."""
        out: list[str] = []
        for blk in _HAN_DEFAULT.split(text):
            if not blk:
                continue
            if not _HAN_DEFAULT.match(blk):
                for x in _SKIP_INTERNAL.split(blk):
                    out.extend([x] if _SKIP_INTERNAL.match(x) else x)
                continue
            route, x, buf = self._route(blk), 0, ""
            while x < len(blk):
                y = route[x] + 1
                if y - x == 1 and _ENG1.match(blk[x]):
                    buf += blk[x]
                else:
                    if buf:
                        out.append(buf)
                        buf = ""
                    out.append(blk[x:y])
                x = y
            if buf:
                out.append(buf)
        return out

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, tag) pairs of ``text``: ``jieba.posseg.POSTokenizer.lcut(text, HMM=True)``."""
        out: list[tuple[str, str]] = []
        append = out.append
        # split() with one group alternates text between matches and matches: the odd pieces are the
        # matches jieba tests each piece for (a piece between matches has no character they take)
        for i, blk in enumerate(_HAN_INTERNAL.split(text)):
            if i % 2:
                self._cut_dag(blk, out)
                continue
            if not blk:
                continue
            if "\r\n" not in blk:  # letters, digits and points are all in the matches: every char is x
                out += zip(blk, repeat("x"))
                continue
            for k, x in enumerate(_SKIP_INTERNAL.split(blk)):
                if k % 2:
                    append((x, "x"))
                    continue
                eng = _ENG.match(x)  # jieba tests the whole piece here, not the character
                for xx in x:
                    append((xx, "m" if _NUM.match(xx) else "eng" if eng else "x"))
        return out

    def _cut_dag(self, blk: str, out: list[tuple[str, str]]) -> None:
        """One block of Chinese/ASCII word characters: dictionary words, and the HMM for unknown runs."""
        get, append = self._tags.get, out.append
        route: list[int] = []  # route[x]: the last character of the best word starting at x
        self._cpp._get_DAG_and_calc(self._dat, blk, route, float(self.total))
        n, x, run = len(blk), 0, -1  # run: where the current run of one-character steps began
        while x < n:
            y = route[x] + 1
            if y - x == 1:
                if run < 0:
                    run = x
            else:
                if run >= 0:
                    if x - run == 1:
                        append((blk[run], get(blk[run], "x")))
                    else:
                        self._flush(blk[run:x], out)
                    run = -1
                word = blk[x:y]
                append((word, get(word, "x")))
            x = y
        if run >= 0:
            self._flush(blk[run:], out)

    def _flush(self, buf: str, out: list[tuple[str, str]]) -> None:
        """A run of single-character route steps: one word, the HMM's words if unknown, else characters.
        A longer run's pairs are kept (runs recur: names, unknown words), until a word is added."""
        if len(buf) == 1:
            out.append((buf, self._tags.get(buf, "x")))
            return
        done = self._runs.get(buf)
        if done is None:
            done = []
            self._flush_run(buf, done)
            if len(self._runs) < _MAX_RUNS:
                self._runs[buf] = done
        out.extend(done)

    def _flush_run(self, buf: str, out: list[tuple[str, str]]) -> None:
        tags = self._tags
        if not self.freq(buf):
            for blk in _HAN_DETAIL.split(buf):
                if _HAN_DETAIL.match(blk):
                    self._hmm(blk, out)
                    continue
                for x in _SKIP_DETAIL.split(blk):
                    if x:
                        out.append((x, "m" if _NUM.match(x) else "eng" if _ENG.match(x) else "x"))
        else:
            out.extend((ch, tags.get(ch, "x")) for ch in buf)

    def _hmm(self, blk: str, out: list[tuple[str, str]]) -> None:
        """Words and tags of a run of Chinese characters unknown to the dictionary, by jieba's POS HMM
        (its Viterbi compiled: :class:`kg.pos_hmm.PosHmm`)."""
        out.extend(self.hmm.cut(blk))
