"""What the pretraining-cost chapter shows: the reader's run, Cottier et al. 2024 reproduced from
Epoch's own inputs, the claims table, the charts and the sentences generated from numbers.

Formulas, fits and loaders live in :mod:`scalingbook.science.cost` and :mod:`scalingbook.science.hardware`; this
module assembles them for the page. :func:`build` computes everything once per parameter set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..science import cost
from ..sources import tables as _data
from ..science import hardware as hw
from .report import verdict

__all__ = [
    "Page", "build", "usd", "flop", "mw", "count", "days", "md", "claims_table", "growth_table", "agreement_summary",
    "model_costs_table", "not_costed_table", "update_table", "split_table", "own_vs_rent_sentence",
    "split_sentence", "growth_sentence", "update_sentence", "power_sentence", "chart_frontier",
    "chart_breakdown", "chart_days", "chart_power", "SEED_CLAIM_INPUTS", "checks_sentence",
]


# ----------------------------------------------------------------------------- number formats

def usd(x: float) -> str:
    """Dollars in a readable form, 3 significant figures: $438, $40.6M, $1.25B, $5.49B."""
    if x != x:
        return "n/a"
    ax = abs(x)
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if ax >= scale:
            return f"${x / scale:.3g}{suffix}"
    return f"${x:,.3g}" if ax < 100 else f"${x:,.0f}"


def flop(x: float, digits: int = 2) -> str:
    """A FLOP count in the book's notation: 2 significant figures, e.g. 4.8e28, 2.1e25."""
    text = f"{x:.{digits}g}"
    return text.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


def mw(x: float) -> str:
    """Megawatts, 3 significant figures with thousands separators: 3.04 MW, 203 MW, 1,590 MW."""
    return f"{x:,.0f} MW" if abs(x) >= 1000 else f"{x:.3g} MW"


def count(x: float) -> str:
    """A count, rounded up to a whole number, with thousands separators: 46,946."""
    return f"{math.ceil(x - 1e-9):,}"


def days(x: float) -> str:
    """A duration in days: 3 significant figures, thousands separators (1,040 days, 95.0 days)."""
    if x >= 1000:
        return f"{x:,.0f} days"
    return f"{x:.3g} days"


def md(text: str) -> "Any":
    """Markdown whose dollar signs are money, not mathematics (escaped for MyST's dollarmath)."""
    from IPython.display import Markdown

    return Markdown(text.replace("$", r"\$"))


# ----------------------------------------------------------------------------- the page

#: The published inputs of the seed claims the chapter checks (each row of :func:`claims_table`).
SEED_CLAIM_INPUTS = {
    "h100_mfu": 0.4,            # typical large-run MFU (Llama 3.1-405B: 0.40)
    "today_run_days": 100.0,    # Grok-3's run, the longest in data/frontier_models.csv
    "gpu_1e27_min": 200_000,
}


#: Typical MFU of large published runs (about 30-50%; Epoch's median of known values 37.5%).
TYPICAL_MFU = (0.30, 0.50)


def _overlap(interval: tuple[float, float], source: tuple[float, float]) -> str:
    """"reproduces" when the claim's implied interval overlaps the source's, else "not supported"."""
    lo, hi = min(interval), max(interval)
    return "reproduces" if lo <= source[1] and hi >= source[0] else "not supported"


#: The seed's shares of development cost (midpoints are compared with Epoch's ranges).
SEED_DEVELOPMENT_SHARES = {"hardware": (0.50, 0.70), "staff": (0.30, 0.50)}


@dataclass(frozen=True)
class Page:
    """Everything the chapter shows for one parameter set."""

    params: dict
    scenario: cost.Scenario
    reproduction: cost.Reproduction
    book_costs: pd.DataFrame
    update: pd.DataFrame
    update_fit: cost.GrowthFit
    models: pd.DataFrame

    @property
    def run(self) -> cost.TrainingRun:
        return self.scenario.run

    @property
    def fit(self) -> cost.GrowthFit:
        return self.reproduction.fit("amortized_usd")


@lru_cache(maxsize=8)
def _build(items: tuple) -> Page:
    params = dict(items)
    rep = cost.reproduce_cottier_2024()
    models = _data.read_table("frontier_models")
    book = cost.cost_book_models(models)
    both, fit = cost.frontier_update(rep, book)
    return Page(params, cost.scenario(params), rep, book, both, fit, models)


