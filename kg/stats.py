"""Graph analysis stage: the RDF graph as a networkx graph of entities, and the measures on it.

``to_networkx`` turns the RDF graph into a ``networkx.MultiDiGraph`` of entities (nodes keyed by
IRI) and their relations (edges, with the evidence sentences and source articles of each);
``kg.viz`` draws it and ``summarize`` measures it for ``kg stats``: counts per type, the most
central actors (degree and betweenness centrality) and communities (Louvain, fixed seed), each
named by its most central members. ``find_entity`` and ``neighbourhood`` serve ``kg view --focus``.
Everything is deterministic: nodes and edges are added in sorted order and seeds are fixed.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.errors import ConfigError
from kg.namespace import KG, ORG, PREFIXES, TIME
from kg.ntriples import Quad, from_rdflib, parse_literal
from kg.ntriples import iri as nt_iri
from kg.types import ACTOR_TYPES, ENTITY_TYPES, RELATIONS

SEED = 42
EXACT_BETWEENNESS = 2500  # above this many nodes betweenness is estimated from a fixed sample of sources
BETWEENNESS_SAMPLES = 400
# Structural links that are not extracted relations but help to read the graph.
STRUCTURAL = (("withinDivision", KG.withinDivision), ("broader", SKOS.broader))
_NAME_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
_NAMES = tuple(nt_iri(p) for p in _NAME_PREDICATES)  # as the TripleIndex's keys


# The terms the view's lookups use, as N-Triples text (the TripleIndex's keys).
_TYPE, _LABEL, _ARTICLE, _STATEMENT = (nt_iri(t) for t in (RDF.type, RDFS.label, KG.Article, KG.Statement))
_DATE, _TITLE = nt_iri(DCTERMS.date), nt_iri(DCTERMS.title)
_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = (nt_iri(t) for t in (RDF.subject, RDF.predicate, RDF.object))
_EVIDENCE_TEXT, _DERIVED_FROM, _MENTIONED_IN = (nt_iri(t) for t in (KG.evidenceText, PROV.wasDerivedFrom,
                                                                     KG.mentionedIn))
_HOLDS, _POST_IN, _POST = nt_iri(ORG.holds), nt_iri(ORG.postIn), nt_iri(KG.post)
_MEMBER, _MEMBER_DURING = nt_iri(ORG.member), nt_iri(ORG.memberDuring)
_BEGINNING, _END, _IN_XSD_DATE = nt_iri(TIME.hasBeginning), nt_iri(TIME.hasEnd), nt_iri(TIME.inXSDDate)


class UnknownEntityError(ConfigError):
    """``--focus`` names no entity of the graph (or several); ``matches`` lists the candidates."""

    def __init__(self, message: str, query: str, matches: list[str]) -> None:
        self.query = query
        self.matches = matches
        super().__init__(message)


def _union(graph: Graph) -> Graph:
    """A view answering triple patterns over every graph of a Dataset (no copy), or ``graph`` itself."""
    if isinstance(graph, Dataset) and not graph.default_union:
        return Dataset(store=graph.store, default_union=True)
    return graph


@functools.lru_cache(maxsize=1 << 16)
def _literal(term: str) -> tuple[str, str]:
    """An N-Triples literal's text and its language tag in lower case ('' when it has none)."""
    text, lang, _ = parse_literal(term)
    return text, (lang or "").lower()


def _text(term: str) -> str:
    """What ``str`` gives of the rdflib term: an IRI's text, a literal's lexical form, a blank node's id."""
    if term[0] == '"':
        return _literal(term)[0]
    return term[1:-1] if term[0] == "<" else term[2:]


def _label(g: TripleIndex, node: str, lang: str, pred: str = _LABEL) -> str:
    """Smallest ``pred`` literal of language ``lang`` ('' = untagged; 'zh' excludes pinyin)."""
    found = []
    for lit in g.objects(node, pred):
        if lit[0] != '"':
            continue
        text, tag = _literal(lit)
        if tag == lang or (lang == "zh" and tag.startswith("zh-") and tag != "zh-latn-pinyin"):
            found.append(text)
    return min(found) if found else ""


