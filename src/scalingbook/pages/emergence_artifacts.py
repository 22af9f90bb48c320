"""What the chapter "Are emergent abilities a mirage?" shows: its analyses bundled per
parameter set, its charts, its claims table and the sentences generated from its numbers.

The formulas, the simulator and the per-task tests live in :mod:`scalingbook.science.emergence`;
this module only arranges them for one page. Every sentence that compares numbers is
built here from those numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..science import emergence as em
from .params import validate as _validate
from .report import format_number as fmt, verdict as _verdict

__all__ = [
    "METRIC_TITLES",
    "METRIC_COLORS",
    "METRIC_LABELS",
    "Analysis",
    "analyse",
    "size_range",
    "published",
    "real_data",
    "metric_panels",
    "mc_panels",
    "resolution_chart",
    "lu_scatter",
    "lu_curves_chart",
    "obsscaling_chart",
    "pythia_chart",
    "gpt3_chart",
    "claims_checked",
    "headline_sentence",
    "simulation_sentence",
    "mc_sentence",
    "resolution_sentence",
    "lu_sentence",
    "obsscaling_sentence",
    "pythia_sentence",
    "gpt3_sentence",
    "arithmetic_sentence",
    "WEI_GPT3_TASKS",
    "readable",
    "num",
    "items_solution",
    "kaplan_solution",
    "ramp_solution",
    "digits_solution",
    "summary_sentence",
    "length_chart",
    "lu_jumps_table",
    "obs_table",
]

CHAPTER = "emergence-artifacts"

#: Axis titles, with units, of each metric.
METRIC_TITLES: dict[str, str] = {
    "exact_match": "exact match (fraction of items)",
    "token_edit_distance": "token edit distance (tokens)",
    "multiple_choice_grade": "multiple-choice grade (fraction of items)",
    "brier_score": "Brier score (0-2, lower is better)",
    "p_token": "per-token probability p",
    "edit_distance": "edit distance (characters, lower is better)",
    "single_bert_score": "BERTScore F1 (0-1)",
}
METRIC_LABELS = _LABELS = {
    "exact_match": "exact match", "token_edit_distance": "token edit distance", "multiple_choice_grade":
    "multiple-choice grade", "brier_score": "Brier score", "p_token": "per-token probability",
    "edit_distance": "edit distance", "single_bert_score": "BERTScore",
}
#: One colour per metric on every chart of the page (Okabe-Ito palette, charts.PALETTE).
METRIC_COLORS: dict[str, str] = {
    "exact match": "#0072B2", "token edit distance": "#E69F00", "edit distance": "#E69F00",
    "BERTScore": "#009E73", "multiple-choice grade": "#CC79A7", "Brier score": "#56B4E9",
    "per-token probability": "#000000", "accuracy": "#0072B2", "BLEU": "#E69F00", "-ln perplexity": "#E69F00",
}

#: BIG-bench tasks Wei (2022, blog list of emergent abilities, "GPT-3 13B" and "GPT-3 175B")
#: names as emergent in GPT-3, as spelled in Lu et al.'s task folders.
WEI_GPT3_TASKS: tuple[str, ...] = (
    "hindu_knowledge", "modified_arithmetic", "analytic_entailment", "codenames", "phrase_relatedness",
    "common_morpheme", "fact_checker", "figure_of_speech_detection", "international_phonetic_alphabet_transliterate",
    "logical_deduction", "misconceptions", "physical_intuition", "social_iqa", "strange_stories", "strategyqa",
)
#: Wei et al. 2022, Table 1: 3-digit addition/subtraction emerges at 2.3e22 training FLOP (GPT-3 13B).
WEI_3DIGIT_FLOP = 2.3e22


def _scale(domain: list[str]):
    import altair as alt

    return alt.Scale(domain=domain, range=[METRIC_COLORS[d] for d in domain])


# ------------------------------------------------------------------------------------------
# The analyses of one parameter set
# ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def real_data() -> dict[str, pd.DataFrame]:
    """The three real datasets, loaded through scalingbook.sources.datasets and tidied; no parameter
    enters, so the tidy tables are kept on disk (:func:`scalingbook.pages.cache.cached_result`)."""
    from .cache import cached_result

    return cached_result("emergence-artifacts-real-data", _real_data)


def _real_data() -> dict[str, pd.DataFrame]:
    from ..sources import datasets

    runs = datasets.load_on_emergence()
    emergent, base, pythia = (datasets.load_obsscaling_emergent(), datasets.load_obsscaling_base(),
                              datasets.load_pythia())
    sizes = em.lu_model_sizes()
    long = em.obsscaling_long(emergent, base)
    return {
        "runs": runs, "sizes": sizes, "curves": em.lu_curves(runs, sizes), "obs": long,
        "obs_binned": em.binned_medians(long), "lambada": em.pythia_lambada(pythia),
    }


@dataclass
class Analysis:
    """Every number the page shows for one parameter set."""

    params: dict[str, Any]
    sizes: np.ndarray
    sim: em.Simulation
    scores: pd.Series  # median emergence score per metric
    mc: pd.DataFrame  # grade vs Brier: 10-90% transition width (decades of N)
    mc_window: np.ndarray
    resolution: pd.DataFrame
    resolution_verdict: str
    lu: pd.DataFrame
    lu_shares: dict[str, float]
    obs: pd.DataFrame
    pythia: pd.DataFrame
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return _ratio(self.scores[self.params["metric"]], self.scores["token_edit_distance"])


def _ratio(a: float, b: float) -> float:
    """a / b, nan when b is 0 (a flat reference curve: no ratio to speak of)."""
    a, b = float(a), float(b)
    return a / b if b != 0 else float("nan")


def _setup(p: Mapping[str, Any]) -> dict[str, Any]:
    return dict(law=p["law"], tokens_per_param=p["tokens_per_param"], item_sd=p["item_sd"])


_MC_GRID = np.geomspace(1e2, 1e15, 131)  # 0.1 decade a step


def _mc_curves(p: Mapping[str, Any]) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Expected multiple-choice grade and Brier score on a dense grid (0.1 decade a step),
    their 10-90% transition widths (decades), and 8 sizes spanning two decades either side of
    where the grade crosses halfway from chance (1/K) to 1, for the charts."""
    pt = np.asarray(em.token_probability(_MC_GRID, p["law"], p["tokens_per_param"]))
    e = em.expected_metrics(pt, p["target_length"], item_sd=p["item_sd"], option_sd=p["option_sd"])
    g, b = np.asarray(e["multiple_choice_grade"]), -np.asarray(e["brier_score"])
    mid = _MC_GRID[int(np.argmin(np.abs(g - 0.625)))]
    width = np.asarray(em.transition_width(np.vstack([g, b]), _MC_GRID))
    table = pd.DataFrame({"transition_decades": width}, index=["multiple_choice_grade", "brier_score"])
    curves = pd.DataFrame({"n_params": _MC_GRID, "multiple_choice_grade": g, "brier_score": -b}).melt(
        id_vars="n_params", var_name="metric", value_name="value")
    return np.geomspace(mid / 100, mid * 100, 8), table, curves


