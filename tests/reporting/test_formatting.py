"""German number formats, in tables."""

from __future__ import annotations

from datetime import date

import pytest

from umfrage.reporting import formatting as fmt
from umfrage.reporting.formatting import NBSP


def nb(text: str) -> str:
    """The expected text with no-break spaces where the formatter puts them."""
    return text.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (1234.5, 1, "1.234,5"),
        (0.5, 2, "0,50"),
        (-3.25, 1, "−3,2"),
        (-0.04, 1, "0,0"),
        (999.96, 1, "1.000,0"),
    ],
)
def test_numbers_use_the_dot_for_thousands_and_the_comma_for_decimals(
    value: float, decimals: int, expected: str
) -> None:
    assert fmt.number(value, decimals) == expected


def test_years_get_no_thousands_separator() -> None:
    assert fmt.number(2008.5, 1, grouping=False) == "2008,5"
    assert fmt.number(-1234.5, 1, grouping=False) == "−1234,5"


@pytest.mark.parametrize(
    ("share", "decimals", "expected"),
    [
        (0.275, 1, "27,5 %"),
        (0.275, 0, "28 %"),
        (0.09, 0, "9 %"),
        (1.0, 0, "100 %"),
        (0.0, 1, "0,0 %"),
        (0.4126, 1, "41,3 %"),
        (None, 0, "–"),
        (float("nan"), 0, "–"),
    ],
)
def test_shares_are_written_as_german_percentages(
    share: float | None, decimals: int, expected: str
) -> None:
    assert fmt.percent(share, decimals) == nb(expected)


@pytest.mark.parametrize(
    ("diff", "expected"),
    [
        (0.184, "+18 Prozentpunkte"),
        (-0.05, "−5 Prozentpunkte"),
        (0.01, "+1 Prozentpunkt"),
        (0.001, "±0 Prozentpunkte"),
        (None, "–"),
    ],
)
def test_differences_are_signed_percentage_points(diff: float | None, expected: str) -> None:
    assert fmt.points(diff) == nb(expected)


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (1 / 3, "ein Drittel"),
        (0.325, "ein Drittel"),
        (0.35, "rund ein Drittel"),
        (0.5, "die Hälfte"),
        (0.66, "zwei Drittel"),
        (0.25, "ein Viertel"),
        (0.76, "drei Viertel"),
        (0.42, None),
        (0.9, None),
    ],
)
def test_a_share_is_named_as_a_fraction_only_when_it_is_one(
    share: float, expected: str | None
) -> None:
    assert fmt.fraction_words(share) == expected


@pytest.mark.parametrize(
    ("p", "expected"),
    [(0.00004, "p < 0,001"), (0.0312, "p = 0,031"), (0.5, "p = 0,500"), (None, "–")],
)
def test_p_values_have_three_decimals_or_a_floor(p: float | None, expected: str) -> None:
    assert fmt.p_value(p) == nb(expected)


def test_intervals_dates_and_counts_read_as_german() -> None:
    assert fmt.interval((0.19, 0.384)) == nb("19–38 %")
    # The day keeps to its month; the year may wrap.
    assert fmt.german_date(date(2024, 5, 6)) == f"6.{NBSP}Mai 2024"
    assert fmt.period(date(2024, 5, 6), date(2024, 6, 28)) == f"6.{NBSP}Mai bis 28.{NBSP}Juni 2024"
    assert (
        fmt.period(date(2023, 12, 1), date(2024, 1, 31))
        == f"1.{NBSP}Dezember 2023 bis 31.{NBSP}Januar 2024"
    )
    assert fmt.count(1, "Bündnis", "Bündnisse") == nb("1 Bündnis")
    assert fmt.count(1234, "Bündnis", "Bündnisse") == nb("1.234 Bündnisse")
