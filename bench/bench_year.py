"""A measured year: twelve month shards built on a real Dask cluster, merged into one store.

    nice python bench/bench_year.py --work /tmp/year [--months 12] [--query-timeout 60]

The corpus is the January 1998 People's Daily (``bench_scale.chinese_month``: PKU ICL / Fujitsu annotated
corpus, written to ``--work`` at benchmark time, never committed) replicated ``--months`` times under new
article ids (``mNN-`` before each file name): about 24,000 articles for twelve. The script starts
``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1`` on loopback (the venv's own ``python -m
dask``, so the workers import this kg), builds each month with ``kg build --engine dask --scheduler ...``
(no cache, no HTML view), loads every shard's ``graph.nq`` into one store with ``kg load``, times the
named queries there (each in a process of its own, stopped after ``--query-timeout`` seconds), and checks
that the first ``--check-shards`` shards' exports are byte-identical to local one-process builds of the
same articles (``--check-only`` and ``--queries-only`` redo one step on a finished ``--work``). Peak
memory is sampled every second per process (RSS and PSS from /proc/PID/smaps_rollup).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_query import PARAMS  # noqa: E402  (the same parameters as the 1 M / 10 M benchmark)
from bench_scale import _rss_pss, chinese_month  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted(p.stem for p in (ROOT / "kg" / "queries").glob("*.rq"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PeakMemory:
    """Peak RSS / PSS per process (by role and pid) of some process trees, sampled every second."""

    def __init__(self) -> None:
        self.roots: dict[str, int] = {}
        self.peaks: dict[tuple[str, int], tuple[int, int]] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, role: str, pid: int) -> None:
        self.roots[role] = pid

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._done.wait(1.0):
            for role, pid in list(self.roots.items()):
                try:
                    tree = psutil.Process(pid)
                    procs = [tree, *tree.children(recursive=True)]
                except psutil.Error:
                    continue
                for p in procs:
                    try:
                        rss, pss = _rss_pss(p.pid)
                    except OSError:
                        continue
                    key = (role if p.pid == pid else f"{role} child", p.pid)
                    old = self.peaks.get(key, (0, 0))
                    self.peaks[key] = (max(old[0], rss), max(old[1], pss))

    def report(self) -> list[str]:
        """Per role, the largest peak of any one of its processes."""
        roles: dict[str, tuple[int, int, int]] = {}
        for (role, _), (rss, pss) in sorted(self.peaks.items()):
            old = roles.get(role, (0, 0, 0))
            roles[role] = (max(old[0], rss), max(old[1], pss), old[2] + 1)
        return [f"  {role:22} ({n:2} process(es)): peak RSS {rss / 2**20:7,.0f} MB, "
                f"PSS {pss / 2**20:7,.0f} MB"
                for role, (rss, pss, n) in roles.items()]


def make_shards(work: Path, months: int, limit: int | None = None) -> tuple[list[Path], int, int]:
    """``work``/corpus/1998-MM/: the month under new ids, once per month; (shards, articles, chars)."""
    month = work / "month"
    if month.exists():
        shutil.rmtree(month)
    month.mkdir(parents=True)
    chinese_month(month)
    files = sorted(month.glob("*.md"))[:limit]
    chars = sum(len(f.read_text("utf-8")) for f in files)
    shards = []
    for m in range(1, months + 1):
        shard = work / "corpus" / f"1998-{m:02d}"
        if shard.exists():
            shutil.rmtree(shard)
        shard.mkdir(parents=True)
        for f in files:
            os.link(f, shard / f"m{m:02d}-{f.name}")
        shards.append(shard)
    return shards, len(files) * months, chars * months


def kg(*args: str, timeout: float | None = None, memory: PeakMemory | None = None) -> float:
    """Run ``python -m kg ARGS`` and return its wall time (raises on failure or timeout)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=subprocess.DEVNULL)
    if memory is not None:
        memory.watch(f"kg {args[0]}", proc.pid)
    try:
        code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    if code:
        raise subprocess.CalledProcessError(code, ["kg", *args])
    return time.perf_counter() - start


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, required=True, help="scratch folder (corpus, shards, store)")
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--query-timeout", type=float, default=60.0)
    ap.add_argument("--limit", type=int, help="only the first N articles of the month (a smoke test)")
    ap.add_argument("--check-shards", type=int, default=1, metavar="K",
                    help="compare the first K shards (default 1) with local builds of the same articles")
    ap.add_argument("--check-only", action="store_true",
                    help="no cluster: only compare the shards already built in --work with local builds")
    ap.add_argument("--queries-only", action="store_true",
                    help="no cluster: only time the named queries on the store already loaded in --work")
    args = ap.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.queries_only:
        time_queries(work / "store", args.query_timeout)
        return
    if args.check_only:
        shards, _, _ = make_shards(work, args.months, args.limit)
        check_shards(work, shards[: args.check_shards])
        return
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}; shared with other jobs "
          f"(load average at start {os.getloadavg()[0]:.1f})", flush=True)
    shards, n_articles, n_chars = make_shards(work, args.months, args.limit)
    print(f"corpus: {args.months} shards, {n_articles:,} articles, {n_chars:,} characters", flush=True)

    memory = PeakMemory()
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = (work / "dask-logs")
    logs.mkdir(exist_ok=True)
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=(logs / "scheduler.log").open("w"))
    time.sleep(3)
    worker = subprocess.Popen(
        [sys.executable, "-m", "dask", "worker", address, "--nworkers", "2", "--nthreads", "1",
         "--no-dashboard", "--local-directory", str(work / "dask-space")],
        stdout=subprocess.DEVNULL, stderr=(logs / "worker.log").open("w"))
    memory.watch("dask scheduler", scheduler.pid)
    memory.watch("dask worker", worker.pid)
    memory.start()
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        out = work / "shards"
        if out.exists():
            shutil.rmtree(out)
        times = []
        started = time.perf_counter()
        for shard in shards:
            t = kg("build", str(shard), "--out", str(out / shard.name), "--engine", "dask", "--scheduler",
                   address, "--no-cache", "--no-html", "-q", memory=memory)
            times.append(t)
            print(f"  shard {shard.name}: {t:6.1f} s", flush=True)
        total = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(60)
        scheduler.terminate()
        scheduler.wait(60)
    print(f"built {len(shards)} shards on the Dask cluster in {total:,.0f} s "
          f"({n_articles / total:,.1f} articles/s, {n_chars / total:,.0f} chars/s); "
          f"per shard min {min(times):.1f} s, max {max(times):.1f} s", flush=True)
    nq = [out / s.name / "graph.nq" for s in shards]
    quads = sum(1 for f in nq for _ in f.open("rb"))
    print(f"N-Quads: {quads:,} quads, {sum(f.stat().st_size for f in nq) / 1e9:.2f} GB", flush=True)

    store = work / "store"
    if store.exists():
        shutil.rmtree(store)
    t = kg("load", *map(str, nq), "--store", str(store), "-q", memory=memory)
    print(f"kg load: {t:.0f} s ({quads / t / 1e6:.2f} M quads/s); store {du(store) / 1e9:.2f} GB", flush=True)
    memory.stop()
    print("peak memory per process (sampled every second):")
    print("\n".join(memory.report()), flush=True)

    time_queries(store, args.query_timeout)
    check_shards(work, shards[: args.check_shards])


