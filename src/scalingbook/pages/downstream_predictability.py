"""What the downstream-predictability chapter shows: its analyses at the reader's parameters and
at the claims' published inputs, its tables, charts and the sentences generated from numbers.

The formulas and fits live in :mod:`scalingbook.science.downstream` and :mod:`scalingbook.science.observational`;
this module only assembles them for the page. Everything is computed once per parameter set
(:func:`build`) and reused by every cell.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..science import downstream as ds
from ..science import observational as ob
from . import claims as cl
from . import format as fmt

CHAPTER = "downstream-predictability"

__all__ = [
    "CHAPTER",
    "Page",
    "build",
    "claims",
    "scenario",
    "LOURIE_18",
    "runs_accounting",
    "fit_set_table",
    "two_stage_table",
    "category_table",
    "per_task_table",
    "setting_table",
    "threshold_table",
    "trainsets_table",
    "heldout_table",
    "split_table",
    "flips",
    "two_stage_sentence",
    "category_sentence",
    "sensitivity_sentence",
    "obs_sentence",
    "robustness_sentence",
    "average_sentence",
    "trainsets_sentence",
    "gpt3_sentence",
    "two_stage_chart",
    "task_panels_chart",
    "sweep_chart",
    "obs_chart",
    "gpt3_chart",
    "gpt3_analysis",
    "gpt3_loss_axis_rank",
]

#: Lourie et al. 2025 show 18 of the 46 tasks as predictable (their Fig. 5; 18/46 = 39%).
LOURIE_18 = 18

#: Robertson 2025, the published critique of Lourie et al.'s by-eye classification.
CRITIQUE = {
    "title": "Can Humans Reliably Detect Scaling Laws - A Reality Check",
    "url": "https://zrobertson466920.github.io/ScalingReliability",
    "key": "robertson2025",
}

VAL_NAMES = {
    "c4_val": "C4 eval",
    "openlm": "OpenLM eval",
    "paloma_c4_en": "C4 (Paloma)",
    "paloma_redpajama": "RedPajama (Paloma)",
    "paloma_falcon-refinedweb": "RefinedWeb (Paloma)",
    "paloma_dolma_100_programing_languages": "100 programming languages (Paloma)",
    "paloma_ptb": "Penn Treebank (Paloma)",
    "val_de-en_100": "C4 German",
}
TRAIN_NAMES = {"c4_original": "C4", "rpj": "RedPajama", "rw_original": "RefinedWeb", "all": "all three pooled"}
ARCH_NAMES = {
    "d=96_l=8_h=4": "0.011B",
    "d=512_l=8_h=4": "0.079B",
    "d=576_l=24_h=8": "0.154B",
    "d=1024_l=24_h=8": "0.411B",
    "open_lm_1b": "1.4B",
    "open_lm_7b": "6.9B",
}


# ----------------------------------------------------------------------------- loading


@functools.lru_cache(maxsize=4)
def _testbed(testbed: str, testbed_dir: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from ..sources import datasets

    if testbed_dir:
        table = datasets.read_gadre_exp_data(testbed_dir)
        excluded = table.attrs.get("excluded", pd.DataFrame(columns=["run", "reason"]))
        runs_all = None
    else:
        table = datasets.load_gadre2024()
        runs_all = datasets.load_gadre2024_runs()
        excluded = runs_all.loc[~runs_all["has_eval"], ["run"]].assign(reason="no evaluation file")
    table = ds.plain_table(table)
    runs = ds.gadre_run_table(table, ds.plain_table(runs_all) if runs_all is not None else None)
    return table, runs, excluded


@functools.lru_cache(maxsize=16)
def _two_stage(testbed: str, testbed_dir: str, train_set: str, val_set: str, split: str) -> ds.TwoStage:
    return ds.two_stage_gadre(_testbed(testbed, testbed_dir)[1], train_set, val_set, split)


@functools.lru_cache(maxsize=8)
def _matrix(testbed: str, testbed_dir: str, train_set: str) -> dict:
    return ds.task_matrix(_testbed(testbed, testbed_dir)[0], train_set)


def _fit_features(testbed: str, testbed_dir: str, train_set: str, val_set: str) -> tuple:
    fits = ds.task_fits(_matrix(testbed, testbed_dir, train_set), train_set, val_set)
    return fits, ds.loss_trend_features(fits)


@functools.lru_cache(maxsize=8)
def _every_features(testbed: str, testbed_dir: str) -> dict[str, tuple]:
    """Every (training set incl. all pooled, validation loss)'s fits and features, "train|val"
    -> (fits, features). No threshold enters them, so for a published testbed they are kept in
    the page cache: a re-run with new thresholds reads them instead of fitting 32 grids again."""

    def compute() -> dict[str, tuple]:
        return {
            f"{t}|{v}": _fit_features(testbed, testbed_dir, t, v) for t in (*ds.TRAIN_SETS, "all") for v in ds.VAL_SETS
        }

    if testbed_dir:  # a reader's own folder: its files may change under the same name
        return compute()
    from .cache import cached_result

    return cached_result(f"downstream-predictability-features-{testbed}", compute)


@functools.lru_cache(maxsize=64)
def _features(testbed: str, testbed_dir: str, train_set: str, val_set: str) -> tuple[ds.ExpInLossFits, pd.DataFrame]:
    found = _every_features(testbed, testbed_dir).get(f"{train_set}|{val_set}")
    return tuple(found) if found is not None else _fit_features(testbed, testbed_dir, train_set, val_set)


@functools.lru_cache(maxsize=1)
def _obs() -> pd.DataFrame:
    from ..sources import datasets

    return ds.plain_table(datasets.load_obsscaling_base())


# ----------------------------------------------------------------------------- the page


@dataclass
class Page:
    """Every number the page shows, at the reader's parameters (``scenario``) and at the
    claims' published inputs (``published``)."""

    params: dict
    thresholds: ds.Thresholds
    table: pd.DataFrame
    runs: pd.DataFrame
    excluded_runs: pd.DataFrame
    two_stage: ds.TwoStage
    two_stage_published: ds.TwoStage
    fits: ds.ExpInLossFits
    categories: pd.DataFrame
    categories_published: pd.DataFrame
    shares_grid: pd.DataFrame
    r2_sweep: pd.DataFrame
    obs: dict
    obs_pca: ob.PCA
    obs_excluded: pd.DataFrame
    extra: dict = field(default_factory=dict)

    # -------- headline numbers
    @property
    def share_predictable(self) -> float:
        return float((self.categories["category"] == "predictable").mean())

    @property
    def n_predictable(self) -> int:
        return int((self.categories["category"] == "predictable").sum())

    @property
    def n_tasks(self) -> int:
        return int(len(self.categories))

    def target(self, which: str, published: bool = False) -> pd.Series:
        t = (self.two_stage_published if published else self.two_stage).table
        return t.iloc[0 if which == "1b" else 1]


