"""Personal links kept out of logs, guarded against guessing at every address that takes one, and
counted per client behind the proxy in a store every server process shares (issue 16, 4, 5, 9)."""

from __future__ import annotations

import io
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from tests.collect.helpers import invite
from umfrage.store.models import Invitation, Wave

# --- 4. no token in any log -----------------------------------------------------------------


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the configured console handler (settings.LOGGING, on the root logger) writes."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    assert handlers, "settings.LOGGING configures a console handler"
    written = io.StringIO()
    old = [h.setStream(written) for h in handlers]
    try:
        yield written
    finally:
        for handler, stream in zip(handlers, old, strict=True):
            handler.setStream(stream)  # type: ignore[arg-type]


def test_no_token_reaches_djangos_log_on_any_path_that_carries_one(
    wave: Wave, console: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = secrets.token_urlsafe(24)
    client = Client(raise_request_exception=False)
    assert client.get(f"/t/{token}").status_code == 404
    assert client.get(f"/abmelden/{token}").status_code == 404
    assert client.post(f"/abmelden/{token}x").status_code == 404
    assert client.get(f"/umfragen/testumfrage/import/{token}/").status_code in (302, 404)

    # An error while the opt-out link is handled: the message, its path and the traceback.
    def broken(given: str) -> None:
        raise RuntimeError(f"Kaputt bei /abmelden/{given}")

    monkeypatch.setattr("umfrage.invitations.tokens.lookup", broken)
    assert client.get(f"/abmelden/{token}y").status_code == 500
    # Any other logger that happens to name the address (records propagate to the console).
    logging.getLogger("umfrage.irgendwo").warning(
        "Aufruf von %s", f"/t/{token}z?next=/abmelden/{token}"
    )

    written = console.getvalue()
    assert "Not Found: /abmelden/[Token entfernt]" in written
    assert "Internal Server Error: /abmelden/[Token entfernt]" in written
    assert "RuntimeError: Kaputt bei /abmelden/[Token entfernt]" in written
    assert "Traceback" in written
    assert token not in written


def test_no_token_reaches_gunicorns_access_log(tmp_path: Path) -> None:
    """gunicorn's own access logger as ``umfrage serve`` configures it (request line, path,
    query, referrer): see also tests/collect/test_serve.py for the running server."""
    from gunicorn.config import Config

    from umfrage.cli.serve import RedactingLogger, gunicorn_options

    config = Config()
    log_file = tmp_path / "access.log"
    for key, value in gunicorn_options("127.0.0.1", 8000, 1, 1, True).items():
        if value is not None and key in config.settings:
            config.set(key, value)
    config.set("accesslog", str(log_file))
    logger = config.logger_class(config)
    assert isinstance(logger, RedactingLogger)
    token = secrets.token_urlsafe(24)
    for path, query, referrer in (
        (f"/abmelden/{token}", "", "-"),
        (f"/t/{token}", "a=1", f"https://umfrage.example/abmelden/{token}"),
        ("/fragebogen/", "", f"https://umfrage.example/t/{token}"),
    ):
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"{path}?{query}" if query else path,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_REFERER": referrer,
            "HTTP_USER_AGENT": "Test",
        }
        request = SimpleNamespace(headers=[("REFERER", referrer)])
        response = SimpleNamespace(
            status="404 Not Found", response_length=10, sent=10, headers=[], status_code=404
        )
        from datetime import timedelta

        logger.access(response, request, environ, timedelta(milliseconds=3))
    for handler in logging.getLogger("gunicorn.access").handlers:
        handler.flush()
    written = log_file.read_text()
    assert written.count("[Token entfernt]") >= 4
    assert '"GET /abmelden/[Token entfernt] HTTP/1.1" 404' in written
    assert token not in written


# --- 5. the opt-out link is no oracle ---------------------------------------------------------


def test_a_wrong_opt_out_link_gets_the_same_neutral_page_as_a_wrong_questionnaire_link(
    wave: Wave,
) -> None:
    invitation, token = invite(wave)
    wrong = secrets.token_urlsafe(24)
    questionnaire = Client().get(f"/t/{wrong}")
    for response in (
        Client().get(f"/abmelden/{wrong}"),
        Client().post(f"/abmelden/{wrong}"),
    ):
        assert response.status_code == questionnaire.status_code == 404
        assert response.content == questionnaire.content
        assert response["Referrer-Policy"] == "no-referrer"
        assert "Bündnis Mitte" not in response.content.decode()
    # A withdrawn link: the same page, never the organisation's name.
    from umfrage.invitations.tokens import new_link

    new_link(invitation)
    withdrawn = Client().get(f"/abmelden/{token}")
    assert (withdrawn.status_code, withdrawn.content) == (404, questionnaire.content)


