"""kg build end to end: exports parse, validate, are deterministic; bad input is reported, not fatal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.build import build
from kg.export import atomic_write
from kg.namespace import KG
from kg.validate import validate_graph

from .conftest import DATA, ROOT

EXPORTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "context.jsonld", "graph.html")


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONHASHSEED": "random"}, timeout=600)


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus-exports")
    build([DATA / "corpus"], out)
    return out


def test_turtle_parses_with_rdflib_and_oxigraph(corpus_build: Path) -> None:
    """Both parsers read the Turtle and agree on the number of triples."""
    graph = Graph().parse(corpus_build / "graph.ttl")
    store = pyoxigraph.Store()
    store.load(path=str(corpus_build / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)

    assert len(graph) > 100
    assert len(store) == len(graph)


def test_seed_build_conforms_to_shapes(seed_build: Path) -> None:
    """The seed graph conforms to ontology/shapes.ttl."""
    report = validate_graph(Graph().parse(seed_build / "graph.ttl"))

    assert report.conforms, report.text


def test_committed_exports_are_rebuilt_byte_for_byte(seed_build: Path) -> None:
    """exports/ in the repo is exactly what building seeds/ gives now (stable IRIs, sorted output)."""
    for name in EXPORTS:
        assert (seed_build / name).read_bytes() == (ROOT / "exports" / name).read_bytes(), (
            f"exports/{name} is stale: run 'kg build seeds/' and commit it")


def test_two_builds_are_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Separate processes (different PYTHONHASHSEED) write the same bytes."""
    for name in ("a", "b"):
        result = run_kg("build", str(DATA / "corpus"), "--out", str(tmp_path / name), "-q")
        assert result.returncode == 0, result.stderr

    for name in EXPORTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_bad_files_are_named_and_the_rest_still_builds(tmp_path: Path) -> None:
    """Empty, binary, bodiless and badly dated files: one line each, exit 1, no traceback, graph written."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text((DATA / "corpus" / "1958-05-03_wuhan.txt").read_text("utf-8"), "utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (src / "nobody.txt").write_text("Title: Only a header\nAuthor:\nDate: 1989-10-01\nPage: 1\n", "utf-8")
    (src / "baddate.txt").write_text("Title: T\nAuthor:\nDate: 1989-13-45\nPage: 1\n\nSome body text.\n",
                                     "utf-8")

    result = run_kg("build", str(src), "--out", str(tmp_path / "out"))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 4
    for name, problem in [("empty.txt", "empty"), ("binary.txt", "binary"), ("nobody.txt", "body"),
                          ("baddate.txt", "1989-13-45")]:
        assert any(name in line and problem in line for line in skipped), (name, skipped)
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert any(graph.subjects(RDF.type, KG.Article))


def test_no_readable_input_is_fatal_and_keeps_old_exports(tmp_path: Path) -> None:
    """With nothing readable: exit 2, one error line, and the previous graph.ttl is untouched."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous export\n", "utf-8")

    result = run_kg("build", str(src), "--out", str(out))

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: No readable articles")
    assert (out / "graph.ttl").read_text("utf-8") == "# previous export\n"


