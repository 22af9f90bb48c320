"""Execute chapters with papermill and build the site with Jupyter Book, atomically.

The pipeline's promises:

* parameters are validated against :mod:`scalingbook.params` before any kernel starts;
* a chapter is re-executed only when its notebook, its parameters, the package source or the
  data changed (a content hash keys an execution cache in ``.cache/executed``);
* a failing chapter stops the build naming the chapter and the failing cell; papermill's
  partial notebook is never staged, and the published site (``_build/html``) is replaced only
  by a complete, warning-free Sphinx build;
* Jupyter Book never sees ``_build/``: executed notebooks are staged in ``.stage/`` next to
  the book's pages and configuration, and the site is built from there.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import params as _params
from . import report as _report

__all__ = [
    "Book",
    "BuildError",
    "ChapterFailed",
    "ExecutionRecord",
    "notebook_parameters",
    "execute",
    "build",
    "run",
    "sweep",
]

CACHE_FORMAT = "1"
PACKAGE_DIR = Path(__file__).resolve().parent
BOOK_FILES = ("_config.yml", "_toc.yml", "references.bib")


class BuildError(RuntimeError):
    """The book could not be built; the message says which step and why."""


class ChapterFailed(BuildError):
    """A chapter's notebook raised while executing."""

    def __init__(self, chapter: str, detail: str):
        super().__init__(f"chapter '{chapter}' failed: {detail}")
        self.chapter = chapter
        self.detail = detail


@dataclass(frozen=True)
class Book:
    """Where the book's sources, caches, staging area and site live."""

    root: Path

    @classmethod
    def default(cls) -> "Book":
        env = os.environ.get("SCALINGBOOK_ROOT")
        return cls(Path(env).resolve() if env else PACKAGE_DIR.parents[1])

    @property
    def chapters_dir(self) -> Path:
        return self.root / "chapters"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache" / "executed"

    @property
    def stage_dir(self) -> Path:
        return self.root / ".stage"

    @property
    def sphinx_out(self) -> Path:
        return self.root / ".cache" / "sphinx"

    @property
    def html_dir(self) -> Path:
        return self.root / "_build" / "html"

    def notebook(self, chapter: str) -> Path:
        key = chapter_key(chapter)
        return self.chapters_dir / (key.replace("-", "_") + ".ipynb")


def chapter_key(chapter: str) -> str:
    """The CLI name of ``chapter`` (accepts underscores); unknown names raise ParameterError."""
    _params.schema(chapter)
    return chapter.replace("_", "-")


# ----------------------------------------------------------------------------------------
# Parameters cell
# ----------------------------------------------------------------------------------------

