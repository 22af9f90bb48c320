"""Published loss scaling laws, as frozen constants named for their papers.

Units: N in parameters, D in training tokens, C in FLOPs (C = 6 N D), loss in nats/token.
Arrays broadcast everywhere so a sweep over scenarios is one call.

The API other chapters rely on (kept stable):

* ``ChinchillaLaw(E, A, B, alpha, beta)``: ``.loss(N, D)``, ``.compute_optimal(C)`` ->
  :class:`Allocation` ``(n_params, n_tokens)``, ``.G``, ``.a``, ``.b``, ``.tokens_for_loss(N, loss)``,
  ``.optimal_tokens(N)`` and ``.optimal_loss(C)``;
* the published constants ``HOFFMANN_2022``, ``HOFFMANN_2022_UNROUNDED``, ``BESIROGLU_2024``
  (Chinchilla form), ``KAPLAN_2020`` (:class:`KaplanLaw`), ``MUENNIGHOFF_2023``
  (:class:`DataConstrainedLaw`), and ``chinchilla_law(name)``;
* :func:`inference_optimal` (Sardana et al. 2024), :func:`data_constrained_loss`
  (Muennighoff et al. 2023), :func:`data_exhaustion_year` (Villalobos et al. 2024);
* :func:`compute_optimal_by_law`: compute-optimal N, D, D/N and loss for many budgets under
  every published law in one vectorised call (what a calculator needs).

Charts and the loss-scaling chapter's claims live in ``scalingbook.pages.loss_scaling``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .arrays import scalar_or_array as _out
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
    "InferenceAllocation",
    "inference_optimal",
    "DataConstrainedLaw",
    "MUENNIGHOFF_2023",
    "data_constrained_loss",
    "data_exhaustion_year",
    "isoflop_curves",
    "sardana_example",
    "SARDANA_2024",
    "SARDANA_EXAMPLE",
    "InferenceComparison",
    "compare_inference_aware",
    "compute_optimal_by_law",
    "data_constrained_curves",
]


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

    def optimal_loss(self, train_flops: ArrayLike) -> np.ndarray | float:
        """Loss (nats/token) of the compute-optimal allocation of C FLOPs (Eq. 2 at Eq. 4)."""
        alloc = self.compute_optimal(train_flops)
        return self.loss(alloc.n_params, alloc.n_tokens)

    def optimal_tokens(self, n_params: ArrayLike) -> np.ndarray | float:
        """Training tokens D for which N parameters is the compute-optimal size (Eq. 4 inverted):
        C/6 = (N / G)^(1/a), D = G^-1 (C/6)^b = N^(alpha/beta) G^(-(alpha+beta)/beta)."""
        n = np.asarray(n_params, dtype=float)
        c6 = (n / self.G) ** (1.0 / self.a)
        return _out(c6**self.b / self.G)

    def tokens_for_loss(self, n_params: ArrayLike, target_loss: ArrayLike) -> np.ndarray | float:
        """Training tokens D at which N parameters reach loss L (Eq. 2 solved for D):
        D = (B / (L - E - A N^-alpha))^(1/beta); ``inf`` where N is too small to ever reach L."""
        n = np.asarray(n_params, dtype=float)
        gap = np.asarray(target_loss, dtype=float) - self.E - self.A / n**self.alpha
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.where(gap > 0, (self.B / np.where(gap > 0, gap, 1.0)) ** (1.0 / self.beta), np.inf)
        return _out(d)


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

    def overfit_tokens(self, n_params: ArrayLike) -> np.ndarray | float:
        """Tokens needed to avoid overfitting, D = 5e3 N^(alpha_N/alpha_D) (Eq. 4.4, Table 2
        exponents: 0.076/0.103 = 0.74)."""
        ratio = self.joint_alpha_n / self.joint_alpha_d
        return _out(5e3 * np.asarray(n_params, dtype=float) ** ratio)

    def compute_optimal(self, train_flops: ArrayLike) -> Allocation:
        """N_opt = N_e C^0.73 and D_opt = D_e C^0.27, C in PF-days (Eq. 1.7-1.8, Table 6)."""
        c = np.asarray(train_flops, dtype=float) / PF_DAY_FLOPS
        return Allocation(_out(self.n_e * c**self.p_n), _out(self.d_e * c**self.p_d))


HOFFMANN_2022 = ChinchillaLaw(
    E=1.69,
    A=406.4,
    B=410.7,
    alpha=0.34,
    beta=0.28,
    name="hoffmann_2022",
    source="Hoffmann et al. 2022 (arXiv:2203.15556), App. D.2 Eq. 10 (rounded)",
)
HOFFMANN_2022_UNROUNDED = ChinchillaLaw(
    E=float(np.exp(0.5267228)),
    A=float(np.exp(6.0073404)),
    B=float(np.exp(6.0179186)),
    alpha=0.33917084,
    beta=0.2849083,
    name="hoffmann_2022_unrounded",
    source="Hoffmann et al. 2022 (arXiv:2203.15556), unrounded values from the TeX source "
    "(as used by Besiroglu et al. 2024's notebook)",
)
BESIROGLU_2024 = ChinchillaLaw(
    E=1.8172,
    A=482.01,
    B=2085.43,
    alpha=0.3478,
    beta=0.3658,
    name="besiroglu_2024",
    source="Besiroglu et al. 2024 (arXiv:2404.10102), Table 1 / data_analysis.ipynb point estimate",
)
KAPLAN_2020 = KaplanLaw()
#: Hoffmann et al.'s Eq. 10 E, A, B with the exponents alpha = 0.336, beta = 0.283: the
#: constants with which Sardana et al. 2024's Figure 1 example reproduces exactly (6.97B
#: parameters, 1.69e22 FLOPs, 17.4% saved); the same exponents appear for Chinchilla in
#: Muennighoff et al. 2023's fitting notebook. Not one of Hoffmann's published fits, so it is
#: not in :data:`CHINCHILLA_LAWS`.
SARDANA_2024 = ChinchillaLaw(
    E=1.69,
    A=406.4,
    B=410.7,
    alpha=0.336,
    beta=0.283,
    name="sardana_2024",
    source="Sardana et al. 2024 (arXiv:2401.00448), Sec. 2 / Fig. 1: Chinchilla's Eq. 10 E, A, B with "
    "alpha 0.336, beta 0.283",
)

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


# --------------------------------------------------------------------------------------
# Inference-aware allocation (Sardana et al. 2024)
# --------------------------------------------------------------------------------------


class InferenceAllocation(NamedTuple):
    """The cheapest way to reach a loss and then serve ``inference_tokens``:
    parameters N, training tokens D_train and total FLOPs 6 N D_train + 2 N D_inf."""

    n_params: np.ndarray | float
    train_tokens: np.ndarray | float
    total_flops: np.ndarray | float

    @property
    def tokens_per_param(self) -> np.ndarray | float:
        return _out(np.asarray(self.train_tokens) / np.asarray(self.n_params))


def _check_positive(name: str, value: np.ndarray, *, allow_zero: bool = False) -> None:
    bad = ~np.isfinite(value) | ((value < 0) if allow_zero else (value <= 0))
    if np.any(bad):
        first = np.asarray(value).ravel()[np.flatnonzero(np.ravel(bad))[0]]
        rng = "[0, inf)" if allow_zero else "(0, inf)"
        raise ValueError(f"{name} must be in {rng}, got {first:g}")


def inference_optimal(
    law: ChinchillaLaw, *, target_loss: ArrayLike, inference_tokens: ArrayLike
) -> InferenceAllocation:
    """Minimise total compute 6 N D_train + 2 N D_inf subject to L(N, D_train) = target_loss
    (Sardana et al. 2024, Sec. 2, with a Chinchilla-form law, Hoffmann et al. 2022 Eq. 2).

    law: a :class:`ChinchillaLaw`; target_loss: loss to reach (nats/token, > law.E);
    inference_tokens: tokens processed over the model's life (>= 0). Arrays broadcast.
    Returns N (parameters), D_train (tokens) and total FLOPs.

    With D(N) = law.tokens_for_loss(N, L), the optimum solves
    3 D(N) (alpha A N^-alpha / (beta (L - E - A N^-alpha)) - 1) = D_inf, whose left side falls
    monotonically in N from +inf (the smallest N that can reach L) through 0 (the
    Chinchilla-optimal N for L). It is solved by bisection in log N, vectorised.
    """
    loss = np.asarray(target_loss, dtype=float)
    d_inf = np.asarray(inference_tokens, dtype=float)
    _check_positive("inference_tokens", d_inf, allow_zero=True)
    if np.any(~np.isfinite(loss) | (loss <= law.E)):
        first = loss.ravel()[np.flatnonzero(np.ravel(~np.isfinite(loss) | (loss <= law.E)))[0]]
        raise ValueError(f"target_loss must be in ({law.E:g}, inf) for this law (its E), got {first:g}")
    loss, d_inf = np.broadcast_arrays(loss, d_inf)
    gap = loss - law.E
    n_min = (law.A / gap) ** (1.0 / law.alpha)  # below this N the loss is out of reach
    # Chinchilla-optimal N at this loss: alpha A N^-alpha = beta (gap - A N^-alpha)
    n_chin = (law.A * (law.alpha + law.beta) / (law.beta * gap)) ** (1.0 / law.alpha)
    lo, hi = np.log(n_min), np.log(n_chin)

    def excess(log_n: np.ndarray) -> np.ndarray:
        n = np.exp(log_n)
        an = law.A / n**law.alpha
        rest = gap - an
        d = (law.B / rest) ** (1.0 / law.beta)
        return 3.0 * d * (law.alpha * an / (law.beta * rest) - 1.0) - d_inf

    for _ in range(200):  # the bracket shrinks by 2^-200: far below float resolution
        mid = 0.5 * (lo + hi)
        high_side = excess(mid) > 0  # root lies at larger N
        lo = np.where(high_side, mid, lo)
        hi = np.where(high_side, hi, mid)
    n = np.exp(0.5 * (lo + hi))
    d = np.asarray(law.tokens_for_loss(n, loss), dtype=float)
    total = 6.0 * n * d + 2.0 * n * d_inf
    return InferenceAllocation(_out(n), _out(d), _out(total))


# --------------------------------------------------------------------------------------
# Data-constrained scaling (Muennighoff et al. 2023)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataConstrainedLaw:
    """L = E + A / N'^alpha + B / D'^beta with repeated data and excess parameters decaying
    (Muennighoff et al. 2023, Eq. 5-7 and the authors' ``datablations`` README):

    D' = U_D + U_D R*_D (1 - exp(-R_D / R*_D)), R_D = D / U_D - 1 (repeats = epochs - 1);
    N' = U_N + U_N R*_N (1 - exp(-R_N / R*_N)), U_N = min(N, N_opt(U_D)), R_N = N / U_N - 1,
    where N_opt(U) = (U G)^(beta/alpha) G is the compute-optimal N for U tokens and
    G = (alpha A / (beta B))^(1/(alpha+beta)).
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    rd_star: float
    rn_star: float
    name: str = ""
    source: str = ""

    @property
    def G(self) -> float:
        """G = (alpha A / (beta B))^(1/(alpha+beta))."""
        return (self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta))

    def optimal_params_for_tokens(self, n_tokens: ArrayLike) -> np.ndarray | float:
        """Compute-optimal parameters for D tokens, N = (D G)^(beta/alpha) G (``D_to_N``)."""
        d = np.asarray(n_tokens, dtype=float)
        return _out((d * self.G) ** (self.beta / self.alpha) * self.G)

    def effective_tokens(self, n_tokens: ArrayLike, unique_tokens: ArrayLike) -> np.ndarray | float:
        """D' (tokens): what D tokens drawn from U unique ones are worth as fresh data."""
        d = np.asarray(n_tokens, dtype=float)
        u = np.asarray(unique_tokens, dtype=float)
        r_d = np.maximum(d / u - 1.0, 0.0)
        return _out(u + u * self.rd_star * (1.0 - np.exp(-r_d / self.rd_star)))

    def effective_params(self, n_params: ArrayLike, unique_tokens: ArrayLike) -> np.ndarray | float:
        """N' (parameters): parameters beyond the compute-optimal size for U tokens decay."""
        n = np.asarray(n_params, dtype=float)
        u_n = np.minimum(n, np.asarray(self.optimal_params_for_tokens(unique_tokens), dtype=float))
        r_n = np.maximum(n / u_n - 1.0, 0.0)
        return _out(u_n + u_n * self.rn_star * (1.0 - np.exp(-r_n / self.rn_star)))

    def loss(self, n_params: ArrayLike, n_tokens: ArrayLike, unique_tokens: ArrayLike) -> np.ndarray | float:
        """Loss (nats/token) of N parameters trained on D tokens of which U are unique."""
        n = np.asarray(n_params, dtype=float)
        d = np.asarray(n_tokens, dtype=float)
        u = np.asarray(unique_tokens, dtype=float)
        for name, v in (("n_params", n), ("n_tokens", d), ("unique_tokens", u)):
            _check_positive(name, v)
        if np.any(u > d):
            i = np.flatnonzero(np.ravel(np.broadcast_to(u > d, np.broadcast(u, d).shape)))[0]
            uu, dd = np.broadcast_arrays(u, d)
            raise ValueError(
                f"unique_tokens must be <= n_tokens (cannot see more unique tokens than tokens), "
                f"got unique_tokens={uu.ravel()[i]:g} > n_tokens={dd.ravel()[i]:g}"
            )
        n_eff = np.asarray(self.effective_params(n, u), dtype=float)
        d_eff = np.asarray(self.effective_tokens(d, u), dtype=float)
        return _out(self.E + self.A / n_eff**self.alpha + self.B / d_eff**self.beta)


