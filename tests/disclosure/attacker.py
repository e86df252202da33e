"""An attacker on the published figures of a wave (issue 18), independent of the suppression code.

It reads only what a member of the public can read: the JSON of ``umfrage analyze --publish``
(with and without ``--by``, with a comparison wave), the public HTML report (the pages under
``/ergebnisse/`` show the same report) and the questionnaires (every participant sees them).
It imports nothing from ``umfrage.analysis.suppression`` or any other disclosure code.

Every count the figures are made of is one integer variable (a "cell"): the count of an option
in a wave, a base, the "asked", "not asked", "no answer" and "excluded" counts, a cross-tab
cell, a column base, the paired counts of a panel test. Every published number becomes a linear
constraint on those variables:

- a published count or base fixes its variable;
- a published share ``s`` with ``d`` decimals of a base ``B`` gives
  ``(s - h) * B <= count <= (s + h) * B`` with ``h`` half a unit of the last decimal (the JSON's
  full-precision floats get a tiny ``h``), linear even when the base is itself unknown;
- a mean ``m`` over coded answers (matrix items, ordinal single choices, the mean rank) gives
  ``(m - h) * B <= sum(code * count) <= (m + h) * B``;
- the codes of a single choice (and the items of a matrix, the "first rank" of a ranking) add
  up to the base; ``asked = base + excluded + no answer``; ``participants = asked + not asked``;
- a comparison's current count is the sum of this wave's counts of the merged codes (merged
  categories of a coded text: between the largest and the sum, an answer counts once), its
  other count is the compared wave's own count;
- a cross-tab cell is at most its column base and the row's count; a single choice's column
  adds up to the column base; the column bases add up to at most the question's base and each is
  at most the by-question's count of that code;
- a panel test's paired counts lie inside the counts of the two waves;
- a follow-up question's ``asked`` is the count of the answer that opens it (the questionnaire's
  ``if: {question: X, equals/in: …}``).

A cell the artifact *protects* is one it marks as hidden (``"suppressed": true`` or ``null`` in
the JSON, an en dash in the HTML). For each protected cell the attacker solves two integer
programs (``scipy.optimize.milp``): the smallest and the largest value the cell can take
consistently with everything published. **Pass criterion:** with threshold ``k`` every
protected cell's feasible range ``[lo, hi]`` holds at least ``k`` integers, ``hi - lo >= k - 1``
(the attacker cannot tell 0 from 4 when ``k = 5``). A cell that some artifact publishes as an
exact count (e.g. the compared wave's own report) is not protected and is not judged.
"""

from __future__ import annotations

import html as htmlmod
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

JSON_TOL = 1e-7
"""Half-width for the JSON's full-precision floats (shares, means)."""

Coeffs = dict[str, float]


@dataclass
class Finding:
    """A protected cell whose feasible range is narrower than the threshold."""

    cell: str
    lo: int
    hi: int
    where: str = ""

    def __str__(self) -> str:
        return f"{self.cell}: [{self.lo}, {self.hi}] {self.where}".rstrip()


