"""The health check of kept PostgreSQL connections (umfrage.store.health)."""

from __future__ import annotations

import time
from typing import Any

import psycopg
import pytest
from django.core.signals import request_started
from django.db import connection, transaction

from umfrage.store import health
from umfrage.store.models import Survey

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


def test_a_healthy_kept_connection_is_used_without_select_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _needs_postgres()
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    pid = _backend_pid()
    checks = CountingChecks(monkeypatch)
    for _ in range(3):  # three requests on the kept connection
        request_started.send(sender=None)
        assert connection.health_check_done is True
        assert Survey.objects.count() == 0
        assert _backend_pid() == pid
    assert checks.calls == 0


def test_a_connection_the_server_ended_is_checked_and_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _needs_postgres()
    pid = _backend_pid()
    settings = connection.get_connection_params()
    with psycopg.connect(**settings, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 10
        while other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            assert time.monotonic() < deadline, "the backend did not end"
            time.sleep(0.05)
    checks = CountingChecks(monkeypatch)
    request_started.send(sender=None)
    # Something is waiting on the socket (the server's message, the end of the stream): the
    # request does not trust the connection, Django's own check runs and fails, and the
    # request goes on with a new connection instead of an error.
    assert connection.health_check_done is False
    assert Survey.objects.count() == 0
    assert checks.calls == 1
    assert _backend_pid() != pid


def test_only_an_idle_open_connection_counts_as_quiet() -> None:
    _needs_postgres()
    connection.ensure_connection()
    raw: Any = connection.connection
    assert health.quiet(raw) is True
    with transaction.atomic():
        Survey.objects.count()
        assert health.quiet(raw) is False  # a transaction is open
    assert health.quiet(raw) is True
    assert health.quiet(None) is False
    connection.close()
    assert health.quiet(raw) is False  # closed
