"""The scaling-limits chapter's companion (scalingbook.pages.scaling_limits): claims checked at their
published inputs, sentences generated from numbers, every parameter bound runs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from scalingbook import limits, params
from scalingbook.pages import scaling_limits as sl

A = limits.anchors()


def model(**values):
    return limits.model_from_params(params.validate("scaling-limits", values))


def test_claim_verdicts_do_not_depend_on_the_readers_parameters():
    a = sl.claims_table(model(), A)
    b = sl.claims_table(model(mfu=0.2, campus_gw=0.5, stock_tokens=1e13, pue=2.0, run_months=2.0, max_epochs=50.0), A)
    assert a["verdict"].tolist() == b["verdict"].tolist(), "house rule: verdicts use each claim's own inputs"
    assert a["book's value at those inputs"].tolist() == b["book's value at those inputs"].tolist()
    assert a["your scenario"].tolist() != b["your scenario"].tolist()


def test_verdicts_at_published_inputs():
    v = sl.claims_table(model(), A).set_index("claim")["verdict"]
    assert v["~2e29 FLOP runs feasible by 2030 (~10,000x GPT-4)"] == "reproduces", "Sevilla et al. 2024"
    assert v["power binds first, then chips; latency least"] == "reproduces", "Sevilla et al. 2024"
    assert v["runs longer than ~9 months stop paying off"] == "reproduces", "Epoch AI 2025: ~9 months"
    assert v["runs reach about 9 months by 2027"] == "close", (
        "Epoch AI 2025 says 2027; from Grok-3's 100 days at 1.4x a year the book reaches 9 months in 2028.1")
    assert v["the data stock (400T to 20 quadrillion tokens) supports 6e28-2e32 FLOP"] == "close", (
        "issue 12: one pass over 400T tokens gives ~4.8e28, just under Sevilla et al.'s low end 6e28")


def test_distributed_sentence_states_the_computed_ratio_not_nine_fold():
    s = sl.distributed_sentence(model(network_gw=20.0), A, 2030)
    assert "4.0-fold (20 GW against one campus's 5 GW)" in s, s
    assert "9.0-fold (45 GW against one campus's 5 GW)" in sl.distributed_sentence(model(), A, 2030)
    assert "9.0-fold" in sl.distributed_sentence(model(distributed=True), A, 2030), "compares with one campus"


def test_chips_power_sentence_uses_the_efficiency_gain():
    s = sl.chips_power_sentence(model(), 2030)
    assert "32 GW as 2024 H100s" in s and "7.2 GW as chips of 2030" in s, s


def test_money_is_not_math_in_generated_markdown():
    text = sl.md(sl.costs_sentence(limits.run_costs([1e27, 2e29], ["H100"], model()))).data
    assert "$" in text and all(text[i - 1] == "\\" for i, ch in enumerate(text) if ch == "$"), (
        "issue 12: '$26B ... $' rendered as a formula; every $ in generated Markdown is escaped")


@pytest.mark.parametrize("values", [
    {"target_year": 2024}, {"target_year": 2030}, {"run_months": 60.0}, {"run_months": 0.0}, {"max_epochs": 1000.0},
    {"stock_tokens": 1e12}, {"stock_tokens": 1e18, "multimodal_multiplier": 1000.0, "synthetic_multiplier": 1000.0},
    {"trend_growth": 20.0}, {"efficiency_growth": 3.0, "precision_gain": 16.0}, {"lab_share": 1.0, "chips_millions": 100_000.0},
    {"layer_latency_us": 0.01}, {"layer_latency_us": 10_000.0}, {"distributed": True, "network_gw": 1000.0},
])
def test_every_parameter_bound_runs(values):
    m = model(**values)
    year = params.validate("scaling-limits", values)["target_year"]
    for s in (sl.headline_sentence(m, A, year), sl.power_sentence(m, year), sl.chips_power_sentence(m, year),
              sl.data_sentence(m), sl.run_length_sentence(m, year), sl.distributed_sentence(m, A, year)):
        assert isinstance(s, str) and "nan" not in s.lower()
    sl.claims_table(m, A)
    sl.costs_sentence(limits.run_costs([1e27, 2e29], ["H100", "B200"], m))


def test_costs_table_counts_and_dollars_are_readable():
    t = sl.costs_table(limits.run_costs([1e27, 2e29], ["H100"], model()))
    assert all("," in n and "." not in n for n in t["accelerators"]), "counts: whole numbers with separators"
    assert all(v.startswith("$") for v in t["cluster purchase"]) and "e+" not in "".join(t["cluster purchase"])
    assert t["run (FLOP)"].tolist() == ["1e27", "2e29"]


def test_repetition_sentence_is_generated_from_the_table():
    small = sl.repetition_sentence(limits.repetition_table(4e14, [1.0, 4.0]))
    assert "a small fraction of a percent" in small
    tiny = sl.repetition_sentence(limits.repetition_table(1e9, [1.0, 4.0]))
    assert "a small fraction" not in tiny, "at 1B unique tokens four epochs cost more than that: the sentence says so"
