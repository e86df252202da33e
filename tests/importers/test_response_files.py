"""Response files of other tools → checked records: LimeSurvey, SPSS, Stata, Excel, CSV."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from umfrage.importers import plan_responses, plan_structure
from umfrage.importers.limesurvey import Conversion
from umfrage.importers.mapping import Mapping, load_mapping
from umfrage.importers.plan import ImportPlan
from umfrage.importers.spss import write_responses
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.spec import Questionnaire

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")
ORGS = {"lb-001", "lb-002", "lb-003"}


def records_of(plan: ImportPlan) -> list[tuple[str | None, str, dict]]:
    return [(r.organisation, r.status, r.answers) for r in plan.records]


# LimeSurvey ---------------------------------------------------------------------------------

LS_EXPORT = (
    "id,submitdate,lastpage,startlanguage,seed,token,Bundesland,Gruendung,Koordination,"
    "Koordination[other],Partner[SQ001],Partner[SQ002],Partner[SQ003],Partner[other],"
    "Rangfolge[1],Rangfolge[2],Bewertung[SQ001],Dual[SQ001][1],Dual[SQ001][2],Personen[SQ001],"
    "Rechtsform,Rechtsform[comment],Aktivitaeten[SQ001],Aktivitaeten[SQ001comment],interviewtime\n"
    "1,2019-05-13 10:00:00,3,de,1,tok1,BW,2001,A1,,Y,,,,SQ001,,A2,A1,B2,3,A1,gut,Y,toll,120\n"
    '2,,1,de,2,,BY,1999,-oth-,"Stiftung, gGmbH",,Y,,Andere,SQ002,,,,,,,,,,50\n'
)


@pytest.fixture
def converted() -> Conversion:
    return plan_structure(FIXTURES / "ls6_all_types.lss", survey="b", wave="2019")


def test_a_limesurvey_code_export_becomes_responses(tmp_path: Path, converted: Conversion) -> None:
    export = tmp_path / "results.csv"
    export.write_text(LS_EXPORT, encoding="utf-8")
    plan = plan_responses(
        export,
        converted.questionnaire,
        mapping=Mapping(tokens={"tok1": "lb-001"}),
        organisations=ORGS,
    )
    first, second = plan.records
    assert first.organisation == "lb-001"
    assert first.status == "complete"
    assert first.submitted_at == datetime(2019, 5, 13, 10, 0, tzinfo=BERLIN)
    assert first.answers == {
        "bundesland": "BW",
        "gruendung": 2001,
        "koordination": "A1",
        "partner": ["SQ001"],
        "rangfolge": {"SQ001": 1},
        "bewertung": {"SQ001": "A2"},
        "dual_1": {"SQ001": "A1"},
        "dual_2": {"SQ001": "B2"},
        "personen_sq001": 3,
        "rechtsform": "A1",
        "rechtsform_comment": "gut",
        "aktivitaeten": ["SQ001"],
    }
    assert second.organisation is None
    assert second.status == "partial"
    assert second.answers["koordination"] == "sonstiges"
    assert second.answers["koordination.other"] == "Stiftung, gGmbH"
    assert second.answers["partner"] == ["SQ002", "sonstiges"]
    assert second.answers["partner.other"] == "Andere"
    dropped = {d.source: d.reason for d in plan.dropped}
    assert dropped["id"] == "Antwort-Nummer von LimeSurvey"
    assert dropped["lastpage"] == "LimeSurvey-Metadaten"
    assert "Kommentar" in dropped["Aktivitaeten[SQ001comment]"]
    assert dropped["interviewtime"] == "Bearbeitungszeit"
    assert any(m.source == "Rangfolge[1]" and "Rang 1" in m.target for m in plan.mapped)


def test_limesurvey_responses_map_by_code_without_the_structure(
    tmp_path: Path, converted: Conversion
) -> None:
    export = tmp_path / "results.csv"
    export.write_text(LS_EXPORT.replace(",tok1,", ",,"), encoding="utf-8")
    with_structure = plan_responses(
        export, converted.questionnaire, mapping=Mapping(), organisations=ORGS, conversion=converted
    )
    by_rule = plan_responses(export, converted.questionnaire, mapping=Mapping(), organisations=ORGS)
    assert records_of(by_rule) == records_of(with_structure)


def test_a_question_whose_code_ends_in_time_is_not_taken_for_a_timing_column(
    tmp_path: Path,
) -> None:
    from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml

    questionnaire = parse_questionnaire(
        *parse_yaml(
            "wave: '2019'\ntitle: T\nsections:\n  - id: A\n    title: A\n    questions:\n"
            "      - {id: freetime, type: number, text: Freizeit in Stunden}\n",
            "q.yaml",
        )
    )
    export = tmp_path / "results.csv"
    export.write_text(
        "id,submitdate,Freetime,FreetimeTime,groupTime12\n1,2019-01-01 10:00:00,7,12.5,30\n",
        encoding="utf-8",
    )
    plan = plan_responses(export, questionnaire, mapping=Mapping(), organisations=ORGS)
    assert plan.records[0].answers == {"freetime": 7}
    assert {d.source: d.reason for d in plan.dropped} == {
        "id": "Antwort-Nummer von LimeSurvey",
        "FreetimeTime": "Bearbeitungszeit (LimeSurvey)",
        "groupTime12": "Bearbeitungszeit (LimeSurvey)",
    }


def test_an_unknown_token_is_an_error_naming_line_and_column(
    tmp_path: Path, converted: Conversion
) -> None:
    export = tmp_path / "results.csv"
    export.write_text(LS_EXPORT, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        plan_responses(
            export,
            converted.questionnaire,
            mapping=Mapping(tokens={"other": "lb-002"}),
            organisations=ORGS,
        )
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(export), 2)
    assert "Spalte F („token“)" in problem.message and "tok1" in problem.message


def test_a_rank_that_names_no_option_is_an_error(tmp_path: Path, converted: Conversion) -> None:
    export = tmp_path / "results.csv"
    export.write_text(LS_EXPORT.replace("SQ001,,A2", "SQ777,,A2"), encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        plan_responses(export, converted.questionnaire, mapping=Mapping(), organisations=ORGS)
    assert "„SQ777“ ist keine Antwort dieser Rangfrage" in str(caught.value)
    assert caught.value.problems[0].line == 2


def test_a_limesurvey_vv_file_is_read_with_its_escapes(
    tmp_path: Path, converted: Conversion
) -> None:
    vv = tmp_path / "vv.txt"
    vv.write_text(
        "Antwort ID\tDatum\tLetzte Seite\tBundesland\tKommentar\n"
        "id\tsubmitdate\tlastpage\tBundesland\tKommentar\n"
        "7\t2019-06-01 08:00:00\t3\tBE\t{quote}Familie{quote}{newline}Beruf\n"
        "8\t{question_not_shown}\t1\tBW\t{question_not_shown}\n",
        encoding="utf-8",
    )
    plan = plan_responses(vv, converted.questionnaire, mapping=Mapping(), organisations=ORGS)
    assert plan.kind.endswith("(VV-Datei)")
    assert [(r.status, r.answers) for r in plan.records] == [
        ("complete", {"bundesland": "BE", "kommentar": '"Familie"\nBeruf'}),
        ("partial", {"bundesland": "BW"}),
    ]
    assert [r.submitted_at is not None for r in plan.records] == [True, False]


def test_a_limesurvey_spss_export_uses_the_limesurvey_names(
    tmp_path: Path, converted: Conversion
) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(
        {
            "id": [1.0],
            "submitdate": [pd.Timestamp("2019-05-13 10:00:00")],
            "Bundesland": ["BY"],
            "Partner_SQ002": [1.0],
            "Rangfolge_1": ["SQ002"],
            "Personen_SQ002": [4.0],
        }
    )
    path = tmp_path / "limesurvey.sav"
    pyreadstat.write_sav(frame, str(path))
    plan = plan_responses(path, converted.questionnaire, mapping=Mapping(), organisations=ORGS)
    assert plan.kind.startswith("LimeSurvey-Antwortexport (SPSS")
    [record] = plan.records
    assert record.submitted_at == datetime(2019, 5, 13, 10, 0, tzinfo=BERLIN)
    assert record.answers == {
        "bundesland": "BY",
        "partner": ["SQ002"],
        "rangfolge": {"SQ002": 1},
        "personen_sq002": 4,
    }


# SPSS and Stata ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_an_export_read_back_gives_identical_responses(
    tmp_path: Path, questionnaire: Questionnaire, suffix: str, sample_records: list
) -> None:
    records = sample_records
    path = tmp_path / f"export{suffix}"
    write_responses(path, questionnaire, records)
    plan = plan_responses(path, questionnaire, mapping=Mapping(), organisations=ORGS)
    assert plan.records == records
    assert plan.dropped == []


LONG_NAMES = """\
wave: "2024"
title: Lange Namen
sections:
  - id: A
    title: Unterstützung
    questions:
      - id: unterstuetzungsbedarf_im_bereich
        type: multi
        text: Wobei brauchen Sie Unterstützung?
        options:
          - {code: oeffentlichkeitsarbeit_vor_ort, label: Öffentlichkeitsarbeit vor Ort}
          - {code: oeffentlichkeitsarbeit_im_netz, label: Öffentlichkeitsarbeit im Netz}
          - {code: oeffentlichkeitsarbeit_mit_der_presse, label: Presse}
