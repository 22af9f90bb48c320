"""Where the book's files live, and the checks made before any kernel starts.

:class:`Book` names every path the pipeline reads or writes (sources, execution cache,
staging area, the published site). The checks here run first in ``build``, ``run`` and
``sweep``: the book's layout (``--root``), each notebook's parameters cell against its
schema, the small data tables in ``data/``, and the lock that keeps two builds (or a build
and a ``run`` writing the shared cache) from running in one checkout at once.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..pages import params as _params

__all__ = [
    "Book",
    "BuildError",
    "BuildLocked",
    "ChapterFailed",
    "chapter_key",
    "notebook_parameters",
    "check_notebook_schema",
    "check_layout",
    "check_data_tables",
    "lock",
    "pid_alive",
    "check_output_dir",
    "check_output_file",
]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
BOOK_FILES = ("_config.yml", "_toc.yml", "references.bib")
#: seconds a build (or run) waits for another one in the same checkout; $SCALINGBOOK_LOCK_WAIT
DEFAULT_LOCK_WAIT = 1800.0


class BuildError(RuntimeError):
    """The book could not be built; the message says which step and why."""


class ChapterFailed(BuildError):
    """A chapter's notebook raised (or ran out of time) while executing."""

    def __init__(self, chapter: str, detail: str):
        super().__init__(f"chapter '{chapter}' failed: {detail}")
        self.chapter = chapter
        self.detail = detail


class BuildLocked(BuildError):
    """Another build or run holds this checkout's lock."""


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
    def build_dir(self) -> Path:
        return self.root / "_build"

    @property
    def html_dir(self) -> Path:
        """The published site: a symbolic link to one complete versioned folder
        (``_build/html-v<stamp>``), swapped in one atomic step by each publish."""
        return self.build_dir / "html"

    @property
    def pins_file(self) -> Path:
        """chapter -> execution key of the published site (written after publishing)."""
        return self.cache_dir / "last-build.json"

    @property
    def lock_file(self) -> Path:
        return self.root / ".cache" / "build.lock"

    def notebook(self, chapter: str) -> Path:
        """The chapter's source: a MyST Markdown text notebook (``chapters/<stem>.md``), or an
        ``.ipynb`` where only that exists."""
        stem = chapter_key(chapter).replace("-", "_")
        text = self.chapters_dir / f"{stem}.md"
        return text if text.is_file() or not (self.chapters_dir / f"{stem}.ipynb").is_file() \
            else self.chapters_dir / f"{stem}.ipynb"

    def executable_notebook(self, chapter: str) -> Path:
        """The chapter as an ``.ipynb`` that papermill can execute: a text notebook is
        converted once per content (kept in ``.cache/notebooks``, keyed by its bytes)."""
        src = self.notebook(chapter)
        if src.suffix == ".ipynb":
            return src
        data = src.read_bytes()
        out = self.cache_dir.parent / "notebooks" / f"{src.stem}-{hashlib.sha256(data).hexdigest()[:16]}.ipynb"
        if not out.is_file():
            import nbformat

            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_suffix(f".{os.getpid()}.tmp")
            nbformat.write(read_notebook(src), str(tmp))
            os.replace(tmp, out)
        return out


def chapter_key(chapter: str) -> str:
    """The CLI name of ``chapter`` (accepts underscores); unknown names raise ParameterError."""
    _params.schema(chapter)
    return chapter.replace("_", "-")


# ----------------------------------------------------------------------------------------
# The book's layout and each notebook's parameters cell
# ----------------------------------------------------------------------------------------

def check_layout(book: Book, chapters: list[str] | None = None) -> None:
    """The folder must hold a book: its configuration, table of contents and the chapter
    notebooks. Raises ParameterError (bad input, exit 2) naming what is missing."""
    missing = [f for f in ("_config.yml", "_toc.yml") if not (book.root / f).is_file()]
    for c in chapters if chapters is not None else _params.chapter_names():
        nb = book.notebook(c)
        if not nb.is_file():
            missing.append(str(nb.relative_to(book.root)))
    if missing:
        raise _params.ParameterError(
            f"'{book.root}' is not the book's folder: it lacks {', '.join(missing[:4])}"
            + (f" and {len(missing) - 4} more" if len(missing) > 4 else ""))


def read_notebook(path: str | Path):
    """A chapter source as an nbformat notebook: MyST Markdown (``.md``, read by jupytext) or
    ``.ipynb``."""
    path = Path(path)
    if path.suffix == ".md":
        import jupytext

        return jupytext.read(path, fmt="md:myst")
    import nbformat

    return nbformat.read(str(path), as_version=4)


def write_notebook(nb, path: str | Path) -> None:
    """Write ``nb`` in the format of ``path``'s suffix (MyST Markdown or ``.ipynb``)."""
    path = Path(path)
    if path.suffix == ".md":
        import jupytext

        jupytext.write(nb, path, fmt="md:myst")
    else:
        import nbformat

        nbformat.write(nb, str(path))


