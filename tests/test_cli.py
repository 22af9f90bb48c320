"""The command line: every bad input gets one clear line, exit code 2 and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scalingbook import cli, params

CHAPTER = "test-time-compute"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scalingbook.build.cli", *args], capture_output=True, text=True, timeout=120
    )


def first_param(chapter: str, kind: type) -> params.Param:
    return next(p for p in params.schema(chapter) if p.kind is kind and p.choices is None)


@pytest.mark.parametrize(
    "args,needle",
    [
        (["run", "no-such-chapter"], "unknown chapter 'no-such-chapter'"),
        (["run", CHAPTER, "-p", "not_a_parameter", "1"], "unknown parameter 'not_a_parameter'"),
        (["params", "no-such-chapter"], "unknown chapter"),
        (["sweep", "no-such-chapter", "-f", "x.yaml"], "unknown chapter"),
    ],
)
def test_unknown_names_exit_2_with_one_line(tmp_path, args, needle):
    out = tmp_path / "out"
    proc = run_cli(*args, *(["--out", str(out)] if args[0] == "run" else []))
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.startswith("usage:")]
    assert len(lines) == 1 and needle in lines[0], proc.stderr
    assert not out.exists(), "nothing may be written on bad input"


def test_wrong_type_is_rejected_before_any_kernel(tmp_path):
    p = first_param(CHAPTER, int)
    out = tmp_path / "out"
    proc = run_cli("run", CHAPTER, "-p", p.name, "abc", "--out", str(out))
    assert proc.returncode == 2
    assert f"parameter '{p.name}'" in proc.stderr and "must be an integer" in proc.stderr and "'abc'" in proc.stderr
    assert not out.exists()


def test_out_of_range_names_parameter_range_and_value(tmp_path):
    p = next(q for q in params.schema(CHAPTER) if q.kind in (int, float) and q.high is not None)
    too_big = p.high * 10 + 1
    out = tmp_path / "out"
    proc = run_cli("run", CHAPTER, "-p", p.name, str(too_big), "--out", str(out))
    assert proc.returncode == 2
    assert f"'{p.name}'" in proc.stderr and p.allowed() in proc.stderr and "got" in proc.stderr
    assert not out.exists()


def test_malformed_yaml_is_reported_with_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("seed: 1\n  oops: [unclosed\n")
    out = tmp_path / "out"
    proc = run_cli("run", CHAPTER, "-f", str(bad), "--out", str(out))
    assert proc.returncode == 2 and "not valid YAML" in proc.stderr and "line" in proc.stderr
    assert not out.exists()


def test_missing_and_non_mapping_yaml(tmp_path):
    proc = run_cli("run", CHAPTER, "-f", str(tmp_path / "missing.yaml"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    listy = tmp_path / "list.yaml"
    listy.write_text("- 1\n- 2\n")
    proc = run_cli("run", CHAPTER, "-f", str(listy))
    assert proc.returncode == 2 and "must map parameter names to values" in proc.stderr


def test_yaml_values_are_checked_like_command_line_values(tmp_path):
    p = first_param(CHAPTER, int)
    f = tmp_path / "p.yaml"
    f.write_text(f"{p.name}: 'abc'\n")
    proc = run_cli("check", CHAPTER, "-f", str(f))
    assert proc.returncode == 2 and f"'{p.name}'" in proc.stderr


def test_sweep_rejects_a_bad_set_before_running_any(tmp_path):
    p = first_param(CHAPTER, int)
    grid = tmp_path / "grid.yaml"
    grid.write_text(f"grid:\n  {p.name}: [{p.default}, -5]\n")
    out = tmp_path / "sweep.csv"
    proc = run_cli("sweep", CHAPTER, "-f", str(grid), "--out", str(out))
    assert proc.returncode == 2 and f"'{p.name}'" in proc.stderr
    assert not out.exists()


def test_params_prints_every_parameter_with_range_and_unit(capsys):
    assert cli.main(["params", CHAPTER]) == 0
    out = capsys.readouterr().out
    for p in params.schema(CHAPTER):
        assert p.name in out and p.allowed() in out


def test_check_prints_the_validated_values(capsys):
    p = first_param(CHAPTER, int)
    assert cli.main(["check", CHAPTER, "-p", p.name, str(p.default)]) == 0
    assert f"{p.name} = {p.default!r}" in capsys.readouterr().out


def test_root_must_be_a_book(tmp_path):
    proc = run_cli("--root", str(tmp_path), "params", CHAPTER)
    assert proc.returncode == 2 and "no _toc.yml" in proc.stderr


def test_data_update_offline_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALINGBOOK_CACHE", str(tmp_path))
    proc = run_cli("data", "update", "--url", "http://127.0.0.1:9/notable.csv")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "could not download" in proc.stderr


# ------------------------------------------------------------------ faults of bad input and bad output locations


def any_param(kind: type, with_high: bool = False) -> tuple[str, params.Param]:
    for chapter in params.chapter_names():
        for p in params.schema(chapter):
            if p.kind is kind and p.choices is None and (not with_high or p.high is not None):
                return chapter, p
    pytest.skip(f"no {kind.__name__} parameter in any schema")


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"seed: 1\n\xff\xfe bad\n", "not UTF-8"),
        (b"\x00\x01\x02binary", "binary"),
        (b"1: 2\n", "parameter names must be text"),
        (b"? [a, b]\n: 1\n", "not a name"),
        (b"seed: 1\nseed: 2\n", "'seed' is given twice"),
    ],
)
def test_bad_parameter_files_exit_2_with_one_line(tmp_path, content, needle):
    f = tmp_path / "p.yaml"
    f.write_bytes(content)
    out = tmp_path / "out"
    proc = run_cli("run", CHAPTER, "-f", str(f), "--out", str(out))
    assert proc.returncode == 2 and needle in one_error_line(proc), proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("content", ["[]\n", "", "pretraining-cost: 3\n", "1: {a: 1}\n"])
def test_build_file_must_map_chapters_to_parameters(tmp_path, content):
    f = tmp_path / "book.yaml"
    f.write_text(content)
    proc = run_cli("build", "-f", str(f))
    assert proc.returncode == 2, proc.stderr
    one_error_line(proc)


def test_out_of_range_value_is_shown_as_given_not_rounded():
    chapter, p = next(
        (c, q)
        for c in params.chapter_names()
        for q in params.schema(c)
        if q.kind is float and q.high is not None and abs(q.high) < 1e6 and "e" not in repr(float(q.high))
    )
    given = repr(float(p.high)) + "000001"
    proc = run_cli("check", chapter, "-p", p.name, given)
    assert proc.returncode == 2 and f"got {given}" in one_error_line(proc), proc.stderr


def test_a_repeated_p_is_refused_naming_it():
    p = first_param(CHAPTER, int)
    proc = run_cli("check", CHAPTER, "-p", p.name, str(p.default), "-p", p.name, str(p.default))
    assert proc.returncode == 2 and f"'{p.name}' is given twice" in one_error_line(proc)


def test_a_huge_value_is_cut_in_the_message():
    p = first_param(CHAPTER, int)
    proc = run_cli("check", CHAPTER, "-p", p.name, "9" * 100_000)
    line = one_error_line(proc)
    assert proc.returncode == 2 and len(line) < 400 and "100,000 characters" in line, line[:300]


def test_booleans_read_the_same_on_the_command_line_and_in_yaml(tmp_path):
    chapter, p = any_param(bool)
    f = tmp_path / "p.yaml"
    f.write_text(f"{p.name}: 1\n")
    from_file = run_cli("check", chapter, "-f", str(f))
    from_cli = run_cli("check", chapter, "-p", p.name, "1")
    assert from_file.returncode == from_cli.returncode == 2, (from_file.stderr, from_cli.stderr)
    f.write_text(f"{p.name}: yes\n")
    assert run_cli("check", chapter, "-f", str(f)).returncode == 0
    assert run_cli("check", chapter, "-p", p.name, "yes").returncode == 0


def test_root_holding_only_a_toc_is_refused_in_one_line(tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    proc = run_cli("--root", str(tmp_path), "run", CHAPTER, "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "lacks _config.yml" in one_error_line(proc)


@pytest.mark.parametrize("where", ["a-file", "/proc/scalingbook-out", "a-file/below"])
def test_out_is_checked_before_the_kernel_starts(tmp_path, where):
    (tmp_path / "a-file").write_text("keep me")
    out = where if where.startswith("/") else str(tmp_path / where)
    proc = run_cli("run", CHAPTER, "--out", out)
    assert proc.returncode == 2 and "Executing" not in proc.stdout, proc.stdout + proc.stderr
    one_error_line(proc)
    assert (tmp_path / "a-file").read_text() == "keep me" and not Path("/proc/scalingbook-out").exists()


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    import errno

    from scalingbook import pipeline

    out = tmp_path / "new" / "run"
    real = Path.write_bytes
    calls = [0]

    def full_disk(self, data):
        calls[0] += 1
        if calls[0] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    files = {k: (out / f"{k}.txt", b"x") for k in ("a", "b", "c")}
    with pytest.raises(pipeline.BuildError, match="No space left on device; nothing was left there"):
        pipeline.write_outputs(out, files)
    assert not (tmp_path / "new").exists(), "the folder created for the run was left behind"


def test_a_second_build_refuses_in_one_line_while_one_holds_the_checkout(tmp_path):
    from test_pipeline import copy_book

    from scalingbook.build import book as _book

    copy = copy_book(tmp_path / "b")
    env = {**os.environ, "SCALINGBOOK_LOCK_WAIT": "0"}
    with _book.lock(copy, "build", progress=lambda m: None):
        proc = subprocess.run(
            [sys.executable, "-m", "scalingbook.build.cli", "--root", str(copy.root), "build"],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
    assert proc.returncode == 1 and f"another build (pid {os.getpid()}) is running" in one_error_line(proc)
    assert not copy.build_dir.exists() and not copy.stage_dir.exists(), "the refused build touched the site"


def test_params_piped_into_head_exits_quietly():
    proc = subprocess.run(
        f"'{sys.executable}' -m scalingbook.build.cli params {CHAPTER} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr


def test_an_interrupt_exits_130_in_one_line(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_cmd_check", interrupted)
    assert cli.main(["check", CHAPTER]) == 130
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err


def test_help_shows_examples_and_chapters_and_version_exists():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "examples:" in proc.stdout and "scalingbook run" in proc.stdout
    for c in params.chapter_names():
        assert c in proc.stdout
    from scalingbook import __version__

    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"scalingbook {__version__}"


def test_a_killed_runs_staging_folder_is_removed_by_the_next_write(tmp_path):
    from scalingbook import pipeline

    out = tmp_path / "run"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    (out / f".run-{dead}-123").mkdir(parents=True)
    (out / f".run-{dead}-123" / "page.html").write_text("partial")
    pipeline.write_outputs(out, {"a": (out / "a.txt", b"x")})
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]


# ------------------------------------------------------------------ adversarial input: bounded, one line, exit 2

BOMB = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "compute_budget_flops: *i\n"
)


def test_a_billion_laughs_parameters_file_is_refused_within_two_seconds(tmp_path, capsys):
    import time

    f = tmp_path / "bomb.yaml"
    f.write_text(BOMB)
    start = time.perf_counter()
    code = cli.main(["check", "loss-scaling", "-f", str(f)])
    took = time.perf_counter() - start
    err = capsys.readouterr().err
    assert code == 2 and took < 2, (code, took)
    assert err.count("\n") == 1 and "more than 100,000 values once its aliases" in err, err


@pytest.mark.parametrize(
    "digits, needle",
    [
        (320, "beyond the largest number"),
        (401, "at most 400 digits; got an integer of 401 digits"),
        (5000, "at most 400 digits; got an integer of 5,000 digits"),
    ],
)
def test_a_very_long_yaml_integer_names_the_parameter_in_one_line(tmp_path, digits, needle):
    f = tmp_path / "p.yaml"
    f.write_text(f"compute_budget_flops: {'9' * digits}\n")
    proc = run_cli("check", "loss-scaling", "-f", str(f))
    line = one_error_line(proc)
    assert proc.returncode == 2 and "'compute_budget_flops'" in line and needle in line, line


def test_a_yaml_merge_key_is_named_not_called_invalid_yaml(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("base: &b {seed: 1}\n<<: *b\n")
    proc = run_cli("check", "loss-scaling", "-f", str(f))
    line = one_error_line(proc)
    assert proc.returncode == 2 and "merge key '<<'" in line and "not valid YAML" not in line, line


def test_a_5000_character_file_name_is_one_line(tmp_path):
    proc = run_cli("check", "loss-scaling", "-f", str(tmp_path / ("p" * 5000)))
    line = one_error_line(proc)
    assert proc.returncode == 2 and "cannot be read" in line and len(line) < 400, line


@pytest.mark.parametrize("out", ["c" * 300, "/tmp/" + "/".join(["d" * 200] * 25)])
def test_a_very_long_out_path_is_one_line(tmp_path, out):
    out = out if out.startswith("/") else str(tmp_path / out)
    for args in (["run", CHAPTER, "--out", out], ["sweep", CHAPTER, "-f", "x.yaml", "--out", out]):
        proc = run_cli(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        one_error_line(proc)


def test_a_negative_number_after_p_reaches_the_check_naming_it():
    proc = run_cli("check", "pretraining-cost", "-p", "train_flops", "-1e3")
    line = one_error_line(proc)
    assert proc.returncode == 2 and "'train_flops'" in line and "got -1e3" in line, line


def test_arabic_indic_digits_are_refused_on_the_command_line_as_in_yaml(tmp_path):
    proc = run_cli("check", "pretraining-cost", "-p", "train_flops", "١٢٣")
    assert proc.returncode == 2 and "digits 0-9" in one_error_line(proc)


def test_a_build_file_naming_one_chapter_twice_is_refused(tmp_path):
    f = tmp_path / "book.yaml"
    f.write_text("pretraining-cost: {mfu: 0.3}\npretraining_cost: {mfu: 0.5}\n")
    proc = run_cli("build", "-f", str(f))
    line = one_error_line(proc)
    assert proc.returncode == 2 and "names chapter 'pretraining-cost' twice" in line, line


def test_min_params_above_max_params_is_refused_on_the_command_line():
    proc = run_cli("check", "emergence-artifacts", "-p", "min_params", "1e14", "-p", "max_params", "1e4")
    assert proc.returncode == 2 and "must be below 'max_params'" in one_error_line(proc)


@pytest.mark.parametrize(
    "name, value",
    [
        ("SCALINGBOOK_TIMEOUT", "0"),
        ("SCALINGBOOK_TIMEOUT", "-5"),
        ("SCALINGBOOK_TIMEOUT", "abc"),
        ("SCALINGBOOK_TIMEOUT", "inf"),
        ("SCALINGBOOK_LOCK_WAIT", "nan"),
        ("SCALINGBOOK_LOCK_WAIT", "abc"),
        ("SCALINGBOOK_LOCK_WAIT", "-1"),
        ("SCALINGBOOK_SPHINX_JOBS", "0"),
        ("SCALINGBOOK_SPHINX_JOBS", "two"),
        ("SCALINGBOOK_SPHINX_JOBS", "1.5"),
    ],
)
def test_environment_time_limits_are_checked_like_the_flags(tmp_path, name, value):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "scalingbook.build.cli", "run", CHAPTER, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, name: value},
    )
    line = one_error_line(proc)
    assert proc.returncode == 2 and name in line and value in line, line
    assert "Executing" not in proc.stdout and not out.exists()


@pytest.mark.parametrize(
    "where", ["chapters", "chapters/new", "_build/html", ".cache/executed", "src/scalingbook", "", "."]
)
def test_run_out_into_the_book_itself_is_refused_and_nothing_written(where):
    root = Path(__file__).resolve().parents[1]
    before = sorted(p.name for p in (root / "chapters").iterdir())
    out = "" if where == "" else str(root / where)
    proc = run_cli("run", CHAPTER, "--out", out)
    assert proc.returncode == 2 and "Executing" not in proc.stdout, proc.stdout + proc.stderr
    one_error_line(proc)
    assert sorted(p.name for p in (root / "chapters").iterdir()) == before


@pytest.mark.parametrize("kind", ["device", "symlink", "empty"])
def test_sweep_out_at_a_device_or_symlink_is_refused_before_any_work(tmp_path, kind):
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid: {seed: [1, 2]}\n")
    target = tmp_path / "kept.csv"
    target.write_text("kept\n")
    out = {"device": "/dev/full", "empty": ""}.get(kind)
    if kind == "symlink":
        out = str(tmp_path / "link.csv")
        Path(out).symlink_to(target)
    proc = run_cli("sweep", "loss-scaling", "-f", str(grid), "--out", out)
    assert proc.returncode == 2 and "Sweeping" not in proc.stdout, proc.stdout + proc.stderr
    one_error_line(proc)
    assert target.read_text() == "kept\n" and os.path.exists("/dev/full") and not Path("/dev/full").is_file()


def test_data_verify_on_a_read_only_cache_with_a_changed_file_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    import errno

    from scalingbook import datasets

    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "cache"))
    folder = datasets.fetch("obsscaling")
    target = folder / "eval_results/base_llm_emergent_capability_eval.csv"
    target.write_bytes(target.read_bytes().replace(b"0.", b"9.", 1))
    real_unlink = Path.unlink

    def read_only(self, missing_ok=False):
        if str(self).startswith(str(tmp_path / "cache")):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)
    code = cli.main(["data", "verify", "obsscaling"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "cannot be removed" in err and "Read-only file system" in err and "SCALINGBOOK_DATA_DIR" in err, err


@pytest.mark.parametrize("make", ["file", "read-only"])
def test_an_unwritable_data_dir_is_named_not_called_offline(tmp_path, monkeypatch, make):
    import errno

    from scalingbook import datasets

    if make == "file":
        (tmp_path / "cache").write_text("not a folder")
    else:
        import tempfile

        def refuse(*a, **k):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "cache"))
    with pytest.raises(datasets.CacheNotWritable) as err:
        datasets.fetch("analyzing-chinchilla")
    message = str(err.value)
    assert "offline" not in message and "could not download" not in message, message
    assert ("is a file, not a folder" if make == "file" else "cannot be written (Read-only file system)") in message


def test_progress_lines_of_parallel_chapters_never_share_a_line(capfd):
    import threading

    def talk(i):
        for j in range(1000):
            cli.say(f"  [{j}/1000] chapter-{i} x={j}: 1.0 s")

    threads = [threading.Thread(target=talk, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = capfd.readouterr().out.splitlines()
    assert len(lines) == 8000 and all(
        ln.startswith("  [") and ln.endswith(": 1.0 s") and ln.count("[") == 1 for ln in lines
    )


def test_a_time_out_prints_no_stray_nbclient_line(tmp_path, monkeypatch, caplog):
    import logging

    from test_execution import TINY, make_tiny_book

    from scalingbook.build import pipeline

    book = make_tiny_book(tmp_path / "b", monkeypatch, ["import time\ntime.sleep(60)"])
    for name in ("traitlets", "NbClientApp", "papermill"):  # the filters this test adds go with it
        monkeypatch.setattr(logging.getLogger(name), "filters", list(logging.getLogger(name).filters))
    cli._quiet_cell_timeout_log()
    caplog.set_level(logging.WARNING)
    with pytest.raises(pipeline.BuildError, match="time limit of 3 s"):
        pipeline.run(TINY, {}, book=book, out_dir=tmp_path / "out", timeout=3, progress=cli.say)
    stray = [r.getMessage() for r in caplog.records if "Timeout waiting for execute reply" in r.getMessage()]
    assert not stray, stray
