"""Chinese extraction: hand-written news sentences for every entity type and relation, the naming that
gives zh entities the English side's keys, the archive's Chinese-only articles, and the issue's
acceptance figure on the Chinese halves of the seeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.corpus import read_article
from kg.extract.zh import names as zh_names
from kg.pipeline import extract_doc
from kg.records import Article, ArticleResult
from kg.zhdoc import make_doc, split_sentences

from .conftest import GOLD, ROOT, shared_path


def run(text: str, title: str = "") -> ArticleResult:
    article = Article(id="t", source="t.md", sha256="0", title_zh=title, body_zh=text, date="1990-03-12")
    return extract_doc(article, make_doc(text), "zh")


def labelled(result: ArticleResult) -> dict[str, tuple[str, str]]:
    """label_zh -> (type, key) of every entity."""
    return {e.label_zh: e.ref for e in result.entities if e.label_zh}


def triples(result: ArticleResult) -> set[tuple[str, str, str]]:
    out = set()
    for r in result.relations:
        obj = r.object[1] if r.object else f"{r.post.title_zh}@{r.post.body[1] if r.post.body else ''}"
        out.add((r.subject[1], r.predicate, obj))
    return out


# --- the doc -----------------------------------------------------------------------------------------


def test_sentences_end_at_full_stops_semicolons_and_line_breaks():
    """A closing quote stays with its sentence; a line break always ends one."""
    text = "他说：“好。”大家同意；会议结束\n第二行！"

    spans = split_sentences(text)

    assert [text[s:e] for s, e in spans] == ["他说：“好。”", "大家同意；", "会议结束", "第二行！"]


def test_words_and_entities_keep_exact_offsets():
    """Every jieba word and entity span indexes the text it came from."""
    doc = make_doc("国务委员王志刚昨天视察了洛阳拖拉机厂。\n新华社北京电")

    assert "".join(w.text for w in doc.words) == doc.text.replace("\n", "")
    assert all(doc.text[w.start : w.end] == w.text for w in doc.words)
    assert all(0 <= s < e <= len(doc.text) for s, e, _ in doc.ents)


# --- entity types ------------------------------------------------------------------------------------

ENTITIES = [
    # (text, Chinese label, type, key)
    ("国务委员王志刚、李宏达昨天视察了洛阳拖拉机厂。", "王志刚", "Person", "wang-zhigang"),
    ("国务委员王志刚、李宏达昨天视察了洛阳拖拉机厂。", "李宏达", "Person", "li-hongda"),
    (
        "国务委员王志刚、李宏达昨天视察了洛阳拖拉机厂。",
        "洛阳拖拉机厂",
        "Enterprise",
        "luoyang-tractor-factory",
    ),
    (
        "本报兰州电　兰州市委、市政府最近决定实行厂长负责制。",
        "兰州市委",
        "PartyBody",
        "lanzhou-municipal-party-committee",
    ),
    (
        "本报兰州电　兰州市委、市政府最近决定实行厂长负责制。",
        "兰州市政府",
        "GovernmentBody",
        "lanzhou-municipal-government",
    ),
    ("本报兰州电　兰州市委、市政府最近决定实行厂长负责制。", "人民日报", "Organization", "people-daily"),
    (
        "本报兰州电　兰州市委、市政府最近决定实行厂长负责制。",
        "厂长负责制",
        "PolicyMechanism",
        "factory-director-responsibility-system",
    ),
    ("本报兰州电　兰州市委、市政府最近决定实行厂长负责制。", "兰州", "City", "lanzhou"),
    ("湖南省浏阳县的花炮生产发展很快。", "湖南省", "Province", "hunan"),
    ("湖南省浏阳县的花炮生产发展很快。", "浏阳县", "County", "liuyang-county"),
    ("四川省郫县农民今年扩大了蔬菜种植。郫县的豆瓣远销各地。", "郫县", "County", "pi-county"),
    (
        "中共河南省委和河南省人民委员会号召各地发展生产。",
        "中共河南省委",
        "PartyBody",
        "henan-provincial-party-committee",
    ),
    (
        "中共河南省委和河南省人民委员会号召各地发展生产。",
        "河南省人民委员会",
        "GovernmentBody",
        "henan-provincial-people-committee",
    ),
    (
        "年初，甘肃省政府成立生产指挥部，由副省长刘振华挂帅。",
        "甘肃省生产指挥部",
        "GovernmentBody",
        "gansu-production-command-center",
    ),
    (
        "兰州化学工业公司实行岗位责任制以后，产量稳步上升。",
        "岗位责任制",
        "PolicyMechanism",
        "post-responsibility-system",
    ),
    (
        "包头市各级领导深入基层。包钢今年钢产量创历史最高水平。", "包钢", "Enterprise",
        "baotou-iron-and-steel-company",
    ),
    ("洛阳拖拉机厂的主要产品拖拉机、柴油机等产量都超过了计划。", "柴油机", "Product", "diesel-engine"),
    (
        "冶金部和铁道部的负责同志参加了会议。",
        "冶金部",
        "GovernmentBody",
        "ministry-of-metallurgical-industry",
    ),
    ("新华社长沙5日电　湖南省扩大工业品销售。", "新华社", "Organization", "xinhua-news-agency"),
]


@pytest.mark.parametrize(("text", "label", "type_", "key"), ENTITIES)
def test_entity_types_and_keys(text, label, type_, key):
    """Each kind of entity is found with its Chinese label, its type and the key the English side mints."""
    found = labelled(run(text))

    assert found.get(label) == (type_, key), sorted(found.items())


def test_short_body_names_are_qualified_with_the_place_and_kept_as_aliases():
    """市政府 in a Lanzhou article is 兰州市政府; 生产指挥部 the province's command center."""
    result = run("本报兰州电　兰州市委、市政府最近决定实行厂长负责制。")
    gov = next(e for e in result.entities if e.key == "lanzhou-municipal-government")

    assert gov.label_zh == "兰州市政府"
    assert gov.aliases_zh == {"市政府"}
    assert gov.label_en == "Lanzhou Municipal Government"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("冀南枣强县农民生产热情很高。民主政府号召农民积极生产。", "枣强县民主政府"),
        ("河北省今年粮食丰收。人民政府发放贷款扶助贫农。", "河北省人民政府"),
    ],
)
def test_a_government_named_without_its_place_is_the_articles_places(text, label):
    """民主政府 or 人民政府 alone is the government of the article's place, the bare form an alias."""
    result = run(text)
    govs = [e for e in result.entities if e.type == "GovernmentBody"]

    assert [e.label_zh for e in govs] == [label]
    assert govs[0].aliases_zh == {label[-4:]}


def test_a_placeless_government_word_inside_a_sentence_is_no_body():
    """民主 and 政府 apart (民主是政府的原则) name no government."""
    assert not [e for e in run("民主是政府的原则。").entities if e.type == "GovernmentBody"]


def test_abbreviation_of_a_company_named_in_full_is_the_same_company():
    """兰化 after 兰州化学工业公司 is one enterprise with the short form as an alias."""
    result = run("兰州化学工业公司实行岗位责任制以后，兰化的产量稳步上升。")
    company = [e for e in result.entities if e.type == "Enterprise"]

    assert len(company) == 1
    assert company[0].label_zh == "兰州化学工业公司" and "兰化" in company[0].aliases_zh


def test_a_steel_works_short_form_is_the_company_named_in_full():
    """武钢 in an article naming 武汉钢铁公司 is that company, not a second steel works."""
    result = run("武汉钢铁公司今年扩建了轧钢车间，武钢的钢产量创历史最高水平。")
    steel = [e for e in result.entities if e.type == "Enterprise"]

    assert [(e.key, e.label_zh) for e in steel] == [("wuhan-iron-and-steel-company", "武汉钢铁公司")]
    assert "武钢" in steel[0].aliases_zh


def test_ownership_and_locating_places_are_not_part_of_a_name():
    """国营 and a chain of places before a name are left out (they stay aliases / place mentions)."""
    result = run("湖北省郧县杨溪邮电支局和国营张家口金矿都完成了任务。")
    found = labelled(result)

    assert found["杨溪邮电支局"][0] == "Organization"
    assert found["张家口金矿"] == ("Enterprise", "zhangjiakou-gold-mine")
    assert found["湖北省"] == ("Province", "hubei")


@pytest.mark.parametrize(
    "text",
    [
        "这些机关干部深入企业排忧解难。",  # 干部 ends in 部 but names no ministry
        "当前的经济局面有所好转。",  # 局面: not a bureau
        "全厂职工提出了合理化建议。",  # 全厂: the whole plant, no name
        "大中型企业的生产基本稳定。",
    ],
)
def test_words_that_merely_end_like_an_organisation_are_not_names(text):
    """Common words ending in a head character (部, 局, 厂) yield no organisation."""
    result = run(text)

    assert not [e for e in result.entities if e.type in {"GovernmentBody", "Enterprise", "Organization"}]


def test_a_two_character_place_name_inside_a_phrase_is_not_a_place():
    """国营和县营金矿 ('state and county-run mines') does not name 和县, a county of Anhui."""
    result = run("除开国营和县营金矿外，乡村采金点发展到上百个。")

    assert not [e for e in result.entities if e.type in {"County", "City", "Province"}]


def test_reporters_are_not_persons():
    """A byline name in the body (记者X) is not an entity."""
    result = run("新华社北京10日电（记者陈建平）国家统计局今天公布了工业生产数字。")

    assert not [e for e in result.entities if e.type == "Person"]


def test_bodies_the_ner_reads_whole_are_kept_whole():
    """中共平阳县委员会, 西南财政经济委员会: the NER's organisation span, qualified by a place or a
    macro-region and ending in a body head, is one body (not 中共 and a bare 委员会)."""
    text = "中共平阳县委员会召开了扩大会议。西南财政经济委员会发出指示，要求各地节约。"

    assert "中共平阳县委员会" in _typed(text, "PartyBody")
    assert _typed(text, "GovernmentBody") == {"西南财政经济委员会"}
    # the places before a local body stay places (辽宁沈阳市|铁西区环卫局), as the head rule trims them
    result = run("辽宁沈阳市铁西区环卫局工人王丽说，工作很累。")
    assert {e.label_zh for e in result.entities if e.type == "GovernmentBody"} == {"铁西区环卫局"}
    assert "沈阳市" in {e.label_zh for e in result.entities if e.type == "City"}


def test_letter_writers_and_photographers_are_not_persons():
    """The writers of a readers' letter (X、Y来信：) and a photo credit (X摄) are authors, not entities;
    a person the letter names is one."""
    result = run("读者张德山、刘小平来信：我村农业社帮助军属李长顺代耕土地。\n        赵春明摄（河北日报稿）")
    persons = {e.label_zh for e in result.entities if e.type == "Person"}

    assert persons == {"李长顺"}


def test_a_conjunction_before_a_leader_named_by_title_is_no_person():
    """毛主席和林副主席: 和 joins a second leader (surname + title); 和林 is no name. 毛主席 is the
    national leader, one person whatever the article's place."""
    found = labelled(run("伟大领袖毛主席和林副主席接见了出席会议的代表。"))

    assert "和林" not in found
    assert found["毛主席"] == ("Person", "mao-zedong--china")


def test_a_leader_who_proposed_a_policy_does_not_adopt_it():
    """职工执行毛主席提出的方针: the leader quoted neither adopts nor hides the place that does."""
    text = "本报讯　山东省的煤矿去年产煤很多。广大职工坚决执行毛主席提出的“抓革命，促生产”的方针。"
    adopters = {t[0] for t in triples(run(text)) if t[1] == "adoptsMechanism"}

    assert adopters == {"shandong"}  # 济南 only in the dateline: it does not act (test_zh_actors.py)


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("他到河北省邯郸、邢台两个专区汇报工作。", "两个专区", None),  # a count of prefectures
        ("齐齐哈尔市仅二区的投资额就达六百多万元。", "仅二区", "二区"),  # 仅 'only' is no part of the name
    ],
)
def test_counts_and_adverbs_are_not_part_of_a_district(text, absent, present):
    """A numeral with its measure word names no district; an adverb before a district is cut off."""
    found = labelled(run(text))

    assert absent not in found
    assert present is None or found[present][0] == "County"


def test_a_furnace_named_after_its_inventor_is_no_person():
    """马丁炉 (open-hearth furnace) starts like a name but ends in 炉."""
    found = labelled(run("制钢厂采用了苏联工程师热修马丁炉的先进经验。"))

    assert not [k for k, v in found.items() if v[0] == "Person"]


@pytest.mark.parametrize(
    ("text", "goods", "not_goods"),
    [
        ("这个厂今年生产了大量的拖拉机和农业机械。", {"拖拉机", "农业机械"}, {"大量"}),  # an amount
        ("全县粮食总产达到八亿斤，棉花单产提高一成。", {"粮食", "棉花"}, {"总产", "单产"}),  # output heads
        ("这一带盛产苹果、梨和葡萄。", {"苹果", "梨", "葡萄"}, set()),
        ("今年一二月份生产任务完成得很好。", set(), {"月份", "一二月份"}),  # a time, not goods
    ],
)
def test_products_by_verbs_and_output_heads(text, goods, not_goods):
    """Goods are the objects of production verbs past an amount (大量的), and the nouns before 总产/单产."""
    found = {k for k, v in labelled(run(text)).items() if v[0] == "Product"}

    assert goods <= found and not found & not_goods, found


