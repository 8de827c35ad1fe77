"""Run the stages for articles: Article -> Doc -> Mention -> Entity/Relation (one ArticleResult each)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import kg.extract  # noqa: F401  (registers the rules)
from kg.align import align
from kg.careers import attach_paragraph_bodies, resolve_title_anaphora
from kg.extract.context import ArticleContext
from kg.extract.en.indicators import extract_observations
from kg.extract.registry import rules_for
from kg.extract.zh.indicators import extract_zh_observations
from kg.extract.zh.resolve import resolve_zh
from kg.forks import CAN_FORK, LimitError, run_guarded
from kg.identity import assign_identities
from kg.linker import link, linker_enabled
from kg.records import Article, ArticleResult, Relation
from kg.resolve import resolve, settle_overlaps
from kg.zhdoc import make_doc

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

# Articles longer than GUARD_CHARS (real ones are well under; docs/reliability.md) are extracted in a forked
# child that is killed past GUARD_RSS bytes of resident memory or GUARD_SECONDS.
GUARD_CHARS = 50_000
GUARD_RSS = int(1.5e9)
GUARD_SECONDS = 900.0


class StageTimes(Counter):
    """Seconds spent in each stage, summed over articles (``kg build``'s benchmark reads it).

    Set ``clock`` to ``time.process_time`` for CPU seconds, which waiting for a core does not inflate."""

    clock = staticmethod(time.perf_counter)

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = self.clock()
        try:
            yield
        finally:
            self[stage] += self.clock() - start


def extract_doc(article: Article, doc, lang: str = "en", *, times: StageTimes | None = None) -> ArticleResult:
    """Apply the mention rules, resolution and relation rules to one parsed body."""
    timed = times if times is not None else StageTimes()
    ctx, relations = rule_relations(article, doc, lang, timed)
    if linker_enabled():  # issue 13: the learned linker adds links the rules missed (kg/linker.py)
        with timed(f"linker ({lang})"):
            relations.extend(link(ctx, relations))
    with timed(f"rules: indicators ({lang})"):
        # a bilingual article's figures come from its English half (alignment keeps those only)
        observations = (
            extract_observations(ctx) if lang == "en"
            else extract_zh_observations(ctx) if not article.body_en else []
        )
    entities = sorted(ctx.entities.values(), key=lambda e: e.ref)
    return ArticleResult(article=article, entities=entities, relations=relations, observations=observations)


def rule_relations(
    article: Article, doc, lang: str, timed: StageTimes
) -> tuple[ArticleContext, list[Relation]]:
    """The article's context after mentions and resolution, and the relation rules' relations."""
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
    return ctx, relations


# full-width punctuation in English text -> its ASCII form, one character for one, so offsets hold
FULL_WIDTH = str.maketrans("（）［］，；：！？。、“”‘’", "()[],;:!?.,\"\"''")


def ascii_punctuation(text: str) -> str:
    """'Company（WISCO）；' -> 'Company(WISCO);': the parser splits ASCII punctuation, not full-width."""
    return text.translate(FULL_WIDTH)


def extract(
    articles: Iterable[Article],
    nlp: Language | None,
    *,
    batch_size: int = 32,
    times: StageTimes | None = None,
) -> Iterator[ArticleResult]:
    """Extract every article, parsing the English bodies in batches with ``nlp.pipe``.

    ``nlp`` may be None when no article has an English body (Chinese-only corpora never load spaCy).
    ``times``, if given, collects the seconds spent in each stage.
    """
    timed = times if times is not None else StageTimes()
    articles = list(articles)
    if nlp is None:
        if any(a.body_en for a in articles):
            raise ValueError("English bodies need a spaCy pipeline (kg.nlp.build_nlp)")
        docs: Iterator = iter([None] * len(articles))
    else:
        docs = nlp.pipe([ascii_punctuation(a.body_en) for a in articles if not guarded(a)],
                        batch_size=batch_size)
    for article in articles:
        try:
            if guarded(article):
                result = _extract_guarded(article, nlp)
            else:
                with timed("nlp (spaCy, en)"):
                    doc = next(docs)
                result = _extract_article(article, doc, timed)
            if result.error:
                yield result
                continue
            with timed("identity (careers)"):  # issue 14: bodies from the paragraph, person keys in context
                yield assign_identities(resolve_title_anaphora(attach_paragraph_bodies(result)))
        except Exception as err:  # a rule's bug must cost one article, not the build
            log.debug("extraction of %s failed", article.source, exc_info=True)
            detail = " ".join(str(err).split())[:200]
            yield ArticleResult(
                article=article,
                error=f"extraction failed ({type(err).__name__}: {detail}); please report it with this file",
            )


def guarded(article: Article) -> bool:
    """True for an article long enough to be extracted under :func:`kg.forks.run_guarded`."""
    return CAN_FORK and len(article.body_en) + len(article.body_zh) > GUARD_CHARS


def _extract_guarded(article: Article, nlp: Language | None) -> ArticleResult:
    """Parse and extract a long article in a forked child with a memory and a time limit: a run-away
    article costs a one-line skip, not the build (docs/reliability.md)."""
    try:
        def run() -> ArticleResult:
            doc = nlp(ascii_punctuation(article.body_en)) if nlp is not None else None
            return _extract_article(article, doc, StageTimes())

        return run_guarded(run, max_rss=GUARD_RSS, max_seconds=GUARD_SECONDS)
    except LimitError as err:
        chars = len(article.body_en) + len(article.body_zh)
        return ArticleResult(article=article, error=f"extraction {err} ({chars:,} characters); split the "
                             "article into several files")


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


def warm_up(nlp: Language | None) -> None:
    """Load what extraction loads on first use (segmenter dictionary, NER model, lexicons) by extracting
    a one-sentence bilingual article (Chinese only without ``nlp``): before forking workers, so that they
    share it, not load it each."""
    english = "Wang Hua, mayor of Hangzhou City, visited a silk factory in Zhejiang." if nlp else ""
    article = Article(id="warm-up", source="", sha256="", body_en=english,
                      body_zh="杭州市市长王华视察了浙江的一家丝绸厂。")
    list(extract([article], nlp))
