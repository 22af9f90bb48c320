"""Assemble the site: stage the sources, generate three pages, build with Sphinx, publish.

* Jupyter Book never sees ``_build/``: the book's pages, configuration and the executed
  notebooks are staged in ``.stage/`` and the site is built from there (Jupyter Book 1.x
  excludes ``_build`` from its sources).
* Sphinx runs with ``-W -n --keep-going``: a warning fails the build.
* Publishing is one atomic step: the new site is copied to a fresh versioned folder
  ``_build/html-v<stamp>`` and the symbolic link ``_build/html`` is swapped to it with one
  ``rename``. At every instant ``_build/html`` is a complete site (the old or the new one);
  :func:`recover_site` repairs what an interrupted publish of any version left.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..pages import params as _params
from ..pages import report as _report
from . import ledger
from .book import BOOK_FILES, Book, BuildError, run_holding_lock
from .execution import ExecutionRecord, git_commit, hash_files
from .jupyterbook import READY

__all__ = [
    "stage",
    "stage_sources",
    "EarlySite",
    "early_documents",
    "build_site",
    "publish_html",
    "recover_site",
    "status_page",
    "glance_page",
    "datasets_page",
]

_VERSION_PREFIX = "html-v"


def _write_if_changed(dest: Path, data: bytes) -> None:
    """Write only when the bytes differ, so unchanged files keep their timestamps and
    Sphinx's incremental build skips them."""
    if dest.exists() and dest.read_bytes() == data:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(dest)


def _book_pages(book: Book) -> list[Path]:
    pages = [book.root / f for f in BOOK_FILES if (book.root / f).exists()]
    pages += [p for p in book.root.glob("*.md") if p.name not in ("README.md", "status.md")]
    static = book.root / "_static"
    if static.exists():
        pages += [p for p in static.rglob("*") if p.is_file()]
    return pages


# ----------------------------------------------------------------------------------------
# Generated pages
# ----------------------------------------------------------------------------------------


