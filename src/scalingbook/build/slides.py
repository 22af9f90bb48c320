"""A slide deck per chapter for teaching, offline: ``make slides`` (or
``python -m scalingbook.build.slides``).

Each deck is one self-contained HTML file in ``_build/slides`` (no network, no reveal.js):
the Vega bundle, the site's chart script and MathJax are inlined, and the arrow keys, space,
Page Up/Down, Home and End move between slides ("f" for full screen). A deck is made from
what the built site shows for the chapter (``_build/html``, the executed notebooks at their
defaults) and from the chapter's execution record:

1. the chapter's number and title;
2. its learning objectives;
3. its headline numbers, as ``scalingbook run`` prints them;
4. its numbered equations (three a slide, with their numbers);
5. each numbered figure, one a slide, under its caption (live calculators included);
6. its exercises, by number and first line.

Projected at 1280 x 720 or larger, charts are drawn at the slide's width (the site's reflow).
"""

from __future__ import annotations

import argparse
import html as _html
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["Deck", "deck_from_page", "deck_html", "build_slides", "main"]

_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return _html.unescape(re.sub(r"\s+", " ", _TAG.sub("", fragment))).replace("#", "").strip()


class Deck:
    """What a chapter's slides show: ``number``, ``title``, ``objectives`` (HTML list items),
    ``headlines`` (text lines), ``equations`` ((number, TeX)), ``figures`` ((number,
    caption, spec)) and ``exercises`` ((number, first line as HTML))."""

    def __init__(self, number: str, title: str):
        self.number, self.title = number, title
        self.objectives: list[str] = []
        self.headlines: list[str] = []
        self.equations: list[tuple[str, str]] = []
        self.figures: list[tuple[str, str, dict]] = []
        self.exercises: list[tuple[str, str]] = []


def deck_from_page(page_html: str, headlines: Sequence[str] = ()) -> Deck:
    """The deck of one built chapter page (``_build/html/chapters/<stem>.html``)."""
    body = page_html.split('id="jb-print-docs-body"', 1)[-1]
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    title = _text(h1.group(1)) if h1 else "Chapter"
    m = re.match(r"(\d+)\.\s*(.*)", title)
    deck = Deck(m.group(1) if m else "", m.group(2) if m else title)
    obj = re.search(r"Learning objectives.*?<(ol|ul)[^>]*>(.*?)</\1>", body, re.S)
    if obj:
        deck.objectives = [re.sub(r"</?p>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", obj.group(2), re.S)]
    deck.headlines = list(headlines)
    for eq in re.finditer(
        r'<div class="math notranslate nohighlight" id="equation-[^"]+">\s*'
        r'<span class="eqno">\(([^)]*)\).*?</span>(\\\[.*?\\\])</div>',
        body,
        re.S,
    ):
        deck.equations.append((eq.group(1), eq.group(2)))
    for fig in re.finditer(
        r'<p class="scalingbook-figure-number" id="fig-[\d-]+"><strong>Figure ([\d.]+)\.</strong>'
        r'(.*?)</p>\s*<script type="text/javascript">\s*\(function \(\) \{\s*var spec = (\{.*?\});\n',
        body,
        re.S,
    ):
        deck.figures.append((fig.group(1), fig.group(2).strip(), json.loads(fig.group(3).replace("<\\/", "</"))))
    for ex in re.finditer(
        r'<div class="exercise admonition" id="[^"]+">\s*<p class="admonition-title">(.*?)</p>'
        r"\s*<section[^>]*>\s*<p>(.*?)</p>",
        body,
        re.S,
    ):
        first = re.split(r"(?<=[.?!])\s", ex.group(2).strip(), maxsplit=2)
        deck.exercises.append((_text(ex.group(1)), " ".join(first[:2])))
    return deck


