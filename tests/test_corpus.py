"""Tests for the reader stage (kg.corpus): layouts, encodings, errors, directory walking, real data."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from kg.corpus import article_id, chinese_half, iter_articles, read_article
from kg.errors import ArticleError, ConfigError
from kg.records import Article

DATA = Path(__file__).parent / "data" / "articles"
REPO_SEEDS = Path(__file__).parents[1] / "seeds"
SHARED = Path(__file__).parents[2] / "shared"
F = "\u3000"  # full-width space


# ------------------------------------------------------------------------------------------ layouts

LAYOUTS = {
    # bilingual, Page:, co-authors split by a comma / a full-width space, 专栏 with a value
    "bi_page_coauthors.txt": {
        "id": "bi_page_coauthors",
        "title_en": "Wuhan Steel Plant Saves Coal Through Technical Innovation",
        "title_zh": "武钢技术革新节约用煤",
        "date": "1989-10-12",
        "page": "2",
        "section": "国内新闻",
        "column": "四面八方",
        "authors_en": ("Chen Lixin", "Zhou Hong"),
        "authors_zh": ("陈立新", "周红"),
        "body_en": (
            "Wuhan Steel Plant Saves Coal Through Technical Innovation\n"
            "People's Daily, Wuhan, October 11th (Reporters Chen Lixin and Zhou Hong) - Since the third "
            "quarter, the Wuhan Iron and Steel Company has saved 42,000 tons of coal by rebuilding two coke "
            "ovens.\n"
            "Workers of the coking plant proposed more than 300 rationalisation suggestions this year."
        ),
        "body_zh": (
            "武钢技术革新节约用煤\n"
            f"本报武汉10月11日电{F}记者陈立新、周红报道：第三季度以来，武汉钢铁公司改建两座焦炉，节约用煤4.2万吨。\n"
            "焦化厂职工今年提出合理化建议300多条。"
        ),
    },
    # bilingual, Edition:, empty Author:, blank lines between header lines, tab-indented paragraphs,
    # <hr /> without trailing space, 第3版() with an empty section, an over-indented Chinese line
    "bi_edition_tabs.txt": {
        "title_en": "Hebei Counties Build Small Fertiliser Plants",
        "title_zh": "河北各县兴建小化肥厂",
        "date": "1958-04-02",
        "page": "3",
        "section": "",
        "column": "",
        "authors_en": (),
        "authors_zh": (),
        "body_en": (
            "Hebei Counties Build Small Fertiliser Plants\n"
            "Xinhua News Agency, Shijiazhuang, 1st. Forty-one counties in Hebei Province have started "
            "building small fertiliser plants this spring.\n"
            "Each plant will produce 800 tons of ammonium bicarbonate a year."
        ),
        "body_zh": (
            f"河北各县兴建小化肥厂\n新华社石家庄1日电{F}河北省已有四十一个县今春开始兴建小型化肥厂。\n"
            "每个厂每年可生产碳酸氢铵八百吨。"
        ),
    },
    # bilingual without a Date: header: the date comes from the Chinese date line
    "bi_no_date_header.txt": {
        "date": "1989-11-03",
        "page": "1",
        "section": "要闻",
        "authors_en": ("Li Wen",),
        "authors_zh": ("李文",),
        "body_en": "Tianjin port opened a new grain wharf yesterday.",
        "body_zh": "天津新港粮食码头启用\n天津新港的粮食码头昨天正式启用。",
    },
    # Chinese only (archive layout): nested parentheses in the section, 专栏 with a value
    "zh_archive_column.md": {
        "title_en": "",
        "title_zh": f"甘肃推广旱作农业技术{F}粮食增产  农民增收",
        "date": "1989-10-20",
        "page": "5",
        "section": "国内专页（经济）",
        "column": "开拓新的绿色事业",
        "authors_en": (),
        "authors_zh": ("王建华", "刘芳"),
        "body_en": "",
        "body_zh": (
            f"甘肃推广旱作农业技术{F}粮食增产\n农民增收\n"
            f"本报兰州10月19日电{F}记者王建华、刘芳报道：今年甘肃省推广地膜覆盖等旱作农业技术一千二百万亩，"
            "粮食总产比去年增长百分之八。"
        ),
    },
    # Chinese only, empty author line, 第3版()
    "zh_archive_no_author.md": {
        "title_zh": "包头新建一座水泥厂",
        "date": "1958-03-05",
        "page": "3",
        "section": "",
        "column": "",
        "authors_zh": (),
        "body_zh": (
            f"包头新建一座水泥厂\n新华社包头4日电{F}包头市新建的水泥厂最近开始试生产，每天可产水泥一百吨。"
        ),
    },
    # plain text, body only
    "plain_en.txt": {
        "title_en": "",
        "title_zh": "",
        "date": "",
        "page": "",
        "body_en": (
            "The Shanghai No. 3 Textile Mill raised its output of cotton yarn by 12 percent in the first "
            "half of the year.\nWorkers at the mill repaired 200 old spindles themselves."
        ),
        "body_zh": "",
    },
    "plain_zh.txt": {
        "date": "",
        "body_en": "",
        "body_zh": (
            "上海第三纺织厂上半年棉纱产量比去年同期增长百分之十二。\n"
            "该厂工人自己动手修复了二百台旧纱锭，节约资金三万元。"
        ),
    },
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layouts(name: str) -> None:
    path = DATA / name
    art = read_article(path)
    assert art.id == path.stem
    assert art.source == str(path)
    assert re.fullmatch(r"[0-9a-f]{64}", art.sha256)
    assert art.warnings == ()
    for field, expected in LAYOUTS[name].items():
        assert getattr(art, field) == expected, field


def test_body_lines_are_stripped_and_joined() -> None:
    art = read_article(DATA / "bi_edition_tabs.txt")
    for body in (art.body_en, art.body_zh):
        assert "\n\n" not in body and "\t" not in body
        assert all(line == line.strip() for line in body.split("\n"))


def test_headline_repeated_in_body_is_kept() -> None:
    art = read_article(DATA / "bi_page_coauthors.txt")
    assert art.body_en.startswith(art.title_en + "\n")
    assert art.body_zh.startswith(art.title_zh + "\n")


def test_mostly_english_text_with_chinese_names_is_english(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text("Premier Li Peng (李鹏) met the visiting delegation in Beijing on Monday.\n", "utf-8")
    art = read_article(path)
    assert art.body_en and not art.body_zh


# ---------------------------------------------------------------------------- encodings and endings


def _same_article(a: Article, b: Article) -> bool:
    """Equal apart from the raw-bytes hash and the warnings."""
    return dataclasses.replace(a, sha256="", warnings=()) == dataclasses.replace(b, sha256="", warnings=())


def _copy(tmp_path: Path, name: str, data: bytes) -> tuple[Article, Path]:
    """The fixture ``name`` read from DATA, and a path in tmp_path (same name) holding ``data``."""
    src = read_article(DATA / name)
    path = tmp_path / name
    path.write_bytes(data)
    return dataclasses.replace(src, source=str(path)), path


@pytest.mark.parametrize("name", ["bi_page_coauthors.txt", "zh_archive_column.md", "plain_zh.txt"])
@pytest.mark.parametrize(
    "transform,warning",
    [
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), None),  # UTF-8 BOM
        (lambda t: t.replace("\n", "\r\n").encode("utf-8"), None),  # CRLF
        (lambda t: t.replace("\n", "\r").encode("utf-8"), None),  # old Mac CR
        (lambda t: t.encode("gb18030"), "decoded as GB18030"),
        (lambda t: t.encode("utf-16"), "decoded as UTF-16"),
    ],
    ids=["bom", "crlf", "cr", "gb18030", "utf16"],
)
def test_encodings_and_line_endings(tmp_path: Path, name: str, transform, warning: str | None) -> None:
    text = (DATA / name).read_text("utf-8")
    expected, path = _copy(tmp_path, name, transform(text))
    art = read_article(path)
    assert _same_article(art, expected)
    assert art.warnings == ((warning,) if warning else ())
    assert "\r" not in art.body_en + art.body_zh and "\ufeff" not in art.body_en + art.body_zh


def test_sha256_is_of_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    data = b"\xef\xbb\xbfplain text body\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert read_article(path).sha256 == hashlib.sha256(data).hexdigest()


# -------------------------------------------------------------------------------------------- errors


def _error(path: Path) -> ArticleError:
    with pytest.raises(ArticleError) as info:
        read_article(path)
    err = info.value
    assert err.path == str(path)
    assert str(err).startswith(f"{path}: ")
    assert "\n" not in str(err)
    return err


@pytest.mark.parametrize(
    "name,problem",
    [
        ("err_empty.txt", "empty file"),
        ("err_header_only.txt", "no article body"),
        ("err_bad_date.md", "bad date '1989-13-45'"),
    ],
)
def test_error_fixtures(name: str, problem: str) -> None:
    err = _error(DATA / name)
    assert problem in err.problem


@pytest.mark.parametrize(
    "data,problem",
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        (bytes(range(256)) * 8, "binary file, not text"),
        (bytes(range(0x80, 0x100)) * 8, "binary file, not text"),
        (b"Title: T\nDate: 1989-02-30\nPage: 1\n\nBody.\n", "bad date '1989-02-30'"),
        (b"Title: T\nDate: 13 December 1989\n\nBody.\n", "bad date '13 December 1989'"),
        (b"Title: T\nAuthor: A\nPage: 1\n\nBody text.\n", "no date"),
        ("### 标题\n作者\n第2版()\n专栏：\n\n    正文。\n".encode(), "no date"),
        ("### 标题\n作者\n1989-10-01\n第2版()\n专栏：\n\n".encode(), "no article body"),
    ],
    ids=[
        "empty",
        "whitespace",
        "bom-only",
        "png",
        "all-bytes",
        "high-bytes",
        "feb-30",
        "english-date",
        "no-date-en",
        "no-date-zh",
        "zh-header-only",
    ],
)
def test_errors(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert problem in _error(path).problem


def test_unreadable_path_is_article_error(tmp_path: Path) -> None:
    err = _error(tmp_path)  # a directory: the OSError becomes an ArticleError
    assert err.problem.startswith("cannot read file")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text\n", "utf-8")
    path.chmod(0)
    try:
        assert _error(path).problem.startswith("cannot read file")
    finally:
        path.chmod(0o644)


def test_date_normalised_to_iso(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("Title: T\nDate: 1989-1-5\nPage: 1\n\nBody.\n", "utf-8")
    assert read_article(path).date == "1989-01-05"


def test_date_mismatch_is_a_warning(tmp_path: Path) -> None:
    text = (DATA / "bi_page_coauthors.txt").read_text("utf-8").replace("Date: 1989-10-12", "Date: 1989-10-13")
    path = tmp_path / "m.txt"
    path.write_text(text, "utf-8")
    art = read_article(path)
    assert art.date == "1989-10-13"
    assert art.warnings == ("English date 1989-10-13 differs from Chinese date 1989-10-12",)


# ------------------------------------------------------------------------------------------------ ids


@pytest.mark.parametrize("stem", ["000_837b635841432b38", "1989-10-03_01", "a.b-c_D9"])
def test_ascii_ids_are_the_stem(stem: str) -> None:
    assert article_id(stem) == stem


@pytest.mark.parametrize("stem", ["人民日报_1989", "人民日报_1990", "a b", "a/b?c#d"])
def test_other_ids_are_sanitised_and_hashed(stem: str) -> None:
    ident = article_id(stem)
    assert re.fullmatch(r"[A-Za-z0-9._-]+-[0-9a-f]{8}", ident)


def test_non_ascii_ids_stay_distinct(tmp_path: Path) -> None:
    assert article_id("人民日报_1989") != article_id("人民报告_1989")  # same length, same shape
    assert article_id("a b") != article_id("a_b")
    path = tmp_path / "人民日报.txt"
    path.write_text("Body.\n", "utf-8")
    assert read_article(path).id == article_id("人民日报")


# ------------------------------------------------------------------------------------------- walking


def test_iter_fixture_directory() -> None:
    results = list(iter_articles(DATA))
    names = sorted(p.name for p in DATA.iterdir())
    assert len(results) == len(names)
    errors = {Path(r.path).name for r in results if isinstance(r, ArticleError)}
    assert errors == {"err_bad_date.md", "err_empty.txt", "err_header_only.txt"}
    assert [Path(r.source).name for r in results if isinstance(r, Article)] == [
        n for n in names if n not in errors
    ]


def test_iter_walk(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Body z.\n", "utf-8")
    (tmp_path / "b" / "a.md").write_text("Body a.\n", "utf-8")
    (tmp_path / "a.txt").write_text("Body top.\n", "utf-8")
    (tmp_path / "c.TXT").write_text("Body upper-case suffix.\n", "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.json").write_text("{}", "utf-8")
    (tmp_path / "README.md").write_text("About this corpus.\n", "utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.\n", "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden dir.\n", "utf-8")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.txt").write_text("Cache.\n", "utf-8")
    (tmp_path / "b" / "loop").symlink_to(tmp_path, target_is_directory=True)  # a symlink loop
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    results = list(iter_articles(tmp_path))
    rel = [
        Path(r.source if isinstance(r, Article) else r.path).relative_to(tmp_path).as_posix() for r in results
    ]
    assert rel == ["a.txt", "b/a.md", "b/z.txt", "c.TXT", "dangling.txt", "empty.txt"]
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Article", "Article", "Article", "Article", "ArticleError", "ArticleError"]
    assert results[4].problem.startswith("cannot read file")
    assert results[5].problem == "empty file"


def test_iter_single_file_yields_error_instead_of_raising() -> None:
    (err,) = list(iter_articles(DATA / "err_empty.txt"))
    assert isinstance(err, ArticleError) and err.problem == "empty file"
    (art,) = list(iter_articles(str(DATA / "plain_en.txt")))
    assert isinstance(art, Article) and art.id == "plain_en"


def test_iter_missing_path_raises_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ConfigError, match="does not exist"):
        iter_articles(missing)  # raised at call time, not on first next()


# ----------------------------------------------------------------------------------------- real data

REAL_DIRS = {
    "repo-seeds": (REPO_SEEDS, True),
    "repo-dev-bilingual": (Path(__file__).parent / "data" / "dev-bilingual", True),
    "seeds": (SHARED / "seeds", True),
    "dev-bilingual": (SHARED / "data" / "dev-bilingual", True),
    "rmrb-dev": (SHARED / "data" / "rmrb-dev", False),
}


def _real_files() -> list[pytest.param]:
    params = []
    for label, (directory, bilingual) in REAL_DIRS.items():
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.suffix in (".txt", ".md"):
                    params.append(pytest.param(path, bilingual, id=f"{label}/{path.name}"))
    return params or [pytest.param(None, False, marks=pytest.mark.skip(reason="no shared data"))]


@pytest.mark.parametrize("relative", ["seeds", "data/dev-bilingual", "data/rmrb-dev"])
def test_shared_real_data_is_read_when_present(relative: str) -> None:
    """The shared folders (not in the repository) are read above when present; CI requires them."""
    from .conftest import shared_path

    assert any(shared_path(relative).iterdir())


@pytest.mark.parametrize("path,bilingual", _real_files())
def test_real_articles(path: Path, bilingual: bool) -> None:
    art = read_article(path)
    assert art.warnings == ()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", art.date)
    assert art.title_zh and art.body_zh and art.page
    if bilingual:
        assert art.title_en and art.body_en
    else:
        assert not art.body_en


def _seed_files() -> list[Path]:
    return [p for d in (REPO_SEEDS, SHARED / "seeds") if d.is_dir() for p in sorted(d.glob("*.txt"))]


@pytest.mark.skipif(not _seed_files(), reason="no seeds")
@pytest.mark.parametrize("path", _seed_files(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_seed_chinese_paragraphs_unchanged(path: Path) -> None:
    """Every Chinese body line of the file is in body_zh unchanged (only stripped), in order."""
    art = read_article(path)
    raw_body = path.read_text("utf-8").split("专栏：", 1)[1].split("\n", 1)[1]
    lines = [line.strip() for line in raw_body.split("\n") if line.strip()]
    first_paragraph = next(line for line in lines if len(line) > 40)  # past the repeated title parts
    assert first_paragraph in art.body_zh
    assert art.body_zh == "\n".join(lines)
    start = art.body_zh.index(first_paragraph)
    assert art.body_zh[start : start + len(first_paragraph)] == first_paragraph


# ----------------------------------------------------------------------------- archive file variants

VARIANTS = {
    # a flat **Named Entities** list between the English body and <hr />, "<hr /> " and "Original: "
    "bi_names_flat.txt": {
        "body_en": ("People's Daily, Hefei, June 13th. The Hefei Textile Mill has adopted the contract "
                    "responsibility system this year.\nMayor Zhang Dawei said that the Hefei Municipal Party "
                    "Committee supports the reform."),
        "name_pairs": (("合肥纺织厂", "Hefei Textile Mill", ""), ("张大为", "Zhang Dawei", ""),
                       ("合肥市委", "Hefei Municipal Party Committee", ""),
                       ("承包经营责任制", "contract responsibility system", ""), ("合肥", "Hefei", "")),
    },
    # "Named Entities:" with bullets, pinyin glosses before or after the English, a bracket as the English
    "bi_names_pinyin.txt": {
        "body_en": ("Director Ouyang Chun of the Bengbu Glass Factory reported to the Anhui Provincial "
                    "Government."),
        "name_pairs": (("蚌埠玻璃厂", "Bengbu Glass Factory", ""), ("欧阳春", "Ouyang Chun", ""),
                       ("安徽省政府", "Anhui Provincial Government", ""), ("蚌埠", "Bengbu", "")),
    },
    # headings in bold with a colon, with a colon, with a tab and the pair on the same line, as ###
    "bi_names_headings.txt": {
        "body_en": "Provincial Governor Fang Zhiyuan visited the Wuhu Shipyard on the 19th.",
        "name_pairs": (("芜湖造船厂", "Wuhu Shipyard", "organization"), ("方志远", "Fang Zhiyuan", "person"),
                       ("芜湖", "Wuhu", "place"),
                       ("全国造船工作会议", "National Shipbuilding Conference", "event")),
    },
    # a blank line between Title: and Author:, "Author: " with a trailing space, a dateline under the header
    "bi_header_variants.txt": {
        "title_en": "Tangshan Ceramics Factory Expands Exports", "authors_en": (), "authors_zh": (),
        "date": "1990-05-08", "page": "2",
        "body_en": ("People's Daily, Tangshan, May 7th. The Tangshan Ceramics Factory exported 2 million "
                    "pieces of porcelain this year."),
        "body_zh": f"本报唐山5月7日电{F}唐山陶瓷厂今年出口瓷器二百万件。",
    },
    # bodies indented with a tab, three spaces, four spaces and two full-width spaces
    "bi_indented_bodies.txt": {
        "body_en": ("The Shashi Printing and Dyeing Mill saved 3,000 tons of coal this year.\nIts workers "
                    "rebuilt two boilers.\nThe mill plans to build a new workshop.\nIts output rose by 12 "
                    "percent."),
        "body_zh": ("沙市印染厂今年节约用煤三千吨。\n职工改建了两台锅炉。\n该厂计划新建一个车间。\n"
                    "产量增长百分之十二。"),
        "authors_zh": ("周平",),
    },
    # the English stops mid-sentence before <hr />: read as it is, the Chinese complete
    "bi_truncated_english.txt": {
        "body_en": ("The Yichang Cement Plant produced 400,000 tons of cement last year. Director Huang "
                    "Wenbin said that the plant will work with the"),
        "body_zh": "宜昌水泥厂去年生产水泥四十万吨。黄文斌厂长说，该厂将与葛洲坝水泥厂合作，共同开发新产品。",
        "name_pairs": (),
    },
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_archive_file_variants(name: str) -> None:
    """Each variant of the archive's bilingual files: the English body holds no name list, dateline or
    indentation, the translator's pairs are kept with their heading's kind, nothing is warned."""
    art = read_article(DATA / name)

    for field, expected in VARIANTS[name].items():
        assert getattr(art, field) == expected, field
    assert art.warnings == ()
    assert "Named Entities" not in art.body_en and "<hr" not in art.body_en


@pytest.mark.parametrize(("line", "pair"), [
    ("李明远 – Li Mingyuan (Lǐ Míngyuǎn)", ("李明远", "Li Mingyuan", "")),
    ("Heilongjiang 黑龙江", ("黑龙江", "Heilongjiang", "")),
    ("* 王小华 (Wang Xiaohua)", ("王小华", "Wang Xiaohua", "")),
    ("3. 欧阳·春：Ouyang Chun;", ("欧阳·春", "Ouyang Chun", "")),
    ("Locations:\t合肥\tHefei", ("合肥", "Hefei", "place")),
])
def test_name_list_lines(line: str, pair: tuple[str, str, str]) -> None:
    """One line of the name list in the shapes the archive uses; a line with no pair is skipped."""
    from kg.namelist import name_pairs

    assert name_pairs(["a note with no Chinese", line, "只有中文"]) == (pair,)


def test_chinese_half_is_what_follows_the_original_line(tmp_path):
    text = "Title: A\n\nBody.\n\n<hr />\n\n  Original:  \n\n### 标题\n\n1958-05-01\n\n正文。\n"
    assert chinese_half(text) == "### 标题\n\n1958-05-01\n\n正文。\n"
    assert chinese_half("Title: A\n\nThe word Original: inside a line.\n") == ""
    (tmp_path / "a.txt").write_text(chinese_half(text), encoding="utf-8")
    article = read_article(tmp_path / "a.txt")
    assert article.body_zh.strip() == "正文。" and not article.body_en
