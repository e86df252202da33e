"""Series in the public copy: each point shows what its wave's own public table shows.

A series point is a cell of one wave. That wave's public table (the wave protected on its own,
exactly as its own public report is) decides it, so no series publishes a count that the wave's
table hides:

- a wave whose question is withheld, or has too small a base, or whose wave is not published at
  all (too few answers), shows no point and no base in the series;
- a point that is one of the wave's own cells (one answer of that wave, renamed or not) is
  shown only when that cell is shown in the wave's table;
- a point that sums several of the wave's answers (codes merged by a recode) is shown only when
  the wave's table hides no cell of the question: otherwise the sum minus the shown cells would
  give the hidden one back. The same holds for the wave's other points.

For the analysed wave itself the point must also be shown in the published result it belongs to
(where a breakdown may hide further cells of the question's table).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from umfrage.analysis.disclosure import NothingToPublish, protected
from umfrage.analysis.disclosure.protect import fields_of
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import QuestionResult, Series, SeriesPoint, WaveResult

Tables = Mapping[str, WaveResult | None]


def wave_tables(
    frames: Sequence[WaveFrame],
    min_cell: int,
    *,
    survey: str,
    synthetic: bool,
    wave_order: Sequence[str],
) -> dict[str, WaveResult | None]:
    """Every wave's own public result (None: the wave is not published at all)."""
    from umfrage.analysis.engine import analyse

    found: dict[str, WaveResult | None] = {}
    for frame in frames:
        plain = analyse(frame, survey=survey, synthetic=synthetic, wave_order=wave_order)
        try:
            found[frame.wave] = protected(plain, frame, min_cell)[0]
        except NothingToPublish:
            found[frame.wave] = None
    return found


def publish_series(public: WaveResult, tables: Tables) -> WaveResult:
    """``public`` with every question's series reduced to what the waves' tables show."""
    questions = []
    for q in public.questions:
        if q.series is not None:
            q = replace(q, series=protect_series(q.series, tables, q))
        questions.append(q)
    return replace(public, questions=tuple(questions))


def _public_question(tables: Tables, wave: str, qid: str) -> QuestionResult | None:
    table = tables.get(wave)
    if table is None:
        return None
    try:
        return table.question(qid)
    except KeyError:
        return None


def _shown(q: QuestionResult, code: str) -> bool:
    """Whether the wave's public table shows the cell of ``code`` (read like the JSON, as the
    disclosure step reads every type's table)."""
    options = fields_of(q).options or ()
    return any(o.code == code and not o.suppressed and o.count is not None for o in options)


def protect_series(series: Series, tables: Tables, current: QuestionResult) -> Series:
    """The public copy of one question's series (see the module's rules)."""
    shown_bases = []
    visible: dict[str, QuestionResult | None] = {}
    for entry in series.bases:
        q = _public_question(tables, entry.wave, entry.question)
        if q is not None and q.suppressed:
            q = None
        visible[entry.wave] = q
        shown_bases.append(
            entry if q is not None else replace(entry, base=None, small_base=False, suppressed=True)
        )
    newest = series.waves[-1]
    merged_waves = {p.wave for line in series.lines for p in line.points if len(p.codes) > 1}
    lines = []
    for line in series.lines:
        points = []
        for p in line.points:
            q = visible[p.wave]
            tables_of_wave = [q] if q is None or p.wave != newest else [q, current]
            points.append(p if _point_shown(p, tables_of_wave, merged_waves) else _hidden(p))
        lines.append(replace(line, points=tuple(points)))
    return replace(series, bases=tuple(shown_bases), lines=tuple(lines))


def _point_shown(
    p: SeriesPoint, tables: Sequence[QuestionResult | None], merged_waves: set[str]
) -> bool:
    for q in tables:
        if q is None or q.suppressed:
            return False
        if p.wave in merged_waves and q.hidden_cells():
            return False
        if not all(_shown(q, code) for code in p.codes):
            return False
    return True


def _hidden(p: SeriesPoint) -> SeriesPoint:
    return replace(p, count=None, share=None, ci=None, suppressed=True)
