"""Multiple comparisons: the Benjamini-Hochberg adjustment of a wave's test families.

A comparison of two waves runs a test per option of every question (about 95 on the example),
so at p < 0.05 some differences are "significant" by chance alone. Each family of tests gets
its p values adjusted by Benjamini-Hochberg (the false discovery rate kept at 5 %); a test is
``secure`` when its adjusted p is below 0.05, and every German text that calls a difference
"statistisch gesichert" reads ``secure`` (``significant`` keeps meaning the unadjusted p < 0.05,
contracts.md §4). The families (docs/analysis.md, "Multiple comparisons"):

- **comparison**: every test of a difference between the two waves of ``--compare`` – the share
  tests (z or Fisher) of every option of every question and matrix item, the panel tests
  (McNemar), the distribution tests (Mann-Whitney) and the mean comparisons (Welch). Each is a
  claim "this changed between the waves", and all of them are printed with a verdict.
- **crosstab**: every test of a breakdown by ``--by`` – the test of a whole table (single
  choice, matrix item) and the test of each option row (multiple choice, ranking).

The adjustment walks the result's dataclasses without asking for a question's type: whatever
holds a comparison or a cross-tab test is found by the class of its test record.

The public copy (disclosure step) is adjusted again after suppression, over the p values it
publishes: a published adjusted p is then a function of published p values only, and says
nothing about the hidden ones (with all tests adjusted together, the rank of a hidden p among
the published ones would move the published adjusted values).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from umfrage.analysis import stats
from umfrage.analysis.results import (
    ComparedShare,
    CrossRow,
    CrossTab,
    DistributionTest,
    MeanComparison,
    PanelTest,
    WaveResult,
)

COMPARISON = "comparison"
CROSSTAB = "crosstab"
FAMILIES: dict[type, str] = {
    ComparedShare: COMPARISON,
    PanelTest: COMPARISON,
    DistributionTest: COMPARISON,
    MeanComparison: COMPARISON,
    CrossRow: CROSSTAB,
    CrossTab: CROSSTAB,
}
"""The test records and the family each belongs to; each has ``p_value``, ``p_adjusted`` and
``secure``."""

T = TypeVar("T")


def adjusted(result: WaveResult) -> WaveResult:
    """``result`` with ``p_adjusted`` and ``secure`` set on every test record (None where the
    record has no p value)."""
    found: dict[str, list[float]] = {COMPARISON: [], CROSSTAB: []}

    def collect(record: Any, family: str) -> Any:
        if record.p_value is not None:
            found[family].append(record.p_value)
        return record

    _rebuild(result, collect)
    values = {family: iter(stats.benjamini_hochberg(ps)) for family, ps in found.items()}

    def assign(record: Any, family: str) -> Any:
        if record.p_value is None:
            return dataclasses.replace(record, p_adjusted=None, secure=None)
        p = next(values[family])
        return dataclasses.replace(record, p_adjusted=p, secure=p < stats.ALPHA)

    return _rebuild(result, assign)


def family_sizes(result: WaveResult) -> dict[str, int]:
    """How many tests each family holds (the m of the adjustment, for the methods text)."""
    sizes = {COMPARISON: 0, CROSSTAB: 0}

    def count(record: Any, family: str) -> Any:
        if record.p_value is not None:
            sizes[family] += 1
        return record

    _rebuild(result, count)
    return sizes


def _rebuild(value: T, visit: Callable[[Any, str], Any]) -> T:
    """``value`` with each test record replaced by ``visit(record, family)``, depth first in
    field order (so two walks meet the records in the same order); unchanged parts are kept."""
    if isinstance(value, tuple):
        items = tuple(_rebuild(v, visit) for v in value)
        same = all(a is b for a, b in zip(items, value, strict=True))
        return value if same else type(value)(items)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        new = _rebuild(item, visit)
        if new is not item:
            changes[field.name] = new
    found: Any = dataclasses.replace(value, **changes) if changes else value
    family = FAMILIES.get(type(found))
    if family is not None:
        found = visit(found, family)
    return found
