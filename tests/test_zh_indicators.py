"""The Chinese figure rules (kg/extract/zh/indicators.py) on sentences written in People's Daily style."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.zh.indicators import _indicator, chinese_number, scaled, well_formed, zh_period
from kg.pipeline import extract_doc
from kg.records import Article, Observation
from kg.zhdoc import make_doc


@pytest.mark.parametrize("text,expected", [
    ("一百十七", "117"), ("三千三百五十万", "33500000"), ("一点四二", "1.42"), ("三·三", "3.3"),
    ("二十五亿五千万", "2550000000"), ("三百零八万五千二百七十一", "3085271"), ("一千零四十", "1040"),
    ("两万五", "25000"), ("十五", "15"), ("百", "100"), ("4786.9", "4786.9"), ("1，158", "1158"),
])
def test_chinese_number(text: str, expected: str) -> None:
    assert chinese_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["一九五八", "六七", "零", "万"])
def test_what_is_not_one_number(text: str) -> None:
    """A year written digit by digit, a range (六七丈), a bare zero or scale word: not a figure."""
    assert not well_formed(text)


@pytest.mark.parametrize("value,arabic,expected", [
    ("350000", False, ("350000", "")),  # under a million: written out
    ("29000000", False, ("29", "million")),
    ("84500000000", False, ("84.5", "billion")),
    ("3085271", False, ("3085271", "")),  # seven significant digits spelled out: kept digit for digit
    ("254000000", True, ("254", "million")),  # ２．５４亿: an Arabic number with a scale is always scaled
    ("197960000", True, ("197.96", "million")),
])
def test_the_translations_scale(value: str, arabic: bool, expected: tuple[str, str]) -> None:
    shown, scale = scaled(Decimal(value), written_scale=True, arabic=arabic)
    assert (format(shown.normalize(), "f"), scale) == expected


@pytest.mark.parametrize("clause,expected", [
    ("完成工业总产值", "total industrial output value"),
    ("今年上半年财政收入达", "fiscal revenue"),
    ("铁矿石产量大约比去年同期增加", "铁矿石产量"),
    ("现已贷出", ""),
])
def test_indicator_named_before_the_figure(clause: str, expected: str) -> None:
    assert _indicator(clause) == expected


def observations(body: str, *, english: str = "") -> list[Observation]:
    article = Article(id="t", source="t.txt", sha256="0" * 64, date="1958-11-04", body_zh=body,
                      body_en=english)
    return extract_doc(article, make_doc(body), "zh").observations


def row(obs: Observation) -> tuple:
    return (obs.subject, obs.value, obs.unit, obs.qualifier, obs.comparison)


def test_the_citys_amount_growth_and_count() -> None:
    """全市 is the article's city; the amount is said in billions, the change compared with last year."""
    got = [row(o) for o in observations(
        "本报讯　江苏省无锡市今年工业总产值达二十三亿五千万元，比去年同期增长百分之十二点七。"
        "全市新建工厂三百多个。"
    )]
    assert got == [
        (("City", "wuxi"), "2.35", "billion yuan", "", ""),
        (("City", "wuxi"), "12.7", "percent", "", "same period last year"),
        (("City", "wuxi"), "300", "units", "more than", ""),
    ]


def test_areas_households_and_full_width_digits_of_a_county() -> None:
    got = [row(o)[1:4] for o in observations(
        "本报讯　湖南省桃江县今年种植水稻六十多万亩，其中二百五十万亩是双季稻。"
        "全县共有农户１２３４５户，收入２．５４亿元。"
    )]
    assert got == [
        ("600000", "mu", "more than"), ("2.5", "million mu", ""), ("12345", "households", ""),
        ("254", "million yuan", ""),
    ]


def test_the_factorys_figures_are_its_own() -> None:
    got = observations(
        "本报讯　上海第一钢铁厂今年生产钢材三十五万吨。"
        "该厂职工提出合理化建议九百八十七件，节约资金三百零八万五千二百七十一元。"
    )
    assert {o.subject[0] for o in got} == {"Enterprise"}
    assert [(o.value, o.unit) for o in got] == [("350000", "tons"), ("987", "pieces"), ("3085271", "yuan")]


def test_dates_ordinals_and_articles_are_not_figures() -> None:
    assert observations(
        "本报讯　一九五八年第三季度，湖南省桃江县召开了第二次会议，一个车间提出了三点意见。会议开了三个月。"
    ) == []


def test_a_bilingual_articles_figures_come_from_its_english_half() -> None:
    """The Chinese half of a bilingual article makes no figures: the English rules make them once."""
    body = "本报讯　湖南省桃江县今年种植水稻六十多万亩。"
    assert observations(body)
    assert observations(body, english="Taojiang County planted more than 600,000 mu of rice this year.") == []


def test_a_paragraph_naming_nothing_is_about_the_unit_of_the_lead() -> None:
    """The lead names the works; a later paragraph's figure without a subject of its own is the works'."""
    got = observations(
        "本报讯　上海第一钢铁厂最近制订了增产节约计划。\n"
        "这个计划要求今年节约钢材四百多吨。"
    )
    assert [(o.subject[0], o.value, o.qualifier) for o in got] == [("Enterprise", "400", "more than")]


@pytest.mark.parametrize("sentence", [
    "湖南省桃江县做到了千家万户都有余粮。",  # an idiom
    "湖南省桃江县把工作分成两部分。",  # 部分, not 部
    "湖南省桃江县推行了一元化领导。",  # 一元化, not one yuan
])
def test_measure_words_inside_other_words_are_not_figures(sentence: str) -> None:
    assert observations("本报讯　" + sentence) == []


@pytest.mark.parametrize("text,expected", [
    ("今年一至九月", "1958-01/1958-09"), ("1—6月份", "1958-01/1958-06"), ("去年上半年", "1957-01/1957-06"),
    ("一九五六年第一季度", "1956-01/1956-03"), ("五月份", "1958-05"), ("去年", "1957"),
])
def test_zh_period(text: str, expected: str) -> None:
    assert zh_period(text, "1958") == expected


def test_the_period_is_the_sentences_not_the_comparisons() -> None:
    """今年一至九月 is the period; 去年 after 比 is the comparison, not a period."""
    got = observations("本报讯　江苏省无锡市今年一至九月工业总产值比去年同期增长百分之十二点七。")
    assert [(o.period, o.period_iso, o.comparison) for o in got] == [
        ("今年一至九月", "1958-01/1958-09", "same period last year")
    ]
