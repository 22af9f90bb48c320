"""The command line: every bad input gets one clear line, exit code 2 and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scalingbook import cli, params

CHAPTER = "test-time-compute"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scalingbook.cli", *args], capture_output=True, text=True, timeout=120)


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
