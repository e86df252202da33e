"""Two app servers on one database (issue 17, 5): a send started on one is watched on the other,
run by the worker that ``umfrage serve`` starts; wrong links on both count together.

Real processes throughout: two ``umfrage serve`` (gunicorn) on loopback ports, an SMTP server on
loopback (aiosmtpd), a staff user logged in over HTTP. On PostgreSQL they share the test's own
database; on SQLite a database file of their own.
"""

from __future__ import annotations

import os
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from tests.loopback import Inbox, free_port
from tests.shareddb import PASSWORD, prepare, shared_env, start, stop, wait_until_serving

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A staff person's browser: one cookie jar for both servers (same host, other port)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=30) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def post(self, url: str, form_page: str, fields: dict[str, str]) -> tuple[int, str]:
        _, page = self.get(form_page)
        match = CSRF.search(page)
        assert match, page[:2000]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), **fields}).encode()
        try:
            with self.opener.open(url, data=data, timeout=60) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


@pytest.mark.django_db(transaction=True)
def test_a_send_started_on_one_server_is_watched_on_the_other_and_limits_count_across_both(
    tmp_path: Path,
) -> None:
    inbox = Inbox()
    smtp = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp)
    controller.start()
    env = shared_env(tmp_path, smtp, UMFRAGE_TOKEN_ATTEMPTS="3", UMFRAGE_SMTP_RATE="600")
    prepare(tmp_path, env)
    port_a, port_b = free_port(), free_port()
    log_a, log_b = tmp_path / "a.log", tmp_path / "b.log"
    common = ("--workers", "1", "--no-access-log")
    # A without a worker: whatever it queues must be run by B's.
    server_a = start(env, "serve", "--port", str(port_a), "--no-worker", *common, log=log_a)
    server_b = start(env, "serve", "--port", str(port_b), *common, log=log_b)
    a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    try:
        wait_until_serving(a + reverse("web:login"), server_a, log_a)
        wait_until_serving(b + reverse("web:login"), server_b, log_b)
        staff = Browser()
        login = reverse("web:login")
        status, page = staff.post(a + login, a + login, {"username": "admin", "password": PASSWORD})
        assert status == 200 and "Abmelden" in page, page[:3000]

        invitations = reverse("web:invitations", args=("mini", "2024"))
        send = reverse("web:invitations_send", args=("mini", "2024"))
        status, page = staff.post(a + send, a + invitations, {"kind": "invitation"})
        assert status == 200 and "<strong>3 Einladungen</strong>" in page, page[:3000]
        status, page = staff.post(a + send, a + invitations, {"kind": "invitation", "confirm": "1"})
        assert status == 200 and "läuft im Hintergrund" in page, page[:3000]

        # Watched on B until done.
        seen = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, page = staff.get(b + invitations)
            assert status == 200
            state = re.search(r"<dt>Zustand</dt><dd>([^<]+)</dd>", page)
            seen.append(state.group(1) if state else None)
            if seen[-1] in ("fertig", "abgebrochen"):
                break
            time.sleep(0.3)
        assert seen[-1] == "fertig", (seen, page, log_b.read_text("utf-8", "replace"))
        assert "admin (Verwaltung im Browser)" in page
        assert "3 versandt, 0 fehlgeschlagen, 0 zurückgestellt, 0 offen (von 3)" in page
        assert "Fertig: 3 versandt" in page  # the run's log lines, from the database
        assert "<dt>Eingeladen (versandt)</dt><dd>3</dd>" in page

        # Every organisation with an address got exactly one message.
        recipients = sorted(r for rcpt, _ in inbox.messages for r in rcpt)
        assert recipients == ["altona@example.org", "mitte@example.org", "pankow@example.org"]

        # Wrong links: two on A and one on B reach the limit of three on both servers.
        visitor = Browser()
        for server in (a, a, b):
            assert visitor.get(f"{server}/t/{secrets.token_urlsafe(24)}")[0] == 404
        assert visitor.get(f"{a}/t/{secrets.token_urlsafe(24)}")[0] == 429
        assert visitor.get(f"{b}/t/{secrets.token_urlsafe(24)}")[0] == 429
    finally:
        stop(server_a)
        stop(server_b)
        controller.stop()
    # B's worker stopped with its server.
    started = re.search(
        r"Hintergrunddienst für den Versand läuft \(Prozess (\d+)\)", log_b.read_text()
    )
    assert started, log_b.read_text("utf-8", "replace")
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.group(1)), 0)
