"""Turtle and TriG text straight from N-Triples quads, byte for byte as pyoxigraph writes them.

The exports used to parse their N-Triples lines with pyoxigraph and serialise them again; this module
writes the same bytes in one pass over the (already sorted) quads: the ``@prefix`` lines (longest
namespace first), then one statement per subject (``;`` between predicates, `` , `` between objects,
``a`` for ``rdf:type``), IRIs abbreviated to ``prefix:local`` where the local name can be written
(escaping ``\\.``, ``\\/``, ``\\%``… as oxttl does), and ``xsd:integer``, ``xsd:decimal``,
``xsd:double`` and ``xsd:boolean`` literals of the plain lexical forms written bare. Literal text is
already escaped as pyoxigraph escapes it (kg.ntriples), so it is copied as it is.

One pass makes the statement of each run of one graph and subject (:class:`Statements`); TriG is those
runs indented inside their graph's block, Turtle the same text sorted by subject, where only a subject
stated in several graphs (an entity described in graph:entities, its articles and graph:index) is put
together again, from its runs' predicate blocks. tests/test_turtle.py checks the output against
pyoxigraph's on any IRI and any text.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Iterable, Iterator
from typing import IO

import pyoxigraph as ox

from kg.ntriples import RDF_TYPE, Quad

XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {  # datatypes whose literals Turtle may write bare, and the lexical forms it may
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_FIRST = re.compile(f"[{_BASE}_:0-9]")  # PN_CHARS_U, ':' or a digit
_INNER = re.compile(f"[{_BASE}_:0-9\\-\u00b7\u0300-\u036f\u203f-\u2040]")  # PN_CHARS or ':'
_PLAIN_LOCAL = re.compile(f"[{_BASE}_:0-9](?:[{_BASE}_:0-9\\-\u00b7\u0300-\u036f\u203f-\u2040.]*"
                          f"[{_BASE}_:0-9\\-\u00b7\u0300-\u036f\u203f-\u2040])?")
_ESCAPABLE = frozenset("_~.-!$&'()*+,;=/?#@%")
CACHE_MAX = 200_000  # terms remembered: predicates, classes, datatypes and most entities repeat


def local_name(text: str) -> str | None:
    """``text`` as a Turtle local name (PN_LOCAL, reserved characters escaped), or None if it can't be one."""
    if _PLAIN_LOCAL.fullmatch(text):
        return text
    if not text:
        return None
    out = []
    last = len(text) - 1
    for i, c in enumerate(text):
        if (_FIRST.fullmatch(c) if i == 0 else _INNER.fullmatch(c) or (c == "." and i < last)):
            out.append(c)
        elif c in _ESCAPABLE:
            out.append("\\" + c)
        else:
            return None
    return "".join(out)



def _prefixed(prefix: str, rest: str) -> str | None:
    """``prefix:rest`` when ``rest`` is a valid local name (or empty), else None."""
    if not rest:
        return prefix + ":"
    name = local_name(rest)
    return None if name is None else f"{prefix}:{name}"

class Abbreviator:
    """N-Triples terms -> Turtle terms with the given prefixes (prefix -> namespace), memoised.

    Of the namespaces an IRI starts with, the longest whose remainder is a valid local name wins, as
    in oxttl. Every namespace here ends with '/' or '#', so the candidates are the IRI cut after each
    '/' or '#' from the right; other namespaces are tried one by one.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.by_space = {ns: p for p, ns in prefixes.items()}
        self.odd = sorted(((ns, p) for p, ns in prefixes.items() if not ns.endswith(("/", "#"))),
                          key=lambda x: -len(x[0]))
        self.memo: dict[str, str] = {}

    def header(self) -> str:
        """The ``@prefix`` lines in pyoxigraph's order (by namespace length, ties as its unstable sort
        leaves them), taken from pyoxigraph itself."""
        return _header(tuple(self.prefixes.items()))

    def iri(self, iri: str) -> str:
        """A bare IRI (no angle brackets) as ``prefix:local`` or ``<iri>``."""
        if self.odd:
            return self._iri_any(iri)
        cut = max(iri.rfind("/"), iri.rfind("#"))
        prefix = self.by_space.get(iri[: cut + 1]) if cut > 0 else None
        if prefix is not None and _PLAIN_LOCAL.fullmatch(iri, cut + 1):  # the usual case, at once
            return f"{prefix}:{iri[cut + 1:]}"
        cut = len(iri)
        while cut > 0:
            cut = max(iri.rfind("/", 0, cut), iri.rfind("#", 0, cut))
            if cut < 0:
                break
            prefix = self.by_space.get(iri[: cut + 1])
            if prefix is not None and (short := _prefixed(prefix, iri[cut + 1:])) is not None:
                return short
        return f"<{iri}>"

    def _iri_any(self, iri: str) -> str:
        for ns, prefix in sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda x: -len(x[0])):
            if iri.startswith(ns) and (short := _prefixed(prefix, iri[len(ns):])) is not None:
                return short
        return f"<{iri}>"

    def __call__(self, term: str) -> str:
        """An N-Triples term (IRI, literal or blank node) as Turtle."""
        if term[-1] != ">":  # a plain or language-tagged literal, or a blank node: written as they are
            return term
        found = self.memo.get(term)
        if found is None:
            if term[0] == "<":
                found = self.iri(term[1:-1])
            else:  # '"lexical"^^<datatype>'
                cut = term.rindex('"^^<')
                datatype, value = term[cut + 4:-1], term[1:cut]
                bare = _BARE.get(datatype)
                found = value if bare and bare.fullmatch(value) else f'"{value}"^^{self.iri(datatype)}'
            if len(self.memo) < CACHE_MAX:
                self.memo[term] = found
        return found


@functools.cache
def _header(prefixes: tuple[tuple[str, str], ...]) -> str:
    triple = ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))
    text = ox.serialize([triple], format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes)).decode("utf-8")
    return "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix "))


class _Sink:
    """Text parts gathered and written to ``out`` as UTF-8 about every 64k parts."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.written = out, False
        self.parts: list[str] = []

    def extend(self, texts: list[str]) -> None:
        """Add ``texts`` and write them, 64k parts at a time."""
        for start in range(0, len(texts), 65536):
            self.parts += texts[start:start + 65536]
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts).encode("utf-8"))
            self.parts.clear()
            self.written = True

    def close(self) -> None:
        """Write what is left, unless it is only the header (no statements: an empty file)."""
        if self.written or len(self.parts) > 1:
            self.flush()


