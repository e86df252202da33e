"""The disclosure step: a wave's complete results in, a protected copy and a record out.

Every number a public artifact shows comes from the :class:`WaveResult` this step returns (the
public JSON, the public report in HTML and PDF, the public pages under ``/ergebnisse/``), so
deciding them here, together, is deciding them everywhere. What it does, per question:

1. **Question table.** A count of 1 to ``k - 1`` (or whose complement in its base is) is hidden
   (primary). Options that exclude each other add up to the published base, so further cells are
   hidden until every hidden cell's feasible interval, computed by LP, is at least ``k`` wide
   (:mod:`.lines`). A question (or matrix item) with a base under ``k`` is not published at
   all: its base alone would bound every cell of it below ``k``.
   Answers kept out of the base ("kann ich nicht beurteilen") are listed only when none of them
   is small; otherwise neither they nor the missing answers are given (only their sum shows),
   because the wave's size minus the base minus the missing answers would give them back. Where
   that sum (asked minus base) is under ``k - 1`` it would still pin them: the question is
   withheld (a matrix item is left out, see ``_narrow_items``).
2. **Follow-ups.** A question shown only after certain answers reveals how many gave them (its
   asked and not-asked counts, its base). It is withheld entirely when its condition refers to a
   question with a hidden or withheld figure (for a plain ``equals``/``in``/``contains`` on one
   question: a hidden cell among the codes named), or when its asked or not-asked count is small.
3. **Derived figures follow their cells.** Shares, intervals, weighted counts of hidden cells are
   hidden; a mean of a scale (single choice, matrix item) with a hidden cell is hidden (at full
   precision it pins the cells); a top-2 share is published only if it holds all or none of the
   hidden cells; ranking: the first-place counts add up to the base and are a line of their own.
4. **Comparison.** The compared wave's question table is protected by the same rules on its own
   (so its own public report hides the same cells). A comparison row shows a wave's cell only if
   that cell is published in that wave's table; its difference, test and panel test only when
   both are. When a wave's comparison rows are not its own table's cells (codes merged or
   dropped by the comparison map) and that table has a hidden cell, the comparison is left out.
   A panel test is also hidden when one of its four cells (yes/yes, yes/no, no/yes, no/no) is
   small. The distribution and mean tests are hidden when either wave has a hidden cell.
5. **Cross-tabs.** Columns follow the breakdown question: a column whose option is hidden in that
   question's table, or whose base is small, is hidden (base and cells). A column whose members all
   gave the same answer (single choice) or all chose an option (multiple choice) has that cell
   hidden as sensitive. Then the whole table -- cells, column bases, the question's own option
   counts, the column and row equations -- is secured and audited like a question table. The
   test of a table (chi-square, Fisher or Monte-Carlo) is hidden when a cell of its table is hidden.
   A column whose option the breakdown question publishes with a count of 0 is empty for every
   reader: it is never hidden (its zeros are no secret). A withheld breakdown question hides
   every column.

Wherever a test's ``p_value`` and ``significant`` are hidden, so are its Benjamini-Hochberg
``p_adjusted`` and ``secure``. The adjusted p of one test depends on every p of its family, so the
engine adjusts the public copy again after this step, over the published p values only
(analysis/adjust.py): no published adjusted p carries anything of a hidden test.

6. **Weighting.** The achieved weighted margins (``weighting.margins``) are sample figures: the
   weighted shares of the raking question's own table. A category's achieved share and its
   difference from the target are shown only where that table shows the category's cell
   (hidden with it, and all of them when the question is small or withheld); the targets are
   population figures and stay. The warning of a failed weighting names the largest miss among
   the categories shown (same for the compared wave with its own table's decisions).

A wave with fewer than ``k`` answers, or one where nothing would remain, is not published at all
(:class:`NothingToPublish`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from umfrage.analysis.disclosure.lines import Table, Unprotectable, secure, secure_line
from umfrage.analysis.disclosure.rounding import ATTEMPTS, Program, Rounded, round_table
from umfrage.analysis.results import (
    PER_ROW,
    AchievedMargin,
    Comparison,
    CrossTab,
    ItemResult,
    OptionResult,
    PanelTest,
    QuestionResult,
    RankedOption,
    Suppression,
    WaveResult,
    Weighting,
    weighting_warning,
)
from umfrage.questionnaire.base import Condition

METHOD = "Zellsperrung mit Prüfung"
NOTE = (
    "Zum Schutz einzelner Bündnisse sind kleine Zellen und, wo sie sich sonst aus anderen Werten "
    "zurückrechnen ließen, weitere Zellen ausgeblendet (Zellsperrung; geprüft wird, dass sich "
    "keine ausgeblendete Zelle aus den veröffentlichten Zahlen eingrenzen lässt). Werte, die aus "
    "ausgeblendeten Zellen berechnet würden (Anteile, Mittelwerte, Tests, Vergleiche), fehlen "
    "ebenfalls; Fragen, die nur sehr wenige Bündnisse beantwortet haben, und Folgefragen, deren "
    "Zahl der Gefragten eine ausgeblendete Zelle verriete, werden nicht veröffentlicht. Antworten wie „kann ich nicht beurteilen“ und fehlende Antworten "
    "werden, wenn sie selten waren, nicht einzeln ausgewiesen."
)
"""What a reader of the public report is told: the method, not the threshold or the rules."""
ROUNDED_NOTE = (
    " Aufschlüsselungen, in denen sonst die meisten Zellen ausgeblendet wären, werden gerundet "
    "veröffentlicht (kontrollierte Rundung): Anzahlen und Basen sind auf Vielfache von {k} "
    "gerundet, die Anteile aus den gerundeten Werten berechnet; für diese Tabellen wird kein "
    "Test angegeben. Die betroffenen Tabellen sind gekennzeichnet."
)
"""Added to the note where a cross-tab is published rounded (the base is named, as the
statistical offices do; it does not narrow any value further than the published figures)."""


class NothingToPublish(Exception):
    """The wave has too few answers for anything to be published (German message)."""


@dataclass(frozen=True)
class Hidden:
    """One decision of the step, for the record (never published)."""

    question: str
    where: str
    """"options", "item:<code>", "comparison", "crosstab", "panel", "status", "question"."""
    code: str
    reason: str
    """"primary", "secondary", "derived", "sensitive", "withheld", "merged"."""


@dataclass
class Record:
    """What the step hid and why."""

    min_cell: int
    method: str = METHOD
    hidden: list[Hidden] = field(default_factory=list)

    def add(self, question: str, where: str, code: str, reason: str) -> None:
        self.hidden.append(Hidden(question, where, code, reason))

    @property
    def withheld(self) -> tuple[str, ...]:
        return tuple(h.question for h in self.hidden if h.reason == "withheld")


@dataclass(frozen=True)
class Decision:
    """A question table's own protection, independent of comparison and breakdown."""

    hidden: frozenset[str] = frozenset()
    """Hidden option codes (of the question or of any of its items)."""
    items: Mapping[str, frozenset[str]] = field(default_factory=dict)
    merged: bool = False
    small: bool = False
    withheld: bool = False
    dropped: frozenset[str] = frozenset()
    """Matrix items left out: their rare excluded answers would be narrowed by the question's
    asked count minus the item's base (see ``_narrow_items``)."""

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden) or self.merged or self.small or self.withheld


