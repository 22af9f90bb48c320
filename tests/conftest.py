"""Shared fixtures: the repository's book, two chapter runners, one built site per pytest run.

What a test costs is decided by the fixtures it asks for, and a test is marked by them:

* ``run_chapter(chapter, values)``: the chapter executed as the book executes it (papermill in
  a fresh kernel, through the pipeline's execution cache in the checkout's ``.cache``). Marks
  the test ``slow``.
* ``run_in_process(chapter, values)``: the chapter's code cells run in this process through one
  shared IPython shell (no kernel start, no imports after the first run): each cell as a
  kernel runs it, its displayed values rendered, a raised exception or a display error
  failing the run. A second or less per run; for many points. Marks the test ``slow``.
* ``site`` (or any fixture that builds the site): the book's site, built once per pytest run
  outside the checkout's own ``_build`` (``book`` publishes into a temporary folder).
  ``pipeline.build(book)`` called again finds it up to date. Marks the test ``slow``;
  ``chromium`` marks it ``browser`` too.

So ``make test-fast`` (``-m "not slow and not browser"``) never starts a kernel, Sphinx or a
browser, and a new test is cheap unless it asks for one of these.

The executions a run needs are known when the tests are collected: a test module may define
``planned_chapter_runs(params) -> [(chapter, values), ...]`` (``params``: the test's
parameters, e.g. ``{"chapter": ...}``), and the site needs every chapter at its defaults.
They start at once in two background workers, on the core the in-process tests leave idle,
and the tests that need them run last (:func:`pytest_collection_modifyitems`); ``run_chapter``
then waits for the planned execution instead of starting its own.
"""

from __future__ import annotations

import os

# One BLAS thread per process, set before NumPy loads: the suite runs two workers, with kernels and
# browsers beside them, on two cores, and OpenBLAS's own threads only fight them for the cores
# (tests/test_fitting.py took 68 s of CPU with them, 16 s without).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import json
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from scalingbook import pipeline
from scalingbook.build.book import Book, ChapterFailed, read_notebook

# Property tests check identities, not speed: no per-example deadline on a shared 2-core machine.
settings.register_profile("book", deadline=None, max_examples=100)
settings.load_profile("book")

ROOT = Path(__file__).resolve().parents[1]

# The real datasets come from the offline mirror beside the checkout when it exists (as in CI);
# a value already set (e.g. by .ci/run) wins.
_MIRROR = ROOT.parent / "shared" / "datasets"
if _MIRROR.is_dir():
    os.environ.setdefault("SCALINGBOOK_DATA_MIRROR", str(_MIRROR))


# ------------------------------------------------------------------------------ the book


@dataclass(frozen=True)
class OutsideBook(Book):
    """The checkout's book (its sources and execution cache), building its site into ``out``
    instead of the checkout's ``_build``: a test run never replaces the site a reader built,
    and its lock never makes a build or run in the checkout wait."""

    out: Path = Path()

    @property
    def stage_dir(self) -> Path:
        return self.out / ".stage"

    @property
    def sphinx_out(self) -> Path:
        return self.out / ".cache" / "sphinx"

    @property
    def build_dir(self) -> Path:
        return self.out / "_build"

    @property
    def pins_file(self) -> Path:
        # Beside the checkout's own pins, where pruning the shared execution cache sees it: an
        # execution this run's site was built from is never pruned while the run needs it.
        return self.cache_dir / f"last-build.tests-{os.getpid()}.json"

    @property
    def lock_file(self) -> Path:
        return self.out / ".cache" / "build.lock"


#: Where this pytest run builds its site (created on first use, removed at the end of the run).
_OUT = Path(tempfile.gettempdir()) / f"scalingbook-tests-{os.getpid()}"
BOOK = OutsideBook(ROOT, out=_OUT / "book")


@pytest.fixture(scope="session")
def book() -> pipeline.Book:
    return BOOK


# ------------------------------------------------------------------ planned executions


def _key(chapter: str, values: dict | None) -> tuple[str, str]:
    from scalingbook import params

    name = pipeline.chapter_key(chapter)
    return name, json.dumps(params.validate(name, values or {}), sort_keys=True, default=str)


