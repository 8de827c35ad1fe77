"""More ``kg`` subcommands, one module each; ``kg.cli`` imports every module here.

A module adds its command with ``from kg.cli import app`` and ``@app.command("name")``.
"""
