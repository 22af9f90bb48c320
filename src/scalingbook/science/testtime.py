"""Test-time compute: what repeated sampling, voting and verification buy, and at what cost.

Everything here is vectorised over problems (and over sample counts where it says so).
Probabilities are fractions in [0, 1]; ``k`` / ``n_votes`` / ``n`` count samples per problem;
FLOPs are floating-point operations; prices are US dollars per million tokens. Only
``scipy.special`` is used (no ``scipy.stats`` / ``scipy.optimize``: they cost a chapter's
kernel a third of a second to import).

Public curves for a benchmark given as a distribution of per-problem pass@1 (a
:class:`Difficulty`, e.g. ``Difficulty.beta(alpha, beta)``), each vectorised over k:
``Difficulty.coverage(k)`` (pass@k with an oracle checker), ``Difficulty.vote(k, wrong_share)``
(plurality vote, via :func:`plurality_vote_curve`) and ``Difficulty.best_of_n(k, fpr, fnr)``
(:func:`best_of_n_accuracy`); closed forms for a Beta benchmark: :func:`beta_coverage`,
:func:`beta_failure`, :func:`coverage_exponent`.

Sources: Chen et al. 2021 (pass@k estimator, sec. 2.1); Brown et al. 2024 ("Large Language
Monkeys": coverage and the law log c = a k^b); Schaeffer et al. 2025 (the aggregate power law
comes from the left tail of the distribution of per-problem pass@1); Snell et al. 2024
(test-time compute vs model size, FLOPs-matched, with and without pretraining); OpenAI 2024 (o1's AIME 2024 results);
Wilson 1927 and Clopper & Pearson 1934 (binomial intervals).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from .arrays import scalar_or_array as _out
from .compute import inference_flops
from .laws import ChinchillaLaw

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "pass_at_k",
    "pass_at_k_biased",
    "majority_vote_accuracy",
    "plurality_vote_accuracy",
    "plurality_vote_curve",
    "plurality_vote_limit",
    "simulate_plurality_vote",
    "best_of_n_accuracy",
    "simulate_best_of_n",
    "coverage_law",
    "fit_coverage",
    "samples_for_coverage",
    "loglinear_deviation",
    "beta_coverage",
    "beta_failure",
    "coverage_exponent",
    "beta_share_below",
    "Difficulty",
    "binomial_interval",
    "sampling_flops",
    "sampling_cost_usd",
    "cost_per_solved",
    "flops_matched_samples",
    "pretraining_matched_samples",
    "loss_gap",
    "Calibration",
    "calibrate_beta",
    "verifier_fpr_for",
    "STRATEGIES",
    "strategy_curves",
    "flops_matched_frontier",
    "snell_tradeoff",
    "samples_within_budget",
    "ApiPrice",
    "O1_PRICE",
    "GPT4O_PRICE",
    "GPT4O_MAY_PRICE",
    "bisect_root",
    "calibrate_beta_cached",
    "CoverageFit",
    "fit_beta_coverage",
    "PublishedCoverage",
    "BROWN_2024_COVERAGE",
    "fit_published_coverage",
    "verifier_matched_samples",
]


def _check_prob(name: str, x: np.ndarray) -> None:
    bad = ~((x >= 0) & (x <= 1))
    if np.any(bad):
        raise ValueError(f"{name} must be in [0, 1], got {np.asarray(x)[bad].flat[0]!r}")


def _tidy(p: np.ndarray) -> np.ndarray:
    """Subnormal probabilities set to 0 (scipy's binomial overflows on them)."""
    return np.where(np.abs(p) < 1e-300, 0.0, p)


def _check_int(name: str, x: ArrayLike, low: int) -> np.ndarray:
    arr = np.asarray(x)
    if arr.dtype.kind not in "iu":
        if arr.dtype.kind != "f" or np.any(arr != np.round(arr)):
            raise ValueError(f"{name} must be an integer >= {low}, got {arr.flat[0]!r}")
        arr = arr.astype(np.int64)
    if np.any(arr < low):
        raise ValueError(f"{name} must be an integer >= {low}, got {arr[arr < low].flat[0]!r}")
    return arr.astype(np.int64)


# --------------------------------------------------------------------------------------
# pass@k
# --------------------------------------------------------------------------------------


def pass_at_k(n: ArrayLike, c: ArrayLike, k: ArrayLike) -> np.ndarray | float:
    """Unbiased pass@k of one problem from n samples of which c are correct
    (Chen et al. 2021, sec. 2.1, Eq. 1 and its numerically stable form, Fig. 3):

        pass@k = 1 - C(n - c, k) / C(n, k) = 1 - prod_{i = n-c+1}^{n} (1 - k / i),

    and 1 when n - c < k. The product has c factors; by symmetry it equals
    prod_{i = n-k+1}^{n} (1 - c / i), so min(c, k) factors are multiplied.

    n: samples drawn per problem (>= 1); c: correct samples, 0 <= c <= n; k: samples
    allowed, 1 <= k <= n. Integers; arrays broadcast, so one call scores every problem of a
    benchmark (average the result for the benchmark's pass@k). Returns a probability.
    Memory is (broadcast size) x max(min(c, k)) floats.
    """
    n_a = _check_int("n", n, 1)
    c_a = _check_int("c", c, 0)
    k_a = _check_int("k", k, 1)
    n_a, c_a, k_a = np.broadcast_arrays(n_a, c_a, k_a)
    if np.any(c_a > n_a):
        i = np.flatnonzero(c_a > n_a)[0]
        raise ValueError(f"c must be in [0, n], got c = {c_a.flat[i]} with n = {n_a.flat[i]}")
    if np.any(k_a > n_a):
        i = np.flatnonzero(k_a > n_a)[0]
        raise ValueError(f"k must be in [1, n], got k = {k_a.flat[i]} with n = {n_a.flat[i]}")
    certain = n_a - c_a < k_a
    m = np.where(certain, 0, np.minimum(c_a, k_a))
    other = np.where(c_a <= k_a, k_a, c_a).astype(float)  # the numerator of each factor
    j = np.arange(int(m.max()) if m.size else 0)
    i = n_a[..., None] - j  # n, n-1, ..., n-m+1
    factors = np.where(j < m[..., None], 1.0 - other[..., None] / np.maximum(i, 1), 1.0)
    out = np.where(certain, 1.0, 1.0 - np.prod(factors, axis=-1))
    return _out(out)


def pass_at_k_biased(n: ArrayLike, c: ArrayLike, k: ArrayLike) -> np.ndarray | float:
    """The naive plug-in estimate 1 - (1 - c/n)^k, biased low for k > 1 (Chen et al. 2021,
    sec. 2.1, which warns against it). Same arguments as :func:`pass_at_k`; k may exceed n."""
    n_a = _check_int("n", n, 1).astype(float)
    c_a = _check_int("c", c, 0).astype(float)
    k_a = _check_int("k", k, 1).astype(float)
    if np.any(c_a > n_a):
        raise ValueError(f"c must be in [0, n], got c = {np.max(c_a)} with n = {np.min(n_a)}")
    return _out(1.0 - (1.0 - c_a / n_a) ** k_a)


# --------------------------------------------------------------------------------------
# Voting
# --------------------------------------------------------------------------------------


def _binom_pmf(j: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Binomial pmf C(n, j) p^j (1 - p)^(n - j) from log-gamma (0 outside 0 <= j <= n)."""
    j = np.asarray(j, dtype=float)
    n = np.asarray(n, dtype=float)
    inside = (j >= 0) & (j <= n)
    jj = np.where(inside, j, 0.0)
    log = (
        special.gammaln(n + 1)
        - special.gammaln(jj + 1)
        - special.gammaln(n - jj + 1)
        + special.xlogy(jj, p)
        + special.xlog1py(n - jj, -p)
    )
    return np.where(inside, np.exp(log), 0.0)


def _binom_sf(j: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X > j) for X ~ Binomial(n, p) (scipy.special.bdtrc), 0 when j >= n, 1 when j < 0."""
    j = np.asarray(j, dtype=float)
    n = np.asarray(n, dtype=float)
    ok = (j >= 0) & (j < n)
    val = special.bdtrc(np.where(ok, j, 0).astype(np.int64), np.where(ok, n, 1).astype(np.int64), p)
    return np.where(ok, val, np.where(j < 0, 1.0, 0.0))


def majority_vote_accuracy(p: ArrayLike, n_votes: ArrayLike) -> np.ndarray | float:
    """P(the majority of n independent binary votes is correct) (Condorcet's jury theorem):

        sum_{j > n/2} C(n, j) p^j (1 - p)^(n - j),  plus half of P(j = n/2) for even n
        (a tie is broken by a fair coin).

    p: per-vote probability of being correct, in [0, 1]; n_votes: votes, integer >= 1.
    Arrays broadcast. Returns a probability.
    """
    p_a = np.asarray(p, dtype=float)
    _check_prob("p", p_a)
    n_a = _check_int("n_votes", n_votes, 1)
    p_a = 1.0 - _tidy(1.0 - _tidy(p_a))
    win = _binom_sf(n_a // 2, n_a, p_a)
    tie = np.where(n_a % 2 == 0, _binom_pmf(n_a // 2, n_a, p_a), 0.0)
    return _out(win + 0.5 * tie)


def _plurality_table(pi: np.ndarray, t_max: int) -> np.ndarray:
    """g(t) for t = 0..t_max (last axis): P(C > t/2) - [t = 1] pi + 1/2 P(C = t/2) [t even >= 4]
    for C ~ Binomial(t, pi), from the odd-t recurrence of majority voting,

        P(X_{2j+3} > j + 1) - P(X_{2j+1} > j) = (2 pi - 1) C(2j + 1, j) (pi (1 - pi))^(j + 1),

    and P(X_{2j} > j) = P(X_{2j+1} > j) - pi C(2j, j) (pi (1 - pi))^j: a cumulative sum, so the
    whole table costs O(t_max) per problem (absolute error ~1e-16)."""
    pi = pi[..., None]
    j = np.arange(t_max // 2 + 2, dtype=float)
    pq = pi * (1.0 - pi)
    inc = (2 * pi - 1) * np.exp(
        special.gammaln(2 * j + 2) - special.gammaln(j + 1) - special.gammaln(j + 2) + special.xlogy(j + 1, pq)
    )
    odd = np.clip(pi + np.concatenate([np.zeros(pi.shape), np.cumsum(inc[..., :-1], axis=-1)], axis=-1), 0.0, 1.0)
    central = np.exp(special.gammaln(2 * j + 1) - 2 * special.gammaln(j + 1) + special.xlogy(j, pq))
    even = np.clip(odd - pi * central, 0.0, 1.0)
    g = np.empty(pi.shape[:-1] + (t_max + 1,))
    g[..., 0::2] = (even + np.where(j >= 2, 0.5 * central, 0.0))[..., : (t_max // 2) + 1]
    g[..., 1::2] = odd[..., : (t_max + 1) // 2]
    if t_max >= 1:
        g[..., 1] -= pi[..., 0]
    return g


def plurality_vote_curve(p_correct: ArrayLike, p_dominant: ArrayLike, n_votes: ArrayLike) -> np.ndarray:
    """P(plurality voting over n samples returns the correct answer), for every n of
    ``n_votes`` at once, when each sample is correct with probability p, gives one
    *dominant* wrong answer with probability w, and otherwise a wrong answer no other sample
    repeats (probability s = 1 - p - w). Ties among the most-voted answers are broken
    uniformly at random.

    With C correct, D dominant and S scattered votes (a trinomial), the correct answer wins
    with probability 1 / (number of answers tied at the top) if C is the top count. Summing
    over t = C + D ~ Binomial(n, q), q = p + w, with C | t ~ Binomial(t, pi), pi = p / q:

        acc(n) = sum_t P(t) g(t) + p s^(n-1) + (n - 1) p w s^(n-2),
        g(t) = P(C > t/2 | t) - [t = 1] pi + 1/2 P(C = t/2 | t) [t even >= 4]

    (C = 1 with D <= 1 wins only when all n answers are distinct: the last two terms). g does
    not depend on n and is tabulated once (``_plurality_table``); for each n the sum runs
    over the window of t holding the binomial's mass (n q +- 12 standard deviations, exact
    to ~1e-30), so a whole curve costs O(problems x (max n + sum_n min(n, 12 sqrt n))).
    Majority voting is the case w = 1 - p; if w > p voting makes the problem *less* likely to
    be answered correctly as n grows.

    p_correct, p_dominant: probabilities with p + w <= 1, arrays broadcast (problems, shape S);
    n_votes: integers >= 1 (1-D, or a scalar). Returns shape (len(n_votes),) + S.
    """
    p = np.asarray(p_correct, dtype=float)
    w = np.asarray(p_dominant, dtype=float)
    _check_prob("p_correct", p)
    _check_prob("p_dominant", w)
    if np.any(p + w > 1 + 1e-12):
        raise ValueError(f"p_correct + p_dominant must be <= 1, got {np.max(p + w)!r}")
    ns = np.atleast_1d(_check_int("n_votes", n_votes, 1)).ravel()
    p, w = np.broadcast_arrays(p, w)
    s = np.clip(1.0 - p - w, 0.0, 1.0)
    q = p + w
    pi = _tidy(np.divide(p, q, out=np.zeros_like(p), where=q > 0))
    q = _tidy(q)
    n_max = int(ns.max())
    g = _plurality_table(pi, n_max)
    log_fact = special.gammaln(np.arange(n_max + 2, dtype=float) + 1.0)  # log t!, gathered below
    # log q and log(1 - q), floored so that 0 x log 0 is 0 and a certain outcome keeps all the mass
    lq = np.log(np.maximum(q, 1e-300))[..., None]
    l1q = np.log(np.maximum(1.0 - q, 1e-300))[..., None]
    out = np.empty((ns.size,) + p.shape)
    for i, n in enumerate(ns.tolist()):  # a loop over sample counts, each vectorised over problems
        width = min(n + 1, int(12 * np.sqrt(n)) + 11)
        t0 = np.clip(np.rint(n * q) - width // 2, 0, n + 1 - width).astype(np.int64)
        t = t0[..., None] + np.arange(width)
        pt = np.exp(log_fact[n] - log_fact[t] - log_fact[n - t] + t * lq + (n - t) * l1q)
        lone = p * s ** (n - 1) + ((n - 1) * p * w * s ** (n - 2) if n >= 2 else 0.0)
        out[i] = np.sum(pt * np.take_along_axis(g, t, axis=-1), axis=-1) + lone
    return np.clip(out, 0.0, 1.0)


def plurality_vote_accuracy(p_correct: ArrayLike, p_dominant: ArrayLike, n_votes: int) -> np.ndarray | float:
    """Plurality-vote accuracy at one sample count n (see :func:`plurality_vote_curve`).
    p_correct, p_dominant broadcast (problems); n_votes: a single integer >= 1."""
    n = int(_check_int("n_votes", n_votes, 1))
    return _out(plurality_vote_curve(p_correct, p_dominant, [n])[0])


def plurality_vote_limit(p_correct: ArrayLike, p_dominant: ArrayLike) -> np.ndarray | float:
    """Plurality-vote accuracy as n -> infinity: 1 where p > w, 1/2 where p = w > 0, else 0
    (the answer with the larger per-sample probability wins the count almost surely; the
    scattered answers never repeat). The ceiling that voting plateaus at. Arrays broadcast."""
    p = np.asarray(p_correct, dtype=float)
    w = np.asarray(p_dominant, dtype=float)
    _check_prob("p_correct", p)
    _check_prob("p_dominant", w)
    return _out(np.where(p > w, 1.0, np.where((p == w) & (p > 0), 0.5, 0.0)))


def simulate_plurality_vote(
    answer_probs: ArrayLike, n_votes: int, n_trials: int, rng: np.random.Generator
) -> np.ndarray | float:
    """Monte Carlo accuracy of plurality voting over n samples (ties broken at random).

    answer_probs: (..., m) probabilities of the correct answer (index 0) and of m - 1
    named wrong answers; the remainder 1 - sum is spread over wrong answers that never
    repeat. n_votes: samples per vote; n_trials: simulated votes per problem. Returns the
    fraction of trials won by the correct answer, shape (...).
    """
    probs = np.asarray(answer_probs, dtype=float)
    if probs.ndim == 0 or probs.shape[-1] < 1:
        raise ValueError("answer_probs must have a last axis listing the correct answer first")
    _check_prob("answer_probs", probs)
    rest = 1.0 - probs.sum(axis=-1, keepdims=True)
    if np.any(rest < -1e-12):
        raise ValueError(f"answer_probs must sum to <= 1, got {float(np.max(1 - rest))!r}")
    n = int(_check_int("n_votes", n_votes, 1))
    trials = int(_check_int("n_trials", n_trials, 1))
    pv = np.concatenate([probs, np.clip(rest, 0.0, 1.0)], axis=-1)
    pv = pv / pv.sum(axis=-1, keepdims=True)
    # an exact multinomial draw as a chain of conditional binomials (one call per category)
    shape = pv.shape[:-1] + (trials,)
    left = np.full(shape, n, dtype=np.int64)
    mass = np.ones(pv.shape[:-1])
    parts = []
    for j in range(pv.shape[-1] - 1):
        share = np.clip(np.divide(pv[..., j], mass, out=np.zeros_like(mass), where=mass > 0), 0.0, 1.0)
        c = rng.binomial(left, np.broadcast_to(share[..., None], shape))
        parts.append(c)
        left = left - c
        mass = mass - pv[..., j]
    counts = np.stack(parts + [left], axis=-1)
    named, scattered = counts[..., :-1], counts[..., -1]
    best = np.maximum(named.max(axis=-1), (scattered > 0).astype(int))
    correct = named[..., 0]
    tied = (named == best[..., None]).sum(axis=-1) + np.where(best == 1, scattered, 0)
    wins = (correct == best) & (correct > 0) & (rng.random(correct.shape) * tied < 1.0)
    return _out(wins.mean(axis=-1))


# --------------------------------------------------------------------------------------
# Best-of-N with an imperfect verifier
# --------------------------------------------------------------------------------------


def best_of_n_accuracy(p: ArrayLike, n: ArrayLike, fpr: ArrayLike = 0.0, fnr: ArrayLike = 0.0) -> np.ndarray | float:
    """P(best-of-N returns a correct sample) with a binary verifier that accepts a wrong
    sample with probability fpr (false positive) and rejects a correct one with probability
    fnr (false negative). The rule: return a random accepted sample; if none is accepted,
    return a random sample.

    Per sample, a = p (1 - fnr) is "accepted and correct", b = (1 - p) fpr "accepted and
    wrong", r = 1 - a - b "rejected". A random accepted sample is correct with probability
    a / (a + b); a random sample, given all were rejected, with probability p fnr / r:

        acc(N) = (1 - r^N) a / (a + b) + r^N p fnr / r.

    A perfect verifier (fpr = fnr = 0) gives coverage 1 - (1 - p)^N; as N grows accuracy
    tends to the verifier's precision a / (a + b), not to 1. p, fpr, fnr in [0, 1]; n
    samples, integer >= 1; arrays broadcast. Returns a probability.
    """
    p_a = np.asarray(p, dtype=float)
    f_p = np.asarray(fpr, dtype=float)
    f_n = np.asarray(fnr, dtype=float)
    for name, x in (("p", p_a), ("fpr", f_p), ("fnr", f_n)):
        _check_prob(name, x)
    n_a = _check_int("n", n, 1).astype(float)
    a = p_a * (1.0 - f_n)
    b = (1.0 - p_a) * f_p
    r = 1.0 - a - b
    precision = np.divide(a, a + b, out=np.zeros(np.broadcast(a, b).shape), where=(a + b) > 0)
    fallback = np.divide(p_a * f_n, r, out=np.zeros(np.broadcast(a, b).shape), where=r > 0)
    rn = r**n_a
    return _out((1.0 - rn) * precision + rn * fallback)


def simulate_best_of_n(
    p: ArrayLike, n: int, fpr: float, fnr: float, n_trials: int, rng: np.random.Generator
) -> np.ndarray | float:
    """Monte Carlo best-of-N (same rule as :func:`best_of_n_accuracy`): draw N samples per
    trial, each correct with probability p, run the noisy verifier on each, return a random
    accepted sample (or a random sample if none is accepted). p: per-problem pass@1 array;
    returns the fraction of trials that returned a correct sample, per problem."""
    p_a = np.asarray(p, dtype=float)
    _check_prob("p", p_a)
    _check_prob("fpr", np.asarray(fpr, dtype=float))
    _check_prob("fnr", np.asarray(fnr, dtype=float))
    n = int(_check_int("n", n, 1))
    trials = int(_check_int("n_trials", n_trials, 1))
    cells = np.stack([p_a * (1 - fnr), (1 - p_a) * fpr, p_a * fnr, (1 - p_a) * (1 - fpr)], axis=-1)
    counts = rng.multinomial(n, np.broadcast_to(cells[..., None, :], cells.shape[:-1] + (trials, 4)))
    acc_ok, acc_bad, rej_ok = counts[..., 0], counts[..., 1], counts[..., 2]
    accepted = acc_ok + acc_bad
    u = rng.random(acc_ok.shape)
    pick_ok = np.where(accepted > 0, u * np.maximum(accepted, 1) < acc_ok, u * n < rej_ok)
    return _out(pick_ok.mean(axis=-1))


# --------------------------------------------------------------------------------------
# Coverage law (Brown et al. 2024) and the Beta difficulty model (Schaeffer et al. 2025)
# --------------------------------------------------------------------------------------


def coverage_law(k: ArrayLike, a: float, b: float) -> np.ndarray | float:
    """Brown et al. 2024's exponentiated power law for coverage: c(k) = exp(a k^b), with
    a < 0 and b < 0 (sec. 3, "log c = a k^b"). k: samples per problem (> 0). Returns a
    fraction of problems solved by at least one of k samples."""
    k_a = np.asarray(k, dtype=float)
    if np.any(k_a <= 0):
        raise ValueError(f"k must be > 0, got {k_a[k_a <= 0].flat[0]!r}")
    return _out(np.exp(a * k_a**b))


def fit_coverage(
    k: ArrayLike, coverage: ArrayLike | None = None, *, failure: ArrayLike | None = None
) -> tuple[float, float]:
    """Fit Brown et al. 2024's c(k) = exp(a k^b): least squares on the straight line
    log(-log c) = log(-a) + b log k. k: sample counts (> 0); coverage: fractions in (0, 1),
    or ``failure`` = 1 - coverage in (0, 1) (precise where coverage rounds to 1); at least
    two distinct k. Returns (a, b); exact points give back a and b exactly."""
    k_a = np.asarray(k, dtype=float).ravel()
    if (coverage is None) == (failure is None):
        raise ValueError("give exactly one of coverage and failure")
    vals = np.asarray(coverage if failure is None else failure, dtype=float).ravel()
    name = "coverage" if failure is None else "failure"
    if k_a.shape != vals.shape:
        raise ValueError(f"k and {name} must have the same length, got {k_a.size} and {vals.size}")
    if np.any(k_a <= 0):
        raise ValueError(f"k must be > 0, got {k_a[k_a <= 0][0]!r}")
    bad = ~((vals > 0) & (vals < 1))
    if np.any(bad):
        raise ValueError(f"{name} must be in (0, 1), got {vals[bad][0]!r}")
    if np.unique(k_a).size < 2:
        raise ValueError("k must hold at least two distinct sample counts to fit a and b")
    minus_log_c = -np.log(vals) if failure is None else -np.log1p(-vals)
    slope, intercept = np.polyfit(np.log(k_a), np.log(minus_log_c), 1)
    return -float(np.exp(intercept)), float(slope)


def samples_for_coverage(target: ArrayLike, a: float, b: float) -> np.ndarray | float:
    """Samples k needed to reach coverage c under c = exp(a k^b): k = (log c / a)^(1/b)
    (inverting Brown et al. 2024's law). target: coverage in (0, 1). Returns samples (real)."""
    c = np.asarray(target, dtype=float)
    bad = ~((c > 0) & (c < 1))
    if np.any(bad):
        raise ValueError(f"target must be in (0, 1), got {c[bad].flat[0]!r}")
    return _out((np.log(c) / a) ** (1.0 / b))


def loglinear_deviation(a: float, b: float, k_low: float, k_high: float, points: int = 200) -> float:
    """Largest gap, in coverage (fraction), between Brown et al. 2024's law c = exp(a k^b) and
    the straight line in log k through its values at k_low and k_high: 0 for a coverage that
    is exactly log-linear on [k_low, k_high]. Used to test "coverage grows log-linearly"."""
    if not 0 < k_low < k_high:
        raise ValueError(f"need 0 < k_low < k_high, got k_low = {k_low!r}, k_high = {k_high!r}")
    x = np.linspace(np.log(k_low), np.log(k_high), int(points))
    law = np.exp(a * np.exp(b * x))
    line = law[0] + (law[-1] - law[0]) * (x - x[0]) / (x[-1] - x[0])
    return float(np.max(np.abs(law - line)))


def _check_shapes(alpha: float, beta: float) -> None:
    if not (alpha > 0 and beta > 0):
        raise ValueError(f"alpha and beta must be > 0, got alpha = {alpha!r}, beta = {beta!r}")


def beta_failure(alpha: float, beta: float, k: ArrayLike) -> np.ndarray | float:
    """Expected share of problems that k samples all fail when pass@1 ~ Beta(alpha, beta):

        E[(1 - p)^k] = B(alpha, beta + k) / B(alpha, beta)  ~  Gamma(alpha + beta) / Gamma(beta) k^(-alpha),

    computed from log-beta functions, so it stays accurate (no rounding of 1 - c to 0) out
    to k = 1e12 and beyond. k: samples (>= 0, real). Returns a fraction."""
    _check_shapes(alpha, beta)
    k_a = np.asarray(k, dtype=float)
    if np.any(k_a < 0):
        raise ValueError(f"k must be >= 0, got {k_a[k_a < 0].flat[0]!r}")
    return _out(np.exp(special.betaln(alpha, beta + k_a) - special.betaln(alpha, beta)))


def beta_coverage(alpha: float, beta: float, k: ArrayLike) -> np.ndarray | float:
    """Expected coverage when per-problem pass@1 ~ Beta(alpha, beta):

        E[1 - (1 - p)^k] = 1 - B(alpha, beta + k) / B(alpha, beta),

    whose failure term (:func:`beta_failure`) falls as k^(-alpha) for large k: the power law
    comes from the density ~ p^(alpha - 1) near p = 0 (the left tail that Schaeffer et al.
    2025 identify), so Brown's b tends to -alpha. k: samples (>= 0, real). Rounds to 1.0
    once the failure term is below 1e-16; use :func:`beta_failure` there."""
    return _out(1.0 - np.asarray(beta_failure(alpha, beta, k), dtype=float))


def _digamma_gap(x: np.ndarray, a: float) -> np.ndarray:
    """psi(x + a) - psi(x) for x > 0, without cancellation at large x (asymptotic series of
    psi, error < 1e-20 relative for x >= 1e5)."""
    x = np.asarray(x, dtype=float)
    big = x >= 1e5
    xs = np.where(big, 1.0, x)
    direct = special.digamma(xs + a) - special.digamma(xs)
    xb = np.where(big, x, 1e5)
    asym = np.log1p(a / xb) - 0.5 / (xb + a) + 0.5 / xb - 1.0 / (12 * (xb + a) ** 2) + 1.0 / (12 * xb**2)
    return np.where(big, asym, direct)


def coverage_exponent(alpha: float, beta: float, k: ArrayLike) -> np.ndarray | float:
    """Local exponent b(k) = d log(-log c) / d log k of a Beta(alpha, beta) benchmark's
    coverage c(k): the b of Brown et al. 2024's law c = exp(a k^b) fitted at k. With
    F = E[(1 - p)^k] (:func:`beta_failure`) and dF/dk = -F [psi(alpha + beta + k) - psi(beta + k)],

        b(k) = -k [psi(alpha + beta + k) - psi(beta + k)] F / ((1 - F) (-log(1 - F))),

    which tends to -alpha as k -> infinity (Schaeffer et al. 2025: the exponent is set by the
    left tail). Exact and stable for any k > 0 (no fit, no 1 - c rounding). k: samples."""
    _check_shapes(alpha, beta)
    k_a = np.asarray(k, dtype=float)
    if np.any(k_a <= 0):
        raise ValueError(f"k must be > 0, got {k_a[k_a <= 0].flat[0]!r}")
    f = np.asarray(beta_failure(alpha, beta, k_a), dtype=float)
    small = f < 1e-8
    ratio = np.where(small, 1.0 - f / 2, f / np.where(small, 1.0, -np.log1p(-np.where(small, 0.5, f))))
    gap = _digamma_gap(beta + k_a, alpha)
    return _out(-k_a * gap * ratio / (1.0 - f))


def beta_share_below(alpha: float, beta: float, x: ArrayLike) -> np.ndarray | float:
    """Share of problems whose pass@1 is below x when pass@1 ~ Beta(alpha, beta): the
    regularised incomplete beta I_x(alpha, beta), which behaves as x^alpha / (alpha B(alpha,
    beta)) near 0: on log-log axes the left tail is a line of slope alpha (the tail that
    Schaeffer et al. 2025 show sets the power law). x: pass@1 in [0, 1]."""
    _check_shapes(alpha, beta)
    x_a = np.asarray(x, dtype=float)
    _check_prob("x", x_a)
    return _out(special.betainc(alpha, beta, x_a))


@dataclass(frozen=True)
class Difficulty:
    """A benchmark as a distribution of per-problem pass@1: support points ``p`` with
    probability ``weights`` (summing to 1). Coverage, voting and best-of-N curves are
    expectations over it, each vectorised over the sample count k. Build one from a Beta
    distribution (Gauss-Jacobi quadrature, exact for polynomials in p of degree < 2 m) or
    from observed per-problem rates."""

    p: np.ndarray
    weights: np.ndarray

    @classmethod
    def beta(cls, alpha: float, beta: float, nodes: int = 400) -> Difficulty:
        """Per-problem pass@1 ~ Beta(alpha, beta); alpha is the left-tail exponent."""
        _check_shapes(alpha, beta)
        x, w = special.roots_jacobi(int(nodes), beta - 1.0, alpha - 1.0)
        return cls(p=np.clip((1.0 + x) / 2.0, 0.0, 1.0), weights=w / w.sum())

    @classmethod
    def from_rates(cls, p: ArrayLike) -> Difficulty:
        """Equal-weight problems with the given pass@1 rates (e.g. c/n per problem)."""
        arr = np.asarray(p, dtype=float).ravel()
        _check_prob("p", arr)
        return cls(p=arr, weights=np.full(arr.size, 1.0 / arr.size))

    def expect(self, f: Callable[[np.ndarray], np.ndarray]) -> np.ndarray | float:
        """E[f(p)] over problems; f maps the (m,) support to (..., m)."""
        return _out(np.sum(np.asarray(f(self.p)) * self.weights, axis=-1))

    @property
    def mean_pass1(self) -> float:
        """Average pass@1 over problems (single-sample accuracy)."""
        return float(np.sum(self.p * self.weights))

    def coverage(self, k: ArrayLike) -> np.ndarray | float:
        """Fraction of problems solved by at least one of k samples (pass@k with an oracle
        checker): E[1 - (1 - p)^k]. k: samples (real >= 0), any shape."""
        k_a = np.asarray(k, dtype=float)
        return self.expect(lambda p: -np.expm1(special.xlog1py(k_a[..., None], -p)))

    def vote(self, n_votes: ArrayLike, wrong_share: float) -> np.ndarray | float:
        """Plurality-vote accuracy when a share ``wrong_share`` of each problem's wrong
        samples lands on one dominant wrong answer (the rest never repeat); see
        :func:`plurality_vote_curve`. n_votes: integer or 1-D array of integers."""
        _check_prob("wrong_share", np.asarray(wrong_share, dtype=float))
        ns = np.atleast_1d(_check_int("n_votes", n_votes, 1)).ravel()
        acc = plurality_vote_curve(self.p, wrong_share * (1.0 - self.p), ns) @ self.weights
        return _out(acc.reshape(np.shape(n_votes)))

    def vote_limit(self, wrong_share: float) -> float:
        """Plurality-vote accuracy as the number of votes grows without bound: the share of
        problems whose correct answer outnumbers the dominant wrong one
        (:func:`plurality_vote_limit`)."""
        return float(np.sum(plurality_vote_limit(self.p, wrong_share * (1.0 - self.p)) * self.weights))

    def best_of_n(self, n: ArrayLike, fpr: float, fnr: float) -> np.ndarray | float:
        """Best-of-N accuracy with a verifier of false-positive rate fpr and false-negative
        rate fnr (:func:`best_of_n_accuracy`), averaged over problems; n any shape."""
        n_a = np.asarray(n)
        return self.expect(lambda p: best_of_n_accuracy(p, n_a[..., None], fpr, fnr))

    def shifted(self, logit_shift: float) -> Difficulty:
        """Every problem's log-odds of success moved by ``logit_shift`` (a better model, under
        the book's assumption that a lower loss shifts all problems' log-odds equally)."""
        return Difficulty(p=self._shift(np.asarray(logit_shift, dtype=float)), weights=self.weights)

    def _shift(self, shifts: np.ndarray) -> np.ndarray:
        z = special.logit(np.clip(self.p, 1e-300, 1 - 1e-16))
        return special.expit(z + shifts[..., None] if shifts.ndim else z + shifts)

    def shifted_mean_pass1(self, logit_shift: ArrayLike) -> np.ndarray | float:
        """Mean pass@1 after every log-odds moves by ``logit_shift`` (any shape: one call for
        a sweep of shifts); equals ``shifted(s).mean_pass1``."""
        s = np.asarray(logit_shift, dtype=float)
        return _out(self._shift(s) @ self.weights if s.ndim else float(self._shift(s) @ self.weights))

    def restrict(self, low: float = 0.0, high: float = 1.0) -> Difficulty:
        """Only the problems whose pass@1 lies in [low, high], weights renormalised (e.g.
        Snell et al. 2024's "problems the small model can sometimes solve")."""
        keep = (self.p >= low) & (self.p <= high)
        if not np.any(keep):
            raise ValueError(f"no problem has pass@1 in [{low}, {high}]")
        w = self.weights[keep]
        return Difficulty(p=self.p[keep], weights=w / w.sum())

    def quantile_bins(self, n_bins: int = 5) -> list[Difficulty]:
        """The benchmark split into ``n_bins`` equal-weight bins of pass@1, easiest first (as
        Snell et al. 2024 bin MATH questions into five difficulty levels by the base model's
        pass@1). A quadrature node straddling a boundary is split between bins by weight."""
        order = np.argsort(-self.p)
        p, w = self.p[order], self.weights[order]
        edges = np.concatenate([[0.0], np.cumsum(w)])
        out = []
        for i in range(int(n_bins)):
            lo, hi = i / n_bins, (i + 1) / n_bins
            part = np.clip(np.minimum(edges[1:], hi) - np.maximum(edges[:-1], lo), 0.0, None)
            keep = part > 0
            out.append(Difficulty(p=p[keep], weights=part[keep] / part[keep].sum()))
        return out

    def share_below(self, threshold: float) -> float:
        """Fraction of problems whose pass@1 is below ``threshold``."""
        return float(np.sum(self.weights[self.p < threshold]))

    def sample(self, n_problems: int, rng: np.random.Generator) -> np.ndarray:
        """Per-problem pass@1 of a random benchmark of ``n_problems`` problems."""
        return rng.choice(self.p, size=int(n_problems), p=self.weights)


# --------------------------------------------------------------------------------------
# Binomial intervals for small benchmarks (AIME: 15 problems per exam)
# --------------------------------------------------------------------------------------


def binomial_interval(
    successes: ArrayLike, n: ArrayLike, level: float = 0.95, method: str = "wilson"
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Two-sided confidence interval for a success probability from ``successes`` out of
    ``n`` trials (successes may be fractional, e.g. an average of 11.1 problems of 15).

    ``wilson`` (Wilson 1927): (x + z^2/2) / (n + z^2) +- z / (n + z^2) sqrt(x (n - x) / n + z^2 / 4);
    ``clopper-pearson`` (Clopper & Pearson 1934, exact): the level/2 and 1 - level/2
    quantiles of Beta(x, n - x + 1) and Beta(x + 1, n - x) (0 and 1 at the ends).
    level in (0, 1). Returns (low, high) as fractions; arrays broadcast.
    """
    x = np.asarray(successes, dtype=float)
    n_a = np.asarray(n, dtype=float)
    if np.any(n_a <= 0):
        raise ValueError(f"n must be > 0, got {n_a[n_a <= 0].flat[0]!r}")
    if np.any((x < 0) | (x > n_a)):
        raise ValueError(f"successes must be in [0, n], got {np.asarray(x).flat[0]!r} of {np.asarray(n_a).flat[0]!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    tail = (1.0 - level) / 2
    if method == "wilson":
        z = special.ndtri(1.0 - tail)
        centre = (x + z**2 / 2) / (n_a + z**2)
        half = z / (n_a + z**2) * np.sqrt(x * (n_a - x) / n_a + z**2 / 4)
        return _out(np.clip(centre - half, 0, 1)), _out(np.clip(centre + half, 0, 1))
    if method == "clopper-pearson":
        lo = np.where(x > 0, special.betaincinv(np.maximum(x, 1e-300), n_a - x + 1, tail), 0.0)
        hi = np.where(x < n_a, special.betaincinv(x + 1, np.maximum(n_a - x, 1e-300), 1 - tail), 1.0)
        return _out(lo), _out(hi)
    raise ValueError(f"method must be 'wilson' or 'clopper-pearson', got {method!r}")


# --------------------------------------------------------------------------------------
# Compute, price, calibration and the FLOPs-matched comparison
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiPrice:
    """An API's list price in US dollars per million input and output tokens (hidden
    reasoning tokens are billed as output)."""

    usd_per_m_input: float
    usd_per_m_output: float
    model: str = ""
    source: str = ""


O1_PRICE = ApiPrice(15.0, 60.0, "o1", "OpenAI API pricing page, o1 (2024-12); o1-preview had the same prices")
GPT4O_PRICE = ApiPrice(2.5, 10.0, "gpt-4o-2024-08-06", "OpenAI API pricing page, gpt-4o-2024-08-06")
GPT4O_MAY_PRICE = ApiPrice(5.0, 15.0, "gpt-4o-2024-05-13", "OpenAI API pricing page, gpt-4o-2024-05-13")


def sampling_flops(
    n_params: ArrayLike, prompt_tokens: ArrayLike, output_tokens: ArrayLike, n_samples: ArrayLike
) -> np.ndarray | float:
    """Inference FLOPs of n independent samples: 2 N (prompt + output tokens) per sample
    (Kaplan et al. 2020, sec. 2.1, via :func:`scalingbook.science.compute.inference_flops`); each
    sample re-reads its prompt (no shared cache). Arrays broadcast. Returns FLOPs."""
    tokens = np.asarray(n_samples, dtype=float) * (
        np.asarray(prompt_tokens, dtype=float) + np.asarray(output_tokens, dtype=float)
    )
    return inference_flops(n_params, tokens)


def sampling_cost_usd(
    prompt_tokens: ArrayLike,
    output_tokens: ArrayLike,
    n_samples: ArrayLike,
    usd_per_m_input: ArrayLike,
    usd_per_m_output: ArrayLike,
) -> np.ndarray | float:
    """Dollars for n independent requests: n (prompt x $in + output x $out) / 1e6, with
    prices in US dollars per million tokens. Arrays broadcast. Returns US dollars."""
    for name, v in (("usd_per_m_input", usd_per_m_input), ("usd_per_m_output", usd_per_m_output)):
        if np.any(np.asarray(v, dtype=float) < 0):
            raise ValueError(f"{name} must be >= 0, got {v!r}")
    per = (
        np.asarray(prompt_tokens, dtype=float) * np.asarray(usd_per_m_input, dtype=float)
        + np.asarray(output_tokens, dtype=float) * np.asarray(usd_per_m_output, dtype=float)
    ) / 1e6
    return _out(np.asarray(n_samples, dtype=float) * per)


def cost_per_solved(cost_per_problem: ArrayLike, accuracy: ArrayLike) -> np.ndarray | float:
    """Dollars per correctly solved problem: cost per attempted problem / accuracy
    (infinite when accuracy is 0)."""
    acc = np.asarray(accuracy, dtype=float)
    _check_prob("accuracy", acc)
    cost = np.asarray(cost_per_problem, dtype=float)
    with np.errstate(divide="ignore"):
        return _out(np.where(acc > 0, cost / np.where(acc > 0, acc, 1.0), np.inf))


def flops_matched_samples(small_params: ArrayLike, large_params: ArrayLike) -> np.ndarray | float:
    """Samples of the small model that cost the same inference FLOPs as one sample of the
    large model at equal tokens per answer: 2 N_large T / (2 N_small T) = N_large / N_small."""
    small = np.asarray(small_params, dtype=float)
    large = np.asarray(large_params, dtype=float)
    if np.any(small <= 0):
        raise ValueError(f"small_params must be > 0, got {small[small <= 0].flat[0]!r}")
    if np.any(large < small):
        raise ValueError(f"large_params must be >= small_params, got {np.min(large):.3g} < {np.max(small):.3g}")
    ratio = np.asarray(inference_flops(large, 1.0)) / np.asarray(inference_flops(small, 1.0))
    return _out(ratio)


def pretraining_matched_samples(size_ratio: ArrayLike, inference_to_pretraining: ArrayLike) -> np.ndarray | float:
    """Snell et al. 2024's exchange of pretraining and test-time compute: how many times more inference tokens the small model may
    spend to match the total FLOPs of a model M times larger trained on the same data, when
    pretraining counts. With pretraining 6 N D_pretrain and inference 2 N D_inference FLOPs,

        6 N D_pre + 2 N X D_inf = M (6 N D_pre + 2 N D_inf)  =>  X = M + 3 (M - 1) / R,

    R = D_inference / D_pretrain (inference tokens served over pretraining tokens). R << 1
    (little inference) lets the small model sample far more than M times; R >> 1 brings X
    down to M, the inference-only match. size_ratio M >= 1; R > 0; arrays broadcast."""
    m = np.asarray(size_ratio, dtype=float)
    r = np.asarray(inference_to_pretraining, dtype=float)
    if np.any(m < 1):
        raise ValueError(f"size_ratio must be >= 1, got {m[m < 1].flat[0]!r}")
    if np.any(r <= 0):
        raise ValueError(f"inference_to_pretraining must be > 0, got {r[r <= 0].flat[0]!r}")
    return _out(m + 3.0 * (m - 1.0) / r)


def loss_gap(
    law: ChinchillaLaw,
    small_params: ArrayLike,
    large_params: ArrayLike,
    tokens_per_param: float = 20.0,
    same_tokens: bool = False,
) -> np.ndarray | float:
    """L(small) - L(large) in nats/token under a published Chinchilla-form law (Hoffmann
    et al. 2022, Eq. 2). The small model is trained on ``tokens_per_param`` x N_small tokens
    (20: the Chinchilla rule of thumb); the large one on tokens_per_param x N_large, or, with
    ``same_tokens``, on the same tokens as the small one (Snell et al. 2024's accounting:
    scaling parameters by M at fixed data scales pretraining FLOPs by M). Arrays broadcast."""
    if tokens_per_param <= 0:
        raise ValueError(f"tokens_per_param must be > 0, got {tokens_per_param!r}")
    ns = np.asarray(small_params, dtype=float)
    nl = np.asarray(large_params, dtype=float)
    d_large = tokens_per_param * (ns if same_tokens else nl)
    return _out(np.asarray(law.loss(ns, tokens_per_param * ns)) - np.asarray(law.loss(nl, d_large)))


class Calibration(NamedTuple):
    """A Beta difficulty model matched to a mean pass@1 and a consensus accuracy."""

    alpha: float
    beta: float
    vote_accuracy: float


def calibrate_beta(
    mean_pass1: float, vote_target: float, n_votes: int, wrong_share: float, nodes: int = 200
) -> Calibration:
    """Find Beta(alpha, beta) with mean alpha / (alpha + beta) = mean_pass1 whose
    plurality-vote accuracy at n_votes equals vote_target: the root of a 1-D equation in
    log(alpha + beta), bracketed over [1e-2, 1e3] and solved by the Illinois variant of
    regula falsi (tolerance 1e-10 in log kappa). Raises ValueError when no Beta of that mean
    reaches the target under this wrong_share."""
    if not 0 < mean_pass1 < 1:
        raise ValueError(f"mean_pass1 must be in (0, 1), got {mean_pass1!r}")

    def gap(log_kappa: float) -> float:
        kappa = np.exp(log_kappa)
        d = Difficulty.beta(mean_pass1 * kappa, (1 - mean_pass1) * kappa, nodes)
        return float(d.vote(n_votes, wrong_share)) - vote_target

    lo, hi = np.log(1e-2), np.log(1e3)
    g_lo, g_hi = gap(lo), gap(hi)
    if g_lo * g_hi > 0:
        raise ValueError(
            f"vote_target must lie between {g_lo + vote_target:.3f} and {g_hi + vote_target:.3f} "
            f"for mean_pass1 = {mean_pass1} and wrong_share = {wrong_share}, got {vote_target!r}"
        )
    x, g_x, side = lo, g_lo, 0
    for _ in range(100):
        x = (lo * g_hi - hi * g_lo) / (g_hi - g_lo) if g_hi != g_lo else 0.5 * (lo + hi)
        g_x = gap(x)
        if abs(g_x) < 1e-13 or hi - lo < 1e-10:
            break
        if g_x * g_hi > 0:
            hi, g_hi = x, g_x
            if side == 1:
                g_lo /= 2
            side = 1
        else:
            lo, g_lo = x, g_x
            if side == -1:
                g_hi /= 2
            side = -1
    kappa = float(np.exp(x))
    return Calibration(mean_pass1 * kappa, (1 - mean_pass1) * kappa, vote_target + g_x)


def verifier_fpr_for(difficulty: Difficulty, n: int, target: float, fnr: float, tol: float = 1e-4) -> float:
    """The largest verifier false-positive rate in [0, 1] at which best-of-n with
    false-negative rate fnr still reaches accuracy ``target`` on ``difficulty`` (to ``tol``,
    rounded down); NaN if even a verifier with no false positives falls short (the target
    exceeds what best-of-n can collect). Accuracy need not be monotone in fpr, so each round
    scans 33 rates in one vectorised call and keeps the last one that reaches the target."""
    lo, hi = 0.0, 1.0
    found = False
    while True:
        fprs = np.linspace(lo, hi, 33)
        acc = best_of_n_accuracy(difficulty.p[None, :], n, fprs[:, None], fnr) @ difficulty.weights
        ok = np.flatnonzero(acc >= target)
        if not ok.size:
            return lo if found else float("nan")
        found = True
        i = int(ok[-1])
        if i == fprs.size - 1 or fprs[1] - fprs[0] < tol:
            return float(fprs[i])
        lo, hi = float(fprs[i]), float(fprs[i + 1])


#: The three ways of turning k samples into one answer that the chapter compares.
STRATEGIES = ("oracle verifier (coverage)", "majority vote", "best-of-N, imperfect verifier")


def strategy_curves(
    difficulty: Difficulty,
    k: ArrayLike,
    wrong_share: float,
    fpr: float,
    fnr: float,
    strategies: tuple[str, ...] = STRATEGIES,
) -> pd.DataFrame:
    """Accuracy of each of ``strategies`` (a subset of :data:`STRATEGIES`) at each sample
    count k (1-D integers >= 1), long format: columns ``samples``, ``strategy``, ``accuracy``.
    Coverage and best-of-N are closed forms at any k; the vote costs O(problems x k), so leave
    it out for k in the millions."""
    import pandas as pd

    ks = np.atleast_1d(_check_int("k", k, 1)).ravel()
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        raise ValueError(f"strategies must be among {STRATEGIES}, got {unknown[0]!r}")
    make = {
        STRATEGIES[0]: lambda: difficulty.coverage(ks),
        STRATEGIES[1]: lambda: difficulty.vote(ks, wrong_share),
        STRATEGIES[2]: lambda: difficulty.best_of_n(ks, fpr, fnr),
    }
    return pd.concat(
        [
            pd.DataFrame({"samples": ks, "strategy": name, "accuracy": np.atleast_1d(make[name]())})
            for name in strategies
        ],
        ignore_index=True,
    )


def flops_matched_frontier(
    difficulty: Difficulty,
    law: ChinchillaLaw,
    small_params: float,
    large_params: ArrayLike,
    logit_per_nat: float,
    wrong_share: float,
    fpr: float,
    fnr: float,
    tokens_per_param: float = 20.0,
    same_tokens: bool = False,
    strategies: tuple[str, ...] = STRATEGIES,
    verifier_params: float = 0.0,
) -> pd.DataFrame:
    """Small model with k samples vs a larger model with one sample at equal inference FLOPs
    (k = floor(N_large / N_small), equal tokens per answer): the inference-only half of Snell
    et al. 2024's FLOPs-matched comparison (:func:`snell_tradeoff` adds pretraining).

    The larger model's per-problem pass@1 comes from the small model's by the book's stated
    assumption: log-odds rise by ``logit_per_nat`` x [L(small) - L(large)], the loss gap of
    :func:`loss_gap` under ``law``. Returns one row per larger size: ``size_ratio``,
    ``samples``, ``loss_gap``, ``larger model, one sample`` and one column per entry of
    ``strategies`` (default :data:`STRATEGIES`; leave the vote out for ratios in the millions).
    ``verifier_params`` > 0 counts a reward model of that size reading every sample once
    (:func:`verifier_matched_samples`): fewer samples fit the same FLOPs.
    """
    import pandas as pd

    if logit_per_nat < 0:
        raise ValueError(f"logit_per_nat must be >= 0, got {logit_per_nat!r}")
    large = np.atleast_1d(np.asarray(large_params, dtype=float))
    ratio = np.atleast_1d(flops_matched_samples(small_params, large))
    ks = np.maximum(
        np.floor(np.atleast_1d(verifier_matched_samples(ratio, small_params, verifier_params)) + 1e-9), 1
    ).astype(int)
    gap = np.atleast_1d(loss_gap(law, small_params, large, tokens_per_param, same_tokens))
    big = np.atleast_1d(difficulty.shifted_mean_pass1(logit_per_nat * gap))
    df = pd.DataFrame({"size_ratio": ratio, "samples": ks, "loss_gap": gap, "larger model, one sample": big})
    curves = strategy_curves(difficulty, ks, wrong_share, fpr, fnr, strategies)
    for name in strategies:
        df[name] = curves.loc[curves["strategy"] == name, "accuracy"].to_numpy()
    return df


def snell_tradeoff(
    difficulty: Difficulty,
    law: ChinchillaLaw,
    small_params: float,
    size_ratio: float,
    inference_to_pretraining: ArrayLike,
    logit_per_nat: float,
    fpr: float,
    fnr: float,
    tokens_per_param: float = 20.0,
    n_bins: int = 5,
    verifier_params: float = 0.0,
) -> pd.DataFrame:
    """Both halves of Snell et al. 2024's FLOPs-matched comparison, by
    difficulty bin: a model ``size_ratio`` = M times larger answering once, against the small
    model's best-of-X with the book's verifier, where X = M when only inference counts and
    X = M + 3 (M - 1) / R (:func:`pretraining_matched_samples`) when pretraining counts, for
    each R = inference / pretraining tokens. Both models see the same pretraining tokens
    (tokens_per_param x N_small, Snell's accounting); the larger model's pass@1 follows the
    book's log-odds assumption (see :func:`flops_matched_frontier`).

    Returns one row per (difficulty bin, accounting): ``level`` (1 = easiest of
    ``n_bins`` equal-weight bins by pass@1), ``small model pass@1``, ``accounting``
    ("inference only" or "pretraining counted, R = ..."), ``samples`` X (uncapped: best-of-X is
    a closed form at any X), ``small model, best of X``, ``larger model, one sample``, ``winner``.
    ``verifier_params`` > 0 charges each sample a reward model's reading
    (:func:`verifier_matched_samples`).
    """
    import pandas as pd

    m = float(size_ratio)
    if m < 1:
        raise ValueError(f"size_ratio must be >= 1, got {size_ratio!r}")
    rs = np.atleast_1d(np.asarray(inference_to_pretraining, dtype=float)).ravel()
    gap = float(loss_gap(law, small_params, m * small_params, tokens_per_param, same_tokens=True))
    xs = np.concatenate([[m], np.atleast_1d(pretraining_matched_samples(m, rs))])
    xs = np.atleast_1d(verifier_matched_samples(xs, small_params, verifier_params))
    ks = np.maximum(np.floor(xs + 1e-9), 1).astype(np.int64)
    labels = ["inference only"] + [f"pretraining counted, R = {r:g}" for r in rs]
    rows = []
    for level, part in enumerate(difficulty.quantile_bins(n_bins), start=1):
        small = np.atleast_1d(part.best_of_n(ks, fpr, fnr))
        big = float(part.shifted_mean_pass1(logit_per_nat * gap))
        for lab, k, acc in zip(labels, ks, small):
            rows.append(
                (
                    level,
                    part.mean_pass1,
                    lab,
                    int(k),
                    float(acc),
                    big,
                    "small model, more samples" if acc > big else "larger model",
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "level",
            "small model pass@1",
            "accounting",
            "samples",
            "small model, best of X",
            "larger model, one sample",
            "winner",
        ],
    )


def samples_within_budget(budget_usd: ArrayLike, usd_per_sample: ArrayLike, cap: float = 1e15) -> np.ndarray | int:
    """Whole samples a budget buys: floor(budget / price per sample), in samples (>= 0),
    capped at ``cap`` (1e15) so that a near-free sample does not overflow an integer."""
    price = np.asarray(usd_per_sample, dtype=float)
    if np.any(price <= 0):
        raise ValueError(f"usd_per_sample must be > 0, got {price[price <= 0].flat[0]!r}")
    with np.errstate(over="ignore", divide="ignore"):
        n = np.minimum(np.floor(np.asarray(budget_usd, dtype=float) / price + 1e-12), cap)
    return _out(n.astype(np.int64))


def verifier_matched_samples(
    samples: ArrayLike, small_params: ArrayLike, verifier_params: ArrayLike
) -> np.ndarray | float:
    """Samples that fit a FLOPs budget of ``samples`` generator-only samples once a reward model
    reads each one: each sample then costs 2 (N_small + N_verifier) FLOPs per token instead of
    2 N_small (Kaplan et al. 2020, sec. 2.1, for both models; equal tokens read and written), so

        X_verified = X N_small / (N_small + N_verifier).

    samples: X (real, >= 0); small_params, verifier_params: parameters (> 0 and >= 0). Arrays
    broadcast. Returns samples (real; floor it for whole samples)."""
    x = np.asarray(samples, dtype=float)
    ns = np.asarray(small_params, dtype=float)
    nv = np.asarray(verifier_params, dtype=float)
    if np.any(ns <= 0):
        raise ValueError(f"small_params must be > 0, got {ns[ns <= 0].flat[0]!r}")
    if np.any(nv < 0):
        raise ValueError(f"verifier_params must be >= 0, got {nv[nv < 0].flat[0]!r}")
    return _out(x * ns / (ns + nv))


# --------------------------------------------------------------------------------------
# Root finding, calibration cache and coverage-law fits
# --------------------------------------------------------------------------------------


def bisect_root(f: Callable[[float], float], lo: float, hi: float, iters: int = 80) -> float:
    """Root of a monotone f on [lo, hi] by bisection; f(lo) and f(hi) must have opposite
    signs (or one be 0). Returns the midpoint of the last bracket (width (hi - lo) / 2^iters)."""
    f_lo, f_hi = f(lo), f(hi)
    if f_lo == 0:
        return float(lo)
    if f_hi == 0:
        return float(hi)
    if (f_lo > 0) == (f_hi > 0):
        raise ValueError(f"f(lo) and f(hi) must have opposite signs, got {f_lo!r} and {f_hi!r}")
    for _ in range(int(iters)):
        mid = 0.5 * (lo + hi)
        f_mid = f(mid)
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@lru_cache(maxsize=64)
def calibrate_beta_cached(mean_pass1: float, vote_target: float, n_votes: int, wrong_share: float) -> Calibration:
    """:func:`calibrate_beta`, kept per argument set (a page asks for the same calibration from
    several sections)."""
    return calibrate_beta(float(mean_pass1), float(vote_target), int(n_votes), float(wrong_share))


class CoverageFit(NamedTuple):
    """Brown et al. 2024's law c = exp(a k^b) fitted to a coverage curve: a, b; n_points and
    k_max (the fitted sample counts); max_error (the largest absolute gap between law and data, as a fraction of
    problems); b_far (for a Beta benchmark, the exact local exponent at k = 1e12; else NaN)."""

    a: float
    b: float
    n_points: int
    k_max: float
    max_error: float
    b_far: float


def fit_beta_coverage(alpha: float, beta: float, n_samples: int, points: int = 25) -> CoverageFit:
    """Brown et al. 2024's law fitted, as one would fit measured coverage, to a Beta(alpha, beta)
    benchmark's exact coverage at up to ``points`` sample counts spread on a log axis over
    1 <= k <= max(n_samples, 2). The fit runs on the failure 1 - c (:func:`beta_failure`), so
    it stays exact where c rounds to 1; counts whose failure underflows to 0 (or is 1) drop out.
    With fewer than two distinct counts left, a, b and max_error are NaN."""
    k_max = max(int(n_samples), 2)
    k = np.unique(np.logspace(0, np.log10(k_max), int(points)).round())
    fail = np.asarray(beta_failure(alpha, beta, k), dtype=float)
    keep = (fail > 0) & (fail < 1)
    b_far = float(coverage_exponent(alpha, beta, 1e12))
    if np.unique(k[keep]).size < 2:
        return CoverageFit(float("nan"), float("nan"), int(keep.sum()), float(k_max), float("nan"), b_far)
    a, b = fit_coverage(k[keep], failure=fail[keep])
    law = np.asarray(coverage_law(k[keep], a, b))
    err = float(np.max(np.abs(law - (1 - fail[keep]))))
    return CoverageFit(a, b, int(keep.sum()), float(k_max), err, b_far)


@dataclass(frozen=True)
class PublishedCoverage:
    """(k, coverage) points one paper prints for one model on one task."""

    task: str
    model: str
    k: tuple[float, ...]
    coverage: tuple[float, ...]
    source: str


#: Every (samples, coverage) pair Brown et al. 2024 state as numbers in their text (abstract and
#: sec. 2): two per curve. Their figures plot the full curves, but no table lists their values.
BROWN_2024_COVERAGE = (
    PublishedCoverage(
        "SWE-bench Lite",
        "DeepSeek-Coder-V2-Instruct",
        (1.0, 250.0),
        (0.159, 0.56),
        "Brown et al. 2024, abstract: 15.9% with one sample, 56% with 250",
    ),
    PublishedCoverage(
        "CodeContests",
        "Gemma-2B",
        (1.0, 10_000.0),
        (0.0002, 0.071),
        "Brown et al. 2024, sec. 2: 0.02% with one attempt, 7.1% with 10,000",
    ),
)


def fit_published_coverage(curve: PublishedCoverage) -> CoverageFit:
    """Brown et al. 2024's law least-squares fitted to every published point of one curve
    (:func:`fit_coverage`). With two points the fit passes through both: max_error is 0 by
    construction and the fit tests nothing; with three or more it is a test of the law."""
    a, b = fit_coverage(list(curve.k), list(curve.coverage))
    law = np.asarray(coverage_law(list(curve.k), a, b))
    err = float(np.max(np.abs(law - np.asarray(curve.coverage))))
    return CoverageFit(a, b, len(curve.k), float(max(curve.k)), err, float("nan"))
