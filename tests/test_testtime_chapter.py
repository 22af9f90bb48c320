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
ALWAYS_FINITE = (
    "pass1",
    "coverage_at_k",
    "vote_at_k",
    "best_of_n_at_k",
    "share_voting_hurts",
    "samples_in_budget",
    "accuracy_at_budget",
    "o1_usd_per_solved",
    "o1_cost_per_solved_ratio",
    "flops_matched_margin",
    "flops_matched_margin_with_verifier",
    "o1_output_tokens_per_aime_answer",
    "gpt4o_output_tokens_per_aime_answer",
    "gpt4o_usd_per_solved",
    "brown_coverage_law_a",
    "brown_coverage_law_b",
    "brown_coverage_points",
)


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
    return [
        "".join(c["source"])
        for c in nb["cells"]
        if c["cell_type"] == "code" and "parameters" not in c.get("metadata", {}).get("tags", [])
    ]


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

    return [c.shown_verdict for c in ttc.claims()]


@pytest.mark.slow
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

    verdicts = [c.shown_verdict for c in ttc.claims()]
    assert verdicts == book_verdicts, f"{name}: a verdict changed with the reader's parameters"
    scenario = ttc.claims_scenario(g["pg"])
    assert set(scenario) == {c.key for c in ttc.claims()}, f"{name}: the reader's column must fill every claim"


@pytest.mark.slow
@pytest.mark.parametrize("values", [{"difficulty_alpha": 2.0}, {"n_samples": 1}], ids=["alpha-2", "n_samples-1"])
def test_notebook_executes_through_papermill_at_the_reported_crashes(values, tmp_path):
    """Two parameter sets that once crashed the notebook, run as the book runs them (papermill, a fresh kernel)."""
    import papermill as pm

    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(Book(NOTEBOOK.parents[1]).executable_notebook(CHAPTER)),
        str(out),
        parameters=values,
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
    )
    nb = json.loads(out.read_text())
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{values}: the notebook raised {errors[:1]}"


# ---------------------------------------------------------------- the page's published inputs


def test_default_tokens_per_answer_are_the_logs_rows():
    """Epoch AI's Benchmarking Hub logs (llm-benchmark-efficiency @ 34b9233, data/epoch_ai_eval_data.csv):
    o1-2024-12-17 (medium) wrote 487,905 output tokens over 45 OTIS Mock AIME samples (10,842.3 per
    answer); gpt-4o-2024-05-13, the snapshot priced, 530,461 over 720 (736.75). With output_tokens = 0
    and reasoning_token_ratio = 0 the page uses exactly these."""
    from scalingbook.pages import test_time_compute as ttc

    assert DEFAULTS["output_tokens"] == 0 and DEFAULTS["reasoning_token_ratio"] == 0, "defaults defer to the logs"
    pg = ttc.book_page()
    assert abs(pg.output_tokens - 487905 / 45) < 1e-9, (
        f"o1: 487,905 / 45 tokens per answer (abs 1e-9); got {pg.output_tokens}"
    )
    assert abs(pg.output_tokens / pg.token_ratio - 530461 / 720) < 1e-9, (
        f"GPT-4o (gpt-4o-2024-05-13): 530,461 / 720 tokens per answer (abs 1e-9); got {pg.output_tokens / pg.token_ratio}"
    )
    assert ttc.GPT4O_SNAPSHOT == "gpt-4o-2024-05-13"
    g = run_notebook_in_process(dict(DEFAULTS))["_published"]
    assert (
        round(g["o1_output_tokens_per_aime_answer"]) == 10842 and round(g["gpt4o_output_tokens_per_aime_answer"]) == 737
    )
    assert g["gpt4o_snapshot_priced"] == "gpt-4o-2024-05-13" and g["brown_coverage_points"] == 4


def test_o1_dollars_per_solved_aime_problem_at_list_prices():
    """OpenAI's list prices (o1: $15 / $60 per M; gpt-4o-2024-05-13: $5 / $15) and OpenAI 2024a's
    74% / 12% with the logs' tokens: (200 x 15 + 10,842.33 x 60) / 1e6 / 0.74 = $0.8832 per solved
    problem for o1, (200 x 5 + 736.75 x 15) / 1e6 / 0.12 = $0.1004 for GPT-4o (abs 1e-9)."""
    from scalingbook.pages import test_time_compute as ttc

    c = ttc.book_page().o1_cost
    want_o1 = (200 * 15 + 487905 / 45 * 60) / 1e6 / 0.74
    want_gpt = (200 * 5 + 530461 / 720 * 15) / 1e6 / 0.12
    assert abs(c["o1"] - want_o1) < 1e-9 and abs(c["gpt-4o"] - want_gpt) < 1e-9, f"cost per solved: {c}"
    assert abs(c["ratio"] - want_o1 / want_gpt) < 1e-9, "o1 / GPT-4o dollars per solved problem"


