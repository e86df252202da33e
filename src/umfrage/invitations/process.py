"""Running the ``umfrage`` command in another process, on the database this process uses.

Both front doors need it: ``umfrage serve`` starts its worker this way, and the admin web's
invitations page names the command a send run stands for in the audit log. The tests start
commands the same way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection

from umfrage.store.models import Wave

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
