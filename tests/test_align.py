"""Bilingual alignment: Chinese names onto English entities (persons by pinyin, bodies by their English
rendering and order), mismatched translations kept with a note, and the issue's acceptance figures."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from kg.align import (
    MIN_SCORE,
    _same_place,
    align,
    chinese_term,
    find_name,
    gloss_agreement,
    pair_score,
    person_score,
)
from kg.corpus import read_article
from kg.extract.zh import names as zh_names
from kg.identity import name_of
from kg.pipeline import extract
from kg.records import Article, ArticleResult, Entity, Evidence, Mention, Post, Relation

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "zh"
ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


@pytest.mark.parametrize(
    ("english", "chinese", "score", "partial"),
    [
        ("Ma Jianguo", "马建国", 90.0, False),
        ("Zeng Qinghong", "曾庆红", 90.0, False),  # heteronym: 曾 reads ceng or zeng
        ("Lu Dong", "吕东", 90.0, False),  # 吕 is lü: written Lu in English
        ("Sun Li Hua", "孙丽华", 90.0, False),  # the given name split in two words
        ("Zhou Liqiao", "周立舫", 40.0, True),  # one syllable of the given name mistranslated
        ("Zhou Liqiao", "周立", 0.0, False),  # a different number of syllables: another name
        ("Wang Fang", "李芳", 0.0, False),  # another surname
        ("Wang Fang", "王", 0.0, False),
    ],
)
def test_person_names_by_pinyin(english, chinese, score, partial):
    """A romanised name matches every reading of the Chinese name; one wrong syllable is a partial match."""
    assert person_score(english, chinese) == (score, partial)


def test_names_are_found_in_the_text_by_their_reading():
    """An English name the zh rules missed is found by reading the Chinese text in pinyin."""
    text = "播音员方明、铁城参加了晚会。"
    readings = [set(r) for r in zh_names.syllables_of_text(text)]

    assert find_name("Fang Ming", text, readings) == "方明"
    assert find_name("Tie Cheng", text, readings) == "铁城"
    assert find_name("Fang Cheng", text, readings) == ""


def _mention(lang: str, text: str, type_: str, start: int = 0) -> Mention:
    return Mention("a", lang, start, start + len(text), text, type_, "test")


def _result(entities: list[Entity], relations: list[Relation] | None = None) -> ArticleResult:
    article = Article(id="a", source="a.txt", sha256="0", body_en="x", body_zh="兰州市长周立舫说，甘肃很好。")
    return ArticleResult(article=article, entities=entities, relations=relations or [])


def test_a_mistranslated_person_keeps_both_names_a_note_and_the_chinese_key():
    """'Zhou Liqiao' / 周立舫: label_en stays, label_zh is the original, the key is the pinyin of the
    Chinese name, relations follow the new key, and a note says what differs."""
    person = Entity(
        "Person", "zhou-liqiao", label_en="Zhou Liqiao", mentions=[_mention("en", "Zhou Liqiao", "Person")]
    )
    body = Entity("GovernmentBody", "lanzhou-municipal-government", label_en="Lanzhou Municipal Government")
    ev = Evidence("a", "en", 0, 1, "x")
    holds = Relation(person.ref, "holds", None, ev, Post("Mayor", "市长", body.ref))
    zh_person = Entity(
        "Person", "zhou-lifang", label_zh="周立舫", mentions=[_mention("zh", "周立舫", "Person", 4)]
    )

    out = align(_result([person, body], [holds]), _result([zh_person]))
    got = next(e for e in out.entities if e.type == "Person")

    assert (got.key, got.label_en, got.label_zh) == ("zhou-lifang", "Zhou Liqiao", "周立舫")
    assert "Zhou Liqiao" in got.attrs["note"] and "周立舫" in got.attrs["note"]
    assert out.relations[0].subject == ("Person", "zhou-lifang")
    assert any(m.lang == "zh" for m in got.mentions)


def test_an_english_person_absent_from_the_chinese_gets_no_chinese_label():
    """No guessing: a person the Chinese half does not name keeps label_zh empty."""
    person = Entity(
        "Person", "zhang-san", label_en="Zhang San", mentions=[_mention("en", "Zhang San", "Person")]
    )
    other = Entity(
        "Person", "zhou-lifang", label_zh="周立舫", mentions=[_mention("zh", "周立舫", "Person", 4)]
    )

    out = align(_result([person]), _result([other]))

    assert out.entities[0].label_zh == "" and "note" not in out.entities[0].attrs


def test_a_place_only_inferred_keeps_its_chinese_name_as_an_alias():
    """A place the English rules only inferred (no mention) gets its gazetteer name as an alias, so an
    article that does name it decides the label."""
    place = Entity("Province", "gansu", label_en="Gansu", label_zh="甘肃")

    out = align(_result([place]), _result([]))

    assert out.entities[0].label_zh == "" and out.entities[0].aliases_zh == {"甘肃"}


@pytest.fixture(scope="module")
def bilingual(nlp) -> ArticleResult:
    return next(extract([read_article(DATA / "bilingual_lanzhou.txt")], nlp))


@pytest.mark.parametrize(
    ("type_", "key", "label_zh"),
    [
        ("Person", "ma-jianguo", "马建国"),
        ("Person", "liu-zhenhua", "刘振华"),
        ("Person", "zhou-lifang", "周立舫"),
        ("PartyBody", "lanzhou-municipal-party-committee", "兰州市委"),
        ("GovernmentBody", "lanzhou-municipal-government", "兰州市政府"),
        ("GovernmentBody", "gansu-provincial-government", "甘肃省政府"),
        ("Enterprise", "hongxing-chemical-factory", "红星化工厂"),
        ("Enterprise", "lanzhou-tractor-factory", "兰州拖拉机厂"),
        ("PolicyMechanism", "factory-director-responsibility-system", "厂长负责制"),
        ("PolicyMechanism", "on-site-office", "现场办公"),
        ("City", "lanzhou", "兰州"),
        ("Organization", "people-daily", "人民日报"),
        ("Product", "tractor", "拖拉机"),
        ("Product", "diesel-engine", "柴油机"),
    ],
)
def test_bilingual_article_entities_carry_their_chinese_names(bilingual, type_, key, label_zh):
    """Every entity of the English half that the Chinese names gets that name as its Chinese label."""
    entities = {(e.type, name_of(e.key)): e for e in bilingual.entities}  # persons: name--context keys

    assert entities[(type_, key)].label_zh == label_zh


def test_short_forms_stay_aliases_and_the_mismatch_is_noted(bilingual):
    """市政府 is an alias of 兰州市政府; the mayor's two names are both kept, with a note; his post moved
    with him to the new key."""
    entities = {(e.type, name_of(e.key)): e for e in bilingual.entities}  # persons: name--context keys
    mayor = entities[("Person", "zhou-lifang")]
    posts = [r for r in bilingual.relations if r.predicate == "holds" and r.subject == mayor.ref]

    assert "市政府" in entities[("GovernmentBody", "lanzhou-municipal-government")].aliases_zh
    assert mayor.label_en == "Zhou Liqiao" and "note" in mayor.attrs
    assert posts and posts[0].post.body == ("GovernmentBody", "lanzhou-municipal-government")
    assert not [e for e in bilingual.entities if name_of(e.key) == "zhou-liqiao"]


def _bench():
    spec = importlib.util.spec_from_file_location("zh_labels", ROOT / "bench" / "zh_labels.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_graph_carries_the_gold_chinese_names(seed_build):
    """Issue 4 acceptance: ≥ 90% of gold entities with a name_zh carry exactly that @zh label, no person
    carries a wrong one, and the English scores do not fall below the figures before alignment."""
    res = _bench().measure(seed_build / "graph.ttl", ROOT / "tests" / "data" / "gold" / "seeds.json")

    assert res["share"] >= 0.9, res["misses"]
    assert res["wrong_persons"] == []
    assert res["entity_typed_f1"] >= 0.913 and res["relation_f1"] >= 0.814


def _listed(entities_en, entities_zh, body_zh: str, pairs) -> ArticleResult:
    article = Article(id="a", source="a.txt", sha256="0", body_en="x", body_zh=body_zh, name_pairs=pairs)
    return align(ArticleResult(article=article, entities=entities_en),
                 ArticleResult(article=article, entities=entities_zh))


def test_the_translators_list_pairs_names_the_scores_miss():
    """A foreign name (no pinyin reading agrees) is paired because the file's name list pairs it; without
    the list it gets no Chinese label."""
    en = Entity("Person", "sihanouk", label_en="Sihanouk", mentions=[_mention("en", "Sihanouk", "Person")])
    zh = Entity("Person", "xi-ha-nu-ke", label_zh="西哈努克", mentions=[_mention("zh", "西哈努克", "Person")])
    pairs = (("西哈努克", "Sihanouk", "person"),)

    without = _listed([replace(en, mentions=list(en.mentions))], [zh], "西哈努克亲王", ())
    with_list = _listed([en], [zh], "西哈努克亲王", pairs)

    assert with_list.entities[0].label_zh == "西哈努克"
    assert without.entities[0].label_zh == ""


def test_the_list_names_an_unmatched_entity_only_when_the_chinese_text_has_the_name():
    """An English entity the zh rules did not find takes the listed Chinese name if the text contains it;
    a listed name absent from the text is not used."""
    mill = Entity("Enterprise", "shashi-dyeing-mill", label_en="Shashi Dyeing Mill")
    port = Entity("Enterprise", "shashi-port", label_en="Shashi Port")
    pairs = (("沙市印染厂", "Shashi Dyeing Mill", ""), ("沙市港", "Shashi Port", ""))

    out = {e.key: e.label_zh for e in _listed([mill, port], [], "沙市印染厂扩建。", pairs).entities}

    assert out == {"shashi-dyeing-mill": "沙市印染厂", "shashi-port": ""}


def test_the_list_does_not_name_across_kinds_or_types():
    """A listed pair is a hint, not an order: a name listed under Places does not label an enterprise,
    and a name the Chinese half gives an entity of another type does not label a body."""
    works = Entity("Enterprise", "jinling-works", label_en="Jinling Works")
    bureau = Entity("GovernmentBody", "yellow-river-bureau", label_en="Yellow River Bureau")
    river = Entity("Region", "yellow-river", label_zh="黄河", mentions=[_mention("zh", "黄河", "Region")])
    pairs = (("金陵", "Jinling Works", "place"), ("黄河", "Yellow River Bureau", ""))

    out = {e.key: e.label_zh for e in _listed([works, bureau], [river], "金陵黄河", pairs).entities}

    assert out["jinling-works"] == "" and out["yellow-river-bureau"] == ""


@pytest.mark.slow
def test_archive_variants_through_the_pipeline(nlp):
    """The real pipeline on the variant files: the name list gives the city its Chinese name, and what a
    truncated English translation lacks comes from the Chinese half."""
    listed = read_article(ARTICLES / "bi_names_headings.txt")
    truncated = read_article(ARTICLES / "bi_truncated_english.txt")

    with_list, without_list, cut = extract([listed, replace(listed, name_pairs=()), truncated], nlp)

    assert {e.key: e.label_zh for e in with_list.entities}["wuhu"] == "芜湖"
    assert {e.key: e.label_zh for e in without_list.entities}["wuhu"] == ""
    labels = {(e.type, e.label_zh) for e in cut.entities}
    assert ("Enterprise", "葛洲坝水泥厂") in labels and ("Enterprise", "宜昌水泥厂") in labels


def _zh(type_: str, key: str, label_zh: str, machine_en: str, start: int = 0) -> Entity:
    """A Chinese-side find with the CC-CEDICT label the zh rules give it."""
    return Entity(type_, key, label_zh=label_zh, mentions=[_mention("zh", label_zh, type_, start)],
                  attrs={"machine_en": machine_en, "machine_source": "cc-cedict"})


def test_chinese_only_products_regions_and_mechanisms_enter_with_their_relations():
    """What only the Chinese half finds (a product, an open-class mechanism; not a region) is kept,
    labelled by the translator's list when it names it, else by its CC-CEDICT label, and its relations to
    an entity the English names come with it; a relation whose other end exists nowhere does not."""
    works = Entity("Enterprise", "xinhua-machinery-plant", label_en="Xinhua Machinery Plant",
                   mentions=[_mention("en", "Xinhua Machinery Plant", "Enterprise")])
    zh_works = Entity("Enterprise", "xinhua-machinery-plant", label_zh="新华机械厂",
                      mentions=[_mention("zh", "新华机械厂", "Enterprise")])
    product = _zh("Product", "transformer", "变压器", "transformer", 10)
    region = _zh("Region", "north-china", "华北", "North China", 20)
    system = _zh("PolicyMechanism", "quality-inspection-system", "质量检查制度", "quality inspection system",
                 30)
    stray = _zh("Enterprise", "bolt-factory", "螺丝厂", "bolt factory", 40)
    ev = Evidence("a", "zh", 0, 10, "x")
    rels = [Relation(zh_works.ref, "produces", product.ref, ev),
            Relation(zh_works.ref, "adoptsMechanism", system.ref, ev),
            Relation(stray.ref, "produces", product.ref, ev)]
    article = Article(id="a", source="a.txt", sha256="0", body_en="x", body_zh="新华机械厂",
                      name_pairs=(("变压器", "power transformers", ""),
                                  ("华北", "Huabei Bureau", "organization")))

    out = align(ArticleResult(article=article, entities=[works]),
                ArticleResult(article=article, entities=[zh_works, product, region, system], relations=rels))
    got = {e.ref: e for e in out.entities}

    listed = got[("Product", "power-transformers")]
    assert (listed.label_en, listed.label_zh) == ("power transformers", "变压器")
    assert "machine_en" not in listed.attrs
    # a region only the Chinese names comes in too (measured on the tuning folds)
    assert got[("Region", "north-china")].label_zh == "华北"
    assert got[("Region", "north-china")].label_en != "Huabei Bureau"  # the list names an organisation
    assert got[("PolicyMechanism", "quality-inspection-system")].label_en == ""
    assert {(r.subject[1], r.predicate, r.object[1]) for r in out.relations} == {
        ("xinhua-machinery-plant", "produces", "power-transformers"),
        ("xinhua-machinery-plant", "adoptsMechanism", "quality-inspection-system"),
    }


@pytest.mark.parametrize(
    ("english", "chinese", "pairs"),
    [
        # the same words, singular against plural
        (Entity("Product", "steel-ingots", label_en="steel ingots"),
         ("Product", "steel-ingot", "钢锭", "steel ingot"), ()),
        # the English entity already carries the Chinese name, under another type
        (Entity("Organization", "trade-union", label_en="Trade Union", label_zh="工会"),
         ("Product", "labor-union", "工会", "labor union"), ()),
        # the translator's list names the Chinese find with the English entity's name
        (Entity("PolicyMechanism", "piece-rate-wages", label_en="piece-rate wages"),
         ("PolicyMechanism", "piece-work-wage-system", "计件工资制", "piece work wage system"),
         (("计件工资制", "piece-rate wages", ""),)),
        # the English name holds the pinyin of the Chinese one
        (Entity("Region", "jiaodong-area", label_en="Jiaodong Area"),
         ("Region", "jiaodong", "胶东", "east shandong"), ()),
    ],
)
def test_a_chinese_find_the_english_names_otherwise_is_not_added_twice(english, chinese, pairs):
    """Duplicate guards: an English entity that is the Chinese find under another name keeps it out."""
    english.mentions.append(_mention("en", english.label_en, english.type))
    article = Article(id="a", source="a.txt", sha256="0", body_en="x", body_zh=chinese[2], name_pairs=pairs)

    out = align(ArticleResult(article=article, entities=[english]),
                ArticleResult(article=article, entities=[_zh(*chinese)]))

    assert [e.ref for e in out.entities] == [english.ref]


@pytest.mark.slow
def test_a_bilingual_article_keeps_the_chinese_halfs_finds_through_the_pipeline(nlp):
    """The real pipeline on an article whose English half names no product, mechanism or region: the
    Chinese half's product and mechanism come in with their relations to the enterprise both halves
    name, and so does its region."""
    article = Article(
        id="t", source="t.txt", sha256="0",
        body_en="The Xinhua Machinery Plant in Hebei Province increased its output this year. "
                "The plant's workers met their targets ahead of time.",
        body_zh="河北省新华机械厂推行经济承包责任制，今年生产变压器三千台，产品供应华北地区。",
        name_pairs=(("变压器", "power transformers", ""),),
    )

    (result,) = extract([article], nlp)
    types = {e.type: e for e in result.entities}
    links = {(r.predicate, r.object[1]) for r in result.relations if r.object}

    assert types["Product"].label_en == "power transformers"
    mechanism = types["PolicyMechanism"]
    assert mechanism.label_zh == "经济承包责任制" and mechanism.attrs["machine_en"]
    assert types["Region"].label_zh.startswith("华北")  # a region only the Chinese names comes in too
    assert ("produces", "power-transformers") in links
    assert ("adoptsMechanism", mechanism.key) in links


def test_a_chinese_adoption_link_between_entities_both_halves_name_is_kept():
    """The Chinese half links an enterprise and a mechanism the English also names but does not link:
    the link is kept, on the English entities; a Chinese post is not (the English has its own)."""
    plant = Entity("Enterprise", "hongqi-tractor-plant", label_en="Hongqi Tractor Plant",
                   mentions=[_mention("en", "Hongqi Tractor Plant", "Enterprise")])
    system = Entity("PolicyMechanism", "contract-system", label_en="contract system",
                    mentions=[_mention("en", "contract system", "PolicyMechanism")])
    zh_plant = Entity("Enterprise", "hongqi-tractor-plant", label_zh="红旗拖拉机厂",
                      mentions=[_mention("zh", "红旗拖拉机厂", "Enterprise")])
    zh_system = Entity("PolicyMechanism", "contract-system", label_zh="承包制",
                       mentions=[_mention("zh", "承包制", "PolicyMechanism", 8)])
    ev = Evidence("a", "zh", 0, 10, "x")
    zh_rels = [Relation(zh_plant.ref, "adoptsMechanism", zh_system.ref, ev),
               Relation(zh_plant.ref, "governs", zh_system.ref, ev)]
    article = Article(id="a", source="a.txt", sha256="0", body_en="x", body_zh="红旗拖拉机厂实行承包制")

    out = align(ArticleResult(article=article, entities=[plant, system]),
                ArticleResult(article=article, entities=[zh_plant, zh_system], relations=zh_rels))

    assert [(r.subject, r.predicate, r.object) for r in out.relations] == [
        (plant.ref, "adoptsMechanism", system.ref)
    ]


@pytest.mark.parametrize(
    ("english", "chinese", "least"),
    [
        ("reducing profit margins", "降低利润率", 1.0),  # inflection: reducing / to reduce
        ("gas compressors", "气体压缩机", 1.0),  # a later sense: compactor, compressor
        ("quota systems", "定额制度", 1.0),  # a bracketed note in the sense: system (e.g. political ...)
        ("mechanization first, collectivization later", "先机械化，后合作化", 0.75),
        ("glorious team campaign", "争红旗运动", 0.0),
    ],
)
def test_english_and_chinese_names_agree_by_the_dictionary_senses(english, chinese, least):
    """Both shares of :func:`gloss_agreement` (English words found, Chinese words rendered) reach ``least``;
    a translation by other words stays below one half."""
    got = gloss_agreement(english, chinese)

    assert min(got) >= least if least else max(got) < 0.5


def test_a_pair_the_first_gloss_misses_is_one_node_with_the_chinese_relation():
    """钢锭 glossed 'steel spindle' and 简化手续 'simplify procedure' are the English 'steel billets'... no:
    the English 'steel ingots' and 'simplifying procedures': one node each, with the Chinese name, and the
    Chinese half's links move onto the English nodes."""
    bank = Entity("Enterprise", "hongguang-bank", label_en="Hongguang Bank",
                  mentions=[_mention("en", "Hongguang Bank", "Enterprise")])
    ingots = Entity("Product", "steel-ingots", label_en="steel ingots",
                    mentions=[_mention("en", "steel ingots", "Product", 30)])
    simpler = Entity("PolicyMechanism", "simplifying-procedures", label_en="simplifying procedures",
                     mentions=[_mention("en", "simplifying procedures", "PolicyMechanism", 60)])
    zh_bank = Entity("Enterprise", "hongguang-bank", label_zh="红光银行",
                     mentions=[_mention("zh", "红光银行", "Enterprise")])
    zh_ingots = _zh("Product", "steel-spindle", "钢锭", "steel spindle", 12)
    zh_simpler = _zh("PolicyMechanism", "simplify-procedure", "简化手续", "simplify procedure", 6)
    ev = Evidence("a", "zh", 0, 10, "x")
    article = Article(id="a", source="a.txt", sha256="0", body_en="x", body_zh="红光银行简化手续，多产钢锭。")

    out = align(ArticleResult(article=article, entities=[bank, ingots, simpler]),
                ArticleResult(article=article, entities=[zh_bank, zh_ingots, zh_simpler],
                              relations=[Relation(zh_bank.ref, "adoptsMechanism", zh_simpler.ref, ev)]))
    got = {e.ref: e.label_zh for e in out.entities}

    assert got == {bank.ref: "红光银行", ingots.ref: "钢锭", simpler.ref: "简化手续"}
    assert [(r.subject, r.predicate, r.object) for r in out.relations] == [
        (bank.ref, "adoptsMechanism", simpler.ref)
    ]