_CSS = """
html, body { margin: 0; height: 100%; background: #fff; color: #1d1d1d;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
.slide { display: none; box-sizing: border-box; width: 100vw; height: 100vh; padding: 5vh 7vw 8vh;
  flex-direction: column; justify-content: center; overflow: auto; }
.slide.current { display: flex; }
.slide h1 { font-size: 5.4vh; margin: 0 0 3vh; }
.slide h2 { font-size: 4.2vh; margin: 0 0 3vh; color: #0b4f7c; }
.slide li, .slide p { font-size: 3.1vh; line-height: 1.35; margin: 0.6vh 0; }
.slide.title { background: #0b4f7c; color: #fff; }
.slide.title h1 { font-size: 7vh; }
.slide.title p { font-size: 3.2vh; opacity: 0.9; }
.slide .eq { font-size: 3.6vh; margin: 2vh 0; display: flex; align-items: center; gap: 2vw; }
.slide .eq .no { color: #666; min-width: 6vw; font-size: 2.8vh; }
.slide.figure h2 { font-size: 3.1vh; font-weight: 600; color: #1d1d1d; }
.slide.figure .scalingbook-chart { align-self: center; max-width: 100%; }
.slide.figure .scalingbook-chart svg.marks { height: 66vh; width: auto; max-width: 86vw; }
.slide.figure .vega-bindings { font-size: 2.2vh; display: flex; flex-wrap: wrap; gap: 0.5vh 2vw; }
.scalingbook-share, .scalingbook-link-note { display: none; }
.slide .exercises li { font-size: 2.5vh; }
.counter { position: fixed; right: 2vw; bottom: 1.5vh; font-size: 1.8vh; color: #888; }
.help { position: fixed; left: 2vw; bottom: 1.5vh; font-size: 1.6vh; color: #aaa; }
@media print { .slide { display: flex !important; page-break-after: always; } .counter, .help { display: none; } }
"""

_NAV = """
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide')), i = 0;
  var counter = document.querySelector('.counter');
  function show(k) {
    i = Math.max(0, Math.min(slides.length - 1, k));
    slides.forEach(function (s, j) { s.classList.toggle('current', j === i); });
    counter.textContent = (i + 1) + ' / ' + slides.length;
    if (location.hash !== '#' + (i + 1)) history.replaceState(null, '', '#' + (i + 1));
    var el = slides[i].querySelector('.scalingbook-chart[data-spec]');
    if (el && !el.vegaView && window.scalingbookEmbed) {
      window.scalingbookEmbed(el, JSON.parse(el.getAttribute('data-spec')));
    }
    if (window.MathJax && MathJax.typesetPromise) MathJax.typesetPromise([slides[i]]);
  }
  document.addEventListener('keydown', function (e) {
    if (e.target && /INPUT|SELECT|TEXTAREA/.test(e.target.tagName)) return;
    if (['ArrowRight', 'PageDown', ' ', 'Enter', 'n'].indexOf(e.key) >= 0) { show(i + 1); e.preventDefault(); }
    else if (['ArrowLeft', 'PageUp', 'Backspace', 'p'].indexOf(e.key) >= 0) { show(i - 1); e.preventDefault(); }
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(slides.length - 1);
    else if (e.key === 'f' && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });
  document.addEventListener('click', function (e) {
    if (e.target.closest('.scalingbook-chart, a, input, select, details')) return;
    show(e.clientX > window.innerWidth / 3 ? i + 1 : i - 1);
  });
  window.scalingbookSlide = show;
  show(Math.max(0, (parseInt(location.hash.slice(1), 10) || 1) - 1));
})();
"""


def _slide(cls: str, inner: str) -> str:
    return f'<section class="slide {cls}">{inner}</section>'


