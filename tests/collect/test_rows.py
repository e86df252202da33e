"""The plain-SQL hot paths (umfrage.collect.rows) against what the ORM reads and writes.

The suite runs on SQLite and on PostgreSQL, so every comparison here holds for both backends.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.collect.helpers import Respondent, invite, shown_of, version_of
from tests.collect.survey import COMPLETE_PAGES
from tests.collect.test_save_and_submit import complete_all_pages
from umfrage.collect import rows, service
from umfrage.collect.models import Progress
from umfrage.governance.dataprotection import erase_organisation
from umfrage.invitations.models import Message
from umfrage.store.models import (
    InvalidAnswers,
    Invitation,
    Response,
    ResponseHistory,
    Wave,
)


def values(instance: models.Model | None, skip: tuple[str, ...] = ()) -> dict[str, Any] | None:
    if instance is None:
        return None
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in skip
    }


def orm_view(invitation_id: int) -> dict[str, Any]:
    invitation = Invitation.objects.select_related(
        "wave__survey", "organisation", "web_progress__response"
    ).get(pk=invitation_id)
    try:
        progress: Progress | None = invitation.web_progress
    except Progress.DoesNotExist:
        progress = None
    return {
        "invitation": values(invitation),
        "wave": values(invitation.wave),
        "survey": values(invitation.wave.survey),
        "organisation": values(invitation.organisation),
        "progress": values(progress),
        "response": values(progress.response if progress else None),
    }


def sql_view(loaded: rows.Loaded) -> dict[str, Any]:
    invitation = loaded.invitation
    return {
        "invitation": values(invitation),
        "wave": values(invitation.wave),
        "survey": values(invitation.wave.survey),
        "organisation": values(invitation.organisation),
        "progress": values(loaded.progress),
        "response": values(loaded.response) if loaded.progress is not None else None,
    }


def test_a_load_reads_exactly_what_the_orm_reads(respondent: Respondent) -> None:
    complete_all_pages(respondent)
    respondent.submit()
    pk = respondent.invitation.pk
    loaded = rows.load(pk)
    assert loaded is not None and loaded.live
    assert sql_view(loaded) == orm_view(pk)
    # Types as the ORM gives them: aware datetimes, decoded JSON, real booleans.
    assert loaded.response is not None and loaded.progress is not None
    assert timezone.is_aware(loaded.response.updated_at)
    assert isinstance(loaded.response.answers, dict) and loaded.response.answers
    assert loaded.progress.submitted is True and loaded.progress.pages_done == ["A", "B", "C", "D"]
    assert loaded.invitation.web_progress is loaded.progress
    assert loaded.progress.response is loaded.response


def test_a_load_before_any_answer_has_no_progress(respondent: Respondent) -> None:
    loaded = rows.load(respondent.invitation.pk)
    assert loaded is not None
    assert loaded.progress is None and loaded.response is None
    with pytest.raises(Progress.DoesNotExist):
        loaded.invitation.web_progress  # noqa: B018 - the cached "none", as select_related leaves it
    assert loaded.invitation.opened_at is not None  # the link was opened
    assert sql_view(loaded) == orm_view(respondent.invitation.pk)


def test_a_load_finds_a_response_entered_otherwise_only_without_progress(wave: Wave) -> None:
    invitation, _token = invite(wave)
    existing = Response(wave=wave, organisation=invitation.organisation)
    existing.save()
    existing.record({"bundesland": "HH"}, status="partial", by="Telefon", source="telefon")
    loaded = rows.load(invitation.pk)
    assert loaded is not None and loaded.progress is None
    assert values(loaded.response) == values(Response.objects.get(pk=existing.pk))
    Progress.objects.create(invitation=invitation)
    loaded = rows.load(invitation.pk)
    assert loaded is not None and loaded.progress is not None and loaded.response is None


def test_an_unknown_invitation_loads_as_none(db: None) -> None:
    assert rows.load(987654) is None


def test_live_links_as_access_has_live_link_says(wave: Wave) -> None:
    invitation, _token = invite(wave)
    assert rows.load(invitation.pk).live  # type: ignore[union-attr]
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=None)
    assert not rows.load(invitation.pk).live  # type: ignore[union-attr]
    message = Message.objects.create(
        invitation=invitation,
        kind=Message.Kind.INVITATION,
        number=0,
        message_id="<rows@test>",
        token_hash=Invitation.hash_token("abc"),
        recipient="x@example.org",
        state=Message.State.SENT,
    )
    assert rows.load(invitation.pk).live  # type: ignore[union-attr]
    Message.objects.filter(pk=message.pk).update(token_revoked=True)
    assert not rows.load(invitation.pk).live  # type: ignore[union-attr]
    Message.objects.filter(pk=message.pk).update(token_revoked=False)
    # Opting out of reminders stops mail, not the link (issue 16, item 8); erasure ends it.
    Invitation.objects.filter(pk=invitation.pk).update(state=Invitation.State.OPTED_OUT)
    assert rows.load(invitation.pk).live  # type: ignore[union-attr]
    invitation.organisation.erased_at = timezone.now()
    invitation.organisation.save()
    assert not rows.load(invitation.pk).live  # type: ignore[union-attr]


def test_the_sql_save_stores_what_response_record_stores(wave: Wave) -> None:
    """Two organisations, the same answers twice: once by Response.record, once by the web path."""
    questionnaire = wave.questionnaire()
    first, _ = invite(wave, "B-1", "Eins")
    second, _ = invite(wave, "B-2", "Zwei")
    steps = [
        ({"bundesland": "BE", "koordination": "verein"}, Response.Status.PARTIAL),
        ({"bundesland": "HH", "koordination": "verein", "anzahl_partner": 3}, "partial"),
    ]
    by_orm = Response(wave=wave, organisation=first.organisation)
    by_sql = Response(wave=wave, organisation=second.organisation, created_at=timezone.now())
    by_orm.save()
    for answers, status in steps:
        by_orm.record(answers, status=status, by="Test", source="web")
        with transaction.atomic():
            service._record(by_sql, questionnaire, answers, status=status, by="Test")
    skip = ("id", "organisation", "created_at", "updated_at")
    assert values(Response.objects.get(pk=by_sql.pk), skip) == values(
        Response.objects.get(pk=by_orm.pk), skip
    )
    history = [
        values(h, ("id", "response", "changed_at"))
        for h in ResponseHistory.objects.filter(response_id__in=[by_orm.pk, by_sql.pk]).order_by(
            "response_id", "version"
        )
    ]
    assert history[:2] == history[2:] and [h["version"] for h in history[:2]] == [1, 2]  # type: ignore[index]
    stored = ResponseHistory.objects.filter(response=by_sql).order_by("version").last()
    assert stored is not None and stored.changed_at == Response.objects.get(pk=by_sql.pk).updated_at


def test_a_save_with_progress_and_invitation_state_writes_every_row(wave: Wave) -> None:
    """The whole write of a submit (the locked way, the same on both databases): a new response, its history
    entry, a new progress pointing to it and the invitation's state; then a later save that
    updates all of them. Read back through the ORM."""
    questionnaire = wave.questionnaire()
    invitation, _ = invite(wave)
    now = timezone.now()
    response = Response(wave=wave, organisation=invitation.organisation, created_at=now)
    progress = Progress(invitation=invitation, pages_done=["A"], updated_at=now)

    def save(answers: dict[str, Any], **more: Any) -> None:
        with transaction.atomic():
            service._record(response, questionnaire, answers, status="partial", by="Test", **more)

    save({"bundesland": "BE"}, progress=progress)
    stored = Progress.objects.select_related("response").get()
    assert progress.pk == stored.pk and not progress._state.adding
    assert stored.response is not None and stored.response.pk == response.pk
    assert stored.response.answers == {"bundesland": "BE"} and stored.pages_done == ["A"]
    later = now + timedelta(minutes=5)
    progress.pages_done = ["A", "B"]
    progress.submitted = True
    progress.updated_at = later
    save({"bundesland": "HH"}, progress=progress, invitation_state=Invitation.State.RESPONDED)
    assert values(Progress.objects.get()) == values(progress)
    assert Invitation.objects.get(pk=invitation.pk).state == Invitation.State.RESPONDED
    history = ResponseHistory.objects.filter(response=response).order_by("version")
    assert [(h.version, h.answers, h.changed_by, h.source) for h in history] == [
        (1, {"bundesland": "BE"}, "Test", "web"),
        (2, {"bundesland": "HH"}, "Test", "web"),
    ]
    assert values(Response.objects.get(), ("created_at",)) == values(response, ("created_at",))


def test_an_unlinked_progress_points_to_no_response(wave: Wave) -> None:
    """An anonymous wave's submit: the progress is written, but without the response."""
    invitation, _ = invite(wave)
    now = timezone.now()
    response = Response(wave=wave, organisation=None, created_at=now)
    progress = Progress(invitation=invitation, submitted=True, updated_at=now)
    with transaction.atomic():
        rows.store_response(
            response,
            by="Web (anonym)",
            source="web",
            progress=progress,
            linked=False,
            invitation_state=Invitation.State.RESPONDED,
        )
    assert Response.objects.get().pk == response.pk
    stored = Progress.objects.get()
    assert stored.response_id is None and progress.response_id is None and stored.submitted


