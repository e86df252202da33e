"""Work done once in the server's master process, before the workers are forked.

``umfrage serve`` imports the application in gunicorn's master (``preload_app``) and forks the
workers from it. Whatever the master has already built, every worker inherits. Without this a
worker paid for its first requests with compiling the respondent templates, loading the
translation catalogs, filling the URL resolver, parsing each open wave's questionnaire and
building its questions' fixed markup, about 0.1 s of CPU; and gunicorn replaces its workers now
and then (``max_requests``), each time under load.

Finally the master's objects are moved out of the garbage collector's sight (``gc.freeze``):
the forked workers share their memory pages with the master until one of them writes to a
page, and a collection that walked those objects would write to every one of them (and take
longer in each worker for walking them).
"""

from __future__ import annotations

import gc
import logging

logger = logging.getLogger(__name__)

RESPONDENT_TEMPLATES = (
    "collect/welcome.html",
    "collect/page.html",
    "collect/review.html",
    "collect/thanks.html",
    "collect/closed.html",
    "collect/message.html",
    "collect/accessibility.html",
)


def warm_up() -> None:
    """Build what every worker would otherwise build for itself on its first requests."""
    from django.conf import settings
    from django.db import DatabaseError
    from django.template import engines
    from django.urls import get_resolver, reverse
    from django.utils import translation

    from umfrage.collect.types import module_for
    from umfrage.collect.types.base import Field
    from umfrage.questionnaire.problems import ProblemsError
    from umfrage.store.models import Wave

    get_resolver().resolve("/healthz")  # fills the resolver (patterns, namespaces)
    reverse("collect:welcome")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Weiter")  # loads the language's catalogs
    jinja = engines["jinja2"]
    for name in RESPONDENT_TEMPLATES:
        jinja.get_template(name)
    try:
        waves = list(Wave.objects.filter(status=Wave.Status.OPEN).select_related("survey"))
    except DatabaseError:  # no database yet: the workers will find out for themselves
        logger.info("Datenbank nicht erreichbar; Fragebögen werden nicht vorab gelesen.")
        waves = []
    for wave in waves:
        try:
            questionnaire = wave.questionnaire()
        except ProblemsError:  # shown to the respondent as "broken", from the worker
            logger.info("Fragebogen von %s fehlerhaft; nicht vorab gelesen.", wave)
            continue
        # Each question's fixed markup (collect.types.base.built), in the questionnaire's
        # language, by rendering every question once unanswered.
        with translation.override(questionnaire.language):
            for question in questionnaire.questions():
                module_for(question).render(Field(question, {}, rankable=question.offered({})))


def freeze() -> None:
    """Exempt everything built so far from garbage collection (see the module's text)."""
    gc.collect()
    gc.freeze()