@dataclass
class Model:
    """Integer cells, linear constraints on them, and which cells the artifacts protect."""

    upper: dict[str, int] = field(default_factory=dict)
    """Wave id -> an upper bound for every count of that wave (its participants)."""
    variables: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[Coeffs, float, float]] = field(default_factory=list)
    protected: dict[str, str] = field(default_factory=dict)
    """Protected cell -> where it was hidden (for the report)."""
    published: dict[str, float] = field(default_factory=dict)

    # -- building -------------------------------------------------------------------------
    def var(self, name: str) -> str:
        if name not in self.variables:
            self.variables[name] = len(self.variables)
        return name

    def constrain(self, coeffs: Mapping[str, float], lo: float, hi: float) -> None:
        clean = {self.var(k): float(v) for k, v in coeffs.items() if v != 0}
        if clean:
            self.rows.append((clean, lo, hi))

    def equal(self, coeffs: Mapping[str, float], value: float = 0.0) -> None:
        self.constrain(coeffs, value, value)

    def fix(self, name: str, value: float | None) -> None:
        if value is None:
            return
        self.equal({name: 1.0}, float(value))
        self.published[name] = float(value)

    def at_most(self, small: str, large: str) -> None:
        self.constrain({small: 1.0, large: -1.0}, -math.inf, 0.0)

    def total(self, parts: Iterable[str], whole: str, *, exact: bool = True) -> None:
        coeffs: Coeffs = {}
        for p in parts:
            coeffs[p] = coeffs.get(p, 0.0) + 1.0
        coeffs[whole] = coeffs.get(whole, 0.0) - 1.0
        self.constrain(coeffs, -math.inf if not exact else 0.0, 0.0)

    def share(self, count: str, base: str, value: float | None, half: float) -> None:
        """``value - half <= count / base <= value + half`` (linear in count and base)."""
        if value is None:
            return
        self.constrain({count: 1.0, base: -(value - half)}, 0.0, math.inf)
        self.constrain({count: 1.0, base: -(value + half)}, -math.inf, 0.0)

    def weighted_mean(
        self, parts: Mapping[str, float], base: str, value: float | None, half: float
    ) -> None:
        """``value ± half`` is the mean of codes: ``sum(code * count) / base``."""
        if value is None:
            return
        lower = dict(parts)
        lower[base] = lower.get(base, 0.0) - (value - half)
        upper = dict(parts)
        upper[base] = upper.get(base, 0.0) - (value + half)
        self.constrain(lower, 0.0, math.inf)
        self.constrain(upper, -math.inf, 0.0)

    def rounded(self, name: str, value: float, step: int, where: str, judge: bool = True) -> None:
        """A count published rounded to a multiple of ``step``: ``value ± (step - 1)``; judged
        like a protected cell (its range must hold ``step`` integers) unless ``judge`` is off."""
        self.constrain({name: 1.0}, value - (step - 1), value + (step - 1))
        if judge:
            self.protect(name, f"{where} (gerundet)")

    def protect(self, name: str, where: str) -> None:
        self.var(name)
        self.protected.setdefault(name, where)

    # -- solving --------------------------------------------------------------------------
    def _presolved(self, values: Mapping[str, float] | None = None) -> _Presolved:
        """Fix every variable an equality pins down, tighten bounds from one-variable rows,
        and split the rest into independent components (each solved on its own: fast)."""
        n = len(self.variables)
        lo = np.zeros(n)
        hi = np.full(n, float(max(self.upper.values(), default=10_000)))
        for name, index in self.variables.items():
            wave = name.split("|", 1)[0]
            if wave in self.upper:
                hi[index] = self.upper[wave]
        for name, value in (values or {}).items():
            if name in self.variables:
                lo[self.variables[name]] = hi[self.variables[name]] = value
        rows = [({self.variables[k]: v for k, v in c.items()}, a, b) for c, a, b in self.rows]
        changed = True
        while changed:
            changed = False
            for coeffs, a, b in rows:
                free = [i for i in coeffs if lo[i] != hi[i]]
                if len(free) != 1:
                    continue
                i = free[0]
                rest = sum(v * lo[j] for j, v in coeffs.items() if j != i)
                w = coeffs[i]
                bounds = sorted(((a - rest) / w, (b - rest) / w))
                new_lo = (
                    lo[i] if bounds[0] == -math.inf else max(lo[i], math.ceil(bounds[0] - 1e-6))
                )
                new_hi = (
                    hi[i] if bounds[1] == math.inf else min(hi[i], math.floor(bounds[1] + 1e-6))
                )
                if new_lo > new_hi:
                    return _Presolved(lo, hi, rows, [], False)
                if (new_lo, new_hi) != (lo[i], hi[i]):
                    lo[i], hi[i] = new_lo, new_hi
                    changed = True
        ok = True
        parent = list(range(n))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        live = []
        for coeffs, a, b in rows:
            free = [i for i in coeffs if lo[i] != hi[i]]
            if not free:
                total = sum(v * lo[j] for j, v in coeffs.items())
                if total < a - 1e-6 or total > b + 1e-6:
                    ok = False
                continue
            live.append((coeffs, a, b))
            for i in free[1:]:
                parent[root(i)] = root(free[0])
        groups: dict[int, list[int]] = {}
        for i in range(n):
            if lo[i] != hi[i]:
                groups.setdefault(root(i), []).append(i)
        return _Presolved(lo, hi, live, list(groups.values()), ok, root)

    def _solve(
        self, pre: _Presolved, members: list[int], objective: Mapping[int, float] | None
    ) -> np.ndarray | None:
        """Solve one component; ``objective`` None: any feasible point. Returns its x."""
        key = members[0]
        if key not in pre.component_rows:
            where = {v: j for j, v in enumerate(members)}
            inside = set(members)
            chosen = [r for r in pre.rows if any(i in inside for i in r[0])]
            a = lil_matrix((max(len(chosen), 1), len(members)))
            lbs = np.full(max(len(chosen), 1), -np.inf)
            ubs = np.full(max(len(chosen), 1), np.inf)
            for r, (coeffs, low, high) in enumerate(chosen):
                fixed = 0.0
                for i, v in coeffs.items():
                    if i in inside:
                        a[r, where[i]] += v
                    else:
                        fixed += v * pre.lo[i]
                lbs[r], ubs[r] = low - fixed, high - fixed
            pre.component_rows[key] = (
                where,
                LinearConstraint(a.tocsr(), lbs, ubs),
                Bounds(pre.lo[members], pre.hi[members]),
            )
        where, constraint, bounds = pre.component_rows[key]
        c = np.zeros(len(members))
        for i, v in (objective or {}).items():
            c[where[i]] = v
        res = milp(c, constraints=constraint, integrality=np.ones(len(members)), bounds=bounds)
        if res.status != 0 or res.x is None:
            return None
        return np.asarray(res.x)

    def ranges(
        self, cells: Iterable[str] | None = None, *, need: int | None = None
    ) -> dict[str, tuple[int, int]]:
        return {name: (lo, hi) for name, lo, hi in self.iter_ranges(cells, need=need)}

    def iter_ranges(
        self, cells: Iterable[str] | None = None, *, need: int | None = None
    ) -> Iterator[tuple[str, int, int]]:
        """Feasible integer range of each cell (the protected ones by default).

        With ``need`` (the threshold ``k``) the solver stops looking once a cell's values seen
        in solutions so far span ``need`` integers: such a cell's range is then reported as the
        span seen (at least ``need`` wide; its exact ends do not matter for the audit). Cells
        narrower than that always get their exact range. Raises ``Infeasible`` when the
        published numbers contradict the model (a parsing error).
        """
        names = list(self.protected if cells is None else cells)
        pre = self._presolved()
        if not pre.ok:
            raise Infeasible("the published figures contradict the model")
        component_of = {i: k for k, members in enumerate(pre.groups) for i in members}
        seen_lo: dict[int, float] = {}
        seen_hi: dict[int, float] = {}

        def solve(members: list[int], objective: Mapping[int, float], what: str) -> np.ndarray:
            x = self._solve(pre, members, objective)
            if x is None:
                raise Infeasible(f"no solution while bounding {what}")
            for j, v in zip(members, x, strict=True):
                r = round(float(v))
                seen_lo[j] = min(seen_lo.get(j, math.inf), r)
                seen_hi[j] = max(seen_hi.get(j, -math.inf), r)
            return x

        def wide(i: int) -> bool:
            return (
                need is not None
                and seen_hi.get(i, -math.inf) - seen_lo.get(i, math.inf) >= need - 1
            )

        indices = {n: self.variables[n] for n in names}
        if need is not None:
            # Two solves per component (all its cells low, all high) settle most wide cells.
            by_component: dict[int, list[int]] = {}
            for i in indices.values():
                if pre.lo[i] != pre.hi[i]:
                    by_component.setdefault(component_of[i], []).append(i)
            for k, cells_in in by_component.items():
                for sign in (1.0, -1.0):
                    solve(pre.groups[k], dict.fromkeys(cells_in, sign), "a component")
        for name, i in indices.items():
            if pre.lo[i] == pre.hi[i]:
                yield name, int(pre.lo[i]), int(pre.hi[i])
                continue
            members = pre.groups[component_of[i]]
            ends: dict[float, int] = {}
            for sign in (1.0, -1.0):
                if wide(i):
                    break
                x = solve(members, {i: sign}, name)
                ends[sign] = round(float(x[members.index(i)]))
            if wide(i):
                yield name, int(seen_lo[i]), int(seen_hi[i])
            else:
                yield name, ends[1.0], ends[-1.0]

    def feasible(self, values: Mapping[str, float] | None = None) -> bool:
        """Whether the model (with ``values`` fixed in addition) has an integer solution."""
        pre = self._presolved(values)
        if not pre.ok:
            return False
        return all(self._solve(pre, members, None) is not None for members in pre.groups)

    def audit(self, k: int, *, limit: int | None = None) -> list[Finding]:
        """Every protected cell whose feasible range holds fewer than ``k`` integers (the first
        ``limit`` of them when given: enough to fail a test without solving everything)."""
        judged = sorted(c for c in self.protected if c not in self.published)
        findings = []
        for cell_name, lo, hi in self.iter_ranges(judged, need=k):
            if hi - lo < k - 1:
                findings.append(Finding(cell_name, lo, hi, self.protected[cell_name]))
                if limit is not None and len(findings) >= limit:
                    break
        return findings


