"""Extraction rules. Importing this package registers every rule (see ``registry.RULES``)."""

from kg.extract import actions_en, english, products, relations_en  # noqa: F401  (registration side effects)
