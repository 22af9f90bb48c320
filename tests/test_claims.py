"""The claims ledger: one verdict vocabulary, each verdict backed by its evidence.

Rules (scalingbook.pages.claims): "reproduces", "close" and "does not reproduce" only from a check
on published measurements with a tolerance from the source; "depends on an assumption" only with
the computed range of the assumed value over which each reading holds; "not checkable" only with
the missing input named; no other verdict word.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from scalingbook.pages import claims as C

BASE = dict(
    chapter="loss-scaling",
    key="k",
    claim="E is 1.82",
    source="besiroglu2024",
    inputs="245 runs",
    check="scalingbook.science.fitting.fit_chinchilla",
    value="1.817",
)


def measured(**kw):
    d = dict(
        BASE,
        evidence="epoch-research/analyzing-chinchilla@9225883 data/svg_extracted_data.csv",
        evidence_kind="dataset",
        published="1.82",
        tolerance="±0.03",
        tolerance_source="Table 1's 80% CI",
        verdict="reproduces",
    )
    d.update(kw)
    return C.Claim(**d)


# ----------------------------------------------------------------------------------------
# The record's rules
# ----------------------------------------------------------------------------------------


def test_a_measured_verdict_needs_published_evidence():
    assert measured().verdict == "reproduces"
    for kind in ("book model", "none"):
        with pytest.raises(C.ClaimError, match="needs published evidence"):
            measured(evidence_kind=kind)
    with pytest.raises(C.ClaimError, match="needs published evidence"):
        measured(evidence="")


@pytest.mark.parametrize("field", ["tolerance", "tolerance_source", "check", "value"])
def test_a_measured_verdict_needs_its_tolerance_source_and_check(field):
    with pytest.raises(C.ClaimError, match=field):
        measured(**{field: ""})


def test_depends_on_an_assumption_needs_computed_readings():
    d = dict(BASE, evidence="a simulated benchmark", evidence_kind="book model", verdict="depends on an assumption")
    with pytest.raises(C.ClaimError, match="computed readings"):
        C.Claim(**d, assumption="option_sd (the spread of option logits)")
    readings = C.readings_over(
        [0, 0.2, 0.4, 0.6, 0.8, 1.0], lambda x: "reproduces" if x < 0.5 else "does not reproduce"
    )
    c = C.Claim(**d, assumption="option_sd (the spread of option logits)", readings=readings)
    assert c.shown_verdict == (
        "depends on an assumption: reproduces for option_sd 0 to 0.4; does not reproduce for option_sd 0.6 to 1"
    )


def test_depends_on_an_assumption_whose_readings_never_change_must_say_why():
    d = dict(
        BASE,
        evidence="a simulated benchmark",
        evidence_kind="book model",
        verdict="depends on an assumption",
        assumption="dial",
        readings=C.readings_over([1, 2], lambda x: "close"),
    )
    with pytest.raises(C.ClaimError, match="does not turn"):
        C.Claim(**d)


def test_not_checkable_names_the_missing_input():
    d = dict(BASE, evidence="", evidence_kind="none", verdict="not checkable")
    with pytest.raises(C.ClaimError, match="missing"):
        C.Claim(**d)
    assert C.Claim(**d, missing="per-model Brier scores").verdict == "not checkable"


@pytest.mark.parametrize("word", ["not supported", "reproduced", "partly", "reproduces (simulation)", ""])
def test_no_verdict_word_outside_the_five(word):
    with pytest.raises(C.ClaimError):
        measured(verdict=word)


def test_a_reading_is_a_measured_verdict_over_an_ordered_range():
    with pytest.raises(C.ClaimError):
        C.Reading("depends on an assumption", 0, 1)
    with pytest.raises(C.ClaimError):
        C.Reading("close", 2, 1)


# ----------------------------------------------------------------------------------------
# The rule: grade and readings
# ----------------------------------------------------------------------------------------


def test_grade_is_reproduces_inside_the_sources_interval_close_within_twice_it():
    # Cottier et al. 2024: 2.4x per year, 95% CI 2.0-3.1
    assert C.grade(2.27, 2.0, 3.1) == "reproduces"
    assert C.grade(1.5, 2.0, 3.1) == "close"  # centre 2.55, half-width 0.55: within 1.1
    assert C.grade(1.4, 2.0, 3.1) == "does not reproduce"
    assert C.grade(float("nan"), 0, 1) == "does not reproduce"
    with pytest.raises(ValueError):
        C.grade(1, 2, 1)


def test_grade_log_compares_orders_of_magnitude():
    # "a million runs" stated to the order of magnitude: 10^5.5-10^6.5
    assert C.grade_log(5.2e5, 10**5.5, 10**6.5) == "reproduces"
    assert C.grade_log(2e5, 10**5.5, 10**6.5) == "close"
    assert C.grade_log(1e4, 10**5.5, 10**6.5) == "does not reproduce"


def test_readings_over_joins_runs_of_the_same_verdict():
    r = C.readings_over([0.5, 0.9, 0.95, 0.99], lambda x: "reproduces" if x < 0.92 else "does not reproduce")
    assert r == (C.Reading("reproduces", 0.5, 0.9), C.Reading("does not reproduce", 0.95, 0.99))
    with pytest.raises(ValueError):
        C.readings_over([2, 1], lambda x: "close")


# ----------------------------------------------------------------------------------------
# The book's ledger: every chapter's records obey the rules, and the tables agree with them
# ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ledger():
    from scalingbook.build import ledger as L

    return L.records()


def test_every_chapter_has_claims_in_the_ledger(ledger):
    chapters = {c.chapter for c in ledger}
    from scalingbook import params

    assert set(params.chapter_names()) <= chapters | {"scaling-lab"}, (
        f"chapters with no claim record: {sorted(set(params.chapter_names()) - chapters)}"
    )


def test_ledger_records_obey_the_rules(ledger):
    for c in ledger:
        assert c.verdict in C.VERDICTS
        if c.verdict in C.MEASURED:
            assert c.evidence_kind in C.PUBLISHED_EVIDENCE and c.evidence and c.tolerance_source, c.key
        if c.verdict == "depends on an assumption":
            assert c.readings and c.assumption, c.key
        if c.verdict == "not checkable":
            assert c.missing, c.key
        assert not re.search(r"\bseed claim\b|\(seed\)|\bissue #?\d", f"{c.claim} {c.source} {c.note}"), (
            f"{c.chapter}/{c.key}: the project's own process reaches a reader"
        )


def test_claims_command_prints_every_field_and_counts_that_agree(ledger):
    out = subprocess.run(
        [sys.executable, "-m", "scalingbook.build.cli", "claims", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    data = json.loads(out.stdout)
    assert len(data["claims"]) == len(ledger)
    assert data["counts"] == C.counts(ledger)
    fields = set(C.Claim.__dataclass_fields__)
    assert all(set(rec) == fields for rec in data["claims"])


def test_claims_command_filters_by_chapter_and_refuses_an_unknown_one(ledger):
    out = subprocess.run(
        [sys.executable, "-m", "scalingbook.build.cli", "claims", "--chapter", "scaling-limits", "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    rows = out.stdout.strip().splitlines()
    assert rows[0].startswith("chapter,key,claim") and len(rows) - 1 >= 1
    bad = subprocess.run(
        [sys.executable, "-m", "scalingbook.build.cli", "claims", "--chapter", "nope"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "nope" in bad.stderr


def test_ledger_page_counts_agree_with_the_records(ledger, tmp_path):
    from pathlib import Path

    from scalingbook.build import ledger as L

    root = Path(__file__).resolve().parents[1]
    page = L.page_markdown(ledger, root, L.bib_keys(root))
    for verdict, n in C.counts(ledger).items():
        assert f"| {verdict} | {n} |" in page
    assert page.count('<tr data-chapter="') == len(ledger)
    csv_path, json_path = L.write_downloads(ledger, tmp_path)
    assert json.loads(json_path.read_text())["counts"] == C.counts(ledger)
    assert len(csv_path.read_text().strip().splitlines()) >= len(ledger) + 1


class _Verdicts(HTMLParser):
    """The verdict column of every table with a 'verdict' header in an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell, self._in = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"head": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell, self._in = "", tag

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append((self._in, self._cell.strip()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            if all(k == "th" for k, _ in self._row):
                self.tables[-1]["head"] = [v for _, v in self._row]
            else:
                self.tables[-1]["rows"].append([v for _, v in self._row])
            self._row = None


def _shown_verdicts(notebook_path) -> list[str]:
    nb = json.loads(open(notebook_path, encoding="utf-8").read())
    out = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            html = "".join(o.get("data", {}).get("text/html", ""))
            if "verdict" not in html:
                continue
            p = _Verdicts()
            p.feed(html)
            for t in p.tables:
                if "verdict" in t["head"] and "claim" in t["head"]:
                    i = t["head"].index("verdict")
                    out += [r[i] for r in t["rows"] if len(r) > i]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("chapter", ["emergence-artifacts", "test-time-compute"])
def test_ledger_is_unchanged_by_a_readers_random_parameters(chapter, ledger, tmp_path):
    """A chapter re-run at random valid parameters shows the ledger's verdicts, unchanged."""
    import numpy as np

    from scalingbook import params

    rng = np.random.default_rng(7)
    args = []
    for p in params.schema(chapter):
        if p.choices:
            v = p.choices[int(rng.integers(len(p.choices)))]
        elif p.kind in (int, float) and p.low is not None and p.high is not None and p.high < 1e6 and p.low >= 0:
            lo, hi = float(p.low), float(p.high)
            v = p.kind(lo + (hi - lo) * float(rng.uniform(0.2, 0.8)))
        else:
            continue
        args += ["-p", p.name, str(v)]
    out = subprocess.run(
        [sys.executable, "-m", "scalingbook.build.cli", "run", chapter, *args, "--out", str(tmp_path / "run")],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    shown = _shown_verdicts(tmp_path / "run" / f"{chapter.replace('-', '_')}.ipynb")
    expected = [c.shown_verdict for c in ledger if c.chapter == chapter]
    assert shown == expected, f"{chapter} at {args}: the page's verdicts differ from the ledger's"
    assert all(any(s.startswith(v) for v in C.VERDICTS) for s in shown)
