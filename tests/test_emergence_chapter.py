"""The emergence chapter's page module (scalingbook.pages.emergence_artifacts): its claims under
the ledger's rules, the reader's own column, the generated sentences at three parameter sets a
reviewer would use (the defaults, every lower bound, every upper bound), and the notebook at its
bounds."""

from __future__ import annotations

import re

import numpy as np
import pytest

from scalingbook import emergence as em
from scalingbook.pages import claims as cl
from scalingbook.pages import emergence_artifacts as ch
from scalingbook.pages.params import schema

LU = "Lu et al. 2024 (ACL), UKPLab/on-emergence evaluation_scores.csv"

LOWER = {p.name: p.kind(p.low) for p in schema("emergence-artifacts") if p.low is not None}
UPPER = {p.name: p.kind(p.high) for p in schema("emergence-artifacts") if p.high is not None}
LOWER.update({"metric": "brier_score", "law": "kaplan_2020", "continuous_metric": "single_bert_score"})
UPPER.update({"metric": "multiple_choice_grade", "law": "besiroglu_2024"})
SETS = {"defaults": {}, "lower bounds": LOWER, "upper bounds": UPPER}


@pytest.fixture(scope="module")
def pages():
    return {name: ch.build(values) for name, values in SETS.items()}


@pytest.fixture(scope="module")
def claims():
    return {c.key: c for c in ch.claims()}


# --- the claims ledger --------------------------------------------------------------------------


def test_every_claim_is_a_ledger_record_of_this_chapter(claims):
    assert all(isinstance(c, cl.Claim) and c.chapter == "emergence-artifacts" for c in claims.values())
    assert cl.chapter_claims("emergence-artifacts"), "the ledger finds the chapter's claims"
    for c in claims.values():
        assert not re.search(r"\b(seed|issue|review)\b", c.source), f"{c.key}: source names a paper, got {c.source!r}"


def test_schaeffer_brier_claim_depends_on_option_sd_with_computed_range(claims):
    c = claims["brier"]
    assert c.verdict == "depends on an assumption" and c.assumption.startswith("option_sd")
    verdicts = {r.verdict for r in c.readings}
    assert "reproduces" in verdicts and "does not reproduce" in verdicts, (
        "Schaeffer et al. 2023, Sec. 4 under the book's item model: with noiseless options (option_sd 0) the Brier "
        f"score's rise is at least twice as wide as the grade's, at option_sd 1 it is not; got {c.shown_verdict}"
    )
    first = c.readings[0]
    assert first.verdict == "reproduces" and first.low == 0.0


def test_wei_list_is_not_tested_by_lu_outputs(claims):
    c = claims["wei-list"]
    assert c.verdict == "not checkable" and "log-likelihood" in c.missing, (
        "Wei 2022's list is about GPT-3 under BIG-bench's log-likelihood scoring; Lu et al.'s generated answers of other "
        "models do not test it"
    )


def test_lu_counts_and_range(claims):
    assert claims["lu-size-range"].verdict == "reproduces", "Lu et al. 2024, abstract: 60 million to 175 billion"
    c = claims["lu-counts"]
    assert c.verdict == "not checkable" and "23 task folders" in c.value and "24 model names" in c.value, (
        f"{LU}: 23 task folders and 24 model names against the abstract's 22 tasks and 18 models"
    )


def test_lu_conclusion_is_graded_by_the_share_interval(claims):
    c = claims["lu-no-emergence-without-icl"]
    assert c.verdict == "close" and "1 of 23" in c.value, (
        f"{LU}: one task (phrase_relatedness, closed-adv) passes the chance, format and noise checks at 0-shot; the "
        "interval of 1/23 (0.1% to 21.9%) misses Lu et al.'s 0 by less than its half-width, so 'close'"
    )


def test_ruan_example_reproduces_from_the_dataset(claims):
    c = claims["ruan-compute"]
    assert c.verdict == "reproduces", (
        "Ruan et al. 2024: 3-digit addition 67.8% for Qwen1.5-0.5B at 7.2e21 FLOP, 5.4% for OPT-66B at 7.1e22 "
        f"(rounding as printed); got {c.value}"
    )


def test_gpt3_arithmetic_rows_test_the_independence_assumption(claims):
    c = claims["arith-175b"]
    assert c.verdict == "does not reproduce" and c.evidence_kind == "published table", (
        "Brown et al. 2020, Table 3.9: 5D+ is 9.3% (±1.3 points, binomial on 2,000 problems); p^L from 3D+ predicts 70%"
    )
    assert claims["schaeffer-gpt3"].verdict == "not checkable"


def test_reader_parameters_change_their_column_never_the_verdict(pages):
    recs = ch.claims()
    a = cl.frame(recs, scenario=ch.scenario(pages["defaults"]))
    b = cl.frame(recs, scenario=ch.scenario(pages["lower bounds"]))
    assert a["verdict"].tolist() == b["verdict"].tolist(), "verdicts are computed at the published inputs only"
    assert a["your run"].tolist() != b["your run"].tolist()
    assert "L = 1" in ch.scenario(pages["lower bounds"])["sim-exact-vs-edit"]


# --- results.json -------------------------------------------------------------------------------


def test_headlines_carry_both_settings_with_intervals(pages):
    h = ch.headlines(pages["defaults"])
    for s in ("0shot", "5shot"):
        for k in ("n_tasks", "emergent_exact", "emergent_continuous"):
            assert f"{k}_{s}" in h
        lo, mid, hi = (h[f"share_exact_{s}{e}"][0] for e in ("_low", "", "_high"))
        assert lo <= mid <= hi
    assert h["n_tasks_0shot"][0] == 23 and h["emergent_exact_0shot"][0] == 1 and h["emergent_exact_5shot"][0] == 0, (
        f"{LU}: 23 task folders; one task emergent at 0-shot, none few-shot, after the chance, format and noise checks"
    )


