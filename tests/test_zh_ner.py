"""Tests for kg.zh_ner: the packaged Chinese NER model loads offline and finds entities with exact offsets."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kg import zh_ner

# Hand-written news-style sentences (not from the corpus) and entities each must contain.
SENTENCES: list[tuple[str, set[tuple[str, str]]]] = [
    ("国务院总理李鹏昨天在北京会见了日本客人。",
     {("国务院", "ORG"), ("李鹏", "PER"), ("北京", "LOC"), ("日本", "LOC")}),
    ("外交部发言人沈国放今天在记者招待会上回答了有关问题。", {("外交部", "ORG"), ("沈国放", "PER")}),
    ("上海市人民政府日前召开会议，研究部署今年的国有企业改革工作。", {("上海市人民政府", "ORG")}),
    ("江泽民主席在人民大会堂会见了来访的法国总统希拉克。",
     {("江泽民", "PER"), ("法国", "LOC"), ("希拉克", "PER")}),
    ("新华社记者王小明从广州报道：广东省今年粮食生产再获丰收。",
     {("新华社", "ORG"), ("王小明", "PER"), ("广州", "LOC"), ("广东省", "LOC")}),
    ("中国人民银行宣布，自下月起下调金融机构存贷款利率。", {("中国人民银行", "ORG")}),
    ("联合国秘书长安南在纽约总部发表讲话，呼吁伊拉克遵守安理会决议。",
     {("联合国", "ORG"), ("安南", "PER"), ("纽约", "LOC"), ("伊拉克", "LOC")}),
]


def _named(text: str, spans: list[tuple[int, int, str]]) -> set[tuple[str, str]]:
    return {(text[s:e], lab) for s, e, lab in spans}


@pytest.fixture(scope="module")
def results() -> list[list[tuple[int, int, str]]]:
    return zh_ner.recognize(s for s, _ in SENTENCES)


def test_model_ships_inside_package_and_is_small() -> None:
    assert zh_ner.MODEL_PATH.is_file()
    assert zh_ner.MODEL_PATH.is_relative_to(Path(zh_ner.__file__).resolve().parent)
    total = sum(p.stat().st_size for p in zh_ner.MODEL_DIR.rglob("*") if p.is_file())
    assert total < 30 * 1024 * 1024
    assert (zh_ner.MODEL_DIR / "MODEL_CARD.md").is_file()


def test_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    zh_ner._crf.cache_clear()  # force a fresh load of the model
    (spans,) = zh_ner.recognize(["国务院总理李鹏昨天在北京会见了日本客人"])
    assert ("李鹏", "PER") in _named("国务院总理李鹏昨天在北京会见了日本客人", spans)


@pytest.mark.parametrize("idx", range(len(SENTENCES)))
def test_finds_entities_in_news_sentences(results: list[list[tuple[int, int, str]]], idx: int) -> None:
    text, expected = SENTENCES[idx]
    found = _named(text, results[idx])
    assert expected <= found, f"missing {expected - found} in {found}"


def test_offsets_exact_and_labels_valid(results: list[list[tuple[int, int, str]]]) -> None:
    assert len(results) == len(SENTENCES)
    for (text, _), spans in zip(SENTENCES, results, strict=True):
        assert spans == sorted(spans)
        for s, e, lab in spans:
            assert isinstance(s, int) and isinstance(e, int)
            assert 0 <= s < e <= len(text)
            assert lab in {"PER", "LOC", "ORG"}
            assert text[s:e].strip() == text[s:e]


def test_full_width_digits_keep_offsets() -> None:
    text = "本报北京１２月３日讯　记者张华报道：ＡＰＥＣ会议在上海闭幕。"
    (spans,) = zh_ner.recognize([text])
    named = _named(text, spans)
    assert {("北京", "LOC"), ("张华", "PER"), ("上海", "LOC")} <= named


def test_empty_inputs() -> None:
    assert zh_ner.recognize([]) == []
    assert zh_ner.recognize(iter([])) == []
    assert zh_ner.recognize(["", "   ", "\n"]) == [[], [], []]


def test_long_text_is_chunked_with_correct_offsets() -> None:
    sentence = "国务院总理李鹏昨天在北京会见了日本客人。"
    text = sentence * 300  # 6,000 chars: tagged in several chunks
    (spans,) = zh_ner.recognize([text])
    per = [(s, e) for s, e, lab in spans if lab == "PER" and text[s:e] == "李鹏"]
    assert len(per) == 300
    assert all(text[s:e] in text for s, e, _ in spans)


def test_tags_round_trip() -> None:
    spans = [(0, 3, "ORG"), (5, 7, "PER"), (10, 11, "LOC")]
    assert zh_ner.tags_to_spans(zh_ner.spans_to_tags(12, spans)) == spans


def test_dev_regression_floor(tmp_path: Path) -> None:
    """Micro F1 ≥ 0.80 on the first 300 PKU dev lines (the corpus lives in ../shared only)."""
    from .conftest import shared_path

    dev, scorer = shared_path("data/pd98-dev.jsonl"), shared_path("tools/score_ner.py")
    rows = []
    with dev.open(encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) == 300:
                break
    preds = zh_ner.recognize(r["text"] for r in rows)
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    with gold.open("w", encoding="utf-8") as g, pred.open("w", encoding="utf-8") as p:
        for row, spans in zip(rows, preds, strict=True):
            g.write(json.dumps(row, ensure_ascii=False) + "\n")
            ents = [list(x) for x in spans]
            p.write(json.dumps({"id": row["id"], "entities": ents}, ensure_ascii=False) + "\n")
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True,
                         check=True).stdout
    f1 = float(re.search(r"micro_f1=([0-9.]+)", out).group(1))
    assert f1 >= 0.80, out


# Text with what the model's feature keys must survive: full-width digits and letters, a line break, the
# window-end markers written out, a character outside the BMP, a long unknown word, punctuation.
TRICKY = [
    "本报北京１２月３日讯　记者张华报道：ＡＰＥＣ会议在上海闭幕。\n<s1>中</s2>：国家计委主任说，𠀋字不常见。",
    "中华人民共和国全国人民代表大会常务委员会委员长会议今天在北京举行，审议了1998年计划草案。",
    "新华社华盛顿１月５日电（记者李文）美国总统克林顿今天说，“我们欢迎合作”！",
]


def test_feature_ids_and_tags_are_crfsuites() -> None:
    """Features as the model's attribute ids are the full features less those the model does not know
    (``missing`` in their place), in the same order; the compiled CRF tags them as pycrfsuite tags the
    full features."""
    import pycrfsuite

    names = zh_ner.model_attributes(zh_ner.MODEL_PATH)
    assert len(names) > 10_000 and "c0=中" in names
    crf = zh_ner._crf(str(zh_ner.MODEL_PATH))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(zh_ner.MODEL_PATH))
    known = set(names)
    for text in TRICKY + [s for s, _ in SENTENCES]:
        full = zh_ner.char_features(text)
        columns, cue_at, cue_ids = zh_ner.feature_ids(text, None, crf.vocab)
        fast = [[c[i] for c in columns] for i in range(len(text))]
        for i, aid in zip(cue_at, cue_ids, strict=True):
            fast[i].append(aid)
        assert [[a for a in item if a in known] for item in full] == [
            [names[a] for a in item if a != crf.vocab.missing] for item in fast
        ]
        assert crf.tag(crf.scores(columns, cue_at, cue_ids)) == tagger.tag(full)


def test_folded_is_translate() -> None:
    """The array fold of full-width forms and the ideographic space is ``str.translate``'s, code points
    outside the plane and at the folded range's edges included."""
    text = "！～＿０９ＡＺａｚ\uff00\uff5f\u3000\u3001北京𠀀\n。"

    folded, cps = zh_ner._folded(text)

    assert folded == text.translate(zh_ner._FOLD)
    assert cps.tolist() == [ord(c) for c in folded]
