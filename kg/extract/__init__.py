"""Extraction rules. Importing this package registers every rule (see ``registry.RULES``)."""

from kg.extract import (  # noqa: F401  (registration side effects)
    actions_en,
    actions_zh,
    appointments,
    chinese,
    english,
    products,
    relations_en,
    relations_zh,
)
