"""``umfrage export`` from the wave's frame (issue 23): every format equals what the record road
(the row reader's records, ``build_dataset``) writes, on the example and on a survey with the
edge cases planted, with the frame cache off, cold and warm, and from the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest

from umfrage.reporting.exports import FORMATS, dataset_from_folder, export
from umfrage.reporting.exports.dataset import Dataset, build_dataset
from umfrage.surveyfolder.survey import read_survey_folder

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"

SURVEY = """\
id: kanten
title: Kantenfälle (synthetisch)
owner: Servicebüro Test
synthetic: true
waves:
  - {id: "2030", title: Kantenfälle 2030, status: open}
  - {id: "2031", title: Leere Welle, status: open}
"""

QUESTIONNAIRE = """\
wave: "{wave}"
title: Kantenfälle
sections:
  - id: A
    title: Alles
    questions:
      - id: traeger
        type: single
        text: Wer trägt das Bündnis?
        options:
          - {{code: verein, label: Verein}}
          - {{code: "2", label: Kommune}}
          - code: andere
            label: Andere
            other: true
            categories:
              - {{code: kirche, label: Kirche}}
              - {{code: stiftung, label: Stiftung}}
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        options:
          - {{code: insta, label: Instagram}}
          - {{code: web, label: Website}}
          - {{code: sonstige, label: Sonstige, other: true}}
      - id: rang
        type: ranking
        text: Die zwei wichtigsten?
        top: 2
        options:
          - {{code: a, label: A}}
          - {{code: b, label: B}}
          - {{code: c, label: C}}
      - id: zufrieden
        type: matrix
        text: Wie zufrieden?
        items:
          - {{code: x, label: X}}
          - {{code: y, label: Y}}
        scale:
          - {{code: "1", label: gut}}
          - {{code: "2", label: schlecht}}
          - {{code: "9", label: nicht genutzt, exclude_from_base: true}}
      - id: betrag
        type: number
        text: Wie viel Euro?
        decimals: 2
        min: -1000
        max: 100000
      - id: anzahl
        type: number
        text: Wie viele?
        min: 0
        max: 1000000
      - id: wunsch
        type: text
        text: Was wünschen Sie sich?
        categories:
          - {{code: geld, label: Geld}}
          - {{code: zeit, label: Zeit}}
"""

HEADER = (
    "organisation,submitted_at,status,traeger,traeger.other,traeger.other.codes,"
    "kanaele.insta,kanaele.web,kanaele.sonstige,kanaele.other,rang.a,rang.b,rang.c,"
    "zufrieden.x,zufrieden.y,betrag,anzahl,wunsch,wunsch.codes"
)
ROWS = [
    'A1,2030-05-13T09:41:00+02:00,complete,verein,,,1,0,0,,1,2,,1,9,12.5,3,"Mehr Zeit, bitte",zeit',
    "A2,2030-05-13T07:41:00Z,complete,2,,,0,0,0,,,,,2,,0,0,,",
    "A3,2030-05-13 09:41,complete,andere,Kirchengemeinde St. Paul,kirche,1,1,1,Mastodon,2,,1,,,1234.56,42,,",
    ",2030-05-13,complete,2.0,,,0,1,,,,1.0,,1.0,2,-3.10,7,  Leerzeichen  ,geld;zeit",
    ",2030-12-24T23:59:59.250-03:30,complete,,,,,,,,,,,9,9,0.01,100,=SUMME(A1),",
    ",,partial,verein,,,0,0,0,,,,,,,-0.00,,,",
    "A7,2030-06-01T12:00:00+0530,complete,andere,Stiftung Familie,kirche;stiftung,,,,,,,,,,1e2,1000000,Geld,geld",
    ",2030-06-01T12:00:00-00:00,partial,,,,0,0,1,Signal,,,,,,99999.995,,,",
    'A9,2030-03-31T01:30:00.000001+01:00,complete,,,,,,,,,,,,,,,"Er sagte ""Hallo""\nund ging\rweg",',
]


def edge_folder(root: Path) -> Path:
    folder = root / "kanten"
    for wave in ("2030", "2031"):
        (folder / "waves" / wave).mkdir(parents=True)
        (folder / "waves" / wave / "questionnaire.yaml").write_text(
            QUESTIONNAIRE.format(wave=wave), encoding="utf-8"
        )
    (folder / "survey.yaml").write_text(SURVEY, encoding="utf-8")
    register = "".join(f"A{i},Bündnis {i},a{i}@example.org\n" for i in range(1, 10))
    (folder / "organisations.csv").write_text("id,name,email\n" + register, encoding="utf-8")
    (folder / "waves" / "2030" / "responses.csv").write_text(
        HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8"
    )
    return folder


def record_dataset(folder: Path, wave: str) -> Dataset:
    """The reference: the row reader's records, as ``umfrage export`` read them before."""
    survey = read_survey_folder(folder)
    files = survey.waves[wave]
    return build_dataset(
        survey=survey.config.id,
        survey_title=survey.config.title,
        wave=wave,
        wave_title=files.entry.title or f"Welle {wave}",
        synthetic=survey.config.synthetic,
        questionnaire=files.questionnaire,
        records=files.responses or [],
    )


