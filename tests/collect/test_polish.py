"""The respondent pages polished (issue 21): one test group per item of the issue's list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.collect.helpers import Respondent, error_summary, invite, text_of, version_of
from tests.collect.survey import COMPLETE_PAGES, SURVEY
from tests.collect.test_save_and_submit import complete_all_pages
from umfrage import prose
from umfrage.collect.models import Progress
from umfrage.collect.types.base import labelled
from umfrage.collect.types.multi import says_how_many
from umfrage.collect.types.number import parse as parse_number
from umfrage.collect.types.number import preview_detail
from umfrage.questionnaire.types import MultiQuestion, NumberQuestion
from umfrage.store.models import Response, Survey, Wave

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage" / "waves"


def _wave(text: str, key: str = "2031", slug: str = "polish") -> Wave:
    survey = Survey.objects.create(
        slug=slug,
        title="Testumfrage",
        owner="Servicebüro Test, umfrage@example.org",
        synthetic=True,
        config_text=SURVEY,
    )
    return Wave.objects.create(
        survey=survey,
        key=key,
        title="Testumfrage (synthetisch)",
        status=Wave.Status.OPEN,
        questionnaire_text=text,
    )


def _person(wave: Wave) -> Respondent:
    invitation, token = invite(wave)
    person = Respondent(Client(), token, invitation)
    person.open_link()
    return person


# 1. Texts written over several lines flow; only blank lines separate paragraphs.


def test_wrapped_lines_flow_and_blank_lines_make_paragraphs() -> None:
    text = "Wir möchten erfahren, wie Ihr Bündnis aufgestellt ist und\nwelche Themen Sie beschäftigen.\n\nZweiter Absatz."
    assert prose.prose_html(text) == (
        "<p>Wir möchten erfahren, wie Ihr Bündnis aufgestellt ist und welche Themen Sie "
        "beschäftigen.</p>\n<p>Zweiter Absatz.</p>"
    )


def test_dash_lines_make_a_list_and_a_line_without_dash_continues_the_item() -> None:
    text = "Sie können:\n- unterbrechen und\n  später weitermachen\n* Fragen überspringen\n\nEnde"
    assert prose.prose_html(text) == (
        "<p>Sie können:</p>\n<ul><li>unterbrechen und später weitermachen</li>"
        "<li>Fragen überspringen</li></ul>\n<p>Ende</p>"
    )


@pytest.mark.parametrize(
    "hostile",
    [
        '<script>alert("x")</script>',
        "<img src=x onerror=alert(1)>",
        "- <b>fett</b> & Co.",
        "Text\r\n\r\n<a href='javascript:x'>Link</a>",
    ],
)
def test_everything_in_a_text_is_escaped(hostile: str) -> None:
    html = prose.prose_html(hostile)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<a " not in html
    assert re.sub(r"</?(p|ul|li)>", "", html).count("<") == 0


@pytest.mark.django_db
def test_the_welcome_page_and_a_section_intro_flow_without_hard_breaks() -> None:
    text = (EXAMPLE / "2024" / "questionnaire.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    intro: Zunächst bitten wir Sie um einige Angaben zu Ihrem Bündnis.",
        "    intro: |\n      Zunächst bitten wir Sie um einige\n      Angaben zu Ihrem Bündnis.",
    )
    person = _person(_wave(text))
    welcome = person.client.get(reverse("collect:welcome")).content.decode()
    assert "<br>" not in welcome
    assert "wie Ihr Bündnis aufgestellt ist und welche Themen Sie derzeit beschäftigen." in welcome
    assert "für die Zukunft widerrufen; wenden Sie sich dazu an das Servicebüro.</p>" in welcome
    page = person.get_page("A").content.decode()
    assert "<p>Zunächst bitten wir Sie um einige Angaben zu Ihrem Bündnis.</p>" in page


# 2. Each fact once.


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["2023", "2024"])
def test_the_example_welcome_page_says_duration_and_resuming_once(key: str) -> None:
    text = (EXAMPLE / key / "questionnaire.yaml").read_text(encoding="utf-8")
    person = _person(_wave(text, key))
    welcome = text_of(person.client.get(reverse("collect:welcome")))
    assert len(re.findall(r"dauert etwa \d+ Minuten", welcome)) == 1
    assert welcome.count("unterbrechen") == 1


@pytest.mark.django_db
def test_an_intro_that_names_the_duration_is_not_repeated_by_the_page() -> None:
    text = (EXAMPLE / "2024" / "questionnaire.yaml").read_text(encoding="utf-8")
    text = text.replace(  # the German intro (indented under ``de:``)
        "\n    Fragen, die Sie nicht",
        "\n    Das Ausfüllen dauert etwa 15\n    Minuten. Fragen, die Sie nicht",
        1,
    )
    assert "etwa 15\n    Minuten." in text
    person = _person(_wave(text))
    welcome = text_of(person.client.get(reverse("collect:welcome")))
    assert welcome.count("15 Minuten") == 1


def _multi(text: str, help: str | None = None, max: int | None = None) -> MultiQuestion:
    data = {
        "id": "m",
        "type": "multi",
        "text": text,
        "help": help,
        "max": max,
        "options": [{"code": c, "label": c} for c in "abcd"],
    }
    return MultiQuestion.model_validate({k: v for k, v in data.items() if v is not None})


def test_the_page_says_how_many_answers_only_when_the_question_does_not() -> None:
    assert says_how_many(_multi("Welche?", "Mehrfachnennungen sind möglich."))
    assert not says_how_many(_multi("Welche?", "Denken Sie an 2030."))
    assert says_how_many(_multi("Welche? (höchstens drei)", max=3))
    assert says_how_many(_multi("Welche?", "Bitte wählen Sie bis zu 3 Themen.", max=3))
    assert not says_how_many(_multi("Welche? (höchstens drei)", max=2))
    assert not says_how_many(_multi("Welche?", "Mehrfachnennungen sind möglich.", max=3))


@pytest.mark.django_db
def test_the_example_states_each_multi_fact_once() -> None:
    text = (EXAMPLE / "2024" / "questionnaire.yaml").read_text(encoding="utf-8")
    person = _person(_wave(text))
    themes = text_of(person.get_page("E"))
    assert "Mehrfachnennungen sind möglich." in themes
    assert "Mehrere Antworten sind möglich." not in themes
    priorities = text_of(person.get_page("D"))
    assert priorities.count("höchstens") == 1  # "(höchstens drei)" in the question


# 3. "Ändern" on the check page comes back to it.


def test_change_from_the_review_page_returns_to_it(respondent: Respondent) -> None:
    complete_all_pages(respondent)
    review = respondent.review().content.decode()
    link = "/fragebogen/seite/A/?ziel=pruefen#frage-bundesland"
    assert f'href="{link}"' in review
    page = respondent.client.get(link.split("#")[0])
    body = page.content.decode()
    assert '<input type="hidden" name="ziel" value="pruefen">' in body
    assert "Speichern und zurück zur Übersicht" in body
    saved = respondent.client.post(
        reverse("collect:page", args=["A"]),
        {
            "version": version_of(page),
            "gezeigt": ["bundesland", "koordination", "gruendungsjahr", "anzahl_partner"],
            "aktion": "weiter",
            "ziel": "pruefen",
            **{**COMPLETE_PAGES["A"], "q-bundesland": "HH"},
        },
    )
    assert saved.status_code == 303 and saved["Location"] == "/fragebogen/pruefen/"
    assert Response.objects.get().answers["bundesland"] == "HH"


def test_a_change_that_brings_follow_up_questions_keeps_the_way_back(
    respondent: Respondent,
) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", {"q-social_media": "nein"})
    respondent.post_page("C", COMPLETE_PAGES["C"])
    page = respondent.client.get("/fragebogen/seite/B/?ziel=pruefen")
    more = respondent.client.post(
        reverse("collect:page", args=["B"]),
        {
            "version": version_of(page),
            "gezeigt": ["social_media", "unterstuetzung"],
            "aktion": "weiter",
            "ziel": "pruefen",
            **COMPLETE_PAGES["B1"],
        },
    )
    assert more["Location"] == "/fragebogen/seite/B/?neu=1&ziel=pruefen"
    shown = respondent.client.get(more["Location"]).content.decode()
    assert '<input type="hidden" name="ziel" value="pruefen">' in shown


def test_without_the_review_the_next_page_follows(respondent: Respondent) -> None:
    assert respondent.post_page("A", COMPLETE_PAGES["A"])["Location"] == "/fragebogen/seite/B/"


# 4. The error summary links to the question, not to its input.


def test_error_links_go_to_the_question_box_and_name_the_input(respondent: Respondent) -> None:
    page = respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-anzahl_partner": ""})
    assert error_summary(page)[0][0] == "#frage-anzahl_partner"
    body = page.content.decode()
    assert 'href="#frage-anzahl_partner" data-focus="q-anzahl_partner"' in body
    box = body.index('id="frage-anzahl_partner"')
    label = body.index("Wie viele Bündnispartner:innen", box)
    assert (
        label < body.index('id="q-anzahl_partner-error"', box) < body.index('id="q-anzahl_partner"')
    )


# 5. Punctuation and numbers.


def test_labels_ending_in_a_colon_or_question_mark_get_no_second_colon() -> None:
    assert labelled("In welchem Jahr wurde es gegründet?", "Bitte …") == (
        "In welchem Jahr wurde es gegründet? Bitte …"
    )
    assert labelled("Sonstige, und zwar:", "Nebenan.de") == "Sonstige, und zwar: Nebenan.de"
    assert labelled("Sonstiges", "Kirche") == "Sonstiges: Kirche"


OTHER_COLON = """\
wave: "2031"
title: Testumfrage 2031
language: de
sections:
  - id: A
    title: Kanäle
    questions:
      - id: kanal
        type: multi
        text: Welche Kanäle nutzen Sie?
        options:
          - {code: web, label: Website}
          - {code: sonstige, label: "Sonstige, und zwar:", other: true}
      - id: art
        type: single
        text: Welche Art?
        options:
          - {code: a, label: A}
          - {code: s, label: "Andere, und zwar:", other: true}
