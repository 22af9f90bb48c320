"""Data quality in loss scaling laws.

Subramanyam et al. 2025 (arXiv:2510.03313) extend the Chinchilla form with a dimensionless
data-quality parameter Q in (0, 1] (1 = clean data):

    L(N, D, Q) = E + A / N^alpha + B / (D^beta Q^gamma),

so a corpus of quality Q is worth D_eff = D Q^(gamma/beta) clean tokens, and gamma < 1 (their
finding) means effective data decays sublinearly with quality. Their evidence is synthetic
noise injection and coverage variation in neural machine translation and causal language
modelling; they give two estimators of Q (a corruption-rate proxy and a deficiency measure).

Sorscher et al. 2022 (arXiv:2206.14486) show, in a teacher-student perceptron theory and on
ResNets (CIFAR-10, SVHN, ImageNet), that pruning data with a good metric can make error fall
faster than a power law of the kept data. They fit no language-model law, so nothing of theirs
is turned into token counts here.

Units: N parameters, D tokens, loss nats/token; arrays broadcast.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .arrays import scalar_or_array as _out
from .laws import ChinchillaLaw

__all__ = ["quality_loss", "effective_tokens", "tokens_for_quality", "tokens_saved_share"]


def _check_quality(q: np.ndarray, name: str = "quality") -> None:
    bad = ~np.isfinite(q) | (q <= 0) | (q > 1)
    if np.any(bad):
        raise ValueError(f"{name} must be in (0, 1], got {np.ravel(q)[np.flatnonzero(np.ravel(bad))[0]]:g}")


def _check_gamma(g: np.ndarray) -> None:
    bad = ~np.isfinite(g) | (g < 0)
    if np.any(bad):
        raise ValueError(f"gamma must be in [0, inf), got {np.ravel(g)[np.flatnonzero(np.ravel(bad))[0]]:g}")


def quality_loss(
    law: ChinchillaLaw, n_params: ArrayLike, n_tokens: ArrayLike, quality: ArrayLike, gamma: ArrayLike
) -> np.ndarray | float:
    """L(N, D, Q) = E + A / N^alpha + B / (D^beta Q^gamma) (Subramanyam et al. 2025, the
    quality-aware law), with E, A, B, alpha, beta from ``law``.

    n_params: N; n_tokens: D; quality: Q in (0, 1]; gamma: quality exponent >= 0.
    Returns nats/token. Q = 1 (or gamma = 0) gives back ``law.loss(N, D)``.
    """
    q, g = np.asarray(quality, dtype=float), np.asarray(gamma, dtype=float)
    _check_quality(q)
    _check_gamma(g)
    n, d = np.asarray(n_params, dtype=float), np.asarray(n_tokens, dtype=float)
    return _out(law.E + law.A / n**law.alpha + law.B / (d**law.beta * q**g))


def effective_tokens(n_tokens: ArrayLike, quality: ArrayLike, gamma: ArrayLike, beta: float) -> np.ndarray | float:
    """Clean-token equivalent of D tokens at quality Q: D_eff = D Q^(gamma/beta), the D at
    which the data term B / D^beta of clean data equals B / (D^beta Q^gamma)."""
    q, g = np.asarray(quality, dtype=float), np.asarray(gamma, dtype=float)
    _check_quality(q)
    _check_gamma(g)
    if not beta > 0:
        raise ValueError(f"beta must be in (0, inf), got {beta:g}")
    return _out(np.asarray(n_tokens, dtype=float) * q ** (g / beta))


def tokens_for_quality(
    n_tokens: ArrayLike, quality_from: ArrayLike, quality_to: ArrayLike, gamma: ArrayLike, beta: float
) -> np.ndarray | float:
    """Tokens of quality Q1 (``quality_to``) that reach the same loss as D tokens of quality Q0
    (``quality_from``), any model size: D1 = D (Q0 / Q1)^(gamma/beta)."""
    q0, q1 = np.asarray(quality_from, dtype=float), np.asarray(quality_to, dtype=float)
    _check_quality(q0, "quality_from")
    _check_quality(q1, "quality_to")
    _check_gamma(np.asarray(gamma, dtype=float))
    if not beta > 0:
        raise ValueError(f"beta must be in (0, inf), got {beta:g}")
    return _out(np.asarray(n_tokens, dtype=float) * (q0 / q1) ** (np.asarray(gamma, dtype=float) / beta))


def tokens_saved_share(
    quality_from: ArrayLike, quality_to: ArrayLike, gamma: ArrayLike, beta: float
) -> np.ndarray | float:
    """Share of training tokens saved at equal loss by raising quality from Q0 to Q1:
    1 - (Q0 / Q1)^(gamma/beta) (negative when Q1 < Q0)."""
    return _out(1.0 - np.asarray(tokens_for_quality(1.0, quality_from, quality_to, gamma, beta), dtype=float))
