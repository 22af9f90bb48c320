"""Data quality (scalingbook.science.quality): Subramanyam et al. 2025's quality-aware Chinchilla law and
the tokens a quality gain saves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scalingbook import quality
from scalingbook.science.laws import BESIROGLU_2024, HOFFMANN_2022


def test_clean_data_gives_back_the_chinchilla_law():
    n, d = np.array([1e9, 7e10]), np.array([2e10, 1.4e12])
    got = quality.quality_loss(HOFFMANN_2022, n, d, 1.0, 0.7)
    assert np.allclose(got, HOFFMANN_2022.loss(n, d), rtol=1e-15), (
        "Subramanyam et al. 2025: L(N, D, Q=1) = E + A/N^alpha + B/D^beta (the Chinchilla form)"
    )
    assert np.allclose(quality.quality_loss(HOFFMANN_2022, n, d, 0.3, 0.0), HOFFMANN_2022.loss(n, d)), (
        "gamma = 0: no effect"
    )


def test_quality_enters_the_data_term_only():
    law = BESIROGLU_2024
    n, d, q, g = 7e10, 1.4e12, 0.6, 0.5
    expected = law.E + law.A / n**law.alpha + law.B / (d**law.beta * q**g)
    assert quality.quality_loss(law, n, d, q, g) == pytest.approx(expected, rel=1e-14), (
        "Subramanyam et al. 2025: L = E + A/N^alpha + B/(D^beta Q^gamma)"
    )


@given(st.floats(0.05, 1.0), st.floats(0.0, 2.0), st.floats(1e8, 1e13), st.floats(1e7, 1e11))
def test_effective_tokens_make_the_clean_law_agree(q, g, d, n):
    law = BESIROGLU_2024
    d_eff = quality.effective_tokens(d, q, g, law.beta)
    assert law.loss(n, d_eff) == pytest.approx(quality.quality_loss(law, n, d, q, g), rel=1e-12)


@given(st.floats(0.05, 1.0), st.floats(0.05, 1.0), st.floats(0.01, 2.0))
def test_tokens_for_quality_reach_equal_loss(q0, q1, g):
    law = HOFFMANN_2022
    d1 = quality.tokens_for_quality(1e11, q0, q1, g, law.beta)
    assert quality.quality_loss(law, 1e9, d1, q1, g) == pytest.approx(
        quality.quality_loss(law, 1e9, 1e11, q0, g), rel=1e-12
    )


def test_tokens_saved_share_values():
    # 1 - 0.8^(gamma/beta): gamma = beta saves exactly 20%
    assert quality.tokens_saved_share(0.8, 1.0, 0.3, 0.3) == pytest.approx(0.2, rel=1e-12)
    assert quality.tokens_saved_share(1.0, 1.0, 0.5, 0.37) == 0.0
    assert quality.tokens_saved_share(1.0, 0.8, 0.5, 0.37) < 0, "lowering quality costs tokens"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(quality=0.0), r"quality must be in \(0, 1\], got 0"),
        (dict(quality=1.5), r"quality must be in \(0, 1\], got 1.5"),
        (dict(gamma=-0.1), r"gamma must be in \[0, inf\), got -0.1"),
    ],
)
def test_bad_inputs_are_named(kwargs, message):
    args = dict(quality=0.8, gamma=0.5) | kwargs
    with pytest.raises(ValueError, match=message):
        quality.quality_loss(HOFFMANN_2022, 1e9, 1e10, args["quality"], args["gamma"])
