"""What every reporting type module provides: the :class:`ReportType` protocol.

Tables, key findings, the report's type names, the export columns and the codebook call these
members and never ask for a question's type. Charts live in ``reporting/charts`` (one module per
type too, :class:`umfrage.reporting.charts.ChartType`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from umfrage.analysis.results import QuestionResult, WaveResult

if TYPE_CHECKING:
    from umfrage.reporting.exports.dataset import Variable
    from umfrage.reporting.findings import Finding
    from umfrage.reporting.tables import Table


class ReportType(Protocol):
    """One question type in the reporting layer (a module in this folder)."""

    NAME: str
    CODEBOOK_NAME: str
    CONTRACT_NUMBERS: bool
    CODED_VALUES: bool
    SUPPRESSED_WHAT: str

    def main_tables(self, result: QuestionResult, wave: str) -> list[Table]: ...
    def findings(
        self, answer: QuestionResult, question: Any, result: WaveResult
    ) -> list[Finding]: ...
    def export_variables(self, question: Any) -> list[Variable]: ...
    def codebook_values(self, variable: Variable, listed: str) -> str: ...
