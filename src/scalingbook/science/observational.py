"""Observational scaling: a low-dimensional capability space from many models' benchmark scores.

Ruan, Maddison & Hashimoto 2024 ("Observational Scaling Laws and the Predictability of Language
Model Performance", arXiv:2405.10938) take published benchmark scores of ~100 public base models
from many families, extract a few principal components (PCs) of the score matrix, and find that
a handful of components explain most of the variance; a benchmark is then predicted as a
sigmoid of a linear function of the PCs fitted on weaker models. Functions here take the table
of :func:`scalingbook.sources.datasets.load_obsscaling_base` (accuracies 0-1), are pure and numpy-based,
and report every model they leave out (a missing score) with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "BENCHMARKS",
    "score_matrix",
    "PCA",
    "principal_components",
    "spearman",
    "heldout_rank_agreement",
    "split_rank_agreement",
    "capability_backtest",
    "rank_agreement",
]

#: The eight benchmarks of ObsScaling's base-model table (eval_results/base_llm_benchmark_eval.csv).
BENCHMARKS = ("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd", "HumanEval")


def score_matrix(df: pd.DataFrame, benchmarks: tuple[str, ...] = BENCHMARKS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Models with a score on every benchmark in ``benchmarks``, and the models left out.

    Returns (kept rows of ``df``, excluded: model, reason naming the missing benchmarks)."""
    missing = [b for b in benchmarks if b not in df.columns]
    if missing:
        raise ValueError(f"benchmarks must be columns of the table; missing {missing}")
    na = df[list(benchmarks)].isna()
    bad = na.any(axis=1)
    reasons = ["no score on " + ", ".join(b for b, m in zip(benchmarks, row) if m) for row in na[bad].to_numpy()]
    excluded = pd.DataFrame({"model": df.loc[bad, "model"].to_numpy(), "reason": reasons}, columns=["model", "reason"])
    return df[~bad].reset_index(drop=True), excluded


@dataclass(frozen=True)
class PCA:
    """Principal components of a (models, benchmarks) score matrix.

    ``mean``/``scale``: the per-benchmark centring and scaling applied (scale 1 when not
    standardised); ``components``: (k, benchmarks) unit loadings, the first oriented so its
    loadings sum to a positive number (higher scores -> higher PC1); ``explained``: share of
    the total variance per component; ``scores``: (models, k).
    """

    mean: np.ndarray
    scale: np.ndarray
    components: np.ndarray
    explained: np.ndarray
    scores: np.ndarray

    def transform(self, x: np.ndarray) -> np.ndarray:
        """PC scores of new rows ``x`` (models, benchmarks) in this basis."""
        return ((np.asarray(x, float) - self.mean) / self.scale) @ self.components.T


def principal_components(x: np.ndarray, standardize: bool = False) -> PCA:
    """PCA by singular value decomposition of the centred matrix ``x`` (models, benchmarks).

    Ruan et al. 2024 apply PCA to the benchmark accuracies (0-1); ``standardize`` divides
    each benchmark by its standard deviation first. Signs: each component is oriented so its
    loadings sum to >= 0."""
    xa = np.asarray(x, dtype=float)
    if xa.ndim != 2 or xa.shape[0] < 2 or not np.all(np.isfinite(xa)):
        raise ValueError(f"need a finite (models, benchmarks) matrix with at least 2 models; got shape {xa.shape}")
    mean = xa.mean(axis=0)
    scale = xa.std(axis=0, ddof=1) if standardize else np.ones(xa.shape[1])
    scale = np.where(scale > 0, scale, 1.0)
    z = (xa - mean) / scale
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    sign = np.where(vt.sum(axis=1) < 0, -1.0, 1.0)
    vt = vt * sign[:, None]
    var = s**2
    return PCA(mean, scale, vt, var / var.sum(), z @ vt.T)


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman rank correlation of two 1-D arrays (average ranks for ties)."""
    ra = pd.Series(np.asarray(a, float)).rank().to_numpy()
    rb = pd.Series(np.asarray(b, float)).rank().to_numpy()
    return float(np.corrcoef(ra, rb)[0, 1])


def _sigmoid_fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least squares of y = 1 / (1 + exp(-(w0 + x w))) (x: (n, k)); returns [w0, w...].
    Starts from the line through logit(y); Levenberg-Marquardt refines it."""
    from .downstream import least_squares

    yc = np.clip(y, 1e-3, 1 - 1e-3)
    design = np.column_stack([np.ones(len(x)), x])
    start, *_ = np.linalg.lstsq(design, np.log(yc / (1 - yc)), rcond=None)

    def resid(w):
        return 1.0 / (1.0 + np.exp(-(design @ w))) - y

    with np.errstate(over="ignore"):
        return least_squares(resid, start)[0]


