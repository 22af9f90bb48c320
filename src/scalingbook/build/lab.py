"""``scalingbook lab plan | run | status``: the scaling lab's runner.

Runs are independent, so they go through an executor: local worker processes by default, or a
Dask cluster when ``--executor`` names a scheduler (``tcp://host:8786``), so a reader with several
machines spreads a larger sweep over them. This process keeps the books: each finished run is
written at once and atomically (its JSON record under ``runs/`` and the whole ``runs.csv``
rewritten through a temporary file), a second ``run`` skips the runs already recorded, and
Ctrl-C stops the workers at their next progress check, keeping every finished run.

JAX is imported only by the workers (and by ``plan``'s throughput probe), never at import time.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as _dt
import json
import math
import os
import platform
import queue as _queue
import shlex
import sys
import time
from pathlib import Path

from ..science.lab import sweep as _sweep
from ..science.lab.config import RUN_COLUMNS, RunConfig

__all__ = [
    "add_parser",
    "load_runs",
    "run_sweep",
    "plan_table",
    "status_table",
    "run_task",
    "records_frame",
    "default_out",
    "jax_cache_dir",
    "LabError",
    "write_provenance",
    "measure_throughput",
]


class LabError(Exception):
    """A problem the reader can fix (a folder holding another sweep, a missing extra)."""


def _analysis():
    """The lab's analysis module, imported when a command needs it (it imports pandas, which
    every other ``scalingbook`` command would otherwise pay for at start)."""
    from ..science.lab import analysis

    return analysis


def _preset_words(name: str) -> str:
    """A preset in words for the help text: "3 budgets x 6 sizes and a held-out budget"."""
    from ..science.lab.sweep import PRESETS

    p = PRESETS[name]
    held = " and a held-out budget" if p.heldout_budget else ""
    return f"{len(p.budgets)} budgets x {p.sizes_per_budget} sizes{held}"


def _cache_root() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("scalingbook"))


def jax_cache_dir() -> str:
    """Where the lab's workers keep compiled steps (JAX's persistent cache): $SCALINGBOOK_JAX_CACHE,
    else ``jax`` in the user's cache folder."""
    return os.environ.get("SCALINGBOOK_JAX_CACHE") or str(_cache_root() / "jax")


def default_out(preset: str) -> Path:
    return Path("runs") / "lab" / preset


def _preset(args: argparse.Namespace) -> _sweep.Preset:
    p = _sweep.PRESETS[args.preset]
    if getattr(args, "corpus", None):
        p = dataclasses.replace(p, corpus=args.corpus)
    if getattr(args, "seed", None) is not None:
        p = dataclasses.replace(p, seed=args.seed)
    if getattr(args, "schedule", None):
        p = dataclasses.replace(p, schedule=args.schedule)
    return p


def _need_jax() -> None:
    try:
        import jax  # noqa: F401
        import optax  # noqa: F401
    except ImportError as exc:
        raise LabError(
            f"the lab needs JAX and optax ({exc.name} is missing): pip install -c constraints.txt -e '.[lab]'"
        ) from None


# ----------------------------------------------------------------------------------------------
# the worker side
# ----------------------------------------------------------------------------------------------

_STOP = None
_PROGRESS = None


def _worker_init(stop, progress, cache_dir: str | None) -> None:
    import signal

    global _STOP, _PROGRESS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; workers stop through _STOP
    _STOP, _PROGRESS = stop, progress
    if cache_dir:
        from ..science.lab.train import enable_compilation_cache

        enable_compilation_cache(cache_dir)


def run_task(run_id: str, config: dict, corpus: str, corpus_bytes: bytes | None = None) -> dict:
    """Train one run (in a worker) and return its record. ``corpus_bytes`` carries a reader's own
    file to a remote worker; registered corpora and ``stdlib`` are read where the worker runs."""
    from ..science.lab.data import load_corpus
    from ..science.lab.train import train

    if corpus_bytes is not None:
        import tempfile

        with tempfile.NamedTemporaryFile("wb", suffix="-" + Path(corpus).name, delete=False) as fh:
            fh.write(corpus_bytes)
        try:
            data = load_corpus(fh.name)
            data = dataclasses.replace(data, name=f"file:{Path(corpus).name}")
        finally:
            os.unlink(fh.name)
    else:
        data = load_corpus(corpus)

    def progress(step: int, steps: int, loss: float) -> None:
        if _PROGRESS is not None:
            try:
                _PROGRESS.put_nowait((run_id, step, steps, loss))
            except Exception:
                pass

    def stop() -> bool:
        return _STOP is not None and _STOP.is_set()

    return train(RunConfig.from_dict(config), data, on_progress=progress, should_stop=stop)


