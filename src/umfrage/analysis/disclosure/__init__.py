"""Disclosure control: the one step every public figure passes (see ``protect.py``).

:func:`publishable` turns a wave's complete results (with the compared wave's own results) into
the public copy; a wave with too few answers raises a German :class:`ProblemsError`.
"""

from __future__ import annotations

from umfrage.analysis.disclosure.protect import NOTE, NothingToPublish, Record, protect
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import WaveResult
from umfrage.analysis.types import named
from umfrage.questionnaire.base import Condition
from umfrage.questionnaire.problems import Problem, ProblemsError

__all__ = ["NOTE", "NothingToPublish", "Record", "protect", "protected", "publishable"]


def _conditions(frame: WaveFrame):  # type: ignore[no-untyped-def]
    questionnaire = frame.questionnaire

    def conditions(qid: str) -> tuple[Condition | None, ...]:
        if not questionnaire.has_question(qid):
            return ()
        return (questionnaire.section_of(qid).condition, questionnaire.question(qid).condition)

    return conditions


def protected(
    result: WaveResult,
    frame: WaveFrame,
    min_cell: int,
    *,
    compared: WaveResult | None = None,
    compared_frame: WaveFrame | None = None,
) -> tuple[WaveResult, Record]:
    """The public copy and the record of what was hidden and why."""
    return protect(
        result,
        min_cell,
        kind=lambda q: named(q.type),
        conditions=_conditions(frame),
        compared=compared,
        compared_conditions=_conditions(compared_frame) if compared_frame is not None else None,
    )


def publishable(
    result: WaveResult,
    frame: WaveFrame,
    min_cell: int,
    *,
    compared: WaveResult | None = None,
    compared_frame: WaveFrame | None = None,
) -> WaveResult:
    """The public copy; publishing refuses with a German message when nothing would remain."""
    try:
        return protected(result, frame, min_cell, compared=compared, compared_frame=compared_frame)[
            0
        ]
    except NothingToPublish as exc:
        raise ProblemsError(
            [
                Problem(
                    file=f"waves/{result.wave}",
                    line=None,
                    question=None,
                    message=str(exc),
                    fix="Veröffentlichen Sie die Welle erst, wenn genug Antworten vorliegen (oder nur intern).",
                )
            ]
        ) from exc
