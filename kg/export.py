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
previous export intact.
"""

from __future__ import annotations

import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.graph import ALL_PREFIXES

RDF_TYPE = str(RDF.type)
XSD_STRING = str(XSD.string)
FORMATS = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.trig": ox.RdfFormat.TRIG,
           "graph.nq": ox.RdfFormat.N_QUADS}
CONTEXT_FILE = "context.jsonld"


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
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; exports are for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
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
        lines = ox.serialize(quads, format=fmt).decode("utf-8").splitlines(keepends=True)
        return "".join(sorted(lines)).encode("utf-8")
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
