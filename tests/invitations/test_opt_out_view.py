"""The opt-out page at /abmelden/<token>, through the test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from umfrage.invitations.sending import SendSettings, send_wave
from umfrage.invitations.tokens import new_link
from umfrage.store.models import Invitation, Response

# The whole site's addresses: a link that does not work gets the questionnaire's neutral page.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token(smtp_settings: Any, make_wave: Any, clock: Any, kit: Any) -> str:
    wave = make_wave(1)
    send_wave(wave, clock=clock, sleep=clock.sleep, config=SendSettings.from_settings())
    return str(kit.link_token(smtp_settings.handler.received[0].message))


def test_the_link_asks_before_opting_out(client: Client, token: str) -> None:
    response = client.get(f"/abmelden/{token}")

    assert response.status_code == 200
    assert "Ja, keine Erinnerungen mehr senden" in response.content.decode()
    assert Invitation.objects.get().state == Invitation.State.SENT


def test_confirming_opts_out(client: Client, token: str) -> None:
    response = client.post(f"/abmelden/{token}")

    assert response.status_code == 200
    assert "Sie sind abgemeldet" in response.content.decode()
    assert Invitation.objects.get().state == Invitation.State.OPTED_OUT


def test_a_one_click_request_from_a_mail_provider_opts_out_without_a_csrf_token(
    token: str,
) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/abmelden/{token}",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert Invitation.objects.get().state == Invitation.State.OPTED_OUT


def test_an_unknown_link_is_not_found(client: Client, token: str) -> None:
    response = client.post("/abmelden/erfunden")

    assert response.status_code == 404
    assert "Dieser Link funktioniert nicht" in response.content.decode()
    assert Invitation.objects.get().state == Invitation.State.SENT


def test_a_withdrawn_link_no_longer_opts_out(client: Client, token: str) -> None:
    new_link(Invitation.objects.get())
    response = client.post(f"/abmelden/{token}")

    assert response.status_code == 404


def test_someone_who_already_answered_is_told_so(client: Client, token: str) -> None:
    invitation = Invitation.objects.get()
    Response.objects.create(
        wave=invitation.wave, organisation=invitation.organisation, status="complete"
    )
    Invitation.objects.filter(pk=invitation.pk).update(state=Invitation.State.RESPONDED)
    response = client.post(f"/abmelden/{token}")

    assert "bereits vollständig beantwortet" in response.content.decode()
    assert Invitation.objects.get().state == Invitation.State.RESPONDED
