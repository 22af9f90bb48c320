"""Build the book and re-run one chapter: the orchestration of the pipeline's parts.

The promises, and where each is kept:

* input is checked before any kernel starts: parameters against :mod:`scalingbook.pages.params`,
  the book's layout, each notebook's parameters cell, the data tables, the output
  location (:mod:`scalingbook.build.book`);
* one build (or ``run``, or ``sweep``) at a time in a checkout: a lock held throughout
  (:func:`scalingbook.build.book.lock`);
* a chapter is re-executed only when its notebook, parameters, the package source or the
  data changed, within a time limit, and a failure names the chapter and the cell
  (:mod:`scalingbook.build.execution`);
* the published site ``_build/html`` is replaced, in one atomic step, only by a complete,
  warning-free Sphinx build; the pins of what it was built from (``last-build.json``) are
  written after it is published, and ``.stage`` is put back when a build fails
  (:mod:`scalingbook.build.siteassembly`);
* ``run`` writes its files into ``--out`` only when everything succeeded
  (:mod:`scalingbook.build.standalone` renders the page); sweeps live in :mod:`scalingbook.build.sweeps`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..pages import params as _params
from ..pages import report as _report
from . import ledger
from .book import (
    Book,
    BuildError,
    BuildLocked,
    ChapterFailed,
    chapter_key,
    check_data_tables,
    check_layout,
    check_notebook_schema,
    check_output_dir,
    lock,
    notebook_parameters,
    start_holding_lock,
)
from .execution import (
    ExecutionRecord,
    cached_record,
    clean_stale,
    execute,
    execute_many,
    execution_key,
    source_digest,
)
from .siteassembly import EarlySite, build_site, read_pins, recover_site, sphinx_jobs, stage, write_pins
from .standalone import notebook_body, standalone_html, warm_standalone
from .sweeps import expand_grid, sweep

__all__ = [
    "Book",
    "BuildError",
    "BuildLocked",
    "ChapterFailed",
    "ExecutionRecord",
    "BuildSummary",
    "notebook_parameters",
    "check_notebook_schema",
    "chapter_key",
    "execute",
    "execute_many",
    "execution_key",
    "source_digest",
    "expand_grid",
    "build",
    "run",
    "sweep",
    "headline_lines",
]

_notebook_body = notebook_body  # the names the tests knew


@dataclass
class BuildSummary:
    records: list[ExecutionRecord]
    site_rebuilt: bool
    seconds: float


def build(
    book: Book | None = None,
    *,
    only: Sequence[str] | None = None,
    parameter_sets: Mapping[str, Mapping[str, Any]] | None = None,
    n_jobs: int | None = None,
    use_cache: bool = True,
    timeout: float | None = None,
    lock_wait: float | None = None,
    progress: Callable[[str], None] = print,
    early: EarlySite | None = None,
) -> BuildSummary:
    """Execute the chapters (only those changed) and build the site.

    ``only`` restricts execution to some chapters; the others keep their last executed
    notebook (executed now if none exists), so the site is always whole. Everything is
    checked before any kernel starts; the whole build holds the checkout's lock.

    When two or more chapters will execute and Sphinx builds on one process, Sphinx starts beside the
    executions (:class:`scalingbook.build.siteassembly.EarlySite`) and reads each chapter as its
    execution ends; ``early`` is one the caller started already (it is used, then ended).
    """
    book = book or Book.default()
    start = time.perf_counter()
    check_layout(book)
    sets = {chapter_key(k): dict(v) for k, v in (parameter_sets or {}).items()}
    chapters = _params.chapter_names()
    selected = [chapter_key(c) for c in only] if only else chapters
    for c in chapters:
        check_notebook_schema(book, c)
    for c in chapters:
        _params.validate(c, sets.get(c, {}))
    check_data_tables(book)
    with lock(book, "build", wait=lock_wait, progress=progress):
        for done in recover_site(book):
            progress(f"Recovered from an interrupted build: {done}")
        clean_stale(book)
        jobs = [(c, sets.get(c, {})) for c in selected]
        # Sphinx starts now, while the chapters execute, when two or more will (a first build, a
        # change to the package): with one, the site would not wait for much
        if early is None and sphinx_jobs() == 1 and _to_execute(book, jobs, use_cache) >= EARLY_SPHINX_FROM:
            early = EarlySite(book)
        # As each chapter's execution ends: Sphinx reads it (when started early), and its claims
        # records for the ledger page are computed here, on a thread, from the analyses its run
        # has just cached (they are kept in memory for the staging that follows)
        claims = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claims")
        ledger_cached = ledger.records_cached()

        def read(rec: ExecutionRecord) -> None:
            if early is not None:
                early.read_chapter(rec)
            if not ledger_cached:
                claims.submit(_warm_claims, rec.chapter)

        bundle = None
        try:
            # the Vega bundle (vl-convert: 1.5 s of CPU the first time, most of it holding Python's
            # lock) is made by another process while the chapters execute
            bundle = _start_vega_bundle(book)
            progress(f"Executing {len(selected)} chapter(s) with {n_jobs or os.cpu_count()} job(s)")
            records = {
                r.chapter: r
                for r in execute_many(
                    book, jobs, n_jobs=n_jobs, use_cache=use_cache, timeout=timeout, progress=progress, on_record=read
                )
            }
            rest = [c for c in chapters if c not in records]
            if rest:
                for r in execute_many(
                    book,
                    [(c, _last_values(book, c, sets.get(c))) for c in rest],
                    n_jobs=n_jobs,
                    timeout=timeout,
                    progress=progress,
                    on_record=read,
                ):
                    records[r.chapter] = r
            ordered = [records[c] for c in chapters]
            if bundle is not None:
                bundle.wait()  # a failure is reported when staging makes it again
            claims.shutdown(wait=True)
            try:
                digest = stage(book, ordered)
                progress("Building the site (Jupyter Book, warnings as errors)")
                rebuilt = build_site(book, digest, progress=progress, early=early)
            except BaseException:
                _restage_published(book)
                raise
        finally:
            claims.shutdown(wait=False, cancel_futures=True)
            if bundle is not None and bundle.poll() is None:
                bundle.kill()
                bundle.wait()
            if early is not None:
                early.stop()  # a no-op once it has built the site
        write_pins(book, ordered)  # only now: the pins name what the published site shows
    seconds = time.perf_counter() - start
    progress(("Site built" if rebuilt else "Site already up to date") + f": {book.html_dir / 'index.html'}")
    progress(
        f"Done in {seconds:.1f} s: {sum(not r.cached for r in ordered)} executed, "
        f"{sum(r.cached for r in ordered)} from cache"
    )
    return BuildSummary(ordered, rebuilt, seconds)


def _warm_claims(chapter: str) -> None:
    """Compute ``chapter``'s claim records (its page module keeps them in memory); an error is
    left to the staging of the ledger page, which computes them again and reports it."""
    from ..pages import claims

    try:
        claims.chapter_claims(chapter)
    except Exception:
        pass


def _start_vega_bundle(book: Book) -> subprocess.Popen | None:
    """Start making the Vega bundle :func:`stage` copies, in a process of its own (None when it
    is made already)."""
    from ..pages import vega

    if vega.vega_bundle_written(book.root / ".cache"):
        return None
    cmd = [sys.executable, "-m", "scalingbook.pages.vega", str(book.root / ".cache")]
    return start_holding_lock(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


#: How many chapters must execute for a build to start Sphinx beside them (:class:`EarlySite`).
EARLY_SPHINX_FROM = 2


def _to_execute(book: Book, jobs: Sequence[tuple[str, Mapping[str, Any]]], use_cache: bool) -> int:
    """How many of ``jobs`` are not in the execution cache (and so will execute)."""
    if not use_cache:
        return len(jobs)
    sources = source_digest(book)
    count = 0
    for chapter, values in jobs:
        key = chapter_key(chapter)
        full = _params.validate(key, values)
        count += cached_record(book, key, execution_key(book, key, full, sources), full) is None
    return count


def _restage_published(book: Book) -> None:
    """Put ``.stage`` back to what the published site was built from (after a failed or
    interrupted build), when those executions are still in the cache."""
    pins = read_pins(book)
    try:
        records = [cached_record(book, c, pins[c]) for c in _params.chapter_names()]
        if all(records):
            stage(book, records)  # type: ignore[arg-type]
    except Exception:
        pass  # best effort: the next build stages again


def _last_values(book: Book, chapter: str, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """For chapters outside ``--only``: the parameters of the published site's execution,
    else of their newest cached execution."""
    if given:
        return dict(given)
    pinned = read_pins(book).get(chapter)
    recs = sorted((book.cache_dir / chapter).glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    if pinned:
        recs = [book.cache_dir / chapter / f"{pinned}.json"] + recs
    for path in recs:
        try:
            values = json.loads(path.read_text()).get("values", {})
            return _params.validate(chapter, values)
        except (OSError, ValueError, _params.ParameterError):
            continue
    return {}


# ----------------------------------------------------------------------------------------
# One chapter with new parameters
# ----------------------------------------------------------------------------------------


def headline_lines(rec: ExecutionRecord) -> list[str]:
    """The chapter's headline numbers as terminal lines: label, value and unit."""
    out = []
    for h in rec.headlines:
        text = _report.Headline(h["name"], h["value"], h.get("unit", ""), h.get("label", "")).text().strip("*")
        out.append(f"  {text}")
    return out


