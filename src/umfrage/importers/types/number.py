"""``number`` in imports: one column, read by the question's own checks."""

from __future__ import annotations

from typing import Any

from umfrage.importers.types.base import as_is, fill_nothing, no_rank_code
from umfrage.questionnaire.types import NumberQuestion

cell = as_is
fill_unchosen = fill_nothing
rank_code = no_rank_code


def column_role(question: NumberQuestion) -> str:
    return "number"


def spss_numeric(question: NumberQuestion) -> bool:
    return True


def spss_labels(question: NumberQuestion, numeric: bool) -> dict[Any, str]:
    return {}
