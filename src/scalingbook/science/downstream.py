"""Does lower loss predict downstream performance? Fits, trend categories and backtests.

Scores are in percent (0-100) unless a caller says otherwise; ``chance`` is the score of
random guessing (the floor) and ``ceiling`` the best possible score. The x coordinate of a
curve is whatever measures scale: log10 training FLOPs, or validation loss in nats/token
(then pass ``scale_increases_with_x=False``, since a lower loss is a larger model).

Trend categories follow Lourie, Hu & Cho 2025 ("Scaling Laws Are Unreliable for Downstream
Tasks: A Reality Check", arXiv:2507.00885), who sorted 46 tasks into predictable, inverse,
nonmonotonic, noisy, trendless and breakthrough by inspecting plots. Their paper gives no
numeric thresholds; :class:`Thresholds` is this book's explicit, adjustable stand-in.
Two rule sets use it: :func:`categorise` for per-model curves against scale (GPT-3's eight
sizes, scores in percent), and :func:`categorise_loss_trends` for Lourie et al.'s own setting,
every task of Gadre et al. 2024's testbed against a validation loss, where "predictable"
means the form y = a exp(cL) + b fits closely (:func:`fit_exp_in_loss`; accuracies 0-1).

Gadre et al. 2024 (arXiv:2403.08540): :func:`gadre_loss_law` / :func:`fit_gadre_loss_law`
(loss from N and the token multiplier M), :func:`fit_error_law` (average top-1 error from
loss) and :func:`two_stage_gadre`, their prediction of a 1.4B and a 6.9B run from small ones.

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
    "least_squares",
    "curve_key",
    "plain_table",
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
    "two_stage_gadre",
    "fit_gadre_loss_law",
    "gadre_loss_law",
    "fit_exp_in_loss",
    "task_fits",
    "loss_trend_features",
    "categorise_loss_trends",
    "loss_trend_shares",
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
    n_tasks=46,
    share_predictable=0.39,
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
TASK_CHANCE_SOURCE = (
    "answer format of each benchmark (k-way choice -> 100/k percent; free-form -> 0); the book's classification"
)


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
        for name, low, high in (
            ("min_r2", 0.0, 1.0),
            ("min_change", 0.0, 0.5),
            ("max_dip", 0.0, 0.5),
            ("min_jump", 0.0, 1.0),
        ):
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
        intercept=intercept,
        slope=slope,
        intercept_se=s * np.sqrt(1.0 / n + xm**2 / sx),
        slope_se=s / np.sqrt(sx),
        r2=r2,
        resid_sd=s,
        x_mean=xm,
        sxx=sx,
        n=n,
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
            popt, pcov = curve_fit(
                lambda t, a, b: _sigmoid(t, a, b, floor, ceiling), xa, ya, p0=[x00, rate0], maxfev=20000
            )
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


def least_squares(fun, p0: np.ndarray, max_iter: int = 200, tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """Levenberg-Marquardt for small problems (numpy only): minimise sum(fun(p)^2) from p0
    with a forward-difference Jacobian. Returns (p, Jacobian at p)."""
    p = np.asarray(p0, dtype=float).copy()
    r = fun(p)
    cost = float(r @ r)
    lam = 1e-3

    def jac(q, rq):
        h = 1e-7 * np.maximum(np.abs(q), 1e-3)
        return np.stack([(fun(q + h[i] * np.eye(q.size)[i]) - rq) / h[i] for i in range(q.size)], axis=1)

    j = jac(p, r)
    for _ in range(max_iter):
        a = j.T @ j
        g = j.T @ r
        step = np.linalg.solve(a + lam * np.diag(np.maximum(np.diag(a), 1e-12)), -g)
        q = p + step
        rq = fun(q)
        cq = float(rq @ rq)
        if np.isfinite(cq) and cq < cost:
            done = cost - cq <= tol * max(cost, 1e-30) and np.all(np.abs(step) <= 1e-10 * (np.abs(p) + 1e-10))
            p, r, cost, lam = q, rq, cq, max(lam / 3, 1e-12)
            j = jac(p, r)
            if done:
                break
        else:
            lam *= 4
            if lam > 1e12:
                break
    return p, j


def fit_error_law(loss: ArrayLike, error: ArrayLike) -> ErrorLawFit:
    """Fit Gadre et al. 2024's Err(L) = epsilon - k exp(-gamma L) to (loss, error) pairs.

    loss: validation loss, nats/token; error: top-1 error, fraction 0-1 (n >= 3 points).
    For a fixed gamma the model is linear in (epsilon, k), so a grid of 2,000 gammas is
    solved in one vectorised least-squares step; the best is refined by Levenberg-Marquardt
    (``least_squares``), whose Jacobian gives the standard errors,
    se = sqrt(diag(s^2 (J'J)^-1)), s^2 = RSS / (n - 3).
    """
    la, ea = _as_xy(loss, error)
    if la.ndim != 1 or la.size < 3:
        raise ValueError(f"the error law needs at least 3 (loss, error) points, got {la.size}")
    if np.ptp(la) == 0:
        raise ValueError("the error law needs at least two distinct losses")
    gammas = np.logspace(-3, 2, 2000)[:, None]
    l0 = la.min()
    z = -np.exp(-gammas * (la - l0))  # error = epsilon + k' z with k' = k exp(-gamma L0): no underflow
    fit = fit_linear(z, np.broadcast_to(ea, z.shape))
    rss = 1.0 - fit.r2
    i = int(np.nanargmin(rss))
    g0 = float(gammas[i, 0])
    p0 = np.array([float(fit.intercept[i]), float(fit.slope[i]) * np.exp(g0 * l0), g0])
    with np.errstate(all="ignore"):
        popt, j = least_squares(lambda p: p[0] - p[1] * np.exp(-p[2] * la) - ea, p0)
    resid = ea - error_law(la, *popt)
    tss = float(np.sum((ea - ea.mean()) ** 2))
    r2 = 1.0 - float(np.sum(resid**2)) / tss if tss > 0 else 1.0
    dof = la.size - 3
    try:
        cov = np.linalg.inv(j.T @ j) * (float(resid @ resid) / dof if dof > 0 else np.nan)
        se = np.sqrt(np.abs(np.diag(cov)))
    except np.linalg.LinAlgError:
        se = np.full(3, np.nan)
    return ErrorLawFit(
        float(popt[0]), float(popt[1]), float(popt[2]), float(se[0]), float(se[1]), float(se[2]), r2, la.size
    )


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
    x: ArrayLike,
    y: ArrayLike,
    *,
    chance: float = 0.0,
    ceiling: float = 100.0,
    family: str = "linear",
    scale_increases_with_x: bool = True,
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
    x: ArrayLike,
    y: ArrayLike,
    *,
    chance: float = 0.0,
    ceiling: float = 100.0,
    family: str = "linear",
    thresholds: Thresholds = Thresholds(),
    scale_increases_with_x: bool = True,
) -> Trend:
    """Sort one scaling curve into a Lourie et al. 2025 category (see :func:`categorise`).

    x: scale (e.g. log10 training FLOPs; or loss in nats/token with
    ``scale_increases_with_x=False``); y: score, same unit as ``chance`` and ``ceiling``.
    """
    f = trend_features(
        x, y, chance=chance, ceiling=ceiling, family=family, scale_increases_with_x=scale_increases_with_x
    )
    cat, why = categorise(f, thresholds)
    return Trend(cat, why, f["r2"], f["change"], f["drawdown"], int(np.sum(f["steps"] <= -thresholds.max_dip)), f)


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
    x: ArrayLike,
    y: ArrayLike,
    holdout: int = 1,
    *,
    family: str = "linear",
    chance: float = 0.0,
    ceiling: float = 100.0,
    scale_increases_with_x: bool = True,
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
    train, test = idx[: n - holdout], idx[n - holdout :]
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


def curve_key(df: pd.DataFrame) -> pd.Series:
    return df["task"] + " (" + df["metric"] + ", " + df["split"].fillna("?") + ")"


def gpt3_curves(
    tasks: pd.DataFrame,
    models: pd.DataFrame,
    *,
    setting: str = "few-shot",
    metric: str = "primary",
    x_axis: str = "compute",
    law: Any = None,
    task_subset: str = "all",
) -> Curves:
    """GPT-3 score curves for one evaluation ``setting`` (Brown et al. 2020, Table H.1).

    tasks/models: :func:`scalingbook.sources.tables.load_gpt3_tasks` / ``load_gpt3_models``.
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
        raise ValueError("x_axis='predicted_loss' needs a law (e.g. scalingbook.science.laws.BESIROGLU_2024)")
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
    mark(
        n_sizes < 2,
        "only one model size with a value (" + df["source"].str.replace(r"^.*\), ", "", regex=True) + "); no curve",
    )
    if metric == "primary":
        present = df[df["metric"] != "ppl"].groupby("task")["metric"].agg(set)
        primary = {t: next((c for c in ("acc", "f1", "em", "score") if c in ms), min(ms)) for t, ms in present.items()}
        mark(
            df["metric"] != df["task"].map(primary),
            "metric choice 'primary' keeps one metric per task (accuracy, else F1)",
        )
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
    curves: Curves,
    *,
    family: str = "linear",
    holdout: int = 1,
    thresholds: Thresholds = Thresholds(),
    min_points: int = 4,
) -> Analysis:
    """Classify every curve and backtest its ``holdout`` largest models.

    Curves with fewer than ``min_points`` points, or too few to backtest, are moved to
    ``excluded`` with the reason. ``summary`` columns: curve, task, metric, split,
    n_points, category, reason, r2, change, chance, backtest_x, predicted, actual,
    backtest_error (percentage points; for holdout > 1, at the largest model).
    """
    rows, lines, feats, dropped = [], [], {}, []
    need = max(min_points, holdout + (2 if family == "linear" else 3))
    pts = curves.points.assign(curve=curve_key(curves.points))
    for key, g in pts.groupby("curve", sort=True):
        g = g.sort_values("x", ascending=curves.scale_increases_with_x)
        x, y = g["x"].to_numpy(float), g["score"].to_numpy(float)
        chance, ceiling = float(g["chance"].iloc[0]), float(g["ceiling"].iloc[0])
        if len(g) < need:
            dropped.append(
                g.assign(
                    value=g["score"],
                    reason=(f"only {len(g)} sizes left after exclusions; {need} needed to classify and backtest"),
                )[_EXCLUDED_COLUMNS]
            )
            continue
        f = trend_features(
            x, y, chance=chance, ceiling=ceiling, family=family, scale_increases_with_x=curves.scale_increases_with_x
        )
        cat, why = categorise(f, thresholds)
        bt = backtest(
            x,
            y,
            holdout,
            family=family,
            chance=chance,
            ceiling=ceiling,
            scale_increases_with_x=curves.scale_increases_with_x,
        )
        feats[key] = f
        last = int(np.argmax(bt.x) if curves.scale_increases_with_x else np.argmin(bt.x))
        rows.append(
            {
                "curve": key,
                "task": g["task"].iloc[0],
                "metric": g["metric"].iloc[0],
                "split": g["split"].iloc[0],
                "n_points": len(g),
                "category": cat,
                "reason": why,
                "r2": f["r2"],
                "change": f["change"],
                "chance": chance,
                "backtest_x": float(bt.x[last]),
                "predicted": float(bt.predicted[last]),
                "actual": float(bt.actual[last]),
                "backtest_error": float(bt.error[last]),
            }
        )
        xs = np.linspace(x.min(), x.max(), 30)
        lines.append(pd.DataFrame({"curve": key, "x": xs, "fitted": f["fit"].predict(xs), "category": cat}))
    summary = pd.DataFrame(
        rows,
        columns=[
            "curve",
            "task",
            "metric",
            "split",
            "n_points",
            "category",
            "reason",
            "r2",
            "change",
            "chance",
            "backtest_x",
            "predicted",
            "actual",
            "backtest_error",
        ],
    )
    excluded = pd.concat([curves.excluded, *dropped], ignore_index=True) if dropped else curves.excluded
    lines_df = (
        pd.concat(lines, ignore_index=True) if lines else pd.DataFrame(columns=["curve", "x", "fitted", "category"])
    )
    return Analysis(summary, lines_df, feats, excluded, curves)


def category_shares(categories: ArrayLike) -> pd.DataFrame:
    """Count and share of each of the six categories (all six listed, zeros included)."""
    cats = pd.Series(np.asarray(categories, dtype=object))
    n = cats.value_counts().reindex(list(CATEGORIES), fill_value=0)
    total = int(n.sum())
    return pd.DataFrame(
        {
            "category": list(CATEGORIES),
            "n": n.to_numpy(),
            "share": n.to_numpy() / total if total else np.zeros(len(CATEGORIES)),
        }
    )


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
# Gadre et al. 2024's testbed: the two-stage prediction, per-task trends against loss
# --------------------------------------------------------------------------------------

#: The three training sets of the testbed (C4, RedPajama, RefinedWeb) and the eight loss
#: evaluations, named as the testbed's own parser names them (``loss_<name>`` columns).
TRAIN_SETS = ("c4_original", "rpj", "rw_original")
VAL_SETS = (
    "c4_val",
    "openlm",
    "paloma_c4_en",
    "paloma_redpajama",
    "paloma_falcon-refinedweb",
    "paloma_dolma_100_programing_languages",
    "paloma_ptb",
    "val_de-en_100",
)

#: The 17 tasks of Gadre et al.'s "17-task split" (mlfoundations/scaling, scaling/constants.py,
#: ``SUBSET``): the tasks on which their small models score above chance.
GADRE_SUBSET_17 = (
    "bigbench_operators",
    "pubmed_qa_labeled",
    "hellaswag_zeroshot",
    "boolq",
    "arc_easy",
    "coqa",
    "bigbench_dyck_languages",
    "lambada_openai",
    "bigbench_novel_concepts",
    "winograd",
    "bigbench_cs_algorithms",
    "commonsense_qa",
    "bigbench_qa_wikidata",
    "hellaswag",
    "copa",
    "squad",
    "piqa",
)

#: The four small architectures whose M = 20 runs (with the 0.011B run at M = 320) make up the
#: loss-law fit set (mlfoundations/scaling, scaling/shared.py ``fit_ds``).
GADRE_FIT_ARCHITECTURES = ("d=96_l=8_h=4", "d=512_l=8_h=4", "d=576_l=24_h=8", "d=1024_l=24_h=8")


@dataclass(frozen=True)
class _GadrePublished:
    train_set: str
    val_set: str
    split: str
    loss_rel_error_1b: float
    loss_rel_error_7b: float
    err_rel_error_1b: float
    err_rel_error_7b: float
    compute_ratio_loss: float
    compute_ratio_error: float
    source: str


#: Gadre et al. 2024 (arXiv:2403.08540), Fig. 1: trained on RedPajama, C4-eval loss, the
#: 17-task average top-1 error. The relative errors (fractions of the measured value) are the
#: ones the authors' notebook prints when it reproduces Fig. 1 (mlfoundations/scaling,
#: scaling_explorer.ipynb, cell 3 output); the abstract's "300x less compute" (loss) and
#: "20x less compute" (error) are the compute ratios of target to fit set.
GADRE_2024 = _GadrePublished(
    train_set="rpj",
    val_set="c4_val",
    split="17-task",
    loss_rel_error_1b=0.007103,
    loss_rel_error_7b=0.007320,
    err_rel_error_1b=0.036365,
    err_rel_error_7b=0.000464,
    compute_ratio_loss=300.0,
    compute_ratio_error=20.0,
    source=(
        "Gadre et al. 2024 (arXiv:2403.08540), Fig. 1 and abstract; relative errors as printed by "
        "the authors' scaling_explorer.ipynb (github.com/mlfoundations/scaling)"
    ),
)


def gadre_loss_law(
    n_params: ArrayLike, token_multiplier: ArrayLike, a: float, b: float, eta: float, e: float
) -> np.ndarray | float:
    """Gadre et al. 2024's loss law for over-trained runs (Sec. 3; Fig. 1 left):

        L(C, M) = E + (a M^eta + b M^-eta) C^-eta,   C = 6 N D = 6 M N^2,

    equivalently E + a 6^-eta N^-2eta + b 6^-eta (M N)^-2eta: a Chinchilla form whose
    parameter and data exponents are tied (the authors' code writes it so, with exponent
    -2 eta). n_params: N (parameters, embeddings included); token_multiplier: M = D / N;
    returns the loss in nats/token. Arrays broadcast.
    """
    n = np.asarray(n_params, dtype=float)
    m = np.asarray(token_multiplier, dtype=float)
    c = 6.0 * m * n * n
    out = e + (a * m**eta + b * m ** (-eta)) * c ** (-eta)
    return out.item() if np.ndim(out) == 0 else out


@dataclass(frozen=True)
class GadreLossFit:
    """Fitted :func:`gadre_loss_law` (a, b, eta, E) with its residual RMS (nats/token)."""

    a: float
    b: float
    eta: float
    e: float
    rms: float
    n: int

    def predict(self, n_params: ArrayLike, token_multiplier: ArrayLike) -> np.ndarray | float:
        return gadre_loss_law(n_params, token_multiplier, self.a, self.b, self.eta, self.e)


def fit_gadre_loss_law(n_params: ArrayLike, token_multiplier: ArrayLike, loss: ArrayLike) -> GadreLossFit:
    """Least-squares fit of :func:`gadre_loss_law`, the objective of Gadre et al.'s recipe
    (mlfoundations/scaling, scaling/laws.py ``curve_fit_powlaw_ours``: Levenberg-Marquardt
    from 128 starts, the smallest residual kept). Solved here by variable projection: for a
    fixed exponent x = -2 eta the law L = A N^x + B 6^(x/2) (M N)^x + E is linear in (A, B, E),
    so 4,000 exponents (eta in (0.0025, 1]) are solved at once and the best is refined by
    golden-section search; this finds the global least-squares optimum the multi-start search
    looks for (a test checks both agree). Needs >= 5 runs; ``rms`` as the authors compute it,
    sqrt(RSS / (n - 2))."""
    n = np.asarray(n_params, dtype=float)
    m = np.asarray(token_multiplier, dtype=float)
    y = np.asarray(loss, dtype=float)
    if not (n.shape == m.shape == y.shape) or n.ndim != 1 or n.size < 5:
        raise ValueError(f"the loss law needs at least 5 runs with N, M and loss each; got {n.size}")
    if not (np.all(np.isfinite(y)) and np.all(n > 0) and np.all(m > 0)):
        raise ValueError("N and M must be positive and the losses finite")
    ln, lmn = np.log(n), np.log(m * n)

    def solve(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        cols = np.stack(
            [np.exp(x[:, None] * ln), np.exp(x[:, None] * (0.5 * np.log(6.0) + lmn)), np.ones((x.size, n.size))], axis=2
        )  # (k, n, 3)
        scale = np.sqrt(np.sum(cols**2, axis=1, keepdims=True))
        coef = np.einsum("kjn,n->kj", np.linalg.pinv(cols / scale), y) / scale[:, 0, :]
        rss = np.sum((np.einsum("knj,kj->kn", cols, coef) - y) ** 2, axis=1)
        return rss, coef

    grid = -2.0 * np.linspace(0.0025, 1.0, 4000)
    rss, _ = solve(grid)
    i = int(np.nanargmin(rss))
    lo, hi = grid[min(i + 1, grid.size - 1)], grid[max(i - 1, 0)]
    g = (np.sqrt(5.0) - 1) / 2
    for _ in range(60):  # golden-section search on the bracket around the best exponent
        c, d = hi - g * (hi - lo), lo + g * (hi - lo)
        rc, rd = solve(np.array([c, d]))[0]
        if rc < rd:
            hi = d
        else:
            lo = c
    x = np.array([(lo + hi) / 2])
    rss_best, coef = solve(x)
    big_a, big_b, e = coef[0]
    eta = float(-x[0] / 2.0)
    rms = float(np.sqrt(rss_best[0] / (n.size - 2)))
    # back to the paper's (a, b): A N^-2eta = a 6^-eta N^-2eta, B = b
    return GadreLossFit(a=float(big_a * 6.0**eta), b=float(big_b), eta=eta, e=float(e), rms=rms, n=n.size)


def gadre_run_table(table: pd.DataFrame, runs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per run with its mean top-1 error over the 46 tasks (``err_46``) and over
    Gadre et al.'s 17-task split (``err_17``), beside the run columns of
    :func:`scalingbook.sources.datasets.load_gadre2024` (losses in nats/token, errors 0-1).
    ``runs`` (load_gadre2024_runs) adds runs without an evaluation (errors NaN)."""
    per = table.pivot_table(index="run", columns="task", values="error", aggfunc="first")
    sub = [t for t in GADRE_SUBSET_17 if t in per.columns]
    cols = [
        c
        for c in table.columns
        if c
        not in ("task", "accuracy", "error", "chance", "n_shots", "n_items", "task_category", "task_type", "source")
    ]
    base = table[cols].drop_duplicates("run").set_index("run")
    if runs is not None:
        base = runs.drop(columns=[c for c in ("has_eval", "source") if c in runs.columns]).set_index("run")
    out = base.assign(
        err_46=per.mean(axis=1).reindex(base.index),
        err_17=per[sub].mean(axis=1).reindex(base.index) if len(sub) == len(GADRE_SUBSET_17) else np.nan,
        n_tasks=per.notna().sum(axis=1).reindex(base.index).fillna(0).astype(int),
    )
    return out.reset_index()


def gadre_fit_sets(runs: pd.DataFrame, train_set: str) -> dict[str, pd.DataFrame]:
    """The runs of Gadre et al.'s two-stage recipe for one training set (their
    scaling/shared.py ``fit_ds`` and Fig. 1): ``loss_fit``: the four small architectures
    (0.011B to 0.411B) at M = 20, plus the 0.011B run at M = 320 (5 runs); ``error_fit``: the
    same plus the 1.4B run at M = 20 (6 runs); ``targets``: the 1.4B run with the largest
    M above 20 (M = 640 on RedPajama; the testbed has M = 80 on C4 and M = 320 on RefinedWeb)
    and the 6.9B run at M = 20."""
    if train_set not in TRAIN_SETS:
        raise ValueError(f"train_set must be one of {', '.join(TRAIN_SETS)}; got {train_set!r}")
    r = runs[runs["dataset"] == train_set]
    arch, m = r["architecture"], r["token_multiplier"]
    loss_fit = r[(arch.isin(GADRE_FIT_ARCHITECTURES) & (m == 20)) | ((arch == GADRE_FIT_ARCHITECTURES[0]) & (m == 320))]
    error_fit = pd.concat([loss_fit, r[(arch == "open_lm_1b") & (m == 20)]])
    over = r[(arch == "open_lm_1b") & (m > 20)].sort_values("token_multiplier")
    targets = pd.concat([over.tail(1), r[(arch == "open_lm_7b") & (m == 20)]])
    if len(loss_fit) != 5 or len(error_fit) != 6 or len(targets) != 2:
        raise ValueError(
            f"training set {train_set!r} lacks runs of the recipe: {len(loss_fit)} of 5 loss-fit runs, "
            f"{len(error_fit)} of 6 error-fit runs, {len(targets)} of 2 targets"
        )
    return {
        "loss_fit": loss_fit.sort_values("train_flops"),
        "error_fit": error_fit.sort_values("train_flops"),
        "targets": targets,
    }


@dataclass(frozen=True)
class TwoStage:
    """Gadre et al.'s two-stage prediction for one (training set, loss, task split).

    ``table``: one row per target (run, N, M, train_flops, loss measured and predicted, its
    relative error; error measured and predicted, absolute and relative errors);
    ``loss_law`` / ``error_law``: the fits; ``fit_runs``: every run used, with its stage;
    ``compute_ratio``: target compute over the fit set's total compute, per target and stage.
    """

    train_set: str
    val_set: str
    split: str
    table: pd.DataFrame
    loss_law: GadreLossFit
    error_law: ErrorLawFit
    fit_runs: pd.DataFrame


def two_stage_gadre(
    runs: pd.DataFrame, train_set: str = "rpj", val_set: str = "c4_val", split: str = "17-task"
) -> TwoStage:
    """Gadre et al. 2024's two-stage prediction (Sec. 3-4, Fig. 1) on ``gadre_run_table``.

    Stage 1: fit :func:`gadre_loss_law` to the loss-fit runs (``gadre_fit_sets``) and
    predict each target's loss ``loss_<val_set>`` from its N and M. Stage 2: fit
    Err(L) = epsilon - k exp(-gamma L) (:func:`fit_error_law`) to the error-fit runs' measured
    (loss, average error) and evaluate it at the *predicted* loss. ``split``: ``17-task``
    (``err_17``) or ``46-task`` (``err_46``).
    """
    if val_set not in VAL_SETS:
        raise ValueError(f"val_set must be one of {', '.join(VAL_SETS)}; got {val_set!r}")
    if split not in ("17-task", "46-task"):
        raise ValueError(f"split must be one of 17-task, 46-task; got {split!r}")
    sets = gadre_fit_sets(runs, train_set)
    col, err = f"loss_{val_set}", ("err_17" if split == "17-task" else "err_46")
    lf, ef, tg = sets["loss_fit"], sets["error_fit"], sets["targets"]
    law = fit_gadre_loss_law(lf["n_params"], lf["token_multiplier"], lf[col])
    elaw = fit_error_law(ef[col], ef[err])
    pred_loss = np.asarray(law.predict(tg["n_params"], tg["token_multiplier"]), dtype=float)
    pred_err = np.asarray(elaw.predict(pred_loss), dtype=float)
    table = pd.DataFrame(
        {
            "run": tg["run"].to_numpy(),
            "n_params": tg["n_params"].to_numpy(),
            "token_multiplier": tg["token_multiplier"].to_numpy(),
            "train_flops": tg["train_flops"].to_numpy(),
            "loss": tg[col].to_numpy(),
            "loss_pred": pred_loss,
            "error": tg[err].to_numpy(),
            "error_pred": pred_err,
            "compute_ratio_loss": tg["train_flops"].to_numpy() / lf["train_flops"].sum(),
            "compute_ratio_error": tg["train_flops"].to_numpy() / ef["train_flops"].sum(),
        }
    )
    table["loss_rel_error"] = np.abs(table["loss_pred"] - table["loss"]) / table["loss"]
    table["error_abs_error"] = np.abs(table["error_pred"] - table["error"])
    table["error_rel_error"] = table["error_abs_error"] / table["error"]
    fit_runs = pd.concat(
        [lf.assign(stage="loss and error laws"), ef[~ef["run"].isin(lf["run"])].assign(stage="error law only")]
    )
    fit_runs = fit_runs[["run", "stage", "architecture", "n_params", "token_multiplier", "train_flops", col, err]]
    return TwoStage(train_set, val_set, split, table, law, elaw, fit_runs.reset_index(drop=True))


# ---- per-task trends: accuracy against validation loss, y = a exp(c L) + b ----------------


@dataclass(frozen=True)
class ExpInLossFits:
    """y = a exp(c L) + b fitted to every task at once (Lourie et al. 2025's form).

    Arrays over tasks: ``a``, ``b``, ``c`` (1 / (nats/token)), ``r2``; ``loss``: the runs'
    losses (n,); ``acc``: accuracies (tasks, n), 0-1; ``se``: binomial standard errors
    sqrt(p (1 - p) / n_items) (tasks, n); ``chance`` and ``n_items`` per task.
    """

    tasks: np.ndarray
    runs: np.ndarray
    loss: np.ndarray
    acc: np.ndarray
    se: np.ndarray
    chance: np.ndarray
    n_items: np.ndarray
    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    r2: np.ndarray

    def predict(self, loss: ArrayLike) -> np.ndarray:
        """Fitted accuracy of every task at ``loss`` (tasks, len(loss))."""
        la = np.atleast_1d(np.asarray(loss, dtype=float))
        return self.a[:, None] * np.exp(self.c[:, None] * la[None, :]) + self.b[:, None]


def _exp_ls(x: np.ndarray, y: np.ndarray, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least squares of y on exp(rate x) for every (task, rate): RSS, slope, intercept.
    x: (n,); y: (tasks, n); rates: (k,) shared by all tasks, or (tasks, k)."""
    yc = y - y.mean(-1, keepdims=True)
    with np.errstate(over="ignore", invalid="ignore"):
        z = np.exp(rates[..., None] * x)  # (k, n) or (tasks, k, n)
    zm = z.mean(-1)
    zc = z - zm[..., None]
    sxx = np.sum(zc * zc, -1)
    # einsum, not @: on this (tasks x runs) shape BLAS threading costs ten times more than the sum
    sxy = np.einsum("tn,kn->tk", yc, zc) if rates.ndim == 1 else np.einsum("tn,tkn->tk", yc, zc)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(sxx > 0, sxy / sxx, 0.0)
        rss = np.sum(yc * yc, -1)[:, None] - np.where(sxx > 0, sxy * sxy / sxx, 0.0)
    intercept = y.mean(-1)[:, None] - slope * zm
    return rss, slope, intercept


def fit_exp_in_loss(loss: ArrayLike, acc: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fit y = a exp(c L) + b to every row of ``acc`` (tasks, n) against ``loss`` (n,).

    For a fixed rate c the model is linear in (a, b), so every task is solved for 400 rates
    at once (``|c| sigma`` from 1e-3, nearly a straight line, to 8 on a log grid, both signs;
    sigma the losses' standard deviation), then in four rounds of 21 rates between the best
    rate's neighbours (each round narrows the bracket tenfold).
    Returns (a, b, c, r2) arrays over tasks; c in 1 / (nats/token).
    """
    la = np.asarray(loss, dtype=float)
    ya = np.atleast_2d(np.asarray(acc, dtype=float))
    if la.ndim != 1 or ya.shape[-1] != la.size or la.size < 3:
        raise ValueError(
            f"need one loss per run (>= 3 runs) and one accuracy per task and run; got {la.shape}, {ya.shape}"
        )
    if not (np.all(np.isfinite(la)) and np.all(np.isfinite(ya))):
        raise ValueError("losses and accuracies must be finite; leave out (and report) missing runs first")
    mu, sd = la.mean(), la.std()
    if sd == 0:
        raise ValueError("the runs' losses must differ")
    x = (la - mu) / sd
    pos = np.logspace(-3, np.log10(8.0), 200)
    grid = np.concatenate([-pos[::-1], pos])
    rss, _, _ = _exp_ls(x, ya, grid)
    j = np.nanargmin(rss, axis=1)
    lo, hi = grid[np.maximum(j - 1, 0)], grid[np.minimum(j + 1, grid.size - 1)]
    t = np.arange(ya.shape[0])
    for _ in range(4):  # each round: 21 rates between the best rate's neighbours
        fine = lo[:, None] + (hi - lo)[:, None] * np.linspace(0, 1, 21)[None, :]
        rss2, slope2, icpt2 = _exp_ls(x, ya, fine)
        k = np.nanargmin(rss2, axis=1)
        step = (hi - lo) / 20
        lo, hi = fine[t, k] - step, fine[t, k] + step
    rate, slope, icpt, best = fine[t, k], slope2[t, k], icpt2[t, k], rss2[t, k]
    tss = np.sum((ya - ya.mean(-1, keepdims=True)) ** 2, -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = np.where(tss > 0, 1.0 - best / np.where(tss > 0, tss, 1.0), 1.0)
    # back to the original loss: exp(rate (L - mu) / sd) = exp(-rate mu / sd) exp((rate / sd) L)
    c = rate / sd
    a = slope * np.exp(-rate * mu / sd)
    b = icpt
    return a, b, c, np.clip(r2, -np.inf, 1.0)


def plain_table(table: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy without ``attrs`` (pandas deep-copies attrs on every operation)."""
    t = table.copy(deep=False)
    t.attrs = {}
    return t


def task_matrix(table: pd.DataFrame, train_set: str = "rpj") -> dict[str, Any]:
    """Accuracies of every task over the runs of ``train_set`` (``all``: the three pooled)
    and the runs' losses: a dict with ``tasks``, ``runs``, ``acc`` (tasks, n), ``losses``
    ({val_set: (n,)}), ``chance``, ``n_items`` and ``excluded`` (runs left out, with the
    reason: a run missing a task's score)."""
    if train_set not in (*TRAIN_SETS, "all"):
        raise ValueError(f"train_set must be one of {', '.join(TRAIN_SETS)}, all; got {train_set!r}")
    d = plain_table(table)
    if train_set != "all":
        d = d[d["dataset"] == train_set]
    wide = d.pivot(index="task", columns="run", values="accuracy")
    bad = wide.isna().any(axis=0).to_numpy()
    excluded = pd.DataFrame(
        {"run": list(wide.columns[bad]), "reason": "a task without a score"}, columns=["run", "reason"]
    )
    wide = wide.loc[:, ~bad]
    per_run = d.drop_duplicates("run").set_index("run").reindex(wide.columns)
    meta = d.drop_duplicates("task").set_index("task").reindex(wide.index)
    losses = {v: per_run[f"loss_{v}"].to_numpy(float) for v in VAL_SETS if f"loss_{v}" in per_run.columns}
    return {
        "tasks": wide.index.to_numpy(),
        "runs": wide.columns.to_numpy(),
        "acc": wide.to_numpy(float),
        "losses": losses,
        "chance": meta["chance"].to_numpy(float),
        "n_items": meta["n_items"].to_numpy(float),
        "excluded": excluded,
    }


def task_fits(table: pd.DataFrame | dict, train_set: str = "rpj", val_set: str = "c4_val") -> ExpInLossFits:
    """:func:`fit_exp_in_loss` for every task of the testbed on one (training set, loss).
    ``table``: :func:`scalingbook.sources.datasets.load_gadre2024`, or a ``task_matrix`` already
    built for ``train_set`` (then reused: one pivot serves all eight losses)."""
    m = table if isinstance(table, dict) else task_matrix(table, train_set)
    if val_set not in m["losses"]:
        raise ValueError(f"val_set must be one of {', '.join(m['losses'])}; got {val_set!r}")
    loss, acc = m["losses"][val_set], m["acc"]
    ok = np.isfinite(loss)
    a, b, c, r2 = fit_exp_in_loss(loss[ok], acc[:, ok])
    p = np.clip(acc[:, ok], 0.0, 1.0)
    se = np.sqrt(p * (1 - p) / m["n_items"][:, None])
    return ExpInLossFits(m["tasks"], m["runs"][ok], loss[ok], acc[:, ok], se, m["chance"], m["n_items"], a, b, c, r2)


#: Number of equal-count loss bins (highest loss first) on which the shape rules look.
N_BINS = 5


def loss_trend_features(fits: ExpInLossFits) -> pd.DataFrame:
    """The threshold-free measurements :func:`categorise_loss_trends` uses, one row a task.

    Headroom units u = (accuracy - chance) / (1 - chance). ``r2``: of y = a exp(cL) + b;
    ``change``: fitted u at the lowest loss minus at the highest (positive: better as loss
    falls); ``bins``: mean u in ``N_BINS`` equal-count bins of the runs, highest loss first;
    ``drawdown``: largest fall of the binned curve below its running maximum; ``flat_range``:
    range of the first (highest-loss) half of the bins; ``jump``: last bin minus the highest of
    that first half; ``se_u``: median binomial standard error of one score (headroom units);
    ``r2_ceiling``: the largest R^2 binomial noise allows, 1 - mean(se^2) / var(y).
    """
    span = np.where(1 - fits.chance > 0, 1 - fits.chance, 1.0)
    lo, hi = fits.loss.min(), fits.loss.max()
    fitted = fits.predict([lo, hi])
    change = (fitted[:, 0] - fitted[:, 1]) / span
    order = np.argsort(-fits.loss, kind="stable")
    u = (fits.acc[:, order] - fits.chance[:, None]) / span[:, None]
    bins = np.stack([b.mean(axis=1) for b in np.array_split(u, N_BINS, axis=1)], axis=1)
    drawdown = np.max(np.maximum.accumulate(bins, axis=1) - bins, axis=1)
    half = (N_BINS + 1) // 2
    flat_range = np.ptp(bins[:, :half], axis=1)
    jump = bins[:, -1] - bins[:, :half].max(axis=1)
    var = fits.acc.var(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ceiling = np.where(var > 0, 1 - np.mean(fits.se**2, axis=1) / var, 0.0)
    return pd.DataFrame(
        {
            "task": fits.tasks,
            "r2": fits.r2,
            "change": change,
            "drawdown": drawdown,
            "flat_range": flat_range,
            "jump": jump,
            "se_u": np.median(fits.se, axis=1) / span,
            "r2_ceiling": np.clip(ceiling, 0, 1),
            "chance": fits.chance,
            "n_items": fits.n_items,
            "c": fits.c,
            **{f"bin{i + 1}": bins[:, i] for i in range(N_BINS)},
        }
    )


def _loss_categories(f: pd.DataFrame, t: Thresholds) -> tuple[list[np.ndarray], np.ndarray]:
    ch, r2 = f["change"].to_numpy(), f["r2"].to_numpy()
    conds = [
        np.abs(ch) < t.min_change,
        ch <= -t.min_change,
        r2 >= t.min_r2,
        (f["flat_range"].to_numpy() < t.min_change) & (f["jump"].to_numpy() >= t.min_jump),
        f["drawdown"].to_numpy() >= t.max_dip,
    ]
    return conds, np.select(conds, ["trendless", "inverse", "predictable", "breakthrough", "nonmonotonic"], "noisy")


def _against(values: pd.Series, threshold: float) -> pd.Series:
    """Each value with 3 decimals, or as many more as it takes for the shown number to compare
    with ``threshold`` as the value does (0.89996 against 0.9 shows 0.89996, not 0.900)."""

    def one(v: float) -> str:
        for d in range(3, 11):
            shown = f"{v:.{d}f}"
            if (float(shown) < threshold) == (v < threshold):
                return shown
        return repr(float(v))

    return values.map(one)


def categorise_loss_trends(
    features: pd.DataFrame, thresholds: Thresholds = Thresholds(), reasons: bool = True
) -> pd.DataFrame:
    """Lourie et al. 2025's six categories by an explicit rule, vectorised over tasks.

    In this order (headroom units, runs ordered from the highest loss to the lowest):

    1. ``trendless``: the fit changes by less than ``min_change`` over the loss range;
    2. ``inverse``: the fit falls by ``min_change`` or more as loss falls;
    3. ``predictable``: y = a exp(cL) + b explains at least ``min_r2`` of the variance
       ("fits the exponential-in-loss form closely");
    4. ``breakthrough``: the first half of the loss bins is flat (range below ``min_change``)
       and the last bin is ``min_jump`` or more above them;
    5. ``nonmonotonic``: the binned curve falls ``max_dip`` or more below its running maximum;
    6. ``noisy``: the rest (a trend the form does not fit closely, without a clear shape).

    Returns ``features`` with ``category`` (and, if ``reasons``, ``reason``) columns.
    """
    t, f = thresholds, features
    conds, cats = _loss_categories(f, t)
    if not reasons:
        return f.assign(category=cats)
    why = np.select(
        conds,
        [
            "fit moves " + _against(f["change"].abs(), t.min_change) + f" < {t.min_change:g} of headroom",
            "fit falls " + _against(-f["change"], t.min_change) + f" >= {t.min_change:g} as loss falls",
            "R^2 " + _against(f["r2"], t.min_r2) + f" >= {t.min_r2:g}",
            "flat (" + f["flat_range"].map("{:.3f}".format) + "), then up " + f["jump"].map("{:.3f}".format),
            "falls " + _against(f["drawdown"], t.max_dip) + f" >= {t.max_dip:g} below an earlier bin",
        ],
        "R^2 " + _against(f["r2"], t.min_r2) + f" < {t.min_r2:g}, no clear shape",
    )
    return f.assign(category=cats, reason=why)


def _shares(cats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = np.array([(cats == c).sum() for c in CATEGORIES])
    return n, n / max(len(cats), 1)


def loss_trend_shares(
    table: pd.DataFrame,
    thresholds: Thresholds = Thresholds(),
    train_sets: tuple[str, ...] = (*TRAIN_SETS, "all"),
    val_sets: tuple[str, ...] = VAL_SETS,
) -> pd.DataFrame:
    """Share of tasks in each category for every (training set, loss evaluation): one
    pivot per training set, one vectorised fit per pair. Columns: train_set, val_set,
    category, n, share, n_tasks, n_runs."""
    out = []
    for ts in train_sets:
        m = task_matrix(table, ts)
        for vs in val_sets:
            fits = task_fits(m, ts, vs)
            cats = categorise_loss_trends(loss_trend_features(fits), thresholds, reasons=False)["category"]
            out.append(category_shares(cats).assign(train_set=ts, val_set=vs, n_tasks=len(cats), n_runs=fits.runs.size))
    return pd.concat(out, ignore_index=True)


def threshold_sweep(features: pd.DataFrame, base: Thresholds, name: str, values: ArrayLike) -> pd.DataFrame:
    """Share of tasks per category as threshold ``name`` sweeps ``values``; fits fixed.
    Columns: category, n, share, ``name``."""
    if name not in ("min_r2", "min_change", "max_dip", "min_jump"):
        raise ValueError(f"name must be one of min_r2, min_change, max_dip, min_jump; got {name!r}")
    vals = np.asarray(values, dtype=float)
    rows = []
    for v in vals:
        n, share = _shares(_loss_categories(features, Thresholds(**{**base.__dict__, name: float(v)}))[1])
        rows.append((n, share))
    k = len(CATEGORIES)
    return pd.DataFrame(
        {
            "category": np.tile(CATEGORIES, vals.size),
            "n": np.concatenate([r[0] for r in rows]),
            "share": np.concatenate([r[1] for r in rows]),
            name: np.repeat(vals, k),
        }
    )