def is_small(count: int | None, base: int | None, k: int) -> bool:
    if count is None or base is None:
        return False
    return 0 < count < k or 0 < base - count < k


# --- 1. question tables ------------------------------------------------------------------------


CATEGORIES_WITHHELD = "categories:withheld"
"""A text question's categories left out: fewer than k coded answers bound every category."""


def _counted(options: Iterable[Any]) -> list[Any]:
    return [o for o in options if not getattr(o, "excluded_from_base", False)]


def _line_decision(options: Iterable[Any], base: int, k: int, exclusive: bool) -> set[str]:
    """Hidden codes of one option line (all hidden when nothing else protects)."""
    counted = _counted(options)
    primary = {i for i, o in enumerate(counted) if is_small(o.count, base, k)}
    if not primary:
        return set()
    if not exclusive:
        return {counted[i].code for i in primary}
    try:
        hidden = secure_line([o.count or 0 for o in counted], primary, k)
    except Unprotectable:
        hidden = set(range(len(counted)))
    return {counted[i].code for i in hidden}


def _ranking_first(
    options: Iterable[RankedOption], base: int, k: int, hidden: set[str]
) -> set[str]:
    """Hidden first places: small ones, those of hidden options, secured on their line."""
    listed = list(options)
    primary = {
        i for i, o in enumerate(listed) if o.code in hidden or is_small(o.first_count, base, k)
    }
    if not primary:
        return set()
    table = Table()
    cells = [table.add(o.first_count or 0) for o in listed]
    table.sum_line(cells)
    for i, o in enumerate(listed):
        if o.code not in hidden and o.count is not None:
            table.upper[cells[i]] = o.count
    try:
        found = secure(table, primary, k)
    except Unprotectable:
        found = set(cells)
    return {listed[i].code for i in found}


def _excluded_small(options: Iterable[Any], k: int) -> bool:
    return any(getattr(o, "excluded_from_base", False) and 0 < (o.count or 0) < k for o in options)


def fields_of(q: QuestionResult | ItemResult) -> Any:
    """``q`` with every type's table fields readable by their JSON names (None where its type
    has no such field, see ``QuestionResult.__getattr__``): the step reads the tables as the
    attacker reads the JSON, one code path for every type."""
    return q


def decide(q: QuestionResult, k: int, exclusive: bool) -> Decision:
    """The protection of a question table on its own (the same in every public artifact)."""
    if 0 < q.base < k:
        # The base bounds every cell of the question by itself: a base under k is a small
        # count like any other, so the question is not published at all.
        return Decision(small=True, withheld=True)
    t = fields_of(q)
    hidden: set[str] = set()
    items: dict[str, frozenset[str]] = {}
    merged = False
    if t.options is not None:
        merged = _excluded_small(t.options, k)
        if merged and 0 < q.asked - q.base < k - 1:
            # Rare excluded answers are left out with the missing answers, but asked − base
            # (their sum) stays public: below k − 1 it would pin them, as for a matrix item.
            return Decision(withheld=True)
        hidden |= _line_decision(t.options, q.base, k, exclusive)
        if t.options and isinstance(t.options[0], RankedOption):
            first = _ranking_first(t.options, q.base, k, hidden)
            hidden |= {f"first:{c}" for c in first}
    if t.categories is not None:
        if 0 < (t.coded or 0) < k:
            # The coded answers (the categories' base) bound every category by themselves:
            # fewer than k, and the categories and their base are left out, as for a question.
            hidden.add(CATEGORIES_WITHHELD)
        else:
            hidden |= {
                f"category:{c}" for c in _line_decision(t.categories, t.coded or 0, k, False)
            }
    small_items = frozenset(i.code for i in t.items or () if 0 < i.base < k)
    for item in t.items or ():
        merged = merged or _excluded_small(item.options, k)
        if item.code in small_items:
            continue
        found = frozenset(_line_decision(item.options, item.base, k, True))
        items[item.code] = found
        hidden |= {f"{item.code}:{c}" for c in found}
    dropped = _narrow_items(t.items or (), q.asked, k) if merged else frozenset()
    return Decision(frozenset(hidden), items, merged, dropped=dropped | small_items)


def _narrow_items(items: Iterable[ItemResult], asked: int, k: int) -> frozenset[str]:
    """Items whose hidden excluded answers the reader could narrow below ``k`` values.

    With rare excluded answers every item's excluded cells are hidden and its asked count is
    left out; but the question's asked count stays public, so an item's excluded answers lie
    between 0 and (asked − the item's base). Where that gap is 1 … k − 2 the hidden cell is
    known to be tiny: the item is left out as a whole (a gap of 0 makes the cell a known zero,
    which is shown as 0 instead, see ``_item``)."""
    return frozenset(i.code for i in items if 0 < asked - i.base < k - 1)


# --- 2. follow-ups ------------------------------------------------------------------------------


def _references(condition: Condition | None) -> list[tuple[str, frozenset[str] | None]]:
    """The questions a condition reads, with the codes it names (None: any figure matters)."""
    if condition is None:
        return []
    if condition.all is not None or condition.any is not None:
        found: list[tuple[str, frozenset[str] | None]] = []
        for child in (*(condition.all or ()), *(condition.any or ())):
            found += [(qid, None) for qid, _ in _references(child)]
        return found
    if condition.not_ is not None:
        return [(qid, None) for qid, _ in _references(condition.not_)]
    if condition.question is None:
        return []
    codes: frozenset[str] | None = None
    if condition.equals is not None:
        codes = frozenset({str(condition.equals)})
    elif condition.in_ is not None:
        codes = frozenset(condition.in_)
    elif condition.contains is not None:
        codes = frozenset({condition.contains})
    elif condition.not_equals is not None:
        codes = None
    return [(condition.question, codes)]