@dataclass
class _Presolved:
    lo: np.ndarray
    hi: np.ndarray
    rows: list[tuple[dict[int, float], float, float]]
    groups: list[list[int]]
    ok: bool
    root: Any = None
    component_rows: dict[int, Any] = field(default_factory=dict)


class Infeasible(RuntimeError):
    """The published numbers contradict the model: the parser or a constraint is wrong."""


# -- naming ---------------------------------------------------------------------------------
def cell(wave: str, qid: str, *rest: str) -> str:
    return "|".join((wave, qid, *rest))


def numeric_code(code: str) -> float | None:
    try:
        return float(code)
    except ValueError:
        return None


# -- the public JSON ------------------------------------------------------------------------
def add_json(
    model: Model, doc: Mapping[str, Any], questionnaires: Mapping[str, Any] | None = None
) -> None:
    """Every number of one ``umfrage analyze --publish --format json`` document."""
    wave = str(doc["wave"])
    compare = doc.get("compare")
    model.upper[wave] = int(doc["n"])
    model.fix(f"{wave}|n", doc["n"])
    if compare is not None and doc.get("n_compare") is not None:
        model.upper[str(compare)] = int(doc["n_compare"])
        model.fix(f"{compare}|n", doc["n_compare"])
    weighted = bool(doc.get("weighted"))
    by = doc.get("by")
    for q in doc.get("questions", ()):
        _json_question(model, wave, q, weighted, by, questionnaires or {})


def _half(weighted: bool) -> float | None:
    return None if weighted else JSON_TOL