def test_a_mechanism_named_by_the_end_of_its_name_is_the_same_mechanism():
    """集体化 after 农业集体化, 集体合同 after 劳资集体合同: one mechanism each, the full name its label."""
    text = "我们坚决走农业集体化的道路，集体化是唯一出路。劳资双方签订了劳资集体合同，各业都要签订集体合同。"
    result = run(text)
    mechs = {e.label_zh: e.aliases_zh for e in result.entities if e.type == "PolicyMechanism"}

    assert mechs == {"农业集体化": {"集体化"}, "劳资集体合同": {"集体合同"}}


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("各户需要多少贷款，采取自报公议，然后民主评定。", "自报公议"),
        ("牧区今年实行保护牲畜，禁止宰杀母畜。", "保护牲畜"),
    ],
)
def test_the_object_of_a_verb_of_adoption_ending_its_clause_is_a_measure(text, measure):
    """采取/实行 + a verb phrase up to the comma names a measure even without a head word."""
    found = labelled(run(text))

    assert found.get(measure, ("",))[0] == "PolicyMechanism", found


def test_an_adopted_amount_or_goods_is_no_measure():
    """实行了很多 (an amount) and 推广良种 (goods) name no measure."""
    found = labelled(run("他们推广良种，实行了一些新规矩。"))

    assert not [k for k, v in found.items() if v[0] == "PolicyMechanism" and k in {"良种", "一些新规矩"}]


def test_empty_and_non_chinese_bodies_extract_nothing():
    """Bad input gives an empty result, never an exception."""
    for text in ("", "   ", "1990-03-12 ***", "English words only."):
        assert run(text).entities == []


# --- relations ---------------------------------------------------------------------------------------

RELATIONS = [
    (
        "市委书记马建国、市长周立舫到红星化工厂现场办公。本报兰州电",
        ("ma-jianguo", "holds", "市委书记@lanzhou-municipal-party-committee"),
    ),
    (
        "市委书记马建国、市长周立舫到红星化工厂现场办公。本报兰州电",
        ("zhou-lifang", "holds", "市长@lanzhou-municipal-government"),
    ),
    ("国务委员王志刚、李宏达昨天视察了洛阳拖拉机厂。", ("li-hongda", "holds", "国务委员@state-council")),
    ("国务委员王志刚、李宏达昨天视察了洛阳拖拉机厂。", ("wang-zhigang", "visits", "luoyang-tractor-factory")),
    (
        "本报兰州电　兰州市委、市政府决定实行厂长负责制。",
        ("lanzhou-municipal-government", "governs", "lanzhou"),
    ),
    (
        "本报兰州电　兰州市委、市政府决定，在全市实行厂长负责制。",
        ("lanzhou-municipal-party-committee", "adoptsMechanism", "factory-director-responsibility-system"),
    ),
    (
        "年初，甘肃省政府成立生产指挥部，由副省长刘振华挂帅。",
        ("gansu-provincial-government", "establishes", "gansu-production-command-center"),
    ),
    (
        "年初，甘肃省政府成立生产指挥部，由副省长刘振华挂帅。",
        ("liu-zhenhua", "leads", "gansu-production-command-center"),
    ),
    (
        "年初，甘肃省政府成立生产指挥部，由副省长刘振华挂帅。",
        ("liu-zhenhua", "holds", "副省长@gansu-provincial-government"),
    ),
    (
        "年初，甘肃省政府成立生产指挥部，由副省长刘振华挂帅。",
        ("gansu-production-command-center", "instanceOfMechanism", "production-command-center"),
    ),
    (
        "中共河南省委号召各地发展生产。",
        ("henan-provincial-party-committee", "partOf", "chinese-communist-party"),
    ),
    ("湖南省浏阳县的花炮生产发展很快。", ("liuyang-county", "partOf", "hunan")),
    ("郑州是河南省的省会，洛阳也在河南省。", ("luoyang", "partOf", "henan")),
    (
        "河南省体改委和河南省政府共同研究了这个问题。",
        ("henan-provincial-commission-for-economic-restructuring", "partOf", "henan-provincial-government"),
    ),
    (  # the place written on its own: a place inside a name alone makes no node (see below)
        "洛阳的工业发展很快。洛阳拖拉机厂的主要产品拖拉机、柴油机等产量都超过了计划。",
        ("luoyang-tractor-factory", "locatedIn", "luoyang"),
    ),
    (
        "洛阳拖拉机厂的主要产品拖拉机、柴油机等产量都超过了计划。",
        ("luoyang-tractor-factory", "produces", "tractor"),
    ),
    ("河南省国营工业全面支援地方工业。", ("henan-state-owned-industry", "supports", "henan-local-industry")),
]


@pytest.mark.parametrize(("text", "triple"), RELATIONS)
def test_relations(text, triple):
    """Each relation rule finds its triple in a sentence written for it."""
    found = triples(run(text))

    assert triple in found, sorted(found)


def test_evidence_is_the_chinese_sentence():
    """Evidence is cut from the Chinese body, in zh, at exact offsets."""
    text = "新华社郑州电　河南各地积极发展生产。年初，甘肃省政府成立生产指挥部，由副省长刘振华挂帅。"
    result = run(text)
    rel = next(r for r in result.relations if r.predicate == "establishes")

    assert rel.evidence.lang == "zh"
    assert (
        rel.evidence.text
        == text[rel.evidence.start : rel.evidence.end]
        == "年初，甘肃省政府成立生产指挥部，由副省长刘振华挂帅。"
    )


def test_the_place_acts_when_no_body_is_named():
    """With nobody named before a mechanism, the article's main place adopts it (the gold convention)."""
    result = run("本报郑州电　今年以来，郑州市工业生产稳定增长。各企业普遍推行厂长负责制。")

    assert ("zhengzhou", "adoptsMechanism", "factory-director-responsibility-system") in triples(result)


def test_a_sentence_naming_no_actor_keeps_the_topic_of_the_sentence_before():
    """承前省略: the items after 并决定： are the bureau's (the first clause of the sentence before), not the
    place named in its examples or the article's place."""
    text = (
        "本报郑州电　郑州电业局第一季超额完成计划，郑州第一电厂检修了锅炉。"
        "并决定第二季的工作重点放在：一、全面推行厂长负责制；二、继续实行定额管理。"
    )
    adopters = {s for s, p, o in triples(run(text)) if p == "adoptsMechanism"}

    assert adopters == {"zhengzhou-dianye-bureau"}, adopters


@pytest.mark.parametrize(
    ("text", "triple"),
    [  # a county the gazetteer lacks, named in the article; the full form 县委员会; a prefecture's bodies
        ("本报长沙电　湖南省桃源县银行在县委领导下协助公社。桃源县今年增产。", ("taoyuan-county", "County")),
        ("中共大名县委员会召开了座谈会。大名县今年增产。", ("daming-county", "County")),
        ("山东省临沂地区是个农业区。临沂地委、行署选派干部下乡。", ("linyi-prefecture", "Region")),
        ("东北地区今年增产。东北人民政府批准了计划。", ("northeast-china", "Region")),
    ],
)
def test_a_party_committee_or_office_governs_the_place_of_the_article_it_is_named_after(text, triple):
    """(桃源)县委 -> 桃源县, 中共大名县委员会 -> 大名县, 临沂地委 / 行署 -> 临沂地区 (not the city 临沂),
    东北人民政府 -> 东北."""
    result = run(text)
    governed = {(r.object[1], r.object[0]) for r in result.relations if r.predicate == "governs"}

    assert triple in governed, governed


@pytest.mark.parametrize(
    ("text", "author", "adopters"),
    [
        # signed by a brigade: 我们 opening a clause is the brigade (教导我们 is not)
        ("黑龙江省双城县幸福人民公社庆宁大队　张朋\n毛主席教导我们。我们组织了互助组，后来又办了初级社。",
         "张朋", {"qingning-brigade"}),
        # signed by a reporter of the press: 我们 is no unit that acts; the place does
        ("新华社记者　李明\n山西省今年粮食丰收。我们组织了互助组。", "李明", {"shanxi"}),
    ],
    ids=["signing-unit", "press"],
)
def test_we_in_a_signed_article_is_the_signing_unit_unless_the_press(text, author, adopters):
    """我们 in an article a unit signs is that unit; in a reporter's article it is no actor."""
    article = Article(id="t", source="t.md", sha256="0", title_zh="", body_zh=text, date="1968-01-05",
                      authors_zh=(author,))
    result = extract_doc(article, make_doc(text), "zh")

    assert {s for s, p, o in triples(result) if p == "adoptsMechanism"} == adopters


def test_the_places_of_a_producing_area_produce_its_goods():
    """河北、山东等主要麦产区: each place of the run grows wheat; 从天津运往 does not make Tianjin one."""
    text = "夏令物资从天津运往河北、山东等主要麦产区。"
    producers = {(s, o) for s, p, o in triples(run(text)) if p == "produces"}

    assert producers == {("hebei", "wheat"), ("shandong", "wheat")}, producers


@pytest.mark.parametrize("text", ["粮食运往江苏、浙江等主要产区。", "粮食运往江苏、浙江等高产区。"])
def test_a_producing_area_named_by_how_it_yields_names_no_goods(text: str) -> None:
    """主要产区, 高产区: the word before 产区 says how the area yields, not what it grows."""
    assert not {o for s, p, o in triples(run(text)) if p == "produces"}


def test_a_body_named_again_by_its_head_acts():
    """银行部门 in a later paragraph is the bank named before, not the firm named last."""
    text = (
        "本报郑州电　郑州市人民银行积极支持工业生产。\n郑州纺织机械厂去年产值增长一倍。\n"
        "银行部门今年推行了厂长负责制。"
    )
    adopters = {s for s, p, o in triples(run(text)) if p == "adoptsMechanism"}

    assert adopters == {"zhengzhou-people-bank"}


def test_a_measure_named_again_by_the_end_of_its_name_is_adopted_there_too():
    """小麦条播密植 … 条播密植: the later short form is a mention of the same measure, with its adopter."""
    result = run("河南省今年积极推广小麦条播密植。新乡县合作社去年推行条播密植两千亩，增产两成。")
    mech = [e for e in result.entities if e.type == "PolicyMechanism"]

    assert len(mech) == 1 and {m.text for m in mech[0].mentions} == {"小麦条播密植", "条播密植"}
    assert ("xinxiang-cooperative", "adoptsMechanism", mech[0].key) in triples(result)


def test_a_person_named_before_a_mechanism_is_not_replaced_by_the_place():
    """'市委书记X在现场办公中': a person acts, so the city does not adopt the practice."""
    result = run("本报郑州电　市委书记马建国在现场办公中肯定了这些做法。")

    assert not [r for r in result.relations if r.predicate == "adoptsMechanism" and r.subject[0] == "City"]


# --- naming ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zh", "key"),
    [
        ("马建国", "ma-jianguo"),
        ("王芳", "wang-fang"),
        ("欧阳修", "ouyang-xiu"),
        ("单志强", "shan-zhiqiang"),
        ("曾宪梓", "zeng-xianzi"),
    ],
)
def test_person_keys_are_the_slug_of_the_pinyin_name(zh, key):
    """A person's key is the slug of the English way of writing the name (surname readings for 单, 曾)."""
    assert zh_names.person_key(zh) == key


@pytest.mark.parametrize(
    ("zh", "english", "complete"),
    [
        ("大同客车厂", "Datong Bus Factory", True),
        ("红星化工厂", "Hongxing Chemical Factory", False),
        ("兰州市委", "Lanzhou Municipal Party Committee", True),
        ("中共河南省委", "Henan Provincial Party Committee", True),
        ("甘肃省资金协调小组", "Gansu Financial Coordination Group", True),
        ("铁道部", "Ministry of Railways", True),
        ("天津市第二印染厂", "Tianjin Second Printing and Dyeing Factory", True),
    ],
)
def test_english_names_of_chinese_organisations(zh, english, complete):
    """Heads, glossary words and places give the English name; other parts are romanised."""
    assert zh_names.english_name(zh) == (english, complete)


# --- real data ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rmrb_dev_build(tmp_path_factory):
    src = shared_path("data/rmrb-dev")
    out = tmp_path_factory.mktemp("rmrb-dev")
    return build([src], out, html=False), out, src


def test_archive_articles_build_without_errors(rmrb_dev_build):
    """Every Chinese-only archive article of the dev set is read and extracted; none is skipped."""
    report, out, src = rmrb_dev_build

    assert report.skipped == [] and report.articles == len(list(src.glob("*.md")))
    assert sum(report.entities.values()) > 0 and sum(report.relations.values()) > 0
    assert (out / "graph.ttl").stat().st_size > 0


def _stripped_seeds(tmp_path: Path) -> Path:
    """The Chinese block of each seed file, alone, as an archive-layout file (made at test time)."""
    folder = tmp_path / "zh-seeds"
    folder.mkdir()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (folder / f"{path.stem}.md").write_text(text[text.index("\n###") + 1 :], encoding="utf-8")
    return folder


