"""The downstream-predictability page (scalingbook.pages.downstream_predictability): verdicts are
computed at the claims' published inputs and never move with the reader's parameters, every run is
accounted for, and the sentences that compare numbers are generated from the page's numbers."""

from __future__ import annotations

import re

import pytest

from scalingbook import params as P
from scalingbook.pages import claims as cl
from scalingbook.pages import downstream_predictability as dp

OTHER = {
    "train_set": "c4_original",
    "val_set": "paloma_ptb",
    "task_split": "46-task",
    "min_r2": 0.6,
    "min_change": 0.1,
    "max_dip": 0.02,
    "min_jump": 0.3,
    "obs_target": "GSM8K",
    "obs_components": 1,
    "obs_holdout": 0.5,
    "setting": "zero-shot",
    "x_axis": "predicted_loss",
    "fit": "sigmoid",
    "holdout": 2,
}


#: tests/params/downstream-predictability.yaml's chapter-3 values: a third parameter set.
THIRD = {
    "train_set": "rw_original",
    "val_set": "paloma_falcon-refinedweb",
    "task_split": "46-task",
    "min_r2": 0.8,
    "obs_target": "GSM8K",
    "obs_components": 2,
}


@pytest.fixture(scope="module")
def pages():
    default = P.validate("downstream-predictability", {})
    other = P.validate("downstream-predictability", OTHER)
    third = P.validate("downstream-predictability", THIRD)
    return dp.build(default), dp.build(other), dp.build(third)


def test_claim_verdicts_never_move_with_the_readers_parameters(pages):
    a, b = (cl.frame(dp.claims(), dp.scenario(p)) for p in pages[:2])
    cols = ["claim", "source", "value found", "verdict"]
    assert a[cols].equals(b[cols]), "verdicts and values come from the claims' own published inputs"
    assert not a["your run"].equals(b["your run"]), "the reader's scenario has its own column"


def test_gadre_relative_errors_reproduce_to_the_printed_digits():
    v = {c.key: c for c in dp.claims()}
    for key in (
        "gadre_loss_rel_error_1b",
        "gadre_loss_rel_error_7b",
        "gadre_err_rel_error_1b",
        "gadre_err_rel_error_7b",
    ):
        assert v[key].verdict == "reproduces", (
            f"Gadre et al. 2024 Fig. 1 / scaling_explorer.ipynb: {key} {v[key].published} (±5e-7, printed digits); "
            f"got {v[key].value}"
        )


def test_lourie_share_depends_on_min_r2_with_computed_readings():
    c = next(c for c in dp.claims() if c.key == "lourie_39")
    assert c.verdict == "depends on an assumption" and c.source == "lourie2025"
    verdicts = {r.verdict for r in c.readings}
    assert "reproduces" in verdicts and "does not reproduce" in verdicts, (
        "Lourie et al. 2025: 18 of 46 by eye; the rule gives 18 only for some min_r2 (integer count, ±0.5)"
    )
    rep = [r for r in c.readings if r.verdict == "reproduces"]
    for r in rep:
        for x in (r.low, r.high):
            assert dp._count_at("min_r2", x, "predictable") == 18


def test_index_robustness_is_tested_on_held_out_benchmarks(pages):
    h = pages[0].extra["heldout"]
    assert len(h) == 8 and (h["index"] > h["mean_single_spearman"]).all(), (
        "held out of the index, every benchmark is ranked better by the index than by the average single benchmark"
    )
    c = next(c for c in dp.claims() if c.key == "eci_index")
    assert c.verdict == "depends on an assumption" and "held out" in c.evidence
    s = dp.robustness_sentence(pages[0])
    assert f"only {int(h['index_beats_every_single'].sum())}" in s


def test_claims_name_sources_not_process():
    from pathlib import Path

    bib = Path(__file__).resolve().parents[1].joinpath("references.bib").read_text()
    for c in dp.claims():
        assert isinstance(c, cl.Claim) and f"{{{c.source}," in bib, f"{c.key}: {c.source!r} is not a references.bib key"
        assert "seed" not in c.claim.lower() + c.source.lower()


