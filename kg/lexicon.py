"""Domain lexicons kept as data files in ``kg/lexicons/``: organisation heads, titles, mechanisms, goods.

Each loader returns plain records and is cached; extraction rules build matchers from them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicons"


@dataclass(frozen=True)
class OrgHead:
    lang: str
    head: str
    type: str
    local: bool = False  # an ad-hoc body named without its place ("Production Command Center")


@dataclass(frozen=True)
class Title:
    title_en: str
    title_zh: str
    body_type: str
    level: str  # city | province | county | prefecture | national | own
    body_head: str  # e.g. "Municipal Party Committee"; "" for "own"


@dataclass(frozen=True)
class Mechanism:
    key: str
    label_en: str
    label_zh: str
    broader: str
    patterns_en: tuple[str, ...]
    patterns_zh: tuple[str, ...]
    definition: str


def rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a lexicon file, without comments and blank lines."""
    out = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append([cell.strip() for cell in line.split("\t")])
    return out


def split_cell(cell: str) -> tuple[str, ...]:
    """The parts of a cell listing several values (a|b|c), stripped, empty ones left out."""
    return tuple(p.strip() for p in cell.split("|") if p.strip())


@functools.lru_cache(maxsize=1)
def org_heads() -> tuple[OrgHead, ...]:
    return tuple(OrgHead(r[0], r[1], r[2], len(r) > 3 and r[3] == "local") for r in rows("org_heads.tsv"))


@functools.lru_cache(maxsize=1)
def titles(name: str = "titles.tsv") -> tuple[Title, ...]:
    """The titles of a titles file (``zh_titles.tsv`` has the same columns)."""
    out = []
    for r in rows(name):
        level, _, head = r[3].partition(":")
        out.append(Title(r[0], r[1], r[2], level, head))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def mechanisms() -> tuple[Mechanism, ...]:
    out = []
    for r in rows("mechanisms.tsv"):
        r = r + [""] * (7 - len(r))
        out.append(Mechanism(r[0], r[1], r[2], r[3], split_cell(r[4]), split_cell(r[5]), r[6]))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def goods() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Staple goods of the period as (English name, its Chinese words): ``goods.tsv``."""
    return tuple((r[0], split_cell(r[1]) if len(r) > 1 else ()) for r in rows("goods.tsv"))


@functools.lru_cache(maxsize=1)
def surnames() -> dict[str, str]:
    """Romanised surname -> Chinese characters ('Luo' -> '罗'; the first listed wins)."""
    out: dict[str, str] = {}
    for r in rows("surnames.tsv"):
        out.setdefault(r[0], r[1])
    return out


@functools.lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable ('zhong', 'lin'), from pypinyin's readings of the CJK block."""
    from pypinyin import Style, lazy_pinyin

    chars = "".join(chr(c) for c in range(0x4E00, 0x9FA6))
    return frozenset(s for s in lazy_pinyin(chars, style=Style.NORMAL, errors="ignore") if s.isalpha())


def is_pinyin_word(word: str, *, most: int = 3) -> bool:
    """True when ``word`` splits into at most ``most`` pinyin syllables ('Yilin' -> yi+lin)."""
    word = strip_accents(word).lower().replace("'", "").replace("’", "")
    syllables = pinyin_syllables()

    @functools.cache
    def split(i: int, left: int) -> bool:
        if i == len(word):
            return True
        if left == 0:
            return False
        return any(word[i:j] in syllables and split(j, left - 1) for j in range(min(len(word), i + 6), i, -1))

    return bool(word) and split(0, most)


def mechanism_by_key() -> dict[str, Mechanism]:
    return {m.key: m for m in mechanisms()}


@functools.lru_cache(maxsize=65_536)  # names recur across a corpus
def slug(text: str) -> str:
    """A stable IRI key: ascii lowercase words joined by '-' ('Anshan Steel's' -> 'anshan-steel')."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’]s\b", "", text.lower())
    text = re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "-", text).strip("-")
    return text or "x"


def strip_accents(text: str) -> str:
    """'Wáng Àishēng' -> 'Wang Aisheng'."""
    if text.isascii():  # most text: nothing to strip, and both normalisations leave ASCII as it is
        return text
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def singular(phrase: str) -> str:
    """The phrase with its last word in the singular ('quota systems' -> 'quota system')."""
    words = phrase.split()
    if not words:
        return phrase
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "sses", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is", "'s")) and len(last) > 3:
        last = last[:-1]
    return " ".join([*words[:-1], last])
