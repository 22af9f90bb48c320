"""Vega-Lite specs in plain Python: the part of Altair's API the book's pages draw with.

``from . import vegalite as alt`` and a page builds its charts as with Altair (``alt.Chart(df)
.mark_line().encode(x="n:Q", ...)``, ``+``, ``alt.layer``, ``alt.vconcat``, ``.facet``...); each
chart's ``to_dict()`` gives the spec Altair 6 gives for the same calls under the book's
theme: ``$schema``, the theme's ``config``, data frames moved to top-level ``datasets`` under the
names Altair gives them, field types inferred from the frames' columns. A kernel then draws its
charts without importing Altair, jsonschema or narwhals (half a second of every chapter run).

tests/test_vegalite.py checks, for every chart every chapter draws, that the spec equals the one
Altair builds from the same page code, and that Altair's schema validation passes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
#: A data frame of more rows than this is refused, as Altair's default data transformer does.
MAX_ROWS = 5000


class _UndefinedType:
    """A property left unset (dropped from the spec), as opposed to ``None`` (``null``)."""

    _instance: _UndefinedType | None = None

    def __new__(cls) -> _UndefinedType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "Undefined"

    def __bool__(self) -> bool:
        return False


Undefined: Any = _UndefinedType()


# ------------------------------------------------------------------ values to JSON


def _todict(obj: Any, ctx: dict[str, Any]) -> Any:
    """A property value as JSON: schema objects by their ``to_dict``, NumPy numbers as floats,
    arrays and other iterables as lists, dates as Vega-Lite DateTime objects."""
    if type(obj).__module__ == "numpy":  # NumPy numbers as floats (an int64 too), arrays as lists
        import numpy as np

        if isinstance(obj, np.ndarray):
            return [_todict(v, ctx) for v in obj]
        if isinstance(obj, np.number):
            return float(obj)
        if isinstance(obj, np.datetime64):
            text = str(obj)
            return text if "T" in text else text + "T00:00:00"
        return obj
    if isinstance(obj, (str, bool, int, float)) or obj is None:
        return obj
    if isinstance(obj, Schema):
        return obj.to_dict(context=ctx)
    if isinstance(obj, dict):
        return {k: _todict(v, ctx) for k, v in obj.items() if v is not Undefined}
    if isinstance(obj, (list, tuple)):
        return [_todict(v, ctx) for v in obj]
    if isinstance(obj, Expr):
        return repr(obj)
    if isinstance(obj, Parameter):
        return obj.to_dict()
    if type(obj).__name__ == "Timestamp":
        return obj.isoformat()
    if isinstance(obj, Iterable) and not isinstance(obj, bytes):
        return _todict(list(obj), ctx)
    if isinstance(obj, dt.date):
        out: dict[str, Any] = {"year": obj.year, "month": obj.month, "date": obj.day}
        if isinstance(obj, dt.datetime) and obj.time() != dt.time.min:
            ms = obj.microsecond // 1000
            out.update(hours=obj.hour, minutes=obj.minute, seconds=obj.second, milliseconds=ms)
        if isinstance(obj, dt.datetime) and obj.tzinfo is not None:
            if obj.utcoffset() != dt.timedelta(0):
                raise ValueError(f"only UTC or naive datetimes can be drawn; got {obj.tzinfo!r}")
            out["utc"] = True
        return out
    return obj


class Schema:
    """A Vega-Lite object: its properties by name; Undefined ones are left out of the spec."""

    _positional: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwds: Any) -> None:
        if len(args) > len(self._positional):
            raise TypeError(f"{type(self).__name__} takes at most {len(self._positional)} positional arguments")
        kwds.update(zip(self._positional, args))
        self._kwds = {k: v for k, v in kwds.items() if v is not Undefined}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._kwds.get(name, Undefined)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        elif value is Undefined:
            self._kwds.pop(name, None)
        else:  # ``chart.width = 300`` sets a property, as in Altair
            self._kwds[name] = value

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._kwds == other._kwds  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._kwds.items())})"

    def _raw(self, kwds: dict[str, Any]) -> Any:
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new._kwds = kwds
        return new

    def _rebuild(self, kwds: dict[str, Any]) -> Any:
        """An object of this class with properties ``kwds``; composed charts re-derive what they
        lift from their parts (data, parameters, sizes), as Altair's constructors do on every copy."""
        return self._raw(kwds)

    def _set(self, **changes: Any) -> Any:
        """This object with ``changes`` set as they are (Undefined: removed)."""
        new = self._raw(dict(self._kwds))
        for k, v in changes.items():
            if v is Undefined:
                new._kwds.pop(k, None)
            else:
                new._kwds[k] = v
        return new

    def _copy(self, **changes: Any) -> Any:
        """A copy (rebuilt, as Altair copies) with ``changes`` set after."""
        return self.copy(deep=False)._set(**changes)

    def copy(self, deep: bool = True) -> Any:
        """A copy; ``deep``: its lists and nested objects copied too (data frames are shared)."""
        return self._rebuild({k: _deep(v) for k, v in self._kwds.items()} if deep else dict(self._kwds))

    def to_dict(self, context: dict[str, Any] | None = None, **_: Any) -> Any:
        return _todict(self._kwds, context if context is not None else {})


