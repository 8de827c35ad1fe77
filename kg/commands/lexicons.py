"""``kg lexicons``: the lexicon files the rules read, with their entry counts and what each holds."""

from __future__ import annotations

from collections import Counter

import typer

from kg.cli import app


@app.command("lexicons")
def lexicons_cli() -> None:
    """List the lexicon files in kg/lexicons/ with their entry counts, and the rule families by stage.

    Example:

        kg lexicons
    """
    import kg.extract  # noqa: F401
    from kg.extract.registry import RULES
    from kg.lexicon import LEXICON_DIR

    for path in sorted(LEXICON_DIR.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
        if path.name == "gazetteer.tsv":
            rows = rows[1:]  # its header row
        about = next((ln.lstrip("# ").strip() for ln in lines if ln.startswith("#")), "gazetteer of places")
        typer.echo(f"{path.name:22} {len(rows):6}  {about[:80]}")
    families = Counter((r.lang, r.stage) for r in RULES.values())
    typer.echo("rules: " + ", ".join(f"{lang} {stage} {n}" for (lang, stage), n in sorted(families.items())))
