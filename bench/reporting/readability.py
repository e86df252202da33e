"""Readability of the Kurzfassung (issue 19): words, sentence length and Flesch–Amstad.

    .venv/bin/python bench/reporting/readability.py [--rows 10000]

Measures the Kurzfassung of the example (examples/buendnisumfrage, 2024 against 2023), the
internal one and the public one (disclosure-protected, as ``umfrage report --kurzfassung``
writes it), and for comparison the detailed key findings the report led with before (one
sentence per bullet). With ``--rows N`` also the public Kurzfassung of the same survey with a
2024 wave of N synthetic responses (seeded; see bench/reporting/run.py). Printed as a Markdown
table for docs/performance.md. Targets: at most 15 words per sentence, a Flesch–Amstad score
of at least 60 ("gut verständlich"), at most 450 words.

What is measured: the running text a reader reads (intro, paragraphs, the comparison notes,
closing line); section headings and the numbered notes with bases and tests (the Kurzfassung's
methods part) are left out.

- **Sentences** end at ``.``, ``!`` or ``?`` followed by a space and a capital letter, a digit
  or an opening quote (a question used as a lead is a sentence); abbreviations such as
  "z. B." do not end one.
- **Words** are runs of letters or digits (a hyphenated compound is one word); a percent sign
  is the word "Prozent".
- **Syllables** (German heuristic): in a word, each vowel (a, e, i, o, u, ä, ö, ü, y) starts a
  syllable, except that the pairs ai, au, ei, eu, äu, ie, aa, ee, oo form one syllable
  (so "Miteinander" 4, "neue" 2, "Migration" 4: "io" is two); every word has at least one. A
  number written in digits counts as one word of one syllable: a reader takes in "28" or
  "2023" at a glance (which is why press style writes numbers as digits), so it is a short
  word to read, however long it is to say. The percent sign counts as "Prozent", two.
- **Flesch–Amstad** (Amstad 1978, the German adaptation of Flesch's Reading Ease):
  ``180 − ASL − 58.5 × ASW`` with ASL = words per sentence, ASW = syllables per word.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"

MAX_SENTENCE = 15.0
MIN_FLESCH = 60.0
MAX_WORDS = 450

VOWELS = set("aeiouäöüy")
ONE_SYLLABLE = {"ai", "au", "ei", "eu", "äu", "ie", "aa", "ee", "oo"}
ABBREVIATIONS = ("z. B.", "u. a.", "d. h.", "u. Ä.", "bzw.", "ca.", "Nr.", "vgl.", "usw.")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[„\"A-ZÄÖÜ0-9])")
TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|%")


def syllables(word: str) -> int:
    """Syllables of one word by the heuristic in the module docstring."""
    if word == "%":
        return 2
    if word.isdigit():
        return 1
    text = word.lower()
    count, i = 0, 0
    while i < len(text):
        if text[i] in VOWELS:
            count += 1
            i += 2 if text[i : i + 2] in ONE_SYLLABLE else 1
        else:
            i += 1
    return max(count, 1)


def sentences(text: str) -> list[str]:
    protected = text
    for abbreviation in ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(". ", ".\u2060"))
    return [s for s in SENTENCE_END.split(" ".join(protected.split())) if s.strip()]


def words(text: str) -> list[str]:
    # Thousands dots and decimal commas join a number into one word ("1.234", "2,5").
    joined = re.sub(r"(?<=\d)[.,](?=\d)", "", text)
    return TOKEN.findall(joined)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def sentence_length(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def flesch_amstad(self) -> float:
        return 180 - self.sentence_length - 58.5 * self.syllables_per_word


def readability(paragraphs: list[str]) -> Readability:
    """The measures over paragraphs (each ends its last sentence)."""
    found = [s for p in paragraphs for s in sentences(p)]
    tokens = [w for s in found for w in words(s)]
    return Readability(len(tokens), len(found), sum(syllables(w) for w in tokens))


def kurzfassung_of(folder: Path, *, public: bool) -> Any:
    from umfrage.cli.report import report_input
    from umfrage.reporting.kurzfassung import kurzfassung_for

    return kurzfassung_for(report_input(str(folder), "2024", "2023", public=public, quiet=True))


def old_findings(folder: Path) -> list[str]:
    """The detailed key findings, one bullet each, as the report led with them before."""
    from umfrage.cli.report import report_input
    from umfrage.reporting.findings import key_findings

    data = report_input(str(folder), "2024", "2023", public=False, quiet=True)
    groups = key_findings(data.result, data.questionnaire, skip_sections=data.profile_sections)
    return [f.text for g in groups for f in g.findings]


def measure(rows: int | None = None, seed: int = 2024) -> dict[str, tuple[Readability, int]]:
    """Name → (readability of the running text, words of the Kurzfassung incl. headings)."""
    results: dict[str, tuple[Readability, int]] = {}
    for name, public in (("Beispiel, intern", False), ("Beispiel, öffentlich", True)):
        kurz = kurzfassung_of(EXAMPLE, public=public)
        results[f"Kurzfassung ({name})"] = (readability(kurz.running_text()), kurz.words)
    old = old_findings(EXAMPLE)
    old_measure = readability(old)
    results["bisherige „wichtigste Erkenntnisse“ (Beispiel)"] = (old_measure, old_measure.words)
    if rows:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from run import large_copy  # bench/reporting/run.py

        with tempfile.TemporaryDirectory() as tmp:
            folder = large_copy(rows, Path(tmp), seed)
            kurz = kurzfassung_of(folder, public=True)
            label = f"{rows:,}".replace(",", ".")
            results[f"Kurzfassung ({label} synthetische Antworten, öffentlich)"] = (
                readability(kurz.running_text()),
                kurz.words,
            )
    return results


def main(argv: list[str] | None = None) -> dict[str, tuple[Readability, int]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=0, help="also a synthetic 2024 wave")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    results = measure(args.rows or None, args.seed)
    print(
        "| Text | Wörter | Sätze | Wörter je Satz (≤ 15) | Silben je Wort | Flesch–Amstad (≥ 60) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, (r, total) in results.items():
        print(
            f"| {name} | {total} | {r.sentences} | {r.sentence_length:.1f} | "
            f"{r.syllables_per_word:.2f} | {r.flesch_amstad:.1f} |"
        )
    return results


if __name__ == "__main__":
    main()
