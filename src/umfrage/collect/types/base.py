"""What every question type's web module shares: field names, ids and the rendering context.

A type module has the same four functions: ``anchor(question)`` (the id of the input that the
error summary's link puts the cursor into; the link itself goes to the question's box,
``question_id``), ``render(field)`` (HTML of the question), ``parse(question, post, answers)`` (the answer
read back from a form post, plus problems with what was typed) and ``summary(question, answers)``
(lines for the review page).
"""

from __future__ import annotations

import html
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from django.http import QueryDict
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.questionnaire.base import Option, QuestionBase, count_text
from umfrage.questionnaire.types import MultiQuestion, SingleQuestion

PREFIX = "q"

# A question class of the questionnaire layer; ``Field`` is generic in it, so a type module's
# ``render`` sees its own class (read-only, hence covariant).
Q_co = TypeVar("Q_co", bound=QuestionBase, covariant=True)

# The types whose options may include an "other" option with a text box.
OtherQuestion = SingleQuestion | MultiQuestion


def no_posted_offer(question: QuestionBase, post: QueryDict) -> tuple[str, ...]:
    """The default ``posted_offer``: the type's form does not depend on earlier answers."""
    return ()


def no_preview_detail(question: QuestionBase) -> str:
    """The default ``preview_detail``: the preview shows no extra line for the type."""
    return ""


def question_id(question: QuestionBase) -> str:
    """The id of a question's box (legend or label, hint, error, inputs): what the error
    summary and "Ändern" link to, so the question and its message come into view, not only
    the input at the window's top edge (docs/web-questionnaire.md)."""
    return f"frage-{question.id}"


def labelled(label: Any, detail: Any) -> str:
    """A label and what belongs to it, „Frage: Meldung“ – without a colon after a label that
    ends in one or in a question mark („…gegründet? Bitte …“, „und zwar: Nebenan.de“)."""
    text = str(label).rstrip()
    if text.endswith((":", "?", "!")):
        return f"{text} {detail}"
    return f"{text}: {detail}"


def name(qid: str, *parts: str) -> str:
    """The form field name (and element id) of a question or one of its parts."""
    return "-".join((PREFIX, qid, *parts))


@dataclass(frozen=True)
class Field(Generic[Q_co]):
    """One question as it is shown: the answers to fill in, what was typed, what is wrong."""

    question: Q_co
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


# Question markup is built here in Python rather than with Django templates: a page has up to
# a hundred options and template rendering was the largest single cost of a page under load.
# format_html escapes every value, so answers and labels are as safe as in a template.
#
# Most of a question's markup does not depend on the respondent: labels, ids, the option with
# and without its check mark. Each type module builds those parts once per question object
# (``built``) and a page only picks and joins them by the answers, errors and typed text.


def escaped(value: Any) -> str:
    """A value as HTML text: safe markup as it is, anything else through ``html.escape``."""
    if hasattr(value, "__html__"):  # already safe markup (SafeString and the like)
        return str(value.__html__())
    return html.escape(str(value))


def format_html(template: str, *args: Any) -> SafeString:
    """Django's ``format_html`` with the same escaping (``conditional_escape``: safe markup as
    it is, everything else through ``html.escape`` with quotes), without its lazy-string
    wrappers: a page calls it about a hundred times, and those wrappers were a tenth of a
    page's server time. A test compares the two on awkward values."""
    return SafeString(template.format(*map(escaped, args)))


T = TypeVar("T")
Q = TypeVar("Q", bound=QuestionBase)

# Parts per question object (by id, with a weak reference that drops the entry when the
# question goes, so a new questionnaire never meets an old one's parts), then per maker and
# language: the parts hold translated texts. A parsed questionnaire is cached per stored text
# and never changes (frozen models), so parts built from it stay right as long as it lives.
_BUILT: dict[int, tuple[weakref.ref[Any], dict[tuple[Any, str | None], Any]]] = {}


def _forget(key: int) -> Callable[[weakref.ref[Any]], None]:
    def forget(_gone: weakref.ref[Any]) -> None:
        _BUILT.pop(key, None)

    return forget


def built(question: Q, make: Callable[[Q], T]) -> T:
    """``make(question)``, made once per question object and language and then reused."""
    key = id(question)
    entry = _BUILT.get(key)
    if entry is None or entry[0]() is not question:
        entry = (weakref.ref(question, _forget(key)), {})
        _BUILT[key] = entry
    version = (make, translation.get_language())
    parts = entry[1].get(version)
    if parts is None:
        parts = entry[1][version] = make(question)
    return cast(T, parts)


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


def title(question: QuestionBase) -> SafeString:
    if not question.required:
        return format_html("{}", question.text)
    return format_html('{} <span class="required">{}</span>', question.text, _("(Pflichtfrage)"))


def hint(question: QuestionBase) -> SafeString:
    if not question.help:
        return SafeString("")
    return format_html('<p class="hint" id="{}">{}</p>', name(question.id, "hint"), question.help)


def error(field: Field[QuestionBase]) -> SafeString:
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


def describedby(question: QuestionBase, *extra: str, errors: bool) -> str:
    """What an input's ``aria-describedby`` names: the hint, ``extra``, the error message."""
    ids = [name(question.id, "hint")] if question.help else []
    ids.extend(extra)
    if errors:
        ids.append(name(question.id, "error"))
    return " ".join(ids)


