"""Anonymous answers stay anonymous to whoever holds the database (synthetic organisations).

The database owner gets every stored row (see ``database_owner``) and tries every join and
ordering; no heuristic may link more responses to their organisation than chance would.
"""

from __future__ import annotations

import importlib
import random
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import timezone

from tests.collect.database_owner import CHANCE_BOUND, aggregate, best_linkage, table_rows
from tests.collect.helpers import Respondent, invite, text_of
from tests.collect.survey import COMPLETE_PAGES, QUESTIONNAIRE, SURVEY
from umfrage.collect import access
from umfrage.collect.models import Draft, Progress
from umfrage.governance.dataprotection import erase_organisation
from umfrage.invitations.models import Message
from umfrage.invitations.tracking import wave_progress
from umfrage.store.anonymity import declared_anonymous
from umfrage.store.models import Invitation, Organisation, Response, ResponseHistory, Survey, Wave

ORGANISATIONS = 48
ZONE = timezone.get_fixed_timezone(60)


class Clock:
    """The time the application sees; every step moves it on by a random number of minutes."""

    def __init__(self, start: datetime, rng: random.Random) -> None:
        self.now = start
        self.rng = rng

    def __call__(self) -> datetime:
        return self.now

    def step(self) -> None:
        self.now += timedelta(minutes=self.rng.randint(1, 300), seconds=self.rng.randint(0, 59))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock(datetime(2030, 5, 6, 8, 0, tzinfo=ZONE), random.Random(20300506))
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def _organisation_side(keys: list[str]) -> dict[str, list[float | None]]:
    """Per organisation (in ``keys`` order): every column of its row, its invitation, its web
    progress and its messages."""
    ids = {Organisation.objects.get(key=k).pk: k for k in keys}
    by_org: dict[str, dict[str, float | None]] = {k: {} for k in keys}
    for row in table_rows(Organisation._meta.db_table):
        if row["id"] in ids:
            by_org[ids[int(row["id"])]].update({f"organisation.{n}": v for n, v in row.items()})
    invitation_of: dict[float, str] = {}
    for row in table_rows(Invitation._meta.db_table):
        key = ids.get(int(row["organisation_id"] or 0))
        if key is not None:
            invitation_of[row["id"]] = key  # type: ignore[index]
            by_org[key].update({f"invitation.{n}": v for n, v in row.items()})
    for row in table_rows(Progress._meta.db_table):
        key = invitation_of.get(row["invitation_id"])  # type: ignore[arg-type]
        if key is not None:
            by_org[key].update({f"progress.{n}": v for n, v in row.items()})
    for invitation, values in aggregate(
        table_rows(Message._meta.db_table), "invitation_id"
    ).items():
        key = invitation_of.get(invitation)
        if key is not None:
            by_org[key].update({f"messages.{n}": v for n, v in values.items()})
    names = sorted({name for values in by_org.values() for name in values})
    return {name: [by_org[k].get(name) for k in keys] for name in names}


def _response_side(wave: Wave) -> tuple[list[int], dict[str, list[float | None]]]:
    """The wave's organisation-less responses in id order (their answers' ``anzahl_partner``,
    the ground truth the attacker does not use) and every column of theirs and their history."""
    rows = sorted(
        (r for r in table_rows(Response._meta.db_table) if r["wave_id"] == wave.pk),
        key=lambda r: r["id"] or 0,
    )
    rows = [r for r in rows if r["organisation_id"] is None]
    history = aggregate(table_rows(ResponseHistory._meta.db_table), "response_id")
    drafts = aggregate(table_rows(Draft._meta.db_table), "response_id")
    partners = dict(
        Response.objects.filter(wave=wave, organisation=None).values_list("pk", "answers")
    )
    truth = [int(partners[int(r["id"])]["anzahl_partner"]) for r in rows]  # type: ignore[arg-type]
    features: dict[str, list[float | None]] = {}
    for name in rows[0]:
        features[f"response.{name}"] = [r[name] for r in rows]
    names = sorted({n for values in history.values() for n in values})
    for name in names:
        features[f"history.{name}"] = [history.get(r["id"], {}).get(name) for r in rows]  # type: ignore[arg-type]
    for name in sorted({n for values in drafts.values() for n in values}):
        features[f"draft.{name}"] = [drafts.get(r["id"], {}).get(name) for r in rows]  # type: ignore[arg-type]
    return truth, features


