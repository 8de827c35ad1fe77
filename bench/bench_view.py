"""Benchmark: the HTML view at 5,000 and 20,000 entities, against a bare vis-network page, in one run.

For each size a synthetic People's Daily-like graph is built as RDF (provinces, cities and counties in
a hierarchy, party and government bodies governing them, enterprises located in them, officials
holding posts, policy mechanisms adopted by places and bodies with preferential attachment, products,
articles from 1946-2003 with an evidence sentence per relation; labels in Chinese, pinyin and
English). Then it times ``to_networkx``, ``write_html`` (layout + render + atomic write) and, in
headless Chromium from ``file://`` with every non-file request blocked:

- load: navigation until the first frame is drawn (``afterDrawing``), from the page's own clock;
- interactive: navigation until ``network`` exists and a search (by Chinese name) + focus + select +
  neighbourhood highlight has completed;
- type filter, article filter and neighbourhood highlight, each timed in the page.

Baseline, same run, same nodes/edges/positions: a bare page with only vis-network and the data
(no search, filters or tooltips), so the ratio shows what the explorer costs on top of drawing.

    /work/venv/bin/python bench/bench_view.py [--sizes 5000 20000] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.graph import to_pinyin  # noqa: E402
from kg.namespace import KG, KGR, ORG  # noqa: E402
from kg.stats import to_networkx  # noqa: E402
from kg.viz import build_network, write_view  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
GIVEN = "建国华明志强伟平军文光荣春林海峰德新红英玉兰秀云俊杰世民忠诚永胜立中"
PLACE = "安宁江河山东西南北阳平昌盛兴和丰泰德庆福宝源清川州城台原湖海"
TRADE = [("钢铁厂", "Iron and Steel Works"), ("机械厂", "Machinery Plant"), ("纺织厂", "Textile Mill"),
         ("化工厂", "Chemical Plant"), ("煤矿", "Coal Mine"), ("水泥厂", "Cement Works"),
         ("汽车厂", "Auto Works")]
POSTS = [("书记", "Secretary"), ("副书记", "Deputy Secretary"), ("市长", "Mayor"), ("副市长", "Vice Mayor"),
         ("主任", "Director"), ("厂长", "Factory Director")]
MECHS = ["承包责任制", "厂长负责制", "横向经济联合", "产品链管理", "调度中心", "订货会", "现场办公",
         "分片包干"]
SHARES = {"City": 0.10, "County": 0.12, "PartyBody": 0.08, "GovernmentBody": 0.10, "Organization": 0.03,
          "Enterprise": 0.22, "Person": 0.25, "PolicyMechanism": 0.03, "Product": 0.07}
SLUG = {"Province": "province", "City": "city", "County": "county", "PartyBody": "party-body",
        "GovernmentBody": "gov-body", "Organization": "org", "Enterprise": "enterprise", "Person": "person",
        "PolicyMechanism": "mechanism", "Product": "product"}


def synthetic_graph(n: int, *, seed: int) -> Graph:
    """About ``n`` typed entities and 1.7 relations per entity, with articles and evidence."""
    rnd = random.Random(seed)
    g = Graph()
    counts = {"Province": min(31, n // 20 or 1)} | {t: max(1, int(n * s)) for t, s in SHARES.items()}
    counts["Person"] += n - sum(counts.values())
    ents: dict[str, list[URIRef]] = {}
    arts = [KGR[f"article/rmrb-{i:06d}"] for i in range(max(1, n // 3))]
    start = date(1946, 5, 15)
    for i, art in enumerate(arts):
        day = start + timedelta(days=rnd.randrange(0, 20700))
        g.add((art, RDF.type, KG.Article))
        g.add((art, DCTERMS.date, Literal(day.isoformat(), datatype=XSD.date)))
        g.add((art, DCTERMS.title, Literal(f"Report {i} on industry and reform", lang="en")))
        g.add((art, DCTERMS.title, Literal(f"关于工业与改革的报道之{i}", lang="zh")))
    for cls, k in counts.items():
        ents[cls] = []
        for i in range(k):
            iri = KGR[f"{SLUG[cls]}/{cls.lower()}-{i}"]
            ents[cls].append(iri)
            zh, en = _names(rnd, cls, i)
            g.add((iri, RDF.type, KG[cls]))
            g.add((iri, RDFS.label, Literal(en, lang="en")))
            g.add((iri, RDFS.label, Literal(zh, lang="zh")))
            g.add((iri, RDFS.label, Literal(to_pinyin(zh, person=cls == "Person"), lang="zh-Latn-pinyin")))
            if rnd.random() < 0.3:
                g.add((iri, SKOS.altLabel, Literal(zh + "同志" if cls == "Person" else zh[:2], lang="zh")))

    def pick(*classes: str) -> URIRef:
        return rnd.choice(ents[rnd.choice(classes)])

    def state(s: URIRef, p: URIRef, o: URIRef, obj: URIRef | None = None) -> None:
        g.add((s, p, o))
        for art in rnd.sample(arts, k=min(len(arts), rnd.choice((1, 1, 1, 2)))):
            fact = KGR[f"fact/{len(g)}"]
            g.add((fact, RDF.type, KG.Statement))
            g.add((fact, RDF.subject, s))
            g.add((fact, RDF.predicate, p))
            g.add((fact, RDF.object, obj or o))
            g.add((fact, KG.evidenceText, Literal(f"据报道，{rnd.choice(GIVEN)}{rnd.choice(PLACE)}方面"
                                                  f"加强了{rnd.choice(MECHS)}，生产稳定发展。", lang="zh")))
            g.add((fact, PROV.wasDerivedFrom, art))
            g.add((s, KG.mentionedIn, art))
            g.add((obj or o, KG.mentionedIn, art))

    for c in ents["City"]:
        state(c, KG.partOf, rnd.choice(ents["Province"]))
    for c in ents["County"]:
        state(c, KG.partOf, rnd.choice(ents["City"]))
    for b in ents["PartyBody"] + ents["GovernmentBody"]:
        state(b, KG.governs, pick("City", "City", "County", "Province"))
    for e in ents["Enterprise"]:
        state(e, KG.locatedIn, pick("City", "City", "County"))
    popular = list(ents["PolicyMechanism"])
    for s in rnd.sample(ents["City"] + ents["GovernmentBody"] + ents["Enterprise"], k=n // 4):
        m = rnd.choice(popular)
        popular.append(m)  # preferential attachment: a few mechanisms spread widely
        state(s, KG.adoptsMechanism, m)
    for p in ents["Product"]:
        state(rnd.choice(ents["Enterprise"]), KG.produces, p)
    for o in ents["Organization"]:
        state(pick("GovernmentBody", "PartyBody"), KG.establishes, o)
    for i, person in enumerate(ents["Person"]):
        body = pick("PartyBody", "GovernmentBody", "Enterprise")
        zh, en = rnd.choice(POSTS)
        post = KGR[f"post/p{i}"]
        g.add((post, RDF.type, ORG.Post))
        g.add((post, RDFS.label, Literal(en, lang="en")))
        g.add((post, RDFS.label, Literal(zh, lang="zh")))
        g.add((post, ORG.postIn, body))
        state(person, ORG.holds, post, obj=None)
        if rnd.random() < 0.15:
            state(person, KG.visits, rnd.choice(ents["Enterprise"]))
    return g


def _names(rnd: random.Random, cls: str, i: int) -> tuple[str, str]:
    place = rnd.choice(PLACE) + rnd.choice(PLACE)
    if cls == "Person":
        zh = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.7 else "")
        return zh, to_pinyin(zh, person=True).translate(_PLAIN)
    if cls == "Enterprise":
        zh, en = rnd.choice(TRADE)
        return f"{place}{zh}", f"{to_pinyin(place).translate(_PLAIN)} {en} No. {i}"
    suffix = {"Province": ("省", "Province"), "City": ("市", ""), "County": ("县", "County"),
              "PartyBody": ("市委", "Municipal Party Committee"),
              "GovernmentBody": ("市人民政府", "Municipal Government"),
              "Organization": ("协会", "Association"), "Product": ("牌产品", "brand goods")}
    if cls == "PolicyMechanism":
        return f"{rnd.choice(MECHS)}{i}", f"mechanism {i}"
    zh, en = suffix[cls]
    return f"{place}{zh}{i}", f"{to_pinyin(place).translate(_PLAIN)} {en} {i}".replace("  ", " ")


_PLAIN = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", "aaaaeeeeiiiioooouuuuuuuuu")

BARE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style>
<style>html,body,#mynetwork{{margin:0;height:100%}}</style></head><body><div id="mynetwork"></div>
<script>{js}</script><script>
var t0 = performance.now();
var nodes = new vis.DataSet({nodes}); var edges = new vis.DataSet({edges});
var network = new vis.Network(document.getElementById("mynetwork"), {{nodes: nodes, edges: edges}},
                              {options});
var kgTimings = {{network: performance.now()}};
network.once("afterDrawing", function () {{
  kgTimings.drawn = performance.now(); document.body.dataset.ready = "true"; }});
</script></body></html>"""


