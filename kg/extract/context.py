"""What the rules of one article share: the text, the spaCy Doc, the mentions and the resolved entities."""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kg.gazetteer import Place, load_gazetteer
from kg.lexicon import strip_accents
from kg.records import Article, Entity, Evidence, Mention, evidence_window
from kg.types import PLACE_TYPES

BODY_TYPES = frozenset({"PartyBody", "GovernmentBody"})
T = TypeVar("T")


def lowers(doc) -> list[str]:
    """The doc's lower-cased token texts (made once per doc: slicing a Doc builds a Span each time)."""
    cached = doc.user_data.get("kg_lowers")
    if cached is None:
        cached = doc.user_data["kg_lowers"] = [t.lower_ for t in doc]
    return cached


def lemmas(doc) -> list[str]:
    """The doc's lower-cased token lemmas, made once per doc like :func:`lowers`."""
    cached = doc.user_data.get("kg_lemmas")
    if cached is None:
        cached = doc.user_data["kg_lemmas"] = [t.lemma_.lower() for t in doc]
    return cached


@dataclass
class ArticleContext:
    """Per-article working state; rules read it, the pipeline fills it stage by stage."""

    article: Article
    lang: str
    doc: Any  # spacy Doc for English; a light Chinese doc for zh
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    mention_ref: dict[Mention, tuple[str, str]] = field(default_factory=dict)

    @functools.cached_property
    def text(self) -> str:
        """The body in ``lang`` (looked up once: rules read it hundreds of times an article)."""
        return self.article.body(self.lang)

    def shared(self, key: str, make: Callable[[], T]) -> T:
        """A value of the text or doc made once and shared by the rules (word indexes, lexicon matches);
        never one that depends on ``mentions``, which change between stages."""
        memo = self.__dict__.setdefault("_shared", {})
        if key not in memo:
            memo[key] = make()
        return memo[key]

    @property
    def authors(self) -> set[str]:
        """Byline names without tone marks: reporters are not entities."""
        names = self.article.authors_en if self.lang == "en" else self.article.authors_zh
        return {strip_accents(a).strip() for a in names if a.strip()}

    def sentence_of(self, start: int, end: int) -> tuple[int, int]:
        """Character span of the sentence holding [start, end) (by bisection: long articles have many)."""
        sents = self.sentences()
        starts = getattr(self, "_sent_starts", None)
        if starts is None or len(starts) != len(sents):
            starts = self._sent_starts = [s for s, _ in sents]
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and sents[i][0] <= start < sents[i][1]:
            return sents[i]
        j = bisect.bisect_left(starts, end) - 1  # [start, end) begins between sentences: the one it ends in
        if j >= 0 and sents[j][0] < end <= sents[j][1]:
            return sents[j]
        return 0, len(self.text)

    def sentences(self) -> list[tuple[int, int]]:
        cached = getattr(self, "_sents", None)
        if cached is None:
            cached = [(s.start_char, s.end_char) for s in self.doc.sents]
            self._sents = cached
        return cached

    def entity(self, type_: str, key: str, label_en: str = "") -> Entity:
        """The article's entity (type, key), created on first use; a missing English label is filled in."""
        ent = self.entities.get((type_, key))
        if ent is None:
            ent = self.entities[(type_, key)] = Entity(type=type_, key=key, label_en=label_en)
        elif label_en and not ent.label_en:
            ent.label_en = label_en
        return ent

    def headlines(self) -> list[tuple[int, int]]:
        """Character spans of title-cased lines (headlines repeated in the body)."""
        cached = getattr(self, "_headlines", None)
        if cached is None:
            cached, pos = [], 0
            for line in self.text.split("\n"):
                words = [w for w in line.split() if w[:1].isalpha()]
                content = [w for w in words if len(w) > 3]
                ends_sentence = line.rstrip()[-1:] in ".!?"
                if (
                    self.lang == "en"
                    and 2 <= len(words) <= 30
                    and content
                    and not ends_sentence
                    and sum(w[0].isupper() for w in content) / len(content) >= 0.8
                ):
                    cached.append((pos, pos + len(line)))
                pos += len(line) + 1
            self._headlines = cached
        return cached

    def in_headline(self, pos: int) -> bool:
        """True when character ``pos`` is on a headline line (by bisection: the lines are in order)."""
        lines = self.headlines()
        i = bisect.bisect_right(lines, (pos, len(self.text) + 1)) - 1
        return i >= 0 and lines[i][0] <= pos < lines[i][1]

    def byline(self) -> tuple[int, int] | None:
        """The span of the line signing the article among its first lines (the one naming an author:
        黑龙江省双城县幸福人民公社庆宁大队　张朋), with the line after it in English ('Zhang Peng' then
        'Regning Brigade, Xingfu People's Commune'): where the author's unit is named."""
        authors = {a.replace(" ", "") for a in self.authors} - {""}
        lines = self.text.split("\n")[:6]
        pos = 0
        for i, line in enumerate(lines):
            squeezed = line.replace(" ", "").replace("\u3000", "")
            if authors and len(line) <= 80 and any(a in squeezed for a in authors):
                unit = lines[i + 1] if self.lang == "en" and i + 1 < len(lines) else ""
                if len(unit) > 100 or unit.rstrip()[-1:] in {".", "!", "?", ":", '"'}:
                    unit = ""  # a paragraph of the story, not the author's unit
                return pos, pos + len(line) + (len(unit) + 1 if unit else 0)
            pos += len(line) + 1
        return None

    def evidence(self, start: int, end: int) -> Evidence:
        """The sentence around [start, end) as evidence (a window of it around the fact if it is long)."""
        s, e = evidence_window(self.text, self.sentence_of(start, end), (start, end))
        return Evidence(self.article.id, self.lang, s, e, self.text[s:e])

    def mentions_within(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in [start, end), by start (found by bisection, not by a scan: long
        articles have many sentences and many mentions). Indexed again whenever ``mentions`` changes."""
        index = getattr(self, "_by_start", None)
        if index is None or index[0] is not self.mentions or index[1] != len(self.mentions):
            ordered = sorted(self.mentions, key=lambda m: m.start)
            index = self._by_start = (self.mentions, len(self.mentions), [m.start for m in ordered], ordered)
        _, _, starts, ordered = index
        return ordered[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def main_place(self, classes: tuple[str, ...]) -> Place | None:
        """The place of one of ``classes`` mentioned most often (first mentioned wins ties).

        Kept until the mentions change (the same list, the same length), so that resolving a long
        article's many short names does not recount its mentions for each.
        """
        memo = getattr(self, "_main_place", None)
        if memo is None or memo[0] is not self.mentions or memo[1] != len(self.mentions):
            memo = self._main_place = (self.mentions, len(self.mentions), {})
        if classes not in memo[2]:
            memo[2][classes] = self._count_main_place(classes)
        return memo[2][classes]

    def _count_main_place(self, classes: tuple[str, ...]) -> Place | None:
        gaz = load_gazetteer()
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        local: dict[str, Place] = {}
        for m in self.mentions:
            place = gaz.by_id.get(m.key) if m.type in PLACE_TYPES else None
            if place is None and m.type == "County" and not m.key:
                place = local_place(m.text)
                local[place.id] = place
            if place is None and m.type in BODY_TYPES and m.text[:1].isupper():
                # "Shanxi Provincial Committee": a body named after its place counts for the place
                named = [p for p in gaz.lookup_en(m.text.split()[0]) if p.cls in classes]
                place = named[0] if named else None
            if place and place.cls in classes:
                counts[place.id] += 1
                first.setdefault(place.id, m.start)
        if not counts:
            return None
        best = sorted(counts, key=lambda k: (-counts[k], first[k]))[0]
        return local.get(best) or gaz.by_id[best]


def local_place(text: str) -> Place:
    """A county-level place the gazetteer lacks ('Xuanhua County'), named without its level word."""
    from kg.lexicon import slug

    name = text.removeprefix("the ").strip()
    bare = name.rsplit(" ", 1)[0] if name.split()[-1] in {"County", "District"} else name
    return Place(slug(name), "county", "County", bare, "", "", "", None, None, "", ())
