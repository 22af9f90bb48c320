"""The book's chart builder (scalingbook.pages.vegalite) against Altair: every chart every
chapter draws, at the defaults and at the chapter's non-default set (tests/params), is built
twice from the same page code, once by each, and the two specs must be equal; Altair's Vega-Lite
schema must accept them. A chapter's kernel must draw all its charts without importing Altair."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from vegalite_schema import schema_error

import scalingbook.pages as pages_package
from scalingbook import params
from scalingbook.pages import charts, vegalite

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ both builders at once


class Twin:
    """Every call made on the book's builder (``ours``) and on Altair (``theirs``) alike: a page
    module given ``Twin(vegalite, altair)`` for ``alt`` builds each chart with both."""

    __slots__ = ("ours", "theirs")

    def __init__(self, ours: Any, theirs: Any) -> None:
        object.__setattr__(self, "ours", ours)
        object.__setattr__(self, "theirs", theirs)

    def __getattr__(self, name: str) -> Any:
        return _pair(getattr(self.ours, name), getattr(self.theirs, name))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _pair(self.ours(*_side(args, 0), **_side(kwargs, 0)), self.theirs(*_side(args, 1), **_side(kwargs, 1)))

    def _both(self, op: Callable[[Any, Any], Any], other: Any) -> Any:
        return _pair(op(self.ours, _side(other, 0)), op(self.theirs, _side(other, 1)))

    def __add__(self, other: Any) -> Any:
        return self._both(lambda a, b: a + b, other)

    def __and__(self, other: Any) -> Any:
        return self._both(lambda a, b: a & b, other)

    def __or__(self, other: Any) -> Any:
        return self._both(lambda a, b: a | b, other)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return self._both(lambda a, b: a == b, other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return self._both(lambda a, b: a != b, other)

    __hash__ = None  # type: ignore[assignment]


def _side(obj: Any, i: int) -> Any:
    if isinstance(obj, Twin):
        return (obj.ours, obj.theirs)[i]
    if isinstance(obj, (list, tuple)):
        return type(obj)(_side(v, i) for v in obj)
    if isinstance(obj, dict):
        return {k: _side(v, i) for k, v in obj.items()}
    return obj


def _plain(v: Any) -> bool:
    if isinstance(v, (list, tuple)):
        return all(map(_plain, v))
    if isinstance(v, dict):
        return all(map(_plain, v.values()))
    return v is None or type(v) in (str, int, float, bool)


def _pair(ours: Any, theirs: Any) -> Any:
    """One value when both builders gave the same plain value (numbers, text, lists and dicts of
    them), else the twin of the two."""
    if ours is theirs or (_plain(ours) and _plain(theirs) and first_difference(ours, theirs) is None):
        return ours
    return Twin(ours, theirs)


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two specs differ (a JSON path and both values), or None when they are equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{path}/{k}: {'missing' if k not in a else repr(a[k])[:200]} != {'missing' if k not in b else repr(b[k])[:200]}"
            if found := first_difference(a[k], b[k], f"{path}/{k}"):
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := first_difference(x, y, f"{path}/{i}"))), None)
    if type(a) is not type(b) or a != b:
        return f"{path or '/'}: {a!r} != {b!r}"[:400]
    return None


# ------------------------------------------------------------------ running a chapter's cells


def chapter_cells(chapter: str, values: dict[str, Any]) -> list[str]:
    """The chapter's code cells, its parameters injected after the parameters cell as papermill does."""
    from papermill.translators import translate_parameters

    from scalingbook import pipeline
    from scalingbook.build.book import read_notebook

    name = pipeline.chapter_key(chapter)
    nb = read_notebook(ROOT / "chapters" / f"{name.replace('-', '_')}.md")
    full = params.validate(name, values)
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            out.append(cell.source)
            if "parameters" in cell.metadata.get("tags", []):
                out.append(translate_parameters("python3", "python", full, "Parameters"))
    return out


RUNNER = '''
import ast, sys

def run_cells(sources, show):
    """Each cell as a kernel runs it: its statements, then its last expression shown."""
    import IPython.display, IPython.core.display_functions
    IPython.display.display = IPython.core.display_functions.display = lambda *objs, **_: [show(o) for o in objs]
    ns = {"__name__": "__main__"}
    for number, source in enumerate(sources, start=1):
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, f"<cell {number}>", "exec"), ns)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), f"<cell {number}>", "eval"), ns)
            if value is not None:
                show(value)
'''
exec(RUNNER)  # defines run_cells here; the subprocess test below runs the same text


