"""The organisation's language (issue 21): an optional register column; e-mails in it where the
wave offers it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from umfrage.invitations.messages import letter_for, letter_language, prepare
from umfrage.invitations.register import import_register, read_register_file
from umfrage.questionnaire.problems import ProblemsError
from umfrage.store.folder import stored_register
from umfrage.store.models import Invitation, Organisation, Survey

pytestmark = pytest.mark.django_db

ENGLISH_WAVE = """\
wave: "2030"
title: {de: Bündnisumfrage 2030, en: Alliance survey 2030}
languages: [de, en]
estimated_minutes: 10
sections:
  - id: A
    title: {de: Teil A, en: Part A}
    questions:
      - {id: frage, type: text, text: {de: Eine Frage?, en: A question?}}
"""


def test_the_register_reads_writes_and_checks_a_language_column(tmp_path: Path) -> None:
    survey = Survey.objects.create(slug="register", title="Registertest", config_text="")
    path = tmp_path / "r.csv"
    path.write_text(
        "Kennung,Name,Sprache\nb1,Bündnis Eins,EN\nb2,Bündnis Zwei,\nb3,Bündnis Drei,de-x-ls\n",
        encoding="utf-8",
    )
    import_register(survey, read_register_file(path))
    languages = dict(Organisation.objects.filter(survey=survey).values_list("key", "language"))
    assert languages == {"b1": "en", "b2": "", "b3": "de-x-ls"}
    register = stored_register(survey)
    assert "language" in register.columns
    assert [o.value("language") for o in register.organisations] == ["en", "", "de-x-ls"]
    assert Organisation.objects.get(survey=survey, key="b1").language_name() == "Englisch"
    assert Organisation.objects.get(survey=survey, key="b2").language_name() == "Deutsch"

    path.write_text("id,name,language\nb1,Bündnis Eins,klingonisch\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        read_register_file(path)
    message = str(caught.value.problems[0])
    assert "r.csv:2" in message
    assert "Spalte C („language“): „klingonisch“ ist keine Sprache, die Umfrage kennt." in message
    # Without the column, a later import leaves the languages as they are.
    path.write_text("id,name\nb1,Bündnis Eins\n", encoding="utf-8")
    import_register(survey, read_register_file(path))
    assert Organisation.objects.get(survey=survey, key="b1").language == "en"


def _invitation(make_wave: Any, questionnaire: str | None, language: str) -> Invitation:
    wave = make_wave(2)
    if questionnaire is not None:
        wave.questionnaire_text = questionnaire
        wave.save()
    organisation = Organisation.objects.get(survey=wave.survey, key="b001")
    organisation.language = language
    organisation.save()
    return Invitation.objects.create(wave=wave, organisation=organisation)


def test_letters_go_out_in_the_organisations_language_where_the_wave_has_it(
    make_wave: Any,
) -> None:
    invitation = _invitation(make_wave, ENGLISH_WAVE, "en")
    assert letter_language(invitation) == "en"
    letter = letter_for(invitation, "invitation", "abc")
    assert "Alliance survey 2030" in letter.text and "Bündnisumfrage 2030" not in letter.text
    assert "June 30, 2099" in letter.text
    assert '<html lang="en" dir="ltr">' in letter.html
    payload = prepare(invitation, "invitation", 1, "abc", now=invitation.created_at).payload
    assert b"Content-Language: en" in payload


def test_a_language_the_wave_does_not_offer_gets_german_letters(make_wave: Any) -> None:
    invitation = _invitation(make_wave, None, "en")
    assert letter_language(invitation) == "de"
    letter = letter_for(invitation, "invitation", "abc")
    assert "Bündnisumfrage 2030" in letter.text and "30.\u00a0Juni 2099" in letter.text
    assert '<html lang="de" dir="ltr">' in letter.html
    payload = prepare(invitation, "invitation", 1, "abc", now=invitation.created_at).payload
    assert b"Content-Language: de" in payload
