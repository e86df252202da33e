"""``ranking`` in imports: one rank column per option; LimeSurvey's rank columns name the
option (code or label) instead."""

from __future__ import annotations

from typing import Any

from umfrage.importers.types.base import as_is, fill_nothing
from umfrage.questionnaire.types import RankingQuestion

cell = as_is
fill_unchosen = fill_nothing


def column_role(question: RankingQuestion) -> str:
    return "rank"


def rank_code(question: RankingQuestion, text: str) -> str | None:
    """The option code a rank cell names (its code or its label), or the text as it stands."""
    for option in question.options:
        if text in (option.code, option.label):
            return str(option.code)
    return text


def spss_numeric(question: RankingQuestion) -> bool:
    return True


def spss_labels(question: RankingQuestion, numeric: bool) -> dict[Any, str]:
    return {}
