"""The ``scalingbook`` command: build the book, list and check parameters, re-run chapters.

Exit codes: 0 success; 1 a chapter or the site build failed (the previous site stays),
or another build holds the checkout; 2 bad input (unknown chapter or parameter, wrong type,
out of range, bad YAML, an output location that cannot be written), with one line on
standard error, before any kernel starts and with nothing written; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

from ..pages import params as _params

__all__ = ["main"]


class InputError(Exception):
    """Bad command-line input: reported in one line, exit code 2."""


def _yaml_loader():
    """PyYAML's safe loader, refusing a key repeated in one mapping (PyYAML keeps the last
    one silently)."""
    import yaml

    class StrictLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(
                    f"line {key_node.start_mark.line + 1} uses a YAML merge key '<<'; "
                    "write each parameter out (merge keys are not read)"
                )
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise InputError(
                    f"a key at line {key_node.start_mark.line + 1} is not a name ({type(key).__name__})"
                ) from None
            if key in seen:
                raise InputError(
                    f"'{_params.shorten(str(key))}' is given twice (lines {seen[key]} and "
                    f"{key_node.start_mark.line + 1})"
                )
            seen[key] = key_node.start_mark.line + 1
        return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

    def construct_int(loader, node):
        # an integer of thousands of digits: Python refuses to read it (or takes long); keep
        # its length so that the check names the parameter and says what was given
        if sum(ch.isdigit() for ch in str(node.value)) > _params.MAX_DIGITS:
            return _params.HugeInteger(str(node.value))
        return yaml.SafeLoader.construct_yaml_int(loader, node)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    StrictLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
    return StrictLoader


#: values a parameters or sweep file may hold once its aliases are expanded
MAX_YAML_VALUES = 100_000


def _expanded_size(node, limit: int) -> int:
    """How many values the YAML node graph holds with every alias expanded, counted from the
    graph (each node once, memoised), stopping past ``limit``: a billion-laughs file is
    measured in microseconds instead of being expanded."""
    import yaml

    sizes: dict[int, int] = {}
    order = [node]
    seen = set()
    while order:  # depth-first post-order without recursion
        n = order[-1]
        if id(n) in sizes:
            order.pop()
            continue
        children = (
            [c for pair in n.value for c in pair]
            if isinstance(n, yaml.MappingNode)
            else list(n.value)
            if isinstance(n, yaml.SequenceNode)
            else []
        )
        pending = [c for c in children if id(c) not in sizes]
        if pending and id(n) not in seen:
            seen.add(id(n))
            order.extend(pending)
            continue
        if pending:  # a cycle (YAML allows a node to contain itself)
            return limit + 1
        sizes[id(n)] = min(limit + 1, 1 + sum(sizes[id(c)] for c in children))
        order.pop()
    return sizes[id(node)]


def _load_yaml(path: str) -> Any:
    import yaml

    shown = _params.shorten(path)
    if path == "":
        raise InputError("the parameters file name is empty")
    p = Path(path)
    try:
        if not p.is_file():
            raise InputError(
                f"parameters file '{shown}' does not exist"
                if not p.exists()
                else f"parameters file '{shown}' is not a file"
            )
        if p.stat().st_size > 10_000_000:
            raise InputError(
                f"parameters file '{shown}' is {p.stat().st_size:,} bytes; a parameters file is a few lines of YAML"
            )
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"parameters file '{shown}' cannot be read: {exc.strerror or exc}") from None
    path = shown
    if b"\0" in raw:
        raise InputError(f"parameters file '{path}' is binary, not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"parameters file '{path}' is not UTF-8 text (byte {exc.start})") from None
    try:
        loader = _yaml_loader()(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            if _expanded_size(node, MAX_YAML_VALUES) > MAX_YAML_VALUES:
                raise InputError(
                    f"holds more than {MAX_YAML_VALUES:,} values once its aliases (*name) "
                    "are expanded; write the parameters out"
                )
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except InputError as exc:
        raise InputError(f"parameters file '{path}': {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(
            f"parameters file '{path}' is not valid YAML{where}: "
            f"{_params.shorten(str(getattr(exc, 'problem', None) or exc), 200)}"
        ) from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise InputError(
            f"parameters file '{path}' cannot be read as parameters: {_params.shorten(str(exc), 200)}"
        ) from None


def _params_from(chapter: str, file: str | None, pairs: list[list[str]] | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if file:
        loaded = _load_yaml(file)
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise InputError(
                f"parameters file '{file}' must map parameter names to values; got {type(loaded).__name__}"
            )
        values.update(loaded)
    seen: set[str] = set()
    for name, value in pairs or []:
        if name in seen:
            raise InputError(f"parameter '{_params.shorten(name)}' is given twice with -p; give it once")
        seen.add(name)
        values[name] = value  # text; converted and checked by the schema (-p overrides -f)
    return _params.validate(chapter, values)


def _cmd_params(args: argparse.Namespace) -> int:
    df = _params.parameters_table(args.chapter)
    if args.format == "markdown":
        from ..pages.report import parameters_markdown

        print(parameters_markdown(args.chapter))
    else:
        import shutil

        print(_params_text(df, shutil.get_terminal_size((100, 24)).columns))
    return 0


def _params_text(df, width: int) -> str:
    """The parameter table fitted to ``width`` columns: long cells wrap inside their column
    (the meaning takes what the others leave); below about 70 columns each parameter becomes
    a block of lines instead of a table row."""
    import textwrap

    width = max(40, int(width))
    cols = list(df.columns)
    rows = [[str(v) for v in r] for r in df.itertuples(index=False)]
    caps = {"name": 26, "type": 5, "default": 14, "value used": 14, "allowed": 26, "unit": 16}
    # a column is never narrower than its longest word: identifiers are not broken
    longest = {c: max([len(c)] + [len(w) for r in rows for w in r[i].split()]) for i, c in enumerate(cols)}
    widths = {
        c: max(longest[c], min(caps.get(c, 10**6), max(len(c), *(len(r[i]) for r in rows)))) for i, c in enumerate(cols)
    }
    gap = 2
    fixed = sum(widths[c] for c in cols if c != "meaning") + gap * (len(cols) - 1)
    if width - fixed >= 24:
        widths["meaning"] = min(widths.get("meaning", 0), width - fixed)
        lines = ["  ".join(c.ljust(widths[c]) for c in cols).rstrip(), "  ".join("-" * widths[c] for c in cols)]
        for r in rows:
            cells = [
                textwrap.wrap(v, widths[c], break_on_hyphens=False, break_long_words=False) or [""]
                for c, v in zip(cols, r)
            ]
            for k in range(max(len(x) for x in cells)):
                lines.append(
                    "  ".join((x[k] if k < len(x) else "").ljust(widths[c]) for c, x in zip(cols, cells)).rstrip()
                )
        return "\n".join(lines)
    out = []
    for r in rows:
        d = dict(zip(cols, r))
        head = f"{d.get('name', '')} ({d.get('type', '')}) = {d.get('default', '')}"
        rest = [f"allowed: {d.get('allowed', '')}"] + ([f"unit: {d['unit']}"] if d.get("unit") else [])
        for k, text in enumerate((head, "; ".join(rest), d.get("meaning", ""))):
            out.append(
                textwrap.fill(
                    text,
                    width,
                    initial_indent="    " if k else "",
                    subsequent_indent="    ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
    return "\n".join(out)


def _cmd_check(args: argparse.Namespace) -> int:
    values = _params_from(args.chapter, args.file, args.param)
    for k, v in values.items():
        print(f"{k} = {v!r}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from . import pipeline

    sets: dict[str, dict[str, Any]] = {}
    if args.file:
        loaded = _load_yaml(args.file)
        if not isinstance(loaded, dict) or not loaded:
            got = "nothing" if loaded is None or loaded == {} else type(loaded).__name__
            raise InputError(
                f"build parameters file '{args.file}' must map chapter names to parameter "
                f"mappings (e.g. 'loss-scaling: {{law: kaplan_2020}}'); got {got}"
            )
        named: dict[str, Any] = {}
        for k, v in loaded.items():
            key = pipeline.chapter_key(k)
            if key in named:
                raise InputError(
                    f"build parameters file '{_params.shorten(args.file)}' names chapter '{key}' twice "
                    f"(as '{_params.shorten(named[key])}' and '{_params.shorten(k)}'); give it once"
                )
            named[key] = k
            if not isinstance(v, dict):
                raise InputError(
                    f"build parameters file '{args.file}': chapter '{k}' must map parameter "
                    f"names to values; got {type(v).__name__}"
                )
        sets = {pipeline.chapter_key(k): _params.validate(k, v) for k, v in loaded.items()}
    only = [pipeline.chapter_key(c) for c in args.only] if args.only else None
    pipeline.build(
        only=only,
        parameter_sets=sets,
        n_jobs=args.jobs,
        use_cache=not args.no_cache,
        timeout=args.timeout,
        progress=say,
    )
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from . import pipeline

    values = _params_from(args.chapter, args.file, args.param)
    if args.out is not None:
        from .book import check_output_dir

        check_output_dir(args.out)  # before the parameters file is read: nothing runs for a bad --out
    pipeline.run(args.chapter, values, out_dir=args.out, timeout=args.timeout, progress=say)
    return 0


def _cmd_claims(args: argparse.Namespace) -> int:
    import shutil

    from ..pages import claims as _claims
    from . import ledger

    if args.chapter and args.chapter not in _claims.CHAPTER_MODULES:
        raise InputError(
            f"--chapter must be one of: {', '.join(_claims.CHAPTER_MODULES)}; got {_params.shorten(args.chapter)!r}"
        )
    records = ledger.records([args.chapter] if args.chapter else None)
    if args.format == "json":
        print(_claims.to_json(records))
    elif args.format == "csv":
        sys.stdout.write(_claims.to_csv(records))
    else:
        print(ledger.terminal_table(records, width=shutil.get_terminal_size((100, 24)).columns))
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from . import pipeline

    pipeline.chapter_key(args.chapter)
    if args.out is not None:
        from .book import check_output_file

        check_output_file(args.out)  # before the grid is read or counted
    grid = _load_yaml(args.file)
    pipeline.sweep(
        args.chapter, grid, out_csv=args.out, n_jobs=args.jobs, yes=args.yes, timeout=args.timeout, progress=say
    )
    return 0


def _cmd_plot(args: argparse.Namespace) -> int:
    from .plot import PlotError, plot_sweep

    try:
        written = plot_sweep(args.csv, args.x, args.y, args.color, out=args.out, png=not args.no_png)
    except PlotError as exc:
        raise InputError(str(exc)) from None
    say("Wrote " + " and ".join(str(p) for p in written))
    return 0


def _chapter(value: str) -> str:
    try:
        _params.schema(value)
    except _params.ParameterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value.replace("_", "-")


def _epilog() -> str:
    lines = [
        "examples:",
        "  scalingbook params pretraining-cost                     the parameters, ranges and units",
        "  scalingbook run pretraining-cost -p accelerator A100 -p mfu 0.35 --out runs/a100",
        "  scalingbook run loss-scaling -f my-params.yaml          parameters from YAML (name: value)",
        "  scalingbook sweep pretraining-cost -f grid.yaml         one CSV row of headline numbers per set",
        "  scalingbook build                                       execute changed chapters, build _build/html",
        "  scalingbook build --only loss-scaling -f book.yaml      re-execute one chapter, new parameters",
        "",
        "chapters:",
    ]
    for name in _params.chapter_names():
        title = _chapter_title(name)
        lines.append(f"  {name:<27} {title}" if title else f"  {name}")
    lines += [
        "",
        "exit codes: 0 done; 1 a chapter or the site build failed (the previous site stays);",
        "2 bad input, reported in one line before anything runs or is written.",
    ]
    return "\n".join(lines)


def _chapter_title(chapter: str) -> str:
    """The chapter's title (the first heading of its text notebook), or '' when it cannot be read."""
    import os
    import re

    root = Path(os.environ.get("SCALINGBOOK_ROOT") or Path(__file__).resolve().parents[3])
    try:
        text = (root / "chapters" / (chapter.replace("-", "_") + ".md")).read_text(encoding="utf-8")
    except OSError:
        return ""
    m = re.search(r"^# (.+)$", text, re.M)
    return m.group(1).strip() if m else ""


