"""What a chapter reports: headline numbers, the parameters table, the re-run box and footer.

``publish(name, value)`` records a headline number. Inside a pipeline execution the
pipeline sets ``SCALINGBOOK_RESULTS`` to a JSON-lines file and every published number is
appended there, which is how ``scalingbook sweep`` and the tests read a chapter's results.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import params as _params
from .format import format_number, readable_number  # noqa: F401  (shown by Headline and table)

__all__ = [
    "publish",
    "Headline",
    "readable_number",
    "parameters_markdown",
    "parameters_html",
    "rerun_command",
    "footer",
    "table",
]

RESULTS_ENV = "SCALINGBOOK_RESULTS"
LIBRARIES = ("numpy", "pandas", "scipy", "altair", "vl-convert-python", "papermill", "jupyter-book")


@dataclass(frozen=True)
class Headline:
    """A published number; shows itself in a notebook as a bold line."""

    name: str
    value: Any
    unit: str = ""
    label: str = ""

    def text(self) -> str:
        value = self.value
        shown = readable_number(value) if isinstance(value, float) else str(value)
        unit = f" {self.unit}" if self.unit else ""
        return f"**{self.label or self.name}: {shown}{unit}**"

    def _repr_markdown_(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text().strip("*")


def _plain(value: Any) -> Any:
    """JSON-safe form of a number or numpy scalar."""
    if hasattr(value, "item"):
        value = value.item()
    return value


def publish(name: str, value: Any, unit: str = "", label: str = "") -> Headline:
    """Record a chapter's headline number ``name`` = ``value`` (in ``unit``) and show it.

    Sweeps collect every published number into one CSV row per run; tests read them to
    check a chapter's answer. Returns a :class:`Headline` that renders as bold text.
    """
    value = _plain(value)
    path = os.environ.get(RESULTS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"name": name, "value": value, "unit": unit, "label": label}) + "\n")
    return Headline(name, value, unit, label)


def read_results(path: str | Path) -> dict[str, Any]:
    """The published numbers in a results file, name -> value (last write wins)."""
    out: dict[str, Any] = {}
    p = Path(path)
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[rec["name"]] = rec["value"]
    return out


def read_headlines(path: str | Path) -> list[dict[str, Any]]:
    """The published numbers in a results file with their labels and units, in order
    (a name published twice keeps its last value, at its first position)."""
    out: dict[str, dict[str, Any]] = {}
    p = Path(path)
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[rec["name"]] = rec
    return list(out.values())


class Markdown:
    """Minimal Markdown display object (no IPython import needed)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def _markdown_table(df) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for _, row in df.iterrows():
        cells = [str(row[c]).replace("|", "\\|") for c in cols]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parameters_markdown(chapter: str, values: Mapping[str, Any] | None = None) -> Markdown:
    """The chapter's parameter table as Markdown (name, type, default, allowed, unit, meaning)."""
    return Markdown(_markdown_table(_params.parameters_table(chapter, values)))


def parameters_html(chapter: str, values: Mapping[str, Any] | None = None) -> HTML:
    """The chapter's parameter table as an HTML table, for the chapter page."""
    df = _params.parameters_table(chapter, values)
    html = df.to_html(index=False, classes="scalingbook-params", border=0, escape=True)
    # wide tables scroll inside the page column instead of being cut off at its edge
    return HTML(
        f'<div class="table-wrap" style="overflow-x:auto;max-width:100%">{html}</div>', df.to_string(index=False)
    )


def rerun_command(chapter: str, values: Mapping[str, Any]) -> str:
    """The exact ``scalingbook run`` command that reproduces this execution."""
    key = chapter.replace("_", "-")
    parts = ["scalingbook", "run", key]
    for p in _params.schema(key):
        value = values.get(p.name, p.default)
        if value != p.default:
            shown = (
                str(value).lower()
                if isinstance(value, bool)
                else (repr(value) if isinstance(value, float) else str(value))
            )
            parts += ["-p", p.name, shown]
    return " ".join(shlex.quote(x) for x in parts)


def _git_commit() -> str:
    env = os.environ.get("SCALINGBOOK_GIT_COMMIT")
    if env:
        return env
    try:
        here = Path(__file__).resolve().parent
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
        return out.stdout.strip() or "unknown"
    except Exception:
        return "unknown"


def versions() -> dict[str, str]:
    """Versions of Python, this package and the libraries a chapter's numbers depend on."""
    out = {"python": platform.python_version()}
    for name in ("scalingbook",) + LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


class HTML:
    """Minimal HTML display object (no IPython import needed)."""

    def __init__(self, html: str, text: str = ""):
        self.html = html
        self.text = text or html

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def footer(chapter: str, values: Mapping[str, Any]) -> HTML:
    """The chapter's closing boxes: the exact re-run command, parameters used, environment."""
    import html as _html

    key = chapter.replace("_", "-")
    cmd = rerun_command(key, values)
    used = "".join(
        f"<tr><td><code>{_html.escape(k)}</code></td><td><code>{_html.escape(repr(v))}</code></td></tr>"
        for k, v in values.items()
    )
    vers = ", ".join(f"{_html.escape(k)} {_html.escape(v)}" for k, v in versions().items())
    page = (
        '<div class="scalingbook-rerun admonition tip">'
        '<p class="admonition-title">Re-run this page</p>'
        "<p>This page was executed with the command below. Change any parameter with "
        "<code>-p NAME VALUE</code> (or <code>-f params.yaml</code>) and get a new page in "
        "<code>runs/</code>; <code>scalingbook params " + _html.escape(key) + "</code> lists them all.</p>"
        f"<pre><code>{_html.escape(cmd)} --out runs/{_html.escape(key)}</code></pre></div>"
        '<div class="scalingbook-footer admonition note">'
        '<p class="admonition-title">Reproducibility</p>'
        f"<table><thead><tr><th>parameter</th><th>value used</th></tr></thead><tbody>{used}</tbody></table>"
        f"<p>Source commit <code>{_html.escape(_git_commit())}</code>; {vers}; "
        f"{_html.escape(platform.system())} {_html.escape(platform.machine())}. "
        "The executed notebook is the download (.ipynb) at the top of this page.</p></div>"
    )
    return HTML(page, f"Re-run: {cmd}")


def table(df, *, float_format: str | None = None) -> HTML:
    """Show a DataFrame as a plain HTML table without its index (claims tables, data tables).

    Floats are shown by ``format_number`` unless ``float_format`` (e.g. ``"{:.4g}"``) is given.
    """

    def fmt_one(x, f=float_format):
        if not isinstance(x, float):
            return x
        return f.format(x) if f else format_number(x)

    fmt = {c: fmt_one for c in df.columns if df[c].dtype.kind == "f"}
    html = df.to_html(index=False, border=0, escape=True, formatters=fmt, classes="scalingbook-table", na_rep="")
    html = f'<div class="table-wrap" style="overflow-x:auto;max-width:100%">{html}</div>'
    return HTML(html, df.to_string(index=False))