def test_a_fuller_chinese_name_folds_into_its_english_entity_a_mere_relative_does_not():
    """The English campaign pairs with 技术革新运动; the shorter 技术革新 folds into it (a Chinese alias and
    its adoption link) instead of making a second node; 钢材 is no better a name for 'steel' than 钢, so
    it stays a node of its own."""
    mill = Entity("Enterprise", "hongguang-cotton-mill", label_en="Hongguang Cotton Mill",
                  mentions=[_mention("en", "Hongguang Cotton Mill", "Enterprise")])
    campaign = Entity("PolicyMechanism", "technical-innovation-campaign",
                      label_en="technical innovation campaign",
                      mentions=[_mention("en", "technical innovation campaign", "PolicyMechanism", 40)])
    steel = Entity("Product", "steel", label_en="steel", mentions=[_mention("en", "steel", "Product", 80)])
    zh_mill = Entity("Enterprise", "hongguang-cotton-mill", label_zh="红光纱厂",
                     mentions=[_mention("zh", "红光纱厂", "Enterprise")])
    zh_short = _zh("PolicyMechanism", "technical-innovation", "技术革新", "technical innovation", 4)
    zh_full = _zh("PolicyMechanism", "technology-gexinyundong", "技术革新运动", "technology gexinyundong", 20)
    zh_steel = _zh("Product", "steel", "钢", "steel", 30)
    zh_rolled = _zh("Product", "steel-products", "钢材", "steel products", 34)
    ev = Evidence("a", "zh", 0, 10, "x")
    article = Article(id="a", source="a.txt", sha256="0", body_en="x",
                      body_zh="红光纱厂技术革新，开展技术革新运动，多产钢和钢材。")

    out = align(ArticleResult(article=article, entities=[mill, campaign, steel]),
                ArticleResult(article=article, entities=[zh_mill, zh_short, zh_full, zh_steel, zh_rolled],
                              relations=[Relation(zh_mill.ref, "adoptsMechanism", zh_short.ref, ev),
                                         Relation(zh_mill.ref, "produces", zh_rolled.ref, ev)]))
    got = {e.ref: e for e in out.entities}

    assert set(got) == {mill.ref, campaign.ref, steel.ref, zh_rolled.ref}
    assert got[campaign.ref].label_zh == "技术革新运动" and "技术革新" in got[campaign.ref].aliases_zh
    assert got[steel.ref].label_zh == "钢"
    links = {(r.subject, r.predicate, r.object) for r in out.relations}
    assert (mill.ref, "adoptsMechanism", campaign.ref) in links


