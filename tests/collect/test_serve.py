"""``umfrage serve``: a real gunicorn serving the app and its static files on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_django.fixtures import Settings

from tests.loopback import free_port
from umfrage.cli import main
from umfrage.cli.serve import default_workers, gunicorn_options
from umfrage.store.models import Wave


@pytest.fixture(autouse=True)
def _own_data_folder(settings: Settings, tmp_path: Path) -> None:
    """Serving creates a key in the data folder (umfrage.secretkey): a private one per test, and
    the key the test ends with is the one it began with."""
    settings.DATA_DIR = tmp_path / "data"
    settings.SECRET_KEY = settings.SECRET_KEY


def fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_workers_follow_the_core_count() -> None:
    assert default_workers(1) == 3
    assert default_workers(2) == 5
    options = gunicorn_options("127.0.0.1", 8000, 5, 1, True)
    assert options["workers"] == 5 and options["worker_class"] == "sync"
    # Workers are forked from a master that has imported the application (fast restarts).
    assert options["preload_app"] is True
    assert gunicorn_options("127.0.0.1", 8000, 3, 4, True)["worker_class"] == "gthread"


def test_serve_has_help_in_german() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Produktionsserver" in result.output and "--workers" in result.output


def test_it_serves_pages_and_static_files_and_keeps_tokens_out_of_the_log(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["UMFRAGE_DATA_DIR"] = str(tmp_path / "data")
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from umfrage.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        status, body, headers = fetch(f"http://127.0.0.1:{port}/static/collect/collect.css")
        assert status == 200 and b"--focus" in body
        assert headers["Content-Type"].startswith("text/css")
        secret = "dies-ist-ein-geheimes-token-1234567890"
        status, body, headers = fetch(f"http://127.0.0.1:{port}/t/{secret}")
        assert status == 404 and "Dieser Link funktioniert nicht" in body.decode()
        assert headers["Referrer-Policy"] == "no-referrer"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    output = (tmp_path / "server.log").read_text()
    assert "Umfrage läuft unter" in output
    assert '"GET /t/[Token entfernt] HTTP/1.1" 404' in output
    assert secret not in output


@pytest.mark.django_db
def test_the_server_forks_its_workers_after_closing_database_connections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    """A connection inherited by every worker would mix their queries (seen under load)."""
    from django.db import connections

    from umfrage.cli import serve

    events: list[str] = []
    close_all = connections.close_all
    monkeypatch.setattr(connections, "close_all", lambda: (events.append("closed"), close_all()))
    monkeypatch.setattr(serve.UmfrageServer, "run", lambda self: events.append("forked"))
    settings.STATIC_ROOT = tmp_path / "static"
    serve.run_server("127.0.0.1", free_port(), workers=1)
    assert events == ["closed", "forked"]


@pytest.mark.django_db
def test_the_preloaded_application_leaves_no_connection_to_the_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import connection, connections

    from umfrage.cli import serve

    connection.ensure_connection()
    closed: list[bool] = []
    close_all = connections.close_all
    monkeypatch.setattr(connections, "close_all", lambda: (closed.append(True), close_all()))
    server = serve.UmfrageServer.__new__(serve.UmfrageServer)
    application = server.load()
    assert callable(application) and closed == [True]


def test_the_master_prepares_what_every_worker_needs(
    wave: Wave, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Templates compiled, open waves' questionnaires parsed and the master's objects frozen
    before the fork (umfrage.warmup), so no worker pays for them on its first requests."""
    import gc

    from django.template import engines

    from umfrage import warmup
    from umfrage.cli import serve
    from umfrage.collect.types import base
    from umfrage.store.models import questionnaire_from_text

    # A broken questionnaire is left for the worker to refuse (the "broken" page).
    Wave.objects.create(
        survey=wave.survey, key="2031", status=Wave.Status.OPEN, questionnaire_text="id: [\n"
    )
    questionnaire_from_text.cache_clear()
    jinja: Any = engines["jinja2"]
    jinja.env.cache.clear()
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    frozen: list[bool] = []
    server = serve.UmfrageServer.__new__(serve.UmfrageServer)
    assert callable(server.load())
    assert frozen == [True]
    compiled = {name for _loader, name in jinja.env.cache}
    assert compiled == set(warmup.RESPONDENT_TEMPLATES)
    info = questionnaire_from_text.cache_info()
    assert info.currsize == 1  # the good one; the broken one raised
    wave.questionnaire()  # (the fixture's instance: no query after the connection closed)
    assert questionnaire_from_text.cache_info().hits == info.hits + 1
    questions = wave.questionnaire().questions()
    assert all(id(question) in base._BUILT for question in questions)  # their fixed markup


