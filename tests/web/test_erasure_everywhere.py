"""Erased stays erased, everywhere; and the Auskunft lists everything before (issue 16, item 3).

A synthetic survey (made up for this test) gets a unique marker in every place that can hold
personal data of one organisation: its register row, a register import that replaced its contact,
invitations and reminders really sent over SMTP (one refused, with the server's reply naming the
address), the send log in the data folder, a staged upload, audit entries and the login lock-out,
free texts in a named and in an anonymous wave. After the erasure neither the whole database
(every table, every column, read through the introspection API) nor any file in the data folder
holds any of them, nor the Message-IDs and token hashes of its mails.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.loopback import Inbox, free_port
from umfrage.cli import main
from umfrage.governance import dataprotection
from umfrage.governance.audit import record
from umfrage.governance.models import AuditEntry
from umfrage.importers import staging
from umfrage.invitations.models import Message
from umfrage.invitations.sending import SendSettings, send_wave
from umfrage.store.models import Invitation, Organisation, Response, Survey, Wave

SURVEY = """\
id: spuren
title: Spurensuche (synthetische Testdaten)
owner: Testteam
synthetic: true
waves:
  - {id: "2030", title: Benannt 2030, opens: 2026-01-01, closes: 2099-06-30, status: open}
  - {id: "2031", title: Anonym 2031, opens: 2026-01-01, closes: 2099-06-30, status: open}
"""

QUESTIONNAIRE = """\
wave: "{wave}"
title: Spurensuche {wave}
anonymous: {anonymous}
sections:
  - id: A
    title: Teil A
    questions:
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        options: [{{code: insta, label: Instagram}}, {{code: sonstige, label: Sonstige, other: true}}]
      - id: bemerkung
        type: text
        text: Was möchten Sie uns noch sagen?