def test_average_sentence_names_the_split(pages):
    assert "mean over 17 tasks" in dp.average_sentence(pages[0])
    s = dp.average_sentence(pages[1])
    assert "mean over 46 tasks" in s and "17" not in s, "the 46-task split does not average over 17"


def test_r2_reason_never_shows_a_rounding_contradiction(pages):
    for page in pages:
        for r in dp.per_task_table(page)["reason"]:
            if r.startswith("R^2 "):
                shown, op, thr = r.split(" ")[1], r.split(" ")[2], float(r.split(" ")[3].rstrip(","))
                assert (float(shown) < thr) == (op == "<"), f"display contradicts the comparison: {r}"


def test_every_run_is_accounted_for(pages):
    t = dp.runs_accounting(pages[0])
    total = t[t["training set"] == "total"].iloc[0]
    assert total["runs"] == 104 and total["in the per-task fits"] + total["left out"] == 104
    body = t[t["training set"] != "total"]
    assert (body["why left out"].str.len() > 0).all(), "no blank reason"


def test_two_stage_sentence_quotes_the_tables_numbers(pages):
    page = pages[1]
    s = dp.two_stage_sentence(page)
    pub = page.two_stage_published.table
    for v in pub["loss_rel_error"]:
        assert dp.fmt.pct(v, 2) in s
    mine = page.two_stage.table
    assert dp.fmt.pct(mine["loss_rel_error"].iloc[0], 2) in s and "With your choice" in s


def test_category_sentence_counts_match_the_table(pages):
    for page in pages:
        s = dp.category_sentence(page)
        assert s.startswith(f"Under this rule, {page.n_predictable} of {page.n_tasks} tasks")
        counts = page.categories["category"].value_counts()
        for k in ("trendless", "inverse", "noisy"):
            assert f"{counts.get(k, 0)} {k}" in s


def test_gpt3_sentence_counts_inverse_and_overshoots_from_the_analysis(pages):
    for params in (pages[0].params, pages[1].params):
        a = dp.gpt3_analysis(params)
        s = dp.gpt3_sentence(params)
        n_inv = int((a.summary["category"] == "inverse").sum())
        assert f"{n_inv} inverse" in s and ("none is inverse" in s) == (n_inv == 0)
        over = int((a.summary["backtest_error"] > 0).sum())
        assert f"overshoots the largest model on {over} of {len(a.summary)}" in s
        assert re.search(r"Spearman -1\.00", s), "GPT-3's predicted losses are a monotone function of size"


def test_sensitivity_sentence_range_matches_the_sweep(pages):
    page = pages[0]
    p = page.r2_sweep[page.r2_sweep["category"] == "predictable"]
    s = dp.sensitivity_sentence(page)
    assert f"from {dp.fmt.pct(p['share'].max())} to {dp.fmt.pct(p['share'].min())}" in s


def test_a_readers_own_testbed_folder_gives_the_same_page(pages, tmp_path):
    from scalingbook import datasets

    folder = datasets.fetch("mlfoundations-scaling")
    own = dp.build(P.validate("downstream-predictability", {"testbed_dir": str(folder)}))
    assert own.n_predictable == pages[0].n_predictable and own.two_stage.table["loss_pred"].equals(
        pages[0].two_stage.table["loss_pred"]
    ), "the testbed read from a folder in the exp_data layout"
    (tmp_path / "empty").mkdir()
    with pytest.raises(datasets.DatasetError, match="does not hold the Gadre et al. 2024 layout"):
        dp.build(P.validate("downstream-predictability", {"testbed_dir": str(tmp_path / "empty")}))


def test_testbed_dir_is_checked_before_any_kernel_starts(tmp_path):
    with pytest.raises(P.ParameterError, match="testbed_dir.*does not exist"):
        P.validate("downstream-predictability", {"testbed_dir": str(tmp_path / "nowhere")})
    with pytest.raises(P.ParameterError, match="one of: mlfoundations-scaling"):
        P.validate("downstream-predictability", {"testbed": "https://example.org/scaling.zip"})


def test_trainsets_sentence_names_the_best_and_worst_training_set(pages):
    page = pages[0]
    t = dp.trainsets_table(page)
    worst = t.groupby("training set")["_worst"].max()
    s = dp.trainsets_sentence(page)
    assert (
        f"{dp.fmt.pct(worst.min(), 2)} on {worst.idxmin()}" in s
        and f"{dp.fmt.pct(worst.max(), 2)} on {worst.idxmax()}" in s
    )


