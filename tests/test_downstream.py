"""scalingbook.downstream: fits recover known parameters, each trend category has a hand-built
case and a boundary case, backtests are exact on synthetic families, nothing is dropped
silently, and the Gadre et al. 2024 loader reads the public exp_data/ layout."""

from __future__ import annotations

import json
import shutil
import zipfile

import numpy as np
import pandas as pd
import pytest

from scalingbook import data, laws
from scalingbook import downstream as ds

X = np.log10(np.array([2.25e20, 6.41e20, 1.37e21, 2.38e21, 4.77e21, 1.2e22, 2.31e22, 3.14e23]))


# ---------------------------------------------------------------- fits


def test_fit_linear_recovers_line_exactly():
    fit = ds.fit_linear(X, 3.0 + 7.5 * X)
    assert fit.slope == pytest.approx(7.5, abs=1e-9) and fit.intercept == pytest.approx(3.0, abs=1e-7), (
        "OLS on an exact line returns its slope and intercept (tolerance 1e-9)")
    assert fit.r2 == pytest.approx(1.0)


def test_fit_linear_standard_errors_cover_truth():
    rng = np.random.default_rng(0)
    y = 10 + 4 * X + rng.normal(0, 1.0, size=(2000, X.size))
    fit = ds.fit_linear(X, y)
    z = (fit.slope - 4) / fit.slope_se
    cover = np.mean(np.abs(z) < 2.447)  # t(6) 95% quantile
    assert 0.93 < cover < 0.97, f"95% intervals from the slope SE should cover the truth ~95% of the time; got {cover:.3f}"


def test_fit_linear_is_one_call_for_10000_curves():
    y = np.random.default_rng(1).normal(size=(10_000, X.size))
    fit = ds.fit_linear(X, y)
    one = ds.fit_linear(X, y[1234])
    assert fit.slope.shape == (10_000,) and fit.slope[1234] == pytest.approx(float(one.slope), rel=1e-12)


def test_fit_sigmoid_recovers_midpoint_and_rate():
    y = 25 + 75 / (1 + np.exp(-1.7 * (X - 21.8)))
    fit = ds.fit_sigmoid(X, y, floor=25, ceiling=100)
    assert fit.ok and fit.x0 == pytest.approx(21.8, abs=1e-6) and fit.rate == pytest.approx(1.7, abs=1e-6), (
        "a sigmoid between chance 25 and ceiling 100 is recovered exactly (tolerance 1e-6)")
    assert fit.x0_se < 1e-6


def test_fit_error_law_recovers_gadre_parameters():
    loss = np.linspace(2.6, 5.0, 12)
    err = ds.error_law(loss, 0.76, 2.0, 0.6)
    fit = ds.fit_error_law(loss, err)
    assert (fit.epsilon, fit.k, fit.gamma) == pytest.approx((0.76, 2.0, 0.6), rel=1e-5), (
        "Gadre et al. 2024 Err = eps - k exp(-gamma L): exact synthetic data recovers (eps, k, gamma), rel 1e-5")


def test_error_law_approaches_epsilon_at_high_loss():
    assert ds.error_law(50.0, 0.76, 2.0, 0.6) == pytest.approx(0.76, abs=1e-9), (
        "Gadre et al. 2024: epsilon is the error as loss grows (random-guess error)")


def test_two_stage_prediction_is_exact_on_its_own_family():
    c = np.array([1e17, 3e17, 1e18, 3e18, 1e19])
    loss = 1.9 + 2.0e3 * c**-0.17
    err = ds.error_law(loss, 0.8, 1.5, 0.5)
    out = ds.two_stage_prediction(c, loss, err, 1e21)
    true_loss = 1.9 + 2.0e3 * 1e21**-0.17
    assert out["loss_pred"] == pytest.approx(true_loss, rel=1e-4), "stage 1 (loss from compute) extrapolates exactly"
    assert out["error_pred"] == pytest.approx(ds.error_law(true_loss, 0.8, 1.5, 0.5), abs=1e-4), (
        "Gadre et al. 2024 two-stage: predicted error of a 100x larger run exact to 1e-4 on synthetic data")


# ---------------------------------------------------------------- categories

def _cat(y, **kw):
    return ds.classify_trend(X[: len(y)], np.asarray(y, float), **kw).category


