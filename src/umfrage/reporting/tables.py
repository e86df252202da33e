"""Result tables read from the analysis results: the report shows them, Excel gets one sheet each.

Cells keep their raw values (fractions, counts, p values); each column has a kind that says
how to show it, so HTML writes ``27,5 %`` and Excel stores 0.275 formatted as a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from umfrage.analysis.results import (
    PER_ROW,
    ChoiceResult,
    ComparedShare,
    QuestionResult,
    WaveResult,
)
from umfrage.analysis.stats import MONTE_CARLO_RESAMPLES
from umfrage.reporting import formatting as fmt
from umfrage.reporting.types import named

Kind = Literal[
    "text", "count", "share", "ci", "p", "diff", "number", "number2", "year", "yesno", "test"
]
MINMAX_NOTE = "Minimum und Maximum werden nicht veröffentlicht: sie gehören jeweils zu einem einzelnen Bündnis."
TEST_NAMES = {
    "z": "z-Test",
    "fisher": "Fisher (exakt)",
    "chi2": "Chi-Quadrat",
    "chi-square": "Chi-Quadrat",
    "monte-carlo": "Monte-Carlo",
    "mcnemar": "McNemar",
}
SHARE: Kind = "share"
ADJUSTED_NOTE = (
    "p korrigiert: nach Benjamini-Hochberg für alle Tests des Vergleichs; gesichert, wenn der "
    "korrigierte p-Wert unter 0,05 liegt."
)


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


def show(value: Any, form: Kind) -> str:
    """A cell as German text; ``form`` is the column's kind (not a question type)."""
    if value is None:
        return fmt.EN_DASH
    if form == "count":
        return fmt.number(value)
    if form == "share":
        return fmt.percent(value, 1)
    if form == "ci":
        return fmt.interval(value, 1)
    if form == "p":
        return fmt.p_number(value)
    if form == "diff":
        return fmt.points(value, 1, unit=False)
    if form == "number":
        return fmt.number(value, 1)
    if form == "number2":
        return fmt.number(value, 2)
    if form == "year":
        return fmt.number(value, 1, grouping=False)
    if form == "test":
        return TEST_NAMES.get(str(value), str(value))
    if form == "yesno":
        return "ja" if value else "nein"
    return str(value)


def weighting_tables(result: WaveResult) -> list[Table]:
    """The achieved margins of a weighting that missed its targets, one table per wave.

    Shown (report, results page) only when the weighting did not converge: otherwise every
    achieved share equals its target. Shares are among those with an answer to the margin's
    question; the public copy hides the achieved share of a category hidden in that question's
    table (docs/analysis.md, "Weighting")."""
    w = result.weighting
    if w is None:
        return []
    found = []
    for wave, margins, converged in (
        (result.wave, w.margins, w.converged),
        (result.compare, w.margins_compare, w.converged_compare),
    ):
        if not margins or converged is not False:
            continue
        hidden = any(c.suppressed for m in margins for c in m.categories)
        found.append(
            Table(
                sheet=f"Gewichtung {wave}"[:31],
                title=f"Erreichte Randverteilungen der Gewichtung, Welle {wave}",
                header=(
                    "Merkmal: Kategorie",
                    "Ziel",
                    "gewichtet erreicht",
                    "Abweichung (Prozentpunkte)",
                ),
                rows=tuple(
                    (f"{m.variable}: {c.label}", c.target, c.achieved, c.diff)
                    for m in margins
                    for c in m.categories
                ),
                note="Anteile unter den Teilnehmenden mit einer Angabe zum Merkmal."
                + (" „–“: zum Schutz kleiner Gruppen nicht ausgewiesen." if hidden else ""),
                kinds=("text", "share", "share", "diff"),
            )
        )
    return found


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
                    "p korrigiert",
                    "gesichert",
                ),
                tuple(
                    (
                        current_label(result, o),
                        o.current_share,
                        o.share,
                        o.diff,
                        o.test,
                        o.p_value,
                        o.p_adjusted,
                        o.secure,
                    )
                    for o in comparison.options
                ),
                " ".join(part for part in (comparison.note, ADJUSTED_NOTE) if part),
                ("text", "share", "share", "diff", "test", "p", "p", "yesno"),
            )
        )
    return found


def current_label(result: QuestionResult, option: ComparedShare) -> str:
    """This wave's wording of a compared option when it is one option here, else the earlier."""
    if len(option.current_codes) == 1:
        own = result.option_label(option.current_codes[0])
        if own is not None:
            return own
    return option.label


