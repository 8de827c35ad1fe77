"""Reliability: bad inputs, size limits, exit codes, many files, killed builds, and a view that runs no data.

Every bad input gets one ``skipped:`` or ``warning:`` line naming its file and the rest still builds;
limits keep memory and spaCy's ``nlp.max_length`` safe; a build killed with SIGKILL at any moment
leaves the previous exports byte-identical and the cache usable. See docs/reliability.md.
"""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.build import EXPORT_NAMES
from kg.cli import app
from kg.corpus import MAX_BODY_CHARS, MAX_BYTES, read_article
from kg.errors import ArticleError
from kg.export import folder_lock
from kg.records import ArticleResult

from .conftest import DATA, ROOT

BAD = DATA / "bad"
runner = CliRunner()
ARTICLE = "Title: Note {i}\nDate: 1989-10-{day:02d}\n\nNote {i}: the weather in the county was fine.\n"


def kg(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """``kg`` in a fresh process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, env={**os.environ, "PYTHONHASHSEED": "random"})


# ------------------------------------------------------------------------------------------ bad inputs

# file (relative to the input folder) -> (kind of stderr line, what it says); None: built silently
EXPECTED: dict[str, tuple[str, str] | None] = {
    "empty.txt": ("skipped", "empty file"),
    "binary.txt": ("skipped", "binary file, not text"),
    "controls.txt": ("skipped", "binary file, not text"),
    "gbk.md": ("warning", "decoded as GB18030"),
    "utf16.txt": ("warning", "decoded as UTF-16"),
    "bom.txt": None,
    "header_only.txt": ("skipped", "no article body"),
    "zh_header_only.md": ("skipped", "no article body"),
    "no_date.txt": ("skipped", "no date"),
    "bad_date.txt": ("skipped", "bad date '1989-02-30'"),
    "bad_date_zh.md": ("skipped", "bad date '1989-13-01'"),
    "no_zh.txt": ("warning", "English half only"),
    "no_en.txt": ("warning", "Chinese half only"),
    "dup.txt": None,
    "sub/dup.txt": ("skipped", "duplicate article id 'dup' (already read from in/dup.txt)"),
    "huge.txt": ("skipped", "file is 50 MB, over the 2 MB limit (raise it with --max-size)"),
    "long_body.txt": ("skipped", "English body has 1,200,000 characters, over the limit of 1,000,000"),
    "fifo.txt": ("skipped", "not a regular file (a FIFO)"),
    "device.txt": ("skipped", "not a regular file (a device)"),
    "dangling.txt": ("skipped", "cannot read file: No such file or directory"),
    "self.txt": ("skipped", "cannot read file: Too many levels of symbolic links"),
    "sub/loop": ("warning", "symlink loop back to"),
    "caf\ufffd.txt": None,  # the name's bytes are not UTF-8: built, shown with U+FFFD
    "emp\ufffdty.txt": ("skipped", "empty file"),  # and named with U+FFFD when skipped
}


def _huge(path: Path, size: int) -> None:
    """An English article of ``size`` bytes (text, not a sparse file)."""
    head = b"Title: A Very Long Article\nDate: 1989-10-01\nPage: 1\n\n"
    line = b"The Wuhan Iron and Steel Company raised its output again this month.\n"
    with path.open("wb") as fh:
        fh.write(head)
        fh.write(line * ((size - len(head)) // len(line)))
        fh.write(b"x" * (size - fh.tell()))


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    """tests/data/bad plus the cases made at run time: big files, FIFO, device, symlinks, a bad name."""
    src = tmp_path_factory.mktemp("bad") / "in"
    shutil.copytree(BAD, src)
    _huge(src / "huge.txt", 50_000_000)
    (src / "long_body.txt").write_text("Title: Long\nDate: 1989-10-01\n\n" + "w" * 1_200_000 + "\n", "utf-8")
    os.mkfifo(src / "fifo.txt")
    (src / "device.txt").symlink_to("/dev/zero")
    (src / "dangling.txt").symlink_to(src / "missing.txt")
    (src / "self.txt").symlink_to(src / "self.txt")
    (src / "sub" / "loop").symlink_to(src, target_is_directory=True)
    with open(os.path.join(os.fsencode(src), b"caf\xe9.txt"), "wb") as fh:  # noqa: PTH123
        fh.write((BAD / "dup.txt").read_bytes().replace(b"Join Hands", b"Meet"))
    open(os.path.join(os.fsencode(src), b"emp\xffty.txt"), "wb").close()  # noqa: PTH123, SIM115
    return src


@pytest.fixture(scope="module")
def bad_build(bad_corpus: Path, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("bad-out")
    # --max-size 2: huge.txt is still too big, long_body.txt is read and refused for its length
    args = ("build", "in", "--out", str(out), "--no-html", "--max-size", "2")
    return kg(*args, cwd=bad_corpus.parent, timeout=300), out


def test_bad_inputs_exit_1_with_one_line_each_and_no_traceback(bad_build) -> None:
    """Exit 1; every bad input named on exactly one line of the kind expected; nothing else on stderr."""
    result, _ = bad_build
    lines = result.stderr.splitlines()

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert all(line.startswith(("skipped: in/", "warning: in/")) for line in lines), lines
    for name, expected in EXPECTED.items():
        about = [line for line in lines if line.split(": ", 2)[1] == f"in/{name}"]
        if expected is None:
            assert about == [], name
        else:
            (line,) = about
            kind, text = expected
            assert line.startswith(f"{kind}: in/{name}: ") and text in line, line
    assert len(lines) == sum(1 for e in EXPECTED.values() if e is not None)


def test_the_good_articles_still_build(bad_build) -> None:
    """The seven readable files are in the graph, the non-UTF-8 name as U+FFFD; nothing else is."""
    result, out = bad_build
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    query = "SELECT ?f WHERE { ?a a <https://w3id.org/rmrb-kg/ontology#Article> ; " \
            "<https://w3id.org/rmrb-kg/ontology#sourceFile> ?f }"

    files = sorted(row["f"].value for row in store.query(query))

    built = sorted(f"in/{name}" for name, e in EXPECTED.items() if e is None or e[0] == "warning"
                   if not name.startswith("sub/"))
    assert files == built
    assert "built 7 articles" in result.stdout


def _peak(read: Callable[[], object]) -> int:
    """Peak bytes allocated by Python while ``read()`` raises its ArticleError."""
    tracemalloc.start()
    try:
        with pytest.raises(ArticleError):
            read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_article_is_refused_from_its_size_alone(bad_corpus: Path) -> None:
    """Over --max-size: refused unread (no memory); with the limit raised: read, then refused for spaCy."""
    huge = bad_corpus / "huge.txt"

    assert _peak(lambda: read_article(huge)) < 1_000_000
    assert _peak(lambda: read_article(huge, max_bytes=60_000_000)) < 8 * 50_000_000  # ~5x while decoding
    with pytest.raises(ArticleError, match=r"English body has 49,9\d\d,\d{3} characters"):
        read_article(huge, max_bytes=60_000_000)


def test_accepted_bodies_never_exceed_spacys_max_length(tmp_path: Path, nlp) -> None:
    """With --max-size raised, a body of MAX_BODY_CHARS is read and one more is refused; the default
    file limit alone keeps bodies under it; the model accepts the limit."""
    head = "Title: T\nDate: 1989-10-01\n\n"
    (tmp_path / "at.txt").write_text(head + "w" * MAX_BODY_CHARS + "\n", "utf-8")
    (tmp_path / "over.txt").write_text(head + "w" * (MAX_BODY_CHARS + 1) + "\n", "utf-8")

    assert len(read_article(tmp_path / "at.txt", max_bytes=2_000_000).body_en) == MAX_BODY_CHARS
    with pytest.raises(ArticleError, match="over the limit of 1,000,000"):
        read_article(tmp_path / "over.txt", max_bytes=2_000_000)
    with pytest.raises(ArticleError, match="over the 1 MB limit"):  # the default can't reach the limit
        read_article(tmp_path / "at.txt")
    assert MAX_BODY_CHARS <= nlp.max_length
    assert MAX_BYTES <= MAX_BODY_CHARS  # UTF-8 and GB18030 take a byte or more a character


# ----------------------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize("args,code,message", [
    (["{good}"], 0, None),
    (["{bad}/gbk.md"], 0, "warning: gbk.md: decoded as GB18030"),
    (["{good}", "{bad}/empty.txt"], 1, "skipped: {bad}/empty.txt: empty file"),
    (["{tmp}/missing"], 2, "error: input path '{tmp}/missing' does not exist"),
    (["{bad}/empty.txt", "{bad}/binary.txt"], 2,
     "error: No readable articles under {bad}/empty.txt, {bad}/binary.txt: nothing to build. "
     "2 file(s) skipped, first {bad}/empty.txt: empty file"),
    (["{good}", "--out", "{good}"], 2, "is a file, not a folder: choose another --out."),
    (["{good}", "--max-size", "0"], 2, "error: --max-size must be a positive number of MB, got 0.0."),
    (["{good}", "--max-size", "inf"], 2, "error: --max-size must be a positive number of MB, got inf."),
    (["{good}", "--max-size", "0.0001"], 2, "file is 258 bytes, over the 100 bytes limit"),
], ids=["ok", "warning", "skipped", "missing-input", "nothing-readable", "out-is-a-file", "max-size-0",
        "max-size-inf", "max-size-tiny"])
def test_exit_codes(tmp_path: Path, args: list[str], code: int, message: str | None) -> None:
    """0 all built, 1 some files skipped, 2 usage or fatal: with the one-line message that says why."""
    names = {"good": str(BAD / "dup.txt"), "bad": str(BAD), "tmp": str(tmp_path)}
    args = [a.format(**names) for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "out")]

    result = runner.invoke(app, ["build", *args, "--model", "blank", "--no-html", "-q"])

    assert result.exit_code == code, result.output
    assert "Traceback" not in result.stderr
    if message:
        assert message.format(**names) in result.stderr
    if code == 2:
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_second_build_into_the_same_folder_stops_at_once(tmp_path: Path) -> None:
    """While a build holds OUT, another one exits 2 and leaves OUT alone."""
    out = tmp_path / "out"

    with folder_lock(out):
        result = runner.invoke(app, ["build", str(BAD / "dup.txt"), "--out", str(out), "--model", "blank"])

    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: Another kg build is writing to {out}: wait for it to finish."
    assert list(out.iterdir()) == []


# ------------------------------------------------------------------------------------------ many files


def test_ten_thousand_tiny_files_build(tmp_path: Path) -> None:
    """10,000 one-sentence articles build in bounded time (rules only, no cache); figures are printed."""
    src = tmp_path / "many"
    src.mkdir()
    for i in range(10_000):
        (src / f"n{i:05d}.txt").write_text(ARTICLE.format(i=i, day=i % 28 + 1), "utf-8")
    started = time.perf_counter()

    result = kg("build", str(src), "--out", str(tmp_path / "out"), "--model", "blank", "--no-cache", "-q",
                timeout=600)

    seconds = time.perf_counter() - started
    print(f"\n10,000 tiny files: kg build --model blank --no-cache took {seconds:.1f} s")
    assert result.returncode == 0, result.stderr[-2000:]
    quads = ox.parse(path=str(tmp_path / "out" / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    typed = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    article = ox.NamedNode("https://w3id.org/rmrb-kg/ontology#Article")
    articles = {q.subject for q in quads if q.predicate == typed and q.object == article}
    assert len(articles) == 10_000


# ------------------------------------------------------------------------------------- killed builds


def _archive(folder: Path, n: int) -> Path:
    """``n`` real articles (the seeds and tests/data/corpus under new names): two extraction chunks."""
    texts = [p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_bytes() for p in sorted((DATA / "corpus").glob("*.txt"))]
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"a{i:02d}.txt").write_bytes(texts[i % len(texts)])
    return folder


def _exports(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in EXPORT_NAMES}


def _temp_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.tmp"))


def _cache_entries(out: Path) -> list[Path]:
    return sorted((out / ".kg-cache").rglob("*.pickle"))


def _kill_when(args: list[str], ready: Callable[[], bool], *, timeout: float = 300) -> bool:
    """Start ``kg build``; SIGKILL it as soon as ``ready()`` holds. False if it finished first."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if ready():
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.002)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _assert_intact(out: Path, before: dict[str, bytes]) -> None:
    """The previous exports, byte for byte and parseable; every cache entry whole."""
    assert _exports(out) == before
    ox.parse(before["graph.nq"], format=ox.RdfFormat.N_QUADS)
    for entry in _cache_entries(out):
        with entry.open("rb") as fh:
            assert isinstance(pickle.load(fh), ArticleResult)


