"""The Oxigraph server process behind ``kg serve``, supervised: restarted when it crashes or when a query
runs past its deadline (Oxigraph keeps evaluating a query its client gave up on), with a ceiling on the
number of restarts in a minute so that a store that cannot be served stops the endpoint instead of
looping.
"""

from __future__ import annotations

import collections
import logging
import shutil
import socket
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

from kg.errors import ConfigError

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
MAX_RESTARTS_PER_MINUTE = 10


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: next to this Python, then where pip installed the ``oxigraph``
    package (a venv that sees a parent's packages), then PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    try:
        dist = metadata.distribution("oxigraph")
        for file in dist.files or ():
            if file.name == "oxigraph" and file.parent.name == "bin":
                found = Path(str(dist.locate_file(file))).resolve()
                if found.is_file():
                    return str(found)
    except metadata.PackageNotFoundError:
        pass
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ConfigError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen | None = None, timeout: float = 30.0) -> bool:
    """True once something accepts connections on loopback ``port``; False if ``process`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Backend:
    """One Oxigraph server on a private loopback port, replaced by a fresh one on :meth:`restart`.

    ``generation`` grows by one with each start, so a request can tell whether the process it talked to
    has been replaced since it began.
    """

    def __init__(self, location: Path, workdir: Path, *, timeout: int, writable: bool) -> None:
        self.location = location
        self.logfile = workdir / "oxigraph.log"
        self.timeout = timeout
        self.mode = "serve" if writable else "serve-read-only"
        self.port = 0
        self.generation = 0
        self.restarts = 0
        self.given_up = False
        self._process: subprocess.Popen | None = None
        self._recent: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()
        self._binary = find_oxigraph()

    def start(self) -> None:
        """Start the server; a ConfigError with Oxigraph's last log line if it does not come up."""
        problem = ["no output"]
        for _attempt in range(3):  # another process may take the free port before Oxigraph binds it
            port = free_port()
            with self.logfile.open("wb") as out:
                process = subprocess.Popen(
                    [self._binary, self.mode, "--location", str(self.location),
                     "--bind", f"{LOOPBACK}:{port}", "--union-default-graph",
                     "--timeout-s", str(self.timeout)],
                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
            if wait_for_port(port, process=process):
                self._process, self.port = process, port
                self.generation += 1
                return
            _kill(process)
            problem = self.logfile.read_text(errors="replace").strip().splitlines() or ["no output"]
            if "in use" not in problem[-1]:
                break
        raise ConfigError(f"the Oxigraph server did not start: {problem[-1]}")

    def current(self) -> tuple[int, int]:
        """(generation, port) of the running process; waits while a restart is under way."""
        with self._lock:
            return self.generation, self.port

    def died(self, generation: int) -> bool:
        """True if the process of ``generation`` is the current one and has exited (given a second to)."""
        with self._lock:
            process = self._process
            if generation != self.generation or process is None:
                return False
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return False
        return True

    def alive(self) -> bool:
        """True while the current process runs."""
        return self._process is not None and self._process.poll() is None

    def crashed(self) -> str:
        """The panic line of the last crash, from Oxigraph's log ('' if none)."""
        text = self.logfile.read_text(errors="replace") if self.logfile.is_file() else ""
        lines = [line for line in text.splitlines() if "panicked" in line or "order" in line]
        return lines[-1].strip()[:300] if lines else ""

    def restart(self, generation: int, why: str, *, crashed: bool = True) -> bool:
        """Replace the process that served ``generation`` (once, whoever asks first); False once more than
        :data:`MAX_RESTARTS_PER_MINUTE` crashes happened in the last minute (the backend is then left
        stopped and :attr:`given_up` set). A deliberate restart (``crashed=False``: a query past its
        deadline) does not count towards the ceiling."""
        with self._lock:
            if generation != self.generation:  # another request restarted it already
                return not self.given_up
            now = time.monotonic()
            while self._recent and now - self._recent[0] > 60:
                self._recent.popleft()
            if self._process is not None:  # a crashed or stuck process: nothing to save by waiting
                _kill(self._process)
                self._process = None
            if crashed and len(self._recent) >= MAX_RESTARTS_PER_MINUTE:
                self.given_up = True
                log.error("the Oxigraph server crashed %d times in a minute; giving up", len(self._recent))
                return False
            if crashed:
                self._recent.append(now)
            self.restarts += 1
            log.warning("restarting the Oxigraph server (%s); restart %d", why, self.restarts)
            try:
                self.start()
            except ConfigError:
                self.given_up = True
                return False
            return True

    def stop(self) -> None:
        """Stop the current process (terminate, then kill after 10 s)."""
        if self._process is not None:
            _kill(self._process, gently=True)
            self._process = None


def _kill(process: subprocess.Popen, *, gently: bool = False) -> None:
    if process.poll() is None:
        if gently:
            process.terminate()
            try:
                process.wait(timeout=10)
                return
            except subprocess.TimeoutExpired:
                pass
        process.kill()
    process.wait()