def build(params: dict) -> Page:
    """The chapter's :class:`Page` for validated ``params`` (cached per parameter set)."""
    return _build(tuple(sorted(params.items())))


# ----------------------------------------------------------------------------- tables

def growth_table(page: Page) -> pd.DataFrame:
    """The three growth fits on Epoch's inputs beside the paper's figure, and the update."""
    rows = []
    for _, f in page.reproduction.fits.iterrows():
        published = (f"{cost.COTTIER_2024_GROWTH.factor_per_year:g}x per year (95% CI "
                     f"{cost.COTTIER_2024_GROWTH.ci_low:g}-{cost.COTTIER_2024_GROWTH.ci_high:g}), "
                     f"{cost.COTTIER_2024_GROWTH.n_models} models" if f["column"] == "amortized_usd"
                     else "not printed in the abstract or Epoch's summary")
        rows.append({"approach": f["approach"], "sample": "2016-2023, Epoch's inputs",
                     "models": int(f["n_models"]), "book: x per year": f"{f['factor_per_year']:.2f}",
                     "book: 95% CI": f"{f['ci_low']:.2f}-{f['ci_high']:.2f}", "Cottier et al. 2024": published})
    u = page.update_fit
    rows.append({"approach": "amortized hardware + energy", "sample": "update beyond the paper: + 2024-25 models",
                 "models": u.n, "book: x per year": f"{u.factor_per_year:.2f}",
                 "book: 95% CI": f"{u.ci_low:.2f}-{u.ci_high:.2f}", "Cottier et al. 2024": "(later than the paper's data)"})
    return pd.DataFrame(rows)


def agreement_summary(page: Page) -> dict[str, Any]:
    """Counts of our frontier selection against Epoch's list: both, ours only, Epoch's only."""
    a = page.reproduction.agreement
    both = a["in_ours"] & a["in_epoch"]
    return {"ours": int(a["in_ours"].sum()), "epoch": int(a["in_epoch"].sum()), "both": int(both.sum()),
            "ours_only": a.loc[a["in_ours"] & ~a["in_epoch"], "system"].tolist(),
            "epoch_only": a.loc[a["in_epoch"] & ~a["in_ours"], "system"].tolist()}


def model_costs_table(page: Page) -> pd.DataFrame:
    """The costed frontier models, 2023 USD by the three approaches ("n/a" where an approach has no price)."""
    c = page.reproduction.costed
    return pd.DataFrame({
        "model": c["system"], "published": c["publication_date"].dt.strftime("%Y-%m-%d"),
        "hardware": c["training_hardware"], "chip-hours": c["chip_hours"].map(lambda h: f"{h:,.0f}"),
        "amortized (2023 USD)": c["amortized_usd"].map(usd), "cloud (2023 USD)": c["cloud_usd"].map(usd),
        "acquisition (2023 USD)": c["acquisition_usd"].map(usd),
    })


def not_costed_table(page: Page) -> pd.DataFrame:
    """Frontier models the amortized approach cannot cost, with the reason."""
    n = page.reproduction.not_costed
    return pd.DataFrame({"model": n["system"], "published": n["publication_date"].dt.strftime("%Y-%m-%d"),
                         "hardware in Epoch's table": n["training_hardware"].fillna("(none)"), "why": n["status"]})


def update_table(page: Page) -> pd.DataFrame:
    """The book's 2024-25 rows: rank at release, the book's Epoch-method cost, or why none."""
    b = page.book_costs
    rank = b["system"].map(page.update.dropna(subset=["compute_rank"]).set_index("system")["compute_rank"])
    return pd.DataFrame({
        "model": b["system"], "published": pd.to_datetime(b["publication_date"]).dt.strftime("%Y-%m-%d"),
        "rank by compute at release": rank.map(lambda r: "below 10th" if r != r else f"{int(r)}"),
        "amortized (2023 USD)": b["amortized_usd"].map(lambda x: "" if x != x else usd(x)),
        "in the update fit": np.where(b["amortized_usd"].notna() & rank.notna(), "yes", "no"),
        "note": np.where(b["status"] == "costed", "book's Epoch-method estimate", b["cost_label"].where(
            b["status"] == "not an amortized estimate", b["status"])),
    })


