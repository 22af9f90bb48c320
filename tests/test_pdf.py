"""`make pdf`: the whole book as one PDF, printed offline by headless Chromium (scalingbook.build.pdf).

Checks the instructor edition of the built site: a bookmark and at least one page per page of
_toc.yml, every chapter's numbered title, every chapter's charts (their titles are drawn as
text) and its solutions; the reader's edition leaves the solutions out.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scalingbook import params, pdf

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [f"chapters/{c.replace('-', '_')}.html" for c in params.chapter_names()]


def _norm(text: str) -> str:
    """Letters and digits only, ligatures unfolded (PDF text has "\ufb01" for "fi")."""
    import unicodedata

    return re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKC", text).lower())


def _chart_titles(html: str) -> list[str]:
    """Per chart, text the chart itself draws: its title, else (a chart without one) the title
    of its horizontal axis."""
    titles = []
    for m in re.finditer(r"var spec = (\{.*?\});\n", html):
        spec = json.loads(m.group(1).replace("<\\/", "</"))
        stack, axis = [spec], None
        while stack:
            node = stack.pop(0)
            t = node.get("title")
            t = t.get("text") if isinstance(t, dict) else t
            if isinstance(t, str) and len(t) > 12:
                titles.append(t)
                break
            x = (node.get("encoding") or {}).get("x")
            xt = (x.get("title") or (x.get("axis") or {}).get("title")) if isinstance(x, dict) else None
            if axis is None and isinstance(xt, str) and len(xt) > 12:
                axis = xt
            for key in ("layer", "vconcat", "hconcat", "concat", "spec"):
                sub = node.get(key, [])
                stack += [c for c in (sub if isinstance(sub, list) else [sub]) if isinstance(c, dict)]
        else:
            if axis:
                titles.append(axis)
    return titles


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("chromium not installed (make browser installs it as root)")
    return built_site


@pytest.fixture(scope="module")
def chrome(site):
    """One headless Chromium prints every PDF of this module (as ``make pdf`` prints both editions)."""
    with pdf.Chromium() as browser:
        yield browser


def _page_texts(path: Path) -> list[str]:
    """The text of each page of a PDF: poppler's pdftotext when installed, else pypdf's."""
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        return text.split("\f")[:-1]  # a form feed ends every page
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.mark.slow
@pytest.mark.browser
def test_instructor_pdf_holds_every_page_chapter_title_chart_and_solution(site, chrome, tmp_path):
    from pypdf import PdfReader

    pages = pdf.book_order(pdf.page_order(ROOT))
    out = pdf.build_pdf(
        site, tmp_path / "book.pdf", edition="instructor", root=ROOT, progress=lambda m: None, chrome=chrome
    )
    images = _start_page_images(out, tmp_path / "images")  # drawn while the structure is checked
    reader = PdfReader(out)
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    front, outline = outline[:2], outline[2:]
    assert [t for t, _ in front][1] == "Contents" and [p for _, p in front] == [0, 1], (
        f"title and contents first: {front}"
    )
    assert len(outline) == len(pages), f"one bookmark per page of _toc.yml: {len(outline)} vs {len(pages)}"
    assert outline[-1][0] == "Appendix: API reference", f"the API reference is the appendix at the end: {outline[-1]}"
    _check_links(reader, [p for _, p in outline], pages)
    starts = [p for _, p in outline] + [len(reader.pages)]
    assert all(b > a for a, b in zip(starts, starts[1:])), "every page prints at least one PDF page"
    texts = _page_texts(out)
    assert len(texts) == len(reader.pages), f"text of {len(texts)} pages, {len(reader.pages)} in the PDF"
    for page in CHAPTERS:
        i = pages.index(page)
        text = _norm(" ".join(texts[starts[i] : starts[i + 1]]))
        html = (site / page).read_text(encoding="utf-8")
        h1 = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)).replace("#", "")
        assert _norm(h1) in text, f"{page}: the chapter title {h1!r} is not in the PDF"
        titles = _chart_titles(html)
        assert titles, f"{page}: no chart found in the page"
        missing = [t for t in titles if _norm(t)[:30] not in text]
        assert not missing, f"{page}: charts missing from the PDF (titles not drawn): {missing}"
        if "solution dropdown" in html:
            assert "solutionto" in text, f"{page}: the instructor edition must expand the solutions"
    assert len(reader.pages) >= 3 * len(CHAPTERS), f"only {len(reader.pages)} pages"
    _check_page_images(images, [p for _, p in outline], pages)


def _has_solutions(site: Path, page: str) -> bool:
    return "solution dropdown" in (site / page).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def readers_pdf(site, chrome, tmp_path_factory) -> dict[str, str]:
    """The reader's edition of two chapter pages, printed once for the tests below: the page
    whose web controls are checked (``CHAPTERS[1]``) and a page with solutions (the same page
    when it has them). Returns the text of each ("controls", "solutions") and of the whole PDF
    (title and contents too)."""
    from pypdf import PdfReader

    controls = CHAPTERS[1]
    solutions = controls if _has_solutions(site, controls) else next(p for p in CHAPTERS if _has_solutions(site, p))
    pages = list(dict.fromkeys([solutions, controls]))
    out = pdf.build_pdf(
        site,
        tmp_path_factory.mktemp("readers") / "reader.pdf",
        edition="student",
        pages=pages,
        root=ROOT,
        progress=lambda m: None,
        chrome=chrome,
    )
    texts = _page_texts(out)
    reader = PdfReader(out)
    starts = [reader.get_destination_page_number(item) for item in reader.outline][2:] + [len(texts)]
    by_page = {page: _norm(" ".join(texts[a:b])) for page, a, b in zip(pages, starts, starts[1:])}
    return {"controls": by_page[controls], "solutions": by_page[solutions], "whole": _norm(" ".join(texts))}


@pytest.mark.slow
@pytest.mark.browser
def test_readers_pdf_leaves_solutions_out(readers_pdf):
    assert "exercise" in readers_pdf["solutions"] and "solutionto" not in readers_pdf["whole"], (
        "the reader's edition shows exercises without solutions"
    )


def _check_links(reader, starts: list[int], pages: list[str]) -> None:
    """No link points at the local server that printed the book (pypdf); links between pages
    jump inside the PDF, to the page that holds their target."""
    local, inside, external = [], 0, 0
    contents_targets = []
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    for i, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            action = action.get_object() if action is not None else {}
            uri = str(action.get("/URI", ""))
            if re.match(r"https?://(127\.0\.0\.1|localhost)", uri):
                local.append((i + 1, uri))
            elif uri:
                external += 1
            elif action.get("/S") == "/GoTo":
                inside += 1
                if i == 1:
                    contents_targets.append(index.get(action["/D"][0].idnum))
    assert not local, f"{len(local)} links point at the printing server, e.g. {local[:3]}"
    assert inside > 100 and external > 0, f"links inside the PDF: {inside}, to other sites: {external}"
    assert set(starts) <= set(contents_targets), "every contents entry jumps to its page"


_DARK = bytes(range(200))  # grey levels that count as ink


def _start_page_images(out: Path, folder: Path) -> subprocess.Popen | None:
    """Start drawing the printed pages as small grey images (poppler's pdftoppm), if installed."""
    if not shutil.which("pdftoppm"):
        return None
    folder.mkdir()
    return subprocess.Popen(["pdftoppm", "-r", "12", "-gray", str(out), f"{folder}/p"])


def _check_page_images(drawing: subprocess.Popen | None, starts: list[int], pages: list[str]) -> None:
    """The printed pages as images (pdftoppm): the title page and every chapter's first page
    carry ink, and no page of the book is blank."""
    if drawing is None:
        pytest.skip("pdftoppm (Debian's poppler-utils) not installed: make browser installs it")
    assert drawing.wait() == 0, "pdftoppm failed"
    folder = Path(drawing.args[-1]).parent
    ink = []
    for img in sorted(folder.glob("p-*.pgm")):
        data = img.read_bytes()
        pixels = data.split(b"\n", 3)[3]  # P5 header: magic, size, max value
        light = pixels.translate(None, _DARK)  # the pixels lighter than 200 (of 255)
        ink.append((len(pixels) - len(light)) / len(pixels))
    blank = [i + 1 for i, share in enumerate(ink) if share < 0.0002]  # one short line of text is about 0.0015
    assert not blank, f"blank pages in the PDF: {blank[:10]}"
    for page, start in zip(pages, starts):
        if page in CHAPTERS:
            assert ink[start] > 0.01, (
                f"{page}: its first PDF page (page {start + 1}) is nearly empty ({ink[start]:.3f})"
            )


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_leaves_web_controls_out(readers_pdf):
    page = CHAPTERS[1]
    assert readers_pdf["controls"], f"{page}: no text printed"
    for control in ("Show code cell source", "Hide code cell source", "Link to this scenario"):
        assert _norm(control) not in readers_pdf["whole"], f"{page}: the web control {control!r} is printed"


def test_api_reference_is_moved_to_an_appendix():
    pages = pdf.book_order(pdf.page_order(ROOT))
    assert pages[-1] == "api.html" and pages[0] == "intro.html" and len(pages) == len(pdf.page_order(ROOT))


def test_page_order_follows_the_toc():
    pages = pdf.page_order(ROOT)
    assert pages[0] == "intro.html" and set(CHAPTERS) <= set(pages)
    assert pages.index(CHAPTERS[0]) < pages.index(CHAPTERS[-1]) < pages.index("references.html")


def test_unknown_edition_is_refused(tmp_path):
    with pytest.raises(pdf.PdfError, match="edition must be one of"):
        pdf.build_pdf(tmp_path, tmp_path / "x.pdf", edition="teacher")
