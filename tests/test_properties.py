"""Property-based tests (hypothesis) of the reader and the exporters: any bytes, any text.

The reader never raises anything but ``ArticleError`` and never returns lone surrogates, NULs or
un-normalised bodies; any text put in names, titles, bodies and evidence sentences comes back from every
export format (Turtle, TriG, N-Quads, JSON-LD), read by rdflib and by pyoxigraph, as the same literal
text, except that lone surrogates become U+FFFD (``kg.export.clean_text``); the HTML view carries the
same text as JSON that can't close its ``<script>`` element.

Profiles: ``kg-ci`` (the default: 200 examples a test) and ``kg-deep`` (2,000); pick one with
``KG_HYPOTHESIS_PROFILE=kg-deep``. ``pytest --hypothesis-show-statistics`` prints the examples run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import string
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal
from rdflib.namespace import DCTERMS, RDFS

from kg.corpus import FIRST_ISSUE, read_article
from kg.errors import ArticleError
from kg.export import FORMATS, clean_text, serialize, to_jsonld
from kg.graph import article_iri, build_graph, entity_iri, graph_quads
from kg.lexicon import slug
from kg.namespace import KG, SCHEMA
from kg.ntriples import literal, to_rdflib
from kg.records import Article, ArticleResult, Entity, Evidence, Mention, Relation

settings.register_profile(
    "kg-ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "kg-deep", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = settings.get_profile(os.environ.get("KG_HYPOTHESIS_PROFILE", "kg-ci"))

# Text that stresses every escaping layer: quotes, backslashes, line breaks of every kind, '>' and
# '<', control characters, non-characters, astral characters, CJK, HTML and script payloads, and lone
# surrogates (Python strings can hold them; no RDF syntax can).
NASTY = ['"', "'", "\\", "\n", "\r", "\t", ">", "<", "&", "\x00", "\x01", "\x1b", "\x7f", "\x85",
         "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\U0001f600", "\U00020000", "\ud800", "\udfff",
         "</script>", "<!--", "]]>", '"""', "'''", "\\u0022", "${x}", "@en", "^^", "_:b0", "<http://x/>",
         "太原", "Lǐ Āndá", "javascript:alert(1)"]
ANY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=60)  # includes surrogates (Cs)
NASTY_TEXT = st.lists(st.one_of(st.sampled_from(NASTY), ANY_TEXT), min_size=1, max_size=6).map("".join)
NAMES = st.one_of(NASTY_TEXT, ANY_TEXT).filter(lambda s: s.strip() != "")
SURROGATE = re.compile("[\ud800-\udfff]")
ID_SAFE = re.compile(r"[A-Za-z0-9._-]+")


# --------------------------------------------------------------------------------------------- reader


def _read_bytes_as_article(data: bytes, name: str = "article.txt") -> Article | ArticleError:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            return read_article(path)
        except ArticleError as err:
            assert str(err).startswith(f"{path}: ") and "\n" not in str(err)
            return err


def _text_fields(article: Article) -> list[str]:
    return [article.title_en, article.title_zh, article.date, article.page, article.section, article.column,
            article.body_en, article.body_zh, *article.authors_en, *article.authors_zh, *article.warnings]


