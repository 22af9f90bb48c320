"""Fitting the Chinchilla loss law L(N, D) = E + A/N^alpha + B/D^beta to (N, D, loss) points.

The objective is the one of Hoffmann et al. 2022 (Eq. 3) as corrected by Besiroglu et al.
2024: the Huber loss (delta = 1e-3) of the log-space residuals log L_hat - log L, **summed**
over points, with the model written as log L_hat = LSE(a - alpha log N, b - beta log D, e)
(A = e^a, B = e^b, E = e^e).

:func:`fit_chinchilla` finds its global minimum in two stages:

1. *Profile over the exponents.* For fixed (alpha, beta) the prediction is linear in (E, A, B),
   so on a grid of exponent pairs the best (E, A, B) follow from a few iteratively reweighted
   least-squares steps on the relative residual (L_hat - L) / L ~ log L_hat - log L, done for
   every pair at once as batched 3x3 solves. This maps the whole landscape in one vectorised
   pass.
2. *Polish.* The best grid points and every local minimum of the profile start L-BFGS-B on the
   exact summed Huber objective with its analytic gradient; the lowest objective wins.

:func:`fit_chinchilla_reference` is the published method (L-BFGS-B from Hoffmann's
4,500-point grid of starts, finite-difference gradients, as in Besiroglu et al.'s
``data_analysis.ipynb``); it is slow and exists to check and benchmark the fast fitter.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .laws import ChinchillaLaw

__all__ = [
    "ChinchillaFit",
    "fit_chinchilla",
    "fit_chinchilla_reference",
    "bootstrap_counts",
    "huber_objective",
    "simulate_loss_points",
    "frontier_tokens_per_param",
    "PARAM_NAMES",
    "fit_chinchilla_cached",
    "RESAMPLING",
    "wald_chi2",
    "huber_log_likelihood",
    "fit_scale",
    "fit_huber_likelihood",
    "likelihood_ratio_test",
    "normal_approximation_band",
    "a_interval_runs_needed",
]

#: Order of the parameters in every array this module returns.
PARAM_NAMES = ("E", "A", "B", "alpha", "beta")


# --------------------------------------------------------------------------------------
# The objective
# --------------------------------------------------------------------------------------


def _as_points(n_params: ArrayLike, n_tokens: ArrayLike, loss: ArrayLike) -> tuple[np.ndarray, ...]:
    n = np.asarray(n_params, dtype=float).ravel()
    d = np.asarray(n_tokens, dtype=float).ravel()
    y = np.asarray(loss, dtype=float).ravel()
    if not (n.size == d.size == y.size):
        raise ValueError(f"n_params, n_tokens and loss must have the same length, got {n.size}, {d.size}, {y.size}")
    if n.size < 5:
        raise ValueError(f"need at least 5 points to fit 5 parameters, got {n.size}")
    for name, v in (("n_params", n), ("n_tokens", d), ("loss", y)):
        bad = ~np.isfinite(v) | (v <= 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"{name} must be in (0, inf), got {v[i]:g} at index {i}")
    return np.log(n), np.log(d), np.log(y)


def _check_identifiable(log_n: np.ndarray, log_d: np.ndarray, log_y: np.ndarray) -> None:
    """Refuse points that cannot identify E, A, B, alpha and beta, naming why.

    Each power law needs its own variable to vary: at least 3 distinct model sizes and 3
    distinct token counts, and sizes and tokens not tied by one power law D = k N^c (with
    log D an affine function of log N, B/D^beta is another power of N and the two terms
    cannot be told apart); and the losses must vary at all.
    """
    for name, v in (("model sizes", log_n), ("token counts", log_d)):
        distinct = np.unique(np.round(v, 9)).size
        if distinct < 3:
            raise ValueError(
                f"the points cannot identify the law's 5 parameters: they hold {distinct} distinct "
                f"{name} (need at least 3)"
            )
    x = np.column_stack([np.ones_like(log_n), log_n - log_n.mean()])
    coef, *_ = np.linalg.lstsq(x, log_d, rcond=None)
    resid = log_d - x @ coef
    if np.sqrt(np.mean(resid**2)) < 1e-6 * max(1.0, float(np.std(log_d))):
        raise ValueError(
            "the points cannot identify the law's 5 parameters: every run has D = k N^c "
            f"(c = {coef[1]:.3g}), so the N and D terms cannot be told apart"
        )
    if np.ptp(log_y) == 0:
        raise ValueError("the points cannot identify the law's 5 parameters: every run has the same loss")


def _objective_and_grad(
    theta: np.ndarray, log_n: np.ndarray, log_d: np.ndarray, log_y: np.ndarray, delta: float, w: np.ndarray | None
) -> tuple[float, np.ndarray]:
    """Summed Huber loss of log residuals and its gradient in theta = (e, a, b, alpha, beta)."""
    e, a, b, alpha, beta = theta
    t1 = a - alpha * log_n
    t2 = b - beta * log_d
    m = np.maximum(np.maximum(t1, t2), e)
    x1, x2, x3 = np.exp(t1 - m), np.exp(t2 - m), np.exp(e - m)
    s = x1 + x2 + x3
    r = m + np.log(s) - log_y
    absr = np.abs(r)
    small = absr <= delta
    h = np.where(small, 0.5 * r * r, delta * (absr - 0.5 * delta))
    psi = np.clip(r, -delta, delta)
    if w is not None:
        h = h * w
        psi = psi * w
    p1, p2, p3 = x1 / s, x2 / s, x3 / s
    g = np.array(
        [
            psi @ p3,
            psi @ p1,
            psi @ p2,
            -(psi * p1) @ log_n,
            -(psi * p2) @ log_d,
        ]
    )
    return float(h.sum()), g


def huber_objective(
    law: ChinchillaLaw,
    n_params: ArrayLike,
    n_tokens: ArrayLike,
    loss: ArrayLike,
    *,
    delta: float = 1e-3,
    weights: ArrayLike | None = None,
) -> float:
    """Sum over points of Huber_delta(log L_hat(N, D) - log L) (Hoffmann et al. 2022, Eq. 3,
    summed as in Besiroglu et al. 2024), each point times its weight (default 1; a bootstrap
    resample's counts). Dimensionless; lower is better."""
    log_n, log_d, log_y = _as_points(n_params, n_tokens, loss)
    theta = np.log([law.E, law.A, law.B]).tolist() + [law.alpha, law.beta]
    w = None if weights is None else np.asarray(weights, dtype=float).ravel()
    return _objective_and_grad(np.array(theta), log_n, log_d, log_y, delta, w)[0]


def _law_from_theta(theta: np.ndarray, name: str = "fit", source: str = "") -> ChinchillaLaw:
    e, a, b, alpha, beta = (float(x) for x in theta)
    return ChinchillaLaw(
        E=float(np.exp(e)), A=float(np.exp(a)), B=float(np.exp(b)), alpha=alpha, beta=beta, name=name, source=source
    )


def _polish(theta0: np.ndarray, args: tuple, maxiter: int = 2000) -> tuple[np.ndarray, float]:
    from scipy.optimize import minimize  # lazy: a chapter that reads cached fits never imports it

    res = minimize(
        _objective_and_grad,
        theta0,
        args=args,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": maxiter, "ftol": 1e-15, "gtol": 1e-12, "maxcor": 20},
    )
    return res.x, float(res.fun)


# --------------------------------------------------------------------------------------
# Batched polish: many parameter vectors (starts, or bootstrap resamples) at once
# --------------------------------------------------------------------------------------


def _basis(log_n: np.ndarray, log_d: np.ndarray) -> np.ndarray:
    """Columns 1, log N, log D, log^2 N, log N log D, log^2 D of the points (n, 6)."""
    return np.column_stack([np.ones_like(log_n), log_n, log_d, log_n * log_n, log_n * log_d, log_d * log_d])


def _batched_derivatives(
    theta: np.ndarray,
    w: np.ndarray,
    log_n: np.ndarray,
    log_d: np.ndarray,
    log_y: np.ndarray,
    delta: float,
    basis: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Objective (B,), gradient (B, 5) and Hessian (B, 5, 5) of the weighted Huber objective.

    With p_j the shares of the three terms in L_hat, r = log L_hat - log L has gradient
    G = (p3, p1, p2, -p1 log N, -p2 log D) and Hessian sum_j p_j J_j J_j^T - G G^T (J_j the
    gradient of the j-th exponent of the log-sum-exp); the Huber loss adds psi'(r) G G^T.
    Every entry is a weighted sum over points of a product of two shares times 1, log N,
    log D or their products, so all of them come from one matrix product with the basis.
    """
    if basis is None:
        basis = _basis(log_n, log_d)
    e, a, b, alpha, beta = theta.T
    x_n = np.exp(a[:, None] - alpha[:, None] * log_n)
    x_d = np.exp(b[:, None] - beta[:, None] * log_d)
    pred = np.exp(e)[:, None] + x_n + x_d
    r = np.log(pred) - log_y
    absr = np.abs(r)
    small = absr <= delta
    f = np.einsum("bn,bn->b", w, np.where(small, 0.5 * r * r, delta * (absr - 0.5 * delta)))
    psi = np.clip(r, -delta, delta) * w
    m = small * w - psi  # weight of G G^T
    p1, p2 = x_n / pred, x_d / pred
    p3 = 1.0 - p1 - p2
    mp1, mp2, mp3 = m * p1, m * p2, m * p3
    stacked = np.stack(
        [mp3 * p3, mp3 * p1, mp3 * p2, mp1 * p1, mp1 * p2, mp2 * p2, psi * p3, psi * p1, psi * p2]
    )  # (9, B, n)
    s = stacked @ basis  # (9, B, 6): columns 1, ln, ld, ln2, ln ld, ld2
    k33, k31, k32, k11, k12, k22, g3, g1, g2 = s
    grad = np.column_stack([g3[:, 0], g1[:, 0], g2[:, 0], -g1[:, 1], -g2[:, 2]])
    h = np.empty((theta.shape[0], 5, 5))
    h[:, 0, 0] = k33[:, 0] + g3[:, 0]
    h[:, 0, 1] = k31[:, 0]
    h[:, 0, 2] = k32[:, 0]
    h[:, 0, 3] = -k31[:, 1]
    h[:, 0, 4] = -k32[:, 2]
    h[:, 1, 1] = k11[:, 0] + g1[:, 0]
    h[:, 1, 2] = k12[:, 0]
    h[:, 1, 3] = -k11[:, 1] - g1[:, 1]
    h[:, 1, 4] = -k12[:, 2]
    h[:, 2, 2] = k22[:, 0] + g2[:, 0]
    h[:, 2, 3] = -k12[:, 1]
    h[:, 2, 4] = -k22[:, 2] - g2[:, 2]
    h[:, 3, 3] = k11[:, 3] + g1[:, 3]
    h[:, 3, 4] = k12[:, 4]
    h[:, 4, 4] = k22[:, 5] + g2[:, 5]
    il = np.tril_indices(5, -1)
    h[:, il[0], il[1]] = h[:, il[1], il[0]]
    return np.where(np.isfinite(f), f, np.inf), grad, h


_CHUNK = 256  # rows per block: keeps the (rows, n) temporaries in cache, about 2.5x faster than one block


def _chunked(fn, theta: np.ndarray, w: np.ndarray, *args):
    """Apply a batched function block by block over the rows of theta and w."""
    if theta.shape[0] <= _CHUNK:
        return fn(theta, w, *args)
    parts = [fn(theta[i : i + _CHUNK], w[i : i + _CHUNK], *args) for i in range(0, theta.shape[0], _CHUNK)]
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(p) for p in zip(*parts))
    return np.concatenate(parts)


def _polish_batched(
    theta0: np.ndarray,
    w: np.ndarray,
    log_n: np.ndarray,
    log_d: np.ndarray,
    log_y: np.ndarray,
    delta: float,
    *,
    max_iter: int = 300,
    rtol: float = 1e-13,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Minimise the weighted Huber objective for B problems at once by Levenberg-Marquardt
    steps on the exact Hessian (damping scaled by its diagonal, a step kept only when it
    lowers that problem's objective). theta0: (B, 5) or (5,) starts; w: (B, n) point weights.

    A problem stops when an accepted step lowers its objective by less than ``rtol``
    (relative) or its damping exceeds 1e10 (no descent left); converged problems leave the
    batch, so the cost falls as they finish. Returns theta (B, 5), objectives (B,) and the
    number of iterations of the slowest problem.
    """
    n_problems = w.shape[0]
    theta = np.array(np.broadcast_to(theta0, (n_problems, 5)), dtype=float)
    basis = _basis(log_n, log_d)
    with np.errstate(all="ignore"):
        f, grad, hess = _chunked(_batched_derivatives, theta, w, log_n, log_d, log_y, delta, basis)
    lam = np.full(n_problems, 1e-3)
    active = np.flatnonzero(np.isfinite(f) & np.isfinite(grad).all(axis=1) & np.isfinite(hess).all(axis=(1, 2)))
    eye = np.eye(5)
    it = 0
    # each step evaluates objective, gradient and Hessian at the candidate in one pass; a rejected
    # step keeps the old ones, so nothing is computed twice
    while active.size and it < max_iter:
        it += 1
        th, la, fo, wa = theta[active], lam[active], f[active], w[active]
        g, h = grad[active], hess[active]
        diag = np.maximum(np.einsum("bii->bi", h), 1e-30)
        with np.errstate(all="ignore"):
            try:
                step = np.linalg.solve(h + la[:, None, None] * diag[:, :, None] * eye, -g[..., None])[..., 0]
            except np.linalg.LinAlgError:  # a singular system somewhere: fall back to scaled gradient steps
                step = -g / (diag * (1.0 + la[:, None]))
            cand = th + np.where(np.isfinite(step), step, 0.0)
            fc, gc, hc = _chunked(_batched_derivatives, cand, wa, log_n, log_d, log_y, delta, basis)
        ok = (fc <= fo) & np.isfinite(gc).all(axis=1) & np.isfinite(hc).all(axis=(1, 2))
        gain = np.where(ok, fo - fc, 0.0)
        theta[active] = np.where(ok[:, None], cand, th)
        f[active] = np.where(ok, fc, fo)
        grad[active] = np.where(ok[:, None], gc, g)
        hess[active] = np.where(ok[:, None, None], hc, h)
        lam[active] = np.clip(np.where(ok, la * 0.2, la * 10.0), 1e-12, 1e12)
        done = (ok & (gain <= rtol * fo)) | (lam[active] >= 1e10)
        active = active[~done]
    return theta, f, it


# --------------------------------------------------------------------------------------
# Stage 1: the exponent profile, vectorised over a grid of (alpha, beta)
# --------------------------------------------------------------------------------------

_COEF_FLOOR = 1e-8


def _profile(
    log_n: np.ndarray,
    log_d: np.ndarray,
    log_y: np.ndarray,
    alphas: np.ndarray,
    betas: np.ndarray,
    delta: float,
    w: np.ndarray | None,
    irls_steps: int = 4,
) -> tuple[np.ndarray, np.ndarray]:
    """For every (alpha, beta) pair, near-best (E, A, B) and the Huber objective there.

    Returns coefficients of shape (K, 3) and objectives of shape (K,), K = len(alphas).
    """
    y = np.exp(log_y)
    x_n = np.exp(-alphas[:, None] * log_n[None, :])  # (K, n)
    x_d = np.exp(-betas[:, None] * log_d[None, :])
    X = np.stack([np.ones_like(x_n), x_n, x_d], axis=-1) / y[None, :, None]  # rows scaled by 1/L
    target = np.ones_like(y)  # (L_hat - L) / L = X c - 1
    weights = np.ones_like(x_n) if w is None else np.broadcast_to(w, x_n.shape).copy()
    ridge = 1e-12 * np.eye(3)
    coef = np.zeros((len(alphas), 3))
    for _ in range(irls_steps):
        Xw = X * weights[..., None]
        lhs = np.einsum("kni,knj->kij", Xw, X)
        scale = np.sqrt(np.einsum("kii->ki", lhs)) + 1e-300  # Jacobi scaling for conditioning
        lhs_s = lhs / (scale[:, :, None] * scale[:, None, :]) + ridge
        rhs = np.einsum("kni,n->ki", Xw, target) / scale
        coef = np.linalg.solve(lhs_s, rhs[..., None])[..., 0] / scale
        coef = np.maximum(coef, _COEF_FLOOR)
        r = np.log(np.einsum("kni,ki->kn", X, coef))  # log L_hat - log L
        absr = np.abs(r)
        # Huber IRLS weights psi(r)/r, times the point weights
        weights = np.where(absr <= delta, 1.0, delta / np.maximum(absr, 1e-300))
        if w is not None:
            weights = weights * w
    r = np.log(np.einsum("kni,ki->kn", X, coef))
    absr = np.abs(r)
    h = np.where(absr <= delta, 0.5 * r * r, delta * (absr - 0.5 * delta))
    if w is not None:
        h = h * w
    return coef, h.sum(axis=1)


def _starts_from_profile(obj: np.ndarray, n_a: int, n_b: int, n_best: int) -> np.ndarray:
    """Indices of the n_best lowest grid objectives plus every local minimum of the grid."""
    grid = obj.reshape(n_a, n_b)
    padded = np.pad(grid, 1, constant_values=np.inf)
    neigh = np.stack(
        [padded[1 + i : 1 + i + n_a, 1 + j : 1 + j + n_b] for i in (-1, 0, 1) for j in (-1, 0, 1) if (i, j) != (0, 0)]
    )
    local = np.flatnonzero((grid <= neigh.min(axis=0)).ravel())
    best = np.argsort(obj)[:n_best]
    idx = np.unique(np.concatenate([best, local]))
    return idx[np.argsort(obj[idx])]


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChinchillaFit:
    """A fitted Chinchilla law, its objective and (optionally) bootstrap replicates.

    law: the fitted :class:`scalingbook.science.laws.ChinchillaLaw`; objective: the summed Huber loss at the optimum;
    bootstrap: array (n_bootstrap, 5) of refitted (E, A, B, alpha, beta), or an empty array;
    bootstrap_objective: each resample's objective at its refit; seed: the resampling seed
    (:func:`bootstrap_counts`).
    """

    law: ChinchillaLaw
    objective: float
    n_points: int
    delta: float
    bootstrap: np.ndarray = field(default_factory=lambda: np.empty((0, 5)))
    bootstrap_objective: np.ndarray = field(default_factory=lambda: np.empty(0))
    seed: int = 0

    @property
    def params(self) -> np.ndarray:
        """(E, A, B, alpha, beta) of the point estimate."""
        law = self.law
        return np.array([law.E, law.A, law.B, law.alpha, law.beta])

    def confidence_intervals(self, level: float = 0.95) -> pd.DataFrame:
        """Per parameter: estimate, bootstrap standard error and percentile interval at ``level``
        (also a = beta/(alpha+beta), the exponent of N_opt proportional to C^a)."""
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level:g}")
        if len(self.bootstrap) < 2:
            raise ValueError(
                f"confidence intervals need n_bootstrap >= 2, got {len(self.bootstrap)}; "
                "refit with fit_chinchilla(..., n_bootstrap=...)"
            )
        est = np.append(self.params, self.law.a)
        reps = np.column_stack([self.bootstrap, self.bootstrap[:, 4] / (self.bootstrap[:, 3] + self.bootstrap[:, 4])])
        q = (1 - level) / 2
        lo, hi = np.quantile(reps, [q, 1 - q], axis=0)
        return pd.DataFrame(
            {
                "parameter": list(PARAM_NAMES) + ["a"],
                "estimate": est,
                "se": reps.std(axis=0, ddof=1),
                "low": lo,
                "high": hi,
            }
        )

    def frontier_band(self, train_flops: ArrayLike, level: float = 0.8) -> pd.DataFrame:
        """Compute-optimal tokens per parameter at each budget C (FLOPs): the point estimate and
        the bootstrap percentile band at ``level`` (columns train_flops, tokens_per_param,
        low, high). Without bootstrap replicates low = high = the estimate."""
        c = np.atleast_1d(np.asarray(train_flops, dtype=float))
        est = frontier_tokens_per_param(self.params, c)[0]
        if len(self.bootstrap) >= 2:
            reps = frontier_tokens_per_param(self.bootstrap, c)
            q = (1 - level) / 2
            lo, hi = np.quantile(reps, [q, 1 - q], axis=0)
        else:
            lo = hi = est
        return pd.DataFrame({"train_flops": c, "tokens_per_param": est, "low": lo, "high": hi})


def frontier_tokens_per_param(params: ArrayLike, train_flops: ArrayLike) -> np.ndarray:
    """Compute-optimal tokens per parameter D_opt/N_opt = G^-2 (C/6)^(b-a) (Hoffmann et al. 2022,
    Eq. 4) for many parameter sets at once.

    params: array (k, 5) of (E, A, B, alpha, beta); train_flops: C (FLOPs), shape (m,).
    Returns an array (k, m).
    """
    p = np.atleast_2d(np.asarray(params, dtype=float))
    c6 = np.asarray(train_flops, dtype=float).ravel()[None, :] / 6.0
    _, A, B, alpha, beta = (p[:, i : i + 1] for i in range(5))
    G = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    a, b = beta / (alpha + beta), alpha / (alpha + beta)
    return c6 ** (b - a) / G**2


# --------------------------------------------------------------------------------------
# The fitters
# --------------------------------------------------------------------------------------

_ALPHAS = np.geomspace(0.02, 3.0, 48)
#: The coarse exponent grid on which every bootstrap resample is profiled (basin check).
_GUARD_EXPONENTS = np.geomspace(0.05, 2.0, 5)


def _fit_points(
    log_n: np.ndarray,
    log_d: np.ndarray,
    log_y: np.ndarray,
    delta: float,
    w: np.ndarray | None,
    n_starts: int,
) -> tuple[np.ndarray, float]:
    """Global fit: profile the exponent grid, then polish the best grid points and every
    local minimum of the profile together (:func:`_polish_batched`), and finish the winner
    with L-BFGS-B on the exact objective."""
    aa, bb = np.meshgrid(_ALPHAS, _ALPHAS, indexing="ij")
    coef, obj = _profile(log_n, log_d, log_y, aa.ravel(), bb.ravel(), delta, w)
    idx = _starts_from_profile(obj, len(_ALPHAS), len(_ALPHAS), n_starts)[: max(n_starts, 1) * 2]
    starts = np.column_stack([np.log(coef[idx]), aa.ravel()[idx], bb.ravel()[idx]])
    weights = np.ones((len(idx), log_n.size)) if w is None else np.tile(w, (len(idx), 1))
    thetas, objs, _ = _polish_batched(starts, weights, log_n, log_d, log_y, delta)
    best = int(np.argmin(objs))
    theta, f = _polish(thetas[best], (log_n, log_d, log_y, delta, w))
    if not f < objs[best]:
        theta, f = thetas[best], float(objs[best])
    return theta, float(f)


#: Full-data fits already made in this process, by their inputs (:func:`_fit_points_memo`).
_FULL_FITS: dict[bytes, tuple[np.ndarray, float]] = {}
_FULL_FITS_KEPT = 16


def _fit_points_memo(
    log_n: np.ndarray,
    log_d: np.ndarray,
    log_y: np.ndarray,
    delta: float,
    w: np.ndarray | None,
    n_starts: int,
) -> tuple[np.ndarray, float]:
    """:func:`_fit_points`, computed once per process for the same points, weights, delta and
    starts: refits of one dataset that differ only in their bootstrap (its seed, count or
    resampling) share the full-data fit, which does not depend on them. The inputs are keyed by
    their bytes, so the result is the one :func:`_fit_points` gives, bit for bit."""
    import hashlib

    h = hashlib.sha256()
    for a in (log_n, log_d, log_y, np.float64(delta), np.int64(n_starts)):
        h.update(np.ascontiguousarray(a).tobytes())
    h.update(b"w" + (b"" if w is None else np.ascontiguousarray(w).tobytes()))
    key = h.digest()
    if key not in _FULL_FITS:
        if len(_FULL_FITS) >= _FULL_FITS_KEPT:
            _FULL_FITS.pop(next(iter(_FULL_FITS)))
        _FULL_FITS[key] = _fit_points(log_n, log_d, log_y, delta, w, n_starts)
    theta, obj = _FULL_FITS[key]
    return theta.copy(), obj


def _fit_points_lbfgs(
    log_n: np.ndarray,
    log_d: np.ndarray,
    log_y: np.ndarray,
    delta: float,
    w: np.ndarray | None,
    n_starts: int,
) -> tuple[np.ndarray, float]:
    """The careful one-problem fit that checks the batched ones: the same profile starts,
    each polished on its own by L-BFGS-B with the analytic gradient; the lowest wins."""
    aa, bb = np.meshgrid(_ALPHAS, _ALPHAS, indexing="ij")
    coef, obj = _profile(log_n, log_d, log_y, aa.ravel(), bb.ravel(), delta, w)
    idx = _starts_from_profile(obj, len(_ALPHAS), len(_ALPHAS), n_starts)
    best_theta, best_obj = None, np.inf
    for k in idx[: max(n_starts, 1) * 2]:
        theta, f = _polish(
            np.concatenate([np.log(coef[k]), [aa.ravel()[k], bb.ravel()[k]]]), (log_n, log_d, log_y, delta, w)
        )
        if f < best_obj:
            best_theta, best_obj = theta, f
    return best_theta, best_obj


#: How resamples are drawn: ``multinomial`` (numpy's Generator, the book's default) or
#: ``epoch`` (numpy's legacy global generator: ``np.random.seed(seed)`` then one
#: ``np.random.choice(n, n, replace=True)`` per resample, exactly as Besiroglu et al.'s
#: ``data_analysis.ipynb`` draws its 4,000 resamples with seed 42).
RESAMPLING = ("multinomial", "epoch")


def bootstrap_counts(n_points: int, n_bootstrap: int, seed: int = 0, resampling: str = "multinomial") -> np.ndarray:
    """How often each of ``n_points`` points is drawn in each of ``n_bootstrap`` resamples
    with replacement (the nonparametric bootstrap of Besiroglu et al. 2024, Sec. 3): an
    integer array (n_bootstrap, n_points) whose rows sum to n_points. ``resampling`` is one of
    :data:`RESAMPLING` (``epoch`` with seed 42 gives Epoch's own resamples of its notebook)."""
    if resampling == "multinomial":
        rng = np.random.default_rng(seed)
        return rng.multinomial(n_points, np.full(n_points, 1.0 / n_points), size=n_bootstrap)
    if resampling == "epoch":
        legacy = np.random.RandomState(seed)  # same stream as np.random.seed(seed)
        out = np.empty((n_bootstrap, n_points), dtype=np.int64)
        for i in range(n_bootstrap):  # one draw per resample, in the notebook's order
            out[i] = np.bincount(legacy.choice(n_points, size=n_points, replace=True), minlength=n_points)
        return out
    raise ValueError(f"resampling must be one of {', '.join(RESAMPLING)}; got {resampling!r}")


def _guard_profile(log_n: np.ndarray, log_d: np.ndarray, log_y: np.ndarray, w: np.ndarray, delta: float):
    """Every resample profiled at once on the coarse grid :data:`_GUARD_EXPONENTS` squared:
    weighted least squares of the relative residual for (E, A, B) at each exponent pair
    (one matrix product for all resamples), scored with the Huber objective. Returns the best
    grid objective per resample (B,) and its theta (B, 5)."""
    y = np.exp(log_y)
    pairs = [(al, be) for al in _GUARD_EXPONENTS for be in _GUARD_EXPONENTS]
    best_f = np.full(w.shape[0], np.inf)
    best_theta = np.zeros((w.shape[0], 5))
    iu = np.triu_indices(3)
    for al, be in pairs:
        x = np.stack([np.ones_like(y), np.exp(-al * log_n), np.exp(-be * log_d)], axis=1) / y[:, None]  # (n, 3)
        scale = np.sqrt((x * x).mean(axis=0))
        xs = x / scale
        lhs_u = w @ (xs[:, iu[0]] * xs[:, iu[1]])  # (B, 6)
        lhs = np.empty((w.shape[0], 3, 3))
        lhs[:, iu[0], iu[1]] = lhs_u
        lhs[:, iu[1], iu[0]] = lhs_u
        rhs = w @ xs
        with np.errstate(all="ignore"):
            c = np.linalg.solve(lhs + 1e-12 * np.eye(3), rhs[..., None])[..., 0] / scale
        c = np.maximum(c, _COEF_FLOOR)
        with np.errstate(all="ignore"):
            r = np.log(c @ x.T)
        absr = np.abs(r)
        f = np.einsum("bn,bn->b", w, np.where(absr <= delta, 0.5 * r * r, delta * (absr - 0.5 * delta)))
        better = f < best_f
        best_f = np.where(better, f, best_f)
        best_theta[better] = np.column_stack([np.log(c[better]), np.full(better.sum(), al), np.full(better.sum(), be)])
    return best_f, best_theta


def _bootstrap(
    theta: np.ndarray, counts: np.ndarray, log_n: np.ndarray, log_d: np.ndarray, log_y: np.ndarray, delta: float
) -> tuple[np.ndarray, np.ndarray]:
    """Refit every resample at once: warm-started from the full-data optimum ``theta`` and
    polished together (:func:`_polish_batched`); any resample whose coarse exponent-grid
    profile (:func:`_guard_profile`) beats that polish lies in another basin and is polished
    again from its best grid point. Returns theta (B, 5) and objectives (B,)."""
    w = counts.astype(float)
    thetas, objs, _ = _polish_batched(theta, w, log_n, log_d, log_y, delta)
    grid_f, grid_theta = _chunked(lambda th, ww: _guard_profile(log_n, log_d, log_y, ww, delta), thetas, w)
    other = np.flatnonzero(grid_f < objs * (1 - 1e-9))
    if other.size:
        t2, f2, _ = _polish_batched(grid_theta[other], w[other], log_n, log_d, log_y, delta)
        better = f2 < objs[other]
        thetas[other[better]], objs[other[better]] = t2[better], f2[better]
    return thetas, objs


def fit_chinchilla(
    n_params: ArrayLike,
    n_tokens: ArrayLike,
    loss: ArrayLike,
    *,
    delta: float = 1e-3,
    n_bootstrap: int = 0,
    seed: int = 0,
    n_starts: int = 6,
    weights: ArrayLike | None = None,
    resampling: str = "multinomial",
) -> ChinchillaFit:
    """Fit L(N, D) = E + A/N^alpha + B/D^beta by minimising the summed Huber loss (``delta``) of
    log residuals (Hoffmann et al. 2022, Eq. 3; Besiroglu et al. 2024, Sec. 2).

    n_params: N (parameters); n_tokens: D (training tokens); loss: L (nats/token); equal
    lengths, all positive. n_bootstrap: resample the points with replacement this many times
    (:func:`bootstrap_counts` with ``seed``) and refit each, all resamples at once, for
    confidence intervals. n_starts: how many of the best exponent-grid points start a local
    polish (local minima of the profile always do). weights: optional non-negative weight of
    each point in the objective (e.g. one resample's counts; default 1 each). resampling: how
    the resamples are drawn (:func:`bootstrap_counts`; ``"epoch"`` with seed 42 reproduces
    Besiroglu et al.'s own 4,000 resamples).
    Returns a :class:`ChinchillaFit`.
    """
    if not delta > 0:
        raise ValueError(f"delta must be in (0, inf), got {delta:g}")
    if n_bootstrap < 0:
        raise ValueError(f"n_bootstrap must be in [0, inf), got {n_bootstrap}")
    if n_starts < 1:
        raise ValueError(f"n_starts must be in [1, inf), got {n_starts}")
    log_n, log_d, log_y = _as_points(n_params, n_tokens, loss)
    w = None
    if weights is not None:
        w = np.asarray(weights, dtype=float).ravel()
        if w.size != log_n.size or np.any(~np.isfinite(w) | (w < 0)) or not w.sum() > 0:
            raise ValueError(f"weights must be {log_n.size} finite values in [0, inf), not all 0")
    used = slice(None) if w is None else w > 0
    _check_identifiable(log_n[used], log_d[used], log_y[used])
    theta, obj = _fit_points_memo(log_n, log_d, log_y, delta, w, n_starts)
    reps, rep_obj = np.empty((n_bootstrap, 5)), np.empty(n_bootstrap)
    if n_bootstrap:
        counts = bootstrap_counts(log_n.size, n_bootstrap, seed, resampling)
        if w is not None:
            counts = counts * w
        thetas, rep_obj = _bootstrap(theta, counts, log_n, log_d, log_y, delta)
        reps = np.column_stack([np.exp(thetas[:, :3]), thetas[:, 3:]])
    law = _law_from_theta(theta, source=f"fit_chinchilla on {log_n.size} points (Huber delta={delta:g})")
    return ChinchillaFit(
        law=law,
        objective=obj,
        n_points=int(log_n.size),
        delta=delta,
        bootstrap=reps,
        bootstrap_objective=rep_obj,
        seed=seed,
    )


#: Hoffmann et al.'s grid of initialisations as used by Besiroglu et al. 2024 (5x5x5x6x6 = 4,500).
REFERENCE_GRID = {
    "alpha": np.arange(0.0, 2.01, 0.5),
    "beta": np.arange(0.0, 2.01, 0.5),
    "e": np.arange(-1.0, 1.01, 0.5),
    "a": np.arange(0.0, 25.01, 5.0),
    "b": np.arange(0.0, 25.01, 5.0),
}


def fit_chinchilla_reference(
    n_params: ArrayLike,
    n_tokens: ArrayLike,
    loss: ArrayLike,
    *,
    delta: float = 1e-3,
    grid: dict[str, np.ndarray] | None = None,
    analytic_gradient: bool = False,
) -> ChinchillaFit:
    """The published fitting method: L-BFGS-B from every point of a grid of initialisations
    (default ``REFERENCE_GRID``, 4,500 starts), keeping the lowest objective (Hoffmann et
    al. 2022, Sec. 3.3; Besiroglu et al. 2024's "replicate exactly" fit). By default it uses
    scipy's finite-difference gradient, as the published notebook does. Slow: for checks
    and benchmarks."""
    from scipy.optimize import minimize

    log_n, log_d, log_y = _as_points(n_params, n_tokens, loss)
    _check_identifiable(log_n, log_d, log_y)
    g = REFERENCE_GRID if grid is None else grid
    args = (log_n, log_d, log_y, delta, None)
    if analytic_gradient:
        fun, jac = _objective_and_grad, True
    else:

        def fun(theta, *a):
            return _objective_and_grad(theta, *a)[0]

        jac = None
    best_theta, best_obj = None, np.inf
    for alpha, beta, e, a, b in itertools.product(g["alpha"], g["beta"], g["e"], g["a"], g["b"]):
        with np.errstate(all="ignore"):
            res = minimize(fun, np.array([e, a, b, alpha, beta]), args=args, jac=jac, method="L-BFGS-B")
        if np.isfinite(res.fun) and res.fun < best_obj:
            best_theta, best_obj = res.x, float(res.fun)
    law = _law_from_theta(best_theta, name="reference_fit", source="L-BFGS-B from the 4,500-point grid")
    return ChinchillaFit(law=law, objective=best_obj, n_points=int(log_n.size), delta=delta)


# --------------------------------------------------------------------------------------
# Synthetic data
# --------------------------------------------------------------------------------------


def simulate_loss_points(
    law: ChinchillaLaw,
    *,
    n_points: int = 245,
    flops_range: tuple[float, float] = (1.4e18, 1.3e22),
    n_budgets: int = 12,
    params_range: tuple[float, float] = (5.7e7, 1.62e10),
    tokens_per_param_range: tuple[float, float] = (0.3, 2000.0),
    noise: float = 0.006,
    df: float = np.inf,
    seed: int = 0,
) -> pd.DataFrame:
    """Synthetic (N, D, loss) points drawn from ``law``: IsoFLOP-style runs at ``n_budgets``
    compute levels spread log-uniformly over ``flops_range`` (FLOPs), model sizes log-uniform
    within ``params_range`` and ``tokens_per_param_range``, and multiplicative noise
    log L = log L_law + noise * t_df (Gaussian when df is inf). The defaults mimic the ranges
    of Chinchilla's Figure 4 as digitised by Besiroglu et al. 2024 (N 5.7e7 to 1.6e10, C 1.4e18
    to 1.3e22, 245 points). Returns a DataFrame with n_params, n_tokens, train_flops, loss."""
    if n_points < 5:
        raise ValueError(f"n_points must be in [5, inf), got {n_points}")
    if not noise >= 0:
        raise ValueError(f"noise must be in [0, inf), got {noise:g}")
    rng = np.random.default_rng(seed)
    budgets = np.geomspace(*flops_range, n_budgets)
    c = rng.choice(budgets, size=n_points)
    # N range allowed at each budget: within params_range and tokens/param range (D = C / 6N)
    lo = np.maximum(params_range[0], np.sqrt(c / (6 * tokens_per_param_range[1])))
    hi = np.minimum(params_range[1], np.sqrt(c / (6 * tokens_per_param_range[0])))
    hi = np.maximum(hi, lo * 1.01)
    n = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    d = c / (6 * n)
    eps = rng.standard_normal(n_points) if np.isinf(df) else rng.standard_t(df, n_points)
    loss = np.asarray(law.loss(n, d)) * np.exp(noise * eps)
    order = np.lexsort((n, c))
    return pd.DataFrame({"n_params": n[order], "n_tokens": d[order], "train_flops": c[order], "loss": loss[order]})


# --------------------------------------------------------------------------------------
# Tests of a published law against the fit (Besiroglu et al. 2024, Sec. 3 and App.)
# --------------------------------------------------------------------------------------


def _log_theta(law: ChinchillaLaw) -> np.ndarray:
    """(log A, log B, log E, alpha, beta), the parameterisation of Besiroglu et al.'s notebook."""
    return np.array([np.log(law.A), np.log(law.B), np.log(law.E), law.alpha, law.beta])


def _log_reps(bootstrap: np.ndarray) -> np.ndarray:
    b = np.asarray(bootstrap, dtype=float)
    return np.column_stack([np.log(b[:, 1]), np.log(b[:, 2]), np.log(b[:, 0]), b[:, 3], b[:, 4]])


def wald_chi2(law: ChinchillaLaw, centre: ChinchillaLaw, bootstrap: ArrayLike) -> tuple[float, float]:
    """Wald chi-squared test that ``law`` equals ``centre`` in all five parameters:
    chi2 = d' S^-1 d with d the difference in (log A, log B, log E, alpha, beta) and S the
    covariance of the bootstrap replicates ``bootstrap`` ((k, 5) array of (E, A, B, alpha, beta))
    in that parameterisation; 5 degrees of freedom (Besiroglu et al. 2024, Sec. 3: chi2 238.40,
    p = 1.69e-49 for Hoffmann et al.'s unrounded constants). Returns (chi2, p-value)."""
    reps = _log_reps(np.asarray(bootstrap))
    if reps.shape[0] < 6:
        raise ValueError(f"wald_chi2 needs at least 6 bootstrap replicates, got {reps.shape[0]}")
    d = _log_theta(law) - _log_theta(centre)
    stat = float(d @ np.linalg.solve(np.cov(reps.T), d))
    return stat, _chi2_sf_5(stat)


def _chi2_sf_5(stat: float) -> float:
    """P(chi-squared with 5 degrees of freedom > ``stat``): SciPy's ``chi2.sf(stat, df=5)``, which
    is the special function ``chdtrc(5, stat)``, called directly (importing ``scipy.stats`` for it
    took 0.6 s of a chapter's run)."""
    from scipy.special import chdtrc

    return float(chdtrc(5, stat))


@lru_cache(maxsize=32)
def _huber_log_z(delta: float) -> float:
    """Log of the Huber density's normalising constant at threshold ``delta`` (one value per
    delta, kept: the likelihood fits evaluate it thousands of times). The normal tail is
    ``ndtr(-delta)``, what ``scipy.stats.norm.sf(delta)`` computes."""
    from scipy.special import ndtr

    return float(np.log(np.sqrt(2 * np.pi) * (1 - 2 * ndtr(-delta)) + 2 * np.exp(-0.5 * delta**2) / delta))


def _nll(theta6: np.ndarray, log_n: np.ndarray, log_d: np.ndarray, log_y: np.ndarray, delta: float) -> float:
    a, b, e, alpha, beta, log_s = theta6
    pred = np.logaddexp(np.logaddexp(a - alpha * log_n, b - beta * log_d), e)
    x = (log_y - pred) / np.exp(log_s)
    ax = np.abs(x)
    h = np.where(ax <= delta, 0.5 * x * x, delta * (ax - 0.5 * delta))
    return float(h.sum() + log_y.size * (_huber_log_z(delta) + log_s))


def huber_log_likelihood(
    law: ChinchillaLaw,
    n_params: ArrayLike,
    n_tokens: ArrayLike,
    loss: ArrayLike,
    log_scale: float,
    *,
    delta: float = 1e-3,
) -> float:
    """Log-likelihood of the points when log L - log L_hat follows the Huber density with
    threshold ``delta`` and scale exp(``log_scale``) (the likelihood Besiroglu et al. 2024
    maximise for their Table 1). Nats; higher is better."""
    log_n, log_d, log_y = _as_points(n_params, n_tokens, loss)
    return -_nll(np.append(_log_theta(law), log_scale), log_n, log_d, log_y, delta)


def fit_scale(
    law: ChinchillaLaw, n_params: ArrayLike, n_tokens: ArrayLike, loss: ArrayLike, *, delta: float = 1e-3
) -> tuple[float, float]:
    """The scale that maximises :func:`huber_log_likelihood` for fixed law parameters (as
    Besiroglu et al. fit it for Hoffmann's constants). Returns (log-likelihood, log scale)."""
    from scipy.optimize import minimize_scalar

    log_n, log_d, log_y = _as_points(n_params, n_tokens, loss)
    t5 = _log_theta(law)
    res = minimize_scalar(
        lambda s: _nll(np.append(t5, s), log_n, log_d, log_y, delta),
        bounds=(-25.0, 2.0),
        method="bounded",
        options={"xatol": 1e-10},
    )
    return -float(res.fun), float(res.x)


def fit_huber_likelihood(
    n_params: ArrayLike, n_tokens: ArrayLike, loss: ArrayLike, start: ChinchillaLaw, *, delta: float = 1e-3
) -> tuple[ChinchillaLaw, float, float]:
    """Maximise :func:`huber_log_likelihood` over the five law parameters and the scale, from
    ``start`` (the summed-objective optimum is a good start; the surface is flat, so BFGS is
    followed by Nelder-Mead and BFGS again). This is Besiroglu et al. 2024's Table 1 estimator.
    Returns (law, log scale, log-likelihood)."""
    from scipy.optimize import minimize

    log_n, log_d, log_y = _as_points(n_params, n_tokens, loss)
    _, s0 = fit_scale(start, n_params, n_tokens, loss, delta=delta)
    x = np.append(_log_theta(start), s0)
    f = lambda t: _nll(t, log_n, log_d, log_y, delta)  # noqa: E731
    for method, opts in (
        ("BFGS", {"gtol": 1e-8}),
        ("Nelder-Mead", {"maxiter": 20000, "xatol": 1e-10, "fatol": 1e-12}),
        ("BFGS", {"gtol": 1e-8}),
    ):
        res = minimize(f, x, method=method, options=opts)
        if res.fun <= f(x):
            x = res.x
    a, b, e, alpha, beta, log_s = x
    law = ChinchillaLaw(
        E=float(np.exp(e)),
        A=float(np.exp(a)),
        B=float(np.exp(b)),
        alpha=float(alpha),
        beta=float(beta),
        name="huber_likelihood",
        source="Huber likelihood with a free scale",
    )
    return law, float(log_s), -f(x)


def likelihood_ratio_test(
    law: ChinchillaLaw,
    best_loglik: float,
    n_params: ArrayLike,
    n_tokens: ArrayLike,
    loss: ArrayLike,
    *,
    delta: float = 1e-3,
) -> tuple[float, float]:
    """Likelihood-ratio test of ``law`` (its scale fitted, :func:`fit_scale`) against the
    unrestricted maximum ``best_loglik`` (:func:`fit_huber_likelihood`): lambda = 2 (ll_best -
    ll_law), chi-squared with 5 degrees of freedom (Besiroglu et al. 2024: lambda 84.00,
    p = 1.22e-16 for Hoffmann's unrounded constants). Returns (lambda, p-value)."""
    ll, _ = fit_scale(law, n_params, n_tokens, loss, delta=delta)
    stat = float(2 * (best_loglik - ll))
    return stat, _chi2_sf_5(stat)


def normal_approximation_band(
    centre: ChinchillaLaw,
    bootstrap: ArrayLike,
    train_flops: ArrayLike,
    *,
    level: float = 0.8,
    n_draws: int = 10_000,
    seed: int = 0,
) -> pd.DataFrame:
    """Compute-optimal tokens per parameter at each budget C (FLOPs) from ``n_draws`` normal
    draws around ``centre`` with the covariance of the bootstrap replicates, in (log A, log B,
    log E, alpha, beta): the method of Besiroglu et al.'s notebook for their Fig. 5 band.
    Columns train_flops, median, low, high (percentile band at ``level``)."""
    reps = _log_reps(np.asarray(bootstrap))
    rng = np.random.default_rng(seed)
    sims = rng.multivariate_normal(_log_theta(centre), np.cov(reps.T), size=int(n_draws))
    params = np.column_stack([np.exp(sims[:, 2]), np.exp(sims[:, 0]), np.exp(sims[:, 1]), sims[:, 3], sims[:, 4]])
    c = np.atleast_1d(np.asarray(train_flops, dtype=float))
    r = frontier_tokens_per_param(params, c)
    q = (1 - level) / 2
    lo, med, hi = np.quantile(r, [q, 0.5, 1 - q], axis=0)
    return pd.DataFrame({"train_flops": c, "median": med, "low": lo, "high": hi})


def a_interval_runs_needed(bootstrap: ArrayLike, n_points: int, width: float = 1e-3) -> float:
    """Runs needed for the 80% bootstrap interval of a = beta/(alpha+beta) to shrink to
    ``width``, if its width falls as 1/sqrt(runs): n (w80 / width)^2 (Besiroglu et al. 2024,
    Sec. 4, for Hoffmann's interval 0.454-0.455)."""
    b = np.asarray(bootstrap, dtype=float)
    a = b[:, 4] / (b[:, 3] + b[:, 4])
    w80 = float(np.subtract(*np.quantile(a, [0.9, 0.1])))
    return float(n_points * (w80 / width) ** 2)


# --------------------------------------------------------------------------------------
# A disk cache of fits (a chapter re-run with a changed budget refits nothing)
# --------------------------------------------------------------------------------------


def _fit_cache_dir():
    import os
    from pathlib import Path

    env = os.environ.get("SCALINGBOOK_FIT_CACHE")
    if env:
        return Path(env)
    from ..sources import datasets

    return datasets.cache_root().parent / "fits"


def fit_chinchilla_cached(n_params: ArrayLike, n_tokens: ArrayLike, loss: ArrayLike, **kwargs) -> ChinchillaFit:
    """:func:`fit_chinchilla` with its result kept on disk (``$SCALINGBOOK_FIT_CACHE``, else
    ``fits/`` beside the datasets cache), keyed by the points' bytes, the keyword arguments and
    this module's source, so a changed point, option or fitter never reuses a stale fit."""
    import hashlib
    import json
    import uuid
    from pathlib import Path

    n = np.ascontiguousarray(np.asarray(n_params, dtype=float).ravel())
    d = np.ascontiguousarray(np.asarray(n_tokens, dtype=float).ravel())
    y = np.ascontiguousarray(np.asarray(loss, dtype=float).ravel())
    h = hashlib.sha256()
    for arr in (n, d, y):
        h.update(arr.tobytes())
    h.update(
        json.dumps(
            {k: (np.asarray(v).tolist() if k == "weights" and v is not None else v) for k, v in sorted(kwargs.items())}
        ).encode()
    )
    h.update(Path(__file__).read_bytes())
    path = _fit_cache_dir() / f"chinchilla-{h.hexdigest()[:24]}.npz"
    delta = float(kwargs.get("delta", 1e-3))
    if path.exists():
        try:
            z = np.load(path, allow_pickle=False)  # data only: a cached fit can never run code
            law = _law_from_theta(z["theta"], source=f"fit_chinchilla on {n.size} points (Huber delta={delta:g})")
            return ChinchillaFit(
                law=law,
                objective=float(z["objective"]),
                n_points=int(n.size),
                delta=delta,
                bootstrap=z["bootstrap"],
                bootstrap_objective=z["bootstrap_objective"],
                seed=int(kwargs.get("seed", 0)),
            )
        except (OSError, KeyError, ValueError):
            pass  # unreadable: refit and overwrite
    fit = fit_chinchilla(n, d, y, **kwargs)
    law = fit.law
    theta = np.array([np.log(law.E), np.log(law.A), np.log(law.B), law.alpha, law.beta])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{uuid.uuid4().hex[:8]}.tmp.npz")
        np.savez(
            tmp,
            theta=theta,
            objective=fit.objective,
            bootstrap=fit.bootstrap,
            bootstrap_objective=fit.bootstrap_objective,
        )
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only costs speed
    return fit
