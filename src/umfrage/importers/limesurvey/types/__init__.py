"""One LimeSurvey module per question type of ours, mirroring ``umfrage.questionnaire.types``.

Each module provides what ``LimeSurveyType`` (in ``base``) lists: ``build`` (our question dict
from a LimeSurvey question, with its references, response columns and plan notes),
``build_part`` (for LimeSurvey questions split into one question per subquestion), ``compare``
(a relevance equation's comparison with the type's answers), ``takes_filter`` (an array filter
as ``among``) and ``response_columns`` (the response columns of a questionnaire converted
earlier). LimeSurvey's type letters are mapped to our types in ``..typemap.TYPES``. To add a
type: copy the module of the closest type and register it in ``MODULES``;
``tests/questionnaire/test_type_layers.py`` fails while a type of the questionnaire layer has no
module here.
"""

from __future__ import annotations

from typing import Any

from umfrage.importers.limesurvey.types import matrix, multi, number, ranking, single, text
from umfrage.importers.limesurvey.types.base import LimeSurveyType
from umfrage.questionnaire.types import (
    MatrixQuestion,
    MultiQuestion,
    NumberQuestion,
    RankingQuestion,
    SingleQuestion,
    TextQuestion,
)

__all__ = ["MODULES", "LimeSurveyType", "module_for"]

# Each module checked against the protocol with its own question class, then registered.
_single: LimeSurveyType[SingleQuestion] = single
_multi: LimeSurveyType[MultiQuestion] = multi
_ranking: LimeSurveyType[RankingQuestion] = ranking
_matrix: LimeSurveyType[MatrixQuestion] = matrix
_number: LimeSurveyType[NumberQuestion] = number
_text: LimeSurveyType[TextQuestion] = text

MODULES: dict[str, LimeSurveyType[Any]] = {
    "single": _single,
    "multi": _multi,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "text": _text,
}


def module_for(type_name: str) -> LimeSurveyType[Any]:
    """The LimeSurvey module of one of our types; KeyError naming the type if none exists."""
    try:
        return MODULES[type_name]
    except KeyError:
        raise KeyError(
            f"Kein LimeSurvey-Modul für den Fragetyp „{type_name}“ "
            "(umfrage.importers.limesurvey.types)"
        ) from None
