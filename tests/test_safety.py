"""Nothing runs that the reader did not ask for, nothing is written where it must not be,
nothing hangs: the cache files that cannot run code, the output locations refused, bounded
input, and a killed site build that never leaves a builder running beside the next one."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scalingbook import datasets
from scalingbook.build import book as _book
from scalingbook.pages import cache as pages_cache
from scalingbook.sources import datafiles

ROOT = Path(__file__).resolve().parents[1]


class _Payload:
    """A pickle that, when loaded, writes a marker file (what a poisoned cache would do)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "payload ran"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "cache"))
    datasets.load_epoch_chinchilla.cache_clear()
    yield tmp_path / "cache"
    datasets.load_epoch_chinchilla.cache_clear()


# ------------------------------------------------------------------ caches that cannot run code


def test_a_poisoned_parsed_table_never_runs_its_payload(cache, tmp_path):
    first = datasets.load_epoch_chinchilla()
    (stored,) = (cache / "parsed").glob("load_epoch_chinchilla-*")
    marker = tmp_path / "marker"
    poison = pickle.dumps(_Payload(marker))
    stored.write_bytes(poison)  # the data-only file replaced by a pickle
    stored.with_suffix(".pkl").write_bytes(poison)  # and a pickle where earlier versions kept it
    datasets.load_epoch_chinchilla.cache_clear()
    again = datasets.load_epoch_chinchilla()
    assert not marker.exists(), "a pickle in the parsed-data cache ran when the table was loaded"
    pd.testing.assert_frame_equal(first, again)
    problems = datasets.verify(["analyzing-chinchilla"], notes=(notes := []))
    assert not marker.exists(), "data verify ran a pickle"
    assert not list((cache / "parsed").glob("*.pkl")) and any("pickle" in n for n in notes), notes
    assert problems == [], "the poisoned file was already replaced by a fresh parse on load"


def test_parsed_tables_are_numpy_archives_that_need_no_pickle(cache):
    datasets.load_epoch_chinchilla()
    (stored,) = (cache / "parsed").glob("load_epoch_chinchilla-*")
    assert stored.suffix == ".npz"
    with np.load(stored, allow_pickle=False) as z:  # raises if any member needs pickle
        assert all(z[k].dtype != object for k in z.files)


def test_data_verify_finds_and_removes_a_changed_parsed_table(cache):
    table = datasets.load_epoch_chinchilla()
    (stored,) = (cache / "parsed").glob("load_epoch_chinchilla-*.npz")
    changed = table.copy()
    changed.loc[0, "loss"] = changed.loc[0, "loss"] + 1.0
    datafiles.write_frame(stored, changed)
    problems = datasets.verify(["analyzing-chinchilla"])
    assert len(problems) == 1 and "differs from a fresh parse" in problems[0], problems
    assert not stored.exists()


def test_data_verify_of_a_parsed_table_without_its_files_removes_it(cache):
    datasets.load_epoch_chinchilla()
    for f in (cache / "epoch-research").rglob("*"):
        if f.is_file():
            f.unlink()
    notes: list[str] = []
    assert datasets.verify(["analyzing-chinchilla"], notes=notes) == []
    assert not list((cache / "parsed").glob("load_epoch_chinchilla-*")) and "not all cached" in notes[0]


def test_cached_page_results_never_run_a_pickle(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "datasets"))
    monkeypatch.setattr(pages_cache, "source_digest", lambda: "d" * 64)
    value = {"table": pd.DataFrame({"a": [1.0, np.nan], "b": ["x", None]}), "n": 3, "pair": (1, "two")}
    pages_cache.cached_result("z", lambda: value)
    (stored,) = (tmp_path / "pages").glob("z-*")
    marker = tmp_path / "marker"
    stored.write_bytes(pickle.dumps(_Payload(marker)))
    got = pages_cache.cached_result("z", lambda: value)
    assert not marker.exists(), "a pickle in pages/ ran"
    pd.testing.assert_frame_equal(got["table"], value["table"]) and got["pair"] == (1, "two")


