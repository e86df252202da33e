"""The wave's "Einladungen" page: states, dry run then background send, new links, refusals."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from umfrage.governance.models import AuditEntry
from umfrage.invitations import jobs, process
from umfrage.invitations.models import Message, SendJob, SendLock
from umfrage.invitations.tokens import find_invitation, new_token
from umfrage.store.models import Invitation, Organisation, Survey, Wave
from umfrage.web import sendjobs

PAGE = ("web:invitations", ("mini", "2024"))


@pytest.fixture
def open_wave(mini: Survey) -> Wave:
    wave = mini.waves.get(key="2024")
    Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.OPEN, closes=date(2099, 6, 30))
    wave.refresh_from_db()
    return wave


@pytest.fixture
def launched(mini: Survey) -> Any:
    """The sending runs the page queued for a worker (none started here: no worker runs)."""
    return SendJob.objects.all()


def _sent(wave: Wave, key: str, token: str, *, number: int = 0) -> Invitation:
    invitation, _ = Invitation.objects.get_or_create(
        wave=wave, organisation=Organisation.objects.get(survey=wave.survey, key=key)
    )
    kind = Message.Kind.REMINDER if number else Message.Kind.INVITATION
    Message.objects.create(
        invitation=invitation,
        kind=kind,
        number=number,
        message_id=f"<{key}.{number}@test>",
        token_hash=Invitation.hash_token(token),
        recipient="x@example.org",
        state=Message.State.SENT,
        sent_at=timezone.now(),
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        state=Invitation.State.SENT, sent_at=timezone.now()
    )
    invitation.refresh_from_db()
    return invitation


def test_the_admin_sees_counts_and_a_row_per_organisation(
    admin_client: Client, open_wave: Wave
) -> None:
    _sent(open_wave, "B-1", new_token())
    _sent(open_wave, "B-1", new_token(), number=1)
    Invitation.objects.create(
        wave=open_wave,
        organisation=Organisation.objects.get(survey=open_wave.survey, key="H-1"),
        state=Invitation.State.FAILED,
        last_error="550 Mailbox unbekannt",
    )
    page = admin_client.get(reverse(PAGE[0], args=PAGE[1])).content.decode()
    assert "<dt>Eingeladen (versandt)</dt><dd>1</dd>" in page
    assert "<dt>Fehlgeschlagen</dt><dd>1</dd>" in page
    assert "550 Mailbox unbekannt" in page
    assert page.count('<th scope="row">') == 4
    b1 = page.split('<th scope="row">B-1</th>')[1].split("</tr>")[0]
    assert "<td>versandt</td>" in b1 and '<td class="num">1</td>' in b1
    assert "Zurzeit läuft kein Versand" in page
    # Nothing running: no timed reload even when asked for.
    auto = admin_client.get(reverse(PAGE[0], args=PAGE[1]) + "?auto=1").content.decode()
    assert 'http-equiv="refresh"' not in auto


def test_the_tab_is_in_the_wave_navigation_for_admins_only(
    admin_client: Client, analyst_client: Client, open_wave: Wave
) -> None:
    url = reverse(PAGE[0], args=PAGE[1])
    assert f'href="{url}"' in admin_client.get(reverse("web:wave", args=PAGE[1])).content.decode()
    wave_page = analyst_client.get(reverse("web:wave", args=PAGE[1])).content.decode()
    assert f'href="{url}"' not in wave_page


@pytest.mark.parametrize("persona", ["analyst_client", "outsider_client"])
def test_the_page_and_its_actions_refuse_analyst_and_outsider(
    persona: str, request: pytest.FixtureRequest, open_wave: Wave, launched: list[Any]
) -> None:
    client: Client = request.getfixturevalue(persona)
    token = new_token()
    _sent(open_wave, "B-1", token)
    assert client.get(reverse(PAGE[0], args=PAGE[1])).status_code == 403
    send = reverse("web:invitations_send", args=PAGE[1])
    assert client.post(send, {"kind": "invitation", "confirm": "1"}).status_code == 403
    renew = reverse("web:invitation_new_link", args=(*PAGE[1], "B-1"))
    assert client.post(renew).status_code == 403
    assert not launched.exists()
    assert find_invitation(token) is not None
    assert not AuditEntry.objects.filter(action__startswith="invitations.").exists()


def test_the_anonymous_visitor_is_sent_to_the_login(anonymous_client: Client, mini: Survey) -> None:
    response = anonymous_client.get(reverse(PAGE[0], args=PAGE[1]))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_sending_first_shows_the_dry_run_count_and_starts_nothing(
    admin_client: Client, open_wave: Wave, launched: list[Any]
) -> None:
    response = admin_client.post(
        reverse("web:invitations_send", args=PAGE[1]), {"kind": "invitation"}
    )
    page = response.content.decode()
    # Three of the four organisations have an e-mail address.
    assert "<strong>3 Einladungen</strong> würden jetzt versandt" in page
    assert "<li>1 ohne E-Mail-Adresse: H-2</li>" in page  # named, with the reason
    assert 'name="confirm" value="1"' in page
    assert not launched.exists()
    assert not Message.objects.exists()
    entry = AuditEntry.objects.get(action="invitations.previewed")
    assert entry.details["planned"] == 3 and entry.actor_name == "admin"


@pytest.mark.parametrize(("kind", "reminder"), [("invitation", False), ("reminder", True)])
def test_confirming_queues_a_send_task_for_a_worker_with_progress_in_the_database(
    admin_client: Client, open_wave: Wave, launched: Any, kind: str, reminder: bool
) -> None:
    response = admin_client.post(
        reverse("web:invitations_send", args=PAGE[1]), {"kind": kind, "confirm": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(PAGE[0], args=PAGE[1])
    [job] = launched
    assert (job.wave, job.kind, job.state) == (open_wave, kind, SendJob.State.QUEUED)
    assert (job.origin, job.started_by) == (SendJob.Origin.WEB, "admin")
    # The task waits in the database queue, pointing at this run.
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.task_path == "umfrage.invitations.jobs.send_job"
    assert task.args_kwargs["args"] == [job.pk]
    assert task.status == "READY"
    entry = AuditEntry.objects.get(action="invitations.started")
    assert entry.details["kind"] == kind and entry.details["job"] == job.pk
    assert ("--reminder" in entry.details["command"]) is reminder
    page = admin_client.get(response["Location"]).content.decode()
    assert "Der Versand wird gestartet." in page
    assert "läuft im Hintergrund" in page
    assert "wartet auf den Hintergrunddienst" in page
    # Reloading by itself only when asked for (WCAG 2.2.1), then every five seconds.
    assert 'http-equiv="refresh"' not in page
    auto = admin_client.get(response["Location"] + "?auto=1").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in auto
    # A second run is refused while this one waits.
    again = admin_client.post(
        reverse("web:invitations_send", args=PAGE[1]), {"kind": kind, "confirm": "1"}, follow=True
    )
    assert "läuft bereits ein Versand" in again.content.decode()
    assert launched.count() == 1


def test_a_run_waiting_long_for_a_worker_says_that_none_seems_to_run(
    admin_client: Client, open_wave: Wave
) -> None:
    job = jobs.queue_send(open_wave, reminder=False, started_by="admin")
    SendJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    page = admin_client.get(reverse(PAGE[0], args=PAGE[1])).content.decode()
    assert "Offenbar läuft kein Hintergrunddienst" in page
    assert "umfrage worker" in page


def test_a_running_send_is_shown_and_a_second_one_refused(
    admin_client: Client, open_wave: Wave, launched: list[Any]
) -> None:
    now = timezone.now()
    SendLock.objects.create(
        wave=open_wave, holder="abc", host="web1", pid=4242, acquired_at=now, heartbeat_at=now
    )
    page = admin_client.get(reverse(PAGE[0], args=PAGE[1])).content.decode()
    assert "Ein Versand läuft gerade" in page and "Prozess 4242" in page
    assert "Automatisch alle 5 Sekunden aktualisieren" in page
    auto = admin_client.get(reverse(PAGE[0], args=PAGE[1]) + "?auto=1").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in auto
    response = admin_client.post(
        reverse("web:invitations_send", args=PAGE[1]),
        {"kind": "invitation", "confirm": "1"},
        follow=True,
    )
    assert "läuft bereits ein Versand" in response.content.decode()
    assert not launched.exists()


def test_a_lock_whose_holder_went_silent_no_longer_counts_as_running(open_wave: Wave) -> None:
    old = timezone.now() - timedelta(hours=1)
    SendLock.objects.create(
        wave=open_wave, holder="abc", host="web1", pid=1, acquired_at=old, heartbeat_at=old
    )
    assert sendjobs.running(open_wave) is None


def test_a_closed_wave_starts_no_send(
    admin_client: Client, mini: Survey, launched: list[Any]
) -> None:
    response = admin_client.post(
        reverse("web:invitations_send", args=PAGE[1]),
        {"kind": "invitation", "confirm": "1"},
        follow=True,
    )
    assert "nicht zum Antworten geöffnet" in response.content.decode()
    assert not launched.exists()
    assert not AuditEntry.objects.filter(action="invitations.started").exists()


def test_an_unknown_kind_is_a_plain_message(
    admin_client: Client, open_wave: Wave, launched: list[Any]
) -> None:
    response = admin_client.post(
        reverse("web:invitations_send", args=PAGE[1]), {"kind": "spam"}, follow=True
    )
    assert "Bitte wählen Sie Einladungen oder Erinnerungen." in response.content.decode()
    assert not launched.exists()


def test_a_new_link_withdraws_the_old_one_and_is_logged(
    admin_client: Client, open_wave: Wave
) -> None:
    token = new_token()
    other = new_token()
    _sent(open_wave, "B-1", token)
    _sent(open_wave, "B-2", other)
    assert find_invitation(token) is not None
    response = admin_client.post(reverse("web:invitation_new_link", args=(*PAGE[1], "B-1")))
    assert response.status_code == 302
    assert find_invitation(token) is None
    assert find_invitation(other) is not None
    invitation = Invitation.objects.get(wave=open_wave, organisation__key="B-1")
    assert invitation.state == Invitation.State.PENDING  # the next run sends a fresh link
    entry = AuditEntry.objects.get(action="invitations.new_link")
    assert (entry.organisation, entry.wave, entry.actor_name) == ("B-1", "2024", "admin")


def test_a_new_link_for_another_surveys_organisation_is_not_found(
    admin_client: Client, open_wave: Wave, other: Survey
) -> None:
    url = reverse("web:invitation_new_link", args=("andere", "2024", "B-1"))
    assert admin_client.post(url).status_code == 404
    assert admin_client.get(reverse(PAGE[0], args=PAGE[1])).status_code == 200
    assert admin_client.get(url).status_code == 405


def test_the_database_env_points_the_command_at_the_same_database(tmp_path: Path) -> None:
    sqlite = process.database_env(
        {"PATH": "/bin", "DATABASE_URL": "x"},
        {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "umfrage.sqlite3"},
    )
    assert sqlite == {"PATH": "/bin", "UMFRAGE_DATA_DIR": str(tmp_path)}
    other = process.database_env(
        {}, {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "b.db"}
    )
    assert other == {"DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}"}
    postgres = process.database_env(
        {},
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "umfrage",
            "USER": "svc",
            "PASSWORD": "p@ss/word",
            "HOST": "db.local",
            "PORT": 5432,
        },
    )
    assert postgres == {"DATABASE_URL": "postgres://svc:p%40ss%2Fword@db.local:5432/umfrage"}


def test_organisation_names_and_server_replies_render_inert(
    admin_client: Client, open_wave: Wave
) -> None:
    Organisation.objects.filter(survey=open_wave.survey, key="B-1").update(
        name="<script>alert(1)</script>Bündnis"
    )
    Invitation.objects.create(
        wave=open_wave,
        organisation=Organisation.objects.get(survey=open_wave.survey, key="B-1"),
        state=Invitation.State.FAILED,
        last_error='550 <img src=x onerror="alert(2)">',
    )
    page = admin_client.get(reverse(PAGE[0], args=PAGE[1])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page


def _many(wave: Wave, count: int) -> None:
    Organisation.objects.bulk_create(
        Organisation(
            survey=wave.survey, key=f"Z-{i:03d}", name=f"Bündnis Zählstadt {i}", position=100 + i
        )
        for i in range(count)
    )


def _keys(html: str) -> list[str]:
    import re

    return re.findall(r'<th scope="row">([^<]+)</th>', html)


def test_the_table_shows_fifty_organisations_a_page_and_pages_keep_the_filter(
    admin_client: Client, open_wave: Wave
) -> None:
    _many(open_wave, 120)
    url = reverse(PAGE[0], args=PAGE[1])
    first = admin_client.get(url).content.decode()
    total = Organisation.objects.filter(survey=open_wave.survey, active=True).count()
    assert len(_keys(first)) == 50
    assert f"1–50 von {total} Organisationen" in first
    assert f"Seite 1 von {-(-total // 50)}" in first

    filtered = admin_client.get(url, {"suche": "zählstadt", "seite": "3"}).content.decode()
    assert _keys(filtered) == [f"Z-{i:03d}" for i in range(100, 120)]
    assert "101–120 von 120 Organisationen (gefiltert)" in filtered
    assert f'href="{url}?suche=z%C3%A4hlstadt&amp;seite=2#organisationen"' in filtered


def test_the_status_filter_shows_only_that_state(admin_client: Client, open_wave: Wave) -> None:
    _sent(open_wave, "B-1", new_token())
    html = admin_client.get(reverse(PAGE[0], args=PAGE[1]), {"status": "sent"}).content.decode()
    assert _keys(html) == ["B-1"]
    rest = admin_client.get(reverse(PAGE[0], args=PAGE[1]), {"status": "none"}).content.decode()
    assert "B-1" not in _keys(rest) and _keys(rest)


def test_nonsense_in_the_filter_is_answered_with_a_message_not_an_error(
    admin_client: Client, open_wave: Wave
) -> None:
    response = admin_client.get(reverse(PAGE[0], args=PAGE[1]), {"status": "<x>", "seite": "999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unbekannter Status „&lt;x&gt;“: alle werden gezeigt." in html
    assert _keys(html)  # the nearest page, not an empty one
    nothing = admin_client.get(
        reverse(PAGE[0], args=PAGE[1]), {"suche": "gibt es nicht"}
    ).content.decode()
    assert "Keine Organisation passt zu diesem Filter." in nothing


def _link_page(org: str) -> str:
    return reverse("web:invitation_link", args=(*PAGE[1], org))


def test_a_link_for_one_alliance_is_shown_once_and_works_also_when_never_invited(
    admin_client: Client, open_wave: Wave, settings: Any
) -> None:
    """By phone or letter: the link is shown once (no cache), with a QR code; the organisation
    counts as invited; earlier links stop working; reminders follow as after an e-mail."""
    settings.SITE_URL_CONFIGURED = False
    assert not Invitation.objects.filter(wave=open_wave, organisation__key="H-1").exists()
    explained = admin_client.get(_link_page("H-1")).content.decode()
    assert "Link jetzt anzeigen" in explained
    assert "mit dem nächsten Versand senden" not in explained  # nothing to renew by mail yet

    response = admin_client.post(_link_page("H-1"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    link = re.search(r'id="persoenlicher-link" value="(http://testserver/t/[^"]+)"', page)
    assert link is not None, page
    assert "<svg" in page and "QR-Code des persönlichen Links" in page
    token = link.group(1).rsplit("/", 1)[1]
    invitation = find_invitation(token)
    assert invitation is not None and invitation.organisation.key == "H-1"
    assert invitation.state == Invitation.State.SENT and invitation.sent_at is not None
    [handed] = Message.objects.filter(invitation=invitation)
    assert (handed.kind, handed.recipient, handed.state) == ("handed", "", "sent")
    assert token not in str(handed.token_hash) and handed.payload in (b"", memoryview(b""))
    entry = AuditEntry.objects.get(action="invitations.link_shown")
    assert token not in str(entry.details) + entry.summary

    # A second link withdraws the first; the audit log has no token either.
    second = admin_client.post(_link_page("H-1")).content.decode()
    token2 = re.search(r"/t/([^\"]+)\"", second)
    assert token2 is not None and token2.group(1) != token
    assert find_invitation(token) is None and find_invitation(token2.group(1)) is not None


def test_the_link_uses_the_configured_site_address(
    admin_client: Client, open_wave: Wave, settings: Any
) -> None:
    settings.SITE_URL_CONFIGURED = True
    settings.SITE_URL = "https://umfrage.example/"
    page = admin_client.post(_link_page("B-1")).content.decode()
    assert 'value="https://umfrage.example/t/' in page


@pytest.mark.parametrize("case", ["closed", "responded", "erased"])
def test_no_link_where_it_could_not_work(
    admin_client: Client, open_wave: Wave, mini: Survey, case: str
) -> None:
    if case == "closed":
        Wave.objects.filter(pk=open_wave.pk).update(status=Wave.Status.CLOSED)
        reason = "Die Welle ist nicht zum Antworten geöffnet"
    elif case == "responded":
        invitation = _sent(open_wave, "B-1", new_token())
        Invitation.objects.filter(pk=invitation.pk).update(state=Invitation.State.RESPONDED)
        reason = "hat bereits vollständig geantwortet"
    else:
        Organisation.objects.filter(survey=mini, key="B-1").update(erased_at=timezone.now())
        reason = "sind gelöscht"
    assert reason in admin_client.get(_link_page("B-1")).content.decode()
    response = admin_client.post(_link_page("B-1"), follow=True)
    assert reason in response.content.decode()
    assert not Message.objects.filter(kind="handed").exists()


def test_staff_plan_reminders_on_the_page_and_see_the_next_run(
    admin_client: Client, open_wave: Wave
) -> None:
    from umfrage.invitations.models import PlannedReminder

    plan = reverse("web:reminders_plan", args=PAGE[1])
    page = admin_client.get(reverse(PAGE[0], args=PAGE[1])).content.decode()
    assert "Erinnerungen planen" in page and 'name="day1"' in page

    past = admin_client.post(plan, {"day1": "2020-01-01", "day2": "2100-01-01"})
    assert past.status_code == 400
    refused = past.content.decode()
    assert "Dieser Tag liegt in der Vergangenheit." in refused
    assert "Dieser Tag liegt nach dem Feldende (30.06.2099)" in refused
    assert not PlannedReminder.objects.exists()

    done = admin_client.post(plan, {"day1": "2099-05-20", "day2": "2099-06-03"}, follow=True)
    shown = done.content.decode()
    assert "Erinnerungen geplant am 20.05.2099, 03.06.2099, jeweils um 9 Uhr." in shown
    assert "Nächste Erinnerung:</strong> 20.05.2099, 09:00 Uhr" in shown
    assert shown.count("<td>geplant</td>") == 2
    entry = AuditEntry.objects.get(action="invitations.reminders_planned")
    assert entry.details["days"] == ["2099-05-20", "2099-06-03"]
    dashboard = admin_client.get(reverse("web:dashboard", args=PAGE[1])).content.decode()
    assert "Geplante Erinnerungen" in dashboard and "20.05.2099, 09:00 Uhr: geplant" in dashboard
    assert "Nächste Erinnerung:</strong> 20.05.2099, 09:00 Uhr." in dashboard

    admin_client.post(plan, {})  # all empty: nothing planned any more
    assert not PlannedReminder.objects.filter(state="planned").exists()


def _shown(admin_client: Client, org: str) -> tuple[str, str, int]:
    page = admin_client.post(_link_page(org)).content.decode()
    link = re.search(r'id="persoenlicher-link" value="[^"]*/t/([^"]+)"', page)
    handed = re.search(r'name="handed" value="(\d+)"', page)
    assert link is not None, page
    return page, link.group(1), int(handed.group(1)) if handed else 0


def _send_url(org: str) -> str:
    return reverse("web:invitation_link_send", args=(*PAGE[1], org))


def test_a_shown_link_can_also_be_sent_by_mail_once(
    admin_client: Client, open_wave: Wave, mailoutbox: list[Any]
) -> None:
    """Issue 20, item 5: the page that shows a new link offers to e-mail the organisation now,
    through the sending protocol: logged, once only, the shown link keeps working."""
    page, shown, handed = _shown(admin_client, "H-1")
    assert "Jetzt per E-Mail an altona@example.org senden" in page
    response = admin_client.post(_send_url("H-1"), {"handed": handed}, follow=True)
    text = response.content.decode()
    assert "Die E-Mail mit einem persönlichen Link ist an altona@example.org versandt." in text
    [mail] = mailoutbox
    assert mail.to == ["altona@example.org"]
    body = mail.message().as_bytes().decode("utf-8", "replace")
    mailed = re.search(r"/t/([A-Za-z0-9_-]{40,})", body)
    assert mailed is not None and mailed.group(1) != shown
    for token in (shown, mailed.group(1)):
        found = find_invitation(token)
        assert found is not None and found.organisation.key == "H-1"
    message = Message.objects.get(invitation__organisation__key="H-1", kind="invitation")
    assert message.state == Message.State.SENT and message.payload in (b"", memoryview(b""))
    entry = AuditEntry.objects.get(action="invitations.link_mailed")
    assert entry.details["outcome"] == "sent" and mailed.group(1) not in entry.summary

    again = admin_client.post(_send_url("H-1"), {"handed": handed}, follow=True)
    assert "bereits per E-Mail geschickt" in again.content.decode()
    assert len(mailoutbox) == 1
    assert AuditEntry.objects.filter(action="invitations.link_mailed").count() == 2


def test_no_mail_to_an_opted_out_organisation_or_for_an_older_link(
    admin_client: Client, open_wave: Wave, mailoutbox: list[Any]
) -> None:
    invitation = _sent(open_wave, "B-1", new_token())
    Invitation.objects.filter(pk=invitation.pk).update(
        state=Invitation.State.OPTED_OUT, opted_out_at=timezone.now()
    )
    page, _token, handed = _shown(admin_client, "B-1")
    assert "Per E-Mail senden ist nicht möglich: B-1 hat sich von E-Mails" in page
    assert 'name="handed"' not in page
    refused = admin_client.post(_send_url("B-1"), {"handed": handed or 1}, follow=True)
    assert "Keine E-Mail versandt" in refused.content.decode()

    _page, _first, older = _shown(admin_client, "H-1")
    _shown(admin_client, "H-1")  # a newer link withdraws the older one
    stale = admin_client.post(_send_url("H-1"), {"handed": older}, follow=True)
    assert "Dieser Link gilt nicht mehr" in stale.content.decode()
    assert mailoutbox == []
    assert (
        not Message.objects.filter(kind="invitation")
        .exclude(pk__lt=0)
        .filter(invitation__organisation__key__in=["B-1", "H-1"], state="sending")
        .exists()
    )


def test_a_refused_address_is_reported_in_german_and_not_retried(
    admin_client: Client, open_wave: Wave, monkeypatch: pytest.MonkeyPatch
) -> None:
    import smtplib

    from umfrage.invitations import sending

    class Refusing:
        def open(self) -> None:
            pass

        def close(self) -> None:
            pass

        def send_messages(self, messages: list[Any]) -> int:
            raise smtplib.SMTPRecipientsRefused({"altona@example.org": (550, b"no such user")})

    monkeypatch.setattr(sending, "get_connection", lambda **kwargs: Refusing())
    _page, _token, handed = _shown(admin_client, "H-1")
    text = admin_client.post(_send_url("H-1"), {"handed": handed}, follow=True).content.decode()
    assert (
        "Der Mailserver hat die E-Mail an altona@example.org abgelehnt: 550 no such user." in text
    )
    message = Message.objects.get(invitation__organisation__key="H-1", kind="invitation")
    assert message.state == Message.State.FAILED
    assert AuditEntry.objects.get(action="invitations.link_mailed").details["outcome"] == "failed"


def test_sending_a_link_waits_for_no_running_send(
    admin_client: Client, open_wave: Wave, mailoutbox: list[Any]
) -> None:
    _page, _token, handed = _shown(admin_client, "H-1")
    SendLock.objects.update_or_create(
        wave=open_wave,
        defaults={
            "holder": "x",
            "host": "anderer-rechner",
            "pid": 1,
            "heartbeat_at": timezone.now(),
            "acquired_at": timezone.now(),
        },
    )
    text = admin_client.post(_send_url("H-1"), {"handed": handed}, follow=True).content.decode()
    assert "Für diese Welle läuft bereits ein Versand" in text
    assert mailoutbox == []
