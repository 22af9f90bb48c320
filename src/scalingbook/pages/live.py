"""Live calculators: Vega-Lite charts whose inputs (sliders, menus) recompute in the page.

Each function returns an Altair chart to show as a notebook cell's last expression. The
published page then recomputes with no Python: the inputs are Vega-Lite parameters bound to
HTML inputs, the formulas are Vega expressions, and everything runs offline against the
site's Vega bundle.

One source of truth: every constant the browser uses is read from the package when the
chart is built, never retyped here. What depends on cost-model details is computed in
Python and passed as data, so the browser formula stays a one-liner that cannot drift:

* :func:`training_run_calculator` (chapter 1): training time t = C / (n x peak x MFU),
  accelerator-hours n t, amortized cost = accelerator-hours x the package's amortized rate
  per accelerator-hour (``scalingbook.pages.pretraining_cost.scenario`` at the chapter's defaults, one rate
  per accelerator: price rule, server overhead, write-off, interconnect and energy included),
  cloud cost = accelerator-hours x the rental price. Peak FLOP/s from
  :mod:`scalingbook.science.hardware`.
* :func:`compute_optimal_calculator` (chapter 2): N_opt = G (C/6)^a, D_opt = (C/6)^b / G and
  the loss there (Hoffmann et al. 2022, Eq. 2 and 4) for each Chinchilla-form law of
  :data:`scalingbook.science.laws.CHINCHILLA_LAWS`, from its E, A, B, alpha, beta; Kaplan et al.
  2020's N = N_e C^0.73, D = D_e C^0.27 (C in PF-days) from ``scalingbook.science.laws.KAPLAN_2020``;
  and for the chosen law, Sardana et al. 2024's cost-optimal size for the inference tokens
  served, by the bisection of :func:`scalingbook.science.laws.inference_optimal`.
* :func:`test_time_calculator` (chapter 5): for one problem of pass@1 p, pass@k = 1 - (1 - p)^k
  and majority-vote accuracy (:func:`scalingbook.science.testtime.majority_vote_accuracy`: binomial
  sum, a tie broken by a coin); for a benchmark whose pass@1 ~ Beta(alpha, beta), coverage
  1 - B(alpha, beta + k) / B(alpha, beta) = 1 - prod_{i<k} (beta + i) / (alpha + beta + i)
  (:func:`scalingbook.science.testtime.beta_coverage`).

Each calculator's displayed numbers are text marks named ``readout``; the site's
``_static/scalingbook-live.js`` returns their data (``window.scalingbookReadout``) for the
browser test, sets the inputs from a link's query string (``?accelerator=A100&mfu=0.3``;
a log-scale slider ``log10_x`` is set from ``x``) after checking each value against the range
``scalingbook run`` accepts (a value outside it is refused with a message on the page), shows
each slider's value as a reader reads it (``2.1 × 10²⁶ FLOP``, ``25,000``, ``$2.00``), and
offers a link to the scenario shown.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from . import charts
from . import vegalite as alt

__all__ = [
    "training_run_calculator",
    "compute_optimal_calculator",
    "test_time_calculator",
    "accelerator_rates",
    "law_constants",
    "TRAINING_READOUT",
    "LAW_READOUT",
    "TEST_TIME_READOUT",
]

#: Readout rows of the training-run calculator: key -> (label, unit).
TRAINING_READOUT = {
    "train_flops": ("training compute", "FLOP"),
    "n_accelerators": ("accelerators", ""),
    "days": ("training time", "days"),
    "accelerator_hours": ("accelerator-hours", "h"),
    "amortized_usd": ("amortized cost", "USD"),
    "cloud_usd": ("cloud rental", "USD"),
}
#: Readout rows of the compute-optimal calculator, for the chosen law: key -> (label, unit).
LAW_READOUT = {
    "n_params": ("size N", "parameters"),
    "n_tokens": ("training tokens D", ""),
    "tokens_per_param": ("tokens per parameter", ""),
    "loss": ("loss", "nats/token"),
    "cost_optimal_n_params": ("cost-optimal size N*", "parameters"),
    "cost_optimal_n_tokens": ("its training tokens D*", ""),
    "lifetime_saved": ("lifetime compute saved", ""),
}
#: Readout rows of the test-time calculator: key -> label.
TEST_TIME_READOUT = {
    "pass_at_k": "pass@k, one problem",
    "majority_vote": "majority vote, one problem",
    "coverage": "coverage, benchmark",
}


def _defaults(chapter: str) -> dict[str, Any]:
    from . import params

    return {p.name: p.default for p in params.schema(chapter)}


def _slider(name: str, value: float, low: float, high: float, step: float, label: str) -> alt.Parameter:
    value = min(max(float(value), low), high)
    return alt.param(name=name, value=value, bind=alt.binding_range(min=low, max=high, step=step, name=label + " "))


def _log_slider(name: str, value: float, low: float, high: float, label: str, step: float = 0.01) -> alt.Parameter:
    """A slider over log10 of a quantity (signal ``log10_<name>``), between 10^low and 10^high;
    the page shows the quantity itself beside it (:func:`_inputs`), not its logarithm."""
    return _slider(f"log10_{name}", round(math.log10(value), 4), low, high, step, label)


def _inputs(chapter: str | None, sliders: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What ``_static/scalingbook-live.js`` needs to check a link's values and to show the
    sliders' values as readers read them, kept in the spec's ``usermeta``.

    ``sliders``: query name -> {"signal", "show" ("sci", "count", "usd", "share", "plain" or
    "choice"), "unit", "slider" (low, high of the input, in the quantity's units), "choices"
    (a menu's options)}. A name that is a parameter of ``chapter`` is checked against the range
    ``scalingbook run`` applies (:mod:`scalingbook.pages.params`), with its words for it; a
    value inside that range but beyond the slider's ends is shown at the nearest end, and the
    page says so.
    """
    from . import params

    schema = {p.name: p for p in params.schema(chapter)} if chapter else {}
    out = {}
    for name, meta in sliders.items():
        entry = dict(meta)
        p = schema.get(name)
        if p is not None:
            entry.update(
                kind=p.kind.__name__,
                low=p.low,
                high=p.high,
                low_open=p.low_open,
                high_open=p.high_open,
                allowed=p.allowed(),
                cli=True,
            )
            if p.choices is not None:
                entry["choices"] = [c for c in p.choices if c in meta.get("choices", p.choices)] + [
                    c for c in meta.get("choices", ()) if c not in p.choices
                ]
                entry["allowed"] = "one of: " + ", ".join(entry["choices"])  # what the menu offers
        else:
            low, high = meta.get("slider", (None, None))
            entry.update(kind="str" if meta.get("choices") else "float", low=low, high=high)
            entry["allowed"] = (
                "one of: " + ", ".join(meta["choices"]) if meta.get("choices") else f"[{low:g}, {high:g}]"
            )
        # only what the page reads: no empty bounds, no false flags, no menu's numeric range
        out[name] = {
            k: v
            for k, v in entry.items()
            if v is not None and v is not False and not (entry.get("choices") and k in ("low", "high", "kind"))
        }
    return {"scalingbookInputs": out}


