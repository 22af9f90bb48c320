"""The live calculators (scalingbook.pages.live) recompute in the browser exactly as the package does.

A small page holding the three calculators, the site's Vega bundle and _static/scalingbook-live.js
is drawn in real headless Chromium (no network); the test sets the inputs (the page's own
sliders and menus, and a link's query string), reads the numbers the page displays (the data
of its "readout" marks) and compares them with the package's functions at the page's input
values: relative difference below 1e-6.
"""

from __future__ import annotations

import functools
import http.server
import math
import re
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from scalingbook import charts, laws, live, params, testtime
from scalingbook.pages.pretraining_cost import scenario as pc_scenario

ROOT = Path(__file__).resolve().parents[1]
RTOL = 1e-6


# ------------------------------------------------------------------------------ specs (no browser)


def _spec_text(chart) -> str:
    import json

    return json.dumps(chart.to_dict())


def test_training_calculator_reads_peak_flops_and_amortized_rate_from_the_package():
    rates = live.accelerator_rates().set_index("accelerator")
    from scalingbook import hardware

    for name in ("A100", "H100", "B200"):
        assert rates.at[name, "peak_flops"] == hardware.accelerator(name).peak_flops
        run = pc_scenario({**params.validate("pretraining-cost", {}), "accelerator": name}).run
        assert rates.at[name, "usd_per_hour_amortized"] == pytest.approx(
            float(run.amortized_usd / run.accelerator_hours), rel=1e-12
        ), f"{name}: the amortized rate is cost.scenario's"
    text = _spec_text(live.training_run_calculator())
    assert repr(hardware.accelerator("H100").peak_flops).rstrip("0").rstrip(".") in text or "989" in text


def test_law_calculator_passes_each_published_law_constants():
    consts = live.law_constants().set_index("law")
    for name, law in laws.CHINCHILLA_LAWS.items():
        for field in ("E", "A", "B", "alpha", "beta"):
            assert consts.at[name, field] == getattr(law, field), (
                f"{name}.{field} must come from scalingbook.science.laws"
            )
    assert consts.at["kaplan_2020", "p_n"] == laws.KAPLAN_2020.p_n


def test_every_calculator_has_a_description_and_bound_inputs():
    for build in (live.training_run_calculator, live.compute_optimal_calculator, live.test_time_calculator):
        spec = build().to_dict()
        assert spec.get("description"), f"{build.__name__}: no description for screen readers"
        assert [p for p in spec["params"] if "bind" in p], f"{build.__name__}: no inputs"


def _initial(chart) -> dict:
    return {p["name"]: p["value"] for p in chart.to_dict()["params"] if "bind" in p}


def test_calculators_start_at_the_pages_own_parameters():
    import math

    values = {
        **params.validate("pretraining-cost", {}),
        "accelerator": "A100",
        "mfu": 0.3,
        "train_flops": 2e25,
        "n_accelerators": 4096,
        "usd_per_gpu_hour": 1.35,
        "pue": 1.1,
        "usd_per_kwh": 0.12,
    }
    start = _initial(live.training_run_calculator(values))
    assert start["accelerator"] == "A100" and start["mfu"] == 0.3 and start["usd_per_gpu_hour"] == 1.35
    assert 10 ** start["log10_train_flops"] == pytest.approx(2e25, rel=1e-3)
    assert round(10 ** start["log10_n_accelerators"]) == 4096
    rate = live.accelerator_rates(values).set_index("accelerator").at["A100", "usd_per_hour_amortized"]
    run = pc_scenario(values).run
    assert rate == pytest.approx(float(run.amortized_usd / run.accelerator_hours), rel=1e-12), (
        "the amortized rate uses the page's PUE and electricity price"
    )
    assert rate != pytest.approx(live.accelerator_rates().set_index("accelerator").at["A100", "usd_per_hour_amortized"])
    start = _initial(
        live.compute_optimal_calculator(
            {"compute_budget_flops": 1e25, "law": "hoffmann_2022", "inference_tokens": 5e13}
        )
    )
    assert 10 ** start["log10_compute_budget_flops"] == pytest.approx(1e25, rel=1e-3)
    assert start["law"] == "hoffmann_2022" and 10 ** start["log10_inference_tokens"] == pytest.approx(5e13, rel=1e-3)
    start = _initial(live.test_time_calculator({"difficulty_alpha": 0.7, "difficulty_beta": 2.1, "n_samples": 64}))
    assert start["difficulty_alpha"] == 0.7 and start["difficulty_beta"] == 2.1
    assert round(10 ** start["log10_k"]) == 64 and start["p"] == round(0.7 / 2.8, 2)
    assert not math.isnan(start["p"])


