"""What the scaling-limits chapter shows: the reader's model, the claims ledger's records (checked
at the claims' published inputs), the sentences generated from numbers and the tables.

The model lives in :mod:`scalingbook.science.limits`; this module assembles it for the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..science import cost
from ..science import hardware as hw
from ..science import limits as lm
from . import claims as cl
from . import format as fmt

CHAPTER = "scaling-limits"

__all__ = [
    "CHAPTER",
    "Page",
    "build",
    "model_from_params",
    "claims",
    "claims_scenario",
    "headline_sentence",
    "power_sentence",
    "chips_power_sentence",
    "data_sentence",
    "run_length_sentence",
    "costs_sentence",
    "distributed_sentence",
    "claims_sentence",
    "exhaustion_sentence",
    "repetition_sentence",
    "costs_table",
    "check_table",
    "chip_check_sentence",
    "ARTICLE",
    "VILLALOBOS_2024_STOCK",
    "EPOCH_2025_ALGORITHMS",
    "SEVILLA_2024_CEILINGS",
]

#: The popular article whose claims the chapter checks beside the papers' (author and outlet not recorded).
ARTICLE = "popular article on AI training costs (unattributed)"
#: Villalobos et al. 2024: ~300T tokens, the effective stock of quality public text.
VILLALOBOS_2024_STOCK = 3e14
#: Epoch AI 2025 ("Frontier LLM training runs can't get much longer"): algorithmic efficiency ~3x per year.
EPOCH_2025_ALGORITHMS = 3.0
#: Sevilla et al. 2024's published 2030 ranges per constraint, FLOP: power (1-5 GW campus),
#: data (400T-20 quadrillion tokens), latency (Erdil and Schneider-Joseph 2024: near 2e31), and
#: the headline (~2e29, power binding). Chips: a secondary summary of the report gives 20-400M
#: H100-equivalents as 5,000-250,000x GPT-4 (2.1e25 FLOP).
SEVILLA_2024_CEILINGS = {
    "power": (1e28, 3e29),
    "chips": (5e3 * 2.1e25, 2.5e5 * 2.1e25),
    "data": (6e28, 2e32),
    "latency": (2e31, 2e31),
    "headline": (2e29, 2e29),
}


_CEILING_SOURCES = {
    "power": "Sevilla et al. 2024 (1-5 GW campus)",
    "chips": "a summary of Sevilla et al. 2024 (20-400M H100e)",
    "data": "Sevilla et al. 2024 (400T-20 quadrillion tokens)",
    "latency": "Erdil and Schneider-Joseph 2024",
    "headline": "Sevilla et al. 2024",
}


def model_from_params(params: dict[str, Any]) -> lm.LimitsModel:
    """A :class:`scalingbook.science.limits.LimitsModel` from the chapter's validated parameters
    (names as its fields; ``scalingbook.pages.params.SCALING_LIMITS``); other keys are ignored."""
    names = {f.name for f in fields(lm.LimitsModel)}
    return replace(lm.SEVILLA_2024, **{k: v for k, v in params.items() if k in names})


@dataclass(frozen=True)
class Page:
    """What the chapter shows for one parameter set: the model, the anchors, the target year and
    the ranked ceilings of that year."""

    params: dict
    model: lm.LimitsModel
    anchor: lm.Anchors
    year: int
    ceilings: pd.DataFrame

    @property
    def binding(self) -> str:
        return str(self.ceilings.iloc[0]["constraint"])

    @property
    def feasible_flops(self) -> float:
        return float(self.ceilings.iloc[0]["flops"])


@lru_cache(maxsize=8)
def _build(items: tuple) -> Page:
    params = dict(items)
    model, anchor = model_from_params(params), lm.anchors()
    year = int(params["target_year"])
    return Page(params, model, anchor, year, lm.binding(year, model, anchor))


def build(params: dict) -> Page:
    """The chapter's :class:`Page` for validated ``params`` (cached per parameter set)."""
    return _build(tuple(sorted(params.items())))


