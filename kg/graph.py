"""The graph stage: ArticleResults -> one RDF Dataset under the kg ontology.

Entities are merged across articles by ``(type, key)`` and get IRIs ``kgr:<slug>/<key>``; their
descriptions live in the default graph. Each article is a named graph holding its metadata, the
relations it states, the posts it reports and a ``kg:Statement`` with the evidence for each fact.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable

from pypinyin import Style, pinyin
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.gazetteer import load_gazetteer
from kg.lexicon import slug
from kg.namespace import GEO, KG, KGR, ORG, PREFIXES, SCHEMA, WD
from kg.records import ArticleResult, Entity, Relation
from kg.types import ENTITY_TYPES

PUBLISHER = "People's Daily"


def entity_iri(ref: tuple[str, str]) -> URIRef:
    """Stable IRI of an entity from its (type, key)."""
    type_, key = ref
    return KGR[f"{ENTITY_TYPES[type_].slug}/{key}"]


def article_iri(article_id: str) -> URIRef:
    return KGR[f"article/{article_id}"]


def post_iri(title: str, body: tuple[str, str] | None) -> URIRef:
    prefix = f"{ENTITY_TYPES[body[0]].slug}.{body[1]}--" if body else ""
    return KGR[f"post/{prefix}{slug(title)}"]


def to_pinyin(text: str, *, person: bool = False) -> str:
    """'太原' -> 'Tàiyuán'; persons keep the surname apart: '孙英' -> 'Sūn Yīng'."""
    syllables = [s[0] for s in pinyin(text, style=Style.TONE, errors="ignore")]
    if not syllables:
        return ""
    if person and len(syllables) > 1:
        return syllables[0].capitalize() + " " + "".join(syllables[1:]).capitalize()
    return "".join(syllables).capitalize()


def merge_entities(results: Iterable[ArticleResult]) -> dict[tuple[str, str], Entity]:
    """One Entity per (type, key) across articles; labels chosen by frequency, then by text."""
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for result in results:
        for ent in result.entities:
            groups[ent.ref].append(ent)
            ent.attrs.setdefault("article", result.article.id)
    merged = {}
    for ref, ents in sorted(groups.items()):
        en = Counter(e.label_en for e in ents if e.label_en)
        zh = Counter(e.label_zh for e in ents if e.label_zh)
        out = Entity(type=ref[0], key=ref[1])
        out.label_en = sorted(en, key=lambda x: (-en[x], x))[0] if en else ""
        out.label_zh = sorted(zh, key=lambda x: (-zh[x], x))[0] if zh else ""
        for e in ents:
            out.aliases_en |= e.aliases_en | ({e.label_en} if e.label_en else set())
            out.aliases_zh |= e.aliases_zh | ({e.label_zh} if e.label_zh else set())
            out.mentions.extend(e.mentions)
            out.articles.add(e.attrs["article"])
            for k, v in sorted(e.attrs.items()):
                out.attrs.setdefault(k, v)
        out.aliases_en.discard(out.label_en)
        out.aliases_zh.discard(out.label_zh)
        merged[ref] = out
    return merged


def build_graph(results: list[ArticleResult]) -> Dataset:
    """The whole knowledge graph as a Dataset: entity descriptions + one named graph per article."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    default = ds.default_graph
    entities = merge_entities(results)
    gaz = load_gazetteer()
    for ref, ent in entities.items():
        _add_entity(default, ref, ent, gaz)
    for result in sorted(results, key=lambda r: r.article.id):
        graph = ds.graph(article_iri(result.article.id))
        _add_article(graph, result)
        for rel in result.relations:
            _add_relation(graph, rel, entities)
    return ds