def test_a_chinese_only_body_enters_a_bilingual_build_only_with_its_place():
    """天津市工业局 (a body qualified by its city) is added, and so is a region only the Chinese names; a bare
    工业局 is not: the English half names it, qualified."""
    mill = Entity("Enterprise", "hongguang-cotton-mill", label_en="Hongguang Cotton Mill",
                  mentions=[_mention("en", "Hongguang Cotton Mill", "Enterprise")])
    bare = Entity("GovernmentBody", "industry-bureau", label_en="Industry Bureau", label_zh="工业局",
                  mentions=[_mention("zh", "工业局", "GovernmentBody", 10)])
    qualified = Entity("GovernmentBody", "tianjin-industry-bureau", label_en="Tianjin Industry Bureau",
                       label_zh="天津市工业局", mentions=[_mention("zh", "天津市工业局", "GovernmentBody")])
    region = _zh("Region", "north-china", "华北", "North China", 20)
    article = Article(id="a", source="a.txt", sha256="0", body_en="The mill met its plan.",
                      body_zh="天津市工业局和华北的工业局")

    out = align(ArticleResult(article=article, entities=[mill]),
                ArticleResult(article=article, entities=[bare, qualified, region]))

    assert {e.ref for e in out.entities} == {mill.ref, qualified.ref, region.ref}


