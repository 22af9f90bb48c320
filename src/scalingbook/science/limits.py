"""How large can a training run be in a given year? Four walls and the run length.

A deliberately transparent model of the largest feasible training run, after Sevilla et al.
2024 ("Can AI scaling continue through 2030?", Epoch AI). Each constraint gives a ceiling on
training compute C (FLOP) in a year; the smallest ceiling binds.

* power: C = P / W x peak x e(y) x q x MFU x t. P: watts available to the run (one campus or
  a distributed network); W: wall watts per accelerator (TDP x server/chip power x PUE, as
  :func:`scalingbook.science.cost.training_run`'s capacity); peak: dense BF16 FLOP/s; e(y): FLOP/s per
  watt improvement since 2024; q: low-precision (FP8) gain; t: run length, seconds.
* chips: C = n x peak_H100 x q x MFU x t, n the H100-equivalents one run can hold
  (a lab's share of all AI chips produced).
* data: U unique tokens (text stock x multimodal x synthetic multipliers) seen for e epochs;
  repeated tokens are worth D' = U + U R* (1 - exp(-(e - 1)/R*)) fresh ones (Muennighoff et
  al. 2023); the model is sized for D' at r tokens per parameter, N = D'/r, so C = 6 N e U.
  Epochs past 16, where Muennighoff et al. find repetition adds about nothing, add no data.
  Defaults: one pass over the middle (log scale) of Sevilla et al. 2024's 400T-20 quadrillion
  tokens, 2.8 quadrillion, C = 6 U^2 / r = 2.4e30 FLOP (text alone, 400T: 4.8e28).
* latency: each optimizer step takes at least p x layers x tau seconds (p sequential passes
  over every layer, tau seconds per layer); a run of t seconds has at most S = t / step steps
  of B tokens (the critical batch). With layers = (N / (12 a^2))^(1/3) (N = 12 layers
  d_model^2, Kaplan et al. 2020 Eq. 2.1; d_model = a x layers) and N = D / r this gives
  D = [t B (12 r a^2)^(1/3) / (p tau)]^(3/4) and C = 6 D^2 / r.
* run length: runs grow about 1.4x a year from today's ~3 months (Grok-3: 100 days) up to
  about 9 months, beyond which waiting for better hardware and algorithms beats training
  longer (Epoch AI 2025, "Frontier LLM training runs can't get much longer"). The bound is
  L* = 1 / ln G with G the growth of what a fixed budget buys per year (hardware
  price-performance x algorithmic efficiency), not the total compute trend, which already
  includes longer runs.

Power and chips grow from the largest cluster in the book's frontier table (Grok-3: 100,000
H100, Feb 2025) to their 2030 values, geometrically (log-linear in time), and stop there: the
sources project no further, so the model's horizon is 2030. Power is peak facility power
throughout (TDP x server/chip power x PUE, Epoch's convention; campus sizes are capacities).
Data and latency do not change with the year. The compute trend grows 4x per
year from GPT-4 (2.1e25 FLOP, March 2023). Every default is a named constant in
:class:`LimitsModel` with its source. All functions broadcast numpy arrays, so a sweep of
10,000 scenarios is one call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..sources import tables as _data
from . import arrays as _arrays
from . import cost as _cost
from . import hardware as _hw
from . import laws as _laws
from .arrays import scalar_or_array as _out

__all__ = [
    "LimitsError",
    "LimitsModel",
    "SEVILLA_2024",
    "SOURCES",
    "CONSTRAINTS",
    "SECONDS_PER_MONTH",
    "SATURATION_EPOCHS",
    "HORIZON_YEAR",
    "run_length_months",
    "KAPLAN_B_STAR_TOKENS",
    "KAPLAN_ALPHA_B",
    "log_interp",
    "wall_watts",
    "power_limited_flops",
    "power_needed_watts",
    "chip_limited_flops",
    "effective_epochs",
    "data_limited_flops",
    "layers_for_params",
    "latency_limited_flops",
    "critical_batch_tokens",
    "optimal_run_years",
    "run_length_payoff",
    "trend_flops",
    "data_exhaustion_year",
    "Anchors",
    "anchors",
    "feasible_flops",
    "efficiency_gain",
    "chips_power_gw",
    "feasible_table",
    "binding",
    "sweep",
    "crossing_years",
    "run_costs",
    "power_needed_gw",
    "repetition_table",
    "SEVILLA_2024_DATA_FLOPS",
    "SEVILLA_2024_WATTS_PER_H100",
    "sevilla_2024_inputs",
    "model_wall_watts",
]

#: One month of a Julian year, seconds (cost.SECONDS_PER_YEAR / 12).
SECONDS_PER_MONTH = _cost.SECONDS_PER_YEAR / 12.0

#: Kaplan et al. 2020, Eq. 1.4 / Table 5: critical batch B_crit(L) = B* / L^(1/alpha_B),
#: B* = 2.1e8 tokens, alpha_B = 0.21 (L in nats/token on WebText2).
KAPLAN_B_STAR_TOKENS = 2.1e8
KAPLAN_ALPHA_B = 0.21

#: Epochs past which repeated data adds about nothing (Muennighoff et al. 2023: returns fall to
#: about zero around 16 epochs, R*_D = 15.4); the data ceiling counts no epoch beyond it.
SATURATION_EPOCHS = 16.0

#: The last year the sources project power and chips for (Sevilla et al. 2024): the model's horizon.
HORIZON_YEAR = 2030.0

#: The four constraints, in the order Sevilla et al. 2024 rank them (most binding first).
CONSTRAINTS = ("power", "chips", "data", "latency")


class LimitsError(ValueError):
    """An argument of the limits model is outside its allowed range; the message names it."""


def _arr(x: ArrayLike, name: str) -> np.ndarray:
    return _arrays.as_floats(x, name, LimitsError)


def _check(
    x: ArrayLike, name: str, low: float, high: float = math.inf, *, low_open: bool = False, high_open: bool = False
) -> np.ndarray:
    return _arrays.check_range(x, name, low, high, low_open=low_open, high_open=high_open, error=LimitsError)


# ---------------------------------------------------------------------------------------
# the model's constants
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LimitsModel:
    """Every assumption of the limits model, with defaults from the sources in :data:`SOURCES`.

    Units: GW for power, W for ``wall_watts`` (0 = derive from the accelerator and PUE),
    months for ``run_months``, tokens for ``stock_tokens`` and ``batch_tokens``, microseconds
    for ``layer_latency_us``, millions of H100-equivalents for ``chips_millions``; the rest are
    dimensionless factors or shares.
    """

    accelerator: str = "H100"
    campus_gw: float = 2.236
    network_gw: float = 9.487
    distributed: bool = False
    pue: float = 1.25
    wall_watts: float = 0.0
    efficiency_growth: float = 1.28
    efficiency_base_year: float = 2024.0
    precision_gain: float = 2.0
    mfu: float = 0.4
    run_months: float = 0.0
    run_base_days: float = 100.0
    run_base_year: float = 2025.13
    run_growth: float = 1.4
    max_run_months: float = 9.0
    chips_millions: float = 100.0
    lab_share: float = 0.2
    stock_tokens: float = 4e14
    multimodal_multiplier: float = 7.071
    synthetic_multiplier: float = 1.0
    max_epochs: float = 1.0
    tokens_per_param: float = 20.0
    layer_latency_us: float = 10.0
    passes_per_step: float = 3.0
    aspect_ratio: float = 128.0
    batch_tokens: float = 1.6e7
    trend_growth: float = 4.0
    target_year_of_values: float = 2030.0

    @property
    def run_seconds(self) -> np.ndarray | float:
        """Run length in the target year of the values (2030), seconds (:func:`run_length_months`)."""
        return _out(np.asarray(run_length_months(self.target_year_of_values, self)) * SECONDS_PER_MONTH)

    @property
    def layer_latency_s(self) -> float:
        return self.layer_latency_us * 1e-6

    @property
    def unique_tokens(self) -> float:
        """Usable unique tokens U: text stock x multimodal x synthetic multipliers."""
        return self.stock_tokens * self.multimodal_multiplier * self.synthetic_multiplier

    @property
    def power_gw(self) -> np.ndarray | float:
        """The power one run can draw in 2030: the distributed network's or one campus's."""
        return _out(np.where(self.distributed, self.network_gw, self.campus_gw))


#: Where each default of :class:`LimitsModel` comes from.
SOURCES: dict[str, str] = {
    "accelerator": "H100: the reference chip of Sevilla et al. 2024 (H100-equivalents)",
    "campus_gw": "Sevilla et al. 2024: single campuses of 1-5 GW by 2030; default the middle on a log scale, 2.24 GW",
    "network_gw": "Sevilla et al. 2024: distributed networks of 2-45 GW; default the middle on a log scale, 9.49 GW",
    "distributed": "book's choice: one campus",
    "pue": "Cottier et al. 2024 cost model: 1.25 outside hyperscalers (1.1 for them)",
    "wall_watts": "derived: TDP x server/chip power (Epoch cost model) x PUE; H100 1,594 W",
    "efficiency_growth": "FLOP/s per watt of ML GPUs x1.28 per year, as summaries of Sevilla et al. 2024 report it "
    "(not re-checked in the report's text)",
    "efficiency_base_year": "Sevilla et al. 2024's baseline year (H100 the state of the art)",
    "precision_gain": "FP8 over BF16 peak: 2x for the H200 and B200 in data/gpu_specs.csv; Sevilla et al. 2024 assume 8-bit training",
    "mfu": "Llama 3.1-405B's reported 40% (data/frontier_models.csv)",
    "run_months": "0 = follow the run-length trend (run_base_days x run_growth per year, at most max_run_months)",
    "run_base_days": "Grok-3's 100 days (Feb 2025), the longest run in data/frontier_models.csv (GPT-4 95, Llama 3.1 89)",
    "run_base_year": "Grok-3's publication, 2025-02-17",
    "run_growth": "Epoch AI 2025: frontier training runs have grown about 1.4x per year",
    "max_run_months": "Epoch AI 2025: runs longer than about 9 months stop paying off (hardware + 3x/yr algorithmic progress)",
    "chips_millions": "Sevilla et al. 2024: ~100M H100-equivalents by 2030 (20M-400M)",
    "lab_share": "book's assumption: one lab's run holds a fifth of the chips",
    "stock_tokens": "Sevilla et al. 2024: ~400T tokens of text (Villalobos et al. 2024's ~300T effective stock "
    "already allows for multi-epoch training)",
    "multimodal_multiplier": "Sevilla et al. 2024: 400T (text) to 20 quadrillion tokens (with images, audio and video), "
    "a multiplier of 1 to 50; default the middle on a log scale, 7.07 (2.8 quadrillion tokens)",
    "synthetic_multiplier": "book's assumption: no synthetic data",
    "max_epochs": "one pass: the stock already allows for repetition (Villalobos et al. 2024); Muennighoff et al. 2023 "
    "find ~4 epochs nearly as good as new data and about nothing gained past 16",
    "tokens_per_param": "Hoffmann et al. 2022, approaches 1-2: ~20 tokens per parameter",
    "layer_latency_us": "book's assumption: ~10 microseconds per layer pass (kernel and communication latency)",
    "passes_per_step": "book's assumption: a forward and a backward pass ~ 3 sequential passes over the layers",
    "aspect_ratio": "d_model / layers = 128, as GPT-3 175B (12,288 / 96; Brown et al. 2020)",
    "batch_tokens": "16M tokens: Llama 3.1-405B's final batch size (Llama Team 2024)",
    "trend_growth": "Sevilla et al. 2024: training compute grows ~4x per year",
    "target_year_of_values": "the year of Sevilla et al. 2024's projections",
}

#: The model with every default: Sevilla et al. 2024's central value where they give one (100M
#: H100-equivalents), else the middle on a log scale of their published range (1-5 GW campus,
#: 2-45 GW network, 400T-20 quadrillion tokens), so that every constraint sits at the same point
#: of its range.
SEVILLA_2024 = LimitsModel()

#: Sevilla et al. 2024: about 1,700 W of facility power per H100 (chip, server share and data-centre
#: overhead); 16,384 H100 of Llama 3.1-405B's cluster x 1,700 W = 27.9 MW, their "~27 MW".
SEVILLA_2024_WATTS_PER_H100 = 1700.0

#: Sevilla et al. 2024: the data stock (400T to 20 quadrillion tokens, multimodal included)
#: supports 6e28 to 2e32 FLOP by 2030.
SEVILLA_2024_DATA_FLOPS = (6e28, 2e32)


def sevilla_2024_inputs(model: LimitsModel = SEVILLA_2024) -> LimitsModel:
    """The model at Sevilla et al. 2024's own inputs for their 2030 claims: ``model`` with the
    multimodal multiplier set so that one pass over the stock gives the middle (on a log scale)
    of their 6e28-2e32 FLOP data range, which counts multimodal data. (The summaries the book
    checked give the range, not a central value; the middle is the book's reading.)"""
    mid = math.sqrt(SEVILLA_2024_DATA_FLOPS[0] * SEVILLA_2024_DATA_FLOPS[1])
    tokens = math.sqrt(mid * model.tokens_per_param / 6.0)
    return replace(
        model, multimodal_multiplier=tokens / (model.stock_tokens * model.synthetic_multiplier), max_epochs=1.0
    )


# ---------------------------------------------------------------------------------------
# building blocks
# ---------------------------------------------------------------------------------------


def log_interp(year: ArrayLike, year0: float, value0: ArrayLike, year1: float, value1: ArrayLike) -> np.ndarray | float:
    """Geometric path through (year0, value0) and (year1, value1), extended both ways:
    v(y) = v0 x (v1 / v0)^((y - y0) / (y1 - y0)). Values > 0; year0 != year1."""
    if year1 == year0:
        raise LimitsError(f"year1 must differ from year0, got {year1:g} twice")
    v0 = _check(value0, "value0", 0, low_open=True)
    v1 = _check(value1, "value1", 0, low_open=True)
    y = _arr(year, "year")
    return _out(v0 * (v1 / v0) ** ((y - year0) / (year1 - year0)))


def wall_watts(accelerator: str = "H100", pue: ArrayLike = 1.25) -> np.ndarray | float:
    """Peak power per accelerator at the wall, W: chip TDP x server/chip power x PUE (the
    server ratio of Epoch's cost model, Cottier et al. 2024; the same peak as
    ``cost.training_run(...).capacity_mw``). H100 at PUE 1.25: 700 x 1.82 x 1.25 = 1,594 W,
    near the ~1,700 W Sevilla et al. 2024 use."""
    acc = _hw.accelerator(accelerator)
    p = _check(pue, "pue", 1.0, 3.0)
    if math.isnan(acc.tdp_watts):
        raise LimitsError(f"accelerator {acc.name} has no published TDP; pass wall watts explicitly")
    return _out(acc.tdp_watts * acc.chip_to_server_power * p)


def power_limited_flops(
    power_watts: ArrayLike,
    watts_per_accelerator: ArrayLike,
    peak_flops: ArrayLike,
    mfu: ArrayLike,
    seconds: ArrayLike,
    efficiency_gain: ArrayLike = 1.0,
) -> np.ndarray | float:
    """Largest run a power budget allows: C = P / W x peak x g x MFU x t, FLOP.

    power_watts: P, W at the wall; watts_per_accelerator: W, wall W each; peak_flops: dense
    FLOP/s each; mfu in (0, 1]; seconds: run length t; efficiency_gain: g >= 1, FLOP per joule
    relative to that accelerator (hardware progress x low precision). Sevilla et al. 2024:
    1-5 GW campuses support 1e28-3e29 FLOP by 2030.
    """
    p = _check(power_watts, "power_watts", 0, low_open=True)
    w = _check(watts_per_accelerator, "watts_per_accelerator", 0, low_open=True)
    peak = _check(peak_flops, "peak_flops", 0, low_open=True)
    u = _check(mfu, "mfu", 0, 1, low_open=True)
    t = _check(seconds, "seconds", 0, low_open=True)
    g = _check(efficiency_gain, "efficiency_gain", 0, low_open=True)
    return _out(p / w * peak * g * u * t)


def power_needed_watts(
    train_flops: ArrayLike,
    watts_per_accelerator: ArrayLike,
    peak_flops: ArrayLike,
    mfu: ArrayLike,
    seconds: ArrayLike,
    efficiency_gain: ArrayLike = 1.0,
) -> np.ndarray | float:
    """Wall power a run of C FLOP needs, W: P = C x W / (peak x g x MFU x t) (the inverse of
    :func:`power_limited_flops`; same units)."""
    c = _check(train_flops, "train_flops", 0, low_open=True)
    one_watt = np.asarray(power_limited_flops(1.0, watts_per_accelerator, peak_flops, mfu, seconds, efficiency_gain))
    return _out(c / one_watt)


def chip_limited_flops(
    h100_equivalents: ArrayLike, mfu: ArrayLike, seconds: ArrayLike, precision_gain: ArrayLike = 1.0
) -> np.ndarray | float:
    """Largest run the chips one lab holds allow: C = n x peak_H100 x q x MFU x t, FLOP.

    h100_equivalents: n, chips counted by dense BF16 FLOP/s in H100 units (989.4 TFLOP/s,
    data/gpu_specs.csv); q: low-precision gain; mfu in (0, 1]; seconds: run length.
    """
    n = _check(h100_equivalents, "h100_equivalents", 0, low_open=True)
    u = _check(mfu, "mfu", 0, 1, low_open=True)
    t = _check(seconds, "seconds", 0, low_open=True)
    q = _check(precision_gain, "precision_gain", 0, low_open=True)
    return _out(n * _hw.accelerator("H100").peak_flops * q * u * t)


def effective_epochs(epochs: ArrayLike, law: _laws.DataConstrainedLaw = _laws.MUENNIGHOFF_2023) -> np.ndarray | float:
    """Fresh-data equivalent of e epochs, D'/U = 1 + R* (1 - exp(-(e - 1) / R*)) (Muennighoff
    et al. 2023, Eq. 5; R* = 15.39). 4 epochs are worth 3.73 fresh ones; the limit is 16.39."""
    e = _check(epochs, "epochs", 1.0)
    return _out(np.asarray(law.effective_tokens(e, 1.0), dtype=float))


def data_limited_flops(
    unique_tokens: ArrayLike,
    epochs: ArrayLike = 1.0,
    tokens_per_param: ArrayLike = 20.0,
    law: _laws.DataConstrainedLaw = _laws.MUENNIGHOFF_2023,
) -> np.ndarray | float:
    """Largest compute-optimal run a data stock allows: C = 6 N D, FLOP, with D = e U tokens
    seen, N = D' / r sized for the effective tokens D' = U x :func:`effective_epochs`.

    unique_tokens: U, tokens; epochs: e >= 1; tokens_per_param: r (Hoffmann et al. 2022: ~20).
    At e = 1 this is C = 6 U^2 / r (400T tokens, r = 20: 4.8e28 FLOP). Epochs beyond
    :data:`SATURATION_EPOCHS` (16) count as 16: further repetition adds no data.
    """
    u = _check(unique_tokens, "unique_tokens", 0, low_open=True)
    e = np.minimum(_check(epochs, "epochs", 1.0), SATURATION_EPOCHS)
    r = _check(tokens_per_param, "tokens_per_param", 0, low_open=True)
    d_eff = u * np.asarray(effective_epochs(e, law), dtype=float)
    return _out(6.0 * (d_eff / r) * (e * u))


def layers_for_params(n_params: ArrayLike, aspect_ratio: ArrayLike = 128.0) -> np.ndarray | float:
    """Layers of a dense transformer with N = 12 layers d_model^2 (Kaplan et al. 2020, Eq. 2.1)
    and d_model = a x layers: layers = (N / (12 a^2))^(1/3). GPT-3 175B (a = 128) -> 96."""
    n = _check(n_params, "n_params", 0, low_open=True)
    a = _check(aspect_ratio, "aspect_ratio", 0, low_open=True)
    return _out((n / (12.0 * a**2)) ** (1.0 / 3.0))


def latency_limited_flops(
    seconds: ArrayLike,
    layer_latency_s: ArrayLike = 1e-5,
    batch_tokens: ArrayLike = 1.6e7,
    tokens_per_param: ArrayLike = 20.0,
    aspect_ratio: ArrayLike = 128.0,
    passes_per_step: ArrayLike = 3.0,
) -> np.ndarray | float:
    """Largest run the latency wall allows, FLOP (module docstring):
    D = [t B (12 r a^2)^(1/3) / (p tau)]^(3/4) tokens, C = 6 D^2 / r.

    seconds: run length t; layer_latency_s: tau, the least time for one pass over one layer;
    batch_tokens: B, tokens per step (at most the critical batch); tokens_per_param: r;
    aspect_ratio: a = d_model / layers; passes_per_step: p sequential passes per step.
    Erdil & Schneider-Joseph 2024 put this wall near 2e31 FLOP.
    """
    t = _check(seconds, "seconds", 0, low_open=True)
    tau = _check(layer_latency_s, "layer_latency_s", 0, low_open=True)
    b = _check(batch_tokens, "batch_tokens", 0, low_open=True)
    r = _check(tokens_per_param, "tokens_per_param", 0, low_open=True)
    a = _check(aspect_ratio, "aspect_ratio", 0, low_open=True)
    p = _check(passes_per_step, "passes_per_step", 0, low_open=True)
    d = (t * b * (12.0 * r * a**2) ** (1.0 / 3.0) / (p * tau)) ** 0.75
    return _out(6.0 * d**2 / r)


def critical_batch_tokens(loss: ArrayLike) -> np.ndarray | float:
    """Critical batch size B_crit = B* / L^(1/alpha_B), tokens (Kaplan et al. 2020, Eq. 1.4;
    B* = 2.1e8 tokens, alpha_B = 0.21; L in nats/token on WebText2). B_crit grows as loss falls."""
    loss_a = _check(loss, "loss", 0, low_open=True)
    return _out(KAPLAN_B_STAR_TOKENS / loss_a ** (1.0 / KAPLAN_ALPHA_B))


def run_length_months(year: ArrayLike, model: LimitsModel) -> np.ndarray | float:
    """Length of the largest run in ``year``, months: ``run_months`` when set (> 0), else the
    trend run_base_days x run_growth^(year - run_base_year), capped at max_run_months (Epoch AI
    2025: runs grow ~1.4x a year and stop paying off beyond ~9 months). Years are taken no later
    than :data:`HORIZON_YEAR`. Default: 100 days in Feb 2025 -> 6.2 months in 2027, 9 months from
    2028.1 on."""
    y = np.minimum(_arr(year, "year"), HORIZON_YEAR)
    fixed = np.asarray(model.run_months, dtype=float)
    trend = model.run_base_days / (SECONDS_PER_MONTH / 86_400.0) * model.run_growth ** (y - model.run_base_year)
    return _out(np.where(fixed > 0, fixed, np.minimum(trend, model.max_run_months)))


def optimal_run_years(growth_per_year: ArrayLike) -> np.ndarray | float:
    """Longest worthwhile run, years: 1 / ln G (Sevilla et al. 2022, "The longest training run").

    A run ending at a deadline T that starts at s gets compute e^(g s) (T - s), with g = ln G the
    growth rate of what a fixed budget buys per unit time (hardware price-performance x
    algorithmic efficiency), not the compute trend, which already includes longer runs; it
    peaks at T - s = 1/g. Epoch AI 2025: 10^0.14 (1.38x) hardware x 3x algorithms = 4.14x per
    year gives 0.70 years (8.5 months, "about 9").
    """
    g = _check(growth_per_year, "growth_per_year", 1.0, low_open=True)
    return _out(1.0 / np.log(g))


def run_length_payoff(run_years: ArrayLike, growth_per_year: ArrayLike) -> np.ndarray | float:
    """Compute of a run lasting L years that ends at a fixed deadline, relative to the best
    length L* = 1 / ln G: (L G^-L) / (L* G^-L*) (Sevilla et al. 2022's framework). Peaks at 1."""
    length = _check(run_years, "run_years", 0, low_open=True)
    g = np.log(_check(growth_per_year, "growth_per_year", 1.0, low_open=True))
    best = 1.0 / g
    return _out(length * np.exp(-g * length) / (best * np.exp(-1.0)))


def trend_flops(
    year: ArrayLike, base_flops: float, base_year: float, growth_per_year: ArrayLike = 4.0
) -> np.ndarray | float:
    """The compute trend C(y) = C0 x G^(y - y0), FLOP (Sevilla et al. 2024: G ~ 4 per year)."""
    c0 = float(_check(base_flops, "base_flops", 0, low_open=True))
    g = _check(growth_per_year, "growth_per_year", 0, low_open=True)
    return _out(c0 * g ** (_arr(year, "year") - base_year))


def data_exhaustion_year(
    stock_tokens: ArrayLike,
    base_flops: float,
    base_year: float,
    growth_per_year: ArrayLike = 4.0,
    tokens_per_param: ArrayLike = 20.0,
    overtraining: ArrayLike = 1.0,
) -> np.ndarray | float:
    """Year the trend's compute-optimal dataset reaches the stock of tokens.

    The trend run of C FLOP trains on D = sqrt(C r k / 6) tokens (C = 6 N D, D = r k N; k the
    overtraining factor), so D grows by sqrt(G) per year; solved with
    :func:`scalingbook.science.laws.data_exhaustion_year`. Villalobos et al. 2024: the ~300T-token stock
    is used up between 2026 and 2032, about 2027 at 5x and 2025 at 100x overtraining.
    """
    r = _check(tokens_per_param, "tokens_per_param", 0, low_open=True)
    k = _check(overtraining, "overtraining", 1.0)
    g = _check(growth_per_year, "growth_per_year", 1.0, low_open=True)
    c0 = float(_check(base_flops, "base_flops", 0, low_open=True))
    d0 = np.sqrt(c0 * r * k / 6.0)
    return _laws.data_exhaustion_year(stock_tokens, d0, base_year, np.sqrt(g))


# ---------------------------------------------------------------------------------------
# anchors from the book's tables
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchors:
    """Observed starting points, from data/frontier_models.csv (Epoch AI).

    trend_model / trend_flops / trend_year: the run the 4x-per-year trend starts from (GPT-4);
    cluster_model / cluster_h100 / cluster_year: the largest cluster in the table (Grok-3,
    100,000 H100), where the power and chip paths start.
    """

    trend_model: str
    trend_flops: float
    trend_year: float
    cluster_model: str
    cluster_h100: float
    cluster_year: float


def anchors(models: pd.DataFrame | None = None) -> Anchors:
    """The :class:`Anchors` from the frontier table (read from data/ when not given)."""
    df = _data.read_table("frontier_models") if models is None else models
    years = _cost.decimal_year(df["publication_date"].to_numpy())
    gpt4 = df.index[df["model"] == "GPT-4"]
    if len(gpt4) == 0:
        raise LimitsError("the frontier table has no row 'GPT-4' to anchor the compute trend")
    i = gpt4[0]
    pos = df.index.get_loc(i)
    h100 = df["training_hardware"].astype(str).str.contains("H100") & df["hardware_quantity"].notna()
    if not h100.any():
        raise LimitsError("the frontier table has no H100 cluster with a known size")
    j = df.loc[h100, "hardware_quantity"].astype(float).idxmax()
    return Anchors(
        "GPT-4",
        float(df.at[i, "training_compute_flop"]),
        float(np.asarray(years)[pos]),
        str(df.at[j, "model"]),
        float(df.at[j, "hardware_quantity"]),
        float(np.asarray(years)[df.index.get_loc(j)]),
    )


# ---------------------------------------------------------------------------------------
# the four walls per year
# ---------------------------------------------------------------------------------------


def efficiency_gain(year: ArrayLike, model: LimitsModel = SEVILLA_2024) -> np.ndarray | float:
    """FLOP per joule relative to the 2024 accelerator: efficiency_growth^(year - 2024) x
    precision_gain, with the year taken no later than the 2030 horizon (2030, defaults: 1.28^6
    x 2 = 8.8)."""
    y = np.minimum(_arr(year, "year"), model.target_year_of_values)
    return _out(model.efficiency_growth ** np.maximum(y - model.efficiency_base_year, 0.0) * model.precision_gain)


def model_wall_watts(model: LimitsModel) -> np.ndarray:
    """Peak facility watts per accelerator of ``model``: its ``wall_watts`` when set (> 0), else
    :func:`wall_watts` of its accelerator at its PUE."""
    given = np.asarray(model.wall_watts, dtype=float)
    return np.where(given > 0, given, np.asarray(wall_watts(model.accelerator, model.pue)))


_model_wall_watts = model_wall_watts


def feasible_flops(
    year: ArrayLike, model: LimitsModel = SEVILLA_2024, anchor: Anchors | None = None, power_gw: float | None = None
) -> dict[str, np.ndarray | float]:
    """Largest feasible run in each ``year`` under each constraint, FLOP, and the trend.

    Returns a dict: "power", "chips", "data", "latency", "trend" (arrays shaped like ``year``).
    Power grows geometrically from the anchor cluster's peak facility power to ``power_gw``
    (default: the model's campus or network) in 2030; chips from the anchor cluster's H100s to
    lab_share x chips_millions; both stop at their 2030 values (the sources' horizon). Data is
    the same every year; latency and power and chips scale with the year's run length
    (:func:`run_length_months`).
    """
    a = anchors() if anchor is None else anchor
    y = _arr(year, "year")
    m = model
    acc = _hw.accelerator(m.accelerator)
    w = _model_wall_watts(m)
    t = np.asarray(run_length_months(y, m)) * SECONDS_PER_MONTH
    gw = m.power_gw if power_gw is None else power_gw
    yc = np.minimum(y, m.target_year_of_values)  # the sources project nothing past 2030
    p = np.asarray(
        log_interp(
            yc,
            a.cluster_year,
            a.cluster_h100 * wall_watts("H100", m.pue),
            m.target_year_of_values,
            np.asarray(gw) * 1e9,
        )
    )
    gain = efficiency_gain(y, m)
    power = power_limited_flops(p, w, acc.peak_flops, m.mfu, t, gain)
    chips_n = log_interp(
        yc, a.cluster_year, a.cluster_h100, m.target_year_of_values, m.lab_share * m.chips_millions * 1e6
    )
    chips = chip_limited_flops(chips_n, m.mfu, t, m.precision_gain)
    data = data_limited_flops(m.unique_tokens, m.max_epochs, m.tokens_per_param)
    latency = latency_limited_flops(
        t, m.layer_latency_s, m.batch_tokens, m.tokens_per_param, m.aspect_ratio, m.passes_per_step
    )
    trend = trend_flops(y, a.trend_flops, a.trend_year, m.trend_growth)
    out = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (power, chips, data, latency, trend)))
    return {k: _out(np.array(v)) for k, v in zip((*CONSTRAINTS, "trend"), out)}


