"""Plain SQL for the two hot paths of the web questionnaire: loading and saving one respondent.

Every page view loads the invitation with its wave, survey, organisation, web progress and
response; every page save locks that row, writes the response, a history entry and the progress
(on PostgreSQL usually in one guarded statement, see ``Guard``).
Through the ORM that cost more server time than everything else a request does (building the
query with four joins and constructing the models), so these few statements are written out
once, for SQLite and PostgreSQL alike, with parameters only. What comes back goes through the
same field converters the ORM uses (dates, times with time zone, JSON, booleans), and the writes
through the fields' own preparation, so the stored values are exactly those the ORM would store.

Only Django's public API: the statements go through ``connection.cursor()`` (query logging,
execute wrappers and Django's database errors as for every other query, and Django's health
check of a kept connection), the rows become models through ``Model.from_db`` and are linked
through the relations' own attributes, and a first save inserts through ``Model.save``. A test
(``tests/store/test_public_django_api.py``) keeps private Django attributes out of the package.

Rules kept from the ORM path: the history is only ever appended to (INSERT, never UPDATE or
DELETE); every write happens inside the caller's transaction after the invitation's row is
locked (``FOR UPDATE`` on PostgreSQL; on SQLite the transaction itself is the lock, Django opens
it with BEGIN IMMEDIATE), or by a guarded statement that takes that lock itself.
"""

from __future__ import annotations

import fcntl
import functools
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Field, Model

from umfrage.collect.models import Progress
from umfrage.invitations.models import Message
from umfrage.store.models import Invitation, Organisation, Response, ResponseHistory, Survey, Wave

Converter = Callable[[Any, Any, Any], Any]

# Only what the respondent's pages use is read; the rest (the survey's YAML, register columns,
# send times, error texts, …) stays deferred and would be fetched only if something asked for it
# (tests hold every page to one statement, so such a fetch would show).
_INVITATION_FIELDS = (
    "id",
    "wave",
    "organisation",
    "token_hash",
    "state",
    "opened_at",
    "link_generation",
)
_WAVE_FIELDS = ("id", "survey", "key", "title", "status", "opens", "closes", "questionnaire_text")
_SURVEY_FIELDS = ("id", "slug", "title", "owner", "synthetic")
_ORGANISATION_FIELDS = ("id", "survey", "key", "name", "language", "erased_at")


@dataclass(frozen=True)
class _Part:
    """One table of the joined row: which model, its alias, the fields read from it."""

    model: type[Model]
    alias: str
    fields: tuple[Field[Any, Any], ...]

    @classmethod
    def of(cls, model: type[Model], alias: str, names: Sequence[str] | None = None) -> _Part:
        concrete = model._meta.concrete_fields
        chosen = concrete if names is None else [f for f in concrete if f.name in names]
        return cls(model, alias, tuple(chosen))

    @functools.cached_property
    def attnames(self) -> list[str]:
        return [f.attname for f in self.fields]

    def columns(self) -> list[str]:
        quote = connection.ops.quote_name
        return [f"{self.alias}.{quote(f.column)}" for f in self.fields]

    def converters(self) -> tuple[tuple[int, tuple[tuple[Converter, Any], ...]], ...]:
        """The ORM's converters (backend's first, then the field's) with their column, for each
        field (by its place in the part) that has any; the others come back as they are."""
        found = []
        for index, f in enumerate(self.fields):
            column = f.get_col(self.alias)
            chain = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if chain:
                found.append((index, tuple((convert, column) for convert in chain)))
        return tuple(found)


@dataclass(frozen=True)
class _Query:
    sql: str
    parts: tuple[_Part, ...]
    converters: tuple[tuple[tuple[int, tuple[tuple[Converter, Any], ...]], ...], ...]


_cache: dict[str, _Query] = {}


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    f = model._meta.get_field(name)
    assert isinstance(f, Field) and f.column
    return connection.ops.quote_name(f.column)


