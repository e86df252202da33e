"""Starting ``umfrage invite`` for a wave from the admin web, in the background.

Sending takes minutes (throttle, retries), far longer than a web request may run. The page
therefore starts the very command staff would type, as a detached process that outlives the
request, and reads its progress from the database (invitation and message states, the send
lock). The command's own send lock keeps two runs from sending at once, however they were
started. ``launcher`` is what starts the process; tests replace it to see the command.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from umfrage.invitations.models import Message, SendLock
from umfrage.invitations.sending import LEASE
from umfrage.store.models import Invitation, Organisation, Wave

Launcher = Callable[[list[str], dict[str, str], Path], None]

# The same entry point as the ``umfrage`` console script, without relying on where pip put it.
PYTHON_CLI = [sys.executable, "-c", "from umfrage.cli import main; main()"]


def invite_command(wave: Wave, *, reminder: bool) -> list[str]:
    command = [*PYTHON_CLI, "invite", "--wave", wave.key, "--survey", wave.survey.slug]
    return [*command, "--reminder"] if reminder else command


def database_env(
    base: dict[str, str] | None = None, db: dict[str, Any] | None = None
) -> dict[str, str]:
    """The environment for the command, pointing it at the database this process uses.

    The web process may have been configured by its environment or by a settings file; the
    connection's own settings are what it really uses, so they are passed on explicitly.
    """
    env = dict(os.environ if base is None else base)
    db = connection.settings_dict if db is None else db
    if db["ENGINE"].endswith("sqlite3"):
        name = Path(str(db["NAME"]))
        env.pop("DATABASE_URL", None)
        if name.name == "umfrage.sqlite3":
            # Keeps the settings' SQLite options (WAL, busy timeout) that a URL cannot carry.
            env["UMFRAGE_DATA_DIR"] = str(name.parent)
        else:
            env["DATABASE_URL"] = f"sqlite:///{name}"
    else:
        user = quote(str(db.get("USER") or ""), safe="")
        password = quote(str(db.get("PASSWORD") or ""), safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        port = f":{db['PORT']}" if db.get("PORT") else ""
        env["DATABASE_URL"] = (
            f"postgres://{credentials}{db.get('HOST') or ''}{port}/{quote(str(db['NAME']))}"
        )
    return env


def log_path(wave: Wave) -> Path:
    return Path(settings.DATA_DIR) / "versand" / f"{wave.survey.slug}-{wave.key}.log"


def start_detached(command: list[str], env: dict[str, str], log: Path) -> None:
    """Start ``command`` in its own session (it survives the request and a server reload);
    its output goes to ``log`` for the page to show."""
    log.parent.mkdir(parents=True, exist_ok=True)
    # Appended, not replaced: a second run started in the same moment (refused by the send
    # lock) must not garble the first one's output.
    with log.open("ab") as out:
        stamp = timezone.localtime().strftime("%d.%m.%Y %H:%M:%S")
        out.write(f"--- {stamp}: umfrage {' '.join(command[3:])} ---\n".encode())
        out.flush()
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    # Reap the child when it ends, so that a long-running web server keeps no zombies.
    threading.Thread(target=process.wait, daemon=True).start()


launcher: Launcher = start_detached


def start_send(wave: Wave, *, reminder: bool) -> list[str]:
    command = invite_command(wave, reminder=reminder)
    launcher(command, database_env(), log_path(wave))
    return command


@dataclass(frozen=True)
class Running:
    host: str
    pid: int | None
    since: datetime | None
    heartbeat: datetime | None


def running(wave: Wave, now: datetime | None = None) -> Running | None:
    """The run holding the wave's send lock, if one is alive (same rule as the command's)."""
    lock = SendLock.objects.filter(wave=wave).first()
    if lock is None or not lock.holder or lock.heartbeat_at is None:
        return None
    if (now or timezone.now()) - lock.heartbeat_at > LEASE:
        return None
    return Running(lock.host, lock.pid, lock.acquired_at, lock.heartbeat_at)


def message_counts(wave: Wave) -> dict[str, int]:
    counts = dict.fromkeys(Message.State.values, 0)
    for state, n in (
        Message.objects.filter(invitation__wave=wave)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[state] = n
    return counts


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    email: str
    state: str
    sent_at: datetime | None
    opened_at: datetime | None
    reminders: int
    last_error: str
    can_renew: bool
    state_code: str  # Invitation.State value, or NOT_INVITED


NOT_INVITED = "none"


def invitation_rows(wave: Wave) -> list[Row]:
    """One row per organisation of the register (active, or with an invitation in this wave)."""
    invitations = {
        i.organisation_id: i
        for i in Invitation.objects.filter(wave=wave).annotate(
            reminders=Count(
                "messages",
                filter=Q(messages__kind=Message.Kind.REMINDER, messages__state=Message.State.SENT),
            )
        )
    }
    labels = dict(Invitation.State.choices)
    rows = []
    for org in Organisation.objects.filter(survey=wave.survey).order_by("position", "key"):
        invitation: Any = invitations.get(org.pk)
        if invitation is None and not org.active:
            continue
        rows.append(
            Row(
                org.key,
                org.name,
                org.email,
                str(labels[invitation.state]) if invitation else "noch nicht eingeladen",
                invitation.sent_at if invitation else None,
                invitation.opened_at if invitation else None,
                invitation.reminders if invitation else 0,
                invitation.last_error if invitation else "",
                # A new link for an organisation that opted out of reminders, too (it gets
                # the link, still no reminders); not once answered or erased.
                invitation is not None
                and invitation.state != Invitation.State.RESPONDED
                and org.erased_at is None,
                invitation.state if invitation else NOT_INVITED,
            )
        )
    return rows


def log_tail(wave: Wave, lines: int = 30) -> str:
    path = log_path(wave)
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return ""
    # The terminal progress bar redraws with carriage returns; keep each line's last state.
    kept = [line.rsplit("\r", 1)[-1] for line in text.splitlines()]
    return "\n".join(line for line in kept[-lines:] if line.strip())
