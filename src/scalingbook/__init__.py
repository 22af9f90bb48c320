"""Scaling Laws, Reproduced: the book's helper package.

One module per concept, each imported on first use (``import scalingbook`` stays cheap):

* formulas and fits: ``compute`` (C = 6ND and friends), ``hardware`` (accelerators),
  ``cost`` (time and money of a training run), ``laws`` (published loss laws), ``fitting``
  (fitting them), ``quality`` (data quality in loss laws), ``downstream`` (loss to benchmark
  scores), ``observational`` (scaling across model families from benchmark scores),
  ``emergence`` (metrics and emergent abilities), ``testtime`` (sampling, voting, verifiers),
  ``limits`` (power, chips, data and latency walls);
* data: ``datasets`` (the published datasets, verified and cached), ``data`` (the book's
  small transcribed tables in ``data/``);
* presentation: ``charts`` (the book's chart style), ``live`` (calculators that recompute in
  the page), ``report`` (headline numbers, tables, footers);
* running the book: ``params`` (parameter schemas), ``pipeline``, ``cli`` and ``pdf`` (the
  whole book as one PDF).

Chapters record headline numbers with ``publish`` (``scalingbook.report.publish``).
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("scalingbook")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

#: The package's public modules, imported on first attribute access.
MODULES = (
    "compute", "hardware", "cost", "laws", "fitting", "quality", "downstream", "observational", "emergence",
    "testtime", "limits", "datasets", "data", "charts", "live", "report", "params", "pipeline", "cli", "pdf",
)

#: Functions re-exported at the top: name -> module.
_FUNCTIONS = {"publish": "report"}

__all__ = ["__version__", "publish", *MODULES]


def __getattr__(name: str) -> Any:
    if name in MODULES:
        return import_module(f"{__name__}.{name}")
    if name in _FUNCTIONS:
        return getattr(import_module(f"{__name__}.{_FUNCTIONS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