# --------------------------------------------------------------------------------------
# chapter 1: a training run's time and cost
# --------------------------------------------------------------------------------------


def accelerator_rates(values: dict[str, Any] | None = None) -> pd.DataFrame:
    """Per accelerator: peak FLOP/s and the amortized cost per accelerator-hour (USD), from
    ``scalingbook.pages.pretraining_cost.scenario`` with the chapter's parameters ``values`` (defaults when
    None) and that accelerator. The amortized cost of a run is proportional to its
    accelerator-hours, so this one rate carries the whole cost model (price rule, server
    overhead, write-off, interconnect, energy) to the browser. Accelerators the cost model
    cannot price (no TDP) are left out."""
    from ..science import cost, hardware
    from .pretraining_cost import scenario

    base = {**_defaults("pretraining-cost"), **(values or {})}
    rows = []
    for name, acc in hardware.accelerator_table().iterrows():
        try:
            scn = scenario({**base, "accelerator": name})
        except (cost.CostError, ValueError):
            continue
        rate = float(np.ravel(scn.run.usd_per_accelerator_hour_amortized)[0])
        if not math.isfinite(rate):
            continue
        rows.append(
            {
                "accelerator": name,
                "peak_flops": float(acc["peak_flops"]),
                "usd_per_hour_amortized": rate,
                "price_basis": scn.price_basis,
            }
        )
    return pd.DataFrame(rows)


def _readout_text(chart: alt.Chart, rows: int, title: str, subtitle: list[str]) -> alt.Chart:
    """A calculator's readout: one line of text a quantity (fields ``order``, ``text``, ``label``
    and ``shown``), the mark the site's script reads as ``readout``."""
    return (
        chart.mark_text(align="left", baseline="middle", fontSize=12)
        .encode(
            x=alt.value(0),
            y=alt.Y("order:O", axis=None),
            text="text:N",
            tooltip=[alt.Tooltip("label:N", title="quantity"), alt.Tooltip("shown:N", title="value")],
        )
        .properties(
            name="readout",
            width=300,
            height=22 * rows,
            view=alt.ViewBackground(stroke=None),
            title=alt.TitleParams(title, subtitle=subtitle),
        )
    )