def _values(chapter: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "tests" / "params" / f"{chapter}.yaml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the tests


@pytest.fixture
def both_builders(monkeypatch, tmp_path):
    """Page modules draw with ``Twin(vegalite, altair)``; Altair has the book's theme and, as in
    a kernel, no check of each piece as it is built."""
    import altair
    from altair.utils.schemapi import debug_mode

    twin = Twin(vegalite, altair)
    saved = altair.theme.active, altair.renderers.active
    charts.use_with_altair()
    monkeypatch.setattr(pages_package, "vegalite", twin)  # ``from . import vegalite as alt`` in a function
    for name, module in list(sys.modules.items()):
        if name.startswith("scalingbook.pages.") and getattr(module, "alt", None) is vegalite:
            monkeypatch.setattr(module, "alt", twin)
    monkeypatch.setenv("SCALINGBOOK_DATA", str(ROOT / "data"))
    monkeypatch.setenv("SCALINGBOOK_RESULTS", str(tmp_path / "results.jsonl"))
    with debug_mode(False):
        yield twin
    altair.theme.enable(saved[0])
    altair.renderers.enable(saved[1])


@pytest.mark.slow
@pytest.mark.parametrize("given", ["defaults", "tests/params"])
@pytest.mark.parametrize("chapter", params.chapter_names())
def test_every_chart_equals_the_one_altair_builds(both_builders, chapter, given):
    sources = chapter_cells(chapter, {} if given == "defaults" else _values(chapter))
    drawn: list[tuple[dict, dict]] = []

    def show(obj: Any) -> None:
        if isinstance(obj, vegalite.TopLevel):
            pytest.fail(f"{chapter}: a chart was built with the book's builder alone (its `alt` was not swapped)")
        if isinstance(obj, Twin) and isinstance(obj.ours, vegalite.TopLevel):
            drawn.append((obj.ours.to_dict(validate=False), obj.theirs.to_dict(validate=False)))

    run_cells(sources, show)  # noqa: F821 (defined by RUNNER)
    assert len(drawn) >= 3, f"{chapter} {given}: {len(drawn)} charts drawn"
    for i, (ours, theirs) in enumerate(drawn, start=1):
        where = f"{chapter} ({given}), chart {i} ({str(theirs.get('title', ''))[:50]})"
        assert (diff := first_difference(ours, theirs)) is None, f"{where}: book's spec != Altair's at {diff}"
        assert (error := schema_error(theirs)) is None, f"{where}: not valid Vega-Lite: {error}"


def test_a_different_spec_fails_the_comparison(both_builders):
    """The comparison above can fail: a twin whose two sides differ in one mark, one field type,
    one dataset value or one config entry is reported, with where."""
    df = pd.DataFrame({"x": [1.0, 2.0], "y": [3, 4], "who": ["a", "b"]})
    alt = both_builders
    same = alt.Chart(df).mark_line().encode(x="x", y="y:Q", color="who")
    ours, theirs = same.ours.to_dict(validate=False), same.theirs.to_dict(validate=False)
    assert first_difference(ours, theirs) is None and ours["encoding"]["x"]["type"] == "quantitative"
    mark = Twin(same.ours.mark_point(), same.theirs)
    assert "/mark/type" in first_difference(mark.ours.to_dict(), mark.theirs.to_dict())
    typed = Twin(same.ours.encode(x="x:O"), same.theirs)
    assert "/encoding/x/type" in first_difference(typed.ours.to_dict(), typed.theirs.to_dict())
    data = Twin(vegalite.Chart(df.assign(y=[3, 5])).mark_line().encode(x="x", y="y:Q", color="who"), same.theirs)
    assert "/data" in first_difference(data.ours.to_dict(), data.theirs.to_dict())
    legend = Twin(same.ours.configure_legend(orient="top"), same.theirs)
    assert "/config/legend/orient" in first_difference(legend.ours.to_dict(), legend.theirs.to_dict())
    assert first_difference({"a": [1, 2]}, {"a": [1, 2.0]}) is not None, "1 and 1.0 print differently in JSON"


def test_awkward_columns_are_sanitised_and_typed_as_altair_does(both_builders):
    """NaN and infinities to null, numbers of an object column, categories (ordered ones sorted),
    datetimes, nullable integers and floats, arrays in cells: the same datasets, names and types."""
    import numpy as np

    df = pd.DataFrame(
        {
            "f": [1.5, np.nan, np.inf],
            "i": np.array([1, 2, 3], dtype="int32"),
            "b": [True, False, True],
            "s": ["a", None, "c"],
            "o": [1, "x", np.nan],
            "c": pd.Categorical(["a", "b", "a"]),
            "oc": pd.Categorical(["lo", "hi", "lo"], categories=["lo", "hi"], ordered=True),
            "t": pd.to_datetime(["2020-01-01 00:00", None, "2021-06-01 12:00"]),
            "n": pd.array([1, None, 3], dtype="Int64"),
            "F": pd.array([1.5, None, 2.0], dtype="Float64"),
            "arr": [np.array([1, 2]), [3], None],
            "on": pd.Series([1, 2.5, 3], dtype=object),
        }
    )
    chart = (
        both_builders.Chart(df)
        .mark_point()
        .encode(
            x="f", y="i", color="oc", shape="c", detail="s", size="F", opacity="on", tooltip=["o", "b", "t", "n", "F"]
        )
    )
    ours, theirs = chart.ours.to_dict(validate=False), chart.theirs.to_dict(validate=False)
    assert first_difference(ours, theirs) is None, first_difference(ours, theirs)
    assert ours["encoding"]["color"] == {"field": "oc", "type": "ordinal", "sort": ["lo", "hi"]}


def test_compositions_lift_data_parameters_and_sizes_as_altair_does(both_builders):
    """Data shared by every part moves up, parameters added to a composition move to its top,
    a layer takes its parts' width, named layers in a composition get their position."""
    alt = both_builders
    df = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.0], "g": ["a", "b"]})
    k = alt.param(name="k", value=1.0, bind=alt.binding_range(min=0, max=2, step=0.1, name="k "))
    base = alt.Chart(df).encode(x="x", y="y:Q")
    lines = base.mark_line() + base.mark_point().properties(width=100, name="dots")
    faceted = alt.layer(alt.Chart().mark_rule().encode(y="mean(y):Q"), data=df).facet(facet="g:N", columns=2)
    both = alt.vconcat(lines, alt.hconcat(base.mark_bar(), base.mark_tick())).add_params(k).properties(title="t")
    side = alt.hconcat(base.mark_bar(), faceted)
    for chart in (
        lines,
        faceted,
        both,
        side,
        lines.add_params(k) & base.mark_area(),
        base.mark_line() | base.mark_bar(),
    ):
        ours, theirs = chart.ours.to_dict(validate=False), chart.theirs.to_dict(validate=False)
        assert first_difference(ours, theirs) is None, first_difference(ours, theirs)
        assert schema_error(theirs) is None


