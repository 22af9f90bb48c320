"""The lab's corpora, their character vocabulary, a fixed train/validation split and batches (no JAX).

A corpus is text read as bytes and decoded as UTF-8; its vocabulary is the sorted set of its
characters. The last ``val_fraction`` of the characters is the validation split, fixed for every
run on that corpus; training takes non-overlapping windows of the rest in an order shuffled once
per seed, so a run that trains on fewer tokens than the split holds sees no character twice
(epochs <= 1), and the epochs it does use are reported.
"""

from __future__ import annotations

import hashlib
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...sources import datasets

__all__ = [
    "CORPORA",
    "Corpus",
    "load_corpus",
    "stdlib_text",
    "corpus_text",
    "train_batches",
    "validation_windows",
    "VAL_FRACTION",
]

VAL_FRACTION = 0.1

# name -> the registry files it concatenates (in order)
CORPORA: dict[str, tuple[tuple[str, str], ...]] = {
    "tiny-shakespeare": (("tiny-shakespeare", "data/tinyshakespeare/input.txt"),),
    "war-and-peace": (("war-and-peace", "data/war_and_peace.txt"),),
    "books": (("tiny-shakespeare", "data/tinyshakespeare/input.txt"), ("war-and-peace", "data/war_and_peace.txt")),
}


@dataclass(frozen=True)
class Corpus:
    """A corpus encoded as character ids, with its vocabulary and the sha256 of its bytes."""

    name: str
    sha256: str
    chars: str
    ids: np.ndarray  # uint16 character ids, the whole text
    n_train: int  # the first n_train ids are the training split

    @property
    def vocab(self) -> int:
        return len(self.chars)

    @property
    def train(self) -> np.ndarray:
        return self.ids[: self.n_train]

    @property
    def val(self) -> np.ndarray:
        return self.ids[self.n_train :]


def stdlib_text() -> bytes:
    """The Python standard library's own ``.py`` source, files in sorted order (differs between
    Python versions: its sha256 is recorded with each run)."""
    root = Path(sysconfig.get_paths()["stdlib"])
    parts = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("site-packages/", "test/", "idlelib/idle_test/", "lib2to3/tests/")):
            continue
        try:
            parts.append(path.read_bytes())
        except OSError:
            continue
    return b"\n".join(parts)


def corpus_text(name: str) -> bytes:
    """The bytes of corpus ``name``: a registered corpus, ``stdlib``, or a path to a text file."""
    if name in CORPORA:
        return b"\n".join(datasets.file(ds, path).read_bytes() for ds, path in CORPORA[name])
    if name == "stdlib":
        return stdlib_text()
    path = Path(name).expanduser()
    if not path.is_file():
        raise ValueError(f"corpus '{name}' is neither one of {', '.join([*CORPORA, 'stdlib'])} nor a readable file")
    return path.read_bytes()


def load_corpus(name: str, val_fraction: float = VAL_FRACTION) -> Corpus:
    """Read, encode and split corpus ``name`` (see :func:`corpus_text`)."""
    raw = corpus_text(name)
    text = raw.decode("utf-8", errors="replace")
    chars = "".join(sorted(set(text)))
    if len(chars) > 65535:
        raise ValueError(f"corpus '{name}' has {len(chars)} distinct characters; at most 65,535 are supported")
    lookup = {c: i for i, c in enumerate(chars)}
    ids = np.fromiter((lookup[c] for c in text), dtype=np.uint16, count=len(text))
    n_train = int(round(len(ids) * (1.0 - val_fraction)))
    label = name if (name in CORPORA or name == "stdlib") else f"file:{Path(name).name}"
    return Corpus(label, hashlib.sha256(raw).hexdigest(), chars, ids, n_train)


def train_batches(train: np.ndarray, n_ctx: int, batch_size: int, steps: int, seed: int) -> tuple[np.ndarray, float]:
    """``steps`` batches of ``batch_size`` windows of ``n_ctx + 1`` ids (inputs and next-character
    targets), shape (steps, batch_size, n_ctx + 1), and the epochs over the training split they use.

    Windows are the non-overlapping ones starting at multiples of ``n_ctx``, visited in one random
    order per seed; past one epoch the order is reshuffled and the windows repeat.
    """
    n_windows = (len(train) - 1) // n_ctx
    if n_windows < 1:
        raise ValueError(f"the training split ({len(train)} characters) is shorter than one window of {n_ctx + 1}")
    need = steps * batch_size
    rng = np.random.default_rng(seed)
    order = np.concatenate([rng.permutation(n_windows) for _ in range(-(-need // n_windows))])[:need]
    starts = order * n_ctx
    idx = starts[:, None] + np.arange(n_ctx + 1)[None, :]
    batches = train[idx].astype(np.int32).reshape(steps, batch_size, n_ctx + 1)
    return batches, need / n_windows


def validation_windows(val: np.ndarray, n_ctx: int, max_tokens: int) -> np.ndarray:
    """The fixed validation set: the first non-overlapping windows of the validation split, at most
    ``max_tokens`` predicted characters, shape (windows, n_ctx + 1)."""
    n_windows = min((len(val) - 1) // n_ctx, max(1, max_tokens // n_ctx))
    if n_windows < 1:
        raise ValueError(f"the validation split ({len(val)} characters) is shorter than one window of {n_ctx + 1}")
    idx = (np.arange(n_windows) * n_ctx)[:, None] + np.arange(n_ctx + 1)[None, :]
    return val[idx].astype(np.int32)