def size_range(params: Mapping[str, Any]) -> tuple[float, float]:
    """(smallest, largest) model of the page's family: min_params and max_params in order,
    and a decade apart if the reader set them equal (every value in range must run)."""
    lo, hi = sorted((float(params["min_params"]), float(params["max_params"])))
    return (lo, hi) if hi > lo else (lo, lo * 10)


def analyse(params: Mapping[str, Any]) -> Analysis:
    """Run every analysis of the page for one (validated) parameter set."""
    p = dict(params)
    setup = _setup(p)
    sizes = em.model_sizes(p["n_model_sizes"], *size_range(p))
    reps = em.affordable_replicates(p["n_model_sizes"], p["n_test_items"])
    sim = em.simulate(sizes, length=p["target_length"], n_items=p["n_test_items"], n_replicates=reps, seed=p["seed"],
                      option_sd=p["option_sd"], **setup)
    scores = em.score_curves(sim, n_items=p["n_test_items"]).groupby("metric")["emergence_score"].median()
    window, mc, mc_curves = _mc_curves(p)
    res = em.resolution_test(sizes, [10, 100, 1000, 10000], length=p["target_length"], seed=p["seed"],
                             n_replicates=60, **setup)
    verdict = em.resolution_verdict(res, length=p["target_length"], n_sizes=sizes.size)
    data = real_data()
    lu = em.lu_metric_test(data["curves"], continuous=p["continuous_metric"], jump_score=p["jump_score"])
    flagged = lu[lu["emergent_em"] | lu["emergent_cont"]]
    boot = em.lu_seed_bootstrap(data["runs"], data["sizes"], flagged, continuous=p["continuous_metric"],
                                jump_score=p["jump_score"], seed=p["seed"] % 2**32)
    lu = lu.merge(boot, on=["task", "prompt_type", "n_shots"], how="left")
    obs = em.obsscaling_shapes(data["obs_binned"], jump_score=p["jump_score"])
    pythia = em.pythia_resolution(data["lambada"])
    return Analysis(p, sizes, sim, scores, mc, window, res, verdict, lu, em.lu_task_shares(lu), obs, pythia,
                    extra={"mc_curves": mc_curves})


_PUBLISHED: dict[str, Analysis] = {}


def published(current: Analysis | None = None) -> Analysis:
    """The analysis at the chapter's defaults: the inputs every verdict is computed at.
    Reuses ``current`` when the reader kept the defaults."""
    d = _validate(CHAPTER, {})
    if current is not None and all(current.params.get(k) == v for k, v in d.items()):
        return current
    if "a" not in _PUBLISHED:
        from .cache import cached_result

        _PUBLISHED["a"] = cached_result("emergence-artifacts-published", lambda: analyse(d))
    return _PUBLISHED["a"]


# ------------------------------------------------------------------------------------------
# Charts
# ------------------------------------------------------------------------------------------


def _x_params(title: str = "parameters N"):
    import altair as alt

    from .charts import log_axis, log_scale

    return alt.X("n_params:Q", scale=log_scale(), axis=log_axis(title))


def metric_panels(expected: pd.DataFrame, sampled: pd.DataFrame | None, metrics: tuple[str, ...], *, title: str = ""):
    """Panels, two a row, one per metric: the expected curve (line) and one finite test set
    (points) against parameters on a log axis, in the page's metric colours. Inputs are long
    frames (n_params, metric, value) from :func:`scalingbook.science.emergence.curves_frame` and
    :meth:`Simulation.frame`."""
    import altair as alt

    panels = []
    for m in metrics:
        label = _LABELS[m]
        colour = METRIC_COLORS[label]
        y = alt.Y("value:Q", axis=alt.Axis(title=METRIC_TITLES.get(m, m)))
        tip = [alt.Tooltip("n_params:Q", format=".3g", title="parameters"), alt.Tooltip("value:Q", format=".4g")]
        layer = alt.Chart(expected[expected["metric"] == m]).mark_line(color=colour).encode(x=_x_params(), y=y, tooltip=tip)
        if sampled is not None and m in set(sampled["metric"]):
            dots = alt.Chart(sampled[sampled["metric"] == m]).mark_point(color=colour, filled=True, size=40).encode(
                x=_x_params(), y=y, tooltip=tip)
            layer = layer + dots
        panels.append(layer.properties(width=250, height=200, title=label))
    return alt.concat(*panels, columns=2).properties(title=title)


