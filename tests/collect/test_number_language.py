"""A number's range hint and its messages in the respondent's language (issue 21): the span
comes from the catalogues with the limits as placeholders, written in the language's numbers
without a thousands separator (a year stays 1990); German as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.collect.helpers import Respondent, invite, text_of
from tests.collect.multilingual import QUESTIONNAIRE
from umfrage.collect.types.number import hint, out_of_range, parse, shown_value
from umfrage.questionnaire.types import NumberQuestion
from umfrage.store.models import Wave


def _number(**extra: object) -> NumberQuestion:
    return NumberQuestion.model_validate(
        {"id": "n", "type": "number", "text": "Wie viele?", **extra}
    )


def _post(value: str) -> QueryDict:
    post = QueryDict(mutable=True)
    post["q-n"] = value
    return post


CASES = [
    # (limits, language, hint)
    ({"min": 0, "max": 999}, "de", "Bitte geben Sie eine ganze Zahl von 0 bis 999 ein."),
    ({"min": 0, "max": 999}, "en", "Please enter a whole number from 0 to 999."),
    ({"min": 0, "max": 999}, "tr", "Lütfen 0 ile 999 arasında bir tam sayı girin."),
    ({"min": 0, "max": 999}, "ar", "يُرجى إدخال عدد صحيح من 0 إلى 999."),
    ({"min": 1990, "max": 2030}, "en", "Please enter a whole number from 1990 to 2030."),
    ({"min": 1990, "max": 2030}, "tr", "Lütfen 1990 ile 2030 arasında bir tam sayı girin."),
    ({"min": 1990, "max": 2030}, "ar", "يُرجى إدخال عدد صحيح من 1990 إلى 2030."),
    ({"min": 0, "max": 99999}, "en", "Please enter a whole number from 0 to 99999."),
    ({"min": 1}, "de", "Bitte geben Sie eine ganze Zahl von mindestens 1 ein."),
    ({"min": 1}, "en", "Please enter a whole number of at least 1."),
    ({"min": 1}, "tr", "Lütfen en az 1 olan bir tam sayı girin."),
    ({"min": 1}, "ar", "يُرجى إدخال عدد صحيح لا يقل عن 1."),
    ({"max": 40}, "de", "Bitte geben Sie eine ganze Zahl von höchstens 40 ein."),
    ({"max": 40}, "en", "Please enter a whole number of at most 40."),
    ({"max": 40}, "tr", "Lütfen en fazla 40 olan bir tam sayı girin."),
    ({"max": 40}, "ar", "يُرجى إدخال عدد صحيح لا يزيد عن 40."),
    (
        {"min": 0.5, "max": 2.5, "decimals": 1, "unit": "km"},
        "de",
        "Bitte geben Sie eine Zahl von 0,5 bis 2,5 ein (km).",
    ),
    (
        {"min": 0.5, "max": 2.5, "decimals": 1, "unit": "km"},
        "en",
        "Please enter a number from 0.5 to 2.5 (km).",
    ),
    (
        {"min": 0.5, "max": 2.5, "decimals": 1, "unit": "km"},
        "tr",
        "Lütfen 0,5 ile 2,5 arasında bir sayı girin (km).",
    ),
    (
        {"min": 0.5, "max": 2.5, "decimals": 1, "unit": "km"},
        "ar",
        "يُرجى إدخال عدد من 0,5 إلى 2,5 (km).",
    ),
    ({}, "en", "Please enter a whole number."),
]


@pytest.mark.parametrize(("limits", "code", "expected"), CASES)
def test_the_hint_is_in_the_active_language(
    limits: dict[str, object], code: str, expected: str
) -> None:
    with translation.override(code):
        assert hint(_number(**limits)) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "Bitte geben Sie eine ganze Zahl von 1990 bis 2030 ein."),
        ("en", "Please enter a whole number from 1990 to 2030."),
        ("tr", "Lütfen 1990 ile 2030 arasında bir tam sayı girin."),
        ("ar", "يُرجى إدخال عدد صحيح من 1990 إلى 2030."),
    ],
)
def test_a_number_outside_the_range_is_refused_in_the_active_language(
    code: str, expected: str
) -> None:
    question = _number(min=1990, max=2030, unit="Jahr")
    with translation.override(code):
        # The message leaves the unit out, as the questionnaire's own check does.
        assert parse(question, _post("1989"), {}) == ({"n": 1989}, [expected])
        assert out_of_range(question, 2031) == [expected]
        assert parse(question, _post("2000"), {}) == ({"n": 2000}, [])


def test_the_german_message_is_the_questionnaires_own() -> None:
    question = _number(min=0, max=999)
    with translation.override("de"):
        assert out_of_range(question, 1000) == question.check_value(1000, {})


@pytest.fixture
def questionnaire_file(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures" / "testumfrage" / "waves" / "2030"
    folder.mkdir(parents=True)
    (folder / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    return folder / "questionnaire.yaml"


@pytest.mark.parametrize(
    ("code", "expected", "german"),
    [
        ("en", "Please enter a whole number from 0 to 999.", "ganze Zahl"),
        ("ar", "يُرجى إدخال عدد صحيح من 0 إلى 999.", "ganze Zahl"),
    ],
)
def test_the_page_shows_hint_and_error_in_the_respondents_language(
    wave: Wave, code: str, expected: str, german: str
) -> None:
    invitation, token = invite(wave)
    invitation.organisation.language = code
    invitation.organisation.save()
    person = Respondent(Client(), token, invitation)
    person.open_link()
    shown = text_of(person.get_page("A"))
    assert expected in shown and german not in shown and " bis " not in shown
    refused = person.post_page("A", {"q-koordination": "kommune", "q-anzahl_partner": "1000"})
    text = text_of(refused)
    assert refused.status_code == 200 and text.count(expected) >= 2  # the hint and the error
    assert german not in text
    assert person.client.get(reverse("collect:review")).status_code == 200


@pytest.mark.parametrize(
    ("language", "shown"), [("de", "2,5"), ("de-x-ls", "2,5"), ("en", "2.5"), ("tr", "2,5")]
)
def test_a_typed_decimal_is_shown_back_with_the_languages_decimal_mark(
    language: str, shown: str
) -> None:
    question = _number(decimals=1)
    with translation.override(language):
        assert shown_value(question, 2.5) == shown
        assert shown_value(_number(), 12) == "12"
        # what is shown is read back as the same number
        assert parse(question, _post(shown_value(question, 2.5)), {}) == ({"n": 2.5}, [])
