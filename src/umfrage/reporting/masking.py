"""Masking of free texts before they leave the internal view (quotes, exports of texts).

Rule-based, in this order, each replacement a bracketed German word:

1. e-mail addresses → „[E-Mail]“, web addresses (``http…``, ``www.…``) → „[Link]“;
2. telephone numbers (``+49 …``, ``0…`` with at least six digits, spaces, ``/`` or ``-``)
   → „[Telefon]“;
3. the names given by the caller, longest first, as whole words in their spelling (German
   names are capitalised; "Klein" is masked, "zu klein" is not):
   organisations (the register's names) → „[Organisation]“, people (the register's contacts,
   each also by surname alone) → „[Name]“, places (the register's municipalities, a list of
   place names) → „[Ort]“;
4. a person named after a form of address or a title (``Frau``, ``Herr``, ``Herrn``, ``Dr.``,
   ``Prof.``, ``Bürgermeister:in``…) followed by up to two capitalised words → „[Name]“.

Limits (docs/reporting.md, "Masking free texts"): a name that is neither in the lists nor after a
form of address ("… hat uns Müller geholfen") stays; so do streets, nicknames, misspellings and
descriptions that identify without a name ("die einzige Kita im Ort"). Masking therefore never
replaces the staff's reading of a quote before it is released.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"“”„]+[^\s<>()\"“”„.,;:!?]", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w])(?:\+\d{2}|0)[\d /\-()]{5,}\d(?![\w])")
ADDRESS = (
    r"(?:Frau|Herrn?|Dr\.|Prof\.|Bürgermeister(?::in|in)?|Pfarrer(?::in|in)?|"
    r"Landrat|Landrätin)"
)
TITLED = re.compile(
    rf"\b{ADDRESS}(?:\s+(?:Dr\.|Prof\.))*\s+[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?",
    re.UNICODE,
)

EMAIL_MARK = "[E-Mail]"
URL_MARK = "[Link]"
PHONE_MARK = "[Telefon]"
ORGANISATION_MARK = "[Organisation]"
NAME_MARK = "[Name]"
PLACE_MARK = "[Ort]"


@dataclass(frozen=True)
class Masker:
    """Masks one survey's texts; the names come from its register (and place lists)."""

    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    _pattern: re.Pattern[str] | None = field(default=None, init=False, compare=False)
    _marks: dict[str, str] = field(default_factory=dict, init=False, compare=False)

    def __post_init__(self) -> None:
        marks: dict[str, str] = {}
        for names, mark in (
            (self.places, PLACE_MARK),
            (_with_surnames(self.people), NAME_MARK),
            (self.organisations, ORGANISATION_MARK),
        ):
            for name in names:
                cleaned = name.strip()
                if len(cleaned) >= 3:
                    marks[cleaned] = mark
        object.__setattr__(self, "_marks", marks)
        if marks:
            ordered = sorted(marks, key=lambda n: (-len(n), n))
            alternatives = "|".join(re.escape(n) for n in ordered)
            pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])")
            object.__setattr__(self, "_pattern", pattern)

    def mask(self, text: str) -> str:
        """``text`` with e-mail and web addresses, phone numbers and names replaced."""
        masked = EMAIL.sub(EMAIL_MARK, text)
        masked = URL.sub(URL_MARK, masked)
        masked = PHONE.sub(PHONE_MARK, masked)
        if self._pattern is not None:
            marks = self._marks
            masked = self._pattern.sub(lambda m: marks[m.group(0)], masked)
        return TITLED.sub(NAME_MARK, masked)


def _with_surnames(people: Iterable[str]) -> list[str]:
    """Each person by full name and by surname (the last word) alone."""
    found: list[str] = []
    for person in people:
        words = person.split()
        found.append(person)
        if len(words) > 1:
            found.append(words[-1])
    return found
