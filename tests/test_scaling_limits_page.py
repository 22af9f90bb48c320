"""The scaling-limits chapter's page module (scalingbook.pages.scaling_limits): claims ledger records
at their published inputs, every generated sentence at three parameter sets, every bound runs."""

from __future__ import annotations

import numpy as np
import pytest

from scalingbook import limits, params
from scalingbook.pages import claims as cl
from scalingbook.pages import scaling_limits as sl

A = limits.anchors()

#: The defaults (Sevilla et al.'s medians), a chip-bound distributed 2028 run, and a data-bound text-only run.
SETS = {
    "defaults": {},
    "distributed_2028": {
        "target_year": 2028,
        "distributed": True,
        "run_months": 6.0,
        "stock_tokens": 1e15,
        "max_epochs": 2.0,
        "lab_share": 0.5,
    },
    "text_only": {"multimodal_multiplier": 1.0, "campus_gw": 5.0, "lab_share": 0.5, "chips_millions": 400.0},
}


def model(**values):
    return sl.model_from_params(params.validate("scaling-limits", values))


def page(**values):
    return sl.build(params.validate("scaling-limits", values))


def test_default_page_is_power_bound_near_sevillas_2e29():
    p = page()
    assert p.binding == "power", "Sevilla et al. 2024: power binds first at their central inputs"
    assert 1e29 <= p.feasible_flops <= 3e29, (
        f"Sevilla et al. 2024: ~2e29 FLOP by 2030 (power 1e28-3e29 for 1-5 GW); the page's median defaults give "
        f"{p.feasible_flops:.2e} (tolerance: inside the power range's upper decade)"
    )


def test_claims_are_ledger_records_whose_verdicts_ignore_the_reader():
    recs = sl.claims()
    assert all(isinstance(c, cl.Claim) and c.chapter == sl.CHAPTER for c in recs)
    assert len({c.key for c in recs}) == len(recs)
    before = [c.verdict for c in recs]
    page(**SETS["text_only"])
    assert before == [c.verdict for c in sl.claims()]
    v = {c.key: c for c in recs}
    assert v["headline_2e29"].verdict == "depends on an assumption"
    assert any(r.verdict == "reproduces" and r.low <= 3.0 <= r.high for r in v["headline_2e29"].readings), (
        "Sevilla et al.'s ~2e29 (rounding 1.5-2.5e29) holds for a 3 GW campus in the book's model"
    )
    assert v["llama_27mw"].value == "27.9 MW", "Sevilla et al.: 16,384 H100 x ~1,700 W = 27.9 MW"
    assert v["exhaustion_2028"].verdict == "reproduces", "Villalobos et al. 2024: 2026-2032 (80% interval)"
    assert v["nine_by_2027"].verdict == "does not reproduce", (
        "Epoch AI 2025 says 2027; from Grok-3's 100 days at 1.4x a year the book reaches 9 months in 2028.1"
    )


def test_chip_check_explains_the_gap_to_the_summary():
    s = sl.chip_check_sentence(page())
    assert "3,568x" in s and "71,367x" in s and "1.4 times below and 3.5 times below" in s, s
    high = sl.chip_check_sentence(page(lab_share=0.5))
    assert "0.6" not in high and "times above" in high, (
        "a ceiling above the summary's end is called above, not 0.6x below"
    )


@pytest.mark.parametrize("name", list(SETS))
def test_every_generated_sentence_follows_its_numbers(name):
    p = page(**SETS[name])
    m, year = p.model, p.year
    f = limits.feasible_flops(float(year), m, A)
    first = min(limits.CONSTRAINTS, key=lambda k: float(f[k]))
    assert f"the binding constraint is **{first}**" in sl.headline_sentence(m, A, year)
    cps = sl.chips_power_sentence(m, year, A)
    n = m.lab_share * m.chips_millions
    assert f"{round(n):,} million H100-equivalents" in cps, cps
    assert ("the power ceiling sits below the chip ceiling" in cps) == (float(f["power"]) < float(f["chips"])), cps
    assert "20 million" not in cps or round(n) == 20
    d = sl.data_sentence(m)
    assert f"{m.unique_tokens / 1e12:,.0f}T usable tokens" in d, d
    r = sl.run_length_sentence(m, year)
    assert f"{float(limits.run_length_months(year, m)):.1f} months" in r
    ds = sl.distributed_sentence(m, A, year)
    from dataclasses import replace

    ratio = float(limits.feasible_flops(float(year), replace(m, distributed=True), A)["power"]) / float(
        limits.feasible_flops(float(year), replace(m, distributed=False), A)["power"]
    )
    assert f"{ratio:.1f}-fold" in ds, ds
    t = sl.check_table(p)
    assert t["constraint"].iloc[-1] == f"binding ({first})" if year == 2030 else True


