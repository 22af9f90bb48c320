"""report: how headline numbers read (never "7.22e+10 parameters" or "1.04e+03 days")."""

from __future__ import annotations

import pytest

from scalingbook import report


@pytest.mark.parametrize(
    "value, shown",
    [
        (0.347, "0.347"),
        (18.44, "18.4"),
        (1040.2, "1,040"),
        (246123.0, "246,000"),
        (7.22e10, "7.22 × 10¹⁰"),
        (5.76e23, "5.76 × 10²³"),
        (1e6, "1 × 10⁶"),
        (0.0012, "1.2 × 10⁻³"),
        (-3.5e-7, "-3.5 × 10⁻⁷"),
        (0.0, "0"),
        (2.0, "2"),
    ],
)
def test_readable_number_uses_three_significant_figures_and_no_e_notation(value, shown):
    assert report.readable_number(value) == shown


def test_headline_text_reads_as_a_sentence_with_its_unit():
    h = report.Headline("n_opt", 7.22e10, "parameters", "Compute-optimal model size")
    assert h.text() == "**Compute-optimal model size: 7.22 × 10¹⁰ parameters**"
    assert "e+" not in report.Headline("days", 1040.0, "days", "Training time").text()
