"""kg stats and the graph measures behind it: counts, centrality, communities, entity lookup, neighbourhoods,
graph-file errors; checked on hand-made graphs with known answers and on the seed build."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

import kg.stats
from kg.cli import app
from kg.errors import ConfigError
from kg.namespace import KG, KGR
from kg.rdffile import read_dataset
from kg.stats import (
    UnknownEntityError,
    find_entity,
    fold,
    neighbourhood,
    summarize,
    to_networkx,
)
from kg.types import ACTOR_TYPES, ENTITY_TYPES

from .test_viz import (
    COMMITTEE,
    ENTITIES,
    ONLY_PINYIN,
    SHANXI,
    STEEL,
    SUN,
    TAIYUAN,
    fixture_graph,
    fixture_triples,
)

runner = CliRunner()


def relation_graph(edges: list[tuple[str, str]], cls: str = "Enterprise") -> Graph:
    """Entities ``<cls>/<name>`` labelled by name, linked by kg:supports."""
    g = Graph()
    for name in sorted({n for e in edges for n in e}):
        iri = KGR[f"{cls.lower()}/{name}"]
        g.add((iri, RDF.type, KG[cls]))
        g.add((iri, RDFS.label, Literal(name, lang="en")))
    for a, b in edges:
        g.add((KGR[f"{cls.lower()}/{a}"], KG.supports, KGR[f"{cls.lower()}/{b}"]))
    return g


def iri(name: str, cls: str = "Enterprise") -> str:
    return str(KGR[f"{cls.lower()}/{name}"])


# --- measures ------------------------------------------------------------------------------------------


def test_counts_and_most_central_actor() -> None:
    """Counts per type in table order; Taiyuan (4 neighbours, on every path) is the most central actor."""
    stats = summarize(to_networkx(fixture_graph()), top=3)

    assert (stats.entities, stats.relations, stats.articles) == (6, 5, 2)
    assert (stats.first_date, stats.last_date) == ("1985-03-02", "1992-06-01")
    kinds = ["Person", "PartyBody", "Enterprise", "Province", "City", "County"]
    assert stats.types == dict.fromkeys(kinds, 1)
    top = stats.central[0]
    assert (top.iri, top.degree, top.betweenness) == (str(TAIYUAN), 4, 0.9)  # 9 of 10 pairs pass through it
    assert [c.iri for c in stats.central][1] == str(COMMITTEE)  # the only other node with two neighbours
    assert len(stats.central) == 3


def test_betweenness_on_a_path() -> None:
    """On a-b-c-d the middle nodes carry the shortest paths: betweenness 2/3, ends 0; ranking by it works."""
    nxg = to_networkx(relation_graph([("a", "b"), ("b", "c"), ("c", "d")]))

    stats = summarize(nxg, top=4, by="betweenness")

    assert {c.name: c.betweenness for c in stats.central} == {"a": 0.0, "b": 0.6667, "c": 0.6667, "d": 0.0}
    assert [c.name for c in stats.central][:2] == ["b", "c"]
    assert stats.betweenness_samples is None


def test_betweenness_is_sampled_on_big_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above EXACT_BETWEENNESS nodes betweenness comes from a fixed-seed sample: reported, and repeatable."""
    monkeypatch.setattr(kg.stats, "EXACT_BETWEENNESS", 3)
    monkeypatch.setattr(kg.stats, "BETWEENNESS_SAMPLES", 3)
    nxg = to_networkx(relation_graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")]))

    first, second = summarize(nxg, top=5), summarize(nxg, top=5)

    assert first.betweenness_samples == 3
    assert first.central == second.central


def test_type_filter_for_the_ranking() -> None:
    """Only the requested types are ranked (the counts still cover every type)."""
    stats = summarize(to_networkx(fixture_graph()), top=10, types=frozenset({"Person", "Enterprise"}))

    assert sorted(c.iri for c in stats.central) == sorted([str(SUN), str(STEEL)])
    assert sum(stats.types.values()) == 6


def test_communities_find_two_planted_groups() -> None:
    """Two 5-cliques joined by one edge are two communities, named by their best-connected members."""
    left = [f"l{i}" for i in range(5)]
    right = [f"r{i}" for i in range(5)]
    edges = [(a, b) for group in (left, right) for i, a in enumerate(group) for b in group[i + 1:]]
    edges.append(("l0", "r0"))

    stats = summarize(to_networkx(relation_graph(edges)))

    assert sorted(sorted(c.members) for c in stats.communities) == [
        sorted(iri(n) for n in left), sorted(iri(n) for n in right)]
    assert {c.name.split(" / ")[0] for c in stats.communities} == {"l0", "r0"}  # degree 5, the bridge ends
    assert stats.singletons == 0 and stats.modularity > 0.3


def test_communities_are_deterministic_and_cover_everyone() -> None:
    """Same communities for any triple order; every entity in exactly one community or counted isolated."""
    shuffled = fixture_triples()
    random.Random(5).shuffle(shuffled)
    extra = [(KGR["org/lonely"], RDF.type, KG.Organization)]

    a = summarize(to_networkx(fixture_graph(fixture_triples() + extra)))
    b = summarize(to_networkx(fixture_graph(shuffled + extra)))

    assert a.to_dict() == b.to_dict()
    members = [m for c in a.communities for m in c.members]
    assert len(members) == len(set(members)) and len(members) + a.singletons == a.entities == 7
    assert a.singletons == 1


# --- entity lookup and neighbourhood -----------------------------------------------------------------


@pytest.mark.parametrize("query", [
    str(SUN), "person:sun-ying", "Sun Ying", "sun ying", "孙英", "Sūn Yīng", "sunying", "孙英同志",
    " Sun Ying ",
])
def test_find_entity_by_iri_curie_or_any_label(query: str) -> None:
    """IRI, prefixed IRI, English, Chinese, pinyin with or without tones, alias: all find Sun Ying."""
    assert find_entity(to_networkx(fixture_graph()), query) == str(SUN)


def test_unknown_entity_lists_close_matches() -> None:
    """A misspelt name raises one line with the close matches, most similar first."""
    with pytest.raises(UnknownEntityError) as err:
        find_entity(to_networkx(fixture_graph()), "Taiyun")

    assert err.value.matches[0] == str(TAIYUAN)
    assert str(err.value).startswith("No entity 'Taiyun' in the graph (6 entities). Close matches: Taiyuan")
    assert "\n" not in str(err.value)


def test_ambiguous_label_asks_for_the_iri() -> None:
    """A label shared by two entities names both and suggests --focus with a prefixed IRI."""
    other = KGR["city/taiyuan-2"]
    extra = [(other, RDF.type, KG.City), (other, RDFS.label, Literal("Taiyuan"))]
    g = fixture_graph(fixture_triples() + extra)

    with pytest.raises(UnknownEntityError) as err:
        find_entity(to_networkx(g), "taiyuan")

    assert sorted(err.value.matches) == sorted([str(TAIYUAN), str(other)])
    assert "names 2 entities" in str(err.value) and "--focus city:taiyuan" in str(err.value)


@pytest.mark.parametrize(("hops", "expected"), [
    (0, {TAIYUAN}),
    (1, {TAIYUAN, SHANXI, COMMITTEE, STEEL, ONLY_PINYIN}),
    (2, ENTITIES),
])
def test_neighbourhood_by_hops(hops: int, expected: set[URIRef]) -> None:
    """Entities within N relations either way, their relations, and only the articles they appear in."""
    nxg = to_networkx(fixture_graph())

    sub = neighbourhood(nxg, str(TAIYUAN), hops=hops)

    assert set(sub) == {str(e) for e in expected}
    assert all(s in sub and o in sub for s, o in sub.edges())
    assert sub.graph["focus"] == str(TAIYUAN)
    used = {a["iri"] for n in sub for a in sub.nodes[n]["articles"]}
    assert set(sub.graph["articles"]) == used


def test_fold_matches_the_page_search() -> None:
    """The search key drops tones, case, spaces and hyphens, and keeps Chinese as is."""
    assert fold("Sūn Yīng") == fold("SUN-YING") == "sunying"
    assert fold("孙英") == "孙英"


# --- reading graph files -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text", "message"), [
    ("missing.ttl", None, "missing.ttl: no such file"),
    ("bad.ttl", "<a> <b> .", "bad.ttl: can't parse as turtle"),
    ("graph.xyz", "", "graph.xyz: unknown RDF format '.xyz'; expected one of .json, .jsonld"),
])
def test_read_graph_errors_are_one_line(tmp_path: Path, name: str, text: str | None, message: str) -> None:
    """A missing, unparsable or unknown-format file raises ConfigError with one line naming the file."""
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")

    with pytest.raises(ConfigError) as err:
        read_dataset(path)

    assert message in str(err.value) and "\n" not in str(err.value)


