"""One web module per question type, mirroring ``umfrage.questionnaire.types``.

Each module has ``anchor(question)``, ``render(field)`` and ``parse(question, post, answers)``
(see ``base``). To add a type: copy the module of the closest type, adapt its template in
``templates/collect/types/``, and register it in ``MODULES`` below.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from umfrage.collect.types import matrix, multi, number, ranking, single, text

MODULES: dict[str, ModuleType] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}


def module_for(question: Any) -> ModuleType:
    return MODULES[question.type_name]
