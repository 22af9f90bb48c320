"""Does lower loss predict downstream performance? Fits, trend categories and backtests.

Scores are in percent (0-100) unless a caller says otherwise; ``chance`` is the score of
random guessing (the floor) and ``ceiling`` the best possible score. The x coordinate of a
curve is whatever measures scale: log10 training FLOPs, or validation loss in nats/token
(then pass ``scale_increases_with_x=False``, since a lower loss is a larger model).

Trend categories follow Lourie, Hu & Cho 2025 ("Scaling Laws Are Unreliable for Downstream
Tasks: A Reality Check", arXiv:2507.00885), who sorted 46 tasks into predictable, inverse,
nonmonotonic, noisy, trendless and breakthrough by inspecting plots. Their paper gives no
numeric thresholds; :class:`Thresholds` is this book's explicit, adjustable stand-in, and
:func:`categorise` documents each rule.

Nothing is dropped silently: functions that filter data return the rows they left out,
each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = [
    "CATEGORIES",
    "LOURIE_2025",
    "TASK_CHANCE",
    "Thresholds",
    "LinearFit",
    "SigmoidFit",
    "ErrorLawFit",
    "Trend",
    "Backtest",
    "Curves",
    "Analysis",
    "fit_linear",
    "fit_sigmoid",
    "fit_error_law",
    "error_law",
    "trend_features",
    "categorise",
    "classify_trend",
    "backtest",
    "gpt3_curves",
    "gadre_curves",
    "analyse",
    "category_shares",
    "share_grid",
    "two_stage_prediction",
]

#: The six trend categories of Lourie, Hu & Cho 2025, in the order :func:`categorise` tests them.
CATEGORIES = ("trendless", "inverse", "breakthrough", "predictable", "nonmonotonic", "noisy")


@dataclass(frozen=True)
class _Published:
    n_tasks: int
    share_predictable: float
    source: str


#: Lourie, Hu & Cho 2025: of 46 downstream tasks, 39% scale predictably (abstract, sec. 1).
#: The shares of the other five categories are not reproduced here (not verified).
LOURIE_2025 = _Published(
    n_tasks=46, share_predictable=0.39,
    source="Lourie, Hu & Cho 2025 (arXiv:2507.00885; Findings of EMNLP 2025), abstract",
)

#: Chance score (percent) of each GPT-3 task and metric, from the answer format: a k-way
#: multiple-choice or classification task scores 100/k by guessing; free-form answers
#: (generation, F1, exact match) have no guessing floor above 0. The book's own
#: classification of each benchmark's format, not a number from Brown et al. 2020.
TASK_CHANCE: dict[tuple[str, str], float] = {
    **{(t, "acc"): 25.0 for t in ("HellaSwag", "ARC (Challenge)", "ARC (Easy)", "OpenBookQA", "RACE-h", "RACE-m")},
    **{(t, "acc"): 50.0 for t in ("StoryCloze", "Winograd", "Winogrande", "PIQA", "BoolQ", "COPA", "RTE")},
    ("CB", "acc"): 100.0 / 3.0,
    **{(t, "acc"): 0.0 for t in ("LAMBADA", "NaturalQS", "TriviaQA", "WebQs")},
    **{(t, "f1"): 0.0 for t in ("CB", "CoQA", "DROP", "QuAC", "SQuADv2")},
    ("SQuADv2", "em"): 0.0,
}
TASK_CHANCE_SOURCE = ("answer format of each benchmark (k-way choice -> 100/k percent; free-form -> 0); "
                      "the book's classification")


# --------------------------------------------------------------------------------------
# Thresholds and fits
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """Documented thresholds of :func:`categorise`; changes are in units of the headroom
    ``ceiling - chance`` (0.05 = five percent of the way from guessing to perfect).

    min_r2: a fit explaining at least this share of the variance is close enough to be
        "predictable" (0-1).
    min_change: a curve whose points all lie within this band is "trendless"; a fitted
        decline of at least this much is "inverse"; a "breakthrough" starts flat within it.
    max_dip: a fall of at least this much from an earlier to a later (larger) model is a
        reversal: "nonmonotonic" if there is one, "noisy" if there are several.
    min_jump: a "breakthrough" rises at least this much above its flat start.
    """

    min_r2: float = 0.9
    min_change: float = 0.05
    max_dip: float = 0.05
    min_jump: float = 0.15

    def __post_init__(self) -> None:
        for name, low, high in (("min_r2", 0.0, 1.0), ("min_change", 0.0, 0.5),
                                ("max_dip", 0.0, 0.5), ("min_jump", 0.0, 1.0)):
            v = getattr(self, name)
            if not (low < v <= high):
                raise ValueError(f"{name} must be in ({low:g}, {high:g}], got {v}")


def _as_xy(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    if xa.shape[-1] != ya.shape[-1]:
        raise ValueError(f"x and y must have the same number of points, got {xa.shape[-1]} and {ya.shape[-1]}")
    if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(ya))):
        raise ValueError("x and y must be finite; remove missing points first (and report them)")
    return xa, ya


@dataclass(frozen=True)
class LinearFit:
    """Least-squares line y = intercept + slope x, with standard errors (arrays broadcast over
    curves). ``r2``: share of variance explained; ``resid_sd``: residual standard deviation
    with n - 2 degrees of freedom (NaN when n = 2)."""

    intercept: np.ndarray
    slope: np.ndarray
    intercept_se: np.ndarray
    slope_se: np.ndarray
    r2: np.ndarray
    resid_sd: np.ndarray
    x_mean: np.ndarray
    sxx: np.ndarray
    n: int
    family: str = "linear"

    def predict(self, x: ArrayLike) -> np.ndarray:
        """Fitted y at ``x`` (for stacked fits, ``x`` broadcasts against the curves' axis)."""
        xa = np.asarray(x, dtype=float)
        b0, b1 = np.asarray(self.intercept), np.asarray(self.slope)
        if b0.ndim:
            return b0[..., None] + b1[..., None] * xa
        return b0 + b1 * xa

    def predict_se(self, x: ArrayLike) -> np.ndarray:
        """Standard error of the fitted mean at ``x``: s sqrt(1/n + (x - xbar)^2 / Sxx)."""
        xa = np.asarray(x, dtype=float)
        s, xb, sxx = (np.asarray(v) for v in (self.resid_sd, self.x_mean, self.sxx))
        if s.ndim:
            s, xb, sxx = s[..., None], xb[..., None], sxx[..., None]
        return s * np.sqrt(1.0 / self.n + (xa - xb) ** 2 / sxx)


def fit_linear(x: ArrayLike, y: ArrayLike) -> LinearFit:
    """Ordinary least squares of y on x, vectorised over curves.

    x: shape (n,) or (..., n); y: shape (..., n), the same n points per curve (score, any
    unit). Closed form: slope = Sxy / Sxx, intercept = ybar - slope xbar,
    se(slope) = s / sqrt(Sxx), se(intercept) = s sqrt(1/n + xbar^2 / Sxx), s^2 = RSS / (n - 2).
    """
    xa, ya = _as_xy(x, y)
    n = ya.shape[-1]
    if n < 2:
        raise ValueError(f"a line needs at least 2 points, got {n}")
    xb = xa.mean(axis=-1, keepdims=True)
    yb = ya.mean(axis=-1, keepdims=True)
    dx, dy = xa - xb, ya - yb
    sxx = np.sum(dx * dx, axis=-1)
    if np.any(sxx == 0):
        raise ValueError("x must take at least two distinct values")
    slope = np.sum(dx * dy, axis=-1) / sxx
    intercept = yb[..., 0] - slope * xb[..., 0]
    resid = ya - (intercept[..., None] + slope[..., None] * xa)
    rss = np.sum(resid**2, axis=-1)
    tss = np.sum(dy * dy, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = np.where(tss > 0, 1.0 - rss / np.where(tss > 0, tss, 1.0), 1.0)
        s = np.sqrt(rss / (n - 2)) if n > 2 else np.full_like(rss, np.nan)
    xm = np.broadcast_to(xb[..., 0], slope.shape)
    sx = np.broadcast_to(sxx, slope.shape)
    return LinearFit(
        intercept=intercept, slope=slope, intercept_se=s * np.sqrt(1.0 / n + xm**2 / sx),
        slope_se=s / np.sqrt(sx), r2=r2, resid_sd=s, x_mean=xm, sxx=sx, n=n,
    )


def _sigmoid(x: np.ndarray, x0: float, rate: float, floor: float, ceiling: float) -> np.ndarray:
    return floor + (ceiling - floor) / (1.0 + np.exp(-rate * (x - x0)))


@dataclass(frozen=True)
class SigmoidFit:
    """y = floor + (ceiling - floor) / (1 + exp(-rate (x - x0))), floor and ceiling fixed.

    ``x0``: midpoint (x units); ``rate``: steepness (1 / x units; negative for a falling
    curve); ``*_se``: standard errors from the fit's covariance; ``r2`` as for a line.
    ``ok`` is False (and the parameters NaN) if the optimiser did not converge.
    """

    x0: float
    rate: float
    x0_se: float
    rate_se: float
    floor: float
    ceiling: float
    r2: float
    n: int
    ok: bool = True
    family: str = "sigmoid"

    def predict(self, x: ArrayLike) -> np.ndarray:
        return _sigmoid(np.asarray(x, dtype=float), self.x0, self.rate, self.floor, self.ceiling)


def fit_sigmoid(x: ArrayLike, y: ArrayLike, floor: float = 0.0, ceiling: float = 100.0) -> SigmoidFit:
    """Fit y = floor + (ceiling - floor) / (1 + exp(-rate (x - x0))) by least squares.

    floor: the task's chance score; ceiling: its best possible score (same unit as y).
    The start comes from a line through logit((y - floor) / (ceiling - floor)); the fit is
    scipy's Levenberg-Marquardt. One curve per call (y of shape (n,), n >= 3).
    """
    from scipy.optimize import curve_fit

    xa, ya = _as_xy(x, y)
    if ya.ndim != 1 or ya.size < 3:
        raise ValueError(f"a sigmoid fit needs one curve of at least 3 points, got shape {ya.shape}")
    if not ceiling > floor:
        raise ValueError(f"ceiling must exceed floor, got floor={floor}, ceiling={ceiling}")
    span = ceiling - floor
    p = np.clip((ya - floor) / span, 0.01, 0.99)
    start = fit_linear(xa, np.log(p / (1 - p)))
    rate0 = float(start.slope) if abs(float(start.slope)) > 1e-9 else 1.0 / (np.ptp(xa) or 1.0)
    x00 = float(-start.intercept / rate0)
    if not np.isfinite(x00) or abs(x00 - xa.mean()) > 10 * (np.ptp(xa) or 1.0):
        x00 = float(xa.mean())
    import warnings

    from scipy.optimize import OptimizeWarning

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", OptimizeWarning)  # reported as NaN standard errors
            popt, pcov = curve_fit(lambda t, a, b: _sigmoid(t, a, b, floor, ceiling), xa, ya,
                                   p0=[x00, rate0], maxfev=20000)
    except (RuntimeError, ValueError):
        return SigmoidFit(np.nan, np.nan, np.nan, np.nan, floor, ceiling, np.nan, xa.size, ok=False)
    resid = ya - _sigmoid(xa, *popt, floor, ceiling)
    tss = float(np.sum((ya - ya.mean()) ** 2))
    r2 = 1.0 - float(np.sum(resid**2)) / tss if tss > 0 else 1.0
    se = np.sqrt(np.abs(np.diag(pcov))) if np.all(np.isfinite(pcov)) else np.array([np.nan, np.nan])
    return SigmoidFit(float(popt[0]), float(popt[1]), float(se[0]), float(se[1]), floor, ceiling, r2, xa.size)


# --------------------------------------------------------------------------------------
# Gadre et al. 2024: downstream error as a function of loss
# --------------------------------------------------------------------------------------


def error_law(loss: ArrayLike, epsilon: float, k: float, gamma: float) -> np.ndarray | float:
    """Err(L) = epsilon - k exp(-gamma L) (Gadre et al. 2024, sec. 2: average top-1 error
    as a function of validation loss L in nats/token; error as a fraction 0-1)."""
    out = epsilon - k * np.exp(-gamma * np.asarray(loss, dtype=float))
    return out.item() if np.ndim(out) == 0 else out


@dataclass(frozen=True)
class ErrorLawFit:
    """Fitted Err(L) = epsilon - k exp(-gamma L), with standard errors and R^2."""

    epsilon: float
    k: float
    gamma: float
    epsilon_se: float
    k_se: float
    gamma_se: float
    r2: float
    n: int

    def predict(self, loss: ArrayLike) -> np.ndarray | float:
        return error_law(loss, self.epsilon, self.k, self.gamma)


def fit_error_law(loss: ArrayLike, error: ArrayLike) -> ErrorLawFit:
    """Fit Gadre et al. 2024's Err(L) = epsilon - k exp(-gamma L) to (loss, error) pairs.

    loss: validation loss, nats/token; error: top-1 error, fraction 0-1 (n >= 3 points).
    For a fixed gamma the model is linear in (epsilon, k), so a grid of 2,000 gammas is
    solved in one vectorised least-squares step; the best is refined with scipy's
    curve_fit, whose covariance gives the standard errors.
    """
    from scipy.optimize import curve_fit

    la, ea = _as_xy(loss, error)
    if la.ndim != 1 or la.size < 3:
        raise ValueError(f"the error law needs at least 3 (loss, error) points, got {la.size}")
    gammas = np.logspace(-3, 2, 2000)[:, None]
    z = -np.exp(-gammas * la)  # error = epsilon + k z
    fit = fit_linear(z, np.broadcast_to(ea, z.shape))
    rss = (1.0 - fit.r2)
    i = int(np.nanargmin(rss))
    p0 = [float(fit.intercept[i]), float(fit.slope[i]), float(gammas[i, 0])]
    try:
        popt, pcov = curve_fit(lambda t, e, k, g: e - k * np.exp(-g * t), la, ea, p0=p0, maxfev=20000)
    except RuntimeError:
        popt, pcov = np.array(p0), np.full((3, 3), np.nan)
    resid = ea - error_law(la, *popt)
    tss = float(np.sum((ea - ea.mean()) ** 2))
    r2 = 1.0 - float(np.sum(resid**2)) / tss if tss > 0 else 1.0
    se = np.sqrt(np.abs(np.diag(pcov)))
    return ErrorLawFit(float(popt[0]), float(popt[1]), float(popt[2]),
                       float(se[0]), float(se[1]), float(se[2]), r2, la.size)


def two_stage_prediction(
    flops: ArrayLike, loss: ArrayLike, error: ArrayLike, target_flops: ArrayLike
) -> dict[str, Any]:
    """Gadre et al. 2024's two-stage extrapolation, simplified to one token multiplier.

    Stage 1: fit loss L(C) = E + A C^(-alpha) to small runs (C in FLOPs, L in nats/token);
    stage 2: fit Err(L) = epsilon - k exp(-gamma L) (:func:`fit_error_law`); then chain them
    to predict the loss and error at ``target_flops``. Returns the predictions and both fits.
    """
    from scipy.optimize import curve_fit

    c, la = _as_xy(flops, loss)
    _, ea = _as_xy(flops, error)
    if c.size < 3:
        raise ValueError(f"the two-stage fit needs at least 3 small runs, got {c.size}")
    lc = np.log(c / c.min())
    # E below the smallest loss; for fixed E, log(L - E) is linear in log C.
    grid = la.min() - np.logspace(-4, 1, 400)[:, None] * la.min()
    ok = grid[:, 0] > 0
    fits = fit_linear(lc, np.log(la - grid[ok]))
    j = int(np.argmax(fits.r2))
    p0 = [float(grid[ok][j, 0]), float(np.exp(fits.intercept[j])), float(-fits.slope[j])]
    try:
        (e_, a_, al_), _ = curve_fit(lambda t, e, a, al: e + a * np.exp(-al * t), lc, la, p0=p0, maxfev=20000)
    except RuntimeError:
        e_, a_, al_ = p0
    tgt = np.log(np.asarray(target_flops, dtype=float) / c.min())
    loss_pred = e_ + a_ * np.exp(-al_ * tgt)
    efit = fit_error_law(la, ea)
    return {
        "loss_law": {"E": e_, "A": a_ * c.min() ** al_, "alpha": al_},
        "error_law": efit,
        "loss_pred": loss_pred.item() if np.ndim(loss_pred) == 0 else loss_pred,
        "error_pred": efit.predict(loss_pred),
    }


# --------------------------------------------------------------------------------------
# Trend categories (Lourie et al. 2025) and backtests
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """A curve's category and the measurements behind it (changes in headroom units)."""

    category: str
    reason: str
    r2: float
    change: float
    drawdown: float
    n_drops: int
    features: dict = field(repr=False, default_factory=dict)


def _order(x: np.ndarray, y: np.ndarray, scale_increases_with_x: bool) -> tuple[np.ndarray, np.ndarray]:
    idx = np.argsort(x if scale_increases_with_x else -x, kind="stable")
    return x[idx], y[idx]


def trend_features(
    x: ArrayLike, y: ArrayLike, *, chance: float = 0.0, ceiling: float = 100.0,
    family: str = "linear", scale_increases_with_x: bool = True,
) -> dict[str, Any]:
    """The threshold-free measurements :func:`categorise` uses, for one curve.

    Points are ordered from the smallest to the largest model and scores rescaled to
    headroom units u = (y - chance) / (ceiling - chance). Returns: ``r2`` of the chosen
    fit family (``linear`` or ``sigmoid``) on the original x; ``change``: fitted u at the
    largest model minus at the smallest; ``first_last``: u_last - u_first; ``range``;
    ``steps``: successive differences of u; ``drawdown``: the largest fall from an earlier
    to a later model; ``prefix_range``/``prefix_max`` of the first k points (k = 1..n);
    ``last``: u of the largest model.
    """
    xa, ya = _as_xy(x, y)
    if ya.ndim != 1 or ya.size < 3:
        raise ValueError(f"a trend needs one curve of at least 3 points, got shape {ya.shape}")
    if not ceiling > chance:
        raise ValueError(f"ceiling must exceed chance, got chance={chance}, ceiling={ceiling}")
    if family not in ("linear", "sigmoid"):
        raise ValueError(f"family must be one of linear, sigmoid; got {family!r}")
    xs, ys = _order(xa, ya, scale_increases_with_x)
    u = (ys - chance) / (ceiling - chance)
    if family == "linear":
        fit = fit_linear(xs, ys)
        r2 = float(fit.r2)
    else:
        fit = fit_sigmoid(xs, ys, chance, ceiling)
        r2 = float(fit.r2) if fit.ok else 0.0
    fitted = (np.asarray(fit.predict(xs[[0, -1]])) - chance) / (ceiling - chance)
    run_max = np.maximum.accumulate(u)
    return {
        "r2": r2,
        "change": float(fitted[-1] - fitted[0]),
        "first_last": float(u[-1] - u[0]),
        "range": float(np.ptp(u)),
        "steps": np.diff(u),
        "drawdown": float(np.max(run_max - u)),
        "prefix_range": np.maximum.accumulate(u) - np.minimum.accumulate(u),
        "prefix_max": run_max,
        "last": float(u[-1]),
        "fit": fit,
    }


def categorise(f: dict[str, Any], thresholds: Thresholds = Thresholds()) -> tuple[str, str]:
    """Category and reason for a curve's :func:`trend_features`, testing in this order:

    1. ``trendless``: all points lie within ``min_change`` (range < min_change).
    2. ``inverse``: the fit falls by at least ``min_change`` from the smallest to the
       largest model, and the largest model scores below the smallest.
    3. ``breakthrough``: the fit explains less than ``min_r2``, the first k points are flat
       (range < min_change), k is at least half the models (and >= 2), and the largest
       model is at least ``min_jump`` above them.
    4. ``predictable``: the fit explains at least ``min_r2`` of the variance, rises, and
       no later model falls ``max_dip`` or more below an earlier one.
    5. ``nonmonotonic``: a fall of at least ``max_dip`` (drawdown), in at most one step
       of ``max_dip`` or more: one reversal on an otherwise rising curve.
    6. ``noisy``: the rest (a poor fit without a clear shape, or several reversals).
    """
    t = thresholds
    if f["range"] < t.min_change:
        return "trendless", f"all points within {f['range']:.3f} < {t.min_change:g} of headroom"
    if f["change"] <= -t.min_change and f["first_last"] < 0:
        return "inverse", f"fit falls by {-f['change']:.3f} >= {t.min_change:g} of headroom"
    if f["r2"] < t.min_r2:
        n = f["prefix_range"].size
        flat = np.nonzero(f["prefix_range"][:-1] < t.min_change)[0]
        k = int(flat[-1]) + 1 if flat.size else 0
        if k >= max(2, (n + 1) // 2):
            jump = f["last"] - float(f["prefix_max"][k - 1])
            if jump >= t.min_jump:
                return "breakthrough", f"flat for {k} models, then up {jump:.3f} >= {t.min_jump:g}"
    n_drops = int(np.sum(f["steps"] <= -t.max_dip))
    if f["r2"] >= t.min_r2 and f["change"] > 0 and f["drawdown"] < t.max_dip:
        return "predictable", f"R^2 {f['r2']:.3f} >= {t.min_r2:g}, no fall >= {t.max_dip:g}"
    if f["drawdown"] >= t.max_dip and n_drops <= 1:
        return "nonmonotonic", f"one reversal: falls {f['drawdown']:.3f} >= {t.max_dip:g} of headroom"
    if n_drops > 1:
        return "noisy", f"{n_drops} falls of >= {t.max_dip:g} of headroom"
    return "noisy", f"R^2 {f['r2']:.3f} < {t.min_r2:g} without a clear shape"


def classify_trend(
    x: ArrayLike, y: ArrayLike, *, chance: float = 0.0, ceiling: float = 100.0,
    family: str = "linear", thresholds: Thresholds = Thresholds(),
    scale_increases_with_x: bool = True,
) -> Trend:
    """Sort one scaling curve into a Lourie et al. 2025 category (see :func:`categorise`).

    x: scale (e.g. log10 training FLOPs; or loss in nats/token with
    ``scale_increases_with_x=False``); y: score, same unit as ``chance`` and ``ceiling``.
    """
    f = trend_features(x, y, chance=chance, ceiling=ceiling, family=family,
                       scale_increases_with_x=scale_increases_with_x)
    cat, why = categorise(f, thresholds)
    return Trend(cat, why, f["r2"], f["change"], f["drawdown"],
                 int(np.sum(f["steps"] <= -thresholds.max_dip)), f)


@dataclass(frozen=True)
class Backtest:
    """Fit on the smaller models, predict the ``holdout`` largest: arrays over held-out points."""

    x: np.ndarray
    predicted: np.ndarray
    actual: np.ndarray
    error: np.ndarray  # predicted - actual, in y units
    fit: Any

    @property
    def abs_error(self) -> np.ndarray:
        return np.abs(self.error)


def backtest(
    x: ArrayLike, y: ArrayLike, holdout: int = 1, *, family: str = "linear",
    chance: float = 0.0, ceiling: float = 100.0, scale_increases_with_x: bool = True,
) -> Backtest:
    """Fit ``family`` to all but the ``holdout`` largest models and predict those.

    The largest models are those with the largest x (or smallest, if
    ``scale_increases_with_x`` is False). A linear fit needs 2 training points, a sigmoid 3.
    For ``family="linear"`` y may hold stacked curves (..., n) sharing x: one call.
    """
    xa, ya = _as_xy(x, y)
    if family not in ("linear", "sigmoid"):
        raise ValueError(f"family must be one of linear, sigmoid; got {family!r}")
    need = 2 if family == "linear" else 3
    n = ya.shape[-1]
    if not isinstance(holdout, (int, np.integer)) or holdout < 1 or n - holdout < need:
        raise ValueError(f"holdout must be in [1, {n - need}] for {n} points and a {family} fit, got {holdout}")
    if xa.ndim != 1:
        raise ValueError("backtest needs one x axis shared by all curves (shape (n,))")
    idx = np.argsort(xa if scale_increases_with_x else -xa, kind="stable")
    train, test = idx[: n - holdout], idx[n - holdout:]
    if family == "linear":
        fit = fit_linear(xa[train], ya[..., train])
        pred = fit.predict(xa[test])
    else:
        if ya.ndim != 1:
            raise ValueError("a sigmoid backtest takes one curve at a time")
        fit = fit_sigmoid(xa[train], ya[train], chance, ceiling)
        pred = fit.predict(xa[test])
    actual = ya[..., test]
    return Backtest(xa[test], pred, actual, pred - actual, fit)


# --------------------------------------------------------------------------------------
# Curves from the data tables, and the whole-table analysis
# --------------------------------------------------------------------------------------

_POINT_COLUMNS = ["task", "metric", "split", "model", "x", "score", "chance", "ceiling", "n_params", "train_flops"]
_EXCLUDED_COLUMNS = ["task", "metric", "split", "model", "value", "reason"]


@dataclass
class Curves:
    """Points ready to fit, one curve per (task, metric, split), and every row left out.

    ``points``: task, metric, split, model, x (fit coordinate), score (percent), chance,
    ceiling, n_params, train_flops. ``excluded``: task, metric, split, model, value, reason.
    ``x_name``: what x is; ``scale_increases_with_x``: False when x is a loss.
    """

    points: pd.DataFrame
    excluded: pd.DataFrame
    x_name: str
    scale_increases_with_x: bool = True
    note: str = ""


def _curve_key(df: pd.DataFrame) -> pd.Series:
    return df["task"] + " (" + df["metric"] + ", " + df["split"].fillna("?") + ")"


def gpt3_curves(
    tasks: pd.DataFrame, models: pd.DataFrame, *, setting: str = "few-shot", metric: str = "primary",
    x_axis: str = "compute", law: Any = None, task_subset: str = "all",
) -> Curves:
    """GPT-3 score curves for one evaluation ``setting`` (Brown et al. 2020, Table H.1).

    tasks/models: :func:`scalingbook.data.load_gpt3_tasks` / ``load_gpt3_models``.
    metric: ``primary`` (accuracy, or F1 where a task has no accuracy), ``accuracy`` (only
    tasks scored by accuracy) or ``all`` (every metric is its own curve).
    x_axis: ``compute`` (x = log10 training FLOPs, Table D.1) or ``predicted_loss``
    (x = ``law.loss(N, D)`` in nats/token: a published law's *prediction* for GPT-3's N and
    300B tokens, not GPT-3's measured loss). task_subset: ``all``, ``multiple-choice``
    (chance > 0) or ``free-form`` (chance = 0).

    Left out, each with its reason: cells whose two readings disagree (blank value),
    perplexities, 175B-only rows from main-text tables, metrics or tasks not chosen.
    Curves never mix splits: each (task, metric, split) is one curve.
    """
    if setting not in ("zero-shot", "one-shot", "few-shot"):
        raise ValueError(f"setting must be one of zero-shot, one-shot, few-shot; got {setting!r}")
    if metric not in ("primary", "accuracy", "all"):
        raise ValueError(f"metric must be one of primary, accuracy, all; got {metric!r}")
    if x_axis not in ("compute", "predicted_loss"):
        raise ValueError(f"x_axis must be one of compute, predicted_loss; got {x_axis!r}")
    if task_subset not in ("all", "multiple-choice", "free-form"):
        raise ValueError(f"task_subset must be one of all, multiple-choice, free-form; got {task_subset!r}")
    if x_axis == "predicted_loss" and law is None:
        raise ValueError("x_axis='predicted_loss' needs a law (e.g. scalingbook.laws.BESIROGLU_2024)")
    df = tasks[tasks["setting"] == setting].copy()
    df["model"] = df["model"].astype(str)
    m = models.set_index("model")
    df["n_params"] = df["model"].map(m["n_params"])
    df["train_flops"] = df["model"].map(m["train_flops"])
    reason = pd.Series("", index=df.index, dtype=object)

    def mark(mask: pd.Series, text) -> None:
        free = mask & (reason == "")
        reason[free] = text if isinstance(text, str) else text[free]

    mark(df["value"].isna(), "two readings of the paper disagree: " + df["conflicting_readings"].fillna("").astype(str))
    mark(df["metric"] == "ppl", "perplexity (lower is better), not a score between chance and ceiling")
    key = list(zip(df["task"], df["metric"], df["split"].fillna("?")))
    valued = pd.Series(key, index=df.index)[df["value"].notna()]
    per_curve = df.loc[valued.index, "model"].groupby(valued).nunique()
    n_sizes = pd.Series([per_curve.get(k, 0) for k in key], index=df.index)
    mark(n_sizes < 2, "only one model size with a value (" + df["source"].str.replace(
        r"^.*\), ", "", regex=True) + "); no curve")
    if metric == "primary":
        present = df[df["metric"] != "ppl"].groupby("task")["metric"].agg(set)
        primary = {t: next((c for c in ("acc", "f1", "em", "score") if c in ms), min(ms)) for t, ms in present.items()}
        mark(df["metric"] != df["task"].map(primary), "metric choice 'primary' keeps one metric per task "
             "(accuracy, else F1)")
    elif metric == "accuracy":
        mark(df["metric"] != "acc", "metric choice 'accuracy' keeps accuracy only")
    chance = pd.Series([TASK_CHANCE.get((t, me), np.nan) for t, me in zip(df["task"], df["metric"])], index=df.index)
    df["chance"], df["ceiling"] = chance, 100.0
    mark(chance.isna(), "no chance level known for this task and metric")
    if task_subset == "multiple-choice":
        mark(chance <= 0, "task subset 'multiple-choice' keeps tasks with a guessing floor above 0")
    elif task_subset == "free-form":
        mark(chance > 0, "task subset 'free-form' keeps tasks with no guessing floor")
    if x_axis == "compute":
        df["x"] = np.log10(df["train_flops"].astype(float))
        x_name, up, note = "log10 training compute (FLOP)", True, "Table D.1 compute"
    else:
        n_tok = df["model"].map(m["n_tokens"]).astype(float)
        df["x"] = law.loss(df["n_params"].astype(float).to_numpy(), n_tok.to_numpy())
        x_name, up = f"predicted loss (nats/token, {getattr(law, 'name', 'law')})", False
        note = f"loss predicted by {getattr(law, 'source', law)}, not measured"
    keep = reason == ""
    pts = df[keep].rename(columns={"value": "score"})[_POINT_COLUMNS].reset_index(drop=True)
    pts["model"] = pd.Categorical(pts["model"], categories=list(models["model"]), ordered=True)
    exc = df[~keep].assign(reason=reason[~keep])[_EXCLUDED_COLUMNS].reset_index(drop=True)
    return Curves(pts.sort_values(["task", "metric", "split", "model"]).reset_index(drop=True), exc, x_name, up, note)


def gadre_curves(
    table: pd.DataFrame, *, dataset: str = "c4_original", x_axis: str = "loss", loss: str = "loss_c4_val",
) -> Curves:
    """Score curves from :func:`scalingbook.data.load_gadre2024`: one per task, over every
    run trained on ``dataset``; x is the measured validation loss ``loss`` (nats/token)
    or, with ``x_axis="compute"``, log10 of 6ND FLOPs. Scores in percent; chance from
    the testbed's ``eval_metadata.csv``. Runs missing the loss or a chance level are
    returned in ``excluded`` with the reason."""
    if x_axis not in ("loss", "compute"):
        raise ValueError(f"x_axis must be one of loss, compute; got {x_axis!r}")
    df = table[table["dataset"] == dataset].copy()
    if df.empty:
        raise ValueError(f"dataset must be one of {', '.join(sorted(table['dataset'].unique()))}; got {dataset!r}")
    df["metric"], df["split"], df["model"] = "acc", "eval", df["run"]
    df["score"], df["chance"], df["ceiling"] = 100 * df["accuracy"], 100 * df["chance"], 100.0
    if x_axis == "loss":
        if loss not in df.columns:
            raise ValueError(f"loss must be a loss_* column of the table; got {loss!r}")
        df["x"] = df[loss]
        x_name, up, note = f"validation loss {loss[5:]} (nats/token), measured", False, "measured losses"
    else:
        df["x"] = np.log10(df["train_flops"])
        x_name, up, note = "log10 training compute (FLOP, 6ND)", True, "6ND compute"
    reason = pd.Series("", index=df.index, dtype=object)
    reason[df["x"].isna()] = f"no {loss} for this run"
    reason[(reason == "") & df["chance"].isna()] = "no chance level in eval_metadata.csv"
    keep = reason == ""
    pts = df[keep][_POINT_COLUMNS].reset_index(drop=True)
    exc = df[~keep].assign(value=df["score"], reason=reason)[_EXCLUDED_COLUMNS].reset_index(drop=True)
    return Curves(pts, exc, x_name, up, note)


@dataclass
class Analysis:
    """Per-curve results (``summary``), fitted lines for charts (``lines``), the features
    for re-thresholding (``features``) and every point or curve left out (``excluded``)."""

    summary: pd.DataFrame
    lines: pd.DataFrame
    features: dict
    excluded: pd.DataFrame
    curves: Curves


def analyse(
    curves: Curves, *, family: str = "linear", holdout: int = 1,
    thresholds: Thresholds = Thresholds(), min_points: int = 4,
) -> Analysis:
    """Classify every curve and backtest its ``holdout`` largest models.

    Curves with fewer than ``min_points`` points, or too few to backtest, are moved to
    ``excluded`` with the reason. ``summary`` columns: curve, task, metric, split,
    n_points, category, reason, r2, change, chance, backtest_x, predicted, actual,
    backtest_error (percentage points; for holdout > 1, at the largest model).
    """
    rows, lines, feats, dropped = [], [], {}, []
    need = max(min_points, holdout + (2 if family == "linear" else 3))
    pts = curves.points.assign(curve=_curve_key(curves.points))
    for key, g in pts.groupby("curve", sort=True):
        g = g.sort_values("x", ascending=curves.scale_increases_with_x)
        x, y = g["x"].to_numpy(float), g["score"].to_numpy(float)
        chance, ceiling = float(g["chance"].iloc[0]), float(g["ceiling"].iloc[0])
        if len(g) < need:
            dropped.append(g.assign(value=g["score"], reason=(
                f"only {len(g)} sizes left after exclusions; {need} needed to classify and backtest"
            ))[_EXCLUDED_COLUMNS])
            continue
        f = trend_features(x, y, chance=chance, ceiling=ceiling, family=family,
                           scale_increases_with_x=curves.scale_increases_with_x)
        cat, why = categorise(f, thresholds)
        bt = backtest(x, y, holdout, family=family, chance=chance, ceiling=ceiling,
                      scale_increases_with_x=curves.scale_increases_with_x)
        feats[key] = f
        last = int(np.argmax(bt.x) if curves.scale_increases_with_x else np.argmin(bt.x))
        rows.append({
            "curve": key, "task": g["task"].iloc[0], "metric": g["metric"].iloc[0], "split": g["split"].iloc[0],
            "n_points": len(g), "category": cat, "reason": why, "r2": f["r2"], "change": f["change"],
            "chance": chance, "backtest_x": float(bt.x[last]), "predicted": float(bt.predicted[last]),
            "actual": float(bt.actual[last]), "backtest_error": float(bt.error[last]),
        })
        xs = np.linspace(x.min(), x.max(), 30)
        lines.append(pd.DataFrame({"curve": key, "x": xs, "fitted": f["fit"].predict(xs), "category": cat}))
    summary = pd.DataFrame(rows, columns=[
        "curve", "task", "metric", "split", "n_points", "category", "reason", "r2", "change", "chance",
        "backtest_x", "predicted", "actual", "backtest_error"])
    excluded = pd.concat([curves.excluded, *dropped], ignore_index=True) if dropped else curves.excluded
    lines_df = pd.concat(lines, ignore_index=True) if lines else pd.DataFrame(columns=["curve", "x", "fitted", "category"])
    return Analysis(summary, lines_df, feats, excluded, curves)


def category_shares(categories: ArrayLike) -> pd.DataFrame:
    """Count and share of each of the six categories (all six listed, zeros included)."""
    cats = pd.Series(np.asarray(categories, dtype=object))
    n = cats.value_counts().reindex(list(CATEGORIES), fill_value=0)
    total = int(n.sum())
    return pd.DataFrame({"category": list(CATEGORIES), "n": n.to_numpy(),
                         "share": n.to_numpy() / total if total else np.zeros(len(CATEGORIES))})


def share_grid(features: dict[str, dict], base: Thresholds, name: str, values: ArrayLike) -> pd.DataFrame:
    """Share of curves in each category as one threshold ``name`` sweeps ``values``
    (the others stay at ``base``). Fits are not redone: only :func:`categorise` runs."""
    if name not in ("min_r2", "min_change", "max_dip", "min_jump"):
        raise ValueError(f"name must be one of min_r2, min_change, max_dip, min_jump; got {name!r}")
    out = []
    for v in np.asarray(values, dtype=float):
        t = Thresholds(**{**base.__dict__, name: float(v)})
        cats = [categorise(f, t)[0] for f in features.values()]
        out.append(category_shares(cats).assign(**{name: float(v)}))
    return pd.concat(out, ignore_index=True)


# --------------------------------------------------------------------------------------
# Chapter helpers: the curves a reader asked for, averages, claims, charts
# --------------------------------------------------------------------------------------


def chapter_curves(params: dict[str, Any]) -> Curves:
    """The curves of the downstream-predictability chapter for its validated ``params``:
    Gadre et al. 2024's testbed when ``gadre_path`` is set (x: measured C4 validation loss,
    or 6ND compute), else GPT-3's Table H.1 for ``setting``."""
    from . import data as _data
    from . import laws as _laws

    if params.get("gadre_path"):
        table = _data.load_gadre2024(params["gadre_path"])
        return gadre_curves(table, x_axis="compute" if params["x_axis"] == "compute" else "loss")
    return gpt3_curves(
        _data.load_gpt3_tasks(), _data.load_gpt3_models(), setting=params["setting"], metric=params["metric"],
        x_axis=params["x_axis"], law=_laws.chinchilla_law(params["loss_law"]), task_subset=params["task_subset"],
    )


def thresholds_of(params: dict[str, Any]) -> Thresholds:
    """The :class:`Thresholds` named by a chapter's parameters."""
    return Thresholds(params["min_r2"], params["min_change"], params["max_dip"], params["min_jump"])


def setting_shares(params: dict[str, Any]) -> pd.DataFrame:
    """Share of GPT-3 curves per category in each of the three settings, other parameters fixed."""
    out = []
    for setting in ("zero-shot", "one-shot", "few-shot"):
        a = analyse(chapter_curves({**params, "setting": setting, "gadre_path": ""}),
                    family=params["fit"], holdout=params["holdout"], thresholds=thresholds_of(params))
        out.append(category_shares(a.summary["category"]).assign(setting=setting))
    return pd.concat(out, ignore_index=True)


def average_error_backtest(curves: Curves, holdout: int = 1) -> dict[str, Any]:
    """Gadre et al. 2024's second stage on a table: mean top-1 error over the tasks measured
    at every size, fitted as Err(L) = epsilon - k exp(-gamma L) on the smaller models, then
    evaluated at the ``holdout`` largest. Needs x to be a loss (nats/token).
    Returns the per-model table (model, loss, error, n_tasks), the fit, predictions."""
    if curves.scale_increases_with_x:
        raise ValueError("average_error_backtest needs a loss axis (x_axis predicted_loss, or Gadre's losses)")
    pts = curves.points.assign(curve=_curve_key(curves.points), model=curves.points["model"].astype(str))
    n_models = pts["model"].nunique()
    full = pts.groupby("curve")["model"].transform("nunique") == n_models
    per = (pts[full].assign(err=lambda d: 1 - d["score"] / 100)
           .groupby("model", sort=False).agg(loss=("x", "first"), error=("err", "mean"), n_tasks=("curve", "nunique"))
           .reset_index().sort_values("loss", ascending=False).reset_index(drop=True))
    if len(per) - holdout < 3:
        raise ValueError(f"holdout must leave at least 3 models for the error law; {len(per)} models, got {holdout}")
    fit = fit_error_law(per["loss"].iloc[:-holdout], per["error"].iloc[:-holdout])
    per["predicted"] = fit.predict(per["loss"].to_numpy())
    per["held_out"] = np.arange(len(per)) >= len(per) - holdout
    return {"table": per, "fit": fit, "error_pred": float(per["predicted"].iloc[-1]),
            "error_actual": float(per["error"].iloc[-1]), "excluded_curves": int(pts.loc[~full, "curve"].nunique())}


def claims_table(analysis: Analysis, setting_table: pd.DataFrame | None = None,
                 variants: pd.DataFrame | None = None, tolerance: float = 0.10) -> pd.DataFrame:
    """The chapter's claims checked: Lourie et al.'s 39% predictable (does this table give
    a share within ``tolerance``?) and "not every task improves with scale" (any inverse,
    nonmonotonic or trendless curve here?)."""
    s = analysis.summary
    share = float((s["category"] == "predictable").mean()) if len(s) else float("nan")
    diff = abs(share - LOURIE_2025.share_predictable)
    verdict = "reproduces" if diff <= 0.02 else ("close" if diff <= tolerance else "not supported")
    rows = [{
        "claim": f"{LOURIE_2025.share_predictable:.0%} of {LOURIE_2025.n_tasks} tasks scale predictably",
        "source": "Lourie et al. 2025, abstract",
        "book's value": f"{share:.0%} of {len(s)} curves predictable here",
        "verdict": verdict + (" (different tasks, models and rules: a comparison, not a replication)"),
    }]
    if setting_table is not None or variants is not None:
        shares = []
        if setting_table is not None:
            shares += list(setting_table.loc[setting_table["category"] == "predictable", "share"])
        if variants is not None:
            shares += list(variants["share predictable"])
        lo, hi = min(shares), max(shares)
        rows.append({
            "claim": "the share predictable is a property of the tasks alone",
            "source": "implicit in any single headline share",
            "book's value": f"{lo:.0%} to {hi:.0%} across settings, x axes and fit families",
            "verdict": "not supported" if hi - lo >= 0.1 else "close",
        })
    bad = s[s["category"].isin(["inverse", "nonmonotonic", "trendless"])]
    inv = s[s["category"] == "inverse"]
    rows.append({
        "claim": "not all tasks benefit from larger models (inverse scaling)",
        "source": "Lourie et al. 2025, sec. 1 (after McKenzie et al. 2023)",
        "book's value": (f"{len(inv)} inverse, {len(bad) - len(inv)} nonmonotonic or trendless of {len(s)} curves: "
                         + (", ".join(bad["task"]) if len(bad) else "none")),
        "verdict": "reproduces" if len(inv) else ("close" if len(bad) else "not supported"),
    })
    return pd.DataFrame(rows)


def _x_plot(curves: Curves, x: pd.Series) -> pd.Series:
    return 10 ** x if curves.scale_increases_with_x else x


def _x_encoding(curves: Curves, field_name: str = "x_plot"):
    import altair as alt

    from . import charts

    if curves.scale_increases_with_x:
        return alt.X(f"{field_name}:Q", scale=charts.log_scale(), axis=charts.log_axis("training compute (FLOP)"))
    return alt.X(f"{field_name}:Q", scale=alt.Scale(zero=False, reverse=True),
                 axis=alt.Axis(title=curves.x_name.replace(", measured", "")))


def small_multiples_chart(analysis: Analysis, columns: int = 5):
    """Every curve in its own small panel: scores (points), the fit (line), coloured by category."""
    import altair as alt

    from . import charts

    c = analysis.curves
    cat = analysis.summary.set_index("curve")["category"]
    pts = c.points.assign(curve=_curve_key(c.points), model=c.points["model"].astype(str))
    pts = pts[pts["curve"].isin(cat.index)].assign(category=lambda d: d["curve"].map(cat), x_plot=lambda d: _x_plot(c, d["x"]))
    lines = analysis.lines.assign(x_plot=lambda d: _x_plot(c, d["x"]))
    color = alt.Color("category:N", scale=alt.Scale(domain=list(CATEGORIES), range=charts.PALETTE[:6]),
                      title="category")
    x = _x_encoding(c)
    y = alt.Y("score:Q", scale=alt.Scale(zero=False), axis=alt.Axis(title="score (%)", tickCount=4))
    base_pts = alt.Chart().transform_filter("isValid(datum.score)").mark_point(size=30, filled=True).encode(
        x=x, y=y, color=color, tooltip=["curve:N", "model:N", alt.Tooltip("score:Q", format=".1f"), "category:N"])
    base_line = alt.Chart().transform_filter("isValid(datum.fitted)").mark_line(strokeWidth=1.5, opacity=0.8).encode(
        x=x, y=alt.Y("fitted:Q"), color=color)
    data = pd.concat([pts[["curve", "x_plot", "score", "model", "category"]],
                      lines[["curve", "x_plot", "fitted", "category"]]], ignore_index=True)
    n = len(cat)
    return (alt.layer(base_line, base_pts, data=data)
            .properties(width=150, height=105)
            .facet(facet=alt.Facet("curve:N", title=None, header=alt.Header(labelFontSize=11, labelLimit=160)),
                   columns=columns)
            .resolve_scale(y="independent")
            .properties(title=f"{n} curves: score against {c.x_name}, fit and category"))


def backtest_chart(analysis: Analysis):
    """Predicted against actual score of the largest model held out of each fit."""
    import altair as alt

    from . import charts

    s = analysis.summary
    lo, hi = float(min(s["predicted"].min(), s["actual"].min(), 0)), float(max(s["predicted"].max(), s["actual"].max(), 100))
    diag = alt.Chart(pd.DataFrame({"a": [lo, hi]})).mark_line(color="#888", strokeDash=[4, 4]).encode(x="a:Q", y="a:Q")
    pts = alt.Chart(s).mark_point(size=80, filled=True).encode(
        x=alt.X("actual:Q", title="actual score of the largest model (%)", scale=alt.Scale(domain=[lo, hi])),
        y=alt.Y("predicted:Q", title="predicted from the smaller models (%)", scale=alt.Scale(domain=[lo, hi])),
        color=alt.Color("category:N", scale=alt.Scale(domain=list(CATEGORIES), range=charts.PALETTE[:6])),
        tooltip=["curve:N", "category:N", alt.Tooltip("predicted:Q", format=".1f"),
                 alt.Tooltip("actual:Q", format=".1f"), alt.Tooltip("backtest_error:Q", format="+.1f")])
    return (diag + pts).properties(width=420, height=380, title="Backtest: the largest model, predicted vs actual")


def shares_chart(shares: pd.DataFrame, by: str = "setting"):
    """Stacked share of curves per category for each value of ``by``, with Lourie et al.'s 39%."""
    import altair as alt

    from . import charts

    bars = alt.Chart(shares).mark_bar().encode(
        y=alt.Y(f"{by}:N", title=by.replace("_", " "), sort=None),
        x=alt.X("share:Q", title="share of curves", axis=alt.Axis(format="%")),
        color=alt.Color("category:N", scale=alt.Scale(domain=list(CATEGORIES), range=charts.PALETTE[:6])),
        order=alt.Order("order:Q"),
        tooltip=[f"{by}:N", "category:N", "n:Q", alt.Tooltip("share:Q", format=".0%")])
    shares = shares.assign(order=shares["category"].map({c: i for i, c in enumerate(CATEGORIES)}))
    bars = bars.properties(data=shares)
    rule = alt.Chart(pd.DataFrame({"share": [LOURIE_2025.share_predictable]})).mark_rule(
        color="#000", strokeDash=[5, 3]).encode(x="share:Q", tooltip=[alt.Tooltip("share:Q", format=".0%", title="Lourie et al. predictable")])
    return (bars + rule).properties(width=480, height=40 * shares[by].nunique() + 20,
                                    title="Share per category (dashed: Lourie et al.'s 39% predictable)")


def sensitivity_chart(grid: pd.DataFrame, name: str):
    """Share predictable as threshold ``name`` varies, with Lourie et al.'s 39%."""
    import altair as alt

    p = grid[grid["category"] == "predictable"]
    line = alt.Chart(p).mark_line(point=True).encode(
        x=alt.X(f"{name}:Q", title=f"{name} threshold"),
        y=alt.Y("share:Q", title="share predictable", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("setting:N", title="setting") if "setting" in p else alt.value("#0072B2"),
        tooltip=[f"{name}:Q", alt.Tooltip("share:Q", format=".0%")] + (["setting:N"] if "setting" in p else []))
    rule = alt.Chart(pd.DataFrame({"share": [LOURIE_2025.share_predictable]})).mark_rule(
        color="#000", strokeDash=[5, 3]).encode(y="share:Q")
    return (line + rule).properties(width=480, height=280, title=f"How 'predictable' moves with {name}")


def family_axis_table(params: dict[str, Any]) -> pd.DataFrame:
    """Share predictable and median absolute backtest error (percentage points) for each
    x axis (compute, predicted loss) and fit family (linear, sigmoid), other parameters fixed."""
    rows = []
    for x_axis in ("compute", "predicted_loss"):
        for fam in ("linear", "sigmoid"):
            p = {**params, "x_axis": x_axis, "fit": fam}
            a = analyse(chapter_curves(p), family=fam, holdout=p["holdout"], thresholds=thresholds_of(p))
            rows.append({"x axis": x_axis, "fit": fam, "curves": len(a.summary),
                         "share predictable": float((a.summary["category"] == "predictable").mean()),
                         "median |backtest error| (points)": float(a.summary["backtest_error"].abs().median())})
    return pd.DataFrame(rows)


def error_law_chart(result: dict[str, Any]):
    """Mean error against loss with the fitted error law; held-out models marked."""
    import altair as alt

    t = result["table"]
    grid = np.linspace(t["loss"].min() - 0.05, t["loss"].max() + 0.05, 80)
    curve = pd.DataFrame({"loss": grid, "error": result["fit"].predict(grid)})
    line = alt.Chart(curve).mark_line(color="#0072B2").encode(
        x=alt.X("loss:Q", title="loss (nats/token)", scale=alt.Scale(zero=False, reverse=True)),
        y=alt.Y("error:Q", title="mean top-1 error (fraction)", scale=alt.Scale(zero=False)))
    pts = alt.Chart(t.assign(role=np.where(t["held_out"], "held out", "fitted"))).mark_point(size=90, filled=True).encode(
        x="loss:Q", y="error:Q", color=alt.Color("role:N", scale=alt.Scale(range=["#0072B2", "#D55E00"]), title=""),
        tooltip=["model:N", alt.Tooltip("loss:Q", format=".3f"), alt.Tooltip("error:Q", format=".3f"),
                 alt.Tooltip("predicted:Q", format=".3f")])
    return (line + pts).properties(width=480, height=300, title="Err(L) = epsilon - k exp(-gamma L), fitted to the smaller models")