MUENNIGHOFF_2023 = DataConstrainedLaw(
    E=float(np.exp(0.6254804)),
    A=float(np.exp(6.255414)),
    B=float(np.exp(7.3049974)),
    alpha=0.3526596,
    beta=0.3526596,
    rd_star=15.387756,
    rn_star=5.309743,
    name="muennighoff_2023",
    source="Muennighoff et al. 2023 (arXiv:2305.16264), C4 fit as given in the authors' "
    "huggingface/datablations README, section 'Parametric Fit'",
)


def data_constrained_loss(
    n_params: ArrayLike,
    n_tokens: ArrayLike,
    unique_tokens: ArrayLike,
    law: DataConstrainedLaw = MUENNIGHOFF_2023,
) -> np.ndarray | float:
    """Loss (nats/token, C4) of N parameters trained on D tokens drawn from U unique tokens
    (Muennighoff et al. 2023, Eq. 5-7; see :class:`DataConstrainedLaw`). Arrays broadcast.

    n_params: N (parameters); n_tokens: D (total training tokens); unique_tokens: U <= D.
    """
    return law.loss(n_params, n_tokens, unique_tokens)


def data_exhaustion_year(
    stock_tokens: ArrayLike,
    dataset_tokens: ArrayLike,
    base_year: ArrayLike,
    growth_per_year: ArrayLike,
) -> np.ndarray | float:
    """Year in which the largest training set reaches the stock of usable text, if it keeps
    growing geometrically: year = base_year + ln(stock / dataset) / ln(growth).

    A deliberately simple version of Villalobos et al. 2024 (Fig. 1), who project dataset
    sizes against an effective stock of about 3e14 tokens. stock_tokens and dataset_tokens in
    tokens; growth_per_year a factor > 1 per year. Arrays broadcast.
    """
    stock = np.asarray(stock_tokens, dtype=float)
    now = np.asarray(dataset_tokens, dtype=float)
    g = np.asarray(growth_per_year, dtype=float)
    _check_positive("stock_tokens", stock)
    _check_positive("dataset_tokens", now)
    if np.any(~np.isfinite(g) | (g <= 1)):
        first = g.ravel()[np.flatnonzero(np.ravel(~np.isfinite(g) | (g <= 1)))[0]]
        raise ValueError(f"growth_per_year must be in (1, inf), got {first:g}")
    return _out(np.asarray(base_year, dtype=float) + np.log(stock / now) / np.log(g))


