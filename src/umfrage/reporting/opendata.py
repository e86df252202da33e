"""The public report's tables as one tidy CSV for open data (docs/open-data.md). Pure Python.

One row per figure group the public report's tables show: an option's count, share and
interval; a matrix item's share per scale point and its mean; a number's statistics; a
ranking's shares and mean rank; a comparison row. Each type module says which rows its own
table has (``open_rows``); the comparison rows are common to every type. Only the report's
figures go in, from the same (disclosure-protected) result, rounded as the report prints them,
so the file cannot show more than the page does. A cell hidden by disclosure control is left
empty and its row says ``ausgeblendet = ja``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from umfrage.analysis.results import Interval, OptionResult, QuestionResult
from umfrage.reporting.formatting import neutralise
from umfrage.reporting.report import Report
from umfrage.reporting.tables import TEST_NAMES, current_label
from umfrage.reporting.types import named

SHARE = "Anteil"
COMPARISON = "Vergleich"


@dataclass(frozen=True)
class OpenRow:
    """One row of the open-data table, before formatting (shares as fractions)."""

    measure: str
    """What the row's figures are ("Anteil", "Mittelwert", "auf Rang 1", "Vergleich", …)."""
    code: str = ""
    label: str = ""
    item_code: str = ""
    item: str = ""
    count: int | None = None
    share: float | None = None
    value: float | None = None
    """A figure that is not a share (a mean, a median, a mean rank), in its own unit."""
    ci: Interval | None = None
    """The interval of ``share`` (fractions) or of ``value`` (its unit)."""
    base: int | None = None
    small_base: bool | None = None
    excluded_from_base: bool = False
    compare_wave: str = ""
    compare_share: float | None = None
    compare_base: int | None = None
    diff: float | None = None
    test: str | None = None
    p_value: float | None = None
    significant: bool | None = None
    p_adjusted: float | None = None
    secure: bool | None = None
    note: str = ""
    suppressed: bool = False


COLUMNS: tuple[tuple[str, str], ...] = (
    ("welle", "Kennung der Welle (z. B. 2024)"),
    ("frage_id", "Kennung der Frage, in allen Wellen gleich"),
    ("frage", "Wortlaut der Frage"),
    ("fragetyp", "Art der Frage (Einfachauswahl, Mehrfachauswahl, Matrixfrage, …)"),
    ("bereich_code", "Matrixfrage: Kennung der Zeile (des Bereichs); sonst leer"),
    ("bereich", "Matrixfrage: Beschriftung der Zeile; sonst leer"),
    ("antwort_code", "Kennung der Antwort (bei Vergleichen: die der Vergleichswelle)"),
    ("antwort", "Beschriftung der Antwort"),
    ("kennzahl", "Was die Zeile angibt: Anteil, Mittelwert, Median, auf Rang 1, Vergleich, …"),
    ("anzahl", "Anzahl der Nennungen"),
    ("anteil_prozent", "Anteil in Prozent der Basis, eine Nachkommastelle"),
    ("wert", "Kennzahl, die kein Anteil ist (Mittelwert, Median, mittlerer Rang)"),
    ("basis", "Basis: gültige Antworten, auf die sich die Zeile bezieht"),
    ("ki_untere_grenze", "95-%-Konfidenzintervall, untere Grenze (Prozent oder Einheit von wert)"),
    ("ki_obere_grenze", "95-%-Konfidenzintervall, obere Grenze (Prozent oder Einheit von wert)"),
    ("kleine_basis", "ja: Basis unter der Grenze für kleine Basen, mit Vorsicht lesen"),
    ("nicht_in_basis", "ja: Antwort zählt nicht zur Basis (z. B. „kann ich nicht beurteilen“)"),
    ("vergleichswelle", "Vergleich: die frühere Welle"),
    ("vergleich_anteil_prozent", "Vergleich: Anteil in der früheren Welle, Prozent"),
    ("vergleich_basis", "Vergleich: Basis in der früheren Welle"),
    ("differenz_prozentpunkte", "Vergleich: Differenz in Prozentpunkten (diese minus frühere)"),
    ("test", "Vergleich: verwendeter Test"),
    ("p_wert", "Vergleich: p-Wert, drei Nachkommastellen; <0.001 für kleinere Werte"),
    ("signifikant", "Vergleich: ja, wenn der unkorrigierte p-Wert unter 0,05 liegt"),
    (
        "p_wert_korrigiert",
        "Vergleich: p-Wert nach Benjamini-Hochberg für alle Tests des Vergleichs korrigiert",
    ),
    ("gesichert", "Vergleich: ja, wenn der korrigierte p-Wert unter 0,05 liegt (gesichert)"),
    ("hinweis", "Hinweis zum Vergleich (geänderte Antworten, eingeschränkt vergleichbar)"),
    ("ausgeblendet", "ja: Werte dieser Zeile sind zum Schutz kleiner Gruppen ausgeblendet (leer)"),
    ("synthetische_daten", "ja: erfundene Beispieldaten, keine echten Antworten"),
)
"""The CSV's columns with their meaning (the header row has the names; docs/open-data.md)."""

