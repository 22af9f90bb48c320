"""Sweeps: one chapter over many parameter sets, one CSV row of headline numbers per set.

A sweep file has ``grid:`` (name -> list of values, every combination) and/or ``runs:``
(a list of sets), and may fix values for every run beside them (``fixed:`` or a top-level
``name: value``). The CSV holds the columns that vary; the values shared by every run and the
unit of every column are written once, to ``<csv>.units.json``. Every set is validated before any kernel starts; the number of runs and
an estimate of the time (from the cache's timings of that chapter) are printed first, and
a sweep executing more than :data:`CONFIRM_ABOVE` runs needs ``--yes``. Progress says
``[k/n]`` with each run's parameters. The CSV is written once, at the end, in one rename:
an interrupted sweep leaves no partial CSV and no temporary folders.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..pages import params as _params
from .book import Book, chapter_key, check_data_tables, check_layout, check_notebook_schema, check_output_file, lock
from .execution import clean_stale, execute_many, execution_key, source_digest

__all__ = ["expand_grid", "fixed_values", "sweep_table", "count_sets", "plan", "sweep", "CONFIRM_ABOVE", "MAX_SETS"]

#: runs a sweep may execute without ``--yes``
CONFIRM_ABOVE = 200


#: parameter sets a sweep may hold at all (at a few seconds a run, more would take days)
MAX_SETS = 100_000


def count_sets(grid: Mapping[str, Any]) -> int:
    """How many parameter sets a sweep file lists, from its shape (the length of ``runs:`` plus
    the product of the lengths of ``grid:``'s lists), without building any: a grid of millions
    is counted, and refused, at once. Raises ParameterError for a malformed file."""
    if not isinstance(grid, Mapping) or not ({"grid", "runs"} & set(grid)):
        raise _params.ParameterError("a sweep file needs a 'grid:' mapping (name: [values]) or a 'runs:' list")
    runs = grid.get("runs") or []
    if not isinstance(runs, list):
        raise _params.ParameterError("'runs:' must be a list of parameter mappings")
    g = grid.get("grid") or {}
    if not isinstance(g, Mapping):
        raise _params.ParameterError("'grid:' must map parameter names to lists of values")
    total = 1 if g else 0
    for v in g.values():
        total *= len(v) if isinstance(v, list) else 1
    return len(runs) + total


def expand_grid(grid: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Parameter sets of a sweep file: ``runs:`` (a list of sets) and/or ``grid:`` (name ->
    list of values, every combination)."""
    if not isinstance(grid, Mapping) or not ({"grid", "runs"} & set(grid)):
        raise _params.ParameterError("a sweep file needs a 'grid:' mapping (name: [values]) or a 'runs:' list")
    fixed = fixed_values(grid)
    sets: list[dict[str, Any]] = []
    runs = grid.get("runs") or []
    if not isinstance(runs, list):
        raise _params.ParameterError("'runs:' must be a list of parameter mappings")
    for item in runs:
        if not isinstance(item, Mapping):
            raise _params.ParameterError(
                f"each entry of 'runs:' must be a mapping of parameters; got {_params.brief(item)}"
            )  # bounded before it is built
        sets.append(dict(item))
    g = grid.get("grid") or {}
    if g:
        if not isinstance(g, Mapping):
            raise _params.ParameterError("'grid:' must map parameter names to lists of values")
        names = list(g)
        lists = [v if isinstance(v, list) else [v] for v in g.values()]
        empty = [n for n, v in zip(names, lists) if not v]
        if empty:
            raise _params.ParameterError(f"'grid:' lists no value for '{empty[0]}'")
        total = 1
        for v in lists:
            total *= len(v)
        if total > MAX_SETS:
            raise _params.ParameterError(
                f"the grid has {total:,} combinations; a sweep holds at most "
                f"{MAX_SETS:,} parameter sets: split it into smaller sweeps"
            )
        sets += [dict(zip(names, combo)) for combo in itertools.product(*lists)]
    if not sets:
        raise _params.ParameterError("the sweep file lists no parameter sets")
    return [{**fixed, **s} for s in sets]


def fixed_values(grid: Mapping[str, Any]) -> dict[str, Any]:
    """The values a sweep file fixes for every run, beside its grid: its ``fixed:`` mapping and
    any other top-level ``name: value`` (``train_flops: 1e26``). A run's own value (in
    ``runs:`` or ``grid:``) wins over a fixed one; names are checked against the chapter's
    schema with the runs."""
    fixed: dict[str, Any] = {}
    given = grid.get("fixed") or {}
    if not isinstance(given, Mapping):
        raise _params.ParameterError("'fixed:' must map parameter names to single values")
    fixed.update(given)
    known = {p.name for schema in _params.SCHEMAS.values() for p in schema}
    for k, v in grid.items():
        if k in ("grid", "runs", "fixed"):
            continue
        if k not in known:
            raise _params.ParameterError(
                f"a sweep file holds 'grid:', 'runs:', 'fixed:' and parameter values; "
                f"'{_params.shorten(str(k))}' is none of them"
            )
        if isinstance(v, (list, Mapping)):
            raise _params.ParameterError(
                f"'{_params.shorten(str(k))}' beside the grid must be a single value "
                "(a list of values belongs under 'grid:')"
            )
        fixed[str(k)] = v
    return fixed


def sweep_table(records: list[Any], chapter: str) -> tuple[Any, dict[str, Any]]:
    """The sweep's CSV table and its sidecar: one row per run with the columns whose values differ
    between runs (parameters and published numbers, the solved quantities among them); every
    column with one value in all runs goes to the sidecar once (``fixed``: parameters,
    ``fixed_results``: published numbers that came out the same in every run); ``units`` names the
    unit of every column (a parameter's from the chapter's schema, a published number's as the
    chapter published it)."""
    import pandas as pd

    rows = [{**r.values, **r.results} for r in records]
    df = pd.DataFrame(rows)
    units = {p.name: p.unit for p in _params.schema(chapter) if p.unit}
    for r in records:
        for h in getattr(r, "headlines", []) or []:
            if h.get("unit"):
                units.setdefault(str(h["name"]), str(h["unit"]))
    fixed: dict[str, Any] = {}
    if len(df) > 1:
        for c in list(df.columns):
            vals = df[c].astype(str).unique()
            if len(vals) == 1:
                v = df[c].iloc[0]
                fixed[c] = v.item() if hasattr(v, "item") else v
        df = df[[c for c in df.columns if c not in fixed]]
    inputs = {p.name for p in _params.schema(chapter)}
    return df, {
        "units": {c: units[c] for c in [*df.columns, *fixed] if c in units},
        "fixed": {k: v for k, v in fixed.items() if k in inputs},
        "fixed_results": {k: v for k, v in fixed.items() if k not in inputs},
    }


def _distinct(sets: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The validated sets without repeats (first kept, order kept), and how many repeated."""
    seen: set[str] = set()
    out = []
    for s in sets:
        k = json.dumps(s, sort_keys=True)
        if k not in seen:
            seen.add(k)
            out.append(s)
    return out, len(sets) - len(out)


def _typical_seconds(book: Book, chapter: str) -> float | None:
    """Median execution time of the chapter's cached runs, or None when there is none."""
    times = []
    for rec in (book.cache_dir / chapter).glob("*.json"):
        try:
            times.append(float(json.loads(rec.read_text()).get("seconds")))
        except (OSError, ValueError, TypeError):
            continue
    return statistics.median(times) if times else None


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def plan(book: Book, chapter: str, sets: list[dict[str, Any]], n_jobs: int) -> tuple[int, str]:
    """How many of the (validated) ``sets`` must execute (not cached), and an estimate of
    the time in words."""
    sources = source_digest(book)
    cache = book.cache_dir / chapter
    nb = book.notebook(chapter).read_bytes()
    todo = sum(
        1 for s in sets if not (cache / f"{execution_key(book, chapter, s, sources, notebook=nb)}.json").exists()
    )
    typical = _typical_seconds(book, chapter)
    if todo == 0:
        return 0, "no time (every run is cached)"
    if typical is None:
        return todo, "unknown time (no run of this chapter is cached yet)"
    return (
        todo,
        f"about {_duration(todo * typical / max(1, min(n_jobs, todo)))} "
        f"({typical:.1f} s a run, {min(n_jobs, todo)} at a time)",
    )


def sweep(
    chapter: str,
    grid: Mapping[str, Any],
    *,
    out_csv: str | Path | None = None,
    n_jobs: int | None = None,
    book: Book | None = None,
    yes: bool = False,
    timeout: float | None = None,
    progress: Callable[[str], None] = print,
) -> Path:
    """Run ``chapter`` over every parameter set of ``grid``; write one CSV row per run with
    its parameters and published headline numbers. All sets are validated first; above
    :data:`CONFIRM_ABOVE` runs to execute, ``yes`` must be given."""
    book = book or Book.default()
    key = chapter_key(chapter)
    out = Path(out_csv) if out_csv is not None else book.root / "runs" / f"{key}-sweep.csv"
    check_output_file(out)  # first: a bad --out is refused before any work
    total = count_sets(grid)
    if total > MAX_SETS:
        raise _params.ParameterError(
            f"the sweep lists {total:,} parameter sets; a sweep holds at most "
            f"{MAX_SETS:,}: split it into smaller sweeps"
        )
    cached_at_most = sum(1 for _ in (book.cache_dir / key).glob("*.json")) if (book.cache_dir / key).is_dir() else 0
    if total - cached_at_most > CONFIRM_ABOVE and not yes:  # refused from the count, before building a set
        least = total - cached_at_most
        typical = _typical_seconds(book, key)
        jobs = max(1, n_jobs or os.cpu_count() or 1)
        estimate = (
            f"about {_duration(least * typical / min(jobs, least))} ({typical:.1f} s a run, "
            f"{min(jobs, least)} at a time)"
            if typical
            else "unknown time (no run of this chapter is cached yet)"
        )
        progress(f"Sweeping {key} over {total:,} parameter set(s): at least {least:,} to execute, {estimate}")
        raise _params.ParameterError(
            f"the sweep lists {total:,} parameter sets, at least {least:,} of them to execute ({estimate}); "
            f"above {CONFIRM_ABOVE}, confirm with --yes or sweep a smaller grid"
        )
    sets, repeats = _distinct([_params.validate(key, s) for s in expand_grid(grid)])
    check_layout(book, [key])
    check_notebook_schema(book, key)
    check_data_tables(book)
    jobs = max(1, n_jobs or os.cpu_count() or 1)
    todo, estimate = plan(book, key, sets, jobs)
    if repeats:
        progress(
            f"{repeats} parameter set(s) of the sweep file repeat an earlier one once checked; "
            f"each distinct set runs once and has one row"
        )
    progress(
        f"Sweeping {key} over {len(sets)} parameter set(s): {len(sets) - todo} cached, {todo} to execute, {estimate}"
    )
    if todo > CONFIRM_ABOVE and not yes:
        raise _params.ParameterError(
            f"the sweep would execute {todo} runs ({estimate}); above {CONFIRM_ABOVE}, "
            "confirm with --yes or sweep a smaller grid"
        )
    with lock(book, f"sweep of {key}", progress=progress):
        clean_stale(book)
        records = execute_many(book, [(key, s) for s in sets], n_jobs=jobs, timeout=timeout, progress=progress)
    table, side = sweep_table(records, key)
    rows = table.to_dict("records")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    side_path = out.with_name(out.name + ".units.json")
    try:
        table.to_csv(tmp, index=False)
        side_path.write_text(json.dumps(side, indent=1, default=str), encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        from .book import BuildError

        raise BuildError(f"could not write {out}: {exc.strerror or exc}; nothing was written") from None
    finally:
        tmp.unlink(missing_ok=True)
    progress(f"Wrote {out} ({len(rows)} rows; units and the values every run shared in {side_path.name})")
    return out