def _json_question(
    model: Model,
    wave: str,
    q: Mapping[str, Any],
    weighted: bool,
    by: str | None,
    qs: Mapping[str, Any],
) -> None:
    qid = q["id"]
    kind = q["type"]
    c = lambda *rest: cell(wave, qid, *rest)  # noqa: E731
    where = f"JSON {wave} {qid}"
    for key in ("base", "asked", "not_asked", "no_answer", "excluded"):
        model.fix(c(key), q.get(key))
    model.total([c("asked"), c("not_asked")], f"{wave}|n")
    model.total([c("base"), c("excluded"), c("no_answer")], c("asked"))
    if kind == "text":
        model.fix(c("base"), q.get("answered"))
        if q.get("coded") is not None:
            model.fix(c("coded"), q.get("coded"))
        model.at_most(c("coded"), c("base"))
        _json_options(
            model, wave, qid, q.get("categories") or (), c("coded"), False, weighted, where, "cat"
        )
    if q.get("options") is not None and kind in ("single", "multi"):
        _json_options(
            model, wave, qid, q["options"], c("base"), kind == "single", weighted, where, "count"
        )
        _unlisted_excluded(model, wave, qid, q["options"], qs, where)
        if kind == "single" and q.get("mean") is not None and not weighted:
            parts = {
                c("count", o["code"]): numeric_code(o["code"]) or 0.0
                for o in q["options"]
                if not o.get("excluded_from_base") and numeric_code(o["code"]) is not None
            }
            model.weighted_mean(parts, c("base"), q["mean"], JSON_TOL)
    if kind == "ranking":
        _json_ranking(model, wave, qid, q, weighted, where)
    for item in q.get("items") or ():
        iq = f"{qid}.{item['code']}"
        ic = lambda *rest, iq=iq: cell(wave, iq, *rest)  # noqa: E731
        model.fix(ic("base"), item.get("base"))
        model.fix(ic("asked"), item.get("asked"))
        model.at_most(ic("asked"), c("asked"))
        model.at_most(ic("base"), c("base"))
        _json_options(
            model,
            wave,
            iq,
            item["options"],
            ic("base"),
            True,
            weighted,
            f"JSON {wave} {iq}",
            "count",
        )
        if not weighted:
            model.total([ic("count", o["code"]) for o in item["options"]], ic("asked"))
            parts = {
                ic("count", o["code"]): numeric_code(o["code"]) or 0.0
                for o in item["options"]
                if not o.get("excluded_from_base") and numeric_code(o["code"]) is not None
            }
            model.weighted_mean(parts, ic("base"), item.get("mean"), JSON_TOL)
            top = [ic("count", o["code"]) for o in item["options"] if o["code"] in ("1", "2")]
            if item.get("top2") is not None and top:
                model.constrain(
                    {**{t: 1.0 for t in top}, ic("base"): -(item["top2"] - JSON_TOL)}, 0.0, math.inf
                )
                model.constrain(
                    {**{t: 1.0 for t in top}, ic("base"): -(item["top2"] + JSON_TOL)},
                    -math.inf,
                    0.0,
                )
        if item.get("comparison"):
            _json_comparison(model, wave, iq, item["comparison"], True, weighted, qs, item_of=qid)
        if item.get("crosstab"):
            _json_crosstab(model, wave, iq, item["crosstab"], True, weighted)
    if q.get("comparison"):
        _json_comparison(
            model,
            wave,
            qid,
            q["comparison"],
            kind == "single",
            weighted,
            qs,
            prefix="cat" if kind == "text" else "count",
        )
    if q.get("crosstab"):
        _json_crosstab(
            model, wave, qid, q["crosstab"], kind == "single", weighted, number=kind == "number"
        )


def _json_options(
    model: Model,
    wave: str,
    qid: str,
    options: Iterable[Mapping[str, Any]],
    base: str,
    exclusive: bool,
    weighted: bool,
    where: str,
    what: str,
) -> None:
    counted = []
    excluded = []
    for o in options:
        name = cell(wave, qid, what, str(o["code"]))
        model.var(name)
        if o.get("excluded_from_base"):
            excluded.append(name)
        else:
            counted.append(name)
            model.at_most(name, base)
        if o.get("count") is None:
            model.protect(name, f"{where} {o['code']}")
        else:
            model.fix(name, o["count"])
        if not weighted and not o.get("excluded_from_base"):
            model.share(name, base, o.get("share"), JSON_TOL)
    if exclusive and counted:
        model.total(counted, base)
    if excluded and what == "count" and "." not in qid:
        model.total(excluded, cell(wave, qid, "excluded"))


def _unlisted_excluded(
    model: Model,
    wave: str,
    qid: str,
    options: Iterable[Mapping[str, Any]],
    qs: Mapping[str, Any],
    where: str,
) -> None:
    """Answers kept out of the base ("kann ich nicht beurteilen") that the questionnaire has but
    the JSON does not list: the attacker still knows they exist, so each is a hidden cell, and
    together they are the question's ``excluded`` count (``asked = base + excluded + no
    answer``)."""
    question = find_question(qs.get(wave), qid)
    if question is None:
        return
    listed = {str(o["code"]) for o in options}
    unlisted = [
        cell(wave, qid, "count", str(o.code))
        for o in getattr(question, "options", ()) or ()
        if getattr(o, "exclude_from_base", False) and str(o.code) not in listed
    ]
    for name in unlisted:
        model.protect(name, f"{where} {name.rsplit('|', 1)[-1]} (nicht aufgeführt)")
    if unlisted and not any(o.get("excluded_from_base") for o in options):
        model.total(unlisted, cell(wave, qid, "excluded"))


def _json_ranking(
    model: Model, wave: str, qid: str, q: Mapping[str, Any], weighted: bool, where: str
) -> None:
    c = lambda *rest: cell(wave, qid, *rest)  # noqa: E731
    options = q.get("options") or ()
    positions = max(len(options), 1)
    firsts = []
    for o in options:
        code = str(o["code"])
        top, first = c("count", code), c("first", code)
        firsts.append(first)
        model.at_most(top, c("base"))
        model.at_most(first, top)
        if o.get("count") is None:
            model.protect(top, f"{where} {code}")
        else:
            model.fix(top, o["count"])
        if o.get("first_count") is None:
            model.protect(first, f"{where} {code} Rang 1")
        else:
            model.fix(first, o["first_count"])
        if weighted:
            continue
        model.share(top, c("base"), o.get("share", o.get("top")), JSON_TOL)
        model.share(first, c("base"), o.get("first"), JSON_TOL)
        ranks = [first] + [c(f"rank{r}", code) for r in range(2, positions + 1)]
        model.total(ranks, top)
        if o.get("mean_rank") is not None:
            model.weighted_mean(
                {r: float(i) for i, r in enumerate(ranks, start=1)}, top, o["mean_rank"], JSON_TOL
            )
    if firsts:
        model.total(firsts, c("base"))
    for r in range(2, positions + 1):
        model.total([c(f"rank{r}", str(o["code"])) for o in options], c("base"), exact=False)