def follow_up_protected(
    q: QuestionResult,
    conditions: Iterable[Condition | None],
    decisions: Mapping[str, Decision],
    k: int,
) -> bool:
    """Whether the question's asked count (and so everything about it) must be withheld."""
    conditional = False
    for condition in conditions:
        for qid, codes in _references(condition):
            conditional = True
            parent = decisions.get(qid)
            if parent is None:
                continue
            if parent.withheld or parent.small or parent.merged:
                return True
            if codes is None:
                if parent.hidden:
                    return True
            elif parent.hidden & codes or any(h.split(":", 1)[-1] in codes for h in parent.hidden):
                return True
    return conditional and (0 < q.asked < k or 0 < q.not_asked < k)


# --- 3. applying a decision ------------------------------------------------------------------


def _hide_option(option: Any) -> Any:
    fields: dict[str, Any] = {"count": None, "share": None, "ci": None, "suppressed": True}
    if isinstance(option, OptionResult):
        fields["weighted_count"] = None
    if isinstance(option, RankedOption):
        fields.update(first_count=None, first=None, first_ci=None, top=None, mean_rank=None)
    return replace(option, **fields)


def _apply_options(
    qid: str,
    where: str,
    options: tuple[Any, ...],
    hidden: Iterable[str],
    merged: bool,
    record: Record,
    first: Iterable[str] = (),
) -> tuple[Any, ...]:
    hidden, first = set(hidden), set(first)
    found = []
    for option in options:
        if getattr(option, "excluded_from_base", False):
            if merged:
                record.add(qid, where, option.code, "merged")
                continue
            found.append(option)
        elif option.code in hidden:
            record.add(qid, where, option.code, "hidden")
            found.append(_hide_option(option))
        elif option.code in first:
            record.add(qid, where, f"first:{option.code}", "hidden")
            found.append(
                replace(option, first_count=None, first=None, first_ci=None, mean_rank=None)
            )
        else:
            found.append(option)
    return tuple(found)


def _top2_ok(item: ItemResult, hidden: set[str]) -> bool:
    """A top-2 share may show when it holds none or all of the hidden cells."""
    if not hidden:
        return True
    codes = [o.code for o in _counted(item.options)]
    # The scale's "top two" as in matrix.top_codes; a sum over all or none of the hidden cells
    # adds nothing to what the base already tells.
    top = {"1", "2"} if {"1", "2"} <= set(codes) else set(codes[:2])
    inside = hidden & top
    return not inside or inside == hidden


def _item(
    qid: str,
    item: ItemResult,
    hidden: frozenset[str],
    merged: bool,
    k: int,
    record: Record,
    question_asked: int,
) -> ItemResult:
    options = _apply_options(qid, f"item:{item.code}", item.options, hidden, False, record)
    asked: int | None = item.asked
    if merged:
        # Rare "kann ich nicht beurteilen" of an item: hidden, and so is the item's asked count
        # (asked minus base would give their sum back). Where the item's base equals the
        # question's asked count they are known zeros, shown as such (hiding them protects
        # nothing and an attacker's range [0, 0] would mark them as disclosed).
        known_zero = question_asked == item.base
        options = tuple(
            _hide_option(o) if getattr(o, "excluded_from_base", False) and not known_zero else o
            for o in options
        )
        asked = None
    show_top = _top2_ok(item, set(hidden))
    return replace(
        item,
        asked=asked,  # None: withheld (the JSON leaves it out)
        options=options,
        mean=item.mean if not hidden else None,
        top2=item.top2 if show_top else None,
        top2_ci=item.top2_ci if show_top else None,
    )


def _field_names(q: QuestionResult) -> frozenset[str]:
    return frozenset(f.name for f in fields(q))


def apply_question(
    q: QuestionResult, d: Decision, kind: Any, k: int, record: Record
) -> QuestionResult:
    """The question's own table protected (comparison and cross-tab are done apart)."""
    changes: dict[str, Any] = dict(kind.suppress_figures(q, False))
    t = fields_of(q)
    if d.hidden:
        # A mean over hidden cells would narrow them; only types with a mean have the field.
        changes.update({name: None for name in ("mean",) if name in _field_names(q)})
    if t.options is not None:
        first = {c.split(":", 1)[1] for c in d.hidden if c.startswith("first:")}
        changes["options"] = _apply_options(
            q.id, "options", t.options, d.hidden, d.merged, record, first
        )
    if t.categories is not None and CATEGORIES_WITHHELD in d.hidden:
        record.add(q.id, "categories", "", "small")
        changes.update(categories=None, coded=None, coded_small_base=None)
    elif t.categories is not None:
        cats = {c.split(":", 1)[1] for c in d.hidden if c.startswith("category:")}
        changes["categories"] = _apply_options(
            q.id, "categories", t.categories, cats, False, record
        )
    if t.items is not None:
        changes["items"] = tuple(
            _item(q.id, item, d.items.get(item.code, frozenset()), d.merged, k, record, q.asked)
            for item in t.items
            if item.code not in d.dropped
        )
        bases = {item.code: item.base for item in t.items}
        for code in sorted(d.dropped):
            reason = "small" if 0 < bases[code] < k else "merged"
            record.add(q.id, f"item:{code}", "", reason)
    if d.merged and t.excluded:
        changes.update(no_answer=None, excluded=None)
    return replace(q, **changes)


# --- 4. comparisons --------------------------------------------------------------------------


def _same_cells(
    rows: Iterable[tuple[str, int | None]], base: int, own: QuestionResult | ItemResult | None
) -> bool:
    """Whether the comparison's rows of one wave are that wave's own table cells (same base).

    A coded text's table is its categories, on the base of its coded answers."""
    if own is None:
        return False
    t = fields_of(own)
    cells, own_base = t.options, own.base
    if cells is None and t.categories is not None:
        cells, own_base = t.categories, t.coded
    if own_base != base:
        return False
    counts = {o.code: o.count for o in _counted(cells or ())}
    for code, count in rows:
        if code in counts:
            if counts[code] != count:
                return False
        elif count:
            return False
    return True


