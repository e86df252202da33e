"""A question reworded between waves: every comparison says so, without a hand-written note.

Issue 20 lets staff correct wording after answers exist without a ``compare: note``; the check
only hints, so the analysis must carry the change to every reader of a comparison itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.minisurvey import Q2024, make_minisurvey
from umfrage.cli import main
from umfrage.questionnaire.wording import comparison_note, wording_changed

REWORDED = Q2024.replace("text: Bundesland?", "text: In welchem Bundesland arbeiten Sie?")
GENERATED = "Fragetext 2024 gegenüber 2023 geändert (2023: „Bundesland?“)."


def _analyze(folder: Path, wave: str, compare: str, fmt: str = "json") -> str:
    result = CliRunner().invoke(
        main,
        ["analyze", str(folder), "--wave", wave, "--compare", compare, "--format", fmt],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _comparison(folder: Path, wave: str, compare: str, qid: str) -> dict[str, object]:
    data = json.loads(_analyze(folder, wave, compare))
    question = next(q for q in data["questions"] if q["id"] == qid)
    return question["comparison"]  # type: ignore[no-any-return]


def test_a_reworded_question_is_compared_with_a_generated_note(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path, {"waves/2024/questionnaire.yaml": REWORDED})
    assert _comparison(folder, "2024", "2023", "bundesland")["note"] == GENERATED
    # The other direction names the same change (2024's wording is the later one).
    assert _comparison(folder, "2023", "2024", "bundesland")["note"] == GENERATED
    table = _analyze(folder, "2024", "2023", "table")
    assert f"Hinweis: {GENERATED}" in table


def test_an_explicit_note_wins_and_unchanged_wording_has_none(tmp_path: Path) -> None:
    folder = make_minisurvey(
        tmp_path,
        {
            "waves/2024/questionnaire.yaml": REWORDED.replace(
                "text: Eigener Social-Media-Kanal?", "text: Hat Ihr Bündnis Social Media?"
            )
        },
    )
    social = _comparison(folder, "2024", "2023", "social_media")
    assert social["note"] == "2023 gab es „In Planung“ nicht."
    plain = make_minisurvey(tmp_path / "plain")
    assert _comparison(plain, "2024", "2023", "bundesland").get("note") in (None, "")


def test_whitespace_is_layout_not_wording() -> None:
    assert not wording_changed("Wie viele\n  Partner:innen?", "Wie viele Partner:innen? ")
    assert wording_changed("Wie viele Partner?", "Wie viele Partner:innen?")
    assert (
        comparison_note(
            None, earlier_wave="2023", later_wave="2024", earlier_text="A", later_text=" A\n"
        )
        is None
    )
    assert (
        comparison_note(
            "eigene", earlier_wave="2023", later_wave="2024", earlier_text="A", later_text="B"
        )
        == "eigene"
    )