# --------------------------------------------------------------------------------------
# Tables for charts: frontiers and IsoFLOP curves
# --------------------------------------------------------------------------------------


def _isoflop_grid(train_flops: ArrayLike, n_points: int, tokens_per_param: tuple[float, float]):
    """Model sizes along C = 6 N D for each budget: arrays (budgets, n_points) of C, N, D, D/N."""
    c = np.atleast_1d(np.asarray(train_flops, dtype=float))[:, None]
    r = np.geomspace(tokens_per_param[1], tokens_per_param[0], n_points)[None, :]
    n = np.sqrt(c / (6.0 * r))
    return np.broadcast_to(c, n.shape), n, c / (6.0 * n), np.broadcast_to(r, n.shape)


def isoflop_curves(
    law: ChinchillaLaw,
    train_flops: ArrayLike,
    *,
    n_points: int = 61,
    tokens_per_param: tuple[float, float] = (0.5, 2000.0),
):
    """Loss along C = 6 N D for each budget (Hoffmann et al. 2022, Fig. 3 / Approach 2 with
    Eq. 2): ``n_points`` model sizes per budget spanning ``tokens_per_param`` (D/N).
    Columns ``train_flops`` (FLOPs), ``n_params``, ``n_tokens``, ``tokens_per_param``, ``loss``."""
    import pandas as pd

    c, n, d, r = _isoflop_grid(train_flops, n_points, tokens_per_param)
    return pd.DataFrame(
        {
            "train_flops": c.ravel(),
            "n_params": n.ravel(),
            "n_tokens": d.ravel(),
            "tokens_per_param": r.ravel(),
            "loss": np.asarray(law.loss(n, d)).ravel(),
        }
    )


