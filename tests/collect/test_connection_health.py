"""The health check of kept PostgreSQL connections on the questionnaire's statements
(umfrage.collect.rows): Django's own (``CONN_HEALTH_CHECKS``), as for every other query.

(Until issue 17 a module of its own, ``umfrage.store.health``, skipped that check for a
connection with nothing waiting on its socket by setting Django's internal flag; it went with
the other uses of Django's private API.)"""

from __future__ import annotations

import time

import psycopg
import pytest
from django.core.signals import request_started
from django.db import connection

from tests.collect.helpers import invite
from umfrage.collect import rows
from umfrage.store.models import Wave

pytestmark = pytest.mark.django_db(transaction=True)


def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: Django's check of an SQLite connection sends no query")
    # A fresh connection: one older than CONN_MAX_AGE (the test run's own, after a minute)
    # would be closed by the request start itself.
    connection.close()
    connection.ensure_connection()


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


class CountingChecks:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = connection.is_usable

        def counted() -> bool:
            self.calls += 1
            return bool(original())

        monkeypatch.setattr(connection, "is_usable", counted)


def test_a_kept_connection_is_checked_once_per_request(
    wave: Wave, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before a request's first questionnaire statement Django checks the kept connection
    (one ``SELECT 1``), and not again for the request's other statements."""
    _needs_postgres()
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    invitation, _ = invite(wave)
    pid = _backend_pid()
    checks = CountingChecks(monkeypatch)
    for _ in range(3):  # three requests on the kept connection, two statements each
        request_started.send(sender=None)
        for _ in range(2):
            loaded = rows.load(invitation.pk)
            assert loaded is not None and loaded.invitation.pk == invitation.pk
    assert checks.calls == 3
    assert _backend_pid() == pid


def test_a_connection_the_server_ended_is_checked_and_replaced(
    wave: Wave, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_postgres()
    invitation, _ = invite(wave)
    pid = _backend_pid()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 10
        while other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            assert time.monotonic() < deadline, "the backend did not end"
            time.sleep(0.05)
    checks = CountingChecks(monkeypatch)
    request_started.send(sender=None)
    # Django's check runs and fails, and the page load goes on with a new connection instead
    # of an error.
    loaded = rows.load(invitation.pk)
    assert loaded is not None and loaded.invitation.pk == invitation.pk
    assert checks.calls == 1
    assert _backend_pid() != pid
