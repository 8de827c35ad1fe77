"""Person identity, dated holdings, appointment events and the career queries (issue 14).

The material (tests/data/identity) is archive-layout articles modelled on People's Daily phrasing, where
one name denotes several people (张华, 李明, 王刚) and one person appears under a title only (这位书记).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.errors import ConfigError
from kg.extract.appointments import event_kind, find_title
from kg.identity import candidates, context_of, name_of, pairwise_scores, read_overrides
from kg.query import open_store, prepare, run_query

ROOT = Path(__file__).resolve().parents[1]
MATERIAL = ROOT / "tests" / "data" / "identity"
sys.path.insert(0, str(ROOT / "bench"))
from bench_identity import predicted_nodes, read_gold  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("identity")
    build([MATERIAL], out, html=False, cache_dir=None)
    return out / "graph.trig"


def rows(graph: Path, name: str, **params: str) -> list[dict[str, str]]:
    store = open_store(graphs=[graph])
    result = run_query(store, prepare(name, params))
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in result]


# --- rules, no build ----------------------------------------------------------------------------------

def test_key_parts() -> None:
    assert name_of("sun-ying--taiyuan") == "sun-ying" and context_of("sun-ying--taiyuan") == "taiyuan"
    assert name_of("sun-ying") == "sun-ying" and context_of("sun-ying") == ""


def test_candidates_link_nested_contexts_only() -> None:
    found = {(c.a, c.b): c.reason for c in candidates(
        ["zhang-hua--lanzhou", "zhang-hua--gansu", "zhang-hua--foshan", "zhang-hua--lanzhou.worker"])}
    assert found[("zhang-hua--gansu", "zhang-hua--lanzhou")] == "same name; lanzhou lies within gansu"
    assert ("zhang-hua--foshan", "zhang-hua--lanzhou") not in found  # Guangdong and Gansu: disjoint
    assert "occupation" in found[("zhang-hua--lanzhou", "zhang-hua--lanzhou.worker")]
    rejected = frozenset({("zhang-hua--lanzhou", "zhang-hua--gansu")})
    assert ("zhang-hua--gansu", "zhang-hua--lanzhou") not in {(c.a, c.b) for c in candidates(found and
                                                              ["zhang-hua--lanzhou", "zhang-hua--gansu"],
                                                              rejected)}


@pytest.mark.parametrize(("sentence", "title", "kind"), [
    ("武汉市人大常委会决定，免去李明的武汉市市长职务，任命王刚为武汉市代市长。", "市长", "Dismissal"),
    ("李明调任湖北省副省长。", "副省长", "Transfer"),
    ("他当选为省人大常委会主任。", "主任", "Election"),
    ("原市长王刚出席了会议。", "市长", "FormerHolding"),
    ("市委书记赵林兼任市长。", "市长", "ConcurrentAppointment"),
    ("市长王刚在会上说。", "市长", ""),
    ("Wang Gang was appointed mayor of Wuhan.", "mayor", "Appointment"),
    ("Acting Mayor Wang Gang spoke.", "Mayor", "ActingAppointment"),
    ("The former mayor, Li Ming, attended.", "mayor", "FormerHolding"),
    ("The committee decided to remove Li Ming from the post of Mayor of Wuhan.", "Mayor", "Dismissal"),
])
def test_event_kind(sentence: str, title: str, kind: str) -> None:
    lang = "en" if title.isascii() else "zh"
    assert event_kind(sentence, find_title(sentence, title), lang) == kind


def test_find_title_prefers_the_title_of_the_name() -> None:
    sentence = "免去李明的武汉市市长职务，任命王刚为武汉市代市长。"
    assert find_title(sentence, "市长", sentence.index("王刚")) == sentence.rindex("市长")
    assert find_title("市长王刚说", "市长", 2) == 0


def test_pairwise_scores() -> None:
    gold = {("a", "x"): "p1", ("b", "x"): "p1", ("c", "x"): "p2"}
    assert pairwise_scores(gold, {("a", "x"): "n1", ("b", "x"): "n1", ("c", "x"): "n1"}) == {
        "precision": 1 / 3, "recall": 1.0, "true_pairs": 1, "merged_pairs": 3}
    assert pairwise_scores(gold, {("a", "x"): "n1", ("b", "x"): "n2"})["recall"] == 0.0


def test_overrides_file(tmp_path: Path) -> None:
    good = tmp_path / "ids.csv"
    good.write_text("action,person,other\nmerge,person:li-ming--wuhan,li-ming--hubei\n"
                    "split,wang-gang--wuhan,rmrb-1988-04-02-01\nsplit,a--x,a--y,reason\n", "utf-8")
    got = read_overrides(good)
    assert got.merges == {"li-ming--hubei": "li-ming--wuhan"}
    assert got.splits == {("wang-gang--wuhan", "rmrb-1988-04-02-01")} and got.rejected == {("a--x", "a--y")}
    bad = tmp_path / "bad.csv"
    bad.write_text("join,a,b\n", "utf-8")
    with pytest.raises(ConfigError, match=r"bad.csv: line 1"):
        read_overrides(bad)


# --- on the material ----------------------------------------------------------------------------------

def test_pairwise_merge_precision_and_recall(material: Path) -> None:
    scores = pairwise_scores(read_gold(), predicted_nodes(material))
    assert scores["true_pairs"] >= 9
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.85, scores


def test_homonyms_are_separate_nodes(material: Path) -> None:
    nodes = predicted_nodes(material)
    assert nodes[("rmrb-1985-03-12-02", "张华")] == nodes[("rmrb-1986-02-08-01", "张华")]
    assert nodes[("rmrb-1985-03-12-02", "张华")] != nodes[("rmrb-1985-07-20-02", "张华")]
    assert nodes[("rmrb-1985-03-12-02", "张华")] != nodes[("rmrb-1987-04-28-03", "张华")]  # the worker
    assert nodes[("rmrb-1988-04-02-01", "王刚")].endswith("/person/wang-gang--wuhan")
    assert nodes[("rmrb-1989-03-18-02", "王刚")].endswith("/person/wang-gang--wuxi")


def test_title_only_mention_is_the_secretary(material: Path) -> None:
    found = rows(material, "SELECT ?p ?text WHERE { ?m <https://w3id.org/rmrb-kg/ontology#rule> "
                 "\"title_anaphora\" ; <http://www.w3.org/ns/oa#hasBody> ?p ; "
                 "<http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasSelector>/"
                 "<http://www.w3.org/ns/oa#exact> ?text }")
    assert {(r["p"].rsplit("/", 1)[1], r["text"]) for r in found} >= {("zhang-hua--lanzhou", "这位书记")}


def test_career_query(material: Path) -> None:
    career = rows(material, "career", person="李明")
    by_post = {(r["person_iri"].rsplit("/", 1)[1], r["post"]): r for r in career}
    wuhan = by_post[("li-ming--wuhan", "Mayor")]
    assert wuhan["to"] == "1988-04-03" and wuhan["from"] == "" and wuhan["events"] == "Dismissal"
    assert wuhan["articles"] == "2"  # the archive article and the bilingual one (English rule)
    assert by_post[("li-ming--wuhan", "Vice Governor")]["events"] == "Transfer"
    assert by_post[("li-ming--wuhan", "Vice Governor")]["body"] == "Hubei Provincial Government"
    assert ("li-ming--shenyang", "Chief Engineer") in by_post


def test_english_appointments(material: Path) -> None:
    """The bilingual article's English: 'appointed Wang Gang as Acting Mayor', 'Wang Gang, formerly Vice
    Mayor', 'Li Ming was transferred to the post of Vice Governor'."""
    career = {(r["post"], r["events"]) for r in rows(material, "career", person="Wang Gang")}
    assert {("Vice Mayor", "FormerHolding"), ("Mayor", "ActingAppointment")} <= career
    assert ("Vice Governor", "Transfer") in {(r["post"], r["events"]) for r in rows(material, "career",
                                                                                    person="Li Ming")}


