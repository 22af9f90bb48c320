"""Sweeps: grid expansion, the run count and estimate before anything runs, --yes above the
limit, progress as k of n, one CSV row per set, and nothing left by an interrupted sweep."""

from __future__ import annotations

import pandas as pd
import pytest
from test_execution import TINY, make_tiny_book

from scalingbook import params
from scalingbook.build import sweeps


def test_expand_grid_forms():
    assert sweeps.expand_grid({"grid": {"a": [1, 2], "b": ["x"]}}) == [{"a": 1, "b": "x"}, {"a": 2, "b": "x"}]
    assert sweeps.expand_grid({"runs": [{"a": 1}], "grid": {"a": [3]}}) == [{"a": 1}, {"a": 3}]
    for bad in (
        {},
        {"grid": {}},
        {"runs": [1]},
        [1, 2],
        {"grid": {"a": []}},
        {"grid": {"a": [1]}, "gird": 1},
        {"runs": {"a": 1}},
    ):
        with pytest.raises(params.ParameterError):
            sweeps.expand_grid(bad)


def test_a_big_sweep_is_refused_without_yes_before_any_kernel(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ["y = x"])
    said: list[str] = []
    with pytest.raises(
        params.ParameterError, match=r"lists 10,000 parameter sets, at least 10,000 of them to execute.*--yes"
    ):
        sweeps.sweep(
            TINY, {"grid": {"x": list(range(10_000))}}, book=book, out_csv=tmp_path / "s.csv", progress=said.append
        )
    assert said and "10,000 parameter set(s)" in said[0] and "at least 10,000 to execute" in said[0], said
    assert not (tmp_path / "s.csv").exists() and not (book.cache_dir / TINY).exists()


def test_estimate_uses_the_cache_timings(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ["y = x"])
    cache = book.cache_dir / TINY
    cache.mkdir(parents=True)
    for i, s in enumerate((2.0, 4.0, 6.0)):
        (cache / f"k{i}.json").write_text(f'{{"seconds": {s}}}')
    todo, words = sweeps.plan(book, TINY, [{"x": v} for v in range(10)], n_jobs=2)
    assert todo == 10 and "about 20 s" in words and "4.0 s a run" in words, words


def test_sweep_rejects_an_unwritable_csv_before_running(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ["y = x"])
    (tmp_path / "adir").mkdir()
    with pytest.raises(params.ParameterError, match="is a folder"):
        sweeps.sweep(TINY, {"grid": {"x": [1]}}, book=book, out_csv=tmp_path / "adir", progress=lambda m: None)
    assert not (book.cache_dir / TINY).exists()


@pytest.mark.slow
def test_sweep_writes_one_row_per_set_with_progress(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ["from scalingbook import report\nreport.publish('twice', 2 * x)"])
    out = tmp_path / "sweep.csv"
    said: list[str] = []
    sweeps.sweep(TINY, {"grid": {"x": [1, 2]}}, out_csv=out, book=book, n_jobs=2, progress=said.append)
    df = pd.read_csv(out)
    assert list(df["x"]) == [1, 2] and list(df["twice"]) == [2, 4]
    assert any("[1/2]" in ln for ln in said) and any("[2/2]" in ln for ln in said), said
    assert any("x=2" in ln for ln in said), "progress does not show the run's parameters"


@pytest.mark.slow
def test_interrupted_sweep_leaves_no_csv_and_no_temporary_folders(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ["import time\ntime.sleep(x)"])
    out = tmp_path / "sweep.csv"

    def interrupt(msg: str) -> None:
        if "[1/" in msg:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweeps.sweep(TINY, {"grid": {"x": [0, 30, 31]}}, out_csv=out, book=book, n_jobs=2, progress=interrupt)
    assert not out.exists() and not list(tmp_path.glob(".sweep.csv*"))
    assert not list((book.cache_dir / TINY).glob("exec-*")), "an interrupted sweep left temporary folders"


def test_a_nine_million_set_grid_is_counted_and_refused_within_two_seconds(tmp_path, monkeypatch):
    import time

    book = make_tiny_book(tmp_path, monkeypatch, ["y = x"])
    grid = {"grid": {"x": list(range(3000)), "y": list(range(3000))}}  # 9,000,000 combinations
    for yes in (False, True):
        start = time.perf_counter()
        with pytest.raises(
            params.ParameterError, match=r"lists 9,000,000 parameter sets; a sweep holds at most 100,000"
        ):
            sweeps.sweep(TINY, grid, book=book, out_csv=tmp_path / "s.csv", yes=yes, progress=lambda m: None)
        assert time.perf_counter() - start < 2, "the grid was built before it was counted"
    assert sweeps.count_sets(grid) == 9_000_000 and sweeps.count_sets({"runs": [{}, {}], "grid": {"x": [1, 2]}}) == 4


@pytest.mark.parametrize("out", ["/dev/full", "link"])
def test_sweep_out_at_a_device_or_link_is_refused_before_the_grid_is_read(tmp_path, monkeypatch, out):
    book = make_tiny_book(tmp_path, monkeypatch, ["y = x"])
    if out == "link":
        (tmp_path / "t.csv").write_text("kept")
        out = tmp_path / "link"
        out.symlink_to(tmp_path / "t.csv")
    said: list[str] = []
    with pytest.raises(params.ParameterError, match=r"is a device|is a symbolic link"):
        sweeps.sweep(TINY, {"grid": {"x": "not even a list of sets"}}, book=book, out_csv=out, progress=said.append)
    assert not said and not (book.cache_dir / TINY).exists()


@pytest.mark.slow
def test_identical_runs_of_a_grid_run_once_and_are_announced(tmp_path, monkeypatch):
    book = make_tiny_book(tmp_path, monkeypatch, ["from scalingbook import report\nreport.publish('twice', 2 * x)"])
    out = tmp_path / "sweep.csv"
    said: list[str] = []
    sweeps.sweep(
        TINY,
        {"runs": [{"x": 1}, {"x": 1.0}], "grid": {"x": [1, 2]}},
        out_csv=out,
        book=book,
        n_jobs=1,
        progress=said.append,
    )
    df = pd.read_csv(out)
    assert list(df["x"]) == [1, 2], "each distinct set has one row"
    assert any("2 parameter set(s) of the sweep file repeat an earlier one" in ln for ln in said), said
    assert any("over 2 parameter set(s)" in ln for ln in said) and sum("[" in ln for ln in said) == 2, said


def test_a_huge_nested_runs_entry_is_refused_with_a_short_message_at_once():
    import time

    bomb: list = ["lol"] * 10
    for _ in range(8):
        bomb = [bomb] * 10  # 10^9 leaves, shared as YAML aliases would be
    start = time.perf_counter()
    with pytest.raises(params.ParameterError, match=r"each entry of 'runs:' must be a mapping") as err:
        sweeps.expand_grid({"runs": [bomb]})
    assert time.perf_counter() - start < 1 and len(str(err.value)) < 300, str(err.value)[:400]
