"""Which entities a large view draws, and the compact list of the others that the page's search reads.

A month of the archive has about 10,000 entities, 6,000 of them with no relation; no reader takes that in
a browser. Above ``limit`` entities the view (kg.viz) draws only:

- every entity type's best-connected entities (a share of the limit each: ``limit // (4 * types)``, at
  least one), so the legend's filters all have something to show;
- then, for the rest of the limit, the best-connected entities: the hubs first, then the connected core
  (at equal degree, bigger components first, a component's entities together), then those mentioned in
  more articles;
- the relations between two drawn entities.

The rest are not drawn but stay findable: :func:`view_cap` lists each one's IRI in short form, degree and
names, which the page's search (``kg/templates/view_undrawn.js``) matches as it matches drawn entities.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError

if TYPE_CHECKING:  # networkx and kg.stats are imported where a view is made (kg build imports this early)
    import networkx as nx

__all__ = ["DEFAULT_VIEW_LIMIT", "check_view_limit", "view_cap"]

DEFAULT_VIEW_LIMIT = 2000  # entities: about what vis-network draws in a second here, and a reader can scan


def check_view_limit(limit: int) -> int:
    """``limit`` if it is a count of entities (0 draws every entity), else a ConfigError."""
    if limit < 0:
        raise ConfigError(f"--view-limit must be 0 (draw every entity) or a number of entities, got {limit}.")
    return limit


def _rank(nxg: nx.MultiDiGraph, simple: nx.Graph) -> list[str]:
    """Entities best first: degree, then the size of their component (its entities together), then the
    number of articles that mention them, then IRI."""
    import networkx as nx

    comps = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    where = {n: (-len(c), i) for i, c in enumerate(comps) for n in c}
    degree = dict(simple.degree())
    return sorted(simple, key=lambda n: (-degree[n], *where[n], -len(nxg.nodes[n]["articles"]), n))


def view_cap(nxg: nx.MultiDiGraph, simple: nx.Graph, limit: int, *, focus: str | None = None
             ) -> tuple[list[str], dict[str, list[list[Any]]]] | None:
    """What a view of ``nxg`` under ``limit`` draws (entities, sorted) and lists undrawn (:func:`_undrawn`);
    None when it draws every entity (``limit`` 0, or no more entities than that). ``simple`` is
    ``kg.stats.undirected(nxg)``; ``focus`` (``kg view --focus``) is always drawn."""
    if not limit or len(nxg) <= limit:
        return None
    ranked = _rank(nxg, simple)
    by_type: dict[str, list[str]] = defaultdict(list)
    for n in ranked:
        by_type[nxg.nodes[n]["type"]].append(n)
    share = max(1, limit // (4 * len(by_type)))
    # The types whose best entity ranks higher reserve first (that matters if limit < the number of types).
    position = {n: i for i, n in enumerate(ranked)}
    best_first = sorted(by_type.values(), key=lambda ns: position[ns[0]])
    keep = dict.fromkeys(([focus] if focus in nxg else []) + [n for ns in best_first for n in ns[:share]])
    keep = dict.fromkeys(list(keep)[:limit])
    for n in ranked:
        if len(keep) >= limit:
            break
        keep[n] = None
    return sorted(keep), _undrawn(nxg, simple, ranked, keep)


def _undrawn(nxg: nx.MultiDiGraph, simple: nx.Graph, ranked: list[str], drawn: dict[str, None]
             ) -> dict[str, list[list[Any]]]:
    """By entity type, the entities not ``drawn``, best first: ``[short IRI, degree, names…]`` (the name the
    view shows first, then Chinese, pinyin and other names, each once)."""
    from kg.stats import curie, display_name

    degree = dict(simple.degree())
    out: dict[str, list[list[Any]]] = defaultdict(list)
    for n in ranked:
        if n in drawn:
            continue
        a = nxg.nodes[n]
        names = (display_name(a, n), a["label_zh"], a["label_pinyin"], *a["aliases"])
        out[a["type"]].append([curie(n), degree[n], *dict.fromkeys(x for x in names if x)])
    return dict(sorted(out.items()))