def earlier_id(qs: Mapping[str, Any], wave: str, qid: str, compare: str) -> str:
    """The compared wave's id of a question (the questionnaire's ``compare: question:``)."""
    questionnaire = qs.get(wave)
    base, _, item = qid.partition(".")
    if questionnaire is not None:
        for section in questionnaire.sections:
            for question in section.questions:
                if question.id == base:
                    found = question.comparison_with(compare)
                    if found is not None and found.question:
                        return found.question + (f".{item}" if item else "")
    return qid


def _json_comparison(
    model: Model,
    wave: str,
    qid: str,
    comparison: Mapping[str, Any],
    exclusive: bool,
    weighted: bool,
    qs: Mapping[str, Any],
    item_of: str | None = None,
    prefix: str = "count",
) -> None:
    """``prefix``: the cells of the question's own table the rows are made of ("cat" for a
    coded text's categories, whose comparison rows are its category cells)."""
    other = str(comparison["wave"])
    old = earlier_id(qs, wave, qid, other)
    cur = lambda *rest: cell(wave, qid, "cmp", other, *rest)  # noqa: E731
    model.fix(cur("base"), comparison.get("current_base"))
    model.fix(cell(other, old, "cmpbase", wave), comparison.get("base"))
    model.at_most(cur("base"), cell(wave, qid, "base"))
    current_counts = []
    old_counts = []
    for o in comparison.get("options") or ():
        code = str(o["code"])
        mine = cur("count", code)
        theirs = cell(other, old, prefix, code)
        current_counts.append(mine)
        old_counts.append(theirs)
        codes = o.get("current_codes") or [code]
        parts = [cell(wave, qid, prefix, x) for x in codes]
        if prefix == "cat" and len(parts) > 1:
            # Merged categories of a text count an answer once, however many it carries:
            # the merged count lies between the largest part and the sum of the parts.
            for part in parts:
                model.at_most(part, mine)
            model.constrain({**dict.fromkeys(parts, 1.0), mine: -1.0}, 0.0, math.inf)
        else:
            model.total(parts, mine)
        model.at_most(mine, cur("base"))
        model.at_most(theirs, cell(other, old, "cmpbase", wave))
        where = f"JSON {wave} {qid} Vergleich {other} {code}"
        if o.get("current_count") is None and o.get("current_share") is None:
            model.protect(mine, where)
        if o.get("count") is None and o.get("share") is None:
            model.protect(theirs, where)
        model.fix(mine, o.get("current_count"))
        model.fix(theirs, o.get("count"))
        if not weighted:
            model.share(mine, cur("base"), o.get("current_share"), JSON_TOL)
            model.share(theirs, cell(other, old, "cmpbase", wave), o.get("share"), JSON_TOL)
            diff = o.get("diff")
            if diff is not None and o.get("current_share") is None:
                # Only the difference is left: with both bases known it bounds the pair.
                pass
        panel = o.get("panel")
        if panel and not panel.get("suppressed") and panel.get("n") is not None:
            _json_panel(model, wave, qid, other, old, code, panel, mine, theirs)
    if exclusive and current_counts:
        model.total(current_counts, cur("base"))
        model.total(old_counts, cell(other, old, "cmpbase", wave))
    if comparison.get("panel_n") is not None:
        model.fix(cur("panel_n"), comparison["panel_n"])


def _json_panel(
    model: Model,
    wave: str,
    qid: str,
    other: str,
    old: str,
    code: str,
    panel: Mapping[str, Any],
    mine: str,
    theirs: str,
) -> None:
    p = lambda *rest: cell(wave, qid, "panel", other, code, *rest)  # noqa: E731
    model.fix(p("n"), panel["n"])
    model.at_most(p("n"), cell(wave, qid, "cmp", other, "base"))
    model.at_most(p("n"), cell(other, old, "cmpbase", wave))
    model.share(p("now"), p("n"), panel.get("share"), JSON_TOL)
    model.share(p("then"), p("n"), panel.get("share_compare"), JSON_TOL)
    model.fix(p("to"), panel.get("changed_to"))
    model.fix(p("from"), panel.get("changed_from"))
    # now - then = (moved to the option) - (moved away from it); both at most the pairs.
    model.equal({p("now"): 1.0, p("then"): -1.0, p("to"): -1.0, p("from"): 1.0})
    model.at_most(p("to"), p("now"))
    model.at_most(p("from"), p("then"))
    # The panel is a part of each wave's base: its option count sits inside the wave's.
    model.at_most(p("now"), mine)
    model.at_most(p("then"), theirs)
    model.constrain(
        {p("n"): 1.0, p("now"): -1.0, cell(wave, qid, "cmp", other, "base"): -1.0, mine: 1.0},
        -math.inf,
        0.0,
    )
    model.constrain(
        {p("n"): 1.0, p("then"): -1.0, cell(other, old, "cmpbase", wave): -1.0, theirs: 1.0},
        -math.inf,
        0.0,
    )