def notebook_parameters(path: str | Path) -> dict[str, tuple[str, Any]]:
    """The parameters cell of a notebook: name -> (annotation, default value).

    Raises BuildError when the notebook has no cell tagged ``parameters`` or the cell holds
    anything but annotated assignments of literals.
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise BuildError(f"{path}: expected exactly one cell tagged 'parameters', found {len(cells)}")
    source = "".join(cells[0]["source"])
    out: dict[str, tuple[str, Any]] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None):
            raise BuildError(f"{path}: the parameters cell may hold only lines like 'name: type = value'")
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            raise BuildError(
                f"{path}: parameter '{node.target.id}' must be a plain literal, not '{ast.unparse(node.value)}'"
            ) from None
        out[node.target.id] = (ast.unparse(node.annotation), value)
    return out


def check_notebook_schema(book: Book, chapter: str) -> None:
    """The notebook's parameters cell must list the schema's names, types and defaults."""
    declared = notebook_parameters(book.notebook(chapter))
    for p in _params.schema(chapter):
        if p.name not in declared:
            raise BuildError(f"chapter '{chapter}': parameters cell lacks '{p.name}' of the schema")
        annotation, default = declared[p.name]
        if annotation != p.kind.__name__ or default != p.default or type(default) is not p.kind:
            raise BuildError(
                f"chapter '{chapter}': parameters cell has '{p.name}: {annotation} = {default!r}', "
                f"schema says '{p.name}: {p.kind.__name__} = {p.default!r}'"
            )
    extra = sorted(set(declared) - {p.name for p in _params.schema(chapter)})
    if extra:
        raise BuildError(f"chapter '{chapter}': parameters cell has '{extra[0]}', which the schema lacks")


# ----------------------------------------------------------------------------------------
# Execution with a content-hash cache
# ----------------------------------------------------------------------------------------

def _hash_files(h: "hashlib._Hash", paths: Sequence[Path], base: Path) -> None:
    for p in sorted(paths):
        h.update(str(p.relative_to(base)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")


def source_digest(book: Book) -> str:
    """Hash of what every chapter's execution depends on besides its notebook: the package
    source and the data tables."""
    h = hashlib.sha256(CACHE_FORMAT.encode())
    _hash_files(h, [p for p in PACKAGE_DIR.rglob("*.py")], PACKAGE_DIR)
    if book.data_dir.exists():
        _hash_files(h, [p for p in book.data_dir.rglob("*") if p.is_file()], book.data_dir)
    return h.hexdigest()


def execution_key(book: Book, chapter: str, values: Mapping[str, Any], sources: str | None = None) -> str:
    h = hashlib.sha256()
    h.update(book.notebook(chapter).read_bytes())
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


def _git_commit(root: Path) -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5)
        commit = out.stdout.strip()
        if commit:
            dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                   capture_output=True, text=True, timeout=5).stdout.strip()
            return commit + ("+local changes" if dirty else "")
    except Exception:
        pass
    return "unknown"


def _execute_child(nb_in: str, nb_out: str, values_json: str, status_path: str, cwd: str) -> int:
    """Run inside a child process: papermill-execute one notebook, write a status JSON."""
    import warnings

    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    warnings.filterwarnings("ignore")
    status: dict[str, Any] = {"ok": False}
    try:
        pm.execute_notebook(
            nb_in, nb_out, parameters=json.loads(values_json), kernel_name="python3",
            progress_bar=False, request_save_on_cell_execute=False, cwd=cwd,
        )
        _hide_injected_cell(Path(nb_out))
        status["ok"] = True
    except PapermillExecutionError as exc:
        status.update(cell=exc.exec_count, cell_index=exc.cell_index, ename=exc.ename, evalue=exc.evalue)
    except Exception as exc:  # kernel died, notebook unreadable...
        status.update(cell=None, ename=type(exc).__name__, evalue=str(exc))
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
                return f"cell {i}: {out.get('ename')}: {out.get('evalue')}"
    return None


def execute(
    book: Book,
    chapter: str,
    values: Mapping[str, Any] | None = None,
    *,
    use_cache: bool = True,
    sources: str | None = None,
    in_process: bool = False,
) -> ExecutionRecord:
    """Validate ``values``, then execute the chapter (or reuse a cached execution).

    Returns the record of a complete, error-free executed notebook in the cache. A failing
    chapter raises ChapterFailed naming the cell; its partial notebook is deleted.
    ``in_process`` runs papermill in this process (faster for a single execution; it sets
    the kernel's environment variables here, so never use it from several threads).
    """
    key_name = chapter_key(chapter)
    full = _params.validate(key_name, values or {})
    key = execution_key(book, key_name, full, sources)
    cache = book.cache_dir / key_name
    nb_cached, rec_cached = cache / f"{key}.ipynb", cache / f"{key}.json"
    if use_cache and nb_cached.exists() and rec_cached.exists():
        rec = json.loads(rec_cached.read_text(encoding="utf-8"))
        return ExecutionRecord(key_name, full, key, nb_cached, rec["seconds"], rec.get("results", {}),
                               rec.get("executed_at", ""), cached=True, headlines=rec.get("headlines", []))

    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"exec-{key_name}-", dir=cache) as tmp:
        tmpdir = Path(tmp)
        out_nb, status_path, results_path = tmpdir / "out.ipynb", tmpdir / "status.json", tmpdir / "results.jsonl"
        env = dict(os.environ)
        env[_report.RESULTS_ENV] = str(results_path)
        env["SCALINGBOOK_DATA"] = str(book.data_dir)
        env["SCALINGBOOK_GIT_COMMIT"] = _git_commit(book.root)
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        # let the kernel cache the package's bytecode (the next re-run imports it faster)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        start = time.perf_counter()
        args = [str(book.notebook(key_name)), str(out_nb), json.dumps(full), str(status_path), str(book.chapters_dir)]
        if in_process:
            # one execution at a time: set the kernel's environment here, skip a child process
            saved = {k: os.environ.get(k) for k in set(env) | set(os.environ)}
            os.environ.clear()
            os.environ.update(env)
            try:
                _execute_child(*args)
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
            failure_text = ""
        else:
            proc = subprocess.run([sys.executable, "-m", "scalingbook.pipeline", *args],
                                  env=env, capture_output=True, text=True)
            failure_text = (proc.stderr or proc.stdout).strip()[-2000:]
        seconds = time.perf_counter() - start
        status = json.loads(status_path.read_text()) if status_path.exists() else {
            "ok": False, "ename": "ExecutionError", "evalue": failure_text or "no status written"}
        if not status.get("ok"):
            where = f"cell [{status['cell']}]" if status.get("cell") is not None else "execution"
            evalue = str(status.get("evalue", "")).strip().splitlines()
            raise ChapterFailed(key_name, f"{where}: {status.get('ename')}: {evalue[-1] if evalue else ''}")
        problem = _notebook_error(out_nb)
        if problem:
            raise ChapterFailed(key_name, problem)
        results = _report.read_results(results_path)
        executed_at = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        rec = ExecutionRecord(key_name, full, key, nb_cached, round(seconds, 2), results, executed_at,
                              headlines=_report.read_headlines(results_path))
        out_nb.replace(nb_cached)
        rec_tmp = tmpdir / "rec.json"
        rec_tmp.write_text(json.dumps(rec.to_json(), indent=1), encoding="utf-8")
        rec_tmp.replace(rec_cached)
    _prune_cache(cache, keep=8)
    return rec


def _prune_cache(cache: Path, keep: int) -> None:
    """Keep the ``keep`` newest executions of a chapter, and always the one the site was last
    built from (``last-build.json``), so a sweep never forces the next build to re-execute."""
    pinned_file = cache.parent / "last-build.json"
    pinned = set(json.loads(pinned_file.read_text()).values()) if pinned_file.exists() else set()
    records = sorted(cache.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in records[keep:]:
        if old.stem in pinned:
            continue
        old.unlink(missing_ok=True)
        old.with_suffix(".ipynb").unlink(missing_ok=True)


def execute_many(
    book: Book,
    jobs: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    n_jobs: int | None = None,
    use_cache: bool = True,
    progress: Callable[[str], None] = lambda msg: None,
) -> list[ExecutionRecord]:
    """Execute several (chapter, values) jobs in parallel; stops at the first failure.

    All parameter sets are validated before any kernel starts.
    """
    validated = [(chapter_key(c), _params.validate(c, v)) for c, v in jobs]
    sources = source_digest(book)
    n_jobs = max(1, n_jobs or os.cpu_count() or 1)
    results: list[ExecutionRecord | None] = [None] * len(validated)
    failure: list[ChapterFailed] = []

    def work(i: int) -> None:
        if failure:
            return
        chapter, values = validated[i]
        try:
            rec = execute(book, chapter, values, use_cache=use_cache, sources=sources)
        except ChapterFailed as exc:
            failure.append(exc)
            progress(f"  FAILED {chapter}: {exc.detail}")
            return
        results[i] = rec
        how = "cached" if rec.cached else f"{rec.seconds:.1f} s"
        progress(f"  {chapter:<28} {how}")

    with ThreadPoolExecutor(max_workers=n_jobs) as pool:
        list(pool.map(work, range(len(validated))))
    if failure:
        raise failure[0]
    return [r for r in results if r is not None]


# ----------------------------------------------------------------------------------------
# Staging and the site
# ----------------------------------------------------------------------------------------

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
    for r in records:
        nb = r.chapter.replace("-", "_")
        lines += [f"## {{doc}}`chapters/{nb}`", ""]
        for h in r.headlines:
            lines.append("- " + _report.Headline(h["name"], h["value"], h.get("unit", ""), h.get("label", "")).text()
                         .replace("**", "", 2).replace("**", "") + f" (`{h['name']}`)")
        if not r.headlines:
            lines.append("- (this chapter publishes no headline number)")
        lines.append("")
    lines.append("`scalingbook sweep CHAPTER -f grid.yaml` collects the same numbers over a grid of parameters.")
    return "\n".join(lines) + "\n"


def datasets_page(book: Book) -> str:
    """The data page: every shipped table with a download link, then the credits."""
    import csv

    lines = [
        "(datasets)=",
        "# Data",
        "",
        "Every number the book takes from a paper or a dataset sits in one of these small tables, "
        "each row with its source. Download them as CSV:",
        "",
        "| table | rows | columns |",
        "|---|---|---|",
    ]
    for table in sorted(book.data_dir.glob("*.csv")):
        with table.open(newline="", encoding="utf-8") as fh:  # csv, not pandas: no-change rebuilds stay fast
            reader = csv.reader(fh)
            header = next(reader)
            n_rows = sum(1 for _ in reader)
        cols = ", ".join(f"`{c}`" for c in header if c != "source")
        lines.append(f"| {{download}}`{table.name} <data/{table.name}>` | {n_rows} | {cols} |")
    lines += ["", "## Sources and licences", "", "```{include} data/README.md", ":start-line: 1", "```", ""]
    return "\n".join(lines)


def stage(book: Book, records: Sequence[ExecutionRecord]) -> str:
    """Lay out the book's sources with executed notebooks in ``.stage``; return its digest."""
    from . import charts

    sd = book.stage_dir
    wanted: set[Path] = set()
    for src in _book_pages(book):
        dest = sd / src.relative_to(book.root)
        _write_if_changed(dest, src.read_bytes())
        wanted.add(dest)
    for rec in records:
        dest = sd / "chapters" / rec.notebook.name.replace(rec.key, rec.chapter.replace("-", "_"))
        _write_if_changed(dest, rec.notebook.read_bytes())
        wanted.add(dest)
    generated = {
        "status.md": status_page(records, _git_commit(book.root)),
        "glance.md": glance_page(records),
        "datasets.md": datasets_page(book),
    }
    for name, text in generated.items():
        _write_if_changed(sd / name, text.encode())
        wanted.add(sd / name)
    for table in sorted(book.data_dir.glob("*.csv")) + [book.data_dir / "README.md"]:
        if table.exists():
            dest = sd / "data" / table.name
            _write_if_changed(dest, table.read_bytes())
            wanted.add(dest)
    bundle = charts.write_vega_bundle(book.root / ".cache")  # one copy, shared with `run`
    dest = sd / "_static" / bundle.name
    _write_if_changed(dest, bundle.read_bytes())
    wanted.add(dest)
    for p in list(sd.rglob("*")):
        if p.is_file() and p not in wanted:
            p.unlink()
    h = hashlib.sha256()
    _hash_files(h, sorted(wanted), sd)
    return h.hexdigest()


def build_site(book: Book, digest: str, *, force: bool = False, progress: Callable[[str], None] = print) -> bool:
    """Build the staged book with Jupyter Book (warnings are errors); publish it atomically.

    Returns False when the site already matches the staged sources (nothing to do).
    """
    marker = book.sphinx_out / "built-digest"
    if not force and marker.exists() and marker.read_text() == digest and (book.html_dir / "index.html").exists():
        return False
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(book.stage_dir), "--path-output", str(book.sphinx_out),
           "-W", "-n", "--keep-going", "--builder", "html"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    log = book.sphinx_out / "build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(proc.stdout + "\n" + proc.stderr, encoding="utf-8")
    built = book.sphinx_out / "_build" / "html"
    if proc.returncode != 0 or not (built / "index.html").exists():
        warnings = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "WARNING" in ln or "ERROR" in ln]
        detail = "\n".join(warnings[:20]) or (proc.stderr or proc.stdout)[-2000:]
        marker.unlink(missing_ok=True)
        raise BuildError(f"Jupyter Book build failed (log: {log}); the previous site is unchanged:\n{detail}")
    _publish_html(built, book.html_dir)
    marker.write_text(digest)
    return True