@functools.lru_cache(maxsize=8)
def _grid(testbed: str, testbed_dir: str, th: ds.Thresholds) -> pd.DataFrame:
    """Category of every task for every (training set incl. all pooled, validation loss)."""
    rows = []
    for t_set in (*ds.TRAIN_SETS, "all"):
        for v_set in ds.VAL_SETS:
            f = _features(testbed, testbed_dir, t_set, v_set)[1]
            c = ds.categorise_loss_trends(f, th, reasons=False)[["task", "category"]]
            rows.append(c.assign(train_set=t_set, val_set=v_set))
    return pd.concat(rows, ignore_index=True)


def _thresholds(params: dict) -> ds.Thresholds:
    return ds.Thresholds(params["min_r2"], params["min_change"], params["max_dip"], params["min_jump"])


def build(params: dict) -> Page:
    """Compute the whole page for validated chapter ``params`` (fits are cached across calls)."""
    tb, tdir = params["testbed"], params.get("testbed_dir", "") or ""
    table, runs, excluded_runs = _testbed(tb, tdir)
    th = _thresholds(params)
    ts = _two_stage(tb, tdir, params["train_set"], params["val_set"], params["task_split"])
    pub = ds.GADRE_2024
    ts_pub = _two_stage(tb, tdir, pub.train_set, pub.val_set, pub.split)
    fits, feats = _features(tb, tdir, params["train_set"], params["val_set"])
    cats = ds.categorise_loss_trends(feats, th)
    _, feats_pub = _features(tb, tdir, pub.train_set, pub.val_set)
    cats_pub = ds.categorise_loss_trends(feats_pub, ds.Thresholds())
    grid = _grid(tb, tdir, th)
    grid_pub = _grid(tb, tdir, ds.Thresholds())
    sweep = ds.threshold_sweep(feats, th, "min_r2", np.round(np.linspace(0.5, 0.99, 50), 4))
    o = _obs()
    kept, obs_excluded = ob.score_matrix(o)
    pca = ob.principal_components(kept[list(ob.BENCHMARKS)].to_numpy(float))
    bt = ob.capability_backtest(o, params["obs_target"], params["obs_components"], params["obs_holdout"])
    return Page(
        params,
        th,
        table,
        runs,
        excluded_runs,
        ts,
        ts_pub,
        fits,
        cats,
        cats_pub,
        grid,
        sweep,
        bt,
        pca,
        obs_excluded,
        extra={"grid_published": grid_pub, "heldout": _heldout(), "splits": _splits()},
    )


@functools.lru_cache(maxsize=1)
def _heldout() -> pd.DataFrame:
    return ob.heldout_rank_agreement(_obs())


@functools.lru_cache(maxsize=1)
def _splits() -> pd.DataFrame:
    return ob.split_rank_agreement(_obs())


# ----------------------------------------------------------------------------- tables


def runs_accounting(page: Page) -> pd.DataFrame:
    """Every run of the testbed, by training set: how many there are, how many enter the
    per-task fits, and why any is left out (nothing is dropped silently)."""
    r = page.runs
    used = {
        t: set(_matrix(page.params["testbed"], page.params.get("testbed_dir", "") or "", t)["runs"])
        for t in ds.TRAIN_SETS
    }
    out = []
    for t in ds.TRAIN_SETS:
        rr = r[r["dataset"] == t]
        n_used = int(rr["run"].isin(used[t]).sum())
        reasons = page.excluded_runs[page.excluded_runs["run"].isin(rr["run"])]["reason"]
        out.append(
            {
                "training set": TRAIN_NAMES[t],
                "runs": len(rr),
                "in the per-task fits": n_used,
                "left out": len(rr) - n_used,
                "why left out": "; ".join(sorted(set(reasons))) if len(rr) - n_used else "(none left out)",
            }
        )
    tot = pd.DataFrame(out)
    total = {
        "training set": "total",
        "runs": int(tot["runs"].sum()),
        "in the per-task fits": int(tot["in the per-task fits"].sum()),
        "left out": int(tot["left out"].sum()),
        "why left out": "",
    }
    return pd.concat([tot, pd.DataFrame([total])], ignore_index=True)


def fit_set_table(ts: ds.TwoStage) -> pd.DataFrame:
    """The runs of the two stages, named as the paper names them (N, M)."""
    f = ts.fit_runs
    col = f"loss_{ts.val_set}"
    err = "err_17" if ts.split == "17-task" else "err_46"
    return pd.DataFrame(
        {
            "run": f["run"],
            "used in": f["stage"],
            "N": f["architecture"].map(ARCH_NAMES).fillna(f["architecture"]),
            "M = D/N": f["token_multiplier"].map("{:g}".format),
            "compute (FLOP)": f["train_flops"].map("{:.3g}".format),
            f"measured loss ({VAL_NAMES[ts.val_set]})": f[col].round(3),
            f"{ts.split} average error": f[err].round(4),
        }
    )


def two_stage_table(page: Page) -> pd.DataFrame:
    """Predicted against measured for the two targets, at the published inputs (Gadre et al.'s
    Fig. 1) and at the reader's, beside the relative errors the authors printed."""
    pub = ds.GADRE_2024
    rows = []
    for label, ts in (("published inputs", page.two_stage_published), ("your parameters", page.two_stage)):
        for i, t in ts.table.iterrows():
            which = "1b" if i == 0 else "7b"
            rows.append(
                {
                    "inputs": f"{label}: {TRAIN_NAMES[ts.train_set]}, {VAL_NAMES[ts.val_set]}, {ts.split}",
                    "target": f"{ARCH_NAMES.get(t['run'].split('-')[1], t['run'])}, M = {t['token_multiplier']:g}",
                    "loss measured": round(t["loss"], 4),
                    "loss predicted": round(t["loss_pred"], 4),
                    "loss rel. error": fmt.pct(t["loss_rel_error"], 2),
                    "paper's loss rel. error": fmt.pct(getattr(pub, f"loss_rel_error_{which}"), 2)
                    if label == "published inputs"
                    else "",
                    "error measured": round(t["error"], 4),
                    "error predicted": round(t["error_pred"], 4),
                    "error abs. error": f"{t['error_abs_error']:.4f}",
                    "error rel. error": fmt.pct(t["error_rel_error"], 2),
                    "paper's error rel. error": fmt.pct(getattr(pub, f"err_rel_error_{which}"), 2)
                    if label == "published inputs"
                    else "",
                }
            )
    df = pd.DataFrame(rows)
    if (
        page.two_stage.train_set == pub.train_set
        and page.two_stage.val_set == pub.val_set
        and page.two_stage.split == pub.split
    ):
        df = df[df["inputs"].str.startswith("published")]
    return df.reset_index(drop=True)


