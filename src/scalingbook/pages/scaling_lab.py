"""What the scaling-lab chapter shows: the reader's (or the book's committed) lab runs, their IsoFLOP
curves and parabola minima, the exponents a and b with bootstrap intervals, the book's Chinchilla
fit on every run, and a prediction for a held-out budget from the smaller ones, set beside the run
made at that budget.

Everything here reads a results CSV written by ``scalingbook lab run``; nothing imports JAX, so
the chapter builds without the lab extra. The analysis lives in
:mod:`scalingbook.science.lab.analysis`; this module assembles it for the page.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..science.fitting import ChinchillaFit, fit_chinchilla_cached
from ..science.lab import analysis as an
from ..science.lab.flops import ModelShape, flops_per_token
from ..sources.tables import data_dir
from . import charts
from . import claims as cl
from . import format as fmt
from . import vegalite as alt

CHAPTER = "scaling-lab"

__all__ = [
    "CHAPTER",
    "Page",
    "build",
    "claims",
    "claims_scenario",
    "committed_runs_file",
    "read_runs",
    "isoflop_chart",
    "optimum_chart",
    "heldout_chart",
    "compute_terms_chart",
    "runs_table",
    "minima_table",
    "fit_table",
    "exponents_sentence",
    "fit_sentence",
    "heldout_sentence",
    "epochs_sentence",
    "compute_terms_sentence",
    "provenance_sentence",
    "comparison_sentence",
    "CHINCHILLA_A",
    "CHINCHILLA_A_CI",
    "KAPLAN_A",
    "CHINCHILLA_BUDGETS",
]

#: Hoffmann et al. 2022, Table 2, approach 2 (IsoFLOP profiles): a = 0.49 (0.462, 0.534).
CHINCHILLA_A = 0.49
CHINCHILLA_A_CI = (0.462, 0.534)
#: Kaplan et al. 2020, Eq. 6.1 / Table 6: N_opt proportional to C_min^0.73.
KAPLAN_A = 0.73
#: Hoffmann et al. 2022's approach 2 used budgets from 6e18 to 3e21 FLOP.
CHINCHILLA_BUDGETS = (6e18, 3e21)


def committed_runs_file() -> Path:
    """The book's committed lab runs: ``data/lab/runs.csv``."""
    return data_dir() / "lab" / "runs.csv"


def read_runs(path: str | Path) -> pd.DataFrame:
    """A lab results CSV, checked: the columns ``scalingbook lab run`` writes, positive numbers."""
    path = Path(path)
    try:
        df = pd.read_csv(path)
    except Exception as exc:  # an unreadable or non-CSV file
        raise ParameterError(f"runs_file '{path}' is not a lab results CSV ({exc.__class__.__name__}: {exc})") from None
    missing = [c for c in ("stage", "budget", "n_params", "n_embedding_params", "tokens", "val_loss") if c not in df]
    if missing:
        raise ParameterError(
            f"runs_file '{path}' lacks the column(s) {', '.join(missing)} that `scalingbook lab run` writes"
        )
    for c in ("budget", "n_params", "tokens", "val_loss"):
        bad = ~np.isfinite(pd.to_numeric(df[c], errors="coerce")) | (pd.to_numeric(df[c], errors="coerce") <= 0)
        if bad.any():
            raise ParameterError(
                f"runs_file '{path}': column {c} holds a value that is not a positive number "
                f"(row {int(np.flatnonzero(bad.to_numpy())[0]) + 2})"
            )
    return df


@dataclass(frozen=True)
class Page:
    """What the chapter shows for one parameter set.

    runs: every run, with ``N`` (the parameter count the fits use) and ``D`` (tokens);
    minima: one parabola vertex per IsoFLOP budget; exponents: a, b and prefactors from them;
    ci: their bootstrap intervals; fit: the Chinchilla fit on every run; heldout_budget, heldout_run,
    predicted_loss, predicted_n_opt, fit_before: the held-out check (fit_before: the Chinchilla fit
    on the runs below the held-out budget only; None, and the predictions NaN, when fewer than two
    smaller budgets have an IsoFLOP curve).
    """

    params: dict
    source: str
    runs: pd.DataFrame
    minima: tuple
    exponents: dict
    ci: dict
    fit: ChinchillaFit
    heldout_budget: float
    heldout_run: pd.Series
    fit_before: ChinchillaFit | None
    predicted_loss: float
    predicted_n_opt: float
    exponents_before: dict
    predicted_trend_loss: float
    recorded_prediction: dict

    @property
    def measured_loss(self) -> float:
        return float(self.heldout_run["val_loss"])

    @property
    def budgets(self) -> list[float]:
        return sorted(self.runs["budget"].unique())

    @property
    def prediction_error(self) -> float:
        """(measured - predicted) / predicted."""
        return (self.measured_loss - self.predicted_loss) / self.predicted_loss


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b))