def _panel_ok(panel: PanelTest, k: int) -> bool:
    if panel.share is None or panel.share_compare is None:
        return False
    yes_now = round(panel.share * panel.n)
    yes_before = round(panel.share_compare * panel.n)
    both = yes_now - (panel.changed_to or 0)
    neither = panel.n - both - (panel.changed_to or 0) - (panel.changed_from or 0)
    cells = (both, panel.changed_to or 0, panel.changed_from or 0, neither)
    return panel.n >= k and yes_before >= 0 and not any(0 < c < k for c in cells)


def _hide_compared(o: Any, mine: bool, theirs: bool) -> Any:
    """A comparison row with this wave's side (``mine``) and/or the compared wave's side
    (``theirs``) hidden; a side that is not hidden is that wave's own published cell and stays
    (hiding it would protect nothing, and a hidden copy of a published 0 reads as disclosed)."""
    return replace(
        o,
        count=None if theirs else o.count,
        share=None if theirs else o.share,
        current_count=None if mine else o.current_count,
        current_share=None if mine else o.current_share,
        diff=None,
        test=None,
        p_value=None,
        significant=None,
        p_adjusted=None,
        secure=None,
        panel=_hide_panel(o.panel),
        suppressed=True,
    )


def _hide_panel(panel: PanelTest | None) -> PanelTest | None:
    if panel is None:
        return None
    return replace(
        panel,
        share=None,
        share_compare=None,
        changed_to=None,
        changed_from=None,
        p_value=None,
        significant=None,
        p_adjusted=None,
        secure=None,
        suppressed=True,
    )


def apply_comparison(
    qid: str,
    comparison: Comparison | None,
    own: QuestionResult | ItemResult | None,
    own_hidden: frozenset[str],
    withhold: bool,
    other: QuestionResult | ItemResult | None,
    other_decision: Decision | None,
    other_hidden: frozenset[str],
    k: int,
    record: Record,
) -> tuple[Comparison | None, str | None]:
    """The comparison protected, or None with the reason it is left out."""
    if comparison is None:
        return None, None
    left_out = "Der Vergleich wird zum Schutz kleiner Gruppen nicht veröffentlicht."
    if other_decision is None or other_decision.withheld or withhold:
        record.add(qid, "comparison", "", "withheld")
        return None, left_out
    mine = _same_cells(
        ((o.code, o.current_count) for o in comparison.options), comparison.current_base, own
    )
    theirs = _same_cells(((o.code, o.count) for o in comparison.options), comparison.base, other)
    if (own_hidden and not mine) or (other_hidden and not theirs):
        record.add(qid, "comparison", "", "withheld")
        return None, left_out
    options = []
    for o in comparison.options:
        if o.code in own_hidden or o.code in other_hidden:
            record.add(qid, "comparison", o.code, "hidden")
            options.append(_hide_compared(o, o.code in own_hidden, o.code in other_hidden))
            continue
        panel = o.panel
        if panel is not None and not _panel_ok(panel, k):
            record.add(qid, "panel", o.code, "small")
            panel = _hide_panel(panel)
        options.append(replace(o, panel=panel))
    any_hidden = bool(own_hidden or other_hidden)
    return (
        replace(
            comparison,
            options=tuple(options),
            distribution=None if any_hidden else comparison.distribution,
            mean=None if any_hidden else comparison.mean,
        ),
        None,
    )


# --- 5. cross-tabs ---------------------------------------------------------------------------


def apply_crosstab(
    qid: str,
    table: CrossTab | None,
    own: QuestionResult | ItemResult,
    own_hidden: frozenset[str],
    exclusive: bool,
    by_hidden: frozenset[str],
    k: int,
    record: Record,
    by_zero: frozenset[str] = frozenset(),
    by: ByFigures | None = None,
    rounding: list[RoundedCrossTab] | None = None,
) -> CrossTab | None:
    """``by_hidden``: the breakdown question's hidden codes; ``by_zero``: its codes published
    with a count of 0 (their columns are empty for every reader, never hidden). ``by``: the
    breakdown question's figures (None: no rounding, the old rule hides such tables);
    ``rounding`` collects the tables published rounded, for the check across tables."""
    if table is None:
        return None
    if own.base == 0:
        return table  # nobody answered: every column base and cell is a known 0
    bases = [c.base or 0 for c in table.columns]
    hidden_column = [c.code in by_hidden or 0 < (c.base or 0) < k for c in table.columns]
    known = [c.code in by_zero for c in table.columns]
    _widen_columns(hidden_column, bases, own.base, k, known)
    if table.rows and table.rows[0].means is not None:
        return _number_crosstab(qid, table, hidden_column, k, record, known)
    counted = {o.code: o for o in _counted(fields_of(own).options or ())}
    lp = Table()
    base_cells = [lp.add(b) for b in bases]
    total = sum(bases)
    lp.sum_line(base_cells)  # the column bases add up to those who answered both questions
    cells: list[list[int]] = []
    primary: set[int] = set()
    known_zero: set[int] = set()
    for row in table.rows:
        line = []
        option = counted.get(row.code)
        # A row whose option has a published count of 0 (in the question table) is all zeros.
        zero_row = option is not None and option.count == 0 and row.code not in own_hidden
        # A row whose option the whole base chose (a published count equal to the base): each
        # column's cell is its base for every reader already, so hiding it protects nothing and
        # would leave a lone hidden cell that its column gives back.
        whole_row = option is not None and option.count == own.base and row.code not in own_hidden
        for j, count in enumerate(row.counts):
            # A cell of a column with a published base of 0 is a known 0: never a partner.
            zero = zero_row or (bases[j] == 0 and not hidden_column[j])
            cell = lp.add(count or 0, fixed=zero)
            lp.upper[cell] = bases[j]
            line.append(cell)
            if zero_row:
                known_zero.add(cell)
            elif hidden_column[j] or is_small(count, bases[j], k):
                primary.add(cell)
            elif 0 < bases[j] < own.base and count == bases[j] and not whole_row:
                primary.add(cell)  # everyone in the column chose it: each member's answer
        cells.append(line)
        if option is not None and option.count is not None:
            own_cell = lp.add(option.count, fixed=True)
            lp.upper[own_cell] = own.base
            if row.code in own_hidden:
                primary.add(own_cell)
            if total == own.base:
                lp.sum_line(line, own_cell)
            else:  # some of the base did not answer the breakdown question: a slack
                slack = lp.add(
                    option.count - sum(row.counts[j] or 0 for j in range(len(bases))), unknown=True
                )
                lp.sum_line([*line, slack], own_cell)
    primary.update(base_cells[j] for j, small in enumerate(hidden_column) if small)
    lp.fixed.update(base_cells)
    if exclusive:
        for j in range(len(bases)):
            lp.sum_line([cells[r][j] for r in range(len(cells))], base_cells[j])
    own_cells = {c for c in range(len(lp.values)) if c in lp.fixed and c not in base_cells}
    own_lines = [own_cells] if exclusive and own_cells else []
    for line_cells in own_lines:
        lp.sum_line(sorted(line_cells))
    interior = [c for line in cells for c in line]
    try:
        if 2 * len(primary.intersection(interior)) > len(interior):
            raise Unprotectable(-1)
        hidden = secure(lp, primary, k)
    except Unprotectable:
        # Suppression would blank most of the table: every cell is hidden (no audit needed:
        # with safe margins a cell of a fully hidden table keeps its Fréchet bounds, at least
        # k wide), and so are the columns hidden by their own rule -- unless the table can be
        # published rounded (``_rounded_crosstab``), which keeps it readable.
        hidden = set(interior) | {base_cells[j] for j, small in enumerate(hidden_column) if small}
        rounded = _rounded_crosstab(
            qid, table, own, counted, own_hidden, exclusive, k, by, hidden_column, known
        )
        if rounded is not None:
            record.add(qid, "crosstab", "", "rounded")
            own_record = Record(k)
            rounded.fallback = _hide(
                qid, table, cells, bases, base_cells, hidden, known_zero, own_record
            )
            rounded.record = own_record.hidden
            if rounding is not None:
                rounding.append(rounded)
            return rounded.table
    return _hide(qid, table, cells, bases, base_cells, hidden, known_zero, record)


