"""Statistics per question type, one module each, all with the same functions.

Every module defines ``encode`` (string cells → typed frame columns and flagged rows),
``answered`` (who gave any answer), ``check`` (rows whose cells break a rule across columns),
``summarise`` (the question's result), ``compare`` (against another wave, through the recode)
and ``crosstab`` (broken down by a single-choice question).

To add a question type: copy the module of the closest type, adapt the functions, and add it
to ``MODULES`` below; the engine, reader and renderers find it by the type's name.
"""

from __future__ import annotations

from types import ModuleType

from umfrage.analysis.types import matrix, multi, number, ranking, single, text

MODULES: dict[str, ModuleType] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}


def module_for(question: object) -> ModuleType:
    return MODULES[question.type_name]  # type: ignore[attr-defined]
