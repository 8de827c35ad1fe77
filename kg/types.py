"""The one table of entity types: ontology class, IRI slug, colour and shape in the view.

Adding a type: one row here, the class in ``ontology/kg.ttl`` and its shape in
``ontology/shapes.ttl``; ``tests/test_types.py`` checks all three agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityType:
    cls: str  # local name of the class in the kg ontology
    slug: str  # IRI path segment: https://w3id.org/rmrb-kg/id/<slug>/<key>
    colour: str  # node colour in the HTML view
    shape: str  # vis-network node shape
    label: str  # legend text


ENTITY_TYPES: dict[str, EntityType] = {
    "Person": EntityType("Person", "person", "#1f77b4", "dot", "Person"),
    "PartyBody": EntityType("PartyBody", "party-body", "#d62728", "diamond", "Party body"),
    "GovernmentBody": EntityType("GovernmentBody", "gov-body", "#ff7f0e", "diamond", "Government body"),
    "Enterprise": EntityType("Enterprise", "enterprise", "#2ca02c", "square", "Enterprise"),
    "Organization": EntityType("Organization", "org", "#8c564b", "square", "Organization"),
    "Country": EntityType("Country", "country", "#7f7f7f", "triangle", "Country"),
    "Province": EntityType("Province", "province", "#9467bd", "triangle", "Province"),
    "City": EntityType("City", "city", "#17becf", "triangle", "City"),
    "County": EntityType("County", "county", "#bcbd22", "triangle", "County"),
    "Region": EntityType("Region", "region", "#aec7e8", "triangle", "Region"),
    "PolicyMechanism": EntityType("PolicyMechanism", "mechanism", "#e377c2", "star", "Policy mechanism"),
    "Product": EntityType("Product", "product", "#ffbb78", "hexagon", "Product"),
}

PLACE_TYPES = frozenset({"Country", "Province", "City", "County", "Region"})
BODY_TYPES = frozenset({"PartyBody", "GovernmentBody", "Organization"})
ACTOR_TYPES = BODY_TYPES | PLACE_TYPES | {"Enterprise", "Person"}
ORG_TYPES = BODY_TYPES | {"Enterprise"}  # bodies and enterprises: what has a name, a place and a kind word

# Relation predicates (local names in the kg ontology), as the gold files use them.
RELATIONS: tuple[str, ...] = (
    "partOf",
    "locatedIn",
    "governs",
    "establishes",
    "leads",
    "adoptsMechanism",
    "instanceOfMechanism",
    "visits",
    "supports",
    "produces",
)