CASES = {
    "predictable": [30, 35, 40, 45, 50, 55, 60, 65],
    "inverse": [60, 58, 55, 53, 50, 48, 45, 42],
    "nonmonotonic": [30, 35, 40, 45, 38, 50, 55, 60],
    "noisy": [30, 40, 31, 42, 33, 45, 36, 48],
    "trendless": [50, 51, 50, 52, 51, 50, 52, 51],
    "breakthrough": [50, 51, 50, 51, 50, 51, 70, 90],
}


@pytest.mark.parametrize("category", list(CASES))
def test_each_category_has_a_hand_built_case(category):
    assert _cat(CASES[category], chance=0, ceiling=100) == category, (
        f"Lourie et al. 2025 category '{category}': hand-built curve {CASES[category]}")


def test_every_category_is_reachable_and_listed():
    assert set(CASES) == set(ds.CATEGORIES) and len(ds.CATEGORIES) == 6, "Lourie et al. 2025 name six behaviours"


def test_boundary_trendless_at_min_change():
    # range 4.9 vs 5.1 points of a 0-100 headroom against min_change = 0.05
    assert _cat([50, 52, 54.9, 50, 53, 51, 52, 54], chance=0) == "trendless"
    assert _cat([50, 52, 55.1, 50, 53, 51, 52, 54], chance=0) != "trendless"


def test_boundary_chance_rescales_headroom():
    # the same 4-point rise is 4% of headroom from chance 0 but 8% from chance 50
    y = [50, 50.5, 51, 51.5, 52, 52.5, 53, 54]
    assert _cat(y, chance=0) == "trendless"
    assert _cat(y, chance=50) == "predictable"


def test_boundary_nonmonotonic_at_max_dip():
    base = [30, 35, 40, 45, None, 50, 55, 60]
    just_below = [45 - 4.9 if v is None else v for v in base]
    just_above = [45 - 5.1 if v is None else v for v in base]
    t = ds.Thresholds(min_r2=0.5)
    assert _cat(just_below, chance=0, thresholds=t) == "predictable", "a 4.9-point dip is under max_dip 0.05"
    assert _cat(just_above, chance=0, thresholds=t) == "nonmonotonic", "a 5.1-point dip reaches max_dip 0.05"


def test_boundary_predictable_at_min_r2():
    y = np.array(CASES["noisy"], float)
    r2 = ds.classify_trend(X, y, chance=0).r2
    smooth = ds.Thresholds(min_r2=r2 - 1e-9, max_dip=0.2)
    strict = ds.Thresholds(min_r2=r2 + 1e-9, max_dip=0.2)
    assert ds.classify_trend(X, y, chance=0, thresholds=smooth).category == "predictable"
    assert ds.classify_trend(X, y, chance=0, thresholds=strict).category == "noisy"


def test_boundary_breakthrough_at_min_jump():
    y = [20, 21, 20, 21, 20, 21, 28, 35.9]  # flat for 6 models, then 14.9 points up
    assert _cat(y, chance=0, thresholds=ds.Thresholds(min_jump=0.145)) == "breakthrough"
    assert _cat(y, chance=0, thresholds=ds.Thresholds(min_jump=0.155)) != "breakthrough"


def test_loss_axis_orders_models_by_falling_loss():
    loss = np.linspace(3.5, 2.2, 8)  # smaller models have higher loss
    y = CASES["inverse"]
    assert ds.classify_trend(loss, y, scale_increases_with_x=False).category == "inverse"
    assert ds.classify_trend(loss, y, scale_increases_with_x=True).category == "predictable"


def test_thresholds_name_argument_range_and_value():
    with pytest.raises(ValueError, match=r"min_r2 must be in \(0, 1\], got 1.5"):
        ds.Thresholds(min_r2=1.5)


# ---------------------------------------------------------------- backtest


def test_backtest_is_exact_on_a_linear_family():
    y = np.stack([a + b * X for a, b in [(1, 2), (-5, 3.5), (40, 0.25)]])
    bt = ds.backtest(X, y, holdout=2)
    assert np.abs(bt.error).max() < 1e-9, "a line fitted to 6 smaller models predicts the 2 largest exactly"
    assert bt.x == pytest.approx(X[-2:])


