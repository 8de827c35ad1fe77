"""The serve stage: a read-only SPARQL 1.1 Protocol endpoint over the exports, with an offline query page.

Two processes. The Oxigraph server (the ``oxigraph`` CLI from PyPI) evaluates queries over a store folder
on a private loopback port and cancels any query that runs longer than the timeout (``--timeout-s``).
In front of it, a small Python HTTP server on the public address (loopback by default) serves the query
page at ``/``, forwards ``/query`` (alias ``/sparql``), refuses updates and Graph Store writes unless
``allow_updates``, and caps the size of a request and of a result, which Oxigraph does not do.

Oxigraph streams results, so a query it cancels arrives as a 200 answer cut short by an error message;
the front buffers each answer (up to the size cap) and turns that case into a clean 503, as Fuseki does.
Oxigraph checks its timeout coarsely (a count over a large join ran 20 s past a 1 s limit here) and not at
all once results stream, so the front also stops waiting at the deadline and drops the connection.
Export files are first loaded into a temporary store folder (removed on stop); a store made by
``kg load`` is served in place. Both see the default graph as the union of all graphs.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from kg.errors import ConfigError
from kg.namespace import PREFIXES
from kg.query import load_store, named_queries, store_lock

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
_CANCELLED = b"operation has been cancelled"
_GRACE = 1.0  # seconds past the timeout, to let Oxigraph's own cancellation answer first


@dataclass(frozen=True)
class Limits:
    """What one request may cost: Oxigraph enforces the timeout, the front the sizes (0: no limit)."""

    timeout: int = 30  # seconds, whole (Oxigraph's --timeout-s)
    max_result_bytes: int = 64 * 2**20
    max_request_bytes: int = 2**20


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: next to this Python first (same version as pyoxigraph), then PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
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


def query_page(*, endpoint: str = "query") -> bytes:
    """The offline query page: textarea, named queries with their parameters, results table."""
    data = {
        "endpoint": endpoint,
        "queries": [{"name": q.name, "description": q.description, "text": q.text,
                     "params": [{"name": p.name, "help": p.help, "required": p.required} for p in q.params]}
                    for q in named_queries().values()],
        "prefixes": {name: str(ns) for name, ns in PREFIXES.items()},
    }
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    # kg/templates/sparql.html has everything inline, nothing fetched: the page works with no network.
    page = resources.files("kg.templates").joinpath("sparql.html").read_text("utf-8")
    return page.replace("/*KG-DATA*/", blob).encode("utf-8")


class _Front(ThreadingHTTPServer):
    """The public HTTP server; handlers read their settings from it."""

    daemon_threads = True
    backend_port: int
    limits: Limits
    allow_updates: bool
    page: bytes


class _IPv6Front(_Front):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Front
    server_version = "kg-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._route("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._route("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._route("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._route("DELETE")

    def _route(self, method: str) -> None:
        path, sep, query = self.path.partition("?")
        target = sep + query
        if path in ("/", "/index.html") and method in ("GET", "HEAD"):
            self._send(200, self.server.page, "text/html; charset=utf-8", head=method == "HEAD")
        elif path in ("/query", "/sparql") and method in ("GET", "HEAD", "POST"):
            self._proxy(method, "/query" + target)
        elif path == "/store" and method in ("GET", "HEAD"):
            self._proxy(method, "/store" + target)
        elif path in ("/update", "/store"):
            if not self.server.allow_updates:
                self._error(403, "this SPARQL endpoint is read-only: updates and Graph Store writes are "
                                 "refused (start kg serve with --allow-updates to accept them)")
            else:
                self._proxy(method, path + target)
        else:
            self._error(404, f"no such page: {path} (the SPARQL endpoint is /query; the query page is /)")

    def _proxy(self, method: str, target: str) -> None:
        limits = self.server.limits
        length = int(self.headers.get("Content-Length") or 0)
        if limits.max_request_bytes and length > limits.max_request_bytes:
            self._error(413, f"request of {length} bytes is over the limit of {limits.max_request_bytes}")
            return
        body = self.rfile.read(length) if length else None
        headers = {name: value for name in ("Content-Type", "Accept") if (value := self.headers.get(name))}
        # Oxigraph's own timeout is checked coarsely and does not stop a result that is streaming, so the
        # front keeps a hard deadline too; closing the connection makes Oxigraph stop writing.
        started = time.monotonic()
        deadline = started + limits.timeout + _GRACE
        conn = http.client.HTTPConnection(LOOPBACK, self.server.backend_port, timeout=limits.timeout + _GRACE)
        timed_out = f"the query ran longer than the limit of {limits.timeout} s and was cancelled"
        try:
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            chunks, size = [], 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                if conn.sock is not None:  # None once http.client hands a closing connection to the response
                    conn.sock.settimeout(remaining)
                chunk = response.read1(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if limits.max_result_bytes and size > limits.max_result_bytes:
                    self._error(413, f"the result is over the limit of {limits.max_result_bytes} bytes: "
                                     "add a LIMIT, or use kg query for large results")
                    return
                chunks.append(chunk)
        except TimeoutError:
            self._error(503, timed_out)
            return
        except (OSError, http.client.HTTPException) as err:
            self._error(502, f"the Oxigraph server did not answer: {err}")
            return
        finally:
            conn.close()
        data = b"".join(chunks)
        if _CANCELLED in data[-200:] and time.monotonic() - started >= limits.timeout * 0.9:
            self._error(503, timed_out)
            return
        content_type = response.getheader("Content-Type", "application/octet-stream")
        self._send(response.status, data, content_type, head=method == "HEAD")

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: int, data: bytes, content_type: str, *, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head and status not in (204, 304):
            self.wfile.write(data)


class SparqlServer:
    """A SPARQL endpoint over export files or a store folder: Oxigraph behind a small limiting front.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, *, graphs: Sequence[Path] = (), store: Path | None = None, host: str = LOOPBACK,
                 port: int = 0, limits: Limits | None = None, allow_updates: bool = False) -> None:
        if bool(graphs) == (store is not None):
            raise ConfigError("serve either graph files or one store folder")
        self.graphs = [Path(g) for g in graphs]
        self.store = store
        self.host = host
        self.port = port
        self.limits = limits or Limits()
        self.allow_updates = allow_updates
        self._workdir: Path | None = None
        self._backend: subprocess.Popen | None = None
        self._front: _Front | None = None
        self._lock: contextlib.AbstractContextManager | None = None

    @property
    def url(self) -> str:
        """The SPARQL endpoint: http://HOST:PORT/query."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    @property
    def backend_url(self) -> str:
        """Oxigraph's own endpoint behind the front (no size limit, no page): for benchmarks and debugging."""
        return f"http://{LOOPBACK}:{self._backend_port}/query"

    def start(self) -> str:
        """Load the graphs, start Oxigraph and the front; returns the endpoint URL."""
        if self.limits.timeout < 1:
            raise ConfigError("the query timeout is whole seconds, at least 1")
        oxigraph = find_oxigraph()
        self._workdir = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        try:
            location = self.store
            if location is None:
                location = self._workdir / "store"
                load_store(location, self.graphs)
            elif not (location / "CURRENT").is_file():
                raise ConfigError(f"{location}: not a kg store folder (make one with: kg load --store "
                                  f"{location} FILES...)")
            else:  # a kg load into the served store fails instead of going unseen
                self._lock = store_lock(location, shared=True)
                self._lock.__enter__()
            self._start_backend(oxigraph, location)
            self._start_front()
        except BaseException:
            self.stop()
            raise
        return self.url

    def _start_backend(self, oxigraph: str, location: Path) -> None:
        mode = "serve" if self.allow_updates else "serve-read-only"
        for _attempt in range(3):  # another process may take the free port before Oxigraph binds it
            port = free_port()
            logfile = self._workdir / "oxigraph.log"
            with logfile.open("wb") as out:
                self._backend = subprocess.Popen(
                    [oxigraph, mode, "--location", str(location), "--bind", f"{LOOPBACK}:{port}",
                     "--union-default-graph", "--timeout-s", str(self.limits.timeout)],
                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
            if wait_for_port(port, process=self._backend):
                self._backend_port = port
                return
            self._backend.kill()
            self._backend.wait()
            problem = logfile.read_text(errors="replace").strip().splitlines() or ["no output"]
            if "in use" not in problem[-1]:
                break
        raise ConfigError(f"the Oxigraph server did not start: {problem[-1]}")

    def _start_front(self) -> None:
        cls = _IPv6Front if ":" in self.host else _Front
        try:
            front = cls((self.host, self.port), _Handler)
        except OSError as err:
            raise ConfigError(f"can't listen on {self.host}:{self.port}: {err.strerror or err}") from None
        front.backend_port = self._backend_port
        front.limits = self.limits
        front.allow_updates = self.allow_updates
        front.page = query_page()
        self.port = front.server_address[1]
        self._front = front
        threading.Thread(target=front.serve_forever, name="kg-serve", daemon=True).start()

    def running(self) -> bool:
        """True while both the front and Oxigraph run."""
        return self._front is not None and self._backend is not None and self._backend.poll() is None

    def stop(self) -> None:
        """Stop the front and Oxigraph, and remove the temporary store."""
        if self._front is not None:
            self._front.shutdown()
            self._front.server_close()
            self._front = None
        if self._backend is not None:
            if self._backend.poll() is None:
                self._backend.terminate()
                try:
                    self._backend.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._backend.kill()
                    self._backend.wait()
            self._backend = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def __enter__(self) -> SparqlServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