def _hide(
    qid: str,
    table: CrossTab,
    cells: list[list[int]],
    bases: list[int],
    base_cells: list[int],
    hidden: set[int],
    known_zero: set[int],
    record: Record,
) -> CrossTab:
    """The cross-tab with the LP cells ``hidden`` left out (and its tests with them)."""
    hidden = set(hidden)
    # A published column base of 0 says every cell of it is 0: showing them hides nothing.
    hidden -= {
        cells[r][j]
        for r in range(len(cells))
        for j in range(len(bases))
        if bases[j] == 0 and base_cells[j] not in hidden
    }
    hidden -= known_zero  # and so does a published option count of 0 for its row
    any_hidden = any(cells[r][j] in hidden for r in range(len(cells)) for j in range(len(bases)))
    rows = []
    for r, row in enumerate(table.rows):
        gone = [cells[r][j] in hidden for j in range(len(bases))]
        for j, g in enumerate(gone):
            if g:
                record.add(qid, "crosstab", f"{row.code}/{table.columns[j].code}", "hidden")
        row_hidden = any(gone)
        rows.append(
            replace(
                row,
                counts=tuple(None if g else c for g, c in zip(gone, row.counts, strict=True)),
                shares=tuple(None if g else s for g, s in zip(gone, row.shares, strict=True)),
                chi2=None if row_hidden else row.chi2,
                df=None if row_hidden else row.df,
                p_value=None if row_hidden else row.p_value,
                cramers_v=None if row_hidden else row.cramers_v,
                p_adjusted=None if row_hidden else row.p_adjusted,
                secure=None if row_hidden else row.secure,
                test=None if row_hidden else row.test,
            )
        )
    columns = tuple(
        replace(c, base=None, suppressed=True) if base_cells[j] in hidden else c
        for j, c in enumerate(table.columns)
    )
    found = replace(table, columns=columns, rows=tuple(rows))
    if any_hidden:
        found = _without_test(found)
    return found


@dataclass(frozen=True)
class ByFigures:
    """What a reader knows of the breakdown question: its counted options' counts, which are
    hidden, and the sum of the hidden ones (its published base minus the shown counts)."""

    counts: Mapping[str, int]
    hidden: frozenset[str]
    hidden_total: int


@dataclass
class RoundedCrossTab:
    """A cross-tab published rounded, with what the check across tables needs."""

    qid: str
    table: CrossTab
    minima: dict[str, int]
    """Hidden breakdown code -> the smallest its column base can be, given this table."""
    fallback: CrossTab | None = None
    record: list[Hidden] = field(default_factory=list)


def _rounded_crosstab(
    qid: str,
    table: CrossTab,
    own: QuestionResult | ItemResult,
    counted: Mapping[str, Any],
    own_hidden: frozenset[str],
    exclusive: bool,
    k: int,
    by: ByFigures | None,
    hidden_column: list[bool],
    known: list[bool],
) -> RoundedCrossTab | None:
    """The table rounded to base ``k`` (``rounding.round_table``) if an attempt passes the
    audit (every rounded value and every hidden count it touches keeps at least ``k`` feasible
    integers), else None. Weighted tables (their shares are not the counts') and tables by a
    withheld breakdown question (its column bases would tell its size) are not rounded."""
    if by is None or table.weighted or k < 2 or not table.rows:
        return None
    bases = [c.base or 0 for c in table.columns]
    values = [[c or 0 for c in row.counts] for row in table.rows]
    zero_rows = [
        (o := counted.get(row.code)) is not None and o.count == 0 and row.code not in own_hidden
        for row in table.rows
    ]
    # First the hidden columns are rounded too (their bases rounded down). Where their bases
    # are so small that rounded bases pin them (e.g. two hidden columns of 2 and 3 with k = 5:
    # both read 0, i.e. 0 ... 4 each, and their known sum 5 leaves each only 1 ... 4), the
    # hidden columns are left out instead (base and cells hidden, as suppression hides them)
    # and only the other columns are rounded.
    blanks = [[False] * len(bases)]
    if any(h and not z for h, z in zip(hidden_column, known, strict=True)):
        blanks.append([h and not z for h, z in zip(hidden_column, known, strict=True)])
    for blank, attempt in ((b, a) for b in blanks for a in range(ATTEMPTS)):
        rounded = round_table(
            values,
            bases,
            k,
            exclusive=exclusive,
            seed=qid,
            attempt=attempt,
            exact=[not h for h in hidden_column],
        )
        for j, zero in enumerate(known):
            if zero:  # a column the breakdown question publishes as 0: exact zeros
                rounded.bases[j] = 0
                for row_cells in rounded.cells:
                    row_cells[j] = 0
        minima = _audit_rounded(
            table,
            own,
            counted,
            own_hidden,
            exclusive,
            k,
            by,
            values,
            bases,
            rounded,
            zero_rows,
            known,
            hidden_column,
            blank,
        )
        if minima is not None:
            return RoundedCrossTab(
                qid, _rounded_table(table, rounded, k, hidden_column, blank, zero_rows), minima
            )
    return None


