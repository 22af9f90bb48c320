"""Companion modules of the chapters: what one page shows (claims tables, chart builders, the
sentences generated from numbers). Named like the notebooks in ``chapters/``; the concept modules
(``cost``, ``laws``, ...) stay free of Altair and page wording."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_DIGEST: list[str] = []


def source_digest() -> str:
    """One sha256 over the package's source below the build floor (every ``.py`` file but
    ``build/``'s, which no page imports, and the dataset registry) and the book's small tables
    (``data/*.csv``): what a cached result of the page depends on. A change to the CLI, the site
    or the PDF then leaves the cached results in place."""
    if not _DIGEST:
        from ..sources.tables import data_dir

        root = Path(__file__).resolve().parents[1]
        h = hashlib.sha256()
        code = [f for f in sorted(root.rglob("*.py")) if f.relative_to(root).parts[0] != "build"]
        files = code + [root / "sources" / "datasets_files.tsv"] + sorted(data_dir().glob("*.csv"))
        for f in files:
            if f.is_file():
                h.update(f.name.encode() + b"\0" + f.read_bytes())
        _DIGEST.append(h.hexdigest())
    return _DIGEST[0]


def cached_result(name: str, compute: Callable[[], T], *, key: str = "") -> T:
    """``compute()``, kept on disk beside the datasets cache (``pages/``) and keyed by
    :func:`source_digest`. For results that no reader's parameter enters, such as a claims
    table's analysis at the claims' published inputs: a re-run with new parameters then does not
    redo it, and any change to the code or the data computes it afresh.

    ``key`` names the few parameters a result does depend on (``"edit_distance|2.0"``): each
    value is kept apart, and only the :data:`KEEP_KEYED` most recently used are kept, so a
    re-run that changes other parameters reads it while a sweep over that one cannot fill the
    disk.

    The file holds data only (:mod:`scalingbook.sources.datafiles`, never a pickle): reading a
    cache that someone else wrote cannot run code. A result the format cannot hold is computed
    each time."""
    from ..sources import datafiles

    path = result_path(name, key=key)
    if path.is_file():
        try:
            value = datafiles.read_value(path)
            if key:
                path.touch()  # recently used: kept longest
            return value
        except Exception:  # unreadable, or a class whose fields have changed: compute again
            try:
                path.unlink()
            except OSError:
                pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        datafiles.write_value(path, value)
        _prune(path.parent, name, keep=KEEP_KEYED if key else KEEP_VERSIONS, keyed=bool(key))
    except (OSError, datafiles.Unsupported):  # a read-only cache only costs the time
        pass
    return value


def result_path(name: str, *, key: str = "") -> Path:
    """Where :func:`cached_result` keeps ``name`` (for ``key``) for the current source: a file
    that exists once the result has been computed."""
    from ..sources import datafiles
    from ..sources.datasets import cache_root

    tag = f"-{hashlib.sha256(key.encode()).hexdigest()[:12]}" if key else ""
    return cache_root().parent / "pages" / f"{name}-{source_digest()[:24]}{tag}{datafiles.SUFFIX}"


#: Versions of one result kept on disk (each source digest makes a new one): the newest few, so
#: two or three checkouts sharing the cache still find theirs, and the folder stops growing.
KEEP_VERSIONS = 3
#: Results kept of one name that depends on parameters (``cached_result(..., key=...)``): the
#: most recently used, across parameter values and source versions.
KEEP_KEYED = 8


def _prune(folder: Path, name: str, keep: int, keyed: bool = False) -> None:
    import re

    from ..sources import datafiles

    tag = r"-[0-9a-f]{12}" if keyed else ""
    pattern = re.compile(re.escape(name) + r"-[0-9a-f]{24}" + tag + re.escape(datafiles.SUFFIX))
    versions = sorted(
        (f for f in folder.iterdir() if pattern.fullmatch(f.name)), key=lambda f: f.stat().st_mtime, reverse=True
    )
    for old in versions[keep:]:
        old.unlink(missing_ok=True)
