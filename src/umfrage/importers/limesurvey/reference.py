"""What a LimeSurvey variable name stands for in our questionnaire, and the error for an
expression we cannot translate; shared by :mod:`.expressions`, :mod:`.questions` and the
per-type modules in :mod:`.types` (which must not import those two)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Reference:
    """What a LimeSurvey variable name (``Q1``, ``Q1_SQ001``) stands for in our questionnaire."""

    kind: str  # "question", "option" (of a multi), "item" (of a matrix), "other"
    qid: str
    code: str = ""


class Untranslatable(Exception):
    """The expression is not a simple comparison; the message says why (German)."""
