"""The lab's trainer: loss falls, FLOPs match a hand count, a seed fixes the result, a stop is clean.

Needs the optional `lab` extra (JAX and optax), which `make test` installs."""

from __future__ import annotations

import math

import numpy as np
import pytest

jax = pytest.importorskip("jax", reason="the scaling lab's trainer needs JAX: pip install -e '.[lab]' (make test does)")
pytest.importorskip("optax", reason="the scaling lab's trainer needs optax: pip install -e '.[lab]' (make test does)")

from scalingbook.science.lab.config import RunConfig  # noqa: E402
from scalingbook.science.lab.data import Corpus, load_corpus, train_batches  # noqa: E402
from scalingbook.science.lab.flops import ModelShape, embedding_params, flops_per_token, non_embedding_params  # noqa: E402
from scalingbook.science.lab.model import count_params, init_params  # noqa: E402
from scalingbook.science.lab.train import Stopped, compilation_cache, train  # noqa: E402


def _tiny_corpus() -> Corpus:
    return load_corpus("tiny-shakespeare")


@pytest.fixture
def compile_once():
    """The training tests' runs share one shape (only seeds and step counts differ, which are not
    compiled in): XLA compiles it once and later runs read that executable from the lab's persistent
    cache, as the lab's workers do. What they compute is unchanged; only the compile is skipped."""
    from scalingbook.build import lab

    with compilation_cache(lab.jax_cache_dir()):
        yield


def _cfg(**kw) -> RunConfig:
    base = dict(
        n_layer=1, d_model=16, n_head=2, n_ctx=32, batch_size=8, steps=20, lr=1e-2, warmup_steps=2, eval_tokens=2048
    )
    base.update(kw)
    return RunConfig(**base)


@pytest.mark.slow
@pytest.mark.usefixtures("compile_once")
def test_loss_falls_over_20_steps_of_a_tiny_config():
    rec = train(_cfg(), _tiny_corpus())
    first, last = rec["train_loss_trace"][0][1], rec["train_loss_trace"][-1][1]
    assert last < first - 0.3, (
        f"training loss went from {first:.3f} to {last:.3f} in 20 steps; expected a fall of > 0.3 nats"
    )
    assert rec["val_loss"] < math.log(65), (
        f"validation loss {rec['val_loss']:.3f} is not below a uniform guess over 65 characters ({math.log(65):.3f})"
    )


@pytest.mark.slow
@pytest.mark.usefixtures("compile_once")
def test_same_seed_gives_the_same_loss_and_another_seed_does_not():
    corpus = _tiny_corpus()
    a, b = train(_cfg(seed=3), corpus), train(_cfg(seed=3), corpus)
    c = train(_cfg(seed=4), corpus)
    assert a["val_loss"] == b["val_loss"], f"seed 3 gave {a['val_loss']!r} then {b['val_loss']!r}"
    assert a["train_loss_trace"] == b["train_loss_trace"]
    assert c["val_loss"] != a["val_loss"], "seeds 3 and 4 gave identical losses: the seed does not reach the run"


def test_parameter_count_by_hand_matches_the_model():
    # width 16, 2 layers: per layer 3*16*16 (qkv) + 16*16 (proj) + 16*64 + 64*16 (MLP) = 3,072 weights
    # plus two LayerNorms of 2*16 = 64; the final LayerNorm 32. N = 2*(3072 + 64) + 32 = 6,304.
    shape = ModelShape(n_layer=2, d_model=16, n_head=2, n_ctx=64, vocab=65)
    assert non_embedding_params(shape) == 6_304
    # embeddings: token 65*16 + position 64*16 + head 16*65 = 3,104
    assert embedding_params(shape) == 3_104
    params = init_params(shape, jax.random.PRNGKey(0))
    assert count_params(params) == 6_304 + 3_104, "the model's arrays hold a different number of parameters"


def test_flops_per_token_by_hand():
    shape = ModelShape(n_layer=2, d_model=16, n_head=2, n_ctx=64, vocab=65)
    f = flops_per_token(shape)
    assert f["six_n"] == 6 * 6_304 == 37_824
    # attention: 3 (fwd+bwd) x 2 layers x (2*64*16 for QK^T + 2*64*16 for AV) = 24,576
    assert f["attention"] == 24_576
    # head: 3 x 2 x 16 x 65 = 6,240
    assert f["head"] == 6_240
    assert f["total"] == 37_824 + 24_576 + 6_240


@pytest.mark.slow
def test_forward_flops_agree_with_xla_cost_analysis():
    """The hand count's forward share (2N + attention/3 + head/3 per token) against XLA's own count of
    the compiled forward pass; XLA also counts LayerNorm, GELU and softmax, so it may be a little higher."""
    from scalingbook.science.lab.model import forward

    shape = ModelShape(n_layer=2, d_model=128, n_head=8, n_ctx=64, vocab=65)
    params = init_params(shape, jax.random.PRNGKey(0))
    tokens = jax.numpy.zeros((4, 64), dtype=jax.numpy.int32)
    compiled = jax.jit(lambda p, t: forward(p, t, 8)).lower(params, tokens).compile()
    cost = compiled.cost_analysis()
    cost = cost[0] if isinstance(cost, (list, tuple)) else cost
    if not cost or "flops" not in cost:
        pytest.skip("this JAX backend reports no cost analysis")
    f = flops_per_token(shape)
    hand = (f["six_n"] + f["attention"] + f["head"]) / 3 * tokens.size
    assert hand <= cost["flops"] <= 1.15 * hand, (
        f"XLA counts {cost['flops']:.4g} forward FLOP, the hand count {hand:.4g}: expected within [1, 1.15]x"
    )


@pytest.mark.slow
@pytest.mark.usefixtures("compile_once")
def test_a_stop_request_ends_the_run_without_a_record():
    with pytest.raises(Stopped):
        train(_cfg(steps=200), _tiny_corpus(), should_stop=lambda: True)


def test_windows_are_not_reused_within_one_epoch():
    train_ids = np.arange(20_000, dtype=np.uint16)  # every position distinct, so a window's start identifies it
    batches, epochs = train_batches(train_ids, 16, 4, 50, seed=0)
    starts = batches[:, :, 0].ravel()
    assert batches.shape == (50, 4, 17) and epochs == pytest.approx(200 / ((20_000 - 1) // 16))
    assert len(set(starts.tolist())) == len(starts), "a window was used twice within one epoch"
