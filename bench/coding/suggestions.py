"""How well the coding suggestions match the example's known categories (not a timing).

    .venv/bin/python bench/coding/suggestions.py

For each coded text question of the example Bündnisumfrage (synthetic texts) and wave it groups
the texts (TF-IDF over German word stems, k-means, k = the codebook's categories) and prints the
share of coded texts whose group's most common known category is one of theirs, and the share of
texts for which the key words suggest at least one category and every suggestion is right.
"""

from __future__ import annotations

from pathlib import Path

from umfrage.analysis.suggest import group_agreement, group_texts, suggest_categories
from umfrage.questionnaire.loader import load_questionnaire
from umfrage.questionnaire.types.text import TextQuestion
from umfrage.surveyfolder.responses import read_responses_csv

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


def measure(wave: str, qid: str) -> tuple[int, float, float | None] | None:
    """(texts, group agreement, share of texts with only right key-word suggestions; None
    where the codebook has no key words)."""
    questionnaire = load_questionnaire(EXAMPLE / "waves" / wave / "questionnaire.yaml")
    question = questionnaire.question(qid)
    if not isinstance(question, TextQuestion) or not question.categories:
        return None
    records = read_responses_csv(EXAMPLE / "waves" / wave / "responses.csv", questionnaire)
    rows = [r.answers for r in records.records if r.answers.get(question.codes_key)]
    texts = [str(a[qid]) for a in rows]
    known = [list(a[question.codes_key]) for a in rows]  # type: ignore[call-overload]
    groups = group_texts(texts, question.categories)
    agreement = group_agreement(groups, known)
    right = 0
    for text, codes in zip(texts, known, strict=True):
        suggested = suggest_categories(text, question.categories)
        right += bool(suggested) and set(suggested) <= set(codes)
    has_keywords = any(c.keywords for c in question.categories)
    return len(texts), agreement, right / len(texts) if has_keywords else None


def main() -> None:
    print("Frage                 Welle  Texte  Gruppe passt  Stichwörter richtig")
    for qid in ("themen_weitere", "digital_hindernisse"):
        for wave in ("2023", "2024"):
            found = measure(wave, qid)
            if found is None:
                continue
            n, agreement, keywords = found
            shown = "–" if keywords is None else f"{keywords:.0%}"
            print(f"{qid:<21} {wave:<6} {n:>5}  {agreement:>12.0%}  {shown:>19}")


if __name__ == "__main__":
    main()