def test_chinese_halves_of_the_seeds_find_the_gold_entities_and_posts(tmp_path):
    """Issue 4 acceptance: ≥ 80% of gold entities with a Chinese name are found by that name (label or
    alias), typed correctly, from the Chinese halves alone; and every official's post is found."""
    gold_path = GOLD / "seeds.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    folder = _stripped_seeds(tmp_path)
    from kg.nlp import build_nlp
    from kg.pipeline import extract

    results = {
        r.article.id: r
        for r in extract([read_article(p) for p in sorted(folder.glob("*.md"))], build_nlp("blank"))
    }
    assert all(not r.article.body_en for r in results.values())
    wanted = found = 0
    missing = []
    posts_wanted = posts_found = 0
    for art in gold["articles"]:
        result = results[Path(art["file"]).stem]
        by_id = {}
        named = {ent["id"]: ent.get("name_zh") for ent in art["entities"]}
        for ent in art["entities"]:
            if not ent.get("name_zh") or ent["type"] == "Indicator" or "implied" in (ent.get("notes") or ""):
                continue
            wanted += 1
            gold_names = {ent["name_zh"], *ent.get("aliases_zh", [])}
            match = [
                e
                for e in result.entities
                if e.type == ent["type"] and {e.label_zh, *e.aliases_zh} & gold_names
            ]
            found += bool(match)
            if match:
                by_id[ent["id"]] = match[0]
            else:
                missing.append(f"{art['file']}:{ent['id']}")
        for rel in art["relations"]:
            if rel["p"] != "holdsPost" or not named.get(rel["s"]):
                continue  # an unnamed official (主管副省长) has no name to find
            posts_wanted += 1
            person, body = by_id.get(rel["s"]), by_id.get(rel["o"]["org"])
            posts_found += any(
                r.predicate == "holds"
                and person is not None
                and r.subject == person.ref
                and r.post.title_zh == rel["o"]["title_zh"]
                and body is not None
                and r.post.body == body.ref
                for r in result.relations
            )
    print(
        f"zh-only seeds: {found}/{wanted} gold entities by Chinese name; posts {posts_found}/{posts_wanted}"
    )
    assert found / wanted >= 0.8, f"{found}/{wanted}; missing {missing}"
    assert posts_found == posts_wanted > 0


def test_builds_are_byte_identical(tmp_path):
    """The same Chinese input builds the same graph twice."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "zh" / "archive_gansu.md", src / "archive_gansu.md")
    build([src], tmp_path / "a", html=False)
    build([src], tmp_path / "b", html=False)

    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (tmp_path / "b" / "graph.ttl").read_bytes()


# --- issue 13: open-class Chinese extraction and English labels for Chinese-only builds ----------------


def test_machine_labels_translate_common_words_and_keep_names_in_pinyin():
    """'X卷烟厂' is 'X Cigarette Factory' (CC-CEDICT), not 'X Juanyan Factory'; the name part stays pinyin."""
    assert zh_names.english_name("红星卷烟厂")[0] == "Hongxing Cigarette Factory"
    assert zh_names.english_name("经纬纺织机械厂")[0] == "Jingwei Textile Machinery Factory"
    assert zh_names.english_name("光华电镀厂")[0] == "Guanghua Electroplating Factory"
    assert not zh_names.is_romanised("Hongxing Cigarette Factory")
    assert zh_names.is_romanised("Hongxing Juanyan Factory")


def test_machine_label_carries_its_source():
    result = run("东风卷烟厂今年扩大了生产。")
    ent = next(e for e in result.entities if e.label_zh == "东风卷烟厂")
    assert ent.label_en == ""  # no text names it in English
    assert ent.attrs["machine_en"] == "Dongfeng Cigarette Factory"
    assert ent.attrs["machine_source"] == "cc-cedict"


def test_products_by_quantity_output_verb_and_brand():
    result = run(
        "这个钢铁公司去年生产了二十万吨生铁、十万吨钢材。该厂生产的飞鸽牌自行车质量很好。全县棉花产量增加。"
    )
    found = {e.label_zh: e for e in result.entities if e.type == "Product"}
    assert {"生铁", "钢材", "棉花"} <= set(found)
    brand = next(e for name, e in found.items() if name.endswith("牌自行车"))
    assert brand.attrs["machine_en"] == "Feige bicycle"
    assert "生产" not in found and "质量" not in found


def test_products_listed_before_a_kind_of_goods():
    """…等畅销货, …等原材料: each item of a list closed by 等 and a noun for goods is a product."""
    result = run("商店运来了汗衫、背心、胶鞋等夏令货。钢、铁、棉纱等原材料比较困难。")
    products = {e.label_zh for e in result.entities if e.type == "Product"}
    assert {"汗衫", "背心", "胶鞋", "钢", "铁", "棉纱"} <= products
    assert "商店" not in products


def test_products_of_a_sentence_naming_no_maker_go_to_the_headline_enterprise():
    """The headline's one enterprise makes what a later paragraph lists as products."""
    text = "红光毛纺厂质量上台阶\n红光毛纺厂狠抓质量。\n目前已形成了毛毯、毛线等拳头产品。"
    found = triples(run(text, title="红光毛纺厂质量上台阶"))
    makers = {s for s, p, o in found if p == "produces"}
    assert len(makers) == 1 and next(iter(makers)).startswith("hongguang")


def test_products_leave_abstract_objects_out():
    result = run("工厂要完成生产任务，提高生产能力。")
    assert not [e for e in result.entities if e.type == "Product"]


def test_figurative_seeds_and_amounts_are_no_goods():
    """种子 and 电量 are not in the goods lexicon: 革命的种子 is a figure of speech, 电量 an amount."""
    result = run("他们在山区播下了革命的种子，全县用电量比去年增加一倍。")
    assert not [e for e in result.entities if e.type == "Product"]


def test_open_class_mechanisms_by_head_and_adoption_verb():
    result = run("各县普遍实行了农业生产责任制，许多工厂推行计件工资制度。全国开展“增产节约”运动。")
    mechs = {e.label_zh: e for e in result.entities if e.type == "PolicyMechanism"}
    assert "农业生产责任制" in mechs
    assert mechs["农业生产责任制"].attrs.get("broader") == "responsibility-system"
    assert "计件工资制度" in mechs
    assert "增产节约" in mechs


def test_mechanism_without_an_adoption_verb_is_not_guessed():
    result = run("这个制度的历史很长。")
    assert not [e for e in result.entities if e.type == "PolicyMechanism"]


def test_mechanisms_named_by_a_noun_before_a_measure_head():
    """农具贷款, 爱国公约: a noun stem and a head of measures, without a verb; no place (某村|贷款) and
    no verb (使|现存贷款) in the stem."""
    result = run(
        "银行发放了农具贷款和水利贷款。工人们订立爱国公约。上庄村贷款增加，使现存贷款减少。灵活调度贷款限额。"
    )
    mechs = {e.label_zh: e for e in result.entities if e.type == "PolicyMechanism"}
    assert {"农具贷款", "水利贷款", "爱国公约"} <= set(mechs)
    assert mechs["农具贷款"].attrs.get("broader") == "finance"
    assert "上庄村贷款" not in mechs and "使现存贷款" not in mechs
    assert "调度贷款" not in mechs  # 贷款|限额: a modifier, not the head


def test_standard_policy_terms_of_the_period_with_english_labels():
    """土地改革, 拨改贷: standard terms without a head word, labelled in English from the term list."""
    result = run("这个县在土地改革以后，又实行了拨改贷。许多企业实行兼并。")
    mechs = {e.label_zh: e for e in result.entities if e.type == "PolicyMechanism"}
    assert {"土地改革", "拨改贷", "兼并"} <= set(mechs)
    assert mechs["拨改贷"].label_en == "replacement of grants by loans"
    assert mechs["拨改贷"].attrs.get("broader") == "finance"


def test_standard_terms_of_reform_and_of_the_cultural_revolution():
    """改革开放, 关停并转, 活学活用毛主席著作, 节约闹革命: terms of the period named without a head word."""
    found = _mechanisms(run(
        "全厂坚持改革开放，对亏损企业实行关停并转。工人活学活用毛主席著作，节约闹革命。"
    ))
    assert {"改革开放", "关停并转", "活学活用毛主席著作", "节约闹革命"} <= found


def test_quoted_parallel_slogans_but_not_idioms():
    """“先机械化，后合作化” is a line of policy; a pair of idioms in quotes (“齐心协力、和衷共济”) is not."""
    result = run("他们批判了“先机械化，后合作化”的谬论。大家要“同心协力、艰苦奋斗”。")
    mechs = {e.label_zh for e in result.entities if e.type == "PolicyMechanism"}
    assert "先机械化，后合作化" in mechs
    assert not any("同心协力" in m for m in mechs)


def test_banks_are_enterprises():
    """A bank and its branches do business: typed Enterprise (the gold convention of the wider set)."""
    result = run("中国人民银行太原分行发放贷款。")
    assert ("Enterprise", "peoples-bank-of-china") in {e.ref for e in result.entities} or any(
        e.type == "Enterprise" and "银行" in e.label_zh for e in result.entities
    )
    assert not [e for e in result.entities if "银行" in e.label_zh and e.type == "Organization"]


def test_a_branch_is_part_of_its_body_and_located_in_the_place_of_its_name():
    """中国人民银行北京分行: part of 中国人民银行, in Beijing (not in the country its name starts with);
    北京人民银行 later in the article is the same branch."""
    result = run(
        "北京的工商业恢复了。中国人民银行北京分行发放工商贷款。中国人民银行表示支持。北京人民银行又发放了贷款。"
    )
    found = triples(result)
    branch = labelled(result)["中国人民银行北京分行"]
    assert branch[0] == "Enterprise"
    assert (branch[1], "partOf", "people-bank-of-china") in found
    assert (branch[1], "locatedIn", "beijing") in found
    assert "北京人民银行" not in labelled(result)
    assert not [e for e in result.entities if e.label_en.startswith("Zhongguo")]


def test_a_place_right_after_a_wider_one_is_part_of_it():
    """山西省榆次县, 哈尔滨市马家区: a county or district written right after its province or city."""
    found = triples(run("山西省榆次县的农民积极生产。哈尔滨市马家区的工厂增产。"))
    assert {("yuci-county", "partOf", "shanxi"), ("majia-district", "partOf", "haerbin")} <= found


def test_coordinated_bodies_and_organisations_adopt_together_and_a_ministry_is_part_of_its_government():
    """甲部和乙总社签订…协议: both sign; 中央人民政府粮食部 is part of 中央人民政府 (named in it)."""
    found = triples(run("中央人民政府粮食部和中华全国合作社联合总社最近签订了小麦代购协议。"))
    adopters = {s for s, p, o in found if p == "adoptsMechanism"}
    assert "all-china-federation-of-cooperatives" in adopters and len(adopters) == 2
    assert any(p == "partOf" and o == "central-people-government" for _, p, o in found)


def test_rivers_and_lakes_are_regions():
    """X江, X河, X湖 read as places: regions, a one-character stem included; a province named after a
    river (浙江省) stays a province."""
    result = run("渔民在乌苏里江、兴凯湖和嫩江捕鱼。长江沿岸和浙江省的工厂。")
    regions = {e.label_zh: e.attrs.get("machine_en") for e in result.entities if e.type == "Region"}
    assert {"乌苏里江", "兴凯湖", "嫩江", "长江"} <= set(regions)
    assert regions["兴凯湖"] == "Xingkai Lake" and regions["长江"] == "Yangtze River"
    assert "浙江省" not in regions


def test_an_opposed_measure_is_not_adopted_and_the_press_adopts_nothing():
    """反对X: X is named but not adopted; 新华社 reports, it does not adopt."""
    result = run("黑龙江省坚决反对“先机械化，后合作化”的谬论。新华社记者报道，这个县实行了拨改贷。")
    mechs = {e.label_zh for e in result.entities if e.type == "PolicyMechanism"}
    assert "先机械化，后合作化" in mechs
    adopted = {(s, o) for s, p, o in triples(result) if p == "adoptsMechanism"}
    assert not [o for s, o in adopted if "mechan" in o]
    assert not [s for s, o in adopted if "xinhua" in s]


def test_the_headline_body_adopts_what_a_sentence_naming_no_actor_introduces():
    """A sentence with no actor: the one body the headline names adopts (not the article's place)."""
    text = "太原市劳动局推行新办法\n太原市劳动局今年改进了工作。\n去年以来，普遍推行了计件工资制度。"
    found = triples(run(text, title="太原市劳动局推行新办法"))
    adopters = {s for s, p, o in found if p == "adoptsMechanism"}
    assert adopters and all("labour-bureau" in s for s in adopters)


def test_forms_of_organisation_named_alone_are_mechanisms_not_bodies():
    """初级社, 高级社, 互助组 written alone are the period's forms of organisation, not a named body."""
    result = run("一九五五年办起了初级社，一九五六年转为高级社，农民组织了互助组。")
    types = {e.label_zh: e.type for e in result.entities}
    assert types.get("初级社") == types.get("高级社") == types.get("互助组") == "PolicyMechanism"


def test_who_receives_a_loan_is_supported_by_the_giver():
    """X厂…在得到贷款后: the bank the headline names supports the factory; 得到Y银行贷款: Y does."""
    text = "人民银行北京分行发放贷款\n人民银行北京分行发放贷款。\n南洋化学工厂生产停顿，在得到贷款后恢复。"
    found = triples(run(text, title="人民银行北京分行发放贷款"))
    supports = {(s, o) for s, p, o in found if p == "supports"}
    assert len(supports) == 1
    giver, receiver = next(iter(supports))
    assert "beijing-branch" in giver and "nanyang" in receiver


def test_a_county_article_credits_the_county_with_what_is_reared_there():
    """No enterprise named: the county the article is about rears the pigs of a sentence with no maker."""
    text = "正定县发展副业\n正定县大力发展副业。\n全县三百多个养猪场里，饲养着十四万多头肥猪。"
    found = triples(run(text, title="正定县发展副业"))
    assert {o for s, p, o in found if p == "produces" and s == "zhengding-county"}


