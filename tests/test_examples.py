"""The parameter files the README points to are valid for their commands."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scalingbook import params, pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_run_example_validates():
    values = yaml.safe_load((EXAMPLES / "pretraining-a100.yaml").read_text())
    assert params.validate("pretraining-cost", values)["accelerator"] == "A100"


def test_sweep_example_expands_and_validates():
    grid = yaml.safe_load((EXAMPLES / "pretraining-grid.yaml").read_text())
    sets = pipeline.expand_grid(grid)
    assert len(sets) == 9
    for s in sets:
        params.validate("pretraining-cost", s)


def test_build_example_names_real_chapters_and_valid_values():
    book = yaml.safe_load((EXAMPLES / "book-params.yaml").read_text())
    for chapter, values in book.items():
        params.validate(chapter, values)


def test_readme_mentions_only_example_files_that_exist():
    readme = (EXAMPLES.parent / "README.md").read_text()
    import re

    for name in re.findall(r"examples/([\w.-]+\.yaml)", readme):
        assert (EXAMPLES / name).is_file(), f"README names examples/{name}, which does not exist"


CHAPTERS = params.chapter_names()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_an_example_that_validates_and_changes_something(chapter):
    path = EXAMPLES / f"{chapter}.yaml"
    assert path.is_file(), f"examples/{chapter}.yaml missing: one example parameter file per chapter"
    values = yaml.safe_load(path.read_text())
    checked = params.validate(chapter, values)
    defaults = {p.name: p.default for p in params.schema(chapter)}
    changed = [k for k in values if checked[k] != defaults[k]]
    assert changed, f"examples/{chapter}.yaml sets only default values"
    assert f"scalingbook run {chapter} -f examples/{chapter}.yaml" in path.read_text(), "the file names its command"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_example_runs(run_in_process, chapter):
    """The example's values run the chapter's code cells (in process: the kernel runs of the
    defaults, of tests/params and of the bounds check the rest of the way the book runs them)."""
    values = yaml.safe_load((EXAMPLES / f"{chapter}.yaml").read_text())
    run = run_in_process(chapter, values)
    assert run.headlines, f"{chapter} with examples/{chapter}.yaml published no headline number"
