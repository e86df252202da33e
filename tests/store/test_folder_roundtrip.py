"""Folder → database → folder is lossless, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.minisurvey import make_minisurvey
from umfrage.questionnaire.problems import ProblemsError
from umfrage.store.folder import dump_survey_folder, load_survey_folder
from umfrage.store.models import Organisation, Response, ResponseHistory, Survey

pytestmark = pytest.mark.django_db(transaction=False)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "README.md"
    }


def test_the_mini_survey_comes_back_byte_for_byte(tmp_path: Path) -> None:
    source = make_minisurvey(tmp_path / "in")
    load_survey_folder(source)
    dump_survey_folder(Survey.objects.get(slug="mini"), tmp_path / "out")
    assert files_of(tmp_path / "out") == files_of(source)


@pytest.mark.skipif(
    not (EXAMPLE / "survey.yaml").exists(), reason="example survey not generated yet"
)
def test_the_example_survey_comes_back_byte_for_byte(tmp_path: Path) -> None:
    load_survey_folder(EXAMPLE)
    dump_survey_folder(Survey.objects.get(slug="buendnisumfrage"), tmp_path / "out")
    assert files_of(tmp_path / "out") == files_of(EXAMPLE)


def test_loading_records_an_import_entry_in_each_responses_history(tmp_path: Path) -> None:
    load_survey_folder(make_minisurvey(tmp_path))
    assert Response.objects.count() == 6
    assert set(ResponseHistory.objects.values_list("version", "source", "changed_by")) == {
        (1, "import", "Import")
    }
    assert ResponseHistory.objects.count() == 6


def test_a_broken_folder_leaves_the_database_untouched(tmp_path: Path) -> None:
    good = make_minisurvey(tmp_path / "good")
    load_survey_folder(good)
    broken = make_minisurvey(
        tmp_path / "bad",
        {"waves/2024/responses.csv": "organisation,submitted_at,status\nB-1,,kaputt\n"},
    )
    with pytest.raises(ProblemsError):
        load_survey_folder(broken, replace=True)
    assert Response.objects.count() == 6
    assert Organisation.objects.count() == 4


def test_loading_the_same_survey_twice_needs_replace(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    load_survey_folder(folder)
    with pytest.raises(ProblemsError) as caught:
        load_survey_folder(folder)
    assert "ist schon in der Datenbank" in str(caught.value)
    summary = load_survey_folder(folder, replace=True)
    assert summary.waves == {"2023": 3, "2024": 3}
    assert Survey.objects.count() == 1 and Response.objects.count() == 6


def test_an_organisation_that_left_the_register_stays_out_after_dump_and_reload(
    tmp_path: Path,
) -> None:
    load_survey_folder(make_minisurvey(tmp_path / "in"))
    survey = Survey.objects.get(slug="mini")
    leaver = Organisation.objects.filter(survey=survey).order_by("position").last()
    assert leaver is not None
    Organisation.objects.filter(pk=leaver.pk).update(active=False)

    dump_survey_folder(survey, tmp_path / "out")
    lines = (tmp_path / "out" / "organisations.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",active")
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["1"] * (len(lines) - 2) + ["0"]

    load_survey_folder(tmp_path / "out", replace=True)
    survey = Survey.objects.get(slug="mini")
    assert not Organisation.objects.get(survey=survey, key=leaver.key).active
    assert Organisation.objects.filter(survey=survey, active=True).count() == len(lines) - 2
    dump_survey_folder(survey, tmp_path / "again")
    assert files_of(tmp_path / "again") == files_of(tmp_path / "out")
