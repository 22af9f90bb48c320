"""A lab run's configuration (no JAX): the model's shape, the batch, the steps and the recipe."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .flops import ModelShape

__all__ = ["RunConfig", "RUN_COLUMNS"]


@dataclass(frozen=True)
class RunConfig:
    """Everything that defines one run (a JSON-able dataclass)."""

    n_layer: int
    d_model: int
    n_head: int
    n_ctx: int
    batch_size: int
    steps: int
    lr: float
    warmup_steps: int
    seed: int = 0
    weight_decay: float = 0.1
    beta1: float = 0.9
    beta2: float = 0.99
    grad_clip: float = 1.0
    final_lr_fraction: float = 0.1
    schedule: str = "cosine"  # or "constant" (after the warmup)
    eval_tokens: int = 32768

    def shape(self, vocab: int) -> ModelShape:
        return ModelShape(self.n_layer, self.d_model, self.n_head, self.n_ctx, vocab)

    @property
    def tokens(self) -> int:
        return self.steps * self.batch_size * self.n_ctx

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> RunConfig:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


#: The columns of a lab results CSV (one row per finished run).
RUN_COLUMNS = (
    "run_id",
    "stage",
    "budget",
    "n_layer",
    "d_model",
    "n_head",
    "n_ctx",
    "batch_size",
    "steps",
    "lr",
    "warmup_steps",
    "schedule",
    "seed",
    "n_params",
    "n_embedding_params",
    "tokens",
    "epochs",
    "flops_6nd",
    "flops_attention",
    "flops_head",
    "flops_total",
    "val_loss",
    "final_train_loss",
    "train_seconds",
    "achieved_flops_per_second",
    "corpus",
    "corpus_sha256",
    "jax_version",
    "device",
)