def _audit_rounded(
    table: CrossTab,
    own: QuestionResult | ItemResult,
    counted: Mapping[str, Any],
    own_hidden: frozenset[str],
    exclusive: bool,
    k: int,
    by: ByFigures,
    values: list[list[int]],
    bases: list[int],
    rounded: Rounded,
    zero_rows: list[bool],
    known: list[bool],
    hidden_column: list[bool],
    blank: list[bool],
) -> dict[str, int] | None:
    """None when a value of the rounded table (or a hidden count it touches) is narrower than
    ``k``; else the smallest each hidden breakdown column's base can be. A ``blank`` column is
    published hidden (base and cells unknown to a reader, judged like the rounded ones)."""
    p = Program()
    judged: list[int] = []
    columns = [c.code for c in table.columns]
    total = sum(bases)
    base_vars = []
    by_vars: dict[str, int] = {}
    for j, code in enumerate(columns):
        if known[j] or not hidden_column[j]:
            # Published exactly (as the breakdown question's table shows its count anyway).
            base_vars.append(p.fixed(bases[j]))
            continue
        if blank[j]:
            b = p.var(bases[j], upper=own.base)
        else:
            b = p.rounded(bases[j], rounded.bases[j], k)
        base_vars.append(b)
        judged.append(b)
        if code in by.counts:
            if code in by.hidden:
                c = p.var(by.counts[code])
                judged.append(c)
            else:
                c = p.fixed(by.counts[code])
            by_vars[code] = c
            p.total([b], c, exact=False)
    hidden_by = [by_vars[code] for code in columns if code in by.hidden and code in by_vars]
    if hidden_by:
        every = by.hidden.intersection(by.counts) <= set(by_vars)
        low = by.hidden_total if every else -math.inf
        p.row(dict.fromkeys(hidden_by, 1.0), low, by.hidden_total)
    p.total(base_vars, p.fixed(own.base), exact=total == own.base)
    column_vars: list[list[int]] = [[] for _ in columns]
    own_vars = []
    for r, row in enumerate(table.rows):
        line = []
        for j in range(len(columns)):
            if zero_rows[r] or known[j]:
                x = p.fixed(0)
            else:
                if blank[j]:
                    x = p.var(values[r][j], upper=own.base)
                else:
                    x = p.rounded(values[r][j], rounded.cells[r][j], k)
                judged.append(x)
                p.total([x], base_vars[j], exact=False)
            line.append(x)
            column_vars[j].append(x)
        option = counted.get(row.code)
        if option is None or option.count is None:
            continue
        if row.code in own_hidden:
            o = p.var(option.count, upper=own.base)
            judged.append(o)
            own_vars.append(o)
        else:
            o = p.fixed(option.count)
        p.total(line, o, exact=total == own.base)
    if exclusive:
        for j, xs in enumerate(column_vars):
            p.total(xs, base_vars[j])
        if own_vars:
            shown = sum(o.count or 0 for code, o in counted.items() if code not in own_hidden)
            p.row(dict.fromkeys(own_vars, 1.0), own.base - shown, own.base - shown)
    if p.narrow(judged, k, first=True):
        return None
    return {
        code: p.minimum(base_vars[j])
        for j, code in enumerate(columns)
        if code in by.hidden and hidden_column[j] and not known[j]
    }


def _rounded_table(
    table: CrossTab,
    rounded: Rounded,
    k: int,
    hidden_column: list[bool],
    blank: list[bool],
    zero_rows: list[bool],
) -> CrossTab:
    """The published table: rounded counts and bases, shares of the rounded figures only, no
    test (a test of the exact counts would carry them; a test of rounded counts is not one).
    A ``blank`` column is hidden (base and cells left out; a cell of a row every reader knows
    to be 0 stays 0)."""
    rows = []
    for r, row in enumerate(table.rows):
        counts = tuple(
            None if gone and not zero_rows[r] else c
            for c, gone in zip(rounded.cells[r], blank, strict=True)
        )
        shares = tuple(
            None if c is None else 0.0 if gone else c / b if b else None
            for c, b, gone in zip(counts, rounded.bases, blank, strict=True)
        )
        rows.append(
            replace(
                row,
                counts=counts,
                shares=shares,
                chi2=None,
                df=None,
                p_value=None,
                cramers_v=None,
                p_adjusted=None,
                secure=None,
                test=None,
            )
        )
    columns = tuple(
        replace(c, base=None, suppressed=True) if gone else replace(c, base=b, suppressed=False)
        for c, b, gone in zip(table.columns, rounded.bases, blank, strict=True)
    )
    found = _without_test(
        replace(
            table,
            columns=columns,
            rows=tuple(rows),
            rounded=k,
            rounded_columns=tuple(
                c.code
                for c, h, gone in zip(table.columns, hidden_column, blank, strict=True)
                if h and not gone
            ),
        )
    )
    return replace(found, test=None)


def _check_by(rounding: list[RoundedCrossTab], by: ByFigures, k: int, record: Record) -> set[str]:
    """The rounded tables together must leave every hidden count of the breakdown question at
    least ``k`` feasible integers (each table's column base bounds it from below). Tables that
    push a count too far up go back to suppression, largest bound first; their qids."""
    withdrawn: set[str] = set()
    codes = sorted(by.hidden.intersection(by.counts))
    while True:
        live = [t for t in rounding if t.qid not in withdrawn]
        lows = {code: max((t.minima.get(code, 0) for t in live), default=0) for code in codes}
        p = Program()
        cells = {code: p.var(by.counts[code], lower=lows[code]) for code in codes}
        if cells:
            p.row(dict.fromkeys(cells.values(), 1.0), by.hidden_total, by.hidden_total)
        failing = p.narrow(list(cells.values()), k, first=True)
        if not failing:
            return withdrawn
        code = next(c for c, v in cells.items() if v == failing[0])
        worst = max(
            (t for t in live if t.minima.get(code, 0) > 0),
            key=lambda t: (t.minima.get(code, 0), t.qid),
            default=None,
        )
        if worst is None:
            return withdrawn  # no rounded table bounds it: suppression decided it
        withdrawn.add(worst.qid)
        record.hidden.extend(worst.record)


