"""The response rate: invited, opened, partial and complete, per wave, per Land and over time.

One function, ``wave_progress``, for the admin dashboard, ``umfrage status`` and the report's
method section. It reads a fixed number of queries (organisations, invitations, responses,
reminders), however large the register, and does the counting in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from umfrage.invitations.models import Message
from umfrage.store import anonymity
from umfrage.store.models import Invitation, Organisation, Response, Wave

NO_LAND = "ohne Angabe"


@dataclass
class Counts:
    """Organisations in the register and how far they got; each organisation counted once."""

    register: int = 0
    invited: int = 0
    failed: int = 0
    opted_out: int = 0
    opened: int = 0
    partial: int = 0
    complete: int = 0
    # Invitations marked "geantwortet": in an anonymous wave the only per-organisation trace of
    # a submitted questionnaire (its answers carry no organisation).
    responded: int = 0

    @property
    def response_rate(self) -> float | None:
        """Complete responses per invited organisation (None before anyone was invited)."""
        return self.complete / self.invited if self.invited else None


@dataclass(frozen=True)
class Day:
    """Running totals at the end of one day (the survey's time zone)."""

    day: date
    invited: int
    opened: int
    complete: int


@dataclass(frozen=True)
class Activity:
    """What happened on one day (the survey's time zone): new events, not running totals.

    ``started`` counts responses begun that day (partial or later completed), ``complete``
    responses finished that day; anonymous responses are included, a submitted answer of an
    anonymous wave only in ``complete``, by the day its invitation's web progress keeps (its
    answers carry no time of their own, see ``store.anonymity``).
    """

    day: date
    invited: int = 0
    reminders: int = 0
    started: int = 0
    complete: int = 0


@dataclass(frozen=True)
class Recent:
    """One of the last responses; ``organisation`` is None for an anonymous one."""

    at: datetime
    organisation: str | None
    name: str
    complete: bool
    pages_done: int | None  # None: not answered on the web (imported) or the link was cut


@dataclass
class WaveProgress:
    survey: str
    wave: str
    status: str
    closes: date | None
    total: Counts
    by_land: dict[str, Counts] = field(default_factory=dict)
    over_time: list[Day] = field(default_factory=list)
    anonymous_complete: int = 0
    anonymous_partial: int = 0
    activity: list[Activity] = field(default_factory=list)
    recent: list[Recent] = field(default_factory=list)


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


RECENT = 10


def wave_progress(wave: Wave, *, recent: int = RECENT) -> WaveProgress:
    """Count the wave's invitations and responses (four queries, no per-row work in SQL)."""
    names: dict[int, tuple[str, str]] = {}
    organisations: dict[int, tuple[str, bool]] = {}
    for pk, key, name, land, active in Organisation.objects.filter(survey=wave.survey).values_list(
        "pk", "key", "name", "bundesland", "active"
    ):
        organisations[pk] = (land or NO_LAND, active)
        names[pk] = (key, name)
    invitations: dict[int, tuple[str, datetime | None, datetime | None]] = {}
    activity: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for org, state, sent_at, opened_at, answered, linked, on in Invitation.objects.filter(
        wave=wave
    ).values_list(
        "organisation_id",
        "state",
        "sent_at",
        "opened_at",
        "web_progress__submitted",
        "web_progress__response",
        "web_progress__updated_at",
    ):
        invitations[org] = (state, sent_at, opened_at)
        if answered and linked is None and on is not None:
            # An anonymous wave's submit: the day is known only here (the answers carry the
            # wave's stamp, see store.anonymity).
            activity[timezone.localdate(on)]["complete"] += 1
    responses: dict[int, tuple[str, datetime, datetime | None]] = {}
    anonymous = {Response.Status.COMPLETE: 0, Response.Status.PARTIAL: 0}
    latest: list[tuple[datetime, int | None, bool, int | None]] = []
    for org, status, created, submitted, updated, pages in Response.objects.filter(
        wave=wave
    ).values_list(
        "organisation_id",
        "status",
        "created_at",
        "submitted_at",
        "updated_at",
        "web_progress__pages_done",
    ):
        complete = status == Response.Status.COMPLETE
        if org is None and anonymity.is_stamp(created) and updated == created:
            # Mixed anonymous answers (store.anonymity): no time of their own to show or count.
            anonymous[status] = anonymous.get(status, 0) + 1
            continue
        finished = (submitted or updated) if complete else None
        # An imported response is created after it was answered: it began when it was finished.
        began = min(created, finished) if finished is not None else created
        activity[timezone.localdate(began)]["started"] += 1
        if finished is not None:
            activity[timezone.localdate(finished)]["complete"] += 1
        latest.append((finished or updated, org, complete, None if pages is None else len(pages)))
        if org is None:
            anonymous[status] = anonymous.get(status, 0) + 1
            continue
        responses[org] = (status, created, finished)
    for (sent_at,) in Message.objects.filter(
        invitation__wave=wave, kind=Message.Kind.REMINDER, sent_at__isnull=False
    ).values_list("sent_at"):
        activity[timezone.localdate(sent_at)]["reminders"] += 1

    total = Counts()
    by_land: dict[str, Counts] = defaultdict(Counts)
    events: dict[str, list[date]] = {"invited": [], "opened": [], "complete": []}
    for org, (land, active) in organisations.items():
        invitation = invitations.get(org)
        response = responses.get(org)
        if not active and invitation is None and response is None:
            continue
        state, sent_at, opened_at = invitation or ("", None, None)
        for counts in (total, by_land[land]):
            counts.register += active
            counts.invited += sent_at is not None
            counts.failed += state == Invitation.State.FAILED
            counts.opted_out += state == Invitation.State.OPTED_OUT
            counts.opened += opened_at is not None or response is not None
            counts.partial += response is not None and response[0] == Response.Status.PARTIAL
            counts.complete += response is not None and response[0] == Response.Status.COMPLETE
            counts.responded += state == Invitation.State.RESPONDED
        opened_day = min(
            (d for d in (_day(opened_at), _day(response[1]) if response else None) if d),
            default=None,
        )
        for name, day in (
            ("invited", _day(sent_at)),
            ("opened", opened_day),
            ("complete", _day(response[2]) if response else None),
        ):
            if day is not None:
                events[name].append(day)
        if sent_at is not None:
            activity[timezone.localdate(sent_at)]["invited"] += 1
    latest.sort(key=lambda item: item[0], reverse=True)
    return WaveProgress(
        wave.survey.slug,
        wave.key,
        wave.status,
        wave.closes,
        total,
        dict(sorted(by_land.items(), key=lambda item: (item[0] == NO_LAND, item[0]))),
        _running_totals(events),
        anonymous[Response.Status.COMPLETE],
        anonymous[Response.Status.PARTIAL],
        [Activity(d, **activity[d]) for d in sorted(activity)],
        [
            Recent(
                at,
                names[org][0] if org is not None else None,
                names[org][1] if org is not None else "",
                complete,
                pages,
            )
            for at, org, complete, pages in latest[:recent]
        ],
    )


def _running_totals(events: dict[str, list[date]]) -> list[Day]:
    days = sorted({d for dates in events.values() for d in dates})
    if not days:
        return []
    per_day: dict[str, dict[date, int]] = {name: defaultdict(int) for name in events}
    for name, dates in events.items():
        for d in dates:
            per_day[name][d] += 1
    result = []
    running = dict.fromkeys(events, 0)
    for d in days:
        for name in events:
            running[name] += per_day[name][d]
        result.append(Day(d, running["invited"], running["opened"], running["complete"]))
    return result
