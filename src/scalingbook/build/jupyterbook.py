"""Jupyter Book's ``build`` command, with Sphinx reading and writing the pages on several cores.

Jupyter Book 1.x runs Sphinx in one process: its ``build_sphinx`` takes ``jobs``, but its command
line never passes it. This runs that same command with ``jobs`` set (the command imports
``build_sphinx`` from :mod:`jupyter_book.sphinx` when it runs, so that is where it is set).
Every extension the book uses is safe for parallel reading and writing: the one that does not
say so, sphinx-multitoc-numbering, is declared safe by the book's own extension
(:mod:`scalingbook.build.site`; Sphinx warns about an undeclared one, and the book builds with
warnings as errors). ``tests/test_pipeline.py`` checks that the site comes out the same as a
serial build's, byte for byte. The book builds serially unless ``$SCALINGBOOK_SPHINX_JOBS`` says
otherwise (:func:`scalingbook.build.siteassembly.sphinx_jobs`).

Usage: ``python -m scalingbook.build.jupyterbook JOBS build SOURCE [jupyter-book options]``.
"""

from __future__ import annotations

import functools
import sys


def main(argv: list[str]) -> None:
    from jupyter_book import sphinx
    from jupyter_book.cli import main as cli

    jobs, args = max(1, int(argv[0])), argv[1:]
    sphinx.build_sphinx = functools.partial(sphinx.build_sphinx, jobs=jobs)
    cli.main(args=args, prog_name="jupyter-book")


if __name__ == "__main__":
    main(sys.argv[1:])
