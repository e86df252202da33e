"""Withdrawing a link ends its sessions; opting out stops mail and nothing else; a new link
reaches the organisation it was issued for (issue 16, items 6 and 8)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client

from umfrage.cli import main
from umfrage.invitations.sending import SendSettings, send_wave
from umfrage.invitations.tokens import new_link
from umfrage.store.models import Invitation

pytestmark = pytest.mark.django_db(transaction=True)


def send(wave: Any, clock: Any, **options: Any) -> Any:
    config = SendSettings(
        rate_per_minute=0, attempts=2, backoff_seconds=1.0, reminder_gap=timedelta(days=3)
    )
    return send_wave(wave, clock=clock, sleep=clock.sleep, config=config, **options)


def answer_first_page(browser: Client) -> int:
    """Open the first page and save an answer; the status of the save."""
    page = browser.get("/fragebogen/seite/A/")
    assert page.status_code == 200, page.content.decode()[:500]
    body = page.content.decode()
    import re

    version = re.search(r'name="version" value="(\d+)"', body)
    shown = re.findall(r'name="gezeigt" value="([^"]*)"', body)
    assert version is not None
    response = browser.post(
        "/fragebogen/seite/A/",
        {"version": version.group(1), "gezeigt": shown, "aktion": "weiter", "q-zufrieden": "1"},
    )
    return int(response.status_code)


def test_withdrawing_a_link_ends_every_session_opened_with_it_also_once_a_new_one_is_sent(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(1)
    send(wave, clock)
    old_token = kit.link_token(smtp_settings.handler.received[0].message)
    browser = Client()  # e.g. the colleague who forwarded the link, or a lost phone
    assert browser.get(f"/t/{old_token}").status_code == 303
    assert browser.get("/fragebogen/").status_code == 200

    new_link(Invitation.objects.get())
    assert browser.get("/fragebogen/").status_code == 403
    send(wave, clock)  # the new link goes out: the old session must stay ended
    assert len(smtp_settings.handler.received) == 2
    refused = browser.get("/fragebogen/")
    assert refused.status_code == 403
    assert "Bitte öffnen Sie Ihren persönlichen Link" in refused.content.decode()
    assert browser.get("/fragebogen/seite/A/").status_code == 403
    assert browser.get(f"/t/{old_token}").status_code == 404

    new_token = kit.link_token(smtp_settings.handler.received[1].message)
    fresh = Client()
    assert fresh.get(f"/t/{new_token}").status_code == 303
    assert fresh.get("/fragebogen/").status_code == 200


def test_opting_out_stops_reminders_but_not_the_questionnaire(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(2)
    send(wave, clock)
    token = kit.link_token(smtp_settings.handler.by_recipient()[kit.address(1)][0].message)
    browser = Client()
    assert browser.post(f"/abmelden/{token}").status_code == 200
    assert Invitation.objects.get(organisation__key="b001").state == Invitation.State.OPTED_OUT

    # The page promised it: the link still works, and answers are saved.
    assert browser.get(f"/t/{token}").status_code == 303
    assert browser.get("/fragebogen/").status_code == 200
    assert answer_first_page(browser) == 303
    # And mail stops: the reminder goes to the other organisation only.
    clock.advance(days=4)
    assert send(wave, clock, reminder=True).sent == ["b002"]


def test_a_new_link_for_an_opted_out_organisation_reaches_that_organisation(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(3)
    assert CliRunner().invoke(main, ["invite", "--wave", "2030", "--limit", "2"]).exit_code == 0
    first = kit.link_token(smtp_settings.handler.by_recipient()[kit.address(2)][0].message)
    assert Client().post(f"/abmelden/{first}").status_code == 200
    before = len(smtp_settings.handler.received)

    result = CliRunner().invoke(main, ["invite", "--wave", "2030", "--new-link", "b002"])

    assert result.exit_code == 0, result.output
    assert "Alte Links von b002 gesperrt" in result.stdout
    new = smtp_settings.handler.received[before:]
    to_b002 = [m for m in new if m.recipients == [kit.address(2)]]
    assert len(to_b002) == 1, [m.recipients for m in new]
    token = kit.link_token(to_b002[0].message)
    assert Client().get(f"/t/{token}").status_code == 303
    assert Client().get(f"/t/{first}").status_code == 404
    # Still opted out: the new link brings no reminders back.
    invitation = Invitation.objects.get(organisation__key="b002")
    assert invitation.state == Invitation.State.OPTED_OUT
    clock.now = invitation.sent_at + timedelta(days=4)  # type: ignore[operator]
    assert "b002" not in send(wave, clock, reminder=True).sent
