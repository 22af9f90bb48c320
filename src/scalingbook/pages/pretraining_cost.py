"""What the pretraining-cost chapter shows: the reader's run, Cottier et al. 2024 reproduced as
Epoch's code makes it (Epoch's frontier list, Epoch's price choices), the paper's "since 2016"
window beside it, the claims ledger's records, the charts and the sentences generated from numbers.

Formulas, fits and loaders live in :mod:`scalingbook.science.cost` and
:mod:`scalingbook.science.hardware`; this module assembles them for the page. :func:`build`
computes everything once per parameter set; :func:`claims` works at the claims' published
inputs only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..science import cost
from ..science import hardware as hw
from ..sources import tables as _data
from . import claims as cl
from . import format as fmt

CHAPTER = "pretraining-cost"

__all__ = [
    "CHAPTER",
    "Scenario",
    "scenario",
    "calculator_values",
    "Page",
    "build",
    "claims",
    "claims_scenario",
    "ARTICLE",
    "ARTICLE_SPLIT",
    "growth_table",
    "agreement_sentence",
    "window_sentence",
    "tie_sentence",
    "model_costs_table",
    "not_costed_table",
    "update_table",
    "split_table",
    "split_comparison_table",
    "own_vs_rent_sentence",
    "split_sentence",
    "growth_sentence",
    "update_sentence",
    "power_sentence",
    "price_sentence",
    "checks_sentence",
    "power_references",
    "rate_table",
    "rate_sentence",
    "frontier_chart",
    "breakdown_chart",
    "days_chart",
    "power_chart",
]

#: Where the popular claims this chapter checks come from: a widely shared article on training
#: costs, which the book quotes and checks row by row (its author and outlet are not recorded).
ARTICLE = "popular article on AI training costs (unattributed)"

#: The article's cost split, as shares of one run's amortized hardware + energy cost.
ARTICLE_SPLIT = {
    "AI accelerator chips": 0.46,
    "other server components": 0.30,
    "cluster interconnect": 0.18,
    "energy": 0.06,
}

#: Typical MFU of large published runs (about 30-50%; Epoch's median of 33 known values 37.5%).
TYPICAL_MFU = (0.30, 0.50)


# ----------------------------------------------------------------------------- the reader's run


@dataclass(frozen=True)
class Scenario:
    """A reader's run: the resolved budget, the server price used and how it was chosen, the
    amortization constants and the :class:`scalingbook.science.cost.TrainingRun`."""

    train_flops: float
    budget_basis: str
    server_price_usd: float
    price_basis: str
    parity: bool
    model: cost.AmortizationModel
    run: cost.TrainingRun
    accelerator: hw.Accelerator


def scenario(params: dict) -> Scenario:
    """The chapter's run from its validated parameters (``scalingbook.pages.params.PRETRAINING_COST``)."""
    c = cost.resolve_budget(params["train_flops"], params.get("n_params", 0.0), params.get("n_tokens", 0.0))
    basis = (
        f"6ND with N = {fmt.sci(params['n_params'])}, D = {fmt.sci(params['n_tokens'])}"
        if params.get("n_params", 0.0) > 0
        else "the train_flops parameter"
    )
    acc: Any = params["accelerator"]
    if acc == "custom":
        acc = hw.custom_accelerator(
            params["custom_peak_flops"],
            params["custom_tdp_watts"],
            params["custom_price_usd"],
            params.get("custom_precision", "bf16"),
        )
    if params.get("server_price_usd", 0.0) > 0:
        price, price_basis = float(params["server_price_usd"]), "the server_price_usd parameter"
    elif isinstance(acc, hw.Accelerator):
        price, price_basis = acc.server_price_usd, "the custom_price_usd parameter"
    else:
        price, price_basis = hw.server_price(acc)
    model = replace(
        cost.COTTIER_2024,
        price_performance_ooms_per_year=params.get("ooms_per_year", cost.COTTIER_2024.price_performance_ooms_per_year),
        interconnect_fraction=params.get("interconnect_fraction", cost.COTTIER_2024.interconnect_fraction),
    )
    days = params.get("training_days", 0.0)
    run = cost.training_run(
        c,
        acc,
        None if days > 0 else params["n_accelerators"],
        days=days if days > 0 else None,
        mfu=params["mfu"],
        usd_per_gpu_hour=params["usd_per_gpu_hour"],
        usd_per_kwh=params.get("usd_per_kwh", cost.US_INDUSTRIAL_USD_PER_KWH[2023]),
        pue=params.get("pue", cost.COTTIER_2024.pue_other),
        server_price_usd=price,
        hardware_age_years=params.get("hardware_age_years", 0.0),
        model=model,
    )
    return Scenario(c, basis, price, price_basis, "parity" in price_basis, model, run, hw.accelerator(acc))


def calculator_values(page: Page) -> dict:
    """The page's parameters for the live calculator, which knows the book's accelerators only:
    a custom accelerator's run starts the calculator on an H100 (the page says so)."""
    p = dict(page.params)
    if p["accelerator"] == "custom":
        p["accelerator"] = "H100"
    return p


@dataclass(frozen=True)
class Page:
    """Everything the chapter shows for one parameter set."""

    params: dict
    scenario: Scenario
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

    @property
    def window_fit(self) -> cost.GrowthFit:
        return self.reproduction.window_fit("amortized_usd")


@lru_cache(maxsize=1)
def _common() -> tuple:
    rep = cost.reproduce_cottier_2024()
    models = _data.read_table("frontier_models")
    book = cost.cost_book_models(models)
    both, fit = cost.frontier_update(rep, book)
    return rep, book, both, fit, models


@lru_cache(maxsize=8)
def _build(items: tuple) -> Page:
    params = dict(items)
    rep, book, both, fit, models = _common()
    return Page(params, scenario(params), rep, book, both, fit, models)


def build(params: dict) -> Page:
    """The chapter's :class:`Page` for validated ``params`` (cached per parameter set)."""
    return _build(tuple(sorted(params.items())))


# ----------------------------------------------------------------------------- tables


def _x(f: float) -> str:
    return f"{f:.2f}"


