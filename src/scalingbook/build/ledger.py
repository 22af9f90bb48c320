"""The claims ledger as the site shows it and as ``scalingbook claims`` prints it.

The records come from :func:`scalingbook.pages.claims.ledger` (every chapter's ``claims()``,
computed at the claims' published inputs, so no reader's parameter changes them). They are kept
beside the datasets cache, keyed by the package's source, so a build computes them once per
change of the code or data.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..pages import claims as _claims

__all__ = [
    "records",
    "records_cached",
    "page_markdown",
    "write_downloads",
    "terminal_table",
    "PAGE",
    "CSV_NAME",
    "JSON_NAME",
]

#: The ledger page's name in the book (``_toc.yml``), and its downloads in ``_static``.
PAGE = "claims.md"
CSV_NAME = "claims-ledger.csv"
JSON_NAME = "claims-ledger.json"
#: The name the records are cached under (:func:`scalingbook.pages.cache.cached_result`).
LEDGER_CACHE = "claims-ledger"


def records(chapters: Iterable[str] | None = None) -> list[_claims.Claim]:
    """Every claim record of the book (or of ``chapters``), computed once per source digest."""
    from ..pages.cache import cached_result

    def compute() -> list[dict[str, Any]]:
        return [c.as_dict() for c in _claims.ledger()]

    rows = cached_result(LEDGER_CACHE, compute)
    out = [_from_dict(r) for r in rows]
    if chapters is not None:
        wanted = set(chapters)
        out = [c for c in out if c.chapter in wanted]
    return out


def records_cached() -> bool:
    """Whether :func:`records` will read the records from the cache (none to compute)."""
    from ..pages.cache import result_path

    return result_path(LEDGER_CACHE).is_file()


def _from_dict(d: dict[str, Any]) -> _claims.Claim:
    d = dict(d)
    d["readings"] = tuple(_claims.Reading(**r) for r in d.get("readings", ()))
    return _claims.Claim(**d)


def _labels(root: Path, stem: str) -> set[str]:
    try:
        text = (root / "chapters" / f"{stem}.md").read_text(encoding="utf-8")
    except OSError:
        return set()
    return set(re.findall(r"^\(([^)\s]+)\)=\s*$", text, re.M))


def _cell(text: str) -> str:
    return html.escape(str(text)).replace("\n", " ")


def page_markdown(claims: Sequence[_claims.Claim], root: Path, bib_keys: set[str]) -> str:
    """The ledger page (MyST Markdown): what the verdicts mean, counts by verdict, the downloads
    and one table of every claim, filterable by chapter, verdict and source."""
    counts = _claims.counts(claims)
    chapters = list(dict.fromkeys(c.chapter for c in claims))
    sources = sorted({c.source for c in claims})
    lines = [
        "(claims-ledger)=",
        "# Claims ledger",
        "",
        "Every claim the book checks, from every chapter, in one table. A claim is what a paper, "
        "report or article states; each row says who states it, the evidence the book tested it "
        "on, the check, the tolerance and where that tolerance comes from, the value found and "
        'the verdict. The chapters\' own "Claims checked" tables are drawn from the same records, '
        "and the records are computed at the claims' published inputs, so re-running a chapter "
        "with other parameters never changes a verdict.",
        "",
        "Five verdicts, with one rule each:",
        "",
        "- **reproduces**, **close**, **does not reproduce**: only from a check on published "
        "measurements (a dataset at a pinned commit, or a published table, figure or stated "
        "number), with a tolerance taken from the source: its stated interval, its rounding or a "
        "standard error. *Close* is within twice that tolerance.",
        "- **depends on an assumption**: the verdict turns on a value the book chose (a simulation "
        "parameter, a window, an efficiency); the row shows, computed, the range of that value "
        "over which each reading holds.",
        "- **not checkable**: no published input exists to test the claim; the row names the missing input.",
        "",
        "| verdict | claims |",
        "|---|---|",
    ]
    lines += [f"| {v} | {n} |" for v, n in counts.items()]
    lines += [f"| all | {sum(counts.values())} |", ""]
    lines += [
        f"Download the ledger: {{download}}`CSV <_static/{CSV_NAME}>`, {{download}}`JSON <_static/{JSON_NAME}>`, "
        "or print it with `scalingbook claims --format table` (`--chapter NAME`, `--format csv|json`).",
        "",
    ]

    # The filters: plain HTML and a few lines of script, so the page needs no network.
    def options(values: Iterable[str], shown=lambda v: v) -> str:
        return "".join(f'<option value="{_cell(v)}">{_cell(shown(v))}</option>' for v in values)

    lines += [
        "```{raw} html",
        '<div class="ledger-filters" role="search" aria-label="Filter the claims">',
        '<label>Chapter <select data-filter="chapter"><option value="">all</option>'
        + options(chapters)
        + "</select></label>",
        '<label>Verdict <select data-filter="verdict"><option value="">all</option>'
        + options(_claims.VERDICTS)
        + "</select></label>",
        '<label>Source <select data-filter="source"><option value="">all</option>'
        + options(sorted(sources, key=_claims.source_name), _claims.source_name)
        + "</select></label>",
        '<span class="ledger-shown" aria-live="polite"></span>',
        "</div>",
        '<div class="table-wrap" style="overflow-x:auto;max-width:100%">',
        '<table class="scalingbook-table ledger-table" style="font-size:0.85em"><thead><tr><th>chapter</th>'
        "<th>claim (source)</th><th>evidence and tolerance</th><th>found (published)</th><th>verdict</th></tr>"
        "</thead><tbody>",
    ]
    label_cache: dict[str, set[str]] = {}
    for c in claims:
        stem = c.chapter.replace("-", "_")
        labels = label_cache.setdefault(stem, _labels(root, stem))
        anchor = c.section if c.section in labels else ""
        href = f"chapters/{stem}.html" + (f"#{anchor.lower().replace('_', '-')}" if anchor else "")
        evidence = _cell(c.evidence or f"missing: {c.missing}")
        if c.evidence_kind == "dataset":
            evidence = f'<a href="datasets.html">{evidence}</a>'
        tol = f"<br><small>tolerance: {_cell(c.tolerance)} ({_cell(c.tolerance_source)})</small>" if c.tolerance else ""
        found = _cell(c.value) + (f" <small>({_cell(c.published)})</small>" if c.published else "")
        lines.append(
            f'<tr data-chapter="{_cell(c.chapter)}" data-verdict="{_cell(c.verdict)}" data-source="{_cell(c.source)}">'
            f'<td><a href="{href}">{_cell(c.chapter)}</a></td>'
            f"<td>{_cell(c.claim)}<br><small>{_cell(_claims.source_name(c.source))}</small></td>"
            f"<td>{evidence}{tol}</td><td>{found}</td><td>{_cell(c.shown_verdict)}</td></tr>"
        )
    lines += [
        "</tbody></table></div>",
        "<script>",
        "(function () {",
        "  var box = document.querySelector('.ledger-filters');",
        "  if (!box) { return; }",
        "  var rows = Array.prototype.slice.call(document.querySelectorAll('.ledger-table tbody tr'));",
        "  var shown = box.querySelector('.ledger-shown');",
        "  function apply() {",
        "    var want = {};",
        "    box.querySelectorAll('select').forEach(function (s) { want[s.dataset.filter] = s.value; });",
        "    var n = 0;",
        "    rows.forEach(function (r) {",
        "      var ok = Object.keys(want).every(function (k) { return !want[k] || r.dataset[k] === want[k]; });",
        "      r.hidden = !ok; if (ok) { n += 1; }",
        "    });",
        "    shown.textContent = n + ' of ' + rows.length + ' claims shown';",
        "  }",
        "  box.addEventListener('change', apply); apply();",
        "})();",
        "</script>",
        "```",
        "",
        "Sources cited in the table: "
        + ", ".join(f"{{cite:t}}`{s}`" if s in bib_keys else s for s in sorted(sources, key=_claims.source_name))
        + ".",
        "",
    ]
    return "\n".join(lines) + "\n"


def bib_keys(root: Path) -> set[str]:
    """The citation keys of ``references.bib``."""
    try:
        text = (root / "references.bib").read_text(encoding="utf-8")
    except OSError:
        return set()
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, re.M))


def write_downloads(claims: Sequence[_claims.Claim], static_dir: Path) -> list[Path]:
    """The ledger as CSV and JSON in ``static_dir``; returns the two paths."""
    static_dir.mkdir(parents=True, exist_ok=True)
    out = [static_dir / CSV_NAME, static_dir / JSON_NAME]
    texts = [_claims.to_csv(claims), _claims.to_json(claims)]
    for path, text in zip(out, texts):
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return out


def terminal_table(claims: Sequence[_claims.Claim], width: int = 100) -> str:
    """The ledger for a terminal: counts by verdict, then chapter, key, verdict and the claim."""
    counts = _claims.counts(claims)
    lines = ["  ".join(f"{v}: {n}" for v, n in counts.items()) + f"  (all: {sum(counts.values())})", ""]
    ch_w = max([len(c.chapter) for c in claims] + [7])
    key_w = max([len(c.key) for c in claims] + [3])
    v_w = max(len(v) for v in _claims.VERDICTS)
    lines.append(f"{'chapter':<{ch_w}}  {'key':<{key_w}}  {'verdict':<{v_w}}  claim")
    room = max(20, width - ch_w - key_w - v_w - 6)
    for c in claims:
        text = c.claim if len(c.claim) <= room else c.claim[: room - 1] + "…"
        lines.append(f"{c.chapter:<{ch_w}}  {c.key:<{key_w}}  {c.verdict:<{v_w}}  {text}")
    return "\n".join(lines)


def ledger_json(claims: Sequence[_claims.Claim]) -> dict[str, Any]:
    return json.loads(_claims.to_json(claims))