def category_table(page: Page) -> pd.DataFrame:
    """Count and share per category at the reader's parameters, beside Lourie et al.'s 39%."""
    c = ds.category_shares(page.categories["category"])
    c["share"] = c["share"].map(fmt.pct)
    c["Lourie et al. 2025"] = ["" if k != "predictable" else f"{LOURIE_18} of 46 (39%)" for k in c["category"]]
    return c.rename(columns={"n": "tasks"})


def per_task_table(page: Page) -> pd.DataFrame:
    c = page.categories
    return pd.DataFrame(
        {
            "task": c["task"],
            "category": c["category"],
            "reason": c["reason"],
            "R^2": c["r2"].round(3),
            "noise ceiling of R^2": c["r2_ceiling"].round(3),
            "items": c["n_items"].astype(int),
            "chance": c["chance"].round(2),
            "binomial SE (headroom)": c["se_u"].round(3),
        }
    )


def setting_table(page: Page) -> pd.DataFrame:
    """Share predictable for every training set (columns) and validation loss (rows)."""
    g = page.shares_grid
    share = g.assign(p=g["category"] == "predictable").groupby(["val_set", "train_set"])["p"].mean().unstack()
    share = share.reindex(index=list(ds.VAL_SETS), columns=[*ds.TRAIN_SETS, "all"])
    out = share.map(fmt.pct)
    out.index = [VAL_NAMES[v] for v in out.index]
    out.columns = [TRAIN_NAMES[t] for t in out.columns]
    return out.rename_axis("validation loss").reset_index()


def threshold_table(page: Page) -> pd.DataFrame:
    """Share predictable with each threshold at half, at and at twice the page's value (the
    others held): how much of the headline each threshold carries."""
    feats = _features(
        page.params["testbed"],
        page.params.get("testbed_dir", "") or "",
        page.params["train_set"],
        page.params["val_set"],
    )[1]
    rows = []
    for name, cap in (("min_r2", 1.0), ("min_change", 0.5), ("max_dip", 0.5), ("min_jump", 1.0)):
        v = getattr(page.thresholds, name)
        vals = [v / 2, v, min(2 * v, cap)]
        sw = ds.threshold_sweep(feats, page.thresholds, name, vals)
        sh = sw[sw["category"] == "predictable"]["share"].to_numpy()
        rows.append(
            {
                "threshold": name,
                "half": f"{vals[0]:g}: {fmt.pct(sh[0])}",
                "as set": f"{vals[1]:g}: {fmt.pct(sh[1])}",
                "double": f"{vals[2]:g}: {fmt.pct(sh[2])}",
            }
        )
    return pd.DataFrame(rows)


def trainsets_table(page: Page) -> pd.DataFrame:
    """The two-stage recipe on each training set, at the page's loss and task split."""
    p = page.params
    rows = [
        _two_stage(p["testbed"], p.get("testbed_dir", "") or "", t, p["val_set"], p["task_split"]).table.assign(
            train_set=TRAIN_NAMES[t]
        )
        for t in ds.TRAIN_SETS
    ]
    t = pd.concat(rows, ignore_index=True)
    return pd.DataFrame(
        {
            "training set": t["train_set"],
            "run": t["run"],
            "loss rel. error": t["loss_rel_error"].map(lambda v: fmt.pct(v, 2)),
            "error abs. error": t["error_abs_error"].map("{:.4f}".format),
            "error rel. error": t["error_rel_error"].map(lambda v: fmt.pct(v, 2)),
            "_worst": t[["loss_rel_error", "error_rel_error"]].max(axis=1),
        }
    )


def trainsets_sentence(page: Page) -> str:
    t = trainsets_table(page)
    worst = t.groupby("training set", sort=False)["_worst"].max()
    return (
        f"Against {VAL_NAMES[page.params['val_set']]} loss with the {page.params['task_split']} average, the "
        f"largest relative error of the four predictions is {fmt.pct(worst.min(), 2)} on {worst.idxmin()} and "
        f"{fmt.pct(worst.max(), 2)} on {worst.idxmax()}: the same recipe, on runs that differ in their training data "
        "(and in the over-trained 1.4B run's M), is not equally good."
    )


def flips(page: Page, published: bool = False) -> dict[str, Any]:
    """Tasks whose category changes with the training set (at one validation loss) and with
    the validation loss (at one training set): the page's choices and thresholds, or, with
    ``published``, the book's defaults (RedPajama, C4 eval, default thresholds)."""
    g = page.extra["grid_published"] if published else page.shares_grid
    val = ds.GADRE_2024.val_set if published else page.params["val_set"]
    train = ds.GADRE_2024.train_set if published else page.params["train_set"]
    by_train = g[(g["val_set"] == val) & (g["train_set"].isin(ds.TRAIN_SETS))]
    by_val = g[g["train_set"] == train]
    n_train = int((by_train.groupby("task")["category"].nunique() > 1).sum())
    n_val = int((by_val.groupby("task")["category"].nunique() > 1).sum())
    cats_t = by_train.groupby("task")["category"].agg(set)
    drastic = sorted(t for t, s in cats_t.items() if "predictable" in s and ({"inverse", "trendless"} & s))
    return {"n_train": n_train, "n_val": n_val, "drastic_train": drastic}


# ----------------------------------------------------------------------------- sentences


def two_stage_sentence(page: Page) -> str:
    ts, pub = page.two_stage_published, ds.GADRE_2024
    a, b = ts.table.iloc[0], ts.table.iloc[1]
    s = (
        f"At Gadre et al.'s inputs (trained on RedPajama, C4-eval loss, {pub.split} average), the law fitted to "
        f"{int((ts.fit_runs['stage'] == 'loss and error laws').sum())} small runs predicts the loss of the 1.4B run "
        f"(M = {a['token_multiplier']:g}) within {fmt.pct(a['loss_rel_error'], 2)} and of the 6.9B run within "
        f"{fmt.pct(b['loss_rel_error'], 2)} (the authors printed {fmt.pct(pub.loss_rel_error_1b, 2)} and "
        f"{fmt.pct(pub.loss_rel_error_7b, 2)}); the error law, fitted with the 1.4B M = 20 run added, predicts their "
        f"average top-1 error within {a['error_abs_error']:.4f} and {b['error_abs_error']:.4f} "
        f"({fmt.pct(a['error_rel_error'], 2)} and {fmt.pct(b['error_rel_error'], 2)} relative; the authors printed "
        f"{fmt.pct(pub.err_rel_error_1b, 2)} and {fmt.pct(pub.err_rel_error_7b, 2)}). The targets took "
        f"{a['compute_ratio_loss']:.0f}x and {b['compute_ratio_loss']:.0f}x the compute of the loss-fit runs, and "
        f"{a['compute_ratio_error']:.0f}x and {b['compute_ratio_error']:.0f}x that of the error-fit runs."
    )
    mine = page.two_stage
    if (mine.train_set, mine.val_set, mine.split) != (pub.train_set, pub.val_set, pub.split):
        m1, m2 = mine.table.iloc[0], mine.table.iloc[1]
        s += (
            f" With your choice ({TRAIN_NAMES[mine.train_set]}, {VAL_NAMES[mine.val_set]}, {mine.split}) the "
            f"loss errors are {fmt.pct(m1['loss_rel_error'], 2)} (1.4B, M = {m1['token_multiplier']:g}) and "
            f"{fmt.pct(m2['loss_rel_error'], 2)} (6.9B), the error errors {m1['error_abs_error']:.4f} and "
            f"{m2['error_abs_error']:.4f}."
        )
    return s