def test_a_city_named_only_inside_an_enterprise_name_is_no_node():
    """苏州电机厂 alone in its article: no Suzhou node of its own (the name carries the place); with 苏州
    written on its own the factory is located in it."""
    alone = run("苏州电机厂建立了质量检查制度。")
    assert not [e for e in alone.entities if e.type == "City"]
    named = triples(run("苏州是工业城市。苏州电机厂建立了质量检查制度。"))
    assert any(p == "locatedIn" and o.startswith("suzhou") for _, p, o in named)


def test_county_level_divisions_beyond_the_gazetteer():
    result = run("正定县和辛集市的工厂都超额完成了任务。")
    counties = {e.label_zh: e for e in result.entities if e.type == "County"}
    assert {"正定县", "辛集市"} <= set(counties)
    assert counties["正定县"].key == "zhengding-county"
    assert counties["辛集市"].attrs["machine_en"] == "Xinji City"


def test_regions_macro_and_designated():
    result = run("华北地区的煤炭运往燕山山脉以南。珠江三角洲经济发展很快。")
    regions = {e.label_zh: e.attrs.get("machine_en") for e in result.entities if e.type == "Region"}
    assert regions.get("华北地区") == "North China"
    assert regions.get("燕山山脉") == "Yanshan Mountains"
    assert regions.get("珠江三角洲") == "Zhujiang Delta"
    assert not [e for e in result.entities if e.label_zh == "华北地区" and e.type == "County"]


@pytest.mark.parametrize(
    "text",
    [
        "七厂更进一步实行了由总工程师和厂长直接带班制。",  # a conjunction, then a title
        "公方厂长和中共支部书记都参加劳动。",  # a conjunction, then a body
        "支部书记全部回到生产岗位。",  # a common word starting with a surname character
        "代表们同蒙古、维吾尔、哈萨克和朝鲜族的代表握手。",  # peoples
        "他与话务员、接线员、查号员等一一握手。",  # trades
    ],
)
def test_no_person_where_a_title_is_followed_by_a_common_word(text):
    assert not [e.label_zh for e in run(text).entities if e.type == "Person"]


def test_names_after_titles_still_found():
    found = {e.label_zh for e in run("市长王国华和副市长李明视察了工厂，厂长和书记张德明来到车间。").entities}
    assert {"王国华", "李明", "张德明"} <= found


def test_era_bodies_are_organisations_not_persons():
    result = run("红旗人民公社和张庄生产大队实行了包工包产。晋察冀边区政府号召组织互助组。")
    types = {e.label_zh: e.type for e in result.entities}
    assert types.get("红旗人民公社") == "Organization"
    assert types.get("张庄生产大队") == "Organization"
    assert types.get("晋察冀边区政府") == "GovernmentBody"
    assert "Person" not in types.values()


def test_producers_coordinated_passive_and_descriptive():
    got = triples(run("太原钢铁厂和阳泉铁厂等，还采取了许多措施，增产矽钢片和生铁。"))
    assert {("taiyuan-iron-and-steel-factory", "produces", "pig-iron"),
            ("yangquan-iron-factory", "produces", "pig-iron")} <= got
    got = triples(run("单纯生产纱和线的国棉七厂，实行了直接带班制。"))
    assert any(p == "produces" and o == "yarn" for _, p, o in got)


def test_visits_to_the_bodies_gone_to():
    got = triples(run("中共中央总书记江泽民今天上午到铁道部、交通部，慰问了坚持节日工作的职工。"))
    assert {("jiang-zemin", "visits", "ministry-of-railways"),
            ("jiang-zemin", "visits", "ministry-of-communications")} <= got


def test_unqualified_short_bodies_stay_in_their_article():
    first = extract_doc(Article(id="a", source="a.md", sha256="0", body_zh="县人委号召各社组织生产。"),
                        make_doc("县人委号召各社组织生产。"), "zh")
    second = extract_doc(Article(id="b", source="b.md", sha256="0", body_zh="县人委号召各社组织生产。"),
                         make_doc("县人委号召各社组织生产。"), "zh")
    keys = {e.key for r in (first, second) for e in r.entities if e.type == "GovernmentBody"}
    assert len(keys) == 2


def test_strong_heads_bare_contracts_and_narrower_campaigns():
    mechs = {
        e.label_zh: e
        for e in run("各厂逐步实现各种定额制度，开展生产竞赛运动。资方与农民签订合同。").entities
        if e.type == "PolicyMechanism"
    }
    assert {"定额制度", "生产竞赛运动", "合同"} <= set(mechs)
    assert mechs["生产竞赛运动"].attrs.get("broader") == "campaigns"
    assert not [n for n in mechs if n.startswith("开展")]  # the verb is not part of the name


def test_goods_lists_after_farming_verbs():
    result = run("各公社饲养猪、鸡、鸭，种植香蕉和八角。")
    found = {e.label_zh for e in result.entities if e.type == "Product"}
    assert {"猪", "鸡", "鸭", "香蕉", "八角"} <= found


def _of_type(result: ArticleResult, type_: str) -> set[str]:
    return {e.label_zh for e in result.entities if e.type == type_}


@pytest.mark.parametrize(
    "text",
    [
        "工厂根据目前的生产状况订出计划。",
        "一些人对生产消极，不肯出力。",
        "在不妨碍集体生产的前提下，社员可以搞副业。",
        "全省掀起了一个夏季生产高潮。",
        "车间把零件重新加工整理。",
    ],
)
def test_production_words_used_as_nouns_name_no_goods(text):
    """生产 after 的/对/在, and objects glossed only as verbs or abstractions, are no products."""
    assert not _of_type(run(text), "Product")


def test_quoted_inventions_reared_animals_and_goods_compounds():
    """创造“X”和“Y”, 养猪, 购买化肥、农药, and a compound ending in a goods word (气体|压缩机)."""
    found = _of_type(run("老工人创造了“翻砂机”和“自动送料机”。各队养猪养鸭，并购买化肥、农药。"), "Product")
    assert {"翻砂机", "自动送料机", "猪", "化肥", "农药"} <= found
    assert "气体压缩机" in _of_type(run("这个厂过去生产的气体压缩机，都要用润滑油。"), "Product")


def test_enumerated_measures_after_adoption_verbs():
    """Each item of 推行A、B和C / 采取A、B以及C等措施 / 坚持A、B的方针 is a mechanism."""
    mechs = _of_type(run("各社普遍推行深翻土地、合理密植和分期播种，加强管理。"), "PolicyMechanism")
    assert {"深翻土地", "合理密植", "分期播种"} <= mechs
    mechs = _of_type(run("银行采取放宽期限、降低利息以及简化手续等措施扶助生产。"), "PolicyMechanism")
    assert {"放宽期限", "降低利息", "简化手续"} <= mechs


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("他们采取了开会、讨论等形式。", {"开会", "讨论"}),  # one word of activity each
        ("各地推广了上海、天津的经验。", {"上海", "天津"}),  # places
        ("大力推广青贮饲料、发酵饲料和氨水。", {"青贮饲料", "发酵饲料"}),  # goods
        ("坚持一个方向、两个重点。", {"一个方向", "两个重点"}),  # numbered items
    ],
)
def test_enumerations_of_words_places_goods_or_numbers_are_no_measures(text, items):
    """Lists of single activity words, places, goods or numbered items name no mechanism."""
    assert not _of_type(run(text), "PolicyMechanism") & items


def test_heads_inside_a_word_keep_their_stem_and_guards_hold():
    """税收政策 and 集体合同 are one jieba word each; 上述办法, 曲解政策, 政府政策 are no mechanisms."""
    mechs = _of_type(run("国家执行合理的税收政策。各业都签订了劳动集体合同。"), "PolicyMechanism")
    assert {"税收政策", "劳动集体合同"} <= mechs
    text = "由于推行了上述办法，质量提高。他们故意曲解政策。农民对政府政策很拥护。"
    mechs = _of_type(run(text), "PolicyMechanism")
    assert not mechs & {"上述办法", "曲解政策", "政府政策"}


def test_paragraph_enterprise_makes_what_its_later_sentence_rears():
    """A product whose sentence names no maker is made by the enterprise named earlier in its paragraph,
    and bought goods are not made."""
    got = triples(run("红星酱园开办了一个农场。今年先饲养鸡、兔。\n红光油坊购买了化肥。"))
    shop = "hongxing-soy-sauce-shop"
    assert {(shop, "produces", "fowl"), (shop, "produces", "rabbit")} <= got
    assert not [s for s, p, _ in got if p == "produces" and s.startswith("hongguang")]


def test_organisation_names_stop_at_prepositions_and_keep_place_name_parts():
    """面粉厂|经|银行 are two names; 沈阳三方… keeps 三方 (jieba: a numeral); 上海一家小厂 is no name."""
    result = run("私营大华面粉厂经人民银行扶助后扩大了生产。沈阳三方机器厂开展竞赛。")
    names = {e.label_zh for e in result.entities}
    assert not [n for n in names if "经人民银行" in n]
    assert any(n.startswith("沈阳三方") for n in names)
    assert not [n for n in {e.label_zh for e in run("上海一家小厂向大厂提出竞赛。").entities} if "一家" in n]


def test_sentence_without_an_actor_inherits_the_headline_enterprise():
    """The one enterprise of the headline (repeated as the body's first line, as the archive does) adopts
    what a later sentence without an actor introduces; with two, neither is guessed."""
    for title, credited in (("红旗农具厂改进管理", True), ("红旗农具厂和东风农具厂改进管理", False)):
        got = triples(run(f"{title}\n本报讯　去年以来，全面实行了计件工资制度。", title=title))
        adopters = {s for s, p, _ in got if p == "adoptsMechanism"}
        assert any(a.startswith("hongqi") for a in adopters) is credited


def test_a_firm_written_with_and_without_its_place_is_one_firm():
    """河北省红旗煤矿 … 红旗煤矿: the place in front qualifies the same mine, not another one."""
    result = run("河北省红旗煤矿超额完成了计划。红旗煤矿的工人推行了岗位责任制。")
    mines = [e for e in result.entities if e.type == "Enterprise"]
    assert len(mines) == 1 and {m.text for m in mines[0].mentions} == {"河北省红旗煤矿", "红旗煤矿"}


def test_located_by_the_verb_of_location_and_not_in_the_dateline_city():
    """The dateline's city (新华社长沙电) is where the report is filed, not where the plant is; X煤矿位于Y:
    in Y only; a river written after its city lies in it (locatedIn, not partOf)."""
    text = "新华社长沙电　红星机械厂增产。湘潭市的工厂都增产，湘潭市很好。\n"
    found = triples(run(text + "青山煤矿位于武汉长江北岸。武汉长江的航运很忙。"))
    assert ("hongxing-machinery-factory", "locatedIn", "changsha") not in found
    mine = {o for s, p, o in found if p == "locatedIn" and s == "qingshan-coal-mine"}
    assert mine == {"wuhan", "yangtze-river"}
    assert ("yangtze-river", "locatedIn", "wuhan") in found
    assert ("yangtze-river", "partOf", "wuhan") not in found


def test_who_chairs_a_meeting_does_not_lead_the_body_and_because_is_no_leader():
    """由X主持召开会议: X chairs, not leads; 由于 (because) names no leader."""
    found = triples(run("国务院今天由总理王大明主持召开常务会议。由于省政府领导得力，生产增长。"))
    assert not [t for t in found if t[1] == "leads"]


def test_a_committee_named_by_its_kind_of_unit_belongs_to_the_works_named_before():
    """红旗煤矿…矿党委: the mine's party committee (qualified, part of the mine), not one 矿党委 shared
    by every article."""
    result = run("红旗煤矿的工人超额完成了计划。矿党委组织了技术革新。")
    body = next(e for e in result.entities if "矿党委" in {e.label_zh, *e.aliases_zh})
    assert body.label_zh == "红旗煤矿党委" and body.key != "mine-party-committee"
    assert (body.key, "partOf", "hongqi-coal-mine") in triples(result)


def test_a_body_written_again_by_the_end_of_its_name_is_the_same_body():
    """湖南省革命委员会生产指挥部 … 生产指挥部: one body, not a second 'production command center'."""
    result = run("湖南省革命委员会生产指挥部召开会议。生产指挥部要求各地实行岗位责任制。")
    bodies = [e for e in result.entities if e.type in {"GovernmentBody", "PartyBody"} and "生产指挥部" in
              {m.text for m in e.mentions}]
    assert len(bodies) == 1 and bodies[0].label_zh == "湖南省革命委员会生产指挥部"


@pytest.mark.parametrize(
    "text",
    [
        "本报郑州电　郑州市各厂过去没有岗位责任制，返工很多。",  # had none
        "本报郑州电　由于政府未实行厂长负责制，工厂管理混乱。",  # did not
        "本报郑州电　郑州市已经改变了“统购包销”的办法。",  # left behind
        "本报郑州电　在压缩银根、资金紧张的情况下，郑州市各厂增产。",  # the circumstance
    ],
)
def test_a_measure_negated_left_behind_or_named_as_the_circumstance_is_not_adopted(text):
    """没有X, 未实行X, 改变了X的状况, 在X的情况下: X is named, nobody adopts it."""
    result = run(text)
    assert [e for e in result.entities if e.type == "PolicyMechanism"], "the measure is still named"
    assert not [r for r in result.relations if r.predicate == "adoptsMechanism"]


