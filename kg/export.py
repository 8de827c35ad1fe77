"""The export stage: the graph's quads -> Turtle, TriG, N-Quads and JSON-LD files, deterministic and atomic.

All four serialisations come from one sorted list of quads in N-Triples text (:mod:`kg.ntriples`;
the shared named graphs first (kg.graph: entities, scheme, build; the default graph is
empty), then one named graph per article; subjects, predicates and objects in code-point
order with ``rdf:type`` first), each written in one pass as text. N-Quads is those lines, sorted.
Turtle and TriG are written by :mod:`kg.turtle`, byte for byte as pyoxigraph writes them with the kg
prefixes bound (it did, parsing the lines again, until issue 16). JSON-LD is written here, one named
graph at a time, as flattened node objects under the context of ``ontology/context.jsonld`` (inlined,
and copied next to the graph as ``context.jsonld``), put together from each term's memoised JSON text.
Literals keep their lexical forms (``{"@value": "10.1", "@type": "xsd:decimal"}``) so every parser
reads back the same terms. No export is ever held whole in memory: each streams into its file.

Every writer goes through ``atomic_write``: the bytes land in a temporary file beside the target, are
flushed to disk, and replace the target in one ``os.replace``, so an interrupted run leaves the
previous export intact. Inside ``publish_together()`` the replacements wait until the block ends and
then happen one right after another, so a run killed while it writes its exports leaves every previous
export as it was (docs/reliability.md).

Any text is exported: literals are escaped (quotes, backslashes, line breaks, control characters), so
an N-Quads line never holds a raw line break (a literal may hold U+2028 or U+0085), and lone
surrogates, which no RDF format or UTF-8 can carry, become U+FFFD (see :func:`clean_text`).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import itertools
import json
import operator
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import ConfigError
from kg.forks import CAN_FORK, fork_pool
from kg.namespace import ALL_PREFIXES
from kg.ntriples import RDF_TYPE, Quad, unescape
from kg.turtle import Abbreviator, Statements, write_trig, write_turtle

FORMATS = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.trig": ox.RdfFormat.TRIG,
           "graph.nq": ox.RdfFormat.N_QUADS}
CONTEXT_FILE = "context.jsonld"
TEMP_SUFFIX = ".tmp"  # atomic_write's temporary files: ".<name>.<random>.tmp" beside the target
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_JSON_UNSAFE = re.compile(r"\\[uU']")  # N-Triples escapes that JSON writes otherwise, or can't read
_json_string = json.encoder.encode_basestring  # a str as JSON text, as json.dumps(ensure_ascii=False)
_STAGED: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("kg_staged_writes", default=None)
Writer = Callable[[IO[bytes]], None]  # writes one file's bytes to the binary file it is given
_LOCK_FDS: set[int] = set()  # folder_lock's descriptors, closed in forked children (see there)


def _close_locks_in_child() -> None:
    for fd in _LOCK_FDS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCK_FDS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_locks_in_child)


def clean_text(text: str) -> str:
    """``text`` with every surrogate code point (U+D800-U+DFFF) replaced by U+FFFD.

    Python strings may hold lone surrogates (``os.fsdecode`` of a bad file name, a caller's data); no RDF
    syntax, JSON text or UTF-8 file can, so the exporters write U+FFFD in their place.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", text)
    return text


def atomic_write(path: str | Path, data: bytes | Writer, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    ``data`` is the bytes, or a function that writes them to the binary file it is given (so large
    exports stream to disk). Inside :func:`publish_together`, the file is staged and replaces ``path``
    when the block ends. ``durable=False`` skips the ``fsync`` (about 4 ms a file here): for files whose
    loss in a power cut is harmless, such as cache entries, which are checked when read.
    """
    path = Path(path)
    tmp = _temp_file(path)
    try:
        _write(tmp, data, durable=durable)
        _publish(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temp_file(path: Path) -> Path:
    """A new empty temporary file beside ``path`` (``.<name>.<random>.tmp``), readable by everyone.

    ``path`` must be a regular file or not exist: replacing a device, a pipe or a link to one (``--out
    /dev/stdout``) would put a file in its place."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; exports are for everyone to read
    return Path(tmp)


def _write(tmp: Path, data: bytes | Writer, *, durable: bool = True) -> None:
    with open(tmp, "wb") as fh:
        if callable(data):
            data(fh)
        else:
            fh.write(data)
        fh.flush()
        if durable:
            os.fsync(fh.fileno())


def _publish(tmp: Path, path: Path) -> None:
    """Replace ``path`` with ``tmp`` now, or at the end of the enclosing :func:`publish_together`."""
    staged = _STAGED.get()
    if staged is None:
        os.replace(tmp, path)
    else:
        staged.append((tmp, path))


_JOBS: list[tuple[Path, Writer]] = []  # write_files' jobs, read by the forked writers by index


def _run_job(index: int) -> None:
    tmp, writer = _JOBS[index]
    _write(tmp, writer)


def write_files(jobs: dict[Path, Writer], *, workers: int = 1) -> list[Path]:
    """:func:`atomic_write` each path with its writer; ``workers`` > 1 writes that many files at once.

    The parallel writers are forked processes: they get the writers (and the data they hold, such as a
    graph's quads) by fork rather than by pickling. Each writes its temporary file; the files replace
    their targets here, together with the enclosing :func:`publish_together` if there is one. If any
    writer fails, no target changes and the error is raised.
    """
    if workers <= 1 or len(jobs) <= 1 or not CAN_FORK:
        for path, writer in jobs.items():
            atomic_write(path, writer)
        return list(jobs)
    global _JOBS
    temps = {Path(path): _temp_file(Path(path)) for path in jobs}
    try:
        _JOBS = [(temps[Path(path)], writer) for path, writer in jobs.items()]
        with fork_pool(min(workers, len(jobs))) as pool:
            for future in [pool.submit(_run_job, i) for i in range(len(_JOBS))]:
                future.result()
        for path, tmp in temps.items():
            _publish(tmp, path)
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _JOBS = []
    return list(temps)


@contextlib.contextmanager
def publish_together() -> Iterator[None]:
    """Stage every ``atomic_write`` of the block; replace the targets together when it ends without error.

    If the block raises, the staged temporary files are removed and no target changes. If one replacement
    fails (a folder where a file goes), the targets already replaced get their old versions back (kept as
    hard links until the end) and the error is raised. A process killed inside the block (SIGKILL, power
    loss) leaves the old targets and, at worst, stale ``.*.tmp`` files that nothing reads. The replacements
    themselves are one ``os.replace`` per file, microseconds apart.
    """
    staged: list[tuple[Path, Path]] = []
    token = _STAGED.set(staged)
    try:
        yield
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _STAGED.reset(token)
    _replace_all(staged)
    for directory in sorted({target.parent for _, target in staged}):
        _fsync_dir(directory)


def _replace_all(staged: list[tuple[Path, Path]]) -> None:
    """``os.replace`` each staged file over its target; all of them, or (on an error) none."""
    done: list[tuple[Path, Path | None, bool]] = []  # (target, hard link to its old version, it existed)
    try:
        for tmp, target in staged:
            old, existed = None, target.is_file()
            if existed:
                old = _temp_file(target)  # a free temporary name (a stale one is cleared as any other)
                old.unlink()
                try:
                    os.link(target, old)
                except OSError:  # no hard links on this file system: this target can't be put back
                    old = None
            done.append((target, old, existed))
            os.replace(tmp, target)
    except BaseException:
        for target, old, existed in reversed(done):
            if old is not None:
                os.replace(old, target)
            elif not existed and target.is_file():
                target.unlink()
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        for _, old, _ in done:
            if old is not None:
                old.unlink(missing_ok=True)


@contextlib.contextmanager
def folder_lock(folder: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (created if needed) for the block; fail at once if it is held.

    ``kg build`` holds it on its output folder, so two builds never write one folder at the same time
    and temporary files found there under the lock are known to be stale. The lock is ``flock`` on the
    folder itself (no lock file), released by the kernel even when the process is killed. Forked
    children (extraction workers) close their copy of the descriptor, so a worker that outlives a killed
    build can't keep the folder locked. Without ``fcntl`` (Windows) the block runs unlocked.

    Raises:
        ConfigError: another process holds the lock.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder} is a file, not a folder: choose another --out.")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    _LOCK_FDS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(f"Another kg build is writing to {folder}: wait for it to finish.") from None
        yield
    finally:
        _LOCK_FDS.discard(fd)
        os.close(fd)  # releases the lock


def stale_temp_files(folder: str | Path, names: Iterable[str] | None = None) -> list[Path]:
    """The temporary files ``atomic_write`` left in ``folder`` (``.<name>.<8 random chars>.tmp``), sorted.

    Only a process killed between writing and replacing leaves one. ``names`` limits the search to the
    temporary files of those targets; None means any target.
    """
    folder = Path(folder)
    targets = "|".join(re.escape(n) for n in names) if names is not None else ".+"
    pattern = re.compile(rf"\.(?:{targets})\.[a-z0-9_]{{8}}{re.escape(TEMP_SUFFIX)}")
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = (Path(e.path) for e in entries if pattern.fullmatch(e.name) and e.is_file(follow_symlinks=False))
    return sorted(found)


def _fsync_dir(directory: Path) -> None:
    """Make the renames in ``directory`` durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def prefixes() -> dict[str, str]:
    """Prefix -> namespace IRI, as the serialisers and the JSON-LD context use them.

    Ordered longest namespace first, then by prefix (pyoxigraph's Turtle sorts them by length again, and
    its order of equal lengths is its own: kg.turtle takes the ``@prefix`` lines from it).
    """
    items = sorted(((prefix, str(ns)) for prefix, ns in ALL_PREFIXES.items()),
                   key=lambda x: (-len(x[1]), x[0]))
    return dict(items)


def nquads_lines(quads: Iterable[Quad]) -> list[bytes]:
    """The N-Quads lines in UTF-8, sorted (their byte order is the code-point order of their text).

    Each line is encoded alone: bytes sort by memcmp and join by copying, where ``str`` lines of
    mixed widths (ASCII and CJK) compare character by character and widen when joined (0.2 s of a month).
    """
    lines = [(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n").encode("utf-8")  # as nquad_line
             for g, s, p, o in quads]
    lines.sort()
    return lines


def write_rdf(
    quads: list[Quad], fmt: ox.RdfFormat, out: IO[bytes], *, terms: Abbreviator | None = None,
    statements: Statements | None = None,
) -> None:
    """Turtle (the merged graph), TriG or N-Quads of ``quads`` (in export order) to ``out``.

    ``terms``, ``statements``: the Turtle and TriG writers' abbreviations and statement text (kg.turtle),
    shared so that each is made once for both files when one process writes them.
    """
    if fmt == ox.RdfFormat.N_QUADS:
        lines = nquads_lines(quads)
        for start in range(0, len(lines), 1 << 14):  # 16k lines (a few MB) at a time
            out.write(b"".join(lines[start:start + (1 << 14)]))
    elif fmt == ox.RdfFormat.TURTLE:
        write_turtle(quads, out, prefixes(), terms=terms, statements=statements)
    else:
        write_trig(quads, out, prefixes(), terms=terms, statements=statements)


def serialize(quads: list[Quad], fmt: ox.RdfFormat) -> bytes:
    """:func:`write_rdf` to bytes."""
    out = io.BytesIO()
    write_rdf(quads, fmt, out)
    return out.getvalue()


def to_turtle(quads: list[Quad]) -> bytes:
    """The merged graph as Turtle: readable prefixes, sorted, no blank nodes."""
    return serialize(quads, ox.RdfFormat.TURTLE)


def read_context() -> dict[str, Any]:
    """The JSON-LD context shipped as ``ontology/context.jsonld``."""
    text = resources.files("kg.ontology").joinpath(CONTEXT_FILE).read_text("utf-8")
    return json.loads(text)["@context"]


class _Compactor:
    """IRIs -> compact IRIs ('city:taiyuan') with the longest matching prefix of the context."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.spaces = {ns: p for p, ns in context.items() if isinstance(ns, str) and ns.endswith(("/", "#"))}

    def __call__(self, iri: str) -> str:
        # a namespace ends with '/' or '#': try the IRI's prefixes that do, longest first
        cut = len(iri) - 1
        while cut > 0:
            cut = max(iri.rfind("/", 0, cut), iri.rfind("#", 0, cut))
            prefix = self.spaces.get(iri[: cut + 1]) if cut > 0 else None
            if prefix is not None and not iri[cut + 1 :].startswith("//"):
                return f"{prefix}:{iri[cut + 1:]}"
        return iri


class _JsonTerms:
    """N-Triples terms -> JSON-LD text (compact ids, value objects), memoised.

    A literal's N-Triples escapes (``\\"``, ``\\\\``, ``\\n``, ``\\r``, ``\\t``, ``\\b``, ``\\f``)
    are JSON's too, so unless it holds a ``\\u`` escape its text goes into the JSON string as it is.
    """

    MEMO_MAX = 300_000  # terms remembered (IRIs, typed and short literals: most repeat)

    def __init__(self, context: dict[str, Any]) -> None:
        self.compact = _Compactor(context)
        self.curies: dict[str, tuple[str, str]] = {}  # IRI term -> (compact IRI, its JSON string)
        self.values: dict[str, str] = {}  # object term -> its JSON value
        self.keys: dict[str, str] = {}  # predicate -> '"curie"'
        self.order: dict[str, tuple[bool, str]] = {}  # JSON key -> its place in a node object
        self.fields: dict[str, tuple[str, str]] = {}  # predicate -> (its compact IRI, its JSON key)

    def curie(self, term: str) -> tuple[str, str]:
        """(compact IRI, its JSON string) of an IRI term (a blank node keeps its label), memoised: an IRI
        is often both a subject and an object (spans, selectors, entities)."""
        found = self.curies.get(term)
        if found is None:
            short = term if term.startswith("_:") else self.compact(term[1:-1])
            found = (short, _json_string(short))
            if len(self.curies) < self.MEMO_MAX:
                self.curies[term] = found
        return found

    def key(self, predicate: str) -> str:
        """JSON key of a predicate term."""
        found = self.keys.get(predicate)
        if found is None:
            found = self.keys[predicate] = _json_string(self.compact(predicate[1:-1]))
            self.order[found] = (True, self.compact(predicate[1:-1]))
        return found

    def field(self, predicate: str) -> tuple[str, str]:
        """(compact IRI, JSON key) of a predicate term: a node's keys sort by the first."""
        found = self.fields.get(predicate)
        if found is None:
            key = self.key(predicate)
            found = self.fields[predicate] = (self.order[key][1], key)
        return found

    def value(self, term: str) -> str:
        """An N-Triples term as a JSON-LD value object or node reference."""
        found = self.values.get(term)
        if found is None:
            found = self._value(term)
            if len(term) < 100 and len(self.values) < self.MEMO_MAX:
                self.values[term] = found
        return found

    def _value(self, term: str) -> str:
        if term[0] == "<":
            return '{"@id": ' + self.curie(term)[1] + "}"
        if term.startswith("_:"):
            return '{"@id": ' + json.dumps(term) + "}"
        end = term[-1]
        if end == '"':
            return '{"@value": ' + self._text(term[1:-1]) + "}"
        if end == ">":
            cut = term.rindex('"^^<')
            datatype = self.curie(term[cut + 3:])[1]  # '"lexical"^^<datatype>'
            return '{"@value": ' + self._text(term[1:cut]) + ', "@type": ' + datatype + "}"
        cut = term.rindex('"@')
        lang = _json_string(term[cut + 2:])
        return '{"@value": ' + self._text(term[1:cut]) + ', "@language": ' + lang + "}"

    @staticmethod
    def _text(escaped: str) -> str:
        if "\\" in escaped and _JSON_UNSAFE.search(escaped):
            return _json_string(unescape(escaped))
        return '"' + escaped + '"'

    def node_text(self, subject: tuple[str, str], node: dict[str, list[str]], tail: str = "}") -> str:
        """One node object: "@id", "@type", then the other keys in code-point order; ``tail`` closes it."""
        head = '{"@id": ' + subject[1]
        if not node:
            return head + tail
        keys = sorted(node, key=self.order.__getitem__) if len(node) > 1 else node
        return head + "".join([f", {k}: [{', '.join(node[k])}]" for k in keys]) + tail


_TYPE_KEY = '"@type"'


def _nodes(quads: Iterable[Quad], terms: _JsonTerms) -> dict[tuple[str, str], dict[str, list[str]]]:
    """Flattened node objects of ``quads`` (one graph) by (compact id, JSON id): JSON key -> JSON values."""
    nodes: dict[tuple[str, str], dict[str, list[str]]] = {}
    node: dict[str, list[str]] = {}
    values_of, keys_of, curies_of = terms.values.get, terms.keys.get, terms.curies.get
    terms.order[_TYPE_KEY] = (False, "@type")
    last = last_p = None
    values: list[str] = []
    for _, s, p, o in quads:
        if s != last:  # quads come by subject: look the node up once per run of its statements
            sid = curies_of(s) or terms.curie(s)
            node = nodes.get(sid) or nodes.setdefault(sid, {})
            last, last_p = s, None
        if p == RDF_TYPE and o[0] == "<":
            types = node.get(_TYPE_KEY) or node.setdefault(_TYPE_KEY, [])
            types.append((curies_of(o) or terms.curie(o))[1])
            last_p = None
            continue
        if p != last_p:  # and by predicate: look its values up once per run
            key = keys_of(p) or terms.key(p)
            values = node.get(key) or node.setdefault(key, [])
            last_p = p
        values.append(values_of(o) or terms.value(o))
    return nodes


_TEXT = operator.itemgetter(1)  # of a (compact id, node object text) pair


def _node_texts(quads: Iterable[Quad], terms: _JsonTerms) -> list[tuple[str, str]] | None:
    """(compact id, node object text) of each subject of ``quads`` (one graph, in export order), sorted by
    id; None when the quads do not come as runs of one subject, ``rdf:type`` first and then by predicate,
    every ``rdf:type`` an IRI (:func:`_nodes` puts such a graph together instead).

    Each node's text is made as its run ends: no node dictionaries, only its keys sorted. One loop over
    the quads (a subject's first quad starts its node), so a node costs a few steps, not a group's.
    """
    out: list[tuple[str, str]] = []
    values_of, curies_of, fields_of = terms.values.get, terms.curies.get, terms.fields.get
    seen: set[str] = set()
    last_s = last_p = ""
    sid = text = ""
    types: list[str] = []
    fields: list[tuple[str, str, list[str]]] = []
    values: list[str] = []
    for _, s, p, o in quads:
        if s != last_s:
            if last_s:
                out.append((sid, _node_text(text, types, fields)))
            sid, sjson = curies_of(s) or terms.curie(s)
            if sid in seen:
                return None
            seen.add(sid)
            text, types, fields, last_s, last_p = '{"@id": ' + sjson, [], [], s, ""
        if p != last_p:
            if p == RDF_TYPE:
                if o[0] != "<" or fields:
                    return None
                types.append((curies_of(o) or terms.curie(o))[1])
                continue
            if p < last_p:
                return None
            short, key = fields_of(p) or terms.field(p)
            values = []
            fields.append((short, key, values))
            last_p = p
        values.append(values_of(o) or terms.value(o))
    if last_s:
        out.append((sid, _node_text(text, types, fields)))
    out.sort()
    return out


def _node_text(head: str, types: list[str], fields: list[tuple[str, str, list[str]]]) -> str:
    """A node object's text from its ``"@id"`` (``head``), its types' and its keys' JSON."""
    if len(fields) > 1:
        fields.sort()
    if types:
        head += ', "@type": [' + ", ".join(types) + "]"
    return head + "".join([f", {k}: [{', '.join(v)}]" for _, k, v in fields]) + "}"


def write_jsonld(quads: list[Quad], out: IO[bytes], *, context: dict[str, Any] | None = None) -> None:
    """The dataset as JSON-LD: default-graph nodes, then one ``{"@id", "@graph"}`` object per named graph.

    Named graphs are written one at a time (``quads`` in export order), so memory holds the default
    graph's nodes and one named graph's. One node object per line, keys in order and no indent, so the
    file is readable and diffable; the text is put together from the terms' memoised JSON.
    """
    context = read_context() if context is None else context
    terms = _JsonTerms(context)
    compact = terms.compact
    names = {compact(g[1:-1]) for g in set(map(operator.itemgetter(0), quads)) if g}
    out.write(('{"@context": ' + json.dumps(context, ensure_ascii=False, indent=1) + ',\n"@graph": [\n')
              .encode("utf-8"))
    top: dict[tuple[str, str], dict[str, list[str]]] = {}
    first, pending = True, True  # pending: the default graph's nodes are not written yet

    def item(text: str) -> None:
        nonlocal first
        out.write((text if first else ",\n" + text).encode("utf-8"))
        first = False

    for name, graph in itertools.groupby(quads, key=operator.itemgetter(0)):
        if name == "":  # export order: the default graph comes first
            top = _nodes(graph, terms)
            continue
        if pending:  # a default-graph node that names a graph goes into that graph's object
            for key in sorted(top):
                if key[0] not in names:
                    item(terms.node_text(key, top[key]))
            pending = False
        gid = terms.curie(name)
        graph = list(graph)
        texts = _node_texts(graph, terms)
        if texts is None:
            nodes = _nodes(graph, terms)
            texts = [(sid, terms.node_text(key, nodes[key])) for key in sorted(nodes) for sid in key[:1]]
        body = "  " + ",\n  ".join(map(_TEXT, texts)) if texts else ""
        item(terms.node_text(gid, top.pop(gid, {}), ', "@graph": [\n') + body + "\n]}")
    if pending:
        for key in sorted(top):
            item(terms.node_text(key, top[key]))
    out.write(b"\n]}\n")


def to_jsonld(quads: list[Quad], *, context: dict[str, Any] | None = None) -> bytes:
    """:func:`write_jsonld` to bytes."""
    out = io.BytesIO()
    write_jsonld(quads, out, context=context)
    return out.getvalue()


def export_writers(quads: list[Quad], out: str | Path, *, turtle: bool = False) -> dict[Path, Writer]:
    """The writers of graph.jsonld, graph.trig, graph.nq and context.jsonld (and graph.ttl if asked).

    ``quads`` are in export order, as :func:`kg.graph.graph_quads` returns them. The largest come first,
    so that parallel writers finish close together.
    """
    out = Path(out)
    context = read_context()
    writers: dict[Path, Writer] = {
        out / "graph.jsonld": functools.partial(write_jsonld, quads, context=context)
    }
    terms = Abbreviator(prefixes())  # Turtle's and TriG's: in one process, the second finds them made
    statements = Statements(terms, readers=2 if turtle else 1)  # TriG's and Turtle's
    for name, fmt in FORMATS.items():
        if fmt != ox.RdfFormat.TURTLE or turtle:
            writers[out / name] = functools.partial(write_rdf, quads, fmt, terms=terms, statements=statements)
    text = json.dumps({"@context": context}, ensure_ascii=False, indent=1) + "\n"
    writers[out / CONTEXT_FILE] = functools.partial(_write_bytes, text.encode("utf-8"))
    return writers


def _write_bytes(data: bytes, out: IO[bytes]) -> None:
    out.write(data)
