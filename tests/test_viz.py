"""The HTML view: graph conversion, layout, the offline/escaped/deterministic page, ``kg view``, and the
explorer driven in headless Chromium (search, filters, physics, highlight, tooltips, no script injection)."""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.namespace import KG, KGR, ORG
from kg.viz import ViewStats, layout, to_networkx, write_html, write_view

ARTIFACTS = Path(__file__).parent / "artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update"]
XSS = "<script>alert(1)</script>"
EVIDENCE_XSS = "太原位于山西<img src=x onerror=alert(2)>。"

SUN = KGR["person/sun-ying"]
TAIYUAN = KGR["city/taiyuan"]
SHANXI = KGR["province/shanxi"]
COMMITTEE = KGR["party-body/taiyuan-committee"]
STEEL = KGR["enterprise/taiyuan-steel"]
ONLY_PINYIN = KGR["county/qingxu"]
ART = KGR["article/rmrb-1985-03-02-001"]
ART2 = KGR["article/rmrb-1992-06-01-002"]
POST = KGR["post/taiyuan-secretary"]
FACT = KGR["fact/taiyuan-locatedin-shanxi"]
FACT2 = KGR["fact/steel-locatedin-taiyuan"]
ENTITIES = {SUN, TAIYUAN, SHANXI, COMMITTEE, STEEL, ONLY_PINYIN}
runner = CliRunner()


def fixture_triples() -> list[tuple]:
    """A People's Daily-like graph: 6 entities of 6 types, 5 relations, 1 post, 2 articles, 2 statements."""
    t: list[tuple] = []

    def entity(iri: URIRef, cls: str, en: str | None, zh: str | None, py: str | None) -> None:
        t.append((iri, RDF.type, KG[cls]))
        for text, lang in ((en, "en"), (zh, "zh"), (py, "zh-Latn-pinyin")):
            if text:
                t.append((iri, RDFS.label, Literal(text, lang=lang)))
        t.append((iri, KG.mentionedIn, ART))

    entity(SUN, "Person", "Sun Ying", "孙英", "Sūn Yīng")
    entity(TAIYUAN, "City", "Taiyuan", "太原", "Tàiyuán")
    entity(SHANXI, "Province", "Shanxi", "山西", None)
    entity(COMMITTEE, "PartyBody", XSS, "太原市委", None)
    entity(STEEL, "Enterprise", "Taiyuan Iron and Steel", None, None)
    entity(ONLY_PINYIN, "County", None, None, "Qīngxú")
    t += [
        (SUN, SKOS.altLabel, Literal("孙英同志", lang="zh")),
        (TAIYUAN, KG.locatedIn, SHANXI),
        (COMMITTEE, KG.governs, TAIYUAN),
        (STEEL, KG.locatedIn, TAIYUAN),
        (ONLY_PINYIN, KG.partOf, TAIYUAN),
        (SUN, ORG.holds, POST),
        (POST, RDF.type, ORG.Post),
        (POST, RDFS.label, Literal("Municipal Party Secretary", lang="en")),
        (POST, RDFS.label, Literal("市委书记", lang="zh")),
        (POST, ORG.postIn, COMMITTEE),
        (ART, RDF.type, KG.Article),
        (ART, DCTERMS.title, Literal("Taiyuan builds <new> steel works", lang="en")),
        (ART, DCTERMS.title, Literal("太原建设新钢厂", lang="zh")),
        (ART, DCTERMS.date, Literal(date(1985, 3, 2))),  # typed xsd:date
        (ART2, RDF.type, KG.Article),
        (ART2, DCTERMS.title, Literal("Steel output rises", lang="en")),
        (ART2, DCTERMS.date, Literal(date(1992, 6, 1))),
        (STEEL, KG.mentionedIn, ART2),
        (FACT, RDF.type, KG.Statement),
        (FACT, RDF.subject, TAIYUAN),
        (FACT, RDF.predicate, KG.locatedIn),
        (FACT, RDF.object, SHANXI),
        (FACT, KG.evidenceText, Literal(EVIDENCE_XSS, lang="zh")),
        (FACT, PROV.wasDerivedFrom, ART),
        (FACT2, RDF.type, KG.Statement),
        (FACT2, RDF.subject, STEEL),
        (FACT2, RDF.predicate, KG.locatedIn),
        (FACT2, RDF.object, TAIYUAN),
        (FACT2, KG.evidenceText, Literal("Taiyuan Iron and Steel raised its output.", lang="en")),
        (FACT2, PROV.wasDerivedFrom, ART2),
    ]
    return t


def fixture_graph(triples: list[tuple] | None = None) -> Graph:
    g = Graph()
    for triple in triples or fixture_triples():
        g.add(triple)
    return g


@pytest.fixture
def graph() -> Graph:
    return fixture_graph()


def page_data(path: Path) -> dict:
    """The JSON the page carries in <script id="kg-data">."""
    html = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert found, "no kg-data script"
    return json.loads(found.group(1))


# --- conversion, layout, page ---------------------------------------------------------------------------


