"""Graph files in, as rdflib: the one reader behind ``kg stats``, ``kg view`` and ``kg validate``.

(``kg query``, ``kg load`` and ``kg serve`` read with pyoxigraph, see kg/query.py; ``kg evaluate``
keeps the shared scorer's own reader, vendored unchanged.)
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import ConfigError
from kg.namespace import ALL_PREFIXES

FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld",
           ".json": "json-ld", ".rdf": "xml"}


class GraphFileError(ConfigError):
    """A graph file is missing or is not RDF in the format its name says."""


def read_dataset(path: str | Path) -> Dataset:
    """Any graph file the exporter writes (or N-Triples, RDF/XML) as a Dataset whose default graph is the
    union of its graphs.

    Raises:
        GraphFileError: one line naming the file: missing, unknown extension, or not parsable.
    """
    path = Path(path)
    if not path.is_file():
        raise GraphFileError(f"{path}: no such file (build one with: kg build seeds/ --out exports/)")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphFileError(f"{path}: unknown RDF format {path.suffix!r}; expected one of "
                             f"{', '.join(sorted(FORMATS))}")
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many parser error types
        detail = " ".join(str(err).split())[:300] or type(err).__name__
        raise GraphFileError(f"{path}: can't parse as {fmt}: {detail}") from None
    return ds


def read_merged(path: str | Path) -> Graph:
    """:func:`read_dataset` as one Graph of every triple, with the kg prefixes bound (for pySHACL)."""
    graph = Graph()
    for prefix, ns in ALL_PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in read_dataset(path).quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph
