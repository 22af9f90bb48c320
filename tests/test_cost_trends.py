"""Cottier et al. 2024 ("The rising costs of training frontier AI models", arXiv 2405.21015)
reproduced from Epoch's own inputs: the training-cost-trends dataset at the paper's commit."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from scalingbook import cost, data, datasets, hardware


@pytest.fixture(scope="module")
def rep() -> cost.Reproduction:
    return cost.reproduce_cottier_2024()


@pytest.fixture(scope="module")
def book() -> pd.DataFrame:
    return cost.cost_book_models(data.read_table("frontier_models"))


# --- selection -------------------------------------------------------------------------

def test_frontier_rule_selects_exactly_epochs_top10_list_2016_2023(rep):
    a = rep.agreement
    assert a["in_ours"].all() and a["in_epoch"].all(), (
        "Cottier et al. 2024 rule (top 10 by compute at publication among notable models, 2016-2023) vs Epoch's "
        f"frontier_systems_by_top_n.json (top_n <= 10): ours only {a.loc[~a.in_epoch, 'system'].tolist()}, "
        f"Epoch's only {a.loc[~a.in_ours, 'system'].tolist()} (tolerance: identical sets)")
    assert len(a) == 62


def test_frontier_rule_ranks_among_models_published_so_far():
    systems = pd.DataFrame({
        "system": list("abcd"), "notability_criteria": ["x"] * 4,
        "publication_date": pd.to_datetime(["2016-01-01", "2016-02-01", "2016-03-01", "2016-04-01"]),
        "training_compute_flop": [10.0, 5.0, 20.0, 7.0]})
    sel = cost.frontier_selection(systems, top_n=2)
    assert sel["system"].tolist() == ["a", "b", "c"], "d (7) is third after a (10) and c (20) at its date"
    assert sel["compute_rank"].tolist() == [1, 2, 1]


# --- the headline reproduction --------------------------------------------------------

def test_amortized_growth_reproduces_cottier_2024_2_4x_within_0_2(rep):
    f = rep.fit("amortized_usd")
    assert abs(f.factor_per_year - 2.4) <= 0.2, (
        f"Cottier et al. 2024 abstract (v1) / Epoch blog: 2.4x per year; book on Epoch's inputs "
        f"{f.factor_per_year:.3f} (tolerance 0.2)")
    assert f.ci_low <= 3.1 and f.ci_high >= 2.0, (
        f"95% CI {f.ci_low:.2f}-{f.ci_high:.2f} must overlap the paper's 2.0-3.1 (Cottier et al. 2024 v1)")
    assert 42 <= f.n <= 48, f"Cottier et al. 2024: 45 frontier models costed; book {f.n} (tolerance 3)"


def test_cloud_and_acquisition_growth_are_fitted_over_their_own_models(rep):
    fits = rep.fits.set_index("column")
    assert fits.at["cloud_usd", "n_models"] == 40 and fits.at["acquisition_usd", "n_models"] == 36
    # "cloud cost grows at about the same rate": the cloud rate lies inside the amortized CI
    am = fits.loc["amortized_usd"]
    assert am["ci_low"] <= fits.at["cloud_usd", "factor_per_year"] <= am["ci_high"]
    assert 1.5 < fits.at["acquisition_usd", "factor_per_year"] < 3.5


def test_every_selected_model_is_costed_or_listed_with_a_reason(rep):
    nc = rep.not_costed
    assert len(rep.costed) + len(nc) == len(rep.selection) == 62
    assert set(nc["status"]) <= {"training hardware unknown", "mixed hardware types"}, set(nc["status"])
    assert "Chinchilla" in set(nc["system"]), "Chinchilla (TPU v4 + v3) is mixed hardware: listed, not costed"


# --- per-model costs against Epoch's published figures --------------------------------

EPOCH_2023_USD = data.read_table("frontier_models").set_index("model")["training_compute_cost_2023_usd"]


NOTABLE = "Epoch 'Notable AI Models' training_compute_cost_2023_usd (data/frontier_models.csv)"
MODEL_COSTS = "Epoch training-cost-trends model_costs.csv (published-numbers.md sec. 7)"


@pytest.mark.parametrize("model, want, source", [
    ("GPT-3 175B (davinci)", 2.20e6, MODEL_COSTS),  # the later Notable table has $2.06M from revised inputs
    ("Gopher (280B)", EPOCH_2023_USD["Gopher (280B)"], NOTABLE),
    ("PaLM (540B)", EPOCH_2023_USD["PaLM (540B)"], NOTABLE),
    ("GPT-3.5 (text-davinci-003)", EPOCH_2023_USD["GPT-3.5"], NOTABLE),
    ("GPT-4", EPOCH_2023_USD["GPT-4"], NOTABLE),
    ("PaLM 2", EPOCH_2023_USD["PaLM 2"], NOTABLE),
    ("Gemini 1.0 Ultra", EPOCH_2023_USD["Gemini 1.0 Ultra"], NOTABLE),
])
def test_amortized_cost_matches_epochs_published_figure_within_1pct(rep, model, want, source):
    got = rep.costs.set_index("system").at[model, "amortized_usd"]
    assert got == pytest.approx(want, rel=0.01), (
        f"{source} for {model}: {want:,.0f}; book on Epoch's inputs {got:,.0f} (tolerance 1%)")


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
        "review finding (issue 12): Epoch's rule takes the earliest DGX price, DGX H100 of 2022-09-29 = $44,490 "
        f"per GPU, not the May-2023 $33,600; book {price}")
    assert "2022-09-29" in basis


def test_single_unit_price_gets_the_server_overhead():
    p = hardware.epoch_acquisition_price("NVIDIA Tesla K80", datasets.load_hardware_prices(), datasets.load_chips())
    assert p.price_usd == pytest.approx(5000 * 1.64), "Epoch: single-unit K80 release price x default overhead 1.64"
    assert p.acquired == pd.Timestamp("2014-11-17") + pd.Timedelta(days=90), "bought 90 days after release"


def test_llama31_405b_amortized_is_epochs_51m_with_its_h100_price(book):
    got = book.set_index("system").at["Llama 3.1-405B", "amortized_usd"]
    assert got == pytest.approx(51.04e6, rel=0.01), (
        f"Epoch model_costs.csv: Llama 3.1-405B amortized $51.04M (the book's old $33,600 H100 gave $39.4M); "
        f"book {got / 1e6:.2f}M (tolerance 1%)")


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
    prices = pd.DataFrame({"hardware_model": ["NVIDIA Tesla K80"], "vendor": ["Google Cloud"],
                           "price_date": [pd.Timestamp("2017-01-01")], "price_per_chip_hour_3_year_cud": [np.nan],
                           "price_per_chip_hour_1_year_cud": [np.nan], "price_per_chip_hour_on_demand": [1.0]})
    value, _ = hardware.epoch_cloud_price("NVIDIA Tesla K80", "Google", pd.Timestamp("2017-06-01"), prices)
    assert value == pytest.approx(1.0 * (1 - 0.56)), "Epoch DEFAULT_CUD: Google 3-year discount 56% off on-demand"


def test_amortized_usd_per_hour_matches_training_run_and_sweeps_10000_in_under_a_second():
    run = cost.training_run(1e25, "H100", 10_000, mfu=0.4, hardware_age_years=0.5)
    per_hour = cost.amortized_usd_per_hour("H100", hardware_age_years=0.5)
    assert per_hour == pytest.approx(float(run.usd_per_accelerator_hour_amortized), rel=1e-12)
    rng = np.random.default_rng(0)
    names = rng.choice(["A100", "H100", "B200", "TPU v4"], 10_000)
    t = time.perf_counter()
    out = cost.amortized_usd_per_hour(names, hardware_age_years=rng.uniform(0, 3, 10_000), pue=rng.uniform(1, 2, 10_000))
    runs = cost.training_run(rng.uniform(1e23, 1e27, 10_000), "H100", rng.integers(1_000, 100_000, 10_000),
                             mfu=rng.uniform(0.2, 0.6, 10_000))
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
        "Student t quantile (Abramowitz & Stegun 26.7.3-4 series + Newton) vs scipy.stats.t.ppf, rel 1e-10")


from hypothesis import given, strategies as st  # noqa: E402


@given(st.floats(1e3, 1e6), st.floats(0, 10), st.floats(1.0, 3.0))
def test_amortized_usd_per_hour_is_linear_in_price_and_falls_with_age(price, age, pue):
    one = cost.amortized_usd_per_hour("H100", server_price_usd=price, hardware_age_years=age, pue=pue)
    two = cost.amortized_usd_per_hour("H100", server_price_usd=2 * price, hardware_age_years=age, pue=pue)
    energy = cost.amortized_usd_per_hour("H100", server_price_usd=price * 1e-12, hardware_age_years=age, pue=pue)
    assert two - energy == pytest.approx(2 * (one - energy), rel=1e-9), "hardware part is proportional to the price"
    older = cost.amortized_usd_per_hour("H100", server_price_usd=price, hardware_age_years=age + 1, pue=pue)
    assert older - energy == pytest.approx((one - energy) * 10 ** -0.14, rel=1e-9), "value falls 0.14 OOM a year"
