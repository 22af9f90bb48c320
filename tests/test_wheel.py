"""The package works installed from a wheel, outside the checkout: it finds its data tables
(installed under <prefix>/share/scalingbook/data) and the dataset registry it ships."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_finds_its_data_tables(tmp_path):
    src = tmp_path / "project"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "data", src / "data")
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
        check=True,
        capture_output=True,
        text=True,
    )
    wheel = next(dist.glob("scalingbook-*.whl"))
    # Install by hand, as pip would into <prefix>: never through pip here, which would uninstall
    # the checkout's editable scalingbook from the shared virtual environment.
    prefix = tmp_path / "prefix"
    site_packages = prefix / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    with zipfile.ZipFile(wheel) as whl:
        whl.extractall(site_packages)
    for data in site_packages.glob("scalingbook-*.data/data"):
        shutil.copytree(data, prefix, dirs_exist_ok=True)
    code = (
        "import scalingbook, scalingbook.sources.tables as d, scalingbook.science.hardware as hw; "
        "print(scalingbook.__file__); print(d.data_dir()); "
        "print(hw.accelerator('H100').peak_flops); print(len(d.read_table('gpu_specs')))"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(site_packages), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"the installed wheel fails outside the checkout:\n{proc.stderr[-3000:]}"
    module, data_dir, peak, rows = proc.stdout.split()
    assert Path(module).is_relative_to(site_packages), f"imported {module}, not the wheel"
    assert Path(data_dir) == prefix / "share" / "scalingbook" / "data", f"data_dir() is {data_dir}"
    assert float(peak) == 989.4e12, "H100 dense BF16 peak from the installed gpu_specs.csv (NVIDIA datasheet)"
    assert int(rows) > 0
    assert (site_packages / "scalingbook" / "sources" / "datasets_files.tsv").is_file(), (
        "the dataset registry ships in the wheel"
    )
