"""One message for a survey or wave key that is not in the database, wherever it is asked for."""

from __future__ import annotations

import pytest

from umfrage.store.lookup import survey_missing, wave_missing
from umfrage.store.models import Survey


@pytest.mark.django_db
def test_a_missing_survey_names_the_ones_there_are() -> None:
    Survey.objects.create(slug="mini", title="Mini")
    error = survey_missing("maxi", "--survey", "Laden Sie eine.")
    (problem,) = error.problems
    assert problem.message == "Die Umfrage „maxi“ ist nicht in der Datenbank."
    assert problem.fix == "Vorhandene Umfragen: mini. Laden Sie eine."
    assert problem.file == "--survey"


@pytest.mark.django_db
def test_a_missing_wave_names_the_waves_the_survey_has() -> None:
    survey = Survey.objects.create(slug="mini", title="Mini")
    (problem,) = wave_missing(survey, "2099", "antworten.csv").problems
    assert problem.message == "Die Umfrage „mini“ hat keine Welle „2099“."
    assert problem.fix == "Vorhandene Wellen: keine."
