"""Execute chapter notebooks with papermill, behind a content-hash cache.

A chapter is re-executed only when its notebook, its parameters, the package source or the
data changed: :func:`execution_key` hashes all four and keys ``.cache/executed/<chapter>/``.
Each execution runs in a child process (its own process group, so a time limit or an
interruption ends the kernel too) inside a temporary ``exec-<chapter>-<pid>-*`` folder;
only a complete, error-free notebook is moved into the cache, papermill's partial notebook
of a failing run never is. Folders left by a killed process are removed by the next build
(:func:`clean_stale`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..pages import params as _params
from ..pages import report as _report
from .book import PACKAGE_DIR, Book, ChapterFailed, chapter_key, pid_alive

__all__ = [
    "ExecutionRecord",
    "source_digest",
    "execution_key",
    "execute",
    "execute_many",
    "cached_record",
    "clean_stale",
    "default_timeout",
    "one_line",
]

CACHE_FORMAT = "1"
#: seconds one chapter may run (kernel start included); $SCALINGBOOK_TIMEOUT or --timeout
DEFAULT_TIMEOUT = 1200.0
_NOISE = re.compile(
    r"running over TCP without encryption|PYDEVD_DISABLE_FILE_VALIDATION|"
    r"Debugger warning|frozen modules|make the debugger|-Xfrozen_modules|^\s*$"
)


#: Run at kernel start: silence tornado's shutdown-race tracebacks ("Socket operation on
#: non-socket"), which are about the kernel's own sockets, never about a chapter.
_QUIET_TORNADO = "import logging as _l; _l.getLogger('tornado').setLevel(_l.CRITICAL); del _l"
#: The kernel's command-line options: its start-up warnings ("running over TCP without
#: encryption") are not for readers, only its errors reach the terminal; and a kernel ending
#: can race its own ZMQ sockets and log a harmless tornado traceback (cell errors reach us as
#: messages, never through that log).
_KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", f"--IPKernelApp.exec_lines={_QUIET_TORNADO}"]


def _kernel_arguments(preload: str = "") -> list[str]:
    """The kernel's options; with ``preload`` (a module, the chapter's page module), the kernel
    imports it as it starts, while this process imports papermill and reads the notebook (on
    the machine's other core) instead of in the chapter's first cells. An import that fails is
    left to the chapter's own cell, which reports it."""
    if not preload:
        return list(_KERNEL_ARGUMENTS)
    lines = (
        f"{_QUIET_TORNADO}\nimport contextlib as _c, importlib as _i\nwith _c.suppress(Exception):\n"
        f"    _i.import_module({preload!r})\ndel _c, _i"
    )
    return ["--IPKernelApp.log_level=ERROR", f"--IPKernelApp.exec_lines={lines}"]


def _end_kernel(km: Any) -> None:
    """Kill the chapter's kernel (if it still runs) and release its files and sockets.

    The kernel's process group gets SIGKILL and the process is reaped at once: jupyter_client's
    own forced shutdown first interrupts the kernel, then polls every 0.1 s for it to end."""
    from jupyter_core.utils import run_sync

    try:
        provisioner = km.provisioner
        process = getattr(provisioner, "process", None)
        if process is not None:
            run_sync(provisioner.kill)()
            process.wait(timeout=10)
            run_sync(provisioner.wait)()  # the process has ended: closes its pipes, no polling
        elif km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # already gone
        pass
    finally:
        run_sync(km.cleanup_resources)()


def default_timeout() -> float:
    try:
        return float(os.environ.get("SCALINGBOOK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def one_line(text: str, limit: int = 600) -> str:
    """A message on one line: its lines joined with ' / ', cut to ``limit`` characters."""
    parts = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    out = " / ".join(parts)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def hash_files(h: hashlib._Hash, paths: Sequence[Path], base: Path) -> None:
    for p in sorted(paths):
        h.update(str(p.relative_to(base)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")


#: Where a chapter's page module lives (``pages/<stem>.py``, named like its notebook).
_PAGES = _params.__name__.rsplit(".", 1)[0]

#: The floors a chapter's kernel imports (the build floor drives it from outside).
KERNEL_FLOORS = ("sources", "science", "pages")


def source_digest(book: Book) -> str:
    """Hash of what every chapter's execution depends on besides its notebook: the source of
    what a chapter's kernel imports (the package's top module and the floors below build:
    :data:`KERNEL_FLOORS`, with the dataset registry) and the data tables. The build floor
    (CLI, site, PDF, this module) is not part of it: editing it re-executes no chapter."""
    h = hashlib.sha256(CACHE_FORMAT.encode())
    kernel = [p for p in PACKAGE_DIR.glob("*.py")]
    for floor in KERNEL_FLOORS:
        kernel += [p for p in (PACKAGE_DIR / floor).rglob("*") if p.suffix in (".py", ".tsv")]
    hash_files(h, sorted(kernel), PACKAGE_DIR)
    if book.data_dir.exists():
        hash_files(h, [p for p in book.data_dir.rglob("*") if p.is_file()], book.data_dir)
    return h.hexdigest()


def execution_key(
    book: Book, chapter: str, values: Mapping[str, Any], sources: str | None = None, *, notebook: bytes | None = None
) -> str:
    """The cache key of one execution: a hash of the notebook, the values and the sources
    (``notebook``: the notebook's bytes, when the caller has read them already)."""
    h = hashlib.sha256()
    h.update(book.notebook(chapter).read_bytes() if notebook is None else notebook)
    h.update(json.dumps(dict(values), sort_keys=True).encode())
    h.update((sources or source_digest(book)).encode())
    return h.hexdigest()[:20]


@dataclass
class ExecutionRecord:
    """One chapter execution: where its notebook is, what it ran with, what it published."""

    chapter: str
    values: dict[str, Any]
    key: str
    notebook: Path
    seconds: float
    results: dict[str, Any] = field(default_factory=dict)
    executed_at: str = ""
    cached: bool = False
    headlines: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "chapter": self.chapter,
            "values": self.values,
            "key": self.key,
            "seconds": self.seconds,
            "results": self.results,
            "headlines": self.headlines,
            "executed_at": self.executed_at,
        }


def git_commit(root: Path) -> str:
    """The checkout's commit, with '+local changes' when tracked files differ from it;
    ``$SCALINGBOOK_GIT_COMMIT`` when set (a copy of the book outside git, such as an unpacked
    release, names the commit it was taken from)."""
    given = os.environ.get("SCALINGBOOK_GIT_COMMIT", "").strip()
    if given:
        return given
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5
        )
        commit = out.stdout.strip()
        if commit:
            dirty = subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=root,
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout.strip()
            return commit + ("+local changes" if dirty else "")
    except Exception:
        pass
    return "unknown"


# ----------------------------------------------------------------------------------------
# The child process
# ----------------------------------------------------------------------------------------


def _execute_child(
    nb_in: str, nb_out: str, values_json: str, status_path: str, cwd: str, timeout: str = "0", preload: str = ""
) -> int:
    """Papermill-execute one notebook, write a status JSON. Runs in a child process (or in
    this one for ``execute(in_process=True)``). ``timeout`` (seconds, 0: none) bounds the
    whole notebook: each cell gets what is left of it."""
    import warnings

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    warnings.filterwarnings("ignore")
    # Launch the kernel first: it boots in its own process (on the machine's other core)
    # while this one imports papermill, instead of after it. (nbclient's own kind of
    # manager, the asynchronous one: its client never blocks the loop that keeps time.)
    km = AsyncKernelManager(kernel_name="python3")
    run_sync(km.start_kernel)(cwd=cwd, extra_arguments=_kernel_arguments(preload))

    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    limit = float(timeout or 0)
    deadline = time.monotonic() + limit if limit > 0 else None
    current: dict[str, Any] = {"index": None, "count": 0, "source": ""}

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index
        if cell.get("cell_type") == "code" and "".join(cell.get("source", "")).strip():
            current["count"] += 1
        current["source"] = "".join(cell.get("source", "")).strip().splitlines()[:1]

    def cell_timeout(cell):
        return None if deadline is None else max(0.5, deadline - time.monotonic())

    def run(km: Any) -> None:
        pm.execute_notebook(
            nb_in,
            nb_out,
            parameters=json.loads(values_json),
            kernel_name="python3",
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=cwd,
            km=km,
            on_cell_start=on_cell_start,
            timeout_func=cell_timeout,
        )

    status: dict[str, Any] = {"ok": False}
    try:
        try:
            run(km)
        except RuntimeError as exc:
            # A kernel that dies as it starts, before any cell (it lost a race for one of its
            # ZMQ ports to another process starting at the same moment), has run nothing of
            # the chapter: a second kernel is started once. A chapter's own failure is never
            # retried.
            if current["index"] is not None or "Kernel died before replying to kernel_info" not in str(exc):
                raise
            _end_kernel(km)
            km = AsyncKernelManager(kernel_name="python3")
            run_sync(km.start_kernel)(cwd=cwd, extra_arguments=_kernel_arguments(preload))
            run(km)
        _hide_injected_cell(Path(nb_out))
        status["ok"] = True
    except PapermillExecutionError as exc:
        status.update(cell=exc.exec_count, cell_index=exc.cell_index, ename=exc.ename, evalue=exc.evalue)
    except CellTimeoutError:
        first = current["source"][0] if current["source"] else ""
        status.update(
            cell=current["count"],
            cell_index=current["index"],
            ename="TimeLimit",
            evalue=f"did not finish within the chapter's time limit of {limit:g} s "
            f"(cell starts '{first[:60]}'); raise it with --timeout or $SCALINGBOOK_TIMEOUT",
        )
    except Exception as exc:  # kernel died, notebook unreadable...
        status.update(cell=None, ename=type(exc).__name__, evalue=str(exc))
    finally:
        # Every output has arrived (each cell ends when the kernel reports it idle) and the
        # chapter's files are written by its cells, so the kernel is ended at once: a
        # graceful exit would only tear down its imported modules, a few tenths of a second.
        _end_kernel(km)
    Path(status_path).write_text(json.dumps(status), encoding="utf-8")
    return 0 if status["ok"] else 1


def _hide_injected_cell(path: Path) -> None:
    """Tag papermill's injected-parameters cell ``remove-cell``: the page's parameter table
    already shows every value used, and the tagged cell stays in the downloadable notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _notebook_error(path: Path) -> str | None:
    """The first error output in an executed notebook, if any (belt and braces)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except Exception as exc:
        return f"executed notebook unreadable: {exc}"
    if nb.get("metadata", {}).get("papermill", {}).get("exception"):
        return "papermill recorded an exception"
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []) or []:
            if out.get("output_type") == "error":
                return f"cell {i}: {out.get('ename')}: {one_line(out.get('evalue', ''))}"
    return None


def _run_child(args: list[str], env: dict[str, str], limit: float) -> str:
    """Run the child in its own process group; on a time limit overrun (a kernel deaf to
    nbclient's timeout) or an interruption, end the whole group. Returns its stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "scalingbook.build.execution", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    entry = (proc, getattr(_OWNER, "group", None))
    _LIVE.add(entry)
    try:
        _, err = proc.communicate(timeout=(limit + 60) if limit > 0 else None)
        return err or ""
    except BaseException:  # TimeoutExpired, KeyboardInterrupt, SystemExit
        _kill(proc)
        raise
    finally:
        _LIVE.discard(entry)


#: The running executions: (child process, the execute_many call that started it or None).
_LIVE: set[tuple[subprocess.Popen, object | None]] = set()
#: Per thread: the execute_many call this thread works for (its executions are that call's).
_OWNER = threading.local()


def _kill(proc: subprocess.Popen) -> None:
    with _suppress():
        os.killpg(proc.pid, signal.SIGKILL)
    with _suppress():
        proc.wait(timeout=10)


def kill_children(group: object | None = None) -> None:
    """End every execution this process started (and their kernels): on an interruption.
    With ``group``, only those of one :func:`execute_many` call (another thread's executions
    keep running)."""
    for proc, owner in list(_LIVE):
        if group is None or owner is group:
            _kill(proc)


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], (OSError, subprocess.TimeoutExpired))


def cached_record(
    book: Book, chapter: str, key: str, values: Mapping[str, Any] | None = None
) -> ExecutionRecord | None:
    """The cached execution of ``chapter`` under ``key`` (with the values it recorded
    unless ``values`` is given), or None."""
    cache = book.cache_dir / chapter
    nb_cached, rec_cached = cache / f"{key}.ipynb", cache / f"{key}.json"
    if not (nb_cached.exists() and rec_cached.exists()):
        return None
    try:
        rec = json.loads(rec_cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    values = rec.get("values", {}) if values is None else values
    return ExecutionRecord(
        chapter,
        dict(values),
        key,
        nb_cached,
        rec["seconds"],
        rec.get("results", {}),
        rec.get("executed_at", ""),
        cached=True,
        headlines=rec.get("headlines", []),
    )


def execute(
    book: Book,
    chapter: str,
    values: Mapping[str, Any] | None = None,
    *,
    use_cache: bool = True,
    sources: str | None = None,
    in_process: bool = False,
    timeout: float | None = None,
) -> ExecutionRecord:
    """Validate ``values``, then execute the chapter (or reuse a cached execution).

    Returns the record of a complete, error-free executed notebook in the cache. A failing
    chapter raises ChapterFailed naming the cell (the exception's message whole, on one
    line); its partial notebook is deleted. ``timeout`` (seconds; default
    $SCALINGBOOK_TIMEOUT or 1200) bounds the execution: past it the chapter fails naming
    the cell that was running. ``in_process`` runs papermill in this process (faster for a
    single execution; it sets the kernel's environment variables here, so never use it
    from several threads).
    """
    key_name = chapter_key(chapter)
    full = _params.validate(key_name, values or {})
    key = execution_key(book, key_name, full, sources)
    limit = default_timeout() if timeout is None else float(timeout)
    if use_cache:
        hit = cached_record(book, key_name, key, full)
        if hit is not None:
            return hit

    cache = book.cache_dir / key_name
    nb_cached, rec_cached = cache / f"{key}.ipynb", cache / f"{key}.json"
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"exec-{key_name}-{os.getpid()}-", dir=cache) as tmp:
        tmpdir = Path(tmp)
        out_nb, status_path, results_path = tmpdir / "out.ipynb", tmpdir / "status.json", tmpdir / "results.jsonl"
        env = dict(os.environ)
        env[_report.RESULTS_ENV] = str(results_path)
        env["SCALINGBOOK_DATA"] = str(book.data_dir)
        env["SCALINGBOOK_GIT_COMMIT"] = git_commit(book.root)
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        env["SCALINGBOOK_PARENT_PID"] = str(os.getpid())
        # let the kernel cache the package's bytecode (the next re-run imports it faster)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        start = time.perf_counter()
        args = [
            str(book.executable_notebook(key_name)),
            str(out_nb),
            json.dumps(full),
            str(status_path),
            str(book.chapters_dir),
            repr(limit),
            f"{_PAGES}.{key_name.replace('-', '_')}",
        ]
        failure_text = ""
        if in_process:
            # one execution at a time: set the kernel's environment here, skip a child process
            # (only the variables that differ change, one at a time: other threads starting
            # executions meanwhile never see the environment emptied)
            changed = {k for k in set(env) | set(os.environ) if os.environ.get(k) != env.get(k)}
            saved = {k: os.environ.get(k) for k in changed}
            for k in changed:
                if k in env:
                    os.environ[k] = env[k]
                else:
                    os.environ.pop(k, None)
            try:
                _execute_child(*args)
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
        else:
            try:
                err = _run_child(args, env, limit)
            except subprocess.TimeoutExpired:
                raise ChapterFailed(
                    key_name,
                    f"execution did not finish within the time limit of {limit:g} s "
                    "(the kernel was ended); raise it with --timeout or $SCALINGBOOK_TIMEOUT",
                ) from None
            failure_text = "\n".join(ln for ln in err.splitlines() if not _NOISE.search(ln))[-2000:]
        seconds = time.perf_counter() - start
        status = (
            json.loads(status_path.read_text())
            if status_path.exists()
            else {"ok": False, "ename": "ExecutionError", "evalue": failure_text or "no status written"}
        )
        if not status.get("ok"):
            where = f"cell [{status['cell']}]" if status.get("cell") is not None else "execution"
            raise ChapterFailed(key_name, f"{where}: {status.get('ename')}: {one_line(status.get('evalue', ''))}")
        problem = _notebook_error(out_nb)
        if problem:
            raise ChapterFailed(key_name, problem)
        results = _report.read_results(results_path)
        executed_at = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        rec = ExecutionRecord(
            key_name,
            full,
            key,
            nb_cached,
            round(seconds, 2),
            results,
            executed_at,
            headlines=_report.read_headlines(results_path),
        )
        out_nb.replace(nb_cached)
        rec_tmp = tmpdir / "rec.json"
        rec_tmp.write_text(json.dumps(rec.to_json(), indent=1), encoding="utf-8")
        rec_tmp.replace(rec_cached)
    prune_cache(cache, keep=8)
    return rec


def prune_cache(cache: Path, keep: int) -> None:
    """Keep the ``keep`` newest executions of a chapter, and always the ones a site was last
    built from (``last-build.json``, and ``last-build.*.json`` of a site built elsewhere from this
    cache, such as a test run's), so a sweep never forces the next build to re-execute."""
    pinned: set[str] = set()
    for pinned_file in cache.parent.glob("last-build*.json"):
        try:
            pinned |= set(json.loads(pinned_file.read_text()).values())
        except (OSError, ValueError):
            continue
    records = sorted(cache.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in records[keep:]:
        if old.stem in pinned:
            continue
        old.unlink(missing_ok=True)
        old.with_suffix(".ipynb").unlink(missing_ok=True)


def clean_stale(book: Book, *, max_age: float = 6 * 3600) -> list[Path]:
    """Remove ``exec-*`` folders left in the cache by a killed execution: those whose
    process is gone (the pid is in the name), and nameless old ones from before that.
    Another live execution's folder is left alone. Returns what was removed."""
    removed: list[Path] = []
    if not book.cache_dir.is_dir():
        return removed
    now = time.time()
    for d in book.cache_dir.glob("*/exec-*"):
        m = re.match(r"exec-.+?-(\d+)-[^-]+$", d.name)
        try:
            stale = (not pid_alive(int(m.group(1)))) if m else (now - d.stat().st_mtime > max_age)
        except OSError:
            continue
        if stale and d.is_dir():
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed


def execute_many(
    book: Book,
    jobs: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    n_jobs: int | None = None,
    use_cache: bool = True,
    timeout: float | None = None,
    progress: Callable[[str], None] = lambda msg: None,
    stop_on_failure: bool = True,
    on_record: Callable[[ExecutionRecord], None] | None = None,
) -> list[ExecutionRecord]:
    """Execute several (chapter, values) jobs in parallel; stops at the first failure
    (raised once the running ones end). With ``stop_on_failure=False`` every job runs and
    a failure comes back in its place as the ChapterFailed exception. ``on_record`` is called
    with each execution's record as soon as it ends (from the thread that ran it).

    All parameter sets are validated before any kernel starts. ``progress`` gets one line
    per job as ``[k/n] chapter name=value ...: seconds``.
    """
    validated = [(chapter_key(c), _params.validate(c, v)) for c, v in jobs]
    sources = source_digest(book)
    n_jobs = max(1, n_jobs or os.cpu_count() or 1)
    results: list[Any] = [None] * len(validated)
    failure: list[ChapterFailed] = []
    done = [0]
    total = len(validated)

    def work(i: int) -> None:
        if (failure and stop_on_failure) or aborted:
            return
        chapter, values = validated[i]
        _OWNER.group = group
        try:
            try:
                rec = execute(book, chapter, values, use_cache=use_cache, sources=sources, timeout=timeout)
            except ChapterFailed as exc:
                failure.append(exc)
                results[i] = exc
                done[0] += 1
                progress(f"  [{done[0]}/{total}] FAILED {chapter}: {exc.detail}")
                return
            results[i] = rec
            done[0] += 1
            how = "cached" if rec.cached else f"{rec.seconds:.1f} s"
            progress(f"  [{done[0]}/{total}] {chapter:<26} {_describe(chapter, values)}: {how}")
            if on_record is not None:
                on_record(rec)
        except BaseException:
            aborted.append(True)  # no queued job starts after this
            raise
        finally:
            _OWNER.group = None

    aborted: list[bool] = []
    group = object()  # this call's executions, ended together on an interruption
    pool = ThreadPoolExecutor(max_workers=n_jobs)
    futures = [pool.submit(work, i) for i in range(len(validated))]
    try:
        for f in futures:
            f.result()
    except BaseException:
        aborted.append(True)  # the queued jobs return at once; end the running ones
        pool.shutdown(wait=False, cancel_futures=True)
        while not all(f.done() for f in futures):
            kill_children(group)
            wait(futures, timeout=0.2)
        raise
    pool.shutdown(wait=True)
    if failure and stop_on_failure:
        raise failure[0]
    return [r for r in results if r is not None]


def _describe(chapter: str, values: Mapping[str, Any]) -> str:
    """The values differing from the defaults, as ``name=value`` (or 'defaults')."""
    defaults = {p.name: p.default for p in _params.schema(chapter)}
    diff = [f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in values.items() if defaults.get(k) != v]
    text = " ".join(diff) or "defaults"
    return text if len(text) <= 120 else text[:119] + "…"


def _die_with_parent() -> None:
    """In the child: be killed when the process that started us dies, even by SIGKILL
    (Linux prctl PR_SET_PDEATHSIG), so a killed build leaves no execution running."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    parent = os.environ.get("SCALINGBOOK_PARENT_PID")
    if parent and os.getppid() != int(parent):  # it died before prctl took effect
        os._exit(1)


if __name__ == "__main__":  # child process of execute()
    _die_with_parent()
    sys.exit(_execute_child(*sys.argv[1:8]))