def test_the_builder_validates_as_altair_does_by_default():
    df = pd.DataFrame({"x": [1.0], "y": [2.0]})
    good = vegalite.Chart(df).mark_line().encode(x="x:Q", y="y:Q")
    assert good.to_dict()["mark"] == {"type": "line"}
    with pytest.raises(ValueError, match="invalid Vega-Lite"):
        good.properties(width="wide").to_dict()
    assert good.properties(width="wide").to_dict(validate=False)["width"] == "wide"


@pytest.mark.slow
def test_a_chapter_draws_its_charts_without_importing_altair(tmp_path):
    """Chapter 6 imported Altair in a cell; now no chapter cell or page module does: in a fresh
    interpreter, its cells and every page module's import leave Altair, jsonschema and narwhals
    unloaded, and each chart displays through its own ``_repr_mimebundle_``."""
    cells = tmp_path / "cells.json"
    cells.write_text(json.dumps(chapter_cells("scaling-limits", {})), encoding="utf-8")
    script = (
        RUNNER
        + """
import importlib, json, pkgutil
import scalingbook.pages
from scalingbook.pages import vegalite
shown = []
def show(obj):
    if isinstance(obj, vegalite.TopLevel):
        shown.append(obj._repr_mimebundle_())
run_cells(json.load(open(sys.argv[1])), show)
for m in pkgutil.iter_modules(scalingbook.pages.__path__):
    importlib.import_module("scalingbook.pages." + m.name)
print(json.dumps({"charts": len(shown), "html": all("vegaEmbed" in b["text/html"] for b in shown),
                  "loaded": [m for m in ("altair", "jsonschema", "narwhals") if m in sys.modules]}))
"""
    )
    env = {**os.environ, "SCALINGBOOK_DATA": str(ROOT / "data"), "SCALINGBOOK_RESULTS": str(tmp_path / "r.jsonl")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(cells)], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["charts"] >= 3 and result["html"], result
    assert result["loaded"] == [], f"a chapter's kernel imported {result['loaded']}"