def mc_panels(a: Analysis):
    """Expected multiple-choice grade and Brier score on the window around the grade's rise."""
    frame = a.extra["mc_curves"]
    frame = frame[(frame["n_params"] >= a.mc_window[0] * 0.999) & (frame["n_params"] <= a.mc_window[-1] * 1.001)]
    dots = em.curves_frame(a.mc_window, a.params["target_length"], option_sd=a.params["option_sd"], **_setup(a.params))
    return metric_panels(frame, dots, ("multiple_choice_grade", "brier_score"),
                         title=f"Same option probabilities, two scores (K = 4, L = {a.params['target_length']})")


def resolution_chart(a: Analysis):
    """Sizes with non-zero exact match against test items (log axis), median and interval."""
    import altair as alt

    from .charts import log_axis, log_scale

    df = a.resolution.assign(what="simulated test sets (median, 90% interval)")
    x = alt.X("n_items:Q", scale=log_scale(), axis=log_axis("test items per task"))
    y = alt.Y("sizes_low:Q", title=f"sizes (of {a.sizes.size}) with exact match > 0",
              scale=alt.Scale(domain=[0, a.sizes.size]))
    band = alt.Chart(df).mark_rule(color=METRIC_COLORS["exact match"], strokeWidth=3, opacity=0.5).encode(
        x=x, y=y, y2="sizes_high:Q")
    pts = alt.Chart(df).mark_line(point=alt.OverlayMarkDef(color=METRIC_COLORS["exact match"]),
                                  color=METRIC_COLORS["exact match"]).encode(
        x=x, y="sizes_nonzero:Q",
        tooltip=["n_items", "sizes_nonzero", "sizes_low", "sizes_high", "resolvable", "n_replicates"])
    exp = alt.Chart(df).mark_line(strokeDash=[4, 3], color="#000000").encode(x=x, y="resolvable:Q")
    return (band + pts + exp).properties(width=420, height=240, title=(
        f"More items resolve more sizes (L = {a.params['target_length']}; dashed: expected at least one item)"))


def lu_scatter(a: Analysis):
    """Each Lu et al. curve's normalised emergence score under exact match (x) and under the
    continuous metric (y); the lines mark the page's jump threshold."""
    import altair as alt

    label = _LABELS[a.params["continuous_metric"]]
    df = a.lu.assign(
        curve=a.lu["task"] + " (" + a.lu["prompt_type"] + ", " + a.lu["n_shots"].astype(str) + "-shot)",
        verdict=np.where(a.lu["emergent_em"], "emergent under exact match", "not emergent under exact match"))
    t = a.params["jump_score"]
    base = alt.Chart(df).mark_point(filled=True, size=45).encode(
        x=alt.X("em_normalised_score:Q", title="exact match: emergence score / (n - 1)"),
        y=alt.Y("cont_normalised_score:Q", title=f"{label}: emergence score / (n - 1)"),
        color=alt.Color("verdict:N", title=None, scale=alt.Scale(range=[METRIC_COLORS["exact match"], "#999999"])),
        tooltip=["curve", "n_sizes", alt.Tooltip("em_normalised_score:Q", format=".3g"),
                 alt.Tooltip("cont_normalised_score:Q", format=".3g"), "em_shape", "cont_shape"])
    rules = alt.Chart(pd.DataFrame({"v": [t]})).mark_rule(strokeDash=[4, 3], color="#000000")
    return (base + rules.encode(x="v:Q") + rules.encode(y="v:Q")).properties(
        width=420, height=300, title=f"Lu et al.'s outputs: {len(df)} curves, two scores of the same answers")


def lu_curves_chart(a: Analysis, *, most: int = 6):
    """The curves that look emergent under exact match, under both metrics (two rows)."""
    import altair as alt

    curves = real_data()["curves"]
    pick = a.lu[a.lu["emergent_em"]].sort_values("em_normalised_score", ascending=False).head(most)
    if pick.empty:
        pick = a.lu.sort_values("em_normalised_score", ascending=False).head(most)
    key = ["task", "prompt_type", "n_shots"]
    sub = curves.merge(pick[key], on=key)
    sub = sub[sub["metric"].isin(["exact_match", a.params["continuous_metric"]])].copy()
    sub["curve"] = sub["task"].str.replace("_", " ") + " (" + sub["prompt_type"] + ", " + sub["n_shots"].astype(str) + "-shot)"
    sub["label"] = sub["metric"].map(_LABELS)
    rows = []
    for metric in ("exact_match", a.params["continuous_metric"]):
        label = _LABELS[metric]
        d = sub[sub["metric"] == metric]
        rows.append(alt.Chart(d).mark_line(point=alt.OverlayMarkDef(color=METRIC_COLORS[label]), color=METRIC_COLORS[label]).encode(
            x=_x_params(), y=alt.Y("value:Q", title=label),
            tooltip=["model", alt.Tooltip("n_params:Q", format=".3g"), alt.Tooltip("value:Q", format=".3g")],
        ).properties(width=150, height=120).facet(facet=alt.Facet("curve:N", title=None), columns=3))
    return alt.vconcat(*rows).properties(title="Curves that jump under exact match, and the same outputs' continuous score")