def growth_table(page: Page) -> pd.DataFrame:
    """The three growth fits on Epoch's list (the reproduction), the same fits inside the
    paper's "since 2016" window, the paper's figure, and the update beyond the paper."""
    pub = cost.COTTIER_2024_GROWTH
    rows = []
    for label, fits in (
        ("Epoch's list, no date window (as Epoch's code)", page.reproduction.fits),
        ("published 2016-2023 only (the paper's stated window)", page.reproduction.window_fits),
    ):
        for _, f in fits.iterrows():
            published = (
                f"{pub.factor_per_year:.1f}x per year (95% CI {pub.ci_low:.1f}-{pub.ci_high:.1f}), "
                f"{pub.n_models} models"
                if f["column"] == "amortized_usd"
                else "not printed"
            )
            rows.append(
                {
                    "approach": f["approach"],
                    "sample": label,
                    "models": int(f["n_models"]),
                    "book: x per year": _x(f["factor_per_year"]),
                    "book: 95% CI": f"{_x(f['ci_low'])}-{_x(f['ci_high'])}",
                    "Cottier et al. 2024": published,
                }
            )
    u = page.update_fit
    rows.append(
        {
            "approach": "amortized hardware + energy",
            "sample": "update beyond the paper: + 2024-25 models",
            "models": u.n,
            "book: x per year": _x(u.factor_per_year),
            "book: 95% CI": f"{_x(u.ci_low)}-{_x(u.ci_high)}",
            "Cottier et al. 2024": "(later than the paper's data)",
        }
    )
    return pd.DataFrame(rows)


def agreement_sentence(page: Page) -> str:
    """The paper's rule against Epoch's list, over the same dates, in words."""
    a = page.reproduction.agreement
    both = int((a["in_ours"] & a["in_epoch"]).sum())
    ours_only = a.loc[a["in_ours"] & ~a["in_epoch"], "system"].tolist()
    epoch_only = a.loc[a["in_epoch"] & ~a["in_ours"], "system"].tolist()
    first = pd.Timestamp(a["publication_date"].min())
    text = (
        f"From {first:%Y-%m-%d} (the first model of Epoch's list) to the end of 2023, the rule selects "
        f"{int(a['in_ours'].sum())} models and Epoch's list holds {int(a['in_epoch'].sum())}; {both} are in both"
    )
    if ours_only:
        text += "; only the rule's: " + ", ".join(ours_only)
    if epoch_only:
        text += "; only Epoch's: " + ", ".join(epoch_only)
    return text + ("." if ours_only or epoch_only else ": the rule and Epoch's list agree model for model.")


def window_sentence(page: Page) -> str:
    """Which costed models the paper's "since 2016" window drops and what that does to the fit."""
    rep = page.reproduction
    f, w = page.fit, page.window_fit
    out = rep.outside_window
    names = ", ".join(
        f"{r.system} ({r.publication_date:%Y-%m-%d}, {fmt.usd(r.amortized_usd)})" for r in out.itertuples()
    )
    if out.empty:
        return (
            f"Every costed model of Epoch's list falls inside the paper's window; the fit is "
            f"{_x(f.factor_per_year)}x per year either way."
        )
    move = "lowers" if w.factor_per_year < f.factor_per_year else "raises"
    return (
        f"Epoch's code applies no date window, so its {f.n} models include {names}. The paper's stated "
        f'"since 2016" window drops {"it" if len(out) == 1 else "them"}, which {move} the fit from '
        f"{_x(f.factor_per_year)}x to {_x(w.factor_per_year)}x per year (95% CI {_x(w.ci_low)}-{_x(w.ci_high)}) over "
        f"{w.n} models: "
        + (
            "the dropped early point sits below the trend's start, so keeping it steepens the line."
            if w.factor_per_year < f.factor_per_year
            else "the dropped point sits above the trend's start, so keeping it flattens the line."
        )
    )


def tie_sentence(page: Page) -> str:
    """The V100 price tie in Epoch's price table, and which price the reproduction follows."""
    tie = hw.EPOCH_PRICE_TIES["V100"][1]
    n = int(page.reproduction.costed["training_hardware"].fillna("").str.contains("V100").sum())
    return (
        f"One price is a tie: two V100 DGX prices share the date {tie}. The reproduction follows Epoch's "
        f"choice (Epoch's published GPT-3 figure, $2,056,969, needs it); the other price would make the {n} "
        "V100 models about 8% dearer."
    )


def model_costs_table(page: Page) -> pd.DataFrame:
    """The costed frontier models, 2023 USD by the three approaches ("n/a" where an approach has no price)."""
    c = page.reproduction.costed
    return pd.DataFrame(
        {
            "model": c["system"],
            "published": c["publication_date"].dt.strftime("%Y-%m-%d"),
            "hardware": c["training_hardware"],
            "chip-hours": c["chip_hours"].map(fmt.count),
            "amortized (2023 USD)": c["amortized_usd"].map(fmt.usd),
            "cloud (2023 USD)": c["cloud_usd"].map(fmt.usd),
            "acquisition (2023 USD)": c["acquisition_usd"].map(fmt.usd),
        }
    )


def not_costed_table(page: Page) -> pd.DataFrame:
    """Frontier models the amortized approach cannot cost, with the reason."""
    n = page.reproduction.not_costed
    return pd.DataFrame(
        {
            "model": n["system"],
            "published": n["publication_date"].dt.strftime("%Y-%m-%d"),
            "hardware in Epoch's table": n["training_hardware"].fillna("(none)"),
            "why": n["status"],
        }
    )


def update_table(page: Page) -> pd.DataFrame:
    """The book's 2024-25 rows: rank at release, the book's Epoch-method cost, or why none."""
    b = page.book_costs
    rank = b["system"].map(page.update.dropna(subset=["compute_rank"]).set_index("system")["compute_rank"])
    return pd.DataFrame(
        {
            "model": b["system"],
            "published": pd.to_datetime(b["publication_date"]).dt.strftime("%Y-%m-%d"),
            "rank by compute at release": rank.map(lambda r: "below 10th" if r != r else f"{int(r)}"),
            "amortized (2023 USD)": b["amortized_usd"].map(lambda x: "" if x != x else fmt.usd(x)),
            "in the update fit": np.where(b["amortized_usd"].notna() & rank.notna(), "yes", "no"),
            "note": np.where(
                b["status"] == "costed",
                "book's Epoch-method estimate",
                b["cost_label"].where(b["status"] == "not an amortized estimate", b["status"]),
            ),
        }
    )


