"""The respondent chooses the language (issue 21): the switch, lang and dir, the stored choice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.collect.helpers import Respondent, invite, shown_of, version_of
from tests.collect.multilingual import QUESTIONNAIRE
from umfrage.store.models import Response, Wave


@pytest.fixture
def questionnaire_file(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures" / "testumfrage" / "waves" / "2030"
    folder.mkdir(parents=True)
    (folder / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    return folder / "questionnaire.yaml"


def _person(wave: Wave, key: str = "B-1", language: str = "") -> Respondent:
    invitation, token = invite(wave, key)
    if language:
        invitation.organisation.language = language
        invitation.organisation.save()
    person = Respondent(Client(), token, invitation)
    person.open_link()
    return person


def _switch(person: Respondent, page: str, code: str, data: dict[str, str]) -> object:
    shown = person.get_page(page)
    return person.client.post(
        reverse("collect:page", args=[page]),
        {"version": version_of(shown), "gezeigt": shown_of(shown), "sprache": code, **data},
    )


def test_german_first_with_a_switch_naming_each_language_in_itself(wave: Wave) -> None:
    person = _person(wave)
    page = person.client.get(reverse("collect:welcome")).content.decode()
    assert '<html lang="de" dir="ltr">' in page
    assert "Testumfrage 2030" in page
    assert 'name="sprache" value="en" lang="en" dir="ltr">English</button>' in page
    assert 'value="ar" lang="ar" dir="rtl">العربية</button>' in page
    # Leichte Sprache is German: marked up as such.
    assert 'value="de-x-ls" lang="de" dir="ltr">Leichte Sprache</button>' in page
    assert (
        '<span class="languages__current" lang="de" dir="ltr" aria-current="true">Deutsch</span>'
        in page
    )


def test_the_register_language_opens_the_questionnaire_in_english(wave: Wave) -> None:
    person = _person(wave, language="en")
    page = person.client.get(reverse("collect:welcome"))
    text = page.content.decode()
    assert '<html lang="en" dir="ltr">' in text and page["Content-Language"] == "en"
    assert "Test survey 2030" in text and "Welcome to the test survey" in text


def test_a_register_language_the_wave_does_not_offer_opens_german(wave: Wave) -> None:
    person = _person(wave, language="tr")
    assert '<html lang="de"' in person.client.get(reverse("collect:welcome")).content.decode()


def test_switch_on_a_page_keeps_what_was_typed_and_remembers_the_language(wave: Wave) -> None:
    person = _person(wave)
    answer = person.post_page(
        "A", {"q-koordination": "sonstiges", "q-koordination-other": "Nebenan"}
    )
    assert answer.status_code == 303
    switched = _switch(person, "B", "ar", {"q-themen": ["kita"], "q-anmerkungen": "مرحبا"})
    assert switched.status_code == 303 and switched["Location"] == reverse(
        "collect:page", args=["B"]
    )
    page = person.get_page("B").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "ما هي المواضيع التي تعملون عليها؟" in page
    assert re.search(r'value="kita"[^>]*checked', page)
    response = Response.objects.get(organisation=person.invitation.organisation)
    assert response.language == "ar"
    assert response.answers == {
        "koordination": "sonstiges",
        "koordination.other": "Nebenan",
        "themen": ["kita"],
        "anmerkungen": "مرحبا",
    }


def test_switch_with_an_invalid_entry_keeps_it_and_saves_the_rest(wave: Wave) -> None:
    person = _person(wave)
    page = _switch(person, "A", "en", {"q-koordination": "kommune", "q-anzahl_partner": "viele"})
    text = page.content.decode()  # type: ignore[attr-defined]
    assert page.status_code == 200  # type: ignore[attr-defined]
    assert '<html lang="en"' in text and 'value="viele"' in text
    assert "How many partners take part?" in text
    response = Response.objects.get(organisation=person.invitation.organisation)
    assert response.answers == {"koordination": "kommune"} and response.language == "en"


def test_answers_in_english_are_the_same_data_as_in_german(wave: Wave) -> None:
    answers = {
        "q-koordination": "kommune",
        "q-anzahl_partner": "12",
        "q-themen": ["kita", "pflege"],
        "q-zufriedenheit-raeume": "1",
        "q-anmerkungen": "Alles gut",
    }
    stored = []
    for key, language in (("B-1", ""), ("B-2", "en"), ("B-3", "de-x-ls")):
        person = _person(wave, key, language)
        for section in ("A", "B"):
            posted = person.post_page(section, answers)
            assert posted.status_code == 303, re.findall(
                r'<a href="#[^"]*">[^<]*</a>', posted.content.decode()
            )
        assert person.submit().status_code == 303
        response = Response.objects.get(organisation=person.invitation.organisation)
        assert response.language == (language or "de")
        stored.append((response.status, response.answers))
    assert stored[0] == stored[1] == stored[2]
    assert stored[0][0] == Response.Status.COMPLETE


def test_welcome_switch_redirects_back_and_ignores_foreign_addresses(wave: Wave) -> None:
    person = _person(wave)
    url = reverse("collect:language")
    back = person.client.post(url, {"sprache": "de-x-ls", "zurueck_zu": reverse("collect:welcome")})
    assert back.status_code == 303 and back["Location"] == reverse("collect:welcome")
    page = person.client.get(reverse("collect:welcome")).content.decode()
    assert "Test-Umfrage 2030" in page and '<html lang="de"' in page
    elsewhere = person.client.post(url, {"sprache": "en", "zurueck_zu": "https://example.org/"})
    assert elsewhere["Location"].startswith("/")
    unknown = person.client.post(url, {"sprache": "fr", "zurueck_zu": reverse("collect:welcome")})
    assert unknown.status_code == 303
    assert "Test survey 2030" in person.client.get(reverse("collect:welcome")).content.decode()


def test_an_anonymous_wave_switches_language_but_stores_none(wave: Wave) -> None:
    anonymous = Wave.objects.create(
        survey=wave.survey,
        key="2031",
        title="Anonym",
        status=Wave.Status.OPEN,
        questionnaire_text=QUESTIONNAIRE.replace('wave: "2030"', 'wave: "2031"\nanonymous: true'),
    )
    person = _person(anonymous, "B-9", language="en")
    assert '<html lang="en"' in person.client.get(reverse("collect:welcome")).content.decode()
    switched = _switch(person, "A", "ar", {"q-koordination": "kommune"})
    assert switched.status_code == 303  # type: ignore[attr-defined]
    assert '<html lang="ar" dir="rtl">' in person.get_page("A").content.decode()
    stored = Response.objects.get(wave=anonymous)
    assert stored.answers == {"koordination": "kommune"} and stored.language == ""
