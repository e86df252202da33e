"""Reminders on a schedule: staff plan the days, the task queue starts the runs.

``plan`` replaces a wave's planned reminders with new days; each becomes a ``PlannedReminder``
and a task in the database queue with that start time (``run_after``, 09:00 local time). Any
worker (``umfrage worker``, or the one ``umfrage serve`` starts) runs it when it is due; a worker
that was down runs it as soon as it is back. The run is an ordinary reminder ``SendJob``: only
organisations that were invited, have not completed and have not opted out, and nobody twice
within the reminder gap (``umfrage.invitations.sending.candidates``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task

from umfrage.invitations.jobs import active, add_line, execute
from umfrage.invitations.models import Message, PlannedReminder, SendJob
from umfrage.invitations.sending import SendingStopped
from umfrage.invitations.tokens import wave_accepts_links
from umfrage.store.models import Wave

scheduled_run_started = Signal()
"""Sent with ``reminder`` and ``job`` when a planned reminder's run starts (exactly once)."""

REMINDER_HOUR = 9
"""Planned reminders start at this hour, local time (a working morning)."""
RETRY_WHEN_BUSY = timedelta(minutes=10)
"""A reminder due while another run of the wave is going waits this long and tries again."""


def due_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(REMINDER_HOUR)))


def planned(wave: Wave) -> list[PlannedReminder]:
    """The wave's planned reminders that have not been cancelled, in date order."""
    return list(
        PlannedReminder.objects.filter(wave=wave)
        .exclude(state=PlannedReminder.State.CANCELLED)
        .select_related("job")
        .order_by("due_at", "pk")
    )


def next_run(wave: Wave) -> PlannedReminder | None:
    return (
        PlannedReminder.objects.filter(wave=wave, state=PlannedReminder.State.PLANNED)
        .order_by("due_at", "pk")
        .first()
    )


def plan(wave: Wave, days: Iterable[date], *, by: str) -> list[PlannedReminder]:
    """Replace the wave's planned (not yet started) reminders with these days, all or nothing."""
    with transaction.atomic():
        PlannedReminder.objects.filter(wave=wave, state=PlannedReminder.State.PLANNED).update(
            state=PlannedReminder.State.CANCELLED
        )
        made = []
        for day in sorted(set(days)):
            reminder = PlannedReminder.objects.create(
                wave=wave, due_at=due_at(day), planned_by=by[:150]
            )
            result = run_planned_reminder.using(run_after=reminder.due_at).enqueue(reminder.pk)
            reminder.task_id = str(result.id)
            reminder.save(update_fields=["task_id"])
            made.append(reminder)
    return made


def _again(reminder: PlannedReminder, when: datetime, note: str) -> None:
    result = run_planned_reminder.using(run_after=when).enqueue(reminder.pk)
    PlannedReminder.objects.filter(pk=reminder.pk).update(task_id=str(result.id), note=note)


@task()
def run_planned_reminder(reminder_id: int) -> None:
    """The queued task: start the reminder run if it is still planned and may go out now."""
    reminder = PlannedReminder.objects.select_related("wave__survey").filter(pk=reminder_id).first()
    if reminder is None or reminder.state != PlannedReminder.State.PLANNED:
        return  # cancelled or replaced by a newer plan, or already started
    now = timezone.now()
    if reminder.due_at > now:  # a worker whose clock runs ahead, or an early pick-up
        _again(reminder, reminder.due_at, reminder.note)
        return
    wave = reminder.wave
    if not wave_accepts_links(wave, now):
        PlannedReminder.objects.filter(pk=reminder.pk, state=PlannedReminder.State.PLANNED).update(
            state=PlannedReminder.State.SKIPPED,
            note="Ausgelassen: Die Welle war nicht zum Antworten geöffnet.",
        )
        return
    if active(wave) is not None:
        _again(
            reminder,
            now + RETRY_WHEN_BUSY,
            "Wartet: Zur geplanten Zeit lief ein anderer Versand dieser Welle.",
        )
        return
    job = SendJob.objects.create(
        wave=wave,
        kind=Message.Kind.REMINDER,
        origin=SendJob.Origin.SCHEDULE,
        started_by=f"Zeitplan (geplant von {reminder.planned_by or 'unbekannt'})"[:150],
    )
    # Exactly one worker starts it, even if the task ran twice.
    claimed = PlannedReminder.objects.filter(
        pk=reminder.pk, state=PlannedReminder.State.PLANNED
    ).update(state=PlannedReminder.State.STARTED, job=job, note="")
    if not claimed:
        job.delete()
        return
    add_line(job, "Geplante Erinnerung gestartet.")
    job.save(update_fields=["log"])
    # Like a run started on the page or the command line, a scheduled one goes to the audit
    # log (web/signals.py records it: governance already depends on invitations).
    scheduled_run_started.send(sender=PlannedReminder, reminder=reminder, job=job)
    with contextlib.suppress(SendingStopped):  # recorded on the job
        execute(job)