def _some_link_works() -> str:
    """SQL: the invitation ``i`` has a token of its own, or one of its messages a token not
    revoked (see access.has_live_link). One parameter: False (for ``token_revoked``)."""
    c = _column
    return (
        f"(i.{c(Invitation, 'token_hash')} IS NOT NULL "
        f"OR EXISTS (SELECT 1 FROM {_table(Message)} m "
        f"WHERE m.{c(Message, 'invitation')} = i.{c(Invitation, 'id')} "
        f"AND m.{c(Message, 'token_revoked')} = %s))"
    )


def _load_query() -> _Query:
    key = connection.vendor
    if key in _cache:
        return _cache[key]
    parts = (
        _Part.of(Invitation, "i", _INVITATION_FIELDS),
        _Part.of(Wave, "w", _WAVE_FIELDS),
        _Part.of(Survey, "s", _SURVEY_FIELDS),
        _Part.of(Organisation, "o", _ORGANISATION_FIELDS),
        _Part.of(Progress, "p"),
        _Part.of(Response, "r"),
        _Part.of(Response, "e"),
    )
    c = _column
    columns = ", ".join(col for part in parts for col in part.columns())
    live = f"CASE WHEN {_some_link_works()} THEN 1 ELSE 0 END"
    sql = (
        f"SELECT {columns}, {live} FROM {_table(Invitation)} i "
        f"JOIN {_table(Wave)} w ON w.{c(Wave, 'id')} = i.{c(Invitation, 'wave')} "
        f"JOIN {_table(Survey)} s ON s.{c(Survey, 'id')} = w.{c(Wave, 'survey')} "
        f"JOIN {_table(Organisation)} o "
        f"ON o.{c(Organisation, 'id')} = i.{c(Invitation, 'organisation')} "
        f"LEFT JOIN {_table(Progress)} p "
        f"ON p.{c(Progress, 'invitation')} = i.{c(Invitation, 'id')} "
        f"LEFT JOIN {_table(Response)} r ON r.{c(Response, 'id')} = p.{c(Progress, 'response')} "
        # A response entered otherwise (import, telephone) that the respondent continues: only
        # looked for while the web questionnaire has no progress of its own for the invitation.
        f"LEFT JOIN {_table(Response)} e ON p.{c(Progress, 'id')} IS NULL "
        f"AND e.{c(Response, 'wave')} = i.{c(Invitation, 'wave')} "
        f"AND e.{c(Response, 'organisation')} = i.{c(Invitation, 'organisation')} "
        f"WHERE i.{c(Invitation, 'id')} = %s"
    )
    query = _Query(sql, parts, tuple(tuple(part.converters()) for part in parts))
    _cache[key] = query
    return query


@dataclass
class Loaded:
    """One respondent's invitation (wave, survey, organisation attached) and what is stored."""

    invitation: Invitation
    progress: Progress | None
    response: Response | None
    """The progress's response, or (no progress yet) one entered otherwise for the organisation."""
    live: bool
    """Whether some link of the invitation still works (see access.has_live_link) and its
    organisation's data have not been erased. Opting out of reminders changes nothing here."""


def load(invitation_id: int) -> Loaded | None:
    """Everything a page needs about one invitation, in one statement."""
    query = _load_query()
    # The connection itself, not the thread-local proxy: it is used for every converted value.
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(query.sql, [False, invitation_id])
        row = cursor.fetchone()
    if row is None:
        return None
    models: list[Model | None] = []
    start = 0
    for part, converters in zip(query.parts, query.converters, strict=True):
        values = list(row[start : start + len(part.fields)])
        start += len(part.fields)
        if values[0] is None:  # the primary key: nothing joined (LEFT JOIN)
            models.append(None)
            continue
        for index, chain in converters:
            for convert, column in chain:
                values[index] = convert(values[index], column, db)
        # As the ORM builds a row of ``only(...)``: the fields not read stay deferred.
        models.append(part.model.from_db(db.alias, part.attnames, values))
    invitation, wave, survey, organisation, progress, response, existing = models
    assert isinstance(invitation, Invitation) and isinstance(wave, Wave)
    assert isinstance(survey, Survey) and isinstance(organisation, Organisation)
    # Attached as ``select_related`` attaches them, through the relations' own descriptors
    # (which keep the ids as they are and remember the object).
    wave.survey = survey
    invitation.wave = wave
    invitation.organisation = organisation
    if progress is not None:
        assert isinstance(progress, Progress)
        assert response is None or isinstance(response, Response)
        progress.invitation = invitation  # a one-to-one: also ``invitation.web_progress``
        progress.response = response
    # Without progress ``invitation.web_progress`` is left unread: nothing on the pages asks
    # for it (it would be a query, and the tests hold every page to one statement).
    stored = response if progress is not None else existing
    assert stored is None or isinstance(stored, Response)
    return Loaded(
        invitation,
        progress,
        stored,
        bool(row[start]) and organisation.erased_at is None,
    )


