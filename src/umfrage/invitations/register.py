"""The register of organisations: read it from CSV or Excel, and update the database by id.

Reading is as tolerant as contracts.md asks (BOM, ``;``, Windows-1252, German column names such as
„Land“ or „E-Mail“); every defect is reported with file, line and column, and nothing is stored
unless the whole file is correct. Updating keeps history: an organisation with invitations or
responses is never deleted, only marked as no longer in the register.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from umfrage.invitations.models import RegisterImport
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.store.models import Invitation, Organisation, Response, Survey
from umfrage.surveyfolder.organisations import (
    LANGUAGE_COLUMN,
    REQUIRED_COLUMNS,
    STANDARD_COLUMNS,
    OrganisationRecord,
    Register,
    register_from_table,
)
from umfrage.surveyfolder.tables import (
    Table,
    cell_text,
    column_letter,
    missing_column,
    read_table,
)

# Column names people actually use in their spreadsheets, folded (see _fold) onto the contract's.
ALIASES = {
    "id": "id",
    "kennung": "id",
    "name": "name",
    "buendnis": "name",
    "organisation": "name",
    "bundesland": "bundesland",
    "land": "bundesland",
    "gemeindegroesse": "gemeindegroesse",
    "municipality": "municipality",
    "gemeinde": "municipality",
    "kommune": "municipality",
    "ort": "municipality",
    "contactname": "contact_name",
    "kontakt": "contact_name",
    "ansprechperson": "contact_name",
    "ansprechpartnerin": "contact_name",
    "ansprechpartner": "contact_name",
    "email": "email",
    "mail": "email",
    "emailadresse": "email",
    "active": "active",
    "aktiv": "active",
    "imregister": "active",
    "language": "language",
    "sprache": "language",
}

# Fields compared when updating; ``extra`` holds the columns beyond the standard ones.
COMPARED = [*(c for c in STANDARD_COLUMNS if c != "id"), LANGUAGE_COLUMN]
# What an erasure on request empties (with ``extra``); a later file must not bring it back.
CONTACT_COLUMNS = ["contact_name", "email"]


def _fold(column: str) -> str:
    text = column.strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum())


@dataclass(frozen=True)
class RegisterFile:
    """A register read from a file, with remarks that do not stop the import."""

    name: str
    register: Register
    warnings: list[str] = field(default_factory=list)


def read_register_file(path: Path, display: str | None = None) -> RegisterFile:
    """Read and check a register from CSV or Excel; ProblemsError lists every defect."""
    return parse_register_table(read_table(path, display or str(path), cell=_cell))


def parse_register_file(data: bytes, name: str) -> RegisterFile:
    """A register from the bytes of a CSV or Excel file (an upload); see above.

    Read by the one table reader (surveyfolder.tables): CSV or Excel by the name's suffix, the
    shared limits, and the same messages as every other table; this module adds the register's.
    """
    return parse_register_table(read_table(data, name, cell=_cell))


def parse_register_table(table: Table) -> RegisterFile:
    """Map German column names onto the contract's, then check the rows as a register."""
    table = _standard_header(table)
    register = register_from_table(table)
    _check_lengths(table, register)
    return RegisterFile(table.file, register, _duplicate_emails(table, register))


def _check_lengths(table: Table, register: Register) -> None:
    limits = {c: getattr(Organisation._meta.get_field(c), "max_length", None) for c in COMPARED}
    problems = [
        Problem(
            file=table.file,
            line=line,
            question=None,
            message=f"Spalte {column_letter(table.header, column)} („{column}“): Der Wert ist "
            f"{len(getattr(record, column))} Zeichen lang, erlaubt sind {limit}.",
            fix="Kürzen Sie den Eintrag.",
        )
        for record, line in zip(register.organisations, table.lines, strict=True)
        for column, limit in limits.items()
        if limit is not None and len(getattr(record, column)) > limit
    ]
    if problems:
        raise ProblemsError(problems)


def _standard_header(table: Table) -> Table:
    problems: list[Problem] = []
    header: list[str] = []
    origin: dict[str, str] = {}
    for column in table.header:
        standard = ALIASES.get(_fold(column), column)
        if standard in origin:
            problems.append(
                Problem(
                    file=table.file,
                    line=1,
                    question=None,
                    message=f"Die Spalten „{origin[standard]}“ und „{column}“ meinen beide „{standard}“.",
                    fix="Löschen oder benennen Sie eine der beiden Spalten um.",
                )
            )
        origin[standard] = column
        header.append(standard)
    for column in REQUIRED_COLUMNS:
        if column not in origin:
            problems.append(missing_column(table.file, column))
    if problems:
        raise ProblemsError(problems)
    rows = [
        {new: row[old] for old, new in zip(table.header, header, strict=True)} for row in table.rows
    ]
    return Table(table.file, header, rows, table.lines, table.encoding, table.delimiter)


def _duplicate_emails(table: Table, register: Register) -> list[str]:
    first: dict[str, int] = {}
    warnings = []
    for record, line in zip(register.organisations, table.lines, strict=True):
        address = record.email.lower()
        if not address:
            continue
        if address in first:
            warnings.append(
                f"{table.file}:{line}: Spalte {column_letter(table.header, 'email')}: "
                f"Die Adresse {record.email} steht schon in Zeile {first[address]}; "
                "beide Organisationen erhalten je eine eigene Einladung."
            )
        else:
            first[address] = line
    return warnings


