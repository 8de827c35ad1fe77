"""Ctrl-C in the ``kg`` command: the SIGINT handler and the clean exit with code 130.

SIGINT raises :class:`kg.errors.Interrupted` in the main thread and is then ignored, so a second Ctrl-C
does not cut the clean-up short; worker processes ignore SIGINT and are terminated by the parent
(kg/forks.py). After the clean-up the process ends with ``os._exit``, so no worker-pool thread can hold
the exit up. Used by both ``kg.entry`` (start-up) and ``kg.cli`` (the commands), which import it, not
each other.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

from kg.errors import Interrupted


def raise_interrupted(signum: int, frame: FrameType | None) -> None:
    """The SIGINT handler: ignore further Ctrl-Cs and raise :class:`Interrupted`."""
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
