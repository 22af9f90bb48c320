"""The error every floor raises for a bad input: the command line turns it into one line and exit 2."""

from __future__ import annotations

__all__ = ["ParameterError"]


class ParameterError(ValueError):
    """A chapter parameter, chapter name or parameter file is not acceptable."""
