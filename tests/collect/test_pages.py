"""Pages generated from the questionnaire: each type's markup, validation, conditions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.collect.helpers import Respondent, error_summary, shown_of, text_of, version_of
from tests.collect.survey import COMPLETE_PAGES
from umfrage.store.models import Response


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_radio_and_checkbox_groups_are_fieldsets_with_legends(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    page = html(respondent.get_page("B"))
    legend = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>(.*?)</legend>", page, re.S)
    assert legend and "Hat Ihr Bündnis einen eigenen Social-Media-Kanal?" in legend.group(1)
    assert '<input class="choice__input" type="radio" id="q-social_media-ja"' in page
    assert '<label class="choice__label" for="q-social_media-ja">Ja</label>' in page
    assert "Bitte wählen Sie höchstens 2 Antworten." in page
    assert "Nur ohne weitere Antworten möglich." in page


def test_numbers_have_a_label_and_their_range_as_hint(respondent: Respondent) -> None:
    page = html(respondent.get_page("A"))
    assert '<label class="question__title" for="q-gruendungsjahr">' in page
    assert "Bitte geben Sie eine ganze Zahl von 1990 bis 2030 ein." in page
    assert re.search(r'id="q-gruendungsjahr"[^>]*aria-describedby="q-gruendungsjahr-range"', page)
    assert '<label class="question__title" for="q-bundesland">' in page  # the dropdown


def test_a_matrix_is_a_table_with_one_radio_group_per_item(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", {"q-social_media": "nein"})
    respondent.post_page("C", {"q-partner": []})
    page = html(respondent.get_page("D"))
    assert '<th scope="col" class="matrix__head matrix__apart">nicht genutzt</th>' in page
    assert '<th scope="row" class="matrix__item" id="q-zufriedenheit-beratung-label">' in page
    assert page.count('name="q-zufriedenheit-newsletter"') == 4
    assert 'nicht genutzt</span><span class="visually-hidden"> – Newsletter' in page


def test_missing_required_answers_are_listed_at_the_top_and_at_each_field(
    respondent: Respondent,
) -> None:
    page = respondent.post_page("A", {"q-gruendungsjahr": "1850"})
    assert page.status_code == 200
    body = html(page)
    assert "<title>Fehler: Ihr Bündnis" in body
    assert error_summary(page) == [
        (
            "#frage-bundesland",
            "In welchem Bundesland ist Ihr Bündnis aktiv? Bitte beantworten Sie diese Frage.",
        ),
        (
            "#frage-gruendungsjahr",
            "In welchem Jahr wurde Ihr Bündnis gegründet? Bitte geben Sie eine ganze Zahl von 1990 bis 2030 ein.",
        ),
        (
            "#frage-anzahl_partner",
            "Wie viele Bündnispartner:innen sind derzeit aktiv beteiligt? Bitte beantworten Sie diese Frage.",
        ),
    ]
    assert 'id="q-gruendungsjahr-error"' in body
    assert re.search(r'id="q-gruendungsjahr"[^>]*value="1850"[^>]*aria-invalid="true"', body)
    assert not Response.objects.exists()


def test_it_explains_numbers_it_cannot_read(respondent: Respondent) -> None:
    page = respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-anzahl_partner": "zwölf"})
    assert "Bitte geben Sie eine ganze Zahl in Ziffern ein, zum Beispiel 12." in text_of(page)
    assert 'value="zwölf"' in html(page)


def test_it_accepts_a_german_number_with_thousands_separator(respondent: Respondent) -> None:
    respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-anzahl_partner": " 12 "})
    assert Response.objects.get().answers["anzahl_partner"] == 12


def test_it_refuses_more_choices_than_allowed_and_exclusive_combinations(
    respondent: Respondent,
) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    too_many = respondent.post_page(
        "B", {"q-social_media": "nein", "q-unterstuetzung": ["schulungen", "vorlagen", "austausch"]}
    )
    assert "Bitte wählen Sie höchstens 2 Antworten." in text_of(too_many)
    combined = respondent.post_page(
        "B", {"q-social_media": "nein", "q-unterstuetzung": ["schulungen", "keine"]}
    )
    assert (
        "„Wir benötigen keine Unterstützung“ kann nicht zusammen mit anderen Antworten gewählt werden."
        in text_of(combined)
    )
    # The page's valid answer is kept (docs/web-questionnaire.md), the refused one is not.
    answers = Response.objects.get().answers
    assert answers["social_media"] == "nein" and "unterstuetzung" not in answers


def test_other_needs_its_text_and_the_text_needs_other(respondent: Respondent) -> None:
    no_text = respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-koordination": "sonstiges"})
    assert "Bitte geben Sie an, was Sie mit „Sonstiges“ meinen." in text_of(no_text)
    stray = respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-koordination-other": "Kirche"})
    assert "Bitte wählen Sie „Sonstiges“ oder löschen Sie den Text." in text_of(stray)
    respondent.post_page(
        "A",
        {**COMPLETE_PAGES["A"], "q-koordination": "sonstiges", "q-koordination-other": "Kirche"},
    )
    answers = Response.objects.get().answers
    assert answers["koordination"] == "sonstiges" and answers["koordination.other"] == "Kirche"


def test_each_rank_can_be_given_only_once(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", {"q-social_media": "nein"})
    respondent.post_page("C", COMPLETE_PAGES["C"])
    page = respondent.post_page(
        "C",
        {
            **COMPLETE_PAGES["C"],
            "q-partner_wichtigste-verwaltung": "1",
            "q-partner_wichtigste-vereine": "1",
        },
    )
    assert "Jeder Rang kann nur einmal vergeben werden." in text_of(page)
    assert error_summary(page)[0][0] == "#frage-partner_wichtigste"


def test_a_ranking_offers_only_the_options_chosen_before(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", {"q-social_media": "nein"})
    first = html(respondent.get_page("C"))
    assert "partner_wichtigste" not in first
    respondent.post_page("C", COMPLETE_PAGES["C"])
    shown = html(respondent.get_page("C"))
    assert 'name="q-partner_wichtigste-verwaltung"' in shown
    assert 'name="q-partner_wichtigste-vereine"' in shown
    assert 'name="q-partner_wichtigste-unternehmen"' not in shown


def test_unticking_a_ranked_option_closes_the_gap_in_the_ranks(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", {"q-social_media": "nein"})
    respondent.post_page("C", COMPLETE_PAGES["C"])
    respondent.post_page("C", COMPLETE_PAGES["C2"])
    respondent.post_page(
        "C",
        {
            "q-partner": ["vereine"],
            "q-partner_wichtigste-verwaltung": "1",
            "q-partner_wichtigste-vereine": "2",
        },
    )
    assert Response.objects.get().answers["partner_wichtigste"] == {"vereine": 1}


def test_answers_to_questions_that_become_hidden_are_dropped(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", COMPLETE_PAGES["B1"])
    respondent.post_page("B", COMPLETE_PAGES["B"])
    assert Response.objects.get().answers["kanaele"] == ["instagram"]
    respondent.post_page("B", {**COMPLETE_PAGES["B"], "q-social_media": "nein"})
    assert "kanaele" not in Response.objects.get().answers


def test_a_section_whose_condition_fails_is_skipped(respondent: Respondent) -> None:
    respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-anzahl_partner": "0"})
    respondent.post_page("B", {"q-social_media": "nein"})
    after_c = respondent.post_page("C", {"q-partner": []})
    assert after_c["Location"] == "/fragebogen/pruefen/"
    assert respondent.get_page("D")["Location"] == "/fragebogen/pruefen/"


def test_the_progress_indicator_counts_the_pages_shown(respondent: Respondent) -> None:
    page = respondent.get_page("A")
    # Section D asks about partners, so it counts once there are any.
    assert "Seite 1 von 3" in text_of(page)
    assert '<progress class="progress__bar" max="3" value="1"' in html(page)
    respondent.post_page("A", COMPLETE_PAGES["A"])
    assert "Seite 2 von 4" in text_of(respondent.get_page("B"))


def test_every_question_type_has_a_web_module_with_the_same_functions() -> None:
    from umfrage.collect.types import MODULES
    from umfrage.questionnaire.types import QUESTION_TYPES

    assert set(MODULES) == set(QUESTION_TYPES)
    for module in MODULES.values():
        for function in ("anchor", "render", "parse", "summary"):
            assert callable(getattr(module, function)), f"{module.__name__}.{function}"


def test_remembered_addresses_follow_the_script_prefix() -> None:
    """Behind a path prefix (SCRIPT_NAME) the questionnaire's addresses carry it, however many
    requests without it asked for the same address before."""
    from django.urls import set_script_prefix

    from umfrage.collect.views import _page_url

    try:
        set_script_prefix("/")
        assert _page_url("A") == "/fragebogen/seite/A/"
        set_script_prefix("/umfrage/")
        assert _page_url("A") == "/umfrage/fragebogen/seite/A/"
        assert _page_url("pruefen") == "/umfrage/fragebogen/pruefen/"
    finally:
        set_script_prefix("/")
    assert _page_url("A") == "/fragebogen/seite/A/"


def test_a_request_works_out_the_shown_questions_once_per_state_of_the_answers(
    respondent: Respondent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page asks about every section once (page list, this page, progress); a save about
    its own section for the stored answers and about every section once for the answers after
    it (is the page still the same, where to go next)."""
    from umfrage.collect import flow

    asked: list[str] = []
    real = flow.shown_questions

    def counting(questionnaire: Any, section: Any, answers: Any) -> list[Any]:
        asked.append(section.id)
        return real(questionnaire, section, answers)

    monkeypatch.setattr(flow, "shown_questions", counting)
    assert respondent.get_page("A").status_code == 200
    assert asked == ["A", "B", "C", "D"]
    asked.clear()
    response = respondent.review()
    assert response.status_code == 200 and asked == ["A", "B", "C", "D"]
    page = respondent.get_page("A")
    asked.clear()
    response = respondent.client.post(
        reverse("collect:page", args=["A"]),
        {
            "version": version_of(page),
            "gezeigt": shown_of(page),
            "aktion": "weiter",
            **COMPLETE_PAGES["A"],
        },
    )
    assert response.status_code == 303 and response["Location"].endswith("/B/")
    assert asked == ["A", "A", "B", "C", "D"]


