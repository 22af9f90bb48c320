"""What chapter 5 ("What does thinking longer buy?") shows: its page object, charts, generated
sentences and claims. The formulas live in :mod:`scalingbook.science.testtime`; this module only
assembles them for the page, computing each piece once (:class:`Page` caches every section, so
cells reuse work instead of recomputing it).

Two kinds of number appear on the page and are never mixed up. Measurements: OpenAI's four AIME
2024 points, Brown et al.'s printed coverage points, and the tokens per answer of Epoch AI's
Benchmarking Hub logs (the registry dataset ``llm-benchmark-efficiency``). And a teaching model: a
benchmark whose per-problem pass@1 follows Beta(``difficulty_alpha``, ``difficulty_beta``); every
headline drawn from it says "(simulated)".

Claims (:func:`claims`) are computed at their *published* inputs and the book's stated
assumptions, never at the reader's parameters; :func:`claims_scenario` fills the reader's column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..science import testtime as tt
from ..science.laws import chinchilla_law
from ..sources.tables import read_table
from . import claims as _claims
from . import format as fmt
from . import params as _params

CHAPTER = "test-time-compute"

__all__ = [
    "CHAPTER",
    "BOOK",
    "SIMULATED",
    "ORACLE",
    "VOTE",
    "VERIFIER",
    "LARGER",
    "COLOURS",
    "AIME_TASK",
    "O1_LOG_MODEL",
    "GPT4O_SNAPSHOT",
    "SNAPSHOT_PRICES",
    "SNELL_SIZE_RATIO",
    "SNELL_R",
    "AIME_TOKENS_HIGH",
    "TIE_POINTS",
    "k_grid",
    "Page",
    "build",
    "book_page",
    "benchmark_tokens",
    "claims",
    "claims_scenario",
    "estimator_chart",
    "tail_chart",
    "coverage_chart",
    "strategies_chart",
    "dollars_chart",
    "aime_chart",
    "cost_chart",
    "frontier_chart",
    "summary_sentence",
    "fit_sentence",
    "spread_sentence",
    "published_coverage_sentence",
    "o1_sentence",
    "cost_sentence",
    "snapshot_sentence",
    "frontier_sentence",
    "verifier_sentence",
    "snell_sentence",
    "published_coverage_table",
    "simulation_table",
    "aime_intervals_table",
    "tokens_table",
    "cost_table",
    "snell_table",
    "budget_table",
    "pass_at_k_table",
    "wilson_table",
    "matched_samples_table",
]

#: The book's assumptions for every verdict: the chapter's parameter defaults.
BOOK: dict[str, Any] = {p.name: p.default for p in _params.schema(CHAPTER)}
#: Every headline drawn from the Beta teaching benchmark carries this mark.
SIMULATED = "(simulated)"

ORACLE, VOTE, VERIFIER = tt.STRATEGIES
LARGER = "larger model, one sample"
#: One colour per series, the same in every chart of the chapter (Okabe & Ito palette).
COLOURS = {
    ORACLE: "#0072B2",
    VOTE: "#E69F00",
    VERIFIER: "#009E73",
    LARGER: "#CC79A7",
    "unbiased (Chen et al.)": "#0072B2",
    "plug-in 1-(1-c/n)^k": "#D55E00",
    "benchmark (Beta model, exact)": "#0072B2",
    "one problem of average difficulty": "#D55E00",
    "o1": "#000000",
    "gpt-4o": "#56B4E9",
}
FIT_COLOUR = "#999999"

#: The benchmark of Epoch AI's logs closest to AIME 2024: 45 AIME-style questions.
AIME_TASK = "OTIS Mock AIME 2024-2025"
#: The o1 run of Epoch AI's logs (the API's o1 at medium reasoning effort, its default).
O1_LOG_MODEL = "o1-2024-12-17_medium"
#: The GPT-4o snapshot priced beside o1's AIME 2024 numbers. OpenAI's post (2024-09-12) does not
#: name one; its 12% is read as the May-2024 model's, and the row's tokens and price are that
#: snapshot's too (one snapshot per row).
GPT4O_SNAPSHOT = "gpt-4o-2024-05-13"
#: List prices per snapshot (OpenAI's API pricing page).
SNAPSHOT_PRICES = {
    O1_LOG_MODEL: tt.O1_PRICE,
    "gpt-4o-2024-05-13": tt.GPT4O_MAY_PRICE,
    "gpt-4o-2024-08-06": tt.GPT4O_PRICE,
    "gpt-4o-2024-11-20": tt.GPT4O_PRICE,
}
#: Snell et al. 2024 compare against a roughly 14x larger model.
SNELL_SIZE_RATIO = 14
#: R = inference / pretraining tokens shown for Snell's accounting: much less, equal, much more.
SNELL_R = (0.1, 1.0, 10.0)
#: Vals.ai (2025): "more than 30,000 reasoning tokens for a single question is very common" on AIME.
AIME_TOKENS_HIGH = 30_000
#: logit_per_nat values the tie search and the claims' readings try (log-odds per nat).
TIE_POINTS = np.round(np.arange(0.0, 40.0001, 0.5), 2)
#: A difference smaller than this (in accuracy, a fraction) is shown as a tie: below the
#: precision of every number the page prints.
_TIE = 5e-4


def _recolour(chart, field_name: str, names: list[str]):
    """Fix a line chart's colours to :data:`COLOURS` for the series it shows."""
    from . import vegalite as alt

    return chart.encode(
        color=alt.Color(
            field_name,
            type="nominal",
            title=field_name,
            sort=names,
            scale=alt.Scale(domain=names, range=[COLOURS.get(n, FIT_COLOUR) for n in names]),
        )
    )


def k_grid(n_max: int, points: int = 25) -> np.ndarray:
    """Integer sample counts 1..n_max spread evenly on a log axis (at least 1 and n_max)."""
    return np.unique(np.concatenate([[1, n_max], np.logspace(0, np.log10(max(n_max, 1)), points).round()])).astype(int)


def benchmark_tokens() -> pd.DataFrame:
    """Epoch AI's logs (dataset ``llm-benchmark-efficiency``) for o1 and every GPT-4o snapshot:
    model, task, total_samples, output_tokens, output_tokens_per_sample, input_tokens_per_sample."""
    from ..sources.datasets import load_benchmark_efficiency

    logs = load_benchmark_efficiency()
    keep = logs["model"].isin([O1_LOG_MODEL]) | logs["model"].str.startswith("gpt-4o-2024")
    cols = ["model", "task", "total_samples", "output_tokens", "output_tokens_per_sample", "input_tokens_per_sample"]
    return logs.loc[keep, cols].sort_values(["task", "model"]).reset_index(drop=True)


def _log_tokens(model: str, task: str = AIME_TASK, column: str = "output_tokens_per_sample") -> float:
    t = benchmark_tokens()
    hit = t.loc[(t["model"] == model) & (t["task"] == task), column]
    if hit.empty:
        raise KeyError(f"Epoch AI's logs have no run of {model!r} on {task!r}")
    return float(hit.iloc[0])


