"""Small-cell suppression for anything published.

A count is hidden (with its share, interval and difference) when it, or its complement within
its base, is between 1 and ``min_cell - 1``: "3 of 40" and "37 of 40" both single out three
alliances. Where the hidden cell could be recovered by subtraction from a published total (the
codes of a single choice add up to the base; a cross-tab row adds up to the option's count),
the smallest other cell of that line is hidden too, repeatedly, until every line with a hidden
cell has at least two. Questions with a base under ``min_cell`` show only their base; minimum
and maximum of numbers are never published (each is one respondent's answer).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeVar

from umfrage.analysis.results import (
    ComparedShare,
    Comparison,
    CrossTab,
    ItemResult,
    OptionResult,
    QuestionResult,
    RankedOption,
    Suppression,
    WaveResult,
)
from umfrage.analysis.types import named

NOTE = (
    "Zellen mit weniger als {k} Teilnehmenden (oder nur so wenigen, die anders antworteten) "
    "und, wo nötig, weitere Zellen sind ausgeblendet, damit kein einzelnes Bündnis erkennbar wird."
)


def is_small(count: int | None, base: int | None, k: int) -> bool:
    if count is None or base is None:
        return False
    return 0 < count < k or 0 < base - count < k


def suppress(result: WaveResult, min_cell: int) -> WaveResult:
    counter = [0]
    questions = tuple(_question(q, min_cell, counter) for q in result.questions)
    return replace(
        result,
        questions=questions,
        suppression=Suppression(min_cell, counter[0], NOTE.format(k=min_cell)),
    )


def _hide_option(option: Any) -> Any:
    fields: dict[str, Any] = {"count": None, "share": None, "ci": None, "suppressed": True}
    if isinstance(option, OptionResult):
        fields["weighted_count"] = None
    if isinstance(option, RankedOption):
        fields.update(first_count=None, first=None, first_ci=None, top=None, mean_rank=None)
    return replace(option, **fields)


def _options(
    options: tuple[Any, ...], base: int, k: int, exclusive: bool, counter: list[int]
) -> tuple[Any, ...]:
    counted = [o for o in options if not getattr(o, "excluded_from_base", False)]
    hidden = {o.code for o in counted if base < k or is_small(o.count, base, k)}
    if exclusive and len(hidden) == 1:
        rest = sorted((o for o in counted if o.code not in hidden), key=lambda o: o.count or 0)
        if rest:
            hidden.add(rest[0].code)
    found = []
    for option in options:
        if getattr(option, "excluded_from_base", False):
            small = 0 < (option.count or 0) < k
            found.append(_hide_option(option) if small else option)
            counter[0] += small
        elif option.code in hidden:
            found.append(_hide_option(option))
            counter[0] += 1
        elif isinstance(option, RankedOption) and is_small(option.first_count, base, k):
            found.append(replace(option, first_count=None, first=None, first_ci=None))
            counter[0] += 1
        else:
            found.append(option)
    return tuple(found)


def _comparison(comparison: Comparison | None, k: int, counter: list[int]) -> Comparison | None:
    if comparison is None:
        return None
    options = []
    for o in comparison.options:
        hide = (
            comparison.base < k
            or comparison.current_base < k
            or is_small(o.count, comparison.base, k)
            or is_small(o.current_count, comparison.current_base, k)
        )
        panel = o.panel
        if panel is not None and (
            panel.n < k or 0 < (panel.changed_to or 0) < k or 0 < (panel.changed_from or 0) < k
        ):
            panel = replace(
                panel,
                share=None,
                share_compare=None,
                changed_to=None,
                changed_from=None,
                p_value=None,
                significant=None,
                suppressed=True,
            )
        if hide:
            counter[0] += 1
            options.append(
                ComparedShare(
                    o.code,
                    o.label,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    o.current_codes,
                    panel,
                    suppressed=True,
                )
            )
        else:
            options.append(replace(o, panel=panel))
    hide_all = comparison.base < k or comparison.current_base < k
    return replace(
        comparison,
        options=tuple(options),
        distribution=None if hide_all else comparison.distribution,
        mean=None if hide_all else comparison.mean,
    )


def _crosstab(
    table: CrossTab | None, exclusive: bool, k: int, counter: list[int]
) -> CrossTab | None:
    if table is None:
        return None
    bases = [c.base or 0 for c in table.columns]
    counts = [list(row.counts) for row in table.rows]
    if table.rows and table.rows[0].means is not None:
        rows = tuple(
            replace(
                row,
                counts=tuple(None if 0 < (c or 0) < k else c for c in row.counts),
                means=tuple(
                    None if (c or 0) < k else m
                    for c, m in zip(row.counts, row.means or (), strict=True)
                ),
            )
            for row in table.rows
        )
        return replace(table, rows=rows)
    hidden = {
        (r, j)
        for r, row in enumerate(counts)
        for j, c in enumerate(row)
        if bases[j] < k or is_small(c, bases[j], k)
    }
    changed = True
    while changed:
        changed = False
        lines = [[(r, j) for j in range(len(bases))] for r in range(len(counts))]
        if exclusive:
            lines += [[(r, j) for r in range(len(counts))] for j in range(len(bases))]
        for line in lines:
            inside = [cell for cell in line if cell in hidden]
            if len(inside) == 1:
                rest = sorted(
                    (c for c in line if c not in hidden), key=lambda c: counts[c[0]][c[1]] or 0
                )
                if rest:
                    hidden.add(rest[0])
                    changed = True
    counter[0] += len(hidden)
    rows = tuple(
        replace(
            row,
            counts=tuple(None if (r, j) in hidden else c for j, c in enumerate(row.counts)),
            shares=tuple(None if (r, j) in hidden else s for j, s in enumerate(row.shares)),
        )
        for r, row in enumerate(table.rows)
    )
    columns = tuple(replace(c, suppressed=(c.base or 0) < k) for c in table.columns)
    return replace(table, rows=rows, columns=columns)


def _item(item: ItemResult, k: int, counter: list[int]) -> ItemResult:
    options = _options(item.options, item.base, k, True, counter)
    top2_count = round((item.top2 or 0) * item.base)
    hide_top = item.base < k or is_small(top2_count, item.base, k)
    return replace(
        item,
        options=options,
        mean=None if item.base < k else item.mean,
        top2=None if hide_top else item.top2,
        top2_ci=None if hide_top else item.top2_ci,
        suppressed=item.base < k,
        comparison=_comparison(item.comparison, k, counter),
        crosstab=_crosstab(item.crosstab, True, k, counter),
    )


Shown = TypeVar("Shown", OptionResult, RankedOption)


@dataclass(frozen=True)
class Cells:
    """What a type module's ``suppress_figures`` hides with: options (or categories) on a base
    and matrix items, every hidden cell counted for the note."""

    k: int
    counter: list[int]

    def options(self, options: tuple[Shown, ...], base: int, exclusive: bool) -> tuple[Shown, ...]:
        return _options(options, base, self.k, exclusive, self.counter)

    def item(self, item: ItemResult) -> ItemResult:
        return _item(item, self.k, self.counter)


def _question(q: QuestionResult, k: int, counter: list[int]) -> QuestionResult:
    small = q.base < k
    kind = named(q.type)
    exclusive = kind.OPTIONS_EXCLUSIVE
    changes: dict[str, Any] = {
        "comparison": _comparison(q.comparison, k, counter),
        "crosstab": _crosstab(q.crosstab, exclusive, k, counter),
        "suppressed": small,
    }
    changes.update(kind.suppress_figures(q, small, Cells(k, counter)))
    return replace(q, **changes)
