"""Benchmark what readers and contributors wait on, each figure beside its target with pass or FAIL.

1. a trivial papermill run (one cell, `x = 1`), measured in the same session: the unit T0;
2. a clean build of the whole book (every chapter executed, the site built): < 15 T0. Clean:
   no site, no execution cache and an empty datasets cache (so no page or fit cache either);
   the datasets come from $SCALINGBOOK_DATA_MIRROR when it is set, else are downloaded;
3. a rebuild with nothing changed: < 2 T0;
4. each chapter re-run with a new parameter (`scalingbook run`, notebook + standalone HTML),
   the median of three re-runs with different values: < 2 T0 for every chapter;
5. a 10,000-scenario sweep of the closed-form parts, vectorised (one call per formula, no
   Python loop over scenarios): a training run's time and cost (`scalingbook.science.cost`) and the
   compute-optimal and inference-aware allocations (`scalingbook.science.laws`): < 1 s;
6. the test suite as `make test` runs it (`pytest` in the checkout): < 240 s, and the quick
   suite as `make test-fast` runs it: < 60 s; each with its CPU time (user + system, its
   processes included) and its count of tests, the figures to compare on a shared machine.

The book is copied to a temporary folder, with its own empty datasets cache
($SCALINGBOOK_DATA_DIR), so the checkout's caches and yours are not used; the re-runs use the
copy after its build, as a reader's re-runs follow their first build. The test suites run in
the checkout with your environment, as `make test` does. Exits 1 when a target is missed. Usage:
python bench/bench_build.py [--chapter NAME] [--repeat N] [--skip-build] [--skip-tests]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))
from scalingbook import params  # noqa: E402

TARGETS = {"clean_build": 15.0, "no_change_rebuild": 2.0, "chapter_rerun": 2.0}
VECTOR_TARGET_SECONDS = 1.0
#: seconds: `make test` and `make test-fast` (their pytest commands), on this 2-core machine
SUITE_TARGETS = {"test suite (make test)": 240.0, "quick tests (make test-fast)": 60.0}
#: the Makefile's pytest arguments for each
SUITE_ARGS = {
    "test suite (make test)": ["-n", "2", "--dist", "loadgroup"],
    "quick tests (make test-fast)": ["-n", "2", "--dist", "loadfile", "-m", "not slow and not browser"],
}
N_SCENARIOS = 10_000


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return seconds


def timed_build(cmd: list[str]) -> tuple[float, float]:
    """Seconds for a build, and the seconds its chapters' execution took (up to the line
    "Building the site"): the rest is staging and Jupyter Book."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # each progress line as it is printed
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1, env=env)
    executed = None
    for line in proc.stdout:
        if executed is None and line.startswith("Building the site"):
            executed = time.perf_counter() - start
    err = proc.stderr.read()
    seconds = time.perf_counter() - start
    if proc.wait() != 0:
        sys.exit(f"benchmark command failed: {' '.join(cmd)}\n{err[-2000:]}")
    return seconds, seconds if executed is None else executed


def timed_suite(args: list[str]) -> tuple[float, float, str, bool]:
    """Run pytest in the checkout as the Makefile does: seconds, CPU seconds (user + system of
    pytest and every process it waited for), its summary line, and whether it passed."""
    import re
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = [ln for ln in proc.stdout.splitlines() if re.search(r"\d+ (passed|failed|error)", ln)]
    tail = (proc.stdout + proc.stderr).strip().splitlines()
    summary = lines[-1].strip("= ") if lines else (tail[-1] if tail else "no output")
    failed = [ln for ln in proc.stdout.splitlines() if ln.startswith(("FAILED ", "ERROR "))]
    if failed:  # which tests, so that a failure seen once can be looked into
        summary += "\n  " + "\n  ".join(failed[:10])
    return seconds, cpu, summary, proc.returncode == 0


def copy_book(dest: Path) -> None:
    for item in [
        "_config.yml",
        "_toc.yml",
        "references.bib",
        "_static",
        "chapters",
        "data",
        *[p.name for p in ROOT.glob("*.md") if p.name != "README.md"],
    ]:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dest / item)
        elif src.exists():
            shutil.copy2(src, dest / item)


def new_value(chapter: str, attempt: int = 0) -> tuple[str, str]:
    """A parameter and a non-default in-range value for the re-run (a different value per
    ``attempt``, so every repetition really executes instead of hitting the cache)."""
    for p in params.schema(chapter):
        if p.kind is float and p.choices is None:
            v = p.default * (0.9 - 0.02 * attempt) if p.default else 0.5 + 0.01 * attempt
            try:
                return p.name, repr(p.check(v))
            except params.ParameterError:
                continue
    p = next(p for p in params.schema(chapter) if p.kind is int)
    return p.name, str(p.default + 1 + attempt)


