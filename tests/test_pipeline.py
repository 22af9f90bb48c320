"""The pipeline's orchestration of build and run: cached rebuilds, failing chapters and Sphinx
warnings that leave the site as it was, and what `run` writes. (Execution, site assembly, the
re-run page and sweeps have their own test files.)"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import copy_book

from scalingbook import params, pipeline
from scalingbook.build.book import read_notebook, write_notebook

ROOT = Path(__file__).resolve().parents[1]
FAST = "test-time-compute"


def break_notebook(book: pipeline.Book, chapter: str, code: str = 'raise RuntimeError("deliberate failure")') -> int:
    path = book.notebook(chapter)
    nb = read_notebook(path)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])) + 2
    nb.cells.insert(index, nbformat.v4.new_code_cell(code))
    write_notebook(nb, path)
    return index


def tree_digest(path: Path) -> dict[str, float]:
    return {str(p.relative_to(path)): p.stat().st_mtime_ns for p in path.rglob("*.html")}


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory, copy_built_book):
    """A private copy of the session's built book (this module's tests change it). Its builds,
    in this process and in the CLI processes it starts, name the commit the session's site was
    built from (the copy is outside git), so that nothing but a test's change differs."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SCALINGBOOK_GIT_COMMIT", copy_built_book.commit)
        copy = copy_built_book(tmp_path_factory.mktemp("book"))
        yield copy


@pytest.mark.slow
def test_no_change_rebuild_executes_nothing_and_skips_sphinx(built_copy):
    before = tree_digest(built_copy.html_dir)
    summary = pipeline.build(built_copy, progress=lambda m: None)
    assert all(r.cached for r in summary.records)
    assert not summary.site_rebuilt
    assert tree_digest(built_copy.html_dir) == before


@pytest.mark.slow
def test_failing_chapter_names_chapter_and_cell_and_keeps_the_site(built_copy):
    from scalingbook.build import siteassembly

    before = tree_digest(built_copy.html_dir)
    staged = (built_copy.stage_dir / "chapters" / "test_time_compute.ipynb").read_bytes()
    original = built_copy.notebook(FAST).read_bytes()
    index = break_notebook(built_copy, FAST)
    try:
        early = siteassembly.EarlySite(built_copy)  # as a build of several chapters starts it
        with pytest.raises(pipeline.ChapterFailed) as err:
            pipeline.build(built_copy, progress=lambda m: None, early=early)
        msg = str(err.value)
        assert f"chapter '{FAST}'" in msg and "RuntimeError: deliberate failure" in msg and "cell [" in msg
        assert tree_digest(built_copy.html_dir) == before, "the published site changed after a failure"
        assert (built_copy.stage_dir / "chapters" / "test_time_compute.ipynb").read_bytes() == staged, (
            "a partial notebook was staged"
        )
        leftovers = [p for p in (built_copy.cache_dir / FAST).iterdir() if p.name.startswith("exec-")]
        assert not leftovers, f"temporary execution left behind: {leftovers}"
        assert early.proc.poll() is not None, "the Sphinx started early outlived the failed build"
    finally:
        built_copy.notebook(FAST).write_bytes(original)
    assert index > 0


@pytest.mark.slow
def test_sphinx_started_early_builds_the_same_site_as_a_plain_build(built_copy):
    """The session's site was built as a first build is (tests/conftest.py): Sphinx started
    beside the executions, read the pages no execution changes from a stage whose chapters and
    generated pages were stand-ins, then each chapter as it was staged, and built once
    everything was. It must be the site a plain serial build makes from the same sources, byte
    for byte, and no page may have been read twice."""
    import shutil

    from scalingbook.build import execution, siteassembly

    if siteassembly.sphinx_jobs() != 1:
        pytest.skip("Sphinx starts early only when it builds on one process")
    log = re.sub(r"\x1b\[[0-9;]*m", "", (built_copy.sphinx_out / "build.log").read_text())
    reads = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)$", log, re.M)
    first = siteassembly.early_documents(built_copy)
    assert "api" in first and "intro" not in first and "claims" not in first, first
    assert reads[: len(first)] == first and len(reads) == len(set(reads)), (
        f"the early pages are read first and no page twice: {reads}"
    )
    assert log.index(siteassembly.READY) < log.index("updating environment"), "nothing was read early"
    early_site = content_digest(built_copy.html_dir)
    pins = siteassembly.read_pins(built_copy)
    records = [execution.cached_record(built_copy, c, pins[c]) for c in params.chapter_names()]
    assert all(records)
    # a plain build from scratch: nothing staged, no Sphinx environment
    shutil.rmtree(built_copy.stage_dir)
    shutil.rmtree(built_copy.sphinx_out)
    digest = siteassembly.stage(built_copy, records)
    assert siteassembly.build_site(built_copy, digest, progress=lambda m: None)
    assert siteassembly.READY not in (built_copy.sphinx_out / "build.log").read_text()
    plain = content_digest(built_copy.html_dir)
    differ = sorted(p for p in set(plain) | set(early_site) if plain.get(p) != early_site.get(p))
    assert not differ, f"the site built by Sphinx started early differs from a plain build: {differ}"


