"""Wording fixes versus structural changes, and the next wave's questionnaire (pure functions)."""

from __future__ import annotations

from typing import Any

from tests.minisurvey import Q2024
from umfrage.questionnaire.changes import next_wave_text, structural_changes
from umfrage.questionnaire.checks import check_questionnaire
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.configedit import set_wave_entry
from umfrage.surveyfolder.survey import parse_survey_config


def load(text: str) -> Questionnaire:
    data, source = parse_yaml(text, "q.yaml")
    questionnaire = parse_questionnaire(data, source)
    assert check_questionnaire(questionnaire, source) == []
    return questionnaire


OLD = load(Q2024)


def changed(old: str, new: str) -> list[str]:
    return structural_changes(OLD, load(Q2024.replace(old, new)))


def test_identical_questionnaires_have_no_changes() -> None:
    assert structural_changes(OLD, load(Q2024)) == []


def test_wording_fixes_are_not_structural() -> None:
    text = (
        Q2024.replace("Wie viele Partner:innen?", "Mit wie vielen Partner:innen arbeiten Sie?")
        .replace("label: In Planung", "label: In Vorbereitung")
        .replace("title: Teil A", "title: Allgemeines")
        .replace("note: 2023 gab es", "note: In der Welle 2023 gab es")
    )
    assert structural_changes(OLD, load(text)) == []


def test_a_new_option_code_is_structural() -> None:
    assert changed(
        "{code: insta, label: Instagram}",
        "{code: insta, label: Instagram}, {code: tiktok, label: TikTok}",
    ) == ["Die Frage „kanaele“ hat andere Antwortcodes (Codes oder Reihenfolge)."]


def test_a_renamed_question_is_removed_and_new() -> None:
    assert changed("id: partner", "id: partnerschaften") == [
        "Die Frage „partner“ wurde entfernt.",
        "Die Frage „partnerschaften“ ist neu.",
    ]


def test_a_changed_limit_or_condition_is_structural() -> None:
    assert changed("max: 999", "max: 99") == [
        "Bei der Frage „partner“ wurde mehr als der Wortlaut geändert (max)."
    ]
    assert changed("equals: ja}", "equals: planung}") == [
        "Bei der Frage „kanaele“ wurde mehr als der Wortlaut geändert (if)."
    ]


def test_an_option_flag_is_structural_even_with_the_same_codes() -> None:
    assert changed(
        "{code: sonstige, label: Sonstige, other: true}", "{code: sonstige, label: Sonstige}"
    ) == ["Bei der Frage „kanaele“ wurde mehr als der Wortlaut geändert (options)."]


def test_a_changed_type_is_named() -> None:
    text = Q2024.replace(
        "type: number\n        text: Wie viele Partner:innen?\n        min: 0\n        max: 999",
        "type: text\n        text: Wie viele Partner:innen?",
    )
    assert structural_changes(OLD, load(text)) == [
        "Die Frage „partner“ hat jetzt den Typ text statt number."
    ]


def test_moving_a_question_is_structural() -> None:
    text = Q2024.replace(
        "      - id: partner\n        type: number\n        text: Wie viele Partner:innen?\n"
        "        min: 0\n        max: 999\n",
        "",
    ).replace(
        "    questions:\n      - id: bundesland",
        "    questions:\n      - id: partner\n        type: number\n"
        "        text: Wie viele Partner:innen?\n        min: 0\n        max: 999\n"
        "      - id: bundesland",
    )
    assert structural_changes(OLD, load(text)) == [
        "Abschnitte oder die Reihenfolge der Fragen wurden geändert."
    ]


def _compare(q: Questionnaire, qid: str) -> list[dict[str, Any]]:
    return [c.model_dump(exclude_defaults=True) for c in q.question(qid).compare]


def test_the_next_wave_copies_the_questionnaire_and_starts_comparisons() -> None:
    text = next_wave_text(
        "# Kommentar bleibt\n" + Q2024, "q.yaml", previous="2024", wave="2025", title="Mini 2025"
    )
    assert text.startswith("# Kommentar bleibt\n")
    new = load(text)
    assert new.wave == "2025"
    assert new.title == "Mini 2025"
    assert [q.id for q in new.questions()] == [q.id for q in OLD.questions()]
    assert _compare(new, "bundesland") == [{"wave": "2024"}]
    assert _compare(new, "social_media") == [
        {"wave": "2023", "recode": {"planung": "nein"}, "note": "2023 gab es „In Planung“ nicht."},
        {"wave": "2024"},
    ]
    assert structural_changes(OLD, new) == ["Die Welle heißt jetzt „2025“ statt „2024“."]


def test_the_next_wave_does_not_duplicate_an_existing_comparison() -> None:
    text = next_wave_text(Q2024, "q.yaml", previous="2023", wave="2025", title="x")
    assert _compare(load(text), "social_media") == [
        {"wave": "2023", "recode": {"planung": "nein"}, "note": "2023 gab es „In Planung“ nicht."}
    ]


