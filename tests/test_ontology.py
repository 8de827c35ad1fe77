"""The ontology (ontology/kg.ttl) and the SHACL shapes (ontology/shapes.ttl).

Checks that both files parse, that they cover every entity type and relation of
``kg/types.py``, that no scored class subsumes another (the scorer needs exactly one
scored type per node), and that pyshacl accepts the exporter's sample output and
rejects broken variants with the plain-words sh:message shown by ``kg validate``.
"""

from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.namespace import KG, KGR, ORG
from kg.types import ENTITY_TYPES, PLACE_TYPES, RELATIONS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib internals
ONTOLOGY_DIR = Path(__file__).parents[1] / "ontology"
ONTOLOGY_IRI = URIRef("https://w3id.org/rmrb-kg/ontology")

SHA = "89a89de273a2529be211b81c9f6c297b5f85fba4ee665c07d0ed569c4b7d0918"

PREFIXES = """\
@prefix kg: <https://w3id.org/rmrb-kg/ontology#> .
@prefix kgr: <https://w3id.org/rmrb-kg/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dc: <http://purl.org/dc/elements/1.1/> .
"""

ARTICLE = f"""\
kgr:article/000_837b635841432b38 a kg:Article ;
    dcterms:title "Leaders Go to the Grassroots"@en, "领导下基层排忧"@zh ;
    dcterms:date "1989-12-13"^^xsd:date ; kg:page "2" ; kg:section "国内新闻" ;
    schema:author "Wáng Àishēng"@en ;
    dcterms:publisher "People's Daily"@en ; kg:sourceFile "seeds/000_837b635841432b38.txt" ;
    kg:sha256 "{SHA}" ;
    schema:articleBody "After the National Day holiday, leaders from the Taiyuan ..."@en,
        "国庆节后，太原市委……"@zh .
"""

CITY = """\
kgr:city/taiyuan a kg:City ; rdfs:label "Taiyuan"@en, "太原"@zh, "Tàiyuán"@zh-Latn-pinyin ;
    skos:prefLabel "Taiyuan"@en, "太原"@zh ;
    skos:altLabel "Taiyuan City"@en, "太原市"@zh ; kg:mentionedIn kgr:article/000_837b635841432b38 ;
    kg:level "prefecture-city" ; kg:partOf kgr:province/shanxi .
"""

PROVINCE = """\
kgr:province/shanxi a kg:Province ; rdfs:label "Shanxi Province"@en, "山西"@zh ;
    kg:mentionedIn kgr:article/000_837b635841432b38 ; kg:level "province" .
"""

PERSON = """\
kgr:person/sun-ying a kg:Person ; rdfs:label "Sun Ying"@en, "孙英"@zh ; skos:prefLabel "Sun Ying"@en ;
    org:holds kgr:post/taiyuan-municipal-party-committee--municipal-party-secretary ;
    kg:mentionedIn kgr:article/000_837b635841432b38 .
"""

POST = """\
kgr:post/taiyuan-municipal-party-committee--municipal-party-secretary a org:Post ;
    rdfs:label "Municipal Party Secretary"@en, "市委书记"@zh ;
    org:postIn kgr:party-body/taiyuan-municipal-party-committee .
"""

PARTY_BODY = """\
kgr:party-body/taiyuan-municipal-party-committee a kg:PartyBody ;
    rdfs:label "Taiyuan Municipal Party Committee"@en ; kg:governs kgr:city/taiyuan ;
    kg:adoptsMechanism kgr:mechanism/on-site-office ; kg:mentionedIn kgr:article/000_837b635841432b38 .
"""

MECHANISM = """\
kgr:mechanism/on-site-office a kg:PolicyMechanism ; rdfs:label "On-site office"@en, "现场办公"@zh ;
    kg:mentionedIn kgr:article/000_837b635841432b38 .
"""

EVIDENCE = "After the National Day holiday, leaders from the Taiyuan Municipal Party Committee …"

