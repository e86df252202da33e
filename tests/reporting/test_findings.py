"""The key findings, sentence by sentence on the example, and their rules on made-up results."""

from __future__ import annotations

from typing import Any

import pytest

from umfrage.analysis.results import (
    ComparedShare,
    Comparison,
    OptionResult,
    QuestionResult,
    WaveResult,
)
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.reporting.findings import change, key_findings
from umfrage.reporting.formatting import NBSP


def nb(text: str) -> str:
    """Written with plain spaces in the test; the findings join figures with no-break spaces."""
    return (
        text.replace(" %", f"{NBSP}%")
        .replace("Basis ", f"Basis{NBSP}")
        .replace("Basis\u00a0nur", "Basis nur")
        .replace("p < ", f"p{NBSP}<{NBSP}")
        .replace("p = ", f"p{NBSP}={NBSP}")
    )


@pytest.fixture(scope="module")
def example_findings(example_input: Any) -> dict[str, list[str]]:
    groups = key_findings(
        example_input.result,
        example_input.questionnaire,
        skip_sections=example_input.profile_sections,
    )
    return {group.title: [f.text for f in group.findings] for group in groups}


def test_the_findings_are_grouped_by_the_sections_of_the_questionnaire(
    example_findings: dict[str, list[str]],
) -> None:
    assert list(example_findings) == [
        "Digitalisierung",
        "Bündnispartner:innen und Kund:innen",
        "Prioritäten für die kommenden drei Jahre",
        "Wichtige Themen",
    ]


def test_social_media_rose_from_9_to_28_percent_significantly(
    example_findings: dict[str, list[str]],
) -> None:
    assert (
        nb(
            "Bei der Frage „Hat Ihr Bündnis einen eigenen Social-Media-Kanal?“ ist der Anteil der "
            "Antwort „Ja“ von 9 % (2023, Basis 230) auf 28 % (2024, Basis 80) gestiegen; der "
            "Unterschied ist statistisch gesichert (z-Test, p < 0,001; korrigiert für die Zahl "
            "der Vergleiche p = 0,005)."
        )
        in example_findings["Digitalisierung"]
    )


def test_deciding_against_social_media_is_3_to_8_percent_and_not_called_a_rise(
    example_input: Any,
) -> None:
    # The sentence on one compared share (findings.change); whether it is among a section's
    # findings depends on their ranking (since the coded free texts have findings too, it is
    # not among "Digitalisierung"'s). The Kurzfassung states it (tests/reporting/test_kurzfassung).
    result = example_input.result
    answer = next(q for q in result.questions if q.id == "social_media")
    question = example_input.questionnaire.question("social_media")
    option = next(o for o in answer.comparison.options if "bewusst" in o.label)
    where = "Bei der Frage „Hat Ihr Bündnis einen eigenen Social-Media-Kanal?“"
    finding = change(answer, question, option, result, where, "der Anteil der Antwort")
    assert finding is not None
    assert finding.text == nb(
        "Bei der Frage „Hat Ihr Bündnis einen eigenen Social-Media-Kanal?“ lag der Anteil der "
        "Antwort „Nein, wir haben uns bewusst dagegen entschieden“ 2023 bei 3 % (Basis 230) "
        "und 2024 bei 8 % (Basis 80); dieser Unterschied ist bei diesen Basen statistisch "
        "nicht gesichert (exakter Test nach Fisher, p = 0,106; korrigiert für die Zahl der "
        "Vergleiche p = 0,877)."
    )


def test_a_third_each_find_digital_offers_easy_and_hard(
    example_findings: dict[str, list[str]],
) -> None:
    assert (
        nb(
            "Auf die Frage „Wie gut gelingt es Ihrem Bündnis, Angebote digital umzusetzen (z. B. "
            "Online-Veranstaltungen, digitale Beratung)?“ antworten ein Drittel (33 %) mit „sehr "
            "gut“ oder „gut“ und ein Drittel (33 %) mit „weniger gut“ oder „gar nicht“ (Basis 72; "
            "ohne „kann ich nicht beurteilen“ u. Ä.)."
        )
        in example_findings["Digitalisierung"]
    )