SURVEY = """\
id: mini
title: Mini
# die Wellen
waves:
  - {id: "2023", title: Mini 2023, status: published}
  - {id: "2024", title: Mini 2024, status: closed}
"""


def test_a_new_wave_entry_is_appended_to_survey_yaml_keeping_comments() -> None:
    text = set_wave_entry(SURVEY, "2025", title="Mini 2025", status="draft")
    assert "# die Wellen" in text
    config = parse_survey_config(text, "survey.yaml")
    assert config.wave_ids() == ["2023", "2024", "2025"]
    assert config.wave("2025").status == "draft"
    assert config.wave("2025").title == "Mini 2025"


def test_a_status_change_updates_only_that_wave_entry() -> None:
    text = set_wave_entry(SURVEY, "2024", status="published")
    config = parse_survey_config(text, "survey.yaml")
    assert [w.status for w in config.waves] == ["published", "published"]
    assert config.wave("2024").title == "Mini 2024"


def test_a_privacy_notice_is_added_after_the_title_and_is_only_wording() -> None:
    from umfrage.questionnaire.changes import with_privacy

    text = with_privacy(Q2024, "q.yaml", "Verantwortlich: Servicebüro.\r\nZweite Zeile.")
    assert text.splitlines()[:5] == [
        'wave: "2024"',
        "title: Mini 2024",
        "privacy: |",
        "  Verantwortlich: Servicebüro.",
        "  Zweite Zeile.",
    ]
    changed_q = load(text)
    assert changed_q.privacy == "Verantwortlich: Servicebüro.\nZweite Zeile.\n"
    assert structural_changes(OLD, changed_q) == []


def test_a_privacy_notice_is_replaced_or_removed() -> None:
    from umfrage.questionnaire.changes import with_privacy

    first = with_privacy(Q2024, "q.yaml", "Alt.")
    second = with_privacy(first, "q.yaml", "Neu.")
    assert load(second).privacy == "Neu.\n"
    assert second.count("privacy:") == 1
    assert load(with_privacy(second, "q.yaml", "  ")).privacy is None


def test_a_number_limited_to_the_previous_waves_year_gets_a_hint() -> None:
    from tests.conftest import EXAMPLE
    from umfrage.questionnaire.changes import year_limit_hints
    from umfrage.questionnaire.loader import load_questionnaire

    example = load_questionnaire(EXAMPLE / "waves" / "2024" / "questionnaire.yaml")
    assert year_limit_hints(example, previous="2024", wave="2025") == [
        "Frage „gruendungsjahr“: Der Höchstwert 2024 ist das Jahr der Welle 2024. Soll die Frage "
        "in Welle 2025 auch 2025 zulassen, ändern Sie „max: 2024“ in „max: 2025“."
    ]
    # Only for year-named waves going forward, and only for that limit.
    assert year_limit_hints(example, previous="2024", wave="2024b") == []
    assert year_limit_hints(example, previous="2025", wave="2026") == []
    assert year_limit_hints(OLD, previous="2024", wave="2025") == []


def test_a_new_wave_moves_a_limit_that_was_the_previous_waves_year() -> None:
    """The year trap: 2025 created from 2024 refused alliances founded in 2025."""
    from tests.conftest import EXAMPLE
    from umfrage.questionnaire.changes import next_wave_text, year_limits_moved
    from umfrage.questionnaire.loader import load_questionnaire

    path = EXAMPLE / "waves" / "2024" / "questionnaire.yaml"
    old = load_questionnaire(path)
    text = next_wave_text(
        path.read_text(encoding="utf-8"), "q.yaml", previous="2024", wave="2025", title="2025"
    )
    new = load(text)
    assert new.question("gruendungsjahr").upper_limit() == 2025
    assert year_limits_moved(old, new, previous="2024", wave="2025") == [
        "Frage „gruendungsjahr“: Der Höchstwert 2024 (das Jahr der Welle 2024) ist jetzt 2025, "
        "das Jahr dieser Welle."
    ]
    # Other limits stay, and waves not named by year move nothing.
    assert (
        new.question("anzahl_partner").upper_limit() == old.question("anzahl_partner").upper_limit()
    )
    same = load(
        next_wave_text(
            path.read_text(encoding="utf-8"), "q.yaml", previous="2024", wave="2024b", title="x"
        )
    )
    assert same.question("gruendungsjahr").upper_limit() == 2024


def test_a_widened_limit_is_a_correction_a_narrowed_one_is_not() -> None:
    """Once answers exist, raising a maximum (or lowering a minimum) keeps every stored answer
    valid and is allowed; narrowing it is refused."""
    wider = load(Q2024.replace("max: 999", "max: 5000"))
    assert structural_changes(OLD, wider) == []
    narrower = load(Q2024.replace("max: 999", "max: 10"))
    assert structural_changes(OLD, narrower) == [
        "Bei der Frage „partner“ wurde mehr als der Wortlaut geändert (max)."
    ]
