"""kg query: named queries give exact rows on a hand-written graph and robust facts on the seed build;
parameters, formats, stores and errors behave as documented."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ConfigError, QueryError
from kg.index import INDEX_GRAPH, index_quads
from kg.query import (
    bind_params,
    load_store,
    named_queries,
    open_store,
    prepare,
    resolve_query,
    run_query,
    to_rows,
    to_table,
    to_term,
    write_results,
)
from kg.query import term_text as text

from .conftest import DATA

FIXTURE = DATA / "query" / "graph.ttl"
EXPORTS = Path(__file__).resolve().parents[1] / "exports"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
runner = CliRunner()


def rows_of(store: ox.Store, name: str, **params: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Column names and rows as the table shows them (labels plain, IRIs shortened, unbound empty)."""
    columns, rows = to_rows(run_query(store, prepare(name, params)))
    return columns, [tuple(text(term) for term in row) for row in rows]


@pytest.fixture(scope="module")
def fixture_store() -> ox.Store:
    """The hand-written fixture with the graph:index kg build would add (kg/index.py)."""
    store = open_store(graphs=[FIXTURE])
    quads = [("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name), str(q.subject),
              str(q.predicate), str(q.object)) for q in store]
    text = "".join(f"{s} {p} {o} {g} .\n" for g, s, p, o in index_quads(quads))
    store.bulk_load(text.encode(), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def indexed_fixture(fixture_store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with its graph:index in one N-Quads file, as kg build writes graph.nq: the listing
    queries read the index (kg:displayLabel, places, holding shortcuts)."""
    path = tmp_path_factory.mktemp("indexed") / "graph.nq"
    fixture_store.dump(str(path), format=ox.RdfFormat.N_QUADS)
    return path


@pytest.fixture(scope="module")
def seed_store(seed_build: Path) -> ox.Store:
    return open_store(graphs=[seed_build / "graph.ttl"])


def invoke(*args: str):
    return runner.invoke(app, list(args))


# --- the named queries on the hand-written fixture: exact rows -------------------------------------------

EXPECTED = {
    "officials": (
        ["person", "post", "body", "date", "article", "person_iri", "post_iri", "body_iri"],
        [
            (
                "He Jianguo",
                "Deputy Director",
                "",
                "1960-09-30",
                "article:fx-1960-c",
                "person:he-jianguo",
                "post:deputy-director",
                "",
            ),
            (
                "Liang Shuhua",
                "Mayor",
                "Changsha Municipal Government",
                "1958-03-02",
                "article:fx-1958-b",
                "person:liang-shuhua",
                "post:gov-body.changsha-municipal-government--mayor",
                "gov-body:changsha-municipal-government",
            ),
            (
                "Liang Shuhua",
                "Mayor",
                "Changsha Municipal Government",
                "1960-09-30",
                "article:fx-1960-c",
                "person:liang-shuhua",
                "post:gov-body.changsha-municipal-government--mayor",
                "gov-body:changsha-municipal-government",
            ),
            (
                "Zhou Mingde",
                "First Secretary",
                "Wuhu Municipal Party Committee",
                "1957-06-14",
                "article:fx-1957-a",
                "person:zhou-mingde",
                "post:party-body.wuhu-municipal-party-committee--first-secretary",
                "party-body:wuhu-municipal-party-committee",
            ),
            (
                "唐伟",
                "Vice-Governor",
                "Anhui Provincial Government",
                "1958-03-02",
                "article:fx-1958-b",
                "person:tang-wei",
                "post:gov-body.anhui-provincial-government--vice-governor",
                "gov-body:anhui-provincial-government",
            ),
        ],
    ),
    "bodies_by_government": (
        [
            "government",
            "place",
            "body",
            "mechanism",
            "date",
            "article",
            "government_iri",
            "body_iri",
            "mechanism_iri",
        ],
        [
            (
                "Anhui Provincial Government",
                "Anhui",
                "Anhui Materials Exchange Office",
                "",
                "1960-09-30",
                "article:fx-1960-c",
                "gov-body:anhui-provincial-government",
                "gov-body:anhui-materials-exchange-office",
                "",
            ),
            (
                "Changsha Municipal Government",
                "Changsha",
                "Changsha Joint Supply Office",
                "joint supply office",
                "1958-03-02",
                "article:fx-1958-b",
                "gov-body:changsha-municipal-government",
                "gov-body:changsha-joint-supply-office",
                "mechanism:joint-supply-office",
            ),
        ],
    ),
    "mechanism_adoption": (
        [
            "mechanism",
            "place",
            "province",
            "actor",
            "how",
            "date",
            "article",
            "mechanism_iri",
            "place_iri",
            "actor_iri",
        ],
        [
            (
                "joint supply office",
                "Changsha",
                "Hunan",
                "Changsha Municipal Government",
                "establishes Changsha Joint Supply Office",
                "1958-03-02",
                "article:fx-1958-b",
                "mechanism:joint-supply-office",
                "city:changsha",
                "gov-body:changsha-municipal-government",
            ),
            (
                "piece-rate wage system",
                "Anhui",
                "Anhui",
                "Anhui Provincial Government",
                "adopts",
                "1960-09-30",
                "article:fx-1960-c",
                "mechanism:piece-rate-wages",
                "province:anhui",
                "gov-body:anhui-provincial-government",
            ),
            (
                "piece-rate wage system",
                "Changsha",
                "Hunan",
                "Changsha Municipal Government",
                "adopts",
                "1958-03-02",
                "article:fx-1958-b",
                "mechanism:piece-rate-wages",
                "city:changsha",
                "gov-body:changsha-municipal-government",
            ),
            (
                "piece-rate wage system",
                "Wuhu",
                "Anhui",
                "Wuhu",
                "adopts",
                "1957-06-14",
                "article:fx-1957-a",
                "mechanism:piece-rate-wages",
                "city:wuhu",
                "city:wuhu",
            ),
            (
                "piece-rate wage system",
                "Wuhu",
                "Anhui",
                "Wuhu Shipyard",
                "adopts",
                "1957-06-14",
                "article:fx-1957-a",
                "mechanism:piece-rate-wages",
                "city:wuhu",
                "enterprise:wuhu-shipyard",
            ),
            (
                "technical innovation campaign",
                "",
                "",
                "Ministry of Light Industry",
                "adopts",
                "1957-06-14",
                "article:fx-1957-a",
                "mechanism:technical-innovation-campaign",
                "",
                "gov-body:ministry-of-light-industry",
            ),
            (
                "technical innovation campaign",
                "Anhui",
                "Anhui",
                "Anhui Planning Office",
                "adopts",
                "1960-09-30",
                "article:fx-1960-c",
                "mechanism:technical-innovation-campaign",
                "province:anhui",
                "gov-body:anhui-planning-office",
            ),
            (
                "technical innovation campaign",
                "Wuhan",
                "province:hubei",
                "Wuhan",
                "adopts",
                "1960-09-30",
                "article:fx-1960-c",
                "mechanism:technical-innovation-campaign",
                "city:wuhan",
                "city:wuhan",
            ),
        ],
    ),
    "mechanisms_across_provinces": (
        ["mechanism", "provinces", "province", "place", "first_date", "last_date", "mechanism_iri",
         "province_iri", "place_iri"],
        [
            ("piece-rate wage system", "2", "Anhui", "Anhui", "1960-09-30", "1960-09-30",
             "mechanism:piece-rate-wages", "province:anhui", "province:anhui"),
            ("piece-rate wage system", "2", "Anhui", "Wuhu", "1957-06-14", "1957-06-14",
             "mechanism:piece-rate-wages", "province:anhui", "city:wuhu"),
            ("piece-rate wage system", "2", "Hunan", "Changsha", "1958-03-02", "1958-03-02",
             "mechanism:piece-rate-wages", "province:hunan", "city:changsha"),
            # a province no article labels shows as its IRI (SPARQL orders IRIs before literals)
            ("technical innovation campaign", "2", "province:hubei", "Wuhan", "1960-09-30", "1960-09-30",
             "mechanism:technical-innovation-campaign", "province:hubei", "city:wuhan"),
            ("technical innovation campaign", "2", "Anhui", "Anhui", "1960-09-30", "1960-09-30",
             "mechanism:technical-innovation-campaign", "province:anhui", "province:anhui"),
        ],
    ),
    "enterprises_by_place": (
        ["enterprise", "city", "province", "enterprise_iri", "city_iri", "province_iri"],
        [
            (
                "Wuhan Boiler Works",
                "Wuhan",
                "province:hubei",
                "enterprise:wuhan-boiler-works",
                "city:wuhan",
                "province:hubei",
            ),
            ("Wuhu Shipyard", "Wuhu", "Anhui", "enterprise:wuhu-shipyard", "city:wuhu", "province:anhui"),
            ("Anhui Cement Company", "", "Anhui", "enterprise:anhui-cement-company", "", "province:anhui"),
            (
                "Liuyang Fireworks Factory",
                "Changsha",
                "Hunan",
                "enterprise:liuyang-fireworks-factory",
                "city:changsha",
                "province:hunan",
            ),
            (
                "湘江造纸厂",
                "Changsha",
                "Hunan",
                "enterprise:xiangjiang-paper-mill",
                "city:changsha",
                "province:hunan",
            ),
            ("Red Star Tractor Plant", "", "", "enterprise:red-star-tractor-plant", "", ""),
        ],
    ),
}

WUHU_OBS = "kgr:observation/fx-1957-a.en.wuhu-output"
SHIPYARD_OBS = "kgr:observation/fx-1958-b.en.shipyard-ships"
EXPECTED["statistics_by_place"] = (
    [
        "place",
        "subject",
        "indicator",
        "value",
        "unit",
        "qualifier",
        "period",
        "comparison",
        "date",
        "article",
        "observation",
        "place_iri",
        "subject_iri",
    ],
    [
        ("Wuhu", "Wuhu", "gross industrial output value", "12.5", "percent", "", "1957", "", "1957-06-14",
         "article:fx-1957-a", WUHU_OBS, "city:wuhu", "city:wuhu"),
        ("Wuhu", "Wuhu Shipyard", "ships built", "14", "ships", "", "1957", "", "1958-03-02",
         "article:fx-1958-b", SHIPYARD_OBS, "city:wuhu", "enterprise:wuhu-shipyard"),
    ],
)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_gives_exact_rows_on_fixture(fixture_store: ox.Store, name: str) -> None:
    """Each named query returns exactly the hand-worked rows, in order, on tests/data/query/graph.ttl."""
    columns, rows = rows_of(fixture_store, name)

    assert columns == EXPECTED[name][0]
    assert rows == EXPECTED[name][1]


EVIDENCE_COLUMNS = [
    "subject_label",
    "property",
    "object_label",
    "evidence",
    "lang",
    "start",
    "end",
    "date",
    "article",
    "statement",
    "subject_iri",
    "object_iri",
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"subject": "liang shuhua", "predicate": "holds"},
            [
                ("Liang Shuhua", "org:holds", "Mayor", "1958-03-02"),
                ("Liang Shuhua", "org:holds", "Mayor", "1960-09-30"),
            ],
        ),
        ({"subject": "person:tang-wei"}, [("唐伟", "org:holds", "Vice-Governor", "1958-03-02")]),
        (
            {"predicate": "kg:governs", "object": "芜湖"},
            [("Wuhu Municipal Party Committee", "kg:governs", "Wuhu", "1957-06-14")],
        ),
        (
            {"subject": "Wuhu Shipyard", "predicate": "adoptsMechanism"},
            [("Wuhu Shipyard", "kg:adoptsMechanism", "piece-rate wage system", "1957-06-14")],
        ),
        ({"subject": "nobody at all"}, []),
    ],
)
def test_evidence_query_narrows_by_parameters(fixture_store: ox.Store, params: dict, expected: list) -> None:
    """evidence: subject/object by IRI or any label (any case or language), predicate by IRI or local name."""
    columns, rows = rows_of(fixture_store, "evidence", **params)

    assert columns == EVIDENCE_COLUMNS
    assert [(r[0], r[1], r[2], r[7]) for r in rows] == expected


def test_evidence_offsets_point_into_the_article_body(fixture_store: ox.Store) -> None:
    """Every evidence row, unfiltered, is the exact slice body[start:end] of its article in its language."""
    columns, rows = to_rows(run_query(fixture_store, prepare("evidence")))
    bodies = {
        (s["a"].value, s["b"].language): s["b"].value
        for s in fixture_store.query("SELECT ?a ?b WHERE { ?a <https://schema.org/articleBody> ?b }")
    }
    statements = len(
        list(
            fixture_store.quads_for_pattern(
                None, RDF_TYPE, ox.NamedNode("https://w3id.org/rmrb-kg/ontology#Statement")
            )
        )
    )
    at = {name: i for i, name in enumerate(columns)}

    assert len(rows) == statements == 22
    for row in rows:
        body = bodies[(row[at["article"]].value, row[at["lang"]].value)]
        assert body[int(row[at["start"]].value) : int(row[at["end"]].value)] == row[at["evidence"]].value


def _triples_about(store: ox.Store, iri: str) -> set[tuple[str, str, str]]:
    """What rdf says about ``iri``, read with the store's triple-pattern API (not SPARQL), outside
    graph:index (its name keys and counts are bookkeeping, which the entity query leaves out)."""
    node, index = ox.NamedNode(iri), ox.NamedNode(INDEX_GRAPH[1:-1])
    out = {("out", text(q.predicate), text(q.object)) for q in store.quads_for_pattern(node, None, None)
           if q.graph_name != index}
    return out | {
        ("in", text(q.predicate), text(q.subject)) for q in store.quads_for_pattern(None, None, node)
        if q.graph_name != index
    }


@pytest.mark.parametrize(
    "key",
    [
        "city:wuhu",
        "<https://w3id.org/rmrb-kg/id/city/wuhu>",
        "Wuhu",
        "wuhu",
        "芜湖",
        "Wúhú",
        "Wuhu City",
        "芜湖市",
    ],
)
def test_entity_query_finds_by_iri_or_any_label(fixture_store: ox.Store, key: str) -> None:
    """entity: an IRI, a prefixed name or any label in any language gives everything stated about Wuhu."""
    columns, rows = rows_of(fixture_store, "entity", entity=key)

    assert columns == ["iri", "direction", "property", "value", "value_label"]
    assert {r[0] for r in rows} == {"city:wuhu"}
    assert {r[1:4] for r in rows} == _triples_about(fixture_store, "https://w3id.org/rmrb-kg/id/city/wuhu")
    assert ("city:wuhu", "out", "kg:withinDivision", "province:anhui", "Anhui") in rows


def test_entity_query_unknown_label_gives_no_rows(fixture_store: ox.Store) -> None:
    """A label nobody has gives zero rows, not everything."""
    assert rows_of(fixture_store, "entity", entity="Atlantis")[1] == []


def test_overview_counts_match_the_triple_index(fixture_store: ox.Store) -> None:
    """overview: nodes per class equal what the rdf:type index holds (outside graph:index)."""
    columns, rows = rows_of(fixture_store, "overview")
    counts: dict[str, set] = {}
    index = ox.NamedNode(INDEX_GRAPH[1:-1])
    for quad in fixture_store.quads_for_pattern(None, RDF_TYPE, None):
        if quad.graph_name != index:
            counts.setdefault(text(quad.object), set()).add(quad.subject)

    assert columns == ["class", "nodes", "triples"]
    assert {r[0]: int(r[1]) for r in rows} == {cls: len(nodes) for cls, nodes in counts.items()}
    assert ("kg:Person", "4", "29") in rows


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".jsonld", ".nt.gz"])
def test_every_serialisation_answers_alike(fixture_store: ox.Store, tmp_path: Path, suffix: str) -> None:
    """The fixture as N-Quads/TriG in a named graph, JSON-LD or gzipped N-Triples gives the same rows."""
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:kg:article"))
        for q in fixture_store.quads_for_pattern(None, None, None)
    ]
    path = tmp_path / f"graph{suffix}"
    if suffix == ".nt.gz":
        import gzip

        path.write_bytes(
            gzip.compress(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES))
        )
    elif suffix == ".jsonld":
        path.write_bytes(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.JSON_LD))
    else:
        path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.from_extension(suffix[1:])))
    other = open_store(graphs=[path])

    for name in [*EXPECTED, "overview"]:
        assert rows_of(other, name) == rows_of(fixture_store, name), name


# --- the named queries on the seed build: robust facts only ----------------------------------------------


def test_seed_officials(seed_store: ox.Store) -> None:
    """The officials the extractor certainly finds, with their posts and bodies."""
    rows = {r[:3] for r in rows_of(seed_store, "officials")[1]}

    assert ("Sun Ying", "Municipal Party Secretary", "Taiyuan Municipal Party Committee") in rows
    assert ("Wu Renyuan", "Municipal Party Secretary", "Hangzhou Municipal Party Committee") in rows


def test_seed_enterprises_and_adoption(seed_store: ox.Store) -> None:
    """Taiyuan Steel is in Taiyuan, Shanxi; Taiyuan adopted product chain management (reported 1989-12-13)."""
    enterprises = {r[:3] for r in rows_of(seed_store, "enterprises_by_place")[1]}
    adoption = {(r[0], r[1], r[2], r[5]) for r in rows_of(seed_store, "mechanism_adoption")[1]}

    assert ("Taiyuan Steel", "Taiyuan", "Shanxi") in enterprises
    assert ("product chain management", "Taiyuan", "Shanxi", "1989-12-13") in adoption


def test_seed_bodies_by_government(seed_store: ox.Store) -> None:
    """The Jilin Provincial Government set up a production command center."""
    rows = {(r[0], r[2], r[3]) for r in rows_of(seed_store, "bodies_by_government")[1]}

    assert (
        "Jilin Provincial Government",
        "Jilin Production Command Center",
        "production command center",
    ) in rows


def test_seed_mechanisms_across_provinces_agree_with_adoption(seed_store: ox.Store) -> None:
    """Every mechanism the adoption rows place in 2+ provinces is listed, with that many provinces."""
    columns, adoption = to_rows(run_query(seed_store, prepare("mechanism_adoption")))
    provinces: dict[str, set] = {}
    for row in adoption:
        if row[columns.index("province")] is not None:
            provinces.setdefault(text(row[columns.index("mechanism_iri")]), set()).add(
                text(row[columns.index("province")])
            )
    spread = {m: len(p) for m, p in provinces.items() if len(p) > 1}
    rows = rows_of(seed_store, "mechanisms_across_provinces")[1]

    assert spread, "the seeds have mechanisms in several provinces"
    assert {r[6]: int(r[1]) for r in rows} == spread


def test_seed_statistics_columns(seed_store: ox.Store) -> None:
    """statistics_by_place has its columns; each row is an observation its subject has, with its value."""
    columns, rows = to_rows(run_query(seed_store, prepare("statistics_by_place")))
    has_indicator = ox.NamedNode("https://w3id.org/rmrb-kg/ontology#hasIndicator")

    assert columns == EXPECTED["statistics_by_place"][0]
    assert rows
    for row in rows:
        subject, observation = row[columns.index("subject_iri")], row[columns.index("observation")]
        assert list(seed_store.quads_for_pattern(subject, has_indicator, observation))
        assert row[columns.index("value")] is not None and row[columns.index("unit")] is not None
    listed = {row[columns.index("observation")] for row in rows}
    assert listed == {q.object for q in seed_store.quads_for_pattern(None, has_indicator, None)}


def test_statistics_of_a_subject_without_place_take_no_other_label() -> None:
    """A figure about a subject with no place gives rows with no place, not one row per label of the store
    (a label joined on an unbound place pairs with every label)."""
    kg, kgr = "https://w3id.org/rmrb-kg/ontology#", "https://w3id.org/rmrb-kg/id/"
    store = ox.Store()
    store.load(
        f"""<{kgr}enterprise/a> <{kg}hasIndicator> <{kgr}observation/x> ; <{kg}displayLabel> "Plant A"@en .
        <{kgr}observation/x> <{kg}unit> "tons" .
        <{kgr}enterprise/c> <{kg}hasIndicator> <{kgr}observation/y> ; <{kg}displayLabel> "Plant C"@en ;
            <{kg}placeOfActor> <{kgr}city/b> .
        <{kgr}observation/y> <{kg}unit> "yuan" .
        <{kgr}city/b> <{kg}displayLabel> "City B"@en .""",
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode(f"{kgr}graph/test"),
    )
    columns, rows = to_rows(run_query(store, prepare("statistics_by_place")))
    obs, place, subject = (columns.index(c) for c in ("observation", "place", "subject"))
    shown = {(str(r[obs]), r[place] and r[place].value, r[subject].value) for r in rows}

    assert shown == {
        (f"<{kgr}observation/x>", None, "Plant A"),
        (f"<{kgr}observation/y>", "City B", "Plant C"),
    }


def test_seed_evidence_and_entity(seed_store: ox.Store) -> None:
    """Sun Ying's post is stated in a sentence naming him; 'sun ying' finds him and his posts."""
    evidence = rows_of(seed_store, "evidence", subject="Sun Ying", predicate="org:holds")[1]
    entity = rows_of(seed_store, "entity", entity="sun ying")[1]

    assert any(r[2] == "Municipal Party Secretary" and "Sun Ying" in r[3] for r in evidence)
    assert ("person:sun-ying--taiyuan", "out", "org:holds") in {r[:3] for r in entity}
    assert "Municipal Party Secretary" in {r[4] for r in entity}


# --- resolving, parameters, errors -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_header_and_syntax(name: str) -> None:
    """Each .rq starts with '# <description>', explains its columns, and parses."""
    query = named_queries()[name]
    lines = query.text.splitlines()

    assert lines[0].startswith("# ") and len(query.description) > 20
    assert any(line.startswith("# Columns:") for line in lines[:6])
    run_query(ox.Store(), prepare(name, {p.name: "x" for p in query.params}))


@pytest.mark.parametrize(
    ("value", "term"),
    [
        ("person:sun-ying", "<https://w3id.org/rmrb-kg/id/person/sun-ying>"),
        ("<https://example.org/x>", "<https://example.org/x>"),
        ("https://example.org/x", "<https://example.org/x>"),
        ("Sun Ying", '"Sun Ying"'),
        ("孙英", '"孙英"'),
        ('say "hi"\\', '"say \\"hi\\"\\\\"'),
        ("1987", "1987"),
        ('"Sun Ying"@en', '"Sun Ying"@en'),
        ("nosuchprefix:x", '"nosuchprefix:x"'),
    ],
)
def test_param_values_become_sparql_terms(value: str, term: str) -> None:
    """IRIs, kg prefixed names, numbers and SPARQL literals pass as terms; anything else is a string."""
    assert to_term(value) == term


def test_params_fill_placeholders_or_append_values() -> None:
    """A VALUES ?x { UNDEF } placeholder is filled; another query gets a trailing VALUES clause."""
    named = bind_params(resolve_query("entity"), {"entity": "city:wuhu"})
    inline = prepare("SELECT ?s WHERE { ?s ?p ?o }", {"s": "city:wuhu"})

    assert "UNDEF" not in named.text
    assert named.text.count("VALUES ?entity { <https://w3id.org/rmrb-kg/id/city/wuhu> }") == 2
    assert inline.text.rstrip().endswith("VALUES ?s { <https://w3id.org/rmrb-kg/id/city/wuhu> }")


@pytest.mark.parametrize(
    ("spec", "params", "message"),
    [
        ("entity", {}, "needs --param entity=VALUE"),
        ("officials", {"who": "x"}, "officials.rq has no parameter 'who'; it takes no parameters"),
        ("evidence", {"who": "x"}, "it takes only subject, predicate, object"),
        ("SELECT ?s WHERE { ?s ?p ?o }", {"x": "1"}, "no variable ?x"),
        ("officals", {}, "Unknown query 'officals'. Did you mean 'officials'?"),
        ("missing.rq", {}, "missing.rq: no such query file"),
    ],
)
def test_query_errors_name_the_problem(spec: str, params: dict, message: str) -> None:
    """Bad names and parameters raise a QueryError that says what is wrong and what is valid."""
    with pytest.raises(QueryError, match=None) as info:
        prepare(spec, params)

    assert message in str(info.value)


def test_bad_sparql_reports_line_and_column(fixture_store: ox.Store) -> None:
    """A syntax error gives the position, on one line."""
    with pytest.raises(QueryError) as info:
        run_query(fixture_store, prepare("SELECT ?s\nWHERE { ?s ?p }"))

    assert "invalid SPARQL: syntax error at line 2, column" in str(info.value)
    assert "\n" not in str(info.value)


# --- the command line ------------------------------------------------------------------------------------


def test_cli_table_is_aligned_plain_text(indexed_fixture: Path) -> None:
    """The table shows labels without quotes or language tags, IRIs as prefixed names, CJK aligned."""
    result = invoke("query", "--graph", str(indexed_fixture), "officials", "--max-width", "0", "--width", "0")
    lines = result.stdout.splitlines()
    posts = [row[1] for row in EXPECTED["officials"][1]]
    # Where the post column starts, in display columns (GBK takes 2 bytes per CJK character, as a terminal).
    starts = {
        len(line[: line.index(post)].encode("gbk")) for line, post in zip(lines[2:], posts, strict=True)
    }

    assert result.exit_code == 0, result.output
    assert lines[0].split() == EXPECTED["officials"][0]
    assert (
        "Zhou Mingde" in result.stdout and '"Zhou Mingde"' not in result.stdout and "@en" not in result.stdout
    )
    assert "person:zhou-mingde" in result.stdout and "https://" not in result.stdout
    assert len(starts) == 1  # "唐伟" is padded like the Latin names
    assert "(5 rows)" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "tsv", "csv", "xml"])
