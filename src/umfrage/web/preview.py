"""The read-only preview of a questionnaire: sections and questions in reading order.

The respondent renderer (umfrage.collect) may later replace this with the real pages; until
then staff see every question, its options and when it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from umfrage.collect.types import module_for
from umfrage.questionnaire.base import Condition
from umfrage.questionnaire.spec import Question, Questionnaire, Section

OPERATOR_WORDS = {
    "equals": "ist",
    "not_equals": "ist nicht",
    "in": "ist eins von",
    "contains": "enthält",
    "gt": "größer als",
    "ge": "mindestens",
    "lt": "kleiner als",
    "le": "höchstens",
}


def describe(condition: Condition) -> str:
    """A condition in plain words, e.g. „social_media“ ist „ja“."""
    if condition.all is not None:
        return " und ".join(f"({describe(c)})" for c in condition.all)
    if condition.any is not None:
        return " oder ".join(f"({describe(c)})" for c in condition.any)
    if condition.not_ is not None:
        return f"nicht ({describe(condition.not_)})"
    subject = f"„{condition.question}“"
    if condition.answered is not None:
        return f"{subject} {'beantwortet' if condition.answered else 'nicht beantwortet'}"
    op = condition.operator or ""
    value: Any = getattr(condition, "in_" if op == "in" else op)
    shown = ", ".join(value) if isinstance(value, tuple) else value
    return f"{subject} {OPERATOR_WORDS.get(op, op)} „{shown}“"


@dataclass(frozen=True)
class PreviewQuestion:
    number: int
    question: Question
    shown_if: str | None
    template: str
    detail: str = ""


@dataclass(frozen=True)
class PreviewSection:
    section: Section
    shown_if: str | None
    questions: list[PreviewQuestion]


def preview_sections(questionnaire: Questionnaire) -> list[PreviewSection]:
    number = 0
    sections = []
    for section in questionnaire.sections:
        questions = []
        for question in section.questions:
            number += 1
            questions.append(
                PreviewQuestion(
                    number,
                    question,
                    describe(question.condition) if question.condition else None,
                    f"web/preview/{question.type}.html",
                    module_for(question).preview_detail(question),
                )
            )
        sections.append(
            PreviewSection(
                section, describe(section.condition) if section.condition else None, questions
            )
        )
    return sections
