"""What every reporting type module provides: the :class:`ReportType` protocol.

Tables, key findings, the Kurzfassung's headlines, the report's type names, the export columns,
the codebook and the open-data table call these
members and never ask for a question's type. The protocol is generic in the module's question
class (``Q``) and result class (``R``); ``registry`` checks every module against it with its own
two classes, so mypy checks each function's parameters. Charts live in ``reporting/charts`` (one module per
type too, :class:`umfrage.reporting.charts.ChartType`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

import pyarrow as pa

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import QuestionResult, WaveResult
from umfrage.questionnaire.base import QuestionBase

if TYPE_CHECKING:
    from umfrage.reporting.exports.dataset import Variable
    from umfrage.reporting.findings import Finding
    from umfrage.reporting.kurzfassung import Headline
    from umfrage.reporting.opendata import OpenRow
    from umfrage.reporting.tables import Table


Q = TypeVar("Q", bound=QuestionBase, contravariant=True)
R = TypeVar("R", bound=QuestionResult, contravariant=True)


class ReportType(Protocol[Q, R]):
    """One question type in the reporting layer (a module in this folder)."""

    NAME: str
    CODEBOOK_NAME: str
    CONTRACT_NUMBERS: bool
    CODED_VALUES: bool
    SUPPRESSED_WHAT: str

    def main_tables(self, result: R, wave: str) -> list[Table]: ...
    def findings(self, answer: R, question: Q, result: WaveResult) -> list[Finding]: ...
    def headlines(self, answer: R, question: Q, result: WaveResult) -> list[Headline]: ...
    def export_variables(self, question: Q) -> list[Variable]: ...
    def export_cells(self, question: Q, frame: WaveFrame) -> dict[str, pa.Array]: ...
    def codebook_values(self, variable: Variable, listed: str) -> str: ...
    def open_rows(self, result: R) -> list[OpenRow]: ...
    def answered_line(self, result: R) -> str | None: ...