def test_holders_as_of(material: Path) -> None:
    body = "Wuhan Municipal Government"
    all_rows = rows(material, "holders", body=body, post="Mayor")
    wang = next(r for r in all_rows if r["person_iri"].endswith("wang-gang--wuhan"))
    assert (wang["from"], wang["to"]) == ("1988-04-02", "1989-08-22")
    for post, as_of, expected in (("市长", "1988-06-01", ["Wang Gang"]), ("Mayor", "1987-01-01", []),
                                  ("Mayor", "1990-06-01", ["Wang Gang"])):
        assert [r["person"] for r in rows(material, "holders", body=body, post=post, as_of=as_of)] == expected


def test_colleagues(material: Path) -> None:
    found = {(r["person_label"], r["colleague"]) for r in rows(material, "colleagues", person="王刚")}
    assert found == {("Wang Gang", "陈平")}  # the vice-mayor; the party secretary is in another body


def test_succession_from_one_sentence(material: Path) -> None:
    found = rows(material, """PREFIX kg: <https://w3id.org/rmrb-kg/ontology#>
        SELECT ?who ?kind ?other WHERE { ?e kg:person ?who ; a ?kind .
          { ?e kg:predecessor ?other } UNION { ?e kg:successor ?other }
          FILTER(?kind != kg:AppointmentEvent) }""")
    short = {tuple(v.rsplit("/", 1)[1].rsplit("#", 1)[-1] for v in (r["who"], r["kind"], r["other"]))
             for r in found}
    assert short == {("wang-gang--wuhan", "ActingAppointment", "li-ming--wuhan"),
                     ("li-ming--wuhan", "Dismissal", "wang-gang--wuhan")}


def test_material_validates(material: Path) -> None:
    result = runner.invoke(app, ["validate", str(material)])
    assert result.exit_code == 0, result.output


