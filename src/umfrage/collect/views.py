"""The respondent's pages. Thin: access checks here, page logic in ``flow``, writes in ``service``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from umfrage import languages as known_languages
from umfrage import prose
from umfrage.collect import access, flow, locale, service
from umfrage.collect.addresses import url as _url
from umfrage.collect.security import ENTRY_REFERRER_POLICY, secure_page
from umfrage.collect.types import module_for
from umfrage.collect.types.base import Field, labelled, question_id
from umfrage.questionnaire.base import is_empty
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.spec import Questionnaire, Section
from umfrage.store import anonymity
from umfrage.store.models import Invitation, Response

NEXT, BACK = "weiter", "zurueck"
# A page opened with "Ändern" from the review page carries ``?ziel=pruefen`` (and its form a
# hidden field of that name): saving it returns to the review page, not to the next page.
RETURN_TO = "ziel"
SWITCH = "sprache"
"""The field of the language switch: the chosen language's code (see ``_switch``)."""
LANGUAGE_COOKIE = "umfrage_sprache"
"""Remembers the respondent's chosen language between pages: ``<invitation id>:<code>``."""

MESSAGES: dict[str, dict[str, Any]] = {
    "invalid": {
        "title": _("Dieser Link funktioniert nicht"),
        "text": [
            _(
                "Der Link ist nicht oder nicht mehr gültig. Bitte prüfen Sie, ob Sie ihn "
                "vollständig aus Ihrer Einladung übernommen haben."
            ),
            _(
                "Wenn es weiterhin nicht klappt, wenden Sie sich bitte an die Stelle, die Sie "
                "zur Umfrage eingeladen hat."
            ),
        ],
    },
    "too_many": {
        "title": _("Zu viele Versuche"),
        "text": [
            _(
                "Von Ihrem Anschluss aus wurden in kurzer Zeit zu viele ungültige Links geöffnet. "
                "Bitte warten Sie 15 Minuten und öffnen Sie dann den Link aus Ihrer Einladung erneut."
            )
        ],
    },
    "expired": {
        "title": _("Bitte öffnen Sie Ihren persönlichen Link"),
        "text": [
            _(
                "Ihre Sitzung ist abgelaufen, oder Ihr Browser hat kein Cookie gespeichert. "
                "Öffnen Sie bitte den persönlichen Link aus Ihrer Einladung erneut."
            ),
            _("Ihre bisher gespeicherten Antworten gehen dabei nicht verloren."),
        ],
    },
    "broken": {
        "title": _("Der Fragebogen kann gerade nicht angezeigt werden"),
        "text": [_("Bitte versuchen Sie es später noch einmal.")],
    },
}

# The questionnaire's own checks (umfrage.questionnaire, German for imports and the staff) say
# these fixed texts to a respondent too; the pages show them in the respondent's language.
QUESTIONNAIRE_MESSAGES: dict[str, Any] = {
    "Bitte beantworten Sie diese Frage.": _("Bitte beantworten Sie diese Frage."),
    "Bitte beantworten Sie jede Zeile.": _("Bitte beantworten Sie jede Zeile."),
    "Bitte wählen Sie mindestens eine Antwort.": _("Bitte wählen Sie mindestens eine Antwort."),
    "Jede Antwort kann nur einmal gewählt werden.": _(
        "Jede Antwort kann nur einmal gewählt werden."
    ),
    "Jeder Rang kann nur einmal vergeben werden.": _("Jeder Rang kann nur einmal vergeben werden."),
    "Bitte vergeben Sie die Ränge ohne Lücke, beginnend mit 1.": _(
        "Bitte vergeben Sie die Ränge ohne Lücke, beginnend mit 1."
    ),
    "Bitte ordnen Sie nur Antworten, die Sie in der vorigen Frage gewählt haben.": _(
        "Bitte ordnen Sie nur Antworten, die Sie in der vorigen Frage gewählt haben."
    ),
}


def in_respondent_language(messages: list[str]) -> list[str]:
    """The questionnaire's messages in the active language (others as they are)."""
    return [str(QUESTIONNAIRE_MESSAGES.get(message, message)) for message in messages]