def test_a_small_base_is_named(example_findings: dict[str, list[str]]) -> None:
    channels = next(t for t in example_findings["Digitalisierung"] if "Kanälen" in t)
    assert (
        nb("rund vier Fünftel (82 %; Basis nur 22, kleine Basis: mit Vorsicht zu lesen)")
        in channels
    )


def test_the_municipal_administration_is_the_most_important_partner(
    example_findings: dict[str, list[str]],
) -> None:
    partners = example_findings["Bündnispartner:innen und Kund:innen"]
    assert partners[0] == nb(
        "Bei „Welche sind die drei wichtigsten Partner:innen für Ihre Bündnisarbeit? (Rang 1 bis "
        "3)“ steht „Kommunale Verwaltung“ vorn: 73 % nennen diese Antwort unter den wichtigsten, "
        "44 % auf Rang 1 (Basis 77). Es folgen „Vereine“ (57 %), „Sozial- und "
        "Wohlfahrtsverbände“ (47 %), „Betreuungseinrichtungen / Schulen“ (42 %)."
    )


def test_companies_are_the_partners_most_wanted(example_findings: dict[str, list[str]]) -> None:
    wanted = next(
        t for t in example_findings["Bündnispartner:innen und Kund:innen"] if "stärker" in t
    )
    assert wanted.startswith(
        nb(
            "Bei „Welche Partner:innen möchten Sie künftig stärker einbinden?“ wird „Unternehmen“ "
            "am häufigsten genannt: die Hälfte (50 %; Basis 76); 2023 waren es 48 % (Basis 220), "
            "der Unterschied ist statistisch nicht gesichert"
        )
    )


def test_visibility_is_the_first_priority_then_resources_and_generational_change(
    example_findings: dict[str, list[str]],
) -> None:
    top = next(
        t
        for t in example_findings["Prioritäten für die kommenden drei Jahre"]
        if "am häufigsten" in t
    )
    assert top == nb(
        "Bei „Welche Themen haben für Ihr Bündnis in den nächsten drei Jahren höchste Priorität? "
        "(höchstens drei)“ wird „Sichtbarkeit des Bündnisses erhöhen“ am häufigsten genannt: "
        "42 % (Basis 80); 2023 waren es 20 % (Basis 230), ein Anstieg, der statistisch gesichert "
        "ist (z-Test, p < 0,001; korrigiert für die Zahl der Vergleiche p = 0,005). Es folgen "
        "„Weitere Ressourcen gewinnen (Geld, Personal, Ehrenamt)“ (35 %; 2023: 24 %, statistisch "
        "nicht gesichert), „Generationenwechsel bei Partner:innen begleiten“ (28 %; 2023: 15 %, "
        "statistisch nicht gesichert), „Neue Partner:innen gewinnen“ (22 %; 2023: 35 %, "
        "statistisch nicht gesichert)."
    )


def test_the_four_topics_lead_and_the_changed_wording_is_noted(
    example_findings: dict[str, list[str]],
) -> None:
    topics = next(t for t in example_findings["Wichtige Themen"] if "am häufigsten" in t)
    assert topics.startswith(
        nb(
            "Bei „Welche Themen sind für Ihr Bündnis derzeit wichtig?“ wird „Familien mit Flucht- "
            "und Migrationsgeschichte“ am häufigsten genannt: 56 % (Basis 79)"
        )
    )
    assert nb("Es folgen „Miteinander der Generationen“ (52 %; ") in topics
    assert "„Nicht-traditionelle Familien (z. B. Alleinerziehende" in topics
    assert nb("„Familienfreundliche Standorte“ (46 %; ") in topics
    assert any(
        "Hinweis zum Vergleich: 2023 wurde nach Themen gefragt, die künftig besonders wichtig "
        "sein werden" in t
        for t in example_findings["Wichtige Themen"]
    )


def test_significant_changes_come_before_uncertain_ones(
    example_findings: dict[str, list[str]],
) -> None:
    for texts in example_findings.values():
        kinds = [
            "nicht gesichert" in t.split(". Es folgen")[0]
            for t in texts
            if "lag " in t or "ist der Anteil" in t
        ]
        assert kinds == sorted(kinds), texts