@pytest.mark.parametrize(
    "name,value", [("usd_per_m_input", 30.0), ("usd_per_m_output", 120.0), ("usd_per_m_output", 1.0)]
)
def test_pricing_parameters_change_o1_dollars_per_solved(name, value):
    """The reader's prices price o1's answers: doubling the input price adds 200 x 15 / 1e6 / 0.74
    dollars; the output price scales the output part; GPT-4o's cost (its own list price) stays."""
    from scalingbook.pages import test_time_compute as ttc

    base = ttc.book_page().o1_cost
    v = params.validate(CHAPTER, {name: value})
    c = ttc.build(v).o1_cost
    p_in, p_out = v["usd_per_m_input"], v["usd_per_m_output"]
    want = (200 * p_in + 487905 / 45 * p_out) / 1e6 / 0.74
    assert abs(c["o1"] - want) < 1e-9 and c["o1"] != base["o1"], f"{name} = {value}: o1 per solved {c['o1']} != {want}"
    assert c["gpt-4o"] == base["gpt-4o"], "GPT-4o is priced at its own snapshot's list price"
    text = str(ttc.cost_sentence(ttc.build(v)))
    assert text != str(ttc.cost_sentence(ttc.book_page())), "the generated cost sentence follows the reader's prices"


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
    assert abs(lo - 0.5625) < 1e-3 and abs(hi - 0.8630) < 1e-3, (
        f"74% of 30 (22.2 solved): Wilson 95% [0.562, 0.863]; got {lo, hi}"
    )


def test_claims_follow_the_ledger_rules():
    """o1's test-time and train-time claims alike (not checkable: OpenAI's chart has no values);
    Brown's coverage law not checkable (two printed points per curve fit exactly); the voting
    plateau and Snell's FLOPs-matched claims depend on an assumption, with computed ranges;
    Snell's claims switch where the 14x model catches up (Hoffmann law, Beta(0.3, 1.5), tie at
    24.5 log-odds per nat on the whole benchmark)."""
    from scalingbook.pages import claims as ledger
    from scalingbook.pages import test_time_compute as ttc

    cl = {c.key: c for c in ledger.chapter_claims(CHAPTER)}
    assert cl["o1-test-time"].verdict == cl["o1-train-time"].verdict == "not checkable"
    assert cl["brown-coverage-law"].verdict == "not checkable" and cl["snell-4x"].verdict == "not checkable"
    for key in (
        "brown-voting-plateaus",
        "snell-small-wins",
        "snell-pretraining-hard",
        "openai-rerank",
        "schaeffer-left-tail",
    ):
        assert cl[key].verdict == "depends on an assumption" and cl[key].readings, f"{key}: computed ranges"
    small = cl["snell-small-wins"].readings
    assert [r.verdict for r in small] == ["reproduces", "does not reproduce"], f"small model wins, then loses: {small}"
    hard = cl["snell-pretraining-hard"].readings
    assert [r.verdict for r in hard] == ["does not reproduce", "reproduces"], f"hardest bin switches: {hard}"
    assert small[0].high < BOOK_LOGIT * 10 and small[0].low <= BOOK_LOGIT <= small[0].high, (
        "at the book's 5 log-odds per nat the small model wins every non-trivial bin"
    )
    pg = ttc.book_page()
    assert pg.tie == 24.5, f"the 14x model ties best-of-14 at 24.5 log-odds per nat (grid step 0.5); got {pg.tie}"
    assert pg.tie_verified < pg.tie, "charging the verifier's FLOPs lowers the slope at which the larger model ties"
    plateau = {r.verdict for r in cl["brown-voting-plateaus"].readings}
    assert plateau == {"reproduces", "does not reproduce"}, "the plateau turns on how wrong answers cluster"
    for c in cl.values():
        assert c.source in {"openai2024o1", "brown2024", "schaeffer2025", "snell2024"}, f"{c.key}: source is a bib key"


# ---------------------------------------------------------------- generated sentences at the extremes

