"""The graph stage: ArticleResults -> the quads of one RDF dataset under the kg ontology.

Layout (see ontology/README.md): every quad is in a named graph, none in the default graph, so that
stores whose default graph is the union of the named graphs (Jena, Fuseki, GraphDB) see everything:

- **graph:entities**: entity descriptions merged across articles (``kgr:<slug>/<key>``) and the parent
  divisions they lead to;
- **scheme:mechanisms** (the graph is named by the scheme): the policy mechanism concept scheme (kg/skos.py);
- **graph:build**: the indicator ``qb:DataSet`` and the build's PROV-O record (a ``prov:Activity``
  associated with the kg version as a ``prov:SoftwareAgent``);
- **graph:index** (added by kg/index.py after the careers): VoID counts and name keys for the named queries;
- **one named graph per article** (its IRI is the article's): the article's metadata and bodies, the
  relations and posts it states, a reified ``kg:Statement`` per fact (evidence sentence, offsets,
  ``prov:wasDerivedFrom`` the article, ``prov:wasGeneratedBy`` the build), the figures it reports as
  ``qb:Observation``s, and one W3C Web Annotation per entity mention.

Every text position is an ``oa:SpecificResource`` on the article with an ``oa:TextPositionSelector``
(character offsets into the body in ``dc:language``) and an ``oa:TextQuoteSelector`` (the exact text).
No blank nodes: spans, selectors, mentions and observations get IRIs from (article, language, offsets).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, datetime
from operator import itemgetter

from pypinyin import Style
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib import namespace as rns

from kg import __version__, lexicon
from kg import namespace as kns
from kg.gazetteer import load_gazetteer
from kg.identity import merge_named_twice
from kg.lexicon import slug
from kg.namespace import ALL_PREFIXES, KGR, SDMX_MEASURE, WD
from kg.ntriples import Quad, export_order, from_rdflib, graph_order, iri, literal, to_rdflib
from kg.records import ArticleResult, Entity, Evidence, Mention, Observation, Relation
from kg.skos import SCHEME, concept_iri, to_scheme_graph
from kg.types import ENTITY_TYPES


class _Terms:
    """A namespace whose terms are made once (rdflib's make a new URIRef on every access)."""

    def __init__(self, ns: Namespace) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = self._ns[name]
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)


DC, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD = (
    _Terms(n) for n in (rns.DC, rns.DCTERMS, rns.OWL, rns.PROV, rns.RDF, rns.RDFS, rns.SKOS, rns.XSD))
GEO, KG, OA, ORG, QB, SCHEMA = (_Terms(n) for n in (kns.GEO, kns.KG, kns.OA, kns.ORG, kns.QB, kns.SCHEMA))
PUBLISHER = "People's Daily"
INDICATORS = KGR["dataset/indicators"]
ENTITIES_GRAPH = KGR["graph/entities"]  # the merged entity descriptions
BUILD_GRAPH = KGR["graph/build"]  # the build's PROV-O record and the indicator dataset
_KGR = str(KGR)
_OBJECT = itemgetter(3)
THIS_BUILD = URIRef("urn:kg:this-build")  # the build activity in an article's quads, until merged
_NNI = "^^nonNegativeInteger"  # key of ``^^<xsd:nonNegativeInteger>`` in :func:`_nt`


def _kgr(path: str) -> URIRef:
    """``KGR[path]`` without rdflib's namespace lookup (the graph stage makes hundreds of thousands)."""
    return URIRef(_KGR + path)


def entity_iri(ref: tuple[str, str]) -> URIRef:
    """Stable IRI of an entity from its (type, key)."""
    type_, key = ref
    return _kgr(f"{ENTITY_TYPES[type_].slug}/{key}")


def article_iri(article_id: str) -> URIRef:
    return _kgr(f"article/{article_id}")


def post_iri(title: str, body: tuple[str, str] | None) -> URIRef:
    prefix = f"{ENTITY_TYPES[body[0]].slug}.{body[1]}--" if body else ""
    return KGR[f"post/{prefix}{slug(title)}"]


