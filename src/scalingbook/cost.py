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

Every constant is a named default in :data:`COTTIER_2024` or :mod:`scalingbook.hardware`.
All functions take numpy arrays and broadcast, so a sweep of scenarios is one call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .params import scalar_or_array as _out
from . import hardware as _hw
from . import params as _params
from .report import verdict

__all__ = [
    "CostError",
    "AmortizationModel",
    "COTTIER_2024",
    "US_INDUSTRIAL_USD_PER_KWH",
    "HYPERSCALERS",
    "AZURE_A100_3YR_USD_PER_HOUR_2022",
    "EPOCH_TRAINING_END",
    "EPOCH_TRAINING_START",
    "SECONDS_PER_HOUR",
    "HOURS_PER_YEAR",
    "SECONDS_PER_YEAR",
    "TrainingRun",
    "GrowthFit",
    "training_seconds",
    "accelerators_needed",
    "implied_mfu",
    "hardware_value",
    "pue_for",
    "electricity_price",
    "training_run",
    "resolve_budget",
    "growth_rate",
    "decimal_year",
    "years_between",
    "estimate_models",
    "Scenario",
    "scenario",
    "days_vs_count",
    "frontier_costs",
    "power_references",
    "claims_checked",
    "COTTIER_2024_SHARES",
    "COTTIER_2024_STAFF_SHARE",
    "SEED_SPLIT",
    "chart_frontier",
    "chart_breakdown",
    "chart_days",
    "chart_power",
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
    2010: 0.0677, 2011: 0.0682, 2012: 0.0667, 2013: 0.0689, 2014: 0.0710, 2015: 0.0691,
    2016: 0.0676, 2017: 0.0688, 2018: 0.0692, 2019: 0.0681, 2020: 0.0667, 2021: 0.0718,
    2022: 0.0832, 2023: 0.0806, 2024: 0.0771, 2025: 0.0826,
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
    return _params.as_floats(x, name, CostError)


def _check(x: ArrayLike, name: str, low: float, high: float = math.inf, *,
           low_open: bool = False, high_open: bool = False) -> np.ndarray:
    return _params.check_range(x, name, low, high, low_open=low_open, high_open=high_open, error=CostError)




# ---------------------------------------------------------------------------------------
# time and utilisation
# ---------------------------------------------------------------------------------------

def training_seconds(train_flops: ArrayLike, peak_flops: ArrayLike, n_accelerators: ArrayLike,
                     mfu: ArrayLike) -> np.ndarray | float:
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


def accelerators_needed(train_flops: ArrayLike, peak_flops: ArrayLike, days: ArrayLike,
                        mfu: ArrayLike) -> np.ndarray | float:
    """Accelerators n = C / (t x peak x MFU) to finish C FLOP in ``days`` days (a real number;
    round up for a count). Units as in :func:`training_seconds`."""
    d = _check(_arr(days, "days"), "days", 0, low_open=True)
    return _out(np.asarray(training_seconds(train_flops, peak_flops, d * 86_400.0, mfu)))


def implied_mfu(train_flops: ArrayLike, peak_flops: ArrayLike, n_accelerators: ArrayLike,
                days: ArrayLike) -> np.ndarray | float:
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

def hardware_value(price_usd: ArrayLike, age_years: ArrayLike,
                   ooms_per_year: float = COTTIER_2024.price_performance_ooms_per_year
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
        return pd.DataFrame({
            "component": [self.LABELS[c] for c in self.COMPONENTS],
            "usd": usd,
            "share": usd / usd.sum(),
        })

    def to_frame(self) -> pd.DataFrame:
        """All numeric fields as columns, one row per scenario."""
        cols = {f.name: np.ravel(np.asarray(getattr(self, f.name), dtype=float))
                for f in fields(self) if f.name != "accelerator"}
        n = max(len(v) for v in cols.values())
        df = pd.DataFrame({k: np.broadcast_to(v, (n,)) if len(v) == 1 else v for k, v in cols.items()})
        df.insert(0, "accelerator", self.accelerator)
        return df


def training_run(
    train_flops: ArrayLike,
    accelerator: str,
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

    train_flops: training compute C, FLOP (e.g. :func:`scalingbook.compute.train_flops`);
    accelerator: a name known to :func:`scalingbook.hardware.accelerator` ("H100");
    n_accelerators: accelerators in the cluster; days: wall-clock duration, days;
    mfu: model FLOPs utilisation in (0, 1] (Epoch's default when unknown: 0.375);
    usd_per_gpu_hour: cloud price per accelerator-hour, USD;
    usd_per_kwh: electricity price, USD/kWh (default: US industrial average 2023, 0.0806);
    pue: power usage effectiveness >= 1 (Epoch: 1.1 hyperscalers, 1.25 others);
    server_price_usd: purchase price of the server share per accelerator, USD (default: the
    table's price, times the server overhead unless it is already a server price);
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
        if math.isnan(acc.server_price_usd):
            raise CostError(
                f"accelerator {acc.name} has no published price in data/gpu_specs.csv; "
                "pass server_price_usd (USD per accelerator, server share)"
            )
        server_price = np.asarray(acc.server_price_usd)
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
        raise CostError(f"accelerator {acc.name} has no published TDP in data/gpu_specs.csv; energy cannot be estimated")
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
        from scipy import stats

        x = np.asarray(years, dtype=float)
        t = stats.t.ppf(0.5 + self.level / 2, self.n - 2)
        se = self.residual_sd * np.sqrt(1.0 / self.n + (x - self.year_mean) ** 2 / self.sxx)
        mid = self.intercept + self.slope * x
        return 10.0 ** (mid - t * se), 10.0 ** (mid + t * se)


def growth_rate(years: ArrayLike, usd: ArrayLike, level: float = 0.95) -> GrowthFit:
    """Fit cost = 10^(a + b x year) by ordinary least squares on log10(cost).

    years: decimal years (see :func:`decimal_year`); usd: costs > 0, USD; level: confidence
    level of the interval on the yearly factor 10^b. Cottier et al. 2024 report 2.4x per
    year (95% CI 2.0-3.1x, v1 and Epoch's blog; 90% CI 2.0-2.9x in the later arXiv version)
    for the amortized cost of frontier runs since 2016.
    """
    from scipy import stats

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
    sd = float(np.sqrt((resid ** 2).sum() / (x.size - 2)))
    se = sd / math.sqrt(sxx)
    t = float(stats.t.ppf(0.5 + level / 2, x.size - 2))
    return GrowthFit(
        slope=slope,
        intercept=intercept,
        slope_se=se,
        residual_sd=sd,
        n=int(x.size),
        level=level,
        factor_per_year=10.0 ** slope,
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


def years_between(start: Any, end: Any) -> np.ndarray | float:
    """Years (of 365.25 days) from ``start`` to ``end`` (dates or arrays of dates)."""
    s = pd.to_datetime(pd.Series(np.ravel(np.asarray(start, dtype=object))))
    e = pd.to_datetime(pd.Series(np.ravel(np.asarray(end, dtype=object))))
    return _out(((e - s).dt.days.to_numpy(float) / 365.25).reshape(np.broadcast_shapes(np.shape(start), np.shape(end))))


# ---------------------------------------------------------------------------------------
# the frontier table
# ---------------------------------------------------------------------------------------

#: Training dates Epoch sets by hand where publication lags training by far more than usual
#: (Epoch's cost model, ``get_training_start_date``): GPT-4 finished training 2022-08-15; GPT-3
#: started 2019-10-01; GPT-3.5 2022-03-14; Gemini 1.0 Ultra 2023-05-10.
EPOCH_TRAINING_END = {"GPT-4": "2022-08-15"}
EPOCH_TRAINING_START = {"GPT-3 175B (davinci)": "2019-10-01", "GPT-3.5": "2022-03-14", "Gemini 1.0 Ultra": "2023-05-10"}


def _short_or_none(name: Any) -> str | None:
    if not isinstance(name, str) or "," in name:
        return None
    try:
        return _hw.resolve_name(name)
    except _hw.HardwareError:
        return None


def estimate_models(models: pd.DataFrame, model: AmortizationModel = COTTIER_2024) -> pd.DataFrame:
    """Epoch-method amortized cost (hardware + energy, nominal USD) of each model in ``models``.

    ``models`` has the columns of ``data/frontier_models.csv`` (model, organization,
    publication_date, training_compute_flop, training_hardware, hardware_quantity,
    training_time_hours, hardware_utilization). Accelerator-hours are count x hours when both
    are known, else FLOP / (peak x MFU) with MFU 0.375 when unknown. Training starts
    (hours + 60 days) before publication (Epoch's hand-set dates for GPT-3/3.5/4 and Gemini
    Ultra); GPUs are bought 90 days after release, TPUs at release; PUE by organisation and
    electricity by publication year. Rows whose hardware is unknown, mixed or not in the
    book's table get NaN and say why in ``note``.
    """
    df = models.reset_index(drop=True)
    short = df["training_hardware"].map(_short_or_none)
    ok = short.notna()
    table = _hw.accelerator_table()
    peak = short.map(table["peak_flops"]).astype(float)
    mfu_known = df["hardware_utilization"].notna()
    mfu = df["hardware_utilization"].fillna(model.default_mfu).astype(float)
    counted = df["hardware_quantity"].notna() & df["training_time_hours"].notna()
    hours = np.where(counted, df["hardware_quantity"] * df["training_time_hours"],
                     df["training_compute_flop"] / (peak * mfu) / SECONDS_PER_HOUR)
    pub = pd.to_datetime(df["publication_date"])
    train_days = pd.to_timedelta(df["training_time_hours"].fillna(model.median_training_days * 24), unit="h")
    start = pub - train_days - pd.to_timedelta(model.pre_publication_days, unit="D")
    for name, end in EPOCH_TRAINING_END.items():
        start = start.where(df["model"] != name, pd.Timestamp(end) - train_days)
    for name, when in EPOCH_TRAINING_START.items():
        start = start.where(df["model"] != name, pd.Timestamp(when))
    release = pd.to_datetime(short.map(table["release_date"]))
    is_tpu = short.fillna("").str.contains("TPU")
    bought = release + pd.to_timedelta(np.where(is_tpu, 0.0, model.gpu_first_use_days), unit="D")
    age = (start - bought).dt.days / 365.25
    age = np.where(is_tpu, age, np.maximum(age, 0.0))
    value = short.map(table["server_price_usd"]).astype(float) * 10.0 ** (-model.price_performance_ooms_per_year * age)
    servers = value * model.replacement_per_year / HOURS_PER_YEAR * hours
    interconnect = servers * model.interconnect_fraction / (1 - model.interconnect_fraction)
    server_kw = short.map(table["tdp_watts"] * table["chip_to_server_power"] * table["server_power_fraction"]).astype(float) / 1000
    pue = df["organization"].fillna("").map(lambda o: pue_for(o, model))
    energy = server_kw * pue * hours * electricity_price(pub.dt.year.to_numpy())
    cost = servers + interconnect + energy
    note = np.where(~ok, "hardware unknown, mixed or not in the book's table",
                    np.where(counted, "count x hours" + np.where(mfu_known, "", ""),
                             np.where(mfu_known, "FLOP / (peak x reported MFU)", "FLOP / (peak x MFU 0.375)")))
    return pd.DataFrame({
        "model": df["model"],
        "year": decimal_year(df["publication_date"].to_numpy()),
        "accelerator": short,
        "accelerator_hours": np.where(ok, hours, np.nan),
        "hardware_age_years": np.where(ok, age, np.nan),
        "book_usd": np.where(ok, cost, np.nan),
        "epoch_usd": df.get("training_compute_cost_2023_usd", pd.Series(np.nan, index=df.index)).astype(float),
        "note": note,
    })


# ---------------------------------------------------------------------------------------
# the chapter's scenario and its comparisons
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scenario:
    """A reader's run: the resolved budget, the price used and how, and the :class:`TrainingRun`."""

    train_flops: float
    budget_basis: str
    server_price_usd: float
    price_basis: str
    model: AmortizationModel
    run: TrainingRun


def scenario(params: dict) -> Scenario:
    """The pretraining-cost chapter's run from its validated parameters (see
    ``scalingbook.params.PRETRAINING_COST`` for names and units)."""
    from dataclasses import replace

    c = resolve_budget(params["train_flops"], params.get("n_params", 0.0), params.get("n_tokens", 0.0))
    basis = (f"6ND with N = {params['n_params']:.3g}, D = {params['n_tokens']:.3g}"
             if params.get("n_params", 0.0) > 0 else "the train_flops parameter")
    if params.get("server_price_usd", 0.0) > 0:
        price, price_basis = float(params["server_price_usd"]), "the server_price_usd parameter"
    else:
        price, price_basis = _hw.server_price(params["accelerator"])
    model = replace(COTTIER_2024,
                    price_performance_ooms_per_year=params.get("ooms_per_year", COTTIER_2024.price_performance_ooms_per_year),
                    interconnect_fraction=params.get("interconnect_fraction", COTTIER_2024.interconnect_fraction))
    days = params.get("training_days", 0.0)
    run = training_run(
        c, params["accelerator"], None if days > 0 else params["n_accelerators"],
        days=days if days > 0 else None, mfu=params["mfu"],
        usd_per_gpu_hour=params["usd_per_gpu_hour"], usd_per_kwh=params.get("usd_per_kwh", US_INDUSTRIAL_USD_PER_KWH[2023]),
        pue=params.get("pue", COTTIER_2024.pue_other), server_price_usd=price,
        hardware_age_years=params.get("hardware_age_years", 0.0), model=model,
    )
    return Scenario(c, basis, price, price_basis, model, run)


def days_vs_count(train_flops: float, accelerators: list[str], n_accelerators: ArrayLike, mfu: float) -> pd.DataFrame:
    """Training days for each accelerator type and cluster size (long format:
    accelerator, n_accelerators, days). One vectorised call per accelerator type."""
    n = np.asarray(n_accelerators, dtype=float)
    frames = [pd.DataFrame({"accelerator": a, "n_accelerators": n,
                            "days": np.asarray(training_seconds(train_flops, _hw.accelerator(a).peak_flops, n, mfu)) / 86_400.0})
              for a in accelerators]
    return pd.concat(frames, ignore_index=True)


def frontier_costs(models: pd.DataFrame, since: float = 2016.0) -> pd.DataFrame:
    """The frontier table's cost per model: Epoch's estimate where it has one, else the book's
    (:func:`estimate_models`), with ``basis`` saying which; rows before ``since`` or without
    either are dropped."""
    est = estimate_models(models)
    use_epoch = est["epoch_usd"].notna()
    out = est.assign(
        usd=np.where(use_epoch, est["epoch_usd"], est["book_usd"]),
        basis=np.where(use_epoch, "Epoch AI estimate", "book's estimate (Epoch method)"),
        training_compute_flop=models["training_compute_flop"].to_numpy(),
    )
    return out[(out["year"] >= since) & out["usd"].notna()].reset_index(drop=True)


def power_references(run: TrainingRun, label: str = "your run") -> pd.DataFrame:
    """Average wall power (MW) of ``run`` beside published clusters, costed with the same model:
    GPT-4 (25,000 A100, Epoch), Llama 3.1-405B (16,384 H100, Meta, PUE 1.1), Grok-3
    (100,000 H100, Epoch) and the 1-5 GW single campuses Sevilla et al. 2024 expect by 2030."""
    clusters = [("GPT-4 (25,000 A100)", "A100", 25_000, COTTIER_2024.pue_other),
                ("Llama 3.1-405B (16,384 H100)", "H100", 16_384, COTTIER_2024.pue_hyperscaler),
                ("Grok-3 (100,000 H100)", "H100", 100_000, COTTIER_2024.pue_other)]
    rows = [(label, float(np.sum(run.power_mw)), "this page's parameters")]
    for name, acc, n, pue in clusters:
        a = _hw.accelerator(acc)
        rows.append((name, n * a.server_watts * pue / 1e6, "Epoch AI Notable AI Models; Epoch power model"))
    rows += [("2030 campus, low (1 GW)", 1000.0, "Sevilla et al. 2024"),
             ("2030 campus, high (5 GW)", 5000.0, "Sevilla et al. 2024")]
    return pd.DataFrame(rows, columns=["what", "power_mw", "source"])


#: Relative margin around a claimed range within which the chapter calls a claim "close".
CLAIM_MARGIN = 0.5

#: Cottier et al. 2024 abstract: shares of the development cost of GPT-4 and Gemini Ultra.
COTTIER_2024_SHARES = {"other server components": (0.15, 0.22), "cluster interconnect": (0.09, 0.13),
                       "energy": (0.02, 0.06)}
#: Cottier et al. 2024 (Epoch blog): R&D staff are 29-49% of development cost.
COTTIER_2024_STAFF_SHARE = (0.29, 0.49)
#: The seed's cost split, a claim the chapter checks (no source given).
SEED_SPLIT = {"AI accelerator chips": 0.46, "other server components": 0.30, "cluster interconnect": 0.18, "energy": 0.06}


def claims_checked(models: pd.DataFrame, mfu: float = 0.4) -> pd.DataFrame:
    """The chapter's "claims checked" table: claim, source, the book's value, verdict.

    ``models`` is the frontier table; ``mfu`` the utilisation assumed for the 800k-H100 claim.
    """
    a100, h100 = _hw.accelerator("A100"), _hw.accelerator("H100")
    rows = []
    m90, m100 = implied_mfu(2e25, a100.peak_flops, 25_000, np.array([90.0, 100.0]))
    rows.append(("GPT-4: ~2e25 FLOP on ~25,000 A100 for 90-100 days", "SemiAnalysis leak reporting (not an official disclosure)",
                 f"implies MFU {m100:.0%}-{m90:.0%}", verdict(m90, 0.2, 0.6, close=CLAIM_MARGIN)))
    gpt4 = models.loc[models["model"] == "GPT-4"].iloc[0]
    start = pd.Timestamp(EPOCH_TRAINING_END["GPT-4"]) - pd.Timedelta(hours=float(gpt4["training_time_hours"]))
    age = years_between(pd.Timestamp(a100.release_date) + pd.Timedelta(days=COTTIER_2024.gpu_first_use_days), start)
    run = training_run(gpt4["training_compute_flop"], "A100", gpt4["hardware_quantity"], mfu=gpt4["hardware_utilization"],
                       usd_per_gpu_hour=AZURE_A100_3YR_USD_PER_HOUR_2022, hardware_age_years=age)
    rows.append(("GPT-4 cost ~$40M amortized hardware + energy", "Cottier et al. 2024 (Epoch: $40.6M, 2023 USD)",
                 f"${run.amortized_usd / 1e6:.1f}M", verdict(run.amortized_usd, 0.75 * 40.6e6, 1.25 * 40.6e6, close=CLAIM_MARGIN)))
    rows.append(("GPT-4 cost ~$78M at cloud prices", "Epoch training-cost-trends ($78.56M)",
                 f"${run.cloud_usd / 1e6:.1f}M at ${AZURE_A100_3YR_USD_PER_HOUR_2022}/A100-h",
                 verdict(run.cloud_usd, 0.75 * 78.56e6, 1.25 * 78.56e6, close=CLAIM_MARGIN)))
    ratio = h100.peak_flops / a100.peak_flops
    rows.append(("H100 ~3x A100", "NVIDIA datasheets (dense BF16)", f"{ratio:.2f}x peak", verdict(ratio, 2.7, 3.3, close=CLAIM_MARGIN)))
    d = training_run(100 * gpt4["training_compute_flop"], "H100", 800_000, mfu=mfu).days
    rows.append(("100x GPT-4 needs ~800k H100 for months", "seed claim", f"{d:.0f} days at MFU {mfu:.0%}", verdict(d, 30, 365, close=CLAIM_MARGIN)))
    laptop = 1e27 / (30e6 * SECONDS_PER_YEAR)
    rows.append(("1e27 FLOP = a laptop running 30M years", "seed claim (no source for 1e27)",
                 f"implies a laptop at {laptop / 1e12:.2f} TFLOP/s sustained", verdict(laptop, 1e11, 1e13, close=CLAIM_MARGIN)))
    gpt2 = float(models.loc[models["model"] == "GPT-2 (1.5B)", "training_compute_flop"].iloc[0])
    rows.append(("1e27 FLOP = GPT-2's run a million times", "seed claim; GPT-2 compute from Epoch AI",
                 f"{1e27 / gpt2:.2g} GPT-2 runs", verdict(1e27 / gpt2, 0.7e6, 1.4e6, close=1.0)))
    shares = run.breakdown().set_index("component")["share"]
    keep = 1 - np.array(COTTIER_2024_STAFF_SHARE)
    seed_ok = all(lo <= SEED_SPLIT[k] <= hi for k, (lo, hi) in COTTIER_2024_SHARES.items())
    rows.append(("cost split 46% chips / 30% servers / 18% interconnect / 6% energy", "seed claim vs Cottier et al. 2024",
                 f"servers {SEED_SPLIT['other server components']:.0%} vs published 15-22%; interconnect "
                 f"{SEED_SPLIT['cluster interconnect']:.0%} vs 9-13%", "reproduces" if seed_ok else "not supported"))
    scaled = {k: (shares[k] * keep[1], shares[k] * keep[0]) for k in COTTIER_2024_SHARES}
    inside = all(lo <= shi and slo <= hi for k, (lo, hi) in COTTIER_2024_SHARES.items() for slo, shi in [scaled[k]])
    rows.append(("servers 15-22%, interconnect 9-13%, energy 2-6% of development cost", "Cottier et al. 2024",
                 "book's GPT-4 hardware split x (1 - staff share 29-49%): " + ", ".join(
                     f"{k} {lo:.0%}-{hi:.0%}" for k, (lo, hi) in scaled.items()),
                 "reproduces" if inside else "close"))
    fc = frontier_costs(models)
    fit = growth_rate(fc["year"], fc["usd"])
    rows.append(("frontier training cost grows 2.4x per year (95% CI 2.0-3.1)", "Cottier et al. 2024",
                 f"{fit.factor_per_year:.1f}x per year (95% CI {fit.ci_low:.1f}-{fit.ci_high:.1f}), {fit.n} models",
                 "reproduces" if abs(fit.factor_per_year / 2.4 - 1) <= 0.25 else
                 ("close" if fit.ci_low <= 2.4 <= fit.ci_high else "not supported")))
    return pd.DataFrame(rows, columns=["claim", "source", "book's value", "verdict"])


# ---------------------------------------------------------------------------------------
# charts (Altair, in the book's style)
# ---------------------------------------------------------------------------------------

def chart_frontier(fc: pd.DataFrame, fit: GrowthFit):
    """Frontier training costs over time (log scale) with the OLS trend and its CI band."""
    import altair as alt

    from . import charts

    years = np.linspace(fc["year"].min(), fc["year"].max(), 60)
    lo, hi = fit.band(years)
    trend = pd.DataFrame({"year": years, "trend_usd": fit.predict(years), "low": lo, "high": hi})
    y_scale = charts.log_scale()
    x = alt.X("year:Q", title="publication date (year)", scale=alt.Scale(zero=False), axis=alt.Axis(format="d"))
    band = alt.Chart(trend).mark_area(opacity=0.2, color=charts.PALETTE[0]).encode(
        x=x, y=alt.Y("low:Q", scale=y_scale, axis=charts.log_axis("training cost (USD)")), y2="high:Q")
    line = alt.Chart(trend).mark_line(color=charts.PALETTE[0]).encode(x=x, y=alt.Y("trend_usd:Q", scale=y_scale))
    points = alt.Chart(fc).mark_point(size=80, filled=True).encode(
        x=x, y=alt.Y("usd:Q", scale=y_scale),
        color=alt.Color("basis:N", title="cost estimate", scale=alt.Scale(range=charts.PALETTE[1:])),
        shape=alt.Shape("basis:N", title="cost estimate"),
        tooltip=["model:N", alt.Tooltip("usd:Q", format="$,.3s", title="cost (USD)"), "basis:N",
                 alt.Tooltip("year:Q", format=".2f")])
    title = (f"Amortized training cost of notable models: {fit.factor_per_year:.1f}x per year "
             f"({fit.level:.0%} CI {fit.ci_low:.1f}-{fit.ci_high:.1f})")
    return (band + line + points).properties(title=title, width=charts.WIDTH, height=charts.HEIGHT)


def chart_breakdown(run: TrainingRun):
    """The run's amortized cost by component, with its cloud cost beside it (USD)."""
    import altair as alt

    from . import charts

    b = run.breakdown().assign(kind="amortized (Epoch method)")
    cloud = pd.DataFrame({"component": ["cloud rental"], "usd": [float(np.sum(run.cloud_usd))], "share": [np.nan],
                          "kind": ["cloud"]})
    df = pd.concat([b, cloud], ignore_index=True)
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("kind:N", title=None),
        x=alt.X("usd:Q", title="cost of the run (USD)", axis=alt.Axis(format="$,.2s")),
        color=alt.Color("component:N", title="component", sort=list(df["component"])),
        order=alt.Order("share:Q", sort="descending"),
        tooltip=["component:N", alt.Tooltip("usd:Q", format="$,.3s"), alt.Tooltip("share:Q", format=".0%")],
    ).properties(title="Where the money goes: amortized hardware + energy vs renting", width=charts.WIDTH, height=140)


def chart_days(df: pd.DataFrame, n_chosen: float, days_chosen: float):
    """Days against accelerator count per accelerator type (log-log), the reader's point marked."""
    import altair as alt

    from . import charts

    lines = charts.line_chart(df, x="n_accelerators", y="days", color="accelerator", color_title="accelerator",
                              x_title="accelerators in the cluster", y_title="training time (days)",
                              log_x=True, log_y=True, title="How long the budget takes, by cluster size and chip")
    mark = alt.Chart(pd.DataFrame({"n_accelerators": [n_chosen], "days": [days_chosen]})).mark_point(
        shape="diamond", size=200, color="black", filled=True).encode(
        x="n_accelerators:Q", y="days:Q",
        tooltip=[alt.Tooltip("n_accelerators:Q", format=",.0f"), alt.Tooltip("days:Q", format=".1f")])
    return lines + mark


def chart_power(refs: pd.DataFrame):
    """Average power draw at the wall (MW, log scale) against published clusters and 2030 campuses."""
    import altair as alt

    from . import charts

    return alt.Chart(refs).mark_bar().encode(
        y=alt.Y("what:N", title=None, sort=None),
        x=alt.X("power_mw:Q", scale=charts.log_scale(domain=[1, 1e4], clamp=True),
                axis=charts.log_axis("average power at the wall (MW)")),
        x2=alt.X2(datum=1),
        color=alt.condition(alt.datum.source == "this page's parameters", alt.value(charts.PALETTE[5]),
                            alt.value(charts.PALETTE[0])),
        tooltip=["what:N", alt.Tooltip("power_mw:Q", format=",.1f", title="MW"), "source:N"],
    ).properties(title="Power draw of training clusters", width=charts.WIDTH, height=200)