@pytest.mark.parametrize("vanished", ["response", "progress", "invitation"])
def test_a_save_whose_row_vanished_is_an_error_and_writes_nothing(
    wave: Wave, vanished: str
) -> None:
    invitation, _ = invite(wave)
    now = timezone.now()
    response = Response.objects.create(
        wave=wave, organisation=invitation.organisation, created_at=now, updated_at=now
    )
    progress = Progress.objects.create(invitation=invitation, response=response, updated_at=now)
    kept = (
        values(Response.objects.get()),
        values(Progress.objects.get()),
        values(Invitation.objects.get(pk=invitation.pk)),
    )
    # The rows stay; the instances point to ids no row has.
    if vanished == "response":
        response.pk = response.pk + 1000
    elif vanished == "progress":
        progress.pk = progress.pk + 1000
    else:
        progress.invitation_id = invitation.pk + 1000
    response.answers = {"bundesland": "BE"}
    response.version = 1
    expected = {
        "response": Response.DoesNotExist,
        "progress": Progress.DoesNotExist,
        "invitation": Invitation.DoesNotExist,
    }[vanished]
    with pytest.raises(expected), transaction.atomic():
        rows.store_response(
            response,
            by="Test",
            source="web",
            progress=progress,
            invitation_state=Invitation.State.RESPONDED,
        )
    assert not ResponseHistory.objects.exists()
    assert kept == (
        values(Response.objects.get()),
        values(Progress.objects.get()),
        values(Invitation.objects.get(pk=invitation.pk)),
    )


