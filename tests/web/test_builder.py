"""The questionnaire builder (/verwaltung/…/fragebogen/editor/): forms instead of YAML.

Every property the forms edit, the error paths (form errors and the questionnaire's own checks,
shown at the field and in the summary), and that the YAML file stays the stored format.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from umfrage.governance.models import AuditEntry
from umfrage.store.models import Survey, Wave


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


@pytest.fixture
def draft(mini: Survey) -> Wave:
    """A 2025 draft wave started from the mini survey's 2024 (no answers yet)."""
    return mini.waves.get(key="2024").start_next("2025", title="Mini 2025")


def form_of(client: Client, wave: Wave, qid: str) -> dict[str, str]:
    """The question form as a browser would post it back unchanged."""
    response = client.get(url("web:builder_question", "mini", wave.key, qid))
    assert response.status_code == 200
    return dict(response.context["form"]["data"])


def post(client: Client, wave: Wave, qid: str, data: dict[str, str]) -> Any:
    return client.post(url("web:builder_question", "mini", wave.key, qid), data)


def test_the_overview_lists_sections_and_questions(admin_client: Client, draft: Wave) -> None:
    page = admin_client.get(url("web:questionnaire_builder", "mini", "2025")).content.decode()
    assert "Abschnitt: Teil A" in page
    assert "Eigener Social-Media-Kanal?" in page
    assert "Nur wenn: „social_media“ ist „ja“" in page
    assert "YAML" not in page


def test_the_analyst_cannot_open_the_builder(analyst_client: Client, draft: Wave) -> None:
    response = analyst_client.get(url("web:questionnaire_builder", "mini", "2025"))
    assert response.status_code == 403


def test_an_unchanged_form_keeps_the_file_byte_for_byte(admin_client: Client, draft: Wave) -> None:
    before = draft.questionnaire_text
    for qid in ("bundesland", "social_media", "kanaele", "partner"):
        response = post(admin_client, draft, qid, form_of(admin_client, draft, qid))
        assert response.status_code == 302, qid
    draft.refresh_from_db()
    assert draft.questionnaire_text == before
    assert not AuditEntry.objects.filter(action="wave.questionnaire").exists()