def data_constrained_curves(train_flops: float, unique_tokens: float, *, n_points: int = 61):
    """The IsoFLOP curve of a budget C (FLOPs), 0.3 to 3,000 tokens per parameter, with
    unlimited data and with only ``unique_tokens`` unique tokens, under Muennighoff et al.
    2023's C4 law (:func:`data_constrained_loss`).

    Long format: ``data`` (which case), ``n_params``, ``n_tokens``, ``epochs`` and ``loss``
    (nats/token on C4); the best split of each case is its row of least loss.
    """
    import pandas as pd

    _, n, d, _ = _isoflop_grid([train_flops], n_points, (0.3, 3000.0))
    iso = pd.DataFrame({"n_params": n.ravel(), "n_tokens": d.ravel()})
    unique = np.minimum(unique_tokens, iso["n_tokens"])
    cases = pd.concat(
        [
            iso.assign(
                data="unlimited unique data",
                epochs=1.0,
                loss=data_constrained_loss(iso["n_params"], iso["n_tokens"], iso["n_tokens"]),
            ),
            iso.assign(
                data=f"{unique_tokens:.3g} unique tokens",
                epochs=iso["n_tokens"] / unique,
                loss=data_constrained_loss(iso["n_params"], iso["n_tokens"], unique),
            ),
        ],
        ignore_index=True,
    )
    return cases[["data", "n_params", "n_tokens", "epochs", "loss"]]


