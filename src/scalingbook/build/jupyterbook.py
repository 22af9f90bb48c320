"""Jupyter Book's ``build`` command, with Sphinx reading and writing the pages on several cores.

Jupyter Book 1.x runs Sphinx in one process: its ``build_sphinx`` takes ``jobs``, but its command
line never passes it. This runs that same command with ``jobs`` set. Every extension the book
uses declares itself safe for parallel reading and writing (Sphinx warns about one that does
not, and the book builds with warnings as errors), and on this book the parallel build's site is
byte-identical to the serial one's.

Usage: ``python -m scalingbook.build.jupyterbook JOBS build SOURCE [jupyter-book options]``.
"""

from __future__ import annotations

import functools
import sys


def main(argv: list[str]) -> None:
    from jupyter_book import sphinx
    from jupyter_book.cli import main as cli

    jobs, args = max(1, int(argv[0])), argv[1:]
    cli.build_sphinx = functools.partial(sphinx.build_sphinx, jobs=jobs)
    cli.main(args=args, prog_name="jupyter-book")


if __name__ == "__main__":
    main(sys.argv[1:])
