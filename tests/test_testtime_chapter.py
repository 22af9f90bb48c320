"""Chapter 5 ("What does thinking longer buy?") runs at every value its schema allows.

Every parameter at its lower and upper bound (an open bound nudged inside by 1e-6), every
choice of each string parameter, and random points drawn across all ranges at once: for each,
the notebook's own code cells are executed in-process (so a test cannot drift from the page),
each cell's last expression is rendered the way the page renders it (charts to Vega-Lite
dicts, tables and sentences to their text), and the headline numbers must be finite where the
page promises a number. The notebook itself runs once through papermill at the two cases the
review reported as crashes (alpha 2; n_samples 1). Verdicts must not depend on the reader's
values: the claims table's verdict column is identical at every point.
"""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import numpy as np
import pytest

from scalingbook import params
from scalingbook.build.book import Book, read_notebook

CHAPTER = "test-time-compute"
NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "test_time_compute.md"
SCHEMA = params.schema(CHAPTER)
DEFAULTS = {p.name: p.default for p in SCHEMA}
#: Headlines that are a number at every valid input (the others may be NaN by design: a fit
#: with nothing left to fit, a calibration no Beta reaches, a break-even that never occurs).
ALWAYS_FINITE = ("pass1", "coverage_at_k", "vote_at_k", "best_of_n_at_k", "share_voting_hurts",
                 "samples_in_budget", "accuracy_at_budget", "o1_usd_per_solved", "o1_cost_per_solved_ratio",
                 "flops_matched_margin")


def _bound_cases() -> list[tuple[str, dict]]:
    cases = []
    for p in SCHEMA:
        if p.choices:
            cases += [(f"{p.name}={c}", {p.name: c}) for c in p.choices if c != p.default]
            continue
        if p.kind not in (int, float):
            continue
        for side, value, is_open in (("low", p.low, p.low_open), ("high", p.high, p.high_open)):
            if value is None:
                continue
            if is_open:
                value = value + (1 if p.kind is int else 1e-6) * (1 if side == "low" else -1)
            cases.append((f"{p.name}={side}", {p.name: p.kind(value)}))
    return cases


def _random_cases(n: int = 4, seed: int = 2024) -> list[tuple[str, dict]]:
    rng = np.random.default_rng(seed)
    cases = []
    for i in range(n):
        v = {}
        for p in SCHEMA:
            if p.choices:
                v[p.name] = p.choices[int(rng.integers(len(p.choices)))]
            elif p.kind in (int, float):
                lo, hi = float(p.low), float(p.high)
                lo_eff = max(lo, 1e-6) if p.low_open or lo == 0 else lo
                if lo_eff > 0 and hi / lo_eff > 100:
                    x = float(np.exp(rng.uniform(np.log(lo_eff), np.log(hi))))
                else:
                    x = float(rng.uniform(lo_eff, hi))
                v[p.name] = int(round(min(max(x, lo_eff), hi))) if p.kind is int else x
        cases.append((f"random-{i}", v))
    return cases


CASES = _bound_cases() + _random_cases()


def _code_cells() -> list[str]:
    nb = read_notebook(NOTEBOOK)
    return ["".join(c["source"]) for c in nb["cells"]
            if c["cell_type"] == "code" and "parameters" not in c.get("metadata", {}).get("tags", [])]


def _render(value) -> None:
    """What the page does with a cell's last expression: a chart becomes a Vega-Lite dict
    (validated by Altair), anything else its Markdown/HTML text."""
    if hasattr(value, "to_dict") and hasattr(value, "mark") or type(value).__name__ in ("LayerChart", "Chart"):
        spec = value.to_dict()
        assert spec, "empty chart"
    elif hasattr(value, "_repr_markdown_"):
        assert value._repr_markdown_().strip()
    elif hasattr(value, "_repr_html_"):
        assert value._repr_html_().strip()


