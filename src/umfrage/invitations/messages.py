"""The e-mail itself: German plain text and HTML from templates that staff can edit.

The shipped templates live in ``templates/invitations/email/``; a folder named by the setting
``UMFRAGE_EMAIL_TEMPLATES`` that holds a file of the same name (e.g. ``einladung.txt``) replaces
the shipped one. See docs/invitations.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, make_msgid, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import Context, Engine
from django.utils import timezone, translation
from django.utils.formats import date_format

from umfrage import formatting as fmt
from umfrage import languages as known_languages
from umfrage.questionnaire.spec import Questionnaire
from umfrage.store.models import Invitation, questionnaire_from_text

SHIPPED = Path(__file__).resolve().parent / "templates" / "invitations" / "email"
PLACEHOLDER_TOKEN = "PERSOENLICHER-LINK"  # shown in dry runs instead of a real token


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Prepared:
    """A finished message, ready to hand to the SMTP server (again, after a crash)."""

    message_id: str
    recipient: str
    payload: bytes
    letter: Letter


@lru_cache(maxsize=8)
def _engine(override: str) -> Engine:
    dirs = [override] if override else []
    return Engine(
        dirs=[*dirs, str(SHIPPED)],
        libraries={"i18n": "django.templatetags.i18n"},
        # page_lang/page_dir for the HTML part's lang and dir (umfrage.collect.locale)
        builtins=["umfrage.templatefilters"],
    )


def render(name: str, context: dict[str, Any], *, html: bool, language: str = "de") -> str:
    """Render a message template; only the HTML part escapes (a name with & stays & in text).

    ``language`` is a code of umfrage.languages: the shipped templates' texts come from its
    gettext catalogue (docs/languages.md); German unless the caller chooses another."""
    engine = _engine(settings.UMFRAGE_EMAIL_TEMPLATES)
    with translation.override(language):
        return engine.get_template(name).render(Context(context, autoescape=html))


@lru_cache(maxsize=16)
def _questionnaire(text: str, name: str) -> Questionnaire | None:
    try:
        return questionnaire_from_text(text, name)
    except Exception:  # a broken questionnaire must not stop a letter that hardly needs it
        return None


def letter_language(invitation: Invitation) -> str:
    """The language of an invitation's e-mails: the organisation's from the register if the
    wave's questionnaire offers it, else German (issue 21)."""
    wave = invitation.wave
    code = invitation.organisation.language
    questionnaire = _questionnaire(wave.questionnaire_text, f"{wave.survey.slug}/{wave.key}")
    if code and questionnaire is not None and code in questionnaire.respondent_languages():
        return code
    return known_languages.GERMAN


def site_link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def questionnaire_link(token: str) -> str:
    return site_link(f"/t/{token}")


def opt_out_link(token: str) -> str:
    return site_link(f"/abmelden/{token}")


def _html_lang(code: str) -> str:
    found = known_languages.get(code)
    return found.html_lang if found is not None else code


def _direction(code: str) -> str:
    found = known_languages.get(code)
    return found.direction if found is not None else "ltr"


def letter_for(invitation: Invitation, kind: str, token: str) -> Letter:
    """Render subject, text and HTML of an invitation (``kind`` ``invitation``) or reminder."""
    wave = invitation.wave
    organisation = invitation.organisation
    language = letter_language(invitation)
    closes = fmt.german_date(wave.closes) if wave.closes else ""
    questionnaire = _questionnaire(wave.questionnaire_text, f"{wave.survey.slug}/{wave.key}")
    minutes = questionnaire.estimated_minutes if questionnaire is not None else None
    title = wave.title or f"{wave.survey.title} {wave.key}"
    if language != known_languages.GERMAN and questionnaire is not None:
        # The wave's title is German; the questionnaire's title in the letter's language.
        title = questionnaire.title.text_in(language)
        if wave.closes:
            with translation.override(language):
                # That language's own date format, as on the respondent pages (collect/jinja.py).
                closes = date_format(wave.closes, "DATE_FORMAT")
    context = {
        "organisation": organisation.name,
        "ansprechperson": organisation.contact_name,
        "umfrage": wave.survey.title,
        "welle": title,
        "frist": closes,
        "minuten": minutes,
        "link": questionnaire_link(token),
        "abmelden": opt_out_link(token),
        "absender": wave.survey.owner or "Ihr Umfrage-Team",
        "html_lang": _html_lang(language),
        "html_dir": _direction(language),
    }
    stem = "einladung" if kind == "invitation" else "erinnerung"
    subject = " ".join(
        render(f"{stem}_betreff.txt", context, html=False, language=language).split()
    )
    return Letter(
        subject,
        render(f"{stem}.txt", context, html=False, language=language).strip() + "\n",
        render(f"{stem}.html", context, html=True, language=language),
    )


def prepare(
    invitation: Invitation, kind: str, number: int, token: str, *, now: datetime
) -> Prepared:
    """Build the complete message with a fresh Message-ID and the date of ``now``."""
    letter = letter_for(invitation, kind, token)
    sender = settings.DEFAULT_FROM_EMAIL
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message_id = make_msgid(idstring=f"{kind}.{invitation.pk}.{number}", domain=domain)
    recipient = invitation.organisation.email
    to = invitation.organisation.contact_name
    email = EmailMultiAlternatives(
        letter.subject,
        letter.text,
        sender,
        [f'"{to}" <{recipient}>' if to and '"' not in to else recipient],
        headers={
            "Message-ID": message_id,
            "Date": format_datetime(timezone.localtime(now)),
            "List-Unsubscribe": f"<{opt_out_link(token)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": _html_lang(letter_language(invitation)),
        },
    )
    email.attach_alternative(letter.html, "text/html")
    payload = email.message().as_bytes(linesep="\n")
    return Prepared(message_id, recipient, payload, letter)


class _Stored:
    """The stored bytes in the shape Django's mail backends expect from ``message()``."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.payload.replace(b"\n", linesep.encode("ascii"))

    def get_charset(self) -> None:
        return None


class StoredEmail(EmailMessage):
    """Hands exactly the stored bytes to any Django mail backend: the resend is the same message."""

    def __init__(self, recipient: str, payload: bytes) -> None:
        super().__init__(from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient])
        self.payload = payload

    def message(self, *args: Any, **kwargs: Any) -> Any:
        return _Stored(self.payload)
