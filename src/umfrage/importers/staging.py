"""Where files uploaded for an import wait between the dry run and "Import ausführen".

Each upload lives in ``<DATA_DIR>/import-uploads/<token>/`` (the token is 256 random bits) with a
``meta.json`` naming its survey, wave and account. The admin web stages and loads them
(``umfrage.web.imports``); data protection finds and deletes a survey's staged uploads on an
erasure (``umfrage.governance.dataprotection``), which is why this lives outside the web.
"""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from umfrage.store.models import Survey

STRUCTURE_SUFFIXES = (".lss",)
MAX_AGE = timedelta(hours=24)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True)
class Staged:
    """An uploaded file waiting between dry run and import."""

    token: str
    directory: Path
    survey: str
    wave: str
    language: str
    file_name: str
    mapping_name: str
    user_id: int
    created: str

    @property
    def file(self) -> Path:
        return self.directory / "datei" / self.file_name

    @property
    def mapping(self) -> Path | None:
        return self.directory / "zuordnung" / self.mapping_name if self.mapping_name else None

    @property
    def structure(self) -> bool:
        return Path(self.file_name).suffix.lower() in STRUCTURE_SUFFIXES


def staging_root() -> Path:
    return Path(settings.DATA_DIR) / "import-uploads"


def _safe_name(name: str, fallback: str) -> str:
    """A file name without any directory, keeping the suffix that says the format."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return cleaned[:120] or fallback


def _write(upload: UploadedFile, path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    path.chmod(0o600)


def stage(
    *,
    survey: Survey,
    wave: str,
    language: str,
    upload: UploadedFile,
    mapping: UploadedFile | None,
    user_id: int,
    now: datetime,
) -> Staged:
    """Keep an uploaded file (and mapping) on the server under a new unguessable token."""
    sweep(now)
    token = secrets.token_urlsafe(32)
    staging_root().mkdir(mode=0o700, parents=True, exist_ok=True)
    directory = staging_root() / token
    directory.mkdir(mode=0o700)
    suffix = Path(upload.name or "").suffix.lower()
    staged = Staged(
        token=token,
        directory=directory,
        survey=survey.slug,
        wave=wave,
        language=language,
        file_name=_safe_name(upload.name or "", f"datei{suffix}"),
        mapping_name=_safe_name(mapping.name or "", "zuordnung.yaml") if mapping else "",
        user_id=user_id,
        created=now.isoformat(),
    )
    _write(upload, staged.file)
    if mapping is not None and staged.mapping is not None:
        _write(mapping, staged.mapping)
    meta = {k: v for k, v in dataclasses.asdict(staged).items() if k != "directory"}
    (directory / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return staged


def load_staged(token: str, survey: str, user_id: int) -> Staged | None:
    """The staged upload ``token`` if it exists and belongs to this account and survey."""
    if not TOKEN.match(token):
        return None
    directory = staging_root() / token
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        staged = Staged(directory=directory, **meta)
    except (OSError, ValueError, TypeError):
        return None
    if staged.survey != survey or staged.user_id != user_id or not staged.file.is_file():
        return None
    return staged


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.directory, ignore_errors=True)


def staged_for_survey(survey: str) -> list[Path]:
    """The directories of every staged upload of one survey (unreadable ones included: their
    owner cannot be told, so they count for every survey)."""
    root = staging_root()
    if not root.is_dir():
        return []
    found = []
    for directory in root.iterdir():
        if not directory.is_dir():
            continue
        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
            owner = meta.get("survey") if isinstance(meta, dict) else None
        except (OSError, ValueError):
            owner = None
        if owner is None or owner == survey:
            found.append(directory)
    return found


def discard_survey(survey: str) -> int:
    """Delete every staged upload of a survey (an erasure request: a staged file may name the
    organisation; the admin uploads it again if still needed). Returns how many."""
    directories = staged_for_survey(survey)
    for directory in directories:
        shutil.rmtree(directory, ignore_errors=True)
    return len(directories)


def sweep(now: datetime) -> int:
    """Delete staged uploads older than :data:`MAX_AGE` (or unreadable); returns how many."""
    root = staging_root()
    if not root.is_dir():
        return 0
    removed = 0
    for directory in root.iterdir():
        if not directory.is_dir():
            continue
        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
            stale = now - datetime.fromisoformat(meta["created"]) > MAX_AGE
        except (OSError, ValueError, KeyError, TypeError):
            # Half-written by a request that died; old enough to be safe to remove.
            stale = now.timestamp() - directory.stat().st_mtime > MAX_AGE.total_seconds()
        if stale:
            shutil.rmtree(directory, ignore_errors=True)
            removed += 1
    return removed
