"""Regression floors on the wider set's checking half (issue 13): People's Daily articles of 1946–1989
annotated before any rule was written for them and never used to tune rules. The floors sit a little
under what bench/eval_wider.py measured when they were set; raise them as extraction improves, never
lower them to make a change pass."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Measured 2026-12-06, typed entity F1 / relation F1. Parts a and b (14 checking articles): check
# 0.534 / 0.228, zh-only 0.464 / 0.140. With parts c, d and e (27 checking articles) and the next
# session's rules: check 0.534 / 0.256, zh-only 0.490 / 0.203. 2026-12-07, after that session's rules:
# check 0.565 / 0.268, zh-only 0.506 / 0.234. 2026-12-07 (second session): parts f and g (20 articles of
# 1946, 1947, 1954, 1955, 1957, 1958, 1960 and 1989) were annotated and measured before that session's
# rules merged; their 8 checking articles join the half (35 in all). Parts a-e's half now scores
# 0.581 / 0.294, zh-only 0.514 / 0.232; the whole half 0.572 / 0.264, zh-only 0.502 / 0.193. The zh-only
# relation floor moves from 0.21 to 0.18 because the half grew with harder articles, not because any
# rule scores lower on the articles the old floor was measured on. 2026-12-07 (third session): parts h, i
# and j (30 articles of 1946, 1953, 1956, 1958, 1960, 1966 and 1989) were annotated and scored with the
# start-of-session code (0.561 / 0.223, zh-only 0.499 / 0.151) before that session's rules merged; their
# 13 checking articles join the half (48 in all), which the start code scores 0.550 / 0.273, zh-only
# 0.487 / 0.183, and the merged code 0.554 / 0.280, zh-only 0.498 / 0.201 (on the old 35 articles the
# merged code scores 0.572 / 0.261 against 0.572 / 0.264 before, zh-only 0.513 / 0.211 against 0.502 /
# 0.193). The bilingual typed floor moves from 0.55 to 0.54 because the grown half scores 0.550 with the
# start code, leaving no margin; both relation floors rise by 0.01. 2026-12-07 (fourth session): parts k
# and l (20 articles of 1953, 1954, 1955, 1958, 1960, 1966 and 1989) were annotated and scored with the
# start-of-session code (0.581 / 0.243, zh-only 0.532 / 0.187) before that session's rules merged; their 8
# checking articles join the half (56 in all), which the start code scores 0.557 / 0.270, zh-only
# 0.493 / 0.188, and the merged code 0.575 / 0.288, zh-only 0.509 / 0.207. All four floors rise by 0.01
# or more. 2026-12-07 (fifth session): parts m and n (20 articles of 1947–1955, 1957, 1959, 1966 and
# 1967) were annotated and scored with the start-of-session code (0.546 / 0.156, zh-only 0.470 / 0.124)
# before that session's rules merged; their 7 checking articles join the half (63 in all), which the start
# code scores 0.568 / 0.255, zh-only 0.492 / 0.193, and the merged code 0.574 / 0.256, zh-only
# 0.514 / 0.190. The relation floors move from 0.27 to 0.25 and from 0.20 to 0.18 because the grown half
# scores 0.255 and 0.193 with the start code (its new articles carry many more relations), not because any
# rule got worse; the zh-only typed floor rises to 0.50. 2026-12-07 (sixth session, no new part; rules read
# only the even-year tuning articles, the odd-year ones held out): check 0.574 / 0.256 -> 0.587 / 0.257,
# zh-only 0.514 / 0.190 -> 0.518 / 0.192; the bilingual typed floor rises to 0.57. 2026-12-07 (seventh
# session, no new part; rules read only the odd-year tuning articles): check 0.587 / 0.257 -> 0.607 / 0.254,
# zh-only 0.518 / 0.192 -> 0.521 / 0.197; the typed floors rise to 0.59 and 0.51. 2026-12-07 (eighth
# session): part o (10 articles of 1952-1960, 3 checking) annotated blind and scored whole with the
# start-of-session code (0.592 / 0.217, zh-only 0.544 / 0.174) before that session's rules merged; the half
# (66 articles) scores 0.608 / 0.265, zh-only 0.522 / 0.200 with the start code and 0.613 / 0.283, zh-only
# 0.534 / 0.227 with the merged code (rules read only fold A of the tune half, cut within each year); the
# floors rise to 0.60 / 0.27 and 0.52 / 0.21. 2026-12-07 (ninth session): part p (10 articles of 1946-1951, 4
# checking) annotated blind and scored whole with the start-of-session code (0.495 / 0.126, zh-only
# 0.461 / 0.093); the half (70 articles) scores 0.604 / 0.274, zh-only 0.531 / 0.219 with the start code and
# 0.603 / 0.275, zh-only 0.531 / 0.217 with the merged code. Chinese-only builds now find figures
# (kg/extract/zh/indicators.py): all-relation recall, figures included, 0.125 -> 0.236 zh-only (0.281
# bilingual), hence the third floor.
FLOORS = {False: (0.60, 0.27), True: (0.52, 0.21)}
RECALL_ALL_FLOORS = {False: 0.26, True: 0.21}  # relation recall with hasIndicator and holdsPost


def _eval_wider():
    spec = importlib.util.spec_from_file_location("eval_wider", ROOT / "bench" / "eval_wider.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("chinese_only", [False, True], ids=["bilingual", "zh-only"])
def test_checking_half_stays_above_the_floor(chinese_only: bool, tmp_path: Path) -> None:
    row = _eval_wider().measure("check", chinese_only, tmp_path)

    assert row["articles"] >= 70
    entity_floor, relation_floor = FLOORS[chinese_only]
    assert row["entity_typed_f1"] >= entity_floor
    assert row["relation_f1"] >= relation_floor
    assert row["relation_recall_all"] >= RECALL_ALL_FLOORS[chinese_only]