def test_cli_standard_formats_round_trip(fixture_store: ox.Store, indexed_fixture: Path, fmt: str) -> None:
    """--format writes SPARQL 1.1 results documents that parse back to the same rows."""
    result = invoke("query", "-g", str(indexed_fixture), "mechanism_adoption", "--format", fmt)
    columns, rows = to_rows(run_query(fixture_store, prepare("mechanism_adoption")))

    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    if fmt == "csv":
        parsed = list(csv.reader(io.StringIO(data.decode())))
        assert parsed[0] == columns
        assert [r[0] for r in parsed[1:]] == [row[0].value for row in rows]
    else:
        back = ox.parse_query_results(data, format=ox.QueryResultsFormat.from_extension(fmt))
        assert [v.value for v in back.variables] == columns
        assert [tuple(s[c] for c in columns) for s in back] == rows
    if fmt == "json":
        assert json.loads(data)["head"]["vars"] == columns


def test_cli_output_is_deterministic(indexed_fixture: Path) -> None:
    """The same query on the same graph writes the same bytes."""
    args = ("query", "-g", str(indexed_fixture), "mechanisms_across_provinces", "-f", "json")
    first, second = invoke(*args).stdout_bytes, invoke(*args).stdout_bytes

    assert first == second and b"piece-rate" in first


