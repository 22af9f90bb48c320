"""The built site served over HTTP and read in headless Chromium, each page loaded once per
viewport per pytest run, for the browser tests (tests/test_browser_site.py, tests/test_phone.py,
tests/test_site.py).

A page costs one to four seconds to load (its Vega charts drawn, MathJax typeset), so a page
is not loaded once per check: :meth:`Pages.phone`, :meth:`Pages.laptop` and :meth:`Pages.wide`
load it on first use, wait until it is drawn, and gather in one script call everything the
checks read from it (:data:`PARTS`); a chapter page is then switched to the dark theme and read
again (:data:`DARK_PARTS`), last, as that redraws its charts. The tests assert on the record.

Viewports: a phone of 390 px (DevTools device metrics: a headless window is never narrower
than 500 px), a laptop of 1280 px and a wide screen of 1400 px (the laptop's window, resized).
The phone loads every page as a first visit (no HTTP cache), so each page's scripts and styles
are weighed whole. One Chromium per viewport kind serves every test of the run.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any

import pytest

from scalingbook import params

CHAPTER_PAGES = [f"chapters/{c.replace('-', '_')}.html" for c in params.chapter_names()]

#: DevTools device metrics of a 390 px phone: a headless window is never narrower than 500 px,
#: so --window-size=390 would test a 500 px page.
PHONE_METRICS = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
LAPTOP_WINDOW = (1280, 1000)
WIDE_WINDOW = (1400, 1000)
#: How long a load may take to draw its charts, and a chapter's charts to be redrawn dark (s).
LOAD_TIMEOUT = {"phone": 120, "laptop": 120, "wide": 60}
DARK_TIMEOUT = {"phone": 60, "laptop": 120}

# ------------------------------------------------------------------ what is read from a page

#: Whether a scrolling box holds whatever is wider than the screen, and charts cut by their column.
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

#: Icons drawn (Font Awesome as inline SVG), formulas typeset, the weight of the page's scripts
#: and styles, and whatever came from outside the site.
ASSETS = """
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
};
"""

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

#: Each chart's text for screen readers: its container's aria-label and its Vega view's description.
ARIA = """
return Array.from(document.querySelectorAll('.scalingbook-chart')).map(el => ({
  id: el.id, container: el.getAttribute('aria-label') || '', view: el.vegaView ? el.vegaView.description() || '' : ''}));
"""

#: Each chart drawn (rendered, with marks, no NaN in a path) or failed.
CHART_STATE = """
const charts = Array.from(document.querySelectorAll('.scalingbook-chart'));
return charts.map(el => ({id: el.id, rendered: el.getAttribute('data-rendered'),
  error: el.getAttribute('data-error'), svg: el.querySelectorAll('svg .mark-group, svg path, svg text').length,
  nan: Array.from(el.querySelectorAll('svg path')).filter(p => /NaN|Infinity/.test(p.getAttribute('d') || '')).length}));
"""

#: Every address the page loaded, itself included.
ORIGINS = "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);"

#: Each parameter table of the article: how wide it is against its scrolling box and the window.
TABLES = """
return Array.from(document.querySelectorAll('.bd-article table.scalingbook-params')).map(t => {
  const box = t.closest('.table-wrap') || t;
  return {scroll: Math.max(t.scrollWidth, box.scrollWidth), client: box.clientWidth,
          right: t.getBoundingClientRect().right, inner: window.innerWidth}; });
"""

#: The chart background of the dark theme, and each chart's background as drawn.
BACKGROUNDS = """
return [window.scalingbookDarkConfig.background,
        Array.from(document.querySelectorAll('.scalingbook-chart')).map(el => el.vegaView.background())];
