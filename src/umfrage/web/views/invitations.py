"""The wave's invitations: states per organisation, sending in the background, new links."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from umfrage import formatting as fmt
from umfrage.governance.audit import record
from umfrage.governance.roles import ADMINISTER
from umfrage.invitations import jobs, process, schedule
from umfrage.invitations.models import Message
from umfrage.invitations.sending import (
    SendingStopped,
    link_mail_refusal,
    send_link_now,
    send_wave,
)
from umfrage.invitations.tokens import issue_link, new_link, wave_accepts_links
from umfrage.invitations.tracking import wave_progress
from umfrage.store.models import Invitation, Organisation, Wave
from umfrage.web import sendjobs
from umfrage.web.access import staff_view, wave_or_404
from umfrage.web.forms import ReminderPlanForm
from umfrage.web.navigation import WAVE_TABS, links

KINDS = {"invitation": False, "reminder": True}  # the form's value → --reminder
PER_PAGE = 50
REFRESH_SECONDS = 5
# A run still waiting for a worker after this long: the page says no worker seems to run.
WORKER_EXPECTED_SECONDS = 60


def _context(request: HttpRequest, wave: Wave, **extra: Any) -> dict[str, Any]:
    return {
        "survey": wave.survey,
        "wave": wave,
        "tabs": links(
            WAVE_TABS,
            request.user,
            request.path,
            wave.survey.slug,
            wave.key,
        ),
        **extra,
    }


def _kind(request: HttpRequest) -> bool | None:
    return KINDS.get(request.POST.get("kind", ""))


def _amount(count: int, reminder: bool) -> str:
    if reminder:
        return ngettext("%(n)d Erinnerung", "%(n)d Erinnerungen", count) % {"n": count}
    return ngettext("%(n)d Einladung", "%(n)d Einladungen", count) % {"n": count}


def _noun(reminder: bool) -> str:
    return _("Erinnerungen") if reminder else _("Einladungen")


def state_choices() -> list[tuple[str, str]]:
    return [
        ("", _("alle")),
        (sendjobs.NOT_INVITED, _("noch nicht eingeladen")),
        *((value, str(label)) for value, label in Invitation.State.choices),
    ]


def rows_page(request: HttpRequest, rows: list[sendjobs.Row]) -> tuple[Page[Any], dict[str, str]]:
    """The table's rows after the filter form (status, search) and on the page asked for.

    Unknown values are not errors here: an unknown status shows everything (and says so), a
    page number out of range shows the nearest page.
    """
    state = request.GET.get("status", "")
    query = request.GET.get("suche", "").strip()[:200]
    if state and state not in dict(state_choices()):
        messages.warning(
            request, _("Unbekannter Status „%(s)s“: alle werden gezeigt.") % {"s": state}
        )
        state = ""
    if state:
        rows = [r for r in rows if r.state_code == state]
    if query:
        folded = query.casefold()
        rows = [r for r in rows if folded in r.key.casefold() or folded in r.name.casefold()]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("seite"))
    return page, {"status": state, "suche": query}


@staff_view(ADMINISTER)
def invitations(
    request: HttpRequest, slug: str, key: str, plan_form: ReminderPlanForm | None = None
) -> HttpResponse:
    wave = wave_or_404(slug, key)
    now = timezone.now()
    run = sendjobs.running(wave, now)
    # Asked for and waiting for a worker (from any app server: the queue is in the database).
    waiting = sendjobs.queued(wave) if run is None else None
    starting = waiting is not None
    # A timed reload only when asked for (WCAG 2.2.1: the person controls timing); it stops by
    # itself when the run has ended.
    auto = request.GET.get("auto") == "1"
    base = reverse("web:invitations", args=(slug, key))
    page, chosen = rows_page(request, sendjobs.invitation_rows(wave))
    filters = urlencode({k: v for k, v in chosen.items() if v})
    return render(
        request,
        "web/invitations.html",
        _context(
            request,
            wave,
            progress=wave_progress(wave),
            run=run,
            starting=starting,
            counts=sendjobs.message_counts(wave),
            rows=page,
            chosen=chosen,
            states=state_choices(),
            page_url=f"{base}?{filters}&seite=" if filters else f"{base}?seite=",
            log=sendjobs.log_tail(wave),
            job=jobs.latest(wave),
            waiting=waiting,
            stale_queue=waiting is not None
            and (now - waiting.enqueued_at).total_seconds() > WORKER_EXPECTED_SECONDS,
            accepts_links=wave_accepts_links(wave, now),
            refresh=REFRESH_SECONDS if auto and (run is not None or starting) else None,
            auto=auto,
            reload_url=base,
            auto_url=f"{base}?auto=1",
            reminders=schedule.planned(wave),
            next_reminder=schedule.next_run(wave),
            plan_form=plan_form or _plan_form(wave, now),
        ),
        status=400 if plan_form is not None else 200,
    )


def _plan_form(wave: Wave, now: Any, data: Any = None) -> ReminderPlanForm:
    """The planning form, filled with the planned days, or suggestions: 14 and 28 days after
    the first invitation (or after the start of the field period)."""
    today = timezone.localdate(now)
    initial: dict[str, Any] = {}
    days = [
        timezone.localdate(r.due_at) for r in schedule.planned(wave) if r.state == r.State.PLANNED
    ]
    if not days:
        first = (
            Invitation.objects.filter(wave=wave, sent_at__isnull=False)
            .order_by("sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        start = timezone.localdate(first) if first else wave.opens
        if start is not None:
            days = [
                d
                for d in (start + timedelta(days=14), start + timedelta(days=28))
                if d >= today and (wave.closes is None or d <= wave.closes)
            ]
    for number, day in enumerate(days[: ReminderPlanForm.MAX], start=1):
        initial[f"day{number}"] = day
    return ReminderPlanForm(data, wave=wave, today=today, initial=initial)


@require_POST
@staff_view(ADMINISTER)
def reminders_plan(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Save the reminder days of the wave; the task queue sends them when they are due."""
    wave = wave_or_404(slug, key)
    form = _plan_form(wave, timezone.now(), request.POST)
    if not form.is_valid():
        return invitations(request, slug, key, plan_form=form)
    made = schedule.plan(wave, form.days(), by=request.user.get_username())
    days = ", ".join(fmt.numeric_date(timezone.localdate(r.due_at)) for r in made)
    record(
        request.user,
        "invitations.reminders_planned",
        f"Erinnerungen für Welle {wave.key} geplant: {days or 'keine'}.",
        survey=slug,
        wave=key,
        days=[timezone.localdate(r.due_at).isoformat() for r in made],
    )
    if made:
        messages.success(
            request,
            _(
                "Erinnerungen geplant am %(days)s, jeweils um %(hour)d Uhr. Sie gehen von selbst "
                "hinaus, an Organisationen, die noch nicht vollständig geantwortet und sich nicht "
                "abgemeldet haben."
            )
            % {"days": days, "hour": schedule.REMINDER_HOUR},
        )
    else:
        messages.success(request, _("Es sind keine Erinnerungen mehr geplant."))
    return redirect("web:invitations", slug, key)


