"""The builder edits every language of a translated questionnaire side by side (issue 21).

A synthetic 2025 draft of the mini survey in German, English and Arabic (Arabic for the
right-to-left fields): fields per language, a missing translation refused at its field with the
check's message, the mapping written into the file, a one-language file unchanged, the
translations page and the preview in each language.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.store.models import Survey, Wave

TRANSLATED = """\
# Synthetisches Beispiel: Mini 2025 in drei Sprachen.
wave: "2025"
title: {de: Mini 2025, en: Mini 2025 (EN), ar: "ميني 2025"}
languages: [de, en, ar]
sections:
  - id: A
    title: {de: Teil A, en: Part A, ar: "الجزء أ"}
    questions:
      - id: bundesland
        type: single
        text: {de: Bundesland?, en: Federal state?, ar: "الولاية؟"}
        options:
          - {code: BE, label: {de: Berlin, en: Berlin, ar: "برلين"}}
          - {code: HH, label: {de: Hamburg, en: Hamburg, ar: "هامبورغ"}}
      - id: social_media
        type: single
        text: {de: Eigener Social-Media-Kanal?, en: Own social media channel?, ar: "قناة خاصة؟"}
        options:
          - {code: ja, label: {de: Ja, en: "Yes", ar: "نعم"}}
          - {code: planung, label: {de: In Planung, en: Planned, ar: "مخطط"}}
          - {code: nein, label: {de: Nein, en: "No", ar: "لا"}}
        compare:
          - {wave: "2023", recode: {planung: nein}}
      - id: partner
        type: number
        text: {de: Wie viele Partner:innen?, en: How many partners?, ar: "كم عدد الشركاء؟"}
        min: 0
        unit: {de: Partner:innen, en: partners, ar: "شركاء"}