"""

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

SCRIPTS = {
    "inner": "return window.innerWidth;",
    "wide": WIDE,
    "assets": ASSETS,
    "charts": CHART_TEXT,
    "aria": ARIA,
    "state": CHART_STATE,
    "origins": ORIGINS,
    "tables": TABLES,
    "backgrounds": BACKGROUNDS,
    "dark_marks": DARK_MARKS,
}
#: What each viewport reads from a page once it is drawn, and from a chapter page once it is
#: redrawn dark.
PARTS = {
    "phone": ["inner", "wide", "assets", "charts", "aria"],
    "laptop": ["charts", "state", "origins"],
    "wide": ["tables"],
}
DARK_PARTS = {"phone": ["backgrounds"], "laptop": ["dark_marks"]}


def gather(names: list[str]) -> str:
    """One script reading the named parts; a part that throws is reported, not the whole call."""
    body = "".join(f'  "{n}": function () {{\n{SCRIPTS[n]}\n  }},\n' for n in names)
    return (
        "const parts = {\n" + body + "};\nconst out = {};\n"
        "for (const k of Object.keys(parts)) {\n"
        "  try { out[k] = {value: parts[k]()}; } catch (e) { out[k] = {error: String(e && e.stack || e)}; }\n"
        "}\nreturn out;"
    )


CHARTS_DRAWN = (
    "return document.readyState === 'complete' && Array.from(document.querySelectorAll('.scalingbook-chart'))"
    ".every(el => el.getAttribute('data-rendered') || el.getAttribute('data-error'))"
)
CHARTS_DARK = (
    "return Array.from(document.querySelectorAll('.scalingbook-chart'))"
    ".every(el => el.getAttribute('data-theme-drawn') === 'dark' && el.getAttribute('data-rendered'))"
)
UNDRAWN = (
    "return Array.from(document.querySelectorAll('.scalingbook-chart'))"
    ".filter(el => !el.getAttribute('data-rendered')).map(el => el.id)"
)
MATHJAX_DONE = """
const done = arguments[0];
if (window.MathJax && MathJax.startup && MathJax.startup.promise) MathJax.startup.promise.then(() => done(1));
else done(0);"""


def load(d, url: str, timeout: float = 120) -> None:
    """Open ``url`` and wait until every chart is drawn (or failed) and MathJax has typeset."""
    from selenium.webdriver.support.ui import WebDriverWait

    d.get(url)
    WebDriverWait(d, timeout).until(lambda d: d.execute_script(CHARTS_DRAWN))
    d.execute_async_script(MATHJAX_DONE)


# ------------------------------------------------------------------ the site and its pages


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class PageFailed(Exception):
    """A page that did not load, or a script that failed on it."""


class Seen:
    """What one viewport read from one page: ``seen[part]`` (see :data:`PARTS`), ``seen.errors``
    (the console's errors while it loaded), ``seen.dark(part)`` (after the dark redraw).
    Reading a part of a page that failed to load, or whose script threw, raises."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.failure: BaseException | None = None
        self.parts: dict[str, dict] = {}
        self.errors: list[dict] = []
        self.dark_failure: BaseException | None = None
        self.dark_parts: dict[str, dict] = {}

    def _value(self, parts: dict[str, dict], name: str, failure: BaseException | None, phase: str) -> Any:
        if self.failure is not None:
            raise PageFailed(f"{self.where}: the page did not load: {self.failure!r}") from self.failure
        if failure is not None:
            raise PageFailed(f"{self.where}: {phase}: {failure!r}") from failure
        part = parts[name]
        if "error" in part:
            raise PageFailed(f"{self.where}: reading {name} {phase} failed: {part['error']}")
        return part["value"]

    def __getitem__(self, name: str) -> Any:
        return self._value(self.parts, name, None, "once drawn")

    def dark(self, name: str) -> Any:
        return self._value(self.dark_parts, name, self.dark_failure, "in the dark theme")


class Pages:
    """The built site on a local HTTP server, and its pages as each viewport saw them."""

    def __init__(self, chromium, site: Path) -> None:
        self.chromium = chromium
        handler = functools.partial(_Quiet, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.server = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.drivers: dict[str, Any] = {}
        self.window: tuple[int, int] | None = None
        self.seen: dict[tuple[str, str], Seen] = {}

    def close(self) -> None:
        self.httpd.shutdown()

    def phone(self, page: str) -> Seen:
        return self._visit("phone", page)

    def laptop(self, page: str) -> Seen:
        return self._visit("laptop", page)

    def wide(self, page: str) -> Seen:
        return self._visit("wide", page)

    def _driver(self, viewport: str):
        if viewport == "phone":
            if "phone" not in self.drivers:
                d = self.chromium(*LAPTOP_WINDOW)
                d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE_METRICS)
                # every page is weighed as a first visit: no file comes from the cache of an earlier page
                d.execute_cdp_cmd("Network.enable", {})
                d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
                self.drivers["phone"] = d
            return self.drivers["phone"]
        if "laptop" not in self.drivers:
            self.drivers["laptop"] = self.chromium(*LAPTOP_WINDOW)
            self.window = LAPTOP_WINDOW
        d = self.drivers["laptop"]
        window = WIDE_WINDOW if viewport == "wide" else LAPTOP_WINDOW
        if self.window != window:
            d.get("about:blank")  # the page shown is not laid out again for the new width
            d.set_window_size(*window)
            self.window = window
        return d

    def _visit(self, viewport: str, page: str) -> Seen:
        key = (viewport, page)
        if key in self.seen:
            return self.seen[key]
        d = self._driver(viewport)  # skips the test when there is no Chromium
        seen = self.seen[key] = Seen(f"{page} on the {viewport}")
        try:
            d.get_log("browser")  # drop earlier pages' messages
            load(d, f"{self.server}/{page}", LOAD_TIMEOUT[viewport])
            seen.parts = d.execute_script(gather(PARTS[viewport]))
            seen.errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
        except Exception as exc:  # every check of this page fails with it
            seen.failure = exc
            return seen
        if viewport in DARK_PARTS and page in CHAPTER_PAGES:
            self._dark(d, viewport, seen)
        return seen

    @staticmethod
    def _dark(d, viewport: str, seen: Seen) -> None:
        """Switch the page to the dark theme (last: this redraws every chart) and read it again."""
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            undrawn = d.execute_script(UNDRAWN)
            if undrawn:  # never redrawn dark: fail now rather than wait for it
                raise PageFailed(f"charts not drawn in the light theme: {undrawn}")
            d.execute_script("document.documentElement.setAttribute('data-theme', 'dark')")
            WebDriverWait(d, DARK_TIMEOUT[viewport]).until(lambda d: d.execute_script(CHARTS_DARK))
            seen.dark_parts = d.execute_script(gather(DARK_PARTS[viewport]))
        except Exception as exc:
            seen.dark_failure = exc


_PAGES = pytest.StashKey[Pages]()


def shared(request: pytest.FixtureRequest, chromium, site: Path) -> Pages:
    """The run's :class:`Pages` (one server, one Chromium per viewport kind, each page loaded
    once per viewport), made by the first test module that asks."""
    stash = request.session.stash
    if _PAGES not in stash:
        stash[_PAGES] = Pages(chromium, Path(site))
        request.config.add_cleanup(stash[_PAGES].close)
    return stash[_PAGES]
