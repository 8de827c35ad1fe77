"""The HTML view: graph conversion, offline/escaped/deterministic page, and a headless-Chromium check."""

from __future__ import annotations

import random
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.namespace import KG, KGR, ORG
from kg.viz import ViewStats, to_networkx, write_html

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
XSS = "<script>alert(1)</script>"
EVIDENCE_XSS = "太原位于山西<img src=x onerror=alert(2)>。"

SUN = KGR["person/sun-ying"]
TAIYUAN = KGR["city/taiyuan"]
SHANXI = KGR["province/shanxi"]
COMMITTEE = KGR["party-body/taiyuan-committee"]
STEEL = KGR["enterprise/taiyuan-steel"]
ONLY_PINYIN = KGR["county/qingxu"]
ART = KGR["article/rmrb-1985-03-02-001"]
POST = KGR["post/taiyuan-secretary"]
FACT = KGR["fact/taiyuan-locatedin-shanxi"]
ENTITIES = {SUN, TAIYUAN, SHANXI, COMMITTEE, STEEL, ONLY_PINYIN}


def _triples() -> list[tuple]:
    """A small People's Daily-like graph: 6 entities of 5 types, 4 relations, 1 post, 1 statement."""
    t: list[tuple] = []

    def entity(iri: URIRef, cls: str, en: str | None, zh: str | None, py: str | None) -> None:
        t.append((iri, RDF.type, KG[cls]))
        for text, lang in ((en, "en"), (zh, "zh"), (py, "zh-Latn-pinyin")):
            if text:
                t.append((iri, RDFS.label, Literal(text, lang=lang)))
        t.append((iri, KG.mentionedIn, ART))

    entity(SUN, "Person", None, "孙英", "Sūn Yīng")
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
        (FACT, RDF.type, KG.Statement),
        (FACT, RDF.subject, TAIYUAN),
        (FACT, RDF.predicate, KG.locatedIn),
        (FACT, RDF.object, SHANXI),
        (FACT, KG.evidenceText, Literal(EVIDENCE_XSS, lang="zh")),
        (FACT, PROV.wasDerivedFrom, ART),
    ]
    return t


@pytest.fixture
def graph() -> Graph:
    g = Graph()
    for triple in _triples():
        g.add(triple)
    return g


def test_to_networkx_nodes_and_edges(graph: Graph) -> None:
    nxg = to_networkx(graph)
    assert set(nxg.nodes) == {str(e) for e in ENTITIES}  # no article, post or statement nodes
    sun = nxg.nodes[str(SUN)]
    assert (sun["type"], sun["label_en"], sun["label_zh"], sun["label_pinyin"]) == (
        "Person",
        "",
        "孙英",
        "Sūn Yīng",
    )
    assert sun["aliases"] == ["孙英同志"]
    assert sun["posts"] == [{"iri": str(POST), "title": "Municipal Party Secretary", "body": str(COMMITTEE)}]
    assert [a["date"] for a in sun["articles"]] == ["1985-03-02"]
    assert nxg.number_of_edges() == 5
    (post_edge,) = nxg.get_edge_data(str(SUN), str(COMMITTEE)).values()
    assert post_edge["label"] == "Municipal Party Secretary"
    assert post_edge["predicate"] == str(ORG.holds)
    (located,) = nxg.get_edge_data(str(TAIYUAN), str(SHANXI)).values()
    assert located["label"] == "locatedIn"
    assert located["evidence"][0]["text"] == EVIDENCE_XSS
    assert located["evidence"][0]["date"] == "1985-03-02"


def test_dataset_is_read_as_union(graph: Graph) -> None:
    ds = Dataset()
    triples = _triples()
    for i, triple in enumerate(triples):  # spread over the default graph and two named graphs
        (ds.default_graph if i % 3 == 0 else ds.graph(URIRef(f"urn:g{i % 3}"))).add(triple)
    a, b = to_networkx(ds), to_networkx(graph)
    assert sorted(a.nodes) == sorted(b.nodes)
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))


class _Refs(HTMLParser):
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
    stats = write_html(graph, tmp_path / "view.html", title="<b>RMRB</b> 人民日报")
    assert stats == ViewStats(nodes=6, edges=5)
    html = (tmp_path / "view.html").read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(html)
    assert not [r for r in parser.refs if r[0] in ("script", "link")]
    assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?https?://", html, re.I)
    assert parser.tags.count("script") == 2  # vis-network inlined + our data script; nothing injected
    assert "img" not in parser.tags
    assert XSS not in html and "<img" not in html and "<b>RMRB" not in html
    assert "&lt;b&gt;RMRB&lt;/b&gt; 人民日报" in html
    assert 'id="legend"' in html
    for label in ("Person", "City", "Province", "Party body", "Enterprise", "County"):
        assert label in html
    assert "Municipal Party Secretary" in html and "孙英" in html


def test_html_is_deterministic(graph: Graph, tmp_path: Path) -> None:
    write_html(graph, tmp_path / "a.html")
    write_html(graph, tmp_path / "b.html")
    shuffled = _triples()
    random.Random(3).shuffle(shuffled)
    g2 = Graph()
    for triple in shuffled:
        g2.add(triple)
    write_html(g2, tmp_path / "c.html")
    a = (tmp_path / "a.html").read_bytes()
    assert a == (tmp_path / "b.html").read_bytes() == (tmp_path / "c.html").read_bytes()


def test_empty_graph(tmp_path: Path) -> None:
    assert write_html(Graph(), tmp_path / "empty.html") == ViewStats(nodes=0, edges=0)


@pytest.mark.slow
def test_renders_in_headless_chromium(graph: Graph, tmp_path: Path, chromium_executable: str) -> None:
    from playwright.sync_api import sync_playwright

    page_path = tmp_path / "view.html"
    stats = write_html(graph, page_path, title="People's Daily 人民日报")
    errors: list[str] = []
    dialogs: list[str] = []
    blocked: list[str] = []

    def route(r) -> None:  # noqa: ANN001 - playwright Route
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.route("**/*", route)
            page.goto(page_path.as_uri())
            page.wait_for_function("typeof network !== 'undefined'")
            assert page.evaluate("Object.keys(network.body.nodes).length") == stats.nodes == len(ENTITIES)
            assert page.evaluate("edges.length") == stats.edges == 5
            assert page.evaluate("Object.values(network.body.edges).filter(e => e.connected).length") == 5
            assert page.locator("#legend").is_visible()
            assert page.locator("#legend li").count() == 6
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "view.png"))
            # Hover the node labelled with a <script>: the tooltip shows it as text, creates no element.
            xy = page.evaluate(
                "(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);"
                " const r = document.getElementById('mynetwork').getBoundingClientRect();"
                " return [r.left + p.x, r.top + p.y]; }",
                str(COMMITTEE),
            )
            page.mouse.move(xy[0] - 40, xy[1] - 40)
            page.mouse.move(xy[0], xy[1], steps=5)
            tooltip = page.locator("div.vis-tooltip")
            tooltip.wait_for(state="visible", timeout=5000)
            assert XSS in tooltip.inner_text() and "Party body" in tooltip.inner_text()
            assert page.evaluate("document.querySelectorAll('.vis-tooltip :not(br)').length") == 0
        finally:
            browser.close()
    assert errors == []
    assert dialogs == []
    assert blocked == []
