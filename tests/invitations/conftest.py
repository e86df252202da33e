"""A real SMTP server on a loopback port, and small surveys to invite, shared by these tests."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from tests.loopback import free_port

QUESTIONNAIRE = """\
wave: "{wave}"
title: Testumfrage {wave}
estimated_minutes: 7
sections:
  - id: A
    title: Allgemein
    questions:
      - id: zufrieden
        type: single
        text: Wie zufrieden sind Sie mit der Begleitung durch das Servicebüro?
        options:
          - {{code: "1", label: sehr zufrieden}}
          - {{code: "2", label: eher unzufrieden}}
"""

LAENDER = ["Bayern", "Berlin", "Sachsen"]

# A fixed moment inside the field period of the test waves (which close on 2099-06-30).
NOW = datetime(2099, 5, 4, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))


@dataclass
class Received:
    """One message as the server received it."""

    recipients: list[str]
    raw: bytes
    message: EmailMessage
    state_at_arrival: str | None

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"]).strip()


@dataclass
class Behaviour:
    """How the test server misbehaves: refuse, defer and drop for chosen addresses."""

    refuse: set[str] = field(default_factory=set)  # 550 on RCPT
    defer: dict[str, int] = field(default_factory=dict)  # 451 on RCPT this many times
    drop_after_accepting: dict[str, int] = field(default_factory=dict)  # store, then hang up
    delay: float = 0.0
    refuse_sender: bool = False  # 553 on MAIL FROM


class Handler:
    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.received: list[Received] = []
        self.refused: list[str] = []
        self.lock = threading.Lock()
        self.probe: Callable[[str], str | None] | None = None

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.behaviour.refuse_sender:
            return "553 5.7.1 Absender nicht erlaubt"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        with self.lock:
            if address in self.behaviour.refuse:
                self.refused.append(address)
                return "550 5.1.1 Postfach unbekannt"
            if self.behaviour.defer.get(address, 0) > 0:
                self.behaviour.defer[address] -= 1
                return "451 4.3.2 Bitte später noch einmal"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = bytes(envelope.original_content or envelope.content)
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        state = self.probe(str(parsed["Message-ID"]).strip()) if self.probe else None
        if self.behaviour.delay:
            time.sleep(self.behaviour.delay)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), raw, parsed, state))
            address = envelope.rcpt_tos[0]
            if self.behaviour.drop_after_accepting.get(address, 0) > 0:
                self.behaviour.drop_after_accepting[address] -= 1
                server.transport.abort()
        return "250 2.0.0 Angenommen"

    def by_recipient(self) -> dict[str, list[Received]]:
        result: dict[str, list[Received]] = {}
        for item in self.received:
            for address in item.recipients:
                result.setdefault(address, []).append(item)
        return result


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: Handler
    behaviour: Behaviour


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    behaviour = Behaviour()
    handler = Handler(behaviour)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, handler, behaviour)
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings: Any, smtp_server: SmtpServer) -> SmtpServer:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_TIMEOUT = 5
    settings.UMFRAGE_SMTP_RATE = 0
    settings.UMFRAGE_SMTP_BACKOFF = 0
    settings.DEFAULT_FROM_EMAIL = "Servicebüro <umfrage@servicebuero.example>"
    settings.SITE_URL = "https://umfrage.example"
    return smtp_server


def address(index: int) -> str:
    return f"buendnis{index:03d}@example.org"


def register_rows(count: int) -> list[dict[str, str]]:
    return [
        {
            "id": f"b{index:03d}",
            "name": f"Lokales Bündnis für Familie Nr. {index}",
            "bundesland": LAENDER[index % len(LAENDER)],
            "municipality": f"Gemeinde {index}",
            "contact_name": f"Kim Muster {index}",
            "email": address(index),
        }
        for index in range(1, count + 1)
    ]


def write_survey_folder(
    folder: Path, organisations: int, *, status: str = "open", closes: date = date(2099, 6, 30)
) -> Path:
    """A survey folder with one wave (2030) and a register of ``organisations`` entries."""
    (folder / "waves" / "2030").mkdir(parents=True)
    (folder / "survey.yaml").write_text(
        "id: testumfrage\n"
        "title: Testumfrage\n"
        "owner: Servicebüro Lokale Bündnisse für Familie\n"
        "waves:\n"
        f"  - {{id: '2030', title: Bündnisumfrage 2030, opens: 2026-01-01, closes: {closes},"
        f" status: {status}}}\n",
        encoding="utf-8",
    )
    (folder / "waves" / "2030" / "questionnaire.yaml").write_text(
        QUESTIONNAIRE.format(wave="2030"), encoding="utf-8"
    )
    rows = register_rows(organisations)
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(r[c] for c in header) for r in rows]
    (folder / "organisations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def make_wave(db: None, tmp_path: Path) -> Callable[..., Any]:
    """Load a small survey (one open wave, ``n`` organisations) into the test database."""

    def make(n: int = 6, *, status: str = "open", closes: date = date(2099, 6, 30)) -> Any:
        from umfrage.store.folder import load_survey_folder
        from umfrage.store.models import Wave

        folder = write_survey_folder(tmp_path / f"survey-{n}", n, status=status, closes=closes)
        load_survey_folder(folder)
        return Wave.objects.select_related("survey").get(survey__slug="testumfrage", key="2030")

    return make


class FakeClock:
    """Time that passes only when the code sleeps (or the test moves it)."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def link_token(message: EmailMessage, prefix: str = "https://umfrage.example/t/") -> str:
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    body = text.get_content()
    start = body.index(prefix) + len(prefix)
    return body[start:].split()[0]


@pytest.fixture
def kit() -> SimpleNamespace:
    """Helpers for the test modules (conftest is not importable under --import-mode=importlib)."""
    return SimpleNamespace(
        NOW=NOW,
        FakeClock=FakeClock,
        address=address,
        link_token=link_token,
        register_rows=register_rows,
        write_survey_folder=write_survey_folder,
        free_port=free_port,
    )
