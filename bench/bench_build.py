"""Benchmark what readers wait on, as seconds and as a ratio to one trivial papermill run.

1. a trivial papermill run (one cell, `x = 1`), measured in the same session: the unit;
2. a clean build of the whole book (every chapter executed, the site built);
3. a rebuild with nothing changed;
4. each chapter re-run with a new parameter (`scalingbook run`, notebook + standalone HTML),
   the median of three re-runs with different values; the slowest chapter is reported.

Targets on a 2-core machine: clean build <= 20x, no-change rebuild <= 2x, re-run <= 3x.
The book is copied to a temporary folder so the checkout's caches are not used.
Usage: python bench/bench_build.py [--chapter NAME] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
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

TARGETS = {"clean_build": 20.0, "no_change_rebuild": 2.0, "chapter_rerun": 3.0}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return seconds


def copy_book(dest: Path) -> None:
    for item in ["_config.yml", "_toc.yml", "references.bib", "_static", "chapters", "data", *[
            p.name for p in ROOT.glob("*.md") if p.name != "README.md"]]:
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chapter", default="all", help="chapter to re-run, or 'all' (each one, worst reported)")
    ap.add_argument("--repeat", type=int, default=5, help="trivial-run repetitions (median)")
    ap.add_argument("--rerun-repeat", type=int, default=3, help="re-runs per chapter, each with a new value (median)")
    args = ap.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="scalingbook-bench-") as tmp:
        tmp = Path(tmp)
        trivial = tmp / "trivial.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("x = 1")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, trivial)
        runs = sorted(timed([str(BIN / "papermill"), "-k", "python3", "--no-progress-bar", str(trivial),
                             str(tmp / "trivial-out.ipynb")]) for _ in range(args.repeat))
        unit = runs[len(runs) // 2]
        results["trivial_papermill_run"] = unit

        book = tmp / "book"
        book.mkdir()
        copy_book(book)
        cli = [str(BIN / "scalingbook"), "--root", str(book)]
        results["clean_build"] = timed(cli + ["build"])
        results["no_change_rebuild"] = timed(cli + ["build"])
        chapters = params.chapter_names() if args.chapter == "all" else [args.chapter]
        reruns = {}
        for chapter in chapters:
            times = []
            for attempt in range(args.rerun_repeat):
                name, value = new_value(chapter, attempt)
                times.append(timed(cli + ["run", chapter, "-p", name, value, "--out", str(tmp / "run" / chapter)]))
            reruns[chapter] = sorted(times)[len(times) // 2]
        worst = max(reruns, key=reruns.get)
        results["chapter_rerun"] = reruns[worst]
        for chapter, seconds in reruns.items():
            results[f"  rerun {chapter}"] = seconds

    print(f"{'measure':<34}{'seconds':>9}{'ratio':>8}{'target':>8}  verdict   (chapter_rerun = the slowest re-run)")
    for key, seconds in results.items():
        ratio = seconds / unit
        target = TARGETS.get(key) or (TARGETS["chapter_rerun"] if key.startswith("  rerun") else None)
        verdict = "" if target is None else ("met" if ratio <= target else "MISSED")
        print(f"{key:<34}{seconds:>9.2f}{ratio:>8.2f}{(f'{target:.0f}x' if target else ''):>8}  {verdict}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"build-{stamp}.json").write_text(json.dumps(
        {"seconds": results, "ratios": {k: v / unit for k, v in results.items()}, "targets": TARGETS}, indent=1))


if __name__ == "__main__":
    main()