def test_one_chinese_name_read_as_two_kinds_is_one_node():
    """The Chinese half reads 互助组 both as a mechanism and as an organisation: a bilingual build adds one
    node, the mechanism, and the organisation's link comes onto it."""
    mill = Entity("Enterprise", "hongguang-cotton-mill", label_en="Hongguang Cotton Mill",
                  mentions=[_mention("en", "Hongguang Cotton Mill", "Enterprise")])
    zh_mill = Entity("Enterprise", "hongguang-cotton-mill", label_zh="红光纱厂",
                     mentions=[_mention("zh", "红光纱厂", "Enterprise")])
    body = Entity("Organization", "mutual-aid-group", label_en="Mutual Aid Group", label_zh="互助组",
                  mentions=[_mention("zh", "互助组", "Organization", 6)])
    team = _zh("PolicyMechanism", "mutual-aid-team", "互助组", "mutual aid team", 6)
    ev = Evidence("a", "zh", 0, 10, "x")
    article = Article(id="a", source="a.txt", sha256="0", body_en="The mill met its plan.",
                      body_zh="红光纱厂办起了互助组。")

    out = align(ArticleResult(article=article, entities=[mill]),
                ArticleResult(article=article, entities=[zh_mill, body, team],
                              relations=[Relation(zh_mill.ref, "establishes", body.ref, ev)]))

    assert {e.ref for e in out.entities} == {mill.ref, team.ref}
    links = [(r.subject, r.predicate, r.object) for r in out.relations]
    assert links == [(mill.ref, "establishes", team.ref)]


