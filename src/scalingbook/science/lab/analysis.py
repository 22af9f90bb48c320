"""Analysis of a lab sweep (no JAX): IsoFLOP parabolas, compute-optimal exponents with bootstrap
intervals, and the held-out prediction.

Approach 2 of Hoffmann et al. 2022: at each budget C fit a parabola to the loss against log N, take
its vertex as the compute-optimal N*(C) (and D* = C / 6N*), then fit N* proportional to C^a and
D* proportional to C^b by least squares in log-log. Since every run has D = C / 6N, a + b = 1
exactly, as in Hoffmann et al.'s Table 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import RUN_COLUMNS  # the results table's columns (writing it needs no pandas)

__all__ = [
    "IsoFlopMinimum",
    "isoflop_minima",
    "power_law",
    "exponents",
    "bootstrap_exponents",
    "predict_heldout",
    "loss_at",
    "RUN_COLUMNS",
    "WINDOW",
]


@dataclass(frozen=True)
class IsoFlopMinimum:
    """The vertex of one budget's parabola in log10 N: N*, D*, the loss there, and whether it lies
    inside the sizes tried (an extrapolated vertex is not a measured minimum)."""

    budget: float
    n_opt: float
    d_opt: float
    loss_opt: float
    curvature: float
    inside: bool
    n_runs: int  # runs the parabola was fitted to
    coef: tuple[float, float, float]  # loss = c0 + c1 x + c2 x^2, x = log10 N
    n_range: tuple[float, float] = (0.0, 0.0)  # smallest and largest N the parabola was fitted to


#: the parabola is fitted to the runs within this many sizes of the lowest loss, on each side
WINDOW = 2


def _vertex(budget: float, n: np.ndarray, loss: np.ndarray, window: int = WINDOW) -> IsoFlopMinimum:
    """The vertex of the parabola in log10 N through the runs around the lowest loss: the best size
    and up to ``window`` distinct sizes on each side. Far from the minimum an IsoFLOP curve is no
    parabola (at this scale it flattens where large models get too few steps), so the fit stays local,
    as Hoffmann et al.'s curves are sampled around their minima."""
    sizes = np.unique(n)
    best = n[int(np.argmin(loss))]
    i = int(np.searchsorted(sizes, best))
    keep_sizes = sizes[max(0, i - window) : i + window + 1]
    keep = np.isin(n, keep_sizes)
    x, y = np.log10(n[keep]), loss[keep]
    if np.unique(x).size < 3:
        raise ValueError(f"budget {budget:g}: fewer than three distinct sizes around the minimum")
    c2, c1, c0 = np.polyfit(x, y, 2)
    if c2 <= 0:
        j = int(np.argmin(y))
        return IsoFlopMinimum(
            budget,
            float(10 ** x[j]),
            budget / (6 * 10 ** x[j]),
            float(y[j]),
            float(c2),
            False,
            int(keep.sum()),
            (float(c0), float(c1), float(c2)),
            (float(keep_sizes.min()), float(keep_sizes.max())),
        )
    xv = -c1 / (2 * c2)
    n_opt = 10.0**xv
    inside = bool(np.log10(n).min() < xv < np.log10(n).max())
    return IsoFlopMinimum(
        budget,
        float(n_opt),
        budget / (6 * n_opt),
        float(c0 + c1 * xv + c2 * xv * xv),
        float(c2),
        inside,
        int(keep.sum()),
        (float(c0), float(c1), float(c2)),
        (float(keep_sizes.min()), float(keep_sizes.max())),
    )


def isoflop_minima(runs: pd.DataFrame) -> list[IsoFlopMinimum]:
    """One parabola vertex per budget of the ``sweep`` runs with at least three sizes."""
    sweep = runs[runs["stage"] == "sweep"]
    out = []
    for budget, g in sweep.groupby("budget"):
        if g["n_params"].nunique() >= 3:
            out.append(_vertex(float(budget), g["n_params"].to_numpy(float), g["val_loss"].to_numpy(float)))
    return out


