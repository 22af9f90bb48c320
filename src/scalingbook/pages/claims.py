"""The claims ledger: every claim the book checks, one record each, in one verdict vocabulary.

A :class:`Claim` holds the claim as its source states it, who states it, the published inputs it
rests on, the evidence used, the check (a named function), its tolerance and where that
tolerance comes from, the value found and the verdict. There are five verdicts and a record
enforces their rules when it is made:

* **reproduces**, **close**, **does not reproduce**: only from a check on published measurements
  (a dataset of the registry, or a published table, figure or stated number), with a tolerance
  taken from the source (its stated interval, its rounding, a standard error) or a stated
  statistical test. :func:`grade` turns a value and the source's interval into one of them.
* **depends on an assumption**: the verdict turns on a value the book chose (a simulation
  parameter, a window, an efficiency). The record names that value and carries, computed by
  :func:`readings_over`, the range of it over which each reading holds.
* **not checkable**: no published input exists to test the claim; the record names the missing
  input.

Each chapter's page module returns its records from ``claims()``, computed at the claims'
published inputs, never at the reader's parameters; the chapter's table (:func:`table`) and the
book's ledger (:func:`ledger`) are drawn from the same records, so they cannot disagree.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import import_module
from typing import Any

__all__ = [
    "VERDICTS",
    "MEASURED",
    "EVIDENCE_KINDS",
    "PUBLISHED_EVIDENCE",
    "ClaimError",
    "Reading",
    "Claim",
    "grade",
    "grade_log",
    "readings_over",
    "describe_readings",
    "source_name",
    "frame",
    "table",
    "CHAPTER_MODULES",
    "chapter_claims",
    "ledger",
    "ledger_frame",
    "counts",
    "to_json",
    "to_csv",
]

#: The five verdicts, and no others.
VERDICTS = ("reproduces", "close", "does not reproduce", "depends on an assumption", "not checkable")

#: The verdicts only a check on published measurements may give.
MEASURED = VERDICTS[:3]

#: What a claim's evidence is: a dataset of the registry (at its commit), a published table,
#: figure or number stated in the source's text, a stated model of the book's, or nothing.
EVIDENCE_KINDS = ("dataset", "published table", "published figure", "published text", "book model", "none")

#: The kinds of evidence that are published measurements.
PUBLISHED_EVIDENCE = EVIDENCE_KINDS[:4]


class ClaimError(ValueError):
    """A claim record breaks the ledger's rules (a verdict its evidence cannot give)."""


@dataclass(frozen=True)
class Reading:
    """One reading of a claim that depends on an assumed value: the verdict the check gives
    while the assumed value lies in [low, high]."""

    verdict: str
    low: float
    high: float

    def __post_init__(self) -> None:
        if self.verdict not in MEASURED:
            raise ClaimError(f"a reading must be one of {', '.join(MEASURED)}; got {self.verdict!r}")
        if not (self.low <= self.high):
            raise ClaimError(f"a reading's range must have low <= high; got {self.low!r}, {self.high!r}")


@dataclass(frozen=True)
class Claim:
    """One claim the book checks. See the module's docstring for the rules a record obeys.

    chapter: the chapter's CLI name; key: a short identifier, unique in the chapter;
    claim: the claim as its source states it; source: a citation key of ``references.bib``, or an
    article's author and outlet; inputs: the published inputs the claim rests on; evidence: what
    the check used (a registry dataset at its commit, a table or figure with its number, a stated
    model of the book's); evidence_kind: one of :data:`EVIDENCE_KINDS`; check: the dotted name of
    the function that computes ``value``; value: the value found, as shown; published: the
    published value it is compared with, as shown; tolerance and tolerance_source: the accepted
    difference and where it comes from; verdict: one of :data:`VERDICTS`; section: the anchor of
    the chapter's section that checks it; assumption: the value of the book's the verdict turns on
    (for *depends on an assumption*); readings: the computed ranges of that value and the verdict
    in each; literature: where published work puts that value, if it does; missing: the
    published input that would make the claim checkable (for *not checkable*); note: one
    sentence more, for the reader.
    """

    chapter: str
    key: str
    claim: str
    source: str
    inputs: str
    evidence: str
    evidence_kind: str
    check: str
    value: str
    verdict: str
    published: str = ""
    tolerance: str = ""
    tolerance_source: str = ""
    section: str = ""
    assumption: str = ""
    readings: tuple[Reading, ...] = field(default_factory=tuple)
    literature: str = ""
    missing: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        where = f"claim {self.chapter}/{self.key}"
        for name in ("chapter", "key", "claim", "source", "verdict"):
            if not str(getattr(self, name)).strip():
                raise ClaimError(f"{where}: '{name}' is empty")
        if self.verdict not in VERDICTS:
            raise ClaimError(f"{where}: verdict must be one of {', '.join(VERDICTS)}; got {self.verdict!r}")
        if self.evidence_kind not in EVIDENCE_KINDS:
            raise ClaimError(
                f"{where}: evidence_kind must be one of {', '.join(EVIDENCE_KINDS)}; got {self.evidence_kind!r}"
            )
        if self.verdict in MEASURED:
            if self.evidence_kind not in PUBLISHED_EVIDENCE or not self.evidence.strip():
                raise ClaimError(
                    f"{where}: '{self.verdict}' needs published evidence (a dataset, table, figure "
                    f"or stated number); got {self.evidence_kind!r} {self.evidence!r}"
                )
            for name in ("check", "value", "tolerance", "tolerance_source"):
                if not str(getattr(self, name)).strip():
                    raise ClaimError(f"{where}: '{self.verdict}' needs its '{name}'")
        if self.verdict == "depends on an assumption":
            if not self.assumption.strip() or not self.readings:
                raise ClaimError(f"{where}: 'depends on an assumption' needs the assumption and its computed readings")
            if len({r.verdict for r in self.readings}) < 2 and not self.note.strip():
                raise ClaimError(
                    f"{where}: every reading gives '{self.readings[0].verdict}': the verdict does not turn "
                    "on the assumption over its range; say why it is graded so in 'note'"
                )
        if self.verdict == "not checkable" and not self.missing.strip():
            raise ClaimError(f"{where}: 'not checkable' must name the missing published input")

    @property
    def shown_verdict(self) -> str:
        """The verdict with its computed ranges, as the tables show it."""
        if self.verdict == "depends on an assumption":
            return f"{self.verdict}: {describe_readings(self.readings, self.assumption)}"
        return self.verdict

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["readings"] = [asdict(r) for r in self.readings]
        return d