def test_missing_input_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run_kg("build", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nope" in result.stderr


def test_atomic_write_keeps_the_old_file_when_replacing_fails(tmp_path: Path, monkeypatch) -> None:
    """A failure at the last step leaves the previous file and no temporary file behind."""
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, b"new")

    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_atomic_write_never_replaces_a_device_pipe_or_link_to_one(tmp_path: Path) -> None:
    """An output path that is a pipe (or a link to one, as /dev/stdout is) is refused, not replaced by a file;
    kg view --out says so in one line."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.html"
    link.symlink_to(fifo)

    for path in (fifo, link):
        with pytest.raises(OSError, match="not a regular file"):
            atomic_write(path, b"new")
    assert fifo.is_fifo() and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html", "pipe"]
    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    result = run_kg("view", str(graph), "--out", str(link))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"error: can't write {link}: not a regular file"


def _big_writer(data: list[bytes], out) -> None:
    for chunk in data:
        out.write(chunk)


def _failing_writer(out) -> None:
    out.write(b"half")
    raise OSError("disk full")


@pytest.mark.parametrize("workers", [1, 2])
def test_files_written_in_parallel_replace_their_targets_together(tmp_path: Path, workers: int) -> None:
    """write_files: forked writers get their data by fork; every target is replaced, or none is."""
    from functools import partial

    from kg.export import publish_together, write_files

    data = [os.urandom(1 << 16) for _ in range(64)]  # 4 MB in the parent, not pickled to the writers
    names = ("a.nq", "b.ttl", "c.jsonld")
    for name in names:
        (tmp_path / name).write_bytes(b"old")
    writers = {tmp_path / n: partial(_big_writer, data[i::3]) for i, n in enumerate(names)}

    with publish_together():
        written = write_files(writers, workers=workers)

    assert written == [tmp_path / n for n in names]
    assert [(tmp_path / n).read_bytes() for n in names] == [b"".join(data[i::3]) for i in range(3)]

    (tmp_path / "d.html").write_bytes(b"old")
    failing = {**{p: partial(_big_writer, [b"new"]) for p in writers}, tmp_path / "d.html": _failing_writer}
    with pytest.raises(OSError, match="disk full"), publish_together():
        write_files(failing, workers=workers)

    assert [(tmp_path / n).read_bytes() for n in names] == [b"".join(data[i::3]) for i in range(3)]
    assert (tmp_path / "d.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names, "d.html"])


@pytest.mark.parametrize("command", ["build", "rules", "lexicons", "evaluate", "validate"])
def test_every_command_has_help(command: str) -> None:
    result = run_kg(command, "--help")

    assert result.returncode == 0
    assert "Example" in result.stdout


def test_seed_view_draws_every_entity(seed_build: Path, chromium_executable: str) -> None:
    """graph.html from the seeds renders offline with one drawn node per entity in graph.ttl."""
    from playwright.sync_api import sync_playwright

    from kg.types import ENTITY_TYPES

    graph = Graph().parse(seed_build / "graph.ttl")
    entities = {s for t in ENTITY_TYPES.values() for s in graph.subjects(RDF.type, KG[t.cls])}
    html = (seed_build / "graph.html").read_text("utf-8")
    assert "src=\"http" not in html and "href=\"http" not in html

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        page.goto((seed_build / "graph.html").as_uri())
        page.wait_for_function("typeof network !== 'undefined'")
        drawn = page.evaluate("Object.keys(network.body.nodes).length")
        legend = page.is_visible("#legend")
        (ROOT / "tests" / "artifacts").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "tests" / "artifacts" / "seeds.png"))
        browser.close()

    assert drawn == len(entities)
    assert legend


def test_a_huge_size_limit_is_only_a_limit(tmp_path: Path) -> None:
    """--max-size far above the files' sizes reads them normally (no buffer of that size is allocated)."""
    result = run_kg("build", str(DATA / "corpus"), "--out", str(tmp_path / "out"), "--max-size", "5000000",
                    "--no-html", "-q")

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_failing_rule_costs_one_article_not_the_build(tmp_path: Path, monkeypatch) -> None:
    """An exception inside extraction is reported for its file in one line; the rest builds, uncached."""
    import kg.pipeline

    real_align = kg.pipeline.align

    def flaky(en, zh):
        if en.article.id.startswith("001_"):
            raise ValueError("boom\nsecond line")
        return real_align(en, zh)

    monkeypatch.setattr(kg.pipeline, "align", flaky)
    out = tmp_path / "out"
    report = build([ROOT / "seeds"], out, html=False, cache_dir=out / ".kg-cache")

    assert report.articles == 4
    [problem] = report.skipped
    assert problem.path.startswith("seeds/001_") and "\n" not in str(problem)
    assert "extraction failed (ValueError: boom second line)" in str(problem)
    nquads = (out / "graph.nq").read_text("utf-8")
    assert "article/000_" in nquads and "article/001_" not in nquads
    monkeypatch.setattr(kg.pipeline, "align", real_align)
    again = build([ROOT / "seeds"], out, html=False, cache_dir=out / ".kg-cache")
    assert (again.articles, again.extracted, again.skipped) == (5, 1, [])  # the failed one was not cached


