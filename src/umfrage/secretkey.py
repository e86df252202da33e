"""The secret key of a served installation: never the public development key.

Django signs with ``SECRET_KEY`` what browsers hand back: the respondent's cookie (which
invitation it answers), staff sessions, CSRF tokens. The development key in ``settings.py`` is
public (it is in the source), so with it anyone could sign a respondent cookie for any
invitation. It stays only for what serves nobody: tests, one-off commands.

Every way of serving (``umfrage serve``, ``umfrage demo``, and ``umfrage.wsgi`` under a server
of one's own) calls ``ensure_served_key`` first. Without ``UMFRAGE_SECRET_KEY`` it creates a
random key once, in ``<UMFRAGE_DATA_DIR>/secret-key`` (readable by its owner only), and uses it
from then on; ``settings.py`` reads that file on every later start. A single server thus needs
no setup; several servers on one database must share one key, set as UMFRAGE_SECRET_KEY.
See docs/settings.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PUBLIC_PREFIX = "unsafe-development-key"
DEVELOPMENT_KEY = "unsafe-development-key-set-UMFRAGE_SECRET_KEY"
KEY_FILE = "secret-key"
KEY_BYTES = 50


class KeyProblem(Exception):
    """The key file cannot be written or read; the message says what and where, in German."""


def is_public(key: str) -> bool:
    return not key or key.startswith(PUBLIC_PREFIX)


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


def read_stored(data_dir: Path) -> str:
    """The key kept in the data folder, or "" if there is none (or it cannot be read)."""
    try:
        return key_path(data_dir).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _create(path: Path) -> str:
    key = secrets.token_urlsafe(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes starting at once never write two different keys.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
    return key


def ensure_served_key() -> Path | None:
    """Make sure the running settings hold a private key; returns the key file's path if it
    was created just now (the caller says so), else None."""
    from django.conf import settings

    if not is_public(settings.SECRET_KEY):
        return None
    data_dir = Path(settings.DATA_DIR)
    path = key_path(data_dir)
    created: Path | None = None
    key = read_stored(data_dir)
    if not key:
        try:
            key = _create(path)
            created = path
        except FileExistsError:
            key = read_stored(data_dir)
        except OSError as exc:
            raise KeyProblem(
                f"UMFRAGE_SECRET_KEY ist nicht gesetzt, und in {path} kann kein Schlüssel "
                f"angelegt werden ({exc.strerror or exc}).\n"
                "  → Setzen Sie UMFRAGE_SECRET_KEY auf einen langen Zufallswert oder "
                "UMFRAGE_DATA_DIR auf einen beschreibbaren Ordner."
            ) from None
    if is_public(key):
        raise KeyProblem(
            f"Die Schlüsseldatei {path} ist leer oder nicht lesbar.\n"
            "  → Löschen Sie die Datei (Umfrage legt dann eine neue an) oder setzen Sie "
            "UMFRAGE_SECRET_KEY."
        )
    settings.SECRET_KEY = key
    return created


def announcement(path: Path) -> str:
    """What ``serve`` and ``demo`` print after creating the key file."""
    return (
        f"Kein UMFRAGE_SECRET_KEY gesetzt: Ein zufälliger Schlüssel wurde erzeugt und in {path} "
        "gespeichert (nur für Sie lesbar); er gilt auch für alle weiteren Starts.\n"
        "  Laufen mehrere Server mit derselben Datenbank, setzen Sie auf allen denselben "
        "UMFRAGE_SECRET_KEY."
    )