def split_table(run: cost.TrainingRun) -> pd.DataFrame:
    """The run's amortized cost by component: USD and share (%), readable."""
    b = run.breakdown()
    return pd.DataFrame({"component": b["component"], "cost": b["usd"].map(usd),
                         "share of hardware + energy": b["share"].map(lambda s: f"{100 * s:.1f}%")})


# ----------------------------------------------------------------------------- sentences

def own_vs_rent_sentence(page: Page) -> str:
    """Which is cheaper per accelerator-hour on this page, and why the comparison is partial."""
    run, p = page.run, page.params
    own, rent = float(run.usd_per_accelerator_hour_amortized), float(p["usd_per_gpu_hour"])
    if own < rent:
        lead = (f"Owning comes out cheaper per hour here: ${own:.2f} amortized against ${rent:.2f} to rent, "
                "because the amortized figure counts only the hardware value this run uses up.")
    elif own > rent:
        lead = (f"Renting comes out cheaper per hour here: ${rent:.2f} against ${own:.2f} amortized, so at this "
                "rental price the owner's write-off and energy cost more than the rent.")
    else:
        lead = f"Owning and renting cost the same per hour here: ${own:.2f}."
    return (lead + f" The owner also pays {usd(float(run.acquisition_usd))} up front for the cluster "
            "(servers and interconnect), and bears the idle time and the risk.")


def split_sentence(run: cost.TrainingRun) -> str:
    """The run's split in words, naming its accelerator (generated, never fixed)."""
    b = run.breakdown()
    parts = " / ".join(f"{100 * s:.0f}" for s in b["share"])
    return (f"This page's {run.accelerator} run splits {parts} (chips / other server parts / interconnect / "
            "energy) as shares of its amortized hardware + energy cost.")


def growth_sentence(page: Page) -> str:
    f, pub = page.fit, cost.COTTIER_2024_GROWTH
    diff = f.factor_per_year - pub.factor_per_year
    inside = pub.ci_low <= f.factor_per_year <= pub.ci_high and f.ci_low <= pub.factor_per_year <= f.ci_high
    rel = "inside" if inside else "outside"
    return (f"On Epoch's own inputs the book finds {f.factor_per_year:.2f}x per year (95% CI {f.ci_low:.2f}-"
            f"{f.ci_high:.2f}) over {f.n} models, {abs(diff):.2f} {'below' if diff < 0 else 'above'} the paper's "
            f"{pub.factor_per_year:g}x over {pub.n_models}; each estimate lies {rel} the other's interval.")


def update_sentence(page: Page) -> str:
    u, f = page.update_fit, page.fit
    added = u.n - f.n
    direction = "steepens" if u.factor_per_year > f.factor_per_year else "flattens"
    return (f"Adding the {added} costed frontier models of 2024-25 from the book's table (an update beyond the "
            f"paper) {direction} the trend to {u.factor_per_year:.2f}x per year (95% CI {u.ci_low:.2f}-{u.ci_high:.2f}).")


def power_sentence(page: Page) -> str:
    run = page.run
    peak, avg = float(run.capacity_mw), float(run.power_mw)
    return (f"This run's cluster needs {mw(peak)} of facility capacity (peak: accelerators x TDP x server ratio x "
            f"PUE) and draws {mw(avg)} on average while training ({100 * avg / peak:.0f}% of peak).")


# ----------------------------------------------------------------------------- claims

def _llama_row(page: Page) -> pd.Series:
    return page.book_costs.set_index("system").loc["Llama 3.1-405B"]