def _labels(g: TripleIndex, node: str) -> dict[str, str]:
    """:func:`_label` of ``node`` in en, zh, zh-latn-pinyin and untagged, its labels read once."""
    found: dict[str, list[str]] = {"en": [], "zh": [], "zh-latn-pinyin": [], "": []}
    for lit in g.objects(node, _LABEL):
        if lit[0] != '"':
            continue
        text, tag = _literal(lit)
        if tag in found:
            found[tag].append(text)
        if tag.startswith("zh-") and tag != "zh-latn-pinyin":
            found["zh"].append(text)
    return {lang: min(texts) if texts else "" for lang, texts in found.items()}


def _article(g: TripleIndex, art: str) -> dict[str, str]:
    date = g.value(art, _DATE)
    return {
        "iri": _text(art),
        "date": _text(date) if date is not None else "",
        "title_en": _label(g, art, "en", _TITLE) or _label(g, art, "", _TITLE),
        "title_zh": _label(g, art, "zh", _TITLE),
    }


def _evidence(g: TripleIndex, articles: dict[str, dict[str, str]]) -> dict[tuple[str, str, str], list[dict]]:
    """``(s, p, o) -> [{text, iri, date, title_en, title_zh}]`` from kg:Statement nodes."""
    index: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for st in g.subjects(_TYPE, _STATEMENT):
        parts = (g.value(st, _RDF_SUBJECT), g.value(st, _RDF_PREDICATE), g.value(st, _RDF_OBJECT))
        key = tuple(_text(t) if t is not None else "None" for t in parts)
        texts = sorted(_text(t) for t in g.objects(st, _EVIDENCE_TEXT)) or [""]
        for art in sorted(g.objects(st, _DERIVED_FROM), key=_text) or [None]:
            if art is not None and _text(art) not in articles:
                articles[_text(art)] = _article(g, art)
            meta = articles[_text(art)] if art is not None else {"iri": "", "date": ""}
            index[key].extend({**meta, "text": t} for t in texts)
    for items in index.values():
        items.sort(key=lambda e: (e["date"], e["iri"], e["text"]))
    return index


def _entity_types(g: TripleIndex) -> dict[str, str]:
    types: dict[str, str] = {}
    for cls in ENTITY_TYPES:  # first type in table order wins, so the choice is deterministic
        for s in g.subjects(_TYPE, nt_iri(KG[cls])):
            if s[0] == "<":
                types.setdefault(s[1:-1], cls)
    return types


@functools.cache
def _read_by_to_networkx() -> tuple[frozenset[str], frozenset[str]]:
    """The predicates ``to_networkx`` reads, and the ``rdf:type`` objects it asks for (N-Triples IRIs)."""
    preds = {*(KG[r] for r in RELATIONS), *(p for _, p in STRUCTURAL), *_NAME_PREDICATES, ORG.holds,
             ORG.postIn, KG.mentionedIn, DCTERMS.date, DCTERMS.title, RDF.subject, RDF.predicate,
             RDF.object, KG.evidenceText, PROV.wasDerivedFrom,
             ORG.member, KG.post, ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd, TIME.inXSDDate}  # careers
    classes = {*(KG[c] for c in ENTITY_TYPES), KG.Article, KG.Statement}
    return frozenset(nt_iri(p) for p in preds), frozenset(nt_iri(c) for c in classes)


