"""``matrix`` in imports: one code column per item, codes of the scale."""

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
from umfrage.questionnaire.types import MatrixQuestion

ROLE = "code"
fill_unchosen = fill_nothing
rank_code = no_rank_code


def column_role(question: MatrixQuestion) -> str:
    return ROLE


def cell(question: MatrixQuestion, text: str, labels: dict[str, str], mapping: Mapping) -> str:
    return code_of(question, question.scale, text, labels, mapping)


def spss_numeric(question: MatrixQuestion) -> bool:
    return integer_codes(question)


def spss_labels(question: MatrixQuestion, numeric: bool) -> dict[Any, str]:
    return option_labels(question, question.scale, numeric)