def claims_table(page: Page) -> pd.DataFrame:
    """Claims checked: claim, source, published inputs, the book's value at those inputs, verdict
    (from the published inputs only), and what this page's parameters give (its own column)."""
    p, run = page.params, page.run
    a100, h100 = hw.accelerator("A100"), hw.accelerator("H100")
    reader_acc = hw.accelerator(run.accelerator)
    rows = []

    def add(claim, source, inputs, value, verdict_, reader="—"):
        rows.append((claim, source, inputs, value, verdict_, reader))

    m90, m100 = cost.implied_mfu(2e25, a100.peak_flops, 25_000, np.array([90.0, 100.0]))
    add("GPT-4: ~2e25 FLOP on ~25,000 A100 for 90-100 days", "SemiAnalysis leak reporting (not an official disclosure)",
        "2e25 FLOP, 25,000 A100 (312 TFLOP/s), 90-100 days", f"implies MFU {m100:.0%}-{m90:.0%}",
        _overlap((m100, m90), TYPICAL_MFU),
        f"{days(float(cost.training_seconds(2e25, a100.peak_flops, 25_000, p['mfu'])) / 86400)} at MFU {p['mfu']:.0%}")
    g = page.reproduction.costs.set_index("system")
    gpt4 = g.loc["GPT-4"]
    add("GPT-4 cost ~$40M amortized hardware + energy", "Cottier et al. 2024 (Epoch: $40.6M, 2023 USD)",
        "Epoch's inputs: 25,000 A100 x 2,280 h, DGX A100 price, 2023 USD", usd(gpt4["amortized_usd"]),
        verdict(gpt4["amortized_usd"], 35e6, 45e6, close=cost.CLAIM_MARGIN))
    add("GPT-4 cost ~$78M at cloud prices", "2024 AI Index / Cottier et al. 2024 cloud approach",
        "57M A100-hours at Azure's 3-year price ($1.36/h, Jan. 2022)", usd(gpt4["cloud_usd"]),
        verdict(gpt4["cloud_usd"], 77.5e6, 78.5e6, close=cost.CLAIM_MARGIN),
        f"{usd(57e6 * p['usd_per_gpu_hour'])} at ${p['usd_per_gpu_hour']:g}/h")
    ratio = h100.peak_flops / a100.peak_flops
    add("H100 ~3x A100", "NVIDIA datasheets (dense BF16)", "989.4 vs 312 TFLOP/s", f"{ratio:.2f}x peak",
        verdict(ratio, 2.5, 3.5, close=cost.CLAIM_MARGIN))
    c100 = 100 * float(page.models.set_index("model").at["GPT-4", "training_compute_flop"])
    d = float(cost.training_seconds(c100, h100.peak_flops, 800_000, SEED_CLAIM_INPUTS["h100_mfu"])) / 86400
    add("100x GPT-4 needs ~800k H100 for months", "seed claim", f"{flop(c100)} FLOP, 800,000 H100, MFU 40%",
        days(d), verdict(d, 30, 365, close=cost.CLAIM_MARGIN),
        days(float(cost.training_seconds(c100, reader_acc.peak_flops, 800_000, p["mfu"])) / 86400)
        + f" on 800,000 {reader_acc.name} at MFU {p['mfu']:.0%}")
    t_run = SEED_CLAIM_INPUTS["today_run_days"]
    n27 = float(cost.accelerators_needed(1e27, h100.peak_flops, t_run, SEED_CLAIM_INPUTS["h100_mfu"]))
    add("a 1e27 FLOP run needs at least 200,000 GPUs", "seed claim",
        f"H100 BF16, MFU 40%, {t_run:.0f} days (Grok-3's run)", f"{count(n27)} H100",
        "reproduces" if n27 >= SEED_CLAIM_INPUTS["gpu_1e27_min"] else verdict(n27, 2e5, math.inf, close=cost.CLAIM_MARGIN),
        f"{count(float(cost.accelerators_needed(1e27, reader_acc.peak_flops, t_run, p['mfu'])))} {reader_acc.name}")
    laptop = 1e27 / (30e6 * cost.SECONDS_PER_YEAR)
    add("1e27 FLOP = a laptop running 30M years", "seed claim (no source for 1e27)", "1e27 FLOP over 30M years",
        f"a laptop sustaining {laptop / 1e12:.2f} TFLOP/s", verdict(laptop, 1e11, 1e13, close=cost.CLAIM_MARGIN))
    gpt2 = float(page.models.set_index("model").at["GPT-2 (1.5B)", "training_compute_flop"])
    add("1e27 FLOP = GPT-2's run a million times", "seed claim; GPT-2 compute from Epoch AI",
        f"GPT-2 (1.5B): {gpt2:.3g} FLOP", f"{1e27 / gpt2:.2g} GPT-2 runs",
        verdict(1e27 / gpt2, 10**5.5, 10**6.5, close=cost.CLAIM_MARGIN))
    inf_ratio = 0.44 / (1 - 0.44) * 3
    add("44% of compute goes to inference", "seed claim (no source found)",
        "inference 2N per token, training 6N per token",
        f"holds only if inference tokens are {inf_ratio:.2f}x the training tokens; no published input to check",
        "not supported")
    add("a 100x larger model every 2 years needs 10x capacity a year; every 3 years about 5x", "seed claim (arithmetic)",
        "100x per 2 or 3 years", f"100^(1/2) = {100 ** 0.5:.1f}x; 100^(1/3) = {100 ** (1 / 3):.2f}x",
        "reproduces" if abs(100 ** 0.5 - 10) < 0.5 and 4.5 <= 100 ** (1 / 3) <= 5.5 else "not supported")
    fits = page.reproduction.fits.set_index("column")
    am, cl = fits.loc["amortized_usd"], fits.loc["cloud_usd"]
    add("cloud cost grows at about the same rate", "Cottier et al. 2024", "the paper's frontier models, Epoch's inputs",
        f"cloud {cl['factor_per_year']:.2f}x vs amortized {am['factor_per_year']:.2f}x per year "
        f"(amortized 95% CI {am['ci_low']:.2f}-{am['ci_high']:.2f})",
        "reproduces" if am["ci_low"] <= cl["factor_per_year"] <= am["ci_high"] else "not supported")
    f = page.fit
    both_ok = page.reproduction.costed.dropna(subset=["cloud_usd"])
    ratio_c = both_ok["cloud_usd"] / both_ok["amortized_usd"]
    spread = float(np.exp(np.median(np.abs(np.log(ratio_c)))))
    add("the uncertainty band is about 3x", "seed claim (read as: the spread between Cottier et al.'s approaches)",
        "cloud vs amortized cost of the same frontier models, Epoch's inputs",
        f"median factor between the two: {spread:.1f}x ({len(both_ok)} models; range "
        f"{ratio_c.min():.2f}-{ratio_c.max():.1f}x)", verdict(spread, 2.5, 3.5, close=cost.CLAIM_MARGIN))
    pub = cost.COTTIER_2024_GROWTH
    inside = pub.ci_low <= f.factor_per_year <= pub.ci_high and f.ci_low <= pub.factor_per_year <= f.ci_high
    add("frontier training cost grows 2.4x per year (95% CI 2.0-3.1)", pub.source.split(" (")[0],
        "Epoch's inputs (training-cost-trends at the paper's commit)",
        f"{f.factor_per_year:.2f}x per year (95% CI {f.ci_low:.2f}-{f.ci_high:.2f}), {f.n} models",
        "reproduces" if inside and abs(f.factor_per_year - pub.factor_per_year) <= 0.2 else
        ("close" if inside else "not supported"))
    add("hardware + energy 50-70% and staff 30-50% of development cost", "seed claim vs Epoch (Cottier et al. 2024)",
        "GPT-4 and Gemini Ultra development cost", "Epoch: hardware 47-67% (energy 2-6%), R&D staff 29-49%",
        max((verdict(sum(SEED_DEVELOPMENT_SHARES["hardware"]) / 2, *cost.COTTIER_2024_HARDWARE_SHARE, close=cost.CLAIM_MARGIN),
             verdict(sum(SEED_DEVELOPMENT_SHARES["staff"]) / 2, *cost.COTTIER_2024_STAFF_SHARE, close=cost.CLAIM_MARGIN)),
            key=["reproduces", "close", "not supported"].index))
    llama = _llama_row(page)
    comps = np.array([llama[c] for c in cost.TrainingRun.COMPONENTS])
    shares = comps / comps.sum()
    seed = np.array(list(cost.SEED_SPLIT.values()))
    add("cost split 46% chips / 30% servers / 18% interconnect / 6% energy", "seed claim",
        "denominator: one run's amortized hardware capex + energy (Llama 3.1-405B, Epoch method)",
        " / ".join(f"{100 * s:.1f}" for s in shares) + "; as shares of development cost (with staff) Cottier et al. "
        "give servers 15-22%, interconnect 9-13%, energy 2-6%, so that denominator does not fit",
        "reproduces" if np.all(np.abs(shares - seed) <= 0.01) else
        ("close" if np.all(np.abs(shares - seed) <= 0.03) else "not supported"),
        split_sentence(run).replace("This page's ", "").replace(" as shares of its amortized hardware + energy cost.", ""))
    costs16 = page.reproduction.costed
    y16 = costs16[(costs16["publication_date"].dt.year == 2016) & costs16["acquisition_usd"].notna()]
    low16 = float(y16["acquisition_usd"].min())
    top23 = float(costs16["acquisition_usd"].max())
    v_lo = verdict(low16, 5e3, 2e4, close=cost.CLAIM_MARGIN)
    v_hi = verdict(top23, 2.5e8, 1e9, close=cost.CLAIM_MARGIN)
    worst = max((v_lo, v_hi), key=["reproduces", "close", "not supported"].index)
    add("upfront capital rose from $10K in 2016 to $500M today", "seed claim",
        "hardware acquisition cost of the paper's frontier models (2016; 2023)",
        f"2016: smallest {usd(low16)}; 2023: largest {usd(top23)} (GPT-4)", worst)
    price, _ = hw.server_price("H100")
    cluster = 100_000 * price / (1 - cost.COTTIER_2024.interconnect_fraction)
    grok = page.book_costs.set_index("system").at["Grok-3", "acquisition_usd"]
    reader_price = page.scenario.server_price_usd
    add("a 100K-H100 cluster costs about $5B", "seed claim; Epoch: Grok-3 acquisition $5.5B",
        f"100,000 H100 at Epoch's ${price:,.0f} per GPU + 19% interconnect",
        f"{usd(cluster)} (Grok-3 by the same model: {usd(grok)})", verdict(cluster, 4.5e9, 5.5e9, close=cost.CLAIM_MARGIN),
        f"{usd(100_000 * reader_price / (1 - p['interconnect_fraction']))} for 100,000 {run.accelerator}")
    per_gw = 1e9 / (h100.tdp_watts * h100.chip_to_server_power * cost.COTTIER_2024.pue_other)
    gw1 = per_gw * price / (1 - cost.COTTIER_2024.interconnect_fraction)
    add("the next systems cost $25-40B at about 1 GW, then $100-150B at about 5 GW", "seed claim",
        f"H100 clusters at Epoch's price, {h100.tdp_watts * h100.chip_to_server_power * 1.25:,.0f} W each (peak, PUE 1.25)",
        f"1 GW = {count(per_gw)} H100: {usd(gw1)}; 5 GW: {usd(5 * gw1)}",
        max((verdict(gw1, 25e9, 40e9, close=cost.CLAIM_MARGIN), verdict(5 * gw1, 100e9, 150e9, close=cost.CLAIM_MARGIN)),
            key=["reproduces", "close", "not supported"].index))
    return pd.DataFrame(rows, columns=["claim", "source", "published inputs", "book's value at those inputs",
                                       "verdict", "your scenario"])


