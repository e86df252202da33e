"""Exports of one wave's responses with labels: one module per format, the same functions each.

Every format module has ``SUFFIX``, ``LABEL`` and ``write(dataset, path)``. To add a format, copy
the closest module (``json.py`` for text formats, ``sav.py`` for pyreadstat ones), change those
three, and add it to ``FORMATS`` below; the CLI and the tests pick it up from there.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.reporting.exports import codebookcsv, csv, dta, excelcsv, json, sav, xlsx
from umfrage.reporting.exports.dataset import Dataset, build_dataset
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


def dataset_from_folder(survey: SurveyFolder, wave: str) -> Dataset:
    """The labelled responses of one wave of a survey folder (or of a stored survey as one)."""
    if wave not in survey.waves:
        known = ", ".join(survey.waves) or "keine"
        raise ProblemsError(
            [
                Problem(
                    file=str(survey.path / "survey.yaml"),
                    line=None,
                    question=None,
                    message=f"Die Welle „{wave}“ gibt es in dieser Umfrage nicht.",
                    fix=f"Wählen Sie eine der Wellen: {known}.",
                )
            ]
        )
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
