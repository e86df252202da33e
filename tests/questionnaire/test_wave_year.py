"""``min``/``max: wave_year`` on number questions: the limit is the year of the wave.

Resolved once at load, so answer checks, the respondent's hint, the preview and the builder all
see the year; the YAML keeps ``wave_year``, so a new wave's copy follows its own year.
"""

from __future__ import annotations

import pytest

from umfrage.collect.types import number as collect_number
from umfrage.questionnaire import editing
from umfrage.questionnaire.changes import next_wave_text
from umfrage.questionnaire.loader import questionnaire_from_text
from umfrage.questionnaire.problems import ProblemsError
from umfrage.web.builder import core
from umfrage.web.builder.types import builder_type


def questionnaire_text(wave: str, limit: str = "wave_year") -> str:
    return (
        f'wave: "{wave}"\n'
        "title: Synthetischer Fragebogen\n"
        "sections:\n"
        "  - id: A\n"
        "    title: Teil A\n"
        "    questions:\n"
        "      - id: gruendungsjahr\n"
        "        type: number\n"
        "        text: In welchem Jahr wurde Ihr Bündnis gegründet?\n"
        "        min: 1990\n"
        f"        max: {limit}\n"
        "        grouping: false\n"
    )


def test_wave_year_is_the_year_of_the_wave_for_every_user_of_the_limit() -> None:
    question = questionnaire_from_text(questionnaire_text("2026"), "q.yaml").question(
        "gruendungsjahr"
    )
    assert question.max == 2026
    assert question.check_value(2026, {}) == []
    assert question.check_value(2027, {}) == [
        "Bitte geben Sie eine ganze Zahl von 1990 bis 2026 ein."
    ]
    assert "1990 bis 2026" in collect_number.hint(question)
    assert collect_number.preview_detail(question) == "Zahl ab 1990 bis 2026."


def test_a_quoted_wave_year_and_a_min_of_wave_year_work_too() -> None:
    text = questionnaire_text("2025", '"wave_year"').replace("min: 1990", "min: wave_year")
    question = questionnaire_from_text(text, "q.yaml").question("gruendungsjahr")
    assert (question.min, question.max) == (2025, 2025)


@pytest.mark.parametrize("wave", ["2025-herbst", "25", "test"])
def test_check_refuses_wave_year_when_the_wave_is_not_a_year(wave: str) -> None:
    with pytest.raises(ProblemsError) as caught:
        questionnaire_from_text(questionnaire_text(wave), "waves/x/questionnaire.yaml")
    [problem] = caught.value.problems
    assert problem.file == "waves/x/questionnaire.yaml"
    assert problem.line == 11  # the line of "max: wave_year"
    assert problem.question == "gruendungsjahr"
    assert f"die Welle „{wave}“ ist kein Jahr" in problem.message
    assert "„max“" in problem.fix
    assert "Traceback" not in str(problem)


def test_a_new_wave_keeps_wave_year_and_so_follows_its_own_year() -> None:
    text = next_wave_text(
        questionnaire_text("2025"), "q.yaml", previous="2025", wave="2026", title="Neu"
    )
    assert "max: wave_year" in text
    assert questionnaire_from_text(text, "q.yaml").question("gruendungsjahr").max == 2026
    # a literal year of the previous wave still moves, as before
    literal = next_wave_text(
        questionnaire_text("2025", "2025"), "q.yaml", previous="2025", wave="2026", title="Neu"
    )
    assert "max: 2026" in literal


@pytest.mark.parametrize("written", ["wave_year", '"wave_year"', "'wave_year'"])
def test_the_builder_shows_wave_year_as_a_checkbox_and_keeps_the_bytes(written: str) -> None:
    text = questionnaire_text("2026", written)
    document = editing.load(text, "q.yaml")
    node = editing.questions(editing.sections(document)[0])[0]
    kind = builder_type("number")
    form = core.initial(node, kind, core.Context())
    assert form["s-max-token"] == "on" and form["s-max"] == ""
    assert not core.apply(node, form, kind, core.Context())
    assert editing.dump(document) == text
    # unticking it with a number written in the box gives that number
    form.pop("s-max-token")
    form["s-max"] = "2030"
    assert not core.apply(node, form, kind, core.Context())
    assert "max: 2030" in editing.dump(document)
    # ticking it writes wave_year
    form["s-max-token"] = "on"
    assert not core.apply(node, form, kind, core.Context())
    assert (
        questionnaire_from_text(editing.dump(document), "q.yaml").question("gruendungsjahr").max
        == 2026
    )
    assert "max: wave_year" in editing.dump(document)
