"""Shared fixtures: the repository's book and a cached chapter executor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from scalingbook import pipeline

# Property tests check identities, not speed: no per-example deadline on a shared 2-core machine.
settings.register_profile("book", deadline=None, max_examples=100)
settings.load_profile("book")

ROOT = Path(__file__).resolve().parents[1]

# The real datasets come from the offline mirror beside the checkout when it exists (as in CI);
# a value already set (e.g. by .ci/run) wins.
_MIRROR = ROOT.parent / "shared" / "datasets"
if _MIRROR.is_dir():
    os.environ.setdefault("SCALINGBOOK_DATA_MIRROR", str(_MIRROR))


@pytest.fixture(scope="session")
def book() -> pipeline.Book:
    return pipeline.Book(ROOT)


@pytest.fixture(scope="session")
def run_chapter(book):
    """Execute a chapter (through the pipeline's cache) and return its ExecutionRecord."""

    def _run(chapter: str, values: dict | None = None) -> pipeline.ExecutionRecord:
        return pipeline.execute(book, chapter, values or {})

    return _run


@pytest.fixture(scope="session")
def chromium():
    """Start Debian's headless Chromium under Selenium: ``chromium(width, height)`` returns a
    driver (no network, browser console logged). Without chromium and chromedriver the test is
    skipped, and fails under CI, which must have them (.ci/run installs them)."""
    import shutil

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    started = []

    def start(width: int = 1280, height: int = 2000):
        if not (browser and driver_path):
            if os.environ.get("CI"):
                pytest.fail("CI must have Debian's chromium and chromium-driver (.ci/run installs them)")
            pytest.skip("chromium/chromedriver not installed (make test installs them as root)")
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        opts = webdriver.ChromeOptions()
        opts.binary_location = browser
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", f"--window-size={width},{height}"):
            opts.add_argument(arg)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        d = webdriver.Chrome(service=Service(driver_path), options=opts)
        d.set_page_load_timeout(60)
        d.set_window_size(width, height)
        started.append(d)
        return d

    yield start
    for d in started:
        try:
            d.quit()
        except Exception:
            pass