def feasible_table(years: ArrayLike, model: LimitsModel = SEVILLA_2024, anchor: Anchors | None = None) -> pd.DataFrame:
    """Long table for charts: year, constraint ("power (5 GW campus)", ..., "4x/yr trend"), FLOP."""
    y = np.atleast_1d(_arr(years, "years"))
    f = feasible_flops(y, model, anchor)
    label = {
        "power": f"power ({model.power_gw:g} GW {'network' if model.distributed else 'campus'})",
        "chips": f"chips ({model.lab_share:.0%} of {model.chips_millions:g}M H100e)",
        "data": f"data ({model.unique_tokens / 1e12:.0f}T tokens x {model.max_epochs:g} epochs)",
        "latency": "latency",
        "trend": f"{model.trend_growth:g}x/yr trend",
    }
    return pd.concat(
        [pd.DataFrame({"year": y, "constraint": label[k], "FLOP": np.atleast_1d(v)}) for k, v in f.items()],
        ignore_index=True,
    )


def sweep(
    year: float, model: LimitsModel = SEVILLA_2024, anchor: Anchors | None = None, **grid: ArrayLike
) -> pd.DataFrame:
    """Ceilings in ``year`` over a grid of model fields, one vectorised call.

    ``grid`` maps up to two :class:`LimitsModel` fields (or ``power_gw``) to arrays of values,
    e.g. ``sweep(2030, run_months=[3, 9], campus_gw=np.geomspace(0.1, 50, 40))``. Returns one
    row per grid point: the fields, each constraint's ceiling and the trend (FLOP), and the
    binding constraint.
    """
    if not 1 <= len(grid) <= 2:
        raise LimitsError(f"grid must name one or two fields, got {len(grid)}")
    names = list(grid)
    allowed = {f.name for f in fields(LimitsModel)} | {"power_gw"}
    for name in names:
        if name not in allowed:
            raise LimitsError(f"grid field must be one of: {', '.join(sorted(allowed))}; got {name!r}")
    mesh = np.meshgrid(*(np.atleast_1d(np.asarray(grid[n], dtype=float)) for n in names), indexing="ij")
    cols = {n: g.ravel() for n, g in zip(names, mesh)}
    power_gw = cols.get("power_gw")
    m = replace(model, **{n: v for n, v in cols.items() if n != "power_gw"})
    f = feasible_flops(np.full(mesh[0].size, float(year)), m, anchor, power_gw=power_gw)
    df = pd.DataFrame({**cols, **{k: np.asarray(v) for k, v in f.items()}})
    df["binding"] = np.asarray(CONSTRAINTS)[np.argmin(df[list(CONSTRAINTS)].to_numpy(), axis=1)]
    return df


