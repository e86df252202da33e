"""Quotes per category in the report: chosen by staff, masked on the way out (pure Python).

Staff choose a free text as a quote for one of its categories on the coding page and, separately,
release it for the public report (``umfrage.store.models.Quote``). The texts are stored as
written; they are masked here, when the report is built, for the internal and the public version
alike (``umfrage.reporting.masking``), so nothing that leaves the internal view carries the names,
places, organisations, e-mail addresses or phone numbers the masker knows.

Rules (docs/reporting.md, "Quotes"):

- at most :data:`QUOTE_LIMIT` quotes per category, the earliest chosen first;
- the public report shows released quotes only, and none in a category (or question) whose
  figures the disclosure step hid: a quote must not tell what a hidden cell hides;
- a quote whose text no longer carries its category (recoded since) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from umfrage.analysis.results import QuestionResult
from umfrage.reporting.masking import Masker

QUOTE_LIMIT = 3
"""Quotes per category in a report: enough to give a category a voice, few enough that the
report does not turn into a list of texts (the internal report lists those separately)."""


@dataclass(frozen=True)
class ChosenQuote:
    """One chosen quote as the loader hands it over: the text still unmasked."""

    question: str
    category: str
    text: str
    released: bool


@dataclass(frozen=True)
class CategoryQuotes:
    """The quotes a report prints under one category (masked)."""

    code: str
    label: str
    texts: tuple[str, ...]


def masked_quotes(
    chosen: Iterable[ChosenQuote], masker: Masker, *, public: bool
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Per question and category the masked texts the report may print (public: released only),
    at most :data:`QUOTE_LIMIT` each, in the order given."""
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for quote in chosen:
        if public and not quote.released:
            continue
        texts = found.setdefault(quote.question, {}).get(quote.category, ())
        if len(texts) >= QUOTE_LIMIT:
            continue
        text = masker.mask(quote.text.strip())
        if text:
            found[quote.question][quote.category] = (*texts, text)
    return found


def quotes_of(
    answer: QuestionResult, quotes: Mapping[str, tuple[str, ...]], *, public: bool
) -> tuple[CategoryQuotes, ...]:
    """The quotes under a coded question's categories table, in the codebook's order; in the
    public report none for a hidden category or question."""
    categories = getattr(answer, "categories", None)
    if not categories or not quotes:
        return ()
    if public and answer.suppressed:
        return ()
    shown = []
    for category in categories:
        texts = quotes.get(category.code, ())
        if not texts or (public and category.suppressed):
            continue
        shown.append(CategoryQuotes(category.code, category.label, texts))
    return tuple(shown)