class _Planned:
    """Executions started before the tests that need them: futures by (chapter, values)."""

    def __init__(self) -> None:
        self.pool: ThreadPoolExecutor | None = None
        self.futures: dict[tuple[str, str], Future] = {}
        self.site: Future | None = None
        self.early: Any = None
        self.lock = threading.Lock()

    def start(self, runs: list[tuple[str, dict]], with_site: bool) -> None:
        from scalingbook import params

        if with_site:
            runs = [(c, {}) for c in params.chapter_names()] + runs
        if not runs:
            return
        if with_site:
            from scalingbook.build import siteassembly

            # Sphinx starts now, as in a first build: it reads the pages no execution changes
            # while the chapters execute (at low priority) and builds the site after them
            if siteassembly.sphinx_jobs() == 1:
                self.early = siteassembly.EarlySite(BOOK)
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="planned-execution")
        n_defaults = len(params.chapter_names()) if with_site else 0
        for i, (chapter, values) in enumerate(runs):
            key = _key(chapter, values)
            if key not in self.futures:
                self.futures[key] = self.pool.submit(pipeline.execute, BOOK, chapter, values)
            if with_site and i == n_defaults - 1:
                # The site next, before the other executions: the tests that read it (browsers,
                # the PDF) are the longest, and they run first in the book's group.
                defaults = [self.futures[_key(c, {})] for c in params.chapter_names()]
                self.site = self.pool.submit(self._build_site, defaults)

    def _build_site(self, defaults: list[Future]) -> Path:
        for f in defaults:  # submitted earlier: running or done, never queued behind this job
            f.exception()
        pipeline.build(BOOK, progress=lambda m: None, early=self.early)
        return BOOK.html_dir

    def execution(self, chapter: str, values: dict | None) -> Future | None:
        return self.futures.get(_key(chapter, values))

    def stop(self) -> None:
        if self.early is not None:
            self.early.stop()  # a no-op once it has built the site
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            from scalingbook.build import execution

            execution.kill_children()


PLANNED = _Planned()


@pytest.fixture(scope="session")
def run_chapter(book):
    """Execute a chapter (through the pipeline's cache) and return its ExecutionRecord."""

    def _run(chapter: str, values: dict | None = None) -> pipeline.ExecutionRecord:
        planned = PLANNED.execution(chapter, values)
        if planned is not None:
            return planned.result()
        return pipeline.execute(book, chapter, values or {})

    return _run


@pytest.fixture(scope="session")
def built_site(book) -> Path:
    """The book's site (``_build/html`` of ``book``), built once per pytest run."""
    if PLANNED.site is not None:
        return PLANNED.site.result()
    pipeline.build(book, progress=lambda m: None)
    return book.html_dir


@pytest.fixture(scope="session")
def copy_built_book(built_site, book) -> Callable[[Path], Book]:
    """``copy_built_book(dest)``: a private copy of the book in ``dest`` as if it had been built
    there (sources, the executions the site shows, the staged sources, Sphinx's output and the
    published site), for a test that must change it. Building it again with nothing changed
    executes nothing and skips Sphinx.

    Its status page names the commit the session's site names (``$SCALINGBOOK_GIT_COMMIT``,
    set by the caller for the copy's builds: the copy is outside git)."""
    import re

    def copy(dest: Path) -> Book:
        target = copy_book(dest)
        pins = json.loads(book.pins_file.read_text())
        for chapter, key in pins.items():
            (target.cache_dir / chapter).mkdir(parents=True, exist_ok=True)
            for suffix in (".ipynb", ".json"):
                shutil.copy2(book.cache_dir / chapter / f"{key}{suffix}", target.cache_dir / chapter / f"{key}{suffix}")
        shutil.copy2(book.pins_file, target.pins_file)
        shutil.copytree(book.stage_dir, target.stage_dir)
        shutil.copytree(book.sphinx_out, target.sphinx_out)
        shutil.copytree(book.build_dir, target.build_dir, symlinks=True)
        return target

    status = (book.stage_dir / "status.md").read_text(encoding="utf-8")
    copy.commit = re.search(r"Source commit: `([^`]*)`", status).group(1)  # type: ignore[attr-defined]
    return copy


BOOK_ITEMS = ["_config.yml", "_toc.yml", "references.bib", "_static", "chapters", "data"]