def test_killed_builds_leave_the_previous_exports_and_a_usable_cache(tmp_path: Path) -> None:
    """SIGKILL during extraction, at random moments and while exports are written: old exports stay
    byte-identical; the next run finishes, uses the cache, cleans up and equals a clean build."""
    src = _archive(tmp_path / "in", 16)
    clean = kg("build", str(src), "--out", str(tmp_path / "clean"), "--no-cache", "-q")
    assert clean.returncode == 0, clean.stderr
    out = tmp_path / "out"
    first = kg("build", str(ROOT / "seeds"), "--out", str(out), "--model", "blank", "--no-cache", "-q")
    assert first.returncode == 0, first.stderr
    before = _exports(out)
    args = [str(src), "--out", str(out), "-q"]

    # during extraction: the first chunk of 8 is cached, the second is being parsed
    assert _kill_when(args, lambda: bool(_cache_entries(out)))
    _assert_intact(out, before)
    assert 0 < len(_cache_entries(out)) < 16
    # at random moments (seeded, so a failure can be replayed)
    rng = random.Random(9)
    for delay in (rng.uniform(0.2, 4.0), rng.uniform(0.2, 4.0)):
        started = time.monotonic()
        assert _kill_when(args, lambda d=delay, t=started: time.monotonic() - t > d), f"ended before {delay}s"
        _assert_intact(out, before)
    # while the exports are written: graph.nq is being written (the view, JSON-LD, Turtle, TriG before it)
    assert _kill_when(args, lambda: bool(list(out.glob(".graph.nq.*.tmp"))))
    _assert_intact(out, before)
    assert _temp_files(out)  # the killed run's leftovers
    (out / ".graph.ttl.stale123.tmp").write_bytes(b"half an export")
    damaged = _cache_entries(out)[0]
    damaged.write_bytes(damaged.read_bytes()[:40])  # a cache entry cut short (only a disk fault does this)

    final = kg("build", *args[:-1])

    assert final.returncode == 0, final.stderr
    assert "Traceback" not in final.stderr
    assert "from cache" in final.stdout and ", 0 from cache" not in final.stdout
    assert _exports(out) == _exports(tmp_path / "clean")
    assert _temp_files(out) == []
    assert len(_cache_entries(out)) == 16
    _assert_intact(out, _exports(out))


