"""What the loss-scaling chapter shows: Besiroglu et al. 2024 reproduced from Epoch's digitised
Chinchilla runs, Hoffmann's constants scored on the same points, Gadre et al.'s testbed as a
second check, Sardana's inference-aware examples, data quality, the claims table, the charts and
the sentences generated from numbers.

Formulas, fits and loaders live in :mod:`scalingbook.science.laws`, :mod:`scalingbook.science.fitting`,
:mod:`scalingbook.science.quality` and :mod:`scalingbook.sources.datasets`; this module assembles them for the
page. :func:`build` computes everything once per parameter set; fits are cached on disk
(:func:`scalingbook.science.fitting.fit_chinchilla_cached`), so a re-run with another budget refits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..science import fitting
from ..science import laws
from ..science import quality
from .report import verdict

__all__ = [
    "DATASETS", "PUBLISHED_INPUTS", "LAW_LABELS", "LAW_COLOURS", "Page", "build", "load_points", "md",
    "replication_table", "objective_table", "gadre_table", "sardana_table", "claims_table",
    "replication_sentence", "hoffmann_sentence", "optimum_sentence", "kaplan_sentence",
    "approach3_sentence", "rounding_sentence", "gadre_sentence", "sardana_sentence",
    "data_constrained_sentence", "quality_sentence", "band_sentence", "gopher_band_sentence",
    "frontier_chart", "isoflop_chart", "band_chart", "residual_chart", "gadre_chart",
    "inference_chart", "data_constrained_chart", "exhaustion_chart", "quality_chart",
    "rounding_table", "kaplan_exercise_table", "data_exercise_table",
]

#: The choices of the chapter's ``data`` parameter.
DATASETS = ("epoch_chinchilla", "synthetic")

#: Inputs of the published results the claims are checked at (never the reader's parameters).
PUBLISHED_INPUTS = {
    "data": "epoch_chinchilla", "drop_highest_losses": 5, "n_bootstrap": 4000, "seed": 0,
    "gopher_flops": 5.76e23, "growth_per_year": 2.5, "stock_tokens": 3e14, "start_tokens": 15e12,
    "start_year": 2024, "sardana_loss": 2.4, "sardana_inference_tokens": 1e12,
}

#: Display names of the laws; every chart colours a law the same way (:data:`LAW_COLOURS`).
LAW_LABELS = {
    "kaplan_2020": "Kaplan et al. 2020",
    "hoffmann_2022": "Hoffmann et al. 2022, Eq. 10 (rounded)",
    "hoffmann_2022_unrounded": "Hoffmann et al. 2022, unrounded",
    "besiroglu_2024": "Besiroglu et al. 2024",
    "sardana_2024": "Sardana et al. 2024 constants",
    "rule_20": "20 tokens per parameter",
    "refit": "refit on this page's runs",
}
LAW_COLOURS = {
    "Kaplan et al. 2020": "#0072B2",
    "Hoffmann et al. 2022, Eq. 10 (rounded)": "#E69F00",
    "Hoffmann et al. 2022, unrounded": "#CC79A7",
    "Besiroglu et al. 2024": "#009E73",
    "Sardana et al. 2024 constants": "#56B4E9",
    "20 tokens per parameter": "#777777",
    "refit on this page's runs": "#000000",
}
#: Gadre et al.'s training sets, by the testbed's own names.
GADRE_SETS = {"c4_original": "C4", "rpj": "RedPajama", "rw_original": "RefinedWeb"}
GADRE_COLOURS = {"C4": "#0072B2", "RedPajama": "#CC79A7", "RefinedWeb": "#009E73"}
#: Largest model in Muennighoff et al. 2023's fits (parameters): beyond it their law is extrapolated.
MUENNIGHOFF_MAX_PARAMS = 9e9
#: Quality exponents drawn in the data-quality chart: gamma < 1 is Subramanyam et al.'s finding;
#: these values are illustrations, not their fits.
QUALITY_GAMMAS = (0.25, 0.5, 1.0)


def md(text: str) -> Any:
    """Markdown for a generated sentence (displayed as the cell's output)."""
    from IPython.display import Markdown

    return Markdown(text)


def _sig(x: float, digits: int = 3) -> str:
    """3 significant figures without scientific notation for ordinary magnitudes."""
    if x == 0 or not np.isfinite(x):
        return f"{x:g}"
    if 1e-3 <= abs(x) < 1e6:
        s = f"{x:.{digits}g}"
        if "e" in s:
            s = f"{x:,.0f}"
        return s
    return f"{x:.{digits}g}"


def _count(x: float) -> str:
    return f"{x / 1e9:.3g}B" if x >= 1e9 else f"{x / 1e6:.3g}M"


# ----------------------------------------------------------------------------- data and fits


def load_points(data: str, drop_highest: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All runs of ``data`` (``epoch_chinchilla``: Epoch AI's digitisation of Hoffmann et al.'s
    Fig. 4, 245 runs; ``synthetic``: the book's sample drawn from Besiroglu et al.'s law) and the
    runs kept after dropping the ``drop_highest`` highest losses (Besiroglu et al. drop 5)."""
    if data == "epoch_chinchilla":
        from ..sources import datasets

        points = datasets.load_epoch_chinchilla()
    elif data == "synthetic":
        from ..sources import tables as _data

        points = _data.load_loss_points("synthetic_loss_points.csv")
    else:
        raise ValueError(f"data must be one of {', '.join(DATASETS)}; got {data!r}")
    points = points[["n_params", "n_tokens", "train_flops", "loss"]].reset_index(drop=True)
    kept = points.nsmallest(len(points) - int(drop_highest), "loss").sort_index()
    return points, kept


def _refit(data: str, drop: int, n_bootstrap: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, fitting.ChinchillaFit]:
    points, kept = load_points(data, drop)
    fit = fitting.fit_chinchilla_cached(kept["n_params"].to_numpy(), kept["n_tokens"].to_numpy(),
                                        kept["loss"].to_numpy(), n_bootstrap=int(n_bootstrap), seed=int(seed))
    return points, kept, fit


#: Bootstrap resamples of each Gadre et al. fit (34-35 runs each).
GADRE_BOOTSTRAP = 200


def _gadre_fits() -> tuple[pd.DataFrame, dict[str, fitting.ChinchillaFit]]:
    from ..sources import datasets

    runs = datasets.load_gadre2024_runs()
    fits = {}
    for key, label in GADRE_SETS.items():
        sub = runs[runs["dataset"] == key]
        fits[label] = fitting.fit_chinchilla_cached(sub["n_params"].to_numpy(), sub["n_tokens"].to_numpy(),
                                                    sub["loss_c4_val"].to_numpy(), n_bootstrap=GADRE_BOOTSTRAP, seed=0)
    return runs, fits


@dataclass(frozen=True)
class Page:
    """Everything the chapter shows for one parameter set."""

    params: dict
    points: pd.DataFrame          # the reader's runs (all)
    kept: pd.DataFrame            # ... after dropping the highest losses
    fit: fitting.ChinchillaFit    # the refit on the reader's runs
    reference_fit: fitting.ChinchillaFit  # the refit at the published inputs (claims)
    reference_kept: pd.DataFrame
    gadre_runs: pd.DataFrame
    gadre_fits: dict

    @property
    def law(self) -> laws.ChinchillaLaw:
        return laws.chinchilla_law(self.params["law"])

    @property
    def budget(self) -> float:
        return float(self.params["compute_budget_flops"])

    @property
    def is_default_data(self) -> bool:
        p, ref = self.params, PUBLISHED_INPUTS
        return (p["data"], p["drop_highest_losses"], p["n_bootstrap"], p["seed"]) == (
            ref["data"], ref["drop_highest_losses"], ref["n_bootstrap"], ref["seed"])

    @property
    def data_label(self) -> str:
        name = ("Epoch AI's digitised Chinchilla runs" if self.params["data"] == "epoch_chinchilla"
                else "the synthetic sample")
        return f"{name} ({len(self.kept)} runs)"


@lru_cache(maxsize=8)
def _build(items: tuple) -> Page:
    p = dict(items)
    ref = PUBLISHED_INPUTS
    _, ref_kept, ref_fit = _refit(ref["data"], ref["drop_highest_losses"], ref["n_bootstrap"], ref["seed"])
    points, kept, fit = _refit(p["data"], p["drop_highest_losses"], p["n_bootstrap"], p["seed"])
    runs, gfits = _gadre_fits()
    return Page(p, points, kept, fit, ref_fit, ref_kept, runs, gfits)


def build(params: dict) -> Page:
    """The chapter's :class:`Page` for validated ``params`` (cached per parameter set)."""
    return _build(tuple(sorted(params.items())))


def _objective(law: laws.ChinchillaLaw, kept: pd.DataFrame) -> float:
    return fitting.huber_objective(law, kept["n_params"], kept["n_tokens"], kept["loss"])


def _summary(fit: fitting.ChinchillaFit, level: float = 0.95) -> pd.DataFrame:
    if len(fit.bootstrap) >= 2:
        return fit.confidence_intervals(level).set_index("parameter")
    law = fit.law
    est = [law.E, law.A, law.B, law.alpha, law.beta, law.a]
    return pd.DataFrame({"estimate": est, "se": np.nan, "low": np.nan, "high": np.nan},
                        index=list(fitting.PARAM_NAMES) + ["a"])


# ----------------------------------------------------------------------------- tables

#: Besiroglu et al. 2024's point estimate and bootstrap SEs (Table 1; data_analysis.ipynb), and a.
BESIROGLU_PUBLISHED = {"E": (1.82, 0.0257), "A": (482.01, 124.52), "B": (2085.43, 1293.28),
                       "alpha": (0.35, 0.0154), "beta": (0.37, 0.0206), "a": (0.513, 0.020)}


def replication_table(page: Page) -> pd.DataFrame:
    """The refit on the reader's runs (estimate, bootstrap SE, 95% interval) beside Besiroglu et
    al. 2024 (estimate and SE as printed) and Hoffmann et al. 2022 Eq. 10."""
    s = _summary(page.fit)
    h = laws.HOFFMANN_2022
    hv = {"E": h.E, "A": h.A, "B": h.B, "alpha": h.alpha, "beta": h.beta, "a": h.a}
    rows = []
    for name in list(fitting.PARAM_NAMES) + ["a"]:
        est, se = BESIROGLU_PUBLISHED[name]
        rows.append({"parameter": name, "refit": s.loc[name, "estimate"], "bootstrap SE": s.loc[name, "se"],
                     "95% low": s.loc[name, "low"], "95% high": s.loc[name, "high"],
                     "Besiroglu et al. 2024": est, "their SE": se, "Hoffmann et al. 2022": hv[name]})
    return pd.DataFrame(rows)


def objective_table(page: Page) -> pd.DataFrame:
    """The summed Huber objective (delta 1e-3) of each law on the reader's kept runs, and its
    ratio to the refit's."""
    rows = [("refit (summed-objective optimum)", page.fit.objective)]
    for key in ("besiroglu_2024", "hoffmann_2022_unrounded", "hoffmann_2022"):
        law = laws.chinchilla_law(key)
        rows.append((LAW_LABELS[key] + (" (Table 1, Huber likelihood)" if key == "besiroglu_2024" else ""),
                     _objective(law, page.kept)))
    df = pd.DataFrame(rows, columns=["parameters", "summed Huber objective"])
    df["x the refit's"] = df["summed Huber objective"] / page.fit.objective
    return df


def gadre_table(page: Page, level: float = 0.8) -> pd.DataFrame:
    """The Chinchilla form fitted to Gadre et al.'s runs of each training set on C4 validation
    loss: runs, E, alpha, beta, a (with its bootstrap interval at ``level``) and the
    compute-optimal tokens per parameter at the reader's budget (point and band)."""
    rows = []
    for label, fit in page.gadre_fits.items():
        ci = fit.confidence_intervals(level).set_index("parameter")
        band = fit.frontier_band([page.budget], level=level).iloc[0]
        rows.append({"training set": label, "runs": fit.n_points, "E": fit.law.E, "alpha": fit.law.alpha,
                     "beta": fit.law.beta, "a": fit.law.a, f"a {level:.0%} low": ci.loc["a", "low"],
                     f"a {level:.0%} high": ci.loc["a", "high"], "D/N at your budget": band["tokens_per_param"],
                     f"D/N {level:.0%} low": band["low"], f"D/N {level:.0%} high": band["high"]})
    return pd.DataFrame(rows)


def sardana_table() -> pd.DataFrame:
    """Sardana et al. 2024's Figure 1 example under their constants and under Hoffmann's."""
    rows = []
    for key in ("sardana_2024", "hoffmann_2022", "hoffmann_2022_unrounded"):
        law = laws.SARDANA_2024 if key == "sardana_2024" else laws.chinchilla_law(key)
        n, saved, share = laws.sardana_example(law)
        rows.append({"constants": LAW_LABELS[key], "alpha": law.alpha, "beta": law.beta,
                     "smaller model (B)": n / 1e9, "FLOPs saved": saved, "saved (%)": 100 * share})
    return pd.DataFrame(rows)


def rounding_table() -> pd.DataFrame:
    """Exercise 2.2: each parameter of the rounded and unrounded Approach 3 fits, their relative
    difference, and the tokens per parameter each gives at 1e25 FLOPs."""
    r, u = laws.HOFFMANN_2022, laws.HOFFMANN_2022_UNROUNDED
    rows = [{"parameter": p, "rounded": getattr(r, p), "unrounded": getattr(u, p),
             "difference (%)": 100 * abs(getattr(r, p) / getattr(u, p) - 1)} for p in ("E", "A", "B", "alpha", "beta")]
    rows.append({"parameter": "D/N at 1e25 FLOP", "rounded": float(r.compute_optimal(1e25).tokens_per_param),
                 "unrounded": float(u.compute_optimal(1e25).tokens_per_param),
                 "difference (%)": 100 * abs(float(r.compute_optimal(1e25).tokens_per_param)
                                             / float(u.compute_optimal(1e25).tokens_per_param) - 1)})
    return pd.DataFrame(rows)


def kaplan_exercise_table(train_flops: float = 1e24) -> pd.DataFrame:
    """Exercise 2.1: Kaplan's allocation at C against the replication's optimum. Kaplan's N and D
    spend 6ND (about 1.81 C), so both the loss at Kaplan's N trained on C/6N tokens (budget C)
    and the budget the optimum needs for that loss are shown."""
    b = laws.BESIROGLU_2024
    n_k = float(laws.KAPLAN_2020.compute_optimal(train_flops).n_params)
    loss_k = float(b.loss(n_k, train_flops / (6 * n_k)))
    c = np.geomspace(train_flops / 1e3, train_flops, 4001)
    need = float(np.interp(-loss_k, -np.asarray(b.optimal_loss(c)), c))
    return pd.DataFrame({
        "allocation": ["Kaplan et al. 2020 (its N, trained on C/6N tokens)", "Besiroglu et al. 2024 optimum"],
        "N (parameters)": [n_k, float(b.compute_optimal(train_flops).n_params)],
        "loss under Besiroglu (nats/token)": [loss_k, float(b.optimal_loss(train_flops))],
        "compute for that loss on the optimal frontier (FLOP)": [need, train_flops]})


def data_exercise_table(page: Page) -> pd.DataFrame:
    """Exercise 2.4: unique tokens the reader's budget needs for the data-constrained optimum to
    lose less than 0.01 nats, as a share of the optimum's tokens under the SAME law (Muennighoff
    et al.'s unlimited-data optimum)."""
    c = page.budget
    constrained = laws.data_constrained_curves(c, page.params["unique_tokens"])
    free = constrained[constrained["data"] == "unlimited unique data"]
    n_ = free["n_params"].to_numpy()[None, :]
    d_ = free["n_tokens"].to_numpy()[None, :]
    best_free = laws.data_constrained_loss(n_, d_, d_).min()
    d_opt = float(free["n_tokens"].to_numpy()[np.argmin(free["loss"].to_numpy())])
    u = np.geomspace(min(1e8, d_.max()), d_.max(), 200)
    best_limited = laws.data_constrained_loss(n_, d_, np.minimum(u[:, None], d_)).min(axis=1)
    ok = best_limited - best_free < 0.01
    u_needed = float(u[np.argmax(ok)]) if ok.any() else float("nan")
    return pd.DataFrame({"unique tokens needed": [u_needed], "Muennighoff optimum D (tokens)": [d_opt],
                         "as a share of that D": [u_needed / d_opt]})


# ----------------------------------------------------------------------------- claims


def claims_table(page: Page, table3: pd.DataFrame) -> pd.DataFrame:
    """Claims checked: claim, source, published inputs, the book's value at those inputs, the
    verdict (from those inputs only: it never changes with the reader's parameters) and what the
    reader's parameters give, in its own column."""
    p, ref = page.params, PUBLISHED_INPUTS
    gopher, c = ref["gopher_flops"], page.budget
    rows = []

    def add(claim, source, inputs, value, low, high, reader="", close=0.25, shown=None):
        rows.append((claim, source, inputs, shown if shown is not None else _sig(value),
                     verdict(value, low, high, close=close), reader))

    k10 = laws.KAPLAN_2020.compute_optimal(np.array([1e21, 1e22]))
    add("10x compute: 5.5x parameters", "Kaplan et al. 2020 (as quoted by Hoffmann et al.)", "N_opt ∝ C^0.73",
        float(k10.n_params[1] / k10.n_params[0]), 5.45, 5.55)
    add("10x compute: 1.8x data", "Kaplan et al. 2020", "D_opt ∝ C^0.27", float(k10.n_tokens[1] / k10.n_tokens[0]), 1.75, 1.85)
    add("8x model needs ~5x data", "Kaplan et al. 2020, Eq. 4.4", "D ∝ N^0.74",
        float(laws.KAPLAN_2020.overfit_tokens(8.0) / laws.KAPLAN_2020.overfit_tokens(1.0)), 4.5, 5.5)
    add("~20 tokens/param (Table 3, median row)", "Hoffmann et al. 2022, Table 3", "Table 3",
        float(table3["tokens_per_param"].median()), 19.5, 21.5)
    for key, label in (("hoffmann_2022", "Approach 3 as published (Eq. 10)"),
                       ("hoffmann_2022_unrounded", "unrounded Approach 3"), ("besiroglu_2024", "the replication")):
        law = laws.chinchilla_law(key)
        add(f"~20 tokens/param from {label}", "Hoffmann et al. 2022" if key != "besiroglu_2024" else "Besiroglu et al. 2024",
            "C = 5.76e23 FLOP", float(law.compute_optimal(gopher).tokens_per_param), 19.5, 21.5,
            reader=f"{_sig(float(law.compute_optimal(c).tokens_per_param))} at C = {c:.3g}")
    rep = laws.BESIROGLU_2024.compute_optimal(gopher)
    add("Chinchilla: 70B parameters optimal at the Gopher budget (replication), B", "Hoffmann et al. 2022",
        "C = 5.76e23 FLOP", float(rep.n_params) / 1e9, 63, 77)
    add("Table 3 FLOPs = 6ND (largest relative deviation)", "Hoffmann et al. 2022, Table 3", "Table 3",
        float((6 * table3.n_params * table3.n_tokens / table3.train_flops - 1).abs().max()), 0.0, 0.05)
    # the replication, refitted at its published inputs
    f, s = page.reference_fit, _summary(page.reference_fit)
    yours = _summary(page.fit)
    same = page.is_default_data
    for name, (lo, hi), shown in (("E", (1.815, 1.825), "1.82"), ("alpha", (0.345, 0.355), "0.35"),
                                  ("beta", (0.365, 0.375), "0.37")):
        add(f"refit: {name} = {shown}", "Besiroglu et al. 2024, Table 1",
            "Epoch's 245 runs, 5 highest losses dropped", float(s.loc[name, "estimate"]), lo, hi,
            reader="same inputs" if same else f"{_sig(float(yours.loc[name, 'estimate']), 4)} on {page.data_label}")
    add("a = 0.513 with bootstrap SE 0.020", "Besiroglu et al. 2024, Sec. 4", "240 runs, 4,000 resamples",
        float(s.loc["a", "se"]), 0.0195, 0.0205, shown=f"a = {s.loc['a', 'estimate']:.3f}, SE {s.loc['a', 'se']:.4f}",
        reader="same inputs" if same else (f"SE {yours.loc['a', 'se']:.4f} on {page.data_label}, "
                                           f"{len(page.fit.bootstrap):,} resamples" if len(page.fit.bootstrap) >= 2
                                           else "no bootstrap"))
    width = float(np.subtract(*np.quantile(f.bootstrap[:, 4] / f.bootstrap[:, 3:].sum(axis=1), [0.9, 0.1])))
    runs_needed = f.n_points * (width / 0.001) ** 2
    add("Hoffmann's 80% CI for a (width 0.001) would need over 600,000 runs", "Besiroglu et al. 2024, Sec. 4",
        "240 runs; width scales as 1/sqrt(runs)", runs_needed, 6e5, np.inf, shown=f"{runs_needed:,.0f} runs")
    ratio = _objective(laws.HOFFMANN_2022, page.reference_kept) / f.objective
    add("Hoffmann's rounded constants fit the runs far worse (objective ~4x the refit's)",
        "Besiroglu et al. 2024, Sec. 3", "240 runs, summed Huber objective", ratio, 3.5, 4.5, shown=f"{ratio:.2f}x",
        reader="same inputs" if same else f"{_objective(laws.HOFFMANN_2022, page.kept) / page.fit.objective:.2f}x "
                                          f"on {page.data_label}")
    # Sardana et al. 2024
    ex = laws.SARDANA_EXAMPLE
    n_small, saved, share = laws.sardana_example()
    add("13B + 2T inference tokens -> a 7B model, B", "Sardana et al. 2024, Fig. 1", "alpha 0.336, beta 0.283, Eq. 10 E, A, B",
        n_small / 1e9, 6.5, 7.5)
    add("... saves 1.7e22 FLOP", "Sardana et al. 2024, Fig. 1", "same", saved, 1.65e22, 1.75e22, shown=f"{saved:.3g}")
    add("... saves 17%", "Sardana et al. 2024, Fig. 1", "same", 100 * share, 16.5, 17.5)
    cmp_ = laws.compare_inference_aware(laws.SARDANA_2024, target_loss=ref["sardana_loss"],
                                        inference_tokens=ref["sardana_inference_tokens"])
    inputs = "loss 2.4, 1e12 inference tokens, Sardana constants"
    add("Chinchilla-optimal model costs ~2x the FLOPs", "Sardana et al. 2024 (seed)", inputs,
        float(cmp_.cost_ratio), 1.5, 2.5, shown=f"{float(cmp_.cost_ratio):.2f}x")
    add("inference-aware model has ~33% of the parameters", "Sardana et al. 2024 (seed)", inputs,
        100 * float(cmp_.params_share), 32.5, 33.5, shown=f"{100 * float(cmp_.params_share):.1f}%")
    add("... trained on ~5x the tokens", "Sardana et al. 2024 (seed)", inputs, float(cmp_.tokens_ratio), 4.5, 5.5,
        shown=f"{float(cmp_.tokens_ratio):.2f}x the tokens ({float(cmp_.tokens_per_param_ratio):.1f}x the tokens per parameter)")
    add("... roughly 100 tokens per parameter", "seed", inputs, float(cmp_.inference_aware.tokens_per_param), 50, 150,
        shown=f"{float(cmp_.inference_aware.tokens_per_param):.0f}")
    add("Llama 3 70B trained on >200 tokens/param", "Llama Team 2024", "15T tokens, 70B parameters", 15e12 / 70e9, 200, np.inf)
    add("4 epochs nearly as good as unique data (D'/D at 4 epochs)", "Muennighoff et al. 2023", "R*_D = 15.4",
        float(laws.MUENNIGHOFF_2023.effective_tokens(4.0, 1.0)) / 4, 0.9, 1.0)
    year = float(laws.data_exhaustion_year(ref["stock_tokens"], ref["start_tokens"], ref["start_year"], ref["growth_per_year"]))
    yours_year = float(laws.data_exhaustion_year(ref["stock_tokens"], ref["start_tokens"], ref["start_year"],
                                                 p["dataset_growth_per_year"]))
    add("300T-token stock used up ~2028", "Villalobos et al. 2024",
        "15T tokens in 2024 growing 2.5x a year (the book's default; not their model)", year, 2027.0, 2029.0,
        close=0.0015, shown=f"{year:.0f}", reader=f"{yours_year:.0f} at {p['dataset_growth_per_year']:g}x a year")
    # data quality: statements, each with what its evidence is
    rows.append(("quality-aware law: L = E + A/N^alpha + B/(D^beta Q^gamma)", "Subramanyam et al. 2025",
                 "synthetic noise injection and coverage variation; NMT and causal LM",
                 "implemented; Q = 1 gives back the Chinchilla law", "reproduces", ""))
    rows.append(("effective data decays sublinearly with quality (gamma < 1)", "Subramanyam et al. 2025",
                 "their fits on synthetic noise, not web-scale data", "their finding; no data here to refit",
                 "not checked", ""))
    rows.append(("data pruning can beat power-law scaling (Pareto front steeper than the baseline)",
                 "Sorscher et al. 2022", "perceptron theory; ResNets on CIFAR-10, SVHN, ImageNet (not LLMs)",
                 "no LLM evidence in the paper", "not checked", ""))
    # Gadre et al.'s testbed: the Chinchilla form on each training set
    for label, fit in page.gadre_fits.items():
        # Hoffmann et al. 2022, Table 2: Approach 2 puts a at 0.49, 10th-90th percentiles 0.462-0.534
        rows.append((f"{label} runs: N and D grow at about equal rates (a in 0.462-0.534)",
                     "Hoffmann et al. 2022, Table 2 (tested on Gadre et al. 2024's runs)",
                     f"{fit.n_points} runs, C4 validation loss", f"a = {fit.law.a:.3f}",
                     verdict(fit.law.a, 0.462, 0.534), ""))
    return pd.DataFrame(rows, columns=["claim", "source", "published inputs", "book's value", "verdict", "your scenario"])


# ----------------------------------------------------------------------------- sentences


def replication_sentence(page: Page) -> str:
    s, law = _summary(page.fit), page.fit.law
    se = (f"; a = {law.a:.3f} with bootstrap SE {s.loc['a', 'se']:.4f} from {len(page.fit.bootstrap):,} resamples"
          if len(page.fit.bootstrap) >= 2 else f"; a = {law.a:.3f} (no bootstrap: n_bootstrap is 0)")
    text = (f"On {page.data_label} the refit gives E = {law.E:.3f}, α = {law.alpha:.3f} and β = {law.beta:.3f} "
            f"(Besiroglu et al. print 1.82, 0.35 and 0.37){se} (theirs: 0.513, SE 0.020). Its summed objective is "
            f"{page.fit.objective:.7f}.")
    if page.params["data"] == "synthetic":
        text += (" **These runs are synthetic**, drawn from Besiroglu et al.'s own law: agreement with it is circular, "
                 "and the error bars measure the simulated noise, not the real runs' (on Epoch's runs the SE of a is "
                 "about 0.02).")
    return text


def hoffmann_sentence(page: Page) -> str:
    t = objective_table(page).set_index("parameters")["x the refit's"]
    rounded = t[LAW_LABELS["hoffmann_2022"]]
    unrounded = t[LAW_LABELS["hoffmann_2022_unrounded"]]
    why = ("the points do not support Eq. 10, which is Besiroglu et al.'s main result."
           if page.params["data"] == "epoch_chinchilla" else
           "expected here, since the synthetic runs are drawn from Besiroglu et al.'s law; the evidence is the same "
           "comparison on Epoch's real runs.")
    return (f"On these {len(page.kept)} runs Hoffmann et al.'s published constants score {rounded:.2f} times the "
            f"refit's objective (the unrounded ones {unrounded:.2f} times): {why}")


def optimum_sentence(page: Page) -> str:
    t = objective_table(page).set_index("parameters")["x the refit's"]
    b = t[LAW_LABELS["besiroglu_2024"] + " (Table 1, Huber likelihood)"]
    return (f"Besiroglu et al.'s printed parameters are not the minimum of the summed objective: they maximise a "
            f"Huber likelihood with a free scale, and on these runs they score {100 * (b - 1):.2f}% above the "
            f"optimum of the summed objective (the one the published 4,500-start method finds on Epoch's runs).")


def kaplan_sentence() -> str:
    k = laws.KAPLAN_2020
    ten_n, ten_d = 10 ** k.p_n, 10 ** k.p_d
    alloc = k.compute_optimal(5.76e23)
    spent = float(6 * alloc.n_params * alloc.n_tokens / 5.76e23)
    return (f"With Kaplan et al.'s exponents a tenfold budget buys a model {ten_n:.2f} times bigger and "
            f"{ten_d:.2f} times more data. Their N_opt and D_opt (Eq. 1.7-1.8) are separate fits: together they "
            f"spend 6ND = {spent:.2f} C, so the charts place Kaplan's line at the compute 6ND it implies, not at C.")


def approach3_sentence() -> str:
    r, u = laws.HOFFMANN_2022, laws.HOFFMANN_2022_UNROUNDED
    tpp = lambda law, c: float(law.compute_optimal(c).tokens_per_param)  # noqa: E731
    return (f"Because α > β, their ratio grows with compute: from {tpp(r, 1e21):.0f} tokens per parameter at "
            f"10^21 FLOPs to {tpp(r, 5.76e23):.0f} at the Gopher budget with the rounded constants, and from "
            f"{tpp(u, 1e21):.0f} to {tpp(u, 5.76e23):.0f} with the unrounded ones from the paper's TeX source.")


def rounding_sentence() -> str:
    t = rounding_table().set_index("parameter")
    worst = t.loc[["E", "A", "B", "alpha", "beta"], "difference (%)"]
    return (f"The rounded and unrounded constants differ by up to {worst.max():.1f}% (in {worst.idxmax()}; "
            f"alpha by {worst['alpha']:.1f}%), yet their tokens per parameter at 10^25 FLOPs differ by "
            f"{t.loc['D/N at 1e25 FLOP', 'difference (%)']:.0f}%.")


def band_sentence(page: Page, level: float = 0.8) -> str:
    if len(page.fit.bootstrap) < 2:
        return "With n_bootstrap = 0 there is no band: only the point estimate is drawn."
    b = page.fit.frontier_band([page.budget], level=level).iloc[0]
    return (f"At your budget of {page.budget:.3g} FLOPs the refit puts the compute-optimal ratio at "
            f"{b['tokens_per_param']:.1f} tokens per parameter, {level:.0%} bootstrap band {b['low']:.1f} to {b['high']:.1f}.")


def gopher_band_sentence(page: Page, level: float = 0.8) -> str:
    """The replication's tokens-per-parameter band at the Gopher budget, at the published inputs."""
    f = page.reference_fit
    b = f.frontier_band([PUBLISHED_INPUTS["gopher_flops"]], level=level).iloc[0]
    med = float(np.median(fitting.frontier_tokens_per_param(f.bootstrap, [5.88e23])[:, 0]))
    return (f"At the Gopher budget (5.76e23 FLOPs) the refit on Epoch's runs gives {b['tokens_per_param']:.1f} tokens "
            f"per parameter, {level:.0%} bootstrap band {b['low']:.1f} to {b['high']:.1f}, in line with Approaches 1 and 2. "
            f"Besiroglu et al. draw this band without printing it; their notebook's median at Chinchilla's 5.88e23 FLOPs, "
            f"from a normal approximation to the estimates, is 25.7, which this bootstrap does not reproduce (median "
            f"{med:.1f}).")


def gadre_sentence(page: Page) -> str:
    t = gadre_table(page).set_index("training set")
    parts = [f"{k}: a = {r['a']:.3f} ({r['a 80% low']:.2f}-{r['a 80% high']:.2f}), {r['D/N at your budget']:.1f} tokens "
             f"per parameter" for k, r in t.iterrows()]
    lo, hi = t["D/N at your budget"].min(), t["D/N at your budget"].max()
    ours = float(page.fit.frontier_band([page.budget]).iloc[0]["tokens_per_param"])
    below = int((t["D/N at your budget"] < ours).sum())
    where = ("all three lie below" if below == 3 else "none lies below" if below == 0 else f"{below} of 3 lie below")
    return ("Fitted separately on C4 validation loss, the three training sets give " + "; ".join(parts)
            + f" at your budget. The compute-optimal ratio moves by a factor of {hi / lo:.1f} with the training data "
            f"alone, and {where} the refit's {ours:.1f} on {page.data_label}.")


def sardana_sentence() -> str:
    t = sardana_table().set_index("constants")
    s, r = t.loc[LAW_LABELS["sardana_2024"]], t.loc[LAW_LABELS["hoffmann_2022"]]
    u = t.loc[LAW_LABELS["hoffmann_2022_unrounded"]]
    return (f"With α = 0.336, β = 0.283 and Eq. 10's E, A, B the example reproduces: a {s['smaller model (B)']:.2f}B "
            f"model saves {s['FLOPs saved']:.3g} FLOPs ({s['saved (%)']:.1f}%). Hoffmann's rounded exponents give a "
            f"{r['smaller model (B)']:.1f}B model and {r['saved (%)']:.0f}%, the unrounded ones "
            f"{u['smaller model (B)']:.1f}B and {u['saved (%)']:.0f}%.")


def data_constrained_sentence(page: Page) -> str:
    constrained = laws.data_constrained_curves(page.budget, page.params["unique_tokens"])
    best = constrained.loc[constrained.groupby("data", sort=False)["loss"].idxmin()]
    n_max, ep_max = float(best["n_params"].max()), float(best["epochs"].max())
    if n_max > MUENNIGHOFF_MAX_PARAMS:
        return (f"**Extrapolation.** At {page.budget:.3g} FLOPs the optimum has {_count(n_max)} parameters, "
                f"{n_max / MUENNIGHOFF_MAX_PARAMS:.0f} times the largest model Muennighoff et al. fitted (about 9B), "
                f"and {ep_max:.0f} epochs: read these losses as the law's extrapolation, not a measurement.")
    return (f"At {page.budget:.3g} FLOPs the optimum has {_count(n_max)} parameters and {ep_max:.1f} epochs, within "
            "the sizes Muennighoff et al. fitted (up to about 9B parameters).")


def quality_sentence(page: Page) -> str:
    beta = page.law.beta
    saved = {g: float(quality.tokens_saved_share(0.8, 1.0, g, beta)) for g in QUALITY_GAMMAS}
    parts = ", ".join(f"{100 * v:.0f}% with γ = {g:g}" for g, v in saved.items())
    return (f"Raising quality from Q = 0.8 to 1 under {page.law.name}'s β = {beta:.3f} saves {parts} of the "
            "training tokens at equal loss (any model size): the saving depends on γ/β, which Subramanyam et al. "
            "measured only on synthetic corruption.")


# ----------------------------------------------------------------------------- charts

WIDTH, HEIGHT = 460, 300  # the book's column (charts.WIDTH, charts.HEIGHT)


def _law_scale(labels) -> "Any":
    import altair as alt

    labels = [x for x in LAW_COLOURS if x in set(labels)]
    return alt.Scale(domain=labels, range=[LAW_COLOURS[x] for x in labels])


def _frontier_lines(budgets: np.ndarray) -> pd.DataFrame:
    keys = ("kaplan_2020", "hoffmann_2022", "hoffmann_2022_unrounded", "besiroglu_2024")
    df = laws.compute_optimal_by_law(budgets, keys)
    df["law"] = df["law"].map(LAW_LABELS)
    # Kaplan's allocation spends 6ND (about 1.81 C): plot it at the compute it implies
    df["plotted_flops"] = 6 * df["n_params"] * df["n_tokens"]
    n20 = np.sqrt(budgets / 120.0)
    rule = pd.DataFrame({"law": LAW_LABELS["rule_20"], "train_flops": budgets, "n_params": n20, "n_tokens": 20 * n20,
                         "tokens_per_param": 20.0, "loss": np.nan, "plotted_flops": budgets})
    return pd.concat([df, rule], ignore_index=True)


def frontier_chart(table3: pd.DataFrame, models: pd.DataFrame, y: str, y_title: str, *, labels: bool = True):
    """Compute-optimal ``y`` (``n_params`` or ``tokens_per_param``) against compute for each
    published law (Kaplan's at the compute 6ND its allocation implies), with Hoffmann et al.'s
    Table 3 (grey squares) and real models (black dots) at C = 6ND."""
    import altair as alt

    from . import charts

    lines = _frontier_lines(np.logspace(18, 28, 41))
    domain = [0.1, 3000] if y == "tokens_per_param" else [1e7, 1e14]
    lines = lines[(lines[y] >= domain[0]) & (lines[y] <= domain[1]) & (lines["plotted_flops"] <= 1e28)]
    x = alt.X("plotted_flops:Q", scale=charts.log_scale(domain=[1e18, 1e28], nice=False),
              axis=charts.log_axis("training compute C = 6ND (FLOP)"))
    yy = alt.Y(f"{y}:Q", scale=charts.log_scale(domain=domain, nice=False), axis=charts.log_axis(y_title))
    base = alt.Chart(lines).mark_line(clip=True).encode(
        x=x, y=yy, color=alt.Color("law:N", title="law", scale=_law_scale(lines["law"])),
        tooltip=["law", alt.Tooltip("plotted_flops:Q", title="C (FLOP)", format=".3g"),
                 alt.Tooltip("n_params:Q", format=".3g"), alt.Tooltip("n_tokens:Q", format=".3g"),
                 alt.Tooltip("tokens_per_param:Q", format=".3g")])
    t3 = alt.Chart(table3.assign(plotted_flops=6 * table3["n_params"] * table3["n_tokens"])).mark_point(
        shape="square", color="#555", clip=True).encode(x="plotted_flops:Q", y=f"{y}:Q",
                                                       tooltip=["n_params", "n_tokens", "tokens_per_param"])
    pts = alt.Chart(models.assign(plotted_flops=models["train_flops"])).mark_point(
        size=110, filled=True, color="#000", clip=True).encode(
        x="plotted_flops:Q", y=f"{y}:Q", tooltip=["model", "n_params", "n_tokens", "tokens_per_param"])
    layers = [base, t3, pts]
    if labels:
        layers.append(pts.mark_text(align="left", dx=7, dy=-7, fontSize=12).encode(text="model"))
    return alt.layer(*layers).properties(title=f"Compute-optimal {y_title.split(' (')[0]} by law",
                                         width=WIDTH, height=HEIGHT)


def isoflop_chart(law: laws.ChinchillaLaw, train_flops, highlight: float):
    """IsoFLOP valleys of ``law`` for each budget (FLOPs); the reader's budget ``highlight`` is the
    thick, labelled curve, with each valley's compute-optimal point."""
    import altair as alt

    from . import charts

    budgets = np.unique(np.append(np.asarray(train_flops, dtype=float), highlight))
    iso = laws.isoflop_curves(law, budgets, tokens_per_param=(0.3, 3000))
    iso["budget"] = iso["train_flops"].map(lambda c: f"{c:.2g} FLOP" + (" (yours)" if c == highlight else ""))
    iso["yours"] = iso["train_flops"] == highlight
    minima = pd.DataFrame({"n_params": law.compute_optimal(budgets).n_params, "loss": law.optimal_loss(budgets)})
    enc = dict(
        x=alt.X("n_params:Q", scale=charts.log_scale(), axis=charts.log_axis("model size N (parameters)")),
        y=alt.Y("loss:Q", scale=alt.Scale(zero=False), title="predicted loss (nats/token)"),
        color=alt.Color("budget:N", title="budget C", sort=sorted(iso["budget"].unique(), key=lambda s: float(s.split()[0]))),
        tooltip=["budget", alt.Tooltip("n_params:Q", format=".3g"), alt.Tooltip("tokens_per_param:Q", format=".3g"),
                 alt.Tooltip("loss:Q", format=".4f")])
    others = alt.Chart(iso[~iso["yours"]]).mark_line(strokeWidth=1.5, opacity=0.6).encode(**enc)
    yours = alt.Chart(iso[iso["yours"]]).mark_line(strokeWidth=4.5).encode(**enc)
    lines = others + yours
    dots = alt.Chart(minima).mark_point(color="#000", size=80).encode(x="n_params:Q", y="loss:Q")
    return (lines + dots).properties(title=f"IsoFLOP curves under {law.name} (yours thick)", width=WIDTH, height=HEIGHT)


def band_chart(page: Page, level: float = 0.8):
    """The refit's compute-optimal tokens per parameter with its bootstrap band at ``level``,
    over Hoffmann's and Besiroglu's published laws."""
    import altair as alt

    from . import charts

    budgets = np.logspace(18, 28, 41)
    band = page.fit.frontier_band(budgets, level=level).assign(law=LAW_LABELS["refit"])
    pub = laws.compute_optimal_by_law(budgets, ("hoffmann_2022", "hoffmann_2022_unrounded", "besiroglu_2024"))
    pub["law"] = pub["law"].map(LAW_LABELS)
    lines = pd.concat([pub[["law", "train_flops", "tokens_per_param"]], band[["law", "train_flops", "tokens_per_param"]]])
    x = alt.X("train_flops:Q", scale=charts.log_scale(), axis=charts.log_axis("training compute C (FLOP)"))
    y = alt.Y("tokens_per_param:Q", scale=charts.log_scale(), axis=charts.log_axis("tokens per parameter (D/N)"))
    colour = alt.Color("law:N", title="law", scale=_law_scale(lines["law"]))
    out = alt.Chart(lines).mark_line().encode(x=x, y=y, color=colour, tooltip=[
        "law", alt.Tooltip("train_flops:Q", format=".3g"), alt.Tooltip("tokens_per_param:Q", format=".3g")])
    if len(page.fit.bootstrap) >= 2:
        ribbon = alt.Chart(band).mark_area(opacity=0.25, color=LAW_COLOURS[LAW_LABELS["refit"]]).encode(
            x="train_flops:Q", y="low:Q", y2="high:Q")
        out = ribbon + out
    mark = alt.Chart(pd.DataFrame({"train_flops": [page.budget]})).mark_rule(strokeDash=[4, 3], color="#555").encode(x="train_flops:Q")
    return (out + mark).properties(title=f"Refit with its {level:.0%} bootstrap band (dashed: your budget)",
                                   width=WIDTH, height=HEIGHT)


def residual_chart(page: Page):
    """Residual log(L_hat / L) in % of each kept run under the refit and Hoffmann's constants,
    against model size and against training tokens (two panels, one colour per law)."""
    import altair as alt

    from . import charts

    frames = []
    for key, law in (("refit", page.fit.law), ("hoffmann_2022", laws.HOFFMANN_2022),
                     ("hoffmann_2022_unrounded", laws.HOFFMANN_2022_UNROUNDED)):
        pred = np.asarray(law.loss(page.kept["n_params"], page.kept["n_tokens"]), dtype=float)
        frames.append(page.kept.assign(law=LAW_LABELS[key], residual=100 * np.log(pred / page.kept["loss"].to_numpy())))
    df = pd.concat(frames, ignore_index=True)
    colour = alt.Color("law:N", title="law", scale=_law_scale(df["law"]))
    y = alt.Y("residual:Q", title="predicted / observed loss - 1 (%, log)")

    def panel(col: str, title: str):
        return alt.Chart(df).mark_point(size=14, opacity=0.6).encode(
            x=alt.X(f"{col}:Q", scale=charts.log_scale(), axis=charts.log_axis(title)), y=y, color=colour,
            tooltip=["law", alt.Tooltip("n_params:Q", format=".3g"), alt.Tooltip("n_tokens:Q", format=".3g"),
                     alt.Tooltip("loss:Q", format=".3f"), alt.Tooltip("residual:Q", format=".2f")],
        ).properties(width=WIDTH // 2 - 20, height=260)

    zero = alt.Chart(pd.DataFrame({"residual": [0.0]})).mark_rule(color="#333").encode(y="residual:Q")
    return alt.hconcat(panel("n_params", "model size N") + zero, panel("n_tokens", "training tokens D") + zero).properties(
        title="Residuals on the fitted runs: the refit is centred, Hoffmann's constants are not")


def gadre_chart(page: Page, level: float = 0.8):
    """Compute-optimal tokens per parameter from the Chinchilla form fitted to each of Gadre et
    al.'s training sets (C4 validation loss), with bootstrap bands, beside the refit."""
    import altair as alt

    from . import charts

    budgets = np.logspace(18, 26, 33)
    frames = [fit.frontier_band(budgets, level=level).assign(series=label) for label, fit in page.gadre_fits.items()]
    df = pd.concat(frames, ignore_index=True)
    dom = list(GADRE_COLOURS) + [LAW_LABELS["refit"]]
    ref = page.fit.frontier_band(budgets, level=level).assign(series=LAW_LABELS["refit"])
    df = pd.concat([df, ref], ignore_index=True)
    colour = alt.Color("series:N", title="runs fitted",
                       scale=alt.Scale(domain=dom, range=[GADRE_COLOURS[k] for k in GADRE_COLOURS] + [LAW_COLOURS[LAW_LABELS["refit"]]]))
    x = alt.X("train_flops:Q", scale=charts.log_scale(), axis=charts.log_axis("training compute C (FLOP)"))
    y = alt.Y("tokens_per_param:Q", scale=charts.log_scale(domain=[0.3, 300], nice=False),
              axis=charts.log_axis("compute-optimal tokens per parameter"))
    band = alt.Chart(df).mark_area(opacity=0.15, clip=True).encode(x=x, y=alt.Y("low:Q", scale=charts.log_scale(domain=[0.3, 300], nice=False)),
                                                                   y2="high:Q", color=colour)
    line = alt.Chart(df).mark_line(clip=True).encode(x=x, y=y, color=colour, tooltip=[
        "series", alt.Tooltip("train_flops:Q", format=".3g"), alt.Tooltip("tokens_per_param:Q", format=".3g"),
        alt.Tooltip("low:Q", format=".3g"), alt.Tooltip("high:Q", format=".3g")])
    return (band + line).properties(title=f"The compute-optimal ratio depends on the training data ({level:.0%} bands)",
                                    width=WIDTH, height=HEIGHT)


def inference_chart(page: Page):
    """Optimal tokens per parameter against lifetime inference demand, at the loss of the
    compute-optimal model for the reader's budget under the chosen law (Sardana et al. 2024)."""
    from . import charts

    law, c = page.law, page.budget
    target = float(law.optimal_loss(c))
    demand = np.logspace(9, 16, 57)
    sweep = laws.inference_optimal(law, target_loss=target, inference_tokens=demand)
    opt = law.compute_optimal(c)
    df = pd.DataFrame({"inference tokens": demand, "tokens per parameter": sweep.tokens_per_param,
                       "model size N": sweep.n_params,
                       "saving vs compute-optimal (%)": 100 * (1 - sweep.total_flops / (c + 2 * opt.n_params * demand))})
    return charts.line_chart(df, x="inference tokens", y="tokens per parameter", log_x=True, log_y=True,
                             x_title="lifetime inference demand (tokens)", y_title="optimal tokens per parameter (D/N)",
                             title=f"Training longer pays when the model serves more (loss {target:.3f} under {law.name})",
                             tooltip=["inference tokens", "tokens per parameter", "model size N",
                                      "saving vs compute-optimal (%)"])


def data_constrained_chart(page: Page):
    """The reader's budget split along its IsoFLOP curve with unlimited and with limited unique
    data (Muennighoff et al. 2023; C4 losses)."""
    from . import charts

    constrained = laws.data_constrained_curves(page.budget, page.params["unique_tokens"])
    return charts.line_chart(constrained, x="n_params", y="loss", color="data", color_title="training data",
                             x_title="model size N (parameters)", y_title="predicted C4 loss (nats/token)", log_x=True,
                             title=f"A budget of {page.budget:.3g} FLOP with limited unique data (Muennighoff et al. 2023)",
                             tooltip=["data", "n_params", "n_tokens", "epochs", "loss"])


def exhaustion_chart(growth_per_year: float):
    """The largest training set growing from 15T tokens in 2024 against the stock of public
    text (Villalobos et al. 2024: about 3e14 tokens, 90% interval 1e14 to 1e15); years as integers."""
    import altair as alt

    from . import charts

    ref = PUBLISHED_INPUTS
    years = np.arange(2024, 2036)
    growth = pd.DataFrame({"year": years, "tokens": ref["start_tokens"] * growth_per_year ** (years - ref["start_year"]),
                           "series": "largest training set"})
    band = pd.DataFrame({"year": [2024, 2035], "low": [1e14, 1e14], "high": [1e15, 1e15]})
    line = charts.line_chart(growth, x="year", y="tokens", color="series", x_title="year", y_title="tokens", log_y=True,
                             x_format="d", title="Training sets against the stock of public text (Villalobos et al. 2024)")
    return (line + alt.Chart(band).mark_area(opacity=0.2, color="#D55E00").encode(x="year:Q", y="low:Q", y2="high:Q")
            + alt.Chart(pd.DataFrame({"tokens": [ref["stock_tokens"]]})).mark_rule(color="#D55E00").encode(y="tokens:Q"))


def quality_chart(page: Page):
    """Share of training tokens saved at equal loss when data quality rises from Q to 1, under the
    quality-aware law of Subramanyam et al. 2025 with the chosen law's beta, for illustrative
    quality exponents gamma (their finding: gamma < 1)."""
    from . import charts

    q = np.linspace(0.3, 1.0, 36)
    beta = page.law.beta
    df = pd.concat([pd.DataFrame({"quality before": q, "tokens saved (%)": 100 * np.asarray(quality.tokens_saved_share(q, 1.0, g, beta)),
                                  "gamma": f"γ = {g:g}"}) for g in QUALITY_GAMMAS], ignore_index=True)
    return charts.line_chart(df, x="quality before", y="tokens saved (%)", color="gamma", color_title="quality exponent",
                             x_title="data quality Q before cleaning (1 = clean)", y_title="training tokens saved (%)",
                             title=f"Tokens a quality gain to Q = 1 saves at equal loss (β = {beta:.3f}, {page.law.name})")