@lru_cache(maxsize=8)
def _build(items: tuple) -> Page:
    params = dict(items)
    path = Path(params["runs_file"]) if params["runs_file"] else committed_runs_file()
    source = "the book's committed runs" if not params["runs_file"] else f"your runs in {path.name}"
    runs = read_runs(path).copy()
    runs["N"] = runs["n_params"] + (runs["n_embedding_params"] if params["count_embeddings"] else 0)
    runs["D"] = runs["tokens"].astype(float)
    fit_runs = runs.assign(n_params=runs["N"])
    minima = tuple(an.isoflop_minima(fit_runs))
    if len(minima) < 2:
        raise ParameterError(
            f"runs_file '{path}': the exponents need IsoFLOP curves (three or more sizes) at two "
            f"budgets or more; it has {len(minima)}"
        )
    exps = an.exponents(list(minima))
    ci = (
        an.bootstrap_exponents(fit_runs, params["n_bootstrap"], params["seed"])
        if params["n_bootstrap"] >= 2
        else {"a_low": math.nan, "a_high": math.nan, "b_low": math.nan, "b_high": math.nan, "kept": 0, "dropped": 0}
    )
    fit = fit_chinchilla_cached(runs["N"].to_numpy(float), runs["D"].to_numpy(float), runs["val_loss"].to_numpy(float))
    budgets = sorted(runs["budget"].unique())
    held = heldout_for(budgets, float(params["heldout_budget"]))
    at = runs[np.isclose(runs["budget"], held, rtol=1e-6)]
    before = fit_runs[runs["budget"] < held * (1 - 1e-6)]
    minima_before = an.isoflop_minima(before)
    best = at.loc[at["val_loss"].idxmin()]
    recorded: dict = {}
    if len(minima_before) < 2:  # nothing to extrapolate from: the page says so instead of predicting
        return Page(
            params, source, runs, minima, exps, ci, fit, held, best, None, math.nan, math.nan, {}, math.nan, recorded
        )
    exps_before = an.exponents(minima_before)
    fit_before = fit_chinchilla_cached(
        before["n_params"].to_numpy(float), before["tokens"].to_numpy(float), before["val_loss"].to_numpy(float)
    )
    law = fit_before.law
    predicted = float(law.E + law.A / float(best["N"]) ** law.alpha + law.B / float(best["D"]) ** law.beta)
    n_opt = exps_before["k_n"] * held ** exps_before["a"]
    gamma, k_loss = an.power_law(
        np.array([m.budget for m in minima_before]), np.array([m.loss_opt for m in minima_before])
    )
    pred_file = path.parent / "heldout_prediction.json"
    if pred_file.is_file():
        rec = json.loads(pred_file.read_text(encoding="utf-8"))
        if _close(float(rec.get("budget", -1)), held) and rec.get("run_id") == best.get("run_id"):
            recorded = rec
    return Page(
        params,
        source,
        runs,
        minima,
        exps,
        ci,
        fit,
        held,
        best,
        fit_before,
        predicted,
        float(n_opt),
        exps_before,
        float(k_loss * held**gamma),
        recorded,
    )


def build(params: dict) -> Page:
    """The page for the chapter's validated parameters (``scalingbook.pages.params.SCALING_LAB``)."""
    return _build(tuple(sorted(params.items())))


# ----------------------------------------------------------------------------------------------
# claims: checks of the reader's own runs, not of published measurements
# ----------------------------------------------------------------------------------------------


def heldout_for(budgets: list[float], asked: float) -> float:
    """The runs file's budget held out for the page's prediction: the largest when ``asked`` is
    0, else the one nearest to ``asked`` on a log scale (budgets: FLOP, ascending)."""
    if asked <= 0:
        return float(budgets[-1])
    return float(min(budgets, key=lambda b: abs(math.log10(b) - math.log10(asked))))


