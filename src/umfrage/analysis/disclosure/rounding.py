"""Controlled rounding of a cross-tab to base ``k``, audited by integer programming.

Where cell suppression would blank most of a breakdown (see ``protect.apply_crosstab``), the
table is published rounded instead, as the statistical offices do: every cell and every column
base is replaced by an adjacent multiple of ``k`` (a multiple of ``k``, 0 included, stays as it
is), and in a table whose options exclude each other the rounded cells of a column add up to the
rounded column base. A column base is always rounded *down*: a reader who knows that a column
base ``b`` lies between ``R - (k - 1)`` and ``R + (k - 1)`` learns about the breakdown question's
own (possibly hidden) count ``c >= b`` at most that ``c >= R - (k - 1) <= c - (k - 1)``, so the
rounded bases never narrow a hidden count of the breakdown question below ``k`` values on their
own. Which cells of a column are rounded up is chosen deterministically (largest remainder
first, ties by position; further attempts by a seeded order): the same data always gives the
same figures, so nothing can be averaged away over runs, waves or series.

The row margins of a breakdown are the question's exact published counts, so rounding alone can
sometimes be undone by differencing. :func:`audit` therefore sets up, for each rounded table,
what a reader knows -- every rounded value ``r`` as ``r - (k - 1) <= x <= r + (k - 1)``, the
column and row equations, the question's and the breakdown question's published counts (hidden
ones as unknowns with their known sum) -- and computes by integer programming
(``scipy.optimize.milp``) the feasible range of every rounded cell, every rounded column base and
every hidden count the table touches. Each must hold at least ``k`` integers (unless it is a zero
every reader knows already). A failing table is rounded again with another seeded choice; after
a few attempts the caller falls back to suppression.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

ATTEMPTS = 6
"""Roundings tried per table (the first by largest remainder, then seeded orders)."""


def floor_to(value: int, k: int) -> int:
    return (value // k) * k


@dataclass
class Rounded:
    """A rounded table: ``cells[row][column]`` and ``bases[column]``, multiples of ``k``."""

    cells: list[list[int]]
    bases: list[int]


def _order(
    candidates: list[int], remainders: Sequence[int], rng: random.Random | None
) -> list[int]:
    if rng is None:
        return sorted(candidates, key=lambda i: (-remainders[i], i))
    found = list(candidates)
    rng.shuffle(found)
    return found


def round_table(
    values: Sequence[Sequence[int]],
    bases: Sequence[int],
    k: int,
    *,
    exclusive: bool,
    seed: str,
    attempt: int = 0,
    exact: Sequence[bool] = (),
) -> Rounded:
    """Controlled rounding of ``values`` (rows × columns) and the column ``bases`` to base ``k``.

    An ``exact`` column keeps its base (one the breakdown question's table publishes anyway);
    its cells are rounded like the others (adding up to the base rounded down).
    Deterministic: ``seed`` (the table's name) and ``attempt`` fix every choice.
    """
    rng = None
    if attempt:
        digest = hashlib.sha256(f"{seed}|{attempt}".encode()).hexdigest()
        rng = random.Random(int(digest[:16], 16))
    rows = len(values)
    cells = [[0] * len(bases) for _ in range(rows)]
    rounded_bases = []
    for j, base in enumerate(bases):
        column = [int(values[i][j]) for i in range(rows)]
        top = floor_to(int(base), k)
        rounded_bases.append(int(base) if j < len(exact) and exact[j] else top)
        floors = [floor_to(x, k) for x in column]
        rest = [x - f for x, f in zip(column, floors, strict=True)]
        if exclusive and sum(column) == base:
            # Round up as many cells as bring the column to its rounded base.
            ups = (top - sum(floors)) // k
            chosen = set(_order([i for i in range(rows) if rest[i] > 0], rest, rng)[:ups])
            for i in range(rows):
                cells[i][j] = floors[i] + (k if i in chosen else 0)
        else:
            for i in range(rows):
                if rest[i] == 0:
                    up = False
                elif rng is None:
                    up = 2 * rest[i] >= k
                else:
                    up = rng.random() < rest[i] / k
                value = floors[i] + (k if up else 0)
                cells[i][j] = value if value <= top else floors[i]
    return Rounded(cells, rounded_bases)


@dataclass
class Program:
    """Integer unknowns with bounds and linear rows ``lo <= sum(coef * x) <= hi``."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    truth: list[int] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)

    def var(self, true: int, lower: float = 0.0, upper: float = math.inf) -> int:
        self.lower.append(max(0.0, lower))
        self.upper.append(upper)
        self.truth.append(int(true))
        return len(self.truth) - 1

    def fixed(self, value: int) -> int:
        return self.var(value, value, value)

    def rounded(self, true: int, value: int, k: int) -> int:
        return self.var(true, value - (k - 1), value + (k - 1))

    def row(self, coeffs: dict[int, float], lo: float, hi: float) -> None:
        if coeffs:
            self.rows.append((coeffs, lo, hi))

    def total(self, parts: Iterable[int], whole: int, *, exact: bool = True) -> None:
        coeffs: dict[int, float] = {}
        for p in parts:
            coeffs[p] = coeffs.get(p, 0.0) + 1.0
        coeffs[whole] = coeffs.get(whole, 0.0) - 1.0
        self.row(coeffs, 0.0 if exact else -math.inf, 0.0)

    def minimum(self, cell: int) -> int:
        """The smallest integer value ``cell`` can take."""
        objective = np.zeros(len(self.truth))
        objective[cell] = 1.0
        found = milp(objective, **self._problem())
        return round(float(found.fun)) if found.status == 0 else 0

    def _problem(self) -> dict[str, object]:
        n = len(self.truth)
        matrix = np.zeros((len(self.rows), n))
        lo = np.zeros(len(self.rows))
        hi = np.zeros(len(self.rows))
        for r, (coeffs, a, b) in enumerate(self.rows):
            for c, v in coeffs.items():
                matrix[r, c] = v
            lo[r], hi[r] = a, b
        return {
            "constraints": [LinearConstraint(matrix, lo, hi)] if self.rows else [],
            "bounds": Bounds(np.array(self.lower), np.array(self.upper)),
            "integrality": np.ones(n),
        }

    def narrow(self, cells: Iterable[int], k: int, *, first: bool = False) -> list[int]:
        """The cells whose integer feasible range holds fewer than ``k`` integers (with
        ``first``, only the first found).

        Every feasible solution found widens the known range of every cell (the true values are
        one), so a few solutions of combined objectives (all cells up, all down, seeded mixes)
        settle most cells before each remaining one is maximised and minimised on its own.
        """
        cells = list(cells)
        n = len(self.truth)
        problem = self._problem()
        low = {c: self.truth[c] for c in cells}
        high = dict(low)

        def seen(x: np.ndarray) -> None:
            for c in cells:
                v = round(float(x[c]))
                low[c] = min(low[c], v)
                high[c] = max(high[c], v)

        def solve(objective: np.ndarray) -> None:
            found = milp(objective, **problem)
            if found.status == 0 and found.x is not None:
                seen(found.x)

        if cells:
            mixes = np.random.default_rng(0)
            for sign in (1.0, -1.0):
                objective = np.zeros(n)
                objective[cells] = sign
                solve(objective)
            for _ in range(4):
                objective = np.zeros(n)
                objective[cells] = mixes.choice([-1.0, 1.0], size=len(cells))
                solve(objective)
        failing = []
        for cell in cells:
            if self.upper[cell] - self.lower[cell] >= k - 1:
                for sign in (-1.0, 1.0):
                    if high[cell] - low[cell] >= k - 1:
                        break
                    objective = np.zeros(n)
                    objective[cell] = sign
                    solve(objective)
            if high[cell] - low[cell] < k - 1:
                failing.append(cell)
                if first:
                    break
        return failing