# Made-up results: the rules in isolation.

QUESTIONNAIRE = """\
wave: "2024"
title: Test
sections:
  - id: A
    title: Teil A
    questions:
      - id: frage
        type: single
        text: Eine Frage?
        options: [{code: ja, label: Ja}, {code: nein, label: Nein}]
"""


def _questionnaire() -> Any:
    data, source = parse_yaml(QUESTIONNAIRE, "questionnaire.yaml")
    return parse_questionnaire(data, source)


def _result(
    *, significant: bool, base: int, p: float, p_adjusted: float | None = None
) -> WaveResult:
    """One compared share; ``significant`` is the unadjusted verdict, ``p_adjusted`` (default:
    ``p``, a family of one) decides ``secure``."""
    p_adjusted = p if p_adjusted is None else p_adjusted
    options = (
        OptionResult("ja", "Ja", base // 2, 0.5, (0.3, 0.7)),
        OptionResult("nein", "Nein", base - base // 2, 0.5, (0.3, 0.7)),
    )
    compared = (
        ComparedShare(
            "ja",
            "Ja",
            10,
            0.2,
            base // 2,
            0.5,
            0.3,
            "fisher",
            p,
            significant,
            ("ja",),
            p_adjusted=p_adjusted,
            secure=p_adjusted < 0.05,
        ),
    )
    question = QuestionResult(
        "frage",
        "single",
        "Eine Frage?",
        base,
        base,
        0,
        0,
        base < 30,
        options=options,
        comparison=Comparison("2023", 50, base, compared),
    )
    return WaveResult("Test", "2024", "2023", base, 50, (question,))


def test_a_change_that_is_not_significant_is_never_called_a_rise() -> None:
    groups = key_findings(_result(significant=False, base=12, p=0.2), _questionnaire())
    text = " ".join(f.text for g in groups for f in g.findings)
    assert "gestiegen" not in text and "Anstieg" not in text
    assert (
        "statistisch nicht gesichert (exakter Test nach Fisher, p\u00a0=\u00a00,200; korrigiert "
        "für die Zahl der Vergleiche p\u00a0=\u00a00,200)"
    ) in text
    assert "Basis nur 12, kleine Basis: mit Vorsicht zu lesen" in text


def test_a_significant_change_names_both_waves_the_test_and_p() -> None:
    groups = key_findings(_result(significant=True, base=80, p=0.004), _questionnaire())
    text = groups[0].findings[0].text
    assert text == nb(
        "Bei der Frage „Eine Frage?“ ist der Anteil der Antwort „Ja“ von 20 % (2023, Basis 50) "
        "auf 50 % (2024, Basis 80) gestiegen; der Unterschied ist statistisch gesichert (exakter "
        "Test nach Fisher, p = 0,004; korrigiert für die Zahl der Vergleiche p = 0,004)."
    )


def test_a_change_significant_only_before_the_adjustment_is_not_called_secure() -> None:
    """p = 0,042 unadjusted, 0,31 after Benjamini-Hochberg: no rise, both p values named."""
    result = _result(significant=True, base=80, p=0.042, p_adjusted=0.31)
    text = " ".join(f.text for g in key_findings(result, _questionnaire()) for f in g.findings)
    assert "gestiegen" not in text and "statistisch gesichert" not in text
    assert (
        nb(
            "statistisch nicht gesichert (exakter Test nach Fisher, p = 0,042; korrigiert für die "
            "Zahl der Vergleiche p = 0,310)"
        )
        in text
    )


def test_no_option_is_called_the_most_named_when_a_figure_is_hidden() -> None:
    from dataclasses import replace

    result = _result(significant=False, base=40, p=0.5)
    question = result.questions[0]
    hidden = replace(question.options[0], count=None, share=None, ci=None, suppressed=True)
    question = replace(question, options=(hidden, question.options[1]), comparison=None)
    groups = key_findings(replace(result, questions=(question,)), _questionnaire())
    assert groups == []
