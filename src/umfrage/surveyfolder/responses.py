"""``responses.csv`` (contracts.md §2): one row per response, read and written losslessly."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from umfrage.questionnaire.base import CellError
from umfrage.questionnaire.problems import Problem, ProblemList, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.csvio import column_letter, parse_table, read_table, write_table
from umfrage.surveyfolder.tables import missing_column

META_COLUMNS = ["organisation", "submitted_at", "status"]
STATUSES = ("complete", "partial")


@dataclass(frozen=True)
class ResponseRecord:
    """One response: who (None if anonymous), when it was submitted, and the answers."""

    organisation: str | None
    submitted_at: datetime | None
    status: str
    answers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ResponsesFile:
    records: list[ResponseRecord]
    warnings: list[Problem]
    lines: list[int]


def header_for(questionnaire: Questionnaire) -> list[str]:
    return [*META_COLUMNS, *questionnaire.columns()]


def record_to_row(questionnaire: Questionnaire, record: ResponseRecord) -> list[str]:
    cells: dict[str, str] = {}
    for question in questionnaire.questions():
        cells.update(question.to_cells(record.answers))
    submitted = record.submitted_at.isoformat() if record.submitted_at else ""
    meta = [record.organisation or "", submitted, record.status]
    return meta + [cells[c] for c in questionnaire.columns()]


def write_responses_csv(
    path: Path, questionnaire: Questionnaire, records: Iterable[ResponseRecord]
) -> None:
    write_table(path, header_for(questionnaire), (record_to_row(questionnaire, r) for r in records))


def read_responses_csv(
    path: Path,
    questionnaire: Questionnaire,
    organisations: Collection[str] | None = None,
    display: str | None = None,
) -> ResponsesFile:
    """Read and validate every row; ProblemsError lists all problems (nothing half-read)."""
    table = read_table(path, display)
    return records_from_table(table, questionnaire, organisations)


def parse_responses_csv(
    data: bytes,
    name: str,
    questionnaire: Questionnaire,
    organisations: Collection[str] | None = None,
) -> ResponsesFile:
    return records_from_table(parse_table(data, name), questionnaire, organisations)


def records_from_table(
    table: Any, questionnaire: Questionnaire, organisations: Collection[str] | None
) -> ResponsesFile:
    """Check every row of a table in responses.csv layout (a file, or one an importer built)."""
    problems = ProblemList()
    warnings: list[Problem] = []
    known = set(header_for(questionnaire))
    for column in META_COLUMNS:
        if column not in table.header:
            problems.append(missing_column(table.file, column))
    for column in table.header:
        if column not in known:
            qid = column.split(".", 1)[0]
            hint = (
                f"Die Frage „{qid}“ hat die Spalten: {', '.join(questionnaire.question(qid).columns())}."
                if questionnaire.has_question(qid)
                else "Prüfen Sie die Schreibweise oder entfernen Sie die Spalte."
            )
            problems.append(
                Problem(
                    file=table.file,
                    line=1,
                    question=qid if questionnaire.has_question(qid) else None,
                    message=f"Die Spalte „{column}“ gehört zu keiner Frage dieser Welle.",
                    fix=hint,
                )
            )
    missing = [c for c in questionnaire.columns() if c not in table.header]
    if missing:
        warnings.append(
            Problem(
                file=table.file,
                line=1,
                question=None,
                message=f"{len(missing)} Fragenspalten fehlen ({', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}); diese Fragen gelten als unbeantwortet.",
                fix="Ergänzen Sie die Spalten, falls die Antworten vorliegen.",
            )
        )
    if problems:
        raise ProblemsError(problems)
    records: list[ResponseRecord] = []
    seen_orgs: dict[str, int] = {}
    for row, line in zip(table.rows, table.lines, strict=True):
        record, row_problems = read_row(table, row, line, questionnaire, organisations)
        problems.extend(row_problems)
        if record is None:
            continue
        if record.organisation:
            if record.organisation in seen_orgs:
                problems.append(
                    Problem(
                        file=table.file,
                        line=line,
                        question=None,
                        message=f"Die Organisation „{record.organisation}“ hat schon in Zeile {seen_orgs[record.organisation]} geantwortet.",
                        fix="Je Organisation und Welle ist nur eine Antwort möglich; löschen Sie eine der Zeilen.",
                    )
                )
            seen_orgs.setdefault(record.organisation, line)
        records.append(record)
    if problems:
        raise ProblemsError(problems)
    return ResponsesFile(records, warnings, list(table.lines))


def _where(table: Any, column: str) -> str:
    return f"Spalte {column_letter(table.header, column)} („{column}“)"


def read_row(
    table: Any,
    row: dict[str, str],
    line: int,
    questionnaire: Questionnaire,
    organisations: Collection[str] | None,
) -> tuple[ResponseRecord | None, list[Problem]]:
    """One row as a record, or its problems in the words every reader reports them in."""
    problems: list[Problem] = []

    def problem(column: str | None, qid: str | None, message: str, fix: str) -> None:
        where = f"{_where(table, column)}: " if column else ""
        problems.append(
            Problem(file=table.file, line=line, question=qid, message=where + message, fix=fix)
        )

    organisation = row.get("organisation", "").strip() or None
    if organisation and organisations is not None and organisation not in organisations:
        problem(
            "organisation",
            None,
            f"„{organisation}“ steht nicht im Register (organisations.csv).",
            "Tragen Sie die Organisation ins Register ein oder korrigieren Sie die Kennung.",
        )
    status = row.get("status", "").strip()
    if status not in STATUSES:
        problem(
            "status",
            None,
            f"„{status}“ ist kein gültiger Status.",
            "Schreiben Sie complete oder partial.",
        )
    submitted_at = None
    raw_time = row.get("submitted_at", "").strip()
    if raw_time:
        try:
            submitted_at = datetime.fromisoformat(raw_time)
        except ValueError:
            problem(
                "submitted_at",
                None,
                f"„{raw_time}“ ist kein Zeitpunkt nach ISO 8601.",
                "Schreiben Sie z. B. 2024-05-13T09:41:00+02:00.",
            )
    elif status == "complete":
        problem(
            "submitted_at",
            None,
            "Eine vollständige Antwort braucht einen Abgabezeitpunkt.",
            "Tragen Sie den Zeitpunkt ein oder setzen Sie den Status auf partial.",
        )
    answers: dict[str, Any] = {}
    for question in questionnaire.questions():
        try:
            answers.update(question.from_cells(row))
        except CellError as exc:
            problem(
                exc.column,
                question.id,
                exc.message + ".",
                "Korrigieren Sie den Wert oder lassen Sie die Zelle leer.",
            )
    if problems:
        return None, problems
    for question in questionnaire.questions():
        if question.id in answers and not questionnaire.is_shown(question.id, answers):
            problem(
                question.columns()[0],
                question.id,
                "Die Frage war nach ihrer Bedingung nicht zu sehen, hat aber eine Antwort.",
                "Löschen Sie die Antwort oder prüfen Sie die Antwort, von der die Bedingung abhängt.",
            )
    for qid, messages in questionnaire.validate(answers, complete=status == "complete").items():
        column = (
            questionnaire.question(qid).columns()[0] if questionnaire.has_question(qid) else None
        )
        for message in messages:
            problem(column, qid, message, "Korrigieren Sie die Antwort in dieser Zeile.")
    if problems:
        return None, problems
    return ResponseRecord(organisation, submitted_at, status, answers), []
