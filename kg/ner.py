"""Named-entity recognition as a service of its own: JSON Lines in, the same lines with entities out.

``kg ner --lang zh`` uses the packaged Chinese CRF (``kg.zh_ner``); ``--lang en`` uses kg's English
mention rules over the spaCy pipeline, mapping our classes to the PER / LOC / ORG scheme of the
People's Daily NER data (persons -> PER; places -> LOC; bodies, enterprises, organisations -> ORG).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.errors import ConfigError
from kg.types import PLACE_TYPES

LANGS = ("zh", "en")
TO_NER = {
    "Person": "PER",
    **dict.fromkeys(PLACE_TYPES, "LOC"),
    **dict.fromkeys(("PartyBody", "GovernmentBody", "Enterprise", "Organization"), "ORG"),
}


@dataclass(frozen=True)
class BadLine:
    """An input line that is not a JSON object with a string "text"."""

    number: int
    problem: str


def read_lines(lines: Iterable[str]) -> Iterator[dict | BadLine]:
    """Parsed input rows; a bad line becomes a BadLine instead of stopping the run."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield BadLine(number, f"not JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield BadLine(number, 'expected an object with a string "text"')
            continue
        yield row


def recognize(texts: list[str], lang: str) -> list[list[tuple[int, int, str]]]:
    """Entity spans (start, end, label) for each text."""
    if lang == "zh":
        from kg import zh_ner

        if not zh_ner.MODEL_PATH.is_file():
            raise ConfigError(f"The Chinese NER model is missing ({zh_ner.MODEL_PATH}); reinstall kg.")
        return [sorted(spans) for spans in zh_ner.recognize(texts)]
    if lang == "en":
        return _recognize_en(texts)
    raise ConfigError(f"Unknown language {lang!r}; choose one of {', '.join(LANGS)}.")


def _recognize_en(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    import kg.extract  # noqa: F401  (registers the rules)
    from kg.extract.context import ArticleContext
    from kg.extract.registry import rules_for
    from kg.nlp import build_nlp
    from kg.records import Article
    from kg.resolve import settle_overlaps

    nlp = build_nlp()
    out = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=64), strict=True):
        ctx = ArticleContext(
            article=Article(id="ner", source="", sha256="", body_en=text), lang="en", doc=doc
        )
        mentions = settle_overlaps([m for r in rules_for("mentions", "en") for m in r.func(ctx)])
        out.append(sorted((m.start, m.end, TO_NER[m.type]) for m in mentions if m.type in TO_NER))
    return out
