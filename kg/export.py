"""The export stage: one Dataset -> Turtle, TriG, N-Quads and JSON-LD files, deterministic and atomic.

All four serialisations come from one sorted list of quads (default graph first, then one named graph
per article; subjects, predicates and objects in code-point order with ``rdf:type`` first), written by
pyoxigraph (10-50x faster than rdflib at a million triples, see PITFALLS) with the kg prefixes bound,
except JSON-LD, which is written here as flattened node objects under the context of
``ontology/context.jsonld`` (inlined, and copied next to the graph as ``context.jsonld``). Literals keep
their lexical forms (``{"@value": "10.1", "@type": "xsd:decimal"}``) so every parser reads back the
same terms.

Every writer goes through ``atomic_write``: the bytes land in a temporary file beside the target, are
flushed to disk, and replace the target in one ``os.replace``, so an interrupted run leaves the
previous export intact. Inside ``publish_together()`` the replacements wait until the block ends and
then happen one right after another, so a run killed while it writes its exports leaves every previous
export as it was (docs/reliability.md).

Any text is exported: literals are escaped by the serialisers (quotes, backslashes, line breaks, control
characters), N-Quads lines are split on ``\n`` only (a literal may hold U+2028 or U+0085), and lone
surrogates, which no RDF format or UTF-8 can carry, become U+FFFD (see :func:`clean_text`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.errors import ConfigError
from kg.graph import ALL_PREFIXES

RDF_TYPE = str(RDF.type)
XSD_STRING = str(XSD.string)
FORMATS = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.trig": ox.RdfFormat.TRIG,
           "graph.nq": ox.RdfFormat.N_QUADS}
CONTEXT_FILE = "context.jsonld"
TEMP_SUFFIX = ".tmp"  # atomic_write's temporary files: ".<name>.<random>.tmp" beside the target
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_STAGED: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("kg_staged_writes", default=None)
_LOCK_FDS: set[int] = set()  # folder_lock's descriptors, closed in forked children (see there)


def _close_locks_in_child() -> None:
    for fd in _LOCK_FDS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCK_FDS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_locks_in_child)


def clean_text(text: str) -> str:
    """``text`` with every surrogate code point (U+D800-U+DFFF) replaced by U+FFFD.

    Python strings may hold lone surrogates (``os.fsdecode`` of a bad file name, a caller's data); no RDF
    syntax, JSON text or UTF-8 file can, so the exporters write U+FFFD in their place.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", text)
    return text


def atomic_write(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    Inside :func:`publish_together`, the file is staged and replaces ``path`` when the block ends.
    ``durable=False`` skips the ``fsync`` (about 4 ms a file here): for files whose loss in a power cut
    is harmless, such as cache entries, which are checked when read.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; exports are for everyone to read
        staged = _STAGED.get()
        if staged is None:
            os.replace(tmp, path)
        else:
            staged.append((Path(tmp), path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def publish_together() -> Iterator[None]:
    """Stage every ``atomic_write`` of the block; replace the targets together when it ends without error.

    If the block raises, the staged temporary files are removed and no target changes. A process killed
    inside the block (SIGKILL, power loss) leaves the old targets and, at worst, stale ``.*.tmp`` files
    that nothing reads. The replacements themselves are one ``os.replace`` per file, microseconds apart.
    """
    staged: list[tuple[Path, Path]] = []
    token = _STAGED.set(staged)
    try:
        yield
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _STAGED.reset(token)
    for tmp, target in staged:
        os.replace(tmp, target)
    for directory in sorted({target.parent for _, target in staged}):
        _fsync_dir(directory)


@contextlib.contextmanager
def folder_lock(folder: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (created if needed) for the block; fail at once if it is held.

    ``kg build`` holds it on its output folder, so two builds never write one folder at the same time
    and temporary files found there under the lock are known to be stale. The lock is ``flock`` on the
    folder itself (no lock file), released by the kernel even when the process is killed. Forked
    children (extraction workers) close their copy of the descriptor, so a worker that outlives a killed
    build can't keep the folder locked. Without ``fcntl`` (Windows) the block runs unlocked.

    Raises:
        ConfigError: another process holds the lock.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder} is a file, not a folder: choose another --out.")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    _LOCK_FDS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(f"Another kg build is writing to {folder}: wait for it to finish.") from None
        yield
    finally:
        _LOCK_FDS.discard(fd)
        os.close(fd)  # releases the lock


def stale_temp_files(folder: str | Path, names: Iterable[str] | None = None) -> list[Path]:
    """The temporary files ``atomic_write`` left in ``folder`` (``.<name>.<8 random chars>.tmp``), sorted.

    Only a process killed between writing and replacing leaves one. ``names`` limits the search to the
    temporary files of those targets; None means any target.
    """
    folder = Path(folder)
    targets = "|".join(re.escape(n) for n in names) if names is not None else ".+"
    pattern = re.compile(rf"\.(?:{targets})\.[a-z0-9_]{{8}}{re.escape(TEMP_SUFFIX)}")
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = (Path(e.path) for e in entries if pattern.fullmatch(e.name) and e.is_file(follow_symlinks=False))
    return sorted(found)


def _fsync_dir(directory: Path) -> None:
    """Make the renames in ``directory`` durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def union_graph(ds: Dataset) -> Graph:
    """All triples of all named graphs in one Graph, with the kg prefixes bound."""
    graph = Graph()
    for prefix, ns in ALL_PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def prefixes() -> dict[str, str]:
    """Prefix -> namespace IRI, as the serialisers and the JSON-LD context use them.

    Ordered longest namespace first, then by prefix: pyoxigraph writes them in that order.
    """
    items = sorted(((prefix, str(ns)) for prefix, ns in ALL_PREFIXES.items()),
                   key=lambda x: (-len(x[1]), x[0]))
    return dict(items)


def _term(term: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        value = clean_text(str(term))
        if term.language:
            return ox.Literal(value, language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(value, datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(value)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"can't export RDF term {term!r}")


def _order(quad: ox.Quad) -> tuple[str, str, int, str, str]:
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    predicate = quad.predicate.value
    return (graph, str(quad.subject), predicate != RDF_TYPE, predicate, str(quad.object))


def to_quads(ds: Dataset) -> list[ox.Quad]:
    """Every quad of ``ds`` as pyoxigraph terms, in the export order (deterministic, duplicates dropped)."""
    seen: set[ox.Quad] = set()
    memo: dict[Any, Any] = {}  # IRIs repeat (predicates, classes, graphs): convert each once

    def term(t: Any) -> Any:
        found = memo.get(t) if isinstance(t, URIRef) else None
        if found is None:
            found = _term(t)
            if isinstance(t, URIRef) and len(memo) < 100_000:
                memo[t] = found
        return found

    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = ox.DefaultGraph() if name is None or str(name) == "urn:x-rdflib:default" else term(name)
        seen.add(ox.Quad(term(s), term(p), term(o), graph))
    keys = {q: _order(q) for q in seen}
    return sorted(seen, key=keys.__getitem__)


def to_triples(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The union of all graphs: each triple once, in export order."""
    triples = {q.triple for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), t.predicate.value != RDF_TYPE, t.predicate.value,
                                          str(t.object)))


def serialize(quads: list[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """Turtle (merged graph), TriG or N-Quads bytes; N-Quads lines are sorted."""
    if fmt == ox.RdfFormat.N_QUADS:
        # split on b"\n" only: str.splitlines would also cut at U+2028, U+0085, \x1c... inside literals.
        # UTF-8 bytes sort in code-point order, so this is the order of the decoded lines.
        lines = ox.serialize(quads, format=fmt).split(b"\n")
        return b"".join(line + b"\n" for line in sorted(lines) if line)
    if fmt == ox.RdfFormat.TURTLE:
        return ox.serialize(to_triples(quads), format=fmt, prefixes=prefixes())
    return ox.serialize(quads, format=fmt, prefixes=prefixes())


def to_turtle(ds: Dataset) -> bytes:
    """The merged graph as Turtle: readable prefixes, sorted, no blank nodes."""
    return serialize(to_quads(ds), ox.RdfFormat.TURTLE)


def write_turtle(ds: Dataset, path: str | Path) -> None:
    atomic_write(path, to_turtle(ds))


def read_context() -> dict[str, Any]:
    """The JSON-LD context shipped as ``ontology/context.jsonld``."""
    text = resources.files("kg.ontology").joinpath(CONTEXT_FILE).read_text("utf-8")
    return json.loads(text)["@context"]


class _Compactor:
    """IRIs -> compact IRIs ('city:taiyuan') with the longest matching prefix of the context."""

    def __init__(self, context: dict[str, Any]) -> None:
        spaces = [(ns, p) for p, ns in context.items() if isinstance(ns, str) and ns.endswith(("/", "#"))]
        self.spaces = sorted(spaces, key=lambda x: -len(x[0]))

        self.memo: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.memo.get(iri)
        if found is None:
            found = iri
            for ns, prefix in self.spaces:
                if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                    found = f"{prefix}:{iri[len(ns):]}"
                    break
            if len(self.memo) < 100_000:  # predicates, classes and graphs repeat; most subjects do not
                self.memo[iri] = found
        return found


def _value(term: Any, compact: _Compactor) -> dict[str, str]:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value != XSD_STRING:
            return {"@value": term.value, "@type": compact(term.datatype.value)}
        return {"@value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    return {"@id": compact(term.value)}


def _nodes(triples: list[tuple[Any, Any, Any]], compact: _Compactor) -> dict[str, dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in triples:
        sid = f"_:{s.value}" if isinstance(s, ox.BlankNode) else compact(s.value)
        node = nodes.setdefault(sid, {"@id": sid})
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(compact(o.value))
        else:
            node.setdefault(compact(p.value), []).append(_value(o, compact))
    return {k: {key: node[key] for key in sorted(node, key=_key_order)} for k, node in sorted(nodes.items())}


def _key_order(key: str) -> tuple[bool, str]:
    return (not key.startswith("@"), key)


def to_jsonld(quads: list[ox.Quad], *, context: dict[str, Any] | None = None) -> bytes:
    """The dataset as JSON-LD: default-graph nodes, then one ``{"@id", "@graph"}`` object per named graph."""
    context = read_context() if context is None else context
    compact = _Compactor(context)
    by_graph: dict[str, list[tuple[Any, Any, Any]]] = {}
    for q in quads:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else compact(q.graph_name.value)
        by_graph.setdefault(name, []).append((q.subject, q.predicate, q.object))
    top = _nodes(by_graph.pop("", []), compact)
    for name, triples in sorted(by_graph.items()):
        entry = top.setdefault(name, {"@id": name})
        entry["@graph"] = list(_nodes(triples, compact).values())
    # One node object per line: readable and diffable, and json's C encoder (no indent) stays fast.
    lines = ['{"@context": ' + json.dumps(context, ensure_ascii=False, indent=1) + ',', '"@graph": [']
    items = []
    for node in top.values():
        inner = node.pop("@graph", None)
        if inner is None:
            items.append(_dump(node))
            continue
        head = _dump(node)[:-1] + ', "@graph": [\n'  # the node always has an "@id"
        items.append(head + ",\n".join(f"  {_dump(n)}" for n in inner) + "\n]}")
    lines.append(",\n".join(items))
    lines.append("]}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def write_exports(ds: Dataset, out: str | Path, *, turtle: bool = False) -> list[Path]:
    """Write graph.trig, graph.nq, graph.jsonld and context.jsonld (and graph.ttl if asked) into ``out``."""
    out = Path(out)
    quads = to_quads(ds)
    written = []
    for name, fmt in FORMATS.items():
        if fmt == ox.RdfFormat.TURTLE and not turtle:
            continue
        atomic_write(out / name, serialize(quads, fmt))
        written.append(out / name)
    context = read_context()
    atomic_write(out / "graph.jsonld", to_jsonld(quads, context=context))
    atomic_write(out / CONTEXT_FILE, (json.dumps({"@context": context}, ensure_ascii=False, indent=1)
                                      + "\n").encode("utf-8"))
    return [*written, out / "graph.jsonld", out / CONTEXT_FILE]
