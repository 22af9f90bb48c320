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
