"""Every chart of every chapter as a reader sees it, in real Chromium: on a phone (a 390 px
viewport emulated with DevTools device metrics, as a headless window is never narrower than
500 px) and on a laptop (1280 px).

* On the phone no chart text is drawn under 11 px: charts are laid out again for the column
  (small multiples in one or two columns, legends below), not shrunk.
* No label of a chart overlaps another, is cut short ("...") or runs outside its chart, at
  either width; no chart text shows a package key such as ``besiroglu_2024``.
* Every figure has a caption after its number, and no title shows a package key.

The site is built by the pipeline (conftest's ``built_site``).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path

import pytest

from scalingbook import params

CHAPTER_PAGES = [f"chapters/{c.replace('-', '_')}.html" for c in params.chapter_names()]
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
MIN_PX = 11.0
KEY = re.compile(r"\b[a-z]+_(?:19|20)\d\d\b")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(built_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def phone(chromium):
    d = chromium(1280, 1000)
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    yield d
    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture(scope="module")
def laptop(chromium):
    yield chromium(1280, 1000)


def _load(d, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    d.get(url)
    WebDriverWait(d, 120).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && Array.from(document.querySelectorAll('.scalingbook-chart'))"
            ".every(el => el.getAttribute('data-rendered') || el.getAttribute('data-error'))"
        )
    )


#: Per chart: its figure number, how wide it is drawn against its own size, the smallest text as
#: drawn (CSS px: font size x the SVG's scale on screen), overlapping label pairs, cut labels,
#: labels outside the chart and labels that are package keys.
CHART_TEXT = r"""
const KEY = /\b[a-z]+_(?:19|20)\d\d\b/;
return Array.from(document.querySelectorAll('.scalingbook-chart')).map((el, i) => {
  const next = el.nextElementSibling;
  const fig = next && next.classList.contains('scalingbook-figure-number') ? next.textContent.split('.').slice(0, 2).join('.') : el.id;
  if (el.getAttribute('data-error')) return {fig, error: el.getAttribute('data-error')};
  const svg = el.querySelector('svg');
  const sb = svg.getBoundingClientRect();
  const shown = t => {
    for (let n = t; n && n !== svg; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0
          || n.getAttribute('opacity') === '0' || n.getAttribute('fill-opacity') === '0') return false;
    }
    return true;
  };
  const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim() && shown(t));
  const items = texts.map(t => {
    const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    const tr = t.getAttribute('transform') || '';
    const rot = /rotate\(([-\d.]+)/.exec(tr);
    const angle = rot ? Math.abs(Number(rot[1])) % 180 : 0;
    return {t: t.textContent.trim(), b: t.getBoundingClientRect(), size, straight: angle === 0 || angle === 90};
  });
  const small = items.filter(x => x.size > 0 && x.size < 10.95).map(x => `${x.t.slice(0, 24)} (${x.size.toFixed(1)} px)`);
  const overlaps = [];
  for (let a = 0; a < items.length; a++) for (let b = a + 1; b < items.length; b++) {
    const A = items[a], B = items[b];
    if (!A.straight || !B.straight) continue;
    const w = Math.min(A.b.right, B.b.right) - Math.max(A.b.left, B.b.left);
    const h = Math.min(A.b.bottom, B.b.bottom) - Math.max(A.b.top, B.b.top);
    if (w > 1.5 && h > 0.25 * Math.min(A.b.height, B.b.height)) overlaps.push(`"${A.t.slice(0, 30)}" over "${B.t.slice(0, 30)}"`);
  }
  return {
    fig, drawn: Math.round(sb.width), natural: Number(svg.getAttribute('width')) || 0, box: el.parentElement.clientWidth,
    minSize: items.length ? Math.min(...items.map(x => x.size).filter(s => s > 0)) : null,
    small: small.slice(0, 6), overlaps: overlaps.slice(0, 6),
    cut: items.filter(x => x.t.endsWith('\u2026')).map(x => x.t).slice(0, 6),
    outside: items.filter(x => x.b.left < sb.left - 1 || x.b.right > sb.right + 1).map(x => x.t.slice(0, 30)).slice(0, 6),
    keys: items.filter(x => KEY.test(x.t)).map(x => x.t).slice(0, 6),
  };
});
"""


def _charts(d, server: str, page: str) -> list[dict]:
    _load(d, f"{server}/{page}")
    found = d.execute_script(CHART_TEXT)
    assert found, f"{page}: no chart"
    errors = [c for c in found if c.get("error")]
    assert not errors, f"{page}: charts failed to draw: {errors}"
    return found


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_no_chart_text_under_11_px_on_a_390_px_phone(phone, server, page):
    found = _charts(phone, server, page)
    inner = phone.execute_script("return window.innerWidth")
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
def test_no_chart_label_overlaps_is_cut_or_shows_a_key_on_a_phone(phone, server, page):
    bad = _label_problems(_charts(phone, server, page))
    assert not bad, (
        f"{page} at {PHONE['width']} px: labels overlapping, cut (...), outside the chart or package keys: {bad}"
    )


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_no_chart_label_overlaps_is_cut_or_shows_a_key_on_a_laptop(laptop, server, page):
    bad = _label_problems(_charts(laptop, server, page))
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


#: Per chart in dark mode: marks whose colour stands out from the chart's background by a
#: contrast ratio under 3 (WCAG's floor for graphics; 1.5 for a mark drawn translucent on
#: purpose, under 0.65 opacity), its opacity counted by mixing the colour into the background;
#: axes, grids and ticks are left out.
DARK_MARKS = r"""
function rgb(c) {
  const m = /rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)/.exec(c || '');
  return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
}
function lum(c) {
  const l = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}