# --- sentences at the three parameter sets -------------------------------------------------------

SENTENCES = (
    "headline_sentence",
    "simulation_sentence",
    "mc_sentence",
    "resolution_sentence",
    "lu_sentence",
    "jump_test_sentence",
    "obsscaling_sentence",
    "pythia_sentence",
    "summary_sentence",
)


@pytest.mark.parametrize("name", list(SETS))
def test_every_sentence_reads_at_defaults_and_bounds(pages, name):
    page = pages[name]
    for f in SENTENCES:
        text = getattr(ch, f)(page)
        assert isinstance(text, str) and text.endswith("."), f"{f} at {name}"
        assert not re.search(r"\d[eE][+-]?\d", text), f"{f} at {name}: no 1e+05-style numbers: {text}"
        assert "nan" not in text.lower().split() and "NaN" not in text, f"{f} at {name}: {text}"
        for x, y in re.findall(r"([\d.,]*\d)×?, smaller than the ([\d.,]*\d)", text):
            assert x != y, f"{f} at {name}: a comparison between equal numbers: {text}"
    for f in ("lu_conclusion_sentence", "capability_sentence"):
        assert getattr(ch, f)().endswith(".")


def test_mc_sentence_comparison_follows_the_shown_numbers(pages):
    for page in pages.values():
        m = ch.mc_sentence(page)
        g, b = page.mc["multiple_choice_grade"], page.mc["brier_score"]
        if not (np.isfinite(g) and np.isfinite(b)):
            assert "does not rise" in m and "as wide as" not in m
            continue
        shown = re.search(r"over ([\d.,]*\d) decades of parameters and the Brier score over ([\d.,]*\d)", m).groups()
        if shown[0] == shown[1]:
            assert "as wide as the grade's" in m
        else:
            assert ("wider than" in m) == (b > g) and ("narrower than" in m) == (b < g)


def test_simulation_sentence_explains_a_floored_score(pages):
    s = ch.simulation_sentence(pages["defaults"])
    big = [k for k, v in pages["defaults"].scores.items() if abs(v) > 10 * (pages["defaults"].sizes.size - 1)]
    assert ("floor of one item" in s) == bool(big), "a score above ten ramps is explained as the one-item floor"


def test_items_solution_never_compares_equal_numbers():
    s = ch.items_solution(
        {"exact_match": 6.95, "token_edit_distance": 7.0}, {"exact_match": 6.951, "token_edit_distance": 7.0}, 0.0
    )
    assert "the same as" in s and "smaller than" not in s


def test_jump_test_sentence_names_the_curves_with_their_chance(pages):
    s = ch.jump_test_sentence(pages["defaults"])
    assert "tracking shuffled objects (closed-adv, 0-shot) rises from 0 to 0.308" in s and "chance 0.333" in s
    assert "common morpheme (closed-adv, 0-shot) rises from 0.156 to 0.356 on 45 items (z = 2.18)" in s


def test_charts_build_at_every_set(pages):
    for page in pages.values():
        for f in (
            ch.mc_panels,
            ch.resolution_chart,
            ch.lu_scatter,
            ch.lu_curves_chart,
            ch.obsscaling_chart,
            ch.pythia_chart,
        ):
            spec = f(page).to_dict()
            assert spec.get("title"), f"{f.__name__}: every figure has a caption"
    assert ch.capability_chart().to_dict()["title"]


def test_log_axes_label_at_most_five_powers_of_ten():
    for lo, hi in ((1e7, 1e12), (1e2, 1e15), (1e21, 1e25), (10, 1e5)):
        v = ch.axis_decades(lo, hi)
        assert 1 <= len(v) <= 5 and all(lo <= x <= hi for x in v), f"axis values {v} for {lo:g} to {hi:g}"


def test_arithmetic_axis_is_whole_digits():
    from scalingbook.sources.tables import read_table

    arith = read_table("gpt3_arithmetic")
    big = em.arithmetic_table(arith, model="175B", operation="addition", anchor_digits=3)
    small = em.arithmetic_table(arith, model="13B", operation="addition", anchor_digits=2)
    axis = ch.arithmetic_chart(big, small).to_dict()["encoding"]["x"]["axis"]
    assert axis["values"] == [2, 3, 4, 5] and axis["format"] == "d", "digits are labelled as whole numbers only"


BOUND_SETS = [
    {"target_length": 100, "n_model_sizes": 64, "n_test_items": 100_000, "law": "kaplan_2020", "jump_score": 50.0},
    {
        "target_length": 1,
        "n_model_sizes": 2,
        "n_test_items": 1,
        "item_sd": 5.0,
        "option_sd": 5.0,
        "min_params": 1e3,
        "max_params": 1e4,
        "continuous_metric": "single_bert_score",
    },
]


def planned_chapter_runs(test_params: dict) -> list[tuple[str, dict]]:
    """The executions of the test below (started in the background by tests/conftest.py)."""
    return [("emergence-artifacts", v) for v in BOUND_SETS]


@pytest.mark.slow
@pytest.mark.parametrize("values", BOUND_SETS)
def test_the_notebook_runs_at_its_parameter_bounds(run_chapter, values):
    rec = run_chapter("emergence-artifacts", values)
    assert rec.results["n_tasks_0shot"] == 23, "the chapter published its headline numbers at the bounds"
