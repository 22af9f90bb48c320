"""The whole book as one PDF, offline: ``make pdf`` (or ``python -m scalingbook.build.pdf``).

Every page of the built site (``_build/html``, in the order of ``_toc.yml``) is printed by
Debian's headless Chromium (``chromium --headless --print-to-pdf``) from a local HTTP server,
after its charts (Vega, drawn as vector graphics) and formulas (MathJax) are drawn; pypdf
merges the pages into one file with a bookmark per page. Nothing is fetched from the network.

Two editions, both in ``_build/pdf``:

* ``scaling-laws-reproduced.pdf``: the reader's book, solutions left out;
* ``scaling-laws-reproduced-instructor.pdf``: every solution expanded.

The edition is passed to the page as ``?print=student`` / ``?print=instructor``;
``_static/scalingbook-live.js`` then marks the page and ``_static/scalingbook.css`` hides or
expands the solutions and leaves navigation, inputs and buttons out of print.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

EDITIONS = {"student": "scaling-laws-reproduced.pdf", "instructor": "scaling-laws-reproduced-instructor.pdf"}
#: Milliseconds of page time Chromium lets scripts run (charts, MathJax) before printing.
BUDGET_MS = 30_000


class PdfError(RuntimeError):
    """The PDF cannot be built (no browser, no built site, a page failed to print)."""


def chromium() -> str:
    """The headless browser: $CHROMIUM, else Debian's ``chromium`` on the PATH."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise PdfError("headless Chromium not found: install Debian's chromium (`make browser` as root) or set CHROMIUM")
    return found


def page_order(root: Path) -> list[str]:
    """The book's pages as HTML paths, in the order of ``_toc.yml`` (root first)."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [re.sub(r"\.(md|ipynb)$", "", f) + ".html" for f in files]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the block."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def print_page(url: str, out: Path, *, browser: str | None = None, budget_ms: int = BUDGET_MS) -> Path:
    """Print one page to ``out`` with headless Chromium (A4, no header or footer)."""
    with tempfile.TemporaryDirectory(prefix="sb-chromium-") as profile:
        cmd = [browser or chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
               "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
               f"--virtual-time-budget={int(budget_ms)}", f"--user-data-dir={profile}",
               f"--print-to-pdf={out}", url]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise PdfError(f"Chromium could not print {url}: {proc.stderr.strip()[-800:]}")
    return out


def _title(html_file: Path) -> str:
    text = html_file.read_text(encoding="utf-8", errors="replace")
    m = re.search(r"<title>(.*?)</title>", text, re.S)
    title = re.sub(r"\s+", " ", m.group(1)).strip() if m else html_file.stem
    import html

    return html.unescape(title.split(" — ")[0].split(" &#8212; ")[0])


def build_pdf(html_dir: Path, out: Path, *, edition: str = "student", pages: Sequence[str] | None = None,
              root: Path | None = None, progress=print) -> Path:
    """Print the built site ``html_dir`` (pages in ``_toc.yml`` order, or ``pages``) into one PDF
    at ``out`` for ``edition`` ("student": no solutions; "instructor": solutions expanded)."""
    from pypdf import PdfReader, PdfWriter

    if edition not in EDITIONS:
        raise PdfError(f"edition must be one of {', '.join(EDITIONS)}; got {edition!r}")
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").exists():
        raise PdfError(f"no built site in {html_dir}: run `make book` first")
    pages = list(pages or page_order(Path(root or html_dir.parents[1])))
    missing = [p for p in pages if not (html_dir / p).exists()]
    if missing:
        raise PdfError(f"pages missing from the built site: {', '.join(missing)}")
    browser = chromium()
    writer = PdfWriter()
    with serve(html_dir) as base, tempfile.TemporaryDirectory(prefix="sb-pdf-") as tmp:
        for i, page in enumerate(pages, 1):
            progress(f"  [{i}/{len(pages)}] {page}")
            part = print_page(f"{base}/{page}?print={edition}", Path(tmp) / f"{i:03d}.pdf", browser=browser)
            start = len(writer.pages)
            for p in PdfReader(part).pages:
                writer.add_page(p)
            writer.add_outline_item(_title(html_dir / page), start)
    writer.add_metadata({"/Title": "Scaling Laws, Reproduced" + (" (instructor edition)" if edition == "instructor" else ""),
                         "/Creator": "scalingbook.build.pdf (headless Chromium + pypdf)"})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_suffix(".tmp")
    with tmp_out.open("wb") as fh:
        writer.write(fh)
    tmp_out.replace(out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scalingbook.build.pdf", description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=Path("_build/html"), help="the built site (default: _build/html)")
    ap.add_argument("--out", type=Path, default=Path("_build/pdf"), help="output folder (default: _build/pdf)")
    ap.add_argument("--edition", choices=[*EDITIONS, "both"], default="both")
    args = ap.parse_args(argv)
    editions = list(EDITIONS) if args.edition == "both" else [args.edition]
    try:
        for ed in editions:
            print(f"Printing the {ed} edition")
            path = build_pdf(args.site, args.out / EDITIONS[ed], edition=ed, root=Path.cwd())
            print(f"  -> {path}")
    except PdfError as err:
        print(f"scalingbook.build.pdf: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
