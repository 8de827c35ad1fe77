"""The query stage: SPARQL over the exports, in an embedded store (pyoxigraph) or on a SPARQL endpoint.

Consumes export files (``graph.ttl``, ``.trig``, ``.nq``, ``.jsonld``: any RDF file by extension, also
gzipped) or a persistent store folder made by ``kg load``; produces pyoxigraph results (solutions, a
boolean or triples) that the CLI prints as a table or writes in the standard SPARQL results formats.

Named queries are ``kg/queries/*.rq``. Each starts with ``# <one-line description>``, then comment lines
on its columns and ``# param: NAME [(required)] help`` lines. A parameter is a ``VALUES ?NAME { UNDEF }``
placeholder that :func:`bind_params` fills in as text; for other queries a ``--param`` becomes a trailing
``VALUES`` clause (SPARQL 1.1 section 10.2.2). Either way the bound text is plain SPARQL, so a query
runs the same in the embedded store and on any endpoint. The embedded store treats the default graph as
the union of all graphs, so TriG/N-Quads exports (every triple in a named graph) answer like graph.ttl;
an endpoint whose default graph is empty while its named graphs are not is reported, not read as 0 rows.
"""

from __future__ import annotations

import contextlib
import difflib
import gzip
import operator
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pyoxigraph as ox

from kg.collector import paused
from kg.errors import ConfigError, KGError, QueryError
from kg.index import label_key
from kg.namespace import PREFIXES
from kg.ntriples import unescape

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json": ox.RdfFormat.JSON_LD}
_PREFIX_IRIS = {name: str(ns) for name, ns in PREFIXES.items()}
# Reverse order puts a namespace before any namespace it extends: person:li-ming, not kgr:person/li-ming.
_SHORTEN = sorted(_PREFIX_IRIS.items(), key=operator.itemgetter(1), reverse=True)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM_LINE = re.compile(r"#\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\(required\))?\s*(.*)")

Result = ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]


@dataclass(frozen=True)
class Param:
    """A parameter a named query takes: ``kg query NAME --param NAME=VALUE``."""

    name: str
    help: str
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``kg/queries/``: its name is the file stem."""

    name: str
    path: Path
    description: str
    params: tuple[Param, ...]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class PreparedQuery:
    """Query text ready to run (parameters bound) and where it came from, for error messages."""

    text: str
    source: str
    named: NamedQuery | None = None


def parse_header(text: str) -> tuple[str, tuple[Param, ...]]:
    """The description (first comment line) and the ``# param:`` lines of a query file."""
    lines = text.splitlines()
    description = lines[0].lstrip("#").strip() if lines and lines[0].startswith("#") else ""
    params = []
    for line in lines:
        if not line.startswith("#"):
            break
        match = _PARAM_LINE.match(line)
        if match:
            params.append(Param(match[1], match[3].strip(), required=bool(match[2])))
    return description, tuple(params)


def named_queries() -> dict[str, NamedQuery]:
    """The shipped queries by name, sorted."""
    queries = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        description, params = parse_header(path.read_text(encoding="utf-8"))
        queries[path.stem] = NamedQuery(path.stem, path, description, params)
    return queries


