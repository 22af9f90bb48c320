"""Chart helpers every chapter gets through charts.render_html: tooltips with a reader's names,
units and 3 significant figures, and a text description for screen readers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from vegalite_schema import altair_schema_error, schema_error

from scalingbook import charts, params
from scalingbook.pages import vegalite as alt


def _spec_in(html: str) -> dict:
    return json.loads(re.search(r"var spec = (\{.*?\});\n", html).group(1).replace("<\\/", "</"))


def test_raw_tooltips_get_friendly_names_units_and_three_significant_figures():
    df = pd.DataFrame({"model": ["x"], "n_params": [224020787873.0], "loss": [2.1], "year": [2024.0]})
    chart = (
        alt.Chart(df)
        .mark_point()
        .encode(
            x="n_params:Q",
            y="loss:Q",
            tooltip=["model", "n_params:Q", alt.Tooltip("loss:Q", format=".3f", title="C4 loss"), "year:Q"],
        )
    )
    tips = {t["field"]: t for t in _spec_in(charts.render_html(chart.to_dict()))["encoding"]["tooltip"]}
    assert tips["n_params"]["title"] == "parameters N" and tips["n_params"]["format"] == ".3~g", (
        "issue 16: 'n_params 224020787873' must read as parameters, 3 significant figures"
    )
    assert tips["loss"] == {"field": "loss", "type": "quantitative", "format": ".3f", "title": "C4 loss"}, (
        "a chart's own title and format are kept"
    )
    assert tips["year"]["format"] == "d", "years stay plain integers"


def test_every_rendered_chart_has_a_description():
    chart = charts.line_chart(
        pd.DataFrame({"a": [1, 2], "b": [3, 4]}),
        x="a",
        y="b",
        x_title="budget (FLOP)",
        y_title="loss (nats/token)",
        title="Loss falls with compute",
    )
    html = charts.render_html(chart.to_dict())
    spec = _spec_in(html)
    assert spec["description"].startswith("Chart: Loss falls with compute.")
    assert "budget (FLOP)" in spec["description"] and 'aria-label="Chart: Loss falls' in html
    own = charts.render_html({**chart.to_dict(), "description": "My own words."})
    assert _spec_in(own)["description"] == "My own words."


def test_line_chart_tooltips_use_the_axis_titles():
    df = pd.DataFrame({"n": [1e3, 1e4], "days": [100.0, 10.0], "acc": ["A100", "A100"]})
    chart = charts.line_chart(
        df,
        x="n",
        y="days",
        color="acc",
        x_title="accelerators",
        y_title="training time (days)",
        color_title="accelerator",
        log_x=True,
        log_y=True,
    )
    titles = [t["title"] for t in chart.to_dict()["encoding"]["tooltip"]]
    assert titles == ["accelerators", "training time (days)", "accelerator"]


def test_readable_expression_matches_the_book_number_style():
    import vl_convert as vlc

    values = [2.1e26, 4.06e7, 147e6, 25000, 0.375, 0.0004, 1.5e12]
    spec = {
        "data": {"values": [{"v": v} for v in values]},
        "transform": [{"calculate": charts.readable_expr("datum.v"), "as": "t"}],
        "mark": "text",
        "encoding": {"text": {"field": "t"}, "y": {"field": "v", "type": "ordinal"}},
    }
    svg = vlc.vegalite_to_svg(spec)
    for want in ("2.1e26", "40.6 million", "147 million", "25,000", "0.375", "4e-4", "1.5 trillion"):
        assert want in svg, f"{want} not drawn (book's number style: 3 significant figures)"


def test_charts_in_a_chapter_are_numbered_in_book_order():
    """Issue 16: figures are numbered so teaching material can cite them (chapter 2 is loss-scaling)."""
    import pandas as pd

    from scalingbook import params

    ns = {p.name: p.default for p in params.schema("loss-scaling")}
    params.check_parameters("loss-scaling", ns)
    df = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.0]})
    first = charts.render_html(alt.Chart(df, title="First").mark_line().encode(x="x", y="y").to_dict())
    second = charts.render_html(alt.Chart(df).mark_point().encode(x="x", y="y").to_dict())
    n = int(first.split('id="fig-2-')[1].split('"')[0])
    assert f"<strong>Figure 2.{n}.</strong> First</p>" in first
    assert f'id="fig-2-{n + 1}"' in second and f"<strong>Figure 2.{n + 1}.</strong>" in second


def _chart_specs(notebook: Path) -> list[dict]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    pages = [
        "".join(out.get("data", {}).get("text/html", "")) for cell in nb["cells"] for out in cell.get("outputs", [])
    ]
    return [json.loads(m.replace("<\\/", "</")) for page in pages for m in re.findall(r"var spec = (\{.*?\});\n", page)]


@pytest.mark.slow
@pytest.mark.parametrize("chapter", params.chapter_names())
def test_every_chart_a_chapter_draws_is_valid_vega_lite(run_chapter, chapter):
    """Chapters show their charts without Altair's schema check (charts._mimebundle, for
    speed), so the check is here: every spec drawn, at the defaults and at the chapter's
    non-default parameter set, validates against Altair's Vega-Lite schema (compiled: see
    tests/vegalite_schema.py and the test below)."""
    values = yaml.safe_load((Path(__file__).parent / "params" / f"{chapter}.yaml").read_text())
    for given in ({}, values):
        specs = _chart_specs(run_chapter(chapter, given).notebook)
        assert len(specs) >= 3, f"{chapter} {given}: {len(specs)} charts found in the executed notebook"
        for i, spec in enumerate(specs):
            error = schema_error(spec)
            assert error is None, f"{chapter} {given}: chart {i + 1} ({spec.get('description', '')[:60]}): {error}"


def _broken(spec: dict) -> list[dict]:
    """Invalid variants of a valid spec: an unknown mark, a width that is text, an unknown top-level key."""
    return [{**spec, "mark": {"type": "wiggle"}}, {**spec, "width": "wide"}, {**spec, "colour": "red"}]


@pytest.mark.slow
def test_the_compiled_schema_check_agrees_with_altairs(run_chapter):
    """The compiled validator used above and by the in-process runner (tests/conftest.py) gives
    Altair's verdict: every chart chapter 2 draws is valid under both; each broken variant of
    every chart is invalid under the compiled one, and those of the first chart under both
    (Altair's check takes about a second for a broken spec)."""
    specs = _chart_specs(run_chapter("loss-scaling").notebook)
    assert len(specs) >= 3
    for i, spec in enumerate(specs):
        assert schema_error(spec) is None and altair_schema_error(spec) is None, f"chart {i + 1}"
        for bad in _broken(spec):
            assert schema_error(bad) is not None, f"chart {i + 1}: the compiled check missed {set(bad) ^ set(spec)}"
            if i == 0:
                assert altair_schema_error(bad) is not None


def test_the_schema_check_in_the_test_above_catches_an_invalid_spec():
    good = alt.Chart(pd.DataFrame({"x": [1], "y": [2]})).mark_line().encode(x="x:Q", y="y:Q").to_dict()
    assert schema_error(good) is None and altair_schema_error(good) is None
    for bad in _broken(good):
        assert schema_error(bad) is not None and altair_schema_error(bad) is not None


def test_the_vega_bundle_is_made_once_per_vl_convert_version(tmp_path, monkeypatch):
    """A fresh checkout copies the bundle kept beside the datasets cache instead of asking
    vl-convert again (over a second); a kept copy from another version is never used."""
    import vl_convert

    from scalingbook.pages import vega

    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "cache" / "datasets"))
    kept = tmp_path / "cache" / "vega"
    first = vega.write_vega_bundle(tmp_path / "a")
    from importlib.metadata import version

    assert [p.name for p in kept.iterdir()] == [f"scalingbook-vega-{version('vl-convert-python')}.js"]

    def no_second_time():
        raise AssertionError("vl-convert was asked for the bundle again")

    monkeypatch.setattr(vl_convert, "javascript_bundle", no_second_time)
    second = vega.write_vega_bundle(tmp_path / "b")
    assert second.read_bytes() == first.read_bytes() and b"window.vegaEmbed" in first.read_bytes()

    stale = next(kept.iterdir())
    stale.write_text("/* bundled by vl-convert-python 0.0.1 */\nold", encoding="utf-8")
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda: "/* new */")
    third = vega.write_vega_bundle(tmp_path / "c")
    assert "/* new */" in third.read_text(encoding="utf-8")


