"""The standalone re-run page: math kept out of the Markdown parser and typeset offline,
citations as author-year with a reference list, solutions folded, the values used shown,
tables scrolling in their own box."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from scalingbook.build import standalone

ROOT = Path(__file__).resolve().parents[1]

BIB = """@article{kaplan2020,
  title = {Scaling Laws for Neural Language Models},
  author = {Kaplan, Jared and McCandlish, Sam and Henighan, Tom},
  journal = {arXiv preprint arXiv:2001.08361},
  year = {2020}
}
@misc{epoch2024,
  title = {Data on {AI} Models},
  author = {{Epoch AI}},
  year = {2024},
  url = {https://epoch.ai/data}
}
@article{two2021,
  title = {Two Authors},
  author = {Smith, Ann and Jones, Bob},
  doi = {10.1000/xyz},
  year = {2021}
}
"""


def page_notebook() -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "(label)=\n# Title\n\nSee {cite}`kaplan2020` and {cite:t}`two2021,epoch2024`, and {doc}`loss_scaling`.\n\n"
            "Thin space $L\\,(1-p)$ and indices $x_i + y_{i-1} = z_i w_{i-1}$ stay TeX.\n\n"
            "$$\\sum_i a_i\\,b_{i-1}$$\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "```{exercise}\n:label: ex1\n\nCompute *this*.\n```\n\n"
            "```{solution-start} ex1\n:class: dropdown\n```\nThe answer is **42**.\n```{solution-end}\n```"
        ),
        nbformat.v4.new_code_cell(
            "mfu: float = 0.4  # utilisation\nseed: int = 0  # seed", metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(
            "# Parameters\nmfu = 0.35\nseed = 0\n", metadata={"tags": ["injected-parameters", "remove-cell"]}
        ),
        nbformat.v4.new_code_cell("secret = 1", metadata={"tags": ["remove-cell"]}),
        nbformat.v4.new_code_cell("shown_input()", metadata={"tags": []}),
        nbformat.v4.new_code_cell("hidden_input()", metadata={"tags": ["remove-input"]}),
    ]
    nb.cells[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
    nb.cells[5].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": "<table><tr><td>wide</td></tr></table>", "text/plain": "b"}
        )
    ]
    return json.loads(nbformat.writes(nb))


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(BIB)
    return standalone.read_bibliography(path)


def test_bibliography_short_authors_years_and_links(bib):
    assert bib["kaplan2020"]["short"] == "Kaplan et al." and bib["kaplan2020"]["year"] == "2020"
    assert bib["kaplan2020"]["url"] == "https://arxiv.org/abs/2001.08361"
    assert bib["two2021"]["short"] == "Smith and Jones" and bib["two2021"]["url"] == "https://doi.org/10.1000/xyz"
    assert bib["epoch2024"]["short"] == "Epoch AI" and bib["epoch2024"]["url"] == "https://epoch.ai/data"


def test_the_books_bibliography_resolves_every_key_it_holds():
    bib = standalone.read_bibliography(ROOT / "references.bib")
    assert len(bib) >= 10
    for key, e in bib.items():
        assert e["short"] != key and e.get("year"), f"{key}: no author or year parsed from references.bib"


def test_citations_are_author_year_with_a_reference_list(bib):
    html = standalone.notebook_body(page_notebook(), bib)
    assert '(<a class="cite" href="#ref-kaplan2020">Kaplan et al., 2020</a>)' in html
    assert ">Smith and Jones (2021)</a>; <a" in html and ">Epoch AI (2024)</a>" in html
    assert "{cite" not in html and "[kaplan2020]" not in html
    refs = html[html.index('<section class="references">') :]
    assert 'id="ref-kaplan2020"' in refs and 'href="https://arxiv.org/abs/2001.08361"' in refs
    assert "Jared Kaplan, Sam McCandlish and Tom Henighan" in refs


def test_math_is_kept_out_of_markdown(bib):
    html = standalone.notebook_body(page_notebook(), bib)
    assert r"\(L\,(1-p)\)" in html, "\\, was eaten by the Markdown renderer"
    assert r"\(x_i + y_{i-1} = z_i w_{i-1}\)" in html, "_i ... _{i-1} was turned into emphasis"
    assert r"\[\sum_i a_i\,b_{i-1}\]" in html
    assert "<em>" not in html.split("Thin space")[1].split("</p>")[0]


def test_directives_roles_tags_and_folded_solutions(bib):
    html = standalone.notebook_body(page_notebook(), bib)
    assert "(label)=" not in html and "<h1>Title</h1>" in html
    assert "<em>loss scaling</em>" in html and "{doc}" not in html
    assert 'class="box exercise"' in html and "Exercise 1" in html and "<em>this</em>" in html and ":label:" not in html
    sol = html[html.index("<details") : html.index("</details>")]
    assert "Solution to Exercise 1" in sol and "<strong>42</strong>" in sol and ":class:" not in sol
    assert "secret" not in html and "shown_input()" in html and "hidden_input" not in html
    assert "42" in html


def test_parameters_cell_shows_the_values_used(bib):
    html = standalone.notebook_body(page_notebook(), bib)
    assert "mfu: float = 0.35  # utilisation  (default 0.4)" in html
    assert "seed: int = 0  # seed\n" in html or "seed: int = 0  # seed<" in html
    assert "mfu: float = 0.4  #" not in html


def test_tables_scroll_in_their_own_box(bib):
    html = standalone.notebook_body(page_notebook(), bib)
    assert html.count('<div class="table-wrap"><table') == html.count("<table") == 2
    assert ".table-wrap{overflow-x:auto" in standalone.CSS


def test_mathjax_comes_from_the_installed_package_not_a_cdn():
    script = standalone.mathjax_script()
    assert script.startswith("<script>window.MathJax="), "sphinx-mathjax-offline's MathJax not found"
    assert len(script) > 1_000_000 and "cdn.jsdelivr" not in script.split("</script>")[0]


@pytest.mark.browser
@pytest.mark.slow
def test_page_typesets_math_offline_in_headless_chromium(tmp_path, chromium):
    from selenium.webdriver.support.ui import WebDriverWait

    (tmp_path / "references.bib").write_text(BIB)
    nb_path = tmp_path / "chapters" / "page.ipynb"
    nb_path.parent.mkdir()
    nb_path.write_text(json.dumps(page_notebook()))
    page = tmp_path / "page.html"
    page.write_text(
        standalone.standalone_html(nb_path, "page", tmp_path / ".cache", bibfile=tmp_path / "references.bib")
    )
    driver = chromium(390, 900)
    try:
        driver.get(page.as_uri())
        WebDriverWait(driver, 30).until(
            lambda d: d.execute_script("return document.querySelectorAll('mjx-container').length") >= 3
        )
        assert "\\(" not in driver.execute_script("return document.body.innerText"), "raw TeX left on the page"
        remote = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'))"
        )
        assert not remote, f"the re-run page loaded {remote}"
        width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the page scrolls sideways at 390 px: {width}"
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        driver.quit()