def test_to_networkx_nodes_and_edges(graph: Graph) -> None:
    """Entities become nodes with labels, aliases, posts and dated articles; relations and posts edges."""
    nxg = to_networkx(graph)

    assert set(nxg.nodes) == {str(e) for e in ENTITIES}  # no article, post or statement nodes
    sun = nxg.nodes[str(SUN)]
    assert (sun["type"], sun["label_en"], sun["label_zh"], sun["label_pinyin"]) == (
        "Person", "Sun Ying", "孙英", "Sūn Yīng")
    assert sun["aliases"] == ["孙英同志"]
    assert sun["posts"] == [{"iri": str(POST), "title": "Municipal Party Secretary", "body": str(COMMITTEE)}]
    assert [a["date"] for a in sun["articles"]] == ["1985-03-02"]
    assert [a["date"] for a in nxg.nodes[str(STEEL)]["articles"]] == ["1985-03-02", "1992-06-01"]
    assert list(nxg.graph["articles"]) == [str(ART), str(ART2)]  # oldest first
    assert nxg.number_of_edges() == 5
    (post_edge,) = nxg.get_edge_data(str(SUN), str(COMMITTEE)).values()
    assert post_edge["label"] == "Municipal Party Secretary"
    assert post_edge["predicate"] == str(ORG.holds)
    (located,) = nxg.get_edge_data(str(TAIYUAN), str(SHANXI)).values()
    assert located["label"] == "locatedIn"
    assert located["evidence"][0]["text"] == EVIDENCE_XSS
    assert located["evidence"][0]["date"] == "1985-03-02"


def test_dataset_is_read_as_union() -> None:
    """A Dataset spread over named graphs gives the same networkx graph as the merged Graph."""
    ds = Dataset()
    for i, triple in enumerate(fixture_triples()):  # spread over the default graph and two named graphs
        (ds.default_graph if i % 3 == 0 else ds.graph(URIRef(f"urn:g{i % 3}"))).add(triple)

    a, b = to_networkx(ds), to_networkx(fixture_graph())

    assert sorted(a.nodes) == sorted(b.nodes)
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))