# ------------------------------------------------------------------ generic label rules


def test_year_axes_show_whole_years_and_short_integer_axes_tick_at_whole_numbers():
    df = pd.DataFrame({"year": [2016.0, 2017.0, 2026.0], "k": [1, 2, 3], "y": [1.0, 2.5, 3.0]})
    spec = charts.readable_spec(alt.Chart(df).mark_line().encode(x="year:Q", y="y:Q").to_dict())
    assert spec["encoding"]["x"]["axis"]["format"] == "d" and spec["encoding"]["x"]["axis"]["tickMinStep"] == 1
    spec = charts.readable_spec(alt.Chart(df).mark_line().encode(x="k:Q", y="y:Q").to_dict())
    assert spec["encoding"]["x"]["axis"] == {"tickMinStep": 1, "format": "d"}
    assert "format" not in spec["encoding"]["y"].get("axis", {}), "an axis of fractions keeps its labels"
    one = pd.DataFrame({"c": [5.76e23]})  # one budget drawn as a rule over a log axis: not a whole-number axis
    spec = charts.readable_spec(alt.Chart(one).mark_rule().encode(x="c:Q").to_dict())
    assert "format" not in spec["encoding"]["x"].get("axis", {})
    assert schema_error(spec) is None


def test_ordinal_axes_thin_overlapping_labels():
    """Vega-Lite thins quantitative and temporal axes itself; an ordinal axis (years as
    categories: "20162017") is thinned too."""
    df = pd.DataFrame({"year": [str(y) for y in range(2000, 2030)], "n": range(30)})
    spec = charts.readable_spec(alt.Chart(df).mark_bar().encode(x="year:O", y="n:Q").to_dict())
    assert spec["encoding"]["x"]["axis"]["labelOverlap"] is True
    assert "labelOverlap" not in spec["encoding"]["y"].get("axis", {})