# --- writes -------------------------------------------------------------------------------------


def lock_invitation(invitation_id: int) -> None:
    """Lock the invitation's row for the caller's transaction (a missing row locks nothing; the
    load that follows finds it missing).

    Its own statement, before the save reads anything: on PostgreSQL a statement that had to
    wait for a row lock still returns what its snapshot, taken when it began, saw of every
    other table. Locking and reading in one statement (``... FOR UPDATE OF i`` on the joined
    load) therefore gave a save that waited for another one the response as it was before that
    other save: two overlapping saves both wrote the same next version (double click, two
    tabs; ``tests/collect/test_concurrent_saves.py``). The load that follows this statement
    takes a new snapshot and sees everything committed before the lock was granted.

    SQLite locks the whole database for the transaction (BEGIN IMMEDIATE), so there is nothing
    to send.
    """
    db = connections[DEFAULT_DB_ALIAS]
    if not db.features.has_select_for_update:
        return
    with db.cursor() as cursor:
        cursor.execute(_lock_statement(db), [invitation_id])


def _lock_statement(db: Any) -> str:
    quote = db.ops.quote_name
    pk = quote(Invitation._meta.pk.column)
    return f"SELECT {pk} FROM {quote(Invitation._meta.db_table)} WHERE {pk} = %s FOR UPDATE"


class _WriterQueue:
    """Lets the server processes take SQLite's write lock one after the other, without waiting
    in SQLite's busy handler.

    SQLite has one write lock per database. A connection that finds it taken sleeps in SQLite's
    busy handler in steps of 1, 2, 5, 10 … ms and tries again; with every save committed to disk
    (``synchronous=FULL``) the lock is held a fraction of a millisecond, so under load the
    waiting processes overslept it and throughput fell by a fifth (bench/collect/load.py). Here
    the questionnaire's writes first take an exclusive ``flock`` on a file beside the database:
    the kernel wakes the next one the moment the lock is free. It only orders these writes
    among the server's processes; SQLite's own lock still protects the data, and every other
    writer (imports, the admin) goes straight to SQLite as before.
    """

    def __init__(self) -> None:
        self._files: dict[str, tuple[int, int]] = {}  # database path → (process id, descriptor)
        self._threads = threading.Lock()  # one flock per open file serves all its threads

    def _descriptor(self, path: str) -> int | None:
        pid = os.getpid()
        held = self._files.get(path)
        if held is not None and held[0] == pid:
            return held[1]
        # Opened in each process itself: a descriptor inherited through fork would share one
        # lock between parent and children.
        try:
            descriptor = os.open(f"{path}-writers", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:  # e.g. a read-only folder: SQLite's busy handler alone, as before
            return None
        self._files[path] = (pid, descriptor)
        return descriptor

    @contextmanager
    def turn(self, path: str) -> Iterator[None]:
        with self._threads:
            descriptor = self._descriptor(path)
            if descriptor is None:
                yield
                return
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)


_writers = _WriterQueue()