def _attack(wave: Wave, partners_of: dict[str, int]) -> tuple[Any, int, int]:
    keys = sorted(partners_of)
    organisations = _organisation_side(keys)
    truth_partners, responses = _response_side(wave)
    index = {partners_of[k]: i for i, k in enumerate(keys)}
    truth = [index[p] for p in truth_partners]
    best, tried = best_linkage(responses, organisations, truth)
    return best, tried, len(truth)


def _anonymous_wave() -> Wave:
    survey = Survey.objects.create(
        slug="anonymtest",
        title="Anonyme Testumfrage (synthetisch)",
        synthetic=True,
        config_text=SURVEY,
    )
    return Wave.objects.create(
        survey=survey,
        key="2030",
        status=Wave.Status.OPEN,
        opened_at=datetime(2030, 5, 4, 10, 30, tzinfo=ZONE),
        questionnaire_text=QUESTIONNAIRE.replace(
            "language: de\n", "language: de\nanonymous: true\n"
        ),
    )


def _answer(person: Respondent, pages: list[str], partners: int, clock: Clock) -> None:
    for page in pages:
        data = dict(COMPLETE_PAGES[page])
        if page == "A":
            data["q-anzahl_partner"] = str(partners)
        assert person.post_page(page[0], data).status_code == 303
        clock.step()


def test_no_stored_row_links_an_anonymous_answer_to_its_organisation(
    transactional_db: None, clock: Clock
) -> None:
    """Every request commits on its own (``transactional_db``), so that on PostgreSQL each row's
    writing transaction (``xmin``) and place (``ctid``) are what production would store."""
    wave = _anonymous_wave()
    rng = random.Random(16)
    people: dict[str, Respondent] = {}
    partners_of: dict[str, int] = {}
    for number in range(ORGANISATIONS):
        key = f"S-{number:03}"
        invitation, token = invite(wave, key, f"Synthetisches Bündnis {number}")
        people[key] = Respondent(Client(), token, invitation)
        partners_of[key] = 100 + number
    # They open the link and begin in one order, and finish in another.
    order = list(people)
    rng.shuffle(order)
    for key in order:
        people[key].open_link()
        clock.step()
        _answer(people[key], ["A"], partners_of[key], clock)
    rng.shuffle(order)
    for key in order:
        _answer(people[key], ["B1", "B", "C", "C2", "D"], partners_of[key], clock)
        assert people[key].submit()["Location"] == "/fragebogen/danke/"
        clock.step()

    # Nothing lost, and the response rate still knows who answered (for reminders, per Land).
    assert Response.objects.filter(wave=wave, status="complete").count() == ORGANISATIONS
    assert sorted(
        Response.objects.filter(wave=wave).values_list("answers__anzahl_partner", flat=True)
    ) == sorted(partners_of.values())
    assert Invitation.objects.filter(wave=wave, state=Invitation.State.RESPONDED).count() == (
        ORGANISATIONS
    )
    progress = wave_progress(wave)
    assert progress.total.responded == ORGANISATIONS
    assert progress.anonymous_complete == ORGANISATIONS

    best, tried, linked = _attack(wave, partners_of)
    assert linked == ORGANISATIONS and tried > 100
    assert best.correct <= CHANCE_BOUND, best


ANSWERS = {
    "bundesland": "BE",
    "koordination": "verein",
    "gruendungsjahr": 2005,
    "social_media": "nein",
    "unterstuetzung": ["vorlagen"],
    "partner": ["verwaltung"],
}


def _non_anonymous_wave() -> Wave:
    survey = Survey.objects.create(
        slug="loeschtest", title="Löschtest (synthetisch)", synthetic=True, config_text=SURVEY
    )
    return Wave.objects.create(
        survey=survey,
        key="2030",
        status=Wave.Status.CLOSED,
        opened_at=datetime(2030, 5, 4, 10, 30, tzinfo=ZONE),
        questionnaire_text=QUESTIONNAIRE,
    )