Run = tuple[str, str, str]  # (graph, subject, the subject's statement in that graph as Turtle text)


def _runs(quads: Iterable[Quad] | Iterable[list[str]], term: Abbreviator, *, flagged: bool = False,
          verbs: dict[str, str] | None = None) -> tuple[list[Run], set[str]]:
    """Each run of consecutive quads of one graph and subject as one Turtle statement
    (``S p o , o ;\n\tp o .\n``), and the subjects that have a triple twice in a run.

    ``flagged``: each predicate comes after one character (:func:`union_triples`). ``verbs`` (filled):
    each predicate as given -> its text and the space after it (``'a '``, ``'rdfs:label '``).
    """
    memo, abbreviate = term.memo, term
    verbs = {} if verbs is None else verbs
    runs: list[Run] = []
    repeated: set[str] = set()
    parts: list[str] = []
    last_g = last_s = last_p = last_o = None
    for g, s, p, o in quads:
        if s != last_s or g != last_g:
            if parts:
                parts.append(" .\n")
                runs.append((last_g, last_s, "".join(parts)))
            parts = [memo.get(s) or abbreviate(s), " "]
            last_g, last_s, last_p = g, s, None
        elif p == last_p:
            if o == last_o:
                repeated.add(s)
            last_o = o
            parts.append(" , " + (memo.get(o) or abbreviate(o) if o[-1] == ">" else o))
            continue
        else:
            parts.append(" ;\n\t")
        verb = verbs.get(p)
        if verb is None:
            bare = p[1:] if flagged else p
            verb = verbs[p] = "a " if bare == RDF_TYPE else abbreviate(bare) + " "
        parts.append(verb)
        parts.append(memo.get(o) or abbreviate(o) if o[-1] == ">" else o)
        last_p, last_o = p, o
    if parts:
        parts.append(" .\n")
        runs.append((last_g, last_s, "".join(parts)))
    return runs, repeated


class Statements:
    """The quads' statements as Turtle text, one per run of one graph and subject (:func:`_runs`): made
    once for both files when one process writes Turtle and TriG (TriG indents them, Turtle sorts them
    by subject and merges a subject's statements from several graphs). ``readers``: how many writers will
    ask for it (0: keep it for any number)."""

    def __init__(self, terms: Abbreviator, *, readers: int = 0) -> None:
        self.terms, self.readers = terms, readers
        self.verbs: dict[str, str] = {}  # predicate -> its text in a statement (:func:`_runs`)
        self._quads: list[Quad] | None = None
        self._made: tuple[list[Run], set[str]] = ([], set())

    def of(self, quads: list[Quad]) -> tuple[list[Run], set[str]]:
        """:func:`_runs` of ``quads``, made on the first call for that list. After ``readers`` calls (if
        given) the text is let go: the files that needed it are written."""
        made = self._made if self._quads is quads else _runs(quads, self.terms, verbs=self.verbs)
        self._made, self._quads = made, quads
        self.readers -= 1
        if self.readers == 0:
            self._made, self._quads = ([], set()), None
        return made


