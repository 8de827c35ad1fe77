"""The graph stage on hand-made records: provenance, mentions, observations, places, mechanisms, PROV-O.

No spaCy model: ArticleResults are written out by hand, so each test knows exactly what went in.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies
from pypinyin import Style, pinyin
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import DC, OWL, PROV, RDF, SKOS

from kg.graph import (
    BUILD_GRAPH,
    ENTITIES_GRAPH,
    INDICATORS,
    SDMX_MEASURE,
    THIS_BUILD,
    _append_built,
    article_iri,
    build_graph,
    build_iri,
    build_time,
    entity_iri,
    observation_iri,
    span_iri,
    to_pinyin,
)
from kg.namespace import GEO, KG, OA, QB, WD
from kg.ntriples import iri
from kg.records import Article, ArticleResult, Entity, Evidence, Mention, Observation, Relation
from kg.skos import SCHEME, concept_iri
from kg.types import ENTITY_TYPES

BODY = ("People's Daily, Taiyuan, May 3rd\n"
        "The Taiyuan Municipal Government held on-site offices in the Taiyuan Coking Plant. "
        "From January to April, the city's output value rose by 8.2% over the same period last year.\n")
SCORED = {KG[t.cls] for t in ENTITY_TYPES.values()}


def span_of(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def mention(text: str, type_: str, rule: str = "test_rule") -> Mention:
    s, e = span_of(text)
    return Mention("a1", "en", s, e, text, type_, rule)


def sentence(text: str) -> Evidence:
    s, e = span_of(text)
    return Evidence("a1", "en", s, e, text)


def result(*, date: str = "1989-05-03", sha: str = "0" * 64, article_id: str = "a1") -> ArticleResult:
    article = Article(id=article_id, source=f"in/{article_id}.txt", sha256=sha, title_en="Taiyuan works",
                      title_zh="太原", date=date, page="2", body_en=BODY, body_zh="太原市政府现场办公。")
    city = Entity("City", "taiyuan", "Taiyuan", "太原",
                  attrs={"level": "prefecture-city", "parent": "shanxi"})
    city.mentions.append(mention("Taiyuan", "City", "gazetteer_places"))
    gov = Entity("GovernmentBody", "taiyuan-municipal-government", "Taiyuan Municipal Government")
    gov.mentions.append(mention("Taiyuan Municipal Government", "GovernmentBody"))
    office = Entity("PolicyMechanism", "on-site-office", "on-site office work", "现场办公")
    office.mentions.append(mention("on-site offices", "PolicyMechanism", "mechanisms"))
    coking = Entity("PolicyMechanism", "coking-command-center", "coking command center",
                    attrs={"broader": "production-command-center"})
    s1 = "The Taiyuan Municipal Government held on-site offices in the Taiyuan Coking Plant. "
    s2 = "From January to April, the city's output value rose by 8.2% over the same period last year.\n"
    relations = [Relation(gov.ref, "governs", city.ref, sentence(s1)),
                 Relation(gov.ref, "adoptsMechanism", office.ref, sentence(s1)),
                 Relation(gov.ref, "instanceOfMechanism", coking.ref, sentence(s1))]
    fs, fe = span_of("8.2%")
    observation = Observation(city.ref, "output value", "8.2", "percent", sentence(s2), fs, fe,
                              period="January to April", period_iso="1989-01/1989-04",
                              comparison="same period last year", rule="indicators.change")
    return ArticleResult(article, [city, coking, gov, office], relations, [observation])


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return build_graph([result()])


def test_no_blank_nodes(ds: Dataset) -> None:
    """Every node of every graph has an IRI: deterministic and mergeable."""
    for quad in ds.quads((None, None, None, None)):
        assert not any(isinstance(t, BNode) for t in quad[:3]), quad


def shared(ds: Dataset) -> Graph:
    """The shared named graphs (entities, scheme, build) merged: what the default graph held before."""
    graph = Graph()
    for name in (ENTITIES_GRAPH, SCHEME, BUILD_GRAPH):
        graph += ds.graph(name)
    return graph


def test_facts_live_in_the_article_graph(ds: Dataset) -> None:
    """The relation triple and its statement are in the article graph; descriptions in graph:entities."""
    graph = ds.graph(article_iri("a1"))
    gov = entity_iri(("GovernmentBody", "taiyuan-municipal-government"))
    city = entity_iri(("City", "taiyuan"))

    assert (gov, KG.governs, city) in graph
    assert (gov, KG.governs, city) not in ds.graph(ENTITIES_GRAPH)
    assert (gov, RDF.type, KG.GovernmentBody) in ds.graph(ENTITIES_GRAPH)


def test_every_triple_is_in_a_named_graph(ds: Dataset) -> None:
    """The default graph is empty, so a union-default-graph store (Jena, GraphDB) sees every triple;
    the scheme is its own graph, and no triple is in two shared graphs."""
    entities, scheme, build = (set(ds.graph(name)) for name in (ENTITIES_GRAPH, SCHEME, BUILD_GRAPH))

    assert len(ds.default_graph) == 0
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in scheme
    assert (INDICATORS, QB.structure, KG.IndicatorStructure) in build
    assert entities and not entities & scheme and not entities & build and not scheme & build


def test_every_statement_has_evidence_and_prov(ds: Dataset) -> None:
    """Each kg:Statement: derivation, build, and a span whose offsets cut its sentence out of the body."""
    graph = ds.graph(article_iri("a1"))
    statements = set(graph.subjects(RDF.type, KG.Statement))
    assert len(statements) == 4  # governs, adoptsMechanism, instanceOfMechanism, hasIndicator
    for st in statements:
        assert graph.value(st, PROV.wasDerivedFrom) == article_iri("a1")
        assert graph.value(st, PROV.wasGeneratedBy) == build_iri([result()])
        span = graph.value(st, OA.hasTarget)
        assert graph.value(span, OA.hasSource) == article_iri("a1")
        assert graph.value(span, DC.language) == Literal("en")
        start = end = exact = None
        for sel in graph.objects(span, OA.hasSelector):
            if (sel, RDF.type, OA.TextPositionSelector) in graph:
                start, end = graph.value(sel, OA.start), graph.value(sel, OA.end)
                assert start.datatype == rns.XSD.nonNegativeInteger
            else:
                exact = str(graph.value(sel, OA.exact))
        assert BODY[int(start):int(end)] == exact == str(graph.value(st, KG.evidenceText))


def test_mentions_are_identifying_annotations(ds: Dataset) -> None:
    """'Where is Taiyuan mentioned': an oa:Annotation with the entity as body and the exact span as target."""
    graph = ds.graph(article_iri("a1"))
    taiyuan = entity_iri(("City", "taiyuan"))
    (note,) = graph.subjects(OA.hasBody, taiyuan)
    s, e = span_of("Taiyuan")

    assert graph.value(note, OA.motivatedBy) == OA.identifying
    assert graph.value(note, OA.hasTarget) == span_iri("a1", "en", s, e)
    assert graph.value(note, KG.rule) == Literal("gazetteer_places")


def test_mentions_can_be_left_out() -> None:
    """mentions=False drops the annotations but keeps the facts' evidence spans."""
    lean = build_graph([result()], mentions=False)

    assert not set(lean.quads((None, RDF.type, OA.Annotation, None)))
    assert set(lean.quads((None, RDF.type, KG.Statement, None)))