@dataclass(eq=False)
class Page:
    """The chapter's numbers for one parameter set, each computed on first use and kept."""

    v: dict[str, Any]
    small: float = field(init=False)
    large: float = field(init=False)
    swapped: bool = field(init=False)

    def __post_init__(self) -> None:
        self.v = dict(self.v)
        small, large = float(self.v["small_params"]), float(self.v["large_params"])
        self.swapped = large < small
        self.small, self.large = (large, small) if self.swapped else (small, large)
        self.law = chinchilla_law(self.v["law"])

    # ------------------------------------------------------------------ the teaching benchmark
    @cached_property
    def bench(self) -> tt.Difficulty:
        return tt.Difficulty.beta(self.v["difficulty_alpha"], self.v["difficulty_beta"])

    @cached_property
    def ks(self) -> np.ndarray:
        return k_grid(int(self.v["n_samples"]))

    @cached_property
    def curves(self) -> pd.DataFrame:
        v = self.v
        return tt.strategy_curves(self.bench, self.ks, v["wrong_share"], v["verifier_fpr"], v["verifier_fnr"])

    @cached_property
    def at_k(self) -> pd.Series:
        last = self.curves[self.curves["samples"] == int(self.v["n_samples"])]
        return last.set_index("strategy")["accuracy"]

    # ------------------------------------------------------------------ coverage law
    @cached_property
    def fit(self) -> tt.CoverageFit:
        """Brown's law fitted to the teaching benchmark's coverage on k <= max(n_samples, 2)."""
        return tt.fit_beta_coverage(self.v["difficulty_alpha"], self.v["difficulty_beta"], int(self.v["n_samples"]))

    @cached_property
    def published_fits(self) -> list[tuple[tt.PublishedCoverage, tt.CoverageFit]]:
        """Brown's law fitted to every (k, coverage) point Brown et al. 2024 print, curve by curve."""
        return [(c, tt.fit_published_coverage(c)) for c in tt.BROWN_2024_COVERAGE]

    @property
    def fit_label(self) -> str:
        return f"fitted exp(a k^b) on k ≤ {fmt.count(self.fit.k_max)}"

    def coverage_table(self) -> pd.DataFrame:
        a_, b_ = self.v["difficulty_alpha"], self.v["difficulty_beta"]
        k_all = np.logspace(0, np.log10(100 * self.fit.k_max), 60)
        one = self.bench.mean_pass1
        rows = {
            "benchmark (Beta model, exact)": -np.log1p(-np.asarray(tt.beta_failure(a_, b_, k_all))),
            "one problem of average difficulty": -np.log1p(-np.exp(k_all * np.log1p(-min(one, 1 - 1e-16)))),
        }
        if np.isfinite(self.fit.a):
            rows[self.fit_label] = -self.fit.a * k_all**self.fit.b
        df = pd.DataFrame({"samples k": k_all, **rows}).melt("samples k", var_name="curve", value_name="-ln coverage")
        # below 1e-6 the single problem is solved for sure; drawing further would squash the axis
        df = df[np.isfinite(df["-ln coverage"]) & (df["-ln coverage"] > 1e-6)]
        df["coverage"] = -np.expm1(-df["-ln coverage"])
        return df

    # ------------------------------------------------------------------ voting
    @cached_property
    def share_voting_hurts(self) -> float:
        w = self.v["wrong_share"]
        return self.bench.share_below(w / (1 + w)) if w > 0 else 0.0

    # ------------------------------------------------------------------ cost of the teaching benchmark
    @cached_property
    def output_tokens(self) -> float:
        """o1's output tokens per answer used by the page: the reader's, or (0) Epoch AI's logs."""
        return float(self.v["output_tokens"]) or _log_tokens(O1_LOG_MODEL)

    @cached_property
    def token_ratio(self) -> float:
        """o1's output tokens per answer over GPT-4o's: the reader's, or (0) Epoch AI's logs."""
        return float(self.v["reasoning_token_ratio"]) or _log_tokens(O1_LOG_MODEL) / _log_tokens(GPT4O_SNAPSHOT)

    @cached_property
    def usd_per_sample(self) -> float:
        v = self.v
        return float(
            tt.sampling_cost_usd(v["prompt_tokens"], self.output_tokens, 1, v["usd_per_m_input"], v["usd_per_m_output"])
        )

    @cached_property
    def budget(self) -> dict[str, float]:
        k = int(tt.samples_within_budget(self.v["budget_usd"], self.usd_per_sample))
        v = self.v
        best = float(self.bench.best_of_n(max(k, 1), v["verifier_fpr"], v["verifier_fnr"])) if k >= 1 else 0.0
        cov = float(self.bench.coverage(k)) if k >= 1 else 0.0
        return {"samples": k, "best_of_n": best, "coverage": cov}

    # ------------------------------------------------------------------ o1 on AIME 2024
    @cached_property
    def aime(self) -> pd.DataFrame:
        df = read_table("o1_aime2024")
        lo, hi = tt.binomial_interval(df["accuracy"] * df["n_problems"], df["n_problems"])
        lo15, hi15 = tt.binomial_interval(df["accuracy"] * 15, 15)
        cp_lo, cp_hi = tt.binomial_interval(
            df["accuracy"] * df["n_problems"], df["n_problems"], method="clopper-pearson"
        )
        return df.assign(
            wilson_low=lo,
            wilson_high=hi,
            wilson15_low=lo15,
            wilson15_high=hi15,
            cp_low=cp_lo,
            cp_high=cp_hi,
            label=df["model"] + ", " + df["method"],
        )

    def o1_point(self, model: str, samples: int) -> float:
        a = self.aime
        return float(a.loc[(a["model"] == model) & (a["samples"] == samples), "accuracy"].iloc[0])

    @cached_property
    def calibration(self) -> tt.Calibration | None:
        """Beta matched to o1's published pass@1 (74%) and cons@64 (83%) under the reader's
        wrong_share; None if no Beta of that mean reaches 83% under it."""
        try:
            return tt.calibrate_beta_cached(
                self.o1_point("o1", 1), self.o1_point("o1", 64), 64, float(self.v["wrong_share"])
            )
        except ValueError:
            return None

    @cached_property
    def o1_bench(self) -> tt.Difficulty | None:
        c = self.calibration
        return None if c is None else tt.Difficulty.beta(c.alpha, c.beta)

    @cached_property
    def o1_curves(self) -> pd.DataFrame | None:
        if self.o1_bench is None:
            return None
        v = self.v
        return tt.strategy_curves(self.o1_bench, k_grid(1000), v["wrong_share"], v["verifier_fpr"], v["verifier_fnr"])

    @cached_property
    def o1_best_of_1000(self) -> float:
        c = self.o1_curves
        if c is None:
            return float("nan")
        return float(c.loc[(c["strategy"] == VERIFIER) & (c["samples"] == 1000), "accuracy"].iloc[0])

    @cached_property
    def o1_fpr_needed(self) -> float:
        """Largest false-positive rate (at the reader's fnr) reaching the published 93%."""
        if self.o1_bench is None:
            return float("nan")
        return tt.verifier_fpr_for(self.o1_bench, 1000, self.o1_point("o1", 1000), self.v["verifier_fnr"])

    # ------------------------------------------------------------------ o1's cost per solved problem
    def cost_per_solved(self, o1_tokens: Any) -> dict[str, np.ndarray]:
        """Dollars per solved AIME problem, one sample each: o1 writing ``o1_tokens`` output tokens
        per answer at the reader's prices (``usd_per_m_input``, ``usd_per_m_output``; defaults: o1's
        list price), GPT-4o (:data:`GPT4O_SNAPSHOT`, at its list price) writing ``token_ratio``
        times fewer; both read ``prompt_tokens``; accuracy 74% and 12% (OpenAI 2024a)."""
        v = self.v
        tok = np.asarray(o1_tokens, dtype=float)
        gp = SNAPSHOT_PRICES[GPT4O_SNAPSHOT]
        o1 = tt.sampling_cost_usd(v["prompt_tokens"], tok, 1, v["usd_per_m_input"], v["usd_per_m_output"])
        gpt = tt.sampling_cost_usd(
            v["prompt_tokens"], tok / self.token_ratio, 1, gp.usd_per_m_input, gp.usd_per_m_output
        )
        return {
            "o1": np.asarray(tt.cost_per_solved(o1, self.o1_point("o1", 1))),
            "gpt-4o": np.asarray(tt.cost_per_solved(gpt, self.o1_point("gpt-4o", 1))),
            "o1 per attempt": np.asarray(o1),
            "gpt-4o per attempt": np.asarray(gpt),
        }

    @cached_property
    def o1_cost(self) -> dict[str, float]:
        c = self.cost_per_solved(self.output_tokens)
        return {k: float(x) for k, x in c.items()} | {"ratio": float(c["o1"] / c["gpt-4o"])}

    # ------------------------------------------------------------------ a bigger model or more samples
    def _frontier(self, verifier_params: float) -> pd.DataFrame:
        v = self.v
        ratios = np.unique(np.logspace(0, 2, 25).round())
        return tt.flops_matched_frontier(
            self.bench,
            self.law,
            self.small,
            self.small * ratios,
            v["logit_per_nat"],
            v["wrong_share"],
            v["verifier_fpr"],
            v["verifier_fnr"],
            same_tokens=True,
            verifier_params=verifier_params,
        )

    @cached_property
    def frontier(self) -> pd.DataFrame:
        return self._frontier(0.0)

    def _mine(self, verifier_params: float) -> pd.Series:
        v = self.v
        # the vote is left out: the matched sample count reaches 1e8 at the parameter bounds
        return tt.flops_matched_frontier(
            self.bench,
            self.law,
            self.small,
            self.large,
            v["logit_per_nat"],
            v["wrong_share"],
            v["verifier_fpr"],
            v["verifier_fnr"],
            same_tokens=True,
            strategies=(ORACLE, VERIFIER),
            verifier_params=verifier_params,
        ).iloc[0]

    @cached_property
    def mine(self) -> pd.Series:
        return self._mine(0.0)

    @cached_property
    def mine_verified(self) -> pd.Series:
        return self._mine(float(self.v["verifier_params"]))

    @cached_property
    def margin(self) -> float:
        return float(self.mine[VERIFIER] - self.mine[LARGER])

    @cached_property
    def margin_verified(self) -> float:
        return float(self.mine_verified[VERIFIER] - self.mine_verified[LARGER])

    @cached_property
    def snell(self) -> pd.DataFrame:
        v = self.v
        rs = sorted(set(SNELL_R) | {float(v["inference_to_pretraining"])})
        return tt.snell_tradeoff(
            self.bench,
            self.law,
            self.small,
            SNELL_SIZE_RATIO,
            rs,
            v["logit_per_nat"],
            v["verifier_fpr"],
            v["verifier_fnr"],
        )

    @cached_property
    def gap14(self) -> float:
        return float(tt.loss_gap(self.law, self.small, SNELL_SIZE_RATIO * self.small, same_tokens=True))

    def logit_tie(self, verifier_params: float = 0.0) -> float:
        """logit_per_nat (on :data:`TIE_POINTS`) at which the 14x model (same tokens) first matches
        the small model's best-of-k on the whole benchmark, k = 14 generation-only or fewer when a
        reward model of ``verifier_params`` reads each sample; NaN if no slope up to 40 does."""
        k = max(
            int(np.floor(float(tt.verifier_matched_samples(SNELL_SIZE_RATIO, self.small, verifier_params)) + 1e-9)), 1
        )
        big = np.asarray(self.bench.shifted_mean_pass1(TIE_POINTS * self.gap14))
        small = float(self.bench.best_of_n(k, self.v["verifier_fpr"], self.v["verifier_fnr"]))
        hit = TIE_POINTS[big >= small]
        return float(hit[0]) if hit.size else float("nan")

    @cached_property
    def tie(self) -> float:
        return self.logit_tie(0.0)

    @cached_property
    def tie_verified(self) -> float:
        return self.logit_tie(float(self.v["verifier_params"]))

    # ------------------------------------------------------------------ exercises
    def vote_break_even(self) -> float:
        """Smallest wrong_share (steps of 0.05) at which a 64-sample vote falls below pass@1."""
        shares = np.linspace(0, 1, 21)
        vote64 = np.array([float(self.bench.vote(64, s)) for s in shares])
        worse = shares[vote64 < self.bench.mean_pass1]
        return float(worse[0]) if worse.size else float("nan")

    def verifier_break_even(self) -> float:
        """Largest reward-model size (parameters, on a log grid up to 100x the small model) at
        which the small model's verified best-of-k still leads the larger model at the reader's
        sizes; NaN if it never leads, +inf if it leads at every size tried."""
        sizes = self.small * np.logspace(-3, 2, 51)
        rows = [self._mine(s) for s in sizes]  # one frontier per size
        lead = np.array([float(r[VERIFIER] - r[LARGER]) for r in rows])
        if lead[0] <= _TIE:
            return float("nan")
        if np.all(lead > _TIE):
            return float("inf")
        return float(sizes[np.flatnonzero(lead <= _TIE)[0] - 1])


