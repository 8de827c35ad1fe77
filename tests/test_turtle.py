"""kg.turtle and the JSON-LD writer write, byte for byte, what pyoxigraph (and the json module) write.

The writers put text together from the N-Triples quads; the reference is pyoxigraph parsing the same
N-Quads and serialising them with the same prefixes (what kg.export did before), and for JSON-LD
the plain dict-and-json.dumps writer, reproduced here.
"""

from __future__ import annotations

import io
import itertools
import json
import operator
import os
import string

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.export import clean_text, prefixes, read_context, to_jsonld
from kg.ntriples import RDF_TYPE, Quad, export_order, iri, literal, nquad_line, parse_literal
from kg.turtle import Abbreviator, local_name, write_trig, write_turtle

settings.register_profile("kg-turtle", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile(os.environ.get("KG_TURTLE_PROFILE", "kg-turtle"))
XSD = "http://www.w3.org/2001/XMLSchema#"
SPACES = sorted(set(prefixes().values()))[:12] + ["http://example.org/other/"]
LOCAL_CHARS = string.ascii_letters + string.digits + "_-.~!$&'()*+,;=/?@:·\u0300\u203f太原Āé\U00020000 "
LOCAL = st.lists(st.one_of(st.sampled_from(LOCAL_CHARS), st.just("%2C")), max_size=8).map("".join)
IRIS = st.builds(lambda ns, local: iri(ns + local), st.sampled_from(SPACES), LOCAL)
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
NUMBERS = st.sampled_from(["1", "-1", "+2", "007", "1.5", ".5", "5.", "-.5", "1e3", "1.E-2", ".5e+1", "e3",
                           "true", "false", "True", "", "1 ", "NaN", "INF"])
DATATYPES = st.sampled_from([XSD + t for t in ("integer", "decimal", "double", "boolean", "date", "string",
                                               "nonNegativeInteger")] + ["http://example.org/dt"])
LITERALS = st.one_of(
    st.builds(literal, TEXT),
    st.builds(lambda t, lang: literal(t, lang), TEXT, st.sampled_from(["en", "zh", "zh-Latn-pinyin"])),
    st.builds(lambda t, dt: literal(t, datatype=dt), st.one_of(NUMBERS, TEXT), DATATYPES),
)
GRAPH_IRIS = [iri(f"https://w3id.org/rmrb-kg/id/graph/{n}") for n in "abc"]
GRAPHS = st.one_of(st.just(""), st.sampled_from(GRAPH_IRIS))
PREDICATES = st.one_of(st.just(RDF_TYPE), IRIS)
QUADS = st.lists(st.tuples(GRAPHS, IRIS, PREDICATES, st.one_of(IRIS, LITERALS)), max_size=25)


def _export_order(quads: list[Quad]) -> list[Quad]:
    """Quads as kg.graph orders them: the default graph, then the graphs as first seen; export order
    within each graph."""
    seen = list(dict.fromkeys(q[0] for q in quads))
    return sorted(set(quads), key=lambda q: (q[0] != "", seen.index(q[0]), export_order(q)))


def _pyoxigraph(quads: list[Quad], fmt: ox.RdfFormat) -> bytes:
    text = "".join(map(nquad_line, quads)).encode("utf-8")
    parsed = ox.parse(text, format=ox.RdfFormat.N_QUADS)
    if fmt == ox.RdfFormat.TURTLE:
        union = sorted({("", *q[1:]) for q in quads}, key=export_order)
        parsed = (q.triple for q in ox.parse("".join(map(nquad_line, union)).encode("utf-8"),
                                              format=ox.RdfFormat.N_TRIPLES))
    return ox.serialize(parsed, format=fmt, prefixes=prefixes()) or b""


def _ours(quads: list[Quad], fmt: ox.RdfFormat) -> bytes:
    out = io.BytesIO()
    (write_turtle if fmt == ox.RdfFormat.TURTLE else write_trig)(quads, out, prefixes())
    return out.getvalue()


@PROFILE
@given(QUADS)
def test_turtle_and_trig_are_pyoxigraphs_bytes(quads: list[Quad]) -> None:
    """Any IRIs (every reserved local-name character), literals and graphs: the same bytes as pyoxigraph."""
    quads = _export_order(quads)
    for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        assert _ours(quads, fmt) == _pyoxigraph(quads, fmt), fmt


FEW_IRIS = st.sampled_from([iri(f"https://w3id.org/rmrb-kg/id/city/{n}") for n in ("a", "b", "ab", "a-1")])
FEW_PREDICATES = st.sampled_from([RDF_TYPE, iri("http://purl.org/dc/terms/date"),  # before rdf:type
                                  iri("https://w3id.org/rmrb-kg/ontology#p"), iri("https://schema.org/name")])
SHARED_QUADS = st.lists(st.tuples(GRAPHS, FEW_IRIS, FEW_PREDICATES, st.one_of(FEW_IRIS, LITERALS)),
                        max_size=30)


@PROFILE
@given(SHARED_QUADS)
def test_subjects_in_several_graphs_are_merged_as_pyoxigraph_does(quads: list[Quad]) -> None:
    """A few subjects stated in several graphs, with shared predicates and triples: Turtle merges them
    (kg.turtle puts the runs together, or re-sorts the subjects whose predicates overlap)."""
    quads = _export_order(quads)
    for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        assert _ours(quads, fmt) == _pyoxigraph(quads, fmt), fmt


def test_local_names_escape_as_oxttl_does() -> None:
    """Reserved characters get a backslash, a final '.' too; a space or '<' can't be in a local name."""
    assert local_name("sun_ying") == "sun_ying"
    assert local_name("a.b") == "a.b" and local_name("a.") == "a\\." and local_name(".a") == "\\.a"
    assert local_name("-a") == "\\-a" and local_name("a/b%2C") == "a\\/b\\%2C"
    assert local_name("a b") is None and local_name("") is None
    term = Abbreviator(prefixes())
    assert term("<https://w3id.org/rmrb-kg/id/city/taiyuan>") == "city:taiyuan"
    assert term('"12"^^<http://www.w3.org/2001/XMLSchema#integer>') == "12"
    assert term(f'"12"^^<{XSD}nonNegativeInteger>') == '"12"^^xsd:nonNegativeInteger'
    assert term("<http://example.org/x>") == "<http://example.org/x>"


# --------------------------------------------------------------------------- JSON-LD, the dict writer


def _reference_jsonld(quads: list[Quad]) -> bytes:
    """The former writer: node dicts, json.dumps of each (kept here as the reference)."""
    context = read_context()
    spaces = {ns: p for p, ns in context.items() if isinstance(ns, str) and ns.endswith(("/", "#"))}

    def compact(value: str) -> str:
        cut = len(value) - 1
        while cut > 0:
            cut = max(value.rfind("/", 0, cut), value.rfind("#", 0, cut))
            prefix = spaces.get(value[: cut + 1]) if cut > 0 else None
            if prefix is not None and not value[cut + 1:].startswith("//"):
                return f"{prefix}:{value[cut + 1:]}"
        return value

    def value(term: str) -> dict[str, str]:
        if term[0] == "<":
            return {"@id": compact(term[1:-1])}
        text, lang, datatype = parse_literal(term)
        if lang:
            return {"@value": text, "@language": lang}
        return {"@value": text, "@type": compact(datatype)} if datatype else {"@value": text}

    def nodes(graph) -> dict:
        found: dict = {}
        for _, s, p, o in graph:
            node = found.setdefault(compact(s[1:-1]), {"@id": compact(s[1:-1])})
            if p == RDF_TYPE and o[0] == "<":
                node.setdefault("@type", []).append(compact(o[1:-1]))
            else:
                node.setdefault(compact(p[1:-1]), []).append(value(o))
        order = lambda k: (not k.startswith("@"), k)  # noqa: E731
        return {k: {key: n[key] for key in sorted(n, key=order)} for k, n in sorted(found.items())}

    def dump(obj) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))

    names = {compact(g[1:-1]) for g in {q[0] for q in quads} if g}
    items, top = [], {}
    groups = [(g, list(run)) for g, run in itertools.groupby(quads, key=operator.itemgetter(0))]
    for g, run in groups:
        if g == "":
            top = nodes(run)
    items += [dump(n) for k, n in top.items() if k not in names]
    for g, run in groups:
        if g:
            gid = compact(g[1:-1])
            head = dump(top.pop(gid, {"@id": gid}))[:-1] + ', "@graph": [\n'
            items.append(head + ",\n".join(f"  {dump(n)}" for n in nodes(run).values()) + "\n]}")
    text = '{"@context": ' + json.dumps(context, ensure_ascii=False, indent=1) + ',\n"@graph": [\n'
    return (text + ",\n".join(items) + "\n]}\n").encode("utf-8")