"""


@pytest.mark.django_db
def test_the_review_page_writes_other_texts_without_a_double_colon() -> None:
    person = _person(_wave(OTHER_COLON))
    person.post_page(
        "A",
        {
            "q-kanal": ["sonstige"],
            "q-kanal-other": "Nebenan.de",
            "q-art": "s",
            "q-art-other": "Aushang",
        },
    )
    review = text_of(person.review())
    assert "Sonstige, und zwar: Nebenan.de" in review
    assert "Andere, und zwar: Aushang" in review
    assert "::" not in review


def _number(**extra: object) -> NumberQuestion:
    return NumberQuestion.model_validate(
        {"id": "n", "type": "number", "text": "Wie viele?", "min": 0, "max": 99999, **extra}
    )


def _post(value: str) -> dict[str, str]:
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    post["q-n"] = value
    return post  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("typed", "value"), [("1.234", 1234), ("12.345", 12345), ("1 234", 1234), ("12", 12)]
)
def test_a_whole_number_may_be_typed_with_a_thousands_separator(typed: str, value: int) -> None:
    assert parse_number(_number(), _post(typed), {}) == ({"n": value}, [])  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", ["12,5", "12.5", "1,234", "1.234,5"])
def test_a_decimal_where_a_whole_number_is_asked_is_named_as_such(typed: str) -> None:
    found, problems = parse_number(_number(), _post(typed), {})  # type: ignore[arg-type]
    assert found == {}
    assert problems == [
        f"„{typed}“ hat Nachkommastellen; hier ist eine ganze Zahl gefragt. "
        "Bitte geben Sie sie ohne Komma ein, zum Beispiel 12."
    ]


def test_text_that_is_no_number_still_asks_for_digits() -> None:
    _found, problems = parse_number(_number(), _post("zwölf"), {})  # type: ignore[arg-type]
    assert problems == ["Bitte geben Sie eine ganze Zahl in Ziffern ein, zum Beispiel 12."]
    decimal = _number(decimals=1)
    assert parse_number(decimal, _post("1.234,5"), {}) == ({"n": 1234.5}, [])  # type: ignore[arg-type]


def test_hint_and_range_error_word_a_whole_number_alike(respondent: Respondent) -> None:
    page = respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-anzahl_partner": "1000"})
    text = text_of(page)
    assert "Bitte geben Sie eine ganze Zahl von 0 bis 999 ein." in text  # the hint
    assert "Fehler: Bitte geben Sie eine ganze Zahl von 0 bis 999 ein." in text  # the error


def test_the_preview_writes_year_limits_without_thousands_separators() -> None:
    year = _number(min=1990, max=2024)
    assert preview_detail(year) == "Zahl ab 1990 bis 2024."


# 6. A failed page keeps its valid answers.


def test_a_failed_page_saves_its_valid_answers_without_finishing_the_page(
    respondent: Respondent,
) -> None:
    page = respondent.post_page(
        "A", {**COMPLETE_PAGES["A"], "q-gruendungsjahr": "1850", "q-anzahl_partner": "zwölf"}
    )
    assert page.status_code == 200
    response = Response.objects.get()
    assert response.answers == {"bundesland": "BE", "koordination": "verein"}
    assert Progress.objects.get().pages_done == []
    body = page.content.decode()
    assert 'value="1850"' in body and 'value="zwölf"' in body  # shown back as typed
    # The form carries the new version: correcting the page saves without a stale notice.
    fixed = respondent.client.post(
        reverse("collect:page", args=["A"]),
        {
            "version": version_of(page),
            "gezeigt": ["bundesland", "koordination", "gruendungsjahr", "anzahl_partner"],
            "aktion": "weiter",
            **COMPLETE_PAGES["A"],
        },
    )
    assert fixed.status_code == 303 and fixed["Location"] == "/fragebogen/seite/B/"
    assert Response.objects.get().answers["gruendungsjahr"] == 2005
    assert Progress.objects.get().pages_done == ["A"]


def test_a_failed_page_keeps_the_stored_answer_of_the_faulty_question(
    respondent: Respondent,
) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page(
        "A", {**COMPLETE_PAGES["A"], "q-bundesland": "HH", "q-anzahl_partner": "1000"}
    )
    answers = Response.objects.get().answers
    assert answers["bundesland"] == "HH" and answers["anzahl_partner"] == 12
    assert Progress.objects.get().pages_done == ["A"]  # finished before, still finished


def test_a_failed_page_with_nothing_valid_writes_nothing(respondent: Respondent) -> None:
    respondent.post_page("A", {"q-gruendungsjahr": "1850"})
    assert not Response.objects.exists()


# 7. Follow-up questions are announced and get the focus.


def test_new_follow_up_questions_are_announced_with_focus(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    more = respondent.post_page("B", COMPLETE_PAGES["B1"])
    body = respondent.client.get(more["Location"]).content.decode()
    notice = re.search(r'<div class="notice"[^>]*>', body)
    assert notice is not None
    assert 'role="status"' in notice.group(0) and "autofocus" in notice.group(0)
    assert 'tabindex="-1"' in notice.group(0)
    assert "Neue Fragen wurden ergänzt" in body


def test_the_admin_preview_shows_texts_as_the_respondent_pages_do() -> None:
    from django.template import engines

    template = engines["django"].from_string("{{ text|prose }}")
    text = "Erste Zeile und\nihre Fortsetzung <b>\n\n- Punkt"
    assert template.render({"text": text}) == prose.prose_html(text)
    assert template.render({"text": text}) == (
        "<p>Erste Zeile und ihre Fortsetzung &lt;b&gt;</p>\n<ul><li>Punkt</li></ul>"
    )