def _ranked(f: dict) -> list[str]:
    return sorted(lm.CONSTRAINTS, key=lambda k: float(f[k]))


def check_table(page: Page) -> pd.DataFrame:
    """The page's 2030 ceilings beside Sevilla et al. 2024's published ranges, constraint by constraint."""
    f = lm.feasible_flops(2030.0, page.model, page.anchor)
    rows = []
    for k in lm.CONSTRAINTS:
        lo, hi = SEVILLA_2024_CEILINGS[k]
        v = float(f[k])
        where = (
            ("inside" if lo <= v <= hi else "below" if v < lo else "above")
            if lo < hi
            else (f"{v / lo:.2g}x their figure")
        )
        rows.append(
            {
                "constraint": k,
                "this page, 2030 (FLOP)": fmt.flop(v),
                "published (FLOP)": fmt.flop(lo) if lo == hi else f"{fmt.flop(lo)}-{fmt.flop(hi)}",
                "source": _CEILING_SOURCES[k],
                "this page against it": where,
            }
        )
    best = min(float(f[k]) for k in lm.CONSTRAINTS)
    rows.append(
        {
            "constraint": f"binding ({_ranked(f)[0]})",
            "this page, 2030 (FLOP)": fmt.flop(best),
            "published (FLOP)": "~2e29 (power)",
            "source": _CEILING_SOURCES["headline"],
            "this page against it": f"{best / 2e29:.2g}x their figure",
        }
    )
    return pd.DataFrame(rows)


def chip_check_sentence(page: Page) -> str:
    """The chip ceiling at 20M and 400M H100-equivalents beside the summary's 5,000-250,000x GPT-4, and why they differ."""
    m, a = page.model, page.anchor
    ratios = [
        float(lm.feasible_flops(2030.0, replace(m, chips_millions=n), a)["chips"]) / a.trend_flops
        for n in (20.0, 400.0)
    ]
    return (
        f"At this page's share ({fmt.pct(m.lab_share, 0)}), run length and MFU, 20M and 400M H100-equivalents allow "
        f"{fmt.count(ratios[0])}x and {fmt.count(ratios[1])}x GPT-4, against the summary's 5,000x and 250,000x: "
        + " and ".join(
            f"{max(r / s, s / r):.1f} times {'below' if r < s else 'above'}" for r, s in zip(ratios, (5e3, 2.5e5))
        )
        + ". The page's chip ceiling is proportional to the chip count, so "
        "its range spans 20x like the chip range; the summary's spans 50x, so its ends cannot both come from one "
        "share, run length and utilisation: the summary's range folds in other uncertainties as well."
    )


# ----------------------------------------------------------------------------- sentences


def headline_sentence(model: lm.LimitsModel, anchor: lm.Anchors, year: int) -> str:
    ranked = lm.binding(year, model, anchor)
    best = ranked.iloc[0]
    trend = float(lm.trend_flops(year, anchor.trend_flops, anchor.trend_year, model.trend_growth))
    crossing = lm.crossing_years(model, anchor)
    hits = sorted(((k, v) for k, v in crossing.items() if np.isfinite(v)), key=lambda kv: kv[1])
    misses = [k for k, v in crossing.items() if not np.isfinite(v)]
    text = (
        f"In {year} the binding constraint is **{best['constraint']}**, at {fmt.flop(best['flops'])} FLOP, "
        f"{best['flops'] / anchor.trend_flops:,.0f} times GPT-4; the trend run of that year needs {fmt.flop(trend)} FLOP. "
    )
    if hits:
        text += "Followed year by year, the trend meets " + ", ".join(f"{k} in {v:.1f}" for k, v in hits)
        text += (f", and {', '.join(misses)} not by {lm.HORIZON_YEAR:.0f}" if misses else "") + "."
    else:
        text += f"The trend meets no wall by {lm.HORIZON_YEAR:.0f}."
    return text