@PROFILE
@given(QUADS)
def test_jsonld_is_the_dict_writers_bytes(quads: list[Quad]) -> None:
    """Any text, escapes included, comes out as json.dumps writes it; nodes and keys in the same order."""
    quads = _export_order(quads)
    assert to_jsonld(quads) == _reference_jsonld(quads)


def test_jsonld_text_with_escapes_reads_back() -> None:
    """Controls, U+007F and U+FFFF are \\u escapes in N-Triples: JSON gets the characters back."""
    text = clean_text('a\x01b\x7fc\uffff"\\\n')
    quads = [("", iri("https://w3id.org/rmrb-kg/id/city/x"), iri("http://www.w3.org/2000/01/rdf-schema#label"),
              literal(text, "en"))]
    data = json.loads(to_jsonld(quads))
    assert data["@graph"][0]["rdfs:label"] == [{"@value": text, "@language": "en"}]


def test_turtle_of_more_subjects_than_a_write_holds_is_pyoxigraphs_bytes() -> None:
    """Over 64k subjects: the statements are written in several parts, the same bytes as in one."""
    p = iri("https://w3id.org/rmrb-kg/ontology#p")
    city = "https://w3id.org/rmrb-kg/id/city/c"
    quads = sorted((("", iri(f"{city}{n}"), p, literal(n)) for n in range(70_000)), key=export_order)
    assert _ours(quads, ox.RdfFormat.TURTLE) == _pyoxigraph(quads, ox.RdfFormat.TURTLE)