def test_hierarchy_links_are_drawn_once() -> None:
    """kg:withinDivision and skos:broader become edges, unless an extracted relation links the pair."""
    mech, broader = KGR["mechanism/joint-sales"], KGR["mechanism/sales"]
    triples = fixture_triples() + [
        (TAIYUAN, KG.withinDivision, SHANXI),  # same pair as TAIYUAN locatedIn SHANXI: not drawn again
        (ONLY_PINYIN, KG.withinDivision, SHANXI),
        (mech, RDF.type, KG.PolicyMechanism), (broader, RDF.type, KG.PolicyMechanism),
        (mech, SKOS.broader, broader),
    ]

    nxg = to_networkx(fixture_graph(triples))

    assert list(nxg.get_edge_data(str(TAIYUAN), str(SHANXI))) == ["locatedIn"]
    assert list(nxg.get_edge_data(str(ONLY_PINYIN), str(SHANXI))) == ["withinDivision"]
    assert list(nxg.get_edge_data(str(mech), str(broader))) == ["broader"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.refs.append((tag, value))


def test_html_is_offline_escaped_and_labelled(graph: Graph, tmp_path: Path) -> None:
    """No external resource, exactly our three scripts, data text never parsed as markup, a legend."""
    stats = write_html(graph, tmp_path / "view.html", title="<b>RMRB</b> 人民日报")

    assert stats == ViewStats(nodes=6, edges=5, total=6)
    html = (tmp_path / "view.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    assert parser.refs == []
    assert not re.search(r"https?://[^\"'\s]*\.(js|css)\b", html)
    assert parser.tags.count("script") == 3  # vis-network, the data (JSON), the explorer
    assert "img" not in parser.tags
    assert XSS not in html and "<img" not in html and "<b>RMRB" not in html and "<new>" not in html
    assert "&lt;b&gt;RMRB&lt;/b&gt; 人民日报" in html
    data = page_data(tmp_path / "view.html")
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[str(COMMITTEE)] == "太原市委\n" + XSS and labels[str(ONLY_PINYIN)] == "Qīngxú"
    assert [a["year"] for a in data["articles"]] == [1985, 1992]
    assert len(data["nodeInfo"]) == len(data["nodes"]) and len(data["edgeInfo"]) == len(data["edges"])
    legend = re.findall(r'data-type="(\w+)"', html)
    assert legend == ["Person", "PartyBody", "Enterprise", "Province", "City", "County"]


def test_html_is_deterministic(tmp_path: Path) -> None:
    """The same graph, in any triple order, gives byte-identical HTML."""
    write_html(fixture_graph(), tmp_path / "a.html")
    write_html(fixture_graph(), tmp_path / "b.html")
    shuffled = fixture_triples()
    random.Random(3).shuffle(shuffled)
    write_html(fixture_graph(shuffled), tmp_path / "c.html")

    a = (tmp_path / "a.html").read_bytes()
    assert a == (tmp_path / "b.html").read_bytes() == (tmp_path / "c.html").read_bytes()


def test_empty_graph(tmp_path: Path) -> None:
    """An empty graph still gives a page (with nothing drawn)."""
    assert write_html(Graph(), tmp_path / "empty.html") == ViewStats(nodes=0, edges=0, total=0)
    assert page_data(tmp_path / "empty.html")["nodes"] == []


def test_failed_write_keeps_the_previous_page(graph: Graph, tmp_path: Path) -> None:
    """The page is written atomically: a render that fails leaves the old file whole and no temp file."""
    target = tmp_path / "graph.html"
    write_html(graph, target)
    before = target.read_bytes()
    broken = to_networkx(graph)
    broken.nodes[str(SUN)]["aliases"] = {"not", "JSON"}  # fails while rendering, before any byte is written

    with pytest.raises(TypeError):
        write_view(broken, target)

    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]


def _big_graph(n: int) -> nx.MultiDiGraph:
    """A scale-free component of ``n`` nodes (more than networkx's dense spring layout takes) plus pairs."""
    ba = nx.barabasi_albert_graph(n, 2, seed=1)
    g = nx.MultiDiGraph()
    g.add_edges_from((f"n{a:05d}", f"n{b:05d}") for a, b in sorted(ba.edges()))
    g.add_edges_from((f"p{i}a", f"p{i}b") for i in range(20))
    return g


def test_layout_of_a_big_component_is_spread_and_local() -> None:
    """Above 500 nodes: every node placed, none on top of another, neighbours close, same result twice."""
    g = _big_graph(800)

    pos = layout(g)

    assert pos == layout(g)
    assert set(pos) == set(g)
    xy = sorted(pos.values())
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in xy)
    nearest = sorted(min(math.dist(p, q) for q in xy if q is not p) for p in xy)
    assert nearest[0] > 0 and nearest[len(xy) // 2] > 30  # nobody on top of anybody; typically 30+ px apart
    assert sum(d < 8 for d in nearest) < 0.02 * len(xy)
    rnd = random.Random(0)
    nodes = sorted(g)
    edge_len = sum(math.dist(pos[a], pos[b]) for a, b in g.edges()) / g.number_of_edges()
    pairs = [rnd.sample(nodes, 2) for _ in range(2000)]
    random_len = sum(math.dist(pos[a], pos[b]) for a, b in pairs) / len(pairs)
    assert edge_len < 0.6 * random_len  # neighbours drawn near each other (a random placement gives 1.0)


def test_relaxation_sums_as_the_dense_formula() -> None:
    """Pushing apart only the overlapping pairs gives the very floats of the dense n x n formula."""
    import numpy as np

    from kg.viz import _relax

    rng = np.random.default_rng(7)
    for n in (2, 9, 60, 300):
        xy = rng.normal(size=(n, 2)) * 40 * math.sqrt(n)
        r = rng.uniform(20, 70, size=n)
        dense = xy.copy()
        gap = r[:, None] + r[None, :]
        for _ in range(60):  # the former code, every pair at once
            delta = dense[:, None, :] - dense[None, :, :]
            dist = np.hypot(delta[..., 0], delta[..., 1])
            np.fill_diagonal(dist, np.inf)
            push = np.clip(gap - dist, 0, None)
            if push.max() < 1.0:
                break
            dense += (delta / np.maximum(dist, 1e-6)[..., None] * push[..., None] / 2).sum(axis=1) / 2
        assert np.array_equal(_relax(xy.copy(), r), dense), n


def test_components_of_one_shape_are_laid_out_alike() -> None:
    """Pairs and paths of three anywhere in the graph get the positions their shape gets alone."""
    from kg.viz import _spring, _spring_xy

    g = nx.Graph()
    g.add_edges_from([("a", "b"), ("c", "d"), ("p", "q"), ("q", "r")])
    pair, path = g.subgraph(["a", "b"]), nx.Graph([("p", "q"), ("q", "r")])
    first, second = _spring(pair, 60.0), _spring(g.subgraph(["c", "d"]), 60.0)
    assert list(first.values()) == list(second.values()) and first["a"] != first["b"]
    alone = _spring_xy.__wrapped__(3, ((0, 1, 1), (1, 2, 1)), 90.0, None)  # no cache
    assert list(_spring(path, 90.0).values()) == alone


def test_layout_fills_a_landscape_canvas() -> None:
    """A hub-and-spoke component and a dozen isolated entities: the drawing is wider than tall, like the
    browser window, and the isolated entities form a block of several rows, not one long row."""
    g = nx.MultiDiGraph()
    g.add_edges_from(("hub", f"leaf{i:02d}") for i in range(30))
    g.add_edges_from((f"leaf{i:02d}", f"twig{i:02d}") for i in range(0, 30, 3))
    g.add_nodes_from(f"lone{i:02d}" for i in range(12))

    pos = layout(g)

    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    lone = [pos[f"lone{i:02d}"] for i in range(12)]
    assert 1.1 <= width / height <= 2.6
    assert len({y for _, y in lone}) >= 3
    assert max(x for x, _ in lone) - min(x for x, _ in lone) < 0.7 * width
    assert pos == layout(g)


# --- the view limit (kg/view_limit.py) --------------------------------------------------------------------


def _typed_graph() -> nx.MultiDiGraph:
    """A scale-free component of 300 nodes (every 10th a PolicyMechanism, the rest City), 40 pairs of
    enterprises and 100 isolated products, with the attributes kg.stats.to_networkx gives."""
    g = nx.MultiDiGraph()
    ba = nx.barabasi_albert_graph(300, 2, seed=1)
    names = {f"n{i:03d}": "PolicyMechanism" if i % 10 == 0 else "City" for i in range(300)}
    names |= {f"p{i:02d}{end}": "Enterprise" for i in range(40) for end in "ab"}
    names |= {f"lone{i:03d}": "Product" for i in range(100)}
    for n, cls in names.items():
        g.add_node(n, type=cls, label_en=f"name {n}", label_zh="", label_pinyin="", aliases=[], posts=[],
                   articles=[])
    g.add_edges_from((f"n{a:03d}", f"n{b:03d}", "partOf", {"label": "partOf", "evidence": []})
                     for a, b in sorted(ba.edges()))
    g.add_edges_from((f"p{i:02d}a", f"p{i:02d}b", "partOf", {"label": "partOf", "evidence": []})
                     for i in range(40))
    return g


def test_view_limit_keeps_hubs_core_and_every_type() -> None:
    """Above the limit: exactly ``limit`` drawn, the hubs among them, every type kept, a pair split only
    where a share ends,
    and each undrawn entity listed once with its degree and names; at or under it everything is drawn."""
    from kg.stats import undirected
    from kg.view_limit import view_cap

    g = _typed_graph()
    simple = undirected(g)

    drawn, undrawn = view_cap(g, simple, 120)

    degree = dict(simple.degree())
    hubs = sorted(g, key=lambda n: -degree[n])[:20]
    assert len(drawn) == 120 and set(hubs) <= set(drawn)
    assert {g.nodes[n]["type"] for n in drawn} == {"City", "PolicyMechanism", "Enterprise", "Product"}
    assert sum(g.nodes[n]["type"] == "Product" for n in drawn) == 120 // 16  # each type's share
    pairs = {n[:3] for n in drawn if n.startswith("p")}
    assert sum(f"{p}a" not in drawn or f"{p}b" not in drawn for p in pairs) <= 2  # a type's share, the limit
    listed = [e[0] for rows in undrawn.values() for e in rows]
    assert sorted(listed) == sorted(set(g) - set(drawn))
    assert undrawn["Product"][0][1:] == [0, "name " + undrawn["Product"][0][0]]
    assert view_cap(g, simple, len(g)) is None and view_cap(g, simple, 0) is None
    assert view_cap(g, simple, 120) == (drawn, undrawn)


def test_view_limit_draws_part_and_says_so(graph: Graph, tmp_path: Path) -> None:
    """write_html under a limit: the page draws that many entities and the relations between them,
    lists the others for its search, and says 'showing N of M'; without a limit none of that is there."""
    stats = write_html(graph, tmp_path / "part.html", view_limit=4)
    write_html(graph, tmp_path / "all.html")

    data, html = page_data(tmp_path / "part.html"), (tmp_path / "part.html").read_text(encoding="utf-8")
    assert stats == ViewStats(nodes=4, edges=3, total=6)
    drawn = sorted(str(n) for n in (TAIYUAN, COMMITTEE, STEEL, ONLY_PINYIN))
    assert sorted(n["id"] for n in data["nodes"]) == drawn
    assert data["undrawn"] == {"Person": [["person:sun-ying", 1, "Sun Ying", "孙英", "Sūn Yīng", "孙英同志"]],
                               "Province": [["province:shanxi", 1, "Shanxi", "山西"]]}
    assert "showing 4 of 6 entities · 3 of 5 relations" in html and 'id="undrawn-note"' in html
    whole = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert "undrawn" not in whole and "6 entities · 5 relations" in whole


def test_undrawn_names_stay_data(tmp_path: Path) -> None:
    """The undrawn list is escaped as the page's other data: a name with </script>, <!-- or quotes ends no
    script element and comes back whole from the page's JSON."""
    odd = 'the "Shanxi" </script><!-- area'
    path = tmp_path / "part.html"
    write_html(fixture_graph([*fixture_triples(), (SHANXI, SKOS.altLabel, Literal(odd, lang="en"))]), path,
               view_limit=1)

    html = path.read_text(encoding="utf-8")
    names = {name for rows in page_data(path)["undrawn"].values() for row in rows for name in row[2:]}
    assert {XSS, odd} <= names
    assert html.count("</script>") == len(re.findall(r"^<script", html, re.M)) and "<!-- area" not in html


def test_view_limit_keeps_the_focus(graph: Graph, tmp_path: Path) -> None:
    """kg view --focus on a neighbourhood larger than the limit: the focus is drawn, whatever its rank."""
    from kg.stats import neighbourhood

    sub = neighbourhood(to_networkx(graph), str(SHANXI), hops=3)

    write_view(sub, tmp_path / "focus.html", view_limit=2)
    ids = [n["id"] for n in page_data(tmp_path / "focus.html")["nodes"]]
    assert len(ids) == 2 and str(SHANXI) in ids and str(TAIYUAN) in ids


def test_view_limit_is_checked(graph_file: Path, tmp_path: Path) -> None:
    """A negative --view-limit is one line and exit 2, for kg view (before reading the graph: a missing one is
    not the error) and (before extracting) kg build."""
    for args in (["view", str(graph_file), "--out", str(tmp_path / "v.html")],
                 ["view", str(tmp_path / "no.ttl")],
                 ["build", str(tmp_path)]):
        result = runner.invoke(app, [*args, "--view-limit", "-1"])
        assert result.exit_code == 2
        assert "--view-limit must be 0 (draw every entity) or a number of entities, got -1." in result.output


@pytest.mark.parametrize(("lang", "sun", "committee"), [
    ("en", "Sun Ying", XSS),
    ("zh", "孙英", "太原市委"),
    ("both", "孙英\nSun Ying", "太原市委\n" + XSS),
])
def test_label_lang_chooses_the_canvas_labels(graph: Graph, tmp_path: Path, lang: str, sun: str,
                                              committee: str) -> None:
    """--label-lang en|zh|both: the labels drawn on the canvas; a missing name falls back to another."""
    write_html(graph, tmp_path / "view.html", label_lang=lang)

    data = page_data(tmp_path / "view.html")
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[str(SUN)] == sun and labels[str(COMMITTEE)] == committee
    assert labels[str(ONLY_PINYIN)] == "Qīngxú"  # no Chinese name: the pinyin in every mode
    assert data["labelLang"] == lang


def test_label_lang_is_checked(graph_file: Path, tmp_path: Path) -> None:
    """An unknown --label-lang is one line and exit 2, for kg view and (before extracting) kg build."""
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    view = runner.invoke(app, ["view", str(graph_file), "--label-lang", "fr", "-o", str(tmp_path / "v.html")])
    build = runner.invoke(app, ["build", str(seeds), "--out", str(tmp_path / "out"), "--label-lang", "fr"])
    zh = runner.invoke(app, ["view", str(graph_file), "--label-lang", "zh", "-o", str(tmp_path / "z.html")])

    for result in (view, build):
        assert result.exit_code == 2
        assert result.stderr.strip() == "error: --label-lang must be one of en, zh, both, got 'fr'."
    assert not (tmp_path / "v.html").exists() and not (tmp_path / "out" / "graph.ttl").exists()
    assert zh.exit_code == 0 and page_data(tmp_path / "z.html")["labelLang"] == "zh"


def test_focus_layout_puts_hops_on_rings(graph: Graph) -> None:
    """Around a focus entity, hop-1 neighbours share one ring and hop-2 entities lie further out."""
    nxg = to_networkx(graph)
    nxg.graph["focus"] = str(TAIYUAN)

    pos = layout(nxg, focus=str(TAIYUAN))

    centre = pos[str(TAIYUAN)]
    hop1 = {round(math.dist(centre, pos[str(n)])) for n in (SHANXI, COMMITTEE, STEEL, ONLY_PINYIN)}
    assert len(hop1) == 1
    assert math.dist(centre, pos[str(SUN)]) > hop1.pop()


# --- kg view ---------------------------------------------------------------------------------------------


@pytest.fixture
def graph_file(graph: Graph, tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    graph.serialize(path, format="turtle")
    return path


@pytest.mark.parametrize(("focus", "hops", "iri", "expected"), [
    ("孙英", 1, SUN, {SUN, COMMITTEE}),
    ("person:sun-ying", 2, SUN, {SUN, COMMITTEE, TAIYUAN}),
    (str(TAIYUAN), 1, TAIYUAN, ENTITIES - {SUN}),
    ("qingxu", 0, ONLY_PINYIN, {ONLY_PINYIN}),
])
def test_view_focus_writes_the_neighbourhood(graph_file: Path, focus: str, hops: int, iri: URIRef,
                                             expected: set) -> None:
    """kg view --focus ENTITY --hops N draws the entities within N relations, found by label, CURIE or IRI."""
    out = graph_file.parent / "focus.html"

    args = ["view", str(graph_file), "--focus", focus, "--hops", str(hops), "--out", str(out)]
    result = runner.invoke(app, args)

    assert result.exit_code == 0, result.output
    assert f"wrote {out}: {len(expected)} entities" in result.stdout
    data = page_data(out)
    assert {n["id"] for n in data["nodes"]} == {str(e) for e in expected}
    assert data["focus"] == str(iri)


def test_view_whole_graph_default_path(graph_file: Path) -> None:
    """Without --focus, kg view writes the whole graph beside the graph file."""
    result = runner.invoke(app, ["view", str(graph_file)])

    assert result.exit_code == 0, result.output
    assert len(page_data(graph_file.with_suffix(".html"))["nodes"]) == len(ENTITIES)


def test_view_hint_names_the_graph_file(graph: Graph, tmp_path: Path) -> None:
    """Above the limit, the page's hint for an undrawn entity names the file kg view read (quoted for a
    shell); a build's view names graph.ttl, the file beside it."""
    path = tmp_path / "my month.ttl"
    graph.serialize(path, format="turtle")

    result = runner.invoke(app, ["view", str(path), "--view-limit", "4", "--out", str(tmp_path / "v.html")])

    assert result.exit_code == 0, result.output
    assert page_data(tmp_path / "v.html")["source"] == f"'{path}'"
    write_html(graph, tmp_path / "part.html", view_limit=4)
    assert page_data(tmp_path / "part.html")["source"] == "graph.ttl"


def test_view_focus_default_path_is_the_current_directory(graph_file: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """kg view --focus without --out writes view-<entity>.html in the current directory, not beside the
    graph (the repository's exports/ stays as the build left it)."""
    exports = tmp_path / "exports"
    exports.mkdir()
    graph = exports / "graph.ttl"
    graph.write_bytes(graph_file.read_bytes())
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)

    result = runner.invoke(app, ["view", str(graph), "--focus", "孙英"])

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in exports.iterdir()) == ["graph.ttl"]
    assert page_data(cwd / "view-sun-ying.html")["focus"] == str(SUN)
    assert "current directory" in runner.invoke(app, ["view", "--help"], env={"COLUMNS": "300"}).stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--focus", "Taiyun"], "No entity 'Taiyun' in the graph (6 entities). Close matches: Taiyuan (city:"),
    (["--focus", "zzzz"], "No entity 'zzzz'"),
    (["--focus", "Sun Ying", "--hops", "-1"], "Invalid value for '--hops'"),
])
def test_view_bad_focus_is_one_line_exit_2(graph_file: Path, args: list[str], message: str) -> None:
    """An unknown entity gives one line naming it and the close matches, exit 2, no page written."""
    result = runner.invoke(app, ["view", str(graph_file), *args, "--out", str(graph_file.parent / "x.html")])

    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (graph_file.parent / "x.html").exists()


