"""SPSS ``.sav`` and Stata ``.dta`` (pyreadstat): variables → our columns, value labels → codes.

Variables are matched to our ``responses.csv`` columns by name (``partner.unternehmen`` or, as
Stata needs, ``partner_unternehmen``) or through the mapping file. A numeric value whose value
label is an option's label becomes that option's code, so a file that stores ``1 = "Ja"``
imports into a question whose codes are ``ja``/``nein``.

:func:`write_responses` writes the same layout (variable labels = question texts, value labels
= option labels), so that an export read back gives the identical responses.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from umfrage.importers.tabular import SourceTable, Target, as_text
from umfrage.importers.types import module_for as type_module
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import (
    META_COLUMNS,
    ResponseRecord,
    header_for,
    record_to_row,
)

KINDS = {".sav": "SPSS-Datei (.sav)", ".zsav": "SPSS-Datei (.zsav)", ".dta": "Stata-Datei (.dta)"}


def read_source(path: Path, name: str) -> SourceTable:
    """The cases of an SPSS or Stata file with their value labels."""
    import pyreadstat

    suffix = path.suffix.lower()
    reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
    try:
        frame, meta = reader(str(path), user_missing=False)
    except Exception as exc:  # pyreadstat raises its own untyped errors for any bad file
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=None,
                    question=None,
                    message=f"Die Datei ist keine lesbare {KINDS.get(suffix, 'SPSS-/Stata-Datei')} ({exc}).",
                    fix="Speichern Sie die Daten in SPSS bzw. Stata erneut und prüfen Sie die Dateiendung.",
                )
            ]
        ) from None
    columns = [str(c) for c in frame.columns]
    labels: dict[str, dict[str, str]] = {}
    for variable, value_labels in (meta.variable_value_labels or {}).items():
        labels[str(variable)] = {as_text(k): str(v) for k, v in value_labels.items()}
    rows = [
        {column: _plain(value) for column, value in zip(columns, values, strict=True)}
        for values in frame.itertuples(index=False, name=None)
    ]
    return SourceTable(
        name,
        KINDS.get(suffix, "SPSS-Datei"),
        columns,
        rows,
        # A case's number in SPSS's data view; line 1 is the variable list.
        list(range(2, len(rows) + 2)),
        value_labels=labels,
        column_labels={str(k): str(v) for k, v in (meta.column_names_to_labels or {}).items() if v},
        letters=False,
    )


def _plain(value: Any) -> Any:
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    if isinstance(value, float) and value != value:
        return None
    return value


LIMITS = {False: 64, True: 28}
"""Longest variable name: SPSS 64 bytes. Stata allows 32 characters, but pyreadstat names a
variable's value-label set after it plus a running number (up to four digits here)."""


def variable_name(column: str, stata: bool) -> str:
    """SPSS keeps our column names, Stata gets ``_`` for ``.``; names over the format's limit
    are cut and end in a short hash of the full name, so they stay unique and can be read back.
    """
    name = column.replace(".", "_") if stata else column
    limit = LIMITS[stata]
    if len(name.encode("utf-8")) <= limit:
        return name
    digest = hashlib.sha1(column.encode("utf-8")).hexdigest()[:6]
    return f"{name[: limit - 7]}_{digest}"


def variable_names(questionnaire: Questionnaire, stata: bool) -> dict[str, str]:
    """Variable name → our column, for every column of ``responses.csv``."""
    return {variable_name(c, stata): c for c in header_for(questionnaire)}


def resolver(questionnaire: Questionnaire, path: Path) -> Callable[[str], Target | None]:
    """Finds our columns behind names that :func:`write_responses` had to shorten."""
    names = variable_names(questionnaire, path.suffix.lower() == ".dta")

    def resolve(variable: str) -> Target | None:
        column = names.get(variable)
        if column is None or column == variable:
            return None
        if column in META_COLUMNS:
            return Target(column)
        return Target("cell", column, note="gekürzter Variablenname")

    return resolve


def write_responses(
    path: Path, questionnaire: Questionnaire, records: Iterable[ResponseRecord]
) -> None:
    """Responses as ``.sav`` (or ``.dta`` by the suffix) with variable and value labels."""
    import pandas as pd
    import pyreadstat

    stata = path.suffix.lower() == ".dta"
    header = header_for(questionnaire)
    rows = [record_to_row(questionnaire, r) for r in records]
    data: dict[str, list[Any]] = {}
    column_labels: dict[str, str | None] = {}
    value_labels: dict[str, dict[Any, str]] = {}
    numeric = _numeric_columns(questionnaire)
    for index, column in enumerate(header):
        name = variable_name(column, stata)
        cells = [row[index] for row in rows]
        if column in numeric:
            data[name] = [float(c) if c != "" else None for c in cells]
        else:
            data[name] = cells
        question_id = column.split(".", 1)[0]
        if questionnaire.has_question(question_id):
            # Stata keeps 80 characters of a variable label; SPSS many more.
            column_labels[name] = questionnaire.question(question_id).text[: 80 if stata else 250]
        labels = _labels(questionnaire, column, numeric)
        if labels and (column in numeric or not stata):
            value_labels[name] = labels
    frame = pd.DataFrame(data, columns=[variable_name(c, stata) for c in header])
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=path.suffix, delete=False) as tmp:
        temporary = Path(tmp.name)
    try:
        if stata:
            pyreadstat.write_dta(
                frame,
                str(temporary),
                column_labels=column_labels,
                variable_value_labels=value_labels,
            )
        else:
            pyreadstat.write_sav(
                frame,
                str(temporary),
                column_labels=column_labels,
                variable_value_labels=value_labels,
            )
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _numeric_columns(questionnaire: Questionnaire) -> set[str]:
    """Columns stored as numbers: flags, ranks, numbers, and codes that are all integers."""
    numeric: set[str] = set()
    for q in questionnaire.questions():
        for column in q.columns():
            if column == f"{q.id}.other":
                continue
            if type_module(q).spss_numeric(q):
                numeric.add(column)
    return numeric


def _labels(questionnaire: Questionnaire, column: str, numeric: set[str]) -> dict[Any, str]:
    question_id = column.split(".", 1)[0]
    if not questionnaire.has_question(question_id) or column == f"{question_id}.other":
        return {}
    q = questionnaire.question(question_id)
    # Plain str: a label is a Text (with its translations) and pyreadstat takes str only.
    return {k: str(v) for k, v in type_module(q).spss_labels(q, column in numeric).items()}
