"""Renderings of a :class:`WaveResult`: the JSON of contracts.md §4 and a terminal table."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

from umfrage import formatting as fmt
from umfrage.analysis.results import (
    QUESTION_DEFAULTS,
    QUESTION_KEYS,
    Comparison,
    CrossTab,
    ItemResult,
    OptionResult,
    PanelTest,
    QuestionResult,
    RankedOption,
    Series,
    Suppression,
    WaveResult,
    Weighting,
)
from umfrage.analysis.types import named

# Keys left out when they are None, so each question type shows only what it has.
_OPTIONAL = (Comparison, ItemResult, CrossTab, Suppression)


def to_json(result: WaveResult) -> dict[str, Any]:
    """The contract's JSON as plain Python (``json.dumps`` writes it)."""
    found: dict[str, Any] = _plain(result)
    if found.get("languages") is None:
        found.pop("languages", None)  # additive: only where the source records the languages
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, QuestionResult):
        return _question_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if item is None and isinstance(value, _OPTIONAL):
                continue
            found[field.name] = _plain(item)
        return found
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return value


def _question_json(q: QuestionResult) -> dict[str, Any]:
    """The core and the type's fields in the contract's key order, None left out."""
    values = dict(QUESTION_DEFAULTS)
    values.update((f.name, getattr(q, f.name)) for f in dataclasses.fields(q))
    rank = {key: i for i, key in enumerate(QUESTION_KEYS)}
    keys = sorted(values, key=lambda key: rank.get(key, len(rank)))
    return {key: _plain(values[key]) for key in keys if values[key] is not None}


def percent(share: float | None) -> str:
    """A share the German way: 0.275 → "27,5 %" (umfrage.formatting)."""
    return fmt.percent(share, 1)


def number(value: float | None, decimals: int = 1) -> str:
    return fmt.number(value, decimals)


def count(value: int | None) -> str:
    return fmt.number(value)


def interval(ci: tuple[float, float] | None) -> str:
    return fmt.interval(ci, 1, unit=False)


def p_text(p: float | None) -> str:
    return fmt.p_number(p)


def verdict(secure: bool | None) -> str:
    """Whether a difference is statistically secure after the Benjamini-Hochberg adjustment."""
    if secure is None:
        return "–"
    return "ja" if secure else "nein"