def training_run_calculator(values: dict[str, Any] | None = None) -> alt.VConcatChart:
    """Chapter 1's live calculator: training time, accelerator-hours, amortized and cloud
    cost of a run from its FLOPs, accelerator, count, MFU and rental price.

    ``values``: the chapter's validated parameters (``params`` in the notebook); the inputs
    start at the page's run (its budget, accelerator, count, MFU, price) and the amortized rate
    of each accelerator comes from :func:`accelerator_rates` with the page's electricity price,
    PUE, hardware age, write-off and interconnect. Without ``values``, the chapter's defaults.
    """
    from .pretraining_cost import scenario

    d = {**_defaults("pretraining-cost"), **(values or {})}
    scn = scenario(d)
    rates = accelerator_rates(d)
    names = list(rates["accelerator"])
    acc0 = d.get("accelerator", "H100")
    p_flops = _log_slider("train_flops", scn.train_flops, 15, 31, "training compute")
    p_acc = alt.param(
        name="accelerator",
        value=acc0 if acc0 in names else names[0],
        bind=alt.binding_select(options=names, name="accelerator "),
    )
    n0 = min(max(float(np.ceil(np.ravel(scn.run.n_accelerators)[0])), 1.0), 1e7)
    p_n = _log_slider("n_accelerators", n0, 0, 7, "accelerators")
    p_mfu = _slider("mfu", d.get("mfu", 0.4), 0.01, 1.0, 0.01, "MFU")
    p_price = _slider(
        "usd_per_gpu_hour", d.get("usd_per_gpu_hour", 2.0), 0.1, 20.0, 0.05, "cloud USD per accelerator-hour"
    )

    computed = (
        alt.Chart(rates)
        .transform_filter("datum.accelerator == accelerator")
        .transform_calculate(
            train_flops="pow(10, log10_train_flops)",
            n_accelerators="max(1, round(pow(10, log10_n_accelerators)))",
        )
        .transform_calculate(seconds="datum.train_flops / (datum.n_accelerators * datum.peak_flops * mfu)")
        .transform_calculate(
            days="datum.seconds / 86400",
            accelerator_hours="datum.n_accelerators * datum.seconds / 3600",
        )
        .transform_calculate(
            amortized_usd="datum.accelerator_hours * datum.usd_per_hour_amortized",
            cloud_usd="datum.accelerator_hours * usd_per_gpu_hour",
        )
    )
    keys = list(TRAINING_READOUT)
    labels = {k: v[0] for k, v in TRAINING_READOUT.items()}
    units = {k: v[1] for k, v in TRAINING_READOUT.items()}
    lookup = "({})[datum.key]"
    readout = (
        computed.transform_fold(keys, as_=["key", "value"])
        .transform_calculate(
            label=lookup.format(_js(labels)),
            unit=lookup.format(_js(units)),
            order=lookup.format(_js({k: i for i, k in enumerate(keys)})),
        )
        .transform_calculate(
            shown=(
                "(datum.key == 'amortized_usd' || datum.key == 'cloud_usd' ? '$' : '') + "
                + charts.readable_expr("datum.value")
                + " + (datum.unit && datum.unit != 'USD' ? ' ' + datum.unit : '')"
            ),
            text="datum.label + ': ' + datum.shown",
        )
    )
    readout = _readout_text(
        readout,
        len(keys),
        "Your run",
        ["amortized: hardware + energy, Epoch's method, with", "the chapter's electricity price, PUE, hardware age"],
    )
    bars = (
        computed.transform_fold(["amortized_usd", "cloud_usd"], as_=["key", "usd"])
        .transform_calculate(what="datum.key == 'amortized_usd' ? 'amortized' : 'cloud rental'")
        .mark_bar()
        .encode(
            y=alt.Y("what:N", title=None, axis=alt.Axis(labelLimit=110)),
            x=alt.X(
                "usd:Q",
                title="cost of the run (USD)",
                axis=alt.Axis(labelExpr="'$' + " + charts.readable_expr("datum.value", 2), labelOverlap=True),
            ),
            color=alt.Color("what:N", legend=None, scale=alt.Scale(range=charts.PALETTE[:2])),
            tooltip=[
                alt.Tooltip("what:N", title="cost"),
                charts.tooltip("usd", "USD", kind="usd"),
                alt.Tooltip("price_basis:N", title="server price"),
            ],
        )
        .properties(width=220, height=70)
    )
    meta = _inputs(
        "pretraining-cost",
        {
            "train_flops": {
                "signal": "log10_train_flops",
                "log": True,
                "show": "sci",
                "unit": "FLOP",
                "slider": (1e15, 1e31),
            },
            "accelerator": {"signal": "accelerator", "show": "choice", "choices": names},
            "n_accelerators": {
                "signal": "log10_n_accelerators",
                "log": True,
                "show": "count",
                "unit": "accelerators",
                "slider": (1, 1e7),
            },
            "mfu": {"signal": "mfu", "show": "share", "slider": (0.01, 1.0)},
            "usd_per_gpu_hour": {
                "signal": "usd_per_gpu_hour",
                "show": "usd",
                "unit": "per accelerator-hour",
                "slider": (0.1, 20.0),
            },
        },
    )
    meta["caption"] = (
        "Live calculator: a training run's time and cost from its compute, accelerator, count, MFU and "
        "cloud price, recomputed in the page; the amortized rate per accelerator-hour is the book's "
        "model of Cottier et al. 2024 at this page's electricity price, PUE and hardware age."
    )
    return (
        alt.vconcat(readout, bars)
        .add_params(p_flops, p_acc, p_n, p_mfu, p_price)
        .properties(
            usermeta=meta,
            description=(
                "Live calculator: a training run's time, accelerator-hours, amortized and cloud cost, "
                "recomputed from the inputs below (training compute, accelerator, count, MFU, cloud price)."
            ),
        )
    )


