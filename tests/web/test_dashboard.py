"""The wave tab "Rücklauf": rates, days, Länder, last responses, CSV, and its query budget."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from umfrage.collect.models import Progress
from umfrage.invitations.models import Message
from umfrage.store.models import Invitation, Organisation, Response, Survey, Wave
from umfrage.web.dashboard import LAENDER

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2030, 5, day, hour, tzinfo=BERLIN)


def url(name: str, slug: str = "mini", key: str = "2030") -> str:
    return reverse(name, args=(slug, key))


def _field_wave(mini: Survey, *, anonymous: bool = False) -> Wave:
    """Wave 2030 of the mini survey: open since 1 May 2030, two invitations, a reminder and
    two answers (one complete, one partial after the first page)."""
    wave = mini.waves.get(key="2024").start_next("2030", title="Mini 2030")
    text = wave.questionnaire_text
    if anonymous:
        text = text.replace("title: Mini 2030", "title: Mini 2030\nanonymous: true", 1)
    Wave.objects.filter(pk=wave.pk).update(
        status="open", opened_at=at(1, 8), questionnaire_text=text
    )
    wave.refresh_from_db()
    orgs = {o.key: o for o in Organisation.objects.filter(survey=mini)}
    first = Invitation.objects.create(
        wave=wave, organisation=orgs["B-1"], state="responded", sent_at=at(2), opened_at=at(3)
    )
    second = Invitation.objects.create(
        wave=wave, organisation=orgs["H-1"], state="sent", sent_at=at(2), opened_at=at(4)
    )
    Message.objects.create(
        invitation=second,
        kind="reminder",
        number=1,
        message_id="<r1@test>",
        token_hash="a" * 64,
        recipient="altona@example.org",
        state="sent",
        sent_at=at(5, 9),
    )
    done = Response.objects.create(
        wave=wave,
        organisation=None if anonymous else orgs["B-1"],
        status="complete",
        created_at=at(3),
        submitted_at=at(3, 15),
        updated_at=at(3, 15),
    )
    started = Response.objects.create(
        wave=wave,
        organisation=None if anonymous else orgs["H-1"],
        status="partial",
        created_at=at(4),
        updated_at=at(6),
    )
    Progress.objects.create(invitation=first, response=None if anonymous else done, submitted=True)
    Progress.objects.create(invitation=second, response=started, pages_done=["A"])
    return wave


@pytest.fixture
def field_wave(mini: Survey) -> Wave:
    return _field_wave(mini)


def _page(client: Client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def _cells(page: str, caption: str) -> list[list[str]]:
    table = page.split(caption, 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_the_dashboard_shows_rates_days_laender_and_last_responses(
    analyst_client: Client, field_wave: Wave
) -> None:
    page = _page(analyst_client, url("web:dashboard"))
    assert "Rücklauf" in page and "Stand: " in page
    assert "<strong>50,0\u00a0%</strong> (1 vollständige Antworten von 2 eingeladenen" in page
    assert "25,0\u00a0% (1 von 4 Organisationen im Register)" in page
    assert "Synthetische Daten" in page or "synthetische Daten" in page

    days = _cells(page, "Verlauf je Tag")
    # From the opening (1 May) to the last event (6 May); the wave is open, so up to today
    # would be longer than 120 days: then only days with events are listed.
    assert [d[0] for d in days[1:]][:1] and all(row[0].endswith(".2030") for row in days[1:] if row)
    by_day = {row[0][-10:]: row[1:] for row in days[1:]}
    assert by_day["02.05.2030"] == ["2", "0", "0", "2", "0", "0"]
    assert by_day["03.05.2030"] == ["0", "0", "1", "2", "0", "1"]
    assert by_day["04.05.2030"] == ["0", "0", "0", "2", "1", "1"]
    assert by_day["05.05.2030"] == ["0", "1 (Erinnerung)", "0", "2", "1", "1"]
    assert "Erinnerungen versandt am 05.05.2030" in page
    # Chart coordinates are plain numbers, never localised ("12,5" would break the drawing).
    numbers = re.findall(r'\s(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', page.split("<svg", 1)[1])
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers
    assert page.count('<rect x="') >= 2 * len(by_day)

    lands = _cells(page, "Rücklauf je Land")
    names = [row[0] for row in lands[1:-1]]
    assert len(names) == 16
    assert names == sorted(names)
    assert "Berlin (BE)" in names and "Thüringen (TH)" in names
    row = {r[0]: r[1:] for r in lands[1:]}
    assert row["Berlin (BE)"] == ["2", "1", "0", "1", "100,0\u00a0%"]
    assert row["Hamburg (HH)"] == ["2", "1", "1", "0", "0,0\u00a0%"]
    assert row["Bayern (BY)"] == ["0", "0", "0", "0", "–"]
    assert row["Insgesamt"] == ["4", "2", "1", "1", "50,0\u00a0%"]

    last = _cells(page, "zuletzt eingegangenen")
    assert last[1][1:] == ["Bündnis Altona", "unvollständig", "1 von 1 Seiten fertig"]
    assert last[2][1:] == ["Bündnis Mitte", "vollständig", "abgeschickt"]


def test_the_laender_can_be_sorted_by_response_rate(admin_client: Client, field_wave: Wave) -> None:
    page = _page(admin_client, url("web:dashboard") + "?sortierung=quote")
    names = [row[0] for row in _cells(page, "Rücklauf je Land")[1:-1]]
    assert names[:2] == ["Berlin (BE)", "Hamburg (HH)"]
    assert names[2:] == sorted(names[2:])
    # Something unknown falls back to the name order.
    page = _page(admin_client, url("web:dashboard") + "?sortierung=<x>")
    assert "&lt;x&gt;" not in page and "<x>" not in page


def test_a_wave_whose_answers_were_imported_explains_the_missing_invitations(
    admin_client: Client, mini: Survey
) -> None:
    page = _page(admin_client, url("web:dashboard", key="2024"))
    assert "keine Einladungen über Umfrage versandt" in page
    assert "Anteil am Register" in page and "50,0\u00a0% (2 von 4" in page
    lands = {r[0]: r[1:] for r in _cells(page, "Rücklauf je Land")[1:]}
    assert lands["Berlin (BE)"] == ["2", "0", "0", "2", "–"]
    assert lands["Hamburg (HH)"] == ["2", "0", "1", "0", "–"]
    last = _cells(page, "zuletzt eingegangenen")
    assert {row[1] for row in last[1:]} == {
        "Bündnis Mitte",
        "Bündnis Pankow",
        "Bündnis Nord, Hamburg",
    }
    assert {row[3] for row in last[1:]} == {"abgeschickt", "–"}


def test_a_wave_without_invitations_or_answers_says_so_in_plain_german(
    analyst_client: Client, mini: Survey
) -> None:
    mini.waves.get(key="2024").start_next("2025", title="Mini 2025")
    page = _page(analyst_client, url("web:dashboard", key="2025"))
    assert "noch keine Einladungen versandt, und es liegen noch keine Antworten vor" in page
    assert "Noch kein Verlauf" in page and "Noch keine Antworten." in page
    assert "Einladungen versenden Sie" not in page  # the analyst cannot send
    assert len(_cells(page, "Rücklauf je Land")) == 18  # head, 16 Länder, total


def test_an_anonymous_wave_names_no_organisation(admin_client: Client, mini: Survey) -> None:
    _field_wave(mini, anonymous=True)
    page = _page(admin_client, url("web:dashboard"))
    assert "Diese Welle ist <strong>anonym</strong>" in page
    last = _cells(page, "zuletzt eingegangenen")
    assert [row[1] for row in last[1:]] == ["anonym", "anonym"]
    assert "Bündnis Mitte" not in page and "Bündnis Altona" not in page
    lands = {r[0]: r[1:] for r in _cells(page, "Rücklauf je Land")[1:]}
    # Complete per Land from the invitation marked "geantwortet"; partial is not known.
    assert lands["Berlin (BE)"] == ["2", "1", "–", "1", "100,0\u00a0%"]
    assert lands["Insgesamt"] == ["4", "2", "1", "1", "50,0\u00a0%"]


def test_an_organisation_name_with_markup_stays_text(
    admin_client: Client, field_wave: Wave
) -> None:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    Organisation.objects.filter(key="H-1").update(name=evil, bundesland='<b>"Land"</b>')
    page = _page(admin_client, url("web:dashboard"))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;&quot;Land&quot;&lt;/b&gt;" in page


def test_a_wave_id_does_not_reach_another_surveys_dashboard(
    admin_client: Client, field_wave: Wave, other: Survey
) -> None:
    for name in ("web:dashboard", "web:dashboard_days_csv", "web:dashboard_lands_csv"):
        assert admin_client.get(url(name)).status_code == 200
        assert admin_client.get(url(name, slug="andere")).status_code == 404


def test_the_csv_downloads_have_the_same_numbers_and_are_formula_safe(
    analyst_client: Client, field_wave: Wave
) -> None:
    Organisation.objects.filter(key="B-1").update(bundesland="=HYPERLINK(1)")
    response = analyst_client.get(url("web:dashboard_lands_csv"))
    assert (
        response["Content-Disposition"] == 'attachment; filename="ruecklauf-mini-2030-laender.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["bundesland", "kuerzel", "register"]
    assert len(rows) == 1 + 16 + 1
    assert ["'=HYPERLINK(1)", "", "1", "1", "0", "1", "1.0000"] in rows
    days = analyst_client.get(url("web:dashboard_days_csv")).content.decode()
    assert "2030-05-05;0;1;0;2;1;1" in days


def test_the_wave_overview_shows_the_rate_compactly(
    analyst_client: Client, field_wave: Wave
) -> None:
    page = _page(analyst_client, url("web:wave"))
    assert "50,0\u00a0% (1 von 2 Eingeladenen)" in page
    assert url("web:dashboard") in page


def test_a_short_open_field_period_lists_every_day_up_to_today(
    admin_client: Client, field_wave: Wave
) -> None:
    today = date.today()
    start = datetime(today.year, today.month, today.day, 8, tzinfo=BERLIN) - timedelta(days=5)
    Wave.objects.filter(pk=field_wave.pk).update(opened_at=start)
    Invitation.objects.filter(wave=field_wave).update(sent_at=start + timedelta(days=1))
    Response.objects.filter(wave=field_wave).update(
        created_at=start + timedelta(days=2),
        submitted_at=start + timedelta(days=2),
        updated_at=start + timedelta(days=2),
    )
    Message.objects.update(sent_at=start + timedelta(days=3))
    page = _page(admin_client, url("web:dashboard"))
    days = _cells(page, "Verlauf je Tag")[1:]
    assert len(days) == 6  # the opening day … today, also the quiet ones
    assert days[0][0].endswith(f"{start:%d.%m.%Y}")
    assert days[-1][0].endswith(f"{today:%d.%m.%Y}")


def _register(survey: Survey, count: int, wave: Wave) -> None:
    codes = [code for code, _name in LAENDER]
    orgs = Organisation.objects.bulk_create(
        Organisation(survey=survey, key=f"X-{n}", name=f"Bündnis {n}", bundesland=codes[n % 16])
        for n in range(count)
    )
    Invitation.objects.bulk_create(
        Invitation(wave=wave, organisation=o, state="sent", sent_at=at(2 + n % 5))
        for n, o in enumerate(orgs)
    )
    Response.objects.bulk_create(
        Response(
            wave=wave,
            organisation=o,
            status="complete" if n % 2 else "partial",
            created_at=at(3 + n % 4),
            submitted_at=at(4 + n % 4) if n % 2 else None,
        )
        for n, o in enumerate(orgs)
        if n % 3
    )


def test_the_number_of_queries_does_not_grow_with_the_register(
    admin_client: Client, field_wave: Wave, mini: Survey
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url("web:dashboard")).status_code == 200
        return len(captured)

    queries()  # the first request also loads the content types and permissions
    small = queries()
    _register(mini, 200, field_wave)
    assert queries() == small
    assert small <= 12


def test_wave_progress_itself_reads_a_fixed_number_of_queries(
    field_wave: Wave, mini: Survey, django_assert_max_num_queries: Any
) -> None:
    from umfrage.invitations.tracking import wave_progress

    _register(mini, 300, field_wave)
    wave = Wave.objects.select_related("survey").get(pk=field_wave.pk)
    with django_assert_max_num_queries(4):
        progress = wave_progress(wave)
    assert progress.total.invited == 302
    assert len(progress.recent) == 10
