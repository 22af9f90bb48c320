"""Data-only cache files: tables and results kept on disk in a form that cannot run code.

A pickle runs whatever code its bytes name when it is read, so a cache folder copied from
elsewhere (or edited by anyone who can write to it) could run code in the next chapter. The
book's caches of parsed tables, page results and fits are written here instead as numpy
``.npz`` archives read with ``allow_pickle=False``: numeric, boolean and date columns as plain
arrays, text as JSON, and a JSON header saying how to put them together. Reading such a file
builds only tables, arrays, numbers, text, lists and dicts, and the book's own dataclasses
(named by module and class inside the ``scalingbook`` package, built from their fields).

:func:`write_frame` / :func:`read_frame` hold one DataFrame; :func:`write_value` /
:func:`read_value` a tree of those types. A value the format cannot hold raises
:class:`Unsupported` when written (the caller then keeps no cache: it only costs time).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Unsupported", "write_frame", "read_frame", "write_value", "read_value", "SUFFIX"]

#: the suffix of every data-only cache file
SUFFIX = ".npz"
_FORMAT = "scalingbook-data-1"


class Unsupported(TypeError):
    """A value the data-only format cannot hold (it is then not cached)."""


class _Writer:
    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, arr: np.ndarray) -> str:
        if arr.dtype.hasobject or arr.dtype.kind == "V":
            raise Unsupported(f"an array of {arr.dtype}")
        name = f"a{len(self.arrays)}"
        self.arrays[name] = np.ascontiguousarray(arr)
        return name


def _scalar(v: Any) -> Any:
    """A cell of a text or object column as JSON, or Unsupported."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (int, np.integer)):
        return {"int": str(int(v))}
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return {"float": repr(f)} if not math.isfinite(f) else f
    try:
        import pandas as pd

        if v is pd.NA:
            return {"na": 1}
        if v is pd.NaT:
            return {"nat": 1}
    except ImportError:  # pragma: no cover
        pass
    raise Unsupported(f"a cell of type {type(v).__name__}")


def _unscalar(v: Any) -> Any:
    if isinstance(v, dict):
        if "int" in v:
            return int(v["int"])
        if "float" in v:
            return float(v["float"])
        import pandas as pd

        return pd.NA if "na" in v else pd.NaT
    return v