def test_cli_construct_and_ask() -> None:
    """CONSTRUCT writes Turtle with the kg prefixes; ASK prints true/false; CSV of a graph is refused."""
    construct = "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }"
    ttl = invoke("query", "-g", str(FIXTURE), construct, "-f", "ttl")
    ask = invoke("query", "-g", str(FIXTURE), "ASK { city:wuhu kg:withinDivision province:anhui }")
    bad = invoke("query", "-g", str(FIXTURE), construct, "-f", "csv")

    assert ttl.exit_code == 0 and "person:zhou-mingde a kg:Person" in ttl.stdout
    assert ask.exit_code == 0 and "true" in ask.stdout
    assert bad.exit_code == 2 and "returns a graph" in bad.stderr


def test_cli_list_and_show() -> None:
    """--list names every query with its description and parameters; --show prints the bound text."""
    listing = invoke("query", "--list")
    shown = invoke("query", "entity", "--param", "entity=Wuhu", "--show")

    assert listing.exit_code == 0
    for query in named_queries().values():
        assert f"{query.name}  " in listing.stdout and query.description in listing.stdout
    assert "--param entity=... (required)" in listing.stdout
    assert shown.exit_code == 0 and 'VALUES ?entity { "Wuhu" }' in shown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELECT ?s WHERE { ?s ?p "], "error: query: invalid SPARQL: syntax error at line 1, column"),
        (["officals"], "Available queries: bodies_by_government, "),
        (["officials", "--graph", "nope.ttl"], "error: nope.ttl: no such file"),
        (["entity"], "needs --param entity=VALUE"),
        (["officials", "--param", "oops"], "bad --param 'oops': expected name=value"),
        (["officials", "--store", "."], "not a kg store folder"),
    ],
)
def test_cli_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    """Bad input: exit 2 and one 'error: ...' line on stderr, no traceback."""
    result = invoke("query", *args)

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert message in result.stderr and "Traceback" not in result.output


