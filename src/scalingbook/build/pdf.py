"""The whole book as one PDF, offline: ``make pdf`` (or ``python -m scalingbook.build.pdf``).

Every page of the built site (``_build/html``, in the order of ``_toc.yml``) is printed by
Debian's headless Chromium from a local HTTP server, after its charts (Vega, drawn as vector
graphics) and formulas (MathJax) are drawn: one browser prints every page (and both editions),
driven over the DevTools protocol on a pipe as ``chromium --headless --print-to-pdf`` drives
it; pypdf merges the pages into one file with a bookmark per page, each page as soon as it is
printed. Nothing is fetched from the network.

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
import base64
import fcntl
import functools
import http.server
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
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


#: How Chromium prints (what ``chromium --headless --print-to-pdf --no-pdf-header-footer`` asks for).
PRINT_OPTIONS = {"displayHeaderFooter": False, "printBackground": True, "preferCSSPageSize": True}


class Chromium:
    """One headless Chromium that prints many pages: driven over the DevTools protocol on a
    pipe (``--remote-debugging-pipe``: JSON messages, each ended by a NUL byte), so the browser
    starts once for a whole book instead of once per page. Each page is printed as
    ``chromium --print-to-pdf --virtual-time-budget`` prints it: opened in a new tab, and once
    it has loaded its scripts get ``budget_ms`` of page time (timers run without waiting, the
    clock stops while a file is still loading) before the tab is printed.

    Use it as a context manager; :meth:`print` may be called from several threads at once
    (one tab each)."""

    def __init__(self, browser: str | None = None, *, timeout: float = 300):
        self.browser = browser or chromium()
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="sb-chromium-")
        self._lock = threading.Condition()
        self._write_lock = threading.Lock()
        self._next_id = 0
        self._results: dict[int, dict] = {}
        self._events: dict[str, list[dict]] = {}
        self._closed = False
        # Chromium reads commands on its fd 3 and writes answers on its fd 4 (the pipe ends are
        # first moved above 9, so that putting them on 3 and 4 never overwrites the other).
        to_browser, self._out = os.pipe()
        self._in, from_browser = os.pipe()
        child = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser, from_browser)]
        for fd in (to_browser, from_browser):
            os.close(fd)
        self._log = tempfile.TemporaryFile(prefix="sb-chromium-log-")
        args = [
            self.browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--run-all-compositor-stages-before-draw",
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile.name}",
            "about:blank",
        ]
        try:
            self._pid = os.posix_spawn(
                self.browser,
                args,
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_DUP2, self._log.fileno(), 2),
                    (os.POSIX_SPAWN_DUP2, child[0], 3),
                    (os.POSIX_SPAWN_DUP2, child[1], 4),
                ],
            )
        except OSError as err:
            self._profile.cleanup()
            raise PdfError(f"Chromium could not start: {err}") from None
        finally:
            for fd in child:
                os.close(fd)
        self._status: int | None = None
        threading.Thread(target=self._read, daemon=True).start()

    # ------------------------------------------------------------------ the pipe
    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._in, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            *messages, buf = buf.split(b"\0")
            with self._lock:
                for raw in messages:
                    msg = json.loads(raw)
                    if "id" in msg:
                        self._results[msg["id"]] = msg
                    elif msg.get("sessionId") in self._events:
                        self._events[msg["sessionId"]].append(msg)
                self._lock.notify_all()
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _why(self) -> str:
        """The end of what Chromium wrote to stderr."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace").strip()[-800:]

    def _wait(self, timeout: float) -> bool:
        """Whether the browser has exited (waiting up to ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while self._status is None:
            pid, status = os.waitpid(self._pid, os.WNOHANG)
            if pid:
                self._status = status
            elif time.monotonic() > deadline:
                return False
            else:
                time.sleep(0.05)
        return True

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one DevTools command (to the tab of ``session``, else to the browser) and wait
        for its result."""
        with self._lock:
            self._next_id += 1
            ident = self._next_id
        msg = {"id": ident, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        with self._write_lock:
            try:
                _write_all(self._out, data)
            except OSError as err:
                raise PdfError(f"Chromium stopped: {self._why() or err}") from None
        with self._lock:
            if not self._lock.wait_for(lambda: ident in self._results or self._closed, self.timeout):
                raise PdfError(f"Chromium did not answer {method} in {self.timeout:.0f} s")
            if ident not in self._results:
                raise PdfError(f"Chromium stopped during {method}: {self._why()}")
            answer = self._results.pop(ident)
        if "error" in answer:
            raise PdfError(f"Chromium refused {method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def _event(self, session: str, match) -> dict:
        """Wait for (and consume) the tab's first event that ``match`` accepts; a crashed tab
        raises."""

        def found() -> int | None:
            for i, msg in enumerate(self._events[session]):
                if msg.get("method") == "Inspector.targetCrashed" or match(msg):
                    return i
            return None

        with self._lock:
            if not self._lock.wait_for(lambda: found() is not None or self._closed, self.timeout):
                raise PdfError(f"Chromium: the page did not finish in {self.timeout:.0f} s")
            i = found()
            if i is None:
                raise PdfError(f"Chromium stopped: {self._why()}")
            msg = self._events[session].pop(i)
        if msg.get("method") == "Inspector.targetCrashed":
            raise PdfError("Chromium: the page crashed")
        return msg

    # ------------------------------------------------------------------ printing
    def print(self, url: str, out: Path | None = None, *, budget_ms: int = BUDGET_MS) -> bytes:
        """Print ``url`` (A4 unless the page asks otherwise, no header or footer) and return the
        PDF (also written to ``out`` when given)."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        try:
            session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            with self._lock:
                self._events[session] = []
            try:
                for method, params in (
                    ("Inspector.enable", {}),
                    ("Page.enable", {}),
                    ("Page.setLifecycleEventsEnabled", {"enabled": True}),
                ):
                    self.call(method, params, session)
                nav = self.call("Page.navigate", {"url": url}, session)
                if nav.get("errorText"):
                    raise PdfError(nav["errorText"])
                self._event(
                    session,
                    lambda m: (
                        m.get("method") == "Page.lifecycleEvent"
                        and m["params"].get("name") == "load"
                        and m["params"].get("frameId") == nav["frameId"]
                    ),
                )
                self.call(
                    "Emulation.setVirtualTimePolicy",
                    {
                        "policy": "pauseIfNetworkFetchesPending",
                        "budget": int(budget_ms),
                        "maxVirtualTimeTaskStarvationCount": 9999,
                    },
                    session,
                )
                self._event(session, lambda m: m.get("method") == "Emulation.virtualTimeBudgetExpired")
                data = base64.b64decode(self.call("Page.printToPDF", PRINT_OPTIONS, session)["data"])
            finally:
                with self._lock:
                    del self._events[session]
        except PdfError as err:
            raise PdfError(f"Chromium could not print {url}: {err}") from None
        finally:
            if not self._closed:
                try:
                    self.call("Target.closeTarget", {"targetId": target})
                except PdfError:
                    pass
        if not data:
            raise PdfError(f"Chromium could not print {url}: an empty PDF")
        if out is not None:
            Path(out).write_bytes(data)
        return data

    def close(self) -> None:
        if not self._wait(0):
            try:
                with self._write_lock:
                    _write_all(self._out, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            except OSError:
                pass
            if not self._wait(20):
                os.kill(self._pid, signal.SIGKILL)
                self._wait(20)
        os.close(self._out)
        with self._lock:
            self._lock.wait_for(lambda: self._closed, 5)
        os.close(self._in)
        self._log.close()
        self._profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def print_page(url: str, out: Path, *, browser: str | None = None, budget_ms: int = BUDGET_MS) -> Path:
    """Print one page to ``out`` with its own headless Chromium (A4, no header or footer)."""
    with Chromium(browser) as chrome:
        chrome.print(url, out, budget_ms=budget_ms)
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
    chrome: Chromium | None = None,
    workers: int | None = None,
) -> Path:
    """Print the built site ``html_dir`` (pages in ``_toc.yml`` order with the API reference
    moved to an appendix, or ``pages``) into one PDF at ``out`` for ``edition`` ("student": no
    solutions; "instructor": solutions expanded): a title page and a contents page first
    (``front``), links between the book's pages made into jumps inside the PDF.

    ``chrome``: the browser that prints (one is started for this book if none is given);
    ``workers``: how many pages it prints at once (default: two, or one on a single core; two
    cost no more CPU than one after the other). Each printed page is merged into the book while
    the next ones print."""
    from pypdf import PdfWriter

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
    if chrome is None:
        with Chromium() as chrome:
            return build_pdf(
                html_dir,
                out,
                edition=edition,
                pages=pages,
                root=root,
                progress=progress,
                front=front,
                chrome=chrome,
                workers=workers,
            )
    meta = _book_meta(root)
    titles = {p: _title(html_dir / p) for p in pages}
    writer = PdfWriter()
    with serve(html_dir) as base, tempfile.TemporaryDirectory(prefix="sb-pdf-") as tmp:
        # The book's pages, merged (pypdf) in order as they come while the next ones print.
        pool = ThreadPoolExecutor(workers or min(2, os.cpu_count() or 1), thread_name_prefix="pdf-print")
        try:
            printed = pool.map(lambda page: chrome.print(f"{base}/{page}?print={edition}"), pages)
            counts, rel_starts, rel_dests = [], {}, {}
            for i, (page, data) in enumerate(zip(pages, printed), 1):
                progress(f"  [{i}/{len(pages)}] {page}")
                reader = _reader(data)
                rel_starts[page] = len(writer.pages)
                for p in reader.pages:
                    writer.add_page(p)
                counts.append(len(reader.pages))
                _link_targets(reader, page, rel_starts[page], rel_dests)
        finally:
            pool.shutdown(cancel_futures=True)  # a failed page stops the book: print no more
        front_pages: list = []
        if front:
            progress("  title and contents pages")
            parts = _parts(root)
            title_pages = None
            n_front = 2
            for _ in range(3):  # the contents' own length moves every number after it
                number, entries = n_front + 1, []
                for page, count in zip(pages, counts):
                    caption = "Appendix" if page in APPENDIX else parts.get(page, "")
                    entries.append((caption, page, titles[page], number))
                    number += count
                title_html, contents_html = _front_html(meta, edition, entries, base)
                printed_front = []
                for name, text in (("title", title_html), ("contents", contents_html)):
                    if name == "title" and title_pages is not None:  # the title page has no numbers
                        printed_front.append(title_pages)
                        continue
                    (Path(tmp) / f"{name}.html").write_text(text, encoding="utf-8")
                    printed_front.append(
                        _reader(chrome.print((Path(tmp) / f"{name}.html").as_uri(), budget_ms=2000)).pages
                    )
                title_pages = printed_front[0]
                front_pages = printed_front
                if sum(len(r) for r in front_pages) == n_front:
                    break
                n_front = sum(len(r) for r in front_pages)
        owner: list[str] = []
        for name, reader_pages in zip(("title", "contents"), front_pages):
            start = len(owner)
            for p in reader_pages:
                writer.insert_page(p, len(owner))
                owner.append(name)
            writer.add_outline_item("Contents" if name == "contents" else meta["title"], start)
        shift = len(owner)
        starts = {page: start + shift for page, start in rel_starts.items()}
        dests = {key: index + shift for key, index in rel_dests.items()}
        for page, count in zip(pages, counts):
            owner += [page] * count
            label = titles[page]
            writer.add_outline_item(f"Appendix: {label}" if page in APPENDIX else label, starts[page])
        links = link_inside(writer, base, starts, dests, owner)
        progress(
            f"  links: {links['internal']} inside the book, {links['external']} to other sites, "
            f"{links['removed']} to site pages not in the book left out"
        )
    writer.add_metadata(
        {
            "/Title": meta["title"] + (" (instructor edition)" if edition == "instructor" else ""),
            "/Creator": "scalingbook.build.pdf (headless Chromium + pypdf)",
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_suffix(".tmp")
    with tmp_out.open("wb") as fh:
        writer.write(fh)
    tmp_out.replace(out)
    return out


def _reader(data: bytes):
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scalingbook.build.pdf", description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=Path("_build/html"), help="the built site (default: _build/html)")
    ap.add_argument("--out", type=Path, default=Path("_build/pdf"), help="output folder (default: _build/pdf)")
    ap.add_argument("--edition", choices=[*EDITIONS, "both"], default="both")
    args = ap.parse_args(argv)
    editions = list(EDITIONS) if args.edition == "both" else [args.edition]
    try:
        with Chromium() as chrome:  # one browser prints both editions
            for ed in editions:
                print(f"Printing the {ed} edition")
                path = build_pdf(args.site, args.out / EDITIONS[ed], edition=ed, root=Path.cwd(), chrome=chrome)
                print(f"  -> {path}")
    except PdfError as err:
        print(f"scalingbook.build.pdf: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