@dataclass
class Visit:
    """One request of a respondent: whose invitation, which questionnaire, what is stored."""

    invitation: Invitation
    questionnaire: Questionnaire
    state: service.State
    locator: str | None = None
    """An anonymous wave's way to the unfinished answers (from the signed cookie)."""
    language: str = known_languages.GERMAN
    """The language the respondent reads the questionnaire in (``questionnaire`` is in it)."""

    @property
    def stored_language(self) -> str:
        """The language written on the response: none in an anonymous wave, where a rare
        language next to the register's languages could point to the organisation."""
        return "" if (self.base or self.questionnaire).anonymous else self.language

    base: Questionnaire | None = None
    """The questionnaire in its base language (German), for switching to another language."""
    _shown: tuple[service.State, flow.Shown] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.answers

    def shown(self) -> flow.Shown:
        """What the stored answers show, worked out once per state of the request."""
        if self._shown is None or self._shown[0] is not self.state:
            self._shown = (self.state, flow.Shown(self.questionnaire, self.state.answers))
        return self._shown[1]


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """A respondent page: Jinja2 templates in ``collect/jinja2/`` (see ``umfrage.collect.jinja``),
    announced in the language it was rendered in (that of ``<html lang>``)."""
    response = render(request, template, context, status=status, using="jinja2")
    response.headers["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
    return response


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """A page in the respondent pages' look (Jinja2, their catalogues) for other apps
    (the feedback form, umfrage.feedback)."""
    return _render(request, template, context, status=status)


def _cookie_language(request: HttpRequest, invitation: Invitation | None = None) -> str:
    """The language chosen with the switch in this browser (``LANGUAGE_COOKIE``): for
    ``invitation`` only when the cookie belongs to it; without an invitation (a link that does
    not work, an expired session) whatever the browser last chose. Empty when none is known."""
    pk, _sep, code = request.COOKIES.get(LANGUAGE_COOKIE, "").partition(":")
    if invitation is not None and pk != str(invitation.pk):
        return ""
    return code if known_languages.get(code) is not None else ""


def message_language(request: HttpRequest, invitation: Invitation | None = None) -> str:
    """The language of a message page (link invalid, wave closed, session expired, opt-out):
    the language chosen with the switch, else that of the answers given so far, else the
    register's language of the organisation; German when none is known. Every language of
    umfrage.languages counts here, offered by the wave or not: these pages' texts are built in
    (the catalogues), and the questionnaire of a closed wave may not even load."""
    candidates = [_cookie_language(request, invitation)]
    if invitation is not None:
        answered = (
            Response.objects.filter(
                wave_id=invitation.wave_id, organisation_id=invitation.organisation_id
            )
            .exclude(language="")
            .values_list("language", flat=True)
            .first()
        )
        candidates += [answered or "", invitation.organisation.language]
    for code in candidates:
        if code and known_languages.get(code) is not None:
            return str(code)
    return known_languages.GERMAN


def _message(
    request: HttpRequest,
    kind: str,
    *,
    status: int,
    contact: str = "",
    invitation: Invitation | None = None,
    language: str | None = None,
) -> HttpResponse:
    locale.activate(request, language or message_language(request, invitation))
    return _render(
        request,
        "collect/message.html",
        {**MESSAGES[kind], "contact": contact},
        status=status,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF refusal (``settings.CSRF_FAILURE_VIEW``), "Die Seite ist abgelaufen", in
    the language of the respondent whose cookie the browser sends (``message_language``);
    German for everyone else (staff, a browser without cookies)."""
    loaded = access.remembered(request)
    locale.activate(request, message_language(request, loaded.invitation if loaded else None))
    return _render(request, "403_csrf.html", {}, status=403)


def _closed(request: HttpRequest, invitation: Invitation) -> HttpResponse | None:
    wave = invitation.wave
    state = access.wave_state(wave, timezone.localdate())
    if state is access.WaveState.OPEN:
        return None
    locale.activate(request, message_language(request, invitation))
    return _render(
        request,
        "collect/closed.html",
        {
            "wave": wave,
            "title": wave.title or str(wave.survey.title),
            "not_yet": state is access.WaveState.NOT_YET_OPEN,
            "contact": wave.survey.owner,
        },
        status=403,
    )


def respondent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Load the respondent's invitation (signed cookie) and check that the wave is open."""

    @secure_page
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        loaded = access.remembered(request)
        if loaded is None:
            return _message(request, "expired", status=403)
        locator = access.remembered_locator(request, loaded.invitation)
        invitation = loaded.invitation
        closed = _closed(request, invitation)
        if closed is not None:
            return closed
        try:
            questionnaire = invitation.wave.questionnaire()
        except ProblemsError:
            return _message(
                request,
                "broken",
                status=503,
                contact=invitation.wave.survey.owner,
                invitation=invitation,
            )
        if questionnaire.anonymous and locator is None:
            # A cookie from before the locators: the link from the e-mail sets a new one.
            return _message(request, "expired", status=403, invitation=invitation)
        state = service.state_of(loaded, questionnaire, locator)
        language = _language(request, invitation, questionnaire, state)
        visit = Visit(
            invitation,
            questionnaire.in_language(language),
            state,
            locator,
            language=language,
            base=questionnaire,
        )
        with translation.override(language):
            return view(request, visit, *args, **kwargs)

    return wrapped


def _first_language(invitation: Invitation, questionnaire: Questionnaire, state: Any) -> str:
    """The language a respondent starts in: that of the answers given so far, else the
    organisation's language from the register, if the wave offers it; else German."""
    offered = questionnaire.respondent_languages()
    response = state.response
    for code in (
        getattr(response, "language", "") if response is not None else "",
        invitation.organisation.language,
    ):
        if code and code in offered:
            return str(code)
    return offered[0]


def _language(
    request: HttpRequest, invitation: Invitation, questionnaire: Questionnaire, state: Any
) -> str:
    """The language chosen in this browser for this invitation (the switch's cookie), if the
    wave offers it; else the first language (``_first_language``)."""
    pk, _, code = request.COOKIES.get(LANGUAGE_COOKIE, "").partition(":")
    if pk == str(invitation.pk) and code in questionnaire.respondent_languages():
        return code
    return _first_language(invitation, questionnaire, state)


def _keep_language(response: HttpResponse, invitation: Invitation, code: str) -> None:
    response.set_cookie(
        LANGUAGE_COOKIE,
        f"{invitation.pk}:{code}",
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _switch(visit: Visit, form: str | None = None, back_to: str = "") -> dict[str, Any]:
    """The language switch's context (``collect/_languages.html``): the wave's languages, each
    named in itself. On a question page its buttons belong to the page's form (``form``), so
    that what was typed is saved with the switch; elsewhere it is a form of its own."""
    offered = (visit.base or visit.questionnaire).respondent_languages()
    entries = []
    for code in offered:
        language = known_languages.get(code)
        if language is None:
            continue
        entries.append(
            {
                "code": code,
                "native": language.native,
                "html_lang": language.html_lang,
                "dir": language.direction,
                "current": code == visit.language,
            }
        )
    return {
        "switch": entries if len(entries) > 1 else [],
        "switch_form": form,
        "switch_back": back_to,
    }


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _page_url(section_id: str) -> str:
    if section_id == flow.REVIEW:
        return _url("collect:review")
    return _url("collect:page", section_id)


def _resume_url(visit: Visit) -> str:
    if visit.state.submitted:
        return _url("collect:thanks")
    if not visit.state.done and not visit.answers:
        return _url("collect:welcome")
    return _page_url(visit.shown().first_unfinished(visit.state.done))


@secure_page
@require_GET
def entry(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link: remember the invitation in a cookie and continue where it stopped."""
    response = _entry(request, token)
    response.headers["Referrer-Policy"] = ENTRY_REFERRER_POLICY
    return response


def too_many_attempts(request: HttpRequest) -> HttpResponse:
    """The page for a client that opened too many wrong links (``access.too_many_attempts``)."""
    return _message(request, "too_many", status=429)


def invalid_link(request: HttpRequest) -> HttpResponse:
    """The one neutral page for every link that does not work (unknown, withdrawn, mistyped),
    counted as a wrong token. The opt-out link (``umfrage.collect.optout``) answers with
    this very page, so neither address tells a guesser more than the other."""
    access.count_wrong_token(request)
    return _message(request, "invalid", status=404)


def _entry(request: HttpRequest, token: str) -> HttpResponse:
    if access.too_many_attempts(request):
        return too_many_attempts(request)
    loaded = access.find_invitation(token)
    if loaded is None:
        return invalid_link(request)
    invitation = loaded.invitation
    locator = None
    response = _closed(request, invitation)
    if response is None:
        try:
            questionnaire = invitation.wave.questionnaire()
        except ProblemsError:
            return _message(
                request,
                "broken",
                status=503,
                contact=invitation.wave.survey.owner,
                invitation=invitation,
            )
        service.mark_opened(invitation, timezone.now(), anonymous=questionnaire.anonymous)
        if questionnaire.anonymous:
            locator = _locator(request, invitation, questionnaire, token)
        visit = Visit(
            invitation, questionnaire, service.state_of(loaded, questionnaire, locator), locator
        )
        response = _see_other(_resume_url(visit))
        _keep_language(
            response, invitation, _first_language(invitation, questionnaire, visit.state)
        )
    access.remember(response, invitation, locator)
    return response


def _locator(
    request: HttpRequest, invitation: Invitation, questionnaire: Questionnaire, token: str
) -> str:
    """The locator of an anonymous respondent's unfinished answers: that of this link, unless
    this browser already began with another link of the same invitation (a reminder's: every
    message has its own token) and this link has no answers of its own."""
    own = anonymity.locator(token)
    kept = access.remembered_locator(request, invitation)
    if kept is not None and kept != own and service.state(invitation, own).draft is None:
        return kept
    return own


@require_GET
@respondent
def welcome(request: HttpRequest, visit: Visit) -> HttpResponse:
    questionnaire = visit.questionnaire
    if visit.state.submitted and questionnaire.anonymous:
        return _see_other(_url("collect:thanks"))
    started = bool(visit.state.done or visit.answers)
    pages = visit.shown().pages
    start = _resume_url(visit) if started else _page_url(pages[0].id if pages else flow.REVIEW)
    return _render(
        request,
        "collect/welcome.html",
        {
            "questionnaire": questionnaire,
            "organisation": None if questionnaire.anonymous else visit.invitation.organisation,
            "wave": visit.invitation.wave,
            "started": started,
            "start_url": start,
            "say_minutes": _say_minutes(questionnaire),
            "contact": visit.invitation.wave.survey.owner,
            **_switch(visit, back_to=_url("collect:welcome")),
        },
    )


def _say_minutes(questionnaire: Questionnaire) -> bool:
    """Whether the welcome page names the time it takes: not when the intro already does
    („… dauert etwa 15 Minuten“, the same number followed by a word for minutes), so the page
    says it once (docs/web-questionnaire.md)."""
    minutes = questionnaire.estimated_minutes
    if not minutes:
        return False
    intro = prose.plain(questionnaire.intro or "")
    return re.search(rf"\b{minutes}\s*(?:Min|min)", intro) is None


@require_http_methods(["GET", "POST"])
@respondent
def page(request: HttpRequest, visit: Visit, section_id: str) -> HttpResponse:
    questionnaire = visit.questionnaire
    if visit.state.submitted and questionnaire.anonymous:
        return _see_other(_url("collect:thanks"))
    section = flow.section(questionnaire, section_id)
    if section is None or not visit.shown().questions(section):
        return _see_other(_resume_url(visit))
    if request.method == "POST":
        return _post_page(request, visit, section)
    notice = "more" if request.GET.get("neu") else None
    return _render_page(
        request,
        visit,
        section,
        visit.shown(),
        version=visit.state.version,
        notice=notice,
        to_review=request.GET.get(RETURN_TO) == flow.REVIEW,
    )


def _render_page(
    request: HttpRequest,
    visit: Visit,
    section: Section,
    shown: flow.Shown,
    *,
    version: int,
    raw: Any = None,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
    to_review: bool = False,
    status: int = 200,
) -> HttpResponse:
    questionnaire = visit.questionnaire
    errors = errors or {}
    answers = shown.answers
    questions = shown.questions(section)
    html = [
        module_for(q).render(
            Field(
                q,
                answers,
                raw,
                errors.get(q.id, []),
                q.offered(answers),
            )
        )
        for q in questions
    ]
    summary = [
        (f"#{question_id(q)}", labelled(q.text, message), module_for(q).anchor(q))
        for q in questions
        for message in errors.get(q.id, [])
    ]
    ids = shown.page_ids
    return _render(
        request,
        "collect/page.html",
        {
            "questionnaire": questionnaire,
            "section": section,
            "questions": html,
            "shown": [q.id for q in questions],
            "version": version,
            "summary": summary,
            "alert": bool(summary),
            "notice": notice,
            "to_review": to_review,
            "page_number": ids.index(section.id) + 1 if section.id in ids else 1,
            "page_count": len(ids),
            "contact": visit.invitation.wave.survey.owner,
            **_switch(visit, form="antworten"),
        },
        status=status,
    )


def _read_page(
    request: HttpRequest, visit: Visit, section: Section, action: str
) -> tuple[dict[str, Any], dict[str, list[str]], list[str]]:
    """The page's answers from the post, the problems per question, and the questions read."""
    questionnaire = visit.questionnaire
    stored = visit.answers
    rendered = set(request.POST.getlist("gezeigt"))
    page_answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    read: list[str] = []
    merge = flow.merging(stored, section)
    for question in section.questions:
        if question.id not in rendered:
            page_answers.update({k: stored[k] for k in question.answer_keys() if k in stored})
            continue
        running = merge(page_answers)
        if not questionnaire.is_shown(question.id, running):
            continue
        read.append(question.id)
        parsed, problems = module_for(question).parse(question, request.POST, running)
        page_answers.update(parsed)
        if problems:
            errors[question.id] = problems
            continue
        running = merge(page_answers)
        found = in_respondent_language(question.validate_answer(running))
        if action != NEXT and is_empty(running.get(question.id)):
            found = []  # "Zurück" keeps what was given without insisting on required answers
        if found:
            errors[question.id] = found
    return page_answers, errors, read


def _layout(shown: flow.Shown, section: Section) -> list[Any]:
    """What a page shows: its questions and, for rankings, the options offered."""
    return [(q.id, tuple(q.offered(shown.answers) or ())) for q in shown.questions(section)]


def _posted_layout(
    request: HttpRequest, questionnaire: Questionnaire, section: Section
) -> list[Any]:
    rendered = set(request.POST.getlist("gezeigt"))
    return [
        (
            q.id,
            module_for(q).posted_offer(q, request.POST),
        )
        for q in section.questions
        if q.id in rendered
    ]


def _chosen(request: HttpRequest, visit: Visit) -> str | None:
    """The language a posted switch asks for, if the wave offers it."""
    code = request.POST.get(SWITCH)
    offered = (visit.base or visit.questionnaire).respondent_languages()
    return code if code in offered else None


def _switch_page(request: HttpRequest, visit: Visit, section: Section, code: str) -> HttpResponse:
    """The language switch on a question page: save what was typed as "Zurück" does (required
    questions may stay open), then show the same page in the chosen language. Answers that do
    not pass their checks are not saved but shown again as typed, with their messages."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    page_answers, errors, _read = _read_page(request, visit, section, BACK)
    stored = visit.answers
    for qid in errors:
        for key in visit.questionnaire.question(qid).answer_keys():
            page_answers.pop(key, None)
            if key in stored:
                page_answers[key] = stored[key]
    result = service.save_page(
        visit.invitation,
        visit.questionnaire,
        section,
        page_answers,
        version=version,
        finished=False,
        now=timezone.now(),
        seen=visit.state,
        locator=visit.locator,
        language="" if visit.questionnaire.anonymous else code,
    )
    if result.outcome is service.Outcome.ALREADY_SUBMITTED:
        response = _see_other(_url("collect:thanks"))
    elif result.outcome is service.Outcome.GONE:
        return _message(request, "invalid", status=404, language=visit.language)
    elif errors and result.outcome is service.Outcome.SAVED:
        fresh = result.state or service.state(visit.invitation, visit.locator)
        base = visit.base or visit.questionnaire
        visit.state, visit.language = fresh, code
        visit.questionnaire = base.in_language(code)
        localized_section = flow.section(visit.questionnaire, section.id) or section
        merged = flow.merge(fresh.answers, localized_section, page_answers)
        with translation.override(code):
            response = _render_page(
                request,
                visit,
                localized_section,
                flow.Shown(visit.questionnaire, merged),
                version=fresh.version,
                raw=request.POST,
                errors=errors,
            )
    else:
        # Saved, or another tab changed the page meanwhile: the page shows what is stored.
        response = _see_other(_page_url(section.id))
    _keep_language(response, visit.invitation, code)
    return response


@require_POST
@respondent
def language(request: HttpRequest, visit: Visit) -> HttpResponse:
    """The language switch of the pages without answers to save (welcome, review, thanks):
    remember the choice (also on the response, if there is one) and show the page again."""
    code = _chosen(request, visit)
    back = request.POST.get("zurueck_zu", "")
    allowed = {_url(name) for name in ("collect:welcome", "collect:review", "collect:thanks")}
    response = _see_other(back if back in allowed else _resume_url(visit))
    if code is not None:
        _keep_language(response, visit.invitation, code)
        stored = visit.state.response
        if (
            stored is not None
            and stored.pk is not None
            and not visit.questionnaire.anonymous
            and stored.language != code
        ):
            type(stored).objects.filter(pk=stored.pk).update(language=code)
    return response


def _post_page(request: HttpRequest, visit: Visit, section: Section) -> HttpResponse:
    questionnaire = visit.questionnaire
    code = _chosen(request, visit)
    if code is not None:
        return _switch_page(request, visit, section, code)
    action = BACK if request.POST.get("aktion") == BACK else NEXT
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    to_review = request.POST.get(RETURN_TO) == flow.REVIEW
    page_answers, errors, _read = _read_page(request, visit, section, action)
    if errors:
        return _failed_page(request, visit, section, page_answers, errors, version, to_review)
    result = service.save_page(
        visit.invitation,
        questionnaire,
        section,
        page_answers,
        version=version,
        finished=action == NEXT,
        now=timezone.now(),
        seen=visit.state,
        locator=visit.locator,
        language=visit.stored_language,
    )
    if result.outcome is service.Outcome.ALREADY_SUBMITTED:
        return _see_other(_url("collect:thanks"))
    if result.outcome is service.Outcome.GONE:
        return _message(request, "invalid", status=404, language=visit.language)
    fresh = result.state or service.state(visit.invitation, visit.locator)
    if result.outcome is service.Outcome.STALE:
        visit.state = fresh
        return _render_page(
            request,
            visit,
            section,
            visit.shown(),
            version=fresh.version,
            notice="stale",
            status=409,
        )
    shown = flow.Shown(questionnaire, fresh.answers)
    if (
        action == NEXT
        and _layout(shown, section) != _posted_layout(request, questionnaire, section)
        and shown.questions(section)
    ):
        back = f"&{RETURN_TO}={flow.REVIEW}" if to_review else ""
        return _see_other(_page_url(section.id) + "?neu=1" + back)
    if action == NEXT and to_review:
        return _see_other(_page_url(flow.REVIEW))
    target = shown.neighbour(section.id, 1 if action == NEXT else -1)
    return _see_other(_url("collect:welcome") if target is None else _page_url(target))


def _failed_page(
    request: HttpRequest,
    visit: Visit,
    section: Section,
    page_answers: dict[str, Any],
    errors: dict[str, list[str]],
    version: int,
    to_review: bool,
) -> HttpResponse:
    """A page with problems: its valid answers are saved all the same (the page is not marked
    finished), so nothing typed is lost if the respondent leaves now; a question with a problem
    keeps what was stored for it and is shown back as typed, with its message. A save refused
    as stale (another tab) saves nothing here; the next save shows that notice."""
    questionnaire = visit.questionnaire
    stored = visit.answers
    faulty = {k for qid in errors for k in questionnaire.question(qid).answer_keys()}
    valid = {k: v for k, v in page_answers.items() if k not in faulty}
    valid.update({k: stored[k] for k in faulty if k in stored})
    if not flow.same_page_answers(section, stored, flow.merge(stored, section, valid)):
        result = service.save_page(
            visit.invitation,
            questionnaire,
            section,
            valid,
            version=version,
            finished=False,
            now=timezone.now(),
            seen=visit.state,
            locator=visit.locator,
        )
        if result.outcome is service.Outcome.ALREADY_SUBMITTED:
            return _see_other(_url("collect:thanks"))
        if result.outcome is service.Outcome.GONE:
            return _message(request, "invalid", status=404, language=visit.language)
        if result.outcome is service.Outcome.SAVED and result.state is not None:
            visit.state = result.state
            version = result.state.version
    merged = flow.merge(visit.answers, section, page_answers)
    return _render_page(
        request,
        visit,
        section,
        flow.Shown(questionnaire, merged),
        version=version,
        raw=request.POST,
        errors=errors,
        to_review=to_review,
    )


def _review_sections(visit: Visit) -> list[dict[str, Any]]:
    shown = visit.shown()
    answers = shown.answers
    return [
        {
            "section": section,
            "url": _page_url(section.id),
            "rows": [
                {
                    "question": q,
                    "lines": module_for(q).summary(q, answers),
                    "url": f"{_page_url(section.id)}?{RETURN_TO}={flow.REVIEW}#{question_id(q)}",
                }
                for q in shown.questions(section)
            ],
        }
        for section in shown.pages
    ]


def _render_review(
    request: HttpRequest,
    visit: Visit,
    *,
    problems: dict[str, list[str]] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HttpResponse:
    questionnaire = visit.questionnaire
    summary: list[tuple[str, str, str]] = []
    for qid, messages in (problems or {}).items():
        if not questionnaire.has_question(qid):
            continue
        question = questionnaire.question(qid)
        page = _page_url(questionnaire.section_of(qid).id)
        url = f"{page}?{RETURN_TO}={flow.REVIEW}#{question_id(question)}"
        summary.extend(
            (url, labelled(question.text, m), "") for m in in_respondent_language(messages)
        )
    return _render(
        request,
        "collect/review.html",
        {
            "questionnaire": questionnaire,
            "sections": _review_sections(visit),
            "version": visit.state.version,
            "submitted": visit.state.submitted,
            "summary": summary,
            "alert": bool(summary),
            "notice": notice,
            "contact": visit.invitation.wave.survey.owner,
            **_switch(visit, back_to=_url("collect:review")),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@respondent
def review(request: HttpRequest, visit: Visit) -> HttpResponse:
    questionnaire = visit.questionnaire
    if visit.state.submitted and questionnaire.anonymous:
        return _see_other(_url("collect:thanks"))
    if request.method == "GET":
        return _render_review(request, visit)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    result = service.submit(
        visit.invitation,
        questionnaire,
        version=version,
        now=timezone.now(),
        seen=visit.state,
        locator=visit.locator,
        language=visit.stored_language,
    )
    if result.outcome in (service.Outcome.SAVED, service.Outcome.ALREADY_SUBMITTED):
        return _see_other(_url("collect:thanks"))
    if result.outcome is service.Outcome.GONE:
        return _message(request, "invalid", status=404, language=visit.language)
    visit.state = service.state(visit.invitation, visit.locator)
    if result.outcome is service.Outcome.STALE:
        return _render_review(request, visit, notice="stale", status=409)
    return _render_review(request, visit, problems=result.problems)


@require_GET
@respondent
def thanks(request: HttpRequest, visit: Visit) -> HttpResponse:
    if not visit.state.submitted:
        return _see_other(_resume_url(visit))
    response = visit.state.response
    return _render(
        request,
        "collect/thanks.html",
        {
            "questionnaire": visit.questionnaire,
            "wave": visit.invitation.wave,
            "submitted_at": response.submitted_at if response is not None else None,
            "can_change": not visit.questionnaire.anonymous,
            "contact": visit.invitation.wave.survey.owner,
            **_switch(visit, back_to=_url("collect:thanks")),
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (BITV 2.0 § 7), linked from every respondent page."""
    return _render(
        request,
        "collect/accessibility.html",
        {
            "operator": settings.UMFRAGE_OPERATOR,
            "feedback": settings.UMFRAGE_ACCESSIBILITY_CONTACT,
            "reviewed": settings.UMFRAGE_ACCESSIBILITY_DATE,
            "address": settings.UMFRAGE_ACCESSIBILITY_ADDRESS,
        },
    )


@require_safe
def easy_language(request: HttpRequest) -> HttpResponse:
    """The explanation in Leichte Sprache (§ 4 BITV 2.0): what the pages contain, how to move
    around them, the essentials of the accessibility statement, where more Leichte Sprache is.
    Linked from the questionnaire's welcome page, from /ergebnisse/ and from every page's footer.
    Its German is Leichte Sprache already, so it is shown as German (``lang="de"``)."""
    return _render(
        request,
        "collect/leichte_sprache.html",
        {"feedback": settings.UMFRAGE_ACCESSIBILITY_CONTACT},
    )
