"""Agreement of two coders on the same texts: Cohen's kappa per category.

A text may carry several categories (multi-label), so one kappa over whole code sets would
count "zeit" against "zeit;technik" as plain disagreement. Instead each category is a yes/no
decision per text, and each category gets its own kappa over the texts both coders coded
(docs/analysis.md, "Agreement between coders"). Pure Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryAgreement:
    code: str
    texts: int
    """Texts both coders coded (the base)."""
    agreement: float | None
    """Share of those texts where both said the same (category given or not)."""
    kappa: float | None
    """Cohen's kappa; None when the base is empty or chance agreement is 1 (both coders
    gave the category to every text, or to none: kappa is undefined)."""


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float | None:
    """Cohen's kappa of two yes/no codings of the same texts (None where undefined)."""
    n = len(first)
    if n == 0 or n != len(second):
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1 = sum(first) / n
    p2 = sum(second) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def per_category(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]], codes: Sequence[str]
) -> list[CategoryAgreement]:
    """Per category of ``codes`` the two coders' agreement over ``pairs`` (one per text)."""
    found = []
    for code in codes:
        first = [code in a for a, _ in pairs]
        second = [code in b for _, b in pairs]
        same = sum(x == y for x, y in zip(first, second, strict=True))
        found.append(
            CategoryAgreement(
                code,
                len(pairs),
                same / len(pairs) if pairs else None,
                cohen_kappa(first, second),
            )
        )
    return found