def test_backtest_is_exact_on_a_sigmoid_family():
    y = 25 + 75 / (1 + np.exp(-1.3 * (X - 21.5)))
    bt = ds.backtest(X, y, holdout=1, family="sigmoid", chance=25, ceiling=100)
    assert abs(bt.error[0]) < 1e-6, "a sigmoid fitted to 7 smaller models predicts the 175B point exactly"


def test_backtest_holdout_names_range_and_value():
    with pytest.raises(ValueError, match=r"holdout must be in \[1, 6\] for 8 points and a linear fit, got 7"):
        ds.backtest(X, X, holdout=7)


# ---------------------------------------------------------------- GPT-3 curves


@pytest.fixture(scope="module")
def gpt3():
    return data.load_gpt3_tasks(), data.load_gpt3_models()


@pytest.mark.parametrize("setting", ["zero-shot", "one-shot", "few-shot"])
def test_gpt3_analysis_drops_nothing_silently(gpt3, setting):
    tasks, models = gpt3
    a = ds.analyse(ds.gpt3_curves(tasks, models, setting=setting))
    used = int(a.summary["n_points"].sum())
    assert used + len(a.excluded) == int((tasks["setting"] == setting).sum()), (
        "every row of the setting is either in a fitted curve or listed as excluded with its reason")
    assert (a.excluded["reason"].str.len() > 0).all()


def test_gpt3_conflicting_cells_stay_out_of_fits(gpt3):
    tasks, models = gpt3
    c = ds.gpt3_curves(tasks, models, setting="one-shot", metric="all")
    assert c.points["score"].notna().all()
    conflicts = c.excluded[c.excluded["reason"].str.startswith("two readings")]
    assert len(conflicts) == int(((tasks["setting"] == "one-shot") & tasks["value"].isna()).sum())


def test_gpt3_curves_never_mix_dev_and_test(gpt3):
    tasks, models = gpt3
    for setting in ("zero-shot", "one-shot", "few-shot"):
        pts = ds.gpt3_curves(tasks, models, setting=setting, metric="all").points
        assert pts.groupby(["task", "metric"])["split"].nunique().max() == 1, (
            "Brown et al. 2020: Table 3.8 is SuperGLUE test, Table H.1 dev; a curve holds one split")


def test_gpt3_predicted_loss_axis_uses_the_law(gpt3):
    tasks, models = gpt3
    c = ds.gpt3_curves(tasks, models, x_axis="predicted_loss", law=laws.HOFFMANN_2022)
    row = c.points[(c.points["model"] == "175B")].iloc[0]
    assert row["x"] == pytest.approx(laws.HOFFMANN_2022.loss(175e9, 300e9)), "x is L(N, D) for 175B, 300B tokens"
    assert not c.scale_increases_with_x and "predicted" in c.x_name


def test_category_shares_list_all_six():
    s = ds.category_shares(["predictable", "predictable", "noisy"])
    assert list(s["category"]) == list(ds.CATEGORIES) and s["share"].sum() == pytest.approx(1.0)
    assert s.set_index("category").loc["predictable", "n"] == 2


def test_share_grid_predictable_falls_as_min_r2_rises(gpt3):
    tasks, models = gpt3
    a = ds.analyse(ds.gpt3_curves(tasks, models, setting="zero-shot"))
    g = ds.share_grid(a.features, ds.Thresholds(), "min_r2", [0.5, 0.8, 0.95, 0.99])
    share = g[g["category"] == "predictable"]["share"].to_numpy()
    assert np.all(np.diff(share) <= 0) and share[0] > share[-1]


# ---------------------------------------------------------------- Gadre et al. 2024 loader