def span_key(article_id: str, lang: str, start: int, end: int) -> str:
    """'000_837b635841432b38.en.35-290': the stable key of a text span."""
    return f"{article_id}.{lang}.{start}-{end}"


def span_iri(article_id: str, lang: str, start: int, end: int) -> URIRef:
    return KGR[f"span/{span_key(article_id, lang, start, end)}"]


def software_iri() -> URIRef:
    return KGR[f"software/kg-{__version__}"]


_CONVERTER = UltimateConverter(v_to_u=False, neutral_tone_with_five=False)  # what pypinyin.pinyin() makes
_PINYIN = Pinyin(_CONVERTER)  # ... on every call, with its default segmenter


def to_pinyin(text: str, *, person: bool = False) -> str:
    """'太原' -> 'Tàiyuán'; persons keep the surname apart: '李明' -> 'Lǐ Míng'.

    ``pypinyin.pinyin(text, style=Style.TONE, errors="ignore")``, first readings: the text segmented as it
    does, then each word converted as it does, once per word (names share most of theirs: 省, 委员会).
    """
    syllables = [s for word in _PINYIN.seg(text) for s in _word_pinyin(word)]
    if not syllables:
        return ""
    if person and len(syllables) > 1:
        return syllables[0].capitalize() + " " + "".join(syllables[1:]).capitalize()
    return "".join(syllables).capitalize()


@functools.lru_cache(maxsize=1 << 14)
def _word_pinyin(word: str) -> tuple[str, ...]:
    return tuple(s[0] for s in _CONVERTER.convert(word, Style.TONE, False, "ignore", True))