def split_table(run: cost.TrainingRun) -> pd.DataFrame:
    """The run's amortized cost by component: USD and share (%), readable."""
    b = run.breakdown()
    return pd.DataFrame(
        {
            "component": b["component"],
            "cost": b["usd"].map(fmt.usd),
            "share of hardware + energy": b["share"].map(fmt.pct),
        }
    )


def _shares(rows: pd.DataFrame) -> np.ndarray:
    comps = rows[list(cost.TrainingRun.COMPONENTS)].to_numpy(float)
    return comps / comps.sum(axis=1, keepdims=True)


def split_comparison_table(page: Page) -> pd.DataFrame:
    """The article's 46/30/18/6 beside Inflection-2 (the paper's own H100 model), the mean over
    the reproduction's costed models (both by Epoch's code) and Llama 3.1-405B (later than the paper)."""
    c = page.reproduction.costed
    infl = _shares(c[c["system"] == "Inflection-2"])[0]
    mean = _shares(c).mean(axis=0)
    llama = _shares(page.book_costs[page.book_costs["system"] == "Llama 3.1-405B"])[0]
    labels = [cost.TrainingRun.LABELS[k] for k in cost.TrainingRun.COMPONENTS]
    return pd.DataFrame(
        {
            "component": labels,
            "the article": [fmt.pct(ARTICLE_SPLIT[k], 0) for k in labels],
            "Inflection-2 (H100, 2023)": [fmt.pct(x) for x in infl],
            f"mean of the {len(c)} models": [fmt.pct(x) for x in mean],
            "Llama 3.1-405B (H100, 2024)": [fmt.pct(x) for x in llama],
        }
    )


def rate_table(page: Page, rates: tuple[float, ...] = (0.07, 0.14, 0.28)) -> pd.DataFrame:
    """This page's run recomputed at other price-performance rates k (every other parameter of the
    page kept, hardware age, interconnect, PUE and electricity price included)."""
    rows = []
    for k in rates:
        r = scenario({**page.params, "ooms_per_year": k}).run
        rows.append(
            {
                "k (OOM per year)": f"{k:g}",
                "write-off r = k ln 10 (per year)": f"{k * math.log(10):.3f}",
                "hardware value at training start": fmt.usd(float(r.server_value_usd)),
                "amortized cost": fmt.usd(float(r.amortized_usd)),
                "_usd": float(r.amortized_usd),
            }
        )
    return pd.DataFrame(rows)


def rate_sentence(page: Page) -> str:
    """Why the amortized cost rises or falls with k on this page: cost ~ k 10^(-k age) + energy,
    which peaks at k = 1 / (age ln 10)."""
    age = float(page.params.get("hardware_age_years", 0.0))
    t = rate_table(page)
    up = t["_usd"].is_monotonic_increasing
    if age == 0:
        why = (
            "With new hardware (age 0) the write-off r = k ln 10 grows with k and nothing offsets it, so the "
            "hardware part of the cost is proportional to k; energy does not scale."
        )
    else:
        k_star = 1 / (age * math.log(10))
        why = (
            f"The hardware is {age:g} years old at training start, so its value has fallen by 10^(-k x {age:g}): "
            f"the hardware part scales as k 10^(-k x {age:g}), which rises up to k = 1/(age ln 10) = {k_star:.2f} "
            "and falls beyond it."
        )
    trend = "rises" if up else "falls" if t["_usd"].is_monotonic_decreasing else "rises, then falls"
    return f"Across these rates the page's amortized cost {trend}. " + why


# ----------------------------------------------------------------------------- sentences


def own_vs_rent_sentence(page: Page) -> str:
    """Which is cheaper per accelerator-hour on this page, and why the comparison is partial."""
    run, p = page.run, page.params
    own, rent = float(run.usd_per_accelerator_hour_amortized), float(p["usd_per_gpu_hour"])
    if own < rent:
        lead = (
            f"Owning comes out cheaper per hour here: {fmt.usd(own)} amortized against {fmt.usd(rent)} to rent, "
            "because the amortized figure counts only the hardware value this run uses up."
        )
    elif own > rent:
        lead = (
            f"Renting comes out cheaper per hour here: {fmt.usd(rent)} against {fmt.usd(own)} amortized, so at this "
            "rental price the owner's write-off and energy cost more than the rent."
        )
    else:
        lead = f"Owning and renting cost the same per hour here: {fmt.usd(own)}."
    return (
        lead + f" The owner also pays {fmt.usd(float(run.acquisition_usd))} up front for the cluster "
        "(servers and interconnect), and bears the idle time and the risk."
    )


def price_sentence(page: Page) -> str:
    """The server price the page uses and where it comes from; says so when it is the book's
    price-performance parity assumption rather than a published price."""
    s = page.scenario
    text = f"Server price per accelerator: {fmt.usd(s.server_price_usd)} ({s.price_basis})."
    if s.parity:
        text += (
            f" No published price for the {page.run.accelerator} is in Epoch's tables or the book's hardware "
            "table, so this is the book's assumption: the H100's price per FLOP/s. Newer chips usually cost "
            "less per FLOP/s, so it likely overstates the cost; set server_price_usd to use your own."
        )
    return text


def split_sentence(run: cost.TrainingRun) -> str:
    """The run's split in words, naming its accelerator (generated, never fixed)."""
    b = run.breakdown()
    parts = " / ".join(f"{100 * s:.0f}" for s in b["share"])
    return (
        f"This page's {run.accelerator} run splits {parts} (chips / other server parts / interconnect / "
        "energy) as shares of its amortized hardware + energy cost."
    )


def growth_sentence(page: Page) -> str:
    """The reproduction beside the paper's figure, with the window variant."""
    f, w, pub = page.fit, page.window_fit, cost.COTTIER_2024_GROWTH
    same = (
        round(f.factor_per_year, 1) == pub.factor_per_year
        and (round(f.ci_low, 1), round(f.ci_high, 1)) == (pub.ci_low, pub.ci_high)
        and f.n == pub.n_models
    )
    lead = (
        f"On Epoch's inputs and Epoch's list the book finds {_x(f.factor_per_year)}x per year (95% CI "
        f"{_x(f.ci_low)}-{_x(f.ci_high)}) over {f.n} models"
    )
    lead += (
        f", which rounds to the paper's {pub.factor_per_year:.1f}x ({pub.ci_low:.1f}-{pub.ci_high:.1f}) over "
        f"{pub.n_models}."
        if same
        else f", against the paper's {pub.factor_per_year:g}x over {pub.n_models}."
    )
    return lead + (
        f" Inside the paper's stated 2016-2023 window the same method gives {_x(w.factor_per_year)}x over {w.n} models."
    )


