"""The links in the e-mails open the web questionnaire (invitations and collect together)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from umfrage.invitations.sending import SendSettings, send_wave
from umfrage.invitations.tokens import new_link
from umfrage.store.models import Invitation, Response

pytestmark = pytest.mark.django_db(transaction=True)


def send(wave: Any, clock: Any, **options: Any) -> Any:
    config = SendSettings(
        rate_per_minute=0, attempts=2, backoff_seconds=1.0, reminder_gap=timedelta(days=3)
    )
    return send_wave(wave, clock=clock, sleep=clock.sleep, config=config, **options)


def opens(token: str) -> bool:
    """Whether the personal link leads into the questionnaire (and its next page loads)."""
    client = Client()
    entry = client.get(f"/t/{token}")
    if entry.status_code != 303:
        return False
    return client.get(entry["Location"], follow=True).status_code == 200


def test_the_invitations_and_the_reminders_links_both_open_the_questionnaire(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(2)
    send(wave, clock)
    Response.objects.create(
        wave=wave,
        organisation=Invitation.objects.get(organisation__key="b001").organisation,
        status="complete",
    )
    clock.advance(days=4)
    assert send(wave, clock, reminder=True).sent == ["b002"]
    invitation_copy, reminder_copy = smtp_settings.handler.by_recipient()[kit.address(2)]
    assert opens(kit.link_token(reminder_copy.message))
    # The older link still works although the reminder carried a newer one.
    assert opens(kit.link_token(invitation_copy.message))


def test_a_withdrawn_link_no_longer_opens_the_questionnaire(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(1)
    send(wave, clock)
    token = kit.link_token(smtp_settings.handler.received[0].message)
    assert opens(token)
    new_link(Invitation.objects.get(organisation__key="b001"))
    assert not opens(token)
    assert Client().get(f"/t/{token}").status_code == 404