# ------------------------------------------------------------------------------ the browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """tmp/live.html: the three calculators, the Vega bundle and the site's live.js; served over HTTP."""
    root = tmp_path_factory.mktemp("live")
    charts.write_vega_bundle(root)
    shutil.copy(ROOT / "_static" / "scalingbook-live.js", root / "scalingbook-live.js")
    body = "\n".join(
        f'<section id="{name}">{charts.render_html(build().to_dict())}</section>'
        for name, build in (
            ("training", live.training_run_calculator),
            ("laws", live.compute_optimal_calculator),
            ("testtime", live.test_time_calculator),
        )
    )
    (root / "live.html").write_text(
        "<!doctype html><html data-theme='light'><head><meta charset='utf-8'>"
        f"<script src='{charts.BUNDLE_NAME}'></script><script src='scalingbook-live.js'></script></head>"
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/live.html"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(chromium):
    d = chromium(1280, 2000)
    yield d


def _open(browser, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('.scalingbook-chart'))"
            ".every(el => el.getAttribute('data-rendered') || el.getAttribute('data-error'))"
        )
    )
    errors = browser.execute_script(
        "return Array.from(document.querySelectorAll('.scalingbook-chart[data-error]')).map(e => e.getAttribute('data-error'))"
    )
    assert not errors, f"calculators failed to draw: {errors}"


def _set_inputs(browser, section: str, values: dict) -> None:
    """Set the calculator's own HTML inputs (range sliders, select menus) as a reader would."""
    browser.execute_script(
        """
      const [section, values] = arguments;
      const root = document.getElementById(section);
      for (const [name, value] of Object.entries(values)) {
        const input = root.querySelector(`.vega-bindings [name="${name}"]`);
        if (!input) throw new Error('no input ' + name);
        input.value = String(value);
        input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
      }""",
        section,
        values,
    )


def _state(browser, section: str, names: list[str]) -> tuple[dict, list[dict]]:
    """(signal values, readout data) after Vega has run."""
    return browser.execute_async_script(
        """
      const [section, names, done] = arguments;
      const el = document.querySelector('#' + section + ' .scalingbook-chart');
      el.vegaView.runAsync().then(() => {
        const sig = {}; names.forEach(n => sig[n] = el.vegaView.signal(n));
        done([sig, window.scalingbookReadout(el)]);
      });""",
        section,
        names,
    )


def _close(page_value: float, package_value: float, what: str) -> None:
    rel = abs(page_value - package_value) / max(abs(package_value), 1e-300)
    assert rel < RTOL, (
        f"{what}: page {page_value!r} vs package {package_value!r} (relative difference {rel:.2g} >= {RTOL})"
    )


TRAINING_SIGNALS = ["log10_train_flops", "accelerator", "log10_n_accelerators", "mfu", "usd_per_gpu_hour"]