def _column(w: _Writer, values: Any) -> dict[str, Any]:
    """One column (a Series or an Index): its dtype and where its values are."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biufcmM":
        return {"dtype": str(dtype), "array": w.array(np.asarray(values))}
    name = str(dtype)
    if name in ("object", "str", "string") or name.startswith("string["):
        cells = values.tolist()
        text = _text(w, cells)
        if text is not None:
            return {"dtype": name, **text}
        return {"dtype": name, "cells": [_scalar(v) for v in cells]}
    raise Unsupported(f"a column of dtype {name}")


#: how a missing cell of a text column is written (as its length)
_MISSING = {"nan": -1, "none": -2, "na": -3}


def _missing_code(v: Any) -> int | None:
    if v is None:
        return _MISSING["none"]
    if isinstance(v, float) and v != v:
        return _MISSING["nan"]
    import pandas as pd

    if v is pd.NA:
        return _MISSING["na"]
    return None


def _text(w: _Writer, cells: list[Any]) -> dict[str, Any] | None:
    """A column of text (missing cells allowed) as UTF-8 bytes and lengths; None when a cell
    is neither text nor missing."""
    parts, lengths = [], np.empty(len(cells), dtype=np.int64)
    for i, v in enumerate(cells):
        if isinstance(v, str):
            b = v.encode("utf-8", "surrogatepass")
            parts.append(b)
            lengths[i] = len(b)
        else:
            code = _missing_code(v)
            if code is None:
                return None
            lengths[i] = code
    data = np.frombuffer(b"".join(parts), dtype=np.uint8)
    return {"text": w.array(data), "lengths": w.array(lengths)}


def _untext(data: np.ndarray, lengths: np.ndarray) -> list[Any]:
    import pandas as pd

    raw = data.tobytes()
    missing = {_MISSING["nan"]: float("nan"), _MISSING["none"]: None, _MISSING["na"]: pd.NA}
    out: list[Any] = []
    pos = 0
    for n in lengths.tolist():
        if n >= 0:
            out.append(raw[pos : pos + n].decode("utf-8", "surrogatepass"))
            pos += n
        else:
            out.append(missing[n])
    if pos != len(raw):
        raise ValueError("a text column's lengths do not add up")
    return out


def _uncolumn(spec: dict[str, Any], arrays: Any) -> Any:
    import pandas as pd

    if "array" in spec:
        return arrays[spec["array"]]
    if "text" in spec:
        cells = _untext(arrays[spec["text"]], arrays[spec["lengths"]])
    else:
        cells = [_unscalar(v) for v in spec["cells"]]
    if spec["dtype"] == "object":
        out = np.empty(len(cells), dtype=object)
        out[:] = cells
        return out
    return pd.array(cells, dtype=spec["dtype"])


def _label(v: Any) -> Any:
    if isinstance(v, (str, bool)) or v is None:
        return v
    if isinstance(v, (int, np.integer)):
        return {"int": str(int(v))}
    if isinstance(v, (float, np.floating)):
        return {"float": repr(float(v))}
    if isinstance(v, tuple):
        return {"tuple": [_label(x) for x in v]}
    raise Unsupported(f"a column name of type {type(v).__name__}")


def _unlabel(v: Any) -> Any:
    if isinstance(v, dict):
        if "tuple" in v:
            return tuple(_unlabel(x) for x in v["tuple"])
        return _unscalar(v)
    return v


def _frame(w: _Writer, df: pd.DataFrame) -> dict[str, Any]:
    import pandas as pd

    if not df.columns.is_unique:
        raise Unsupported("a table with repeated column names")
    index = df.index
    if isinstance(index, pd.RangeIndex):
        ispec: dict[str, Any] = {"range": [index.start, index.stop, index.step], "name": _label(index.name)}
    elif isinstance(index, pd.MultiIndex):
        raise Unsupported("a table with a MultiIndex")
    else:
        ispec = {"values": _column(w, index), "name": _label(index.name)}
    return {
        "type": "frame",
        "index": ispec,
        "columns": [[_label(c), _column(w, df[c])] for c in df.columns],
        "attrs": _encode(w, dict(df.attrs)) if df.attrs else None,
    }


def _unframe(spec: dict[str, Any], arrays: Any) -> pd.DataFrame:
    import pandas as pd

    ispec = spec["index"]
    if "range" in ispec:
        index = pd.RangeIndex(*ispec["range"], name=_unlabel(ispec["name"]))
    else:
        index = pd.Index(_uncolumn(ispec["values"], arrays), name=_unlabel(ispec["name"]))
    data = {}
    for label, col in spec["columns"]:
        data[_unlabel(label)] = pd.Series(
            _uncolumn(col, arrays), index=index, copy=False, dtype=object if col["dtype"] == "object" else None
        )
    df = pd.DataFrame(data, index=index)
    if not spec["columns"]:
        df = pd.DataFrame(index=index)
    if spec.get("attrs") is not None:
        df.attrs.update(_decode(spec["attrs"], arrays))
    return df


def _encode(w: _Writer, v: Any, depth: int = 0) -> Any:
    import pandas as pd

    if depth > 60:
        raise Unsupported("a value nested more than 60 levels deep")
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int) and not isinstance(v, np.integer):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float) and not isinstance(v, np.floating):
        return v if math.isfinite(v) else {"t": "float", "v": repr(v)}
    if isinstance(v, np.generic):
        return {"t": "scalar", "a": w.array(np.asarray(v))}
    if isinstance(v, np.ndarray):
        if v.dtype.hasobject:
            return {
                "t": "objarray",
                "shape": list(v.shape),
                "items": [_encode(w, x, depth + 1) for x in v.ravel().tolist()],
            }
        return {"t": "array", "a": w.array(v)}
    if isinstance(v, pd.DataFrame):
        return _frame(w, v)
    if isinstance(v, pd.Series):
        return {"t": "series", "frame": _frame(w, v.to_frame(name="values")), "name": _label(v.name)}
    if isinstance(v, (list, tuple)):
        return {"t": "list" if isinstance(v, list) else "tuple", "items": [_encode(w, x, depth + 1) for x in v]}
    if isinstance(v, dict):
        return {"t": "dict", "items": [[_encode(w, k, depth + 1), _encode(w, x, depth + 1)] for k, x in v.items()]}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        cls = type(v)
        if not cls.__module__.startswith("scalingbook.") or "<" in cls.__qualname__:
            raise Unsupported(f"a dataclass from outside the book ({cls.__module__}.{cls.__qualname__})")
        fields = {f.name: _encode(w, getattr(v, f.name), depth + 1) for f in dataclasses.fields(v)}
        return {"t": "dataclass", "module": cls.__module__, "name": cls.__qualname__, "fields": fields}
    raise Unsupported(f"a value of type {type(v).__name__}")


def _decode(v: Any, arrays: Any) -> Any:
    if not isinstance(v, dict):
        return v
    t = v.get("t") or v.get("type")
    if t == "int":
        return int(v["v"])
    if t == "float":
        return float(v["v"])
    if t == "scalar":
        return arrays[v["a"]][()]
    if t == "array":
        return arrays[v["a"]]
    if t == "objarray":
        out = np.empty(len(v["items"]), dtype=object)
        out[:] = [_decode(x, arrays) for x in v["items"]]
        return out.reshape(v["shape"])
    if t == "frame":
        return _unframe(v, arrays)
    if t == "series":
        s = _unframe(v["frame"], arrays)["values"]
        s.name = _unlabel(v["name"])
        return s
    if t in ("list", "tuple"):
        items = [_decode(x, arrays) for x in v["items"]]
        return items if t == "list" else tuple(items)
    if t == "dict":
        return {_decode(k, arrays): _decode(x, arrays) for k, x in v["items"]}
    if t == "dataclass":
        return _dataclass(v, arrays)
    raise ValueError(f"unknown entry {t!r}")


def _dataclass(v: dict[str, Any], arrays: Any) -> Any:
    """One of the book's dataclasses, built from its fields: only a class of the ``scalingbook``
    package that is a dataclass is accepted, so a file cannot name any other callable."""
    module, name = str(v["module"]), str(v["name"])
    if not (
        module.startswith("scalingbook.")
        and all(p.isidentifier() for p in module.split("."))
        and all(p.isidentifier() for p in name.split("."))
    ):
        raise ValueError(f"'{module}.{name}' is not one of the book's classes")
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    if not (isinstance(obj, type) and dataclasses.is_dataclass(obj)):
        raise ValueError(f"'{module}.{name}' is not a dataclass")
    values = {k: _decode(x, arrays) for k, x in v["fields"].items()}
    fields = {f.name: f for f in dataclasses.fields(obj)}
    if set(values) != set(fields):
        raise ValueError(f"the fields of '{module}.{name}' have changed")
    out = obj(**{k: x for k, x in values.items() if fields[k].init})
    for k, x in values.items():
        if not fields[k].init:
            object.__setattr__(out, k, x)
    return out


def _save(path: Path, header: dict[str, Any], w: _Writer) -> None:
    """Write atomically: a temporary file in the same folder, then one rename."""
    path = Path(path)
    meta = np.frombuffer(json.dumps({"format": _FORMAT, **header}, allow_nan=False).encode(), dtype=np.uint8)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp.npz")
    try:
        with open(tmp, "wb") as fh:
            np.savez(fh, __meta__=meta, **w.arrays)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _load(path: Path) -> tuple[dict[str, Any], Any]:
    with np.load(Path(path), allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(arrays.pop("__meta__").tobytes().decode("utf-8"))
    if meta.get("format") != _FORMAT:
        raise ValueError(f"not a {_FORMAT} file")
    return meta, arrays


def write_frame(path: str | os.PathLike, df: pd.DataFrame) -> None:
    """Write ``df`` to ``path`` (``.npz``), data only. Raises :class:`Unsupported` for a table
    the format cannot hold (an extension or categorical dtype, a MultiIndex), OSError when the
    folder cannot be written."""
    w = _Writer()
    _save(Path(path), {"value": _frame(w, df)}, w)


def read_frame(path: str | os.PathLike) -> pd.DataFrame:
    """The DataFrame written by :func:`write_frame`. Raises ValueError (or OSError) for a file
    that is not one; never runs code from the file."""
    import pandas as pd

    meta, arrays = _load(Path(path))
    value = meta.get("value")
    if not isinstance(value, dict) or value.get("type") != "frame":
        raise ValueError("not a table")
    df = _unframe(value, arrays)
    if not isinstance(df, pd.DataFrame):  # pragma: no cover
        raise ValueError("not a table")
    return df


def write_value(path: str | os.PathLike, value: Any) -> None:
    """Write ``value`` (tables, arrays, numbers, text, lists, tuples, dicts and the book's
    dataclasses, nested) to ``path``, data only. Raises :class:`Unsupported` otherwise."""
    w = _Writer()
    _save(Path(path), {"value": _encode(w, value)}, w)


def read_value(path: str | os.PathLike) -> Any:
    """The value written by :func:`write_value` (ValueError or OSError for anything else)."""
    meta, arrays = _load(Path(path))
    try:
        return _decode(meta["value"], arrays)
    except (KeyError, TypeError, AttributeError, ImportError, RecursionError) as exc:
        raise ValueError(f"not a value file ({type(exc).__name__})") from None