def update_sentence(page: Page) -> str:
    u, f = page.update_fit, page.fit
    added = u.n - f.n
    direction = "steepens" if u.factor_per_year > f.factor_per_year else "flattens"
    return (
        f"Adding the {added} costed frontier models of 2024-25 from the book's table (an update beyond the "
        f"paper) {direction} the trend to {_x(u.factor_per_year)}x per year (95% CI {_x(u.ci_low)}-{_x(u.ci_high)})."
    )


def power_sentence(page: Page) -> str:
    run = page.run
    peak, avg = float(run.capacity_mw), float(run.power_mw)
    return (
        f"This run's cluster needs {fmt.megawatts(peak)} of facility capacity (peak: accelerators x TDP x server "
        f"ratio x PUE) and draws {fmt.megawatts(avg)} on average while training ({100 * avg / peak:.0f}% of peak)."
    )


def power_references(run: cost.TrainingRun, label: str = "your run") -> pd.DataFrame:
    """Peak facility power (MW) of ``run`` beside published clusters, all with one convention:
    accelerators x chip TDP x server/chip power x PUE (:func:`scalingbook.science.cost.facility_power_mw`, Epoch's
    ``cluster_power_capacity``). GPT-4 (25,000 A100), Llama 3.1-405B (16,384 H100, Meta, PUE 1.1),
    Grok-3 (100,000 H100) and the 1-5 GW single campuses Sevilla et al. 2024 expect by 2030,
    which are capacities too. The average draw during training is 0.75 of peak for GPUs."""
    clusters = [
        ("GPT-4 (25,000 A100)", "A100", 25_000, cost.COTTIER_2024.pue_other),
        ("Llama 3.1-405B (16,384 H100)", "H100", 16_384, cost.COTTIER_2024.pue_hyperscaler),
        ("Grok-3 (100,000 H100)", "H100", 100_000, cost.COTTIER_2024.pue_other),
    ]
    rows = [(label, float(np.sum(run.capacity_mw)), "this page's parameters")]
    for name, acc, n, pue in clusters:
        rows.append((name, float(cost.facility_power_mw(n, acc, pue)), "Epoch AI Notable AI Models; Epoch power model"))
    rows += [
        ("2030 campus, low (1 GW)", 1000.0, "Sevilla et al. 2024"),
        ("2030 campus, high (5 GW)", 5000.0, "Sevilla et al. 2024"),
    ]
    return pd.DataFrame(rows, columns=["what", "power_mw", "source"])


def checks_sentence(page: Page) -> str:
    """GPT-4 and Gemini Ultra on Epoch's inputs beside Epoch's published figures, and the model count."""
    g = page.reproduction.costs.set_index("system")
    pub = page.models.set_index("model")["training_compute_cost_2023_usd"]
    gpt4, gem = g.loc["GPT-4"], g.loc["Gemini 1.0 Ultra"]
    n, n_pub = page.fit.n, cost.COTTIER_2024_GROWTH.n_models
    return (
        f"GPT-4 comes out at {fmt.usd(gpt4['amortized_usd'])} amortized (Epoch's published figure: "
        f"{fmt.usd(pub['GPT-4'])}) and {fmt.usd(gpt4['cloud_usd'])} at cloud prices; Gemini 1.0 Ultra at "
        f"{fmt.usd(gem['amortized_usd'])} amortized (Epoch: {fmt.usd(pub['Gemini 1.0 Ultra'])}) and "
        f"{fmt.usd(gem['cloud_usd'])} at cloud prices. The book costs {n} models, "
        + ("as the paper reports." if n == n_pub else f"where the paper reports {n_pub}.")
    )


# ----------------------------------------------------------------------------- claims

_SECTION = "pretraining_cost"
_REPRO = f"{__name__}.claims"


def _one_sig_fig(x: float) -> tuple[float, float]:
    """The values that round to ``x`` at one significant figure (x = d x 10^e): [x - 0.05 x 10^(e+1) / ..., ...]."""
    e = math.floor(math.log10(x))
    step = 10.0**e
    lo = x - step / 2 if round(x / step) > 1 else x - step / 20
    return lo, x + step / 2


def _c(key: str, **kw: Any) -> cl.Claim:
    return cl.Claim(chapter=CHAPTER, key=key, section=kw.pop("section", _SECTION), check=kw.pop("check", _REPRO), **kw)


def claims() -> list[cl.Claim]:
    """The chapter's claims, each checked at its published inputs (never the reader's parameters)."""
    return list(_claims())


