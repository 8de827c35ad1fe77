"""The translator's name list of a bilingual file: ``**Named Entities**`` lines -> (中文, English, kind).

The public archive's bilingual files may carry, between the English body and ``<hr />``, a list of the
names the translator rendered, one ``中文 English`` pair a line. It comes flat, with pinyin glosses in
brackets (``张大为 (Zhāng Dàwéi) Zhang Dawei``), with bullets or numbers, the other way round
(``Heilongjiang 黑龙江``), or under headings (``Organizations:``, ``**People**``, ``Places<TAB>…``,
``Events``) that give the kind of the names below them. :mod:`kg.corpus` keeps it out of the body and
:mod:`kg.align` uses it as a hint.
"""

from __future__ import annotations

import re
import unicodedata

_NAMES_KIND_RE = re.compile(
    r"^[#*_ \t-]*(organi[sz]ations?|people|persons?|places?|locations?|events?)[*_ \t]*"
    r"(?:[:：][*_ \t]*|\t+|$)(.*)$", re.IGNORECASE)
_KIND_OF = {"o": "organization", "pe": "person", "pl": "place", "l": "place", "e": "event"}
_BULLET_RE = re.compile(r"^(?:[-*•·]|\d{1,3}[.)、])\s+")
_GLOSS_RE = re.compile(r"\s*[(（]([^()（）]*)[)）]")
_ZH_NAME = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff〇·・]+(?:[\s　]?[\u3400-\u9fff〇·・\d]+)*"
_PAIR_SEP = r"[\s　]*(?:[-–—:：=→|,，]+[\s　]*)?"
_PAIR_ZH_FIRST_RE = re.compile(rf"^({_ZH_NAME}){_PAIR_SEP}(.*?[A-Za-z].*?)[\s.;；,，]*$")
_PAIR_EN_FIRST_RE = re.compile(rf"^(.*?[A-Za-z].*?){_PAIR_SEP}({_ZH_NAME})[\s.;；,，]*$")


def name_pairs(lines: list[str]) -> tuple[tuple[str, str, str], ...]:
    """The translator's ``中文 English`` pairs, in order, each with the kind of its heading ("" if none).

    Pinyin glosses in brackets (``孙 (Sūn) ...``) are dropped; a bracket without tone marks that holds the
    only Latin text is the English name. Lines that are no pair (notes, stray text) are skipped.
    """
    pairs: list[tuple[str, str, str]] = []
    kind = ""
    for raw in lines:
        line = _BULLET_RE.sub("", raw.strip().strip("*_").strip())
        if not line:
            continue
        if m := _NAMES_KIND_RE.match(line):
            kind = _KIND_OF.get(m.group(1).lower()[:2], "") or _KIND_OF.get(m.group(1).lower()[:1], "")
            line = m.group(2).strip()
            if not line:
                continue
        english_in_brackets = ""
        for gloss in _GLOSS_RE.findall(line):
            if re.search(r"[A-Za-z]", gloss) and strip_marks(gloss) == gloss and not english_in_brackets:
                english_in_brackets = gloss.strip()
        bare = _GLOSS_RE.sub(" ", line).strip()
        m = _PAIR_ZH_FIRST_RE.match(bare)
        zh, en = (m.group(1), m.group(2)) if m else ("", "")
        if not m and (m2 := _PAIR_EN_FIRST_RE.match(bare)):
            en, zh = m2.group(1), m2.group(2)
        if not zh and english_in_brackets and (m3 := re.fullmatch(_ZH_NAME, bare)):
            zh, en = m3.group(0), english_in_brackets
        en = " ".join(en.split()).strip(" -–—:：=|,，;；.")
        if zh and en:
            pairs.append((re.sub(r"[\s　]+", "", zh), en, kind))
    return tuple(dict.fromkeys(pairs))


def strip_marks(text: str) -> str:
    """``text`` without combining marks: tone-marked pinyin loses its marks, English stays as it is."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
