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
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from kg.errors import WorkerError

CAN_FORK = hasattr(os, "fork")
T = TypeVar("T")


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


class LimitError(Exception):
    """A guarded call (:func:`run_guarded`) went over its memory or time limit and was killed."""


def run_guarded(func: Callable[[], T], *, max_rss: int, max_seconds: float) -> T:
    """``func()`` in a forked child that is killed if its resident memory passes ``max_rss`` bytes or it
    runs longer than ``max_seconds``; its result comes back pickled.

    The child shares the parent's memory copy-on-write (the loaded models), so its RSS counts those
    pages too: the limit is on what the child holds, shared pages included.

    Raises:
        LimitError: the child was killed; the message says which limit.
        WorkerError: the child died otherwise (killed from outside).
        Exception: what ``func`` raised, re-raised as RuntimeError with its type and message.
    """
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read_end)
            _die_with_parent(parent)
            try:
                payload = pickle.dumps((True, func()), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as err:  # noqa: BLE001 - handed to the parent
                payload = pickle.dumps((False, f"{type(err).__name__}: {err}"))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    why = ""
    started = time.monotonic()
    try:
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            while True:
                ready, _, _ = select.select([pipe], [], [], 0.05)
                if ready:
                    chunk = pipe.read(1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
                if _rss(pid) > max_rss:
                    limit = f"{max_rss / 1e9:g} GB" if max_rss >= 1e9 else f"{max_rss / 1e6:g} MB"
                    why = f"needed more than {limit} of memory"
                elif time.monotonic() - started > max_seconds:
                    why = f"took longer than {max_seconds:.0f} s"
                if why:
                    os.kill(pid, signal.SIGKILL)
                    break
    except BaseException:  # Ctrl-C in the parent: the child goes too
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    os.waitpid(pid, 0)
    if why:
        raise LimitError(why)
    if not chunks:
        raise WorkerError("a worker process died before it finished (killed, or out of memory?)")
    ok, value = pickle.loads(b"".join(chunks))
    if not ok:
        raise RuntimeError(value)
    return value


def _rss(pid: int) -> int:
    """Resident bytes of process ``pid`` (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
