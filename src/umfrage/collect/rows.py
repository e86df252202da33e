"""Plain SQL for the two hot paths of the web questionnaire: loading and saving one respondent.

Every page view loads the invitation with its wave, survey, organisation, web progress and
response; every page save locks that row, writes the response, a history entry and the progress.
Through the ORM that cost more server time than everything else a request does (building the
query with four joins and constructing the models), so these few statements are written out
once, for SQLite and PostgreSQL alike, with parameters only. What comes back goes through the
same field converters the ORM uses (dates, times with time zone, JSON, booleans), and the writes
through the fields' own preparation, so the stored values are exactly those the ORM would store.

Rules kept from the ORM path: the history is only ever appended to (INSERT, never UPDATE or
DELETE); every write happens inside the caller's transaction after the invitation's row is
locked (``FOR UPDATE`` on PostgreSQL; on SQLite the transaction itself is the lock, Django opens
it with BEGIN IMMEDIATE).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from umfrage.collect.models import Progress
from umfrage.invitations.models import Message
from umfrage.store.models import Invitation, Organisation, Response, ResponseHistory, Survey, Wave

Converter = Callable[[Any, Any, Any], Any]

# Only what the respondent's pages use is read; the rest (the survey's YAML, register columns,
# send times, error texts, …) stays deferred and would be fetched only if something asked for it
# (tests hold every page to one statement, so such a fetch would show).
_INVITATION_FIELDS = ("id", "wave", "organisation", "token_hash", "state", "opened_at")
_WAVE_FIELDS = ("id", "survey", "key", "title", "status", "opens", "closes", "questionnaire_text")
_SURVEY_FIELDS = ("id", "slug", "title", "owner", "synthetic")
_ORGANISATION_FIELDS = ("id", "survey", "key", "name")


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

    def columns(self) -> list[str]:
        quote = connection.ops.quote_name
        return [f"{self.alias}.{quote(f.column)}" for f in self.fields]

    def converters(self) -> list[list[tuple[Converter, Any]]]:
        """Per field the ORM's converters (backend's first, then the field's) and their column."""
        found = []
        for f in self.fields:
            column = f.get_col(self.alias)
            chain = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            found.append([(convert, column) for convert in chain])
        return found


@dataclass(frozen=True)
class _Query:
    sql: str
    parts: tuple[_Part, ...]
    converters: tuple[tuple[list[tuple[Converter, Any]], ...], ...]


_cache: dict[tuple[str, bool], _Query] = {}


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    f = model._meta.get_field(name)
    assert isinstance(f, Field) and f.column
    return connection.ops.quote_name(f.column)


def _load_query(lock: bool) -> _Query:
    key = (connection.vendor, lock)
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
    live = (
        f"CASE WHEN i.{c(Invitation, 'token_hash')} IS NOT NULL THEN 1 "
        f"WHEN EXISTS (SELECT 1 FROM {_table(Message)} m "
        f"WHERE m.{c(Message, 'invitation')} = i.{c(Invitation, 'id')} "
        f"AND m.{c(Message, 'token_revoked')} = %s) THEN 1 ELSE 0 END"
    )
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
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE OF i" if connection.features.has_select_for_update_of else " FOR UPDATE"
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
    """Whether some link of the invitation still works (see access.has_live_link)."""


def load(invitation_id: int, *, lock: bool = False) -> Loaded | None:
    """Everything a page needs about one invitation, in one statement; ``lock`` its row."""
    query = _load_query(lock)
    with connection.cursor() as cursor:
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
        for index, chain in enumerate(converters):
            for convert, column in chain:
                values[index] = convert(values[index], column, connection)
        models.append(
            part.model.from_db(connection.alias, [f.attname for f in part.fields], values)
        )
    invitation, wave, survey, organisation, progress, response, existing = models
    assert isinstance(invitation, Invitation) and isinstance(wave, Wave)
    assert isinstance(organisation, Organisation)
    wave.survey = survey  # type: ignore[assignment]
    invitation.wave = wave
    invitation.organisation = organisation
    if progress is not None:
        assert isinstance(progress, Progress)
        progress.invitation = invitation
        progress.response = response  # type: ignore[assignment]
    Invitation.web_progress.related.set_cached_value(invitation, progress)
    stored = response if progress is not None else existing
    assert stored is None or isinstance(stored, Response)
    return Loaded(
        invitation,
        progress,
        stored,
        bool(row[start]) and invitation.state != Invitation.State.OPTED_OUT,
    )


# --- writes -------------------------------------------------------------------------------------


def _prepared(model: type[Model], values: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """Column names and values, prepared by each field exactly as ``Model.save`` would."""
    columns, params = [], []
    for name, value in values.items():
        f = model._meta.get_field(name)
        assert isinstance(f, Field)
        columns.append(connection.ops.quote_name(f.column))
        params.append(f.get_db_prep_save(value, connection))
    return columns, params


def _insert(model: type[Model], values: dict[str, Any]) -> int:
    columns, params = _prepared(model, values)
    marks = ", ".join(["%s"] * len(params))
    sql = f"INSERT INTO {_table(model)} ({', '.join(columns)}) VALUES ({marks})"
    returning = connection.features.can_return_columns_from_insert
    if returning:
        sql += f" RETURNING {_column(model, 'id')}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0] if returning else cursor.lastrowid)


def _update(model: type[Model], pk: int, values: dict[str, Any]) -> None:
    columns, params = _prepared(model, values)
    assignments = ", ".join(f"{column} = %s" for column in columns)
    sql = f"UPDATE {_table(model)} SET {assignments} WHERE {_column(model, 'id')} = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, pk])
        if cursor.rowcount != 1:
            raise model.DoesNotExist(  # type: ignore[attr-defined]
                f"{model.__name__} {pk} fehlt beim Speichern."
            )


def store_response(response: Response, *, by: str, source: str) -> None:
    """Write the response's new state (answers already checked, version already counted up)
    and append that state to its history, as ``Response.record`` does through the ORM."""
    values = {
        "status": response.status,
        "submitted_at": response.submitted_at,
        "answers": response.answers,
        "version": response.version,
        "updated_at": response.updated_at,
    }
    if response.pk is None:
        response.pk = _insert(
            Response,
            {
                "wave": response.wave_id,
                "organisation": response.organisation_id,
                "position": response.position,
                "created_at": response.created_at,
                **values,
            },
        )
        response._state.adding = False
        response._state.db = connection.alias
    else:
        _update(Response, response.pk, values)
    _insert(
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


def store_progress(progress: Progress) -> None:
    values = {
        "response": progress.response_id,
        "pages_done": progress.pages_done,
        "submitted": progress.submitted,
        "updated_at": progress.updated_at,
    }
    if progress.pk is None:
        progress.pk = _insert(Progress, {"invitation": progress.invitation_id, **values})
        progress._state.adding = False
        progress._state.db = connection.alias
    else:
        _update(Progress, progress.pk, values)


def set_invitation_state(invitation_id: int, state: str) -> None:
    _update(Invitation, invitation_id, {"state": state})


def mark_opened(invitation_id: int, now: datetime) -> None:
    """The first opening of the link; a second one (another process, another tab) keeps it."""
    columns, params = _prepared(Invitation, {"opened_at": now})
    sql = (
        f"UPDATE {_table(Invitation)} SET {columns[0]} = %s "
        f"WHERE {_column(Invitation, 'id')} = %s AND {columns[0]} IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, invitation_id])
