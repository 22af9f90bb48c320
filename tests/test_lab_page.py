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


def _reference_bootstrap(runs: pd.DataFrame, n_bootstrap: int, seed: int):
    """The bootstrap one resample at a time, as plainly as possible: the same index draws (every
    budget's (n_bootstrap, runs) array drawn up front, budgets ascending), each resample's parabola by
    np.polyfit (an._vertex) and its power laws by np.polyfit (an.exponents). Returns a and b of every
    resample (NaN where dropped) and why each was dropped (None where kept)."""
    sweep = runs[runs["stage"] == "sweep"]
    groups = [
        (float(b), g["n_params"].to_numpy(float), g["val_loss"].to_numpy(float))
        for b, g in sweep.groupby("budget")
        if g["n_params"].nunique() >= 3
    ]
    rng = np.random.default_rng(seed)
    draws = [rng.integers(0, len(n), (n_bootstrap, len(n))) for _, n, _ in groups]
    a_s, b_s, why = np.full(n_bootstrap, np.nan), np.full(n_bootstrap, np.nan), []
    for r in range(n_bootstrap):
        mins, reason = [], None
        for (budget, n, loss), idx in zip(groups, draws):
            try:
                with np.errstate(divide="ignore", over="ignore"):  # a near-flat parabola's far vertex
                    m = an._vertex(budget, n[idx[r]], loss[idx[r]])
            except ValueError:
                reason = "fewer than three sizes"
                break
            if m.curvature <= 0:
                reason = "downward parabola"
                break
            if not m.inside:
                reason = "vertex outside the sizes"
                break
            mins.append(m)
        why.append(reason)
        if reason is None:
            e = an.exponents(mins)
            a_s[r], b_s[r] = e["a"], e["b"]
    return a_s, b_s, why


def _noisy_sweep() -> pd.DataFrame:
    """Three budgets of seven sizes, the middle three trained twice (repeated sizes), with noise large
    enough that resamples fail every rule."""
    rng = np.random.default_rng(5)
    rows = []
    for c in (1e10, 1e11, 1e12):
        for k in (*range(-3, 4), -1, 0, 1):
            n = 1e-3 * c**0.6 * 2.0**k
            rows.append(
                {"stage": "sweep", "budget": c, "n_params": n, "val_loss": 2 + 0.02 * k * k + rng.normal(0, 0.03)}
            )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("which", ["committed", "noisy"])
def test_vectorised_bootstrap_equals_a_plain_per_resample_loop(which, runs):
    data = runs if which == "committed" else _noisy_sweep()
    n_bootstrap, seed = 1500, 1
    ref_a, ref_b, why = _reference_bootstrap(data, n_bootstrap, seed)
    for reason in ("fewer than three sizes", "downward parabola", "vertex outside the sizes"):
        assert reason in why, f"no resample dropped for '{reason}': the comparison would not exercise that rule"
    kept = np.array([w is None for w in why])
    assert kept.sum() >= 100
    groups = an._bootstrap_groups(data)
    a, b, keep = an._bootstrap_samples(groups, an._bootstrap_draws(groups, n_bootstrap, seed))
    assert np.array_equal(keep, kept), f"{int((keep != kept).sum())} resamples kept or dropped unlike the loop"
    assert np.allclose(a[keep], ref_a[kept], rtol=0, atol=1e-9) and np.allclose(b[keep], ref_b[kept], rtol=0, atol=1e-9)
    ci = an.bootstrap_exponents(data, n_bootstrap, seed)
    assert (ci["kept"], ci["dropped"]) == (int(kept.sum()), int((~kept).sum()))
    for p, ref in (("a", ref_a[kept]), ("b", ref_b[kept])):
        lo, hi = np.quantile(ref, [0.025, 0.975])
        assert ci[f"{p}_low"] == pytest.approx(lo, abs=1e-9) and ci[f"{p}_high"] == pytest.approx(hi, abs=1e-9), (
            f"{p}: vectorised interval [{ci[f'{p}_low']}, {ci[f'{p}_high']}], per-resample loop [{lo}, {hi}]"
        )
