"""Small typed helpers that read settings from environment variables.

A value that cannot be read is remembered, not raised, so that Django's system checks can report
it in plain words (``umfrage.E003``) instead of an import-time traceback.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

INVALID: dict[str, str] = {}

TRUE = {"1", "true", "yes", "on", "ja"}
FALSE = {"0", "false", "no", "off", "nein", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    INVALID[name] = f"„{raw}“ ist kein Wahrheitswert; erlaubt sind 1/0, true/false, yes/no."
    return default


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        INVALID[name] = f"„{raw}“ ist keine ganze Zahl."
        return default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_date(name: str) -> date | None:
    """A calendar date written as YYYY-MM-DD; None when unset or empty."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        INVALID[name] = f"„{raw}“ ist kein Datum; erwartet wird JJJJ-MM-TT, z. B. 2026-11-26."
        return None


def env_cache_dir(setting: str, name: str) -> Path:
    """A cache's folder: the variable ``setting`` if set, else ``<UMFRAGE_DATA_DIR>/cache/<name>``
    (the data folder's rule of ``umfrage.settings``, without needing Django)."""
    own = os.environ.get(setting, "").strip()
    if own:
        return Path(own)
    data = os.environ.get("UMFRAGE_DATA_DIR", "").strip() or "umfrage-data"
    return Path(data).resolve() / "cache" / name