def category_sentence(page: Page) -> str:
    c = page.categories
    counts = c["category"].value_counts()
    n = page.n_tasks
    others = ", ".join(f"{counts.get(k, 0)} {k}" for k in ds.CATEGORIES if k != "predictable")
    noise_bound = int((c["r2_ceiling"] < page.thresholds.min_r2).sum())
    noisy_blocked = int(
        ((c["r2_ceiling"] < page.thresholds.min_r2) & (c["category"].isin(["noisy", "nonmonotonic"]))).sum()
    )
    diff = page.n_predictable - LOURIE_18
    compare = (
        f"{abs(diff)} {'more' if diff < 0 else 'fewer'} than this rule finds"
        if diff
        else "as many as this rule finds, though a count by eye and a count by rule need not pick the same tasks"
    )
    return (
        f"Under this rule, {page.n_predictable} of {n} tasks ({fmt.pct(page.share_predictable)}) are predictable on "
        f"{TRAIN_NAMES[page.params['train_set']]} against {VAL_NAMES[page.params['val_set']]} loss; the rest are "
        f"{others}. Lourie et al. counted {LOURIE_18} ({fmt.pct(LOURIE_18 / 46)}) by eye: {compare}. "
        f"Binomial noise alone keeps {noise_bound} tasks below R^2 = {page.thresholds.min_r2:g} even if the "
        f"exponential form were exactly right (their noise ceiling 1 - mean(SE^2) / variance is lower); {noisy_blocked} of those are "
        f"called noisy or nonmonotonic here."
    )


def sensitivity_sentence(page: Page) -> str:
    p = page.r2_sweep[page.r2_sweep["category"] == "predictable"]
    lo, hi = float(p["share"].min()), float(p["share"].max())
    near = p.iloc[(p["share"] - 0.39).abs().argsort()[:1]]
    g = page.shares_grid
    sh = g.assign(p=g["category"] == "predictable").groupby(["train_set", "val_set"])["p"].mean()
    sh3 = sh[sh.index.get_level_values(0).isin(ds.TRAIN_SETS)]
    (t_lo, v_lo), (t_hi, v_hi) = sh3.idxmin(), sh3.idxmax()
    fl = flips(page)
    return (
        f"Moving min_r2 from 0.5 to 0.99 moves the share predictable from {fmt.pct(hi)} to {fmt.pct(lo)}; it comes "
        f"closest to Lourie et al.'s 39% at min_r2 = {float(near['min_r2'].iloc[0]):.2f} "
        f"({fmt.pct(float(near['share'].iloc[0]))}). Over the three training sets and eight validation losses it "
        f"runs from {fmt.pct(sh3.min())} ({TRAIN_NAMES[t_lo]}, {VAL_NAMES[v_lo]}) to {fmt.pct(sh3.max())} "
        f"({TRAIN_NAMES[t_hi]}, {VAL_NAMES[v_hi]}); pooling all 104 runs gives "
        f"{fmt.pct(sh.loc['all', page.params['val_set']])} against {VAL_NAMES[page.params['val_set']]}. "
        f"{fl['n_train']} of {page.n_tasks} tasks change category between training sets, "
        f"{fl['n_val']} between validation losses"
        + (
            f"; {len(fl['drastic_train'])} {'is' if len(fl['drastic_train']) == 1 else 'are'} predictable on one "
            f"training set and inverse or trendless on another ({', '.join(fl['drastic_train'])})."
            if fl["drastic_train"]
            else "; none is predictable on one training set and inverse or trendless on another."
        )
    )


def obs_sentence(page: Page) -> str:
    e = page.obs_pca.explained
    bt = page.obs
    better = bt["mae_pc"] < bt["mae_compute"]
    return (
        f"Over the {page.obs_pca.scores.shape[0]} base models with all eight scores, the first principal "
        f"component explains {fmt.pct(e[0])} of the variance and the first three {fmt.pct(e[:3].sum())}. Fitted on the "
        f"{bt['n_train']} models below {fmt.sci(bt['cutoff_flops'])} FLOP, {bt['n_components']} "
        f"component{'s' if bt['n_components'] != 1 else ''} of the other "
        f"seven benchmarks predict {bt['target']} for the {bt['n_test']} largest with a mean absolute error of "
        f"{fmt.readable_number(bt['mae_pc'])} (accuracy), {'against' if better else 'no better than'} "
        f"{fmt.readable_number(bt['mae_compute'])} from training compute alone."
    )


def heldout_table(page: Page) -> pd.DataFrame:
    """Each benchmark held out of the index: Spearman of the index (PC1 of the other seven)
    with it, against the best and the average single other benchmark."""
    h = page.extra["heldout"]
    return pd.DataFrame(
        {
            "held-out benchmark": h["held_out"],
            "index of the other seven": h["index"].round(3),
            "best single benchmark": h["best_single"] + " (" + h["best_single_spearman"].round(3).astype(str) + ")",
            "average single benchmark": h["mean_single_spearman"].round(3),
            "index beats every single one": h["index_beats_every_single"].map({True: "yes", False: "no"}),
        }
    )


def split_table(page: Page) -> pd.DataFrame:
    """The 35 splits of the eight benchmarks into two halves: agreement of the halves' indices
    against the average agreement of single benchmarks across the halves."""
    sp = page.extra["splits"]
    return sp.assign(index_agreement=sp["index_agreement"].round(3), single_agreement=sp["single_agreement"].round(3))


