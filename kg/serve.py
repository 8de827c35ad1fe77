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
import hashlib
import http.client
import json
import logging
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from kg.backend import LOOPBACK, Backend, find_oxigraph, free_port, wait_for_port
from kg.errors import ConfigError
from kg.namespace import PREFIXES
from kg.query import load_store, named_queries, store_lock
from kg.sparql_text import fetches, request_text, syntax_message

__all__ = ["LOOPBACK", "Limits", "SparqlServer", "find_oxigraph", "free_port", "query_page", "wait_for_port"]

log = logging.getLogger(__name__)

_CANCELLED = b"operation has been cancelled"
_GRACE = 1.0  # seconds past the timeout, to let Oxigraph's own cancellation answer first
READ_TIMEOUT = 20  # seconds a client may stay silent while sending its request
DRAIN_LIMIT = 16 * 2**20  # a refused body up to this size is read and dropped before answering
MAX_ACTIVE = 8  # queries at the backend at once (each result is buffered, up to max_result_bytes)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
PAGE_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
            "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
ORDER_BY_HINT = ("Oxigraph 0.5 can crash sorting values of different kinds "
                 "(docs/oxigraph-order-by-panic.md): sort on one kind, e.g. ORDER BY STR(?o)")


@dataclass(frozen=True)
class Limits:
    """What one request may cost: Oxigraph enforces the timeout, the front the sizes (0: no limit)."""

    timeout: int = 30  # seconds, whole (Oxigraph's --timeout-s)
    max_result_bytes: int = 64 * 2**20
    max_request_bytes: int = 2**20


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
    request_queue_size = 1024  # pending connections wait in the kernel's queue instead of being reset
    backend: Backend
    limits: Limits
    allow_updates: bool
    allow_service: bool
    page: bytes
    gate: threading.BoundedSemaphore  # queries at the backend at once; the others wait their turn
    hosts: frozenset[str] | None  # Host header values accepted (None: any, when not on loopback)
    crashers: set[str]  # digests of queries that crashed the backend: refused without trying again

    def handle_error(self, request: object, client_address: object) -> None:
        """A request that failed in an unforeseen way: one log line, no traceback on the console."""
        log.warning("request from %s failed", client_address, exc_info=log.isEnabledFor(logging.DEBUG))


class _IPv6Front(_Front):
    address_family = socket.AF_INET6


class _RetryError(Exception):
    """The backend was replaced while a read-only request was at it: ask the new one."""


