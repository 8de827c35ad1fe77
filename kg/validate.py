"""The validate stage: check a graph against the SHACL shapes of ``ontology/shapes.ttl``, in plain words.

``validate_graph`` runs pySHACL (no inference) plus one check SHACL-SPARQL is too slow for (every text
span's offsets cut its quoted text out of the article body) and returns a ``Report`` whose
``problems`` say, one per violation, which node broke which rule with which value; ``explain`` turns
them into the grouped lines ``kg validate`` prints.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DC, RDF, SH

from kg.errors import KGError
from kg.namespace import ALL_PREFIXES, OA, SCHEMA


@dataclass(frozen=True)
class Violation:
    """One broken rule: which node, which rule (shape name and message), which property and value."""

    focus: str  # short name of the focus node, e.g. "city:taiyuan"
    message: str
    path: str = ""  # short name of the property, e.g. "rdfs:label"
    value: str = ""  # the offending value as written in Turtle, e.g. '"Taiyuan"@fr'
    rule: str = ""  # sh:name of the shape (the group it is listed under)

    def line(self) -> str:
        detail = ", ".join(x for x in (self.path, f"value {self.value}" if self.value else "") if x)
        return f"{self.focus}: {self.message}" + (f" ({detail})" if detail else "")


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str  # pySHACL's report, with each shape's sh:message
    violations: int
    problems: tuple[Violation, ...] = field(default=())


def read_shapes() -> Graph:
    """The packaged SHACL shapes."""
    return Graph().parse(data=resources.files("kg.ontology").joinpath("shapes.ttl").read_text("utf-8"),
                         format="turtle")


def short(term) -> str:
    """'city:taiyuan' for an IRI with a known prefix; a literal as in Turtle, cut at 60 characters."""
    if isinstance(term, Literal):
        text = str(term).replace("\n", " ")
        text = f'"{text[:57]}..."' if len(text) > 60 else f'"{text}"'
        if term.language:
            return f"{text}@{term.language}"
        return f"{text}^^{short(term.datatype)}" if term.datatype else text
    iri = str(term)
    best = max(((p, str(ns)) for p, ns in ALL_PREFIXES.items() if iri.startswith(str(ns))),
               key=lambda x: len(x[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"


def _problems(results: Graph, shapes: Graph) -> list[Violation]:
    out = []
    for result in set(results.subjects(RDF.type, SH.ValidationResult)):
        shape = results.value(result, SH.sourceShape)
        name = shapes.value(shape, SH.name) if shape is not None else None
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        focus, path, value = (results.value(result, p) for p in (SH.focusNode, SH.resultPath, SH.value))
        out.append(Violation(
            focus=short(focus) if focus is not None else "?",
            message=messages[0] if messages else "violates a shape",
            path=short(path) if isinstance(path, URIRef) else "",
            value=short(value) if value is not None else "",
            rule=str(name) if name is not None else (messages[0] if messages else "")))
    return out


def check_spans(graph: Graph) -> list[Violation]:
    """Every oa:SpecificResource's TextPositionSelector cuts its TextQuoteSelector's text from the body."""
    bodies = {(s, o.language): str(o) for s, o in graph.subject_objects(SCHEMA.articleBody)
              if isinstance(o, Literal)}
    out = []
    for span in set(graph.subjects(RDF.type, OA.SpecificResource)):
        source, lang = graph.value(span, OA.hasSource), graph.value(span, DC.language)
        body = bodies.get((source, str(lang) if lang is not None else None))
        if body is None:
            out.append(Violation(short(span), f"The span's source has no schema:articleBody in language "
                                 f"{lang!s}.", "oa:hasSource", short(source) if source else "", "span text"))
            continue
        positions = [s for s in graph.objects(span, OA.hasSelector) if (s, RDF.type, OA.TextPositionSelector)
                     in graph]
        quotes = [graph.value(s, OA.exact) for s in graph.objects(span, OA.hasSelector)
                  if (s, RDF.type, OA.TextQuoteSelector) in graph]
        for pos in positions:
            start, end = graph.value(pos, OA.start), graph.value(pos, OA.end)
            try:
                cut = body[int(start):int(end)]
            except (TypeError, ValueError):
                continue  # the selector's own shape reports bad offsets
            for quote in quotes:
                if quote is not None and str(quote) != cut:
                    out.append(Violation(short(span), "The span's offsets do not cut its oa:exact text out "
                                         f"of the article body (they cut {short(Literal(cut))}).", "oa:exact",
                                         short(quote), "span text"))
    return out


def validate_graph(graph: Graph, *, shapes: Graph | None = None) -> Report:
    """Validate ``graph`` (no inference) and list the violations in plain words."""
    shapes = shapes if shapes is not None else read_shapes()
    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    if not isinstance(results, Graph):  # pySHACL returns a failure object when the shapes are broken
        raise KGError(f"the SHACL shapes could not be used: {str(results).splitlines()[0]}")
    problems = _problems(results, shapes) + check_spans(graph)
    problems.sort(key=lambda v: (v.rule, v.focus, v.path, v.value, v.message))
    return Report(bool(conforms) and not problems, str(text), len(problems), tuple(problems))


def explain(report: Report) -> list[str]:
    """Grouped plain-words lines: a heading per rule with its count, then one line per violation."""
    if report.conforms:
        return []
    groups: dict[str, list[Violation]] = defaultdict(list)
    for v in report.problems:
        groups[v.rule].append(v)
    lines = []
    for rule, items in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        lines.append(f"[{rule}] {len(items)} violation{'s' if len(items) != 1 else ''}")
        lines.extend(f"  {v.line()}" for v in items)
    return lines