def test_an_english_find_the_chinese_rules_missed_is_named_from_the_chinese_text():
    """The Chinese words that render an English product or mechanism by their dictionary senses become its
    Chinese name; a word that only contains the head (养鸡, 'to raise chickens') or a run broken by a
    particle (简化了手续) is not taken."""
    body = "今年养鸡三千只，奶牛和兔子都增加了。工厂实行定额制度，简化了手续。"

    assert chinese_term("dairy cows", body) == "奶牛"
    assert chinese_term("rabbits", body) == "兔子"
    assert chinese_term("quota systems", body) == "定额制度"
    assert chinese_term("chickens", body) == ""
    assert chinese_term("simplifying procedures", body) == ""


def test_a_product_only_the_chinese_names_enters_a_bilingual_build_only_with_its_maker():
    """肥皂 made by the works (a zh produces link) is added; 要点, a bare noun the zh rules read as goods
    with no maker, is not."""
    mill = Entity("Enterprise", "dongfeng-soap-works", label_en="Dongfeng Soap Works",
                  mentions=[_mention("en", "Dongfeng Soap Works", "Enterprise")])
    zh_mill = Entity("Enterprise", "dongfeng-soap-works", label_zh="东风肥皂厂",
                     mentions=[_mention("zh", "东风肥皂厂", "Enterprise")])
    soap = _zh("Product", "soap", "肥皂", "soap", 8)
    point = _zh("Product", "main-point", "要点", "main point", 14)
    article = Article(id="a", source="a.txt", sha256="0", body_en="The works met its plan.",
                      body_zh="东风肥皂厂多产肥皂，抓住要点。")
    ev = Evidence("a", "zh", 0, 10, "x")

    out = align(ArticleResult(article=article, entities=[mill]),
                ArticleResult(article=article, entities=[zh_mill, soap, point],
                              relations=[Relation(zh_mill.ref, "produces", soap.ref, ev)]))
    refs = {e.ref for e in out.entities}

    assert soap.ref in refs
    assert point.ref not in refs