def obsscaling_chart(a: Analysis, task: str = "IPA transliterate"):
    """One BIG-bench task of the ObsScaling table against training compute under each of its
    metrics: every model (points) and the half-decade medians (line)."""
    import altair as alt

    from .charts import log_axis, log_scale

    data = real_data()
    pts = data["obs"][data["obs"]["task"] == task]
    med = data["obs_binned"][data["obs_binned"]["task"] == task]
    panels = []
    for metric in sorted(pts["metric"].unique(), key=lambda m: m != "exact match"):
        colour = METRIC_COLORS.get(metric, "#0072B2")
        x = alt.X("train_flops:Q", scale=log_scale(), axis=log_axis("training compute (FLOP)"))
        p1 = alt.Chart(pts[pts["metric"] == metric]).mark_point(color="#999999").encode(
            x=x, y=alt.Y("value:Q", title=metric), tooltip=["model", "family", alt.Tooltip("value:Q", format=".3g")])
        p2 = alt.Chart(med[med["metric"] == metric]).mark_line(point=alt.OverlayMarkDef(color=colour), color=colour).encode(
            x=alt.X("bin_center:Q", scale=log_scale()), y="value:Q",
            tooltip=[alt.Tooltip("bin_center:Q", format=".2g", title="FLOP"), "n_models", alt.Tooltip("value:Q", format=".3g")])
        panels.append((p1 + p2).properties(width=250, height=200, title=f"{task}: {metric}"))
    return alt.concat(*panels, columns=2).properties(title="ObsScaling's models: one task, two metrics, against compute")


def pythia_chart(a: Analysis):
    """LAMBADA accuracy and perplexity of every Pythia checkpoint against training compute,
    one line per size: the checkpoint axis gives ~26 points a size instead of 1."""
    import altair as alt

    from .charts import log_axis, log_scale

    lam = real_data()["lambada"]
    lam = lam[lam["train_flops"] > 0].assign(size_label=lambda d: d["size"].str.upper())
    order = list(lam.sort_values("n_params")["size_label"].unique())
    x = alt.X("train_flops:Q", scale=log_scale(), axis=log_axis("training compute 6ND (FLOP)"))
    colour = alt.Color("size_label:N", sort=order, title="Pythia size", scale=alt.Scale(scheme="viridis"))
    acc = alt.Chart(lam).mark_line(point=alt.OverlayMarkDef(size=12)).encode(
        x=x, y=alt.Y("acc:Q", title="LAMBADA accuracy"), color=colour, detail="size_label:N",
        tooltip=["size_label", "step", alt.Tooltip("acc:Q", format=".3f")]).properties(width=250, height=220)
    ppl = alt.Chart(lam).mark_line(point=alt.OverlayMarkDef(size=12)).encode(
        x=x, y=alt.Y("ppl:Q", scale=log_scale(), axis=log_axis("LAMBADA perplexity")), color=colour,
        detail="size_label:N", tooltip=["size_label", "step", alt.Tooltip("ppl:Q", format=".3g")]).properties(width=250, height=220)
    return alt.concat(acc, ppl, columns=2).properties(title="Pythia on LAMBADA: 8 sizes, every checkpoint, same items")


def gpt3_chart(gpt3: pd.DataFrame):
    """Emergence score of every complete GPT-3 Table H.1 curve, coloured by where its largest step is."""
    import altair as alt

    df = gpt3.assign(curve=gpt3["task"] + " (" + gpt3["metric"] + ", " + gpt3["setting"] + ")")
    stages = ["early", "middle", "late"]
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("emergence_score:Q", title="emergence score (8 GPT-3 sizes)"),
        y=alt.Y("curve:N", sort="-x", title=None),
        color=alt.Color("jump_stage:N", title="largest step", sort=stages,
                        scale=alt.Scale(domain=stages, range=["#009E73", "#E69F00", "#D55E00"])),
        tooltip=["task", "metric", "split", "setting", "smallest", "largest", "jump_stage",
                 alt.Tooltip("jump_from:Q", format=".3g"), alt.Tooltip("jump_to:Q", format=".3g"),
                 alt.Tooltip("emergence_score:Q", format=".3g")],
    ).properties(width=380, height=alt.Step(11), title="GPT-3 Table H.1 curves: score and where the largest step sits")


# ------------------------------------------------------------------------------------------
# Generated sentences
# ------------------------------------------------------------------------------------------


_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def readable(x: float) -> str:
    """A readable large number: 126,000 / 1.26 million / 175 billion / 2.3 × 10²²."""
    x = float(x)
    if not np.isfinite(x):
        return "n/a"
    if abs(x) < 1e6:
        return f"{x:,.0f}"
    for unit, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= unit and abs(x) < 1e15:
            return f"{fmt(x / unit)} {name}"
    k = int(np.floor(np.log10(abs(x))))
    return f"{fmt(x / 10**k)} × 10{str(k).translate(_SUP)}"


def num(x: float) -> str:
    """A number for a sentence: 3 significant figures, thousands separators from 1,000, words
    from a million (:func:`readable`), "n/a" when undefined."""
    x = float(x)
    if not np.isfinite(x):
        return "n/a"
    if x != 0 and abs(x) < 1e-3:
        k = int(np.floor(np.log10(abs(x))))
        return f"{fmt(x / 10**k)} × 10{str(k).translate(_SUP)}"
    if abs(x) < 1e3:
        return fmt(x)
    return readable(x)


def _params_text(n: float) -> str:
    return readable(n) + " parameters"


def headline_sentence(a: Analysis) -> str:
    s = a.lu_shares
    cont = _LABELS[a.params["continuous_metric"]]
    return (f"On the real outputs of Lu et al., {s['n_emergent_em']} of {s['n_tasks']} tasks have a curve that jumps "
            f"under exact match (past the first third of the size axis), and {s['n_emergent_both']} of those jump "
            f"under {cont} as well; in the simulation, {_LABELS[a.params['metric']]} over L = {a.params['target_length']} "
            f"tokens scores {num(a.ratio)} times the emergence of token edit distance on the same models.")


def simulation_sentence(a: Analysis) -> str:
    m = a.params["metric"]
    return (f"Median emergence scores over {a.sim.exact_match.shape[0]} simulated test sets: "
            + ", ".join(f"{_LABELS[k]} {num(float(v))}" for k, v in a.scores.items())
            + f". A straight ramp over {a.sizes.size} sizes scores {a.sizes.size - 1}; the tracked metric ({_LABELS[m]}) "
            f"scores {num(a.ratio)} times the edit distance.")


