"""Fixtures shared by every test: the example survey and a database loaded with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"


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