def _timeout(value: str, what: str = "--timeout") -> float:
    try:
        seconds = float(value) if value.strip().isascii() else float("nan")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{what} must be a number of seconds; got {_params.shorten(value)!r}"
        ) from None
    if not (seconds > 0) or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"{what} must be a positive number of seconds; got {_params.shorten(value)}")
    return seconds


def check_environment() -> None:
    """``$SCALINGBOOK_TIMEOUT`` and ``$SCALINGBOOK_LOCK_WAIT`` get the checks of the flags
    (a positive number of seconds; 0 or more for the wait), and ``$SCALINGBOOK_SPHINX_JOBS``
    must be a whole number, 1 or more: a bad value is bad input (exit 2), never silently a
    different time limit or build."""
    from .book import lock_wait
    from .siteassembly import sphinx_jobs

    text = os.environ.get("SCALINGBOOK_TIMEOUT")
    if text is not None and text.strip() != "":
        try:
            _timeout(text, "SCALINGBOOK_TIMEOUT")
        except argparse.ArgumentTypeError as exc:
            raise InputError(str(exc)) from None
    lock_wait()
    sphinx_jobs()


_SAY = threading.Lock()


def say(message: str) -> None:
    """One progress line, written whole: parallel chapters never interleave on one line."""
    with _SAY:
        sys.stdout.write(f"{message}\n")
        sys.stdout.flush()


