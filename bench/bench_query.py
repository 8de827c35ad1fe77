"""Benchmark: every named query's median at ~1 M and ~10 M quads, and kg load against oxigraph load.

The data is a real build: the January 1998 People's Daily (../shared/data/pd98-*.jsonl in the archive
layout, as bench_scale.py writes it; 2,012 articles, about 0.5 M quads) built with ``kg build``, or
``--month DIR`` (a build folder with graph.nq). Its N-Quads are replicated under new IRIs to each size:
copy 0 is the month unchanged; in copy i every IRI under ``https://w3id.org/rmrb-kg/id/`` gets the suffix
``-x<i>`` and every label (rdfs:label, skos:prefLabel, skos:altLabel) the suffix `` <i>``, so the copies
are distinct articles and entities and a lookup such as ``entity "太原"`` still finds one of them.
The replicas and stores are written under ``--work`` (default: a temporary folder) and never committed.

Per size, in one run:
- load: ``kg load`` (``oxigraph load``, then compacting the store: kg/query.py:load_store) and ``oxigraph
  load`` then ``oxigraph optimize`` on the same file, each into a new store folder; quads per second and
  their ratio;
- queries: the median of ``--repeat`` runs (after one warm-up) of each named query in the kg load store,
  opened as ``kg query --store`` opens it (embedded pyoxigraph, read-only), fetching every row: wall time
  and CPU time (user + system: less sensitive to other jobs on a shared machine). Each query runs in a
  child process stopped after ``--limit`` seconds of wall time (printed as ">N s"), so that one slow query
  at 10 M does not hold up the others. With ``--instructions``, also the instructions of one warm run
  (valgrind's callgrind: the same count however loaded the machine is, so two texts of a query compare
  where their times, 10% apart from run to run on a shared machine, do not; cache misses are not counted).

A replica and its store are kept in ``--work`` with ``--reuse``: a 10 M store loads once (about 15
minutes), then every run reuses it. ``--no-compare`` skips the ``oxigraph load`` timing (half the load).

    python bench/bench_query.py                      # builds the month first (a few minutes)
    python bench/bench_query.py --month /tmp/month --sizes 1000000 --repeat 5
    python bench/bench_query.py --month /tmp/month --work /tmp/bq --reuse   # keep replicas and stores
    python bench/bench_query.py --month /tmp/month --work /tmp/bq2 --reindex  # graph:index of this code
    python bench/bench_query.py --month /tmp/month --work /tmp/bq --reuse --sizes 10000000 --repeat 1 --cold
    python bench/bench_query.py --month /tmp/month --work /tmp/bq --reuse --before /tmp/old  # old .rq too
    python bench/bench_query.py --month /tmp/month --work /tmp/bq --reuse --before /tmp/old --instructions \
        --queries colleagues --sizes 1000000 --repeat 3      # instruction counts (about a minute per query)
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from kg.query import (  # noqa: E402
    PreparedQuery,
    bind_params,
    load_store,
    named_queries,
    open_store,
    prepare,
    run_query,
    to_rows,
)
from kg.serve import find_oxigraph  # noqa: E402

PARAMS = {"career": {"person": "江泽民"}, "entity": {"entity": "太原"}, "evidence": {"predicate": "holds"}}
KGR = re.compile(r"<(https://w3id\.org/rmrb-kg/id/[^>]*)>")
LABEL = re.compile(r'^(\S+ <(?:http://www\.w3\.org/'
                   r'(?:2000/01/rdf-schema#label|2004/02/skos/core#(?:pref|alt)Label)'
                   r'|https://w3id\.org/rmrb-kg/ontology#labelKey)> "(?:[^"\\]|\\.)*)(")')


def build_month(work: Path) -> Path:
    """The January 1998 month in the archive layout, built with kg build (one worker, no view)."""
    from bench_scale import chinese_month

    src, out = work / "month-src", work / "month"
    src.mkdir(parents=True, exist_ok=True)
    chinese_month(src)
    subprocess.run([sys.executable, "-m", "kg", "build", str(src), "--out", str(out), "--no-html",
                    "--workers", "1", "-q"], check=True)
    return out


def reindex(month: Path, work: Path) -> Path:
    """A copy of the build folder ``month`` whose graph.nq has the graph:index this code computes."""
    from kg.index import INDEX_GRAPH, index_quads
    from kg.ntriples import nquad_line

    out = work / "month-reindexed"
    out.mkdir(parents=True, exist_ok=True)
    quads = []
    for q in ox.parse(path=str(month / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        if graph != INDEX_GRAPH:
            quads.append((graph, str(q.subject), str(q.predicate), str(q.object)))
    with (out / "graph.nq").open("w", encoding="utf-8") as fh:
        fh.writelines(nquad_line(q) for q in quads + index_quads(quads))
    return out


def replicate(source: Path, copies: int, out: Path) -> int:
    """``copies`` copies of the N-Quads file ``source`` under new IRIs (see the module docstring)."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    partial = out.with_suffix(".partial")  # renamed when complete: --reuse never reads a cut file
    with partial.open("w", encoding="utf-8") as fh:
        for i in range(copies):
            if i == 0:
                fh.writelines(lines)
                continue
            iri, label = (lambda m, i=i: f"<{m[1]}-x{i}>"), (lambda m, i=i: f"{m[1]} {i}{m[2]}")
            fh.writelines(LABEL.sub(label, KGR.sub(iri, line)) for line in lines)
    partial.replace(out)
    return copies * len(lines)


