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