# ----------------------------------------------------------------------------- charts

def chart_frontier(page: Page):
    """Amortized cost of the paper's frontier models (and the 2024-25 update) with both trends."""
    import altair as alt

    from . import charts

    both = page.update[page.update["amortized_usd"].notna()].copy()
    both["year"] = np.asarray(cost.decimal_year(both["publication_date"].to_numpy()), dtype=float)
    pts = both[["system", "year", "amortized_usd", "sample"]].rename(columns={"system": "model"})
    lines = []
    for label, fit, sub in (("Cottier et al. 2024 sample", page.fit, pts[pts["sample"] == "Cottier et al. 2024"]),
                            ("with the 2024-25 update", page.update_fit, pts)):
        yrs = np.linspace(sub["year"].min(), sub["year"].max(), 50)
        lo, hi = fit.band(yrs)
        lines.append(pd.DataFrame({"year": yrs, "trend": fit.predict(yrs), "low": lo, "high": hi,
                                   "fit": f"{label}: {fit.factor_per_year:.2f}x/yr"}))
    trend = pd.concat(lines, ignore_index=True)
    y_scale = charts.log_scale()
    x = alt.X("year:Q", title="publication date (year)", scale=alt.Scale(zero=False), axis=alt.Axis(format="d"))
    band = alt.Chart(trend).mark_area(opacity=0.15).encode(
        x=x, y=alt.Y("low:Q", scale=y_scale, axis=charts.log_axis("amortized training cost (2023 USD)")), y2="high:Q",
        color=alt.Color("fit:N", title="OLS trend (95% CI)", scale=alt.Scale(range=charts.PALETTE[:2])))
    line = alt.Chart(trend).mark_line().encode(x=x, y=alt.Y("trend:Q", scale=y_scale), color="fit:N")
    points = alt.Chart(pts).mark_point(size=60, filled=True).encode(
        x=x, y=alt.Y("amortized_usd:Q", scale=y_scale),
        shape=alt.Shape("sample:N", title="models"),
        tooltip=["model:N", alt.Tooltip("amortized_usd:Q", format="$,.3s", title="cost (2023 USD)"), "sample:N",
                 alt.Tooltip("year:Q", format=".2f")])
    f = page.fit
    title = (f"Frontier training cost on Epoch's inputs: {f.factor_per_year:.2f}x per year "
             f"(95% CI {f.ci_low:.2f}-{f.ci_high:.2f}, {f.n} models)")
    return (band + line + points).properties(title=title, width=charts.WIDTH, height=charts.HEIGHT)


