"""The whole site: built with Sphinx warnings as errors, no network resources, and every
chapter page drawn in real headless Chromium with every chart rendered and no script error."""

from __future__ import annotations

import re
from pathlib import Path

import browser_pages
import pytest
from browser_pages import CHAPTER_PAGES

from scalingbook import params

EXTERNAL = re.compile(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["'](https?:)?//""", re.I)


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    """The book's site, built once per pytest run by the pipeline (only changed chapters execute;
    Sphinx with -W -n --keep-going), outside the checkout's own _build (conftest.py)."""
    return built_site


@pytest.mark.slow
def test_every_page_is_built(site):
    for page in [
        "index.html",
        "intro.html",
        "glance.html",
        "datasets.html",
        "rerun.html",
        "notation.html",
        "references.html",
        "status.html",
        *CHAPTER_PAGES,
    ]:
        assert (site / page).is_file(), f"{page} missing from the site"


@pytest.mark.slow
def test_no_page_loads_anything_from_the_network(site):
    offenders = []
    for page in site.rglob("*.html"):
        for m in EXTERNAL.finditer(page.read_text(encoding="utf-8", errors="replace")):
            if m.group(1).lower() == "link" and re.search(r'rel=["\'](canonical|alternate)', m.group(0)):
                continue
            offenders.append(f"{page.relative_to(site)}: {m.group(0)[:120]}")
    assert not offenders, "pages load remote resources:\n" + "\n".join(offenders[:20])


@pytest.mark.slow
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chapter_page_has_parameters_footer_download_and_chart(site, page):
    html = (site / page).read_text(encoding="utf-8")
    stem = Path(page).stem
    assert "scalingbook-params" in html, "parameters table missing"
    assert "scalingbook-rerun" in html and f"scalingbook run {stem.replace('_', '-')}" in html, "re-run box missing"
    assert "scalingbook-footer" in html, "reproducibility footer missing"
    assert f"_sources/chapters/{stem}.ipynb" in html, "no download of the executed notebook"
    assert (site / "_sources" / "chapters" / f"{stem}.ipynb").read_text().count('"outputs": [\n') >= 1
    assert "scalingbook-chart" in html, "no chart on the page"
    assert "Traceback" not in html, "an error output was published"


@pytest.mark.slow
def test_data_page_offers_every_table_for_download(site, book):
    html = (site / "datasets.html").read_text(encoding="utf-8")
    downloads = {p.name: p for p in (site / "_downloads").rglob("*.csv")}
    for table in book.data_dir.glob("*.csv"):
        assert table.name in html, f"{table.name} not listed on the data page"
        assert downloads.get(table.name) and downloads[table.name].read_bytes() == table.read_bytes()
    assert "Data: Epoch AI" in html, "the Epoch AI attribution (CC BY 4.0) must be on the data page"


@pytest.mark.slow
def test_glance_page_lists_every_chapters_headline_numbers(site, run_chapter):
    html = (site / "glance.html").read_text(encoding="utf-8")
    for c in params.chapter_names():
        rec = run_chapter(c)  # the run's execution at the defaults, which the site shows
        assert rec.headlines, f"{c} publishes no headline"
        for h in rec.headlines:
            assert h["name"] in html, f"{c}: headline {h['name']} missing from the glance page"


@pytest.mark.slow
def test_status_page_lists_each_chapter_time_and_versions(site):
    html = (site / "status.html").read_text(encoding="utf-8")
    for c in params.chapter_names():
        assert c.replace("-", "_") in html
    for lib in ("numpy", "altair", "jupyter-book", "papermill"):
        assert lib in html


# ------------------------------------------------------------------------------ browser


@pytest.fixture(scope="module")
def pages(request, chromium, site) -> browser_pages.Pages:
    """Each page loaded once per viewport for the whole run (tests/browser_pages.py)."""
    return browser_pages.shared(request, chromium, site)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("page", CHAPTER_PAGES + ["index.html", "status.html"])
def test_page_draws_in_headless_chromium(pages, page):
    seen = pages.laptop(page)  # drawn at 1280 px: every chart rendered or failed
    charts = seen["state"]
    if page.startswith("chapters/"):
        assert charts, f"{page}: no chart"
    failed = [c for c in charts if c["error"] or not c["rendered"] or c["svg"] == 0 or c["nan"]]
    assert not failed, f"{page}: charts did not draw: {failed}"
    remote = [u for u in seen["origins"] if not u.startswith(pages.server)]
    assert not remote, f"{page}: loaded from outside the site: {remote}"
    assert not seen.errors, f"{page}: console errors: {seen.errors}"
