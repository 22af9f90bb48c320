"""The package's four floors import only downward: build > pages > science > sources.

The contract is import-linter's (``[tool.importlinter]`` in pyproject.toml); these tests run it
on the package and on a scratch copy into which an upward import is introduced.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path, config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT), "--config", str(config), "--no-cache"],
        cwd=src.parent,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_floors_import_only_downward():
    out = _lint(ROOT / "src", ROOT / "pyproject.toml")
    assert out.returncode == 0, f"a floor imports a floor above it:\n{out.stdout[-3000:]}{out.stderr[-2000:]}"
    assert "1 kept, 0 broken" in out.stdout


def test_the_contract_catches_an_upward_import(tmp_path):
    """A science module that imports the CLI breaks the contract (a scratch copy of the package)."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "scalingbook", src / "scalingbook", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    compute = src / "scalingbook" / "science" / "compute.py"
    compute.write_text(compute.read_text() + "\nfrom ..build import cli as _upward  # noqa: E402,F401\n")
    out = _lint(src, tmp_path / "pyproject.toml")
    assert out.returncode != 0, "an import of build from science went unnoticed"
    assert "scalingbook.science.compute -> scalingbook.build.cli" in out.stdout, out.stdout[-3000:]


def test_sources_import_no_floor_above_them(tmp_path):
    """The bottom floor: a datasets module that imports a page module breaks the contract too."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "scalingbook", src / "scalingbook", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    tables = src / "scalingbook" / "sources" / "tables.py"
    tables.write_text(tables.read_text() + "\nfrom ..science import compute as _upward  # noqa: E402,F401\n")
    out = _lint(src, tmp_path / "pyproject.toml")
    assert out.returncode != 0 and "scalingbook.sources.tables -> scalingbook.science.compute" in out.stdout, (
        out.stdout[-3000:]
    )