# ----------------------------------------------------------------------------------------------
# records
# ----------------------------------------------------------------------------------------------


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load_runs(out: Path) -> dict[str, dict]:
    """The finished runs recorded in ``out/runs/*.json``, by run id."""
    recs = {}
    for path in sorted((Path(out) / "runs").glob("*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        recs[rec["run_id"]] = rec
    return recs


def _row(rec: dict) -> dict:
    cfg = rec["config"]
    row = {k: rec.get(k, cfg.get(k)) for k in RUN_COLUMNS}
    return row


def records_frame(recs: dict[str, dict]):
    import pandas as pd

    rows = [_row(r) for r in recs.values()]
    df = pd.DataFrame(rows, columns=list(RUN_COLUMNS))
    return df.sort_values(["stage", "budget", "n_params"], ascending=[False, True, True]).reset_index(drop=True)


def _write_csv(out: Path, recs: dict[str, dict]) -> None:
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(RUN_COLUMNS), lineterminator="\n")
    w.writeheader()
    for _, row in records_frame(recs).iterrows():
        w.writerow({k: (repr(v) if isinstance(v, float) else v) for k, v in row.items()})
    _atomic_write(Path(out) / "runs.csv", buf.getvalue())


def _provenance(args: argparse.Namespace) -> dict:
    import subprocess

    from .. import __version__ as version  # type: ignore[attr-defined]

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, cwd=Path(__file__).resolve().parent
        ).stdout.strip()
    except Exception:
        commit = ""
    return {
        "package_version": version,
        "git_commit": commit,
        "command": "scalingbook " + " ".join(shlex.quote(a) for a in (args.argv or [])),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} logical CPUs, "
        f"{platform.processor() or platform.uname().machine}",
        "host_python": platform.python_version(),
    }


def _record(run: _sweep.PlannedRun, result: dict, prov: dict) -> dict:
    rec = {
        "run_id": run.run_id,
        "stage": run.stage,
        "budget": run.budget,
        **result,
        **prov,
        "finished_utc": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return rec


# ----------------------------------------------------------------------------------------------
# executors
# ----------------------------------------------------------------------------------------------


class _Local:
    """Worker processes (spawned, SIGINT ignored; stopped through an Event)."""

    def __init__(self, workers: int, cache_dir: str | None):
        import concurrent.futures as cf
        import multiprocessing as mp

        main = sys.modules.get("__main__")
        if main is not None and not hasattr(main, "__spec__"):
            # a host that runs code without a __main__ module spec (an embedded interpreter, a
            # test runner's worker) leaves the attribute out; spawn reads it, and None means
            # "nothing to re-import in the worker"
            main.__spec__ = None
        ctx = mp.get_context("spawn")
        self.stop = ctx.Event()
        self.progress = ctx.Queue()
        self.pool = cf.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_worker_init,
            initargs=(self.stop, self.progress, cache_dir),
        )

    def submit(self, *args):
        return self.pool.submit(run_task, *args)

    def poll_progress(self) -> list[tuple]:
        got = []
        while True:
            try:
                got.append(self.progress.get_nowait())
            except (_queue.Empty, OSError, ValueError):
                return got

    def close(self, stop: bool = False) -> None:
        if stop:
            self.stop.set()
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A Dask cluster at ``address`` (workers there need the lab extra installed)."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise LabError("--executor tcp://... needs Dask: pip install -c constraints.txt -e '.[lab]'") from None
        self.client = Client(address, timeout="20s")

    def submit(self, *args):
        return self.client.submit(run_task, *args, pure=False)

    def poll_progress(self) -> list[tuple]:
        return []

    def close(self, stop: bool = False) -> None:
        self.client.close()