SENTENCES = (
    "summary_sentence",
    "fit_sentence",
    "spread_sentence",
    "published_coverage_sentence",
    "o1_sentence",
    "cost_sentence",
    "frontier_sentence",
    "verifier_sentence",
    "snell_sentence",
)


def _all_at(side: str) -> dict:
    v = {}
    for p in SCHEMA:
        if p.choices:
            v[p.name] = p.choices[0 if side == "low" else -1]
        elif p.kind in (int, float):
            val, is_open = (p.low, p.low_open) if side == "low" else (p.high, p.high_open)
            if is_open:
                val = val + (1 if p.kind is int else 1e-6) * (1 if side == "low" else -1)
            v[p.name] = p.kind(val)
    return params.validate(CHAPTER, v)


SENTENCE_CASES = [("every-lower-bound", _all_at("low")), ("every-upper-bound", _all_at("high"))] + [
    (f"random-set-{i}", params.validate(CHAPTER, v)) for i, (_, v) in enumerate(_random_cases(3, seed=7))
]


def _sentences(values: dict) -> dict[str, str]:
    from scalingbook.pages import test_time_compute as ttc

    pg = ttc.build(values)
    return {name: str(getattr(ttc, name)(pg)) for name in SENTENCES}


@pytest.mark.parametrize("name,values", SENTENCE_CASES, ids=[c[0] for c in SENTENCE_CASES])
def test_generated_sentences_hold_at_extremes_and_random_sets(name, values):
    """No sentence says a thing its numbers contradict: no '0 of 0 points', no 'N samples instead of
    N', no lead or trail of less than the printed precision, no raw float or NaN, and every sentence
    about the Beta benchmark says it is simulated."""
    import re

    from scalingbook.pages import test_time_compute as ttc

    text = _sentences(values)
    for key, t in text.items():
        assert "0 of 0 points" not in t, f"{name} {key}: {t}"
        assert not re.search(r"\d\.\d{5,}|\de[+-]\d|nan|NaN|inf\b", t), f"{name} {key}: raw number in {t}"
        for a, b in re.findall(r"draws? ([\d,]+) samples? instead of ([\d,]+)", t):
            assert a != b, f"{name} {key}: '{a} samples instead of {b}'"
        for pts in re.findall(r"(?:leads|trails) by ([\d.]+) points", t):
            assert float(pts) >= 0.05, f"{name} {key}: a lead below the printed precision: {t}"
    for key in (
        "summary_sentence",
        "fit_sentence",
        "spread_sentence",
        "frontier_sentence",
        "snell_sentence",
        "o1_sentence",
    ):
        assert ttc.SIMULATED in text[key], f"{name} {key}: a teaching-model sentence must say {ttc.SIMULATED}"


def test_sentences_at_every_lower_bound():
    """All parameters at their lower bounds: one sample per problem, equal sizes, a free verifier."""
    t = _sentences(SENTENCE_CASES[0][1])
    assert "with `n_samples` = 1 there is nothing to choose between" in t["summary_sentence"]
    assert "passes through both points exactly" in t["fit_sentence"], t["fit_sentence"]
    assert "ties with the larger model (within 0.05 points)" in t["frontier_sentence"], t["frontier_sentence"]
    assert "may draw 39,000,014 samples instead of 14" in t["snell_sentence"], (
        "Snell et al.'s X = 14 + 39 / R at R = 1e-6: 39,000,014 samples, not capped"
    )
    assert "With `verifier_params` = 0 the reward model costs nothing" in t["verifier_sentence"]


def test_sentences_at_every_upper_bound():
    """All parameters at their upper bounds: Beta(50, 200), 10,000 samples, every wrong answer the same."""
    from scalingbook.pages import test_time_compute as ttc

    values = SENTENCE_CASES[1][1]
    t = _sentences(values)
    pg = ttc.build(values)
    assert "describes it poorly" in t["fit_sentence"] and "a = -8.34 × 10¹⁹" in t["fit_sentence"], t["fit_sentence"]
    assert pg.fit.max_error > 0.5, "Beta(50, 200) coverage is no exponentiated power law on k <= 10,000"
    assert "*loses*" in t["summary_sentence"] and "ends below a single sample" in t["summary_sentence"]
    assert "adds less than one whole sample, so the small model still draws 14" in t["snell_sentence"], (
        "R = 1,000: X = 14 + 39 / 1000 = 14.04, still 14 whole samples"
    )
    assert "draws 1 sample instead of 100" in t["verifier_sentence"], t["verifier_sentence"]


BOOK_LOGIT = DEFAULTS["logit_per_nat"]