@lru_cache(maxsize=1)
def _claims() -> tuple[cl.Claim, ...]:
    rep, book, _, _, models = _common()
    a100, h100 = hw.accelerator("A100"), hw.accelerator("H100")
    g = rep.costs.set_index("system")
    pub_cost = models.set_index("model")["training_compute_cost_2023_usd"]
    gpt4_c = float(models.set_index("model").at["GPT-4", "training_compute_flop"])
    out: list[cl.Claim] = []

    # GPT-4 on 25,000 A100 for 90-100 days: consistent at which MFU?
    m_lo, m_hi = (float(x) for x in cost.implied_mfu(2e25, a100.peak_flops, 25_000, np.array([100.0, 90.0])))
    mfus = np.round(np.arange(0.20, 0.601, 0.01), 2)

    def gpt4_days(u: float) -> str:
        d = float(cost.training_seconds(2e25, a100.peak_flops, 25_000, u)) / 86_400
        return cl.grade(d, 90, 100)

    out.append(
        _c(
            "gpt4_cluster",
            claim="GPT-4: ~2e25 FLOP on ~25,000 A100 for 90-100 days",
            source="SemiAnalysis leak reporting, quoted by the article",
            inputs="2e25 FLOP; 25,000 A100 at 312 TFLOP/s",
            evidence="NVIDIA datasheet peak (Epoch's hardware table); t = C / (n peak MFU)",
            evidence_kind="book model",
            value=f"90-100 days imply MFU {fmt.pct(m_lo, 0)}-{fmt.pct(m_hi, 0)}",
            verdict="depends on an assumption",
            assumption="mfu (GPT-4's utilisation, not published)",
            readings=cl.readings_over(mfus, gpt4_days),
            literature="published large runs 30-50%; Epoch's median of 33 known values 37.5% (Cottier et al. 2024)",
            check="scalingbook.science.cost.training_seconds",
        )
    )

    gpt4 = g.loc["GPT-4"]
    lo, hi = float(pub_cost["GPT-4"]) * 0.995, float(pub_cost["GPT-4"]) * 1.005
    out.append(
        _c(
            "gpt4_amortized",
            claim="GPT-4 cost ~$40M amortized hardware + energy",
            source="cottier2024",
            inputs="Epoch's inputs: 25,000 A100 x 2,280 h, DGX A100 price, 2023 USD",
            evidence="training-cost-trends dataset at the paper's commit; Epoch's published $40.6M (Notable AI Models)",
            evidence_kind="dataset",
            value=fmt.usd(gpt4["amortized_usd"]),
            published=fmt.usd(pub_cost["GPT-4"]),
            tolerance="±0.5%",
            tolerance_source="the published figure's stated precision (3 significant figures)",
            verdict=cl.grade(gpt4["amortized_usd"], lo, hi),
            check="scalingbook.science.cost.reproduce_cottier_2024",
        )
    )
    out.append(
        _c(
            "gpt4_cloud",
            claim="GPT-4 cost ~$78M at cloud prices",
            source="cottier2024",
            inputs="57M A100-hours at Azure's 3-year price ($1.36/h, Jan. 2022)",
            evidence="training-cost-trends dataset at the paper's commit",
            evidence_kind="dataset",
            value=fmt.usd(gpt4["cloud_usd"]),
            published="$78 million",
            tolerance="$77.5-78.5 million",
            tolerance_source="rounding of the published $78M",
            verdict=cl.grade(gpt4["cloud_usd"], 77.5e6, 78.5e6),
            check="scalingbook.science.cost.reproduce_cottier_2024",
        )
    )
    ratio = h100.peak_flops / a100.peak_flops
    out.append(
        _c(
            "h100_vs_a100",
            claim="H100 ~3x A100",
            source=ARTICLE,
            inputs="dense BF16 peaks",
            evidence="NVIDIA datasheets via Epoch's hardware table: 989.4 vs 312 TFLOP/s",
            evidence_kind="published table",
            value=f"{ratio:.2f}x peak",
            published="3x",
            tolerance="2.5-3.5x",
            tolerance_source="rounding of '~3x'",
            verdict=cl.grade(ratio, 2.5, 3.5),
            check="scalingbook.science.hardware.accelerator",
        )
    )

    # 100x GPT-4 on 800k H100 "for months"; 1e27 FLOP needs 200k GPUs: at the article's own MFU
    c100 = 100 * gpt4_c

    def months_at(u: float) -> str:
        d = float(cost.training_seconds(c100, h100.peak_flops, 800_000, u)) / 86_400
        return "reproduces" if 30 <= d <= 365 else "does not reproduce"

    d_art = float(cost.training_seconds(c100, h100.peak_flops, 800_000, m_lo)) / 86_400
    out.append(
        _c(
            "h100_800k",
            claim="100x GPT-4 needs ~800k H100 for months",
            source=ARTICLE,
            inputs=f"{fmt.flop(c100)} FLOP (100 x Epoch's GPT-4), 800,000 H100",
            evidence="t = C / (n peak MFU) at GPT-4's implied MFU",
            evidence_kind="book model",
            value=f"{fmt.duration_days(d_art)} at MFU {fmt.pct(m_lo, 0)} (GPT-4's implied)",
            verdict="depends on an assumption",
            assumption="mfu (the run's utilisation)",
            readings=cl.readings_over(mfus, months_at),
            literature=f"GPT-4's implied {fmt.pct(m_lo, 0)}-{fmt.pct(m_hi, 0)}; Epoch's median 37.5%",
            note="'months' holds (1-12 months) at every MFU from 20% to 60%.",
            check="scalingbook.science.cost.training_seconds",
        )
    )
    run_days = np.arange(30.0, 366.0, 5.0)

    def n_at(days: float) -> str:
        n = float(cost.accelerators_needed(1e27, h100.peak_flops, days, m_lo))
        return "reproduces" if n >= 2e5 else "does not reproduce"

    n_art = float(cost.accelerators_needed(1e27, h100.peak_flops, 95.0, m_lo))
    out.append(
        _c(
            "gpu_1e27",
            claim="a 1e27 FLOP run needs at least 200,000 GPUs",
            source=ARTICLE,
            inputs=f"1e27 FLOP on H100 at GPT-4's implied MFU {fmt.pct(m_lo, 0)}",
            evidence="n = C / (t peak MFU)",
            evidence_kind="book model",
            value=f"{fmt.count(math.ceil(n_art))} H100 for a 95-day run (GPT-4's)",
            verdict="depends on an assumption",
            assumption="run_days (the run's length)",
            readings=cl.readings_over(run_days, n_at),
            literature="GPT-4 90-100 days (leak reporting); Grok-3 about 100 days (Epoch AI)",
            check="scalingbook.science.cost.accelerators_needed",
        )
    )

    laptop_flops = np.logspace(11, 13.5, 26)

    def laptop_at(x: float) -> str:
        return cl.grade(1e27 / x / cost.SECONDS_PER_YEAR, 25e6, 35e6)

    out.append(
        _c(
            "laptop",
            claim="1e27 FLOP = a laptop running 30M years",
            source=ARTICLE,
            inputs="1e27 FLOP",
            evidence="years = 1e27 / (laptop FLOP/s x seconds per year)",
            evidence_kind="book model",
            value=f"30M years means a laptop sustaining {1e27 / (30e6 * cost.SECONDS_PER_YEAR) / 1e12:.2f} TFLOP/s",
            verdict="depends on an assumption",
            assumption="laptop_flops (sustained FLOP/s of a laptop)",
            readings=cl.readings_over(laptop_flops, laptop_at),
            check="scalingbook.science.cost.SECONDS_PER_YEAR",
            literature="no laptop figure is sourced in the book",
        )
    )
    gpt2 = float(models.set_index("model").at["GPT-2 (1.5B)", "training_compute_flop"])
    lo, hi = _one_sig_fig(1e6)
    out.append(
        _c(
            "gpt2_million",
            claim="1e27 FLOP = GPT-2's run a million times",
            source=ARTICLE,
            inputs=f"GPT-2 (1.5B): {fmt.flop(gpt2, 3)} FLOP",
            evidence="Epoch AI Notable AI Models (training compute of GPT-2)",
            evidence_kind="published table",
            value=f"{fmt.sci(1e27 / gpt2, 2)} GPT-2 runs",
            published="1,000,000",
            tolerance=f"{fmt.sci(lo, 2)}-{fmt.sci(hi, 2)}",
            tolerance_source="values that round to 'a million' at one significant figure",
            verdict=cl.grade(1e27 / gpt2, lo, hi),
            check="scalingbook.sources.tables.read_table",
        )
    )
    inf_ratio = 0.44 / (1 - 0.44) * 3
    out.append(
        _c(
            "inference_44",
            claim="44% of compute goes to inference",
            source=ARTICLE,
            inputs="inference 2N per token, training 6N per token",
            evidence="",
            evidence_kind="none",
            value=f"holds if inference tokens are {inf_ratio:.2f}x the training tokens",
            verdict="not checkable",
            missing="a published measurement of any lab's inference and training compute",
            check="",
        )
    )
    out.append(
        _c(
            "capacity_growth",
            claim="a 100x larger model every 2 years needs 10x capacity a year; every 3 years about 5x",
            source=ARTICLE,
            inputs="100x per 2 or 3 years",
            evidence="arithmetic: 100^(1/2), 100^(1/3)",
            evidence_kind="published text",
            value=f"{100**0.5:.1f}x; {100 ** (1 / 3):.2f}x",
            published="10x; about 5x",
            tolerance="4.5-5.5x for 'about 5x'",
            tolerance_source="rounding of 'about 5x'",
            verdict=cl.grade(100 ** (1 / 3), 4.5, 5.5) if abs(100**0.5 - 10) < 1e-9 else "does not reproduce",
            check=_REPRO,
        )
    )

    fits = rep.fits.set_index("column")
    am, clf = fits.loc["amortized_usd"], fits.loc["cloud_usd"]
    out.append(
        _c(
            "cloud_rate",
            claim="cloud cost grows at about the same rate",
            source="cottier2024",
            inputs="the paper's frontier models, Epoch's inputs",
            evidence="training-cost-trends dataset at the paper's commit",
            evidence_kind="dataset",
            value=f"cloud {_x(clf['factor_per_year'])}x ({int(clf['n_models'])} models) vs amortized "
            f"{_x(am['factor_per_year'])}x ({int(am['n_models'])})",
            published="about the same rate",
            tolerance=f"the amortized 95% CI {_x(am['ci_low'])}-{_x(am['ci_high'])}",
            tolerance_source="the paper's own 95% CI on the amortized rate",
            verdict=cl.grade(clf["factor_per_year"], am["ci_low"], am["ci_high"]),
            check="scalingbook.science.cost.growth_fits",
        )
    )
    ok = rep.costed.dropna(subset=["cloud_usd"])
    spread = float(np.exp(np.median(np.abs(np.log(ok["cloud_usd"] / ok["amortized_usd"])))))
    out.append(
        _c(
            "band_3x",
            claim="the uncertainty band is about 3x",
            source=ARTICLE,
            inputs="cloud vs amortized cost of the same frontier models (the claim read as the spread of the approaches)",
            evidence="training-cost-trends dataset at the paper's commit",
            evidence_kind="dataset",
            value=f"median factor {spread:.1f}x over {len(ok)} models",
            published="about 3x",
            tolerance="2.5-3.5x",
            tolerance_source="rounding of 'about 3x'",
            verdict=cl.grade(spread, 2.5, 3.5),
            check="scalingbook.science.cost.reproduce_cottier_2024",
        )
    )
    f, w, pub = rep.fit(), rep.window_fit(), cost.COTTIER_2024_GROWTH
    out.append(
        _c(
            "growth_24",
            claim="frontier training cost grows 2.4x per year (95% CI 2.0-3.1)",
            source="cottier2024",
            inputs="Epoch's list (no date window) and Epoch's inputs at the paper's commit",
            evidence="training-cost-trends dataset at the paper's commit",
            evidence_kind="dataset",
            value=f"{_x(f.factor_per_year)}x ({_x(f.ci_low)}-{_x(f.ci_high)}), {f.n} models; since 2016: "
            f"{_x(w.factor_per_year)}x, {w.n} models",
            published=f"{pub.factor_per_year:g}x ({pub.ci_low:g}-{pub.ci_high:g}), {pub.n_models} models",
            tolerance="2.35-2.45x",
            tolerance_source="rounding of the published 2.4x",
            verdict=cl.grade(f.factor_per_year, 2.35, 2.45),
            check="scalingbook.science.cost.reproduce_cottier_2024",
        )
    )
    out.append(
        _c(
            "growth_since_2016",
            claim="2.4x per year since 2016",
            source="cottier2024",
            inputs="the same models, published 2016-2023 only (the paper's stated window)",
            evidence="training-cost-trends dataset at the paper's commit",
            evidence_kind="dataset",
            value=f"{_x(w.factor_per_year)}x ({_x(w.ci_low)}-{_x(w.ci_high)}), {w.n} models",
            published="2.4x (2.0-3.1)",
            tolerance="2.35-2.45x",
            tolerance_source="rounding of the published 2.4x",
            verdict=cl.grade(w.factor_per_year, 2.35, 2.45),
            check="scalingbook.science.cost.reproduce_cottier_2024",
            note="Epoch's code includes DeepSpeech2 (2015-12-08); the window drops it.",
        )
    )
    mid_hw, mid_staff = 0.60, 0.40
    out.append(
        _c(
            "dev_shares",
            claim="hardware + energy 50-70% and staff 30-50% of development cost",
            source=ARTICLE,
            inputs="GPT-4 and Gemini Ultra development cost",
            evidence="Cottier et al. 2024 (Epoch summary): hardware 47-67% (energy 2-6%), R&D staff 29-49%",
            evidence_kind="published text",
            value="article midpoints 60% and 40%",
            published="47-67% and 29-49%",
            tolerance="the published ranges",
            tolerance_source="Cottier et al. 2024's stated ranges",
            verdict=max(
                (
                    cl.grade(mid_hw, *cost.COTTIER_2024_HARDWARE_SHARE),
                    cl.grade(mid_staff, *cost.COTTIER_2024_STAFF_SHARE),
                ),
                key=cl.MEASURED.index,
            ),
            check=_REPRO,
        )
    )
    c = rep.costed
    infl = _shares(c[c["system"] == "Inflection-2"])[0]
    mean = _shares(c).mean(axis=0)
    art = np.array(list(ARTICLE_SPLIT.values()))
    worst = float(np.max(np.abs(infl - art)))
    out.append(
        _c(
            "split_46",
            claim="cost split 46% chips / 30% servers / 18% interconnect / 6% energy",
            source=ARTICLE,
            inputs="shares of one run's amortized hardware + energy (not of development cost)",
            evidence="training-cost-trends dataset at the paper's commit: Inflection-2, the paper's H100 model",
            evidence_kind="dataset",
            value="Inflection-2 "
            + " / ".join(f"{100 * x:.1f}" for x in infl)
            + f"; mean of {len(c)} models "
            + " / ".join(f"{100 * x:.1f}" for x in mean),
            published="46 / 30 / 18 / 6",
            tolerance="±0.5 points per share",
            tolerance_source="rounding to whole percent",
            verdict=cl.grade(worst, 0.0, 0.005),
            check="scalingbook.pages.pretraining_cost.split_comparison_table",
            note="As shares of development cost (staff included) Cottier et al. give servers 15-22%, interconnect "
            "9-13%, energy 2-6%: that denominator does not fit the split.",
        )
    )
    y16 = c[(c["publication_date"].dt.year == 2016) & c["acquisition_usd"].notna()]
    low16 = y16.loc[y16["acquisition_usd"].idxmin()]
    top = c.loc[c["acquisition_usd"].idxmax()]
    lo1, hi1 = _one_sig_fig(1e4)
    lo2, hi2 = _one_sig_fig(5e8)
    out.append(
        _c(
            "capital_10k_500m",
            claim="upfront capital rose from $10K in 2016 to $500M today",
            source=ARTICLE,
            inputs="hardware acquisition cost of the paper's frontier models",
            evidence="training-cost-trends dataset at the paper's commit",
            evidence_kind="dataset",
            value=f"2016 cheapest: {low16['system']} {fmt.usd(low16['acquisition_usd'])}; largest: {top['system']} "
            f"{fmt.usd(top['acquisition_usd'])}",
            published="$10K; $500M",
            tolerance="values rounding to $10K and $500M at one significant figure",
            tolerance_source="rounding of the article's figures",
            verdict=max(
                (cl.grade(low16["acquisition_usd"], lo1, hi1), cl.grade(top["acquisition_usd"], lo2, hi2)),
                key=cl.MEASURED.index,
            ),
            check="scalingbook.science.cost.reproduce_cottier_2024",
        )
    )
    price, _ = hw.server_price("H100")
    cluster = 100_000 * price / (1 - cost.COTTIER_2024.interconnect_fraction)
    out.append(
        _c(
            "cluster_100k",
            claim="a 100K-H100 cluster costs about $5B",
            source=ARTICLE,
            inputs=f"100,000 H100 at Epoch's {fmt.usd(price)} per GPU (DGX H100) + 19% interconnect",
            evidence="Epoch's price table (training-cost-trends)",
            evidence_kind="dataset",
            value=fmt.usd(cluster),
            published="about $5 billion",
            tolerance="$4.5-5.5 billion",
            tolerance_source="rounding of 'about $5B'",
            verdict=cl.grade(cluster, 4.5e9, 5.5e9),
            check="scalingbook.science.hardware.server_price",
        )
    )
    per_gw = 1e9 / (h100.tdp_watts * h100.chip_to_server_power * cost.COTTIER_2024.pue_other)
    gw1 = per_gw * price / (1 - cost.COTTIER_2024.interconnect_fraction)
    out.append(
        _c(
            "campus_cost",
            claim="the next systems cost $25-40B at about 1 GW, then $100-150B at about 5 GW",
            source=ARTICLE,
            inputs="H100 clusters at Epoch's price, peak power per GPU at PUE 1.25",
            evidence="Epoch's price table and power ratios",
            evidence_kind="dataset",
            value=f"1 GW = {fmt.count(per_gw)} H100: {fmt.usd(gw1)}; 5 GW: {fmt.usd(5 * gw1)}",
            published="$25-40B; $100-150B",
            tolerance="the stated ranges",
            tolerance_source="the article's ranges",
            verdict=max((cl.grade(gw1, 25e9, 40e9), cl.grade(5 * gw1, 100e9, 150e9)), key=cl.MEASURED.index),
            check="scalingbook.science.cost.facility_power_mw",
        )
    )
    return tuple(out)


