"""Fixtures shared by every test: the example survey and a database loaded with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"


@pytest.fixture(autouse=True)
def _fresh_link_limits(request: pytest.FixtureRequest) -> None:
    """Every test that uses the database starts with no wrong links counted: the counters live
    in a database table (cache ``limits``) that flushing the models' tables leaves alone."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames)
    )
    from django.conf import settings

    if not uses_db or "limits" not in settings.CACHES:
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        from django.core.cache import caches

        caches["limits"].clear()


@pytest.fixture
def example_dir() -> Path:
    """The committed example survey folder (read-only: copy it before changing anything)."""
    return EXAMPLE


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example survey folder that a test may change."""
    target = tmp_path / "buendnisumfrage"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def loaded_example(db: None) -> object:
    """The example survey loaded into the test database; returns the Survey."""
    from umfrage.store.folder import load_survey_folder
    from umfrage.store.models import Survey

    load_survey_folder(EXAMPLE)
    return Survey.objects.get(slug="buendnisumfrage")