def test_no_mentions_leaves_out_only_the_mention_annotations(tmp_path: Path) -> None:
    """--no-mentions: no oa:Annotation, every fact and its evidence kept, and the graph still validates."""
    full, lean = tmp_path / "full", tmp_path / "lean"
    for out, extra in ((full, []), (lean, ["--no-mentions"])):
        result = run_kg("build", str(DATA / "corpus"), "--out", str(out), "--no-html", "-q", *extra)
        assert result.returncode == 0, result.stderr

    def lines(out: Path) -> set[str]:
        """The quads outside graph:index (whose counts describe each build's own quads)."""
        index = "<https://w3id.org/rmrb-kg/id/graph/index> ."
        text = (out / "graph.nq").read_text("utf-8")
        return {line for line in text.splitlines() if not line.endswith(index)}

    annotation = "<http://www.w3.org/ns/oa#Annotation>"
    assert any(annotation in line for line in lines(full))
    assert not any(annotation in line for line in lines(lean))
    assert lines(lean) < lines(full)
    assert {x for x in lines(full) if "/id/fact/" in x.split(" ", 1)[0]} <= lines(lean)
    assert validate_graph(Graph().parse(lean / "graph.ttl")).conforms


def _killed_writer(out) -> None:
    out.write(b"half")
    os.kill(os.getpid(), 9)  # what the kernel's OOM killer does


def test_a_writer_killed_midway_is_a_one_line_error_and_changes_nothing(tmp_path: Path) -> None:
    """A forked writer that dies (SIGKILL, as when memory runs out) raises WorkerError; old files stay."""
    from functools import partial

    from kg.errors import WorkerError
    from kg.export import publish_together, write_files

    for name in ("a.nq", "b.html"):
        (tmp_path / name).write_bytes(b"old")
    writers = {tmp_path / "a.nq": partial(_big_writer, [b"new"]), tmp_path / "b.html": _killed_writer}

    with pytest.raises(WorkerError, match="worker process died") as err, publish_together():
        write_files(writers, workers=2)

    assert "\n" not in str(err.value)
    assert [(tmp_path / n).read_bytes() for n in ("a.nq", "b.html")] == [b"old", b"old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nq", "b.html"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_failing_in_its_exports_leaves_the_collector_as_it_was(tmp_path: Path, workers: int) -> None:
    """The graph and export stages pause the cyclic collector and freeze the quads: when an export cannot
    replace its target, the collector runs again, nothing stays frozen and the thresholds are restored."""
    import gc

    out = tmp_path / "out"
    (out / "graph.ttl").mkdir(parents=True)  # a folder where the Turtle export goes: its replace fails
    (out / "graph.ttl" / "keep").write_text("x")
    before = gc.get_threshold()

    with pytest.raises(OSError):
        build([DATA / "corpus"], out, html=False, workers=workers)

    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
    assert (out / "graph.ttl" / "keep").read_text() == "x"


def test_an_export_that_cannot_replace_its_target_is_one_line_naming_the_target(tmp_path: Path) -> None:
    """A folder where graph.ttl goes: exit 2 and one line naming graph.ttl, not the temporary file."""
    out = tmp_path / "out"
    (out / "graph.ttl").mkdir(parents=True)
    (out / "graph.ttl" / "keep").write_text("x")

    result = run_kg("build", str(DATA / "corpus"), "--out", str(out), "--no-html", "-q")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert f"{out / 'graph.ttl'}: " in result.stderr and ".tmp" not in result.stderr, result.stderr


def test_kg_rules_prints_each_rule_with_a_whole_sentence() -> None:
    """`kg rules`: one line per registered rule, its docstring's first sentence whole (not cut where the
    docstring's first line wraps)."""
    import kg.extract  # noqa: F401
    from kg.extract.registry import RULES

    lines = run_kg("rules").stdout.splitlines()

    assert len(lines) == len(RULES) > 40
    assert all(line.rstrip().endswith((".", "!", "?")) for line in lines)


def test_an_export_that_cannot_replace_its_target_leaves_every_old_export(tmp_path: Path) -> None:
    """All exports are replaced, or none: when graph.ttl can't be replaced (a folder stands there now), the
    exports replaced before it get their old versions back and no temporary file is left."""
    import shutil

    out = tmp_path / "out"
    build([DATA / "corpus"], out, html=False)
    old = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != "graph.ttl"}
    assert len(old) >= 3  # JSON-LD, TriG, N-Quads, context beside the Turtle
    (out / "graph.ttl").unlink()
    (out / "graph.ttl").mkdir()
    (out / "graph.ttl" / "keep").write_text("x")
    shutil.rmtree(out / ".kg-cache", ignore_errors=True)
    extra = tmp_path / "extra"
    shutil.copytree(DATA / "corpus", extra)
    first = sorted(p for p in extra.rglob("*") if p.is_file())[0]
    first.write_text(first.read_text("utf-8") + "\n", encoding="utf-8")  # new input: different exports

    with pytest.raises(OSError):
        build([extra], out, html=False)

    now = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert now == old
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
