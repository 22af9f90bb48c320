"""Faults from review (issue 15) at the level of a whole build: the lock, bad data found
before any kernel starts, and two builds at once leaving one complete site."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from scalingbook import book as _book
from scalingbook import pipeline
from test_pipeline import built_copy, copy_book, tree_digest  # noqa: F401 (built_copy is a fixture)


def test_a_second_holder_waits_with_a_message_then_proceeds(tmp_path):
    b = _book.Book(tmp_path)
    held = threading.Event()

    def holder():
        with _book.lock(b, "build", progress=lambda m: None):
            held.set()
            time.sleep(1.0)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(5)
    said: list[str] = []
    start = time.perf_counter()
    with _book.lock(b, "run of x", wait=30, progress=said.append):
        waited = time.perf_counter() - start
    t.join()
    assert said and said[0].startswith("Waiting for another build (pid"), said
    assert 0.5 < waited < 10


def test_a_lock_gives_up_after_its_wait_in_one_line(tmp_path):
    b = _book.Book(tmp_path)
    with _book.lock(b, "build", progress=lambda m: None):
        with pytest.raises(_book.BuildLocked, match=r"still running in this checkout after 0 s"):
            with _book.lock(b, "build", wait=0.3, progress=lambda m: None):
                pass


def test_an_empty_data_table_stops_the_build_before_any_kernel(tmp_path):
    copy = copy_book(tmp_path / "b")
    (copy.data_dir / "chinchilla_exponents.csv").write_text("")
    with pytest.raises(pipeline.BuildError, match="data/chinchilla_exponents.csv is empty"):
        pipeline.build(copy, progress=lambda m: None)
    assert not copy.cache_dir.exists(), "a kernel started before the data were checked"
    assert not copy.stage_dir.exists() and not copy.build_dir.exists()


def test_cli_reports_bad_data_in_one_line_exit_1(tmp_path):
    copy = copy_book(tmp_path / "b")
    (copy.data_dir / "chinchilla_exponents.csv").write_text("a,b,source\n")
    proc = subprocess.run([sys.executable, "-m", "scalingbook.cli", "--root", str(copy.root), "build"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "has a header but no rows" in proc.stderr


@pytest.mark.slow
def test_two_builds_at_once_leave_one_complete_site(built_copy):
    """Both finish (the second waits for the first); the site is complete at the end and
    nothing is left of either build's temporary work."""
    page = built_copy.root / "notation.md"
    original = page.read_text()
    page.write_text(original + "\nA sentence added so that Sphinx has something to rebuild.\n")
    expected = set(tree_digest(built_copy.html_dir))
    try:
        cmd = [sys.executable, "-m", "scalingbook.cli", "--root", str(built_copy.root), "build"]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [p.communicate(timeout=900) for p in procs]
    finally:
        page.write_text(original)
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    assert any("Waiting for another build" in o[0] for o in outs), "the second build did not wait for the first"
    assert set(tree_digest(built_copy.html_dir)) == expected, "pages missing from the published site"
    assert "A sentence added" in (built_copy.html_dir / "notation.html").read_text()
    left = [p.name for p in built_copy.build_dir.iterdir() if p.name.endswith(".partial") or p.name.startswith(".html-link")
            or p.name in ("html.new", "html.old")]
    assert not left, left


@pytest.mark.slow
def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(built_copy):
    """SIGKILL during execution: the site is untouched, and the next build removes the
    killed execution's temporary folder and publishes normally."""
    from test_pipeline import FAST, break_notebook

    before = tree_digest(built_copy.html_dir)
    original = built_copy.notebook(FAST).read_bytes()
    break_notebook(built_copy, FAST, "import time\ntime.sleep(600)")
    try:
        proc = subprocess.Popen([sys.executable, "-m", "scalingbook.cli", "--root", str(built_copy.root), "build",
                                 "--only", FAST], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        while time.time() < deadline and not list((built_copy.cache_dir / FAST).glob("exec-*")):
            time.sleep(0.2)
        time.sleep(2)
        proc.kill()
        proc.communicate()
        assert list((built_copy.cache_dir / FAST).glob("exec-*")), "the build was killed before it started executing"
        assert tree_digest(built_copy.html_dir) == before
    finally:
        built_copy.notebook(FAST).write_bytes(original)
    time.sleep(1)
    pipeline.build(built_copy, progress=lambda m: None)
    assert not list((built_copy.cache_dir / FAST).glob("exec-*")), "the next build left the killed one's folder"
    assert (built_copy.html_dir / "index.html").is_file()