def power_sentence(model: lm.LimitsModel, year: int) -> str:
    need = np.asarray(lm.power_needed_gw([1e27, 2e29], year, model))
    months = float(lm.run_length_months(year, model))
    return (
        f"With these parameters a {months:.1f}-month 2e29 FLOP run in {year} needs **{need[1]:.1f} GW** of peak "
        f"facility power, a 1e27 run {need[0] * 1e3:,.0f} MW. For scale: a large nuclear reactor gives about 1 GW."
    )


def chips_power_sentence(model: lm.LimitsModel, year: int, anchor: lm.Anchors | None = None) -> str:
    """What the chips one run can hold would draw, as 2024 H100s and as chips of ``year``, against
    the power the page gives one run; says whether power or chips binds first."""
    n = model.lab_share * model.chips_millions * 1e6
    old = n * float(lm.wall_watts("H100", model.pue)) / 1e9
    new = float(lm.chips_power_gw(n, year, model))
    f = lm.feasible_flops(float(year), model, anchor)
    first = "power" if float(f["power"]) < float(f["chips"]) else "chips"
    gw = float(np.asarray(model.power_gw))
    lead = (
        f"The {fmt.count(n / 1e6)} million H100-equivalents one run can hold ({fmt.pct(model.lab_share, 0)} of "
        f"{model.chips_millions:g} million) would need {old:,.0f} GW as 2024 H100s, but {new:,.1f} GW as chips of "
        f"{min(year, 2030)} at this page's efficiency growth ({model.efficiency_growth:g}x a year), against the "
        f"{gw:.3g} GW this page gives one run: "
    )
    return lead + (
        "the power ceiling sits below the chip ceiling."
        if first == "power"
        else "the chip ceiling sits below the power ceiling."
    )


def data_sentence(model: lm.LimitsModel) -> str:
    c = float(lm.data_limited_flops(model.unique_tokens, model.max_epochs, model.tokens_per_param))
    e = min(model.max_epochs, lm.SATURATION_EPOCHS)
    seen = "seen once" if e == 1 else f"seen {e:g} times"
    extra = f" (epochs past {lm.SATURATION_EPOCHS:g} add nothing)" if model.max_epochs > lm.SATURATION_EPOCHS else ""
    return (
        f"With these parameters the data ceiling is {fmt.flop(c)} FLOP: {model.unique_tokens / 1e12:,.0f}T usable tokens "
        + seen
        + extra
        + f", against Sevilla et al.'s range of {fmt.flop(lm.SEVILLA_2024_DATA_FLOPS[0], 1)} to "
        f"{fmt.flop(lm.SEVILLA_2024_DATA_FLOPS[1], 1)}."
    )


def run_length_sentence(model: lm.LimitsModel, year: int) -> str:
    m = float(lm.run_length_months(year, model))
    if model.run_months > 0:
        return f"This page fixes the run at {m:.1f} months in every year."
    return (
        f"This page's runs follow the trend: {model.run_base_days:.0f} days in early 2025, {model.run_growth:g}x "
        f"a year, at most {model.max_run_months:g} months, so {m:.1f} months in {year}."
    )


def costs_sentence(costs: pd.DataFrame) -> str:
    h = costs.set_index(["accelerator", "train_flops"])
    small, big = h.loc[("H100", 1e27)], h.loc[("H100", 2e29)]
    return (
        f"A 1e27 run on H100s needs {fmt.count(small['accelerators'])} of them: {fmt.usd(small['cluster_purchase_usd'])} to buy, "
        f"{fmt.usd(small['amortized_usd'])} amortized, {small['peak_power_gw'] * 1e3:,.0f} MW. A 2e29 run on H100s would "
        f"need {fmt.count(big['accelerators'])}, {big['peak_power_gw']:,.0f} GW and {fmt.usd(big['cluster_purchase_usd'])} of "
        f"hardware; on the page's 2030 hardware the same run needs {big['wall_power_2030_gw']:,.1f} GW."
    )