def binding(year: ArrayLike, model: LimitsModel = SEVILLA_2024, anchor: Anchors | None = None) -> pd.DataFrame:
    """Each constraint's ceiling in each year, ranked: columns year, constraint, flops, rank
    (1 = binds first), and whether the trend run fits under it."""
    y = np.atleast_1d(_arr(year, "year"))
    f = feasible_flops(y, model, anchor)
    vals = np.stack([np.atleast_1d(f[k]) for k in CONSTRAINTS])
    ranks = vals.argsort(axis=0).argsort(axis=0) + 1
    rows = [
        pd.DataFrame(
            {
                "year": y,
                "constraint": k,
                "flops": vals[i],
                "rank": ranks[i],
                "trend_fits": np.atleast_1d(f["trend"]) <= vals[i],
            }
        )
        for i, k in enumerate(CONSTRAINTS)
    ]
    return pd.concat(rows, ignore_index=True).sort_values(["year", "rank"], ignore_index=True)


def crossing_years(
    model: LimitsModel = SEVILLA_2024,
    anchor: Anchors | None = None,
    start: float = 2023.0,
    stop: float = HORIZON_YEAR,
    step: float = 0.01,
) -> dict[str, float]:
    """First year (to ``step``) in which the compute trend exceeds each constraint's ceiling;
    ``inf`` if not by ``stop`` (default the 2030 horizon: the model says nothing later). One
    vectorised evaluation over the year grid."""
    y = np.arange(start, stop + step / 2, step)
    f = feasible_flops(y, model, anchor)
    out = {}
    for k in CONSTRAINTS:
        over = np.asarray(f["trend"]) > np.asarray(f[k])
        out[k] = float(y[np.argmax(over)]) if over.any() else math.inf
    return out