def copy_book(dest: Path, with_cache_from: Path | None = None) -> pipeline.Book:
    """A copy of the book's sources in ``dest`` (with the execution cache of ``with_cache_from``)."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in BOOK_ITEMS + [p.name for p in ROOT.glob("*.md") if p.name != "README.md"]:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dest / item)
        elif src.exists():
            shutil.copy2(src, dest / item)
    if with_cache_from is not None and (with_cache_from / ".cache" / "executed").exists():
        shutil.copytree(with_cache_from / ".cache" / "executed", dest / ".cache" / "executed")
    return pipeline.Book(dest)


# ------------------------------------------------------------------ the in-process runner


@dataclass
class InProcessRun:
    """One chapter run in this process: what it published and what each cell displayed."""

    chapter: str
    values: dict[str, Any]
    results: dict[str, Any] = field(default_factory=dict)
    headlines: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)


class _InProcessRunner:
    """Runs a chapter's code cells in one IPython shell shared by the whole session, as a
    kernel runs them: the parameters cell, then papermill's injected values, then the rest;
    each cell's last expression and every ``display(...)`` formatted by IPython (charts to
    their HTML, tables and headlines to theirs). A cell that raises, or a value that fails to
    render, fails the run naming the cell. Charts are built as in a kernel (by
    :mod:`scalingbook.pages.vegalite`, unchecked as they are made), and each spec shown is checked
    against Altair's Vega-Lite schema by the compiled validator (tests/vegalite_schema.py): an
    invalid chart fails the run."""

    def __init__(self) -> None:
        self.shell = None
        self.cells: dict[str, list] = {}

    def _start(self):
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config
        from vegalite_schema import schema_error

        from scalingbook.pages import charts, vegalite

        class Shell(InteractiveShell):
            errors: list = []

            def _showtraceback(self, etype, evalue, stb):
                Shell.errors.append(f"{etype.__name__}: {evalue}")

        config = Config()
        config.HistoryManager.enabled = False
        self.shell = Shell.instance(config=config)

        def checked_chart(chart):
            spec = chart.to_dict(validate=False)
            error = schema_error(spec)
            if error is not None:
                raise ValueError(f"chart {spec.get('description', '')[:60]!r} is not valid Vega-Lite: {error}")
            return charts._renderer(spec)

        self.shell.display_formatter.mimebundle_formatter.for_type(vegalite.TopLevel, checked_chart)
        return self.shell

    def close(self) -> None:
        if self.shell is not None:
            type(self.shell).clear_instance()
            self.shell = None

    def __call__(self, chapter: str, values: dict | None = None) -> InProcessRun:
        from IPython.core.displayhook import CapturingDisplayHook
        from IPython.core.displaypub import CapturingDisplayPublisher
        from papermill.translators import translate_parameters

        from scalingbook import params, report

        name = pipeline.chapter_key(chapter)
        full = params.validate(name, values or {})
        if name not in self.cells:
            nb = read_notebook(BOOK.notebook(name))
            self.cells[name] = [c for c in nb.cells if c.cell_type == "code"]
        shell = self.shell or self._start()
        shell.reset(new_session=False)
        run = InProcessRun(name, full)
        shell.display_pub = CapturingDisplayPublisher()
        shell.display_pub.outputs = run.outputs
        shell.display_trap.hook = CapturingDisplayHook(shell=shell, outputs=run.outputs)
        saved = {k: os.environ.get(k) for k in (report.RESULTS_ENV, "SCALINGBOOK_DATA")}
        with tempfile.TemporaryDirectory(prefix="in-process-") as tmp:
            results = Path(tmp) / "results.jsonl"
            os.environ[report.RESULTS_ENV] = str(results)
            os.environ["SCALINGBOOK_DATA"] = str(BOOK.data_dir)
            try:
                injected = translate_parameters("python3", "python", full, "Parameters")
                for number, cell in enumerate(self.cells[name], start=1):
                    sources = [cell.source]
                    if "parameters" in cell.metadata.get("tags", []):
                        sources.append(injected)
                    for source in sources:
                        type(shell).errors.clear()
                        outcome = shell.run_cell(source, store_history=False)
                        errors = list(type(shell).errors)
                        if outcome.error_before_exec is not None:
                            errors.append(f"{type(outcome.error_before_exec).__name__}: {outcome.error_before_exec}")
                        if errors:
                            first = source.strip().splitlines()[0][:60] if source.strip() else ""
                            raise ChapterFailed(name, f"code cell {number} (starts '{first}'): {errors[0]}")
                run.results = report.read_results(results)
                run.headlines = report.read_headlines(results)
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
        return run


@pytest.fixture(scope="session")
def run_in_process():
    """``run_in_process(chapter, values)``: the chapter's code cells run in this process (see
    :class:`_InProcessRunner`); returns an :class:`InProcessRun`."""
    runner = _InProcessRunner()
    yield runner
    runner.close()


# ------------------------------------------------------------------ browser


@pytest.fixture(scope="session")
def chromium():
    """Start Debian's headless Chromium under Selenium: ``chromium(width, height)`` returns a
    driver (no network, browser console logged). Without chromium and chromedriver the test is
    skipped, and fails under CI, which must have them (.ci/run installs them)."""
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
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            f"--window-size={width},{height}",
        ):
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


# ------------------------------------------------------------------ marks and order

#: Fixtures that make a test slow: they start kernels, run whole chapters, or build the site.
SLOW_FIXTURES = {"run_chapter", "run_in_process", "built_site", "site", "copy_built_book", "built_copy", "chromium"}
#: Fixtures that need the built site (the site tests run after everything else).
SITE_FIXTURES = {"built_site", "site", "copy_built_book", "built_copy"}


def _stage(item: pytest.Item) -> int:
    """When a test runs: 0 cheap, 1 slow or in-process chapters, 2 executions, 3 the built site."""
    names = set(item.fixturenames)
    if names & SITE_FIXTURES:
        return 3
    if "run_chapter" in names:
        return 2
    return 1 if "run_in_process" in names or item.get_closest_marker("slow") else 0


def _shares_a_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a fixture made once per module or class: its module then stays on
    one worker, where that fixture is made once; any other test is handed out on its own, so the
    two workers finish together."""
    defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", None)
    if defs is None:
        return True
    return any(d.scope in ("module", "class", "package") for fds in defs.values() for d in fds)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark tests by the fixtures they use (before ``-m`` selects), and run the cheap ones first
    while the planned executions and the site build in the background. A module moves as a
    whole (its module-scoped fixtures are made once), to its latest test's stage."""
    for item in items:
        names = set(item.fixturenames)
        if names & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if "chromium" in names:
            item.add_marker(pytest.mark.browser)
    stage: dict[str, int] = {}
    for item in items:
        stage[item.nodeid.split("::")[0]] = max(stage.get(item.nodeid.split("::")[0], 0), _stage(item))
    if _WORKER:
        # Under pytest-xdist (make test: -n 2 --dist loadgroup): the tests that execute chapters or
        # need the site form one group, run by one worker (one site, one set of executions, started
        # when that worker reaches them) and scheduled first; every other test is a group of its own
        # (or of its module's, if they share a module fixture), the slow ones first, spread over
        # both workers while the executions run.
        for item in items:
            module = item.nodeid.split("::")[0]
            group = BOOK_GROUP if _stage(item) >= 2 else module if _shares_a_fixture(item) else item.nodeid
            item.add_marker(pytest.mark.xdist_group(group))
        items.sort(key=lambda item: (_stage(item) < 2, -stage[item.nodeid.split("::")[0]]))
    else:
        items.sort(key=lambda item: stage[item.nodeid.split("::")[0]])  # stable: order kept within a stage


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup``, handing the groups out in the order of the collection (the book's
    group first, then the slow modules, the cheap ones last to fill the gaps) instead of
    pytest-xdist's own order, the groups with the most tests first (which left a minute of
    in-process chapter runs, six tests, for the end)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class CollectionOrder(LoadGroupScheduling):
        ordered = False

        def _assign_work_unit(self, node):
            if not self.ordered:
                rank = {}
                for nodeid in self.collection:
                    rank.setdefault(self._split_scope(nodeid), len(rank))
                for scope in sorted(self.workqueue, key=lambda s: rank.get(s, len(rank))):
                    self.workqueue.move_to_end(scope)
                self.ordered = True
            super()._assign_work_unit(node)

    return CollectionOrder(config, log)


