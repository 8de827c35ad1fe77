"""Run the stages for articles: Article -> Doc -> Mention -> Entity/Relation (one ArticleResult each)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.language import Language

import kg.extract  # noqa: F401  (registers the rules)
from kg.align import align
from kg.careers import attach_paragraph_bodies, resolve_title_anaphora
from kg.extract.context import ArticleContext
from kg.extract.indicators import extract_observations
from kg.extract.registry import rules_for
from kg.extract.resolve_zh import resolve_zh
from kg.identity import assign_identities
from kg.records import Article, ArticleResult, Relation
from kg.resolve import resolve, settle_overlaps
from kg.zhdoc import make_doc

log = logging.getLogger(__name__)


class StageTimes(Counter):
    """Seconds spent in each stage, summed over articles (``kg build``'s benchmark reads it)."""

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[stage] += time.perf_counter() - start


def extract_doc(article: Article, doc, lang: str = "en", *, times: StageTimes | None = None) -> ArticleResult:
    """Apply the mention rules, resolution and relation rules to one parsed body."""
    timed = times if times is not None else StageTimes()
    ctx = ArticleContext(article=article, lang=lang, doc=doc)
    with timed(f"rules: mentions ({lang})"):
        mentions = [m for r in rules_for("mentions", lang) for m in r.func(ctx)]
    with timed(f"resolution ({lang})"):
        ctx.mentions = settle_overlaps(mentions)
        (resolve_zh if lang == "zh" else resolve)(ctx)
    relations: list[Relation] = []
    seen = set()
    with timed(f"rules: relations ({lang})"):
        for r in rules_for("relations", lang):
            for rel in r.func(ctx):
                key = (rel.subject, rel.predicate, rel.object, rel.post)
                if key not in seen and rel.subject != rel.object:
                    seen.add(key)
                    relations.append(rel)
    with timed(f"rules: indicators ({lang})"):
        observations = extract_observations(ctx)
    entities = sorted(ctx.entities.values(), key=lambda e: e.ref)
    return ArticleResult(article=article, entities=entities, relations=relations, observations=observations)


def extract(
    articles: Iterable[Article], nlp: Language, *, batch_size: int = 32, times: StageTimes | None = None
) -> Iterator[ArticleResult]:
    """Extract every article, parsing the English bodies in batches with ``nlp.pipe``.

    ``times``, if given, collects the seconds spent in each stage.
    """
    timed = times if times is not None else StageTimes()
    articles = list(articles)
    docs = nlp.pipe([a.body_en for a in articles], batch_size=batch_size)
    for article in articles:
        with timed("nlp (spaCy, en)"):
            doc = next(docs)
        try:
            result = _extract_article(article, doc, timed)
            with timed("identity (careers)"):  # issue 14: bodies from the paragraph, person keys in context
                yield assign_identities(resolve_title_anaphora(attach_paragraph_bodies(result)))
        except Exception as err:  # a rule's bug must cost one article, not the build
            log.debug("extraction of %s failed", article.source, exc_info=True)
            detail = " ".join(str(err).split())[:200]
            yield ArticleResult(article=article, error=f"extraction failed ({type(err).__name__}: {detail}); "
                                "please report it with this file")


def _extract_article(article: Article, doc, timed: StageTimes) -> ArticleResult:
    zh = None
    if article.body_zh:
        with timed("nlp (zh: segmenter, NER)"):
            zh_doc = make_doc(article.body_zh)
            zh_doc.words, zh_doc.ents  # noqa: B018  (computed here, not in the first rule that asks)
        zh = extract_doc(article, zh_doc, "zh", times=timed)
    if not article.body_en:
        return zh if zh is not None else ArticleResult(article=article)
    en = extract_doc(article, doc, "en", times=timed)
    if zh is not None:  # bilingual: both halves, then the zh names onto the en
        with timed("alignment"):
            en = align(en, zh)
    return en


def warm_up(nlp: Language) -> None:
    """Load what extraction loads on first use (segmenter dictionary, NER model, lexicons) by extracting
    a one-sentence bilingual article: before forking workers, so that they share it, not load it each."""
    article = Article(id="warm-up", source="", sha256="",
                      body_en="Wang Hua, mayor of Hangzhou City, visited a silk factory in Zhejiang.",
                      body_zh="杭州市市长王华视察了浙江的一家丝绸厂。")
    list(extract([article], nlp))
