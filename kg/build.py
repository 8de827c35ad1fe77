"""``kg build``: read a folder of articles, extract, build the graph, write the exports.

Bad files are reported and skipped; the rest still build. Exports are written atomically and only
after the whole graph is built, so a failed run never leaves a half-written export; they replace the
previous ones together at the end (``publish_together``), and a build holds a lock on its output folder,
so a killed build leaves the previous exports as they were and the next build removes its stale
temporary files (docs/reliability.md).
"""

from __future__ import annotations

import functools
import gc
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.cache import ResultCache
from kg.careers import with_careers
from kg.collector import GC_THRESHOLD, paused
from kg.corpus import MAX_BYTES, iter_articles
from kg.engine import extract_all
from kg.errors import ArticleError, ConfigError
from kg.export import export_writers, folder_lock, publish_together, stale_temp_files, write_files
from kg.graph import graph_quads
from kg.identity import Overrides, apply_overrides, read_overrides
from kg.index import with_index
from kg.nlp import DEFAULT_MODEL
from kg.records import Article
from kg.view_limit import DEFAULT_VIEW_LIMIT, check_view_limit

log = logging.getLogger(__name__)
TITLE = "kg: People's Daily knowledge graph"
# kg.collector.GC_THRESHOLD during a build (few young collections); the caller's comes back when it ends.
EXPORT_NAMES = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "context.jsonld", "graph.html")


@dataclass
class BuildReport:
    """What a build read, skipped, found and wrote."""

    articles: int = 0
    skipped: list[ArticleError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)  # distinct entities (graph nodes) per type
    relations: Counter[str] = field(default_factory=Counter)  # relation statements per predicate
    triples: int = 0
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    extracted: int = 0  # articles run through the pipeline in this build
    cached: int = 0  # articles whose results came from the cache

    def summary(self) -> str:
        """The line ``kg build`` prints: articles, time, cache use, skips, entities by type."""
        ents = ", ".join(f"{n} {t}" for t, n in sorted(self.entities.items()))
        return (f"built {self.articles} articles in {self.seconds:.1f}s ({self.extracted} extracted, "
                f"{self.cached} from cache, {len(self.skipped)} skipped): {self.entities.total()} entities "
                f"({ents})")


def read_inputs(paths: list[Path], report: BuildReport, *, max_bytes: int = MAX_BYTES) -> list[Article]:
    """All readable articles under ``paths``; unreadable files and duplicate ids go to the report."""
    articles: list[Article] = []
    seen: dict[str, str] = {}
    folders: dict[Path, Path] = {}
    for path in paths:
        base = path.resolve().parent  # sources are paths from the input folder's (or file's) parent on
        for item in iter_articles(path, max_bytes=max_bytes, warn=report.warnings.append):
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
            item = replace(item, source=_portable(Path(item.source), base, folders))
            seen[item.id] = item.source
            report.warnings.extend(f"{item.source}: {w}" for w in item.warnings)
            articles.append(item)
    return articles


def _portable(file: Path, base: Path, folders: dict[Path, Path]) -> str:
    """The file's path from the input folder's name on ('seeds/000.txt'; ``base``: the resolved folder
    above it): the same on every machine. ``folders``: the real paths of folders resolved so far (the
    files of a folder share one resolution)."""
    if file.is_symlink():
        real = file.resolve()
    else:
        if file.parent not in folders:
            folders[file.parent] = file.parent.resolve()
        real = folders[file.parent] / file.name
    try:
        return real.relative_to(base).as_posix()
    except ValueError:
        return file.name