def test_wording_label_and_help_are_saved_and_logged(admin_client: Client, draft: Wave) -> None:
    data = form_of(admin_client, draft, "social_media")
    data["text"] = "Hat Ihr Bündnis einen eigenen Social-Media-Kanal?"
    data["help"] = "Gemeint sind Kanäle des Bündnisses."
    data["options-1-label"] = "In Vorbereitung"
    data["note"] = "2025 mit „Ihr Bündnis“ im Fragetext."
    data["required"] = "on"
    response = post(admin_client, draft, "social_media", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    question = draft.questionnaire().question("social_media")
    assert question.text.startswith("Hat Ihr Bündnis")
    assert question.help == "Gemeint sind Kanäle des Bündnisses."
    assert question.required
    assert [o.code for o in question.options] == ["ja", "planung", "nein"]  # codes stay
    assert question.options[1].label == "In Vorbereitung"
    assert AuditEntry.objects.filter(action="wave.questionnaire").count() == 1


def test_a_new_option_gets_a_code_from_its_label(admin_client: Client, draft: Wave) -> None:
    data = form_of(admin_client, draft, "kanaele")
    data["options-count"] = "3"
    data["options-2-label"] = "Über 100 Kanäle, z. B. Bluesky"
    data["options-2-exclusive"] = "on"
    response = post(admin_client, draft, "kanaele", data)
    assert response.status_code == 302, response.context["errors"]
    draft.refresh_from_db()
    options = draft.questionnaire().question("kanaele").options
    assert options[2].code == "ueber_100_kanaele_z_b_bluesky"
    assert options[2].exclusive


def test_a_second_option_with_the_same_label_gets_its_own_code(
    admin_client: Client, draft: Wave
) -> None:
    data = form_of(admin_client, draft, "bundesland")
    data["options-count"] = "4"
    data.update({"options-2-label": "Bremen", "options-3-label": "Bremen"})
    response = post(admin_client, draft, "bundesland", data)
    # The builder recodes new codes for the previous wave (2024) only; the check against 2023
    # still asks for a recode there, and nothing is saved.
    assert response.status_code == 200
    messages = [m for found in response.context["errors"].values() for m in found]
    assert any("„bremen_2“ gibt es in Welle „2023“ nicht" in m for m in messages)
    assert any("„bremen“ gibt es in Welle „2023“ nicht" in m for m in messages)


def test_options_move_and_are_removed_before_saving(admin_client: Client, draft: Wave) -> None:
    data = form_of(admin_client, draft, "social_media")
    data["aktion"] = "options-2-hoch"
    page = post(admin_client, draft, "social_media", data)
    assert page.status_code == 200
    moved = page.context["form"]["data"]
    assert moved["options-1-code"] == "nein" and moved["options-2-code"] == "planung"
    moved = dict(moved)
    moved["aktion"] = "options-0-entfernen"
    page = post(admin_client, draft, "social_media", moved)
    removed = dict(page.context["form"]["data"])
    assert removed["options-count"] == "2" and removed["options-0-code"] == "nein"
    draft.refresh_from_db()
    assert draft.questionnaire().question("social_media").codes() == ["ja", "planung", "nein"]


def test_a_removed_option_still_named_by_a_condition_is_refused_at_the_field(
    admin_client: Client, draft: Wave
) -> None:
    data = form_of(admin_client, draft, "social_media")
    data["options-0-label"] = ""
    data["options-0-code"] = ""
    before = draft.questionnaire_text
    page = post(admin_client, draft, "social_media", data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nicht gespeichert" in text
    assert "den „social_media“ nicht hat" in text
    draft.refresh_from_db()
    assert draft.questionnaire_text == before


def test_settings_of_each_type_are_edited(admin_client: Client, draft: Wave) -> None:
    data = form_of(admin_client, draft, "partner")
    data.update({"s-min": "1", "s-max": "2025", "s-unit": "Partner:innen", "s-decimals": "0"})
    data.pop("s-grouping", None)
    assert post(admin_client, draft, "partner", data).status_code == 302
    data = form_of(admin_client, draft, "kanaele")
    data.update({"s-max": "1", "s-other_max_length": "200", "options-1-other": "on"})
    assert post(admin_client, draft, "kanaele", data).status_code == 302
    data = form_of(admin_client, draft, "bundesland")
    data.update({"s-dropdown": "on", "s-ordinal": "on"})
    assert post(admin_client, draft, "bundesland", data).status_code == 302
    draft.refresh_from_db()
    q = draft.questionnaire()
    partner = q.question("partner")
    assert (partner.min, partner.max, partner.unit, partner.grouping) == (
        1,
        2025,
        "Partner:innen",
        False,
    )
    kanaele = q.question("kanaele")
    assert (kanaele.max, kanaele.other_max_length) == (1, 200)
    assert q.question("bundesland").dropdown and q.question("bundesland").ordinal


def test_a_setting_that_is_not_a_number_is_shown_at_its_field(
    admin_client: Client, draft: Wave
) -> None:
    data = form_of(admin_client, draft, "partner")
    data["s-max"] = "viele"
    page = post(admin_client, draft, "partner", data).content.decode()
    assert "„viele“ ist keine Zahl." in page
    assert 'href="#f-s-max"' in page and 'id="f-s-max"' in page
    assert 'aria-invalid="true" aria-describedby="f-s-max-fehler"' in page


def test_a_check_message_lands_at_the_setting_it_concerns(
    admin_client: Client, draft: Wave
) -> None:
    data = form_of(admin_client, draft, "kanaele")
    data["s-max"] = "5"  # two options only
    page = post(admin_client, draft, "kanaele", data)
    assert page.status_code == 200
    assert any("max ist 5" in m for m in page.context["errors"]["s-max"])


def test_a_new_question_with_a_condition_from_an_earlier_question(
    admin_client: Client, draft: Wave
) -> None:
    new = url("web:builder_question_new", "mini", "2025") + "?abschnitt=A&typ=text"
    page = admin_client.get(new)
    assert page.status_code == 200
    earlier = [value for value, _label in page.context["form"]["condition_questions"]]
    assert earlier == ["bundesland", "social_media", "kanaele", "partner"]
    response = admin_client.post(
        new,
        {
            "abschnitt": "A",
            "typ": "text",
            "text": "Warum nicht?",
            "s-multiline": "on",
            "s-max_length": "300",
            "if-question": "social_media",
            "if-operator": "equals",
            "if-code": "social_media:nein",
            "categories-count": "0",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    question = draft.questionnaire().question("warum_nicht")
    assert question.condition.question == "social_media" and question.condition.equals == "nein"
    assert question.max_length == 300


def test_a_condition_code_of_another_question_is_refused(admin_client: Client, draft: Wave) -> None:
    data = form_of(admin_client, draft, "partner")
    data.update(
        {"if-question": "social_media", "if-operator": "equals", "if-code": "bundesland:BE"}
    )
    page = post(admin_client, draft, "partner", data).content.decode()
    assert "Diese Antwort gehört nicht zur Frage „social_media“." in page


def test_a_condition_on_a_number_and_its_check(admin_client: Client, draft: Wave) -> None:
    new = url("web:builder_question_new", "mini", "2025") + "?abschnitt=A&typ=single"
    base = {
        "abschnitt": "A",
        "typ": "single",
        "text": "Genug Partner:innen?",
        "options-count": "2",
        "options-0-label": "Ja",
        "options-1-label": "Nein",
        "if-question": "partner",
    }
    page = admin_client.post(new, {**base, "if-operator": "contains", "if-code": "bundesland:BE"})
    assert "Diese Antwort gehört nicht" in page.content.decode()
    page = admin_client.post(new, {**base, "if-operator": "ge", "if-number": "10"})
    assert page.status_code == 302
    draft.refresh_from_db()
    question = draft.questionnaire().question("genug_partner_innen")
    assert question.condition.ge == 10 and question.codes() == ["ja", "nein"]


def test_a_recode_to_the_previous_wave_is_chosen_from_its_options(
    admin_client: Client, draft: Wave
) -> None:
    data = form_of(admin_client, draft, "social_media")
    # 2024 had ja, planung, nein: 2025's "planung" counts as 2024's "nein".
    choices = admin_client.get(url("web:builder_question", "mini", "2025", "social_media"))
    assert ("nein", "Nein (nein)") in choices.context["form"]["previous_options"]
    data["options-1-recode"] = "nein"
    assert post(admin_client, draft, "social_media", data).status_code == 302
    draft.refresh_from_db()
    comparison = draft.questionnaire().question("social_media").comparison_with("2024")
    assert comparison.recode == {"planung": "nein"}
    again = form_of(admin_client, draft, "social_media")
    assert again["options-1-recode"] == "nein"
    again["options-1-recode"] = "-"
    post(admin_client, draft, "social_media", again)
    draft.refresh_from_db()
    comparison = draft.questionnaire().question("social_media").comparison_with("2024")
    assert comparison.recode == {"planung": None}


def test_matrix_and_ranking_are_built(admin_client: Client, draft: Wave) -> None:
    new = url("web:builder_question_new", "mini", "2025")
    response = admin_client.post(
        new,
        {
            "abschnitt": "A",
            "typ": "matrix",
            "text": "Wie zufrieden sind Sie?",
            "s-ordinal": "on",
            "items-count": "2",
            "items-0-label": "Website",
            "items-1-label": "Newsletter",
            "scale-count": "3",
            "scale-0-label": "gut",
            "scale-1-label": "schlecht",
            "scale-2-label": "weiß nicht",
            "scale-2-exclude_from_base": "on",
        },
    )
    assert response.status_code == 302
    response = admin_client.post(
        new,
        {
            "abschnitt": "A",
            "typ": "ranking",
            "text": "Welche Kanäle zuerst?",
            "s-top": "1",
            "s-among": "kanaele",
            "options-count": "2",
            "options-0-label": "Instagram",
            "options-0-code": "insta",
            "options-1-label": "Sonstige",
            "options-1-code": "sonstige",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    draft.refresh_from_db()
    q = draft.questionnaire()
    matrix = q.question("wie_zufrieden_sind_sie")
    assert [i.code for i in matrix.items] == ["website", "newsletter"]
    assert matrix.scale[2].exclude_from_base and matrix.scale[2].code == "weiss_nicht"
    ranking = q.question("welche_kanaele_zuerst")
    assert (ranking.top, ranking.among) == (1, "kanaele")


def test_the_ranking_depth_is_checked(admin_client: Client, draft: Wave) -> None:
    page = admin_client.post(
        url("web:builder_question_new", "mini", "2025"),
        {
            "abschnitt": "A",
            "typ": "ranking",
            "text": "Rang?",
            "s-top": "3",
            "options-count": "2",
            "options-0-label": "A",
            "options-1-label": "B",
        },
    )
    assert page.status_code == 200
    assert any("top ist 3" in m for m in page.context["errors"]["s-top"])


def test_questions_move_and_are_removed(admin_client: Client, draft: Wave) -> None:
    builder = url("web:questionnaire_builder", "mini", "2025")
    assert admin_client.post(builder, {"aktion": "frage-hoch:partner"}).status_code == 302
    draft.refresh_from_db()
    assert [q.id for q in draft.questionnaire().questions()][-2:] == ["partner", "kanaele"]
    # kanaele depends on social_media: moving it above is refused with the check's message
    page = admin_client.post(builder, {"aktion": "frage-hoch:social_media"})
    assert admin_client.post(builder, {"aktion": "frage-hoch:social_media"}).status_code == 302
    page = admin_client.post(builder, {"aktion": "frage-hoch:kanaele"})
    page = admin_client.post(builder, {"aktion": "frage-hoch:kanaele"})
    page = admin_client.post(builder, {"aktion": "frage-hoch:kanaele"})
    assert page.status_code == 200
    assert "erst später kommt" in page.content.decode()
    assert admin_client.post(builder, {"aktion": "frage-loeschen:partner"}).status_code == 302
    draft.refresh_from_db()
    assert not draft.questionnaire().has_question("partner")


def test_a_section_is_added_and_renamed(admin_client: Client, draft: Wave) -> None:
    response = admin_client.post(
        url("web:builder_section_new", "mini", "2025"),
        {"title": "Ihre Meinung", "intro": "Zum Schluss.", "first_text": "Was möchten Sie sagen?"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    section = draft.questionnaire().sections[-1]
    assert (section.id, section.title, section.intro) == (
        "ihre_meinung",
        "Ihre Meinung",
        "Zum Schluss.",
    )
    page = admin_client.post(url("web:builder_section_new", "mini", "2025"), {"title": ""})
    assert "Bitte geben Sie einen Titel ein." in page.content.decode()
    admin_client.post(url("web:builder_section", "mini", "2025", "A"), {"title": "Allgemeines"})
    draft.refresh_from_db()
    assert draft.questionnaire().sections[0].title == "Allgemeines"


def test_with_answers_only_wording_may_change(admin_client: Client, mini: Survey) -> None:
    wave = mini.waves.get(key="2024")  # has answers
    data = form_of(admin_client, wave, "social_media")
    data["options-0-label"] = "Ja, haben wir"
    assert (
        admin_client.post(
            url("web:builder_question", "mini", "2024", "social_media"), data
        ).status_code
        == 302
    )
    data = form_of(admin_client, wave, "social_media")
    data["options-count"] = "4"
    data["options-3-label"] = "Weiß nicht"
    page = admin_client.post(url("web:builder_question", "mini", "2024", "social_media"), data)
    assert page.status_code == 200
    assert "andere Antwortcodes" in page.content.decode()
    wave.refresh_from_db()
    assert wave.questionnaire().question("social_media").codes() == ["ja", "planung", "nein"]


def test_the_preview_shows_the_question_unsaved(admin_client: Client, draft: Wave) -> None:
    data = form_of(admin_client, draft, "social_media")
    data["text"] = "Vorschau-Text?"
    data["aktion"] = "vorschau"
    page = post(admin_client, draft, "social_media", data)
    assert page.status_code == 200
    assert "Vorschau (noch nicht gespeichert)" in page.content.decode()
    assert "Vorschau-Text?" in page.content.decode()
    draft.refresh_from_db()
    assert "Vorschau-Text?" not in draft.questionnaire_text


def test_translated_texts_are_carried_through(admin_client: Client, draft: Wave) -> None:
    from umfrage.questionnaire import editing
    from umfrage.web.builder import core
    from umfrage.web.builder.types import builder_type

    node = editing.load(
        "id: q\ntype: single\ntext: {de: Frage?, en: Question?}\n"
        "options:\n  - {code: ja, label: {de: Ja, en: 'Yes'}}\n  - {code: nein, label: Nein}\n",
        "x",
    )
    kind = builder_type("single")
    data = core.initial(node, kind, core.Context())
    assert data["text"] == "Frage?" and data["options-0-label"] == "Ja"
    data["options-0-label"] = "Ja, gern"
    core.apply(node, data, kind, core.Context())
    assert node["text"] == {"de": "Frage?", "en": "Question?"}
    assert node["options"][0]["label"] == {"de": "Ja, gern", "en": "Yes"}


def test_a_section_condition_is_chosen_from_earlier_questions(
    admin_client: Client, mini: Survey
) -> None:
    wave = mini.waves.get(key="2024").start_next("2025", title="Mini 2025")
    admin_client.post(
        url("web:builder_section_new", "mini", "2025"),
        {"title": "Kanäle", "first_text": "Wie oft posten Sie?"},
    )
    section_url = url("web:builder_section", "mini", "2025", "kanaele")
    page = admin_client.get(section_url)
    earlier = [value for value, _label in page.context["form"]["condition_questions"]]
    assert earlier == ["bundesland", "social_media", "kanaele", "partner"]
    wave.refresh_from_db()
    before = wave.questionnaire_text
    # saved unchanged: the file keeps its bytes
    assert admin_client.post(section_url, {"title": "Kanäle"}).status_code == 302
    wave.refresh_from_db()
    assert wave.questionnaire_text == before
    response = admin_client.post(
        section_url,
        {
            "title": "Kanäle",
            "if-question": "social_media",
            "if-operator": "equals",
            "if-code": "social_media:ja",
        },
    )
    assert response.status_code == 302
    wave.refresh_from_db()
    condition = wave.questionnaire().sections[-1].condition
    assert (condition.question, condition.equals) == ("social_media", "ja")
    page = admin_client.post(
        section_url,
        {"title": "Kanäle", "if-question": "social_media", "if-operator": "gt", "if-number": "x"},
    ).content.decode()
    assert "Wählen Sie eine Antwort oder geben Sie eine Zahl ein." in page


def test_a_reworded_question_is_saved_and_the_overview_shows_the_hint(
    admin_client: Client, mini: Survey
) -> None:
    # Issue 20, item 2: after answers exist a wording correction needs no compare note; the
    # builder saves it and shows the hint `umfrage check` gives (the generated comparison note).
    wave = mini.waves.get(key="2024")  # has answers
    data = form_of(admin_client, wave, "bundesland")
    data["text"] = "In welchem Bundesland arbeitet Ihr Bündnis?"
    saved = admin_client.post(url("web:builder_question", "mini", "2024", "bundesland"), data)
    assert saved.status_code == 302
    wave.refresh_from_db()
    assert wave.questionnaire().question("bundesland").text.startswith("In welchem Bundesland")
    page = admin_client.get(url("web:questionnaire_builder", "mini", "2024")).content.decode()
    assert "Keine Probleme gefunden." in page
    assert "1 Hinweis; sie hindern das Speichern nicht:" in page
    assert "Fragetext 2024 gegenüber 2023 geändert (2023: „Bundesland?“)." in page


def test_the_upper_limit_can_follow_the_wave(admin_client: Client, draft: Wave) -> None:
    page = admin_client.get(url("web:builder_question", "mini", "2025", "partner")).content.decode()
    assert 'name="s-max-token"' in page and "bis zum Jahr der Welle" in page
    assert '<label for="f-s-max-token">' in page
    data = form_of(admin_client, draft, "partner")
    data.update({"s-max": "", "s-max-token": "on"})
    assert post(admin_client, draft, "partner", data).status_code == 302
    draft.refresh_from_db()
    assert "max: wave_year" in draft.questionnaire_text
    assert draft.questionnaire().question("partner").max == 2025
    again = form_of(admin_client, draft, "partner")
    assert again["s-max-token"] == "on" and again["s-max"] == ""
    before = draft.questionnaire_text
    assert post(admin_client, draft, "partner", again).status_code == 302
    draft.refresh_from_db()
    assert draft.questionnaire_text == before
    page = admin_client.get(url("web:builder_question", "mini", "2025", "partner")).content.decode()
    assert 'id="f-s-max-token" name="s-max-token" checked' in page