"""

NEIGHBOUR = "Bündnis Nachbarort (synthetisch)"
NEIGHBOUR_TEXT = "Wir wünschen uns mehr Austausch zwischen den Bündnissen."


@dataclass
class Refusing(Inbox):
    """An SMTP inbox that refuses the addresses in ``refuse`` with ``reason`` (a real server
    often names the address in its reply)."""

    refuse: set[str] = field(default_factory=set)
    reason: str = ""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}> {self.reason}"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def inbox(settings: Any) -> Iterator[Refusing]:
    handler = Refusing()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_TIMEOUT = 5
    settings.UMFRAGE_SMTP_RATE = 0
    settings.UMFRAGE_SMTP_BACKOFF = 0
    settings.DEFAULT_FROM_EMAIL = "Servicebüro <umfrage@servicebuero.example>"
    settings.SITE_URL = "https://umfrage.example"
    try:
        yield handler
    finally:
        controller.stop()


def _marker(what: str) -> str:
    return f"MARKER-{what}-{uuid.uuid4().hex}"


@dataclass
class Planted:
    survey: Survey
    markers: dict[str, str]
    tokens: list[str]
    secrets: list[str]  # Message-IDs and token hashes of the organisation's mails
    data_dir: Path
    admin: Client


def _folder(root: Path, markers: dict[str, str]) -> Path:
    for wave, anonymous in (("2030", "false"), ("2031", "true")):
        (root / "waves" / wave).mkdir(parents=True)
        (root / "waves" / wave / "questionnaire.yaml").write_text(
            QUESTIONNAIRE.format(wave=wave, anonymous=anonymous), encoding="utf-8"
        )
    (root / "survey.yaml").write_text(SURVEY, encoding="utf-8")
    (root / "organisations.csv").write_text(
        "id,name,bundesland,gemeindegroesse,municipality,contact_name,email,telefon\n"
        f"B-1,{markers['name']},BE,ge100k,{markers['municipality']},{markers['old_contact']},"
        f"{markers['email']},{markers['telefon']}\n"
        f"B-2,{NEIGHBOUR},HH,ge100k,Nachbarort,Nina Nachbar,nachbar@example.org,040 1\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def planted(db: None, tmp_path: Path, settings: Any, inbox: Refusing, admin_user: User) -> Planted:
    from umfrage.store.folder import load_survey_folder

    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    markers = {
        what: _marker(what)
        for what in (
            "name",
            "municipality",
            "old_contact",
            "telefon",
            "error",
            "text",
            "other",
            "anonymous",
            "upload",
        )
    }
    markers["email"] = f"marker-email-{uuid.uuid4().hex}@example.org"
    markers["contact"] = f"Kim {_marker('contact')}"
    load_survey_folder(_folder(tmp_path / "spuren", markers))
    survey = Survey.objects.get(slug="spuren")
    admin = Client()
    admin.force_login(admin_user)

    # A register import through the page replaces the contact: the history keeps the old one.
    text = (
        "id,name,municipality,contact_name,email,telefon\n"
        f"B-1,{markers['name']},{markers['municipality']},{markers['contact']},"
        f"{markers['email']},{markers['telefon']}\n"
        f"B-2,{NEIGHBOUR},Nachbarort,Nina Nachbar,nachbar@example.org,040 1\n"
    )
    upload = SimpleUploadedFile(f"Register {markers['name']}.csv", text.encode())
    assert (
        admin.post(reverse("web:register_upload", args=("spuren",)), {"file": upload}).status_code
        == 302
    )

    # Invitations over SMTP in the named wave; in the anonymous one the server refuses B-1.
    named, anonymous = (Wave.objects.get(survey=survey, key=k) for k in ("2030", "2031"))
    send_wave(named, config=SendSettings.from_settings())
    inbox.refuse = {markers["email"]}
    inbox.reason = f"{markers['error']} Postfach unbekannt"
    # The command records its run (and its output lines) in the database; a send log file that
    # an earlier version left in the data folder must be blanked too.
    result = CliRunner().invoke(main, ["invite", "--wave", "2031", "--survey", "spuren"])
    log = dataprotection.legacy_log_path(anonymous)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"--- umfrage invite --wave 2031 ---\n{result.output}", encoding="utf-8")
    tokens = []
    for recipients, message in inbox.messages:
        if markers["email"] in recipients:
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            content = body.get_content()
            start = content.index("https://umfrage.example/t/") + len("https://umfrage.example/t/")
            tokens.append(content[start:].split()[0])
    assert tokens, "B-1 received no invitation"
    org = Organisation.objects.get(survey=survey, key="B-1")
    messages = Message.objects.filter(invitation__organisation=org)
    secrets = [m.message_id for m in messages] + [m.token_hash for m in messages]
    secrets += [hashlib.sha256(t.encode()).hexdigest() for t in tokens]
    assert messages.filter(state="failed").exists()

    # Free texts: the named wave's own, and an anonymous one naming the alliance and its contact
    # (in other capitals and spacing), next to one that names nobody.
    response = Response.objects.create(wave=named, organisation=org)
    response.record(
        {"kanaele": ["sonstige"], "kanaele.other": markers["other"], "bemerkung": markers["text"]},
        status="complete",
        by="web",
        source="web",
    )
    for answers in (
        {
            "bemerkung": f"Grüße vom {markers['name'].lower()} – {markers['anonymous']}",
            "kanaele": ["sonstige"],
            "kanaele.other": "Ansprechperson  " + markers["contact"].upper().replace(" ", "\n "),
        },
        {"bemerkung": NEIGHBOUR_TEXT},
    ):
        Response.objects.create(wave=anonymous).record(
            answers, status="complete", by="web", source="web"
        )

    # The audit log: the contact typed her address into the staff login; an entry naming the
    # alliance (an import file named after it).
    Client().post(reverse("web:login"), {"username": markers["email"], "password": "falsch-falsch"})
    record(
        admin_user,
        "import.applied",
        f"Antworten von {markers['name']} importiert.",
        survey="spuren",
        file=f"{markers['name']}.csv",
    )
    # A staged upload in the data folder, naming the alliance.
    staging.stage(
        survey=survey,
        wave="2030",
        language="",
        upload=SimpleUploadedFile(
            "antworten.csv",
            f"organisation,bemerkung\nB-1,{markers['name']} {markers['upload']}\n".encode(),
        ),
        mapping=None,
        user_id=admin_user.pk,
        now=timezone.now(),
    )
    return Planted(survey, markers, tokens, secrets, settings.DATA_DIR, admin)


def database_text() -> str:
    """Every value of every row of every table, as text (bytes decoded as Latin-1)."""
    parts = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes | bytearray):
                        parts.append(bytes(value).decode("latin-1"))
                    elif value is not None:
                        parts.append(str(value))
                        parts.append(json.dumps(value, default=str, ensure_ascii=False))
                        if isinstance(value, str) and value[:1] in '{["':
                            # JSON columns come as text on SQLite, with \u escapes.
                            try:
                                parsed = json.loads(value)
                            except ValueError:
                                continue
                            parts.append(json.dumps(parsed, ensure_ascii=False))
    return "\n".join(parts).casefold()


def folder_text(root: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("latin-1") + "\n" + path.read_bytes().decode("utf-8", "replace")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ).casefold()


def _needles(planted: Planted) -> dict[str, str]:
    """What must disappear: each marker by its unique part, and the mails' ids and hashes."""
    needles = {
        what: marker.rsplit("-", 1)[-1].split("@")[0] for what, marker in planted.markers.items()
    }
    needles.update({f"secret {i}": s.casefold() for i, s in enumerate(planted.secrets)})
    return needles