def _deep(v: Any) -> Any:
    if isinstance(v, Schema):
        return v.copy()
    if isinstance(v, list):
        return [_deep(x) for x in v]
    if isinstance(v, dict):
        return {k: _deep(x) for k, x in v.items()}
    return v


def _schema(name: str, *positional: str) -> type[Schema]:
    return type(name, (Schema,), {"_positional": positional, "__doc__": f"Vega-Lite ``{name}``."})


Axis = _schema("Axis")
Scale = _schema("Scale")
Legend = _schema("Legend")
Header = _schema("Header")
TitleParams = _schema("TitleParams", "text")
SortField = _schema("SortField", "field", "order")
Step = _schema("Step", "step")
ViewBackground = _schema("ViewBackground")
OverlayMarkDef = _schema("OverlayMarkDef")
MarkDef = _schema("MarkDef")
FieldOneOfPredicate = _schema("FieldOneOfPredicate")
FieldEqualPredicate = _schema("FieldEqualPredicate")
FieldRangePredicate = _schema("FieldRangePredicate")
Resolve = _schema("Resolve")
Title = TitleParams


# ------------------------------------------------------------------ expressions


def _js(v: Any) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, Expr):
        return repr(v)
    if type(v).__module__ == "numpy":
        return repr(v.item())
    return repr(v)