def mc_sentence(a: Analysis) -> str:
    g = float(a.mc.loc["multiple_choice_grade", "transition_decades"])
    b = float(a.mc.loc["brier_score", "transition_decades"])
    p0 = em.expected_metrics(np.array([0.0]), a.params["target_length"], option_sd=a.params["option_sd"])
    p0_clean = em.expected_metrics(np.array([0.0]), a.params["target_length"], option_sd=0.0)
    comp = "wider than" if b > g else "narrower than" if b < g else "as wide as"
    return (f"The expected grade makes the middle 80% of its rise over {num(g)} decades of parameters and the Brier "
            f"score over {num(b)}, {comp} the grade's (the panels: 8 sizes from {_params_text(a.mc_window[0])} to "
            f"{_params_text(a.mc_window[-1])}). A model that knows nothing scores Brier "
            f"{num(float(np.asarray(p0_clean['brier_score'])[0]))} without option noise (uniform guessing, (K - 1)/K) "
            f"and {num(float(np.asarray(p0['brier_score'])[0]))} with option_sd = {a.params['option_sd']:g} nats: "
            "noise in the option scores makes a clueless model confidently wrong, never better than chance.")


def resolution_sentence(a: Analysis) -> str:
    r = a.resolution.sort_values("n_items")
    first, last = r.iloc[0], r.iloc[-1]
    base = (f"With {int(first['n_items']):,} items, {num(first['sizes_nonzero'])} of {a.sizes.size} sizes score above "
            f"zero (90% interval {num(first['sizes_low'])}-{num(first['sizes_high'])}); with {int(last['n_items']):,} "
            f"items, {num(last['sizes_nonzero'])} ({num(last['sizes_low'])}-{num(last['sizes_high'])}), against "
            f"{int(last['resolvable'])} whose expected exact match reaches one item. On a log scale the resolved "
            f"sizes' exact match rises at {num(last['log_normalised_score'])} times a straight line's emergence score "
            f"(1 = a straight line in log exact match), against {num(last['linear_normalised_score'])} on the linear "
            f"scale. Verdict on this page's family: {a.resolution_verdict}")
    if a.params["target_length"] == 1:
        base += " (at L = 1 exact match is 1 - edit distance / L: there is no metric artefact for resolution to undo)"
    return base + "."


def lu_sentence(a: Analysis) -> str:
    s = a.lu_shares
    cont = _LABELS[a.params["continuous_metric"]]
    stages = em.jump_stage(a.lu.loc[a.lu["em_shape"] == "jump", "em_jump_position"])
    early = int((stages == "early").sum())
    return (f"Of {s['n_curves']} curves (task, prompt, shots; pretrained-only models ordered by size), "
            f"{int((a.lu['em_shape'] == 'jump').sum())} jump under exact match, {early} of them between the two smallest "
            f"models, which Wei et al.'s definition does not call emergent. {s['curves_emergent_em']} curves in "
            f"{s['n_emergent_em']} tasks remain; under {cont}, {s['curves_emergent_both']} of them still jump, while "
            f"{s['curves_emergent_cont']} other curves jump under {cont} alone. The jump labels rarely coincide: at "
            f"five or six sizes from mixed families, which curve 'jumps' is as much the families' scatter as the metric."
            + _boot_text(a))


def _boot_text(a: Analysis) -> str:
    em_share = a.lu.loc[a.lu["emergent_em"], "em_emergent_share"]
    cont_share = a.lu.loc[a.lu["emergent_cont"], "cont_emergent_share"]
    shares = pd.concat([em_share, cont_share])
    if shares.empty:
        return ""
    low = float(shares.min())
    kept = (f"keeps every one of these {len(shares)} labels in all 200 resamples" if low == 1 else
            f"keeps each of these {len(shares)} labels in at least {num(100 * low)}% of them")
    lead = " Nor is it run-to-run noise: r" if low >= 0.95 else " R"
    return (f"{lead}esampling each model's seeds (200 bootstrap resamples) {kept} (Lu et al. sampled at temperature "
            "0.01, so their seeds barely differ).")


def obsscaling_sentence(a: Analysis, task: str = "IPA transliterate") -> str:
    o = a.obs[a.obs["task"] == task].set_index("metric")
    o = o.loc[sorted(o.index, key=lambda m: m != "exact match")]
    parts = []
    for metric, row in o.iterrows():
        where = f" between {readable(row['jump_from'])} and {readable(row['jump_to'])} FLOP" if np.isfinite(row["jump_from"]) else ""
        parts.append(f"{metric}: score over (n - 1) {num(row['normalised_score'])}, largest step "
                     f"{num(100 * row['largest_step_share'])}% of the range{where} ({row['shape']}"
                     f"{', emergent' if row['emergent'] else ''})")
    return f"{task} over half-decade compute bins, " + "; ".join(parts) + "."


def pythia_sentence(a: Analysis) -> str:
    py = a.pythia
    final = py[(py["curve"] == "8 sizes") & (py["metric"] == "accuracy")].iloc[0]
    per = py[(py["curve"] != "8 sizes") & (py["metric"] == "accuracy")]
    lppl = py[(py["curve"] == "8 sizes") & (py["metric"] == "-ln perplexity")].iloc[0]
    return (f"Over the 8 final checkpoints LAMBADA accuracy scores {num(final['normalised_score'])} times a straight ramp "
            f"(shape: {final['shape']}); its largest step sits at {num(100 * final['jump_position'])}% of the log-compute "
            f"range, and -ln perplexity's at {num(100 * lppl['jump_position'])}%. Along each size's own ~26 checkpoints the "
            f"accuracy curves score {num(per['normalised_score'].min())} to {num(per['normalised_score'].max())} times a "
            f"ramp and none is a jump: {int((per['shape'] == 'rise').sum())} of {len(per)} rise steadily. More points do not "
            "lower the score: the early checkpoints sit on a plateau, and a plateau makes the median step small.")


