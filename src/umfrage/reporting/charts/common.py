"""Shared wording of the charts' text alternatives."""

from __future__ import annotations

from umfrage.analysis.results import QuestionResult
from umfrage.reporting.formatting import number


def about(result: QuestionResult, kind: str, wave: str, compare: str | None) -> str:
    """``Balkendiagramm zu „…“: Welle 2024 (Basis 80), im Vergleich mit 2023 (Basis 230).``"""
    text = f"{kind} zu „{result.text}“: Welle {wave} (Basis {number(result.base)})"
    if compare and result.comparison is not None:
        text += f", im Vergleich mit {compare} (Basis {number(result.comparison.base)})"
    text += ". Die Werte stehen in der Tabelle zum Diagramm."
    if result.hidden_cells():
        text += " Zu kleine Zellen sind ausgeblendet und fehlen im Diagramm."
    return text