def _main(result: QuestionResult, wave: str) -> list[Table]:
    return named(result.type).main_tables(result, wave)


def crosstab_tables(result: QuestionResult, by_text: str) -> list[Table]:
    """The question broken down by a single choice (``--by``), as the analysis computed it.

    Column shares per category of the by-question with its base; the test that fits the table
    (chi-square, Fisher or Monte-Carlo) and Cramér's V of the whole table (single choices, matrix items) or per option (multi-select,
    ranking); numbers as mean per column. Suppressed cells are shown as a dash.
    """
    found: list[Table] = []
    crosstabs = [(result.text, result.crosstab)] if result.crosstab is not None else []
    for label, table in result.item_crosstabs():
        crosstabs.append((f"{result.text} – {label}", table))
    for number, (text, crosstab) in enumerate(crosstabs, start=1):
        if crosstab is None or not crosstab.columns:
            continue
        rounded_columns = set(crosstab.rounded_columns or ())
        heads = tuple(
            f"{c.label} (Basis {'ca. ' if c.code in rounded_columns else ''}"
            f"{'–' if c.base is None else c.base}{'*' if c.small_base else ''})"
            for c in crosstab.columns
        )
        numbers = any(row.means is not None for row in crosstab.rows)
        per_row = not numbers and crosstab.test == PER_ROW
        header: tuple[str, ...] = ("Antwort", *heads)
        kinds: tuple[Kind, ...] = ("text", *((("number" if numbers else SHARE),) * len(heads)))
        if per_row:
            header = (*header, "Test", "p", "p korrigiert", "gesichert", "Cramérs V")
            kinds = (*kinds, "test", "p", "p", "yesno", "number2")
        rows = []
        for row in crosstab.rows:
            values = row.means if row.means is not None else row.shares
            cells: tuple[Any, ...] = (row.label, *(values or (None,) * len(heads)))
            if per_row:
                cells = (
                    *cells,
                    row.test,
                    row.p_value,
                    row.p_adjusted,
                    row.secure,
                    row.cramers_v,
                )
            rows.append(cells)
        note = _crosstab_note(crosstab, numbers)
        found.append(
            Table(
                f"{result.id} nach {crosstab.by}"[:28] + (f" {number}" if number > 1 else ""),
                f"„{text}“ nach „{by_text}“ (Spaltenanteile"
                + (", Mittelwerte" if numbers else "")
                + (
                    f", Werte auf Vielfache von {crosstab.rounded} gerundet"
                    if crosstab.rounded
                    else ""
                )
                + ")",
                header,
                tuple(rows),
                note,
                kinds,
            )
        )
    return found


CROSSTAB_TESTS = {
    "chi-square": "Chi-Quadrat-Test",
    "fisher": "exakter Test nach Fisher",
    "monte-carlo": "Monte-Carlo-Test der Chi-Quadrat-Statistik",
}
"""The tests of a breakdown (analysis/stats.py ``table_test``) as the notes name them."""
CROSSTAB_RULE = (
    "Der Chi-Quadrat-Test wird nur verwendet, wenn keine erwartete Häufigkeit unter 1 und "
    "höchstens ein Fünftel unter 5 liegt; sonst der exakte Test nach Fisher (2 × 2) oder ein "
    f"Monte-Carlo-Test ({fmt.number(MONTE_CARLO_RESAMPLES)} Zufallstabellen mit denselben "
    "Randsummen, fester Startwert: dasselbe Ergebnis bei jedem Lauf)."
)
CROSSTAB_ADJUSTED = (
    "Korrigiert nach Benjamini-Hochberg für alle Tests der Aufschlüsselung; gesichert, wenn der "
    "korrigierte p-Wert unter 0,05 liegt."
)