def _needs_guarded_writes() -> None:
    if not rows.writes_with_guard():
        pytest.skip("SQLite: every save locks and reads afresh (no data-modifying WITH)")


def _stored(invitation: Invitation) -> tuple[Any, ...]:
    return (
        values(Response.objects.get()),
        values(Progress.objects.get()),
        values(Invitation.objects.get(pk=invitation.pk)),
        list(ResponseHistory.objects.values_list("version", "answers")),
    )


def _saved_once(wave: Wave) -> tuple[Invitation, Response, Progress]:
    """An invitation with a web response at version 1 and its progress, read as a page reads."""
    invitation, _ = invite(wave)
    now = timezone.now()
    response = Response.objects.create(
        wave=wave, organisation=invitation.organisation, created_at=now, updated_at=now
    )
    response.record({"bundesland": "BE"}, status="partial", by="T", source="web")
    Progress.objects.create(invitation=invitation, response=response, pages_done=["A"])
    loaded = rows.load(invitation.pk)
    assert loaded is not None and loaded.response is not None and loaded.progress is not None
    assert loaded.response.version == 1
    return invitation, loaded.response, loaded.progress


@pytest.mark.parametrize("submit", [False, True], ids=["page", "submit"])
def test_a_guarded_save_writes_every_row_at_the_version_read(wave: Wave, submit: bool) -> None:
    _needs_guarded_writes()
    invitation, response, progress = _saved_once(wave)
    progress.pages_done = ["A", "B"]
    progress.submitted = submit
    response.answers = {"bundesland": "HH"}
    response.version = 2
    response.updated_at = timezone.now()
    written = rows.store_response(
        response,
        by="T",
        source="web",
        progress=progress,
        invitation_state=Invitation.State.RESPONDED if submit else None,
        guard=rows.Guard(invitation.pk, 1),
    )
    assert written is True
    assert values(Response.objects.get(), ("created_at",)) == values(response, ("created_at",))
    assert values(Progress.objects.get()) == values(progress)
    assert list(ResponseHistory.objects.order_by("version").values_list("version", "answers")) == [
        (1, {"bundesland": "BE"}),
        (2, {"bundesland": "HH"}),
    ]
    state = Invitation.objects.get(pk=invitation.pk).state
    assert (state == Invitation.State.RESPONDED) is submit


