"""The page's launcher for real: a detached `umfrage invite` against an SMTP server on loopback.

The process runs against a file database of its own (prepared with `umfrage import`), reached
through the environment ``sendjobs.database_env`` derives from that database's settings, as the
web process does for its own.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

from tests.loopback import Inbox, free_port
from tests.minisurvey import SURVEY_YAML, make_minisurvey
from umfrage.store.models import Survey, Wave
from umfrage.web import sendjobs

OPEN_YAML = SURVEY_YAML.replace(
    "closes: 2024-06-28, status: closed", "closes: 2099-06-30, status: open"
)


def test_the_background_run_sends_the_invitations_to_a_real_smtp_server(tmp_path: Path) -> None:
    assert "status: open" in OPEN_YAML
    folder = make_minisurvey(tmp_path / "in", {"survey.yaml": OPEN_YAML})
    data = tmp_path / "data"
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        base.update(
            {
                "UMFRAGE_SMTP_HOST": "127.0.0.1",
                "UMFRAGE_SMTP_PORT": str(port),
                "UMFRAGE_SMTP_RATE": "0",
                "UMFRAGE_SMTP_BACKOFF": "0",
                "UMFRAGE_FROM_EMAIL": "Servicebüro <umfrage@servicebuero.example>",
                "UMFRAGE_SITE_URL": "https://umfrage.example",
            }
        )
        env = sendjobs.database_env(
            base, {"ENGINE": "django.db.backends.sqlite3", "NAME": data / "umfrage.sqlite3"}
        )
        subprocess.run(
            [*sendjobs.PYTHON_CLI, "import", str(folder)], env=env, check=True, capture_output=True
        )
        wave = Wave(key="2024", survey=Survey(slug="mini"))
        log = tmp_path / "logs" / "mini-2024.log"
        sendjobs.start_detached(sendjobs.invite_command(wave, reminder=False), env, log)

        deadline = time.monotonic() + 60
        while len(inbox.messages) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        # The run records its outcome after the last hand-over; wait for it to finish.
        while "versandt." not in log.read_text("utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        controller.stop()

    recipients = sorted(r for rcpt, _ in inbox.messages for r in rcpt)
    assert recipients == ["altona@example.org", "mitte@example.org", "pankow@example.org"]
    for _, message in inbox.messages:
        text = message.get_body(preferencelist=("plain",))
        assert text is not None and "https://umfrage.example/t/" in text.get_content()
    output = log.read_text("utf-8")
    assert output.startswith("--- ") and "umfrage invite --wave 2024 --survey mini ---" in output
    assert "Welle 2024: 3 Einladung(en) versandt." in output
    with sqlite3.connect(data / "umfrage.sqlite3") as db:
        states = db.execute("SELECT state, count(*) FROM invitations_message GROUP BY state")
        assert dict(states.fetchall()) == {"sent": 3}


@pytest.mark.django_db(transaction=True)
def test_the_page_starts_a_real_run_that_uses_the_web_process_database(
    admin_client: Client,
    mini: Survey,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database lives in memory; no second process can reach it.")
    Wave.objects.filter(survey=mini, key="2024").update(status="open", closes=date(2099, 6, 30))
    settings.DATA_DIR = tmp_path
    inbox = Inbox()
    port = free_port()
    for name, value in {
        "UMFRAGE_SMTP_HOST": "127.0.0.1",
        "UMFRAGE_SMTP_PORT": str(port),
        "UMFRAGE_SMTP_RATE": "0",
        "UMFRAGE_SITE_URL": "https://umfrage.example",
    }.items():
        monkeypatch.setenv(name, value)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        response = admin_client.post(
            reverse("web:invitations_send", args=("mini", "2024")),
            {"kind": "invitation", "confirm": "1"},
        )
        assert response.status_code == 302
        log = tmp_path / "versand" / "mini-2024.log"
        deadline = time.monotonic() + 60
        while "versandt." not in log.read_text("utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        controller.stop()
    assert len(inbox.messages) == 3, log.read_text("utf-8")
    page = admin_client.get(reverse("web:invitations", args=("mini", "2024"))).content.decode()
    assert "<dt>Eingeladen (versandt)</dt><dd>3</dd>" in page
    assert "Welle 2024: 3 Einladung(en) versandt." in page  # the run's output, shown