def tested(p: float | None, p_adjusted: float | None, secure: bool | None) -> str:
    """``p = 0,012; korrigiert p = 0,210, nicht gesichert`` (a test outside the option grid)."""
    if p is None:
        return fmt.EN_DASH
    if p_adjusted is None:
        return fmt.p_value(p)
    word = "gesichert" if secure else "nicht gesichert"
    return f"{fmt.p_value(p)}; korrigiert {fmt.p_value(p_adjusted)}, {word}"


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for row in rows:
        out.append(
            "  ".join(
                c.ljust(w) if i < 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return out


def to_table(result: WaveResult) -> str:
    """A plain-text report for the terminal (German number formats)."""
    lines = [f"{result.survey} – Welle {result.wave}: {count(result.n)} Antworten"]
    if result.compare:
        lines.append(f"Vergleich mit Welle {result.compare}: {count(result.n_compare)} Antworten")
    if result.synthetic:
        lines.append("Hinweis: Die Daten sind synthetisch (erfunden).")
    if result.weighting:
        w = result.weighting
        lines.append(
            f"Gewichtet nach {', '.join(w.variables)} (Raking): effektive Fallzahl "
            f"{number(w.effective_n)}, Designeffekt {number(w.design_effect, 2)}"
        )
        for warning in w.warnings():
            lines.append(f"Warnung: {warning}")
        lines.extend(_margin_lines(w))
    else:
        lines.append("Ungewichtet.")
    if result.suppression:
        lines.append(result.suppression.note)
    lines.append(f"* Basis unter {result.small_base_limit}: Werte mit Vorsicht lesen.")
    if result.compare or result.by:
        lines.append(
            "p: unkorrigiert; p korr.: nach Benjamini-Hochberg für alle Tests des "
            "Vergleichs bzw. der Aufschlüsselung; gesichert: p korr. < 0,05."
        )
    for note in result.warnings:
        lines.append(f"Hinweis: {note}")
    for q in result.questions:
        lines.append("")
        lines.extend(_question_lines(q))
    return "\n".join(lines) + "\n"


def _margin_lines(w: Weighting) -> list[str]:
    """The achieved margins, as a grid per wave, when the weighting did not reach them."""
    lines: list[str] = []
    for title, margins, converged in (
        ("Erreichte Randverteilungen", w.margins, w.converged),
        ("Erreichte Randverteilungen der Vergleichswelle", w.margins_compare, w.converged_compare),
    ):
        if not margins or converged is not False:
            continue
        lines.append(f"{title} (gewichtet / Ziel / Abweichung in Prozentpunkten):")
        rows = [
            [
                m.variable,
                c.code,
                percent(c.achieved) if not c.suppressed else "(ausgeblendet)",
                percent(c.target),
                fmt.points(c.diff, 1, unit=False),
            ]
            for m in margins
            for c in m.categories
        ]
        lines.extend(
            "  " + line for line in _grid(["Merkmal", "Code", "gewichtet", "Ziel", "Abw."], rows)
        )
    return lines


def _question_lines(q: QuestionResult) -> list[str]:
    flag = " *" if q.small_base else ""
    lines = [f"{q.id} ({q.type}) – Basis {count(q.base)}{flag}", f"  {q.text}"]
    lines.extend(named(q.type).terminal_lines(q))
    if q.comparison is not None:
        lines.extend("  " + line for line in comparison_lines(q.comparison))
    if q.comparison_missing:
        lines.append(f"  Kein Vergleich: {q.comparison_missing}")
    if q.crosstab is not None:
        lines.extend("  " + line for line in _crosstab(q.crosstab))
    if q.series is not None:
        lines.extend("  " + line for line in series_lines(q.series))
    return lines


def series_lines(s: Series) -> list[str]:
    """The series as a grid: one row per answer, the share per wave (base in the header)."""
    bases = {b.wave: b.base for b in s.bases}
    header = ["Code", "Antwort", *[f"{w} ({count(bases[w])})" for w in s.waves]]
    rows = [[line.code, line.label, *[percent(p.share) for p in line.points]] for line in s.lines]
    lines = [f"Zeitreihe {', '.join(s.waves)}:", *_grid(header, rows)]
    lines.extend(f"Hinweis: {note}" for note in s.notes)
    if s.stopped:
        lines.append(s.stopped)
    return lines


def option_lines(options: Sequence[OptionResult | RankedOption]) -> list[str]:
    """A grid of options (or categories): code, label, n, share and interval."""
    rows = []
    for o in options:
        if getattr(o, "excluded_from_base", False):
            rows.append([o.code, o.label, count(o.count), "(nicht in der Basis)", ""])
            continue
        rows.append([o.code, o.label, count(o.count), percent(o.share), interval(o.ci)])
    return _grid(["Code", "Antwort", "n", "Anteil", "95-%-KI"], rows)


def comparison_lines(c: Comparison) -> list[str]:
    lines = [f"Vergleich mit {c.wave} (Basis {count(c.base)}):"]
    if c.note:
        lines.append(f"Hinweis: {c.note}")
    if c.mean is not None:
        lines.append(
            f"Mittelwert {number(c.mean.current_mean)} gegenüber {number(c.mean.mean)}, "
            f"Welch-Test {tested(c.mean.p_value, c.mean.p_adjusted, c.mean.secure)}"
        )
    rows = [
        [
            o.code,
            o.label,
            percent(o.current_share),
            percent(o.share),
            fmt.points(o.diff, 1, unit=False),
            o.test or "–",
            p_text(o.p_value),
            p_text(o.p_adjusted),
            verdict(o.secure),
            _panel(o.panel) if o.panel else "–",
        ]
        for o in c.options
    ]
    if rows:
        lines.extend(
            _grid(
                [
                    "Code",
                    "Antwort",
                    "jetzt",
                    c.wave,
                    "Diff. (Pp.)",
                    "Test",
                    "p",
                    "p korr.",
                    "gesichert",
                    "Panel (n: p, p korr.)",
                ],
                rows,
            )
        )
    if c.distribution is not None:
        d = c.distribution
        lines.append(f"Verteilung: Mann-Whitney-U {tested(d.p_value, d.p_adjusted, d.secure)}")
    return lines


TABLE_TESTS = {
    "chi-square": "Chi-Quadrat-Test",
    "fisher": "Exakter Test nach Fisher",
    "monte-carlo": "Monte-Carlo-Test (Chi-Quadrat-Statistik)",
}
"""A cross-tab's test (stats.table_test) in the terminal table."""


def _panel(panel: PanelTest) -> str:
    text = f"{panel.n}: {p_text(panel.p_value)}, {p_text(panel.p_adjusted)}"
    return text + (" gesichert" if panel.secure else "")


def _crosstab(t: CrossTab) -> list[str]:
    header = ["Code", "Antwort", *[f"{c.code} ({count(c.base)})" for c in t.columns]]
    per_row = any(row.p_value is not None for row in t.rows)
    if per_row:
        header += ["Test", "p", "p korr.", "gesichert"]
    rows = []
    for row in t.rows:
        cells = (
            [number(m) for m in row.means]
            if row.means is not None
            else [percent(s) for s in row.shares]
        )
        if per_row:
            cells += [
                row.test or "–",
                p_text(row.p_value),
                p_text(row.p_adjusted),
                verdict(row.secure),
            ]
        rows.append([row.code, row.label, *cells])
    lines = [f"nach {t.by}:", *_grid(header, rows)]
    if t.rounded:
        lines.append(
            f"Gerundet auf Vielfache von {t.rounded} (kontrollierte Rundung, Schutz kleiner "
            "Gruppen); Anteile aus den gerundeten Werten, kein Test."
        )
    if t.chi2 is not None:
        lines.append(
            f"{TABLE_TESTS.get(t.test or '', t.test)}: Chi² = {number(t.chi2, 2)}, df = {t.df}, "
            f"{tested(t.p_value, t.p_adjusted, t.secure)}, Cramérs V = {number(t.cramers_v, 2)}"
        )
    return lines
