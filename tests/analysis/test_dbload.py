"""Loading a database wave gives exactly the frame that its responses.csv gives."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from umfrage.analysis.frame import OFFSET_COLUMN
from umfrage.analysis.reader import read_wave_csv
from umfrage.surveyfolder.survey import read_survey_folder

pytestmark = pytest.mark.django_db


def _stored(folder: Path) -> object:
    from umfrage.store.folder import load_survey_folder
    from umfrage.store.models import Survey

    load_survey_folder(folder)
    return Survey.objects.get(slug="mini")


def test_database_frame_equals_csv_frame(
    make_survey: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.loaders import frames as dbload
    from umfrage.loaders.frames import load_wave

    def no_fallback(*args: object) -> None:
        raise AssertionError("the column-wise path must not fall back to row by row")

    monkeypatch.setattr(dbload, "_slow", no_fallback)
    # Small blocks: the rows arrive and are parsed in many pieces, as a million rows would be.
    monkeypatch.setattr(dbload, "BLOCK", 2000)

    folder = make_survey(70, 50)
    survey = _stored(folder)
    files = read_survey_folder(folder, with_responses=False)
    for wave in ("2023", "2024"):
        from_csv = read_wave_csv(
            folder / "waves" / wave / "responses.csv", files.questionnaire(wave)
        )
        from_db = load_wave(survey.waves.get(key=wave))  # type: ignore[attr-defined]
        # The database keeps each moment in UTC, not the offset the file gave it with.
        assert from_db.data[OFFSET_COLUMN].isna().all()
        assert from_csv.data[OFFSET_COLUMN].notna().any()
        pd.testing.assert_frame_equal(
            from_db.data.drop(columns=OFFSET_COLUMN), from_csv.data.drop(columns=OFFSET_COLUMN)
        )


def test_a_wave_without_responses_loads_empty(make_survey: Callable[..., Path]) -> None:
    from umfrage.loaders.frames import load_wave
    from umfrage.store.models import Response

    survey = _stored(make_survey(10, 10))
    wave = survey.waves.get(key="2024")  # type: ignore[attr-defined]
    Response.objects.filter(wave=wave).delete()
    frame = load_wave(wave)
    assert len(frame) == 0
    assert "social" in frame.data.columns


def test_analyze_reads_a_database_survey_by_its_slug(make_survey: Callable[..., Path]) -> None:
    from umfrage.cli import main

    folder = make_survey(60, 40)
    _stored(folder)
    from_db = CliRunner().invoke(
        main, ["analyze", "mini", "--wave", "2024", "--compare", "2023", "--format", "json"]
    )
    from_folder = CliRunner().invoke(
        main, ["analyze", str(folder), "--wave", "2024", "--compare", "2023", "--format", "json"]
    )
    assert from_db.exit_code == 0, from_db.output
    stored = json.loads(from_db.stdout)
    # The database knows the language of every response (issue 21); responses.csv does not.
    assert stored.pop("languages") == {"de": stored["n"]}
    assert stored == json.loads(from_folder.stdout)


def test_an_unknown_slug_is_a_plain_error() -> None:
    from umfrage.cli import main

    result = CliRunner().invoke(main, ["analyze", "gibtsnicht", "--wave", "2024"])
    assert result.exit_code == 1
    assert "weder ein Umfrageordner noch eine Umfrage" in result.stderr


def test_comparing_a_stored_wave_with_itself_is_refused(make_survey: Callable[..., Path]) -> None:
    from umfrage.cli import main

    _stored(make_survey(20, 20))
    result = CliRunner().invoke(
        main, ["analyze", "mini", "--wave", "2024", "--compare", "2024", "--format", "json"]
    )
    assert result.exit_code == 1
    assert "Die Welle 2024 kann nicht mit sich selbst verglichen werden." in result.stderr
    assert result.stdout == ""
