"""Problems found in a questionnaire or survey folder, each saying where and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in an input file: where it is, what is wrong and how to fix it."""

    file: str
    line: int | None
    question: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        subject = f" Frage „{self.question}“:" if self.question else ""
        return f"{where}:{subject} {self.message} → {self.fix}"


class ProblemsError(Exception):
    """Raised when an input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def read_input(path: Path, name: str) -> bytes:
    """An input file's bytes; a missing or unreadable file becomes a ProblemsError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ProblemsError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "Die Datei fehlt.",
                    "Legen Sie die Datei an oder prüfen Sie den Pfad.",
                )
            ]
        ) from None
    except OSError as exc:
        message = f"Die Datei kann nicht gelesen werden ({exc.strerror})."
        raise ProblemsError(
            [Problem(name, None, None, message, "Prüfen Sie Pfad und Zugriffsrechte.")]
        ) from None
