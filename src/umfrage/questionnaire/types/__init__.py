"""One module per question type: its spec fields, answer validation and CSV columns.

To add a type, copy the module of the closest existing type, rename the class and its
``type`` literal, and add it to ``QUESTION_TYPES`` below; everything else (loading, checks,
storage, CSV) finds it through the class's methods.
"""

from __future__ import annotations

from umfrage.questionnaire.types.matrix import MatrixQuestion
from umfrage.questionnaire.types.multi import MultiQuestion
from umfrage.questionnaire.types.number import NumberQuestion
from umfrage.questionnaire.types.ranking import RankingQuestion
from umfrage.questionnaire.types.single import SingleQuestion
from umfrage.questionnaire.types.text import TextQuestion

QUESTION_TYPES = {
    cls.type_name: cls
    for cls in (
        SingleQuestion,
        MultiQuestion,
        RankingQuestion,
        MatrixQuestion,
        NumberQuestion,
        TextQuestion,
    )
}

__all__ = [
    "QUESTION_TYPES",
    "MatrixQuestion",
    "MultiQuestion",
    "NumberQuestion",
    "RankingQuestion",
    "SingleQuestion",
    "TextQuestion",
]