def _wait_any(futures: dict, timeout: float):
    """Futures of either kind that are done within ``timeout`` seconds."""
    done = [f for f in futures if f.done()]
    if done:
        return done
    time.sleep(min(timeout, 0.25))
    return [f for f in futures if f.done()]


# ----------------------------------------------------------------------------------------------
# plan, run, status
# ----------------------------------------------------------------------------------------------


def _corpus_chars(preset: _sweep.Preset) -> int | None:
    from ..science.lab.data import CORPORA
    from ..sources import datasets

    if preset.corpus in CORPORA:
        return (
            sum(datasets.dataset(ds).file(p).bytes for ds, p in CORPORA[preset.corpus])
            + len(CORPORA[preset.corpus])
            - 1
        )
    return None


def _max_tokens(preset: _sweep.Preset) -> float | None:
    """One epoch of the corpus' training split, in characters (bytes for a file: an upper bound)."""
    from ..science.lab.data import VAL_FRACTION

    chars = _corpus_chars(preset)
    if chars is None:
        path = Path(preset.corpus).expanduser()
        chars = path.stat().st_size if path.is_file() else None
    return None if chars is None else chars * (1 - VAL_FRACTION)


def _flops(cfg: RunConfig) -> float:
    from ..science.lab.flops import run_flops

    return run_flops(cfg.shape(100), cfg.tokens)["total"]


def measure_throughput(steps: int = 30, d_model: int = 48) -> float:
    """This machine's training FLOP/s now: a short run of width ``d_model`` (compile excluded)."""
    _need_jax()
    import numpy as np

    from ..science.lab.data import Corpus
    from ..science.lab.train import train

    rng = np.random.default_rng(0)
    ids = rng.integers(0, 80, 200_000).astype(np.uint16)
    corpus = Corpus("probe", "", "".join(chr(32 + i) for i in range(80)), ids, 180_000)
    cfg = RunConfig(2, d_model, _sweep.n_head_for(d_model), 64, 16, steps, 1e-3, 1, eval_tokens=1024)
    return float(train(cfg, corpus)["achieved_flops_per_second"])


def plan_table(preset: _sweep.Preset, flops_per_second: float | None, compile_seconds: float = 12.0) -> list[dict]:
    chars = _corpus_chars(preset)
    train_chars = None if chars is None else chars * 0.9
    rows = []
    seen_widths: set[int] = set()
    for run in _sweep.plan(preset, _max_tokens(preset)):
        cfg = run.config
        fl = _flops(cfg)
        est = None
        if flops_per_second:
            est = fl / flops_per_second + (0.0 if cfg.d_model in seen_widths else compile_seconds)
        seen_widths.add(cfg.d_model)
        rows.append(
            {
                "run_id": run.run_id,
                "budget": run.budget,
                "d_model": cfg.d_model,
                "n_params": run.n_params,
                "tokens": cfg.tokens,
                "steps": cfg.steps,
                "lr": cfg.lr,
                "epochs": None if train_chars is None else cfg.tokens / train_chars,
                "flops_total": fl,
                "seconds": est,
            }
        )
    return rows