_PAGES: dict[tuple, Page] = {}


def build(params: Mapping[str, Any]) -> Page:
    """The :class:`Page` for a parameter set (one per distinct set, so the book's defaults are
    computed once even when the claims need them beside the reader's values)."""
    key = tuple(sorted((k, repr(v)) for k, v in dict(params).items()))
    if key not in _PAGES:
        _PAGES[key] = Page(dict(params))
    return _PAGES[key]


def book_page() -> Page:
    """The page at the book's assumptions (the parameter defaults)."""
    return build(BOOK)


# ====================================================================== tables


def simulation_table(pg: Page) -> pd.DataFrame:
    """The vote's closed form against an explicit simulation on 2,000 drawn problems."""
    rng = np.random.default_rng(int(pg.v["seed"]))
    p = pg.bench.sample(2000, rng)
    n_vote = int(min(pg.v["n_samples"], 64))
    w = pg.v["wrong_share"] * (1 - p)
    sim = float(np.mean(tt.simulate_plurality_vote(np.stack([p, w], axis=-1), n_vote, 200, rng)))
    exact = float(np.mean(tt.plurality_vote_accuracy(p, w, n_vote)))
    return pd.DataFrame(
        {
            "votes": [n_vote],
            "pass@1 of the drawn problems": [p.mean()],
            "vote accuracy, simulated": [sim],
            "vote accuracy, closed form": [exact],
            "standard error of the simulation": [np.sqrt(sim * (1 - sim) / (2000 * 200))],
        }
    )


def published_coverage_table(pg: Page) -> pd.DataFrame:
    """Every (k, coverage) point Brown et al. 2024 print, with the law fitted to each curve."""
    rows = []
    for c, f in pg.published_fits:
        rows.append(
            {
                "task": c.task,
                "model": c.model,
                "points": len(c.k),
                "samples k": ", ".join(fmt.count(k) for k in c.k),
                "coverage": ", ".join(fmt.pct(x, 2) for x in c.coverage),
                "a": fmt.readable_number(f.a),
                "b": fmt.readable_number(f.b),
                "largest miss (points)": fmt.readable_number(100 * f.max_error),
                "source": c.source,
            }
        )
    return pd.DataFrame(rows)


def aime_intervals_table(pg: Page) -> pd.DataFrame:
    a = pg.aime
    return pd.DataFrame(
        {
            "model and method": a["label"],
            "samples": a["samples"],
            "published": [fmt.pct(x) for x in a["accuracy"]],
            "Wilson 95%, 30 problems": [
                f"{fmt.pct(lo)}–{fmt.pct(h)}" for lo, h in zip(a["wilson_low"], a["wilson_high"])
            ],
            "Clopper-Pearson 95%, 30": [f"{fmt.pct(lo)}–{fmt.pct(h)}" for lo, h in zip(a["cp_low"], a["cp_high"])],
            "Wilson 95%, one exam (15)": [
                f"{fmt.pct(lo)}–{fmt.pct(h)}" for lo, h in zip(a["wilson15_low"], a["wilson15_high"])
            ],
        }
    )


def tokens_table() -> pd.DataFrame:
    """Output tokens per answer of o1 and every GPT-4o snapshot in Epoch AI's logs, by benchmark."""
    t = benchmark_tokens()
    wide = t.pivot_table(index="model", columns="task", values="output_tokens_per_sample").round(0)
    wide.columns.name = None
    return wide.reset_index().rename(columns={"model": "model (API snapshot)"})


def cost_table(pg: Page) -> pd.DataFrame:
    """One row per snapshot priced: tokens per answer, prices, accuracy, dollars per solved."""
    c, v = pg.o1_cost, pg.v
    gp = SNAPSHOT_PRICES[GPT4O_SNAPSHOT]
    o1_src = "your output_tokens" if v["output_tokens"] else f"Epoch AI's logs, {AIME_TASK}"
    gpt_src = "o1's ÷ your reasoning_token_ratio" if v["reasoning_token_ratio"] else f"Epoch AI's logs, {AIME_TASK}"
    return pd.DataFrame(
        {
            "model (snapshot)": [f"o1 ({O1_LOG_MODEL})", f"GPT-4o ({GPT4O_SNAPSHOT})"],
            "output tokens per answer": [fmt.count(pg.output_tokens), fmt.count(pg.output_tokens / pg.token_ratio)],
            "tokens from": [o1_src, gpt_src],
            "USD per M input / output": [
                f"{fmt.usd(v['usd_per_m_input'])} / {fmt.usd(v['usd_per_m_output'])}",
                f"{fmt.usd(gp.usd_per_m_input)} / {fmt.usd(gp.usd_per_m_output)}",
            ],
            "USD per attempt": [fmt.usd(c["o1 per attempt"]), fmt.usd(c["gpt-4o per attempt"])],
            "AIME 2024, one sample (OpenAI)": [fmt.pct(pg.o1_point("o1", 1), 0), fmt.pct(pg.o1_point("gpt-4o", 1), 0)],
            "USD per solved problem": [fmt.usd(c["o1"]), fmt.usd(c["gpt-4o"])],
        }
    )


def snell_table(pg: Page) -> pd.DataFrame:
    s = pg.snell
    wide = s.pivot_table(
        index=["level", "small model pass@1"], columns="accounting", values="small model, best of X", sort=False
    ).reset_index()
    big = s.groupby("level")["larger model, one sample"].first().to_numpy()
    wide.insert(2, f"{SNELL_SIZE_RATIO}× larger, one sample", big)
    wide.columns.name = None
    return wide