def _widen_columns(
    hidden: list[bool], bases: list[int], base: int, k: int, known: list[bool]
) -> None:
    """Hide more columns until the hidden column bases have room: a reader knows they add up
    to at most the question's base minus the published column bases, which must be at least k
    (else a hidden column of 0 is pinned, and every cell in it). A ``known`` column (its
    breakdown option is published with a count of 0) is empty for every reader: hiding it
    adds no room and its hidden zeros would read as disclosed, so it is never chosen."""
    if not any(hidden):
        return
    while base - sum(b for b, h in zip(bases, hidden, strict=True) if not h) < k:
        shown = [j for j, h in enumerate(hidden) if not h and not known[j]]
        if not shown:
            return
        hidden[min(shown, key=lambda j: (bases[j], j))] = True


def _without_test(table: CrossTab) -> CrossTab:
    """The table's test hidden with its cells: statistic, p values, verdicts and effect size."""
    return replace(
        table,
        chi2=None,
        df=None,
        p_value=None,
        cramers_v=None,
        significant=None,
        p_adjusted=None,
        secure=None,
        test=_hidden_test(table),
    )


def _hidden_test(table: CrossTab) -> str | None:
    """The test name of a table whose test is hidden: which test fits follows from the expected
    counts, i.e. from the margins, so it goes with the p value; "per-row" says nothing."""
    return PER_ROW if table.test == PER_ROW else None


def _number_crosstab(
    qid: str, table: CrossTab, hidden_column: list[bool], k: int, record: Record, known: list[bool]
) -> CrossTab:
    counts = [c or 0 for c in table.rows[0].counts] if table.rows else []
    primary = {j for j, h in enumerate(hidden_column) if h or 0 < counts[j] < k}
    try:
        gone = secure_line(counts, primary, k) if primary else set()
    except Unprotectable:
        gone = set(range(len(counts)))
    # A column whose breakdown option is published as 0 is empty for every reader: shown.
    gone -= {j for j, zero in enumerate(known) if zero}
    for j in sorted(gone):
        record.add(qid, "crosstab", table.columns[j].code, "hidden")
    rows = tuple(
        replace(
            row,
            counts=tuple(None if j in gone else c for j, c in enumerate(row.counts)),
            means=tuple(None if j in gone else m for j, m in enumerate(row.means or ())),
        )
        for row in table.rows
    )
    columns = tuple(
        replace(c, base=None, suppressed=True) if j in gone else c
        for j, c in enumerate(table.columns)
    )
    found = replace(table, rows=rows, columns=columns)
    if gone:
        found = _without_test(found)
    return found


# --- the step ----------------------------------------------------------------------------------


def decide_wave(
    result: WaveResult,
    k: int,
    conditions: Callable[[str], Iterable[Condition | None]],
    exclusive: Callable[[QuestionResult], bool],
) -> dict[str, Decision]:
    """Every question table's protection, follow-ups withheld, in questionnaire order."""
    decisions: dict[str, Decision] = {}
    for q in result.questions:
        d = decide(q, k, exclusive(q))
        if follow_up_protected(q, conditions(q.id), decisions, k):
            d = Decision(withheld=True)
        decisions[q.id] = d
    return decisions


def _table_hidden(d: Decision | None) -> frozenset[str]:
    """The hidden codes of a question's own line: its options or a coded text's categories
    (items, first places and the categories' withholding are kept apart by their prefix)."""
    if d is None:
        return frozenset()
    found = {c for c in d.hidden if ":" not in c}
    found |= {c.split(":", 1)[1] for c in d.hidden if c.startswith("category:")}
    return frozenset(found)


