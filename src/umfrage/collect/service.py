"""Saving and submitting through the web questionnaire: one transaction per step, nothing lost.

Every write for an invitation first locks that invitation's row, so two tabs (or a double click)
of the same respondent are handled one after the other, on PostgreSQL and SQLite alike.

On PostgreSQL most saves need no transaction of their own: the request has just read the
respondent's state to show or check the page, and the save is one statement that takes the lock
itself and writes only if the response is still at the version read (``rows.Guard``). Only when
it is not (another tab or a double click came in between), and for a first save, does the save
lock, read afresh and decide there, as on SQLite.

In an anonymous wave nothing stored links an invitation to its unfinished answers: they are a
``Draft`` found by the respondent's locator (``store.anonymity.locator``, kept in the signed
cookie), every save takes the locked path, writes no row of the invitation's side, gives the
answers the wave's stamp as their only time and mixes all unfinished answers of the wave
anew (``store.anonymity.mix_unfinished``). See docs/web-questionnaire.md, "Anonymous waves".
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from umfrage.collect import flow, rows
from umfrage.collect.models import Draft, Progress
from umfrage.questionnaire.spec import Questionnaire, Section
from umfrage.store import anonymity
from umfrage.store.models import Invitation, Response, ResponseHistory, Wave

SOURCE = anonymity.WEB


class Outcome(enum.Enum):
    SAVED = "saved"
    STALE = "stale"
    INVALID = "invalid"
    ALREADY_SUBMITTED = "already_submitted"
    GONE = "gone"
    """The invitation has no working link any more (revoked, erased) or no longer exists."""


@dataclass
class State:
    """What the web questionnaire knows about one invitation right now."""

    progress: Progress | None
    response: Response | None
    draft: Draft | None = None
    """An anonymous wave's unfinished answers (``response`` is then the draft's)."""

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.response.answers) if self.response is not None else {}

    @property
    def version(self) -> int:
        return self.response.version if self.response is not None else 0

    @property
    def done(self) -> list[str]:
        if self.draft is not None:
            return list(self.draft.pages_done)
        return list(self.progress.pages_done) if self.progress is not None else []

    @property
    def submitted(self) -> bool:
        if self.progress is not None and self.progress.submitted:
            return self.response is None or self.response.status == Response.Status.COMPLETE
        return False


@dataclass
class Result:
    outcome: Outcome
    problems: dict[str, list[str]] = field(default_factory=dict)
    state: State | None = None
    """The state after a save (saves the caller a query)."""


def state_of(
    loaded: rows.Loaded, questionnaire: Questionnaire, locator: str | None = None
) -> State:
    """The state from a loaded invitation. Without web progress a response entered otherwise
    (import, telephone) is continued, except in an anonymous wave: there the unfinished
    answers are the draft at the respondent's ``locator`` (one more query), and a web
    progress exists only once submitted."""
    if questionnaire.anonymous:
        if loaded.progress is not None and loaded.progress.submitted:
            return State(loaded.progress, None)
        return _draft_state(locator)
    return State(loaded.progress, loaded.response)


def _draft_state(locator: str | None) -> State:
    draft = (
        Draft.objects.select_related("response").filter(locator=locator).first()
        if locator
        else None
    )
    return State(None, draft.response if draft is not None else None, draft)


def state(invitation: Invitation, locator: str | None = None) -> State:
    """What is stored now (read afresh)."""
    loaded = rows.load(invitation.pk)
    if loaded is None:
        return State(None, None)
    return state_of(loaded, invitation.wave.questionnaire(), locator)


def actor(invitation: Invitation, questionnaire: Questionnaire | None = None) -> str:
    if (questionnaire or invitation.wave.questionnaire()).anonymous:
        return "Web (anonym)"
    return f"Web: {invitation.organisation.key}"


def mark_opened(invitation: Invitation, now: datetime, *, anonymous: bool = False) -> None:
    """The first opening of the link (for the response rate); in an anonymous wave only its
    day (``anonymity.day_of``)."""
    if anonymous:
        now = anonymity.day_of(now)
    if invitation.opened_at is None:
        rows.mark_opened(invitation.pk, now)
        invitation.opened_at = now


def _lock(
    invitation: Invitation, questionnaire: Questionnaire, locator: str | None = None
) -> State | None:
    """Lock the invitation's row, then read what is stored (see ``rows.lock_invitation``);
    None if the invitation is gone or none of its links works any more. Every page checks
    that before it is shown or read; this catches a revocation or an erasure that came in
    between, so that no answer is stored for an organisation whose data was just erased.

    In an anonymous wave also the wave's row (every anonymous save rewrites all unfinished
    answers of the wave, ``anonymity.mix_unfinished``), before the draft is read: the ids it
    had before another respondent's save may be gone."""
    rows.lock_invitation(invitation.pk)
    loaded = rows.load(invitation.pk)
    if loaded is None or not loaded.live:
        return None
    if questionnaire.anonymous:
        anonymity.lock_wave(Wave, invitation.wave_id)
    return state_of(loaded, questionnaire, locator)