def _js(mapping: dict[str, Any]) -> str:
    """A JSON object literal usable inside a Vega expression."""
    import json

    return json.dumps(mapping)


# --------------------------------------------------------------------------------------
# chapter 2: the compute-optimal allocation under each published law
# --------------------------------------------------------------------------------------


def law_constants() -> pd.DataFrame:
    """One row per published law with the constants the browser needs: ``law`` (the key),
    ``name`` (the reader's name, :func:`scalingbook.pages.charts.display_name`) and ``form``
    ("chinchilla": E, A, B, alpha, beta; "kaplan": n_e, p_n, d_e, p_d, pf_day_flops)."""
    from ..science import compute, laws

    rows = []
    for name, law in laws.CHINCHILLA_LAWS.items():
        rows.append(
            {
                "law": name,
                "name": charts.display_name(name),
                "form": "chinchilla",
                "E": law.E,
                "A": law.A,
                "B": law.B,
                "alpha": law.alpha,
                "beta": law.beta,
            }
        )
    k = laws.KAPLAN_2020
    rows.append(
        {
            "law": "kaplan_2020",
            "name": charts.display_name("kaplan_2020"),
            "form": "kaplan",
            "n_e": k.n_e,
            "p_n": k.p_n,
            "d_e": k.d_e,
            "p_d": k.p_d,
            "pf_day_flops": compute.PF_DAY_FLOPS,
        }
    )
    return pd.DataFrame(rows)


_N_OPT = (
    "datum.form == 'chinchilla' ? pow(datum.alpha * datum.A / (datum.beta * datum.B), 1 / (datum.alpha + datum.beta))"
    " * pow(datum.c / 6, datum.beta / (datum.alpha + datum.beta))"
    " : datum.n_e * pow(datum.c / datum.pf_day_flops, datum.p_n)"
)
_D_OPT = (
    "datum.form == 'chinchilla' ? pow(datum.c / 6, datum.alpha / (datum.alpha + datum.beta))"
    " / pow(datum.alpha * datum.A / (datum.beta * datum.B), 1 / (datum.alpha + datum.beta))"
    " : datum.d_e * pow(datum.c / datum.pf_day_flops, datum.p_d)"
)
_LOSS = (
    "datum.form == 'chinchilla' ? datum.E + datum.A / pow(datum.n_params, datum.alpha)"
    " + datum.B / pow(datum.n_tokens, datum.beta) : NaN"
)
#: Bisection steps in log N for the cost-optimal size (the bracket between the smallest N that
#: can reach the loss and the Chinchilla-optimal N, a few units of log N wide, shrinks by
#: 2^-18), then one secant step inside it: the root to about 1e-10 in log N, as
#: :func:`scalingbook.science.laws.inference_optimal`'s 200 halvings give it to 1e-6 and better.
BISECTION_STEPS = 18
# Sardana et al. 2024's optimum solves 3 D(N) (alpha A N^-alpha / (beta (L - E - A N^-alpha)) - 1)
# = D_inf, D(N) = (B / (L - E - A N^-alpha))^(1/beta); the left side falls in N.
_AN = "datum.A / exp(datum.alpha * datum.mid)"  # A N^-alpha at N = exp(mid)
_EXCESS = (
    "3 * pow(datum.B / (datum.gap - datum.an), 1 / datum.beta)"
    " * (datum.alpha * datum.an / (datum.beta * (datum.gap - datum.an)) - 1) - datum.d_inf"
)