def build(
    paths: list[Path],
    out: Path,
    *,
    model: str = DEFAULT_MODEL,
    html: bool = True,
    label_lang: str = "both",
    view_limit: int = DEFAULT_VIEW_LIMIT,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_bytes: int = MAX_BYTES,
    mentions: bool = True,
    identities: Path | None = None,
) -> BuildReport:
    """Build ``out``/graph.ttl and the other exports from the articles under ``paths``.

    Args:
        workers: extraction processes (or Dask workers with ``engine="dask"``).
        cache_dir: where per-article results are kept between runs; None turns the cache off.
        progress: called with (articles done, articles in all) as extraction proceeds.
        max_bytes: input files larger than this are skipped unread.
        mentions: annotate every entity mention (False leaves about a quarter of the quads).
        label_lang: node labels of graph.html: en, zh or both.
        view_limit: graph.html draws at most this many entities (0: all; kg/view_limit.py).
        identities: a CSV of person merges and splits (kg/identity.py, docs/identity.md).
    """
    if html:
        from kg.viz import check_label_lang

        check_label_lang(label_lang)  # before reading anything
        check_view_limit(view_limit)
    started = time.perf_counter()
    report = BuildReport()
    overrides = read_overrides(identities) if identities is not None else None
    articles = read_inputs(paths, report, max_bytes=max_bytes)
    if not articles:
        why = f" {len(report.skipped)} file(s) skipped, first {report.skipped[0]}" if report.skipped else ""
        raise ConfigError(f"No readable articles under {', '.join(map(str, paths))}: nothing to build.{why}")
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}.")
    with folder_lock(out):  # a second build into ``out`` stops here with a ConfigError
        _remove_stale_temp_files(out, cache_dir)
        threshold = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLD)
        try:
            _build_locked(articles, out, report, model=model, html=html, label_lang=label_lang,
                          view_limit=view_limit,
                          workers=workers, engine=engine, scheduler=scheduler, cache_dir=cache_dir,
                          progress=progress, mentions=mentions, overrides=overrides)
        finally:
            gc.set_threshold(*threshold)
            gc.unfreeze()  # what it froze (loaded model, merged quads) is collectable again for the caller
    report.seconds = time.perf_counter() - started
    return report


def _remove_stale_temp_files(out: Path, cache_dir: Path | None) -> None:
    """Temporary files left by a killed build (safe to delete: this build holds the folder's lock)."""
    stale = stale_temp_files(out, EXPORT_NAMES)
    if cache_dir is not None and cache_dir.is_dir():
        for sub in sorted(cache_dir.iterdir()):
            stale.extend(stale_temp_files(sub))
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        log.info("removed %d temporary file(s) left by an interrupted build in %s", len(stale), out)


def _build_locked(
    articles: list[Article],
    out: Path,
    report: BuildReport,
    *,
    model: str,
    html: bool,
    label_lang: str,
    workers: int,
    view_limit: int = DEFAULT_VIEW_LIMIT,
    engine: str,
    scheduler: str | None,
    cache_dir: Path | None,
    progress: Callable[[int, int], None] | None,
    mentions: bool,
    overrides: Overrides | None = None,
) -> None:
    """Extract, build the graph and publish the exports (the caller holds ``out``'s lock)."""
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
    report.skipped.extend(ArticleError(r.article.source, r.error) for r in results if r.error)
    results = [r for r in results if not r.error]
    report.articles = len(results)
    # One count per graph node: an entity named in several articles is one entity (one IRI), as in
    # `kg stats`, the view and the overview query.
    report.entities.update(ref[0] for ref in {e.ref for r in results for e in r.entities})
    report.relations.update(rel.predicate for res in results for rel in res.relations)
    if overrides is not None:  # issue 14: the user's person merges and splits
        results = apply_overrides(results, overrides)
    # From here on the objects made are the quads, which live until the end, and the exports' short-lived
    # text, freed as it goes: the cyclic collector would find next to nothing (the view's few networkx
    # graphs), and its young collections cost 0.4-0.5 s of CPU on a month. It runs again after the exports.
    with paused():
        quads = with_careers(graph_quads(results, mentions=mentions), results, overrides)  # issue 14
        quads = with_index(quads)  # issue 16: graph:index, what the named queries look up
        del results  # the quads hold what the exports need; free the per-article records first
        report.triples = len(quads)
        gc.freeze()  # the quads live until the end: later collections need not walk them
        writers = export_writers(quads, out, turtle=True)
        if html:
            from kg.viz import write_build_view

            view = functools.partial(write_build_view, quads, title=TITLE, label_lang=label_lang,
                                     view_limit=view_limit)
            writers = {out / "graph.html": view, **writers}
        with publish_together():  # every export replaces its old version at the end, or none does
            written = write_files(writers, workers=workers)
        # Frozen too, what the exports left (and the count of objects made since the quads' freeze, which
        # would start a young collection of them the moment the collector runs again: 0.07-0.12 s of CPU
        # on a month); build() unfreezes everything when it ends.
        gc.freeze()
    report.outputs.extend(sorted(written, key=lambda p: EXPORT_NAMES.index(p.name)))