@pytest.mark.slow
def test_cli_build_failure_exits_1(built_copy, monkeypatch, capsys):
    from scalingbook import cli

    original = built_copy.notebook(FAST).read_bytes()
    break_notebook(built_copy, FAST, "1 / 0")
    try:
        code = cli.main(["--root", str(built_copy.root), "build"])
    finally:
        built_copy.notebook(FAST).write_bytes(original)
        monkeypatch.delenv("SCALINGBOOK_ROOT", raising=False)
    err = capsys.readouterr().err
    assert code == 1 and FAST in err and "ZeroDivisionError" in err


@pytest.mark.slow
def test_sphinx_warning_fails_the_build_and_keeps_the_site(built_copy, monkeypatch):
    before = tree_digest(built_copy.html_dir)
    pins = built_copy.pins_file.read_bytes()
    staged_nb = built_copy.stage_dir / "chapters" / (FAST.replace("-", "_") + ".ipynb")
    staged = staged_nb.read_bytes()
    page = built_copy.root / "rerun.md"
    original = page.read_text()
    page.write_text(original + "\nSee {doc}`no_such_page`.\n")
    p = next(q for q in params.schema(FAST) if q.kind is int and q.high and q.high > q.default)
    from scalingbook.build import pipeline as build_pipeline

    # one chapter executes: Sphinx is not started beside it (two or more start it)
    monkeypatch.setattr(build_pipeline, "EarlySite", lambda book: pytest.fail("Sphinx started early for one chapter"))
    try:
        with pytest.raises(pipeline.BuildError, match="previous site is unchanged"):
            pipeline.build(
                built_copy, parameter_sets={FAST: {p.name: p.default + 1}}, only=[FAST], progress=lambda m: None
            )
        assert tree_digest(built_copy.html_dir) == before
        assert built_copy.pins_file.read_bytes() == pins, "last-build.json changed though nothing was published"
        assert staged_nb.read_bytes() == staged, (
            ".stage was left holding an execution the published site was not built from"
        )
    finally:
        page.write_text(original)


def test_parameters_cell_must_agree_with_schema(tmp_path):
    copy = copy_book(tmp_path / "b")
    path = copy.notebook(FAST)
    nb = read_notebook(path)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    first = params.schema(FAST)[0]
    cell.source = cell.source.replace(
        f"{first.name}: {first.kind.__name__} = {first.default!r}",
        f"{first.name}: {first.kind.__name__} = {first.default!r} + 0",
        1,
    )
    write_notebook(nb, path)
    with pytest.raises(pipeline.BuildError):
        pipeline.check_notebook_schema(copy, FAST)


@pytest.mark.slow
def test_run_writes_notebook_and_offline_html(tmp_path, book):
    p = next(q for q in params.schema(FAST) if q.kind is int and q.name != "seed" and q.high and q.high > q.default)
    out = tmp_path / "run"
    said: list[str] = []
    files = pipeline.run(FAST, {p.name: p.default + 1}, out_dir=out, book=book, progress=said.append)
    html = files["html"].read_text()
    assert "window.vegaEmbed" in html and "scalingbook-chart" in html
    assert "window.MathJax=" in html and "mjx" in html, "the re-run page carries no MathJax"
    results = json.loads(files["results"].read_text())
    assert "Headline numbers:" in said, said
    shown = said[said.index("Headline numbers:") + 1 :]
    assert len([ln for ln in shown if ln.startswith("  ")]) == len(results), f"every headline printed: {said}"
    assert 'src="http' not in html and "src='http" not in html, "the standalone page loads a script from the network"
    nb = json.loads(files["notebook"].read_text())
    assert any(c.get("outputs") for c in nb["cells"])
    assert json.loads(files["results"].read_text())
    assert f"{p.name}: {p.default + 1}" in files["parameters"].read_text()


