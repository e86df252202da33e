"""Responses are validated against their wave, and their history is append-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.minisurvey import make_minisurvey
from umfrage.store.folder import load_survey_folder
from umfrage.store.models import (
    HistoryIsAppendOnly,
    InvalidAnswers,
    Response,
    ResponseHistory,
    Wave,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def wave(tmp_path: Path) -> Wave:
    load_survey_folder(make_minisurvey(tmp_path))
    return Wave.objects.get(survey__slug="mini", key="2024")


def test_record_keeps_every_version_in_the_history(wave: Wave) -> None:
    response = Response.objects.create(wave=wave)
    response.record({"social_media": "ja"}, status="partial", by="Teilnehmende", source="web")
    response.record(
        {"social_media": "ja", "kanaele": ["insta"], "partner": 4},
        status="complete",
        by="Teilnehmende",
        source="web",
    )
    history = list(
        ResponseHistory.objects.filter(response=response).values_list(
            "version", "status", "answers"
        )
    )
    assert history == [
        (1, "partial", {"social_media": "ja"}),
        (2, "complete", {"social_media": "ja", "kanaele": ["insta"], "partner": 4}),
    ]


def test_record_drops_answers_to_questions_that_became_hidden(wave: Wave) -> None:
    response = Response.objects.create(wave=wave)
    response.record(
        {"social_media": "nein", "kanaele": ["insta"]}, status="partial", by="x", source="web"
    )
    response.refresh_from_db()
    assert response.answers == {"social_media": "nein"}


def test_record_refuses_answers_that_do_not_fit_the_wave(wave: Wave) -> None:
    response = Response.objects.create(wave=wave)
    with pytest.raises(InvalidAnswers) as caught:
        response.record(
            {"social_media": "vielleicht", "partner": 5000}, status="complete", by="x", source="web"
        )
    assert caught.value.problems == {
        "social_media": ["„vielleicht“ ist keine der Antwortmöglichkeiten."],
        "partner": ["Bitte geben Sie eine ganze Zahl von 0 bis 999 ein."],
    }
    response.refresh_from_db()
    assert response.version == 0 and not ResponseHistory.objects.filter(response=response).exists()


def test_history_can_be_neither_changed_nor_deleted(wave: Wave) -> None:
    response = Response.objects.filter(wave=wave).first()
    assert response is not None
    entry = ResponseHistory.objects.filter(response=response).get()
    entry.changed_by = "Fälscher:in"
    with pytest.raises(HistoryIsAppendOnly):
        entry.save()
    with pytest.raises(HistoryIsAppendOnly):
        entry.delete()
    with pytest.raises(HistoryIsAppendOnly):
        ResponseHistory.objects.filter(response=response).update(changed_by="x")
    with pytest.raises(HistoryIsAppendOnly):
        ResponseHistory.objects.filter(response=response).delete()
    assert ResponseHistory.objects.get(pk=entry.pk).changed_by == "Import"