def gpt3_sentence(gpt3: pd.DataFrame) -> str:
    top = gpt3.iloc[0]
    n_early = int((gpt3["jump_stage"] == "early").sum())
    return (f"The highest score, {num(top['emergence_score'])}, belongs to {top['task']} {top['metric']} "
            f"({top['setting']}), whose largest step is {top['jump_stage']} on the size axis (from "
            f"{_params_text(top['jump_from'])} to {_params_text(top['jump_to'])}); {n_early} of {len(gpt3)} curves have "
            "their largest step among the smallest third of sizes. A high score is not an emergent ability: the score "
            "cannot tell a curve that saturates early from one that switches on late, the position of the step can.")


def arithmetic_sentence(big: pd.DataFrame, small: pd.DataFrame) -> str:
    b = big.set_index("digits")
    s = small.set_index("digits")
    return (f"For 175B, the per-digit accuracy implied by each row falls from {b.loc[2, 'p_implied']:.2f} at two digits "
            f"to {b.loc[3, 'p_implied']:.2f}, {b.loc[4, 'p_implied']:.2f} and {b.loc[5, 'p_implied']:.2f}; anchoring on "
            f"three digits predicts {b.loc[4, 'predicted_pct']:.0f}% and {b.loc[5, 'predicted_pct']:.0f}% for four and "
            f"five digits against {b.loc[4, 'observed_pct']:.1f}% and {b.loc[5, 'observed_pct']:.1f}% observed. For 13B, "
            f"'about half' at two digits implies p = {s.loc[2, 'p_implied']:.2f} and predicts "
            f"{s.loc[3, 'predicted_pct']:.0f}% at three digits, where the paper says under {s.loc[3, 'observed_pct']:.0f}%.")


# ------------------------------------------------------------------------------------------
# Claims checked
# ------------------------------------------------------------------------------------------


def _ratio_verdict(ratio: float) -> str:
    """The page's rule for "metric A looks more emergent than metric B": the ratio of their
    emergence scores (or transition widths) is at least 2 (reproduces), at least 1.25 (close),
    else not supported (the bands sit away from the values the page meets, so Monte Carlo noise
    of a few percent cannot flip a verdict);
    "not applicable" when the ratio is undefined (a flat reference curve)."""
    if not np.isfinite(ratio):
        return "not applicable"
    return "reproduces" if ratio >= 2 else "close" if ratio >= 1.25 else "not supported"


def _mc_verdict(a: Analysis) -> tuple[str, str]:
    g = float(a.mc.loc["multiple_choice_grade", "transition_decades"])
    b = float(a.mc.loc["brier_score", "transition_decades"])
    return (f"10-90% rise over {num(b)} decades (Brier) vs {num(g)} (grade), L = {a.params['target_length']}",
            _ratio_verdict(_ratio(b, g)))


def _swap_verdict(a: Analysis) -> tuple[str, str]:
    s = a.lu_shares
    if not s["n_emergent_em"]:
        return "no task jumps under exact match", "not applicable"
    v = _verdict(s["share_stops"], 0.5, 1.0)
    return (f"{s['n_emergent_em'] - s['n_emergent_both']} of {s['n_emergent_em']} tasks stop; "
            f"{s['curves_emergent_cont']} curves jump under {_LABELS[a.params['continuous_metric']]} alone"), v


def _wei_verdict(a: Analysis) -> tuple[str, str]:
    listed = a.lu[a.lu["task"].isin(WEI_GPT3_TASKS)]
    tasks = listed.groupby("task")["emergent_em"].any()
    share = float(tasks.mean()) if len(tasks) else float("nan")
    return f"{int(tasks.sum())} of {len(tasks)} listed tasks ({num(100 * share)}%)", _verdict(share, 1.0, 1.0)


def _obs_verdict(a: Analysis, task: str = "IPA transliterate") -> tuple[str, str]:
    o = a.obs[a.obs["task"] == task].set_index("metric")
    e, b = float(o.loc["exact match", "normalised_score"]), float(o.loc["BLEU", "normalised_score"])
    text = (f"score / (n - 1): exact match {num(e)} ({o.loc['exact match', 'shape']}), "
            f"BLEU {num(b)} ({o.loc['BLEU', 'shape']}); ratio {num(_ratio(e, b))}")
    return text, _ratio_verdict(_ratio(e, b))


def _wei_3digit(a: Analysis) -> tuple[str, str]:
    o = a.obs[a.obs["task"] == "3-digit addition"].iloc[0]
    lo, hi = o["jump_from"] / 10**0.25, o["jump_to"] * 10**0.25  # bin centres to bin edges
    return (f"largest step of the half-decade medians between {readable(lo)} and {readable(hi)} FLOP (bin edges)",
            _verdict(WEI_3DIGIT_FLOP, lo, hi))