@require_POST
@staff_view(ADMINISTER)
def invitations_send(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """First a dry run shows how many messages would go out; the confirmed form starts the run."""
    wave = wave_or_404(slug, key)
    reminder = _kind(request)
    if reminder is None:
        messages.error(request, _("Bitte wählen Sie Einladungen oder Erinnerungen."))
        return redirect("web:invitations", slug, key)
    noun = _noun(reminder)
    if not wave_accepts_links(wave, timezone.now()):
        messages.error(
            request,
            _(
                "Die Welle ist nicht zum Antworten geöffnet; die Links in den Nachrichten würden "
                "nicht funktionieren. Öffnen Sie zuerst die Welle."
            ),
        )
        return redirect("web:invitations", slug, key)
    if sendjobs.running(wave) is not None or sendjobs.queued(wave) is not None:
        messages.error(
            request,
            _("Für diese Welle läuft bereits ein Versand. Warten Sie, bis er fertig ist."),
        )
        return redirect("web:invitations", slug, key)
    if request.POST.get("confirm") != "1":
        plan = send_wave(wave, reminder=reminder, dry_run=True)
        record(
            request.user,
            "invitations.previewed",
            f"Probelauf Welle {wave.key}: {len(plan.planned)} {noun} würden versandt.",
            survey=slug,
            wave=key,
            kind="reminder" if reminder else "invitation",
            planned=len(plan.planned),
        )
        return render(
            request,
            "web/invitations_confirm.html",
            _context(
                request,
                wave,
                plan=plan,
                noun=noun,
                amount=_amount(len(plan.planned), reminder),
                kind="reminder" if reminder else "invitation",
            ),
        )
    job = sendjobs.start_send(wave, reminder=reminder, started_by=request.user.get_username())
    command = process.invite_command(wave, reminder=reminder)
    record(
        request.user,
        "invitations.started",
        f"Versand der {noun} für Welle {wave.key} gestartet.",
        survey=slug,
        wave=key,
        kind="reminder" if reminder else "invitation",
        command=" ".join(command[3:]),
        job=job.pk,
    )
    messages.success(
        request,
        _(
            "Der Versand der %(noun)s läuft im Hintergrund. Diese Seite zeigt den Fortschritt; "
            "aktualisieren Sie sie oder lassen Sie sie sich automatisch aktualisieren."
        )
        % {"noun": noun},
    )
    return redirect("web:invitations", slug, key)


@require_POST
@staff_view(ADMINISTER)
def invitation_new_link(request: HttpRequest, slug: str, key: str, org: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation"), wave=wave, organisation__key=org
    )
    # An organisation that opted out of reminders may still ask for a new link (it then gets
    # the link, but still no reminders: tokens.new_link); an erased one has nobody to send to.
    if (
        invitation.state == Invitation.State.RESPONDED
        or invitation.organisation.erased_at is not None
    ):
        messages.error(
            request,
            _(
                "%(org)s hat bereits geantwortet oder ihre Daten sind gelöscht; es gibt keinen "
                "neuen Link."
            )
            % {"org": org},
        )
        return redirect("web:invitations", slug, key)
    new_link(invitation)
    record(
        request.user,
        "invitations.new_link",
        f"Neuer Link für {org} in Welle {wave.key}: alte Links gesperrt.",
        survey=slug,
        wave=key,
        organisation=org,
    )
    messages.success(
        request,
        _(
            "Die bisherigen Links von %(org)s sind gesperrt. Der nächste Versand der Einladungen "
            "schickt einen neuen Link."
        )
        % {"org": org},
    )
    return redirect("web:invitations", slug, key)


def link_base(request: HttpRequest) -> str:
    """Where respondents reach this site: UMFRAGE_SITE_URL when set, else the address under
    which staff opened this page (the demo on any port, a server without the setting)."""
    if settings.SITE_URL_CONFIGURED:
        return str(settings.SITE_URL).rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


@staff_view(ADMINISTER)
def invitation_link(request: HttpRequest, slug: str, key: str, org: str) -> HttpResponse:
    """A link for one organisation now (a phone call, a letter): GET explains the two ways,
    POST issues a link and shows it once, with a QR code for a letter. Works for organisations
    never invited; earlier links of the organisation stop working."""
    wave = wave_or_404(slug, key)
    organisation = get_object_or_404(Organisation, survey=wave.survey, key=org)
    invitation = Invitation.objects.filter(wave=wave, organisation=organisation).first()
    refusal = None
    if organisation.erased_at is not None:
        refusal = _("Die Daten von %(org)s sind gelöscht; es gibt keinen Link.") % {"org": org}
    elif invitation is not None and invitation.state == Invitation.State.RESPONDED:
        refusal = _("%(org)s hat bereits vollständig geantwortet.") % {"org": org}
    elif not organisation.active and invitation is None:
        refusal = _("%(org)s ist nicht mehr im Register.") % {"org": org}
    elif not wave_accepts_links(wave, timezone.now()):
        refusal = _(
            "Die Welle ist nicht zum Antworten geöffnet; ein Link würde nicht funktionieren. "
            "Öffnen Sie zuerst die Welle."
        )
    context = _context(request, wave, organisation=organisation, invitation=invitation)
    if refusal is not None:
        if request.method == "POST":
            messages.error(request, refusal)
            return redirect("web:invitations", slug, key)
        return render(request, "web/invitation_link.html", {**context, "refusal": refusal})
    if request.method != "POST":
        return render(request, "web/invitation_link.html", context)
    if invitation is None:
        invitation, _created = Invitation.objects.get_or_create(
            wave=wave, organisation=organisation
        )
    token = issue_link(invitation)
    link = f"{link_base(request)}/t/{token}"
    record(
        request.user,
        "invitations.link_shown",
        f"Link für {org} in Welle {wave.key} ausgegeben und angezeigt: frühere Links gesperrt.",
        survey=slug,
        wave=key,
        organisation=org,
    )
    handed = (
        Message.objects.filter(invitation=invitation, kind=Message.Kind.HANDED)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    response = render(
        request,
        "web/invitation_link_shown.html",
        {
            **context,
            "handed": handed,
            "mail_refusal": link_mail_refusal(invitation, handed or 0),
            "link": link,
            # segno draws the SVG from the link alone (random token, site address).
            "qr": mark_safe(
                segno.make(link, error="m").svg_inline(
                    scale=4, title=_("QR-Code des persönlichen Links")
                )
            ),
        },
    )
    # Shown once: never kept by a browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_view(ADMINISTER)
def invitation_link_send(request: HttpRequest, slug: str, key: str, org: str) -> HttpResponse:
    """E-mail the organisation a personal link now, offered on the page that showed one.

    Through the sending protocol (sending.send_link_now): the send lock, the stored message,
    the server's answer recorded; opt-outs respected, and a second click sends nothing twice.
    The outcome is a message on the invitations page and an audit entry.
    """
    wave = wave_or_404(slug, key)
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "wave__survey"),
        wave=wave,
        organisation__key=org,
    )
    address = invitation.organisation.email
    try:
        handed = int(request.POST.get("handed", ""))
    except ValueError:
        messages.error(request, _("Es ist nicht angegeben, welcher Link gesendet werden soll."))
        return redirect("web:invitations", slug, key)
    try:
        report = send_link_now(invitation, handed=handed)
    except SendingStopped as exc:
        reason = " ".join(f"{p.message} {p.fix}" for p in exc.problems)
        outcome, text = "refused", _("Keine E-Mail versandt: %(reason)s") % {"reason": reason}
        messages.error(request, text)
    else:
        if report.sent:
            outcome = "sent"
            messages.success(
                request,
                _(
                    "Die E-Mail mit einem persönlichen Link ist an %(address)s versandt. Der "
                    "angezeigte Link gilt weiter."
                )
                % {"address": address},
            )
        elif report.failed:
            outcome = "failed"
            messages.error(
                request,
                _(
                    "Der Mailserver hat die E-Mail an %(address)s abgelehnt: %(reason)s. Prüfen "
                    "Sie die Adresse im Register; der angezeigte Link gilt weiter."
                )
                % {"address": address, "reason": report.failed[0][1]},
            )
        elif report.deferred:
            outcome = "deferred"
            messages.warning(
                request,
                _(
                    "Der Mailserver hat die E-Mail an %(address)s vorerst nicht angenommen "
                    "(%(reason)s). Sie ist vorgemerkt; der nächste Versand stellt sie zu, ohne "
                    "sie doppelt zu schicken."
                )
                % {"address": address, "reason": report.deferred[0][1]},
            )
        else:
            outcome = "refused"
            messages.error(
                request,
                _("Keine E-Mail versandt: %(org)s bekommt gerade keine Nachrichten.")
                % {"org": org},
            )
    record(
        request.user,
        "invitations.link_mailed",
        f"Link für {org} in Welle {wave.key} per E-Mail: "
        + {
            "sent": "versandt.",
            "failed": "vom Mailserver abgelehnt.",
            "deferred": "vorgemerkt, der Mailserver war nicht erreichbar.",
            "refused": "nicht versandt.",
        }[outcome],
        survey=slug,
        wave=key,
        organisation=org,
        outcome=outcome,
    )
    return redirect("web:invitations", slug, key)