def _add_entity(graph, ref, ent: Entity, gaz) -> None:
    iri = entity_iri(ref)
    graph.add((iri, RDF.type, KG[ENTITY_TYPES[ref[0]].cls]))
    if ent.label_en:
        graph.add((iri, RDFS.label, Literal(ent.label_en, lang="en")))
        graph.add((iri, SKOS.prefLabel, Literal(ent.label_en, lang="en")))
    if ent.label_zh:
        graph.add((iri, RDFS.label, Literal(ent.label_zh, lang="zh")))
        graph.add((iri, SKOS.prefLabel, Literal(ent.label_zh, lang="zh")))
        py = to_pinyin(ent.label_zh, person=ref[0] == "Person")
        if py:
            graph.add((iri, RDFS.label, Literal(py, lang="zh-Latn-pinyin")))
    for alias in sorted(ent.aliases_en):
        graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
    for alias in sorted(ent.aliases_zh):
        graph.add((iri, SKOS.altLabel, Literal(alias, lang="zh")))
    for article_id in sorted(ent.articles):
        graph.add((iri, KG.mentionedIn, article_iri(article_id)))
    place = gaz.by_id.get(ref[1]) if "level" in ent.attrs else None
    if place is not None:
        graph.add((iri, KG.level, Literal(place.level)))
        if place.parent and place.parent in gaz.by_id:
            parent = gaz.by_id[place.parent]
            graph.add((iri, KG.withinDivision, entity_iri((parent.cls, parent.id))))
        if place.lat is not None and place.long is not None:
            graph.add((iri, GEO.lat, Literal(f"{place.lat:.2f}", datatype=XSD.decimal)))
            graph.add((iri, GEO.long, Literal(f"{place.long:.2f}", datatype=XSD.decimal)))
        if place.wikidata:
            graph.add((iri, SKOS.exactMatch, WD[place.wikidata]))
    if "broader" in ent.attrs:
        graph.add((iri, SKOS.broader, entity_iri(("PolicyMechanism", ent.attrs["broader"]))))


def _add_article(graph, result: ArticleResult) -> None:
    a = result.article
    iri = article_iri(a.id)
    graph.add((iri, RDF.type, KG.Article))
    if a.title_en:
        graph.add((iri, DCTERMS.title, Literal(a.title_en, lang="en")))
    if a.title_zh:
        graph.add((iri, DCTERMS.title, Literal(a.title_zh, lang="zh")))
    if not a.title_en and not a.title_zh:
        graph.add((iri, DCTERMS.title, Literal(a.id, lang="en")))
    if a.date:
        graph.add((iri, DCTERMS.date, Literal(a.date, datatype=XSD.date)))
    for prop, value in ((KG.page, a.page), (KG.section, a.section), (KG.column, a.column)):
        if value:
            graph.add((iri, prop, Literal(value)))
    for author in a.authors_en:
        graph.add((iri, SCHEMA.author, Literal(author, lang="en")))
    for author in a.authors_zh:
        graph.add((iri, SCHEMA.author, Literal(author, lang="zh")))
    graph.add((iri, DCTERMS.publisher, Literal(PUBLISHER, lang="en")))
    graph.add((iri, KG.sourceFile, Literal(a.source)))
    graph.add((iri, KG.sha256, Literal(a.sha256)))
    if a.body_en:
        graph.add((iri, SCHEMA.articleBody, Literal(a.body_en, lang="en")))
    if a.body_zh:
        graph.add((iri, SCHEMA.articleBody, Literal(a.body_zh, lang="zh")))


def _add_relation(graph, rel: Relation, entities) -> None:
    subject = entity_iri(rel.subject)
    if rel.post is not None:
        post = post_iri(rel.post.title_en, rel.post.body)
        graph.add((subject, ORG.holds, post))
        graph.add((post, RDF.type, ORG.Post))
        graph.add((post, RDFS.label, Literal(rel.post.title_en, lang="en")))
        if rel.post.title_zh:
            graph.add((post, RDFS.label, Literal(rel.post.title_zh, lang="zh")))
        if rel.post.body is not None and rel.post.body in entities:
            graph.add((post, ORG.postIn, entity_iri(rel.post.body)))
        predicate, obj = ORG.holds, post
    else:
        if rel.object is None or rel.object not in entities or rel.subject not in entities:
            return
        predicate, obj = KG[rel.predicate], entity_iri(rel.object)
        graph.add((subject, predicate, obj))
    ev = rel.evidence
    digest = hashlib.sha1(f"{ev.article}|{subject}|{predicate}|{obj}|{ev.start}".encode()).hexdigest()[:16]
    fact = KGR[f"fact/{digest}"]
    graph.add((fact, RDF.type, KG.Statement))
    graph.add((fact, RDF.subject, subject))
    graph.add((fact, RDF.predicate, predicate))
    graph.add((fact, RDF.object, obj))
    graph.add((fact, KG.evidenceText, Literal(ev.text)))
    graph.add((fact, KG.lang, Literal(ev.lang)))
    graph.add((fact, KG.start, Literal(ev.start)))
    graph.add((fact, KG.end, Literal(ev.end)))
    graph.add((fact, PROV.wasDerivedFrom, article_iri(ev.article)))
