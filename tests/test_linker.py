"""The learned relation linker (kg/linker.py, bench/train_linker.py): candidates, training, prediction."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.linker import FITS, candidates, fitting, link, linker_enabled, load_model, predict
from kg.pipeline import StageTimes, rule_relations
from kg.records import Article

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from train_linker import CLASSES, NONE, dump, train  # noqa: E402

# Made-up sentences: a provincial government praises a plant (supports) or criticises one (no relation).
TRAIN = ("The Hunan Provincial Government praised the Xiangtan Cement Plant on Monday. "
         "The Hubei Provincial Government praised the Wuhan Glass Factory last week. "
         "The Fujian Provincial Government criticised the Fuzhou Paper Mill in March. "
         "The Anhui Provincial Government criticised the Hefei Brick Factory in April.")
TEST = ("The Henan Provincial Government praised the Zhengzhou Textile Mill in May.\n"
        "The Jiangxi Provincial Government criticised the Nanchang Tractor Plant in June.")


def context(nlp, text: str):
    article = Article(id="linker-test", source="linker-test.txt", sha256="", body_en=text)
    return rule_relations(article, nlp(text), "en", StageTimes())


def test_domains_and_ranges_follow_the_ontology():
    assert fitting("Enterprise", "Product") == ["produces"]
    assert fitting("Product", "Enterprise") == []
    assert "adoptsMechanism" in fitting("County", "PolicyMechanism")
    assert "governs" not in fitting("Enterprise", "City")
    assert set(FITS) == set(CLASSES) - {NONE}


def test_trained_on_written_sentences_it_links_praise_and_not_criticism(nlp, tmp_path, monkeypatch):
    ctx, rules = context(nlp, TRAIN)
    cands = []
    for c in candidates(ctx, set()):
        same_clause = "x:0" in c.features and "v:praise" in c.features
        praised = same_clause and c.subject[0] == "GovernmentBody" and c.object[0] == "Enterprise"
        cands.append({"s": c.subject, "o": c.object, "f": c.features, "y": "supports" if praised else NONE})
    assert sum(c["y"] == "supports" for c in cands) == 2
    model = dict(train([{"cands": cands}], l2=0.1), threshold=0.5)
    path = tmp_path / "linker.json"
    path.write_text(dump({"en": model}), encoding="utf-8")
    assert json.loads(path.read_text("utf-8"))["en"]["weights"] == model["weights"]  # the file reads back

    ctx, rules = context(nlp, TEST)
    monkeypatch.setenv("KG_LINKER", str(path))
    assert linker_enabled()
    added = {(r.subject[1], r.predicate, r.object[1]) for r in link(ctx, rules)}
    assert ("henan-provincial-government", "supports", "zhengzhou-textile-mill") in added
    assert not any(o == "nanchang-tractor-plant" for _, _, o in added)
    for rel in link(ctx, rules):
        assert rel.evidence.text in TEST and rel.subject != rel.object


def test_the_packaged_model_is_sorted_and_off_by_default(monkeypatch):
    monkeypatch.delenv("KG_LINKER", raising=False)
    assert not linker_enabled()
    model = load_model(str(ROOT / "kg" / "models" / "linker.json"))
    for lang in ("en", "zh"):
        weights = model[lang]["weights"]
        assert list(weights) == sorted(weights) and 0 < model[lang]["threshold"] < 1
        probs = predict(model[lang], ("t:Enterprise>Product",))
        assert abs(sum(probs.values()) - 1) < 1e-9 and set(probs) == set(CLASSES)
