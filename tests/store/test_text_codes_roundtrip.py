"""Coded free texts go into the database and come back out byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reporting.coded_texts import make_coded_survey
from umfrage.store.folder import dump_survey_folder, load_survey_folder
from umfrage.store.models import Response, Survey

pytestmark = pytest.mark.django_db(transaction=False)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "README.md"
    }


def test_codes_are_stored_as_a_list_and_dumped_unchanged(tmp_path: Path) -> None:
    source = make_coded_survey(tmp_path / "in")
    load_survey_folder(source)
    stored = Response.objects.get(organisation__key="B-2", wave__key="2024")
    assert stored.answers["hindernisse.codes"] == ["zeit", "technik"]
    dump_survey_folder(Survey.objects.get(slug="mini"), tmp_path / "out")
    assert _files(tmp_path / "out") == _files(source)


def test_the_database_loader_reads_the_codes_like_the_file(tmp_path: Path) -> None:
    from umfrage.analysis.reader import read_wave_csv
    from umfrage.loaders.frames import load_wave
    from umfrage.surveyfolder.survey import read_survey_folder

    source = make_coded_survey(tmp_path / "in")
    load_survey_folder(source)
    wave = Survey.objects.get(slug="mini").waves.get(key="2024")
    from_db = load_wave(wave)
    questionnaire = read_survey_folder(source, with_responses=False).questionnaire("2024")
    from_file = read_wave_csv(source / "waves" / "2024" / "responses.csv", questionnaire)
    by_db = from_db.data.set_index("organisation")["hindernisse.codes"]
    by_file = from_file.data.set_index("organisation")["hindernisse.codes"]
    assert by_db["B-2"] == "zeit;technik"
    assert by_db.isna()["H-3"] and by_db.isna()["H-4"]
    assert by_db.sort_index().equals(by_file.sort_index())