def test_an_old_export_does_not_re_identify_an_anonymised_answer(
    transactional_db: None, clock: Clock
) -> None:
    """Each erasure commits on its own (``transactional_db``), as it would in production."""
    wave = _non_anonymous_wave()
    rng = random.Random(2)
    answers = ANSWERS
    partners_of: dict[str, int] = {}
    numbers = list(range(ORGANISATIONS))
    rng.shuffle(numbers)  # responses stored in an order unlike the organisations'
    for position, number in enumerate(numbers, start=1):
        key = f"S-{number:03}"
        organisation = Organisation.objects.create(
            survey=wave.survey,
            key=key,
            name=f"Synthetisches Bündnis {number}",
            position=number,
            email=f"s{number}@example.org",
        )
        partners_of[key] = 100 + number
        response = Response(wave=wave, organisation=organisation, position=position)
        response.created_at = clock()
        response.save()
        clock.step()
        response.record(
            {**answers, "anzahl_partner": partners_of[key]},
            status="complete",
            by="Web: " + key,
            source="web",
            submitted_at=clock(),
        )
        clock.step()

    # The export staff took before: organisation, position, id, times (the attacker's extra
    # columns), then every organisation is erased, one after another.
    export = {
        r.organisation.key: {
            "export.id": float(r.pk),
            "export.position": float(r.position),
            "export.submitted_at": r.submitted_at.timestamp(),
            "export.created_at": r.created_at.timestamp(),
            "export.updated_at": r.updated_at.timestamp(),
        }
        for r in Response.objects.filter(wave=wave).select_related("organisation")
    }
    erase_order = list(partners_of)
    rng.shuffle(erase_order)
    for key in erase_order:
        erase_organisation(Organisation.objects.get(key=key), clock())
        clock.step()

    assert Response.objects.filter(wave=wave, organisation=None).count() == ORGANISATIONS
    keys = sorted(partners_of)
    organisations = _organisation_side(keys)
    for name in next(iter(export.values())):
        organisations[name] = [export[k][name] for k in keys]
    truth_partners, responses = _response_side(wave)
    index = {partners_of[k]: i for i, k in enumerate(keys)}
    best, tried = best_linkage(responses, organisations, [index[p] for p in truth_partners])
    assert tried > 100
    assert best.correct <= CHANCE_BOUND, best


def test_the_response_rate_counts_anonymous_answers_by_day_of_the_invitation(
    db: None, clock: Clock
) -> None:
    """What the dashboard shows of an anonymous wave: responses per day from the invitations'
    (day-coarse) web progress, not from the answers, which carry only the wave's stamp."""
    wave = _anonymous_wave()
    days = []
    for number in range(3):
        invitation, token = invite(wave, f"S-{number:03}", f"Synthetisches Bündnis {number}")
        person = Respondent(Client(), token, invitation)
        person.open_link()
        _answer(person, ["A", "B1", "B", "C", "C2", "D"], 100 + number, clock)
        person.submit()
        days.append(timezone.localdate(clock()))
        clock.now += timedelta(days=1)
    activity = {a.day: a.complete for a in wave_progress(wave).activity if a.complete}
    assert activity == {day: 1 for day in days}
    stamp = {r.submitted_at for r in Response.objects.filter(wave=wave)}
    assert len(stamp) == 1


def test_the_migration_mixes_anonymous_answers_stored_before(db: None, clock: Clock) -> None:
    """Data stored by an earlier version (progress time equal to the submit, ids in order) is
    linkable before the data migration and not after it."""
    wave = _anonymous_wave()
    partners_of: dict[str, int] = {}
    for number in range(ORGANISATIONS):
        key = f"S-{number:03}"
        invitation, _ = invite(wave, key, f"Synthetisches Bündnis {number}")
        Invitation.objects.filter(pk=invitation.pk).update(opened_at=clock())
        clock.step()
        partners_of[key] = 100 + number
        response = Response(wave=wave, organisation=None, created_at=clock())
        response.save()
        response.record(
            {**ANSWERS, "anzahl_partner": partners_of[key]},
            status="complete",
            by="Web (anonym)",
            source="web",
            submitted_at=clock(),
        )
        Progress.objects.create(
            invitation=invitation, submitted=True, updated_at=clock(), pages_done=["A", "B"]
        )
        clock.step()
    best, _, _ = _attack(wave, partners_of)
    assert best.correct == ORGANISATIONS  # the old data is fully linkable

    migration = importlib.import_module("umfrage.collect.migrations.0003_mix_anonymous_answers")
    migration.forwards(django_apps, None)

    assert Response.objects.filter(wave=wave).count() == ORGANISATIONS
    assert all(p.pages_done == [] for p in Progress.objects.all())
    assert {timezone.localtime(p.updated_at).time() for p in Progress.objects.all()} == {time.min}
    best, _, _ = _attack(wave, partners_of)
    assert best.correct <= CHANCE_BOUND, best


