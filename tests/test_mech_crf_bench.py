"""The mechanism-CRF experiment's helpers (bench/mech_crf.py): gold spans by string search, features."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from mech_crf import find_spans  # noqa: E402


def test_find_spans_longest_first_without_overlaps() -> None:
    text = "推行计件工资制度，计件工资好，又推行计件工资制度。"
    spans = find_spans(text, ["计件工资", "计件工资制度", "x"])
    assert [text[s:e] for s, e, _ in spans] == ["计件工资制度", "计件工资", "计件工资制度"]
    assert all(label == "M" for _, _, label in spans)


def test_features_mark_heads_and_adoption_verbs() -> None:
    from mech_crf import features

    text = "工厂实行计件工资制度。"
    feats = features(text)
    assert len(feats) == len(text)
    assert "mhead_end" in feats[text.index("制度") + 1]
    assert "adopt<0" in feats[text.index("计")]
    assert "adopt" in feats[text.index("实")]
    assert "mhead" not in feats[0]