def resolve_query(spec: str) -> PreparedQuery:
    """A named query, a ``.rq`` file or inline SPARQL text, as unbound query text."""
    queries = named_queries()
    if spec in queries:
        return PreparedQuery(queries[spec].text, f"{spec}.rq", queries[spec])
    path = Path(spec)
    if path.suffix in (".rq", ".sparql") and "\n" not in spec:
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        return PreparedQuery(path.read_text(encoding="utf-8"), str(path))
    if re.search(r"\s", spec.strip()) or "{" in spec:
        return PreparedQuery(spec, "query")
    close = difflib.get_close_matches(spec, queries, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise QueryError(f"Unknown query '{spec}'.{hint} Available queries: {', '.join(queries)} "
                     "(or give a .rq file or SPARQL text).")


def to_term(value: str) -> str:
    """A ``--param`` value as a SPARQL term: IRI, prefixed name, SPARQL literal, integer, or plain string."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">") and not re.search(r"[\s<>\"{}|^`\\]", value[1:-1]):
        return value
    if value.startswith('"'):
        return value  # already a literal in SPARQL syntax, e.g. "Li Ming"@en; the parser checks it
    if re.fullmatch(r"[+-]?\d+", value):
        return value
    match = re.fullmatch(r"([A-Za-z][\w.-]*):([^\s<>\"{}|^`\\]*)", value)
    if match and match[1] in _PREFIX_IRIS:
        return f"<{_PREFIX_IRIS[match[1]]}{match[2]}>"
    if re.match(r"(https?|urn|file):\S+$", value) and not re.search(r"[<>\"{}|^`\\]", value):
        return f"<{value}>"
    return _string(value)


def _string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def bind_params(query: PreparedQuery, params: Mapping[str, str]) -> PreparedQuery:
    """The query with each parameter bound: its ``VALUES ?name { UNDEF }`` filled, or a trailing VALUES."""
    text = query.text
    declared = {p.name: p for p in query.named.params} if query.named else None
    if declared is not None:
        unknown = sorted(set(params) - set(declared))
        if unknown:
            takes = ("only " + ", ".join(declared)) if declared else "no parameters"
            raise QueryError(f"{query.source} has no parameter '{unknown[0]}'; it takes {takes}")
        missing = [p for p in declared.values() if p.required and p.name not in params]
        if missing:
            raise QueryError(f"{query.source} needs --param {missing[0].name}=VALUE ({missing[0].help})")
    for name, value in sorted(params.items()):
        if not _NAME.fullmatch(name):
            raise QueryError(f"bad parameter name {name!r}: use letters, digits and _ (name=value)")
        term = to_term(value)
        if declared is not None and term.startswith('"') and not value.lstrip().startswith('"'):
            term = to_term(unicodedata.normalize("NFKC", value))  # a name: NFKC, as the keys of graph:index
        values = f"VALUES ?{name} {{ {term} }}"
        placeholder = re.compile(rf"VALUES\s+[?$]{name}\s*\{{\s*UNDEF\s*\}}")
        if placeholder.search(text):
            text = placeholder.sub(values.replace("\\", "\\\\"), text)
        elif re.search(rf"[?$]{name}\b", text):
            text = f"{text.rstrip()}\n{values}\n"
        else:
            raise QueryError(f"{query.source} has no variable ?{name} to bind --param {name}")
    for name in declared or ():
        key = name_key(params[name]) if name in params else None
        placeholder = re.compile(rf"VALUES\s+[?$]{name}_key\s*\{{\s*UNDEF\s*\}}")
        text = placeholder.sub(f"VALUES ?{name}_key {{ {key or ''} }}".replace("\\", "\\\\"), text)
    return PreparedQuery(text, query.source, query.named)


def name_key(value: str) -> str | None:
    """The ``kg:labelKey`` literal a parameter given as a name is looked up by (kg/index.py: NFKC, lower
    case), or None when the value is an IRI. A named query's ``VALUES ?NAME_key { UNDEF }`` gets it (or
    nothing, for an IRI or no value), so that the lookup is one index probe rather than a label scan."""
    term = to_term(value)
    if term.startswith("<"):
        return None
    quoted = re.match(r'"((?:[^"\\]|\\.)*)"', term)
    text = unescape(quoted[1]) if quoted else term
    return _string(label_key(text))


def prepare(spec: str, params: Mapping[str, str] | None = None) -> PreparedQuery:
    """Resolve ``spec`` (name, file or text) and bind ``params``: the text to run anywhere."""
    return bind_params(resolve_query(spec), params or {})


def parse_param(item: str) -> tuple[str, str]:
    """'entity=Li Ming' -> ('entity', 'Li Ming')."""
    name, sep, value = item.partition("=")
    if not sep or not _NAME.fullmatch(name.strip()):
        raise QueryError(f"bad --param {item!r}: expected name=value, e.g. --param entity=person:li-ming")
    return name.strip(), value


# --- stores -----------------------------------------------------------------------------------------

def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file from its extension (``graph.ttl``, ``graph.nq.gz``...)."""
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    fmt = ox.RdfFormat.from_extension(ext) if ext else None
    if fmt is None:
        shown = f".{ext}" if ext else "(none)"
        raise ConfigError(f"{path}: can't tell the RDF format from the extension {shown}; expected .ttl, "
                          ".trig, .nq, .nt, .jsonld, .rdf or .n3, optionally .gz")
    return fmt


