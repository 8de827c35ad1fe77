"""jieba's POS HMM for runs of characters its dictionary does not know, compiled by numba.

``jieba/posseg/viterbi.py`` in the same float operations (a score is ``(previous + transition) +
emission``, a missing transition ``-inf``, a missing emission ``-3.14e100``) and the same choices: the
states a character may take (all when it has none, those the previous states can reach, else all those
reachable, else every state), and ties won by the greatest state, as ``max`` over ``(score, state)``
tuples picks it. The states are numbered in sorted order, so "greatest" is the greatest number.
``tests/test_posseg.py`` compares the paths with jieba's own Viterbi.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kg.crf_kernels import compiled

MIN_FLOAT = -3.14e100  # jieba's score of a character a state never emits
_CODE_POINTS = 0x10000  # jieba's Han characters are all in the Basic Multilingual Plane


@compiled
def _viterbi(cps: np.ndarray, start: np.ndarray, trans: np.ndarray, linked: np.ndarray,
             has_next: np.ndarray, char_id: np.ndarray, emit_ptr: np.ndarray, emit_state: np.ndarray,
             emit_prob: np.ndarray, cand_ptr: np.ndarray, cand_state: np.ndarray,
             ) -> np.ndarray:  # pragma: no cover  (compiled)
    """The state numbers of jieba's best path through the code points ``cps`` (at least one)."""
    n = cps.shape[0]
    s_count = start.shape[0]
    unknown = emit_ptr.shape[0] - 2  # the id of a character no table has: no emissions, every state
    score = np.full((n, s_count), -np.inf)
    alive = np.zeros((n, s_count), dtype=np.bool_)
    back = np.zeros((n, s_count), dtype=np.int32)
    emit = np.full(s_count, MIN_FLOAT)
    obs = np.zeros(s_count, dtype=np.bool_)
    expected = np.zeros(s_count, dtype=np.bool_)
    prev = np.zeros(s_count, dtype=np.int32)
    for t in range(n):
        c = cps[t]
        cid = char_id[c] if c < char_id.shape[0] else unknown
        emit[:] = MIN_FLOAT
        for k in range(emit_ptr[cid], emit_ptr[cid + 1]):
            emit[emit_state[k]] = emit_prob[k]
        obs[:] = False
        if cand_ptr[cid] == cand_ptr[cid + 1]:
            obs[:] = True
        else:
            for k in range(cand_ptr[cid], cand_ptr[cid + 1]):
                obs[cand_state[k]] = True
        if t == 0:
            for y in range(s_count):
                if obs[y]:
                    score[0, y] = start[y] + emit[y]
                    alive[0, y] = True
            continue
        n_prev = 0
        expected[:] = False
        for x in range(s_count):
            if alive[t - 1, x] and has_next[x]:
                prev[n_prev] = x
                n_prev += 1
                for y in range(s_count):
                    if linked[x, y]:
                        expected[y] = True
        if n_prev == 0:
            raise ValueError("max() arg is an empty sequence")  # as jieba's Viterbi fails
        any_obs = False
        for y in range(s_count):
            obs[y] = obs[y] and expected[y]
            any_obs = any_obs or obs[y]
        if not any_obs:
            any_expected = False
            for y in range(s_count):
                obs[y] = expected[y]
                any_expected = any_expected or expected[y]
            if not any_expected:
                obs[:] = True
        for y in range(s_count):
            if not obs[y]:
                continue
            best = score[t - 1, prev[0]] + trans[prev[0], y] + emit[y]
            arg = prev[0]
            for k in range(1, n_prev):
                x = prev[k]
                value = score[t - 1, x] + trans[x, y] + emit[y]
                if value >= best:  # a tie goes to the greater state, as max() of (score, state)
                    best = value
                    arg = x
            score[t, y] = best
            back[t, y] = arg
            alive[t, y] = True
    route = np.zeros(n, dtype=np.int32)
    best = -np.inf
    arg = -1
    for y in range(s_count):
        if alive[n - 1, y] and (arg < 0 or score[n - 1, y] >= best):
            best = score[n - 1, y]
            arg = y
    route[n - 1] = arg
    for t in range(n - 1, 0, -1):
        route[t - 1] = back[t, route[t]]
    return route


@compiled
def _words(route: np.ndarray, begins: np.ndarray) -> np.ndarray:  # pragma: no cover  (compiled)
    """(start, end, state) rows of the words jieba's ``POSTokenizer.__cut`` reads off a route: a word
    ends at an E or S state and starts at the last B (or at the start); a last open word keeps the
    state of its first character."""
    n = route.shape[0]
    out = np.zeros((n, 3), dtype=np.int32)
    m = begin = done = 0
    for i in range(n):
        y = route[i]
        kind = begins[y]
        if kind == 0:
            begin = i
        elif kind == 2 or kind == 3:
            out[m, 0] = begin if kind == 2 else i
            out[m, 1] = i + 1
            out[m, 2] = y
            m += 1
            done = i + 1
    if done < n:
        out[m, 0] = done
        out[m, 1] = n
        out[m, 2] = route[done]
        m += 1
    return out[:m]


@compiled
def _cut(cps: np.ndarray, start: np.ndarray, trans: np.ndarray, linked: np.ndarray, has_next: np.ndarray,
         char_id: np.ndarray, emit_ptr: np.ndarray, emit_state: np.ndarray, emit_prob: np.ndarray,
         cand_ptr: np.ndarray, cand_state: np.ndarray, kinds: np.ndarray,
         ) -> np.ndarray:  # pragma: no cover  (compiled)
    """:func:`_words` of :func:`_viterbi`'s route, in one call (one compiled function to load)."""
    route = _viterbi(cps, start, trans, linked, has_next, char_id, emit_ptr, emit_state, emit_prob,
                     cand_ptr, cand_state)
    return _words(route, kinds)


