"""cost: training time, cloud and amortized cost, energy and power (Cottier et al. 2024 method),
and the growth of frontier training costs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scalingbook import compute, cost, hardware

# GPT-4 as Epoch models it (Cottier et al. 2024; Epoch "Notable AI Models", data/frontier_models.csv):
# 2.1e25 FLOP on 25,000 A100 SXM4 40 GB, MFU 0.34, 2,280 h (95 days), training ended 2022-08-15.
GPT4_FLOP, GPT4_N, GPT4_MFU, GPT4_HOURS = 2.1e25, 25_000, 0.34, 2280
GPT4_START = pd.Timestamp("2022-08-15") - pd.Timedelta(hours=GPT4_HOURS)
# A100s are first bought 90 days after release (2020-05-14): Epoch's acquisition rule.
A100_BOUGHT = pd.Timestamp("2020-05-14") + pd.Timedelta(days=90)
GPT4_AGE = cost.years_between(A100_BOUGHT, GPT4_START)


def gpt4_run(**kw):
    args = dict(
        mfu=GPT4_MFU,
        usd_per_gpu_hour=cost.AZURE_A100_3YR_USD_PER_HOUR_2022,
        pue=cost.COTTIER_2024.pue_other,
        usd_per_kwh=cost.US_INDUSTRIAL_USD_PER_KWH[2023],
        hardware_age_years=GPT4_AGE,
    )
    args.update(kw)
    return cost.training_run(GPT4_FLOP, "A100", GPT4_N, **args)


def test_replacement_rate_is_0_3224_per_year():
    r = cost.COTTIER_2024.replacement_per_year
    assert r == pytest.approx(0.3224, abs=1e-4), f"Cottier et al. 2024: 0.14 OOM/yr x ln(10) = 0.3224/yr; got {r:.5f}"


def test_gpt4_amortized_cost_within_25pct_of_epoch_40_6m():
    got = gpt4_run().amortized_usd
    assert got == pytest.approx(40.6e6, rel=0.25), (
        f"Cottier et al. 2024 / Epoch: GPT-4 amortized hardware + energy = $40.6M (2023 USD); "
        f"book {got / 1e6:.1f}M (tolerance 25%)"
    )


def test_gpt4_amortized_cost_with_epoch_duration_within_5pct():
    # Epoch counts 25,000 chips x 2,280 h rather than FLOP / (peak x MFU).
    got = cost.training_run(
        GPT4_FLOP, "A100", days=GPT4_HOURS / 24, mfu=GPT4_MFU, hardware_age_years=GPT4_AGE
    ).amortized_usd
    # the solved count differs from 25,000 because 2.1e25 / (312e12 x 0.34 x 95 d) = 24,124
    run = cost.training_run(GPT4_FLOP, "A100", days=GPT4_HOURS / 24, mfu=GPT4_MFU)
    assert run.n_accelerators == pytest.approx(24_124, rel=1e-3)
    scaled = got * GPT4_N / run.n_accelerators
    assert scaled == pytest.approx(40.59e6, rel=0.05), (
        f"Epoch's GPT-4 amortized cost $40.59M (Notable AI Models, 2023 USD) with 25,000 x 2,280 A100-hours; "
        f"book {scaled / 1e6:.2f}M (tolerance 5%: Epoch adjusts for inflation to 2023 USD)"
    )


def test_gpt4_cloud_cost_within_25pct_of_78m():
    got = gpt4_run().cloud_usd
    assert got == pytest.approx(78.56e6, rel=0.25), (
        f"Epoch training-cost-trends model_costs.csv: GPT-4 cloud cost $78.56M; book {got / 1e6:.1f}M (tol 25%)"
    )


def test_gpt4_acquisition_cost_within_25pct_of_778m():
    got = gpt4_run().acquisition_usd
    assert got == pytest.approx(778.1e6, rel=0.25), (
        f"Epoch training-cost-trends model_costs.csv: GPT-4 hardware acquisition $778.1M; book {got / 1e6:.0f}M (tol 25%)"
    )


def test_gpt4_implied_mfu_for_90_to_100_days_is_30_to_36pct():
    mfu = cost.implied_mfu(2e25, hardware.accelerator("A100").peak_flops, 25_000, np.array([90.0, 100.0]))
    assert mfu == pytest.approx([0.330, 0.297], abs=0.002), (
        f"published-numbers sec. 7: 2e25 FLOP on 25,000 A100 x 90-100 days implies MFU ~0.30-0.33; got {mfu}"
    )


def test_gpt4_breakdown_components_sum_and_chip_share():
    run = gpt4_run()
    b = run.breakdown()
    assert b["usd"].sum() == pytest.approx(run.amortized_usd, rel=1e-12)
    chips, servers = b["usd"].iloc[0], b["usd"].iloc[:2].sum()
    assert chips / servers == pytest.approx(1 / 1.66, rel=1e-9), "Cottier et al. 2024: A100 server = 1.66 x chip price"
    interconnect = b["usd"].iloc[2]
    assert interconnect / (servers + interconnect) == pytest.approx(0.19, rel=1e-9), (
        "Cottier et al. 2024: interconnect = 19% of cluster cost"
    )


def test_energy_follows_epoch_formula():
    run = gpt4_run()
    kw = 0.4 * (6.5 / 8 / 0.4) * 0.75 * 1.25  # TDP x server ratio x average fraction x PUE
    assert run.energy_kwh == pytest.approx(kw * run.accelerator_hours, rel=1e-12), (
        "Cottier et al. 2024: energy = chip TDP x server/chip power x 0.75 x PUE x hours"
    )
    assert run.power_mw == pytest.approx(kw * GPT4_N / 1000, rel=1e-12)
    assert run.capacity_mw == pytest.approx(run.power_mw / 0.75, rel=1e-12)


def test_hardware_value_falls_0_14_ooms_per_year():
    assert cost.hardware_value(1000.0, 1.0) == pytest.approx(1000 * 10**-0.14, rel=1e-12), (
        "Cottier et al. 2024: value falls with ML GPU price-performance, 0.14 OOM/yr"
    )
    assert cost.hardware_value(1000.0, 0.0) == 1000.0


@given(st.floats(1e20, 1e28), st.floats(1, 1e6), st.floats(0.05, 1.0))
def test_count_and_duration_round_trip(c, n, mfu):
    run = cost.training_run(c, "H100", n, mfu=mfu)
    back = cost.training_run(c, "H100", days=run.days, mfu=mfu)
    assert back.n_accelerators == pytest.approx(n, rel=1e-9)
    assert back.amortized_usd == pytest.approx(run.amortized_usd, rel=1e-9)
    assert cost.implied_mfu(c, 989.4e12, n, run.days) == pytest.approx(mfu, rel=1e-9)


def test_time_and_cost_follow_c_over_n_peak_mfu():
    run = cost.training_run(1e25, "H100", 10_000, mfu=0.5, usd_per_gpu_hour=2.0)
    seconds = 1e25 / (10_000 * 989.4e12 * 0.5)
    assert run.seconds == pytest.approx(seconds, rel=1e-12)
    assert run.accelerator_hours == pytest.approx(10_000 * seconds / 3600, rel=1e-12)
    assert run.cloud_usd == pytest.approx(2.0 * run.accelerator_hours, rel=1e-12)


def test_training_run_is_vectorised_over_10000_scenarios():
    rng = np.random.default_rng(0)
    c = 10 ** rng.uniform(22, 27, 10_000)
    mfu = rng.uniform(0.2, 0.6, 10_000)
    run = cost.training_run(c, "H100", 16_384, mfu=mfu)
    assert run.amortized_usd.shape == (10_000,)
    one = cost.training_run(c[7], "H100", 16_384, mfu=mfu[7])
    assert run.amortized_usd[7] == pytest.approx(one.amortized_usd, rel=1e-12)
    assert len(run.to_frame()) == 10_000


@pytest.mark.parametrize(
    "kw, message",
    [
        (dict(mfu=0.0), r"mfu must be in \(0, 1\], got 0"),
        (dict(mfu=1.5), r"mfu must be in \(0, 1\], got 1.5"),
        (dict(n_accelerators=-5), r"n_accelerators must be in \(0, inf\), got -5"),
        (dict(pue=0.9), r"pue must be in \[1, inf\), got 0.9"),
        (dict(usd_per_gpu_hour=-1.0), r"usd_per_gpu_hour must be in \[0, inf\), got -1"),
        (dict(hardware_age_years=-1.0), r"hardware_age_years must be in \[0, inf\), got -1"),
    ],
)
def test_bad_arguments_are_rejected_by_name(kw, message):
    args = dict(n_accelerators=1000, mfu=0.4)
    args.update(kw)
    n = args.pop("n_accelerators")
    with pytest.raises(cost.CostError, match=message):
        cost.training_run(1e24, "H100", n, **args)


def test_unknown_accelerator_is_rejected():
    with pytest.raises(hardware.HardwareError, match="accelerator must be one of"):
        cost.training_run(1e24, "Z80", 1000)


def test_exactly_one_of_count_or_days():
    with pytest.raises(cost.CostError, match="exactly one of n_accelerators"):
        cost.training_run(1e24, "H100")
    with pytest.raises(cost.CostError, match="exactly one of n_accelerators"):
        cost.training_run(1e24, "H100", 100, days=10)


def test_accelerator_without_price_needs_one():
    with pytest.raises(cost.CostError, match="H200 has no published price"):
        cost.training_run(1e24, "H200", 1000)
    assert cost.training_run(1e24, "H200", 1000, server_price_usd=50_000).amortized_usd > 0


def test_resolve_budget_prefers_6nd_and_needs_both():
    assert cost.resolve_budget(1e20, 70e9, 1.4e12) == pytest.approx(compute.train_flops(70e9, 1.4e12))
    assert cost.resolve_budget(1e20) == 1e20
    with pytest.raises(cost.CostError, match="n_params is set but n_tokens is 0"):
        cost.resolve_budget(1e20, 70e9, 0.0)


# --- growth of frontier costs -----------------------------------------------------------


def test_growth_rate_matches_direct_least_squares():
    from scipy import stats

    rng = np.random.default_rng(1)
    years = np.sort(rng.uniform(2016, 2024, 30))
    usd = 10 ** (0.38 * (years - 2016) + 5 + rng.normal(0, 0.4, 30))
    fit = cost.growth_rate(years, usd)
    X = np.column_stack([np.ones_like(years), years])
    (a, b), *_ = np.linalg.lstsq(X, np.log10(usd), rcond=None)
    assert fit.slope == pytest.approx(b, rel=1e-9) and fit.intercept == pytest.approx(a, rel=1e-6)
    lr = stats.linregress(years, np.log10(usd))
    t = stats.t.ppf(0.975, 28)
    assert fit.factor_per_year == pytest.approx(10**lr.slope, rel=1e-9)
    assert fit.ci_low == pytest.approx(10 ** (lr.slope - t * lr.stderr), rel=1e-9)
    assert fit.ci_high == pytest.approx(10 ** (lr.slope + t * lr.stderr), rel=1e-9)
    assert fit.doubling_time_years == pytest.approx(math.log10(2) / b, rel=1e-9)


def test_growth_rate_of_exact_2_4x_per_year_is_2_4():
    years = np.arange(2016, 2025, dtype=float)
    fit = cost.growth_rate(years, 1e5 * 2.4 ** (years - 2016))
    assert fit.factor_per_year == pytest.approx(2.4, rel=1e-9), "Cottier et al. 2024 headline: 2.4x per year"
    assert fit.doubling_time_years == pytest.approx(math.log(2) / math.log(2.4), rel=1e-9)
    lo, hi = fit.band(years)
    assert np.allclose(lo, fit.predict(years)) and np.allclose(hi, fit.predict(years))


def test_growth_rate_rejects_bad_input():
    with pytest.raises(cost.CostError, match="at least 3 points"):
        cost.growth_rate([2020, 2021], [1, 2])
    with pytest.raises(cost.CostError, match=r"usd must be in \(0, inf\), got -1"):
        cost.growth_rate([2020, 2021, 2022], [1, -1, 2])


def test_decimal_year():
    assert cost.decimal_year("2023-07-02") == pytest.approx(2023 + 182 / 365)
    assert cost.decimal_year(["2020-01-01", "2021-01-01"]).tolist() == [2020.0, 2021.0]


# --- the chapter's scenario and claims --------------------------------------------------