STATEMENT = f"""\
kgr:fact/3f2a9c0d1e2b4a5c a kg:Statement ; rdf:subject kgr:party-body/taiyuan-municipal-party-committee ;
    rdf:predicate kg:governs ; rdf:object kgr:city/taiyuan ;
    kg:evidenceText "{EVIDENCE}" ;
    kg:lang "en" ; kg:start 35 ; kg:end 290 ; prov:wasDerivedFrom kgr:article/000_837b635841432b38 ;
    oa:hasTarget kgr:span/000_837b635841432b38.en.35-290 ; prov:wasGeneratedBy kgr:build/0123456789abcdef .
"""


def statement(key: str, subject: str, predicate: str, obj: str) -> str:
    """Turtle of one more kg:Statement with the sample's evidence span and build."""
    return f"""kgr:fact/{key} a kg:Statement ;
    rdf:subject {subject} ; rdf:predicate {predicate} ; rdf:object {obj} ;
    kg:evidenceText "{EVIDENCE}" ; kg:lang "en" ; kg:start 35 ; kg:end 290 ;
    prov:wasDerivedFrom kgr:article/000_837b635841432b38 ;
    oa:hasTarget kgr:span/000_837b635841432b38.en.35-290 ;
    prov:wasGeneratedBy kgr:build/0123456789abcdef .
"""


PROVENANCE = f"""\
kgr:span/000_837b635841432b38.en.35-290 a oa:SpecificResource ;
    oa:hasSource kgr:article/000_837b635841432b38 ;
    dc:language "en" ; oa:hasSelector kgr:selector/000_837b635841432b38.en.35-290.position ,
        kgr:selector/000_837b635841432b38.en.35-290.quote .
kgr:selector/000_837b635841432b38.en.35-290.position a oa:TextPositionSelector ;
    oa:start "35"^^xsd:nonNegativeInteger ; oa:end "290"^^xsd:nonNegativeInteger .
kgr:selector/000_837b635841432b38.en.35-290.quote a oa:TextQuoteSelector ; oa:exact "{EVIDENCE}" .
kgr:build/0123456789abcdef a prov:Activity ; rdfs:label "kg build of 1 articles"@en ;
    prov:endedAtTime "1989-12-13T00:00:00+00:00"^^xsd:dateTime ;
    prov:wasAssociatedWith kgr:software/kg-0.1.0 ;
    prov:used kgr:article/000_837b635841432b38 .
kgr:software/kg-0.1.0 a prov:SoftwareAgent ; rdfs:label "kg 0.1.0"@en ; schema:softwareVersion "0.1.0" .
kgr:mention/000_837b635841432b38.en.35-42 a oa:Annotation ; oa:motivatedBy oa:identifying ;
    oa:hasBody kgr:city/taiyuan ; oa:hasTarget kgr:span/000_837b635841432b38.en.35-290 ;
    kg:rule "gazetteer_places" .
{statement("a1", "kgr:city/taiyuan", "kg:partOf", "kgr:province/shanxi")}
{statement("a2", "kgr:person/sun-ying", "org:holds",
           "kgr:post/taiyuan-municipal-party-committee--municipal-party-secretary")}
{statement("a3", "kgr:party-body/taiyuan-municipal-party-committee", "kg:adoptsMechanism",
           "kgr:mechanism/on-site-office")}"""

PARTS = {
    "article": ARTICLE,
    "city": CITY,
    "province": PROVINCE,
    "person": PERSON,
    "post": POST,
    "party_body": PARTY_BODY,
    "mechanism": MECHANISM,
    "statement": STATEMENT,
    "provenance": PROVENANCE,
}


# "kgr:city/taiyuan" is not a legal Turtle prefixed name ("/" must be escaped), so the
# sample's resource names are expanded to full IRIs before parsing.
KGR_NAME = re.compile(r"\bkgr:([\w-]+/[\w.-]*[\w-])")


def sample(**replace: str) -> str:
    """The exporter sample as Turtle, with some of its parts replaced."""
    text = PREFIXES + "\n".join(replace.get(name, part) for name, part in PARTS.items())
    return KGR_NAME.sub(lambda m: f"<{KGR}{m[1]}>", text)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


