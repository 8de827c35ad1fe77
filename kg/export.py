"""The export stage: write the graph as deterministic files, atomically.

Every writer goes through ``atomic_write``: the bytes land in a temporary file beside the target,
are flushed to disk, and replace the target in one ``os.replace``, so an interrupted run leaves
the previous export intact.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from kg.namespace import PREFIXES


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def union_graph(ds: Dataset) -> Graph:
    """All triples of all named graphs in one Graph, with the kg prefixes bound."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def to_turtle(ds: Dataset) -> bytes:
    """The merged graph as Turtle: readable prefixes, subjects and objects sorted (no blank nodes)."""
    return union_graph(ds).serialize(format="turtle", encoding="utf-8")


def write_turtle(ds: Dataset, path: str | Path) -> None:
    atomic_write(path, to_turtle(ds))