@pytest.mark.parametrize("change", ["version", "invitation", "response"])
def test_a_guarded_save_after_a_change_writes_nothing(wave: Wave, change: str) -> None:
    """The response moved on since it was read (another save), or a row is gone: False, and no
    row of the response, its history, the progress or the invitation changed."""
    _needs_guarded_writes()
    invitation, response, progress = _saved_once(wave)
    guard = rows.Guard(invitation.pk, 1)
    if change == "version":
        Response.objects.update(version=2)
    elif change == "invitation":
        guard = rows.Guard(invitation.pk + 1000, 1)
    else:
        response.pk = response.pk + 1000
    kept = _stored(invitation)
    progress.pages_done = ["A", "B"]
    response.answers = {"bundesland": "HH"}
    response.version = 2
    written = rows.store_response(
        response,
        by="T",
        source="web",
        progress=progress,
        invitation_state=Invitation.State.RESPONDED,
        guard=guard,
    )
    assert written is False
    assert _stored(invitation) == kept


def test_a_save_whose_page_was_read_before_another_save_is_decided_afresh(
    respondent: Respondent,
) -> None:
    """The state the request read is out of date when it saves (another tab saved in between):
    the save is not written on the old state but decided on the stored one, as without it.
    Same page: refused as stale. Another page: saved, keeping the other tab's answers."""
    complete_all_pages(respondent)
    invitation = respondent.invitation
    questionnaire = invitation.wave.questionnaire()
    section_a, section_b = questionnaire.sections[0], questionnaire.sections[1]
    read = service.state(invitation)
    keys_a = {key for q in section_a.questions for key in q.answer_keys()}
    page_a = {k: v for k, v in read.answers.items() if k in keys_a}

    def save(section: Any, page: dict[str, Any], seen: service.State) -> service.Result:
        return service.save_page(
            invitation,
            questionnaire,
            section,
            page,
            version=seen.version,
            finished=True,
            now=timezone.now(),
            seen=seen,
        )

    assert save(section_a, {**page_a, "anzahl_partner": 20}, service.state(invitation)).outcome is (
        service.Outcome.SAVED
    )
    stale = save(section_a, {**page_a, "anzahl_partner": 12}, read)
    assert stale.outcome is service.Outcome.STALE
    assert read.version == Response.objects.get().version - 1  # what was read is left alone
    other = save(section_b, {"social_media": "nein"}, read)
    assert other.outcome is service.Outcome.SAVED
    stored = Response.objects.get()
    assert stored.answers["anzahl_partner"] == 20 and stored.answers["social_media"] == "nein"
    versions = list(ResponseHistory.objects.order_by("version").values_list("version", flat=True))
    assert versions == list(range(1, stored.version + 1))


@pytest.mark.parametrize("action", ["page", "submit"])
@pytest.mark.parametrize("change", ["erased", "revoked"])
def test_a_save_after_the_link_stopped_working_stores_nothing(
    respondent: Respondent, change: str, action: str
) -> None:
    """The page was read while the link worked; before the save, the organisation's data was
    erased or the link revoked. The save stores nothing (on PostgreSQL the statement as read
    finds the response gone or, revoked, is refused by the locked way's check)."""
    complete_all_pages(respondent)
    invitation = respondent.invitation
    questionnaire = invitation.wave.questionnaire()
    read = service.state(invitation)
    before = values(Response.objects.get())
    if change == "erased":
        survey = invitation.wave.survey
        survey.erasure = "delete"
        survey.save()
        erase_organisation(invitation.organisation, timezone.now())
    else:
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=None)
    if action == "page":
        section = questionnaire.sections[0]
        result = service.save_page(
            invitation,
            questionnaire,
            section,
            {"anzahl_partner": 5},
            version=read.version,
            finished=True,
            now=timezone.now(),
            seen=read,
        )
    else:
        result = service.submit(
            invitation, questionnaire, version=read.version, now=timezone.now(), seen=read
        )
    assert result.outcome is service.Outcome.GONE
    if change == "erased":
        assert not Response.objects.exists()
    else:
        assert values(Response.objects.get()) == before


