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
expands the solutions and leaves navigation, inputs and buttons out of print (the show-code
toggles, the chart menu, each page's own contents list, the calculators' inputs).

The PDF is a book: a title page and a contents page (each entry a link to its page) come
first, the API reference is moved to an appendix at the end, and every link between the
book's pages (cross-references, citations, the contents) jumps inside the PDF instead of
pointing at the local server that printed it; links to other sites keep their address, and a
link to a site page that is not in the book (the search page, the index) is left out.
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
        raise PdfError(
            "headless Chromium not found: install Debian's chromium (`make browser` as root) or set CHROMIUM"
        )
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
        cmd = [
            browser or chromium(),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            f"--virtual-time-budget={int(budget_ms)}",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={out}",
            url,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise PdfError(f"Chromium could not print {url}: {proc.stderr.strip()[-800:]}")
    return out


#: Pages printed after the book's own pages, as appendices, in this order.
APPENDIX = ("api.html",)


def book_order(pages: Sequence[str]) -> list[str]:
    """``pages`` with the appendices (:data:`APPENDIX`, the API reference) moved to the end."""
    return [p for p in pages if p not in APPENDIX] + [p for p in APPENDIX if p in pages]


def _parts(root: Path) -> dict[str, str]:
    """Page -> the caption of the part of ``_toc.yml`` it opens ("What it costs")."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out = {}
    for part in toc.get("parts", []):
        chapters = part.get("chapters") or []
        if chapters and "file" in chapters[0]:
            out[re.sub(r"\.(md|ipynb)$", "", chapters[0]["file"]) + ".html"] = part.get("caption", "")
    return out


def _book_meta(root: Path) -> dict[str, str]:
    import yaml

    path = root / "_config.yml"
    cfg = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {
        "title": str(cfg.get("title") or "Scaling Laws, Reproduced"),
        "author": str(cfg.get("author") or ""),
        "copyright": str(cfg.get("copyright") or ""),
    }


_FRONT_CSS = """
@page { size: A4; margin: 22mm 20mm; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #222; }
.title { height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.title h1 { font-size: 34pt; margin: 0 0 8mm; }
.title .edition { font-size: 15pt; color: #555; margin: 0 0 30mm; }
.title p { font-size: 11pt; margin: 2mm 0; }
h2 { font-size: 20pt; margin: 0 0 8mm; }
.toc { width: 100%; border-collapse: collapse; font-size: 11pt; }
.toc td { padding: 1.2mm 0; vertical-align: bottom; }
.toc td.page { text-align: right; width: 14mm; }
.toc tr.part td { padding-top: 5mm; font-weight: 600; color: #555; font-size: 10pt; text-transform: uppercase; }
.toc a { color: #222; text-decoration: none; }
"""


def _front_html(
    meta: dict[str, str], edition: str, entries: list[tuple[str, str, str, int]], base: str
) -> tuple[str, str]:
    """The title page and the contents page as HTML: ``entries`` are (part caption or "",
    page, title, PDF page number); each title links to its page on ``base`` (rewritten into
    a jump inside the PDF)."""
    import html

    ed = "Instructor's edition: every solution expanded" if edition == "instructor" else "Reader's edition"
    title = (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{_FRONT_CSS}</style></head><body>"
        f"<div class='title'><h1>{html.escape(meta['title'])}</h1><p class='edition'>{ed}</p>"
        f"<p>{html.escape(meta['author'])}</p><p>{html.escape(meta['copyright'])}</p>"
        "<p>Printed from the book's web pages: each chapter's calculators, links and code are on the site.</p>"
        "</div></body></html>"
    )
    rows = []
    for part, page, name, number in entries:
        if part:
            rows.append(f"<tr class='part'><td colspan='2'>{html.escape(part)}</td></tr>")
        rows.append(
            f"<tr><td><a href='{base}/{page}'>{html.escape(name)}</a></td>"
            f"<td class='page'><a href='{base}/{page}'>{number}</a></td></tr>"
        )
    contents = (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{_FRONT_CSS}</style></head><body>"
        f"<h2>Contents</h2><table class='toc'>{''.join(rows)}</table></body></html>"
    )
    return title, contents


def _link_targets(reader, page_path: str, start: int, dests: dict[tuple[str, str], int]) -> None:
    """Record the named destinations Chromium wrote into one printed page (anchors that page
    links to), as (page, anchor) -> page index in the book."""
    try:
        named = reader.named_destinations
    except Exception:  # pragma: no cover - a part without a name tree
        return
    for name, dest in named.items():
        try:
            dests[(page_path, str(name).lstrip("/"))] = start + reader.get_destination_page_number(dest)
        except Exception:  # pragma: no cover - a destination without a page
            continue


def link_inside(
    writer, base: str, starts: dict[str, int], dests: dict[tuple[str, str], int], owner: list[str]
) -> dict[str, int]:
    """Rewrite the links of the merged book: a link to ``base`` (the local server that printed
    the pages) jumps to its page in the PDF (to its anchor when Chromium recorded it), a
    same-page link to a named destination jumps to that page, a link to a site page that is not
    in the book is removed; other links (external sites) are kept. ``owner[i]`` is the page
    that printed PDF page i. Returns counts: internal, external, removed."""
    from urllib.parse import unquote, urlsplit

    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject

    counts = {"internal": 0, "external": 0, "removed": 0}

    def goto(index: int) -> DictionaryObject:
        return DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject(
                    [
                        writer.pages[index].indirect_reference,
                        NameObject("/XYZ"),
                        NullObject(),
                        NullObject(),
                        NullObject(),
                    ]
                ),
            }
        )

    for i, page in enumerate(writer.pages):
        annots = page.get("/Annots")
        if annots is None:
            continue
        keep = ArrayObject()
        for ref in annots.get_object():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                keep.append(ref)
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            target = None
            if action is not None and action.get("/S") == "/URI":
                uri = str(action.get("/URI", ""))
                if not uri.startswith(base):
                    counts["external"] += 1
                    keep.append(ref)
                    continue
                parts = urlsplit(uri)
                path, anchor = unquote(parts.path).lstrip("/"), unquote(parts.fragment)
                path = path or "index.html"
                target = dests.get((path, anchor), starts.get(path))
            elif "/Dest" in annot or (action is not None and action.get("/S") == "/GoTo"):
                name = annot.get("/Dest") if "/Dest" in annot else action.get("/D")
                if isinstance(name, ArrayObject):  # already an explicit destination
                    keep.append(ref)
                    continue
                target = dests.get((owner[i], str(name).lstrip("/")))
            else:
                keep.append(ref)
                continue
            if target is None:
                counts["removed"] += 1
                continue
            if "/Dest" in annot:
                del annot["/Dest"]
            annot[NameObject("/A")] = goto(target)
            counts["internal"] += 1
            keep.append(ref)
        page[NameObject("/Annots")] = keep
    return counts


def _title(html_file: Path) -> str:
    text = html_file.read_text(encoding="utf-8", errors="replace")
    m = re.search(r"<title>(.*?)</title>", text, re.S)
    title = re.sub(r"\s+", " ", m.group(1)).strip() if m else html_file.stem
    import html

    return html.unescape(title.split(" — ")[0].split(" &#8212; ")[0])


def build_pdf(
    html_dir: Path,
    out: Path,
    *,
    edition: str = "student",
    pages: Sequence[str] | None = None,
    root: Path | None = None,
    progress=print,
    front: bool = True,
) -> Path:
    """Print the built site ``html_dir`` (pages in ``_toc.yml`` order with the API reference
    moved to an appendix, or ``pages``) into one PDF at ``out`` for ``edition`` ("student": no
    solutions; "instructor": solutions expanded): a title page and a contents page first
    (``front``), links between the book's pages made into jumps inside the PDF."""
    from pypdf import PdfReader, PdfWriter

    if edition not in EDITIONS:
        raise PdfError(f"edition must be one of {', '.join(EDITIONS)}; got {edition!r}")
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").exists():
        raise PdfError(f"no built site in {html_dir}: run `make book` first")
    root = Path(root or html_dir.parents[1])
    pages = list(pages or book_order(page_order(root)))
    missing = [p for p in pages if not (html_dir / p).exists()]
    if missing:
        raise PdfError(f"pages missing from the built site: {', '.join(missing)}")
    browser = chromium()
    writer = PdfWriter()
    with serve(html_dir) as base, tempfile.TemporaryDirectory(prefix="sb-pdf-") as tmp:
        printed = []
        for i, page in enumerate(pages, 1):
            progress(f"  [{i}/{len(pages)}] {page}")
            printed.append(
                PdfReader(print_page(f"{base}/{page}?print={edition}", Path(tmp) / f"{i:03d}.pdf", browser=browser))
            )
        front_pages: list = []
        if front:
            progress("  title and contents pages")
            meta, parts = _book_meta(root), _parts(root)
            titles = {p: _title(html_dir / p) for p in pages}
            n_front = 2
            for _ in range(3):  # the contents' own length moves every number after it
                number, entries = n_front + 1, []
                for page, reader in zip(pages, printed):
                    caption = "Appendix" if page in APPENDIX else parts.get(page, "")
                    entries.append((caption, page, titles[page], number))
                    number += len(reader.pages)
                title_html, contents_html = _front_html(meta, edition, entries, base)
                for name, text in (("title", title_html), ("contents", contents_html)):
                    (Path(tmp) / f"{name}.html").write_text(text, encoding="utf-8")
                front_pages = [
                    PdfReader(
                        print_page(
                            (Path(tmp) / f"{name}.html").as_uri(),
                            Path(tmp) / f"{name}.pdf",
                            browser=browser,
                            budget_ms=2000,
                        )
                    )
                    for name in ("title", "contents")
                ]
                if sum(len(r.pages) for r in front_pages) == n_front:
                    break
                n_front = sum(len(r.pages) for r in front_pages)
        owner: list[str] = []
        for name, reader in zip(("title", "contents"), front_pages):
            start = len(writer.pages)
            for p in reader.pages:
                writer.add_page(p)
                owner.append(name)
            writer.add_outline_item("Contents" if name == "contents" else _book_meta(root)["title"], start)
        starts: dict[str, int] = {}
        dests: dict[tuple[str, str], int] = {}
        for page, reader in zip(pages, printed):
            start = starts[page] = len(writer.pages)
            for p in reader.pages:
                writer.add_page(p)
                owner.append(page)
            _link_targets(reader, page, start, dests)
            label = _title(html_dir / page)
            writer.add_outline_item(f"Appendix: {label}" if page in APPENDIX else label, start)
        counts = link_inside(writer, base, starts, dests, owner)
        progress(
            f"  links: {counts['internal']} inside the book, {counts['external']} to other sites, "
            f"{counts['removed']} to site pages not in the book left out"
        )
    writer.add_metadata(
        {
            "/Title": _book_meta(root)["title"] + (" (instructor edition)" if edition == "instructor" else ""),
            "/Creator": "scalingbook.build.pdf (headless Chromium + pypdf)",
        }
    )
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