def _publish_html(built: Path, html_dir: Path) -> None:
    """Replace ``html_dir`` by a copy of ``built`` with two renames (no half-written site)."""
    html_dir.parent.mkdir(parents=True, exist_ok=True)
    new = html_dir.with_name("html.new")
    old = html_dir.with_name("html.old")
    shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(built, new)
    if html_dir.exists():
        html_dir.replace(old)
    new.replace(html_dir)
    shutil.rmtree(old, ignore_errors=True)


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
    progress: Callable[[str], None] = print,
) -> BuildSummary:
    """Execute the chapters (only those changed) and build the site.

    ``only`` restricts execution to some chapters; the others keep their last executed
    notebook (executed now if none exists), so the site is always whole.
    """
    book = book or Book.default()
    start = time.perf_counter()
    sets = {chapter_key(k): dict(v) for k, v in (parameter_sets or {}).items()}
    chapters = _params.chapter_names()
    selected = [chapter_key(c) for c in only] if only else chapters
    for c in chapters:
        check_notebook_schema(book, c)
    # validate everything before any kernel starts
    for c in chapters:
        _params.validate(c, sets.get(c, {}))
    progress(f"Executing {len(selected)} chapter(s) with {n_jobs or os.cpu_count()} job(s)")
    records = {r.chapter: r for r in execute_many(book, [(c, sets.get(c, {})) for c in selected],
                                                  n_jobs=n_jobs, use_cache=use_cache, progress=progress)}
    rest = [c for c in chapters if c not in records]
    if rest:
        for r in execute_many(book, [(c, _last_values(book, c, sets.get(c))) for c in rest], n_jobs=n_jobs, progress=progress):
            records[r.chapter] = r
    ordered = [records[c] for c in chapters]
    pins = book.cache_dir / "last-build.json"
    pins.write_text(json.dumps({r.chapter: r.key for r in ordered}, indent=1), encoding="utf-8")
    digest = stage(book, ordered)
    progress("Building the site (Jupyter Book, warnings as errors)")
    rebuilt = build_site(book, digest, progress=progress)
    seconds = time.perf_counter() - start
    progress(("Site built" if rebuilt else "Site already up to date") + f": {book.html_dir / 'index.html'}")
    progress(f"Done in {seconds:.1f} s: {sum(not r.cached for r in ordered)} executed, "
             f"{sum(r.cached for r in ordered)} from cache")
    return BuildSummary(ordered, rebuilt, seconds)


