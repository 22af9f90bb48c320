"""Emergent abilities as artefacts of the metric and the resolution.

Schaeffer, Miranda and Koyejo (2023, "Are Emergent Abilities of Large Language Models a
Mirage?", arXiv:2304.15004, Sec. 2 and Fig. 2) start from a cross-entropy loss that falls
smoothly with parameters N, turn it into a per-token probability p(N) = exp(-L_CE(N)), and
show that a metric nonlinear in p (exact match over L tokens, p^L) looks "emergent" while a
metric linear in p (token edit distance, L (1 - p)) improves smoothly.

This module holds the metrics (exact match, token edit distance, multiple-choice grade, Brier
score with BIG-bench's normalisation of option probabilities), the emergence score of Srivastava
et al. (2022, BIG-bench), the shape of a curve and where its largest step sits, a seeded
simulator (model sizes -> loss from a published law -> per-token probability -> finite test
sets -> each metric), Schaeffer et al.'s resolution test, and the same tests on three sets of
real model outputs: Lu et al. 2024 (on-emergence), Ruan et al. 2024 (ObsScaling's emergent
capabilities) and Biderman et al. 2023 (Pythia's LAMBADA over sizes and checkpoints). A jump on
real outputs is tested as Wei et al. (2022) define emergence: against each task's random-chance
accuracy, with a format flag for scores below chance and a binomial item-noise test of the step
(:func:`lu_jump_test`); ObsScaling is also read on Ruan et al.'s capability axis
(:func:`capability_pc1`, :func:`capability_vs_compute`).
Probabilities are dimensionless in [0, 1]; lengths are in tokens; N in parameters.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .arrays import scalar_or_array as _out
from .laws import CHINCHILLA_LAWS, KAPLAN_2020, ChinchillaLaw

__all__ = [
    "PowerLawLoss",
    "LAWS",
    "METRICS",
    "LOWER_IS_BETTER",
    "GPT3_MODEL_PARAMS",
    "OPTION_SD",
    "MC_DRAWS",
    "SHAPES",
    "JUMP_SCORE",
    "STEP_SHARE",
    "LU_METRICS",
    "CONTINUOUS_METRICS",
    "OBS_COLUMNS",
    "exact_match",
    "token_edit_distance",
    "per_token_accuracy",
    "multiple_choice_grade",
    "brier_score",
    "option_log_scores",
    "normalised_option_probs",
    "emergence_score",
    "task_loss",
    "token_probability",
    "model_sizes",
    "expected_metrics",
    "simulate",
    "Simulation",
    "apparent_threshold",
    "resolution_sweep",
    "resolution_test",
    "resolution_outcome",
    "score_curves",
    "score_gpt3_tasks",
    "curves_frame",
    "affordable_replicates",
    "expected_scores",
    "arithmetic_table",
    "curve_shapes",
    "transition_width",
    "jump_stage",
    "lu_model_sizes",
    "lu_curves",
    "lu_metric_test",
    "lu_task_shares",
    "obsscaling_long",
    "binned_medians",
    "obsscaling_shapes",
    "pythia_lambada",
    "pythia_resolution",
    "LU_CHANCE",
    "Z_CRIT",
    "ALPHA",
    "JUMP_REASONS",
    "step_z",
    "chance_tails",
    "share_interval",
    "lu_jump_test",
    "lu_shot_shares",
    "MC_GRID",
    "mc_transition_widths",
    "OBS_BENCHMARKS",
    "capability_pc1",
    "capability_vs_compute",
    "sigmoid_extrapolation",
    "capability_holdout",
    "sign_test_p",
]


def _prob(x: ArrayLike, name: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    bad = ~((a >= 0.0) & (a <= 1.0))
    if np.any(bad):
        raise ValueError(f"{name} must be in [0, 1], got {float(a[bad].flat[0])!r}")
    return a


def _length(x: ArrayLike, name: str = "length") -> np.ndarray:
    a = np.asarray(x, dtype=float)
    bad = ~((a >= 1.0) & np.isfinite(a))
    if np.any(bad):
        raise ValueError(f"{name} must be in [1, inf) tokens, got {float(a[bad].flat[0])!r}")
    return a


def _positive_int(x: int, name: str, low: int = 1) -> int:
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)) or x < low:
        raise ValueError(f"{name} must be an integer in [{low}, inf), got {x!r}")
    return int(x)


# ------------------------------------------------------------------------------------------
# Metrics (Schaeffer et al. 2023, Sec. 2 and Fig. 2)
# ------------------------------------------------------------------------------------------


def exact_match(p_token: ArrayLike, length: ArrayLike) -> np.ndarray | float:
    """Expected exact match of an L-token answer, p^L (Schaeffer et al. 2023, Sec. 2, Fig. 2C).

    p_token: probability each answer token is right (0-1), tokens independent;
    length: target length L in tokens (>= 1). Returns the probability all L are right (0-1).
    """
    return _out(_prob(p_token, "p_token") ** _length(length))


def token_edit_distance(p_token: ArrayLike, length: ArrayLike) -> np.ndarray | float:
    """Expected token edit distance to an L-token target, L (1 - p) (Schaeffer et al. 2023,
    Sec. 2, Fig. 2E; App. A.2: "quasi-linear").

    With substitution errors only, the edit distance between two L-token strings is the number
    of wrong tokens, a Binomial(L, 1 - p) count, whose mean is L (1 - p). Units: tokens.
    """
    return _out(_length(length) * (1.0 - _prob(p_token, "p_token")))


def per_token_accuracy(exact_match_accuracy: ArrayLike, length: ArrayLike) -> np.ndarray | float:
    """The per-token probability p that makes p^L equal an observed exact match: EM^(1/L).

    Inverse of :func:`exact_match` under Schaeffer et al.'s (2023, Sec. 2) independence
    assumption. exact_match_accuracy: 0-1; length: tokens (>= 1). Returns p (0-1).
    """
    return _out(_prob(exact_match_accuracy, "exact_match_accuracy") ** (1.0 / _length(length)))


def multiple_choice_grade(option_scores: ArrayLike, correct: ArrayLike = 0) -> np.ndarray | float:
    """BIG-bench multiple-choice grade of each item: 1 if the correct option has the highest
    score, else 0 (Srivastava et al. 2022; Schaeffer et al. 2023, Sec. 4 call it discontinuous).

    option_scores: array (..., K) of the model's scores (probabilities or log-probabilities)
    of the K options; correct: index of the right option, broadcast against (...).
    A tie at the top splits the credit, 1/m for m tied options (the expected grade under
    random tie-breaking). Returns a grade in [0, 1] per item.
    """
    s = np.asarray(option_scores, dtype=float)
    if s.ndim < 1 or s.shape[-1] < 2:
        raise ValueError(f"option_scores must have at least 2 options on its last axis, got shape {s.shape}")
    k = s.shape[-1]
    c = np.asarray(correct)
    if np.any((c < 0) | (c >= k)) or not np.issubdtype(c.dtype, np.integer):
        raise ValueError(f"correct must be an integer index in [0, {k - 1}], got {c.flat[0]}")
    top = s.max(axis=-1, keepdims=True)
    at_top = s == top
    chosen = np.take_along_axis(at_top, np.broadcast_to(c, s.shape[:-1])[..., None], axis=-1)[..., 0]
    return _out(chosen / at_top.sum(axis=-1))


def brier_score(probs: ArrayLike, correct: ArrayLike = 0) -> np.ndarray | float:
    """Multi-class Brier score of each item, sum_k (pi_k - 1[k = correct])^2 (Brier 1950; the
    continuous alternative to the multiple-choice grade in Schaeffer et al. 2023, Sec. 4).

    probs: array (..., K) of option probabilities summing to 1 (tolerance 1e-6); correct:
    index of the right option. Returns a score in [0, 2] per item; lower is better.
    """
    pi = _prob(probs, "probs")
    if pi.ndim < 1 or pi.shape[-1] < 2:
        raise ValueError(f"probs must have at least 2 options on its last axis, got shape {pi.shape}")
    total = pi.sum(axis=-1)
    if np.any(np.abs(total - 1.0) > 1e-6):
        bad = total[np.abs(total - 1.0) > 1e-6].flat[0]
        raise ValueError(f"probs must sum to 1 over the options (tolerance 1e-6), got a sum of {float(bad)!r}")
    k = pi.shape[-1]
    c = np.asarray(correct)
    if np.any((c < 0) | (c >= k)) or not np.issubdtype(c.dtype, np.integer):
        raise ValueError(f"correct must be an integer index in [0, {k - 1}], got {c.flat[0]}")
    onehot = np.arange(k) == np.broadcast_to(c, pi.shape[:-1])[..., None]
    return _out(((pi - onehot) ** 2).sum(axis=-1))


def emergence_score(y: ArrayLike, *, resolution: float = 0.0, axis: int = -1) -> np.ndarray | float:
    """Emergence score of a metric y_1..y_n over models ordered by increasing scale
    (Srivastava et al. 2022, BIG-bench; as written in Schaeffer et al. 2023, Sec. 4):

        sign(argmax y - argmin y) (max y - min y) / sqrt(median((y_i - y_{i-1})^2))

    y: metric values, any units, along ``axis`` (other axes are independent curves).
    resolution: smallest change the measurement can show, in y's units (e.g. 1/n for an
    accuracy on n test items, 0.1 for percentages printed to one decimal).

    Zero-denominator rule: the denominator is floored at the resolution,
    sqrt(max(median(diff^2), resolution^2)), because steps smaller than the measurement's
    resolution cannot be told from zero. If it is still zero (resolution 0 and at least half
    the steps exactly flat), a curve that never changes scores 0 and one that does scores
    +/-inf (an ideal step). The score is unitless; a straight ramp over n models scores n - 1.
    """
    a = np.moveaxis(np.asarray(y, dtype=float), axis, -1)
    if a.shape[-1] < 2:
        raise ValueError(f"y must hold at least 2 models along axis {axis}, got {a.shape[-1]}")
    if not np.all(np.isfinite(a)):
        raise ValueError("y must be finite (drop models with missing scores first)")
    if not (np.isfinite(resolution) and resolution >= 0):
        raise ValueError(f"resolution must be in [0, inf), got {resolution!r}")
    spread = a.max(axis=-1) - a.min(axis=-1)
    sign = np.sign(a.argmax(axis=-1) - a.argmin(axis=-1))
    denom = np.sqrt(np.maximum(np.median(np.diff(a, axis=-1) ** 2, axis=-1), resolution**2))
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(spread == 0, 0.0, sign * spread / denom)
    return _out(score)


# ------------------------------------------------------------------------------------------
# From model size to per-token probability
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerLawLoss:
    """Schaeffer et al.'s (2023, Sec. 2, Fig. 2A) loss L_CE(N) = (N / c)^alpha, c > 0, alpha < 0.

    Kaplan et al.'s (2020, Eq. 1.1) L(N) = (N_c / N)^alpha_N is this form with c = N_c and
    alpha = -alpha_N. Loss in nats/token, N in parameters.
    """

    c: float
    alpha: float
    name: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not self.c > 0:
            raise ValueError(f"c must be in (0, inf) parameters, got {self.c!r}")
        if not self.alpha < 0:
            raise ValueError(f"alpha must be in (-inf, 0), got {self.alpha!r}")

    def loss(self, n_params: ArrayLike) -> np.ndarray | float:
        """(N / c)^alpha in nats/token."""
        return _out((np.asarray(n_params, dtype=float) / self.c) ** self.alpha)


#: The per-token loss laws the simulator accepts, by name.
LAWS: tuple[str, ...] = ("kaplan_2020",) + tuple(CHINCHILLA_LAWS)

#: The metrics the simulator returns, and which of them improve by going down.
METRICS: tuple[str, ...] = ("exact_match", "token_edit_distance", "multiple_choice_grade", "brier_score")
LOWER_IS_BETTER: frozenset[str] = frozenset({"token_edit_distance", "brier_score", "ppl"})


def task_loss(
    n_params: ArrayLike, law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022", tokens_per_param: float = 20.0
) -> np.ndarray | float:
    """Per-token cross-entropy of the answer tokens (nats/token) of a model with N parameters.

    - ``"kaplan_2020"``: L(N) = (N_c / N)^alpha_N (Kaplan et al. 2020, Eq. 1.1, Table 5),
      Schaeffer's form with c = 8.8e13, alpha = -0.076; the WebText2 average token.
    - a Chinchilla-form law (``"hoffmann_2022"``, ``"hoffmann_2022_unrounded"``,
      ``"besiroglu_2024"``, or a :class:`~scalingbook.science.laws.ChinchillaLaw`): the *reducible*
      loss A/N^alpha + B/D^beta at D = tokens_per_param x N (Hoffmann et al. 2022, Eq. 2 less E).
      Dropping E is this book's modelling choice: E is the entropy of text no model can
      predict, while an answer token of a task (a digit of a sum) has one right value.
    - a :class:`PowerLawLoss`: (N / c)^alpha (Schaeffer et al. 2023, Fig. 2A).
    """
    n = np.asarray(n_params, dtype=float)
    if np.any(~(n > 0)):
        raise ValueError(f"n_params must be in (0, inf), got {float(n[~(n > 0)].flat[0])!r}")
    if isinstance(law, PowerLawLoss):
        return law.loss(n)
    if isinstance(law, str):
        if law == "kaplan_2020":
            return KAPLAN_2020.loss_n(n)
        if law not in CHINCHILLA_LAWS:
            raise ValueError(f"law must be one of {', '.join(LAWS)}; got {law!r}")
        law = CHINCHILLA_LAWS[law]
    if not tokens_per_param > 0:
        raise ValueError(f"tokens_per_param must be in (0, inf), got {tokens_per_param!r}")
    return _out(law.loss(n, tokens_per_param * n) - law.E)


def token_probability(
    n_params: ArrayLike, law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022", tokens_per_param: float = 20.0
) -> np.ndarray | float:
    """p(N) = exp(-L_CE(N)), the probability of each answer token (Schaeffer et al. 2023,
    Sec. 2, Fig. 2B), with L_CE from :func:`task_loss`. Dimensionless, 0-1."""
    return _out(np.exp(-np.asarray(task_loss(n_params, law, tokens_per_param))))


def model_sizes(n_sizes: int, low: float = 1e8, high: float = 1e12) -> np.ndarray:
    """n_sizes model sizes (parameters) evenly spaced in log N from low to high."""
    _positive_int(n_sizes, "n_sizes", 2)
    if not (0 < low < high):
        raise ValueError(f"low and high must satisfy 0 < low < high parameters, got low={low!r}, high={high!r}")
    return np.geomspace(low, high, n_sizes)


# ------------------------------------------------------------------------------------------
# Expected metrics and the sampled simulator
# ------------------------------------------------------------------------------------------
#
# Item model. Test item i has a difficulty z_i ~ Normal(0, 1), shared by every model size.
# Its per-token probability is p_i = expit(logit(p(N)) + item_sd * z_i): item_sd = 0 gives
# Schaeffer's homogeneous items. Free-text items: the number of right tokens is
# Binomial(L, p_i); exact match is "all L right", edit distance is the number wrong.
#
# Multiple-choice items (K options of L tokens each), scored as BIG-bench scores them: each
# option gets the model's log-probability of its string, and the option probabilities are
# those log-probabilities normalised over the K options (a softmax), pi_k = s_k / sum_j s_j.
# At each answer position the model knows the right token with probability p_i and otherwise
# guesses uniformly among the K options' tokens, so a right-option token has probability
# a = p_i + (1 - p_i)/K and a distractor token b = (1 - p_i)/K. Each option's log string
# probability also carries a surface-plausibility term option_sd * e_k, e_k ~ N(0, 1) per item
# and option (length, word frequency: what makes real option scores noisy). A model that knows
# nothing (p = 0) is at chance: grade 1/K and, without the noise term, Brier (K - 1)/K = 0.75.

_GH_NODES, _GH_WEIGHTS = np.polynomial.hermite_e.hermegauss(80)
_GH_WEIGHTS = _GH_WEIGHTS / _GH_WEIGHTS.sum()

#: Spread (nats) of an option's surface plausibility in the multiple-choice item model: the
#: book's assumption, not a published number (see the item model above).
OPTION_SD: float = 1.0
#: Monte Carlo items behind the *expected* multiple-choice metrics (common random numbers
#: across sizes, so the expected curves are smooth in N); fixed seed.
MC_DRAWS: int = 4000
_MC_SEED = 20230415


def _item_p(p: np.ndarray, item_sd: float, z: np.ndarray) -> np.ndarray:
    """expit(logit(p) + item_sd z), in numpy (p = 0 and 1 stay 0 and 1)."""
    if item_sd == 0:
        return np.broadcast_to(p, np.broadcast_shapes(np.shape(p), np.shape(z))).copy()
    with np.errstate(divide="ignore", over="ignore"):
        logit = np.log(p) - np.log1p(-p)
        return 1.0 / (1.0 + np.exp(-(logit + item_sd * z)))


def option_log_scores(p_item: ArrayLike, length: int, n_options: int = 4, noise: ArrayLike | None = None) -> np.ndarray:
    """Log string probability (nats) of each of K options of L tokens, right option first.

    l_0 = L ln(p + (1 - p)/K), l_k = L ln((1 - p)/K) for the K - 1 distractors (the item
    model above), plus ``noise`` (nats, shape (..., K)) if given. p_item: per-token
    probability of the right token (0-1), any shape; returns shape p_item.shape + (K,).
    -inf where p = 1 makes a distractor impossible.
    """
    p = _prob(p_item, "p_item")[..., None]
    k = _positive_int(n_options, "n_options", 2)
    length = _positive_int(length, "length")
    right = np.arange(k) == 0
    with np.errstate(divide="ignore"):
        tok = np.where(right, p + (1.0 - p) / k, (1.0 - p) / k)
        scores = length * np.log(tok)
    if noise is not None:
        scores = scores + np.asarray(noise, dtype=float)
    return scores


def normalised_option_probs(log_scores: ArrayLike) -> np.ndarray:
    """BIG-bench's normalisation of option scores into probabilities: pi_k = exp(l_k) /
    sum_j exp(l_j) over the K options (a softmax of the log string probabilities; Srivastava
    et al. 2022, multiple-choice tasks). log_scores: nats, shape (..., K). Sums to 1."""
    s = np.asarray(log_scores, dtype=float)
    top = s.max(axis=-1, keepdims=True)
    e = np.exp(s - top)
    return e / e.sum(axis=-1, keepdims=True)


def _mc_scores(p_items: np.ndarray, length: int, k: int, noise: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Grade and Brier score of every item (arrays shaped like p_items): the same numbers as
    multiple_choice_grade / normalised_option_probs on option_log_scores, computed with one
    logarithm per item instead of K."""
    if noise is None:
        scores = option_log_scores(p_items, length, k)
        grade = np.asarray(multiple_choice_grade(scores, 0))
        pi = normalised_option_probs(scores)
        return grade, (1.0 - pi[..., 0]) ** 2 + (pi[..., 1:] ** 2).sum(-1)
    p = np.asarray(p_items, dtype=float)
    with np.errstate(divide="ignore"):
        gap = length * (np.log(p + (1.0 - p) / k) - np.log((1.0 - p) / k))  # right minus distractor, nats
    right = gap + noise[..., 0]
    others = noise[..., 1:]
    top = others.max(-1)
    grade = np.where(right > top, 1.0, np.where(right == top, 1.0 / (1 + (others == top[..., None]).sum(-1)), 0.0))
    sure = np.isinf(gap)  # p = 1: every distractor impossible, the right option has probability 1
    right = np.where(sure, 0.0, right)
    m = np.maximum(right, top)
    e0 = np.exp(right - m)
    eo = np.exp(others - m[..., None])
    z = e0 + eo.sum(-1)
    brier = (1.0 - e0 / z) ** 2 + ((eo / z[..., None]) ** 2).sum(-1)
    return grade, np.where(sure, 0.0, brier)


