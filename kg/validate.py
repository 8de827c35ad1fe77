"""The validate stage: check a graph against the SHACL shapes of ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str  # pySHACL's report, with each shape's sh:message
    violations: int


def read_shapes() -> Graph:
    """The packaged SHACL shapes."""
    return Graph().parse(data=resources.files("kg.ontology").joinpath("shapes.ttl").read_text("utf-8"),
                         format="turtle")


def validate_graph(graph: Graph, *, shapes: Graph | None = None) -> Report:
    """Validate ``graph`` (no inference) and count the violations."""
    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes or read_shapes(), inference="none")
    violations = len(set(results.objects(None, SH.result)))
    return Report(bool(conforms), str(text), violations)
