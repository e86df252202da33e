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