def test_shards_give_the_same_iris_and_concatenate(material: Path, tmp_path: Path) -> None:
    """The articles built in two shards mint exactly the person IRIs the whole build gives them, and the
    shards' N-Quads concatenated break no careers shape (a membership attested in both has two intervals)."""
    shards = []
    for name, keep in (("a", lambda p: p.name.startswith("rmrb-1989-")),
                       ("b", lambda p: not p.name.startswith("rmrb-1989-"))):
        src = tmp_path / name
        src.mkdir()
        for path in sorted(MATERIAL.glob("rmrb-*")):
            if keep(path):
                shutil.copy(path, src)
        build([src], tmp_path / f"out-{name}", html=False, cache_dir=None)
        shards.append(tmp_path / f"out-{name}" / "graph.nq")
    whole = predicted_nodes(material)
    alone = {**predicted_nodes(shards[0]), **predicted_nodes(shards[1])}
    assert alone == whole
    joined = tmp_path / "joined.nq"
    joined.write_bytes(shards[0].read_bytes() + shards[1].read_bytes())
    report = runner.invoke(app, ["validate", str(joined)]).output
    # (a place's label may differ between shards (湖北 / 湖北省): not a careers matter, not checked here)
    assert not [line for line in report.splitlines()
                if line.strip().startswith(("membership:", "instant:", "event:", "identity:", "person:"))]
    mayor = rows(joined, "holders", body="Wuhan Municipal Government", post="Mayor")
    assert [(r["person"], r["from"], r["to"]) for r in mayor if "wang-gang" in r["person_iri"]] == [
        ("Wang Gang", "1988-04-02", "1989-08-22")]


def test_identities_file_merges_and_splits(tmp_path: Path) -> None:
    ids = tmp_path / "ids.csv"
    ids.write_text("merge,li-ming--wuhan,li-ming--shenyang\n"
                   "split,wang-gang--wuhan,rmrb-1989-01-05-01\n", "utf-8")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("rmrb-1988-04-02-01.md", "rmrb-1988-09-10-02.md", "rmrb-1989-01-05-01.md"):
        shutil.copy(MATERIAL / name, src)
    build([src], tmp_path / "out", html=False, cache_dir=None, identities=ids)
    nodes = predicted_nodes(tmp_path / "out" / "graph.trig")
    assert nodes[("rmrb-1988-09-10-02", "李明")] == nodes[("rmrb-1988-04-02-01", "李明")]
    assert nodes[("rmrb-1989-01-05-01", "王刚")].endswith("wang-gang--article.rmrb-1989-01-05-01")
    assert nodes[("rmrb-1988-04-02-01", "王刚")].endswith("wang-gang--wuhan")


def test_kg_identities_command(material: Path, tmp_path: Path) -> None:
    out, csv = tmp_path / "links.nt", tmp_path / "decisions.csv"
    result = runner.invoke(app, ["identities", str(material), "--out", str(out), "--csv", str(csv)])
    assert result.exit_code == 0, result.output
    assert "possiblySameAs" in out.read_text("utf-8")
    assert "split,zhang-hua--lanzhou,zhang-hua--lanzhou.worker," in csv.read_text("utf-8")
    bad = runner.invoke(app, ["identities", str(tmp_path / "nope.ttl")])
    assert bad.exit_code != 0 and "nope.ttl" in bad.output and "Traceback" not in bad.output


def _org_result(article_id: str, label_en: str, label_zh: str, aliases_zh: set[str]):
    from kg.lexicon import slug
    from kg.records import Article, ArticleResult, Entity, Mention

    mention = Mention(article_id, "en", 0, len(label_en), label_en, "Enterprise", "test")
    ent = Entity("Enterprise", slug(label_en), label_en=label_en, label_zh=label_zh,
                 aliases_zh=set(aliases_zh), mentions=[mention])
    return ArticleResult(article=Article(id=article_id, source=f"{article_id}.txt", sha256="0"),
                         entities=[ent])


def test_an_enterprise_named_short_in_another_article_is_one_node():
    """'Anshan Iron and Steel' (鞍钢) in one article, 'Anshan Iron and Steel Company' (鞍山钢铁公司, also
    鞍钢) in another: one node, the fuller name's; a name sharing no Chinese name stays apart."""
    from kg.identity import merge_named_twice

    short = _org_result("a", "Anshan Iron and Steel", "鞍钢", set())
    full = _org_result("b", "Anshan Iron and Steel Company", "鞍山钢铁公司", {"鞍钢"})
    other = _org_result("c", "Anshan Steel", "鞍山钢厂", set())

    refs = [{e.ref for e in r.entities} for r in merge_named_twice([short, full, other])]

    company = {("Enterprise", "anshan-iron-and-steel-company")}
    assert refs == [company, company, {("Enterprise", "anshan-steel")}]


def test_a_body_named_without_its_kind_word_in_another_article_is_one_node():
    """'North China Electric Power Administration' and '... Administration Bureau' (no Chinese name either):
    one node; 'North China Electric Power' with another last word stays apart."""
    from kg.identity import merge_named_twice

    bare = _org_result("a", "North China Electric Power Administration", "", set())
    full = _org_result("b", "North China Electric Power Administration Bureau", "", set())
    other = _org_result("c", "North China Electric Power Association", "", set())

    keys = [e.key for r in merge_named_twice([bare, full, other]) for e in r.entities]

    assert keys == ["north-china-electric-power-administration-bureau"] * 2 + [
        "north-china-electric-power-association"]
