"""Properties that must hold for any data (hypothesis)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import build_frame
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.spec import Questionnaire

CODES = ["a", "b", "c", "d"]


def questionnaire(
    wave: str, codes: list[str], compare: dict[str, Any] | None = None
) -> Questionnaire:
    question: dict[str, Any] = {
        "id": "q",
        "type": "single",
        "text": "Frage",
        "options": [{"code": c, "label": c.upper()} for c in codes],
    }
    if compare is not None:
        question["compare"] = [compare]
    return Questionnaire.model_validate(
        {
            "wave": wave,
            "title": f"Welle {wave}",
            "sections": [
                {
                    "id": "A",
                    "title": "A",
                    "questions": [
                        {
                            "id": "by",
                            "type": "single",
                            "text": "Gruppe",
                            "options": [{"code": "x", "label": "X"}, {"code": "y", "label": "Y"}],
                        },
                        question,
                        {
                            "id": "m",
                            "type": "multi",
                            "text": "Mehrfach",
                            "options": [{"code": c, "label": c} for c in CODES],
                        },
                    ],
                }
            ],
        }
    )


def frame(
    q: Questionnaire,
    answers: list[str],
    groups: list[str] | None = None,
    multi: list[list[str]] | None = None,
) -> Any:
    n = len(answers)
    cells = {
        "organisation": pa.array([f"o{i}" for i in range(n)]),
        "status": pa.array(["complete"] * n),
        "submitted_at": pa.array(["2024-01-01T00:00:00"] * n),
        "q": pa.array(answers, pa.string()),
        "by": pa.array(groups or ["x"] * n, pa.string()),
    }
    for j, code in enumerate(CODES):
        column = [("" if row is None else str(row[j])) for row in (multi or [None] * n)]
        cells[f"m.{code}"] = pa.array(column, pa.string())
    built, flagged = build_frame(q, cells, n)
    assert not flagged.any()
    return built


answers_of = st.lists(st.sampled_from([*CODES, ""]), min_size=1, max_size=80)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(answers_of)
def test_single_shares_sum_to_one_and_intervals_hold_their_share(answers: list[str]) -> None:
    result = analyse(frame(questionnaire("2024", CODES), answers)).question("q")
    assert result.options is not None
    if result.base == 0:
        assert all(o.share is None for o in result.options)
        return
    assert sum(o.share or 0 for o in result.options) == pytest.approx(1.0)
    for option in result.options:
        assert option.ci is not None and option.share is not None
        assert 0.0 <= option.ci[0] <= option.share + 1e-12
        assert option.share - 1e-12 <= option.ci[1] <= 1.0


@FAST
@given(st.lists(st.lists(st.integers(0, 1), min_size=4, max_size=4), min_size=1, max_size=60))
def test_multi_shares_stay_between_zero_and_one(rows: list[list[int]]) -> None:
    q = questionnaire("2024", CODES)
    result = analyse(frame(q, ["a"] * len(rows), multi=rows)).question("m")
    # A row of only 0 ticks nothing: no answer, outside the base (contracts.md §2).
    assert result.base == sum(1 for r in rows if any(r))
    assert result.no_answer == sum(1 for r in rows if not any(r))
    assert result.options is not None
    for option in result.options:
        if result.base == 0:
            assert option.share is None and option.count == 0
            continue
        assert option.share is not None and 0.0 <= option.share <= 1.0
        assert option.ci is not None and option.ci[0] <= option.share <= option.ci[1]


@FAST
@given(answers_of, st.lists(st.sampled_from(["a", "c", ""]), min_size=1, max_size=80))
def test_recoded_comparison_equals_comparison_on_recoded_data(
    later: list[str], earlier: list[str]
) -> None:
    recode = {"d": "c", "b": None}
    old = frame(questionnaire("2023", ["a", "c"]), earlier)
    declared = analyse(
        frame(questionnaire("2024", CODES, {"wave": "2023", "recode": recode}), later),
        compare=old,
    ).question("q")
    mapped = ["" if v == "b" else ("c" if v == "d" else v) for v in later]
    plain = analyse(frame(questionnaire("2024", ["a", "c"]), mapped), compare=old).question("q")
    assert declared.comparison is not None and plain.comparison is not None
    assert declared.comparison.current_base == plain.comparison.current_base
    for left, right in zip(declared.comparison.options, plain.comparison.options, strict=True):
        assert (left.code, left.count, left.current_count, left.test) == (
            right.code,
            right.count,
            right.current_count,
            right.test,
        )
        assert left.p_value == pytest.approx(right.p_value)
        assert left.diff == pytest.approx(right.diff)


def _assert_safe(counts: list[int | None], base: int, k: int, exclusive: bool) -> None:
    visible = [c for c in counts if c is not None]
    for c in visible:
        assert c == 0 or c >= k
        assert base - c == 0 or base - c >= k
    hidden = len(counts) - len(visible)
    if exclusive:
        # One hidden cell could be recovered as base minus the others.
        assert hidden != 1


@FAST
@given(
    answers_of, st.lists(st.sampled_from(["x", "y"]), min_size=80, max_size=80), st.integers(2, 6)
)
# Found by hypothesis: everyone chose "a", so each group's "a" cell is its published base; hiding
# it (everyone in the group chose it) left one hidden cell that the column gave back.
@example(["a"] * 5, ["x", "x", "x", "y", "y"] + ["x"] * 75, 2)
def test_suppressed_cells_never_leak_through_totals(
    answers: list[str], groups: list[str], k: int
) -> None:
    built = frame(questionnaire("2024", CODES), answers, groups[: len(answers)])
    try:
        result = analyse(built, by="by", publish=True, min_cell=k)
    except ProblemsError as exc:
        # Publishing refuses only when nothing would remain (issue 18): no question has k answers.
        assert "nichts veröffentlicht" in str(exc.problems[0].message)
        plain = analyse(built, by="by")
        assert len(answers) < k or all(q.base < k for q in plain.questions)
        return
    plain_q = analyse(built, by="by").question("q")
    if 0 < plain_q.base < k:
        # A question answered by fewer than k is not published at all (its base would bound
        # every cell below k).
        assert "q" not in {q.id for q in result.questions}
        return
    question = result.question("q")
    assert question.options is not None
    if question.base >= k:
        _assert_safe([o.count for o in question.options], question.base, k, exclusive=True)
    table = question.crosstab
    assert table is not None
    if table.rounded is not None:
        # Rounded where suppression would blank the table (issue 18): every published count (and
        # every rounded column base) is a multiple of k, no test is given. That no cell can be
        # narrowed down below k values is the attacker's to show (tests/disclosure).
        assert table.rounded == k
        assert table.p_value is None and all(row.p_value is None for row in table.rows)
        assert all(c is None or c % k == 0 for row in table.rows for c in row.counts)
        rounded = set(table.rounded_columns or ())
        for column in table.columns:
            assert column.code not in rounded or column.base is None or column.base % k == 0
        return
    for j, column in enumerate(table.columns):
        cells = [row.counts[j] for row in table.rows]
        if column.base and column.base >= k:
            _assert_safe(cells, column.base, k, exclusive=True)
        else:
            assert all(c is None for c in cells) or not column.base
    for row, option in zip(table.rows, question.options, strict=True):
        hidden = sum(c is None for c in row.counts)
        # The row adds up to the option's published count: never exactly one hidden cell.
        assert hidden != 1 or option.count is None