def test_only_min_r2_and_min_change_can_move_the_predictable_share(pages):
    t = dp.threshold_table(pages[0]).set_index("threshold")
    for name in ("max_dip", "min_jump"):  # predictable is tested before breakthrough and nonmonotonic
        shares = {c.split(": ")[1] for c in t.loc[name]}
        assert len(shares) == 1, f"{name} cannot change the predictable share by the rule's order"


BOUNDS = [
    {"min_r2": 1.0, "min_change": 0.5, "max_dip": 0.5, "min_jump": 1.0},
    {"min_r2": 1e-6, "min_change": 1e-6, "max_dip": 1e-6, "min_jump": 1e-6},
    {"obs_components": 7, "obs_holdout": 0.5, "obs_target": "HumanEval"},
    {"obs_components": 1, "obs_holdout": 0.05, "obs_target": "TruthfulQA"},
    {"holdout": 4, "fit": "sigmoid", "x_axis": "predicted_loss", "task_subset": "free-form", "metric": "all"},
    {"holdout": 4, "fit": "linear", "setting": "one-shot", "task_subset": "multiple-choice", "metric": "accuracy"},
    {"train_set": "c4_original", "val_set": "val_de-en_100", "task_split": "46-task"},
    {"train_set": "rw_original", "val_set": "paloma_dolma_100_programing_languages"},
]


@pytest.mark.parametrize("values", BOUNDS)
def test_every_page_function_runs_at_the_parameter_bounds(values):
    params = P.validate("downstream-predictability", values)
    page = dp.build(params)
    for f in (
        dp.runs_accounting,
        dp.two_stage_table,
        dp.category_table,
        dp.per_task_table,
        dp.setting_table,
        dp.threshold_table,
        dp.trainsets_table,
        dp.scenario,
        dp.two_stage_sentence,
        dp.category_sentence,
        dp.sensitivity_sentence,
        dp.obs_sentence,
        dp.trainsets_sentence,
        dp.robustness_sentence,
        dp.average_sentence,
        dp.heldout_table,
        dp.split_table,
    ):
        assert f(page) is not None
    for chart in (
        dp.task_panels_chart(page),
        dp.sweep_chart(page),
        dp.obs_chart(page),
        dp.two_stage_chart(page.two_stage),
    ):
        chart.to_dict()
    assert dp.gpt3_sentence(params) and dp.gpt3_chart(params).to_dict()


def test_sentences_at_three_parameter_sets(pages):
    d, o, t = pages
    assert "mean over 46 tasks" in dp.average_sentence(t) and "mean over 17 tasks" in dp.average_sentence(d)
    s = dp.category_sentence(t)
    assert s.startswith(
        "Under this rule, 17 of 46 tasks (37.0%) are predictable on RefinedWeb against RefinedWeb (Paloma)"
    ), s
    assert "1 more than this rule finds" in s, "Lourie et al. 2025: 18 by eye; the rule at min_r2 0.8 finds 17"
    assert dp.category_sentence(d).startswith("Under this rule, 12 of 46 tasks (26.1%)"), (
        "RedPajama, C4 eval, min_r2 0.9"
    )
    for page in pages:
        obs = dp.obs_sentence(page)
        assert f"predict {page.params['obs_target']} for the" in obs
        assert "only 2 (MMLU, GSM8K)" in dp.robustness_sentence(page), "held-out test on Ruan et al.'s table"
    assert "With your choice (RefinedWeb, RefinedWeb (Paloma), 46-task)" in dp.two_stage_sentence(t)


def test_category_sentence_when_the_rule_matches_lourie_s_count():
    page = dp.build(
        P.validate(
            "downstream-predictability",
            {"train_set": "c4_original", "val_set": "paloma_ptb", "min_r2": 0.6, "obs_components": 1},
        )
    )
    s = dp.category_sentence(page)
    assert page.n_predictable == 18 and "by eye: as many as this rule finds, though" in s, s
    assert "0 fewer" not in s
    assert "1 component of the other" in dp.obs_sentence(page)