class Expr:
    """A Vega expression written with Python operators (``alt.datum.x == "a"``)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def __repr__(self) -> str:
        return self._text

    def _op(self, op: str, other: Any, right: bool = False) -> Expr:
        a, b = (_js(other), repr(self)) if right else (repr(self), _js(other))
        return Expr(f"({a} {op} {b})")

    def __eq__(self, other: Any) -> Expr:  # type: ignore[override]
        return self._op("===", other)

    def __ne__(self, other: Any) -> Expr:  # type: ignore[override]
        return self._op("!==", other)

    def __lt__(self, other: Any) -> Expr:
        return self._op("<", other)

    def __le__(self, other: Any) -> Expr:
        return self._op("<=", other)

    def __gt__(self, other: Any) -> Expr:
        return self._op(">", other)

    def __ge__(self, other: Any) -> Expr:
        return self._op(">=", other)

    def __and__(self, other: Any) -> Expr:
        return self._op("&&", other)

    def __or__(self, other: Any) -> Expr:
        return self._op("||", other)

    def __invert__(self) -> Expr:
        return Expr(f"!({self!r})")

    __hash__ = None  # type: ignore[assignment]


class _Datum:
    def __repr__(self) -> str:
        return "datum"

    def __getattr__(self, name: str) -> Expr:
        if name.startswith("__"):
            raise AttributeError(name)
        return Expr(f"datum.{name}")

    def __getitem__(self, name: str) -> Expr:
        return Expr(f"datum[{_js(name)}]")


datum = _Datum()


# ------------------------------------------------------------------ data

_NULLABLE = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64"}


def _is_frame(data: Any) -> bool:
    return type(data).__name__ == "DataFrame" and hasattr(data, "dtypes") and hasattr(data, "columns")


def _box(v: Any) -> Any:
    return v.item() if type(v).__module__ == "numpy" and hasattr(v, "item") else v


def _column(col: Any) -> list[Any]:
    """A column's values as JSON values: NaN, infinities and missing values as None, NumPy
    scalars as Python ones, dates as ISO strings, categories as their labels."""
    import numpy as np
    import pandas as pd

    dtype = col.dtype
    name = str(dtype)
    if name.startswith(("datetime", "timestamp")):
        return ["" if v is pd.NaT else v.isoformat() for v in col]
    if name.startswith("timedelta"):
        raise ValueError(f'Field "{col.name}" has type "{dtype}", which charts cannot show; use a number')
    if name in ("category", "string", "str", "boolean") or name in _NULLABLE:
        col = col.astype(object)
        return [_box(v) for v in col.where(col.notnull(), None).tolist()]
    if name in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
        return col.tolist()
    if dtype.kind == "f":
        values = col.to_numpy()
        out = values.tolist()
        bad = ~np.isfinite(values)
        if bad.any():
            for i in np.flatnonzero(bad).tolist():
                out[i] = None
        return out
    if name == "object":  # as Altair sanitises: arrays to lists, then pandas infers the column's type
        col = col.astype(object).apply(lambda v: v.tolist() if isinstance(v, np.ndarray) else v)
        return [_box(v) for v in col.where(col.notnull(), None).tolist()]
    return [_box(v) for v in col.astype(object)]


def _records(df: Any) -> list[dict[str, Any]]:
    """A data frame's rows as records, its index dropped (Altair's sanitising)."""
    import pandas as pd

    if len(df) > MAX_ROWS:
        raise ValueError(
            f"The number of rows in your dataset ({len(df)}) is greater than the maximum allowed ({MAX_ROWS})."
        )
    names = [str(c) for c in df.columns] if isinstance(df.columns, pd.RangeIndex) else list(df.columns)
    if isinstance(df.index, pd.MultiIndex) or isinstance(df.columns, pd.MultiIndex):
        raise ValueError("Hierarchical indices not supported")
    for c in names:
        if not isinstance(c, str):
            raise ValueError(f"Dataframe contains invalid column name: {c!r}. Column names must be strings")
    if not names:
        return [{} for _ in range(len(df))]
    columns = [_column(df.iloc[:, i]) for i in range(len(names))]
    return [dict(zip(names, row)) for row in zip(*columns)]


def _dataset_name(values: Any) -> str:
    if values == [{}]:
        return "empty"
    text = json.dumps(values, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _prepare_data(data: Any, ctx: dict[str, Any]) -> Any:
    """A chart's data as it appears in the spec: inline values (a data frame's rows, or a
    ``{"values": ...}`` dict) are moved to ``ctx["datasets"]`` and referred to by name."""
    if _is_frame(data):
        data = {"values": _records(data)}
    elif isinstance(data, str):
        data = {"url": data}
    if isinstance(data, dict) and "values" in data and "name" not in data:
        name = _dataset_name(data["values"])
        ctx["datasets"][name] = data["values"]
        return {"name": name, **{k: v for k, v in data.items() if k != "values"}}
    return data


# ------------------------------------------------------------------ shorthand and types

_TYPE_CODES = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal", "G": "geojson"}
_AGGREGATES = (
    "argmax argmin average count distinct max mean median min missing product q1 q3 ci0 ci1 stderr stdev "
    "stdevp sum valid values variance variancep exponential exponentialb"
).split()
_WINDOW_OPS = (
    "row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value".split()
)
_TIME_BASE = (
    "year quarter month week day dayofyear date hours minutes seconds milliseconds yearquarter yearquartermonth "
    "yearmonth yearmonthdate yearmonthdatehours yearmonthdatehoursminutes yearmonthdatehoursminutesseconds yearweek "
    "yearweekday yearweekdayhours yearweekdayhoursminutes yearweekdayhoursminutesseconds yeardayofyear quartermonth "
    "monthdate monthdatehours monthdatehoursminutes monthdatehoursminutesseconds weekday weekdayhours "
    "weekdayhoursminutes weekdayhoursminutesseconds dayhours dayhoursminutes dayhoursminutesseconds hoursminutes "
    "hoursminutesseconds minutesseconds secondsmilliseconds"
).split()
_TIME_UNITS = [*_TIME_BASE, "weeksdayhours", *("utc" + u for u in _TIME_BASE)]


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(words)


def _shorthand_patterns(aggregates: bool, window: bool, time_units: bool, types: bool) -> list[re.Pattern[str]]:
    field = r"(?P<field>.*)"
    parts: list[str] = []
    if aggregates:
        parts += [r"(?P<aggregate>count)\(\)", rf"(?P<aggregate>{_alternatives(_AGGREGATES)})\({field}\)"]
    if window:
        parts += [r"(?P<op>count)\(\)", rf"(?P<op>{_alternatives(_AGGREGATES + _WINDOW_OPS)})\({field}\)"]
    if time_units:
        parts += [rf"(?P<timeUnit>{_alternatives(_TIME_UNITS)})\({field}\)"]
    parts.append(field)
    codes = _alternatives([*_TYPE_CODES.values(), *_TYPE_CODES])
    if types:
        parts = [p for part in parts for p in (rf"{part}:(?P<type>{codes})", part)]
    return [re.compile(rf"\A{p}\Z", re.DOTALL) for p in parts]


_PATTERNS: dict[tuple[bool, ...], list[re.Pattern[str]]] = {}


def parse_shorthand(
    shorthand: str,
    data: Any = None,
    *,
    aggregates: bool = True,
    window: bool = False,
    time_units: bool = True,
    types: bool = True,
) -> dict[str, Any]:
    """``"mean(loss):Q"`` -> ``{"aggregate": "mean", "field": "loss", "type": "quantitative"}``;
    without a type, the type of the data frame ``data``'s column (as Altair infers it)."""
    if not shorthand:
        return {}
    key = (aggregates, window, time_units, types)
    patterns = _PATTERNS.get(key) or _PATTERNS.setdefault(key, _shorthand_patterns(*key))
    attrs = next(m.groupdict() for p in patterns if (m := p.match(shorthand)))
    if "type" in attrs:
        attrs["type"] = _TYPE_CODES.get(attrs["type"], attrs["type"])
    if attrs == {"aggregate": "count"}:
        attrs["type"] = "quantitative"
    if "timeUnit" in attrs and "type" not in attrs:
        attrs["type"] = "temporal"
    if "type" not in attrs and _is_frame(data):
        name = attrs["field"].replace("\\", "")
        if name in data.columns:
            kind = infer_type(data[name])
            if isinstance(kind, tuple):
                attrs["type"], attrs["sort"] = kind
            else:
                attrs["type"] = kind
    field = attrs.get("field")
    if isinstance(field, str) and ":" in field and field[field.rfind(":") - 1] != "\\":
        raise ValueError(
            f'"{field.split(":")[-1]}" is not one of the valid encoding data types: {", ".join(_TYPE_CODES)}.'
        )
    return attrs


def _pandas_kind(col: Any) -> str:
    from pandas.api.types import infer_dtype

    kind = infer_dtype(col, skipna=False)
    if kind in ("floating", "mixed-integer-float", "integer", "mixed-integer", "complex"):
        return "quantitative"
    if kind == "categorical" and getattr(col.cat, "ordered", False):
        return "ordinal"
    if kind in ("datetime", "datetime64", "timedelta", "timedelta64", "date", "time", "period"):
        return "temporal"
    return "nominal"