def test_cli_bad_rdf_names_the_file(tmp_path: Path) -> None:
    """An unparsable graph file is named with the parser's position; an unknown extension is refused."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b .\n")
    odd = tmp_path / "graph.html"
    odd.write_text("<html/>")

    turtle = invoke("query", "-g", str(bad), "overview")
    html = invoke("query", "-g", str(odd), "overview")

    assert (
        turtle.exit_code == 2
        and f"{bad}: can't parse as Turtle" in turtle.stderr
        and "line 2" in turtle.stderr
    )
    assert html.exit_code == 2 and "can't tell the RDF format from the extension .html" in html.stderr


# --- persistent stores -----------------------------------------------------------------------------------


def test_load_store_then_query_it(fixture_store: ox.Store, tmp_path: Path) -> None:
    """kg load makes a store folder; kg query --store answers like --graph; loading again adds nothing."""
    store = tmp_path / "store"
    first = invoke("load", "--store", str(store), str(FIXTURE))
    again = invoke("load", "--store", str(store), str(FIXTURE))
    table = invoke("query", "--store", str(store), "enterprises_by_place", "-f", "tsv")
    direct = invoke("query", "--graph", str(FIXTURE), "enterprises_by_place", "-f", "tsv")

    assert first.exit_code == 0 and f"+{len(open_store(graphs=[FIXTURE]))} quads" in first.stdout
    assert again.exit_code == 0 and "+0 quads" in again.stdout
    assert table.exit_code == 0 and table.stdout_bytes == direct.stdout_bytes


def test_load_leaves_the_store_compacted(tmp_path: Path) -> None:
    """Two files bulk-loaded one after the other leave one sorted file per index, not one per load: the
    store is compacted, so an index probe reads one file (docs/sparql.md, "Speed")."""
    lines = (EXPORTS / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    halves = [tmp_path / "a.nq", tmp_path / "b.nq"]
    halves[0].write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    halves[1].write_text("".join(lines[len(lines) // 2 :]), encoding="utf-8")
    store = tmp_path / "store"
    load_store(store, halves)
    options = max(store.glob("OPTIONS-*")).read_text(encoding="utf-8")
    families = options.count("[CFOptions ")

    assert families >= 6 and len(list(store.glob("*.sst"))) <= families
    assert len(open_store(store=store)) == len(open_store(graphs=[EXPORTS / "graph.nq"]))


def test_load_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    """Loading into a non-empty folder that is not a store is refused before anything is written."""
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(ConfigError, match="not empty and is not a kg store"):
        load_store(tmp_path, [FIXTURE])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_load_replace_empties_the_store(tmp_path: Path) -> None:
    """--replace clears the store first, so the store holds just the new file."""
    small = tmp_path / "small.nt"
    small.write_text("<urn:a> <urn:b> <urn:c> .\n")
    load_store(tmp_path / "s", [FIXTURE])

    assert load_store(tmp_path / "s", [small], replace=True) == (0, 1)


def test_load_is_all_or_nothing_into_an_empty_store(tmp_path: Path) -> None:
    """A later file that fails leaves a new store empty, and says so."""
    bad = tmp_path / "bad.nt"
    bad.write_text("<urn:a> <urn:b> .\n")

    with pytest.raises(ConfigError, match=r"bad\.nt: can't parse as N-Triples.*nothing was loaded"):
        load_store(tmp_path / "s", [FIXTURE, bad])
    assert len(ox.Store.read_only(str(tmp_path / "s"))) == 0


def test_load_failure_into_a_store_with_data_says_what_it_keeps(tmp_path: Path) -> None:
    """Into a store that held data, a failed file is named along with what the store keeps."""
    bad, small = tmp_path / "bad.nt", tmp_path / "small.nt"
    bad.write_text("<urn:a> <urn:b> .\n")
    small.write_text("<urn:a> <urn:b> <urn:c> .\n")
    load_store(tmp_path / "s", [FIXTURE])

    with pytest.raises(ConfigError, match=r"bad\.nt.*keeps what it held before and .*small\.nt"):
        load_store(tmp_path / "s", [small, bad])


def test_load_refuses_triples_beside_quads(tmp_path: Path) -> None:
    """graph.ttl (default graph) beside the same graph as quads would count every fact twice: refused."""
    quads = tmp_path / "graph.nq"
    quads.write_bytes(ox.serialize([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:g"))
                                    for q in open_store(graphs=[FIXTURE])], format=ox.RdfFormat.N_QUADS))
    load_store(tmp_path / "s", [quads])

    with pytest.raises(ConfigError, match="count each fact twice"):
        load_store(tmp_path / "s", [FIXTURE])
    with pytest.raises(ConfigError, match="count each fact twice"):
        load_store(tmp_path / "t", [FIXTURE, quads])
    assert load_store(tmp_path / "s", [quads]) == (len(open_store(graphs=[FIXTURE])),) * 2


def test_to_table_clips_wide_cells() -> None:
    """Cells wider than max_width end with an ellipsis and keep the display width."""
    table = to_table(["a"], [(ox.Literal("长" * 30),)], max_width=11)

    assert table.splitlines()[2] == "长" * 5 + "…"


@pytest.mark.parametrize(("args", "limit"), [((), 100), (("--width", "80"), 80), (("--width", "70"), 70)])
def test_cli_table_fits_the_width(args: tuple[str, ...], limit: int, indexed_fixture: Path) -> None:
    """Not a terminal: 100 columns by default; --width sets it; the widest cells are cut with '…'."""
    result = invoke("query", "--graph", str(indexed_fixture), "officials", *args)
    widths = [sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)  # CJK: two
              for line in result.stdout.splitlines()]

    assert result.exit_code == 0, result.output
    assert max(widths) <= limit and max(widths) > limit - 20
    assert "…" in result.stdout
    assert len(result.stdout.splitlines()) == 2 + len(EXPECTED["officials"][1])


def test_table_escapes_terminal_control_characters() -> None:
    """ESC sequences, BEL and bidi overrides from article text are shown escaped, never sent raw."""
    text = "Taiyuan\x1b[2J\x1b]0;owned\x07 steel\u202eevil\x9b"
    table = to_table(["s\x1b[31m"], [(ox.Literal(text),)], max_width=0)

    assert not [ch for ch in table if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n"]
    assert "Taiyuan\\x1b[2J\\x1b]0;owned\\x07 steel\\u202eevil\\x9b" in table
    assert table.splitlines()[0] == "s\\x1b[31m"


def test_write_results_refuses_mismatched_format(fixture_store: ox.Store) -> None:
    """A SELECT result can't be written as Turtle."""
    with pytest.raises(QueryError, match="returns solutions"):
        write_results(run_query(fixture_store, prepare("overview")), "ttl")


def test_a_store_without_a_newer_index_property_is_named_when_a_query_finds_nothing(
    indexed_fixture: Path, tmp_path: Path
) -> None:
    """A graph whose graph:index predates kg:evidenceSpan (an older kg's exports): evidence finds nothing, and
    the note names the property it lacks; with the property, no note."""
    lines = indexed_fixture.read_text("utf-8").splitlines(keepends=True)
    older = tmp_path / "older.nq"
    kept = [line for line in lines if "ontology#evidenceSpan>" not in line]
    older.write_text("".join(kept), encoding="utf-8")
    assert len(older.read_text("utf-8").splitlines()) < len(lines)

    found = invoke("query", "evidence", "--graph", str(older))
    current = invoke("query", "evidence", "--graph", str(indexed_fixture))

    assert found.exit_code == 0 and "(0 rows)" in found.stderr
    assert "kg:evidenceSpan" in found.stderr and "older kg" in found.stderr
    assert "(0 rows)" not in current.stderr and "note:" not in current.stderr