def test_a_mechanism_left_alone_at_the_same_point_of_both_halves_pairs_on_weaker_words():
    """'labor pledges' and 劳动公约 ('labour' + 'convention') agree on too few words for a pair by their
    scores, but each is the only unpaired mechanism at that point of its half: one node. 兼并 ('to annex')
    at the same point as 'enterprise contracting' shares no word with it: two nodes."""
    mill = Entity("Enterprise", "hongguang-cotton-mill", label_en="Hongguang Cotton Mill",
                  mentions=[_mention("en", "Hongguang Cotton Mill", "Enterprise")])
    pledges = Entity("PolicyMechanism", "labor-pledges", label_en="labor pledges",
                     mentions=[_mention("en", "labor pledges", "PolicyMechanism", 40)])
    contracting = Entity("PolicyMechanism", "enterprise-contracting", label_en="enterprise contracting",
                         mentions=[_mention("en", "enterprise contracting", "PolicyMechanism", 80)])
    zh_mill = Entity("Enterprise", "hongguang-cotton-mill", label_zh="红光纱厂",
                     mentions=[_mention("zh", "红光纱厂", "Enterprise")])
    zh_pledges = _zh("PolicyMechanism", "labour-convention", "劳动公约", "labour convention", 20)
    zh_merger = _zh("PolicyMechanism", "annex", "兼并", "annex", 40)
    article = Article(id="a", source="a.txt", sha256="0", body_en="x" * 100, body_zh="红" * 50)

    out = align(ArticleResult(article=article, entities=[mill, pledges, contracting]),
                ArticleResult(article=article, entities=[zh_mill, zh_pledges, zh_merger]))
    got = {e.ref: e for e in out.entities}

    assert set(got) == {mill.ref, pledges.ref, contracting.ref, zh_merger.ref}
    assert got[pledges.ref].label_zh == "劳动公约"
    assert not got[contracting.ref].label_zh


