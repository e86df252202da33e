"""German numbers, percentages and dates: the one place that writes them (docs/reporting.md,
"Numbers and dates").

Everything a person reads – reports, exports' result sheets, the web pages, the respondent
pages, the command line, log lines – formats figures with these functions; a test
(``tests/config/test_formatting_in_one_place.py``) fails when German number or date formatting is
written by hand elsewhere in ``src/umfrage``. Plain Python: no Django, nothing else of umfrage,
so the pure packages may use it (``tests/config/test_layers.py``).

The rules (DIN 5008, and what the published reports have always shown):

- decimal comma, a dot between thousands: ``1.234,5`` (DIN 5008 allows ``1 234`` as well; the
  reports write the dot, and so does everything else). Years and values typed back into a form
  field are written without grouping;
- a real minus sign (``−3``); a value that rounds to zero has no sign;
- a no-break space (``NBSP``) between a figure and its unit, so a line never breaks between
  ``27,5`` and ``%``: ``27,5 %``, ``+19 Prozentpunkte``, ``p = 0,003``;
- dates in words ``7. Mai 2031`` (reports, respondent pages) or in figures ``07.05.2031``
  (tables and lists of the admin pages, the command line, logs); times ``14:30`` (24 hours,
  followed by "Uhr" in running text); date and time parted by a comma: ``07.05.2031, 14:30``.

Datetimes are written as given: a caller with an aware datetime converts it to local time first
(``django.utils.timezone.localtime``), which needs Django and so does not belong here.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

NBSP = "\u00a0"
EN_DASH = "–"
MINUS = "−"
PERCENT_SIGN = f"{NBSP}%"
"""What follows the figure of a percentage (also in the charts' axis labels)."""

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

WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")

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


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _digits(value: float, decimals: int | None, grouping: bool) -> str:
    """``abs(value)`` in German digits: dot for thousands (if ``grouping``), comma for decimals.
    ``decimals=None`` writes as many decimals as the value has (``2.5`` → ``2,5``, ``12.0`` →
    ``12``)."""
    separator = "," if grouping else ""
    if decimals is None:
        if float(value).is_integer():
            text = f"{abs(int(value)):{separator}d}"
        else:
            text = f"{abs(Decimal(repr(float(value)))):{separator}f}"
    else:
        text = f"{abs(value):{separator}.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def number(value: float | None, decimals: int | None = 0, *, grouping: bool = True) -> str:
    """``1234.5`` → ``1.234,5``: dot for thousands, comma for decimals, a real minus sign;
    ``–`` when there is no figure.

    ``decimals=None`` keeps the value's own decimals (limits from a questionnaire: ``2,5``).
    Without ``grouping`` (years) ``2008.5`` → ``2008,5``.
    """
    if _missing(value):
        return EN_DASH
    assert value is not None
    text = _digits(value, decimals, grouping)
    # A value that rounds to zero gets no sign: "−0" would suggest a direction there is not.
    if value < 0 and any(c not in "0,." for c in text):
        return MINUS + text
    return text


def input_number(value: float | None, decimals: int) -> str:
    """A value as it is typed into a form field and read back: ``1234,5``, ``-3`` – no grouping,
    the keyboard's hyphen as minus, no trailing zeros; empty when there is none."""
    if _missing(value):
        return ""
    assert value is not None
    if decimals == 0:
        return str(int(value))
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def spreadsheet_number(text: str) -> str:
    """A number written as in ``responses.csv`` (``2.5``, ``-3``) as German Excel reads it from
    a CSV file: the decimal comma, the hyphen as minus, no grouping, every digit kept."""
    return text.replace(".", ",")


def signed(value: float | None, decimals: int = 0) -> str:
    """A difference with its sign always shown: ``+1,5``, ``−2``, ``±0``."""
    if _missing(value):
        return EN_DASH
    assert value is not None
    rounded = round(value, decimals)
    sign = "+" if rounded > 0 else (MINUS if rounded < 0 else "±")
    return sign + number(abs(rounded), decimals)


def percent(share: float | None, decimals: int = 0) -> str:
    """A share (0.275) as a German percentage (``27,5 %``); ``–`` when there is no figure."""
    if _missing(share):
        return EN_DASH
    assert share is not None
    return number(share * 100, decimals) + PERCENT_SIGN


def points(diff: float | None, decimals: int = 0, *, unit: bool = True) -> str:
    """A difference of shares in percentage points, always signed: ``+19 Prozentpunkte``
    (``+19`` without ``unit``, for a table whose heading names it)."""
    if _missing(diff):
        return EN_DASH
    assert diff is not None
    value = round(diff * 100, decimals)
    text = signed(value, decimals)
    if not unit:
        return text
    return f"{text}{NBSP}{'Prozentpunkt' if abs(value) == 1 else 'Prozentpunkte'}"


def point_distance(diff: float | None, decimals: int = 0) -> str:
    """How far apart two shares are, without a direction: ``1,9 Prozentpunkte``."""
    if _missing(diff):
        return EN_DASH
    assert diff is not None
    value = round(abs(diff) * 100, decimals)
    return f"{number(value, decimals)}{NBSP}{'Prozentpunkt' if value == 1 else 'Prozentpunkte'}"


def interval(ci: tuple[float, float] | None, decimals: int = 0, *, unit: bool = True) -> str:
    """A 95 % interval of shares as ``19–38 %`` (``19–38`` without ``unit``)."""
    if ci is None:
        return EN_DASH
    low, high = (number(v * 100, decimals) for v in ci)
    text = f"{low}{EN_DASH}{high}"
    return text + PERCENT_SIGN if unit else text


P_THRESHOLD = 0.05
"""The level the verdicts use ("statistisch gesichert" at p < 0.05, analysis/stats.py ALPHA)."""
P_MAX_DECIMALS = 6


def p_number(p: float | None) -> str:
    """A p-value alone, so that its side of 0.05 is visible: ``0,003``, ``< 0,001``, and near
    the threshold as many decimals as it takes (``0,0497``, ``0,0501``; ``0,050`` only for
    0.05 itself): a rounded ``0,050`` next to "gesichert" would contradict the verdict. ``–``
    when no test was possible."""
    if _missing(p):
        return EN_DASH
    assert p is not None
    if p < 0.001:
        return f"<{NBSP}0,001"
    for decimals in range(3, P_MAX_DECIMALS + 1):
        shown = round(p, decimals)
        if (shown < P_THRESHOLD) == (p < P_THRESHOLD) and (shown != P_THRESHOLD or p == shown):
            return number(p, decimals)
    # Closer to 0.05 than a millionth: the side is all a reader needs.
    return f"<{NBSP}0,05" if p < P_THRESHOLD else f">{NBSP}0,05"


def p_value(p: float | None) -> str:
    """``p = 0,003``, ``p = 0,0497`` or ``p < 0,001``; ``–`` when no test was possible."""
    if _missing(p):
        return EN_DASH
    text = p_number(p)
    return f"p{NBSP}{text}" if text[0] in "<>" else f"p{NBSP}={NBSP}{text}"


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


def date_time(moment: datetime, *, unit: bool = True) -> str:
    """``13. Mai 2024, 14:05 Uhr`` (without ``unit`` no "Uhr", for a sentence that has it);
    ``moment`` as given: convert to local time first."""
    text = f"{german_date(moment)}, {clock(moment)}"
    return f"{text}{NBSP}Uhr" if unit else text


def numeric_date(day: date, *, year: bool = True, weekday: bool = False) -> str:
    """``07.05.2031`` (``07.05.`` without the ``year``, ``Mi, 07.05.2031`` with the
    ``weekday``)."""
    text = f"{day.day:02d}.{day.month:02d}."
    if year:
        text += f"{day.year:04d}"
    return f"{WEEKDAYS_SHORT[day.weekday()]}, {text}" if weekday else text


def clock(moment: datetime, *, seconds: bool = False) -> str:
    """``14:05`` (``14:05:09`` with ``seconds``)."""
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{text}:{moment.second:02d}" if seconds else text


def numeric_date_time(moment: datetime, *, seconds: bool = False) -> str:
    """``07.05.2031, 14:05`` (``…:09`` with ``seconds``): date and time parted by a comma, as in
    ``date_time``; as given, convert to local time first."""
    return f"{numeric_date(moment)}, {clock(moment, seconds=seconds)}"


def period(start: date | None, end: date | None) -> str:
    """A field period: ``6. Mai bis 28. Juni 2024`` (year once when both share it)."""
    if start is None and end is None:
        return "nicht angegeben"
    if start is None or end is None:
        return german_date(start or end)  # type: ignore[arg-type]
    if start.year == end.year:
        return f"{start.day}.{NBSP}{MONTHS[start.month - 1]} bis {german_date(end)}"
    return f"{german_date(start)} bis {german_date(end)}"