class TripleIndex:
    """The triple-pattern lookups :func:`to_networkx` makes, answered from dicts, on N-Triples text.

    It answers ``objects``, ``subjects``, ``subject_objects`` and ``value`` like an rdflib Graph, with
    every term (IRI ``'<…>'``, literal, blank node ``'_:…'``) as its N-Triples text (:mod:`kg.ntriples`):
    strings hash and compare in C, where rdflib's terms call Python for each.
    """

    def __init__(self, triples: Iterable[tuple[str, str, str]]) -> None:
        self._sp: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._p: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._po: dict[str, dict[str, list[str]]] = {}  # by predicate, made when first asked for
        for s, p, o in dict.fromkeys(triples):  # each triple once, first-seen order
            self._sp[(s, p)].append(o)
            self._p[p].append((s, o))

    def __len__(self) -> int:
        return sum(len(pairs) for pairs in self._p.values())

    def objects(self, subject: str, predicate: str) -> Iterator[str]:
        return iter(self._sp.get((subject, predicate), ()))

    def subjects(self, predicate: str, obj: str) -> Iterator[str]:
        by_object = self._po.get(predicate)
        if by_object is None:  # only a few predicates are asked for: index those
            by_object = self._po[predicate] = defaultdict(list)
            for s, o in self._p.get(predicate, ()):
                by_object[o].append(s)
        return iter(by_object.get(obj, ()))

    def subject_objects(self, predicate: str) -> Iterator[tuple[str, str]]:
        return iter(self._p.get(predicate, ()))

    def value(self, subject: str, predicate: str) -> str | None:
        found = self._sp.get((subject, predicate))
        return found[0] if found else None


def entity_graph(quads: Iterable[Quad]) -> TripleIndex:
    """Just the triples :func:`to_networkx` reads, all graphs merged, indexed for its lookups.

    For a build's quads (:func:`kg.graph.graph_quads`) this leaves out the bodies, spans, selectors and
    mention annotations: a fraction of the dataset, so the view of a month is quick to draw.
    """
    preds, classes = _read_by_to_networkx()
    return TripleIndex((s, p, o) for _, s, p, o in quads if p in preds or (p == _TYPE and o in classes))


def _nt(term: Any) -> str:
    """An rdflib term as N-Triples text (an IRI as it is: ``str`` of the IRI is what the view shows)."""
    if isinstance(term, Literal):
        return from_rdflib(term)
    return f"<{term}>" if isinstance(term, URIRef) else f"_:{term}"


def _from_rdflib(graph: Graph) -> TripleIndex:
    """:func:`entity_graph` of an rdflib Graph or Dataset (every graph of a Dataset merged)."""
    g = _union(graph)
    preds, classes = _read_by_to_networkx()
    rdf_type = RDF.type
    triples = []
    for pred in sorted(preds):
        p = URIRef(pred[1:-1])
        triples += [(_nt(s), pred, _nt(o)) for s, o in g.subject_objects(p)]
    for cls in sorted(classes):
        triples += [(_nt(s), _TYPE, cls) for s in g.subjects(rdf_type, URIRef(cls[1:-1]))]
    return TripleIndex(triples)