def run_notebook_in_process(values: dict) -> dict:
    """Execute the notebook's code cells with ``values`` as its parameters; return its globals
    and the headline numbers it published."""
    from scalingbook import report

    published: dict[str, float] = {}
    original = report.publish

    def capture(name, value, unit="", label=""):
        published[name] = value
        return original(name, value, unit=unit, label=label)

    g: dict = {**DEFAULTS, **values, "__name__": "__chapter__"}
    report.publish = capture
    try:
        for src in _code_cells():
            tree = ast.parse(src)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, "<cell>", "exec"), g)
            if last is not None:
                _render(eval(compile(ast.Expression(last.value), "<cell>", "eval"), g))
    finally:
        report.publish = original
    g["_published"] = published
    return g


@pytest.fixture(scope="module")
def book_verdicts():
    from scalingbook.pages import test_time_compute as ttc

    return ttc.claims(ttc.book_page())["verdict"].tolist()


@pytest.mark.parametrize("name,values", CASES, ids=[c[0] for c in CASES])
def test_chapter_runs_at_every_bound_and_random_point(name, values, book_verdicts, capsys):
    checked = params.validate(CHAPTER, values)
    g = run_notebook_in_process(checked)
    pub = g["_published"]
    missing = [k for k in ALWAYS_FINITE if k not in pub]
    assert not missing, f"{name}: headlines not published: {missing}"
    bad = {k: pub[k] for k in ALWAYS_FINITE if not math.isfinite(float(pub[k]))}
    assert not bad, f"{name}: headline numbers not finite at a valid input: {bad}"
    for k in ("pass1", "coverage_at_k", "vote_at_k", "best_of_n_at_k", "accuracy_at_budget"):
        assert -1e-9 <= pub[k] <= 100 + 1e-9, f"{name}: {k} = {pub[k]} is not a percentage"
    assert pub["coverage_at_k"] + 1e-9 >= pub["best_of_n_at_k"], f"{name}: best-of-N cannot beat coverage"
    from scalingbook.pages import test_time_compute as ttc

    verdicts = ttc.claims(g["pg"])["verdict"].tolist()
    assert verdicts == book_verdicts, f"{name}: a verdict changed with the reader's parameters: {verdicts} vs {book_verdicts}"


@pytest.mark.slow
@pytest.mark.parametrize("values", [{"difficulty_alpha": 2.0}, {"n_samples": 1}], ids=["alpha-2", "n_samples-1"])
def test_notebook_executes_through_papermill_at_the_reported_crashes(values, tmp_path):
    """The review's two crashes, run as the book runs them (papermill, a fresh kernel)."""
    import papermill as pm

    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(Book(NOTEBOOK.parents[1]).executable_notebook(CHAPTER)), str(out), parameters=values, cwd=str(NOTEBOOK.parent), progress_bar=False)
    nb = json.loads(out.read_text())
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{values}: the notebook raised {errors[:1]}"


# ---------------------------------------------------------------- the page's published inputs

def test_reasoning_token_defaults_come_from_epochs_logs():
    """Epoch AI's Benchmarking Hub logs (llm-benchmark-efficiency, data/epoch_ai_eval_data.csv):
    o1-2024-12-17 wrote 4,119,096 output tokens over 1,324 MATH level 5 samples (3,111.1 per
    answer), GPT-4o-2024-08-06 7,439,451 over 10,592 (702.4). The chapter's defaults are these."""
    from scalingbook.sources.tables import read_table

    t = read_table("reasoning_tokens")
    measured = t.dropna(subset=["samples"])
    ratio = measured["output_tokens"] / measured["samples"]
    assert np.allclose(ratio, measured["output_tokens_per_sample"], atol=0.05), "per sample = output / samples (abs 0.05)"
    row = lambda m: float(t.loc[(t["model"] == m) & (t["benchmark"] == "MATH level 5"), "output_tokens_per_sample"].iloc[0])
    assert DEFAULTS["output_tokens"] == round(row("o1-2024-12-17")) == 3111, "output_tokens default = o1's 3,111 (Epoch AI)"
    assert abs(DEFAULTS["reasoning_token_ratio"] - row("o1-2024-12-17") / row("gpt-4o-2024-08-06")) < 0.005, \
        "reasoning_token_ratio default = 3,111.1 / 702.4 = 4.43 (Epoch AI, abs 0.005)"