def _lines(path: Path) -> int:
    with path.open(encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def month_size(month: Path, work: Path, reuse: bool) -> int:
    """The month's quads: its graph.nq's lines or, with ``reuse`` when that file is gone (the stores of an
    earlier run kept, their files deleted), the quads of the smallest complete store in ``work`` divided by
    its copies (a store holds a triple found in two copies once: a slight underestimate)."""
    if month.exists() or not reuse:
        quads = _lines(month)
        print(f"month: {month} ({quads:,} quads)")
        return quads
    kept = sorted((int(d.name[1:]), d) for d in work.glob("x*")
                  if d.name[1:].isdigit() and (d / "kg-store.done").exists())
    if not kept:
        sys.exit(f"{month}: no such file, and no complete store in {work} to reuse")
    copies, size_dir = kept[0]
    quads = len(open_store(store=size_dir / "kg-store")) // copies
    print(f"month: {month} is gone; {quads:,} quads per copy, from the store of {size_dir}")
    return quads


def timed_load(size_dir: Path, data: Path, reuse: bool, compare: bool = True) -> tuple[float | None, ...]:
    """Seconds for kg load and for oxigraph load of ``data`` into new stores (None: reused or not timed)."""
    kg_store, ox_store = size_dir / "kg-store", size_dir / "oxigraph-store"
    done = size_dir / "kg-store.done"  # written after a complete load: --reuse never opens a cut store
    if reuse and done.exists():
        return None, None
    done.unlink(missing_ok=True)
    shutil.rmtree(kg_store, ignore_errors=True)
    shutil.rmtree(ox_store, ignore_errors=True)
    if not compare:
        load_store(kg_store, [data])
        done.touch()
        return None, None
    started, cpu = time.perf_counter(), _cpu()
    subprocess.run([find_oxigraph(), "load", "--location", str(ox_store), "--file", str(data)], check=True,
                   capture_output=True)
    # kg load compacts the store after loading (kg/query.py:load_store): the same work on this side
    subprocess.run([find_oxigraph(), "optimize", "--location", str(ox_store)], check=True,
                   capture_output=True)
    oxigraph, oxigraph_cpu = time.perf_counter() - started, _cpu() - cpu
    started, cpu = time.perf_counter(), _cpu()
    load_store(kg_store, [data])
    kg, kg_cpu = time.perf_counter() - started, _cpu() - cpu
    done.touch()
    shutil.rmtree(ox_store, ignore_errors=True)
    print(f"load CPU (user + system, with child processes): kg load {kg_cpu:.1f}s, oxigraph load "
          f"{oxigraph_cpu:.1f}s; ratio {oxigraph_cpu / kg_cpu:.2f}")
    return kg, oxigraph


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def median_ms(store: ox.Store, name: str, repeat: int, warm: bool = True) -> tuple[float, float, int]:
    """(median wall ms, median CPU ms: user + system of this process, rows) of ``repeat`` runs (after one
    warm-up run when ``warm``)."""
    query = _prepared(name)
    rows = len(to_rows(run_query(store, query))[1]) if warm else 0
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        rows = len(to_rows(run_query(store, query))[1])
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000, rows


def _prepared(spec: str) -> PreparedQuery:
    """A named query, or a ``NAME.rq`` file (another text of the named query NAME, for ``--before``), with
    the parameters of PARAMS bound as kg query binds them."""
    path = Path(spec)
    if path.suffix != ".rq":
        return prepare(spec, PARAMS.get(spec))
    text = PreparedQuery(path.read_text(encoding="utf-8"), spec, named_queries()[path.stem])
    return bind_params(text, PARAMS.get(path.stem, {}))


def limited(store: Path, name: str, repeat: int, limit: float, warm: bool) -> tuple[float, float, int] | None:
    """:func:`median_ms` of ``name`` in a child process opening ``store``; None when it took over ``limit``
    seconds of wall time (the child is stopped)."""
    try:
        command = [sys.executable, __file__, "--child", str(store), name, str(repeat), str(int(warm))]
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    ms, cpu, rows = json.loads(done.stdout.splitlines()[-1])
    return ms, cpu, rows


def instructions(store: Path, name: str) -> int | None:
    """Instructions of one warm run of ``name`` in ``store``, counted by valgrind's callgrind: a child running
    it twice less a child running it once (the same start-up, imports and first run). Deterministic, so two
    query texts compare on a loaded machine where their times do not; it counts no cache misses (a
    RocksDB block read from memory costs an instruction count, not its wait). None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    counts = []
    with tempfile.TemporaryDirectory(prefix="kg-callgrind-") as tmp:
        for runs in (1, 2):
            out = Path(tmp) / f"{runs}.out"
            command = [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
                       "--child", str(store), name, str(runs), "0"]
            subprocess.run(command, check=True, capture_output=True)
            counts.append(int(re.search(r"^summary: (\d+)", out.read_text(), re.MULTILINE)[1]))
    return counts[1] - counts[0]


def _counted(args: argparse.Namespace, size_dir: Path, name: str) -> str:
    """`` M instructions`` per run of query ``name`` when --instructions is given, else nothing."""
    if not args.instructions:
        return ""
    count = instructions(size_dir / "kg-store", name)
    return f"  {count / 1e6:,.0f} M instructions" if count is not None else "  (no valgrind)"


def main() -> None:
    if sys.argv[1:2] == ["--child"]:  # one query for limited(): STORE NAME REPEAT
        store, name, repeat, warm = sys.argv[2:6]
        print(json.dumps(median_ms(open_store(store=Path(store)), name, int(repeat), warm == "1")))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", type=Path, help="kg build folder with graph.nq (default: build the month)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000], help="target quads")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (median)")
    parser.add_argument("--work", type=Path, help="folder for replicas and stores (default: temporary)")
    parser.add_argument("--reuse", action="store_true", help="reuse replicas and stores found in --work")
    parser.add_argument("--reindex", action="store_true",
                        help="recompute the graph:index of the month with this code first")
    parser.add_argument("--queries", nargs="+", metavar="NAME", help="only these queries")
    parser.add_argument("--limit", type=float, default=120, help="stop a query after this many wall seconds")
    parser.add_argument("--cold", action="store_true",
                        help="no warm-up run: each timed run as kg query --store runs it once")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also time DIR/NAME.rq (an earlier text of query NAME) in the same run")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each query's instructions per run (valgrind callgrind; slow)")
    parser.add_argument("--no-compare", dest="compare", action="store_false",
                        help="load with kg load only (no oxigraph load timing)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-query-"))
    work.mkdir(parents=True, exist_ok=True)
    month_dir = args.month or build_month(work)
    if args.reindex and not (args.reuse and (work / "month-reindexed" / "graph.nq").exists()):
        month_dir = reindex(month_dir, work)
    elif args.reindex:
        month_dir = work / "month-reindexed"
    month = month_dir / "graph.nq"
    month_quads = month_size(month, work, args.reuse)
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    for size in args.sizes:
        copies = max(1, round(size / month_quads))
        size_dir = work / f"x{copies}"
        size_dir.mkdir(exist_ok=True)
        data = size_dir / "graph.nq"
        kept = args.reuse and (size_dir / "kg-store.done").exists()
        if not (args.reuse and data.exists()) and not kept:
            replicate(month, copies, data)
        quads = _lines(data) if data.exists() else len(open_store(store=size_dir / "kg-store"))
        kg, oxigraph = timed_load(size_dir, data, args.reuse, args.compare)
        print(f"\n== {quads:,} quads (the month x{copies})")
        if kg is not None and oxigraph is not None:
            print(f"load: kg load {kg:.1f}s = {quads / kg / 1e6:.3f} M quads/s; oxigraph load {oxigraph:.1f}s"
                  f" = {quads / oxigraph / 1e6:.3f} M quads/s; ratio {oxigraph / kg:.2f}")
        results[size] = {}
        print(f"{'query':29} {'rows':>8} {'median ms':>10} {'CPU ms':>10}")
        for name in args.queries or named_queries():
            result = limited(size_dir / "kg-store", name, args.repeat, args.limit, not args.cold)
            if result is None:
                print(f"{name:29} {'':8} {f'>{args.limit:.0f} s':>10}", flush=True)
                continue
            ms, cpu, rows = results[size][name] = result
            print(f"{name:29} {rows:8d} {ms:10.1f} {cpu:10.1f}{_counted(args, size_dir, name)}", flush=True)
            before = args.before / f"{name}.rq" if args.before else None
            if before and before.is_file():
                old = limited(size_dir / "kg-store", str(before), args.repeat, args.limit, not args.cold)
                limit = f">{args.limit:.0f} s"
                shown = f"{old[0]:10.1f} {old[1]:10.1f}  ({old[2]} rows)" if old else f"{limit:>10}"
                shown += _counted(args, size_dir, str(before))
                print(f"{'  before: ' + name:29} {'':8} {shown}", flush=True)
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"\n{'query':29} {'CPU ratio':>11} (data ratio {large / small:.0f})")
        for name in args.queries or named_queries():
            if name in results[small] and name in results[large]:
                print(f"{name:29} {results[large][name][1] / max(results[small][name][1], 0.1):10.1f}x")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
