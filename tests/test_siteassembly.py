"""Site assembly: the data check before executing, the generated data page, and publishing
in one atomic step, so that a kill at every step of publishing leaves a complete site and
the next build starts from a consistent state."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scalingbook.build import siteassembly
from scalingbook.build.book import Book, BuildError, check_data_tables

STEPS = ("copied", "versioned", "linked", "exchanged", "legacy-moved", "published")


def fake_site(path: Path, version: str, n: int = 30) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(f"<html>{version}</html>")
    for i in range(n):
        (path / "chapters").mkdir(exist_ok=True)
        (path / "chapters" / f"p{i}.html").write_text(f"{version} page {i}")
    return path


def site_version(html: Path) -> str | None:
    """'old' or 'new' when ``html`` is one complete site, else None."""
    index = html / "index.html"
    if not index.is_file():
        return None
    version = index.read_text()[6:9]
    pages = sorted((html / "chapters").glob("*.html"))
    if len(pages) != 30 or any(not p.read_text().startswith(version) for p in pages):
        return None
    return version


def publish_killed_at(book: Book, built: Path, step_no: int) -> int:
    """Publish ``built`` in a forked child killed (os._exit, no cleanup) at the
    ``step_no``-th checkpoint. Returns the child's exit status (0: it finished)."""
    pid = os.fork()
    if pid == 0:  # the child
        calls = [0]

        def checkpoint(step: str) -> None:
            calls[0] += 1
            if calls[0] == step_no:
                os._exit(9)

        siteassembly._checkpoint = checkpoint
        try:
            siteassembly.publish_html(built, book.html_dir)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.parametrize("legacy", [False, True], ids=["published-by-link", "legacy-folder"])
@pytest.mark.parametrize("step_no", range(1, 6))
def test_a_kill_at_every_step_of_publishing_leaves_a_complete_site(tmp_path, legacy, step_no):
    book = Book(tmp_path)
    old = fake_site(tmp_path / "old-built", "old")
    new = fake_site(tmp_path / "new-built", "new")
    if legacy:  # the site as the older pipeline published it: a real folder
        fake_site(book.html_dir, "old")
    else:
        siteassembly.publish_html(old, book.html_dir)
    code = publish_killed_at(book, new, step_no)
    assert site_version(book.html_dir) in ("old", "new"), (
        f"killed at step {step_no}: no complete site in _build/html (exit {code})"
    )
    siteassembly.recover_site(book)
    assert site_version(book.html_dir) in ("old", "new")
    leftovers = [
        p.name
        for p in book.build_dir.iterdir()
        if p.name.endswith(".partial") or p.name.startswith(".html-link") or p.name in ("html.new", "html.old")
    ]
    assert not leftovers, leftovers
    siteassembly.publish_html(new, book.html_dir)  # the next build publishes normally
    assert site_version(book.html_dir) == "new"
    assert len(siteassembly._versions(book.build_dir)) <= 2, "old versions pile up"


def test_the_older_pipelines_interrupted_publish_is_recovered(tmp_path):
    """Killed between its two renames, the old pipeline left html.old and html.new, no html."""
    book = Book(tmp_path)
    fake_site(book.build_dir / "html.old", "old")
    fake_site(book.build_dir / "html.new", "new")
    done = siteassembly.recover_site(book)
    assert site_version(book.html_dir) == "old" and done
    assert not (book.build_dir / "html.new").exists()


def test_a_site_lost_entirely_is_restored_from_its_newest_complete_version(tmp_path):
    book = Book(tmp_path)
    siteassembly.publish_html(fake_site(tmp_path / "b1", "old"), book.html_dir)
    book.html_dir.unlink()
    siteassembly.recover_site(book)
    assert site_version(book.html_dir) == "old"


def test_data_tables_are_checked_before_executing(tmp_path):
    book = Book(tmp_path)
    book.data_dir.mkdir()
    table = book.data_dir / "chinchilla_exponents.csv"
    cases = {
        "": "is empty",
        "a,b,source\n": "no rows",
        "a,b\n1,2\n": "no 'source' column",
        "a,b,source\n1,2,paper\n3,4\n": "line 3 has 2 fields",
        "a,b,source\n1,2, \n": "empty 'source'",
    }
    for text, needle in cases.items():
        table.write_text(text)
        with pytest.raises(BuildError, match=needle):
            check_data_tables(book)
    table.write_bytes(b"a,source\n\xff\xfe,x\n")
    with pytest.raises(BuildError, match="UTF-8"):
        check_data_tables(book)
    table.write_text("a,b,source\n1,2,paper\n")
    check_data_tables(book)


def test_the_books_own_data_tables_pass_the_check(book):
    check_data_tables(book)


def test_data_page_survives_an_empty_table_and_lists_the_published_datasets(tmp_path):
    book = Book(tmp_path)
    book.data_dir.mkdir()
    (book.data_dir / "empty.csv").write_text("")
    page = siteassembly.datasets_page(book)
    assert "empty.csv" in page and "| 0 |" in page, (
        "the data page must list the book's tables (no StopIteration on an empty one)"
    )
    assert "## Published datasets, fetched from their source" in page and "epoch-research/analyzing-chinchilla" in page