def vectorised_sweep(n: int = N_SCENARIOS, seed: int = 0) -> tuple[float, list[str]]:
    """Seconds for ``n`` scenarios of the closed-form parts in one call per formula, and the
    vectorised entry points that are missing (named, never faked)."""
    import numpy as np

    from scalingbook import cost, laws

    rng = np.random.default_rng(seed)
    flops = 10 ** rng.uniform(20, 27, n)
    count = rng.integers(100, 100_000, n)
    mfu = rng.uniform(0.2, 0.6, n)
    price = rng.uniform(1.0, 4.0, n)
    accelerators = rng.choice(["A100", "H100", "V100"], n)
    missing: list[str] = []
    start = time.perf_counter()
    run = getattr(cost, "training_run", None)
    if run is None:
        missing.append("scalingbook.science.cost.training_run")
    else:
        run(flops, "H100", count, mfu=mfu, usd_per_gpu_hour=price)
    amortized = getattr(cost, "amortized_usd_per_hour", None)
    if amortized is None:
        missing.append("scalingbook.science.cost.amortized_usd_per_hour")
    else:
        amortized(accelerators, hardware_age_years=rng.uniform(0, 3, n))
    law = laws.chinchilla_law("hoffmann_2022") if hasattr(laws, "chinchilla_law") else None
    if law is None:
        missing.append("scalingbook.science.laws.chinchilla_law")
    else:
        alloc = law.compute_optimal(flops)
        target = np.asarray(law.loss(alloc.n_params, alloc.n_tokens)) if hasattr(alloc, "n_params") else None
        if target is None:
            missing.append("Allocation.n_params / n_tokens")
        elif hasattr(laws, "inference_optimal"):
            laws.inference_optimal(law, target_loss=target, inference_tokens=10 ** rng.uniform(9, 13, n))
        else:
            missing.append("scalingbook.science.laws.inference_optimal")
    return time.perf_counter() - start, missing


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chapter", default="all", help="chapter to re-run, or 'all' (each one)")
    ap.add_argument("--repeat", type=int, default=5, help="trivial-run repetitions (median)")
    ap.add_argument("--rerun-repeat", type=int, default=3, help="re-runs per chapter, each with a new value (median)")
    ap.add_argument("--skip-build", action="store_true", help="skip the clean and no-change builds")
    ap.add_argument("--skip-tests", action="store_true", help="skip timing the test suites")
    args = ap.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="scalingbook-bench-") as tmp:
        tmp = Path(tmp)
        trivial = tmp / "trivial.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("x = 1")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, trivial)
        runs = sorted(
            timed(
                [
                    str(BIN / "papermill"),
                    "-k",
                    "python3",
                    "--no-progress-bar",
                    str(trivial),
                    str(tmp / "trivial-out.ipynb"),
                ]
            )
            for _ in range(args.repeat)
        )
        unit = runs[len(runs) // 2]

        book = tmp / "book"
        book.mkdir()
        copy_book(book)
        cli = [str(BIN / "scalingbook"), "--root", str(book)]
        saved_data_dir = os.environ.get("SCALINGBOOK_DATA_DIR")
        os.environ["SCALINGBOOK_DATA_DIR"] = str(tmp / "datasets")  # empty: a clean build
        if not args.skip_build:
            results["clean_build"], executing = timed_build(cli + ["build"])
            results["no_change_rebuild"] = timed(cli + ["build"])
        chapters = params.chapter_names() if args.chapter == "all" else [args.chapter]
        for chapter in chapters:
            times = []
            for attempt in range(args.rerun_repeat):
                name, value = new_value(chapter, attempt)
                times.append(timed(cli + ["run", chapter, "-p", name, value, "--out", str(tmp / "run" / chapter)]))
            results[f"rerun {chapter}"] = sorted(times)[len(times) // 2]
        if saved_data_dir is None:
            os.environ.pop("SCALINGBOOK_DATA_DIR", None)
        else:
            os.environ["SCALINGBOOK_DATA_DIR"] = saved_data_dir
    vector_seconds, missing = vectorised_sweep()
    suites = {} if args.skip_tests else {name: timed_suite(SUITE_ARGS[name]) for name in SUITE_TARGETS}

    rows = []
    print(
        f"T0 (trivial papermill run, median of {args.repeat}): {unit:.2f} s (the runs: {runs[0]:.2f}-{runs[-1]:.2f} s)"
    )
    if "clean_build" in results:
        print(
            f"clean build: {executing:.1f} s executing the chapters, "
            f"{results['clean_build'] - executing:.1f} s staging and Jupyter Book"
        )
    print(f"{'measure':<40}{'seconds':>9}{'x T0':>8}{'target':>10}  result")
    for key, seconds in results.items():
        target = TARGETS["chapter_rerun"] if key.startswith("rerun ") else TARGETS[key]
        ok = seconds / unit < target
        rows.append(ok)
        print(f"{key:<40}{seconds:>9.2f}{seconds / unit:>8.2f}{f'< {target:.0f} T0':>10}  {'pass' if ok else 'FAIL'}")
    ok = vector_seconds < VECTOR_TARGET_SECONDS and not missing
    rows.append(ok)
    print(
        f"{f'vectorised sweep, {N_SCENARIOS:,} scenarios':<40}{vector_seconds:>9.3f}{'':>8}"
        f"{f'< {VECTOR_TARGET_SECONDS:g} s':>10}  {'pass' if ok else 'FAIL'}"
    )
    for name in missing:
        print(f"  missing vectorised entry point: {name}")
    for name, (seconds, cpu, summary, passed) in suites.items():
        ok = passed and seconds < SUITE_TARGETS[name]
        rows.append(ok)
        print(
            f"{name:<40}{seconds:>9.1f}{'':>8}{f'< {SUITE_TARGETS[name]:g} s':>10}  "
            f"{'pass' if ok else 'FAIL'}{'' if passed else ' (tests failed)'}"
        )
        print(f"  {summary}; CPU {cpu:.0f} s (user + system, its processes included)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"build-{stamp}.json").write_text(
        json.dumps(
            {
                "t0_seconds": unit,
                "seconds": results,
                "ratios": {k: v / unit for k, v in results.items()},
                "t0_runs": runs,
                "targets": TARGETS,
                "vectorised_sweep_seconds": vector_seconds,
                "missing": missing,
                "test_suites": {
                    name: {
                        "seconds": t,
                        "cpu_seconds": c,
                        "summary": m,
                        "passed": ok,
                        "target_seconds": SUITE_TARGETS[name],
                    }
                    for name, (t, c, m, ok) in suites.items()
                },
                "passed": all(rows),
            },
            indent=1,
        )
    )
    sys.exit(0 if all(rows) else 1)


if __name__ == "__main__":
    main()
