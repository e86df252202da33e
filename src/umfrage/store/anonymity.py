"""Answers without an organisation that stay so for whoever holds the database.

An anonymous wave's submitted responses, and the copies an erasure leaves of an organisation's
responses (``governance.dataprotection``), carry no organisation. That alone does not make them
anonymous: times equal or close to the invitation's (opened, progress saved), ids and positions
handed out in the order respondents started or finished, a history with exact times, and on
PostgreSQL the writing transaction (``xmin``) and the physical order of rows (``ctid``) would
link them back. ``mix`` takes all that away, for one wave at a time, in the caller's transaction:

- every such response of the wave is deleted and written anew, in a random order (fresh ids,
  fresh history ids, one transaction for all, rows physically in that order);
- its times (created, changed, submitted, the single history entry) become the wave's ``stamp``,
  the same for all of them, and its position 0 and its version 1;
- its history keeps one entry (the final answers, who in general wrote them: "Web (anonym)" or
  "Datenschutz"), without the intermediate states and their times.

Unfinished answers of an open anonymous wave (``collect.models.Draft``) are not linked to their
invitation at all: the respondent finds them again through a locator computed from the raw
personal token (``locator``), which the database does not hold. ``mix_unfinished`` rewrites
them, on every anonymous save, the same way as ``mix`` does the finished ones (random order,
the wave's stamp for every time), keeping their versions and history entries (with the
stamp as their time) so that a save from a second tab is still checked against the page it
was shown.

Called on every anonymous submit (``collect.service.submit``), when an anonymous wave closes
(``release_unfinished``: unfinished answers too) and on every erasure that anonymises
(``governance.dataprotection``); migration ``collect/0003_mix_anonymous_answers`` did it once for data stored before.
Responses that came from an import are left alone: their file is their origin, and the import
recognises them again by their submission time (``importers.database.content_key``).
"""

from __future__ import annotations

import hashlib
import hmac
import random
from datetime import datetime, time
from typing import Any

from django.apps import apps
from django.utils import timezone
from ruamel.yaml import YAML

from umfrage.store.models import Response, ResponseHistory, Wave

# History sources of the responses that are mixed: the web questionnaire (an anonymous wave's
# answers) and an erasure's anonymised copy.
WEB = "web"
ANONYMISED = "anonymised"
SOURCES = (WEB, ANONYMISED)
COMPLETE = Response.Status.COMPLETE.value

_random = random.SystemRandom()


def stamp(wave: Any) -> datetime:
    """The one time all mixed responses of the wave carry: midnight (survey's time zone) of the
    day the wave was opened, else of its first field day, else of today."""
    if wave.opened_at is not None:
        day = timezone.localdate(wave.opened_at)
    elif wave.opens is not None:
        day = wave.opens
    else:
        day = timezone.localdate()
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def is_stamp(moment: datetime) -> bool:
    """Whether a time looks like a stamp (``stamp``, ``day_of``): midnight in the survey's time
    zone. A response created and changed at such a time without organisation is a mixed one."""
    return timezone.localtime(moment).time() == time.min


def day_of(moment: datetime) -> datetime:
    """Midnight (survey's time zone) of the moment's day: a time coarsened to the day."""
    day = timezone.localdate(moment)
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def declared_anonymous(questionnaire_text: str) -> bool:
    """Whether a stored questionnaire says ``anonymous: true``, read without the full loader
    (for a data migration, and for closing a wave whose questionnaire no longer loads)."""
    try:
        data = YAML(typ="safe").load(questionnaire_text)
    except Exception:  # not YAML at all: nothing that says anonymous
        return False
    return isinstance(data, dict) and data.get("anonymous") is True


LOCATOR_MESSAGE = b"umfrage anonymous response v1"


def locator(token: str) -> str:
    """Where an anonymous wave's unfinished answers of this personal link are kept: an HMAC
    with the raw token as key. The database stores only the token's SHA-256
    (``Invitation.hash_token``), from which the locator cannot be computed."""
    return hmac.new(token.encode("utf-8"), LOCATOR_MESSAGE, hashlib.sha256).hexdigest()


def lock_wave(wave_model: Any, pk: int) -> None:
    """Lock the wave's row for the caller's transaction (nothing to send on SQLite, whose write
    transaction locks the whole database). A submit takes it before it writes anything, after
    the invitation's lock, the order every writer keeps (closing a wave holds the wave's lock
    and then writes progress rows, which no submit has touched yet when it waits for it)."""
    list(wave_model.objects.select_for_update().filter(pk=pk).values_list("pk"))


def release_unfinished(wave: Wave, now: datetime) -> int:
    """Forget the locators of every unfinished answer of an anonymous wave and mix them with
    the rest (when the wave closes: ``Wave._become``). Until then the locator lets a
    respondent resume; afterwards the unfinished answers are mixed with the submitted ones, and
    a respondent of a reopened wave starts afresh. In the caller's transaction.

    (Web progress still linked to an unfinished answer is from before the locators: cut too.)"""
    lock_wave(Wave, wave.pk)
    draft_model = apps.get_model("collect", "Draft")
    drafts = draft_model.objects.filter(response__wave=wave)
    released = drafts.count()
    drafts.delete()
    progress_model = apps.get_model("collect", "Progress")
    linked = list(
        progress_model.objects.filter(
            invitation__wave=wave, response__isnull=False, response__organisation__isnull=True
        )
    )
    for progress in linked:
        progress.response = None
        progress.pages_done = []
        progress.updated_at = day_of(now)
    progress_model.objects.bulk_update(linked, ["response", "pages_done", "updated_at"])
    mix(wave)
    return released + len(linked)