def write_bare(nxg, path: Path) -> None:  # noqa: ANN001
    """The baseline page: vis-network and the same nodes/edges/positions/options, nothing else."""
    from kg.viz import VIS_DIR, _options

    net = build_network(nxg)
    keep = ("id", "label", "group", "value", "x", "y")
    nodes = [{k: n[k] for k in keep} for n in net.nodes]
    edges = [{k: e[k] for k in ("id", "from", "to", "label", "smooth") if k in e} for e in net.edges]
    opts = _options(net, big=len(nodes) >= 1000)
    path.write_text(BARE.format(css=(VIS_DIR / "vis-network.css").read_text(),
                                js=(VIS_DIR / "vis-network.min.js").read_text(),
                                nodes=json.dumps(nodes), edges=json.dumps(edges), options=json.dumps(opts)))


def browse(browser, path: Path, *, explorer: bool, query: str) -> dict[str, float]:  # noqa: ANN001
    """Milliseconds from navigation start, measured by the page's own clock."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    attempted: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
               else (attempted.append(r.request.url), r.abort()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    wall = time.perf_counter()
    page.goto(path.as_uri(), timeout=300_000)
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=300_000, polling=50)
    out = {"wall_load": (time.perf_counter() - wall) * 1000, **page.evaluate("kgTimings")}
    if explorer:
        out |= page.evaluate("""(q) => new Promise((resolve) => {
            const t0 = performance.now();
            const id = kgView.search(q)[0];
            const done = () => resolve({found: id, search_focus_done: performance.now(),
                                        search_focus: performance.now() - t0});
            if (!KG.big) network.once("animationFinished", done);
            kgView.focusNode(id);
            // no animation on big graphs: done once the frame after the jump is drawn
            if (KG.big) requestAnimationFrame(() => requestAnimationFrame(done));
        })""", query)
        out["interactive"] = out.pop("search_focus_done")
        out |= page.evaluate("""() => {
            const box = document.querySelector('#legend input[data-type="Person"]');
            let t = performance.now(); box.checked = false; kgView.applyFilters();
            const typeFilter = performance.now() - t;
            box.checked = true;
            const sel = document.getElementById("article"); sel.value = "0";
            t = performance.now(); kgView.applyFilters(); const articleFilter = performance.now() - t;
            kgView.clearFilters();
            t = performance.now(); kgView.highlight(nodes.getIds()[0]);
            const highlight = performance.now() - t;
            kgView.unhighlight();
            return {type_filter: typeFilter, article_filter: articleFilter, highlight: highlight};
        }""")
    page.close()
    if errors or attempted:
        raise SystemExit(f"{path}: page errors {errors[:3]}, non-file requests {attempted[:3]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Keep the pages in this folder.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-view-"))
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            t = time.perf_counter()
            g = synthetic_graph(n, seed=args.seed)
            t_rdf = time.perf_counter() - t
            t = time.perf_counter()
            nxg = to_networkx(g)
            t_nx = time.perf_counter() - t
            page = folder / f"view-{n}.html"
            t = time.perf_counter()
            stats = write_view(nxg, page, title=f"synthetic {n}", view_limit=0)  # all drawn, as the bare page
            t_write = time.perf_counter() - t
            bare = folder / f"bare-{n}.html"
            write_bare(nxg, bare)
            query = next(a["label_zh"] for _, a in nxg.nodes(data=True) if a["type"] == "Person")
            ours = browse(browser, page, explorer=True, query=query)
            base = browse(browser, bare, explorer=False, query=query)
            print(f"\n== {stats.nodes} entities, {stats.edges} relations, {len(g)} triples; "
                  f"page {page.stat().st_size / 1e6:.1f} MB (bare {bare.stat().st_size / 1e6:.1f} MB)")
            print(f"  build RDF {t_rdf:.1f} s | to_networkx {t_nx:.2f} s | write_html (layout+render+write) "
                  f"{t_write:.2f} s")
            print(f"  load to first draw   {ours['drawn'] / 1000:6.2f} s   bare vis-network "
                  f"{base['drawn'] / 1000:6.2f} s   ratio {ours['drawn'] / base['drawn']:.2f}x")
            print(f"  wall-clock load      {ours['wall_load'] / 1000:6.2f} s   bare vis-network "
                  f"{base['wall_load'] / 1000:6.2f} s   ratio {ours['wall_load'] / base['wall_load']:.2f}x")
            print(f"  interactive (network + search {query!r} + focus done) "
                  f"{ours['interactive'] / 1000:.2f} s; search+focus alone {ours['search_focus']:.0f} ms")
            print(f"  type filter {ours['type_filter']:.0f} ms | article filter "
                  f"{ours['article_filter']:.0f} ms | neighbourhood highlight {ours['highlight']:.0f} ms")
        browser.close()
    print(f"\npages in {folder}")


if __name__ == "__main__":
    main()