def test_the_sql_save_refuses_invalid_answers_and_writes_nothing(wave: Wave) -> None:
    invitation, _ = invite(wave)
    response = Response(wave=wave, organisation=invitation.organisation, created_at=timezone.now())
    with pytest.raises(InvalidAnswers), transaction.atomic():
        service._record(
            response, wave.questionnaire(), {"anzahl_partner": "viele"}, status="partial", by="T"
        )
    assert not Response.objects.exists() and not ResponseHistory.objects.exists()


def test_progress_is_inserted_then_updated(wave: Wave) -> None:
    invitation, _ = invite(wave)
    now = timezone.now()
    progress = Progress(invitation=invitation, pages_done=["A"], updated_at=now)
    rows.store_progress(progress)
    assert progress.pk is not None and not progress._state.adding
    progress.pages_done = ["A", "B"]
    progress.submitted = True
    progress.updated_at = now + timedelta(minutes=1)
    rows.store_progress(progress)
    assert values(Progress.objects.get()) == values(progress)


def test_an_update_of_a_vanished_row_is_an_error(wave: Wave) -> None:
    invitation, _ = invite(wave)
    progress = Progress.objects.create(invitation=invitation)
    Progress.objects.all().delete()
    with pytest.raises(Progress.DoesNotExist):
        rows.store_progress(progress)


def test_the_first_opening_is_kept(wave: Wave) -> None:
    invitation, _ = invite(wave)
    first = timezone.now() - timedelta(days=1)
    rows.mark_opened(invitation.pk, first)
    rows.mark_opened(invitation.pk, timezone.now())
    assert Invitation.objects.get(pk=invitation.pk).opened_at == first


class Statements:
    """The first word of each statement sent, as the code passed it to the cursor.

    (Django's ``CaptureQueriesContext`` asks psycopg for the statement it last sent, which is
    None for a statement psycopg ran as prepared: which ones are depends on earlier tests.)
    """

    def __init__(self) -> None:
        self.kinds: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        kind = sql.split()[0].upper()
        if kind not in ("SAVEPOINT", "RELEASE"):  # the test's own transaction around a save's
            self.kinds.append(kind)
        return execute(sql, params, many, context)


def statements_of(action: Any) -> tuple[Any, list[str]]:
    recorder = Statements()
    with connection.execute_wrapper(recorder):
        result = action()
    return result, recorder.kinds


def test_a_page_view_is_one_statement_and_a_save_three_or_five(respondent: Respondent) -> None:
    """The budget the load benchmark relies on; more statements here would show under load."""
    respondent.post_page("A", COMPLETE_PAGES["A"])
    url = reverse("collect:page", args=["B"])
    page, view = statements_of(lambda: respondent.client.get(url))
    assert page.status_code == 200
    assert view == ["SELECT"]
    saved, statements = statements_of(
        lambda: respondent.client.post(
            url,
            {
                "version": version_of(page),
                "gezeigt": shown_of(page),
                "aktion": "weiter",
                **COMPLETE_PAGES["B"],
            },
        )
    )
    assert saved.status_code == 303
    # The look-up; then on PostgreSQL one statement that locks the invitation and writes the
    # response, its history entry and the progress if the response is as read; elsewhere, in
    # the save's transaction (the lock), a fresh read and the three writes one by one.
    if connection.vendor == "postgresql":
        assert statements == ["SELECT", "WITH"]
    else:
        assert statements == ["SELECT", "SELECT", "UPDATE", "INSERT", "UPDATE"]


