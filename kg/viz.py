"""HTML view stage: draw the entity graph as a self-contained, offline network explorer.

Consumes the RDF graph (or the networkx graph of ``kg.stats.to_networkx``) and produces one HTML
file: vis-network (shipped with pyvis) and the page's own script and style are inlined, so it works
from ``file://`` with no network. The layout is computed here (fixed seed, physics off), so even
20,000 nodes draw at once, and the same graph always gives byte-identical HTML.

Nothing from the data is ever inserted as HTML: the graph travels as JSON inside a
``<script type="application/json">`` element (``<``, ``>`` and ``&`` escaped), the page's script
builds tooltips, search results and details with ``textContent``, and the title and legend go
through Jinja's autoescape.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import jinja2
import networkx as nx
import numpy as np
import pyvis
from markupsafe import Markup
from networkx.drawing.layout import rescale_layout
from pyvis.network import Network
from rdflib import Graph

from kg.errors import ConfigError
from kg.export import atomic_write, clean_text
from kg.ntriples import Quad
from kg.stats import curie, display_name, entity_graph, to_networkx, undirected
from kg.types import ENTITY_TYPES
from kg.view_limit import DEFAULT_VIEW_LIMIT, check_view_limit, view_cap

__all__ = ["LABEL_LANGS", "ViewStats", "build_network", "layout", "node_label", "page_info", "render",
           "to_networkx", "write_build_view", "write_html", "write_view"]

TEMPLATES = Path(__file__).parent / "templates"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
SEED = 42
SMALL = 40  # components up to this size are laid out once per shape (see _spring)
SPRING_MAX = 500  # spring layout needs scipy from 500 nodes: bigger components get hubs + satellites
CORE = 300  # the hubs of such a component laid out by force (its cost grows as the square of this)
SPACING = 60.0  # px: a component of n nodes spans about 2 * SPACING * sqrt(n)
MIN_GAP = 90.0  # px: no two nodes of a spring-laid component closer than this
SATELLITE = 17.0  # px: sunflower packing step for the leaves around a hub
RING = 260.0  # px between the rings of a focus view
ARC = 60.0  # px: least arc per node on a ring
BIG = 1000  # from this many nodes, edges hide while dragging or zooming
ASPECT = 1.6  # width / height the packed layout aims at (a landscape browser window)
STRETCH = 1.5  # at most this much horizontal stretch of a component towards ASPECT (labels are wide)
LABEL_LANGS = ("en", "zh", "both")
LABEL_MIN, LABEL_MAX, LABEL_THRESHOLD = 8, 24, 11  # px: label font by degree, and the least drawn
_JS_ESCAPES = {c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}
_LABEL_INSIDE = {"ellipse", "circle", "box", "database", "text"}
_GOLDEN = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class ViewStats:
    """What ``write_html`` drew."""

    nodes: int
    edges: int
    total: int = 0  # entities in the graph, drawn or not (kg/view_limit.py)


def _spring(sub: nx.Graph, scale: float, radius: dict[str, float] | None = None) -> dict[str, tuple]:
    """Fruchterman-Reingold (fixed seed), then overlapping nodes pushed apart.

    Two nodes overlap when closer than the sum of their ``radius`` (default MIN_GAP / 2 each). The
    result depends only on the shape of ``sub`` (its edges between node indices), so small components
    of one shape (the many pairs of a big build) are laid out once.
    """
    if len(sub) == 1:
        return {next(iter(sub)): (0.0, 0.0)}
    index = {n: i for i, n in enumerate(sub)}
    edges = tuple(sorted((min(index[a], index[b]), max(index[a], index[b]), w)
                         for a, b, w in sub.edges(data="weight", default=1)))
    radii = tuple(radius[k] for k in sub) if radius else None
    solve = _spring_xy if len(sub) <= SMALL else _spring_xy.__wrapped__
    return dict(zip(sub, solve(len(sub), edges, scale, radii), strict=True))


@functools.lru_cache(maxsize=4096)
def _spring_xy(n: int, edges: tuple[tuple[int, int, float], ...], scale: float,
               radii: tuple[float, ...] | None) -> list[tuple[float, float]]:
    """:func:`_spring` of the graph on nodes 0..n-1 with weighted ``edges``: the positions by node."""
    shape = nx.Graph()
    shape.add_nodes_from(range(n))
    shape.add_weighted_edges_from(edges)
    if n < 500:  # networkx's dense solver (it switches to a sparse one from 500 nodes)
        xy = _force_layout(shape, scale)
    else:
        pos = nx.spring_layout(shape, seed=SEED, iterations=100, scale=scale, method="force")
        xy = np.array([pos[k] for k in range(n)], dtype=float)
    xy = _relax(xy, np.array(radii if radii else [MIN_GAP / 2] * n))
    return [(float(x), float(y)) for x, y in xy]


def _force_layout(shape: nx.Graph, scale: float, iterations: int = 100) -> np.ndarray:
    """``nx.spring_layout(shape, seed=SEED, iterations=100, scale=scale, method="force")`` for fewer than
    500 nodes 0..n-1, as an n x 2 array: the same floats, in about half the time.

    networkx's Fruchterman-Reingold takes each node's distances with ``np.linalg.norm(..., axis=-1)``,
    a reduction over an axis of length 2 that numpy runs slowly; here they are ``sqrt(dx*dx + dy*dy)``,
    which is what that reduction computes, so every position is bit for bit networkx's.
    """
    n = len(shape)
    adjacency = nx.to_numpy_array(shape, weight="weight")
    pos = np.asarray(np.random.RandomState(SEED).rand(n, 2), dtype=adjacency.dtype)
    k = np.sqrt(1.0 / n)  # the optimal distance between nodes
    t = max(max(pos.T[0]) - min(pos.T[0]), max(pos.T[1]) - min(pos.T[1])) * 0.1  # the temperature
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, np.newaxis, :] - pos[np.newaxis, :, :]
        dx, dy = delta[..., 0], delta[..., 1]
        distance = np.sqrt(dx * dx + dy * dy)
        np.clip(distance, 0.01, None, out=distance)
        displacement = np.einsum("ijk,ij->ik", delta, (k * k / distance**2 - adjacency * distance / k))
        mx, my = displacement[:, 0], displacement[:, 1]
        length = np.clip(np.sqrt(mx * mx + my * my), a_min=0.01, a_max=None)
        delta_pos = np.einsum("ij,i->ij", displacement, t / length)
        pos += delta_pos
        t -= dt
        if (np.linalg.norm(delta_pos) / n) < 1e-4:
            break
    return rescale_layout(pos, scale=scale) + np.zeros(2)  # + the centre, as networkx (-0.0 becomes 0.0)


def _relax(xy: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``xy`` with overlapping nodes (closer than the sum of their radii ``r``) pushed apart, in place.

    FR leaves dense clumps around hubs. Each round moves every node by half the sum, over the nodes it
    overlaps in index order, of half the overlap along their direction; only overlapping pairs are
    computed, and summed in the order a dense n x n sum adds them, so the floats are the same.
    """
    gap = r[:, None] + r[None, :]
    np.fill_diagonal(gap, 0.0)  # a node never overlaps itself
    for _ in range(60):
        x, y = xy[:, 0], xy[:, 1]
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        # hypot(dx, dy) >= |dx|, |dy|: only pairs closer than their gap along both axes can overlap, so
        # the (slow) hypot is taken of those alone
        i, j = np.nonzero((np.abs(dx) < gap) & (np.abs(dy) < gap))  # by i then j
        dist = np.hypot(dx[i, j], dy[i, j])
        near = dist < gap[i, j]  # the overlapping pairs
        i, j, dist = i[near], j[near], dist[near]
        push = gap[i, j] - dist
        if not len(push) or push.max() < 1.0:  # px
            break
        move = np.zeros_like(xy)
        np.add.at(move, i, (xy[i] - xy[j]) / np.maximum(dist, 1e-6)[:, None] * push[:, None] / 2)
        xy += move / 2
    return xy


