"""The parameter files the README points to are valid for their commands."""

from __future__ import annotations

from pathlib import Path

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
