"""Jupyter Book's ``build`` command, with Sphinx reading and writing the pages on several cores,
or started early to read the pages that no chapter's execution changes.

Jupyter Book 1.x runs Sphinx in one process: its ``build_sphinx`` takes ``jobs``, but its command
line never passes it. This runs that same command with ``jobs`` set (the command imports
``build_sphinx`` from :mod:`jupyter_book.sphinx` when it runs, so that is where it is set).
Every extension the book uses is safe for parallel reading and writing: the one that does not
say so, sphinx-multitoc-numbering, is declared safe by the book's own extension
(:mod:`scalingbook.build.site`; Sphinx warns about an undeclared one, and the book builds with
warnings as errors). ``tests/test_pipeline.py`` checks that the site comes out the same as a
serial build's, byte for byte. The book builds serially unless ``$SCALINGBOOK_SPHINX_JOBS`` says
otherwise (:func:`scalingbook.build.siteassembly.sphinx_jobs`).

**Started early** (``--early DOCS``, serial builds only): the build starts this command while the
chapters execute, at low priority (``nice`` 10, for its process and its session: the chapters' kernels come first). It imports
Sphinx and the extensions, sets up the application, and reads ``DOCS`` (comma-separated
document names: the pages that do not depend on an execution, such as the API reference), then
waits for lines on its standard input. ``read NAME,...`` reads those documents as well (the
build sends each chapter as its execution ends and its notebook is staged); ``go`` goes on with
the build as usual, which reads every other document and skips the ones already read whose
source is unchanged since; the end of input ends it without building. Sphinx's environment is then the one a
single pass gives; ``tests/test_pipeline.py`` checks that the site is the same, byte for byte.

Usage: ``python -m scalingbook.build.jupyterbook JOBS [--early DOCS] build SOURCE [jupyter-book options]``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys

#: The line printed once the pages were read early, before waiting for ``go``.
READY = "Waiting for the chapters' executions"


def _read_early(documents: set[str]) -> None:
    """Make Sphinx's first ``read`` read ``documents`` first, then wait on standard input: a
    line ``read NAME,NAME...`` reads those documents too (a chapter whose execution has ended),
    ``go`` reads the rest and builds (documents already read and unchanged are not read again)."""
    from sphinx.builders import Builder
    from sphinx.environment import CONFIG_OK

    read, read_serial = Builder.read, Builder._read_serial
    state: dict = {"pending": True, "read": {}}

    def mtime(builder: Builder, docname: str) -> int:
        return os.stat(builder.env.doc2path(docname)).st_mtime_ns

    @contextlib.contextmanager
    def site_map_kept(env):
        """sphinx-external-toc keeps the table of contents on the environment when asked what is
        outdated; the full read asks again and must see the same previous table then: whatever
        happens inside, the environment's table is put back."""
        had, previous = hasattr(env, "external_site_map"), getattr(env, "external_site_map", None)
        try:
            yield
        finally:
            if had:
                env.external_site_map = previous
            elif hasattr(env, "external_site_map"):
                del env.external_site_map

    def read_some(builder: Builder, docnames: list[str]) -> None:
        """Read those of ``docnames`` not read yet (or changed since), with the table of contents
        in place as during a read."""
        env = builder.env
        with site_map_kept(env):
            if "site_map" in state:
                env.external_site_map = state["site_map"]
            todo = [
                d
                for d in docnames
                if d in env.found_docs and (d not in state["read"] or mtime(builder, d) != state["read"][d])
            ]
            if todo:
                read_serial(builder, todo)
            state["read"].update({d: mtime(builder, d) for d in todo})

    def read_first(builder: Builder) -> None:
        env = builder.env
        env.find_files(builder.config, builder)
        added, changed, removed = env.get_outdated_files(env.config_status != CONFIG_OK)
        extra: set[str] = set()
        with site_map_kept(env):
            for docs in builder.events.emit("env-get-outdated", env, set(added), set(changed), set(removed)):
                extra.update(docs)
            if hasattr(env, "external_site_map"):
                state["site_map"] = env.external_site_map
        read_some(builder, sorted(d for d in added | changed | extra if d in documents))

    def patched_read(self: Builder) -> list[str]:
        if state["pending"]:
            state["pending"] = False
            read_first(self)
            print(f"{READY} ({len(state['read'])} page(s) read)", flush=True)
            for line in sys.stdin:
                command = line.strip()
                if command == "go":
                    break
                if command.startswith("read "):
                    env = self.env
                    env.find_files(self.config, self)  # a page staged since is found
                    added, changed, _ = env.get_outdated_files(env.config_status != CONFIG_OK)
                    read_some(self, [d for d in command[5:].split(",") if d in added | changed])
                    print(f"{READY} ({len(state['read'])} page(s) read)", flush=True)
            else:
                os._exit(0)  # not needed after all: nothing was written but doctrees
        return read(self)

    def patched_read_serial(self: Builder, docnames: list[str]) -> None:
        done, state["read"] = state["read"], {}
        again = [d for d in docnames if d not in done or mtime(self, d) != done[d]]
        read_serial(self, again)

    Builder.read = patched_read  # type: ignore[method-assign]
    Builder._read_serial = patched_read_serial  # type: ignore[method-assign]


def _lower_priority(nice: int) -> None:
    """Run at ``nice`` (and, where the kernel groups processes by session, give this session's
    group the same nice: the chapters' kernels run in sessions of their own, and without it the
    scheduler shares the cores between sessions whatever each process's nice)."""
    try:
        os.nice(nice)
    except OSError:
        pass
    try:
        with open("/proc/self/autogroup", "w") as f:
            f.write(str(nice))
    except OSError:
        pass


def main(argv: list[str]) -> None:
    jobs, args = max(1, int(argv[0])), argv[1:]
    if args[:1] == ["--early"]:
        documents, args = set(filter(None, args[1].split(","))), args[2:]
        _lower_priority(10)
        _read_early(documents if jobs == 1 else set())  # several processes read everything after ``go``
    from jupyter_book import sphinx
    from jupyter_book.cli import main as cli

    sphinx.build_sphinx = functools.partial(sphinx.build_sphinx, jobs=jobs)
    cli.main(args=args, prog_name="jupyter-book")


if __name__ == "__main__":
    main(sys.argv[1:])