def build_time(results: Iterable[ArticleResult]) -> str:
    """The build activity's time as xsd:dateTime, reproducible for the same inputs.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) wins when set; otherwise it is midnight
    UTC of the newest article's date (the data's cut-off), so two builds of the same articles agree.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    dates = [r.article.date for r in results if r.article.date]
    return f"{max(dates)}T00:00:00+00:00" if dates else "1970-01-01T00:00:00+00:00"


def build_iri(results: Iterable[ArticleResult]) -> URIRef:
    """The build activity: named by the kg version and the SHA-256 of every input file."""
    digest = hashlib.sha256(__version__.encode())
    for sha in sorted(r.article.sha256 for r in results):
        digest.update(sha.encode())
    return KGR[f"build/{digest.hexdigest()[:16]}"]


def merge_entities(results: Iterable[ArticleResult]) -> dict[tuple[str, str], Entity]:
    """One Entity per (type, key) across articles; labels chosen by frequency, then by text."""
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for result in results:
        for ent in result.entities:
            groups[ent.ref].append(ent)
            ent.attrs.setdefault("article", result.article.id)
    merged = {}
    for ref, ents in sorted(groups.items()):
        out = Entity(type=ref[0], key=ref[1])
        out.label_en = _commonest([e.label_en for e in ents if e.label_en])
        out.label_zh = _commonest([e.label_zh for e in ents if e.label_zh])
        for e in ents:
            out.aliases_en |= e.aliases_en | ({e.label_en} if e.label_en else set())
            out.aliases_zh |= e.aliases_zh | ({e.label_zh} if e.label_zh else set())
            out.mentions.extend(e.mentions)
            out.articles.add(e.attrs["article"])
            for k, v in sorted(e.attrs.items()):
                out.attrs.setdefault(k, v)
        machine = _commonest([e.attrs["machine_en"] for e in ents if e.attrs.get("machine_en")])
        if not out.label_en and machine:  # no text names it in English: a label kg made (kg:labelSource)
            out.label_en = machine
            out.attrs["label_source"] = out.attrs.get("machine_source", "cc-cedict")
        out.attrs.pop("machine_en", None)
        out.attrs.pop("machine_source", None)
        out.aliases_en.discard(out.label_en)
        out.aliases_zh.discard(out.label_zh)
        merged[ref] = out
    return merged


def _commonest(values: list[str]) -> str:
    """The most frequent of ``values``, the first in code-point order of the equally frequent; '' if none.
    (Most entities are named in one article: no Counter for one value.)"""
    if len(values) < 2:
        return values[0] if values else ""
    counts = Counter(values)
    return min(counts, key=lambda x: (-counts[x], x))


class _Graph:
    """Appends triples of one graph (``name``: N-Triples IRI, '' for the default graph) to ``quads``.

    Subjects and predicates are IRIs; an object is an IRI (``URIRef``) or a literal made by
    :func:`kg.ntriples.literal` (a plain ``str``).
    """

    __slots__ = ("name", "quads", "_subject")
    _vocabulary: dict[str, str] = {}  # predicates and classes repeat: encode each once

    def __init__(self, quads: list[Quad], name: str = "") -> None:
        self.quads, self.name = quads, name
        self._subject: tuple[str | None, str] = (None, "")  # the last subject, encoded: its triples follow

    def add(self, s: str, p: str, o: str) -> None:
        vocab = self._vocabulary
        pred = vocab.get(p) or vocab.setdefault(p, iri(p))
        if isinstance(o, URIRef):
            o = vocab.get(o) or (iri(o) if len(vocab) > 10_000 else vocab.setdefault(o, iri(o)))
        last = self._subject
        if last[0] is not s:
            last = self._subject = (s, iri(s))
        self.quads.append((self.name, last[1], pred, o))


def graph_quads(results: list[ArticleResult], *, mentions: bool = True) -> list[Quad]:
    """The whole knowledge graph: the shared graphs (entities, scheme, build) + one named graph per article.

    Returns each quad once as N-Triples strings (:mod:`kg.ntriples`), in export order: the shared
    graphs, then the articles' graphs; the default graph is empty. An article's graph is taken from
    ``result.quads`` when the worker that extracted it made it (:func:`article_quads`), so only the
    shared part is built here.
    ``mentions=False`` leaves out the per-mention annotations (about 12 triples a mention).
    """
    quads: list[Quad] = []
    shared = _Graph(quads, iri(ENTITIES_GRAPH))
    results = merge_named_twice(sorted(results, key=lambda r: r.article.id))
    entities = merge_entities(results)
    scheme = iri(SCHEME)
    for s, p, o in to_scheme_graph():
        quads.append((scheme, from_rdflib(s), from_rdflib(p), from_rdflib(o)))
    scheme_keys = {m.key for m in lexicon.mechanisms()}
    gaz = load_gazetteer()
    for ref, ent in entities.items():
        _add_entity(shared, ref, ent, gaz, in_scheme=ref[0] == "PolicyMechanism" and ref[1] in scheme_keys)
    _add_divisions(shared, entities, gaz)
    activity = build_iri(results)
    _add_build(_Graph(quads, iri(BUILD_GRAPH)), activity, results)
    # A triple the scheme states is not repeated in the entities graph: each triple in one shared graph.
    in_scheme = {q[1:] for q in quads if q[0] == scheme}
    # Duplicates dropped in the order made (a set would hand the sort its hash order: random reads of
    # memory, and no runs for the sort to find): the same quads, sorted the same.
    kept = dict.fromkeys([q for q in quads if q[0] == scheme or q[1:] not in in_scheme])
    quads = sorted(kept, key=export_order)
    this_build, activity_nt = iri(THIS_BUILD), iri(activity)
    for result in sorted(results, key=lambda r: iri(article_iri(r.article.id))):  # export order
        block = getattr(result, "quads", None) if mentions else None
        if block is None:
            block = article_quads(result, mentions=mentions)
        _append_built(quads, block, this_build, activity_nt)
    return quads


def _append_built(quads: list[Quad], block: list[Quad], this_build: str, activity: str) -> None:
    """``block`` appended to ``quads``, ``activity`` in place of the object ``this_build`` (a few quads of
    each article: they are found by ``list.index``, a loop in C, not tested one by one)."""
    start = len(quads)
    quads += block
    objects = list(map(_OBJECT, block))
    at = -1
    with suppress(ValueError):  # list.index: no more of them
        while True:
            at = objects.index(this_build, at + 1)
            quads[start + at] = (*block[at][:3], activity)


def article_quads(result: ArticleResult, *, mentions: bool = True) -> list[Quad]:
    """The named graph of one article in export order: its metadata and bodies, the facts it states
    with their evidence, its figures and (unless ``mentions=False``) its mention annotations.

    It depends on this article alone, so extraction workers make it (and the cache keeps it). The build
    activity, which depends on every article, is :data:`THIS_BUILD` here; :func:`graph_quads` puts the
    build's IRI in its place.
    """
    quads: list[Quad] = []
    graph = _Graph(quads, iri(article_iri(result.article.id)))
    refs = {e.ref for e in result.entities}
    _add_article(graph, result)
    for rel in result.relations:
        _add_relation(graph, rel, refs, THIS_BUILD)
    for obs in result.observations:
        if obs.subject in refs:
            _add_observation(graph, obs, THIS_BUILD)
    if mentions:
        for ent in result.entities:
            entity = iri(entity_iri(ent.ref))
            for m in ent.mentions:
                if m.article == result.article.id:  # always, for results of the pipeline
                    _add_mention(graph, m, entity)
    return sorted(dict.fromkeys(quads), key=graph_order)  # duplicates dropped in the order made: runs to sort


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    """The quads as an rdflib Dataset with the kg prefixes bound (for rdflib users and tests)."""
    ds = Dataset()
    for prefix, ns in ALL_PREFIXES.items():
        ds.bind(prefix, ns)
    graphs: dict[str, Graph] = {"": ds.default_graph}
    for g, s, p, o in quads:
        if g not in graphs:
            graphs[g] = ds.graph(URIRef(g[1:-1]))
        graphs[g].add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return ds


def build_graph(results: list[ArticleResult], *, mentions: bool = True) -> Dataset:
    """:func:`graph_quads` as an rdflib Dataset."""
    return to_dataset(graph_quads(results, mentions=mentions))


def _add_build(graph: _Graph, activity: URIRef, results: list[ArticleResult]) -> None:
    agent = software_iri()
    graph.add(activity, RDF.type, PROV.Activity)
    graph.add(activity, RDFS.label, literal(f"kg build of {len(results)} articles", lang="en"))
    graph.add(activity, PROV.endedAtTime, literal(build_time(results), datatype=XSD.dateTime))
    graph.add(activity, PROV.wasAssociatedWith, agent)
    for result in results:
        graph.add(activity, PROV.used, article_iri(result.article.id))
    graph.add(agent, RDF.type, PROV.SoftwareAgent)
    graph.add(agent, RDFS.label, literal(f"kg {__version__}", lang="en"))
    graph.add(agent, SCHEMA.softwareVersion, literal(__version__))
    graph.add(INDICATORS, RDF.type, QB.DataSet)
    graph.add(INDICATORS, RDFS.label, literal("Figures reported in People's Daily articles", lang="en"))
    graph.add(INDICATORS, QB.structure, KG.IndicatorStructure)
    graph.add(INDICATORS, PROV.wasGeneratedBy, activity)


def _add_entity(graph: _Graph, ref: tuple[str, str], ent: Entity, gaz, *, in_scheme: bool) -> None:
    iri = entity_iri(ref)
    graph.add(iri, RDF.type, KG[ENTITY_TYPES[ref[0]].cls])
    if ent.label_en:
        graph.add(iri, RDFS.label, literal(ent.label_en, lang="en"))
        if not in_scheme:  # a scheme concept has its skos:prefLabel from the scheme
            graph.add(iri, SKOS.prefLabel, literal(ent.label_en, lang="en"))
    if ent.label_zh:
        graph.add(iri, RDFS.label, literal(ent.label_zh, lang="zh"))
        if not in_scheme:
            graph.add(iri, SKOS.prefLabel, literal(ent.label_zh, lang="zh"))
        py = to_pinyin(ent.label_zh, person=ref[0] == "Person")
        if py:
            graph.add(iri, RDFS.label, literal(py, lang="zh-Latn-pinyin"))
    for alias in sorted(ent.aliases_en):
        graph.add(iri, SKOS.altLabel, literal(alias, lang="en"))
    for alias in sorted(ent.aliases_zh):
        graph.add(iri, SKOS.altLabel, literal(alias, lang="zh"))
    if ent.attrs.get("label_source"):
        graph.add(iri, KG.labelSource, literal(ent.attrs["label_source"]))
    if ent.attrs.get("note"):  # e.g. an English name that does not romanise the Chinese original
        graph.add(iri, SKOS.editorialNote, literal(ent.attrs["note"], lang="en"))
    for article_id in sorted(ent.articles):
        graph.add(iri, KG.mentionedIn, article_iri(article_id))
    place = gaz.by_id.get(ref[1]) if "level" in ent.attrs else None
    if place is not None:
        graph.add(iri, KG.level, literal(place.level))
        if place.parent and place.parent in gaz.by_id:
            parent = gaz.by_id[place.parent]
            graph.add(iri, KG.withinDivision, entity_iri((parent.cls, parent.id)))
        if place.lat is not None and place.long is not None:
            graph.add(iri, GEO.lat, literal(f"{place.lat:.2f}", datatype=XSD.decimal))
            graph.add(iri, GEO.long, literal(f"{place.long:.2f}", datatype=XSD.decimal))
        if place.wikidata:
            graph.add(iri, OWL.sameAs, WD[place.wikidata])
    if "broader" in ent.attrs:
        graph.add(iri, SKOS.broader, concept_iri(ent.attrs["broader"]))


def _add_divisions(graph: _Graph, entities: dict, gaz) -> None:
    """Parent divisions that no article names (Hangzhou's Zhejiang): labelled kg:Place nodes, so that
    kg:withinDivision always leads somewhere readable. They are not typed Province/City: no article
    mentions them, so they are not entities the text supports."""
    named = {ref[1] for ref in entities}
    todo = sorted(
        {gaz.by_id[ref[1]].parent for ref in entities if ref[1] in gaz.by_id and gaz.by_id[ref[1]].parent}
    )
    seen: set[str] = set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid in named or pid not in gaz.by_id:
            continue
        seen.add(pid)
        place = gaz.by_id[pid]
        iri = entity_iri((place.cls, place.id))
        graph.add(iri, RDF.type, KG.Place)
        graph.add(iri, RDFS.label, literal(place.name_en, lang="en"))
        if place.short_zh:
            graph.add(iri, RDFS.label, literal(place.short_zh, lang="zh"))
        graph.add(iri, KG.level, literal(place.level))
        if place.wikidata:
            graph.add(iri, OWL.sameAs, WD[place.wikidata])
        if place.parent:
            graph.add(iri, KG.withinDivision, entity_iri((gaz.by_id[place.parent].cls, place.parent)))
            todo.append(place.parent)


def _add_article(graph: _Graph, result: ArticleResult) -> None:
    a = result.article
    iri = article_iri(a.id)
    graph.add(iri, RDF.type, KG.Article)
    if a.title_en:
        graph.add(iri, DCTERMS.title, literal(a.title_en, lang="en"))
    if a.title_zh:
        graph.add(iri, DCTERMS.title, literal(a.title_zh, lang="zh"))
    if not a.title_en and not a.title_zh:
        graph.add(iri, DCTERMS.title, literal(a.id, lang="en"))
    if a.date:
        graph.add(iri, DCTERMS.date, literal(a.date, datatype=XSD.date))
    for prop, value in ((KG.page, a.page), (KG.section, a.section), (KG.column, a.column)):
        if value:
            graph.add(iri, prop, literal(value))
    for author in a.authors_en:
        graph.add(iri, SCHEMA.author, literal(author, lang="en"))
    for author in a.authors_zh:
        graph.add(iri, SCHEMA.author, literal(author, lang="zh"))
    graph.add(iri, DCTERMS.publisher, literal(PUBLISHER, lang="en"))
    graph.add(iri, KG.sourceFile, literal(a.source))
    graph.add(iri, KG.sha256, literal(a.sha256))
    if a.body_en:
        graph.add(iri, SCHEMA.articleBody, literal(a.body_en, lang="en"))
    if a.body_zh:
        graph.add(iri, SCHEMA.articleBody, literal(a.body_zh, lang="zh"))


def _add_span(graph: _Graph, article_id: str, lang: str, start: int, end: int, text: str) -> str:
    """An oa:SpecificResource for body[start:end] with a position and a quote selector; its IRI (N-Triples).

    The ten triples are written as N-Triples tuples directly (what ``graph.add`` makes of them): there is
    one span for every mention and every fact."""
    head, tail = _span_heads(article_id, lang), f"{start}-{end}"
    s, position, quote = f"{head[0]}{tail}>", f"{head[1]}{tail}.position>", f"{head[1]}{tail}.quote>"
    g, t = graph.name, _nt()
    graph.quads += [
        (g, s, t["type"], t["SpecificResource"]),
        (g, s, t["hasSource"], head[3]),
        (g, s, t["language"], head[4]),
        (g, s, t["hasSelector"], position),
        (g, s, t["hasSelector"], quote),
        (g, position, t["type"], t["TextPositionSelector"]),
        (g, position, t["start"], f'"{start}"{t[_NNI]}'),
        (g, position, t["end"], f'"{end}"{t[_NNI]}'),
        (g, quote, t["type"], t["TextQuoteSelector"]),
        (g, quote, t["exact"], literal(text)),
    ]
    return s


@functools.lru_cache(maxsize=64)
def _span_heads(article_id: str, lang: str) -> tuple[str, str, str, str, str]:
    """The N-Triples text that an article's span, selector and mention IRIs in ``lang`` start with (up to
    their offsets), the article's IRI and the language literal. ``iri`` percent-encodes character by
    character, and the offsets need none, so an IRI is its head followed by the offsets."""
    key = span_key(article_id, lang, 0, 0)[:-3]  # '<article>.<lang>.'
    heads = (iri(f"{_KGR}{kind}/{key}")[:-1] for kind in ("span", "selector", "mention"))
    return (*heads, iri(article_iri(article_id)), literal(lang))


def _add_mention(graph: _Graph, m: Mention, entity: str) -> None:
    """A Web Annotation identifying the entity (its N-Triples IRI) at the mention's span ('where is Taiyuan
    mentioned')."""
    node = f"{_span_heads(m.article, m.lang)[2]}{m.start}-{m.end}>"
    g, t = graph.name, _nt()
    graph.quads += [
        (g, node, t["type"], t["Annotation"]),
        (g, node, t["motivatedBy"], t["identifying"]),
        (g, node, t["hasBody"], entity),
        (g, node, t["hasTarget"], _add_span(graph, m.article, m.lang, m.start, m.end, m.text)),
    ]
    if m.rule:
        graph.quads.append((g, node, t["rule"], literal(m.rule)))


