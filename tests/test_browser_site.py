"""The built site on a phone and on the wire: no page scrolls sideways at 390 px, every icon
and formula is drawn offline, and the site stays light (under 12 MB; each chapter page's
scripts and styles under 3 MB).

The site is built by the pipeline as in tests/test_site.py.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

from scalingbook import params, pipeline

CHAPTER_PAGES = [f"chapters/{c.replace('-', '_')}.html" for c in params.chapter_names()]
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
PHONE = 390


@pytest.fixture(scope="module")
def site(book) -> Path:
    pipeline.build(book, progress=lambda m: None)
    return book.html_dir


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


#: DevTools device metrics of a 390 px phone: a headless window is never narrower than 500 px,
#: so --window-size=390 would test a 500 px page.
PHONE_METRICS = {"width": PHONE, "height": 844, "deviceScaleFactor": 3, "mobile": True}


@pytest.fixture(scope="module")
def phone(chromium):
    d = chromium(1280, 900)
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE_METRICS)
    yield d


def _load(d, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    d.get(url)
    WebDriverWait(d, 60).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && Array.from(document.querySelectorAll('.scalingbook-chart'))"
            ".every(el => el.getAttribute('data-rendered') || el.getAttribute('data-error'))"
        )
    )
    # MathJax typesets after load; wait for it when the page has math
    d.execute_async_script("""
      const done = arguments[0];
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) MathJax.startup.promise.then(() => done(1));
      else done(0);""")


WIDE = """
const W = window.innerWidth, out = [];
for (const el of document.querySelectorAll('.bd-article *')) {
  const b = el.getBoundingClientRect();
  if (b.width === 0 || b.right <= W + 1) continue;
  let p = el.parentElement, inside = false;
  while (p) {
    if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= W + 1) { inside = true; break; }
    p = p.parentElement;
  }
  if (!inside) out.push(el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 40) + ' to ' + Math.round(b.right) + ' px');
}
const clipped = Array.from(document.querySelectorAll('.scalingbook-chart'))
  .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.id + ' ' + el.scrollWidth + '>' + el.clientWidth);
return {scroll: document.scrollingElement.scrollWidth, inner: W, wide: out.slice(0, 8), clipped: clipped};
"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES + OTHER_PAGES)
def test_no_page_scrolls_sideways_on_a_390px_phone(phone, server, page):
    _load(phone, f"{server}/{page}")
    assert phone.execute_script("return window.innerWidth") == PHONE, "the phone's viewport is emulated"
    r = phone.execute_script(WIDE)
    assert r["scroll"] <= r["inner"], (
        f"{page} scrolls sideways at {PHONE} px: scrollWidth {r['scroll']} > {r['inner']}; too wide: {r['wide']}"
    )
    assert not r["wide"], f"{page}: content wider than the screen outside a scrolling box: {r['wide']}"
    assert not r["clipped"], (
        f"{page}: charts wider than the column (titles and axes cut; they must scale): {r['clipped']}"
    )


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES + ["notation.html"])
def test_icons_and_formulas_draw_offline_and_page_assets_stay_light(phone, server, page):
    # every page is weighed as a first visit: no file comes from the cache of an earlier page
    phone.execute_cdp_cmd("Network.enable", {})
    phone.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    _load(phone, f"{server}/{page}")
    state = phone.execute_script("""
      const res = performance.getEntriesByType('resource');
      const assets = res.filter(e => /\\.(js|css)(\\?|$)/.test(e.name));
      return {
        missing_icons: Array.from(document.querySelectorAll('i[class*="fa-"], span[class*="fa-"]'))
          .filter(el => !el.querySelector('svg') && getComputedStyle(el).display !== 'none' && el.offsetParent !== null)
          .map(el => el.className).slice(0, 10),
        svg_icons: document.querySelectorAll('svg.svg-inline--fa').length,
        math_source: document.querySelectorAll('.math, .arithmatex').length,
        math_drawn: document.querySelectorAll('mjx-container').length,
        math_errors: document.querySelectorAll('mjx-merror').length,
        asset_bytes: assets.reduce((s, e) => s + (e.decodedBodySize || 0), 0),
        biggest: assets.sort((a, b) => b.decodedBodySize - a.decodedBodySize).slice(0, 4)
          .map(e => e.name.replace(/.*\\/_static\\//, '') + ' ' + e.decodedBodySize),
        remote: res.map(e => e.name).filter(n => !n.startsWith(location.origin)),
      };""")
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
    errors = [e for e in phone.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert not errors, f"{page}: console errors: {errors}"


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
def test_charts_describe_themselves_and_follow_dark_mode(phone, server, page):
    from selenium.webdriver.support.ui import WebDriverWait

    _load(phone, f"{server}/{page}")
    labels = phone.execute_script("""
      return Array.from(document.querySelectorAll('.scalingbook-chart')).map(el => ({
        id: el.id, container: el.getAttribute('aria-label') || '', view: el.vegaView ? el.vegaView.description() || '' : ''}));""")
    assert labels, f"{page}: no chart"
    # Vega gives its container the view's description as aria-label (Vega >= 5.10)
    bare = [c["id"] for c in labels if len(c["container"]) < 10 or not c["view"]]
    assert not bare, f"{page}: charts without a text description for screen readers: {bare}"
    phone.execute_script("document.documentElement.setAttribute('data-theme', 'dark')")
    WebDriverWait(phone, 60).until(
        lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('.scalingbook-chart'))"
            ".every(el => el.getAttribute('data-theme-drawn') === 'dark' && el.getAttribute('data-rendered'))"
        )
    )
    bg = phone.execute_script(
        "return [window.scalingbookDarkConfig.background,"
        " Array.from(document.querySelectorAll('.scalingbook-chart')).map(el => el.vegaView.background())]"
    )
    assert set(bg[1]) == {bg[0]}, f"{page}: charts not redrawn in the dark theme: {set(bg[1])}"
    phone.execute_script("document.documentElement.setAttribute('data-theme', 'light')")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_parameter_tables_fit_a_wide_screen(phone, server, page):
    """At 1400 px every column of a chapter's parameter table, "value used" included, is in view."""
    phone.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    phone.set_window_size(1400, 1000)
    try:
        _load(phone, f"{server}/{page}")
        tables = phone.execute_script("""
          return Array.from(document.querySelectorAll('.bd-article table.scalingbook-params')).map(t => {
            const box = t.closest('.table-wrap') || t;
            return {scroll: Math.max(t.scrollWidth, box.scrollWidth), client: box.clientWidth,
                    right: t.getBoundingClientRect().right, inner: window.innerWidth}; });""")
    finally:
        phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE_METRICS)
    assert tables, f"{page}: no parameter table"
    for t in tables:
        assert t["scroll"] <= t["client"] + 1 and t["right"] <= t["inner"], (
            f"{page}: parameter table cut off at 1400 px: {t}"
        )
