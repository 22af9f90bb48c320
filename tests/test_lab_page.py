"""The scaling-lab chapter's page, from the committed runs (no JAX needed): the sweep meets the
chapter's design, the analysis finds interior minima, and bad parameters stop with a message."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scalingbook.errors import ParameterError
from scalingbook.pages import params as P
from scalingbook.pages import scaling_lab as sl
from scalingbook.science.lab import analysis as an


@pytest.fixture(scope="module")
def runs() -> pd.DataFrame:
    return sl.read_runs(sl.committed_runs_file())


@pytest.fixture(scope="module")
def page():
    return sl.build(P.validate("scaling-lab", {"n_bootstrap": 200}))


def test_committed_sweep_has_three_budgets_over_a_decade_five_sizes_each_at_most_one_epoch(runs):
    sweep = runs[runs["stage"] == "sweep"]
    sizes = sweep.groupby("budget")["n_params"].nunique()
    assert len(sizes) >= 3 and sizes.index.max() / sizes.index.min() >= 10, f"budgets {list(sizes.index)}"
    assert (sizes >= 5).all(), f"sizes per budget {sizes.to_dict()}"
    assert (runs["epochs"] <= 1).all(), f"runs past one epoch: {runs.loc[runs['epochs'] > 1, 'run_id'].tolist()}"
    assert (runs["stage"] == "heldout").sum() == 1, "the committed runs hold no held-out run"
    held = runs.loc[runs["stage"] == "heldout", "budget"].iloc[0]
    assert held > sweep["budget"].max(), "the held-out budget is not larger than the sweep's"


def test_each_committed_isoflop_minimum_lies_inside_the_sizes_tried(runs):
    minima = an.isoflop_minima(runs)
    assert len(minima) >= 3
    assert all(m.inside and m.curvature > 0 for m in minima), [(m.budget, m.n_opt, m.inside) for m in minima]
    ns = [m.n_opt for m in minima]
    assert ns == sorted(ns), f"compute-optimal sizes do not grow with the budget: {ns}"


def test_committed_runs_record_6nd_as_their_budget(runs):
    ratio = 6 * runs["n_params"] * runs["tokens"] / runs["budget"]
    assert np.allclose(ratio, 1, atol=0.05), f"6ND / budget ranges {ratio.min():.3f} to {ratio.max():.3f}"
    assert (runs["flops_total"] > runs["flops_6nd"]).all()


def test_parabola_vertex_recovers_a_known_minimum():
    n = np.array([1e3, 2e3, 4e3, 8e3, 16e3, 32e3])
    loss = 2.0 + 0.3 * (np.log10(n) - np.log10(5e3)) ** 2
    m = an.isoflop_minima(pd.DataFrame({"stage": "sweep", "budget": 1e10, "n_params": n, "val_loss": loss}))[0]
    assert m.n_opt == pytest.approx(5e3, rel=1e-9) and m.loss_opt == pytest.approx(2.0) and m.inside


def test_exponent_of_exact_power_law_minima_is_recovered():
    rows = []
    for c in (1e10, 1e11, 1e12):
        n_opt = 1e-3 * c**0.6
        for k in range(-2, 3):
            n = n_opt * 2.0**k
            rows.append(
                {"stage": "sweep", "budget": c, "n_params": n, "val_loss": 2 + 0.1 * (np.log10(n / n_opt)) ** 2}
            )
    e = an.exponents(an.isoflop_minima(pd.DataFrame(rows)))
    assert e["a"] == pytest.approx(0.6, abs=1e-9) and e["a"] + e["b"] == pytest.approx(1.0)


def test_page_publishes_finite_results_and_a_prediction_from_smaller_budgets_only(page):
    assert 0 < page.exponents["a"] < 1.5
    assert page.ci["a_low"] <= page.exponents["a"] <= page.ci["a_high"]
    assert page.fit.n_points == len(page.runs)
    assert page.fit_before.n_points == int((page.runs["budget"] < page.heldout_budget).sum())
    assert math.isfinite(page.predicted_loss) and math.isfinite(page.measured_loss)
    assert page.heldout_run["stage"] == "heldout"


def test_page_at_the_largest_sweep_budget_holds_it_out(runs):
    top = float(runs.loc[runs["stage"] == "sweep", "budget"].max())
    p = sl.build(P.validate("scaling-lab", {"heldout_budget": top, "n_bootstrap": 0}))
    assert p.heldout_budget == top and p.fit_before.n_points == int((runs["budget"] < top).sum())
    assert math.isnan(p.ci["a_low"])


def test_embeddings_counted_change_n_but_not_d(page):
    p = sl.build(P.validate("scaling-lab", {"count_embeddings": True, "n_bootstrap": 0}))
    assert (p.runs["N"] > page.runs["N"]).all() and (p.runs["D"] == page.runs["D"]).all()


def test_every_heldout_budget_in_its_range_picks_the_nearest_budget_of_the_runs_file():
    """heldout_budget may be any value in [0, 1e25] (every declared value runs): the page holds out the
    runs file's budget nearest on a log scale, 0 the largest."""
    budgets = [1e10, 3e10, 1e11, 3e11]
    assert sl.heldout_for(budgets, 0.0) == 3e11
    assert sl.heldout_for(budgets, 12345.0) == 1e10
    assert sl.heldout_for(budgets, 2e11) == 3e11  # log10: 11.30 is 0.18 from 3e11, 0.30 from 1e11
    assert sl.heldout_for(budgets, 1e25) == 3e11
    page = sl.build(P.validate("scaling-lab", {"heldout_budget": 12345.0, "n_bootstrap": 0}))
    assert page.heldout_budget == pytest.approx(1e10)


def test_a_runs_file_without_the_lab_columns_is_refused(tmp_path):
    bad = tmp_path / "runs.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ParameterError, match="lacks the column"):
        sl.build(P.validate("scaling-lab", {"runs_file": str(bad), "n_bootstrap": 0}))


def test_claims_are_not_checkable_and_name_what_is_missing():
    for c in sl.claims():
        assert c.verdict == "not checkable" and "1e18" in c.missing


def test_the_page_builds_with_jax_and_optax_unimportable():
    """`make book` does not install the lab extra: the page and its charts must not import JAX."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('jax', 'jaxlib', 'optax', 'distributed', 'dask'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from scalingbook.pages import params as P, scaling_lab as sl\n"
        "page = sl.build(P.validate('scaling-lab', {'n_bootstrap': 50}))\n"
        "sl.isoflop_chart(page).to_dict(); sl.optimum_chart(page).to_dict(); sl.heldout_chart(page).to_dict()\n"
        "sl.compute_terms_chart(page).to_dict(); sl.claims()\n"
        "import scalingbook.build.cli\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('jax', 'optax')]\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-2000:]
