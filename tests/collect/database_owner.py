"""The database owner as an attacker: links answers to organisations from the stored rows alone.

Given every row and column of the tables that hold responses, their history, invitations, the
web progress, drafts and sent messages (and on PostgreSQL each row's writing transaction
``xmin``, its last locking or deleting transaction ``xmax`` and physical place ``ctid``), ``best_linkage`` tries every pairing of a response-side column with an
organisation-side column in two ways, and reports the one that links the most responses to
their true organisation:

- nearest value: each response goes to the organisation whose value is closest (equal times,
  near-equal times, a foreign key, the same transaction id);
- same rank: responses sorted by their column are paired with organisations sorted by theirs,
  ascending and descending (ids or positions in the order of opening, finishing, …).

A random assignment of n responses to n organisations gets about one right (the number of fixed
points of a random permutation is close to Poisson(1)); ``CHANCE_BOUND`` is what it exceeds
with a probability below 1e-8 per heuristic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection

# P(Poisson(1) >= 12) < 1e-9: with the about 3000 heuristics tried on PostgreSQL (fewer on
# SQLite) the test fails by luck with a probability below 3e-6 (union bound; the heuristics are
# far from independent, most repeat the id order), and a real link cannot stay under it (the
# code before the fix let every heuristic of ids or times link all 48).
CHANCE_BOUND = 11


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, date):
        return float(value.toordinal())
    if isinstance(value, list | dict):
        return float(len(value))
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("(") and text.endswith(")") and "," in text:  # a ctid "(page,row)"
            page, row = text[1:-1].split(",")
            return float(int(page) * 100_000 + int(row))
        try:
            return float(text)
        except ValueError:
            return float(sum(text.encode()))  # a stable number for a text (states, names)
    return None


# The answers are what the test knows the truth by; linking by content is out of scope (an
# organisation's answers are not known to the attacker, see docs/web-questionnaire.md).
CONTENT = ("answers",)


def table_rows(table: str) -> list[dict[str, float | None]]:
    """Every row of a table, every column as a number (except the answers); on PostgreSQL with
    xmin, xmax and ctid (a row lock leaves the locking transaction in xmax)."""
    quote = connection.ops.quote_name
    extra = (
        ", xmin::text AS sys_xmin, xmax::text AS sys_xmax, ctid::text AS sys_ctid"
        if connection.vendor == "postgresql"
        else ""
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT *{extra} FROM {quote(table)}")
        names = [c[0] for c in cursor.description]
        return [
            {
                name: _number(value)
                for name, value in zip(names, row, strict=True)
                if name not in CONTENT
            }
            for row in cursor.fetchall()
        ]


def aggregate(rows: Iterable[dict[str, float | None]], key: str) -> dict[float, dict[str, float]]:
    """Per value of ``key``: the minimum, maximum and count of every other column."""
    found: dict[float, dict[str, float]] = {}
    for row in rows:
        owner = row[key]
        if owner is None:
            continue
        into = found.setdefault(owner, {"count": 0.0})
        into["count"] += 1
        for name, value in row.items():
            if value is None or name == key:
                continue
            low, high = f"min_{name}", f"max_{name}"
            into[low] = min(into.get(low, value), value)
            into[high] = max(into.get(high, value), value)
    return found


@dataclass
class Linkage:
    heuristic: str
    correct: int


def _nearest(left: list[float | None], right: list[float | None]) -> list[int | None]:
    out: list[int | None] = []
    for value in left:
        best, choice = math.inf, None
        if value is not None:
            for index, other in enumerate(right):
                if other is not None and abs(other - value) < best:
                    best, choice = abs(other - value), index
        out.append(choice)
    return out


def _ranks(values: list[float | None], reverse: bool) -> list[int]:
    """Indices in the order of their values (stable: ties keep the listed order; None last)."""
    present = [i for i, v in enumerate(values) if v is not None]
    missing = [i for i, v in enumerate(values) if v is None]
    present.sort(key=lambda i: values[i], reverse=reverse)  # type: ignore[arg-type,return-value]
    return present + missing


def best_linkage(
    responses: dict[str, list[float | None]],
    organisations: dict[str, list[float | None]],
    truth: list[int],
) -> tuple[Linkage, int]:
    """The heuristic that links most responses to their organisation (``truth[i]`` is the index
    of response i's organisation), and how many heuristics were tried."""
    best = Linkage("none", 0)
    tried = 0
    for r_name, r_values in responses.items():
        for o_name, o_values in organisations.items():
            tried += 1
            guess = _nearest(r_values, o_values)
            correct = sum(g == t for g, t in zip(guess, truth, strict=True))
            if correct > best.correct:
                best = Linkage(f"nearest {r_name} ~ {o_name}", correct)
            for reverse in (False, True):
                tried += 1
                r_order = _ranks(r_values, False)
                o_order = _ranks(o_values, reverse)
                correct = sum(truth[r] == o for r, o in zip(r_order, o_order, strict=False))
                if correct > best.correct:
                    way = "descending" if reverse else "ascending"
                    best = Linkage(f"rank {r_name} ~ {o_name} ({way})", correct)
    return best, tried
