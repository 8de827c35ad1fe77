"""The Chinese NER's CRF arithmetic, compiled by numba: state scores from attribute ids, and the Viterbi.

CRFsuite's own arithmetic, in its order (``crf1dt_state_score`` and ``crf1d_viterbi`` in CRFsuite's
``crf1d_tag.c`` and ``crf1d_context.c``): a state score is 0 plus each attribute's weight in the order
the attributes are given; the best predecessor is the first with the highest score. Without fast-math
the compiled code does the same float operations, so the tags are ``pycrfsuite.Tagger.tag``'s
(``tests/test_zh_ner.py`` compares them). The n-gram attributes are found in a hash table of the
model's (template, key) pairs (the one-character ones by a row per character), and the word attributes
spread over the characters, in compiled loops. :func:`compiled` also compiles jieba's POS HMM
(``kg.pos_hmm``). Imported only when Chinese is segmented or tagged (numba is slow to import); compiled
once and kept in numba's cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numba
import numpy as np


def compiled(func: Callable[..., Any]) -> Any:
    """``func`` compiled, kept in numba's cache (beside this file, else in the user's cache folder);
    compiled anew in each process where neither can be written."""
    try:
        return numba.njit(cache=True, nogil=True)(func)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        return numba.njit(nogil=True)(func)


@compiled
def state_scores(weights: np.ndarray, ids: np.ndarray, cue_at: np.ndarray, cue_ids: np.ndarray,
                 ) -> np.ndarray:  # pragma: no cover  (compiled)
    """Positions x labels: the weight rows of ``ids`` (attributes x positions) summed in attribute order,
    then those of ``cue_ids`` at positions ``cue_at`` in their order."""
    k, n = ids.shape
    labels = weights.shape[1]
    unknown = weights.shape[0] - 1  # the row of zeros of an attribute the model does not know: skipped
    out = np.zeros((n, labels))
    for t in range(n):
        for a in range(k):
            row = ids[a, t]
            if row == unknown:
                continue
            for j in range(labels):
                out[t, j] += weights[row, j]
    for m in range(cue_at.shape[0]):
        row, t = cue_ids[m], cue_at[m]
        for j in range(labels):
            out[t, j] += weights[row, j]
    return out


@compiled
def viterbi(state: np.ndarray, trans: np.ndarray) -> np.ndarray:  # pragma: no cover  (compiled)
    """The best label ids for the state scores of one sequence (positions x labels, at least one)."""
    n, labels = state.shape
    back = np.zeros((n, labels), dtype=np.int32)
    cur = state[0].copy()
    nxt = np.empty(labels)
    for t in range(1, n):
        for j in range(labels):
            best = -np.inf
            arg = 0
            for i in range(labels):
                score = cur[i] + trans[i, j]
                if best < score:
                    best = score
                    arg = i
            back[t, j] = arg
            nxt[j] = best + state[t, j]
        cur[:] = nxt
    path = np.zeros(n, dtype=np.int32)
    best = -np.inf
    for i in range(labels):
        if best < cur[i]:
            best = cur[i]
            path[n - 1] = i
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


_EMPTY = -1  # a free slot of a key table (keys are packed code points: never negative)


@compiled
def _slot(key: int, template: int, bits: int) -> int:  # pragma: no cover  (compiled)
    mixed = np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)
    mixed ^= np.uint64(template) * np.uint64(0xC2B2AE3D27D4EB4F)
    return np.int64(mixed >> np.uint64(64 - bits))


@compiled
def key_table(keys: np.ndarray, templates: np.ndarray, ids: np.ndarray, bits: int,
              ) -> np.ndarray:  # pragma: no cover  (compiled)
    """An open-addressing table of ``2**bits`` slots, each ``(key, template << 32 | id)`` of one of the
    (distinct) (template, key) pairs (keys >= 0; a free slot's key is -1): a probe reads one slot, the
    key and its id side by side (the table is cold at each text: one cache line a probe, not three)."""
    size = 1 << bits
    slots = np.full((size, 2), _EMPTY, dtype=np.int64)
    for i in range(keys.shape[0]):
        s = _slot(keys[i], templates[i], bits)
        while slots[s, 0] != _EMPTY:
            s = (s + 1) & (size - 1)
        slots[s, 0] = keys[i]
        slots[s, 1] = (templates[i] << 32) | ids[i]
    return slots


@compiled
def _find(slots: np.ndarray, key: int, template: int, bits: int, missing: int,
          ) -> int:  # pragma: no cover  (compiled)
    """The id of (template, key) in a :func:`key_table`, else ``missing``."""
    s = _slot(key, template, bits)
    while slots[s, 0] != _EMPTY:
        if slots[s, 0] == key and slots[s, 1] >> 32 == template:
            return slots[s, 1] & 0xFFFFFFFF
        s = (s + 1) & ((1 << bits) - 1)
    return missing


@compiled
def ngram_ids(code: np.ndarray, cls: np.ndarray, spec: np.ndarray, slots: np.ndarray, bits: int,
              char_slots: np.ndarray, char_bits: int, unigrams: np.ndarray, missing: int,
              ) -> np.ndarray:  # pragma: no cover  (compiled)
    """Templates x positions: the attribute id of each n-gram template at each position (``missing`` where
    the model does not know it). ``spec`` row j: the source (0: ``code``, 1: ``cls``), the width (1 to 3)
    and the offsets of template j's code points, packed 21 bits each (``(a << 21 | b) << 21 | c``) and
    found in the hash table of the model's (template, key) pairs (:func:`key_table`). The one-character
    templates of ``code`` read a row of ``unigrams`` (its ids by template; the last row: none), found once
    per character in ``char_slots``, not once per template."""
    n = cls.shape[0] - 2
    none = unigrams.shape[0] - 1
    rows = np.empty(code.shape[0], dtype=np.int64)
    for p in range(code.shape[0]):
        rows[p] = _find(char_slots, code[p], 0, char_bits, none)
    out = np.empty((spec.shape[0], n), dtype=np.int32)
    for j in range(spec.shape[0]):
        source, width = spec[j, 0], spec[j, 1]
        if source == 0 and width == 1:
            for t in range(n):
                out[j, t] = unigrams[rows[t + spec[j, 2]], j]
            continue
        for t in range(n):
            key = np.int64(0)
            for k in range(width):
                c = code[t + spec[j, 2 + k]] if source == 0 else cls[t + spec[j, 2 + k]]
                key = (key << 21) | c
            out[j, t] = _find(slots, key, j, bits, missing)
    return out


@compiled
def with_gaps(starts: np.ndarray, ends: np.ndarray, n: int, ti: np.ndarray, wid: np.ndarray, gap_tag: int,
              gap_id: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover  (compiled)
    """The words' lengths, tag numbers and ``w=`` ids with a one-character word (``gap_tag``, ``gap_id``)
    for each character of ``[0, n)`` no word covers (``kg.zh_ner._with_gaps``)."""
    words = starts.shape[0]
    size = words + n - (ends - starts).sum()
    lens, tags = np.ones(size, np.int64), np.full(size, gap_tag, np.int64)
    ids = np.full(size, gap_id, np.int32)
    w, pos = 0, 0
    for k in range(words + 1):
        nxt = starts[k] if k < words else n
        w += max(nxt - pos, 0)  # the gap's characters, one word each
        if k < words:
            lens[w], tags[w], ids[w] = ends[k] - starts[k], ti[k], wid[k]
            w += 1
            pos = ends[k]
    return lens, tags, ids


@compiled
def word_columns(lens: np.ndarray, ti: np.ndarray, wid: np.ndarray, start_tag: int,
                 end_tag: int, shape: np.ndarray, tag_shape: np.ndarray, tag: np.ndarray, prev: np.ndarray,
                 nxt: np.ndarray, prev_pair: np.ndarray, next_pair: np.ndarray,
                 ) -> np.ndarray:  # pragma: no cover  (compiled)
    """The NER's word attributes (``kg.zh_ner._word_ids``), 8 x characters: the place in the word with its
    length bucket (alone, then with the word's tag), then the word's tag, ``w=`` id (``wid``), the tags
    before and after it and their pairs with its own, spread over its characters. The words (``lens``
    characters each, tag numbers ``ti``) cover the characters in order, without gaps."""
    words = lens.shape[0]
    out = np.empty((8, lens.sum()), dtype=np.int32)
    p = 0
    for w in range(words):
        k, t = lens[w], ti[w]
        before = ti[w - 1] if w > 0 else start_tag
        after = ti[w + 1] if w + 1 < words else end_tag
        bucket = min(k, 4)
        a, b, c, d = tag[t], prev[before], nxt[after], prev_pair[before, t]
        e = next_pair[t, after]
        for at in range(k):
            kind = 0 if k == 1 else 1 if at == 0 else 3 if at == k - 1 else 2  # zh_ner._S, _B, _E, _M
            out[0, p] = shape[bucket, kind]
            out[1, p] = tag_shape[t, bucket, kind]
            out[2, p] = a
            out[3, p] = wid[w]
            out[4, p] = b
            out[5, p] = c
            out[6, p] = d
            out[7, p] = e
            p += 1
    return out