def test_unfinished_anonymous_answers_are_unlinked_when_the_wave_closes(
    transactional_db: None, clock: Clock
) -> None:
    """While the wave is open an unfinished answer stays with its invitation (to resume);
    once the wave closes nothing stored links it any more."""
    wave = _anonymous_wave()
    rng = random.Random(7)
    people: dict[str, Respondent] = {}
    partners_of: dict[str, int] = {}
    for number in range(ORGANISATIONS):
        key = f"S-{number:03}"
        invitation, token = invite(wave, key, f"Synthetisches Bündnis {number}")
        people[key] = Respondent(Client(), token, invitation)
        partners_of[key] = 100 + number
    order = list(people)
    rng.shuffle(order)
    for key in order:
        people[key].open_link()
        clock.step()
        pages = ["A", "B1", "B"][: rng.randint(1, 3)]
        _answer(people[key], pages, partners_of[key], clock)
    person = people[order[0]]
    assert person.open_link()["Location"] != "/fragebogen/seite/A/"  # resumes where it was

    wave.close(clock())

    assert Response.objects.filter(wave=wave, status="partial").count() == ORGANISATIONS
    assert not Progress.objects.filter(response__isnull=False).exists()
    best, _, linked = _attack(wave, partners_of)
    assert linked == ORGANISATIONS
    assert best.correct <= CHANCE_BOUND, best


