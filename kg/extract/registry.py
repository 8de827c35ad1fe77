"""The rule registry: one decorator, one table. Rules run in (stage, name) order.

A mention rule takes an ``ArticleContext`` and yields ``Mention``s; a relation rule takes the
context after resolution and yields ``Relation``s. Adding a rule is adding one decorated function
in a module that ``kg/extract/__init__.py`` imports; ``kg rules`` lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

STAGES = ("mentions", "relations")


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str  # "mentions" | "relations"
    lang: str  # "en" | "zh"
    func: Callable[[Any], Iterator[Any]]
    doc: str


RULES: dict[str, Rule] = {}


def summary(doc: str) -> str:
    """A docstring's first sentence on one line (its first paragraph when no sentence ends in it)."""
    paragraph = " ".join(doc.strip().split("\n\n")[0].split())
    end = re.search(r"[.!?](?=\s|$)", paragraph)
    return paragraph[: end.end()] if end else paragraph


def rule(stage: str, *, lang: str = "en", name: str | None = None) -> Callable[[Callable], Callable]:
    """Register ``func`` as a rule of ``stage`` for ``lang``."""

    def register(func: Callable) -> Callable:
        key = f"{lang}.{name or func.__name__}"
        RULES[key] = Rule(key, stage, lang, func, summary(func.__doc__ or ""))
        _ORDERED.clear()
        return func

    if stage not in STAGES:
        raise ValueError(f"Unknown rule stage {stage!r}; expected one of {STAGES}")
    return register


def rules_for(stage: str, lang: str) -> list[Rule]:
    """Rules of one stage and language, in name order (sorted again only when a rule was registered)."""
    key = (stage, lang)
    if key not in _ORDERED:
        _ORDERED[key] = [r for k, r in sorted(RULES.items()) if r.stage == stage and r.lang == lang]
    return list(_ORDERED[key])


_ORDERED: dict[tuple[str, str], list[Rule]] = {}
