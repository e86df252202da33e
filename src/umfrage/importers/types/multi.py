"""``multi`` in imports: one 0/1 column per option; tools that mark only chosen options
(LimeSurvey's ``Y`` / empty) leave the others blank."""

from __future__ import annotations

from typing import Any

from umfrage.importers.mapping import Mapping
from umfrage.importers.types.base import CHOSEN, NOT_CHOSEN, no_rank_code
from umfrage.questionnaire.types import MultiQuestion

rank_code = no_rank_code


def column_role(question: MultiQuestion) -> str:
    return "flag"


def cell(question: MultiQuestion, text: str, labels: dict[str, str], mapping: Mapping) -> str:
    mapped = mapping.value_for(question.id, text)
    if mapped is not None:
        return mapped
    word = text.lower()
    if word in CHOSEN or labels.get(text, "").lower() in CHOSEN:
        return "1"
    if word in NOT_CHOSEN or labels.get(text, "").lower() in NOT_CHOSEN:
        return "0"
    return text


def fill_unchosen(question: MultiQuestion, row: dict[str, str]) -> None:
    """Once one option of a row is chosen, the blank ones were shown and not chosen."""
    q = question
    other = q.other_option()
    if other is not None and row.get(f"{q.id}.other") and not row.get(f"{q.id}.{other.code}"):
        row[f"{q.id}.{other.code}"] = "1"
    columns = [f"{q.id}.{code}" for code in q.codes()]
    if any(row.get(c) == "1" for c in columns) or row.get(f"{q.id}.other"):
        for c in columns:
            if not row.get(c):
                row[c] = "0"


def spss_numeric(question: MultiQuestion) -> bool:
    return True


def spss_labels(question: MultiQuestion, numeric: bool) -> dict[Any, str]:
    return {0.0: "nicht gewählt", 1.0: "gewählt"}
