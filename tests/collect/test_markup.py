"""The questionnaire's own ``format_html`` escapes exactly as Django's does, and every question
renders the HTML recorded before its markup was built from precomputed parts."""

from __future__ import annotations

import json

from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from tests.collect import markup_cases
from umfrage.collect.types.base import format_html

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