def claims_checked(a: Analysis, big: pd.DataFrame, small: pd.DataFrame) -> pd.DataFrame:
    """The chapter's claims, each verdict computed at the claim's published inputs (the
    chapter's defaults where a source gives none: :func:`published`); the reader's own
    parameters give the last column and never the verdict. big / small:
    :func:`scalingbook.science.emergence.arithmetic_table` for GPT-3 175B (anchored at 3 digits) and
    13B (anchored at 2)."""
    pub = published(a)
    same = "same (no parameter enters)"
    rows = []

    def row(claim, source, inputs, fn):
        pv, pverdict = fn(pub)
        mine = "= published inputs" if pub is a else fn(a)[0]
        rows.append((claim, source, inputs, pv, pverdict, mine))

    row("a smooth loss looks emergent under exact match but not under edit distance", "Schaeffer et al. 2023, Sec. 2, Fig. 2",
        f"book defaults (their constants are not printed): L = {pub.params['target_length']}, "
        f"{pub.params['n_model_sizes']} sizes {readable(pub.params['min_params'])} to {readable(pub.params['max_params'])}, "
        f"{pub.params['law']}, {pub.params['n_test_items']:,} items; rule: ratio >= 2",
        lambda x: (f"exact match scores {num(_ratio(x.scores['exact_match'], x.scores['token_edit_distance']))}x edit distance",
                   _ratio_verdict(_ratio(x.scores["exact_match"], x.scores["token_edit_distance"]))))
    row("changing multiple-choice grade to Brier score makes the curve smooth", "Schaeffer et al. 2023, Sec. 4 (LaMDA, BIG-bench)",
        f"item model with BIG-bench's normalisation, option_sd {pub.params['option_sd']:g} nats, "
        f"L = {pub.params['target_length']}, expected curves; rule: Brier's transition at least twice as wide",
        _mc_verdict)
    row("more test items resolve small models' accuracy above zero", "Schaeffer et al. 2023, Sec. 3 (resolution)",
        "book defaults; 10 to 10,000 items, 90% intervals over simulated test sets",
        lambda x: (resolution_sentence(x).split(" On a log scale")[0], x.resolution_verdict))
    row("emergent abilities disappear under a continuous metric of the same outputs", "Schaeffer et al. 2023, abstract and Sec. 3",
        f"Lu et al.'s outputs, pretrained-only models, {_LABELS[pub.params['continuous_metric']]} (Schaeffer's "
        f"choice), jump at {pub.params['jump_score']:g}x a ramp; rule: most (half or more) stop",
        _swap_verdict)
    row("these BIG-bench tasks are emergent in GPT-3 (13B: hindu knowledge, modified arithmetic; 175B: 13 more)",
        "Wei 2022 (blog list of emergent abilities)", "the same tasks in Lu et al.'s outputs, exact match", _wei_verdict)
    row("IPA transliteration looks less emergent under BLEU than under exact match", "Schaeffer et al. 2023 (the metric argument), on ObsScaling",
        "Ruan et al.'s 2-shot scores, 2 compute bins a decade; rule: exact match over BLEU >= 2", _obs_verdict)
    row("3-digit addition emerges at 2.3 × 10²² training FLOP (GPT-3 13B)", "Wei et al. 2022, Table 1",
        "ObsScaling's 3-digit addition, median per half-decade of compute", _wei_3digit)
    sizes = em.lu_model_sizes()
    known = sizes[sizes["include"] & sizes["n_params"].notna()]
    lo, hi = float(known["n_params"].min()), float(known["n_params"].max())
    ntask = int(real_data()["runs"]["task"].nunique())
    rows.append(("18 models from 60 million to 175 billion parameters, 22 tasks", "Lu et al. 2024, abstract",
                 "data/on_emergence_models.csv and the dataset's task folders",
                 f"{len(known)} model names with a size, {readable(lo)} to {readable(hi)} parameters; {ntask} task folders",
                 "reproduces" if (lo == 6e7 and hi == 1.75e11) else "not supported", same))
    pred_big, obs_big = float(big["predicted_pct"].iloc[-1]), float(big["observed_pct"].iloc[-1])
    pred_small = float(small.loc[small["digits"] == 3, "predicted_pct"].iloc[0])
    bound_small = float(small.loc[small["digits"] == 3, "observed_pct"].iloc[0])
    rows.append(("175B few-shot addition follows p^L with one per-digit p", "Brown et al. 2020, Table 3.9 under Schaeffer's model",
                 "anchor p on 3D+, predict 5D+", f"5D+ predicted {pred_big:.0f}% vs observed {obs_big:.1f}%",
                 _verdict(pred_big, obs_big / 1.25, obs_big * 1.25), same))
    rows.append(("13B: 2D+ about half, other operations under 10%", "Brown et al. 2020, Sec. 3.9.1 under p^L",
                 "anchor p on 2D+ = 50%, predict 3D+", f"3D+ predicted {pred_small:.0f}% vs < {bound_small:g}%",
                 _verdict(pred_small, 0.0, bound_small), same))
    return pd.DataFrame(rows, columns=["claim", "source", "published inputs", "book's value", "verdict", "your scenario"])


# ------------------------------------------------------------------------------------------
# Exercise solutions (sentences from the solution cells' own numbers)
# ------------------------------------------------------------------------------------------


def items_solution(hetero: pd.Series, homogeneous: pd.Series, item_sd: float) -> str:
    """Exercise on item heterogeneity: median scores with spread items vs the page's items
    (both at the page's answer length, sizes and test-set size)."""
    r_h = _ratio(hetero["exact_match"], hetero["token_edit_distance"])
    r_0 = _ratio(homogeneous["exact_match"], homogeneous["token_edit_distance"])
    trend = "smaller" if r_h < r_0 else "larger" if r_h > r_0 else "the same as"
    return (f"With item_sd = 1.5, exact match scores {num(float(hetero['exact_match']))} against "
            f"{num(float(hetero['token_edit_distance']))} for edit distance, a ratio of {num(r_h)}, {trend} than the "
            f"{num(r_0)} of this page's items (item_sd = {item_sd:g}). Easy items reach exact match at much smaller N than hard ones, so the "
            "average of many shifted copies of p^L rises across more sizes: how sharp the homogeneous model looks "
            "depends on every item being equally hard.")