# ---------------------------------------------------------------------------------------
# cost and power of given runs
# ---------------------------------------------------------------------------------------


def run_costs(train_flops: ArrayLike, accelerators: list[str], model: LimitsModel = SEVILLA_2024) -> pd.DataFrame:
    """Accelerators, peak wall power, purchase price and amortized cost of runs of the given
    sizes lasting ``model.run_months`` on each accelerator (:func:`scalingbook.science.cost.training_run`,
    Cottier et al. 2024's method; prices from :func:`scalingbook.science.hardware.server_price`), plus
    ``wall_power_2030_gw``: the wall power the same run needs on 2030 hardware (the model's
    accelerator with its efficiency and precision gains)."""
    c = np.atleast_1d(_check(train_flops, "train_flops", 0, low_open=True))
    days = float(model.run_seconds) / 86_400.0
    frames = []
    for name in accelerators:
        price, basis = _hw.server_price(name)
        run = _cost.training_run(c, name, days=days, mfu=model.mfu, pue=model.pue, server_price_usd=price)
        frames.append(
            pd.DataFrame(
                {
                    "train_flops": c,
                    "accelerator": _hw.resolve_name(name),
                    "accelerators": np.atleast_1d(run.n_accelerators),
                    "peak_power_gw": np.atleast_1d(run.capacity_mw) / 1e3,
                    "cluster_purchase_usd": np.atleast_1d(run.acquisition_usd),
                    "amortized_usd": np.atleast_1d(run.amortized_usd),
                    "price_basis": basis,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    need = power_needed_gw(c, model.target_year_of_values, model)
    out["wall_power_2030_gw"] = np.tile(np.atleast_1d(need), len(accelerators))
    return out


def power_needed_gw(train_flops: ArrayLike, year: float, model: LimitsModel = SEVILLA_2024) -> np.ndarray | float:
    """Peak facility power (GW) a run of C FLOP needs in ``year``, lasting that year's run length
    (:func:`run_length_months`), on the model's accelerator with its efficiency and precision
    gains (:func:`power_needed_watts`)."""
    acc = _hw.accelerator(model.accelerator)
    gain = efficiency_gain(year, model)
    secs = np.asarray(run_length_months(year, model)) * SECONDS_PER_MONTH
    need = power_needed_watts(train_flops, _model_wall_watts(model), acc.peak_flops, model.mfu, secs, gain)
    return _out(np.asarray(need) / 1e9)


def chips_power_gw(h100_equivalents: ArrayLike, year: float, model: LimitsModel = SEVILLA_2024) -> np.ndarray | float:
    """Peak facility power (GW) of ``h100_equivalents`` chips of ``year``: n x H100 wall watts /
    efficiency growth since 2024 (chips counted by FLOP/s draw less power as they improve; the
    low-precision gain raises FLOP/s, not watts). 20M H100e in 2030 at the defaults: 20e6 x 1,594 W
    / 1.28^6 = 7.4 GW, not the 32 GW of 2024 chips."""
    n = _check(h100_equivalents, "h100_equivalents", 0)
    y = min(float(year), model.target_year_of_values)
    per = float(wall_watts("H100", model.pue)) / model.efficiency_growth ** max(y - model.efficiency_base_year, 0.0)
    return _out(n * per / 1e9)


def repetition_table(
    unique_tokens: float,
    epochs: ArrayLike = (1.0, 2.0, 4.0, 16.0),
    tokens_per_param: float = 20.0,
    law: _laws.DataConstrainedLaw = _laws.MUENNIGHOFF_2023,
) -> pd.DataFrame:
    """What repeating U unique tokens e times is worth (Muennighoff et al. 2023): the fresh-epoch
    equivalent D'/U, and the C4-fit loss of the model sized for D' (N = D'/r) trained on e U
    tokens, repeated or (counterfactually) all new. Loss in nats/token."""
    e = np.atleast_1d(_check(epochs, "epochs", 1.0))
    worth = np.asarray(effective_epochs(e, law))
    n = unique_tokens * worth / tokens_per_param
    return pd.DataFrame(
        {
            "epochs": e,
            "worth (fresh epochs)": worth,
            "loss, repeated (nats)": np.asarray(law.loss(n, e * unique_tokens, unique_tokens)),
            "loss if all new (nats)": np.asarray(law.loss(n, e * unique_tokens, e * unique_tokens)),
        }
    )
