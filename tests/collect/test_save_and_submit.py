"""Save and resume, "Zurück", the review page, the final submit, two tabs, changes afterwards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.collect.helpers import Respondent, invite, shown_of, text_of, version_of
from tests.collect.survey import COMPLETE_PAGES, QUESTIONNAIRE
from umfrage.collect import access, rows
from umfrage.collect.models import Progress
from umfrage.store.models import Invitation, Response, ResponseHistory, Wave


def complete_all_pages(person: Respondent) -> None:
    person.post_page("A", COMPLETE_PAGES["A"])
    person.post_page("B", COMPLETE_PAGES["B1"])
    person.post_page("B", COMPLETE_PAGES["B"])
    person.post_page("C", COMPLETE_PAGES["C"])
    person.post_page("C", COMPLETE_PAGES["C2"])
    person.post_page("D", COMPLETE_PAGES["D"])


def test_back_keeps_the_answers_without_insisting_on_required_ones(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    back = respondent.post_page("B", {"q-unterstuetzung": ["austausch"]}, action="zurueck")
    assert back.status_code == 303 and back["Location"] == "/fragebogen/seite/A/"
    assert Response.objects.get().answers["unterstuetzung"] == ["austausch"]
    assert 'value="austausch" checked' in respondent.get_page("B").content.decode()
    # Back from the first page leads to the welcome page.
    assert (
        respondent.post_page("A", COMPLETE_PAGES["A"], action="zurueck")["Location"]
        == "/fragebogen/"
    )


def test_a_page_left_with_back_is_not_finished(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", {"q-social_media": "nein"}, action="zurueck")
    assert Progress.objects.get().pages_done == ["A"]
    assert respondent.open_link()["Location"] == "/fragebogen/seite/B/"


def test_the_review_page_links_each_answer_to_its_page(respondent: Respondent) -> None:
    complete_all_pages(respondent)
    review = respondent.review()
    body = review.content.decode()
    assert 'href="/fragebogen/seite/A/?ziel=pruefen#frage-bundesland"' in body
    assert "Sonstige Kanäle" not in text_of(review)
    assert "Instagram" in text_of(review)
    assert respondent.open_link()["Location"] == "/fragebogen/pruefen/"


def test_submitting_with_open_required_questions_lists_them(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", {}, action="zurueck")
    page = respondent.submit()
    assert page.status_code == 200
    assert (
        "Hat Ihr Bündnis einen eigenen Social-Media-Kanal? Bitte beantworten Sie diese Frage."
        in text_of(page)
    )
    assert 'href="/fragebogen/seite/B/?ziel=pruefen#frage-social_media"' in page.content.decode()
    assert Response.objects.get().status == Response.Status.PARTIAL


def test_the_final_submit_is_idempotent(respondent: Respondent) -> None:
    complete_all_pages(respondent)
    version = version_of(respondent.review())
    first = respondent.submit(version)
    again = respondent.submit(version)  # double click or reload of the POST
    other_tab = Respondent(Client(), respondent.token, respondent.invitation)
    other_tab.open_link()
    third = other_tab.submit(version)
    assert [r.status_code for r in (first, again, third)] == [303, 303, 303]
    assert {r["Location"] for r in (first, again, third)} == {"/fragebogen/danke/"}
    response = Response.objects.get()
    assert response.status == Response.Status.COMPLETE
    assert ResponseHistory.objects.filter(response=response, status="complete").count() == 1


def test_a_stale_tab_is_told_instead_of_overwriting(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    tab_one = respondent.get_page("A")
    respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-anzahl_partner": "20"})  # tab two saves
    stale = respondent.client.post(
        "/fragebogen/seite/A/",
        {
            "version": version_of(tab_one),
            "gezeigt": shown_of(tab_one),
            **COMPLETE_PAGES["A"],
        },
    )
    assert stale.status_code == 409
    assert "Diese Seite war nicht mehr aktuell" in text_of(stale)
    assert 'value="20"' in stale.content.decode()
    assert Response.objects.get().answers["anzahl_partner"] == 20


def test_a_tab_on_another_page_still_saves_its_own_fields(respondent: Respondent) -> None:
    respondent.post_page("A", COMPLETE_PAGES["A"])
    tab_b = respondent.get_page("B")
    respondent.post_page("A", {**COMPLETE_PAGES["A"], "q-anzahl_partner": "20"})
    saved = respondent.client.post(
        "/fragebogen/seite/B/",
        {
            "version": version_of(tab_b),
            "gezeigt": shown_of(tab_b),
            "q-social_media": "nein",
        },
    )
    assert saved.status_code == 303
    answers = Response.objects.get().answers
    assert answers["anzahl_partner"] == 20 and answers["social_media"] == "nein"


def test_changes_after_submitting_go_to_the_history(respondent: Respondent) -> None:
    complete_all_pages(respondent)
    respondent.submit()
    respondent.post_page("D", {**COMPLETE_PAGES["D"], "q-wunsch": "Mehr Webinare"})
    response = Response.objects.get()
    assert response.status == Response.Status.COMPLETE
    assert response.answers["wunsch"] == "Mehr Webinare"
    texts = [h.answers.get("wunsch") for h in ResponseHistory.objects.filter(response=response)]
    assert texts[-2:] == ["Mehr Austausch", "Mehr Webinare"]
    assert "Ihre Antworten sind übermittelt" in text_of(respondent.review())


def test_an_anonymous_wave_stores_the_answers_without_the_invitation(
    wave: Wave, make_respondent: Callable[..., Respondent]
) -> None:
    wave.questionnaire_text = QUESTIONNAIRE.replace(
        "language: de\n", "language: de\nanonymous: true\n"
    )
    wave.save()
    person = make_respondent()
    complete_all_pages(person)
    assert person.submit()["Location"] == "/fragebogen/danke/"
    response = Response.objects.get()
    assert response.organisation is None and response.status == Response.Status.COMPLETE
    progress = Progress.objects.get()
    assert progress.response is None and progress.submitted
    assert Invitation.objects.get(pk=person.invitation.pk).state == Invitation.State.RESPONDED
    assert "können deshalb nicht mehr geändert werden" in text_of(
        person.client.get("/fragebogen/danke/")
    )
    assert person.get_page("A")["Location"] == "/fragebogen/danke/"
    assert person.open_link()["Location"] == "/fragebogen/danke/"


def test_it_continues_a_response_that_was_entered_otherwise(wave: Wave) -> None:
    invitation, token = invite(wave)
    existing = Response(wave=wave, organisation=invitation.organisation)
    existing.save()
    existing.record({"bundesland": "HH"}, status="partial", by="Telefon", source="telefon")
    person = Respondent(Client(), token, invitation)
    assert person.open_link()["Location"] == "/fragebogen/seite/A/"
    assert '<option value="HH" selected>' in person.get_page("A").content.decode()
    person.post_page("A", {**COMPLETE_PAGES["A"], "q-bundesland": "HH"})
    assert Response.objects.count() == 1
    assert Response.objects.get().answers["anzahl_partner"] == 12


@pytest.mark.parametrize("address", ["/fragebogen/seite/A/", "/fragebogen/pruefen/"])
def test_a_post_read_before_the_link_was_revoked_is_refused_plainly(
    respondent: Respondent, monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    """The request read the invitation while its link worked; the link was revoked before the
    save. The respondent gets the plain "link does not work" page, and nothing is stored."""
    complete_all_pages(respondent)
    page = respondent.get_page("A")
    read = rows.load(respondent.invitation.pk)
    Invitation.objects.filter(pk=respondent.invitation.pk).update(token_hash=None)
    monkeypatch.setattr(access, "remembered", lambda request: read)
    before = Response.objects.get().version
    refused = respondent.client.post(
        address,
        {"version": version_of(page), "gezeigt": shown_of(page), **COMPLETE_PAGES["A"]},
    )
    assert refused.status_code == 404
    assert "Dieser Link funktioniert nicht" in text_of(refused)
    assert Response.objects.get().version == before


def test_a_multi_with_nothing_ticked_is_stored_as_no_answer(respondent: Respondent) -> None:
    """Nothing ticked is no answer (contracts.md §2), like a skipped single choice: no key is
    stored (formerly an empty list, written as a row of 0 and counted in the base)."""
    respondent.post_page("A", COMPLETE_PAGES["A"])
    respondent.post_page("B", COMPLETE_PAGES["B"])
    assert Response.objects.get().answers["unterstuetzung"] == ["schulungen", "vorlagen"]
    # The page again, every box unticked: the earlier answers go and nothing takes their place.
    again = respondent.post_page("B", {"q-social_media": "ja"})
    assert again.status_code == 303
    stored = Response.objects.get().answers
    assert "kanaele" not in stored and "unterstuetzung" not in stored
    assert stored["social_media"] == "ja"
    wave = Response.objects.get().wave
    cells = wave.questionnaire().question("unterstuetzung").to_cells(stored)
    assert set(cells.values()) == {""}
    # The exclusive "none" option is the explicit answer and is stored as such.
    respondent.post_page("B", {"q-social_media": "ja", "q-unterstuetzung": ["keine"]})
    assert Response.objects.get().answers["unterstuetzung"] == ["keine"]
    # The history never holds an empty list for the unticked page either.
    for entry in ResponseHistory.objects.all():
        assert entry.answers.get("unterstuetzung") != []
        assert entry.answers.get("kanaele") != []
