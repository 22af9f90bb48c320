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
import subprocess
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
    "lock_wait",
    "held_lock_fd",
    "run_holding_lock",
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
    def default(cls) -> Book:
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
        return (
            text
            if text.is_file() or not (self.chapters_dir / f"{stem}.ipynb").is_file()
            else self.chapters_dir / f"{stem}.ipynb"
        )

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
            + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
        )


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
        # An .ipynb is read as plain JSON: nbformat's schema check (a third of a second) waits for
        # papermill, which checks the notebook it executes.
        nb = (
            json.loads(Path(path).read_text(encoding="utf-8")) if Path(path).suffix == ".ipynb" else read_notebook(path)
        )
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
    """The notebook's parameters cell must list the schema's names, types and defaults (read
    from the converted notebook, kept per content, so a re-run parses no Markdown)."""
    declared = notebook_parameters(book.executable_notebook(chapter))
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

#: the longest name of one path component, and of a whole path, in bytes (Linux NAME_MAX, PATH_MAX)
NAME_MAX = 255
PATH_MAX = 4096
#: the folders of a book that no output may be written into: its sources, its caches, the live
#: site and its staging area (``runs/`` and any new folder are fine)
PROTECTED = ("chapters", "data", "src", "tests", "_static", ".cache", "_build", ".stage", ".git")


def _shown(p: Path | str) -> str:
    return _params.shorten(str(p))


def _probe(folder: Path, what: str, given: Path) -> None:
    """Create and delete a file in ``folder``: the only sure test that it can be written
    (``os.access`` says yes to root even under ``/proc``)."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=".scalingbook-probe-", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise _params.ParameterError(f"{what} '{_shown(given)}' cannot be written: {exc.strerror or exc}") from None


def _check_name(p: Path, what: str) -> None:
    """Refuse an empty path, a component longer than NAME_MAX bytes or a path longer than
    PATH_MAX (the system would answer "File name too long" half-way through)."""
    if not str(p) or str(p) == "":
        raise _params.ParameterError(f"{what} is empty; give a path")
    if "\0" in str(p):
        raise _params.ParameterError(f"{what} '{_shown(p)}' holds a NUL character")
    for part in p.parts:
        n = len(os.fsencode(part))
        if n > NAME_MAX:
            raise _params.ParameterError(
                f"{what} '{_shown(p)}' has a name of {n:,} bytes ('{_params.shorten(part, 40)}'); at most {NAME_MAX}"
            )
    n = len(os.fsencode(str(p.absolute())))
    if n >= PATH_MAX:
        raise _params.ParameterError(f"{what} '{_shown(p)}' is {n:,} bytes long; at most {PATH_MAX - 1:,}")


def _lstat(p: Path, what: str) -> os.stat_result | None:
    """``os.lstat`` of ``p`` (None when nothing is there); any other failure is bad input."""
    try:
        return os.lstat(p)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _params.ParameterError(f"{what} '{_shown(p)}' cannot be used: {exc.strerror or exc}") from None


def _book_roots(p: Path) -> list[Path]:
    """The book folders ``p`` may fall in: this checkout ($SCALINGBOOK_ROOT) and any folder
    above ``p`` that holds a book's ``_toc.yml``."""
    roots = [Book.default().root.resolve()]
    for parent in [p, *p.parents]:
        try:
            if (parent / "_toc.yml").is_file() and parent not in roots:
                roots.append(parent)
        except OSError:
            continue
    return roots


_PROTECTED_WORDS = {
    "chapters": "the chapters' source",
    "data": "the book's data tables",
    "src": "the package's source",
    "tests": "the tests",
    "_static": "the site's static files",
    ".cache": "the execution cache",
    "_build": "the published site",
    ".stage": "the site's staging area",
    ".git": "the repository",
}


def _protected(p: Path, what: str, *, root_ok: bool = False) -> None:
    """Refuse an output inside a book's sources, caches or live site, the book folder itself
    (unless ``root_ok``), or the package's source (symbolic links resolved first)."""
    try:
        real = p.resolve()
    except (OSError, RuntimeError) as exc:
        raise _params.ParameterError(f"{what} '{_shown(p)}' cannot be resolved: {exc}") from None
    trees = [(PACKAGE_DIR.resolve(), "the package's source")]
    roots = _book_roots(real)
    for root in roots:
        for name, words in _PROTECTED_WORDS.items():
            trees.append((root / name, words))
            try:
                trees.append(((root / name).resolve(), words))  # the live site is a link
            except (OSError, RuntimeError):
                pass
    for folder, words in trees:
        if real == folder or folder in real.parents:
            raise _params.ParameterError(
                f"{what} '{_shown(p)}' is in {words}; write the output somewhere else (default: runs/)"
            )
    if real in roots and not root_ok:
        raise _params.ParameterError(
            f"{what} '{_shown(p)}' is the book's folder; give a folder inside it such as runs/NAME"
        )


