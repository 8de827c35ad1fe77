"""HTML view stage: draw the entity graph as a self-contained, offline vis-network page.

``to_networkx`` turns the RDF graph into a ``networkx.MultiDiGraph`` of entities and relations
(reusable by ``kg stats``); ``write_html`` lays it out in Python (fixed seed, physics off) and
renders ``templates/view.html`` with vis-network's JS and CSS inlined, so the page works from
``file://`` with no network and the same graph always gives byte-identical HTML.

Nothing from the data is ever inserted as HTML: node/edge tooltips are plain strings (vis-network 9
renders string titles as text), the JSON data is ``<``/``>``/``&``-escaped, and the legend and
title go through Jinja's autoescape.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.namespace import KG, ORG
from kg.types import ENTITY_TYPES, RELATIONS

TEMPLATE = Path(__file__).parent / "templates" / "view.html"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
SEED = 42
MAX_ARTICLES = 8  # per node tooltip
MAX_EVIDENCE = 3  # per edge tooltip
SPRING_MAX = 500  # larger components get a radial tree layout (spring_layout needs scipy there)
_JS_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}


@dataclass(frozen=True)
class ViewStats:
    """What ``write_html`` drew."""

    nodes: int
    edges: int


def _union(graph: Graph) -> Graph:
    """A plain Graph with every triple of ``graph`` (a Dataset/ConjunctiveGraph is merged)."""
    if hasattr(graph, "quads"):
        merged = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return graph


def _label(g: Graph, node: Any, lang: str, pred: URIRef = RDFS.label) -> str:
    """Smallest ``pred`` literal of language ``lang`` ('' = untagged; 'zh' excludes pinyin)."""
    found = []
    for lit in g.objects(node, pred):
        if not isinstance(lit, Literal):
            continue
        tag = (lit.language or "").lower()
        if tag == lang or (lang == "zh" and tag.startswith("zh-") and tag != "zh-latn-pinyin"):
            found.append(str(lit))
    return min(found) if found else ""


def _article(g: Graph, art: Any) -> dict[str, str]:
    date = g.value(art, DCTERMS.date)
    return {
        "iri": str(art),
        "date": str(date) if date is not None else "",
        "title_en": _label(g, art, "en", DCTERMS.title) or _label(g, art, "", DCTERMS.title),
        "title_zh": _label(g, art, "zh", DCTERMS.title),
    }


def _evidence(g: Graph) -> dict[tuple[str, str, str], list[dict[str, str]]]:
    """``(s, p, o) -> [{text, iri, date, title_en, title_zh}]`` from kg:Statement nodes."""
    index: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for st in g.subjects(RDF.type, KG.Statement):
        key = (str(g.value(st, RDF.subject)), str(g.value(st, RDF.predicate)), str(g.value(st, RDF.object)))
        texts = sorted(str(t) for t in g.objects(st, KG.evidenceText)) or [""]
        arts = sorted(g.objects(st, PROV.wasDerivedFrom)) or [None]
        for art in arts:
            meta = _article(g, art) if art is not None else {"iri": "", "date": ""}
            index[key].extend({**meta, "text": t} for t in texts)
    for items in index.values():
        items.sort(key=lambda e: (e["date"], e["iri"], e["text"]))
    return index


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities as nodes (keyed by IRI, with type, labels, aliases, posts, articles), relations as edges.

    Edge keys are the relation's local name (``holds:<post IRI>`` for posts); edge attrs are
    ``predicate`` (IRI), ``label``, ``evidence`` (list of dicts) and, for posts, ``post``.
    """
    g = _union(graph)
    types: dict[str, str] = {}
    for cls in ENTITY_TYPES:  # first type in table order wins, so the choice is deterministic
        for s in g.subjects(RDF.type, KG[cls]):
            if isinstance(s, URIRef):
                types.setdefault(str(s), cls)
    evidence = _evidence(g)
    out = nx.MultiDiGraph()
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for iri in sorted(types):
        node = URIRef(iri)
        posts = []
        for post in sorted(g.objects(node, ORG.holds)):
            title = _label(g, post, "en") or _label(g, post, "zh") or _label(g, post, "") or "holds"
            body = g.value(post, ORG.postIn)
            posts.append({"iri": str(post), "title": title, "body": str(body) if body else ""})
            if body is not None and str(body) in types:
                ev = evidence.get((iri, str(ORG.holds), str(post)), [])
                attrs = {"predicate": str(ORG.holds), "label": title, "evidence": ev, "post": str(post)}
                edges.append((iri, str(body), f"holds:{post}", attrs))
        arts = sorted(
            (_article(g, a) for a in set(g.objects(node, KG.mentionedIn))),
            key=lambda a: (a["date"], a["iri"]),
        )
        out.add_node(
            iri,
            type=types[iri],
            label_en=_label(g, node, "en") or _label(g, node, ""),
            label_zh=_label(g, node, "zh"),
            label_pinyin=_label(g, node, "zh-latn-pinyin"),
            aliases=sorted({str(a) for a in g.objects(node, SKOS.altLabel)}),
            posts=posts,
            articles=arts,
        )
    for rel in RELATIONS:
        for s, o in g.subject_objects(KG[rel]):
            if str(s) in types and str(o) in types:
                attrs = {
                    "predicate": str(KG[rel]),
                    "label": rel,
                    "evidence": evidence.get((str(s), str(KG[rel]), str(o)), []),
                }
                edges.append((str(s), str(o), rel, attrs))
    for s, o, key, attrs in sorted(edges, key=lambda e: e[:3]):
        out.add_edge(s, o, key=key, **attrs)
    return out


