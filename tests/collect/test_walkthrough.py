"""A respondent completes the whole questionnaire through the real URLs."""

from __future__ import annotations

from tests.collect.helpers import Respondent, text_of
from tests.collect.survey import COMPLETE_PAGES
from umfrage.store.models import Invitation, Response, ResponseHistory


def test_it_walks_from_the_link_to_the_confirmation(respondent: Respondent) -> None:
    welcome = respondent.client.get("/fragebogen/")
    assert "Sie antworten für: Bündnis Mitte" in text_of(welcome)

    assert respondent.post_page("A", COMPLETE_PAGES["A"])["Location"] == "/fragebogen/seite/B/"
    # Choosing "ja" brings up the question about channels on the same page.
    assert (
        respondent.post_page("B", COMPLETE_PAGES["B1"])["Location"] == "/fragebogen/seite/B/?neu=1"
    )
    assert respondent.post_page("B", COMPLETE_PAGES["B"])["Location"] == "/fragebogen/seite/C/"
    # The ranking among the chosen partners appears once partners are chosen: same page again.
    assert (
        respondent.post_page("C", COMPLETE_PAGES["C"])["Location"] == "/fragebogen/seite/C/?neu=1"
    )
    assert respondent.post_page("C", COMPLETE_PAGES["C2"])["Location"] == "/fragebogen/seite/D/"
    assert respondent.post_page("D", COMPLETE_PAGES["D"])["Location"] == "/fragebogen/pruefen/"

    review = respondent.review()
    assert "Persönliche Beratung: nicht genutzt" in text_of(review)
    assert "1. Kommunale Verwaltung" in text_of(review)

    done = respondent.submit()
    assert done.status_code == 303 and done["Location"] == "/fragebogen/danke/"
    response = Response.objects.get(organisation=respondent.invitation.organisation)
    assert response.status == Response.Status.COMPLETE
    assert response.submitted_at is not None
    assert response.answers == {
        "bundesland": "BE",
        "koordination": "verein",
        "gruendungsjahr": 2005,
        "anzahl_partner": 12,
        "social_media": "ja",
        "kanaele": ["instagram"],
        "unterstuetzung": ["schulungen", "vorlagen"],
        "partner": ["verwaltung", "vereine"],
        "partner_wichtigste": {"verwaltung": 1, "vereine": 2},
        "zufriedenheit": {"newsletter": "1", "beratung": "9"},
        "wunsch": "Mehr Austausch",
    }
    assert ResponseHistory.objects.filter(response=response, source="web").count() == 7
    respondent.invitation.refresh_from_db()
    assert respondent.invitation.state == Invitation.State.RESPONDED
    assert "Vielen Dank für Ihre Teilnahme" in text_of(respondent.client.get("/fragebogen/danke/"))