@functools.cache
def _nt() -> dict[str, str]:
    """The N-Triples form of the terms of spans and mention annotations, by local name."""
    terms = (RDF.type, OA.SpecificResource, OA.hasSource, DC.language, OA.hasSelector,
             OA.TextPositionSelector, OA.start, OA.end, OA.TextQuoteSelector, OA.exact, OA.Annotation,
             OA.motivatedBy, OA.identifying, OA.hasBody, OA.hasTarget, KG.rule)
    found = {str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]: iri(term) for term in terms}
    found[_NNI] = f"^^{iri(XSD.nonNegativeInteger)}"  # an offset's datatype, after its quoted digits
    return found


def _add_statement(
    graph: _Graph, subject: URIRef, predicate: URIRef, obj: URIRef, ev: Evidence, activity: URIRef
) -> None:
    """The reified fact with its evidence sentence, offsets and PROV-O derivation."""
    digest = hashlib.sha1(f"{ev.article}|{subject}|{predicate}|{obj}|{ev.start}".encode()).hexdigest()[:16]
    fact = KGR[f"fact/{digest}"]
    graph.add(fact, RDF.type, KG.Statement)
    graph.add(fact, RDF.subject, subject)
    graph.add(fact, RDF.predicate, predicate)
    graph.add(fact, RDF.object, obj)
    graph.add(fact, KG.evidenceText, literal(ev.text))
    graph.add(fact, KG.lang, literal(ev.lang))
    graph.add(fact, KG.start, literal(ev.start))
    graph.add(fact, KG.end, literal(ev.end))
    graph.add(fact, OA.hasTarget, _add_span(graph, ev.article, ev.lang, ev.start, ev.end, ev.text))
    graph.add(fact, PROV.wasDerivedFrom, article_iri(ev.article))
    graph.add(fact, PROV.wasGeneratedBy, activity)