def _check_training(browser) -> dict:
    sig, rows = _state(browser, "training", TRAINING_SIGNALS)
    shown = {r["key"]: r["value"] for r in rows}
    assert set(shown) == set(live.TRAINING_READOUT), f"readout rows: {sorted(shown)}"
    c = 10.0 ** sig["log10_train_flops"]
    n = max(1, round(10.0 ** sig["log10_n_accelerators"]))
    values = {
        **params.validate("pretraining-cost", {}),
        "train_flops": c,
        "accelerator": sig["accelerator"],
        "n_accelerators": n,
        "mfu": sig["mfu"],
        "usd_per_gpu_hour": sig["usd_per_gpu_hour"],
    }
    run = pc_scenario(values).run
    for key in ("days", "accelerator_hours", "amortized_usd", "cloud_usd", "train_flops", "n_accelerators"):
        _close(
            shown[key],
            float(getattr(run, key)),
            f"training run {key} on {sig['accelerator']} (Cottier et al. 2024 method via cost.scenario)",
        )
    return sig


@pytest.mark.browser
@pytest.mark.parametrize(
    "inputs",
    [
        {},  # the chapter's defaults
        {
            "accelerator": "A100",
            "mfu": 0.3,
            "log10_train_flops": 25.3,
            "log10_n_accelerators": 4.4,
            "usd_per_gpu_hour": 1.35,
        },
        {
            "accelerator": "TPU v4",
            "mfu": 0.55,
            "log10_train_flops": 23,
            "log10_n_accelerators": 3.1,
            "usd_per_gpu_hour": 3.2,
        },
        {"accelerator": "B200", "mfu": 1.0, "log10_train_flops": 31, "log10_n_accelerators": 7, "usd_per_gpu_hour": 20},
        {
            "accelerator": "V100",
            "mfu": 0.01,
            "log10_train_flops": 15,
            "log10_n_accelerators": 0,
            "usd_per_gpu_hour": 0.1,
        },
    ],
)
def test_training_run_calculator_matches_the_package(browser, page, inputs):
    _open(browser, page)
    _set_inputs(browser, "training", inputs)
    sig = _check_training(browser)
    for name, value in inputs.items():  # the slider took the value set (values sit on its steps)
        assert sig[name] == (value if isinstance(value, str) else pytest.approx(value)), f"input {name}: {sig[name]!r}"


@pytest.mark.browser
def test_a_link_carries_a_scenario_into_the_calculator(browser, page):
    _open(browser, page + "?accelerator=A100&mfu=0.3&train_flops=2e25&n_accelerators=25000&usd_per_gpu_hour=1.36")
    sig = _check_training(browser)
    assert sig["accelerator"] == "A100" and sig["mfu"] == 0.3 and sig["usd_per_gpu_hour"] == 1.36
    assert 10 ** sig["log10_train_flops"] == pytest.approx(2e25, rel=1e-12)
    assert round(10 ** sig["log10_n_accelerators"]) == 25_000
    href = browser.execute_script("return document.querySelector('#training .scalingbook-share').getAttribute('href')")
    for part in ("accelerator=A100", "mfu=0.3", "train_flops=2e%2B25", "n_accelerators=25000"):
        assert part in href, f"the scenario link {href!r} lacks {part}"


LAW_SIGNALS = ["log10_compute_budget_flops", "law", "log10_inference_tokens"]