def write_outputs(out: Path, files: Mapping[str, tuple[Path, bytes]]) -> None:
    """Write every file into ``out`` or none: staged in a temporary folder inside ``out``,
    then renamed into place. On a write failure (a full disk, say) what was written is
    removed, with ``out`` itself if this call created it, and BuildError says why."""
    _clean_stale_runs(out)
    created = []
    p = out.absolute()
    while not p.exists():
        created.append(p)
        p = p.parent
    moved: list[Path] = []
    tmp = out / f".run-{os.getpid()}-{time.time_ns()}"
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        staged = []
        for dest, data in files.values():
            t = tmp / dest.name
            t.write_bytes(data)
            staged.append((t, dest))
        for t, dest in staged:
            t.replace(dest)
            moved.append(dest)
    except OSError as exc:
        for dest in moved:
            dest.unlink(missing_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
        for d in created:  # innermost first
            try:
                d.rmdir()
            except OSError:
                break
        raise BuildError(
            f"could not write the run's files into {out}: {exc.strerror or exc}; nothing was left there"
        ) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(tmp, ignore_errors=True)


def _clean_stale_runs(out: Path) -> None:
    """Remove the ``.run-<pid>-*`` folders a killed ``run`` left in ``out``."""
    import re

    from .book import pid_alive

    if not out.is_dir():
        return
    for d in out.glob(".run-*"):
        m = re.match(r"\.run-(\d+)-", d.name)
        if m and not pid_alive(int(m.group(1))) and d.is_dir():
            shutil.rmtree(d, ignore_errors=True)


def run(
    chapter: str,
    values: Mapping[str, Any] | None = None,
    *,
    out_dir: str | Path | None = None,
    book: Book | None = None,
    timeout: float | None = None,
    progress: Callable[[str], None] = print,
) -> dict[str, Path]:
    """Execute one chapter with ``values`` and write its executed notebook, a standalone
    HTML page, its published results and its parameters into ``out_dir``; print the
    chapter's headline numbers.

    Everything is checked before the kernel starts (parameters, the book, the output
    folder); nothing is written to ``out_dir`` unless the whole execution succeeded.
    """
    import yaml

    book = book or Book.default()
    key = chapter_key(chapter)
    full = _params.validate(key, values or {})
    check_layout(book, [key])
    check_notebook_schema(book, key)
    out = Path(out_dir) if out_dir else book.root / "runs" / key
    check_output_dir(out)
    check_data_tables(book)
    with lock(book, f"run of {key}", progress=progress):
        clean_stale(book)
        progress(f"Executing {key} ...")
        # The standalone page's Markdown renderer is imported while the kernel works, not after.
        threading.Thread(target=warm_standalone, daemon=True).start()
        rec = execute(book, key, full, in_process=True, timeout=timeout)
    progress(f"  {key}: {'cached' if rec.cached else f'{rec.seconds:.1f} s'}")
    stem = key.replace("-", "_")
    page = standalone_html(
        rec.notebook,
        f"{key} ({_report.rerun_command(key, full)})",
        book.root / ".cache",
        bibfile=book.root / "references.bib",
    )
    files = {
        "notebook": (out / f"{stem}.ipynb", rec.notebook.read_bytes()),
        "html": (out / f"{stem}.html", page.encode()),
        "results": (out / "results.json", json.dumps(rec.results, indent=1).encode()),
        "parameters": (out / "parameters.yaml", yaml.safe_dump(full, sort_keys=False).encode()),
    }
    write_outputs(out, files)
    lines = headline_lines(rec)
    if lines:
        progress("Headline numbers:")
        for line in lines:
            progress(line)
    progress(f"Wrote {files['html'][0]} and {files['notebook'][0]}")
    return {name: dest for name, (dest, _) in files.items()}
