"""The lab's sweeps (no JAX): presets, the model-size ladder, the learning-rate rule and the plan.

A sweep trains, at each FLOP budget C, a ladder of model sizes for D = C / (6N) tokens each
(an IsoFLOP curve, Hoffmann et al. 2022's approach 2). Sizes differ in width only, at a fixed
depth; each budget's sizes are the ladder's widths nearest a guess of its compute-optimal size,
so the minimum lies inside the sizes tried. One larger budget is held out: its single run is
planned from the smaller budgets' fit (the size they predict to be compute-optimal there) and its
predicted loss is written down before it trains.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .config import RunConfig
from .flops import ModelShape, non_embedding_params

__all__ = [
    "Preset",
    "PRESETS",
    "PlannedRun",
    "WIDTHS",
    "n_head_for",
    "lr_for",
    "warmup_for",
    "config_for",
    "plan",
    "heldout_plan",
    "run_id",
]

#: The width ladder: about 1.5-2x apart in non-embedding parameters at a fixed depth.
WIDTHS: tuple[int, ...] = (6, 8, 12, 16, 24, 32, 40, 48, 64, 80, 96, 128, 160, 192, 256)


def n_head_for(d_model: int) -> int:
    """Heads of width 8 below width 64, of width 16 from 64 on."""
    return max(1, d_model // (8 if d_model < 64 else 16))


def lr_for(d_model: int, base_lr: float = 1e-2, base_width: int = 32) -> float:
    """The peak learning rate of width ``d_model``: ``base_lr`` up to ``base_width``, then falling
    as 1/width (the book's rule: Adam's update size does not shrink with width, so a wider
    matrix takes a proportionally smaller rate to move its outputs as much)."""
    return base_lr * min(1.0, base_width / d_model)


def warmup_for(steps: int, fraction: float = 0.05) -> int:
    """Warmup steps: ``fraction`` of the run, at least one (short, as Porian et al. 2024 advise for
    small models, instead of a fixed count that would swallow a short run)."""
    return max(1, int(round(fraction * steps)))


@dataclass(frozen=True)
class Preset:
    """A sweep: budgets (6ND FLOP), sizes per budget, the held-out budget and the recipe."""

    name: str
    budgets: tuple[float, ...]
    sizes_per_budget: int
    heldout_budget: float | None
    corpus: str = "books"
    n_layer: int = 2
    n_ctx: int = 64
    batch_size: int = 16
    seed: int = 0
    base_lr: float = 1e-2
    schedule: str = "cosine"
    #: guess of the compute-optimal N: guess_k * C ** guess_exp (centres each budget's ladder)
    guess_k: float = 0.038
    guess_exp: float = 0.5
    eval_tokens: int = 32768
    #: ladder widths below the guess in each budget's window (the rest lie above it: at this scale
    #: the loss rises steeply past the optimum and the smallest sizes would need over one epoch)
    below: int = 1
    widths: tuple[int, ...] = field(default=WIDTHS)

    @property
    def batch_tokens(self) -> int:
        return self.batch_size * self.n_ctx


PRESETS: dict[str, Preset] = {
    "default": Preset("default", budgets=(1e10, 3e10, 1e11), sizes_per_budget=6, heldout_budget=3e11, below=2),
    "smoke": Preset("smoke", budgets=(1e9, 3e9), sizes_per_budget=3, heldout_budget=None, eval_tokens=8192, below=1),
}


@dataclass(frozen=True)
class PlannedRun:
    """One run of a plan: its id, stage ("sweep" or "heldout"), budget and config."""

    run_id: str
    stage: str
    budget: float
    config: RunConfig

    @property
    def n_params(self) -> int:
        c = self.config
        return non_embedding_params(ModelShape(c.n_layer, c.d_model, c.n_head, c.n_ctx, 1))


def run_id(stage: str, budget: float, n_layer: int, d_model: int, seed: int) -> str:
    mant, exp = f"{budget:.0e}".split("e")
    return f"{stage}-{mant}e{int(exp)}-L{n_layer}d{d_model}-s{seed}"


def _params(preset: Preset, d: int) -> int:
    return non_embedding_params(ModelShape(preset.n_layer, d, n_head_for(d), preset.n_ctx, 1))


def config_for(preset: Preset, budget: float, d_model: int) -> RunConfig:
    """The run of width ``d_model`` at ``budget``: D = C / (6N) tokens in whole batches."""
    n = _params(preset, d_model)
    steps = max(1, int(round(budget / (6.0 * n) / preset.batch_tokens)))
    return RunConfig(
        n_layer=preset.n_layer,
        d_model=d_model,
        n_head=n_head_for(d_model),
        n_ctx=preset.n_ctx,
        batch_size=preset.batch_size,
        steps=steps,
        lr=lr_for(d_model, preset.base_lr),
        warmup_steps=warmup_for(steps),
        seed=preset.seed,
        schedule=preset.schedule,
        eval_tokens=preset.eval_tokens,
    )


def nearest_width(preset: Preset, n_target: float) -> int:
    """The ladder width whose N is nearest ``n_target`` in log."""
    return min(preset.widths, key=lambda d: abs(math.log(_params(preset, d) / n_target)))


def plan(preset: Preset, max_tokens: float | None = None) -> list[PlannedRun]:
    """The sweep's runs: ``sizes_per_budget`` consecutive ladder widths per budget, from ``below``
    widths under the guess of the compute-optimal size upwards, moved up past any width whose run
    would read more than ``max_tokens`` (one epoch of the corpus' training split). The held-out
    run is planned later, by :func:`heldout_plan`."""
    runs = []
    k = preset.sizes_per_budget
    for budget in preset.budgets:
        centre = preset.widths.index(nearest_width(preset, preset.guess_k * budget**preset.guess_exp))
        lo = min(max(0, centre - preset.below), len(preset.widths) - k)
        while (
            max_tokens is not None
            and lo < len(preset.widths) - k
            and config_for(preset, budget, preset.widths[lo]).tokens > max_tokens
        ):
            lo += 1
        for d in preset.widths[lo : lo + k]:
            runs.append(
                PlannedRun(
                    run_id("sweep", budget, preset.n_layer, d, preset.seed),
                    "sweep",
                    budget,
                    config_for(preset, budget, d),
                )
            )
    return runs


def heldout_plan(preset: Preset, n_opt: float, max_tokens: float | None = None) -> PlannedRun:
    """The held-out run: the ladder width nearest the predicted compute-optimal ``n_opt`` among
    those whose run reads at most ``max_tokens`` (one epoch)."""
    if preset.heldout_budget is None:
        raise ValueError(f"preset '{preset.name}' has no held-out budget")
    budget = preset.heldout_budget
    allowed = [
        w for w in preset.widths if max_tokens is None or config_for(preset, budget, w).tokens <= max_tokens
    ] or [preset.widths[-1]]
    d = min(allowed, key=lambda w: abs(math.log(_params(preset, w) / n_opt)))
    return PlannedRun(
        run_id("heldout", preset.heldout_budget, preset.n_layer, d, preset.seed),
        "heldout",
        preset.heldout_budget,
        config_for(preset, preset.heldout_budget, d),
    )
