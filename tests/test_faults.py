"""Faults at the level of a whole build: the lock, and bad data found
before any kernel starts. (Two builds at once and a killed build, which need a built book,
are in test_pipeline.py beside its built copy.)"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from test_pipeline import copy_book

from scalingbook import pipeline
from scalingbook.build import book as _book


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
    proc = subprocess.run(
        [sys.executable, "-m", "scalingbook.build.cli", "--root", str(copy.root), "build"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "has a header but no rows" in proc.stderr


@pytest.mark.parametrize("value", ["nan", "abc", "-1", "inf", "-inf"])
def test_a_bad_lock_wait_is_refused_not_forever_or_the_default(monkeypatch, value):
    monkeypatch.setenv("SCALINGBOOK_LOCK_WAIT", value)
    with pytest.raises(
        _book._params.ParameterError,
        match=f"SCALINGBOOK_LOCK_WAIT must be a number of seconds, 0 or more; got '{value}'",
    ):
        _book.lock_wait()


def test_a_lock_wait_of_zero_or_more_is_taken_as_given(monkeypatch):
    for value, seconds in (("0", 0.0), ("2.5", 2.5), ("", _book.DEFAULT_LOCK_WAIT)):
        monkeypatch.setenv("SCALINGBOOK_LOCK_WAIT", value)
        assert _book.lock_wait() == seconds