# ----------------------------------------------------------------------------------------
# The rule: from a value and the source's interval to a verdict
# ----------------------------------------------------------------------------------------


def grade(value: float, low: float, high: float, *, close: float = 2.0) -> str:
    """The verdict of a check on published measurements.

    value: what the book finds; [low, high]: the source's interval for it (its stated CI, the
    range its rounding allows, or the published value ± a stated standard error); close: how
    many half-widths around the interval's centre still count as *close* (default 2: within
    twice the source's own tolerance). Returns "reproduces" inside [low, high], "close" inside
    the widened interval, else "does not reproduce". A NaN value does not reproduce.
    """
    value, low, high = float(value), float(low), float(high)
    if not (low <= high):
        raise ValueError(f"low must be <= high, got low={low:g}, high={high:g}")
    if not (close >= 1):
        raise ValueError(f"close must be in [1, inf), got {close:g}")
    if math.isnan(value):
        return "does not reproduce"
    if low <= value <= high:
        return "reproduces"
    centre, half = (low + high) / 2, (high - low) / 2
    if abs(value - centre) <= close * half:
        return "close"
    return "does not reproduce"


def grade_log(value: float, low: float, high: float, *, close: float = 2.0) -> str:
    """:func:`grade` on log10 scale, for quantities quoted as orders of magnitude or growth
    factors (all three numbers > 0)."""
    if min(value, low, high) <= 0:
        return "does not reproduce" if value <= 0 < low else grade(value, low, high, close=close)
    return grade(math.log10(value), math.log10(low), math.log10(high), close=close)


def readings_over(values: Sequence[float], verdict_at: Callable[[float], str]) -> tuple[Reading, ...]:
    """The readings of an assumption-dependent check: ``verdict_at(x)`` at every assumed value
    ``x`` of ``values`` (ascending), joined into ranges where the verdict is the same. Each range
    runs from the first to the last value tried that gives its verdict."""
    xs = [float(v) for v in values]
    if not xs or any(b < a for a, b in zip(xs, xs[1:])):
        raise ValueError("values must be a non-empty ascending sequence")
    out: list[Reading] = []
    start, current = xs[0], verdict_at(xs[0])
    prev = xs[0]
    for x in xs[1:]:
        v = verdict_at(x)
        if v != current:
            out.append(Reading(current, start, prev))
            start, current = x, v
        prev = x
    out.append(Reading(current, start, prev))
    return tuple(out)


def _short(x: float) -> str:
    from .format import format_number

    return format_number(x)


def describe_readings(readings: Iterable[Reading], assumption: str) -> str:
    """``reproduces for option_sd 0-0.4; does not reproduce for 0.45-1``."""
    name = assumption.split(" ")[0]
    parts = []
    for r in readings:
        span = _short(r.low) if r.low == r.high else f"{_short(r.low)} to {_short(r.high)}"
        parts.append(f"{r.verdict} for {name} {span}")
    return "; ".join(parts)


# ----------------------------------------------------------------------------------------
# Tables: a chapter's and the book's
# ----------------------------------------------------------------------------------------

_NAMES: dict[str, str] = {}


