"""Train one lab run: AdamW (optax), linear warmup then a cosine decay as long as the run.

The recipe (Hoffmann et al. 2022 against Kaplan et al. 2020: a schedule whose length matches each
run; Porian et al. 2024: short warmup and a larger AdamW beta2 at small batches) is set by
:class:`RunConfig`; :func:`train` returns the run's record (its config, measured validation loss,
tokens, FLOPs, wall time, achieved FLOP/s, JAX version and device).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

import jax
import jax.numpy as jnp
import numpy as np
import optax

from .config import RunConfig
from .data import Corpus, train_batches, validation_windows
from .flops import embedding_params, non_embedding_params, run_flops
from .model import count_params, init_params, loss_fn

__all__ = [
    "RunConfig",
    "Stopped",
    "train",
    "device_name",
    "make_optimizer",
    "lr_schedule",
    "enable_compilation_cache",
    "compilation_cache",
]


class Stopped(Exception):
    """Raised inside :func:`train` when ``should_stop()`` turns true (e.g. after Ctrl-C)."""


def lr_schedule(cfg: RunConfig) -> np.ndarray:
    """The learning rate of each step: linear warmup from 0 over ``warmup_steps``, then a cosine
    decay to ``final_lr_fraction`` of the peak at the run's last step (or a constant rate)."""
    warm = max(1, min(cfg.warmup_steps, cfg.steps))
    if cfg.schedule == "cosine":
        schedule = optax.warmup_cosine_decay_schedule(
            init_value=0.0,
            peak_value=cfg.lr,
            warmup_steps=warm,
            decay_steps=max(cfg.steps, warm + 1),
            end_value=cfg.lr * cfg.final_lr_fraction,
        )
    elif cfg.schedule == "constant":
        schedule = optax.join_schedules(
            [optax.linear_schedule(0.0, cfg.lr, warm), optax.constant_schedule(cfg.lr)], [warm]
        )
    else:
        raise ValueError(f"schedule must be 'cosine' or 'constant'; got {cfg.schedule!r}")
    return np.asarray(schedule(np.arange(cfg.steps)), dtype=np.float32)


def make_optimizer(cfg: RunConfig) -> optax.GradientTransformation:
    """AdamW (decoupled weight decay on the matrices only) after global-norm clipping, without its
    learning rate: the step multiplies by the scheduled rate, passed in as an argument so one
    compiled step serves every run of a shape."""
    return optax.chain(
        optax.clip_by_global_norm(cfg.grad_clip),
        optax.scale_by_adam(b1=cfg.beta1, b2=cfg.beta2),
        optax.add_decayed_weights(cfg.weight_decay, mask=lambda p: jax.tree_util.tree_map(lambda x: x.ndim >= 2, p)),
    )


def enable_compilation_cache(folder: str) -> None:
    """Keep compiled steps in ``folder`` (JAX's persistent cache): a shape trained again, in a
    later run or process, skips XLA's compile."""
    jax.config.update("jax_compilation_cache_dir", str(folder))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)


_CACHE_OPTIONS = (
    "jax_compilation_cache_dir",
    "jax_persistent_cache_min_compile_time_secs",
    "jax_persistent_cache_min_entry_size_bytes",
)


@contextlib.contextmanager
def compilation_cache(folder: str) -> Iterator[None]:
    """:func:`enable_compilation_cache` for the ``with`` block only: afterwards the process compiles
    as before (the previous settings back, JAX's cache object dropped so it reads them again)."""
    from jax.experimental.compilation_cache import compilation_cache as cc

    saved = {k: getattr(jax.config, k) for k in _CACHE_OPTIONS}
    cc.reset_cache()
    enable_compilation_cache(folder)
    try:
        yield
    finally:
        for k, v in saved.items():
            jax.config.update(k, v)
        cc.reset_cache()


def device_name() -> str:
    dev = jax.devices()[0]
    return f"{dev.platform}:{getattr(dev, 'device_kind', '')}".rstrip(":")


def train(
    cfg: RunConfig,
    corpus: Corpus,
    on_progress: Callable[[int, int, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """Train ``cfg`` on ``corpus``; return the run's measurements (see the module docstring).

    ``on_progress(step, steps, train_loss)`` is called every few steps; ``should_stop()`` is polled
    as often and raises :class:`Stopped` when true (nothing is returned for a stopped run).
    """
    t_start = time.perf_counter()
    shape = cfg.shape(corpus.vocab)
    batches, epochs = train_batches(corpus.train, cfg.n_ctx, cfg.batch_size, cfg.steps, cfg.seed)
    val = jnp.asarray(validation_windows(corpus.val, cfg.n_ctx, cfg.eval_tokens))
    params = init_params(shape, jax.random.PRNGKey(cfg.seed))
    opt = make_optimizer(cfg)
    state = opt.init(params)
    n_head = cfg.n_head

    lrs = lr_schedule(cfg)

    @jax.jit
    def step(params, state, batch, lr):
        loss, grads = jax.value_and_grad(loss_fn)(params, batch, n_head)
        updates, state = opt.update(grads, state, params)
        updates = jax.tree_util.tree_map(lambda u: -lr * u, updates)
        return optax.apply_updates(params, updates), state, loss

    @jax.jit
    def evaluate(params, windows):
        return loss_fn(params, windows, n_head)

    t_compile = time.perf_counter()
    compiled = step.lower(params, state, batches[0], lrs[0]).compile()
    compile_s = time.perf_counter() - t_compile

    every = max(1, cfg.steps // 50)
    trace: list[tuple[int, float]] = []
    t0 = time.perf_counter()
    loss = None
    for i in range(cfg.steps):
        params, state, loss = compiled(params, state, batches[i], lrs[i])
        if (i + 1) % every == 0 or i + 1 == cfg.steps:
            value = float(loss)
            trace.append((i + 1, value))
            if on_progress is not None:
                on_progress(i + 1, cfg.steps, value)
            if should_stop is not None and should_stop():
                raise Stopped(f"stopped at step {i + 1} of {cfg.steps}")
    jax.block_until_ready(params)
    train_s = time.perf_counter() - t0
    val_loss = float(evaluate(params, val))
    flops = run_flops(shape, cfg.tokens)
    return {
        "config": cfg.to_dict(),
        "vocab": corpus.vocab,
        "n_params": non_embedding_params(shape),
        "n_embedding_params": embedding_params(shape),
        "n_params_total": count_params(params),
        "tokens": cfg.tokens,
        "epochs": epochs,
        "flops_6nd": flops["six_n"],
        "flops_attention": flops["attention"],
        "flops_head": flops["head"],
        "flops_total": flops["total"],
        "val_loss": val_loss,
        "final_train_loss": trace[-1][1] if trace else float("nan"),
        "train_loss_trace": trace,
        "val_tokens": int(val.shape[0] * cfg.n_ctx),
        "compile_seconds": compile_s,
        "wall_seconds": time.perf_counter() - t_start,
        "train_seconds": train_s,
        "achieved_flops_per_second": flops["total"] / train_s if train_s > 0 else float("nan"),
        "jax_version": jax.__version__,
        "device": device_name(),
        "corpus": corpus.name,
        "corpus_sha256": corpus.sha256,
        "corpus_chars": int(len(corpus.ids)),
        "corpus_train_chars": int(corpus.n_train),
    }