def time_queries(store: Path, timeout: float) -> None:
    """Each named query on the store, in a process of its own, stopped after ``timeout`` seconds."""
    start_up = min(kg("query", "SELECT (1 AS ?x) {}", "--store", str(store), "-f", "csv") for _ in range(3))
    print(f"named queries on the year's store (one run each, stopped after {timeout:.0f} s; "
          f"wall time of kg query, which includes {start_up:.2f} s of start-up: a trivial query's time):")
    for name in QUERIES:
        params = [arg for key, value in PARAMS.get(name, {}).items() for arg in ("--param", f"{key}={value}")]
        try:
            t = kg("query", name, *params, "--store", str(store), "-f", "csv", timeout=timeout)
            print(f"  {name:30} {t:8.2f} s", flush=True)
        except subprocess.TimeoutExpired:
            print(f"  {name:30} > {timeout:.0f} s (stopped)", flush=True)
        except subprocess.CalledProcessError as err:
            print(f"  {name:30} failed (exit {err.returncode})", flush=True)


def check_shards(work: Path, shards: list[Path]) -> None:
    """Build each shard locally in one process; compare its exports with the Dask build's, byte for byte."""
    out, check = work / "shards", work / "check"
    identical = 0
    for shard in shards:
        if check.exists():
            shutil.rmtree(check)
        t = kg("build", str(shard), "--out", str(check), "--engine", "local", "--workers", "1",
               "--no-cache", "--no-html", "-q")
        files = sorted(p.name for p in (out / shard.name).iterdir() if p.is_file())
        same = [f for f in files if filecmp.cmp(out / shard.name / f, check / f, shallow=False)]
        identical += len(same) == len(files)
        print(f"check: local one-process build of {shard.name} in {t:.0f} s; identical exports "
              f"{len(same)}/{len(files)}: {', '.join(same)}", flush=True)
    print(f"check: {identical} of {len(shards)} shards byte-identical to their local builds", flush=True)


if __name__ == "__main__":
    main()
