"""The cast of the web questionnaire's tests: a survey in the database, a respondent, an outsider."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from tests.collect.helpers import Respondent, invite
from tests.collect.survey import QUESTIONNAIRE, SURVEY
from umfrage.store.models import Survey, Wave


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _static_root(tmp_path: Path, settings: Settings) -> None:
    # WhiteNoise warns about a missing STATIC_ROOT; static files come from the finders in tests.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture
def questionnaire_file(tmp_path: Path) -> Path:
    """The representative questionnaire as a file, as a survey folder would hold it."""
    folder = tmp_path / "fixtures" / "testumfrage" / "waves" / "2030"
    folder.mkdir(parents=True)
    (folder / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (folder.parent.parent / "survey.yaml").write_text(SURVEY, encoding="utf-8")
    return folder / "questionnaire.yaml"


@pytest.fixture
def wave(db: None, questionnaire_file: Path) -> Wave:
    survey = Survey.objects.create(
        slug="testumfrage",
        title="Testumfrage",
        owner="Servicebüro Test, umfrage@example.org",
        synthetic=True,
        config_text=SURVEY,
    )
    return Wave.objects.create(
        survey=survey,
        key="2030",
        title="Testumfrage 2030",
        status=Wave.Status.OPEN,
        questionnaire_text=questionnaire_file.read_text(encoding="utf-8"),
    )


@pytest.fixture
def respondent(wave: Wave) -> Respondent:
    invitation, token = invite(wave)
    person = Respondent(Client(), token, invitation)
    person.open_link()
    return person


@pytest.fixture
def make_respondent(wave: Wave) -> Callable[..., Respondent]:
    def make(key: str = "B-2", name: str = "Bündnis Pankow") -> Respondent:
        invitation, token = invite(wave, key, name)
        person = Respondent(Client(), token, invitation)
        person.open_link()
        return person

    return make