def run_shacl(data: str, shapes: Graph) -> tuple[bool, set[str]]:
    """Validate Turtle ``data`` (no inference); return (conforms, result messages)."""
    data_graph = Graph().parse(data=data, format="turtle")
    conforms, results, _ = validate(data_graph, shacl_graph=shapes, inference="none")
    messages = {str(m) for m in results.objects(None, SH.resultMessage)}
    return conforms, messages


def message_of(shapes: Graph, path: URIRef, name: str | None = None) -> str:
    """The sh:message of the property shape on ``path`` (and with sh:name ``name``)."""
    found = [
        str(shapes.value(ps, SH.message))
        for ps in shapes.subjects(SH.path, path)
        if name is None or str(shapes.value(ps, SH.name)) == name
    ]
    assert len(found) == 1, (path, name, found)
    return found[0]


def en(graph: Graph, subject: URIRef, predicate: URIRef) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == "en"]


# ---------------------------------------------------------------- the ontology


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert en(onto, ONTOLOGY_IRI, RDFS.label)
    assert en(onto, ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/description"))


@pytest.mark.parametrize("cls", sorted(ENTITY_TYPES))
def test_entity_class_declared(onto: Graph, shapes: Graph, cls: str) -> None:
    iri = KG[cls]
    assert ENTITY_TYPES[cls].cls == cls
    assert (iri, RDF.type, OWL.Class) in onto
    assert en(onto, iri, RDFS.label), f"{cls} has no English rdfs:label"
    assert en(onto, iri, RDFS.comment), f"{cls} has no English rdfs:comment"
    targeting = set(shapes.subjects(SH.targetClass, iri))
    assert any((s, RDF.type, SH.NodeShape) in shapes for s in targeting), f"no NodeShape targets kg:{cls}"


@pytest.mark.parametrize("cls", ["Article", "Statement", "Place"])
def test_support_classes_declared(onto: Graph, cls: str) -> None:
    assert (KG[cls], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("prop", [*RELATIONS, "hasIndicator", "mentionedIn", "withinDivision", "refEntity",
                                  "reportedIn", "figure"])
def test_relation_is_object_property(onto: Graph, prop: str) -> None:
    assert (KG[prop], RDF.type, OWL.ObjectProperty) in onto


@pytest.mark.parametrize(
    "prop",
    ["page", "section", "column", "sourceFile", "sha256", "evidenceText", "lang", "start", "end", "level",
     "rule", "indicator", "unit", "refPeriod", "periodText", "comparisonBasis", "qualifier"],
)
def test_datatype_property(onto: Graph, prop: str) -> None:
    assert (KG[prop], RDF.type, OWL.DatatypeProperty) in onto


def test_every_kg_term_is_documented(onto: Graph) -> None:
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in onto.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(KG))
    }
    assert len(terms) >= len(ENTITY_TYPES) + len(RELATIONS)
    undocumented = sorted(
        str(t) for t in terms if not en(onto, t, RDFS.label) or not en(onto, t, RDFS.comment)
    )
    assert not undocumented


def _superclasses(onto: Graph, cls: URIRef) -> set[URIRef]:
    """Everything ``cls`` is subsumed by through rdfs:subClassOf and owl:equivalentClass (both ways)."""
    seen: set[URIRef] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        nxt = [*onto.objects(c, RDFS.subClassOf), *onto.objects(c, OWL.equivalentClass)]
        nxt += list(onto.subjects(OWL.equivalentClass, c))
        for n in nxt:
            if n not in seen and n != cls:
                seen.add(n)
                todo.append(n)
    return seen


def test_scored_classes_do_not_subsume_each_other(onto: Graph) -> None:
    scored = {KG[c] for c in ENTITY_TYPES}
    for cls in scored:
        assert not (_superclasses(onto, cls) & scored), f"{cls} is a subclass of another scored class"


def test_places_share_kg_place(onto: Graph) -> None:
    for cls in PLACE_TYPES:
        assert KG.Place in _superclasses(onto, KG[cls])


# ---------------------------------------------------------------- the shapes


