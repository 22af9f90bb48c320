"""The book's data tables: where they live and how they are read and checked.

Every table in ``data/`` is a small CSV of published facts with a ``source`` column
(paper + table/figure, or dataset + licence). ``SCALINGBOOK_DATA`` overrides the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

__all__ = ["data_dir", "read_table", "DataError"]


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