def distributed_sentence(model: lm.LimitsModel, anchor: lm.Anchors, year: int) -> str:
    one = lm.feasible_flops(float(year), replace(model, distributed=False), anchor)
    many = lm.feasible_flops(float(year), replace(model, distributed=True), anchor)
    top = _ranked(many)[0]
    ratio = float(many["power"]) / float(one["power"])
    passes = float(many["power"]) > float(many["chips"])
    return (
        f"Across the network, **{top}** binds at {fmt.flop(float(many[top]))} FLOP, {float(many[top]) / anchor.trend_flops:,.0f} "
        f"times GPT-4. The power ceiling of {year} changes {ratio:.1f}-fold"
        + (
            f" ({model.network_gw:.3g} GW against one campus's {model.campus_gw:.3g} GW)"
            if year >= 2030
            else f" (on the way to {model.network_gw:.3g} GW against one campus's {model.campus_gw:.3g} GW in 2030)"
        )
        + (" and passes the chip ceiling." if passes else " but stays below the chip ceiling.")
    )


def claims_sentence(records: list[cl.Claim]) -> str:
    """How many of the chapter's claims get each verdict, and which do not reproduce as stated."""
    n = cl.counts(records)
    said = {
        "reproduces": "reproduce",
        "close": "come close",
        "does not reproduce": "do not reproduce",
        "depends on an assumption": "depend on an assumption of the book's",
        "not checkable": "cannot be checked",
    }
    parts = [f"{v} {said[k] if v != 1 else k}" for k, v in n.items() if v]
    off = [c.claim for c in records if c.verdict == "does not reproduce"]
    return (
        f"Of {len(records)} claims: "
        + "; ".join(parts)
        + "."
        + (" Not reproduced as stated: " + "; ".join(off) + "." if off else "")
    )


def exhaustion_sentence(overtraining: np.ndarray, years: np.ndarray) -> str:
    """The exhaustion years beside Villalobos et al. 2024's: 2026-2032 (80% interval, median
    ~2028), ~2027 at 5x and ~2025 at 100x overtraining."""
    published = {1.0: 2028.0, 5.0: 2027.0, 100.0: 2025.0}
    gaps = [abs(y - published[float(k)]) for k, y in zip(overtraining, years) if float(k) in published]
    inside = all(2026 <= y <= 2032 for k, y in zip(overtraining, years) if float(k) == 1.0)
    worst = max(gaps) if gaps else math.nan
    return (
        f"Villalobos et al. project 2026-2032 (80% interval), about 2027 with 5x overtraining and about 2025 "
        f"with 100x; this two-line model (300T tokens, the trend's compute) lands within {worst:.1f} years of all "
        f'three{"" if inside else ", but outside their interval at 1x"}. "Running out" means one pass over the '
        "text; training on more epochs or other modalities moves the data ceiling, not this date."
    )


def repetition_sentence(table: pd.DataFrame) -> str:
    """What four epochs cost in loss, from :func:`scalingbook.science.limits.repetition_table`."""
    row = table[table["epochs"] == 4.0]
    if row.empty:
        return ""
    r = row.iloc[0]
    gap = r["loss, repeated (nats)"] / r["loss if all new (nats)"] - 1
    size = "a small fraction of a percent" if gap < 0.005 else f"{100 * gap:.1f}%"
    return (
        f"The loss columns use Muennighoff et al.'s C4 fit: at four epochs the repeated data cost {size} in loss "
        f'({100 * gap:.2f}%), which is the sense in which four epochs are "nearly as good as new data".'
    )


def costs_table(costs: pd.DataFrame) -> pd.DataFrame:
    """:func:`scalingbook.science.limits.run_costs` in readable units: counts, dollars, GW."""
    return pd.DataFrame(
        {
            "run (FLOP)": costs["train_flops"].map(fmt.flop),
            "accelerator": costs["accelerator"],
            "accelerators": costs["accelerators"].map(fmt.count),
            "peak power on these chips (GW)": costs["peak_power_gw"].map(lambda g: f"{g:,.3g}"),
            "cluster purchase": costs["cluster_purchase_usd"].map(fmt.usd),
            "amortised run cost": costs["amortized_usd"].map(fmt.usd),
            "peak power on 2030 hardware (GW)": costs["wall_power_2030_gw"].map(lambda g: f"{g:,.3g}"),
            "price basis": costs["price_basis"],
        }
    )