def expected_metrics(
    p_token: ArrayLike,
    length: int,
    *,
    n_options: int = 4,
    item_sd: float = 0.0,
    option_sd: float = OPTION_SD,
    multiple_choice: bool = True,
) -> dict[str, np.ndarray | float]:
    """Each metric's expectation over an infinite test set (the simulator's limit).

    Exact match and edit distance: the closed forms p^L and L (1 - p) (Schaeffer et al. 2023,
    Sec. 2) when item_sd = 0, else the average over item difficulty z ~ N(0, 1) on the logit
    scale by 80-point Gauss-Hermite quadrature. Multiple-choice grade and Brier score (item
    model above, BIG-bench normalisation): the average over MC_DRAWS fixed Monte Carlo items
    (the same draws for every p), exact when item_sd = option_sd = 0. option_sd: nats.
    multiple_choice=False skips the grade and Brier score (nan). Returns a dict metric ->
    array shaped like p_token.
    """
    p = _prob(p_token, "p_token")
    length = _positive_int(length, "length")
    k = _positive_int(n_options, "n_options", 2)
    if not (np.isfinite(item_sd) and item_sd >= 0):
        raise ValueError(f"item_sd must be in [0, inf), got {item_sd!r}")
    if not (np.isfinite(option_sd) and option_sd >= 0):
        raise ValueError(f"option_sd must be in [0, inf) nats, got {option_sd!r}")
    if item_sd == 0:
        em, ted = p**length, length * (1 - p)
    else:
        pi = _item_p(p[..., None], item_sd, _GH_NODES)
        em = ((pi**length) * _GH_WEIGHTS).sum(-1)
        ted = length * ((1 - pi) * _GH_WEIGHTS).sum(-1)
    if not multiple_choice:
        grade = brier = np.full(p.shape, np.nan)
    elif item_sd == 0 and option_sd == 0:
        grade, brier = _mc_scores(p, length, k, None)
    else:
        rng = np.random.default_rng(_MC_SEED)
        z = rng.standard_normal(MC_DRAWS)
        noise = option_sd * rng.standard_normal((MC_DRAWS, k))
        flat = p.reshape(-1)
        grade = np.empty(flat.shape)
        brier = np.empty(flat.shape)
        step = max(1, 2_000_000 // (MC_DRAWS * k))
        for i in range(0, flat.size, step):  # chunks bound memory, not a loop over scenarios
            items = _item_p(flat[i : i + step, None], item_sd, z)
            g, b = _mc_scores(items, length, k, noise)
            grade[i : i + step], brier[i : i + step] = g.mean(-1), b.mean(-1)
        grade, brier = grade.reshape(p.shape), brier.reshape(p.shape)
    return {
        "exact_match": _out(np.asarray(em)),
        "token_edit_distance": _out(np.asarray(ted)),
        "multiple_choice_grade": _out(np.asarray(grade)),
        "brier_score": _out(np.asarray(brier)),
    }


class Simulation(NamedTuple):
    """Simulated evaluations: every array is (n_replicates, n_sizes), one row per test set.

    n_params: model sizes (parameters); p_token: per-token probability (0-1); the metrics are
    test-set averages: exact match (0-1), token edit distance (tokens), multiple-choice grade
    (0-1), Brier score (0-2; nan when the simulation skipped multiple choice).
    """

    n_params: np.ndarray
    p_token: np.ndarray
    exact_match: np.ndarray
    token_edit_distance: np.ndarray
    multiple_choice_grade: np.ndarray
    brier_score: np.ndarray

    def frame(self, replicate: int = 0) -> pd.DataFrame:
        """One test set's curves in long form: n_params, metric, value (for charts)."""
        wide = pd.DataFrame({"n_params": self.n_params, **{m: getattr(self, m)[replicate] for m in METRICS}})
        return wide.melt(id_vars="n_params", var_name="metric", value_name="value")


def simulate(
    n_params: ArrayLike,
    *,
    length: int = 5,
    n_items: int = 1000,
    law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022",
    tokens_per_param: float = 20.0,
    n_options: int = 4,
    item_sd: float = 0.0,
    option_sd: float = OPTION_SD,
    n_replicates: int = 1,
    seed: int = 0,
    multiple_choice: bool = True,
) -> Simulation:
    """Evaluate a model family on finite test sets: N -> loss (:func:`task_loss`) ->
    p = exp(-loss) -> n_items sampled items per test set -> each metric (see the item model
    above). Resolution effects are the arguments: how many sizes (len(n_params)), how many
    items, and how many independent test sets (n_replicates). Same seed, same numbers.

    Items (their difficulty and, for multiple choice, their options' surface plausibility)
    are shared by all sizes of one test set, as in a real benchmark; token outcomes are drawn
    independently per size. multiple_choice=False skips the grade and Brier score (nan).
    Memory ~ n_replicates x sizes x items (x K options for multiple choice, in chunks).
    """
    n = np.atleast_1d(np.asarray(n_params, dtype=float))
    if n.ndim != 1:
        raise ValueError(f"n_params must be one-dimensional, got shape {n.shape}")
    length = _positive_int(length, "length")
    n_items = _positive_int(n_items, "n_items")
    n_replicates = _positive_int(n_replicates, "n_replicates")
    k = _positive_int(n_options, "n_options", 2)
    if not (np.isfinite(item_sd) and item_sd >= 0):
        raise ValueError(f"item_sd must be in [0, inf), got {item_sd!r}")
    if not (np.isfinite(option_sd) and option_sd >= 0):
        raise ValueError(f"option_sd must be in [0, inf) nats, got {option_sd!r}")
    if n_replicates * n.size * n_items > 50_000_000:
        raise ValueError(
            f"n_replicates x sizes x n_items must be at most 5e7, got {n_replicates * n.size * n_items:.3g}"
        )
    rng = np.random.default_rng(seed)
    p = np.asarray(token_probability(n, law, tokens_per_param), dtype=float)
    z = rng.standard_normal((n_replicates, 1, n_items))
    pi = _item_p(p[None, :, None], item_sd, z)  # (R, S, I)
    right = rng.binomial(length, pi)
    grade = np.full((n_replicates, n.size), np.nan)
    brier = np.full((n_replicates, n.size), np.nan)
    if multiple_choice:
        noise = option_sd * rng.standard_normal((n_replicates, n_items, k))
        rows = max(1, 2_000_000 // (n_items * k))
        for j in range(n.size):  # chunks over sizes and test sets bound memory (~16 MB a step)
            for r0 in range(0, n_replicates, rows):
                sl = slice(r0, r0 + rows)
                g, b = _mc_scores(pi[sl, j], length, k, noise[sl])
                grade[sl, j], brier[sl, j] = g.mean(-1), b.mean(-1)
    return Simulation(
        n_params=n,
        p_token=np.broadcast_to(p, (n_replicates, n.size)).copy(),
        exact_match=(right == length).mean(-1),
        token_edit_distance=(length - right).mean(-1),
        multiple_choice_grade=grade,
        brier_score=brier,
    )


def score_curves(sim: Simulation, *, resolution: float | None = None, n_items: int | None = None) -> pd.DataFrame:
    """Emergence score of each metric of each simulated test set, oriented so that
    improvement is positive (metrics in LOWER_IS_BETTER are negated first).

    resolution: floor of the score's denominator (see :func:`emergence_score`), one value
    for every metric; by default one item's worth, 1/n_items, when n_items is given, else 0.
    Metrics the simulation skipped (all nan) are left out. Returns columns replicate, metric,
    emergence_score.
    """
    if resolution is None:
        resolution = 0.0 if n_items is None else 1.0 / _positive_int(n_items, "n_items")
    rows = []
    for m in METRICS:
        y = getattr(sim, m)
        if np.all(np.isnan(y)):  # skipped (simulate(multiple_choice=False))
            continue
        y = -y if m in LOWER_IS_BETTER else y
        s = np.atleast_1d(emergence_score(y, resolution=resolution))
        rows.append(pd.DataFrame({"replicate": np.arange(s.size), "metric": m, "emergence_score": s}))
    return pd.concat(rows, ignore_index=True)


def resolution_sweep(
    sizes_grid: ArrayLike,
    items_grid: ArrayLike,
    *,
    length: int = 5,
    low: float = 1e8,
    high: float = 1e12,
    law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022",
    tokens_per_param: float = 20.0,
    item_sd: float = 0.0,
    n_replicates: int = 50,
    seed: int = 0,
) -> pd.DataFrame:
    """Median (and 10th/90th percentile) emergence score of each metric for every
    (number of model sizes, items per test set) pair: the resolution of an experiment.

    Each pair is simulated with n_replicates independent test sets; the score's floor is one
    item, 1/n_items. Returns columns n_sizes, n_items, metric, median, p10, p90.
    """
    rows = []
    for i, n_sizes in enumerate(np.atleast_1d(sizes_grid)):
        for j, n_items in enumerate(np.atleast_1d(items_grid)):
            sim = simulate(
                model_sizes(int(n_sizes), low, high),
                length=length,
                n_items=int(n_items),
                law=law,
                tokens_per_param=tokens_per_param,
                item_sd=item_sd,
                n_replicates=n_replicates,
                seed=np.random.SeedSequence([seed, i, j]).generate_state(1)[0],
            )
            scores = score_curves(sim, n_items=int(n_items))
            g = scores.groupby("metric")["emergence_score"]
            stats = pd.DataFrame({"median": g.median(), "p10": g.quantile(0.1), "p90": g.quantile(0.9)})
            stats = stats.reset_index().assign(n_sizes=int(n_sizes), n_items=int(n_items))
            rows.append(stats)
    cols = ["n_sizes", "n_items", "metric", "median", "p10", "p90"]
    return pd.concat(rows, ignore_index=True)[cols]


def apparent_threshold(
    length: ArrayLike,
    level: ArrayLike,
    *,
    law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022",
    tokens_per_param: float = 20.0,
) -> np.ndarray | float:
    """The model size (parameters) at which expected exact match p(N)^L first reaches
    ``level``: the "emergence point" a reader of the curve would report.

    Solves L_CE(N) = -ln(level) / L (from p^L = level, Schaeffer et al. 2023, Sec. 2) by
    bisection in log N over [1, 1e30] (60 halvings, relative precision ~1e-16 in log N);
    the loss of every law here falls monotonically with N. length: tokens; level: (0, 1).
    Returns nan where the level needs N outside [1, 1e30].
    """
    lv = np.asarray(level, dtype=float)
    if np.any(~((lv > 0) & (lv < 1))):
        raise ValueError(f"level must be in (0, 1), got {float(lv[~((lv > 0) & (lv < 1))].flat[0])!r}")
    target = -np.log(lv) / _length(length)
    lo = np.zeros(target.shape)
    hi = np.full(target.shape, 30.0)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        above = np.asarray(task_loss(10.0**mid, law, tokens_per_param)) > target
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
    n = 10.0 ** (0.5 * (lo + hi))
    edge = (np.asarray(task_loss(1.0, law, tokens_per_param)) < target) | (
        np.asarray(task_loss(1e30, law, tokens_per_param)) > target
    )
    return _out(np.where(edge, np.nan, n))


# ------------------------------------------------------------------------------------------
# GPT-3 (Brown et al. 2020)
# ------------------------------------------------------------------------------------------

#: GPT-3 model names as in Table H.1 and their parameter counts (Brown et al. 2020, Table 2.1).
GPT3_MODEL_PARAMS: dict[str, float] = {
    "Small": 125e6,
    "Medium": 350e6,
    "Large": 760e6,
    "XL": 1.3e9,
    "2.7B": 2.7e9,
    "6.7B": 6.7e9,
    "13B": 13e9,
    "175B": 175e9,
}


def score_gpt3_tasks(results: pd.DataFrame, *, resolution: float = 0.1) -> pd.DataFrame:
    """Emergence score of every GPT-3 task curve (task, metric, split, setting) with all
    eight sizes reported (Brown et al. 2020, Table H.1), under the task's published metric.

    results: the long table ``gpt3_task_results`` (columns task, metric, split, setting,
    model, value). resolution: the printing precision of the values (0.1 points).
    Metrics in LOWER_IS_BETTER (perplexity) are negated so improvement scores positive.
    Curves with a missing size are left out. Returns one row per curve, highest score first,
    with the smallest and largest model's value and where the largest step sits
    (:func:`curve_shapes`: jump_from, jump_to in parameters, jump_position 0-1, shape;
    jump_stage early / middle / late), since the score alone cannot tell an early jump
    from a late one.
    """
    need = {"task", "metric", "split", "setting", "model", "value"}
    missing = need - set(results.columns)
    if missing:
        raise ValueError(f"results must have columns {sorted(need)}; missing {sorted(missing)}")
    df = results[results["model"].isin(GPT3_MODEL_PARAMS)].copy()
    df["n_params"] = df["model"].map(GPT3_MODEL_PARAMS)
    wide = df.pivot_table(index=["task", "metric", "split", "setting"], columns="n_params", values="value")
    wide = wide.dropna()
    wide = wide[sorted(wide.columns)]
    y = wide.to_numpy()
    lower = wide.index.get_level_values("metric").isin(LOWER_IS_BETTER)
    y = np.where(lower[:, None], -y, y)
    out = wide.index.to_frame(index=False)
    out["smallest"] = wide.iloc[:, 0].to_numpy()
    out["largest"] = wide.iloc[:, -1].to_numpy()
    out["emergence_score"] = np.asarray(emergence_score(y, resolution=resolution))
    shape = curve_shapes(y, np.asarray(wide.columns, dtype=float), resolution=resolution)
    for c in ("largest_step_share", "jump_from", "jump_to", "jump_position", "shape"):
        out[c] = shape[c].to_numpy()
    out["jump_stage"] = jump_stage(out["jump_position"])
    return out.sort_values("emergence_score", ascending=False, ignore_index=True)


# ------------------------------------------------------------------------------------------
# Expected curves on a grid, replicates and the arithmetic table
# ------------------------------------------------------------------------------------------


def curves_frame(
    n_params: ArrayLike,
    length: int,
    *,
    law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022",
    tokens_per_param: float = 20.0,
    n_options: int = 4,
    item_sd: float = 0.0,
    option_sd: float = OPTION_SD,
    multiple_choice: bool = True,
) -> pd.DataFrame:
    """Expected metrics (infinite test set) on a grid of sizes, long form: n_params, metric,
    value; ``metric`` also includes p_token (multiple-choice metrics left out when
    multiple_choice is False). For the smooth lines of the charts."""
    n = np.asarray(n_params, dtype=float)
    p = np.asarray(token_probability(n, law, tokens_per_param), dtype=float)
    exp = expected_metrics(
        p, length, n_options=n_options, item_sd=item_sd, option_sd=option_sd, multiple_choice=multiple_choice
    )
    wide = pd.DataFrame({"n_params": n, "p_token": p, **{m: np.asarray(v) for m, v in exp.items()}})
    long = wide.melt(id_vars="n_params", var_name="metric", value_name="value")
    return long if multiple_choice else long[~long["metric"].isin(["multiple_choice_grade", "brier_score"])]


def affordable_replicates(n_sizes: int, n_items: int, *, most: int = 50, budget: int = 5_000_000) -> int:
    """How many independent test sets fit in ``budget`` sampled items (sizes x items x
    replicates), at least 1 and at most ``most``: keeps a chapter's execution to seconds."""
    n_sizes = _positive_int(n_sizes, "n_sizes")
    n_items = _positive_int(n_items, "n_items")
    return int(max(1, min(most, budget // (n_sizes * n_items))))


def expected_scores(
    n_params: ArrayLike,
    lengths: ArrayLike,
    *,
    resolution: float,
    law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022",
    tokens_per_param: float = 20.0,
    n_options: int = 4,
    item_sd: float = 0.0,
    option_sd: float = OPTION_SD,
) -> pd.DataFrame:
    """Emergence score of each metric's *expected* curve (infinite test set) over the sizes
    n_params, for each answer length L in ``lengths``; lower-is-better metrics negated.
    resolution: the score's floor (see :func:`emergence_score`). Returns columns
    length, metric, emergence_score."""
    p = np.asarray(token_probability(np.asarray(n_params, dtype=float), law, tokens_per_param), dtype=float)
    rows = []
    for length in np.atleast_1d(lengths):
        exp = expected_metrics(p, int(length), n_options=n_options, item_sd=item_sd, option_sd=option_sd)
        for m in METRICS:
            y = -np.asarray(exp[m]) if m in LOWER_IS_BETTER else np.asarray(exp[m])
            rows.append(
                {"length": int(length), "metric": m, "emergence_score": emergence_score(y, resolution=resolution)}
            )
    return pd.DataFrame(rows)


def arithmetic_table(results: pd.DataFrame, *, model: str, operation: str, anchor_digits: int) -> pd.DataFrame:
    """Observed exact match of n-digit ``operation`` against the independence model p^L.

    results: the ``gpt3_arithmetic`` table (Brown et al. 2020, Table 3.9 and Sec. 3.9.1).
    The per-digit accuracy p is implied by the anchor row, p = EM^(1/L) with L = digits of
    the operands (a sum can have one more digit; the column ``p_if_L_plus_1`` shows that
    reading), and every row is predicted as p^L. Accuracies in percent; comparator says
    whether the paper gives the value exactly ("="), approximately ("about") or as a bound ("<").
    """
    df = results[(results["model"] == model) & (results["operation"] == operation)].sort_values("digits")
    if df.empty:
        raise ValueError(f"no rows for model {model!r} and operation {operation!r}")
    anchor = df[df["digits"] == anchor_digits]
    if anchor.empty:
        raise ValueError(f"anchor_digits must be one of {sorted(df['digits'])}, got {anchor_digits!r}")
    p = float(per_token_accuracy(float(anchor["accuracy_pct"].iloc[0]) / 100.0, anchor_digits))
    em_ = df["accuracy_pct"].to_numpy(float) / 100.0
    digits = df["digits"].to_numpy(float)
    return pd.DataFrame(
        {
            "model": model,
            "task": df["task"].to_numpy(),
            "digits": df["digits"].to_numpy(),
            "comparator": df["comparator"].to_numpy(),
            "observed_pct": 100 * em_,
            "p_implied": np.asarray(per_token_accuracy(em_, digits)),
            "p_if_L_plus_1": np.asarray(per_token_accuracy(em_, digits + 1)),
            "predicted_pct": 100 * np.asarray(exact_match(p, digits)),
        }
    )


# ------------------------------------------------------------------------------------------
# Where the jump is, and the shape of a curve
# ------------------------------------------------------------------------------------------

#: Shape labels of :func:`curve_shapes`.
SHAPES: tuple[str, ...] = ("jump", "rise", "fall", "no trend")
#: The book's rule for "looks emergent": emergence score at least JUMP_SCORE times a straight
#: ramp's over the same models (n - 1), with one step carrying at least STEP_SHARE of the range.
JUMP_SCORE: float = 2.0
STEP_SHARE: float = 0.5


def _compress(a: np.ndarray) -> np.ndarray:
    """Move each row's NaNs to its end, keeping the order of the rest."""
    order = np.argsort(np.isnan(a), axis=-1, kind="stable")
    return np.take_along_axis(a, order, axis=-1)


def curve_shapes(
    y: ArrayLike,
    x: ArrayLike,
    *,
    resolution: ArrayLike = 0.0,
    jump_score: float = JUMP_SCORE,
    step_share: float = STEP_SHARE,
) -> pd.DataFrame:
    """Emergence score, shape and the position of the largest step of each curve.

    y: (n_curves, n_points) metric values oriented so that improvement is positive, NaN where
    a model was not evaluated; x: (n_points,) or (n_curves, n_points) scale (parameters or
    FLOP), increasing along the row. resolution: the score's floor, one per curve or scalar.
    Per curve: n_points (finite), emergence_score (Srivastava et al. 2022, over the finite
    points), normalised_score = score / (n - 1) (1 for a straight ramp), largest_step_share
    (largest rise / (max - min)), jump_from / jump_to (x either side of the largest rise),
    jump_position (where that rise sits on the log-x range, 0 = smallest model, 1 = largest),
    rank_corr (Spearman correlation of y with x), and shape: "jump" if the score is positive,
    normalised_score >= jump_score and largest_step_share >= step_share; else "rise" /
    "fall" if rank_corr >= 0.5 / <= -0.5; else "no trend". emergent: a jump outside the first
    third of the log-x range (jump_position >= 1/3), since Wei et al. (2022) call an ability
    emergent when it is "not present in smaller models but is present in larger models": a
    jump between the smallest models is an ability the small models already have. Curves with
    < 3 points get nan (shape None, emergent False).
    """
    a = np.atleast_2d(np.asarray(y, dtype=float))
    xx = np.broadcast_to(np.asarray(x, dtype=float), a.shape).copy()
    xx[np.isnan(a)] = np.nan
    a, xx = _compress(a), _compress(xx)
    n = (~np.isnan(a)).sum(-1)
    ok = n >= 3
    a_ok = np.where(ok[:, None], a, 0.0)
    res = np.broadcast_to(np.asarray(resolution, dtype=float), n.shape)
    d = np.diff(a_ok, axis=-1)
    valid = ~np.isnan(d)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-nan rows (too few points) give nan by design
        med = np.nanmedian(np.where(valid, d**2, np.nan), axis=-1) if d.shape[-1] else np.zeros(n.shape)
        lo = np.nanmin(a_ok, axis=-1)
        hi = np.nanmax(a_ok, axis=-1)
        spread = hi - lo
        sign = np.sign(np.nanargmax(a_ok, axis=-1) - np.nanargmin(a_ok, axis=-1))
        denom = np.sqrt(np.maximum(med, res**2))
        score = np.where(spread == 0, 0.0, sign * spread / denom)
        norm = score / np.maximum(n - 1, 1)
        dd = np.where(valid, d, -np.inf)
        big = dd.argmax(axis=-1)
        rows = np.arange(a.shape[0])
        step = dd[rows, big]
        share = np.where(spread > 0, np.maximum(step, 0) / spread, 0.0)
        x_from, x_to = xx[rows, big], xx[rows, big + 1]
        lx = np.log10(xx)
        span = np.nanmax(lx, -1) - np.nanmin(lx, -1)
        mid = 0.5 * (np.log10(x_from) + np.log10(x_to))
        position = np.where(span > 0, (mid - np.nanmin(lx, -1)) / span, np.nan)
        ry = pd.DataFrame(a).rank(axis=1).to_numpy()
        rx = pd.DataFrame(xx).rank(axis=1).to_numpy()
        ry = ry - np.nanmean(ry, -1, keepdims=True)
        rx = rx - np.nanmean(rx, -1, keepdims=True)
        corr = np.nansum(ry * rx, -1) / np.sqrt(np.nansum(ry**2, -1) * np.nansum(rx**2, -1))
    corr = np.where(np.isfinite(corr), corr, 0.0)
    jump = (score > 0) & (norm >= jump_score) & (share >= step_share)
    shape = np.where(jump, "jump", np.where(corr >= 0.5, "rise", np.where(corr <= -0.5, "fall", "no trend")))
    emergent = jump & (position >= 1 / 3) & ok
    cols = {
        "emergence_score": score,
        "normalised_score": norm,
        "largest_step_share": share,
        "jump_from": x_from,
        "jump_to": x_to,
        "jump_position": position,
        "rank_corr": corr,
    }
    cols = {k: np.where(ok, v, np.nan) for k, v in cols.items()}
    shape = np.where(ok, shape, None)
    return pd.DataFrame({"n_points": n, **cols, "shape": shape, "emergent": emergent})


def jump_stage(position: ArrayLike) -> np.ndarray:
    """'early' / 'middle' / 'late': the third of the log-size axis holding the largest rise
    (jump_position of :func:`curve_shapes`, 0-1); '' where nan."""
    p = np.asarray(position, dtype=float)
    return np.where(np.isnan(p), "", np.where(p < 1 / 3, "early", np.where(p > 2 / 3, "late", "middle")))


# ------------------------------------------------------------------------------------------
# Real outputs 1: Lu et al. 2024 (dataset on-emergence)
# ------------------------------------------------------------------------------------------

#: Lu et al.'s scores of one and the same outputs (UKPLab/on-emergence evaluation notebook):
#: metric -> +1 if higher is better, -1 if lower is. exact_match and bert_score are
#: accuracies (the answer matched to an option by string prefix, or by the highest BERTScore);
#: edit_distance is the mean character Levenshtein distance from the target to the output
#: (characters); single_bert_score the mean BERTScore F1 of output against target (0-1).
LU_METRICS: dict[str, int] = {"exact_match": 1, "bert_score": 1, "edit_distance": -1, "single_bert_score": 1}
#: The continuous metrics of Lu et al.'s table.
CONTINUOUS_METRICS: tuple[str, ...] = ("edit_distance", "single_bert_score")


def lu_model_sizes(table: pd.DataFrame) -> pd.DataFrame:
    """The model-size table (``data/on_emergence_models.csv``, read by the caller) with its two
    flags as booleans: model (as named in Lu et al.'s table), family, n_params (parameters; nan
    when undisclosed), instruction_tuned, include, size_note, source."""
    df = table.copy()
    for c in ("instruction_tuned", "include"):
        df[c] = df[c].astype(str).str.lower().eq("true")
    return df


def lu_curves(runs: pd.DataFrame, sizes: pd.DataFrame, *, instruction_tuned: bool = False) -> pd.DataFrame:
    """Lu et al.'s runs averaged over seeds, per (task, prompt_type, n_shots, model), for the
    pretrained-only models (or only the instruction-tuned ones) with a known size.

    runs: :func:`scalingbook.sources.datasets.load_on_emergence`; sizes: :func:`lu_model_sizes`.
    Returns long form: task, prompt_type, n_shots, model, family, n_params, n_items, metric
    (LU_METRICS), value (mean over seeds), sd (across seeds), n_seeds.
    """
    keep = sizes[sizes["include"] & sizes["n_params"].notna() & (sizes["instruction_tuned"] == instruction_tuned)]
    df = runs.merge(keep[["model", "family", "n_params"]], on="model", how="inner")
    long = df.melt(
        id_vars=["task", "prompt_type", "n_shots", "model", "family", "n_params", "n_items"],
        value_vars=list(LU_METRICS),
        var_name="metric",
        value_name="v",
    ).dropna(subset=["v"])
    g = long.groupby(["task", "prompt_type", "n_shots", "model", "family", "n_params", "metric"])
    out = g["v"].agg(value="mean", sd="std", n_seeds="count").reset_index()
    out["n_items"] = g["n_items"].first().to_numpy()
    return out


def lu_metric_test(
    curves: pd.DataFrame,
    *,
    continuous: str = "edit_distance",
    min_sizes: int = 5,
    jump_score: float = JUMP_SCORE,
    step_share: float = STEP_SHARE,
) -> pd.DataFrame:
    """Schaeffer et al.'s test (2023, Sec. 3) on Lu et al.'s outputs: each curve (task,
    prompt type, shots; models ordered by parameters) scored under exact match and under a
    continuous metric of the very same outputs.

    curves: :func:`lu_curves`. continuous: one of CONTINUOUS_METRICS. Floors: one item
    (1/n_items) for exact match and edit distance, none for BERTScore. Curves with fewer than
    min_sizes models under exact match are left out; ``cont_scored`` says whether the continuous
    metric was computed for at least min_sizes of its models (Lu et al. computed no BERTScore for
    some runs). Returns one row per curve: task, prompt_type, n_shots, n_sizes, cont_scored, and for
    each of the two metrics (prefix ``em_`` / ``cont_``) emergence_score,
    normalised_score, largest_step_share, jump_from, jump_to, jump_position, shape, emergent;
    plus ``emergent_em``, ``emergent_cont`` (:func:`curve_shapes`' emergent: a jump past the first
    third of the size axis) and stops (emergent under exact match, not under the continuous
    metric).
    """
    if continuous not in CONTINUOUS_METRICS:
        raise ValueError(f"continuous must be one of {', '.join(CONTINUOUS_METRICS)}; got {continuous!r}")
    key = ["task", "prompt_type", "n_shots"]
    parts = {}
    for prefix, metric in (("em_", "exact_match"), ("cont_", continuous)):
        sub = curves[curves["metric"] == metric]
        wide = sub.pivot_table(index=key, columns="n_params", values="value")
        wide = wide[sorted(wide.columns)]
        items = sub.groupby(key)["n_items"].first().reindex(wide.index).to_numpy(float)
        res = 1.0 / items if metric != "single_bert_score" else 0.0
        shape = curve_shapes(
            LU_METRICS[metric] * wide.to_numpy(),
            wide.columns.to_numpy(float),
            resolution=res,
            jump_score=jump_score,
            step_share=step_share,
        )
        shape.index = wide.index
        parts[prefix] = shape.add_prefix(prefix)
    out = parts["em_"].join(parts["cont_"], how="left")
    out = out[out["em_n_points"] >= min_sizes]
    scored = out["cont_n_points"].fillna(0) >= min_sizes  # the continuous score exists for enough models
    out = out.rename(columns={"em_n_points": "n_sizes"}).drop(columns="cont_n_points").reset_index()
    out["cont_scored"] = scored.to_numpy()
    out["emergent_em"] = out["em_emergent"].astype(bool)
    out["emergent_cont"] = out["cont_emergent"].fillna(False).astype(bool) & out["cont_scored"]
    out["stops"] = out["emergent_em"] & ~out["emergent_cont"]
    return out


def lu_task_shares(test: pd.DataFrame) -> dict[str, float]:
    """Task-level summary of :func:`lu_metric_test`. A task looks emergent under exact match
    if any of its curves does; it stays emergent under the continuous metric if one of those
    same curves is a jump under it too. Returns n_tasks, n_curves, n_emergent_em (tasks),
    n_emergent_both (tasks), share_emergent_exact_match, share_emergent_continuous (tasks still
    emergent after the swap / n_tasks), share_stops (tasks that stop / tasks emergent under
    exact match; nan if none), and the same counts over curves (curves_emergent_em,
    curves_emergent_cont, curves_emergent_both)."""
    by_task = test.groupby("task")
    em_t = by_task["emergent_em"].any()
    both_t = (test["emergent_em"] & test["emergent_cont"]).groupby(test["task"]).any()
    n = int(em_t.size)
    k_em, k_both = int(em_t.sum()), int(both_t.sum())
    return {
        "n_tasks": n,
        "n_curves": int(len(test)),
        "n_emergent_em": k_em,
        "n_emergent_both": k_both,
        "share_emergent_exact_match": k_em / n if n else float("nan"),
        "share_emergent_continuous": k_both / n if n else float("nan"),
        "share_stops": (k_em - k_both) / k_em if k_em else float("nan"),
        "curves_emergent_em": int(test["emergent_em"].sum()),
        "curves_emergent_cont": int(test["emergent_cont"].sum()),
        "curves_emergent_both": int((test["emergent_em"] & test["emergent_cont"]).sum()),
    }


# ------------------------------------------------------------------------------------------
# Real outputs 2: Ruan et al. 2024's emergent-capability table (dataset ObsScaling)
# ------------------------------------------------------------------------------------------

#: ObsScaling columns (BIG-bench tasks, 2-shot) -> (task, metric, unit).
OBS_COLUMNS: dict[str, tuple[str, str, str]] = {
    "ipa_transliterate_2_exact_match": ("IPA transliterate", "exact match", "fraction"),
    "ipa_transliterate_2_bleu": ("IPA transliterate", "BLEU", "0-100"),
    "word_unscrambling_2_exact_match": ("word unscrambling", "exact match", "fraction"),
    "arithmetic_3ds_2_acc": ("3-digit subtraction", "accuracy", "fraction"),
    "arithmetic_3da_2_acc": ("3-digit addition", "accuracy", "fraction"),
    "arithmetic_2dm_2_acc": ("2-digit multiplication", "accuracy", "fraction"),
    "arithmetic_2da_2_acc": ("2-digit addition", "accuracy", "fraction"),
}


def obsscaling_long(emergent: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """The emergent-capability table joined to each model's training compute.

    emergent: :func:`scalingbook.sources.datasets.load_obsscaling_emergent`; base:
    :func:`scalingbook.sources.datasets.load_obsscaling_base` (train_flops in FLOP, as the file's
    FLOPs (1E21) column scaled). Models without compute or a score are dropped. Returns
    model, family, train_flops, column, task, metric, value.
    """
    cols = [c for c in OBS_COLUMNS if c in emergent.columns]
    df = emergent.merge(base[["model", "family", "train_flops"]], on="model", how="inner")
    long = df.melt(id_vars=["model", "family", "train_flops"], value_vars=cols, var_name="column", value_name="value")
    long = long.dropna(subset=["value", "train_flops"])
    long["task"] = long["column"].map(lambda c: OBS_COLUMNS[c][0])
    long["metric"] = long["column"].map(lambda c: OBS_COLUMNS[c][1])
    return long.sort_values(["column", "train_flops"], ignore_index=True)


def binned_medians(
    long: pd.DataFrame, *, x: str = "train_flops", per_decade: int = 2, min_models: int = 3
) -> pd.DataFrame:
    """Median value per ``column`` in bins of 1/per_decade decade of ``x`` (bins with at
    least min_models models): the curve of a mixed set of model families, with the families'
    scatter averaged within each bin. Returns column, task, metric, bin_center (x units),
    value (median), n_models."""
    d = long.assign(bin=np.floor(np.log10(long[x]) * per_decade) / per_decade)
    g = d.groupby(["column", "task", "metric", "bin"])
    out = g["value"].agg(value="median", n_models="count").reset_index()
    out = out[out["n_models"] >= min_models]
    out["bin_center"] = 10.0 ** (out["bin"] + 0.5 / per_decade)
    return out.drop(columns="bin").reset_index(drop=True)


def obsscaling_shapes(
    binned: pd.DataFrame, *, jump_score: float = JUMP_SCORE, step_share: float = STEP_SHARE
) -> pd.DataFrame:
    """:func:`curve_shapes` of each ObsScaling column over its compute bins (no floor: the
    values are medians). Returns column, task, metric and the shape columns."""
    wide = binned.pivot_table(index=["column", "task", "metric"], columns="bin_center", values="value")
    wide = wide[sorted(wide.columns)]
    shape = curve_shapes(wide.to_numpy(), wide.columns.to_numpy(float), jump_score=jump_score, step_share=step_share)
    shape.index = wide.index
    return shape.reset_index()


# ------------------------------------------------------------------------------------------
# Real outputs 3: Pythia's LAMBADA over sizes and checkpoints (dataset pythia)
# ------------------------------------------------------------------------------------------


def pythia_lambada(pythia: pd.DataFrame, task: str = "lambada_openai") -> pd.DataFrame:
    """LAMBADA accuracy and perplexity of every Pythia (deduplicated) size and checkpoint, on
    the same items (Biderman et al. 2023). pythia: :func:`scalingbook.sources.datasets.load_pythia`.
    Returns one row per (size, step): size, n_params, step, n_tokens, train_flops (6 N D,
    FLOP), acc (0-1), acc_stderr, ppl (perplexity), ppl_stderr, log_ppl (ln ppl, nats per
    target word)."""
    d = pythia[(pythia["task"] == task) & pythia["metric"].isin(["acc", "ppl"])]
    if d.empty:
        raise ValueError(f"no {task} acc/ppl rows in the Pythia table")
    wide = d.pivot_table(
        index=["size", "n_params", "step", "n_tokens", "train_flops"], columns="metric", values=["value", "stderr"]
    )
    out = pd.DataFrame(
        {
            "acc": wide[("value", "acc")],
            "acc_stderr": wide[("stderr", "acc")],
            "ppl": wide[("value", "ppl")],
            "ppl_stderr": wide[("stderr", "ppl")],
        }
    ).reset_index()
    out["log_ppl"] = np.log(out["ppl"])
    return out.sort_values(["n_params", "step"], ignore_index=True)


def pythia_resolution(lam: pd.DataFrame) -> pd.DataFrame:
    """The resolution argument on real data: LAMBADA read from the 8 final checkpoints (one
    point per size, against training compute) or from each size's own checkpoints (every
    evaluated step after step 0, against training compute 6 N D), under accuracy and under
    -ln(perplexity), on the same items.

    Floors: one item (1/5,153, the LAMBADA test set) for accuracy, none for log perplexity.
    Step 0 (no training, zero compute) has no place on a log axis and is left out. Returns
    one row per (curve, metric): curve ("8 sizes" or the size, e.g. "1.4b"), metric,
    n_params (nan for the 8-size curve) and :func:`curve_shapes`' columns, x in FLOP.
    """
    n_items = 5153  # LAMBADA (OpenAI) test set, Paperno et al. 2016 / Radford et al. 2019
    lam = lam[lam["train_flops"] > 0]
    final = lam[lam["step"] == lam.groupby("size")["step"].transform("max")].sort_values("train_flops")
    curves = [("8 sizes", np.nan, final)] + [
        (size, float(g["n_params"].iloc[0]), g.sort_values("train_flops"))
        for size, g in sorted(lam.groupby("size"), key=lambda kv: kv[1]["n_params"].iloc[0])
    ]
    rows = []
    for metric, col, sign, res in (("accuracy", "acc", 1.0, 1.0 / n_items), ("-ln perplexity", "log_ppl", -1.0, 0.0)):
        width = max(len(c[2]) for c in curves)
        y = np.full((len(curves), width), np.nan)
        x = np.full((len(curves), width), np.nan)
        for i, (_, _, sub) in enumerate(curves):
            y[i, : len(sub)] = sign * sub[col].to_numpy()
            x[i, : len(sub)] = sub["train_flops"].to_numpy()
        s = curve_shapes(y, x, resolution=res)
        s.insert(0, "n_params", [c[1] for c in curves])
        s.insert(0, "metric", metric)
        s.insert(0, "curve", [c[0] for c in curves])
        rows.append(s)
    return pd.concat(rows, ignore_index=True)


# ------------------------------------------------------------------------------------------
# The resolution test, as Schaeffer et al. state it
# ------------------------------------------------------------------------------------------


def resolution_test(
    n_params: ArrayLike,
    items_grid: ArrayLike,
    *,
    length: int,
    law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022",
    tokens_per_param: float = 20.0,
    item_sd: float = 0.0,
    n_replicates: int = 200,
    level: float = 0.9,
    seed: int = 0,
) -> pd.DataFrame:
    """Schaeffer et al.'s resolution claim (2023, Sec. 3 and Fig. 3, "more test data" reveals
    small models' above-zero accuracy; on a log scale the curve is smooth), tested on the
    simulated family: for each test-set size n in items_grid, how many of the model sizes
    score a non-zero exact match, with a ``level`` interval over independent test sets
    (a parametric bootstrap: n_replicates test sets, fewer when memory caps them), and how
    smooth log10(exact match) is over the sizes resolved.

    Returns one row per n: n_items, n_replicates, sizes_nonzero (median), sizes_low /
    sizes_high (interval; counts, so the nearest observed counts outside it), resolvable (sizes whose
    expected exact match is at least one item,
    1/n), log_normalised_score (median normalised emergence score of log10 exact match over
    the non-zero sizes of each test set; nan with fewer than 3), linear_normalised_score (the
    same on the linear scale with a one-item floor).
    """
    n = np.asarray(n_params, dtype=float)
    length = _positive_int(length, "length")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    expected = np.asarray(
        expected_metrics(
            np.asarray(token_probability(n, law, tokens_per_param)), length, item_sd=item_sd, option_sd=0.0
        )["exact_match"]
    )
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    rows = []
    for j, n_items in enumerate(np.atleast_1d(items_grid)):
        n_items = int(n_items)
        reps = affordable_replicates(n.size, n_items, most=n_replicates, budget=2_000_000)
        sim = simulate(
            n,
            length=length,
            n_items=n_items,
            law=law,
            tokens_per_param=tokens_per_param,
            item_sd=item_sd,
            n_replicates=reps,
            seed=np.random.SeedSequence([seed, j]).generate_state(1)[0],
            multiple_choice=False,
        )
        emv = sim.exact_match
        count = (emv > 0).sum(-1)
        with np.errstate(divide="ignore"):
            logy = np.where(emv > 0, np.log10(emv), np.nan)
        log_s = curve_shapes(logy, n)["normalised_score"].to_numpy()
        lin_s = curve_shapes(emv, n, resolution=1.0 / n_items)["normalised_score"].to_numpy()
        rows.append(
            {
                "n_items": n_items,
                "n_replicates": reps,
                "sizes_nonzero": float(np.median(count)),
                "sizes_low": float(np.quantile(count, lo_q, method="lower")),
                "sizes_high": float(np.quantile(count, hi_q, method="higher")),
                "resolvable": int((expected >= 1.0 / n_items).sum()),
                "log_normalised_score": float(np.nanmedian(log_s)) if np.isfinite(log_s).any() else float("nan"),
                "linear_normalised_score": float(np.nanmedian(lin_s)) if np.isfinite(lin_s).any() else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def resolution_outcome(test: pd.DataFrame, *, length: int, n_sizes: int) -> str:
    """The outcome of :func:`resolution_test` (first row = fewest items, last = most):

    - "not applicable" at L = 1 (exact match is then 1 - edit distance / L, the same metric:
      there is no metric artefact for resolution to undo), or when every size already scores
      above zero at the fewest items (lower bound = n_sizes: nothing to resolve);
    - "resolves" if the lower bound of sizes with non-zero exact match at the most items
      exceeds the upper bound at the fewest (more items resolve more sizes beyond noise);
    - "medians rise" if only the medians rise; "does not resolve" otherwise.

    The page grades these outcomes against Schaeffer et al.'s claim (``scalingbook.pages.claims``).
    """
    if length == 1:
        return "not applicable"
    t = test.sort_values("n_items")
    first, last = t.iloc[0], t.iloc[-1]
    if first["sizes_low"] >= n_sizes:
        return "not applicable"
    if last["sizes_low"] > first["sizes_high"]:
        return "resolves"
    if last["sizes_nonzero"] > first["sizes_nonzero"]:
        return "medians rise"
    return "does not resolve"


def transition_width(y: ArrayLike, x: ArrayLike, *, low: float = 0.1, high: float = 0.9) -> np.ndarray | float:
    """Decades of x over which each curve makes the middle of its rise: from the first
    crossing of ``low`` to the first crossing of ``high`` of its own range (y rescaled so
    min -> 0 and max -> 1, oriented so that improvement is positive; linear interpolation in
    log10 x). A robust smoothness measure for sigmoid-like curves on a dense grid, where the
    emergence score depends on where the grid points fall. y: (n_curves, n_points) or
    (n_points,); x: increasing, > 0. Returns decades (nan for a flat curve).
    """
    a = np.atleast_2d(np.asarray(y, dtype=float))
    lx = np.log10(np.broadcast_to(np.asarray(x, dtype=float), a.shape))
    if not 0 < low < high < 1:
        raise ValueError(f"low and high must satisfy 0 < low < high < 1, got {low!r}, {high!r}")
    lo, hi = a.min(-1, keepdims=True), a.max(-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        u = (a - lo) / (hi - lo)
    rows = np.arange(a.shape[0])

    def cross(level):
        above = u >= level
        j = np.where(above.any(-1), above.argmax(-1), 0)
        j0 = np.maximum(j - 1, 0)
        u0, u1 = u[rows, j0], u[rows, j]
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(u1 > u0, (level - u0) / (u1 - u0), 0.0)
        return lx[rows, j0] + np.clip(t, 0, 1) * (lx[rows, j] - lx[rows, j0])

    width = cross(high) - cross(low)
    width = np.where((hi - lo)[:, 0] > 0, width, np.nan)
    return _out(width if np.ndim(y) > 1 else width[0])


# ------------------------------------------------------------------------------------------
# The chance, format and item-noise checks of a jump (Wei et al. 2022's definition)
# ------------------------------------------------------------------------------------------

#: Random-chance accuracy of each of Lu et al.'s tasks: the mean of 1/K over the K options of
#: the items their few-shot prompts show (UKPLab/on-emergence ``prompts/<task>/closed-adv_*.txt``
#: at commit f791b65; the prompts' examples are items of the task), 0 for the tasks whose answer
#: is free text (codenames: the only option is the target; IPA transliteration: open prompts
#: only). Wei et al. (2022, Sec. 2; Wei 2022, "137 emergent abilities") call a few-shot task
#: emergent when small models score "at random chance" and large ones "well above".
LU_CHANCE: dict[str, float] = {
    "analytic_entailment": 1 / 2,
    "causal_judgment": 1 / 2,
    "codenames": 0.0,
    "common_morpheme": 1 / 4,
    "commonsense_qa": (4 / 5 + 1 / 4) / 5,
    "english_proverbs": (4 / 4 + 1 / 5) / 5,
    "fact_checker": 1 / 2,
    "figure_of_speech_detection": 1 / 10,
    "gsm8k": 1 / 5,
    "hindu_knowledge": 1 / 4,
    "implicatures": 1 / 2,
    "international_phonetic_alphabet_transliterate": 0.0,
    "logical_deduction": 1 / 3,
    "misconceptions": 1 / 2,
    "modified_arithmetic": 1 / 3,
    "nonsense_words_grammar": (1 / 6 + 1 / 4 + 1 / 7 + 1 / 6 + 1 / 5) / 5,
    "phrase_relatedness": 1 / 4,
    "physical_intuition": 1 / 4,
    "rhyming": 1 / 5,
    "social_iqa": 1 / 3,
    "strange_stories": 1 / 4,
    "strategyqa": 1 / 2,
    "tracking_shuffled_objects": 1 / 3,
}

#: Two-sided 5% level of the item-noise tests: ``abs(z) >= 1.96``, or a one-sided binomial tail <= 2.5%.
Z_CRIT: float = 1.959963984540054
ALPHA: float = 0.025


def step_z(before: ArrayLike, after: ArrayLike, n_items: ArrayLike) -> np.ndarray | float:
    """z of a rise in accuracy between two models scored on the same n items, under binomial
    item noise (the pooled two-proportion test): (a - b) / sqrt(q (1 - q) 2 / n), q = (a + b)/2.

    before, after: accuracies (0-1); n_items: items per model. Returns z (0 where q is 0 or 1).
    Lu et al.'s common_morpheme step .156 -> .356 on 45 items gives z = 2.17."""
    b, a = _prob(before, "before"), _prob(after, "after")
    n = np.asarray(n_items, dtype=float)
    q = (a + b) / 2
    se = np.sqrt(q * (1 - q) * 2 / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (a - b) / np.where(se > 0, se, 1.0), 0.0)
    return _out(z)


def _binomial_tails(k: ArrayLike, n: ArrayLike, p: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """(P(X > k), P(X <= k)) for X ~ Binomial(n, p), n whole: the regularised incomplete beta
    function of :mod:`scipy.special` (the identities ``scipy.stats.binom`` uses, without importing
    ``scipy.stats``, about half a second at a chapter's start). nan where n is not a whole number."""
    from scipy import special

    k, n, p = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (k, n, p)))
    whole = np.isfinite(n) & (n >= 0) & (n == np.rint(n))
    nn = np.where(whole, n, 0).astype(np.int64)
    kk = np.clip(np.floor(k), 0, nn)
    with np.errstate(invalid="ignore"):
        above = np.where(k < 0, 1.0, np.where(k >= nn, 0.0, special.bdtrc(kk, nn, p)))
        below = np.where(k < 0, 0.0, np.where(k >= nn, 1.0, special.bdtr(kk, nn, p)))
    return np.where(whole, above, np.nan), np.where(whole, below, np.nan)


def chance_tails(accuracy: ArrayLike, n_items: ArrayLike, chance: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """One-sided binomial tails of an accuracy against random chance: (P(X >= k), P(X <= k)) for
    X ~ Binomial(n, chance) and k = round(accuracy n) right answers. A small first tail: above
    chance; a small second tail: below chance, which a guesser among the options cannot reach, so
    the model's answers did not name an option (a format failure). chance 0 (free-text answers):
    any right answer is above chance, nothing is below."""
    acc = _prob(accuracy, "accuracy")
    n = np.asarray(n_items, dtype=float)
    c = _prob(chance, "chance")
    k = np.rint(acc * n)
    p = np.where(c > 0, c, 0.5)
    above = np.where(c > 0, _binomial_tails(k - 1, n, p)[0], np.where(k >= 1, 0.0, 1.0))
    below = np.where(c > 0, _binomial_tails(k, n, p)[1], 1.0)
    return np.asarray(above, dtype=float), np.asarray(below, dtype=float)


def share_interval(k: ArrayLike, n: ArrayLike, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson (exact binomial) interval of a share k / n: (low, high), 0-1; nan when n = 0."""
    from scipy import special  # the Beta quantile is the inverse regularised incomplete beta function

    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    a = (1 - level) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(k > 0, special.betaincinv(k, n - k + 1, a), 0.0)
        hi = np.where(k < n, special.betaincinv(k + 1, n - k, 1 - a), 1.0)
    bad = n <= 0
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


#: Why a curve is, or is not, counted emergent by :func:`lu_jump_test` (first failing check).
JUMP_REASONS: tuple[str, ...] = (
    "emergent",
    "no jump",
    "largest step within item noise",
    "small models above chance",
    "ends at chance level",
)


def lu_jump_test(
    curves: pd.DataFrame,
    *,
    continuous: str = "single_bert_score",
    chance: dict[str, float] | None = None,
    min_sizes: int = 5,
    jump_score: float = JUMP_SCORE,
    step_share: float = STEP_SHARE,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Wei et al.'s definition as a test on each of Lu et al.'s curves (task, prompt, shots;
    pretrained models ordered by size), under exact match:

    1. the curve jumps (:func:`curve_shapes`: score >= jump_score x a ramp, one step >= step_share
       of the rise, past the first third of the size axis);
    2. that step is larger than item noise: :func:`step_z` >= 1.96 on the task's n items;
    3. every model before the step is not above chance (binomial tail > alpha, :func:`chance_tails`);
    4. some model from the step on is above chance (tail <= alpha): "well above chance".

    A model before the step scoring below chance (its lower tail <= alpha) is flagged ``format``:
    it named no option, so its zero is about answer format. ``emergent_exact`` is 1-4;
    ``emergent_continuous`` is 1-4 and the same outputs' ``continuous`` metric also jumps past the
    first third (Lu et al.'s continuous scores have no per-item values, so no noise test exists
    for them). chance: task -> chance accuracy (default :data:`LU_CHANCE`).

    Returns :func:`lu_metric_test`'s columns plus chance, n_items, step_before, step_after,
    step_z, before_max, before_forced_choice (Lu et al.'s BERTScore accuracy, every output mapped
    to its nearest option, of the model before the step; nan where not computed), format,
    after_max, after_p, reason (:data:`JUMP_REASONS`), emergent_exact, emergent_continuous.
    """
    chance = LU_CHANCE if chance is None else chance
    base = lu_metric_test(
        curves, continuous=continuous, min_sizes=min_sizes, jump_score=jump_score, step_share=step_share
    )
    key = ["task", "prompt_type", "n_shots"]
    em_ = curves[curves["metric"] == "exact_match"]
    wide = em_.pivot_table(index=key, columns="n_params", values="value")
    wide = wide[sorted(wide.columns)].reindex(pd.MultiIndex.from_frame(base[key]))
    forced = curves[curves["metric"] == "bert_score"].pivot_table(index=key, columns="n_params", values="value")
    forced = forced.reindex(index=wide.index, columns=wide.columns)
    items = em_.groupby(key)["n_items"].first().reindex(wide.index).to_numpy(float)
    y, x, fc = wide.to_numpy(), wide.columns.to_numpy(float), forced.to_numpy()
    rows = []
    for i in range(len(base)):
        ok = ~np.isnan(y[i])
        yi, xi, fi = y[i, ok], x[ok], fc[i, ok]
        j = int(np.argmax(np.diff(yi)))  # largest rise: models j -> j + 1
        c = float(chance.get(base["task"].iloc[i], np.nan))
        up, down = chance_tails(yi, items[i], c)
        rows.append(
            {
                "chance": c,
                "n_items": items[i],
                "step_before": yi[j],
                "step_after": yi[j + 1],
                "step_z": float(step_z(yi[j], yi[j + 1], items[i])),
                "before_max": float(yi[: j + 1].max()),
                "before_p": float(up[: j + 1].min()),
                "before_forced_choice": fi[j],
                "format": bool((down[: j + 1] <= alpha).any()),
                "after_max": float(yi[j + 1 :].max()),
                "after_p": float(up[j + 1 :].min()),
                "step_to": xi[j + 1],
            }
        )
    out = pd.concat([base.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    jump = out["emergent_em"].to_numpy(bool)
    noisy = out["step_z"].to_numpy() < Z_CRIT
    small_above = out["before_p"].to_numpy() <= alpha
    at_chance = out["after_p"].to_numpy() > alpha
    reason = np.where(
        ~jump,
        "no jump",
        np.where(
            noisy,
            "largest step within item noise",
            np.where(small_above, "small models above chance", np.where(at_chance, "ends at chance level", "emergent")),
        ),
    )
    out["reason"] = reason
    out["emergent_exact"] = reason == "emergent"
    out["emergent_continuous"] = out["emergent_exact"] & out["emergent_cont"].astype(bool)
    return out


def lu_shot_shares(test: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Tasks emergent under :func:`lu_jump_test`, for 0-shot and few-shot prompts separately
    (Lu et al. argue that in-context examples confound the comparison). A task counts once per
    setting: emergent if any of its prompt formats is. Few-shot is 5 examples, or the 2 and 4
    that causal_judgment's and strange_stories' prompts hold. Returns one row per setting
    ("0shot", "5shot"): n_tasks, emergent_exact, emergent_continuous, format_tasks (tasks with a
    format-flagged jump), and each share with its Clopper-Pearson ``level`` interval
    (share_exact, share_exact_low, share_exact_high, and the same for continuous)."""
    rows = []
    for name, sub in (("0shot", test[test["n_shots"] == 0]), ("5shot", test[test["n_shots"] > 0])):
        g = sub.groupby("task")
        n = int(g.ngroups)
        k_e, k_c = int(g["emergent_exact"].any().sum()), int(g["emergent_continuous"].any().sum())
        fmt_t = int((sub["emergent_em"] & sub["format"]).groupby(sub["task"]).any().sum())
        lo, hi = share_interval([k_e, k_c], [n, n], level)
        rows.append(
            {
                "setting": name,
                "n_tasks": n,
                "emergent_exact": k_e,
                "emergent_continuous": k_c,
                "format_tasks": fmt_t,
                "share_exact": k_e / n if n else np.nan,
                "share_exact_low": lo[0],
                "share_exact_high": hi[0],
                "share_continuous": k_c / n if n else np.nan,
                "share_continuous_low": lo[1],
                "share_continuous_high": hi[1],
            }
        )
    return pd.DataFrame(rows).set_index("setting")


# ------------------------------------------------------------------------------------------
# Multiple choice: how wide is each score's rise (expected curves on a dense grid)
# ------------------------------------------------------------------------------------------

#: Model sizes of the dense grid behind :func:`mc_transition_widths`: 1e2 to 1e15, 0.1 decade a step.
MC_GRID: np.ndarray = np.geomspace(1e2, 1e15, 131)


def mc_transition_widths(
    length: int,
    *,
    law: str | PowerLawLoss | ChinchillaLaw = "hoffmann_2022",
    tokens_per_param: float = 20.0,
    item_sd: float = 0.0,
    option_sd: float = OPTION_SD,
    grid: ArrayLike = MC_GRID,
) -> tuple[dict[str, float], pd.DataFrame]:
    """The expected multiple-choice grade and Brier score (BIG-bench normalisation, the item
    model above) over a dense grid of sizes, and each one's 10-90% transition width in decades
    of N (:func:`transition_width`; the Brier score negated so improvement rises). Schaeffer et
    al. (2023, Sec. 4) say the Brier score makes BIG-bench's multiple-choice curves smooth: a
    wider rise. Returns ({"multiple_choice_grade": decades, "brier_score": decades, "midpoint":
    the size (parameters) where the grade is nearest 0.625, halfway from chance 1/4 to 1},
    long frame n_params, metric, value)."""
    n = np.asarray(grid, dtype=float)
    pt = np.asarray(token_probability(n, law, tokens_per_param))
    e = expected_metrics(pt, length, item_sd=item_sd, option_sd=option_sd)
    g, b = np.asarray(e["multiple_choice_grade"]), np.asarray(e["brier_score"])
    w = np.asarray(transition_width(np.vstack([g, -b]), n))
    mid = float(n[int(np.argmin(np.abs(g - 0.625)))])
    frame = pd.DataFrame({"n_params": n, "multiple_choice_grade": g, "brier_score": b}).melt(
        id_vars="n_params", var_name="metric", value_name="value"
    )
    return {"multiple_choice_grade": float(w[0]), "brier_score": float(w[1]), "midpoint": mid}, frame


# ------------------------------------------------------------------------------------------
# ObsScaling on Ruan et al.'s capability axis
# ------------------------------------------------------------------------------------------

#: The eight standard benchmarks of Ruan et al.'s base-model table (columns of
#: :func:`scalingbook.sources.datasets.load_obsscaling_base`), from which they extract
#: principal-component capability measures (Ruan et al. 2024, Sec. 3).
OBS_BENCHMARKS: tuple[str, ...] = (
    "MMLU",
    "ARC-C",
    "HellaSwag",
    "Winograd",
    "TruthfulQA",
    "GSM8K",
    "XWinograd",
    "HumanEval",
)


def capability_pc1(base: pd.DataFrame, benchmarks: tuple[str, ...] = OBS_BENCHMARKS) -> pd.Series:
    """The first principal component of the benchmark scores (accuracies, centred, not
    rescaled) of every model with all of ``benchmarks``: Ruan et al.'s (2024, Sec. 3) leading
    capability measure, here without their imputation of missing scores. Oriented so that a
    higher MMLU means a higher PC1. Returns PC1 per model (benchmark-score units)."""
    d = base.set_index("model")[list(benchmarks)].apply(pd.to_numeric, errors="coerce").dropna()
    if len(d) < 3:
        raise ValueError(f"need at least 3 models with all of {', '.join(benchmarks)}, got {len(d)}")
    m = d.to_numpy(float)
    m = m - m.mean(0)
    _, _, vt = np.linalg.svd(m, full_matrices=False)
    w = vt[0] * np.sign(vt[0][list(benchmarks).index("MMLU")] or 1.0)
    return pd.Series(m @ w, index=d.index, name="pc1")


def _average_ranks(x: ArrayLike) -> np.ndarray:
    """Ranks 1..n along the last axis, tied values sharing their average rank, and a row with a
    nan all nan: what ``scipy.stats.rankdata(x, axis=-1)`` gives, value for value (the averages
    are whole or half numbers, exact in floating point), without importing ``scipy.stats``."""
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    order = np.argsort(x, axis=-1, kind="mergesort")
    xs = np.take_along_axis(x, order, axis=-1)
    idx = np.broadcast_to(np.arange(n), xs.shape)
    first = np.ones(xs.shape, dtype=bool)  # each position that starts a run of equal values
    first[..., 1:] = xs[..., 1:] != xs[..., :-1]
    last = np.ones(xs.shape, dtype=bool)  # each position that ends one
    last[..., :-1] = first[..., 1:]
    start = np.maximum.accumulate(np.where(first, idx, 0), axis=-1)
    end = np.flip(np.minimum.accumulate(np.flip(np.where(last, idx, n - 1), axis=-1), axis=-1), axis=-1)
    ranks = np.empty(xs.shape)
    np.put_along_axis(ranks, order, (start + end) / 2.0 + 1.0, axis=-1)
    return np.where(np.isnan(x).any(axis=-1, keepdims=True), np.nan, ranks)


def _spearman(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Spearman correlation along the last axis (tied values share their average rank)."""
    ra = _average_ranks(a)
    rb = _average_ranks(b)
    ra -= ra.mean(-1, keepdims=True)
    rb -= rb.mean(-1, keepdims=True)
    return (ra * rb).sum(-1) / np.sqrt((ra**2).sum(-1) * (rb**2).sum(-1))


def capability_vs_compute(long: pd.DataFrame, pc1: pd.Series, *, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """How well training compute and the capability measure each order the models on every
    emergent-capability column (:func:`obsscaling_long`): Spearman correlation of the score with
    log compute and with PC1 (:func:`capability_pc1`) over the models that have both, and the
    share of ``n_boot`` bootstrap resamples of those models in which PC1 orders them better.
    Ruan et al. (2024, Sec. 5) find compute a poor predictor across families and the capability
    measures a good one. Returns column, task, metric, n_models, rho_compute, rho_capability,
    share_capability_better."""
    _positive_int(n_boot, "n_boot")
    d = long.merge(pc1.rename("pc1"), left_on="model", right_index=True, how="inner")
    rng = np.random.default_rng(seed)
    rows = []
    for (col, task, metric), g in d.groupby(["column", "task", "metric"]):
        v, c, p = g["value"].to_numpy(float), np.log10(g["train_flops"].to_numpy(float)), g["pc1"].to_numpy(float)
        idx = rng.integers(0, len(v), (n_boot, len(v)))
        with np.errstate(invalid="ignore", divide="ignore"):
            better = _spearman(v[idx], p[idx]) > _spearman(v[idx], c[idx])
        rows.append(
            {
                "column": col,
                "task": task,
                "metric": metric,
                "n_models": len(v),
                "rho_compute": float(_spearman(v, c)),
                "rho_capability": float(_spearman(v, p)),
                "share_capability_better": float(better.mean()),
            }
        )
    return pd.DataFrame(rows)


# the starting grid of every sigmoid fit: a in (0.5, 2, 5) x b in (-3, 0, 2), a outermost
_SIGMOID_STARTS = tuple((a0, b0) for a0 in (0.5, 2.0, 5.0) for b0 in (-3.0, 0.0, 2.0))


def _sigmoid(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sigmoid 1 / (1 + exp(-u)) with u clipped at +-60, and its derivative in u (zero where
    the clip holds, as for the clipped curve)."""
    e = np.exp(-np.clip(u, -60, 60))
    s = 1.0 / (1.0 + e)
    return s, np.where(np.abs(u) < 60, e * s * s, 0.0)


def _sigmoid_fits(z: list[np.ndarray], y: list[np.ndarray], *, max_iter: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares fits of y = 1 / (1 + exp(-(a z + b))), the logit clipped at +-60, for many
    problems at once: problem i is the points ``z[i]``, ``y[i]`` (any length). Each is started
    from every point of the grid a in (0.5, 2, 5) x b in (-3, 0, 2); all (problem, start) pairs
    are carried together by one Levenberg-Marquardt (analytic Jacobian, the 2 x 2 damped
    Gauss-Newton step solved in closed form, Nielsen's damping update) until no step lowers the
    cost by more than rounding (or the cost is below 1e-30), and each problem keeps its start of
    lowest cost (the first on a tie). Scipy's least_squares from the same starts stops earlier
    (its default tolerances) and never lower (tests/test_emergence.py). Returns the parameters
    (a, b), shape (P, 2), and the cost, half the sum of squared residuals, shape (P,)."""
    if len(z) != len(y):
        raise ValueError(f"z and y must hold the same number of problems, got {len(z)} and {len(y)}")
    n_prob, n_start = len(z), len(_SIGMOID_STARTS)
    if n_prob == 0:
        return np.empty((0, 2)), np.empty(0)
    z = [np.atleast_1d(np.asarray(v, dtype=float)) for v in z]
    y = [np.atleast_1d(np.asarray(v, dtype=float)) for v in y]
    width = max(len(v) for v in z)
    zz, yy, ww = np.zeros((n_prob, width)), np.zeros((n_prob, width)), np.zeros((n_prob, width))
    for i, (zi, yi) in enumerate(zip(z, y)):
        if zi.ndim != 1 or zi.shape != yi.shape or not len(zi):
            raise ValueError(f"problem {i}: z and y must be non-empty and of one length, got {zi.shape}, {yi.shape}")
        if not (np.isfinite(zi).all() and np.isfinite(yi).all()):
            raise ValueError(f"problem {i}: z and y must be finite")
        zz[i, : len(zi)], yy[i, : len(zi)], ww[i, : len(zi)] = zi, yi, 1.0
    # one row per (problem, start); the padding past a problem's points has weight 0
    zz, yy, ww = (np.repeat(v, n_start, axis=0) for v in (zz, yy, ww))
    p = np.tile(np.asarray(_SIGMOID_STARTS, dtype=float), (n_prob, 1))

    def state(p: np.ndarray, zz: np.ndarray, yy: np.ndarray, ww: np.ndarray) -> tuple[np.ndarray, ...]:
        """cost, J'J (aa, ab, bb) and J'r (a, b) at p, J the residuals' Jacobian in (a, b)."""
        s, ds = _sigmoid(p[:, :1] * zz + p[:, 1:])
        r, jb = ww * (s - yy), ww * ds
        ja = jb * zz
        dot = lambda u, v: np.einsum("ij,ij->i", u, v)  # noqa: E731
        return 0.5 * dot(r, r), dot(ja, ja), dot(ja, jb), dot(jb, jb), dot(r, ja), dot(r, jb)

    p_out, cost_out = p.copy(), np.empty(len(p))
    cur = state(p, zz, yy, ww)
    mu = 1e-3 * np.maximum(cur[1], cur[3])
    nu = np.full(len(p), 2.0)
    ids = np.arange(len(p))  # the rows still being carried, and their data below
    with np.errstate(all="ignore"):  # a damping grown past the floats ends its row below
        for _ in range(max_iter):
            cost, haa, hab, hbb, ga, gb = cur
            # (J'J + mu I) d = -J'r, solved in closed form
            a11, a22 = haa + mu, hbb + mu
            det = a11 * a22 - hab * hab
            ok = det > 0
            da = np.where(ok, (hab * gb - a22 * ga) / det, 0.0)
            db = np.where(ok, (hab * ga - a11 * gb) / det, 0.0)
            trial = p + np.stack([da, db], axis=1)
            # a step too small to change the parameters in floating point: nothing is left to gain
            moved = (trial[:, 0] != p[:, 0]) | (trial[:, 1] != p[:, 1])
            new = state(trial, zz, yy, ww)
            better = moved & (new[0] < cost)
            rho = (cost - new[0]) / (0.5 * (mu * (da * da + db * db) - (ga * da + gb * db)))
            # a decrease at the rounding level, or residuals below 1e-15 (nothing left to fit), ends a row
            settled = better & ((cost - new[0] <= 4 * np.finfo(float).eps * cost) | (new[0] < 1e-30))
            p = np.where(better[:, None], trial, p)
            cur = tuple(np.where(better, n, o) for n, o in zip(new, cur))
            shrink = np.maximum(1.0 / 3.0, 1.0 - (2.0 * np.clip(rho, 0.0, 1.0) - 1.0) ** 3)
            mu = np.where(better, mu * shrink, mu * nu)
            nu = np.where(better, 2.0, 2.0 * nu)
            going = moved & ~settled & (mu < 1e300)
            if not going.all():
                done = ~going
                p_out[ids[done]], cost_out[ids[done]] = p[done], cur[0][done]
                if not going.any():
                    break
                ids, p, mu, nu, zz, yy, ww = (v[going] for v in (ids, p, mu, nu, zz, yy, ww))
                cur = tuple(v[going] for v in cur)
        else:  # max_iter reached: the rows still carried keep where they got to
            p_out[ids], cost_out[ids] = p, cur[0]
    cost = cost_out.reshape(n_prob, n_start)
    best = np.argmin(cost, axis=1)
    rows = np.arange(n_prob)
    return p_out.reshape(n_prob, n_start, 2)[rows, best], cost[rows, best]


def _standardise(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x_train and x_test in units of x_train's standard deviation from its mean (1 if it is 0)."""
    mu, sd = float(x_train.mean()), float(x_train.std()) or 1.0
    return (x_train - mu) / sd, (x_test - mu) / sd


def _sigmoid_at(params: np.ndarray, z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(params[0] * z + params[1], -60, 60)))


def sigmoid_extrapolation(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray) -> np.ndarray:
    """Fit y = 1 / (1 + exp(-(a z + b))) to (x_train, y_train) by least squares, z the
    standardised x of the training points, and predict y at ``x_test``: the sigmoid Ruan et al.
    (2024, Sec. 4.1) fit to an emergent capability on weaker models and extrapolate to stronger
    ones. y: scores on 0-1; returns predictions on 0-1. Several starting points are tried and the
    best fit kept."""
    x_train, y_train, x_test = (np.asarray(v, dtype=float) for v in (x_train, y_train, x_test))
    z, zt = _standardise(x_train, x_test)
    params, _ = _sigmoid_fits([z], [y_train])
    return _sigmoid_at(params[0], zt)


def capability_holdout(long: pd.DataFrame, pc1: pd.Series, quantile: float) -> pd.DataFrame:
    """Ruan et al.'s kind of test, on their published scores: for each emergent-capability column
    of :func:`obsscaling_long`, fit a sigmoid (:func:`sigmoid_extrapolation`) on the models whose
    training compute is at most the ``quantile`` of the column's models' compute, once with log
    compute and once with the capability measure PC1 (:func:`capability_pc1`) as the input, and
    measure each fit's error on the held-out models above that cutoff. Scores in percent (BLEU)
    are put on 0-1. Returns column, n_train, n_test, rmse_compute, rmse_capability (0-1 units)."""
    if not (0 < quantile < 1):
        raise ValueError(f"quantile must be in (0, 1), got {quantile!r}")
    d = long.merge(pc1.rename("pc1"), left_on="model", right_index=True, how="inner")
    cols, fits = [], []  # fits: (z_train, y_train, z_test, y_test), compute then capability per column
    for col, g in d.groupby("column"):
        y = g["value"].to_numpy(float)
        y = y / 100.0 if np.nanmax(y) > 1 else y
        lc, cap = np.log10(g["train_flops"].to_numpy(float)), g["pc1"].to_numpy(float)
        train = lc <= np.quantile(lc, quantile)
        test = ~train
        if train.sum() < 5 or test.sum() < 2:
            continue
        cols.append((col, int(train.sum()), int(test.sum())))
        fits += [(*_standardise(x[train], x[test]), y[train], y[test]) for x in (lc, cap)]
    # every column's two sigmoids fitted together
    params, _ = _sigmoid_fits([f[0] for f in fits], [f[2] for f in fits])
    err = [float(np.sqrt(np.mean((_sigmoid_at(pr, zt) - yt) ** 2))) for pr, (_, zt, _, yt) in zip(params, fits)]
    return pd.DataFrame(
        [
            {"column": col, "n_train": n_train, "n_test": n_test, "rmse_compute": e_c, "rmse_capability": e_p}
            for (col, n_train, n_test), e_c, e_p in zip(cols, err[::2], err[1::2])
        ],
        columns=["column", "n_train", "n_test", "rmse_compute", "rmse_capability"],
    )


def sign_test_p(wins: int, n: int) -> float:
    """One-sided sign test: the probability of at least ``wins`` successes in ``n`` fair coin
    flips (the chance that one predictor beats another on that many of n columns by luck)."""
    if not (0 <= wins <= n):
        raise ValueError(f"wins must be in [0, n], got {wins} of {n}")
    # exact: sum of C(n, i) for i >= wins over 2^n, in whole numbers, divided once
    return sum(math.comb(int(n), i) for i in range(int(wins), int(n) + 1)) / 2 ** int(n)
