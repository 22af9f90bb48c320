"""Scaling Laws, Reproduced: the book's helper package.

One module per concept: ``compute``, ``hardware``, ``cost``, ``laws``, ``fitting``,
``downstream``, ``emergence``, ``testtime``, ``limits``, ``data``, ``charts``, ``params``,
``report``, ``pipeline``, ``cli``. Chapters record headline numbers with :func:`publish`.
"""

from importlib.metadata import PackageNotFoundError, version

from .report import publish

try:
    __version__ = version("scalingbook")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

__all__ = ["publish", "__version__"]