def budget_table(pg: Page) -> pd.DataFrame:
    """USD 1 per problem for o1 and GPT-4o (prices and tokens as in :func:`cost_table`), with the
    coverage each reaches on o1's calibrated benchmark and on that benchmark shifted down to
    GPT-4o's 12% pass@1 (the book's uniform log-odds shift)."""
    c = pg.cost_per_solved(pg.output_tokens)
    n_o1 = int(tt.samples_within_budget(1.0, float(c["o1 per attempt"])))
    n_gpt = int(tt.samples_within_budget(1.0, float(c["gpt-4o per attempt"])))
    models = [f"o1 ({O1_LOG_MODEL})", f"GPT-4o ({GPT4O_SNAPSHOT})"]
    if pg.o1_bench is None:
        return pd.DataFrame(
            {"model": models, "samples for USD 1": [n_o1, n_gpt], "coverage (simulated)": ["n/a", "n/a"]}
        )
    target = pg.o1_point("gpt-4o", 1)
    shift = tt.bisect_root(lambda s: float(pg.o1_bench.shifted_mean_pass1(s)) - target, -40.0, 0.0)
    gpt_bench = pg.o1_bench.shifted(shift)
    cov = [float(pg.o1_bench.coverage(n_o1)) if n_o1 else 0.0, float(gpt_bench.coverage(n_gpt)) if n_gpt else 0.0]
    return pd.DataFrame(
        {
            "model": models,
            "samples for USD 1": [fmt.count(n_o1), fmt.count(n_gpt)],
            "coverage (simulated)": [fmt.pct(x) for x in cov],
        }
    )


def pass_at_k_table(n: int, c: int, ks: list[int]) -> pd.DataFrame:
    """Unbiased and plug-in pass@k of one problem with c correct of n samples, at each k."""
    k = np.asarray(ks)
    return pd.DataFrame({"k": k, "unbiased": tt.pass_at_k(n, c, k), "plug-in": tt.pass_at_k_biased(n, c, k)})


def wilson_table(pg: Page) -> pd.DataFrame:
    """o1's consensus (83%) and re-ranking (93%) on 30 problems: problems solved, 95% Wilson
    intervals, and the two-proportion z statistic of their difference (pooled)."""
    a = pg.aime[pg.aime["model"] == "o1"].set_index("samples")
    x1, x2 = 30 * a.loc[64, "accuracy"], 30 * a.loc[1000, "accuracy"]
    pooled = (x1 + x2) / 60
    z = (x2 - x1) / 30 / np.sqrt(pooled * (1 - pooled) * 2 / 30)
    return pd.DataFrame(
        {
            "method": ["consensus of 64", "re-ranking 1,000"],
            "solved of 30": [fmt.readable_number(x1), fmt.readable_number(x2)],
            "Wilson 95%": [f"{fmt.pct(a.loc[s, 'wilson_low'])}–{fmt.pct(a.loc[s, 'wilson_high'])}" for s in (64, 1000)],
            "z of the difference": [fmt.readable_number(z), ""],
        }
    )


def matched_samples_table(size_ratio: float, rs: list[float]) -> pd.DataFrame:
    """Snell et al.'s X = M + 3 (M - 1) / R for one size ratio M and several R."""
    r = np.asarray(rs, dtype=float)
    return pd.DataFrame({"R": r, "samples X": np.atleast_1d(tt.pretraining_matched_samples(size_ratio, r))})


# ====================================================================== charts


def estimator_chart():
    """Chen et al.'s unbiased pass@k against the plug-in estimate, n = 200, c = 10."""
    from . import charts

    k = np.unique(np.logspace(0, np.log10(200), 40).round().astype(int))
    names = ["unbiased (Chen et al.)", "plug-in 1-(1-c/n)^k"]
    est = pd.DataFrame({"k": k, names[0]: tt.pass_at_k(200, 10, k), names[1]: tt.pass_at_k_biased(200, 10, k)})
    est = est.melt("k", var_name="estimator", value_name="pass@k")
    c = charts.line_chart(
        est,
        x="k",
        y="pass@k",
        color="estimator",
        x_title="samples allowed, k",
        log_x=True,
        y_title="estimated pass@k (probability)",
        title="Unbiased and plug-in pass@k for one problem, n = 200 samples, c = 10 correct",
    )
    return _recolour(c, "estimator", names)


def tail_chart(pg: Page):
    from . import charts

    a_, b_ = pg.v["difficulty_alpha"], pg.v["difficulty_beta"]
    x = np.logspace(-6, 0, 61)
    share = np.asarray(tt.beta_share_below(a_, b_, x))
    df = pd.DataFrame({"pass@1 below": x, "share of problems": share})
    df = df[df["share of problems"] > 0]
    return charts.line_chart(
        df,
        x="pass@1 below",
        y="share of problems",
        log_x=True,
        log_y=True,
        x_title="single-sample success probability p (threshold)",
        y_title="share of problems with p below it",
        title=f"Left tail of the teaching benchmark Beta({fmt.readable_number(a_)}, {fmt.readable_number(b_)}): "
        f"slope {fmt.readable_number(a_)} on log-log axes",
    )


def coverage_chart(pg: Page):
    from . import charts

    df = pg.coverage_table()
    names = [
        n
        for n in ("benchmark (Beta model, exact)", pg.fit_label, "one problem of average difficulty")
        if n in set(df["curve"])
    ]
    c = charts.line_chart(
        df,
        x="samples k",
        y="-ln coverage",
        color="curve",
        log_x=True,
        log_y=True,
        x_title="samples per problem, k",
        y_title="-ln(coverage), ≈ share unsolved",
        tooltip=["samples k", "coverage", "curve"],
        title="Coverage of the teaching benchmark (simulated): a power law, an exponential for one problem",
    )
    return _recolour(c, "curve", names)


def strategies_chart(
    curves: pd.DataFrame,
    *,
    x: str = "samples",
    x_title: str = "samples per problem, k",
    y_title: str = "accuracy (fraction of problems)",
    title: str = "What k samples buy on the teaching benchmark (simulated), by how the answer is chosen",
):
    from . import charts

    c = charts.line_chart(
        curves,
        x=x,
        y="accuracy",
        color="strategy",
        log_x=True,
        points=True,
        x_title=x_title,
        y_title=y_title,
        title=title,
    )
    return _recolour(c, "strategy", list(tt.STRATEGIES))


def dollars_chart(pg: Page):
    from . import vegalite as alt

    curves = pg.curves.assign(**{"USD per problem": pg.curves["samples"] * pg.usd_per_sample})
    line = strategies_chart(curves, x="USD per problem", x_title="spend per problem (US dollars)", title="")
    rule = (
        alt.Chart(pd.DataFrame({"budget (USD)": [pg.v["budget_usd"]]}))
        .mark_rule(strokeDash=[4, 4], color="#555")
        .encode(x="budget (USD):Q", tooltip=["budget (USD):Q"])
    )
    return (line + rule).properties(
        title="Accuracy against dollars per problem on the teaching benchmark (simulated); dashed: your budget"
    )


def aime_chart(pg: Page):
    """o1's calibrated curves with the four published AIME 2024 points, each labelled (labels
    placed apart so none overlaps another) and with its 95% Wilson interval over 30 problems."""
    from . import vegalite as alt

    pts = pg.aime.assign(short=["GPT-4o, 1 sample", "o1, 1 sample", "o1, vote of 64", "o1, re-rank 1,000"])
    marks = (
        alt.Chart(pts)
        .mark_point(size=110, filled=True, shape="diamond", color="#000")
        .encode(
            x="samples:Q",
            y="accuracy:Q",
            tooltip=["label", "samples", "accuracy", "wilson_low", "wilson_high", "source"],
        )
    )
    bars = alt.Chart(pts).mark_rule(color="#000").encode(x="samples:Q", y="wilson_low:Q", y2="wilson_high:Q")
    # one text layer per placement: below-right, above-left, below-left (nothing shares a spot)
    place = {
        "GPT-4o, 1 sample": ("left", 10, 0),
        "o1, 1 sample": ("left", 10, 16),
        "o1, vote of 64": ("right", -10, -14),
        "o1, re-rank 1,000": ("right", -10, 18),
    }
    text = None
    for name, (align, dx, dy) in place.items():
        layer = (
            alt.Chart(pts[pts["short"] == name])
            .mark_text(align=align, dx=dx, dy=dy, fontSize=11, color="#222")
            .encode(x="samples:Q", y="accuracy:Q", text="short:N")
        )
        text = layer if text is None else text + layer
    if pg.o1_curves is None:
        return (bars + marks + text).properties(
            title="OpenAI's AIME 2024 points with 95% intervals (no Beta reaches 83% under this wrong_share)"
        )
    curves = strategies_chart(pg.o1_curves, y_title="accuracy on AIME 2024 (fraction)", title="")
    return (curves + bars + marks + text).properties(
        title="A model calibrated to o1's pass@1 and consensus@64 (simulated); diamonds: OpenAI's points, 95% intervals"
    )


