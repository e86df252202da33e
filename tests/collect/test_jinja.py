"""The respondent pages' Jinja2 environment behaves as Django's templates did (umfrage.collect.jinja)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from django.template import Context, Engine, engines
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from jinja2 import Template, UndefinedError
from markupsafe import Markup

from tests.collect.helpers import Respondent
from tests.collect.test_markup import AWKWARD
from umfrage.collect.jinja import escape

TEXTS = [
    "Eins\nZwei\n\nDrei",
    "<b>fett</b> & \"zitiert\" 'einfach'\r\n\r\n\r\nnach drei Umbrüchen\n",
    mark_safe("<em>schon sicher</em>\n\nzweiter Absatz"),
    "",
    "nur eine Zeile",
]


def jinja(source: str) -> Template:
    return engines["jinja2"].env.from_string(source)  # type: ignore[attr-defined,no-any-return]


def django(source: str) -> Callable[[dict[str, object]], str]:
    template = Engine(builtins=["django.templatetags.i18n"]).from_string(source)
    return lambda context: template.render(Context(context))


def test_escaping_spells_entities_as_django_does() -> None:
    for value in AWKWARD:
        assert escape(value) == conditional_escape(value), value
        assert jinja("{{ v|e }}").render(v=value) == conditional_escape(value), value
        if isinstance(value, float):
            continue  # Django's templates localise floats (3,5); the pages print none
        assert jinja("{{ v }}").render(v=value) == django("{{ v }}")({"v": value}), value


def test_trans_variables_passed_through_e_are_escaped_as_django_does() -> None:
    template = jinja("{% trans name=name|e %}Sie antworten für: {{ name }}{% endtrans %}")
    ours = template.render(name='Bündnis "Mitte" & O\'Neil <b>')
    assert ours == "Sie antworten für: Bündnis &quot;Mitte&quot; &amp; O&#x27;Neil &lt;b&gt;"


def test_linebreaks_is_djangos() -> None:
    for text in TEXTS:
        ours = jinja("{{ text|linebreaks }}").render(text=text)
        theirs = django("{{ text|linebreaks }}")({"text": text})
        assert ours == theirs, text
    assert "&lt;b&gt;" in jinja("{{ t|linebreaks }}").render(t="<b>")
    assert "<b>" in jinja("{{ t|linebreaks }}").render(t=Markup("<b>"))


@pytest.mark.parametrize("language", ["de", "en"])
def test_dates_are_formatted_as_djangos_date_filter(language: str) -> None:
    values = [
        date(2030, 3, 1),
        datetime(2030, 5, 6, 22, 7, tzinfo=UTC),  # 00:07 the next day in Berlin
        datetime(2030, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-5))),
        None,
        "",
    ]
    with translation.override(language):
        for value in values:
            formats = ["j. F Y", "j. F Y, H:i"] if isinstance(value, datetime) else ["j. F Y"]
            for format in formats:
                ours = jinja("{{ v|date(f) }}").render(v=value, f=format)
                theirs = django("{{ v|date:f }}")({"v": value, "f": format})
                assert ours == theirs, (value, format)
        assert jinja("{{ v|date('j. F Y') }}").render(v=date(2030, 3, 1)) == (
            "1. März 2030" if language == "de" else "1. March 2030"
        )


def test_german_pages_write_dates_as_umfrage_formatting_does(settings: Any) -> None:
    """``long_date``/``long_date_time``: the reports' form (no-break space after the day) in
    German, local time; in another language that language's own date format (Django's
    DATE_FORMAT) and the 24-hour time."""
    settings.TIME_ZONE = "Europe/Berlin"
    moment = datetime(2031, 5, 6, 22, 7, tzinfo=UTC)  # 7 May, 00:07 in Berlin
    with translation.override("de"):
        assert jinja("{{ v|long_date }}").render(v=date(2031, 5, 7)) == "7.\u00a0Mai 2031"
        assert jinja("{{ v|long_date_time }}").render(v=moment) == "7.\u00a0Mai 2031, 00:07"
    with translation.override("en"):
        assert jinja("{{ v|long_date }}").render(v=date(2031, 5, 7)) == "May 7, 2031"
        assert jinja("{{ v|long_date_time }}").render(v=moment) == "May 7, 2031, 00:07"


def test_texts_are_translated_by_djangos_gettext_in_the_active_language() -> None:
    template = jinja('<p lang="{{ language() }}">{{ _("Forbidden") }}</p>')
    with translation.override("de"):
        assert template.render() == '<p lang="de">Verboten</p>'
    with translation.override("en"):
        assert template.render() == '<p lang="en">Forbidden</p>'


def test_url_and_static_are_djangos() -> None:
    rendered = jinja("{{ url('collect:page', 'A') }} {{ static('collect/collect.css') }}").render()
    assert rendered == "/fragebogen/seite/A/ /static/collect/collect.css"


def test_an_undefined_variable_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(UndefinedError):
        jinja("<p>{{ missing }}</p>").render()


def test_names_with_quotes_read_as_before_on_the_welcome_page(
    make_respondent: Callable[..., Respondent],
) -> None:
    person = make_respondent("B-9", 'Bündnis "Mitte" & O\'Neil')
    body = person.client.get("/fragebogen/").content.decode()
    assert (
        '<p class="lead">Sie antworten für: Bündnis &quot;Mitte&quot; &amp; O&#x27;Neil</p>' in body
    )
    assert "&#34;" not in body and "&#39;" not in body
