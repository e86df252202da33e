"""Saves of one respondent that really overlap: two server processes at the same moment.

The other tests of saving send one request after another, so they cannot show what happens when
a save has to wait for another one's lock (a double click, two tabs, a retry by the browser).
Here two threads, each with its own database connection, save for the same invitation, and the
second is released only once PostgreSQL reports it waiting for a lock held by the first.

Each test runs twice: the saves as the locked way makes them (lock, read afresh, write), and
as the pages make them, with the state the request read before (``seen``): on PostgreSQL one
statement that takes the lock itself and writes only if the response is still as read; the
second save has read before the first one wrote, so it must find that out and decide afresh.

PostgreSQL only: on SQLite a save's transaction starts with BEGIN IMMEDIATE, so the second save
cannot even start reading before the first has committed, and the in-memory test database is
shared between threads in a mode with locks of its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.collect.helpers import Respondent
from tests.collect.survey import COMPLETE_PAGES
from tests.collect.test_save_and_submit import complete_all_pages
from umfrage.collect import rows, service
from umfrage.importers.database import apply_plan
from umfrage.importers.plan import ImportPlan
from umfrage.questionnaire.spec import Questionnaire, Section
from umfrage.store import anonymity
from umfrage.store.models import Invitation, Response, ResponseHistory
from umfrage.surveyfolder.responses import ResponseRecord

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises whole save transactions (BEGIN IMMEDIATE)")


def _waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


class Racer(threading.Thread):
    """Runs ``work`` on its own connection; keeps the result or the exception."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            connections.close_all()

    def outcome(self) -> Any:
        self.join(timeout=30)
        assert not self.is_alive(), "the save did not finish"
        if self.error is not None:
            raise self.error
        return self.result


Overlap = Callable[..., tuple[Any, Any]]


@pytest.fixture
def overlapping() -> Iterator[Overlap]:
    """``overlapping(first, second, then=None)``: ``first`` runs inside a transaction that holds
    the invitation's lock; ``second`` starts meanwhile and must wait for a lock; then ``then``
    (given ``first``'s result) runs in the same transaction, which commits. Returns both
    results (``then``'s in place of ``first``'s)."""
    started: list[Racer] = []

    def run(
        first: Callable[[], Any],
        second: Callable[[], Any],
        then: Callable[[Any], Any] | None = None,
    ) -> tuple[Any, Any]:
        holding = threading.Event()
        release = threading.Event()

        def hold() -> Any:
            with rows.write_transaction():
                result = first()
                holding.set()
                assert release.wait(timeout=20), "the second save never waited"
                if then is not None:
                    result = then(result)
            return result

        one = Racer(hold)
        started.append(one)
        one.start()
        assert holding.wait(timeout=20)
        two = Racer(second)
        started.append(two)
        two.start()
        deadline = time.monotonic() + 20
        while _waiting_for_a_lock() == 0:
            assert time.monotonic() < deadline, "the second save did not wait for the lock"
            assert two.is_alive(), "the second save did not wait for the lock"
            time.sleep(0.01)
        release.set()
        return one.outcome(), two.outcome()

    yield run
    for racer in started:
        racer.join(timeout=30)


def page_a_saved(
    respondent: Respondent,
) -> tuple[Invitation, Questionnaire, Section, service.State, dict[str, Any]]:
    """Page A saved once through the pages; the invitation, its questionnaire, section A, the
    stored state and page A's stored answers."""
    respondent.post_page("A", COMPLETE_PAGES["A"])
    invitation = respondent.invitation
    questionnaire = invitation.wave.questionnaire()
    section = questionnaire.sections[0]
    assert section.id == "A"
    stored = service.state(invitation)
    keys = {key for q in section.questions for key in q.answer_keys()}
    return (
        invitation,
        questionnaire,
        section,
        stored,
        {k: v for k, v in stored.answers.items() if k in keys},
    )


def saving(
    invitation: Invitation,
    section: Section,
    page: dict[str, Any],
    seen: service.State | None,
    version: int,
) -> Callable[[], service.Result]:
    """A page save, as the page's POST makes it (with ``seen``, what it read) or the locked way."""

    def run() -> service.Result:
        return service.save_page(
            invitation,
            invitation.wave.questionnaire(),
            section,
            page,
            version=version,
            finished=True,
            now=timezone.now(),
            seen=seen,
        )

    return run


def _history_is_whole(response: Response) -> None:
    versions = list(
        ResponseHistory.objects.filter(response=response)
        .order_by("version")
        .values_list("version", flat=True)
    )
    assert versions == list(range(1, response.version + 1))