def _write_fixture(root, runs=("c4_original-d=96_l=8_h=4-1.0", "c4_original-d=512_l=8_h=4-1.0",
                               "c4_original-d=576_l=24_h=8-1.0", "c4_original-d=1024_l=24_h=8-1.0"),
                   missing_eval=("c4_original-d=1024_l=24_h=8-1.0",)):
    """A small copy of github.com/mlfoundations/scaling exp_data/ (same file names and keys)."""
    exp = root / "scaling-main" / "exp_data"
    (exp / "models").mkdir(parents=True)
    (exp / "evals").mkdir()
    (exp / "eval_metadata.csv").write_text(
        "Eval Task,Task Category,Task Type,#shots,#datapoints,Random baseline,Centered Metric?,Description\n"
        "hellaswag,language understanding,multiple choice,10,10042,25,,\"HellaSwag, 4 endings\"\n"
        "copa,commonsense reasoning,multiple choice,0,100,50,,COPA\n"
        "jeopardy,world knowledge,language modeling,10,2117,0,,Jeopardy\n")
    for i, run in enumerate(runs):
        n, d = 1e7 * 4**i, 2e8 * 4**i
        c4_loss = 5.3 - 0.5 * i
        model = {
            "name": run, "dataset_name": "c4_original",
            "hyperparameters": {"model": f"training/open_lm_configs/{run.split('-')[1]}.json", "tokens": d,
                                "params": n, "chinchilla_multiplier": 1.0},
            "results": [
                {"loss": c4_loss + 0.8, "loss_sequences_lower_95": 0, "loss_sequences_upper_95": 0,
                 "val_data": ["training/eval_data/val_tok_mult/openlm/shard_00000000.tar"]},
                {"loss": c4_loss, "loss_sequences_lower_95": 0, "loss_sequences_upper_95": 0,
                 "val_data": ["training/eval_data/c4_val/shard-{0000000..0000010}.tar"]},
                {"loss": c4_loss + 2.5, "loss_sequences_lower_95": 0, "loss_sequences_upper_95": 0,
                 "val_data": ["training/eval_data/val_tok_mult/de-en/val_de-en_100.tar"]},
            ],
        }
        (exp / "models" / f"{run}.json").write_text(json.dumps(model))
        if run not in missing_eval:
            ev = {"name": "heavy", "model": run.split("-")[1], "eval_metrics": {"icl": {
                "hellaswag": 0.25 + 0.1 * i, "copa": 0.5 + 0.05 * i, "jeopardy": 0.0 + 0.02 * i}}}
            (exp / "evals" / f"evaluation_{run}_heavy.json").write_text(json.dumps(ev))
    return exp


def test_load_gadre2024_reads_the_public_layout(tmp_path):
    exp = _write_fixture(tmp_path)
    df = data.load_gadre2024(tmp_path / "scaling-main")
    assert len(df) == 3 * 3, "3 runs with evaluations x 3 tasks, one row each"
    assert {"loss_c4_val", "loss_openlm", "loss_val_de-en_100"} <= set(df.columns)
    row = df[(df["run"] == "c4_original-d=96_l=8_h=4-1.0") & (df["task"] == "hellaswag")].iloc[0]
    assert row["loss_c4_val"] == pytest.approx(5.3) and row["chance"] == pytest.approx(0.25)
    assert row["train_flops"] == pytest.approx(6 * 1e7 * 2e8) and row["token_multiplier"] == pytest.approx(20)
    assert row["architecture"] == "d=96_l=8_h=4" and row["error"] == pytest.approx(0.75)
    ex = df.attrs["excluded"]
    assert list(ex["run"]) == ["c4_original-d=1024_l=24_h=8-1.0"] and "no evaluation file" in ex["reason"].iloc[0]
    assert len(data.load_gadre2024(exp)) == len(df), "the exp_data folder itself is accepted too"


def test_load_gadre2024_rejects_other_layouts(tmp_path):
    (tmp_path / "x").mkdir()
    with pytest.raises(data.DataError, match="does not hold the Gadre et al. 2024 layout"):
        data.load_gadre2024(tmp_path / "x")
    with pytest.raises(data.DataError, match="neither an existing folder"):
        data.load_gadre2024(tmp_path / "nowhere")


def test_gadre_curves_run_the_whole_analysis(tmp_path):
    _write_fixture(tmp_path, missing_eval=())
    table = data.load_gadre2024(tmp_path / "scaling-main")
    c = ds.gadre_curves(table)
    assert not c.scale_increases_with_x and len(c.points) == 12
    a = ds.analyse(c, min_points=4)
    assert set(a.summary["task"]) == {"hellaswag", "copa", "jeopardy"}
    assert a.summary.set_index("task").loc["hellaswag", "category"] == "predictable"
    assert a.summary.set_index("task").loc["hellaswag", "chance"] == pytest.approx(25.0)
