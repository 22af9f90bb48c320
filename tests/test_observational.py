"""scalingbook.science.observational: PCA identities, the sigmoid-of-components backtest is exact on its own
family, and on Ruan et al. 2024's base-model table a few components explain most of the variance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scalingbook import observational as ob


@pytest.fixture(scope="module")
def base():
    from scalingbook import datasets

    return datasets.load_obsscaling_base()


def test_pca_components_are_orthonormal_and_shares_sum_to_one():
    x = np.random.default_rng(0).normal(size=(50, 6))
    p = ob.principal_components(x)
    assert p.components @ p.components.T == pytest.approx(np.eye(6), abs=1e-10)
    assert p.explained.sum() == pytest.approx(1.0) and np.all(np.diff(p.explained) <= 1e-15)
    assert p.transform(x) == pytest.approx(p.scores, abs=1e-10)


def test_pca_of_a_rank_one_matrix_is_one_component():
    s = np.linspace(-2, 2, 40)
    x = np.outer(s, [0.3, 0.1, 0.5, 0.2]) + 0.4
    p = ob.principal_components(x)
    assert p.explained[0] == pytest.approx(1.0, abs=1e-12), "one latent capability -> PC1 explains everything"
    assert np.all(p.components[0] > 0), "PC1 oriented so that higher scores give a higher component"


def test_spearman_of_monotone_transforms_is_one():
    a = np.random.default_rng(1).normal(size=30)
    assert ob.spearman(a, np.exp(a)) == pytest.approx(1.0) and ob.spearman(a, -a) == pytest.approx(-1.0)


def test_capability_backtest_is_exact_on_its_own_family():
    rng = np.random.default_rng(2)
    cap = np.sort(rng.normal(size=60))
    loads = np.array([0.8, 1.0, 0.6, 1.2, 0.9, 0.7, 1.1])
    others = 1 / (1 + np.exp(-(np.outer(cap, loads) + rng.normal(0, 0.01, size=(60, 7)))))
    df = pd.DataFrame(others, columns=[b for b in ob.BENCHMARKS if b != "MMLU"])
    pc1 = ob.principal_components(others[:48]).transform(others)[:, 0]
    df["MMLU"] = 1 / (1 + np.exp(-(0.2 + 1.5 * pc1)))
    df["model"], df["family"], df["train_flops"] = [f"m{i}" for i in range(60)], "f", np.logspace(20, 24, 60)
    r = ob.capability_backtest(df, "MMLU", n_components=1, holdout=0.2)
    assert r["n_test"] == 12 and r["mae_pc"] < 1e-6, (
        "Ruan et al. 2024's sigmoid of a linear function of the PCs, fitted on the 48 smallest models, predicts "
        "the 12 largest exactly when the target follows it (1e-6)"
    )


def test_capability_backtest_names_its_ranges(base):
    with pytest.raises(ValueError, match=r"n_components must be in \[1, 7\]; got 8"):
        ob.capability_backtest(base, "MMLU", 8)
    with pytest.raises(ValueError, match="target must be one of"):
        ob.capability_backtest(base, "BBH")


def test_obsscaling_table_models_kept_and_left_out(base):
    kept, excluded = ob.score_matrix(base)
    assert len(base) == 148 and len(kept) + len(excluded) == 148, "Ruan et al. 2024 base-model table: 148 models"
    assert (excluded["reason"].str.startswith("no score on")).all() and len(kept) == 124


def test_a_few_components_explain_most_of_the_benchmark_variance(base):
    kept, _ = ob.score_matrix(base)
    p = ob.principal_components(kept[list(ob.BENCHMARKS)].to_numpy(float))
    assert p.explained[0] > 0.5 and p.explained[:3].sum() > 0.9, (
        f"Ruan et al. 2024: a few principal components explain most of the variance; "
        f"PC1 {p.explained[0]:.3f}, first three {p.explained[:3].sum():.3f}"
    )


def test_pc1_ranks_models_like_the_average_better_than_any_benchmark(base):
    r = ob.rank_agreement(base).set_index("measure")["spearman"]
    assert r["first principal component"] > r.drop("first principal component").max(), (
        "one capability index (PC1, as Epoch's Capabilities Index fits one capability per model) ranks the "
        "models as the eight-benchmark average does better than any single benchmark"
    )


@pytest.mark.parametrize("target", ob.BENCHMARKS)
def test_capability_axis_beats_compute_on_the_largest_models(base, target):
    r = ob.capability_backtest(base, target, 3, 0.2)
    assert r["n_test"] == 22 and r["mae_pc"] < r["mae_compute"], (
        f"Ruan et al. 2024: benchmark scores predict {target} of the largest models better than compute alone "
        f"(MAE {r['mae_pc']:.3f} vs {r['mae_compute']:.3f})"
    )


def test_heldout_index_never_sees_the_held_out_benchmark():
    """Ruan et al. 2024's capability measure (PC1) tested out of sample: changing a held-out
    benchmark's scores must not change the index it is ranked by."""
    import numpy as np
    import pandas as pd

    from scalingbook.science import observational as ob

    rng = np.random.default_rng(0)
    ability = rng.normal(size=40)
    df = pd.DataFrame({b: 1 / (1 + np.exp(-(ability + rng.normal(scale=0.3, size=40)))) for b in ob.BENCHMARKS})
    df["model"] = [f"m{i}" for i in range(40)]
    h1 = ob.heldout_rank_agreement(df)
    df2 = df.copy()
    df2["MMLU"] = rng.permutation(df2["MMLU"].to_numpy())
    h2 = ob.heldout_rank_agreement(df2)
    assert h2.set_index("held_out").loc["MMLU", "index"] < 0.5 < h1.set_index("held_out").loc["MMLU", "index"], (
        "a held-out benchmark of shuffled scores is no longer ranked by the index of the others"
    )
    sp = ob.split_rank_agreement(df)
    assert len(sp) == 35, "8 benchmarks split into two halves of 4: C(8,4)/2 = 35 splits"
    assert (sp["index_agreement"] >= sp["single_agreement"]).mean() > 0.5, "averaging 4 noisy scores steadies the rank"
