"""Every chapter executes end to end, with its defaults and with one non-default parameter set,
publishes its headline numbers, and its parameters cell agrees with its schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scalingbook import params, pipeline
from scalingbook.build.book import read_notebook

CHAPTERS = params.chapter_names()
PARAM_SETS = Path(__file__).parent / "params"


def planned_chapter_runs(test_params: dict) -> list[tuple[str, dict]]:
    """The kernel executions of a test here (started before it by conftest.py)."""
    chapter = test_params["chapter"]
    path = PARAM_SETS / f"{chapter}.yaml"
    return [(chapter, {})] + ([(chapter, yaml.safe_load(path.read_text()))] if path.exists() else [])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_parameters_cell_matches_schema(book, chapter):
    pipeline.check_notebook_schema(book, chapter)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_notebook_committed_without_outputs(book, chapter):

    nb = read_notebook(book.notebook(chapter))
    with_outputs = [i for i, c in enumerate(nb["cells"]) if c.get("outputs") or c.get("execution_count")]
    assert not with_outputs, f"{chapter}: cells {with_outputs} carry outputs; commit sources clean"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_executes_with_defaults(run_chapter, chapter):
    rec = run_chapter(chapter)
    assert rec.results, f"{chapter} published no headline number (report.publish)"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_executes_with_non_default_parameters(run_chapter, chapter):
    path = PARAM_SETS / f"{chapter}.yaml"
    assert path.exists(), f"missing {path}: one non-default parameter set per chapter"
    values = yaml.safe_load(path.read_text())
    defaults = {p.name: p.default for p in params.schema(chapter)}
    assert any(defaults[k] != v for k, v in values.items()), f"{path} sets only default values"
    rec = run_chapter(chapter, values)
    base = run_chapter(chapter)
    assert rec.results and rec.key != base.key


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_the_books_structure(book, chapter):
    """Question and label up front, validated parameters, claims checked, three or more
    exercises each with a solution, citations that exist, and the footer last."""
    import re

    nb = read_notebook(book.notebook(chapter))
    cells = nb["cells"]
    md = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    stem = chapter.replace("-", "_")
    assert "".join(cells[0]["source"]).startswith(f"({stem})=\n# "), "first cell: label and title"
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert any(f'check_parameters("{chapter}", globals())' in c for c in code), "parameters are not validated"
    assert any(f'report.parameters_html("{chapter}"' in c for c in code), "no parameter table on the page"
    assert re.search(r"^## Claims checked", md, re.M), "no 'Claims checked' section"
    exercises = re.findall(r"```\{exercise\}[^\n]*\n:label: ([\w-]+)", md)
    solutions = re.findall(r"```\{solution-start\} ([\w-]+)", md)
    assert len(exercises) >= 3, f"{len(exercises)} exercises; the book asks for at least three"
    assert set(exercises) <= set(solutions), f"exercises without solution: {set(exercises) - set(solutions)}"
    keys = set(re.findall(r"^@\w+\{([^,]+),", (book.root / "references.bib").read_text(), re.M))
    cited = {k.strip() for group in re.findall(r"\{cite(?::[pt])?\}`([^`]+)`", md) for k in group.split(",")}
    assert cited, "the chapter cites nothing"
    assert cited <= keys, f"citations missing from references.bib: {cited - keys}"
    assert "".join(cells[-1]["source"]).strip() == f'report.footer("{chapter}", params)', "footer must be the last cell"