@pytest.mark.browser
@pytest.mark.parametrize("law", [*laws.CHINCHILLA_LAWS, "kaplan_2020"])
@pytest.mark.parametrize("log10_c, log10_inf", [(None, None), (18, 6), (21.5, 13.2), (24.76, 17), (29, 9)])
def test_compute_optimal_calculator_matches_each_published_law(browser, page, law, log10_c, log10_inf):
    """The chosen law's compute-optimal N, D, D/N and loss (Hoffmann et al. 2022 Eq. 2 and 4;
    Kaplan et al. 2020 Eq. 1.7-1.8), and Sardana et al. 2024's cost-optimal size for the
    inference tokens served (laws.inference_optimal at the compute-optimal model's loss)."""
    _open(browser, page)
    inputs = {"law": law}
    if log10_c is not None:
        inputs.update(log10_compute_budget_flops=log10_c, log10_inference_tokens=log10_inf)
    _set_inputs(browser, "laws", inputs)
    sig, rows = _state(browser, "laws", LAW_SIGNALS)
    c, d_inf = 10.0 ** sig["log10_compute_budget_flops"], 10.0 ** sig["log10_inference_tokens"]
    if log10_c is not None:
        assert sig["log10_compute_budget_flops"] == pytest.approx(log10_c)
        assert sig["log10_inference_tokens"] == pytest.approx(log10_inf)
    assert sig["law"] == law
    shown = {r["key"]: r["value"] for r in rows}
    assert {r["law"] for r in rows} == {law} and set(shown) == set(live.LAW_READOUT), f"readout: {rows}"
    model = laws.CHINCHILLA_LAWS.get(law, laws.KAPLAN_2020)
    opt = model.compute_optimal(c)
    src = getattr(model, "source", law)
    _close(shown["n_params"], float(opt.n_params), f"{law} N_opt at C = {c:.4g} ({src})")
    _close(shown["n_tokens"], float(opt.n_tokens), f"{law} D_opt at C = {c:.4g} ({src})")
    _close(shown["tokens_per_param"], float(opt.tokens_per_param), f"{law} D/N at C = {c:.4g}")
    if law == "kaplan_2020":
        for key in ("loss", "cost_optimal_n_params", "cost_optimal_n_tokens", "lifetime_saved"):
            assert shown[key] is None or math.isnan(shown[key]), f"Kaplan et al. 2020 has no loss here: {key}"
        return
    loss = float(model.optimal_loss(c))
    _close(shown["loss"], loss, f"{law} loss at the optimum (Hoffmann et al. 2022 Eq. 2)")
    best = laws.inference_optimal(model, target_loss=loss, inference_tokens=d_inf)
    what = f"{law}, C = {c:.4g}, D_inf = {d_inf:.4g} (Sardana et al. 2024 Sec. 2, laws.inference_optimal)"
    _close(shown["cost_optimal_n_params"], float(best.n_params), f"cost-optimal N: {what}")
    _close(shown["cost_optimal_n_tokens"], float(best.train_tokens), f"cost-optimal D_train: {what}")
    baseline = 6 * float(opt.n_params) * float(opt.n_tokens) + 2 * float(opt.n_params) * d_inf
    saved = 1 - float(best.total_flops) / baseline
    assert abs(shown["lifetime_saved"] - saved) < 1e-9, (
        f"lifetime compute saved: page {shown['lifetime_saved']} vs {saved}: {what}"
    )


@pytest.mark.browser
def test_cost_optimal_calculator_reproduces_sardanas_figure_1_example(browser, page):
    """Sardana et al. 2024, Fig. 1's example (a 13B Chinchilla-optimal model serving 2T
    inference tokens; 6.97B with their exponents 0.336 / 0.283) under Hoffmann et al.'s rounded
    Eq. 10, the law the calculator offers: its size and share saved are laws.sardana_example's."""
    law = laws.CHINCHILLA_LAWS["hoffmann_2022"]
    c = 6 * 13e9 * float(law.optimal_tokens(13e9))
    _open(browser, page + f"?law=hoffmann_2022&compute_budget_flops={c:.6e}&inference_tokens=2e12".replace("+", "%2B"))
    sig, rows = _state(browser, "laws", LAW_SIGNALS)
    shown = {r["key"]: r["value"] for r in rows}
    c_page = 10.0 ** sig["log10_compute_budget_flops"]
    best = laws.inference_optimal(law, target_loss=float(law.optimal_loss(c_page)), inference_tokens=2e12)
    _close(shown["cost_optimal_n_params"], float(best.n_params), "Sardana et al. 2024 Fig. 1 example (13B, 2T tokens)")
    smaller, _, share = laws.sardana_example(law, n_params=13e9, inference_tokens=2e12)
    _close(
        shown["cost_optimal_n_params"],
        smaller,
        "laws.sardana_example under Hoffmann et al. 2022 Eq. 10 (13B, 2T tokens)",
    )
    assert abs(shown["lifetime_saved"] - share) < 1e-6, f"share saved: page {shown['lifetime_saved']} vs {share}"


