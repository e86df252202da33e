"""``text`` in imports: the text as it stands (plus its coding column, if any)."""

from __future__ import annotations

from typing import Any

from umfrage.importers.types.base import as_is, fill_nothing, no_rank_code
from umfrage.questionnaire.types import TextQuestion

cell = as_is
fill_unchosen = fill_nothing
rank_code = no_rank_code


def column_role(question: TextQuestion) -> str:
    return "text"


def spss_numeric(question: TextQuestion) -> bool:
    return False


def spss_labels(question: TextQuestion, numeric: bool) -> dict[Any, str]:
    return {}
