"""kg.trie_regex matches exactly what a longest-first alternation of the same words matches."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kg import divisions
from kg.trie_regex import longest_first

from .conftest import ROOT


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w)))))


@given(st.lists(st.text("ab.c县", min_size=1, max_size=4), min_size=1, max_size=12),
       st.text("ab.c县x", max_size=40))
def test_same_matches_as_the_longest_first_alternation(words: list[str], text: str) -> None:
    assert [m.span() for m in longest_first(words).finditer(text)] == [
        m.span() for m in _alternation(words).finditer(text)
    ]


def test_county_names_found_as_before_in_the_seed_articles() -> None:
    names = [
        n for n, ds in divisions.by_name().items() if len(n) >= 3 and any(d.level == "county" for d in ds)
    ]
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    text += "河北省正定县和辛集市、河西区"
    found = [m.group() for m in divisions.county_regex().finditer(text)]
    assert found == [m.group() for m in _alternation(names).finditer(text)]
    assert "正定县" in found


@given(st.lists(st.text("abcdefgh.]-^\\县", min_size=1, max_size=3), min_size=1, max_size=40),
       st.text("abcdefgh.]-^\\县x", max_size=60))
def test_many_first_characters_searched_by_halves_match_the_same(words: list[str], text: str) -> None:
    """More branches than kg.trie_regex.SPLIT at a node (read by a class, then looked back at by halves),
    with characters special inside a class."""
    assert [m.span() for m in longest_first(words).finditer(text)] == [
        m.span() for m in _alternation(words).finditer(text)
    ]
