"""The lab's decoder-only transformer in JAX: parameters as a dict of arrays, a pure forward pass.

Pre-LayerNorm GPT blocks (causal multi-head attention, then a 4x GELU MLP), no biases in the
linear maps, learned token and position embeddings, an untied output head. Weights start from
N(0, 0.02^2), the two projections back into the residual stream scaled by 1/sqrt(2 n_layer)
(the GPT-2 initialisation, Radford et al. 2019).
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from .flops import ModelShape

__all__ = ["init_params", "forward", "loss_fn", "count_params"]


def init_params(shape: ModelShape, key: jax.Array) -> dict:
    """Fresh parameters for ``shape`` from PRNG ``key``."""
    d, v, t, layers = shape.d_model, shape.vocab, shape.n_ctx, shape.n_layer
    keys = iter(jax.random.split(key, 3 + 4 * layers))
    std, resid = 0.02, 0.02 / math.sqrt(2 * layers)

    def normal(k, shp, s):
        return s * jax.random.normal(k, shp, dtype=jnp.float32)

    params = {
        "tok": normal(next(keys), (v, d), std),
        "pos": normal(next(keys), (t, d), std),
        "head": normal(next(keys), (d, v), std),
        "ln_f": {"g": jnp.ones(d), "b": jnp.zeros(d)},
        "blocks": [],
    }
    for _ in range(layers):
        params["blocks"].append(
            {
                "ln1": {"g": jnp.ones(d), "b": jnp.zeros(d)},
                "qkv": normal(next(keys), (d, 3 * d), std),
                "proj": normal(next(keys), (d, d), resid),
                "ln2": {"g": jnp.ones(d), "b": jnp.zeros(d)},
                "fc": normal(next(keys), (d, 4 * d), std),
                "out": normal(next(keys), (4 * d, d), resid),
            }
        )
    return params


def count_params(params: dict) -> int:
    """All parameters, embeddings and head included."""
    return int(sum(x.size for x in jax.tree_util.tree_leaves(params)))


def _layer_norm(x: jax.Array, p: dict) -> jax.Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) * jax.lax.rsqrt(var + 1e-5) * p["g"] + p["b"]


def forward(params: dict, tokens: jax.Array, n_head: int) -> jax.Array:
    """Logits (batch, time, vocab) for integer ``tokens`` (batch, time)."""
    b, t = tokens.shape
    x = params["tok"][tokens] + params["pos"][:t]
    d = x.shape[-1]
    hd = d // n_head
    mask = jnp.tril(jnp.ones((t, t), dtype=bool))
    for blk in params["blocks"]:
        h = _layer_norm(x, blk["ln1"])
        q, k, v = jnp.split(h @ blk["qkv"], 3, axis=-1)
        q = q.reshape(b, t, n_head, hd)
        k = k.reshape(b, t, n_head, hd)
        v = v.reshape(b, t, n_head, hd)
        att = jnp.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(hd)
        att = jnp.where(mask, att, -1e30)
        att = jax.nn.softmax(att, axis=-1)
        y = jnp.einsum("bhqk,bkhd->bqhd", att, v).reshape(b, t, d)
        x = x + y @ blk["proj"]
        h = _layer_norm(x, blk["ln2"])
        x = x + jax.nn.gelu(h @ blk["fc"]) @ blk["out"]
    x = _layer_norm(x, params["ln_f"])
    return x @ params["head"]


def loss_fn(params: dict, batch: jax.Array, n_head: int) -> jax.Array:
    """Mean next-character cross-entropy (nats) over a batch of windows (batch, n_ctx + 1)."""
    inputs, targets = batch[:, :-1], batch[:, 1:]
    logits = forward(params, inputs, n_head)
    logp = jax.nn.log_softmax(logits, axis=-1)
    return -jnp.take_along_axis(logp, targets[..., None], axis=-1).mean()
