"""``kg build``: read a folder of articles, extract, build the graph, write the exports.

Bad files are reported and skipped; the rest still build. Exports are written atomically and only
after the whole graph is built, so a failed run never leaves a half-written export.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.cache import ResultCache
from kg.corpus import iter_articles
from kg.engine import extract_all
from kg.errors import ArticleError, ConfigError
from kg.export import write_exports, write_turtle
from kg.graph import build_graph
from kg.nlp import DEFAULT_MODEL
from kg.records import Article

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build read, skipped, found and wrote."""

    articles: int = 0
    skipped: list[ArticleError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    triples: int = 0
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    extracted: int = 0  # articles run through the pipeline in this build
    cached: int = 0  # articles whose results came from the cache


def read_inputs(paths: list[Path], report: BuildReport) -> list[Article]:
    """All readable articles under ``paths``; unreadable files and duplicate ids go to the report."""
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in paths:
        for item in iter_articles(path):
            if isinstance(item, ArticleError):
                report.skipped.append(item)
                continue
            if item.id in seen:
                report.skipped.append(
                    ArticleError(
                        item.source, f"duplicate article id {item.id!r} (already read from {seen[item.id]})"
                    )
                )
                continue
            item = replace(item, source=_portable(Path(item.source), path))
            seen[item.id] = item.source
            report.warnings.extend(f"{item.source}: {w}" for w in item.warnings)
            articles.append(item)
    return articles


def _portable(file: Path, root: Path) -> str:
    """The file's path from the input folder's name on ('seeds/000.txt'): the same on every machine."""
    base = root.resolve().parent if root.is_dir() else root.resolve().parent
    try:
        return file.resolve().relative_to(base).as_posix()
    except ValueError:
        return file.name


def build(
    paths: list[Path],
    out: Path,
    *,
    model: str = DEFAULT_MODEL,
    html: bool = True,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build ``out``/graph.ttl and the other exports from the articles under ``paths``.

    Args:
        workers: extraction processes (or Dask workers with ``engine="dask"``).
        cache_dir: where per-article results are kept between runs; None turns the cache off.
        progress: called with (articles done, articles in all) as extraction proceeds.
    """
    started = time.perf_counter()
    report = BuildReport()
    articles = read_inputs(paths, report)
    if not articles:
        raise ConfigError(f"No readable articles under {', '.join(map(str, paths))}: nothing to build.")
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}.")
    cache = ResultCache(cache_dir, model=model) if cache_dir is not None else None
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(articles))

    results = extract_all(
        articles,
        model=model,
        workers=workers,
        engine=engine,
        scheduler=scheduler,
        cache=cache,
        progress=advance,
    )
    report.cached = cache.hits if cache else 0
    report.extracted = len(results) - report.cached
    report.articles = len(results)
    for result in results:
        report.entities.update(e.type for e in result.entities)
        report.relations.update(r.predicate for r in result.relations)
    ds = build_graph(results)
    report.triples = len(ds)
    write_turtle(ds, out / "graph.ttl")
    report.outputs.append(out / "graph.ttl")
    report.outputs.extend(write_exports(ds, out))  # graph.trig, graph.nq, graph.jsonld, context.jsonld
    if html:
        from kg.viz import write_html

        write_html(ds, out / "graph.html", title="kg: People's Daily knowledge graph")
        report.outputs.append(out / "graph.html")
    report.seconds = time.perf_counter() - started
    return report
