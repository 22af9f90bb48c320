"""Every chapter executes end to end, with its defaults and with one non-default parameter set,
publishes its headline numbers, and its parameters cell agrees with its schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scalingbook import params, pipeline

CHAPTERS = params.chapter_names()
PARAM_SETS = Path(__file__).parent / "params"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_parameters_cell_matches_schema(book, chapter):
    pipeline.check_notebook_schema(book, chapter)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_notebook_committed_without_outputs(book, chapter):
    import json

    nb = json.loads(book.notebook(chapter).read_text())
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
