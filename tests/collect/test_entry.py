"""The personal link: who gets in, and what everyone else sees."""

from __future__ import annotations

import logging
import secrets
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.collect.helpers import Respondent, invite, text_of
from tests.collect.survey import COMPLETE_PAGES
from umfrage.collect.access import WaveState, wave_state
from umfrage.invitations.tokens import new_link
from umfrage.store.models import Wave


def test_a_valid_link_opens_the_welcome_page_with_privacy_notice_and_time(wave: Wave) -> None:
    invitation, token = invite(wave)
    client = Client()
    entry = client.get(f"/t/{token}")
    assert entry.status_code == 303 and entry["Location"] == "/fragebogen/"
    page = text_of(client.get("/fragebogen/"))
    assert "Sie antworten für: Bündnis Mitte" in page
    assert "Das Ausfüllen dauert etwa 5 Minuten." in page
    assert "Datenschutz Ihre Angaben werden vertraulich behandelt" in page
    invitation.refresh_from_db()
    assert invitation.opened_at is not None


def test_every_wrong_token_gets_the_same_plain_page(wave: Wave) -> None:
    invitation, _ = invite(wave)
    revoked, revoked_token = invite(wave, "B-9", "Bündnis Widerruf")
    # Withdrawn (opting out of reminders no longer closes the link: issue 16, item 8).
    new_link(revoked)
    client = Client()
    pages = [
        client.get(f"/t/{token}")
        for token in (secrets.token_urlsafe(24), "x", revoked_token, invitation.token_hash)
    ]
    assert {p.status_code for p in pages} == {404}
    assert len({p.content for p in pages}) == 1
    assert "Dieser Link funktioniert nicht" in text_of(pages[0])
    assert "Testumfrage" not in text_of(pages[0])
    assert client.get("/fragebogen/").status_code == 403


def test_it_refuses_all_tokens_from_a_client_after_too_many_wrong_ones(
    wave: Wave, settings: Settings
) -> None:
    settings.COLLECT_TOKEN_ATTEMPTS = 3
    _, token = invite(wave)
    client = Client()
    for _ in range(3):
        assert client.get(f"/t/{secrets.token_urlsafe(24)}").status_code == 404
    refused = client.get(f"/t/{token}")
    assert refused.status_code == 429
    assert "Zu viele Versuche" in text_of(refused)
    other_client = Client(REMOTE_ADDR="192.0.2.7")
    assert other_client.get(f"/t/{token}").status_code == 303


def test_a_wave_that_has_not_opened_says_so_and_whom_to_contact(wave: Wave) -> None:
    wave.status = Wave.Status.DRAFT
    wave.save()
    _, token = invite(wave)
    page = Client().get(f"/t/{token}")
    assert page.status_code == 403
    assert "Die Umfrage hat noch nicht begonnen" in text_of(page)
    assert "Servicebüro Test, umfrage@example.org" in text_of(page)


def test_an_open_wave_past_its_closing_date_is_closed(wave: Wave) -> None:
    wave.closes = timezone.localdate() - timedelta(days=1)
    wave.save()
    _, token = invite(wave)
    client = Client()
    page = client.get(f"/t/{token}")
    assert page.status_code == 403
    assert "Die Umfrage ist beendet" in text_of(page)
    assert "umfrage@example.org" in text_of(page)


def test_a_wave_closed_while_answering_stops_further_pages(wave: Wave) -> None:
    _, token = invite(wave)
    client = Client()
    client.get(f"/t/{token}")
    assert client.get("/fragebogen/seite/A/").status_code == 200
    Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.CLOSED)
    closed = client.post("/fragebogen/seite/A/", {"version": 0, "q-bundesland": "BE"})
    assert closed.status_code == 403
    assert "Die Umfrage ist beendet" in text_of(closed)


@pytest.mark.parametrize(
    ("status", "opens", "closes", "expected"),
    [
        ("draft", None, None, WaveState.NOT_YET_OPEN),
        ("open", None, None, WaveState.OPEN),
        ("open", date(2030, 5, 2), date(2030, 6, 30), WaveState.OPEN),
        ("open", date(2030, 5, 3), None, WaveState.NOT_YET_OPEN),
        ("open", None, date(2030, 5, 1), WaveState.CLOSED),
        ("closed", None, None, WaveState.CLOSED),
        ("published", None, None, WaveState.CLOSED),
    ],
)
def test_status_and_field_period_decide_whether_a_wave_is_open(
    status: str, opens: date | None, closes: date | None, expected: WaveState
) -> None:
    wave = Wave(status=status, opens=opens, closes=closes)
    assert wave_state(wave, date(2030, 5, 2)) is expected


def test_the_token_never_reaches_the_log(wave: Wave, caplog: pytest.LogCaptureFixture) -> None:
    token = secrets.token_urlsafe(24)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert Client().get(f"/t/{token}").status_code == 404
    assert caplog.records, "Django logs the 404 of a wrong link"
    assert token not in caplog.text
    assert "/t/[Token entfernt]" in caplog.text


def test_opening_the_link_again_continues_at_the_first_unfinished_page(wave: Wave) -> None:
    invitation, token = invite(wave)
    person = Respondent(Client(), token, invitation)
    person.open_link()
    person.post_page("A", COMPLETE_PAGES["A"])
    later = Respondent(Client(), token, invitation)  # another day, another browser
    entry = later.open_link()
    assert entry["Location"] == "/fragebogen/seite/B/"
    page_a = later.get_page("A")
    assert 'value="12"' in page_a.content.decode()
    assert '<option value="BE" selected>' in page_a.content.decode()