def _add_relation(graph: _Graph, rel: Relation, entities, activity: URIRef) -> None:
    subject = entity_iri(rel.subject)
    if rel.post is not None:
        post = post_iri(rel.post.title_en, rel.post.body)
        graph.add(subject, ORG.holds, post)
        graph.add(post, RDF.type, ORG.Post)
        graph.add(post, RDFS.label, literal(rel.post.title_en, lang="en"))
        if rel.post.title_zh:
            graph.add(post, RDFS.label, literal(rel.post.title_zh, lang="zh"))
        if rel.post.body is not None and rel.post.body in entities:
            graph.add(post, ORG.postIn, entity_iri(rel.post.body))
        predicate, obj = ORG.holds, post
    else:
        if rel.object is None or rel.object not in entities or rel.subject not in entities:
            return
        predicate, obj = KG[rel.predicate], entity_iri(rel.object)
        graph.add(subject, predicate, obj)
    _add_statement(graph, subject, predicate, obj, rel.evidence, activity)


_HAN = re.compile(r"[\u4e00-\u9fff]")


def observation_iri(obs: Observation) -> URIRef:
    return KGR[f"observation/{span_key(obs.evidence.article, obs.evidence.lang, obs.start, obs.end)}"]


def _add_observation(graph: _Graph, obs: Observation, activity: URIRef) -> None:
    """entity kg:hasIndicator observation (a qb:Observation of the indicators data set), with its fact."""
    node, subject = observation_iri(obs), entity_iri(obs.subject)
    article = article_iri(obs.evidence.article)
    graph.add(subject, KG.hasIndicator, node)
    graph.add(node, RDF.type, QB.Observation)
    graph.add(node, QB.dataSet, INDICATORS)
    graph.add(node, KG.refEntity, subject)
    # a Chinese-only article's figure may name its indicator in Chinese (铁矿石产量): tagged so
    graph.add(node, KG.indicator, literal(obs.indicator, lang="zh" if _HAN.search(obs.indicator) else "en"))
    graph.add(node, KG.reportedIn, article)
    graph.add(node, SDMX_MEASURE.obsValue, literal(obs.value, datatype=XSD.decimal))
    graph.add(node, KG.unit, literal(obs.unit))
    optional = (
        (KG.refPeriod, obs.period_iso, None),
        (KG.periodText, obs.period, "zh" if _HAN.search(obs.period) else "en"),
        (KG.comparisonBasis, obs.comparison, "en"),
        (KG.qualifier, obs.qualifier, None),
    )
    for prop, value, lang in optional:
        if value:
            graph.add(node, prop, literal(value, lang=lang))
    ev = obs.evidence
    figure = ev.text[obs.start - ev.start : obs.end - ev.start]
    graph.add(node, KG.figure, _add_span(graph, ev.article, ev.lang, obs.start, obs.end, figure))
    graph.add(node, PROV.wasDerivedFrom, article)
    graph.add(node, PROV.wasGeneratedBy, activity)
    _add_statement(graph, subject, KG.hasIndicator, node, obs.evidence, activity)