"""


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


@pytest.fixture
def draft(mini: Survey) -> Wave:
    """A 2025 draft (no answers) whose questionnaire is in German, English and Arabic."""
    wave = mini.waves.get(key="2024").start_next("2025", title="Mini 2025")
    wave.change_questionnaire(TRANSLATED)
    wave.refresh_from_db()
    return wave


@pytest.fixture
def german_draft(mini: Survey) -> Wave:
    return mini.waves.get(key="2024").start_next("2025", title="Mini 2025")


def form_of(client: Client, wave: Wave, qid: str) -> dict[str, str]:
    response = client.get(url("web:builder_question", "mini", wave.key, qid))
    assert response.status_code == 200
    return dict(response.context["form"]["data"])


def _check(text: str) -> list[str]:
    from umfrage.questionnaire.checks import check_questionnaire

    data, source = parse_yaml(text, "q.yaml")
    return [str(p) for p in check_questionnaire(parse_questionnaire(data, source), source)]


def test_every_text_has_a_field_per_language(admin_client: Client, draft: Wave) -> None:
    page = admin_client.get(url("web:builder_question", "mini", "2025", "social_media"))
    html = page.content.decode()
    # German keeps its field names and ids; each other language has its own field
    assert re.search(r'<textarea id="f-text" name="text"[^>]*>Eigener Social-Media-Kanal\?<', html)
    assert re.search(
        r'<input id="f-options-1-label" name="options-1-label" value="In Planung"', html
    )
    assert 'name="text@en"' in html and "Own social media channel?" in html
    assert 'name="options-1-label@en"' in html and "Planned" in html
    assert 'Fragetext <span class="language-name">(Englisch)</span>' in html
    # English is marked as English; Arabic as Arabic, right to left
    assert re.search(r'id="f-text@en"[^>]*lang="en"', html)
    assert re.search(r'id="f-text@ar"[^>]*lang="ar" dir="rtl"', html)
    assert re.search(r'id="f-options-0-label@ar"[^>]*lang="ar" dir="rtl"', html)
    assert not re.search(r'id="f-text@en"[^>]*dir=', html)
    number = admin_client.get(url("web:builder_question", "mini", "2025", "partner"))
    assert 'name="s-unit@en"' in number.content.decode()


def test_an_unchanged_translated_form_keeps_the_file(admin_client: Client, draft: Wave) -> None:
    before = draft.questionnaire_text
    for qid in ("bundesland", "social_media", "partner"):
        response = admin_client.post(
            url("web:builder_question", "mini", "2025", qid), form_of(admin_client, draft, qid)
        )
        assert response.status_code == 302, qid
    draft.refresh_from_db()
    assert draft.questionnaire_text == before


def test_a_missing_english_text_is_refused_at_its_field(admin_client: Client, draft: Wave) -> None:
    before = draft.questionnaire_text
    data = form_of(admin_client, draft, "social_media")
    data["text@en"] = ""
    data["options-2-label@ar"] = "  "
    response = admin_client.post(url("web:builder_question", "mini", "2025", "social_media"), data)
    assert response.status_code == 200
    errors = response.context["errors"]
    assert errors["text@en"] == ["Der Text „text“ hat keine Fassung in Englisch (en)."]
    assert errors["options-2-label@ar"] == ["Der Text „label“ hat keine Fassung in Arabisch (ar)."]
    html = response.content.decode()
    assert '<a href="#f-text@en">Fragetext (Englisch (en))</a>: Der Text „text“ hat keine' in html
    assert 'id="f-text@en-fehlt">fehlt</p>' in html
    draft.refresh_from_db()
    assert draft.questionnaire_text == before


def test_a_new_question_is_written_in_every_language(admin_client: Client, draft: Wave) -> None:
    data = {
        "abschnitt": "A",
        "typ": "single",
        "text": "Planen Sie einen weiteren Kanal?",
        "text@en": "Are you planning another channel?",
        "text@ar": "هل تخطط لقناة أخرى؟",
        "options-count": "2",
        "options-0-label": "Ja, in diesem Jahr",
        "options-0-label@en": "Yes, this year",
        "options-0-label@ar": "نعم، هذا العام",
        "options-1-label": "Nein",
        "options-1-label@en": "No",
        "options-1-label@ar": "لا",
    }
    missing = dict(data, **{"options-1-label@en": ""})
    refused = admin_client.post(url("web:builder_question_new", "mini", "2025"), missing)
    assert refused.status_code == 200
    assert list(refused.context["errors"]) == ["options-1-label@en"]
    response = admin_client.post(url("web:builder_question_new", "mini", "2025"), data)
    assert response.status_code == 302, response.context["general"]
    draft.refresh_from_db()
    text = draft.questionnaire_text
    assert _check(text) == []
    assert text.startswith("# Synthetisches Beispiel")  # the rest of the file kept as written
    new = draft.questionnaire().question("planen_sie_einen_weiteren")
    assert new.text.text_in("en") == "Are you planning another channel?"
    assert [o.code for o in new.options] == ["ja_in_diesem_jahr", "nein"]  # from German
    assert new.options[0].label.translations == {
        "de": "Ja, in diesem Jahr",
        "en": "Yes, this year",
        "ar": "نعم، هذا العام",
    }
    assert "label: {de: Nein, en: No, ar: لا}" in text or 'label: {de: Nein, en: "No"' in text


def test_a_one_language_file_shows_no_extra_fields(
    admin_client: Client, german_draft: Wave
) -> None:
    before = german_draft.questionnaire_text
    html = admin_client.get(
        url("web:builder_question", "mini", "2025", "social_media")
    ).content.decode()
    assert "@" not in re.sub(r"[\w.+-]+@[\w.-]+", "", " ".join(re.findall(r'name="[^"]*"', html)))
    assert "language-name" not in html and "fehlt" not in html
    data = form_of(admin_client, german_draft, "social_media")
    data["text"] = "Hat Ihr Bündnis einen Kanal?"
    assert (
        admin_client.post(
            url("web:builder_question", "mini", "2025", "social_media"), data
        ).status_code
        == 302
    )
    german_draft.refresh_from_db()
    text = german_draft.questionnaire_text
    assert '        text: "Hat Ihr Bündnis einen Kanal?"\n' in text  # a plain string, as before
    assert "{de:" not in text and "Eigener Social-Media-Kanal?" not in text
    assert text.split("- id: social_media")[0] == before.split("- id: social_media")[0]


def test_a_section_title_in_every_language(admin_client: Client, draft: Wave) -> None:
    page = admin_client.get(url("web:builder_section", "mini", "2025", "A")).content.decode()
    assert 'name="title@ar"' in page and 'dir="rtl"' in page
    data = {"title": "Teil A neu", "title@en": "", "title@ar": "الجزء أ"}
    refused = admin_client.post(url("web:builder_section", "mini", "2025", "A"), data)
    assert refused.context["errors"]["title@en"] == [
        "Der Text „title“ hat keine Fassung in Englisch (en)."
    ]
    data["title@en"] = "Part A, new"
    assert (
        admin_client.post(url("web:builder_section", "mini", "2025", "A"), data).status_code == 302
    )
    draft.refresh_from_db()
    section = draft.questionnaire().sections[0]
    assert section.title.translations == {"de": "Teil A neu", "en": "Part A, new", "ar": "الجزء أ"}


def test_the_translations_page_counts_what_is_missing(admin_client: Client, draft: Wave) -> None:
    # a file written by hand may lack translations in the middle of its life; the check refuses
    # it on saving, so it is set here directly
    text = draft.questionnaire_text.replace(", en: Planned", "").replace(', ar: "شركاء"', "")
    Wave.objects.filter(pk=draft.pk).update(questionnaire_text=text)
    response = admin_client.get(url("web:builder_translations", "mini", "2025"))
    assert response.status_code == 200
    html = response.content.decode()
    counts = {code: n for code, _name, n in response.context["overview"].counts}
    assert counts == {"en": 1, "ar": 1}
    assert "Englisch (en): <strong>1 Text fehlt</strong>" in html
    assert "Arabisch (ar): <strong>1 Text fehlt</strong>" in html
    rows = {item["row"].where: item for item in response.context["rows"]}
    planned = rows["Frage „social_media“: Antwort 2"]
    assert planned["row"].missing == ["en"]
    assert planned["link"].endswith("/fragebogen/editor/frage/social_media/#f-options-1-label@en")
    assert rows["Frage „partner“: Einheit (z. B. Stunden)"]["link"].endswith("#f-s-unit@ar")
    assert rows["Abschnitt „Teil A“: Titel"]["link"].endswith("/abschnitt/A/#f-title")
    assert "Titel des Fragebogens" in rows
    assert '<td lang="ar" dir="rtl">' in html
    overview = admin_client.get(url("web:questionnaire_builder", "mini", "2025")).content.decode()
    assert "Übersetzungen (de, en, ar): 2 Texte fehlen" in overview
    # the file view shows the same summary next to the text box
    file_view = admin_client.get(url("web:questionnaire_edit", "mini", "2025")).content.decode()
    assert "Fehlende Übersetzungen" in file_view
    assert "Englisch (en): <strong>1 Text fehlt</strong>" in file_view


def test_the_preview_in_each_language(admin_client: Client, draft: Wave) -> None:
    german = admin_client.get(url("web:questionnaire_preview", "mini", "2025")).content.decode()
    assert "Eigener Social-Media-Kanal?" in german and 'name="sprache"' in german
    english = admin_client.get(
        url("web:questionnaire_preview", "mini", "2025") + "?sprache=en"
    ).content.decode()
    assert "Own social media channel?" in english and "Eigener Social" not in english
    assert '<article class="preview" lang="en">' in english
    arabic = admin_client.get(
        url("web:questionnaire_preview", "mini", "2025") + "?sprache=ar"
    ).content.decode()
    assert '<article class="preview" lang="ar" dir="rtl">' in arabic
    unknown = admin_client.get(
        url("web:questionnaire_preview", "mini", "2025") + "?sprache=xx"
    ).content.decode()
    assert "keine Sprache „xx“" in unknown and "Eigener Social-Media-Kanal?" in unknown