def _last_values(book: Book, chapter: str, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """For chapters outside ``--only``: the parameters of their newest cached execution."""
    if given:
        return dict(given)
    recs = sorted((book.cache_dir / chapter).glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in recs:
        values = json.loads(path.read_text()).get("values", {})
        try:
            return _params.validate(chapter, values)
        except _params.ParameterError:
            continue
    return {}


# ----------------------------------------------------------------------------------------
# One chapter with new parameters, and sweeps
# ----------------------------------------------------------------------------------------

_ROLE = re.compile(r"\{(cite|cite:p|cite:t|doc|ref|numref|eq)\}`([^`]*)`")
_TARGET = re.compile(r"^\([\w.-]+\)=[ \t]*$", re.M)
_OUTPUT_ORDER = ("text/html", "image/svg+xml", "image/png", "text/markdown", "text/plain")


def _markdown_renderer():
    """CommonMark (with tables) that shows MyST directives as titled boxes and roles as text,
    so a standalone page reads like the site without Sphinx."""
    import html as _html

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    default_fence = md.renderer.rules.get("fence")

    def fence(tokens, idx, options, env):
        token = tokens[idx]
        info = token.info.strip()
        if not info.startswith("{"):
            return default_fence(tokens, idx, options, env)
        name, _, arg = info[1:].partition("}")
        if name in ("solution-end",):
            return "</div>"
        body = "\n".join(ln for ln in token.content.splitlines() if not ln.startswith(":"))
        title = {"solution-start": "Solution", "exercise": "Exercise"}.get(name, arg.strip() or name.title())
        inner = md.render(body) if body.strip() else ""
        close = "" if name == "solution-start" else "</div>"
        return f'<div class="box {_html.escape(name)}"><p class="box-title">{_html.escape(title)}</p>{inner}{close}'

    md.renderer.rules["fence"] = fence
    return md


def _notebook_body(nb: dict) -> str:
    """HTML of an executed notebook's cells, honouring the remove-cell/remove-input tags."""
    import html as _html

    md = _markdown_renderer()
    parts: list[str] = []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags:
            continue
        source = "".join(cell.get("source", ""))
        if cell["cell_type"] == "markdown":
            source = _TARGET.sub("", source)
            source = _ROLE.sub(lambda m: f"[{m.group(2)}]" if m.group(1).startswith("cite") else m.group(2), source)
            parts.append(f'<section class="md">{md.render(source)}</section>')
            continue
        if cell["cell_type"] != "code":
            continue
        if "remove-input" not in tags and source.strip():
            parts.append(f'<pre class="input"><code>{_html.escape(source)}</code></pre>')
        if "remove-output" in tags:
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                parts.append(f'<pre class="stream">{_html.escape("".join(out.get("text", "")))}</pre>')
            elif kind == "error":
                parts.append(f'<pre class="error">{_html.escape(out.get("ename", ""))}: {_html.escape(out.get("evalue", ""))}</pre>')
            elif kind in ("execute_result", "display_data"):
                data = out.get("data", {})
                mime = next((m for m in _OUTPUT_ORDER if m in data), None)
                value = "".join(data[mime]) if mime and isinstance(data[mime], list) else data.get(mime, "")
                if mime in ("text/html", "image/svg+xml"):
                    parts.append(f'<div class="output">{value}</div>')
                elif mime == "image/png":
                    parts.append(f'<div class="output"><img alt="figure" src="data:image/png;base64,{value.strip()}"></div>')
                elif mime == "text/markdown":
                    parts.append(f'<div class="output">{md.render(value)}</div>')
                elif mime == "text/plain":
                    parts.append(f'<pre class="output">{_html.escape(value)}</pre>')
    return "\n".join(parts)


def standalone_html(notebook: Path, title: str, bundle_dir: Path) -> str:
    """A self-contained HTML page of an executed notebook: Vega bundle inlined, no network.

    ``bundle_dir`` caches the Vega bundle between runs (generating it takes about a second).
    Rendered with markdown-it rather than nbconvert: a re-run is what readers wait for, and
    this is about a second faster.
    """
    import html as _html

    from . import charts

    body = _notebook_body(json.loads(Path(notebook).read_text(encoding="utf-8")))
    bundle = charts.write_vega_bundle(bundle_dir).read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}"
        "pre{background:#f6f6f6;padding:.6rem;overflow-x:auto}pre.input{border-left:3px solid #0072B2}"
        "pre.error{background:#fdecea}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ddd;padding:.2rem .5rem;text-align:left}"
        ".box{border-left:4px solid #56B4E9;background:#f3f8fc;padding:.3rem .8rem;margin:1rem 0}"
        ".box-title{font-weight:600;margin:.2rem 0}.scalingbook-chart{margin:1rem 0}"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{_html.escape(title)}</title><style>{css}</style><script>{bundle}</script></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def run(
    chapter: str,
    values: Mapping[str, Any] | None = None,
    *,
    out_dir: str | Path | None = None,
    book: Book | None = None,
    progress: Callable[[str], None] = print,
) -> dict[str, Path]:
    """Execute one chapter with ``values`` and write its executed notebook, a standalone
    HTML page, its published results and its parameters into ``out_dir``.

    Nothing is written to ``out_dir`` unless the whole execution succeeded.
    """
    import yaml

    book = book or Book.default()
    key = chapter_key(chapter)
    full = _params.validate(key, values or {})
    check_notebook_schema(book, key)
    out = Path(out_dir) if out_dir else book.root / "runs" / key
    progress(f"Executing {key} ...")
    rec = execute(book, key, full, in_process=True)
    progress(f"  {key}: {'cached' if rec.cached else f'{rec.seconds:.1f} s'}")
    stem = key.replace("-", "_")
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "notebook": (out / f"{stem}.ipynb", rec.notebook.read_bytes()),
        "html": (out / f"{stem}.html", standalone_html(rec.notebook, f"{key} ({_report.rerun_command(key, full)})",
                                         book.root / ".cache").encode()),
        "results": (out / "results.json", json.dumps(rec.results, indent=1).encode()),
        "parameters": (out / "parameters.yaml", yaml.safe_dump(full, sort_keys=False).encode()),
    }
    with tempfile.TemporaryDirectory(prefix=".run-", dir=out) as tmp:
        staged = []
        for name, (dest, data) in files.items():
            t = Path(tmp) / dest.name
            t.write_bytes(data)
            staged.append((t, dest))
        for t, dest in staged:
            t.replace(dest)
    progress(f"Wrote {files['html'][0]} and {files['notebook'][0]}")
    return {name: dest for name, (dest, _) in files.items()}


