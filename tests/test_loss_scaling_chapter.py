"""The loss-scaling chapter's page module (scalingbook.pages.loss_scaling): the replication at its
published inputs (Epoch's runs and Epoch's own resamples) lands on Besiroglu et al. 2024's
standard errors and tests, its claims are records of the ledger computed without the reader's
parameters, and every generated sentence is pinned at three parameter sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scalingbook import data, params
from scalingbook.pages import claims as cl
from scalingbook.pages import loss_scaling as ls

#: Three parameter sets: the defaults, tests/params/loss-scaling.yaml, and no bootstrap.
OTHER = {
    "data": "synthetic",
    "law": "hoffmann_2022",
    "compute_budget_flops": 1e21,
    "n_bootstrap": 20,
    "seed": 7,
    "drop_highest_losses": 0,
    "dataset_growth_per_year": 3.5,
    "unique_tokens": 5e9,
    "inference_tokens": 1e13,
}
NO_BOOT = {"n_bootstrap": 0, "compute_budget_flops": 1e25, "unique_tokens": 1e16}


@pytest.fixture(scope="module")
def pages():
    return {
        name: ls.build(params.validate("loss-scaling", p))
        for name, p in (("default", {}), ("other", OTHER), ("no_boot", NO_BOOT))
    }


@pytest.fixture(scope="module")
def pub():
    return ls.published()


def test_epoch_resamples_give_besiroglus_published_standard_errors(pub):
    s = ls.summary_table(pub.fit)
    assert len(pub.fit.bootstrap) == 4000 and pub.fit.n_points == 240
    assert s.loc["A", "se"] == pytest.approx(124.52, rel=1e-3), (
        f"Besiroglu et al. 2024 Table 1: SE(A) = 124.52 from Epoch's resamples (rel 0.1%); got {s.loc['A', 'se']:.3f}"
    )
    assert s.loc["B", "se"] == pytest.approx(1293.28, rel=1e-3), (
        f"Besiroglu et al. 2024 Table 1: SE(B) = 1,293.28 from Epoch's resamples (rel 0.1%); got {s.loc['B', 'se']:.2f}"
    )
    assert s.loc["a", "se"] == pytest.approx(0.020, abs=5e-4), "Besiroglu et al. 2024 Sec. 4: SE(a) = 0.020 (rounding)"


def test_runs_needed_match_epochs_notebook(pub):
    assert pub.runs_needed == pytest.approx(ls.EPOCH_NOTEBOOK_RUNS, rel=2e-3), (
        f"Besiroglu et al.'s notebook (cell 59): 634,773 runs for a 0.001-wide 80% interval (rel 0.2%); got {pub.runs_needed:,.0f}"
    )


def test_huber_likelihood_fit_is_besiroglus_table1(pub):
    law = pub.likelihood_law
    for name, printed, tol in (
        ("A", 482.01, 1.0),
        ("B", 2085.43, 5.0),
        ("E", 1.81686, 1e-3),
        ("alpha", 0.34781, 1e-3),
        ("beta", 0.36585, 1e-3),
    ):
        assert getattr(law, name) == pytest.approx(printed, abs=tol), (
            f"Besiroglu et al. 2024 Table 1 / notebook cell 25: {name} = {printed} (abs {tol}); got {getattr(law, name)}"
        )
    assert pub.loglik == pytest.approx(879.77, abs=0.01), "their notebook, cell 48: log-likelihood 879.77 (abs 0.01)"


def test_tests_of_hoffmanns_constants_match_besiroglus(pub):
    lr, p = pub.lr["hoffmann_2022_unrounded"]
    assert lr == pytest.approx(84.00, abs=0.02), (
        f"Besiroglu et al. notebook cell 49: LR 84.00 (abs 0.02, rounding); got {lr}"
    )
    assert p == pytest.approx(1.22e-16, rel=0.05), "... p = 1.22e-16"
    w, wp = pub.wald["hoffmann_2022_unrounded"]
    assert w == pytest.approx(238.40, rel=0.045), (
        f"notebook cell 55: chi2 238.40 (rel 4.5%, resample covariance); got {w}"
    )
    assert pub.wald["hoffmann_2022"][1] < 1e-40 and pub.lr["hoffmann_2022"][1] < 1e-40, (
        "Eq. 10 (rounded) is rejected too"
    )


def test_notebook_band_explains_the_25_7(pub):
    nb = pub.notebook_band.set_index("train_flops")
    assert nb.loc[1e18, "median"] == pytest.approx(ls.EPOCH_NOTEBOOK_MEDIAN, abs=0.3), (
        "Besiroglu et al. notebook cell 69 prints 25.66: the median at 1e18 FLOP, the grid's first point (abs 0.3)"
    )
    b = nb.loc[ls.PUBLISHED_INPUTS["chinchilla_flops"]]
    assert b["median"] == pytest.approx(18.4, abs=0.3) and b["low"] < 20 < b["high"], (
        "the notebook's method at 5.88e23 FLOP: median about 18.4, 80% band containing 20"
    )


def test_claims_are_ledger_records_without_process_words():
    cs = ls.claims()
    assert all(isinstance(c, cl.Claim) and c.chapter == "loss-scaling" for c in cs)
    assert len({c.key for c in cs}) == len(cs)
    bib = Path(__file__).resolve().parents[1].joinpath("references.bib").read_text()
    for c in cs:
        assert f"{{{c.source}," in bib, f"{c.key}: source {c.source!r} is not a key of references.bib"
        for word in ("seed", "issue", "review"):
            assert word not in c.source.lower(), f"{c.key}: process word {word!r} in source"
    v = {c.key: c.verdict for c in cs}
    assert v["tpp_hoffmann_2022"] == "does not reproduce", "Eq. 10 gives 92.6 tokens/param at 5.76e23"
    for key in (
        "refit_E",
        "refit_alpha",
        "refit_beta",
        "se_A",
        "se_B",
        "se_a",
        "runs_600k",
        "wald_unrounded",
        "lr_unrounded",
        "compatible_20",
        "sardana_7b",
        "sardana_saved",
        "sardana_share",
    ):
        assert v[key] == "reproduces", f"{key}: {v[key]}"
    assert v["fits_hoffmann_2022"] == v["fits_hoffmann_2022_unrounded"] == "does not reproduce"
    assert v["villalobos_2028"] == "depends on an assumption"


def test_reader_parameters_fill_only_the_last_column(pages):
    a = cl.frame(ls.claims(), ls.scenario(pages["default"]))
    b = cl.frame(ls.claims(), ls.scenario(pages["other"]))
    cols = ["claim", "value found", "verdict"]
    assert a[cols].equals(b[cols]), "a verdict never moves with the reader's parameters"
    assert not a["your run"].equals(b["your run"])


def test_replication_sentence_at_three_parameter_sets(pages):
    s = ls.replication_sentence(pages["default"])
    assert "240 runs" in s and "seed 0" in s and "synthetic" not in s
    assert "**These runs are synthetic**" in ls.replication_sentence(pages["other"])
    assert "no bootstrap: n_bootstrap is 0" in ls.replication_sentence(pages["no_boot"])


def test_band_sentence_has_no_band_without_a_bootstrap(pages):
    s = ls.band_sentence(pages["no_boot"])
    assert "no band" in s and "bootstrap band" not in s, "n_bootstrap 0: no band sentence"
    d = pages["default"]
    b = d.fit.frontier_band([d.budget]).iloc[0]
    assert f"band {ls.fmt.readable_number(b['low'])} to {ls.fmt.readable_number(b['high'])}" in ls.band_sentence(d)
    assert "seed 7" in ls.band_sentence(pages["other"])


def test_optimum_sentence_names_epochs_runs_only_for_epochs_runs(pages):
    assert "4,500-start" in ls.optimum_sentence(pages["default"])
    for name in ("other",):
        s = ls.optimum_sentence(pages[name])
        assert "4,500-start" not in s and "Epoch" not in s, "synthetic data: no claim about Epoch's runs"


def test_hoffmann_sentence_reports_besiroglus_tests(pages, pub):
    s = ls.hoffmann_sentence(pages["default"])
    assert "238.40" in s and "not a test" in s and "4.05×" in s
    assert f"λ = {ls.fmt.readable_number(pub.lr['hoffmann_2022_unrounded'][0])}" in s
    assert "synthetic" in ls.hoffmann_sentence(pages["other"]) and "Epoch's 240 runs" in ls.hoffmann_sentence(
        pages["other"]
    )


def test_data_constrained_sentence_uses_one_optimum(pages):
    s = ls.data_constrained_sentence(pages["default"])
    best = ls.data_constrained_optimum(pages["default"])
    assert "48.5B parameters" in s and "19.8 epochs" in s, "the 20-epoch optimum has 48.5B parameters (not 71.2B)"
    assert best["n_params"] == pytest.approx(48.5e9, rel=0.01)
    assert "**Extrapolation**" in s and "900B" in s
    s2 = ls.data_constrained_sentence(pages["other"])
    assert "within Muennighoff et al.'s runs" in s2, "1e21 FLOP with 5e9 unique tokens lies within 9B / 900B"
    s3 = ls.data_constrained_sentence(pages["no_boot"])
    assert "**Extrapolation**" in s3 and "1 epoch, no token repeated" in s3, "1e16 unique tokens: nothing repeats"
    assert "R*_D = 15.4" in s, "19.8 epochs: beyond 4 epochs repeated tokens lose value (Muennighoff et al. 2023)"


def test_gadre_sentence_says_what_the_runs_support(pages):
    s = ls.gadre_sentence(pages["default"])
    assert "72.4×" in s and "extrapolation" in s and "scored on C4" in s
    assert "overlap" in s
    assert "lies within the runs" in ls.gadre_sentence(pages["other"]), "1e21 FLOP is inside the testbed"


def test_chinchilla_band_and_resample_sentences(pub):
    s = ls.chinchilla_band_sentence()
    assert "median of 18.4" in s and "25.7" in s and "10¹⁸" in s
    r = ls.resample_sentence()
    assert "124.49" in r and "1293.2" in r


def test_other_sentences_quote_their_tables():
    r = ls.rounding_table().set_index("parameter")
    assert "1.7%" in ls.rounding_sentence() and r.loc["beta", "difference (%)"] == pytest.approx(1.7, abs=0.05)
    assert "1.81 C" in ls.kaplan_sentence(), "Kaplan's N_opt D_opt spend 6ND = 1.81 C"
    assert "6.97B" in ls.sardana_sentence() and "17.4%" in ls.sardana_sentence()


def test_quality_sentence_at_three_parameter_sets(pages):
    assert "Besiroglu et al. 2024's β = 0.366" in ls.quality_sentence(pages["default"])
    assert "Eq. 10 (rounded)'s β = 0.280" in ls.quality_sentence(pages["other"])
    assert "46% with γ = 1" in ls.quality_sentence(pages["no_boot"])


def test_data_exercise_divides_by_muennighoffs_own_optimum(pages):
    page = pages["default"]
    t = ls.data_exercise_table(page).iloc[0]
    free = ls.laws.data_constrained_curves(page.budget, page.params["unique_tokens"])
    free = free[free["data"] == "unlimited unique data"]
    assert t["Muennighoff optimum D (tokens)"] == free.loc[free["loss"].idxmin(), "n_tokens"]


def test_charts_build_with_uncut_legends(pages):
    page = pages["default"]
    models = data.read_table("loss_scaling_models")
    models["train_flops"] = 6 * models["n_params"] * models["n_tokens"]
    models["tokens_per_param"] = models["n_tokens"] / models["n_params"]
    front = ls.frontier_chart(
        data.load_chinchilla_table3(), models, "tokens_per_param", "tokens per parameter"
    ).to_dict()
    assert '"labelLimit": 0' in str(front).replace("'", '"'), "legend labels are never cut"
    band = str(ls.band_chart(page).to_dict())
    assert "80% bootstrap band of the refit" in band, "the band has its own legend entry"
    assert "stock, 90% interval" in str(ls.exhaustion_chart(2.5).to_dict()), "the stock's interval is in the legend"
    assert "vconcat" in ls.residual_chart(page, columns=1).to_dict(), "one column for a narrow screen"
    for chart in (
        ls.gadre_chart(page),
        ls.quality_chart(page),
        ls.inference_chart(page),
        ls.data_constrained_chart(page),
        ls.isoflop_chart(page.law, [1e20, 1e22], highlight=page.budget),
        ls.band_chart(pages["no_boot"]),
    ):
        chart.to_dict()


def test_data_choice_is_validated_before_anything_runs():
    with pytest.raises(params.ParameterError, match="data.*one of: epoch_chinchilla, synthetic"):
        params.validate("loss-scaling", {"data": "/tmp/my.csv"})


def test_epoch_resampling_is_numpys_legacy_choice():
    counts = ls.fitting.bootstrap_counts(240, 3, seed=42, resampling="epoch")
    np.random.seed(42)
    want = [np.bincount(np.random.choice(240, size=240, replace=True), minlength=240) for _ in range(3)]
    assert (counts == np.array(want)).all(), "Besiroglu et al.'s notebook cell 15: np.random.seed(42) then choice"


@pytest.mark.parametrize(
    "override",
    [
        {"n_bootstrap": 0},
        {"n_bootstrap": 1},
        {"drop_highest_losses": 50},
        {"drop_highest_losses": 0},
        {"compute_budget_flops": 1e18},
        {"compute_budget_flops": 1e29},
        {"unique_tokens": 1e8},
        {"unique_tokens": 1e16},
        {"inference_tokens": 0.0},
        {"inference_tokens": 1e17},
        {"dataset_growth_per_year": 1.01},
        {"dataset_growth_per_year": 10.0},
        {"data": "synthetic", "n_bootstrap": 3},
        {"seed": 2**32 - 1, "n_bootstrap": 5},
    ],
)
def test_every_bound_builds_the_page(override):
    page = ls.build(params.validate("loss-scaling", override))
    cl.frame(ls.claims(), ls.scenario(page))
    for f in (
        ls.replication_sentence,
        ls.hoffmann_sentence,
        ls.optimum_sentence,
        ls.band_sentence,
        ls.gadre_sentence,
        ls.data_constrained_sentence,
        ls.quality_sentence,
    ):
        assert isinstance(f(page), str)
    ls.replication_table(page), ls.gadre_table(page), ls.data_exercise_table(page)
    ls.band_chart(page).to_dict(), ls.inference_chart(page).to_dict(), ls.data_constrained_chart(page).to_dict()
