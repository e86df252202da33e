"""German number formats for everything the reports and exports show to people.

Figures are joined to their unit with a no-break space (``NBSP``) so that a line never breaks
between ``27,5`` and ``%``; the tests spell it out with the same constant.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

NBSP = "\u00a0"
EN_DASH = "–"
MINUS = "−"

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

# Fractions that a German reader takes in at a glance; "ein Drittel" reads better than "33 %".
FRACTIONS: tuple[tuple[float, str], ...] = (
    (1 / 10, "ein Zehntel"),
    (1 / 5, "ein Fünftel"),
    (1 / 4, "ein Viertel"),
    (1 / 3, "ein Drittel"),
    (1 / 2, "die Hälfte"),
    (2 / 3, "zwei Drittel"),
    (3 / 4, "drei Viertel"),
    (4 / 5, "vier Fünftel"),
)
EXACT_TOLERANCE = 0.015
"""Within this distance a share *is* the fraction ("ein Drittel")."""
ROUGH_TOLERANCE = 0.035
"""Within this distance it is "rund ein Drittel"; further away the fraction would mislead."""


def number(value: float, decimals: int = 0, *, grouping: bool = True) -> str:
    """``1234.5`` → ``1.234,5``: dot for thousands, comma for decimals, a real minus sign.

    Without ``grouping`` (years) ``2008.5`` → ``2008,5``.
    """
    if math.isnan(value):
        return EN_DASH
    text = f"{abs(value):{',' if grouping else ''}.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    # A value that rounds to zero gets no sign: "−0" would suggest a direction there is not.
    if value < 0 and any(c not in "0,." for c in text):
        return MINUS + text
    return text


def percent(share: float | None, decimals: int = 0) -> str:
    """A share (0.275) as a German percentage (``27,5 %``); ``–`` when there is no figure."""
    if share is None or math.isnan(share):
        return EN_DASH
    return f"{number(share * 100, decimals)}{NBSP}%"


def points(diff: float | None, decimals: int = 0) -> str:
    """A difference of shares in percentage points, always signed: ``+19 Prozentpunkte``."""
    if diff is None or math.isnan(diff):
        return EN_DASH
    value = round(diff * 100, decimals)
    sign = "+" if value > 0 else (MINUS if value < 0 else "±")
    unit = "Prozentpunkt" if abs(value) == 1 else "Prozentpunkte"
    return f"{sign}{number(abs(value), decimals)}{NBSP}{unit}"


def interval(ci: tuple[float, float] | None, decimals: int = 0) -> str:
    """A 95 % interval of shares as ``19–38 %``."""
    if ci is None:
        return EN_DASH
    low, high = (number(v * 100, decimals) for v in ci)
    return f"{low}{EN_DASH}{high}{NBSP}%"


def p_value(p: float | None) -> str:
    """``p = 0,003`` (three decimals) or ``p < 0,001``; ``–`` when no test was possible."""
    if p is None or math.isnan(p):
        return EN_DASH
    if p < 0.001:
        return f"p{NBSP}<{NBSP}0,001"
    return f"p{NBSP}={NBSP}{number(p, 3)}"


def fraction_words(share: float) -> str | None:
    """``ein Drittel`` / ``rund ein Drittel`` when the share is that fraction, else None."""
    best = min(FRACTIONS, key=lambda item: abs(item[0] - share))
    distance = abs(best[0] - share)
    if distance <= EXACT_TOLERANCE:
        return best[1]
    if distance <= ROUGH_TOLERANCE:
        return f"rund {best[1]}"
    return None


def count(value: int, singular: str, plural: str) -> str:
    """``1 Bündnis`` / ``1.234 Bündnisse``."""
    return f"{number(value)}{NBSP}{singular if value == 1 else plural}"


def german_date(day: date) -> str:
    """``13. Mai 2024``."""
    return f"{day.day}.{NBSP}{MONTHS[day.month - 1]} {day.year}"


def period(start: date | None, end: date | None) -> str:
    """A field period: ``6. Mai bis 28. Juni 2024`` (year once when both share it)."""
    if start is None and end is None:
        return "nicht angegeben"
    if start is None or end is None:
        return german_date(start or end)  # type: ignore[arg-type]
    if start.year == end.year:
        return f"{start.day}.{NBSP}{MONTHS[start.month - 1]} bis {german_date(end)}"
    return f"{german_date(start)} bis {german_date(end)}"


# Spreadsheets run cells starting with these as formulas (CSV and Excel injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe;
    other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
