"""Rows from other tools (Excel, CSV, SPSS, Stata, LimeSurvey) → checked responses of one wave.

Every reader turns its file into a :class:`SourceTable` (columns, raw values, where each row
is). :func:`records_from_source` then decides per column where it goes (the mapping file
first, then our own column names, then a format's own naming rule), converts the values, and
hands a table in ``responses.csv`` layout to the same checks that a ``responses.csv`` gets.
Nothing is stored here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from umfrage.importers.mapping import Mapping
from umfrage.importers.plan import Dropped, ImportPlan, Mapped
from umfrage.importers.types import module_for as type_module
from umfrage.questionnaire.base import QuestionBase
from umfrage.questionnaire.problems import Problem, ProblemList, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import META_COLUMNS, records_from_table
from umfrage.surveyfolder.tables import Table, letter, read_table


@dataclass
class SourceTable:
    """A file's rows as read, before any mapping."""

    file: str
    kind: str
    columns: list[str]
    rows: list[dict[str, Any]]
    lines: list[int]
    """Where each row is in the file (CSV line, Excel row, SPSS case number + 1)."""
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per column: a raw value (as text) → its label (SPSS/Stata value labels)."""
    column_labels: dict[str, str] = field(default_factory=dict)
    letters: bool = True
    """Whether spreadsheet column letters help to find a column (not for SPSS)."""

    def where(self, column: str) -> str:
        if self.letters and column in self.columns:
            return f"Spalte {letter(self.columns.index(column))} („{column}“)"
        return f"Variable „{column}“" if not self.letters else f"Spalte „{column}“"


@dataclass(frozen=True)
class Target:
    """Where one source column goes.

    ``role`` is ``cell`` (one of our responses.csv columns), ``rank_at`` (the column holds the
    option code at rank ``rank``, LimeSurvey's layout), ``organisation``, ``token``,
    ``submitted_at`` or ``status``; a resolver may also say ``drop`` (with the reason in
    ``note``) for columns it knows are not taken over.
    """

    role: str
    column: str = ""
    rank: int = 0
    note: str = ""


Resolver = Callable[[str], Target | Dropped | None]
"""A format's own naming rule: a source column → its target, a reasoned drop, or None."""

OTHER_TEXT = "other"
"""The role of a ``<qid>.other`` column; every other column's role comes from its type module."""
COMPLETE = {"complete", "vollständig", "abgeschlossen", "1", "y", "ja", "true"}
PARTIAL = {"partial", "unvollständig", "teilweise", "0", "n", "nein", "false"}


def as_text(value: Any) -> str:
    """A raw cell as text: empty for missing, integers without a trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def column_roles(questionnaire: Questionnaire) -> dict[str, tuple[str, QuestionBase]]:
    """Each of our columns → (kind of value, its question)."""
    roles: dict[str, tuple[str, QuestionBase]] = {}
    for q in questionnaire.questions():
        for column in q.columns():
            if column.endswith(".other") and column == f"{q.id}.other":
                roles[column] = (OTHER_TEXT, q)
            else:
                roles[column] = (type_module(q).column_role(q), q)
    return roles


def resolve_columns(
    source: SourceTable,
    questionnaire: Questionnaire,
    mapping: Mapping,
    resolver: Resolver | None = None,
) -> tuple[dict[str, Target], list[Mapped], list[Dropped], list[Problem]]:
    """Decide for every source column where it goes; problems for unknown mapping targets.

    A format's resolver goes before our own names: LimeSurvey's ``R1_1`` means "rank 1 of R1",
    never the option ``1`` of ``r1``.
    """
    ours = [*META_COLUMNS, *questionnaire.columns()]
    lower = {c.lower(): c for c in ours}
    underscored: dict[str, list[str]] = {}
    for column in ours:
        underscored.setdefault(column.replace(".", "_").lower(), []).append(column)
    targets: dict[str, Target] = {}
    mapped: list[Mapped] = []
    dropped: list[Dropped] = []
    problems: list[Problem] = []
    meta = {
        mapping.organisation_column: "organisation",
        mapping.submitted_at_column: "submitted_at",
        mapping.status_column: "status",
    }
    for column in source.columns:
        target: Target | Dropped | None = None
        if column in mapping.columns:
            named = mapping.columns[column]
            if named is None:
                target = Dropped(column, "laut Zuordnungsdatei ausgelassen")
            elif named in META_COLUMNS:
                target = Target(named)
            elif named in ours:
                target = Target("cell", named, note="laut Zuordnungsdatei")
            else:
                problems.append(
                    Problem(
                        file=source.file,
                        line=1,
                        question=None,
                        message=f"Die Zuordnungsdatei ordnet „{column}“ der Spalte „{named}“ zu, die es in dieser Welle nicht gibt.",
                        fix="Verwenden Sie eine Spalte aus responses.csv dieser Welle, z. B. "
                        + ", ".join(questionnaire.columns()[:5])
                        + ".",
                    )
                )
                continue
        elif column in meta:
            target = Target(meta[column])
        elif resolver is not None and (target := resolver(column)) is not None:
            pass
        elif column in ours or column.lower() in lower:
            name = column if column in ours else lower[column.lower()]
            target = Target(name) if name in META_COLUMNS else Target("cell", name)
        elif len(underscored.get(column.lower(), [])) == 1:
            name = underscored[column.lower()][0]
            target = Target(name) if name in META_COLUMNS else Target("cell", name)
        if target is None:
            target = Dropped(column, "gehört zu keiner Frage dieser Welle")
        if isinstance(target, Dropped):
            dropped.append(target)
            continue
        targets[column] = target
        label = target.column or target.role
        if target.role == "rank_at":
            label = f"{target.column} (Rang {target.rank})"
        mapped.append(Mapped(column, label, target.note))
    taken: dict[str, str] = {}
    for column, target in targets.items():
        key = f"{target.role}:{target.column}:{target.rank}"
        if key in taken and target.role != "rank_at":
            problems.append(
                Problem(
                    file=source.file,
                    line=1,
                    question=None,
                    message=f"{source.where(column)} und {source.where(taken[key])} gehen beide nach „{target.column or target.role}“.",
                    fix="Lassen Sie eine der beiden in der Zuordnungsdatei aus (Wert null).",
                )
            )
        taken.setdefault(key, column)
    return targets, mapped, dropped, problems


def records_from_source(
    source: SourceTable,
    questionnaire: Questionnaire,
    mapping: Mapping,
    organisations: Collection[str] | None,
    *,
    resolver: Resolver | None = None,
    plan: ImportPlan,
) -> ImportPlan:
    """Map, convert and check every row; fills ``plan``; ProblemsError lists every problem."""
    targets, mapped, dropped, found = resolve_columns(source, questionnaire, mapping, resolver)
    problems = ProblemList(found)
    plan.mapped.extend(mapped)
    plan.dropped.extend(dropped)
    roles = column_roles(questionnaire)
    has_time = any(t.role == "submitted_at" for t in targets.values())
    has_status = any(t.role == "status" for t in targets.values())
    if not has_time and mapping.submitted_at_default is None and not has_status:
        problems.append(
            Problem(
                file=source.file,
                line=1,
                question=None,
                message="Die Datei hat keine Spalte mit dem Abgabezeitpunkt; vollständige Antworten brauchen einen.",
                fix=f"Nennen Sie in der Zuordnungsdatei die Spalte (submitted_at_column: …) oder einen Zeitpunkt für alle (submitted_at_default: …); gefunden wurden: {', '.join(source.columns[:8])}.",
            )
        )
    if source.rows and not any(t.role in ("cell", "rank_at") for t in targets.values()):
        problems.append(
            Problem(
                file=source.file,
                line=1,
                question=None,
                message="Keine Spalte der Datei gehört zu einer Frage dieser Welle; es würden nur leere Antworten entstehen.",
                fix="Ordnen Sie die Spalten in einer Zuordnungsdatei zu (--mapping, siehe docs/importing.md)"
                + (
                    "; bei LimeSurvey exportieren Sie mit Fragecodes als Überschrift."
                    if "submitdate" in source.columns or "Datum Abgeschickt" in source.columns
                    else "."
                ),
            )
        )
    if problems:
        raise ProblemsError(problems)
    header = [*META_COLUMNS, *questionnaire.columns()]
    rows: list[dict[str, str]] = []
    for raw_row, line in zip(source.rows, source.lines, strict=True):
        rows.append(_convert_row(source, raw_row, line, targets, roles, mapping, problems))
    if problems:
        raise ProblemsError(problems)
    _fill_unchosen(rows, questionnaire)
    table = Table(source.file, header, rows, list(source.lines), "utf-8", ",")
    sources_of = {t.column: c for c, t in targets.items() if t.column}
    try:
        result = records_from_table(table, questionnaire, organisations)
    except ProblemsError as exc:
        raise ProblemsError(
            [_relocate(p, source, sources_of) for p in exc.problems], exc.dropped
        ) from None
    unmapped = [
        q.id for q in questionnaire.questions() if not any(c in sources_of for c in q.columns())
    ]
    if unmapped:
        plan.warnings.append(
            Problem(
                file=source.file,
                line=None,
                question=None,
                message=f"Für {len(unmapped)} Fragen gibt es keine Spalte ({', '.join(unmapped[:8])}{' …' if len(unmapped) > 8 else ''}); sie bleiben unbeantwortet.",
                fix="Ordnen Sie die Spalten in der Zuordnungsdatei zu, falls die Antworten vorliegen.",
            )
        )
    plan.warnings.extend(result.warnings)
    plan.records = result.records
    return plan


def _convert_row(
    source: SourceTable,
    raw_row: dict[str, Any],
    line: int,
    targets: dict[str, Target],
    roles: dict[str, tuple[str, QuestionBase]],
    mapping: Mapping,
    problems: list[Problem],
) -> dict[str, str]:
    row: dict[str, str] = {}
    for column, target in targets.items():
        raw = raw_row.get(column)
        text = as_text(raw)
        if target.role == "cell":
            kind, question = roles[target.column]
            row[target.column] = _cell(
                kind, question, text, source.value_labels.get(column, {}), mapping
            )
        elif target.role == "rank_at":
            if text:
                code = question_code(text, target, roles)
                if f"{target.column}.{code}" not in roles:
                    problems.append(
                        Problem(
                            file=source.file,
                            line=line,
                            question=target.column,
                            message=f"{source.where(column)}: „{text}“ ist keine Antwort dieser Rangfrage.",
                            fix="Korrigieren Sie den Wert oder lassen Sie die Zelle leer.",
                        )
                    )
                elif f"{target.column}.{code}" in row:
                    problems.append(
                        Problem(
                            file=source.file,
                            line=line,
                            question=target.column,
                            message=f"{source.where(column)}: „{text}“ hat schon einen Rang.",
                            fix="Jede Antwort kann nur einen Rang bekommen.",
                        )
                    )
                else:
                    row[f"{target.column}.{code}"] = str(target.rank)
        elif target.role == "organisation":
            row["organisation"] = text
        elif target.role == "token":
            if text and mapping.tokens:
                if text in mapping.tokens:
                    row["organisation"] = mapping.tokens[text]
                else:
                    problems.append(
                        Problem(
                            file=source.file,
                            line=line,
                            question=None,
                            message=f"{source.where(column)}: Der Token „{text}“ steht nicht unter tokens: in der Zuordnungsdatei.",
                            fix="Ergänzen Sie den Token mit der Kennung seiner Organisation.",
                        )
                    )
        elif target.role == "submitted_at":
            row["submitted_at"] = _timestamp(raw, mapping)
        elif target.role == "status":
            row["status"] = _status(text)
    if not row.get("submitted_at") and mapping.submitted_at_default is not None:
        row["submitted_at"] = _timestamp(mapping.submitted_at_default, mapping)
    if not row.get("status"):
        row["status"] = "complete" if row.get("submitted_at") else "partial"
    return row


def question_code(text: str, target: Target, roles: dict[str, tuple[str, QuestionBase]]) -> str:
    """The option code a LimeSurvey rank column names (its code or its label)."""
    for column, (_kind, question) in roles.items():
        if not column.startswith(f"{target.column}."):
            continue
        code = type_module(question).rank_code(question, text)
        if code is not None:
            return code
    return text


def _cell(
    kind: str, question: QuestionBase, text: str, labels: dict[str, str], mapping: Mapping
) -> str:
    if text == "":
        return ""
    if kind == OTHER_TEXT:  # an "other, please specify" text, whatever the question's type
        return text
    return type_module(question).cell(question, text, labels, mapping)


def _timestamp(raw: Any, mapping: Mapping) -> str:
    if raw is None or raw == "":
        return ""
    moment: datetime | None = None
    if isinstance(raw, datetime):
        moment = raw
    elif isinstance(raw, date):
        moment = datetime.combine(raw, time(12, 0))
    else:
        text = as_text(raw)
        if not text:
            return ""
        moment = _parse_time(text)
        if moment is None:
            return text  # the checks name the cell and the expected form
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=mapping.zone())
    return moment.isoformat()


GERMAN_TIME = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = GERMAN_TIME.match(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        try:
            return datetime(
                int(year), int(month), int(day), int(hour or 12), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
    return None


def _status(text: str) -> str:
    word = text.lower()
    if word in COMPLETE:
        return "complete"
    if word in PARTIAL:
        return "partial"
    return text


def _fill_unchosen(rows: list[dict[str, str]], questionnaire: Questionnaire) -> None:
    """Tools that mark only the chosen options (LimeSurvey's ``Y`` / empty) leave the others
    blank; once one option of a row is chosen, the blank ones were shown and not chosen."""
    questions = [(q, type_module(q)) for q in questionnaire.questions()]
    for row in rows:
        for q, module in questions:
            module.fill_unchosen(q, row)


SPALTE = re.compile(r"Spalte [A-Z?]+ \(„([^“]*)“\)")


def _relocate(problem: Problem, source: SourceTable, sources_of: dict[str, str]) -> Problem:
    """Name the column of the source file, not of the responses.csv built from it."""

    def replace(match: re.Match[str]) -> str:
        ours = match.group(1)
        theirs = sources_of.get(ours)
        if theirs is None:
            return match.group(0)
        return f"{source.where(theirs)} → „{ours}“"

    return Problem(
        file=problem.file,
        line=problem.line,
        question=problem.question,
        message=SPALTE.sub(replace, problem.message),
        fix=problem.fix,
    )


def read_csv_source(data: bytes, name: str) -> SourceTable:
    """A CSV file as a SourceTable, read by the one table reader (surveyfolder.tables)."""
    table = read_table(data, name, excel=False)
    return SourceTable(name, "CSV-Tabelle", list(table.header), list(table.rows), list(table.lines))


def read_xlsx_source(path: Path, name: str) -> SourceTable:
    """The first worksheet of an Excel file; header in row 1.

    Read by the one table reader (surveyfolder.tables, bounded by surveyfolder.xlsxread):
    rows, columns, cells, cell length, unpacked size and time are limited, and header and row
    defects are worded as for every other table. Values become text here (``as_text``);
    Excel's dates and times come back as ISO text, which ``_timestamp`` reads unchanged.
    """
    table = read_table(path, name, cell=as_text, excel=True)
    return SourceTable(
        name, "Excel-Tabelle (.xlsx)", list(table.header), list(table.rows), list(table.lines)
    )