def infer_type(col: Any) -> str | tuple[str, list[Any]]:
    """The Vega-Lite type of a pandas column, as Altair infers it: numbers quantitative,
    strings, booleans and categories nominal, ordered categories ordinal (with their order),
    dates temporal."""
    import pandas as pd
    from pandas.api.types import infer_dtype

    dtype = col.dtype
    name = str(dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        if dtype.ordered:
            categories = dtype.categories.tolist()
            if not categories:
                raise ValueError(f"Unexpected DtypeKind: {dtype}")
            return "ordinal", categories
        return "nominal"
    if name in ("bool", "boolean") or name.startswith(("string", "str")):
        return "nominal"
    if dtype.kind in "iuf" or name in _NULLABLE:
        return "quantitative"
    if name.startswith("datetime"):
        return "temporal"
    if name.startswith("timedelta"):
        raise ValueError(f"Unexpected DtypeKind: {dtype}")
    if name == "object" and infer_dtype(col.head(100), skipna=True) in ("string", "empty"):
        return "nominal"
    return _pandas_kind(col)


# ------------------------------------------------------------------ encoding channels

#: Channels whose field definitions take no type (a second position, an error bar's end).
_SECONDARY = {"x2", "y2", "xError", "xError2", "yError", "yError2", "latitude2", "longitude2", "theta2", "radius2"}
#: Channels that take no ``sort``.
_NO_SORT = {"tooltip", "text", "detail", "href", "url", "description", "key", "latitude", "longitude", *_SECONDARY}


class Channel(Schema):
    """An encoding channel's definition: ``alt.X("loss:Q", title=...)``."""

    _channel = ""
    _positional = ("shorthand",)

    def to_dict(self, context: dict[str, Any] | None = None, **_: Any) -> Any:
        ctx = context if context is not None else {}
        kwds = dict(self._kwds)
        shorthand = kwds.pop("shorthand", Undefined)
        if shorthand is not Undefined and "field" in kwds:
            raise ValueError(f"{type(self).__name__} specifies both shorthand={shorthand} and field={kwds['field']}.")
        if isinstance(shorthand, (list, tuple)):
            return [type(self)(s, **kwds).to_dict(ctx) for s in shorthand]
        if isinstance(shorthand, str):
            parsed = parse_shorthand(shorthand, ctx.get("data"))
            if self._channel in _SECONDARY:
                parsed.pop("type", None)
            elif "type" not in parsed and "type" not in kwds:
                raise ValueError(
                    f'Unable to determine data type for the field "{shorthand}"; verify that the field name is '
                    'not misspelled, or give its type ("name:Q").'
                )
            if "sort" in parsed and (self._channel in _NO_SORT or kwds.get("type", "ordinal") != "ordinal"):
                parsed.pop("sort")
            kwds = {**parsed, **kwds}
        elif shorthand is not Undefined:
            kwds = {"field": shorthand, **kwds}
        return _todict(kwds, ctx)


def _channel(name: str, encoding: str) -> type[Channel]:
    return type(name, (Channel,), {"_channel": encoding, "__doc__": f"The ``{encoding}`` channel."})


_CHANNELS = (
    "angle color column description detail facet fill fillOpacity href key latitude latitude2 longitude "
    "longitude2 opacity order radius radius2 row shape size stroke strokeDash strokeOpacity strokeWidth text "
    "theta theta2 time tooltip url x x2 xError xError2 xOffset y y2 yError yError2 yOffset"
).split()
_CHANNEL_CLASSES = {c: _channel(c[0].upper() + c[1:], c) for c in _CHANNELS}
X, Y, X2, Y2 = (_CHANNEL_CLASSES[c] for c in ("x", "y", "x2", "y2"))
Color, Fill, Stroke, Shape, Size = (_CHANNEL_CLASSES[c] for c in ("color", "fill", "stroke", "shape", "size"))
Opacity, StrokeDash, StrokeWidth = (_CHANNEL_CLASSES[c] for c in ("opacity", "strokeDash", "strokeWidth"))
Order, Tooltip, Text, Detail = (_CHANNEL_CLASSES[c] for c in ("order", "tooltip", "text", "detail"))
Facet, Row, Column = (_CHANNEL_CLASSES[c] for c in ("facet", "row", "column"))


def _wrap(obj: Any, encoding: str) -> Any:
    if isinstance(obj, Schema):
        return obj
    if isinstance(obj, str):
        return _CHANNEL_CLASSES[encoding](obj)
    if isinstance(obj, (list, tuple)):
        return [_wrap(o, encoding) for o in obj]
    if isinstance(obj, dict):
        return Schema(**obj)
    raise TypeError(f"cannot encode {encoding!r} with {obj!r}")


def value(value: Any, **kwargs: Any) -> dict[str, Any]:
    """A constant in an encoding: ``x=alt.value(0)``."""
    if isinstance(value, Expr):
        value = {"expr": repr(value)}
    return {"value": value, **kwargs}


# ------------------------------------------------------------------ parameters


class VariableParameter(Schema):
    """A parameter's definition in the spec (``params``)."""


class Parameter:
    """A named parameter (a slider, a menu): ``alt.param(name="k", value=1, bind=...)``."""

    def __init__(self, name: str, param: VariableParameter, empty: Any = Undefined, hashed: bool = False) -> None:
        self.name, self.param, self.empty, self._name_is_hashed = name, param, empty, hashed

    def to_dict(self) -> dict[str, Any]:
        return {"expr": self.name}

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, {self.param!r})"