def test_o1_dollars_per_solved_aime_problem_at_list_prices():
    """OpenAI 2024b prices ($15 / $60 per M for o1, $2.50 / $10 for GPT-4o) and OpenAI 2024a's
    74% / 12%: (200 x 15 + 3,111 x 60) / 1e6 / 0.74 = $0.25630 per solved problem (abs 1e-9)."""
    from scalingbook.pages import test_time_compute as ttc

    pg = ttc.book_page()
    c = pg.o1_cost
    want_o1 = (200 * 15 + 3111 * 60) / 1e6 / 0.74
    want_gpt = (200 * 2.5 + 3111 / 4.43 * 10) / 1e6 / 0.12
    assert abs(c["o1"] - want_o1) < 1e-9 and abs(c["gpt-4o"] - want_gpt) < 1e-9, f"cost per solved: {c}"
    high = pg.cost_per_solved(30_000)["o1"]
    assert abs(high - (200 * 15 + 30_000 * 60) / 1e6 / 0.74) < 1e-9, "at Vals.ai's 30,000 tokens: $2.44 per solved problem"


def test_aime_intervals_cover_30_problems_and_one_exam():
    """OpenAI 2024a's four AIME 2024 points with 95% Wilson intervals over 30 problems (I and II),
    wider over 15; each contains its published value; 83% and 93% overlap (Wilson 1927)."""
    from scalingbook.pages import test_time_compute as ttc

    a = ttc.book_page().aime
    assert (a["n_problems"] == 30).all(), "AIME 2024: two exams of 15 problems"
    assert ((a["wilson_low"] < a["accuracy"]) & (a["accuracy"] < a["wilson_high"])).all()
    assert ((a["wilson15_high"] - a["wilson15_low"]) > (a["wilson_high"] - a["wilson_low"])).all(), "15 problems: wider"
    o1 = a[a["model"] == "o1"].set_index("samples")
    assert o1.loc[64, "wilson_high"] > o1.loc[1000, "wilson_low"], "83% and 93% of 30 problems: the intervals overlap"
    lo, hi = o1.loc[1, "wilson_low"], o1.loc[1, "wilson_high"]
    assert abs(lo - 0.5625) < 1e-3 and abs(hi - 0.8630) < 1e-3, f"74% of 30 (22.2 solved): Wilson 95% [0.562, 0.863]; got {lo, hi}"


def test_claims_at_published_inputs():
    """Brown et al. 2024's SWE-bench law (15.9% at 1, 56% at 250) departs from a straight line in
    log k by under a point; o1's three AIME points lie on a line in log k within their intervals;
    under the uniform log-odds assumption the 14x model never wins Snell et al.'s hardest bin at
    the default slope (it would need the printed threshold, above the default)."""
    from scalingbook import testtime as tt
    from scalingbook.pages import test_time_compute as ttc

    a, b = tt.fit_coverage([1, 250], [0.159, 0.56])
    assert tt.loglinear_deviation(a, b, 1, 250) < 0.01, "Brown et al. 2024 abstract: log-linear within 1 point"
    table = ttc.claims(ttc.book_page()).set_index("source")
    verdicts = ttc.claims(ttc.book_page())["verdict"]
    assert set(verdicts) <= {"reproduces", "not checkable", "not supported under the uniform log-odds assumption"}
    pg = ttc.book_page()
    assert pg.logit_tie > BOOK_LOGIT, f"the tie slope {pg.logit_tie} exceeds the default {BOOK_LOGIT}"
    snell = table.loc["Snell et al. 2024, FLOPs-matched comparison with pretraining counted", "verdict"]
    assert snell.startswith("not supported"), "hardest bin goes to the small model under a uniform shift"


BOOK_LOGIT = DEFAULTS["logit_per_nat"]