def test_no_stored_row_links_an_unfinished_anonymous_answer_while_the_wave_is_open(
    transactional_db: None, clock: Clock
) -> None:
    """Organisations open the link and save pages without submitting, each request in its own
    transaction at its own time, in varied orders; the database owner then tries every join and
    ordering of the open wave's rows (on PostgreSQL with xmin and ctid) and links no unfinished
    answer to its organisation better than chance."""
    wave = _anonymous_wave()
    rng = random.Random(1616)
    people: dict[str, Respondent] = {}
    partners_of: dict[str, int] = {}
    for number in range(ORGANISATIONS):
        key = f"S-{number:03}"
        invitation, token = invite(wave, key, f"Synthetisches Bündnis {number}")
        people[key] = Respondent(Client(), token, invitation)
        partners_of[key] = 100 + number
    order = list(people)
    rng.shuffle(order)
    for key in order:  # open and save the first page right away
        people[key].open_link()
        clock.step()
        _answer(people[key], ["A"], partners_of[key], clock)
    rng.shuffle(order)
    for key in order[: ORGANISATIONS // 2]:  # half come back later for more pages
        _answer(people[key], ["B1", "B"][: rng.randint(1, 2)], partners_of[key], clock)

    assert Response.objects.filter(wave=wave, status="partial").count() == ORGANISATIONS
    best, tried, linked = _attack(wave, partners_of)
    assert linked == ORGANISATIONS and tried > 100
    assert best.correct <= CHANCE_BOUND, best

    # Nothing on the invitations' side but what the response rate shows of an open anonymous
    # wave: opened (by day); the unfinished answers are counted without organisation.
    assert not Progress.objects.filter(invitation__wave=wave).exists()
    progress = wave_progress(wave)
    assert progress.total.opened == ORGANISATIONS
    assert progress.anonymous_partial == ORGANISATIONS
    assert {timezone.localtime(i.opened_at).time() for i in Invitation.objects.all()} == {time.min}


def _page_a(person: Respondent) -> str:
    return text_of(person.get_page("A"))


def test_an_unfinished_anonymous_answer_is_resumed_through_the_e_mail_link_only(
    db: None, clock: Clock
) -> None:
    """A second sitting (another browser, the link from the e-mail) finds the answers again
    and continues where they stopped; another invitation's cookie, a cookie whose locator was
    changed, and a reminder's link in a fresh browser do not reach them."""
    wave = _anonymous_wave()
    invitation, token = invite(wave, "S-001", "Synthetisches Bündnis 1")
    first = Respondent(Client(), token, invitation)
    first.open_link()
    _answer(first, ["A"], 47, clock)

    second = Respondent(Client(), token, invitation)  # another sitting: a fresh browser
    resumed_at = second.open_link()["Location"]
    assert resumed_at == first.open_link()["Location"] == "/fragebogen/seite/B/"
    page = second.get_page("A")
    assert 'value="47"' in page.content.decode()
    _answer(second, ["B1"], 47, clock)
    assert Response.objects.get(wave=wave).answers["anzahl_partner"] == 47
    assert Response.objects.filter(wave=wave).count() == 1
    assert 'value="47"' in first.get_page("A").content.decode()  # the first browser too

    # Another organisation's cookie (its own invitation, its own locator) sees nothing of it.
    other_invitation, other_token = invite(wave, "S-002", "Synthetisches Bündnis 2")
    other = Respondent(Client(), other_token, other_invitation)
    assert other.open_link()["Location"] == "/fragebogen/"
    assert 'value="47"' not in other.get_page("A").content.decode()
    # The cookie is signed: putting this response's locator into it does not work either.
    cookie = other.client.cookies[access.COOKIE]
    value, _, signature = cookie.value.rpartition(":")
    tampered = value.rsplit(":", 1)[0] + f":{Draft.objects.get().locator}"
    other.client.cookies[access.COOKIE] = f"{tampered}:{signature}"
    assert other.get_page("A").status_code == 403

    # A reminder's link (every message has its own token) in a fresh browser starts afresh;
    # the unfinished answers stay and are mixed with the others when the wave closes.
    Message.objects.create(
        invitation=invitation,
        kind=Message.Kind.REMINDER,
        number=1,
        message_id="<erinnerung-synthetisch-0001@example.org>",
        token_hash=Invitation.hash_token("erinnerung-synthetisch-0001"),
        recipient="s1@example.org",
        state=Message.State.SENT,
    )
    reminder = Respondent(Client(), "erinnerung-synthetisch-0001", invitation)
    assert reminder.open_link()["Location"] == "/fragebogen/"
    assert 'value="47"' not in reminder.get_page("A").content.decode()
    # In the browser that began with the first link, the reminder's link resumes.
    resumed = first.client.get("/t/erinnerung-synthetisch-0001")["Location"]
    assert resumed not in ("/fragebogen/", "/fragebogen/seite/A/", resumed_at)
    assert 'value="47"' in first.get_page("A").content.decode()


def test_the_migration_cuts_links_to_unfinished_anonymous_answers(db: None, clock: Clock) -> None:
    """Data stored by an earlier version (web progress linked to the unfinished answer, exact
    times, ids in order) is linkable before the data migration and not after it."""
    wave = _anonymous_wave()
    partners_of: dict[str, int] = {}
    for number in range(ORGANISATIONS):
        key = f"S-{number:03}"
        invitation, _ = invite(wave, key, f"Synthetisches Bündnis {number}")
        Invitation.objects.filter(pk=invitation.pk).update(opened_at=clock())
        clock.step()
        partners_of[key] = 100 + number
        response = Response(wave=wave, organisation=None, created_at=clock())
        response.save()
        response.record(
            {**ANSWERS, "anzahl_partner": partners_of[key]},
            status="partial",
            by="Web (anonym)",
            source="web",
        )
        Progress.objects.create(
            invitation=invitation, response=response, updated_at=clock(), pages_done=["A"]
        )
        clock.step()
    best, _, _ = _attack(wave, partners_of)
    assert best.correct == ORGANISATIONS  # the old data is fully linkable

    migration = importlib.import_module("umfrage.collect.migrations.0004_draft")
    migration.forwards(django_apps, None)

    assert Response.objects.filter(wave=wave, status="partial").count() == ORGANISATIONS
    assert not Progress.objects.filter(invitation__wave=wave).exists()
    assert {timezone.localtime(i.opened_at).time() for i in Invitation.objects.all()} == {time.min}
    best, _, _ = _attack(wave, partners_of)
    assert best.correct <= CHANCE_BOUND, best


def test_the_quick_check_for_anonymous_agrees_with_the_questionnaire_loader(db: None) -> None:
    """Closing a wave and the data migration read ``anonymous`` without the full loader."""
    anonymous, named = _anonymous_wave(), _non_anonymous_wave()
    for wave in (anonymous, named):
        assert declared_anonymous(wave.questionnaire_text) is wave.questionnaire().anonymous
    assert declared_anonymous(anonymous.questionnaire_text)
    assert not declared_anonymous("wave: [unclosed")
