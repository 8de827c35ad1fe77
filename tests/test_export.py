"""Exports of the seed build: four serialisations of one model, read back alike by rdflib and Oxigraph.

Also: every fact's evidence is reachable by SPARQL over graph.trig and its offsets cut exactly its
sentence out of the stored body, and two builds in separate processes write the same bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, URIRef

from kg.export import read_context, to_jsonld
from kg.namespace import ALL_PREFIXES
from kg.ntriples import export_order, from_rdflib, iri, literal

from .conftest import ROOT

QUAD_FORMATS = {"graph.trig": ("trig", ox.RdfFormat.TRIG), "graph.nq": ("nquads", ox.RdfFormat.N_QUADS),
                "graph.jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers
EXPORTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "context.jsonld")
Quad = tuple[str, str, str, str]


def rdflib_quads(path: Path, fmt: str) -> set[Quad]:
    """Quads as N-Triples strings ('' for the default graph), read by rdflib."""
    ds = Dataset()
    ds.parse(path, format=fmt)
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = "" if name is None or str(name) == "urn:x-rdflib:default" else str(name)
        out.add((from_rdflib(s), from_rdflib(p), from_rdflib(o), graph))
    return out


def oxigraph_quads(path: Path, fmt: ox.RdfFormat) -> set[Quad]:
    """The same, read by pyoxigraph."""
    out = set()
    for q in ox.parse(path=str(path), format=fmt):
        graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        out.add((str(q.subject), str(q.predicate), str(q.object), graph))
    return out


def test_every_export_is_written(seed_build: Path) -> None:
    assert all((seed_build / name).stat().st_size > 0 for name in EXPORTS)


def test_all_formats_describe_the_same_quads(seed_build: Path) -> None:
    """TriG, N-Quads and JSON-LD give the same quads under both parsers; Turtle gives their triples."""
    reads = {}
    for name, (rdflib_fmt, ox_fmt) in QUAD_FORMATS.items():
        reads[f"{name} rdflib"] = rdflib_quads(seed_build / name, rdflib_fmt)
        reads[f"{name} oxigraph"] = oxigraph_quads(seed_build / name, ox_fmt)
    reference = reads["graph.nq oxigraph"]
    triples = {q[:3] for q in reference}
    turtle_rdflib = {q[:3] for q in rdflib_quads(seed_build / "graph.ttl", "turtle")}
    turtle_ox = {q[:3] for q in oxigraph_quads(seed_build / "graph.ttl", ox.RdfFormat.TURTLE)}

    assert len(reference) > 1000
    graphs = {q[3] for q in reference}
    assert "" not in graphs, "every triple is in a named graph (the default graph is empty)"
    assert graphs >= {f"{ALL_PREFIXES['graph']}entities", f"{ALL_PREFIXES['scheme']}mechanisms",
                      f"{ALL_PREFIXES['graph']}build", f"{ALL_PREFIXES['article']}000_837b635841432b38"}
    for name, quads in reads.items():
        diff = sorted(quads ^ reference)
        assert quads == reference, f"{name}: {len(diff)} quads differ, e.g. {diff[:2]}"
    assert turtle_rdflib == turtle_ox == triples


def test_no_blank_nodes_anywhere(seed_build: Path) -> None:
    quads = oxigraph_quads(seed_build / "graph.nq", ox.RdfFormat.N_QUADS)
    assert not [q for q in quads if q[0].startswith("_:") or q[2].startswith("_:")]


def test_jsonld_uses_the_shipped_context(seed_build: Path) -> None:
    """graph.jsonld inlines ontology/context.jsonld, which is also copied beside it; it has every prefix."""
    doc = json.loads((seed_build / "graph.jsonld").read_text("utf-8"))
    copied = json.loads((seed_build / "context.jsonld").read_text("utf-8"))
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text("utf-8"))

    assert doc["@context"] == copied["@context"] == shipped["@context"] == read_context()
    assert shipped["@context"] == {prefix: str(ns) for prefix, ns in ALL_PREFIXES.items()}
    graphs = {node["@id"]: node["@graph"] for node in doc["@graph"]}
    assert all("@graph" in node for node in doc["@graph"]), "every node is in a named graph"
    assert "city:taiyuan" in {node["@id"] for node in graphs["graph:entities"]}
    assert "article:000_837b635841432b38" in graphs


def test_jsonld_keeps_literal_forms() -> None:
    """Decimals, integers, language tags and plain strings come back exactly (no 150 -> 150.0)."""
    g = iri(f"{ALL_PREFIXES['article']}x")
    s = iri(f"{ALL_PREFIXES['observation']}x")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    objects = (("v", literal("150", datatype=xsd + "decimal")),
               ("w", literal("2.069", datatype=xsd + "decimal")),
               ("n", literal("35", datatype=xsd + "nonNegativeInteger")), ("i", literal(7)),
               ("l", literal("太原", lang="zh")), ("t", literal("percent")))
    quads = sorted(((g, s, iri(f"{ALL_PREFIXES['kg']}{p}"), o) for p, o in objects), key=export_order)
    data = to_jsonld(quads)

    back = {(q.graph_name.value, str(q.subject), str(q.predicate), str(q.object))
            for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
    assert back == {(g[1:-1], s, p, o) for g, s, p, o in quads}
    assert '"@value": "150"' in data.decode() and '"@value": "7", "@type": "xsd:integer"' in data.decode()


def test_readable_prefixes_and_sorted_nquads(seed_build: Path) -> None:
    turtle = (seed_build / "graph.ttl").read_text("utf-8")
    trig = (seed_build / "graph.trig").read_text("utf-8")
    lines = (seed_build / "graph.nq").read_text("utf-8").splitlines()

    for text in (turtle, trig):
        assert "@prefix city: <https://w3id.org/rmrb-kg/id/city/> ." in text
        assert "city:taiyuan a kg:City" in text
    assert "article:000_837b635841432b38 {" in trig
    assert lines == sorted(lines)


EVIDENCE = """
PREFIX kg: <https://w3id.org/rmrb-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dc: <http://purl.org/dc/elements/1.1/>
PREFIX schema: <https://schema.org/>
SELECT ?fact ?graph ?article ?sentence ?start ?end ?body ?text WHERE {
  GRAPH ?graph {
    ?fact a kg:Statement ; prov:wasDerivedFrom ?article ; oa:hasTarget ?span ; kg:evidenceText ?text .
    ?span oa:hasSource ?article ; dc:language ?lang ; oa:hasSelector ?position , ?quote .
    ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
    ?quote a oa:TextQuoteSelector ; oa:exact ?sentence .
    ?article schema:articleBody ?body .
    FILTER (lang(?body) = str(?lang))
  }
}"""


def test_sparql_gives_every_fact_its_article_sentence_and_offsets(seed_build: Path) -> None:
    """For every kg:Statement of graph.trig: its article's named graph, sentence and offsets, which cut
    exactly that sentence out of the stored body; and every relation triple has a statement."""
    store = ox.Store()
    store.load(path=str(seed_build / "graph.trig"), format=ox.RdfFormat.TRIG)
    facts = {s.subject for s in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/rmrb-kg/ontology#Statement"), None)}
    rows = list(store.query(EVIDENCE))

    assert len(facts) > 50
    assert {row["fact"] for row in rows} == facts
    assert len(rows) == len(facts)  # one article, one sentence, one offset pair each
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert row["graph"] == row["article"]
        assert row["body"].value[start:end] == row["sentence"].value == row["text"].value, row["fact"]
    relations = {"partOf", "locatedIn", "governs", "establishes", "leads", "adoptsMechanism",
                 "instanceOfMechanism", "visits", "supports", "produces", "hasIndicator"}
    asked = store.query("""
        PREFIX kg: <https://w3id.org/rmrb-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o .
            FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } } }""")
    orphans = [r for r in asked if r["p"].value.rsplit("#", 1)[-1] in relations]
    assert not orphans


def test_indicator_is_within_two_hops_for_the_shared_scorer(seed_build: Path) -> None:
    """The scorer (kg.evaluate) finds Taiyuan's 10.1% growth and Taiyuan Steel's 150 million yuan."""
    from kg import evaluate as scorer

    graph = scorer.load_graph([str(seed_build / "graph.trig")])
    city = URIRef(f"{ALL_PREFIXES['city']}taiyuan")

    assert scorer.reaches_value(graph, city, 10.1)
    assert scorer.reaches_value(graph, city, 19.5)
    assert not scorer.reaches_value(graph, city, 10.2)


def run_build(out: Path, seed: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = seed
    command = [sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(out), "-q", "--no-html"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_two_builds_are_byte_identical_in_every_format(tmp_path: Path) -> None:
    """Two processes with different PYTHONHASHSEED write identical bytes in every serialisation."""
    run_build(tmp_path / "a", "1")
    run_build(tmp_path / "b", "2")

    for name in EXPORTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize("value", ["http://example.org/a b", "http://example.org/<x>", 'http://e.org/"q"{|}^`\\'])
def test_iris_are_made_valid(value: str) -> None:
    """Characters no IRI may hold are percent-encoded, so every parser accepts the term."""
    term = iri(value)

    assert ox.NamedNode(term[1:-1])  # raises on an invalid IRI
    assert term.startswith("<http") and " " not in term
