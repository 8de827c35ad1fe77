"""A regular expression for a list of literal words, shaped as a trie.

``longest_first(words)`` matches exactly what ``"|".join`` of the escaped words sorted longest first
matches (the longest word that starts at a position), but Python's ``re`` tries the alternatives of a
plain alternation one by one at every position, while the trie tries one branch per character: a list
of thousands of place names is searched in about the time of a short one. A node with many branches
(the first characters of thousands of names) reads the character with one class, then looks back at it
by halves: a position tries a few classes, not every first character in turn.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """The pattern text (no group): each word once, longer continuations tried before a shorter word."""
    trie: dict[str, dict] = {}
    for word in words:
        if word:
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = {}
    return _node(trie)


SPLIT = 4  # a node with more branches than this is searched by halves


def _node(node: dict[str, dict]) -> str:
    branches = [(re.escape(ch), _node(child)) for ch, child in sorted(node.items()) if ch]
    if not branches:
        body = ""
    elif len(branches) > SPLIT:  # one character out of all the first ones, then which half it was in
        body = "(?:[" + "".join(ch for ch, _ in branches) + "](?:" + _halves(branches) + "))"
    elif len(branches) == 1 and "" not in node:
        body = "".join(branches[0])
    else:
        body = "(?:" + "|".join(ch + rest for ch, rest in branches) + ")"
    return body + "?" if "" in node and body else body


def _halves(branches: list[tuple[str, str]]) -> str:
    """The alternation of ``branches`` (first character, the pattern after it) once the first character is
    read: at most one branch has it, so their order does not matter and a look back at it picks the
    half to try (a search still skips the positions that no word starts with, which a lookahead would
    not let ``re`` see)."""
    if len(branches) <= SPLIT:
        return "|".join(f"(?<={ch}){rest}" for ch, rest in branches)
    half = len(branches) // 2
    first = "".join(ch for ch, _ in branches[:half])
    return f"(?<=[{first}])(?:{_halves(branches[:half])})|{_halves(branches[half:])}"


@functools.cache
def literal(word: str) -> re.Pattern[str]:
    """``word`` as a compiled pattern, made once: ``literal(w).finditer(text)`` is ``re.finditer(re.escape(w),
    text)`` without escaping and looking up the pattern again at every call (rules search a few hundred
    titles and names in every article)."""
    return re.compile(re.escape(word))


def longest_first(words: Iterable[str]) -> re.Pattern[str]:
    """A compiled :func:`trie_pattern`."""
    return re.compile(trie_pattern(words))
