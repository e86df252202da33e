"""What publication hides, and that it says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.render import to_json
from umfrage.questionnaire.problems import ProblemsError
from umfrage.surveyfolder.survey import read_survey_folder


def _frames(folder: Path) -> tuple[object, object]:
    survey = read_survey_folder(folder, with_responses=False)
    return tuple(  # type: ignore[return-value]
        read_wave_csv(folder / "waves" / w / "responses.csv", survey.questionnaire(w))
        for w in ("2024", "2023")
    )


def test_published_results_hide_small_cells_and_say_so(make_survey: Callable[..., Path]) -> None:
    new, old = _frames(make_survey(120, 60))
    open_result = analyse(new, compare=old)  # type: ignore[arg-type]
    published = analyse(new, compare=old, publish=True, min_cell=5)  # type: ignore[arg-type]
    assert published.suppression is not None and published.suppression.min_cell == 5
    # The report names the method, not the threshold (issue 18: no parameters for an attacker).
    assert "Zellsperrung" in published.suppression.note
    assert "5" not in published.suppression.note
    assert published.suppression.cells > 0
    # A follow-up whose asked count would reveal a hidden cell is left out (issue 18).
    for after in published.questions:
        before = open_result.question(after.id)
        for o_before, o_after in zip(before.options or (), after.options or (), strict=True):
            if o_after.suppressed:
                assert o_after.count is None and o_after.share is None and o_after.ci is None
            else:
                assert o_after.count == o_before.count


def test_numbers_never_publish_minimum_and_maximum(make_survey: Callable[..., Path]) -> None:
    new, _ = _frames(make_survey(30, 60))
    partner = analyse(new, publish=True).question("partner")  # type: ignore[arg-type]
    assert partner.min is None and partner.max is None
    assert partner.mean is not None


def test_a_question_with_a_base_under_the_minimum_is_not_published(
    make_survey: Callable[..., Path],
) -> None:
    # Its base alone bounds every cell of it below the threshold (issue 18), so even the base
    # is left out; the questions with enough answers stay.
    new, _ = _frames(make_survey(30, 40))
    complete = analyse(new)  # type: ignore[arg-type]
    small = {q.id for q in complete.questions if 0 < q.base < 36}
    assert small, "the generated wave has a question with a base under 36"
    result = analyse(new, publish=True, min_cell=36)  # type: ignore[arg-type]
    published = {q.id for q in result.questions}
    assert not small & published
    # A question nobody answered stays, unless the few who were asked (and gave no answer)
    # are themselves a small count.
    assert published == {
        q.id for q in complete.questions if q.base >= 36 or (q.base == 0 and not 0 < q.asked < 36)
    }
    assert to_json(result)["suppression"]["min_cell"] == 36


def test_a_wave_under_the_minimum_is_not_published_at_all(make_survey: Callable[..., Path]) -> None:
    # Before issue 18 such a wave showed every question's base; now publishing refuses.
    new, _ = _frames(make_survey(30, 12))
    with pytest.raises(ProblemsError) as raised:
        analyse(new, publish=True, min_cell=20)  # type: ignore[arg-type]
    assert "nichts veröffentlicht" in raised.value.problems[0].message


def test_unpublished_results_hide_nothing(make_survey: Callable[..., Path]) -> None:
    new, _ = _frames(make_survey(30, 40))
    result = analyse(new)  # type: ignore[arg-type]
    assert result.suppression is None
    assert not any(o.suppressed for q in result.questions for o in q.options or ())