def kaplan_solution(p_big: float, em_big: float, n10: float) -> str:
    return (f"p = {p_big:.3f} at 10¹² parameters and p¹⁰ = {num(em_big)}. Reaching 10% needs a per-token loss of "
            f"ln 10 / 10 = {np.log(10) / 10:.2f} nats, which Kaplan's law (no irreducible term, exponent 0.076) reaches "
            + ("only beyond 10³⁰ parameters" if not np.isfinite(n10) else f"only at {readable(n10)} parameters")
            + ": the average WebText2 token is far harder than an answer token.")


def ramp_solution(ramps: list[float], ted: list[float], ns: tuple[int, ...] = (4, 8, 32)) -> str:
    parts = ", ".join(f"{num(t)} at {n} sizes (a ramp: {n - 1})" for n, t in zip(ns, ted))
    return (f"The ramps score {', '.join(num(float(r)) for r in ramps)}: every step is (range)/(n - 1), so the median "
            f"step is too and the score is n - 1. The expected edit distance scores {parts}. Dividing the score by "
            "n - 1 gives 1 for any ramp, a number comparable across experiments; this page's 'score / (n - 1)' and the "
            "headline's ratio to the edit distance do that job.")


def digits_solution(p5: float, em2: float) -> str:
    return (f"p = {p5:.2f} per digit reproduces 9.3% at five digits and predicts {100 * em2:.0f}% at two digits "
            "against 100% observed: per-digit accuracy is not constant across problem lengths, so the all-or-nothing "
            "metric cannot be the whole story for arithmetic.")


def summary_sentence(a: Analysis) -> str:
    """The page's closing summary, from the analysis at the published inputs (the verdicts')."""
    pub = published(a)
    s = pub.lu_shares
    listed = pub.lu[pub.lu["task"].isin(WEI_GPT3_TASKS)].groupby("task")["emergent_em"].any()
    stop = "all" if s["share_stops"] == 1 else f"{num(100 * s['share_stops'])}%" if np.isfinite(s["share_stops"]) else "none"
    return (
        f"At the published inputs: on the simulated family exact match scores {num(pub.ratio)} times the emergence of "
        f"token edit distance, and {int(pub.resolution['sizes_nonzero'].iloc[-1])} of {pub.sizes.size} sizes are "
        f"resolved with {int(pub.resolution['n_items'].iloc[-1]):,} items against "
        f"{int(pub.resolution['sizes_nonzero'].iloc[0])} with {int(pub.resolution['n_items'].iloc[0]):,}. On Lu et al.'s "
        f"outputs, {stop} of the {s['n_emergent_em']} tasks that jump under exact match stop jumping under "
        f"{_LABELS[pub.params['continuous_metric']]}, while {s['curves_emergent_cont']} other curves jump under "
        f"{_LABELS[pub.params['continuous_metric']]} alone (against {s['curves_emergent_em']} under exact match); and "
        f"{int(listed.sum())} of the {len(listed)} BIG-bench tasks listed as emergent in GPT-3 look emergent on these "
        "pretrained models. With five or six sizes from mixed families, a jump label says as much about which models "
        "were evaluated as about the metric.")


def length_chart(by_length: pd.DataFrame, n_sizes: int):
    """Emergence score of each metric's expected curve against answer length (log y), in the
    page's metric colours; flat curves (score 0) cannot sit on the log axis and are left out."""
    import altair as alt

    from .charts import log_axis, log_scale

    df = by_length[by_length["emergence_score"] > 0].assign(label=lambda d: d["metric"].map(_LABELS))
    domain = [m for m in ("exact match", "token edit distance", "multiple-choice grade", "Brier score") if m in set(df["label"])]
    return alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("length:Q", title="answer length L (tokens)"),
        y=alt.Y("emergence_score:Q", scale=log_scale(), axis=log_axis("emergence score (expected curve)")),
        color=alt.Color("label:N", title="metric", scale=_scale(domain), sort=domain),
        tooltip=["label", "length", alt.Tooltip("emergence_score:Q", format=".3g")],
    ).properties(width=420, height=260, title=f"Emergence score against answer length, {n_sizes} sizes")


def _span(lo: pd.Series, hi: pd.Series) -> list[str]:
    return [f"{readable(a)} to {readable(b)}" for a, b in zip(lo, hi)]


def lu_jumps_table(a: Analysis) -> pd.DataFrame:
    """The Lu et al. curves that jump under exact match: where, how sharply, whether the jump
    counts as emergent, how often it survives resampling the seeds, and the continuous score."""
    cont = _LABELS[a.params["continuous_metric"]]
    j = a.lu[a.lu["em_shape"] == "jump"]
    return pd.DataFrame({
        "task": j["task"].to_numpy(), "prompt": j["prompt_type"].to_numpy(), "shots": j["n_shots"].to_numpy(),
        "sizes": j["n_sizes"].to_numpy(), "exact match score / (n - 1)": j["em_normalised_score"].to_numpy(),
        "largest step (parameters)": _span(j["em_jump_from"], j["em_jump_to"]),
        "stage": em.jump_stage(j["em_jump_position"]), "emergent": j["emergent_em"].to_numpy(),
        "emergent in seed resamples": j["em_emergent_share"].to_numpy(),
        f"{cont} shape": j["cont_shape"].to_numpy(), f"{cont} score / (n - 1)": j["cont_normalised_score"].to_numpy(),
    })


def obs_table(a: Analysis) -> pd.DataFrame:
    """Every ObsScaling task and metric over the half-decade compute bins: score, largest step, shape."""
    o = a.obs
    return pd.DataFrame({
        "task": o["task"].to_numpy(), "metric": o["metric"].to_numpy(), "compute bins": o["n_points"].to_numpy(),
        "score / (n - 1)": o["normalised_score"].to_numpy(), "largest step share": o["largest_step_share"].to_numpy(),
        "largest step (FLOP)": _span(o["jump_from"], o["jump_to"]), "shape": o["shape"].to_numpy(),
        "emergent": o["emergent"].to_numpy(),
    })
