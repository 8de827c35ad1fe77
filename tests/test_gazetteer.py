"""Tests for the packaged gazetteer of Chinese administrative divisions and its loader."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from kg.gazetteer import COLUMNS, DEFAULT_PATH, LEVEL_CLASS, Gazetteer, Place, load_gazetteer, read_places

PROVINCIAL_LEVELS = {"province", "autonomous-region", "municipality", "sar"}
PREFECTURAL_LEVELS = {"prefecture-city", "prefecture", "league", "autonomous-prefecture"}

PROVINCIAL_ZH = {
    "北京": "municipality", "天津": "municipality", "上海": "municipality", "重庆": "municipality",
    "河北": "province", "山西": "province", "辽宁": "province", "吉林": "province", "黑龙江": "province",
    "江苏": "province", "浙江": "province", "安徽": "province", "福建": "province", "江西": "province",
    "山东": "province", "河南": "province", "湖北": "province", "湖南": "province", "广东": "province",
    "海南": "province", "四川": "province", "贵州": "province", "云南": "province", "陕西": "province",
    "甘肃": "province", "青海": "province", "台湾": "province",
    "内蒙古": "autonomous-region", "广西": "autonomous-region", "西藏": "autonomous-region",
    "宁夏": "autonomous-region", "新疆": "autonomous-region",
    "香港": "sar", "澳门": "sar",
}  # fmt: skip

# China's bounding box (including the South China Sea islands), generous by a degree.
LAT_RANGE = (3.0, 54.5)
LONG_RANGE = (73.0, 135.5)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def raw_rows() -> list[list[str]]:
    with open(DEFAULT_PATH, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_file_parses(raw_rows: list[list[str]], gaz: Gazetteer) -> None:
    assert tuple(raw_rows[0]) == COLUMNS
    body = raw_rows[1:]
    assert all(len(row) == len(COLUMNS) for row in body)
    assert len(gaz) == len(body) > 400


def test_rows_sorted_by_id(raw_rows: list[list[str]]) -> None:
    ids = [row[0] for row in raw_rows[1:]]
    assert ids == sorted(ids)


def test_ids_unique_and_slugs(raw_rows: list[list[str]]) -> None:
    ids = [row[0] for row in raw_rows[1:]]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_parents_exist_and_chains_reach_china(gaz: Gazetteer) -> None:
    for place in gaz:
        if place.level == "country":  # countries are roots; China's divisions all lead to it
            assert place.parent == ""
            continue
        assert place.parent in gaz.by_id, place.id
        assert gaz.ancestors(place.id)[-1].id == "china"


def test_levels_and_classes(gaz: Gazetteer) -> None:
    for place in gaz:
        assert place.level in LEVEL_CLASS
        assert place.cls == LEVEL_CLASS[place.level]
    assert gaz.by_id["china"].cls == "Country"
    assert gaz.by_id["shanxi"].cls == "Province"
    assert gaz.by_id["xinjiang"].cls == "Province"
    assert gaz.by_id["beijing"].cls == "City"
    assert gaz.by_id["xianggang"].cls == "Region"
    assert gaz.by_id["taiyuan"].cls == "City"
    assert gaz.by_id["yanbian"].cls == "Region"
    assert gaz.by_id["xingan"].cls == "Region"
    assert gaz.by_id["yanji"].cls == "County"


def test_all_provincial_level_divisions_present(gaz: Gazetteer) -> None:
    provincial = [p for p in gaz if p.level in PROVINCIAL_LEVELS]
    assert len(provincial) == 34
    assert {p.short_zh: p.level for p in provincial} == PROVINCIAL_ZH
    assert all(p.parent == "china" for p in provincial)
    assert Counter(p.level for p in provincial) == {
        "province": 23,
        "autonomous-region": 5,
        "municipality": 4,
        "sar": 2,
    }
    assert all(p.wikidata for p in provincial if p.id != "taiwan")


def test_prefecture_level_count(gaz: Gazetteer) -> None:
    prefectural = [p for p in gaz if p.level in PREFECTURAL_LEVELS]
    assert len(prefectural) >= 300
    assert all(gaz.by_id[p.parent].level in PROVINCIAL_LEVELS for p in prefectural)
    counts = Counter(p.level for p in prefectural)
    assert counts["autonomous-prefecture"] == 30
    assert counts["prefecture"] == 7


def test_coordinates_in_china(gaz: Gazetteer) -> None:
    with_coords = [p for p in gaz if p.lat is not None or p.long is not None]
    assert len(with_coords) > 350
    for place in with_coords:
        assert place.lat is not None and place.long is not None, place.id
        assert LAT_RANGE[0] <= place.lat <= LAT_RANGE[1], place.id
        assert LONG_RANGE[0] <= place.long <= LONG_RANGE[1], place.id


def test_coordinates_have_two_decimals(raw_rows: list[list[str]]) -> None:
    for row in raw_rows[1:]:
        for value in row[6:8]:
            assert value == "" or re.fullmatch(r"\d{1,3}\.\d\d", value), row[0]


def test_wikidata_ids_well_formed(gaz: Gazetteer) -> None:
    qids = [p.wikidata for p in gaz if p.wikidata]
    assert all(re.fullmatch(r"Q\d+", q) for q in qids)
    assert len(qids) == len(set(qids))
    assert gaz.by_id["china"].wikidata == "Q148"
    assert gaz.by_id["shanxi"].wikidata == "Q46913"
    assert gaz.by_id["shaanxi"].wikidata == "Q47974"


def test_short_zh_is_prefix_of_name_zh(gaz: Gazetteer) -> None:
    for place in gaz:
        if place.level != "country":
            assert place.name_zh.startswith(place.short_zh), place.id


def test_shanxi_vs_shaanxi(gaz: Gazetteer) -> None:
    assert [p.id for p in gaz.lookup_en("Shanxi")] == ["shanxi"]
    assert [p.id for p in gaz.lookup_en("Shaanxi")] == ["shaanxi"]
    assert [p.id for p in gaz.lookup_en("Shanxi Province")] == ["shanxi"]
    assert [p.id for p in gaz.lookup_en("Shensi")] == ["shaanxi"]
    assert [p.id for p in gaz.lookup_en("Shansi")] == ["shanxi"]
    assert [p.id for p in gaz.lookup_zh("山西")] == ["shanxi"]
    assert [p.id for p in gaz.lookup_zh("陕西省")] == ["shaanxi"]


def test_jilin_ambiguity_orders_province_first(gaz: Gazetteer) -> None:
    assert [p.id for p in gaz.lookup_en("Jilin")] == ["jilin", "jilin-city"]
    assert [p.id for p in gaz.lookup_en("jilin")] == ["jilin", "jilin-city"]
    assert [p.id for p in gaz.lookup_zh("吉林")] == ["jilin", "jilin-city"]
    assert [p.id for p in gaz.lookup_en("Jilin Province")] == ["jilin"]
    assert [p.id for p in gaz.lookup_en("Jilin City")] == ["jilin-city"]
    assert [p.id for p in gaz.lookup_zh("吉林省")] == ["jilin"]
    assert [p.id for p in gaz.lookup_zh("吉林市")] == ["jilin-city"]
    assert [p.id for p in gaz.lookup_zh("海南")] == ["hainan", "hainan-prefecture"]


@pytest.mark.parametrize("name", ["太原", "太原市"])
def test_taiyuan_zh(gaz: Gazetteer, name: str) -> None:
    (place,) = gaz.lookup_zh(name)
    assert place.id == "taiyuan"
    assert place.name_en == "Taiyuan"
    assert place.parent == "shanxi"
    assert [p.id for p in gaz.ancestors("taiyuan")] == ["shanxi", "china"]


@pytest.mark.parametrize("name", ["Taiyuan", "TAIYUAN", "Taiyuan City", "Taiyuan Municipality"])
def test_taiyuan_en(gaz: Gazetteer, name: str) -> None:
    assert [p.id for p in gaz.lookup_en(name)] == ["taiyuan"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Peking", "beijing"),
        ("Peiping", "beijing"),
        ("Beijing Municipality", "beijing"),
        ("Canton", "guangzhou"),
        ("Mukden", "shenyang"),
        ("Amoy", "xiamen"),
        ("Tientsin", "tianjin"),
        ("Sinkiang", "xinjiang"),
        ("Szechwan", "sichuan"),
        ("Kwangtung", "guangdong"),
        ("Fukien", "fujian"),
        ("Hopeh", "hebei"),
        ("Inner Mongolia", "neimenggu"),
        ("Inner Mongolia Autonomous Region", "neimenggu"),
        ("Tibet", "xizang"),
        ("Hong Kong", "xianggang"),
        ("Hong Kong SAR", "xianggang"),
        ("Macao", "aomen"),
        ("Xi'an", "xian"),
        ("Xi\u2019an", "xian"),
        ("Xian", "xian"),
        ("Urumqi", "wulumuqi"),
        ("Ürümqi", "wulumuqi"),
        ("Lüliang", "lvliang"),
        ("Yanbian Korean Autonomous Prefecture", "yanbian"),
        ("Xilingol League", "xilinguole"),
        ("Xiangfan", "xiangfan"),
    ],
)
def test_lookup_en(gaz: Gazetteer, name: str, expected: str) -> None:
    assert [p.id for p in gaz.lookup_en(name)] == [expected]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("延边朝鲜族自治州", "yanbian"),
        ("延边", "yanbian"),
        ("延边州", "yanbian"),
        ("内蒙古", "neimenggu"),
        ("内蒙古自治区", "neimenggu"),
        ("广西壮族自治区", "guangxi"),
        ("香港特别行政区", "xianggang"),
        ("香港特区", "xianggang"),
        ("北京市", "beijing"),
        ("中国", "china"),
        ("中华人民共和国", "china"),
        ("阿里地区", "ali"),
        ("兴安盟", "xingan"),
        ("襄樊", "xiangfan"),
        ("思茅", "simao"),
        (" 太原 ", "taiyuan"),
    ],
)
def test_lookup_zh(gaz: Gazetteer, name: str, expected: str) -> None:
    assert [p.id for p in gaz.lookup_zh(name)] == [expected]


def test_ambiguous_english_names(gaz: Gazetteer) -> None:
    assert [p.id for p in gaz.lookup_en("Suzhou")] == ["suzhou-anhui", "suzhou-jiangsu"]
    assert [p.id for p in gaz.lookup_en("Soochow")] == ["suzhou-jiangsu"]
    assert [p.id for p in gaz.lookup_en("Kashgar")] == ["kashi", "kashi-city"]
    assert {p.parent for p in gaz.lookup_en("Yichun")} == {"heilongjiang", "jiangxi"}


def test_unknown_names(gaz: Gazetteer) -> None:
    assert gaz.lookup_en("Atlantis") == []
    assert gaz.lookup_zh("不存在") == []
    assert gaz.lookup_zh("市") == []


def test_names_cover_lookups(gaz: Gazetteer) -> None:
    names_en = set(gaz.names_en())
    names_zh = set(gaz.names_zh())
    assert {"Shanxi", "Shaanxi", "Peking", "Taiyuan City", "Shanxi Province"} <= names_en
    assert {"山西", "山西省", "太原", "太原市", "延边", "延边朝鲜族自治州"} <= names_zh
    assert gaz.names_en() == sorted(names_en)
    for place in gaz:
        assert place.name_en in names_en and place.short_zh in names_zh


def test_ancestors(gaz: Gazetteer) -> None:
    assert [p.id for p in gaz.ancestors("yanji")] == ["yanbian", "jilin", "china"]
    assert gaz.ancestors("china") == []
    with pytest.raises(KeyError):
        gaz.ancestors("nowhere")


def test_load_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()


def test_place_is_frozen(gaz: Gazetteer) -> None:
    place = gaz.by_id["beijing"]
    assert isinstance(place, Place)
    assert place.aliases_en == ("Peking", "Peiping")
    with pytest.raises(AttributeError):
        place.name_en = "Peking"  # type: ignore[misc]


def test_read_places_rejects_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("\t".join(COLUMNS) + "\nx\tplanet\tX\tX\tX\t\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown level"):
        read_places(bad)
    orphan = tmp_path / "orphan.tsv"
    orphan.write_text("\t".join(COLUMNS) + "\nx\tcounty\tX\tX县\tX\tnowhere\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown parent"):
        Gazetteer(read_places(orphan))