def test_observation_value_is_two_hops_from_the_entity(ds: Dataset) -> None:
    """entity -kg:hasIndicator-> qb:Observation -sdmx-measure:obsValue-> 8.2 (xsd:decimal), as printed."""
    graph = ds.graph(article_iri("a1"))
    taiyuan = entity_iri(("City", "taiyuan"))
    (obs,) = graph.objects(taiyuan, KG.hasIndicator)
    value = graph.value(obs, SDMX_MEASURE.obsValue)

    assert obs == observation_iri(result().observations[0])
    assert value.datatype == rns.XSD.decimal and value.toPython() == Decimal("8.2")
    assert graph.value(obs, QB.dataSet) == INDICATORS
    assert graph.value(obs, KG.refPeriod) == Literal("1989-01/1989-04")
    assert graph.value(obs, KG.comparisonBasis) == Literal("same period last year", lang="en")
    assert graph.value(obs, KG.unit) == Literal("percent")
    assert (INDICATORS, QB.structure, KG.IndicatorStructure) in shared(ds)


def test_place_gazetteer_links(ds: Dataset) -> None:
    """A place carries level, parent division and WGS84 coordinates; the parent has owl:sameAs Wikidata."""
    graph = shared(ds)
    taiyuan = entity_iri(("City", "taiyuan"))

    assert graph.value(taiyuan, KG.level) == Literal("prefecture-city")
    assert graph.value(taiyuan, KG.withinDivision) == entity_iri(("Province", "shanxi"))
    assert graph.value(taiyuan, GEO.lat).datatype == rns.XSD.decimal
    assert Literal("Tàiyuán", lang="zh-Latn-pinyin") in set(graph.objects(taiyuan, None))
    shanxi = shared(build_graph([_shanxi_result()]))
    assert shanxi.value(entity_iri(("Province", "shanxi")), OWL.sameAs) == WD.Q46913


