"""kg evaluate: the same numbers as the shared scorer, and a regression floor on the gold articles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.evaluate import load_graph, score

from .conftest import SHARED

SEEDS_GOLD = SHARED / "gold" / "seeds.json"
DEV_GOLD = SHARED / "gold" / "dev.json"
needs_shared = pytest.mark.skipif(not SEEDS_GOLD.exists(), reason="../shared (gold files) not present")

# Regression floors: raise them as extraction improves, never lower them to make a change pass.
FLOORS = {
    "seeds": {"entity_typed_f1": 0.90, "relation_f1": 0.75, "relation_recall_all": 0.70},
    # dev relation_f1 0.60 -> 0.58 (issue 14): person IRIs are minted per context, so Li Tieying (Politburo
    # member in one article, no post in the other) and Li Ruihuan (mayor of Tianjin / Standing Committee)
    # are two nodes each, linked by kg:possiblySameAs; the cross-article gold counts one (0.620 -> 0.585).
    "dev": {"entity_typed_f1": 0.80, "relation_f1": 0.58},
}


@needs_shared
def test_kg_evaluate_matches_the_shared_scorer(seed_build: Path) -> None:
    graph = str(seed_build / "graph.ttl")
    ours = subprocess.run(
        [sys.executable, "-m", "kg", "evaluate", graph, "--gold", str(SEEDS_GOLD), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score_graph.py"),
            graph,
            "--gold",
            str(SEEDS_GOLD),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    ours_json = json.loads(ours.stdout)
    theirs_json = json.loads(theirs.stdout[: theirs.stdout.rindex("}") + 1])

    assert ours_json["entities"] == theirs_json["entities"]
    assert ours_json["relations"] == theirs_json["relations"]
    assert ours_json["missed"] == theirs_json["missed"]


@needs_shared
def test_seed_scores_stay_above_the_floor(seed_build: Path) -> None:
    result = score(load_graph([str(seed_build / "graph.ttl")]), str(SEEDS_GOLD))

    assert result["entities"]["typed"]["f"] >= FLOORS["seeds"]["entity_typed_f1"]
    assert result["relations"]["simple"]["f"] >= FLOORS["seeds"]["relation_f1"]
    assert result["relations"]["recall_all"] >= FLOORS["seeds"]["relation_recall_all"]


@needs_shared
def test_dev_scores_stay_above_the_floor(tmp_path: Path) -> None:
    """The eight annotated development articles: other months and years than the seeds."""
    gold = json.loads(DEV_GOLD.read_text("utf-8"))
    src = tmp_path / "dev"
    src.mkdir()
    for article in gold["articles"]:
        shutil.copy(SHARED / "data" / "dev-bilingual" / article["file"], src)
    build([src], tmp_path / "out", html=False)

    result = score(load_graph([str(tmp_path / "out" / "graph.ttl")]), str(DEV_GOLD))

    assert result["entities"]["typed"]["f"] >= FLOORS["dev"]["entity_typed_f1"]
    assert result["relations"]["simple"]["f"] >= FLOORS["dev"]["relation_f1"]