def load_files(store: ox.Store, paths: Iterable[Path]) -> int:
    """Load RDF files into ``store``; returns how many quads the store holds after."""
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"{path}: no such file")
        fmt = rdf_format(path)
        try:
            if path.name.endswith(".gz"):
                with gzip.open(path, "rb") as fh:
                    store.bulk_load(fh, format=fmt)
            else:
                store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as err:
            raise ConfigError(f"{path}: can't parse as {fmt.name}: {one_line(err)}") from None
        except (OSError, EOFError) as err:
            raise ConfigError(f"{path}: can't read: {one_line(err)}") from None
    return len(store)


def _is_store(directory: Path) -> bool:
    return (directory / "CURRENT").is_file()


def open_store(*, graphs: Sequence[Path] = (), store: Path | None = None) -> ox.Store:
    """An in-memory store of ``graphs``, or the store folder ``store`` opened read-only."""
    if store is not None and graphs:
        raise ConfigError("give --graph files or --store DIR, not both")
    if store is None:
        memory = ox.Store()
        load_files(memory, graphs)
        return memory
    if not _is_store(store):
        raise ConfigError(f"{store}: not a kg store folder (make one with: kg load --store {store} FILES...)")
    try:
        return ox.Store.read_only(str(store))
    except OSError as err:
        raise ConfigError(f"{store}: can't open the store: {one_line(err)}") from None


@contextlib.contextmanager
def store_lock(directory: Path, *, shared: bool) -> Iterator[None]:
    """Hold a lock on a store folder for the block: shared while ``kg serve`` serves it, exclusive while
    ``kg load`` writes it, so that a load into a served store fails at once instead of going unseen.

    Raises:
        ConfigError: the folder is locked the other way (``kg serve`` serving it, or another ``kg load``).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            busy = "kg load is writing to it" if shared else "kg serve is serving it (or kg load is writing)"
            raise ConfigError(f"{directory}: the store is in use: {busy}; stop that first") from None
        yield
    finally:
        os.close(fd)  # releases the lock


# Where a format puts its triples: the default graph (triples) or named graphs (quads); JSON-LD either.
_TARGETS = {ox.RdfFormat.TURTLE: "default", ox.RdfFormat.N_TRIPLES: "default",
            ox.RdfFormat.RDF_XML: "default", ox.RdfFormat.N3: "default",
            ox.RdfFormat.N_QUADS: "named", ox.RdfFormat.TRIG: "named"}
_TWICE = ("{where}: the graph would be in the store twice, as triples in the default graph (graph.ttl) and "
          "as quads in named graphs (graph.trig, graph.nq), and queries over the union would count each fact "
          "twice: load one or the other (kg load --replace starts afresh)")


def _graph_kinds(store: ox.Store) -> tuple[bool, bool]:
    """(the store has triples in the default graph, it has triples in named graphs)."""
    default = next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None
    named = next(iter(store.named_graphs()), None) is not None
    return default, named


def _oxigraph_cli() -> str | None:
    """The ``oxigraph`` command beside this Python (same version as pyoxigraph), else on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def _bulk_load(directory: Path, path: Path, fmt: ox.RdfFormat) -> None:
    """Load one file into the store folder with ``oxigraph load``: the native bulk loader, atomic per file.

    ``oxigraph load`` parses on all cores and writes the store's sorted files directly; through pyoxigraph
    (``Store.bulk_load``) the same file loads at about 0.8 of its rate here (bench/bench_query.py). Without
    the command, or for a gzipped file, pyoxigraph's bulk loader is used.
    """
    oxigraph = _oxigraph_cli()
    if oxigraph is None or path.name.endswith(".gz"):
        store = ox.Store(str(directory))
        load_files(store, [path])
        store.flush()
        return
    command = [oxigraph, "load", "--location", str(directory), "--format", fmt.media_type,
               "--file", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    except OSError as err:
        raise ConfigError(f"{path}: can't run {oxigraph}: {one_line(err)}") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.startswith("Error while loading")]
        detail = lines[0].split(": ", 1)[-1] if lines else (done.stderr.strip().splitlines() or ["failed"])[0]
        raise ConfigError(f"{path}: can't parse as {fmt.name}: {one_line(detail)}")


def _optimize(directory: Path) -> None:
    """Compact the store folder with ``oxigraph optimize`` (about 0.75 of the CPU of pyoxigraph's
    ``Store.optimize`` on the same store here), else with pyoxigraph."""
    oxigraph = _oxigraph_cli()
    if oxigraph is not None:
        try:
            done = subprocess.run([oxigraph, "optimize", "--location", str(directory)],  # noqa: S603
                                  capture_output=True, text=True)
        except OSError:  # the command can't run: pyoxigraph does the same work
            done = None
        if done is not None and done.returncode == 0:
            return
    store = _open_rw(directory)
    try:
        store.optimize()
        store.flush()
    except OSError as err:
        raise ConfigError(f"{directory}: can't compact the store: {one_line(err)}") from None


