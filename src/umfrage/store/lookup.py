"""Finding a stored survey or wave by its key, with one message for each way it can be missing.

The command line and the importers name a survey and a wave by their keys; when one is not in the
database, the person gets the same located problem everywhere, with what is there instead.
"""

from __future__ import annotations

from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.store.models import Survey


def survey_missing(slug: str, where: str, fix: str = "") -> ProblemsError:
    """The problem of a survey key that is not in the database, listing those that are."""
    known = ", ".join(Survey.objects.values_list("slug", flat=True)) or "keine"
    return ProblemsError(
        [
            Problem(
                file=where,
                line=None,
                question=None,
                message=f"Die Umfrage „{slug}“ ist nicht in der Datenbank.",
                fix=f"Vorhandene Umfragen: {known}.{' ' + fix if fix else ''}",
            )
        ]
    )


def neither_folder_nor_survey(source: str) -> ProblemsError:
    """The problem of a command's source that is no survey folder and no stored survey's key."""
    known = ", ".join(Survey.objects.values_list("slug", flat=True)) or "keine"
    return ProblemsError(
        [
            Problem(
                file=source,
                line=None,
                question=None,
                message=f"„{source}“ ist weder ein Umfrageordner noch eine Umfrage in der Datenbank.",
                fix=f"Geben Sie den Pfad eines Ordners an oder eine dieser Kennungen: {known}.",
            )
        ]
    )


def wave_missing(survey: Survey, key: str, where: str, fix: str = "") -> ProblemsError:
    """The problem of a wave key the survey does not have, listing the waves it has."""
    known = ", ".join(survey.waves.values_list("key", flat=True)) or "keine"
    return ProblemsError(
        [
            Problem(
                file=where,
                line=None,
                question=None,
                message=f"Die Umfrage „{survey.slug}“ hat keine Welle „{key}“.",
                fix=f"Vorhandene Wellen: {known}.{' ' + fix if fix else ''}",
            )
        ]
    )