def protect(
    result: WaveResult,
    k: int,
    *,
    kind: Callable[[QuestionResult], Any],
    conditions: Callable[[str], Iterable[Condition | None]],
    compared: WaveResult | None = None,
    compared_conditions: Callable[[str], Iterable[Condition | None]] | None = None,
) -> tuple[WaveResult, Record]:
    """The public copy of ``result`` and the record of what was hidden.

    ``kind(question)`` is the question's analysis type module; ``conditions(qid)`` the section's
    and the question's condition; ``compared`` the compared wave's own (unprotected) results.
    """
    if result.n < k:
        raise NothingToPublish(
            f"Welle {result.wave} hat nur {result.n} Antworten; veröffentlicht werden nur Ergebnisse "
            f"mit mindestens {k} Antworten. Es wird nichts veröffentlicht."
        )
    if compared is not None and compared.n < k:
        raise NothingToPublish(
            f"Die Vergleichswelle {compared.wave} hat nur {compared.n} Antworten; mit ihr kann "
            "nicht veröffentlicht werden. Wählen Sie eine andere Vergleichswelle oder keine."
        )
    record = Record(k)
    exclusive = lambda q: bool(kind(q).OPTIONS_EXCLUSIVE)  # noqa: E731
    decisions = decide_wave(result, k, conditions, exclusive)
    other_decisions: dict[str, Decision] = {}
    if compared is not None:
        other_decisions = decide_wave(compared, k, compared_conditions or conditions, exclusive)
    by_hidden: frozenset[str] = frozenset()
    by_zero: frozenset[str] = frozenset()
    by_figures: ByFigures | None = None
    if result.by is not None and result.by in decisions:
        d = decisions[result.by]
        by_options = fields_of(result.question(result.by)).options or ()
        # A withheld breakdown question (small base, protected follow-up) has no public table:
        # each column base would give one of its counts back, so every column is hidden.
        by_hidden = d.hidden if not d.withheld else frozenset(c.code for c in by_options)
        if not d.withheld:
            by_zero = frozenset(
                c.code for c in _counted(by_options) if c.count == 0 and c.code not in by_hidden
            )
            by_counts = {c.code: c.count for c in _counted(by_options) if c.count is not None}
            by_base = result.question(result.by).base
            by_figures = ByFigures(
                by_counts,
                frozenset(by_hidden),
                by_base - sum(v for code, v in by_counts.items() if code not in by_hidden),
            )
    rounding: list[RoundedCrossTab] = []
    questions = []
    for q in result.questions:
        d = decisions[q.id]
        if d.withheld:
            record.add(q.id, "question", "", "small" if d.small else "withheld")
            continue
        protected = apply_question(q, d, kind(q), k, record)
        other_q, other_d = None, None
        if q.comparison is not None and compared is not None:
            other_id = q.comparison.question or q.id
            other_d = other_decisions.get(other_id)
            try:
                other_q = compared.question(other_id)
            except KeyError:
                other_q = None
        own_hidden = _table_hidden(d)
        other_hidden = _table_hidden(other_d)
        # A text's categories withheld in either wave (too few coded answers): no comparison.
        categories_withheld = CATEGORIES_WITHHELD in d.hidden or (
            other_d is not None and CATEGORIES_WITHHELD in other_d.hidden
        )
        comparison, missing = apply_comparison(
            q.id,
            q.comparison,
            q,
            own_hidden,
            categories_withheld,
            other_q,
            other_d,
            other_hidden,
            k,
            record,
        )
        changes: dict[str, Any] = {"comparison": comparison}
        if missing:
            changes["comparison_missing"] = missing
        if q.crosstab is not None:
            changes["crosstab"] = apply_crosstab(
                q.id,
                q.crosstab,
                q,
                own_hidden,
                exclusive(q),
                by_hidden,
                k,
                record,
                by_zero,
                by_figures,
                rounding,
            )
        if fields_of(protected).items is not None and fields_of(q).items is not None:
            items = []
            other_items = (
                {i.code: i for i in (fields_of(other_q).items or ())}
                if isinstance(other_q, QuestionResult)
                else {}
            )
            kept = [
                i
                for i in fields_of(q).items
                if i.code in {a.code for a in fields_of(protected).items}
            ]
            for before, after in zip(kept, fields_of(protected).items, strict=True):
                mine = d.items.get(before.code, frozenset())
                theirs = other_d.items.get(before.code, frozenset()) if other_d else frozenset()
                item_cmp, _ = apply_comparison(
                    f"{q.id}.{before.code}",
                    before.comparison,
                    before,
                    mine,
                    # The compared wave's public report leaves this item out.
                    other_d is not None and before.code in other_d.dropped,
                    other_items.get(before.code),
                    other_d,
                    theirs,
                    k,
                    record,
                )
                table = None
                if before.crosstab is not None:
                    table = apply_crosstab(
                        f"{q.id}.{before.code}",
                        before.crosstab,
                        before,
                        mine,
                        True,
                        by_hidden,
                        k,
                        record,
                        by_zero,
                        by_figures,
                        rounding,
                    )
                items.append(replace(after, comparison=item_cmp, crosstab=table))
            changes["items"] = tuple(items)
        questions.append(replace(protected, **changes))
    if not any(not q.suppressed and q.base > 0 for q in questions):
        raise NothingToPublish(
            f"Nach dem Schutz kleiner Gruppen bliebe von Welle {result.wave} kein Ergebnis übrig; "
            "es wird nichts veröffentlicht."
        )
    if rounding and by_figures is not None:
        withdrawn = {
            t.qid: t.fallback
            for t in rounding
            if t.qid in _check_by(rounding, by_figures, k, record)
        }
        if withdrawn:
            questions = [_withdraw(q, withdrawn) for q in questions]
            rounding = [t for t in rounding if t.qid not in withdrawn]
    cells = sum(1 for h in record.hidden if h.reason in {"hidden", "small", "merged"})
    weighting = result.weighting
    if weighting is not None:
        weighting = protect_weighting(weighting, decisions, other_decisions, result.compare, record)
    return (
        replace(
            result,
            questions=tuple(questions),
            suppression=Suppression(
                k,
                cells,
                NOTE + (ROUNDED_NOTE.format(k=k) if rounding else ""),
                k if rounding else None,
            ),
            weighting=weighting,
        ),
        record,
    )


def _withdraw(q: QuestionResult, withdrawn: Mapping[str, CrossTab | None]) -> QuestionResult:
    """``q`` with the cross-tabs of ``withdrawn`` (qid or ``qid.item``) hidden again."""
    changes: dict[str, Any] = {}
    if q.id in withdrawn and q.crosstab is not None:
        changes["crosstab"] = withdrawn[q.id]
    items = fields_of(q).items
    if items is not None:
        changes["items"] = tuple(
            replace(i, crosstab=withdrawn[f"{q.id}.{i.code}"])
            if f"{q.id}.{i.code}" in withdrawn
            else i
            for i in items
        )
    return replace(q, **changes) if changes else q


# --- 6. weighting ------------------------------------------------------------------------------


def _protect_margins(
    margins: tuple[AchievedMargin, ...], decisions: Mapping[str, Decision], record: Record
) -> tuple[AchievedMargin, ...]:
    """Achieved margins whose category's cell the raking question's table shows.

    The achieved weighted shares come from the sample (they are the weighted shares of the
    raking question's own table among those with an answer), so they follow that table: a
    category hidden there, or the whole question when it is small or withheld, has its achieved
    share and difference hidden here too. Targets are population figures and stay.
    """
    found = []
    for margin in margins:
        d = decisions.get(margin.variable)
        whole = d is None or d.small or d.withheld
        categories = []
        for c in margin.categories:
            if whole or (d is not None and c.code in d.hidden):
                record.add(margin.variable, "weighting", c.code, "derived")
                categories.append(replace(c, achieved=None, diff=None, suppressed=True))
            else:
                categories.append(c)
        shown = [abs(c.diff) for c in categories if c.diff is not None]
        found.append(
            replace(
                margin, categories=tuple(categories), largest_miss=max(shown) if shown else None
            )
        )
    return tuple(found)


def protect_weighting(
    weighting: Weighting,
    decisions: Mapping[str, Decision],
    other_decisions: Mapping[str, Decision],
    compare: str | None,
    record: Record,
) -> Weighting:
    """The weighting block of the public copy: achieved margins follow the question tables'
    cells (``_protect_margins``); the warning names the largest miss among those shown."""
    margins = _protect_margins(weighting.margins, decisions, record)
    largest = [m.largest_miss for m in margins if m.largest_miss is not None]
    changes: dict[str, Any] = {
        "margins": margins,
        "largest_miss": max(largest) if largest else None,
        "warning": weighting_warning(
            margins, weighting.converged, weighting.iterations, weighting.max_iterations
        ),
    }
    if weighting.margins_compare is not None:
        other = _protect_margins(weighting.margins_compare, other_decisions, record)
        largest = [m.largest_miss for m in other if m.largest_miss is not None]
        changes["margins_compare"] = other
        changes["largest_miss_compare"] = max(largest) if largest else None
        changes["warning_compare"] = weighting_warning(
            other,
            bool(weighting.converged_compare),
            weighting.iterations_compare or 0,
            weighting.max_iterations,
            wave=compare,
        )
    return replace(weighting, **changes)