def _open_rw(directory: Path) -> ox.Store:
    try:
        return ox.Store(str(directory))
    except OSError as err:
        raise ConfigError(f"{directory}: can't open the store (is kg serve or kg load using it?): "
                          f"{one_line(err)}") from None


def load_store(directory: Path, paths: Sequence[Path], *, replace: bool = False) -> tuple[int, int]:
    """Load files into the persistent store at ``directory`` (created if new): (quads before, after).

    All or nothing when the store starts empty: if a file fails, the store is emptied again (each file
    is loaded atomically). Loading a graph both as triples (``graph.ttl``: the default graph) and as quads
    (``graph.trig``/``.nq``: named graphs) would count every fact twice in the union of graphs, so it is
    refused. Loading the same quads again adds nothing. The store is compacted at the end: a bulk load
    leaves its sorted files in batches, and each index probe of a query then reads one file per batch (at
    10 M quads a probe took 47 µs before compacting, 9 µs after; docs/sparql.md, "Speed").
    """
    if directory.exists() and not directory.is_dir():
        raise ConfigError(f"{directory}: exists and is not a folder")
    if directory.is_dir() and any(directory.iterdir()) and not _is_store(directory):
        raise ConfigError(f"{directory}: folder is not empty and is not a kg store; choose a new folder")
    formats = {}
    for path in paths:  # check every file before touching the store
        if not Path(path).is_file():
            raise ConfigError(f"{path}: no such file")
        formats[Path(path)] = rdf_format(Path(path))
    directory.mkdir(parents=True, exist_ok=True)
    with store_lock(directory, shared=False):
        store = _open_rw(directory)
        if replace:
            store.clear()
        before = len(store)
        kinds = {_TARGETS[fmt] for fmt in formats.values() if fmt in _TARGETS}
        kinds |= {kind for kind, has in zip(("default", "named"), _graph_kinds(store), strict=True) if has}
        if len(kinds) > 1:
            raise ConfigError(_TWICE.format(where=directory if before else ", ".join(map(str, formats))))
        store.flush()
        del store  # oxigraph load opens the folder itself
        done: list[str] = []
        problem: KGError | None = None
        try:
            for path, fmt in formats.items():
                _bulk_load(directory, path, fmt)
                done.append(str(path))
        except KGError as err:
            problem = err
        store = _open_rw(directory)
        if problem is None and all(_graph_kinds(store)):  # JSON-LD can be either
            problem, done = ConfigError(_TWICE.format(where=", ".join(done))), done[:-1]
        if problem is None:
            del store
            _optimize(directory)  # one sorted run per index: a probe reads one file, not one per batch
            return before, len(_open_rw(directory))
        if before == 0:
            store.clear()
            store.flush()
            raise ConfigError(f"{problem} (nothing was loaded: the store is empty)")
        kept = f" and {', '.join(done)}" if done else ""
        raise ConfigError(f"{problem} (the store keeps what it held before{kept}: kg load --replace "
                          "starts afresh)")


# --- running ----------------------------------------------------------------------------------------

def one_line(err: BaseException | str) -> str:
    """A parser or server message on one line: positions as 'line L, column C', long lists cut."""
    text = " ".join(str(err).split())
    text = re.sub(r"error at (\d+):(\d+)", r"syntax error at line \1, column \2", text)
    return text if len(text) <= 240 else text[:237] + "..."


def run_query(store: ox.Store, query: PreparedQuery) -> Result:
    """Run a prepared query in the embedded store; the kg prefixes are predeclared for inline queries."""
    try:
        result = store.query(query.text, use_default_graph_as_union=True, prefixes=_PREFIX_IRIS)
    except SyntaxError as err:
        raise QueryError(f"{query.source}: invalid SPARQL: {one_line(err)}") from None
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(f"{query.source}: query failed: {one_line(err)}") from None
    if isinstance(result, ox.QueryTriples):
        return _sorted_triples(result, query.source)
    return result


_KG_PROPERTY = re.compile(r"(?<![\w:])kg:([a-z]\w*)")


