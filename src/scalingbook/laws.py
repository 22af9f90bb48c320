"""Published loss scaling laws, as frozen constants named for their papers.

Units: N in parameters, D in training tokens, C in FLOPs (C = 6 N D), loss in nats/token.
Arrays broadcast everywhere so a sweep over scenarios is one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .compute import PF_DAY_FLOPS

__all__ = [
    "ChinchillaLaw",
    "KaplanLaw",
    "Allocation",
    "HOFFMANN_2022",
    "HOFFMANN_2022_UNROUNDED",
    "BESIROGLU_2024",
    "KAPLAN_2020",
    "CHINCHILLA_LAWS",
    "chinchilla_law",
]


def _out(x: np.ndarray):
    return x.item() if np.ndim(x) == 0 else x


class Allocation(NamedTuple):
    """A compute allocation: parameters N and training tokens D (FLOPs = 6 N D)."""

    n_params: np.ndarray | float
    n_tokens: np.ndarray | float

    @property
    def tokens_per_param(self) -> np.ndarray | float:
        return _out(np.asarray(self.n_tokens) / np.asarray(self.n_params))


@dataclass(frozen=True)
class ChinchillaLaw:
    """L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, Eq. 2).

    E: irreducible loss (nats/token); A, B: scale constants; alpha, beta: exponents.
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    name: str = ""
    source: str = ""

    def loss(self, n_params: ArrayLike, n_tokens: ArrayLike) -> np.ndarray | float:
        """Predicted loss (nats/token) of N parameters trained on D tokens (Eq. 2)."""
        n = np.asarray(n_params, dtype=float)
        d = np.asarray(n_tokens, dtype=float)
        return _out(self.E + self.A / n**self.alpha + self.B / d**self.beta)

    @property
    def G(self) -> float:
        """G = (alpha A / (beta B))^(1 / (alpha + beta)) of the efficient frontier (Eq. 4)."""
        return (self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta))

    @property
    def a(self) -> float:
        """Exponent a of N_opt proportional to C^a: beta / (alpha + beta) (Eq. 4)."""
        return self.beta / (self.alpha + self.beta)

    @property
    def b(self) -> float:
        """Exponent b of D_opt proportional to C^b: alpha / (alpha + beta) (Eq. 4)."""
        return self.alpha / (self.alpha + self.beta)

    def compute_optimal(self, train_flops: ArrayLike) -> Allocation:
        """Loss-minimising N and D for C FLOPs under C = 6 N D (Hoffmann et al. 2022, Eq. 4):
        N_opt = G (C/6)^a, D_opt = G^-1 (C/6)^b."""
        c6 = np.asarray(train_flops, dtype=float) / 6.0
        return Allocation(_out(self.G * c6**self.a), _out(c6**self.b / self.G))


@dataclass(frozen=True)
class KaplanLaw:
    """Kaplan et al. 2020 laws; N counts non-embedding parameters, loss on WebText2.

    Single-variable laws use Table 5: L(N) = (N_c/N)^alpha_N, L(D) = (D_c/D)^alpha_D.
    The joint law (Eq. 1.5) uses the Table 2 fit:
    L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D.
    Compute-efficient allocation (Eq. 1.7-1.8, Table 6) uses C_min in PF-days.
    """

    alpha_n: float = 0.076
    n_c: float = 8.8e13
    alpha_d: float = 0.095
    d_c: float = 5.4e13
    joint_alpha_n: float = 0.076
    joint_alpha_d: float = 0.103
    joint_n_c: float = 6.4e13
    joint_d_c: float = 1.8e13
    alpha_c_min: float = 0.050
    c_c_min_pf_days: float = 3.1e8
    n_e: float = 1.3e9
    p_n: float = 0.73
    d_e: float = 2e10
    p_d: float = 0.27
    source: str = "Kaplan et al. 2020 (arXiv:2001.08361), Eq. 1.1-1.8, Tables 2, 5, 6"

    def loss_n(self, n_params: ArrayLike) -> np.ndarray | float:
        """L(N) = (N_c / N)^alpha_N, data unlimited (Eq. 1.1, Table 5)."""
        return _out((self.n_c / np.asarray(n_params, dtype=float)) ** self.alpha_n)

    def loss_d(self, n_tokens: ArrayLike) -> np.ndarray | float:
        """L(D) = (D_c / D)^alpha_D, model large, early stopping (Eq. 1.2, Table 5)."""
        return _out((self.d_c / np.asarray(n_tokens, dtype=float)) ** self.alpha_d)

    def loss_c_min(self, train_flops: ArrayLike) -> np.ndarray | float:
        """L(C_min) = (C_c^min / C_min)^alpha_C^min with C converted to PF-days (Eq. 1.3)."""
        c = np.asarray(train_flops, dtype=float) / PF_DAY_FLOPS
        return _out((self.c_c_min_pf_days / c) ** self.alpha_c_min)

    def loss_nd(self, n_params: ArrayLike, n_tokens: ArrayLike) -> np.ndarray | float:
        """Joint L(N, D) with the Table 2 constants (Eq. 1.5 / 4.1); D may be np.inf."""
        n = np.asarray(n_params, dtype=float)
        d = np.asarray(n_tokens, dtype=float)
        ratio = self.joint_alpha_n / self.joint_alpha_d
        return _out(((self.joint_n_c / n) ** ratio + self.joint_d_c / d) ** self.joint_alpha_d)

    def compute_optimal(self, train_flops: ArrayLike) -> Allocation:
        """N_opt = N_e C^0.73 and D_opt = D_e C^0.27, C in PF-days (Eq. 1.7-1.8, Table 6)."""
        c = np.asarray(train_flops, dtype=float) / PF_DAY_FLOPS
        return Allocation(_out(self.n_e * c**self.p_n), _out(self.d_e * c**self.p_d))


HOFFMANN_2022 = ChinchillaLaw(
    E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28, name="hoffmann_2022",
    source="Hoffmann et al. 2022 (arXiv:2203.15556), App. D.2 Eq. 10 (rounded)",
)
HOFFMANN_2022_UNROUNDED = ChinchillaLaw(
    E=float(np.exp(0.5267228)), A=float(np.exp(6.0073404)), B=float(np.exp(6.0179186)),
    alpha=0.33917084, beta=0.2849083, name="hoffmann_2022_unrounded",
    source="Hoffmann et al. 2022 (arXiv:2203.15556), unrounded values from the TeX source "
    "(as used by Besiroglu et al. 2024's notebook)",
)
BESIROGLU_2024 = ChinchillaLaw(
    E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658, name="besiroglu_2024",
    source="Besiroglu et al. 2024 (arXiv:2404.10102), Table 1 / data_analysis.ipynb point estimate",
)
KAPLAN_2020 = KaplanLaw()

#: The Chinchilla-form laws by the names chapters use as parameters.
CHINCHILLA_LAWS: dict[str, ChinchillaLaw] = {
    law.name: law for law in (HOFFMANN_2022, HOFFMANN_2022_UNROUNDED, BESIROGLU_2024)
}


def chinchilla_law(name: str) -> ChinchillaLaw:
    """A published Chinchilla-form law by name (``hoffmann_2022``, ``besiroglu_2024``...)."""
    try:
        return CHINCHILLA_LAWS[name]
    except KeyError:
        raise ValueError(f"law must be one of {', '.join(CHINCHILLA_LAWS)}; got {name!r}") from None