def union_triples(quads: Iterable[Quad]) -> Iterator[list[str]]:
    """Every triple of every graph once, in export order (subject, ``rdf:type`` first, predicate, object),
    as ``['', subject, flag + predicate, object]``: the flag ('0' for ``rdf:type``, else '1') is the sort's,
    and the graph is always the default one (``''``).

    Quads come sorted within each graph: the sort merges those runs (timsort), it does not start over.
    """
    keys = [f"\0{s}\0{'0' if p == RDF_TYPE else '1'}{p}\0{o}" for _, s, p, o in quads]
    keys.sort()
    last = None
    for key in keys:
        if key != last:
            last = key
            yield key.split("\0")


_SUBJECT = operator.itemgetter(1)


def _type_first(predicate: str) -> tuple[bool, str]:
    return predicate != RDF_TYPE, predicate


def _merged(statements: dict[str, list[str]], term: Abbreviator, verbs: dict[str, str]
            ) -> tuple[dict[str, str], set[str]]:
    """The Turtle statement of each subject of ``statements`` (a subject -> the statements of its runs, in
    order: an entity described in graph:entities, its articles and graph:index), and the subjects left
    to merge triple by triple.

    Each run's statement is its predicates' blocks (``p o , o``) in order, joined by `` ;\n\t`` (which no
    term holds: literals' line breaks are escaped), so when no predicate of a subject is in two of its
    runs, its statement is the runs' blocks put in predicate order (``verbs``: the predicates' text, as
    :func:`_runs` made it). The others go through :func:`union_triples`.
    """
    order = {text: _type_first(p) for p, text in verbs.items()}
    out: dict[str, str] = {}
    odd: set[str] = set()
    for s, texts in statements.items():
        head = len(term(s)) + 1  # 'S ' starts each statement, ' .\n' ends it
        blocks = [block for text in texts for block in text[head:-3].split(" ;\n\t")]
        keys = [order[block[:block.index(" ") + 1]] for block in blocks]
        if len(set(keys)) < len(keys):  # a predicate in two runs: its objects are merged one by one
            odd.add(s)
            continue
        ordered = [block for _, block in sorted(zip(keys, blocks, strict=True))]
        out[s] = texts[0][:head] + " ;\n\t".join(ordered) + " .\n"
    return out, odd


def write_turtle(quads: Iterable[Quad], out: IO[bytes], prefixes: dict[str, str], *,
                 terms: Abbreviator | None = None, statements: Statements | None = None) -> None:
    """The union of all graphs of ``quads`` as Turtle (nothing at all when there are none).

    ``terms``: an Abbreviator of ``prefixes`` to use (and fill), e.g. one shared with :func:`write_trig`;
    ``statements``: a :class:`Statements` of ``terms`` shared with it, so that one pass makes both files'
    text. A subject stated in one run is written as that run's text; one stated in several graphs (an
    entity described in graph:entities and in the articles) is merged from its runs' text, or from its
    triples when a predicate is in two runs or a triple is twice in one.
    """
    quads = quads if isinstance(quads, list) else list(quads)
    term = terms or (statements.terms if statements else Abbreviator(prefixes))
    statements = statements or Statements(term)
    runs, repeated = statements.of(quads)
    text: dict[str, str] = {}
    several: dict[str, list[str]] = {}  # subjects stated in more than one run: their statements
    for _, s, statement in runs:
        if s in text:
            several.setdefault(s, [text[s]]).append(statement)
        else:
            text[s] = statement
    merged, odd = _merged(several, term, statements.verbs)
    text.update(merged)
    odd |= repeated
    if odd:
        union = union_triples(itertools.compress(quads, map(odd.__contains__, map(_SUBJECT, quads))))
        text.update((s, statement) for _, s, statement in _runs(union, term, flagged=True)[0])
    sink = _Sink(out)
    sink.parts.append(term.header())
    sink.extend(list(map(text.__getitem__, sorted(text))))  # in C: a month has 170k subjects
    sink.close()


def write_trig(quads: Iterable[Quad], out: IO[bytes], prefixes: dict[str, str], *,
               terms: Abbreviator | None = None, statements: Statements | None = None) -> None:
    """``quads`` (in export order) as TriG, a ``graph {…}`` block per run of one named graph (nothing at
    all when there are no quads); ``terms`` and ``statements`` as in :func:`write_turtle`."""
    quads = quads if isinstance(quads, list) else list(quads)
    term = terms or (statements.terms if statements else Abbreviator(prefixes))
    runs, _ = (statements or Statements(term)).of(quads)
    sink = _Sink(out)
    sink.parts.append(term.header())
    last_g = None
    for g, run in itertools.groupby(runs, key=operator.itemgetter(0)):
        if last_g:
            sink.parts.append("}\n")
        body = "".join([statement for _, _, statement in run])
        if g:  # inside a block every line is indented once more (no term holds a raw line break)
            sink.parts.append(f"{term(g)} {{\n\t" + body[:-1].replace("\n", "\n\t") + "\n")
        else:
            sink.parts.append(body)
        last_g = g
        if len(sink.parts) > 1024:
            sink.flush()
    if last_g:
        sink.parts.append("}\n")
    sink.close()