def test_money_is_not_math_in_generated_markdown():
    from scalingbook.pages import format as fmt

    text = fmt.sentence(sl.costs_sentence(limits.run_costs([1e27, 2e29], ["H100"], model())))._repr_markdown_()
    assert "$" in text and all(text[i - 1] == "\\" for i, ch in enumerate(text) if ch == "$"), (
        "every $ in generated Markdown is escaped"
    )


@pytest.mark.parametrize(
    "values",
    [
        {"target_year": 2024},
        {"target_year": 2030},
        {"run_months": 60.0},
        {"run_months": 0.0},
        {"max_epochs": 1000.0},
        {"stock_tokens": 1e12},
        {"stock_tokens": 1e18, "multimodal_multiplier": 1000.0, "synthetic_multiplier": 1000.0},
        {"trend_growth": 20.0},
        {"efficiency_growth": 3.0, "precision_gain": 16.0},
        {"lab_share": 1.0, "chips_millions": 100_000.0},
        {"layer_latency_us": 0.01},
        {"layer_latency_us": 10_000.0},
        {"distributed": True, "network_gw": 1000.0},
    ],
)
def test_every_parameter_bound_runs(values):
    p = page(**values)
    m, year = p.model, p.year
    for s in (
        sl.headline_sentence(m, A, year),
        sl.power_sentence(m, year),
        sl.chips_power_sentence(m, year, A),
        sl.data_sentence(m),
        sl.run_length_sentence(m, year),
        sl.distributed_sentence(m, A, year),
        sl.chip_check_sentence(p),
    ):
        assert isinstance(s, str) and "nan" not in s.lower()
    sl.check_table(p)
    sl.claims_scenario(p)
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
    assert "a small fraction" not in tiny


@pytest.mark.slow
def test_chapter_publishes_binding_constraint_and_feasible_flops_at_the_medians(run_chapter):
    r = run_chapter("scaling-limits").results
    assert r["binding_constraint"] == "power" and 1e29 <= r["feasible_flops"] <= 3e29, (
        "Sevilla et al. 2024: power binds, ~2e29 FLOP by 2030"
    )
    assert r["cost_2e29_h100_usd"] > 1e11, "results.json holds USD, not billions"


@pytest.mark.parametrize("name", list(SETS))
def test_power_and_cost_sentences_follow_their_numbers(name):
    p = page(**SETS[name])
    m, year = p.model, p.year
    need = np.asarray(limits.power_needed_gw([1e27, 2e29], year, m))
    assert f"**{need[1]:.1f} GW**" in sl.power_sentence(m, year)
    costs = limits.run_costs([1e27, 2e29], ["H100", "B200"], m)
    h = costs.set_index(["accelerator", "train_flops"])
    s = sl.costs_sentence(costs)
    assert (
        f"{round(float(h.loc[('H100', 1e27), 'accelerators'])):,}" in s
        or f"{int(np.ceil(float(h.loc[('H100', 1e27), 'accelerators']))):,}" in s
    ), s


def test_claims_sentence_counts_the_records():
    recs = sl.claims()
    n = cl.counts(recs)
    s = sl.claims_sentence(recs)
    assert s.startswith(f"Of {len(recs)} claims: {n['reproduces']} reproduce"), s
    for c in recs:
        if c.verdict == "does not reproduce":
            assert c.claim in s
