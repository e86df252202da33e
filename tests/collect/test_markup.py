"""The questionnaire's own ``format_html`` escapes exactly as Django's does, and every question
renders the HTML recorded before its markup was built from precomputed parts."""

from __future__ import annotations

import gc
import json
from typing import Any

from django.utils import html as django_html
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from tests.collect import markup_cases
from tests.collect.survey import QUESTIONNAIRE
from umfrage.collect.types import base, single
from umfrage.collect.types.base import format_html
from umfrage.questionnaire.loader import questionnaire_from_text

AWKWARD = [
    "<script>alert('x')</script>",
    'Say "hi" & <b>bye</b>',
    "Grüße – „Anführung“ ’",
    mark_safe("<em>schon sicher</em>"),
    SafeString("a & b"),
    gettext_lazy("Fehler:"),
    42,
    None,
    3.5,
    "",
]


def test_it_escapes_every_value_as_djangos_format_html() -> None:
    template = '<p class="{}" title="{}">{}</p>'
    for value in AWKWARD:
        ours = format_html(template, value, value, value)
        theirs = django_html.format_html(template, value, value, value)
        assert ours == theirs and isinstance(ours, SafeString), value


def test_escaped_values_cannot_break_out_of_an_attribute() -> None:
    out = format_html('<input value="{}">', '" onfocus="alert(1)')
    assert out == '<input value="&quot; onfocus=&quot;alert(1)">'


def test_every_question_renders_the_recorded_html_in_every_state() -> None:
    """Byte for byte the HTML recorded in ``markup_expected.json`` (see ``markup_cases``)."""
    expected = json.loads(markup_cases.EXPECTED.read_text(encoding="utf-8"))
    found = {name: markup_cases.digest(markup) for name, markup in markup_cases.cases()}
    assert found.keys() == expected.keys()
    different = sorted(name for name in found if found[name] != expected[name])
    assert not different, f"{len(different)} Fälle anders, z. B. {different[:5]}"


def test_parts_are_built_once_per_question_and_go_with_it() -> None:
    questionnaire = questionnaire_from_text(QUESTIONNAIRE, "a.yaml")
    question = questionnaire.question("koordination")
    made: list[str] = []

    def make(q: Any) -> object:
        made.append(q.id)
        return object()

    first = base.built(question, make)
    assert base.built(question, make) is first and made == ["koordination"]
    # Another language has its own parts (they hold translated texts), another maker too.
    with translation.override("en"):
        assert base.built(question, make) is not first
    assert base.built(question, lambda q: "andere") == "andere"
    # An equal question of another parse is another object with parts of its own.
    again = questionnaire_from_text(QUESTIONNAIRE, "a.yaml").question("koordination")
    assert again == question and base.built(again, make) is not first
    assert made == ["koordination"] * 3
    key = id(question)
    del question, questionnaire, first
    gc.collect()
    assert key not in base._BUILT


def test_a_changed_questionnaire_never_shows_the_old_markup() -> None:
    def koordination(text: str) -> str:
        question = questionnaire_from_text(text, "a.yaml").question("koordination")
        return str(single.render(base.Field(question, {"koordination": "verein"})))

    before = koordination(QUESTIONNAIRE)
    after = koordination(QUESTIONNAIRE.replace("Eingetragener Verein", "Verein & Co"))
    assert "Eingetragener Verein" in before and "Verein &amp; Co" not in before
    assert "Verein &amp; Co" in after and "Eingetragener Verein" not in after
    assert (
        'value="verein" checked><label class="choice__label" for="q-koordination-verein">'
        "Verein &amp; Co</label>" in after
    )
