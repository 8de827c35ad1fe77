"""Issue 17 on the build side: bounded evidence and sentences, the per-article guard, the low items
(UTF-32, terminal escapes, exact sizes, far dates). Real spaCy model, real forks, real `kg build`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import pipeline
from kg.corpus import _size, read_article
from kg.errors import ArticleError
from kg.forks import LimitError, run_guarded
from kg.records import EVIDENCE_CHARS, Article, evidence_window
from kg.zhdoc import MAX_SENTENCE_CHARS, split_sentences

from .conftest import ROOT

SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
RUN_ON = ("the provincial committee and the municipal government of the city discussed the plan for the "
          "reform of the enterprises with the workers and the managers of the factories, ")


def test_evidence_is_a_window_around_the_fact() -> None:
    text = "x " * 5000
    short = evidence_window(text, (10, 400), (100, 110))
    long = evidence_window(text, (0, 10000), (5000, 5010))
    edge = evidence_window(text, (0, 10000), (2, 12))

    assert short == (10, 400)
    assert long[0] <= 5000 and long[1] >= 5010 and long[1] - long[0] <= EVIDENCE_CHARS
    assert edge[0] == 0 and edge[1] - edge[0] <= EVIDENCE_CHARS


def test_a_run_on_english_article_has_bounded_sentences_and_evidence(nlp) -> None:
    """20,000 characters without a full stop: sentences are cut, every fact's evidence stays short."""
    body = "Mayor Wang Hua of Hangzhou City visited a silk factory in Zhejiang, " + RUN_ON * 120
    article = Article(id="run-on", source="run-on.txt", sha256="", body_en=body, date="1989-01-01")
    doc = nlp(body)
    result = next(pipeline.extract([article], nlp))
    texts = [r.evidence.text for r in result.relations] + [o.evidence.text for o in result.observations]

    assert max(len(s) for s in doc.sents) <= 201
    assert len(list(doc.sents)) >= 15
    assert not result.error
    assert all(len(t) <= EVIDENCE_CHARS for t in texts)


def test_a_run_on_chinese_sentence_is_cut_at_commas() -> None:
    text = "工厂的工人和干部讨论了改革的计划，" * 300
    spans = split_sentences(text)

    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS
    assert all(text[e - 1] == "，" for _, e in spans[:-1])
    assert "".join(text[s:e] for s, e in spans) == text


def test_run_guarded_returns_results_and_kills_what_runs_away() -> None:
    assert run_guarded(lambda: sum(range(1000)), max_rss=2 * 10**9, max_seconds=30) == 499500
    started = time.monotonic()
    with pytest.raises(LimitError, match="needed more than 200 MB of memory"):
        run_guarded(lambda: [bytearray(50 * 2**20) for _ in range(40)], max_rss=2 * 10**8, max_seconds=60)
    with pytest.raises(LimitError, match="took longer than 1 s"):
        run_guarded(lambda: time.sleep(30), max_rss=2 * 10**9, max_seconds=1)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        run_guarded(lambda: 1 / 0, max_rss=2 * 10**9, max_seconds=30)
    assert time.monotonic() - started < 20


def test_a_runaway_article_is_one_skip_and_the_others_extract(nlp, monkeypatch) -> None:
    """Past the guard's memory limit (lowered here so that a 68,400-character article passes it), the
    article is an error result and the short one beside it is extracted."""
    monkeypatch.setattr(pipeline, "GUARD_RSS", 10**6)
    long = Article(id="long", source="long.txt", sha256="", body_en=RUN_ON * 400, date="1989-01-01")
    short = Article(id="short", source="short.txt", sha256="", date="1989-01-01",
                    body_en="Wang Hua, mayor of Hangzhou City, visited a silk factory in Zhejiang.")
    results = list(pipeline.extract([long, short], nlp))

    assert pipeline.guarded(long) and not pipeline.guarded(short)
    assert results[0].error.startswith("extraction needed more than 1 MB of memory (68,400 characters)")
    assert not results[1].error and results[1].entities


def test_sizes_are_exact(tmp_path: Path) -> None:
    over = tmp_path / "over.txt"
    over.write_bytes(b"x" * 1_001_000)

    assert _size(1_001_000) == "1,001,000 bytes" and _size(52_400_000) == "52.4 MB"
    assert _size(1_000_000) == "1 MB" and _size(812_000) == "812 kB"
    with pytest.raises(ArticleError, match=r"file is 1,001,000 bytes, over the 1 MB limit"):
        read_article(over)