def _json_crosstab(
    model: Model,
    wave: str,
    qid: str,
    table: Mapping[str, Any],
    exclusive: bool,
    weighted: bool,
    number: bool = False,
) -> None:
    by = str(table["by"])
    columns = table.get("columns") or ()
    step = int(table.get("rounded") or 0)
    rounded_columns = set(table.get("rounded_columns") or ())
    bases = []
    zero_columns = set()
    for column in columns:
        b = str(column["code"])
        base = cell(wave, qid, "by", by, b, "base")
        bases.append(base)
        where = f"JSON {wave} {qid} nach {by}={b} Basis"
        if step and b in rounded_columns and column.get("base") is not None:
            model.rounded(base, column["base"], step, where)
        else:
            model.fix(base, column.get("base"))
            if column.get("base") == 0 or model.published.get(cell(wave, by, "count", b)) == 0:
                zero_columns.add(b)
        if column.get("base") is None:
            model.protect(base, where)
        model.at_most(base, cell(wave, by, "count", b))
    if bases:
        model.total(bases, cell(wave, qid, "base"), exact=False)
    column_cells: dict[int, list[str]] = {j: [] for j in range(len(columns))}
    for row in table.get("rows") or ():
        code = str(row["code"])
        counts = row.get("counts") or ()
        shares = row.get("shares") or ()
        row_cells = []
        row_count = cell(wave, qid, "count", code)
        for j, column in enumerate(columns):
            b = str(column["code"])
            name = cell(wave, qid, "by", by, b, "count", code)
            row_cells.append(name)
            column_cells[j].append(name)
            count = counts[j] if j < len(counts) else None
            where = f"JSON {wave} {qid} nach {by}={b} {code}"
            model.at_most(name, bases[j])
            if step and count is not None:
                # A rounded count r: the true count lies in r - (k - 1) ... r + (k - 1). Shares
                # are those of the rounded figures and add nothing. A zero every reader knows
                # (its row or column is published as 0) is not judged.
                zero = b in zero_columns or model.published.get(row_count) == 0
                model.rounded(name, count, step, where, judge=not zero)
                continue
            if count is None:
                model.protect(name, where)
            model.fix(name, count)
            if number:
                continue
            if not weighted and j < len(shares):
                model.share(name, bases[j], shares[j], JSON_TOL)
        if not number:
            model.total(row_cells, cell(wave, qid, "count", code), exact=False)
        else:
            model.total(row_cells, cell(wave, qid, "base"), exact=False)
    if exclusive and not number:
        for j, names in column_cells.items():
            model.total(names, bases[j])


# -- the questionnaire ----------------------------------------------------------------------
def add_questionnaire(model: Model, wave: str, questionnaire: Any) -> None:
    """Follow-up questions: how many were asked is the count of the answer that opens them."""
    for section in questionnaire.sections:
        if section.condition is not None:
            continue
        for question in section.questions:
            cond = question.condition
            if cond is None or cond.question is None:
                continue
            parent = next(
                (q for s in questionnaire.sections for q in s.questions if q.id == cond.question),
                None,
            )
            if parent is None or parent.condition is not None:
                continue
            codes: list[str] = []
            if cond.equals is not None and getattr(parent, "splits_results", False):
                codes = [str(cond.equals)]
            elif cond.in_ is not None and getattr(parent, "splits_results", False):
                codes = [str(x) for x in cond.in_]
            elif cond.contains is not None and getattr(parent, "type", "") == "multi":
                codes = [str(cond.contains)]
            if not codes:
                continue
            model.equal(
                {
                    **{cell(wave, parent.id, "count", x): 1.0 for x in codes},
                    cell(wave, question.id, "asked"): -1.0,
                }
            )


# -- the public HTML report -----------------------------------------------------------------
DASHES = {"–", "—", "-", "·", "x", "X", "", "."}
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


def clean_text(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)
    return SPACES.sub(" ", htmlmod.unescape(text)).strip()


def parse_number(text: str) -> tuple[float, float] | None:
    """German number → (value, half a unit of its last decimal); None for a hidden marker."""
    t = (
        clean_text(text)
        .replace("−", "-")
        .replace("±", "")
        .replace("+", "")
        .replace("%", "")
        .strip()
    )
    if t in DASHES or not re.fullmatch(r"-?[\d.]*\d(,\d+)?", t):
        return None
    whole, _, decimals = t.partition(",")
    value = float(whole.replace(".", "") + ("." + decimals if decimals else ""))
    return value, 0.5 * 10 ** (-len(decimals))


def is_hidden(text: str) -> bool:
    return clean_text(text) in DASHES


@dataclass
class HtmlTable:
    caption: str
    header: list[str]
    rows: list[tuple[str, list[str]]]


def html_articles(document: str) -> dict[str, tuple[str, list[HtmlTable], str]]:
    """Question id -> (meta line, tables, the rest of the text) of the report's articles."""
    found = {}
    for m in re.finditer(
        r'<article class="question" id="frage-([^"]+)"(.*?)</article>', document, re.S
    ):
        body = re.sub(r"<svg.*?</svg>", "", m.group(2), flags=re.S)
        meta = re.search(r'<p class="meta">(.*?)</p>', body, re.S)
        tables = []
        for t in re.finditer(r"<table>(.*?)</table>", body, re.S):
            inner = t.group(1)
            caption = re.search(r"<caption[^>]*>(.*?)</caption>", inner, re.S)
            header = [clean_text(h) for h in re.findall(r'<th scope="col">(.*?)</th>', inner, re.S)]
            rows = []
            for r in re.finditer(
                r"<tr>(.*?)</tr>",
                re.search(r"<tbody>(.*?)</tbody>", inner, re.S).group(1)
                if "<tbody>" in inner
                else "",
                re.S,
            ):
                label = re.search(r'<th scope="row">(.*?)</th>', r.group(1), re.S)
                cells = re.findall(r"<td[^>]*>(.*?)</td>", r.group(1), re.S)
                rows.append((clean_text(label.group(1)) if label else "", cells))
            tables.append(HtmlTable(clean_text(caption.group(1)) if caption else "", header, rows))
        found[m.group(1)] = (
            clean_text(meta.group(1)) if meta else "",
            tables,
            clean_text(re.sub(r"<table>.*?</table>", "", body, flags=re.S)),
        )
    return found