def to_networkx(graph: Graph | TripleIndex) -> nx.MultiDiGraph:
    """Entities as nodes (keyed by IRI, with type, labels, aliases, posts, articles), relations as edges.

    Edge keys are the relation's local name (``holds:<post IRI>`` for posts); edge attrs are
    ``predicate`` (IRI), ``label``, ``evidence`` (list of dicts) and, for posts, ``post``.
    ``graph.graph["articles"]`` maps each article IRI to its date and titles.
    """
    g = graph if isinstance(graph, TripleIndex) else _from_rdflib(graph)
    types = _entity_types(g)
    articles = {_text(a): _article(g, a) for a in g.subjects(_TYPE, _ARTICLE)}
    evidence = _evidence(g, articles)
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for rel in RELATIONS:
        pred = str(KG[rel])
        for s, o in g.subject_objects(f"<{pred}>"):
            if _text(s) in types and _text(o) in types:
                ev = evidence.get((_text(s), pred, _text(o)), [])
                edges[(_text(s), _text(o), rel)] = {"predicate": pred, "label": rel, "evidence": ev}
    related = {(s, o) for s, o, _ in edges}
    for rel, pred in STRUCTURAL:  # skip a hierarchy link that an extracted relation already draws
        for s, o in g.subject_objects(nt_iri(pred)):
            if _text(s) in types and _text(o) in types and (_text(s), _text(o)) not in related:
                edges[(_text(s), _text(o), rel)] = {"predicate": str(pred), "label": rel, "evidence": []}
    out = nx.MultiDiGraph()
    holds = _HOLDS[1:-1]
    for iri in sorted(types):
        node = f"<{iri}>"
        posts = []
        for post in sorted(g.objects(node, _HOLDS), key=_text):
            title = _label(g, post, "en") or _label(g, post, "zh") or _label(g, post, "") or "holds"
            body = g.value(post, _POST_IN)
            posts.append({"iri": _text(post), "title": title, "body": _text(body) if body else "",
                          **_held(g, node, post)})
            if body is not None and _text(body) in types:
                ev = evidence.get((iri, holds, _text(post)), [])
                attrs = {"predicate": holds, "label": title, "evidence": ev, "post": _text(post)}
                edges[(iri, _text(body), f"holds:{_text(post)}")] = attrs
        mentioned = [_text(a) for a in g.objects(node, _MENTIONED_IN)]
        for art, text in zip(g.objects(node, _MENTIONED_IN), mentioned, strict=True):
            if text not in articles:
                articles[text] = _article(g, art)
        labels = _labels(g, node)
        shown = {labels["en"] or labels[""], labels["zh"], labels["zh-latn-pinyin"]}
        names = {_literal(n)[0] for p in _NAMES for n in g.objects(node, p) if n[0] == '"'}
        out.add_node(
            iri,
            type=types[iri],
            label_en=labels["en"] or labels[""],
            label_zh=labels["zh"],
            label_pinyin=labels["zh-latn-pinyin"],
            aliases=sorted(names - shown),
            posts=posts,
            articles=sorted(set(mentioned)),
        )
    for (s, o, key), attrs in sorted(edges.items()):
        out.add_edge(s, o, key=key, **attrs)
    _add_edge_articles(out)
    order = {a: i for i, a in enumerate(sorted(articles, key=lambda a: (articles[a]["date"], a)))}
    out.graph["articles"] = {a: articles[a] for a in sorted(order, key=order.__getitem__)}
    for _, attrs in out.nodes(data=True):  # article dicts, oldest first
        attrs["articles"] = [articles[a] for a in sorted(attrs["articles"], key=order.__getitem__)]
    return out


def _held(g: TripleIndex, person: str, post: str) -> dict[str, str]:
    """First and last article dates attesting ``person``'s holding of ``post`` (kg/careers.py), or {}."""
    for membership in g.subjects(_MEMBER, person):
        if post in set(g.objects(membership, _POST)):
            during = g.value(membership, _MEMBER_DURING)
            dates = {}
            for key, pred in (("from", _BEGINNING), ("to", _END)):
                instant = g.value(during, pred) if during is not None else None
                date = g.value(instant, _IN_XSD_DATE) if instant is not None else None
                if date is not None:
                    dates[key] = _text(date)
            return dates
    return {}


def _add_edge_articles(nxg: nx.MultiDiGraph) -> None:
    """An entity also appears in every article that states one of its relations."""
    arts: dict[str, set[str]] = {n: set(a) for n, a in nxg.nodes(data="articles")}
    for s, o, evidence in nxg.edges(data="evidence"):
        stated = {e["iri"] for e in evidence if e["iri"]}
        arts[s] |= stated
        arts[o] |= stated
    for n, found in arts.items():
        nxg.nodes[n]["articles"] = sorted(found)


def display_name(attrs: dict[str, Any], key: str = "") -> str:
    """English label, else Chinese, else pinyin, else the IRI's last segment."""
    return attrs["label_en"] or attrs["label_zh"] or attrs["label_pinyin"] or key.rsplit("/", 1)[-1]