def robustness_sentence(page: Page) -> str:
    h, sp = page.extra["heldout"], page.extra["splits"]
    n_best = int(h["index_beats_every_single"].sum())
    n_avg = int((h["index"] > h["mean_single_spearman"]).sum())
    wins = int((sp["index_agreement"] > sp["single_agreement"]).sum())
    return (
        f"Held out of the index, a benchmark is ranked by the index of the other seven at Spearman "
        f"{fmt.readable_number(h['index'].min())} to {fmt.readable_number(h['index'].max())}: better than the "
        f"average single benchmark on {n_avg} of {len(h)}, but better than the best single one on only {n_best} "
        f"({', '.join(h.loc[h['index_beats_every_single'], 'held_out']) or 'none'}). Two indices built from disjoint "
        f"halves of the benchmarks agree at {fmt.readable_number(sp['index_agreement'].min())} to "
        f"{fmt.readable_number(sp['index_agreement'].max())} (median {fmt.readable_number(sp['index_agreement'].median())}), "
        f"single benchmarks across the same halves at {fmt.readable_number(sp['single_agreement'].mean())} on "
        f"average; the index agrees better in {wins} of {len(sp)} splits. An index is steadier than a typical "
        f"benchmark, not better than the best-matched one."
    )


def average_sentence(page: Page) -> str:
    """How many tasks the two-stage error averages, at the reader's split."""
    n = 17 if page.params["task_split"] == "17-task" else 46
    text = f"The average is kind: the noise of single tasks partly cancels in a mean over {n} tasks"
    if n == 46:
        text += (
            ", but the 46-task average also takes in the tasks on which small models are at chance, whose "
            "scores add noise and no trend"
        )
    return text + ". The rest of the page asks the harder question of single tasks."


# ----------------------------------------------------------------------------- claims

_TESTBED = "Gadre et al. 2024's testbed (mlfoundations/scaling exp_data), 104 runs"
_OBS = "Ruan et al. 2024's base-model table (ObsScaling), models with all eight scores"
#: The min_r2 values the Lourie readings are computed over.
R2_GRID = tuple(np.round(np.linspace(0.5, 0.99, 50), 4))
#: The min_change values the inverse-scaling readings are computed over.
CHANGE_GRID = tuple(np.round(np.linspace(0.01, 0.3, 30), 3))


def _c(key: str, **kw: Any) -> cl.Claim:
    return cl.Claim(chapter=CHAPTER, key=key, **kw)


@functools.lru_cache(maxsize=1)
def _published_features() -> pd.DataFrame:
    pub = ds.GADRE_2024
    return _features("mlfoundations-scaling", "", pub.train_set, pub.val_set)[1]


def _count_at(name: str, value: float, category: str) -> int:
    th = ds.Thresholds(**{name: value})
    return int((ds.categorise_loss_trends(_published_features(), th, reasons=False)["category"] == category).sum())


def _drastic_at(min_r2: float) -> int:
    pub = ds.GADRE_2024
    th = ds.Thresholds(min_r2=min_r2)
    cats = {
        t: ds.categorise_loss_trends(
            _features("mlfoundations-scaling", "", t, pub.val_set)[1], th, reasons=False
        ).set_index("task")["category"]
        for t in ds.TRAIN_SETS
    }
    df = pd.DataFrame(cats)
    return int(df.apply(lambda r: "predictable" in set(r) and bool({"inverse", "trendless"} & set(r)), axis=1).sum())


