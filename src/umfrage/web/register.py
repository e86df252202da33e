"""Replacing a survey's register with an uploaded organisations.csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from umfrage.store.models import Organisation, Survey
from umfrage.surveyfolder.organisations import STANDARD_COLUMNS, Register


@dataclass
class RegisterResult:
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: list[str] = field(default_factory=list)
    """Keys missing from the file but kept because they have answers or invitations."""
    erased: list[str] = field(default_factory=list)
    """Keys whose personal data were erased on request: their contact data were not re-read."""


def replace_register(survey: Survey, register: Register) -> RegisterResult:
    """Make the stored register match ``register`` (all or nothing).

    Organisations are matched by their key. One that is no longer listed is removed unless
    answers or invitations refer to it. Contact data of an organisation whose personal data
    were erased on request are not taken back in from an old file.
    """
    result = RegisterResult()
    with transaction.atomic():
        existing = {o.key: o for o in Organisation.objects.filter(survey=survey)}
        for position, record in enumerate(register.organisations):
            org = existing.pop(record.id, None)
            if org is None:
                org = Organisation(survey=survey, key=record.id)
                result.added += 1
            else:
                result.updated += 1
            org.position = position
            org.name = record.name
            org.bundesland = record.bundesland
            org.gemeindegroesse = record.gemeindegroesse
            org.municipality = record.municipality
            if org.erased_at is None:
                org.contact_name = record.contact_name
                org.email = record.email
                org.extra = dict(record.extra)
            elif record.contact_name or record.email or any(record.extra.values()):
                result.erased.append(org.key)
            org.save()
        leftover = len(register.organisations)
        for key, org in sorted(existing.items()):
            if org.responses.exists() or org.invitations.exists():
                org.position = leftover
                leftover += 1
                org.save(update_fields=["position"])
                result.kept.append(key)
            else:
                org.delete()
                result.removed += 1
        survey.register_columns = list(register.columns)
        survey.save(update_fields=["register_columns"])
    return result


# Spreadsheets run cells starting with these as formulas (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    """A cell that Excel and LibreOffice show as text, never evaluate."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_text(header: list[str], rows: Iterable[Iterable[str]]) -> str:
    """CSV for people's spreadsheets: UTF-8 with BOM (Excel), ``;``, formula-safe cells."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([formula_safe(h) for h in header])
    for row in rows:
        writer.writerow([formula_safe(str(cell)) for cell in row])
    return out.getvalue()


def register_rows(survey: Survey) -> tuple[list[str], list[list[str]]]:
    columns = list(survey.register_columns) or list(STANDARD_COLUMNS)
    rows = []
    for org in Organisation.objects.filter(survey=survey).order_by("position"):
        values = {
            "id": org.key,
            "name": org.name,
            "bundesland": org.bundesland,
            "gemeindegroesse": org.gemeindegroesse,
            "municipality": org.municipality,
            "contact_name": org.contact_name,
            "email": org.email,
        }
        rows.append([values.get(c, org.extra.get(c, "")) for c in columns])
    return columns, rows