def _bib_names() -> dict[str, str]:
    """Citation key -> "Cottier et al. 2024", read from the book's ``references.bib``."""
    if not _NAMES:
        import re

        from ..sources.tables import data_dir

        try:
            text = (data_dir().parent / "references.bib").read_text(encoding="utf-8")
        except OSError:
            text = ""
        for m in re.finditer(r"@\w+\{([^,\s]+),(.*?)\n\}", text, re.S):
            key, body = m.group(1), m.group(2)
            author = re.search(r"author\s*=\s*\{(.*)\},?\s*$", body, re.M)
            year = re.search(r"year\s*=\s*\{?(\d{4})", body)
            if not author:
                continue
            people = [a.strip() for a in re.split(r"\s+and\s+", author.group(1))]
            last = [a.strip("{}").split(",")[0].strip() for a in people]
            who = (
                last[0]
                if len(last) == 1
                else (f"{last[0]} and {last[1]}" if len(last) == 2 and last[1] != "others" else f"{last[0]} et al.")
            )
            _NAMES[key] = f"{who} {year.group(1)}" if year else who
        _NAMES.setdefault("", "")
    return _NAMES


def source_name(source: str) -> str:
    """A claim's source as a reader reads it: a citation key becomes "Cottier et al. 2024"; an
    article's author and outlet stay as written."""
    return _bib_names().get(source, source)


def frame(claims: Iterable[Claim], scenario: Mapping[str, str] | None = None):
    """A chapter's claims as a table: claim, source, evidence, value found, published, tolerance,
    verdict (with computed ranges), and, when ``scenario`` maps keys to values, a last column
    with the reader's own run (which never changes a verdict)."""
    import pandas as pd

    rows = []
    for c in claims:
        row = {
            "claim": c.claim,
            "source": source_name(c.source),
            "evidence": c.evidence or c.missing,
            "value found": c.value,
            "published": c.published,
            "tolerance": (f"{c.tolerance} ({c.tolerance_source})" if c.tolerance else ""),
            "verdict": c.shown_verdict,
        }
        if scenario is not None:
            row["your run"] = scenario.get(c.key, "—")
        rows.append(row)
    return pd.DataFrame(rows)


def table(claims: Iterable[Claim], scenario: Mapping[str, str] | None = None):
    """The chapter's "Claims checked" table, drawn from its records (see :func:`frame`)."""
    from .report import table as _table

    return _table(frame(claims, scenario))


#: Every chapter's page module, by the chapter's CLI name.
CHAPTER_MODULES: dict[str, str] = {
    "pretraining-cost": "scalingbook.pages.pretraining_cost",
    "loss-scaling": "scalingbook.pages.loss_scaling",
    "downstream-predictability": "scalingbook.pages.downstream_predictability",
    "emergence-artifacts": "scalingbook.pages.emergence_artifacts",
    "test-time-compute": "scalingbook.pages.test_time_compute",
    "scaling-limits": "scalingbook.pages.scaling_limits",
    "scaling-lab": "scalingbook.pages.scaling_lab",
}


def chapter_claims(chapter: str) -> list[Claim]:
    """The claim records of one chapter, from its page module's ``claims()``."""
    if chapter not in CHAPTER_MODULES:
        from ..errors import ParameterError

        raise ParameterError(f"chapter must be one of: {', '.join(CHAPTER_MODULES)}; got {chapter!r}")
    module = import_module(CHAPTER_MODULES[chapter])
    out = list(module.claims())
    for c in out:
        if c.chapter != chapter:
            raise ClaimError(f"claim {c.key} of {CHAPTER_MODULES[chapter]} names chapter {c.chapter!r}")
    keys = [c.key for c in out]
    if len(set(keys)) != len(keys):
        raise ClaimError(f"chapter {chapter}: duplicate claim keys {sorted(k for k in keys if keys.count(k) > 1)}")
    return out


def ledger(chapters: Iterable[str] | None = None) -> list[Claim]:
    """Every claim of every chapter (or of ``chapters``), in the book's order."""
    names = list(CHAPTER_MODULES) if chapters is None else list(chapters)
    out: list[Claim] = []
    for name in names:
        try:
            import_module(CHAPTER_MODULES[name]) if name in CHAPTER_MODULES else None
        except ModuleNotFoundError:
            continue  # a chapter whose page module is not in this installation
        out += chapter_claims(name)
    return out


def counts(claims: Iterable[Claim]) -> dict[str, int]:
    """How many claims have each verdict, in the order of :data:`VERDICTS`."""
    out = dict.fromkeys(VERDICTS, 0)
    for c in claims:
        out[c.verdict] += 1
    return out


def ledger_frame(claims: Iterable[Claim]):
    """The ledger as one table: chapter, key, and every field of the record."""
    import pandas as pd

    rows = []
    for c in claims:
        d = c.as_dict()
        d["readings"] = describe_readings(c.readings, c.assumption) if c.readings else ""
        rows.append(d)
    return pd.DataFrame(rows, columns=[f for f in Claim.__dataclass_fields__])


def to_json(claims: Iterable[Claim]) -> str:
    """The ledger as JSON: ``{"counts": {verdict: n}, "claims": [record, ...]}``."""
    claims = list(claims)
    return json.dumps({"counts": counts(claims), "claims": [c.as_dict() for c in claims]}, indent=1)


def to_csv(claims: Iterable[Claim]) -> str:
    """The ledger as CSV, one row a claim (readings described in words)."""
    return ledger_frame(claims).to_csv(index=False)
