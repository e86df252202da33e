"""The wave's response dashboard ("Rücklauf"): figures from ``wave_progress`` made presentable.

Pure functions over a :class:`WaveProgress`: the rates, one row per Land (all 16, in the names
the wave's questionnaire or the register uses), one row per day since the wave opened, and the
geometry of the server-rendered SVG chart. No queries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from umfrage import formatting as fmt
from umfrage.invitations.tracking import NO_LAND, Counts, WaveProgress
from umfrage.store.labels import LAENDER
from umfrage.store.models import Wave

# Longer field periods show only the days on which something happened.
MAX_DAYS = 120


@dataclass(frozen=True)
class Rates:
    register: int
    invited: int
    opened: int
    partial: int
    complete: int
    of_invited: float | None
    of_register: float | None

    @property
    def of_invited_text(self) -> str:
        return percent(self.of_invited)

    @property
    def of_register_text(self) -> str:
        return percent(self.of_register)


@dataclass(frozen=True)
class LandRow:
    name: str
    code: str
    invited: int
    partial: int | None  # None: not known in an anonymous wave
    complete: int
    register: int

    @property
    def rate(self) -> float | None:
        return self.complete / self.invited if self.invited else None

    @property
    def rate_text(self) -> str:
        return percent(self.rate)


@dataclass(frozen=True)
class DayRow:
    day: date
    invited: int
    reminders: int
    new_complete: int
    invited_total: int
    partial_total: int
    complete_total: int


def percent(value: float | None) -> str:
    """German percentage with one decimal (``41,7 %``), a dash when there is no base."""
    return fmt.percent(value, 1)


def rates(progress: WaveProgress) -> Rates:
    total = progress.total
    complete = total.complete + progress.anonymous_complete
    partial = total.partial + progress.anonymous_partial
    return Rates(
        register=total.register,
        invited=total.invited,
        opened=total.opened,
        partial=partial,
        complete=complete,
        of_invited=complete / total.invited if total.invited else None,
        of_register=complete / total.register if total.register else None,
    )


def land_names(wave: Wave) -> dict[str, str]:
    """Code → name, taken from the questionnaire's ``bundesland`` options where it has them."""
    names = dict(LAENDER)
    questionnaire = wave.questionnaire()
    question = (
        questionnaire.question("bundesland") if questionnaire.has_question("bundesland") else None
    )
    options: Any = getattr(question, "options", None) or ()
    for option in options:
        code = str(option.code).upper()
        if code in names and option.label:
            names[code] = str(option.label)
    return names


def land_rows(progress: WaveProgress, wave: Wave, anonymous: bool) -> list[LandRow]:
    """All 16 Länder (also those without organisations), then other values, then "ohne Angabe".

    A register may name a Land by its code (``BW``) or by its name (``Baden-Württemberg``).
    """
    names = land_names(wave)
    by_key = {code: code for code in names}
    by_key.update({name.casefold(): code for code, name in names.items()})
    by_key.update({name.casefold(): code for code, name in LAENDER})
    found: dict[str, Counts] = {}
    others: list[tuple[str, Counts]] = []
    for value, counts in progress.by_land.items():
        code = by_key.get(value.upper()) or by_key.get(value.casefold())
        if code is None:
            others.append((value, counts))
        elif code in found:
            found[code] = _add(found[code], counts)
        else:
            found[code] = counts

    def row(name: str, code: str, counts: Counts) -> LandRow:
        return LandRow(
            name=name,
            code=code,
            invited=counts.invited,
            partial=None if anonymous else counts.partial,
            complete=counts.responded if anonymous else counts.complete,
            register=counts.register,
        )

    rows = [row(names[code], code, found.get(code, Counts())) for code, _name in LAENDER]
    rows.sort(key=lambda r: r.name)
    others.sort(key=lambda item: (item[0] == NO_LAND, item[0].casefold()))
    rows += [row(value, "", counts) for value, counts in others]
    return rows


def _add(a: Counts, b: Counts) -> Counts:
    return Counts(**{name: getattr(a, name) + getattr(b, name) for name in vars(a)})


def sort_by_rate(rows: list[LandRow]) -> list[LandRow]:
    """Highest response rate first; Länder nobody was invited in at the end, by name."""
    return sorted(rows, key=lambda r: (r.rate is None, -(r.rate or 0.0), r.name))


def day_range(progress: WaveProgress, wave: Wave, today: date) -> tuple[list[date], bool]:
    """The days to show: every day from the opening to today (or the last event) if that is at
    most ``MAX_DAYS``; otherwise only the days with events. The flag says which."""
    event_days = [a.day for a in progress.activity]
    if not event_days:
        return [], False
    start = min(event_days)
    opened = timezone.localdate(wave.opened_at) if wave.opened_at else wave.opens
    if opened is not None and opened < start:
        start = opened
    end = max(event_days)
    if wave.status == Wave.Status.OPEN and today > end:
        end = today
    if (end - start).days + 1 > MAX_DAYS:
        return sorted(event_days), True
    return [start + timedelta(days=n) for n in range((end - start).days + 1)], False