def test_view_bad_graph_file(tmp_path: Path) -> None:
    """A graph file that does not parse gives a one-line error naming it, exit 2."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is <not turtle", encoding="utf-8")

    result = runner.invoke(app, ["view", str(bad)])

    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {bad}: can't parse as turtle")


# --- the page in headless Chromium -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(chromium_executable: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_executable, args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Page:
    """One page from file:// with every other request blocked and recorded, errors and dialogs collected."""

    def __init__(self, browser, path: Path) -> None:  # noqa: ANN001 - playwright Browser
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)

    def _route(self, route) -> None:  # noqa: ANN001 - playwright Route
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)

    def xy(self, iri: URIRef) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        return tuple(self.js("""(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);
            const r = document.getElementById('mynetwork').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""", str(iri)))

    def pixel(self, xy: tuple[float, float]) -> tuple[int, int, int]:
        return tuple(self.js("""(xy) => { const c = document.querySelector('#mynetwork canvas');
            const r = c.getBoundingClientRect(), k = c.width / r.width;
            const d = c.getContext('2d').getImageData(Math.round((xy[0] - r.left) * k),
                                                      Math.round((xy[1] - r.top) * k), 1, 1).data;
            return [d[0], d[1], d[2]]; }""", list(xy)))

    def hidden_nodes(self) -> list[str]:
        return sorted(self.js("nodes.get({filter: (n) => n.hidden === true}).map((n) => n.id)"))

    def hidden_edges(self) -> list[tuple[str, str]]:
        found = self.js("edges.get({filter: (e) => e.hidden === true}).map((e) => [e.from, e.to])")
        return sorted(tuple(e) for e in found)

    def clean(self) -> None:
        """Nothing reached the network, nothing failed, no script ran from the data."""
        assert self.blocked == []
        assert self.errors == []
        assert self.dialogs == []
        self.page.close()