def test_data_files_hold_tables_arrays_and_the_books_dataclasses(tmp_path):
    import dataclasses

    from scalingbook.science import laws

    law = next(v for v in vars(laws).values() if isinstance(v, laws.ChinchillaLaw))
    value = {
        "law": law,
        "grid": np.linspace(0, 1, 5),
        "when": pd.DataFrame({"d": pd.to_datetime(["2024-01-02", None]), "ok": [True, False], "n": [1, 2]}),
        "s": pd.Series([1.5, 2.5], name="x"),
        7: [np.float64(1.25), float("inf"), 10**30],
    }
    datafiles.write_value(tmp_path / "v.npz", value)
    back = datafiles.read_value(tmp_path / "v.npz")
    assert back["law"] == law and dataclasses.is_dataclass(back["law"])
    np.testing.assert_array_equal(back["grid"], value["grid"])
    pd.testing.assert_frame_equal(back["when"], value["when"])
    pd.testing.assert_series_equal(back["s"], value["s"])
    assert back[7] == [1.25, float("inf"), 10**30]


def test_data_files_refuse_to_name_a_class_outside_the_book(tmp_path):
    value = {"x": np.arange(3.0)}
    path = tmp_path / "v.npz"
    datafiles.write_value(path, value)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    import json

    meta = json.loads(arrays["__meta__"].tobytes())
    meta["value"] = {"t": "dataclass", "module": "os", "name": "system", "fields": {}}
    arrays["__meta__"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="not one of the book's classes"):
        datafiles.read_value(path)


# ------------------------------------------------------------------ output locations


def _refused(check, path, match):
    with pytest.raises(_book._params.ParameterError, match=match):
        check(path)


@pytest.mark.parametrize("device", ["/dev/full", "/dev/null"])
def test_sweep_out_at_a_device_node_is_refused(device):
    _refused(_book.check_output_file, device, r"is a device; give a regular file or a new name")


def test_sweep_out_at_a_symlink_is_refused_and_the_link_kept(tmp_path):
    target = tmp_path / "target.csv"
    target.write_text("kept\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    _refused(_book.check_output_file, link, r"is a symbolic link")
    assert link.is_symlink() and target.read_text() == "kept\n"


def test_a_pipe_as_out_is_refused(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    _refused(_book.check_output_file, fifo, r"is a pipe")


@pytest.mark.parametrize(
    "where, words",
    [
        ("chapters", "the chapters' source"),
        ("chapters/new", "the chapters' source"),
        ("_build/html", "the published site"),
        (".cache/executed", "the execution cache"),
        ("src/scalingbook", "the package's source"),
        ("data", "the book's data tables"),
    ],
)
def test_run_out_into_the_books_sources_caches_or_site_is_refused(where, words):
    _refused(_book.check_output_dir, str(ROOT / where), words)


def test_run_out_at_the_book_folder_or_empty_is_refused(tmp_path):
    _refused(_book.check_output_dir, str(ROOT), "is the book's folder")
    _refused(_book.check_output_dir, "", "is empty")
    _book.check_output_dir(tmp_path / "new" / "folder")  # a new folder elsewhere is fine
    _book.check_output_dir(ROOT / "runs" / "x")


def test_a_link_into_the_chapters_is_refused(tmp_path):
    link = tmp_path / "sneaky"
    link.symlink_to(ROOT / "chapters")
    _refused(_book.check_output_dir, link, "the chapters' source")


def test_long_output_names_are_one_line_refusals(tmp_path):
    _refused(_book.check_output_dir, tmp_path / ("a" * 300), r"has a name of 300 bytes")
    _refused(_book.check_output_file, tmp_path / ("b" * 300 + ".csv"), r"has a name of 304 bytes")
    deep = tmp_path.joinpath(*["c" * 200] * 25)
    _refused(_book.check_output_dir, deep, r"bytes long; at most 4,095")


# ------------------------------------------------------------------ a killed build and its site builder

_HOLDER = """
import sys, time
from pathlib import Path
from scalingbook.build import book
b = book.Book(Path(sys.argv[1]))
with book.lock(b, "build", wait=0, progress=lambda m: None):
    book.run_holding_lock([sys.executable, "-c",
        "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(60)", sys.argv[2]])
"""


def test_a_killed_build_never_leaves_its_site_builder_beside_the_next_build(tmp_path):
    pidfile = tmp_path / "builder.pid"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(tmp_path), str(pidfile)])
    deadline = time.monotonic() + 30
    while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    builder = int(pidfile.read_text())
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    # the next build, at once: it must never hold the lock while the old builder runs
    with _book.lock(_book.Book(tmp_path), "build", wait=20, progress=lambda m: None):
        alive = _book.pid_alive(builder) and "zombie" not in _state(builder)
        assert not alive, "the next build got the lock while the killed build's site builder still ran"


def _state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "gone"
    return "zombie" if "\nState:\tZ" in status else "running"