def chart_breakdown(run: cost.TrainingRun):
    """The run's amortized cost by component, with its cloud cost beside it (USD)."""
    import altair as alt

    from . import charts

    b = run.breakdown().assign(kind="amortized (Epoch method)")
    cloud = pd.DataFrame({"component": ["cloud rental"], "usd": [float(np.sum(run.cloud_usd))], "share": [np.nan],
                          "kind": ["cloud"]})
    df = pd.concat([b, cloud], ignore_index=True)
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("kind:N", title=None),
        x=alt.X("usd:Q", title="cost of the run (USD)", axis=alt.Axis(format="$,.2s")),
        color=alt.Color("component:N", title="component", sort=list(df["component"])),
        order=alt.Order("share:Q", sort="descending"),
        tooltip=["component:N", alt.Tooltip("usd:Q", format="$,.3s"), alt.Tooltip("share:Q", format=".0%")],
    ).properties(title="Where the money goes: amortized hardware + energy vs renting", width=charts.WIDTH, height=140)


def chart_days(df: pd.DataFrame, n_chosen: float, days_chosen: float):
    """Days against accelerator count per accelerator type (log-log), the reader's point marked."""
    import altair as alt

    from . import charts

    lines = charts.line_chart(df, x="n_accelerators", y="days", color="accelerator", color_title="accelerator",
                              x_title="accelerators in the cluster", y_title="training time (days)",
                              log_x=True, log_y=True, title="How long the budget takes, by cluster size and chip")
    mark = alt.Chart(pd.DataFrame({"n_accelerators": [n_chosen], "days": [days_chosen]})).mark_point(
        shape="diamond", size=200, color="black", filled=True).encode(
        x="n_accelerators:Q", y="days:Q",
        tooltip=[alt.Tooltip("n_accelerators:Q", format=",.0f"), alt.Tooltip("days:Q", format=",.1f")])
    return lines + mark


