"""Sending in the background for real: ``umfrage worker`` runs what the page queued, against an
SMTP server on loopback, on a database other processes share (tests/shareddb.py); a worker
killed mid-run is continued by the next one without sending anything twice; ``umfrage invite``
records its run where the page shows it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from tests.loopback import Inbox, free_port
from tests.shareddb import prepare, script, shared_env, start, stop
from umfrage.cli import main
from umfrage.governance.models import AuditEntry
from umfrage.invitations.models import SendJob
from umfrage.store.models import Survey, Wave

QUEUE = """
from umfrage.invitations.jobs import queue_send
from umfrage.store.models import Wave
wave = Wave.objects.get(survey__slug="mini", key="2024")
print(queue_send(wave, reminder=False, started_by="admin").pk)
"""

WATCH = """
import json, sys, time
from umfrage.invitations.models import Message, SendJob
job_id, wanted, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
deadline = time.monotonic() + seconds
while True:
    job = SendJob.objects.get(pk=job_id)
    if job.state == wanted or time.monotonic() > deadline:
        break
    time.sleep(0.2)
print(json.dumps({
    "state": job.state, "runs": job.runs, "sent": job.sent, "total": job.total, "log": job.log,
    "messages": sorted(Message.objects.values_list("invitation__organisation__key", "state")),
}))
"""


class SlowInbox(Inbox):
    """Takes its time over each message, so that a worker can be killed in the middle."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(1.0)
        return await super().handle_DATA(server, session, envelope)


def _watch(env: dict[str, str], job: int, state: str, seconds: float) -> dict[str, Any]:
    code = f"import sys\nsys.argv = ['w', {str(job)!r}, {state!r}, {str(seconds)!r}]\n"
    return json.loads(script(env, code + WATCH))  # type: ignore[no-any-return]


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_s_run_is_continued_by_the_next_without_sending_twice(
    tmp_path: Path,
) -> None:
    inbox = SlowInbox()
    smtp = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp)
    controller.start()
    env = shared_env(tmp_path, smtp)
    prepare(tmp_path, env)
    job = int(script(env, QUEUE))
    log = tmp_path / "worker.log"
    first = start(env, "worker", "--interval", "0.2", log=log)
    second = None
    try:
        deadline = time.monotonic() + 90
        while not inbox.messages and time.monotonic() < deadline:
            assert first.poll() is None, log.read_text("utf-8", "replace")
            time.sleep(0.05)
        assert inbox.messages, log.read_text("utf-8", "replace")
        first.kill()  # SIGKILL: no clean-up at all
        first.wait()
        assert _watch(env, job, "running", 0)["state"] == "running"
        assert len(inbox.messages) < 3

        second = start(env, "worker", "--interval", "0.2", log=log)
        result = _watch(env, job, "done", 90)
    finally:
        stop(first)
        if second is not None:
            stop(second)
        controller.stop()
    assert result["state"] == "done", (result, log.read_text("utf-8", "replace"))
    assert result["runs"] == 2
    assert "wurde unterbrochen" in result["log"] and "fortgesetzt, Anlauf 2" in result["log"]
    # One message per organisation in the database, each sent...
    assert result["messages"] == [["B-1", "sent"], ["B-2", "sent"], ["H-1", "sent"]]
    # ...and every address received one message: at most the one being handed over when the
    # worker died arrives twice, as the very same message (same Message-ID).
    ids: dict[str, set[str]] = defaultdict(set)
    for recipients, message in inbox.messages:
        for recipient in recipients:
            ids[recipient].add(str(message["Message-ID"]))
    assert sorted(ids) == ["altona@example.org", "mitte@example.org", "pankow@example.org"]
    assert all(len(found) == 1 for found in ids.values()), ids
    assert len(inbox.messages) <= 4


@pytest.mark.django_db
def test_umfrage_invite_records_its_run_for_the_page_and_the_audit_log(
    admin_client: Client, mini: Survey, settings: Any
) -> None:
    settings.UMFRAGE_SMTP_RATE = 0  # (Django's in-memory mail backend under test)
    Wave.objects.filter(survey=mini, key="2024").update(status="open", closes=date(2099, 6, 30))
    result = CliRunner().invoke(main, ["invite", "--wave", "2024", "--survey", "mini"])
    assert result.exit_code == 0, result.output
    [job] = SendJob.objects.all()
    assert (job.origin, job.state, job.kind) == ("cli", "done", "invitation")
    assert (job.sent, job.failed, job.total, job.runs) == (3, 0, 3, 1)
    assert job.started_at is not None and job.finished_at is not None
    entry = AuditEntry.objects.get(action="invitations.started")
    assert entry.actor_name.endswith("(Befehlszeile)") and entry.details["job"] == job.pk
    assert (entry.survey, entry.wave) == ("mini", "2024")
    page = admin_client.get(reverse("web:invitations", args=("mini", "2024"))).content.decode()
    assert "<dt>Zustand</dt><dd>fertig</dd>" in page and "(Befehlszeile)" in page
    assert "Fertig: 3 versandt" in page
    # A dry run sends nothing and records no run.
    CliRunner().invoke(main, ["invite", "--wave", "2024", "--survey", "mini", "--dry-run"])
    assert SendJob.objects.count() == 1


class _StoppedWorker:
    """A mail backend whose worker is told to stop while it hands over the first message."""

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise SystemExit(1)  # what the worker's second SIGTERM raises inside the task


@pytest.mark.django_db(transaction=True)
def test_a_worker_stopped_mid_run_queues_the_rest_for_the_next_worker(
    mini: Survey, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from umfrage.invitations.jobs import execute, queue_send, send_job

    settings.UMFRAGE_SMTP_RATE = 0
    Wave.objects.filter(survey=mini, key="2024").update(status="open", closes=date(2099, 6, 30))
    job = queue_send(Wave.objects.get(survey=mini, key="2024"), reminder=False, started_by="admin")
    first_task = job.task_id
    with pytest.raises(SystemExit):
        execute(job, backend=_StoppedWorker())  # type: ignore[arg-type]
    job.refresh_from_db()
    assert job.state == SendJob.State.QUEUED and job.task_id != first_task
    assert "sobald wieder einer läuft" in job.log
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    # The next worker finishes it; the message being handed over goes out once.
    from django.core import mail

    send_job.call(job.pk)
    job.refresh_from_db()
    assert (job.state, job.sent, job.runs) == (SendJob.State.DONE, 3, 2)
    assert sorted(r for m in mail.outbox for r in m.to) == [
        "altona@example.org",
        "mitte@example.org",
        "pankow@example.org",
    ]
