"""The book's committed lab runs can be re-made: the smallest one, re-trained from its recorded
config, reaches its recorded validation loss within 2%.

Needs the optional `lab` extra (JAX and optax), which `make test` installs."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("jax", reason="re-training a committed run needs JAX: pip install -e '.[lab]' (make test does)")
pytest.importorskip("optax", reason="re-training a committed run needs optax: pip install -e '.[lab]' (make test does)")

from scalingbook.pages import scaling_lab as sl  # noqa: E402
from scalingbook.science.lab.config import RunConfig  # noqa: E402
from scalingbook.science.lab.data import load_corpus  # noqa: E402
from scalingbook.science.lab.train import compilation_cache, train  # noqa: E402


@pytest.mark.slow
def test_smallest_committed_run_retrained_from_its_record_reaches_its_loss_within_2_percent():
    runs = sl.read_runs(sl.committed_runs_file())
    smallest = runs.loc[runs["flops_total"].idxmin()]
    rec = json.loads((sl.committed_runs_file().parent / "runs" / f"{smallest['run_id']}.json").read_text())
    corpus = load_corpus(rec["corpus"])
    assert corpus.sha256 == rec["corpus_sha256"], "the corpus differs from the one the run was trained on"
    # compiled executables come from the lab's own persistent cache when a run of this shape was
    # compiled before (as `scalingbook lab` reads them); the training itself is done again
    from scalingbook.build import lab

    with compilation_cache(lab.jax_cache_dir()):
        again = train(RunConfig.from_dict(rec["config"]), corpus)
    assert again["val_loss"] == pytest.approx(rec["val_loss"], rel=0.02), (
        f"{rec['run_id']}: recorded {rec['val_loss']:.4f}, re-trained {again['val_loss']:.4f} (tolerance 2%)"
    )