# ----------------------------------------------------------------------------- claims


def _c(key: str, **kw: Any) -> cl.Claim:
    return cl.Claim(chapter=CHAPTER, key=key, section=kw.pop("section", "scaling_limits"), **kw)


def _best(f: dict) -> float:
    return min(float(f[k]) for k in lm.CONSTRAINTS)


def claims() -> list[cl.Claim]:
    """The chapter's claims, each checked at its published inputs (never the reader's parameters)."""
    return list(_claims())


@lru_cache(maxsize=1)
def _claims() -> tuple[cl.Claim, ...]:
    base, a = lm.SEVILLA_2024, lm.anchors()
    h100 = hw.accelerator("H100")
    out: list[cl.Claim] = []
    mfus = np.round(np.arange(0.20, 0.601, 0.01), 2)

    c100 = 100 * a.trend_flops
    m_gpt4 = float(cost.implied_mfu(2e25, hw.accelerator("A100").peak_flops, 25_000, 100.0))

    def three_months(u: float) -> str:
        d = float(cost.training_seconds(c100, h100.peak_flops, 800_000, u)) / 86_400
        return cl.grade(d, 2.5 * 365.25 / 12, 3.5 * 365.25 / 12)

    d_art = float(cost.training_seconds(c100, h100.peak_flops, 800_000, m_gpt4)) / 86_400
    out.append(
        _c(
            "h100_800k_3m",
            claim="100x GPT-4 needs ~800k H100 (half of OpenAI's GPUs) for about three months",
            source=ARTICLE,
            inputs=f"{fmt.flop(c100)} FLOP on 800,000 H100",
            evidence="t = C / (n peak MFU)",
            evidence_kind="book model",
            check="scalingbook.science.cost.training_seconds",
            value=f"{fmt.duration_days(d_art)} at GPT-4's implied MFU {fmt.pct(m_gpt4, 0)}",
            verdict="depends on an assumption",
            assumption="mfu (the run's utilisation)",
            readings=cl.readings_over(mfus, three_months),
            literature=f"GPT-4's implied {fmt.pct(m_gpt4, 0)} (2e25 FLOP on 25,000 A100 in 100 days); Epoch's median 37.5%",
        )
    )
    price, _ = hw.server_price("H100")
    frac = cost.COTTIER_2024.interconnect_fraction
    cluster = 100_000 * price / (1 - frac)
    out.append(
        _c(
            "cluster_100k",
            claim="a 100k-H100 cluster costs ~$5B",
            source=ARTICLE,
            inputs=f"Epoch's {fmt.usd(price)} per H100 server share + {fmt.pct(frac, 0)} interconnect",
            evidence="Epoch's price table (training-cost-trends)",
            evidence_kind="dataset",
            value=fmt.usd(cluster),
            published="about $5 billion",
            tolerance="$4.5-5.5 billion",
            tolerance_source="rounding of '~$5B'",
            verdict=cl.grade(cluster, 4.5e9, 5.5e9),
            check="scalingbook.science.hardware.server_price",
        )
    )
    w_pub = float(lm.wall_watts("H100", base.pue))
    campus = 1e9 / w_pub * price / (1 - frac)
    out.append(
        _c(
            "campus_1gw",
            claim="a ~1 GW campus costs $25-40B",
            source=ARTICLE,
            inputs=f"H100s at {w_pub:,.0f} W peak each (PUE {base.pue:g}), Epoch's price",
            evidence="Epoch's price table and power ratios (training-cost-trends)",
            evidence_kind="dataset",
            value=f"{fmt.count(1e9 / w_pub)} H100: {fmt.usd(campus)}",
            published="$25-40 billion",
            tolerance="the stated range",
            tolerance_source="the article's range",
            verdict=cl.grade(campus, 25e9, 40e9),
            check="scalingbook.science.limits.wall_watts",
        )
    )

    gws = np.round(np.arange(1.0, 5.01, 0.25), 2)
    med = lm.feasible_flops(2030.0, base, a)

    def headline_at(gw: float) -> str:
        return cl.grade_log(_best(lm.feasible_flops(2030.0, base, a, power_gw=gw)), 1.5e29, 2.5e29)

    out.append(
        _c(
            "headline_2e29",
            claim="~2e29 FLOP runs feasible by 2030 (~10,000x GPT-4)",
            source="sevilla2024",
            inputs="each constraint at the middle of its published range; the campus's power the assumption",
            evidence="the book's four-constraint model",
            evidence_kind="book model",
            check="scalingbook.science.limits.feasible_flops",
            value=f"{fmt.flop(_best(med))} FLOP ({fmt.count(_best(med) / a.trend_flops)}x GPT-4) at "
            f"{base.campus_gw:g} GW, bound by {_ranked(med)[0]}",
            verdict="depends on an assumption",
            assumption="campus_gw (power one campus gives the run)",
            readings=cl.readings_over(gws, headline_at),
            literature="Sevilla et al. 2024: 1-5 GW campuses by 2030",
        )
    )

    def order_at(gw: float) -> str:
        o = _ranked(lm.feasible_flops(2030.0, base, a, power_gw=gw))
        return "reproduces" if o[:2] == ["power", "chips"] and o[-1] == "latency" else "does not reproduce"

    out.append(
        _c(
            "binding_order",
            claim="power binds first, then chips; latency least",
            source="sevilla2024",
            inputs="as above",
            evidence="the book's four-constraint model",
            evidence_kind="book model",
            check="scalingbook.science.limits.binding",
            value=" < ".join(_ranked(med)) + f" at {base.campus_gw:g} GW",
            verdict="depends on an assumption",
            assumption="campus_gw (power one campus gives the run)",
            readings=cl.readings_over(np.round(np.arange(1.0, 10.01, 0.25), 2), order_at),
            literature="Sevilla et al. 2024: 1-5 GW campuses by 2030",
        )
    )

    def campus_at(u: float) -> str:
        m = replace(base, mfu=u)
        vals = [float(lm.feasible_flops(2030.0, m, a, power_gw=gw)["power"]) for gw in (1.0, 5.0)]
        return max((cl.grade_log(v, 1e28, 3e29) for v in vals), key=cl.MEASURED.index)

    cc = [float(lm.feasible_flops(2030.0, base, a, power_gw=gw)["power"]) for gw in (1.0, 5.0)]
    out.append(
        _c(
            "campus_range",
            claim="a 1-5 GW campus supports 1e28-3e29 FLOP by 2030",
            source="sevilla2024",
            inputs="1 and 5 GW, 2030 hardware (1.28x/yr efficiency, FP8), a 9-month run",
            evidence="the book's power ceiling",
            evidence_kind="book model",
            check="scalingbook.science.limits.power_limited_flops",
            value=f"{fmt.flop(cc[0])}-{fmt.flop(cc[1])} FLOP at MFU {fmt.pct(base.mfu, 0)}",
            verdict="depends on an assumption",
            assumption="mfu (the run's utilisation)",
            readings=cl.readings_over(mfus, campus_at),
            literature="Llama 3.1-405B 40%; Epoch's median of known values 37.5%",
            note="Both ends stay inside the published range at every MFU from 20% to 60%."
            if len({r.verdict for r in cl.readings_over(mfus, campus_at)}) == 1
            else "",
        )
    )

    def data_at(e: float) -> str:
        vals = [float(lm.data_limited_flops(u, e, base.tokens_per_param)) for u in (4e14, 2e16)]
        return max(
            (cl.grade_log(vals[0], 5.5e28, 6.5e28), cl.grade_log(vals[1], 1.5e32, 2.5e32)), key=cl.MEASURED.index
        )

    d1 = [float(lm.data_limited_flops(u, 1.0, base.tokens_per_param)) for u in (4e14, 2e16)]
    out.append(
        _c(
            "data_range",
            claim="the data stock (400T to 20 quadrillion tokens) supports 6e28-2e32 FLOP",
            source="sevilla2024",
            inputs="400T and 20 quadrillion tokens at 20 tokens per parameter (Hoffmann et al.)",
            evidence="C = 6 D' U / r with repeated tokens worth D' (Muennighoff et al.); tolerance: rounding of "
            "6e28 and 2e32",
            evidence_kind="book model",
            check="scalingbook.science.limits.data_limited_flops",
            value=f"one pass: {fmt.flop(d1[0])}-{fmt.flop(d1[1])} FLOP",
            verdict="depends on an assumption",
            assumption="max_epochs (passes over the data)",
            readings=cl.readings_over(np.round(np.arange(1.0, 4.01, 0.1), 1), data_at),
            literature="Muennighoff et al. 2023: ~4 epochs nearly as good as new data",
        )
    )

    year = float(
        lm.data_exhaustion_year(
            VILLALOBOS_2024_STOCK, a.trend_flops, a.trend_year, base.trend_growth, base.tokens_per_param
        )
    )
    out.append(
        _c(
            "exhaustion_2028",
            claim="the stock of public text runs out around 2028",
            source="villalobos2024",
            inputs="300T tokens, compute 4x a year from GPT-4, compute-optimal, one epoch",
            evidence="Villalobos et al.'s stock and 80% interval (2026-2032)",
            evidence_kind="published text",
            check="scalingbook.science.limits.data_exhaustion_year",
            value=f"{year:.1f}",
            published="about 2028 (80% interval 2026-2032)",
            tolerance="2026-2032",
            tolerance_source="Villalobos et al.'s 80% interval",
            verdict=cl.grade(year, 2026, 2032),
        )
    )
    g = 10**cost.COTTIER_2024.price_performance_ooms_per_year * EPOCH_2025_ALGORITHMS
    months = 12 * float(lm.optimal_run_years(g))
    out.append(
        _c(
            "nine_months",
            claim="runs longer than ~9 months stop paying off",
            source="epoch2025longestrun",
            inputs=f"a budget buys {10**0.14:.2f}x more hardware and {EPOCH_2025_ALGORITHMS:g}x better algorithms a year",
            evidence="Epoch AI 2025's stated rates; L* = 1 / ln G (Sevilla et al. 2022)",
            evidence_kind="published text",
            check="scalingbook.science.limits.optimal_run_years",
            value=f"{months:.1f} months",
            published="about 9 months",
            tolerance="8.5-9.5 months",
            tolerance_source="rounding of '~9 months'",
            verdict=cl.grade(months, 8.5, 9.5),
        )
    )
    reach = base.run_base_year + math.log(9.0 / (base.run_base_days / (lm.SECONDS_PER_MONTH / 86_400))) / math.log(
        base.run_growth
    )
    out.append(
        _c(
            "nine_by_2027",
            claim="runs reach about 9 months by 2027",
            source="epoch2025longestrun",
            inputs=f"Grok-3's {base.run_base_days:.0f} days (Feb 2025), growing {base.run_growth:g}x a year",
            evidence="Epoch AI 2025's growth rate; Grok-3's run length (Epoch AI)",
            evidence_kind="published text",
            check="scalingbook.science.limits.run_length_months",
            value=f"9 months in {reach:.1f}",
            published="2027",
            tolerance="2026.5-2027.5",
            tolerance_source="rounding to the year",
            verdict=cl.grade(reach, 2026.5, 2027.5),
        )
    )
    llama = 16_384 * lm.SEVILLA_2024_WATTS_PER_H100 / 1e6
    book = float(cost.facility_power_mw(16_384, "H100", cost.COTTIER_2024.pue_hyperscaler))
    out.append(
        _c(
            "llama_27mw",
            claim="Llama 3.1-405B's cluster drew ~27 MW",
            source="sevilla2024",
            inputs="16,384 H100 at Sevilla et al.'s ~1,700 W each",
            evidence="Sevilla et al.'s per-GPU power; Llama 3.1-405B's GPU count (Llama Team 2024)",
            evidence_kind="published text",
            check="scalingbook.science.limits.SEVILLA_2024_WATTS_PER_H100",
            value=f"{llama:.1f} MW",
            published="~27 MW",
            tolerance="26.5-27.5 MW",
            tolerance_source="rounding of '~27 MW'",
            verdict=cl.grade(llama, 26.5, 27.5),
            note=f"Epoch's cost-model convention (TDP x server ratio x PUE 1.1 for Meta), used in both chapters, "
            f"gives {book:.1f} MW: Sevilla et al.'s 1,700 W per GPU corresponds to a PUE of "
            f"{1700 / (h100.tdp_watts * h100.chip_to_server_power):.2f}. With Meta's rounded '16K' GPUs, "
            f"1,700 W gives {16_000 * lm.SEVILLA_2024_WATTS_PER_H100 / 1e6:.1f} MW.",
        )
    )
    shares = np.round(np.arange(0.05, 1.001, 0.05), 2)

    def chips_at(s: float) -> str:
        m = replace(base, lab_share=s)
        vals = [
            float(lm.feasible_flops(2030.0, replace(m, chips_millions=n), a)["chips"]) / a.trend_flops
            for n in (20.0, 400.0)
        ]
        return max((cl.grade_log(vals[0], 4.5e3, 5.5e3), cl.grade_log(vals[1], 2.25e5, 2.75e5)), key=cl.MEASURED.index)

    ratios = [
        float(lm.feasible_flops(2030.0, replace(base, chips_millions=n), a)["chips"]) / a.trend_flops
        for n in (20.0, 400.0)
    ]
    rd = cl.readings_over(shares, chips_at)
    out.append(
        _c(
            "chips_range",
            claim="20-400M H100-equivalents by 2030 allow 5,000-250,000x GPT-4 (a secondary "
            "summary's reading of the report)",
            source="sevilla2024",
            inputs="20M and 400M H100e, 2030 run length and MFU",
            evidence="the book's chip ceiling",
            evidence_kind="book model",
            check="scalingbook.science.limits.chip_limited_flops",
            value=f"{fmt.count(ratios[0])}x-{fmt.count(ratios[1])}x at a {fmt.pct(base.lab_share, 0)} share",
            verdict="depends on an assumption",
            assumption="lab_share (share of the chips in one run)",
            readings=rd,
            literature="Sevilla et al.'s illustration: the largest lab holds a fifth",
            note="The ceiling is proportional to the chip count (20x across the range), the summary's range "
            "spans 50x: no one share matches both ends."
            if len({r.verdict for r in rd}) == 1
            else "",
        )
    )
    return tuple(out)


