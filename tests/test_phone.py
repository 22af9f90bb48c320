"""Every chart of every chapter as a reader sees it, in real Chromium: on a phone (a 390 px
viewport emulated with DevTools device metrics, as a headless window is never narrower than
500 px) and on a laptop (1280 px).

* On the phone no chart text is drawn under 11 px: charts are laid out again for the column
  (small multiples in one or two columns, legends below), not shrunk.
* No label of a chart overlaps another, is cut short ("...") or runs outside its chart, at
  either width; no chart text shows a package key such as ``besiroglu_2024``.
* Every figure has a caption after its number, and no title shows a package key.

The site is built by the pipeline (conftest's ``built_site``); each page is loaded once per
viewport for every check that reads it (tests/browser_pages.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import browser_pages
import pytest
from browser_pages import CHAPTER_PAGES

PHONE = browser_pages.PHONE_METRICS
MIN_PX = 11.0
KEY = re.compile(r"\b[a-z]+_(?:19|20)\d\d\b")


@pytest.fixture(scope="module")
def pages(request, chromium, built_site) -> browser_pages.Pages:
    """Each page loaded once per viewport for the whole run (tests/browser_pages.py)."""
    return browser_pages.shared(request, chromium, built_site)


def _charts(seen, page: str) -> list[dict]:
    """Per chart as drawn (browser_pages.CHART_TEXT)."""
    found = seen["charts"]
    assert found, f"{page}: no chart"
    errors = [c for c in found if c.get("error")]
    assert not errors, f"{page}: charts failed to draw: {errors}"
    return found


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_no_chart_text_under_11_px_on_a_390_px_phone(pages, page):
    seen = pages.phone(page)
    found = _charts(seen, page)
    inner = seen["inner"]
    assert inner == PHONE["width"], f"the phone's viewport is emulated: innerWidth {inner}"
    small = {c["fig"]: c["small"] for c in found if c["small"]}
    assert not small, (
        f"{page} at {PHONE['width']} px: chart text drawn under {MIN_PX} px (shrunk, not laid out again): {small}"
    )
    shrunk = {c["fig"]: f"{c['natural']} px drawn at {c['drawn']} px" for c in found if c["natural"] > c["drawn"] + 2}
    assert not shrunk, f"{page} at {PHONE['width']} px: charts scaled down to the column: {shrunk}"


def _label_problems(found: list[dict]) -> dict:
    return {
        c["fig"]: {k: c[k] for k in ("overlaps", "cut", "outside", "keys") if c[k]}
        for c in found
        if c["overlaps"] or c["cut"] or c["outside"] or c["keys"]
    }


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_no_chart_label_overlaps_is_cut_or_shows_a_key_on_a_phone(pages, page):
    bad = _label_problems(_charts(pages.phone(page), page))
    assert not bad, (
        f"{page} at {PHONE['width']} px: labels overlapping, cut (...), outside the chart or package keys: {bad}"
    )


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_no_chart_label_overlaps_is_cut_or_shows_a_key_on_a_laptop(pages, page):
    bad = _label_problems(_charts(pages.laptop(page), page))
    assert not bad, f"{page} at 1280 px: labels overlapping, cut (...), outside the chart or package keys: {bad}"


def _figures(html: str) -> list[tuple[str, str, dict]]:
    """(figure number, caption text, spec) of each chart of a built page, in order."""
    out = []
    pattern = re.compile(
        r'<p class="scalingbook-figure-number" id="fig-[\d-]+"><strong>Figure ([\d.]+)\.</strong>'
        r'(.*?)</p>\s*<script type="text/javascript">\s*\(function \(\) \{\s*var spec = (\{.*?\});\n',
        re.S,
    )
    for m in pattern.finditer(html):
        out.append(
            (m.group(1), re.sub(r"<[^>]+>", "", m.group(2)).strip(), json.loads(m.group(3).replace("<\\/", "</")))
        )
    return out


def _titles(spec: dict) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, v in node.items():
                if key in ("datasets", "data"):
                    continue
                if key in ("title", "subtitle", "text") and isinstance(v, (str, list)):
                    found.extend([v] if isinstance(v, str) else [x for x in v if isinstance(x, str)])
                else:
                    walk(v)
        elif isinstance(node, list):
            for x in node:
                walk(x)

    walk(spec)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_every_figure_has_a_caption_and_titles_show_names_not_keys(built_site, page):
    html = (Path(built_site) / page).read_text(encoding="utf-8")
    figures = _figures(html)
    charts = html.count('class="scalingbook-chart"')
    assert len(figures) == charts, f"{page}: {charts} charts but {len(figures)} numbered figures"
    bare = [n for n, caption, _ in figures if len(caption) < 12]
    assert not bare, (
        f"{page}: figures with a number but no caption: {bare} (give the chart a title, or "
        "charts.captioned(chart, text))"
    )
    keyed = {n: [t for t in _titles(spec) + [caption] if KEY.search(t)] for n, caption, spec in figures}
    keyed = {n: t for n, t in keyed.items() if t}
    assert not keyed, f"{page}: titles or captions show package keys (use charts.display_name): {keyed}"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chart_marks_stay_visible_in_dark_mode(pages, page):
    # the page switched to the dark theme once read, its charts redrawn (browser_pages.DARK_MARKS)
    faint = {c["fig"]: c["faint"] for c in pages.laptop(page).dark("dark_marks") if c["faint"]}
    assert not faint, f"{page}: marks that nearly vanish on the dark background (contrast < 3): {faint}"