def power_law(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(exponent, prefactor) of y = k x^e by least squares in log-log."""
    e, logk = np.polyfit(np.log(x), np.log(y), 1)
    return float(e), float(np.exp(logk))


def exponents(minima: list[IsoFlopMinimum]) -> dict[str, float]:
    """a (N* ~ C^a), b (D* ~ C^b) and their prefactors, from two or more vertices."""
    if len(minima) < 2:
        raise ValueError(f"the exponents need the minima of at least two budgets; got {len(minima)}")
    c = np.array([m.budget for m in minima])
    a, ka = power_law(c, np.array([m.n_opt for m in minima]))
    b, kb = power_law(c, np.array([m.d_opt for m in minima]))
    return {"a": a, "k_n": ka, "b": b, "k_d": kb}


def _bootstrap_groups(runs: pd.DataFrame) -> list[tuple[float, np.ndarray, np.ndarray]]:
    """(budget, sizes, losses) of every ``sweep`` budget with at least three sizes, budgets ascending."""
    sweep = runs[runs["stage"] == "sweep"]
    groups = [
        (float(b), g["n_params"].to_numpy(float), g["val_loss"].to_numpy(float))
        for b, g in sweep.groupby("budget")
        if g["n_params"].nunique() >= 3
    ]
    if len(groups) < 2:
        raise ValueError("the bootstrap needs at least two budgets of three or more sizes")
    return groups


def _bootstrap_draws(groups: list, n_bootstrap: int, seed: int) -> list[np.ndarray]:
    """Each budget's resampled run indices, (n_bootstrap, runs) per budget, every budget drawn up front."""
    rng = np.random.default_rng(seed)
    return [rng.integers(0, len(n), (n_bootstrap, len(n))) for _, n, _ in groups]


def _resample_vertices(n: np.ndarray, loss: np.ndarray, idx: np.ndarray, window: int = WINDOW):
    """:func:`_vertex` for every resample of one budget at once. idx: (B, runs) drawn run indices.
    Returns the vertex in log10 N (B,) and whether the resample keeps it (B,): at least three distinct
    sizes in the window around its lowest loss, a parabola opening upwards and a vertex strictly inside
    the resample's own sizes."""
    n_res, m = idx.shape
    sizes, size_of = np.unique(n, return_inverse=True)  # the resample's sizes are a subset of these
    counts = (idx[:, :, None] == np.arange(m)).sum(axis=1)  # (B, runs): how often each run was drawn
    present = np.zeros((n_res, sizes.size), dtype=bool)
    present[np.repeat(np.arange(n_res), m), size_of[idx].ravel()] = True
    rank = np.cumsum(present, axis=1) - 1  # a present size's position among the resample's sizes
    best = size_of[idx[np.arange(n_res), np.argmin(loss[idx], axis=1)]]  # the first draw of the lowest loss
    rank_best = rank[np.arange(n_res), best]
    in_window = present & (np.abs(rank - rank_best[:, None]) <= window)
    distinct = in_window.sum(axis=1)
    w = counts * in_window[:, size_of]  # weight of each run in the resample's parabola
    x = np.log10(n)
    centre = (w @ x) / w.sum(axis=1)  # least squares on centred x: a well-conditioned 3x3 system
    dx = x[None, :] - centre[:, None]
    s = [np.einsum("bj,bj->b", w, dx**k) for k in range(5)]
    t = [np.einsum("bj,bj->b", w, dx**k * loss) for k in range(3)]
    lhs = np.stack([np.stack(s[i : i + 3], axis=-1) for i in range(3)], axis=-2)  # (B, 3, 3)
    rhs = np.stack(t, axis=-1)
    ok = distinct >= 3
    lhs[~ok] = np.eye(3)  # fewer than three sizes: no parabola (dropped below)
    _, c1, c2 = np.linalg.solve(lhs, rhs[..., None])[..., 0].T
    ok &= c2 > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        xv = centre - c1 / (2 * c2)
    lo = np.log10(sizes)[np.argmax(present, axis=1)]
    hi = np.log10(sizes)[sizes.size - 1 - np.argmax(present[:, ::-1], axis=1)]
    ok &= (lo < xv) & (xv < hi)
    return xv, ok


def _bootstrap_samples(groups: list, draws: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """a and b of every resample (by least squares in log-log, in closed form) and which resamples
    keep every budget's vertex."""
    budgets = np.array([b for b, _, _ in groups])
    xv, ok = zip(*(_resample_vertices(n, loss, idx) for (_, n, loss), idx in zip(groups, draws)))
    log_n = np.column_stack(xv) * np.log(10.0)  # (B, budgets): ln N*
    keep = np.logical_and.reduce(ok)
    lc = np.log(budgets)
    lc = lc - lc.mean()
    log_d = np.log(budgets / 6) - log_n
    with np.errstate(invalid="ignore"):
        a = (log_n - log_n.mean(axis=1, keepdims=True)) @ lc / (lc @ lc)
        b = (log_d - log_d.mean(axis=1, keepdims=True)) @ lc / (lc @ lc)
    return a, b, keep


def bootstrap_exponents(runs: pd.DataFrame, n_bootstrap: int, seed: int = 0, level: float = 0.95) -> dict[str, float]:
    """Percentile intervals of a and b: each resample draws every budget's runs with replacement,
    refits its parabola (around the resample's own lowest loss) and the power laws. Resamples where a
    budget has fewer than three distinct sizes around its minimum, a parabola opening downwards, or
    a vertex outside the sizes tried (an extrapolation, not a measured minimum) are dropped and
    counted (``dropped``). All resamples are computed at once (NumPy arrays, no loop over them)."""
    groups = _bootstrap_groups(runs)
    a, b, keep = _bootstrap_samples(groups, _bootstrap_draws(groups, n_bootstrap, seed))
    a_s, b_s = a[keep], b[keep]
    dropped = int(n_bootstrap - keep.sum())
    q = (1 - level) / 2
    if len(a_s) < 2:
        return {
            "a_low": float("nan"),
            "a_high": float("nan"),
            "b_low": float("nan"),
            "b_high": float("nan"),
            "kept": len(a_s),
            "dropped": dropped,
        }
    a_lo, a_hi = np.quantile(a_s, [q, 1 - q])
    b_lo, b_hi = np.quantile(b_s, [q, 1 - q])
    return {
        "a_low": float(a_lo),
        "a_high": float(a_hi),
        "b_low": float(b_lo),
        "b_high": float(b_hi),
        "kept": len(a_s),
        "dropped": dropped,
    }


def predict_heldout(runs: pd.DataFrame, budget: float) -> dict[str, float]:
    """The prediction for a larger budget from the sweep runs alone: N* from the power law through
    the IsoFLOP vertices, and the loss at (N*, C / 6N*) from the book's Chinchilla fitter on every
    sweep run (Hoffmann et al.'s approach 3), plus the loss of the compute-optimal model from the
    vertices' own trend (``minima_trend_loss``: a power law in C through the vertex losses)."""
    from ..fitting import fit_chinchilla

    sweep = runs[runs["stage"] == "sweep"]
    minima = isoflop_minima(sweep)
    e = exponents(minima)
    n_opt = e["k_n"] * budget ** e["a"]
    fit = fit_chinchilla(
        sweep["n_params"].to_numpy(float), sweep["tokens"].to_numpy(float), sweep["val_loss"].to_numpy(float)
    )
    gamma, k_loss = power_law(np.array([m.budget for m in minima]), np.array([m.loss_opt for m in minima]))
    return {
        "budget": budget,
        "n_opt": float(n_opt),
        "d_opt": budget / (6 * n_opt),
        "a": e["a"],
        "minima_loss_exponent": gamma,
        "minima_loss_prefactor": k_loss,
        "minima_trend_loss": float(k_loss * budget**gamma),
        "E": fit.law.E,
        "A": fit.law.A,
        "B": fit.law.B,
        "alpha": fit.law.alpha,
        "beta": fit.law.beta,
        "n_fit_points": int(len(sweep)),
    }


def loss_at(fit_params: dict[str, float], n: float, d: float) -> float:
    """E + A / N^alpha + B / D^beta for a dict with those keys."""
    p = fit_params
    return float(p["E"] + p["A"] / n ** p["alpha"] + p["B"] / d ** p["beta"])
