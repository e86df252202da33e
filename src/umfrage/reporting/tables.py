"""Result tables read from the analysis results: the report shows them, Excel gets one sheet each.

Cells keep their raw values (fractions, counts, p values); each column has a kind that says
how to show it, so HTML writes ``27,5 %`` and Excel stores 0.275 formatted as a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from umfrage.analysis.results import ComparedShare, OptionResult, QuestionResult, RankedOption
from umfrage.reporting import formatting as fmt

Kind = Literal[
    "text", "count", "share", "ci", "p", "diff", "number", "number2", "year", "yesno", "test"
]
MINMAX_NOTE = "Minimum und Maximum werden nicht veröffentlicht: sie gehören jeweils zu einem einzelnen Bündnis."
TEST_NAMES = {
    "z": "z-Test",
    "fisher": "Fisher (exakt)",
    "chi2": "Chi-Quadrat",
    "mcnemar": "McNemar",
}
SHARE: Kind = "share"


@dataclass(frozen=True)
class Table:
    sheet: str
    """Short name (an Excel sheet title, at most 31 characters)."""
    title: str
    """The caption: what the table shows."""
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str | None = None
    kinds: tuple[Kind, ...] = ()

    def shown(self) -> list[list[str]]:
        """Every cell as German text for people."""
        text: Kind = "text"
        kinds = self.kinds or (text,) * len(self.header)
        return [[show(v, k) for v, k in zip(row, kinds, strict=True)] for row in self.rows]


def show(value: Any, kind: Kind) -> str:
    if value is None:
        return fmt.EN_DASH
    if kind == "count":
        return fmt.number(value)
    if kind == "share":
        return fmt.percent(value, 1)
    if kind == "ci":
        return fmt.interval(value, 1)
    if kind == "p":
        return (
            fmt.p_value(value)
            .replace("p" + fmt.NBSP + "=" + fmt.NBSP, "")
            .replace("p" + fmt.NBSP, "")
        )
    if kind == "diff":
        return (
            fmt.points(value, 1)
            .replace(fmt.NBSP + "Prozentpunkte", "")
            .replace(fmt.NBSP + "Prozentpunkt", "")
        )
    if kind == "number":
        return fmt.number(value, 1)
    if kind == "number2":
        return fmt.number(value, 2)
    if kind == "year":
        return fmt.number(value, 1, grouping=False)
    if kind == "test":
        return TEST_NAMES.get(str(value), str(value))
    if kind == "yesno":
        return "ja" if value else "nein"
    return str(value)


def question_tables(result: QuestionResult, wave: str) -> list[Table]:
    """The tables of one question: its figures and, when compared, the comparison."""
    found = _main(result, wave)
    comparison = result.comparison
    if comparison is not None and comparison.options:
        found.append(
            Table(
                f"{result.id} Vergleich"[:31],
                f"„{result.text}“: Vergleich {wave} (Basis {comparison.current_base}) mit "
                f"{comparison.wave} (Basis {comparison.base})",
                (
                    "Antwort",
                    wave,
                    comparison.wave,
                    "Differenz (Prozentpunkte)",
                    "Test",
                    "p",
                    "signifikant",
                ),
                tuple(
                    (
                        current_label(result, o),
                        o.current_share,
                        o.share,
                        o.diff,
                        o.test,
                        o.p_value,
                        o.significant,
                    )
                    for o in comparison.options
                ),
                comparison.note,
                ("text", "share", "share", "diff", "test", "p", "yesno"),
            )
        )
    return found


def current_label(result: QuestionResult, option: ComparedShare) -> str:
    """This wave's wording of a compared option when it is one option here, else the earlier."""
    if len(option.current_codes) == 1:
        for own in result.options or ():
            if own.code == option.current_codes[0]:
                return own.label
    return option.label