def test_a_shared_first_word_that_is_no_place_does_not_pair_two_bodies():
    """'Central' starts both the Central Committee and 中央宣传小组 (Central Propaganda Group): one shared
    word of four is below a pair; a shared place still counts (Linyi ... / 临沂...)."""
    committee = Entity("PartyBody", "central-committee", label_en="Central Committee of the Communist Party")
    group = Entity("PartyBody", "central-propaganda-group", label_zh="中央宣传小组",
                   label_en="Central Propaganda Group")
    bureau = Entity("GovernmentBody", "linyi-grain-bureau", label_en="Linyi Grain Bureau")
    zh_bureau = Entity("GovernmentBody", "linyi-foodstuff-bureau", label_zh="临沂粮食局")

    assert pair_score(committee, group)[0] < MIN_SCORE
    assert _same_place(bureau, zh_bureau) == 10.0


def test_a_sense_that_only_stems_alike_does_not_pick_the_wrong_product():
    """方 has the sense 'party (to a contract)': 'party' must not stem as 'parts', or 方钢 (square steel)
    outscores 锻钢件 (forged steel pieces) for the English 'forged steel parts'."""
    parts = Entity("Product", "forged-steel-parts", label_en="forged steel parts")
    square = _zh("Product", "square-steel", "方钢", "square steel")
    forged = _zh("Product", "forged-steel-item", "锻钢件", "forged steel item")

    assert pair_score(parts, forged)[0] > pair_score(parts, square)[0]