def test_a_first_save_and_the_final_submit_keep_to_their_budget(respondent: Respondent) -> None:
    """A first save has nothing to be guarded by (it inserts): lock, read, write. The submit is
    written as a page save is."""
    page = respondent.get_page("A")
    saved, first = statements_of(
        lambda: respondent.client.post(
            reverse("collect:page", args=["A"]),
            {
                "version": version_of(page),
                "gezeigt": shown_of(page),
                "aktion": "weiter",
                **COMPLETE_PAGES["A"],
            },
        )
    )
    assert saved.status_code == 303
    complete_all_pages(respondent)  # page A again, then the others
    version = version_of(respondent.review())
    submitted, last = statements_of(lambda: respondent.submit(version))
    assert submitted.status_code == 303 and submitted["Location"] == "/fragebogen/danke/"
    # The first save writes the same statements on both databases (one save path); on
    # PostgreSQL the lock is a statement of its own before the fresh read.
    if connection.vendor == "postgresql":
        assert first == ["SELECT", "SELECT", "SELECT", "INSERT", "INSERT", "INSERT"]
        assert last == ["SELECT", "WITH"]
    else:
        assert first == ["SELECT", "SELECT", "INSERT", "INSERT", "INSERT"]
        assert last == ["SELECT", "SELECT", "UPDATE", "INSERT", "UPDATE", "UPDATE"]
    assert Response.objects.get().status == Response.Status.COMPLETE
    assert Invitation.objects.get(pk=respondent.invitation.pk).state == "responded"


def test_every_respondent_page_is_one_statement(respondent: Respondent) -> None:
    """Nothing on the pages reads a field the load leaves deferred (that would be a query)."""
    complete_all_pages(respondent)
    urls = [reverse("collect:welcome"), reverse("collect:page", args=["A"])]
    urls += [reverse("collect:review")]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert respondent.client.get(url).status_code == 200
        assert len(queries.captured_queries) == 1, url
    respondent.submit()
    with CaptureQueriesContext(connection) as queries:
        assert respondent.client.get(reverse("collect:thanks")).status_code == 200
    assert len(queries.captured_queries) == 1


def test_the_save_path_keeps_the_history_append_only(respondent: Respondent) -> None:
    complete_all_pages(respondent)
    response = Response.objects.get()
    versions = list(
        ResponseHistory.objects.filter(response=response).values_list("version", flat=True)
    )
    assert versions == list(range(1, response.version + 1))
    assert service.state(respondent.invitation).version == response.version


def test_the_statements_go_through_djangos_cursor(wave: Wave) -> None:
    """The page load and the writes use ``connection.cursor()``: Django's execute wrappers,
    its query log and its database errors see them as every other query (issue 17: no cursor
    of Django's private API)."""
    invitation, _ = invite(wave)
    loaded, kinds = statements_of(lambda: rows.load(invitation.pk))
    assert loaded is not None and kinds == ["SELECT"]
    with CaptureQueriesContext(connection) as queries:
        rows.mark_opened(invitation.pk, timezone.now())
    assert len(queries.captured_queries) == 1
    assert queries.captured_queries[0]["sql"].startswith("UPDATE")


def test_a_model_with_init_listeners_is_built_by_the_orm(wave: Wave) -> None:
    """The load builds its instances with ``Model.from_db``, as the ORM does: a listener to
    ``pre_init``/``post_init`` (an app, a library) sees every instance."""
    from django.db.models.signals import post_init

    invitation, _ = invite(wave)
    seen: list[Any] = []

    def listener(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
        seen.append(instance)

    post_init.connect(listener, sender=Invitation)
    try:
        loaded = rows.load(invitation.pk)
    finally:
        post_init.disconnect(listener, sender=Invitation)
    assert loaded is not None and seen == [loaded.invitation]
    assert sql_view(loaded) == orm_view(invitation.pk)
    seen.clear()
    assert rows.load(invitation.pk) is not None and seen == []


def test_the_personal_link_is_three_statements_and_one_more_the_first_time(wave: Wave) -> None:
    """The client's count of wrong links (kept in the database, shared by every server process:
    issue 16, item 9), which invitation (one look-up of both kinds of token), its load, and the
    first opening."""
    from django.test import Client

    invitation, token = invite(wave)
    browser = Client()
    response, kinds = statements_of(lambda: browser.get(f"/t/{token}"))
    assert response.status_code == 303
    assert kinds == ["SELECT", "SELECT", "SELECT", "UPDATE"]
    assert Invitation.objects.get(pk=invitation.pk).opened_at is not None
    with CaptureQueriesContext(connection) as again:
        assert Client().get(f"/t/{token}").status_code == 303
    assert len(again.captured_queries) == 3
