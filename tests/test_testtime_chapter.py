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

CHAPTER = "test-time-compute"
NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "test_time_compute.ipynb"
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
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
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
    from scalingbook.chapters import test_time_compute as ttc

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
    from scalingbook.chapters import test_time_compute as ttc

    verdicts = ttc.claims(g["pg"])["verdict"].tolist()
    assert verdicts == book_verdicts, f"{name}: a verdict changed with the reader's parameters: {verdicts} vs {book_verdicts}"


@pytest.mark.slow
@pytest.mark.parametrize("values", [{"difficulty_alpha": 2.0}, {"n_samples": 1}], ids=["alpha-2", "n_samples-1"])
def test_notebook_executes_through_papermill_at_the_reported_crashes(values, tmp_path):
    """The review's two crashes, run as the book runs them (papermill, a fresh kernel)."""
    import papermill as pm

    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), parameters=values, cwd=str(NOTEBOOK.parent), progress_bar=False)
    nb = json.loads(out.read_text())
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{values}: the notebook raised {errors[:1]}"