def _erase(planted: Planted) -> None:
    response = planted.admin.post(
        reverse("web:organisation_erase", args=("spuren", "B-1")), {"confirm": "B-1"}
    )
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_erasure_leaves_no_trace_of_the_organisation_in_the_database_or_the_data_folder(
    planted: Planted,
) -> None:
    needles = _needles(planted)
    before = database_text() + folder_text(planted.data_dir)
    assert [what for what, needle in needles.items() if needle not in before] == []

    _erase(planted)

    after_db = database_text()
    after_files = folder_text(planted.data_dir)
    assert [what for what, needle in needles.items() if needle in after_db] == []
    assert [what for what, needle in needles.items() if needle in after_files] == []
    # What is not the organisation's stays: its neighbour, and the text that names nobody.
    assert NEIGHBOUR.casefold() in after_db and NEIGHBOUR_TEXT.casefold() in after_db
    # The log still says that an erasure took place, and how much it blanked.
    entry = AuditEntry.objects.get(action="organisation.erased")
    assert entry.organisation == "B-1"
    assert "2 Freitexte in anonymen Wellen" in entry.summary
    # The statistics keep their counts: the messages are still there, only blank.
    assert Message.objects.filter(invitation__organisation__key="B-1").count() == 2
    assert Response.objects.filter(wave__survey=planted.survey).count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_auskunft_lists_everything_kept_about_the_organisation(planted: Planted) -> None:
    response = planted.admin.get(reverse("web:organisation_export", args=("spuren", "B-1")))
    assert response.status_code == 200
    text = response.content.decode().casefold()
    needles = {
        what: needle for what, needle in _needles(planted).items() if not what.startswith("secret")
    }
    assert [what for what, needle in needles.items() if needle not in text] == []
    # The Message-IDs of its mails are listed too (the token hashes are not: they are no
    # data about the organisation, only a lock that its links open).
    ids = Message.objects.filter(invitation__organisation__key="B-1").values_list(
        "message_id", flat=True
    )
    assert ids and all(i.casefold() in text for i in ids)
    data = json.loads(response.content)
    assert data["anonyme_wellen"]["wellen"] == ["2031"]
    assert "keiner Organisation zuordnen" in data["anonyme_wellen"]["hinweis"]
    assert NEIGHBOUR_TEXT not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_links_of_an_erased_organisation_answer_like_unknown_links_and_name_no_one(
    planted: Planted,
) -> None:
    visitor = Client()
    before = visitor.get(f"/abmelden/{planted.tokens[0]}")
    assert planted.markers["name"] in before.content.decode()  # the link worked until now

    _erase(planted)

    unknown_opt_out = visitor.get("/abmelden/erfunden-erfunden-erfunden")
    unknown_link = visitor.get("/t/erfunden-erfunden-erfunden")
    for token in planted.tokens:
        for method in (visitor.get, visitor.post):
            page = method(f"/abmelden/{token}")
            assert page.status_code == unknown_opt_out.status_code == 404
            assert page.content == unknown_opt_out.content
        page = visitor.get(f"/t/{token}")
        assert page.status_code == unknown_link.status_code == 404
        shown = page.content.decode()
        assert "MARKER" not in shown and "[gelöscht]" not in shown
    # Opting out did nothing: the invitations are as the erasure left them.
    assert set(
        Invitation.objects.filter(organisation__key="B-1").values_list("state", flat=True)
    ) == {"opted_out"}


@pytest.mark.django_db(transaction=True)
def test_erasure_blanks_the_anonymous_waves_free_texts_that_name_the_organisation(
    planted: Planted,
) -> None:
    from umfrage.governance.dataprotection import erase_organisation

    anonymous = Wave.objects.get(survey=planted.survey, key="2031")
    # The limit: a text naming the alliance in other words is not found.
    other_words = "Das Bündnis aus der Nachbarschaft hat uns sehr geholfen."
    Response.objects.create(wave=anonymous).record(
        {"bemerkung": other_words}, status="complete", by="web", source="web"
    )
    org = Organisation.objects.get(survey=planted.survey, key="B-1")

    result = erase_organisation(org, timezone.now())

    assert result.texts_blanked == 2
    texts = [r.answers for r in Response.objects.filter(wave=anonymous).order_by("id")]
    assert texts == [
        {"bemerkung": "[gelöscht]", "kanaele": ["sonstige"], "kanaele.other": "[gelöscht]"},
        {"bemerkung": NEIGHBOUR_TEXT},
        {"bemerkung": other_words},
    ]
    history = Response.objects.filter(wave=anonymous).order_by("id").first()
    assert history is not None
    assert [h.answers for h in history.history.all()] == [texts[0]]
