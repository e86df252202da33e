"""The Kurzfassung of the example (2024 against 2023): length, the facts of the programme's own
2024 summary that the data support, honesty about chance, merged options, notes, readability;
and its rules on made-up results."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
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
from umfrage.reporting.formatting import NBSP
from umfrage.reporting.kurzfassung import (
    MAX_WORDS,
    Kurzfassung,
    build_kurzfassung,
    change_words,
    kurzfassung_for,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"


def nb(text: str) -> str:
    return text.replace(" %", f"{NBSP}%")


@pytest.fixture(scope="module")
def public_input() -> Any:
    from umfrage.cli.report import report_input

    return report_input(str(EXAMPLE), "2024", "2023", public=True, quiet=True)


@pytest.fixture(scope="module", params=["internal", "public"])
def kurz(request: pytest.FixtureRequest, example_input: Any, public_input: Any) -> Kurzfassung:
    return kurzfassung_for(example_input if request.param == "internal" else public_input)


def paragraph(kurz: Kurzfassung, lead: str) -> Any:
    return next(p for s in kurz.sections for p in s.paragraphs if p.lead.startswith(lead))


def test_it_is_short_with_five_to_ten_headlines_in_sections(kurz: Kurzfassung) -> None:
    assert kurz.words <= MAX_WORDS
    assert 5 <= kurz.headlines <= 10
    assert [s.title for s in kurz.sections] == [
        "Digitalisierung",
        "Bündnispartner:innen und Kund:innen",
        "Prioritäten für die kommenden drei Jahre",
        "Wichtige Themen",
    ]


def test_it_names_the_participants(kurz: Kurzfassung) -> None:
    assert kurz.intro == (
        "80 Befragte haben an der Bündnisumfrage 2024 teilgenommen.",
        "2023 waren es 230.",
    )


def test_social_media_tripled_and_no_falling_is_the_same_fact(kurz: Kurzfassung) -> None:
    social = paragraph(kurz, "Hat Ihr Bündnis einen eigenen Social-Media-Kanal?")
    text = " ".join(social.sentences)
    assert nb("28 % sagen „Ja“. 2023 waren es 9 %. Der Anteil hat sich verdreifacht.") in text
    # Ja up and Nein down: one statement, in the same paragraph, not a second headline.
    assert nb("Dafür sagen weniger „Nein“: 65 % statt 88 %.") in text
    assert sum("Social-Media" in p.lead for s in kurz.sections for p in s.paragraphs) == 1


def test_deciding_against_social_media_is_named_with_chance_not_as_a_rise(
    kurz: Kurzfassung,
) -> None:
    social = paragraph(kurz, "Hat Ihr Bündnis einen eigenen Social-Media-Kanal?")
    text = " ".join(social.sentences)
    assert (
        nb(
            "8 % sagen „Nein, wir haben uns bewusst dagegen entschieden“. 2023 waren es 3 %. "
            "Ob das mehr als Zufall ist, lässt sich bei 80 Antworten nicht sagen."
        )
        in text
    )
    after = text.split("bewusst dagegen")[1]
    assert not re.search(r"gestiegen|Anstieg|mehr als verdoppelt|erhöht", after)


def test_a_third_each_find_digital_offers_easy_and_hard(kurz: Kurzfassung) -> None:
    digital = paragraph(kurz, "Wie gut gelingt es Ihrem Bündnis, Angebote digital umzusetzen?")
    assert digital.lead == "Wie gut gelingt es Ihrem Bündnis, Angebote digital umzusetzen?"
    assert digital.sentences == (
        nb("Ein Drittel (33 %) sagt „sehr gut“ oder „gut“."),
        "Ebenso viele sagen „weniger gut“ oder „gar nicht“.",
    )


def test_partners_municipality_first_and_companies_wanted(kurz: Kurzfassung) -> None:
    ranking = paragraph(kurz, "Welche sind die drei wichtigsten Partner:innen")
    text = " ".join(ranking.sentences)
    assert nb("73 %") in text and "„Kommunale Verwaltung“" in text
    assert re.search(r"„Vereine“.*„Sozial- und Wohlfahrtsverbände“.*„Betreuungseinrichtungen", text)
    wanted = paragraph(kurz, "Welche Partner:innen möchten Sie künftig stärker einbinden?")
    assert "„Unternehmen“" in wanted.sentences[0] and nb("50 %") in wanted.sentences[0]
    # The ranking among the partners present says more than their list: that list is left out.
    assert not any(
        p.lead.startswith("Welche Partner:innen sind in Ihrem Bündnis vertreten?")
        for s in kurz.sections
        for p in s.paragraphs
    )


def test_visibility_is_the_top_priority_and_more_than_doubled_with_its_note(
    kurz: Kurzfassung,
) -> None:
    priorities = paragraph(kurz, "Welche Themen haben für Ihr Bündnis")
    text = " ".join(priorities.sentences)
    assert (
        nb(
            "Am häufigsten genannt wird „Sichtbarkeit des Bündnisses erhöhen“: 42 %. "
            "2023 waren es 20 %. Der Anteil hat sich mehr als verdoppelt."
        )
        in text
    )
    assert re.search(r"Es folgen „Weitere Ressourcen gewinnen“.*„Generationenwechsel", text)
    # The renamed answer's note goes with the statement about it.
    assert priorities.notes == (
        "Hinweis zum Vergleich: Die Antwort „Sichtbarkeit des Bündnisses erhöhen“ hieß 2023 "
        "„Öffentlichkeitsarbeit“.",
    )


def test_the_four_current_topics_and_the_limited_comparability(kurz: Kurzfassung) -> None:
    topics = paragraph(kurz, "Welche Themen sind für Ihr Bündnis derzeit wichtig?")
    text = " ".join(topics.sentences)
    assert "„Familien mit Flucht- und Migrationsgeschichte“" in text
    assert re.search(
        r"Es folgen „Miteinander der Generationen“.*„Nicht-traditionelle Familien“.*"
        r"„Familienfreundliche Standorte“",
        text,
    )
    assert any("nur eingeschränkt vergleichbar" in note for note in topics.notes)


def test_every_paragraph_that_compares_carries_its_comparisons_note(
    kurz: Kurzfassung, example_input: Any
) -> None:
    result = example_input.result
    for section in kurz.sections:
        for p in section.paragraphs:
            question = next(q for q in result.questions if p.lead.startswith(q.text[:25]))
            compares = bool(re.search(r"2023|statt", " ".join(p.sentences)))
            note = question.comparison.note if question.comparison else None
            if compares and note:
                assert len(p.notes) == 1 and p.notes[0].startswith("Hinweis zum Vergleich:")
            else:
                assert p.notes == ()


def test_sentences_carry_no_base_test_or_p_which_the_notes_give(kurz: Kurzfassung) -> None:
    for section in kurz.sections:
        for p in section.paragraphs:
            assert not re.search(r"Basis|p\s*[=<]|Test|signifikant", p.text), p.text
    assert len(kurz.footnotes) == kurz.headlines
    assert kurz.footnotes[0].startswith("Basis: 80 Antworten (2024), 230 (2023).")
    # Both p values; the public copy is adjusted over the published tests only (other value).
    assert re.search(
        r"„Nein, wir haben uns bewusst dagegen entschieden“: exakter Test nach Fisher, "
        r"p\u00a0=\u00a00,106; korrigiert für die Zahl der Vergleiche p\u00a0=\u00a00,\d{3}: "
        r"nicht gesichert",
        kurz.footnotes[0],
    )


def test_the_public_kurzfassung_never_names_a_hidden_figure(public_input: Any) -> None:
    kurz = kurzfassung_for(public_input)
    hidden = {
        o.label
        for q in public_input.result.questions
        for o in getattr(q, "options", ()) or ()
        if o.suppressed
    }
    text = kurz.text()
    for label in hidden - {"Sonstige"}:
        assert f"„{label}“" not in text, label
    # A list with a hidden answer is not said to lead: "vorn" could name the wrong answer.
    ranking = paragraph(kurz, "Welche sind die drei wichtigsten Partner:innen")
    assert "Vorn" not in ranking.text and "Es folgen" not in ranking.text


def test_the_readability_benchmark_meets_its_targets_on_the_example() -> None:
    sys.path.insert(0, str(ROOT / "bench" / "reporting"))
    import readability

    results = readability.main(["--rows", "300"])
    for name, (measured, words) in results.items():
        if not name.startswith("Kurzfassung (Beispiel"):
            continue
        assert words <= readability.MAX_WORDS, name
        assert measured.sentence_length <= readability.MAX_SENTENCE, name
        assert measured.flesch_amstad >= readability.MIN_FLESCH, name
    synthetic = next(v for k, v in results.items() if "synthetische" in k)
    assert synthetic[1] <= readability.MAX_WORDS


def test_the_syllable_heuristic() -> None:
    sys.path.insert(0, str(ROOT / "bench" / "reporting"))
    from readability import readability as measure
    from readability import syllables

    assert [syllables(w) for w in ("Bündnis", "neue", "Migration", "Miteinander", "%")] == [
        2,
        2,
        4,
        4,
        2,
    ]
    r = measure(["Das ist gut. Der Anteil hat sich z. B. verdreifacht."])
    assert r.sentences == 2 and r.words == 10


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        (0.0913, 0.275, "hat sich verdreifacht"),
        (0.2, 0.425, "hat sich mehr als verdoppelt"),
        (0.4, 0.2, "hat sich halbiert"),
        (0.33, 0.18, "ist um mehr als ein Drittel gesunken"),
        (0.30, 0.48, "ist um mehr als die Hälfte gestiegen"),
        (0.6, 0.1, "ist auf weniger als ein Fünftel gesunken"),
        (0.4, 0.45, "ist gestiegen"),
    ],
)
def test_changes_in_words(before: float, after: float, words: str) -> None:
    assert change_words(before, after) == words


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
        text: Gibt es das? (bitte eine Antwort)
        options: [{code: ja, label: Ja}, {code: nein, label: Nein}]
"""