# ------------------------------------------------------------------------------------ the view is inert

PWN = "window.__kgPwned = 1"
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><svg onload=alert(3)>',
            "javascript:alert(4)", f"</script><script>{PWN}</script>", f"<img src=x onerror=\"{PWN}\">",
            "<iframe src=javascript:alert(5)>", "'-alert(6)-'", "&lt;b&gt;7&lt;/b&gt;", "<!--", "\u2028"]
XSS_ARTICLE = f"""Title: {PAYLOADS[0]} Taiyuan {PAYLOADS[2]} Report {PAYLOADS[4]}
Author: {PAYLOADS[1]}
Date: 1989-10-01
Page: 2

People's Daily, Taiyuan, October 1st
The Taiyuan {PAYLOADS[0]} Steel Factory and the {PAYLOADS[1]} Machinery Plant were established by the Taiyuan Municipal Government.
Mayor Li {PAYLOADS[2]} Ming visited the {PAYLOADS[3]} Chemical Works in Taiyuan {PAYLOADS[5]}.
The Shanxi Provincial Party Committee supported the {PAYLOADS[6]} Coal Company in Datong {PAYLOADS[7]}.
"""  # noqa: E501


def _payload_graph(path: Path) -> None:
    """A graph whose entity names (en, zh, aliases), post, title and evidence are all payloads."""
    from kg.export import to_turtle
    from kg.graph import graph_quads
    from kg.records import Article, Entity, Evidence, Mention, Post, Relation

    art = Article(id="xss", source="in/xss.txt", sha256="0" * 64, title_en=PAYLOADS[4], title_zh=PAYLOADS[1],
                  date="1989-10-01", body_en="x")
    ents = [Entity(type="Enterprise", key=f"e{i}", label_en=f"the {p} Factory", label_zh=f"{p}工厂",
                   aliases_en={PAYLOADS[(i + 1) % len(PAYLOADS)]},
                   mentions=[Mention("xss", "en", 0, 1, "x", "Enterprise", "test")])
            for i, p in enumerate(PAYLOADS)]
    person = Entity(type="Person", key="p", label_en=f"Li {PAYLOADS[2]}", label_zh=PAYLOADS[0])
    ev = [Evidence("xss", "en", 0, 1, f"{p} was said here") for p in PAYLOADS]
    rels = [Relation(e.ref, "partOf", ents[(i + 1) % len(ents)].ref, ev[i]) for i, e in enumerate(ents)]
    rels.append(Relation(person.ref, "holds", None, ev[0], Post(PAYLOADS[5], PAYLOADS[0], ents[0].ref)))
    path.write_bytes(to_turtle(graph_quads([ArticleResult(art, [*ents, person], rels)])))