def mix(wave: Wave) -> int:
    """Rewrite the wave's anonymous web and anonymised responses in a random order, with
    nothing left that orders or dates them (see the module's text). Runs in the caller's
    transaction (it must be in one); returns how many were rewritten.

    A response still being filled in (an anonymous respondent who has not submitted yet: a
    ``collect.Draft``, or from before the drafts a web progress linked to it) is not touched.
    """
    return mix_with(Response, ResponseHistory, wave)


def mix_with(response_model: Any, history_model: Any, wave: Any) -> int:
    """``mix`` with the given models (a data migration passes its historical ones)."""
    # One mix of a wave at a time: two submits mixing at once would each write the answers
    # they read, twice. The lock makes the second wait, and it then reads what the first wrote.
    lock_wave(type(wave), wave.pk)
    unfinished = {
        # the reverse of collect.Progress.response: still being filled in (before the drafts)
        "response__web_progress__isnull": True,
    }
    if _has_drafts(response_model):
        unfinished["response__web_draft__isnull"] = True  # collect.Draft: still being filled in
    entries = history_model.objects.filter(
        response__wave=wave,
        response__organisation__isnull=True,
        source__in=SOURCES,
        **unfinished,
    ).values_list("response_id", "version", "changed_by", "source")
    author: dict[int, tuple[int, str, str]] = {}
    for pk, version, changed_by, source in entries:
        if pk not in author or author[pk][0] < version:
            author[pk] = (version, changed_by, source)
    if not author:
        return 0
    old = list(response_model.objects.filter(pk__in=author).order_by())
    _random.shuffle(old)
    at = stamp(wave)
    response_model.objects.filter(pk__in=[r.pk for r in old]).delete()
    fresh = response_model.objects.bulk_create(
        [
            response_model(
                wave=wave,
                organisation=None,
                position=0,
                status=r.status,
                submitted_at=at if r.status == COMPLETE else None,
                answers=r.answers,
                version=1,
                created_at=at,
                updated_at=at,
            )
            for r in old
        ]
    )
    history_model.objects.bulk_create(
        [
            history_model(
                response=new,
                version=1,
                changed_at=at,
                changed_by=author[r.pk][1],
                source=author[r.pk][2],
                status=new.status,
                answers=new.answers,
            )
            for r, new in zip(old, fresh, strict=True)
        ]
    )
    return len(fresh)


def _has_drafts(response_model: Any) -> bool:
    """Whether the (possibly historical) response model knows ``collect.Draft`` yet."""
    return any(
        getattr(f, "related_name", None) == "web_draft"
        for f in response_model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete
    )


def mix_unfinished(wave: Wave) -> int:
    """Rewrite the wave's unfinished anonymous answers (``collect.Draft``) in a random order,
    as ``mix`` does the finished ones: fresh ids in that order, every time the wave's stamp,
    position 0, all in the caller's transaction, so that on PostgreSQL they also share one
    writing transaction (``xmin``) and lie physically in that order. What the respondent needs
    stays: the answers, the version, each history entry (its time the stamp, in a random order
    among all entries) and the draft's locator and pages. Returns how many were rewritten.

    Called under the wave's lock on every anonymous save (``collect.service``): each save writes
    one response, and without this its id, place and transaction would order it among the
    others by the time of that save."""
    return mix_unfinished_with(Response, ResponseHistory, apps.get_model("collect", "Draft"), wave)


def mix_unfinished_with(
    response_model: Any, history_model: Any, draft_model: Any, wave: Any
) -> int:
    """``mix_unfinished`` with the given models (a data migration passes its historical ones)."""
    lock_wave(type(wave), wave.pk)
    drafts = {d.response_id: d for d in draft_model.objects.filter(response__wave=wave)}
    if not drafts:
        return 0
    old = list(response_model.objects.filter(pk__in=drafts).order_by())
    entries = list(history_model.objects.filter(response__in=drafts).order_by())
    _random.shuffle(old)
    _random.shuffle(entries)
    at = stamp(wave)
    response_model.objects.filter(pk__in=drafts).delete()  # drafts and history go with them
    fresh = response_model.objects.bulk_create(
        [
            response_model(
                wave=wave,
                organisation=None,
                position=0,
                status=r.status,
                submitted_at=None,
                answers=r.answers,
                version=r.version,
                created_at=at,
                updated_at=at,
            )
            for r in old
        ]
    )
    new_of = {r.pk: new for r, new in zip(old, fresh, strict=True)}
    history_model.objects.bulk_create(
        [
            history_model(
                response=new_of[e.response_id],
                version=e.version,
                changed_at=at,
                changed_by=e.changed_by,
                source=e.source,
                status=e.status,
                answers=e.answers,
            )
            for e in entries
        ]
    )
    order = list(drafts.values())
    _random.shuffle(order)
    draft_model.objects.bulk_create(
        [
            draft_model(locator=d.locator, response=new_of[d.response_id], pages_done=d.pages_done)
            for d in order
        ]
    )
    return len(fresh)
