"""Cottier et al. 2024 ("The rising costs of training frontier AI models", arXiv 2405.21015)
reproduced from Epoch's own inputs: the training-cost-trends dataset at the paper's commit."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scalingbook import cost, data, datasets, hardware


@pytest.fixture(scope="module")
def rep() -> cost.Reproduction:
    return cost.reproduce_cottier_2024()


@pytest.fixture(scope="module")
def book() -> pd.DataFrame:
    return cost.cost_book_models(data.read_table("frontier_models"))


# --- selection -------------------------------------------------------------------------


def test_reproduction_uses_epochs_top10_list_without_a_date_window_64_models(rep):
    sel = rep.selection
    assert len(sel) == 64 and sel["publication_date"].min() == pd.Timestamp("2015-12-08"), (
        "Epoch's cost_analysis.ipynb reads frontier_systems_by_top_n.json keys 1-10 with no date window: 64 systems, "
        f"the first DeepSpeech2 (English), 2015-12-08; book {len(sel)} from {sel['publication_date'].min():%Y-%m-%d} "
        "(tolerance: identical)"
    )
    assert "DeepSpeech2 (English)" in set(rep.costed["system"])


def test_frontier_rule_selects_exactly_epochs_top10_list_over_the_same_dates(rep):
    a = rep.agreement
    assert a["in_ours"].all() and a["in_epoch"].all() and len(a) == 64, (
        "Cottier et al. 2024 rule (top 10 by compute at publication among notable models) vs Epoch's "
        f"frontier_systems_by_top_n.json (top_n <= 10), both from 2015-12-08 to 2023: ours only "
        f"{a.loc[~a.in_epoch, 'system'].tolist()}, Epoch's only {a.loc[~a.in_ours, 'system'].tolist()} "
        "(tolerance: identical sets)"
    )


def test_since_2016_window_drops_only_deepspeech2_and_gives_2_27x(rep):
    out = rep.outside_window
    assert out["system"].tolist() == ["DeepSpeech2 (English)"], (
        f"the paper's 'since 2016' window drops one costed model of Epoch's list; book drops {out['system'].tolist()}"
    )
    w = rep.window_fit()
    assert w.n == 44 and w.factor_per_year == pytest.approx(2.27, abs=0.005), (
        f"fit without DeepSpeech2: 44 models, 2.27x per year; book {w.n}, {w.factor_per_year:.3f} (tolerance 0.005)"
    )


def test_frontier_rule_ranks_among_models_published_so_far():
    systems = pd.DataFrame(
        {
            "system": list("abcd"),
            "notability_criteria": ["x"] * 4,
            "publication_date": pd.to_datetime(["2016-01-01", "2016-02-01", "2016-03-01", "2016-04-01"]),
            "training_compute_flop": [10.0, 5.0, 20.0, 7.0],
        }
    )
    sel = cost.frontier_selection(systems, top_n=2)
    assert sel["system"].tolist() == ["a", "b", "c"], "d (7) is third after a (10) and c (20) at its date"
    assert sel["compute_rank"].tolist() == [1, 2, 1]


# --- the headline reproduction --------------------------------------------------------


def test_amortized_fit_is_epochs_printed_regression_45_models_slope_0_3888(rep):
    f, e = rep.fit("amortized_usd"), cost.COTTIER_2024_EPOCH_FIT
    assert f.n == e["n_models"], f"Epoch's cost_analysis.ipynb: N=45; book {f.n} (tolerance: identical)"
    assert f.slope == pytest.approx(e["slope"], abs=5e-5), (
        f"Epoch's cost_analysis.ipynb OLS: slope 0.3888 OOM/year (printed to 4 decimals); book {f.slope:.5f} (tolerance 5e-5)"
    )
    assert f.intercept == pytest.approx(e["intercept"], abs=5e-4), (
        f"Epoch's cost_analysis.ipynb OLS: const -780.1761; book {f.intercept:.4f} (tolerance 5e-4, its rounding)"
    )
    assert f.slope_se == pytest.approx(e["slope_se"], abs=5e-4), "Epoch's printed std err 0.048 (rounding 5e-4)"
    assert round(f.factor_per_year, 1) == 2.4 and round(f.ci_low, 1) == 2.0 and round(f.ci_high, 1) == 3.1, (
        f"Cottier et al. 2024 v1 abstract and Epoch's notebook: 2.4x/year (95% CI 2.0x, 3.1x); book "
        f"{f.factor_per_year:.3f} ({f.ci_low:.3f}-{f.ci_high:.3f}) (tolerance: rounding to 0.1)"
    )


def test_cloud_and_acquisition_fits_carry_epochs_model_counts(rep):
    fits = rep.fits.set_index("column")
    assert fits.at["cloud_usd", "n_models"] == 40 and fits.at["acquisition_usd", "n_models"] == 37, (
        "Epoch's estimate_cloud_costs and estimate_hardware_acquisition_cost (training-cost-trends at the paper's "
        "commit), run on its inputs: 40 and 37 models; book "
        f"{fits.at['cloud_usd', 'n_models']} and {fits.at['acquisition_usd', 'n_models']} (tolerance: identical)"
    )
    assert fits.at["cloud_usd", "factor_per_year"] == pytest.approx(2.592, abs=0.001)
    assert fits.at["acquisition_usd", "factor_per_year"] == pytest.approx(2.474, abs=0.001), (
        "Epoch's code on its inputs: acquisition 10^0.3933 = 2.474x per year, cloud 10^0.4136 = 2.592x (tolerance 0.001)"
    )


def test_v100_price_tie_follows_epochs_choice_the_dgxs():
    p = hardware.epoch_acquisition_price(
        "NVIDIA Tesla V100 DGXS 32 GB", datasets.load_hardware_prices(), datasets.load_chips()
    )
    assert p.price_usd == pytest.approx(17_250.0), (
        "Epoch's price table: DGX-1 ($18,625 per GPU) and DGXS ($17,250) both dated 2017-07-01; Epoch's unstable "
        f"sort takes the DGXS; book {p.price_usd:,.0f} (tolerance: exact)"
    )


def test_every_selected_model_is_costed_or_listed_with_a_reason(rep):
    nc = rep.not_costed
    assert len(rep.costed) + len(nc) == len(rep.selection) == 64
    assert set(nc["status"]) <= {"training hardware unknown", "mixed hardware types"}, set(nc["status"])
    assert "Chinchilla" in set(nc["system"]), "Chinchilla (TPU v4 + v3) is mixed hardware: listed, not costed"


# --- per-model costs against Epoch's published figures --------------------------------

EPOCH_2023_USD = data.read_table("frontier_models").set_index("model")["training_compute_cost_2023_usd"]


NOTABLE = "Epoch 'Notable AI Models' training_compute_cost_2023_usd (data/frontier_models.csv)"
MODEL_COSTS = "Epoch training-cost-trends model_costs.csv (published-numbers.md sec. 7)"


@pytest.mark.parametrize(
    "model, want, source",
    [
        # a V100 model: Epoch's $2,056,969 holds with the DGXS price Epoch's sort takes (EPOCH_PRICE_TIES)
        ("GPT-3 175B (davinci)", EPOCH_2023_USD["GPT-3 175B (davinci)"], NOTABLE),
        ("Gopher (280B)", EPOCH_2023_USD["Gopher (280B)"], NOTABLE),
        ("PaLM (540B)", EPOCH_2023_USD["PaLM (540B)"], NOTABLE),
        ("GPT-3.5 (text-davinci-003)", EPOCH_2023_USD["GPT-3.5"], NOTABLE),
        ("GPT-4", EPOCH_2023_USD["GPT-4"], NOTABLE),
        ("PaLM 2", EPOCH_2023_USD["PaLM 2"], NOTABLE),
        ("Gemini 1.0 Ultra", EPOCH_2023_USD["Gemini 1.0 Ultra"], NOTABLE),
    ],
)
def test_amortized_cost_matches_epochs_published_figure_within_1pct(rep, model, want, source):
    got = rep.costs.set_index("system").at[model, "amortized_usd"]
    assert got == pytest.approx(want, rel=0.01), (
        f"{source} for {model}: {want:,.0f}; book on Epoch's inputs {got:,.0f} (tolerance 1%)"
    )


def test_gpt4_and_gemini_cloud_costs_are_the_ai_index_78m_and_191m(rep):
    g = rep.costs.set_index("system")["cloud_usd"]
    assert g["GPT-4"] == pytest.approx(78.4e6, rel=0.01), "2024 AI Index / Cottier et al.: GPT-4 cloud ~$78M"
    assert g["Gemini 1.0 Ultra"] == pytest.approx(191.4e6, rel=0.01), "2024 AI Index: Gemini Ultra cloud ~$191M"


def test_gpt4_acquisition_cost_is_epochs_778m(rep):
    got = rep.costs.set_index("system").at["GPT-4", "acquisition_usd"]
    assert got == pytest.approx(778.1e6, rel=0.01), f"Epoch model_costs.csv: GPT-4 acquisition $778.1M; book {got:,.0f}"


def test_h100_priced_by_epochs_rule_at_44490_not_33600():
    price, basis = hardware.server_price("H100")
    assert price == pytest.approx(44_489.88, abs=0.01), (
        "Epoch's rule takes the earliest DGX price, DGX H100 of 2022-09-29 = $44,490 "
        f"per GPU, not the May-2023 $33,600; book {price}"
    )
    assert "2022-09-29" in basis


def test_single_unit_price_gets_the_server_overhead():
    p = hardware.epoch_acquisition_price("NVIDIA Tesla K80", datasets.load_hardware_prices(), datasets.load_chips())
    assert p.price_usd == pytest.approx(5000 * 1.64), "Epoch: single-unit K80 release price x default overhead 1.64"
    assert p.acquired == pd.Timestamp("2014-11-17") + pd.Timedelta(days=90), "bought 90 days after release"


def test_llama31_405b_amortized_is_epochs_51m_with_its_h100_price(book):
    got = book.set_index("system").at["Llama 3.1-405B", "amortized_usd"]
    assert got == pytest.approx(51.04e6, rel=0.01), (
        f"Epoch model_costs.csv: Llama 3.1-405B amortized $51.04M (the book's old $33,600 H100 gave $39.4M); "
        f"book {got / 1e6:.2f}M (tolerance 1%)"
    )


def test_grok3_acquisition_is_epochs_5_5b(book):
    got = book.set_index("system").at["Grok-3", "acquisition_usd"]
    assert got == pytest.approx(5.5e9, rel=0.02), f"Epoch: Grok-3 hardware acquisition $5.5B; book {got / 1e9:.2f}B"


# --- the update beyond the paper ------------------------------------------------------


def test_deepseek_v3_is_labelled_as_its_own_rental_figure_and_kept_out_of_fits(rep, book):
    row = book.set_index("system").loc["DeepSeek-V3"]
    assert np.isnan(row["amortized_usd"]) and "DeepSeek's own figure" in row["cost_label"]
    both, fit = cost.frontier_update(rep, book)
    costed = both.dropna(subset=["amortized_usd"])
    assert "DeepSeek-V3" not in set(costed["system"])


def test_update_adds_the_costed_2024_25_frontier_models(rep, book):
    both, fit = cost.frontier_update(rep, book)
    later = both[both["sample"] == "update 2024-25"].dropna(subset=["amortized_usd"])
    assert set(later["system"]) == {"Llama 3-70B", "Llama 3.1-405B", "Grok-2", "Grok-3"}
    assert fit.n == rep.fit().n + 4
    assert 2.0 < fit.factor_per_year < 3.1


# --- helpers ---------------------------------------------------------------------------


def test_deflation_is_one_at_the_target_month_and_follows_the_ppi():
    ppi = datasets.load_ppi()
    assert cost.deflate_to([1.0], ["2023-12-15"], ppi)[0] == pytest.approx(1.0)
    p = ppi.set_index("date")["ppi"]
    want = p[pd.Timestamp("2023-12-01")] / p[pd.Timestamp("2020-05-01")]
    assert cost.deflate_to([1.0], ["2020-05-28"], ppi)[0] == pytest.approx(want), "Epoch: PPI(to) / PPI(month)"


def test_cloud_price_converts_other_commitments_with_epochs_discounts():
    prices = pd.DataFrame(
        {
            "hardware_model": ["NVIDIA Tesla K80"],
            "vendor": ["Google Cloud"],
            "price_date": [pd.Timestamp("2017-01-01")],
            "price_per_chip_hour_3_year_cud": [np.nan],
            "price_per_chip_hour_1_year_cud": [np.nan],
            "price_per_chip_hour_on_demand": [1.0],
        }
    )
    value, _ = hardware.epoch_cloud_price("NVIDIA Tesla K80", "Google", pd.Timestamp("2017-06-01"), prices)
    assert value == pytest.approx(1.0 * (1 - 0.56)), "Epoch DEFAULT_CUD: Google 3-year discount 56% off on-demand"


def test_amortized_usd_per_hour_matches_training_run_and_sweeps_10000_in_under_a_second():
    run = cost.training_run(1e25, "H100", 10_000, mfu=0.4, hardware_age_years=0.5)
    per_hour = cost.amortized_usd_per_hour("H100", hardware_age_years=0.5)
    assert per_hour == pytest.approx(float(run.usd_per_accelerator_hour_amortized), rel=1e-12)
    rng = np.random.default_rng(0)
    names = rng.choice(["A100", "H100", "B200", "TPU v4"], 10_000)
    t = time.perf_counter()
    out = cost.amortized_usd_per_hour(
        names, hardware_age_years=rng.uniform(0, 3, 10_000), pue=rng.uniform(1, 2, 10_000)
    )
    runs = cost.training_run(
        rng.uniform(1e23, 1e27, 10_000), "H100", rng.integers(1_000, 100_000, 10_000), mfu=rng.uniform(0.2, 0.6, 10_000)
    )
    elapsed = time.perf_counter() - t
    assert out.shape == (10_000,) and np.all(out > 0) and np.asarray(runs.amortized_usd).shape == (10_000,)
    assert elapsed < 1.0, f"10,000 scenarios in one call took {elapsed:.2f} s (limit 1 s)"


def test_facility_power_is_one_convention_grok3_159_mw_peak():
    peak = cost.facility_power_mw(100_000, "H100", 1.25)
    assert peak == pytest.approx(100_000 * 700 * (10.2 / 8 / 0.7) * 1.25 / 1e6), "Epoch cluster_power_capacity"
    assert peak == pytest.approx(159.4, abs=0.1)
    run = cost.training_run(1e26, "H100", 100_000, mfu=0.4)
    assert float(run.capacity_mw) == pytest.approx(peak) and float(run.power_mw) == pytest.approx(0.75 * peak)


@pytest.mark.parametrize("df", [1, 2, 3, 10, 42, 200])
@pytest.mark.parametrize("p", [0.025, 0.5, 0.9, 0.975, 0.995])
def test_t_quantile_matches_scipy(p, df):
    from scipy import stats

    assert cost.t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-10, abs=1e-12), (
        "Student t quantile (Abramowitz & Stegun 26.7.3-4 series + Newton) vs scipy.stats.t.ppf, rel 1e-10"
    )


@given(st.floats(1e3, 1e6), st.floats(0, 10), st.floats(1.0, 3.0))
def test_amortized_usd_per_hour_is_linear_in_price_and_falls_with_age(price, age, pue):
    one = cost.amortized_usd_per_hour("H100", server_price_usd=price, hardware_age_years=age, pue=pue)
    two = cost.amortized_usd_per_hour("H100", server_price_usd=2 * price, hardware_age_years=age, pue=pue)
    energy = cost.amortized_usd_per_hour("H100", server_price_usd=price * 1e-12, hardware_age_years=age, pue=pue)
    assert two - energy == pytest.approx(2 * (one - energy), rel=1e-9), "hardware part is proportional to the price"
    older = cost.amortized_usd_per_hour("H100", server_price_usd=price, hardware_age_years=age + 1, pue=pue)
    assert older - energy == pytest.approx((one - energy) * 10**-0.14, rel=1e-9), "value falls 0.14 OOM a year"