@pytest.fixture
def fixture_page(browser, tmp_path: Path) -> Iterator[Page]:  # noqa: ANN001
    path = tmp_path / "view.html"
    write_html(fixture_graph(), path, title="People's Daily 人民日报")
    page = Page(browser, path)
    yield page
    page.clean()


@pytest.mark.slow
def test_page_loads_offline_with_every_node_and_edge(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """From file:// with the network blocked: all nodes and edges drawn, legend visible, nothing fetched."""
    path = tmp_path / "view.html"
    stats = write_html(fixture_graph(), path, title="People's Daily 人民日报")

    page = Page(browser, path)

    assert page.js("Object.keys(network.body.nodes).length") == stats.nodes == len(ENTITIES)
    assert page.js("network.body.nodeIndices.length") == stats.nodes
    assert page.js("edges.length") == stats.edges == 5
    assert page.js("network.body.edgeIndices.length") == 5
    assert page.page.locator("#legend").is_visible()
    assert page.page.locator("#legend li").count() == 6
    assert page.js("document.getElementById('article').options.length") == 3  # all + 2 articles
    years = page.js("[...document.getElementById('year-from').options].map((o) => o.value)")
    assert years == ["1985", "1992"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "view.png"))
    page.clean()


@pytest.mark.slow
@pytest.mark.parametrize("query", ["孙英", "Sun Ying", "sun ying", "SUNYING", "Sūn Yīng", "yīng", "孙英同志"])
def test_search_focuses_and_selects_the_node(fixture_page: Page, query: str) -> None:
    """English, Chinese, pinyin (with or without tones/spaces) or alias: the same node focused, selected."""
    fixture_page.page.fill("#search", query)
    fixture_page.page.press("#search", "Enter")

    fixture_page.page.wait_for_function("""(id) => { const v = network.getViewPosition(),
        p = network.getPositions([id])[id]; return Math.hypot(v.x - p.x, v.y - p.y) < 1; }""", arg=str(SUN))
    assert fixture_page.js("network.getSelectedNodes()") == [str(SUN)]
    assert fixture_page.js("kgView.highlighted()") == str(SUN)
    details = fixture_page.page.locator("#details")
    assert details.is_visible() and "Sun Ying" in details.inner_text() and "孙英" in details.inner_text()