HEADER = tuple(name for name, _ in COLUMNS)


def option_rows(options: Iterable[OptionResult], base: int, small_base: bool) -> list[OpenRow]:
    """Count, share and interval per option (single and multi choice, text categories)."""
    return [
        OpenRow(
            SHARE,
            code=o.code,
            label=o.label,
            count=o.count,
            share=o.share,
            ci=o.ci,
            base=base,
            small_base=small_base,
            excluded_from_base=o.excluded_from_base,
            suppressed=o.suppressed,
        )
        for o in options
    ]


def comparison_rows(result: QuestionResult) -> list[OpenRow]:
    """The rows of the report's comparison table (common to every type)."""
    comparison = result.comparison
    if comparison is None or not comparison.options:
        return []
    return [
        OpenRow(
            COMPARISON,
            code=o.code,
            label=current_label(result, o),
            share=o.current_share,
            base=comparison.current_base,
            small_base=comparison.small_base,
            compare_wave=comparison.wave,
            compare_share=o.share,
            compare_base=comparison.base,
            diff=o.diff,
            test=o.test,
            p_value=o.p_value,
            significant=o.significant,
            p_adjusted=o.p_adjusted,
            secure=o.secure,
            note=comparison.note or "",
            suppressed=o.suppressed,
        )
        for o in comparison.options
    ]


def question_rows(result: QuestionResult) -> list[OpenRow]:
    return [*named(result.type).open_rows(result), *comparison_rows(result)]


def _decimal(value: float | None, decimals: int) -> str:
    if value is None:
        return ""
    text = f"{round(value, decimals):.{decimals}f}"
    # Rounded to zero: no sign (as in the report).
    return text.removeprefix("-") if float(text) == 0 else text


def _percent(share: float | None) -> str:
    return "" if share is None else _decimal(share * 100, 1)


def _yes(flag: bool | None) -> str:
    return "" if flag is None else ("ja" if flag else "nein")


def _p(p: float | None) -> str:
    if p is None:
        return ""
    return "<0.001" if p < 0.001 else _decimal(p, 3)


def cells(wave: str, result: QuestionResult, row: OpenRow, synthetic: bool) -> list[str]:
    """One CSV row as text: decimal point, shares in percent, rounded as the report shows."""
    low, high = row.ci or (None, None)
    if row.value is None:
        bounds = (_percent(low), _percent(high))
    else:
        bounds = (_decimal(low, 1), _decimal(high, 1))
    # Texts a spreadsheet would run as a formula are made inert (docs/open-data.md); numbers
    # (a negative difference) stay numbers.
    safe = neutralise
    return [
        wave,
        safe(result.id),
        safe(result.text),
        named(result.type).NAME,
        safe(row.item_code),
        safe(row.item),
        safe(row.code),
        safe(row.label),
        row.measure,
        "" if row.count is None else str(row.count),
        _percent(row.share),
        _decimal(row.value, 1),
        "" if row.base is None else str(row.base),
        *bounds,
        _yes(row.small_base),
        "ja" if row.excluded_from_base else "",
        row.compare_wave,
        _percent(row.compare_share),
        "" if row.compare_base is None else str(row.compare_base),
        "" if row.diff is None else _decimal(row.diff * 100, 1),
        "" if row.test is None else TEST_NAMES.get(row.test, row.test),
        _p(row.p_value),
        _yes(row.significant),
        _p(row.p_adjusted),
        _yes(row.secure),
        safe(row.note),
        "ja" if row.suppressed else "nein",
        "ja" if synthetic else "nein",
    ]


def table_csv(wave: str, results: Iterable[QuestionResult], synthetic: bool) -> str:
    """The tidy CSV (UTF-8 text, comma-separated, header row, ``\\r\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for result in results:
        for row in question_rows(result):
            writer.writerow(cells(wave, result, row, synthetic))
    return out.getvalue()


def report_csv(report: Report) -> str:
    """The CSV of a built report: its questions in the report's order."""
    results = [block.result for section in report.sections for block in section.questions]
    return table_csv(report.result.wave, results, report.result.synthetic)