def test_a_place_before_a_persons_name_qualifies_the_person_and_does_not_act():
    """中国赫鲁晓夫 style epithets, 山西李明: the place says whose, the place does not adopt."""
    result = run("他们宣扬河南王大明的主张，在企业中大搞物质刺激。")
    assert [e for e in result.entities if e.type == "Person"]
    adopters = {r.subject for r in result.relations if r.predicate == "adoptsMechanism"}
    assert ("Province", "henan") not in adopters


def test_province_word_and_a_county_joined_by_and_both_act():
    """省里和X县签订了…合同: the province (省里) and the county both adopt the contract."""
    found = triples(run("本报西安电　陕西省生猪生产发展。今年，省里和户县签订了上调生猪的合同。"))
    adopters = {s for s, p, o in found if p == "adoptsMechanism"}
    assert "shaanxi" in adopters and any("hu" in s and "county" in s for s in adopters), adopters


def test_of_these_carries_the_actors_of_the_sentence_before():
    """其中X贷款为…: the bank of the sentence before gives the loans 'of these'."""
    text = "中国人民银行郑州分行今年发放农业贷款三千万元。其中耕畜贷款为一千万元。"
    found = triples(run(text))
    loans = {o for s, p, o in found if p == "adoptsMechanism" and "zhengzhou" in s and "bank" in s}
    assert len(loans) >= 2, found


def test_the_places_gone_to_are_helped_and_a_place_can_be_supported():
    """X组织工作组，到东北、华北等地…帮助工作: X supports the regions gone to; 上海市支援新疆: a place."""
    found = triples(run("煤炭部组织工作组，到东北、华北等地的建设单位，具体帮助工作。上海市积极支援新疆。"))
    supports = {(s, o) for s, p, o in found if p == "supports"}
    coal = "ministry-of-coal-industry"
    assert {(coal, "northeast-china"), (coal, "north-china")} <= supports
    assert ("shanghai", "xinjiang") in supports


def test_a_party_committee_and_government_written_side_by_side_are_two_bodies_acting_together():
    """洛阳市委市政府, 南阳地委行署: two bodies (not one), qualified with the place, both adopt."""
    found = triples(run("本报郑州电　洛阳市委市政府决定实行厂长负责制。南阳地委行署推行岗位责任制。"))
    adopters = {s for s, p, o in found if p == "adoptsMechanism"}
    assert {"luoyang-municipal-party-committee", "luoyang-municipal-government"} <= adopters
    assert {"nanyang-prefectural-party-committee", "nanyang-administrative-office"} <= adopters
    assert not [s for s in adopters if "committee-municipal" in s or "committee-administrative" in s]


def test_what_is_founded_is_a_body_of_this_article_when_its_name_ends_in_a_body_head():
    """X成立了节约办公室: the office is a body X establishes, keyed to this article (a generic name is
    never merged across articles); 成立了很大的影响 is no body."""
    result = run("煤炭部已经成立了节约办公室，决定加强管理。")
    est = [(s, o) for s, p, o in triples(result) if p == "establishes"]
    assert len(est) == 1 and est[0][0] == "ministry-of-coal-industry" and est[0][1].endswith("-t")
    assert {e.label_zh for e in result.entities} >= {"节约办公室"}
    assert not [t for t in triples(run("这件事成立了很大的影响。")) if t[1] == "establishes"]


def test_a_body_founded_again_is_the_one_its_head_names_next():
    """The second 成立了节约办公室 adds a mention to the office the article has (no new entity, no new
    mention in the list): 该办公室 after it is that office, not the 宣传办公室 founded in between (the
    article's memo of the bodies' heads is dropped, not kept stale)."""
    result = run("煤炭部成立了节约办公室。纺织部成立了宣传办公室。"
                 "煤炭部成立了节约办公室。该办公室支援纺织部。")
    office = labelled(result)["节约办公室"][1]
    supports = {(s, o) for s, p, o in triples(result) if p == "supports"}
    assert supports == {(office, "ministry-of-textile-industry")}


def test_a_dateline_opening_a_later_line_is_no_place_of_the_firm_and_a_firm_under_its_bureau_is_one():
    """An editor's note first, then 据新华社济南一日电　山东淄博矿务局洪山煤矿: the mine is in Shandong (not
    Jinan, where the dispatch was filed); 洪山煤矿 later is the same mine."""
    note = "编者按：各地煤矿增产。\n"
    result = run(note + "　　据新华社济南一日电　山东淄博矿务局洪山煤矿增产。洪山煤矿推行了责任制。")
    mines = [e for e in result.entities if e.type == "Enterprise"]
    assert len(mines) == 1
    located = {o for s, p, o in triples(result) if p == "locatedIn"}
    assert located == {"shandong"}

def _typed(text: str, type_: str) -> set[str]:
    return {e.label_zh for e in run(text).entities if e.type == type_}


def test_bare_names_listed_before_a_count_of_counties_are_counties():
    """阳城、沁水等县: the list's closing 等县 types its bare names, and their later mentions too."""
    text = "阳城、沁水等县今年春耕进展顺利，阳城的小麦长得好。工业、农业等县级部门都来了。"
    counties = _typed(text, "County")

    assert {"阳城", "沁水"} <= counties
    assert not counties & {"工业", "农业"}


def test_a_citys_name_listed_before_a_count_of_counties_is_a_county():
    """晋城、阳城等县: a name the gazetteer knows as a city is a county where the list says so, and in
    its later mentions; outside such a list (太原、大同等市) the city stays a city."""
    text = "晋城、阳城等县今年春耕进展顺利，晋城的小麦长得好。"

    assert {"晋城", "阳城"} <= _typed(text, "County")
    assert "晋城" not in _typed(text, "City")
    assert {"太原", "大同"} <= _typed("太原、大同等市发展工业。", "City")


def test_taxes_named_by_a_noun_ending_in_tax_are_measures():
    """屠宰税, 营业税 are measures; 利税 (profits and taxes) is a figure and 纳税 pays a tax."""
    measures = _typed("整顿了屠宰税和营业税，利税增加，纳税户多了。", "PolicyMechanism")

    assert {"屠宰税", "营业税"} <= measures
    assert not measures & {"利税", "纳税", "纳税户"}


@pytest.mark.parametrize(
    ("text", "measure", "absent"),
    [
        ("现行收购体制阻碍生产，要改革体制。", "收购体制", "改革体制"),  # a verb modifying a head of systems
        ("各班之间挑起短期竞赛。", "短期竞赛", "挑起短期竞赛"),  # a non-predicative adjective
    ],
)
def test_modifiers_of_measure_heads_that_are_not_nouns(text, measure, absent):
    measures = _typed(text, "PolicyMechanism")

    assert measure in measures and absent not in measures, measures


def test_compound_items_of_a_list_of_goods_and_their_siblings():
    """Each whole item of a list of goods (搪瓷|脸盆), never the verb before it; the items coordinated
    with a product found by its verb are products too."""
    goods = _typed("百货公司供应的搪瓷脸盆、铁锅、竹壳热水瓶等畅销货都增加了。", "Product")
    imported = _typed("该厂先后引进了电脑横机、剑杆织机等设备。", "Product")

    assert {"搪瓷脸盆", "铁锅", "竹壳热水瓶"} <= goods and "畅销货" not in goods
    assert {"电脑横机", "剑杆织机"} <= imported


def test_a_described_system_adopted_is_named_whole():
    """执行|…的制度: a clause of description before 的 and a head of systems is the measure's name; an
    adjective before 的 (严格的制度) names none."""
    text = "车间严格执行零件检验合格才装配的制度，又建立了严格的制度。"
    measures = _typed(text, "PolicyMechanism")

    assert "零件检验合格才装配的制度" in measures
    assert not {m for m in measures if m.startswith("严格")}


def test_the_old_and_the_new_measure_of_a_reform():
    """改X为Y: reform prose names the measure given up and the one taken up."""
    measures = _typed("去年，该县改分散经营为统一核算，收入增加。", "PolicyMechanism")

    assert {"分散经营", "统一核算"} <= measures


def test_a_sector_holds_no_ministry_and_areas_described_by_a_common_word_are_no_region():
    """商业部门 (a sector) holds no ministry 商业部; 落后地区 is a description, 盐阜地区 a named area."""
    found = {e.label_zh: e.type for e in run("商业部门采取了措施。落后地区和盐阜地区都有变化。").entities}

    assert "商业部" not in found
    assert found.get("盐阜地区") == "Region" and "落后地区" not in found


def test_teams_named_by_their_kind_of_work_are_no_names():
    """秧歌队, 副业专业队 name a kind of team; 东风大队 and 南柳生产队 name one brigade and one team."""
    result = run("各副业专业队都建立了制度，秧歌队也来了。东风大队、南柳生产队参加了。")
    found = {e.label_zh for e in result.entities}

    assert {"东风大队", "南柳生产队"} <= found
    assert not {n for n in found if n.endswith(("秧歌队", "专业队"))}


def test_items_sharing_a_head_are_each_a_measure():
    """贯彻A、B政策: the head is shared, each item is the measure; items with heads of their own keep them."""
    shared = _typed("各地贯彻按质论价、优质优价政策，效果很好。", "PolicyMechanism")
    own = _typed("又推行定额管理、评工记分和超产奖励制度。", "PolicyMechanism")

    assert {"按质论价", "优质优价"} <= shared and "优质优价政策" not in shared
    assert {"定额管理", "评工记分", "超产奖励制度"} <= own


def test_goods_counted_after_their_name_and_animals_reared():
    """木材三千五百立方公尺: the noun before an amount of goods; 养鸡鸭: each animal reared; 养猪 itself,
    种类 words (装配式) and fields (油田) are no goods."""
    goods = _typed("今年节约木材三千五百立方公尺，饲养着两万多头肥猪。社员养鸡鸭，油田增产。", "Product")

    assert {"木材", "肥猪", "鸡", "鸭"} <= goods
    assert not goods & {"养鸡", "养猪", "油田"}


def test_measures_and_networks_named_by_their_heads():
    """采取…增产节约措施 and 销售网点 name measures; 积极措施 is a manner, no measure."""
    measures = _typed("该局采取了各种增产节约措施，又采取积极措施，形成了销售网点。", "PolicyMechanism")

    assert {"增产节约措施", "销售网点"} <= measures and "积极措施" not in measures


def test_numbered_plans_and_campaigns_of_two_characters():
    """“七五”期间 and “三反”运动 are named by two number words; “五一”劳动节 is a holiday."""
    measures = _typed("“七五”期间建成码头。“五一”劳动节前，开展“三反”运动。", "PolicyMechanism")

    assert {"七五", "三反"} <= measures and "五一" not in measures


def test_a_verb_before_an_amount_is_no_goods():
    """出口2000台 counts what was exported; 饭碗和青花双龙茶杯500多担: the bowls, and never the first
    word of the compound (青花) nor its last alone (茶杯)."""
    goods = _typed("该厂还出口2000台，又生产出了饭碗和青花双龙茶杯500多担。", "Product")

    assert "饭碗" in goods and not goods & {"出口", "青花", "茶杯"}


def test_help_received_is_not_help_given_by_the_receiver():
    """X得到了Y的支持 / 受到Y的帮助: 到 completes 得/受 (no going-to), so X does not support Y."""
    for text in ("太原钢铁公司得到了山西省冶金厅的大力支持。", "红星机械厂受到了湘潭市政府的帮助。"):
        found = triples(run(text))
        givers = {s for s, p, o in found if p == "supports"}

        assert {"taiyuan-iron-and-steel-company", "hongxing-machinery-factory"}.isdisjoint(givers), found


def test_not_yet_negates_and_unprecedented_does_not():
    """尚未实行X: not adopted; 实行了前所未有的X: adopted (前所未有 'unprecedented' negates nothing)."""
    negated = triples(run("本报郑州电　郑州市各厂尚未实行岗位责任制。"))
    unprecedented = triples(run("本报郑州电　郑州市各厂实行了前所未有的岗位责任制。"))

    assert not [t for t in negated if t[1] == "adoptsMechanism"]
    assert ("zhengzhou", "adoptsMechanism", "post-responsibility-system") in unprecedented


def test_a_county_list_right_after_a_word_is_still_read():
    """今年阳城、沁水等县: the list's first name is 阳城, not 年阳城 (no punctuation before it)."""
    assert {"阳城", "沁水"} <= _typed("今年阳城、沁水等县春耕进展顺利。", "County")


def test_bodies_of_two_articles_of_one_day_are_never_one():
    """A founded office and a bare 县人委 are keyed to their article by its whole id: two archive articles
    of one day and page (…_3_1, …_3_2) keep two bodies each."""
    keys = []
    for art_id in ("1958-03-01_3_1", "1958-03-01_3_2"):
        text = "煤炭部已经成立了节约办公室。县人委决定加强管理。"
        article = Article(id=art_id, source=f"{art_id}.md", sha256="0", body_zh=text, date="1958-03-01")
        result = extract_doc(article, make_doc(text), "zh")
        keys.append({e.key for e in result.entities if e.type in {"GovernmentBody", "Organization"}
                     and e.key.endswith(art_id.replace("_", "-"))})

    assert len(keys[0]) == 2 and len(keys[1]) == 2 and keys[0].isdisjoint(keys[1]), keys