@pytest.mark.slow
def test_search_ranks_exact_names_first(fixture_page: Page) -> None:
    """'taiyuan' lists the city (exact name) before the steel works (prefix); unknown text says so."""
    fixture_page.page.fill("#search", "taiyuan")

    items = fixture_page.page.locator("#search-results li")
    assert items.count() == 2
    assert items.nth(0).inner_text().startswith("Taiyuan") and "City" in items.nth(0).inner_text()
    assert items.nth(1).inner_text().startswith("Taiyuan Iron and Steel")
    fixture_page.page.fill("#search", "nowhere at all")
    assert fixture_page.page.locator("#search-results li").inner_text() == "No match"


@pytest.mark.slow
def test_type_filter_hides_nodes_and_their_edges(fixture_page: Page) -> None:
    """Unticking Person and City in the legend hides those nodes (DataSet hidden flags) and their edges."""
    fixture_page.page.uncheck('#legend input[data-type="Person"]')
    fixture_page.page.uncheck('#legend input[data-type="City"]')

    assert fixture_page.hidden_nodes() == sorted([str(SUN), str(TAIYUAN)])
    assert len(fixture_page.hidden_edges()) == 5  # every relation touches Sun Ying or Taiyuan
    assert fixture_page.js("network.body.nodeIndices.length") == 4
    assert "Showing 4 of 6 entities" in fixture_page.page.locator("#status").inner_text()
    fixture_page.page.check('#legend input[data-type="Person"]')
    fixture_page.page.check('#legend input[data-type="City"]')
    assert fixture_page.hidden_nodes() == [] and fixture_page.hidden_edges() == []