_DEFAULTS = {"runs_file": "", "heldout_budget": 0.0, "count_embeddings": False, "n_bootstrap": 1000, "seed": 0}


def claims() -> list[cl.Claim]:
    """The chapter's claim records. Both published exponents are measured at 1e18 FLOP and above
    on web text; the lab's runs are character-level models nine orders of magnitude smaller, so
    its exponent cannot test either claim as its source states it: the records are *not
    checkable*, and they show the lab's value beside the published one for the reader."""
    page = build(_DEFAULTS)
    lo_b, hi_b = min(page.budgets), max(page.budgets)
    found = (
        f"a = {page.exponents['a']:.2f} (95% bootstrap {page.ci['a_low']:.2f} to {page.ci['a_high']:.2f}) "
        f"from {fmt.counted(len(page.runs), 'run')} at {fmt.sci(min(page.budgets), 2)} to "
        f"{fmt.sci(max(page.budgets), 2)} FLOP"
    )
    missing_scale = (
        "IsoFLOP runs at the claims' scale and data (web text, 1e18 FLOP and up); the lab's runs are "
        f"character-level models at {lo_b:.0e} to {hi_b:.0e} FLOP, another regime"
    ).replace("e+", "e")
    return [
        cl.Claim(
            chapter=CHAPTER,
            key="chinchilla_a",
            claim="Compute-optimal model size grows as C^a with a = 0.49 (0.462 to 0.534) when each run's "
            "cosine schedule matches its length (IsoFLOP profiles)",
            source="hoffmann2022",
            inputs="Table 2, approach 2: nine IsoFLOP budgets from 6e18 to 3e21 FLOP",
            evidence="",
            evidence_kind="none",
            check="scalingbook.pages.scaling_lab.build",
            value=found,
            published="0.49 (0.462 to 0.534)",
            verdict="not checkable",
            section="exponents",
            missing=missing_scale,
            note="The lab measures a on your own machine with the same method; whether it lands near 0.5 at this scale "
            "is a finding about tiny character models, not a test of Hoffmann et al.'s measurement.",
        ),
        cl.Claim(
            chapter=CHAPTER,
            key="kaplan_a",
            claim="Compute-optimal model size grows as C^0.73",
            source="kaplan2020",
            inputs="Eq. 6.1 and Figure 14: N_opt = 1.3e9 (C_min)^0.73, C_min in PF-days",
            evidence="",
            evidence_kind="none",
            check="scalingbook.pages.scaling_lab.build",
            value=found,
            published="0.73",
            verdict="not checkable",
            section="exponents",
            missing=missing_scale,
            note="Porian et al. 2024 trace Kaplan et al.'s larger exponent to the head's uncounted FLOPs, a long fixed "
            "warmup and untuned optimiser settings at small scale; the lab's recipe avoids those three.",
        ),
    ]


def claims_scenario(page: Page) -> dict[str, str]:
    """The reader's run for each claim row (never changes a verdict)."""
    text = f"a = {page.exponents['a']:.2f} ({page.ci['a_low']:.2f} to {page.ci['a_high']:.2f}), {page.source}"
    return {"chinchilla_a": text, "kaplan_a": text}


# ----------------------------------------------------------------------------------------------
# tables
# ----------------------------------------------------------------------------------------------


def runs_table(page: Page) -> pd.DataFrame:
    """Every run: budget, width, N, tokens, tokens per parameter, epochs, steps, learning rate,
    validation loss, time and achieved FLOP/s."""
    r = page.runs.sort_values(["stage", "budget", "N"], ascending=[False, True, True])
    return pd.DataFrame(
        {
            "stage": r["stage"],
            "budget (FLOP, 6ND)": r["budget"].map(fmt.sci),
            "width": r["d_model"],
            "N": r["N"].map(fmt.count),
            "tokens D": r["D"].map(fmt.count),
            "D / N": (r["D"] / r["N"]).map(lambda x: f"{x:,.0f}"),
            "epochs": r["epochs"].map(lambda x: f"{x:.2f}"),
            "steps": r["steps"],
            "peak lr": r["lr"].map(lambda x: f"{x:.4g}"),
            "validation loss (nats/char)": r["val_loss"].map(lambda x: f"{x:.4f}"),
            "train time": r["train_seconds"].map(lambda s: f"{s:,.0f} s"),
            "GFLOP/s": (r["achieved_flops_per_second"] / 1e9).map(lambda x: f"{x:.1f}"),
        }
    )


