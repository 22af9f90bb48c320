"""The limits model (scalingbook.science.limits) against Sevilla et al. 2024, Villalobos et al. 2024 and
Muennighoff et al. 2023 (published-numbers.md sections 7 and 8), plus its identities."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scalingbook import hardware, laws, limits, params

A = limits.anchors()
M = limits.SEVILLA_2024
# Sevilla et al. 2024's 2030 claims are checked at their own inputs: their data range counts multimodal data.
S = limits.sevilla_2024_inputs()


# --- Sevilla et al. 2024, "Can AI scaling continue through 2030?" ------------------------


def test_sevilla_2024_2e29_feasible_by_2030():
    f = limits.feasible_flops(2030.0, S, A)
    best = min(float(f[k]) for k in limits.CONSTRAINTS)
    assert 1e29 <= best <= 4e29, (
        f"Sevilla et al. 2024: ~2e29 FLOP runs feasible by 2030; the book's binding ceiling is {best:.2e} "
        "(tolerance: within a factor 2)"
    )


def test_sevilla_2024_single_campus_1_to_5_gw_supports_1e28_to_3e29():
    c = np.array([float(limits.feasible_flops(2030.0, M, A, power_gw=gw)["power"]) for gw in (1.0, 5.0)])
    assert np.all((c >= 1e28) & (c <= 3e29)), (
        f"Sevilla et al. 2024: a 1-5 GW campus supports 1e28-3e29 FLOP by 2030; the book gives {c[0]:.2e}-{c[1]:.2e} "
        "(tolerance: both inside the published range)"
    )


def test_sevilla_2024_distributed_45_gw_goes_beyond_a_campus():
    c = float(limits.feasible_flops(2030.0, M, A, power_gw=45.0)["power"])
    assert c > 3e29, (
        f"Sevilla et al. 2024: 2-45 GW distributed networks go beyond a campus's 3e29 FLOP; "
        f"the book gives {c:.2e} at 45 GW"
    )


def test_sevilla_2024_binding_order_power_chips_data_latency():
    f = limits.feasible_flops(2030.0, S, A)
    order = sorted(limits.CONSTRAINTS, key=lambda k: float(f[k]))
    assert order == ["power", "chips", "data", "latency"], (
        f"Sevilla et al. 2024: power binds first, then chips, latency least; the book's 2030 order is {order}"
    )


def test_sevilla_2024_chip_range_20m_to_400m_brackets_2e29():
    t = float(M.run_seconds)
    low, high = (float(limits.chip_limited_flops(M.lab_share * n, M.mfu, t, M.precision_gain)) for n in (20e6, 400e6))
    assert low < 2e29 < high, (
        f"Sevilla et al. 2024: 20M-400M H100-equivalents by 2030 (central 100M) with 2e29 FLOP feasible; "
        f"the book's chip ceilings span {low:.2e}-{high:.2e}, which must contain 2e29"
    )


def test_sevilla_2024_4x_per_year_from_gpt4_is_about_10000x_by_2030():
    ratio = float(limits.trend_flops(2030.0, A.trend_flops, A.trend_year, 4.0)) / A.trend_flops
    assert 5e3 <= ratio <= 2e4, (
        f"Sevilla et al. 2024: 4x per year; 2e29 by 2030 is ~10,000x GPT-4; the trend gives {ratio:,.0f}x "
        "(tolerance: factor 2)"
    )


# --- Villalobos et al. 2024, "Will we run out of data?" ---------------------------------


def test_villalobos_2024_stock_used_up_between_2026_and_2032():
    y = float(limits.data_exhaustion_year(3e14, A.trend_flops, A.trend_year, 4.0, 20.0))
    assert 2026 <= y <= 2032, (
        f"Villalobos et al. 2024: the ~300T-token stock is used up in 2026-2032 (80% CI); the book gives {y:.2f}"
    )


@pytest.mark.parametrize("overtraining, year", [(5.0, 2027.0), (100.0, 2025.0)])
def test_villalobos_2024_overtraining_brings_exhaustion_forward(overtraining, year):
    y = float(limits.data_exhaustion_year(3e14, A.trend_flops, A.trend_year, 4.0, 20.0, overtraining))
    assert abs(y - year) <= 0.75, (
        f"Villalobos et al. 2024: {overtraining:g}x overtraining uses the stock up about {year:g}; the book gives "
        f"{y:.2f} (tolerance: 0.75 year)"
    )


# --- Muennighoff et al. 2023, data-constrained scaling ----------------------------------


@pytest.mark.parametrize(
    "epochs, ratio", [(1.0, 1.0), (2.0, 1.9682), (4.0, 3.7257), (16.387756, 10.7269), (41.0, 15.2442), (101.0, 16.3646)]
)
def test_muennighoff_2023_effective_epochs(epochs, ratio):
    got = float(limits.effective_epochs(epochs))
    assert got == pytest.approx(ratio, rel=1e-4), (
        f"Muennighoff et al. 2023 Eq. 5 (R*_D = 15.387756): D'/U at R = {epochs - 1:g} is {ratio}; got {got} (rel 1e-4)"
    )


def test_muennighoff_2023_repetition_saturates_at_16_39():
    got = float(limits.effective_epochs(1e9))
    assert got == pytest.approx(16.3878, rel=1e-4), (
        f"Muennighoff et al. 2023: D' saturates at U (1 + R*_D) = 16.3878 U; got {got} (rel 1e-4)"
    )


def test_muennighoff_2023_four_epochs_nearly_as_good_as_unique():
    u = 4e14
    n = u * float(limits.effective_epochs(4.0)) / 20.0
    repeated = laws.data_constrained_loss(n, 4 * u, u)
    unique = laws.data_constrained_loss(n, 4 * u, 4 * u)
    gap = repeated / unique - 1
    assert 0 < gap < 0.005, (
        f"Muennighoff et al. 2023: up to ~4 epochs are nearly as good as unique data; "
        f"the C4 fit gives a loss {gap:.3%} higher (tolerance: under 0.5%)"
    )


def test_data_limited_flops_with_four_epochs_uses_effective_tokens():
    u, r = 4e14, 20.0
    expected = 6.0 * (3.7257 * u / r) * (4 * u)
    got = float(limits.data_limited_flops(u, 4.0, r))
    assert got == pytest.approx(expected, rel=1e-4), (
        f"C = 6 N D with N = D'/r, D' = 3.7257 U at 4 epochs (Muennighoff et al. 2023): {expected:.4e}; got {got:.4e}"
    )


def test_data_limited_flops_one_epoch_is_6u2_over_r():
    assert limits.data_limited_flops(4e14, 1.0, 20.0) == pytest.approx(6 * 4e14**2 / 20, rel=1e-12), (
        "C = 6 N D with D = U, N = U / r (Hoffmann et al. 2022, ~20 tokens per parameter): exact"
    )


# --- latency, run length, power --------------------------------------------------------


def test_layers_for_gpt3_175b_is_96():
    got = float(limits.layers_for_params(175e9, 128.0))
    assert got == pytest.approx(96, abs=1), (
        f"Brown et al. 2020 Table 2.1: GPT-3 175B has 96 layers, d_model 12,288 (a = 128), N = 12 layers d_model^2 "
        f"(Kaplan et al. 2020 Eq. 2.1); got {got:.2f} (tolerance 1 layer)"
    )


def test_latency_wall_steps_times_batch_give_the_tokens():
    t, tau, b, r, a, p = 2.4e7, 1e-5, 1.6e7, 20.0, 128.0, 3.0
    c = float(limits.latency_limited_flops(t, tau, b, r, a, p))
    d = math.sqrt(c * r / 6.0)
    steps = t / (p * float(limits.layers_for_params(d / r, a)) * tau)
    assert steps * b == pytest.approx(d, rel=1e-9), "latency wall: D = (t / (p layers(N) tau)) x B must hold at N = D/r"


def test_kaplan_2020_critical_batch_formula():
    assert limits.critical_batch_tokens(1.0) == pytest.approx(2.1e8), (
        "Kaplan et al. 2020 Eq. 1.4: B_crit(L=1) = B* = 2.1e8"
    )
    ratio = limits.critical_batch_tokens(2.0) / limits.critical_batch_tokens(4.0)
    assert ratio == pytest.approx(2 ** (1 / 0.21), rel=1e-12), "Kaplan et al. 2020 Eq. 1.4: B_crit ~ L^(-1/0.21)"


@given(st.floats(min_value=1.05, max_value=50.0))
def test_optimal_run_length_maximises_compute_at_deadline(growth):
    g = math.log(growth)
    length = np.linspace(1e-3, 10 / g, 20_001)
    best = length[np.argmax(np.exp(-g * length) * length)]  # e^{g s}(T - s) with s = T - length
    assert best == pytest.approx(limits.optimal_run_years(growth), rel=2e-3), (
        "Sevilla et al. 2022: a run ending at a deadline maximises compute at length 1 / ln G"
    )


def test_optimal_run_length_at_4x_is_about_nine_months():
    months = 12 * float(limits.optimal_run_years(4.0))
    assert months == pytest.approx(8.66, abs=0.01), f"1 / ln 4 years = 8.66 months; got {months:.3f}"


def test_optimal_run_length_with_epochs_2025_inputs_is_about_nine_months():
    g = 10**0.14 * 3.0  # hardware price-performance x algorithmic progress, not the 4x compute trend
    months = 12 * float(limits.optimal_run_years(g))
    assert 8.0 <= months <= 9.5, (
        f"Epoch AI 2025: ~9 months with 3x/yr algorithmic progress; 1/ln {g:.2f} = {months:.2f}"
    )


def test_wall_watts_matches_cost_model_capacity():
    from scalingbook import cost

    run = cost.training_run(1e25, "H100", 1000, mfu=0.4, pue=1.25)
    assert limits.wall_watts("H100", 1.25) * 1000 / 1e6 == pytest.approx(run.capacity_mw, rel=1e-12), (
        "wall watts per accelerator must equal cost.training_run's peak capacity per accelerator (Epoch cost model)"
    )


@given(st.floats(min_value=0.01, max_value=100.0), st.floats(min_value=1.5, max_value=40.0))
def test_power_limited_flops_is_linear_and_inverts(gw, scale):
    args = (1594.0, 989.4e12, 0.4, 2.4e7, 8.8)
    c = limits.power_limited_flops(gw * 1e9, *args)
    assert limits.power_limited_flops(scale * gw * 1e9, *args) == pytest.approx(scale * c, rel=1e-12)
    assert limits.power_needed_watts(c, *args) == pytest.approx(gw * 1e9, rel=1e-12)


@given(st.floats(min_value=1.0, max_value=1e4), st.floats(min_value=1.0, max_value=1e4))
def test_more_epochs_never_give_less_compute_and_worth_saturates(e1, e2):
    lo, hi = sorted((e1, e2))
    assert limits.data_limited_flops(1e14, lo) <= limits.data_limited_flops(1e14, hi) * (1 + 1e-12)
    assert limits.effective_epochs(hi) <= 1 + laws.MUENNIGHOFF_2023.rd_star


def test_log_interp_hits_its_anchors():
    v = limits.log_interp(np.array([2025.0, 2030.0, 2027.5]), 2025.0, 1e5, 2030.0, 2e7)
    np.testing.assert_allclose(
        v,
        [1e5, 2e7, math.sqrt(1e5 * 2e7)],
        rtol=1e-12,
        err_msg="geometric path through both anchors; midpoint is the geometric mean",
    )


# --- the package as a whole -------------------------------------------------------------


def test_anchors_come_from_the_frontier_table():
    assert (A.trend_model, A.trend_flops) == ("GPT-4", 2.1e25), "Epoch AI Notable AI Models: GPT-4 2.1e25 FLOP"
    assert A.cluster_h100 == 100_000 and A.cluster_model == "Grok-3", "largest H100 cluster in the table: Grok-3"


def test_sweep_of_10000_scenarios_is_one_call():
    years = np.linspace(2024, 2030, 10_000)
    f = limits.feasible_flops(years, M, A)
    assert all(np.shape(f[k]) == (10_000,) for k in (*limits.CONSTRAINTS, "trend"))
    assert np.all(np.diff(f["power"]) > 0) and np.all(np.diff(f["chips"]) > 0), "power and chips grow to 2030"


def test_ceilings_stop_at_the_2030_projections():
    # after 2030 power and chips grew ~3x a year to 14,750 GW and 4.6 billion H100s for one run
    f = limits.feasible_flops(np.array([2030.0, 2035.0, 2040.0]), M, A)
    assert np.allclose(f["power"], f["power"][0]) and np.allclose(f["chips"], f["chips"][0]), (
        "Sevilla et al. 2024 project power (1-5 GW campuses) and chips (~100M H100e) to 2030 only: ceilings stay there"
    )
    assert params.schema("scaling-limits")[0].high == 2030, "target_year is kept to the 2030 horizon"
    assert all(v <= 2030.0 or v == math.inf for v in limits.crossing_years(M, A).values())


def test_chips_of_2030_draw_7_gw_not_32():
    gw = float(limits.chips_power_gw(20e6, 2030.0, M))
    assert gw == pytest.approx(20e6 * 1594.5 / 1.28**6 / 1e9, rel=1e-3), (
        "20M H100-equivalents at 1,594 W are 32 GW only with 2024 chips; with the chapter's 1.28x/yr "
        f"efficiency gain they need about 7.3 GW; book {gw:.2f} GW"
    )
    assert 7.0 < gw < 7.5


def test_data_wall_one_pass_over_400t_is_4_8e28_near_sevillas_low_end():
    c = float(limits.feasible_flops(2030.0, replace(M, multimodal_multiplier=1.0), A)["data"])
    assert c == pytest.approx(6 * (4e14) ** 2 / 20, rel=1e-12), "one pass over 400T tokens at 20 tokens/param"
    assert c == pytest.approx(5e28, rel=0.05) and c < limits.SEVILLA_2024_DATA_FLOPS[0], (
        "one pass over ~400T tokens of text gives about 5e28, below Sevilla et al.'s low end 6e28"
    )


def test_defaults_sit_at_the_middle_of_sevillas_published_ranges():
    assert M.campus_gw == pytest.approx((1 * 5) ** 0.5, rel=1e-3) and M.network_gw == pytest.approx(
        (2 * 45) ** 0.5, rel=1e-3
    ), "Sevilla et al. 2024: campuses 1-5 GW, networks 2-45 GW; defaults at the log-scale middle (tolerance 0.1%)"
    assert M.unique_tokens == pytest.approx((4e14 * 2e16) ** 0.5, rel=1e-3), (
        "Sevilla et al. 2024: 400T-20 quadrillion tokens; default the log-scale middle, 2.83e15 (tolerance 0.1%)"
    )
    assert M.chips_millions == 100.0, "Sevilla et al. 2024: central estimate 100M H100-equivalents"
    f = limits.feasible_flops(2030.0, M, A)
    lo, hi = limits.SEVILLA_2024_DATA_FLOPS
    assert 1e28 <= float(f["power"]) <= 3e29 and lo <= float(f["data"]) <= hi, (
        "at the medians the power ceiling lies in Sevilla et al.'s 1e28-3e29 and the data ceiling in 6e28-2e32"
    )
    assert sorted(limits.CONSTRAINTS, key=lambda k: float(f[k])) == ["power", "chips", "data", "latency"], (
        "Sevilla et al. 2024: power binds first, then chips; latency least"
    )


def test_extra_epochs_stop_adding_data_once_repetition_saturates():
    sat = limits.SATURATION_EPOCHS
    assert sat == 16.0, "Muennighoff et al. 2023: returns to repetition fall to about zero around 16 epochs"
    at = float(limits.data_limited_flops(4e14, sat))
    assert float(limits.data_limited_flops(4e14, 1000.0)) == at, "epochs past saturation add no data (was 250x more)"
    assert float(limits.data_limited_flops(4e14, 4.0)) == pytest.approx(
        6 * 4e14 * 4 * 4e14 * float(limits.effective_epochs(4.0)) / 20
    ), "4 epochs over 400T: 7.2e29 (double counting)"


def test_run_length_follows_epochs_1_4x_trend_to_9_months():
    months = np.asarray(limits.run_length_months([2025.13, 2027.0, 2030.0, 2035.0], M))
    assert months[0] == pytest.approx(100 / 30.4375, rel=1e-9), "Grok-3's 100 days (data/frontier_models.csv)"
    assert months[1] == pytest.approx(100 / 30.4375 * 1.4 ** (2027 - 2025.13), rel=1e-9), "Epoch AI 2025: ~1.4x/yr"
    assert months[2] == months[3] == 9.0, "Epoch AI 2025: runs beyond ~9 months stop paying off"
    assert float(limits.run_length_months(2030.0, replace(M, run_months=4.0))) == 4.0


def test_every_model_default_has_a_source():
    from dataclasses import fields

    missing = [f.name for f in fields(limits.LimitsModel) if f.name not in limits.SOURCES]
    assert not missing, f"defaults without a source: {missing}"


def test_chapter_schema_defaults_agree_with_the_model():
    from scalingbook.pages.scaling_limits import model_from_params

    model = model_from_params(params.validate("scaling-limits"))
    assert model == replace(M), "the chapter's default parameters must give Sevilla et al. 2024's default model"


def test_distributed_switch_uses_the_network_power():
    a = float(limits.feasible_flops(2030.0, replace(M, distributed=True), A)["power"])
    b = float(limits.feasible_flops(2030.0, M, A, power_gw=M.network_gw)["power"])
    assert a == pytest.approx(b, rel=1e-12)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: limits.power_limited_flops(1e9, 1594.0, 989e12, 1.5, 1e7), "mfu must be in (0, 1], got 1.5"),
        (lambda: limits.data_limited_flops(1e14, 0.5), "epochs must be in [1, inf), got 0.5"),
        (lambda: limits.optimal_run_years(1.0), "growth_per_year must be in (1, inf), got 1"),
        (lambda: limits.wall_watts("H100", 0.9), "pue must be in [1, 3], got 0.9"),
    ],
)
def test_errors_name_argument_range_and_value(call, message):
    with pytest.raises(
        limits.LimitsError,
        match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[").replace("]", r"\]"),
    ):
        call()


def test_run_costs_h100_2e29_needs_tens_of_millions_of_chips():
    df = limits.run_costs([1e27, 2e29], ["H100"], M)
    n = df.set_index("train_flops")["accelerators"]
    peak = hardware.accelerator("H100").peak_flops
    assert n[2e29] == pytest.approx(2e29 / (peak * M.mfu * float(M.run_seconds)), rel=1e-9), "n = C / (peak x MFU x t)"
    assert df["wall_power_2030_gw"].iloc[1] < df["peak_power_gw"].iloc[1], "2030 hardware needs less power than H100s"


def test_run_length_payoff_peaks_at_one_at_the_optimal_length():
    best = float(limits.optimal_run_years(4.0))
    assert limits.run_length_payoff(best, 4.0) == pytest.approx(1.0, rel=1e-12)
    assert limits.run_length_payoff(np.array([0.5, 1.5]) * best, 4.0).max() < 1.0


def test_sweep_matches_single_evaluations():
    df = limits.sweep(2030.0, M, A, run_months=[3.0, 9.0], power_gw=[1.0, 45.0])
    for row in df.itertuples():
        one = limits.feasible_flops(2030.0, replace(M, run_months=row.run_months), A, power_gw=row.power_gw)
        assert row.power == pytest.approx(float(one["power"]), rel=1e-12)
        assert row.latency == pytest.approx(float(one["latency"]), rel=1e-12)
    assert set(df["binding"]) <= set(limits.CONSTRAINTS)
