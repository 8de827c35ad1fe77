"""Extraction rules. Importing this package registers every rule (see ``registry.RULES``)."""

from kg.extract import (  # noqa: F401  (registration side effects)
    actions_en,
    actions_zh,
    appointments,
    chinese,
    english,
    lists_en,
    mechanisms_en,
    mechanisms_zh,
    places_en,
    products,
    products_zh,
    regions_zh,
    relations_en,
    relations_zh,
)
