"""``scalingbook plot``: a sweep's CSV drawn as one chart, offline, before anyone opens a spreadsheet.

``plot_sweep(csv, x=..., y=..., color=...)`` reads a sweep's CSV (``scalingbook sweep``) and its
sidecar ``<csv>.units.json`` when present (units of every column, and the values every run
shared), draws ``y`` against ``x`` (one line per value of ``color``), and writes a self-contained
HTML file (the Vega libraries inlined by vl-convert, so it opens without a network) and a PNG
beside it. Axes whose values are all positive and span more than a factor of 100 are drawn on a
log scale. The values every run shared are the chart's subtitle.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

__all__ = ["PlotError", "sidecar_path", "read_sidecar", "sweep_chart", "plot_sweep"]


class PlotError(ValueError):
    """A plot request the sweep cannot satisfy (a missing file or column); the message says which."""


def sidecar_path(csv_path: str | Path) -> Path:
    """The sidecar of a sweep's CSV: ``runs/x-sweep.csv`` -> ``runs/x-sweep.csv.units.json``."""
    p = Path(csv_path)
    return p.with_name(p.name + ".units.json")


def read_sidecar(csv_path: str | Path) -> dict[str, Any]:
    """The sweep's sidecar as ``{"units": {column: unit}, "fixed": {column: value}}`` (empty
    mappings when the sweep has none, e.g. a CSV written by hand)."""
    p = sidecar_path(csv_path)
    if not p.is_file():
        return {"units": {}, "fixed": {}}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlotError(f"the sidecar {p} is not readable JSON: {exc}") from None
    return {"units": dict(data.get("units") or {}), "fixed": dict(data.get("fixed") or {})}


def _log(values) -> bool:
    v = [float(x) for x in values if isinstance(x, (int, float)) and math.isfinite(float(x))]
    return bool(v) and min(v) > 0 and max(v) / min(v) > 100


def _title(col: str, units: dict[str, str]) -> str:
    u = units.get(col, "")
    return f"{col} ({u})" if u else col


def _subtitle(fixed: dict[str, Any], units: dict[str, str], width: int = 90) -> list[str]:
    """The parameters every run shared, as lines of at most ``width`` characters."""
    parts = []
    for k, v in fixed.items():
        shown = f"{v:.4g}" if isinstance(v, float) else str(v)
        parts.append(f"{k} = {shown}" + (f" {units[k]}" if units.get(k) else ""))
    lines, line = [], "fixed in every run: "
    for part in parts:
        if len(line) + len(part) + 2 > width and line.strip():
            lines.append(line.rstrip(", "))
            line = ""
        line += part + ", "
    if parts:
        lines.append(line.rstrip(", "))
    return lines


def sweep_chart(
    df,
    x: str,
    y: str,
    color: str | None = None,
    *,
    units: dict[str, str] | None = None,
    fixed: dict[str, Any] | None = None,
    title: str | None = None,
):
    """The Altair chart of ``y`` against ``x`` (and one line per ``color``) of a sweep's table
    ``df``; ``units`` titles the axes, ``fixed`` (the values every run shared) is the subtitle."""
    import altair as alt

    units, fixed = units or {}, fixed or {}
    for role, col in (("--x", x), ("--y", y), ("--color", color)):
        if col is None:
            continue
        if col not in df.columns:
            where = f"; it is fixed at {fixed[col]!r} in every run (see the sidecar)" if col in fixed else ""
            raise PlotError(
                f"{role} {col!r} is not a column of the sweep{where}; columns: {', '.join(map(str, df.columns))}"
            )
    numeric_x = df[x].dtype.kind in "if"
    enc_x = alt.X(
        f"{x}:{'Q' if numeric_x else 'N'}",
        title=_title(x, units),
        scale=alt.Scale(type="log") if numeric_x and _log(df[x]) else alt.Scale(zero=False),
    )
    enc_y = alt.Y(
        f"{y}:Q", title=_title(y, units), scale=alt.Scale(type="log") if _log(df[y]) else alt.Scale(zero=False)
    )
    enc: dict[str, Any] = {"x": enc_x, "y": enc_y, "tooltip": [c for c in (x, y, color) if c is not None]}
    if color is not None:
        enc["color"] = alt.Color(f"{color}:N", title=_title(color, units))
    head = alt.TitleParams(title or f"{y} against {x}", subtitle=_subtitle(fixed, units))
    cols = [c for c in dict.fromkeys((x, y, color)) if c is not None]
    data = df[cols].sort_values([c for c in (color, x) if c is not None])
    return alt.Chart(data).mark_line(point=True).encode(**enc).properties(title=head, width=520, height=320)


def plot_sweep(
    csv_path: str | Path, x: str, y: str, color: str | None = None, *, out: str | Path | None = None, png: bool = True
) -> list[Path]:
    """Draw a sweep's CSV: write ``out`` (default: the CSV's name with ``-X-Y.html``), an offline
    HTML chart, and a PNG beside it (``png``). Returns the paths written."""
    import pandas as pd
    import vl_convert

    src = Path(csv_path)
    if not src.is_file():
        raise PlotError(f"sweep file {src} does not exist" if not src.exists() else f"{src} is not a file")
    try:
        df = pd.read_csv(src)
    except (OSError, ValueError) as exc:
        raise PlotError(f"{src} is not a readable CSV: {exc}") from None
    if df.empty:
        raise PlotError(f"{src} has no rows to plot")
    side = read_sidecar(src)
    chart = sweep_chart(df, x, y, color, units=side["units"], fixed=side["fixed"])
    spec = chart.to_dict()
    dest = Path(out) if out is not None else src.with_name(f"{src.stem}-{x}-{y}.html")
    if dest.suffix.lower() != ".html":
        dest = dest.with_suffix(".html")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(vl_convert.vegalite_to_html(spec, bundle=True), encoding="utf-8")
    written = [dest]
    if png:
        target = dest.with_suffix(".png")
        target.write_bytes(vl_convert.vegalite_to_png(spec, scale=2))
        written.append(target)
    return written
