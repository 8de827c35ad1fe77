"""The cyclic garbage collector paused for a block (a stage that makes many objects and no cycles).

Used by the build's graph and export stages (``kg.build``) and by query listings (``kg.query``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector runs again after it (if it ran before), also
    when the block raises."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