@pytest.mark.parametrize(
    ("english", "chinese", "machine_en"),
    [
        ("Shantou area", "汕头专区", "Shantou Prefecture"),  # the same area under another head word
        ("Hebei-Shandong-Henan Border Region", "冀鲁豫", "Hebei-Shandong-Henan"),  # with and without its head
        ("Wugong Village", "饶阳五公村", "Raoyangwugong Village"),  # after the county it lies in
    ],
)
def test_an_english_region_pairs_with_its_chinese_name(english: str, chinese: str, machine_en: str):
    region = Entity("Region", "r", label_en=english, mentions=[_mention("en", english, "Region")])
    find = _zh("Region", "z", chinese, machine_en)

    assert pair_score(region, find)[0] >= MIN_SCORE
    assert pair_score(region, _zh("Region", "y", "宁河", "Ning River"))[0] == 0.0


def test_a_chinese_place_with_another_suffix_folds_into_the_english_place():
    """宁河 (read as an area) is Ninghe County, 宁河县; it is not added as a second place."""
    county = Entity("County", "ninghe-county", label_en="Ninghe County", label_zh="宁河县",
                    mentions=[_mention("en", "Ninghe County", "County")])
    river = _zh("Region", "ning-river", "宁河", "Ning River", 5)

    out = align(_result([county]), _result([river]))

    assert {e.ref for e in out.entities} == {("County", "ninghe-county")}
    assert "宁河" in out.entities[0].aliases_zh



def test_a_party_paired_with_a_well_known_chinese_name_takes_its_key():
    """'the Communist Party' paired with 共产党 (zh_names.tsv: the Chinese Communist Party) is keyed as that
    party, so that every article's mention of it is one node."""
    party = Entity("PartyBody", "communist-party", label_en="Communist Party",
                   mentions=[_mention("en", "Communist Party", "PartyBody")])
    known = Entity("PartyBody", "chinese-communist-party", label_en="Chinese Communist Party",
                   label_zh="共产党", mentions=[_mention("zh", "共产党", "PartyBody")])

    out = align(_result([party]), _result([known]))

    assert [e.ref for e in out.entities] == [("PartyBody", "chinese-communist-party")]