def claims_scenario(page: Page) -> dict[str, str]:
    """What the reader's parameters give for the claims they touch (the table's last column)."""
    m, a = page.model, page.anchor
    f = lm.feasible_flops(float(m.target_year_of_values), m, a)
    h100 = hw.accelerator("H100")
    d = float(cost.training_seconds(100 * a.trend_flops, h100.peak_flops, 800_000, m.mfu)) / 86_400
    w = float(np.asarray(lm.model_wall_watts(m)))
    price, _ = hw.server_price("H100")
    exhaustion = float(
        lm.data_exhaustion_year(m.stock_tokens, a.trend_flops, a.trend_year, m.trend_growth, m.tokens_per_param)
    )
    return {
        "h100_800k_3m": f"{fmt.duration_days(d)} at MFU {fmt.pct(m.mfu, 0)}",
        "campus_1gw": f"{fmt.usd(1e9 / w * price / (1 - cost.COTTIER_2024.interconnect_fraction))} at {w:,.0f} W each",
        "headline_2e29": f"{fmt.flop(_best(f))} FLOP, bound by {_ranked(f)[0]}",
        "binding_order": " < ".join(_ranked(f)),
        "data_range": f"{fmt.flop(float(f['data']))} FLOP ({m.unique_tokens / 1e12:,.0f}T tokens x {m.max_epochs:g} epochs)",
        "exhaustion_2028": f"{exhaustion:.1f}",
        "nine_by_2027": f"{float(lm.run_length_months(m.target_year_of_values, m)):.1f} months in {m.target_year_of_values:.0f}",
    }
