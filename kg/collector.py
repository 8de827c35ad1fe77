"""The cyclic garbage collector paused for a block (a stage that makes many objects and no cycles), and
collected less often where kg makes many objects and little garbage.

Used by the build's graph and export stages (``kg.build``), by query listings (``kg.query``) and by the
``kg`` command's start-up (``kg.entry``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# The build makes millions of short-lived objects (tokens, mentions, quads) and few cycles: a young
# collection every 20,000 allocations instead of 700 cut the collector's time from 1.1 s to 0.4 s on 200
# articles (issue 16). The kg command's start-up (its imports: pypinyin's tables, networkx, numba) makes
# about a million long-lived objects and no garbage: with these thresholds its ~460 collections (0.17 s of
# CPU before a month's build) become a few.
GC_THRESHOLD = (20_000, 10, 10)


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