def frame_dataset(folder: Path, wave: str) -> Dataset:
    return dataset_from_folder(read_survey_folder(folder, with_responses=False), wave)


def same_output(expected: Dataset, found: Dataset, tmp_path: Path) -> None:
    """Every format: the same bytes (text formats) or the same content read back."""
    assert found.columns == expected.columns
    assert found.cells == expected.cells
    for name, module in FORMATS.items():
        mine = export(found, name, tmp_path / "frame" / f"out{module.SUFFIX}")
        theirs = export(expected, name, tmp_path / "records" / f"out{module.SUFFIX}")
        if name == "xlsx":
            assert _workbook(mine) == _workbook(theirs)
        elif name in ("sav", "dta"):
            read = pyreadstat.read_sav if name == "sav" else pyreadstat.read_dta
            data_mine, meta_mine = read(str(mine))
            data_theirs, meta_theirs = read(str(theirs))
            pd.testing.assert_frame_equal(data_mine, data_theirs)
            assert meta_mine.column_labels == meta_theirs.column_labels
            assert meta_mine.variable_value_labels == meta_theirs.variable_value_labels
            assert meta_mine.notes == meta_theirs.notes
        else:
            assert mine.read_bytes() == theirs.read_bytes(), name


def _workbook(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE_DIR", str(folder))
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE", "1")
    return folder


@pytest.mark.parametrize("wave", ["2023", "2024"])
def test_example_waves_export_as_the_records_do(
    wave: str, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "buendnisumfrage"
    shutil.copytree(EXAMPLE, folder)
    expected = record_dataset(folder, wave)
    assert expected.rows > 0
    cold = frame_dataset(folder, wave)
    assert list(cache_dir.glob("*.arrow")), "the cold run keeps the frame"
    same_output(expected, cold, tmp_path / "cold")
    warm = frame_dataset(folder, wave)
    same_output(expected, warm, tmp_path / "warm")
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE", "0")
    same_output(expected, frame_dataset(folder, wave), tmp_path / "off")


@pytest.mark.parametrize("cache", ["0", "1"])
def test_edge_cases_export_as_the_records_do(
    cache: str, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE", cache)
    folder = edge_folder(tmp_path)
    expected = record_dataset(folder, "2030")
    rows = {
        row[0] or f"#{i}": dict(zip(expected.columns, row, strict=True))
        for i, row in enumerate(expected.cells)
    }
    # The planted cases, as the records write them (the reference is right about them).
    assert rows["A1"]["submitted_at"] == "2030-05-13T09:41:00+02:00"
    assert rows["A2"]["submitted_at"] == "2030-05-13T07:41:00+00:00"
    assert rows["A3"]["submitted_at"] == "2030-05-13T09:41:00"
    assert rows["A2"]["kanaele.insta"] == "" and rows["A2"]["kanaele.web"] == ""
    assert rows["A7"]["anzahl"] == "1000000" and rows["A7"]["betrag"] == "100"
    assert rows["A3"]["betrag"] == "1234.56"
    assert rows["#5"]["betrag"] == "-0"
    for _ in range(2):  # cold, then (with the cache on) from the cache
        same_output(expected, frame_dataset(folder, "2030"), tmp_path / f"run{_}")
    assert bool(list(cache_dir.glob("*.arrow"))) == (cache == "1")


def test_a_wave_without_responses_exports_no_rows(tmp_path: Path, cache_dir: Path) -> None:
    folder = edge_folder(tmp_path)
    found = frame_dataset(folder, "2031")
    assert found.rows == 0
    same_output(record_dataset(folder, "2031"), found, tmp_path)
    (folder / "waves" / "2031" / "responses.csv").write_text(HEADER + "\n", encoding="utf-8")
    found = frame_dataset(folder, "2031")
    assert found.rows == 0
    same_output(record_dataset(folder, "2031"), found, tmp_path / "header")


@pytest.mark.django_db
@pytest.mark.parametrize("cache", ["0", "1"])
def test_a_stored_wave_exports_as_its_dump_does(
    cache: str, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.loaders.dataset import wave_dataset
    from umfrage.store.folder import load_survey_folder, survey_as_folder
    from umfrage.store.models import Survey

    monkeypatch.setenv("UMFRAGE_FRAME_CACHE", cache)
    load_survey_folder(edge_folder(tmp_path))
    survey = Survey.objects.get(slug="kanten")
    folder = survey_as_folder(survey)
    for wave in ("2030", "2031"):
        files = folder.waves[wave]
        expected = build_dataset(
            survey=folder.config.id,
            survey_title=folder.config.title,
            wave=wave,
            wave_title=files.entry.title or f"Welle {wave}",
            synthetic=folder.config.synthetic,
            questionnaire=files.questionnaire,
            records=files.responses or [],
        )
        stored = survey.waves.get(key=wave)
        for run in range(2):
            same_output(expected, wave_dataset(stored), tmp_path / f"{wave}-{run}")
