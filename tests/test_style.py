"""The code's habits, checked by ruff with the project's configuration (pyproject.toml): line
length, import order, unused names and imports, modern syntax."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_finds_nothing():
    out = subprocess.run(
        [str(RUFF), "check", "--no-cache", "src", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, f"ruff check:\n{out.stdout[-4000:]}{out.stderr[-1000:]}"


def test_ruff_format_leaves_the_code_as_it_is():
    out = subprocess.run(
        [str(RUFF), "format", "--check", "--no-cache", "src", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, f"ruff format --check:\n{out.stdout[-4000:]}{out.stderr[-1000:]}"