def _cost_optimal(chart: alt.Chart) -> alt.Chart:
    """Rows of a Chinchilla-form law with ``loss`` (the target) and ``d_inf`` -> the size
    ``cost_optimal_n_params`` that reaches that loss at the least lifetime compute
    6 N D_train + 2 N D_inf, its ``cost_optimal_n_tokens`` and ``lifetime_saved`` (the share
    of the compute-optimal model's lifetime compute it saves): Sardana et al. 2024, Sec. 2,
    solved by bisection as :func:`scalingbook.science.laws.inference_optimal` does."""
    chart = chart.transform_calculate(
        gap="datum.loss - datum.E",
    ).transform_calculate(
        lo="log(pow(datum.A / datum.gap, 1 / datum.alpha))",
        hi="log(pow(datum.A * (datum.alpha + datum.beta) / (datum.beta * datum.gap), 1 / datum.alpha))",
    )
    for _ in range(BISECTION_STEPS):
        chart = (
            chart.transform_calculate(mid="(datum.lo + datum.hi) / 2")
            .transform_calculate(an=_AN)
            .transform_calculate(ex=_EXCESS)
            .transform_calculate(lo="datum.ex > 0 ? datum.mid : datum.lo", hi="datum.ex > 0 ? datum.hi : datum.mid")
        )
    # the secant through the bracket's ends (excess is smooth there); a bracket still at its
    # start (no inference tokens: the root is the Chinchilla-optimal end) keeps that end
    chart = (
        chart.transform_calculate(mid="datum.lo")
        .transform_calculate(an=_AN)
        .transform_calculate(ex_lo=_EXCESS)
        .transform_calculate(mid="datum.hi")
        .transform_calculate(an=_AN)
        .transform_calculate(ex_hi=_EXCESS)
        .transform_calculate(
            root="datum.ex_lo - datum.ex_hi > 0 && isFinite(datum.ex_lo) && isFinite(datum.ex_hi)"
            " ? datum.lo + (datum.hi - datum.lo) * datum.ex_lo / (datum.ex_lo - datum.ex_hi)"
            " : (datum.lo + datum.hi) / 2"
        )
    )
    return (
        chart.transform_calculate(
            cost_optimal_n_params="exp(datum.root)",
        )
        .transform_calculate(
            cost_optimal_n_tokens=(
                "pow(datum.B / (datum.gap - datum.A / pow(datum.cost_optimal_n_params, datum.alpha)), 1 / datum.beta)"
            ),
        )
        .transform_calculate(
            lifetime_saved=(
                "1 - (6 * datum.cost_optimal_n_params * datum.cost_optimal_n_tokens"
                " + 2 * datum.cost_optimal_n_params * datum.d_inf)"
                " / (6 * datum.n_params * datum.n_tokens + 2 * datum.n_params * datum.d_inf)"
            ),
        )
    )


