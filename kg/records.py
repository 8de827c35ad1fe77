"""Plain records passed between stages: Article -> Mention -> Entity / Relation.

Imports nothing from kg, so every stage (and every test) can use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One newspaper article, as read from a file.

    Bodies are kept exactly as in the file (after line-ending normalisation), so
    character offsets into ``body_en`` / ``body_zh`` are stable provenance.
    """

    id: str  # stable: the file stem, e.g. "000_837b635841432b38"
    source: str  # path as given to the reader
    sha256: str  # of the raw file bytes
    title_en: str = ""
    title_zh: str = ""
    date: str = ""  # ISO yyyy-mm-dd, or "" when the file states none
    page: str = ""  # "2"
    section: str = ""  # "国内新闻"
    column: str = ""  # value of the 专栏： line
    authors_en: tuple[str, ...] = ()
    authors_zh: tuple[str, ...] = ()
    body_en: str = ""
    body_zh: str = ""
    warnings: tuple[str, ...] = ()  # non-fatal problems met while reading
    # The translator's name list of a bilingual file ("**Named Entities**" before <hr />): (Chinese name,
    # English name, kind) with kind "person", "organization", "place", "event" or "" (no heading).
    name_pairs: tuple[tuple[str, str, str], ...] = ()

    def body(self, lang: str) -> str:
        """The body in ``lang`` ("en" or "zh")."""
        return self.body_en if lang == "en" else self.body_zh


@dataclass(frozen=True)
class Mention:
    """A typed span of one article body."""

    article: str  # Article.id
    lang: str  # "en" | "zh"
    start: int  # character offsets into Article.body(lang), end exclusive
    end: int
    text: str
    type: str  # an ENTITY_TYPES key, e.g. "Person"
    rule: str  # name of the rule that found it
    key: str = ""  # lexicon or gazetteer id when the rule knows it ("taiyuan", "on-site-office")
    canonical: str = ""  # the full name when the text uses a short form ("Taiyuan Municipal Government")


EVIDENCE_CHARS = 600  # a longer sentence is cut to a window this long around the fact


def evidence_window(text: str, sentence: tuple[int, int], fact: tuple[int, int]) -> tuple[int, int]:
    """The sentence span, or, when it is longer than :data:`EVIDENCE_CHARS`, a window of about that many
    characters centred on the fact (its ends moved to a space when one is near; a fact longer than the
    window keeps its beginning), so that what a fact stores does not grow with its sentence's length."""
    s, e = sentence
    if e - s <= EVIDENCE_CHARS:
        return s, e
    a, b = max(s, min(fact[0], e)), min(e, max(fact[1], s))
    b = min(b, a + EVIDENCE_CHARS)  # a rule that passes a whole long sentence as the fact: its beginning
    pad = max(0, (EVIDENCE_CHARS - (b - a)) // 2)
    lo, hi = max(s, a - pad), min(e, b + pad)
    if lo > s and (space := text.find(" ", lo, min(a, lo + 40))) != -1:
        lo = space + 1
    if hi < e and (space := text.rfind(" ", max(b, hi - 40), hi)) != -1:
        hi = space
    return lo, hi


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: an article and a sentence span of one body."""

    article: str
    lang: str
    start: int
    end: int
    text: str


@dataclass
class Entity:
    """A resolved real-world thing. ``key`` is the stable part of its IRI."""

    type: str  # an ENTITY_TYPES key
    key: str  # normalised canonical name or gazetteer id, e.g. "taiyuan"
    label_en: str = ""
    label_zh: str = ""
    aliases_en: set[str] = field(default_factory=set)
    aliases_zh: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # e.g. gazetteer level, parent
    articles: set[str] = field(default_factory=set)  # ids of the articles that name it (after merging)

    @property
    def ref(self) -> tuple[str, str]:
        """(type, key): what identifies the entity across articles."""
        return (self.type, self.key)


@dataclass(frozen=True)
class Post:
    """A post held by a person: a title in a body (``org:Post``)."""

    title_en: str
    title_zh: str
    body: tuple[str, str] | None  # Entity.ref of the body, when known


@dataclass(frozen=True)
class Relation:
    """subject -predicate-> object between two entities, with its evidence.

    ``predicate`` is a local name of the ontology (``governs``, ``partOf``...),
    or ``holds`` with ``post`` set.
    """

    subject: tuple[str, str]
    predicate: str
    object: tuple[str, str] | None
    evidence: Evidence
    post: Post | None = None


@dataclass
class ArticleResult:
    """Everything extracted from one article: the unit that is cached and merged."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)  # figures (kg/extract/en/indicators.py)
    # the article's named graph as N-Triples quads (kg.graph.article_quads), made by the worker
    quads: list[tuple[str, str, str, str]] | None = field(default=None, repr=False)
    error: str = ""  # why extraction failed on this article ('' when it did not): reported, not merged


@dataclass(frozen=True)
class Observation:
    """A reported figure (``qb:Observation``): what was measured, for whom, when, against what.

    ``value`` is the number as printed without thousands separators ("10.1", "150", "2.069"); the
    scale stays in ``unit`` ("million yuan"), so the literal equals the figure in the text.
    """

    subject: tuple[str, str]  # Entity.ref of the place, enterprise or body the figure is about
    indicator: str  # "total industrial output value"
    value: str  # decimal lexical form, e.g. "10.1"
    unit: str  # "percent", "million yuan", "enterprises"
    evidence: Evidence  # the sentence stating the figure
    start: int  # character offsets of the figure itself in the body
    end: int
    period: str = ""  # the reference period as printed ("January to the end of October")
    period_iso: str = ""  # the same, normalised when possible ("1989-01/1989-10")
    comparison: str = ""  # the comparison basis ("same period last year")
    qualifier: str = ""  # "more than", "over", "nearly", "about"
    rule: str = ""  # name of the rule that found it