def _out(value: str) -> str:
    if value == "":
        raise argparse.ArgumentTypeError("--out is empty; give a path")
    return value


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs must be a whole number; got {_params.shorten(value)!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1; got {n}")
    return n


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (the usage is one ``--help`` away), reading any
    number written with a minus sign (``-1e3``, ``-.5``, ``-inf``) as a value, not an option,
    so that ``-p train_flops -1e3`` reaches the check that names the parameter."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(
            r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$", re.IGNORECASE
        )

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {_params.shorten(message, 400)} (see: {self.prog} --help)\n")


def make_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = _Parser(
        prog="scalingbook",
        description="Build and re-run 'Scaling Laws, Reproduced'.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"scalingbook {__version__}")
    parser.add_argument("--root", help="the book's folder (default: this checkout, or $SCALINGBOOK_ROOT)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    timeout_help = "seconds one chapter may run before it is stopped (default: $SCALINGBOOK_TIMEOUT or 1200)"

    b = sub.add_parser("build", help="execute changed chapters and build the site into _build/html")
    b.add_argument("--jobs", "-j", type=_jobs, default=None, help="chapters executed in parallel (default: cores)")
    b.add_argument("--only", nargs="+", metavar="CHAPTER", help="execute only these chapters")
    b.add_argument("-f", "--file", help="YAML: chapter -> {parameter: value}")
    b.add_argument("--no-cache", action="store_true", help="re-execute even unchanged chapters")
    b.add_argument("--timeout", type=_timeout, default=None, metavar="SECONDS", help=timeout_help)
    b.set_defaults(func=_cmd_build)

    p = sub.add_parser("params", help="table of a chapter's parameters")
    p.add_argument("chapter", type=_chapter)
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.set_defaults(func=_cmd_params)

    c = sub.add_parser("check", help="validate parameters without executing anything")
    c.add_argument("chapter", type=_chapter)
    c.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"))
    c.add_argument("-f", "--file", help="YAML file of parameter: value")
    c.set_defaults(func=_cmd_check)

    r = sub.add_parser("run", help="re-run one chapter with new parameters; writes notebook + HTML")
    r.add_argument("chapter", type=_chapter)
    r.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"))
    r.add_argument("-f", "--file", help="YAML file of parameter: value")
    r.add_argument("--out", type=_out, help="output folder (default: runs/CHAPTER)")
    r.add_argument("--timeout", type=_timeout, default=None, metavar="SECONDS", help=timeout_help)
    r.set_defaults(func=_cmd_run)

    s = sub.add_parser("sweep", help="run a chapter over a grid of parameter sets; one CSV of headline results")
    s.add_argument("chapter", type=_chapter)
    s.add_argument("-f", "--file", required=True, help="YAML with 'grid:' (name: [values]) and/or 'runs:' (list)")
    s.add_argument("--jobs", "-j", type=_jobs, default=None, help="runs executed in parallel (default: cores)")
    s.add_argument("--out", type=_out, help="CSV path (default: runs/CHAPTER-sweep.csv)")
    s.add_argument("--yes", "-y", action="store_true", help="confirm a sweep of more than 200 runs")
    s.add_argument("--timeout", type=_timeout, default=None, metavar="SECONDS", help=timeout_help)
    s.set_defaults(func=_cmd_sweep)

    pl = sub.add_parser("plot", help="draw a sweep's CSV as an offline HTML chart (and a PNG)")
    pl.add_argument("csv", help="a CSV written by 'scalingbook sweep'")
    pl.add_argument("--x", required=True, help="column on the horizontal axis")
    pl.add_argument("--y", required=True, help="column on the vertical axis")
    pl.add_argument("--color", default=None, help="column whose values get one line each")
    pl.add_argument("--out", type=_out, default=None, help="HTML path (default: beside the CSV)")
    pl.add_argument("--no-png", action="store_true", help="write the HTML only")
    pl.set_defaults(func=_cmd_plot)

    cl = sub.add_parser("claims", help="the claims ledger: every claim checked, its evidence and verdict")
    cl.add_argument("--chapter", help="only this chapter's claims")
    cl.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (default), csv or json (every field of every record, with counts by verdict)",
    )
    cl.set_defaults(func=_cmd_claims)

    d = sub.add_parser("data", help="the published datasets the chapters re-analyse: list, fetch, verify")
    dsub = d.add_subparsers(dest="data_command", required=True)
    dl = dsub.add_parser("list", help="every dataset: files, size, licence, source, cached or not")
    dl.set_defaults(func=_cmd_data_list)
    df_ = dsub.add_parser("fetch", help="download (or copy from $SCALINGBOOK_DATA_MIRROR) and verify datasets")
    df_.add_argument("names", nargs="*", metavar="NAME", help="datasets to fetch (default: all)")
    df_.set_defaults(func=_cmd_data_fetch)
    dv = dsub.add_parser("verify", help="re-hash every cached file; remove those that do not match")
    dv.add_argument("names", nargs="*", metavar="NAME")
    dv.set_defaults(func=_cmd_data_verify)
    du = dsub.add_parser("update", help="download Epoch AI's current 'Notable AI Models' table (optional)")
    du.add_argument("--url", default=None)
    du.set_defaults(func=_cmd_data_update)
    from . import lab as _lab

    _lab.add_parser(sub)
    return parser


def _dataset_names(given: list[str]) -> list[str]:
    from ..sources import datasets

    return [datasets.dataset(n).name for n in given] or datasets.names()


def _cmd_data_list(args: argparse.Namespace) -> int:
    from ..sources import datasets

    rows = datasets.status_table()
    head = ("name", "files", "size", "licence", "source", "cached")
    table = [head] + [
        (
            r["name"],
            str(r["files"]),
            datasets.format_size(r["bytes"]),
            r["licence"],
            r["source"],
            "yes" if r["cached"] else "no",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"cache: {datasets.cache_root()}" + (f"; mirror: {datasets.mirror_root()}" if datasets.mirror_root() else ""))
    return 0


def _cmd_data_fetch(args: argparse.Namespace) -> int:
    from ..sources import datasets

    names = _dataset_names(args.names)
    for name in names:
        folder = datasets.fetch(name, progress=True)
        ds = datasets.dataset(name)
        print(f"{name}: {len(ds.files)} files, {datasets.format_size(ds.total_bytes)}, verified, in {folder}")
    return 0


def _cmd_data_verify(args: argparse.Namespace) -> int:
    from ..sources import datasets

    names = _dataset_names(args.names)
    notes: list[str] = []
    problems = datasets.verify(names, notes=notes)
    for line in notes:
        print(line)
    for line in problems:
        print(f"scalingbook: {line}", file=sys.stderr)
    if problems:
        return 1
    cached = sum(datasets.is_cached(n) for n in names)
    print(
        f"{cached} of {len(names)} datasets fully cached; every cached file matches its sha256 and every "
        "parsed table matches a fresh parse of its files"
    )
    return 0


def _cmd_data_update(args: argparse.Namespace) -> int:
    from ..sources import datasets

    path = datasets.update_notable_models(url=args.url) if args.url else datasets.update_notable_models()
    print(f"Saved {path}")
    return 0


def _terminate(signum, frame):
    """SIGTERM ends the command as Ctrl-C does: kernels stopped, temporary files removed."""
    raise KeyboardInterrupt


def _quiet_broken_pipe() -> int:
    """The reader closed our output (``scalingbook params X | head``): stop quietly."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        from .execution import kill_children

        kill_children()
        print("scalingbook: interrupted; the site and the output folders are as they were", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _quiet_broken_pipe()


def console() -> None:
    """The ``scalingbook`` command: :func:`main`, then an immediate exit. By then every file a
    command writes is written and closed, and the streams are flushed here, so the interpreter's
    teardown of the libraries a run imported (Jupyter's and papermill's, about 0.05 s of every
    chapter re-run) is skipped. When a thread that is not a daemon still runs, Python's own
    exit waits for it, as usual."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = _quiet_broken_pipe()
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if others or "coverage" in sys.modules:
        sys.exit(code)
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    os._exit(code)


def _main(argv: list[str] | None = None) -> int:
    import signal

    from . import pipeline

    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line error (exit 2)
        return int(exc.code or 0)
    try:
        signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread
        pass
    if args.root:
        import os

        root = Path(args.root)
        if not (root / "_toc.yml").is_file():
            print(f"scalingbook: error: --root '{_params.shorten(args.root)}' holds no _toc.yml", file=sys.stderr)
            return 2
        if args.command in ("build", "run", "sweep"):
            try:
                pipeline.check_layout(pipeline.Book(root.resolve()))
            except _params.ParameterError as exc:
                print(f"scalingbook: error: --root {exc}", file=sys.stderr)
                return 2
        os.environ["SCALINGBOOK_ROOT"] = str(root.resolve())
    try:
        if args.command in ("build", "run", "sweep"):
            check_environment()
            _quiet_cell_timeout_log()
        return args.func(args)
    except (InputError, _params.ParameterError) as exc:
        print(f"scalingbook: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except pipeline.BuildError as exc:
        print(f"scalingbook: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a data file or download problem: one line, not a traceback
        from ..sources.tables import DataError

        if not isinstance(exc, DataError):
            raise
        print(f"scalingbook: error: {_one_line(exc)}", file=sys.stderr)
        from ..sources.datasets import CacheNotWritable

        return 2 if isinstance(exc, CacheNotWritable) else 1


def _quiet_cell_timeout_log() -> None:
    """nbclient logs "Timeout waiting for execute reply (0s)." when a chapter passes its time
    limit, before the book's own message says which cell and which limit: drop that line."""
    import logging

    class _Drop(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            msg = str(record.msg)
            return not (msg.startswith("Timeout waiting for execute reply") or msg == "Interrupting kernel")

    for name in ("traitlets", "NbClientApp", "papermill"):
        logging.getLogger(name).addFilter(_Drop())


def _one_line(exc: BaseException) -> str:
    return " / ".join(ln.strip() for ln in str(exc).splitlines() if ln.strip())


if __name__ == "__main__":
    console()