def _main(result: QuestionResult, wave: str) -> list[Table]:
    caption = f"„{result.text}“, Welle {wave}, Basis {result.base}"
    if result.type in ("single", "multi"):
        return [
            Table(
                result.id[:31],
                caption,
                ("Antwort", "Anzahl", "Anteil", "95-%-Konfidenzintervall"),
                tuple(
                    (
                        o.label + (" (nicht in der Basis)" if o.excluded_from_base else ""),
                        o.count,
                        o.share,
                        o.ci,
                    )
                    for o in result.options or ()
                    if isinstance(o, OptionResult)
                ),
                None,
                ("text", "count", "share", "ci"),
            )
        ]
    if result.type == "ranking":
        ranked = sorted(
            (o for o in result.options or () if isinstance(o, RankedOption)),
            key=lambda o: -(o.top or 0.0),
        )
        return [
            Table(
                result.id[:31],
                caption,
                ("Antwort", "unter den wichtigsten", "auf Rang 1", "mittlerer Rang"),
                tuple((o.label, o.top, o.first, o.mean_rank) for o in ranked),
                None,
                ("text", "share", "share", "number"),
            )
        ]
    if result.type == "matrix":
        items = result.items or ()
        scale = [o.label for o in items[0].options if not o.excluded_from_base] if items else []
        rows = tuple(
            (
                item.label,
                item.base,
                *[o.share for o in item.options if not o.excluded_from_base],
                item.mean,
            )
            for item in items
        )
        return [
            Table(
                result.id[:31],
                caption,
                ("Bereich", "Basis", *scale, "Mittelwert"),
                rows,
                "Anteile ohne Antworten außerhalb der Basis (z. B. „nicht genutzt“).",
                ("text", "count", *(SHARE,) * len(scale), "number"),
            )
        ]
    if result.type == "number":
        quartiles = result.quartiles or (None, None, None)
        low, high = result.ci or (None, None)
        return [
            Table(
                result.id[:31],
                caption,
                ("Kennzahl", "Wert"),
                (
                    ("Mittelwert", result.mean),
                    ("95-%-Konfidenzintervall des Mittelwerts, untere Grenze", low),
                    ("95-%-Konfidenzintervall des Mittelwerts, obere Grenze", high),
                    ("Unteres Quartil", quartiles[0]),
                    ("Median", quartiles[1]),
                    ("Oberes Quartil", quartiles[2]),
                    ("Standardabweichung", result.sd),
                    ("Minimum", result.min),
                    ("Maximum", result.max),
                ),
                MINMAX_NOTE if result.min is None and result.mean is not None else None,
                ("text", "number" if result.grouping else "year"),
            )
        ]
    if result.type == "text" and result.categories is not None:
        return [
            Table(
                result.id[:31],
                f"„{result.text}“, Welle {wave}: Kategorien der Antworten, "
                f"Basis {result.coded} codierte Antworten",
                ("Kategorie", "Anzahl", "Anteil", "95-%-Konfidenzintervall"),
                tuple((c.label, c.count, c.share, c.ci) for c in result.categories),
                "Die Antworten im Wortlaut wurden nachträglich Kategorien zugeordnet; eine "
                "Antwort kann mehreren Kategorien angehören, die Anteile ergeben daher "
                "zusammen mehr als 100 %.",
                ("text", "count", "share", "ci"),
            )
        ]
    return []


def crosstab_tables(result: QuestionResult, by_text: str) -> list[Table]:
    """The question broken down by a single choice (``--by``), as the analysis computed it.

    Column shares per category of the by-question with its base; the chi-square test and
    Cramér's V of the whole table (single choices, matrix items) or per option (multi-select,
    ranking); numbers as mean per column. Suppressed cells are shown as a dash.
    """
    found: list[Table] = []
    crosstabs = [(result.text, result.crosstab)] if result.crosstab is not None else []
    for item in result.items or ():
        if item.crosstab is not None:
            crosstabs.append((f"{result.text} – {item.label}", item.crosstab))
    for number, (text, crosstab) in enumerate(crosstabs, start=1):
        if crosstab is None or not crosstab.columns:
            continue
        heads = tuple(
            f"{c.label} (Basis {'–' if c.base is None else c.base}{'*' if c.small_base else ''})"
            for c in crosstab.columns
        )
        numbers = any(row.means is not None for row in crosstab.rows)
        per_row = not numbers and crosstab.cramers_v is None and crosstab.test is not None
        header: tuple[str, ...] = ("Antwort", *heads)
        kinds: tuple[Kind, ...] = ("text", *((("number" if numbers else SHARE),) * len(heads)))
        if per_row:
            header = (*header, "p", "Cramérs V")
            kinds = (*kinds, "p", "number2")
        rows = []
        for row in crosstab.rows:
            values = row.means if row.means is not None else row.shares
            cells: tuple[Any, ...] = (row.label, *(values or (None,) * len(heads)))
            if per_row:
                cells = (*cells, row.p_value, row.cramers_v)
            rows.append(cells)
        note = _crosstab_note(crosstab, numbers)
        found.append(
            Table(
                f"{result.id} nach {crosstab.by}"[:28] + (f" {number}" if number > 1 else ""),
                f"„{text}“ nach „{by_text}“ (Spaltenanteile"
                + (", Mittelwerte" if numbers else "")
                + ")",
                header,
                tuple(rows),
                note,
                kinds,
            )
        )
    return found


def _crosstab_note(crosstab: Any, numbers: bool) -> str:
    parts = []
    if numbers:
        parts.append("Mittelwert je Gruppe, ohne Test.")
    elif crosstab.cramers_v is not None and crosstab.p_value is not None:
        parts.append(
            f"Chi-Quadrat-Test der ganzen Tabelle: {fmt.p_value(crosstab.p_value)}, "
            f"Cramérs V = {fmt.number(crosstab.cramers_v, 2)}"
            + (
                " (statistisch gesichert)."
                if crosstab.significant
                else " (statistisch nicht gesichert)."
            )
        )
    elif crosstab.test is not None:
        parts.append("Chi-Quadrat-Test je Antwort (2 × k), p und Cramérs V in den letzten Spalten.")
    else:
        parts.append("Kein Test: zu wenige besetzte Zeilen oder Spalten.")
    if any(c.small_base for c in crosstab.columns):
        parts.append("* kleine Basis: mit Vorsicht lesen.")
    if crosstab.weighted:
        parts.append("Gewichtete Anteile; Tests auf der effektiven Fallzahl.")
    return " ".join(parts)