def find_question(questionnaire: Any, qid: str) -> Any:
    if questionnaire is None:
        return None
    for section in questionnaire.sections:
        for q in section.questions:
            if q.id == qid:
                return q
    return None


def _labels(questionnaire: Any, qid: str) -> tuple[dict[str, str], dict[str, str]]:
    """Option labels -> codes and item labels -> codes of one question."""
    for section in questionnaire.sections:
        for q in section.questions:
            if q.id == qid:
                options = {clean_text(o.label): o.code for o in getattr(q, "options", ()) or ()}
                for o in getattr(q, "scale", ()) or ():
                    options[clean_text(o.label)] = o.code
                categories = getattr(q, "categories", None) or ()
                for o in categories:
                    options.setdefault(clean_text(getattr(o, "label", "")), getattr(o, "code", ""))
                items = {clean_text(i.label): i.code for i in getattr(q, "items", ()) or ()}
                return options, items
    return {}, {}


def _code(labels: Mapping[str, str], label: str) -> str | None:
    label = label.replace(" (nicht in der Basis)", "")
    return labels.get(label)


def add_html(
    model: Model,
    document: str,
    wave: str,
    questionnaires: Mapping[str, Any],
    compare: str | None = None,
) -> None:
    """Every number of the public HTML report of ``wave`` (compared with ``compare``)."""
    participants = re.search(r'<p class="facts">([\d.\s\u00a0]+) Teilnehmende', document)
    if participants:
        value = parse_number(participants.group(1))
        if value:
            model.fix(f"{wave}|n", value[0])
            model.upper.setdefault(wave, int(value[0]))
    if compare:
        other = re.search(r"<dt>Vergleichswelle</dt><dd>.*? mit ([\d.]+) Teilnehmenden", document)
        if other:
            value = parse_number(other.group(1))
            if value:
                model.fix(f"{compare}|n", value[0])
                model.upper.setdefault(compare, int(value[0]))
    questionnaire = questionnaires.get(wave)
    earlier = questionnaires.get(compare) if compare else None
    for qid, (meta, tables, rest) in html_articles(document).items():
        c = lambda *r, qid=qid: cell(wave, qid, *r)  # noqa: E731
        where = f"HTML {wave} {qid}"
        m = re.search(r"Basis ([\d.]+)", meta)
        if m:
            model.fix(c("base"), parse_number(m.group(1))[0])  # type: ignore[index]
        not_asked = re.search(r"([\d.]+) nicht gefragt", meta)
        no_answer = re.search(r"([\d.]+) ohne Antwort", meta)
        model.fix(c("not_asked"), parse_number(not_asked.group(1))[0] if not_asked else 0)  # type: ignore[index]
        model.fix(c("no_answer"), parse_number(no_answer.group(1))[0] if no_answer else 0)  # type: ignore[index]
        model.total([c("asked"), c("not_asked")], f"{wave}|n")
        model.total([c("base"), c("excluded"), c("no_answer")], c("asked"))
        answered = re.search(r"([\d.]+) Antworten(?:, davon ([\d.]+) codiert)?", rest)
        if answered:
            model.fix(c("base"), parse_number(answered.group(1))[0])  # type: ignore[index]
            if answered.group(2):
                model.fix(c("coded"), parse_number(answered.group(2))[0])  # type: ignore[index]
        options, items = _labels(questionnaire, qid) if questionnaire is not None else ({}, {})
        old_options = {}
        if earlier is not None:
            old_options, _ = _labels(earlier, earlier_id(questionnaires, wave, qid, compare or ""))
        for table in tables:
            _html_table(
                model, wave, qid, table, options, items, old_options, compare, questionnaires, where
            )


