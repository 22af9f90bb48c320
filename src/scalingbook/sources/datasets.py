"""Published datasets, fetched from their public repositories at pinned commits.

The book re-analyses measurements that papers published in public repositories: Epoch AI's
cost tables and its digitisation of Chinchilla's Figure 4, Gadre et al.'s testbed, the
Observational Scaling tables, UKP's emergence evaluations and Pythia's evaluations. None of
these files is shipped with the book (their licences differ and some state none): each is
downloaded for its reader from ``https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH``
with :mod:`pooch`, checked against the sha256 in this module's registry, and cached.

Where files come from and go:

- the cache is the user's cache folder (``~/.cache/scalingbook/datasets`` on Linux);
  ``SCALINGBOOK_DATA_DIR`` overrides it. Files are kept there as ``OWNER/REPO/COMMIT/PATH``.
- ``SCALINGBOOK_DATA_MIRROR`` names a folder laid out the same way (a byte-exact mirror, e.g.
  ``../shared/datasets``); files are then copied from it instead of the network, still
  hash-checked.
- each loader parses its files once into a tidy table and caches that table beside the files
  (``parsed/``), keyed by the files' hashes and the parser's version, so a chapter's second load
  is a read of that data-only file (never a pickle: reading it cannot run code).

Every failure is a :class:`DatasetError` with one line naming the dataset, the file and what to
do; nothing half-written is left in the cache (pooch writes to a temporary file and moves it
only once its hash matches).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParameterError
from . import datafiles
from .tables import DataError, read_table

if TYPE_CHECKING:  # pandas is imported lazily: `scalingbook data list` stays quick
    import pandas as pd

__all__ = [
    "Dataset",
    "DatasetFile",
    "DatasetError",
    "UnknownDatasetError",
    "REGISTRY",
    "dataset",
    "names",
    "cache_root",
    "mirror_root",
    "file",
    "fetch",
    "fetch_all",
    "verify",
    "CacheNotWritable",
    "is_cached",
    "status_table",
    "format_size",
    "load_cost_systems",
    "load_hardware_prices",
    "load_chips",
    "load_ppi",
    "load_frontier_lists",
    "load_epoch_chinchilla",
    "read_gadre_exp_data",
    "load_gadre2024",
    "load_gadre2024_runs",
    "load_obsscaling_base",
    "load_obsscaling_emergent",
    "load_on_emergence",
    "load_pythia",
    "load_benchmark_efficiency",
    "NOTABLE_MODELS_URL",
    "NOTABLE_MODELS_COLUMNS",
    "check_notable_models",
    "update_notable_models",
]


class DatasetError(DataError):
    """A dataset could not be fetched, verified or parsed (one line; exit code 1 in the CLI)."""


class UnknownDatasetError(ParameterError):
    """A dataset name that the registry does not hold (exit code 2 in the CLI)."""


# --------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetFile:
    """One file of a dataset: its path in the repository, size in bytes and sha256."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Dataset:
    """A dataset: one repository at one commit, the files the book reads from it, and credits.

    ``licence`` is the licence as the repository states it at that commit ("none stated" when
    it states none); ``cite`` the BibTeX key (in ``references.bib``) of the paper to cite;
    ``chapters`` the notebook stems that read it.
    """

    name: str
    owner: str
    repo: str
    commit: str
    licence: str
    cite: str
    holds: str
    chapters: tuple[str, ...]
    files: tuple[DatasetFile, ...] = field(default=(), repr=False)

    @property
    def repository(self) -> str:
        return f"{self.owner}/{self.repo}"

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    @property
    def source_url(self) -> str:
        """The repository's page at the pinned commit."""
        return f"https://github.com/{self.owner}/{self.repo}/tree/{self.commit}"

    def url(self, path: str) -> str:
        """The raw-file URL of ``path`` at the pinned commit (path URL-quoted)."""
        return f"https://raw.githubusercontent.com/{self.owner}/{self.repo}/{self.commit}/{urllib.parse.quote(path)}"

    def file(self, path: str) -> DatasetFile:
        for f in self.files:
            if f.path == path:
                return f
        raise DatasetError(f"dataset '{self.name}' has no file '{path}' in its registry")

    def files_under(self, prefix: str) -> list[DatasetFile]:
        return [f for f in self.files if f.path.startswith(prefix)]

    @property
    def digest(self) -> str:
        """One sha256 over the registry's (path, sha256) pairs: the dataset's identity."""
        h = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.path):
            h.update(f"{f.path}\0{f.sha256}\n".encode())
        return h.hexdigest()


_META: tuple[tuple[str, str, str, str, str, str, str, tuple[str, ...]], ...] = (
    (
        "training-cost-trends",
        "epoch-research",
        "training-cost-trends",
        "55f7afd289f12dae4500976866ff27e8ca6da28b",
        "Apache-2.0",
        "cottier2024",
        "Epoch AI's inputs to Cottier et al. 2024: the ML-systems table, hardware prices, the chip "
        "table, the producer price index used to deflate to 2023 USD, and Epoch's frontier lists",
        ("pretraining_cost", "scaling_limits"),
    ),
    (
        "analyzing-chinchilla",
        "epoch-research",
        "analyzing-chinchilla",
        "92258837425e1b5f2851d624287f0120583a3d0e",
        "none stated",
        "besiroglu2024",
        "Epoch AI's digitisation of Hoffmann et al. 2022's Figure 4: 245 training runs "
        "(parameters, training FLOP, final loss)",
        ("loss_scaling",),
    ),
    (
        "mlfoundations-scaling",
        "mlfoundations",
        "scaling",
        "a003c4913793ac2ae7ef87b28ecb562955d026d5",
        "MIT",
        "gadre2024",
        "Gadre et al. 2024's testbed: 104 runs on C4, RedPajama and RefinedWeb, with eight "
        "validation losses and 46 downstream accuracies each",
        ("loss_scaling", "downstream_predictability"),
    ),
    (
        "obsscaling",
        "ryoungj",
        "ObsScaling",
        "4d6e1e43fd2635d04654aa77d1df9d5266ea0382",
        "Apache-2.0",
        "ruan2024",
        "Observational Scaling Laws' tables: 148 base models on 8 benchmarks (with size, tokens "
        "and FLOPs), and 83 models on emergent BIG-bench tasks",
        ("downstream_predictability", "emergence_artifacts"),
    ),
    (
        "on-emergence",
        "UKPLab",
        "on-emergence",
        "f791b653c42251a4dbd0bdc7a064c41ea0a3c51b",
        "CC BY-SA 4.0",
        "lu2024",
        "Lu et al. 2024's evaluation scores: one row per run (task, model, prompt type, shots, "
        "seed) with exact match, BERTScore and edit distance on the same outputs",
        ("emergence_artifacts",),
    ),
    (
        "pythia",
        "EleutherAI",
        "pythia",
        "a19eecb807ec2c79a39ebf18108816e6ffffc1d5",
        "Apache-2.0",
        "biderman2023",
        "Pythia's zero-shot evaluations of the deduplicated suite, 70M to 12B parameters, at every "
        "evaluated checkpoint",
        ("emergence_artifacts",),
    ),
    (
        "llm-benchmark-efficiency",
        "epoch-research",
        "llm-benchmark-efficiency",
        "34b923314338360d1b1bbed6ec30d9299e54fdae",
        "none stated",
        "epoch2025inferenceprices",
        "Epoch AI's Benchmarking Hub logs: for each model and benchmark (MATH level 5, GPQA Diamond, "
        "OTIS Mock AIME 2024-2025) the runs' samples with input and output tokens, and prices per "
        "million tokens",
        ("test_time_compute",),
    ),
    (
        "tiny-shakespeare",
        "karpathy",
        "char-rnn",
        "6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e",
        "none stated",
        "karpathy2015",
        "The tiny Shakespeare corpus (1,115,394 characters of Shakespeare's plays, public "
        "domain), the lab's default corpus",
        ("scaling_lab",),
    ),
    (
        "war-and-peace",
        "mpagli",
        "pyNNGraph",
        "2b8d766a97aa2e343345ce11cc3ceb968ba31f00",
        "none stated",
        "tolstoy1869",
        "Tolstoy's War and Peace in the Maude translation (Project Gutenberg #2600, public domain in the "
        "US; 3,190,524 bytes), the lab's second corpus",
        ("scaling_lab",),
    ),
)