@pytest.mark.parametrize("as_read", [False, True], ids=["locked", "as-read"])
def test_two_final_submits_at_once_make_one_complete_response(
    respondent: Respondent, overlapping: Overlap, as_read: bool
) -> None:
    complete_all_pages(respondent)
    invitation = respondent.invitation
    questionnaire = invitation.wave.questionnaire()
    stored = service.state(invitation)
    version = stored.version

    def submit() -> service.Result:
        return service.submit(
            invitation,
            questionnaire,
            version=version,
            now=timezone.now(),
            seen=stored if as_read else None,
        )

    first, second = overlapping(submit, submit)
    assert first.outcome is service.Outcome.SAVED
    assert second.outcome is service.Outcome.ALREADY_SUBMITTED
    response = Response.objects.get()
    assert response.status == Response.Status.COMPLETE
    assert response.version == version + 1
    assert ResponseHistory.objects.filter(response=response, status="complete").count() == 1
    _history_is_whole(response)


@pytest.mark.parametrize("as_read", [False, True], ids=["locked", "as-read"])
def test_a_save_that_waited_sees_the_save_before_it(
    respondent: Respondent, overlapping: Overlap, as_read: bool
) -> None:
    """Tab one saves page A with 20 partners while tab two, shown the same version, saves it
    with 12: tab two is told its page is stale; nothing is overwritten unseen."""
    invitation, _questionnaire, section, stored, page_a = page_a_saved(respondent)
    version = stored.version

    def save(partners: int) -> Callable[[], service.Result]:
        page = {**page_a, "anzahl_partner": partners}
        return saving(invitation, section, page, stored if as_read else None, version)

    first, second = overlapping(save(20), save(12))
    assert first.outcome is service.Outcome.SAVED
    assert second.outcome is service.Outcome.STALE
    response = Response.objects.get()
    assert response.answers["anzahl_partner"] == 20
    assert response.version == version + 1
    _history_is_whole(response)


@pytest.mark.parametrize("as_read", [False, True], ids=["locked", "as-read"])
def test_a_save_of_another_page_that_waited_keeps_both_pages(
    respondent: Respondent, overlapping: Overlap, as_read: bool
) -> None:
    """Two tabs on different pages, saving at the same moment: both pages are stored."""
    invitation, questionnaire, section_a, stored, page_a = page_a_saved(respondent)
    section_b = questionnaire.sections[1]
    version = stored.version
    page_a = {**page_a, "anzahl_partner": 33}
    page_b = {"social_media": "nein"}

    seen = stored if as_read else None
    first, second = overlapping(
        saving(invitation, section_a, page_a, seen, version),
        saving(invitation, section_b, page_b, seen, version),
    )
    assert first.outcome is service.Outcome.SAVED
    assert second.outcome is service.Outcome.SAVED
    response = Response.objects.get()
    assert response.answers["anzahl_partner"] == 33
    for key, value in page_b.items():
        assert response.answers[key] == value
    assert response.version == version + 2
    _history_is_whole(response)


def test_a_save_as_read_waits_for_a_save_that_has_locked_but_not_yet_written(
    respondent: Respondent, overlapping: Overlap
) -> None:
    """The statement of a save as read takes the invitation's lock itself: while another save
    holds it and has read but not yet written, it waits, and then finds the response changed.
    (Without that lock it would write at once, and the other save would write the same next
    version after it.)"""
    invitation, questionnaire, section, stored, page_a = page_a_saved(respondent)

    def save(partners: int, seen: service.State | None) -> Callable[[], service.Result]:
        page = {**page_a, "anzahl_partner": partners}
        return saving(invitation, section, page, seen, stored.version)

    # The first: the lock, and only then (inside the same transaction) its save, which reads
    # afresh under the lock it already holds.
    first, second = overlapping(
        lambda: service._lock(invitation, questionnaire),
        save(12, stored),
        then=lambda _: save(20, None)(),
    )
    assert first.outcome is service.Outcome.SAVED
    assert second.outcome is service.Outcome.STALE
    response = Response.objects.get()
    assert response.answers["anzahl_partner"] == 20
    assert response.version == stored.version + 1
    _history_is_whole(response)


def test_an_import_that_changes_a_response_waits_for_a_save_in_progress(
    respondent: Respondent, overlapping: Overlap
) -> None:
    """An import (paper or telephone answers) that updates the response of an organisation
    whose coordinator is saving a page at that moment: it waits for the save's lock, then
    stores its answers as the next version. (Without the lock it wrote first, and the save,
    which had read before, failed on the history's unique version: an error page.)"""
    invitation, questionnaire, section, stored, page_a = page_a_saved(respondent)
    record = ResponseRecord(
        invitation.organisation.key, None, "partial", {**stored.answers, "anzahl_partner": 77}
    )
    plan = ImportPlan("telefon.csv", "Test", invitation.wave.survey.slug, invitation.wave.key)
    plan.records = [record]
    web = saving(invitation, section, {**page_a, "anzahl_partner": 20}, None, stored.version)

    saved, imported = overlapping(
        lambda: service._lock(invitation, questionnaire),
        lambda: apply_plan(plan),
        then=lambda _: web(),
    )
    assert saved.outcome is service.Outcome.SAVED
    assert len(imported.updated) == 1
    response = Response.objects.get()
    assert response.answers["anzahl_partner"] == 77
    assert response.version == stored.version + 2
    assert list(
        ResponseHistory.objects.filter(response=response)
        .order_by("version")
        .values_list("source", "answers__anzahl_partner")
    )[-2:] == [("web", 20), ("import", 77)]
    _history_is_whole(response)


