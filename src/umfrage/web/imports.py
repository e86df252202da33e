"""Importing files through the admin web: upload, dry run, then store exactly that plan.

Between the dry run and "Import ausführen" the uploaded file stays on the server, in
``<DATA_DIR>/import-uploads/<token>/``, where the token is 256 random bits (the staging itself is
``umfrage.importers.staging``, which data protection shares). The browser only
carries the token and a fingerprint of the plan it was shown; the plan itself is always rebuilt
from the stored file, and stored only if its fingerprint still matches (else the admin sees the
new plan first). A staged upload belongs to the account and survey that made it; it is deleted
after the import or when discarded, and staged uploads older than :data:`MAX_AGE` are swept
whenever a new file is uploaded. When a dry run is refused with more problems than the page lists
(``UMFRAGE_IMPORT_PROBLEMS_SHOWN``, default 100), the upload is deleted and only the complete
problem list stays, as ``<token>/probleme.csv``, for the download link on the page.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from umfrage import formatting as fmt
from umfrage.importers.database import Changes
from umfrage.importers.plan import ImportPlan
from umfrage.importers.staging import (
    STRUCTURE_SUFFIXES,
    TOKEN,
    Staged,
    discard,
    staging_root,
)
from umfrage.questionnaire.problems import (
    Problem,
    ProblemsError,
    german_number,
    kept_at_most,
    problems_shown,
)
from umfrage.store.models import Survey
from umfrage.web.forms import WAVE_ID

RESPONSE_SUFFIXES = (".csv", ".xlsx", ".sav", ".dta")
SUFFIXES = STRUCTURE_SUFFIXES + RESPONSE_SUFFIXES
MAPPING_SUFFIXES = (".yaml", ".yml")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
NEW_WAVE = ""


def max_bytes() -> int:
    """The upload limit; ``UMFRAGE_IMPORT_MAX_BYTES`` in the settings overrides the default."""
    return int(getattr(settings, "UMFRAGE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(size: int) -> str:
    return fmt.number(size / (1024 * 1024))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "responses.csv, CSV, Excel (.xlsx), SPSS (.sav), Stata (.dta), LimeSurvey-Struktur "
            "(.lss) oder LimeSurvey-Antwortexport (.csv)."
        ),
    )
    wave = forms.ChoiceField(label=_("Welle"), required=False)
    new_wave = forms.CharField(
        label=_("Kennung der neuen Welle (nur bei .lss, z. B. 2019)"),
        required=False,
        max_length=40,
    )
    mapping = forms.FileField(
        label=_("Zuordnungsdatei (optional, YAML)"),
        required=False,
        help_text=_("Spalten → Fragen und Werte → Codes, siehe Anleitung zum Import."),
    )
    language = forms.CharField(
        label=_("Sprache (nur bei .lss, optional, z. B. de)"), required=False, max_length=20
    )

    def __init__(self, survey: Survey, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        waves = [(w.key, f"{w.key} – {w.title}") for w in survey.waves.order_by("-position")]
        self.fields["wave"].choices = [  # type: ignore[attr-defined]
            *waves,
            (NEW_WAVE, _("neue Welle aus einer .lss-Datei")),
        ]
        self.fields["file"].widget.attrs["accept"] = ",".join(SUFFIXES)
        self.fields["mapping"].widget.attrs["accept"] = ",".join(MAPPING_SUFFIXES)

    def _checked_size(self, upload: UploadedFile | None) -> None:
        limit = max_bytes()
        if upload is not None and (upload.size or 0) > limit:
            raise forms.ValidationError(
                _(
                    "Die Datei „%(name)s“ ist %(size)s MB groß; erlaubt sind höchstens "
                    "%(limit)s MB. Teilen Sie die Datei auf oder bitten Sie die technische "
                    "Betreuung, „umfrage import“ auf dem Server zu verwenden."
                ),
                params={
                    "name": upload.name,
                    "size": _megabytes(upload.size or 0),
                    "limit": _megabytes(limit),
                },
            )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self._checked_size(upload)
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(
                _("„%(name)s“ hat keine bekannte Endung; möglich sind %(suffixes)s."),
                params={"name": upload.name, "suffixes": ", ".join(SUFFIXES)},
            )
        return upload

    def clean_mapping(self) -> Any:
        upload = self.cleaned_data.get("mapping")
        self._checked_size(upload)
        if upload is not None and Path(upload.name or "").suffix.lower() not in MAPPING_SUFFIXES:
            raise forms.ValidationError(
                _("Die Zuordnungsdatei muss eine YAML-Datei sein (.yaml oder .yml).")
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None:
            return data
        structure = Path(upload.name or "").suffix.lower() in STRUCTURE_SUFFIXES
        wave = str(data.get("wave") or "")
        new_wave = str(data.get("new_wave") or "").strip()
        if structure:
            if not new_wave:
                self.add_error(
                    "new_wave",
                    _("Eine .lss-Datei legt eine neue Welle an: Geben Sie deren Kennung an."),
                )
            elif not WAVE_ID.match(new_wave):
                self.add_error(
                    "new_wave",
                    _("„%(key)s“ ist als Kennung nicht möglich: nur Buchstaben, Ziffern, . - _.")
                    % {"key": new_wave},
                )
            if data.get("mapping") is not None:
                self.add_error(
                    "mapping",
                    _(
                        "Eine Zuordnungsdatei gilt nur für Antwortdateien; eine .lss-Datei "
                        "bringt ihre Zuordnung selbst mit."
                    ),
                )
            data["target_wave"] = new_wave
        else:
            if wave == NEW_WAVE:
                self.add_error(
                    "wave",
                    _(
                        "Antworten gehören zu einer vorhandenen Welle: Wählen Sie sie aus. Eine "
                        "neue Welle entsteht nur aus einer .lss-Datei."
                    ),
                )
            if new_wave:
                self.add_error(
                    "new_wave",
                    _(
                        "Eine neue Welle entsteht nur aus einer .lss-Datei; lassen Sie das Feld leer."
                    ),
                )
            data["target_wave"] = wave
        return data


PROBLEMS_FILE = "probleme.csv"
PROBLEM_HEADER = ["Datei", "Zeile", "Spalte oder Frage", "Problem", "So beheben Sie es"]


def keep_problems(staged: Staged, error: ProblemsError) -> bool:
    """After a refused dry run: keep only the full problem list when the page cannot show it all.

    The uploaded file itself is deleted either way (a refused upload is never kept); the list is
    written once as ``probleme.csv`` (UTF-8 with BOM, ``;``, for Excel) next to the upload's
    meta data, so the download never re-reads the file. It is swept like a staged upload, after
    :data:`umfrage.importers.staging.MAX_AGE`. Returns whether a list was kept.
    """
    from umfrage.reporting.formatting import neutralise as formula_safe

    if error.total <= problems_shown():
        discard(staged)
        return False
    shutil.rmtree(staged.directory / "datei", ignore_errors=True)
    shutil.rmtree(staged.directory / "zuordnung", ignore_errors=True)
    path = staged.directory / PROBLEMS_FILE
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(PROBLEM_HEADER)
        for p in error.problems:
            writer.writerow(
                [
                    formula_safe(str(v))
                    for v in (p.file, p.line or "", p.question or "", p.message, p.fix)
                ]
            )
        if error.dropped:
            writer.writerow(
                [
                    staged.file_name,
                    "",
                    "",
                    f"… und {german_number(error.dropped)} weitere Probleme, die nicht einzeln "
                    f"festgehalten wurden (mehr als {german_number(kept_at_most())}).",
                    "Beheben Sie zuerst die aufgeführten und laden Sie die Datei erneut hoch.",
                ]
            )
    path.chmod(0o600)
    return True


def problem_list(token: str, survey: str, user_id: int) -> Path | None:
    """The kept problem list of a refused upload, if it belongs to this account and survey."""
    if not TOKEN.match(token):
        return None
    directory = staging_root() / token
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("survey") != survey or meta.get("user_id") != user_id:
        return None
    path = directory / PROBLEMS_FILE
    return path if path.is_file() else None


def _shown(staged: Staged, problems: list[Problem]) -> list[Problem]:
    """Problems naming the uploaded file as the admin knows it, not the server path."""
    prefixes = [f"{staged.directory / 'datei'}/", f"{staged.directory / 'zuordnung'}/"]

    def clean(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return text

    return [dataclasses.replace(p, file=clean(p.file), message=clean(p.message)) for p in problems]


def build(staged: Staged) -> tuple[ImportPlan, Changes]:
    """The dry run: the plan from the staged file and what storing it would change now.

    Raises ProblemsError (naming the uploaded file) if the file cannot be imported.
    """
    from umfrage.importers import plan_responses, plan_structure
    from umfrage.importers.database import plan_changes, wave_questionnaire
    from umfrage.importers.mapping import load_mapping

    try:
        rules = load_mapping(staged.mapping)
        if staged.structure:
            plan = plan_structure(
                staged.file,
                survey=staged.survey,
                wave=staged.wave,
                language=staged.language or None,
            ).plan
        else:
            questionnaire, keys = wave_questionnaire(staged.survey, staged.wave, str(staged.file))
            plan = plan_responses(
                staged.file,
                questionnaire,
                mapping=rules,
                organisations=keys,
                survey=staged.survey,
                wave=staged.wave,
            )
        changes = plan_changes(plan)
    except ProblemsError as exc:
        raise ProblemsError(_shown(staged, list(exc.problems)), exc.dropped) from None
    plan.file = staged.file_name
    plan.warnings = _shown(staged, plan.warnings)
    changes.warnings = _shown(staged, changes.warnings)
    return plan, changes


def fingerprint(plan: ImportPlan, changes: Changes) -> str:
    """A digest of everything the admin was shown and everything that would be stored."""

    def record(r: Any) -> list[Any]:
        moment = r.submitted_at.isoformat() if r.submitted_at else ""
        return [r.organisation, moment, r.status, r.answers]

    payload = {
        "summary": plan.summary_lines() + changes.lines(plan),
        "questionnaire": plan.questionnaire_text,
        "new": [record(r) for r in changes.new],
        "updated": [[pk, record(r)] for pk, r in changes.updated],
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