def display_name(attrs: dict[str, Any], key: str = "") -> str:
    """English label, else Chinese, else pinyin, else the IRI's last segment."""
    return attrs["label_en"] or attrs["label_zh"] or attrs["label_pinyin"] or key.rsplit("/", 1)[-1]


def _art_line(a: dict[str, str]) -> str:
    title = " / ".join(t for t in (a.get("title_en", ""), a.get("title_zh", "")) if t) or a["iri"]
    return f"{a['date']} {title}".strip()


def _node_tooltip(nxg: nx.MultiDiGraph, key: str) -> str:
    a = nxg.nodes[key]
    lines = [" / ".join(x for x in (a["label_en"], a["label_zh"]) if x) or display_name(a, key)]
    if a["label_pinyin"]:
        lines.append(f"Pinyin: {a['label_pinyin']}")
    lines.append(f"Type: {ENTITY_TYPES[a['type']].label}")
    if a["aliases"]:
        lines.append("Also: " + "; ".join(a["aliases"]))
    for p in a["posts"]:
        body = nxg.nodes[p["body"]] if p["body"] in nxg else None
        lines.append(f"Post: {p['title']}" + (f" ({display_name(body, p['body'])})" if body else ""))
    if a["articles"]:
        lines.append(f"Articles ({len(a['articles'])}):")
        lines.extend("  " + _art_line(art) for art in a["articles"][:MAX_ARTICLES])
        if len(a["articles"]) > MAX_ARTICLES:
            lines.append(f"  … and {len(a['articles']) - MAX_ARTICLES} more")
    lines.append(key)
    return "\n".join(lines)


def _edge_tooltip(nxg: nx.MultiDiGraph, s: str, o: str, attrs: dict[str, Any]) -> str:
    names = display_name(nxg.nodes[s], s), display_name(nxg.nodes[o], o)
    lines = [f"{names[0]} —{attrs['label']}→ {names[1]}"]
    for ev in attrs["evidence"][:MAX_EVIDENCE]:
        lines.append(f"“{ev['text']}”" if ev["text"] else "(no sentence)")
        if ev["iri"]:
            lines.append("  — " + _art_line(ev))
    return "\n".join(lines)


def _radial_tree(sub: nx.Graph) -> dict[str, tuple[float, float]]:
    """Radial BFS-tree layout from the top hub: each subtree gets an angular sector by its size."""
    hub = min(sub, key=lambda n: (-sub.degree(n), n))
    tree = nx.bfs_tree(sub, hub)
    size: dict[str, int] = {}
    for n in nx.dfs_postorder_nodes(tree, hub):
        size[n] = 1 + sum(size[c] for c in tree.successors(n))
    sector, depth = {hub: (0.0, 2 * math.pi)}, {hub: 0}
    for parent in nx.bfs_tree(tree, hub):  # parents before children
        lo, hi = sector[parent]
        for child in tree.successors(parent):
            width = (hi - lo) * size[child] / (size[parent] - 1)
            sector[child], depth[child], lo = (lo, lo + width), depth[parent] + 1, lo + width
    top = max(depth.values()) or 1
    return {
        n: (depth[n] / top * math.cos(sum(sector[n]) / 2), depth[n] / top * math.sin(sum(sector[n]) / 2))
        for n in sub
    }


