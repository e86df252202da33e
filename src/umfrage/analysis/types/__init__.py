"""Statistics per question type, one module each, all satisfying :class:`base.AnalysisType`.

Every module defines ``encode`` (string cells → typed frame columns and flagged rows),
``answered`` (who gave any answer), ``check`` (rows whose cells break a rule across columns),
``summarise`` (the question's result), ``compare`` (against another wave, through the recode),
``crosstab`` (broken down by a single-choice question), the condition tests (``present``,
``condition_mask``, ``row_values``), the database loader's columns (``store_fields``,
``store_cells``), suppression and terminal hooks and the synthetic generator (``synthesise``);
see ``base.py`` for the full list.

To add a question type: copy the module of the closest type, adapt the functions, and add it
to ``MODULES`` below; the engine, reader and renderers find it by the type's name.
tests/analysis/test_type_layers.py fails while a questionnaire type has no module here.
"""

from __future__ import annotations

from umfrage.analysis.types import matrix, multi, number, ranking, single, text
from umfrage.analysis.types.base import AnalysisType

MODULES: dict[str, AnalysisType] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}


class UnknownTypeError(LookupError):
    """A question type without an analysis module (a programming error, not bad input)."""


def named(type_name: str) -> AnalysisType:
    try:
        return MODULES[type_name]
    except KeyError:
        raise UnknownTypeError(
            f"No analysis module for question type {type_name!r}; "
            f"known: {', '.join(MODULES)} (see umfrage/analysis/types/__init__.py)."
        ) from None


def module_for(question: object) -> AnalysisType:
    return named(str(getattr(question, "type_name", "")))