def capability_backtest(
    df: pd.DataFrame,
    target: str = "MMLU",
    n_components: int = 3,
    holdout: float = 0.2,
    benchmarks: tuple[str, ...] = BENCHMARKS,
) -> dict:
    """Predict ``target`` for the largest models from a capability axis fitted on smaller ones.

    Models with a score on every benchmark and a training compute are sorted by compute; the
    top ``holdout`` share (at least one) is held out. On the others: PCA of the *other* seven
    benchmarks, then target = sigmoid(w0 + w . PC_1..k) by least squares (the form of Ruan et
    al. 2024: a sigmoid of a linear function of the capability components). The held-out models are projected on the same components and
    predicted. A baseline fits the same sigmoid to log10 compute alone.

    Returns a dict: ``table`` (model, family, train_flops, actual, predicted, predicted_compute,
    held_out), ``mae_pc`` / ``mae_compute`` (mean absolute error on the held-out models,
    accuracy 0-1), ``n_train``, ``n_test``, ``cutoff_flops``, ``excluded``.
    """
    if target not in benchmarks:
        raise ValueError(f"target must be one of {', '.join(benchmarks)}; got {target!r}")
    others = tuple(b for b in benchmarks if b != target)
    if not 1 <= n_components <= len(others):
        raise ValueError(f"n_components must be in [1, {len(others)}]; got {n_components}")
    if not 0 < holdout < 1:
        raise ValueError(f"holdout must be in (0, 1); got {holdout}")
    kept, excluded = score_matrix(df, benchmarks)
    no_c = kept["train_flops"].isna() | (kept["train_flops"] <= 0)
    excluded = pd.concat(
        [
            excluded,
            pd.DataFrame(
                {"model": kept.loc[no_c, "model"].to_numpy(), "reason": "no training compute (needed to order models)"}
            ),
        ],
        ignore_index=True,
    )
    d = kept[~no_c].sort_values("train_flops", kind="stable").reset_index(drop=True)
    n_test = max(1, int(round(holdout * len(d))))
    if len(d) - n_test < n_components + 2:
        raise ValueError(f"holdout {holdout} leaves {len(d) - n_test} models to fit {n_components + 1} weights")
    test = np.arange(len(d)) >= len(d) - n_test
    x = d[list(others)].to_numpy(float)
    pca = principal_components(x[~test])
    s = pca.transform(x)[:, :n_components]
    y = d[target].to_numpy(float)
    w = _sigmoid_fit(s[~test], y[~test])
    pred = 1.0 / (1.0 + np.exp(-(w[0] + s @ w[1:])))
    lc = np.log10(d["train_flops"].to_numpy(float))[:, None]
    wc = _sigmoid_fit(lc[~test], y[~test])
    pred_c = 1.0 / (1.0 + np.exp(-(wc[0] + lc @ wc[1:])))
    table = pd.DataFrame(
        {
            "model": d["model"],
            "family": d["family"],
            "train_flops": d["train_flops"],
            "actual": y,
            "predicted": pred,
            "predicted_compute": pred_c,
            "held_out": test,
        }
    )
    return {
        "table": table,
        "target": target,
        "n_components": n_components,
        "mae_pc": float(np.mean(np.abs(pred[test] - y[test]))),
        "mae_compute": float(np.mean(np.abs(pred_c[test] - y[test]))),
        "n_train": int((~test).sum()),
        "n_test": int(test.sum()),
        "cutoff_flops": float(d["train_flops"][test].min()),
        "explained": pca.explained,
        "excluded": excluded,
    }


