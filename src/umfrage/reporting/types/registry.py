"""The typed registry of the reporting type modules (imported on first use, see ``__init__``)."""

from __future__ import annotations

from umfrage.reporting.types import matrix, multi, number, ranking, single, text
from umfrage.reporting.types.base import ReportType

MODULES: dict[str, ReportType] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}