return Array.from(document.querySelectorAll('.scalingbook-chart')).map(el => {
  const next = el.nextElementSibling;
  const fig = next && next.classList.contains('scalingbook-figure-number') ? next.textContent.split('.').slice(0, 2).join('.') : el.id;
  const bg = rgb('rgb(28, 31, 35)');
  const faint = [];
  const marks = 'svg g[class*="role-mark"] path, svg g[class*="role-mark"] line, svg g[class*="role-legend-symbol"] path';
  el.querySelectorAll(marks).forEach(n => {
    const cs = getComputedStyle(n);
    for (const [prop, op] of [['stroke', 'strokeOpacity'], ['fill', 'fillOpacity']]) {
      const c = rgb(cs[prop]);
      if (!c || cs[prop] === 'none' || c[3] === 0) continue;
      const a = c[3] * Number(cs[op] || 1) * Number(cs.opacity || 1);
      if (a === 0) continue;
      const mixed = c.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a));
      const ratio = (lum(mixed) + 0.05) / (lum(bg) + 0.05);
      const need = a < 0.65 ? 1.5 : 3;  // a mark drawn translucent on purpose (a band, a faded curve): visible
      if (ratio < need) faint.push(`${cs[prop]} ${prop} x${a.toFixed(2)}: ${ratio.toFixed(2)}`);
    }
  });
  return {fig, faint: Array.from(new Set(faint)).slice(0, 4)};
});
"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chart_marks_stay_visible_in_dark_mode(laptop, server, page):
    from selenium.webdriver.support.ui import WebDriverWait

    _load(laptop, f"{server}/{page}")
    laptop.execute_script("document.documentElement.setAttribute('data-theme', 'dark')")
    try:
        WebDriverWait(laptop, 120).until(
            lambda d: d.execute_script(
                "return Array.from(document.querySelectorAll('.scalingbook-chart'))"
                ".every(el => el.getAttribute('data-theme-drawn') === 'dark' && el.getAttribute('data-rendered'))"
            )
        )
        faint = {c["fig"]: c["faint"] for c in laptop.execute_script(DARK_MARKS) if c["faint"]}
    finally:
        laptop.execute_script("document.documentElement.setAttribute('data-theme', 'light')")
    assert not faint, f"{page}: marks that nearly vanish on the dark background (contrast < 3): {faint}"
