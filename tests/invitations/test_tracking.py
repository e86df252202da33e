"""The response rate per wave, per Land and over time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from umfrage.invitations.tracking import Day, wave_progress
from umfrage.store.models import Invitation, Organisation, Response

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 12) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(2030, 5, day, hour, tzinfo=ZoneInfo("Europe/Berlin"))


def test_it_counts_invited_opened_partial_and_complete_per_land_and_day(make_wave: Any) -> None:
    wave = make_wave(6)  # Länder: b001 Berlin, b002 Sachsen, b003 Bayern, b004 Berlin, …
    organisations = {o.key: o for o in Organisation.objects.all()}
    for key in ["b001", "b002", "b003", "b004", "b005"]:
        Invitation.objects.create(
            wave=wave, organisation=organisations[key], state="sent", sent_at=at(2)
        )
    Invitation.objects.create(wave=wave, organisation=organisations["b006"], state="failed")
    Invitation.objects.filter(organisation__key="b005").update(state="opted_out")
    Invitation.objects.filter(organisation__key="b001").update(opened_at=at(3, 9))
    Invitation.objects.filter(organisation__key="b004").update(opened_at=at(3, 23))
    Response.objects.create(
        wave=wave,
        organisation=organisations["b001"],
        status="complete",
        created_at=at(3, 9),
        submitted_at=at(4),
    )
    Response.objects.create(
        wave=wave, organisation=organisations["b002"], status="partial", created_at=at(5)
    )
    Response.objects.create(wave=wave, organisation=None, status="complete")
    progress = wave_progress(wave)

    total = progress.total
    assert (total.register, total.invited, total.failed, total.opted_out) == (6, 5, 1, 1)
    assert (total.opened, total.partial, total.complete) == (3, 1, 1)
    assert total.response_rate == pytest.approx(1 / 5)
    assert list(progress.by_land) == ["Bayern", "Berlin", "Sachsen"]
    berlin = progress.by_land["Berlin"]
    assert (berlin.register, berlin.invited, berlin.opened, berlin.complete) == (2, 2, 2, 1)
    assert progress.by_land["Sachsen"].partial == 1
    assert progress.anonymous_complete == 1
    assert progress.over_time == [
        Day(at(2).date(), invited=5, opened=0, complete=0),
        Day(at(3).date(), invited=5, opened=2, complete=0),
        Day(at(4).date(), invited=5, opened=2, complete=1),
        Day(at(5).date(), invited=5, opened=3, complete=1),
    ]


def test_an_organisation_without_land_is_counted_apart(make_wave: Any) -> None:
    wave = make_wave(2)
    Organisation.objects.filter(key="b001").update(bundesland="")
    progress = wave_progress(wave)

    assert list(progress.by_land) == ["Sachsen", "ohne Angabe"]
    assert progress.total.response_rate is None
    assert progress.over_time == []


def test_an_organisation_that_left_the_register_still_counts_with_its_answer(
    make_wave: Any,
) -> None:
    wave = make_wave(2)
    gone = Organisation.objects.get(key="b001")
    Response.objects.create(wave=wave, organisation=gone, status="complete")
    Organisation.objects.filter(pk=gone.pk).update(active=False)
    Organisation.objects.filter(key="b002").update(active=False)
    progress = wave_progress(wave)

    assert (progress.total.register, progress.total.complete) == (0, 1)
    assert list(progress.by_land) == ["Berlin"]


def test_it_lists_activity_per_day_and_the_last_responses(make_wave: Any) -> None:
    from umfrage.collect.models import Progress
    from umfrage.invitations.models import Message
    from umfrage.invitations.tracking import Activity

    wave = make_wave(4)
    organisations = {o.key: o for o in Organisation.objects.all()}
    invitations = {
        key: Invitation.objects.create(
            wave=wave, organisation=organisations[key], state="sent", sent_at=at(2)
        )
        for key in ["b001", "b002", "b003"]
    }
    Message.objects.create(
        invitation=invitations["b002"],
        kind="reminder",
        number=1,
        message_id="<r@t>",
        token_hash="c" * 64,
        recipient="x@example.org",
        state="sent",
        sent_at=at(4, 8),
    )
    # Imported: created long after it was submitted; it began when it was finished.
    Response.objects.create(
        wave=wave,
        organisation=organisations["b001"],
        status="complete",
        created_at=at(20),
        submitted_at=at(3),
        updated_at=at(20),
    )
    started = Response.objects.create(
        wave=wave,
        organisation=organisations["b002"],
        status="partial",
        created_at=at(4, 10),
        updated_at=at(5),
    )
    Progress.objects.create(invitation=invitations["b002"], response=started, pages_done=[])
    Response.objects.create(
        wave=wave, organisation=None, status="partial", created_at=at(5), updated_at=at(6)
    )
    progress = wave_progress(wave, recent=2)

    assert progress.activity == [
        Activity(at(2).date(), invited=3),
        Activity(at(3).date(), started=1, complete=1),
        Activity(at(4).date(), reminders=1, started=1),
        Activity(at(5).date(), started=1),
    ]
    assert (progress.anonymous_complete, progress.anonymous_partial) == (0, 1)
    assert [(r.organisation, r.complete, r.pages_done) for r in progress.recent] == [
        (None, False, None),
        ("b002", False, 0),
    ]
    assert progress.recent[1].name == organisations["b002"].name