def _crosstab_note(crosstab: Any, numbers: bool) -> str:
    parts = []
    if numbers:
        parts.append("Mittelwert je Gruppe, ohne Test.")
    elif crosstab.cramers_v is not None and crosstab.p_value is not None:
        name = CROSSTAB_TESTS.get(crosstab.test, crosstab.test)
        parts.append(
            f"{name[0].upper()}{name[1:]} der ganzen Tabelle: {fmt.p_value(crosstab.p_value)}, "
            f"korrigiert {fmt.p_value(crosstab.p_adjusted)}, "
            f"Cramérs V = {fmt.number(crosstab.cramers_v, 2)}"
            + (
                " (statistisch gesichert)."
                if crosstab.secure
                else " (statistisch nicht gesichert)."
            )
        )
    elif crosstab.rounded:
        parts.append(
            f"Zum Schutz einzelner Bündnisse gerundet (kontrollierte Rundung): Anzahlen und die "
            f"Basen der sonst ausgeblendeten Spalten sind auf Vielfache von {crosstab.rounded} "
            "gerundet, die Anteile aus den gerundeten Werten berechnet (sie ergeben deshalb nicht "
            "immer 100 %). Für gerundete Tabellen wird kein Test angegeben."
            + (
                " Spalten mit „–“ sind ganz ausgeblendet (zu kleine Gruppen)."
                if any(c.suppressed for c in crosstab.columns)
                else ""
            )
        )
    elif crosstab.test == PER_ROW:
        parts.append(
            "Test je Antwort (2 × k): Test, p, korrigiertes p und Cramérs V in den letzten Spalten."
        )
    elif any(c.suppressed for c in crosstab.columns) or any(
        None in row.counts for row in crosstab.rows
    ):
        parts.append("Der Test wird nicht veröffentlicht: Er beruht auf ausgeblendeten Zellen.")
    else:
        parts.append("Kein Test: zu wenige besetzte Zeilen oder Spalten.")
    if crosstab.test is not None and not numbers:
        parts.extend((CROSSTAB_RULE, CROSSTAB_ADJUSTED))
    if any(c.small_base for c in crosstab.columns):
        parts.append("* kleine Basis: mit Vorsicht lesen.")
    if crosstab.weighted:
        parts.append("Gewichtete Anteile; Tests auf der effektiven Fallzahl.")
    return " ".join(parts)


def option_table(result: ChoiceResult, wave: str) -> list[Table]:
    """The table of a choice question's own figures: count, share and interval per option
    (single and multi choice; comparisons and cross-tabs are common to every type)."""
    caption = f"„{result.text}“, Welle {wave}, Basis {result.base}"
    return [
        Table(
            result.id[:31],
            caption,
            ("Antwort", "Anzahl", "Anteil", "95-%-Konfidenzintervall"),
            tuple(_option_rows(result)),
            FROM_OTHER_NOTE if result.from_other else None,
            ("text", "count", "share", "ci"),
        )
    ]


FROM_OTHER_NOTE = (
    "„zusätzlich aus „Sonstiges“ nachcodiert“: Befragte, deren Sonstiges-Angabe dieser Antwort "
    "zugeordnet wurde und die sie nicht selbst gewählt haben. Sie sind in der Anzahl der Antwort "
    "nicht enthalten; ihr Anteil bezieht sich auf dieselbe Basis."
)


def _option_rows(result: ChoiceResult) -> list[tuple[Any, ...]]:
    """One row per option; after an option the respondents added to it by coding "other"
    texts (internal results only: the public ones leave ``from_other`` out)."""
    added = {o.code: o for o in result.from_other or ()}
    rows: list[tuple[Any, ...]] = []
    for o in result.options:
        rows.append(
            (
                o.label + (" (nicht in der Basis)" if o.excluded_from_base else ""),
                o.count,
                o.share,
                o.ci,
            )
        )
        extra = added.get(o.code)
        if extra is not None:
            rows.append(
                (
                    f"{o.label}: zusätzlich aus „Sonstiges“ nachcodiert",
                    extra.count,
                    extra.share,
                    None,
                )
            )
    return rows


def series_table(result: QuestionResult) -> Table | None:
    """The figures of a question's series (``result.series``): per answer and wave the count,
    share and interval, and per wave the base."""
    series = result.series
    if series is None or not series.lines:
        return None
    bases = {b.wave: b for b in series.bases}
    rows: list[tuple[Any, ...]] = []
    for line in series.lines:
        for p in line.points:
            rows.append((line.label, p.wave, bases[p.wave].base, p.count, p.share, p.ci))
    notes = list(series.notes)
    if any(p.suppressed for line in series.lines for p in line.points):
        notes.append("Ausgeblendete Werte (–) sind in der Tabelle ihrer Welle geschützt.")
    if series.stopped:
        notes.append(series.stopped)
    if result.effective_base is not None and not series.weighted:
        notes.append(
            "Die Zeitreihe ist ungewichtet: frühere Wellen haben nicht immer die Merkmale der "
            "Gewichtung."
        )
    return Table(
        sheet=f"{result.id[:24]} Reihe",
        title=f"Zeitreihe: {result.text} ({', '.join(series.waves)})",
        header=("Antwort", "Welle", "Basis", "Anzahl", "Anteil", "95-%-KI"),
        rows=tuple(rows),
        note=" ".join(notes) or None,
        kinds=("text", "text", "count", "count", SHARE, "ci"),
    )