def _existing_ancestor(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def check_output_dir(path: str | Path, what: str = "--out", *, _root_ok: bool = False) -> None:
    """``path`` must be a folder, or not exist under a folder, that this process can write,
    outside the book's sources, caches, published site and the package, and not the book's
    folder itself. Nothing is created. Raises ParameterError (exit 2)."""
    if path is None or str(path) == "":
        raise _params.ParameterError(f"{what} is empty; give a folder")
    p = Path(path)
    _check_name(p, what)
    _protected(p, what, root_ok=_root_ok)
    st = _lstat(p, what)
    if st is not None:
        if not p.is_dir():
            raise _params.ParameterError(f"{what} '{_shown(p)}' exists and is not a folder")
        _probe(p, what, p)
        return
    try:
        base = _existing_ancestor(p)
    except OSError as exc:
        raise _params.ParameterError(f"{what} '{_shown(p)}' cannot be used: {exc.strerror or exc}") from None
    if not base.is_dir():
        raise _params.ParameterError(f"{what} '{_shown(p)}': '{_shown(base)}' is a file, not a folder")
    _probe(base, what, p)


def check_output_file(path: str | Path, what: str = "--out") -> None:
    """``path`` must be a regular file, or a new name, in a folder this process can write (and
    outside the book's sources, caches and site). A device node, pipe, socket or symbolic link
    is refused, never replaced: permission bits say nothing to root. Raises ParameterError."""
    import stat

    if path is None or str(path) == "":
        raise _params.ParameterError(f"{what} is empty; give a file name")
    p = Path(path)
    _check_name(p, what)
    st = _lstat(p, what)
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise _params.ParameterError(
                f"{what} '{_shown(p)}' is a symbolic link; give the file itself "
                "or a new name (a link is never replaced)"
            )
        if stat.S_ISDIR(st.st_mode):
            raise _params.ParameterError(f"{what} '{_shown(p)}' is a folder; give a file name")
        if not stat.S_ISREG(st.st_mode):
            kind = (
                "a device"
                if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a pipe"
                if stat.S_ISFIFO(st.st_mode)
                else "a socket"
                if stat.S_ISSOCK(st.st_mode)
                else "not a regular file"
            )
            raise _params.ParameterError(f"{what} '{_shown(p)}' is {kind}; give a regular file or a new name")
    _protected(p, what)
    if st is not None:
        try:
            if p.resolve().parent in _book_roots(p.resolve()):
                raise _params.ParameterError(
                    f"{what} '{_shown(p)}' is one of the book's own files; give a new name or a file under runs/"
                )
        except OSError:
            pass
    check_output_dir(p.parent if str(p.parent) else Path("."), what, _root_ok=True)


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


def lock_wait() -> float:
    """Seconds to wait for another build: ``$SCALINGBOOK_LOCK_WAIT`` (default 1800), which must
    be a finite number of seconds, 0 or more (0: refuse at once). Raises ParameterError."""
    text = os.environ.get("SCALINGBOOK_LOCK_WAIT")
    if text is None or text.strip() == "":
        return DEFAULT_LOCK_WAIT
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not (0 <= seconds < float("inf")):
        raise _params.ParameterError(
            f"SCALINGBOOK_LOCK_WAIT must be a number of seconds, 0 or more; got '{_params.shorten(text)}'"
        )
    return seconds


_lock_wait = lock_wait


@contextlib.contextmanager
def lock(
    book: Book, what: str, *, wait: float | None = None, progress: Callable[[str], None] = print
) -> Iterator[None]:
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
                raise BuildLocked(
                    f"another {holder} is running in this checkout; the site is left as it is (try again when it ends)"
                ) from None
            progress(f"Waiting for another {holder} in this checkout to finish (up to {wait:.0f} s) ...")
            deadline = time.monotonic() + wait
            while True:
                time.sleep(0.2)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise BuildLocked(
                            f"another {holder} is still running in this checkout after "
                            f"{wait:.0f} s; the site is left as it is"
                        ) from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "what": what}).encode())
        _HELD.append(fd)
        try:
            yield
        finally:
            _HELD.remove(fd)
    finally:
        os.close(fd)  # releases the flock (unless a helper started under it still runs)


_HELD: list[int] = []


def held_lock_fd() -> int | None:
    """The file descriptor of the checkout's lock this process holds, or None."""
    return _HELD[-1] if _HELD else None


def _die_with_parent() -> None:
    """In a helper's child process: be killed when the process that started it dies, even by
    SIGKILL (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def start_holding_lock(cmd: list[str], **kwargs: Any) -> subprocess.Popen:
    """Start a helper program as :func:`run_holding_lock` runs one (its own process group,
    killed if this process dies, the checkout's lock held with us), and return it: the caller
    waits for it, or ends its group."""
    fd = held_lock_fd()
    return subprocess.Popen(
        cmd,
        start_new_session=True,
        preexec_fn=_die_with_parent,
        pass_fds=(fd,) if fd is not None else (),
        **kwargs,
    )


def run_holding_lock(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a helper program (the site builder) so that it never outlives this build unseen:
    it runs in its own process group, which is ended if this process is interrupted; it is
    killed if this process dies, even by SIGKILL; and it holds the checkout's lock with us
    (the lock's descriptor is passed to it), so a build that starts after this one was killed
    waits until the helper and its children are gone. Returns its completed process (text
    output captured)."""
    import signal

    proc = start_holding_lock(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    try:
        out, err = proc.communicate()
    except BaseException:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=5)
                break
            except (OSError, subprocess.TimeoutExpired):
                continue
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _lock_holder(book: Book) -> str:
    try:
        info = json.loads(book.lock_file.read_text() or "{}")
        return f"{info.get('what', 'build')} (pid {info.get('pid', '?')})"
    except (OSError, ValueError):
        return "build"