def absent_properties(store: ox.Store, query: PreparedQuery) -> list[str]:
    """The kg: properties ``query`` reads that no quad of ``store`` has, for a note when it finds nothing:
    a store loaded from an older kg's exports lacks the graph:index properties added since."""
    text = re.sub(r"(?m)^\s*#.*$", "", query.text)  # not the names in comments
    missing = []
    for name in sorted(set(_KG_PROPERTY.findall(text))):
        ask = f"ASK {{ ?s <{PREFIXES['kg']}{name}> ?o }}"
        if not bool(store.query(ask, use_default_graph_as_union=True)):
            missing.append(f"kg:{name}")
    return missing


def _sorted_triples(triples: Iterable[ox.Triple], source: str) -> list[ox.Triple]:
    """Graph results in a stable order, so that CONSTRUCT output is deterministic."""
    try:
        return sorted(triples, key=str)
    except (OSError, RuntimeError) as err:
        raise QueryError(f"{source}: query failed: {one_line(err)}") from None


def with_prefixes(text: str) -> str:
    """``text`` with a PREFIX declaration for each kg prefix it uses but does not declare (for endpoints)."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w.-]*):", text, flags=re.IGNORECASE)}
    used = [name for name in _PREFIX_IRIS if name.lower() not in declared
            and re.search(rf"(?<![\w<#/:?$\"-]){re.escape(name)}:", text)]
    return "".join(f"PREFIX {name}: <{_PREFIX_IRIS[name]}> " for name in used) + ("\n" if used else "") + text


def query_endpoint(url: str, query: PreparedQuery, *, timeout: float = 60.0) -> Result:
    """Run a prepared query on a SPARQL 1.1 Protocol endpoint (POST, form-encoded) and parse the answer."""
    data = urlencode({"query": with_prefixes(query.text)}).encode()
    request = Request(url, data=data, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - the user's endpoint
            body, media_type = response.read(), response.headers.get_content_type()
    except HTTPError as err:
        detail = one_line(err.read().decode("utf-8", "replace")) or err.reason
        raise QueryError(f"{url}: HTTP {err.code} for {query.source}: {detail}") from None
    except (URLError, OSError) as err:
        raise QueryError(f"{url}: can't reach the SPARQL endpoint: {getattr(err, 'reason', err)}") from None
    try:
        if media_type == "application/sparql-results+json":
            solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if isinstance(solutions, ox.QuerySolutions) and next(iter(solutions), None) is None:
                _check_union(url, query.source, timeout=timeout)
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise QueryError(f"{url}: unexpected answer of type {media_type!r} for {query.source}")
        return sorted((quad.triple for quad in ox.parse(body, format=fmt)), key=str)
    except SyntaxError:
        tail = one_line(body[-120:].decode("utf-8", "replace"))
        raise QueryError(f"{url}: the answer to {query.source} is not valid ({media_type}); it ends with: "
                         f"{tail!r} (a server-side timeout or error cut it short)") from None


_UNION_ASKS = ("ASK { ?s ?p ?o }", "ASK { GRAPH ?g { ?s ?p ?o } }")


def _check_union(url: str, source: str, *, timeout: float) -> None:
    """Raise if an endpoint's default graph is empty while its named graphs are not.

    The exports keep every triple in a named graph, so a store that does not answer over the union of
    its graphs (Oxigraph without --union-default-graph) would give 0 rows to every query, silently.
    """
    answers = []
    for ask in _UNION_ASKS:
        request = Request(url, data=urlencode({"query": ask}).encode(), method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        try:
            with urlopen(request, timeout=timeout) as response:  # noqa: S310 - the user's endpoint
                answer = ox.parse_query_results(response.read(), format=ox.QueryResultsFormat.JSON)
            answers.append(bool(answer))
        except (HTTPError, URLError, OSError, SyntaxError):
            return  # can't tell: the empty answer stands
    if answers == [False, True]:
        raise QueryError(f"{url}: 0 rows for {source} because the endpoint's default graph is empty while "
                         "its named graphs are not: serve the store so that the default graph is the union "
                         "of all graphs (oxigraph serve --union-default-graph; Jena tdb2:unionDefaultGraph; "
                         "kg serve does this), or load graph.ttl")


def write_results(result: Result, fmt: str, *, source: str = "query") -> bytes:
    """The results in a standard format: SPARQL JSON/CSV/TSV/XML results, or Turtle/N-Triples/JSON-LD."""
    try:
        if isinstance(result, list):
            if fmt not in GRAPH_FORMATS:
                raise QueryError(f"{source} returns a graph (CONSTRUCT/DESCRIBE): use --format table, "
                                 f"{', '.join(GRAPH_FORMATS)}")
            prefixes = _used_prefixes(result) if fmt == "ttl" else None
            return ox.serialize(result, format=GRAPH_FORMATS[fmt], prefixes=prefixes) or b""
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"{source} returns solutions: use --format table, {', '.join(RESULT_FORMATS)}")
        return result.serialize(format=RESULT_FORMATS[fmt]) or b""
    except (OSError, RuntimeError) as err:
        raise QueryError(f"{source}: query failed: {one_line(err)}") from None


def to_rows(result: Result, *, source: str = "query") -> tuple[list[str], list[tuple]]:
    """Column names and rows of terms (None when unbound), whatever the query form."""
    try:
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [(ox.Literal("true" if bool(result) else "false"),)]
        if isinstance(result, list):
            return ["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in result]
        names = [v.value for v in result.variables]
        # tens of thousands of rows of terms, no cycles: the collector would walk them again and again as
        # they accumulate (5% of colleagues)
        with paused():
            return names, [tuple(solution) for solution in result]  # in column order; None when unbound
    except (OSError, RuntimeError) as err:
        raise QueryError(f"{source}: query failed: {one_line(err)}") from None


# --- display ----------------------------------------------------------------------------------------

def _prefix_of(iri: str) -> str | None:
    for name, namespace in _SHORTEN:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return name
    return None


def _used_prefixes(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """The kg prefixes that some IRI (or literal datatype) of ``triples`` uses, for readable Turtle."""
    used = set()
    for triple in triples:
        datatype = getattr(triple.object, "datatype", None)
        for term in (triple.subject, triple.predicate, triple.object, datatype):
            if isinstance(term, ox.NamedNode):
                used.add(_prefix_of(term.value))
    return {name: iri for name, iri in _PREFIX_IRIS.items() if name in used}


def shorten(iri: str) -> str:
    """An IRI as a prefixed name when a kg prefix covers it: 'person:li-ming'."""
    name = _prefix_of(iri)
    return f"{name}:{iri[len(_PREFIX_IRIS[name]):]}" if name else f"<{iri}>"


def term_text(term: object) -> str:
    """A term as a table shows it: labels as plain text, IRIs shortened, blank nodes as _:id."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return printable(" ".join(term.value.split("\n")).replace("\r", "").replace("\t", " "))
    return printable(str(term))