def test_prefectures_suburbs_border_regions_and_islands_are_regions():
    """X专区, X地区 after a known place, X郊区, X边区, X半岛, X岛 and X协作区 name areas (Region), not
    counties; an area described by a common word (落后地区) names none."""
    result = run(
        "汕头专区各县推广新式农具。浙江省金华地区今年收购茶叶。呼和浩特市郊区的农民、雷州半岛和"
        "海南岛的渔民都增产了。华北协作区成立。定西专区也是这样。落后地区有变化。"
    )
    found = {e.label_zh: e.type for e in result.entities}

    for name in ("汕头专区", "金华地区", "呼和浩特市郊区", "雷州半岛", "海南岛", "定西专区"):
        assert found.get(name) == "Region", name
    assert "落后地区" not in found and "定西专区" not in [n for n, t in found.items() if t == "County"]


def test_a_processing_verb_and_its_material_name_no_product():
    """炼钢, 造纸 and 磨粉 name industries (a verb and its material); the goods counted and listed stay."""
    result = run("工厂生产了二百台水泵、五十台车床。全县发展炼钢、造纸、磨粉等工业。")
    found = {e.label_zh: e.type for e in result.entities}

    assert found.get("水泵") == "Product" and found.get("车床") == "Product"
    assert not {"炼钢", "造纸", "磨粉"} & set(found)


def test_persons_in_lists_and_common_word_names():
    """A name that is also a common word (马力 'horsepower') is a person where 同志 or 说 follows or a
    person is joined to it; the next name word of a list of persons is one too (王明、高明); a list closed
    by 等 and a noun of things (…等煤矿) holds no persons."""
    persons = set()
    for text in ("马力同志说，今年增产了。", "王明、高明参加了。甘霖、田屯、魏庄等煤矿的职工坚持生产。"):
        persons |= {e.label_zh for e in run(text).entities if e.type == "Person"}

    assert {"马力", "王明", "高明"} <= persons
    assert not {"甘霖", "田屯", "魏庄"} & persons


def test_a_negation_is_no_part_of_a_measure():
    """没有岗位责任制 says the measure is absent: the measure is 岗位责任制."""
    found = {e.label_zh for e in run("这个厂过去没有岗位责任制，也缺乏经济核算制度。").entities}

    assert {"岗位责任制", "经济核算制度"} <= found
    assert not [n for n in found if n.startswith(("没有", "缺乏"))]


def test_a_system_ending_in_zhidu_keeps_its_whole_head():
    """财务管理制度 is a 制度 named by 财务管理, not 财务管理制 and a stray 度."""
    found = {e.label_zh for e in run("帮助公社建立账目和财务管理制度。").entities}

    assert "财务管理制度" in found and "财务管理制" not in found


def test_factories_of_a_size_and_a_kind_are_not_named():
    """中小型化肥厂, 河北中型化肥厂 count factories of a size and a kind; 红星化肥厂 names one."""
    result = run("各地建设中小型化肥厂。河北建设中型化肥厂，三级小型工厂很多。红星化肥厂投产了。")
    enterprises = {e.label_zh for e in result.entities if e.type == "Enterprise"}

    assert "红星化肥厂" in enterprises
    assert not [n for n in enterprises if "型" in n]


def test_a_sector_of_a_named_place_is_a_government_body():
    """广东省财经部门, 金华地区供销部门: a sector of government qualified by its place; 有关部门 and a bare
    商业部门 name none."""
    text = "广东省财经部门和贵州省商业部门都支持。商业部门也参加了。"
    result = run(text + "有关部门说，浙江省金华地区供销部门收购。")
    bodies = {e.label_zh for e in result.entities if e.type == "GovernmentBody"}

    assert {"广东省财经部门", "贵州省商业部门", "金华地区供销部门"} <= bodies
    assert not {"商业部门", "有关部门", "地区供销部门"} & bodies


def test_a_county_named_after_its_city_is_a_county():
    """邢台县 and 渭南县 are counties beside the cities 邢台 and 渭南, not those cities; a county word after
    a place never starts with a suffix or a conjunction (no 县和任县)."""
    found = {e.label_zh: e.type for e in run("邢台县和任县的农民，渭南县也是。").entities}

    assert found.get("邢台县") == "County" and found.get("渭南县") == "County"
    assert "县和任县" not in found and "邢台" not in found


def test_a_body_after_a_county_named_after_its_city_goes_by_its_own_name():
    """河北省邢台县南浍大队: the brigade is 南浍大队, in the county 邢台县."""
    found = {e.label_zh: e.type for e in run("河北省邢台县南浍大队的社员增产了。").entities}

    assert found.get("南浍大队") == "Organization" and found.get("邢台县") == "County"


def test_variety_words_and_approximations_are_no_part_of_goods():
    """各种车床 names 车床; 三百吨左右 counts about three hundred tons of nothing named 左右."""
    result = run("制造出四百六十多台各种车床，产量三百吨左右。")
    found = {e.label_zh for e in result.entities if e.type == "Product"}

    assert "车床" in found and not {"各种车床", "左右"} & found


@pytest.mark.parametrize(
    ("text", "goods", "not_goods"),
    [
        ("城里的猪肉和鸡蛋都要从外地运来，库存的原煤也不多。", {"猪肉", "鸡蛋", "原煤"}, set()),
        ("必须加强对锌、铜、铝的计划管理。", {"锌", "铜", "铝"}, {"计划管理"}),  # one character, in a list
        ("工地上砌砖用的石灰不够，能源、原材料都紧张。", {"石灰"}, {"砌砖", "原材料", "能源"}),
        ("今年的钢锭、钢坯和生铁都超额完成了计划。", {"钢锭", "生铁"}, set()),  # 和 closes the list
    ],
)
def test_staple_goods_are_products_wherever_they_stand(text, goods, not_goods):
    """A dictionary noun ending in a staple (…肉, …煤, …灰) is goods without a production verb; a verb of
    handling before it (砌砖) names an act, and a kind of goods (原材料) names no product."""
    found = _typed(text, "Product")

    assert goods <= found and not found & not_goods, found


def test_an_idiom_after_a_title_and_a_word_across_a_line_break_are_no_persons():
    """厂长应接不暇: the 'name' after the title starts a longer word; 张口 at a headline's end is a verb."""
    text = "摊派者伸手　吃喝者张口\n工厂天天来客人，弄得厂长应接不暇。厂长王国华说，要刹住这股风。"
    persons = _typed(text, "Person")

    assert persons == {"王国华"}, persons


def test_a_noun_before_management_or_inspection_is_no_measure():
    """设备管理, 质量检查: the work of managing or inspecting a thing, not a named measure."""
    found = _typed("这个厂的设备管理和质量检查都做得很好，还实行了岗位责任制。", "PolicyMechanism")

    assert "岗位责任制" in found and not found & {"设备管理", "质量检查"}, found


@pytest.mark.parametrize(
    ("text", "measure", "not_measure"),
    [
        ("各社带动农民开展增产节约竞赛运动的成绩很大。", "增产节约竞赛运动", "增产节约竞赛"),  # two heads
        ("加强管理，实行统一收费等。", "统一收费", "统一收费等"),  # 等 closes the list
        ("实行计件工资后，产量大增。", "计件工资", "计件工资后"),  # 后 makes a time clause
        ("工会又有计划地发动工人互相检查。", None, "有计划"),  # 地: an adverb, no measure
    ],
)
def test_the_bounds_of_an_adopted_measure(text, measure, not_measure):
    """A measure's name runs over a second head (竞赛|运动) and stops before 等, 后 and the adverbial 地."""
    found = _typed(text, "PolicyMechanism")

    assert (measure is None or measure in found) and not_measure not in found, found


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("各地要切实做好春耕贷款的发放工作。", "春耕贷款的发放"),  # the line of work before 工作
        ("全县狠抓增收节支工作，收入大增。", "增收节支"),
        ("各社采取因地制宜的办法，安排生产。", "因地制宜"),  # an idiom named as the way taken
    ],
)
def test_a_line_of_work_or_a_way_taken_is_a_measure(text, measure):
    """做好X工作, 狠抓X工作: X is the measure; 采取<idiom>的办法: the idiom is."""
    assert measure in _typed(text, "PolicyMechanism")


def test_a_generic_line_of_work_is_no_measure():
    """宣传工作, 组织工作: a general line of work after 加强/做好 names no measure."""
    assert not _typed("县里加强了宣传工作，也做好了组织工作。", "PolicyMechanism")


def test_the_army_and_the_volunteers_are_known_bodies_and_a_certain_unit_is_none():
    """解放军, 志愿军: national bodies named without a head word; 某部, 某厂: 'a certain' unit, unnamed."""
    result = run("全村给志愿军家属代耕，中国人民解放军某部帮助抢收，河北某厂送来了农具。")
    found = {e.label_zh: (e.type, e.key) for e in result.entities}

    assert found["志愿军"] == ("Organization", "chinese-people-volunteers")
    assert found["中国人民解放军"] == ("Organization", "people-liberation-army")
    assert not [n for n in found if "某" in n], found


def test_a_measure_starts_after_a_time_word_and_never_ends_in_de():
    """今年|夏粮征购: the time is when, not what; a phrase ending in 的 describes, it names nothing."""
    found = _typed("各县要认真做好今年夏粮征购工作，加强了专职检查人员的工作，做好为生产建设服务的工作。",
                   "PolicyMechanism")

    assert "夏粮征购" in found and not [n for n in found if n.endswith("的") or n.startswith("今年")], found


def test_a_place_word_naming_a_county_of_the_division_table_without_its_suffix_is_a_county():
    """汾阳 (汾阳市), 交城 (交城县): a place word the table knows with a county-level suffix; 嫩江 is a
    river."""
    counties = _typed("汾阳贷款时强调家中必须有五亩地，交城也是这样。嫩江两岸春耕忙。", "County")

    assert "汾阳" in counties and "嫩江" not in counties, counties


def test_a_word_for_products_is_no_part_of_a_listed_product():
    """主要产品钢、钢材、生铁: 产品 says what they are, it is not part of 钢."""
    goods = _typed("这个公司的主要产品钢、钢材、生铁等产量都超过了目标。", "Product")

    assert {"钢", "钢材", "生铁"} <= goods and "产品钢" not in goods, goods

# --- who acts: the owner of a measure, 地委行署, measures named again ------------------------


def test_the_owner_named_before_de_adopts_the_measure():
    """'执行国家的财政制度': the state's system, adopted by China, not by whoever carries it out."""
    result = run("本报讯　沈阳市财会人员表示，要严格执行国家的财政制度。")

    adopters = {s for s, p, o in triples(result) if p == "adoptsMechanism"}

    assert adopters == {"china"}


def test_bare_prefectural_committee_and_office_stay_bodies_of_their_article():
    """'地委行署决定…' with no place to qualify them: both halves keyed to the article, never merged
    with another article's 地委 by the bare name."""
    result = run("本报讯　地委行署决定在全区推行承包责任制。")

    bodies = {e.key for e in result.entities if e.type in {"PartyBody", "GovernmentBody"}}

    assert bodies == {"prefectural-party-committee-t", "administrative-office-t"}


def test_a_measure_named_by_an_ending_two_measures_share_is_neither_of_them():
    """'成本核算制度…财务核算制度…执行核算制度': the bare 核算制度 is not merged into the first measure."""
    result = run(
        "本报讯　沈阳市第一机床厂建立了成本核算制度，又建立了财务核算制度。"
        "今年，全厂职工认真执行核算制度，节约了大量资金。"
    )

    owner = {m.text: e.key for e in result.entities if e.type == "PolicyMechanism" for m in e.mentions}

    assert owner["核算制度"] not in {owner["成本核算制度"], owner["财务核算制度"]}


def test_a_firm_named_after_the_country_is_not_located_in_the_articles_place():
    """'中国石油化工总公司' in a Beijing dispatch about Beijing: a national firm, no locatedIn Beijing."""
    result = run(
        "新华社北京５月３１日电　中国石油化工总公司日前发出通知，要求各地保证农业用油。北京市今年用油增加。"
    )

    located = {(s, o) for s, p, o in triples(result) if p == "locatedIn"}

    assert "china-petrochemical-corporation" in {e.key for e in result.entities}
    assert not located


def test_a_plant_named_after_the_country_still_stands_in_one_place():
    """'上海的中国钟表厂': a factory called 'China …' is one plant, located in the article's city."""
    result = run("本报讯　上海的中国钟表厂今年增产闹钟十万只。上海市各厂都在增产。")

    assert ("china-clock-factory", "locatedIn", "shanghai") in triples(result)


def _mechanisms(result: ArticleResult) -> set[str]:
    return {e.label_zh for e in result.entities if e.type == "PolicyMechanism"}


def test_a_line_of_combining_or_doing_at_once_is_one_measure():
    """'A与B相结合', 'A和B并举', '大、中、小相结合', '土洋结合': the whole line, not its halves, no verb."""
    found = _mechanisms(run(
        "本报讯　县委采取手工生产与机器生产相结合、大小并举的办法，又做到大、中、小相结合。"
        "各社坚持土洋结合，他们企图百业并举。干部要结合实际，学习结合。"
        "厂里采取革新和试制并举、制造与修理相结合、不断改进设备与不断培训工人并举的做法。"
    ))

    assert {"手工生产与机器生产相结合", "大小并举", "大、中、小相结合", "土洋结合", "百业并举"} <= found
    assert {"革新和试制并举", "制造与修理相结合", "不断改进设备与不断培训工人并举"} <= found
    assert not found & {"手工生产", "机器生产相结合", "企图百业并举", "学习结合", "结合实际", "修理相结合"}


def test_a_copula_is_no_part_of_a_measure():
    """'这就是监督制度': 是 starts no name of a system."""
    found = _mechanisms(run("本报讯　工厂建立了检查制度。这就是监督制度。"))

    assert "监督制度" in found and "是监督制度" not in found


