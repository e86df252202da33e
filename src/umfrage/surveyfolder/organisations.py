"""``organisations.csv``: the register of invitable organisations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from umfrage import languages as known_languages
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.surveyfolder.csvio import Table, column_letter, parse_table, read_table, write_table

REQUIRED_COLUMNS = ["id", "name"]
STANDARD_COLUMNS = [
    "id",
    "name",
    "bundesland",
    "gemeindegroesse",
    "municipality",
    "contact_name",
    "email",
]
# Optional: 0 marks an organisation that has left the register but is kept because invitations
# or answers refer to it (it is not invited again). Written by `umfrage dump` when one has left.
ACTIVE_COLUMN = "active"
ACTIVE_VALUES = {"": True, "1": True, "ja": True, "0": False, "nein": False}
# Optional (issue 21): the organisation's language, a code of umfrage.languages (empty: German).
# Invitations and reminders are written in it, and the questionnaire opens in it, where the wave
# offers it. Written by `umfrage dump` when an organisation has one.
LANGUAGE_COLUMN = "language"
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# Deliberately simple: the SMTP server is the final judge; this catches typos such as a missing @.
EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# Line breaks and other control characters (C0, DEL, C1, the Unicode line and paragraph
# separators): a value with one cannot go into a mail header ("To", "Subject") and has no place in
# a one-line register field, so the register refuses it instead of letting a sending run fail.
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class OrganisationRecord:
    """One row of the register; columns beyond the standard ones are kept in ``extra``."""

    id: str
    name: str
    bundesland: str = ""
    gemeindegroesse: str = ""
    municipality: str = ""
    contact_name: str = ""
    email: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    active: bool = True
    language: str = ""

    def value(self, column: str) -> str:
        if column == ACTIVE_COLUMN:
            return "1" if self.active else "0"
        if column == LANGUAGE_COLUMN:
            return self.language
        if column in STANDARD_COLUMNS:
            return str(getattr(self, column))
        return self.extra.get(column, "")


@dataclass(frozen=True)
class Register:
    columns: list[str]
    organisations: list[OrganisationRecord]

    def ids(self) -> set[str]:
        return {o.id for o in self.organisations}


def read_register(path: Path, display: str | None = None) -> Register:
    return register_from_table(read_table(path, display, required=REQUIRED_COLUMNS))


def parse_register(data: bytes, name: str) -> Register:
    return register_from_table(parse_table(data, name, required=REQUIRED_COLUMNS))


def register_from_table(table: Table) -> Register:
    """Check a table already read (a CSV file, an Excel sheet) as a register; all rows or none."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    records: list[OrganisationRecord] = []

    def where(column: str) -> str:
        return f"Spalte {column_letter(table.header, column)} („{column}“)"

    for row, line in zip(table.rows, table.lines, strict=True):
        values = {k: v.strip() for k, v in row.items()}
        org_id = values.get("id", "")
        if not ID_RE.match(org_id):
            problems.append(
                Problem(
                    file=table.file,
                    line=line,
                    question=None,
                    message=f"{where('id')}: „{org_id}“ ist keine gültige Kennung.",
                    fix="Verwenden Sie Buchstaben, Ziffern, Punkt, - und _ (höchstens 64 Zeichen).",
                )
            )
        elif org_id in seen:
            problems.append(
                Problem(
                    file=table.file,
                    line=line,
                    question=None,
                    message=f"{where('id')}: Die Kennung „{org_id}“ steht schon in Zeile {seen[org_id]}.",
                    fix="Jede Organisation braucht eine eigene Kennung.",
                )
            )
        else:
            seen[org_id] = line
        if not values.get("name"):
            problems.append(
                Problem(
                    file=table.file,
                    line=line,
                    question=None,
                    message=f"{where('name')}: Der Name fehlt.",
                    fix="Tragen Sie den Namen der Organisation ein.",
                )
            )
        email = values.get("email", "")
        if email and not EMAIL_RE.match(email):
            problems.append(
                Problem(
                    file=table.file,
                    line=line,
                    question=None,
                    message=f"{where('email')}: „{email}“ ist keine gültige E-Mail-Adresse.",
                    fix="Korrigieren Sie die Adresse (Form name@beispiel.de) oder lassen Sie die Zelle leer.",
                )
            )
        active = values.get(ACTIVE_COLUMN, "").lower()
        if active not in ACTIVE_VALUES:
            problems.append(
                Problem(
                    file=table.file,
                    line=line,
                    question=None,
                    message=f"{where(ACTIVE_COLUMN)}: „{values[ACTIVE_COLUMN]}“ ist kein gültiger Wert.",
                    fix="Tragen Sie 1 ein (im Register) oder 0 (nicht mehr im Register, wird "
                    "nicht mehr eingeladen); leer bedeutet 1.",
                )
            )
        language_code = values.get(LANGUAGE_COLUMN, "")
        language = known_languages.get(language_code) if language_code else None
        if language_code and language is None:
            problems.append(
                Problem(
                    file=table.file,
                    line=line,
                    question=None,
                    message=f"{where(LANGUAGE_COLUMN)}: „{language_code}“ ist keine Sprache, "
                    "die Umfrage kennt.",
                    fix="Tragen Sie einen dieser Codes ein: "
                    + ", ".join(known_languages.codes())
                    + "; leer bedeutet Deutsch.",
                )
            )
        for column in STANDARD_COLUMNS:
            found = CONTROL_RE.search(values.get(column, ""))
            if found:
                what = (
                    "einen Zeilenumbruch"
                    if found.group() in "\r\n\u2028\u2029\x85"
                    else ("ein Steuerzeichen")
                )
                problems.append(
                    Problem(
                        file=table.file,
                        line=line,
                        question=None,
                        message=f"{where(column)}: Der Eintrag enthält {what} "
                        f"(U+{ord(found.group()):04X}).",
                        fix="Schreiben Sie den Eintrag in eine Zeile, ohne Zeilenumbruch und "
                        "ohne Steuerzeichen.",
                    )
                )
        standard = {c: values.get(c, "") for c in STANDARD_COLUMNS}
        extra = {
            c: values[c]
            for c in table.header
            if c not in STANDARD_COLUMNS and c not in (ACTIVE_COLUMN, LANGUAGE_COLUMN)
        }
        records.append(
            OrganisationRecord(
                **standard,
                extra=extra,
                active=ACTIVE_VALUES.get(active, True),
                language=language.code if language is not None else "",
            )
        )
    if problems:
        raise ProblemsError(problems)
    return Register(list(table.header), records)


def write_register(path: Path, register: Register) -> None:
    write_table(
        path,
        register.columns,
        ([o.value(c) for c in register.columns] for o in register.organisations),
    )


def standard_register(organisations: Iterable[OrganisationRecord]) -> Register:
    return Register(list(STANDARD_COLUMNS), list(organisations))
