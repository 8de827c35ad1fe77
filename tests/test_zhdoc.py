"""kg.zhdoc's word indexes (made once per doc, read by the zh rules) agree with plain scans of the words."""

from __future__ import annotations

from kg.zhdoc import make_doc

TEXTS = [
    "河北省宣化县县委书记李明和太原市市长王华视察了太原钢铁公司。\n\n新华社北京一月五日电",
    "ＡＢＣ公司１９９８年利税增长10.1%，  养鸡鸭的农户在郧县。",
    "\n第一行\n\n第三行，有北京和上海。\n",
]


def test_word_indexes_agree_with_scans() -> None:
    """starts, ends, boundaries, word_at, words_within and spans_tagged give what a scan of words gives."""
    for text in TEXTS:
        doc = make_doc(text)
        words = doc.words
        assert doc.starts == [w.start for w in words] and doc.ends == [w.end for w in words]
        assert doc.boundaries() == {w.start for w in words} | {w.end for w in words}
        for pos in range(-1, len(text) + 2):
            covering = [w for w in words if w.start <= pos < w.end]
            assert doc.word_at(pos) == (covering[0] if covering else None), (text, pos)
        for start in range(0, len(text), 3):
            end = start + 7
            assert doc.words_within(start, end) == [w for w in words if start <= w.start < end]
        for tag in ("ns", "n", "x", "no such tag"):
            assert doc.spans_tagged(tag) == tuple((w.start, w.end) for w in words if w.pos == tag)
    assert make_doc(TEXTS[0]).spans_tagged("ns")  # the test reads some place words
