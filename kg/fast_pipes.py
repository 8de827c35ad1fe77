"""Faster stand-ins for two Python-heavy pipes of the English model: the same annotations, sooner.

- ``attribute_ruler``: spaCy's ``Matcher`` tries each of the ruler's 180 token patterns at every token
  (a tenth of the model's time here, issue 16). Nearly all are one token with a fixed TAG or LOWER value,
  so :class:`AttributeMatch` indexes each pattern under a value one of its tokens must have and checks
  only the candidates a token's values look up. It returns what ``AttributeRuler.match`` returns (the
  same matches in the same order), and the ruler's own ``set_annotations`` writes them.
- ``lemmatizer``: its lemma is a function of the token's text, POS and morphology (spaCy caches it by
  those), so :class:`LemmaLookup` asks the lemmatizer once per distinct triple and writes a whole doc's
  lemmas with one ``Doc.from_array`` instead of setting them token by token.

- the models' matrix products: thinc's ``NumpyOps`` multiplies with blis by default; numpy's OpenBLAS
  is about a third faster here on the model's small matrices, and the parses, tags and entities come
  out the same (tests/test_fast_pipes.py compares them with spaCy's own; the exports are byte-identical).

A pipe that these can't stand in for exactly (a pattern with an operator or another attribute, another
lemmatizer mode) is left as spaCy made it. tests/test_fast_pipes.py compares both with spaCy's own.
"""

from __future__ import annotations

import re
from typing import Any

ATTRS = ("TAG", "LOWER", "ORTH", "DEP", "POS", "IS_SPACE")  # token attributes the index can read
MEMO_MAX = 500_000  # distinct rows remembered (a few hundred bytes each)
Test = tuple[int, str, Any]  # (column, operator, value): "==", "in", "not in" on hashes, or "re"


def _test(column: int, value: Any, strings) -> Test | None:
    """One attribute's condition, on the string hashes ``Doc.to_array`` gives (None: can't be read)."""
    if isinstance(value, bool):
        return column, "==", int(value)
    if isinstance(value, str):
        return column, "==", strings.add(value)
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            return column, "in" if op == "IN" else "not in", frozenset(strings.add(v) for v in arg)
        if op == "REGEX" and isinstance(arg, str):
            return column, "re", re.compile(arg)
    return None


def _passes(test: Test, value: int, strings) -> bool:
    column, op, arg = test
    if op == "==":
        return value == arg
    if op == "in":
        return value in arg
    if op == "not in":
        return value not in arg
    return bool(arg.search(strings[value]))


