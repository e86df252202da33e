"""Multi-choice answers with nothing ticked, stored by the web questionnaire, become no answer.

Until this version a web page posted with no box of a multi-choice question ticked stored an
empty list (``[]``), which the exports wrote as a row of ``0`` and the analysis counted in the
base; a skipped single choice was not. Nothing ticked is "no answer" (contracts.md §2; a
question's exclusive "none" option is the explicit answer and is ticked). The web questionnaire
now stores no answer then (``collect.types.multi.parse``); this migration does the same for the
answers stored before.

Which answers: every stored empty list of a multi-choice question (per the wave's questionnaire)
that the web questionnaire wrote. Who wrote it is read from the response's history: walking back
from the latest version while the question's value stays ``[]``, the entry where it became ``[]``
is its author; only the source ``web`` counts. Empty lists written by an import (their file is
their origin) or by an erasure's anonymised copy (origin unknown) are left as they are; the
analysis does not count them in the base either.

Each changed response gets a new version and a history entry (source ``migration``) with the
answers after the change. A response without organisation (an anonymous wave's mixed answers,
its drafts) keeps its times: they are the wave's stamp, the same for all, and a time of this
migration would set the changed ones apart. Nothing to undo: the history keeps the old state.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

WEB = "web"
SOURCE = "migration"
AUTHOR = "Datenbereinigung: Mehrfachauswahl ohne Kreuz ist keine Antwort"


def nothing_ticked_questions(questionnaire_text: str, name: str) -> list[str]:
    """The wave's questions for which an empty list is a stored answer (multi choice)."""
    from umfrage.questionnaire.loader import questionnaire_from_text
    from umfrage.questionnaire.problems import ProblemsError

    try:
        questionnaire = questionnaire_from_text(questionnaire_text, name)
    except ProblemsError:
        return []  # cannot be read today, so nothing can be said about its answers
    return [q.id for q in questionnaire.questions() if q.keeps_empty([])]


def written_by_web(entries: list[Any], qid: str) -> bool:
    """Whether the current ``[]`` of ``qid`` was written by the web questionnaire."""
    author = None
    for entry in reversed(entries):
        if not isinstance(entry.answers, dict) or entry.answers.get(qid, None) != []:
            break
        author = entry
    return author is not None and author.source == WEB


def forwards(apps: Any, schema_editor: Any) -> None:
    Wave = apps.get_model("store", "Wave")
    Response = apps.get_model("store", "Response")
    ResponseHistory = apps.get_model("store", "ResponseHistory")
    now = timezone.now()
    for wave in Wave.objects.order_by("pk"):
        ids = nothing_ticked_questions(
            wave.questionnaire_text, f"waves/{wave.key}/questionnaire.yaml"
        )
        if not ids:
            continue
        for response in Response.objects.filter(wave=wave).order_by("pk").iterator():
            answers = response.answers if isinstance(response.answers, dict) else {}
            empty = [qid for qid in ids if answers.get(qid, None) == []]
            if not empty:
                continue
            entries = list(ResponseHistory.objects.filter(response=response).order_by("version"))
            fixed = [qid for qid in empty if written_by_web(entries, qid)]
            if not fixed:
                continue
            response.answers = {k: v for k, v in answers.items() if k not in fixed}
            response.version = max([response.version, *(e.version for e in entries)]) + 1
            if response.organisation_id is not None:
                response.updated_at = now
            response.save(update_fields=["answers", "version", "updated_at"])
            ResponseHistory.objects.create(
                response=response,
                version=response.version,
                changed_at=response.updated_at,
                changed_by=AUTHOR,
                source=SOURCE,
                status=response.status,
                answers=response.answers,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("collect", "0004_draft"),
        ("store", "0004_invitation_link_generation"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
