"""The package's map: a real top-level __all__, a cheap import, and an API page that builds
with Sphinx warnings as errors (api.md, autodoc with the book's own settings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

import scalingbook

ROOT = Path(__file__).resolve().parents[1]


def test_every_name_in_all_resolves():
    for name in scalingbook.__all__:
        assert getattr(scalingbook, name) is not None, f"scalingbook.{name} is listed in __all__ but missing"
    assert callable(scalingbook.publish)
    assert set(scalingbook.MODULES) <= set(dir(scalingbook))


def test_every_public_module_is_in_all():
    """Every module of the science and sources floors, and the shared modules of the pages floor,
    are reachable as ``scalingbook.<name>``; chapter page modules and the build floor's machinery
    are reached through their floor (``scalingbook.pages.loss_scaling``, ``scalingbook.build.book``)."""
    src = ROOT / "src" / "scalingbook"
    from scalingbook.pages import claims

    chapters = {m.rsplit(".", 1)[1] for m in claims.CHAPTER_MODULES.values()}
    machinery = {
        "cache",
        "vega",
        "vegalite",
        "datapage",
        "book",
        "execution",
        "siteassembly",
        "jupyterbook",
        "standalone",
        "sweeps",
        "site",
        "ledger",
        "lab",
        "plot",
        "slides",
        "arrays",
        "datafiles",
    }
    tracked = subprocess.run(["git", "ls-files", "src/scalingbook"], cwd=ROOT, capture_output=True, text=True).stdout
    committed = {Path(p).relative_to("src/scalingbook") for p in tracked.split() if p.endswith(".py")}
    public = {p.stem for p in committed if len(p.parts) == 2 and p.stem != "__init__"} - chapters - machinery
    missing = sorted(public - set(scalingbook.MODULES))
    assert not missing, f"public modules missing from scalingbook.__all__: {missing}"
    floors = {p.parts[0] for p in committed if len(p.parts) == 2}
    for name, floor in scalingbook.MODULES.items():
        assert floor in floors and (src / floor / f"{name}.py").is_file(), f"scalingbook.{name} is not on {floor}/"


def test_import_scalingbook_is_cheap():
    code = (
        "import sys, scalingbook; heavy = [m for m in ('pandas', 'numpy', 'altair', 'scipy', 'scalingbook.pages.report') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"import scalingbook imported {out}: modules must load on first use"


def test_api_page_builds_with_warnings_as_errors(built_site):
    """api.md is built with the rest of the site, under the book's autodoc settings and -W -n
    (a warning fails the site build): its page documents the package's names."""
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]
    assert {"sphinx.ext.autodoc", "sphinx.ext.napoleon"} <= set(cfg["extra_extensions"])
    html = (built_site / "api.html").read_text(encoding="utf-8")
    for name in ("training_run", "ChinchillaLaw", "training_run_calculator", "accelerator"):
        assert 'id="scalingbook.' in html and name in html, f"{name} missing from the API page"


def test_glance_page_contents_list_shows_chapter_titles(tmp_path):
    """The glance page's headings (its contents list) are the chapters' titles, not their paths."""
    import json

    from scalingbook.build import siteassembly
    from scalingbook.build.execution import ExecutionRecord

    nb = tmp_path / "pretraining_cost.ipynb"
    nb.write_text(
        json.dumps(
            {
                "cells": [
                    {"cell_type": "markdown", "source": ["(pretraining-cost)=\n", "# What does pretraining cost?\n"]}
                ]
            }
        )
    )
    rec = ExecutionRecord(
        chapter="pretraining-cost",
        values={},
        key="k",
        notebook=nb,
        seconds=1.0,
        headlines=[{"name": "days", "value": 246.0, "unit": "days", "label": "Training time"}],
    )
    page = siteassembly.glance_page([rec])
    headings = [ln for ln in page.splitlines() if ln.startswith("## ")]
    assert headings == ["## What does pretraining cost?"], headings
    assert "{doc}`Read the chapter <chapters/pretraining_cost>`" in page
