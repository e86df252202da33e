"""What a question type contributes to the builder's form: its own settings and its lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Kinds of setting and how the form shows them: a checkbox, a whole number, a number, a line of
# text, or a choice among earlier questions (``choices`` gives them).
BOOL, INT, NUMBER, TEXT, CHOICE = "bool", "int", "number", "text", "choice"


@dataclass(frozen=True)
class Setting:
    """One key of the question that the builder edits besides text, help and required."""

    key: str
    label: str
    kind: str
    default: Any = None
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: Callable[[Sequence[Any]], list[tuple[str, str]]] | None = None
    """For CHOICE: (value, label) pairs from the earlier questions (spec objects)."""
    token: str | None = None
    """For NUMBER: a word the YAML may hold instead of a number (``wave_year``); the form shows
    it as a checkbox ``token_label`` next to the box."""
    token_label: str = ""
    translated: bool = False
    """For TEXT: a text respondents read (``unit``); the form has one field per language."""


@dataclass(frozen=True)
class ListSpec:
    """A list of coded entries: answer options, matrix rows or scale points, text categories."""

    key: str
    legend: str
    entry: str
    """What one entry is called in labels: „Antwort“, „Zeile“, „Skalenwert“, „Kategorie“."""
    flags: tuple[str, ...] = ()
    minimum: int = 0
    recode: bool = False
    """Entries are this wave's codes that a comparison with the previous wave may recode."""


FLAG_LABELS = {
    "exclusive": "schließt andere Antworten aus",
    "other": "mit Freitext („bitte angeben“)",
    "exclude_from_base": "zählt nicht zur Basis (z. B. „kann ich nicht beurteilen“)",
}


@dataclass(frozen=True)
class BuilderType:
    """One question type in the builder (a module of this package registers one)."""

    name: str
    label: str
    settings: tuple[Setting, ...] = ()
    lists: tuple[ListSpec, ...] = field(default_factory=tuple)
