"""The seeded generator of the example survey: exactly reproducible, and every answer valid."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from umfrage.example.generator import DEFAULT_SEED, FIELD_PERIODS, generate_example
from umfrage.example.municipalities import ALLIANCES_PER_LAND
from umfrage.questionnaire.loader import load_questionnaire
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import ResponseRecord, read_responses_csv
from umfrage.surveyfolder.survey import SurveyFolder, read_survey_folder

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "buendnisumfrage"
GENERATED = [
    "organisations.csv",
    "survey.yaml",
    "waves/2023/responses.csv",
    "waves/2024/responses.csv",
]
WAVES = ("2023", "2024")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated") / "buendnisumfrage"
    generate_example(folder, DEFAULT_SEED, questionnaires=EXAMPLE)
    return folder


@pytest.fixture(scope="module")
def survey(generated: Path) -> SurveyFolder:
    return read_survey_folder(generated)


def questionnaire(folder: Path, wave: str) -> Questionnaire:
    return load_questionnaire(folder / "waves" / wave / "questionnaire.yaml")


def records(survey: SurveyFolder, wave: str) -> list[ResponseRecord]:
    found = survey.waves[wave].responses
    assert found is not None
    return found


def test_the_default_seed_reproduces_the_committed_files_byte_for_byte(generated: Path) -> None:
    for name in GENERATED:
        assert (generated / name).read_bytes() == (EXAMPLE / name).read_bytes(), name


def test_the_output_does_not_depend_on_python_hash_randomisation(tmp_path: Path) -> None:
    # Iterating over a set of strings would make the output differ between processes.
    script = (
        "import sys; from pathlib import Path; "
        "from umfrage.example.generator import generate_example; "
        "generate_example(Path(sys.argv[1]), questionnaires=Path(sys.argv[2]))"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    path = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": path}
    subprocess.run([sys.executable, "-c", script, str(tmp_path), str(EXAMPLE)], check=True, env=env)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), name


def test_the_generated_folder_reads_as_a_valid_survey_folder(survey: SurveyFolder) -> None:
    assert survey.config.synthetic is True
    assert survey.warnings == []
    assert [len(records(survey, wave)) for wave in WAVES] == [230, 80]


def test_every_generated_response_validates_against_its_questionnaire(
    generated: Path, survey: SurveyFolder
) -> None:
    for wave in WAVES:
        spec = questionnaire(generated, wave)
        for record in records(survey, wave):
            assert spec.validate(record.answers) == {}, record.organisation
            assert spec.clean(record.answers) == record.answers, record.organisation


def test_channels_are_named_only_by_alliances_with_a_social_media_channel(
    survey: SurveyFolder,
) -> None:
    responses = records(survey, "2024")
    with_channels = [r for r in responses if "social_media_kanaele" in r.answers]
    assert with_channels
    assert all(r.answers["social_media"] == "ja" for r in with_channels)
    assert all(
        "social_media_kanaele" in r.answers for r in responses if r.answers["social_media"] == "ja"
    )
    others = [r for r in responses if "social_media_kanaele.other" in r.answers]
    assert others and all("sonstige" in r.answers["social_media_kanaele"] for r in others)


def test_only_partners_that_are_present_are_ranked(survey: SurveyFolder) -> None:
    for record in records(survey, "2024"):
        ranking = record.answers.get("partner_wichtigste", {})
        assert set(ranking) <= set(record.answers.get("partner_vertreten", []))
        assert sorted(ranking.values()) == list(range(1, len(ranking) + 1))


def test_the_exclusive_answer_keine_is_never_combined(survey: SurveyFolder) -> None:
    for wave in WAVES:
        chosen = [r.answers.get("digital_unterstuetzung", []) for r in records(survey, wave)]
        assert any("keine" in c for c in chosen)
        assert all(c == ["keine"] for c in chosen if "keine" in c)


def test_every_respondent_is_in_the_register_and_answers_once_per_wave(
    survey: SurveyFolder,
) -> None:
    assert survey.register is not None
    ids = survey.register.ids()
    for wave in WAVES:
        organisations = [r.organisation for r in records(survey, wave)]
        assert all(org in ids for org in organisations)
        assert len(set(organisations)) == len(organisations)


def test_profile_answers_match_the_register(survey: SurveyFolder) -> None:
    assert survey.register is not None
    register = {o.id: o for o in survey.register.organisations}
    for wave in WAVES:
        for record in records(survey, wave):
            organisation = register[str(record.organisation)]
            assert record.answers["bundesland"] == organisation.bundesland
            if "gemeindegroesse" in record.answers:
                assert record.answers["gemeindegroesse"] == organisation.gemeindegroesse


def test_there_is_item_non_response_and_free_text(survey: SurveyFolder) -> None:
    responses = records(survey, "2024")
    for qid in ("gruendungsjahr", "digital_umsetzung", "themen", "zufriedenheit"):
        assert any(qid not in r.answers for r in responses), qid
    for qid in ("digital_hindernisse", "themen_weitere", "wunsch_unterstuetzung"):
        texts = {r.answers[qid] for r in responses if qid in r.answers}
        assert len(texts) >= 5, qid


def test_submission_times_lie_in_the_field_period_with_a_time_zone(
    survey: SurveyFolder,
) -> None:
    for wave in WAVES:
        opens, closes = FIELD_PERIODS[wave]
        for record in records(survey, wave):
            assert record.submitted_at is not None
            assert record.submitted_at.utcoffset() is not None
            assert opens <= record.submitted_at.date() <= closes
    assert survey.config.wave("2024").opens == date(2024, 5, 6)


def test_the_survey_margins_equal_the_register_counts(survey: SurveyFolder) -> None:
    assert survey.register is not None and survey.config.population is not None
    organisations = survey.register.organisations
    margins = survey.config.population.margins
    assert survey.config.population.total == len(organisations) == 600
    assert margins["bundesland"] == Counter(o.bundesland for o in organisations)
    assert margins["gemeindegroesse"] == Counter(o.gemeindegroesse for o in organisations)
    assert margins["bundesland"] == ALLIANCES_PER_LAND


def test_the_register_is_plainly_synthetic_and_free_of_duplicates(generated: Path) -> None:
    with (generated / "organisations.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == [
        "id",
        "name",
        "bundesland",
        "gemeindegroesse",
        "municipality",
        "contact_name",
        "email",
        "language",  # issue 21: a few alliances want English or Leichte Sprache
    ]
    assert {row["language"] for row in rows} == {"", "en", "de-x-ls"}
    assert [row["id"] for row in rows] == [f"LB-{i:04d}" for i in range(1, 601)]
    assert all(row["email"].endswith("@example.org") for row in rows)
    assert len({row["email"] for row in rows}) == 600
    places = [(row["bundesland"], row["municipality"]) for row in rows]
    assert len(set(places)) == len(places)
    assert all(row["name"] == f"Lokales Bündnis für Familie {row['municipality']}" for row in rows)


def test_another_seed_changes_the_respondents_but_not_the_published_counts(
    tmp_path: Path, survey: SurveyFolder
) -> None:
    generate_example(tmp_path, 7, questionnaires=EXAMPLE)
    other = read_survey_folder(tmp_path)
    for wave in WAVES:
        mine = records(survey, wave)
        theirs = records(other, wave)
        assert [r.organisation for r in mine] != [r.organisation for r in theirs]
        for qid in ("social_media", "digital_umsetzung"):
            assert Counter(r.answers.get(qid) for r in mine) == Counter(
                r.answers.get(qid) for r in theirs
            )
        for qid in ("prioritaeten", "themen", "partner_staerker"):
            assert Counter(c for r in mine for c in r.answers.get(qid, [])) == Counter(
                c for r in theirs for c in r.answers.get(qid, [])
            )


def test_the_responses_read_back_through_the_library(generated: Path) -> None:
    for wave in WAVES:
        path = generated / "waves" / wave / "responses.csv"
        found = read_responses_csv(path, questionnaire(generated, wave))
        assert found.warnings == []