def _record(
    response: Response,
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    *,
    status: str,
    by: str,
    submitted_at: datetime | None = None,
    progress: Progress | None = None,
    linked: bool = True,
    invitation_state: str | None = None,
    unlocked: Invitation | None = None,
) -> bool:
    """``Response.record`` on the plain-SQL path: the same checks (``Response.advance``), the
    same row and history entry (tests compare the two), without the ORM's cost and a savepoint
    per save; with the web progress and the invitation's state written alongside
    (``rows.store_response``). ``unlocked``: the invitation whose lock the caller does not
    hold; the write then takes it itself and happens only if the response is still at the
    version read (False if not, see ``rows.Guard``)."""
    read = response.version
    response.advance(questionnaire, answers, status=status, submitted_at=submitted_at)
    return rows.store_response(
        response,
        by=by,
        source=SOURCE,
        progress=progress,
        linked=linked,
        invitation_state=invitation_state,
        guard=None if unlocked is None else rows.Guard(unlocked.pk, read),
    )


def _answers_at(response: Response | None, version: int) -> dict[str, Any] | None:
    if version == 0:
        return {}
    if response is None:
        return None
    entry = ResponseHistory.objects.filter(response=response, version=version).first()
    return dict(entry.answers) if entry is not None else None


def _without_lock(seen: State | None, version: int) -> State | None:
    """A copy of what the request already read, if its save may go without a transaction and
    lock of its own: on PostgreSQL (``rows.writes_with_guard``), for a respondent whose web
    response and progress exist and whose page was shown at the version read. The write then
    happens only if the response is still at that version; else (and in every other case) the
    save takes the usual way: lock, read afresh, decide, write."""
    if seen is None or not rows.writes_with_guard() or version != seen.version:
        return None
    response, progress = seen.response, seen.progress
    if response is None or progress is None or response.pk is None or progress.pk is None:
        return None
    if progress.response_id != response.pk:
        return None
    # Copies: a save that does not happen must leave what the request read as it was.
    return State(copy.copy(progress), copy.copy(response))


def _as_read_or_locked(
    invitation: Invitation,
    questionnaire: Questionnaire,
    seen: State | None,
    version: int,
    step: Callable[[State, bool], Result | None],
    locator: str | None = None,
) -> Result:
    """Run a save's ``step`` on what the request read (``seen``, see ``_without_lock``), and if
    that does not write, in a transaction on what is stored once the invitation is locked.

    ``step(current, locked)``: under the lock it decides every outcome; without it it writes only
    on condition that nothing changed, and returns None (nothing written) for anything else."""
    unlocked = _without_lock(seen, version)
    if unlocked is not None:
        result = step(unlocked, False)
        if result is not None:
            return result
    with rows.write_transaction():
        current = _lock(invitation, questionnaire, locator)
        result = Result(Outcome.GONE) if current is None else step(current, True)
    assert result is not None
    return result


def save_page(
    invitation: Invitation,
    questionnaire: Questionnaire,
    section: Section,
    page_answers: dict[str, Any],
    *,
    version: int,
    finished: bool,
    now: datetime,
    seen: State | None = None,
    locator: str | None = None,
    language: str = "",
) -> Result:
    """Store one page's answers; refuse if another tab changed this page since it was shown.

    ``seen``: the state the request read before (the page's own load). On PostgreSQL the save
    then usually needs a single statement (see ``_without_lock``). ``locator``: an anonymous
    wave's draft (see the module's text); such a save takes its own way (``_save_draft``)."""
    if questionnaire.anonymous:
        return _save_draft(
            invitation,
            questionnaire,
            section,
            page_answers,
            version=version,
            finished=finished,
            locator=locator,
            language=language,
        )

    def step(current: State, locked: bool) -> Result | None:
        if current.submitted and questionnaire.anonymous:
            return Result(Outcome.ALREADY_SUBMITTED) if locked else None
        if version != current.version:
            if not locked:
                return None
            before = _answers_at(current.response, version)
            if before is None or not flow.same_page_answers(section, before, current.answers):
                return Result(Outcome.STALE)
        merged = flow.prune_rankings(
            questionnaire, flow.merge(current.answers, section, page_answers)
        )
        response = current.response or Response(
            wave=invitation.wave,
            organisation=None if questionnaire.anonymous else invitation.organisation,
            created_at=now,
        )
        if language:
            response.language = language
        status = Response.Status.PARTIAL
        if response.status == Response.Status.COMPLETE and not questionnaire.validate(
            questionnaire.clean(merged), complete=True
        ):
            status = Response.Status.COMPLETE
        progress = current.progress or Progress(invitation=invitation)
        pages_done = list(progress.pages_done)
        if finished and section.id not in pages_done:
            pages_done.append(section.id)
        submitted = status == Response.Status.COMPLETE
        # The progress is written only when something in it changes (a new response counts).
        changed = (
            progress.pk is None
            or response.pk is None
            or progress.response_id != response.pk
            or pages_done != progress.pages_done
            or submitted != progress.submitted
        )
        if changed:
            progress.pages_done = pages_done
            progress.submitted = submitted
            progress.updated_at = now
        written = _record(
            response,
            questionnaire,
            merged,
            status=status,
            by=actor(invitation, questionnaire),
            progress=progress if changed else None,
            unlocked=None if locked else invitation,
        )
        if not written:
            return None
        progress.response = response
        return Result(Outcome.SAVED, state=State(progress, response))

    return _as_read_or_locked(invitation, questionnaire, seen, version, step)