def notebook_parameters(path: str | Path) -> dict[str, tuple[str, Any]]:
    """The parameters cell of a notebook: name -> (annotation, default value).

    Raises BuildError when the notebook has no cell tagged ``parameters`` or the cell holds
    anything but annotated assignments of literals.
    """
    try:
        nb = read_notebook(path)
        cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuildError(f"{path}: not a readable notebook ({type(exc).__name__}: {exc})") from None
    if len(cells) != 1:
        raise BuildError(f"{path}: expected exactly one cell tagged 'parameters', found {len(cells)}")
    source = "".join(cells[0]["source"])
    out: dict[str, tuple[str, Any]] = {}
    try:
        body = ast.parse(source).body
    except SyntaxError as exc:
        raise BuildError(f"{path}: the parameters cell is not valid Python: {exc.msg}") from None
    for node in body:
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
# Output locations, checked before any kernel starts
# ----------------------------------------------------------------------------------------

def _probe(folder: Path, what: str, given: Path) -> None:
    """Create and delete a file in ``folder``: the only sure test that it can be written
    (``os.access`` says yes to root even under ``/proc``)."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=".scalingbook-probe-", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise _params.ParameterError(f"{what} '{given}' cannot be written: {exc.strerror or exc}") from None


def _existing_ancestor(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def check_output_dir(path: str | Path, what: str = "--out") -> None:
    """``path`` must be a folder, or not exist under a folder, that this process can write.
    Nothing is created. Raises ParameterError (exit 2)."""
    p = Path(path)
    if p.exists() or p.is_symlink():
        if not p.is_dir():
            raise _params.ParameterError(f"{what} '{p}' exists and is not a folder")
        _probe(p, what, p)
        return
    base = _existing_ancestor(p)
    if not base.is_dir():
        raise _params.ParameterError(f"{what} '{p}': '{base}' is a file, not a folder")
    _probe(base, what, p)


def check_output_file(path: str | Path, what: str = "--out") -> None:
    """``path`` must be a file (or not exist yet) in a folder this process can write."""
    p = Path(path)
    if p.is_dir():
        raise _params.ParameterError(f"{what} '{p}' is a folder; give a file name")
    if p.exists() and not os.access(p, os.W_OK):
        raise _params.ParameterError(f"{what} '{p}' is not writable")
    check_output_dir(p.parent if str(p.parent) else Path("."), what)


# ----------------------------------------------------------------------------------------
# The data tables, checked before executing
# ----------------------------------------------------------------------------------------

def check_data_tables(book: Book) -> None:
    """Every ``data/*.csv`` must be UTF-8 CSV with a header, at least one row, as many
    fields in each row as in the header, and a non-empty ``source`` in every row (the rule
    of :func:`scalingbook.sources.tables.read_table`). Checked with the csv module, before any kernel
    starts, so an empty or truncated table stops the build with one line instead of failing
    six chapters later. Raises BuildError naming the file and row."""
    if not book.data_dir.is_dir():
        return
    for table in sorted(book.data_dir.glob("*.csv")):
        name = f"data/{table.name}"
        try:
            with table.open(newline="", encoding="utf-8") as fh:
                rows = list(csv.reader(fh))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise BuildError(f"{name} cannot be read as UTF-8 CSV: {exc}") from None
        rows = [r for r in rows if any(cell.strip() for cell in r)]
        if not rows:
            raise BuildError(f"{name} is empty: it needs a header line and at least one row")
        header = [h.strip() for h in rows[0]]
        if len(rows) == 1:
            raise BuildError(f"{name} has a header but no rows")
        if "source" not in header:
            raise BuildError(f"{name} has no 'source' column; every row must cite where it comes from")
        src = header.index("source")
        for i, row in enumerate(rows[1:], start=2):
            if len(row) != len(header):
                raise BuildError(f"{name} line {i} has {len(row)} fields; the header has {len(header)}")
            if not row[src].strip():
                raise BuildError(f"{name} line {i} has an empty 'source'")


# ----------------------------------------------------------------------------------------
# One build at a time per checkout
# ----------------------------------------------------------------------------------------

def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (a zombie or another user's counts)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lock_wait() -> float:
    try:
        return float(os.environ.get("SCALINGBOOK_LOCK_WAIT", DEFAULT_LOCK_WAIT))
    except ValueError:
        return DEFAULT_LOCK_WAIT


@contextlib.contextmanager
def lock(book: Book, what: str, *, wait: float | None = None,
         progress: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the checkout's lock (``.cache/build.lock``) for a whole build, run or sweep.

    A second one waits (saying so once) up to ``wait`` seconds ($SCALINGBOOK_LOCK_WAIT,
    default 1800), then raises BuildLocked; ``wait=0`` refuses at once. The lock is an
    ``flock`` on an open file, so the kernel releases it when its holder dies, even by
    SIGKILL: a stale lock cannot block the next build.
    """
    wait = _lock_wait() if wait is None else wait
    book.lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(book.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(book)
            if wait <= 0:
                raise BuildLocked(f"another {holder} is running in this checkout; "
                                  "the site is left as it is (try again when it ends)") from None
            progress(f"Waiting for another {holder} in this checkout to finish (up to {wait:.0f} s) ...")
            deadline = time.monotonic() + wait
            while True:
                time.sleep(0.2)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise BuildLocked(f"another {holder} is still running in this checkout after "
                                          f"{wait:.0f} s; the site is left as it is") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "what": what}).encode())
        yield
    finally:
        os.close(fd)  # releases the flock


def _lock_holder(book: Book) -> str:
    try:
        info = json.loads(book.lock_file.read_text() or "{}")
        return f"{info.get('what', 'build')} (pid {info.get('pid', '?')})"
    except (OSError, ValueError):
        return "build"
