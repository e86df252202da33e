"""The demo's English link (issue 21): the example carries German, English and Leichte Sprache,
and an organisation whose register language is English gets a link that opens in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from umfrage.collect.demo import demo_link
from umfrage.demo import open_demo_wave
from umfrage.store.folder import load_survey_folder
from umfrage.store.models import Survey

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


@pytest.mark.django_db
def test_the_demo_prints_a_link_that_opens_in_english() -> None:
    load_survey_folder(EXAMPLE)
    survey = Survey.objects.get()
    wave = open_demo_wave(survey, timezone.now())
    questionnaire = wave.questionnaire()
    assert questionnaire.respondent_languages() == ("de", "en", "de-x-ls")
    assert questionnaire.title.text_in("en") == f"Alliance survey {wave.key}"
    link, whom = demo_link(survey, "http://127.0.0.1:8000", language="en")
    assert link is not None, whom
    organisation = survey.organisations.get(name=whom.split(", Welle")[0])
    assert organisation.language == "en"
    client = Client()
    client.get(link.removeprefix("http://127.0.0.1:8000"))
    page = client.get("/fragebogen/").content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert f"Alliance survey {wave.key}" in page
    assert "Dear coordinators of the Local Alliances for Families" in page
    # Leichte Sprache is offered by the switch, marked up as German.
    assert 'value="de-x-ls" lang="de" dir="ltr">Leichte Sprache</button>' in page


@pytest.mark.parametrize("key", ["2023", "2024"])
def test_both_example_waves_offer_english_and_leichte_sprache(key: str) -> None:
    from umfrage.questionnaire.loader import load_questionnaire

    questionnaire = load_questionnaire(EXAMPLE / "waves" / key / "questionnaire.yaml")
    assert questionnaire.respondent_languages() == ("de", "en", "de-x-ls")
    english = questionnaire.in_language("en")
    easy = questionnaire.in_language("de-x-ls")
    german = questionnaire.in_language("de")
    assert english.title == f"Alliance survey {key}"
    assert easy.title == f"Umfrage für Bündnisse {key}"
    # The same questions and codes in every language; only the texts differ.
    for other in (english, easy):
        assert [q.id for q in other.questions()] == [q.id for q in german.questions()]
    assert english.question("bundesland").text == "In which federal state is your alliance active?"