def curie(iri: str) -> str:
    """``city:taiyuan`` for a kg IRI (longest matching namespace), else the IRI itself."""
    spaces = _by_namespace()
    if spaces is None:  # some namespace does not end with '/' or '#': try each, longest first
        best = next(((p, ns) for p, ns in _longest_first() if iri.startswith(ns)), None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else iri
    cut = len(iri)  # the IRI cut after each '/' or '#' from the right: the longest namespace first
    while (cut := max(iri.rfind("/", 0, cut), iri.rfind("#", 0, cut))) >= 0:
        prefix = spaces.get(iri[:cut + 1])
        if prefix is not None:
            return f"{prefix}:{iri[cut + 1:]}"
    return iri


@functools.cache
def _longest_first() -> tuple[tuple[str, str], ...]:
    """PREFIXES as (prefix, namespace text), longest namespace first (a stable sort: the first prefix of
    the longest match wins, as ``max`` chose)."""
    return tuple(sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: -len(x[1])))


@functools.cache
def _by_namespace() -> dict[str, str] | None:
    """Namespace -> the prefix :func:`curie` gives it, or None unless every namespace ends with '/' or '#'."""
    found: dict[str, str] = {}
    for prefix, ns in _longest_first():
        if not ns.endswith(("/", "#")):
            return None
        found.setdefault(ns, prefix)
    return found


def fold(text: str) -> str:
    """Search key: no diacritics, lower case, no spaces or hyphens ('Sūn Yīng' -> 'sunying')."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "".join(c for c in bare if not (c.isspace() or c in "-'’·."))


def undirected(nxg: nx.MultiDiGraph) -> nx.Graph:
    """Simple undirected graph, edge ``weight`` = number of relations between the pair (sorted order)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nxg))
    weights = Counter((min(s, o), max(s, o)) for s, o in nxg.edges() if s != o)
    simple.add_weighted_edges_from((s, o, w) for (s, o), w in sorted(weights.items()))
    return simple


@dataclass(frozen=True)
class Central:
    iri: str
    name: str
    type: str
    degree: int  # distinct neighbours
    degree_centrality: float
    betweenness: float


@dataclass(frozen=True)
class Community:
    size: int
    name: str  # its three most central members
    types: dict[str, int]
    members: list[str]  # IRIs, most central first


@dataclass
class GraphStats:
    """What ``kg stats`` reports."""

    entities: int
    relations: int
    articles: int
    first_date: str
    last_date: str
    types: dict[str, int]
    central: list[Central] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    singletons: int = 0
    modularity: float = 0.0
    betweenness_samples: int | None = None  # None = exact

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def betweenness(simple: nx.Graph) -> tuple[dict[str, float], int | None]:
    """Betweenness centrality, exact up to EXACT_BETWEENNESS nodes, else from a fixed-seed sample."""
    if len(simple) <= EXACT_BETWEENNESS:
        return nx.betweenness_centrality(simple), None
    k = BETWEENNESS_SAMPLES
    return nx.betweenness_centrality(simple, k=k, seed=SEED), k


def communities(simple: nx.Graph, rank: dict[str, tuple]) -> list[list[str]]:
    """Louvain communities (fixed seed), each ordered by ``rank``, largest first."""
    if simple.number_of_edges() == 0:
        return [[n] for n in sorted(simple)]
    found = nx.community.louvain_communities(simple, weight="weight", seed=SEED)
    ordered = [sorted(c, key=lambda n: rank[n]) for c in found]
    return sorted(ordered, key=lambda c: (-len(c), rank[c[0]]))


