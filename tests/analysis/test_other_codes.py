"""Coded "other" texts of choice questions: counted next to the option they name, apart from
the respondents' own choices (synthetic rows, figures computed by hand below)."""

from __future__ import annotations

from pathlib import Path

import pytest

from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv, read_wave_slow
from umfrage.analysis.render import to_json, to_table
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml

QUESTIONNAIRE = """\
wave: "2024"
title: Test (synthetisch)
sections:
  - id: A
    title: Teil A
    questions:
      - id: traeger
        type: single
        text: Wer trägt das Bündnis?
        options:
          - {code: verein, label: Verein}
          - {code: kommune, label: Kommune}
          - code: andere
            label: Andere
            other: true
            categories:
              - {code: verein, label: Verein, option: verein}
              - {code: kirche, label: Kirchengemeinde}
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        options:
          - {code: insta, label: Instagram}
          - {code: web, label: Website}
          - code: sonstige
            label: Sonstige
            other: true
            categories:
              - {code: insta, label: Instagram, option: insta}
              - {code: mastodon, label: Mastodon}
"""

HEADER = (
    "organisation,submitted_at,status,traeger,traeger.other,traeger.other.codes,"
    "kanaele.insta,kanaele.web,kanaele.sonstige,kanaele.other,kanaele.other.codes\n"
)
# Ten synthetic respondents.
ROWS = [
    # traeger: 3 verein, 2 kommune, 4 andere (2 coded verein, 1 kirche, 1 not coded), 1 none
    "A1,2024-05-10T10:00:00+02:00,complete,verein,,,1,0,0,,",
    "A2,2024-05-10T10:00:00+02:00,complete,verein,,,1,1,0,,",
    "A3,2024-05-10T10:00:00+02:00,complete,verein,,,0,1,0,,",
    "A4,2024-05-10T10:00:00+02:00,complete,kommune,,,0,0,1,Insta-Account,insta",
    "A5,2024-05-10T10:00:00+02:00,complete,kommune,,,1,0,1,Instagram und Mastodon,insta;mastodon",
    "A6,2024-05-10T10:00:00+02:00,complete,andere,e.V.,verein,0,0,1,Mastodon,mastodon",
    "A7,2024-05-10T10:00:00+02:00,complete,andere,Förderverein,verein,0,1,1,Reels,insta",
    "A8,2024-05-10T10:00:00+02:00,complete,andere,Pfarrei,kirche,0,1,0,,",
    "A9,2024-05-10T10:00:00+02:00,complete,andere,weiß nicht,,,,,,",
    "A10,2024-05-10T10:00:00+02:00,complete,,,,,,,,",
]


@pytest.fixture
def csv_path(tmp_path: Path) -> Path:
    path = tmp_path / "responses.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def questionnaire() -> object:
    data, source = parse_yaml(QUESTIONNAIRE, "questionnaire.yaml")
    return parse_questionnaire(data, source)


def test_other_texts_coded_into_an_option_are_counted_apart(csv_path: Path) -> None:
    result = analyse(read_wave_csv(csv_path, questionnaire()))  # type: ignore[arg-type]
    traeger = result.question("traeger")
    # Base: 9 answered. Verein ticked by A1-A3 = 3 (share 3/9); its own count stays 3.
    verein = next(o for o in traeger.options if o.code == "verein")
    assert (verein.count, verein.share) == (3, pytest.approx(3 / 9))
    # Coded from "Andere" into Verein: A6 and A7 = 2 (share 2/9 of the same base).
    (added,) = traeger.from_other
    assert (added.code, added.category, added.count) == ("verein", "verein", 2)
    assert added.share == pytest.approx(2 / 9)
    # "Andere" itself keeps its 4 respondents: the coding does not move anyone out of it.
    assert next(o for o in traeger.options if o.code == "andere").count == 4
    kanaele = result.question("kanaele")
    # Base: 8 with a tick (A1-A8). Instagram ticked by A1, A2, A5 = 3.
    insta = next(o for o in kanaele.options if o.code == "insta")
    assert (insta.count, insta.share) == (3, pytest.approx(3 / 8))
    # "Sonstige" coded insta: A4, A5, A7; A5 ticked Instagram already, so 2 are added.
    (added_insta,) = kanaele.from_other
    assert (added_insta.count, added_insta.share) == (2, pytest.approx(2 / 8))


def test_both_readers_read_the_other_codes_alike(csv_path: Path) -> None:
    q = questionnaire()
    fast = read_wave_csv(csv_path, q)  # type: ignore[arg-type]
    slow = read_wave_slow(csv_path, q)  # type: ignore[arg-type]
    assert fast.data["kanaele.other.codes"].equals(slow.data["kanaele.other.codes"])
    assert analyse(fast).question("kanaele").from_other == (
        analyse(slow).question("kanaele").from_other
    )


def test_json_and_table_show_it_and_the_public_results_leave_it_out(csv_path: Path) -> None:
    frame = read_wave_csv(csv_path, questionnaire())  # type: ignore[arg-type]
    questions = {q["id"]: q for q in to_json(analyse(frame))["questions"]}
    assert questions["traeger"]["from_other"] == [
        {
            "code": "verein",
            "label": "Verein",
            "category": "verein",
            "count": 2,
            "share": pytest.approx(2 / 9),
        }
    ]
    table = to_table(analyse(frame))
    assert "Verein: zusätzlich aus „Sonstiges“ nachcodiert 2 (22,2\xa0%" in table
    public = analyse(frame, publish=True, min_cell=2)
    assert public.question("traeger").from_other is None
    assert "from_other" not in {
        key for q in to_json(public)["questions"] for key in q if q["id"] == "traeger"
    }
    assert "nachcodiert" not in to_table(public)


def test_the_report_table_adds_a_row_after_the_option_and_says_how_it_counts(
    csv_path: Path,
) -> None:
    from umfrage.reporting.tables import option_table

    frame = read_wave_csv(csv_path, questionnaire())  # type: ignore[arg-type]
    (table,) = option_table(analyse(frame).question("traeger"), "2024")  # type: ignore[arg-type]
    shown = table.shown()
    labels = [row[0] for row in shown]
    at = labels.index("Verein: zusätzlich aus „Sonstiges“ nachcodiert")
    assert labels[at - 1] == "Verein" and shown[at][1] == "2" and shown[at][2] == "22,2\xa0%"
    assert table.note is not None and "nicht enthalten" in table.note
    (public,) = option_table(
        analyse(frame, publish=True, min_cell=2).question("traeger"),  # type: ignore[arg-type]
        "2024",
    )
    assert not any("nachcodiert" in row[0] for row in public.shown()) and public.note is None
