"""Benchmark: the fast Chinchilla fitter against the published 4,500-start L-BFGS-B method.

Both minimise the same objective (summed Huber, delta = 1e-3, on log residuals) on the same
points. Prints each method's wall time, objective and parameters, and the speed ratio.

    .venv/bin/python bench/bench_fitting.py                      # the book's synthetic sample
    .venv/bin/python bench/bench_fitting.py --data svg_extracted_data.csv   # Epoch's extraction

By default the 5 highest losses are dropped, as Besiroglu et al. 2024 do (n = 240 of 245).
This is a script, not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from scalingbook import data, fitting


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="synthetic_loss_points.csv", help="loss-points CSV (book or Epoch schema)")
    ap.add_argument("--drop-highest", type=int, default=5, help="drop this many highest-loss points")
    ap.add_argument("--repeats", type=int, default=5, help="timed repeats of the fast fitter (median reported)")
    ap.add_argument("--analytic-reference", action="store_true",
                    help="give the reference method the analytic gradient too (faster reference)")
    args = ap.parse_args()

    pts = data.load_loss_points(args.data)
    if args.drop_highest:
        pts = pts.nsmallest(len(pts) - args.drop_highest, "loss")
    n, d, y = pts["n_params"].to_numpy(), pts["n_tokens"].to_numpy(), pts["loss"].to_numpy()
    print(f"data: {pts.attrs.get('path', args.data)} ({len(pts)} points after dropping {args.drop_highest})")

    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        fast = fitting.fit_chinchilla(n, d, y)
        times.append(time.perf_counter() - t0)
    t_fast = statistics.median(times)

    t0 = time.perf_counter()
    ref = fitting.fit_chinchilla_reference(n, d, y, analytic_gradient=args.analytic_reference)
    t_ref = time.perf_counter() - t0

    def show(name: str, fit: fitting.ChinchillaFit, seconds: float) -> None:
        law = fit.law
        print(f"{name:<34} {seconds:9.3f} s  objective {fit.objective:.10f}  "
              f"E={law.E:.4f} A={law.A:.2f} B={law.B:.2f} alpha={law.alpha:.4f} beta={law.beta:.4f}")

    show("fit_chinchilla (median)", fast, t_fast)
    label = "reference, 4,500 starts" + (" (analytic grad)" if args.analytic_reference else " (finite diff)")
    show(label, ref, t_ref)
    diff = fast.objective - ref.objective
    print(f"speed ratio reference / fast: {t_ref / t_fast:.1f}x")
    print(f"objective fast - reference: {diff:+.3e} ({'equal or lower' if diff <= 1e-12 else 'HIGHER'})")
    print(f"max relative parameter difference: {np.max(np.abs(fast.params / ref.params - 1)):.2e}")


if __name__ == "__main__":
    main()