def run_sweep(
    preset: _sweep.Preset,
    out: Path,
    executor: str = "local",
    workers: int = 1,
    progress: bool = True,
    argv: list[str] | None = None,
    include_heldout: bool = True,
) -> dict[str, dict]:
    """Train every planned run not yet recorded in ``out``; then the held-out run. Returns the records."""
    _analysis()  # imported now, not between a run's record and the table (where a Ctrl-C may land)
    _need_jax() if executor == "local" else None
    out = Path(out)
    (out / "runs").mkdir(parents=True, exist_ok=True)
    recs = load_runs(out)
    planned = _sweep.plan(preset, _max_tokens(preset))
    from ..science.lab.data import CORPORA as _CORPORA

    label = (
        preset.corpus
        if (preset.corpus in _CORPORA or preset.corpus == "stdlib")
        else f"file:{Path(preset.corpus).name}"
    )
    for run in planned:
        if run.run_id in recs and recs[run.run_id]["config"] != run.config.to_dict():
            raise LabError(
                f"'{out}' already holds run {run.run_id} with another config "
                "(another preset or recipe); give a new --out"
            )
        if run.run_id in recs and recs[run.run_id].get("corpus") not in (None, label):
            raise LabError(
                f"'{out}' already holds run {run.run_id} trained on corpus {recs[run.run_id]['corpus']}, "
                f"not {label}; give a new --out"
            )
    corpus_bytes = None
    corpus = preset.corpus
    from ..science.lab.data import CORPORA

    if corpus not in CORPORA and corpus != "stdlib":
        path = Path(corpus).expanduser()
        if not path.is_file():
            raise LabError(
                f"--corpus '{corpus}' is neither one of {', '.join([*CORPORA, 'stdlib'])} nor a readable file"
            )
        corpus_bytes = path.read_bytes() if executor != "local" else None
        corpus = str(path.resolve())
    prov = _provenance(argparse.Namespace(argv=argv))
    prov["preset"] = preset.name
    cache_dir = jax_cache_dir()
    ex = _Local(workers, cache_dir) if executor == "local" else _Dask(executor)
    try:
        todo = [r for r in planned if r.run_id not in recs]
        _execute(ex, todo, recs, out, corpus, corpus_bytes, prov, progress, "sweep")
        if include_heldout and preset.heldout_budget is not None:
            pred_path = out / "heldout_prediction.json"
            if pred_path.is_file():
                pred = json.loads(pred_path.read_text())
            else:
                pred = _analysis().predict_heldout(records_frame(recs), preset.heldout_budget)
            held = _sweep.heldout_plan(preset, pred["n_opt"], _max_tokens(preset))
            pred = {
                **pred,
                "run_id": held.run_id,
                "n_params_run": held.n_params,
                "tokens_run": held.config.tokens,
                "predicted_loss": _analysis().loss_at(pred, held.n_params, held.config.tokens),
                "made_utc": pred.get("made_utc") or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            if not pred_path.is_file():
                _atomic_write(pred_path, json.dumps(pred, indent=1) + "\n")
            if held.run_id not in recs:
                if progress:
                    print(
                        f"held-out budget {held.budget:.0e} FLOP: the sweep predicts N* = {pred['n_opt']:,.0f}; "
                        f"training width {held.config.d_model} (N = {held.n_params:,}), predicted loss "
                        f"{pred['predicted_loss']:.4f}",
                        file=sys.stderr,
                    )
                _execute(
                    ex, [held], recs, out, corpus, corpus_bytes, {**prov, "prediction": pred}, progress, "held-out"
                )
    except KeyboardInterrupt:
        ex.close(stop=True)
        print(
            f"\nstopped: {len(recs)} run(s) recorded in {out}; the same command resumes with the rest", file=sys.stderr
        )
        raise
    ex.close()
    write_provenance(out, recs)
    return recs


def write_provenance(out: Path, recs: dict[str, dict] | None = None) -> dict:
    """Summarise how the recorded runs were made (command, commit, machine, dates, times) in
    ``out/provenance.json``, from the runs' own records."""
    recs = load_runs(out) if recs is None else recs
    if not recs:
        return {}
    first = min(recs.values(), key=lambda r: r["finished_utc"])
    last = max(recs.values(), key=lambda r: r["finished_utc"])
    prov = {
        "command": last.get("command", ""),
        "git_commit": last.get("git_commit", ""),
        "package_version": last.get("package_version", ""),
        "machine": last.get("machine", ""),
        "python": last.get("host_python", ""),
        "jax_version": last.get("jax_version", ""),
        "device": last.get("device", ""),
        "preset": last.get("preset", ""),
        "corpus": last.get("corpus", ""),
        "corpus_sha256": sorted({r.get("corpus_sha256", "") for r in recs.values()}),
        "n_runs": len(recs),
        "first_finished_utc": first["finished_utc"],
        "finished_utc": last["finished_utc"],
        "train_seconds": sum(float(r["train_seconds"]) for r in recs.values()),
        "compile_seconds": sum(float(r.get("compile_seconds", 0.0)) for r in recs.values()),
    }
    _atomic_write(Path(out) / "provenance.json", json.dumps(prov, indent=1) + "\n")
    return prov


def _execute(
    ex, todo: list, recs: dict, out: Path, corpus: str, corpus_bytes, prov: dict, progress: bool, label: str
) -> None:
    if not todo:
        return
    total = sum(_flops(r.config) for r in todo)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(
            total=total,
            unit="FLOP",
            unit_scale=True,
            desc=f"lab {label}",
            file=sys.stderr,
            dynamic_ncols=True,
            smoothing=0.1,
        )
    done_flops = 0.0
    partial: dict[str, float] = {}
    futures = {ex.submit(r.run_id, r.config.to_dict(), corpus, corpus_bytes): r for r in todo}
    by_id = {r.run_id: r for r in todo}
    try:
        while futures:
            for run_id, step, steps, loss in ex.poll_progress():
                if run_id in by_id:
                    partial[run_id] = _flops(by_id[run_id].config) * step / steps
            for fut in _wait_any(futures, 0.5):
                run = futures.pop(fut)
                result = fut.result()
                rec = _record(run, result, prov)
                _atomic_write(out / "runs" / f"{run.run_id}.json", json.dumps(rec, indent=1) + "\n")
                recs[run.run_id] = rec
                _write_csv(out, recs)
                partial.pop(run.run_id, None)
                done_flops += _flops(run.config)
                if bar is not None:
                    bar.write(
                        f"  {run.run_id}: val loss {rec['val_loss']:.4f}, {rec['train_seconds']:.0f} s, "
                        f"{rec['achieved_flops_per_second'] / 1e9:.1f} GFLOP/s, {rec['epochs']:.2f} epochs"
                    )
            if bar is not None:
                bar.n = min(total, done_flops + sum(partial.values()))
                bar.refresh()
    finally:
        # a Ctrl-C between a run's record and the table's rewrite must not leave the table behind
        # the records: the table is written again from every record on disk
        _write_csv(out, load_runs(out))
        if bar is not None:
            bar.close()


def status_table(out: Path, preset: _sweep.Preset) -> list[dict]:
    recs = load_runs(out)
    rows = []
    for run in _sweep.plan(preset, _max_tokens(preset)):
        rec = recs.get(run.run_id)
        rows.append(
            {
                "run_id": run.run_id,
                "done": rec is not None,
                "val_loss": None if rec is None else rec["val_loss"],
                "seconds": None if rec is None else rec["train_seconds"],
            }
        )
    for rid, rec in recs.items():
        if rec["stage"] == "heldout":
            rows.append({"run_id": rid, "done": True, "val_loss": rec["val_loss"], "seconds": rec["train_seconds"]})
    return rows


# ----------------------------------------------------------------------------------------------
# CLI
# ----------------------------------------------------------------------------------------------


def add_parser(sub) -> None:
    """Register ``lab`` with its three subcommands on the CLI's subparsers."""
    lab = sub.add_parser(
        "lab", help="the scaling lab: train tiny transformers under FLOP budgets (needs the 'lab' extra)"
    )
    lsub = lab.add_subparsers(dest="lab_command", required=True)

    def common(p):
        p.add_argument(
            "--preset",
            choices=sorted(_sweep.PRESETS),
            default="default",
            help=("the sweep (default: " + _preset_words("default") + "; smoke: " + _preset_words("smoke") + ")"),
        )
        p.add_argument("--out", type=Path, default=None, help="results folder (default: runs/lab/PRESET)")
        p.add_argument(
            "--corpus",
            default=None,
            help="books (default), tiny-shakespeare, war-and-peace, stdlib (this Python's own source), or a text FILE",
        )
        p.add_argument("--seed", type=int, default=None, help="seed of the initialisation and data order (default 0)")
        p.add_argument(
            "--schedule",
            choices=("cosine", "constant"),
            default=None,
            help="learning-rate schedule after the warmup (default cosine, as long as each run)",
        )

    pp = lsub.add_parser("plan", help="list the runs and estimate their time from this machine's measured throughput")
    common(pp)
    pp.add_argument(
        "--no-probe", action="store_true", help="do not time a short run (no time estimate unless runs exist)"
    )
    pp.set_defaults(func=_cmd_plan)
    pr = lsub.add_parser("run", help="train the runs not yet recorded (Ctrl-C stops; the same command resumes)")
    common(pr)
    pr.add_argument(
        "--executor", default="local", help="'local' (worker processes) or a Dask scheduler tcp://HOST:PORT"
    )
    pr.add_argument("--workers", type=int, default=1, help="local worker processes (default 1; each uses every core)")
    pr.add_argument("--no-heldout", action="store_true", help="skip the held-out budget")
    pr.set_defaults(func=_cmd_run)
    ps = lsub.add_parser("status", help="which runs are recorded and which are missing")
    common(ps)
    ps.set_defaults(func=_cmd_status)


def _out(args) -> Path:
    return args.out if args.out is not None else default_out(args.preset)


def _fmt_s(s: float | None) -> str:
    if s is None or not math.isfinite(s):
        return "-"
    return f"{s / 60:.1f} min" if s >= 90 else f"{s:.0f} s"


def _cmd_plan(args) -> int:
    preset = _preset(args)
    out = _out(args)
    recs = load_runs(out) if out.exists() else {}
    fps = None
    source = ""
    if recs:
        import statistics

        fps = statistics.median(r["achieved_flops_per_second"] for r in recs.values())
        source = f"median of the {len(recs)} runs recorded in {out}"
    elif not args.no_probe:
        try:
            fps = measure_throughput()
            source = "a 30-step probe of width 48 just now"
        except LabError as exc:
            print(f"note: {exc}; no time estimate", file=sys.stderr)
    rows = plan_table(preset, fps)
    print(
        f"preset '{preset.name}': corpus {preset.corpus}, {len(rows)} sweep runs over {len(preset.budgets)} budgets"
        + (f", then one held-out run at {preset.heldout_budget:.0e} FLOP" if preset.heldout_budget else "")
    )
    print(f"{'run':<26} {'N':>9} {'tokens':>10} {'steps':>6} {'lr':>7} {'epochs':>6} {'FLOP':>9} {'time':>8}")
    for r in rows:
        ep = "-" if r["epochs"] is None else f"{r['epochs']:.2f}"
        print(
            f"{r['run_id']:<26} {r['n_params']:>9,} {r['tokens']:>10,} {r['steps']:>6} {r['lr']:>7.4f} {ep:>6} "
            f"{r['flops_total']:>9.2e} {_fmt_s(r['seconds']):>8}" + ("  (done)" if r["run_id"] in recs else "")
        )
    if fps:
        left = sum(r["seconds"] for r in rows if r["run_id"] not in recs)
        if preset.heldout_budget and not any(r.get("stage") == "heldout" for r in recs.values()):
            d_mid = preset.widths[len(preset.widths) // 2]
            held = _flops(_sweep.config_for(preset, preset.heldout_budget, d_mid))
            left += held / fps
        print(
            f"at {fps / 1e9:.2f} GFLOP/s ({source}): about {_fmt_s(left)} left"
            + (" with the held-out run" if preset.heldout_budget else "")
        )
    return 0


def _cmd_run(args) -> int:
    preset = _preset(args)
    try:
        t0 = time.perf_counter()
        recs = run_sweep(
            preset,
            _out(args),
            executor=args.executor,
            workers=args.workers,
            argv=getattr(args, "argv", None) or sys.argv[1:],
            include_heldout=not args.no_heldout,
        )
    except LabError as exc:
        print(f"scalingbook: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    print(
        f"{len(recs)} run(s) recorded in {_out(args)} ({_fmt_s(time.perf_counter() - t0)} this session); "
        f"results: {_out(args) / 'runs.csv'}"
    )
    return 0


def _cmd_status(args) -> int:
    preset = _preset(args)
    out = _out(args)
    rows = status_table(out, preset)
    done = sum(r["done"] for r in rows)
    for r in rows:
        loss = "" if r["val_loss"] is None else f"val loss {r['val_loss']:.4f}, {_fmt_s(r['seconds'])}"
        print(f"{'done   ' if r['done'] else 'missing'} {r['run_id']:<26} {loss}")
    print(f"{done} of {len(rows)} recorded in {out}")
    return 0
