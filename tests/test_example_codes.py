"""The example's 2024 obstacles are coded consistently with their free texts."""

from __future__ import annotations

from pathlib import Path

from umfrage.example.generator import HINDERNIS_CODES
from umfrage.questionnaire.loader import load_questionnaire
from umfrage.surveyfolder.responses import read_responses_csv

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "buendnisumfrage"


def _records(wave: str) -> list[dict[str, object]]:
    questionnaire = load_questionnaire(EXAMPLE / "waves" / wave / "questionnaire.yaml")
    path = EXAMPLE / "waves" / wave / "responses.csv"
    return [r.answers for r in read_responses_csv(path, questionnaire).records]


def test_every_2024_obstacle_text_carries_the_codes_of_its_sentences() -> None:
    texts = [a for a in _records("2024") if "digital_hindernisse" in a]
    assert len(texts) > 20
    for answers in texts:
        text = str(answers["digital_hindernisse"])
        expected = {
            code
            for sentence, codes in HINDERNIS_CODES.items()
            if sentence in text
            for code in codes
        }
        assert expected, text
        assert set(answers["digital_hindernisse.codes"]) == expected  # type: ignore[arg-type]
    # Codes appear only where there is a text.
    assert sum("digital_hindernisse.codes" in a for a in _records("2024")) == len(texts)


def test_the_2023_wave_has_no_codes() -> None:
    assert not any("digital_hindernisse.codes" in a for a in _records("2023"))


def test_the_topics_are_coded_with_one_codebook_in_both_waves() -> None:
    from umfrage.example.generator import THEMEN_CODES

    for wave in ("2023", "2024"):
        records = _records(wave)
        texts = [a for a in records if "themen_weitere" in a]
        assert len(texts) >= 10
        for answers in texts:
            text = str(answers["themen_weitere"])
            expected = {c for s, codes in THEMEN_CODES.items() if s in text for c in codes}
            assert set(answers["themen_weitere.codes"]) == expected  # type: ignore[arg-type]
        assert sum("themen_weitere.codes" in a for a in records) == len(texts)
    q2023 = load_questionnaire(EXAMPLE / "waves" / "2023" / "questionnaire.yaml")
    q2024 = load_questionnaire(EXAMPLE / "waves" / "2024" / "questionnaire.yaml")
    assert q2023.question("themen_weitere") == q2024.question("themen_weitere")