def test_read_graph_formats_agree(tmp_path: Path) -> None:
    """Turtle, N-Triples and JSON-LD files of the same graph give the same entities and relations."""
    g = fixture_graph()
    found = []
    for name, fmt in (("g.ttl", "turtle"), ("g.nt", "nt"), ("g.jsonld", "json-ld")):
        g.serialize(tmp_path / name, format=fmt, encoding="utf-8")
        nxg = to_networkx(read_dataset(tmp_path / name))
        found.append((sorted(nxg.nodes), sorted(nxg.edges(keys=True))))

    assert found[0] == found[1] == found[2]


# --- kg stats ----------------------------------------------------------------------------------------


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    fixture_graph().serialize(path, format="turtle")
    return path


def test_stats_text(graph_file: Path) -> None:
    """The text report lists counts, the ranking with both measures, and the communities."""
    result = runner.invoke(app, ["stats", str(graph_file), "--top", "2"])

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{graph_file}: 6 entities, 5 relations, 2 articles (1985-03-02 – 1992-06-01)" in out
    assert "Most central actors (top 2 by degree; betweenness exact)" in out
    ranking = out.split("Most central actors")[1].split("Communities")[0].strip().splitlines()[2:]
    assert len(ranking) == 2
    assert ranking[0].split()[:3] == ["1", "4", "0.9000"] and "Taiyuan  city:taiyuan" in ranking[0]
    assert "Communities (Louvain, seed 42; modularity" in out