_KIND = {"B": 0, "M": 1, "E": 2, "S": 3}
_ARRAYS = ("start", "trans", "linked", "has_next", "char_id", "emit_ptr", "emit_state", "emit_prob",
           "cand_ptr", "cand_state", "kinds")  # the tables, in the kernels' order
_HMM_FILES = ("prob_start.p", "prob_trans.p", "prob_emit.p", "char_state_tab.p")


def load_pos_hmm() -> PosHmm:
    """jieba's POS HMM from ``jieba_fast_dat``'s pickles (jieba's own tables), its arrays kept between
    processes (``kg.table_cache``: 0.2 s to make from the pickles)."""
    import pickle
    from importlib.resources import files
    from pathlib import Path

    from kg.table_cache import cached

    data = [(files("jieba_fast_dat.posseg") / name).read_bytes() for name in _HMM_FILES]

    def build() -> dict[str, Any]:
        return PosHmm.from_tables(*(pickle.loads(d) for d in data)).to_marshal()

    key = b"|".join([*data, Path(__file__).read_bytes()])
    return PosHmm(cached("jieba-pos-hmm", key, build, check=_well_formed))


def _well_formed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {*_ARRAYS, "states"}


class PosHmm:
    """jieba's POS HMM tables (start, transitions, emissions, each character's states) as arrays, by
    name (:data:`_ARRAYS`, and ``states``: the sorted (B/M/E/S, tag) states the numbers stand for)."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.states = [tuple(y) for y in tables["states"]]
        self._arrays = {name: tables[name] if isinstance(tables[name], np.ndarray) else _array(tables[name])
                        for name in _ARRAYS}
        self._args = [self._arrays[name] for name in _ARRAYS]
        self._tags = [y[1] for y in self.states]

    @classmethod
    def from_tables(cls, start_p: dict, trans_p: dict, emit_p: dict, char_states: dict) -> PosHmm:
        """The arrays of jieba's tables (``jieba/posseg``'s four dicts)."""
        states = sorted(trans_p)
        number = {y: i for i, y in enumerate(states)}
        chars = sorted(set().union(*emit_p.values(), char_states))
        char_number = {ch: i for i, ch in enumerate(chars)}
        trans = np.full((len(states), len(states)), -np.inf)
        linked = np.zeros((len(states), len(states)), dtype=np.bool_)
        for x, row in trans_p.items():
            for y, p in row.items():
                trans[number[x], number[y]] = p
                linked[number[x], number[y]] = True
        char_id = np.full(_CODE_POINTS, len(chars), dtype=np.int32)
        for ch, i in char_number.items():
            if ord(ch) < _CODE_POINTS:
                char_id[ord(ch)] = i
        emitted: list[list[tuple[int, float]]] = [[] for _ in range(len(chars) + 1)]
        for y, row in emit_p.items():
            for ch, p in row.items():
                emitted[char_number[ch]].append((number[y], p))
        emit_ptr, emit_state, emit_prob = _csr(emitted)
        allowed: list[list[tuple[int, float]]] = [[] for _ in range(len(chars) + 1)]
        for ch, ys in char_states.items():
            allowed[char_number[ch]] = [(number[y], 0.0) for y in ys]
        cand_ptr, cand_state, _ = _csr(allowed)
        return cls({
            "states": states, "start": np.array([start_p[y] for y in states]), "trans": trans,
            "linked": linked, "has_next": np.array([bool(trans_p[y]) for y in states]), "char_id": char_id,
            "emit_ptr": emit_ptr, "emit_state": emit_state, "emit_prob": emit_prob, "cand_ptr": cand_ptr,
            "cand_state": cand_state, "kinds": np.array([_KIND[y[0]] for y in states], dtype=np.int8),
        })

    def to_marshal(self) -> dict[str, Any]:
        """The tables as marshallable values: each array as (dtype, shape, bytes)."""
        out: dict[str, Any] = {name: (a.dtype.str, a.shape, a.tobytes()) for name, a in self._arrays.items()}
        out["states"] = [tuple(y) for y in self.states]
        return out

    def route(self, obs: str, start: np.ndarray | None = None) -> list[Any]:
        """The states of jieba's best path through ``obs`` (from ``start``, by default jieba's)."""
        args = self._args[:-1]
        if start is not None:
            args[0] = start
        path = _viterbi(_code_points(obs), *args)
        return [self.states[y] for y in path]

    def start_vector(self, start_p: dict) -> np.ndarray:
        """A start table (state -> score) as the array :meth:`route` takes."""
        return np.array([start_p[y] for y in self.states])

    def cut(self, obs: str) -> list[tuple[str, str]]:
        """(word, tag) pairs of a run of Han characters: ``jieba.posseg.POSTokenizer.__cut``."""
        tags = self._tags
        return [(obs[a:b], tags[y]) for a, b, y in _cut(_code_points(obs), *self._args).tolist()]


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _array(packed: tuple[str, tuple[int, ...], bytes]) -> np.ndarray:
    dtype, shape, data = packed
    return np.frombuffer(bytearray(data), dtype=np.dtype(dtype)).reshape(shape)  # writable: one signature


def _csr(rows: list[list[tuple[int, float]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pointers, state numbers and scores of per-character lists (compressed sparse rows)."""
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    flat = [pair for r in rows for pair in r]
    return (ptr, np.array([y for y, _ in flat], dtype=np.int32),
            np.array([p for _, p in flat], dtype=np.float64))