def _read_registry() -> dict[str, Dataset]:
    files: dict[str, list[DatasetFile]] = {}
    text = (Path(__file__).with_name("datasets_files.tsv")).read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        name, path, size, sha = line.split("\t")
        files.setdefault(name, []).append(DatasetFile(path, int(size), sha))
    return {m[0]: Dataset(*m, files=tuple(files.get(m[0], ()))) for m in _META}


#: Every dataset the book reads, by name.
REGISTRY: dict[str, Dataset] = _read_registry()


def names() -> list[str]:
    """The datasets' names, in the registry's order."""
    return list(REGISTRY)


def dataset(name: str) -> Dataset:
    """The registry entry of ``name`` (also accepted: ``OWNER/REPO`` or the repository's name)."""
    if name in REGISTRY:
        return REGISTRY[name]
    for ds in REGISTRY.values():
        if name.lower() in (ds.repository.lower(), ds.repo.lower()):
            return ds
    raise UnknownDatasetError(f"unknown dataset '{name}'; datasets are: {', '.join(REGISTRY)}")


# --------------------------------------------------------------------------------------
# Where files live
# --------------------------------------------------------------------------------------


def _pooch():
    """pooch, imported quietly: it imports ``tqdm.auto``, which warns "IProgress not found"
    inside a Jupyter kernel without ipywidgets (the book draws no progress bar there)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="IProgress not found")
        import pooch
    return pooch


def cache_root() -> Path:
    """The download cache: ``$SCALINGBOOK_DATA_DIR``, else the user's cache folder."""
    env = os.environ.get("SCALINGBOOK_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs  # what pooch.os_cache uses, without importing pooch on every load

    return Path(platformdirs.user_cache_dir("scalingbook")) / "datasets"


def mirror_root() -> Path | None:
    """The local mirror named by ``$SCALINGBOOK_DATA_MIRROR``, or None."""
    env = os.environ.get("SCALINGBOOK_DATA_MIRROR")
    return Path(env).expanduser() if env else None


def _local_dir(ds: Dataset) -> Path:
    return cache_root() / ds.owner / ds.repo / ds.commit


def _timeout() -> float:
    try:
        return float(os.environ.get("SCALINGBOOK_DOWNLOAD_TIMEOUT", "600"))
    except ValueError:
        return 600.0


_OFFLINE_HINT = (
    "offline? set SCALINGBOOK_DATA_MIRROR to a folder laid out OWNER/REPO/COMMIT/PATH "
    "(such as a copy of the book's datasets mirror), or run `scalingbook data fetch` "
    "where there is a network and copy the cache folder (SCALINGBOOK_DATA_DIR)"
)


class _MirrorCopy:
    """A pooch downloader that copies the file from the local mirror."""

    def __init__(self, ds: Dataset, f: DatasetFile, mirror: Path):
        self.source = mirror / ds.owner / ds.repo / ds.commit / f.path
        self.ds, self.f = ds, f

    def __call__(self, url: str, output_file, pooch_obj, check_only: bool = False):
        if check_only:
            return self.source.is_file()
        if not self.source.is_file():
            raise DatasetError(
                f"dataset '{self.ds.name}': file '{self.f.path}' is missing from the mirror "
                f"{mirror_root()} (expected {self.source}); complete the mirror or unset "
                "SCALINGBOOK_DATA_MIRROR to download from the source"
            )
        if hasattr(output_file, "write"):
            with open(self.source, "rb") as fh:
                shutil.copyfileobj(fh, output_file)
        else:
            shutil.copyfile(self.source, output_file)


class _HTTPWithDeadline:
    """A pooch downloader over requests that ends a download past a total time limit
    (``deadline``, from :func:`time.monotonic`), not only when one read stalls."""

    def __init__(self, ds: Dataset, f: DatasetFile, deadline: float):
        self.ds, self.f, self.deadline = ds, f, deadline

    def __call__(self, url: str, output_file, pooch_obj, check_only: bool = False):
        import requests

        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _Stalled()
        timeout = (min(remaining, 30.0), min(remaining, 30.0))
        if check_only:
            return requests.head(url, timeout=timeout, allow_redirects=True).status_code == 200
        import threading

        with requests.get(url, stream=True, timeout=timeout) as resp:
            resp.raise_for_status()
            # A read that keeps receiving a byte now and then never times out by itself: a
            # watchdog closes the connection at the deadline, which ends the blocked read.
            watchdog = threading.Timer(max(self.deadline - time.monotonic(), 0.0), _cut, (resp,))
            watchdog.daemon = True
            watchdog.start()
            out = output_file if hasattr(output_file, "write") else open(output_file, "wb")
            try:
                for chunk in resp.iter_content(chunk_size=65536):
                    if time.monotonic() > self.deadline:
                        raise _Stalled()
                    out.write(chunk)
            except Exception:
                if time.monotonic() >= self.deadline:
                    raise _Stalled() from None
                raise
            finally:
                watchdog.cancel()
                if out is not output_file:
                    out.close()
            if time.monotonic() >= self.deadline:
                raise _Stalled()


def _cut(resp) -> None:
    """End a streaming response from another thread: shut its socket down (closing alone does
    not wake a read blocked in another thread)."""
    import socket

    conn = getattr(resp.raw, "_connection", None) or getattr(resp.raw, "connection", None)
    sock = getattr(conn, "sock", None)
    if sock is None:
        fp = getattr(getattr(resp.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    resp.close()


class _Stalled(Exception):
    """A download passed its total time limit."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _retrieve(ds: Dataset, f: DatasetFile, deadline: float) -> Path:
    import requests

    pooch = _pooch()
    pooch.get_logger().setLevel("WARNING")
    target = _local_dir(ds) / f.path
    mirror = mirror_root()
    downloader = _MirrorCopy(ds, f, mirror) if mirror else _HTTPWithDeadline(ds, f, deadline)
    if not target.is_file():  # a download must be able to land: say so, not "offline?"
        _cache_writable(target.parent)
    try:
        got = pooch.retrieve(
            ds.url(f.path),
            known_hash=f"sha256:{f.sha256}",
            fname=target.name,
            path=target.parent,
            downloader=downloader,
            progressbar=False,
        )
    except DatasetError:
        raise
    except _Stalled:
        raise DatasetError(
            f"dataset '{ds.name}': downloading '{f.path}' passed the time limit of {_timeout():g} s "
            f"(SCALINGBOOK_DOWNLOAD_TIMEOUT); nothing was kept. Try again, or {_OFFLINE_HINT}"
        ) from None
    except ValueError as err:
        if "hash" in str(err).lower():
            where = f"the mirror copy {downloader.source}" if mirror else ds.url(f.path)
            raise DatasetError(
                f"dataset '{ds.name}': file '{f.path}' from {where} does not match its sha256 "
                f"{f.sha256[:12]}...; it was not used and not kept. Replace the copy or fetch it "
                "from the source"
            ) from None
        raise DatasetError(f"dataset '{ds.name}': file '{f.path}': {err}") from None
    except (requests.exceptions.RequestException, OSError) as err:
        if (
            isinstance(err, OSError)
            and not isinstance(err, requests.exceptions.RequestException)
            and getattr(err, "filename", None)
            and str(cache_root()) in str(err.filename)
        ):
            raise CacheNotWritable(
                f"dataset '{ds.name}': file '{f.path}' could not be written into the "
                f"datasets cache {cache_root()} ({err.strerror or type(err).__name__}); "
                "set SCALINGBOOK_DATA_DIR to a folder you can write"
            ) from None
        reason = type(err).__name__
        raise DatasetError(
            f"dataset '{ds.name}': could not download '{f.path}' from {ds.url(f.path)} ({reason}); {_OFFLINE_HINT}"
        ) from None
    return Path(got)


def file(name: str, path: str) -> Path:
    """A verified local copy of ``path`` of dataset ``name`` (fetched on first use)."""
    ds = dataset(name)
    return _retrieve(ds, ds.file(path), time.monotonic() + _timeout())


def _fetch_files(ds: Dataset, files: Iterable[DatasetFile], progress: bool = False) -> Path:
    deadline = time.monotonic() + _timeout()
    files = list(files)
    missing = [f for f in files if not (_local_dir(ds) / f.path).is_file()]
    bar = None
    if progress and missing:
        from tqdm import tqdm

        bar = tqdm(
            total=sum(f.bytes for f in missing),
            unit="B",
            unit_scale=True,
            desc=ds.name,
            file=sys.stderr,
            leave=True,
            disable=None,
        )
    for f in files:
        _retrieve(ds, f, deadline)
        if bar is not None and f in missing:
            bar.update(f.bytes)
    if bar is not None:
        bar.close()
    return _local_dir(ds)


def fetch(name: str, progress: bool = False) -> Path:
    """Fetch every file of dataset ``name`` (those not cached yet) and return the local folder
    that holds them at their repository paths."""
    ds = dataset(name)
    return _fetch_files(ds, ds.files, progress)


def fetch_all(names_: Iterable[str] | None = None, progress: bool = False) -> list[Path]:
    """Fetch the named datasets (all when None); returns their local folders."""
    return [fetch(n, progress) for n in (names_ or names())]


def is_cached(name: str) -> bool:
    """Whether every file of ``name`` is in the cache (by presence and size)."""
    ds = dataset(name)
    root = _local_dir(ds)
    return all((root / f.path).is_file() and (root / f.path).stat().st_size == f.bytes for f in ds.files)


class CacheNotWritable(DatasetError):
    """The datasets cache cannot be written (read-only, or SCALINGBOOK_DATA_DIR names a file):
    one line; exit code 2 in the CLI, since the reader chose where the cache is."""


def _cache_writable(folder: Path) -> None:
    """Create ``folder`` (inside the cache) and a file in it, or raise CacheNotWritable."""
    import tempfile

    root = cache_root()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".probe-", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        what = (
            f"SCALINGBOOK_DATA_DIR '{root}' is a file, not a folder"
            if root.exists() and not root.is_dir()
            else f"the datasets cache {root} cannot be written ({exc.strerror or type(exc).__name__})"
        )
        raise CacheNotWritable(f"{what}; set SCALINGBOOK_DATA_DIR to a folder you can write") from None


def verify(names_: Iterable[str] | None = None, notes: list[str] | None = None) -> list[str]:
    """Re-hash every cached file and re-derive every cached parsed table; remove and report
    those that do not match.

    A downloaded file must match the registry's sha256. A parsed table (``parsed/*.npz``) is
    read as data (never as a pickle) and compared with a fresh parse of its verified files;
    one whose files are not all cached cannot be checked, so it is removed (it is parsed again
    on first use). Pickles left by earlier versions of the book are removed unread. Returns one
    line per problem (empty when all is well); files not cached are not problems. ``notes``,
    when given, collects what was tidied without being a problem. Raises CacheNotWritable
    (one line) when a file that does not match cannot be removed.
    """
    notes = [] if notes is None else notes
    problems: list[str] = []
    stuck: list[str] = []

    def remove(p: Path, line: str) -> None:
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            stuck.append(
                f"{line.split(' and was removed')[0]} and cannot be removed from {p.parent} "
                f"({exc.strerror or type(exc).__name__})"
            )
            return
        problems.append(line)

    chosen = [dataset(n) for n in (names_ or names())]
    for ds in chosen:
        for f in ds.files:
            p = _local_dir(ds) / f.path
            if p.is_file() and _sha256(p) != f.sha256:
                remove(
                    p,
                    f"dataset '{ds.name}': cached file '{f.path}' did not match its sha256 "
                    "and was removed; `scalingbook data fetch` gets it again",
                )
    for parse_name, loader in _LOADERS.items():
        ds = dataset(loader.dataset)  # type: ignore[attr-defined]
        if ds not in chosen:
            continue
        path = loader.parsed_path()  # type: ignore[attr-defined]
        if not path.is_file():
            continue
        line = _check_parsed(ds, loader, path)
        if line is None:
            continue
        if line == "":
            try:
                path.unlink()
                notes.append(
                    f"parsed table {path.name} removed: its dataset's files are not all cached to "
                    "check it against (it is parsed again on first use)"
                )
            except OSError:
                pass
            continue
        remove(
            path,
            f"dataset '{ds.name}': parsed table '{path.name}' {line} and was removed; "
            "it is parsed again from the verified files on first use",
        )
    for folder in (cache_root() / "parsed", cache_root().parent / "pages"):
        for old in sorted(folder.glob("*.pkl")) if folder.is_dir() else []:
            try:
                old.unlink()
                notes.append(
                    f"removed {old} unread: a pickle from an earlier version of the book, which no longer reads pickles"
                )
            except OSError as exc:
                notes.append(
                    f"{old} is a pickle from an earlier version of the book; it is never read, "
                    f"but could not be removed ({exc.strerror or type(exc).__name__})"
                )
    if stuck:
        more = f" (and {len(stuck) - 1} more)" if len(stuck) > 1 else ""
        raise CacheNotWritable(
            f"{stuck[0]}{more}; make the cache writable or set SCALINGBOOK_DATA_DIR "
            "to a writable copy, then run `scalingbook data verify` again"
        )
    return problems


def _check_parsed(ds: Dataset, loader, path: Path) -> str | None:
    """None when the parsed table at ``path`` equals a fresh parse of its verified files; ""
    when those files are not all cached; otherwise what is wrong with it."""
    import pandas as pd

    try:
        stored = datafiles.read_frame(path)
    except Exception as exc:
        return f"is not a readable data-only table ({type(exc).__name__})"
    try:
        if not all((_local_dir(ds) / f.path).is_file() for f in loader.files()):
            return ""
        fresh = loader.reparse()
    except DatasetError:
        return ""
    try:
        pd.testing.assert_frame_equal(stored, fresh, check_exact=True)
    except AssertionError:
        return "differs from a fresh parse of the dataset's verified files"
    return None


def status_table() -> list[dict]:
    """One row per dataset: name, files, size (bytes), licence, source, cached."""
    return [
        {
            "name": ds.name,
            "files": len(ds.files),
            "bytes": ds.total_bytes,
            "licence": ds.licence,
            "source": f"{ds.repository}@{ds.commit[:7]}",
            "cached": is_cached(ds.name),
        }
        for ds in REGISTRY.values()
    ]


# --------------------------------------------------------------------------------------
# Parsing once: tidy tables cached beside the files
# --------------------------------------------------------------------------------------

#: every parsing loader, by name (for ``data verify``)
_LOADERS: dict[str, Callable[[], pd.DataFrame]] = {}


def _parsed_path(ds: Dataset, parse_name: str, version: int, files: list[DatasetFile]) -> Path:
    """Where the parsed table of ``parse_name`` lives: ``parsed/NAME-KEY.npz``, keyed by the
    files' hashes and the parser's version."""
    h = hashlib.sha256(f"{parse_name}:{version}".encode())
    for f in files:
        h.update(f.sha256.encode())
    return cache_root() / "parsed" / f"{parse_name}-{h.hexdigest()[:16]}{datafiles.SUFFIX}"


def _parsed(name: str, version: int, paths: Callable[[Dataset], list[DatasetFile]]):
    """Decorate ``parse(folder) -> DataFrame`` into a loader that fetches the files, parses them
    once, and caches the table keyed by the files' hashes and the parser's ``version``.

    The cached table is a data-only file (:mod:`scalingbook.sources.datafiles`, never a
    pickle): reading it cannot run code, whoever wrote the cache folder."""

    def wrap(parse):
        def locate() -> tuple[Dataset, list[DatasetFile], Path]:
            ds = dataset(name)
            files = paths(ds)
            return ds, files, _parsed_path(ds, parse.__name__, version, files)

        def reparse() -> pd.DataFrame:
            ds, files, _ = locate()
            return parse(_fetch_files(ds, files))

        @lru_cache(maxsize=1)
        def _load_cached(root_key: str):
            ds, files, cached = locate()
            if cached.is_file():
                try:
                    return datafiles.read_frame(cached)
                except Exception:  # a truncated or foreign file: parse again
                    with contextlib.suppress(OSError):
                        cached.unlink()
            folder = _fetch_files(ds, files)
            table = parse(folder)
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                datafiles.write_frame(cached, table)
            except (OSError, datafiles.Unsupported):  # a read-only cache only costs the time
                pass
            return table

        def loader():
            table = _load_cached(str(cache_root()))
            return table.copy()

        loader.__name__ = parse.__name__
        loader.__qualname__ = parse.__name__
        loader.__doc__ = parse.__doc__
        loader.dataset = name  # type: ignore[attr-defined]
        loader.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
        loader.parsed_path = lambda: locate()[2]  # type: ignore[attr-defined]
        loader.reparse = reparse  # type: ignore[attr-defined]
        loader.files = lambda: locate()[1]  # type: ignore[attr-defined]
        _LOADERS[parse.__name__] = loader
        return loader

    return wrap


def _only(*paths: str) -> Callable[[Dataset], list[DatasetFile]]:
    return lambda ds: [ds.file(p) for p in paths]


def _prefix(prefix: str, *also: str) -> Callable[[Dataset], list[DatasetFile]]:
    return lambda ds: [*ds.files_under(prefix), *(ds.file(p) for p in also)]


def _snake(name: str) -> str:
    s = name.replace("\ufeff", "").strip().lower()
    s = re.sub(r"\(([^)]*)\)", r" \1 ", s)
    s = re.sub(r"[^0-9a-z]+", "_", s)
    return s.strip("_")


def _read_csv_snake(path: Path, numeric: Iterable[str] = (), dates: Iterable[str] = ()) -> pd.DataFrame:
    import pandas as pd

    df = pd.read_csv(path, encoding="utf-8-sig", low_memory=False)
    df.columns = [_snake(c) for c in df.columns]
    for c in numeric:
        if c in df.columns:
            df[c] = pd.to_numeric(
                df[c]
                .astype(str)
                .str.replace(",", "")
                .str.replace("$", "", regex=False)
                .str.strip()
                .replace({"": None, "nan": None}),
                errors="coerce",
            )
    for c in dates:
        if c in df.columns:
            df[c] = pd.to_datetime(df[c], errors="coerce")
    return df


_TCT = "data/"

_SYSTEM_NUMERIC = (
    "citations",
    "parameters",
    "training_compute_flop",
    "training_dataset_size_datapoints",
    "epochs",
    "inference_compute_flop",
    "training_time_hours",
    "training_compute_cost_2020_usd",
    "finetune_compute_flop",
    "hardware_quantity",
    "hardware_utilization",
    "batch_size",
    "training_compute_lower_bound",
    "training_compute_upper_bound",
    "training_chip_hours",
)


@_parsed("training-cost-trends", 1, _only("data/All ML Systems - full view.csv"))
def load_cost_systems(folder: Path | None = None) -> pd.DataFrame:
    """Epoch AI's ML-systems table as used by Cottier et al. 2024 (training-cost-trends at the
    paper's commit, ``data/All ML Systems - full view.csv``): one row per system.

    Every column of the file, renamed to snake_case (``Training compute (FLOP)`` ->
    ``training_compute_flop``). Among them: ``system``, ``publication_date`` (datetime64),
    ``organization``, ``parameters`` (count), ``training_compute_flop`` (FLOP),
    ``training_dataset_size_datapoints``, ``training_time_hours`` (hours), ``training_hardware``
    (chip name as in the hardware tables), ``hardware_quantity`` (chips),
    ``hardware_utilization`` (0-1), ``training_compute_cost_2020_usd`` (USD of 2020),
    ``confidence``, ``notability_criteria``, ``training_cloud_compute_vendor``, ``exclude``.
    Numeric columns are floats (NaN where blank).
    """
    return _read_csv_snake(
        folder / "data/All ML Systems - full view.csv", _SYSTEM_NUMERIC, ("publication_date", "last_modified")
    )


@_parsed("training-cost-trends", 1, _only("data/Hardware prices.csv"))
def load_hardware_prices(folder: Path | None = None) -> pd.DataFrame:
    """Epoch AI's hardware price table (training-cost-trends, ``data/Hardware prices.csv``):
    one row per quoted price.

    ``price_source`` (URL), ``price_date`` (datetime64), ``hardware_model``,
    ``manufacturer`` (from the hardware model), ``vendor``, ``location``,
    ``price_per_chip_hour_on_demand``, ``price_per_chip_hour_1_year_cud``,
    ``price_per_chip_hour_3_year_cud`` (USD per chip-hour; CUD = committed-use discount),
    ``price_hardware_purchase`` (USD, as quoted: per chip or per server, see ``notes``),
    ``notes``.
    """
    df = _read_csv_snake(
        folder / "data/Hardware prices.csv",
        (
            "price_per_chip_hour_on_demand",
            "price_per_chip_hour_1_year_cud",
            "price_per_chip_hour_3_year_cud",
            "price_hardware_purchase",
        ),
        ("price_date",),
    )
    return df.rename(columns={"manufacturer_from_hardware_model": "manufacturer"})


_CHIP_NUMERIC = (
    "release_price_usd",
    "fp64_double_precision_performance_flop_s",
    "fp32_single_precision_performance_flop_s",
    "fp16_half_precision_performance_flop_s",
    "tensor_float_32_tf32",
    "fp16_tensor_core",
    "int16_performance_op_s",
    "int8_performance_op_s",
    "memory_size_per_board_byte",
    "memory_bandwidth_byte_s",
    "intranode_bandwidth_byte_s",
    "internode_bandwidth_bit_s",
    "die_size_mm_2",
    "tdp_w",
    "process_size_nm",
    "number_of_transistors_in_million",
)


@_parsed("training-cost-trends", 1, _only("data/Chip dataset-Grid view.csv"))
def load_chips(folder: Path | None = None) -> pd.DataFrame:
    """Epoch AI's chip table (training-cost-trends, ``data/Chip dataset-Grid view.csv``): one
    row per chip.

    Every column in snake_case, e.g. ``name_of_the_hardware``, ``manufacturer``, ``type``,
    ``release_date`` (datetime64), ``release_price_usd`` (USD), ``fp32_single_precision_performance_flop_s``,
    ``fp16_tensor_core`` (FLOP/s), ``tensor_float_32_tf32`` (FLOP/s), ``int8_performance_op_s``,
    ``memory_size_per_board_byte``, ``memory_bandwidth_byte_s``, ``tdp_w`` (watts); numerics as float.
    """
    return _read_csv_snake(folder / "data/Chip dataset-Grid view.csv", _CHIP_NUMERIC, ("release_date",))


@_parsed("training-cost-trends", 1, _only("data/PCU518210518210.csv"))
def load_ppi(folder: Path | None = None) -> pd.DataFrame:
    """The US producer price index Cottier et al. 2024 deflate with (series PCU518210518210,
    "Data processing, hosting and related services", monthly; training-cost-trends
    ``data/PCU518210518210.csv``): ``date`` (datetime64, first of the month), ``ppi`` (index,
    December 2000 = 100)."""
    import pandas as pd

    df = pd.read_csv(folder / "data/PCU518210518210.csv", encoding="utf-8-sig")
    return pd.DataFrame(
        {"date": pd.to_datetime(df["DATE"]), "ppi": pd.to_numeric(df["PCU518210518210"], errors="coerce")}
    )


@_parsed("training-cost-trends", 1, _only("data/frontier_systems_by_top_n.json"))
def load_frontier_lists(folder: Path | None = None) -> pd.DataFrame:
    """Epoch AI's own frontier selections (training-cost-trends,
    ``data/frontier_systems_by_top_n.json``): one row per (top_n, system), where ``top_n`` (int)
    is the rule "among the top n by training compute at publication" and ``system`` the name
    as in :func:`load_cost_systems`."""
    import pandas as pd

    raw = json.loads((folder / "data/frontier_systems_by_top_n.json").read_text(encoding="utf-8"))
    rows = [(int(k), s) for k, systems in raw.items() for s in systems]
    return pd.DataFrame(rows, columns=["top_n", "system"]).sort_values(["top_n", "system"]).reset_index(drop=True)


@_parsed("analyzing-chinchilla", 1, _only("data/svg_extracted_data.csv"))
def load_epoch_chinchilla(folder: Path | None = None) -> pd.DataFrame:
    """Epoch AI's digitisation of Hoffmann et al. 2022, Figure 4 (analyzing-chinchilla,
    ``data/svg_extracted_data.csv``), the points Besiroglu et al. 2024 refit: 245 rows.

    ``n_params`` (N, parameters), ``n_tokens`` (D = C / 6N, tokens, as Besiroglu et al. derive
    it), ``train_flops`` (C, FLOP, as digitised), ``loss`` (final training loss, nats/token),
    ``source``.
    """
    import pandas as pd

    raw = pd.read_csv(folder / "data/svg_extracted_data.csv")
    n = raw["Model Size"].astype(float)
    c = raw["Training FLOP"].astype(float)
    return pd.DataFrame(
        {
            "n_params": n,
            "n_tokens": c / (6.0 * n),
            "train_flops": c,
            "loss": raw["loss"].astype(float),
            "source": "Epoch AI, analyzing-chinchilla data/svg_extracted_data.csv "
            "(digitised Hoffmann et al. 2022 Fig. 4)",
        }
    )


_GADRE_SOURCE = "Gadre et al. 2024 (arXiv:2403.08540), github.com/mlfoundations/scaling exp_data/ (MIT licence)"


def _val_name(result: dict) -> str:
    """Short name of a loss evaluation set, as the testbed's own parser derives it
    (parent folder of the first shard; the file stem for the German set)."""
    first = str(result["val_data"][0])
    parts = first.split("/")
    if "de-en" in parts[-2] or "de-en" in parts[-1]:
        return parts[-1].split(".")[0]
    return parts[-2]


def _gadre_runs(root: Path) -> pd.DataFrame:
    import pandas as pd

    model_files = sorted((root / "models").glob("*.json"))
    if not model_files:
        raise DatasetError(
            f"{root / 'models'} holds no model JSON files (Gadre et al. 2024 layout: exp_data/models/*.json)"
        )
    rows = []
    for mf in model_files:
        try:
            m = json.loads(mf.read_text(encoding="utf-8"))
            hp = m["hyperparameters"]
            n, d = float(hp["params"]), float(hp["tokens"])
            rows.append(
                {
                    "run": m.get("name", mf.stem),
                    "dataset": m["dataset_name"],
                    "architecture": str(hp["model"]).split("/")[-1].rsplit(".", 1)[0],
                    "n_params": n,
                    "n_params_no_embed": float(hp.get("params_no_embed", float("nan"))),
                    "n_tokens": d,
                    "token_multiplier": 20.0 * float(hp["chinchilla_multiplier"]),
                    "train_flops": 6.0 * n * d,
                    **{f"loss_{_val_name(r)}": float(r["loss"]) for r in m.get("results", [])},
                    "has_eval": (root / "evals" / f"evaluation_{mf.stem}_heavy.json").is_file(),
                    "file": mf.stem,
                }
            )
        except (KeyError, TypeError, ValueError, IndexError) as err:
            raise DatasetError(f"{mf}: not a model file of the Gadre et al. layout (missing {err})") from None
    return pd.DataFrame(rows)


def read_gadre_exp_data(root: str | os.PathLike) -> pd.DataFrame:
    """Parse a folder in Gadre et al. 2024's ``exp_data/`` layout (the dataset
    ``mlfoundations-scaling``, or a reader's own testbed in the same layout) into the table
    :func:`load_gadre2024` documents. ``root`` is the ``exp_data`` folder or a folder holding it.
    """
    import pandas as pd

    root = Path(root).expanduser()
    if not root.is_dir():
        raise DatasetError(f"testbed folder '{root}' is neither an existing folder nor readable")
    if not (root / "models").is_dir() and (root / "exp_data").is_dir():
        root = root / "exp_data"
    if not ((root / "models").is_dir() and (root / "evals").is_dir()):
        raise DatasetError(
            f"{root} does not hold the Gadre et al. 2024 layout: expected "
            "exp_data/models/*.json and exp_data/evals/evaluation_*_heavy.json"
        )
    runs = _gadre_runs(root)
    meta = None
    if (root / "eval_metadata.csv").is_file():
        meta = pd.read_csv(root / "eval_metadata.csv").set_index("Eval Task")
    parts = []
    for run in runs[runs["has_eval"]].itertuples(index=False):
        ef = root / "evals" / f"evaluation_{run.file}_heavy.json"
        try:
            icl = json.loads(ef.read_text(encoding="utf-8"))["eval_metrics"]["icl"]
        except (KeyError, ValueError) as err:
            raise DatasetError(f"{ef}: no eval_metrics.icl ({err})") from None
        parts.append(pd.DataFrame({"file": run.file, "task": list(icl), "accuracy": [float(v) for v in icl.values()]}))
    if not parts:
        raise DatasetError(f"{root}: no model has an evaluation file in evals/")
    acc = pd.concat(parts, ignore_index=True)
    bad = acc[(acc["accuracy"] < 0) | (acc["accuracy"] > 1)]
    if len(bad):
        r = bad.iloc[0]
        raise DatasetError(
            f"{root}: accuracy of '{r['task']}' in run {r['file']} must be in [0, 1]; got {r['accuracy']}"
        )
    df = runs.drop(columns=["has_eval"]).merge(acc, on="file").drop(columns=["file"])
    df["error"] = 1.0 - df["accuracy"]
    if meta is not None:
        m = meta.reindex(df["task"])
        df["chance"] = (pd.to_numeric(m["Random baseline"], errors="coerce") / 100.0).to_numpy()
        df["n_shots"] = pd.to_numeric(m["#shots"], errors="coerce").to_numpy()
        df["n_items"] = pd.to_numeric(m["#datapoints"], errors="coerce").to_numpy()
        df["task_category"] = m["Task Category"].fillna("").astype(str).to_numpy()
        df["task_type"] = m["Task Type"].fillna("").astype(str).to_numpy()
    else:
        for c in ("chance", "n_shots", "n_items"):
            df[c] = float("nan")
        df["task_category"] = df["task_type"] = ""
    df["source"] = _GADRE_SOURCE
    missing = runs[~runs["has_eval"]]
    df.attrs["excluded"] = pd.DataFrame(
        {
            "run": missing["run"].tolist(),
            "reason": [f"no evaluation file evaluation_{f}_heavy.json" for f in missing["file"]],
        },
        columns=["run", "reason"],
    )
    return df


@_parsed("mlfoundations-scaling", 1, _prefix("exp_data/"))
def load_gadre2024(folder: Path | None = None) -> pd.DataFrame:
    """Gadre et al. 2024's testbed (mlfoundations/scaling ``exp_data/``): one row per
    (run, downstream task), for the runs that have an evaluation file.

    ``run``, ``dataset`` (c4_original | rpj | rw_original: C4, RedPajama, RefinedWeb),
    ``architecture`` (open_lm config), ``n_params`` (N), ``n_params_no_embed``, ``n_tokens``
    (D), ``token_multiplier`` (M = D / N, i.e. 20 x the file's chinchilla multiplier),
    ``train_flops`` (6ND, FLOP), one ``loss_<valset>`` column per validation set (nats/token,
    e.g. ``loss_c4_val``), ``task``, ``accuracy`` (0-1), ``error`` (1 - accuracy), ``chance``
    (random baseline, 0-1), ``n_shots``, ``n_items`` (items in the task), ``task_category``,
    ``task_type``, ``source``.
    """
    return read_gadre_exp_data(folder / "exp_data")


@_parsed("mlfoundations-scaling", 1, _prefix("exp_data/models/", "exp_data/eval_metadata.csv"))
def load_gadre2024_runs(folder: Path | None = None) -> pd.DataFrame:
    """Gadre et al. 2024's 104 runs, one row each: ``run``, ``dataset``, ``architecture``,
    ``n_params``, ``n_params_no_embed``, ``n_tokens``, ``token_multiplier`` (M = D / N),
    ``train_flops`` (6ND), ``loss_<valset>`` (nats/token) and ``has_eval`` (whether the
    testbed holds its downstream evaluation). Runs are never dropped here."""
    runs = _gadre_runs(folder / "exp_data")
    runs["source"] = _GADRE_SOURCE
    return runs.drop(columns=["file"])


_OBS = "eval_results/"


@_parsed("obsscaling", 1, _only("eval_results/base_llm_benchmark_eval.csv"))
def load_obsscaling_base(folder: Path | None = None) -> pd.DataFrame:
    """Observational Scaling's base-model table (Ruan et al. 2024; ObsScaling
    ``eval_results/base_llm_benchmark_eval.csv``): one row per base model (148).

    ``model`` (Hugging Face id), ``family``, ``n_params`` (parameters, from "Model Size (B)"),
    ``n_tokens`` (from "Pretraining Data Size (T)"), ``train_flops`` (FLOP, from "FLOPs
    (1E21)"), then the benchmarks as the file names them, accuracies in 0-1: ``MMLU``,
    ``ARC-C``, ``HellaSwag``, ``Winograd``, ``TruthfulQA``, ``GSM8K``, ``XWinograd``,
    ``HumanEval``.
    """
    import pandas as pd

    raw = pd.read_csv(folder / "eval_results/base_llm_benchmark_eval.csv")
    out = pd.DataFrame(
        {
            "model": raw["Model"],
            "family": raw["Model Family"],
            "n_params": pd.to_numeric(raw["Model Size (B)"], errors="coerce") * 1e9,
            "n_tokens": pd.to_numeric(raw["Pretraining Data Size (T)"], errors="coerce") * 1e12,
            "train_flops": pd.to_numeric(raw["FLOPs (1E21)"], errors="coerce") * 1e21,
        }
    )
    bench = [
        c
        for c in raw.columns
        if c not in ("Model", "Model Family", "Model Size (B)", "Pretraining Data Size (T)", "FLOPs (1E21)")
    ]
    for c in bench:
        out[c] = pd.to_numeric(raw[c], errors="coerce")
    return out


@_parsed("obsscaling", 1, _only("eval_results/base_llm_emergent_capability_eval.csv"))
def load_obsscaling_emergent(folder: Path | None = None) -> pd.DataFrame:
    """Observational Scaling's emergent-capability table (ObsScaling
    ``eval_results/base_llm_emergent_capability_eval.csv``): one row per model (83): ``model``
    then the file's columns, e.g. ``word_unscrambling_2_exact_match``,
    ``ipa_transliterate_2_exact_match`` (0-1), ``ipa_transliterate_2_bleu`` (BLEU, 0-100),
    ``arithmetic_3ds_2_acc`` ... (0-1), ``parsinlu_qa_2_acc``. Join on ``model`` with
    :func:`load_obsscaling_base` for size and compute."""
    import pandas as pd

    raw = pd.read_csv(folder / "eval_results/base_llm_emergent_capability_eval.csv")
    return raw.rename(columns={"Model": "model"})


_SENTINEL = -100


@_parsed("on-emergence", 1, _only("evaluation_scores.csv"))
def load_on_emergence(folder: Path | None = None) -> pd.DataFrame:
    """Lu et al. 2024's evaluation scores (UKPLab/on-emergence ``evaluation_scores.csv``,
    CC BY-SA 4.0): one row per evaluation run.

    ``run_id``, ``task`` (the folder of the file's ``filename``, e.g.
    ``tracking_shuffled_objects``), ``filename``, ``n_items`` (items evaluated), ``model`` (as
    the file names it), ``prompt_type`` (closed | ...), ``n_shots``, ``seed``, ``temperature``,
    ``exact_match`` (accuracy, 0-1), ``exact_match_f1``, ``bert_score`` (BERTScore accuracy,
    0-1), ``bert_score_f1``, ``edit_distance`` (mean character edit distance to the target),
    ``single_bert_score`` (0-1). The file's -100 sentinels (not computed) are NaN.
    """
    import numpy as np
    import pandas as pd

    raw = pd.read_csv(folder / "evaluation_scores.csv")
    out = pd.DataFrame(
        {
            "run_id": raw["run_id"].astype(str),
            "task": raw["filename"].astype(str).str.split("/").str[0],
            "filename": raw["filename"],
            "n_items": pd.to_numeric(raw["number_of_data"], errors="coerce"),
            "model": raw["model"],
            "prompt_type": raw["prompt_type"],
            "n_shots": pd.to_numeric(raw["number_of_shots"], errors="coerce"),
            "seed": raw["seed"],
            "temperature": pd.to_numeric(raw["temperature"], errors="coerce"),
        }
    )
    for new, old in (
        ("exact_match", "exact_match_accuracy"),
        ("exact_match_f1", "exact_match_f1"),
        ("bert_score", "bert_score_accuracy"),
        ("bert_score_f1", "bert_score_f1"),
        ("edit_distance", "edit_distance"),
        ("single_bert_score", "single_bert_score"),
    ):
        v = pd.to_numeric(raw[old], errors="coerce")
        out[new] = v.where(v != _SENTINEL, np.nan)
    return out


#: Tokens per Pythia training step: 1,024 sequences of 2,048 tokens (Biderman et al. 2023, Sec. 2).
PYTHIA_TOKENS_PER_STEP = 2_097_152
_PYTHIA_FILE = re.compile(r"pythia-v1/pythia-([0-9.]+[mb])-deduped/zero-shot/[0-9.]+[mb]-deduped_step(\d+)\.json$")


@_parsed("pythia", 1, _prefix("evals/pythia-v1/"))
def load_pythia(folder: Path | None = None) -> pd.DataFrame:
    """Pythia's zero-shot evaluations of the deduplicated suite (EleutherAI/pythia
    ``evals/pythia-v1/pythia-SIZE-deduped/zero-shot/*_stepN.json``): one row per
    (size, step, task, metric).

    ``size`` (70m, 160m, 410m, 1b, 1.4b, 2.8b, 6.9b, 12b), ``n_params`` (total parameters, from
    ``data/pythia_models.csv``), ``step`` (training step), ``n_tokens`` (step x 2,097,152 tokens),
    ``train_flops`` (6 N D, FLOP), ``task`` (e.g. lambada_openai, piqa, sciq, arc_easy),
    ``metric`` (acc, acc_norm, ppl, ...), ``value`` (accuracy 0-1, or perplexity), ``stderr``.
    """
    import pandas as pd

    sizes = read_table("pythia_models").set_index("size")["n_params"].astype(float)
    rows = []
    for path in sorted((folder / "evals/pythia-v1").glob("pythia-*-deduped/zero-shot/*.json")):
        m = _PYTHIA_FILE.search(path.as_posix())
        if not m:
            continue
        size, step = m.group(1), int(m.group(2))
        results = json.loads(path.read_text(encoding="utf-8"))["results"]
        for task, metrics in results.items():
            for metric, value in metrics.items():
                if metric.endswith("_stderr") or not isinstance(value, (int, float)):
                    continue
                err = metrics.get(f"{metric}_stderr")
                rows.append(
                    (
                        size,
                        step,
                        task,
                        metric,
                        float(value),
                        float(err) if isinstance(err, (int, float)) else float("nan"),
                    )
                )
    df = pd.DataFrame(rows, columns=["size", "step", "task", "metric", "value", "stderr"])
    unknown = sorted(set(df["size"]) - set(sizes.index))
    if unknown:
        raise DatasetError(f"data/pythia_models.csv has no row for Pythia size '{unknown[0]}'")
    df.insert(1, "n_params", df["size"].map(sizes))
    df.insert(3, "n_tokens", df["step"] * float(PYTHIA_TOKENS_PER_STEP))
    df.insert(4, "train_flops", 6.0 * df["n_params"] * df["n_tokens"])
    return df.sort_values(["n_params", "step", "task", "metric"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Sizes in words (`scalingbook data list`; the Data page is scalingbook.pages.datapage)
# --------------------------------------------------------------------------------------


def format_size(n: int) -> str:
    """Bytes in words: ``3.2 MB``, ``23.9 kB``."""
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


# --------------------------------------------------------------------------------------
# Epoch AI "Notable AI Models" (CC BY 4.0): the optional live refresh (`scalingbook data update`)
# --------------------------------------------------------------------------------------

#: Epoch AI's download of its "Notable AI Models" table (CC BY 4.0; credit "Data: Epoch AI").
NOTABLE_MODELS_URL = "https://epoch.ai/data/notable_ai_models.csv"

#: Columns of Epoch's CSV the book uses, mapped to the names of data/frontier_models.csv.
NOTABLE_MODELS_COLUMNS: dict[str, str] = {
    "Model": "model",
    "Organization": "organization",
    "Publication date": "publication_date",
    "Parameters": "parameters",
    "Training dataset size (datapoints)": "training_dataset_size_datapoints",
    "Training compute (FLOP)": "training_compute_flop",
    "Training hardware": "training_hardware",
    "Hardware quantity": "hardware_quantity",
    "Training time (hours)": "training_time_hours",
    "Confidence": "epoch_confidence",
}
#: Optional columns (renamed when present): Epoch has renamed these between releases.
_NOTABLE_OPTIONAL = {
    "Hardware utilization": "hardware_utilization",
    "Hardware utilization (MFU)": "hardware_utilization",
    "Training compute cost (2023 USD)": "training_compute_cost_2023_usd",
}


def check_notable_models(df: pd.DataFrame, where: str = "Notable AI Models CSV") -> pd.DataFrame:
    """Check a table in Epoch's "Notable AI Models" format and return it in the book's column
    names (those of ``data/frontier_models.csv``) with a ``source`` column.

    Raises DataError naming the first missing column, or a publication date or training
    compute that cannot be read.
    """
    import pandas as pd

    missing = [c for c in NOTABLE_MODELS_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"{where}: missing column '{missing[0]}'")
    if df.empty:
        raise DataError(f"{where}: the table has no rows")
    out = df.rename(columns={**NOTABLE_MODELS_COLUMNS, **_NOTABLE_OPTIONAL})
    keep = dict.fromkeys([*NOTABLE_MODELS_COLUMNS.values(), *_NOTABLE_OPTIONAL.values()])
    out = out[[c for c in keep if c in out.columns]].copy()
    dates = pd.to_datetime(out["publication_date"], errors="coerce")
    bad = out.index[dates.isna() & out["publication_date"].notna()]
    if len(bad):
        raise DataError(
            f"{where}: row {int(bad[0]) + 2} has an unreadable 'Publication date' "
            f"{out.at[bad[0], 'publication_date']!r}"
        )
    flops = pd.to_numeric(out["training_compute_flop"], errors="coerce")
    bad = out.index[flops.isna() & out["training_compute_flop"].notna()]
    if len(bad):
        raise DataError(
            f"{where}: row {int(bad[0]) + 2} has a non-numeric 'Training compute (FLOP)' "
            f"{out.at[bad[0], 'training_compute_flop']!r}"
        )
    out["training_compute_flop"] = flops
    out["source"] = "Epoch AI, 'Notable AI Models' dataset (CC BY 4.0), downloaded by scalingbook data update"
    return out


def update_notable_models(
    url: str = NOTABLE_MODELS_URL, cache: str | os.PathLike | None = None, opener=None, timeout: float = 30.0
) -> Path:
    """Download Epoch AI's current "Notable AI Models" CSV, check its schema, cache it.

    This table changes daily, so it has no pinned hash: it is checked by its schema instead.
    url: an http(s) or file:// URL, or a local path; cache: the file to write (default
    ``cache_root()/notable_ai_models.csv``); opener: ``opener(url, timeout=...)`` returning a
    file-like object (default ``urllib.request.urlopen``; tests pass a fake). The book keeps
    building from the shipped ``data/frontier_models.csv``. Returns the cached file's path.
    Raises DataError with the reason when the download fails (e.g. offline) or the schema is
    wrong; an earlier cached copy is then left untouched.
    """
    import io
    import urllib.request

    import pandas as pd

    target = Path(cache) if cache is not None else cache_root() / "notable_ai_models.csv"
    local = Path(url) if "://" not in url else None
    try:
        if local is not None:
            raw = local.read_bytes()
        else:
            with (opener or urllib.request.urlopen)(url, timeout=timeout) as resp:
                raw = resp.read()
    except Exception as err:  # URLError, timeouts, refused connections, missing files
        raise DataError(
            f"could not download {url} ({err}); offline? The book keeps using the shipped "
            "data/frontier_models.csv (Epoch AI snapshot of 2025-04-18)."
        ) from None
    try:
        df = pd.read_csv(io.BytesIO(raw))
    except Exception as err:
        raise DataError(f"{url} is not a readable CSV ({err})") from None
    check_notable_models(df, where=url)
    tmp = target.with_suffix(target.suffix + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(raw)
        tmp.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise CacheNotWritable(
            f"the download of {url} is fine, but {target} cannot be written "
            f"({exc.strerror or type(exc).__name__}); set SCALINGBOOK_DATA_DIR to a folder "
            "you can write"
        ) from None
    return target


@_parsed("llm-benchmark-efficiency", 1, _only("data/epoch_ai_eval_data.csv"))
def load_benchmark_efficiency(folder: Path | None = None) -> pd.DataFrame:
    """Epoch AI's Benchmarking Hub token counts (llm-benchmark-efficiency at its pinned commit,
    ``data/epoch_ai_eval_data.csv``): one row per (model, benchmark) run.

    model (the API snapshot, with the reasoning effort after an underscore where the log names
    one, e.g. ``o1-2024-12-17_medium``; surrounding spaces removed), task (``MATH level 5``,
    ``GPQA Diamond`` or ``OTIS Mock AIME 2024-2025``), epochs (passes over the benchmark's
    questions), total_samples (answers generated = epochs x questions), input_tokens,
    output_tokens, total_tokens (tokens summed over every sample; output includes hidden
    reasoning tokens), input_tokens_per_sample and output_tokens_per_sample (tokens per answer:
    the sums divided by total_samples).
    """
    df = _read_csv_snake(
        folder / "data/epoch_ai_eval_data.csv",
        ("epochs", "total_samples", "input_tokens", "output_tokens", "total_tokens"),
    )
    df["model"] = df["model"].astype(str).str.strip()
    df["task"] = df["task"].astype(str).str.strip()
    if (df["total_samples"] <= 0).any():
        bad = df.loc[df["total_samples"] <= 0, "model"].iloc[0]
        raise DatasetError(f"dataset 'llm-benchmark-efficiency': run of {bad!r} has no samples")
    df["input_tokens_per_sample"] = df["input_tokens"] / df["total_samples"]
    df["output_tokens_per_sample"] = df["output_tokens"] / df["total_samples"]
    return df.reset_index(drop=True)
