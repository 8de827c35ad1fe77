"""The ``kg`` command's entry point: a Ctrl-C at any moment (start-up, any phase, any ``--workers``) ends it
with one line on stderr and exit code 130, never a traceback or a hang (the handler: kg/interrupt.py).

A finished command ends the process at once (:func:`_exit`): the atexit handlers run and the output is
flushed, but the interpreter does not tear down every module and object it holds (after a month's build:
jieba's dictionary, the NER's tables, the rules' memos, about 0.6 s of CPU spent freeing memory the system
takes back anyway).
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import threading

from kg.collector import GC_THRESHOLD
from kg.errors import Interrupted
from kg.interrupt import exit_interrupted, raise_interrupted


def main() -> None:
    """Console-script entry point: ``kg.cli.main`` under kg's SIGINT handler."""
    signal.signal(signal.SIGINT, raise_interrupted)
    gc.set_threshold(*GC_THRESHOLD)  # start-up makes many long-lived objects and no garbage (kg.collector)
    try:
        from kg.cli import main as cli_main

        cli_main()
    except Interrupted:
        exit_interrupted()
    except SystemExit as done:  # how the command line ends (typer), with the command's exit code
        if done.code is not None and not isinstance(done.code, int):
            raise  # a message to print: the interpreter's own exit does it
        _exit(done.code or 0)
    _exit(0)


def _exit(code: int) -> None:
    """End the process with ``code`` after the atexit handlers, without the interpreter's teardown; when
    another thread still runs, the interpreter's own exit (which waits for it) instead."""
    if threading.active_count() > 1:
        sys.exit(code)
    try:
        atexit._run_exitfuncs()  # logging's shutdown among them
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