class AttributeMatch:
    """A drop-in for ``AttributeRuler.match``: (pattern number, its key, start, end), sorted.

    Which one-token patterns match a token, and which longer ones might include it, depends only on the
    token's values of the attributes read: it is worked out once per distinct row of values (most
    tokens repeat one: "the", "of", ",").
    """

    def __init__(self, ruler) -> None:
        self.strings = ruler.vocab.strings
        self.columns: list[str] = []
        self.patterns: list[tuple[int, int, list[list[Test]]]] = []  # (number, key, tests per token)
        # (column, value) -> (pattern, token) pairs: that token of the pattern must have that value
        self.index: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.unindexed: list[int] = []  # one-token patterns checked at every distinct row
        self.memo: dict[tuple[int, ...], tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
        self.ok = True
        for number, entry in enumerate(ruler.patterns):
            key = self.strings.add(str(number))  # AttributeRuler.add's key for its number-th entry
            for pattern in entry["patterns"]:
                tokens = [self._tests(spec) for spec in pattern]
                if not tokens or any(t is None for t in tokens) or not self._add(number, key, tokens):
                    self.ok = False
                    return

    def _tests(self, spec: dict[str, Any]) -> list[Test] | None:
        tests = []
        for attr, value in spec.items():
            if attr not in ATTRS:
                return None
            if attr not in self.columns:
                self.columns.append(attr)
            test = _test(self.columns.index(attr), value, self.strings)
            if test is None:
                return None
            tests.append(test)
        return tests

    def _add(self, number: int, key: int, tokens: list[list[Test]]) -> bool:
        """Index the pattern under the first value one of its tokens must have; False if none must."""
        at = len(self.patterns)
        self.patterns.append((number, key, tokens))
        for offset, tests in enumerate(tokens):
            for column, op, arg in tests:
                if op in ("==", "in"):
                    for value in (arg,) if op == "==" else arg:
                        self.index.setdefault((column, value), []).append((at, offset))
                    return True
        if len(tokens) == 1:
            self.unindexed.append(at)
            return True
        return False

    def _row(self, row: list[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(number, key) of the one-token patterns ``row`` matches; (pattern, token) of longer ones it may."""
        single, longer = set(), []
        candidates = [(at, 0) for at in self.unindexed]
        for column, value in enumerate(row):
            candidates.extend(self.index.get((column, value), ()))
        for at, offset in candidates:
            if len(self.patterns[at][2]) > 1:
                longer.append((at, offset))
            elif self._matches([row], 0, at):
                single.add(self.patterns[at][:2])
        return sorted(single), longer

    def _matches(self, rows: list[list[int]], start: int, at: int) -> bool:
        tokens = self.patterns[at][2]
        end = start + len(tokens)
        return 0 <= start and end <= len(rows) and all(
            _passes(test, rows[i][test[0]], self.strings)
            for i, tests in zip(range(start, end), tokens, strict=True) for test in tests
        )

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        rows = doc.to_array(self.columns).reshape(len(doc), len(self.columns)).tolist()
        memo, patterns = self.memo, self.patterns
        found = []
        for i, row in enumerate(rows):
            values = tuple(row)
            seen = memo.get(values)
            if seen is None:
                seen = self._row(row)
                if len(memo) < MEMO_MAX:
                    memo[values] = seen
            single, longer = seen
            found.extend([(number, key, i, i + 1) for number, key in single])
            for at, offset in longer:  # rare: "gon na", "let 's"
                if self._matches(rows, i - offset, at):
                    found.append((*patterns[at][:2], i - offset, i - offset + len(patterns[at][2])))
        return sorted(set(found))


class LemmaLookup:
    """The lemmatizer's ``pipe``: each (text, POS, morphology) lemmatized once, a doc's lemmas set at once."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}  # (ORTH, POS, MORPH) -> LEMMA hash
        self.checked = False

    def pipe(self, docs, *, batch_size: int = 128):
        """Lemmatize a stream of docs (``Language.pipe`` calls this)."""
        for doc in docs:
            yield self(doc)

    def __call__(self, doc):
        if not self.checked:  # the first doc through spaCy's own code, which checks the lookup tables
            self.checked = True
            return type(self.lemmatizer).__call__(self.lemmatizer, doc)
        if not len(doc):
            return doc
        import numpy  # with spaCy, which has it

        rows = doc.to_array(["ORTH", "POS", "MORPH", "LEMMA"]).tolist()
        memo, overwrite = self.memo, self.lemmatizer.overwrite
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if overwrite or lemma == 0:
                lemma = memo.get((orth, pos, morph))
                if lemma is None:
                    lemma = self._lemma(doc[i])
            lemmas.append(lemma)
        doc.from_array(["LEMMA"], numpy.array(lemmas, dtype="uint64"))
        return doc

    def _lemma(self, token) -> int:
        lemma = token.vocab.strings.add(self.lemmatizer.lemmatize(token)[0])
        if len(self.memo) < MEMO_MAX:
            self.memo[token.orth, token.pos, token.morph.key] = lemma
        return lemma


def numpy_matmul(nlp) -> None:
    """Every model of the pipeline multiplies matrices with numpy (OpenBLAS) instead of blis, on one thread.

    OpenBLAS starts a thread per core by default; on these small matrices the threads mostly wait for
    each other, which added a third to the build's CPU time here (and oversubscribes the cores when a
    build runs several workers). One thread per process gives the same products.
    """
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")

    ops = None
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is None or type(model.ops) is not NumpyOps:  # only CPU models, as spaCy loaded them
            continue
        ops = ops or NumpyOps(use_blis=False)
        for node in model.walk():
            node.ops = ops


def speed_up(nlp) -> None:
    """Give the pipeline's ``attribute_ruler`` and ``lemmatizer`` the stand-ins where they are exact, and
    its models numpy's matrix product."""
    numpy_matmul(nlp)
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        match = AttributeMatch(ruler)
        if match.ok:
            ruler.match = match  # AttributeRuler.__call__ calls self.match
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) in ("rule", "lookup"):
            lemmatizer.pipe = LemmaLookup(lemmatizer).pipe  # Language.pipe calls the pipe's .pipe