def deck_html(deck: Deck, *, book_title: str, vega_js: str, live_js: str, mathjax: str) -> str:
    """One deck as a self-contained HTML page (scripts inlined)."""
    esc = _html.escape
    number = f"Chapter {deck.number}" if deck.number else ""
    slides = [_slide("title", f"<p>{esc(book_title)}</p><h1>{esc(deck.title)}</h1><p>{esc(number)}</p>")]
    if deck.objectives:
        items = "".join(f"<li>{li}</li>" for li in deck.objectives)
        slides.append(_slide("objectives", f"<h2>After this chapter you can</h2><ol>{items}</ol>"))
    for k in range(0, len(deck.headlines), 8):
        items = "".join(f"<li>{esc(h)}</li>" for h in deck.headlines[k : k + 8])
        slides.append(_slide("headlines", f"<h2>The numbers (the page's defaults)</h2><ul>{items}</ul>"))
    for k in range(0, len(deck.equations), 3):
        eqs = "".join(
            f'<div class="eq"><span class="no">({esc(n)})</span><span>{tex}</span></div>'
            for n, tex in deck.equations[k : k + 3]
        )
        slides.append(_slide("equations", f"<h2>Equations</h2>{eqs}"))
    for n, caption, spec in deck.figures:
        data = esc(json.dumps(spec, separators=(",", ":")), quote=True)
        slides.append(
            _slide(
                "figure", f'<h2>Figure {esc(n)}. {caption}</h2><div class="scalingbook-chart" data-spec="{data}"></div>'
            )
        )
    if deck.exercises:
        for k in range(0, len(deck.exercises), 5):
            items = "".join(f"<li><strong>{esc(n)}.</strong> {first}</li>" for n, first in deck.exercises[k : k + 5])
            slides.append(_slide("exercises", f"<h2>Exercises</h2><ul class='exercises'>{items}</ul>"))
    head_title = esc(f"{deck.number}. {deck.title}" if deck.number else deck.title)
    return (
        "<!DOCTYPE html>\n<html lang='en' data-theme='light'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{head_title}: slides</title><style>{_CSS}</style>"
        f"<script>{vega_js}</script><script>{live_js}</script>{mathjax}</head><body>\n"
        + "\n".join(slides)
        + "\n<div class='counter'></div><div class='help'>arrows or space: next / previous; f: full screen</div>"
        f"<script>{_NAV}</script></body></html>\n"
    )


def _inline(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def build_slides(root: Path, out: Path, *, progress=print, html_dir: Path | None = None) -> list[Path]:
    """A deck per chapter of the built site of the book at ``root`` (or the built site in
    ``html_dir``) into ``out``."""
    from ..pages import charts, params
    from ..pages import report as _report
    from . import pipeline
    from .standalone import mathjax_script

    book = pipeline.Book(root)
    html_dir = Path(html_dir) if html_dir is not None else book.html_dir
    if not (html_dir / "index.html").exists():
        raise SystemExit(f"no built site in {html_dir}: run `make book` first")
    import yaml

    cfg = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    book_title = str(cfg.get("title") or "Scaling Laws, Reproduced")
    vega_js = _inline(html_dir / "_static" / charts.BUNDLE_NAME)
    live_js = _inline(html_dir / "_static" / "scalingbook-live.js")
    mathjax = mathjax_script()
    pins = json.loads(book.pins_file.read_text()) if book.pins_file.exists() else {}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    chapters = params.chapter_names()
    for k, chapter in enumerate(chapters, 1):
        page = html_dir / "chapters" / f"{chapter.replace('-', '_')}.html"
        if not page.exists():
            progress(f"  [{k}/{len(chapters)}] {chapter}: not in the built site, skipped")
            continue
        headlines = []
        record = book.cache_dir / chapter / f"{pins.get(chapter, '')}.json"
        if pins.get(chapter) and record.exists():
            for h in json.loads(record.read_text()).get("headlines", []):
                headlines.append(
                    _report.Headline(h["name"], h["value"], h.get("unit", ""), h.get("label", ""))
                    .text()
                    .replace("**", "")
                )
        deck = deck_from_page(page.read_text(encoding="utf-8"), headlines)
        target = out / f"{k:02d}-{chapter}.html"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(
            deck_html(deck, book_title=book_title, vega_js=vega_js, live_js=live_js, mathjax=mathjax), encoding="utf-8"
        )
        tmp.replace(target)
        written.append(target)
        progress(
            f"  [{k}/{len(chapters)}] {target.name}: {len(deck.figures)} figures, {len(deck.equations)} equations, "
            f"{len(deck.headlines)} headline numbers, {len(deck.exercises)} exercises"
        )
    index = out / "index.html"
    links = "".join(f"<li><a href='{p.name}'>{_html.escape(p.stem)}</a></li>" for p in written)
    index.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{_html.escape(book_title)}: slides</title>"
        f"</head><body><h1>{_html.escape(book_title)}: slides</h1><ul>{links}</ul></body></html>\n",
        encoding="utf-8",
    )
    return written


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scalingbook.build.slides", description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=Path.cwd(), help="the book's folder (default: here)")
    ap.add_argument("--out", type=Path, default=Path("_build/slides"), help="output folder (default: _build/slides)")
    args = ap.parse_args(argv)
    print(f"Writing a slide deck per chapter into {args.out}")
    written = build_slides(args.root.resolve(), args.out)
    print(f"  -> {len(written)} decks; open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