def summarize(nxg: nx.MultiDiGraph, *, top: int = 10, types: frozenset[str] = ACTOR_TYPES,
              by: str = "degree") -> GraphStats:
    """Counts per type, the ``top`` most central entities of ``types`` ranked ``by`` degree or betweenness,
    and the communities."""
    simple = undirected(nxg)
    between, samples = betweenness(simple)
    degree_c = nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 0.0)
    rank = {n: (-simple.degree(n), -between[n], display_name(nxg.nodes[n], n), n) for n in simple}
    counts = Counter(t for _, t in nxg.nodes(data="type"))
    dates = sorted(a["date"] for a in nxg.graph.get("articles", {}).values() if a["date"])
    stats = GraphStats(
        entities=len(nxg),
        relations=nxg.number_of_edges(),
        articles=len(nxg.graph.get("articles", {})),
        first_date=dates[0] if dates else "",
        last_date=dates[-1] if dates else "",
        types={t: counts[t] for t in ENTITY_TYPES if counts[t]},
        betweenness_samples=samples,
    )
    order = rank if by == "degree" else {n: (-between[n], *r) for n, r in rank.items()}
    for n in sorted((n for n in simple if nxg.nodes[n]["type"] in types), key=order.__getitem__)[:top]:
        a = nxg.nodes[n]
        stats.central.append(Central(n, display_name(a, n), a["type"], simple.degree(n),
                                     round(degree_c[n], 4), round(between[n], 4)))
    parts = communities(simple, rank)
    if simple.number_of_edges():
        stats.modularity = round(nx.community.modularity(simple, parts, weight="weight"), 4)
    for members in parts:
        if len(members) == 1:
            stats.singletons += 1
            continue
        kinds = Counter(nxg.nodes[m]["type"] for m in members)
        name = " / ".join(display_name(nxg.nodes[m], m) for m in members[:3])
        kinds_ordered = {t: kinds[t] for t in ENTITY_TYPES if kinds[t]}
        stats.communities.append(Community(len(members), name, kinds_ordered, members))
    return stats


def _names(nxg: nx.MultiDiGraph, n: str) -> list[str]:
    a = nxg.nodes[n]
    return [x for x in (a["label_en"], a["label_zh"], a["label_pinyin"], *a["aliases"]) if x]


def describe(nxg: nx.MultiDiGraph, n: str) -> str:
    """'Taiyuan (city:taiyuan, City)'."""
    return f"{display_name(nxg.nodes[n], n)} ({curie(n)}, {nxg.nodes[n]['type']})"


def find_entity(nxg: nx.MultiDiGraph, query: str) -> str:
    """The IRI of the entity named by an IRI, a prefixed IRI (``city:taiyuan``) or any of its labels."""
    query = query.strip()
    prefix, _, local = query.partition(":")
    expanded = f"{PREFIXES[prefix]}{local}" if prefix in PREFIXES and not local.startswith("//") else query
    for candidate in (query, expanded):
        if candidate in nxg:
            return candidate
    key = fold(query)
    by_name: dict[str, set[str]] = defaultdict(set)
    for n in nxg:
        for name in _names(nxg, n):
            by_name[fold(name)].add(n)
    exact = sorted(by_name.get(key, ()))
    if len(exact) == 1:
        return exact[0]
    if exact:
        listed = "; ".join(describe(nxg, n) for n in exact)
        raise UnknownEntityError(f"{query!r} names {len(exact)} entities: {listed}. Give the IRI instead, "
                                 f"e.g. --focus {curie(exact[0])}", query, exact)
    close = difflib.get_close_matches(key, sorted(by_name), n=8, cutoff=0.6)
    hits = list(dict.fromkeys(n for c in close for n in sorted(by_name[c])))
    hits += [n for k in sorted(by_name) if key and key in k for n in sorted(by_name[k]) if n not in hits]
    hint = "; ".join(describe(nxg, n) for n in hits[:5])
    where = f" Close matches: {hint}." if hint else " Run 'kg stats' to list the central entities."
    message = f"No entity {query!r} in the graph ({len(nxg)} entities).{where}"
    raise UnknownEntityError(message, query, hits[:5])


def neighbourhood(nxg: nx.MultiDiGraph, iri: str, *, hops: int = 1) -> nx.MultiDiGraph:
    """The entities within ``hops`` relations of ``iri`` (either direction) and the relations among them."""
    if hops < 0:
        raise ConfigError(f"--hops must be 0 or more, got {hops}")
    keep = nx.single_source_shortest_path_length(nxg.to_undirected(as_view=True), iri, cutoff=hops)
    sub = nxg.subgraph(sorted(keep)).copy()
    used = {art["iri"] for _, arts in sub.nodes(data="articles") for art in arts}
    sub.graph["articles"] = {k: v for k, v in nxg.graph.get("articles", {}).items() if k in used}
    sub.graph["focus"] = iri
    return sub
