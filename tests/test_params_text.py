"""`scalingbook params CHAPTER` fits the terminal: the table wraps its long cells inside their
columns, and on a narrow terminal each parameter becomes a block of lines."""

from __future__ import annotations

import re

import pytest

from scalingbook import params
from scalingbook.build import cli


@pytest.mark.parametrize("width", [50, 80, 120, 200])
@pytest.mark.parametrize("chapter", params.chapter_names())
def test_params_fit_the_terminal_and_name_every_parameter(monkeypatch, capsys, chapter, width):
    monkeypatch.setenv("COLUMNS", str(width))
    assert cli.main(["params", chapter]) == 0
    out = capsys.readouterr().out
    wide = [line for line in out.splitlines() if len(line) > width and " " in line.strip()]
    assert not wide, f"{chapter} at {width} columns: lines wider than the terminal: {wide[:2]}"
    flat = re.sub(r"\s+", " ", out)
    for p in params.schema(chapter):
        assert re.search(rf"(^|\s){re.escape(p.name)}(\s|$)", out), f"{chapter}: {p.name} missing at {width} columns"
        words = p.allowed().split()
        assert all(w in flat for w in words), f"{chapter}: allowed values of {p.name} missing at {width} columns"