def test_utf32_is_decoded(tmp_path: Path) -> None:
    text = SEED.read_text("utf-8")
    for codec in ("utf-32", "utf-32-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(("\ufeff" + text).encode(codec) if codec.endswith("be") else text.encode(codec))
        article = read_article(path, max_bytes=10**7)

        assert "\x00" not in article.body_en + article.body_zh and article.body_en
        assert article.warnings == ("decoded as UTF-32",)


def test_bad_names_dates_and_escapes_on_the_command_line(tmp_path: Path) -> None:
    """kg build: escapes in a file name and in article text are shown as \\x1b, a far date is a warning."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    (folder / "esc\x1b[2Jname.txt").write_text("Title: x\nDate: 1989-02-30\x1b[31m\n\nBody text.\n")
    (folder / "future.txt").write_text("Title: x\nDate: 9999-12-31\n\nThe mayor spoke.\n")
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--out", str(tmp_path / "out"),
                           "--model", "blank", "--no-html", "--no-cache", "--quiet"],
                          capture_output=True, text=True, timeout=600)
    lines = done.stderr.strip().splitlines()

    assert done.returncode == 1, done.stderr
    assert "\x1b" not in done.stderr
    assert any(line.startswith("skipped: ") and "esc\\x1b[2Jname.txt" in line and "\\x1b[31m" in line
               for line in lines), lines
    assert any(line.startswith("warning: ") and "future.txt: date 9999-12-31 is in the future" in line
               for line in lines), lines
    assert len(lines) == 2


def _interrupted_build(tmp_path: Path, when: str) -> tuple[int | None, str, float]:
    """(exit code, stderr, seconds from SIGINT to exit) of `kg build --workers 2` on 16 articles, with
    SIGINT sent to its process group at start-up or once its two extraction workers run."""
    import signal

    import psutil

    folder = tmp_path / f"in-{when}"
    folder.mkdir()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(16):
        (folder / f"a{i:02d}.txt").write_bytes(seeds[i % len(seeds)].read_bytes())
    args = ["build", str(folder), "--out", str(tmp_path / when), "--workers", "2", "--no-cache", "--no-html"]
    process = subprocess.Popen([sys.executable, "-m", "kg", *args, "--quiet"], stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    deadline = time.monotonic() + 300
    if when == "start-up":
        time.sleep(0.3)
    else:
        while len(psutil.Process(process.pid).children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return None, process.communicate()[1], 60.0
    return process.returncode, err, time.monotonic() - sent


@pytest.mark.parametrize("when", ["start-up", "workers"])
def test_ctrl_c_is_one_line_and_exit_130(tmp_path: Path, when: str) -> None:
    """A group SIGINT, as a terminal sends it (bench/bench_interrupt.py does 50 at random moments)."""
    code, err, took = _interrupted_build(tmp_path, when)

    assert code == 130, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: interrupted"), err
    assert took < 30


def test_output_that_cannot_be_written_is_no_success(tmp_path: Path) -> None:
    """kg.entry ends a finished command with os._exit after flushing stdout: a disk full (/dev/full) is one
    line and code 2, a reader gone is code 1 (as typer's), never 0 with the output lost."""
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "李鹏在北京会见了客人。"}\n', encoding="utf-8")
    command = [sys.executable, "-m", "kg", "ner", str(source), "--lang", "zh"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout block-buffered

    with open("/dev/full", "wb") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "error: can't write the standard output: No space left on device\n"

    reader, writer = os.pipe()
    os.close(reader)  # the reader left before anything was written
    try:
        gone = subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
    finally:
        os.close(writer)
    assert gone.returncode == 1 and gone.stderr == "", gone.stderr


def test_a_write_error_the_command_does_not_catch_is_one_line(tmp_path: Path) -> None:
    """kg query's table written to a full disk fails inside the command (not at the final flush): one line,
    code 2, no traceback."""
    graph = tmp_path / "g.ttl"
    graph.write_text('<http://example.org/a> <http://example.org/p> "x" .\n', encoding="utf-8")
    command = [sys.executable, "-m", "kg", "query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(graph)]

    with open("/dev/full", "wb") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == "error: can't write the standard output: No space left on device"
    assert "Traceback" not in done.stderr

    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "李鹏在北京会见了客人。"}\n', encoding="utf-8")
    ner_full = [sys.executable, "-m", "kg", "ner", str(source), "--lang", "zh", "--out", "/dev/full"]
    ner = subprocess.run(ner_full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert ner.returncode == 2, ner.stderr
    assert ner.stderr == "error: can't write /dev/full: No space left on device\n"


def test_a_command_started_with_its_stdout_closed_ends_cleanly() -> None:
    """`kg lexicons >&-`: Python's sys.stdout is None; the fast exit has nothing to flush (no traceback)."""
    done = subprocess.run(["sh", "-c", 'exec "$0" -m kg lexicons >&-', sys.executable],
                          stderr=subprocess.PIPE, text=True, timeout=300)

    assert done.returncode == 0 and done.stderr == "", done.stderr
