"""scalingbook.pages.cache.cached_result: results no parameter enters, kept on disk by source digest."""

from __future__ import annotations

from pathlib import Path

from scalingbook.pages import cache as chapters


def test_cached_result_computes_once_per_source_digest(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "datasets"))
    calls = []

    def compute():
        calls.append(1)
        return {"verdict": "reproduces", "n": len(calls)}

    monkeypatch.setattr(chapters, "source_digest", lambda: "a" * 64)
    assert chapters.cached_result("x", compute) == {"verdict": "reproduces", "n": 1}
    assert chapters.cached_result("x", compute) == {"verdict": "reproduces", "n": 1} and len(calls) == 1
    monkeypatch.setattr(chapters, "source_digest", lambda: "b" * 64)
    assert not chapters.result_path("x").is_file(), "result_path names the current source's file"
    assert chapters.cached_result("x", compute)["n"] == 2, "a change to the code or data computes afresh"
    assert chapters.result_path("x").is_file() and not chapters.result_path("x", key="k").is_file()


def test_the_build_knows_when_the_claims_ledger_is_cached(tmp_path, monkeypatch):
    """The build computes the chapters' claim records beside their executions only when the
    ledger's records are not cached (a rebuild with nothing changed reads them)."""
    from scalingbook.build import ledger

    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "datasets"))
    monkeypatch.setattr(chapters, "source_digest", lambda: "c" * 64)
    monkeypatch.setattr(ledger._claims, "ledger", lambda: [])
    assert not ledger.records_cached()
    assert ledger.records() == []
    assert ledger.records_cached()


def test_only_the_newest_versions_of_a_result_are_kept(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "datasets"))
    for i, digest in enumerate("abcde"):
        monkeypatch.setattr(chapters, "source_digest", lambda d=digest: d * 64)
        chapters.cached_result("z", lambda: i)
        chapters.cached_result("z-other", lambda: i)  # a longer name is another result
        for f in (tmp_path / "pages").glob(f"*-{digest * 24}.npz"):
            os.utime(f, (1000 + i, 1000 + i))
    kept = sorted(f.name for f in (tmp_path / "pages").glob("z-" + "?" * 24 + ".npz"))
    assert kept == [f"z-{d * 24}.npz" for d in "cde"], kept
    assert len(list((tmp_path / "pages").glob("z-other-*.npz"))) == chapters.KEEP_VERSIONS


def test_a_keyed_result_is_kept_per_key_and_only_the_most_recently_used(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "datasets"))
    monkeypatch.setattr(chapters, "source_digest", lambda: "d" * 64)
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert chapters.cached_result("k", lambda: compute(1.0), key="1.0") == 1.0
    assert chapters.cached_result("k", lambda: compute(2.0), key="2.0") == 2.0, "another key is another result"
    assert chapters.cached_result("k", lambda: compute(-1), key="1.0") == 1.0 and calls == [1.0, 2.0]
    chapters.cached_result("k", lambda: 0, key="")  # the unkeyed result of the same name is apart
    pages = tmp_path / "pages"
    for i in range(chapters.KEEP_KEYED + 3):
        chapters.cached_result("k", lambda i=i: i, key=f"sweep {i}")
        for f in pages.glob("k-*-*.npz"):  # each file's time: the step it was last used at
            if f.stat().st_mtime > 2000 + i:
                os.utime(f, (2000 + i, 2000 + i))
    keyed = list(pages.glob("k-" + "?" * 24 + "-" + "?" * 12 + ".npz"))
    assert len(keyed) == chapters.KEEP_KEYED, sorted(f.name for f in keyed)
    assert chapters.cached_result("k", lambda: "again", key="1.0") == "again", "the oldest key was removed"
    assert len(list(pages.glob("k-" + "?" * 24 + ".npz"))) == 1, "pruning keyed results left the unkeyed one"


def test_a_corrupt_cached_result_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "datasets"))
    monkeypatch.setattr(chapters, "source_digest", lambda: "c" * 64)
    chapters.cached_result("y", lambda: 1)
    (f,) = (tmp_path / "pages").glob("y-*.npz")
    f.write_bytes(b"not a pickle")
    assert chapters.cached_result("y", lambda: 2) == 2


def test_source_digest_covers_the_package_and_the_data_tables():
    d = chapters.source_digest()
    assert len(d) == 64 and d == chapters.source_digest()


def test_source_digest_covers_every_floor_a_page_imports_and_not_the_build_floor(monkeypatch, tmp_path):
    """A copy of the package: an edit below the build floor changes the digest, an edit to the
    build floor (which no page imports) does not."""
    import shutil

    root = Path(chapters.__file__).resolve().parents[1]
    copy = tmp_path / "scalingbook"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__"))
    fake = copy / "pages" / "cache.py"

    def digest() -> str:
        chapters._DIGEST.clear()
        monkeypatch.setattr(chapters, "__file__", str(fake))
        return chapters.source_digest()

    try:
        before = digest()
        (copy / "build" / "cli.py").write_text((copy / "build" / "cli.py").read_text() + "\n# edit\n")
        assert digest() == before, "an edit to the build floor changed the pages' digest"
        for floor in ("science/laws.py", "sources/tables.py", "pages/format.py", "__init__.py"):
            (copy / floor).write_text((copy / floor).read_text() + "\n# edit\n")
            after = digest()
            assert after != before, f"an edit to {floor} left the pages' digest unchanged"
            before = after
    finally:
        chapters._DIGEST.clear()
