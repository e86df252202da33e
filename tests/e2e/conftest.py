"""A real installation for the end-to-end walk: its own database, `umfrage serve`, loopback SMTP.

Nothing here shares the test run's database: the example is loaded with ``umfrage import``
into a database of its own (an SQLite file, or on the PostgreSQL run a database next to the
test database), the server is the production server (gunicorn) in its own process group, and
the invitations go out through the background process the admin page starts, to an SMTP server
on loopback that keeps every message it receives.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.owndb import own_database
from tests.loopback import Inbox, free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"
ADMIN = "servicebuero"
ADMIN_PASSWORD = "Ende-zu-Ende-Probe-2025!"  # synthetic account of this test's own database
CLI = [sys.executable, "-c", "from umfrage.cli import main; main()"]


@dataclass
class Installation:
    url: str
    env: dict[str, str]
    inbox: Inbox
    log: Path

    def cli(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [*CLI, *args], env=self.env, input=stdin, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"umfrage {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


@pytest.fixture
def e2e_database() -> Iterator[str]:
    """An SQLite file, or (on the PostgreSQL run) a fresh database beside the test database."""
    yield from own_database(os.environ.get("DATABASE_URL", ""))


@pytest.fixture
def survey_folder() -> Path:
    """The survey folder the installation imports (a test module may override it)."""
    return EXAMPLE


@pytest.fixture
def installation(tmp_path: Path, e2e_database: str, survey_folder: Path) -> Iterator[Installation]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UMFRAGE_", "DATABASE_URL"))}
    env.update(
        UMFRAGE_DATA_DIR=str(tmp_path / "data"),
        UMFRAGE_SECRET_KEY="e2e-" + "x" * 60,
        UMFRAGE_SECURE_COOKIES="0",  # plain http on loopback
        UMFRAGE_SITE_URL=url,
        UMFRAGE_SMTP_HOST="127.0.0.1",
        UMFRAGE_SMTP_PORT=str(smtp_port),
        UMFRAGE_SMTP_RATE="0",
        UMFRAGE_SMTP_BACKOFF="0",
        UMFRAGE_FROM_EMAIL="Servicebüro Lokale Bündnisse <umfrage@servicebuero.example>",
        UMFRAGE_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="umfrage.settings",
    )
    if e2e_database:
        env["DATABASE_URL"] = e2e_database
    log = tmp_path / "server.log"
    site = Installation(url, env, inbox, log)
    site.cli("import", str(survey_folder))
    site.cli("createadmin", ADMIN, "--role", "admin", "--password-stdin", stdin=ADMIN_PASSWORD)
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Der Server ist nicht gestartet:\n{log.read_text()}")
                time.sleep(0.2)
        yield site
    finally:
        _stop(server)
        controller.stop()