@pytest.fixture(scope="module")
def payload_pages(tmp_path_factory) -> list[Path]:
    """graph.html of a real `kg build` of an article full of payloads, and `kg view` of a payload graph."""
    tmp = tmp_path_factory.mktemp("xss")
    (tmp / "xss.txt").write_text(XSS_ARTICLE, "utf-8")
    built = runner.invoke(app, ["build", str(tmp / "xss.txt"), "--out", str(tmp / "out"), "-q"])
    assert built.exit_code == 0, built.output
    _payload_graph(tmp / "payloads.ttl")
    viewed = runner.invoke(app, ["view", str(tmp / "payloads.ttl"), "--out", str(tmp / "payloads.html")])
    assert viewed.exit_code == 0, viewed.output
    return [tmp / "out" / "graph.html", tmp / "payloads.html"]


@pytest.mark.slow
def test_nothing_in_the_data_runs_in_the_browser(payload_pages: list[Path], chromium_executable: str) -> None:
    """Hover every node and edge, click, search each payload, pick each article: no dialog, no script."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable, args=args)
        shown: list[str] = []
        for path in payload_pages:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            dialogs: list[str] = []
            errors: list[str] = []
            page.on("dialog", lambda d, log=dialogs: (log.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e, log=errors: log.append(str(e)))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(path.as_uri())
            page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
            markup = "document.querySelectorAll('img, svg, iframe, object, embed, b').length"
            assert page.evaluate(markup) == 0
            points = page.evaluate("""() => {
                const r = document.getElementById('mynetwork').getBoundingClientRect(), out = [];
                const at = (p) => { const d = network.canvasToDOM(p); return [r.left + d.x, r.top + d.y]; };
                for (const id of nodes.getIds()) out.push(at(network.getPositions([id])[id]));
                for (const id of edges.getIds()) out.push(at(network.body.edges[id].edgeType.getPoint(0.5)));
                return out; }""")
            assert points
            for x, y in points:
                page.mouse.move(x + 40, y + 40)
                page.mouse.move(x, y, steps=3)
                page.wait_for_timeout(200)  # the tooltip delay is 150 ms
                shown.append(page.inner_text("#tooltip"))
            page.mouse.click(*points[0])
            shown.append(page.inner_text("#details"))
            for payload in PAYLOADS:
                page.fill("#search", payload)
                page.press("#search", "Enter")
                shown.append(page.inner_text("#search-results") + page.inner_text("#details"))
            for value in page.eval_on_selector_all("#article option", "os => os.map(o => o.value)"):
                page.select_option("#article", value)
                shown.append(page.inner_text("#article"))

            assert dialogs == [] and errors == []
            assert page.evaluate("window.__kgPwned") is None
            assert page.evaluate(markup) == 0
            assert page.evaluate("document.scripts.length") == 3
            page.close()
        browser.close()
    text = "\n".join(shown)
    for payload in PAYLOADS[:8]:  # the payloads were on screen, as text
        assert payload in text, payload


def test_a_forked_worker_does_not_keep_the_output_folder_locked(tmp_path: Path) -> None:
    """Extraction workers are forked while the build holds OUT's lock; one that outlives the build (its
    parent SIGKILLed) must not keep the folder locked against the next build."""
    ready, started = os.pipe()
    with folder_lock(tmp_path):
        child = os.fork()
        if child == 0:  # pragma: no cover - the worker: alive, doing nothing
            os.write(started, b"x")  # the fork hooks have run
            time.sleep(30)
            os._exit(0)
        os.read(ready, 1)
    os.close(ready)
    os.close(started)
    try:
        with folder_lock(tmp_path):  # the child is still alive

            assert os.waitpid(child, os.WNOHANG) == (0, 0)
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def test_a_worker_killed_during_extraction_is_a_one_line_error(tmp_path: Path) -> None:
    """SIGKILL to one of `kg build --workers 2`'s extraction workers (what the OOM killer does): exit 2
    with one line, the previous exports byte-identical, and the next run completes."""
    import psutil

    # Twelve chunks of 8 for two workers: when the first results reach the cache, most chunks are still
    # to do. (With four, the longest-first order could leave both workers idle by then: a worker killed
    # after all the work is done costs nothing, and the build rightly exits 0.)
    src = _archive(tmp_path / "in", 96)
    out = tmp_path / "out"
    first = kg("build", str(ROOT / "seeds"), "--out", str(out), "--model", "blank", "--no-cache", "-q")
    assert first.returncode == 0, first.stderr
    before = _exports(out)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(src), "--out", str(out), "-q",
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    killed = False
    while not killed and proc.poll() is None and time.monotonic() < deadline:
        workers = psutil.Process(proc.pid).children()
        if len(workers) == 2 and _cache_entries(out):  # extraction is under way in both workers
            workers[0].kill()
            killed = True
        time.sleep(0.05)
    _, stderr = proc.communicate(timeout=300)

    assert killed, "the build ended before a worker could be killed"
    assert proc.returncode == 2
    assert stderr.strip().splitlines() == [stderr.strip()] and "Traceback" not in stderr
    assert "worker process died" in stderr
    _assert_intact(out, before)
    again = kg("build", str(src), "--out", str(out), "-q", "--workers", "2")
    assert again.returncode == 0, again.stderr