def param(
    name: str | None = None,
    value: Any = Undefined,
    bind: Any = Undefined,
    empty: Any = Undefined,
    expr: Any = Undefined,
    **kwds: Any,
) -> Parameter:
    """A variable parameter, unnamed ones named after a hash of their definition as Altair does."""
    if "select" in kwds or "views" in kwds:
        raise NotImplementedError("selection parameters are not supported; the book's charts use none")
    definition = VariableParameter(name="__TEMP__", value=value, bind=bind, expr=expr, **kwds)
    hashed = name is None
    if hashed:
        body = {k: v for k, v in definition.to_dict().items() if k != "name"}
        text = json.dumps({"param_type": "variable", "empty": empty, "param": body}, sort_keys=True, default=str)
        name = "param_" + hashlib.sha256(text.encode()).hexdigest()[:16]
    return Parameter(str(name), definition._copy(name=str(name)), empty, hashed)


def binding_range(**kwargs: Any) -> Schema:
    return Schema(input="range", **kwargs)


def binding_select(**kwargs: Any) -> Schema:
    return Schema(input="select", **kwargs)


def binding_radio(**kwargs: Any) -> Schema:
    return Schema(input="radio", **kwargs)


def binding_checkbox(**kwargs: Any) -> Schema:
    return Schema(input="checkbox", **kwargs)


def condition(predicate: Any, if_true: Any, if_false: Any, *, empty: Any = Undefined, **kwargs: Any) -> Any:
    """``if_true`` where ``predicate`` holds (an expression string, ``alt.datum`` comparison,
    field predicate or parameter), else ``if_false``."""
    if isinstance(predicate, Parameter):
        expr = predicate.param._kwds.get("expr", Undefined)
        if expr is Undefined:
            cond: dict[str, Any] = {"param": predicate.name}
            chosen = empty if isinstance(empty, bool) else predicate.empty
            if isinstance(chosen, bool):
                cond["empty"] = chosen
        else:
            cond = {"test": expr}
    elif isinstance(predicate, (str, Expr, Schema)):
        cond = {"test": predicate}
    elif isinstance(predicate, dict):
        cond = predicate
    else:
        raise TypeError(f"Expected a predicate, but got: {type(predicate).__name__!r}")
    if isinstance(if_true, Schema):
        if_true = if_true.to_dict()
    elif isinstance(if_true, str):
        if isinstance(if_false, str):
            raise ValueError("A field cannot be used for both the `if_true` and `if_false` values of a condition.")
        if_true = {**parse_shorthand(if_true), **kwargs}
    cond = {**cond, **if_true}
    if isinstance(if_false, Schema):
        return if_false._copy(condition=cond)
    if isinstance(if_false, str):
        if_false = {**parse_shorthand(if_false), **kwargs}
    if not isinstance(if_false, dict):
        raise TypeError(if_false)
    return {"condition": cond, **if_false}


def sequence(start: Any, stop: Any = None, step: Any = Undefined, as_: Any = Undefined, **kwds: Any) -> Schema:
    """A sequence generator as a chart's data: ``alt.Chart(alt.sequence(0, 10, as_="i"))``."""
    if stop is None:
        start, stop = 0, start
    return Schema(sequence=Schema(start=start, stop=stop, step=step, **{"as": as_}), **kwds)


# ------------------------------------------------------------------ charts

_THEME: list[Callable[[], dict[str, Any]]] = []


def use_theme(theme: Callable[[], dict[str, Any]]) -> None:
    """Make ``theme()`` the base every top-level spec is merged into (``charts`` sets the book's)."""
    _THEME[:] = [theme]


def _merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    for key, val in update.items():
        if isinstance(val, dict) and isinstance(base.get(key), dict):
            base[key] = _merge(base[key], val)
        else:
            base[key] = val
    return base


_TOP_ONLY = ("background", "config", "autosize", "padding", "$schema")


def _check_subchart(chart: Any, where: str) -> None:
    if not isinstance(chart, TopLevel):
        raise TypeError(f"Only chart objects can be used in {where}.")
    for key in _TOP_ONLY:
        if key in chart._kwds:
            raise TypeError(f"Objects with {key!r} attribute cannot be used within {where}.")


def _combine_data(data: Any, subcharts: list[Any]) -> tuple[Any, list[Any]]:
    """Data shared by every subchart (the same object) moves up to the composed chart."""
    if not subcharts:
        return data, subcharts
    if data is Undefined:
        first = subcharts[0].data
        if first is not Undefined and all(c.data is first for c in subcharts):
            return first, [_without_data(c) for c in subcharts]
    elif all(c.data is Undefined or c.data is data for c in subcharts):
        subcharts = [_without_data(c) if c.data is not Undefined else c for c in subcharts]
    return data, subcharts


def _without_data(chart: Any) -> Any:
    new = chart.copy()
    new._kwds.pop("data", None)
    return new


def _view_base(name: str) -> str:
    head, _, tail = name.rpartition("_")
    return (head or name) if tail.isdigit() and head != "" else name