def claims_scenario(page: Page) -> dict[str, str]:
    """What the reader's parameters give for the claims that a run's parameters touch (the table's
    last column; it never changes a verdict)."""
    p, run = page.params, page.run
    acc = page.scenario.accelerator
    c100 = 100 * float(page.models.set_index("model").at["GPT-4", "training_compute_flop"])
    d = float(cost.training_seconds(c100, acc.peak_flops, 800_000, p["mfu"])) / 86_400
    n = float(cost.accelerators_needed(1e27, acc.peak_flops, 100.0, p["mfu"]))
    gpt4_days = float(cost.training_seconds(2e25, hw.accelerator("A100").peak_flops, 25_000, p["mfu"])) / 86_400
    return {
        "gpt4_cluster": f"{fmt.duration_days(gpt4_days)} at MFU {fmt.pct(p['mfu'], 0)}",
        "gpt4_cloud": f"{fmt.usd(57e6 * p['usd_per_gpu_hour'])} at {fmt.usd(p['usd_per_gpu_hour'])}/h",
        "h100_800k": f"{fmt.duration_days(d)} on 800,000 {acc.name} at MFU {fmt.pct(p['mfu'], 0)}",
        "gpu_1e27": f"{fmt.count(math.ceil(n))} {acc.name} for 100 days at MFU {fmt.pct(p['mfu'], 0)}",
        "split_46": split_sentence(run).replace("This page's ", "").split(" (")[0],
        "cluster_100k": f"{fmt.usd(100_000 * page.scenario.server_price_usd / (1 - p['interconnect_fraction']))} for "
        f"100,000 {run.accelerator}",
    }


