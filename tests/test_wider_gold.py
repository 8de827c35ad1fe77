"""The wider development gold (tests/data/wider) stays valid and its halves follow the fixed split."""
from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

WIDER = Path(__file__).parent / "data" / "wider"


def load(name: str) -> ModuleType:
    """Import a script of tests/data/wider by file name."""
    spec = importlib.util.spec_from_file_location(name, WIDER / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("gold", sorted(p.name for p in WIDER.glob("gold-*.json")))
def test_gold_passes_the_checker(gold: str, capsys) -> None:
    assert load("check_gold").main([str(WIDER / gold)]) == 0
    assert "0 problems" in capsys.readouterr().out


def test_every_article_is_in_one_sources_file_and_both_halves_span_eight_years() -> None:
    """Issue 13: at least 30 articles from at least 8 years, each in one SOURCES file with its split."""
    rows = []
    for tsv in sorted(WIDER.glob("SOURCES-*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh, delimiter="\t"))
    names = [row["file"] for row in rows]
    assert sorted(names) == sorted(p.name for p in (WIDER / "articles").iterdir())
    assert len(names) >= 30 and len({name[:4] for name in names}) >= 8
    for half in ("tune", "check"):
        assert len({row["file"][:4] for row in rows if row["split"] == half}) >= 8


def test_checker_catches_evidence_that_is_not_verbatim(tmp_path, capsys) -> None:
    gold = json.loads((WIDER / "gold-a.json").read_text(encoding="utf-8"))
    gold["articles"][0]["relations"][0]["evidence_zh"] += "（改）"
    gold["articles"][0]["entities"][0]["type"] = "Township"
    broken = tmp_path / "gold.json"
    broken.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert load("check_gold").main([str(broken), str(WIDER / "articles")]) == 1
    out = capsys.readouterr().out
    assert "evidence_zh not verbatim" in out and "unknown type Township" in out


@pytest.mark.parametrize("part", sorted(p.stem.removeprefix("SOURCES-") for p in WIDER.glob("SOURCES-*.tsv")))
def test_halves_follow_the_sources_split(part: str, tmp_path) -> None:
    with (WIDER / f"SOURCES-{part}.tsv").open(encoding="utf-8", newline="") as fh:
        split = {row["file"]: row["split"] for row in csv.DictReader(fh, delimiter="\t")}
    gold = json.loads((WIDER / f"gold-{part}.json").read_text(encoding="utf-8"))
    assert sorted(a["file"] for a in gold["articles"]) == sorted(split)
    # Three years at least: part i could only use 1958, 1960 and 1989 (no other year in the index).
    assert len({name[:4] for name in split}) >= 3
    args = [str(WIDER / f"gold-{part}.json"), str(WIDER / f"SOURCES-{part}.tsv"), str(tmp_path)]
    assert load("split_gold").main(args) == 0
    for half in ("tune", "check"):
        part = json.loads((tmp_path / f"gold-{half}.json").read_text(encoding="utf-8"))
        assert [a["file"] for a in part["articles"]] == sorted(f for f, s in split.items() if s == half)
        for name in split:
            if split[name] == half:
                zh = (tmp_path / f"{half}-zh" / name).read_text(encoding="utf-8")
                assert zh.startswith("### ") and "Title:" not in zh


def test_every_article_belongs_to_one_part() -> None:
    listed: list[str] = []
    for tsv in sorted(WIDER.glob("SOURCES-*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as fh:
            listed += [row["file"] for row in csv.DictReader(fh, delimiter="\t")]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(p.name for p in (WIDER / "articles").glob("*.txt"))


def test_tune_folds_cut_the_tune_half_within_each_year() -> None:
    """bench/eval_wider.py's tune-a and tune-b: disjoint, together the tune half, cut within each year."""
    spec = importlib.util.spec_from_file_location("eval_wider", WIDER.parents[2] / "bench" / "eval_wider.py")
    assert spec and spec.loader
    eval_wider = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(eval_wider)
    halves = eval_wider.splits(WIDER)
    a, b = set(halves["tune-a"]), set(halves["tune-b"])
    assert not a & b and a | b == set(halves["tune"]) and not (a | b) & set(halves["check"])
    per_year: dict[str, int] = {}
    for name in halves["tune"]:
        per_year[name[:4]] = per_year.get(name[:4], 0) + 1
    for year, count in per_year.items():
        in_a = sum(n[:4] == year for n in a)
        assert in_a == (count + 1) // 2, year
