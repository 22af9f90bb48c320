"""The book's data tables: where they live and how they are read and checked.

Every table in ``data/`` is a small CSV of published facts with a ``source`` column
(paper + table/figure, or dataset + licence). ``SCALINGBOOK_DATA`` overrides the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

__all__ = [
    "data_dir", "read_table", "DataError", "GPT3_SIZES", "GPT3_SETTINGS",
    "load_gpt3_models", "load_gpt3_tasks", "load_gadre2024", "cache_dir",
    "load_loss_points", "load_chinchilla_table3",
    "NOTABLE_MODELS_URL", "check_notable_models", "update_notable_models",
]


class DataError(ValueError):
    """A data file is missing, malformed or has values outside what the book accepts."""


def data_dir() -> Path:
    """The folder holding the book's CSV tables (``<repo>/data`` or ``$SCALINGBOOK_DATA``)."""
    env = os.environ.get("SCALINGBOOK_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "data"


def read_table(name: str) -> pd.DataFrame:
    """Read ``data/<name>.csv``; every row must carry a non-empty ``source``."""
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
    raw = read_table("gpt3_models")
    need = ["model", "n_params", "n_layers", "d_model", "n_heads", "d_head", "batch_size_tokens",
            "learning_rate", "context_tokens", "training_tokens", "train_compute_pf_days",
            "train_compute_flops", "params_millions_tableD1", "source"]
    _require_columns(raw, need, "gpt3_models.csv")
    df = pd.DataFrame({
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
    })
    if tuple(df["model"]) != GPT3_SIZES:
        raise DataError(f"gpt3_models.csv: models must be {', '.join(GPT3_SIZES)} in that order; "
                        f"got {', '.join(df['model'])}")
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
    raw = read_table("gpt3_task_results")
    need = ["task", "metric", "split", "K_fewshot", "setting", "model", "value",
            "verification", "conflicting_readings", "source"]
    _require_columns(raw, need, "gpt3_task_results.csv")
    df = raw.rename(columns={"K_fewshot": "k_fewshot"})[
        ["task", "metric", "split", "k_fewshot", "setting", "model", "value",
         "verification", "conflicting_readings", "source"]].copy()
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
        raise DataError(f"gpt3_task_results.csv: row {int(df.index[blank][0]) + 2} has no value "
                        "and no conflicting_readings")
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
# Gadre et al. 2024 testbed (github.com/mlfoundations/scaling, MIT licence)
# --------------------------------------------------------------------------------------

GADRE_REPO_URL = "https://github.com/mlfoundations/scaling"
GADRE_ARCHIVE_URL = "https://github.com/mlfoundations/scaling/archive/refs/heads/main.zip"
GADRE_SOURCE = ("Gadre et al. 2024 (arXiv:2403.08540), github.com/mlfoundations/scaling "
                "exp_data/ (MIT licence)")


def cache_dir() -> Path:
    """Where downloads are cached: ``$SCALINGBOOK_CACHE`` or ``~/.cache/scalingbook``."""
    env = os.environ.get("SCALINGBOOK_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "scalingbook"


def _find_exp_data(root: Path) -> Path:
    """The ``exp_data`` folder in ``root`` (a checkout, an extracted archive or exp_data itself)."""
    if (root / "models").is_dir() and (root / "evals").is_dir():
        return root
    for cand in [root / "exp_data", *sorted(root.glob("*/exp_data"))]:
        if (cand / "models").is_dir() and (cand / "evals").is_dir():
            return cand
    raise DataError(
        f"{root} does not hold the Gadre et al. 2024 layout: expected exp_data/models/*.json and "
        f"exp_data/evals/evaluation_*_heavy.json (a checkout of {GADRE_REPO_URL})"
    )


def _fetch_archive(url: str, cache: Path | None = None) -> Path:
    """Download and extract a .zip/.tar.gz archive once; return the extraction folder."""
    import hashlib
    import shutil
    import tarfile
    import urllib.request
    import zipfile

    base = (cache or cache_dir()) / "gadre2024" / hashlib.sha1(url.encode()).hexdigest()[:12]
    done = base / ".complete"
    if done.exists():
        return base / "extracted"
    base.mkdir(parents=True, exist_ok=True)
    archive = base / ("archive.zip" if url.lower().endswith(".zip") else "archive.tar.gz")
    try:
        with urllib.request.urlopen(url, timeout=30) as resp, open(archive, "wb") as fh:
            shutil.copyfileobj(resp, fh)
    except Exception as err:  # URLError, timeouts, refused connections
        raise DataError(
            f"could not download {url} ({err}). Without network access, clone {GADRE_REPO_URL} "
            "on a connected machine and pass the path of the checkout (or of its exp_data/ folder)."
        ) from None
    out = base / "extracted"
    shutil.rmtree(out, ignore_errors=True)
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(out)
        else:
            with tarfile.open(archive) as tf:
                tf.extractall(out, filter="data")
    except Exception as err:
        raise DataError(f"{url} is not a readable .zip or .tar.gz archive ({err})") from None
    done.write_text(url, encoding="utf-8")
    return out


def _val_name(result: dict) -> str:
    """Short name of a loss evaluation set, as the testbed's own parser derives it
    (parent folder of the first shard; the file stem for the German set)."""
    first = str(result["val_data"][0])
    parts = first.split("/")
    if "de-en" in parts[-2] or "de-en" in parts[-1]:
        return parts[-1].split(".")[0]
    return parts[-2]


def load_gadre2024(path_or_url: str | os.PathLike, cache: str | os.PathLike | None = None) -> pd.DataFrame:
    """Gadre et al. 2024's testbed as one tidy table: one row per (model run, downstream task).

    ``path_or_url``: a local checkout of github.com/mlfoundations/scaling, or its
    ``exp_data/`` folder, or the URL (http, https or file) of a .zip/.tar.gz archive of it,
    downloaded once into ``cache`` (default :func:`cache_dir`); offline, a download fails
    with a :class:`DataError` saying how to proceed.

    Layout read (``exp_data/``): ``models/<run>.json`` with ``dataset_name``,
    ``hyperparameters.params`` (N), ``.tokens`` (D), ``.chinchilla_multiplier``, ``.model``
    (architecture config) and ``results`` (one loss per validation set, nats/token, with 95%
    bounds); ``evals/evaluation_<run>_heavy.json`` with ``eval_metrics.icl`` (accuracy in
    [0, 1] per task); ``eval_metadata.csv`` (``Eval Task``, ``Random baseline`` in percent,
    ``#shots``, ``Task Category``), optional.

    Columns: ``run``, ``dataset``, ``architecture``, ``n_params``, ``n_tokens``,
    ``token_multiplier`` (= 20 x chinchilla multiplier), ``train_flops`` (6ND), one
    ``loss_<valset>`` column per validation set (e.g. ``loss_c4_val``), ``task``,
    ``accuracy`` (0-1), ``error`` (1 - accuracy), ``chance`` (0-1, NaN without metadata),
    ``n_shots``, ``task_category``, ``source``. Runs without an evaluation file are not
    dropped silently: they are listed in ``df.attrs["excluded"]`` (run, reason).
    """
    import json
    import re

    text = str(path_or_url)
    if re.match(r"^(https?|file)://", text):
        root = _find_exp_data(_fetch_archive(text, Path(cache) if cache else None))
    else:
        p = Path(text).expanduser()
        if not p.exists():
            raise DataError(f"path_or_url {text!r} is neither an existing folder nor an http(s)/file URL")
        root = _find_exp_data(p)
    model_files = sorted((root / "models").glob("*.json"))
    if not model_files:
        raise DataError(f"{root / 'models'} holds no model JSON files")
    meta = None
    if (root / "eval_metadata.csv").exists():
        meta = pd.read_csv(root / "eval_metadata.csv").set_index("Eval Task")
    rows, excluded = [], []
    for mf in model_files:
        try:
            m = json.loads(mf.read_text(encoding="utf-8"))
            hp = m["hyperparameters"]
            run = m.get("name", mf.stem)
            n, d = float(hp["params"]), float(hp["tokens"])
            losses = {f"loss_{_val_name(r)}": float(r["loss"]) for r in m.get("results", [])}
            info = {
                "run": run,
                "dataset": m["dataset_name"],
                "architecture": str(hp["model"]).split("/")[-1].rsplit(".", 1)[0],
                "n_params": n,
                "n_tokens": d,
                "token_multiplier": 20.0 * float(hp["chinchilla_multiplier"]),
                "train_flops": 6.0 * n * d,
                **losses,
            }
        except (KeyError, TypeError, ValueError, IndexError) as err:
            raise DataError(f"{mf}: not a model file of the Gadre et al. layout (missing {err})") from None
        ef = root / "evals" / f"evaluation_{mf.stem}_heavy.json"
        if not ef.exists():
            excluded.append({"run": run, "reason": f"no evaluation file {ef.name}"})
            continue
        try:
            icl = json.loads(ef.read_text(encoding="utf-8"))["eval_metrics"]["icl"]
        except (KeyError, ValueError) as err:
            raise DataError(f"{ef}: no eval_metrics.icl ({err})") from None
        for task, acc in icl.items():
            acc = float(acc)
            if not 0.0 <= acc <= 1.0:
                raise DataError(f"{ef}: accuracy of '{task}' must be in [0, 1]; got {acc}")
            has = meta is not None and task in meta.index
            rows.append({
                **info, "task": task, "accuracy": acc, "error": 1.0 - acc,
                "chance": float(meta.loc[task, "Random baseline"]) / 100.0 if has else float("nan"),
                "n_shots": float(meta.loc[task, "#shots"]) if has else float("nan"),
                "task_category": str(meta.loc[task, "Task Category"]) if has else "",
                "source": GADRE_SOURCE,
            })
    if not rows:
        raise DataError(f"{root}: no model has an evaluation file in evals/")
    df = pd.DataFrame(rows)
    df.attrs["excluded"] = pd.DataFrame(excluded, columns=["run", "reason"])
    return df


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
    df = read_table("chinchilla_table3")
    _require_columns(df, ["parameters", "flops", "tokens"], "chinchilla_table3.csv")
    out = pd.DataFrame({
        "n_params": [_parse_scaled_words(v, "chinchilla_table3.csv parameters") for v in df["parameters"]],
        "train_flops": pd.to_numeric(df["flops"], errors="raise").astype(float),
        "n_tokens": [_parse_scaled_words(v, "chinchilla_table3.csv tokens") for v in df["tokens"]],
        "source": df["source"],
    })
    out.insert(3, "tokens_per_param", out["n_tokens"] / out["n_params"])
    return out


# --------------------------------------------------------------------------------------
# Epoch AI "Notable AI Models" (CC BY 4.0): optional refresh of data/frontier_models.csv
# --------------------------------------------------------------------------------------

#: Epoch AI's download of its "Notable AI Models" table (CC BY 4.0; credit "Data: Epoch AI").
NOTABLE_MODELS_URL = "https://epoch.ai/data/notable_ai_models.csv"

#: Columns of Epoch's CSV the book uses, mapped to the names of data/frontier_models.csv.
NOTABLE_MODELS_COLUMNS: dict[str, str] = {
    "Model": "model",
    "Organization": "organization",
    "Publication date": "publication_date",
    "Parameters": "parameters",
    "Training dataset size (datapoints)": "training_dataset_size_datapoints",
    "Training compute (FLOP)": "training_compute_flop",
    "Training hardware": "training_hardware",
    "Hardware quantity": "hardware_quantity",
    "Training time (hours)": "training_time_hours",
    "Confidence": "epoch_confidence",
}
#: Optional columns (renamed when present): Epoch has renamed these between releases.
_NOTABLE_OPTIONAL = {
    "Hardware utilization": "hardware_utilization",
    "Hardware utilization (MFU)": "hardware_utilization",
    "Training compute cost (2023 USD)": "training_compute_cost_2023_usd",
}


def check_notable_models(df: pd.DataFrame, where: str = "Notable AI Models CSV") -> pd.DataFrame:
    """Check a table in Epoch's "Notable AI Models" format and return it in the book's column
    names (those of ``data/frontier_models.csv``) with a ``source`` column.

    Raises DataError naming the first missing column, or a publication date or training
    compute that cannot be read.
    """
    _require_columns(df, list(NOTABLE_MODELS_COLUMNS), where)
    if df.empty:
        raise DataError(f"{where}: the table has no rows")
    out = df.rename(columns={**NOTABLE_MODELS_COLUMNS, **_NOTABLE_OPTIONAL})
    out = out[[c for c in dict.fromkeys([*NOTABLE_MODELS_COLUMNS.values(), *_NOTABLE_OPTIONAL.values()]) if c in out.columns]].copy()
    dates = pd.to_datetime(out["publication_date"], errors="coerce")
    bad = out.index[dates.isna() & out["publication_date"].notna()]
    if len(bad):
        raise DataError(f"{where}: row {int(bad[0]) + 2} has an unreadable 'Publication date' "
                        f"{out.at[bad[0], 'publication_date']!r}")
    flops = pd.to_numeric(out["training_compute_flop"], errors="coerce")
    bad = out.index[flops.isna() & out["training_compute_flop"].notna()]
    if len(bad):
        raise DataError(f"{where}: row {int(bad[0]) + 2} has a non-numeric 'Training compute (FLOP)' "
                        f"{out.at[bad[0], 'training_compute_flop']!r}")
    out["training_compute_flop"] = flops
    out["source"] = "Epoch AI, 'Notable AI Models' dataset (CC BY 4.0), downloaded by scalingbook data update"
    return out


def update_notable_models(
    url: str = NOTABLE_MODELS_URL,
    cache: str | os.PathLike | None = None,
    opener=None,
    timeout: float = 30.0,
) -> Path:
    """Download Epoch AI's current "Notable AI Models" CSV, check its schema, cache it.

    url: an http(s) or file:// URL, or a local path; cache: the file to write (default
    ``cache_dir()/notable_ai_models.csv``); opener: ``opener(url, timeout=...)`` returning a
    file-like object (default ``urllib.request.urlopen``; tests pass a fake). The book keeps
    building from the shipped ``data/frontier_models.csv``; read the cached copy with
    ``check_notable_models(pd.read_csv(path))``. Returns the cached file's path. Raises
    DataError with the reason when the download fails (e.g. offline) or the schema is wrong;
    an earlier cached copy is then left untouched.
    """
    import io
    import urllib.request

    target = Path(cache) if cache is not None else cache_dir() / "notable_ai_models.csv"
    local = Path(url) if "://" not in url else None
    try:
        if local is not None:
            raw = local.read_bytes()
        else:
            with (opener or urllib.request.urlopen)(url, timeout=timeout) as resp:
                raw = resp.read()
    except Exception as err:  # URLError, timeouts, refused connections, missing files
        raise DataError(
            f"could not download {url} ({err}); offline? The book keeps using the shipped "
            "data/frontier_models.csv (Epoch AI snapshot of 2025-04-18)."
        ) from None
    try:
        df = pd.read_csv(io.BytesIO(raw))
    except Exception as err:
        raise DataError(f"{url} is not a readable CSV ({err})") from None
    check_notable_models(df, where=url)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_bytes(raw)
    tmp.replace(target)
    return target