def cost_chart(pg: Page):
    """Dollars per solved AIME problem for o1 and GPT-4o over o1 output tokens per answer, with
    the logs' value, Vals.ai's AIME bound and the reader's value marked and labelled apart."""
    from . import charts
    from . import vegalite as alt

    lo = min(3.0, np.log10(pg.output_tokens) - 0.2)
    hi = max(6.0, np.log10(pg.output_tokens) + 0.2)
    tok = np.logspace(lo, hi, 41)
    c = pg.cost_per_solved(tok)
    df = pd.DataFrame({"o1 output tokens per answer": tok, "o1": c["o1"], "gpt-4o": c["gpt-4o"]}).melt(
        "o1 output tokens per answer", var_name="model", value_name="USD per solved problem"
    )
    line = _recolour(
        charts.line_chart(
            df,
            x="o1 output tokens per answer",
            y="USD per solved problem",
            color="model",
            log_x=True,
            log_y=True,
            x_title="o1 output tokens per answer (GPT-4o writes the token ratio fewer)",
            y_title="US dollars per solved AIME problem",
            title="",
        ),
        "model",
        ["o1", "gpt-4o"],
    )
    refs = [
        ("o1 on OTIS Mock AIME (Epoch AI)", _log_tokens(O1_LOG_MODEL)),
        ("AIME: >30,000 common (Vals.ai)", AIME_TOKENS_HIGH),
    ]
    if pg.v["output_tokens"]:
        refs.append(("your output_tokens", pg.output_tokens))
    # the reference token counts are rules named by their dash in a legend (text beside a rule ran
    # over the axis and over each other on a phone)
    d = pd.DataFrame({"o1 output tokens per answer": [x for _, x in refs], "reference": [n for n, _ in refs]})
    dashes = [[4, 4], [1, 3], [8, 3]][: len(refs)]
    rules = (
        alt.Chart(d)
        .mark_rule(color="#555", strokeWidth=1.5)
        .encode(
            x="o1 output tokens per answer:Q",
            strokeDash=alt.StrokeDash(
                "reference:N",
                sort=[n for n, _ in refs],
                scale=alt.Scale(domain=[n for n, _ in refs], range=dashes),
                legend=alt.Legend(title="reference token counts", orient="bottom", labelLimit=0),
            ),
            tooltip=["reference:N", "o1 output tokens per answer:Q"],
        )
    )
    layers = [line, rules]
    return alt.layer(*layers).properties(
        title="Dollars per solved AIME problem at list prices, one sample each (one snapshot per line)"
    )


def frontier_chart(pg: Page):
    from . import charts

    lines = pg.frontier.melt(id_vars=["size_ratio", "samples", "loss_gap"], var_name="option", value_name="accuracy")
    c = charts.line_chart(
        lines,
        x="size_ratio",
        y="accuracy",
        color="option",
        log_x=True,
        x_title="larger model's size ÷ small model's size = small model's samples",
        y_title="accuracy (fraction of problems)",
        tooltip=["size_ratio", "samples", "loss_gap", "option", "accuracy"],
        title="Equal generation FLOPs on the teaching benchmark (simulated): one answer from a larger model "
        "or k from the small one",
    )
    return _recolour(c, "option", list(tt.STRATEGIES) + [LARGER])


# ====================================================================== generated sentences


def _pts(delta: float) -> str:
    """A difference of two shares in points, without a sign: ``23.4``."""
    return fmt.readable_number(100 * abs(float(delta)))


def summary_sentence(pg: Page) -> fmt.Sentence:
    n = int(pg.v["n_samples"])
    cov, vote, best = pg.at_k[ORACLE], pg.at_k[VOTE], pg.at_k[VERIFIER]
    p1 = pg.bench.mean_pass1
    head = f"On the teaching benchmark {SIMULATED}, one sample solves {fmt.pct(p1)} of problems"
    if n == 1:
        return fmt.sentence(
            f"{head}; with `n_samples` = 1 there is nothing to choose between, so coverage, the vote and the "
            f"verifier all equal one sample ({fmt.pct(best)}). Raise `n_samples` to see what more tries buy."
        )
    vote_says = (
        f"a majority vote over the same samples gains {_pts(vote - p1)} points"
        if vote > p1 + _TIE
        else f"a majority vote over the same samples ends at {fmt.pct(vote)}, no better than one sample"
        if vote >= p1 - _TIE
        else f"a majority vote over the same samples *loses* {_pts(p1 - vote)} points"
    )
    gain = cov - p1
    if gain <= _TIE:
        ver = f"the imperfect verifier reaches {fmt.pct(best)}; more samples add no coverage to recover here"
    else:
        share = (best - p1) / gain
        how = (
            "recovers most of that gain"
            if share >= 0.5
            else "recovers less than half of that gain"
            if share > 0
            else "recovers none of it and ends below a single sample"
            if best < p1 - _TIE
            else "recovers none of it"
        )
        ver = (
            f"the imperfect verifier reaches {fmt.pct(best)}, so it {how} "
            f"({_pts(max(best - p1, 0))} of {_pts(gain)} points)"
            if share > 0
            else f"the imperfect verifier reaches {fmt.pct(best)}, so it {how}"
        )
    return fmt.sentence(
        f"{head} and {fmt.count(n)} samples solve {fmt.pct(cov)} if something recognises the right one: that "
        f"is coverage {{cite}}`brown2024`. Without a checker, {vote_says}, because wrong samples agree with "
        f"each other; {ver}. The sections below derive each number, price it, and compare it with training "
        "a larger model (see {doc}`loss_scaling` for the laws)."
    )


def fit_sentence(pg: Page) -> fmt.Sentence:
    f = pg.fit
    if not np.isfinite(f.a):
        return fmt.sentence(
            f"On the teaching benchmark {SIMULATED} the coverage is within rounding of 1 at every fitted k, "
            "so there is nothing left to fit; the exact curve is drawn alone."
        )
    err = 100 * f.max_error
    quality = (
        "passes through both points exactly (two points for two parameters, so the fit tests nothing)"
        if f.n_points <= 2
        else f"fits it to within {fmt.readable_number(err)} points of coverage"
        if err < 2
        else f"describes it poorly: the best fit still misses by up to {fmt.readable_number(err)} points of coverage"
    )
    return fmt.sentence(
        f"Over k ≤ {fmt.count(f.k_max)} ({f.n_points} sample counts) Brown et al.'s law {quality} on the teaching benchmark "
        f"{SIMULATED}, with a = {fmt.readable_number(f.a)} and b = {fmt.readable_number(f.b)}. Far out, at k = 10¹², the local "
        f"exponent is {fmt.readable_number(f.b_far)} against −α = {fmt.readable_number(-pg.v['difficulty_alpha'])}: the fitted "
        "b is a local slope that drifts towards −α, so a fit extrapolated two orders of magnitude can err either way."
    )


def spread_sentence(pg: Page) -> fmt.Sentence:
    """The single average problem against the benchmark, at the k where the former is solved 99% of the time."""
    p = pg.bench.mean_pass1
    if p <= 0:
        return fmt.sentence("The average problem is never solved here: pass@1 rounds to zero.")
    k99 = float(np.log(0.01) / np.log1p(-min(p, 1 - 1e-16)))
    fail = float(tt.beta_failure(pg.v["difficulty_alpha"], pg.v["difficulty_beta"], max(k99, 1.0)))
    return fmt.sentence(
        f"One problem of average difficulty (p = {fmt.readable_number(p)}) is solved with 99% probability within "
        f"{fmt.count(max(np.ceil(k99), 1))} samples; at that many samples the teaching benchmark {SIMULATED} "
        f"still leaves {fmt.pct(fail)} of its problems unsolved. The slow aggregate curve comes entirely from "
        "the spread of difficulties."
    )


def published_coverage_sentence(pg: Page) -> fmt.Sentence:
    fits = pg.published_fits
    n_points = sum(len(c.k) for c, _ in fits)
    most = max(len(c.k) for c, _ in fits)
    worst = max(f.max_error for _, f in fits)
    exact = (
        "passes through every point (largest miss "
        f"{fmt.sci(100 * worst) if worst > 0 else '0'} points, rounding error): with two points per curve and two "
        "parameters the fit is exact by construction and tests nothing"
        if most <= 2
        else f"misses by up to {fmt.readable_number(100 * worst)} points"
    )
    return fmt.sentence(
        f"Brown et al. {{cite}}`brown2024` print {n_points} (k, coverage) points as numbers, at most {most} per curve "
        f"({len(fits)} curves); their figures draw the full curves but no table lists them. The law fitted curve by curve "
        f"{exact}. A test of the law's shape needs a third point on one curve."
    )


