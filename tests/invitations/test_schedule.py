"""Reminders on a schedule: planned days wait in the task queue and go out by themselves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from umfrage.governance.models import AuditEntry
from umfrage.invitations import schedule
from umfrage.invitations.models import Message, PlannedReminder, SendJob
from umfrage.invitations.sending import send_wave
from umfrage.store.models import Invitation, Organisation, Response, Wave

pytestmark = pytest.mark.django_db(transaction=True)


def _due_now(reminder: PlannedReminder) -> None:
    """Time passes: the planned day has come."""
    PlannedReminder.objects.filter(pk=reminder.pk).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )


def test_planning_queues_one_task_per_day_starting_at_nine(make_wave: Any) -> None:
    wave = make_wave(2)
    days = [date(2099, 5, 20), date(2099, 5, 6)]
    made = schedule.plan(wave, days, by="admin")

    assert [timezone.localtime(r.due_at).date() for r in made] == sorted(days)
    assert all(timezone.localtime(r.due_at).hour == schedule.REMINDER_HOUR for r in made)
    for reminder in made:
        task = DBTaskResult.objects.get(id=reminder.task_id)
        assert task.task_path == "umfrage.invitations.schedule.run_planned_reminder"
        assert task.args_kwargs["args"] == [reminder.pk]
        assert task.run_after == reminder.due_at
    assert schedule.next_run(wave) == made[0]

    # A new plan replaces the old one: the earlier tasks find their reminder cancelled.
    [again] = schedule.plan(wave, [date(2099, 6, 1)], by="admin")
    assert PlannedReminder.objects.filter(state="cancelled").count() == 2
    schedule.run_planned_reminder.call(made[0].pk)
    assert not SendJob.objects.exists()
    assert [r.pk for r in schedule.planned(wave)] == [again.pk]


def test_a_due_reminder_goes_only_to_those_who_have_not_completed_or_opted_out(
    smtp_settings: Any, make_wave: Any, kit: Any, settings: Any
) -> None:
    settings.UMFRAGE_REMINDER_GAP_DAYS = 0
    wave = make_wave(4)
    send_wave(wave)  # the invitations
    assert len(smtp_settings.handler.received) == 4
    Response.objects.create(
        wave=wave,
        organisation=Organisation.objects.get(key="b001"),
        status=Response.Status.COMPLETE,
        answers={},
    )
    Invitation.objects.filter(wave=wave, organisation__key="b002").update(
        state=Invitation.State.OPTED_OUT, opted_out_at=timezone.now()
    )
    [reminder] = schedule.plan(wave, [timezone.localdate() + timedelta(days=14)], by="admin")

    schedule.run_planned_reminder.call(reminder.pk)  # picked up early: nothing happens yet
    assert PlannedReminder.objects.get(pk=reminder.pk).state == "planned"
    assert not Message.objects.filter(kind="reminder").exists()

    _due_now(reminder)
    schedule.run_planned_reminder.call(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.state == "started" and reminder.job is not None
    job = reminder.job
    assert (job.kind, job.origin, job.state, job.sent) == ("reminder", "schedule", "done", 2)
    reminded = {
        m.invitation.organisation.key
        for m in Message.objects.filter(kind="reminder").select_related("invitation__organisation")
    }
    assert reminded == {"b003", "b004"}
    assert len(smtp_settings.handler.received) == 6
    # In the audit log like a run started on the page or the command line.
    [entry] = AuditEntry.objects.filter(action="invitations.started")
    assert entry.actor_name == "Zeitplan (geplant von admin)"
    assert (entry.wave, entry.details["job"], entry.details["kind"]) == (
        wave.key,
        job.pk,
        "reminder",
    )

    # The same task delivered twice (a second worker) sends nothing more.
    schedule.run_planned_reminder.call(reminder.pk)
    assert Message.objects.filter(kind="reminder").count() == 2
    assert AuditEntry.objects.filter(action="invitations.started").count() == 1


def test_a_reminder_due_on_a_closed_wave_is_skipped_and_one_due_while_a_run_goes_waits(
    smtp_settings: Any, make_wave: Any
) -> None:
    wave = make_wave(2)
    first, second = schedule.plan(
        wave,
        [timezone.localdate() + timedelta(days=1), timezone.localdate() + timedelta(days=2)],
        by="admin",
    )
    _due_now(first)
    SendJob.objects.create(wave=wave, kind="invitation", origin="web", state="running")
    schedule.run_planned_reminder.call(first.pk)
    first.refresh_from_db()
    assert first.state == "planned" and "lief ein anderer Versand" in first.note
    assert DBTaskResult.objects.get(id=first.task_id).run_after > timezone.now()

    SendJob.objects.all().delete()
    Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.CLOSED)
    _due_now(second)
    schedule.run_planned_reminder.call(second.pk)
    second.refresh_from_db()
    assert second.state == "skipped" and "nicht zum Antworten geöffnet" in second.note
    assert not SendJob.objects.exists()