def _cell(value: object) -> str:
    """An Excel value in the register: true/false as ja/nein (the "aktiv" column's words)."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    # Excel stores every number as a float: an id typed as 17 must stay "17", not "17.0".
    return cell_text(value)


@dataclass(frozen=True)
class RegisterChanges:
    """What an import did (or, in a dry run, would do) to a survey's register."""

    survey: str
    created: list[str]
    updated: dict[str, dict[str, tuple[str, str]]]
    deactivated: list[str]
    reactivated: list[str]
    deleted: list[str]
    unchanged: int
    warnings: list[str]
    erased: list[str] = field(default_factory=list)
    """Erased on request: the contact data in the file were not taken back in."""

    def changed(self) -> bool:
        return bool(
            self.created or self.updated or self.deactivated or self.reactivated or self.deleted
        )


def import_register(
    survey: Survey, read: RegisterFile, *, dry_run: bool = False, now: datetime | None = None
) -> RegisterChanges:
    """Bring the survey's register in line with the file, in one transaction.

    Organisations are matched by id. Those missing from the file are deleted only if nothing
    refers to them; otherwise they stay, marked as no longer in the register (not invited again).
    """
    moment = now or timezone.now()
    with transaction.atomic():
        existing = {
            o.key: o for o in Organisation.objects.select_for_update().filter(survey=survey)
        }
        incoming = read.register.organisations
        columns = [c for c in COMPARED if c in read.register.columns]
        created: list[str] = []
        updated: dict[str, dict[str, tuple[str, str]]] = {}
        reactivated: list[str] = []
        left: list[str] = []  # marked 0 in the file's "active" column
        unchanged = 0
        to_create: list[Organisation] = []
        to_update: list[Organisation] = []
        erased: list[str] = []
        for position, record in enumerate(incoming):
            current = existing.get(record.id)
            if current is None:
                created.append(record.id)
                to_create.append(_new(survey, record, position, columns))
                continue
            if current.erased_at is not None:
                if any(record.value(c) for c in CONTACT_COLUMNS) or any(record.extra.values()):
                    erased.append(record.id)
                record = _without_contact(record, current)
            diff = _differences(current, record, columns)
            if current.active != record.active:
                (reactivated if record.active else left).append(record.id)
            if diff:
                updated[record.id] = diff
            if diff or current.active != record.active or current.position != position:
                _apply(current, record, position, columns)
                to_update.append(current)
            if not diff and current.active == record.active:
                unchanged += 1
        missing = [key for key in existing if key not in read.register.ids()]
        referenced = set(
            Organisation.objects.filter(survey=survey, key__in=missing)
            .filter(
                Q(Exists(Invitation.objects.filter(organisation=OuterRef("pk"))))
                | Q(Exists(Response.objects.filter(organisation=OuterRef("pk"))))
            )
            .values_list("key", flat=True)
        )
        deactivated = [k for k in missing if k in referenced and existing[k].active] + left
        # Those kept although the file no longer lists them go after those it lists.
        for offset, key in enumerate(k for k in missing if k in referenced):
            kept = existing[key]
            if kept.active or kept.position != len(incoming) + offset:
                kept.active = False
                kept.position = len(incoming) + offset
                to_update.append(kept)
        deleted = [k for k in missing if k not in referenced]
        changes = RegisterChanges(
            survey.slug,
            created,
            updated,
            deactivated,
            reactivated,
            deleted,
            unchanged,
            list(read.warnings),
            erased,
        )
        if dry_run:
            return changes
        Organisation.objects.bulk_create(to_create, batch_size=1000)
        Organisation.objects.bulk_update(
            to_update, [*COMPARED, "extra", "active", "position"], batch_size=1000
        )
        Organisation.objects.filter(survey=survey, key__in=deleted).delete()
        known = list(survey.register_columns)
        survey.register_columns = known + [c for c in read.register.columns if c not in known]
        survey.save(update_fields=["register_columns"])
        RegisterImport.objects.create(
            survey=survey,
            file_name=read.name,
            imported_at=moment,
            created=created,
            updated={k: {f: list(v) for f, v in d.items()} for k, d in updated.items()},
            deactivated=deactivated,
            deleted=deleted,
        )
    return changes


def _without_contact(record: OrganisationRecord, erased: Organisation) -> OrganisationRecord:
    """The file's row for an erased organisation: its name and municipality stay erased too."""
    return dataclasses.replace(
        record,
        name=erased.name,
        municipality=erased.municipality,
        contact_name="",
        email="",
        extra={},
    )


def _new(
    survey: Survey, record: OrganisationRecord, position: int, columns: list[str]
) -> Organisation:
    organisation = Organisation(survey=survey, key=record.id)
    _apply(organisation, record, position, columns)
    return organisation


# Only the columns the file has are compared and written: a register without, say, a contact
# column updates the addresses and leaves the contacts as they were.
def _apply(
    organisation: Organisation, record: OrganisationRecord, position: int, columns: list[str]
) -> None:
    for column in columns:
        setattr(organisation, column, getattr(record, column))
    organisation.extra = {**organisation.extra, **record.extra}
    organisation.active = record.active
    organisation.position = position


def _differences(
    current: Organisation, record: OrganisationRecord, columns: list[str]
) -> dict[str, tuple[str, str]]:
    diff = {
        column: (str(getattr(current, column)), str(getattr(record, column)))
        for column in columns
        if str(getattr(current, column)) != str(getattr(record, column))
    }
    for column in sorted(record.extra):
        old, new = str(current.extra.get(column, "")), record.extra[column]
        if old != new:
            diff[column] = (old, new)
    return diff
