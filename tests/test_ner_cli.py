"""kg ner: JSON Lines in, the same lines with character-offset entities out."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest


def run_ner(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", "ner", *args], input=stdin, capture_output=True, text=True, timeout=300
    )


def test_english_lines_get_typed_spans() -> None:
    line = {"id": "a", "text": "Mayor Li Ming visited the Wuhan Boiler Factory in Hubei."}

    result = run_ner("--lang", "en", stdin=json.dumps(line) + "\n")

    row = json.loads(result.stdout)
    found = {(row["text"][s:e], label) for s, e, label in row["entities"]}
    assert result.returncode == 0
    assert row["id"] == "a"
    assert {("Li Ming", "PER"), ("Wuhan Boiler Factory", "ORG"), ("Hubei", "LOC")} <= found


def test_chinese_file_in_file_out(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "z", "text": "国务院总理李鹏昨天在北京会见了日本客人。"}, ensure_ascii=False)
        + "\n",
        "utf-8",
    )

    result = run_ner(str(src), "--lang", "zh", "--out", str(tmp_path / "out.jsonl"))

    row = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))
    found = {(row["text"][s:e], label) for s, e, label in row["entities"]}
    assert result.returncode == 0, result.stderr
    assert ("李鹏", "PER") in found and ("北京", "LOC") in found


def test_bad_lines_are_named_and_skipped() -> None:
    good = json.dumps({"id": "a", "text": "Xinhua News Agency reported."})

    result = run_ner("--lang", "en", stdin=f'{good}\nnot json\n{{"id": 1}}\n')

    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    errors = result.stderr.splitlines()
    assert "line 2" in errors[0] and "line 3" in errors[1]
    assert "Traceback" not in result.stderr


def test_unknown_language_is_a_usage_error() -> None:
    result = run_ner("--lang", "fr", stdin=json.dumps({"id": "a", "text": "x"}) + "\n")

    assert result.returncode == 2
    assert "Unknown language 'fr'" in result.stderr


def _commands() -> list[str]:
    from kg.cli import app

    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.mark.parametrize("name", _commands())
def test_help_shows_the_whole_docstring(name: str) -> None:
    """Every word of each command's docstring reaches `kg CMD --help` (rich markup eats `[...]`)."""
    from typer.testing import CliRunner

    from kg.cli import app

    command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
    words = re.findall(r"[\w\"'|,.:;()-]+", (command.callback.__doc__ or "").split("\n\n")[0])
    shown = " ".join(CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"}).stdout.split())

    assert words and all(w in shown for w in words), [w for w in words if w not in shown]