def _html_table(
    model: Model,
    wave: str,
    qid: str,
    table: HtmlTable,
    options: Mapping[str, str],
    items: Mapping[str, str],
    old_options: Mapping[str, str],
    compare: str | None,
    qs: Mapping[str, Any],
    where: str,
) -> None:
    c = lambda *r: cell(wave, qid, *r)  # noqa: E731
    head = table.header
    caption = table.caption
    if " nach „" in caption:
        return _html_crosstab(model, wave, qid, table, options, where)
    if "Vergleich" in caption and compare and len(head) >= 3:
        other = compare
        old = earlier_id(qs, wave, qid, other)
        m = re.search(r"\(Basis ([\d.]+)\) mit \S+ \(Basis ([\d.]+)\)", caption)
        cur_base = cell(wave, qid, "cmp", other, "base")
        old_base = cell(other, old, "cmpbase", wave)
        if m:
            model.fix(cur_base, parse_number(m.group(1))[0])  # type: ignore[index]
            model.fix(old_base, parse_number(m.group(2))[0])  # type: ignore[index]
        question = find_question(qs.get(wave), qid)
        recode = question.comparison_with(other) if question is not None else None
        own_codes = list(options.values())
        exclusive = question is not None and getattr(question, "type", "") == "single"
        mine_all, theirs_all = [], []
        for label, cells in table.rows:
            code = _code(old_options, label) or _code(options, label)
            if code is None:
                continue
            mine = cell(wave, qid, "cmp", other, "count", code)
            theirs = cell(other, old, "count", code)
            mine_all.append(mine)
            theirs_all.append(theirs)
            merged = [x for x in own_codes if (recode.map_code(x) if recode else x) == code]
            if merged:
                model.total([cell(wave, qid, "count", x) for x in merged], mine)
            model.at_most(mine, cur_base)
            model.at_most(theirs, old_base)
            for name, text, base in ((mine, cells[0], cur_base), (theirs, cells[1], old_base)):
                v = parse_number(text)
                if v is None:
                    model.protect(name, f"{where} Vergleich {code}")
                else:
                    model.share(name, base, v[0] / 100, v[1] / 100)
        if exclusive and mine_all:
            model.total(mine_all, cur_base)
            model.total(theirs_all, old_base)
        return
    if head[:2] == ["Antwort", "Anzahl"] or head[:2] == ["Kategorie", "Anzahl"]:
        what = "cat" if head[0] == "Kategorie" else "count"
        base = c("coded") if what == "cat" else c("base")
        question = find_question(qs.get(wave), qid)
        exclusive = what == "count" and getattr(question, "type", "") == "single"
        counted, excluded_cells = [], []
        for label, cells in table.rows:
            code = _code(options, label)
            if code is None:
                continue
            name = c(what, code)
            count = parse_number(cells[0])
            share = parse_number(cells[1]) if len(cells) > 1 else None
            excluded = "(nicht in der Basis)" in label
            (excluded_cells if excluded else counted).append(name)
            if not excluded:
                model.at_most(name, base)
            if count is None and share is None:
                model.protect(name, f"{where} {code}")
            if count is not None:
                model.fix(name, count[0])
            if share is not None and not excluded:
                model.share(name, base, share[0] / 100, share[1] / 100)
        if exclusive and counted:
            model.total(counted, base)
            model.total(excluded_cells, c("excluded"))
        return
    if head[:2] == ["Bereich", "Basis"]:
        scale = head[2:-1] if head[-1] == "Mittelwert" else head[2:]
        for label, cells in table.rows:
            item = items.get(label)
            if item is None:
                continue
            iq = f"{qid}.{item}"
            ib = cell(wave, iq, "base")
            b = parse_number(cells[0])
            if b is not None:
                model.fix(ib, b[0])
            parts: dict[str, float] = {}
            for j, scale_label in enumerate(scale):
                code = options.get(scale_label)
                if code is None:
                    continue
                name = cell(wave, iq, "count", code)
                v = parse_number(cells[1 + j])
                if v is None:
                    model.protect(name, f"{where} {item} {code}")
                else:
                    model.share(name, ib, v[0] / 100, v[1] / 100)
                if numeric_code(code) is not None:
                    parts[name] = numeric_code(code) or 0.0
            if head[-1] == "Mittelwert":
                mean = parse_number(cells[-1])
                if mean is not None:
                    model.weighted_mean(parts, ib, mean[0], mean[1])
            model.total(list(parts), ib)
        return
    if head[:2] == ["Antwort", "unter den wichtigsten"]:
        for label, cells in table.rows:
            code = _code(options, label)
            if code is None:
                continue
            for name, text in ((c("count", code), cells[0]), (c("first", code), cells[1])):
                v = parse_number(text)
                if v is None:
                    model.protect(name, f"{where} {code}")
                else:
                    model.share(name, c("base"), v[0] / 100, v[1] / 100)
        return
    return None


def _html_crosstab(
    model: Model, wave: str, qid: str, table: HtmlTable, options: Mapping[str, str], where: str
) -> None:
    by_match = re.search(r"nach „(.*?)“", table.caption)
    if by_match is None:
        return
    by = table.caption  # the by-question is named by its text; keep cells local to this table
    step_match = re.search(r"Werte auf Vielfache von (\d+) gerundet", table.caption)
    step = int(step_match.group(1)) if step_match else 0
    bases = []
    base_values = []
    for head in table.header[1:]:
        m = re.search(r"(.*) \(Basis (ca\. )?([\d.]+|–)\*?\)", head)
        if m is None:
            bases.append(None)
            base_values.append(None)
            continue
        name = cell(wave, qid, "htmlby", by, m.group(1), "base")
        v = parse_number(m.group(3))
        if v is None:
            model.protect(name, f"{where} Spalte {m.group(1)}")
        elif m.group(2):
            model.rounded(name, v[0], step, f"{where} Spalte {m.group(1)}")
        else:
            model.fix(name, v[0])
        bases.append((m.group(1), name))
        base_values.append(None if v is None else (v[0], bool(m.group(2))))
    for label, cells in table.rows:
        code = _code(options, label)
        if code is None:
            continue
        for j, col in enumerate(bases):
            if col is None or j >= len(cells):
                continue
            name = cell(wave, qid, "htmlby", by, col[0], "count", code)
            model.at_most(name, col[1])
            v = parse_number(cells[j])
            shown_base = base_values[j]
            if step and shown_base is not None:
                if v is None or not shown_base[0]:
                    # No share of a base shown as 0: exact 0 is a known zero, a rounded 0 is
                    # a column of 0 ... k - 1 whose cells are bounded by it.
                    if shown_base[1]:
                        model.protect(name, f"{where} nach {col[0]} {code} (gerundet)")
                    continue
                model.rounded(
                    name,
                    round(v[0] / 100 * shown_base[0]),
                    step,
                    f"{where} nach {col[0]} {code}",
                )
                continue
            if v is None:
                model.protect(name, f"{where} nach {col[0]} {code}")
            else:
                model.share(name, col[1], v[0] / 100, v[1] / 100)