def _claims() -> list[cl.Claim]:
    pub = ds.GADRE_2024
    tb = _testbed("mlfoundations-scaling", "")
    tp = ds.two_stage_gadre(tb[1], pub.train_set, pub.val_set, pub.split).table
    out: list[cl.Claim] = []
    gadre = dict(
        source="gadre2024",
        inputs="RedPajama runs, C4 eval loss, 17-task average",
        evidence=_TESTBED,
        evidence_kind="dataset",
        check="scalingbook.science.downstream.two_stage_gadre",
        tolerance_source="the authors' notebook prints the relative errors to six decimals",
        section="gadre-et-al-s-two-stage-prediction",
    )
    for column, attr, what in (
        ("loss_rel_error", "loss_rel_error", "loss"),
        ("error_rel_error", "err_rel_error", "17-task average top-1 error"),
    ):
        for i, which, name in ((0, "1b", "1.4B, M = 640"), (1, "7b", "6.9B, M = 20")):
            v, p = float(tp[column].iloc[i]), getattr(pub, f"{attr}_{which}")
            half = 5e-7  # half a unit of the sixth decimal, as the notebook prints them
            out.append(
                _c(
                    f"gadre_{attr}_{which}",
                    claim=f"the {what} of the {name} run is predicted from small runs "
                    f"with a relative error of {fmt.pct(p, 2)}",
                    value=f"{v:.6f}",
                    published=f"{p:.6f}",
                    verdict=cl.grade(v, p - half, p + half),
                    tolerance="±5 × 10⁻⁷",
                    **gadre,
                )
            )
    for stage, key, printed in (("loss", "compute_ratio_loss", 300.0), ("error", "compute_ratio_error", 20.0)):
        for i, name in ((0, "1.4B"), (1, "6.9B")):
            v = float(tp[key].iloc[i])
            out.append(
                _c(
                    f"gadre_{stage}_compute_{name}",
                    claim=f"the {stage} prediction of the {name} run comes from "
                    f"experiments taking {printed:g}x less compute",
                    source="gadre2024",
                    inputs="the RedPajama fit sets",
                    evidence=_TESTBED,
                    evidence_kind="dataset",
                    check="scalingbook.science.downstream.two_stage_gadre",
                    value=fmt.times(v),
                    published=fmt.times(printed),
                    verdict=cl.grade_log(v, printed * 5 / 6, printed * 7 / 6),
                    tolerance=f"{fmt.times(printed * 5 / 6)}-{fmt.times(printed * 7 / 6)}",
                    tolerance_source="the abstract's round number (one significant figure), on a log scale",
                    section="gadre-et-al-s-two-stage-prediction",
                )
            )
    lo, hi = (LOURIE_18 - 0.5) / 46, (LOURIE_18 + 0.5) / 46
    count = _count_at("min_r2", ds.Thresholds().min_r2, "predictable")
    out.append(
        _c(
            "lourie_39",
            claim="predictable scaling occurs in 39% of 46 tasks (18 shown as predictable)",
            source="lourie2025",
            inputs="the 46 tasks of Gadre et al.'s testbed, RedPajama runs, C4 eval loss",
            evidence=f"{_TESTBED}; the book's explicit rule (Lourie et al. judged the plots by eye)",
            evidence_kind="dataset",
            check="scalingbook.science.downstream.categorise_loss_trends",
            value=f"{count} of 46 at min_r2 0.9",
            published="18 of 46",
            tolerance="±0.5 task",
            tolerance_source="an integer count",
            verdict="depends on an assumption",
            assumption="min_r2 (the R² the rule asks of a predictable task)",
            readings=cl.readings_over(R2_GRID, lambda x: cl.grade(_count_at("min_r2", x, "predictable") / 46, lo, hi)),
            literature="Lourie et al. state no numerical criterion (Robertson 2025)",
            section="by-eye-or-by-rule",
        )
    )
    out.append(
        _c(
            "lourie_settings",
            claim="seemingly benign changes to the experimental setting can completely change the scaling trend",
            source="lourie2025",
            inputs="the three training sets at C4 eval loss",
            evidence=_TESTBED,
            evidence_kind="dataset",
            check="scalingbook.pages.downstream_predictability.flips",
            value=f"{fmt.count(_drastic_at(0.9))} task(s) predictable on one training set, inverse or trendless "
            "on another (min_r2 0.9)",
            verdict="depends on an assumption",
            assumption="min_r2 (the R² the rule asks of a predictable task)",
            readings=cl.readings_over(R2_GRID[::7], lambda x: "reproduces" if _drastic_at(x) else "does not reproduce"),
            note="'completely change' read as: predictable on one training set, inverse or trendless on another",
            section="how-fragile-is-predictable",
        )
    )
    n_inv = _count_at("min_change", ds.Thresholds().min_change, "inverse")
    out.append(
        _c(
            "lourie_inverse",
            claim="some tasks scale inversely (worse as loss falls)",
            source="lourie2025",
            inputs="46 tasks; RedPajama, C4 eval",
            evidence=_TESTBED,
            evidence_kind="dataset",
            check="scalingbook.science.downstream.categorise_loss_trends",
            value=f"{n_inv} inverse at min_change 0.05",
            verdict="depends on an assumption",
            assumption="min_change (the fall, in headroom, that counts as inverse)",
            readings=cl.readings_over(
                CHANGE_GRID, lambda x: "reproduces" if _count_at("min_change", x, "inverse") else "does not reproduce"
            ),
            section="trend-categories-by-an-explicit-rule",
        )
    )
    o = _obs()
    kept, _ = ob.score_matrix(o)
    e = ob.principal_components(kept[list(ob.BENCHMARKS)].to_numpy(float)).explained
    out.append(
        _c(
            "ruan_low_dim",
            claim="benchmark performance lies in a low-dimensional capability space: a few "
            "principal components explain most of the variance",
            source="ruan2024",
            inputs="their base models with all eight benchmark scores",
            evidence=_OBS,
            evidence_kind="dataset",
            check="scalingbook.science.observational.principal_components",
            value=f"PC1 {fmt.pct(e[0])}, first three {fmt.pct(e[:3].sum())}",
            published="most of the variance",
            verdict=cl.grade(float(e[:3].sum()), 0.5, 1.0),
            tolerance="more than half",
            tolerance_source="'most' of the variance",
            section="observational-scaling-many-models-one-capability-axis",
        )
    )
    h = ob.heldout_rank_agreement(o)

    def index_reading(q: float) -> str:
        beats = [row["index"] > np.quantile(row["single_spearmans"], q) for _, row in h.iterrows()]
        return "reproduces" if np.mean(beats) > 0.5 else "does not reproduce"

    out.append(
        _c(
            "eci_index",
            claim="an index over many benchmarks indicates capability better than any single benchmark",
            source="epoch2025eci",
            inputs="held-out benchmarks of Ruan et al.'s base-model table",
            evidence=f"{_OBS}; each benchmark held out of the index in turn",
            evidence_kind="dataset",
            check="scalingbook.science.observational.heldout_rank_agreement",
            value=(
                f"index beats the best single benchmark on {int(h['index_beats_every_single'].sum())} of "
                f"{len(h)} held-out benchmarks, the average single one on "
                f"{int((h['index'] > h['mean_single_spearman']).sum())}"
            ),
            verdict="depends on an assumption",
            assumption="quantile (of the single benchmarks' rank agreement the index must beat, on most held-out benchmarks)",
            readings=cl.readings_over(np.round(np.linspace(0, 1, 21), 2), index_reading),
            note="the index is the first principal component, not Epoch's fitted capability",
            section="observational-scaling-many-models-one-capability-axis",
        )
    )
    return out


@functools.lru_cache(maxsize=1)
def claims() -> list[cl.Claim]:
    """The chapter's claims, each at its published inputs (never the reader's parameters)."""
    from .cache import cached_result

    return cached_result("downstream-predictability-claims", _claims)


def scenario(page: Page) -> dict[str, str]:
    """What the reader's parameters give, for the claims they touch (the table's last column)."""
    tm, out = page.two_stage.table, {}
    for column, attr in (("loss_rel_error", "loss_rel_error"), ("error_rel_error", "err_rel_error")):
        for i, which in ((0, "1b"), (1, "7b")):
            out[f"gadre_{attr}_{which}"] = fmt.pct(float(tm[column].iloc[i]), 3)
    for stage, key in (("loss", "compute_ratio_loss"), ("error", "compute_ratio_error")):
        for i, name in ((0, "1.4B"), (1, "6.9B")):
            out[f"gadre_{stage}_compute_{name}"] = fmt.times(float(tm[key].iloc[i]))
    out["lourie_39"] = f"{page.n_predictable} of {page.n_tasks} ({fmt.pct(page.share_predictable)})"
    mine = flips(page)
    out["lourie_settings"] = (
        f"{mine['n_train']} change; {len(mine['drastic_train'])} predictable on one, inverse or trendless on another"
    )
    out["lourie_inverse"] = f"{int((page.categories['category'] == 'inverse').sum())} inverse"
    return out


# ----------------------------------------------------------------------------- charts


def _cat_color():
    from . import charts
    from . import vegalite as alt

    return alt.Color(
        "category:N",
        scale=alt.Scale(domain=list(ds.CATEGORIES), range=charts.PALETTE[:6]),
        title="category",
        legend=alt.Legend(orient="bottom"),
    )