def test_every_shape_has_name_and_message(shapes: Graph) -> None:
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(SH.path, None))
    assert shape_nodes
    missing = []
    for s in shape_nodes:
        if isinstance(s, BNode) and (None, SH.qualifiedValueShape, s) in shapes:
            continue
        if shapes.value(s, SH.message) is None or shapes.value(s, SH.name) is None:
            missing.append(str(s))
    assert not missing


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    # meta_shacl: pyshacl checks the shapes graph against the SHACL-SHACL shapes first.
    conforms, _, text = validate(Graph(), shacl_graph=shapes, meta_shacl=True, inference="none")
    assert conforms, text


def test_sample_conforms(shapes: Graph) -> None:
    conforms, messages = run_shacl(sample(), shapes)
    assert conforms, messages


def test_rdfs_inference_keeps_one_scored_type(onto: Graph) -> None:
    """RDFS inference with the ontology never gives a sample node a second scored class."""
    data = Graph().parse(data=sample(), format="turtle")
    expanded = data + onto
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(expanded)
    scored = {KG[c] for c in ENTITY_TYPES}
    for node in set(data.subjects(RDF.type, None)):
        assert len(set(expanded.objects(node, RDF.type)) & scored) <= 1, node


def test_label_without_language(shapes: Graph) -> None:
    bad = CITY.replace('"Taiyuan"@en, "太原"@zh, "Tàiyuán"@zh-Latn-pinyin', '"Taiyuan", "太原"@zh')
    conforms, messages = run_shacl(sample(city=bad), shapes)
    assert not conforms
    assert message_of(shapes, RDFS.label, "label language") in messages


def test_label_in_other_language(shapes: Graph) -> None:
    bad = CITY.replace('"Tàiyuán"@zh-Latn-pinyin', '"Taïyuan"@fr')
    conforms, messages = run_shacl(sample(city=bad), shapes)
    assert not conforms
    assert message_of(shapes, RDFS.label, "label language") in messages


def test_two_labels_same_language(shapes: Graph) -> None:
    bad = PERSON.replace('"Sun Ying"@en, "孙英"@zh', '"Sun Ying"@en, "Secretary Sun"@en')
    conforms, messages = run_shacl(sample(person=bad), shapes)
    assert not conforms
    assert message_of(shapes, RDFS.label, "one label per language") in messages


def test_entity_without_label(shapes: Graph) -> None:
    bad = MECHANISM.replace('rdfs:label "On-site office"@en, "现场办公"@zh ;', "")
    conforms, messages = run_shacl(sample(mechanism=bad), shapes)
    assert not conforms
    assert message_of(shapes, RDFS.label, "label") in messages


