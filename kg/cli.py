"""Command-line interface: thin wrappers that parse options, call ``kg`` functions and print.

Exit codes: 0 everything built / conforms; 1 some inputs skipped or the graph does not conform;
2 usage or fatal error (no readable input, bad Turtle, unknown query).
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.errors import Interrupted, KGError
from kg.interrupt import exit_interrupted, raise_interrupted
from kg.nlp import DEFAULT_MODEL
from kg.view_limit import DEFAULT_VIEW_LIMIT

app = typer.Typer(
    help="Turn People's Daily articles into a knowledge graph of actors, places and policies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with control characters (terminal escape sequences, line breaks, bidi overrides) shown as
    ``\\x1b``-style escapes: a file name or article text can't move the cursor or recolour the terminal."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                         else f"\\u{ord(m.group()):04x}", text)


def _fail(err: Exception | str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {terminal_safe(str(err))}", err=True)
    return typer.Exit(code)


@app.command("build")
def build_cli(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Article files or folders (read recursively).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the exports.")] = Path("exports"),
    model: Annotated[
        str, typer.Option(help="spaCy model package, or 'blank' for rules only.")
    ] = DEFAULT_MODEL,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Also write graph.html.")] = True,
    label_lang: Annotated[str, typer.Option(
        "--label-lang", help="Node labels in graph.html: en, zh or both (the page can switch).")] = "both",
    view_limit: Annotated[int, typer.Option(
        "--view-limit", help="graph.html draws at most this many entities, the best connected (0: all); "
        "its search finds the others too.")] = DEFAULT_VIEW_LIMIT,
    mentions: Annotated[bool, typer.Option(
        "--mentions/--no-mentions", help="Annotate every entity mention (about 3/4 of the quads).")] = True,
    workers: Annotated[
        int, typer.Option("--workers", "-j", help="Processes for extraction and for writing the exports.")
    ] = 1,
    engine: Annotated[str, typer.Option(help="Where extraction runs: local or dask.")] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (with --engine dask); default: a local cluster."),
    ] = None,
    cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Reuse per-article results from OUT/.kg-cache.")
    ] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    max_size: Annotated[
        float, typer.Option("--max-size", help="Skip input files larger than this many MB (10^6 bytes).")
    ] = 1.0,
    identities: Annotated[Path | None, typer.Option(
        "--identities", help="CSV of person merges and splits (docs/identity.md).")] = None,
) -> None:
    """Build exports/graph.ttl, the other serialisations and graph.html from a folder of articles.

    Unchanged articles are taken from the cache in OUT/.kg-cache, so a rebuild re-extracts only what
    changed. Bad files are named on stderr and skipped (exit 1); the rest still build. Files over
    --max-size are skipped unread; see docs/reliability.md for every limit.

    Example:

        kg build seeds/ --out exports/
        kg build archive/1989/ --out exports/1989 --workers 2
        kg build archive/1989-01/ --out shards/1989-01 --workers 2 --no-mentions --no-html
    """
    from kg.build import build

    if not (max_size > 0 and max_size < float("inf")):
        raise _fail(f"--max-size must be a positive number of MB, got {max_size}.")

    paths = inputs or [Path("seeds")]
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or not sys.stderr.isatty():
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="article", desc="extracting", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        report = build(
            paths,
            out,
            model=model,
            html=html,
            label_lang=label_lang,
            view_limit=view_limit,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            cache_dir=out / ".kg-cache" if cache else None,
            progress=progress,
            max_bytes=int(max_size * 1_000_000),
            mentions=mentions,
            identities=identities,
        )
    except KGError as err:
        raise _fail(err) from None
    except OSError as err:  # the output side: a file where the folder should be, no permission, disk full
        path = err.filename2 or err.filename  # os.replace(tmp, target): the target, not the temporary file
        where = f"{path}: " if path else ""
        raise _fail(f"can't write the build output: {where}{err.strerror or err}") from None
    except (KeyboardInterrupt, Interrupted):
        if bar is not None:
            bar.close()
        exit_interrupted("interrupted; the previous exports are unchanged")
    finally:
        if bar is not None:
            bar.close()
    for problem in report.skipped:
        typer.echo(f"skipped: {terminal_safe(str(problem))}", err=True)
    for warning in report.warnings:
        typer.echo(f"warning: {terminal_safe(warning)}", err=True)
    if not quiet:
        typer.echo(report.summary())
        for path in report.outputs:
            typer.echo(f"wrote {path}")
    raise typer.Exit(1 if report.skipped else 0)


@app.command("rules")
def rules_cli() -> None:
    """List the registered extraction rules and the lexicon files they use.

    Example:

        kg rules
    """
    import kg.extract  # noqa: F401
    from kg.extract.registry import RULES

    for name, rule in sorted(RULES.items()):
        typer.echo(f"{rule.stage:10} {name:36} {rule.doc}")


def _register_commands() -> None:
    """Import every module of ``kg.commands`` so their ``@app.command`` run."""
    import importlib
    import pkgutil

    import kg.commands

    for info in sorted(pkgutil.iter_modules(kg.commands.__path__), key=lambda i: i.name):
        importlib.import_module(f"kg.commands.{info.name}")


_register_commands()


def main() -> None:
    """Console-script entry point (``kg.entry.main`` wraps it so that start-up is covered too)."""
    import signal

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # an old console script: cover it
        signal.signal(signal.SIGINT, raise_interrupted)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KGError as err:  # pragma: no cover - commands catch their own
        typer.echo(f"error: {err}", err=True)
        sys.exit(2)
    except Interrupted:
        exit_interrupted()


if __name__ == "__main__":
    main()