def compute_optimal_calculator(values: dict[str, Any] | None = None) -> alt.VConcatChart:
    """Chapter 2's live calculator: for a budget C and a published law (Hoffmann et al. 2022,
    its unrounded constants, Besiroglu et al. 2024 or Kaplan et al. 2020), the compute-optimal
    N, D, tokens per parameter and loss; then, for the inference tokens the model will serve,
    Sardana et al. 2024's cost-optimal size (the smaller model trained longer that reaches the
    same loss at the least training + inference compute) and the lifetime compute it saves.
    Below: N_opt against C under every law, the chosen one drawn thick, the budget marked.

    The inputs start at the page's ``compute_budget_flops``, ``law`` and ``inference_tokens``
    (``values``: the chapter's validated parameters; the defaults without them). Kaplan et al.
    2020's allocation has no loss here (its law predicts WebText2 loss, another distribution),
    so neither has its cost-optimal size.
    """
    d = {**_defaults("loss-scaling"), **(values or {})}
    consts = law_constants()
    laws_shown = list(consts["law"])
    law0 = d.get("law", "besiroglu_2024")
    p_c = _log_slider("compute_budget_flops", d.get("compute_budget_flops", 5.76e23), 18, 29, "compute budget")
    p_law = alt.param(
        name="law",
        value=law0 if law0 in laws_shown else laws_shown[0],
        bind=alt.binding_select(options=laws_shown, labels=list(consts["name"]), name="law "),
    )
    d_inf0 = max(float(d.get("inference_tokens", 2e12) or 0.0), 1e6)
    p_inf = _log_slider("inference_tokens", d_inf0, 6, 17, "inference tokens served")
    meta = _inputs(
        "loss-scaling",
        {
            "compute_budget_flops": {
                "signal": "log10_compute_budget_flops",
                "log": True,
                "show": "sci",
                "unit": "FLOP",
                "slider": (1e18, 1e29),
            },
            "law": {"signal": "law", "show": "choice", "choices": laws_shown},
            "inference_tokens": {
                "signal": "log10_inference_tokens",
                "log": True,
                "show": "sci",
                "unit": "tokens",
                "slider": (1e6, 1e17),
            },
        },
    )
    base = alt.Chart(consts)
    at_budget = (
        base.transform_calculate(c="pow(10, log10_compute_budget_flops)", d_inf="pow(10, log10_inference_tokens)")
        .transform_calculate(n_params=_N_OPT, n_tokens=_D_OPT)
        .transform_calculate(tokens_per_param="datum.n_tokens / datum.n_params", loss=_LOSS)
    )
    chosen = _cost_optimal(at_budget.transform_filter("datum.law == law"))
    keys = list(LAW_READOUT)
    labels = {k: v[0] for k, v in LAW_READOUT.items()}
    units = {k: v[1] for k, v in LAW_READOUT.items()}
    lookup = "({})[datum.key]"
    readout = (
        chosen.transform_fold(keys, as_=["key", "value"])
        .transform_calculate(
            label=lookup.format(_js(labels)),
            unit=lookup.format(_js(units)),
            order=lookup.format(_js({k: i for i, k in enumerate(keys)})),
        )
        .transform_calculate(
            shown=(
                "!isFinite(datum.value) ? 'n/a (no loss)' : datum.key == 'loss' ? format(datum.value, '.4f')"
                " : datum.key == 'lifetime_saved' ? format(datum.value, '.1%') : "
                + charts.readable_expr("datum.value")
                + ""
            ),
        )
        .transform_calculate(
            text="datum.label + ': ' + datum.shown + (datum.unit && isFinite(datum.value) ? ' ' + datum.unit : '')"
        )
    )
    readout = _readout_text(
        readout,
        len(keys),
        "Your budget under the chosen law",
        [
            "N, D: compute-optimal, Hoffmann et al. 2022 Eq. 4;",
            "N*, D*: least 6ND + 2N x inference tokens at the",
            "same loss (Sardana et al. 2024)",
        ],
    )
    grid = (
        base.transform_calculate(lc="sequence(18, 29.001, 0.25)")
        .transform_flatten(["lc"])
        .transform_calculate(c="pow(10, datum.lc)")
        .transform_calculate(n_params=_N_OPT)
    )
    color = alt.Color(
        "name:N", title="law", sort=list(consts["name"]), legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)
    )
    tips = [
        alt.Tooltip("name:N", title="law"),
        charts.tooltip("c", "budget", "FLOP", kind="sci"),
        charts.tooltip("n_params", "N_opt", "parameters", kind="sci"),
    ]
    lines = grid.mark_line().encode(
        x=alt.X("c:Q", scale=charts.log_scale(), axis=charts.log_axis("compute budget C (FLOP)")),
        y=alt.Y("n_params:Q", scale=charts.log_scale(), axis=charts.log_axis("N_opt (parameters)")),
        color=color,
        tooltip=tips,
        strokeWidth=alt.condition("datum.law == law", alt.value(4), alt.value(1.5)),
    )
    points = at_budget.mark_point(size=90, filled=True).encode(x="c:Q", y="n_params:Q", color=color, tooltip=tips)
    rule = at_budget.transform_filter("datum.law == law").mark_rule(strokeDash=[4, 3], color="#888").encode(x="c:Q")
    curve = (lines + rule + points).properties(width=360, height=240, title="Compute-optimal model size by law")
    meta["caption"] = (
        "Live calculator: the compute-optimal size and training tokens of your budget under the "
        "chosen law (Hoffmann et al. 2022, Eq. 4; Kaplan et al. 2020), and the smaller model trained "
        "longer that reaches the same loss at the least training + inference compute for the "
        "inference tokens it will serve (Sardana et al. 2024)."
    )
    return (
        alt.vconcat(readout, curve)
        .add_params(p_c, p_law, p_inf)
        .properties(
            usermeta=meta,
            description=(
                "Live calculator: compute-optimal model size, training tokens, tokens per parameter and "
                "predicted loss for the chosen compute budget and published scaling law, and the smaller "
                "cost-optimal model for the inference tokens it will serve (Sardana et al. 2024)."
            ),
        )
    )


