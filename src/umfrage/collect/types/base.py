"""What every question type's web module shares: field names, ids and the rendering context.

A type module has the same three functions: ``anchor(question)`` (the id the error summary links
to), ``render(field)`` (HTML of the question) and ``parse(question, post, answers)`` (the answer
read back from a form post, plus problems with what was typed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.template.loader import render_to_string
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


def render(template: str, field: Field, **extra: Any) -> SafeString:
    context = {
        "f": field,
        "q": field.question,
        "name": name(field.qid),
        "hint_id": name(field.qid, "hint"),
        "error_id": name(field.qid, "error"),
        "describedby": field.describedby(),
        **extra,
    }
    return SafeString(render_to_string(template, context))


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
