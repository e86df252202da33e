"""The demo's respondent link."""

from __future__ import annotations

from django.test import Client

from tests.collect.helpers import invite
from umfrage.collect.demo import demo_link
from umfrage.store.models import Organisation, Response, Wave


def test_the_demo_link_opens_the_questionnaire_of_an_organisation_that_has_not_answered(
    wave: Wave,
) -> None:
    answered, _ = invite(wave, "B-1", "Bündnis Mitte")
    Response.objects.create(wave=wave, organisation=answered.organisation, status="complete")
    Organisation.objects.create(survey=wave.survey, key="B-2", name="Bündnis Pankow", position=1)
    link, whom = demo_link(wave.survey, "http://127.0.0.1:8000/")
    assert link is not None and link.startswith("http://127.0.0.1:8000/t/")
    assert whom == "Bündnis Pankow, Welle 2030"
    client = Client()
    assert client.get(link.removeprefix("http://127.0.0.1:8000"))["Location"] == "/fragebogen/"
    assert "Sie antworten für: Bündnis Pankow" in client.get("/fragebogen/").content.decode()


def test_without_an_open_wave_there_is_no_link_and_it_says_why(wave: Wave) -> None:
    Organisation.objects.create(survey=wave.survey, key="B-2", name="Bündnis Pankow")
    wave.status = Wave.Status.PUBLISHED
    wave.save()
    link, why = demo_link(wave.survey, "http://127.0.0.1:8000")
    assert link is None
    assert "Keine Welle von „Testumfrage“ ist geöffnet" in why
