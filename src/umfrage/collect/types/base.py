"""What every question type's web module shares: field names, ids and the rendering context.

A type module has the same four functions: ``anchor(question)`` (the id the error summary links
to), ``render(field)`` (HTML of the question), ``parse(question, post, answers)`` (the answer
read back from a form post, plus problems with what was typed) and ``summary(question, answers)``
(lines for the review page).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

PREFIX = "q"


def name(qid: str, *parts: str) -> str:
    """The form field name (and element id) of a question or one of its parts."""
    return "-".join((PREFIX, qid, *parts))


@dataclass(frozen=True)
class Field:
    """One question as it is shown: the answers to fill in, what was typed, what is wrong."""

    question: Any
    answers: Mapping[str, Any]
    raw: QueryDict | None = None
    errors: list[str] = field(default_factory=list)
    rankable: list[str] | None = None

    @property
    def qid(self) -> str:
        return str(self.question.id)

    @property
    def value(self) -> Any:
        return self.answers.get(self.qid)

    @property
    def other_text(self) -> str:
        if self.raw is not None:
            return str(self.raw.get(name(self.qid, "other"), ""))
        return str(self.answers.get(f"{self.qid}.other") or "")

    def describedby(self, *extra: str) -> str:
        ids = [name(self.qid, "hint")] if self.hint_needed else []
        ids.extend(extra)
        if self.errors:
            ids.append(name(self.qid, "error"))
        return " ".join(ids)

    @property
    def hint_needed(self) -> bool:
        return bool(self.question.help)


# Question markup is built here in Python rather than with Django templates: a page has up to
# a hundred options and template rendering was the largest single cost of a page under load.
# format_html escapes every value, so answers and labels are as safe as in a template.


def _escaped(value: Any) -> str:
    if hasattr(value, "__html__"):  # already safe markup (SafeString and the like)
        return str(value.__html__())
    return html.escape(str(value))


def format_html(template: str, *args: Any) -> SafeString:
    """Django's ``format_html`` with the same escaping (``conditional_escape``: safe markup as
    it is, everything else through ``html.escape`` with quotes), without its lazy-string
    wrappers: a page calls it about a hundred times, and those wrappers were a tenth of a
    page's server time. A test compares the two on awkward values."""
    return SafeString(template.format(*map(_escaped, args)))


def attributes(**values: Any) -> SafeString:
    """HTML attributes: ``True`` gives a bare attribute, ``False``/``None``/``""`` leave it out.

    Underscores in names become hyphens (``aria_describedby`` → ``aria-describedby``).
    """
    parts = []
    for key, value in values.items():
        attribute = key.rstrip("_").replace("_", "-")
        if value is True:
            parts.append(format_html(" {}", attribute))
        elif value not in (None, False, ""):
            parts.append(format_html(' {}="{}"', attribute, value))
    return SafeString("".join(parts))


def title(question: Any) -> SafeString:
    if not question.required:
        return format_html("{}", question.text)
    return format_html('{} <span class="required">{}</span>', question.text, _("(Pflichtfrage)"))


def hint(field: Field) -> SafeString:
    if not field.question.help:
        return SafeString("")
    return format_html(
        '<p class="hint" id="{}">{}</p>', name(field.qid, "hint"), field.question.help
    )


def error(field: Field) -> SafeString:
    if not field.errors:
        return SafeString("")
    messages = format_html_join(
        SafeString("<br>"),
        '<span class="visually-hidden">{}</span> {}',
        ((_("Fehler:"), message) for message in field.errors),
    )
    return format_html(
        '<p class="error-message" id="{}">{}</p>', name(field.qid, "error"), messages
    )


def wrapper(field: Field, inner: SafeString, extra_class: str = "") -> SafeString:
    classes = "question" + extra_class + (" question--error" if field.errors else "")
    return format_html('<div class="{}" id="frage-{}">{}</div>', classes, field.qid, inner)


def fieldset(
    field: Field, body: SafeString, *describedby: str, before: SafeString | None = None
) -> SafeString:
    """A group of inputs: fieldset, legend with the question, hint(s), error, then the inputs."""
    return format_html(
        '<fieldset class="fieldset"{}><legend class="question__title">{}</legend>{}{}{}{}</fieldset>',
        attributes(aria_describedby=" ".join([*describedby, field.describedby()]).strip()),
        title(field.question),
        hint(field),
        before or "",
        error(field),
        body,
    )


def other_box(field: Field, option: dict[str, Any]) -> SafeString:
    other_id = name(field.qid, "other")
    return format_html(
        '<div class="other"><label class="other__label" for="{}">{}</label>'
        '<input class="input" type="text" id="{}" name="{}" value="{}" maxlength="500"></div>',
        other_id,
        _("Falls „%(label)s“: bitte angeben") % {"label": option["label"]},
        other_id,
        other_id,
        field.other_text,
    )


def choice(field: Field, option: dict[str, Any], kind: str, hint_text: str = "") -> SafeString:
    hint_id = f"{option['id']}-hint" if hint_text else ""
    extra = (
        format_html('<p class="hint choice__hint" id="{}">{}</p>', hint_id, hint_text)
        if hint_text
        else ""
    )
    box = format_html(
        '<div class="choice"><input class="choice__input" type="{}" id="{}" name="{}" value="{}"{}>'
        '<label class="choice__label" for="{}">{}</label>{}</div>',
        kind,
        option["id"],
        name(field.qid),
        option["code"],
        attributes(checked=option["checked"], aria_describedby=hint_id),
        option["id"],
        option["label"],
        extra,
    )
    return format_html("{}{}", box, other_box(field, option)) if option["other"] else box


def join(parts: list[SafeString]) -> SafeString:
    return SafeString("".join(parts))


def choices(field: Field, codes: list[str] | None = None) -> list[dict[str, Any]]:
    """The options of a choice question with their element ids and whether they are chosen."""
    value = field.value
    chosen = (
        set(value)
        if isinstance(value, list | tuple)
        else ({str(value)} if value not in (None, "") else set())
    )
    shown = codes if codes is not None else [o.code for o in field.question.options]
    return [
        {
            "code": o.code,
            "label": o.label,
            "id": name(field.qid, o.code),
            "checked": o.code in chosen,
            "exclusive": o.exclusive,
            "other": o.other,
        }
        for o in field.question.options
        if o.code in shown
    ]


def other_problems(
    question: Any, post: QueryDict, chosen: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """Read the "please specify" text of an "other" option; it needs its option and vice versa."""
    option = question.other_option()
    if option is None:
        return {}, []
    text = clean_text(post.get(name(question.id, "other"), ""))
    if option.code in chosen and not text:
        return {}, [
            _("Bitte geben Sie an, was Sie mit „%(label)s“ meinen.") % {"label": option.label}
        ]
    if text and option.code not in chosen:
        return {}, [
            _(
                "Sie haben einen Text bei „%(label)s“ eingetragen, die Antwort aber nicht "
                "gewählt. Bitte wählen Sie „%(label)s“ oder löschen Sie den Text."
            )
            % {"label": option.label}
        ]
    return ({f"{question.id}.other": text} if text else {}), []


def clean_text(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n").strip()