@pytest.mark.browser
@pytest.mark.parametrize(
    "query, name, words",
    [
        ("accelerator=XYZ", "accelerator", "must be one of"),
        ("train_flops=1e40", "train_flops", "must be in"),
        ("train_flops=abc", "train_flops", "must be a number"),
        ("mfu=0", "mfu", "must be in"),
        ("n_accelerators=12.5", "n_accelerators", "whole number"),
        ("usd_per_gpu_hour=-3", "usd_per_gpu_hour", "must be in"),
    ],
)
def test_a_link_value_outside_the_clis_range_is_refused_with_a_message(browser, page, query, name, words):
    """The ranges of `scalingbook run` (pages/params.py) apply to a link's values: a refused
    value leaves the input at the page's value, and the page says what was wrong."""
    _open(browser, page + "?" + query)
    sig = _check_training(browser)
    defaults = live.training_run_calculator().to_dict()["params"]
    start = {p["name"]: p["value"] for p in defaults if "bind" in p}
    for key in TRAINING_SIGNALS:
        assert sig[key] == start[key], f"?{query} changed {key}: {sig[key]!r} (page value {start[key]!r})"
    note = browser.execute_script(
        "const n = document.querySelector('#training .scalingbook-link-note'); return n ? n.textContent : ''"
    )
    assert name in note and words in note and query.split("=")[1] in note, f"?{query}: message {note!r}"
    shown = browser.execute_script("return document.querySelector('#training .scalingbook-link-note').offsetHeight")
    assert shown > 0, "the message is visible"


@pytest.mark.browser
def test_a_link_value_beyond_a_slider_but_inside_the_range_is_shown_at_its_end(browser, page):
    _open(browser, page + "?usd_per_gpu_hour=50")
    sig, _ = _state(browser, "training", ["usd_per_gpu_hour"])
    assert sig["usd_per_gpu_hour"] == 20.0
    note = browser.execute_script("return document.querySelector('#training .scalingbook-link-note').textContent")
    assert "usd_per_gpu_hour=50" in note and "$20.00" in note, note


@pytest.mark.browser
def test_sliders_show_flop_chips_and_dollars_as_people_read_them(browser, page):
    _open(browser, page + "?train_flops=2.1e26&n_accelerators=25000&usd_per_gpu_hour=2")
    shown = browser.execute_script("""
      const out = {};
      document.querySelectorAll('#training .vega-bind').forEach(b => {
        const i = b.querySelector('input[type=range]'); const v = b.querySelector('.sb-bind-value');
        if (i) out[i.name] = {value: v ? v.textContent : null,
          raw: Array.from(b.querySelectorAll('span')).filter(s => s.offsetParent !== null).map(s => s.textContent)};
      });
      return out;""")
    assert shown["log10_train_flops"]["value"] == "2.1 \u00d7 10\u00b2\u2076 FLOP", shown
    assert shown["log10_n_accelerators"]["value"] == "25,000 accelerators", shown
    assert shown["usd_per_gpu_hour"]["value"].startswith("$2.00"), shown
    visible = [t for v in shown.values() for t in v["raw"]]
    assert not [t for t in visible if re.fullmatch(r"\d+\.\d{3,}", t.strip())], f"log10 values shown: {visible}"


TT_SIGNALS = ["p", "log10_k", "difficulty_alpha", "difficulty_beta"]


