"""Scaling Laws, Reproduced: the book's helper package, on four floors.

Each floor is a subpackage and imports only the floors below it (``tests/test_layers.py``
holds the contract):

* ``sources`` (bottom): the book's small transcribed tables (``tables``, reading ``data/*.csv``)
  and the registry of published datasets with their fetching and loaders (``datasets``);
* ``science``: formulas, fits and simulations, pure and numpy-vectorised: ``compute``
  (C = 6ND and friends), ``hardware`` (accelerators), ``cost`` (time and money of a training
  run), ``laws`` (published loss laws), ``fitting``, ``quality``, ``downstream``,
  ``observational``, ``emergence``, ``testtime``, ``limits``;
* ``pages``: what a reader sees: one module per chapter (named like its notebook), the
  parameter schemas (``params``), number formatting and sentences (``format``), the claims
  ledger (``claims``), chart style (``charts``), calculators (``live``) and headline numbers
  (``report``);
* ``build`` (top): validation before a kernel starts, execution and its cache, site assembly,
  the standalone re-run page, sweeps, the PDF, the Sphinx extension and the CLI.

``from scalingbook import cost`` (or any name of ``MODULES``) imports that module from its
floor on first use, so ``import scalingbook`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("scalingbook")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

#: The package's public modules: name -> the floor that holds it.
MODULES: dict[str, str] = {
    **dict.fromkeys(("tables", "datasets"), "sources"),
    **dict.fromkeys(
        (
            "compute",
            "hardware",
            "cost",
            "laws",
            "fitting",
            "quality",
            "downstream",
            "observational",
            "emergence",
            "testtime",
            "limits",
        ),
        "science",
    ),
    **dict.fromkeys(("params", "format", "claims", "charts", "live", "report"), "pages"),
    **dict.fromkeys(("pipeline", "cli", "pdf"), "build"),
}

#: Older names of modules: ``data`` is the transcribed tables' reader.
_ALIASES = {"data": "tables"}

#: Functions re-exported at the top: name -> module.
_FUNCTIONS = {"publish": "report"}

__all__ = ["__version__", "publish", *MODULES, *_ALIASES]


def __getattr__(name: str) -> Any:
    module = _ALIASES.get(name, name)
    if module in MODULES:
        return import_module(f"{__name__}.{MODULES[module]}.{module}")
    if name in _FUNCTIONS:
        return getattr(__getattr__(_FUNCTIONS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
