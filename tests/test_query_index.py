"""graph:index (kg/index.py): the counts and name keys the named queries read instead of scanning."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.index import INDEX_GRAPH, display_labels, index_quads, label_key
from kg.ntriples import literal
from kg.query import open_store, prepare, run_query, to_rows

ROOT = Path(__file__).resolve().parents[1]
EXACT = """PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?class (COUNT(DISTINCT ?node) AS ?nodes) (COUNT(*) AS ?triples) WHERE {
  { SELECT DISTINCT ?class ?node ?property ?value WHERE {
      ?node a ?class . FILTER(STRSTARTS(STR(?node), "https://w3id.org/rmrb-kg/") && ?class != void:Dataset)
      ?node ?property ?value .
      FILTER(?property NOT IN (kg:labelKey, kg:displayLabel, kg:placeOfActor, kg:provinceOf, kg:cityOf,
                               kg:predicateName, kg:subjectLabel, kg:objectLabel, kg:articleDate,
                               kg:evidenceSpan,
                               kg:holder, kg:heldPost, kg:heldIn, kg:reportingArticle, kg:reportDate,
                               kg:holderLabel, kg:postLabel, kg:bodyLabel, kg:beginDate, kg:endDate,
                               kg:adopter, kg:adoptedMechanism, kg:establishedBody, kg:adoptionArticle,
                               kg:adoptionDate, kg:adopterLabel, kg:mechanismLabel, kg:placeLabel)
             && !STRSTARTS(STR(?property), "http://rdfs.org/ns/void#")) } }
} GROUP BY ?class ORDER BY DESC(?nodes) ?class"""


@pytest.fixture(scope="module")
def seeds() -> ox.Store:
    return open_store(graphs=[ROOT / "exports" / "graph.nq"])


def rows(store: ox.Store, spec: str, **params: str) -> list[tuple]:
    return to_rows(run_query(store, prepare(spec, params)))[1]


def test_overview_reads_the_counts_the_whole_graph_gives(seeds: ox.Store) -> None:
    """The precomputed VoID counts equal counting the whole graph (the former overview query)."""
    counted = rows(seeds, EXACT)
    assert len(counted) > 10
    assert rows(seeds, "overview") == counted


def test_shards_loaded_together_add_up() -> None:
    """Two builds in one store: overview sums their descriptions (documented in docs/sparql.md)."""
    store = ox.Store()
    text = (ROOT / "exports" / "graph.nq").read_text(encoding="utf-8")
    store.bulk_load(text.encode(), format=ox.RdfFormat.N_QUADS)
    one = {str(r[0]): int(r[1].value) for r in rows(store, "overview")}
    # the same build under other IRIs: a second shard with no node in common
    store.bulk_load(text.replace("https://w3id.org/rmrb-kg/id/", "https://w3id.org/rmrb-kg/id/shard2-")
                    .encode(), format=ox.RdfFormat.N_QUADS)
    two = {str(r[0]): int(r[1].value) for r in rows(store, "overview")}
    assert two == {cls: 2 * n for cls, n in one.items()}


def test_a_name_is_found_by_its_key_in_any_case_and_width(seeds: ox.Store) -> None:
    """Full-width and upper-case names find the node as its label does (NFKC, lower case)."""
    plain = rows(seeds, "entity", entity="Taiyuan")
    assert plain
    assert rows(seeds, "entity", entity="ＴＡＩＹＵＡＮ") == plain
    assert rows(seeds, "entity", entity="city:taiyuan") == plain
    assert rows(seeds, "evidence", subject="TAIYUAN MUNICIPAL GOVERNMENT") == \
        rows(seeds, "evidence", subject="Taiyuan Municipal Government") != []


def test_entity_leaves_out_the_index(seeds: ox.Store) -> None:
    properties = {str(r[2]) for r in rows(seeds, "entity", entity="city:taiyuan")}
    assert properties
    assert not any(name in p for p in properties for name in ("labelKey", "displayLabel", "rdfs.org/ns/void"))


def test_index_quads_count_distinct_triples_outside_the_index() -> None:
    """A triple in two article graphs counts once; the index graph's own quads are not counted."""
    s, t = "<https://w3id.org/rmrb-kg/id/city/x>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    quads = [("<g1>", s, t, "<https://w3id.org/rmrb-kg/ontology#City>"),
             ("<g2>", s, t, "<https://w3id.org/rmrb-kg/ontology#City>"),
             ("<g1>", s, label, literal("Ｘ Town", lang="en")),
             (INDEX_GRAPH, s, label, literal("ignored", lang="en"))]
    index = index_quads(quads)
    assert all(q[0] == INDEX_GRAPH for q in index)
    counts = {(q[1].split("/dataset/", 1)[-1].count("/"), q[2].rsplit("#", 1)[-1][:-1]): q[3]
              for q in index if "void#" in q[2] and "/property/" not in q[1]}
    # the build: 2 distinct triples; the class partition of kg:City: 1 node, 2 triples about it
    assert counts == {(0, "triples"): literal(2),
                      (0, "classPartition"): counts[0, "classPartition"], (0, "propertyPartition"):
                      counts[0, "propertyPartition"], (2, "class"): "<https://w3id.org/rmrb-kg/ontology#City>",
                      (2, "entities"): literal(1), (2, "triples"): literal(2)}
    assert (INDEX_GRAPH, s, "<https://w3id.org/rmrb-kg/ontology#labelKey>", '"x town"') in index
    assert label_key("ＴＡＩＹＵＡＮ 市") == "taiyuan 市"
    assert index_quads(quads) == index  # deterministic


def test_display_label_prefers_english_then_chinese_then_any() -> None:
    """One display label per node: the first English label, else Chinese (not pinyin), else any."""
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    a, b, c = (f"<https://w3id.org/rmrb-kg/id/x/{name}>" for name in "abc")
    triples = [(a, label, literal("Zeta", "en")), (a, label, literal("Alpha", "en")),
               (a, label, literal("甲", "zh")),
               (b, label, literal("Yi", "zh-Latn-pinyin")), (b, label, literal("乙", "zh")),
               (c, label, literal("Bing", "zh-Latn-pinyin"))]
    assert display_labels(triples) == {a: '"Alpha"@en', b: '"乙"@zh', c: '"Bing"@zh-latn-pinyin'}
