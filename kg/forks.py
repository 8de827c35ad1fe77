"""Forked worker processes, for extraction (kg.engine) and for writing exports at once (kg.export).

Workers are forked, so they start with the parent's memory (the loaded spaCy model, the graph's
quads) without pickling it, and they exit on their own if the parent dies, so a killed build leaves
no orphans.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from kg.errors import WorkerError

CAN_FORK = hasattr(os, "fork")


def _die_with_parent(parent: int) -> None:
    """In a worker: ignore Ctrl-C (the parent decides, and terminates its workers) and exit when the
    process that forked it is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


@contextlib.contextmanager
def fork_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` forked processes that die with this one.

    The parent's objects are frozen out of the garbage collector while the pool runs, so the
    collector in the children does not touch (and copy) every page they share with the parent.

    Raises:
        WorkerError: a worker died (``BrokenProcessPool``), e.g. killed when memory ran out.
    """
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_die_with_parent, initargs=(os.getpid(),))
    try:
        yield pool
    except BrokenProcessPool:
        _terminate(pool)
        raise WorkerError("a worker process died before it finished (killed, or out of memory?); "
                          "run again, with fewer --workers if memory is short") from None
    except BaseException:  # Ctrl-C, or an error in the parent: waiting for the queued work would hang
        _terminate(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        gc.unfreeze()


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: cancel what is queued and kill the workers (they hold nothing to save)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)
