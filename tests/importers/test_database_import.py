"""Storing import plans: one transaction, and re-importing never duplicates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from umfrage.importers import plan_responses, plan_structure
from umfrage.importers.database import apply_plan, plan_changes
from umfrage.importers.mapping import Mapping
from umfrage.importers.plan import ImportPlan
from umfrage.importers.spss import write_responses
from umfrage.questionnaire.problems import ProblemsError
from umfrage.store.folder import survey_as_folder
from umfrage.store.models import Response, ResponseHistory, Survey, Wave
from umfrage.surveyfolder.responses import ResponseRecord
from umfrage.surveyfolder.survey import read_survey_folder, write_survey_folder

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")
ORGS = {"lb-001", "lb-002", "lb-003"}


def plan_of(survey: Survey, records: list[ResponseRecord]) -> ImportPlan:
    return ImportPlan("test.sav", "Test", survey.slug, "2024", records=list(records))


def stored(survey: Survey) -> list[tuple[str | None, str, dict]]:
    return [
        (r.organisation.key if r.organisation else None, r.status, r.answers)
        for r in Response.objects.filter(wave__survey=survey).order_by("position")
    ]


def test_it_stores_responses_with_history(stored_survey: Survey, sample_records: list) -> None:
    changes = apply_plan(plan_of(stored_survey, sample_records), actor="Servicebüro")
    assert len(changes.new) == 4
    assert stored(stored_survey) == [(r.organisation, r.status, r.answers) for r in sample_records]
    history = ResponseHistory.objects.filter(response__wave__survey=stored_survey)
    assert {(h.version, h.source, h.changed_by) for h in history} == {(1, "import", "Servicebüro")}


def test_importing_the_same_file_again_changes_nothing(
    stored_survey: Survey, sample_records: list
) -> None:
    apply_plan(plan_of(stored_survey, sample_records))
    again = plan_changes(plan_of(stored_survey, sample_records))
    assert (len(again.new), len(again.updated), again.unchanged) == (0, 0, 4)
    assert again.nothing()
    apply_plan(plan_of(stored_survey, sample_records))
    assert Response.objects.filter(wave__survey=stored_survey).count() == 4


def test_identical_anonymous_rows_count_as_a_multiset(
    stored_survey: Survey, sample_records: list
) -> None:
    anonymous = sample_records[2]
    apply_plan(plan_of(stored_survey, [anonymous]))
    changes = apply_plan(plan_of(stored_survey, [anonymous, anonymous, anonymous]))
    assert (len(changes.new), changes.unchanged) == (2, 1)
    assert Response.objects.filter(wave__survey=stored_survey, organisation=None).count() == 3


def test_a_changed_answer_of_an_organisation_updates_it_and_keeps_the_old_state(
    stored_survey: Survey, sample_records: list
) -> None:
    apply_plan(plan_of(stored_survey, sample_records[:2]))
    first = sample_records[1]
    changed = ResponseRecord(
        first.organisation, first.submitted_at, "complete", {**first.answers, "anzahl": 4}
    )
    changes = apply_plan(plan_of(stored_survey, [changed]))
    assert (len(changes.new), len(changes.updated)) == (0, 1)
    response = Response.objects.get(wave__survey=stored_survey, organisation__key="lb-002")
    assert response.answers["anzahl"] == 4
    assert list(response.history.values_list("version", "answers__anzahl")) == [(1, 0), (2, 4)]


def test_a_failure_half_way_stores_nothing(stored_survey: Survey, sample_records: list) -> None:
    broken = ResponseRecord("lb-999", None, "partial", {"social_media": "ja"})
    with pytest.raises(KeyError):
        apply_plan(plan_of(stored_survey, [*sample_records, broken]))
    assert Response.objects.filter(wave__survey=stored_survey).count() == 0
    assert ResponseHistory.objects.count() == 0


def test_a_sav_round_trip_through_the_database_reproduces_the_responses(
    stored_survey: Survey, sample_records: list, tmp_path: Path
) -> None:
    wave = stored_survey.waves.get(key="2024")
    apply_plan(plan_of(stored_survey, sample_records))
    folder = survey_as_folder(stored_survey)
    exported = folder.waves["2024"].responses
    path = tmp_path / "export.sav"
    write_responses(path, wave.questionnaire(), exported)
    plan = plan_responses(
        path,
        wave.questionnaire(),
        mapping=Mapping(),
        organisations=ORGS,
        survey="buendnis",
        wave="2024",
    )
    assert plan.records == exported
    assert plan_changes(plan).unchanged == 4


def test_a_limesurvey_structure_adds_an_earlier_wave_that_dumps_as_a_valid_folder(
    stored_survey: Survey, tmp_path: Path
) -> None:
    conversion = plan_structure(FIXTURES / "ls6_all_types.lss", survey="buendnis", wave="2019")
    changes = apply_plan(conversion.plan)
    assert changes.create_wave and not changes.create_survey
    announced = {(p.file, p.question, p.message) for p in changes.warnings}
    assert (
        "buendnis/waves/2024/questionnaire.yaml",
        "koordination",
        "Den Code „1“ gibt es in Welle „2019“ nicht (dort: A1, A2, sonstiges).",
    ) in announced
    # A question worded differently in 2019 is announced too; its comparison notes the change.
    assert any(
        message.startswith("Der Fragetext weicht von Welle „2019“ ab.")
        and "Fragetext 2024 gegenüber 2019 geändert" in message
        for _file, _question, message in announced
    )
    assert list(stored_survey.waves.order_by("position").values_list("key", "status")) == [
        ("2019", "closed"),
        ("2024", "open"),
    ]
    assert Wave.objects.get(survey=stored_survey, key="2019").questionnaire() == (
        conversion.questionnaire
    )
    stored_survey.refresh_from_db()
    write_survey_folder(survey_as_folder(stored_survey), tmp_path / "out")
    with pytest.raises(ProblemsError) as caught:
        read_survey_folder(tmp_path / "out")
    # The dumped folder is consistent except for exactly the comparisons the plan announced
    # (a changed wording is announced as well, but `umfrage check` only hints at it).
    assert {(p.question, p.message) for p in caught.value.problems} == {
        (question, message)
        for _, question, message in announced
        if not message.startswith("Der Fragetext weicht")
    }
    again = plan_changes(conversion.plan)
    assert again.nothing()


def test_a_new_survey_is_created_for_a_limesurvey_structure(db: None) -> None:
    conversion = plan_structure(FIXTURES / "ls3_english_only.lss", survey="neu", wave="2019")
    apply_plan(conversion.plan)
    survey = Survey.objects.get(slug="neu")
    assert survey.title == "Alliance survey 2019"
    assert survey.waves.get().questionnaire().language == "en"


def test_a_different_questionnaire_for_an_existing_wave_is_refused(stored_survey: Survey) -> None:
    conversion = plan_structure(FIXTURES / "ls6_all_types.lss", survey="buendnis", wave="2024")
    with pytest.raises(ProblemsError) as caught:
        apply_plan(conversion.plan)
    assert "hat schon einen anderen Fragebogen" in str(caught.value)
    assert stored_survey.waves.get(key="2024").questionnaire().title == "Bündnisumfrage 2024"


def test_responses_for_a_wave_that_does_not_exist_are_refused(stored_survey: Survey) -> None:
    plan = ImportPlan("x.csv", "CSV", "buendnis", "2019", records=[])
    with pytest.raises(ProblemsError) as caught:
        plan_changes(plan)
    assert "keine Welle „2019“" in str(caught.value)
    assert "Vorhandene Wellen: 2024" in caught.value.problems[0].fix


def test_a_time_stamp_is_compared_as_an_instant(stored_survey: Survey) -> None:
    record = ResponseRecord(
        None, datetime(2024, 5, 13, 9, 41, tzinfo=BERLIN), "complete", {"social_media": "ja"}
    )
    apply_plan(plan_of(stored_survey, [record]))
    same_instant = ResponseRecord(
        None,
        datetime(2024, 5, 13, 7, 41, tzinfo=ZoneInfo("UTC")),
        "complete",
        {"social_media": "ja"},
    )
    assert plan_changes(plan_of(stored_survey, [same_instant])).unchanged == 1
