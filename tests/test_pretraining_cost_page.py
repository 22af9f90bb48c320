"""The pretraining-cost chapter's companion (scalingbook.pages.pretraining_cost): claims checked at
their published inputs, sentences generated from numbers, number formats, charts."""

from __future__ import annotations

import pytest

from scalingbook import charts, params
from scalingbook.pages import pretraining_cost as pc


def page(**values):
    return pc.build(params.validate("pretraining-cost", values))


def test_claim_verdicts_do_not_depend_on_the_readers_parameters():
    a = pc.claims_table(page())
    b = pc.claims_table(page(accelerator="A100", mfu=0.2, usd_per_gpu_hour=9.0, server_price_usd=90_000.0,
                             interconnect_fraction=0.5, n_accelerators=1000))
    assert a["verdict"].tolist() == b["verdict"].tolist(), "house rule: a verdict uses the claim's own inputs"
    assert a["book's value at those inputs"].tolist() == b["book's value at those inputs"].tolist()
    assert a["your scenario"].tolist() != b["your scenario"].tolist(), "the reader's scenario has its own column"


def test_seed_claims_are_all_checked():
    claims = set(pc.claims_table(page())["claim"])
    for needle in ("200,000 GPUs", "44% of compute", "10x capacity a year", "cloud cost grows", "uncertainty band",
                   "staff 30-50%", "$10K in 2016", "100K-H100 cluster", "$25-40B at about 1 GW",
                   "46% chips / 30% servers"):
        assert any(needle in c for c in claims), f"seed claim missing from the table: {needle}"


def test_verdicts_at_published_inputs():
    v = pc.claims_table(page()).set_index("claim")["verdict"]
    assert v["frontier training cost grows 2.4x per year (95% CI 2.0-3.1)"] == "reproduces"
    assert v["GPT-4 cost ~$40M amortized hardware + energy"] == "reproduces"
    assert v["a 100K-H100 cluster costs about $5B"] == "reproduces", "100,000 x $44,490 / 0.81 = $5.49B (Epoch: Grok-3 $5.5B)"
    assert v["cost split 46% chips / 30% servers / 18% interconnect / 6% energy"] == "reproduces", (
        "issue 12: 46/30/18/6 is an H100 run's split of amortized hardware capex + energy (1 pt per share)")
    assert v["a 1e27 FLOP run needs at least 200,000 GPUs"] == "reproduces"


def test_own_vs_rent_sentence_follows_the_numbers():
    default = pc.own_vs_rent_sentence(page())
    assert default.startswith("Renting comes out cheaper"), "$2.12 amortized vs $2.00 cloud: renting is cheaper"
    assert pc.own_vs_rent_sentence(page(usd_per_gpu_hour=4.0)).startswith("Owning comes out cheaper")


def test_split_sentence_names_the_runs_accelerator():
    assert "A100 run splits" in pc.split_sentence(page(accelerator="A100").run)
    assert "H100 run splits" in pc.split_sentence(page().run)


def test_number_formats_are_readable():
    assert pc.usd(1.25e9) == "$1.25B" and pc.usd(40.59e6) == "$40.6M" and pc.usd(438.0) == "$438"
    assert pc.count(46945.3) == "46,946"
    assert pc.days(1040.4) == "1,040 days" and pc.days(95.0) == "95 days"
    assert r"\$26B" in pc.md("a $26B campus costs $").data, "money is not math: $ is escaped for dollarmath"


def test_growth_sentence_and_table_show_the_paper_beside_the_book():
    p = page()
    s = pc.growth_sentence(p)
    assert f"{p.fit.factor_per_year:.2f}x" in s and "2.4x over 45" in s
    t = pc.growth_table(p)
    assert "2.4x per year (95% CI 2-3.1), 45 models" in t["Cottier et al. 2024"].tolist()
    assert any("update beyond the paper" in x for x in t["sample"])


def test_charts_build():
    p = page()
    from scalingbook import cost

    specs = [pc.chart_frontier(p), pc.chart_breakdown(p.run), pc.chart_power(cost.power_references(p.run)),
             pc.chart_days(cost.days_vs_count(1e25, ["A100", "H100"], [1e3, 1e4], 0.4), 1e3, 10.0)]
    for spec in specs:
        assert "<svg" in charts.to_svg(spec)


@pytest.mark.slow
def test_chapter_publishes_the_cottier_2024_reproduction(run_chapter):
    r = run_chapter("pretraining-cost").results
    for key in ("growth_per_year", "growth_ci_low", "growth_ci_high", "n_frontier_models", "growth_cloud_per_year",
                "growth_acquisition_per_year"):
        assert key in r, f"issue 12 headline key {key} missing from results.json"
    assert abs(r["growth_per_year"] - 2.4) <= 0.2, "Cottier et al. 2024: 2.4x per year (tolerance 0.2)"
    assert r["growth_ci_low"] <= 3.1 and r["growth_ci_high"] >= 2.0, "CI overlapping the paper's 2.0-3.1"
    assert 42 <= r["n_frontier_models"] <= 48, "about 45 models (Cottier et al. 2024)"
    other = run_chapter("pretraining-cost", {"accelerator": "A100", "mfu": 0.3, "usd_per_gpu_hour": 5.0}).results
    assert {k: other[k] for k in r if k.startswith(("growth", "n_frontier"))} == \
        {k: r[k] for k in r if k.startswith(("growth", "n_frontier"))}, "the reproduction does not move with the reader's run"
