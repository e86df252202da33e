"""Several real processes (servers, workers, commands) on one database: the test's own
PostgreSQL database when DATABASE_URL is PostgreSQL, otherwise a SQLite file of their own (the
test database of SQLite lives in memory, out of reach of other processes)."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.minisurvey import SURVEY_YAML, make_minisurvey

OPEN_YAML = SURVEY_YAML.replace(
    "closes: 2024-06-28, status: closed", "closes: 2099-06-30, status: open"
)
PYTHON_CLI = ["-c", "from umfrage.cli import main; main()"]


def shared_env(tmp_path: Path, smtp_port: int, **extra: str) -> dict[str, str]:
    """The environment for every process of the test: one database, one SMTP server."""
    from django.db import connection

    from umfrage.invitations.process import database_env

    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.update(
        {
            "UMFRAGE_DATA_DIR": str(tmp_path / "data"),
            "UMFRAGE_SMTP_HOST": "127.0.0.1",
            "UMFRAGE_SMTP_PORT": str(smtp_port),
            "UMFRAGE_SMTP_RATE": "0",
            "UMFRAGE_SMTP_BACKOFF": "0",
            "UMFRAGE_FROM_EMAIL": "Servicebüro <umfrage@servicebuero.example>",
            "UMFRAGE_SITE_URL": "https://umfrage.example",
            "UMFRAGE_SECRET_KEY": "synthetic-test-key-for-two-servers-0123456789abcdefghij",
            "UMFRAGE_SECURE_COOKIES": "0",
            **extra,
        }
    )
    if connection.vendor == "postgresql":
        return database_env(base)
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "data" / "umfrage.sqlite3"}
    return database_env(base, sqlite)


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    import sys

    done = subprocess.run(
        [sys.executable, *PYTHON_CLI, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def script(env: dict[str, str], code: str) -> str:
    """Run Python with Django set up on the shared database; returns what it printed."""
    import sys

    prelude = "from umfrage.cli import ensure_database\nensure_database()\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def start(env: dict[str, str], *args: str, log: Path) -> subprocess.Popen[bytes]:
    import sys

    out = log.open("ab")
    return subprocess.Popen(
        [sys.executable, *PYTHON_CLI, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def prepare(tmp_path: Path, env: dict[str, str]) -> None:
    """The mini survey with its 2024 wave open (three organisations with an address), and a
    staff account ``admin``."""
    folder = make_minisurvey(tmp_path / "in", {"survey.yaml": OPEN_YAML})
    cli(env, "import", str(folder))
    cli(env, "createadmin", "admin", "--password-stdin", stdin=PASSWORD + "\n")


PASSWORD = "Sommerwiese-Fahrrad-73"


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text("utf-8", "replace")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer:\n{log.read_text('utf-8', 'replace')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