def _result(*, significant: bool, base: int) -> WaveResult:
    options = (
        OptionResult("ja", "Ja", base // 2, 0.5, (0.3, 0.7)),
        OptionResult("nein", "Nein", base - base // 2, 0.5, (0.3, 0.7)),
    )
    compared = (
        # Significant before and after the adjustment for many tests ("secure"), or neither.
        ComparedShare(
            "ja",
            "Ja",
            10,
            0.2,
            base // 2,
            0.5,
            0.3,
            "z",
            0.01,
            significant,
            ("ja",),
            p_adjusted=0.02,
            secure=significant,
        ),
        ComparedShare(
            "nein",
            "Nein",
            40,
            0.8,
            base // 2,
            0.5,
            -0.3,
            "z",
            0.01,
            significant,
            ("nein",),
            p_adjusted=0.02,
            secure=significant,
        ),
    )
    question = QuestionResult(
        "frage",
        "single",
        "Gibt es das? (bitte eine Antwort)",
        base,
        base,
        0,
        0,
        base < 30,
        options=options,
        comparison=Comparison("2023", 50, base, compared, note="Früher anders gefragt; egal"),
    )
    return WaveResult("Test", "2024", "2023", base, 50, (question,))


def _kurz(result: WaveResult) -> Kurzfassung:
    data, source = parse_yaml(QUESTIONNAIRE, "questionnaire.yaml")
    return build_kurzfassung(result, parse_questionnaire(data, source), wave_title="Umfrage 2024")


def test_a_secure_change_and_its_counterpart_are_one_statement() -> None:
    kurz = _kurz(_result(significant=True, base=80))
    [section] = kurz.sections
    [p] = section.paragraphs
    assert p.lead == "Gibt es das?"
    assert p.sentences == (
        nb("50 % sagen „Ja“. 2023 waren es 20 %."),
        "Der Anteil hat sich mehr als verdoppelt.",
        nb("Dafür sagen weniger „Nein“: 50 % statt 80 %."),
    )
    assert p.notes == ("Hinweis zum Vergleich: Früher anders gefragt. Egal.",)


def test_a_change_that_is_not_secure_is_never_called_a_rise() -> None:
    kurz = _kurz(_result(significant=False, base=80))
    assert "nicht gesichert" in kurz.footnotes[0]
    text = kurz.text()
    assert "Ob das mehr als Zufall ist, lässt sich bei 80 Antworten nicht sagen." in text
    assert not re.search(r"verdoppelt|gestiegen|Dafür", text)


def test_a_small_base_gives_no_headline_and_says_why() -> None:
    kurz = _kurz(replace(_result(significant=True, base=12), n=12))
    assert kurz.sections == ()
    assert kurz.empty == (
        "Mit 12 Antworten sind die Zahlen zu unsicher für eine Kurzfassung. Alle Werte stehen "
        "mit ihrer Basis im vollständigen Bericht."
    )
