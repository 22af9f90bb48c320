"""What a training run costs: time, accelerator-hours, dollars (cloud and amortized), energy, power.

The amortized cost follows Epoch AI's method (Cottier et al. 2024, "The rising costs of
training frontier AI models", arXiv:2405.21015, methods appendix; code
``cost_analysis_standalone.py`` in epoch-research/training-cost-trends):

* training time: t = C / (n x peak x MFU), C in FLOP, peak in FLOP/s per accelerator;
* hardware value at training start: V = P_server x 10^(-k x age), k = 0.14 orders of
  magnitude per year of ML GPU price-performance progress, age in years since purchase;
* hardware cost of the run: V x r / 8766 h per accelerator-hour, with r = k ln 10 = 0.3224 of
  the value written off per year (the optimal replacement rate for hardware improving at k);
* cluster interconnect: 19% of cluster cost, i.e. hardware x 0.19 / (1 - 0.19);
* energy: chip TDP x (server/chip power) x (average/peak server power) x PUE x hours x price.

Every constant is a named default in :data:`COTTIER_2024` or :mod:`scalingbook.science.hardware`.
All functions take numpy arrays and broadcast, so a sweep of scenarios is one call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import arrays as _arrays
from . import hardware as _hw
from .arrays import scalar_or_array as _out
from .hardware import as_float as _float

__all__ = [
    "CostError",
    "AmortizationModel",
    "COTTIER_2024",
    "US_INDUSTRIAL_USD_PER_KWH",
    "HYPERSCALERS",
    "AZURE_A100_3YR_USD_PER_HOUR_2022",
    "SECONDS_PER_HOUR",
    "HOURS_PER_YEAR",
    "SECONDS_PER_YEAR",
    "TrainingRun",
    "GrowthFit",
    "PublishedGrowth",
    "training_seconds",
    "accelerators_needed",
    "implied_mfu",
    "hardware_value",
    "pue_for",
    "electricity_price",
    "amortized_usd_per_hour",
    "facility_power_mw",
    "training_run",
    "resolve_budget",
    "growth_rate",
    "t_quantile",
    "decimal_year",
    "epoch_decimal_year",
    "years_between",
    "days_vs_count",
    "COTTIER_2024_SHARES",
    "COTTIER_2024_STAFF_SHARE",
    "COTTIER_2024_HARDWARE_SHARE",
    "COTTIER_2024_WINDOW",
    "COTTIER_2024_TOP_N",
    "COTTIER_2024_GROWTH",
    "frontier_selection",
    "epoch_frontier",
    "COTTIER_2024_EPOCH_FIT",
    "frontier_agreement",
    "epoch_training_start",
    "deflate_to",
    "estimate_frontier_costs",
    "growth_fits",
    "Reproduction",
    "reproduce_cottier_2024",
    "cost_book_models",
    "APPROACHES",
    "NOT_EPOCH_AMORTIZED",
    "frontier_update",
]

SECONDS_PER_HOUR = 3600.0
#: Julian year, as in Epoch's code: 365.25 days.
HOURS_PER_YEAR = 24 * 365.25
SECONDS_PER_YEAR = HOURS_PER_YEAR * SECONDS_PER_HOUR


class CostError(ValueError):
    """A cost-model argument is outside its allowed range; the message names it."""


@dataclass(frozen=True)
class AmortizationModel:
    """The constants of an amortized-cost model (defaults: Cottier et al. 2024).

    price_performance_ooms_per_year: k, orders of magnitude per year by which ML GPU
    FLOP/s per dollar improves (0.14, Epoch "Trends in machine learning hardware");
    interconnect_fraction: share of total cluster cost spent on cluster-level
    interconnect (0.19); default_mfu: MFU used when a run's is unknown (0.375, median of 33
    known values); pue_hyperscaler / pue_other: data-centre power usage effectiveness
    (1.1 for Google, Microsoft, Amazon, Meta; 1.25 otherwise); pre_training_days /
    acquisition_days: Epoch's buffers between hardware purchase, training start and
    publication (60 days each); gpu_first_use_days: days after a GPU's release before anyone
    can have bought it (90); median_training_days: used when a run's duration is unknown
    (793.5 h, median of the running top-10 models).
    """

    price_performance_ooms_per_year: float = 0.14
    interconnect_fraction: float = 0.19
    default_mfu: float = 0.375
    pue_hyperscaler: float = 1.1
    pue_other: float = 1.25
    pre_publication_days: float = 60.0
    acquisition_days: float = 60.0
    gpu_first_use_days: float = 90.0
    median_training_days: float = 793.5 / 24
    source: str = _hw.EPOCH_COST_MODEL

    @property
    def replacement_per_year(self) -> float:
        """r = k ln 10: fraction of hardware value written off per year (0.3224 for k = 0.14)."""
        return self.price_performance_ooms_per_year * math.log(10)


#: Epoch AI's constants (Cottier et al. 2024, methods appendix).
COTTIER_2024 = AmortizationModel()

#: Average US industrial electricity price, USD per kWh, by year (EIA via Epoch's cost model).
US_INDUSTRIAL_USD_PER_KWH: dict[int, float] = {
    2010: 0.0677,
    2011: 0.0682,
    2012: 0.0667,
    2013: 0.0689,
    2014: 0.0710,
    2015: 0.0691,
    2016: 0.0676,
    2017: 0.0688,
    2018: 0.0692,
    2019: 0.0681,
    2020: 0.0667,
    2021: 0.0718,
    2022: 0.0832,
    2023: 0.0806,
    2024: 0.0771,
    2025: 0.0826,
}

#: The cloud price Epoch applies to GPT-4's A100-hours: Microsoft Azure A100 (ND96asr v4),
#: 3-year committed-use price, USD per A100-hour, January 2022 (Epoch's hardware price table,
#: epoch-research/training-cost-trends). On-demand was $3.40.
AZURE_A100_3YR_USD_PER_HOUR_2022 = 1.36

#: Organisations whose data centres get the hyperscaler PUE in Epoch's cost model.
HYPERSCALERS = ("google", "deepmind", "microsoft", "amazon", "meta", "facebook")


# ---------------------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------------------


def _arr(x: ArrayLike, name: str) -> np.ndarray:
    return _arrays.as_floats(x, name, CostError)


def _check(
    x: ArrayLike, name: str, low: float, high: float = math.inf, *, low_open: bool = False, high_open: bool = False
) -> np.ndarray:
    return _arrays.check_range(x, name, low, high, low_open=low_open, high_open=high_open, error=CostError)


# ---------------------------------------------------------------------------------------
# time and utilisation
# ---------------------------------------------------------------------------------------


def training_seconds(
    train_flops: ArrayLike, peak_flops: ArrayLike, n_accelerators: ArrayLike, mfu: ArrayLike
) -> np.ndarray | float:
    """Wall-clock training time t = C / (n x peak x MFU), in seconds.

    train_flops: C, FLOP; peak_flops: per-accelerator peak, FLOP/s; n_accelerators: n;
    mfu: model FLOPs utilisation in (0, 1]. Arrays broadcast. (Epoch's chip-seconds
    = FLOP / (peak x MFU), Cottier et al. 2024, methods.)
    """
    c = _check(_arr(train_flops, "train_flops"), "train_flops", 0, low_open=True)
    p = _check(_arr(peak_flops, "peak_flops"), "peak_flops", 0, low_open=True)
    n = _check(_arr(n_accelerators, "n_accelerators"), "n_accelerators", 0, low_open=True)
    u = _check(_arr(mfu, "mfu"), "mfu", 0, 1, low_open=True)
    return _out(c / (n * p * u))


def accelerators_needed(
    train_flops: ArrayLike, peak_flops: ArrayLike, days: ArrayLike, mfu: ArrayLike
) -> np.ndarray | float:
    """Accelerators n = C / (t x peak x MFU) to finish C FLOP in ``days`` days (a real number;
    round up for a count). Units as in :func:`training_seconds`."""
    d = _check(_arr(days, "days"), "days", 0, low_open=True)
    return _out(np.asarray(training_seconds(train_flops, peak_flops, d * 86_400.0, mfu)))


def implied_mfu(
    train_flops: ArrayLike, peak_flops: ArrayLike, n_accelerators: ArrayLike, days: ArrayLike
) -> np.ndarray | float:
    """MFU = C / (n x peak x t) that a claimed cluster and duration imply.

    A value above 1 means the claim is impossible at that peak; typical published MFU for
    large runs is 0.3-0.5 (Epoch's median of known values: 0.375).
    """
    c = _check(_arr(train_flops, "train_flops"), "train_flops", 0, low_open=True)
    p = _check(_arr(peak_flops, "peak_flops"), "peak_flops", 0, low_open=True)
    n = _check(_arr(n_accelerators, "n_accelerators"), "n_accelerators", 0, low_open=True)
    d = _check(_arr(days, "days"), "days", 0, low_open=True)
    return _out(c / (n * p * d * 86_400.0))


# ---------------------------------------------------------------------------------------
# prices
# ---------------------------------------------------------------------------------------


def hardware_value(
    price_usd: ArrayLike, age_years: ArrayLike, ooms_per_year: float = COTTIER_2024.price_performance_ooms_per_year
) -> np.ndarray | float:
    """Value V = P x 10^(-k x age) of hardware bought at price P, ``age_years`` later, in USD.

    Hardware loses value at the pace of ML price-performance progress, k orders of
    magnitude per year (Cottier et al. 2024: chips are valued at the time training starts).
    """
    p = _check(_arr(price_usd, "price_usd"), "price_usd", 0)
    age = _arr(age_years, "age_years")
    k = float(_check(_arr(ooms_per_year, "ooms_per_year"), "ooms_per_year", 0))
    return _out(p * 10.0 ** (-k * age))


def pue_for(organization: str, model: AmortizationModel = COTTIER_2024) -> float:
    """Epoch's PUE for an organisation: 1.1 for hyperscalers (:data:`HYPERSCALERS`), else 1.25."""
    org = str(organization).lower()
    return model.pue_hyperscaler if any(h in org for h in HYPERSCALERS) else model.pue_other


def electricity_price(year: ArrayLike) -> np.ndarray | float:
    """Average US industrial electricity price in USD/kWh for each (integer) ``year``.

    Years outside 2010-2025 take the nearest year in :data:`US_INDUSTRIAL_USD_PER_KWH`.
    """
    years = np.asarray(year, dtype=float)
    known = np.array(sorted(US_INDUSTRIAL_USD_PER_KWH))
    clipped = np.clip(np.floor(years), known[0], known[-1]).astype(int)
    prices = np.array([US_INDUSTRIAL_USD_PER_KWH[int(y)] for y in known])
    return _out(prices[np.searchsorted(known, clipped)])


# ---------------------------------------------------------------------------------------
# the training run
# ---------------------------------------------------------------------------------------


def facility_power_mw(
    n_accelerators: ArrayLike, accelerator: str = "H100", pue: ArrayLike = COTTIER_2024.pue_other
) -> np.ndarray | float:
    """Peak facility power of a cluster, MW: n x chip TDP x server/chip power x PUE (Epoch's
    ``cluster_power_capacity``; Cottier et al. 2024 methods). The book's one power convention:
    campus capacities (Sevilla et al. 2024's 1-5 GW) are peaks too. 100,000 H100 at PUE 1.25:
    100,000 x 700 W x 1.82 x 1.25 = 159 MW (average draw, x 0.75: 120 MW)."""
    acc = _hw.accelerator(accelerator)
    n = _check(_arr(n_accelerators, "n_accelerators"), "n_accelerators", 0)
    p = _check(_arr(pue, "pue"), "pue", 1)
    if math.isnan(acc.tdp_watts):
        raise CostError(f"accelerator {acc.name} has no published TDP in data/gpu_specs.csv; power cannot be estimated")
    return _out(n * acc.tdp_watts * acc.chip_to_server_power * p / 1e6)


def amortized_usd_per_hour(
    accelerator: str | ArrayLike,
    *,
    server_price_usd: ArrayLike | None = None,
    hardware_age_years: ArrayLike = 0.0,
    pue: ArrayLike = COTTIER_2024.pue_other,
    usd_per_kwh: ArrayLike = US_INDUSTRIAL_USD_PER_KWH[2023],
    model: AmortizationModel = COTTIER_2024,
) -> np.ndarray | float:
    """Amortized USD per accelerator-hour of owning ``accelerator`` (Cottier et al. 2024 method):

        V x 10^(-k x age) x r / 8766 h / (1 - f_ic)  +  TDP x server ratio x 0.75 x PUE x price / 1000

    V: server price per accelerator (USD; default :func:`scalingbook.science.hardware.server_price`,
    Epoch's price-selection rule), age in years from purchase to training start, k and
    r = k ln 10 from ``model``, f_ic the interconnect share (0.19), PUE, electricity price in
    USD/kWh. ``accelerator`` may be one name or an array of names; every argument broadcasts,
    so 10,000 scenarios are one call. Multiply by accelerator-hours for a run's cost
    (:func:`training_run` does, with the breakdown). H100 at $44,490, age 0, PUE 1.25,
    $0.0806/kWh: $2.02 of hardware and interconnect + $0.10 of energy = $2.12 per hour.
    """
    names = np.asarray(accelerator, dtype=object)
    if server_price_usd is None:
        uniq = {str(n): _hw.server_price(str(n))[0] for n in np.unique(names.ravel().astype(str))}
        price = np.vectorize(lambda n: uniq[str(n)], otypes=[float])(names) if names.ndim else uniq[str(names.item())]
    else:
        price = _check(_arr(server_price_usd, "server_price_usd"), "server_price_usd", 0, low_open=True)
    tdp = np.asarray(_hw.lookup(names, "tdp_watts"), dtype=float)
    ratio = np.asarray(_hw.lookup(names, "chip_to_server_power"), dtype=float)
    frac = np.asarray(_hw.lookup(names, "server_power_fraction"), dtype=float)
    if np.isnan(tdp).any():
        raise CostError("an accelerator has no published TDP in data/gpu_specs.csv; energy cannot be estimated")
    age = _check(_arr(hardware_age_years, "hardware_age_years"), "hardware_age_years", 0)
    p = _check(_arr(pue, "pue"), "pue", 1)
    kwh = _check(_arr(usd_per_kwh, "usd_per_kwh"), "usd_per_kwh", 0)
    hw = (
        np.asarray(price, dtype=float)
        * 10.0 ** (-model.price_performance_ooms_per_year * age)
        * model.replacement_per_year
        / HOURS_PER_YEAR
        / (1 - model.interconnect_fraction)
    )
    return _out(hw + tdp * ratio * frac * p / 1000.0 * kwh)


@dataclass(frozen=True)
class TrainingRun:
    """The result of :func:`training_run`. Every numeric field broadcasts like the inputs.

    Time: ``seconds``, ``days``; ``n_accelerators`` (given or solved, real-valued);
    ``accelerator_hours``. Money (USD): ``cloud_usd`` (accelerator-hours x rental price);
    ``amortized_usd`` = ``chips_usd`` + ``other_server_usd`` + ``interconnect_usd`` +
    ``energy_usd`` (Epoch's hardware CapEx + energy); ``acquisition_usd`` (buying the cluster
    outright: servers + interconnect at purchase price). Energy: ``energy_kwh`` at the wall;
    ``power_mw`` the cluster's average draw at the wall, MW; ``capacity_mw`` its peak (server
    TDP x PUE), MW.
    """

    accelerator: str
    train_flops: Any
    mfu: Any
    n_accelerators: Any
    seconds: Any
    days: Any
    accelerator_hours: Any
    cloud_usd: Any
    chips_usd: Any
    other_server_usd: Any
    interconnect_usd: Any
    energy_usd: Any
    amortized_usd: Any
    acquisition_usd: Any
    energy_kwh: Any
    power_mw: Any
    capacity_mw: Any
    server_value_usd: Any
    usd_per_accelerator_hour_amortized: Any = field(default=math.nan)

    COMPONENTS = ("chips_usd", "other_server_usd", "interconnect_usd", "energy_usd")
    LABELS = {
        "chips_usd": "AI accelerator chips",
        "other_server_usd": "other server components",
        "interconnect_usd": "cluster interconnect",
        "energy_usd": "energy",
    }

    def breakdown(self) -> pd.DataFrame:
        """The amortized cost by component (a scalar run): component, usd, share of total."""
        usd = np.array([float(np.asarray(getattr(self, c)).sum()) for c in self.COMPONENTS])
        return pd.DataFrame(
            {
                "component": [self.LABELS[c] for c in self.COMPONENTS],
                "usd": usd,
                "share": usd / usd.sum(),
            }
        )

    def to_frame(self) -> pd.DataFrame:
        """All numeric fields as columns, one row per scenario."""
        cols = {
            f.name: np.ravel(np.asarray(getattr(self, f.name), dtype=float))
            for f in fields(self)
            if f.name != "accelerator"
        }
        n = max(len(v) for v in cols.values())
        df = pd.DataFrame({k: np.broadcast_to(v, (n,)) if len(v) == 1 else v for k, v in cols.items()})
        df.insert(0, "accelerator", self.accelerator)
        return df


def training_run(
    train_flops: ArrayLike,
    accelerator: str | _hw.Accelerator,
    n_accelerators: ArrayLike | None = None,
    *,
    days: ArrayLike | None = None,
    mfu: ArrayLike = COTTIER_2024.default_mfu,
    usd_per_gpu_hour: ArrayLike = 2.0,
    usd_per_kwh: ArrayLike = US_INDUSTRIAL_USD_PER_KWH[2023],
    pue: ArrayLike = COTTIER_2024.pue_other,
    server_price_usd: ArrayLike | None = None,
    hardware_age_years: ArrayLike = 0.0,
    model: AmortizationModel = COTTIER_2024,
) -> TrainingRun:
    """Time, cost, energy and power of training on ``accelerator`` (Cottier et al. 2024 method).

    Give exactly one of ``n_accelerators`` (then the duration is solved) or ``days`` (then the
    accelerator count is solved).

    train_flops: training compute C, FLOP (e.g. :func:`scalingbook.science.compute.train_flops`);
    accelerator: a name known to :func:`scalingbook.science.hardware.accelerator` ("H100"), or an
    :class:`scalingbook.science.hardware.Accelerator` such as
    :func:`scalingbook.science.hardware.custom_accelerator` (then give ``server_price_usd``);
    n_accelerators: accelerators in the cluster; days: wall-clock duration, days;
    mfu: model FLOPs utilisation in (0, 1] (Epoch's default when unknown: 0.375);
    usd_per_gpu_hour: cloud price per accelerator-hour, USD;
    usd_per_kwh: electricity price, USD/kWh (default: US industrial average 2023, 0.0806);
    pue: power usage effectiveness >= 1 (Epoch: 1.1 hyperscalers, 1.25 others);
    server_price_usd: purchase price of the server share per accelerator, USD (default:
    :func:`scalingbook.science.hardware.published_server_price`, Epoch's price-selection rule);
    hardware_age_years: years between that purchase price and the start of training (the
    hardware is valued at training start); model: the amortization constants.

    Raises CostError naming the argument, its allowed range and the value.
    """
    acc = _hw.accelerator(accelerator)
    c = _check(_arr(train_flops, "train_flops"), "train_flops", 0, low_open=True)
    u = _check(_arr(mfu, "mfu"), "mfu", 0, 1, low_open=True)
    if (n_accelerators is None) == (days is None):
        raise CostError("give exactly one of n_accelerators (to solve the duration) or days (to solve the count)")
    if n_accelerators is not None:
        n = _check(_arr(n_accelerators, "n_accelerators"), "n_accelerators", 0, low_open=True)
        seconds = c / (n * acc.peak_flops * u)
    else:
        d = _check(_arr(days, "days"), "days", 0, low_open=True)
        seconds = d * 86_400.0 + 0.0 * c
        n = c / (seconds * acc.peak_flops * u)
    price_hour = _check(_arr(usd_per_gpu_hour, "usd_per_gpu_hour"), "usd_per_gpu_hour", 0)
    kwh_price = _check(_arr(usd_per_kwh, "usd_per_kwh"), "usd_per_kwh", 0)
    pue_a = _check(_arr(pue, "pue"), "pue", 1)
    age = _check(_arr(hardware_age_years, "hardware_age_years"), "hardware_age_years", 0)
    if server_price_usd is None:
        published, _ = _hw.published_server_price(acc.name)
        if math.isnan(published):
            raise CostError(
                f"accelerator {acc.name} has no published price (Epoch's price table or data/gpu_specs.csv); "
                "pass server_price_usd (USD per accelerator, server share)"
            )
        server_price = np.asarray(published)
    else:
        server_price = _check(_arr(server_price_usd, "server_price_usd"), "server_price_usd", 0, low_open=True)
    for name, value, low, high in (
        ("interconnect_fraction", model.interconnect_fraction, 0, 1),
        ("price_performance_ooms_per_year", model.price_performance_ooms_per_year, 0, 10),
    ):
        _check(np.asarray(value, dtype=float), name, low, high, high_open=name == "interconnect_fraction")

    acc_hours = n * seconds / SECONDS_PER_HOUR
    value = server_price * 10.0 ** (-model.price_performance_ooms_per_year * age)
    per_hour = value * model.replacement_per_year / HOURS_PER_YEAR
    servers = per_hour * acc_hours
    chips = servers / acc.server_cost_overhead
    interconnect = servers * model.interconnect_fraction / (1 - model.interconnect_fraction)
    if math.isnan(acc.tdp_watts):
        raise CostError(
            f"accelerator {acc.name} has no published TDP in data/gpu_specs.csv; energy cannot be estimated"
        )
    wall_kw_per_acc = acc.server_watts / 1000.0 * pue_a
    energy_kwh = wall_kw_per_acc * acc_hours
    energy = energy_kwh * kwh_price
    amortized = servers + interconnect + energy
    acquisition = n * server_price / (1 - model.interconnect_fraction)
    return TrainingRun(
        accelerator=acc.name,
        train_flops=_out(c + 0 * seconds),
        mfu=_out(u + 0 * seconds),
        n_accelerators=_out(n + 0 * seconds),
        seconds=_out(seconds),
        days=_out(seconds / 86_400.0),
        accelerator_hours=_out(acc_hours),
        cloud_usd=_out(acc_hours * price_hour),
        chips_usd=_out(chips),
        other_server_usd=_out(servers - chips),
        interconnect_usd=_out(interconnect),
        energy_usd=_out(energy),
        amortized_usd=_out(amortized),
        acquisition_usd=_out(acquisition + 0 * seconds),
        energy_kwh=_out(energy_kwh),
        power_mw=_out(n * wall_kw_per_acc / 1000.0),
        capacity_mw=_out(n * wall_kw_per_acc / acc.server_power_fraction / 1000.0),
        server_value_usd=_out(value + 0 * seconds),
        usd_per_accelerator_hour_amortized=_out(amortized / acc_hours),
    )


def resolve_budget(train_flops: float, n_params: float = 0.0, n_tokens: float = 0.0) -> float:
    """The run's compute in FLOP: 6 N D when both ``n_params`` and ``n_tokens`` are given
    (> 0), else ``train_flops`` (Kaplan et al. 2020, sec. 2.1, C = 6ND)."""
    from .compute import train_flops as _six_nd

    if (n_params > 0) != (n_tokens > 0):
        given, missing = ("n_params", "n_tokens") if n_params > 0 else ("n_tokens", "n_params")
        raise CostError(f"{given} is set but {missing} is 0; give both (C = 6ND) or neither (use train_flops)")
    if n_params > 0:
        return float(_six_nd(n_params, n_tokens))
    _check(_arr(train_flops, "train_flops"), "train_flops", 0, low_open=True)
    return float(train_flops)


# ---------------------------------------------------------------------------------------
# growth of costs over time
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrowthFit:
    """An exponential trend of cost on time, fitted by OLS of log10(cost) on year.

    factor_per_year = 10^slope; ci_low/ci_high: its ``level`` confidence interval from the
    slope's t interval; doubling_time_years = log10(2)/slope; n: points fitted.
    """

    slope: float
    intercept: float
    slope_se: float
    residual_sd: float
    n: int
    level: float
    factor_per_year: float
    ci_low: float
    ci_high: float
    doubling_time_years: float
    year_mean: float
    sxx: float

    def predict(self, years: ArrayLike) -> np.ndarray | float:
        """Fitted cost in USD at decimal ``years``."""
        return _out(10.0 ** (self.intercept + self.slope * np.asarray(years, dtype=float)))

    def band(self, years: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """The ``level`` confidence band of the fitted (mean) cost at ``years``, USD."""
        x = np.asarray(years, dtype=float)
        t = t_quantile(0.5 + self.level / 2, self.n - 2)
        se = self.residual_sd * np.sqrt(1.0 / self.n + (x - self.year_mean) ** 2 / self.sxx)
        mid = self.intercept + self.slope * x
        return 10.0 ** (mid - t * se), 10.0 ** (mid + t * se)


def _t_two_sided(t: float, df: int) -> float:
    """A(t | df) = P(|T| < t) for integer df, by the finite series of Abramowitz & Stegun 26.7.3-4."""
    theta = math.atan(t / math.sqrt(df))
    c, sn = math.cos(theta), math.sin(theta)
    if df % 2 == 1:
        term, total = c, c if df > 1 else 0.0
        for k in range(1, (df - 3) // 2 + 1):
            term *= c * c * (2 * k) / (2 * k + 1)
            total += term
        return 2 / math.pi * (theta + sn * total)
    term, total = 1.0, 1.0
    for k in range(1, (df - 2) // 2 + 1):
        term *= c * c * (2 * k - 1) / (2 * k)
        total += term
    return sn * total


def t_quantile(p: float, df: int) -> float:
    """Quantile of Student's t distribution with integer ``df`` degrees of freedom at probability
    p in (0, 1): Newton's method on the exact finite-series CDF (Abramowitz & Stegun 26.7.3-4),
    to about 1e-12. The confidence intervals of :func:`growth_rate` use it, so a page need not
    import scipy. t_quantile(0.975, 42) = 2.0181."""
    from statistics import NormalDist

    if not 0 < p < 1:
        raise CostError(f"p must be in (0, 1), got {p}")
    if int(df) != df or df < 1:
        raise CostError(f"df must be a whole number >= 1, got {df}")
    df = int(df)
    v = float(df)
    log_c = math.lgamma((v + 1) / 2) - math.lgamma(v / 2) - 0.5 * math.log(v * math.pi)
    q = max(p, 1 - p)
    x = (
        NormalDist().inv_cdf(q)
        if df > 2
        else math.tan(math.pi * (q - 0.5))
        if df == 1
        else (2 * q - 1) / math.sqrt(2 * q * (1 - q))
    )
    for _ in range(100):
        f = 0.5 + 0.5 * _t_two_sided(x, df) - q
        step = f / math.exp(log_c - (v + 1) / 2 * math.log1p(x * x / v))
        x -= step
        if abs(step) <= 1e-14 * max(1.0, abs(x)):
            break
    return x if p >= 0.5 else -x


def growth_rate(years: ArrayLike, usd: ArrayLike, level: float = 0.95) -> GrowthFit:
    """Fit cost = 10^(a + b x year) by ordinary least squares on log10(cost).

    years: decimal years (see :func:`decimal_year`); usd: costs > 0, USD; level: confidence
    level of the interval on the yearly factor 10^b. Cottier et al. 2024 report 2.4x per
    year (95% CI 2.0-3.1x, v1 and Epoch's blog; 90% CI 2.0-2.9x in the later arXiv version)
    for the amortized cost of frontier runs since 2016.
    """
    x = _arr(years, "years").ravel()
    y_usd = _check(_arr(usd, "usd").ravel(), "usd", 0, low_open=True)
    if x.shape != y_usd.shape:
        raise CostError(f"years and usd must have the same length, got {x.size} and {y_usd.size}")
    if x.size < 3:
        raise CostError(f"growth_rate needs at least 3 points, got {x.size}")
    _check(np.asarray(level), "level", 0, 1, low_open=True, high_open=True)
    y = np.log10(y_usd)
    xm = x.mean()
    sxx = float(((x - xm) ** 2).sum())
    if sxx == 0:
        raise CostError("years must not all be equal")
    slope = float(((x - xm) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean() - slope * xm)
    resid = y - (intercept + slope * x)
    sd = float(np.sqrt((resid**2).sum() / (x.size - 2)))
    se = sd / math.sqrt(sxx)
    t = t_quantile(0.5 + level / 2, x.size - 2)
    return GrowthFit(
        slope=slope,
        intercept=intercept,
        slope_se=se,
        residual_sd=sd,
        n=int(x.size),
        level=level,
        factor_per_year=10.0**slope,
        ci_low=10.0 ** (slope - t * se),
        ci_high=10.0 ** (slope + t * se),
        doubling_time_years=math.log10(2) / slope if slope != 0 else math.inf,
        year_mean=float(xm),
        sxx=sxx,
    )


def decimal_year(dates: ArrayLike) -> np.ndarray | float:
    """Dates (strings, datetimes) as decimal years: 2023-07-02 -> 2023.5."""
    ts = pd.to_datetime(pd.Series(np.ravel(np.asarray(dates, dtype=object))))
    days_in_year = np.where(ts.dt.is_leap_year, 366.0, 365.0)
    out = ts.dt.year.to_numpy(float) + (ts.dt.day_of_year.to_numpy(float) - 1) / days_in_year
    return _out(out.reshape(np.shape(dates)))


def epoch_decimal_year(dates: ArrayLike) -> np.ndarray | float:
    """Dates as decimal years by Epoch's convention (``datetime_to_float_year`` in
    training-cost-trends): year + (month - 1) / 12 + (day - 1) / 365. The cost fits of
    :func:`reproduce_cottier_2024` use it, so their slope and intercept are Epoch's
    (0.3888, -780.1761); :func:`decimal_year`'s day-of-year convention moves the intercept by 0.16."""
    ts = pd.to_datetime(pd.Series(np.ravel(np.asarray(dates, dtype=object))))
    out = ts.dt.year.to_numpy(float) + (ts.dt.month.to_numpy(float) - 1) / 12 + (ts.dt.day.to_numpy(float) - 1) / 365
    return _out(out.reshape(np.shape(dates)))


def years_between(start: Any, end: Any) -> np.ndarray | float:
    """Years (of 365.25 days) from ``start`` to ``end`` (dates or arrays of dates)."""
    s = pd.to_datetime(pd.Series(np.ravel(np.asarray(start, dtype=object))))
    e = pd.to_datetime(pd.Series(np.ravel(np.asarray(end, dtype=object))))
    return _out(((e - s).dt.days.to_numpy(float) / 365.25).reshape(np.broadcast_shapes(np.shape(start), np.shape(end))))


# ---------------------------------------------------------------------------------------
# the chapter's comparisons
# ---------------------------------------------------------------------------------------


def days_vs_count(train_flops: float, accelerators: list[str], n_accelerators: ArrayLike, mfu: float) -> pd.DataFrame:
    """Training days for each accelerator type and cluster size (long format:
    accelerator, n_accelerators, days). One vectorised call per accelerator type."""
    n = np.asarray(n_accelerators, dtype=float)
    frames = [
        pd.DataFrame(
            {
                "accelerator": a,
                "n_accelerators": n,
                "days": np.asarray(training_seconds(train_flops, _hw.accelerator(a).peak_flops, n, mfu)) / 86_400.0,
            }
        )
        for a in accelerators
    ]
    return pd.concat(frames, ignore_index=True)


#: Cottier et al. 2024 abstract: shares of the development cost of GPT-4 and Gemini Ultra.
COTTIER_2024_SHARES = {
    "other server components": (0.15, 0.22),
    "cluster interconnect": (0.09, 0.13),
    "energy": (0.02, 0.06),
}
#: Cottier et al. 2024 (Epoch blog): hardware (with energy) is 47-67% of development cost.
COTTIER_2024_HARDWARE_SHARE = (0.47, 0.67)
#: Cottier et al. 2024 (Epoch blog): R&D staff are 29-49% of development cost.
COTTIER_2024_STAFF_SHARE = (0.29, 0.49)


# ---------------------------------------------------------------------------------------
# Cottier et al. 2024 reproduced from Epoch's own inputs (training-cost-trends dataset)
# ---------------------------------------------------------------------------------------

#: The paper's window: models published from 2016 to the end of 2023 (Cottier et al. 2024, sec. 2).
COTTIER_2024_WINDOW = ("2016-01-01", "2024-01-01")
#: The paper's frontier rule: in the top 10 by training compute at publication.
COTTIER_2024_TOP_N = 10


#: Published growth rates of frontier training cost, x per year with their 95% CI (Cottier et
#: al. 2024 v1 and Epoch's blog "How much does it cost to train frontier AI models?").
#: Only the amortized figure and its CI are printed in the abstract and the blog; the cloud and
#: acquisition rows record what the paper's text says about them (section 3).
@dataclass(frozen=True)
class PublishedGrowth:
    """A published growth rate: factor per year, its CI, the number of models, where printed."""

    method: str
    factor_per_year: float
    ci_low: float
    ci_high: float
    n_models: int
    source: str


COTTIER_2024_GROWTH = PublishedGrowth(
    "amortized hardware + energy",
    2.4,
    2.0,
    3.1,
    45,
    "Cottier et al. 2024 (arXiv 2405.21015v1 abstract; Epoch blog): 2.4x per year since 2016, "
    "95% CI 2.0-3.1x, 45 frontier models",
)


def frontier_selection(
    systems: pd.DataFrame, top_n: int = COTTIER_2024_TOP_N, window: tuple[str, str] = COTTIER_2024_WINDOW
) -> pd.DataFrame:
    """Frontier models by Cottier et al. 2024's rule: a notable model (Epoch's notability
    criteria) with known training compute that, at its publication date, is among the
    ``top_n`` by training compute of all notable models published up to that date; published
    inside ``window`` [start, end).

    ``systems``: :func:`scalingbook.sources.datasets.load_cost_systems` (columns system,
    publication_date, training_compute_flop, notability_criteria). Returns those rows with a
    ``compute_rank`` column (1 = the largest so far), sorted by date.
    """
    need = {"system", "publication_date", "training_compute_flop", "notability_criteria"}
    missing = need - set(systems.columns)
    if missing:
        raise CostError(f"systems table lacks column(s) {sorted(missing)}")
    if top_n < 1:
        raise CostError(f"top_n must be at least 1, got {top_n}")
    df = systems[
        systems["notability_criteria"].notna()
        & systems["training_compute_flop"].notna()
        & systems["publication_date"].notna()
    ].sort_values("publication_date", kind="mergesort")
    c = df["training_compute_flop"].to_numpy(float)
    t = df["publication_date"].to_numpy("datetime64[ns]")
    # rank among everything published on or before each date: 1 + number strictly larger
    earlier = t[None, :] <= t[:, None]
    rank = 1 + (earlier & (c[None, :] > c[:, None])).sum(axis=1)
    df = df.assign(compute_rank=rank)
    start, end = (pd.Timestamp(w) for w in window)
    keep = (df["compute_rank"] <= top_n) & (df["publication_date"] >= start) & (df["publication_date"] < end)
    return df[keep].reset_index(drop=True)


def epoch_frontier(systems: pd.DataFrame, epoch_lists: pd.DataFrame, top_n: int = COTTIER_2024_TOP_N) -> pd.DataFrame:
    """Epoch's frontier models as Epoch's notebook reads them (``load_frontier_systems`` in
    training-cost-trends): every system of ``frontier_systems_by_top_n.json`` under keys 1 to
    ``top_n``, with no date window. At top 10 that is 64 systems from DeepSpeech2 (English),
    2015-12-08, to the end of 2023. Returns those rows of ``systems``
    (:func:`scalingbook.sources.datasets.load_cost_systems`) with ``epoch_top_n`` (the smallest
    n whose list holds the system), sorted by date."""
    if top_n < 1:
        raise CostError(f"top_n must be at least 1, got {top_n}")
    ep = epoch_lists[epoch_lists["top_n"] <= top_n].groupby("system")["top_n"].min()
    df = systems[systems["system"].isin(ep.index) & systems["publication_date"].notna()]
    df = df.drop_duplicates("system").sort_values("publication_date", kind="mergesort")
    return df.assign(epoch_top_n=df["system"].map(ep).to_numpy()).reset_index(drop=True)


def frontier_agreement(rule: pd.DataFrame, epoch: pd.DataFrame) -> pd.DataFrame:
    """The book's frontier rule (:func:`frontier_selection`) beside Epoch's list
    (:func:`epoch_frontier`) over the same span of dates (the caller selects both over it).

    Returns one row per model in either: system, publication_date, compute_rank (the rule's),
    epoch_top_n, in_ours (bool), in_epoch (bool), sorted by date.
    """
    ours = rule[["system", "publication_date", "compute_rank"]]
    ep = epoch[["system", "publication_date", "epoch_top_n"]]
    out = ours.merge(ep, on="system", how="outer", suffixes=("", "_epoch"), indicator=True)
    out["publication_date"] = out["publication_date"].fillna(out.pop("publication_date_epoch"))
    out["in_ours"] = out["_merge"] != "right_only"
    out["in_epoch"] = out.pop("_merge") != "left_only"
    return out.sort_values("publication_date", ignore_index=True)


def epoch_training_start(
    system: str, publication_date: pd.Timestamp, training_hours: float, model: AmortizationModel = COTTIER_2024
) -> pd.Timestamp:
    """Training start date in Epoch's cost model: publication minus (training time + 60 days);
    the median 793.5 h when the time is unknown; Epoch's hand-set dates for GPT-3 (2019-10-01),
    GPT-3.5 (2022-03-14), GPT-4 (ended 2022-08-15) and Gemini Ultra (2023-05-10)."""
    hours = training_hours if training_hours == training_hours else model.median_training_days * 24
    if "Gemini Ultra" in system or "Gemini 1.0 Ultra" in system:
        return pd.Timestamp("2023-05-10")
    if "GPT-4" in system:
        return pd.Timestamp("2022-08-15") - pd.Timedelta(hours=int(hours))
    if "GPT-3.5" in system:
        return pd.Timestamp("2022-03-14")
    if "GPT-3" in system:
        return pd.Timestamp("2019-10-01")
    return publication_date - pd.Timedelta(hours=int(hours)) - pd.Timedelta(days=model.pre_publication_days)


def deflate_to(usd: ArrayLike, dates: ArrayLike, ppi: pd.DataFrame, to_month: str = "2023-12-01") -> np.ndarray:
    """Nominal USD at ``dates`` in USD of ``to_month``: x PPI(to) / PPI(month of the date), with
    the US producer price index for data processing and hosting (PCU518210518210), as Epoch
    does (``datasets.load_ppi()``: date, ppi)."""
    idx = ppi.set_index(pd.to_datetime(ppi["date"]).dt.to_period("M"))["ppi"]
    months = pd.to_datetime(pd.Series(np.ravel(np.asarray(dates, dtype=object)))).dt.to_period("M")
    target = pd.Period(to_month, "M")
    if target not in idx.index:
        raise CostError(f"the price index has no value for {to_month}")
    last = idx.index.max()
    months = months.where(months <= last, last)
    frm = months.map(idx).to_numpy(float)
    return np.asarray(usd, dtype=float) * float(idx[target]) / frm


def estimate_frontier_costs(
    frontier: pd.DataFrame,
    prices: pd.DataFrame,
    chips: pd.DataFrame,
    ppi: pd.DataFrame,
    model: AmortizationModel = COTTIER_2024,
    to_month: str = "2023-12-01",
) -> pd.DataFrame:
    """Cost of each frontier model by the three approaches of Cottier et al. 2024, in USD of
    ``to_month`` (deflated by :func:`deflate_to`), from Epoch's own tables.

    frontier: rows of ``datasets.load_cost_systems()`` (e.g. :func:`frontier_selection`);
    prices, chips, ppi: ``datasets.load_hardware_prices()``, ``load_chips()``, ``load_ppi()``.

    * chip-hours: the table's training chip-hours, else count x hours, else
      FLOP / (peak x MFU), MFU 0.375 when unknown;
    * amortized (``amortized_usd``): server value at training start (the
      :func:`scalingbook.science.hardware.epoch_acquisition_price` depreciated at k = 0.14 OOM/yr from
      purchase to start) x r / 8766 h x chip-hours, + interconnect 0.19/0.81 of that, + energy
      (TDP x server ratio x average fraction x PUE x chip-hours x US industrial price of the
      publication year); with its four components;
    * cloud (``cloud_usd``): chip-hours x :func:`scalingbook.science.hardware.epoch_cloud_price` at
      purchase time (training start - 60 days);
    * acquisition (``acquisition_usd``): chips x server price / (1 - 0.19);
    * a fine-tuned model (``base_model`` set) adds its base model's cost, or gets none if the
      base model is not in ``frontier``.

    ``status`` says why a model has no amortized cost ("costed" when it has one).
    """
    rows = []
    r = model.replacement_per_year
    f_ic = model.interconnect_fraction
    names = [h for h in frontier["training_hardware"].dropna().unique() if "," not in h]
    chips = chips[chips["name_of_the_hardware"].isin(names)]
    specs = {h: _hw.chip_spec(h, chips) for h in names}
    bought = {h: _hw.epoch_acquisition_price(h, prices, chips) for h in names}
    rental = prices.loc[prices["vendor"].notna(), ["hardware_model", "vendor", "price_date", *_hw.CLOUD_PRICE_TYPES]]
    for m in frontier.to_dict("records"):
        hw = m.get("training_hardware")
        rec = {
            "system": m["system"],
            "publication_date": m["publication_date"],
            "organization": m.get("organization"),
            "training_hardware": hw,
            "training_compute_flop": m["training_compute_flop"],
            "hardware_quantity": m.get("hardware_quantity"),
            "base_model": m.get("base_model"),
        }
        status = "costed"
        spec = None
        if not isinstance(hw, str):
            status = "training hardware unknown"
        elif "," in hw:
            status = "mixed hardware types"
        else:
            spec = specs[hw]
            if spec is None:
                status = "hardware not in Epoch's chip table"
        hours = math.nan
        if spec is not None:
            given = _float(m.get("training_chip_hours"))
            q, t = _float(m.get("hardware_quantity")), _float(m.get("training_time_hours"))
            if not math.isnan(given):
                hours, how = given, "reported chip-hours"
            elif not (math.isnan(q) or math.isnan(t)):
                hours, how = q * t, "count x hours"
            elif not math.isnan(spec.peak_flops):
                u = _float(m.get("hardware_utilization"))
                how = "FLOP / (peak x reported MFU)" if not math.isnan(u) else "FLOP / (peak x MFU 0.375)"
                u = model.default_mfu if math.isnan(u) else u
                hours = float(m["training_compute_flop"]) / (spec.peak_flops * u) / SECONDS_PER_HOUR
            else:
                status = "no peak FLOP/s for the hardware"
            rec["chip_hours_basis"] = how if not math.isnan(hours) else None
        rec["chip_hours"] = hours
        price = bought[hw] if status == "costed" else None
        if status == "costed" and price is None:
            status = "no purchase price for the hardware"
        amort = dict.fromkeys(("chips_usd", "other_server_usd", "interconnect_usd", "energy_usd"), math.nan)
        cloud = acq = math.nan
        if status == "costed":
            start = epoch_training_start(
                m["system"], m["publication_date"], _float(m.get("training_time_hours")), model
            )
            if "TPU" not in hw and start < price.acquired:
                start = price.acquired
            value = price.price_usd * 10.0 ** (
                -model.price_performance_ooms_per_year * (start - price.acquired).days / 365.25
            )
            servers = value * r / HOURS_PER_YEAR * hours
            overhead = _hw.server_cost_overhead_for(hw)
            if math.isnan(spec.tdp_watts):
                status = "no TDP for the hardware"
            else:
                kw = (
                    spec.tdp_watts
                    / 1000
                    * _hw.chip_to_server_power_for(hw)
                    * _hw.server_power_fraction_for(hw)
                    * pue_for(str(m.get("organization", "")), model)
                )
                amort = {
                    "chips_usd": servers / overhead,
                    "other_server_usd": servers - servers / overhead,
                    "interconnect_usd": servers * f_ic / (1 - f_ic),
                    "energy_usd": kw * hours * float(electricity_price(m["publication_date"].year)),
                }
            rec.update(
                server_price_usd=price.price_usd,
                price_basis=price.basis,
                hardware_acquired=price.acquired,
                training_start=start,
                server_value_usd=value,
            )
            q = _float(m.get("hardware_quantity"))
            acq = q * price.price_usd / (1 - f_ic)
            cp = _hw.epoch_cloud_price(
                hw, str(m.get("organization", "")), start - pd.Timedelta(days=model.acquisition_days), rental
            )
            if cp is not None:
                cloud = cp[0] * hours
                rec["cloud_price_basis"] = cp[1]
        rec.update(amort, status=status, cloud_nominal=cloud, acquisition_nominal=acq)
        rows.append(rec)
    out = pd.DataFrame(rows)
    comps = list(TrainingRun.COMPONENTS)
    out["amortized_nominal"] = out[comps].sum(axis=1, min_count=4)
    # fine-tuned models add their base model's cost (Epoch's cost model)
    for col in ("amortized_nominal", "cloud_nominal", "acquisition_nominal", *comps):
        base_cost = out["base_model"].map(out.set_index("system")[col]) if out["base_model"].notna().any() else None
        if base_cost is not None:
            has_base = out["base_model"].notna()
            out.loc[has_base, col] = out.loc[has_base, col] + base_cost[has_base]
    out.loc[out["base_model"].notna() & out["amortized_nominal"].isna() & (out["status"] == "costed"), "status"] = (
        "base model not costed"
    )
    factor = deflate_to(np.ones(len(out)), out["publication_date"], ppi, to_month)
    for col in ("amortized", "cloud", "acquisition"):
        out[f"{col}_usd"] = out[f"{col}_nominal"] * factor
    for col in comps:
        out[col] = out[col] * factor
    out["year"] = np.asarray(epoch_decimal_year(out["publication_date"].to_numpy()), dtype=float).reshape(-1)
    return out


#: Cost columns of :func:`estimate_frontier_costs` and the approach each stands for.
APPROACHES = {
    "amortized_usd": "amortized hardware + energy",
    "cloud_usd": "cloud rental",
    "acquisition_usd": "hardware acquisition",
}


def growth_fits(costs: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """OLS growth of log10(cost) on decimal year (:func:`growth_rate`) for each approach of
    :data:`APPROACHES` over the models of ``costs`` that have that cost: approach, n_models,
    factor_per_year, ci_low, ci_high, doubling_time_years, level."""
    rows = []
    for col, label in APPROACHES.items():
        ok = costs[col].notna() & (costs[col] > 0)
        fit = growth_rate(costs.loc[ok, "year"], costs.loc[ok, col], level=level)
        rows.append(
            {
                "approach": label,
                "column": col,
                "n_models": fit.n,
                "factor_per_year": fit.factor_per_year,
                "ci_low": fit.ci_low,
                "ci_high": fit.ci_high,
                "doubling_time_years": fit.doubling_time_years,
                "level": level,
                "fit": fit,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Reproduction:
    """Cottier et al. 2024 reproduced as Epoch's code makes it.

    ``selection``: Epoch's frontier list (:func:`epoch_frontier`, no date window);
    ``rule_selection``: the paper's stated rule applied by the book over the same span;
    ``agreement``: the two beside each other (:func:`frontier_agreement`); ``costs``: every
    model of ``selection``, costed or with the reason it is not; ``fits``: :func:`growth_fits`
    over the costed ones (the reproduction); ``window``: the paper's stated "since 2016" window;
    ``window_fits``: the same fits over the costed models published inside it; ``outside_window``:
    the costed models of Epoch's list that the window drops."""

    selection: pd.DataFrame
    rule_selection: pd.DataFrame
    agreement: pd.DataFrame
    costs: pd.DataFrame
    fits: pd.DataFrame
    window: tuple[str, str]
    window_fits: pd.DataFrame

    @property
    def costed(self) -> pd.DataFrame:
        return self.costs[self.costs["amortized_usd"].notna()].reset_index(drop=True)

    @property
    def not_costed(self) -> pd.DataFrame:
        """The selected models without an amortized cost, with the reason (``status``)."""
        return self.costs[self.costs["amortized_usd"].isna()][
            ["system", "publication_date", "training_hardware", "status"]
        ].reset_index(drop=True)

    @property
    def outside_window(self) -> pd.DataFrame:
        """Costed models of Epoch's list published outside ``window`` (DeepSpeech2 at top 10)."""
        start, end = (pd.Timestamp(w) for w in self.window)
        c = self.costed
        return c[(c["publication_date"] < start) | (c["publication_date"] >= end)].reset_index(drop=True)

    def fit(self, column: str = "amortized_usd") -> GrowthFit:
        return self.fits.set_index("column").at[column, "fit"]

    def window_fit(self, column: str = "amortized_usd") -> GrowthFit:
        return self.window_fits.set_index("column").at[column, "fit"]


#: What Epoch's own code prints for the amortized fit on the paper's inputs (cost_analysis.ipynb
#: at the paper's commit, statsmodels OLS of log10 cost on the decimal year): 45 models, slope
#: 0.3888 OOM per year (s.e. 0.048), intercept -780.1761, "2.4x/year (95% CI: 2.0x, 3.1x)".
COTTIER_2024_EPOCH_FIT = {
    "n_models": 45,
    "slope": 0.3888,
    "slope_se": 0.048,
    "intercept": -780.1761,
    "source": "epoch-research/training-cost-trends cost_analysis.ipynb, output of the regression cell",
}


@lru_cache(maxsize=4)
def reproduce_cottier_2024(
    top_n: int = COTTIER_2024_TOP_N, window: tuple[str, str] = COTTIER_2024_WINDOW, level: float = 0.95
) -> Reproduction:
    """Cottier et al. 2024's selection, costs and growth fits, from Epoch's own inputs
    (training-cost-trends at the paper's commit, through :mod:`scalingbook.sources.datasets`),
    as Epoch's code makes them: Epoch's frontier list with no date window, Epoch's price tie
    (:data:`scalingbook.science.hardware.EPOCH_PRICE_TIES`). At top 10: 45 models costed by the
    amortized approach, 2.44x per year (95% CI 1.96-3.05; Epoch prints 2.4x, 2.0-3.1), cloud 40
    models and acquisition 37, as Epoch's code gives; ``window`` gives the "since 2016" variant
    beside it. Cached: a second call is free."""
    from ..sources import datasets

    systems = datasets.load_cost_systems()
    epoch = epoch_frontier(systems, datasets.load_frontier_lists(), top_n)
    span = (str(epoch["publication_date"].min().date()), window[1])
    rule = frontier_selection(systems, top_n, span)
    agree = frontier_agreement(rule, epoch[epoch["publication_date"] < pd.Timestamp(window[1])])
    costs = estimate_frontier_costs(epoch, datasets.load_hardware_prices(), datasets.load_chips(), datasets.load_ppi())
    start, end = (pd.Timestamp(w) for w in window)
    inside = costs[(costs["publication_date"] >= start) & (costs["publication_date"] < end)]
    return Reproduction(epoch, rule, agree, costs, growth_fits(costs, level), window, growth_fits(inside, level))


#: Models whose cost in the book's table is not an Epoch amortized estimate, and what it is.
NOT_EPOCH_AMORTIZED = {
    "DeepSeek-V3": "DeepSeek's own figure: 2.788M H800-hours rented at $2 per hour ($5.576M, "
    "DeepSeek-AI 2024 technical report); not an amortized hardware + energy estimate",
}


def cost_book_models(models: pd.DataFrame, since: str = COTTIER_2024_WINDOW[1]) -> pd.DataFrame:
    """The book's 19-row table (``data/frontier_models.csv``) published on or after ``since``,
    costed with the same Epoch-method model as :func:`estimate_frontier_costs` (Epoch's chip
    and price tables, deflated to 2023 USD). The update beyond the paper: these models are
    later than its data. Rows in :data:`NOT_EPOCH_AMORTIZED` keep their table cost, are
    labelled, and get no amortized cost (they stay out of every fit); ``status`` says why a
    row is not costed."""
    from ..sources import datasets

    df = models[pd.to_datetime(models["publication_date"]) >= pd.Timestamp(since)].copy()
    full = {}
    for hw in df["training_hardware"].dropna().unique():
        try:
            full[hw] = _hw.EPOCH_CHIP_NAMES.get(_hw.resolve_name(hw))
        except _hw.HardwareError:
            full[hw] = None
    frame = pd.DataFrame(
        {
            "system": df["model"].to_numpy(),
            "publication_date": pd.to_datetime(df["publication_date"]).to_numpy(),
            "organization": df["organization"].to_numpy(),
            "training_hardware": df["training_hardware"].map(full).to_numpy(),
            "training_compute_flop": df["training_compute_flop"].to_numpy(float),
            "hardware_quantity": df["hardware_quantity"].to_numpy(float),
            "training_time_hours": df["training_time_hours"].to_numpy(float),
            "hardware_utilization": df["hardware_utilization"].to_numpy(float),
            "training_chip_hours": np.nan,
            "base_model": np.nan,
        }
    )
    out = estimate_frontier_costs(frame, datasets.load_hardware_prices(), datasets.load_chips(), datasets.load_ppi())
    out["table_hardware"] = df["training_hardware"].to_numpy()
    out.loc[out["training_hardware"].isna() & pd.Series(df["training_hardware"].notna().to_numpy()), "status"] = (
        "hardware not priced in Epoch's 2024 tables"
    )
    out["table_cost_2023_usd"] = df["training_compute_cost_2023_usd"].to_numpy(float)
    out["cost_label"] = "book's Epoch-method estimate"
    for name, label in NOT_EPOCH_AMORTIZED.items():
        hit = out["system"] == name
        out.loc[hit, ["amortized_usd", "cloud_usd", "acquisition_usd"]] = np.nan
        out.loc[hit, "status"] = "not an amortized estimate"
        out.loc[hit, "cost_label"] = label
    return out


def frontier_update(
    reproduction: Reproduction, book_costs: pd.DataFrame, top_n: int = COTTIER_2024_TOP_N, level: float = 0.95
) -> tuple[pd.DataFrame, GrowthFit]:
    """The update beyond the paper: the paper's costed models plus the later rows of
    :func:`cost_book_models` that pass the same top-``top_n`` rule, ranked against every
    notable model of Epoch's 2024 snapshot and the book's later rows (the snapshot ends in May
    2024, so a later model can only be ranked too high, never too low). Returns the combined
    table (``sample``: "Cottier et al. 2024" or "update 2024-25") and the amortized growth fit."""
    from ..sources import datasets

    systems = datasets.load_cost_systems()
    known = systems[systems["notability_criteria"].notna() & systems["training_compute_flop"].notna()]
    pool_c = np.concatenate(
        [known["training_compute_flop"].to_numpy(float), book_costs["training_compute_flop"].to_numpy(float)]
    )
    pool_t = np.concatenate(
        [
            known["publication_date"].to_numpy("datetime64[ns]"),
            pd.to_datetime(book_costs["publication_date"]).to_numpy("datetime64[ns]"),
        ]
    )
    c = book_costs["training_compute_flop"].to_numpy(float)
    t = pd.to_datetime(book_costs["publication_date"]).to_numpy("datetime64[ns]")
    rank = 1 + ((pool_t[None, :] <= t[:, None]) & (pool_c[None, :] > c[:, None])).sum(axis=1)
    later = book_costs.assign(compute_rank=rank, sample="update 2024-25")
    later = later[later["compute_rank"] <= top_n]
    paper = reproduction.costs.assign(sample="Cottier et al. 2024")
    both = pd.concat([paper, later], ignore_index=True)
    ok = both["amortized_usd"].notna()
    return both, growth_rate(both.loc[ok, "year"], both.loc[ok, "amortized_usd"], level=level)
