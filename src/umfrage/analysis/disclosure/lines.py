"""Secondary cell suppression on one table of linear equations, audited by linear programming.

A *table* is a list of non-negative integer cells and equations among them (a line of a question
table adds up to its published base; a cross-tab column adds up to its column base, which may be
a cell itself). Some cells are hidden because they are small (primary suppression). An attacker
who knows every published number can still bound each hidden cell: its feasible interval is the
minimum and maximum of the cell over all non-negative solutions of the equations. :func:`secure`
hides further cells until every protected cell's interval is at least ``k`` wide, so that nobody
can tell a hidden 0 from a hidden ``k - 1``.

Two steps, as in tau-argus and sdcTable: a cheap rule first (every line with a hidden cell has at
least two, and in a plain sum the hidden cells add up to at least ``k``), then the audit by LP
for each hidden cell (``scipy.optimize.linprog``, minimise and maximise), hiding one more cell in
a line of every cell that fails, until the audit passes. Hiding more never narrows an interval,
so a cell that passed once is not audited again. When no published cell is left to hide,
:class:`Unprotectable` says so; the caller then withholds the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog


class Unprotectable(Exception):
    """Suppression cannot protect this table (its hidden part adds up to less than ``k``)."""


Line = dict[int, int]
"""An equation ``sum(coef * cell) == constant`` (the constant follows from the true values)."""


@dataclass
class Table:
    """Cells (their true values) and the equations a reader can set up among them.

    ``fixed`` cells are never chosen for secondary suppression (a base, a decision taken
    elsewhere); ``unknown`` cells are never published but need no protection themselves (a
    slack: who is in the base but gave no answer to the breakdown question).
    """

    values: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    fixed: set[int] = field(default_factory=set)
    unknown: set[int] = field(default_factory=set)
    upper: dict[int, int] = field(default_factory=dict)

    def add(self, value: int, *, fixed: bool = False, unknown: bool = False) -> int:
        self.values.append(int(value))
        cell = len(self.values) - 1
        if fixed:
            self.fixed.add(cell)
        if unknown:
            self.unknown.add(cell)
        return cell

    def sum_line(self, cells: Iterable[int], total: int | None = None) -> None:
        """``cells`` add up to a published total, or to the cell ``total``."""
        line = dict.fromkeys(cells, 1)
        if total is not None:
            line[total] = line.get(total, 0) - 1
        if len(line) > 1:
            self.lines.append(line)


def intervals(
    table: Table,
    hidden: set[int],
    cells: Iterable[int] | None = None,
    width: float | None = None,
) -> dict[int, tuple[float, float]]:
    """Feasible interval of each of ``cells`` (default: all hidden) given every published number.

    With ``width``, an interval is only computed until it is known to be at least that wide
    (the lower end may then be reported too high).
    """
    unknown = hidden | table.unknown
    order = sorted(unknown)
    index = {cell: i for i, cell in enumerate(order)}
    rows, rhs = [], []
    for line in table.lines:
        if not any(c in unknown for c in line):
            continue
        row = np.zeros(len(order))
        constant = 0.0
        for c, coef in line.items():
            if c in unknown:
                row[index[c]] = coef
                constant += coef * table.values[c]
        rows.append(row)
        rhs.append(constant)
    bounds = [(0.0, float(table.upper[c]) if c in table.upper else None) for c in order]
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    found: dict[int, tuple[float, float]] = {}
    for cell in sorted(hidden if cells is None else cells):
        objective = np.zeros(len(order))
        objective[index[cell]] = -1.0
        high = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = -float(high.fun) if high.status == 0 else float("inf")
        if width is not None and hi - table.values[cell] >= width:
            # The true value is feasible, so the interval is at least this wide already.
            found[cell] = (float(table.values[cell]), hi)
            continue
        objective[index[cell]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        lo = float(low.fun) if low.status == 0 else 0.0
        found[cell] = (lo, hi)
    return found


def _pick(table: Table, line: Line, hidden: set[int], need: int) -> int | None:
    """The published cell of ``line`` to hide next: the smallest that brings the hidden sum to
    ``need``, else the largest (fewest further suppressions)."""
    free = [
        c
        for c, coef in line.items()
        if coef > 0 and c not in hidden and c not in table.fixed and c not in table.unknown
    ]
    if not free:
        return None
    enough = [c for c in free if table.values[c] >= need]
    if enough:
        return min(enough, key=lambda c: (table.values[c], c))
    return max(free, key=lambda c: (table.values[c], -c))


def secure(table: Table, primary: Iterable[int], k: int) -> set[int]:
    """The hidden cells: ``primary`` plus what keeps every hidden cell at least ``k`` wide."""
    hidden = set(primary)
    pending = set(hidden)
    for _ in range(4 * len(table.values) + 10):
        while _line_rule(table, hidden, k, pending):
            pass
        audited = intervals(table, hidden, pending, width=k)
        failing = sorted(c for c, (lo, hi) in audited.items() if hi - lo < k - 1e-6)
        pending = set(failing)
        if not failing:
            return hidden
        added = False
        for cell in failing:
            lines = sorted((line for line in table.lines if cell in line), key=len)
            for line in lines:
                inside = sum(table.values[c] for c in line if c in hidden and line[c] > 0)
                choice = _pick(table, line, hidden, k - inside)
                if choice is not None:
                    hidden.add(choice)
                    pending.add(choice)
                    added = True
                    break
        if not added:
            raise Unprotectable(failing[0])
    raise Unprotectable(-1)


def _line_rule(table: Table, hidden: set[int], k: int, pending: set[int]) -> bool:
    for line in table.lines:
        unknown = [c for c in line if c in hidden or c in table.unknown]
        inside = [c for c in line if c in hidden]
        if not inside:
            continue
        # When every unknown of the line counts positively, their sum is known: it must
        # reach k (the published rest of the line fixes it).
        plain = all(line[c] > 0 for c in unknown)
        total = sum(table.values[c] for c in unknown)
        if len(unknown) >= 2 and (not plain or total >= k):
            continue
        choice = _pick(table, line, hidden, k - total if plain else k)
        if choice is None:
            continue  # the audit decides (other lines may still leave room)
        hidden.add(choice)
        pending.add(choice)
        return True
    return False


def secure_line(values: Sequence[int], primary: Iterable[int], k: int) -> set[int]:
    """One line of cells adding up to a published total; the hidden positions."""
    table = Table()
    cells = [table.add(v) for v in values]
    table.sum_line(cells)
    return secure(table, primary, k)
