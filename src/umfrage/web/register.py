"""Replacing a survey's register with an uploaded organisations.csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from umfrage.reporting.formatting import neutralise as formula_safe
from umfrage.store.models import Organisation, Survey
from umfrage.surveyfolder.organisations import ACTIVE_COLUMN, STANDARD_COLUMNS


def csv_text(header: list[str], rows: Iterable[Iterable[str]]) -> str:
    """CSV for people's spreadsheets: UTF-8 with BOM (Excel), ``;``, formula-safe cells."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([formula_safe(h) for h in header])
    for row in rows:
        writer.writerow([formula_safe(str(cell)) for cell in row])
    return out.getvalue()


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """``csv_text`` as a download named ``filename``."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def register_rows(survey: Survey) -> tuple[list[str], list[list[str]]]:
    """The register as organisations.csv has it (``active`` added once someone has left)."""
    organisations = list(Organisation.objects.filter(survey=survey).order_by("position"))
    columns = list(survey.register_columns) or list(STANDARD_COLUMNS)
    if ACTIVE_COLUMN not in columns and not all(o.active for o in organisations):
        columns.append(ACTIVE_COLUMN)
    records = [o.as_record() for o in organisations]
    return columns, [[r.value(c) for c in columns] for r in records]
