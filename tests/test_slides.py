"""The course kit: `make slides` (scalingbook.build.slides) writes one offline deck per chapter
from the built site, and the instructor's page maps every class meeting to chapters and to
exercises that exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scalingbook import params
from scalingbook.build import slides

ROOT = Path(__file__).resolve().parents[1]


def _labels() -> dict[str, set[str]]:
    """Chapter stem -> the labels of its exercises."""
    out = {}
    for md in sorted((ROOT / "chapters").glob("*.md")):
        text = md.read_text(encoding="utf-8")
        out[md.stem] = set(re.findall(r"```\{exercise\}\s*\n:label:\s*(\S+)", text))
    return out


def test_the_instructors_page_is_in_the_book_and_cites_only_exercises_that_exist():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "file: instructor" in toc, "_toc.yml lists the instructor's page under 'Using this book'"
    text = (ROOT / "instructor.md").read_text(encoding="utf-8")
    cited = re.findall(r"\{ref\}`([^`]+)`", text)
    known = set().union(*_labels().values())
    unknown = [c for c in cited if c not in known]
    assert not unknown, f"instructor.md cites exercises no chapter has: {unknown}"
    rows = [r for r in text.splitlines() if re.match(r"\| [1-6] \| \d+\. ", r)]
    assert len(rows) == 12 and {r.split("|")[1].strip() for r in rows} == {str(w) for w in range(1, 7)}, (
        f"six weeks of two meetings: {len(rows)} meetings"
    )
    for chapter in params.chapter_names():
        stem = chapter.replace("-", "_")
        assert f"<chapters/{stem}>" in text, f"the syllabus reads chapter {chapter}"
        assert _labels().get(stem, set()) & set(cited) or not _labels().get(stem), (
            f"the syllabus sets none of {chapter}'s exercises"
        )


def test_make_slides_is_one_command():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^slides: book\n\t\$\(BIN\)/python -m scalingbook\.build\.slides", makefile, re.M)


PAGE = """<html><body><div id="jb-print-docs-body"><h1>2. How does loss scale?<a class="headerlink" href="#x">#</a></h1>
<p><strong>Learning objectives.</strong> After this chapter you can:</p>
<ol class="arabic simple"><li><p>derive <span class="math">\\(N_{opt}\\)</span>;</p></li><li><p>refit the law.</p></li></ol>
<div class="math notranslate nohighlight" id="equation-eq-loss-scaling-1">
<span class="eqno">(2.1)<a class="headerlink" href="#equation-eq-loss-scaling-1">#</a></span>\\[L = E + A/N^a\\]</div>
<div class="scalingbook-chart" id="sbchart-1"></div>
<p class="scalingbook-figure-number" id="fig-2-1"><strong>Figure 2.1.</strong> Compute-optimal size by law</p>
<script type="text/javascript">
(function () {
  var spec = {"mark":"point","title":"x <\\/b>"};
  var el = 1;
})();
</script>
<div class="exercise admonition" id="loss-ex-kaplan">

<p class="admonition-title"><span class="caption-number">Exercise 2.1 </span></p>
<section id="exercise-content">
<p><strong>Level 1.</strong> At 1e24 FLOPs, what size? Then more. And more.</p>
</section></div>
</div></body></html>"""


def test_a_deck_holds_title_objectives_headlines_equations_figures_and_exercises():
    deck = slides.deck_from_page(PAGE, ["Compute-optimal N: 7.22 × 10¹⁰ parameters"])
    assert (deck.number, deck.title) == ("2", "How does loss scale?")
    assert len(deck.objectives) == 2 and "N_{opt}" in deck.objectives[0]
    assert deck.equations == [("2.1", "\\[L = E + A/N^a\\]")]
    assert [(n, c) for n, c, _ in deck.figures] == [("2.1", "Compute-optimal size by law")]
    assert deck.figures[0][2] == {"mark": "point", "title": "x </b>"}
    assert deck.exercises == [("Exercise 2.1", "<strong>Level 1.</strong> At 1e24 FLOPs, what size? Then more.")]
    page = slides.deck_html(deck, book_title="Scaling Laws, Reproduced", vega_js="/*v*/", live_js="/*l*/", mathjax="")
    n = page.count('<section class="slide')
    assert n == 6, f"title, objectives, numbers, equations, one figure, exercises: {n} slides"
    assert "http://" not in page and "https://" not in page and "src=" not in page, "a deck loads nothing"


@pytest.mark.slow
def test_make_slides_writes_an_offline_deck_per_chapter(built_site, tmp_path):
    written = slides.build_slides(ROOT, tmp_path, progress=lambda m: None, html_dir=built_site)
    assert len(written) == len(params.chapter_names()), f"{len(written)} decks"
    for deck in written:
        text = deck.read_text(encoding="utf-8")
        figures = text.count('class="slide figure"')
        assert figures >= 3, f"{deck.name}: {figures} figure slides"
        assert "vegaEmbed" in text and "MathJax" in text, f"{deck.name}: the Vega bundle and MathJax are inlined"
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"?https?:", text), (
            f"{deck.name} loads from the network"
        )


def test_the_readmes_dataset_size_is_the_registrys_total():
    """One figure for the datasets' size: the README's is the registry's total, as the Data
    page and `scalingbook data list` compute it (decimal MB, datasets.format_size)."""
    from scalingbook.sources import datasets

    total = sum(ds.total_bytes for ds in datasets.REGISTRY.values())
    files = sum(len(ds.files) for ds in datasets.REGISTRY.values())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"\(([\d.]+ [kM]B) in all, ([\d,]+) files", readme)
    assert stated, "the README states the datasets' size as '(X MB in all, N files'"
    assert (stated.group(1), int(stated.group(2).replace(",", ""))) == (datasets.format_size(total), files), (
        f"README says {stated.group(0)}; the registry holds {datasets.format_size(total)} in {files} files"
    )