def _bfs_tree(sub: nx.Graph, roots: list[str], rank: dict[str, tuple]) -> dict[str, list[str]]:
    """Children of each node in a BFS from ``roots``, the highest-ranked neighbour first."""
    children: dict[str, list[str]] = defaultdict(list)
    seen, queue = set(roots), deque(roots)
    while queue:
        u = queue.popleft()
        for v in sorted(sub[u], key=rank.__getitem__):
            if v not in seen:
                seen.add(v)
                children[u].append(v)
                queue.append(v)
    return children


def _hub_layout(sub: nx.Graph) -> dict[str, tuple[float, float]]:
    """Big component: the best-connected nodes laid out by force, the rest packed around them.

    Each remaining node belongs to the core node that reaches it first in a BFS (its territory); the
    core is laid out as the graph of territories, and a node's children fill a sunflower disc around
    it (around a core node) or just beyond it (further out), so hubs read as clusters.
    """
    rank = {n: (-sub.degree(n), n) for n in sub}
    core = sorted(sub, key=rank.__getitem__)[:CORE]
    children = _bfs_tree(sub, core, rank)
    owner = {c: c for c in core}
    queue = deque(core)
    while queue:
        u = queue.popleft()
        for kid in children.get(u, []):
            owner[kid] = owner[u]
            queue.append(kid)
    # Lay out the core as the quotient graph of the territories (connected whenever ``sub`` is), each
    # core node as a disc big enough for its territory.
    between = Counter((min(owner[a], owner[b]), max(owner[a], owner[b])) for a, b in sub.edges()
                      if owner[a] != owner[b])
    quotient = nx.Graph()
    quotient.add_nodes_from(core)
    quotient.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(between.items()))
    territory = Counter(owner.values())
    radius = {c: SATELLITE * (2.5 + 1.2 * math.sqrt(territory[c])) for c in core}
    area = sum(math.pi * r * r for r in radius.values())
    pos = _spring(quotient, 1.2 * math.sqrt(area / math.pi), radius)
    parent = {c: p for p, cs in children.items() for c in cs}
    queue = deque(core)
    while queue:
        u = queue.popleft()
        kids = children.get(u, [])
        if not kids:
            continue
        ux, uy = pos[u]
        if u in parent:  # push the disc outwards, away from the grandparent
            px, py = pos[parent[u]]
            d = math.hypot(ux - px, uy - py) or 1.0
            reach = SATELLITE * (1.5 + math.sqrt(len(kids)))
            cx, cy, hole, turn = ux + (ux - px) / d * reach, uy + (uy - py) / d * reach, 0.0, 0.0
        else:
            cx, cy, hole, turn = ux, uy, 2.5 * SATELLITE, 0.0
        for i, kid in enumerate(kids):
            r = hole + SATELLITE * math.sqrt(i + 0.5)
            pos[kid] = (cx + r * math.cos(turn + i * _GOLDEN), cy + r * math.sin(turn + i * _GOLDEN))
            queue.append(kid)
    return pos


