"""Numbers and sentences as every chapter shows them: one formatter for each kind of quantity,
and one way to put a generated sentence on the page.

Every chapter formats through this module, so "1.2 billion parameters", "$40.6 million" or
"17.2%" read the same on every page. A sentence generated from numbers is shown with
:func:`sentence`, which escapes the dollar sign: MyST reads ``$...$`` as mathematics, so a
sentence with two amounts of money would otherwise render as a formula.
"""

from __future__ import annotations

import math

__all__ = [
    "readable_number",
    "format_number",
    "count",
    "params_count",
    "pct",
    "points",
    "usd",
    "times",
    "sci",
    "flop",
    "megawatts",
    "duration_days",
    "value",
    "share",
    "money",
    "counted",
    "model_size",
    "Sentence",
    "sentence",
]

_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def readable_number(x: float, digits: int = 3) -> str:
    """A headline number as a reader writes it: ``0.347``, ``18.4``, ``1,040``, ``246,000``,
    ``7.22 × 10¹⁰``, ``1.2 × 10⁻³`` (3 significant figures; never ``7.22e+10``)."""
    x = float(x)
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "infinite" if x > 0 else "minus infinite"
    ax = abs(x)
    if ax == 0:
        return "0"
    if 1e-2 <= ax < 100:
        return f"{x:.{digits}g}"
    if 100 <= ax < 1e6:
        return f"{float(f'{x:.{digits}g}'):,.0f}"
    return sci(x, digits)


def sci(x: float, digits: int = 3) -> str:
    """Scientific notation as a reader writes it: ``5.76 × 10²³`` (``digits`` significant figures)."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return readable_number(x)
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa} \u00d7 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def format_number(x: float, digits: int = 3) -> str:
    """A number for a table cell: 3 significant figures, scientific notation only for very large
    or small magnitudes, calendar years (1000-99999) kept whole (2030.7); NaN is blank."""
    x = float(x)
    if x != x:
        return ""
    ax = abs(x)
    if ax == 0:
        return "0"
    if 1e3 <= ax < 1e5:
        return f"{x:.1f}".rstrip("0").rstrip(".")
    return f"{x:.{digits}g}"


def count(n: float) -> str:
    """A whole count with thousands separators: ``1,234``; ``586,120``."""
    return f"{round(float(n)):,}"


_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_SHORT = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def params_count(n: float, *, words: bool = False) -> str:
    """A model size: ``70B``, ``1.3B``, ``125M`` (``words``: ``70 billion``)."""
    n = float(n)
    for scale, suffix in _WORDS if words else _SHORT:
        if abs(n) >= scale:
            v = f"{n / scale:.3g}"
            return f"{v} {suffix}" if words else f"{v}{suffix}"
    return count(n)


def pct(share: float, digits: int = 1) -> str:
    """A share (0-1) as a percentage: ``17.2%`` (``digits`` decimals; ``0`` gives ``17%``)."""
    share = float(share)
    if share != share:
        return "n/a"
    return f"{100 * share:.{digits}f}%"


def points(delta: float, digits: int = 1) -> str:
    """A difference of two percentages (given as shares) in percentage points: ``+23.4 points``."""
    return f"{100 * float(delta):+.{digits}f} points"


def usd(x: float, digits: int = 3) -> str:
    """An amount of money: ``$40.6 million``, ``$1.2 billion``, ``$44,490``, ``$0.51``."""
    x = float(x)
    if x != x:
        return "n/a"
    sign = "-" if x < 0 else ""
    ax = abs(x)
    for scale, word in _WORDS:
        if ax >= scale:
            return f"{sign}${float(f'{ax / scale:.{digits}g}'):g} {word}"
    if ax >= 100:
        return f"{sign}${float(f'{ax:.{digits}g}'):,.0f}"
    return f"{sign}${ax:.2f}"


def times(ratio: float, digits: int = 3) -> str:
    """A ratio: ``2.4×``, ``0.45×``."""
    return f"{float(f'{float(ratio):.{digits}g}'):g}\u00d7"


def value(x: object) -> str:
    """A parameter's value as a command line takes it: ``0.4``, ``25000``, ``1e+15``, ``true``
    (the parameter tables and the one-line messages about a bad value)."""
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if x != 0 and (abs(x) >= 1e6 or abs(x) < 1e-3):
            return f"{x:.3g}"
        return f"{x:g}"
    return str(x)


def flop(x: float, digits: int = 2) -> str:
    """A FLOP count in the compact notation of tables and charts: ``2.1e26``, ``4.8e28``
    (``digits`` significant figures)."""
    text = f"{float(x):.{digits}g}"
    return text.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


def megawatts(x: float) -> str:
    """Power in megawatts: ``3.04 MW``, ``203 MW``, ``1,590 MW``."""
    x = float(x)
    return f"{x:,.0f} MW" if abs(x) >= 1000 else f"{x:.3g} MW"


def duration_days(x: float) -> str:
    """A duration in days: ``95.0 days``, ``1,040 days`` (3 significant figures)."""
    x = float(x)
    return f"{x:,.0f} days" if abs(x) >= 1000 else f"{x:.3g} days"


def share(x: float) -> str:
    """A share (0-1) as a percentage that never reads as zero when it is not: :func:`pct` from
    0.05% up (``17.2%``), scientific notation below (``8.77 × 10⁻⁹%``)."""
    x = float(x)
    if x != x:
        return "n/a"
    return pct(x) if x == 0 or abs(x) >= 5e-4 else f"{sci(100 * x)}%"


def money(x: float) -> str:
    """An amount of money that never reads as $0.00 when it is not: :func:`usd` from half a cent
    up, scientific notation below (``1.47 × 10⁻⁸ US dollars``)."""
    x = float(x)
    if x != x:
        return "n/a"
    return usd(x) if x == 0 or abs(x) >= 5e-3 else f"{sci(x)} US dollars"


def counted(n: float, noun: str) -> str:
    """A whole count with its noun, singular for one: ``1 sample``, ``14 samples``."""
    return f"{count(n)} {noun}{'' if round(float(n)) == 1 else 's'}"


def model_size(n: float) -> str:
    """A parameter count: :func:`params_count` from a thousand to ten trillion (``8B``), else
    :func:`readable_number` (``1 × 10¹⁵``, ``0.5``)."""
    n = float(n)
    return params_count(n) if 1e3 <= abs(n) < 1e13 else readable_number(n)


class Sentence:
    """A generated sentence (Markdown) for a notebook cell: shows as Markdown with every ``$``
    escaped, so money never turns into mathematics; ``str()`` gives the plain text."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text.replace("\\$", "$").replace("$", "\\$")

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def sentence(text: str) -> Sentence:
    """Show ``text`` (a sentence generated from numbers) on the page: see :class:`Sentence`."""
    return Sentence(text)