def two_stage_chart(ts: ds.TwoStage, columns: int = 2):
    """Left: loss against compute, fit runs, targets measured and predicted, the law along
    M = 20 and the target's M. Right: average error against loss with the fitted law
    (``columns=1`` stacks the two panels for a narrow screen)."""
    from . import charts
    from . import vegalite as alt

    col = f"loss_{ts.val_set}"
    err = "err_17" if ts.split == "17-task" else "err_46"
    f = ts.fit_runs
    pts = pd.concat(
        [
            pd.DataFrame(
                {
                    "flops": f["train_flops"],
                    "loss": f[col],
                    "error": f[err],
                    "role": "fitted: " + f["stage"],
                    "run": f["run"],
                }
            ),
            pd.DataFrame(
                {
                    "flops": ts.table["train_flops"],
                    "loss": ts.table["loss"],
                    "error": ts.table["error"],
                    "role": "target, measured",
                    "run": ts.table["run"],
                }
            ),
            pd.DataFrame(
                {
                    "flops": ts.table["train_flops"],
                    "loss": ts.table["loss_pred"],
                    "error": ts.table["error_pred"],
                    "role": "target, predicted",
                    "run": ts.table["run"],
                }
            ),
        ],
        ignore_index=True,
    )
    lines = []
    for m in sorted({20.0, *ts.table["token_multiplier"]}):
        c = np.logspace(np.log10(f["train_flops"].min()), np.log10(ts.table["train_flops"].max() * 1.5), 60)
        n = np.sqrt(c / (6 * m))
        lines.append(pd.DataFrame({"flops": c, "loss": ts.loss_law.predict(n, m), "law": f"law, M = {m:g}"}))
    law = pd.concat(lines, ignore_index=True)
    role = alt.Color("role:N", title="", scale=alt.Scale(range=charts.PALETTE[:4]), legend=alt.Legend(orient="bottom"))
    left = (
        alt.Chart(law)
        .mark_line(strokeDash=[4, 3], color="#888")
        .encode(
            x=alt.X("flops:Q", scale=charts.log_scale(), axis=charts.log_axis("training compute 6ND (FLOP)")),
            y=alt.Y("loss:Q", scale=alt.Scale(zero=False), title=f"loss, {VAL_NAMES[ts.val_set]} (nats/token)"),
            detail="law:N",
            tooltip=["law:N"],
        )
        + alt.Chart(pts)
        .mark_point(size=70, filled=True)
        .encode(
            x="flops:Q",
            y="loss:Q",
            color=role,
            shape=alt.Shape("role:N", legend=None),
            tooltip=["run:N", "role:N", alt.Tooltip("loss:Q", format=".3f"), alt.Tooltip("flops:Q", format=".3g")],
        )
    ).properties(width=300, height=260, title="Stage 1: loss from N and M")
    grid = np.linspace(min(pts["loss"].min(), 2.2), pts["loss"].max() + 0.1, 80)
    curve = pd.DataFrame({"loss": grid, "error": ts.error_law.predict(grid)})
    right = (
        alt.Chart(curve)
        .mark_line(strokeDash=[4, 3], color="#888")
        .encode(
            x=alt.X(
                "loss:Q", scale=alt.Scale(zero=False, reverse=True), title=f"loss, {VAL_NAMES[ts.val_set]} (nats/token)"
            ),
            y=alt.Y("error:Q", scale=alt.Scale(zero=False), title=f"{ts.split} average top-1 error"),
        )
        + alt.Chart(pts)
        .mark_point(size=70, filled=True)
        .encode(
            x="loss:Q",
            y="error:Q",
            color=role,
            shape=alt.Shape("role:N", legend=None),
            tooltip=["run:N", "role:N", alt.Tooltip("loss:Q", format=".3f"), alt.Tooltip("error:Q", format=".4f")],
        )
    ).properties(width=300, height=260, title="Stage 2: error from loss")
    join = alt.hconcat if columns > 1 else alt.vconcat
    return (
        join(left, right)
        .resolve_scale(color="shared", shape="shared")
        .properties(
            title=f"Gadre et al.'s two stages on {TRAIN_NAMES[ts.train_set]}: loss from N and M, then error from loss"
        )
    )


def task_panels_chart(page: Page, columns: int = 4):
    """Every task in its own panel (``columns`` panels a row: 2 fit a phone): accuracy against loss with binomial error bars (one
    standard error, from the task's number of items), the fitted y = a exp(cL) + b, and the
    chance level; coloured by category."""
    from . import vegalite as alt

    fits, cats = page.fits, page.categories.set_index("task")["category"]
    n = fits.loss.size
    pts = pd.DataFrame(
        {
            "task": np.repeat(fits.tasks, n),
            "loss": np.tile(fits.loss, len(fits.tasks)),
            "acc": fits.acc.ravel(),
            "lo": (fits.acc - fits.se).ravel(),
            "hi": (fits.acc + fits.se).ravel(),
        }
    )
    grid = np.linspace(fits.loss.min(), fits.loss.max(), 30)
    fitted = fits.predict(grid)
    line = pd.DataFrame(
        {"task": np.repeat(fits.tasks, grid.size), "loss": np.tile(grid, len(fits.tasks)), "fit": fitted.ravel()}
    )
    chance = pd.DataFrame({"task": fits.tasks, "chance": fits.chance})
    for d in (pts, line, chance):
        d["category"] = d["task"].map(cats)
    color = _cat_color()
    x = alt.X("loss:Q", scale=alt.Scale(zero=False, reverse=True), title=f"loss, {VAL_NAMES[page.params['val_set']]}")
    base = alt.Chart().encode(x=x)
    layers = alt.layer(
        alt.Chart()
        .transform_filter("isValid(datum.chance)")
        .mark_rule(color="#bbb", strokeDash=[2, 2])
        .encode(y="chance:Q"),
        base.transform_filter("isValid(datum.acc)").mark_rule(opacity=0.35).encode(y="lo:Q", y2="hi:Q", color=color),
        base.transform_filter("isValid(datum.acc)")
        .mark_point(size=14, filled=True)
        .encode(
            y=alt.Y("acc:Q", scale=alt.Scale(zero=False), title="accuracy"),
            color=color,
            tooltip=["task:N", alt.Tooltip("loss:Q", format=".3f"), alt.Tooltip("acc:Q", format=".3f")],
        ),
        base.transform_filter("isValid(datum.fit)").mark_line().encode(y="fit:Q", color=color),
        data=pd.concat([pts, line, chance], ignore_index=True),
    )
    return (
        layers.properties(width=120, height=90)
        .facet(
            facet=alt.Facet("task:N", title=None, header=alt.Header(labelFontSize=10, labelLimit=130)), columns=columns
        )
        .resolve_scale(y="independent")
        .properties(
            title=f"{page.n_tasks} tasks on {TRAIN_NAMES[page.params['train_set']]}: accuracy against loss, "
            "y = a exp(cL) + b, one binomial SE"
        )
    )


def sweep_chart(page: Page):
    """Share predictable as min_r2 moves, with Lourie et al.'s 39% and the page's threshold."""
    from . import vegalite as alt

    p = page.r2_sweep[page.r2_sweep["category"] == "predictable"]
    line = (
        alt.Chart(p)
        .mark_line(point=True)
        .encode(
            x=alt.X("min_r2:Q", title="min_r2 threshold", scale=alt.Scale(zero=False)),
            y=alt.Y(
                "share:Q",
                title="share of 46 tasks predictable",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=[alt.Tooltip("min_r2:Q", format=".2f"), alt.Tooltip("share:Q", format=".0%"), "n:Q"],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"share": [0.39], "label": ["Lourie et al.: 39%"]}))
        .mark_rule(color="#000", strokeDash=[5, 3])
        .encode(y="share:Q", tooltip=["label:N"])
    )
    now = alt.Chart(pd.DataFrame({"min_r2": [page.thresholds.min_r2]})).mark_rule(color="#D55E00").encode(x="min_r2:Q")
    return (line + rule + now).properties(width=460, height=260, title="How 'predictable' moves with the R^2 threshold")