# Markup that differs with and without errors: (without, with).
Variants = tuple[str, str]


def variants(make: Callable[[bool], str]) -> Variants:
    return make(False), make(True)


def _opening(question: QuestionBase, extra_class: str, errors: bool) -> str:
    classes = "question" + extra_class + (" question--error" if errors else "")
    return format_html('<div class="{}" id="{}">', classes, question_id(question))


@dataclass(frozen=True)
class Frame:
    """A question's markup around its inputs: up to where the error message goes (without and
    with errors) and the end after the inputs."""

    start: Variants
    end: str

    def around(self, field: Field[QuestionBase], body: str) -> SafeString:
        if field.errors:
            return SafeString(self.start[1] + error(field) + body + self.end)
        return SafeString(self.start[0] + body + self.end)


def fieldset_frame(
    question: QuestionBase, *describedby_first: str, before: str = "", extra_class: str = ""
) -> Frame:
    """A group of inputs: fieldset, legend with the question, hint(s), error, then the inputs."""

    def start(errors: bool) -> str:
        ids = " ".join([*describedby_first, describedby(question, errors=errors)]).strip()
        return _opening(question, extra_class, errors) + format_html(
            '<fieldset class="fieldset"{}><legend class="question__title">{}</legend>{}{}',
            attributes(aria_describedby=ids),
            title(question),
            hint(question),
            SafeString(before),
        )

    return Frame(variants(start), "</fieldset></div>")


def label_frame(question: QuestionBase, after_hint: str = "") -> Frame:
    """One input: its label with the question, the hint, ``after_hint``, the error, the input."""

    def start(errors: bool) -> str:
        return _opening(question, "", errors) + format_html(
            '<label class="question__title" for="{}">{}</label>{}{}',
            name(question.id),
            title(question),
            hint(question),
            SafeString(after_hint),
        )

    return Frame(variants(start), "</div>")


@dataclass(frozen=True)
class Choice:
    """One option's markup, not chosen and chosen. An "other" option's markup stops inside the
    value of its text box; ``other_end`` follows the text typed there."""

    code: str
    plain: str
    chosen: str
    other_end: str | None = None


def choice(
    question: OtherQuestion, option: Option, kind: str, hint_text: str = "", before: str = ""
) -> Choice:
    """A radio button or checkbox with its label (and hint), preceded by ``before``."""
    element = name(question.id, option.code)
    hint_id = f"{element}-hint" if hint_text else ""
    extra = (
        format_html('<p class="hint choice__hint" id="{}">{}</p>', hint_id, hint_text)
        if hint_text
        else ""
    )

    def box(checked: bool) -> str:
        return before + format_html(
            '<div class="choice"><input class="choice__input" type="{}" id="{}" name="{}" '
            'value="{}"{}><label class="choice__label" for="{}">{}</label>{}</div>',
            kind,
            element,
            name(question.id),
            option.code,
            attributes(checked=checked, aria_describedby=hint_id),
            element,
            option.label,
            extra,
        )

    if not option.other:
        return Choice(option.code, box(False), box(True))
    other_id = name(question.id, "other")
    text_start = format_html(
        '<div class="other"><label class="other__label" for="{}">{}</label>'
        '<input class="input" type="text" id="{}" name="{}" value="',
        other_id,
        _("Falls „%(label)s“: bitte angeben") % {"label": option.label},
        other_id,
        other_id,
    )
    return Choice(
        option.code,
        box(False) + text_start,
        box(True) + text_start,
        format_html('"{}></div>', attributes(maxlength=question.other_limit)),
    )


def chosen_codes(value: Any) -> set[Any]:
    """The chosen codes of a choice answer (a list, one code, or nothing)."""
    if isinstance(value, list | tuple):
        return set(value)
    return {str(value)} if value not in (None, "") else set()


def pick(field: Field[QuestionBase], options: Sequence[Choice]) -> str:
    """The options' markup as chosen in the answers, with the "other" text."""
    chosen = chosen_codes(field.value)
    parts = []
    for option in options:
        parts.append(option.chosen if option.code in chosen else option.plain)
        if option.other_end is not None:
            parts.append(escaped(field.other_text))
            parts.append(option.other_end)
    return "".join(parts)


def other_problems(
    question: OtherQuestion, post: QueryDict, chosen: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """Read the "please specify" text of an "other" option; it needs its option and vice versa."""
    option = question.other_option()
    if option is None:
        return {}, []
    text = clean_text(post.get(name(question.id, "other"), ""))
    if len(text) > question.other_limit:
        what = _("Ihre Angabe bei „%(label)s“") % {"label": option.label}
        return {}, [too_long(text, question.other_limit, what)]
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


def too_long(text: str, limit: int, what: str | None = None) -> str:
    """The request to shorten a text, at its field (the server's check; browsers stop at the
    ``maxlength`` attribute already)."""
    return _("Bitte kürzen Sie %(what)s auf höchstens %(limit)s Zeichen (jetzt %(now)s).") % {
        "what": what if what is not None else _("Ihre Antwort"),
        "limit": count_text(limit),
        "now": count_text(len(text)),
    }