def _shanxi_result() -> ArticleResult:
    base = result()
    province = Entity("Province", "shanxi", "Shanxi", "山西", attrs={"level": "province", "parent": "china"})
    return ArticleResult(base.article, [province])


def test_mechanisms_are_the_scheme_concepts(ds: Dataset) -> None:
    """A lexicon mechanism IS its concept; a coinage links to its concept with skos:broader."""
    graph = shared(ds)
    office = entity_iri(("PolicyMechanism", "on-site-office"))
    coking = entity_iri(("PolicyMechanism", "coking-command-center"))

    assert office == concept_iri("on-site-office")
    assert (office, SKOS.inScheme, SCHEME) in graph
    assert (office, RDF.type, KG.PolicyMechanism) in graph
    assert len(set(graph.objects(office, SKOS.prefLabel))) == 2  # one en, one zh: no clash with the scheme
    assert graph.value(coking, SKOS.broader) == concept_iri("production-command-center")
    # a concept no article names is in the scheme but is not an extracted mechanism
    assert (concept_iri("barter-trade"), RDF.type, SKOS.Concept) in graph
    assert (concept_iri("barter-trade"), RDF.type, KG.PolicyMechanism) not in graph


def test_each_entity_has_one_scored_class(ds: Dataset) -> None:
    graph = shared(ds)
    nodes = {s for c in SCORED for s in graph.subjects(RDF.type, c)}
    assert len(nodes) == 4
    for node in nodes:
        assert len(set(graph.objects(node, RDF.type)) & SCORED) == 1


def test_build_activity_and_software_agent(ds: Dataset) -> None:
    activity = build_iri([result()])
    graph = shared(ds)

    assert (activity, RDF.type, PROV.Activity) in graph
    ended = graph.value(activity, PROV.endedAtTime)
    assert ended == Literal("1989-05-03T00:00:00+00:00", datatype=rns.XSD.dateTime)
    agent = graph.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in graph
    assert (activity, PROV.used, article_iri("a1")) in graph