# ----------------------------------------------------------------------------- charts


def frontier_chart(page: Page):
    """Amortized cost of the paper's frontier models (and the 2024-25 update) with both trends."""
    from . import charts
    from . import vegalite as alt

    both = page.update[page.update["amortized_usd"].notna()].copy()
    both["year"] = np.asarray(cost.epoch_decimal_year(both["publication_date"].to_numpy()), dtype=float)
    pts = both[["system", "year", "amortized_usd", "sample"]].rename(columns={"system": "model"})
    lines = []
    for label, fit, sub in (
        ("Cottier et al. 2024 sample", page.fit, pts[pts["sample"] == "Cottier et al. 2024"]),
        ("with the 2024-25 update", page.update_fit, pts),
    ):
        yrs = np.linspace(sub["year"].min(), sub["year"].max(), 50)
        lo, hi = fit.band(yrs)
        lines.append(
            pd.DataFrame(
                {
                    "year": yrs,
                    "trend": fit.predict(yrs),
                    "low": lo,
                    "high": hi,
                    "fit": f"{label}: {fit.factor_per_year:.2f}x/yr",
                }
            )
        )
    trend = pd.concat(lines, ignore_index=True)
    y_scale = charts.log_scale()
    first, last = int(math.floor(pts["year"].min())), int(math.ceil(pts["year"].max()))
    x = alt.X(
        "year:Q",
        title="publication date (year)",
        scale=alt.Scale(zero=False, domain=[first, last]),
        axis=alt.Axis(format="d", values=list(range(first, last + 1)), labelAngle=0, labelOverlap=True),
    )
    band = (
        alt.Chart(trend)
        .mark_area(opacity=0.15)
        .encode(
            x=x,
            y=alt.Y("low:Q", scale=y_scale, axis=charts.log_axis("amortized training cost (2023 USD)")),
            y2="high:Q",
            color=alt.Color("fit:N", title="OLS trend (95% CI)", scale=alt.Scale(range=charts.PALETTE[:2])),
        )
    )
    line = alt.Chart(trend).mark_line().encode(x=x, y=alt.Y("trend:Q", scale=y_scale), color="fit:N")
    points = (
        alt.Chart(pts)
        .mark_point(size=60, filled=True)
        .encode(
            x=x,
            y=alt.Y("amortized_usd:Q", scale=y_scale),
            shape=alt.Shape("sample:N", title="models"),
            tooltip=[
                "model:N",
                alt.Tooltip("amortized_usd:Q", format="$,.3s", title="cost (2023 USD)"),
                "sample:N",
                alt.Tooltip("year:Q", format=".2f"),
            ],
        )
    )
    f = page.fit
    title = alt.TitleParams(
        f"Frontier training cost on Epoch's inputs: {f.factor_per_year:.2f}x per year ({f.n} models)",
        subtitle=[
            f"Amortized hardware + energy, 2023 USD, log scale; shaded: 95% CI of each OLS trend "
            f"({f.ci_low:.2f}-{f.ci_high:.2f}x for Epoch's list)."
        ],
    )
    return (
        (band + line + points)
        .properties(title=title, width=charts.WIDTH, height=charts.HEIGHT)
        .configure_legend(orient="bottom", direction="vertical", labelLimit=0, titleLimit=0)
    )