def printable(text: str) -> str:
    """Control characters (ESC, BEL, C1, bidi overrides…) written as \\xNN / \\uNNNN escapes, so that
    article text cannot move the cursor, recolour or clear the terminal it is printed on."""
    return "".join(ch if ch.isprintable() or ch == " " else
                   f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}" for ch in text)


def _width(text: str) -> int:
    """Columns taken in a terminal: CJK characters are two wide, combining marks none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _clip(text: str, limit: int) -> str:
    if limit <= 0 or _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += _width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def _fit(widths: list[int], total: int, floor: int = 6) -> list[int]:
    """Column widths within ``total`` columns (two spaces between columns): the widest columns are cut
    to a common cap, never below ``floor`` (a table too wide even then is left wider than ``total``)."""
    budget = total - 2 * (len(widths) - 1)
    if total <= 0 or sum(widths) <= budget:
        return widths
    cap = max(widths)
    while cap > floor and sum(min(w, cap) for w in widths) > budget:
        cap -= 1
    return [min(w, cap) for w in widths]


def to_table(columns: Sequence[str], rows: Sequence[Sequence[object]], *, max_width: int = 80,
             width: int = 0) -> str:
    """An aligned plain-text table at most ``width`` columns wide (0: no limit); cells wider than
    ``max_width`` (0: no limit) or than their column's share of ``width`` end with '…'."""
    cells = [[_clip(term_text(term), max_width) for term in row] for row in rows]
    names = [printable(name) for name in columns]
    widths = [max([_width(name)] + [_width(row[i]) for row in cells]) for i, name in enumerate(names)]
    widths = _fit(widths, width)
    names = [_clip(name, w) for name, w in zip(names, widths, strict=True)]
    cells = [[_clip(cell, w) for cell, w in zip(row, widths, strict=True)] for row in cells]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(names), line(["-" * w for w in widths]), *(line(row) for row in cells)])