def rank_agreement(df: pd.DataFrame, benchmarks: tuple[str, ...] = BENCHMARKS) -> pd.DataFrame:
    """How well one number ranks models as the average of all benchmarks does.

    For the models with every score: Spearman correlation with the mean accuracy over
    ``benchmarks`` of (a) PC1 and (b) each single benchmark. Columns: measure, spearman."""
    kept, _ = score_matrix(df, benchmarks)
    x = kept[list(benchmarks)].to_numpy(float)
    avg = x.mean(axis=1)
    pc1 = principal_components(x).scores[:, 0]
    rows = [{"measure": "first principal component", "spearman": spearman(pc1, avg)}]
    rows += [{"measure": b, "spearman": spearman(x[:, i], avg)} for i, b in enumerate(benchmarks)]
    return pd.DataFrame(rows)


def heldout_rank_agreement(df: pd.DataFrame, benchmarks: tuple[str, ...] = BENCHMARKS) -> pd.DataFrame:
    """Does an index built from some benchmarks rank models on a benchmark it never saw?

    For each benchmark b in turn (held out): PC1 of the other benchmarks' accuracies (Ruan et
    al. 2024's capability measure) and each single other benchmark are rank-correlated
    (Spearman) with b over the models with every score. Nothing of b enters the index, unlike a
    correlation with the mean of the benchmarks the index is built from.
    Columns: held_out, index (Spearman of PC1 of the others), best_single (name),
    best_single_spearman, mean_single_spearman, single_spearmans (tuple, one per other benchmark),
    index_beats_every_single (bool)."""
    kept, _ = score_matrix(df, benchmarks)
    x = kept[list(benchmarks)].to_numpy(float)
    rows = []
    for j, b in enumerate(benchmarks):
        others = [i for i in range(len(benchmarks)) if i != j]
        pc1 = principal_components(x[:, others]).scores[:, 0]
        singles = {benchmarks[i]: spearman(x[:, i], x[:, j]) for i in others}
        best = max(singles, key=singles.get)
        r = spearman(pc1, x[:, j])
        rows.append(
            {
                "held_out": b,
                "index": r,
                "best_single": best,
                "best_single_spearman": singles[best],
                "mean_single_spearman": float(np.mean(list(singles.values()))),
                "single_spearmans": tuple(singles.values()),
                "index_beats_every_single": bool(r > singles[best]),
            }
        )
    return pd.DataFrame(rows)


def split_rank_agreement(df: pd.DataFrame, benchmarks: tuple[str, ...] = BENCHMARKS) -> pd.DataFrame:
    """Agreement between disjoint benchmark subsets: for every split of the benchmarks into two
    halves, the Spearman correlation of the two halves' PC1 over the models with every score,
    beside the mean Spearman of single benchmarks taken one from each half.
    Columns: half_a, half_b, index_agreement, single_agreement."""
    from itertools import combinations

    kept, _ = score_matrix(df, benchmarks)
    x = kept[list(benchmarks)].to_numpy(float)
    k = len(benchmarks)
    # every pair of single benchmarks recurs in many splits: each correlation is computed once
    single = {(i, j): spearman(x[:, i], x[:, j]) for i in range(k) for j in range(k) if i != j}
    rows = []
    for a in combinations(range(k), k // 2):
        if 0 not in a:  # each split once
            continue
        b = tuple(i for i in range(k) if i not in a)
        pa = principal_components(x[:, list(a)]).scores[:, 0]
        pb = principal_components(x[:, list(b)]).scores[:, 0]
        pairs = [single[i, j] for i in a for j in b]
        rows.append(
            {
                "half_a": ", ".join(benchmarks[i] for i in a),
                "half_b": ", ".join(benchmarks[i] for i in b),
                "index_agreement": spearman(pa, pb),
                "single_agreement": float(np.mean(pairs)),
            }
        )
    return pd.DataFrame(rows)
