"""Run the stages for articles: Article -> Doc -> Mention -> Entity/Relation (one ArticleResult each)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language

import kg.extract  # noqa: F401  (registers the rules)
from kg.align import align
from kg.extract.context import ArticleContext
from kg.extract.indicators import extract_observations
from kg.extract.registry import rules_for
from kg.extract.resolve_zh import resolve_zh
from kg.records import Article, ArticleResult, Relation
from kg.resolve import resolve, settle_overlaps
from kg.zhdoc import make_doc

log = logging.getLogger(__name__)


def extract_doc(article: Article, doc, lang: str = "en") -> ArticleResult:
    """Apply the mention rules, resolution and relation rules to one parsed body."""
    ctx = ArticleContext(article=article, lang=lang, doc=doc)
    mentions = [m for r in rules_for("mentions", lang) for m in r.func(ctx)]
    ctx.mentions = settle_overlaps(mentions)
    (resolve_zh if lang == "zh" else resolve)(ctx)
    relations: list[Relation] = []
    seen = set()
    for r in rules_for("relations", lang):
        for rel in r.func(ctx):
            key = (rel.subject, rel.predicate, rel.object, rel.post)
            if key not in seen and rel.subject != rel.object:
                seen.add(key)
                relations.append(rel)
    observations = extract_observations(ctx)
    entities = sorted(ctx.entities.values(), key=lambda e: e.ref)
    return ArticleResult(article=article, entities=entities, relations=relations, observations=observations)


def extract(articles: Iterable[Article], nlp: Language, *, batch_size: int = 32) -> Iterator[ArticleResult]:
    """Extract every article, parsing the English bodies in batches with ``nlp.pipe``."""
    articles = list(articles)
    texts = [a.body_en for a in articles]
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=batch_size), strict=True):
        if article.body_en and article.body_zh:  # bilingual: both halves, then the zh names onto the en
            zh = extract_doc(article, make_doc(article.body_zh), "zh")
            yield align(extract_doc(article, doc, "en"), zh)
        elif article.body_en:
            yield extract_doc(article, doc, "en")
        elif article.body_zh:
            yield extract_doc(article, make_doc(article.body_zh), "zh")
        else:
            yield ArticleResult(article=article)