def _save_draft(
    invitation: Invitation,
    questionnaire: Questionnaire,
    section: Section,
    page_answers: dict[str, Any],
    *,
    version: int,
    finished: bool,
    locator: str | None,
    language: str = "",
) -> Result:
    """``save_page`` in an anonymous wave: one locked transaction that writes only the answers'
    side (response, history entry, draft) with the wave's stamp as every time, and then mixes
    the wave's unfinished answers (``anonymity.mix_unfinished``), so that neither id, place nor
    writing transaction tells when this one was saved. The invitation's row is locked (two tabs
    of one respondent still go one after the other; a lock is not stored), never written."""
    if not locator:
        return Result(Outcome.GONE)
    with rows.write_transaction():
        current = _lock(invitation, questionnaire, locator)
        if current is None:
            return Result(Outcome.GONE)
        if current.submitted:
            return Result(Outcome.ALREADY_SUBMITTED)
        if version != current.version:
            before = _answers_at(current.response, version)
            if before is None or not flow.same_page_answers(section, before, current.answers):
                return Result(Outcome.STALE)
        merged = flow.prune_rankings(
            questionnaire, flow.merge(current.answers, section, page_answers)
        )
        at = anonymity.stamp(invitation.wave)
        response = current.response or Response(
            wave=invitation.wave, organisation=None, created_at=at
        )
        if language:
            response.language = language
        response.advance(questionnaire, merged, status=Response.Status.PARTIAL)
        response.updated_at = at
        response.save()
        ResponseHistory.objects.create(
            response=response,
            version=response.version,
            changed_at=at,
            changed_by=actor(invitation, questionnaire),
            source=SOURCE,
            status=response.status,
            answers=response.answers,
        )
        draft = current.draft or Draft(locator=locator, response=response)
        if finished and section.id not in draft.pages_done:
            draft.pages_done = [*draft.pages_done, section.id]
        draft.save()
        anonymity.mix_unfinished(invitation.wave)
        return Result(Outcome.SAVED, state=_draft_state(locator))


def submit(
    invitation: Invitation,
    questionnaire: Questionnaire,
    *,
    version: int,
    now: datetime,
    seen: State | None = None,
    locator: str | None = None,
    language: str = "",
) -> Result:
    """The final submit; a repeated one (double click, reload, second tab) changes nothing.

    ``seen`` and ``locator`` as for ``save_page``.

    In an anonymous wave the submit cuts the link between invitation and answers and then
    mixes the wave's submitted answers (``store.anonymity.mix``), all in the one locked
    transaction: the invitation keeps only that it was answered and on which day (the web
    progress, for the response rate), the answers no time, id, position or history that could
    lead back to it (docs/web-questionnaire.md, "Anonymous waves")."""
    anonymous = questionnaire.anonymous
    if anonymous:
        seen = None  # the mix needs the locked transaction (see _as_read_or_locked)
        if not locator:
            return Result(Outcome.GONE)

    def step(current: State, locked: bool) -> Result | None:
        if current.submitted:
            return Result(Outcome.ALREADY_SUBMITTED) if locked else None
        if version != current.version:
            return Result(Outcome.STALE) if locked else None
        answers = questionnaire.clean(current.answers)
        problems = questionnaire.validate(answers, complete=True)
        if problems:
            return Result(Outcome.INVALID, problems) if locked else None
        if anonymous:
            assert locked
            anonymity.lock_wave(Wave, invitation.wave_id)  # before any write: see lock_wave
            if current.draft is not None:
                current.draft.delete()  # no longer unfinished: mixed with the finished below
        response = current.response or Response(
            wave=invitation.wave,
            organisation=None if questionnaire.anonymous else invitation.organisation,
            created_at=now,
        )
        if language:
            response.language = language
        progress = current.progress or Progress(invitation=invitation)
        progress.submitted = True
        progress.updated_at = now
        if anonymous:
            # Only what the response rate needs: answered, and the day (no time, no pages,
            # whose pattern the answers' conditions would repeat).
            progress.updated_at = anonymity.day_of(now)
            progress.pages_done = []
        written = _record(
            response,
            questionnaire,
            answers,
            status=Response.Status.COMPLETE,
            by=actor(invitation, questionnaire),
            submitted_at=response.submitted_at or now,
            progress=progress,
            # Anonymous: from here on nothing links the invitation to the answers.
            linked=not anonymous,
            invitation_state=Invitation.State.RESPONDED,
            unlocked=None if locked else invitation,
        )
        if written and anonymous:
            anonymity.mix(invitation.wave)
        return Result(Outcome.SAVED) if written else None

    return _as_read_or_locked(invitation, questionnaire, seen, version, step, locator)
