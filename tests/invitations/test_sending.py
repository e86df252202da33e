"""Sending through a real SMTP server on loopback: messages, errors, retries, resuming, locks."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest

from umfrage.invitations.messages import prepare
from umfrage.invitations.models import Message, SendLock
from umfrage.invitations.sending import SendingStopped, SendSettings, send_wave
from umfrage.invitations.tokens import find_invitation, new_link, new_token, opt_out
from umfrage.store.models import Invitation, Response

pytestmark = pytest.mark.django_db(transaction=True)


def config(**changes: Any) -> SendSettings:
    values: dict[str, Any] = {
        "rate_per_minute": 0,
        "attempts": 3,
        "backoff_seconds": 3.0,
        "reminder_gap": timedelta(days=3),
    }
    values.update(changes)
    return SendSettings(**values)


def send(wave: Any, clock: Any, **options: Any) -> Any:
    options.setdefault("config", config())
    return send_wave(wave, clock=clock, sleep=clock.sleep, **options)


def test_it_sends_each_organisation_one_german_message_with_a_working_link(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(4)
    report = send(wave, clock)

    assert report.sent == ["b001", "b002", "b003", "b004"]
    received = smtp_settings.handler.by_recipient()
    assert sorted(received) == [kit.address(i) for i in range(1, 5)]
    for index in range(1, 5):
        (copy,) = received[kit.address(index)]
        message = copy.message
        assert (
            message["Subject"].strip()
            == "Bündnisumfrage 2030: Ihre persönliche Einladung zur Teilnahme"
        )
        assert message["From"] == "Servicebüro <umfrage@servicebuero.example>"
        assert message["To"] == f"Kim Muster {index} <{kit.address(index)}>"
        plain = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        token = kit.link_token(message)
        assert f"https://umfrage.example/t/{token}" in html
        assert f"https://umfrage.example/abmelden/{token}" in plain
        assert message["List-Unsubscribe"].strip() == f"<https://umfrage.example/abmelden/{token}>"
        assert "Guten Tag Kim Muster" in plain and "30.\u00a0Juni 2099" in plain
        assert "etwa 7 Minuten" in html
        invitation = find_invitation(token, now=kit.NOW)
        assert invitation is not None and invitation.organisation.key == f"b{index:03d}"
        assert invitation.state == Invitation.State.SENT
        assert invitation.message_id == message["Message-ID"].strip()
        assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = Message.objects.all()
    assert {bytes(m.payload) for m in stored} == {b""}
    assert all(m.state == Message.State.SENT and m.attempts == 1 for m in stored)


def test_a_second_run_sends_nothing_already_sent(
    smtp_settings: Any, make_wave: Any, clock: Any
) -> None:
    wave = make_wave(3)
    send(wave, clock)
    again = send(wave, clock)

    assert again.sent == [] and again.resent == []
    assert len(smtp_settings.handler.received) == 3


def test_it_marks_a_refused_address_failed_with_the_servers_reason(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    smtp_settings.behaviour.refuse.add(kit.address(2))
    wave = make_wave(3)
    report = send(wave, clock)

    assert report.sent == ["b001", "b003"]
    assert report.failed == [("b002", "550 5.1.1 Postfach unbekannt")]
    failed = Invitation.objects.get(organisation__key="b002")
    assert failed.state == Invitation.State.FAILED
    assert failed.last_error == "550 5.1.1 Postfach unbekannt"
    assert failed.token_hash is None
    assert clock.slept == []


def test_it_retries_a_transient_refusal_with_growing_pauses(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    smtp_settings.behaviour.defer[kit.address(1)] = 2
    wave = make_wave(2)
    report = send(wave, clock)

    assert report.sent == ["b001", "b002"]
    assert clock.slept == [3.0, 6.0]
    assert Message.objects.get(invitation__organisation__key="b001").attempts == 3


def test_a_message_still_refused_after_the_last_attempt_goes_out_on_the_next_run(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    smtp_settings.behaviour.defer[kit.address(1)] = 3
    wave = make_wave(2)
    first = send(wave, clock)

    assert first.deferred == [("b001", "451 4.3.2 Bitte später noch einmal")]
    stored = Message.objects.get(invitation__organisation__key="b001")
    assert stored.state == Message.State.SENDING
    second = send(wave, clock)

    assert second.resent == ["b001"]
    (copy,) = smtp_settings.handler.by_recipient()[kit.address(1)]
    assert copy.message_id == stored.message_id
    assert Invitation.objects.get(organisation__key="b001").state == Invitation.State.SENT


def test_a_connection_dropped_after_acceptance_resends_the_identical_message(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    smtp_settings.behaviour.drop_after_accepting[kit.address(2)] = 1
    wave = make_wave(3)
    report = send(wave, clock)

    assert report.sent == ["b001", "b002", "b003"]
    copies = smtp_settings.handler.by_recipient()
    first, second = copies[kit.address(2)]
    assert first.raw == second.raw
    assert first.message_id == Invitation.objects.get(organisation__key="b002").message_id
    assert [len(copies[kit.address(i)]) for i in (1, 3)] == [1, 1]


def test_a_message_left_sending_by_a_killed_run_goes_out_first_with_its_message_id(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(2)
    invitation = Invitation.objects.create(
        wave=wave, organisation=wave.survey.organisations.get(key="b002")
    )
    token = new_token()
    prepared = prepare(invitation, "invitation", 0, token, now=kit.NOW)
    Message.objects.create(
        invitation=invitation,
        kind="invitation",
        number=0,
        message_id=prepared.message_id,
        token_hash=Invitation.hash_token(token),
        recipient=prepared.recipient,
        state=Message.State.SENDING,
        payload=prepared.payload,
        attempts=1,
    )
    Invitation.objects.filter(pk=invitation.pk).update(state=Invitation.State.SENDING)
    report = send(wave, clock)

    assert report.resent == ["b002"] and report.sent == ["b001"]
    first = smtp_settings.handler.received[0]
    assert first.message_id == prepared.message_id
    assert kit.link_token(first.message) == token
    assert Message.objects.get(message_id=prepared.message_id).attempts == 2


def test_the_throttle_spaces_the_messages(smtp_settings: Any, make_wave: Any, clock: Any) -> None:
    wave = make_wave(4)
    send(wave, clock, config=config(rate_per_minute=30))

    assert clock.slept == [2.0, 2.0, 2.0]


def test_limit_caps_the_messages_of_one_run(smtp_settings: Any, make_wave: Any, clock: Any) -> None:
    wave = make_wave(5)
    first = send(wave, clock, limit=2)
    rest = send(wave, clock)

    assert first.sent == ["b001", "b002"]
    assert rest.sent == ["b003", "b004", "b005"]


def test_it_refuses_to_send_for_a_closed_wave(
    smtp_settings: Any, make_wave: Any, clock: Any
) -> None:
    wave = make_wave(2, status="closed")
    with pytest.raises(SendingStopped, match="nicht zum Antworten geöffnet"):
        send(wave, clock)
    assert smtp_settings.handler.received == []


def test_a_dry_run_sends_and_stores_nothing_but_shows_the_letter(
    smtp_settings: Any, make_wave: Any, clock: Any
) -> None:
    wave = make_wave(3)
    report = send(wave, clock, dry_run=True)

    assert report.planned == ["b001", "b002", "b003"]
    assert report.preview is not None and "PERSOENLICHER-LINK" in report.preview.text
    assert smtp_settings.handler.received == []
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_organisations_without_email_are_reported_not_sent(
    smtp_settings: Any, make_wave: Any, clock: Any
) -> None:
    wave = make_wave(3)
    wave.survey.organisations.filter(key="b002").update(email="")
    report = send(wave, clock)

    assert report.sent == ["b001", "b003"]
    assert report.without_email == ["b002"]


def test_reminders_go_only_to_the_invited_who_have_not_completed_or_opted_out(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(4)
    send(wave, clock)
    invitations = {i.organisation.key: i for i in Invitation.objects.select_related("organisation")}
    Response.objects.create(
        wave=wave, organisation=invitations["b001"].organisation, status="complete"
    )
    Response.objects.create(
        wave=wave, organisation=invitations["b002"].organisation, status="partial"
    )
    opt_out(invitations["b003"])
    too_early = send(wave, clock, reminder=True)
    clock.advance(days=4)
    reminded = send(wave, clock, reminder=True)
    again = send(wave, clock, reminder=True)

    assert too_early.sent == []
    assert reminded.sent == ["b002", "b004"]
    assert again.sent == []
    copies = smtp_settings.handler.by_recipient()
    invitation_copy, reminder_copy = copies[kit.address(2)]
    assert reminder_copy.message["Subject"].strip().startswith("Erinnerung: Bündnisumfrage 2030")
    assert reminder_copy.message_id != invitation_copy.message_id
    # The reminder's link and the invitation's link both keep working.
    for copy in (invitation_copy, reminder_copy):
        found = find_invitation(kit.link_token(copy.message), now=clock())
        assert found is not None and found.organisation.key == "b002"
    assert Invitation.objects.get(pk=invitations["b002"].pk).reminders_sent == 1


def test_a_new_link_withdraws_the_old_ones_and_the_next_run_sends_it(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(2)
    send(wave, clock)
    old = kit.link_token(smtp_settings.handler.received[0].message)
    new_link(Invitation.objects.get(organisation__key="b001"))
    report = send(wave, clock)

    assert report.sent == ["b001"]
    fresh = kit.link_token(smtp_settings.handler.received[-1].message)
    assert find_invitation(old, now=kit.NOW) is None
    found = find_invitation(fresh, now=kit.NOW)
    assert found is not None and found.organisation.key == "b001"


def test_a_run_refuses_to_start_while_a_live_run_holds_the_lock(
    smtp_settings: Any, make_wave: Any, clock: Any
) -> None:
    wave = make_wave(2)
    SendLock.objects.create(
        wave=wave,
        holder="other",
        host=socket.gethostname(),
        pid=os.getpid(),
        acquired_at=clock(),
        heartbeat_at=clock(),
    )
    with pytest.raises(SendingStopped, match="läuft bereits ein Versand"):
        send(wave, clock)
    assert smtp_settings.handler.received == []


def test_a_lock_left_by_a_dead_process_is_taken_over(
    smtp_settings: Any, make_wave: Any, clock: Any
) -> None:
    wave = make_wave(2)
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    SendLock.objects.create(
        wave=wave,
        holder="killed",
        host=socket.gethostname(),
        pid=int(finished.stdout),
        heartbeat_at=clock(),
    )
    assert send(wave, clock).sent == ["b001", "b002"]
    assert SendLock.objects.get(wave=wave).holder == ""


def test_a_lock_from_another_machine_holds_until_its_lease_runs_out(
    smtp_settings: Any, make_wave: Any, clock: Any
) -> None:
    wave = make_wave(1)
    SendLock.objects.create(
        wave=wave, holder="elsewhere", host="anderer-rechner", pid=1, heartbeat_at=clock()
    )
    with pytest.raises(SendingStopped):
        send(wave, clock)
    clock.advance(minutes=6)
    assert send(wave, clock).sent == ["b001"]


def test_a_refused_sender_stops_the_run_and_keeps_the_message_for_the_next(
    smtp_settings: Any, make_wave: Any, clock: Any
) -> None:
    smtp_settings.behaviour.refuse_sender = True
    wave = make_wave(2)
    with pytest.raises(SendingStopped, match=r"lehnt den Absender .* ab: 553 5\.7\.1"):
        send(wave, clock)
    assert Message.objects.get().state == Message.State.SENDING
    smtp_settings.behaviour.refuse_sender = False
    report = send(wave, clock)

    assert report.resent == ["b001"] and report.sent == ["b002"]
    assert len(smtp_settings.handler.received) == 2


def test_a_server_that_does_not_answer_stops_the_run_after_three_messages(
    settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", kit.free_port()
    wave = make_wave(5)
    with pytest.raises(SendingStopped, match="nimmt seit 3 Nachrichten nichts an") as caught:
        send(wave, clock, config=config(attempts=2))

    assert caught.value.report is not None
    assert [key for key, _ in caught.value.report.deferred] == ["b001", "b002", "b003"]
    assert clock.slept == [3.0, 3.0, 3.0]
    assert Message.objects.filter(state=Message.State.SENDING).count() == 3


def test_a_resumed_reminder_run_reminds_nobody_twice(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    wave = make_wave(4)
    send(wave, clock)
    clock.advance(days=4)
    interrupted = send(wave, clock, reminder=True, limit=2)
    resumed = send(wave, clock, reminder=True)

    assert interrupted.sent == ["b001", "b002"]
    assert resumed.sent == ["b003", "b004"]
    copies = smtp_settings.handler.by_recipient()
    assert [len(copies[kit.address(i)]) for i in range(1, 5)] == [2, 2, 2, 2]
    assert set(Invitation.objects.values_list("reminders_sent", flat=True)) == {1}


def test_a_message_that_cannot_be_built_fails_alone_and_is_not_retried_on_the_next_run(
    smtp_settings: Any, make_wave: Any, clock: Any, kit: Any
) -> None:
    from umfrage.store.models import Organisation

    wave = make_wave(4)
    # Rows as an older version may have stored them, before the register refused line breaks.
    Organisation.objects.filter(key="b002").update(contact_name="Kim\nMuster")
    Organisation.objects.filter(key="b003").update(email="c@example.org\r\nBcc: x@example.org")
    report = send(wave, clock)

    assert report.sent == ["b001", "b004"]
    assert [key for key, _ in report.failed] == ["b002", "b003"]
    assert all("unzulässiges Zeichen" in reason for _, reason in report.failed)
    assert sorted(smtp_settings.handler.by_recipient()) == [kit.address(1), kit.address(4)]
    for key in ("b002", "b003"):
        invitation = Invitation.objects.get(organisation__key=key)
        assert invitation.state == Invitation.State.FAILED
        assert "Korrigieren Sie den Eintrag im Register" in invitation.last_error
        assert invitation.token_hash is None
        (message,) = Message.objects.filter(invitation=invitation)
        assert message.state == Message.State.FAILED and message.token_revoked
        assert bytes(message.payload) == b"" and message.attempts == 0

    again = send(wave, clock)

    assert again.sent == [] and again.failed == [] and again.resent == []
    assert len(smtp_settings.handler.received) == 2
    assert Message.objects.filter(state=Message.State.FAILED).count() == 2


def test_an_address_the_mail_library_refuses_at_hand_over_fails_alone() -> None:
    from umfrage.invitations.sending import Permanent, classify

    outcome = classify(ValueError("Invalid address; address parts cannot contain newlines."))
    assert isinstance(outcome, Permanent)
    assert "Die Adresse lässt sich nicht verwenden" in str(outcome)
