"""Exports of one wave's responses with labels: one module per format, the same functions each.

Every format module has ``SUFFIX``, ``LABEL`` and ``write(dataset, path)``. To add a format, copy
the closest module (``json.py`` for text formats, ``sav.py`` for pyreadstat ones), change those
three, and add it to ``FORMATS`` below; the CLI and the tests pick it up from there.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import TypedDict

from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.reporting.exports import codebookcsv, csv, dta, excelcsv, json, sav, xlsx
from umfrage.reporting.exports.dataset import Dataset, build_dataset, dataset_from_frame
from umfrage.surveyfolder.survey import SurveyFolder

FORMATS: dict[str, ModuleType] = {
    "csv": csv,
    "excel-csv": excelcsv,
    "codebook-csv": codebookcsv,
    "xlsx": xlsx,
    "sav": sav,
    "dta": dta,
    "json": json,
}


class _Common(TypedDict):
    survey: str
    survey_title: str
    wave: str
    wave_title: str
    synthetic: bool


def dataset_from_folder(survey: SurveyFolder, wave: str) -> Dataset:
    """The labelled responses of one wave of a survey folder (or of a stored survey as one).

    Read with or without its responses (``read_survey_folder(..., with_responses=False)`` is
    enough): a folder on disk is exported from the wave's frame, which is all the export needs."""
    if wave not in survey.waves:
        from umfrage.analysis.sources import unknown_wave

        raise unknown_wave(str(survey.path / "survey.yaml"), wave, list(survey.waves))
    files = survey.waves[wave]
    common = _Common(
        survey=survey.config.id,
        survey_title=survey.config.title,
        wave=wave,
        wave_title=files.entry.title or f"Welle {wave}",
        synthetic=survey.config.synthetic,
    )
    path = survey.path / "waves" / wave / "responses.csv"
    if (survey.path / "survey.yaml").is_file() and path.is_file():
        # A folder on disk: the wave's frame, read column-wise and validated, or from the
        # frame cache (analysis/framecache.py), as analyze and report read it.
        from umfrage.analysis.sources import read_wave

        register = survey.register.ids() if survey.register is not None else None
        frame = read_wave(survey.path, wave, files.questionnaire, register)
        return dataset_from_frame(**common, frame=frame)
    # No responses file (an empty wave), or a survey held in memory with its records.
    return build_dataset(**common, questionnaire=files.questionnaire, records=files.responses or [])


def export(dataset: Dataset, format_name: str, path: Path) -> Path:
    """Write the dataset in one format; a reader never sees a half-written file."""
    if format_name not in FORMATS:
        raise ProblemsError(
            [
                Problem(
                    file="--format",
                    line=None,
                    question=None,
                    message=f"Das Format „{format_name}“ gibt es nicht.",
                    fix=f"Wählen Sie eines von: {', '.join(FORMATS)}.",
                )
            ]
        )
    module = FORMATS[format_name]
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp{module.SUFFIX}")
    try:
        module.write(dataset, temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