def test_two_anonymous_submits_at_once_mix_every_answer_once(
    wave: Any, make_respondent: Callable[..., Respondent], overlapping: Overlap
) -> None:
    """Each anonymous submit rewrites the wave's answers (store.anonymity.mix); the second of two
    at once waits for the first (the wave's lock) and then mixes what the first wrote, so no
    answer is written twice or lost."""
    wave.questionnaire_text = wave.questionnaire_text.replace(
        "language: de\n", "language: de\nanonymous: true\n"
    )
    wave.save()
    earlier, one, two = (make_respondent(f"B-{n}", f"Bündnis {n}") for n in range(3))
    for person in (earlier, one, two):
        complete_all_pages(person)
    assert earlier.submit()["Location"] == "/fragebogen/danke/"
    questionnaire = wave.questionnaire()

    def submitting(person: Respondent) -> Callable[[], service.Result]:
        # The locator of the person's unfinished answers, as their cookie carries it.
        locator = anonymity.locator(person.token)
        version = service.state(person.invitation, locator).version
        return lambda: service.submit(
            person.invitation, questionnaire, version=version, now=timezone.now(), locator=locator
        )

    first, second = overlapping(submitting(one), submitting(two))
    assert first.outcome is second.outcome is service.Outcome.SAVED
    assert Response.objects.filter(wave=wave).count() == 3
    assert ResponseHistory.objects.count() == 3


def _anonymous(wave: Any) -> None:
    wave.questionnaire_text = wave.questionnaire_text.replace(
        "language: de\n", "language: de\nanonymous: true\n"
    )
    wave.save()


def _saving_draft(
    person: Respondent, section: Section, page: dict[str, Any], version: int
) -> Callable[[], service.Result]:
    invitation = person.invitation
    return lambda: service.save_page(
        invitation,
        invitation.wave.questionnaire(),
        section,
        page,
        version=version,
        finished=True,
        now=timezone.now(),
        locator=anonymity.locator(person.token),
    )


def test_two_anonymous_saves_of_one_respondent_at_once_go_one_after_the_other(
    wave: Any, make_respondent: Callable[..., Respondent], overlapping: Overlap
) -> None:
    """Two tabs of one anonymous respondent save page A at once: the invitation's lock (not
    stored) still orders them, so the second is told its page is stale."""
    _anonymous(wave)
    person = make_respondent()
    invitation, _questionnaire, section, _stored, page_a = page_a_saved(person)
    stored = service.state(invitation, anonymity.locator(person.token))
    version = stored.version
    assert version == 1 and stored.draft is not None

    def save(partners: int) -> Callable[[], service.Result]:
        return _saving_draft(person, section, {**page_a, "anzahl_partner": partners}, version)

    first, second = overlapping(save(20), save(12))
    assert first.outcome is service.Outcome.SAVED
    assert second.outcome is service.Outcome.STALE
    response = Response.objects.get()
    assert response.answers["anzahl_partner"] == 20
    assert response.version == version + 1
    _history_is_whole(response)


def test_two_anonymous_respondents_saving_at_once_lose_nothing(
    wave: Any, make_respondent: Callable[..., Respondent], overlapping: Overlap
) -> None:
    """Every anonymous save rewrites all unfinished answers of the wave; a save of another
    respondent at the same moment waits for it (the wave's lock) and then finds its own
    answers under their new id: both are stored, each once, each with its whole history."""
    _anonymous(wave)
    one, two = make_respondent("B-1", "Bündnis 1"), make_respondent("B-2", "Bündnis 2")
    _invitation, _questionnaire, section, _stored, page_a = page_a_saved(one)
    page_a_saved(two)
    first, second = overlapping(
        _saving_draft(one, section, {**page_a, "anzahl_partner": 21}, 1),
        _saving_draft(two, section, {**page_a, "anzahl_partner": 22}, 1),
    )
    assert first.outcome is second.outcome is service.Outcome.SAVED
    assert sorted(
        Response.objects.filter(wave=wave).values_list("answers__anzahl_partner", flat=True)
    ) == [21, 22]
    for response in Response.objects.filter(wave=wave):
        assert response.version == 2
        _history_is_whole(response)
