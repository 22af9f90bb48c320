"""Test-time compute: what repeated sampling, voting and verification buy, and at what cost.

Everything here is vectorised over problems (and over sample counts where it says so).
Probabilities are fractions in [0, 1]; ``k`` / ``n_votes`` / ``n`` count samples per problem;
FLOPs are floating-point operations; prices are US dollars per million tokens.

Sources: Chen et al. 2021 (pass@k estimator, sec. 2.1); Brown et al. 2024 ("Large Language
Monkeys": coverage and the law log c = a k^b); Schaeffer et al. 2025 (the aggregate power law
comes from the left tail of the distribution of per-problem pass@1); Snell et al. 2024
(test-time compute vs model size, FLOPs-matched); OpenAI 2024 (o1's AIME 2024 results).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import special, stats

from .params import scalar_or_array as _out
from .compute import inference_flops
from .laws import ChinchillaLaw

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "pass_at_k",
    "pass_at_k_biased",
    "majority_vote_accuracy",
    "plurality_vote_accuracy",
    "simulate_plurality_vote",
    "best_of_n_accuracy",
    "simulate_best_of_n",
    "coverage_law",
    "fit_coverage",
    "samples_for_coverage",
    "beta_coverage",
    "beta_share_below",
    "Difficulty",
    "sampling_flops",
    "sampling_cost_usd",
    "cost_per_solved",
    "flops_matched_samples",
    "loss_gap",
    "Calibration",
    "calibrate_beta",
    "STRATEGIES",
    "strategy_curves",
    "flops_matched_frontier",
    "claims_checked",
    "samples_within_budget",
    "ApiPrice",
    "O1_PRICE",
    "GPT4O_PRICE",
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
    win = stats.binom.sf(n_a // 2, n_a, p_a)
    tie = np.where(n_a % 2 == 0, stats.binom.pmf(n_a // 2, n_a, p_a), 0.0)
    return _out(win + 0.5 * tie)


def plurality_vote_accuracy(p_correct: ArrayLike, p_dominant: ArrayLike, n_votes: int) -> np.ndarray | float:
    """P(plurality voting over n samples returns the correct answer) when each sample is
    correct with probability p, gives one *dominant* wrong answer with probability w, and
    otherwise gives a wrong answer no other sample repeats (probability s = 1 - p - w).
    Ties among the most-voted answers are broken uniformly at random.

    With C correct, D dominant and S scattered votes (a trinomial), the correct answer wins
    with probability 1 / (number of answers tied at the top) if C is the top count. Summing
    over t = C + D ~ Binomial(n, p + w) with C | t ~ Binomial(t, p / (p + w)):

        acc = sum_t P(t) [P(C > t/2 | t) - [t = 1] pi + 1/2 P(C = t/2 | t) [t even >= 4]]
              + P(C = 1, D <= 1) / n

    (C = 1 can only win when every answer is distinct: n answers tied). Majority voting is
    the case w = 1 - p. If w > p voting makes the problem *less* likely to be answered
    correctly as n grows (the dominant wrong answer wins).

    p_correct, p_dominant: probabilities with p + w <= 1, arrays broadcast (problems);
    n_votes: a single integer >= 1. Cost O(n) per problem. Returns a probability.
    """
    p = np.asarray(p_correct, dtype=float)
    w = np.asarray(p_dominant, dtype=float)
    _check_prob("p_correct", p)
    _check_prob("p_dominant", w)
    if np.any(p + w > 1 + 1e-12):
        raise ValueError(f"p_correct + p_dominant must be <= 1, got {np.max(p + w)!r}")
    n = int(_check_int("n_votes", n_votes, 1))
    p, w = np.broadcast_arrays(p, w)
    s = np.clip(1.0 - p - w, 0.0, 1.0)
    q = p + w
    pi = _tidy(np.divide(p, q, out=np.zeros_like(p), where=q > 0))
    q = _tidy(q)
    t = np.arange(n + 1)
    pt = stats.binom.pmf(t, n, q[..., None])
    top = stats.binom.sf(t // 2, t, pi[..., None]) - np.where(t == 1, pi[..., None], 0.0)
    tie = np.where((t % 2 == 0) & (t >= 4), stats.binom.pmf(t // 2, t, pi[..., None]), 0.0)
    main = np.sum(pt * (top + 0.5 * tie), axis=-1)
    lone = n * p * s ** (n - 1) + (n * (n - 1) * p * w * s ** (n - 2) if n >= 2 else 0.0)
    return _out(main + lone / n)


def simulate_plurality_vote(answer_probs: ArrayLike, n_votes: int, n_trials: int,
                            rng: np.random.Generator) -> np.ndarray | float:
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
    counts = rng.multinomial(n, np.broadcast_to(pv[..., None, :], pv.shape[:-1] + (trials, pv.shape[-1])))
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
    rn = r ** n_a
    return _out((1.0 - rn) * precision + rn * fallback)


def simulate_best_of_n(p: ArrayLike, n: int, fpr: float, fnr: float, n_trials: int,
                       rng: np.random.Generator) -> np.ndarray | float:
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


def fit_coverage(k: ArrayLike, coverage: ArrayLike) -> tuple[float, float]:
    """Fit Brown et al. 2024's c(k) = exp(a k^b): least squares on the straight line
    log(-log c) = log(-a) + b log k. k: sample counts (> 0); coverage: fractions in (0, 1),
    at least two distinct k. Returns (a, b); exact points give back a and b exactly."""
    k_a = np.asarray(k, dtype=float).ravel()
    c_a = np.asarray(coverage, dtype=float).ravel()
    if k_a.shape != c_a.shape:
        raise ValueError(f"k and coverage must have the same length, got {k_a.size} and {c_a.size}")
    if np.any(k_a <= 0):
        raise ValueError(f"k must be > 0, got {k_a[k_a <= 0][0]!r}")
    bad = ~((c_a > 0) & (c_a < 1))
    if np.any(bad):
        raise ValueError(f"coverage must be in (0, 1), got {c_a[bad][0]!r}")
    if np.unique(k_a).size < 2:
        raise ValueError("k must hold at least two distinct sample counts to fit a and b")
    slope, intercept = np.polyfit(np.log(k_a), np.log(-np.log(c_a)), 1)
    return -float(np.exp(intercept)), float(slope)


def samples_for_coverage(target: ArrayLike, a: float, b: float) -> np.ndarray | float:
    """Samples k needed to reach coverage c under c = exp(a k^b): k = (log c / a)^(1/b)
    (inverting Brown et al. 2024's law). target: coverage in (0, 1). Returns samples (real)."""
    c = np.asarray(target, dtype=float)
    bad = ~((c > 0) & (c < 1))
    if np.any(bad):
        raise ValueError(f"target must be in (0, 1), got {c[bad].flat[0]!r}")
    return _out((np.log(c) / a) ** (1.0 / b))


def beta_coverage(alpha: float, beta: float, k: ArrayLike) -> np.ndarray | float:
    """Expected coverage when per-problem pass@1 ~ Beta(alpha, beta):

        E[1 - (1 - p)^k] = 1 - B(alpha, beta + k) / B(alpha, beta),

    whose failure term falls as Gamma(alpha + beta) / Gamma(beta) k^(-alpha) for large k:
    the power law comes from the density ~ p^(alpha - 1) near p = 0 (the left tail that
    Schaeffer et al. 2025 identify), so Brown's b tends to -alpha. k: samples (>= 0, real)."""
    if not (alpha > 0 and beta > 0):
        raise ValueError(f"alpha and beta must be > 0, got alpha = {alpha!r}, beta = {beta!r}")
    k_a = np.asarray(k, dtype=float)
    if np.any(k_a < 0):
        raise ValueError(f"k must be >= 0, got {k_a[k_a < 0].flat[0]!r}")
    return _out(1.0 - np.exp(special.betaln(alpha, beta + k_a) - special.betaln(alpha, beta)))


def beta_share_below(alpha: float, beta: float, x: ArrayLike) -> np.ndarray | float:
    """Share of problems whose pass@1 is below x when pass@1 ~ Beta(alpha, beta): the
    regularised incomplete beta I_x(alpha, beta), which behaves as x^alpha / (alpha B(alpha,
    beta)) near 0: on log-log axes the left tail is a line of slope alpha (the tail that
    Schaeffer et al. 2025 show sets the power law). x: pass@1 in [0, 1]."""
    if not (alpha > 0 and beta > 0):
        raise ValueError(f"alpha and beta must be > 0, got alpha = {alpha!r}, beta = {beta!r}")
    x_a = np.asarray(x, dtype=float)
    _check_prob("x", x_a)
    return _out(special.betainc(alpha, beta, x_a))


@dataclass(frozen=True)
class Difficulty:
    """A benchmark as a distribution of per-problem pass@1: support points ``p`` with
    probability ``weights`` (summing to 1). Coverage, voting and best-of-N curves are
    expectations over it. Build one from a Beta distribution (Gauss-Jacobi quadrature,
    exact for polynomials in p of degree < 2 m) or from observed per-problem rates."""

    p: np.ndarray
    weights: np.ndarray

    @classmethod
    def beta(cls, alpha: float, beta: float, nodes: int = 400) -> "Difficulty":
        """Per-problem pass@1 ~ Beta(alpha, beta); alpha is the left-tail exponent."""
        if not (alpha > 0 and beta > 0):
            raise ValueError(f"alpha and beta must be > 0, got alpha = {alpha!r}, beta = {beta!r}")
        x, w = special.roots_jacobi(int(nodes), beta - 1.0, alpha - 1.0)
        return cls(p=(1.0 + x) / 2.0, weights=w / w.sum())

    @classmethod
    def from_rates(cls, p: ArrayLike) -> "Difficulty":
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
        """Fraction of problems solved by at least one of k samples: E[1 - (1 - p)^k]."""
        k_a = np.asarray(k, dtype=float)
        return self.expect(lambda p: 1.0 - (1.0 - p) ** k_a[..., None])

    def vote(self, n_votes: ArrayLike, wrong_share: float) -> np.ndarray | float:
        """Plurality-vote accuracy when a share ``wrong_share`` of each problem's wrong
        samples lands on one dominant wrong answer (the rest never repeat); see
        :func:`plurality_vote_accuracy`. n_votes: integer or 1-D array of integers."""
        _check_prob("wrong_share", np.asarray(wrong_share, dtype=float))
        ns = np.atleast_1d(_check_int("n_votes", n_votes, 1))
        w = wrong_share * (1.0 - self.p)
        out = np.array([np.sum(plurality_vote_accuracy(self.p, w, int(n)) * self.weights) for n in ns.ravel()])
        return _out(out.reshape(np.shape(n_votes)))

    def best_of_n(self, n: ArrayLike, fpr: float, fnr: float) -> np.ndarray | float:
        """Best-of-N accuracy with a verifier of false-positive rate fpr and false-negative
        rate fnr (:func:`best_of_n_accuracy`), averaged over problems."""
        n_a = np.asarray(n)
        return self.expect(lambda p: best_of_n_accuracy(p, n_a[..., None], fpr, fnr))

    def shifted(self, logit_shift: float) -> "Difficulty":
        """Every problem's log-odds of success moved by ``logit_shift`` (a better model, under
        the book's assumption that a lower loss shifts all problems' log-odds equally)."""
        z = special.logit(np.clip(self.p, 1e-300, 1 - 1e-16)) + logit_shift
        return Difficulty(p=special.expit(z), weights=self.weights)

    def restrict(self, low: float = 0.0, high: float = 1.0) -> "Difficulty":
        """Only the problems whose pass@1 lies in [low, high], weights renormalised (e.g.
        Snell et al. 2024's "problems the small model can sometimes solve")."""
        keep = (self.p >= low) & (self.p <= high)
        if not np.any(keep):
            raise ValueError(f"no problem has pass@1 in [{low}, {high}]")
        w = self.weights[keep]
        return Difficulty(p=self.p[keep], weights=w / w.sum())

    def share_below(self, threshold: float) -> float:
        """Fraction of problems whose pass@1 is below ``threshold``."""
        return float(np.sum(self.weights[self.p < threshold]))

    def sample(self, n_problems: int, rng: np.random.Generator) -> np.ndarray:
        """Per-problem pass@1 of a random benchmark of ``n_problems`` problems."""
        return rng.choice(self.p, size=int(n_problems), p=self.weights)


# --------------------------------------------------------------------------------------
# Compute and price
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
GPT4O_PRICE = ApiPrice(2.5, 10.0, "gpt-4o", "OpenAI API pricing page, gpt-4o-2024-08-06")


def sampling_flops(n_params: ArrayLike, prompt_tokens: ArrayLike, output_tokens: ArrayLike,
                   n_samples: ArrayLike) -> np.ndarray | float:
    """Inference FLOPs of n independent samples: 2 N (prompt + output tokens) per sample
    (Kaplan et al. 2020, sec. 2.1, via :func:`scalingbook.compute.inference_flops`); each
    sample re-reads its prompt (no shared cache). Arrays broadcast. Returns FLOPs."""
    tokens = np.asarray(n_samples, dtype=float) * (np.asarray(prompt_tokens, dtype=float)
                                                   + np.asarray(output_tokens, dtype=float))
    return inference_flops(n_params, tokens)


def sampling_cost_usd(prompt_tokens: ArrayLike, output_tokens: ArrayLike, n_samples: ArrayLike,
                      usd_per_m_input: ArrayLike, usd_per_m_output: ArrayLike) -> np.ndarray | float:
    """Dollars for n independent requests: n (prompt x $in + output x $out) / 1e6, with
    prices in US dollars per million tokens. Arrays broadcast. Returns US dollars."""
    for name, v in (("usd_per_m_input", usd_per_m_input), ("usd_per_m_output", usd_per_m_output)):
        if np.any(np.asarray(v, dtype=float) < 0):
            raise ValueError(f"{name} must be >= 0, got {v!r}")
    per = (np.asarray(prompt_tokens, dtype=float) * np.asarray(usd_per_m_input, dtype=float)
           + np.asarray(output_tokens, dtype=float) * np.asarray(usd_per_m_output, dtype=float)) / 1e6
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


def loss_gap(law: ChinchillaLaw, small_params: ArrayLike, large_params: ArrayLike,
             tokens_per_param: float = 20.0) -> np.ndarray | float:
    """L(small) - L(large) in nats/token under a published Chinchilla-form law (Hoffmann
    et al. 2022, Eq. 2), each model trained on ``tokens_per_param`` x N tokens (20: the
    Chinchilla rule of thumb). Arrays broadcast."""
    if tokens_per_param <= 0:
        raise ValueError(f"tokens_per_param must be > 0, got {tokens_per_param!r}")
    ns = np.asarray(small_params, dtype=float)
    nl = np.asarray(large_params, dtype=float)
    return _out(np.asarray(law.loss(ns, tokens_per_param * ns)) - np.asarray(law.loss(nl, tokens_per_param * nl)))


class Calibration(NamedTuple):
    """A Beta difficulty model matched to a mean pass@1 and a consensus accuracy."""

    alpha: float
    beta: float
    vote_accuracy: float


def calibrate_beta(mean_pass1: float, vote_target: float, n_votes: int, wrong_share: float,
                   nodes: int = 200) -> Calibration:
    """Find Beta(alpha, beta) with mean alpha / (alpha + beta) = mean_pass1 whose
    plurality-vote accuracy at n_votes equals vote_target (root of a 1-D equation in
    log(alpha + beta), bracketed over [1e-2, 1e3]). Raises ValueError when no Beta of that
    mean reaches the target under this wrong_share."""
    if not 0 < mean_pass1 < 1:
        raise ValueError(f"mean_pass1 must be in (0, 1), got {mean_pass1!r}")
    from scipy.optimize import brentq

    def gap(log_kappa: float) -> float:
        kappa = np.exp(log_kappa)
        d = Difficulty.beta(mean_pass1 * kappa, (1 - mean_pass1) * kappa, nodes)
        return float(d.vote(n_votes, wrong_share)) - vote_target

    lo, hi = np.log(1e-2), np.log(1e3)
    g_lo, g_hi = gap(lo), gap(hi)
    if g_lo * g_hi > 0:
        raise ValueError(
            f"vote_target must lie between {g_lo + vote_target:.3f} and {g_hi + vote_target:.3f} "
            f"for mean_pass1 = {mean_pass1} and wrong_share = {wrong_share}, got {vote_target!r}")
    kappa = float(np.exp(brentq(gap, lo, hi, xtol=1e-10)))
    return Calibration(mean_pass1 * kappa, (1 - mean_pass1) * kappa, vote_target + gap(np.log(kappa)))


#: The three ways of turning k samples into one answer that the chapter compares.
STRATEGIES = ("oracle verifier (coverage)", "majority vote", "best-of-N, imperfect verifier")


def strategy_curves(difficulty: Difficulty, k: ArrayLike, wrong_share: float, fpr: float,
                    fnr: float) -> "pd.DataFrame":
    """Accuracy of each of :data:`STRATEGIES` at each sample count k (1-D integers >= 1),
    long format: columns ``samples``, ``strategy``, ``accuracy``."""
    import pandas as pd

    ks = np.atleast_1d(_check_int("k", k, 1)).ravel()
    acc = {
        STRATEGIES[0]: np.atleast_1d(difficulty.coverage(ks)),
        STRATEGIES[1]: np.atleast_1d(difficulty.vote(ks, wrong_share)),
        STRATEGIES[2]: np.atleast_1d(difficulty.best_of_n(ks, fpr, fnr)),
    }
    return pd.concat([pd.DataFrame({"samples": ks, "strategy": name, "accuracy": a}) for name, a in acc.items()],
                     ignore_index=True)


def flops_matched_frontier(difficulty: Difficulty, law: ChinchillaLaw, small_params: float,
                           large_params: ArrayLike, logit_per_nat: float, wrong_share: float,
                           fpr: float, fnr: float, tokens_per_param: float = 20.0) -> "pd.DataFrame":
    """Small model with k samples vs a larger model with one sample at equal inference FLOPs
    (k = floor(N_large / N_small), equal tokens per answer), in the spirit of Snell et al.
    2024's FLOPs-matched comparison.

    The larger model's per-problem pass@1 comes from the small model's by the book's stated
    assumption: log-odds rise by ``logit_per_nat`` x [L(small) - L(large)], the loss gap of
    :func:`loss_gap` under ``law`` (both models trained on ``tokens_per_param`` tokens per
    parameter). Returns one row per larger size: ``size_ratio``, ``samples``, ``loss_gap``,
    ``larger model, one sample`` and one column per entry of :data:`STRATEGIES`.
    """
    import pandas as pd

    if logit_per_nat < 0:
        raise ValueError(f"logit_per_nat must be >= 0, got {logit_per_nat!r}")
    large = np.atleast_1d(np.asarray(large_params, dtype=float))
    ratio = np.atleast_1d(flops_matched_samples(small_params, large))
    ks = np.maximum(np.floor(ratio + 1e-9), 1).astype(int)
    gap = np.atleast_1d(loss_gap(law, small_params, large, tokens_per_param))
    big = np.array([difficulty.shifted(logit_per_nat * g).mean_pass1 for g in gap])
    df = pd.DataFrame({"size_ratio": ratio, "samples": ks, "loss_gap": gap, "larger model, one sample": big})
    curves = strategy_curves(difficulty, ks, wrong_share, fpr, fnr)
    for name in STRATEGIES:
        df[name] = curves.loc[curves["strategy"] == name, "accuracy"].to_numpy()
    return df


def samples_within_budget(budget_usd: ArrayLike, usd_per_sample: ArrayLike) -> np.ndarray | int:
    """Whole samples a budget buys: floor(budget / price per sample), in samples (>= 0)."""
    price = np.asarray(usd_per_sample, dtype=float)
    if np.any(price <= 0):
        raise ValueError(f"usd_per_sample must be > 0, got {price[price <= 0].flat[0]!r}")
    out = np.floor(np.asarray(budget_usd, dtype=float) / price + 1e-12).astype(int)
    return _out(out)


# --------------------------------------------------------------------------------------
# The chapter's "claims checked" table
# --------------------------------------------------------------------------------------

def claims_checked(
    *,
    alpha: float,
    beta: float,
    n_samples: int,
    small_best_of_14: float,
    larger_one_sample: float,
    o1_best_of_1000: float,
    o1_published_best_of_1000: float,
    o1_per_solved_ratio: float,
) -> "pd.DataFrame":
    """The test-time chapter's claims against the book's model: claim, source, value, verdict.

    alpha, beta: the Beta difficulty distribution of pass@1; n_samples: the largest k fitted;
    small_best_of_14 / larger_one_sample: FLOPs-matched accuracies (Snell et al. 2024's
    comparison, from :func:`flops_matched_frontier`); o1_best_of_1000: the calibrated model's
    best-of-1000 accuracy and o1_published_best_of_1000 OpenAI's 93%; o1_per_solved_ratio: o1
    over GPT-4o dollars per solved problem. Each verdict rule is stated in its row's code.
    """
    k_fit = np.unique(np.logspace(0, np.log10(n_samples), 25).round())
    a, b = fit_coverage(k_fit, beta_coverage(alpha, beta, k_fit))
    fit_err = float(np.max(np.abs(coverage_law(k_fit, a, b) - beta_coverage(alpha, beta, k_fit))))
    # samples needed per +10 points of coverage, up to what the benchmark can reach
    levels = np.array([0.5, 0.6, 0.7, 0.8, 0.9])
    levels = levels[levels < 0.98 * beta_coverage(alpha, beta, 1e12)]
    needed = samples_for_coverage(levels, a, b)
    steps = needed[1:] / needed[:-1]
    # the fitted exponent far out in k, against the left-tail exponent (Schaeffer et al. 2025)
    _, b_far = fit_coverage([1e10, 1e12], beta_coverage(alpha, beta, [1e10, 1e12]))
    import pandas as pd

    price_ratio = O1_PRICE.usd_per_m_output / GPT4O_PRICE.usd_per_m_output
    o1_gap = abs(o1_best_of_1000 - o1_published_best_of_1000)
    rows = [
        ("Cost grows exponentially for linear gains in accuracy",
         "a common reading of OpenAI 2024's test-time compute chart",
         "samples per +10 points of coverage: " + ", ".join(f"×{s:.3g}" for s in steps),
         # exponential = a constant factor per step; rising factors mean faster than exponential
         "close" if len(steps) and steps.max() < 2 * steps.min()
         else "not supported: faster than exponential near the ceiling"),
        ("Coverage follows exp(a k^b)", "Brown et al. 2024",
         f"a = {a:.3f}, b = {b:.3f}; max error {100 * fit_err:.2f} points on k ≤ {n_samples}",
         "reproduces" if fit_err < 0.01 else ("close" if fit_err < 0.03 else "not supported")),
        ("The power law's exponent comes from the left tail of pass@1", "Schaeffer et al. 2025",
         f"b = {b_far:.3f} at k ≈ 1e10-1e12 vs -alpha = {-alpha:g}",
         "reproduces" if abs(b_far + alpha) < 0.05 * alpha else "not supported"),
        ("FLOPs-matched, a small model with test-time compute beats a 14× larger one on problems it can sometimes solve",
         "Snell et al. 2024",
         f"best of 14: {small_best_of_14:.3f} vs 14× model: {larger_one_sample:.3f} (pass@1 ≥ 1%, your assumptions)",
         "reproduces" if small_best_of_14 > larger_one_sample else "not supported"),
        ("o1 on AIME 2024: 74% with one sample, 83% with cons@64, 93% re-ranking 1,000 samples "
         "(consistent under the book's model?)", "OpenAI 2024",
         f"calibrated to 74% and 83%: best of 1,000 = {100 * o1_best_of_1000:.1f}% with your verifier",
         "reproduces" if o1_gap < 0.02 else ("close" if o1_gap < 0.05 else "not supported")),
        ("o1 costs 6× GPT-4o", "OpenAI API pricing",
         f"per token: ×{price_ratio:g}; per solved AIME problem: ×{o1_per_solved_ratio:.2f}",
         "reproduces" if price_ratio == 6 else "not supported"),
    ]
    return pd.DataFrame(rows, columns=["claim", "source", "book's value", "verdict"])