def o1_sentence(pg: Page) -> fmt.Sentence:
    c = pg.calibration
    if c is None:
        return fmt.sentence(
            f"Under `wrong_share` = {fmt.readable_number(pg.v['wrong_share'])} no Beta distribution with mean 74% "
            "reaches 83% at 64 votes, so the published points cannot be matched by this model; the chart shows them alone."
        )
    gain_vote = 100 * (pg.o1_point("o1", 64) - pg.o1_point("o1", 1))
    ab = f"Beta({fmt.readable_number(c.alpha)}, {fmt.readable_number(c.beta)})"
    shape = (
        f"U-shaped, {ab} with both shape parameters below 1: most AIME problems are nearly always or nearly never "
        f"solved by o1. That is why the vote adds only {fmt.readable_number(gain_vote)} points"
        if c.alpha < 1 and c.beta < 1
        else f"{ab}, which puts the {fmt.readable_number(gain_vote)} points the vote adds down to problems o1 solves more "
        "often than not"
    )
    best = pg.o1_best_of_1000
    rel = (
        "reaches the published 93%"
        if best >= 0.93 - _TIE
        else f"falls short of the published 93% by {_pts(0.93 - best)} points"
    )
    need = pg.o1_fpr_needed
    need_txt = (
        f"A verifier reaches 93% here if its false-positive rate is at most {fmt.readable_number(need)} (at your "
        f"false-negative rate {fmt.readable_number(pg.v['verifier_fnr'])})."
        if np.isfinite(need)
        else "No verifier reaches 93% here: even one with no false positives falls short, so the published re-ranking "
        "implies more than this model allows."
    )
    return fmt.sentence(
        f"With your `wrong_share` the calibrated distribution {SIMULATED} is {shape}. Best of 1,000 with your "
        f"verifier gives {fmt.pct(best)}, which {rel}. {need_txt} OpenAI does not publish its scorer's error "
        "rates, so the match or mismatch is a statement about the verifier you assume, not a test of o1."
    )


def cost_sentence(pg: Page) -> fmt.Sentence:
    c, v = pg.o1_cost, pg.v
    gp = SNAPSHOT_PRICES[GPT4O_SNAPSHOT]
    low = pg.cost_per_solved(_log_tokens(O1_LOG_MODEL, "MATH level 5"))
    high = pg.cost_per_solved(AIME_TOKENS_HIGH)
    per_token = v["usd_per_m_output"] / gp.usd_per_m_output
    tokens = (
        "Epoch AI's logs {cite}`epoch2025inferenceprices`"
        if not v["output_tokens"] and not v["reasoning_token_ratio"]
        else "your token settings"
    )
    r = pg.token_ratio
    gpt_len = (
        f"GPT-4o {fmt.readable_number(r)} times fewer"
        if r > 1
        else "GPT-4o as many"
        if r == 1
        else f"GPT-4o {fmt.readable_number(1 / r)} times more"
    )
    ratio = c["ratio"]
    dearer = (
        f"o1 costs {fmt.readable_number(ratio)} times as much per solved problem"
        if ratio >= 1
        else f"o1 costs {fmt.readable_number(1 / ratio)} times less per solved problem"
    )
    return fmt.sentence(
        f"At your output price o1 costs {fmt.readable_number(per_token)} times GPT-4o's ({GPT4O_SNAPSHOT}) per output token "
        f"{{cite}}`openai2024pricing`. Per solved problem, with o1 writing {fmt.count(pg.output_tokens)} tokens per answer and "
        f"{gpt_len} (from {tokens}), o1 costs {fmt.money(c['o1'])} and GPT-4o {fmt.money(c['gpt-4o'])}: {dearer}. Across the "
        f"sourced range, from o1's {fmt.count(_log_tokens(O1_LOG_MODEL, 'MATH level 5'))} tokens per MATH level 5 answer to the "
        f"30,000 that AIME questions often take {{cite}}`vals2025aime`, o1's cost per solved problem at your prices runs from "
        f"{fmt.money(float(low['o1']))} to {fmt.money(float(high['o1']))}. The comparison flatters GPT-4o: on problems it never "
        "solves, no number of cheap samples helps without a checker."
    )


def snapshot_sentence() -> fmt.Sentence:
    """What reading OpenAI's GPT-4o as the August-2024 snapshot instead would change (Epoch AI's logs)."""
    o1 = _log_tokens(O1_LOG_MODEL)
    may, aug = _log_tokens(GPT4O_SNAPSHOT), _log_tokens("gpt-4o-2024-08-06")
    pa = SNAPSHOT_PRICES["gpt-4o-2024-08-06"]
    return fmt.sentence(
        f"Read as `gpt-4o-2024-08-06` instead, GPT-4o writes {fmt.count(aug)} tokens per answer rather than {fmt.count(may)}, "
        f"at {fmt.usd(pa.usd_per_m_input)} / {fmt.usd(pa.usd_per_m_output)} per million tokens, and o1's token ratio moves "
        f"from {fmt.readable_number(o1 / may)} to {fmt.readable_number(o1 / aug)}."
    )


def _lead_words(margin: float) -> str:
    if abs(margin) <= _TIE:
        return "ties with the larger model (within 0.05 points)"
    return f"{'leads' if margin > 0 else 'trails'} by {_pts(margin)} points"


def frontier_sentence(pg: Page) -> fmt.Sentence:
    f = pg.frontier
    lead = (f[VERIFIER] - f[LARGER]).to_numpy()[1:]
    v = pg.v
    dial = f"With `logit_per_nat` = {fmt.readable_number(v['logit_per_nat'])}, on the teaching benchmark {SIMULATED}"
    if np.all(lead > _TIE):
        head = f"{dial} a verifier-picked best-of-k beats the larger model at every ratio shown"
    elif np.all(lead < -_TIE):
        head = f"{dial} the larger model beats a verifier-picked best-of-k at every ratio shown"
    elif np.all(np.abs(lead) <= _TIE):
        head = f"{dial} a verifier-picked best-of-k and the larger model tie at every ratio shown"
    else:
        sign = np.where(np.abs(lead) <= _TIE, 0, np.sign(lead))
        change = np.flatnonzero(np.diff(sign) != 0)
        head = (
            f"{dial} the lead changes hands near a size ratio of "
            f"{fmt.readable_number(float(f['size_ratio'].iloc[1 + change[0] + 1]))}"
            if change.size
            else f"{dial} the lead is mixed across the ratios shown"
        )
    m = pg.mine
    mine = (
        f"At your sizes (the larger model {fmt.readable_number(m['size_ratio'])} times the small one, "
        f"{fmt.counted(m['samples'], 'sample')}) the small model's best-of-k {_lead_words(pg.margin)}."
    )
    swap = " (`large_params` was below `small_params`; the two were swapped.)" if pg.swapped else ""
    vote_weak = " Voting is the weak option whenever wrong answers concentrate." if v["wrong_share"] >= 0.5 else ""
    return fmt.sentence(
        f"{head}. {mine}{swap}{vote_weak} {{ref}}`ttc-ex-flops` asks how steep the loss-to-accuracy slope "
        "must be to reverse the comparison."
    )


def verifier_sentence(pg: Page) -> fmt.Sentence:
    nv = float(pg.v["verifier_params"])
    m, mv = pg.mine, pg.mine_verified
    if nv == 0:
        return fmt.sentence(
            "With `verifier_params` = 0 the reward model costs nothing, as in a comparison that counts only "
            "the generator's FLOPs; set it to the size of a real reward model to charge its reading of every sample."
        )
    tie0, tie1 = pg.tie, pg.tie_verified

    def at(t: float) -> str:
        return f"{fmt.readable_number(t)} log-odds per nat" if np.isfinite(t) else "no slope up to 40"

    tie_txt = (
        f"; on the whole benchmark the {SNELL_SIZE_RATIO}× model matches the small model's best-of-k from {at(tie0)} "
        f"with a free verifier and from {at(tie1)} with a paid one"
    )
    cost = f"a reward model of {fmt.model_size(nv)} parameters that reads every sample"
    per_sample = (
        f"{fmt.readable_number((pg.small + nv) / pg.small)} times" if nv >= 0.005 * pg.small else "a little more than"
    )
    if int(mv["samples"]) == int(m["samples"]):
        return fmt.sentence(
            f"Counting {cost} costs less than one whole sample at your sizes: the small model still draws "
            f"{fmt.counted(m['samples'], 'sample')}, and its best-of-k {_lead_words(pg.margin_verified)} "
            f"{SIMULATED}{tie_txt}."
        )
    return fmt.sentence(
        f"Counting {cost}, each sample costs {per_sample} a generator-only sample, so "
        f"at your sizes the small model draws {fmt.counted(mv['samples'], 'sample')} instead of {fmt.count(m['samples'])}. "
        "Its best-of-k then "
        f"{_lead_words(pg.margin_verified)} {SIMULATED}; with a free verifier it {_lead_words(pg.margin)}{tie_txt}."
    )


