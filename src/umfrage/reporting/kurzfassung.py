"""The Kurzfassung: the report's first page, and a short text of its own for a web page or a
newsletter (``umfrage report --kurzfassung``).

A handful of headline findings in plain German, chosen and ordered by importance, in sections by
topic. Every question type says what it has to tell in :func:`headlines` of its reporting module
(``reporting/types/<type>.py``): one :class:`Headline` per question, whose sentences already merge
the related options (a rise of "Ja" and the fall of "Nein" are one fact). This module holds the
shared wording and chooses among the headlines:

- **Importance** (``Headline.score``): a statistically secure change counts most (3 and more, by
  its size: points and ratio, so 9 % → 28 % counts more than 39 % → 33 %), then a large change the
  test does not secure (2 and more; it is named with the honest sentence that chance cannot be
  ruled out), then the size of a share (1 plus the share: the most named answer, a majority, the
  two ends of a scale).
- **Choice**: at most ``MAX_HEADLINES`` (10) headlines and ``MAX_PER_SECTION`` (3) per section,
  the most important first, while the text stays within ``MAX_WORDS`` (450) words; a headline that
  would pass the limit is left out. Sections keep the questionnaire's order (the order of the
  full report); within a section the most important comes first.
- **Wording**: the question as a short lead (without its parenthesised hints), then short
  sentences; figures rounded to whole percent; sizes of change in words ("mehr als verdoppelt");
  no base, test or p in the sentence: they go into a numbered note (``footnote``) per paragraph.
  A change counts as secure only where :func:`secure` says so. The comparison's note (recode,
  changed wording, limited comparability) goes with every paragraph that uses the comparison.

Only the results passed in are read: the public report and ``--kurzfassung`` pass the
disclosure-protected results, so a hidden figure can never appear.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from umfrage.analysis.results import ComparedShare, QuestionResult, WaveResult
from umfrage.questionnaire.spec import Questionnaire
from umfrage.reporting.formatting import number, percent
from umfrage.reporting.types import named

if TYPE_CHECKING:
    from umfrage.reporting.report import ReportInput

MAX_WORDS = 450
MAX_HEADLINES = 10
MAX_PER_SECTION = 3
NOTABLE = 0.03
"""A change smaller than three points is "ähnlich" and never worth its own sentence."""
LARGE_UNCERTAIN_RATIO = 2.0
LARGE_UNCERTAIN_POINTS = 0.10
"""A change the test does not secure is named only when it doubles or halves the share, or moves
it by ten points or more: large enough that a reader would notice it in the tables."""

SECURE, UNCERTAIN, SHARE = 3.0, 2.0, 1.0


def secure(option: ComparedShare) -> bool:
    """Whether a change counts as statistically secure: the one place that decides it. Secure
    means significant after the Benjamini-Hochberg adjustment for the many tests of the wave
    comparison (``ComparedShare.secure``, analysis/adjust.py), not the unadjusted p."""
    return bool(option.secure)


@dataclass(frozen=True)
class Headline:
    """What one question has to tell: a lead (the question, short) and plain sentences."""

    question: str
    sentences: tuple[str, ...]
    score: float
    footnote: str
    """Base and tests, for the numbered note under the text."""
    compared: bool = False
    """Whether a sentence uses the comparison (then its note goes with the paragraph)."""
    replaces: tuple[str, ...] = ()
    """Questions whose headline this one makes redundant (a ranking among a multi's options)."""


@dataclass(frozen=True)
class Paragraph:
    lead: str
    sentences: tuple[str, ...]
    notes: tuple[str, ...]
    footnote: int
    """The number of the paragraph's note in ``Kurzfassung.footnotes`` (counted from 1)."""

    @property
    def text(self) -> str:
        return " ".join((self.lead, *self.sentences))


@dataclass(frozen=True)
class KurzSection:
    title: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Kurzfassung:
    title: str
    intro: tuple[str, ...]
    sections: tuple[KurzSection, ...]
    footnotes: tuple[str, ...]
    closing: str
    synthetic: str | None = None
    empty: str | None = None
    """Why there is nothing to tell, when no question gives a headline."""

    def body(self) -> list[str]:
        """The running text a reader reads (title, intro, paragraphs, notes, closing), without
        the numbered notes with bases and tests, which play the part of a methods section."""
        lines = [*self.intro]
        for section in self.sections:
            lines.append(section.title)
            for paragraph in section.paragraphs:
                lines.append(paragraph.text)
                lines.extend(paragraph.notes)
        lines.append(self.empty or self.closing)
        return lines

    def running_text(self) -> list[str]:
        """What readability is measured on: the body without the section headings."""
        titles = {s.title for s in self.sections}
        return [line for line in self.body() if line not in titles]

    @property
    def words(self) -> int:
        return count_words(" ".join(self.body()))

    @property
    def headlines(self) -> int:
        return sum(len(s.paragraphs) for s in self.sections)

    def text(self) -> str:
        """Plain text for an e-mail or a newsletter: notes as [1], [2], … under the text."""
        out = [self.title, ""]
        if self.synthetic:
            out += [self.synthetic, ""]
        out += [" ".join(self.intro), ""]
        for section in self.sections:
            out += [section.title, "-" * len(section.title), ""]
            for paragraph in section.paragraphs:
                out.append(f"{paragraph.text} [{paragraph.footnote}]")
                out.extend(paragraph.notes)
                out.append("")
        out.append(self.empty or self.closing)
        if self.footnotes:
            out += ["", "Anmerkungen", ""]
            out += [f"[{i}] {note}" for i, note in enumerate(self.footnotes, 1)]
        return "\n".join(out) + "\n"


WORD = re.compile(r"[\w%]+(?:[-'][\w%]+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits (hyphenated words are one word;
    a percent sign counts as the word "Prozent")."""
    return len(WORD.findall(text))


# --- Shared wording for the type modules ------------------------------------------------------

PARENTHESES = re.compile(r"\s*\([^()]*\)")


def short(text: str) -> str:
    """A question or answer without its parenthesised hints ("(höchstens drei)", "(z. B. …)");
    the full wording stands in the tables of the report."""
    shortened = " ".join(PARENTHESES.sub("", text).split())
    return shortened if shortened.strip(" ?:.") else " ".join(text.split())


def quoted(label: str) -> str:
    return f"„{short(label)}“"


def listing(items: Sequence[str], conjunction: str = "und") -> str:
    """``A``, ``A und B``, ``A, B und C`` (or with ``oder``)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


MULTIPLES = {2: "verdoppelt", 3: "verdreifacht", 4: "vervierfacht", 5: "verfünffacht"}
PARTS = {3: "ein Drittel", 4: "ein Viertel", 5: "ein Fünftel"}
ABOUT = 0.02
"""Within this distance of a whole ratio the ratio is named as it is ("verdoppelt")."""


def change_words(before: float, after: float) -> str:
    """The size of a change in words, to follow "Der Anteil": "hat sich mehr als verdreifacht",
    "hat sich halbiert", "ist um mehr als ein Drittel gesunken", "ist gestiegen"."""
    if before <= 0:
        return "ist gestiegen"
    if after <= 0:
        return "ist auf null gesunken"
    ratio = after / before
    if ratio >= 2 - ABOUT:
        k = min(round(ratio) if abs(ratio - round(ratio)) < ABOUT else math.floor(ratio), 5)
        more = "mehr als " if ratio > k + ABOUT else ""
        return f"hat sich {more}{MULTIPLES[k]}"
    if ratio <= 0.5 + ABOUT / 4:
        inverse = before / after
        k = min(round(inverse) if abs(inverse - round(inverse)) < ABOUT else math.floor(inverse), 5)
        less = "mehr als " if inverse > k + ABOUT else ""
        if k == 2:
            return f"hat sich {less}halbiert"
        return f"ist auf {'weniger als ' if less else ''}{PARTS[k]} gesunken"
    if ratio >= 1.5:
        return (
            "ist um mehr als die Hälfte gestiegen"
            if ratio > 1.5 + ABOUT
            else "ist um die Hälfte gestiegen"
        )
    if ratio >= 1.25:
        return "ist um mehr als ein Viertel gestiegen"
    if ratio > 1:
        return "ist gestiegen"
    if ratio < 2 / 3:
        return "ist um mehr als ein Drittel gesunken"
    if ratio < 0.75:
        return "ist um mehr als ein Viertel gesunken"
    return "ist gesunken"


def share_subject(share: float) -> tuple[str, bool]:
    """A share as the subject of a sentence, and whether the verb is singular:
    ("Ein Drittel (33 %)", True), ("Gut ein Viertel (28 %)", True), ("42 %", False)."""
    from umfrage.reporting.formatting import FRACTIONS

    value, words = min(FRACTIONS, key=lambda item: abs(item[0] - share))
    shown = percent(share)
    if abs(value - share) <= 0.01:
        return f"{words[0].upper()}{words[1:]} ({shown})", True
    if abs(value - share) <= 0.035:
        qualifier = "Gut" if share > value else "Knapp"
        return f"{qualifier} {words} ({shown})", True
    return shown, False


def answer_verb(singular: bool) -> str:
    """``sagt`` or ``sagen``, as in "Ein Drittel sagt „gut“", "42 % sagen „Ja“"."""
    return "sagt" if singular else "sagen"


def chance(base: int) -> str:
    """The honest sentence for a change the test does not secure."""
    return f"Ob das mehr als Zufall ist, lässt sich bei {number(base)} Antworten nicht sagen."


def change_score(option: ComparedShare) -> float:
    """The importance of a compared share's change (0: not worth a sentence)."""
    before, after, diff = option.share, option.current_share, option.diff
    if before is None or after is None or diff is None or option.suppressed:
        return 0.0
    ratio = abs(math.log(after / before)) if before and after else 2.0
    if secure(option):
        return SECURE + min(ratio, 2.0) / 2 + abs(diff)
    if abs(diff) < NOTABLE:
        return 0.0
    if ratio >= math.log(LARGE_UNCERTAIN_RATIO) - 1e-9 or abs(diff) >= LARGE_UNCERTAIN_POINTS:
        return UNCERTAIN + min(ratio, 2.0) / 4
    return 0.0


def comparable(answer: QuestionResult) -> list[ComparedShare]:
    """The compared shares that are published (a hidden one is never named)."""
    if answer.comparison is None:
        return []
    return [
        o
        for o in answer.comparison.options
        if not o.suppressed and o.share is not None and o.current_share is not None
    ]


def label_of(answer: QuestionResult, option: ComparedShare) -> str:
    """A compared share's answer, quoted in this wave's wording where it is one answer (the
    comparison speaks in the earlier wave's codes and labels)."""
    if len(option.current_codes) == 1:
        current = answer.option_label(option.current_codes[0])
        if current is not None:
            return quoted(current)
    return quoted(option.label)


def test_note(option: ComparedShare, label: str) -> str:
    """``„Ja“: z-Test, p < 0,001; korrigiert für die Zahl der Vergleiche p < 0,001: gesichert``."""
    from umfrage.reporting.findings import test_text

    verdict = "gesichert" if secure(option) else "nicht gesichert"
    return f"{label}: {test_text(option)}: {verdict}"


def base_note(answer: QuestionResult, result: WaveResult, tests: Sequence[str] = ()) -> str:
    """``Basis: 80 Antworten (2024), 230 (2023). „Ja“: z-Test, p < 0,001, gesichert.``"""
    text = f"Basis: {number(answer.base)} Antworten ({result.wave})"
    if answer.comparison is not None and tests:
        text += f", {number(answer.comparison.base)} ({answer.comparison.wave})"
    if answer.base < result.small_base_limit:
        text += ", kleine Basis: mit Vorsicht zu lesen"
    text += "."
    if tests:
        text += " " + "; ".join(tests) + "."
    return text


def kurzfassung_for(data: ReportInput) -> Kurzfassung:
    """The Kurzfassung of a report's input (its results: public ones are protected)."""
    return build_kurzfassung(
        data.result,
        data.questionnaire,
        wave_title=data.wave_title,
        skip_sections=data.profile_sections,
        synthetic=SYNTHETIC if data.synthetic_note else None,
    )


SYNTHETIC = "Synthetische Beispieldaten: Die Zahlen beschreiben keine echten Befragten."


# --- Choosing and ordering --------------------------------------------------------------------


def build_kurzfassung(
    result: WaveResult,
    questionnaire: Questionnaire,
    *,
    wave_title: str,
    skip_sections: tuple[str, ...] = (),
    synthetic: str | None = None,
) -> Kurzfassung:
    """The Kurzfassung of ``result`` (pass the disclosure-protected result for the public)."""
    found: list[tuple[int, int, str, Headline, tuple[str, ...]]] = []
    for s_index, section in enumerate(questionnaire.sections):
        if section.id in skip_sections:
            continue
        for q_index, question in enumerate(section.questions):
            try:
                answer = result.question(question.id)
            except KeyError:
                continue
            if answer.suppressed or answer.base < max(result.small_base_limit, 1):
                # A headline must carry: figures on a small base stay in the full report.
                continue
            for headline in named(answer.type).headlines(answer, question, result):
                notes = _notes(answer) if headline.compared else ()
                found.append((s_index, q_index, section.title, headline, notes))
    replaced = {q for *_, h, _ in found for q in h.replaces}
    found = [f for f in found if f[3].question not in replaced]

    intro = _intro(result, wave_title)
    closing = CLOSING if result.compare else CLOSING_SINGLE
    words = count_words(" ".join((*intro, closing)))
    chosen: list[tuple[int, int, str, Headline, tuple[str, ...]]] = []
    titles: set[str] = set()
    per_section: dict[int, int] = {}
    for item in sorted(found, key=lambda f: -f[3].score):
        s_index, _, title, headline, notes = item
        if len(chosen) >= MAX_HEADLINES or per_section.get(s_index, 0) >= MAX_PER_SECTION:
            continue
        cost = count_words(" ".join((short(_lead(result, headline)), *headline.sentences, *notes)))
        cost += 0 if title in titles else count_words(title)
        if words + cost > MAX_WORDS:
            continue
        words += cost
        titles.add(title)
        per_section[s_index] = per_section.get(s_index, 0) + 1
        chosen.append(item)

    sections: list[KurzSection] = []
    footnotes: list[str] = []
    for s_index in sorted({c[0] for c in chosen}):
        in_section = sorted((c for c in chosen if c[0] == s_index), key=lambda c: -c[3].score)
        paragraphs = []
        for _, _, _, headline, notes in in_section:
            footnotes.append(headline.footnote)
            paragraphs.append(
                Paragraph(_lead(result, headline), headline.sentences, notes, len(footnotes))
            )
        sections.append(KurzSection(in_section[0][2], tuple(paragraphs)))
    return Kurzfassung(
        f"Kurzfassung: {wave_title}",
        intro,
        tuple(sections),
        tuple(footnotes),
        closing,
        synthetic,
        None if sections else _empty(result),
    )


def _empty(result: WaveResult) -> str:
    if result.n < result.small_base_limit:
        why = f"Mit {number(result.n)} Antworten sind die Zahlen zu unsicher für eine Kurzfassung."
    else:
        why = "Keine Frage dieser Welle ergibt eine Aussage für die Kurzfassung."
    return f"{why} Alle Werte stehen mit ihrer Basis im vollständigen Bericht."


CLOSING = "Alle Zahlen sind gerundet. Basis und Test stehen in den Anmerkungen."
CLOSING_SINGLE = "Alle Zahlen sind gerundet. Die Basis steht in den Anmerkungen."


def _lead(result: WaveResult, headline: Headline) -> str:
    return short(result.question(headline.question).text)


def _intro(result: WaveResult, wave_title: str) -> tuple[str, ...]:
    first = f"{number(result.n)} Befragte haben an der {wave_title} teilgenommen."
    if result.compare and result.n_compare is not None:
        # The compared wave by its id, as in every sentence after it ("2023 waren es 9 %").
        return (first, f"{result.compare} waren es {number(result.n_compare)}.")
    return (first,)


def _notes(answer: QuestionResult) -> tuple[str, ...]:
    """The comparison's note as short sentences (split at semicolons), labelled as such."""
    if answer.comparison is None or not answer.comparison.note:
        return ()
    parts = [p.strip() for p in " ".join(answer.comparison.note.split()).split(";") if p.strip()]
    sentences = [(p[0].upper() + p[1:]) if i else p for i, p in enumerate(parts)]
    text = " ".join(s if s.endswith(".") else f"{s}." for s in sentences)
    return (f"Hinweis zum Vergleich: {text}",)
