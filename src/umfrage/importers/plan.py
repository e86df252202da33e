"""The dry run of an import: what will be created, what maps where, what is dropped and why.

Every importer builds an :class:`ImportPlan` without touching the database; the CLI (and the
admin web) show it first, and only :func:`umfrage.importers.database.apply_plan` writes it, in
one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from umfrage.questionnaire.problems import Problem
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import ResponseRecord


@dataclass(frozen=True)
class Mapped:
    """One source element (column, variable, question) and where it goes."""

    source: str
    target: str
    note: str = ""


@dataclass(frozen=True)
class Dropped:
    """One source element that is not taken over, with where it is and why."""

    source: str
    reason: str
    line: int | None = None


@dataclass
class ImportPlan:
    """Everything an import would do, computed from the file alone."""

    file: str
    kind: str
    """What the file is, in German (e.g. „LimeSurvey-Struktur (.lss)“)."""
    survey: str | None = None
    wave: str | None = None
    questionnaire: Questionnaire | None = None
    """A questionnaire to create (LimeSurvey structure), else None."""
    questionnaire_text: str | None = None
    records: list[ResponseRecord] | None = None
    """Responses to store, in file order, already checked against the questionnaire."""
    mapped: list[Mapped] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        """The plan for people, in German, one line each."""
        lines = [f"Datei: {self.file} ({self.kind})"]
        if self.survey:
            lines.append(f"Ziel: Umfrage „{self.survey}“, Welle „{self.wave or '?'}“")
        elif self.wave:
            lines.append(f"Welle: „{self.wave}“")
        if self.questionnaire is not None:
            questions = self.questionnaire.questions()
            sections = len(self.questionnaire.sections)
            lines.append(
                f"Fragebogen: {len(questions)} Frage{'n' if len(questions) != 1 else ''} in "
                f"{sections} Abschnitt{'en' if sections != 1 else ''}"
            )
        if self.records is not None:
            complete = sum(1 for r in self.records if r.status == "complete")
            lines.append(
                f"Antworten in der Datei: {len(self.records)} ({complete} vollständig, "
                f"{len(self.records) - complete} unvollständig)"
            )
        if self.mapped:
            lines.append("Zuordnung:")
            lines.extend(
                f"  {m.source} → {m.target}" + (f" ({m.note})" if m.note else "")
                for m in self.mapped
            )
        if self.dropped:
            lines.append("Nicht übernommen:")
            for d in self.dropped:
                where = f" (Zeile {d.line})" if d.line else ""
                lines.append(f"  {d.source}{where}: {d.reason}")
        return lines
