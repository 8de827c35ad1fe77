"""China's administrative divisions below the gazetteer: every province, prefecture and county-level
division with its level and parent, from ``kg/lexicons/divisions.tsv`` (derived from the cpca package's
table, MIT License; present-day names). The gazetteer (kg/gazetteer.py) keeps the curated places with
English names and Wikidata links; this table lets the Chinese rules recognise and type the ~2,850
county-level divisions it lacks (河西区, 辛集市, 正定县)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

PATH = Path(__file__).parent / "lexicons" / "divisions.tsv"
COUNTY_SUFFIX = re.compile(r"(自治县|自治旗|林区|特区|县|区|旗|市)$")


@dataclass(frozen=True)
class Division:
    """One division: statistical code, level (province | prefecture | county), name, parent code."""

    code: str
    level: str
    name_zh: str
    parent: str


@functools.lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Code -> Division."""
    out = {}
    for line in PATH.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, level, name, parent, *_ = line.split("\t")
        out[code] = Division(code, level, name, parent)
    return out


@functools.lru_cache(maxsize=1)
def by_name() -> dict[str, tuple[Division, ...]]:
    """Full Chinese name -> the divisions so named."""
    out: dict[str, list[Division]] = {}
    for d in divisions().values():
        out.setdefault(d.name_zh, []).append(d)
    return {k: tuple(v) for k, v in out.items()}


def lookup(name: str) -> tuple[Division, ...]:
    """The divisions whose full name is ``name`` (河西区 -> Tianjin's and others)."""
    return by_name().get(name, ())


@functools.lru_cache(maxsize=1)
def county_regex() -> re.Pattern:
    """County-level names of three characters or more, the longest that matches (two-character ones like
    城区 or 郊区 are common words)."""
    from kg.trie_regex import longest_first

    return longest_first(
        n for n, ds in by_name().items() if len(n) >= 3 and any(d.level == "county" for d in ds)
    )


@functools.lru_cache(maxsize=1)
def two_character_counties() -> re.Pattern:
    """The county names of two characters (任县, 祁县), as one character class before 县."""
    names = [
        n for n, ds in by_name().items()
        if len(n) == 2 and n[1] == "县" and any(d.level == "county" for d in ds)
    ]
    return re.compile(f"[{''.join(sorted(n[0] for n in names))}]县")


@functools.lru_cache(maxsize=1)
def _county_names() -> tuple[re.Pattern, frozenset[str], tuple[int, ...]]:
    """The last characters of the county-level names (县, 区, 市, 旗…) as a class, the names, and their
    lengths, longest first."""
    names = frozenset(
        n for n, ds in by_name().items() if len(n) >= 3 and any(d.level == "county" for d in ds)
    )
    ends = "".join(sorted({n[-1] for n in names}))
    return re.compile(f"[{re.escape(ends)}]"), names, tuple(sorted({len(n) for n in names}, reverse=True))


def county_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``county_regex().finditer(text)`` finds (leftmost, then longest, not overlapping), by
    looking up the few substrings that end in a name's last character instead of compiling and running
    the trie: every name ends in one of a handful of characters."""
    ends, names, lengths = _county_names()
    longest: dict[int, int] = {}  # start -> end of the longest name starting there
    for m in ends.finditer(text):
        end = m.end()
        for n in lengths:
            start = end - n
            if start >= 0 and text[start:end] in names and longest.get(start, 0) < end:
                longest[start] = end
    out, pos = [], 0
    for start in sorted(longest):
        if start >= pos:
            out.append((start, longest[start]))
            pos = longest[start]
    return out


def parent_names(name: str) -> list[str]:
    """The names of the divisions above the county ``name`` (unique parent chain only)."""
    found = lookup(name)
    if len(found) != 1:
        return []
    chain, code = [], found[0].parent
    while code and code in divisions():
        chain.append(divisions()[code].name_zh)
        code = divisions()[code].parent
    return chain