@pytest.mark.slow
def test_article_and_year_filters(fixture_page: Page) -> None:
    """One article shows only what it mentions and states; a year range keeps entities with articles in it."""
    index = fixture_page.js("(iri) => KG.articles.findIndex((a) => a.iri === iri)", str(ART2))
    fixture_page.page.select_option("#article", str(index))

    visible = set(map(str, ENTITIES)) - set(fixture_page.hidden_nodes())
    assert visible == {str(STEEL), str(TAIYUAN)}
    assert fixture_page.js("network.body.edgeIndices.length") == 1  # Steel locatedIn Taiyuan, stated in ART2

    fixture_page.page.select_option("#article", "")
    fixture_page.page.select_option("#year-from", "1992")
    fixture_page.page.select_option("#year-to", "1992")
    assert set(map(str, ENTITIES)) - set(fixture_page.hidden_nodes()) == {str(STEEL), str(TAIYUAN)}

    fixture_page.page.select_option("#year-from", "1985")
    fixture_page.page.select_option("#year-to", "1985")
    assert fixture_page.hidden_nodes() == []  # every entity is mentioned in the 1985 article
    assert fixture_page.hidden_edges() == [(str(STEEL), str(TAIYUAN))]  # stated only in 1992

    fixture_page.page.click("#reset")
    assert fixture_page.hidden_nodes() == [] and fixture_page.hidden_edges() == []


@pytest.mark.slow
def test_physics_toggle(fixture_page: Page) -> None:
    """Physics starts off (precomputed layout); the checkbox turns it on and off again."""
    assert fixture_page.js("network.physics.options.enabled") is False

    fixture_page.page.check("#physics")
    assert fixture_page.js("network.physics.options.enabled") is True
    fixture_page.page.uncheck("#physics")
    assert fixture_page.js("network.physics.options.enabled") is False


@pytest.mark.slow
def test_click_highlights_the_neighbourhood(fixture_page: Page) -> None:
    """Clicking Sun Ying keeps his committee in colour and veils Taiyuan; the background restores it."""
    page = fixture_page
    taiyuan, committee = page.xy(TAIYUAN), page.xy(COMMITTEE)
    before = page.pixel(taiyuan)
    assert before == page.pixel(taiyuan) and sum(before) < 600  # the city's colour, not the white background

    page.page.mouse.click(*page.xy(SUN))
    page.page.wait_for_timeout(150)

    assert page.js("kgView.highlighted()") == str(SUN)
    assert sorted(page.js("kgView.neighbourhood()")) == sorted([str(SUN), str(COMMITTEE)])
    veiled = page.pixel(taiyuan)
    assert min(veiled) > 200 and sum(veiled) > sum(before) + 200
    r, g, b = page.pixel(committee)
    assert r > 150 and g < 100 and b < 100  # the party body's red, drawn again over the veil
    assert page.page.locator("#details").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "view-highlight.png"))

    empty = page.js("""() => { const r = document.getElementById('mynetwork').getBoundingClientRect();
        for (let y = 10; y < r.height; y += 20) for (let x = 10; x < r.width; x += 20)
          if (network.getNodeAt({x, y}) === undefined && network.getEdgeAt({x, y}) === undefined)
            return [r.left + x, r.top + y];
        return null; }""")
    page.page.mouse.click(*empty)
    page.page.wait_for_timeout(150)
    assert page.js("kgView.highlighted()") is None
    assert page.pixel(taiyuan) == before


@pytest.mark.slow
def test_tooltips_show_names_sources_and_evidence_as_text(fixture_page: Page) -> None:
    """Hovering shows both languages, pinyin, type, post, dated article and the evidence sentence, as text."""
    page = fixture_page
    x, y = page.xy(TAIYUAN)
    page.page.mouse.move(x - 60, y - 60)
    page.page.mouse.move(x, y, steps=5)
    tip = page.page.locator("#tooltip")
    tip.wait_for(state="visible", timeout=5000)
    text = tip.inner_text()
    for part in ("Taiyuan", "太原", "Tàiyuán", "City", "1985-03-02", "Taiyuan builds <new> steel works",
                 EVIDENCE_XSS):
        assert part in text

    x, y = page.xy(COMMITTEE)
    page.page.mouse.move(x - 60, y - 60)
    page.page.mouse.move(x, y, steps=5)
    page.page.wait_for_function("(t) => document.getElementById('tooltip').innerText.includes(t)", arg=XSS)
    assert "Party body" in tip.inner_text()
    assert page.js("document.querySelectorAll('img').length") == 0
    assert page.js("document.scripts.length") == 3


@pytest.mark.slow
def test_nothing_from_the_data_runs_as_markup(fixture_page: Page) -> None:
    """A <script> label and an <img onerror> sentence stay text in search results, details, tooltips."""
    page = fixture_page
    page.page.fill("#search", "<script>")
    assert XSS in page.page.locator("#search-results li").first.inner_text()
    page.page.press("#search", "Enter")
    assert XSS in page.page.locator("#details").inner_text()

    page.page.click("#reset")  # fits the view at once; positions read before it could be mid-animation
    (tx, ty), (sx, sy) = page.xy(TAIYUAN), page.xy(SHANXI)
    page.page.mouse.move((tx + sx) / 2 + 30, (ty + sy) / 2 + 30)
    page.page.mouse.move((tx + sx) / 2, (ty + sy) / 2, steps=4)
    page.page.wait_for_function("(t) => document.getElementById('tooltip').innerText.includes(t)",
                                arg=EVIDENCE_XSS)
    assert page.js("document.querySelectorAll('img, #tooltip script, #details script').length") == 0
    assert page.js("document.scripts.length") == 3


