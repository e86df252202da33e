"""``single`` in imports: one code column; SPSS stores integer codes as numbers."""

from __future__ import annotations

from typing import Any

from umfrage.importers.mapping import Mapping
from umfrage.importers.types.base import (
    code_of,
    fill_nothing,
    integer_codes,
    no_rank_code,
    option_labels,
)
from umfrage.questionnaire.types import SingleQuestion

ROLE = "code"
fill_unchosen = fill_nothing
rank_code = no_rank_code


def column_role(question: SingleQuestion) -> str:
    return ROLE


def cell(question: SingleQuestion, text: str, labels: dict[str, str], mapping: Mapping) -> str:
    return code_of(question, question.options, text, labels, mapping)


def spss_numeric(question: SingleQuestion) -> bool:
    return integer_codes(question)


def spss_labels(question: SingleQuestion, numeric: bool) -> dict[Any, str]:
    return option_labels(question, question.options, numeric)
