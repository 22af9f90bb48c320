"""The in-process chapter runner (tests/conftest.py) fails a run the way a kernel run fails:
on a cell that raises, and on a chart whose spec is not valid Vega-Lite (checked by the
compiled validator of tests/vegalite_schema.py, since charts are built as in a kernel,
without Altair's checks)."""

from __future__ import annotations

import pytest

from scalingbook.build.book import ChapterFailed
from scalingbook.pages import charts


def test_a_chart_that_is_not_vega_lite_fails_the_run(run_in_process, monkeypatch):
    line_chart = charts.line_chart

    def broken(*args, **kwargs):
        chart = line_chart(*args, **kwargs)
        chart.width = "wide"  # set without Altair's check; a width must be a number or "container"
        return chart

    monkeypatch.setattr(charts, "line_chart", broken)
    with pytest.raises(ChapterFailed, match="not valid Vega-Lite"):
        run_in_process("scaling-limits")


def test_a_valid_run_shows_its_charts(run_in_process):
    run = run_in_process("scaling-limits")
    shown = [o for o in run.outputs if "text/html" in o.get("data", o) and "vegaEmbed" in str(o)]
    assert shown and run.headlines