def minima_table(page: Page) -> pd.DataFrame:
    """The parabola vertex of each IsoFLOP budget: N*, D*, D*/N*, its loss, and whether it lies
    inside the sizes tried."""
    return pd.DataFrame(
        {
            "budget (FLOP)": [fmt.sci(m.budget) for m in page.minima],
            "runs in the parabola": [m.n_runs for m in page.minima],
            "N*": [fmt.count(m.n_opt) for m in page.minima],
            "D*": [fmt.count(m.d_opt) for m in page.minima],
            "D*/N*": [f"{m.d_opt / m.n_opt:,.0f}" for m in page.minima],
            "loss at N*": [f"{m.loss_opt:.4f}" for m in page.minima],
            "inside the sizes tried": ["yes" if m.inside else "no" for m in page.minima],
        }
    )


def fit_table(page: Page) -> pd.DataFrame:
    """The Chinchilla law fitted to every run and to the runs below the held-out budget."""
    rows = []
    for name, f in (("every run", page.fit), ("below the held-out budget", page.fit_before)):
        if f is None:
            continue
        law = f.law
        rows.append(
            {
                "fitted on": name,
                "points": f.n_points,
                "E": f"{law.E:.3f}",
                "A": fmt.readable_number(law.A),
                "B": fmt.readable_number(law.B),
                "alpha": f"{law.alpha:.3f}",
                "beta": f"{law.beta:.3f}",
                "a = beta/(alpha+beta)": f"{law.a:.3f}",
            }
        )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------
# sentences
# ----------------------------------------------------------------------------------------------


def exponents_sentence(page: Page) -> str:
    e, ci = page.exponents, page.ci
    if page.ci["kept"] >= 2:
        interval = (
            f" (95% bootstrap interval {ci['a_low']:.2f} to {ci['a_high']:.2f}, from "
            f"{fmt.counted(ci['kept'], 'resample')}"
            + (
                f"; {fmt.counted(ci['dropped'], 'resample')} dropped, where a budget drew fewer than three "
                "distinct sizes around its minimum or its parabola's vertex fell outside the sizes tried)"
                if ci["dropped"]
                else ")"
            )
        )
    elif page.params["n_bootstrap"] < 2:
        interval = " (no bootstrap interval: n_bootstrap is below 2)"
    else:
        interval = (
            " (no bootstrap interval: "
            + ("every resample" if ci["kept"] == 0 else f"all but {fmt.counted(ci['kept'], 'resample')}")
            + " drew a budget with fewer than three distinct sizes around its minimum or a vertex outside the "
            "sizes tried)"
        )
    outside = [m for m in page.minima if not m.inside]
    where = (
        "Every budget's minimum lies inside the sizes tried."
        if not outside
        else ("The minimum of the " if len(outside) == 1 else "The minima of the ")
        + f"{', '.join(fmt.sci(m.budget, 2) for m in outside)} FLOP "
        + ("curve lies" if len(outside) == 1 else "curves lie")
        + " outside the sizes tried: an extrapolated vertex, on which the exponent leans."
    )
    return (
        f"From {fmt.counted(len(page.minima), 'IsoFLOP budget')} ({page.source}), the compute-optimal size grows "
        f"as N* ∝ C^{e['a']:.2f}{interval}, and the tokens as D* ∝ C^{e['b']:.2f}. {where}"
    )


def comparison_sentence(page: Page) -> str:
    a, lo, hi = page.exponents["a"], page.ci["a_low"], page.ci["a_high"]
    has_ci = math.isfinite(lo) and math.isfinite(hi)
    parts = []
    for name, val in (("Chinchilla's 0.49", CHINCHILLA_A), ("Kaplan's 0.73", KAPLAN_A)):
        if has_ci:
            inside = lo <= val <= hi
            parts.append(f"{name} lies {'inside' if inside else 'outside'} it")
        else:
            parts.append(f"{name} is {abs(a - val):.2f} away")
    width = (hi - lo) if has_ci else math.nan
    fitted = [m.budget for m in page.minima]
    ratio = math.log10(max(fitted) / min(fitted))
    return (
        f"The lab's a is {a:.2f}"
        + (f" with an interval {width:.2f} wide" if has_ci else "")
        + "; "
        + " and ".join(parts)
        + f". Its IsoFLOP budgets span {ratio:.1f} decades, against 2.7 for Hoffmann et al.'s "
        "approach 2; a narrower span leaves the slope less certain."
    )


