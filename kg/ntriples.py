"""RDF terms and quads as N-Triples text: the graph stage's working form.

The graph stage writes every quad as four strings in canonical N-Triples syntax (``'<iri>'``,
``'"text"@en'``, ``'"10.1"^^<…#decimal>'``; the graph name is ``''`` for the default graph). Strings
are cheap to make, hash, sort and write: N-Quads is the sorted lines, and Turtle, TriG (kg.turtle) and
JSON-LD (kg.export) are written from the same text. rdflib terms are made only where rdflib is wanted
(:func:`to_rdflib`).

Text is escaped as pyoxigraph's canonical N-Triples writer does (``\\"``, ``\\\\``, ``\\n``, ``\\r``,
``\\t``, ``\\b``, ``\\f``, ``\\uXXXX`` for other controls and U+FFFE, U+FFFF); lone surrogates,
which UTF-8 can't carry, become U+FFFD. IRIs are percent-encoded where a character is not allowed in an IRI.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
Quad = tuple[str, str, str, str]  # (graph, subject, predicate, object); graph '' is the default graph

_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]}
_ESCAPES.update({0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f\ud800-\udfff\ufffe\uffff]')
_SURROGATE = re.compile("[\ud800-\udfff]")
_RARE = re.compile(r"[\x00-\x07\x0b\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # escaped as \uXXXX (or U+FFFD)
_COMMON = tuple((chr(c), _ESCAPES[c]) for c in (0x5C, 0x22, 0x0A, 0x0D, 0x09, 0x08, 0x0C))  # backslash first
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\ud800-\udfff]')
_LITERAL = re.compile(r'"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?', re.S)
_UNESCAPE = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf"\'\\])')
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def iri(value: str) -> str:
    """``'<value>'``; characters no IRI may hold (space, ``<``, ``"``…) are percent-encoded."""
    if _BAD_IRI.search(value):
        value = _BAD_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in _utf8(m.group())), value)
    return f"<{value}>"


def _utf8(char: str) -> bytes:
    return char.encode("utf-8", "replace") if "\ud800" <= char <= "\udfff" else char.encode("utf-8")


def literal(value: Any, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal: ``'"value"'``, ``'"value"@lang'`` (tag lower-cased) or ``'"value"^^<datatype>'``.

    A Python ``int`` is an ``xsd:integer`` unless another datatype is given.
    """
    if isinstance(value, int) and not isinstance(value, bool) and not datatype:
        datatype = XSD_INTEGER
    text = str(value)
    if _NEEDS_ESCAPE.search(text):
        if _RARE.search(text):
            text = _SURROGATE.sub("\ufffd", text).translate(_ESCAPES)
        else:  # the usual case (a body's line breaks, quotes): str.replace is much faster than translate
            for char, escape in _COMMON:
                if char in text:
                    text = text.replace(char, escape)
    if lang:
        return f'"{text}"@{lang.lower()}'
    if datatype and datatype != XSD_STRING:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def from_rdflib(term: Node) -> str:
    """An rdflib URIRef or Literal as N-Triples text."""
    if isinstance(term, Literal):
        return literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, URIRef):
        return iri(str(term))
    raise TypeError(f"can't write RDF term {term!r}: only IRIs and literals are used")


def unescape(text: str) -> str:
    """The inverse of the escaping in :func:`literal`."""
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(lambda m: _ECHARS.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), text)


def parse_literal(term: str) -> tuple[str, str | None, str | None]:
    """N-Triples text of a literal -> (its text, language tag or None, datatype IRI or None)."""
    match = _LITERAL.fullmatch(term)
    if match is None:
        raise ValueError(f"not an N-Triples literal: {term[:80]!r}")
    value, lang, datatype = match.groups()
    return unescape(value), lang, datatype


def to_rdflib(term: str) -> URIRef | Literal:
    """N-Triples text of an IRI or literal -> the rdflib term."""
    if term.startswith("<"):
        return URIRef(term[1:-1])
    value, lang, datatype = parse_literal(term)
    return Literal(value, lang=lang, datatype=URIRef(datatype) if datatype else None)


def export_order(quad: Quad) -> str:
    """Sort key of the exports: by graph (default first), subject, ``rdf:type`` first, predicate, object.

    One string, the terms joined by NUL (which no term holds, so it orders like the tuple of terms, and
    one string compares much faster than a tuple of strings with long common prefixes).
    """
    g, s, p, o = quad
    return f"{g}\0{s}\0{'0' if p == RDF_TYPE else '1'}{p}\0{o}"


def graph_order(quad: Quad) -> str:
    """:func:`export_order` of quads that share their graph (shorter keys: the graph is left out)."""
    _, s, p, o = quad
    return f"{s}\0{'0' if p == RDF_TYPE else '1'}{p}\0{o}"


def nquad_line(quad: Quad) -> str:
    g, s, p, o = quad
    return f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"
