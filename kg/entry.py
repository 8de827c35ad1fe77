"""The ``kg`` command's entry point: a Ctrl-C at any moment (start-up, any phase, any ``--workers``) ends it
with one line on stderr and exit code 130, never a traceback or a hang.

SIGINT raises :class:`kg.errors.Interrupted` in the main thread and is then ignored, so a second Ctrl-C
does not cut the clean-up short; worker processes ignore SIGINT and are terminated by the parent
(kg/forks.py). After the clean-up the process ends with ``os._exit``, so no worker-pool thread can hold
the exit up.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

from kg.errors import Interrupted


def _interrupt(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise Interrupted


def exit_interrupted(message: str = "interrupted") -> None:
    """Print ``error: MESSAGE`` and end the process with 130 at once."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    try:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(130)


def main() -> None:
    """Console-script entry point: ``kg.cli.main`` under kg's SIGINT handler."""
    signal.signal(signal.SIGINT, _interrupt)
    try:
        from kg.cli import main as cli_main

        cli_main()
    except Interrupted:
        exit_interrupted()