def fit_sentence(page: Page) -> str:
    law = page.fit.law
    floor = (
        ""
        if law.E >= 0.01
        else f" The irreducible loss E went to {law.E:.3f}: with β this small the data term falls so slowly over the "
        "lab's range of D that it absorbs the floor, and the runs cannot tell the two apart."
    )
    pred = (
        law.E + law.A / page.runs["N"].to_numpy(float) ** law.alpha + law.B / page.runs["D"].to_numpy(float) ** law.beta
    )
    rel = (pred - page.runs["val_loss"].to_numpy(float)) / page.runs["val_loss"].to_numpy(float)
    worst = int(np.argmax(np.abs(rel)))
    best_runs = page.runs.groupby("budget")["val_loss"].idxmin()
    rel_best = np.abs(rel[[page.runs.index.get_loc(i) for i in best_runs]])
    misses = (
        f" Even on the runs it was fitted to it misses by up to {fmt.pct(abs(rel[worst]))} "
        f"({page.runs['run_id'].iloc[worst]}), and by up to {fmt.pct(float(rel_best.max()))} at a budget's best "
        "run: the form has no term for a run cut short in optimiser steps, which is what the largest models "
        "at each budget are."
    )
    return (
        f"On all {fmt.counted(page.fit.n_points, 'run')} the book's fitter gives L(N, D) = {law.E:.3f} + "
        f"{fmt.readable_number(law.A)}/N^{law.alpha:.3f} + {fmt.readable_number(law.B)}/D^{law.beta:.3f}, whose "
        f"implied a = β/(α+β) = {law.a:.2f} (the parabola minima gave {page.exponents['a']:.2f}). Hoffmann et al.'s "
        "web-text fit has E = 1.69, α = 0.34, β = 0.28 in nats per token of a 32,000-token vocabulary; the lab's "
        "losses are per character, so E, A and B are not comparable, and only the exponents' ratio is." + floor + misses
    )


def heldout_sentence(page: Page) -> str:
    r = page.heldout_run
    if page.fit_before is None:
        return (
            f"Below the held-out budget {fmt.sci(page.heldout_budget, 2)} FLOP fewer than two budgets have an "
            "IsoFLOP curve of three sizes or more, so there is nothing to extrapolate from: no prediction. Run a "
            "sweep with three budgets or more (the default preset) to make one."
        )
    err = page.prediction_error
    eb = page.exponents_before
    n_smaller = len([b for b in page.budgets if b < page.heldout_budget * (1 - 1e-6)])
    return (
        f"Fitted to the {fmt.counted(n_smaller, 'budget')} below {fmt.sci(page.heldout_budget, 2)} FLOP only, the "
        f"parabola minima put the compute-optimal size there at N* ≈ {fmt.count(page.predicted_n_opt)} "
        f"(a = {eb['a']:.2f}), and the Chinchilla fit predicts a loss of **{page.predicted_loss:.3f}** for the "
        f"run made at that budget (width {int(r['d_model'])}, N = {fmt.count(r['N'])}, D = {fmt.count(r['D'])}). "
        f"It measured **{page.measured_loss:.3f}**: {'above' if err > 0 else 'below'} the prediction by "
        f"{fmt.pct(abs(err))}. The trend of the smaller budgets' minimum losses alone (a power law in C) puts the "
        f"compute-optimal model's loss there at {page.predicted_trend_loss:.3f}."
        + (
            f" The runner wrote its prediction, {page.recorded_prediction['predicted_loss']:.3f}, to "
            f"heldout_prediction.json at {page.recorded_prediction.get('made_utc', '?')}, before that run trained."
            if page.recorded_prediction
            else ""
        )
    )


def epochs_sentence(page: Page) -> str:
    r = page.runs
    worst = r.loc[r["epochs"].idxmax()]
    return (
        f"The most data-hungry run, {worst['run_id']}, reads {worst['epochs']:.2f} epochs of the training split; "
        + (
            "no run repeats a character, so the law needs no correction for repeated data."
            if worst["epochs"] <= 1
            else "runs past one epoch see repeated text; Muennighoff et al. 2023 find up to about four epochs cost "
            "little, but the fit treats their tokens as fresh."
        )
    )