def _radial(sub: nx.Graph, root: str) -> dict[str, tuple[float, float]]:
    """Focus view: ``root`` in the centre, each hop a ring; every subtree gets a sector by its size."""
    rank = {n: (-sub.degree(n), n) for n in sub}
    children = _bfs_tree(sub, [root], rank)
    order = [root]
    for n in order:  # grows while iterating: parents before children
        order.extend(children.get(n, []))
    weight: dict[str, float] = {}  # sqrt of the subtree size: leaves near the centre get room too
    size: dict[str, int] = {}
    for n in reversed(order):
        size[n] = 1 + sum(size[c] for c in children.get(n, []))
        weight[n] = math.sqrt(size[n])
    sector, depth = {root: (0.0, 2 * math.pi)}, {root: 0}
    for n in order:
        lo, hi = sector[n]
        total = sum(weight[c] for c in children.get(n, []))
        for c in children.get(n, []):
            width = (hi - lo) * weight[c] / total
            sector[c], depth[c], lo = (lo, lo + width), depth[n] + 1, lo + width
    per_ring = Counter(depth.values())
    radius = [0.0]
    for d in range(1, max(per_ring) + 1):
        radius.append(max(radius[-1] + RING, per_ring[d] * ARC / (2 * math.pi)))
    angle = {n: sum(sector[n]) / 2 for n in order}
    return {n: (radius[depth[n]] * math.cos(angle[n]), radius[depth[n]] * math.sin(angle[n])) for n in order}


