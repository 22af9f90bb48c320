"""`scalingbook plot` (scalingbook.build.plot) and the sweep's table with its sidecar
(scalingbook.build.sweeps): solved columns, fixed values once, units, offline HTML and PNG."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from scalingbook.build import plot, sweeps
from scalingbook.build.execution import ExecutionRecord
from scalingbook.pages import params


def record(values, results, units):
    full = params.validate("pretraining-cost", values)
    heads = [{"name": k, "value": v, "unit": units.get(k, ""), "label": k} for k, v in results.items()]
    return ExecutionRecord("pretraining-cost", full, "k", None, 1.0, results, headlines=heads)


def test_sweep_file_may_fix_values_beside_its_grid():
    sets = sweeps.expand_grid({"train_flops": 1e26, "fixed": {"training_days": 90.0}, "grid": {"mfu": [0.3, 0.4]}})
    assert sets == [
        {"train_flops": 1e26, "training_days": 90.0, "mfu": 0.3},
        {"train_flops": 1e26, "training_days": 90.0, "mfu": 0.4},
    ]
    with pytest.raises(params.ParameterError, match="belongs under 'grid:'"):
        sweeps.expand_grid({"mfu": [0.3, 0.4], "runs": [{}]})


def test_sweep_table_keeps_varying_columns_and_writes_fixed_values_and_units_once():
    units = {
        "n_accelerators_used": "accelerators",
        "accelerator_hours": "accelerator-hours",
        "energy_mwh": "MWh",
        "usd_per_flop": "USD per FLOP",
        "growth_per_year": "x per year",
    }
    recs = [
        record(
            {"mfu": m, "training_days": 90.0},
            {
                "n_accelerators_used": 1e5 / m,
                "accelerator_hours": 2e8,
                "energy_mwh": 3e5,
                "usd_per_flop": 1e-18,
                "growth_per_year": 2.45,
            },
            units,
        )
        for m in (0.3, 0.4)
    ]
    table, side = sweeps.sweep_table(recs, "pretraining-cost")
    assert list(table.columns) == ["mfu", "n_accelerators_used"], "only the columns that vary"
    assert side["fixed"]["training_days"] == 90.0 and side["fixed_results"]["growth_per_year"] == 2.45
    assert "n_accelerators" in side["fixed"], "the ignored input is kept once, out of the rows"
    assert side["units"]["n_accelerators_used"] == "accelerators" and side["units"]["training_days"] == "days"


def test_plot_writes_offline_html_and_png(tmp_path):
    csv = tmp_path / "s.csv"
    pd.DataFrame(
        {
            "mfu": [0.3, 0.4, 0.3, 0.4],
            "accelerator": ["A100", "A100", "H100", "H100"],
            "n_accelerators_used": [4e5, 3e5, 1.3e5, 1e5],
        }
    ).to_csv(csv, index=False)
    plot.sidecar_path(csv).write_text(
        json.dumps({"units": {"n_accelerators_used": "accelerators"}, "fixed": {"train_flops": 1e26}})
    )
    html, png = plot.plot_sweep(csv, "mfu", "n_accelerators_used", "accelerator")
    text = html.read_text()
    assert "vega" in text and "https://cdn" not in text, "the Vega libraries are inlined: the chart opens offline"
    assert "train_flops = 1e+26" in text, "the fixed parameters are the subtitle"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_names_a_fixed_or_missing_column(tmp_path):
    csv = tmp_path / "s.csv"
    pd.DataFrame({"mfu": [0.3, 0.4], "days": [10.0, 8.0]}).to_csv(csv, index=False)
    plot.sidecar_path(csv).write_text(json.dumps({"units": {}, "fixed": {"accelerator": "H100"}}))
    with pytest.raises(plot.PlotError, match="fixed at 'H100'"):
        plot.plot_sweep(csv, "accelerator", "days")
    with pytest.raises(plot.PlotError, match="not a column"):
        plot.plot_sweep(csv, "mfu", "cost")