def _combine_params(params: Any, subcharts: list[Any]) -> tuple[Any, list[Any]]:
    """The subcharts' parameters move up to the composed chart, each definition once; named
    layers in a composition of several charts get their position appended (Altair's names)."""
    found: list[tuple[Any, dict[str, Any]]] = []
    for p in [] if params is Undefined else params:
        found.append((p, p.to_dict()))
    subcharts = [c.copy() for c in subcharts]
    if len(subcharts) > 1:
        for i, sub in enumerate(subcharts):
            if isinstance(sub, LayerChart) and sub.layer:
                sub._kwds["layer"] = [
                    layer._copy(name=f"{_view_base(layer.name)}_{i}")
                    if isinstance(layer, Chart) and layer.name is not Undefined
                    else layer
                    for layer in sub.layer
                ]
    for sub in subcharts:
        if sub.params is Undefined:
            continue
        for p in sub.params:
            d = p.to_dict()
            if all(d != seen for _, seen in found):
                found.append((p, d))
        sub._kwds.pop("params", None)
    return ([p for p, _ in found] or Undefined), subcharts


class TopLevel(Schema):
    """A chart (single, layered, faceted or composed): properties, transforms, composition."""

    def __init__(self, **kwds: Any) -> None:
        super().__init__(**kwds)

    def __repr__(self) -> str:
        return f"alt.{type(self).__name__}(...)"

    # -- composition
    def __add__(self, other: Any) -> Any:
        return layer(self, other)

    def __and__(self, other: Any) -> Any:
        return vconcat(self, other)

    def __or__(self, other: Any) -> Any:
        return hconcat(self, other)

    # -- properties
    def properties(self, **kwargs: Any) -> Any:
        return self._copy(**kwargs)

    def _resolve(self, kind: str, kwargs: dict[str, Any]) -> Any:
        resolve = self.resolve._copy() if isinstance(self.resolve, Schema) else Resolve()
        resolve._kwds[kind] = Schema(**kwargs)
        return self._copy(resolve=resolve)

    def resolve_scale(self, **kwargs: Any) -> Any:
        return self._resolve("scale", kwargs)

    def resolve_axis(self, **kwargs: Any) -> Any:
        return self._resolve("axis", kwargs)

    def resolve_legend(self, **kwargs: Any) -> Any:
        return self._resolve("legend", kwargs)

    def _configure(self, key: str, kwargs: dict[str, Any]) -> Any:
        config = self.config._copy() if isinstance(self.config, Schema) else Schema()
        config._kwds[key] = Schema(**kwargs)
        return self._copy(config=config)

    def configure_legend(self, **kwargs: Any) -> Any:
        return self._configure("legend", kwargs)

    def configure_axis(self, **kwargs: Any) -> Any:
        return self._configure("axis", kwargs)

    def configure_view(self, **kwargs: Any) -> Any:
        return self._configure("view", kwargs)

    def configure_title(self, **kwargs: Any) -> Any:
        return self._configure("title", kwargs)

    # -- transforms
    def _transform(self, *transforms: Schema) -> Any:
        return self._copy(transform=[*(self.transform or []), *transforms])

    def transform_calculate(self, as_: Any = Undefined, calculate: Any = Undefined, **kwargs: Any) -> Any:
        if as_ is Undefined:
            as_ = kwargs.pop("as", Undefined)
        chart = self
        if as_ is not Undefined or calculate is not Undefined:
            chart = chart._transform(Schema(calculate=calculate, **{"as": as_}))
        for name, expr in kwargs.items():
            chart = chart._transform(Schema(calculate=expr, **{"as": name}))
        return chart

    def transform_filter(self, predicate: Any) -> Any:
        if isinstance(predicate, Parameter):
            expr = predicate.param._kwds.get("expr", Undefined)
            predicate = {"param": predicate.name} if expr is Undefined else expr
        return self._transform(Schema(filter=predicate))

    def transform_fold(self, fold: list[str], as_: Any = Undefined) -> Any:
        return self._transform(Schema(fold=fold, **{"as": as_}))

    def transform_flatten(self, flatten: list[str], as_: Any = Undefined) -> Any:
        return self._transform(Schema(flatten=flatten, **{"as": as_}))

    def transform_aggregate(self, aggregate: Any = Undefined, groupby: Any = Undefined, **kwds: str) -> Any:
        ops = list(aggregate) if aggregate is not Undefined else []
        for name, shorthand in kwds.items():
            parsed = parse_shorthand(shorthand)
            ops.append(
                Schema(field=parsed.get("field", Undefined), op=parsed.get("aggregate", Undefined), **{"as": name})
            )
        return self._transform(Schema(aggregate=ops, groupby=groupby))

    def transform_window(
        self,
        window: Any = Undefined,
        frame: Any = Undefined,
        groupby: Any = Undefined,
        ignorePeers: Any = Undefined,  # noqa: N803 (Vega-Lite's name)
        sort: Any = Undefined,
        **kwargs: str,
    ) -> Any:
        ops = list(window) if isinstance(window, list) else []
        for name, shorthand in kwargs.items():
            parsed = parse_shorthand(shorthand, aggregates=False, window=True, time_units=False, types=False)
            ops.append(Schema(**{"as": name}, **parsed))
        return self._transform(
            Schema(window=ops or Undefined, frame=frame, groupby=groupby, ignorePeers=ignorePeers, sort=sort)
        )

    # -- parameters
    def add_params(self, *params: Parameter) -> Any:
        raise NotImplementedError

    # -- output
    def _body(self, ctx: dict[str, Any]) -> dict[str, Any]:
        return _todict(self._kwds, ctx)

    def to_dict(self, context: dict[str, Any] | None = None, validate: bool = True, **_: Any) -> dict[str, Any]:
        """The Vega-Lite spec, as Altair's ``to_dict`` gives it (``validate``: check it against
        the Vega-Lite schema Altair ships, as Altair does by default)."""
        ctx = dict(context) if context else {}
        ctx.setdefault("datasets", {})
        top = ctx.get("top_level", True)
        kwds = self.copy(deep=False)._kwds
        data = kwds.get("data", Undefined)
        if data is not Undefined:
            kwds["data"] = _prepare_data(data, ctx)
            ctx["data"] = data
        ctx["top_level"] = False
        spec = self._raw(kwds)._body(ctx)
        if top:
            spec.setdefault("$schema", SCHEMA_URL)
            if not _THEME:
                from . import charts  # noqa: F401  (sets the book's theme)
            spec = _merge(_THEME[0](), spec)
            if ctx["datasets"]:
                spec.setdefault("datasets", {}).update(ctx["datasets"])
            if validate:
                _validate(spec)
        return spec

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from . import charts

        return charts._mimebundle(self)


