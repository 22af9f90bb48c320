"""Every valid input runs: each chapter executed at all its parameters' lower bounds and at
all their upper bounds as the book executes it (papermill, a fresh kernel, the pipeline's
execution cache), and at 10 seeded random points inside the ranges through the in-process
runner (the chapter's code cells in one shared IPython shell, each displayed value rendered
and each chart validated; see ``conftest.py``). Written from ``params.SCHEMAS``, so it follows
schema changes.

How a point is made, per parameter kind:

* numbers: the bound itself; an open bound is approached to within 1e-9 of the range
  (``(0, 1]`` gives 1e-9); random points are log-uniform when the range is positive and
  spans three or more decades, uniform otherwise (integers rounded);
* choices: the first choice at the lower bounds, the last at the upper bounds, a random one
  otherwise; booleans: false, true, random;
* free text (a path or name without a list of choices): its default.

Joint validity (the documented rule, applied to every point, never a skip): a pair of
parameters named ``min_X``/``max_X`` or ``small_X``/``large_X`` must be ordered, the
first below the second. When a point breaks that, the pair is swapped; if the two are
equal, the second is raised tenfold (or the first lowered tenfold at the top of the range).
"""

from __future__ import annotations

import math
import random
import time

import pytest

from scalingbook import params
from scalingbook.build.book import ChapterFailed

N_RANDOM = 10
PAIRS = (("min_", "max_"), ("small_", "large_"))


def _edge(p: params.Param, top: bool):
    if p.kind is bool:
        return top
    if p.choices is not None:
        return p.choices[-1 if top else 0]
    if p.kind in (int, float) and p.low is not None and p.high is not None:
        value, is_open = (p.high, p.high_open) if top else (p.low, p.low_open)
        if is_open:
            step = (p.high - p.low) * 1e-9
            value = value - step if top else value + step
            if p.kind is int:
                value = math.floor(value) if top else math.ceil(value)
        return p.kind(value)
    if p.kind in (int, float) and (p.low is not None or p.high is not None):
        return p.kind(p.high if top and p.high is not None else p.low if p.low is not None else p.default)
    return p.default


def _random(p: params.Param, rng: random.Random):
    if p.kind is bool:
        return rng.random() < 0.5
    if p.choices is not None:
        return rng.choice(p.choices)
    if p.kind in (int, float) and p.low is not None and p.high is not None:
        lo, hi = p.low, p.high
        if lo > 0 and hi / lo >= 1e3:
            x = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        else:
            x = rng.uniform(lo, hi)
        if p.kind is int:
            x = min(max(round(x), math.ceil(lo)), math.floor(hi))
        x = min(max(x, lo), hi)
        if (p.low_open and x == lo) or (p.high_open and x == hi):
            return _edge(p, top=x == hi)
        return p.kind(x)
    return p.default


def jointly_valid(chapter: str, point: dict) -> dict:
    """The documented rule above: ordered min_/max_ and small_/large_ pairs."""
    by_name = {p.name: p for p in params.schema(chapter)}
    point = dict(point)
    for first, second in PAIRS:
        for name in list(point):
            if not name.startswith(first) or (second + name[len(first) :]) not in point:
                continue
            a, b = name, second + name[len(first) :]
            if point[a] > point[b]:
                point[a], point[b] = point[b], point[a]
            if point[a] == point[b]:
                pb, pa = by_name[b], by_name[a]
                if pb.high is None or point[b] * 10 <= pb.high:
                    point[b] = pb.kind(point[b] * 10)
                else:
                    point[a] = pa.kind(max(point[a] / 10, pa.low if pa.low is not None else -math.inf))
            point[a], point[b] = by_name[a].check(point[a], chapter), by_name[b].check(point[b], chapter)
    return params.validate(chapter, point)


def corner_points(chapter: str, seed: int = 2024) -> list[dict]:
    schema = params.schema(chapter)
    rng = random.Random(f"{seed}-{chapter}")
    points = [{p.name: _edge(p, top=False) for p in schema}, {p.name: _edge(p, top=True) for p in schema}]
    points += [{p.name: _random(p, rng) for p in schema} for _ in range(N_RANDOM)]
    return [jointly_valid(chapter, pt) for pt in points]


def test_corner_points_are_valid_and_ordered():
    for chapter in params.chapter_names():
        points = corner_points(chapter)
        assert len(points) == 2 + N_RANDOM
        assert corner_points(chapter) == points, "the random points must be seeded"
        for pt in points:
            for first, second in PAIRS:
                for a in pt:
                    b = second + a[len(first) :]
                    if a.startswith(first) and b in pt:
                        assert pt[a] < pt[b], (chapter, a, b, pt)


def test_joint_rule_swaps_and_separates_pairs():
    chapter = next(
        (c for c in params.chapter_names() if {"min_params", "max_params"} <= {p.name for p in params.schema(c)}), None
    )
    if chapter is None:
        pytest.skip("no chapter has a min_params/max_params pair any more")
    base = params.validate(chapter, {})
    hi = {p.name: p for p in params.schema(chapter)}["max_params"].high
    swapped = jointly_valid(chapter, {**base, "min_params": 1e12, "max_params": 1e8})
    assert (swapped["min_params"], swapped["max_params"]) == (1e8, 1e12)
    equal = jointly_valid(chapter, {**base, "min_params": 1e9, "max_params": 1e9})
    assert equal["min_params"] == 1e9 and equal["max_params"] == 1e10
    top = jointly_valid(chapter, {**base, "min_params": hi, "max_params": hi})
    assert top["min_params"] == hi / 10 and top["max_params"] == hi


def planned_chapter_runs(test_params: dict) -> list[tuple[str, dict]]:
    """The kernel executions of a test here (started before it by conftest.py): the bounds."""
    return [(test_params["chapter"], pt) for pt in corner_points(test_params["chapter"])[:2]]


def _report(chapter: str, points: list[dict], failed: list[tuple[int, ChapterFailed]]) -> str:
    defaults = params.validate(chapter, {})
    lines = [
        f"point {i} ({'lower bounds' if i == 0 else 'upper bounds' if i == 1 else 'random'}): "
        f"{ {k: v for k, v in points[i].items() if v != defaults[k]} } -> {err.detail}"
        for i, err in failed
    ]
    return f"{chapter} crashed at {len(failed)} of {len(points)} valid points:\n" + "\n".join(lines)


@pytest.mark.parametrize("chapter", params.chapter_names())
def test_every_chapter_runs_at_all_its_lower_and_all_its_upper_bounds(run_chapter, chapter):
    points = corner_points(chapter)[:2]
    failed = []
    for i, pt in enumerate(points):
        try:
            rec = run_chapter(chapter, pt)
        except ChapterFailed as exc:
            failed.append((i, exc))
            continue
        assert rec.headlines, f"{chapter} published no headline number at point {i}"
    assert not failed, _report(chapter, points, failed)


@pytest.mark.parametrize("chapter", params.chapter_names())
def test_every_valid_input_runs(run_in_process, chapter):
    points = corner_points(chapter)
    start = time.perf_counter()
    failed = []
    for i in range(2, len(points)):
        try:
            run = run_in_process(chapter, points[i])
        except ChapterFailed as exc:
            failed.append((i, exc))
            continue
        assert run.headlines, f"{chapter} published no headline number at point {i}: {points[i]}"
    print(f"{chapter}: {len(points) - 2} random points in {time.perf_counter() - start:.0f} s")
    assert not failed, _report(chapter, points, failed)