def _normalised(text: str) -> str:
    """What the reader makes of a body: lines stripped, blank ones dropped, joined with '\\n'."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(s for s in (line.strip() for line in lines) if s)


@PROFILE
@given(st.one_of(st.binary(max_size=3000), NASTY_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_reader_survives_any_bytes(data: bytes) -> None:
    """Any bytes give an Article or one ArticleError line; an Article holds valid, normalised text."""
    result = _read_bytes_as_article(data)

    if isinstance(result, Article):
        for text in _text_fields(result):
            assert not SURROGATE.search(text) and "\x00" not in text and "\r" not in text
            text.encode("utf-8")
        for body in (result.body_en, result.body_zh):
            assert body == _normalised(body)
        assert result.body_en or result.body_zh
        assert ID_SAFE.fullmatch(result.id)
        assert result.date == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", result.date)


PLAIN_LINE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"], include_characters="\t"),
    max_size=50,
)


@PROFILE
@given(st.lists(PLAIN_LINE, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_plain_text_body_round_trips(lines: list[str], newline: str, bom: bool) -> None:
    """A plain-text file (any line endings, with or without a BOM) reads back as its normalised text."""
    text = newline.join(lines)
    expected = _normalised(text)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not expected or re.match(r"(?i)(title|authors?|date|page|edition|section|column)[ \t]*:", first) \
            or first.startswith("###"):
        return  # nothing to read, or not a plain-text layout
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")

    result = _read_bytes_as_article(data)

    assert isinstance(result, Article), result
    assert expected in (result.body_en, result.body_zh)
    assert "" in (result.body_en, result.body_zh)
    assert result.warnings == ()


TITLE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
                min_size=1, max_size=40).map(str.strip).filter(bool)
EN_LINE = st.text(alphabet=string.ascii_letters + string.digits + " ,.;'\"()-<>&\\/", min_size=1, max_size=60)
ZH_LINE = st.text(alphabet="太原钢铁公司市长王李书记，。、“”《》（）0123456789", min_size=1, max_size=40)


@PROFILE
@given(TITLE, st.dates(), st.lists(EN_LINE, min_size=1, max_size=5), TITLE, st.lists(ZH_LINE, min_size=1,
       max_size=5), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_bilingual_fields_round_trip(title: str, date, en: list[str], title_zh: str, zh: list[str],
                                     encoding: str) -> None:
    """Header fields and both bodies of a bilingual file come back as written, in UTF-8 or GB18030."""
    en = [line for line in en if line.strip() and not re.match(r"(?i)\s*(<hr|original\s*:|\w+\s*:)", line)]
    if not en or title_zh.startswith("#"):
        return
    text = (f"Title: {title}\nAuthor: Wang Aisheng\nDate: {date.isoformat()}\nPage: 2\n\n" + "\n\n".join(en)
            + f"\n<hr />\nOriginal:\n\n### {title_zh}\n王爱生\n{date.isoformat()}\n第2版()\n\n"
            + "".join(f"    {line}\n" for line in zh))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # a title GB18030 can't carry: not this test's business
        return

    result = _read_bytes_as_article(data)

    assert isinstance(result, Article), result
    assert (result.title_en, result.date, result.page) == (title, date.isoformat(), "2")
    assert (result.title_zh, result.authors_zh) == (title_zh.strip(), ("王爱生",))
    assert result.body_en == _normalised("\n".join(en))
    assert result.body_zh == _normalised("\n".join(zh))
    far = not FIRST_ISSUE <= date <= dt.date.today()  # a date outside the corpus's years is warned about
    assert any(w.startswith(f"date {date.isoformat()} is ") for w in result.warnings) == far
    if encoding == "gb18030" and data != text.encode("utf-8"):
        assert [w for w in result.warnings if not w.startswith("date ")] == ["decoded as GB18030"]


# ------------------------------------------------------------------------------------------ exporters


def _result(names: list[str], title: str, body: str, sentence: str) -> ArticleResult:
    """One article whose enterprise names, title, body and evidence sentence are the given texts."""
    article = Article(id="prop_article", source="in/prop_article.txt", sha256="0" * 64, title_en=title,
                      title_zh=title, date="1989-10-01", body_en=body, authors_en=(title,))
    entities = []
    for i, name in enumerate(names):
        key = f"{slug(name)}-{i}"  # distinct keys even where two names slug alike
        mention = Mention(article=article.id, lang="en", start=i, end=i + len(name), text=name,
                          type="Enterprise", rule="prop")
        entities.append(Entity(type="Enterprise", key=key, label_en=name, label_zh=name, mentions=[mention],
                               articles={article.id}))
    city = Entity(type="City", key="taiyuan", label_en="Taiyuan")
    ev = Evidence(article=article.id, lang="en", start=0, end=len(sentence), text=sentence)
    relations = [Relation(subject=e.ref, predicate="locatedIn", object=city.ref, evidence=ev)
                 for e in entities]
    return ArticleResult(article=article, entities=[*entities, city], relations=relations)


def _literals(quads, predicate: str, subject: str | None = None) -> set[str]:
    return {q.object.value for q in quads if q.predicate.value == predicate
            and (subject is None or q.subject.value == subject)}


RDFLIB_FORMATS = {"graph.ttl": "turtle", "graph.trig": "trig", "graph.nq": "nquads"}


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's parsers
@PROFILE
@given(st.lists(NAMES, min_size=1, max_size=3, unique=True), NAMES, NASTY_TEXT, NAMES)
def test_any_text_round_trips_through_every_export(names: list[str], title: str, body: str,
                                                   sentence: str) -> None:
    """Names, titles, bodies, evidence come back from every format and both parsers (surrogates: U+FFFD)."""
    result = _result(names, title, body, sentence)
    ours = {str(entity_iri(e.ref)) for e in result.entities}
    # the article's graph and the entities' descriptions (the constant SKOS scheme only slows parsing)
    quads = [q for q in graph_quads([result]) if q[0] or q[1][1:-1] in ours]
    label, exact = str(RDFS.label), str(KG.evidenceText)
    article = str(article_iri("prop_article"))
    want = {
        "labels": {clean_text(n) for n in names},
        "title": {clean_text(title)},
        "body": {clean_text(body)} if body else set(),  # an empty body is not stated
        "evidence": {clean_text(sentence)},
    }
    outputs = {name: serialize(quads, fmt) for name, fmt in FORMATS.items()}
    outputs["graph.jsonld"] = to_jsonld(quads)

    for name, data in outputs.items():
        data.decode("utf-8")  # strict: valid UTF-8, so no surrogate got through
        fmt = ox.RdfFormat.JSON_LD if name == "graph.jsonld" else FORMATS[name]
        back = list(ox.parse(data, format=fmt))
        ds = Dataset()
        ds.parse(data=data.decode("utf-8"), format=RDFLIB_FORMATS.get(name, "json-ld"))
        rdflib_back = [ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)),
                               ox.Literal(str(o)) if isinstance(o, Literal) else ox.NamedNode(str(o)))
                       for s, p, o, _ in ds.quads((None, None, None, None))]
        for parsed, parser in ((back, "pyoxigraph"), (rdflib_back, "rdflib")):
            for e, n in zip(result.entities, names, strict=False):
                assert clean_text(n) in _literals(parsed, label, str(entity_iri(e.ref))), (name, parser)
            assert want["labels"] <= _literals(parsed, label), (name, parser)
            assert _literals(parsed, str(DCTERMS.title), article) == want["title"], (name, parser)
            assert _literals(parsed, str(SCHEMA.articleBody), article) == want["body"], (name, parser)
            assert _literals(parsed, exact) == want["evidence"], (name, parser)
        assert len(back) == len(quads) == len(set(back))


@PROFILE
@given(st.lists(NAMES, min_size=1, max_size=3, unique=True), NASTY_TEXT)
def test_view_carries_any_text_as_inert_json(names: list[str], sentence: str) -> None:
    """The view's data block parses back to the (cleaned) names and can't close its <script> element."""
    from kg.stats import to_networkx
    from kg.viz import render

    ds = build_graph([_result(names, "t", "body", sentence)])

    html, stats = render(to_networkx(ds))

    html = clean_text(html)
    html.encode("utf-8")
    start = html.index('<script type="application/json" id="kg-data">') + len(
        '<script type="application/json" id="kg-data">')
    end = html.index("</script>", start)
    block = html[start:end]
    assert "<" not in block and ">" not in block and "\u2028" not in block
    data = json.loads(block)
    assert stats.nodes == len(data["nodes"]) == len(names) + 1  # the enterprises and the city
    shown = {info["en"] for info in data["nodeInfo"]}
    assert {clean_text(n) for n in names} <= shown
    evidence = {text for e in data["edgeInfo"] for _, text in e["ev"]}
    assert clean_text(sentence) in evidence


@PROFILE
@given(NASTY_TEXT, st.sampled_from([None, "en", "zh-Latn-pinyin"]))
def test_literals_are_written_as_pyoxigraph_writes_them(text: str, lang: str | None) -> None:
    """kg.ntriples escapes any text exactly as pyoxigraph's canonical N-Triples does, and reads it back."""
    ours = literal(text, lang)

    assert ours == str(ox.Literal(clean_text(text), language=lang.lower() if lang else None))
    assert to_rdflib(ours) == Literal(clean_text(text), lang=lang.lower() if lang else None)


def test_clean_text_replaces_only_surrogates() -> None:
    """Lone surrogates become U+FFFD; everything else, astral characters included, is unchanged."""
    assert clean_text("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    text = "\x00\x1b\u2028\ufffe\U0001f600太原\"\\"
    assert clean_text(text) is text


@pytest.mark.parametrize("text", ["a\x85b", "a\u2028b", "a\u2029b", "a\x1cb", "a\x0bb\x0cc", "a\rb"])
def test_nquads_lines_are_split_on_newline_only(text: str) -> None:
    """Characters str.splitlines treats as line breaks stay inside their N-Quads literal (a former bug)."""
    quads = graph_quads([dataclasses.replace(_result(["Factory"], "t", "body", text))])

    data = serialize(quads, ox.RdfFormat.N_QUADS)

    back = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert text in _literals(back, str(KG.evidenceText))
    assert all(line.endswith(b" .") for line in data.split(b"\n")[:-1])