def status_page(records: Sequence[ExecutionRecord], commit: str) -> str:
    """The status page: environment, and per chapter its parameters and execution time."""
    lines = [
        "(status)=",
        "# Build status",
        "",
        "Each chapter page was executed by `scalingbook build` with the parameters below; the "
        "time is the wall-clock execution of its notebook (kernel start included) when it was "
        "last executed. A chapter is re-executed only when its notebook, its parameters, the "
        "package source or the data changed.",
        "",
        "| chapter | executed | seconds | parameters differing from the defaults |",
        "|---|---|---|---|",
    ]
    for r in records:
        defaults = {p.name: p.default for p in _params.schema(r.chapter)}
        diff = ", ".join(f"`{k}={v!r}`" for k, v in r.values.items() if defaults.get(k) != v) or "defaults"
        nb = r.chapter.replace("-", "_")
        lines.append(f"| {{doc}}`chapters/{nb}` | {r.executed_at} | {r.seconds:.1f} | {diff} |")
    lines += ["", f"Source commit: `{commit}`.", "", "| software | version |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _report.versions().items()]
    return "\n".join(lines) + "\n"


def glance_page(records: Sequence[ExecutionRecord]) -> str:
    """The book's answers at a glance: every chapter's published headline numbers."""
    lines = [
        "(glance)=",
        "# The answers at a glance",
        "",
        "Each chapter ends its opening with the numbers that answer its question, computed by the "
        "package with the chapter's parameters (defaults unless the status page says otherwise). "
        "They are collected here; follow the link for the argument, the assumptions and the claims "
        "each number was checked against.",
        "",
    ]

    def title(r: ExecutionRecord) -> str:
        """The chapter's own title (its notebook's first "# " heading), so the page's contents
        list reads "What does pretraining cost?", not "chapters/pretraining_cost"."""
        import re

        try:
            cells = json.loads(Path(r.notebook).read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            cells = []
        for c in cells:
            m = (
                re.search(r"^#\s+(.+?)\s*$", "".join(c.get("source", "")), re.M)
                if c.get("cell_type") == "markdown"
                else None
            )
            if m:
                return m.group(1)
        return r.chapter.replace("-", " ").capitalize()

    for r in records:
        nb = r.chapter.replace("-", "_")
        lines += [f"## {title(r)}", "", f"{{doc}}`Read the chapter <chapters/{nb}>`", ""]
        for h in r.headlines:
            lines.append(
                "- "
                + _report.Headline(h["name"], h["value"], h.get("unit", ""), h.get("label", ""))
                .text()
                .replace("**", "", 2)
                .replace("**", "")
                + f" (`{h['name']}`)"
            )
        if not r.headlines:
            lines.append("- (this chapter publishes no headline number)")
        lines.append("")
    lines.append("`scalingbook sweep CHAPTER -f grid.yaml` collects the same numbers over a grid of parameters.")
    return "\n".join(lines) + "\n"


def datasets_page(book: Book) -> str:
    """The Data page: the published datasets the book fetches (:mod:`scalingbook.sources.datasets`),
    then the book's own small tables with download links and credits (:mod:`scalingbook.pages.datapage`)."""
    from ..pages import datapage

    return datapage.datasets_page_markdown(datapage.small_tables_markdown(book.data_dir))


def ledger_page(book: Book, static_dir: Path, wanted: set[Path]) -> str:
    """The claims ledger page, with its CSV and JSON downloads written into ``static_dir``
    (added to ``wanted``)."""
    claims = ledger.records()
    wanted.update(ledger.write_downloads(claims, static_dir))
    return ledger.page_markdown(claims, book.root, ledger.bib_keys(book.root))


# ----------------------------------------------------------------------------------------
# Staging
# ----------------------------------------------------------------------------------------


def stage_sources(book: Book, *, bundle: bool = True) -> set[Path]:
    """Lay out in ``.stage`` what no execution changes: the book's pages, configuration and
    static files, the Data page, the data tables and (unless ``bundle`` is False) the Vega
    bundle. Returns the paths written (files already equal are left untouched, timestamps and
    all)."""
    from ..pages import vega

    sd = book.stage_dir
    wanted: set[Path] = set()
    for src in _book_pages(book):
        dest = sd / src.relative_to(book.root)
        _write_if_changed(dest, src.read_bytes())
        wanted.add(dest)
    _write_if_changed(sd / "datasets.md", datasets_page(book).encode())
    wanted.add(sd / "datasets.md")
    for table in sorted(book.data_dir.glob("*.csv")) + [book.data_dir / "README.md"]:
        if table.exists():
            dest = sd / "data" / table.name
            _write_if_changed(dest, table.read_bytes())
            wanted.add(dest)
    if bundle:
        made = vega.write_vega_bundle(book.root / ".cache")  # one copy, shared with `run`
        dest = sd / "_static" / made.name
        _write_if_changed(dest, made.read_bytes())
        wanted.add(dest)
    return wanted


def stage(book: Book, records: Sequence[ExecutionRecord]) -> str:
    """Lay out the book's sources with executed notebooks in ``.stage``; return its digest."""
    sd = book.stage_dir
    wanted = stage_sources(book)
    for rec in records:
        dest = sd / "chapters" / rec.notebook.name.replace(rec.key, rec.chapter.replace("-", "_"))
        _write_if_changed(dest, rec.notebook.read_bytes())
        wanted.add(dest)
    generated = {
        "status.md": status_page(records, git_commit(book.root)),
        "glance.md": glance_page(records),
    }
    generated[ledger.PAGE] = ledger_page(book, sd / "_static", wanted)
    for name, text in generated.items():
        _write_if_changed(sd / name, text.encode())
        wanted.add(sd / name)
    for p in list(sd.rglob("*")):
        if p.is_file() and p not in wanted:
            p.unlink()
    h = hashlib.sha256()
    hash_files(h, sorted(wanted), sd)
    return h.hexdigest()


# ----------------------------------------------------------------------------------------
# Sphinx and publishing
# ----------------------------------------------------------------------------------------


def sphinx_jobs() -> int:
    """How many processes Sphinx reads and writes the pages with: ``$SCALINGBOOK_SPHINX_JOBS``
    (a whole number, 1 or more), by default 1. Measured on this book (2 cores), two processes
    were no faster and used more CPU: one page, the API reference, is most of the reading, and
    Sphinx resolves every page in its main process before handing pages out to be written.
    Raises ParameterError for any other value."""
    text = os.environ.get("SCALINGBOOK_SPHINX_JOBS", "").strip()
    if not text:
        return 1
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise _params.ParameterError(
            f"SCALINGBOOK_SPHINX_JOBS must be a whole number of processes, 1 or more; got '{_params.shorten(text)}'"
        )
    return jobs


def _sphinx_command(book: Book, jobs: int, early: Sequence[str] | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scalingbook.build.jupyterbook",
        str(jobs),
        *(["--early", ",".join(early)] if early is not None else []),
        "build",
        str(book.stage_dir),
        "--path-output",
        str(book.sphinx_out),
        "-W",
        "-n",
        "--keep-going",
        "--builder",
        "html",
    ]


def early_documents(book: Book) -> list[str]:
    """The pages Sphinx can read before any chapter has executed: the book's own pages in its
    table of contents and the Data page, but not the root page (its table of contents names
    the chapters) nor the pages generated from the executions (status, glance, claims)."""
    import yaml

    def files(node: object) -> list[str]:
        if isinstance(node, dict):
            here = [str(node["file"])] if "file" in node else []
            return here + [f for v in node.values() for f in files(v)]
        if isinstance(node, list):
            return [f for v in node for f in files(v)]
        return []

    try:
        toc = yaml.safe_load((book.root / "_toc.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    listed = {Path(f).with_suffix("").as_posix() for f in files(toc)}
    own = {p.stem for p in _book_pages(book) if p.suffix == ".md" and p.parent == book.root} | {"datasets"}
    generated = {"status", "glance", Path(ledger.PAGE).stem}
    return sorted((listed & own) - generated)


def _stage_placeholders(book: Book) -> None:
    """Stand-ins for the staged files that do not exist yet (a first build's chapters, generated
    pages and Vega bundle), so that Sphinx set up early sees the book it will build: a page read
    early finds the files its links name (MyST resolves a link to a page by the file's existence
    when it reads the link), and Jupyter Book finds the bundle among the scripts it lists.
    :func:`stage` replaces each one before the rest of the book is read."""
    from ..pages import vega

    sd = book.stage_dir
    names = [f"chapters/{c.replace('-', '_')}.ipynb" for c in _params.chapter_names()]
    names += ["status.md", "glance.md", ledger.PAGE]
    # Jupyter Book lists every script in _static when it sets Sphinx up: the bundle must be there
    names += [f"_static/{vega.BUNDLE_NAME}"]
    for name in names:
        dest = sd / name
        if dest.exists():
            continue
        if dest.suffix == ".ipynb":
            text = json.dumps(
                {
                    "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Being executed"}],
                    "metadata": {},
                    "nbformat": 4,
                    "nbformat_minor": 5,
                }
            )
        elif dest.suffix == ".js":
            text = "/* the Vega bundle, being made */\n"
        else:
            text = "# Being built\n"
        _write_if_changed(dest, text.encode())


class EarlySite:
    """Sphinx started while the chapters execute: it imports itself and the extensions and reads
    the pages no execution changes (:func:`early_documents`) at low priority, then waits
    (:mod:`scalingbook.build.jupyterbook`, ``--early``). :meth:`finish` lets it build the site
    once everything is staged; :meth:`stop` ends it unused. Like :func:`run_holding_lock`, it runs
    in its own process group, dies with this process and holds the checkout's lock with it."""

    def __init__(self, book: Book) -> None:
        import subprocess
        import tempfile
        import threading

        from .book import start_holding_lock

        self.book = book
        self._lock = threading.Lock()
        stage_sources(book, bundle=False)  # Sphinx needs the bundle only when it copies the static files
        _stage_placeholders(book)
        book.sphinx_out.mkdir(parents=True, exist_ok=True)
        self._out = tempfile.TemporaryFile("w+", encoding="utf-8", dir=book.sphinx_out)
        self._err = tempfile.TemporaryFile("w+", encoding="utf-8", dir=book.sphinx_out)
        self.cmd = _sphinx_command(book, 1, early_documents(book))
        self.proc = start_holding_lock(self.cmd, stdin=subprocess.PIPE, stdout=self._out, stderr=self._err, text=True)

    def read_chapter(self, rec: ExecutionRecord) -> None:
        """Stage the chapter ``rec`` executed and have Sphinx read it now, while the other
        chapters execute (safe from several threads; a Sphinx that has ended is left alone:
        :meth:`finish` reports why)."""
        name = rec.chapter.replace("-", "_")
        dest = self.book.stage_dir / "chapters" / rec.notebook.name.replace(rec.key, name)
        with self._lock:
            _write_if_changed(dest, rec.notebook.read_bytes())
            try:
                self.proc.stdin.write(f"read chapters/{name}\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass

    def waiting(self) -> bool:
        """Whether it has read its pages and waits for :meth:`finish`."""
        fd = self._out.fileno()
        return READY in os.pread(fd, os.fstat(fd).st_size, 0).decode("utf-8", "replace")

    def finish(self):
        """Build the staged site now; returns the completed process (its output as text)."""
        import subprocess

        try:
            with self._lock:
                try:
                    self.proc.stdin.write("go\n")
                    self.proc.stdin.close()
                except (BrokenPipeError, OSError, ValueError):
                    pass  # it ended early: its output says why
            code = self.proc.wait()
        except BaseException:
            self.stop()
            raise
        out, err = self._output()
        return subprocess.CompletedProcess(self.cmd, code, out, err)

    def stop(self) -> None:
        """End it, unused (at once: it has written nothing the next build relies on)."""
        import signal
        import subprocess

        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._output()

    def _output(self) -> tuple[str, str]:
        texts = []
        for f in (self._out, self._err):
            if f.closed:
                texts.append("")
                continue
            f.seek(0)
            texts.append(f.read())
            f.close()
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        return texts[0], texts[1]


def build_site(
    book: Book,
    digest: str,
    *,
    force: bool = False,
    progress: Callable[[str], None] = print,
    early: EarlySite | None = None,
) -> bool:
    """Build the staged book with Jupyter Book (warnings are errors); publish it atomically.
    ``early``: the Sphinx started while the chapters executed, which builds it instead.

    Returns False when the site already matches the staged sources (nothing to do).
    """
    marker = book.sphinx_out / "built-digest"
    if not force and marker.exists() and marker.read_text() == digest and (book.html_dir / "index.html").exists():
        if early is not None:
            early.stop()
        return False
    jobs = sphinx_jobs()
    cmd = _sphinx_command(book, jobs)
    marker.unlink(missing_ok=True)  # an interrupted build must not look up to date
    if early is not None and jobs == 1:
        proc = early.finish()
    else:
        if early is not None:
            early.stop()
        proc = run_holding_lock(cmd)  # never left running beside the next build, even if we are killed
    log = book.sphinx_out / "build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(proc.stdout + "\n" + proc.stderr, encoding="utf-8")
    built = book.sphinx_out / "_build" / "html"
    if proc.returncode != 0 or not (built / "index.html").exists():
        warnings = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "WARNING" in ln or "ERROR" in ln]
        detail = "\n".join(warnings[:20]) or (proc.stderr or proc.stdout)[-2000:]
        raise BuildError(f"Jupyter Book build failed (log: {log}); the previous site is unchanged:\n{detail}")
    publish_html(built, book.html_dir)
    marker.write_text(digest)
    return True


def _checkpoint(step: str) -> None:
    """A point between two steps of publishing (tests kill the process here)."""


def _versions(build_dir: Path) -> list[Path]:
    return sorted(
        (
            p
            for p in build_dir.glob(_VERSION_PREFIX + "*")
            if p.is_dir() and not p.is_symlink() and not p.name.endswith(".partial")
        ),
        key=lambda p: p.name,
    )


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish_html(built: Path, html_dir: Path) -> Path:
    """Publish a copy of ``built`` as the site ``html_dir`` in one atomic step.

    The copy goes to ``html-v<stamp>.partial``, is renamed complete, and a symbolic link
    made beside ``html_dir`` replaces it with one ``os.replace``. Older versions are removed
    afterwards (the one just replaced is kept, for a reader in the middle of a page).
    Returns the new version's folder.
    """
    build_dir = html_dir.parent
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
    final = build_dir / f"{_VERSION_PREFIX}{stamp}"
    partial = final.with_name(final.name + ".partial")
    shutil.copytree(built, partial, symlinks=True)
    _checkpoint("copied")
    os.rename(partial, final)
    _checkpoint("versioned")
    link = build_dir / f".html-link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(final.name, link)
    _checkpoint("linked")
    if html_dir.is_dir() and not html_dir.is_symlink():
        # a site published by an older version of the pipeline: a real folder. Swap it with
        # the link atomically when the system can; otherwise two renames (once, ever).
        if not _exchange(link, html_dir):
            legacy = build_dir / f"{_VERSION_PREFIX}00000000-legacy-{os.getpid()}"
            os.rename(html_dir, legacy)
            _checkpoint("legacy-moved")
            os.replace(link, html_dir)
        else:
            _checkpoint("exchanged")
            shutil.rmtree(link, ignore_errors=True)  # now the old folder
    else:
        os.replace(link, html_dir)
    _checkpoint("published")
    _remove_old_versions(build_dir, html_dir, keep_previous=1)
    return final


def _current_version(html_dir: Path) -> Path | None:
    if html_dir.is_symlink():
        return (html_dir.parent / os.readlink(html_dir)).resolve()
    return None


def _remove_old_versions(build_dir: Path, html_dir: Path, keep_previous: int) -> None:
    current = _current_version(html_dir)
    older = [v for v in _versions(build_dir) if v.resolve() != current]
    for v in older[: max(0, len(older) - keep_previous)]:
        shutil.rmtree(v, ignore_errors=True)


def recover_site(book: Book) -> list[str]:
    """Make ``_build/html`` a complete site again after an interrupted publish, and remove
    the leftovers (partial copies, spare links, the older pipeline's ``html.new`` /
    ``html.old``). Returns what was done, for the log."""
    build_dir, html_dir = book.build_dir, book.html_dir
    done: list[str] = []
    if not build_dir.is_dir():
        return done
    complete = [v for v in _versions(build_dir) if (v / "index.html").is_file()]
    ok = (html_dir / "index.html").is_file()
    if not ok:
        legacy_old, legacy_new = build_dir / "html.old", build_dir / "html.new"
        if html_dir.is_symlink():
            html_dir.unlink()
        if complete:
            link = build_dir / f".html-link-{os.getpid()}"
            link.unlink(missing_ok=True)
            os.symlink(complete[-1].name, link)
            if html_dir.exists() and not html_dir.is_symlink():
                shutil.rmtree(html_dir)  # an incomplete real folder
            os.replace(link, html_dir)
            done.append(f"restored the site from {complete[-1].name}")
        elif (legacy_old / "index.html").is_file() and not html_dir.exists():
            os.rename(legacy_old, html_dir)
            done.append("restored the site from html.old")
        elif (legacy_new / "index.html").is_file() and not html_dir.exists():
            os.rename(legacy_new, html_dir)
            done.append("restored the site from html.new")
    for p in list(build_dir.iterdir()):
        if p.name.endswith(".partial") or p.name.startswith(".html-link-") or p.name in ("html.new", "html.old"):
            if p.is_symlink() or p.is_file():
                p.unlink()
            else:
                shutil.rmtree(p, ignore_errors=True)
            done.append(f"removed {p.name}")
    if (html_dir / "index.html").is_file():
        _remove_old_versions(build_dir, html_dir, keep_previous=1)
    return done


def read_pins(book: Book) -> dict[str, str]:
    try:
        return dict(json.loads(book.pins_file.read_text()))
    except (OSError, ValueError, TypeError):
        return {}


def write_pins(book: Book, records: Sequence[ExecutionRecord]) -> None:
    """Pin the executions the published site was built from (never pruned from the cache)."""
    book.pins_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = book.pins_file.with_name(book.pins_file.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({r.chapter: r.key for r in records}, indent=1), encoding="utf-8")
    tmp.replace(book.pins_file)
