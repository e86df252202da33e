"""Problems found in a questionnaire or survey folder, each saying where and what to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from umfrage import formatting as fmt
from umfrage.envconf import env_int


@dataclass(frozen=True, order=True, kw_only=True)
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


# A file with a problem in every cell must not fill the memory with their descriptions.
MAX_KEPT = 50_000


def problems_shown() -> int:
    """How many problems a page or ``umfrage import`` lists (``UMFRAGE_IMPORT_PROBLEMS_SHOWN``)."""
    return max(env_int("UMFRAGE_IMPORT_PROBLEMS_SHOWN", 100), 1)


def kept_at_most() -> int:
    """How many problems a reader keeps in memory (the rest it only counts)."""
    return MAX_KEPT


def german_number(value: int) -> str:
    """12345 → 12.345"""
    return fmt.number(value)


class ProblemList(list[Problem]):
    """Problems found while reading, keeping the first ``limit`` and only counting the rest.

    Readers that report one problem per row or cell collect into this, so that a broken
    50 MB file costs a bounded amount of memory; ``dropped`` says how many were not kept.
    """

    def __init__(self, problems: Iterable[Problem] = (), limit: int | None = None) -> None:
        super().__init__()
        self.limit = MAX_KEPT if limit is None else limit
        self.dropped = 0
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in list(problems):
            self.append(problem)
        self.dropped += getattr(problems, "dropped", 0)


class ProblemsError(Exception):
    """Raised when an input cannot be used; carries every problem found, not just the first.

    ``dropped`` counts problems found but not kept (see ProblemList); ``total`` is all of them.
    """

    def __init__(self, problems: list[Problem], dropped: int = 0) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        self.dropped = dropped + getattr(problems, "dropped", 0)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def total(self) -> int:
        return len(self.problems) + self.dropped


def read_input(path: Path, name: str) -> bytes:
    """An input file's bytes; a missing or unreadable file becomes a ProblemsError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=None,
                    question=None,
                    message="Die Datei fehlt.",
                    fix="Legen Sie die Datei an oder prüfen Sie den Pfad.",
                )
            ]
        ) from None
    except OSError as exc:
        message = f"Die Datei kann nicht gelesen werden ({exc.strerror})."
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=None,
                    question=None,
                    message=message,
                    fix="Prüfen Sie Pfad und Zugriffsrechte.",
                )
            ]
        ) from None