def test_titles_and_legends_show_readers_names_not_package_keys():
    assert charts.display_name("besiroglu_2024") == "Besiroglu et al. 2024"
    assert charts.display_name("hoffmann_2022_unrounded") == "Hoffmann et al. 2022 (unrounded)"
    assert charts.display_name("muennighoff_2023") == "Muennighoff et al. 2023"
    assert (
        charts.display_names("IsoFLOP curves under besiroglu_2024 (yours thick)")
        == "IsoFLOP curves under Besiroglu et al. 2024 (yours thick)"
    )
    df = pd.DataFrame({"c": [1, 2], "n": [1, 2], "law": ["hoffmann_2022", "kaplan_2020"]})
    chart = (
        alt.Chart(df).mark_line().encode(x="c:Q", y="n:Q", color="law:N").properties(title="Optimum under kaplan_2020")
    )
    html = charts.render_html(chart.to_dict())
    spec = _spec_in(html)
    assert spec["title"] == "Optimum under Kaplan et al. 2020"
    expr = spec["encoding"]["color"]["legend"]["labelExpr"]
    assert '"hoffmann_2022": "Hoffmann et al. 2022"' in expr and '"kaplan_2020": "Kaplan et al. 2020"' in expr
    assert schema_error(spec) is None


def test_labels_a_chart_limits_wrap_instead_of_being_cut():
    import vl_convert

    df = pd.DataFrame({"x": [1, 2], "y": [1, 2], "task": ["bigbench_conceptual_combinations_and_more", "b"]})
    chart = (
        alt.Chart(df)
        .mark_point()
        .encode(x="x:Q", y="y:Q")
        .properties(width=120, height=80)
        .facet(facet=alt.Facet("task:N", header=alt.Header(labelLimit=130)), columns=2)
    )
    spec = charts.readable_spec(chart.to_dict())
    assert schema_error(spec) is None
    svg = vl_convert.vegalite_to_svg(spec)
    assert "\u2026" not in svg, "a header label was cut short"
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    label = [t for t in lines if t in ("bigbench", "conceptual", "combinations and more")]
    assert " ".join(label) == "bigbench conceptual combinations and more", f"wrapped at spaces, in order: {lines}"
    assert all(len(t) <= 18 for t in label[:-1]), f"lines before the last fit the 130 px limit: {lines}"


def test_a_caption_replaces_the_title_under_the_figure_number(monkeypatch):
    from scalingbook.pages import params as page_params

    monkeypatch.setattr(page_params, "current_chapter", lambda: "loss-scaling")
    df = pd.DataFrame({"x": [1, 2], "y": [1, 2]})
    chart = charts.captioned(
        alt.Chart(df).mark_line().encode(x="x:Q", y="y:Q").properties(title="Short title"),
        "What the figure shows and what to read from it.",
    )
    html = charts.render_html(chart.to_dict())
    caption = re.search(r'<p class="scalingbook-figure-number"[^>]*>(.*?)</p>', html).group(1)
    assert caption.endswith("What the figure shows and what to read from it.") and "Figure 2." in caption