def _validate(spec: dict[str, Any]) -> None:
    """Raise ValueError unless ``spec`` is valid against Altair's Vega-Lite schema (read from its
    package folder; Altair itself is not imported)."""
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(spec))
    if error is not None:
        raise ValueError(f"invalid Vega-Lite spec: {error.message} at {'/'.join(map(str, error.path))}")


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    import importlib.util
    from pathlib import Path

    import jsonschema

    found = importlib.util.find_spec("altair")
    if found is None or not found.submodule_search_locations:
        raise RuntimeError("validating a chart needs Altair's Vega-Lite schema (pip install altair)")
    path = Path(next(iter(found.submodule_search_locations))) / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"
    return jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


_MARKS = "arc area bar boxplot circle errorband errorbar geoshape image line point rect rule square text tick trail"


class _Encodable(TopLevel):
    def encode(self, **channels: Any) -> Any:
        encoding = dict(self.encoding._kwds) if isinstance(self.encoding, Schema) else {}
        encoding.update({k: _wrap(v, k) for k, v in channels.items() if v is not Undefined})
        return self._copy(encoding=Schema(**encoding))

    def facet(
        self,
        facet: Any = Undefined,
        row: Any = Undefined,
        column: Any = Undefined,
        data: Any = Undefined,
        columns: Any = Undefined,
        **kwargs: Any,
    ) -> FacetChart:
        if facet is not Undefined and (row is not Undefined or column is not Undefined):
            raise ValueError("facet argument cannot be combined with row/column argument.")
        spec = self
        if data is Undefined:
            if self.data is Undefined:
                raise ValueError("Facet charts require data to be specified at the top level.")
            data, spec = self.data, self._copy(data=Undefined)
        if facet is not Undefined:
            f = Facet(facet) if isinstance(facet, str) else facet
        else:
            f = Schema(
                row=Row(row) if isinstance(row, str) else row,
                column=Column(column) if isinstance(column, str) else column,
            )
        return FacetChart(spec=spec, facet=f, data=data, columns=columns, **kwargs)


class Chart(_Encodable):
    """A single view: data, a mark, encodings, transforms."""

    def __init__(
        self,
        data: Any = Undefined,
        encoding: Any = Undefined,
        mark: Any = Undefined,
        width: Any = Undefined,
        height: Any = Undefined,
        **kwargs: Any,
    ) -> None:
        super().__init__(data=data, encoding=encoding, mark=mark, width=width, height=height, **kwargs)

    def _mark(self, mark: str, kwds: dict[str, Any]) -> Chart:
        defined = {k: v for k, v in kwds.items() if v is not Undefined}
        return self._copy(mark=MarkDef(type=mark, **kwds) if defined else mark)

    def add_params(self, *params: Parameter) -> Chart:
        if not params:
            return self
        current = list(self.params or [])
        names = {p.name for p in current}
        for p in params:
            if p.name in names:
                if p._name_is_hashed:
                    continue
                raise ValueError(f"Duplicate explicit parameter name: {p.name}")
            current.append(p.param)
            names.add(p.name)
        return self._copy(params=current)

    def to_dict(self, context: dict[str, Any] | None = None, validate: bool = True, **_: Any) -> dict[str, Any]:
        if self.data is Undefined and "data" not in (context or {}):
            return self._copy(data={"values": [{}]}).to_dict(context, validate)
        return super().to_dict(context, validate)

    def _body(self, ctx: dict[str, Any]) -> dict[str, Any]:
        out = _todict(self._kwds, ctx)
        if isinstance(out.get("mark"), str):
            out["mark"] = {"type": out["mark"]}
        return out


for _m in _MARKS.split():
    setattr(Chart, f"mark_{_m}", lambda self, _m=_m, **kwds: self._mark(_m, kwds))


class _Composite(TopLevel):
    def _rebuild(self, kwds: dict[str, Any]) -> Any:
        return type(self)(**kwds)