#: Set in a pytest-xdist worker ("gw0", "gw1"...).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
#: Under pytest-xdist: the group of the tests that execute chapters or need the site.
BOOK_GROUP = "book"
_PLAN: list = []


def pytest_collection_finish(session):
    """Start the executions the selected tests will need, and the site build if one needs it
    (in an xdist worker: when it runs its first test of the book's group)."""
    if session.config.option.collectonly or os.environ.get("SCALINGBOOK_TEST_PLAN") == "0":
        return
    runs: list[tuple[str, dict]] = []
    with_site = False
    for item in session.items:
        names = set(item.fixturenames)
        with_site = with_site or bool(names & SITE_FIXTURES)
        plan = getattr(getattr(item, "module", None), "planned_chapter_runs", None)
        if plan is not None and "run_chapter" in names:
            runs += plan(dict(getattr(getattr(item, "callspec", None), "params", {})))
    if _WORKER:
        _PLAN[:] = [(runs, with_site)]
    else:
        PLANNED.start(runs, with_site)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _PLAN and any(m.args[:1] == (BOOK_GROUP,) for m in item.iter_markers("xdist_group")):
        runs, with_site = _PLAN.pop()
        PLANNED.start(runs, with_site)


def pytest_sessionfinish(session, exitstatus):
    PLANNED.stop()


def pytest_unconfigure(config):
    shutil.rmtree(_OUT, ignore_errors=True)
    BOOK.pins_file.unlink(missing_ok=True)
    from scalingbook.build.book import pid_alive

    for pins in BOOK.cache_dir.glob("last-build.tests-*.json"):  # left by a killed run
        pid = pins.stem.rsplit("-", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            pins.unlink(missing_ok=True)