def expand_grid(grid: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Parameter sets of a sweep file: ``runs:`` (a list of sets) and/or ``grid:`` (name ->
    list of values, every combination)."""
    import itertools

    if not isinstance(grid, Mapping) or not ({"grid", "runs"} & set(grid)):
        raise _params.ParameterError("a sweep file needs a 'grid:' mapping (name: [values]) or a 'runs:' list")
    sets: list[dict[str, Any]] = []
    for item in grid.get("runs", []) or []:
        if not isinstance(item, Mapping):
            raise _params.ParameterError(f"each entry of 'runs:' must be a mapping of parameters; got {item!r}")
        sets.append(dict(item))
    g = grid.get("grid") or {}
    if g:
        if not isinstance(g, Mapping):
            raise _params.ParameterError("'grid:' must map parameter names to lists of values")
        names = list(g)
        lists = [v if isinstance(v, list) else [v] for v in g.values()]
        sets += [dict(zip(names, combo)) for combo in itertools.product(*lists)]
    if not sets:
        raise _params.ParameterError("the sweep file lists no parameter sets")
    return sets


def sweep(
    chapter: str,
    grid: Mapping[str, Any],
    *,
    out_csv: str | Path | None = None,
    n_jobs: int | None = None,
    book: Book | None = None,
    progress: Callable[[str], None] = print,
) -> Path:
    """Run ``chapter`` over every parameter set of ``grid``; write one CSV row per run with
    its parameters and published headline numbers. All sets are validated first."""
    import pandas as pd

    book = book or Book.default()
    key = chapter_key(chapter)
    sets = [_params.validate(key, s) for s in expand_grid(grid)]
    check_notebook_schema(book, key)
    progress(f"Sweeping {key} over {len(sets)} parameter set(s)")
    records = execute_many(book, [(key, s) for s in sets], n_jobs=n_jobs, progress=progress)
    rows = [{**r.values, **r.results} for r in records]
    out = Path(out_csv) if out_csv else book.root / "runs" / f"{key}-sweep.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    pd.DataFrame(rows).to_csv(tmp, index=False)
    tmp.replace(out)
    progress(f"Wrote {out} ({len(rows)} rows)")
    return out


if __name__ == "__main__":  # child process of execute()
    sys.exit(_execute_child(*sys.argv[1:6]))