class LayerChart(_Encodable, _Composite):
    """Charts drawn on one another in one view."""

    def __init__(self, data: Any = Undefined, layer: Iterable[Any] = (), **kwargs: Any) -> None:
        charts = list(layer)
        for c in charts:
            _check_subchart(c, "LayerChart")
            _check_layerable(c)
        data, charts = _combine_data(data, charts)
        params, charts = _combine_params(kwargs.pop("params", Undefined), charts)
        super().__init__(data=data, layer=charts, params=params, **kwargs)
        for prop in ("height", "width", "view"):
            values = [c._kwds[prop] for c in charts if prop in c._kwds]
            if prop in self._kwds:
                if any(v != self._kwds[prop] for v in values):
                    raise ValueError(f"There are inconsistent values for {prop}")
            elif values:
                if any(v != values[0] for v in values[1:]):
                    raise ValueError(f"There are inconsistent values {values} for {prop}")
                self._kwds[prop] = values[0]
            charts = [c._copy(**{prop: Undefined}) if prop in c._kwds else c for c in charts]
        self._kwds["layer"] = charts

    def __add__(self, other: Any) -> LayerChart:
        new = self.copy(deep=False)
        _check_subchart(other, "LayerChart")
        _check_layerable(other)
        data, charts = _combine_data(new.data, [*new.layer, other])
        params, charts = _combine_params(new.params, charts)
        return new._set(data=data, layer=charts, params=params)

    def add_params(self, *params: Parameter) -> LayerChart:
        if not params or not self.layer:
            return self
        new = self.copy()
        return new._set(layer=[new.layer[0].add_params(*params), *new.layer[1:]]).copy()


def _check_layerable(chart: Any) -> None:
    enc = chart.encoding
    if isinstance(enc, Schema) and any(ch in enc._kwds for ch in ("row", "column", "facet")):
        raise TypeError("Faceted charts cannot be layered. Instead, layer the charts before faceting.")
    if not isinstance(chart, (Chart, LayerChart)):
        raise TypeError(f"{type(chart).__name__} charts cannot be layered.")


class _Concat(_Composite):
    _key = "concat"

    def __init__(self, data: Any = Undefined, charts: Iterable[Any] = (), **kwargs: Any) -> None:
        subs = list(charts)
        for c in subs:
            _check_subchart(c, type(self).__name__)
        data, subs = _combine_data(data, subs)
        params, subs = _combine_params(kwargs.pop("params", Undefined), subs)
        super().__init__(data=data, params=params, **{self._key: subs}, **kwargs)

    def _append(self, other: Any) -> Any:
        new = self.copy(deep=False)
        _check_subchart(other, type(self).__name__)
        data, subs = _combine_data(new.data, [*new._kwds[self._key], other])
        params, subs = _combine_params(new.params, subs)
        return new._set(data=data, params=params, **{self._key: subs})

    def add_params(self, *params: Parameter) -> Any:
        if not params or not self._kwds[self._key]:
            return self
        new = self.copy()
        lifted, subs = _combine_params(new.params, [c.add_params(*params) for c in new._kwds[self._key]])
        return new._set(params=lifted, **{self._key: subs})


class ConcatChart(_Concat):
    """Charts side by side, wrapped after ``columns``."""

    def __init__(self, data: Any = Undefined, concat: Iterable[Any] = (), columns: Any = Undefined, **kw: Any) -> None:
        super().__init__(data, concat, columns=columns, **kw)

    def __or__(self, other: Any) -> ConcatChart:
        return self._append(other)


class HConcatChart(_Concat):
    """Charts side by side."""

    _key = "hconcat"

    def __init__(self, data: Any = Undefined, hconcat: Iterable[Any] = (), **kw: Any) -> None:
        super().__init__(data, hconcat, **kw)

    def __or__(self, other: Any) -> HConcatChart:
        return self._append(other)


class VConcatChart(_Concat):
    """Charts one above another."""

    _key = "vconcat"

    def __init__(self, data: Any = Undefined, vconcat: Iterable[Any] = (), **kw: Any) -> None:
        super().__init__(data, vconcat, **kw)

    def __and__(self, other: Any) -> VConcatChart:
        return self._append(other)


class FacetChart(_Composite):
    """One chart repeated over the values of a field."""

    def __init__(self, data: Any = Undefined, spec: Any = Undefined, facet: Any = Undefined, **kwargs: Any) -> None:
        if spec is Undefined:
            raise TypeError("'FacetChart' requires a `spec`")
        _check_subchart(spec, "FacetChart")
        params, (spec,) = _combine_params(kwargs.pop("params", Undefined), [spec])
        super().__init__(data=data, spec=spec, facet=facet, params=params, **kwargs)

    def add_params(self, *params: Parameter) -> FacetChart:
        if not params:
            return self
        new = self.copy()
        return new._set(spec=new.spec.add_params(*params)).copy()


def layer(*charts: Any, **kwargs: Any) -> LayerChart:
    """Charts drawn on one another."""
    return LayerChart(layer=charts, **kwargs)


def concat(*charts: Any, **kwargs: Any) -> ConcatChart:
    return ConcatChart(concat=charts, **kwargs)


def hconcat(*charts: Any, **kwargs: Any) -> HConcatChart:
    return HConcatChart(hconcat=charts, **kwargs)


def vconcat(*charts: Any, **kwargs: Any) -> VConcatChart:
    return VConcatChart(vconcat=charts, **kwargs)


#: Altair's names for the base class of every chart.
TopLevelMixin = TopLevel
