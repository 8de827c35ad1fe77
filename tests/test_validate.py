"""``kg validate``: the seed build conforms; broken graphs fail with one plain-words line per violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from typer.testing import CliRunner

from kg.cli import app
from kg.namespace import KG, OA
from kg.rdffile import read_merged
from kg.validate import Report, Violation, check_spans, explain, validate_graph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers
LINE = re.compile(r"^  (?P<focus>\S+): (?P<message>.+?)"
                  r"(?: \((?P<path>[^,()]+)(?:, value (?P<value>.+))?\))?$")


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def seed_graph(seed_build: Path) -> Graph:
    return read_merged(seed_build / "graph.trig")


@pytest.mark.parametrize("name", ["graph.trig", "graph.jsonld"])
def test_seed_build_conforms(seed_build: Path, name: str) -> None:
    """`kg validate` on the seed exports: exit 0 and a one-line confirmation."""
    result = invoke("validate", str(seed_build / name))

    assert result.exit_code == 0, result.output
    assert "conforms to the kg shapes" in result.output


def broken(graph: Graph) -> tuple[Graph, dict[str, str]]:
    """A copy of ``graph`` with four deliberate faults; returns it and the focus node of each."""
    g = Graph()
    for triple in graph:
        g.add(triple)
    city = URIRef("https://w3id.org/rmrb-kg/id/city/taiyuan")
    g.add((city, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Taïyuan", lang="fr")))
    statement = sorted(g.subjects(RDF.type, KG.Statement))[0]
    fact = tuple(g.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    for other in list(g.subjects(RDF.subject, fact[0])):  # drop every statement of that fact
        if (other, RDF.predicate, fact[1]) in g and (other, RDF.object, fact[2]) in g:
            g.remove((other, None, None))
    selector = sorted(g.subjects(RDF.type, OA.TextPositionSelector))[0]
    start = g.value(selector, OA.start)
    g.set((selector, OA.start, Literal(int(start) + 1, datatype=start.datatype)))
    obs = sorted(g.subjects(RDF.type, URIRef("http://purl.org/linked-data/cube#Observation")))[0]
    measure = URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
    g.set((obs, measure, Literal(str(g.value(obs, measure)))))
    return g, {"label": "city:taiyuan", "fact": fact[0], "selector": selector, "obs": obs}


def test_broken_graph_explained_in_plain_words(seed_graph: Graph, tmp_path: Path) -> None:
    """Each fault shows up as '<node>: <message> (<path>, value <v>)' under its rule, with counts; exit 1."""
    graph, faults = broken(seed_graph)
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")

    result = invoke("validate", str(path))

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    headings = [line for line in lines if line.startswith("[")]
    entries = [LINE.match(line) for line in lines if line.startswith("  ")]
    assert all(entries), lines
    assert re.search(r"does not conform: \d+ violation\(s\)", result.output)
    assert any(h.startswith("[label language] ") for h in headings)
    assert any(h.startswith("[fact provenance] ") for h in headings)
    assert any(h.startswith("[span text] ") for h in headings)
    assert any(h.startswith("[value] ") for h in headings)
    label = next(m for m in entries if m["focus"] == "city:taiyuan" and m["path"] == "rdfs:label")
    assert label["value"] == '"Taïyuan"@fr'
    assert "language-tagged string" in label["message"]
    count = sum(int(h.rsplit("] ", 1)[1].split()[0]) for h in headings)
    assert count == len(entries)


def test_report_lists_each_fault(seed_graph: Graph) -> None:
    """The library report names the fact without a statement and the shifted span."""
    graph, faults = broken(seed_graph)

    report = validate_graph(graph)

    assert not report.conforms
    rules = {v.rule for v in report.problems}
    assert {"label language", "fact provenance", "span text", "value"} <= rules
    assert report.violations == len(report.problems)


def test_check_spans_catches_shifted_offsets(seed_graph: Graph) -> None:
    assert check_spans(seed_graph) == []
    graph, faults = broken(seed_graph)

    problems = check_spans(graph)

    assert len(problems) == 1
    assert "do not cut" in problems[0].message


def test_explain_groups_by_rule_with_counts() -> None:
    report = Report(False, "", 3, (
        Violation("city:a", "Bad label.", "rdfs:label", '"x"@fr', "label language"),
        Violation("city:b", "Bad label.", "rdfs:label", '"y"@fr', "label language"),
        Violation("fact:1", "No source.", "prov:wasDerivedFrom", "", "source article"),
    ))

    assert explain(report) == [
        "[label language] 2 violations",
        '  city:a: Bad label. (rdfs:label, value "x"@fr)',
        '  city:b: Bad label. (rdfs:label, value "y"@fr)',
        "[source article] 1 violation",
        "  fact:1: No source. (prov:wasDerivedFrom)",
    ]


def test_unparsable_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("city:taiyuan a <oops", "utf-8")

    result = invoke("validate", str(path))

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.strip().startswith(f"error: {path}: can't parse as turtle")
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("name,problem", [("missing.ttl", "no such file"),
                                          ("graph.xml", "unknown RDF format")])
def test_missing_or_unknown_file(tmp_path: Path, name: str, problem: str) -> None:
    if name.endswith(".xml"):
        (tmp_path / name).write_text("<rdf/>", "utf-8")

    result = invoke("validate", str(tmp_path / name))

    assert result.exit_code == 2
    assert problem in result.output