def breakdown_chart(run: cost.TrainingRun):
    """The run's amortized cost by component, with its cloud cost beside it (USD)."""
    from . import charts
    from . import vegalite as alt

    b = run.breakdown().assign(kind="amortized (Epoch method)")
    cloud = pd.DataFrame(
        {"component": ["cloud rental"], "usd": [float(np.sum(run.cloud_usd))], "share": [np.nan], "kind": ["cloud"]}
    )
    df = pd.concat([b, cloud], ignore_index=True)
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("kind:N", title=None),
            x=alt.X("usd:Q", title="cost of the run (USD)", axis=alt.Axis(format="$,.2s")),
            color=alt.Color("component:N", title="component", sort=list(df["component"])),
            order=alt.Order("share:Q", sort="descending"),
            tooltip=["component:N", alt.Tooltip("usd:Q", format="$,.3s"), alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(
            title=alt.TitleParams(
                "Where the money goes: amortized hardware + energy vs renting",
                subtitle=["This page's run, USD; bars split by cost component."],
            ),
            width=charts.WIDTH,
            height=140,
        )
        .configure_legend(orient="bottom", direction="vertical", labelLimit=0)
    )


def days_chart(df: pd.DataFrame, n_chosen: float, days_chosen: float):
    """Days against accelerator count per accelerator type (log-log), the reader's point marked."""
    from . import charts
    from . import vegalite as alt

    lines = charts.line_chart(
        df,
        x="n_accelerators",
        y="days",
        color="accelerator",
        color_title="accelerator",
        x_title="accelerators in the cluster",
        y_title="training time (days)",
        log_x=True,
        log_y=True,
        title="How long the budget takes, by cluster size and chip",
    )
    mark = (
        alt.Chart(pd.DataFrame({"n_accelerators": [n_chosen], "days": [days_chosen]}))
        .mark_point(shape="diamond", size=200, color="black", filled=True)
        .encode(
            x="n_accelerators:Q",
            y="days:Q",
            tooltip=[alt.Tooltip("n_accelerators:Q", format=",.0f"), alt.Tooltip("days:Q", format=",.1f")],
        )
    )
    return lines + mark


def power_chart(refs: pd.DataFrame):
    """Peak facility power (MW, log scale) against published clusters and 2030 campuses."""
    from . import charts
    from . import vegalite as alt

    return (
        alt.Chart(refs)
        .mark_bar()
        .encode(
            y=alt.Y("what:N", title=None, sort=None),
            x=alt.X(
                "power_mw:Q",
                scale=charts.log_scale(domain=[1, 1e4], clamp=True),
                axis=charts.log_axis("peak facility power (MW)"),
            ),
            x2=alt.X2(datum=1),
            color=alt.condition(
                alt.datum.source == "this page's parameters", alt.value(charts.PALETTE[5]), alt.value(charts.PALETTE[0])
            ),
            tooltip=["what:N", alt.Tooltip("power_mw:Q", format=",.1f", title="MW"), "source:N"],
        )
        .properties(
            title=alt.TitleParams(
                "Power capacity of training clusters (one convention: peak)",
                subtitle=["Accelerators x TDP x server ratio x PUE, MW, log scale; orange: this page's run."],
            ),
            width=charts.WIDTH,
            height=200,
        )
    )
