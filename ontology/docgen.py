"""Generate ontology/README.md from ontology/kg.ttl, so the documentation cannot drift from the ontology.

    python -m kg.ontology.docgen          # rewrites ontology/README.md

``tests/test_ontology.py`` fails when the committed README differs from what this renders.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

HERE = Path(__file__).resolve().parent
KG = "https://w3id.org/rmrb-kg/ontology#"
REGENERATE = "python -m kg.ontology.docgen"

# Standard terms the exporter writes besides the kg ontology's own, and what they carry.
REUSED: tuple[tuple[str, str], ...] = (
    ("rdf:type", "the one scored class of an entity; the class of every other node"),
    ("rdfs:label", "names of entities, posts, builds: en, zh and zh-Latn-pinyin (one per language)"),
    ("skos:prefLabel / skos:altLabel", "preferred name per language / other names and short forms"),
    ("skos:editorialNote", "a note on a name, e.g. a translation that does not romanise the original"),
    ("skos:broader / skos:narrower / skos:inScheme / skos:topConceptOf / skos:hasTopConcept",
     "the mechanism concept scheme (ontology/mechanisms.ttl, also in the exported default graph)"),
    ("skos:definition / skos:notation", "a mechanism concept's definition and lexicon key"),
    ("dcterms:source / rdfs:seeAlso",
     "the concept scheme's source file (the lexicon) and its class kg:PolicyMechanism"),
    ("dcterms:title / dcterms:date / dcterms:publisher",
     "an article's titles (en, zh), xsd:date and publisher"),
    ("schema:author / schema:articleBody", "an article's bylines and its bodies (\"...\"@en, \"...\"@zh)"),
    ("schema:softwareVersion", "the kg version of the build's prov:SoftwareAgent"),
    ("org:holds / org:Post / org:postIn", "a person holds a post; the post is in a body (W3C ORG)"),
    ("rdf:subject / rdf:predicate / rdf:object", "the fact a kg:Statement reifies"),
    ("prov:wasDerivedFrom", "statement or observation -> the kg:Article it was extracted from"),
    ("prov:wasGeneratedBy / prov:Activity / prov:endedAtTime / prov:used",
     "the build that produced a statement: reproducible time (SOURCE_DATE_EPOCH, else the newest "
     "article's date), the articles it read"),
    ("prov:wasAssociatedWith / prov:SoftwareAgent", "the build was run by this kg version"),
    ("oa:Annotation / oa:hasBody / oa:motivatedBy oa:identifying",
     "one Web Annotation per entity mention: the entity it names"),
    ("oa:hasTarget / oa:SpecificResource / oa:hasSource / dc:language",
     "the text span of a mention or of a statement's sentence, on the article, in the en or zh body"),
    ("oa:hasSelector / oa:TextPositionSelector / oa:start / oa:end",
     "character offsets (0-based, end exclusive) into that body, xsd:nonNegativeInteger"),
    ("oa:TextQuoteSelector / oa:exact", "the exact text the offsets cut out"),
    ("qb:Observation / qb:dataSet / qb:DataSet / qb:structure",
     "a reported figure in the data set kgr:dataset/indicators, structured by kg:IndicatorStructure"),
    ("sdmx-measure:obsValue", "the figure as an xsd:decimal equal to the printed number (150, 2.069)"),
    ("geo:lat / geo:long", "WGS84 coordinates of a place, xsd:decimal degrees (from the gazetteer)"),
    ("owl:sameAs", "a place's Wikidata entity (wd:Q...), where the gazetteer has one"),
    ("org:Membership / org:member / org:organization / org:memberDuring",
     "a dated post holding: the person, the body, the interval the archive attests it (W3C ORG)"),
    ("void:Dataset / void:triples / void:classPartition / void:class / void:entities / "
     "void:propertyPartition / void:property",
     "graph:index: the build's distinct triples, nodes and triples per class, triples per predicate "
     "(the overview query; docs/sparql.md)"),
    ("time:Interval / time:hasBeginning / time:hasEnd / time:Instant / time:inXSDDate",
     "OWL-Time: first and last article date attesting a holding, as xsd:date"),
)

# Links between standard classes that the diagram shows besides the kg properties.
REUSED_EDGES: tuple[tuple[str, str, str], ...] = (
    ("Person", "org:holds", "org:Post"),
    ("org:Membership", "org:member", "Person"),
    ("org:Post", "org:postIn", "Body"),
    ("Statement", "prov:wasDerivedFrom", "Article"),
    ("Statement", "prov:wasGeneratedBy", "prov:Activity"),
    ("Statement", "oa:hasTarget", "oa:SpecificResource"),
    ("oa:Annotation", "oa:hasBody", "Actor"),
    ("oa:Annotation", "oa:hasTarget", "oa:SpecificResource"),
    ("oa:SpecificResource", "oa:hasSource", "Article"),
    ("prov:Activity", "prov:wasAssociatedWith", "prov:SoftwareAgent"),
    ("PolicyMechanism", "skos:broader", "skos:Concept"),
    ("qb:Observation", "qb:dataSet", "qb:DataSet"),
    ("Actor", "kg:hasIndicator", "qb:Observation"),
    ("qb:Observation", "sdmx-measure:obsValue", "xsd:decimal"),
)

PREFIXES = {
    "http://www.w3.org/ns/org#": "org", "https://schema.org/": "schema",
    "http://www.w3.org/2004/02/skos/core#": "skos", "http://www.w3.org/ns/prov#": "prov",
    "http://purl.org/dc/terms/": "dcterms", "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf", "http://www.w3.org/2002/07/owl#": "owl",
    "http://www.w3.org/2001/XMLSchema#": "xsd", "http://www.w3.org/ns/oa#": "oa",
    "http://purl.org/linked-data/cube#": "qb", "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo",
    "http://purl.org/linked-data/sdmx/2009/dimension#": "sdmx-dimension",
    "http://purl.org/linked-data/sdmx/2009/attribute#": "sdmx-attribute",
    "http://purl.org/linked-data/sdmx/2009/measure#": "sdmx-measure", KG: "kg",
}


def _name(term) -> str:
    text = str(term)
    for ns, prefix in sorted(PREFIXES.items(), key=lambda x: -len(x[0])):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


def _classes(onto: Graph, node) -> list[str]:
    """Named classes of a domain/range: the class itself or the members of an owl:unionOf."""
    if isinstance(node, URIRef):
        return [_name(node)]
    union = onto.value(node, OWL.unionOf)
    return [_name(m) for m in Collection(onto, union)] if union is not None else []


def _en(onto: Graph, term, prop) -> str:
    values = [o for o in onto.objects(term, prop) if getattr(o, "language", None) == "en"]
    return " ".join(str(values[0]).split()) if values else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _alignment(onto: Graph, term) -> str:
    links = []
    for prop, word in ((RDFS.subClassOf, "⊑"), (RDFS.subPropertyOf, "⊑"), (OWL.inverseOf, "inverse of"),
                       (RDFS.seeAlso, "see")):
        for obj in sorted(onto.objects(term, prop), key=str):
            if isinstance(obj, URIRef) and not str(obj).startswith(KG):
                links.append(f"{word} {_name(obj)}")
    return ", ".join(links)


def _terms(onto: Graph, kind) -> list[URIRef]:
    return sorted((s for s in onto.subjects(RDF.type, kind) if str(s).startswith(KG)), key=str)


def _diagram(onto: Graph) -> list[str]:
    ids: dict[str, str] = {}

    def node(name: str) -> str:
        name = name.removeprefix("kg:")
        if name not in ids:
            ids[name] = f"n{len(ids)}"
        return ids[name]

    edges = []
    for prop in _terms(onto, OWL.ObjectProperty):
        for d in _classes(onto, onto.value(prop, RDFS.domain)) or []:
            for r in _classes(onto, onto.value(prop, RDFS.range)) or []:
                edges.append((d, _name(prop), r))
    edges += list(REUSED_EDGES)
    for cls in _terms(onto, OWL.Class):
        for sup in onto.objects(cls, RDFS.subClassOf):
            if str(sup).startswith(KG):
                edges.append((_name(cls), "subClassOf", _name(sup)))
    lines = ["```mermaid", "flowchart LR"]
    body = []
    for s, p, o in sorted(set(edges)):
        arrow = "-.->" if p == "subClassOf" else "-->"
        label = "" if p == "subClassOf" else f"|{p.removeprefix('kg:')}|"
        body.append(f"  {node(s)} {arrow}{label} {node(o)}")
    lines += [f'  {ident}["{name}"]' for name, ident in ids.items()] + body + ["```"]
    return lines


def render_readme(onto: Graph | None = None) -> str:
    """The Markdown documentation of ontology/kg.ttl (classes, properties, alignments, a diagram)."""
    onto = onto if onto is not None else Graph().parse(HERE / "kg.ttl", format="turtle")
    out = [
        "# The rmrb-kg ontology",
        "",
        f"<!-- GENERATED by ontology/docgen.py from ontology/kg.ttl: do not edit; run `{REGENERATE}`. -->",
        "",
        _en(onto, URIRef("https://w3id.org/rmrb-kg/ontology"), URIRef("http://purl.org/dc/terms/description")),
        "",
        "Files: `kg.ttl` (this ontology, OWL), `shapes.ttl` (SHACL shapes, `kg validate`), `mechanisms.ttl`",
        "(the policy-mechanism SKOS concept scheme, generated from `kg/lexicons/mechanisms.tsv` by",
        "`python -m kg.skos`), `context.jsonld` (the JSON-LD context of `exports/graph.jsonld`).",
        "",
        "Layout of an export: the default graph holds the entity descriptions, the concept scheme, the",
        "indicator data set and the build's PROV-O record; each article is a named graph (its IRI is the",
        "article's) holding the article, the facts it states, one `kg:Statement` per fact, its figures",
        "(`qb:Observation`) and one `oa:Annotation` per entity mention. No blank nodes.",
        "",
        "## Diagram",
        "",
        "Solid arrows: properties (domain → range); dotted arrows: `rdfs:subClassOf`.",
        "",
        *_diagram(onto),
        "",
        "## Classes",
        "",
        "| Class | Label | Definition | Alignment |",
        "| --- | --- | --- | --- |",
    ]
    for cls in _terms(onto, OWL.Class):
        out.append(f"| `{_name(cls)}` | {_cell(_en(onto, cls, RDFS.label))} | "
                   f"{_cell(_en(onto, cls, RDFS.comment))} | {_cell(_alignment(onto, cls))} |")
    kinds = (("Object properties", OWL.ObjectProperty), ("Datatype properties", OWL.DatatypeProperty))
    for title, kind in kinds:
        out += ["", f"## {title}", "", "| Property | Label | Domain → range | Definition | Alignment |",
                "| --- | --- | --- | --- | --- |"]
        for prop in _terms(onto, kind):
            dom = " ∪ ".join(_classes(onto, onto.value(prop, RDFS.domain))) or "any"
            rng = " ∪ ".join(_classes(onto, onto.value(prop, RDFS.range))) or "any"
            out.append(f"| `{_name(prop)}` | {_cell(_en(onto, prop, RDFS.label))} | {dom} → {rng} | "
                       f"{_cell(_en(onto, prop, RDFS.comment))} | {_cell(_alignment(onto, prop))} |")
    out += ["", "## Statistics: the data structure definition", ""]
    dsd = URIRef(f"{KG}IndicatorStructure")
    out.append(f"`kg:IndicatorStructure` (qb:DataStructureDefinition): {_en(onto, dsd, RDFS.comment)}")
    out += ["", "## Standard terms the exporter writes", "", "| Terms | Used for |", "| --- | --- |"]
    out += [f"| `{terms}` | {_cell(use)} |" for terms, use in REUSED]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite ontology/README.md."""
    (HERE / "README.md").write_text(render_readme(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