def test_the_templates_take_their_addresses_from_the_same_memory() -> None:
    """``url()`` in the respondent templates is the views' remembered ``reverse``: it follows
    the script prefix, and another URL configuration (tests) is not answered from memory."""
    from django.template import engines
    from django.test import override_settings
    from django.urls import set_script_prefix

    from umfrage.collect import addresses

    template = engines["jinja2"].from_string("{{ url('accessibility') }}")
    addresses._reverse.cache_clear()
    try:
        set_script_prefix("/umfrage/")
        assert template.render({}) == "/umfrage/barrierefreiheit/"
    finally:
        set_script_prefix("/")
    assert template.render({}) == "/barrierefreiheit/"
    assert addresses._reverse.cache_info().misses == 2
    template.render({})
    assert addresses._reverse.cache_info().hits >= 1
    with override_settings(ROOT_URLCONF="tests.collect.other_urls"):
        assert template.render({}) == "/anderswo/barrierefreiheit/"
    assert template.render({}) == "/barrierefreiheit/"


def test_every_text_is_limited_on_the_server_with_the_message_at_its_field(
    respondent: Respondent,
) -> None:
    page = html(respondent.get_page("A"))
    assert 'name="q-koordination-other" value="" maxlength="500"' in page
    assert 'maxlength="40" id="q-anzahl_partner"' in page
    too_long = respondent.post_page(
        "A",
        {
            **COMPLETE_PAGES["A"],
            "q-koordination": "sonstiges",
            "q-koordination-other": "K" * 100_000,
            "q-anzahl_partner": "1" * 41,
        },
    )
    assert too_long.status_code == 200
    text = text_of(too_long)
    assert (
        "Bitte kürzen Sie Ihre Angabe bei „Sonstiges“ auf höchstens 500 Zeichen (jetzt 100.000)."
        in text
    )
    assert "Bitte geben Sie eine ganze Zahl in Ziffern ein, zum Beispiel 12." in text
    assert not any(
        "koordination.other" in r.answers or "anzahl_partner" in r.answers
        for r in Response.objects.all()
    )
    for section in ("A", "B", "C"):
        respondent.post_page(section, COMPLETE_PAGES[section])
    wish = respondent.post_page("D", {**COMPLETE_PAGES["D"], "q-wunsch": "W" * 5001})
    assert "Bitte kürzen Sie Ihre Antwort auf höchstens 5.000 Zeichen (jetzt 5.001)." in text_of(
        wish
    )
    assert 'maxlength="5000"' in html(wish)
    assert all("wunsch" not in r.answers for r in Response.objects.all())
