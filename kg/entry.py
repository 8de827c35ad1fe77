"""The ``kg`` command's entry point: a Ctrl-C at any moment (start-up, any phase, any ``--workers``) ends it
with one line on stderr and exit code 130, never a traceback or a hang (the handler: kg/interrupt.py).

A finished command ends the process at once (:func:`_exit`): the atexit handlers run and the output is
flushed, but the interpreter does not tear down every module and object it holds (after a month's build:
jieba's dictionary, the NER's tables, the rules' memos, about 0.6 s of CPU spent freeing memory the system
takes back anyway).
"""

from __future__ import annotations

import atexit
import errno
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
    except OSError as err:  # not caught by the command: most often its stdout, a full disk or a reader gone
        if not err.filename:  # a stream's, likely stdout's: the rest of its buffer can't be written either
            sys.stdout = None  # (said once, here, not again by _exit's flush)
        if err.errno == errno.EPIPE:
            _exit(1)
        what = err.filename or "can't write the standard output"  # no file name: a stream, most likely stdout
        _say(f"error: {what}: {err.strerror or err}")
        _exit(2)
    _exit(0)


def _exit(code: int) -> None:
    """End the process with ``code`` after the atexit handlers, without the interpreter's teardown; when
    another thread still runs, the interpreter's own exit (which waits for it) instead. Output that can't
    be flushed is no success: disk full, one line and code 2; a reader gone, code 1 (as typer's)."""
    if threading.active_count() > 1:
        sys.exit(code)
    try:
        atexit._run_exitfuncs()  # logging's shutdown among them
    finally:
        try:
            if sys.stdout is not None:  # None: the command started with its stdout closed (>&-)
                sys.stdout.flush()
        except OSError as err:
            if err.errno == errno.EPIPE:  # as typer ends a command whose reader left: quietly, code 1
                code = code or 1
            else:
                _say(f"error: can't write the standard output: {err.strerror or err}")
                code = code or 2
        except ValueError:  # closed
            pass
        _say("")
        os._exit(code)


def _say(line: str) -> None:
    """Write ``line`` (if any) to stderr and flush it, ignoring a stderr that can't be written."""
    if sys.stderr is None:
        return
    try:
        if line:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
