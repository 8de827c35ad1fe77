"""RDF namespaces: the kg ontology, kg resources, and the standard vocabularies we reuse."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DC, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/rmrb-kg/ontology#")  # classes and properties
KGR = Namespace("https://w3id.org/rmrb-kg/id/")  # resources: KGR["city/taiyuan"]
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
QB = Namespace("http://purl.org/linked-data/cube#")
WD = Namespace("http://www.wikidata.org/entity/")
TIME = Namespace("http://www.w3.org/2006/time#")  # OWL-Time: post holdings' intervals (kg/careers.py)
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")

# One prefix per kind of resource keeps the Turtle readable: city:taiyuan, person:sun-ying.
RESOURCE_KINDS = ("article", "fact", "post", "person", "party-body", "gov-body", "enterprise", "org",
                  "country", "province", "city", "county", "region", "mechanism", "product",
                  "membership", "event", "instant", "identity")  # the last four: careers (issue 14)

PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "kgr": KGR,
    **{kind: Namespace(f"{KGR}{kind}/") for kind in RESOURCE_KINDS},
    "org": ORG,
    "schema": SCHEMA,
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "rdfs": Namespace(str(RDFS)),
    "rdf": Namespace(str(RDF)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "oa": OA,
    "geo": GEO,
    "qb": QB,
    "wd": WD,
    "time": TIME,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTRIBUTE,
}
# Resource kinds kg.graph mints beyond RESOURCE_KINDS (spans, mentions, the build...), one prefix each.
EXTRA_KINDS = ("span", "selector", "mention", "observation", "build", "software", "dataset", "scheme",
               "graph")
# Every prefix the exports declare: PREFIXES plus the graph's own kinds (kg.export, kg.rdffile, kg.validate).
ALL_PREFIXES: dict[str, Namespace] = {
    **PREFIXES,
    **{kind: Namespace(f"{KGR}{kind}/") for kind in EXTRA_KINDS},
    "dc": Namespace(str(DC)),
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "void": Namespace("http://rdfs.org/ns/void#"),  # graph:index (kg/index.py)
}
