"""A survey in the database into the report's input (Django side, beside the store).

It fetches what the pure ``umfrage.reporting.assemble`` needs (the waves' frames, the register's
size, the invitation figures) and nothing more: no system checks and no migrations here, so a web
request that builds a report never changes the database schema. The CLI calls its own
``ensure_database()`` before it comes here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Count, Max, Q, Sum

from umfrage.reporting.assemble import ReportSource, assemble
from umfrage.reporting.report import Fieldwork, ReportInput
from umfrage.store.models import Organisation, Wave


def database_source(
    slug: str, wave: str, compare: str | None, *, only_published: bool = False
) -> ReportSource:
    """The wave (and the compared one) of the survey ``slug``, with its fieldwork figures;
    with three or more waves up to ``wave`` the earlier ones for the series."""
    from umfrage.loaders.frames import load_survey

    return ReportSource(
        load_survey(slug, wave, compare, None, only_published=only_published),
        invited_in_database(slug),
        fieldwork_in_database(slug, wave),
    )


def database_report_input(
    slug: str,
    wave: str,
    compare: str | None,
    *,
    public: bool,
    weighted: bool = False,
    by: str | None = None,
    only_published: bool = False,
) -> ReportInput:
    """:func:`umfrage.reporting.assemble.assemble` of a database wave (``only_published``:
    series only through published waves)."""
    source = database_source(slug, wave, compare, only_published=only_published)
    return assemble(source, wave, compare, public=public, weighted=weighted, by=by)


def build_wave_report(
    wave: Wave,
    compare: str | None,
    *,
    public: bool,
    weighted: bool = False,
    by: str | None = None,
    only_published: bool = False,
) -> Any:
    """The built report (charts, tables, findings) of a stored wave: the results pages and the
    publication snapshots both make theirs here."""
    from umfrage.reporting.report import build_report

    data = database_report_input(
        wave.survey.slug,
        wave.key,
        compare,
        public=public,
        weighted=weighted,
        by=by,
        only_published=only_published,
    )
    return build_report(data)


def invited_in_database(slug: str) -> int | None:
    count = Organisation.objects.filter(survey__slug=slug).count()
    return count or None


def fieldwork_in_database(slug: str, wave: str) -> Fieldwork | None:
    """The wave's invitation figures from ``wave_progress``, if it was sent out by e-mail.

    A wave without sent invitations (answers imported, or links handed out otherwise) has
    none; the report then falls back to the register's size.
    """
    from umfrage.invitations.tracking import wave_progress

    item = Wave.objects.select_related("survey").filter(survey__slug=slug, key=wave).first()
    if item is None:
        return None
    total = wave_progress(item).total
    if not total.invited:
        return None
    return Fieldwork(total.invited, total.opened, total.complete, total.response_rate)


def data_version(wave: Wave, *others: Wave) -> str:
    """A fingerprint of everything a wave's results are computed from.

    Any new, changed, re-created or deleted response changes the count, the highest id, the
    latest change or the sum of versions; the questionnaire's text (wording, labels), the
    survey's description (weighting margins, titles), the register's size and the invitation
    figures (the report's method section) are in it too.
    """
    digest = hashlib.sha256()
    digest.update(wave.survey.config_text.encode("utf-8"))
    digest.update(str(wave.survey.organisations.count()).encode())
    for item in (wave, *others):
        responses = item.responses.aggregate(
            n=Count("id"), last=Max("id"), changed=Max("updated_at"), versions=Sum("version")
        )
        invitations = item.invitations.aggregate(
            n=Count("id"),
            sent=Max("sent_at"),
            opened=Max("opened_at"),
            responded=Count("id", filter=Q(state="responded")),
        )
        digest.update(repr((item.pk, item.key, sorted(responses.items()))).encode())
        digest.update(repr(sorted(invitations.items())).encode())
        digest.update(item.questionnaire_text.encode("utf-8"))
    return digest.hexdigest()