# --------------------------------------------------------------------------------------
# Sardana et al. 2024's worked examples
# --------------------------------------------------------------------------------------

#: Sardana et al. 2024, Fig. 1: a 13B Chinchilla-optimal plan with 2T inference tokens.
SARDANA_EXAMPLE = {
    "n_params": 13e9,
    "inference_tokens": 2e12,
    "smaller_n_params": 7e9,
    "saved_flops": 1.7e22,
    "saved_share": 0.17,
}


def sardana_example(law: ChinchillaLaw = None, n_params: float = 13e9, inference_tokens: float = 2e12):
    """Sardana et al. 2024's Fig. 1 example under ``law``: the model that reaches the loss of a
    compute-optimal ``n_params`` model at least lifetime cost, and the FLOPs it saves.

    Returns (smaller n_params, saved FLOPs, saved share of lifetime FLOPs); lifetime FLOPs are
    6 N D_train + 2 N D_inference. ``law`` defaults to :data:`SARDANA_2024`, with which the
    example reproduces: 6.97B parameters, 1.69e22 FLOPs saved, 17.4%.
    """
    law = SARDANA_2024 if law is None else law
    d_opt = law.optimal_tokens(n_params)
    best = inference_optimal(law, target_loss=law.loss(n_params, d_opt), inference_tokens=inference_tokens)
    baseline = 6 * n_params * d_opt + 2 * n_params * inference_tokens
    return float(best.n_params), float(baseline - best.total_flops), float(1 - best.total_flops / baseline)


