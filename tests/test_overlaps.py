"""kg.resolve.settle_overlaps keeps what the plain pairwise scan of the kept spans keeps (it marks covered
characters instead, for long articles with many mentions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.records import Mention
from kg.resolve import PRIORITY, settle_overlaps


def _pairwise(mentions: list[Mention]) -> list[Mention]:
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), PRIORITY.index(m.type), m.start, m.rule))
    kept: list[Mention] = []
    for m in order:
        if not any(m.start < k.end and k.start < m.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


spans = st.tuples(st.integers(0, 30), st.integers(0, 6), st.sampled_from(PRIORITY[:4]), st.sampled_from("ab"))


@given(st.lists(spans, max_size=25))
def test_same_mentions_kept_as_the_pairwise_scan(rows: list[tuple[int, int, str, str]]) -> None:
    mentions = [Mention("a", "zh", s, s + n, "x" * n, t, r) for s, n, t, r in rows]
    assert settle_overlaps(mentions) == _pairwise(mentions)