""" + "".join(
    # Enough labelled variables for pyreadstat's label-set numbers to reach two digits.
    f"          - {{code: weitere_unterstuetzung_nummer_{n:02d}, label: Weitere {n}}}\n"
    for n in range(12)
)


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_names_longer_than_the_format_allows_are_shortened_and_read_back(
    tmp_path: Path, suffix: str
) -> None:
    from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
    from umfrage.surveyfolder.responses import ResponseRecord

    questionnaire = parse_questionnaire(*parse_yaml(LONG_NAMES, "lang.yaml"))
    qid = "unterstuetzungsbedarf_im_bereich"
    records = [
        ResponseRecord(
            "lb-001",
            datetime(2024, 5, 1, 10, 0, tzinfo=BERLIN),
            "complete",
            {
                qid: [
                    "oeffentlichkeitsarbeit_vor_ort",
                    "oeffentlichkeitsarbeit_mit_der_presse",
                ]
            },
        ),
        ResponseRecord("lb-002", None, "partial", {qid: ["oeffentlichkeitsarbeit_im_netz"]}),
    ]
    path = tmp_path / f"lang{suffix}"
    write_responses(path, questionnaire, records)
    plan = plan_responses(path, questionnaire, mapping=Mapping(), organisations=ORGS)
    assert plan.records == records
    assert plan.dropped == []


def test_the_sav_file_carries_variable_and_value_labels(
    tmp_path: Path, questionnaire: Questionnaire, sample_records: list
) -> None:
    import pyreadstat

    path = tmp_path / "export.sav"
    write_responses(path, questionnaire, sample_records)
    _, meta = pyreadstat.read_sav(str(path))
    labels = meta.column_names_to_labels
    assert labels["social_media"] == "Nutzt Ihr Bündnis soziale Medien?"
    assert meta.variable_value_labels["koordination"] == {
        1.0: "Verein",
        2.0: "Kommune",
        3.0: "Andere",
    }
    assert meta.variable_value_labels["social_media"] == {"ja": "Ja", "nein": "Nein"}
    assert meta.variable_value_labels["partner.kirchen"] == {0.0: "nicht gewählt", 1.0: "gewählt"}


def test_value_labels_become_option_codes_and_unmapped_variables_are_listed(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(
        {
            "lfd": [1.0, 2.0],
            "Datum": ["13.05.2019 10:00", "14.05.2019"],
            "social_media": [1.0, 2.0],
            "f_alt": [5.0, 6.0],
        }
    )
    path = tmp_path / "welle2019.sav"
    pyreadstat.write_sav(
        frame, str(path), variable_value_labels={"social_media": {1: "Ja", 2: "Nein"}}
    )
    mapping_file = tmp_path / "zuordnung.yaml"
    mapping_file.write_text(
        "submitted_at_column: Datum\ncolumns:\n  f_alt: anzahl\n", encoding="utf-8"
    )
    plan = plan_responses(
        path, questionnaire, mapping=load_mapping(mapping_file), organisations=ORGS
    )
    assert [r.answers for r in plan.records] == [
        {"social_media": "ja", "anzahl": 5},
        {"social_media": "nein", "anzahl": 6},
    ]
    assert plan.records[1].submitted_at == datetime(2019, 5, 14, 12, 0, tzinfo=BERLIN)
    assert [(d.source, d.reason) for d in plan.dropped] == [
        ("lfd", "gehört zu keiner Frage dieser Welle")
    ]
    assert any(m.source == "f_alt" and m.note == "laut Zuordnungsdatei" for m in plan.mapped)


def test_a_broken_sav_file_fails_in_plain_words(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "kaputt.sav"
    path.write_bytes(b"$FL2 not really")
    with pytest.raises(ProblemsError) as caught:
        plan_responses(path, questionnaire, mapping=Mapping(), organisations=ORGS)
    assert "keine lesbare SPSS-Datei (.sav)" in str(caught.value)


# Excel and CSV -------------------------------------------------------------------------------


def test_an_excel_file_with_a_mapping_file_imports(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Kennung", "Abgegeben", "Soziale Medien", "F3_a", "F3_b", "Anzahl"])
    sheet.append(["lb-001", datetime(2019, 6, 3, 14, 30), "Ja", "x", None, 7])
    sheet.append(["lb-002", datetime(2019, 6, 4, 9, 0), "N", None, "x", 3.0])
    path = tmp_path / "welle2019.xlsx"
    book.save(path)
    mapping = tmp_path / "zuordnung.yaml"
    mapping.write_text(
        "organisation_column: Kennung\n"
        "submitted_at_column: Abgegeben\n"
        "columns:\n  Soziale Medien: social_media\n  F3_a: partner.unternehmen\n  F3_b: partner.kirchen\n"
        "values:\n  social_media: {N: nein}\n",
        encoding="utf-8",
    )
    plan = plan_responses(path, questionnaire, mapping=load_mapping(mapping), organisations=ORGS)
    assert records_of(plan) == [
        ("lb-001", "complete", {"social_media": "ja", "partner": ["unternehmen"], "anzahl": 7}),
        ("lb-002", "complete", {"social_media": "nein", "partner": ["kirchen"], "anzahl": 3}),
    ]
    assert plan.records[0].submitted_at == datetime(2019, 6, 3, 14, 30, tzinfo=BERLIN)


def test_an_excel_error_names_the_row_and_the_source_column(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["organisation", "submitted_at", "status", "anzahl"])
    sheet.append(["lb-001", "2019-06-03T10:00:00+02:00", "complete", 3])
    sheet.append(["lb-002", "2019-06-03T10:00:00+02:00", "complete", "viele"])
    path = tmp_path / "welle.xlsx"
    book.save(path)
    with pytest.raises(ProblemsError) as caught:
        plan_responses(path, questionnaire, mapping=Mapping(), organisations=ORGS)
    [problem] = caught.value.problems
    assert (problem.line, problem.question) == (3, "anzahl")
    assert (
        "Spalte D („anzahl“)" in problem.message
        and "„viele“ ist keine ganze Zahl" in problem.message
    )


def test_a_file_that_is_not_excel_fails_in_plain_words(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "falsch.xlsx"
    path.write_text("Kennung;Wert\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        plan_responses(path, questionnaire, mapping=Mapping(), organisations=ORGS)
    assert "Die Excel-Datei ist nicht lesbar." in str(caught.value)


def test_a_spreadsheet_csv_with_bom_semicolons_latin1_and_decimal_comma_imports(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    text = (
        "Kennung;Datum;social_media;budget;anmerkungen\r\n"
        "lb-003;13.05.2019 09:41;ja;1.234,50;Grüße aus Köln\r\n"
    )
    path = tmp_path / "alt.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    latin = tmp_path / "alt-latin1.csv"
    latin.write_bytes(text.encode("cp1252"))
    mapping = Mapping(organisation_column="Kennung", submitted_at_column="Datum")
    for file in (path, latin):
        plan = plan_responses(file, questionnaire, mapping=mapping, organisations=ORGS)
        assert records_of(plan) == [
            (
                "lb-003",
                "complete",
                {"social_media": "ja", "budget": 1234.5, "anmerkungen": "Grüße aus Köln"},
            )
        ]


def test_a_file_without_any_time_stamp_asks_for_one_in_the_mapping(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "alt.csv"
    path.write_text("organisation,social_media\nlb-001,ja\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        plan_responses(path, questionnaire, mapping=Mapping(), organisations=ORGS)
    assert "submitted_at_default" in caught.value.problems[0].fix
    plan = plan_responses(
        path,
        questionnaire,
        mapping=Mapping(submitted_at_default=datetime(2019, 6, 30, 12, 0)),
        organisations=ORGS,
    )
    assert plan.records[0].submitted_at == datetime(2019, 6, 30, 12, 0, tzinfo=BERLIN)
    assert plan.records[0].status == "complete"


def test_our_own_responses_csv_is_read_by_the_contract(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(
        "organisation,submitted_at,status,social_media,unbekannt\nlb-001,,partial,ja,x\n",
        encoding="utf-8",
    )
    with pytest.raises(ProblemsError) as caught:
        plan_responses(path, questionnaire, mapping=Mapping(), organisations=ORGS)
    assert "„unbekannt“ gehört zu keiner Frage" in str(caught.value)


def test_a_mapping_to_a_column_that_does_not_exist_is_an_error(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "alt.csv"
    path.write_text("organisation,submitted_at,F1\nlb-001,2019-01-01,ja\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        plan_responses(
            path,
            questionnaire,
            mapping=Mapping(columns={"F1": "soziale_medien"}),
            organisations=ORGS,
        )
    assert "der Spalte „soziale_medien“ zu, die es in dieser Welle nicht gibt" in str(caught.value)


def test_a_broken_mapping_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "zuordnung.yaml"
    path.write_text("columns:\n  F1: social_media\ntimezone: Mars/Olympus\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_mapping(path)
    [problem] = caught.value.problems
    assert problem.line == 3
    assert "Mars/Olympus" in problem.message


def test_an_unknown_key_in_the_mapping_file_lists_the_allowed_ones(tmp_path: Path) -> None:
    path = tmp_path / "zuordnung.yaml"
    path.write_text("columns: {}\ncolumn:\n  F1: social_media\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_mapping(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.message) == (
        2,
        "Die Angabe „column“ ist in einer Zuordnungsdatei unbekannt.",
    )
    assert "columns, values, organisation_column" in problem.fix


def test_a_file_whose_columns_match_no_question_is_refused(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "volltext.csv"
    path.write_text(
        "Antwort ID,Datum Abgeschickt,Nutzt Ihr Bündnis soziale Medien?\n1,2019-05-13,Ja\n",
        encoding="utf-8",
    )
    with pytest.raises(ProblemsError) as caught:
        plan_responses(
            path,
            questionnaire,
            mapping=Mapping(submitted_at_column="Datum Abgeschickt"),
            organisations=ORGS,
        )
    [problem] = caught.value.problems
    assert "Keine Spalte der Datei gehört zu einer Frage dieser Welle" in problem.message
    assert "Fragecodes" in problem.fix
