"""CSV for people's spreadsheets: the register download and the other CSV downloads of the admin."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from umfrage.reporting.formatting import neutralise as formula_safe
from umfrage.store.folder import stored_register
from umfrage.store.models import Survey


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
    register = stored_register(survey)
    columns = register.columns
    return columns, [[r.value(c) for c in columns] for r in register.organisations]