def test_entity_not_mentioned(shapes: Graph) -> None:
    bad = PROVINCE.replace("kg:mentionedIn kgr:article/000_837b635841432b38 ;", "")
    conforms, messages = run_shacl(sample(province=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.mentionedIn) in messages


def test_entity_with_two_scored_types(shapes: Graph) -> None:
    bad = PROVINCE.replace("a kg:Province ;", "a kg:Province, kg:City ;")
    conforms, messages = run_shacl(sample(province=bad), shapes)
    assert not conforms
    assert message_of(shapes, RDF.type, "single entity type") in messages


@pytest.mark.parametrize("sha", [SHA.upper(), SHA[:-1], SHA + "0", "not-a-hash"])
def test_bad_sha256(shapes: Graph, sha: str) -> None:
    conforms, messages = run_shacl(sample(article=ARTICLE.replace(SHA, sha)), shapes)
    assert not conforms
    assert message_of(shapes, KG.sha256) in messages


def test_article_without_source_file(shapes: Graph) -> None:
    bad = ARTICLE.replace('kg:sourceFile "seeds/000_837b635841432b38.txt" ;', "")
    conforms, messages = run_shacl(sample(article=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.sourceFile) in messages


def test_article_date_not_typed(shapes: Graph) -> None:
    bad = ARTICLE.replace('"1989-12-13"^^xsd:date', '"1989-12-13"')
    conforms, messages = run_shacl(sample(article=bad), shapes)
    assert not conforms
    assert message_of(shapes, URIRef("http://purl.org/dc/terms/date")) in messages


def test_statement_without_evidence(shapes: Graph) -> None:
    bad = STATEMENT.replace(f'kg:evidenceText "{EVIDENCE}" ;', "")
    assert bad != STATEMENT
    conforms, messages = run_shacl(sample(statement=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.evidenceText) in messages


def test_statement_bad_offsets(shapes: Graph) -> None:
    bad = STATEMENT.replace("kg:start 35 ; kg:end 290", 'kg:start -1 ; kg:end "290"')
    conforms, messages = run_shacl(sample(statement=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.start, "start offset") in messages
    assert message_of(shapes, KG.end, "end offset") in messages


def test_statement_start_after_end(shapes: Graph) -> None:
    bad = STATEMENT.replace("kg:start 35 ; kg:end 290", "kg:start 300 ; kg:end 290")
    conforms, messages = run_shacl(sample(statement=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.start, "start before end") in messages


def test_statement_bad_lang_and_source(shapes: Graph) -> None:
    bad = STATEMENT.replace('kg:lang "en"', 'kg:lang "fr"').replace(
        "prov:wasDerivedFrom kgr:article/000_837b635841432b38", "prov:wasDerivedFrom kgr:city/taiyuan"
    )
    conforms, messages = run_shacl(sample(statement=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.lang) in messages
    derived = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert message_of(shapes, derived, "source article") in messages


def test_adopts_mechanism_pointing_at_city(shapes: Graph) -> None:
    bad = PARTY_BODY.replace(
        "kg:adoptsMechanism kgr:mechanism/on-site-office", "kg:adoptsMechanism kgr:city/taiyuan"
    )
    conforms, messages = run_shacl(sample(party_body=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.adoptsMechanism) in messages


def test_governs_pointing_at_mechanism(shapes: Graph) -> None:
    bad = PARTY_BODY.replace("kg:governs kgr:city/taiyuan", "kg:governs kgr:mechanism/on-site-office")
    conforms, messages = run_shacl(sample(party_body=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.governs) in messages


def test_place_part_of_body(shapes: Graph) -> None:
    bad = CITY.replace(
        "kg:partOf kgr:province/shanxi", "kg:partOf kgr:party-body/taiyuan-municipal-party-committee"
    )
    conforms, messages = run_shacl(sample(city=bad), shapes)
    assert not conforms
    assert message_of(shapes, KG.partOf, "place part of") in messages


def test_holds_literal_post(shapes: Graph) -> None:
    bad = PERSON.replace(
        "org:holds kgr:post/taiyuan-municipal-party-committee--municipal-party-secretary",
        'org:holds "Municipal Party Secretary"',
    )
    conforms, messages = run_shacl(sample(person=bad), shapes)
    assert not conforms
    assert message_of(shapes, ORG.holds) in messages


def test_post_in_two_bodies(shapes: Graph) -> None:
    bad = POST.replace(
        "org:postIn kgr:party-body/taiyuan-municipal-party-committee",
        "org:postIn kgr:party-body/taiyuan-municipal-party-committee, kgr:city/taiyuan",
    )
    conforms, messages = run_shacl(sample(post=bad), shapes)
    assert not conforms
    assert message_of(shapes, ORG.postIn) in messages


def test_integer_offsets_are_typed() -> None:
    """Guard for the sample itself: Turtle bare integers are xsd:integer."""
    from rdflib.namespace import XSD  # not at module level: pytest probes module globals, XSD warns

    g = Graph().parse(data=sample(), format="turtle")
    assert {o.datatype for o in g.objects(None, KG.start)} == {XSD.integer}


# ---------------------------------------------------------------- the mechanism scheme (SKOS)


def test_committed_scheme_is_generated_from_the_lexicon() -> None:
    """ontology/mechanisms.ttl is exactly what kg/skos.py makes of kg/lexicons/mechanisms.tsv."""
    from kg.skos import REGENERATE, to_turtle

    committed = (ONTOLOGY_DIR / "mechanisms.ttl").read_bytes()
    assert committed == to_turtle(), (
        f"ontology/mechanisms.ttl is stale (the mechanism lexicon changed): run '{REGENERATE}' and commit it")


def test_scheme_has_a_concept_per_lexicon_row() -> None:
    """Every row: a skos:Concept with en (+zh) prefLabels, a definition, altLabels from its patterns; the
    rows without a broader key are the top concepts; SKOS integrity (S13, S14) holds."""
    from rdflib.namespace import SKOS

    from kg.lexicon import mechanisms
    from kg.skos import SCHEME, concept_iri, pattern_labels

    scheme = Graph().parse(ONTOLOGY_DIR / "mechanisms.ttl", format="turtle")
    rows = mechanisms()
    assert set(scheme.subjects(RDF.type, SKOS.Concept)) == {concept_iri(m.key) for m in rows}
    for mech in rows:
        iri = concept_iri(mech.key)
        prefs = list(scheme.objects(iri, SKOS.prefLabel))
        assert Literal(mech.label_en, lang="en") in prefs
        assert len({p.language for p in prefs}) == len(prefs)  # S14: one per language
        assert not set(prefs) & set(scheme.objects(iri, SKOS.altLabel))  # S13: pref and alt disjoint
        assert (iri, SKOS.inScheme, SCHEME) in scheme
        if mech.broader:
            assert (iri, SKOS.broader, concept_iri(mech.broader)) in scheme
            assert (concept_iri(mech.broader), SKOS.topConceptOf, SCHEME) in scheme
        else:
            assert (SCHEME, SKOS.hasTopConcept, iri) in scheme
        alts = {str(a) for a in scheme.objects(iri, SKOS.altLabel)}
        assert {a for a in pattern_labels(mech.patterns_en) if a.lower() != mech.label_en.lower()} <= alts


def test_scheme_conforms_to_shapes(shapes: Graph) -> None:
    scheme = Graph().parse(ONTOLOGY_DIR / "mechanisms.ttl", format="turtle")
    conforms, _, text = validate(scheme, shacl_graph=shapes, inference="none")
    assert conforms, text


# ---------------------------------------------------------------- documentation and coverage


def test_readme_is_generated_from_the_ontology(onto: Graph) -> None:
    """ontology/README.md is what ontology/docgen.py renders from kg.ttl (so it cannot drift)."""
    from kg.ontology.docgen import REGENERATE, render_readme

    assert (ONTOLOGY_DIR / "README.md").read_text("utf-8") == render_readme(onto), (
        f"ontology/README.md is stale: run '{REGENERATE}' and commit it")


def test_readme_documents_every_term_with_its_alignment(onto: Graph) -> None:
    text = (ONTOLOGY_DIR / "README.md").read_text("utf-8")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in onto.subjects(RDF.type, kind):
            if str(term).startswith(str(KG)):
                assert f"| `kg:{str(term)[len(str(KG)):]}` |" in text, term
    assert "```mermaid" in text
    assert "⊑ org:FormalOrganization" in text and "⊑ skos:Concept" in text and "⊑ prov:wasDerivedFrom" in text


def test_shapes_cover_everything_the_exporter_writes(seed_build: Path, shapes: Graph, onto: Graph) -> None:
    """Every predicate of the seed export is constrained by a property shape, every class is a shape's
    target, and every predicate is declared in kg.ttl or listed in the README's table of standard terms."""
    graph = Graph().parse(seed_build / "graph.ttl", format="turtle")
    predicates = set(graph.predicates()) - {RDF.type}
    classes = set(graph.objects(None, RDF.type))
    paths = set(shapes.objects(None, SH.path))
    targets = set(shapes.objects(None, SH.targetClass))
    readme = (ONTOLOGY_DIR / "README.md").read_text("utf-8")
    from kg.validate import short

    assert not sorted(str(p) for p in predicates - paths)
    assert not sorted(str(c) for c in classes - targets)
    undocumented = [p for p in predicates if (p, RDF.type, None) not in onto and short(p) not in readme]
    assert not undocumented
