"""Chapter parameter schemas and their validation.

Every chapter notebook has one cell tagged ``parameters`` whose annotated assignments
(``mfu: float = 0.4  # ...``) must agree with the chapter's schema here (a test checks it).
The pipeline validates a reader's values against the schema *before* any kernel starts,
and the notebook validates them again with :func:`check_parameters` as its first step, so
a bad value always stops with a message naming the parameter, its allowed range and the
value given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ParameterError
from .format import value as _value

__all__ = [
    "Param",
    "ParameterError",
    "SCHEMAS",
    "chapter_names",
    "schema",
    "coerce_value",
    "validate",
    "check_parameters",
    "current_chapter",
    "parameters_table",
    "as_floats",
    "check_range",
    "scalar_or_array",
    "shorten",
    "HugeInteger",
    "MAX_DIGITS",
    "brief",
    "ORDERED",
]


@dataclass(frozen=True)
class Param:
    """One chapter parameter: its type, default, allowed values, unit and meaning.

    ``low``/``high`` bound numbers (inclusive unless ``low_open``/``high_open``);
    ``choices`` restricts strings to a fixed set (e.g. dataset names); ``must_exist`` makes
    a non-empty string a path that must exist and be readable, checked before any kernel
    starts (what the file holds is the chapter's business).
    """

    name: str
    kind: type
    default: Any
    unit: str
    meaning: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] | None = None
    must_exist: bool = False

    def allowed(self) -> str:
        """The allowed values in words, e.g. ``(0, 1]`` or ``one of: A100, H100``."""
        if self.kind is bool:
            return "true or false"
        if self.choices is not None:
            return "one of: " + ", ".join(self.choices)
        if self.kind in (int, float):
            if self.low is None and self.high is None:
                return "any number" if self.kind is float else "any integer"
            left = "(" if self.low_open or self.low is None else "["
            right = ")" if self.high_open or self.high is None else "]"
            low = "-inf" if self.low is None else _value(self.low)
            high = "inf" if self.high is None else _value(self.high)
            return f"{left}{low}, {high}{right}"
        if self.must_exist:
            return "an existing file or folder (empty: none)"
        return "any text"

    def check(self, value: Any, chapter: str = "") -> Any:
        """Return ``value`` converted to this parameter's type, or raise ParameterError."""
        where = f" of chapter '{chapter}'" if chapter else ""
        given = value
        value = coerce_value(self, value, where)
        if self.choices is not None and value not in self.choices:
            raise ParameterError(f"parameter '{self.name}'{where} must be {self.allowed()}; got {_quoted(value)}")
        if self.must_exist and value:
            import os

            if not os.path.exists(value):
                raise ParameterError(
                    f"parameter '{self.name}'{where} must be an existing file or folder; "
                    f"'{shorten(value)}' does not exist"
                )
            if not os.access(value, os.R_OK):
                raise ParameterError(f"parameter '{self.name}'{where}: '{shorten(value)}' is not readable")
        if self.kind in (int, float):
            bad = (self.low is not None and (value < self.low or (self.low_open and value == self.low))) or (
                self.high is not None and (value > self.high or (self.high_open and value == self.high))
            )
            if bad:
                raise ParameterError(
                    f"parameter '{self.name}'{where} must be in {self.allowed()}"
                    f"{' ' + self.unit if self.unit else ''}; got {_as_given(given)}"
                )
        return value


def shorten(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters for a message, saying how long it was."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


class HugeInteger:
    """An integer written with more digits than any parameter can use (a YAML file's
    ``123...`` of hundreds of digits): kept as its digit count, so no message converts it."""

    def __init__(self, text: str):
        self.digits = sum(ch.isdigit() for ch in text)
        self.negative = text.lstrip().startswith("-")

    def __repr__(self) -> str:
        return f"{'-' if self.negative else ''}an integer of {self.digits:,} digits"


#: digits beyond which an integer is refused unread (a float holds at most 309 before the point)
MAX_DIGITS = 400


def brief(value: Any, limit: int = 80) -> str:
    """``repr(value)`` bounded before it is built: a huge integer by its digit count, a long
    container or text cut (reprlib), so no value a file holds can make a message slow."""
    import reprlib

    if isinstance(value, HugeInteger):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3.33 * MAX_DIGITS:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    r = reprlib.Repr()
    r.maxlevel, r.maxlist, r.maxtuple, r.maxdict, r.maxset = 2, 4, 4, 4, 4
    r.maxstring, r.maxother, r.maxlong = limit, limit, 40
    r.maxfrozenset = r.maxdeque = r.maxarray = 4
    try:
        return shorten(r.repr(value), limit)
    except (ValueError, RecursionError):
        return f"a value of type {type(value).__name__}"


def _quoted(value: Any, limit: int = 80) -> str:
    """``repr(value)``, a long text cut to ``limit`` characters, saying how long it was."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    return brief(value, limit)


def _as_given(value: Any) -> str:
    """A value as the reader gave it (never rounded): the text typed, or the number's repr."""
    if isinstance(value, str):
        return shorten(value.strip())
    if isinstance(value, bool):
        return str(value).lower()
    return brief(value)


# the words YAML reads as booleans, so `-p flag yes` and `flag: yes` in a file agree
# (and `-p flag 1`, an integer in YAML, is refused in both)
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


def coerce_value(param: Param, value: Any, where: str = "") -> Any:
    """Convert ``value`` (a Python value or the text a reader typed) to ``param.kind``.

    Text is parsed (``"1e25"`` -> 1e25 for floats, ``"true"`` for bools); other types are
    accepted only where no information is lost (an int for a float; never a bool for a number).
    """
    kind = param.kind
    problem = f"parameter '{param.name}'{where} must be {_kind_name(kind)}; got {_quoted(value)}"
    if isinstance(value, HugeInteger):
        raise ParameterError(
            f"parameter '{param.name}'{where} must be {_kind_name(kind)} of at most {MAX_DIGITS} digits; got {value!r}"
        )
    if isinstance(value, str) and kind is not str:
        text = value.strip()
        if kind is bool:
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise ParameterError(problem)
        if not text.isascii():  # Python reads '١٢٣' as 123; YAML and readers do not
            raise ParameterError(problem + " (write numbers with the digits 0-9)")
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_DIGITS:
            raise ParameterError(
                f"parameter '{param.name}'{where} must be {_kind_name(kind)} of at most "
                f"{MAX_DIGITS} digits; got {_quoted(text)} ({digits:,} digits)"
            )
        try:
            number = float(text) if kind is float else int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                raise ParameterError(problem) from None
            if kind is int and number.is_integer():
                number = int(number)
            else:
                raise ParameterError(problem) from None
        value = number
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise ParameterError(problem)
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParameterError(problem)
        if isinstance(value, float):
            if not value.is_integer():
                raise ParameterError(problem)
            value = int(value)
        return int(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParameterError(problem)
        try:
            value = float(value)
        except OverflowError:  # an integer beyond the largest float (1.8e308)
            raise ParameterError(
                f"parameter '{param.name}'{where} must be a finite number; got "
                f"{_quoted(value)}, beyond the largest number (1.8e308)"
            ) from None
        if not math.isfinite(value):
            raise ParameterError(problem.replace("must be a number", "must be a finite number"))
        return value
    if kind is str:
        if not isinstance(value, str):
            raise ParameterError(problem)
        return value
    raise TypeError(f"unsupported parameter kind {kind!r}")


def _kind_name(kind: type) -> str:
    return {float: "a number", int: "an integer", str: "text", bool: "true or false"}[kind]


# --------------------------------------------------------------------------------------
# Chapter schemas. Keys are the CLI names; notebooks are chapters/<key with underscores>.ipynb.
# The defaults and ranges here are the single source: the notebook's parameters cell repeats
# them (a test checks the two agree) so papermill can inject values.
# --------------------------------------------------------------------------------------

PRETRAINING_COST: tuple[Param, ...] = (
    Param(
        "train_flops",
        float,
        2.1e26,
        "FLOP",
        "training compute budget of the reader's run (used when n_params and n_tokens are 0)",
        low=1e15,
        high=1e31,
    ),
    Param(
        "n_params",
        float,
        0.0,
        "parameters",
        "model size N; with n_tokens, sets the budget to 6ND; 0 means use train_flops",
        low=0.0,
        high=1e15,
    ),
    Param(
        "n_tokens",
        float,
        0.0,
        "tokens",
        "training tokens D; with n_params, sets the budget to 6ND; 0 means use train_flops",
        low=0.0,
        high=1e17,
    ),
    Param(
        "accelerator",
        str,
        "H100",
        "",
        "accelerator type; custom: the custom_* parameters below",
        choices=("V100", "A100", "H100", "H200", "B200", "TPU v4", "TPU v5p", "custom"),
    ),
    Param(
        "custom_peak_flops",
        float,
        0.0,
        "FLOP/s",
        "peak throughput of the custom accelerator at custom_precision (dense); used when accelerator is custom",
        low=0.0,
        high=1e18,
    ),
    Param(
        "custom_precision",
        str,
        "bf16",
        "",
        "number format of custom_peak_flops (MFU is relative to it)",
        choices=("fp32", "tf32", "bf16", "fp16", "fp8", "fp4"),
    ),
    Param(
        "custom_tdp_watts",
        float,
        0.0,
        "W",
        "chip power (TDP) of the custom accelerator; used when accelerator is custom",
        low=0.0,
        high=100_000.0,
    ),
    Param(
        "custom_price_usd",
        float,
        0.0,
        "USD per accelerator",
        "server price per custom accelerator (its server share); used when accelerator is custom",
        low=0.0,
        high=1e7,
    ),
    Param(
        "n_accelerators",
        int,
        25000,
        "accelerators",
        "accelerators in the cluster (ignored when training_days > 0)",
        low=1,
        high=10_000_000,
    ),
    Param(
        "training_days",
        float,
        0.0,
        "days",
        "target duration; above 0 it solves the accelerator count instead; 0 means solve the duration",
        low=0.0,
        high=3650.0,
    ),
    Param("mfu", float, 0.4, "", "model FLOPs utilisation", low=0.0, high=1.0, low_open=True),
    Param(
        "usd_per_gpu_hour",
        float,
        2.0,
        "USD per accelerator-hour",
        "cloud rental price",
        low=0.0,
        high=1000.0,
        low_open=True,
    ),
    Param(
        "usd_per_kwh",
        float,
        0.0806,
        "USD per kWh",
        "electricity price (US industrial average 2023)",
        low=0.0,
        high=10.0,
    ),
    Param(
        "pue",
        float,
        1.25,
        "",
        "data-centre power usage effectiveness (Epoch: 1.1 hyperscalers, 1.25 others)",
        low=1.0,
        high=3.0,
    ),
    Param(
        "server_price_usd",
        float,
        0.0,
        "USD per accelerator",
        "server purchase price per accelerator; 0 means Epoch's price-selection rule on Epoch's price table",
        low=0.0,
        high=1e7,
    ),
    Param(
        "hardware_age_years",
        float,
        0.0,
        "years",
        "years from that purchase price to the start of training",
        low=0.0,
        high=20.0,
    ),
    Param(
        "ooms_per_year",
        float,
        0.14,
        "orders of magnitude per year",
        "ML hardware price-performance progress that sets the write-off rate",
        low=0.0,
        high=2.0,
        low_open=True,
    ),
    Param("interconnect_fraction", float, 0.19, "", "share of cluster cost spent on interconnect", low=0.0, high=0.9),
)

LOSS_SCALING: tuple[Param, ...] = (
    Param("compute_budget_flops", float, 5.76e23, "FLOP", "training compute budget C", low=1e18, high=1e29),
    Param(
        "law",
        str,
        "besiroglu_2024",
        "",
        "published loss law",
        choices=("hoffmann_2022", "hoffmann_2022_unrounded", "besiroglu_2024"),
    ),
    Param(
        "inference_tokens",
        float,
        2e12,
        "tokens",
        "tokens the model will process in deployment (inference demand)",
        low=0.0,
        high=1e17,
    ),
    Param("unique_tokens", float, 1e11, "tokens", "unique training tokens available (data budget)", low=1e8, high=1e16),
    Param(
        "data",
        str,
        "epoch_chinchilla",
        "",
        "training runs to refit: Epoch AI's digitised Chinchilla runs, or the book's "
        "synthetic sample drawn from Besiroglu et al.'s law",
        choices=("epoch_chinchilla", "synthetic"),
    ),
    Param(
        "drop_highest_losses",
        int,
        5,
        "points",
        "highest-loss points dropped before fitting (Besiroglu et al. drop 5)",
        low=0,
        high=50,
    ),
    Param(
        "n_bootstrap",
        int,
        4000,
        "resamples",
        "bootstrap refits for the fitted law's uncertainty (Epoch used 4,000)",
        low=0,
        high=10_000,
    ),
    Param("seed", int, 0, "", "random seed of the bootstrap", low=0, high=2**32 - 1),
    Param(
        "dataset_growth_per_year",
        float,
        2.5,
        "x per year",
        "growth factor of the largest training set, for the data-stock projection",
        low=1.01,
        high=10.0,
    ),
)

DOWNSTREAM_PREDICTABILITY: tuple[Param, ...] = (
    Param(
        "testbed",
        str,
        "mlfoundations-scaling",
        "",
        "dataset of runs, losses and task scores: Gadre et al. 2024's testbed",
        choices=("mlfoundations-scaling",),
    ),
    Param(
        "testbed_dir",
        str,
        "",
        "",
        "a reader's own testbed folder in Gadre et al.'s exp_data layout, read instead of the dataset; empty: none",
        must_exist=True,
    ),
    Param(
        "train_set",
        str,
        "rpj",
        "",
        "testbed training set whose runs are analysed: C4, RedPajama or RefinedWeb",
        choices=("c4_original", "rpj", "rw_original"),
    ),
    Param(
        "val_set",
        str,
        "c4_val",
        "",
        "validation loss the tasks are plotted against (one of the testbed's eight)",
        choices=(
            "c4_val",
            "openlm",
            "paloma_c4_en",
            "paloma_redpajama",
            "paloma_falcon-refinedweb",
            "paloma_dolma_100_programing_languages",
            "paloma_ptb",
            "val_de-en_100",
        ),
    ),
    Param(
        "task_split",
        str,
        "17-task",
        "",
        "tasks averaged in the two-stage error prediction",
        choices=("17-task", "46-task"),
    ),
    Param(
        "min_r2",
        float,
        0.9,
        "",
        "share of variance the exponential-in-loss form must explain to call a task predictable",
        low=0.0,
        high=1.0,
        low_open=True,
    ),
    Param(
        "min_change",
        float,
        0.05,
        "of headroom",
        "smallest change that counts as a trend (trendless below, inverse above as a fall)",
        low=0.0,
        high=0.5,
        low_open=True,
    ),
    Param(
        "max_dip",
        float,
        0.05,
        "of headroom",
        "fall below an earlier (higher-loss) level that counts as a reversal",
        low=0.0,
        high=0.5,
        low_open=True,
    ),
    Param(
        "min_jump",
        float,
        0.15,
        "of headroom",
        "rise after a flat start that counts as a breakthrough",
        low=0.0,
        high=1.0,
        low_open=True,
    ),
    Param(
        "obs_target",
        str,
        "MMLU",
        "",
        "benchmark predicted from the capability axis (Observational Scaling)",
        choices=("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd", "HumanEval"),
    ),
    Param(
        "obs_components",
        int,
        3,
        "components",
        "principal components of the other benchmarks in the capability axis",
        low=1,
        high=7,
    ),
    Param(
        "obs_holdout",
        float,
        0.2,
        "",
        "share of models, largest by training compute, held out of the capability fit",
        low=0.05,
        high=0.5,
    ),
    Param(
        "setting", str, "few-shot", "", "GPT-3 case: evaluation setting", choices=("zero-shot", "one-shot", "few-shot")
    ),
    Param(
        "metric",
        str,
        "primary",
        "",
        "GPT-3 case: metric per task: primary (accuracy, else F1), accuracy only, or every metric",
        choices=("primary", "accuracy", "all"),
    ),
    Param(
        "x_axis",
        str,
        "compute",
        "",
        "GPT-3 case: scale axis: training compute, or loss predicted by a published law (a prediction)",
        choices=("compute", "predicted_loss"),
    ),
    Param(
        "loss_law",
        str,
        "besiroglu_2024",
        "",
        "GPT-3 case: published law predicting GPT-3's loss when x_axis is predicted_loss",
        choices=("hoffmann_2022", "hoffmann_2022_unrounded", "besiroglu_2024"),
    ),
    Param(
        "fit",
        str,
        "linear",
        "",
        "GPT-3 case: fit family: a line, or a sigmoid between chance and ceiling",
        choices=("linear", "sigmoid"),
    ),
    Param(
        "holdout", int, 1, "models", "GPT-3 case: largest models held out of each fit for the backtest", low=1, high=4
    ),
    Param(
        "task_subset",
        str,
        "all",
        "",
        "GPT-3 case: tasks analysed: all, multiple-choice (chance above 0) or free-form (chance 0)",
        choices=("all", "multiple-choice", "free-form"),
    ),
)

EMERGENCE_ARTIFACTS: tuple[Param, ...] = (
    Param("target_length", int, 10, "tokens", "answer length L scored by exact match", low=1, high=100),
    Param(
        "metric",
        str,
        "exact_match",
        "",
        "metric whose emergence the chapter tracks",
        choices=("exact_match", "token_edit_distance", "multiple_choice_grade", "brier_score"),
    ),
    Param(
        "law",
        str,
        "hoffmann_2022",
        "",
        "published loss law giving the per-token loss",
        choices=("kaplan_2020", "hoffmann_2022", "hoffmann_2022_unrounded", "besiroglu_2024"),
    ),
    Param(
        "tokens_per_param",
        float,
        20.0,
        "tokens per parameter",
        "training tokens per parameter (Chinchilla-form laws)",
        low=1.0,
        high=10_000.0,
    ),
    Param("n_model_sizes", int, 8, "models", "number of model sizes evaluated", low=2, high=64),
    Param("min_params", float, 1e7, "parameters", "smallest model", low=1e3, high=1e14),
    Param("max_params", float, 1e12, "parameters", "largest model", low=1e4, high=1e15),
    Param("n_test_items", int, 1000, "items", "test items per task", low=1, high=100_000),
    Param("item_sd", float, 0.0, "logits", "spread of item difficulty on the logit scale", low=0.0, high=5.0),
    Param(
        "option_sd",
        float,
        1.0,
        "nats",
        "spread of a multiple-choice option's surface plausibility (book's assumption)",
        low=0.0,
        high=5.0,
    ),
    Param(
        "continuous_metric",
        str,
        "edit_distance",
        "",
        "continuous metric of Lu et al.'s outputs set beside exact match",
        choices=("edit_distance", "single_bert_score"),
    ),
    Param(
        "jump_score",
        float,
        2.0,
        "x a straight ramp",
        "emergence score (over n - 1) at which a curve counts as a jump",
        low=1.0,
        high=50.0,
    ),
    Param("seed", int, 0, "", "random seed", low=0, high=2**32 - 1),
)

TEST_TIME_COMPUTE: tuple[Param, ...] = (
    Param(
        "difficulty_alpha",
        float,
        0.3,
        "",
        "Beta shape alpha of per-problem pass@1 (the left-tail exponent)",
        low=0.0,
        high=50.0,
        low_open=True,
    ),
    Param(
        "difficulty_beta", float, 1.5, "", "Beta shape beta of per-problem pass@1", low=0.0, high=200.0, low_open=True
    ),
    Param("n_samples", int, 100, "samples", "largest number of samples k per problem", low=1, high=10_000),
    Param(
        "wrong_share",
        float,
        0.5,
        "",
        "share of a problem's wrong samples giving its most common wrong answer",
        low=0.0,
        high=1.0,
    ),
    Param("verifier_fpr", float, 0.05, "", "verifier false-positive rate (accepts a wrong sample)", low=0.0, high=1.0),
    Param("verifier_fnr", float, 0.1, "", "verifier false-negative rate (rejects a correct sample)", low=0.0, high=1.0),
    Param(
        "verifier_params",
        float,
        8e9,
        "parameters",
        "parameters of the reward model that reads every sample (its FLOPs count against the small model)",
        low=0.0,
        high=1e15,
    ),
    Param(
        "small_params",
        float,
        8e9,
        "parameters",
        "parameters of the small model that samples k times",
        low=1e7,
        high=1e13,
    ),
    Param(
        "large_params",
        float,
        1.12e11,
        "parameters",
        "parameters of the larger model that answers once",
        low=1e7,
        high=1e15,
    ),
    Param(
        "law",
        str,
        "hoffmann_2022",
        "",
        "published loss law for the two models",
        choices=("hoffmann_2022", "hoffmann_2022_unrounded", "besiroglu_2024"),
    ),
    Param(
        "logit_per_nat",
        float,
        5.0,
        "log-odds per nat",
        "assumed gain in every problem's log-odds of success per nat of lower loss",
        low=0.0,
        high=100.0,
    ),
    Param("prompt_tokens", int, 200, "tokens", "input tokens per sample", low=0, high=1_000_000),
    Param(
        "output_tokens",
        int,
        0,
        "tokens",
        "output tokens per sample, reasoning included (0: the o1 mean per OTIS Mock AIME answer in the Epoch AI logs)",
        low=0,
        high=1_000_000,
    ),
    Param("usd_per_m_input", float, 15.0, "USD per million tokens", "input price", low=0.0, high=10_000.0),
    Param(
        "usd_per_m_output", float, 60.0, "USD per million tokens", "output price", low=0.0, high=10_000.0, low_open=True
    ),
    Param(
        "reasoning_token_ratio",
        float,
        0.0,
        "",
        "output tokens per answer of o1 over those of GPT-4o (0: their ratio on OTIS Mock AIME in the Epoch AI logs)",
        low=0.0,
        high=1000.0,
    ),
    Param(
        "inference_to_pretraining",
        float,
        1.0,
        "",
        "inference tokens served over pretraining tokens, R (Snell et al. 2024)",
        low=0.0,
        high=1000.0,
        low_open=True,
    ),
    Param("budget_usd", float, 1.0, "USD", "budget per problem", low=0.0, high=1e6, low_open=True),
    Param("seed", int, 0, "", "random seed of the simulations", low=0, high=2**32 - 1),
)

SCALING_LIMITS: tuple[Param, ...] = (
    Param(
        "target_year",
        int,
        2030,
        "year",
        "year of the largest training run asked about (the sources project to 2030)",
        low=2024,
        high=2030,
    ),
    Param(
        "accelerator",
        str,
        "H100",
        "",
        "accelerator whose power per FLOP/s sets the power wall (2024 baseline)",
        choices=("A100", "H100", "H200", "B200"),
    ),
    Param(
        "campus_gw",
        float,
        2.236,
        "GW",
        "power one campus can give a run in 2030 (Sevilla et al.: 1-5 GW; default the middle on a log scale)",
        low=0.0,
        high=1000.0,
        low_open=True,
    ),
    Param(
        "network_gw",
        float,
        9.487,
        "GW",
        "power a distributed network can give a run in 2030 (Sevilla et al.: 2-45 GW; default the middle on a log scale)",
        low=0.0,
        high=1000.0,
        low_open=True,
    ),
    Param("distributed", bool, False, "", "train across the distributed network instead of one campus"),
    Param(
        "pue",
        float,
        1.25,
        "",
        "data-centre power usage effectiveness (Cottier et al.: 1.1 hyperscalers, 1.25 others)",
        low=1.0,
        high=3.0,
    ),
    Param(
        "wall_watts",
        float,
        0.0,
        "W",
        "wall power per accelerator; 0 = TDP x server overhead x PUE (Sevilla et al. use ~1,700 W per H100)",
        low=0.0,
        high=100_000.0,
    ),
    Param(
        "efficiency_growth",
        float,
        1.28,
        "per year",
        "growth of FLOP/s per watt after 2024 (summaries of Sevilla et al.: 1.28)",
        low=1.0,
        high=3.0,
    ),
    Param(
        "precision_gain",
        float,
        2.0,
        "",
        "throughput gain of low-precision (FP8) training (Sevilla et al.: 2)",
        low=1.0,
        high=16.0,
    ),
    Param("mfu", float, 0.4, "", "model FLOPs utilisation (Llama 3.1-405B: 0.40)", low=0.0, high=1.0, low_open=True),
    Param(
        "run_months",
        float,
        0.0,
        "months",
        "length of the training run; 0 means the trend: 100 days in 2025 growing 1.4x a year, at most 9 months (Epoch 2025)",
        low=0.0,
        high=60.0,
    ),
    Param(
        "chips_millions",
        float,
        100.0,
        "million H100-equivalents",
        "AI chips produced by 2030 (Sevilla et al.: central 100, range 20-400)",
        low=0.0,
        high=100_000.0,
        low_open=True,
    ),
    Param(
        "lab_share",
        float,
        0.2,
        "",
        "share of those chips one run can hold (Sevilla et al.'s illustration: a fifth)",
        low=0.0,
        high=1.0,
        low_open=True,
    ),
    Param(
        "stock_tokens",
        float,
        4e14,
        "tokens",
        "stock of text (Sevilla et al.: ~400T; Villalobos et al.'s ~300T effective stock already allows repetition)",
        low=1e12,
        high=1e18,
    ),
    Param(
        "multimodal_multiplier",
        float,
        7.071,
        "",
        "usable tokens per text token once images, audio and video count (Sevilla et al.: 1-50, 400T to 20 "
        "quadrillion tokens; default the middle on a log scale)",
        low=1.0,
        high=1000.0,
    ),
    Param(
        "synthetic_multiplier",
        float,
        1.0,
        "",
        "usable tokens per natural token once synthetic data count (1: none)",
        low=1.0,
        high=1000.0,
    ),
    Param(
        "max_epochs",
        float,
        1.0,
        "epochs",
        "passes over the unique data; past 16 they add nothing (Muennighoff et al.)",
        low=1.0,
        high=1000.0,
    ),
    Param(
        "tokens_per_param",
        float,
        20.0,
        "tokens per parameter",
        "compute-optimal training tokens per parameter (Hoffmann et al.: ~20)",
        low=1.0,
        high=10_000.0,
    ),
    Param(
        "layer_latency_us",
        float,
        10.0,
        "microseconds",
        "least time for one pass over one layer (book's assumption; Erdil and Schneider-Joseph put the latency wall near 2e31 FLOP)",
        low=0.01,
        high=10_000.0,
    ),
    Param(
        "batch_tokens",
        float,
        1.6e7,
        "tokens",
        "tokens per optimizer step, at most the critical batch size (Llama 3.1-405B: 16M)",
        low=1e3,
        high=1e12,
    ),
    Param(
        "trend_growth",
        float,
        4.0,
        "per year",
        "growth of the largest training run's compute (Sevilla et al.: ~4x)",
        low=1.0,
        high=20.0,
        low_open=True,
    ),
)

SCALING_LAB: tuple[Param, ...] = (
    Param(
        "runs_file",
        str,
        "",
        "",
        "a lab results CSV written by `scalingbook lab run` (its runs.csv); empty: the book's "
        "committed runs, measured on a 2-core machine (data/lab/runs.csv)",
        must_exist=True,
    ),
    Param(
        "heldout_budget",
        float,
        0.0,
        "FLOP",
        "budget (6ND) held out of the fits and predicted from the smaller ones: "
        "the runs file's budget nearest to this value (log scale); 0 means the largest",
        low=0.0,
        high=1e25,
    ),
    Param(
        "count_embeddings",
        bool,
        False,
        "",
        "count the embedding and output-head parameters in N (Kaplan et al. count only the non-embedding ones)",
    ),
    Param(
        "n_bootstrap", int, 1000, "resamples", "bootstrap resamples for the exponents' intervals", low=0, high=10_000
    ),
    Param("seed", int, 0, "", "random seed of the bootstrap", low=0, high=2**32 - 1),
)

SCHEMAS: dict[str, tuple[Param, ...]] = {
    "pretraining-cost": PRETRAINING_COST,
    "loss-scaling": LOSS_SCALING,
    "downstream-predictability": DOWNSTREAM_PREDICTABILITY,
    "emergence-artifacts": EMERGENCE_ARTIFACTS,
    "test-time-compute": TEST_TIME_COMPUTE,
    "scaling-limits": SCALING_LIMITS,
    "scaling-lab": SCALING_LAB,
}


def chapter_names() -> list[str]:
    """The chapters' CLI names, in book order."""
    return list(SCHEMAS)


def schema(chapter: str) -> tuple[Param, ...]:
    """The parameter schema of ``chapter`` (CLI name, or the notebook stem with underscores)."""
    if not isinstance(chapter, str):
        raise ParameterError(f"chapter names are text; got {shorten(repr(chapter))} ({type(chapter).__name__})")
    key = chapter.replace("_", "-")
    if key not in SCHEMAS:
        raise ParameterError(f"unknown chapter '{shorten(chapter)}'; chapters are: {', '.join(SCHEMAS)}")
    return SCHEMAS[key]


def validate(chapter: str, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Check ``values`` against the chapter's schema; return every parameter's value.

    Unknown names, wrong types and out-of-range values raise :class:`ParameterError`
    naming the parameter, what is allowed and the value given. Missing names take
    their defaults.
    """
    params = schema(chapter)
    key = chapter.replace("_", "-")
    by_name = {p.name: p for p in params}
    if values is not None and not isinstance(values, Mapping):
        raise ParameterError(f"the parameters of chapter '{key}' must map names to values; got {type(values).__name__}")
    values = dict(values or {})
    not_text = [k for k in values if not isinstance(k, str)]
    if not_text:
        raise ParameterError(
            f"parameter names must be text; got {shorten(repr(not_text[0]))} "
            f"({type(not_text[0]).__name__}) for chapter '{key}'"
        )
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise ParameterError(
            f"unknown parameter '{shorten(unknown[0])}' for chapter '{key}'; its parameters are: {', '.join(by_name)}"
        )
    out = {p.name: p.check(values.get(p.name, p.default), key) for p in params}
    for switch, on, needed in REQUIRED_WHEN.get(key, ()):
        missing = [n for n in needed if out[switch] == on and not out[n] > 0]
        if missing:
            raise ParameterError(
                f"parameter '{missing[0]}' of chapter '{key}' must be above 0 when {switch} is "
                f"'{on}' (give {', '.join(needed)}); got {out[missing[0]]!r}"
            )
    for low, high in ORDERED.get(key, ()):
        if not out[low] < out[high]:
            from .format import value as shown

            raise ParameterError(
                f"parameter '{low}' of chapter '{key}' must be below '{high}'; got "
                f"{low}={shown(out[low])} and {high}={shown(out[high])}"
            )
    return out


#: parameters that must be set (> 0) when another parameter takes a value, per chapter:
#: (switch, value, the parameters it needs)
REQUIRED_WHEN: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "pretraining-cost": (("accelerator", "custom", ("custom_peak_flops", "custom_tdp_watts", "custom_price_usd")),),
}


#: pairs of parameters whose values must be in order (low, high), per chapter
ORDERED: dict[str, tuple[tuple[str, str], ...]] = {
    "emergence-artifacts": (("min_params", "max_params"),),
}


def check_parameters(chapter: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the parameters a notebook holds in ``namespace`` (pass ``globals()``).

    The first step of every chapter: it stops the notebook with a named error
    before any computation when papermill injected a bad value.
    """
    names = [p.name for p in schema(chapter)]
    missing = [n for n in names if n not in namespace]
    if missing:
        raise ParameterError(f"the notebook does not define parameter '{missing[0]}'")
    values = validate(chapter, {n: namespace[n] for n in names})
    _CURRENT[:] = [chapter.replace("_", "-")]
    return values


_CURRENT: list[str] = []


def current_chapter() -> str:
    """The chapter whose parameters :func:`check_parameters` last validated in this process
    (its CLI name), or ``""``: the chapter a notebook kernel is executing."""
    return _CURRENT[0] if _CURRENT else ""


def parameters_table(chapter: str, values: Mapping[str, Any] | None = None):
    """A DataFrame of the chapter's parameters: name, type, default, allowed, unit, meaning.

    With ``values``, a column ``value used`` shows what this execution ran with; it sits next to
    ``default`` so that a wide table never pushes it past the page's edge.
    """
    import pandas as pd

    rows = []
    for p in schema(chapter):
        row = {
            "name": p.name,
            "type": p.kind.__name__,
            "default": _show(p.default),
        }
        if values is not None:
            row["value used"] = _show(values.get(p.name, p.default))
        row.update({"allowed": p.allowed(), "unit": p.unit, "meaning": p.meaning})
        rows.append(row)
    return pd.DataFrame(rows)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return _value(value)
    if isinstance(value, str):
        return repr(value)
    return str(value)


# The array checks of the science floor, re-exported for the chapters' schemas.
from ..science.arrays import as_floats, check_range, scalar_or_array  # noqa: E402