class _Handler(BaseHTTPRequestHandler):
    server: _Front
    timeout = READ_TIMEOUT  # a client that sends nothing for this long is dropped

    def version_string(self) -> str:
        return "kg-serve"  # no Python version in the Server header

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

    def do_PATCH(self) -> None:  # noqa: N802
        self._route("PATCH")

    def _route(self, method: str) -> None:
        path, _, query = self.path.partition("?")
        writes = path == "/update" or (path == "/store" and method not in ("GET", "HEAD"))
        allowed = {"/": "GET, HEAD", "/index.html": "GET, HEAD", "/query": "GET, HEAD, POST",
                   "/sparql": "GET, HEAD, POST", "/update": "POST", "/store": "GET, HEAD, PUT, POST, DELETE"}
        if not self._host_ok():
            self._error(403, f"Host {self.headers.get('Host')!r} is not this server's name (loopback only)")
        elif path not in allowed:
            self._drain()
            self._error(404, f"no such page: {path} (the SPARQL endpoint is /query; the query page is /)")
        elif method not in allowed[path]:
            self._drain()
            self._error(405, f"{method} is not allowed on {path} (allowed: {allowed[path]})",
                        extra={"Allow": allowed[path]})
        elif writes and not self.server.allow_updates:
            self._drain()
            self._error(403, "this SPARQL endpoint is read-only: updates and Graph Store writes are "
                             "refused (start kg serve with --allow-updates to accept them)")
        elif writes and not self._origin_ok():
            self._drain()
            self._error(403, f"a write from the web page of {self.headers.get('Origin')!r} is refused "
                             "(cross-site request)")
        elif path in ("/", "/index.html"):
            self._send(200, self.server.page, "text/html; charset=utf-8", head=method == "HEAD",
                       extra={"Content-Security-Policy": PAGE_CSP})
        else:
            body = self._body()
            if body is not None:
                self._query(method, "/query" if path == "/sparql" else path, query, body, writes=writes)

    def _host_ok(self) -> bool:
        hosts = self.server.hosts
        host = (self.headers.get("Host") or "").strip().lower()
        return hosts is None or not host or host in hosts

    def _origin_ok(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is None:  # not sent by a browser's cross-site form or fetch
            return True
        try:
            netloc = urlsplit(origin).netloc.lower()
        except ValueError:  # not a URL at all
            return False
        return netloc == (self.headers.get("Host") or "").strip().lower()

    def _length(self) -> int | None:
        """The request's Content-Length (0 when absent); None after answering 400/411 for a bad one."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self._error(411, "send the request with a Content-Length (chunked bodies are not accepted)",
                        close=True)
            return None
        value = (self.headers.get("Content-Length") or "0").strip()
        if not (value.isascii() and value.isdigit()):
            self._error(400, f"bad Content-Length {value[:40]!r}: expected a number of bytes", close=True)
            return None
        return int(value)

    def _drain(self) -> None:
        """Read and drop the body of a request that is refused, so the client is not cut off mid-send."""
        value = (self.headers.get("Content-Length") or "0").strip()
        length = int(value) if value.isascii() and value.isdigit() else DRAIN_LIMIT + 1
        if length and length <= DRAIN_LIMIT:
            _read_exactly(self.rfile, length, keep=False)
        elif length:
            self.close_connection = True

    def _body(self) -> bytes | None:
        """The request body, or None after answering 400/411/413 (an oversized body is drained first)."""
        length = self._length()
        if length is None:
            return None
        limit = self.server.limits.max_request_bytes
        if limit and length > limit:
            drained = length <= DRAIN_LIMIT and _read_exactly(self.rfile, length, keep=False) is not None
            self._error(413, f"request of {length:,} bytes is over the limit of {limit:,} bytes",
                        close=not drained)
            return None
        data = _read_exactly(self.rfile, length)
        if data is None:
            self._error(400, f"the request body ended before its Content-Length of {length:,} bytes",
                        close=True)
        return data

    def _query(self, method: str, path: str, query: str, body: bytes, *, writes: bool) -> None:
        server = self.server
        content_type = self.headers.get("Content-Type") or ""
        text = request_text(query, body, content_type) if path != "/store" else ""
        keyword = fetches(text)
        if keyword and not server.allow_service:
            self._error(400, f"{keyword} is refused: this endpoint makes no outbound requests (start "
                             "kg serve with --allow-service to allow federated queries and LOAD)")
            return
        digest = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest() if text else ""
        if digest and digest in server.crashers:
            self._error(500, "this query crashed the Oxigraph server before and is refused; "
                             f"{ORDER_BY_HINT}")
            return
        headers = {"Accept": self.headers.get("Accept") or "*/*"}
        target = path + ("?" + query if query else "")
        if path == "/query" and method in ("GET", "HEAD"):  # Oxigraph limits URLs: send the query as a form
            method, target, body = "POST", "/query", query.encode("ascii", "replace")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif content_type:
            headers["Content-Type"] = content_type
        if not server.gate.acquire(timeout=server.limits.timeout):
            self._error(503, "the endpoint is busy: try again in a moment")
            return
        try:
            for _attempt in range(3):
                try:
                    self._forward(method, target, body or None, headers, text, digest, retry=not writes)
                    return
                except _RetryError:
                    continue
            self._error(503, "the Oxigraph server was restarting: try again")
        finally:
            server.gate.release()

    def _forward(self, method: str, target: str, body: bytes | None, headers: dict[str, str], text: str,
                 digest: str, *, retry: bool) -> None:
        """Ask the backend; answer the client (the result, or a clear error if the backend failed)."""
        server, limits = self.server, self.server.limits
        generation, port = server.backend.current()
        started = time.monotonic()
        deadline = started + limits.timeout + _GRACE
        # Oxigraph's own timeout is checked coarsely and does not stop a result that is streaming, so the
        # front keeps a hard deadline too; past it the backend is killed and restarted (it would go on).
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=limits.timeout + _GRACE)
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
                    self._error(413, f"the result is over the limit of {limits.max_result_bytes:,} bytes: "
                                     "add a LIMIT, or use kg query for large results")
                    return
                chunks.append(chunk)
        except TimeoutError:
            self._error(503, timed_out)
            server.backend.restart(generation, "a query ran past its time limit", crashed=False)
            return
        except (OSError, http.client.HTTPException) as err:
            if server.backend.current()[0] != generation and retry:
                raise _RetryError from None
            if server.backend.died(generation):
                if digest:
                    server.crashers.add(digest)
                why = server.backend.crashed()
                restarted = server.backend.restart(generation, "it crashed")
                self._error(500, "the query crashed the Oxigraph server" + (f" ({why})" if why else "")
                            + ("; it was restarted" if restarted else "; the endpoint stops")
                            + f". {ORDER_BY_HINT}")
            else:
                self._error(502, f"the Oxigraph server did not answer: {err}")
            return
        finally:
            conn.close()
        data = b"".join(chunks)
        content_type = response.getheader("Content-Type", "application/octet-stream")
        late = time.monotonic() - started >= limits.timeout * 0.9
        if response.status == 200 and _CANCELLED in data[-200:] and late:
            self._error(503, timed_out)
        elif response.status == 200 and _cut_short(data, content_type):
            tail = data[-300:].decode("utf-8", "replace").splitlines()[-1:] or [""]
            self._error(502, f"the query failed while its results were being sent: {tail[0][-200:]}")
        elif response.status == 400 and data.startswith(b"error at "):
            self._error(400, syntax_message(data.decode("utf-8", "replace"), text))
        else:
            self._send(response.status, data, content_type, head=self.command == "HEAD")

    def _error(self, status: int, message: str, *, close: bool = False,
               extra: dict[str, str] | None = None) -> None:
        if close:
            self.close_connection = True
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8",
                   head=self.command == "HEAD", extra=extra)

    def _send(self, status: int, data: bytes, content_type: str, *, head: bool = False,
              extra: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if not head and status not in (204, 304):
                self.wfile.write(data)
        except OSError:  # the client went away: nothing to tell it
            self.close_connection = True


def _read_exactly(stream, length: int, *, keep: bool = True) -> bytes | None:
    """``length`` bytes of ``stream`` in pieces (b'' if not ``keep``); None if it ends or times out first."""
    parts, left = [], length
    try:
        while left > 0:
            piece = stream.read(min(left, 1 << 16))
            if not piece:
                return None
            left -= len(piece)
            if keep:
                parts.append(piece)
    except OSError:
        return None
    return b"".join(parts)


def _cut_short(data: bytes, content_type: str) -> bool:
    """True if a 200 answer is not a whole document of its type: Oxigraph streams results, and an error
    mid-way (a failed SERVICE call, a cancelled query) ends the answer with its message instead."""
    media = content_type.split(";")[0].strip().lower()
    end = data.rstrip()
    if not end:
        return False
    if media.endswith("json"):
        if not end.endswith((b"}", b"]")):
            return True
        if len(data) <= 8 * 2**20:
            try:
                json.loads(data)
            except ValueError:
                return True
        return False
    if media.endswith("xml"):
        return not end.endswith(b">")
    if media in ("text/csv", "text/tab-separated-values", "application/n-triples", "application/n-quads",
                 "text/turtle", "application/trig"):
        return not data.endswith(b"\n")
    return False


class SparqlServer:
    """A SPARQL endpoint over export files or a store folder: Oxigraph behind a small limiting front.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, *, graphs: Sequence[Path] = (), store: Path | None = None, host: str = LOOPBACK,
                 port: int = 0, limits: Limits | None = None, allow_updates: bool = False,
                 allow_service: bool = False) -> None:
        if bool(graphs) == (store is not None):
            raise ConfigError("serve either graph files or one store folder")
        self.graphs = [Path(g) for g in graphs]
        self.store = store
        self.host = host
        self.port = port
        self.limits = limits or Limits()
        self.allow_updates = allow_updates
        self.allow_service = allow_service
        self._workdir: Path | None = None
        self._backend: Backend | None = None
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
        port = self._backend.port if self._backend else 0
        return f"http://{LOOPBACK}:{port}/query"

    @property
    def restarts(self) -> int:
        """How many times the Oxigraph server was restarted (after a crash or a query past its deadline)."""
        return self._backend.restarts if self._backend else 0

    def start(self) -> str:
        """Load the graphs, start Oxigraph and the front; returns the endpoint URL."""
        if self.limits.timeout < 1:
            raise ConfigError("the query timeout is whole seconds, at least 1")
        find_oxigraph()
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
            self._backend = Backend(location, self._workdir, timeout=self.limits.timeout,
                                    writable=self.allow_updates)
            self._backend.start()
            self._start_front()
        except BaseException:
            self.stop()
            raise
        return self.url

    def _start_front(self) -> None:
        cls = _IPv6Front if ":" in self.host else _Front
        try:
            front = cls((self.host, self.port), _Handler)
        except OSError as err:
            raise ConfigError(f"can't listen on {self.host}:{self.port}: {err.strerror or err}") from None
        assert self._backend is not None
        front.backend = self._backend
        front.limits = self.limits
        front.allow_updates = self.allow_updates
        front.allow_service = self.allow_service
        front.page = query_page()
        front.gate = threading.BoundedSemaphore(MAX_ACTIVE)
        front.crashers = set()
        self.port = front.server_address[1]
        front.hosts = None
        if self.host in LOOPBACK_NAMES:  # a foreign Host on loopback is DNS rebinding: refuse it
            front.hosts = frozenset(f"{name}{suffix}" for name in LOOPBACK_NAMES
                                    for suffix in ("", f":{self.port}"))
        self._front = front
        threading.Thread(target=front.serve_forever, name="kg-serve", daemon=True).start()

    def running(self) -> bool:
        """True while the front runs and Oxigraph runs or can still be restarted."""
        return self._front is not None and self._backend is not None and not self._backend.given_up

    def stop(self) -> None:
        """Stop the front and Oxigraph, and remove the temporary store."""
        if self._front is not None:
            self._front.shutdown()
            self._front.server_close()
            self._front = None
        if self._backend is not None:
            self._backend.stop()
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