@pytest.mark.slow
def test_empty_page_loads(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """A page with no entities loads without errors; search and filters do nothing."""
    write_html(Graph(), tmp_path / "empty.html")
    page = Page(browser, tmp_path / "empty.html")

    page.page.fill("#search", "x")
    assert page.js("nodes.length") == 0
    page.clean()


@pytest.mark.slow
def test_search_finds_an_undrawn_entity(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """A page drawing 4 of 6 entities: Find lists Sun Ying (not drawn) by Chinese, pinyin or alias, and Enter
    shows his names and IRI with the command that draws him; a drawn entity is still focused."""
    write_html(fixture_graph(), tmp_path / "part.html", view_limit=4)
    page = Page(browser, tmp_path / "part.html")
    assert page.js("(id) => nodes.get(id) === null", str(SUN))
    assert "showing 4 of 6 entities" in page.page.locator("header .counts").inner_text()

    for query in ("孙英", "sūn yīng", "孙英同志"):
        page.page.fill("#search", query)
        item = page.page.locator("#search-results li").first
        assert item.inner_text().startswith("Sun Ying") and "not drawn" in item.inner_text()
    page.page.press("#search", "Enter")

    details = page.page.locator("#details")
    assert details.is_visible() and "not drawn" in details.inner_text()
    assert "kg view graph.ttl --focus person:sun-ying" in details.inner_text()
    assert page.js("kgView.searchAll('shanxi')") == [["province:shanxi", False]]
    page.page.fill("#search", "taiyuan")
    assert page.js("kgView.searchAll('taiyuan')") == [[str(TAIYUAN), True], [str(STEEL), True]]
    page.page.press("#search", "Enter")
    page.page.wait_for_function("(id) => kgView.highlighted() === id", arg=str(TAIYUAN))
    assert page.js("network.getSelectedNodes()") == [str(TAIYUAN)]
    page.clean()


@pytest.mark.slow
def test_seed_build_page_search(browser, seed_build: Path) -> None:  # noqa: ANN001
    """On the seed build's graph.html, searching an English name focuses that person; a screenshot is kept."""
    page = Page(browser, seed_build / "graph.html")
    person = str(KGR["person/sun-ying--taiyuan"])
    assert page.js("(id) => nodes.get(id) !== null", person)

    page.page.fill("#search", "Sun Ying")
    page.page.press("#search", "Enter")

    page.page.wait_for_function("""(id) => { const v = network.getViewPosition(),
        p = network.getPositions([id])[id]; return Math.hypot(v.x - p.x, v.y - p.y) < 1; }""", arg=person)
    assert page.js("network.getSelectedNodes()") == [person]
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.click("#reset")
    page.page.wait_for_timeout(200)
    page.page.screenshot(path=str(ARTIFACTS / "seeds.png"))
    page.clean()


# The labels on screen that vis-network draws (above its zoom threshold) and the page does not cull,
# with their boxes as drawn: [id, label, left, top, width, height] in canvas units.
DRAWN_LABELS = """() => { const culled = new Set(kgView.culledLabels()), out = [];
    const c = network.canvas.frame.canvas, tl = network.DOMtoCanvas({x: 0, y: 0}),
      br = network.DOMtoCanvas({x: c.clientWidth, y: c.clientHeight});
    for (const id of network.body.nodeIndices) { const n = network.body.nodes[id], l = n.labelModule;
      if (!n.options.label || !l.visible() || culled.has(id)) continue;
      if (n.x < tl.x || n.x > br.x || n.y < tl.y || n.y > br.y) continue;  // off screen
      out.push([id, n.options.label, l.size.left, l.size.top, l.size.width, l.size.height]); }
    return out; }"""


def _redrawn(page: Page, script: str) -> None:
    """Run ``script`` in the page and wait for the frame it causes."""
    page.js(f"() => new Promise((done) => {{ network.once('afterDrawing', () => done()); {script}; }})")


@pytest.mark.slow
def test_seed_view_draws_chinese_labels_that_do_not_overprint(browser, seed_build: Path) -> None:  # noqa: ANN001
    """The seed build's page, as a reader first sees it: Chinese on the canvas (bilingual labels by
    default), the language toggle redraws the canvas, no drawn label overlaps another, and the
    small nodes' labels appear as the reader zooms in."""
    page = Page(browser, seed_build / "graph.html")
    canvas = "document.querySelector('#mynetwork canvas').toDataURL()"

    def drawn() -> list[list]:
        return page.js(DRAWN_LABELS)

    def overlaps(boxes: list[list]) -> list[tuple[str, str]]:
        return [(a[1], b[1]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[2] < b[2] + b[4] and b[2] < a[2] + a[4] and a[3] < b[3] + b[5] and b[3] < a[3] + a[5]]

    cjk = re.compile(r"[\u4e00-\u9fff]")
    first = drawn()
    assert page.js("document.getElementById('label-lang').value") == "both"
    # how many hubs are big enough to be named at the whole-graph zoom depends on the graph; what must
    # hold is that they are named, and in Chinese too
    assert len(first) >= 3 and sum(bool(cjk.search(label)) for _, label, *_ in first) >= 0.8 * len(first)
    assert overlaps(first) == []
    assert len(first) < page.js("nodes.length") / 2  # only the hubs are named at the whole-graph zoom

    page.page.select_option("#label-lang", "en")
    page.page.wait_for_timeout(300)
    english, en_pixels = drawn(), page.js(canvas)
    _redrawn(page, "kgView.setLabelLang('zh')")
    chinese, zh_pixels = drawn(), page.js(canvas)
    assert en_pixels != zh_pixels
    assert not any(cjk.search(label) for _, label, *_ in english)
    in_chinese = sum(bool(cjk.search(label)) for _, label, *_ in chinese)
    assert in_chinese >= 5 and in_chinese >= 0.8 * len(chinese)
    assert overlaps(english) == [] and overlaps(chinese) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "seeds-zh.png"))

    _redrawn(page, "network.moveTo({scale: network.getScale() * 2.5})")
    zoomed = drawn()
    assert overlaps(zoomed) == []
    assert {label for _, label, *_ in zoomed} - {label for _, label, *_ in chinese}  # more names zoomed in
    page.clean()