def compute_terms_sentence(page: Page) -> str:
    r = page.runs
    extra = (r["flops_attention"] + r["flops_head"]) / r["flops_6nd"]
    small, big = r.loc[r["N"].idxmin()], r.loc[r["N"].idxmax()]
    e_small = float(extra[r["N"].idxmin()])
    e_big = float(extra[r["N"].idxmax()])
    return (
        f"The attention products and the output head add {fmt.pct(e_small, 0)} to 6ND for the smallest model "
        f"(width {int(small['d_model'])}) and {fmt.pct(e_big, 0)} for the largest (width {int(big['d_model'])}): "
        "6ND undercounts the small models' compute most, so at the smallest budgets, where they win, they look "
        "cheaper than they are; the optimum then seems to move to larger models faster than it does, which "
        "steepens N* against C (the first of Porian et al.'s three factors)."
    )


def provenance_sentence(page: Page) -> str:
    r = page.runs
    prov_path = Path(page.params["runs_file"]).parent if page.params["runs_file"] else committed_runs_file().parent
    prov = {}
    pfile = prov_path / "provenance.json"
    if pfile.is_file():
        prov = json.loads(pfile.read_text(encoding="utf-8"))
    total = float(r["train_seconds"].sum())
    shas = sorted(set(r["corpus_sha256"].astype(str)))
    device = str(r["device"].iloc[0])
    device = device.split(":")[0] if len(set(device.split(":"))) == 1 else device
    text = (
        f"These runs took {total / 60:.1f} minutes of training on {device} with JAX "
        f"{r['jax_version'].iloc[0]}, at {fmt.readable_number(float(r['achieved_flops_per_second'].median()) / 1e9)} "
        f"GFLOP/s (median), on corpus {r['corpus'].iloc[0]} (sha256 {shas[0][:12]}…"
        + (f", and {len(shas) - 1} other" if len(shas) > 1 else "")
        + ")."
    )
    if prov:
        text += (
            f" They were made by `{prov.get('command', '')}` at commit {str(prov.get('git_commit', ''))[:10]} on "
            f"{prov.get('machine', '')}, finished {prov.get('finished_utc', '')}."
        )
    return text


# ----------------------------------------------------------------------------------------------
# charts
# ----------------------------------------------------------------------------------------------


def _budget_label(b: float) -> str:
    return f"{b:.0e}".replace("e+", "e") + " FLOP"


def isoflop_chart(page: Page) -> alt.TopLevelMixin:
    """Validation loss against N at each budget, the fitted parabola and its vertex."""
    r = page.runs.assign(budget_label=page.runs["budget"].map(_budget_label))
    order = [_budget_label(b) for b in page.budgets]
    curves, verts = [], []
    for m in page.minima:
        xs = np.linspace(np.log10(m.n_range[0]) - 0.05, np.log10(m.n_range[1]) + 0.05, 60)
        c0, c1, c2 = m.coef
        curves.append(
            pd.DataFrame({"N": 10**xs, "loss": c0 + c1 * xs + c2 * xs * xs, "budget_label": _budget_label(m.budget)})
        )
        verts.append({"N": m.n_opt, "loss": m.loss_opt, "budget_label": _budget_label(m.budget)})
    color = alt.Color(
        "budget_label:N",
        title="budget (6ND)",
        sort=order,
        scale=alt.Scale(domain=order, range=charts.PALETTE[: len(order)]),
    )
    x = alt.X(
        "N:Q",
        scale=charts.log_scale(),
        axis=charts.log_axis(
            "non-embedding parameters N"
            if not page.params["count_embeddings"]
            else "parameters N (embeddings included)"
        ),
    )
    y = alt.Y("loss:Q", scale=alt.Scale(zero=False), title="validation loss (nats per character)")
    pts = (
        alt.Chart(r.rename(columns={"val_loss": "loss"}))
        .mark_point(filled=True, size=60)
        .encode(
            x=x,
            y=y,
            color=color,
            shape=alt.Shape("stage:N", title="run"),
            tooltip=[
                charts.tooltip("N", "N", kind="count"),
                charts.tooltip("D", "tokens", kind="count"),
                charts.tooltip("loss", "validation loss"),
                alt.Tooltip("budget_label:N", title="budget"),
            ],
        )
    )
    lines = alt.Chart(pd.concat(curves)).mark_line(strokeDash=[4, 3]).encode(x=x, y=y, color=color)
    vx = (
        alt.Chart(pd.DataFrame(verts))
        .mark_point(shape="diamond", size=140, filled=False, strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=color,
            tooltip=[charts.tooltip("N", "N* (vertex)", kind="count"), charts.tooltip("loss", "loss at N*")],
        )
    )
    chart = (lines + pts + vx).properties(width=charts.WIDTH, height=charts.HEIGHT)
    return charts.captioned(
        chart,
        "IsoFLOP curves of the lab's runs: each colour is one compute budget (6ND), each "
        "filled point one trained model, the dashed line a parabola in log N fitted to the budget's "
        "runs within two sizes of its lowest loss and the open diamond its vertex, the compute-optimal "
        "size N*. Read how the best size "
        "moves right as the budget grows, and how steeply the loss rises past it.",
    )


