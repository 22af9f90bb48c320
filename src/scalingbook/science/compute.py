"""Training and inference compute of dense transformers.

The 6ND / 2ND approximations count a forward pass as 2 FLOPs per parameter per token and a
backward pass as twice the forward (Kaplan et al. 2020, sec. 2.1).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["train_flops", "inference_flops", "PF_DAY_FLOPS"]

#: One petaflop/s-day in FLOPs: 1e15 FLOP/s x 86,400 s (Kaplan et al. 2020, sec. 1.3).
PF_DAY_FLOPS = 1e15 * 86_400


def train_flops(n_params: ArrayLike, n_tokens: ArrayLike) -> np.ndarray | float:
    """Training compute C = 6 N D, in FLOPs (Kaplan et al. 2020, sec. 2.1).

    n_params: parameters N; n_tokens: training tokens D; arrays broadcast.
    """
    out = 6.0 * np.asarray(n_params, dtype=float) * np.asarray(n_tokens, dtype=float)
    return out.item() if out.ndim == 0 else out


def inference_flops(n_params: ArrayLike, n_tokens: ArrayLike) -> np.ndarray | float:
    """Inference compute 2 N D, in FLOPs, for D tokens processed or generated (Kaplan et al.
    2020, sec. 2.1: a forward pass costs about 2 FLOPs per parameter per token).

    n_params: parameters N; n_tokens: tokens D; arrays broadcast.
    """
    out = 2.0 * np.asarray(n_params, dtype=float) * np.asarray(n_tokens, dtype=float)
    return out.item() if out.ndim == 0 else out
