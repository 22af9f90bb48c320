"""Parameter and FLOP accounting of the lab's transformer (no JAX).

The model is a pre-LayerNorm decoder-only transformer: ``n_layer`` blocks of width ``d_model``,
attention projections and a 4x MLP without biases, LayerNorms with a scale and a bias, learned
token and position embeddings and an untied output head. Counting follows Kaplan et al. 2020
(section 2.1): N counts the non-embedding parameters; training costs about 6 FLOP per
non-embedding parameter per token (2 forward, 4 backward), so C = 6ND. Two terms that 6ND leaves
out are counted beside it, because at this scale they are not small: the attention's
token-to-token products (QK^T and AV over the context) and the output head (Porian et al. 2024
found that leaving out the last layer's FLOPs biases small-scale IsoFLOP fits).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ModelShape", "non_embedding_params", "embedding_params", "flops_per_token", "run_flops"]


@dataclass(frozen=True)
class ModelShape:
    """A model's shape: layers, width, heads, context length and vocabulary size."""

    n_layer: int
    d_model: int
    n_head: int
    n_ctx: int
    vocab: int

    def __post_init__(self) -> None:
        for name in ("n_layer", "d_model", "n_head", "n_ctx", "vocab"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be at least 1; got {getattr(self, name)}")
        if self.d_model % self.n_head:
            raise ValueError(f"d_model ({self.d_model}) must be a multiple of n_head ({self.n_head})")


def non_embedding_params(shape: ModelShape) -> int:
    """N: the blocks' weights (4 d^2 attention + 8 d^2 MLP), their two LayerNorms (4 d) and the
    final LayerNorm (2 d). Embeddings and the output head are not counted (Kaplan et al. 2020)."""
    d, layers = shape.d_model, shape.n_layer
    return layers * (12 * d * d + 4 * d) + 2 * d


def embedding_params(shape: ModelShape) -> int:
    """The parameters N leaves out: token embedding (V d), position embedding (T d) and the
    untied output head (d V)."""
    return 2 * shape.vocab * shape.d_model + shape.n_ctx * shape.d_model


def flops_per_token(shape: ModelShape) -> dict[str, float]:
    """Training FLOP per token (forward + backward = 3x forward), term by term.

    ``six_n``: 6N, the C = 6ND term; ``attention``: 3 x (2 n_ctx d for QK^T + 2 n_ctx d for AV) per
    layer, as the model computes it (the full context, the causal mask applied after the product);
    ``head``: 3 x 2 d V for the output head. ``total`` is their sum (LayerNorm, softmax and the
    optimiser's update are left out; each is O(d) per token).
    """
    d, layers, t, v = shape.d_model, shape.n_layer, shape.n_ctx, shape.vocab
    six_n = 6.0 * non_embedding_params(shape)
    attention = 3.0 * layers * 4.0 * t * d
    head = 3.0 * 2.0 * d * v
    return {"six_n": six_n, "attention": attention, "head": head, "total": six_n + attention + head}


def run_flops(shape: ModelShape, tokens: float) -> dict[str, float]:
    """:func:`flops_per_token` times ``tokens`` trained on."""
    return {k: v * float(tokens) for k, v in flops_per_token(shape).items()}
