"""Execution and its cache: keys, pruning, failures reported whole, time limits, and the
temporary folders a killed execution leaves (removed by the next build, never a live one's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from scalingbook import params
from scalingbook.build import execution
from scalingbook.build.book import Book, ChapterFailed
from scalingbook.pages.params import Param

FAST = "test-time-compute"
TINY = "tiny-chapter"


def make_tiny_book(root: Path, monkeypatch, cells: list[str]) -> Book:
    """A book of one tiny chapter (`x: int = 1`, then ``cells``), registered in the schemas
    for this test only: executes in about a kernel start."""
    monkeypatch.setitem(params.SCHEMAS, TINY, (Param("x", int, 1, "", "a number", low=0, high=10_000),))
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "_config.yml").write_text("title: tiny\n")
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x: int = 1", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, root / "chapters" / "tiny_chapter.ipynb")
    return Book(root)


def test_execution_key_changes_with_notebook_parameters_and_sources(book):
    defaults = params.validate(FAST, {})
    k1 = execution.execution_key(book, FAST, defaults)
    assert k1 == execution.execution_key(book, FAST, dict(defaults))
    changed = dict(defaults)
    p = next(q for q in params.schema(FAST) if q.kind is int)
    changed[p.name] = p.default + 1
    assert execution.execution_key(book, FAST, changed) != k1
    assert execution.execution_key(book, FAST, defaults, sources="other") != k1


def test_prune_keeps_the_execution_the_site_was_built_from(tmp_path):
    cache = tmp_path / "executed" / "ch"
    cache.mkdir(parents=True)
    for i in range(5):
        (cache / f"k{i}.json").write_text("{}")
        (cache / f"k{i}.ipynb").write_text("{}")
        t = time.time() - 100 + i
        os.utime(cache / f"k{i}.json", (t, t))
    (tmp_path / "executed" / "last-build.json").write_text(json.dumps({"ch": "k0"}))
    # a site built elsewhere from this cache (a test run's) pins its own executions too
    (tmp_path / "executed" / "last-build.tests-123.json").write_text(json.dumps({"ch": "k1"}))
    execution.prune_cache(cache, keep=2)
    left = sorted(p.stem for p in cache.glob("*.json"))
    assert left == ["k0", "k1", "k3", "k4"], left
    assert not (cache / "k2.ipynb").exists()


def test_one_line_keeps_the_whole_message():
    assert (
        execution.one_line("DataError: bad file\n  column 'x' missing\n)")
        == "DataError: bad file / column 'x' missing / )"
    )
    assert len(execution.one_line("x" * 5000)) == 600


def test_clean_stale_removes_dead_executions_and_keeps_live_ones(tmp_path):
    book = Book(tmp_path)
    cache = book.cache_dir / "ch"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale = cache / f"exec-ch-{dead}-abc123"
    live = cache / f"exec-ch-{os.getpid()}-def456"
    for d in (stale, live):
        d.mkdir(parents=True)
        (d / "out.ipynb").write_text("partial")
    removed = execution.clean_stale(book)
    assert removed == [stale] and not stale.exists()
    assert live.exists(), "another live execution's folder was removed"


@pytest.mark.slow
def test_multi_line_error_is_reported_whole_on_one_line(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ['raise ValueError("first line\\nsecond line\\n)")'])
    with pytest.raises(ChapterFailed) as err:
        execution.execute(book, TINY, {})
    msg = str(err.value)
    assert "\n" not in msg and "first line" in msg and "second line" in msg and "cell [3]" in msg, (
        msg
    )  # [2] is papermill's injected cell
    assert not list((book.cache_dir / TINY).glob("exec-*")), "temporary folder left behind"
    assert not list((book.cache_dir / TINY).glob("*.ipynb")), "a failing execution reached the cache"


@pytest.mark.slow
def test_time_limit_ends_the_chapter_naming_the_cell(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ["y = x + 1", "import time\ntime.sleep(600)", "z = 3"])
    start = time.perf_counter()
    with pytest.raises(ChapterFailed) as err:
        execution.execute(book, TINY, {}, timeout=6)
    elapsed = time.perf_counter() - start
    msg = str(err.value)
    assert f"chapter '{TINY}'" in msg and "cell [4]" in msg and "time limit of 6 s" in msg, msg
    assert "cell starts 'import time'" in msg, msg
    assert elapsed < 40, f"the time limit of 6 s stopped the chapter only after {elapsed:.0f} s"
    assert not list((book.cache_dir / TINY).glob("exec-*"))


@pytest.mark.slow
def test_execute_many_reports_k_of_n_with_the_parameters(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ["from scalingbook import report\nreport.publish('twice', 2 * x)"])
    lines: list[str] = []
    recs = execution.execute_many(book, [(TINY, {"x": 2}), (TINY, {"x": 3})], n_jobs=2, progress=lines.append)
    assert [r.results["twice"] for r in recs] == [4, 6]
    assert sorted(ln.split("]")[0].strip() for ln in lines) == ["[1/2", "[2/2"], lines
    assert any("x=2" in ln for ln in lines) and any("x=3" in ln for ln in lines), lines


@pytest.mark.slow
def test_kernel_start_up_warnings_stay_out_of_the_terminal(tmp_path, monkeypatch, capfd):
    book = make_tiny_book(tmp_path, monkeypatch, ["y = x + 1"])
    execution.execute(book, TINY, {"x": 5}, in_process=True)
    err = capfd.readouterr().err
    assert "without encryption" not in err and "Traceback" not in err, err


@pytest.mark.slow
def test_a_kernel_that_dies_as_it_starts_is_started_once_more(tmp_path, monkeypatch):
    """A kernel that dies before running any cell (as when another process takes one of its
    ports as it starts) has run nothing of the chapter: one more kernel is started. A kernel
    that dies every time still fails the chapter, naming why."""
    book = make_tiny_book(tmp_path, monkeypatch, ["from scalingbook import report\nreport.publish('twice', 2 * x)"])
    marker = tmp_path / "died-once"
    real = execution._kernel_arguments

    def dying(code: str):
        return lambda preload="": real(preload) + [f"--IPKernelApp.exec_lines={code}"]

    once = f"import os, pathlib\np = pathlib.Path({str(marker)!r})\nif not p.exists():\n    p.touch(); os._exit(1)"
    monkeypatch.setattr(execution, "_kernel_arguments", dying(once))
    rec = execution.execute(book, TINY, {"x": 5}, in_process=True)
    assert marker.exists(), "the first kernel did not die: nothing was tested"
    assert rec.results["twice"] == 10
    monkeypatch.setattr(execution, "_kernel_arguments", dying("import os\nos._exit(1)"))
    with pytest.raises(ChapterFailed, match="Kernel died before replying to kernel_info"):
        execution.execute(book, TINY, {"x": 6}, in_process=True)