def optimum_chart(page: Page) -> alt.TopLevelMixin:
    """N* and D* against C with the lab's power laws and the published slopes for comparison."""
    e = page.exponents
    c = np.array([m.budget for m in page.minima])
    pts = pd.concat(
        [
            pd.DataFrame({"C": c, "value": [m.n_opt for m in page.minima], "quantity": "N* (parameters)"}),
            pd.DataFrame({"C": c, "value": [m.d_opt for m in page.minima], "quantity": "D* (tokens)"}),
        ]
    )
    grid = np.geomspace(c.min() / 1.5, max(c.max(), page.heldout_budget) * 1.5, 30)
    mid_c = float(np.exp(np.log(c).mean()))
    mid_n = e["k_n"] * mid_c ** e["a"]
    lines = pd.concat(
        [
            pd.DataFrame({"C": grid, "value": e["k_n"] * grid ** e["a"], "line": f"lab: N* ∝ C^{e['a']:.2f}"}),
            pd.DataFrame({"C": grid, "value": e["k_d"] * grid ** e["b"], "line": f"lab: D* ∝ C^{e['b']:.2f}"}),
            pd.DataFrame(
                {"C": grid, "value": mid_n * (grid / mid_c) ** CHINCHILLA_A, "line": "slope 0.49 (Chinchilla)"}
            ),
            pd.DataFrame({"C": grid, "value": mid_n * (grid / mid_c) ** KAPLAN_A, "line": "slope 0.73 (Kaplan)"}),
        ]
    )
    x = alt.X("C:Q", scale=charts.log_scale(), axis=charts.log_axis("compute budget C = 6ND (FLOP)"))
    y = alt.Y("value:Q", scale=charts.log_scale(), axis=charts.log_axis("compute-optimal N* or D*"))
    order = list(dict.fromkeys(lines["line"]))
    ln = (
        alt.Chart(lines)
        .mark_line()
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "line:N", title="line", sort=order, scale=alt.Scale(domain=order, range=charts.PALETTE[: len(order)])
            ),
            strokeDash=alt.condition(
                alt.FieldOneOfPredicate(field="line", oneOf=order[2:]), alt.value([5, 4]), alt.value([1, 0])
            ),
        )
    )
    pt = (
        alt.Chart(pts)
        .mark_point(filled=True, size=70, color="black")
        .encode(
            x=x,
            y=y,
            shape=alt.Shape("quantity:N", title="parabola vertex"),
            tooltip=[
                charts.tooltip("C", "budget", "FLOP", kind="sci"),
                charts.tooltip("value", "value", kind="count"),
                alt.Tooltip("quantity:N", title="quantity"),
            ],
        )
    )
    chart = (ln + pt).properties(width=charts.WIDTH, height=charts.HEIGHT)
    return charts.captioned(
        chart,
        "The compute-optimal size N* and token count D* of each budget (black points, the "
        "parabola vertices) with the lab's power-law fits (solid), and lines of Chinchilla's and "
        "Kaplan's slopes drawn through the lab's middle budget (dashed) for comparison only: read "
        "which slope the points follow, not where the published lines sit.",
    )