def snell_sentence(pg: Page) -> fmt.Sentence:
    s = pg.snell
    only = s[s["accounting"] == "inference only"].set_index("level")
    small_wins = only["winner"] == "small model, more samples"
    hard = int(only.index.max())
    r = float(pg.v["inference_to_pretraining"])
    mine = s[s["accounting"] == f"pretraining counted, R = {r:g}"].set_index("level")
    x = int(mine["samples"].iloc[0])
    if small_wins.all():
        res = (
            f"the small model's best-of-{SNELL_SIZE_RATIO} wins in every bin, including the hardest (level {hard}: "
            f"{fmt.share(only.loc[hard, 'small model, best of X'])} against {fmt.share(only.loc[hard, 'larger model, one sample'])})"
        )
    elif not small_wins.any():
        res = "the larger model wins in every bin"
    else:
        lost = [int(i) for i in only.index[~small_wins]]
        levels = f"level{'s' if len(lost) > 1 else ''} {', '.join(map(str, lost))}"
        res = f"the small model wins the easier bins and the larger model wins {levels}"
    wins_r = int((mine["winner"] == "small model, more samples").sum())
    wins_0 = int(small_wins.sum())
    if x == SNELL_SIZE_RATIO:
        more = (
            f"Counting pretraining at your R = {fmt.readable_number(r)} adds less than one whole sample, so the small model "
            f"still draws {SNELL_SIZE_RATIO}"
        )
    else:
        more = (
            f"Counting pretraining at your R = {fmt.readable_number(r)}, the small model may draw {fmt.count(x)} samples "
            f"instead of {SNELL_SIZE_RATIO}"
        )
    change = (
        "which leaves the same bins to each side"
        if wins_r == wins_0
        else f"which moves the small model from {wins_0} to {wins_r} of {len(only)} bins"
    )
    tie, dial = pg.tie, float(pg.v["logit_per_nat"])
    gap = f"loss gap {fmt.readable_number(pg.gap14)} nats"
    if not np.isfinite(tie):
        catch = (
            f"no slope up to 40 log-odds per nat lets the larger model catch up with best-of-{SNELL_SIZE_RATIO} ({gap})"
        )
    elif tie > dial:
        catch = (
            f"the larger model catches up with best-of-{SNELL_SIZE_RATIO} on the whole benchmark only from "
            f"{fmt.readable_number(tie)} log-odds per nat ({gap}; you set {fmt.readable_number(dial)})"
        )
    else:
        catch = (
            f"the larger model matches best-of-{SNELL_SIZE_RATIO} on the whole benchmark from {fmt.readable_number(tie)} "
            f"log-odds per nat, at or below your {fmt.readable_number(dial)} ({gap})"
        )
    hard_small = bool(small_wins.loc[hard])
    verdict = (
        "Under this chapter's assumption, that a lower loss moves every problem's log-odds by the same amount, "
        f"the hardest bin still goes to the small model: {catch}. A larger model's gains would have to be "
        "concentrated on the problems the small model cannot solve, which a uniform shift leaves out."
        if hard_small
        else f"Here the hardest bin goes to the larger model ({catch})."
    )
    return fmt.sentence(
        f"Inference-only, on the teaching benchmark {SIMULATED}, {res}. {more}, {change}. Snell et al. find "
        f"that on the hardest questions pretraining wins. {verdict}"
    )


# ====================================================================== claims checked


def _plateau_reading(ws: float) -> str:
    """Brown's plateau on the benchmark calibrated to o1's 74% / 83% under wrong_share ``ws``:
    the vote within 1 point of its limit from 300 samples on while coverage still gains more
    than four times as much from 300 samples to 10^6."""
    bk = book_page()
    try:
        cal = tt.calibrate_beta_cached(bk.o1_point("o1", 1), bk.o1_point("o1", 64), 64, float(ws))
    except ValueError:
        return "does not reproduce"
    b = tt.Difficulty.beta(cal.alpha, cal.beta, 200)
    v300, v_lim = float(b.vote(300, ws)), b.vote_limit(ws)
    c300, c_inf = float(b.coverage(300)), float(b.coverage(1e6))
    flat = abs(v_lim - v300) < 0.01
    return "reproduces" if flat and (c_inf - c300) > 4 * abs(v_lim - v300) else "does not reproduce"


def _rerank_reading(fpr: float) -> str:
    """OpenAI's 93% at 1,000 re-ranked samples against the calibrated benchmark's best-of-1,000
    with a verifier of false-positive rate ``fpr`` (false negatives: the book's 0.1), graded
    against the 95% Wilson interval of 93% on 30 problems."""
    bk = book_page()
    a = bk.aime.set_index(["model", "samples"]).loc[("o1", 1000)]
    best = float(bk.o1_bench.best_of_n(1000, fpr, BOOK["verifier_fnr"]))
    return _claims.grade(best, float(a["wilson_low"]), float(a["wilson_high"]))


def _snell_bins(logit: float) -> pd.DataFrame:
    bk = book_page()
    return tt.snell_tradeoff(
        bk.bench,
        bk.law,
        bk.small,
        SNELL_SIZE_RATIO,
        list(SNELL_R),
        float(logit),
        BOOK["verifier_fpr"],
        BOOK["verifier_fnr"],
    )


def _small_wins_reading(logit: float) -> str:
    only = _snell_bins(logit)
    only = only[only["accounting"] == "inference only"]
    nontrivial = only[only["small model pass@1"] >= 0.01]
    ok = len(nontrivial) and (nontrivial["winner"] == "small model, more samples").all()
    return "reproduces" if ok else "does not reproduce"


def _hardest_reading(logit: float) -> str:
    s = _snell_bins(logit)
    hard = s[s["level"] == s["level"].max()]
    return "reproduces" if (hard["winner"] == "larger model").any() else "does not reproduce"