def _database_file(db: Any) -> str | None:
    """The SQLite database's file, or None (PostgreSQL, or SQLite in memory as in the tests)."""
    if db.vendor != "sqlite":
        return None
    name = str(db.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:  # as SQLite names its in-memory databases
        return None
    return name


@contextmanager
def write_transaction() -> Iterator[None]:
    """The transaction of one save or submit; on an SQLite file, queued for the write lock."""
    db = connections[DEFAULT_DB_ALIAS]
    path = _database_file(db)
    # Not in autocommit: already inside a transaction (which has or will take the lock).
    if path is None or not transaction.get_autocommit():
        with transaction.atomic():
            yield
        return
    with _writers.turn(path), transaction.atomic():
        yield


_statements: dict[tuple[str, str, type[Model], tuple[str, ...]], str] = {}


def _fields(model: type[Model], names: tuple[str, ...]) -> list[Field[Any, Any]]:
    found = [model._meta.get_field(name) for name in names]
    assert all(isinstance(f, Field) for f in found)
    return found  # type: ignore[return-value]


def _params(db: Any, model: type[Model], values: dict[str, Any]) -> list[Any]:
    """The values prepared by each field exactly as ``Model.save`` would prepare them."""
    return [
        f.get_db_prep_save(value, db)
        for f, value in zip(_fields(model, tuple(values)), values.values(), strict=True)
    ]


def _statement(db: Any, kind: str, model: type[Model], names: tuple[str, ...]) -> str:
    """The INSERT or UPDATE for these columns, built once per database and column set."""
    key = (db.vendor, kind, model, names)
    if key not in _statements:
        quote = db.ops.quote_name
        table = quote(model._meta.db_table)
        columns = [quote(f.column) for f in _fields(model, names)]
        if kind == "insert":
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        else:
            assignments = ", ".join(f"{column} = %s" for column in columns)
            sql = f"UPDATE {table} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
        _statements[key] = sql
    return _statements[key]


def _append(model: type[Model], values: dict[str, Any]) -> None:
    """Insert a row no instance stands for (a history entry)."""
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(_statement(db, "insert", model, tuple(values)), _params(db, model, values))


def _update(model: type[Model], pk: int, values: dict[str, Any]) -> None:
    db = connections[DEFAULT_DB_ALIAS]
    sql = _statement(db, "update", model, tuple(values))
    with db.cursor() as cursor:
        cursor.execute(sql, [*_params(db, model, values), pk])
        if cursor.rowcount != 1:
            raise model.DoesNotExist(  # type: ignore[attr-defined]
                f"{model.__name__} {pk} fehlt beim Speichern."
            )


def _insert(instance: Model) -> None:
    """A first save: through ``Model.save``, which gives the instance its id and marks it as
    stored, so that it behaves as one the ORM read (one INSERT, no savepoint)."""
    instance.save(force_insert=True, using=DEFAULT_DB_ALIAS)


@dataclass(frozen=True)
class Guard:
    """The condition of a save written without a transaction of its own (``store_response``):
    the invitation is locked by the statement itself, and the response is written only if it is
    still at ``version``, the version the request read."""

    invitation_id: int
    version: int


def writes_with_guard() -> bool:
    """Whether ``store_response`` takes a ``Guard`` here (PostgreSQL's data-modifying WITH)."""
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


def store_response(
    response: Response,
    *,
    by: str,
    source: str,
    progress: Progress | None = None,
    linked: bool = True,
    invitation_state: str | None = None,
    guard: Guard | None = None,
) -> bool:
    """Write the response's new state (answers already checked, version already counted up)
    and append that state to its history, as ``Response.record`` does through the ORM; with
    ``progress``, write the web progress too, pointing to the response (or, not ``linked``, to
    none: an anonymous wave's submit), and with ``invitation_state`` the state of the progress's
    invitation. All in the caller's transaction, which holds the invitation's row locked.

    Without a guard the writes are the same statements on every database, one per row: a new
    response or progress is inserted (``Model.save``), an existing one updated, the history
    entry appended, the invitation's state updated.

    With a ``guard`` (PostgreSQL only, ``writes_with_guard``) no transaction or lock of the
    caller's is needed: one statement (``_guarded_statement``) locks the invitation's row
    itself, as the caller's transaction would have, and writes only if the response is still at
    the guard's version; every save of the web questionnaire counts that version up, so a save
    that came in between shows. Only for rows that exist (a first save inserts, and takes the
    locked way). Returns False if it did not write (nothing at all then); without a guard
    always True.
    """
    assert invitation_state is None or progress is not None
    if guard is not None:
        assert writes_with_guard(), "a guarded save needs PostgreSQL (writes_with_guard)"
        return _store_guarded(response, by, source, progress, linked, invitation_state, guard)
    if response.pk is None:
        _insert(response)
    else:
        _update(Response, response.pk, _values(response, _RESPONSE_STATE))
    _append(
        ResponseHistory,
        {
            "response": response.pk,
            "version": response.version,
            "changed_at": response.updated_at,
            "changed_by": by,
            "source": source,
            "status": response.status,
            "answers": response.answers,
        },
    )
    if progress is not None:
        progress.response = response if linked else None
        store_progress(progress)
        if invitation_state is not None:
            set_invitation_state(progress.invitation_id, invitation_state)
    return True


# What every save writes of a response or a progress.
_RESPONSE_STATE = ("status", "submitted_at", "answers", "language", "version", "updated_at")
_PROGRESS_STATE = ("pages_done", "submitted", "updated_at")


def _values(instance: Model, names: tuple[str, ...]) -> dict[str, Any]:
    """These fields' values by field name; a foreign key's value is its id (no query)."""
    return {
        name: getattr(instance, f.attname)
        for name, f in zip(names, _fields(type(instance), names), strict=True)
    }


_guarded: dict[tuple[bool, bool, bool], str] = {}


def _guarded_statement(progress: bool, linked: bool, invitation: bool) -> str:
    """The one statement of a guarded save on PostgreSQL: data-modifying parts of a WITH query.

    ``l`` first locks the invitation's row (``FOR UPDATE``, held to the end of the statement's
    transaction) if a link of it still works and its organisation is not erased; ``r`` updates
    the response only at the expected version and once that lock is held, and returns its row;
    ``h`` appends that row's state to the history (so the entry is the stored state by
    construction); ``p`` updates the progress (if ``progress``) and ``i`` the invitation's
    state (if ``invitation``), each only if ``r`` wrote. The final SELECT returns what each
    part wrote, so that a row that vanished shows. Built once per shape.

    A save in another transaction that has the lock makes this statement wait; when it commits,
    the response's row has a new version, which PostgreSQL re-checks against the condition
    before updating (READ COMMITTED), so nothing is written.
    """
    key = (progress, linked, invitation)
    if key in _guarded:
        return _guarded[key]
    db = connections[DEFAULT_DB_ALIAS]
    q = db.ops.quote_name

    def cols(model: type[Model], names: tuple[str, ...]) -> list[str]:
        return [q(f.column) for f in _fields(model, names)]

    response_pk = q(Response._meta.pk.column)
    invitation_pk = q(Invitation._meta.pk.column)
    organisation_pk = q(Organisation._meta.pk.column)
    written = " AND EXISTS (SELECT 1 FROM r)"
    # Only while a link of the invitation works and its organisation is not erased, as every
    # page checks before it is shown: a revocation or erasure since the page's read shows here.
    # (Opting out of reminders does not stop answering.)
    lock = (
        f"SELECT i.{invitation_pk} FROM {q(Invitation._meta.db_table)} i "
        f"WHERE i.{invitation_pk} = %s AND NOT EXISTS (SELECT 1 FROM "
        f"{q(Organisation._meta.db_table)} o WHERE o.{organisation_pk} = "
        f"i.{_column(Invitation, 'organisation')} "
        f"AND o.{_column(Organisation, 'erased_at')} IS NOT NULL) "
        f"AND {_some_link_works()} FOR UPDATE"
    )
    sets = ", ".join(f"{c} = %s" for c in cols(Response, _RESPONSE_STATE))
    state = cols(Response, ("version", "updated_at", "status", "answers"))
    r = (
        f"UPDATE {q(Response._meta.db_table)} SET {sets} WHERE {response_pk} = %s "
        f"AND {cols(Response, ('version',))[0]} = %s AND EXISTS (SELECT 1 FROM l) "
        f"RETURNING {response_pk}, {', '.join(state)}"
    )
    history = cols(
        ResponseHistory,
        ("response", "version", "changed_at", "status", "answers", "changed_by", "source"),
    )
    parts = [
        f"l AS ({lock})",
        f"r AS ({r})",
        f"h AS (INSERT INTO {q(ResponseHistory._meta.db_table)} ({', '.join(history)}) "
        f"SELECT {response_pk}, {', '.join(state)}, %s, %s FROM r)",
    ]
    selected = [f"(SELECT {response_pk} FROM r)"]
    if progress:
        progress_pk = q(Progress._meta.pk.column)
        link = f"(SELECT {response_pk} FROM r)" if linked else "NULL"
        assignments = ", ".join(
            [
                f"{_column(Progress, 'response')} = {link}",
                *(f"{c} = %s" for c in cols(Progress, _PROGRESS_STATE)),
            ]
        )
        parts.append(
            f"p AS (UPDATE {q(Progress._meta.db_table)} SET {assignments} "
            f"WHERE {progress_pk} = %s{written} RETURNING {progress_pk})"
        )
        selected.append(f"(SELECT {progress_pk} FROM p)")
    if invitation:
        parts.append(
            f"i AS (UPDATE {q(Invitation._meta.db_table)} SET {cols(Invitation, ('state',))[0]} "
            f"= %s WHERE {invitation_pk} = %s{written} RETURNING {invitation_pk})"
        )
        selected.append(f"(SELECT {invitation_pk} FROM i)")
    sql = f"WITH {', '.join(parts)} SELECT {', '.join(selected)}"
    _guarded[key] = sql
    return sql


def _store_guarded(
    response: Response,
    by: str,
    source: str,
    progress: Progress | None,
    linked: bool,
    invitation_state: str | None,
    guard: Guard,
) -> bool:
    """``store_response`` with a guard: one statement instead of a transaction of five to seven
    (BEGIN, lock, read, the writes, COMMIT), each a round trip with its own work in psycopg,
    Django's cursor and the database server. The rows written are those of the unguarded way
    (``tests/collect/test_rows.py`` compares them with the ORM's)."""
    assert response.pk is not None and (progress is None or progress.pk is not None)
    db = connections[DEFAULT_DB_ALIAS]
    params: list[Any] = [guard.invitation_id, False]
    params += [*_params(db, Response, _values(response, _RESPONSE_STATE)), response.pk]
    params.append(guard.version)
    params += _params(db, ResponseHistory, {"changed_by": by, "source": source})
    if progress is not None:
        params += [*_params(db, Progress, _values(progress, _PROGRESS_STATE)), progress.pk]
    if invitation_state is not None:
        assert progress is not None
        params += [*_params(db, Invitation, {"state": invitation_state}), progress.invitation_id]
    sql = _guarded_statement(progress is not None, linked, invitation_state is not None)
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        written = cursor.fetchone()
    if written[0] is None:
        return False  # changed (or gone) since the request read it: nothing was written
    if progress is not None and written[1] is None:
        raise Progress.DoesNotExist(f"Progress {progress.pk} fehlt beim Speichern.")
    if invitation_state is not None and written[-1] is None:
        assert progress is not None
        raise Invitation.DoesNotExist(f"Invitation {progress.invitation_id} fehlt beim Speichern.")
    if progress is not None:
        progress.response = response if linked else None
    return True


def store_progress(progress: Progress) -> None:
    if progress.pk is None:
        _insert(progress)
    else:
        _update(Progress, progress.pk, _values(progress, ("response", *_PROGRESS_STATE)))


def set_invitation_state(invitation_id: int, state: str) -> None:
    _update(Invitation, invitation_id, {"state": state})


def mark_opened(invitation_id: int, now: datetime) -> None:
    """The first opening of the link; a second one (another process, another tab) keeps it."""
    db = connections[DEFAULT_DB_ALIAS]
    column = db.ops.quote_name(Invitation._meta.get_field("opened_at").column)
    sql = (
        f"UPDATE {db.ops.quote_name(Invitation._meta.db_table)} SET {column} = %s "
        f"WHERE {db.ops.quote_name(Invitation._meta.pk.column)} = %s AND {column} IS NULL"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, [*_params(db, Invitation, {"opened_at": now}), invitation_id])
