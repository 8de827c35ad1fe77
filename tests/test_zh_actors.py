"""Chinese relation rules: who acts (enumerations, meetings, the article's place), places within places,
bodies written with an abbreviated place, and who makes goods. Sentences written for these tests."""

from __future__ import annotations

import pytest

from .test_extract_zh import run, triples


def adopters(text: str) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in triples(run(text)) if p == "adoptsMechanism"}


def test_each_item_of_an_enumeration_is_adopted_by_who_announced_it():
    """X提出下列措施：一、…。二、…: the body before the colon adopts the measure of every item."""
    text = (
        "本报郑州电　郑州市今年工业生产稳定增长。\n"
        "河南省经济委员会提出下列措施：一、各企业普遍推行厂长负责制。二、实行承包经营责任制。"
    )
    found = adopters(text)

    assert ("henan-provincial-economic-committee", "contract-management-system") in found
    assert ("henan-provincial-economic-committee", "factory-director-responsibility-system") in found
    assert not {s for s, _ in found} - {"henan-provincial-economic-committee"}


def test_lines_of_items_under_a_colon_are_adopted_by_who_announced_them():
    """A line ending in a colon, then lines opening with ——: each line's measure is the announcer's."""
    text = (
        "本报郑州电　郑州市今年工业生产稳定增长。\n河南省经济委员会提出的主要措施有：\n"
        "——各企业普遍推行厂长负责制。\n——实行承包经营责任制。"
    )

    assert ("henan-provincial-economic-committee", "contract-management-system") in adopters(text)


def test_a_line_of_items_after_an_ordinary_paragraph_is_no_enumeration():
    """Without the announcing colon, a line that opens with —— inherits nobody."""
    text = "河南省经济委员会提出要加快改革。\n——实行承包经营责任制。"

    assert ("henan-provincial-economic-committee", "contract-management-system") not in adopters(text)


def test_a_meeting_speaks_for_the_body_that_convened_it():
    """会议决定…: the body that held the meeting (X召开…会议) adopts what the meeting decides."""
    text = "本报郑州电　河南省经济委员会在郑州召开全省工业工作会议。\n会议决定，各企业普遍推行厂长负责制。"

    expected = {("henan-provincial-economic-committee", "factory-director-responsibility-system")}
    assert adopters(text) == expected


def test_a_meeting_speaks_for_who_convened_it_not_for_an_earlier_ceremony():
    """举行了开工典礼 before X召开…会议: the meeting's convener decides, not the ceremony's host."""
    text = (
        "本报郑州电　郑州纺织机械厂上月举行了新车间开工典礼。\n"
        "河南省经济委员会在郑州召开全省工业工作会议。\n会议决定，各企业普遍推行厂长负责制。"
    )

    expected = {("henan-provincial-economic-committee", "factory-director-responsibility-system")}
    assert adopters(text) == expected


def test_a_city_named_only_in_the_dateline_does_not_act_when_nobody_is_named():
    """With no actor in the sentence, a city named only in the dateline (where the report was filed)
    adopts nothing; named in the body, it does (the gold convention)."""
    dateline = "本报郑州电　今年以来，全省工业生产稳定增长。各企业普遍推行厂长负责制。"
    body = "本报郑州电　今年以来，郑州市工业生产稳定增长。各企业普遍推行厂长负责制。"

    assert not [s for s, _ in adopters(dateline) if s == "zhengzhou"]
    assert ("zhengzhou", "factory-director-responsibility-system") in adopters(body)


def test_each_county_of_a_run_after_its_prefecture_is_part_of_it():
    """周口地区西华、扶沟、太康等县: every county of the run, not only the first, is in the prefecture."""
    result = run("河南省周口地区西华、扶沟、太康等县今年棉花丰收。")
    found = {(s, o) for s, p, o in triples(result) if p == "partOf"}

    assert {("xihua-county", "zhoukou-prefecture"), ("fugou-county", "zhoukou-prefecture"),
            ("taikang-county", "zhoukou-prefecture")} <= found


def test_a_body_written_with_its_place_abbreviated_is_the_same_body():
    """锡林郭勒盟畜产品公司 … 锡盟畜产品公司: the 简称 of the league, one company."""
    text = "内蒙古锡林郭勒盟畜产品公司去年收购羊毛一千吨。锡盟畜产品公司今年实行承包经营责任制。"
    result = run(text)
    firms = [e for e in result.entities if e.type == "Enterprise"]

    assert len(firms) == 1 and {m.text for m in firms[0].mentions} >= {"锡盟畜产品公司"}
    assert (firms[0].key, "contract-management-system") in adopters(text)


def test_a_bank_makes_no_goods():
    """银行…贷款…生产棉布: the bank lends; the mill, not the bank, makes the cloth."""
    text = "郑州市人民银行向郑州第一棉纺织厂发放贷款二十万元。\n郑州市人民银行今年帮助企业增产棉布三万米。"
    makers = {s for s, p, o in triples(run(text)) if p == "produces"}

    assert "zhengzhou-people-bank" not in makers


@pytest.mark.parametrize(
    "text",
    [
        "郑州纺织机械厂根据河南省经济委员会的指示，推行了厂长负责制。",
        "郑州纺织机械厂在河南省经济委员会领导下，推行了厂长负责制。",  # 领导下 without 的
        "郑州纺织机械厂根据河南省经济委员会“增产节约，勤俭办厂”的指示，推行了厂长负责制。",  # a quoted slogan
    ],
)
def test_whose_instruction_is_followed_does_not_act(text: str):
    """根据X的指示 / 在X(的)领导下: X is the source of the measure; the works named before carries it out."""
    found = {s for s, o in adopters(text) if o == "factory-director-responsibility-system"}

    assert found == {"zhengzhou-textile-machinery-factory"}


def test_a_sentence_naming_nobody_falls_back_on_the_lead_sentences_body_before_the_place():
    """With no actor in its paragraph, a measure is adopted by the body the lead sentence is about,
    not by the place the article names most."""
    text = (
        "本报郑州电　河南省经济委员会近日总结了今年全省工业生产的经验。\n"
        "今年以来，郑州市工业生产稳定增长，郑州市的产值增加较多。\n"
        "各企业普遍推行厂长负责制。"
    )

    expected = {("henan-provincial-economic-committee", "factory-director-responsibility-system")}
    assert adopters(text) == expected


def test_a_lead_sentence_naming_only_a_place_leaves_the_place_to_act():
    """A lead sentence whose subject is a place gives no body: the article's place adopts, as before."""
    text = "本报郑州电　今年以来，郑州市工业生产稳定增长。\n各企业普遍推行厂长负责制。"

    assert adopters(text) == {("zhengzhou", "factory-director-responsibility-system")}


def test_a_numbered_five_year_plan_is_the_states_unless_its_owner_is_named():
    """第二个五年计划期间，上海市…: the state's plan; 上海市的第二个五年计划: the city's own."""
    state_plan = adopters("本报上海电　第二个五年计划期间，上海市将继续建设一批化肥厂。")
    city_plan = adopters("本报上海电　上海市的第二个五年计划已经制订。")

    assert {s for s, _ in state_plan} == {"china"}
    assert {s for s, _ in city_plan} == {"shanghai"}
