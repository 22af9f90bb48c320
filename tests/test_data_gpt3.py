"""GPT-3's tables (Brown et al. 2020) load tidy and schema-checked, and agree with the paper."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from scalingbook import compute, data


@pytest.fixture(scope="module")
def models():
    return data.load_gpt3_models()


@pytest.fixture(scope="module")
def tasks():
    return data.load_gpt3_tasks()


def test_gpt3_models_are_the_eight_sizes_of_table_2_1(models):
    assert list(models["model"]) == list(data.GPT3_SIZES), "Brown et al. 2020 Table 2.1 lists 8 sizes, Small to 175B"
    assert models["n_params"].iloc[0] == pytest.approx(125e6) and models["n_params"].iloc[-1] == pytest.approx(175e9), (
        "Brown et al. 2020 Table 2.1: 125M and 175B parameters, exact"
    )
    assert (models["n_tokens"] == 300e9).all(), "Brown et al. 2020 Table 2.1: every model trained on 300B tokens"
    assert models["source"].str.contains("Table D.1").all()


def test_gpt3_table_d1_compute_matches_6nd(models):
    six_nd = compute.train_flops(models["n_params_table_d1"].to_numpy(), models["n_tokens"].to_numpy())
    rel = np.abs(models["train_flops"].to_numpy() / six_nd - 1)
    assert rel.max() < 0.01, f"Brown et al. 2020 Table D.1 compute should be 6ND within 1%; worst {rel.max():.4f}"


def test_gpt3_table_d1_pf_days_convert_to_flops(models):
    flops = models["train_compute_pf_days"].to_numpy() * compute.PF_DAY_FLOPS
    rel = np.abs(flops / models["train_flops"].to_numpy() - 1)
    assert rel.max() < 0.01, f"Brown et al. 2020 Table D.1: PF-days x 8.64e19 = FLOPs within 1%; worst {rel.max():.4f}"
    assert models["train_flops"].iloc[-1] == pytest.approx(3.14e23, rel=1e-9), "Table D.1: 175B used 3.14e23 FLOPs"


def test_gpt3_tasks_schema(tasks):
    assert set(tasks["setting"]) == set(data.GPT3_SETTINGS)
    assert set(tasks["model"].astype(str)) == set(data.GPT3_SIZES)
    assert set(tasks["split"].dropna()) <= {"dev", "test"}
    assert not tasks.duplicated(["task", "metric", "split", "setting", "model"]).any()
    scores = tasks[(tasks["metric"] != "ppl") & tasks["value"].notna()]["value"]
    assert scores.between(0, 100).all(), "scores are percentages in [0, 100]"


def test_gpt3_conflicting_cells_are_blank_with_both_readings(tasks):
    blank = tasks[tasks["value"].isna()]
    assert len(blank) == 67, "shared data README: 67 cells of Table H.1 where two readings disagree are blank"
    assert blank["conflicting_readings"].str.match(r"^A=.*; B=.*$").all()


def test_gpt3_table_h1_175b_agrees_with_table_3_2(tasks):
    """LAMBADA accuracy of the 175B model appears in Table H.1 and in Table 3.2: same numbers."""
    lam = tasks[(tasks["task"] == "LAMBADA") & (tasks["metric"] == "acc") & (tasks["model"] == "175B")]
    h1 = lam[lam["source"].str.contains("H.1")].set_index("setting")["value"]
    t32 = lam[lam["source"].str.contains("Table 3.2")].set_index("setting")["value"]
    assert len(t32) == 3 and (h1.reindex(t32.index) == t32).all(), (
        f"Brown et al. 2020: LAMBADA acc 175B in Table H.1 {h1.to_dict()} must equal Table 3.2 {t32.to_dict()} exactly"
    )


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    for name in ("gpt3_models.csv", "gpt3_task_results.csv"):
        shutil.copy(data.data_dir() / name, tmp_path / name)
    monkeypatch.setenv("SCALINGBOOK_DATA", str(tmp_path))
    return tmp_path


def test_gpt3_tasks_reject_unknown_setting(data_copy):
    path = data_copy / "gpt3_task_results.csv"
    path.write_text(path.read_text().replace(",few-shot,", ",fewshot,", 1))
    with pytest.raises(data.DataError, match="setting must be one of zero-shot, one-shot, few-shot; got 'fewshot'"):
        data.load_gpt3_tasks()


def test_gpt3_tasks_reject_duplicate_cells(data_copy):
    path = data_copy / "gpt3_task_results.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n")
    with pytest.raises(data.DataError, match="duplicate cell"):
        data.load_gpt3_tasks()


def test_gpt3_tasks_reject_blank_value_without_readings(data_copy):
    path = data_copy / "gpt3_task_results.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(",33.7,", ",,", 1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(data.DataError, match="has no value and no conflicting_readings"):
        data.load_gpt3_tasks()


def test_gpt3_models_reject_missing_size(data_copy):
    path = data_copy / "gpt3_models.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(data.DataError, match="models must be Small, Medium"):
        data.load_gpt3_models()