def day_rows(progress: WaveProgress, days: list[date]) -> list[DayRow]:
    activity = {a.day: a for a in progress.activity}
    invited = started = complete = 0
    rows = []
    for day in days:
        event = activity.get(day)
        new_complete = 0
        reminders = invited_today = 0
        if event is not None:
            invited_today, reminders = event.invited, event.reminders
            started += event.started
            new_complete = event.complete
        invited += invited_today
        complete += new_complete
        rows.append(
            DayRow(
                day=day,
                invited=invited_today,
                reminders=reminders,
                new_complete=new_complete,
                invited_total=invited,
                partial_total=max(started - complete, 0),
                complete_total=complete,
            )
        )
    return rows


# The chart: SVG drawn on the server (presentation attributes only; the CSP allows no style).
WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
COMPLETE_COLOUR = "#004b87"
PARTIAL_COLOUR = "#b04a00"
INVITED_COLOUR = "#1b1b1b"
REMINDER_COLOUR = "#5c2d91"


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[dict[str, Any]] = field(default_factory=list)
    line: str = ""
    y_ticks: list[dict[str, Any]] = field(default_factory=list)
    x_labels: list[dict[str, Any]] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)
    axis_y: int = HEIGHT - BOTTOM
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    colours: dict[str, str] = field(default_factory=dict)


def _nice_step(maximum: int) -> int:
    """A round tick step so that about four to six ticks cover ``maximum``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if maximum / step <= 6:
            return step
    return max(1, maximum // 5)


def chart(rows: list[DayRow]) -> Chart | None:
    if not rows:
        return None
    result = Chart(
        colours={
            "complete": COMPLETE_COLOUR,
            "partial": PARTIAL_COLOUR,
            "invited": INVITED_COLOUR,
            "reminder": REMINDER_COLOUR,
        }
    )
    top_value = max(max(r.invited_total, r.partial_total + r.complete_total) for r in rows)
    step = _nice_step(max(top_value, 1))
    ceiling = max(step, -(-max(top_value, 1) // step) * step)
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / len(rows)
    bar_w = max(slot * 0.7, 1.0)

    def y(value: int) -> float:
        return round(TOP + plot_h - value / ceiling * plot_h, 1)

    for value in range(0, ceiling + 1, step):
        result.y_ticks.append({"y": y(value), "label": fmt.number(value)})
    points = []
    label_every = max(1, -(-len(rows) // 8))
    for index, r in enumerate(rows):
        x = LEFT + index * slot + (slot - bar_w) / 2
        centre = round(LEFT + index * slot + slot / 2, 1)
        complete_top = y(r.complete_total)
        partial_top = y(r.complete_total + r.partial_total)
        result.bars.append(
            {
                "x": round(x, 1),
                "width": round(bar_w, 1),
                "complete_y": complete_top,
                "complete_h": round(y(0) - complete_top, 1),
                "partial_y": partial_top,
                "partial_h": round(complete_top - partial_top, 1),
                "row": r,
            }
        )
        points.append(f"{centre},{y(r.invited_total)}")
        if index % label_every == 0 or index == len(rows) - 1:
            if index == len(rows) - 1 and index % label_every and len(result.x_labels) > 1:
                # Keep the last date readable: drop the regular label just before it.
                last = result.x_labels[-1]
                if centre - last["x"] < slot * label_every * 0.8:
                    result.x_labels.pop()
            result.x_labels.append({"x": centre, "label": fmt.numeric_date(r.day, year=False)})
        if r.reminders:
            result.reminders.append({"x": centre, "row": r})
    result.line = " ".join(points)
    return result


def description(rows: list[DayRow]) -> str:
    """The chart's text alternative: where things stand and when reminders went out."""
    if not rows:
        return ""
    last = rows[-1]
    reminder_days = [fmt.numeric_date(r.day) for r in rows if r.reminders]
    text = (
        f"Verlauf vom {fmt.numeric_date(rows[0].day)} bis {fmt.numeric_date(last.day)}. Stand am "
        f"{fmt.numeric_date(last.day)}: {fmt.number(last.invited_total)} Einladungen versandt, "
        f"{fmt.number(last.complete_total)} vollständige und "
        f"{fmt.number(last.partial_total)} unvollständige Antworten."
    )
    if reminder_days:
        text += " Erinnerungen versandt am " + ", ".join(reminder_days) + "."
    else:
        text += " Bisher wurden keine Erinnerungen versandt."
    return text
