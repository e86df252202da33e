"""Conditions decide what is shown; hidden questions lose their answers."""

from __future__ import annotations

from typing import Any

import pytest

from umfrage.questionnaire.base import Condition
from umfrage.questionnaire.spec import Questionnaire


def cond(spec: dict[str, Any]) -> Condition:
    return Condition.model_validate(spec)


@pytest.mark.parametrize(
    ("spec", "answers", "shown"),
    [
        ({"question": "sm", "equals": "ja"}, {"sm": "ja"}, True),
        ({"question": "sm", "equals": "ja"}, {"sm": "nein"}, False),
        ({"question": "sm", "equals": "ja"}, {}, False),
        ({"question": "sm", "not_equals": "ja"}, {"sm": "nein"}, True),
        ({"question": "sm", "not_equals": "ja"}, {}, False),
        ({"question": "sm", "in": ["ja", "planung"]}, {"sm": "planung"}, True),
        ({"question": "ch", "contains": "instagram"}, {"ch": ["facebook", "instagram"]}, True),
        ({"question": "ch", "contains": "instagram"}, {"ch": ["facebook"]}, False),
        ({"question": "n", "ge": 10}, {"n": 10}, True),
        ({"question": "n", "gt": 10}, {"n": 10}, False),
        ({"question": "n", "lt": 10}, {"n": 3}, True),
        ({"question": "n", "le": 2}, {"n": 3}, False),
        ({"question": "code", "equals": 1}, {"code": "1"}, True),
        ({"question": "sm", "answered": True}, {"sm": "ja"}, True),
        ({"question": "sm", "answered": False}, {}, True),
        (
            {"all": [{"question": "sm", "equals": "ja"}, {"question": "n", "gt": 5}]},
            {"sm": "ja", "n": 6},
            True,
        ),
        (
            {"all": [{"question": "sm", "equals": "ja"}, {"question": "n", "gt": 5}]},
            {"sm": "ja", "n": 5},
            False,
        ),
        (
            {"any": [{"question": "sm", "equals": "ja"}, {"question": "n", "gt": 5}]},
            {"sm": "nein", "n": 6},
            True,
        ),
        ({"not": {"question": "sm", "equals": "ja"}}, {"sm": "nein"}, True),
        ({"not": {"question": "sm", "equals": "ja"}}, {}, True),
    ],
)
def test_a_condition_holds_exactly_when_it_should(
    spec: dict[str, Any], answers: dict[str, Any], shown: bool
) -> None:
    assert cond(spec).evaluate(answers) is shown


@pytest.mark.parametrize(
    "spec",
    [
        {"question": "sm"},
        {"question": "sm", "equals": "ja", "in": ["ja"]},
        {"all": [], "any": []},
        {"equals": "ja"},
        {"question": "sm", "equals": "ja", "not": {"question": "x", "equals": "y"}},
    ],
)
def test_a_malformed_condition_is_refused(spec: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        cond(spec)


QUESTIONNAIRE = Questionnaire.model_validate(
    {
        "wave": "2024",
        "title": "Test",
        "sections": [
            {
                "id": "B",
                "title": "Digitalisierung",
                "questions": [
                    {
                        "id": "sm",
                        "type": "single",
                        "text": "Kanal?",
                        "options": [
                            {"code": "ja", "label": "Ja"},
                            {"code": "nein", "label": "Nein"},
                        ],
                    },
                    {
                        "id": "ch",
                        "type": "multi",
                        "text": "Welche?",
                        "if": {"question": "sm", "equals": "ja"},
                        "options": [
                            {"code": "insta", "label": "Instagram"},
                            {"code": "so", "label": "Sonstige", "other": True},
                        ],
                    },
                    {
                        "id": "warum",
                        "type": "text",
                        "text": "Warum Sonstige?",
                        "if": {"question": "ch", "contains": "so"},
                    },
                ],
            },
            {
                "id": "F",
                "title": "Nur mit Kanal",
                "if": {"question": "sm", "equals": "ja"},
                "questions": [
                    {"id": "zufrieden", "type": "number", "text": "Wie viele Follower?", "min": 0}
                ],
            },
        ],
    }
)


def test_clean_drops_answers_to_questions_that_became_hidden_even_in_chains() -> None:
    answers = {"sm": "nein", "ch": ["so"], "ch.other": "Threads", "warum": "weil", "zufrieden": 12}
    assert QUESTIONNAIRE.clean(answers) == {"sm": "nein"}


def test_clean_keeps_answers_to_questions_that_are_shown() -> None:
    answers = {"sm": "ja", "ch": ["so"], "ch.other": "Threads", "warum": "weil", "zufrieden": 12}
    assert QUESTIONNAIRE.clean(answers) == answers


def test_a_section_condition_hides_all_its_questions() -> None:
    assert QUESTIONNAIRE.is_shown("zufrieden", {"sm": "ja"})
    assert not QUESTIONNAIRE.is_shown("zufrieden", {"sm": "nein"})


def test_validate_names_answers_to_unknown_questions() -> None:
    assert QUESTIONNAIRE.validate({"sm": "ja", "gibtsnicht": 1}) == {
        "gibtsnicht": ["„gibtsnicht“ ist keine Frage dieser Welle."]
    }