def content_digest(path: Path) -> dict[str, str]:
    """Each file's sha256. In pages, asset links lose Sphinx's ``?v=<checksum>`` suffix: Sphinx
    adds it to the pages it writes when the assets are already in its output folder, as in every
    build after a first one, so it tells builds apart, not contents."""
    import re

    def text(p: Path) -> bytes:
        data = p.read_bytes()
        return re.sub(rb"\?v=[0-9a-f]{8}\b", b"", data) if p.suffix == ".html" else data

    return {str(p.relative_to(path)): hashlib.sha256(text(p)).hexdigest() for p in path.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_two_builds_at_once_leave_one_complete_site(built_copy):
    """Both finish (the second waits for the first); the site is complete at the end and
    nothing is left of either build's temporary work. These builds run Sphinx on two processes
    and the session's site was built on one (``sphinx_jobs``): every file but the changed page's
    own comes out the same, byte for byte."""
    page = built_copy.root / "notation.md"
    original = page.read_text()
    page.write_text(original + "\nA sentence added so that Sphinx has something to rebuild.\n")
    expected = set(tree_digest(built_copy.html_dir))
    serial = content_digest(built_copy.html_dir)
    try:
        cmd = [sys.executable, "-m", "scalingbook.build.cli", "--root", str(built_copy.root), "build"]
        env = {**os.environ, "SCALINGBOOK_SPHINX_JOBS": "2"}
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)
        ]
        outs = [p.communicate(timeout=900) for p in procs]
    finally:
        page.write_text(original)
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    assert any("Waiting for another build" in o[0] for o in outs), "the second build did not wait for the first"
    assert set(tree_digest(built_copy.html_dir)) == expected, "pages missing from the published site"
    assert "A sentence added" in (built_copy.html_dir / "notation.html").read_text()
    parallel = content_digest(built_copy.html_dir)
    differ = sorted(p for p in set(serial) | set(parallel) if serial.get(p) != parallel.get(p))
    assert "notation.html" in differ
    assert set(differ) <= {"notation.html", "_sources/notation.md", "searchindex.js"}, (
        f"a parallel build differs from a serial one beyond the changed page: {differ}"
    )
    left = [
        p.name
        for p in built_copy.build_dir.iterdir()
        if p.name.endswith(".partial") or p.name.startswith(".html-link") or p.name in ("html.new", "html.old")
    ]
    assert not left, left


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(built_copy, signal_name):
    """SIGKILL or SIGTERM during execution: the site is untouched; SIGTERM cleans up at once
    (exit 130), and after SIGKILL the next build removes the killed execution's temporary
    folder and publishes normally. No execution outlives the build."""
    import signal

    before = tree_digest(built_copy.html_dir)
    original = built_copy.notebook(FAST).read_bytes()
    break_notebook(built_copy, FAST, "import time\ntime.sleep(600)")
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scalingbook.build.cli", "--root", str(built_copy.root), "build", "--only", FAST],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.time() + 120
        while time.time() < deadline and not list((built_copy.cache_dir / FAST).glob("exec-*")):
            time.sleep(0.2)
        time.sleep(2)
        assert list((built_copy.cache_dir / FAST).glob("exec-*")), "the build ended before it started executing"
        proc.send_signal(getattr(signal, signal_name))
        proc.communicate(timeout=60)
        if signal_name == "SIGTERM":
            assert proc.returncode == 130
            assert not list((built_copy.cache_dir / FAST).glob("exec-*")), "SIGTERM left a temporary folder"
        assert tree_digest(built_copy.html_dir) == before
        time.sleep(2)
        alive = subprocess.run(
            ["pgrep", "-f", "scalingbook.build.execution"], capture_output=True, text=True
        ).stdout.split()
        mine = [
            pid for pid in alive if str(built_copy.root) in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
        ]
        assert not mine, f"an execution outlived the killed build: {mine}"
    finally:
        built_copy.notebook(FAST).write_bytes(original)
    time.sleep(1)
    pipeline.build(built_copy, progress=lambda m: None)
    assert not list((built_copy.cache_dir / FAST).glob("exec-*")), "the next build left the killed one's folder"
    assert (built_copy.html_dir / "index.html").is_file()
