"""The emergence chapter's tests on real outputs: Lu et al. 2024 (on-emergence), Ruan et al.
2024's emergent-capability table (ObsScaling) and Pythia's LAMBADA (Biderman et al. 2023)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scalingbook import datasets, emergence as em
from scalingbook.sources.tables import read_table

LU = "Lu et al. 2024 (ACL), UKPLab/on-emergence evaluation_scores.csv"


@pytest.fixture(scope="module")
def runs():
    return datasets.load_on_emergence()


@pytest.fixture(scope="module")
def sizes():
    return em.lu_model_sizes()


@pytest.fixture(scope="module")
def curves(runs, sizes):
    return em.lu_curves(runs, sizes)


# --- the model-size table ---------------------------------------------------------------------


def test_every_model_of_lu_et_al_has_a_row_with_a_source(runs, sizes):
    missing = set(runs["model"]) - set(sizes["model"])
    assert not missing, f"{LU}: models without a row in data/on_emergence_models.csv: {sorted(missing)}"
    assert sizes["source"].str.len().gt(20).all(), "every size names its source"
    unknown = sizes[sizes["n_params"].isna()]
    assert not unknown["include"].any(), "a model whose size is unknown is never used"


@pytest.mark.parametrize("model, published, source", [
    ("gpt2", 124e6, "Hugging Face gpt2 model card: 124M"),
    ("EleutherAI/gpt-j-6b", 6_053_381_344, "GPT-J 6B model card: n_parameters 6,053,381,344"),
    ("models--llama/7B", 6.7e9, "Touvron et al. 2023, Table 2: 6.7B"),
    ("models--llama/13B", 13.0e9, "Touvron et al. 2023, Table 2: 13.0B"),
    ("models--llama/30B", 32.5e9, "Touvron et al. 2023, Table 2: 32.5B"),
    ("t5-small", 60e6, "Raffel et al. 2020: T5-Small about 60M"),
    ("davinci", 175e9, "Brown et al. 2020, Table 2.1: GPT-3 175B (size undisclosed by OpenAI for the API model)"),
])
def test_model_sizes_match_their_sources(sizes, model, published, source):
    got = float(sizes.set_index("model").loc[model, "n_params"])
    assert got == pytest.approx(published, rel=1e-9), f"{source}; table has {got:.6g}"


def test_lu_et_al_size_range_is_60m_to_175b(sizes):
    known = sizes[sizes["include"]]
    assert known["n_params"].min() == 60e6 and known["n_params"].max() == 175e9, (
        "Lu et al. 2024, abstract: models from 60 million to 175 billion parameters")


# --- the metric test on Lu et al.'s outputs ---------------------------------------------------


def test_curves_average_seeds_and_keep_pretrained_models_only(runs, curves):
    assert set(curves["model"]) <= {"t5-small", "t5-large", "gpt2", "gpt2-xl", "EleutherAI/gpt-j-6b", "models--llama/7B",
                                    "models--llama/13B", "models--llama/30B", "tiiuae/falcon-7b", "tiiuae/falcon-40b",
                                    "davinci"}
    one = curves[(curves["task"] == "tracking_shuffled_objects") & (curves["model"] == "gpt2")
                 & (curves["prompt_type"] == "closed") & (curves["n_shots"] == 0) & (curves["metric"] == "exact_match")]
    raw = runs[(runs["task"] == "tracking_shuffled_objects") & (runs["model"] == "gpt2") & (runs["prompt_type"] == "closed")
               & (runs["n_shots"] == 0)]["exact_match"]
    assert one["value"].iloc[0] == pytest.approx(raw.mean()) and one["n_seeds"].iloc[0] == len(raw) == 3, (
        f"{LU}: one curve point is the mean over the run's 3 seeds")


def test_metric_test_scores_one_curve_as_computed_by_hand(curves):
    test = em.lu_metric_test(curves)
    row = test[(test["task"] == "phrase_relatedness") & (test["prompt_type"] == "closed-adv") & (test["n_shots"] == 0)].iloc[0]
    sub = curves[(curves["task"] == "phrase_relatedness") & (curves["prompt_type"] == "closed-adv") & (curves["n_shots"] == 0)
                 & (curves["metric"] == "exact_match")].sort_values("n_params")
    by_hand = float(em.emergence_score(sub["value"].to_numpy(), resolution=1 / sub["n_items"].iloc[0]))
    assert row["em_emergence_score"] == pytest.approx(by_hand, rel=1e-12), (
        f"{LU}, phrase_relatedness closed-adv 0-shot: the vectorised test equals the emergence score of the sorted curve")
    assert row["n_sizes"] == len(sub)


def test_share_of_tasks_that_stop_looking_emergent(curves):
    # the book's re-analysis (no published counterpart): pinned so a change in data or rule is seen
    s = em.lu_task_shares(em.lu_metric_test(curves))
    assert s["n_tasks"] == 23, f"{LU}: 23 task folders have curves of 5+ sized pretrained models (paper: 22 tasks)"
    assert (s["n_emergent_em"], s["n_emergent_both"]) == (7, 0), (
        f"{LU} under the book's rule (2x a ramp, one step >= half the rise, past the first third of the size axis): "
        f"7 tasks jump under exact match and none of them under edit distance; got {s}")
    assert s["share_stops"] == 1.0 and s["curves_emergent_cont"] == 4


def test_continuous_metric_must_be_one_of_lu_et_als(curves):
    with pytest.raises(ValueError, match="continuous must be one of edit_distance, single_bert_score"):
        em.lu_metric_test(curves, continuous="exact_match")


# --- ObsScaling ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def obs():
    return em.obsscaling_long(datasets.load_obsscaling_emergent(), datasets.load_obsscaling_base())


def test_obsscaling_join_keeps_models_with_compute(obs):
    ipa = obs[obs["column"] == "ipa_transliterate_2_bleu"]
    assert ipa["train_flops"].gt(0).all() and 40 <= ipa["model"].nunique() <= 83, (
        "Ruan et al. 2024, base_llm_emergent_capability_eval.csv joined to base_llm_benchmark_eval.csv FLOPs")


def test_wei_3_digit_addition_emerges_where_obsscaling_jumps(obs):
    shapes = em.obsscaling_shapes(em.binned_medians(obs)).set_index("task")
    row = shapes.loc["3-digit addition"]
    lo, hi = row["jump_from"] / 10**0.25, row["jump_to"] * 10**0.25
    assert row["shape"] == "jump" and lo <= 2.3e22 <= hi, (
        "Wei et al. 2022, Table 1: 3-digit addition/subtraction emerges at 2.3e22 training FLOP (GPT-3 13B); "
        f"ObsScaling's median curve has its largest step between {lo:.2g} and {hi:.2g} FLOP")


def test_binned_medians_need_three_models_a_bin(obs):
    b = em.binned_medians(obs)
    assert b["n_models"].min() >= 3
    one = obs[(obs["column"] == "ipa_transliterate_2_bleu")]
    centre = b[b["column"] == "ipa_transliterate_2_bleu"].iloc[0]
    in_bin = one[np.isclose(np.floor(np.log10(one["train_flops"]) * 2) / 2 + 0.25, np.log10(centre["bin_center"]))]
    assert len(in_bin) == centre["n_models"]
    assert centre["value"] == pytest.approx(in_bin["value"].median()), "a bin's value is its models' median"


# --- Pythia -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lam():
    return em.pythia_lambada(datasets.load_pythia())


PYTHIA_TOTAL = {"70m": 70_426_624, "160m": 162_322_944, "410m": 405_334_016, "1b": 1_011_781_632,
                "1.4b": 1_414_647_808, "2.8b": 2_775_208_960, "6.9b": 6_857_302_016, "12b": 11_846_072_320}


def test_pythia_sizes_match_the_readme(lam):
    got = lam.groupby("size")["n_params"].first()
    assert set(got.index) == set(PYTHIA_TOTAL)
    for size, n in PYTHIA_TOTAL.items():
        assert got[size] == n, (
            f"EleutherAI/pythia README naming table (Biderman et al. 2023, Table 1): pythia-{size} has {n:,} parameters "
            f"(exact), got {got[size]:,.0f}")


def test_lambada_has_every_checkpoint_and_improves_with_size(lam):
    assert len(lam) == 8 * 27, "Pythia evals: 8 deduplicated sizes x 27 evaluated checkpoints"
    final = lam[lam["step"] == 143000].sort_values("n_params")
    assert final["acc"].is_monotonic_increasing and final["ppl"].is_monotonic_decreasing, (
        "Biderman et al. 2023: at the last checkpoint LAMBADA accuracy rises and perplexity falls with size")
    assert final["log_ppl"].to_numpy() == pytest.approx(np.log(final["ppl"].to_numpy()))


def test_pythia_resolution_gives_one_curve_per_size_and_the_8_size_curve(lam):
    res = em.pythia_resolution(lam)
    assert set(res["curve"]) == {"8 sizes", "70m", "160m", "410m", "1b", "1.4b", "2.8b", "6.9b", "12b"}
    per = res[(res["curve"] != "8 sizes")]
    assert (per["n_points"] == 26).all(), "27 checkpoints less step 0 (no compute, no place on a log axis)"
    assert (res[res["curve"] == "8 sizes"]["n_points"] == 8).all()


def test_seed_bootstrap_keeps_the_jump_labels_of_lu_et_als_low_temperature_runs(runs, sizes, curves):
    test = em.lu_metric_test(curves)
    flagged = test[test["emergent_em"]]
    boot = em.lu_seed_bootstrap(runs, sizes, flagged, n_boot=100)
    assert (boot["em_emergent_share"] >= 0.95).all(), (
        f"{LU}: temperature 0.01 makes the 3 seeds nearly identical, so resampling them keeps every exact-match jump "
        f"(share >= 0.95); got {boot['em_emergent_share'].tolist()}")


def test_seed_bootstrap_sees_noise_when_seeds_disagree(sizes):
    base = sizes[sizes["include"] & ~sizes["instruction_tuned"] & sizes["n_params"].notna()].sort_values("n_params")
    models = base["model"].head(6).tolist()
    rows = []
    for i, m in enumerate(models):
        for s, v in enumerate((0.0, 0.0, 0.9) if i == len(models) - 1 else (0.0, 0.0, 0.0)):
            rows.append({"task": "t", "prompt_type": "closed", "n_shots": 0, "model": m, "seed": s, "n_items": 1000,
                         "exact_match": v, "edit_distance": 10.0 - i, "bert_score": 0.5, "single_bert_score": 0.8})
    runs = pd.DataFrame(rows)
    test = em.lu_metric_test(em.lu_curves(runs, sizes))
    boot = em.lu_seed_bootstrap(runs, sizes, test, n_boot=400, seed=1)
    share = float(boot["em_emergent_share"].iloc[0])
    assert 0.5 < share < 0.85, (
        "the largest model scores 0.9 in one seed of three: the jump shows in the 1 - (2/3)^3 = 70% of resamples that "
        f"draw that seed; got {share:.2f}")