def test_stats_json_matches_the_text(graph_file: Path) -> None:
    """--format json carries the same ranking, counts and communities, all entities accounted for."""
    result = runner.invoke(app, ["stats", str(graph_file), "--format", "json", "--by", "betweenness"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["entities"] == 6 and data["types"]["City"] == 1
    assert data["central"][0]["iri"] == str(TAIYUAN)
    assert [c["betweenness"] for c in data["central"]] == sorted((c["betweenness"] for c in data["central"]),
                                                                reverse=True)
    assert sum(c["size"] for c in data["communities"]) + data["singletons"] == 6


@pytest.mark.parametrize(("args", "message"), [
    (["--type", "Mayor"], "error: Unknown entity type 'Mayor' for --type. Available types: Person, Party"),
    (["--top", "0"], "Invalid value for '--top'"),
])
def test_stats_bad_options(graph_file: Path, args: list[str], message: str) -> None:
    """Bad options give a one-line error naming the valid choices, exit 2."""
    result = runner.invoke(app, ["stats", str(graph_file), *args])

    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_stats_bad_file(tmp_path: Path) -> None:
    """A file that is not RDF gives one line naming it, exit 2."""
    bad = tmp_path / "graph.ttl"
    bad.write_text("@prefix broken", encoding="utf-8")

    result = runner.invoke(app, ["stats", str(bad)])

    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {bad}: can't parse as turtle")


def test_stats_on_the_seed_build_agrees_with_sparql(seed_build: Path) -> None:
    """On the seed graph, entity counts agree with SPARQL and every ranked entity is an actor, by degree."""
    graph = Graph()
    graph.parse(seed_build / "graph.ttl")
    values = " ".join(f"kg:{t}" for t in ENTITY_TYPES)
    prefix = "PREFIX kg: <https://w3id.org/rmrb-kg/ontology#> "
    total = int(next(iter(graph.query(
        prefix + f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?cls {{ {values} }} ?e a ?cls }}")))[0])
    per_class = {str(row[0]).rsplit("#", 1)[1]: int(row[1]) for row in graph.query(
        prefix + f"SELECT ?cls (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?cls {{ {values} }} ?e a ?cls }} "
        "GROUP BY ?cls")}

    result = runner.invoke(app, ["stats", str(seed_build / "graph.ttl"), "--format", "json", "--top", "5"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["entities"] == sum(data["types"].values()) == total > 0
    assert all(0 < n <= per_class[t] for t, n in data["types"].items())
    assert len(data["central"]) == 5
    assert all(c["type"] in ACTOR_TYPES for c in data["central"])
    degrees = [c["degree"] for c in data["central"]]
    assert degrees == sorted(degrees, reverse=True) and degrees[0] > 1


def test_the_build_view_reads_the_same_network_as_kg_view(seed_build: Path) -> None:
    """kg build draws from the quads through a TripleIndex; kg view parses the file with rdflib: the two
    networkx graphs are equal, node data and edge data included."""
    import networkx as nx
    import pyoxigraph as ox

    from kg.stats import entity_graph

    quads = [("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name), str(q.subject),
              str(q.predicate), str(q.object))
             for q in ox.parse(path=str(seed_build / "graph.nq"), format=ox.RdfFormat.N_QUADS)]
    index = entity_graph(quads)
    from_index = to_networkx(index)
    from_file = to_networkx(read_dataset(seed_build / "graph.trig"))

    assert len(index) < len(quads) / 3  # only what the view reads
    assert from_index.number_of_nodes() > 50
    assert nx.utils.nodes_equal(from_index.nodes(data=True), from_file.nodes(data=True))
    assert sorted(from_index.edges(keys=True, data=True), key=repr) == sorted(
        from_file.edges(keys=True, data=True), key=repr)
    assert from_index.graph == from_file.graph


@pytest.mark.slow
def test_one_count_of_entities_everywhere(seed_build_report) -> None:
    """The build line, kg stats and the overview query count the same entities: one per graph node
    (an entity named in several articles counts once)."""
    out, report = seed_build_report
    nxg = to_networkx(read_dataset(out / "graph.ttl"))
    args = ["query", "overview", "--graph", str(out / "graph.trig"), "--format", "csv"]
    csv = CliRunner().invoke(app, args)
    rows = [line.split(",") for line in csv.stdout.splitlines()[1:]]
    overview = {cls.rsplit("#", 1)[-1]: int(nodes) for cls, nodes, _ in rows}

    assert report.entities.total() == summarize(nxg).entities == len(nxg)
    assert dict(report.entities) == {t: overview[t] for t in report.entities}
