"""`umfrage demo`: the example loaded, a report written, a working respondent link and admin login."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from umfrage.cli import main
from umfrage.store.models import Response, Wave

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_prints_a_link_that_opens_the_questionnaire_and_a_login_that_works(
    settings: object, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "SYNTHETISCH" in result.output
    # Its own secret key, never the public development key (issue 16, item 7).
    key_file = tmp_path / "secret-key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert f"Ein zufälliger Schlüssel wurde erzeugt und in {key_file}" in result.output
    assert key_file.read_text().strip() == settings.SECRET_KEY  # type: ignore[attr-defined]
    assert "Welle 2024: 22 Fragen, 80 Antworten" in result.output
    assert (tmp_path / "bericht-2024.html").is_file()
    assert Wave.objects.get(survey__slug="buendnisumfrage", key="2025").status == "open"
    assert Response.objects.filter(wave__key="2024").count() == 80

    link = re.search(r"http://127\.0\.0\.1:8000(/t/\S+)", result.output)
    assert link is not None
    respondent = Client()
    assert respondent.get(link.group(1))["Location"] == "/fragebogen/"
    assert (
        "Sie antworten für: Lokales Bündnis für Familie"
        in respondent.get("/fragebogen/").content.decode()
    )

    password = re.search(r"Benutzername admin, Passwort (\S+)", result.output)
    assert password is not None
    staff = Client()
    assert staff.login(username="admin", password=password.group(1))
    page = staff.get("/verwaltung/", follow=True)
    assert page.status_code == 200
    assert "Bündnisumfrage" in page.content.decode()

    start = re.search(r"Startseite: http://127\.0\.0\.1:8000(/)\n", result.output)
    assert start is not None
    assert 'href="/verwaltung/"' in Client().get(start.group(1)).content.decode()

    public = re.search(
        r"Öffentliche Ergebnisse \(ohne Anmeldung\): http://127\.0\.0\.1:8000(\S+)", result.output
    )
    assert public is not None
    listing = Client().get(public.group(1)).content.decode()
    assert "Bündnisumfrage 2024" in listing and "(synthetische Daten)" in listing


def test_the_served_demo_shows_the_published_reports(tmp_path: Path) -> None:
    """`make demo` as a person runs it: a real server whose workers can draw the charts.

    The demo draws the 2024 report's charts before it serves; a server forked from that process
    hung on the first chart (vl-convert's engine does not survive a fork), so the first visit of
    a public report never answered.
    """
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.loopback import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["UMFRAGE_DATA_DIR"] = str(tmp_path / "data")
    server = subprocess.Popen(
        [sys.executable, "-c", "from umfrage.cli import main; main()", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "kein Server"
                time.sleep(0.5)
        with urllib.request.urlopen(f"{base}/ergebnisse/buendnisumfrage/2024/", timeout=60) as page:
            html = page.read().decode()
        assert page.status == 200
        assert "Bündnisumfrage 2024" in html and "<svg" in html
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_the_demo_serves_on_the_port_it_is_given_and_its_links_follow_it(
    settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make demo PORT=8080`: the printed addresses and the server's site address (the links in
    the messages it sends) use that port."""
    import os

    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    # The demo sets variables for the server it starts: give it a copy of the environment.
    environ = {k: v for k, v in os.environ.items() if k != "UMFRAGE_SITE_URL"}
    monkeypatch.setattr(os, "environ", environ)
    started: list[tuple[list[str], str | None]] = []

    def execv(path: str, args: list[str]) -> None:
        started.append((args, os.environ.get("UMFRAGE_SITE_URL")))
        raise SystemExit(0)

    monkeypatch.setattr(os, "execv", execv)
    result = CliRunner().invoke(main, ["demo", "--port", "8080"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8080/t/" in result.output
    assert "Startseite: http://127.0.0.1:8080/" in result.output
    assert "8000" not in result.output
    [(args, site)] = started
    assert args[-2:] == ["--port", "8080"]
    assert site == "http://127.0.0.1:8080"
