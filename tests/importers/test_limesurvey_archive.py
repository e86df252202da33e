"""LimeSurvey archives (.lsa), XML responses (.lsr), and SPSS portable files refused by name."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from umfrage.cli import main
from umfrage.importers import plan_responses, plan_structure
from umfrage.importers.limesurvey import archive as lsa
from umfrage.importers.limesurvey import read_lsr
from umfrage.importers.mapping import Mapping
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.store.models import Response, Survey, Wave

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LSS = (FIXTURES / "ls6_losses.lss").read_bytes()
LSR = (FIXTURES / "ls6_losses_responses.lsr").read_bytes()


def make_lsa(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def lsa_file(tmp_path: Path) -> Path:
    return make_lsa(
        tmp_path / "survey_900001.lsa",
        {
            "survey_900001.lss": LSS,
            "survey_900001_responses.lsr": LSR,
            "survey_900001_tokens.lst": b"<document/>",
            "survey_900001_timings.lsi": b"<document/>",
        },
    )


def test_an_archive_gives_the_questionnaire_and_its_responses(lsa_file: Path) -> None:
    conversion = plan_structure(lsa_file, survey="buendnis")
    assert conversion.archive_responses
    plan = plan_responses(
        lsa_file,
        conversion.questionnaire,
        mapping=Mapping(),
        organisations=set(),
        conversion=conversion,
        plan=conversion.plan,
    )
    assert plan.records is not None and len(plan.records) == 2
    first, second = plan.records
    assert first.status == "complete"
    assert first.answers["partners"] == ["sonstiges", "SQ001"]
    assert first.answers["partners.other"] == "Sports club"
    assert first.answers["members"] == 42
    assert second.status == "partial"
    assert second.answers == {"role": "sonstiges", "role.other": "Mayor"}
    sources = [d.source for d in plan.dropped]
    assert "survey_900001_tokens.lst" in sources and "survey_900001_timings.lsi" in sources


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("UMFRAGE_DATA_DIR", str(tmp_path / "data"))
    return CliRunner()


@pytest.mark.django_db(transaction=True)
def test_importing_an_archive_stores_wave_and_responses_together(
    runner: CliRunner, stored_survey: Survey, lsa_file: Path
) -> None:
    args = ["import", str(lsa_file), "--survey", "buendnis", "--wave", "2025", "--yes"]
    result = runner.invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Partners: min_answers = 2 (Zeile 72)" in result.output
    wave = Wave.objects.get(survey=stored_survey, key="2025")
    assert Response.objects.filter(wave=wave).count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_archive_with_broken_responses_stores_nothing(
    runner: CliRunner, stored_survey: Survey, tmp_path: Path
) -> None:
    broken = make_lsa(
        tmp_path / "broken.lsa",
        {"survey_900001.lss": LSS, "survey_900001_responses.lsr": LSR[: len(LSR) // 2]},
    )
    args = ["import", str(broken), "--survey", "buendnis", "--wave", "2025", "--yes"]
    result = runner.invoke(main, args)
    assert result.exit_code != 0
    assert "beschädigt oder unvollständig" in result.output
    assert not Wave.objects.filter(survey=stored_survey, key="2025").exists()
    assert Response.objects.count() == 0


def test_an_archive_with_too_many_members_is_refused(tmp_path: Path) -> None:
    members = {f"extra{i}.lsi": b"" for i in range(lsa.MAX_MEMBERS)}
    path = make_lsa(tmp_path / "many.lsa", {"survey_1.lss": LSS, **members})
    with pytest.raises(ProblemsError) as caught:
        plan_structure(path)
    assert "höchstens vier" in caught.value.problems[0].message


def test_an_archive_that_unpacks_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lsa, "MAX_UNCOMPRESSED", 10_000)
    path = make_lsa(tmp_path / "bomb.lsa", {"survey_1.lss": LSS + b" " * 50_000})
    with pytest.raises(ProblemsError) as caught:
        plan_structure(path)
    assert "entpackt größer" in caught.value.problems[0].message


def test_an_archive_without_structure_or_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = make_lsa(tmp_path / "only.lsa", {"survey_1_responses.lsr": LSR})
    with pytest.raises(ProblemsError) as caught:
        plan_structure(path)
    assert "keine Umfragestruktur" in caught.value.problems[0].message
    fake = tmp_path / "fake.lsa"
    fake.write_bytes(b"not a zip")
    with pytest.raises(ProblemsError) as caught:
        plan_structure(fake)
    assert "keine gültige ZIP-Datei" in caught.value.problems[0].message


def test_an_lsr_is_read_with_lines_and_aliases() -> None:
    table = read_lsr(LSR, "r.lsr", {"900001X1X51": "Role"})
    assert "Role" in table.columns and "900001X1X52" in table.columns
    assert table.rows[1]["Role"] == "-oth-"
    assert table.lines == [28, 29]


def test_a_bare_lsr_with_sgqa_names_is_refused(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "responses.lsr"
    path.write_bytes(LSR)
    with pytest.raises(ProblemsError) as caught:
        plan_responses(path, questionnaire, mapping=Mapping(), organisations=None)
    assert "SGQA" in caught.value.problems[0].message


def test_spss_portable_files_are_refused_by_name(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "welle2019.por"
    path.write_bytes(b"ASCII SPSS PORT FILE                    \r\n")
    with pytest.raises(ProblemsError) as caught:
        plan_responses(path, questionnaire, mapping=Mapping(), organisations=None)
    problem = caught.value.problems[0]
    assert problem.message.startswith(
        "SPSS-Portable-Dateien (.por) werden nicht unterstützt; speichern Sie in SPSS als .sav"
    )
    assert problem.file == str(path)