# --------------------------------------------------------------------------------------
# chapter 5: pass@k, majority vote and coverage against k
# --------------------------------------------------------------------------------------

#: Sample counts of the chart's curves (majority vote needs k + 1 binomial terms per k).
K_MAX = 1000
K_GRID = np.unique(np.round(np.logspace(0, np.log10(K_MAX), 31)).astype(int))

# P(j of k votes correct) = exp(log C(k, j) + j log p + (k - j) log(1 - p)); log C(k, j) is a
# running sum of log((k - i + 1) / i), i = 1..j. A majority (j > k/2) wins; a tie counts half.
_LOG_TERM = "datum.j == 0 ? 0 : log((datum.k - datum.j + 1) / datum.j)"
_PMF = "exp(datum.logc + (datum.j == 0 ? 0 : datum.j * log(p)) + (datum.j == datum.k ? 0 : (datum.k - datum.j) * log(1 - p)))"
_WIN = "2 * datum.j > datum.k ? 1 : (2 * datum.j == datum.k ? 0.5 : 0)"


def _majority(chart: alt.Chart) -> alt.Chart:
    """Rows (k, j) -> one row per k with ``majority_vote`` (binomial sum, as in
    :func:`scalingbook.science.testtime.majority_vote_accuracy`)."""
    return (
        chart.transform_calculate(term=_LOG_TERM)
        .transform_window(logc="sum(term)", groupby=["k"], sort=[alt.SortField("j")], frame=[None, 0])
        .transform_calculate(part=f"({_PMF}) * ({_WIN})")
        .transform_aggregate(majority_vote="sum(part)", groupby=["k"])
    )