def chart_power(refs: pd.DataFrame):
    """Peak facility power (MW, log scale) against published clusters and 2030 campuses."""
    import altair as alt

    from . import charts

    return alt.Chart(refs).mark_bar().encode(
        y=alt.Y("what:N", title=None, sort=None),
        x=alt.X("power_mw:Q", scale=charts.log_scale(domain=[1, 1e4], clamp=True),
                axis=charts.log_axis("peak facility power (MW)")),
        x2=alt.X2(datum=1),
        color=alt.condition(alt.datum.source == "this page's parameters", alt.value(charts.PALETTE[5]),
                            alt.value(charts.PALETTE[0])),
        tooltip=["what:N", alt.Tooltip("power_mw:Q", format=",.1f", title="MW"), "source:N"],
    ).properties(title="Power capacity of training clusters (one convention: peak)", width=charts.WIDTH, height=200)


def checks_sentence(page: Page) -> str:
    """GPT-4 and Gemini Ultra on Epoch's inputs beside Epoch's published figures, and the model count."""
    g = page.reproduction.costs.set_index("system")
    pub = page.models.set_index("model")["training_compute_cost_2023_usd"]
    gpt4, gem = g.loc["GPT-4"], g.loc["Gemini 1.0 Ultra"]
    n, n_pub = page.fit.n, cost.COTTIER_2024_GROWTH.n_models
    return (f"GPT-4 comes out at {usd(gpt4['amortized_usd'])} amortized (Epoch's published figure: {usd(pub['GPT-4'])}) "
            f"and {usd(gpt4['cloud_usd'])} at cloud prices; Gemini 1.0 Ultra at {usd(gem['amortized_usd'])} amortized "
            f"(Epoch: {usd(pub['Gemini 1.0 Ultra'])}) and {usd(gem['cloud_usd'])} at cloud prices. The book costs {n} "
            f"models where the paper reports {n_pub}"
            + ("." if n == n_pub else "; which model makes the difference cannot be told from the data alone "
               "(Epoch's analysis code at the paper's commit is not part of the dataset)."))