class InferenceComparison(NamedTuple):
    """Chinchilla-optimal against inference-aware models that reach the same loss and serve the
    same inference tokens (Sardana et al. 2024, Sec. 3): parameters, training tokens and
    lifetime FLOPs (6 N D_train + 2 N D_inf) of each."""

    chinchilla_n_params: np.ndarray | float
    chinchilla_train_tokens: np.ndarray | float
    chinchilla_flops: np.ndarray | float
    inference_aware: InferenceAllocation

    @property
    def cost_ratio(self) -> np.ndarray | float:
        """Lifetime FLOPs of the Chinchilla-optimal model over the inference-aware one (>= 1)."""
        return _out(np.asarray(self.chinchilla_flops) / np.asarray(self.inference_aware.total_flops))

    @property
    def params_share(self) -> np.ndarray | float:
        """Inference-aware parameters as a share of the Chinchilla-optimal model's."""
        return _out(np.asarray(self.inference_aware.n_params) / np.asarray(self.chinchilla_n_params))

    @property
    def tokens_ratio(self) -> np.ndarray | float:
        """Inference-aware training tokens over the Chinchilla-optimal model's."""
        return _out(np.asarray(self.inference_aware.train_tokens) / np.asarray(self.chinchilla_train_tokens))

    @property
    def tokens_per_param_ratio(self) -> np.ndarray | float:
        """Inference-aware tokens per parameter over the Chinchilla-optimal model's."""
        chin = np.asarray(self.chinchilla_train_tokens) / np.asarray(self.chinchilla_n_params)
        return _out(np.asarray(self.inference_aware.tokens_per_param) / chin)


def compare_inference_aware(
    law: ChinchillaLaw, *, target_loss: ArrayLike, inference_tokens: ArrayLike
) -> InferenceComparison:
    """The model that reaches ``target_loss`` at least training compute (Chinchilla-optimal,
    Hoffmann et al. 2022 Eq. 4 read at fixed loss) against the one at least lifetime compute
    (:func:`inference_optimal`), both serving ``inference_tokens``. Arrays broadcast.

    The Chinchilla-optimal N at loss L solves alpha A N^-alpha = beta (L - E - A N^-alpha):
    N = (A (alpha + beta) / (beta (L - E)))^(1/alpha).
    """
    loss = np.asarray(target_loss, dtype=float)
    d_inf = np.asarray(inference_tokens, dtype=float)
    best = inference_optimal(law, target_loss=loss, inference_tokens=d_inf)
    n_chin = (law.A * (law.alpha + law.beta) / (law.beta * (loss - law.E))) ** (1.0 / law.alpha)
    d_chin = np.asarray(law.tokens_for_loss(n_chin, loss), dtype=float)
    total = 6.0 * n_chin * d_chin + 2.0 * n_chin * d_inf
    return InferenceComparison(_out(n_chin), _out(d_chin), _out(total), best)


# --------------------------------------------------------------------------------------
# Compute-optimal allocations under every published law, vectorised (for calculators)
# --------------------------------------------------------------------------------------


def compute_optimal_by_law(train_flops: ArrayLike, names: tuple[str, ...] | None = None):
    """Compute-optimal N, D, D/N and predicted loss at every budget C (FLOPs) under each
    published law, in one vectorised call: a long DataFrame with columns ``law`` (the name
    used as a chapter parameter: ``kaplan_2020``, ``hoffmann_2022``, ...), ``train_flops``,
    ``n_params``, ``n_tokens``, ``tokens_per_param`` and ``loss`` (nats/token on the law's own
    data; NaN for Kaplan et al., whose joint law needs non-embedding N and predicts WebText2).

    Chinchilla-form laws use Hoffmann et al. 2022 Eq. 4; Kaplan et al. 2020 Eq. 1.7-1.8.
    names: which laws (default: Kaplan, every entry of :data:`CHINCHILLA_LAWS`, Sardana's).
    """
    import pandas as pd

    c = np.atleast_1d(np.asarray(train_flops, dtype=float)).ravel()
    _check_positive("train_flops", c)
    table = {"kaplan_2020": KAPLAN_2020, **CHINCHILLA_LAWS, SARDANA_2024.name: SARDANA_2024}
    chosen = list(table) if names is None else list(names)
    frames = []
    for name in chosen:
        if name not in table:
            raise ValueError(f"law must be one of {', '.join(table)}; got {name!r}")
        law = table[name]
        alloc = law.compute_optimal(c)
        n, d = np.asarray(alloc.n_params, dtype=float), np.asarray(alloc.n_tokens, dtype=float)
        loss = np.full_like(c, np.nan) if isinstance(law, KaplanLaw) else np.asarray(law.loss(n, d), dtype=float)
        frames.append(
            pd.DataFrame(
                {"law": name, "train_flops": c, "n_params": n, "n_tokens": d, "tokens_per_param": d / n, "loss": loss}
            )
        )
    return pd.concat(frames, ignore_index=True)
