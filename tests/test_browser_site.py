"""The built site on a phone and on the wire: no page scrolls sideways at 390 px, every icon
and formula is drawn offline, and the site stays light (under 12 MB; each chapter page's
scripts and styles under 3 MB).

The site is built by the pipeline as in tests/test_site.py; each page is loaded once per
viewport for every check that reads it (tests/browser_pages.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import browser_pages
import pytest
from browser_pages import CHAPTER_PAGES

OTHER_PAGES = [
    "intro.html",
    "glance.html",
    "instructor.html",
    "datasets.html",
    "rerun.html",
    "notation.html",
    "api.html",
    "references.html",
]
SITE_LIMIT = 12e6
PAGE_ASSETS_LIMIT = 3e6
PHONE = browser_pages.PHONE_METRICS["width"]
#: The pages whose scripts, styles, icons and formulas are checked (with their console errors).
WEIGHED_PAGES = CHAPTER_PAGES + ["notation.html"]


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


@pytest.fixture(scope="module")
def pages(request, chromium, site) -> browser_pages.Pages:
    """Each page loaded once per viewport for the whole run (tests/browser_pages.py)."""
    return browser_pages.shared(request, chromium, site)


def _console_errors(seen, page: str) -> None:
    assert not seen.errors, f"{page}: console errors: {seen.errors}"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES + OTHER_PAGES)
def test_no_page_scrolls_sideways_on_a_390px_phone(pages, page):
    seen = pages.phone(page)
    assert seen["inner"] == PHONE, "the phone's viewport is emulated"
    r = seen["wide"]
    assert r["scroll"] <= r["inner"], (
        f"{page} scrolls sideways at {PHONE} px: scrollWidth {r['scroll']} > {r['inner']}; too wide: {r['wide']}"
    )
    assert not r["wide"], f"{page}: content wider than the screen outside a scrolling box: {r['wide']}"
    assert not r["clipped"], (
        f"{page}: charts wider than the column (titles and axes cut; they must scale): {r['clipped']}"
    )
    if page not in WEIGHED_PAGES:  # theirs are checked with the page's weight
        _console_errors(seen, page)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", WEIGHED_PAGES)
def test_icons_and_formulas_draw_offline_and_page_assets_stay_light(pages, page):
    # every page is weighed as a first visit: the phone loads no file from the cache of an earlier page
    seen = pages.phone(page)
    state = seen["assets"]
    assert state["svg_icons"] > 0 and not state["missing_icons"], (
        f"{page}: icons not drawn (Font Awesome subset?): {state['missing_icons']}"
    )
    if state["math_source"]:
        assert state["math_drawn"] >= state["math_source"] and not state["math_errors"], (
            f"{page}: MathJax did not typeset: {state}"
        )
    assert not state["remote"], f"{page}: loaded from outside the site: {state['remote']}"
    assert state["asset_bytes"] < PAGE_ASSETS_LIMIT, (
        f"{page}: scripts and styles weigh {state['asset_bytes'] / 1e6:.2f} MB >= 3 MB; biggest: {state['biggest']}"
    )
    _console_errors(seen, page)


@pytest.mark.slow
def test_site_weighs_under_12_mb(site):
    files = [p for p in site.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    big = sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:5]
    assert total < SITE_LIMIT, f"the site weighs {total / 1e6:.1f} MB >= 12 MB; biggest files: " + ", ".join(
        f"{p.relative_to(site)} {p.stat().st_size / 1e6:.1f} MB" for p in big
    )
    assert not list(site.rglob("*.map")), "source maps are shipped but no page loads them"
    mathjax = site / "_static" / "mathjax"
    assert (mathjax / "startup.js").is_file() and not (mathjax / "sre").exists(), "MathJax: only what pages load"
    assert not list(mathjax.glob("tex-*.js")), (
        "MathJax's combined builds (each carries the 420 kB menu) are not shipped"
    )


@pytest.mark.slow
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chapter_pages_reference_local_mathjax(site, page):
    html = (site / page).read_text(encoding="utf-8")
    if 'class="math' not in html:
        pytest.skip(f"{page} has no formula: Sphinx loads no MathJax")
    src = re.findall(r'<script[^>]+src="([^"]*mathjax/startup[^"]*)"', html)
    assert src and all(not s.startswith(("http:", "https:", "//")) for s in src), f"{page}: MathJax not local: {src}"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_charts_describe_themselves_and_follow_dark_mode(pages, page):
    seen = pages.phone(page)
    labels = seen["aria"]
    assert labels, f"{page}: no chart"
    # Vega gives its container the view's description as aria-label (Vega >= 5.10)
    bare = [c["id"] for c in labels if len(c["container"]) < 10 or not c["view"]]
    assert not bare, f"{page}: charts without a text description for screen readers: {bare}"
    # the page switched to the dark theme once read (browser_pages), its charts redrawn
    bg = seen.dark("backgrounds")
    assert set(bg[1]) == {bg[0]}, f"{page}: charts not redrawn in the dark theme: {set(bg[1])}"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_parameter_tables_fit_a_wide_screen(pages, page):
    """At 1400 px every column of a chapter's parameter table, "value used" included, is in view."""
    tables = pages.wide(page)["tables"]
    assert tables, f"{page}: no parameter table"
    for t in tables:
        assert t["scroll"] <= t["client"] + 1 and t["right"] <= t["inner"], (
            f"{page}: parameter table cut off at 1400 px: {t}"
        )
