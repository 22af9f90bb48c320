"""compute: C = 6ND for training and 2ND for inference (Kaplan et al. 2020, sec. 2.1)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scalingbook import compute

# Hoffmann et al. 2022, Table 3 (Approach 1): (params, FLOPs as printed, tokens as printed).
CHINCHILLA_TABLE3 = [
    (400e6, 1.92e19, 8.0e9),
    (1e9, 1.21e20, 20.2e9),
    (10e9, 1.23e22, 205.1e9),
    (67e9, 5.76e23, 1.5e12),
    (175e9, 3.85e24, 3.7e12),
    (280e9, 9.90e24, 5.9e12),
    (520e9, 3.43e25, 11.0e12),
    (1e12, 1.27e26, 21.2e12),
    (10e12, 1.30e28, 216.2e12),
]


@pytest.mark.parametrize("n, flops, d", CHINCHILLA_TABLE3)
def test_chinchilla_table3_flops_match_6nd(n, flops, d):
    got = compute.train_flops(n, d)
    assert got == pytest.approx(flops, rel=0.05), (
        f"Hoffmann et al. 2022 Table 3: {n:.3g} params x {d:.3g} tokens printed as {flops:.3g} FLOPs; "
        f"6ND = {got:.3g} (tolerance 5%: the token column is rounded)"
    )


def test_gpt3_175b_training_compute_is_3_14e23():
    got = compute.train_flops(175e9, 300e9)
    assert got == pytest.approx(3.14e23, rel=0.01), (
        f"Brown et al. 2020 Table D.1: GPT-3 175B on 300B tokens = 3.14e23 FLOPs; 6ND = {got:.4g} (tol 1%)"
    )


def test_chinchilla_70b_1_4t_is_5_88e23():
    got = compute.train_flops(70e9, 1.4e12)
    assert got == pytest.approx(5.88e23, rel=1e-3), (
        f"Hoffmann et al. 2022: Chinchilla 70B x 1.4T tokens, 6ND = 5.88e23; got {got:.4g} (tol 0.1%)"
    )


def test_pf_day_is_8_64e19_flops():
    assert compute.PF_DAY_FLOPS == pytest.approx(8.64e19, rel=1e-12), (
        "Kaplan et al. 2020 sec. 1.3: 1 PF-day = 8.64e19 FLOP"
    )


@given(st.floats(1e6, 1e13), st.floats(1e6, 1e15))
def test_training_costs_three_times_inference_per_token(n, d):
    assert compute.train_flops(n, d) == pytest.approx(3 * compute.inference_flops(n, d), rel=1e-12), (
        "Kaplan et al. 2020 sec. 2.1: training 6N per token = 3 x inference 2N per token"
    )


def test_train_flops_is_vectorised_over_10000_scenarios():
    n = np.logspace(8, 12, 10_000)
    d = np.full(10_000, 1e12)
    out = compute.train_flops(n, d)
    assert out.shape == (10_000,)
    assert np.allclose(out, 6 * n * d, rtol=1e-12), "6ND elementwise (Kaplan et al. 2020 sec. 2.1)"
    assert compute.train_flops(np.array([1e9, 2e9])[:, None], np.array([1e10, 1e11, 1e12])).shape == (2, 3)
