"""The book's data tables: where they live and how they are read and checked.

Every table in ``data/`` is a small CSV of published facts with a ``source`` column
(paper + table/figure, or dataset + licence). ``SCALINGBOOK_DATA`` overrides the folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a table is read: `import scalingbook.sources.tables` stays light
    import pandas as pd

__all__ = [
    "data_dir",
    "read_table",
    "DataError",
    "GPT3_SIZES",
    "GPT3_SETTINGS",
    "load_gpt3_models",
    "load_gpt3_tasks",
    "load_loss_points",
    "load_chinchilla_table3",
]


class DataError(ValueError):
    """A data file is missing, malformed or has values outside what the book accepts."""


def data_dir() -> Path:
    """The folder holding the book's CSV tables: ``$SCALINGBOOK_DATA``, else ``<repo>/data`` in
    a checkout, else the copy a wheel installs under ``<prefix>/share/scalingbook/data``."""
    env = os.environ.get("SCALINGBOOK_DATA")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[3] / "data"
    if checkout.is_dir():
        return checkout
    import site
    import sys

    for prefix in dict.fromkeys(
        (
            sys.prefix,
            sys.exec_prefix,
            getattr(site, "USER_BASE", None) or sys.prefix,
            str(Path(__file__).resolve().parents[5]),
        )
    ):
        installed = Path(prefix) / "share" / "scalingbook" / "data"
        if installed.is_dir():
            return installed
    return checkout


def read_table(name: str) -> pd.DataFrame:
    """Read ``data/<name>.csv``; every row must carry a non-empty ``source``."""
    import pandas as pd

    path = data_dir() / f"{name}.csv"
    if not path.exists():
        raise DataError(f"data table {path} does not exist")
    df = pd.read_csv(path)
    if "source" not in df.columns:
        raise DataError(f"{path}: no 'source' column; every row must cite where it comes from")
    empty = df.index[df["source"].isna() | (df["source"].astype(str).str.strip() == "")]
    if len(empty):
        raise DataError(f"{path}: row {int(empty[0]) + 2} has an empty 'source'")
    return df


# --------------------------------------------------------------------------------------
# GPT-3 (Brown et al. 2020): model sizes and per-task scores
# --------------------------------------------------------------------------------------

#: GPT-3's eight sizes in the order of Table 2.1, as labelled in Table H.1.
GPT3_SIZES = ("Small", "Medium", "Large", "XL", "2.7B", "6.7B", "13B", "175B")
GPT3_SETTINGS = ("zero-shot", "one-shot", "few-shot")
_SUFFIX = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def _parse_count(text) -> float:
    """'125M' -> 1.25e8, '0.5M' -> 5e5, '300B' -> 3e11, '1,320' -> 1320.0."""
    s = str(text).strip().replace(",", "")
    if s and s[-1].upper() in _SUFFIX:
        return float(s[:-1]) * _SUFFIX[s[-1].upper()]
    return float(s)


def load_gpt3_models() -> pd.DataFrame:
    """GPT-3's eight model sizes (Brown et al. 2020, Table 2.1 and Table D.1), tidy.

    One row per size, in increasing size. Columns: ``model`` (the Table H.1 label: Small,
    Medium, Large, XL, 2.7B, 6.7B, 13B, 175B), ``name`` (``GPT-3 Small``...), ``n_params``
    (parameters, Table 2.1), ``n_params_table_d1`` (parameters, Table D.1), ``n_layers``,
    ``d_model``, ``n_heads``, ``d_head``, ``batch_size_tokens``, ``learning_rate``,
    ``context_tokens``, ``n_tokens`` (training tokens), ``train_compute_pf_days``,
    ``train_flops`` (Table D.1) and ``source``. Raises :class:`DataError` if the table
    does not have exactly these eight sizes with positive, increasing sizes.
    """
    import pandas as pd

    raw = read_table("gpt3_models")
    need = [
        "model",
        "n_params",
        "n_layers",
        "d_model",
        "n_heads",
        "d_head",
        "batch_size_tokens",
        "learning_rate",
        "context_tokens",
        "training_tokens",
        "train_compute_pf_days",
        "train_compute_flops",
        "params_millions_tableD1",
        "source",
    ]
    _require_columns(raw, need, "gpt3_models.csv")
    df = pd.DataFrame(
        {
            "model": raw["model"].str.replace("GPT-3 ", "", regex=False),
            "name": raw["model"],
            "n_params": raw["n_params"].map(_parse_count),
            "n_params_table_d1": raw["params_millions_tableD1"].map(_parse_count) * 1e6,
            "n_layers": raw["n_layers"].astype(int),
            "d_model": raw["d_model"].astype(int),
            "n_heads": raw["n_heads"].astype(int),
            "d_head": raw["d_head"].astype(int),
            "batch_size_tokens": raw["batch_size_tokens"].map(_parse_count),
            "learning_rate": raw["learning_rate"].astype(float),
            "context_tokens": raw["context_tokens"].astype(int),
            "n_tokens": raw["training_tokens"].map(_parse_count),
            "train_compute_pf_days": raw["train_compute_pf_days"].astype(float),
            "train_flops": raw["train_compute_flops"].astype(float),
            "source": raw["source"],
        }
    )
    if tuple(df["model"]) != GPT3_SIZES:
        raise DataError(
            f"gpt3_models.csv: models must be {', '.join(GPT3_SIZES)} in that order; got {', '.join(df['model'])}"
        )
    for col in ("n_params", "n_params_table_d1", "n_tokens", "train_flops", "train_compute_pf_days"):
        if not (df[col] > 0).all():
            raise DataError(f"gpt3_models.csv: column '{col}' must be positive")
    if not df["n_params"].is_monotonic_increasing:
        raise DataError("gpt3_models.csv: n_params must increase with model size")
    return df


def load_gpt3_tasks() -> pd.DataFrame:
    """GPT-3's scores per task, metric, split, setting and size (Brown et al. 2020, Table H.1,
    plus 175B-only rows from main-text Tables 3.2-3.10), tidy long format.

    Columns: ``task``, ``metric`` (acc, f1, em, ppl, ...), ``split`` (dev, test, or empty
    for main-text rows that do not say), ``k_fewshot``, ``setting`` (zero-, one-, few-shot),
    ``model`` (a :data:`GPT3_SIZES` label), ``value`` (percent, or perplexity for ``ppl``),
    ``verification``, ``conflicting_readings`` and ``source``. Cells where two readings of
    the paper disagree have an empty ``value`` and both readings in
    ``conflicting_readings``; they are kept here and must be kept out of fits.
    Raises :class:`DataError` on unknown settings or sizes, duplicate cells, scores
    outside [0, 100], or a blank value without conflicting readings.
    """
    import pandas as pd

    raw = read_table("gpt3_task_results")
    need = [
        "task",
        "metric",
        "split",
        "K_fewshot",
        "setting",
        "model",
        "value",
        "verification",
        "conflicting_readings",
        "source",
    ]
    _require_columns(raw, need, "gpt3_task_results.csv")
    df = raw.rename(columns={"K_fewshot": "k_fewshot"})[
        [
            "task",
            "metric",
            "split",
            "k_fewshot",
            "setting",
            "model",
            "value",
            "verification",
            "conflicting_readings",
            "source",
        ]
    ].copy()
    df["value"] = pd.to_numeric(df["value"], errors="raise").astype(float)
    bad = sorted(set(df["setting"]) - set(GPT3_SETTINGS))
    if bad:
        raise DataError(f"gpt3_task_results.csv: setting must be one of {', '.join(GPT3_SETTINGS)}; got {bad[0]!r}")
    bad = sorted(set(df["model"]) - set(GPT3_SIZES))
    if bad:
        raise DataError(f"gpt3_task_results.csv: model must be one of {', '.join(GPT3_SIZES)}; got {bad[0]!r}")
    bad = sorted(set(df["split"].dropna()) - {"dev", "test"})
    if bad:
        raise DataError(f"gpt3_task_results.csv: split must be dev, test or empty; got {bad[0]!r}")
    key = ["task", "metric", "split", "setting", "model"]
    dup = df[df.duplicated(key, keep=False)]
    if len(dup):
        r = dup.iloc[0]
        raise DataError(f"gpt3_task_results.csv: duplicate cell {tuple(r[k] for k in key)}")
    blank = df["value"].isna() & df["conflicting_readings"].isna()
    if blank.any():
        raise DataError(
            f"gpt3_task_results.csv: row {int(df.index[blank][0]) + 2} has no value and no conflicting_readings"
        )
    scores = df[(df["metric"] != "ppl") & df["value"].notna()]["value"]
    if ((scores < 0) | (scores > 100)).any():
        bad_v = scores[(scores < 0) | (scores > 100)].iloc[0]
        raise DataError(f"gpt3_task_results.csv: scores must be in [0, 100] percent; got {bad_v}")
    df["model"] = pd.Categorical(df["model"], categories=list(GPT3_SIZES), ordered=True)
    return df


def _require_columns(df: pd.DataFrame, columns: list[str], where: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"{where}: missing column '{missing[0]}'")


# --------------------------------------------------------------------------------------
# Loss points (N, D, loss) for fitting Chinchilla-form laws, and Chinchilla's Table 3
# --------------------------------------------------------------------------------------

#: Column names of Epoch AI's extraction of Chinchilla Fig. 4
#: (github.com/epoch-research/analyzing-chinchilla, data/svg_extracted_data.csv).
EPOCH_LOSS_COLUMNS = ("Model Size", "Training FLOP", "loss")
BOOK_LOSS_COLUMNS = ("n_params", "n_tokens", "loss")


def load_loss_points(path: str | os.PathLike) -> pd.DataFrame:
    """Read training runs as a DataFrame with ``n_params`` (N), ``n_tokens`` (D, tokens),
    ``train_flops`` (C = 6 N D, FLOPs) and ``loss`` (nats/token), one row per run.

    Accepts the book's schema (``n_params``, ``n_tokens``, ``loss``, optional ``train_flops``;
    e.g. ``data/synthetic_loss_points.csv``) or Epoch AI's public extraction of Chinchilla's
    Figure 4 (``Model Size``, ``Training FLOP``, ``loss``; tokens = FLOP / (6 N), as in
    Besiroglu et al. 2024). A relative path that does not exist is looked up in
    :func:`data_dir`. Missing columns, NaNs and non-positive values raise :class:`DataError`
    naming the file, the CSV line and the column. Other columns (e.g. ``source``) are kept.
    """
    import pandas as pd

    p = Path(path)
    if not p.is_absolute() and not p.exists():
        p = data_dir() / p
    if not p.exists():
        raise DataError(f"loss-points file {p} does not exist")
    try:
        raw = pd.read_csv(p)
        text = pd.read_csv(p, dtype=str, keep_default_na=False)  # cells as written, for messages
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"{p}: not a readable CSV ({exc})") from None
    if all(c in raw.columns for c in ("n_params", "n_tokens")):
        needed, fmt = BOOK_LOSS_COLUMNS, "book"
    elif any(c in raw.columns for c in EPOCH_LOSS_COLUMNS[:2]):
        needed, fmt = EPOCH_LOSS_COLUMNS, "epoch"
    else:
        raise DataError(
            f"{p}: missing columns; need either {', '.join(BOOK_LOSS_COLUMNS)} (book schema) or "
            f"{', '.join(repr(c) for c in EPOCH_LOSS_COLUMNS)} (Epoch AI's Chinchilla extraction); "
            f"found {', '.join(map(str, raw.columns))}"
        )
    _require_columns(raw, list(needed), str(p))
    checked = list(needed) + (["train_flops"] if fmt == "book" and "train_flops" in raw.columns else [])
    for col in checked:
        values = pd.to_numeric(text[col].str.strip(), errors="coerce")
        bad = values.isna() | ~(values > 0) | (values == float("inf"))
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(
                f"{p}: line {i + 2}, column '{col}' must be a positive finite number, got {text[col].iloc[i]!r}"
            )
        raw[col] = values.astype(float)
    out = raw.copy()
    if fmt == "epoch":
        out["n_params"] = raw["Model Size"]
        out["train_flops"] = raw["Training FLOP"]
        out["n_tokens"] = raw["Training FLOP"] / (6.0 * raw["Model Size"])
        out = out.drop(columns=["Model Size", "Training FLOP"])
    elif "train_flops" not in out.columns:
        out["train_flops"] = 6.0 * out["n_params"] * out["n_tokens"]
    first = ["n_params", "n_tokens", "train_flops", "loss"]
    out = out[first + [c for c in out.columns if c not in first]].reset_index(drop=True)
    out.attrs["path"] = str(p)
    out.attrs["format"] = fmt
    return out


_WORD_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _parse_scaled_words(text, where: str) -> float:
    """'400 Million' -> 4e8, '1.5 Trillion' -> 1.5e12 (Hoffmann et al. 2022, Table 3 style)."""
    parts = str(text).strip().split()
    try:
        if len(parts) == 2 and parts[1].lower() in _WORD_SCALE:
            return float(parts[0]) * _WORD_SCALE[parts[1].lower()]
        if len(parts) == 1:
            return float(parts[0])
    except ValueError:
        pass
    raise DataError(f"{where}: cannot read {text!r} as a count like '400 Million'")


def load_chinchilla_table3() -> pd.DataFrame:
    """Hoffmann et al. 2022, Table 3 (Approach 1 projections): ``n_params``, ``train_flops``
    (FLOPs as printed), ``n_tokens`` (as printed, rounded), ``tokens_per_param`` and ``source``."""
    import pandas as pd

    df = read_table("chinchilla_table3")
    _require_columns(df, ["parameters", "flops", "tokens"], "chinchilla_table3.csv")
    out = pd.DataFrame(
        {
            "n_params": [_parse_scaled_words(v, "chinchilla_table3.csv parameters") for v in df["parameters"]],
            "train_flops": pd.to_numeric(df["flops"], errors="raise").astype(float),
            "n_tokens": [_parse_scaled_words(v, "chinchilla_table3.csv tokens") for v in df["tokens"]],
            "source": df["source"],
        }
    )
    out.insert(3, "tokens_per_param", out["n_tokens"] / out["n_params"])
    return out