@pytest.mark.browser
@pytest.mark.parametrize(
    "inputs",
    [
        {},
        {"p": 0.62, "log10_k": 1.2, "difficulty_alpha": 0.7, "difficulty_beta": 3.0},
        {"p": 0.5, "log10_k": 0.30103, "difficulty_alpha": 2.0, "difficulty_beta": 0.5},  # k = 2: a tie counts half
        {"p": 0.99, "log10_k": 3, "difficulty_alpha": 0.05, "difficulty_beta": 20},
        {"p": 0.01, "log10_k": 0, "difficulty_alpha": 5, "difficulty_beta": 0.1},
        {"p": 0.45, "log10_k": 2.5, "difficulty_alpha": 0.3, "difficulty_beta": 1.5},
    ],
)
def test_test_time_calculator_matches_the_package(browser, page, inputs):
    _open(browser, page)
    _set_inputs(browser, "testtime", inputs)
    sig, rows = _state(browser, "testtime", TT_SIGNALS)
    shown = {r["key"]: r for r in rows}
    assert set(shown) == set(live.TEST_TIME_READOUT)
    k = max(1, round(10 ** sig["log10_k"]))
    assert all(r["k"] == k for r in rows), "every readout is at the chosen k"
    p, a, b = sig["p"], sig["difficulty_alpha"], sig["difficulty_beta"]
    _close(shown["pass_at_k"]["value"], 1 - (1 - p) ** k, f"pass@k = 1-(1-p)^k at p={p}, k={k}")
    _close(
        shown["majority_vote"]["value"],
        float(testtime.majority_vote_accuracy(p, k)),
        f"majority vote (testtime.majority_vote_accuracy, binomial sum) at p={p}, k={k}",
    )
    _close(
        shown["coverage"]["value"],
        float(testtime.beta_coverage(a, b, k)),
        f"coverage 1 - B(a, b+k)/B(a, b) (testtime.beta_coverage) at alpha={a}, beta={b}, k={k}",
    )


@pytest.mark.browser
def test_test_time_curves_match_the_package_at_every_k(browser, page):
    """The drawn curves, not only the readout: majority vote at every k of the grid."""
    _open(browser, page + "?p=0.55&difficulty_alpha=0.4&difficulty_beta=2")
    data = browser.execute_async_script("""
      const done = arguments[0];
      const el = document.querySelector('#testtime .scalingbook-chart');
      const out = [];
      (function walk(node, name) {
        if (!node) return;
        if (node.marktype !== undefined) {
          (node.items || []).forEach(it => { if (node.marktype === 'line' && it.datum) out.push(it.datum); walk(it, node.name); });
          return;
        }
        (node.items || []).forEach(c => walk(c, name));
      })(el.vegaView.scenegraph().root, '');
      done(out);""")
    votes = {r["k"]: r["probability"] for r in data if r.get("key") == "majority_vote"}
    cover = {r["k"]: r["probability"] for r in data if r.get("key") == "coverage"}
    assert set(votes) == set(int(k) for k in live.K_GRID)
    ks = np.array(sorted(votes))
    want = testtime.majority_vote_accuracy(0.55, ks)
    for k, w in zip(ks, want):
        _close(votes[k], float(w), f"majority vote curve at k={k}")
    for k in (1, 7, 100, 1000):
        _close(cover[k], float(testtime.beta_coverage(0.4, 2.0, k)), f"coverage curve at k={k}")


@pytest.mark.browser
def test_charts_follow_the_pages_dark_mode(browser, page):
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, page + "?mfu=0.33")
    browser.execute_script("document.documentElement.setAttribute('data-theme', 'dark')")
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('.scalingbook-chart'))"
            ".every(el => el.getAttribute('data-theme-drawn') === 'dark' && el.getAttribute('data-rendered'))"
        )
    )
    bg = browser.execute_script(
        "return Array.from(document.querySelectorAll('.scalingbook-chart')).map(el => el.vegaView.background())"
    )
    dark = browser.execute_script("return window.scalingbookDarkConfig.background")
    assert bg == [dark] * 3, f"charts not redrawn dark: {bg}"
    sig, _ = _state(browser, "training", ["mfu"])
    assert sig["mfu"] == 0.33, "a redraw keeps the reader's inputs"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert not errors, errors
