"""What the scaling-limits chapter shows: its claims table (checked at the claims' published
inputs, the reader's scenario in its own column) and the sentences generated from numbers.

The model lives in :mod:`scalingbook.science.limits`; this module assembles it for the page.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from ..science import cost
from ..science import hardware as hw
from ..science import limits as lm
from .report import verdict
from .pretraining_cost import count, days, flop, md, usd

__all__ = ["claims_table", "headline_sentence", "power_sentence", "chips_power_sentence", "data_sentence",
           "run_length_sentence", "costs_sentence", "distributed_sentence", "claims_sentence", "exhaustion_sentence", "repetition_sentence", "costs_table", "md", "usd",
           "VILLALOBOS_2024_STOCK", "EPOCH_2025_ALGORITHMS"]

#: Villalobos et al. 2024: ~300T tokens, the effective stock of quality public text.
VILLALOBOS_2024_STOCK = 3e14
#: Epoch AI 2025 ("Frontier LLM training runs can't get much longer"): algorithmic efficiency ~3x per year.
EPOCH_2025_ALGORITHMS = 3.0
_ORDER = ("reproduces", "close", "not supported")


def _worst(*verdicts: str) -> str:
    return max(verdicts, key=_ORDER.index)


def _ranked(f: dict) -> list[str]:
    return sorted(lm.CONSTRAINTS, key=lambda k: float(f[k]))


def claims_table(model: lm.LimitsModel, anchor: lm.Anchors) -> pd.DataFrame:
    """Claims checked: claim, source, published inputs, the book's value at those inputs,
    verdict (never from the reader's parameters), and what the reader's ``model`` gives."""
    a = anchor
    base = lm.SEVILLA_2024
    pub = lm.sevilla_2024_inputs(base)
    h100 = hw.accelerator("H100")
    rows = []

    def add(claim, source, inputs, value, v, reader="—"):
        rows.append((claim, source, inputs, value, v, reader))

    c100 = 100 * a.trend_flops
    d_pub = float(cost.training_seconds(c100, h100.peak_flops, 800_000, base.mfu)) / 86_400
    d_you = float(cost.training_seconds(c100, h100.peak_flops, 800_000, model.mfu)) / 86_400
    add("100x GPT-4 needs ~800k H100 (half of OpenAI's GPUs) for about three months", "seed claim",
        f"{flop(c100)} FLOP on 800,000 H100 at MFU {base.mfu:.0%}", days(d_pub), verdict(d_pub, 60, 120, close=cost.CLAIM_MARGIN),
        f"{days(d_you)} at MFU {model.mfu:.0%}")
    price, _ = hw.server_price("H100")
    frac = cost.COTTIER_2024.interconnect_fraction
    cluster = 100_000 * price / (1 - frac)
    add("a 100k-H100 cluster costs ~$5B", "seed claim; Epoch: Grok-3 acquisition $5.5B",
        f"Epoch's ${price:,.0f} per H100 server share + {frac:.0%} interconnect", usd(cluster),
        verdict(cluster, 4.5e9, 5.5e9, close=cost.CLAIM_MARGIN))
    w_pub = float(lm.wall_watts("H100", base.pue))
    per_gw = 1e9 / w_pub
    campus = per_gw * price / (1 - frac)
    w_you = float(np.asarray(lm._wall_watts(model)))
    add("a ~1 GW campus costs $25-40B", "seed claim",
        f"H100s at {w_pub:,.0f} W peak each (PUE {base.pue:g}), Epoch's price",
        f"{count(per_gw)} H100: {usd(campus)}", verdict(campus, 25e9, 40e9, close=cost.CLAIM_MARGIN),
        f"{usd(1e9 / w_you * price / (1 - frac))} at {w_you:,.0f} W each")
    f_pub = lm.feasible_flops(2030.0, pub, a)
    f_you = lm.feasible_flops(float(model.target_year_of_values), model, a)
    best = min(float(f_pub[k]) for k in lm.CONSTRAINTS)
    which = _ranked(f_pub)[0]
    best_you = min(float(f_you[k]) for k in lm.CONSTRAINTS)
    add("~2e29 FLOP runs feasible by 2030 (~10,000x GPT-4)", "Sevilla et al. 2024",
        "5 GW campus, 100M H100e (a fifth to one run), 9-month run, data in the middle of their 6e28-2e32",
        f"{flop(best)} FLOP ({best / a.trend_flops:,.0f}x GPT-4), bound by {which}",
        verdict(best, 1e29, 4e29, close=cost.CLAIM_MARGIN),
        f"{flop(best_you)} FLOP, bound by {_ranked(f_you)[0]}")
    order = _ranked(f_pub)
    add("power binds first, then chips; latency least", "Sevilla et al. 2024", "as above",
        " < ".join(order) + " in 2030",
        "reproduces" if order[:2] == ["power", "chips"] and order[-1] == "latency" else
        "close" if order[0] == "power" and order[-1] == "latency" else "not supported",
        " < ".join(_ranked(f_you)))
    campus_c = [float(lm.feasible_flops(2030.0, pub, a, power_gw=gw)["power"]) for gw in (1.0, 5.0)]
    add("a 1-5 GW campus supports 1e28-3e29 FLOP by 2030", "Sevilla et al. 2024", "1 and 5 GW, 2030 hardware",
        f"{flop(campus_c[0])}-{flop(campus_c[1])} FLOP",
        _worst(*(verdict(c, 1e28, 3e29, close=cost.CLAIM_MARGIN) for c in campus_c)))
    data_c = float(lm.data_limited_flops(4e14, 1.0, base.tokens_per_param))
    lo, hi = lm.SEVILLA_2024_DATA_FLOPS
    add("the data stock (400T to 20 quadrillion tokens) supports 6e28-2e32 FLOP", "Sevilla et al. 2024",
        "one pass over 400T tokens of text at 20 tokens per parameter (their low end)",
        f"{flop(data_c)} FLOP", verdict(data_c, lo, hi, close=cost.CLAIM_MARGIN),
        f"{flop(float(f_you['data']))} FLOP ({model.unique_tokens / 1e12:,.0f}T tokens x {model.max_epochs:g} epochs)")
    year = float(lm.data_exhaustion_year(VILLALOBOS_2024_STOCK, a.trend_flops, a.trend_year, base.trend_growth,
                                         base.tokens_per_param))
    year_you = float(lm.data_exhaustion_year(model.stock_tokens, a.trend_flops, a.trend_year, model.trend_growth,
                                             model.tokens_per_param))
    add("the stock of public text runs out around 2028", "Villalobos et al. 2024 (80% CI 2026-2032)",
        "300T tokens, compute 4x a year from GPT-4, compute-optimal, one epoch", f"{year:.1f}",
        "reproduces" if abs(year - 2028) <= 1 else "close" if 2026 <= year <= 2032 else "not supported",
        f"{year_you:.1f} ({model.stock_tokens / 1e12:,.0f}T tokens, {model.trend_growth:g}x a year)")
    g = 10 ** cost.COTTIER_2024.price_performance_ooms_per_year * EPOCH_2025_ALGORITHMS
    months = 12 * float(lm.optimal_run_years(g))
    add("runs longer than ~9 months stop paying off", "Epoch AI 2025 (data insight)",
        f"budget buys {10 ** 0.14:.2f}x more hardware and {EPOCH_2025_ALGORITHMS:g}x better algorithms a year",
        f"1/ln {g:.2f} = {months:.1f} months", verdict(months, 8.0, 10.0, close=cost.CLAIM_MARGIN))
    reach = base.run_base_year + math.log(9.0 / (base.run_base_days / (lm.SECONDS_PER_MONTH / 86_400))) / math.log(base.run_growth)
    add("runs reach about 9 months by 2027", "Epoch AI 2025 (data insight)",
        f"Grok-3's {base.run_base_days:.0f} days (Feb 2025), growing {base.run_growth:g}x a year", f"9 months in {reach:.1f}",
        "reproduces" if round(reach) == 2027 else "close" if abs(reach - 2027) <= 1.5 else "not supported",
        f"{float(lm.run_length_months(model.target_year_of_values, model)):.1f} months in {model.target_year_of_values:.0f}")
    llama_mw = 16_384 * w_pub / 1e6
    add("Llama 3.1-405B's cluster drew ~27 MW (peak)", "Sevilla et al. 2024",
        f"16,384 H100 at {w_pub:,.0f} W peak each (TDP x server ratio x PUE {base.pue:g})", f"{llama_mw:.1f} MW",
        verdict(llama_mw, 26.5, 27.5, close=cost.CLAIM_MARGIN))
    return pd.DataFrame(rows, columns=["claim", "source", "published inputs", "book's value at those inputs",
                                       "verdict", "your scenario"])


# ----------------------------------------------------------------------------- sentences

def headline_sentence(model: lm.LimitsModel, anchor: lm.Anchors, year: int) -> str:
    ranked = lm.binding(year, model, anchor)
    best = ranked.iloc[0]
    trend = float(lm.trend_flops(year, anchor.trend_flops, anchor.trend_year, model.trend_growth))
    crossing = lm.crossing_years(model, anchor)
    hits = sorted(((k, v) for k, v in crossing.items() if np.isfinite(v)), key=lambda kv: kv[1])
    misses = [k for k, v in crossing.items() if not np.isfinite(v)]
    text = (f"In {year} the binding constraint is **{best['constraint']}**, at {flop(best['flops'])} FLOP, "
            f"{best['flops'] / anchor.trend_flops:,.0f} times GPT-4; the trend run of that year needs {flop(trend)} FLOP. ")
    if hits:
        text += "Followed year by year, the trend meets " + ", ".join(f"{k} in {v:.1f}" for k, v in hits)
        text += (f", and {', '.join(misses)} not by {lm.HORIZON_YEAR:.0f}" if misses else "") + "."
    else:
        text += f"The trend meets no wall by {lm.HORIZON_YEAR:.0f}."
    return text


def power_sentence(model: lm.LimitsModel, year: int) -> str:
    need = np.asarray(lm.power_needed_gw([1e27, 2e29], year, model))
    months = float(lm.run_length_months(year, model))
    return (f"With these parameters a {months:.1f}-month 2e29 FLOP run in {year} needs **{need[1]:.1f} GW** of peak "
            f"facility power, a 1e27 run {need[0] * 1e3:,.0f} MW. For scale: a large nuclear reactor gives about 1 GW.")


def chips_power_sentence(model: lm.LimitsModel, year: int) -> str:
    n = 0.2 * 100e6
    old = n * float(lm.wall_watts("H100", model.pue)) / 1e9
    new = float(lm.chips_power_gw(n, year, model))
    return (f"For the arithmetic that makes power bind: {n / 1e6:.0f} million H100-equivalents would need {old:,.0f} GW "
            f"as 2024 H100s, but {new:,.1f} GW as chips of {min(year, 2030)} at this page's efficiency growth "
            f"({model.efficiency_growth:g}x a year), against the {model.power_gw:g} GW this page gives one run.")


def data_sentence(model: lm.LimitsModel) -> str:
    c = float(lm.data_limited_flops(model.unique_tokens, model.max_epochs, model.tokens_per_param))
    e = min(model.max_epochs, lm.SATURATION_EPOCHS)
    seen = "seen once" if e == 1 else f"seen {e:g} times"
    extra = f" (epochs past {lm.SATURATION_EPOCHS:g} add nothing)" if model.max_epochs > lm.SATURATION_EPOCHS else ""
    return (f"With these parameters the data ceiling is {flop(c)} FLOP: {model.unique_tokens / 1e12:,.0f}T usable tokens "
            + seen + extra
            + f", against Sevilla et al.'s range of {flop(lm.SEVILLA_2024_DATA_FLOPS[0], 1)} to {flop(lm.SEVILLA_2024_DATA_FLOPS[1], 1)}.")


def run_length_sentence(model: lm.LimitsModel, year: int) -> str:
    m = float(lm.run_length_months(year, model))
    if model.run_months > 0:
        return f"This page fixes the run at {m:.1f} months in every year."
    return (f"This page's runs follow the trend: {model.run_base_days:.0f} days in early 2025, {model.run_growth:g}x "
            f"a year, at most {model.max_run_months:g} months, so {m:.1f} months in {year}.")


def costs_sentence(costs: pd.DataFrame) -> str:
    h = costs.set_index(["accelerator", "train_flops"])
    small, big = h.loc[("H100", 1e27)], h.loc[("H100", 2e29)]
    return (f"A 1e27 run on H100s needs {count(small['accelerators'])} of them: {usd(small['cluster_purchase_usd'])} to buy, "
            f"{usd(small['amortized_usd'])} amortized, {small['peak_power_gw'] * 1e3:,.0f} MW. A 2e29 run on H100s would "
            f"need {count(big['accelerators'])}, {big['peak_power_gw']:,.0f} GW and {usd(big['cluster_purchase_usd'])} of "
            f"hardware; on the page's 2030 hardware the same run needs {big['wall_power_2030_gw']:,.1f} GW.")


def distributed_sentence(model: lm.LimitsModel, anchor: lm.Anchors, year: int) -> str:
    one = lm.feasible_flops(float(year), replace(model, distributed=False), anchor)
    many = lm.feasible_flops(float(year), replace(model, distributed=True), anchor)
    top = _ranked(many)[0]
    ratio = float(many["power"]) / float(one["power"])
    passes = float(many["power"]) > float(many["chips"])
    return (f"Across the network, **{top}** binds at {flop(float(many[top]))} FLOP, {float(many[top]) / anchor.trend_flops:,.0f} "
            f"times GPT-4. The power ceiling changes {ratio:.1f}-fold ({model.network_gw:g} GW against one campus's "
            f"{model.campus_gw:g} GW)"
            + (" and passes the chip ceiling." if passes else " but stays below the chip ceiling."))


def claims_sentence(claims: pd.DataFrame) -> str:
    v = claims["verdict"]
    n = len(claims)
    said = {"reproduces": "reproduce", "close": "come close", "not supported": "are not supported"}
    parts = [f"{int((v == k).sum())} {said[k]}" for k in _ORDER if (v == k).any()]
    off = claims.loc[v != "reproduces", "claim"].tolist()
    return (f"Of {n} claims, " + ", ".join(parts) + " at their published inputs."
            + (" Not reproduced as stated: " + "; ".join(off) + "." if off else ""))


def exhaustion_sentence(overtraining: np.ndarray, years: np.ndarray) -> str:
    """The exhaustion years beside Villalobos et al. 2024's: 2026-2032 (80% interval, median
    ~2028), ~2027 at 5x and ~2025 at 100x overtraining."""
    published = {1.0: 2028.0, 5.0: 2027.0, 100.0: 2025.0}
    gaps = [abs(y - published[float(k)]) for k, y in zip(overtraining, years) if float(k) in published]
    inside = all(2026 <= y <= 2032 for k, y in zip(overtraining, years) if float(k) == 1.0)
    worst = max(gaps) if gaps else math.nan
    return (f"Villalobos et al. project 2026-2032 (80% interval), about 2027 with 5x overtraining and about 2025 "
            f"with 100x; this two-line model (300T tokens, the trend's compute) lands within {worst:.1f} years of all "
            f"three{'' if inside else ', but outside their interval at 1x'}. \"Running out\" means one pass over the "
            "text; training on more epochs or other modalities moves the data ceiling, not this date.")


def repetition_sentence(table: pd.DataFrame) -> str:
    """What four epochs cost in loss, from :func:`scalingbook.science.limits.repetition_table`."""
    row = table[table["epochs"] == 4.0]
    if row.empty:
        return ""
    r = row.iloc[0]
    gap = r["loss, repeated (nats)"] / r["loss if all new (nats)"] - 1
    size = "a small fraction of a percent" if gap < 0.005 else f"{100 * gap:.1f}%"
    return (f"The loss columns use Muennighoff et al.'s C4 fit: at four epochs the repeated data cost {size} in loss "
            f"({100 * gap:.2f}%), which is the sense in which four epochs are \"nearly as good as new data\".")


def costs_table(costs: pd.DataFrame) -> pd.DataFrame:
    """:func:`scalingbook.science.limits.run_costs` in readable units: counts, dollars, GW."""
    return pd.DataFrame({
        "run (FLOP)": costs["train_flops"].map(flop), "accelerator": costs["accelerator"],
        "accelerators": costs["accelerators"].map(count),
        "peak power on these chips (GW)": costs["peak_power_gw"].map(lambda g: f"{g:,.3g}"),
        "cluster purchase": costs["cluster_purchase_usd"].map(usd), "amortised run cost": costs["amortized_usd"].map(usd),
        "peak power on 2030 hardware (GW)": costs["wall_power_2030_gw"].map(lambda g: f"{g:,.3g}"),
        "price basis": costs["price_basis"],
    })