def _compute_claims() -> list[_claims.Claim]:
    bk = book_page()
    C = _claims.Claim
    ch = CHAPTER
    out: list[_claims.Claim] = []
    chart = (
        "OpenAI's chart 'o1 AIME accuracy' plots pass@1 against {} compute on a log axis with no numbers; "
        "its points are not published"
    )
    for key, kind, words in (
        ("o1-test-time", "test-time", "more time spent thinking (test-time compute)"),
        ("o1-train-time", "train-time", "more reinforcement learning (train-time compute)"),
    ):
        out.append(
            C(
                chapter=ch,
                key=key,
                source="openai2024o1",
                section="ttc-o1",
                claim=f"“the performance of o1 consistently improves with {words}”",
                inputs=f"the {kind} panel of the chart: pass@1 on AIME against {kind} compute",
                evidence=chart.format(kind),
                evidence_kind="none",
                check="",
                value="—",
                verdict="not checkable",
                missing=f"the chart's values: {kind} compute and pass@1 of each point",
                note=(
                    "OpenAI's three o1 numbers (74% pass@1, 83% consensus of 64, 93% re-ranking 1,000) are three ways of "
                    "choosing an answer, not pass@1 at more thinking, so they cannot stand in for the chart; both panels "
                    "are treated alike."
                ),
            )
        )
    fits = bk.published_fits
    out.append(
        C(
            chapter=ch,
            key="brown-coverage-law",
            source="brown2024",
            section="ttc-coverage",
            claim="“the relationship between coverage and the number of samples is often log-linear and can be modelled "
            "with an exponentiated power law”",
            inputs="; ".join(
                f"{c.task}, {c.model}: "
                + ", ".join(f"{fmt.pct(y, 2)} at k = {fmt.count(k)}" for k, y in zip(c.k, c.coverage))
                for c, _ in fits
            ),
            evidence=f"every (k, coverage) point printed in the paper's text: {sum(len(c.k) for c, _ in fits)} points, "
            f"{max(len(c.k) for c, _ in fits)} per curve",
            evidence_kind="published text",
            check="scalingbook.science.testtime.fit_published_coverage",
            value="; ".join(
                f"{c.task}: a = {fmt.readable_number(f.a)}, b = {fmt.readable_number(f.b)}, exact through its "
                f"{f.n_points} points"
                for c, f in fits
            ),
            verdict="not checkable",
            missing="coverage at three or more sample counts for one model and task (the values behind the paper's "
            "coverage figures, or its per-problem samples at a pinned revision)",
        )
    )
    al, be = BOOK["difficulty_alpha"], BOOK["difficulty_beta"]

    def tail(alpha: float) -> str:
        b_heavy = float(tt.coverage_exponent(alpha, be, 1e12))
        return "reproduces" if abs(b_heavy + alpha) < 0.05 * alpha else "does not reproduce"

    alphas = np.round(np.linspace(0.1, 2.0, 20), 2)
    out.append(
        C(
            chapter=ch,
            key="schaeffer-left-tail",
            source="schaeffer2025",
            section="ttc-coverage",
            claim="“per-problem exponential scaling can be made consistent with aggregate polynomial scaling if the "
            "distribution of single-attempt success probabilities is heavy tailed”",
            inputs="a mathematical statement; no fitted distribution is printed",
            evidence=f"the book's Beta(α, {fmt.readable_number(be)}) teaching benchmark: local exponent of −ln coverage at k = 10¹²",
            evidence_kind="book model",
            check="scalingbook.science.testtime.coverage_exponent",
            value=(
                f"{fmt.readable_number(float(tt.coverage_exponent(al, be, 1e12)))} at α = {fmt.readable_number(al)} "
                f"(−α = {fmt.readable_number(-al)})"
            ),
            verdict="depends on an assumption",
            assumption="difficulty_alpha (the left-tail exponent α of the Beta model)",
            readings=_claims.readings_over(alphas, tail),
            note="A mathematical claim: for every tail exponent tried the aggregate exponent tends to −α while one problem "
            "of the same mean falls exponentially; no measured distribution of pass@1 enters.",
        )
    )
    wss = np.round(np.linspace(0.0, 1.0, 21), 2)
    out.append(
        C(
            chapter=ch,
            key="brown-voting-plateaus",
            source="brown2024",
            section="ttc-voting",
            claim="“common methods for picking from a sample collection (majority voting and reward models) plateau beyond "
            "several hundred samples”",
            inputs="o1 on AIME 2024: 74% at 1 sample, 83% by consensus of 64 (OpenAI 2024a), the book's calibration target",
            evidence="a Beta benchmark calibrated to both numbers under each wrong_share; plateau = the vote within 1 point "
            "of its limit from 300 samples on, while coverage gains over four times as much by 10⁶ samples",
            evidence_kind="book model",
            check="scalingbook.science.testtime.plurality_vote_curve",
            value=f"at the book's wrong_share {fmt.readable_number(BOOK['wrong_share'])}: {_plateau_reading(BOOK['wrong_share'])}",
            verdict="depends on an assumption",
            assumption="wrong_share (share of a problem's wrong samples on its most common wrong answer)",
            readings=_claims.readings_over(wss, _plateau_reading),
            note="Whether the vote plateaus is set by how wrong answers cluster, which Brown et al. do not report; "
            "the reward-model half of the claim is not modelled.",
        )
    )
    fprs = np.round(np.linspace(0.0, 0.2, 41), 3)
    a93 = bk.aime.set_index(["model", "samples"]).loc[("o1", 1000)]
    out.append(
        C(
            chapter=ch,
            key="openai-rerank",
            source="openai2024o1",
            section="ttc-o1",
            claim="o1 reaches 93% on AIME 2024 “when re-ranking 1000 samples with a learned scoring function”, against 83% "
            "by consensus of 64",
            inputs="74%, 83% and 93% on the 30 problems of AIME 2024",
            evidence="best of 1,000 on the benchmark calibrated to 74% and 83% (wrong_share 0.5), verifier false-negative "
            f"rate {fmt.readable_number(BOOK['verifier_fnr'])}",
            evidence_kind="book model",
            check="scalingbook.science.testtime.best_of_n_accuracy",
            value=(
                f"best of 1,000 = {fmt.pct(bk.o1_best_of_1000)} at the book's false-positive rate "
                f"{fmt.readable_number(BOOK['verifier_fpr'])}"
            ),
            published="93%",
            tolerance=f"95% Wilson interval {fmt.pct(a93['wilson_low'])}–{fmt.pct(a93['wilson_high'])}",
            tolerance_source="binomial sampling error of 30 problems (Wilson 1927)",
            verdict="depends on an assumption",
            assumption="verifier_fpr (the scorer's false-positive rate)",
            readings=_claims.readings_over(fprs, _rerank_reading),
            note="OpenAI publish no error rates for their scorer; on 30 problems 83% and 93% are 25 and 28 solved, "
            "and their intervals overlap.",
        )
    )
    out.append(
        C(
            chapter=ch,
            key="snell-4x",
            source="snell2024",
            section="ttc-snell",
            claim="“Using this compute-optimal strategy, we can improve the efficiency of test-time compute scaling by more "
            "than 4x compared to a best-of-N baseline”",
            inputs="PRM search and revisions on MATH, allocated per prompt by estimated difficulty",
            evidence="",
            evidence_kind="none",
            check="",
            value="—",
            verdict="not checkable",
            missing="per-prompt difficulty estimates, PRM scores and revision outputs on MATH (not published as data)",
        )
    )
    ties = (bk.tie, bk.tie_verified)
    tie_note = (
        f"The 14× model ties best-of-14 on the whole benchmark at {fmt.readable_number(ties[0])} log-odds per nat "
        f"when only generation counts; charging a reward model of {fmt.params_count(BOOK['verifier_params'])} "
        f"parameters for reading each sample moves the tie to "
        f"{fmt.readable_number(ties[1]) if np.isfinite(ties[1]) else 'beyond 40'}."
    )
    assumed = (
        f"Beta({fmt.readable_number(al)}, {fmt.readable_number(be)}) teaching benchmark; {BOOK['law']} losses at "
        f"equal pretraining tokens; verifier {fmt.readable_number(BOOK['verifier_fpr'])}/"
        f"{fmt.readable_number(BOOK['verifier_fnr'])}"
    )
    out.append(
        C(
            chapter=ch,
            key="snell-small-wins",
            source="snell2024",
            section="ttc-snell",
            claim="“on problems where a smaller base model attains somewhat non-trivial success rates, test-time compute can "
            "be used to outperform a 14x larger model” (FLOPs-matched)",
            inputs="a 14× larger model; difficulty in five bins of the small model's pass@1",
            evidence=f"{assumed}; small model wins every bin with pass@1 ≥ 1%, generation FLOPs matched",
            evidence_kind="book model",
            check="scalingbook.science.testtime.snell_tradeoff",
            value=f"at the book's {fmt.readable_number(BOOK['logit_per_nat'])} log-odds per nat: "
            f"{_small_wins_reading(BOOK['logit_per_nat'])}",
            verdict="depends on an assumption",
            assumption="logit_per_nat (log-odds of success gained per nat of lower loss)",
            readings=_claims.readings_over(TIE_POINTS, _small_wins_reading),
            note=tie_note,
        )
    )
    out.append(
        C(
            chapter=ch,
            key="snell-pretraining-hard",
            source="snell2024",
            section="ttc-snell",
            claim="With pretraining compute counted, pretraining is the better use of FLOPs on the hardest questions",
            inputs=f"a 14× larger model; X = M + 3(M − 1)/R samples for R = {', '.join(fmt.readable_number(r) for r in SNELL_R)}",
            evidence=f"{assumed}; the larger model wins the hardest of five bins at some accounting",
            evidence_kind="book model",
            check="scalingbook.science.testtime.snell_tradeoff",
            value=f"at the book's {fmt.readable_number(BOOK['logit_per_nat'])} log-odds per nat: {_hardest_reading(BOOK['logit_per_nat'])}",
            verdict="depends on an assumption",
            assumption="logit_per_nat (log-odds of success gained per nat of lower loss)",
            readings=_claims.readings_over(TIE_POINTS, _hardest_reading),
            note=tie_note,
        )
    )
    return out


def claims() -> list[_claims.Claim]:
    """The chapter's claim records, computed at the claims' published inputs and the book's
    stated assumptions (never the reader's parameters); kept on disk between runs."""
    from .cache import cached_result

    return cached_result("test-time-compute-claims", _compute_claims)


def claims_scenario(pg: Page) -> dict[str, str]:
    """The reader's own run for each claim (the claims table's last column)."""
    v = pg.v
    s_only = pg.snell[pg.snell["accounting"] == "inference only"]
    fits = pg.fit
    return {
        "o1-test-time": "—",
        "o1-train-time": "—",
        "snell-4x": "—",
        "brown-coverage-law": (
            f"teaching benchmark {SIMULATED}: b = {fmt.readable_number(fits.b)} on k ≤ {fmt.count(fits.k_max)}"
            if np.isfinite(fits.a)
            else "coverage rounds to 1: no fit"
        ),
        "schaeffer-left-tail": f"α = {fmt.readable_number(v['difficulty_alpha'])}: exponent {fmt.readable_number(fits.b_far)} at k = 10¹²",
        "brown-voting-plateaus": (
            f"{SIMULATED} vote {fmt.pct(float(pg.bench.vote(300, v['wrong_share'])))} at 300, "
            f"{fmt.pct(pg.bench.vote_limit(v['wrong_share']))} in the limit"
        ),
        "openai-rerank": (
            f"best of 1,000 with your verifier: {fmt.pct(pg.o1_best_of_1000)}"
            if np.isfinite(pg.o1_best_of_1000)
            else "no calibration under your wrong_share"
        ),
        "snell-small-wins": f"{SIMULATED} your sizes: best-of-{fmt.count(pg.mine['samples'])} {_lead_words(pg.margin)}",
        "snell-pretraining-hard": f"{SIMULATED} hardest bin: {s_only['winner'].iloc[-1]}",
    }