def test_build_time_honours_source_date_epoch(monkeypatch) -> None:
    """SOURCE_DATE_EPOCH wins; without it the newest article's date; without dates, the epoch."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    results = [result(date="1958-03-25"), result(date="1989-12-13", article_id="a2")]
    assert build_time(results) == "1989-12-13T00:00:00+00:00"
    assert build_time([result(date="")]) == "1970-01-01T00:00:00+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert build_time(results) == "2001-09-09T01:46:40+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert build_time(results) == "1970-01-01T00:00:00+00:00"


def test_build_iri_depends_on_the_inputs() -> None:
    """Same input files -> same activity IRI; another file -> another activity."""
    assert build_iri([result()]) == build_iri([result()])
    assert build_iri([result()]) != build_iri([result(sha="1" * 64)])
    assert isinstance(build_iri([result()]), URIRef)


def test_an_articles_graph_depends_on_that_article_alone() -> None:
    """A fact whose subject the article does not have as an entity is not stated, even when another
    article has that entity; the article's graph is the same however many articles are built with it,
    and the same whether the worker made it (result.quads) or the merge did."""
    from kg.graph import THIS_BUILD, article_quads, graph_quads
    from kg.ntriples import iri

    a = result()
    b = result(article_id="b1", sha="1" * 64)
    b.entities = [e for e in b.entities if e.type != "GovernmentBody"]  # b names no government
    g_b = iri(article_iri("b1"))

    alone = [q for q in graph_quads([b]) if q[0] == g_b]
    together = [q for q in graph_quads([a, b]) if q[0] == g_b]
    b.quads = article_quads(b)
    from_worker = [q for q in graph_quads([a, b]) if q[0] == g_b]

    gov = iri(entity_iri(("GovernmentBody", "taiyuan-municipal-government")))
    assert not [q for q in together if gov in (q[1], q[3])]
    assert [q for q in graph_quads([a, b]) if q[0] == iri(article_iri("a1")) and q[1] == gov]
    strip = {iri(build_iri([b])), iri(build_iri([a, b]))}  # the build activity differs, by design
    assert [q[:3] for q in alone if q[3] not in strip] == [q[:3] for q in together if q[3] not in strip]
    assert from_worker == together
    assert iri(THIS_BUILD) not in {q[3] for q in together}


def _public_pinyin(text: str, *, person: bool = False) -> str:
    """to_pinyin as pypinyin's public call gives it (the first reading of each character, in context)."""
    syllables = [s[0] for s in pinyin(text, style=Style.TONE, errors="ignore")]
    if person and len(syllables) > 1:
        return syllables[0].capitalize() + " " + "".join(syllables[1:]).capitalize()
    return "".join(syllables).capitalize()


# Characters of bodies, places and names, with readings that depend on the word (长, 行, 重, 乐, 朝, 单)
NAME_TEXT = strategies.text(alphabet="省市县委员会人民政府长行重乐朝单曾区银厂工业公司李王张中国北京 -A1（",
                            max_size=16)


@settings(max_examples=300, deadline=None)
@given(NAME_TEXT, strategies.booleans())
def test_pinyin_labels_are_pypinyins(text: str, person: bool) -> None:
    """to_pinyin converts word by word through pypinyin's internals (a memo per word): the labels are
    what ``pypinyin.pinyin`` gives, so a pypinyin upgrade that changes those internals fails here."""
    assert to_pinyin(text, person=person) == _public_pinyin(text, person=person)


def test_the_build_activity_replaces_every_placeholder_of_an_article() -> None:
    """Each quad of an article's block whose object is THIS_BUILD gets the build's IRI; the block is left as
    it was (a cached result keeps its own)."""
    this, build, g = iri(THIS_BUILD), "<https://w3id.org/rmrb-kg/id/build/x>", "<urn:g>"
    block = [(g, "<urn:a>", "<urn:p>", this), (g, "<urn:b>", "<urn:p>", '"x"'),
             (g, "<urn:c>", "<urn:p>", this)]
    kept = list(block)
    quads = [("", "<urn:s>", "<urn:p>", this)]
    _append_built(quads, block, this, build)
    assert block == kept
    assert quads == [("", "<urn:s>", "<urn:p>", this), (g, "<urn:a>", "<urn:p>", build), block[1],
                     (g, "<urn:c>", "<urn:p>", build)]
