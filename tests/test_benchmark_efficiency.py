"""Epoch AI's Benchmarking Hub token logs (epoch-research/llm-benchmark-efficiency at its pinned
commit, data/epoch_ai_eval_data.csv), read through the datasets registry."""

from __future__ import annotations

import pytest

from scalingbook.sources import datasets

pytestmark = pytest.mark.skipif(
    not (datasets.is_cached("llm-benchmark-efficiency") or datasets.mirror_root()),
    reason="dataset llm-benchmark-efficiency not cached and no mirror",
)


@pytest.fixture(scope="module")
def logs():
    return datasets.load_benchmark_efficiency()


def _row(logs, model, task):
    hit = logs[(logs["model"] == model) & (logs["task"] == task)]
    assert len(hit) == 1, f"one row of {model} on {task} expected, got {len(hit)}"
    return hit.iloc[0]


def test_loader_reads_every_run_of_the_log(logs):
    assert len(logs) == 185, f"epoch_ai_eval_data.csv has 185 runs at commit 34b9233; got {len(logs)}"
    assert set(logs["task"]) == {"MATH level 5", "GPQA Diamond", "OTIS Mock AIME 2024-2025"}
    assert not logs["model"].str.startswith(" ").any() and not logs["model"].str.endswith(" ").any()


def test_o1_output_tokens_per_otis_aime_answer_is_10842(logs):
    r = _row(logs, "o1-2024-12-17_medium", "OTIS Mock AIME 2024-2025")
    assert (r["total_samples"], r["output_tokens"]) == (45, 487905), "Epoch log row: 45 samples, 487,905 output tokens"
    assert abs(r["output_tokens_per_sample"] - 10842.33) < 0.01, (
        "Epoch AI logs: 487,905 / 45 = 10,842.33 output tokens per OTIS Mock AIME answer (abs 0.01)"
    )


def test_gpt4o_output_tokens_per_otis_aime_answer_by_snapshot(logs):
    want = {
        "gpt-4o-2024-05-13": (720, 530461, 736.75),
        "gpt-4o-2024-08-06": (720, 588166, 816.90),
        "gpt-4o-2024-11-20": (720, 687990, 955.54),
    }
    for model, (n, out, per) in want.items():
        r = _row(logs, model, "OTIS Mock AIME 2024-2025")
        assert (r["total_samples"], r["output_tokens"]) == (n, out), f"Epoch log row of {model}"
        assert abs(r["output_tokens_per_sample"] - per) < 0.01, (
            f"Epoch AI logs: {model} writes {out:,} / {n} = {per} tokens per answer (abs 0.01)"
        )


def test_o1_math_level5_tokens_match_the_published_3111(logs):
    r = _row(logs, "o1-2024-12-17_medium", "MATH level 5")
    assert abs(r["output_tokens_per_sample"] - 3111.1) < 0.05, (
        "Epoch AI logs: 4,119,096 / 1,324 = 3,111.1 output tokens per MATH level 5 answer (abs 0.05)"
    )


def test_per_sample_columns_are_sums_over_samples(logs):
    assert ((logs["input_tokens_per_sample"] * logs["total_samples"] - logs["input_tokens"]).abs() < 1e-6).all()
    assert ((logs["input_tokens"] + logs["output_tokens"] - logs["total_tokens"]).abs() == 0).all(), (
        "total_tokens = input + output in every row of the log"
    )