def test_time_calculator(values: dict[str, Any] | None = None) -> alt.VConcatChart:
    """Chapter 5's live calculator: pass@k and majority-vote accuracy of one problem of pass@1
    p, and the coverage of a benchmark whose per-problem pass@1 ~ Beta(alpha, beta), against
    the number of samples k; the values at the chosen k are printed above the curves.

    alpha, beta and k start at the page's ``difficulty_alpha``, ``difficulty_beta`` and
    ``n_samples`` (``values``: the chapter's validated parameters; the defaults without them);
    p starts at that benchmark's mean pass@1, alpha / (alpha + beta).
    """
    d = {**_defaults("test-time-compute"), **(values or {})}
    a0, b0 = float(d.get("difficulty_alpha", 0.3)), float(d.get("difficulty_beta", 1.5))
    p_p = _slider("p", round(a0 / (a0 + b0), 2), 0.01, 0.99, 0.01, "pass@1 p of the problem")
    p_k = _log_slider("k", min(int(d.get("n_samples", 100)), K_MAX), 0, math.log10(K_MAX), "samples k")
    meta = _inputs(
        "test-time-compute",
        {
            "p": {"signal": "p", "show": "plain", "slider": (0.01, 0.99)},
            "k": {"signal": "log10_k", "log": True, "show": "count", "unit": "samples", "slider": (1, K_MAX)},
            "difficulty_alpha": {"signal": "difficulty_alpha", "show": "plain", "slider": (0.05, 5.0)},
            "difficulty_beta": {"signal": "difficulty_beta", "show": "plain", "slider": (0.1, 20.0)},
        },
    )
    p_alpha = _slider("difficulty_alpha", a0, 0.05, 5.0, 0.01, "benchmark Beta alpha")
    p_beta = _slider("difficulty_beta", b0, 0.1, 20.0, 0.1, "benchmark Beta beta")
    k_now = "max(1, round(pow(10, log10_k)))"

    # --- curves against k
    dense = (
        alt.Chart(alt.sequence(0, K_MAX, as_="i"))
        .transform_calculate(
            k="datum.i + 1",
            fail_term="log((difficulty_beta + datum.i) / (difficulty_alpha + difficulty_beta + datum.i))",
        )
        .transform_window(log_fail="sum(fail_term)", sort=[alt.SortField("i")], frame=[None, 0])
        .transform_calculate(coverage="1 - exp(datum.log_fail)", pass_at_k="1 - pow(1 - p, datum.k)")
        .transform_fold(["coverage", "pass_at_k"], as_=["key", "probability"])
    )
    votes = _majority(
        alt.Chart(pd.DataFrame({"k": K_GRID}))
        .transform_calculate(j="sequence(0, datum.k + 1)")
        .transform_flatten(["j"])
    ).transform_calculate(key="'majority_vote'", probability="datum.majority_vote")
    series = alt.Color(
        "series:N",
        title=None,
        sort=list(TEST_TIME_READOUT.values()),
        scale=alt.Scale(domain=list(TEST_TIME_READOUT.values()), range=charts.PALETTE[:3]),
    )
    label = f"({_js(TEST_TIME_READOUT)})[datum.key]"
    x = alt.X(
        "k:Q", scale=charts.log_scale(domain=[1, K_MAX], nice=False), axis=charts.log_axis("samples per problem, k")
    )
    y = alt.Y("probability:Q", title="probability", scale=alt.Scale(domain=[0, 1]))
    tips = [
        alt.Tooltip("series:N", title="curve"),
        charts.tooltip("k", "samples k", kind="count"),
        charts.tooltip("probability", "probability", kind="auto"),
    ]
    curves = (
        dense.transform_calculate(series=label).mark_line().encode(x=x, y=y, color=series, tooltip=tips)
        + votes.transform_calculate(series=label).mark_line(point=True).encode(x=x, y=y, color=series, tooltip=tips)
        + alt.Chart(alt.sequence(0, 1, as_="i"))
        .transform_calculate(k=k_now)
        .mark_rule(strokeDash=[4, 3], color="#888")
        .encode(x="k:Q")
    ).properties(width=360, height=240, title="What k samples buy")

    # --- the numbers at the chosen k
    at_k = alt.Chart(alt.sequence(0, 1, as_="i")).transform_calculate(k=k_now)
    row = {key: i for i, key in enumerate(TEST_TIME_READOUT)}

    def text(chart: alt.Chart, key: str) -> alt.Chart:
        return (
            chart.transform_calculate(
                key=f"'{key}'",
                value=f"datum.{key}",
                order=str(row[key]),
                text=f"({label}) + '\\nk = ' + format(datum.k, ',d') + ': ' + {charts.readable_expr('datum.value', 4)}",
            )
            # the label and the number on two lines: one line ran wider than a phone's column
            .mark_text(align="left", baseline="top", fontSize=12, lineBreak="\n")
            .encode(
                x=alt.value(0),
                y=alt.Y("order:O", axis=None, scale=alt.Scale(domain=list(range(len(row))))),
                text="text:N",
            )
            .properties(name=f"readout_{key}")
        )

    pass_k = at_k.transform_calculate(pass_at_k="1 - pow(1 - p, datum.k)")
    vote_k = _majority(
        alt.Chart(alt.sequence(0, K_MAX + 1, as_="j"))
        .transform_calculate(k=k_now)
        .transform_filter("datum.j <= datum.k")
    )
    cover_k = (
        alt.Chart(alt.sequence(0, K_MAX, as_="i"))
        .transform_calculate(k=k_now)
        .transform_filter("datum.i < datum.k")
        .transform_calculate(
            fail_term="log((difficulty_beta + datum.i) / (difficulty_alpha + difficulty_beta + datum.i))"
        )
        .transform_aggregate(log_fail="sum(fail_term)", k="max(k)")
        .transform_calculate(coverage="1 - exp(datum.log_fail)")
    )
    readout = alt.layer(text(pass_k, "pass_at_k"), text(vote_k, "majority_vote"), text(cover_k, "coverage")).properties(
        width=360,
        height=36 * len(TEST_TIME_READOUT),
        view=alt.ViewBackground(stroke=None),
        title=alt.TitleParams(
            "At your k", subtitle="one problem of pass@1 p; a benchmark of Beta(alpha, beta) problems"
        ),
    )
    meta["caption"] = (
        "Live calculator: pass@k and majority-vote accuracy of one problem of pass@1 p, and the "
        "coverage of a benchmark whose problems' pass@1 follow Beta(alpha, beta), against the "
        "number of samples k (Brown et al. 2024's coverage; a majority vote breaks ties by a coin)."
    )
    return (
        alt.vconcat(readout, curves)
        .add_params(p_p, p_k, p_alpha, p_beta)
        .properties(
            usermeta=meta,
            description=(
                "Live calculator: pass@k and majority-vote accuracy of one problem, and the coverage of a "
                "benchmark, against the number of samples k, recomputed from the inputs below."
            ),
        )
    )
