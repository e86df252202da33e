"""Variable names that SPSS and Stata accept, mapped deterministically from the CSV columns.

``responses.csv`` names columns ``<qid>.<option>``; Stata allows neither dots nor more than 32
characters (28 here, see ``STATA_MAX``), SPSS allows 64 bytes and dots (not at the end). The mapping depends only on the
column list, so the same questionnaire always gives the same names; the codebook lists it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STATA_MAX = 28
"""Stata allows 32 characters, but pyreadstat names each value-label set ``<variable><n>`` and
label names share that limit: 28 leaves room for up to 9999 label sets."""
SPSS_MAX = 64

# Stata's reserved words (Stata manual [U] 11.3) and SPSS's reserved keywords.
STATA_RESERVED = frozenset(
    [
        "_all",
        "_b",
        "byte",
        "_coef",
        "_cons",
        "double",
        "float",
        "if",
        "in",
        "int",
        "long",
        "_n",
        "_N",
        "_pi",
        "_pred",
        "_rc",
        "_skip",
        "strL",
        "using",
        "with",
    ]
)
SPSS_RESERVED = frozenset(
    ["ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"]
)


def stata_names(columns: Iterable[str]) -> dict[str, str]:
    """Column → Stata name: only letters, digits and ``_``, at most 28 characters, unique."""
    used: set[str] = set()
    mapping: dict[str, str] = {}
    for column in columns:
        base = re.sub(r"[^A-Za-z0-9_]", "_", column)
        if not re.match(r"[A-Za-z_]", base):
            base = "v_" + base
        if base in STATA_RESERVED or re.fullmatch(r"str\d+", base):
            base += "_"
        mapping[column] = _unique(base, STATA_MAX, used, case_sensitive=True)
    return mapping


def spss_names(columns: Iterable[str]) -> dict[str, str]:
    """Column → SPSS name: the column itself where SPSS allows it (dots included)."""
    used: set[str] = set()
    mapping: dict[str, str] = {}
    for column in columns:
        base = re.sub(r"[^A-Za-z0-9_.]", "_", column)
        if not re.match(r"[A-Za-z]", base):
            base = "v_" + base
        if base.endswith((".", "_")):
            base += "x"
        if base.upper() in SPSS_RESERVED:
            base += "_x"
        mapping[column] = _unique(base, SPSS_MAX, used, case_sensitive=False)
    return mapping


def _unique(base: str, limit: int, used: set[str], *, case_sensitive: bool) -> str:
    def key(name: str) -> str:
        return name if case_sensitive else name.upper()

    name = base[:limit]
    number = 2
    while key(name) in used:
        suffix = f"_{number}"
        name = base[: limit - len(suffix)] + suffix
        number += 1
    used.add(key(name))
    return name