def obs_chart(page: Page):
    """Predicted against actual score of the held-out (largest) models: capability axis and compute."""
    from . import vegalite as alt

    t = page.obs["table"]
    t = t[t["held_out"]]
    long = pd.concat(
        [
            t.assign(predictor=f"{page.obs['n_components']} PCs of the other benchmarks", pred=t["predicted"]),
            t.assign(predictor="log10 training compute", pred=t["predicted_compute"]),
        ]
    )
    diag = alt.Chart(pd.DataFrame({"a": [0, 1]})).mark_line(color="#888", strokeDash=[4, 4]).encode(x="a:Q", y="a:Q")
    pts = (
        alt.Chart(long)
        .mark_point(size=60, filled=True)
        .encode(
            x=alt.X("actual:Q", title=f"{page.obs['target']}, measured", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("pred:Q", title="predicted", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("predictor:N", title="", legend=alt.Legend(orient="bottom")),
            tooltip=["model:N", "family:N", alt.Tooltip("actual:Q", format=".3f"), alt.Tooltip("pred:Q", format=".3f")],
        )
    )
    return (diag + pts).properties(
        width=360, height=320, title=f"Backtest on the {page.obs['n_test']} largest models by training compute"
    )


# ----------------------------------------------------------------------------- GPT-3 (the limited case)


@functools.lru_cache(maxsize=16)
def _gpt3(
    setting: str,
    metric: str,
    x_axis: str,
    loss_law: str,
    task_subset: str,
    fit: str,
    holdout: int,
    thresholds: ds.Thresholds,
) -> ds.Analysis:
    from ..science import laws as _laws
    from ..sources import tables as _data

    curves = ds.gpt3_curves(
        _data.load_gpt3_tasks(),
        _data.load_gpt3_models(),
        setting=setting,
        metric=metric,
        x_axis=x_axis,
        law=_laws.chinchilla_law(loss_law),
        task_subset=task_subset,
    )
    return ds.analyse(curves, family=fit, holdout=holdout, thresholds=thresholds)


def gpt3_analysis(params: dict) -> ds.Analysis:
    """GPT-3's Table H.1 curves for the page's GPT-3 parameters, classified and backtested."""
    return _gpt3(
        params["setting"],
        params["metric"],
        params["x_axis"],
        params["loss_law"],
        params["task_subset"],
        params["fit"],
        params["holdout"],
        _thresholds(params),
    )


def gpt3_loss_axis_rank(params: dict) -> float:
    """Spearman correlation of GPT-3's eight model sizes with the loss a law predicts for
    them at 300B tokens: -1 means the 'loss' axis is a monotone re-spacing of model size."""
    from ..science import laws as _laws
    from ..sources import tables as _data

    m = _data.load_gpt3_models()
    law = _laws.chinchilla_law(params["loss_law"])
    loss = law.loss(m["n_params"].to_numpy(float), m["n_tokens"].to_numpy(float))
    return ob.spearman(m["n_params"].to_numpy(float), np.asarray(loss, float))


def gpt3_sentence(params: dict) -> str:
    a = gpt3_analysis(params)
    s = a.summary
    counts = s["category"].value_counts()
    inv = s.loc[s["category"] == "inverse", "task"].tolist()
    over = int((s["backtest_error"] > 0).sum())
    rho = gpt3_loss_axis_rank(params)
    from .loss_scaling import LAW_LABELS

    axis = (
        "log training compute"
        if params["x_axis"] == "compute"
        else f"the loss {LAW_LABELS[params['loss_law']]} predicts"
    )
    return (
        f"On GPT-3's {params['setting']} scores, {len(s)} curves against {axis} ({params['fit']} fit): "
        + ", ".join(f"{counts.get(k, 0)} {k}" for k in ds.CATEGORIES)
        + (f"; the inverse ones are {', '.join(inv)}" if inv else "; none is inverse")
        + f". Fitted without the {params['holdout']} largest model(s), the fit overshoots the largest model on "
        f"{over} of {len(s)} curves and falls short on {len(s) - over}. The predicted losses rank the eight models "
        f"exactly as their sizes do (Spearman {rho:+.2f}): with every size trained on the same 300B tokens, a loss "
        f"axis carries no information beyond model size."
    )


def gpt3_chart(params: dict, columns: int = 5):
    """GPT-3 curves in small multiples (scores, fit, category)."""
    from . import charts
    from . import vegalite as alt

    an = gpt3_analysis(params)
    c = an.curves
    cat = an.summary.set_index("curve")["category"]
    pts = c.points.assign(curve=ds.curve_key(c.points), model=c.points["model"].astype(str))
    pts = pts[pts["curve"].isin(cat.index)].assign(category=lambda d: d["curve"].map(cat))
    lines = an.lines
    up = c.scale_increases_with_x
    xv = (lambda v: 10**v) if up else (lambda v: v)
    pts = pts.assign(x_plot=xv(pts["x"]))
    lines = lines.assign(x_plot=xv(lines["x"]))
    x = (
        alt.X("x_plot:Q", scale=charts.log_scale(), axis=charts.log_axis("training compute (FLOP)"))
        if up
        else alt.X("x_plot:Q", scale=alt.Scale(zero=False, reverse=True), title="predicted loss (nats/token)")
    )
    color = _cat_color()
    data = pd.concat(
        [pts[["curve", "x_plot", "score", "model", "category"]], lines[["curve", "x_plot", "fitted", "category"]]],
        ignore_index=True,
    )
    layer = alt.layer(
        alt.Chart().transform_filter("isValid(datum.fitted)").mark_line().encode(x=x, y="fitted:Q", color=color),
        alt.Chart()
        .transform_filter("isValid(datum.score)")
        .mark_point(size=25, filled=True)
        .encode(
            x=x,
            y=alt.Y("score:Q", scale=alt.Scale(zero=False), title="score (%)"),
            color=color,
            tooltip=["curve:N", "model:N", alt.Tooltip("score:Q", format=".1f")],
        ),
        data=data,
    )
    return (
        layer.properties(width=130, height=95)
        .facet(
            facet=alt.Facet("curve:N", title=None, header=alt.Header(labelFontSize=10, labelLimit=150)), columns=columns
        )
        .resolve_scale(y="independent")
        .properties(title=f"GPT-3 {params['setting']}: {len(cat)} curves, fit and category")
    )
