"""``kg ner``: tag persons, places and organisations in JSON Lines."""

from __future__ import annotations

import contextlib
import json
import sys
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.errors import KGError

BATCH = 256


@app.command("ner")
def ner_cli(
    source: Annotated[
        Path | None, typer.Argument(help="JSON Lines file; standard input when omitted.")
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of the texts: zh or en.")] = "zh",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Tag each {"id", "text"} line: add "entities", a list of (start, end, label) triples.

    Labels are PER, LOC and ORG; offsets are characters, end exclusive (written as JSON arrays).
    Bad lines are named on stderr and skipped (exit 1).

    Example:

        kg ner --lang zh < articles.jsonl > tagged.jsonl
        kg ner ../shared/data/pd98-dev.jsonl --lang zh --out pred.jsonl
    """
    from kg.ner import BadLine, read_lines, recognize

    if source is not None and not source.is_file():
        typer.echo(f"error: {source}: no such file", err=True)
        raise typer.Exit(2)
    name = str(source) if source else "<stdin>"
    fh = source.open(encoding="utf-8") if source else sys.stdin
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    bad = 0
    try:
        rows = read_lines(fh)
        while batch := list(islice(rows, BATCH)):
            good = [r for r in batch if not isinstance(r, BadLine)]
            for r in batch:
                if isinstance(r, BadLine):
                    bad += 1
                    typer.echo(f"skipped: {name}: line {r.number}: {r.problem}", err=True)
            for row, spans in zip(good, recognize([r["text"] for r in good], lang), strict=True):
                row["entities"] = [list(s) for s in spans]
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
        sink.flush()
    except KGError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    except UnicodeDecodeError as err:
        typer.echo(f"error: {name}: not UTF-8 text ({err.reason} at byte {err.start})", err=True)
        raise typer.Exit(2) from None
    except OSError as err:
        if out is None:
            raise  # the standard output's: kg.entry says so
        typer.echo(f"error: can't write {out}: {err.strerror or err}", err=True)
        raise typer.Exit(2) from None
    finally:
        if source:
            fh.close()
        if out:
            with contextlib.suppress(OSError):  # what it could not write is reported above
                sink.close()
    raise typer.Exit(1 if bad else 0)
