"""Tables parsed from big data files, kept between processes in marshal files (no kg import: any module
may use it).

``cached(name, key, build)`` returns ``build()``'s value, which must be marshallable (str, bytes, int,
tuples, lists, dicts): from ``<name>-<digest of key>.marshal`` when a previous process left it, else built
and written atomically (replacing the table's files for other keys). The file lives beside numba's cache
of ``kg.crf_kernels`` (this package's ``__pycache__``), else in the user's cache folder; an unreadable or
unwritable file only means the table is built again. The key names everything the table depends on (the
data file's bytes, the parser's code), so a changed input is a new file, never a stale table.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = b"1"  # bump when a cached table's layout changes
DIGEST = 16  # hex digits of the key's digest in a file name


def places(name: str, key: bytes) -> list[Path]:
    """The cache files tried for a table, in order."""
    python = sys.version.encode()  # marshal's format is the interpreter's own
    digest = hashlib.sha256(FORMAT + b"|" + python + b"|" + name.encode() + b"|" + key).hexdigest()[:DIGEST]
    file = f"{name}-{digest}.marshal"
    user = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
    return [Path(__file__).resolve().parent / "__pycache__" / file, user / file]


def cached(name: str, key: bytes, build: Callable[[], Any], *, check: Callable[[Any], bool] = bool) -> Any:
    """``build()``, or the value a previous process cached under ``name`` and ``key`` (when ``check``
    accepts it)."""
    files = places(name, key)
    for file in files:
        try:
            value = marshal.loads(file.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            continue
        if check(value):
            return value
    value = build()
    data = marshal.dumps(value)
    for file in files:
        if not _write(file, data):
            continue
        # the same table for inputs since changed (its digest's length: not a table named 'name-x')
        for old in file.parent.glob(f"{name}-{'?' * DIGEST}.marshal"):
            if old != file:
                try:
                    old.unlink(missing_ok=True)
                except OSError:  # another user's file in a shared cache folder
                    pass
        break
    return value


def _write(file: Path, data: bytes) -> bool:
    """Write ``data`` to ``file`` atomically; False (and no temporary file left) when it cannot."""
    tmp = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=file.parent, prefix=file.name, delete=False) as fh:
            tmp = fh.name
            fh.write(data)
        os.replace(tmp, file)
        return True
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
