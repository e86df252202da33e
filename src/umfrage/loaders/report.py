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
from umfrage.reporting.masking import Masker
from umfrage.reporting.quotes import ChosenQuote
from umfrage.reporting.report import Fieldwork, ReportInput
from umfrage.store.models import Organisation, Quote, Wave


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
        quotes=chosen_quotes(slug, wave),
        masker=masker_for(slug),
    )


def chosen_quotes(slug: str, wave: str) -> tuple[ChosenQuote, ...]:
    """The quotes staff chose on the coding page for the wave's texts, unmasked, the earliest
    chosen first; a quote whose text no longer carries its category is left out."""
    found = []
    for quote in (
        Quote.objects.filter(response__wave__survey__slug=slug, response__wave__key=wave)
        .select_related("response")
        .order_by("chosen_at", "id")
    ):
        answers = quote.response.answers
        text = str(answers.get(quote.question) or "").strip()
        if text and quote.category in (answers.get(f"{quote.question}.codes") or []):
            found.append(ChosenQuote(quote.question, quote.category, text, quote.released))
    return tuple(found)


def masker_for(slug: str) -> Masker:
    """The masker of the survey's texts: the register's organisations, contact persons and
    municipalities (an erased entry's quotes went with its responses), and the place list of
    ``umfrage.example.municipalities`` (real German municipalities and districts)."""
    from umfrage.example.municipalities import place_names

    organisations, people, places = set(), set(), set(place_names())
    for name, contact, municipality in Organisation.objects.filter(survey__slug=slug).values_list(
        "name", "contact_name", "municipality"
    ):
        organisations.add(name)
        people.add(contact)
        places.add(municipality)
    return Masker(
        organisations=tuple(sorted(n for n in organisations if n)),
        people=tuple(sorted(n for n in people if n)),
        places=tuple(sorted(n for n in places if n)),
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
        # The quotes chosen and released on the coding page are printed in the report.
        quotes = Quote.objects.filter(response__wave=item).aggregate(
            n=Count("id"),
            chosen=Max("chosen_at"),
            released=Count("id", filter=Q(released_at__isnull=False)),
            last=Max("released_at"),
        )
        digest.update(repr(sorted(quotes.items())).encode())
    return digest.hexdigest()