def test_wrong_opt_out_links_count_toward_the_same_lock_out_as_wrong_questionnaire_links(
    wave: Wave, settings: Settings
) -> None:
    settings.COLLECT_TOKEN_ATTEMPTS = 4
    _, token = invite(wave)
    guesser = Client()
    for _ in range(2):
        assert guesser.get(f"/abmelden/{secrets.token_urlsafe(24)}").status_code == 404
        assert guesser.get(f"/t/{secrets.token_urlsafe(24)}").status_code == 404
    # Locked out at both addresses, even with a working link: no more guesses to test.
    assert guesser.get(f"/abmelden/{token}").status_code == 429
    assert guesser.post(f"/abmelden/{token}").status_code == 429
    assert guesser.get(f"/t/{token}").status_code == 429
    assert Invitation.objects.get().state == Invitation.State.SENT
    # A working link from another client still asks before anything happens.
    other = Client(REMOTE_ADDR="192.0.2.9")
    page = other.get(f"/abmelden/{token}")
    assert page.status_code == 200 and "Bündnis Mitte" in page.content.decode()
    assert Invitation.objects.get().state == Invitation.State.SENT


# --- 9. counted per client behind the proxy, in one store for every process -----------------


def test_behind_the_proxy_one_clients_wrong_links_do_not_lock_out_another(
    wave: Wave, settings: Settings
) -> None:
    settings.COLLECT_TOKEN_ATTEMPTS = 3
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    _, token = invite(wave)
    # Both come through the proxy at 127.0.0.1, which adds the client's address last.
    guesser = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    for _ in range(3):
        guesser.get(f"/t/{secrets.token_urlsafe(24)}")
    assert guesser.get(f"/t/{token}").status_code == 429
    respondent = Client(HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert respondent.get(f"/t/{token}").status_code == 303
    assert respondent.get(f"/abmelden/{token}").status_code == 200


def test_without_a_declared_proxy_a_forged_forwarded_for_changes_nothing(
    wave: Wave, settings: Settings
) -> None:
    settings.COLLECT_TOKEN_ATTEMPTS = 3
    assert getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is None
    _, token = invite(wave)
    for n in range(3):
        Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").get(f"/t/{secrets.token_urlsafe(24)}")
    assert Client(HTTP_X_FORWARDED_FOR="198.51.100.77").get(f"/t/{token}").status_code == 429


def test_the_wrong_link_counts_live_in_the_database_shared_by_every_process(
    db: None, settings: Settings
) -> None:
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connection

    from umfrage.collect import access

    settings.COLLECT_TOKEN_ATTEMPTS = 2
    request = RequestFactory().get("/t/x", REMOTE_ADDR="198.51.100.4")
    access.count_wrong_token(request)
    access.count_wrong_token(request)
    # Another process has its own cache objects: a client of its own on the same table.
    location = settings.CACHES[access.LIMITS_CACHE]["LOCATION"]
    other = DatabaseCache(location, {})
    assert other.get(f"collect:wrong-token:{'198.51.100.4'}") == 2
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(location)}")
        assert cursor.fetchone()[0] == 1
    assert access.too_many_attempts(request)


COUNT_IN_A_PROCESS = """
import sys
import django
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
from django.conf import settings
settings.COLLECT_TOKEN_ATTEMPTS = 3
call_command("migrate", verbosity=0)
from umfrage.collect import access
request = RequestFactory().get("/t/x", REMOTE_ADDR="198.51.100.5")
for _ in range(int(sys.argv[1])):
    access.count_wrong_token(request)
print("gesperrt" if access.too_many_attempts(request) else "offen")
"""


def test_two_server_processes_count_wrong_links_together(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["UMFRAGE_DATA_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "umfrage.settings"

    def process(count: int) -> str:
        done = subprocess.run(
            [sys.executable, "-c", COUNT_IN_A_PROCESS, str(count)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert process(2) == "offen"
    assert process(1) == "gesperrt"  # the first process's two count here