def test_the_warm_up_does_without_a_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """A database that does not answer yet does not stop the server from starting."""
    from django.db import DatabaseError
    from django.db.models import QuerySet

    from umfrage import warmup

    def refuse(self: Any) -> Any:
        raise DatabaseError("no database")

    monkeypatch.setattr(QuerySet, "__iter__", refuse)
    warmup.warm_up()


PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.collect.survey import QUESTIONNAIRE, SURVEY
from umfrage.store.models import Invitation, Organisation, Survey, Wave
survey = Survey.objects.create(
    slug="testumfrage", title="Testumfrage", owner="Servicebüro Test", synthetic=True,
    config_text=SURVEY,
)
wave = Wave.objects.create(
    survey=survey, key="2030", title="Testumfrage 2030", status=Wave.Status.OPEN,
    questionnaire_text=QUESTIONNAIRE,
)
organisation = Organisation.objects.create(survey=survey, key="B-1", name="Bündnis Mitte")
invitation = Invitation.objects.create(
    wave=wave, organisation=organisation, token_hash=Invitation.hash_token("x" * 40),
    state=Invitation.State.SENT,
)
print(invitation.pk)
"""


def cookie_for(value: str, key: str) -> str:
    from django.core import signing
    from django.test import override_settings

    from umfrage.collect.access import COOKIE, COOKIE_SALT

    with override_settings(SECRET_KEY=key):
        return f"{COOKIE}={signing.get_cookie_signer(salt=COOKIE + COOKIE_SALT).sign(value)}"


def fetch_with(url: str, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_served_app_refuses_cookies_signed_with_the_public_development_key(
    tmp_path: Path,
) -> None:
    """Issue 16, items 7, 4 and 9 against the real server: ``umfrage serve`` without
    UMFRAGE_SECRET_KEY makes a private key of its own (kept, mode 0600) and says so, so a
    respondent cookie forged with the public development key is refused; no token reaches
    gunicorn's log on any path or in the referrer; two worker processes count wrong links
    together."""
    from umfrage.secretkey import DEVELOPMENT_KEY, key_path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UMFRAGE_SECRET_KEY")}
    env["UMFRAGE_DATA_DIR"] = str(tmp_path / "data")
    env["DJANGO_SETTINGS_MODULE"] = "umfrage.settings"
    (tmp_path / "data").mkdir()
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE], env=env, cwd=root, capture_output=True, text=True
    )
    assert prepared.returncode == 0, prepared.stderr
    invitation = prepared.stdout.strip()
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from umfrage.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    secret = "dies-ist-ein-geheimes-token-0987654321"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        key_file = key_path(tmp_path / "data")
        assert key_file.stat().st_mode & 0o777 == 0o600
        served_key = key_file.read_text().strip()
        assert len(served_key) >= 50 and served_key != DEVELOPMENT_KEY

        for forged in (f"{invitation}:0", invitation):
            cookie = cookie_for(forged, DEVELOPMENT_KEY)
            status, body = fetch_with(f"{base}/fragebogen/", {"Cookie": cookie})
            assert status == 403 and "Bitte öffnen Sie Ihren persönlichen Link" in body
        genuine = cookie_for(f"{invitation}:0", served_key)
        status, body = fetch_with(f"{base}/fragebogen/", {"Cookie": genuine})
        assert status == 200 and "Bündnis Mitte" in body

        status, body = fetch_with(f"{base}/abmelden/{secret}", {})
        assert status == 404 and "Dieser Link funktioniert nicht" in body
        referrer = {"Referer": f"{base}/t/{secret}?weiter=/abmelden/{secret}"}
        assert fetch_with(f"{base}/fragebogen/", referrer)[0] == 403
        # With the wrong opt-out link above, 20 wrong links (the limit), spread over both
        # workers; the next is refused.
        for n in range(19):
            assert fetch_with(f"{base}/t/{secret}{n}", {})[0] == 404
        assert fetch_with(f"{base}/t/{secret}", {})[0] == 429
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    output = (tmp_path / "server.log").read_text()
    assert "Ein zufälliger Schlüssel wurde erzeugt" in output and str(key_file) in output
    assert '"GET /abmelden/[Token entfernt] HTTP/1.1" 404' in output
    assert f'"{base}/t/[Token entfernt]?weiter=/abmelden/[Token entfernt]"' in output
    assert secret not in output
    assert served_key not in output


def test_a_server_of_ones_own_loading_umfrage_wsgi_gets_a_private_key(tmp_path: Path) -> None:
    """Not only ``umfrage serve``: any server that loads ``umfrage.wsgi`` (issue 16, item 7)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UMFRAGE_SECRET_KEY")}
    env["UMFRAGE_DATA_DIR"] = str(tmp_path)
    script = (
        "from umfrage.wsgi import application\n"
        "from django.conf import settings\n"
        "print(settings.SECRET_KEY)\n"
    )
    first, again = (
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    )
    assert first == again == (tmp_path / "secret-key").read_text().strip()
    assert not first.startswith("unsafe-development-key")
