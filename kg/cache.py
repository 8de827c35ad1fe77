"""A cache of per-article extraction results, keyed by article content and pipeline version.

A rebuild re-extracts only the articles whose bytes (or whose path, which the graph records) changed,
or all of them when kg's code, lexicons or the spaCy model changed. Entries are pickled
``ArticleResult``s written atomically, so a killed build leaves only whole entries; an unreadable
entry counts as a miss and is replaced.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
from pathlib import Path

from kg.export import atomic_write
from kg.records import Article, ArticleResult

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=4)
def pipeline_version(model: str) -> str:
    """A digest of everything extraction depends on: kg's code and data files, and the model."""
    from kg.linker import linker_setting
    from kg.zhseg import segmenter_name

    digest = hashlib.sha256(f"{model}|{segmenter_name()}|{linker_setting()}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if (
            path.is_file()
            and path.suffix in {".py", ".tsv", ".jsonl", ".txt", ".crfsuite", ".json"}
            and "__pycache__" not in path.parts
        ):
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    try:
        import importlib.metadata as md

        digest.update(md.version(model.replace("_", "-")).encode())
    except Exception:  # a model given by path, or "blank": the name is enough
        pass
    return digest.hexdigest()[:16]


class ResultCache:
    """Pickled ArticleResults under ``root``; ``hits`` and ``misses`` count this run's look-ups."""

    def __init__(self, root: Path, *, model: str) -> None:
        self.root = root
        self.version = pipeline_version(model)
        self.hits = 0
        self.misses = 0

    def _path(self, article: Article) -> Path:
        key = hashlib.sha256(
            f"{self.version}|{article.sha256}|{article.id}|{article.source}".encode()
        ).hexdigest()
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, article: Article) -> ArticleResult | None:
        path = self._path(article)
        try:
            with path.open("rb") as fh:
                result = pickle.load(fh)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception as err:  # a damaged entry is a miss; it will be rewritten
            log.warning("ignoring unreadable cache entry %s (%s)", path, err)
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, result: ArticleResult) -> None:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(self._path(result.article), data, durable=False)  # a lost entry is only a miss