def _landscape(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Turn a component so its long axis lies horizontal (principal axes), then stretch it sideways
    towards ASPECT (by at most STRETCH): labels are wide, and so is the window."""
    if len(pos) < 3:
        return pos
    keys = list(pos)
    xy = np.array([pos[k] for k in keys], dtype=float)
    xy -= xy.mean(axis=0)
    _, vectors = np.linalg.eigh(xy.T @ xy)
    main = vectors[:, 1] * (1.0 if vectors[0, 1] >= 0 else -1.0)  # sign fixed: deterministic
    turned = np.column_stack((xy @ main, xy @ np.array([-main[1], main[0]])))
    width, height = np.ptp(turned, axis=0)
    if height > 0:
        turned[:, 0] *= min(STRETCH, max(1.0, ASPECT * height / max(width, 1e-9)))
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, turned, strict=True)}


def _grid(names: list[str]) -> dict[str, tuple[float, float]]:
    """Isolated entities as a block, rows of about ASPECT times as many as columns, not one long row."""
    cols = max(1, math.ceil(math.sqrt(len(names) * ASPECT / 2)))
    return {n: (i % cols * 3 * SPACING, i // cols * 1.2 * SPACING) for i, n in enumerate(names)}


def _component_layout(simple: nx.Graph, comp: list[str], focus: str | None) -> dict[str, tuple[float, float]]:
    """Positions of one connected component (its nodes sorted): rings around ``focus`` if it holds it, else
    spring, or hubs and satellites when it is big."""
    sub = nx.Graph()  # a subgraph view iterates a set (hash order): build it in sorted order instead
    sub.add_nodes_from(comp)
    sub.add_edges_from(sorted(simple.subgraph(comp).edges()))
    if focus in sub:
        return _radial(sub, focus)
    if len(sub) < SPRING_MAX:
        return _landscape(_spring(sub, SPACING * math.sqrt(len(sub))))
    return _landscape(_hub_layout(sub))


def layout(nxg: nx.MultiDiGraph, *, focus: str | None = None,
           simple: nx.Graph | None = None) -> dict[str, tuple[float, float]]:
    """Deterministic x/y (px) per node: each connected component laid out alone, then shelf-packed
    into a landscape rectangle; isolated entities share one block.

    With ``focus``, the component holding it is drawn as rings around it. ``simple``: ``undirected(nxg)``
    if the caller has it.
    """
    simple = undirected(nxg) if simple is None else simple
    comps = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    lone = [c[0] for c in comps if len(c) == 1 and c[0] != focus]
    boxes = []
    for comp in [c for c in comps if len(c) > 1 or c[0] == focus] + ([lone] if lone else []):
        if comp is lone:  # no edges: a grid, no graph to build
            pos = _grid(lone)
        else:
            pos = _component_layout(simple, comp, focus)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        x0, y0 = min(xs), min(ys)
        boxes.append((pos, x0, y0, max(xs) - x0 + 2 * SPACING, max(ys) - y0 + 2 * SPACING))
    area = sum(w * h for *_, w, h in boxes)
    row_width = max([math.sqrt(ASPECT * area), *(w for *_, w, _ in boxes)]) if boxes else 0.0
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(x + SPACING + px - x0, 1), round(y + SPACING + py - y0, 1))
        x, row_h = x + w, max(row_h, h)
    return out


def _smooth(edge_list: list[tuple[str, str, str, dict]]) -> dict[int, dict[str, Any]]:
    """Curves for parallel edges (the first of a pair stays straight), by edge index."""
    seen: Counter[tuple[str, str]] = Counter()
    out = {}
    for i, (s, o, _, _) in enumerate(edge_list):
        pair = (min(s, o), max(s, o))
        k = seen[pair]
        seen[pair] += 1
        if k:
            turn = "curvedCW" if k % 2 else "curvedCCW"
            out[i] = {"enabled": True, "type": turn, "roundness": 0.2 * ((k + 1) // 2)}
    return out


def node_label(attrs: dict[str, Any], key: str, lang: str = "both") -> str:
    """The label drawn on the canvas: English, Chinese, or both on two lines (Chinese first); each falls
    back to the names the entity has (the page's ``labelFor`` does the same when the reader switches)."""
    name = display_name(attrs, key)
    if lang == "zh":
        return attrs["label_zh"] or name
    if lang == "both":
        names = (attrs["label_zh"], attrs["label_en"] or attrs["label_pinyin"])
        return "\n".join(dict.fromkeys(x for x in names if x)) or name
    return name


def check_label_lang(lang: str) -> str:
    if lang not in LABEL_LANGS:
        raise ConfigError(f"--label-lang must be one of {', '.join(LABEL_LANGS)}, got {lang!r}.")
    return lang


def build_network(nxg: nx.MultiDiGraph, *, label_lang: str = "both",
                  simple: nx.Graph | None = None) -> Network:
    """A pyvis Network holding the vis-network node and edge dicts: positions fixed, physics off.

    ``simple`` is ``undirected(nxg)`` if the caller has it (as in :func:`layout` and :func:`page_info`).
    Nodes carry ``label``, ``group`` (entity type), ``value`` (degree centrality) and ``x``/``y``;
    edges ``label`` and, for parallel edges, a curve. Everything else the page shows lives in
    ``page_info``, outside the vis DataSets, which copy each item on every update.
    """
    simple = undirected(nxg) if simple is None else simple
    pos = layout(nxg, focus=nxg.graph.get("focus"), simple=simple)
    centrality = nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 0.0)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = [
        {"id": n, "label": node_label(a, n, label_lang), "group": a["type"], "value": round(centrality[n], 5),
         "x": pos[n][0], "y": pos[n][1]}
        for n, a in sorted(nxg.nodes(data=True))
    ]
    edge_list = _edge_list(nxg)
    curves = _smooth(edge_list)
    net.edges = []
    for i, (s, o, _, a) in enumerate(edge_list):
        edge = {"id": f"e{i}", "from": s, "to": o, "label": a["label"]}
        if i in curves:
            edge["smooth"] = curves[i]
        net.edges.append(edge)
    net.node_ids = [node["id"] for node in net.nodes]
    net.toggle_physics(False)
    return net


def _edge_list(nxg: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted(nxg.edges(keys=True, data=True), key=lambda e: e[:3])


def page_info(nxg: nx.MultiDiGraph, *, simple: nx.Graph | None = None
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per node (in ``build_network``'s order) and per edge, what tooltips, search and filters use.

    Nodes: ``curie``, names (``en``, ``zh``, ``py``, ``aliases``), ``degree``, ``posts`` (``[title,
    body IRI, first date, last date]``, the dates of kg/careers.py's holdings or '') and ``arts``
    (indices into the article list); edges: ``rel``, ``ev`` (``[article
    index or -1, sentence]``) and ``arts``.
    """
    art_index = {iri: i for i, iri in enumerate(nxg.graph.get("articles", {}))}
    simple = undirected(nxg) if simple is None else simple
    degree = dict(simple.degree())
    nodes = [
        {"curie": curie(n), "en": a["label_en"], "zh": a["label_zh"], "py": a["label_pinyin"],
         "aliases": a["aliases"], "degree": degree[n],
         "posts": [[p["title"], p["body"], p.get("from", ""), p.get("to", "")] for p in a["posts"]],
         "arts": [art_index[art["iri"]] for art in a["articles"] if art["iri"] in art_index]}
        for n, a in sorted(nxg.nodes(data=True))
    ]
    edges = []
    for _, _, key, a in _edge_list(nxg):
        ev = [[art_index.get(e["iri"], -1), e["text"]] for e in a["evidence"]]
        edges.append({"rel": key.split(":", 1)[0], "ev": ev, "arts": sorted({j for j, _ in ev if j >= 0})})
    return nodes, edges


def shape(name: str) -> str:
    """The vis-network shape drawn for a type: shapes that hold their label inside (ellipse, box…)
    ignore the node size, so they become a hexagon and the size can still show centrality."""
    return "hexagon" if name in _LABEL_INSIDE else name


def _options(net: Network, *, big: bool) -> dict[str, Any]:
    opts = json.loads(net.options.to_json())
    opts["physics"] = {
        "enabled": False,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.3},
        "stabilization": {"enabled": False},
    }
    opts["layout"] = {"improvedLayout": False, "randomSeed": SEED}
    opts["groups"] = {t: {"color": e.colour, "shape": shape(e.shape)} for t, e in ENTITY_TYPES.items()}
    opts["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
        "smooth": {"enabled": False},
        "color": {"color": "#a0a0a0", "highlight": "#333333", "hover": "#555555",
                  "opacity": 0.5 if big else 1.0},
        "width": 1,
        "font": {"size": 10, "color": "#666666", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "scaling": {"label": {"enabled": True, "drawThreshold": 12}},  # edge labels only when zoomed in
    }
    opts["nodes"] = {
        "borderWidth": 1,
        "font": {"size": 13, "face": "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif", "color": "#222222",
                 "strokeWidth": 3, "strokeColor": "#ffffff"},
        # Labels grow with degree and are drawn only from LABEL_THRESHOLD px on screen: at the whole-graph
        # zoom only the hubs are named; the rest appear as the reader zooms in (as large-graph viewers do).
        "scaling": {"min": 7, "max": 34, "label": {"enabled": True, "min": LABEL_MIN, "max": LABEL_MAX,
                                                   "drawThreshold": LABEL_THRESHOLD, "maxVisible": 24}},
    }
    opts["interaction"] = {
        "hover": True,
        "tooltipDelay": 150,
        "hideEdgesOnDrag": big,
        "hideEdgesOnZoom": big,
        "dragNodes": True,
        "multiselect": False,
    }
    return opts


def _safe_json(obj: Any) -> Markup:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, ``<!--`` or U+2028)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _JS_ESCAPES.items():  # str.replace, much faster than translate on megabytes
        text = text.replace(char, escape)
    return Markup(text)


def _inline(path: Path, tag: str) -> Markup:
    """An asset's text, made safe to sit inside a ``<script>``/``<style>`` element."""
    return Markup(re.sub(f"</({tag})", r"<\\/\1", path.read_text(encoding="utf-8"), flags=re.I))


def _articles(nxg: nx.MultiDiGraph) -> list[dict[str, Any]]:
    out = []
    for iri, a in nxg.graph.get("articles", {}).items():
        year = int(a["date"][:4]) if re.match(r"\d{4}", a["date"]) else None
        out.append({"iri": iri, "curie": curie(iri), "date": a["date"], "year": year,
                    "en": a.get("title_en", ""), "zh": a.get("title_zh", "")})
    return out


def _induced(nxg: nx.MultiDiGraph, keep: list[str]) -> nx.MultiDiGraph:
    """The entities ``keep`` (in that order) and the relations between them, in ``nxg``'s order (a subgraph
    view would iterate a set, in hash order)."""
    inside = set(keep)
    out = nx.MultiDiGraph()
    out.graph.update(nxg.graph)
    out.add_nodes_from((n, nxg.nodes[n]) for n in keep)
    out.add_edges_from((s, o, k, a) for s, o, k, a in nxg.edges(keys=True, data=True)
                       if s in inside and o in inside)
    return out


def render(nxg: nx.MultiDiGraph, *, title: str = "kg", label_lang: str = "both",
           view_limit: int = DEFAULT_VIEW_LIMIT) -> tuple[str, ViewStats]:
    """The page's HTML for ``nxg`` and what it draws; node labels in ``label_lang`` (en, zh or both).

    Above ``view_limit`` entities (0: no limit) it draws those kg.view_limit chooses and lists the rest
    for the page's search."""
    whole = undirected(nxg)  # one for the layout, the sizes and the degrees
    cap = view_cap(nxg, whole, check_view_limit(view_limit), focus=nxg.graph.get("focus"))
    drawn, simple = nxg, whole
    if cap is not None:
        drawn = _induced(nxg, cap[0])
        simple = undirected(drawn)
    net = build_network(drawn, label_lang=check_label_lang(label_lang), simple=simple)
    node_info, edge_info = page_info(drawn, simple=whole)  # degrees in the whole graph
    counts = Counter(t for _, t in drawn.nodes(data="type"))
    articles = _articles(nxg)
    dates = sorted(a["date"] for a in articles if a["date"])
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "nodeInfo": node_info,
        "edgeInfo": edge_info,
        "big": len(net.nodes) >= BIG,
        "articles": articles,
        "types": {t: {"label": e.label, "colour": e.colour} for t, e in ENTITY_TYPES.items()},
        "options": _options(net, big=len(net.nodes) >= BIG),
        "focus": nxg.graph.get("focus"),
        "labelLang": label_lang,
    }
    if cap is not None:
        data["undrawn"] = cap[1]
        # the graph file the page's hint names in its `kg view FILE --focus` command (a build's: graph.ttl)
        data["source"] = nxg.graph.get("source", "graph.ttl")
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    html = env.from_string((TEMPLATES / "view.html").read_text(encoding="utf-8")).render(
        title=title,
        legend=[(e, shape(e.shape), counts[t]) for t, e in ENTITY_TYPES.items() if counts[t]],
        n_nodes=len(net.nodes),
        n_edges=len(net.edges),
        n_all_nodes=len(nxg),
        n_all_edges=nxg.number_of_edges(),
        undrawn_js=_inline(TEMPLATES / "view_undrawn.js", "script") if cap else None,
        n_articles=len(articles),
        dates=f"{dates[0]} – {dates[-1]}" if dates else "",
        vis_css=_inline(VIS_DIR / "vis-network.css", "style"),
        vis_js=_inline(VIS_DIR / "vis-network.min.js", "script"),
        view_css=_inline(TEMPLATES / "view.css", "style"),
        view_js=_inline(TEMPLATES / "view.js", "script"),
        data_json=_safe_json(data),
    )
    return html, ViewStats(nodes=len(net.nodes), edges=len(net.edges), total=len(nxg))


def write_view(nxg: nx.MultiDiGraph, path: str | Path, *, title: str = "kg", label_lang: str = "both",
               view_limit: int = DEFAULT_VIEW_LIMIT) -> ViewStats:
    """Write the view of a networkx entity graph (e.g. one entity's neighbourhood) to ``path``, atomically."""
    html, stats = render(nxg, title=title, label_lang=label_lang, view_limit=view_limit)
    atomic_write(path, clean_text(html).encode("utf-8"))  # lone surrogates -> U+FFFD, as in the RDF exports
    return stats


def write_build_view(quads: list[Quad], out: IO[bytes], *, title: str = "kg", label_lang: str = "both",
                     view_limit: int = DEFAULT_VIEW_LIMIT) -> None:
    """The view of a build's quads (:func:`kg.graph.graph_quads`) written to the binary file ``out``."""
    nxg = to_networkx(entity_graph(quads))
    html, _ = render(nxg, title=title, label_lang=label_lang, view_limit=view_limit)
    out.write(clean_text(html).encode("utf-8"))


def write_html(graph: Graph, path: str | Path, *, title: str = "kg", label_lang: str = "both",
               view_limit: int = DEFAULT_VIEW_LIMIT) -> ViewStats:
    """Write an offline, deterministic HTML view of ``graph`` to ``path``; return what was drawn."""
    return write_view(to_networkx(graph), path, title=title, label_lang=label_lang, view_limit=view_limit)
