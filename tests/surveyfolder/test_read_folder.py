"""Reading a whole survey folder: everything checked, every problem named with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.minisurvey import Q2024, R2024, make_minisurvey
from umfrage.questionnaire.problems import ProblemsError
from umfrage.surveyfolder.survey import read_survey_folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        read_survey_folder(folder)
    return [str(p).replace(str(folder.parent) + "/", "") for p in caught.value.problems]


def test_it_reads_a_valid_folder_with_typed_answers(tmp_path: Path) -> None:
    survey = read_survey_folder(make_minisurvey(tmp_path))
    assert survey.config.wave_ids() == ["2023", "2024"]
    assert survey.register is not None and len(survey.register.organisations) == 4
    first = survey.waves["2024"].responses[0]  # type: ignore[index]
    assert first.organisation == "B-1"
    assert first.answers == {
        "bundesland": "BE",
        "social_media": "ja",
        "kanaele": ["insta", "sonstige"],
        "kanaele.other": "Threads, Bluesky",
        "partner": 12,
    }
    assert survey.waves["2023"].responses[2].organisation is None  # type: ignore[index]


def test_a_code_without_counterpart_in_the_earlier_wave_needs_a_recode(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path, {"waves/2024/questionnaire.yaml": ""})
    (folder / "waves/2024/questionnaire.yaml").write_text(
        Q2024.replace(
            '          - {wave: "2023", recode: {planung: nein}, note: 2023 gab es „In Planung“ nicht.}\n',
            "",
        ).replace("        compare:\n", ""),
        encoding="utf-8",
    )
    assert problems(folder) == [
        "mini/waves/2024/questionnaire.yaml:11: Frage „social_media“: Den Code „planung“ gibt es in "
        'Welle „2023“ nicht (dort: ja, nein). → Ergänzen Sie compare: - wave: "2023" mit '
        "recode: {planung: <code von 2023>}, oder null für „kein Gegenstück“."
    ]


def test_a_recode_onto_an_unknown_earlier_code_is_reported(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    (folder / "waves/2024/questionnaire.yaml").write_text(
        Q2024.replace("recode: {planung: nein}", "recode: {planung: nö}"), encoding="utf-8"
    )
    assert problems(folder) == [
        "mini/waves/2024/questionnaire.yaml:16: Frage „social_media“: Den Code „nö“ gibt es in "
        'Welle „2023“ nicht (dort: ja, nein). → Ergänzen Sie compare: - wave: "2023" mit '
        "recode: {planung: <code von 2023>}, oder null für „kein Gegenstück“."
    ]


def test_a_changed_question_text_is_a_hint_not_a_problem(tmp_path: Path) -> None:
    # Wording may be corrected without a hand-written note: every comparison then says so itself.
    folder = make_minisurvey(tmp_path)
    (folder / "waves/2024/questionnaire.yaml").write_text(
        Q2024.replace("text: Bundesland?", "text: In welchem Land?"), encoding="utf-8"
    )
    survey = read_survey_folder(folder)
    assert [str(p).replace(str(folder.parent) + "/", "") for p in survey.warnings] == [
        "mini/waves/2024/questionnaire.yaml:7: Frage „bundesland“: Der Fragetext weicht von Welle "
        "„2023“ ab. Jeder Vergleich mit 2023 trägt deshalb den Hinweis „Fragetext 2024 gegenüber "
        "2023 geändert (2023: „Bundesland?“).“ → Eine eigene note unter compare: - wave: "
        '"2023" ersetzt diesen Hinweis; comparable: false, wenn die Frage nicht mehr '
        "vergleichbar ist."
    ]


def test_a_note_or_the_same_text_gives_no_wording_hint(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    (folder / "waves/2024/questionnaire.yaml").write_text(
        Q2024.replace(
            "text: Eigener Social-Media-Kanal?", "text: Hat Ihr Bündnis einen Social-Media-Kanal?"
        ).replace("text: Bundesland?", "text: |\n          Bundesland?"),
        encoding="utf-8",
    )
    # social_media has its own note; bundesland only changed its layout (a block scalar).
    assert read_survey_folder(folder).warnings == []


def test_a_comparison_with_an_unknown_wave_is_reported(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    (folder / "waves/2024/questionnaire.yaml").write_text(
        Q2024.replace('wave: "2023", recode', 'wave: "2021", recode'), encoding="utf-8"
    )
    assert (
        "mini/waves/2024/questionnaire.yaml:16: Frage „social_media“: Die Welle „2021“ steht nicht in "
        "survey.yaml. → Tragen Sie die Welle ein oder verwenden Sie eine von: 2023."
    ) in problems(folder)


def test_a_questionnaire_in_the_wrong_wave_folder_is_reported(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    (folder / "waves/2024/questionnaire.yaml").write_text(
        Q2024.replace('wave: "2024"', 'wave: "2025"'), encoding="utf-8"
    )
    assert problems(folder)[0] == (
        "mini/waves/2024/questionnaire.yaml:1: Der Fragebogen gehört zu Welle „2025“, liegt aber im "
        'Ordner der Welle „2024“. → Schreiben Sie „wave: "2024"“ oder verschieben Sie die Datei.'
    )


def test_margins_that_do_not_add_up_are_reported(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    text = (folder / "survey.yaml").read_text(encoding="utf-8").replace("HH: 2}", "HH: 3}")
    (folder / "survey.yaml").write_text(text, encoding="utf-8")
    assert problems(folder) == [
        "mini/survey.yaml:11: Die Randverteilung „bundesland“ summiert sich zu 5, nicht zu total = 4. "
        "→ Korrigieren Sie die Zahlen, sodass jede Randverteilung die Gesamtzahl ergibt."
    ]


def test_every_bad_cell_is_named_with_line_and_column(tmp_path: Path) -> None:
    broken = R2024.replace(
        "B-1,2024-05-10T10:00:00+02:00,complete,BE,ja,1,1",
        "B-9,2024-05-10T10:00:00+02:00,complete,BE,jein,1,1",
    ).replace(",3\n", ",drei\n")
    folder = make_minisurvey(tmp_path, {"waves/2024/responses.csv": broken})
    assert problems(folder) == [
        "mini/waves/2024/responses.csv:2: Spalte A („organisation“): „B-9“ steht nicht im Register "
        "(organisations.csv). → Tragen Sie die Organisation ins Register ein oder korrigieren Sie die Kennung.",
        "mini/waves/2024/responses.csv:2: Frage „social_media“: Spalte E („social_media“): „jein“ ist kein "
        "Code dieser Frage (erlaubt: ja, planung, nein). → Korrigieren Sie den Wert oder lassen Sie die Zelle leer.",
        "mini/waves/2024/responses.csv:3: Frage „partner“: Spalte I („partner“): „drei“ ist keine ganze Zahl. "
        "→ Korrigieren Sie den Wert oder lassen Sie die Zelle leer.",
    ]


def test_an_answer_to_a_hidden_question_is_reported(tmp_path: Path) -> None:
    broken = R2024.replace(
        "B-2,2024-05-12T09:15:00+02:00,complete,BE,planung,,,,3",
        "B-2,2024-05-12T09:15:00+02:00,complete,BE,planung,1,0,,3",
    )
    folder = make_minisurvey(tmp_path, {"waves/2024/responses.csv": broken})
    assert problems(folder) == [
        "mini/waves/2024/responses.csv:3: Frage „kanaele“: Spalte F („kanaele.insta“): Die Frage war nach "
        "ihrer Bedingung nicht zu sehen, hat aber eine Antwort. → Löschen Sie die Antwort oder prüfen Sie "
        "die Antwort, von der die Bedingung abhängt."
    ]


def test_two_responses_of_one_organisation_in_a_wave_are_reported(tmp_path: Path) -> None:
    doubled = R2024 + "B-1,2024-05-20T10:00:00+02:00,complete,BE,nein,,,,1\n"
    folder = make_minisurvey(tmp_path, {"waves/2024/responses.csv": doubled})
    assert problems(folder) == [
        "mini/waves/2024/responses.csv:5: Die Organisation „B-1“ hat schon in Zeile 2 geantwortet. → Je "
        "Organisation und Welle ist nur eine Antwort möglich; löschen Sie eine der Zeilen."
    ]


def test_unknown_columns_are_errors_and_missing_columns_warnings(tmp_path: Path) -> None:
    folder = make_minisurvey(
        tmp_path,
        {"waves/2023/responses.csv": "organisation,submitted_at,status,bundesland,socialmedia\n"},
    )
    assert problems(folder) == [
        "mini/waves/2023/responses.csv:1: Die Spalte „socialmedia“ gehört zu keiner Frage dieser Welle. → "
        "Prüfen Sie die Schreibweise oder entfernen Sie die Spalte."
    ]
    folder = make_minisurvey(
        tmp_path / "b",
        {
            "waves/2023/responses.csv": "organisation,submitted_at,status,bundesland\nB-1,,partial,BE\n"
        },
    )
    survey = read_survey_folder(folder)
    assert [p.message for p in survey.warnings] == [
        "1 Fragenspalten fehlen (social_media); diese Fragen gelten als unbeantwortet."
    ]


def test_an_overlong_other_text_in_responses_csv_is_refused_with_line_and_column(
    tmp_path: Path,
) -> None:
    long_text = "x" * 501  # other_max_length defaults to 500
    broken = R2024.replace('"Threads, Bluesky"', long_text)
    folder = make_minisurvey(tmp_path, {"waves/2024/responses.csv": broken})
    assert problems(folder) == [
        "mini/waves/2024/responses.csv:2: Frage „kanaele“: Spalte H („kanaele.other“): Der Text ist "
        "501 Zeichen lang, erlaubt sind höchstens 500 (other_max_length der Frage). → Korrigieren "
        "Sie den Wert oder lassen Sie die Zelle leer."
    ]