def _component_layout(sub: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions in roughly [-1, 1]²: spring layout (fixed seed), or radial tree for big components."""
    if len(sub) == 1:
        return {next(iter(sub)): (0.0, 0.0)}
    if len(sub) >= SPRING_MAX:
        return _radial_tree(sub)
    return {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(sub, seed=SEED, iterations=100).items()}


def layout(nxg: nx.MultiDiGraph, spacing: float = 90.0) -> dict[str, tuple[float, float]]:
    """Deterministic x/y per node: each connected component laid out alone, then shelf-packed."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nxg))
    simple.add_edges_from(sorted((min(s, o), max(s, o)) for s, o in nxg.edges() if s != o))
    comps = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    radii = [spacing * max(0.5, math.sqrt(len(c))) for c in comps]
    row_width = max([2 * radii[0], 1.6 * math.sqrt(sum(4 * r * r for r in radii))] if comps else [0.0])
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for comp, r in zip(comps, radii, strict=True):
        if x > 0 and x + 2 * r > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        # a subgraph view iterates a set (hash order): build the component in sorted order instead
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(sorted((min(a, b), max(a, b)) for a, b in simple.subgraph(comp).edges()))
        for n, (px, py) in _component_layout(sub).items():
            pos[n] = (round(x + r + px * r, 1), round(y + r + py * r, 1))
        x, row_h = x + 2 * r, max(row_h, 2 * r)
    return pos


def _safe_json(obj: Any) -> Markup:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, ``<!--`` or U+2028)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.translate(_JS_ESCAPES))


def _inline(path: Path, tag: str) -> Markup:
    """A pyvis-shipped asset's text, made safe to sit inside a ``<script>``/``<style>`` element."""
    return Markup(re.sub(f"</({tag})", r"<\\/\1", path.read_text(encoding="utf-8"), flags=re.I))


def build_network(nxg: nx.MultiDiGraph) -> Network:
    """A pyvis Network holding vis-network node/edge dicts (positions fixed, physics off)."""
    pos = layout(nxg)
    centrality = nx.degree_centrality(nxg) if len(nxg) > 1 else dict.fromkeys(nxg, 0.0)
    top = max(centrality.values(), default=0.0) or 1.0
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = [
        {
            "id": n,
            "label": display_name(a, n),
            "title": _node_tooltip(nxg, n),
            "color": ENTITY_TYPES[a["type"]].colour,
            "shape": ENTITY_TYPES[a["type"]].shape,
            "size": round(10 + 25 * centrality[n] / top, 1),
            "x": pos[n][0],
            "y": pos[n][1],
        }
        for n, a in sorted(nxg.nodes(data=True))
    ]
    net.edges = [
        {"id": f"e{i}", "from": s, "to": o, "label": a["label"], "title": _edge_tooltip(nxg, s, o, a)}
        for i, (s, o, _, a) in enumerate(sorted(nxg.edges(keys=True, data=True), key=lambda e: e[:3]))
    ]
    net.node_ids = [node["id"] for node in net.nodes]
    net.toggle_physics(False)
    return net


def _options(net: Network, big: bool) -> dict[str, Any]:
    opts = json.loads(net.options.to_json())
    opts["physics"] = {"enabled": False, "stabilization": {"enabled": False}}
    opts["layout"] = {"improvedLayout": False, "randomSeed": SEED}
    opts["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "smooth": {"enabled": False},
        "color": {"color": "#9a9a9a", "highlight": "#333333"},
        "font": {"size": 10, "color": "#555555"},
    }
    opts["nodes"] = {"borderWidth": 1, "font": {"size": 14, "face": "sans-serif"}}
    opts["interaction"] = {
        "hover": True,
        "tooltipDelay": 120,
        "hideEdgesOnDrag": big,
        "hideEdgesOnZoom": big,
        "dragNodes": True,
    }
    return opts


def write_html(graph: Graph, path: str | Path, *, title: str = "kg") -> ViewStats:
    """Write an offline, deterministic HTML view of ``graph`` to ``path``; return what was drawn."""
    nxg = to_networkx(graph)
    net = build_network(nxg)
    counts: dict[str, int] = defaultdict(int)
    for _, t in nxg.nodes(data="type"):
        counts[t] += 1
    legend = [(ENTITY_TYPES[t], counts[t]) for t in ENTITY_TYPES if counts[t]]
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    html = env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        title=title,
        legend=legend,
        n_nodes=len(net.nodes),
        n_edges=len(net.edges),
        vis_css=_inline(VIS_DIR / "vis-network.css", "style"),
        vis_js=_inline(VIS_DIR / "vis-network.min.js", "script"),
        nodes_json=_safe_json(net.nodes),
        edges_json=_safe_json(net.edges),
        options_json=_safe_json(_options(net, big=len(net.nodes) > 1000)),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8", newline="\n")
    return ViewStats(nodes=len(net.nodes), edges=len(net.edges))
