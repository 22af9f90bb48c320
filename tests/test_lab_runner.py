"""The lab's runner: each finished run recorded atomically, a resumed sweep trains only the missing
runs, Ctrl-C stops it keeping what finished, and the Dask executor on a local cluster gives the same
records.

Needs the optional `lab` extra (JAX, optax, Dask), which `make test` installs."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

pytest.importorskip("jax", reason="the scaling lab's runner trains with JAX: pip install -e '.[lab]' (make test does)")
pytest.importorskip(
    "optax", reason="the scaling lab's runner trains with optax: pip install -e '.[lab]' (make test does)"
)

from scalingbook.build import lab  # noqa: E402
from scalingbook.science.lab import sweep  # noqa: E402

#: a sweep of two budgets x two widths that trains in seconds
TINY = sweep.Preset(
    "tiny",
    budgets=(3e7, 6e7),
    sizes_per_budget=2,
    heldout_budget=None,
    corpus="tiny-shakespeare",
    n_ctx=16,
    batch_size=4,
    eval_tokens=512,
    guess_k=0.3,
    guess_exp=0.5,
    below=0,
)


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """One finished TINY sweep (its folder and records), shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("lab") / "sweep"
    return out, lab.run_sweep(TINY, out, progress=False)


def test_plan_keeps_every_budget_s_runs_within_one_epoch_and_brackets_the_guess():
    runs = sweep.plan(sweep.PRESETS["default"], max_tokens=0.9 * 4_305_919)
    by_budget = {}
    for r in runs:
        by_budget.setdefault(r.budget, []).append(r)
        assert r.config.tokens <= 0.9 * 4_305_919, f"{r.run_id} reads more than one epoch"
        assert abs(6 * r.n_params * r.config.tokens / r.budget - 1) < 0.05, f"{r.run_id}: 6ND is not its budget"
    assert len(by_budget) >= 3 and max(by_budget) / min(by_budget) >= 10, "fewer than 3 budgets spanning a decade"
    assert all(len(v) >= 5 for v in by_budget.values()), "fewer than 5 sizes at a budget"


@pytest.mark.slow
def test_a_record_carries_its_provenance(finished):
    out, recs = finished
    assert len(recs) == 4 and len(pd.read_csv(out / "runs.csv")) == 4
    rec = next(iter(recs.values()))
    for key in (
        "config",
        "tokens",
        "flops_6nd",
        "flops_total",
        "train_seconds",
        "achieved_flops_per_second",
        "jax_version",
        "device",
        "corpus_sha256",
        "package_version",
        "epochs",
        "git_commit",
        "command",
        "wall_seconds",
    ):
        assert key in rec, f"the run's record lacks '{key}'"
    assert rec["config"]["seed"] == 0 and rec["config"]["steps"] >= 1
    assert rec["corpus_sha256"] == "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"
    assert json.loads((out / "provenance.json").read_text())["n_runs"] == 4


@pytest.mark.slow
def test_an_interrupted_sweep_resumes_with_only_the_missing_runs(finished, tmp_path):
    src, first = finished
    out = tmp_path / "sweep"
    shutil.copytree(src, out)
    # an interruption after two runs: the other two records were never written
    gone = sorted(first)[:2]
    kept = {rid: json.loads((out / "runs" / f"{rid}.json").read_text()) for rid in sorted(first)[2:]}
    for rid in gone:
        (out / "runs" / f"{rid}.json").unlink()
    second = lab.run_sweep(TINY, out, progress=False)
    assert set(second) == set(first)
    for rid, rec in kept.items():
        again = json.loads((out / "runs" / f"{rid}.json").read_text())
        assert again == rec, f"{rid} was trained again although it was recorded"
    for rid in gone:
        assert (out / "runs" / f"{rid}.json").is_file(), f"{rid} was not trained on resuming"
    assert len(pd.read_csv(out / "runs.csv")) == 4
    assert not list(out.rglob("*.tmp")), "a temporary file was left behind"


@pytest.mark.slow
def test_a_folder_holding_another_recipe_is_refused(finished):
    out, _ = finished
    with pytest.raises(lab.LabError, match="another config"):
        lab.run_sweep(dataclasses.replace(TINY, base_lr=3e-3), out, progress=False)


@pytest.mark.slow
def test_ctrl_c_stops_the_sweep_keeping_the_finished_runs(tmp_path):
    """SIGINT (Ctrl-C) after the first recorded run: the runner exits, every record on disk is whole,
    and the same call resumes with the rest."""
    out = tmp_path / "sweep"
    slow = dataclasses.replace(TINY, budgets=(3e7, 3e9))  # the second budget's runs take many seconds
    script = textwrap.dedent(f"""
        import signal, sys
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from scalingbook.build import lab
        from scalingbook.science.lab import sweep
        preset = sweep.Preset(**{dataclasses.asdict(slow)!r})
        try:
            lab.run_sweep(preset, {str(out)!r}, progress=False)
        except KeyboardInterrupt:
            sys.exit(130)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], env={**os.environ})
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list((out / "runs").glob("*.json")):
        time.sleep(0.5)
    assert list((out / "runs").glob("*.json")), "no run finished within 4 minutes"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 130, "the runner did not stop on Ctrl-C"
    recs = lab.load_runs(out)
    assert 1 <= len(recs) < 4, f"{len(recs)} runs recorded"
    assert len(pd.read_csv(out / "runs.csv")) == len(recs)
    assert not list(out.rglob("*.tmp")), "a temporary file was left behind"


@pytest.mark.slow
def test_the_dask_executor_on_a_local_cluster_records_the_same_runs(finished, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the Dask executor needs dask[distributed] (the lab extra)")
    from scalingbook.science.lab.train import compilation_cache

    _, local = finished
    # the in-process worker reads the executables the local workers compiled for the same runs (their
    # persistent cache, which they enable themselves): the runs still go through Dask's scheduler
    with (
        compilation_cache(lab.jax_cache_dir()),
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
    ):
        remote = lab.run_sweep(TINY, tmp_path / "dask", executor=cluster.scheduler_address, progress=False)
    assert set(remote) == set(local)
    for rid in local:
        assert remote[rid]["val_loss"] == pytest.approx(local[rid]["val_loss"], rel=1e-6), (
            f"{rid}: Dask gave {remote[rid]['val_loss']}, local processes {local[rid]['val_loss']}"
        )


@pytest.mark.slow
def test_a_folder_holding_another_corpus_is_refused(finished):
    out, _ = finished
    with pytest.raises(lab.LabError, match="trained on corpus tiny-shakespeare"):
        lab.run_sweep(dataclasses.replace(TINY, corpus="war-and-peace"), out, progress=False)