@pytest.mark.parametrize(
    "text", ["产量提高了三倍", "工作两小时", "分为四级", "建设中型厂", "修筑铁路", "建成电站"]
)
def test_counts_sizes_and_works_are_not_products(text):
    """A count (三倍, 两小时, 四级), a works (中型厂, 电站) or a line (铁路) after a verb is no goods."""
    result = run(f"本报讯　这个县生产了大批农具，{text}。")

    assert not {e.label_zh for e in result.entities if e.type == "Product"} & {
        "三倍", "两小时", "四级", "中型厂", "铁路", "电站"
    }


def test_goods_that_dictionaries_also_tag_as_verbs_or_measures_stay_goods():
    """锄 'a hoe/to hoe', 漆 'paint', 米 'rice/metre', 大米 (tagged m) are goods; 做, 争 are not."""
    from kg.extract.zh.products import is_goods

    assert all(is_goods(w) for w in ["锄", "漆", "米", "大米", "八角", "铁矿", "带钢"])
    assert not any(is_goods(w) for w in ["做", "争", "三倍", "两小时"])


def test_common_waters_are_no_regions():
    """内河 'inland river', 江河 'rivers' are common words; 长江, 嫩江 are named waters."""
    found = {e.label_zh for e in run("本报讯　恢复内河航运，整治江河，长江和嫩江沿岸增产。").entities
             if e.type == "Region"}

    assert {"长江", "嫩江"} <= found and not found & {"内河", "江河"}


def test_an_owner_before_a_body_is_no_part_of_its_name():
    """工业局所属|针织厂; a named agricultural co-operative is an Organization (the gold conventions)."""
    found = labelled(run("本报讯　天津工业局所属针织厂增产。王家庄农业生产合作社增产粮食。"))

    assert found.get("王家庄农业生产合作社", ("",))[0] == "Organization"
    assert not any(k.startswith("工业局所属") for k in found)


def test_areas_of_the_liberated_regions_are_regions():
    """冀中, 太行, 苏北: areas the press of 1937-1949 names like macro-regions."""
    result = run("本报讯　冀中各地和太行、苏北的农民纷纷修船。太行山区也在修。")
    found = {e.label_zh: e.type for e in result.entities}

    assert {found.get(k) for k in ("冀中", "太行", "苏北", "太行山区")} == {"Region"}


def test_goods_counted_in_a_list_closed_by_a_kind_of_goods():
    """'拖拉机、十片圆盘耙、四行播种机等产品': a count before an item does not end the list."""
    found = {e.label_zh for e in run("本报讯　该厂生产拖拉机、十片圆盘耙、四行播种机等产品。").entities
             if e.type == "Product"}

    assert {"圆盘耙", "播种机"} <= found


def test_counted_machines_and_ends_of_lists_are_no_bodies_or_counties():
    """拖拉机二部 (部 the classifier), 一县, 等县 name no ministry or county; 东北区 is the macro-region."""
    found = labelled(run("本报讯　该站有拖拉机二部。东北区各县，如祁县和介休等县，一县一社。商业部拨款。"))

    assert not any(k.endswith(("二部", "一县", "等县")) for k in found)
    assert found.get("东北区", ("",))[0] == "Region"
    assert found.get("商业部", ("",))[0] == "GovernmentBody"


def test_a_line_of_combining_starts_after_a_copula_and_counts_none():
    """'方针是|生产与生活相结合', '坚持|巩固与发展相结合' (巩固 is one of the things combined), while
    '这几个结合' and '两个部门并举' name no line."""
    found = _mechanisms(run(
        "本报讯　工厂坚持巩固与发展相结合，方针是生产与生活相结合。"
        "他们做到了这几个结合，运输和销售两个部门并举。"
    ))

    assert {"巩固与发展相结合", "生产与生活相结合"} <= found
    joined = {k for k in found if k.endswith(("结合", "并举"))}
    assert not any("个" in k or k.startswith(("是", "发展", "了")) for k in joined)

def test_a_county_opening_a_body_after_its_province_is_part_of_it_and_holds_the_body():
    """河北省|清河县商业部门: the county that opens the department's name is part of the province written
    before it, and the department lies in the county; a provincial government governs, it lies nowhere."""
    text = "清河县今年增产粮食。河北省清河县商业部门积极供应农具。河北省人民政府号召各县支援农业。"
    found = triples(run(text))

    county = next(s for s, p, o in found if p == "partOf" and o == "hebei")
    department = next(s for s, p, o in found if p == "locatedIn" and o == county)
    assert county.endswith("county") and "commerce" in department
    assert not any(p == "locatedIn" and "government" in s for s, p, _ in found)


def test_a_body_in_an_unknown_district_is_not_put_in_the_city_before_it():
    """天津市|河西区环卫局: the bureau is in the district, which the article does not know; not in Tianjin."""
    found = triples(run("天津市河西区环卫局工人王秀英介绍了经验。天津市各区都在学习。"))

    assert not any(p == "locatedIn" and o == "tianjin" for _, p, o in found)


@pytest.mark.parametrize(
    ("text", "person", "title"),
    [
        ("会上，河北省人民政府罗德明主任指出：要抓紧春耕。", "luo-deming", "主任@hebei"),
        ("华北人民政府发出通知。华北人民政府副主席王守仁指出：要增产。", "wang-shouren", "副主席@huabei"),
    ],
)
def test_a_post_after_the_name_or_after_a_body_read_as_a_place(text, person, title):
    """'<body><name><title>' (the older order) is a holding; so is '<body><title><name>' where the body's
    name was read as a place (东北人民政府 as 东北)."""
    found = triples(run(text))

    assert any(s == person and p == "holds" and title in o for s, p, o in found), found


def test_a_county_committee_governs_the_county_not_the_city_of_the_same_name():
    """中共渭南县委 governs 渭南县 (not in the gazetteer), never the city 渭南 the gazetteer has."""
    found = triples(run("渭南县今年增产。中共渭南县委决定推广这个办法。渭南市也在学习。"))

    assert ("weinan-county-party-committee", "governs", "weinan-county") in found
    assert not any(p == "governs" and o == "weinan" for _, p, o in found)


def test_counties_listed_after_their_province_each_adopt_not_the_province():
    """'广东省潮安、普宁等县推广了X': the province only qualifies; each county of the list adopts."""
    found = triples(run("本报讯　湖南省浏阳、醴陵和平江等县推广了经济责任制。"))
    adopters = {s for s, p, _ in found if p == "adoptsMechanism"}

    assert "hunan" not in adopters
    assert len(adopters) >= 2, found


def test_staple_goods_and_machines_wherever_they_stand():
    """Words of the goods lexicon (粮食, 水泥) and dictionary machines of three characters (拖拉机, 变压器)
    are products without a production verb; a staple before another noun (粮食局) is not."""
    found = _of_type(run("粮食局检查了水泥仓库。公社修好了拖拉机，换上了新的变压器。"), "Product")
    assert {"拖拉机", "变压器"} <= found
    assert "粮食" not in found
    assert _of_type(run("社员们交售了大批粮食和棉花。"), "Product") >= {"粮食", "棉花"}


def test_a_list_item_runs_to_its_separator():
    """钢锭、锻钢件、钢丝绳: an item is whole up to the next separator (锻钢|件); the list goes on past it."""
    found = _of_type(run("工厂运出了钢锭、锻钢件、钢丝绳和铁管。"), "Product")
    assert {"锻钢件", "钢丝绳"} <= found
    assert "锻钢" not in found


def test_a_noun_for_a_kind_of_goods_is_no_item_of_the_next_list():
    """…等日用品和A、B: 日用品 closes the first list; the items after 和 do not take it in."""
    found = _of_type(run("商店里有毛巾、肥皂等日用品和汗衫、背心等夏令货。"), "Product")
    assert {"毛巾", "汗衫", "背心"} <= found
    assert "日用品" not in found


def test_a_list_closed_by_a_noun_for_trades_names_no_goods():
    """…、煤炭、化肥和电力等四个网 names trades; …、钢材等原材料 names goods."""
    assert not _of_type(run("全县建立了农机、煤炭、化肥和电力等四个网。"), "Product")
    assert {"煤炭", "钢材"} <= _of_type(run("工厂缺少煤炭、钢材等原材料。"), "Product")


def test_goals_of_transformation_after_a_verb_of_achieving_are_mechanisms():
    """实现A化、B化 / 作到X化: each X化 item is a measure; 实现不了X化 and a one-character stem name none."""
    found = _mechanisms(run(
        "公社支援实现绳索牵引化、轨道化、水利化；各厂作到经营企业化。社员在实现制米机械化前很忙。"
    ))
    assert {"绳索牵引化", "轨道化", "水利化", "经营企业化", "制米机械化"} <= found
    assert not _mechanisms(run("这样实现不了公社工业化，也无法实现绿化。"))


def test_a_mechanism_suffix_is_translated_as_a_suffix():
    """X化 is X-ization and X法 the X method in a mechanism's English label, not 'make into' and 'law'."""
    result = run("公社实现了绳索牵引化，并推广了深翻法。")
    english = {e.label_zh: e.label_en or e.attrs.get("machine_en", "") for e in result.entities
               if e.type == "PolicyMechanism"}
    assert english.get("绳索牵引化", "").endswith("-ization") and "make" not in english["绳索牵引化"]
    assert english.get("深翻法", "").endswith(" method") and "law" not in english["深翻法"]


def test_an_item_of_an_enumeration_names_a_measure_with_its_verb():
    """——强化资金管理，/ 四、尽量使用代用品。: the item's verb and object; not leadership or work
    (加强农业生产领导), not a two-character object (消灭事故), and 加强|企业管理 is not also named without
    its verb."""
    found = _mechanisms(run(
        "部里提出：\n——努力调整产品结构，增产适销产品；\n——加强企业管理，挖掘潜力；\n"
        "一、消灭事故；二、尽量使用代用品。三、加强农业生产领导。"
    ))
    assert {"调整产品结构", "加强企业管理", "使用代用品"} <= found
    assert not found & {"企业管理", "消灭事故", "加强农业生产领导"}


def test_a_method_named_by_the_suffix_fa_is_a_mechanism():
    """活动支木模法, 深翻法: content words before 法 written alone; not 得法, 作法, 中法 (France)."""
    found = _mechanisms(run(
        "工地有适合现场用的活动支木模法。他们推广了深翻法。耕作得法，作法不当。中法两国签约。"
    ))
    assert {"活动支木模法", "深翻法"} <= found
    assert not {m for m in found if m.endswith("法")} - {"活动支木模法", "深翻法"}


def test_a_law_made_public_is_no_method():
    """公布了环境保护法: X法 after a verb of making or keeping a law is a law, not a way of working."""
    broader = {
        e.label_zh: e.attrs.get("broader") for e in run("国家公布了环境保护法。他们推广了深翻法。").entities
    }
    assert broader.get("深翻法") == "work-methods", broader
    assert broader.get("环境保护法") != "work-methods", broader


def test_clauses_of_acting_close_together_name_measures_with_their_verb():
    """；加强客运管理，…；加强货源管理，: two clauses of a verb of acting and its object near each other name
    measures with their verb (also when jieba fuses 推广先进|经验); one such clause alone names none."""
    found = _mechanisms(run("交通部决定：加强客运管理，保障安全畅通；加强货源管理，推行合同运输。"))
    assert {"加强客运管理", "加强货源管理"} <= found
    assert "货源管理" not in found
    found = _mechanisms(run("各厂发挥潜力，积极改进劳动组织，推广先进经验，提高了定额。"))
    assert {"改进劳动组织", "推广先进经验"} <= found
    assert "加强货源管理" not in _mechanisms(run("公司今年加强货源管理，产量大增。"))


def test_a_tax_written_after_its_noun_is_a_mechanism():
    """牲畜|税 (jieba writes 税 alone) is a tax like 交易税; 利税 and 纳税 name none."""
    found = _mechanisms(run("秋后不征收其牲畜税，另按交易税征收。全厂实现利税百万元，按时纳税。"))
    assert {"牲畜税", "交易税"} <= found
    assert not found & {"利税", "纳税", "实现利税"}


def test_forms_of_organisation_set_up_in_numbers_are_mechanisms():
    """组织了三十五个造船小组, 设立了储蓄服务站: generic units set up, mechanisms; a unit named without a
    verb of setting up or a count (技术研究会的报告) is none."""
    found = _mechanisms(run(
        "各村组织了三十五个造船小组。各队设立了储蓄服务站。县里建立了贷款基点。他读了技术研究会的报告。"
    ))
    assert {"造船小组", "储蓄服务站", "贷款基点"} <= found
    assert "技术研究会" not in found


def test_a_county_list_needs_one_place_and_a_bare_name_beside_a_county_is_one():
    """清源、徐沟等县: one place word types the whole list; 祁县、交城: a division's bare name listed beside a
    county is a county; 工业、农业等县级: common words before 等县级 are none."""
    counties = _typed("如祁县、交城在贷款中宣传了政策。如清源、徐沟等县单纯地提出了比例。", "County")

    assert {"祁县", "交城", "清源", "徐沟"} <= counties
    assert not _typed("工业、农业等县级部门都来了。建设、发展等县都好。", "County")
    counted = _typed("兴宁、梅县等七个县的农民都来了。", "County")  # 等 and a count close the list
    assert {"兴宁", "梅县"} <= counted and "梅县等" not in counted


