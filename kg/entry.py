"""The ``kg`` command's entry point: a Ctrl-C at any moment (start-up, any phase, any ``--workers``) ends it
with one line on stderr and exit code 130, never a traceback or a hang (the handler: kg/interrupt.py).
"""

from __future__ import annotations

import signal

from kg.errors import Interrupted
from kg.interrupt import exit_interrupted, raise_interrupted


def main() -> None:
    """Console-script entry point: ``kg.cli.main`` under kg's SIGINT handler."""
    signal.signal(signal.SIGINT, raise_interrupted)
    try:
        from kg.cli import main as cli_main

        cli_main()
    except Interrupted:
        exit_interrupted()