def heldout_chart(page: Page) -> alt.TopLevelMixin:
    """The held-out budget's run: predicted loss against measured, beside the smaller budgets' best runs."""
    best = page.runs.loc[page.runs.groupby("budget")["val_loss"].idxmin()]
    law = (page.fit_before or page.fit).law
    fitted_on = "fit below the held-out budget" if page.fit_before is not None else "fit on every run (no held-out fit)"
    pred = law.E + law.A / best["N"].to_numpy(float) ** law.alpha + law.B / best["D"].to_numpy(float) ** law.beta
    df = pd.concat(
        [
            pd.DataFrame(
                {"C": best["budget"], "loss": best["val_loss"], "series": "measured (best run of the budget)"}
            ),
            pd.DataFrame({"C": best["budget"], "loss": pred, "series": fitted_on}),
        ]
    )
    order = ["measured (best run of the budget)", fitted_on]
    x = alt.X("C:Q", scale=charts.log_scale(), axis=charts.log_axis("compute budget C = 6ND (FLOP)"))
    y = alt.Y("loss:Q", scale=alt.Scale(zero=False), title="validation loss (nats per character)")
    base = alt.Chart(df).encode(
        x=x,
        y=y,
        color=alt.Color("series:N", title="", sort=order, scale=alt.Scale(domain=order, range=charts.PALETTE[:2])),
        tooltip=[
            charts.tooltip("C", "budget", "FLOP", kind="sci"),
            charts.tooltip("loss", "loss"),
            alt.Tooltip("series:N", title="series"),
        ],
    )
    rule = alt.Chart(pd.DataFrame({"C": [page.heldout_budget]})).mark_rule(strokeDash=[2, 3], color="gray").encode(x=x)
    layers = rule + base.mark_line(point=True)
    if math.isfinite(page.predicted_trend_loss):
        trend = pd.DataFrame(
            {
                "C": [page.heldout_budget],
                "loss": [page.predicted_trend_loss],
                "series": ["trend of the smaller budgets' minimum losses"],
            }
        )
        layers = layers + alt.Chart(trend).mark_point(
            shape="triangle-down", size=120, filled=True, color="black"
        ).encode(
            x=x,
            y=y,
            tooltip=[
                charts.tooltip("C", "budget", "FLOP", kind="sci"),
                charts.tooltip("loss", "loss"),
                alt.Tooltip("series:N", title="series"),
            ],
        )
    chart = layers.properties(width=charts.WIDTH, height=charts.HEIGHT)
    return charts.captioned(
        chart,
        "Predict, then train: the loss of each budget's best run (blue) and the loss the "
        "Chinchilla law fitted only to the runs below the held-out budget (grey rule) predicts for "
        "the same model and tokens (orange); the black triangle is the loss the smaller budgets' "
        "minimum losses extrapolate to. Left of the rule the fit saw the data; at the rule it did "
        "not, and the gaps there are the predictions' errors.",
    )


def compute_terms_chart(page: Page) -> alt.TopLevelMixin:
    """Attention and head FLOPs as a share of 6ND against N (per token, independent of the budget)."""
    r = page.runs.drop_duplicates("d_model").sort_values("N")
    rows = []
    for _, row in r.iterrows():
        f = flops_per_token(
            ModelShape(int(row["n_layer"]), int(row["d_model"]), int(row["n_head"]), int(row["n_ctx"]), 80)
        )
        vocab_head = float(row["flops_head"]) / float(row["tokens"])
        rows.append({"N": float(row["N"]), "share": f["attention"] / f["six_n"], "term": "attention (QKᵀ and AV)"})
        rows.append({"N": float(row["N"]), "share": vocab_head / f["six_n"], "term": "output head"})
    df = pd.DataFrame(rows)
    chart = charts.line_chart(
        df,
        x="N",
        y="share",
        x_title="non-embedding parameters N",
        y_title="FLOP beyond 6N, per 6N",
        color="term",
        color_title="term",
        log_x=True,
        points=True,
    )
    chart = chart.encode(y=alt.Y("share:Q", title="FLOP beyond 6N, as a share of 6N", axis=alt.Axis(format="%")))
    return charts.captioned(
        chart,
        "What C = 6ND leaves out, per token: the attention's token-to-token products and "
        "the output head, each as a share of 6N, for the widths the lab trains. Both shrink as the "
        "model widens; at the smallest widths they exceed 6N itself.",
    )
