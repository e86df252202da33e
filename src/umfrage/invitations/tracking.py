"""The response rate: invited, opened, partial and complete, per wave, per Land and over time.

One function, ``wave_progress``, for the admin dashboard, ``umfrage status`` and the report's
method section.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

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


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def wave_progress(wave: Wave) -> WaveProgress:
    """Count the wave's invitations and responses (a few queries, no per-row work in SQL)."""
    organisations = {
        pk: (land or NO_LAND, active)
        for pk, land, active in Organisation.objects.filter(survey=wave.survey).values_list(
            "pk", "bundesland", "active"
        )
    }
    invitations = {
        org: (state, sent_at, opened_at)
        for org, state, sent_at, opened_at in Invitation.objects.filter(wave=wave).values_list(
            "organisation_id", "state", "sent_at", "opened_at"
        )
    }
    responses: dict[int, tuple[str, datetime, datetime | None]] = {}
    anonymous = 0
    for org, status, created, submitted, updated in Response.objects.filter(wave=wave).values_list(
        "organisation_id", "status", "created_at", "submitted_at", "updated_at"
    ):
        if org is None:
            anonymous += status == Response.Status.COMPLETE
            continue
        finished = (submitted or updated) if status == Response.Status.COMPLETE else None
        responses[org] = (status, created, finished)

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
    return WaveProgress(
        wave.survey.slug,
        wave.key,
        wave.status,
        wave.closes,
        total,
        dict(sorted(by_land.items(), key=lambda item: (item[0] == NO_LAND, item[0]))),
        _running_totals(events),
        anonymous,
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
