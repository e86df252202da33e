"""Malformed CSV and XML: never a traceback, never a partial import (property-based)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from umfrage.importers import plan_responses
from umfrage.importers.database import apply_plan
from umfrage.importers.limesurvey import convert_lss, read_responses
from umfrage.importers.mapping import Mapping
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.store.models import Response, Survey

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LSS = (FIXTURES / "ls6_all_types.lss").read_bytes()
ORGS = {"lb-001", "lb-002", "lb-003"}
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_names_file(problems: list[Problem], name: str) -> None:
    assert problems
    for problem in problems:
        assert problem.file.endswith(name)
        assert problem.message and problem.fix


@st.composite
def mangled_xml(draw: st.DrawFn) -> bytes:
    """The real fixture cut, spliced, with bytes replaced or markup inserted."""
    data = LSS
    operation = draw(st.sampled_from(["cut", "splice", "replace", "insert"]))
    at = draw(st.integers(0, len(data) - 1))
    if operation == "cut":
        return data[:at]
    if operation == "splice":
        end = draw(st.integers(at, min(len(data), at + 4000)))
        return data[:at] + data[end:]
    if operation == "replace":
        junk = draw(st.binary(min_size=1, max_size=40))
        return data[:at] + junk + data[at + len(junk) :]
    markup = draw(
        st.sampled_from(
            [
                b"<row>",
                b"</rows>",
                b"<qid>x</qid>",
                b"<!DOCTYPE d [<!ENTITY e 'x'>]>",
                b"&e;",
                b"<type>?</type>",
                b"<parent_qid>7</parent_qid>",
                b"\x00",
            ]
        )
    )
    return data[:at] + markup + data[at:]


@SETTINGS
@given(mangled_xml())
def test_a_mangled_structure_file_converts_or_fails_with_a_problem(data: bytes) -> None:
    try:
        conversion = convert_lss(data, "kaputt.lss")
    except ProblemsError as exc:
        assert_names_file(exc.problems, "kaputt.lss")
    else:
        assert conversion.questionnaire.questions()


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_as_structure_fail_with_a_problem(data: bytes) -> None:
    with pytest.raises(ProblemsError) as caught:
        convert_lss(data, "zufall.lss")
    assert_names_file(caught.value.problems, "zufall.lss")


CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "ja",
            "nein",
            "1",
            "2",
            "3",
            "9",
            "x",
            "1,5",
            "12",
            "-1",
            "lb-001",
            "lb-009",
            "complete",
            "partial",
            "2024-05-01T10:00:00+02:00",
            "31.02.2024",
            '"',
            "\n",
            "é",
        ]
    ),
    st.text(max_size=8),
)
COLUMNS = [
    "organisation",
    "submitted_at",
    "status",
    "social_media",
    "koordination",
    "koordination.other",
    "partner.unternehmen",
    "partner.keine",
    "wichtig.zeit",
    "bewertung.kommune",
    "anzahl",
    "budget",
    "anmerkungen",
    "fremd",
]


@st.composite
def spreadsheet_csv(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=9), max_size=6))
    separator = draw(st.sampled_from([",", ";", "\t"]))
    lines = [separator.join(header)]
    for row in rows:
        lines.append(separator.join(row))
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=6)) + data[at:]
    return data


@pytest.mark.django_db
@SETTINGS
@given(data=spreadsheet_csv(), limesurvey=st.booleans())
def test_a_malformed_csv_imports_whole_or_not_at_all(
    stored_survey: Survey, questionnaire: Questionnaire, data: bytes, limesurvey: bool
) -> None:
    if limesurvey:
        data = b"id,submitdate," + data
    before = Response.objects.count()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "antworten.csv"
        path.write_bytes(data)
        try:
            plan = plan_responses(
                path,
                questionnaire,
                mapping=Mapping(),
                organisations=ORGS,
                survey="buendnis",
                wave="2024",
            )
        except ProblemsError as exc:
            event("abgelehnt")
            assert_names_file(exc.problems, "antworten.csv")
            assert Response.objects.count() == before
            return
    event("importiert")
    assert plan.records is not None
    changes = apply_plan(plan)
    assert Response.objects.count() == before + len(changes.new)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_as_a_limesurvey_export_fail_with_a_problem_or_read(data: bytes) -> None:
    try:
        source = read_responses(b"id,submitdate\n" + data, "export.csv")
    except ProblemsError as exc:
        assert_names_file(exc.problems, "export.csv")
    else:
        assert source.columns[:2] == ["id", "submitdate"]


RELEVANCE_PARTS = st.sampled_from(
    [
        "Q1",
        "N1",
        "M1_SQ1",
        "A1_SQ1",
        "Late",
        "Nope",
        ".NAOK",
        ".shown",
        "==",
        "!=",
        ">",
        "<=",
        "and",
        "or",
        "!",
        "not",
        "(",
        ")",
        "{",
        "}",
        '"A1"',
        "'A2'",
        '"Ä\\x"',
        "3",
        "-2.5",
        "is_empty(",
        "sum(",
        ",",
        "+",
        "&&",
        "||",
        " ",
        "1",
        "0",
        '""',
        "-oth-",
    ]
)


@SETTINGS
@given(st.lists(RELEVANCE_PARTS, max_size=12).map("".join) | st.text(max_size=30))
def test_any_relevance_equation_translates_or_names_a_reason(expression: str) -> None:
    from umfrage.importers.limesurvey import Reference, Untranslatable, translate_relevance
    from umfrage.questionnaire.base import Condition

    references = {
        "Q1": Reference("question", "q1"),
        "N1": Reference("question", "n1"),
        "M1_SQ1": Reference("option", "m1", "SQ1"),
        "A1_SQ1": Reference("item", "a1", "SQ1"),
        "Late": Reference("question", "late"),
    }
    questions = {
        "q1": {"type": "single", "options": [{"code": "A1"}, {"code": "A2"}]},
        "n1": {"type": "number"},
        "m1": {"type": "multi", "options": [{"code": "SQ1"}]},
        "a1": {"type": "matrix"},
        "late": {"type": "text"},
    }
    try:
        condition = translate_relevance(expression, references, questions, {"q1", "n1", "m1", "a1"})
    except Untranslatable as exc:
        assert str(exc)
    else:
        if condition is not None:
            Condition.model_validate(condition)