def test_the_place_of_a_dateline_is_read_as_a_county_of_the_table():
    """【新华社河间二十六日电】: 河间 (河间市 in the division table) is where the dispatch was filed."""
    assert "河间" in _typed("【新华社河间二十六日电】冀中各地造船业现已纷纷动工。", "County")


@pytest.mark.parametrize("line", ["【本报讯】", "【新华社讯】", "【新华社电】", "【本报专讯】"])
def test_a_dateline_without_a_place_names_none(line: str) -> None:
    """【本报讯】, 【新华社电】: the paper or the agency, no place the dispatch was filed from."""
    from kg.extract.zh.mentions import DATELINE_PLACE

    assert not DATELINE_PLACE.search(line)


def test_names_listed_before_a_count_of_villages_are_villages():
    """大张庄、李亭等村: bare names a closing 等村 types are villages (Region); common words are not."""
    assert {"大张庄", "李亭"} <= _typed("安新之大张庄、李亭等村，已制造航船十余只。", "Region")
    assert not _typed("工业、农业等乡镇企业都来了。", "Region")


def test_waters_listed_together_and_a_localiser_after_a_lake():
    """镜泊湖、连环湖等: a lake listed after a lake is one; 西湖畔: the shore word is no part of the name;
    江河湖海 names no water."""
    text = "在兴凯湖、镜泊湖、连环湖等辽阔的冰面上破冰捕鱼。杭州西湖畔补修下水道。江河湖海都冻了。"
    regions = _typed(text, "Region")

    assert {"连环湖", "镜泊湖", "西湖"} <= regions
    assert not {"西湖畔", "江河湖海", "河湖"} & regions


def test_a_verbal_noun_after_a_title_is_no_name():
    """厂长管理了工厂: 管理 'manage' (a verbal noun to jieba) after a title is no person; 厂长王国华 is."""
    persons = _typed("有的工厂工人竟代替厂长管理了工厂。厂长王国华说，要加强管理。", "Person")

    assert "王国华" in persons
    assert "管理" not in persons


def test_an_ownership_word_or_a_known_body_opens_a_name():
    """发展|国营工厂, 积极响应|中共中央: the words before an ownership word or a well-known body's name are
    no part of it unless they name a place (河北省国营农场, 冀中公营工厂)."""
    text = "最重要的是发展国营工厂。同志们积极响应中共中央的号召。冀中公营工厂管理会议。河北省国营农场很好。"
    labels = {e.label_zh for e in run(text).entities}

    assert {"中共中央", "冀中公营工厂", "河北省国营农场"} <= labels
    assert "第一机械部" in {e.label_zh for e in run("目前已由第一机械部安排生产。").entities}
    assert not {"发展国营工厂", "积极响应中共中央"} & labels


def test_kinds_of_enterprise_counted_or_listed_with_kinds_are_not_named():
    """七十三个草炭化肥厂, 动力站、机械修理厂、木工厂, 公营工厂: kinds counted, listed with a kind, or an
    ownership word and a head; a place or a proper name still names one (太原机械修理厂, 红星化工厂)."""
    text = (
        "帮助公社建立动力站、机械修理厂、粮米加工厂、建筑材料厂、木工厂。全县有七十三个草炭化肥厂。"
        "会议批判了公营工厂管理工作。太原机械修理厂、红星化工厂都完成了计划。"
    )
    firms = _typed(text, "Enterprise")

    assert {"太原机械修理厂", "红星化工厂"} <= firms
    assert not {"机械修理厂", "粮米加工厂", "建筑材料厂", "草炭化肥厂", "公营工厂"} & firms
    owned = _typed("周围排列着枫树山的无线电元件厂、木材厂、瓷厂、汽车运输公司和森林公园。", "Enterprise")
    assert {"无线电元件厂", "汽车运输公司"} <= owned  # a place's own units, each one named


def test_the_party_branch_of_a_brigade_keeps_the_brigade_in_its_name():
    """南柳大队党支部: the brigade's party branch (not a bare 党支部); the brigade is named too."""
    result = run("汇报南柳大队党支部领导群众的经验。南柳大队的社员很好。")
    found = {(e.type, e.label_zh) for e in result.entities}

    assert {("PartyBody", "南柳大队党支部"), ("Organization", "南柳大队")} <= found


def test_a_two_character_county_of_the_table_where_jieba_splits_it():
    """任县 (a county of the division table) read as 任|县 by jieba; 任县长 'served as county head', 示范县
    and 新县城 name none."""
    assert _typed("参观访问了任县的环水大队。", "County") == {"任县"}
    assert not _typed("他曾任县长。全国示范县很多。新县城建成了。", "County")


def test_a_province_or_city_written_before_a_body_is_named_there():
    """甘肃省阿干镇煤矿, 宝鸡市裕民铁工厂: the province and the city are entities too; the bodies stay
    whole."""
    result = run("如甘肃省阿干镇煤矿讨论今年生产计划时，宝鸡市裕民铁工厂打算接受锅炉的生产任务。")
    found = {(e.type, e.label_zh) for e in result.entities}

    assert {("Province", "甘肃省"), ("City", "宝鸡市"), ("Enterprise", "宝鸡市裕民铁工厂")} <= found


def test_a_body_named_by_its_rank_to_the_speaker_is_none():
    """上级党委 'the party committee above' and 部分手工业社 'some co-ops' name no body; 中共山西省委 does."""
    labels = {e.label_zh for e in run("经过上级党委指示，才采取了措施。中共山西省委决定。").entities}

    assert "中共山西省委" in labels and "上级党委" not in labels
    assert not _typed("实习工厂，连同部分手工业社，制造潜力很大。", "Organization")


def test_a_photo_credit_with_a_spaced_two_character_name_is_no_person():
    """阮　均摄（新华社稿）: the photographer's name, set with a space, is a credit, not a person named."""
    persons = _typed("山西省制出了小型拖拉机。\n      阮　均摄（新华社稿）\n厂长王国华说好。", "Person")

    assert persons == {"王国华"}


def test_a_city_name_and_a_separate_county_word_name_the_county_beside_the_city():
    """太原|县|支行: the county named after the city (太原县), not before a word for its body (太原县委)."""
    text = "太原县支行在南畔村贷款时，教育他们建立家务。"

    assert _typed(text, "County") == {"太原县"}
    assert "太原县" not in _typed("太原县委决定了。", "County")


@pytest.mark.parametrize(
    ("text", "goods", "not_goods"),
    [
        ("农场新添了两台水车、三十二片圆盘耙和二十四行播种机等农具。", {"水车", "圆盘耙", "播种机"}, set()),
        ("车间自制的电焊机、十台电动机等三台简易设备已经使用。", {"电焊机", "电动机"}, set()),
        ("工地上需要五吨多钢板，还要十二匹马力的柴油机。", {"钢板", "柴油机"}, {"多钢板", "马力"}),
    ],
)
def test_counted_items_of_a_list_of_tools_and_an_amount_past_its_unit(text, goods, not_goods):
    """A list closed by 等 and a word for tools or equipment (等农具, 等三台简易设备) lists goods, a count
    before an item (二十四行|播种机) no part of it; 多 after a unit (五吨多) is the amount's; 马力 a unit."""
    found = _typed(text, "Product")

    assert goods <= found and not found & not_goods, found


def test_a_word_of_type_or_build_before_goods_is_part_of_their_name():
    """小型|拖拉机, 新式|农具: the word of a type (…型) or build (…式) names the kind of goods with them."""
    found = _typed("农机厂今年制造了小型拖拉机，供销社运来了一批新式农具。", "Product")

    assert {"小型拖拉机", "新式农具"} <= found and not {"拖拉机", "农具"} & found, found


def test_a_brand_name_of_goods_is_not_widened_over_a_word_of_type():
    """小型|红旗牌拖拉机: the brand names its goods whole; the size before it is no part of the name."""
    found = _typed("农机厂今年制造了小型红旗牌拖拉机。", "Product")

    assert "红旗牌拖拉机" in found and "小型红旗牌拖拉机" not in found, found


def test_a_longer_verb_of_making_is_read_whole():
    """试制成功|榨油机: the verb is 试制成功, not 试制 with 成功 left over as the object's start."""
    assert "榨油机" in _typed("农机厂还试制成功榨油机。", "Product")


def test_words_for_kinds_of_machinery_are_goods():
    """矿山机械, 动力机械, 农业机具: machinery named by its use or power is goods wherever it stands; not
    machinery named by a quality (先进机械) or an amount (全部机械)."""
    from kg.extract.zh.products import _machinery

    found = _typed("各县修理了排灌动力机械和春耕机具，还运来了矿山机械。", "Product")

    assert {"动力机械", "矿山机械"} <= found, found
    assert "农业机械" not in _typed("各厂建立了农业机械修配网。", "Product")  # the machinery names a trade
    assert _machinery("农业机具") and _machinery("灌溉机械")
    assert not _machinery("先进机械") and not _machinery("全部机械")


def test_non_ferrous_metals_are_staple_goods():
    """有色金属, a category of the period's output statistics, is goods wherever it stands."""
    assert "有色金属" in _typed("国家严格控制有色金属出口。", "Product")


def test_two_known_bodies_written_together_are_two_bodies():
    """中共中央国务院: the party's Central Committee and the State Council, each adopting the campaign;
    中央人民政府农业部 stays the government's own ministry."""
    result = run("中共中央国务院号召开展增产节约运动。中央人民政府农业部召开会议。")
    found = labelled(result)

    assert found["中共中央"][0] == "PartyBody" and found["国务院"][0] == "GovernmentBody"
    assert "中共中央国务院" not in found and "中央人民政府农业部" in found
    assert ("state-council", "adoptsMechanism", "increase-production-economy-campaign") in triples(result)


def test_a_sector_of_no_place_named_once_is_no_enterprise():
    """发展地方工业之纲: a sector written once in passing is a kind of industry; 河南省国营工业 beside
    地方工业, or a sector the article keeps returning to, is a collective actor."""
    firms = {e.label_zh for e in run("要把钢铁作为发展地方工业之纲。").entities if e.type == "Enterprise"}
    again = run("地方工业发展很快。地方工业产值增加了。").entities

    assert not firms
    assert any(e.type == "Enterprise" for e in again)


def test_china_s_foreign_figure_is_an_epithet_and_a_parallel_slogan_no_factory():
    """中国赫鲁晓夫 ('China's Khrushchev') names no person; 包村包厂 (cadres contracting villages and
    factories) is a slogan of parallel verbs, no factory."""
    result = run("中国赫鲁晓夫鼓吹先机械化。干部到落后地区包村包厂。张国华厂长说。")
    found = {e.label_zh: e.type for e in result.entities}

    assert "赫鲁晓夫" not in found and found.get("张国华") == "Person"
    assert not any(t == "Enterprise" for t in found.values())


def test_english_words_spelled_like_pinyin_are_no_romanisation():
    """'Mine' and 'Run' read as pinyin (mi-ne, run) but are the glossary's English; 'Huai' of 淮河 stays
    a reading."""
    assert not zh_names.is_romanised("Aganzhen Coal Mine")
    assert not zh_names.is_romanised("Xuanhua County-Run Industry")
    assert "huai" not in zh_names.english_words() and "mine" in zh_names.english_words()


def test_a_county_word_split_from_its_ownership_word_renders_county_run():
    """宣化县|营工业 (jieba's split): 宣化 + 县营 'County-Run', not 'County Camp'."""
    assert zh_names.english_name("宣化县营煤矿")[0] == "Xuanhua County-Run Coal Mine"
    assert zh_names.english_name("郧县邮电局")[0] == "Yun County Post and Telecommunications Bureau"


def test_a_local_kind_or_the_factories_of_several_places_name_no_enterprise():
    """地方机械厂 ('local machinery plants') and 沈阳等地机械制造厂 (those of Shenyang and other places) are
    kinds; 太原重型机械厂 is one named."""
    firms = {
        e.label_zh
        for e in run("国营和地方机械厂生产。沈阳等地机械制造厂所用的钢材。太原重型机械厂生产。").entities
        if e.type == "Enterprise"
    }

    assert firms == {"太原重型机械厂"}


def test_a_sector_after_a_macro_region_is_qualified_and_local_state_industry_is_a_sector():
    """西北区国营工业和地方国营工业: the region's state-owned and local state-owned industry; the region
    stays a region."""
    found = labelled(run("西北区国营工业和地方国营工业已编出今年度的生产计划。"))

    assert found["国营工业"][0] == "Enterprise" and found["地方国营工业"][0] == "Enterprise"
    assert found["西北区"][0] == "Region"


def test_a_kind_of_mutual_aid_team_is_the_mechanism_and_a_named_one_a_body():
    """畜牧互助组 (livestock mutual-aid teams) is a kind of the period's forms of organisation; 陶斯格楞互助组
    is one team, named."""
    found = labelled(run("建立了各种类型的畜牧互助组三十四个。陶斯格楞互助组在保护牲畜。"))

    assert found["畜牧互助组"][0] == "PolicyMechanism"
    assert found["陶斯格楞互助组"][0] == "Organization"


def test_a_body_named_after_a_region_of_the_article_lies_in_it() -> None:
    """西北财政经济委员会 in an article naming 西北区 lies in Northwest China; 华东机器公司, whose region the
    article does not name, is put nowhere."""
    text = "西北区今年工业生产总值增加。西北财政经济委员会组织了十个计划工作组，华东机器公司也派人参加。"
    found = triples(run(text))
    assert ("xibei-finance-economic-committee", "locatedIn", "northwest-china") in found
    assert not any(p == "locatedIn" and o == "east-china" for _, p, o in found)
