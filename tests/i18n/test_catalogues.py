"""The gettext catalogues of the built-in respondent texts (issue 21, docs/languages.md).

Every language of umfrage.languages has a catalogue; each must hold every text the code marks
(respondent pages, e-mails, error pages, feedback form), translated, not fuzzy, with the same
placeholders, and its committed .mo must be the compiled .po.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext, ngettext

from umfrage import catalogues, languages

SOURCE = catalogues.extract()


@pytest.mark.parametrize("code", languages.codes())
def test_every_catalogue_is_complete_translated_and_compiled(code: str) -> None:
    assert catalogues.problems(code, SOURCE) == []


def test_the_extraction_reads_python_jinja2_and_django_templates() -> None:
    where = {entry.msgid: entry.locations for entry in SOURCE}
    # Python (collect/types), a Jinja2 {% trans %} block with a variable, a Django blocktranslate.
    assert any(loc.startswith("collect/types/") for loc in where["Ihre Antwort"])
    assert any(loc.startswith("collect/jinja2/") for loc in where["Sie antworten für: %(name)s"])
    assert any(
        loc.startswith("invitations/templates/")
        for loc in where["Die Umfrage läuft noch bis zum %(frist)s."]
    )
    assert any(loc.startswith("feedback/") for loc in where["Barriere melden"])
    plural = next(e for e in SOURCE if e.msgid == "Das Ausfüllen dauert etwa %(minutes)s Minute.")
    assert plural.plural == "Das Ausfüllen dauert etwa %(minutes)s Minuten."
    # Staff-only texts are not in the respondents' catalogues.
    assert "Protokoll" not in where


def test_a_text_missing_from_a_catalogue_is_named(tmp_path: Path) -> None:
    new = catalogues.Entry("Ein neuer Text", locations=["collect/views.py:1"])
    found = catalogues.problems("en", [*SOURCE, new])
    assert found == ["django.po (en): „Ein neuer Text“ (collect/views.py:1) fehlt (make messages)."]


def test_untranslated_fuzzy_and_wrong_placeholders_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _header, entries = catalogues.read_po(catalogues.po_path("tr"))
    entries[0].translations = [""]
    entries[1].fuzzy = True
    target = next(e for e in entries if e.msgid == "Kontakt: %(feedback)s")
    target.translations = ["İletişim: %(contact)s"]
    folder = tmp_path / "locale"
    monkeypatch.setattr(catalogues, "LOCALE_DIR", folder)
    catalogues.write_po(catalogues.po_path("tr"), "tr", entries)
    catalogues.mo_path("tr").write_bytes(catalogues.compiled("tr"))
    found = catalogues.problems("tr", SOURCE)
    assert len(found) == 3, found
    assert "ist nicht übersetzt" in found[0]
    assert "fuzzy" in found[1]
    assert "Platzhalter" in found[2] and "Kontakt: %(feedback)s" in found[2]


def test_writing_and_reading_a_catalogue_gives_it_back(tmp_path: Path) -> None:
    _header, entries = catalogues.read_po(catalogues.po_path("ar"))
    copy = tmp_path / "django.po"
    catalogues.write_po(copy, "ar", entries)
    assert copy.read_text(encoding="utf-8") == catalogues.po_path("ar").read_text(encoding="utf-8")


def test_django_finds_every_catalogue_including_leichte_sprache() -> None:
    for code in languages.codes():
        with translation.override(code):
            assert translation.get_language() == code
            text = gettext("Speichern und weiter")
            expected = {
                "de": "Speichern und weiter",
                "de-x-ls": "Speichern und weiter",
                "en": "Save and continue",
                "tr": "Kaydet ve devam et",
                "ar": "حفظ ومتابعة",
                "uk": "Зберегти й продовжити",
                "ru": "Сохранить и продолжить",
            }[code]
            assert text == expected
    with translation.override("de-x-ls"):
        assert gettext("Dieser Link funktioniert nicht") == "Der Link geht nicht"


def test_plural_forms_follow_each_language() -> None:
    singular = "Bitte wählen Sie höchstens %(n)d Antwort."
    plural = "Bitte wählen Sie höchstens %(n)d Antworten."
    with translation.override("uk"):
        assert ngettext(singular, plural, 1).endswith("відповідь.")
        assert ngettext(singular, plural, 3).endswith("відповіді.")
        assert ngettext(singular, plural, 5).endswith("відповідей.")
    with translation.override("ar"):
        assert ngettext(singular, plural, 3) != ngettext(singular, plural, 11)


def test_django_knows_leichte_sprache_as_german_written_left_to_right() -> None:
    info = translation.get_language_info("de-x-ls")
    assert info["name_local"] == "Leichte Sprache"
    assert info["bidi"] is False
    assert translation.to_locale("de-x-ls") == "de_X-ls"
    assert catalogues.po_path("de-x-ls").parts[-3] == "de_X-ls"
    assert translation.get_language_info("ar")["bidi"] is True


def test_dates_and_numbers_follow_the_language_of_the_texts() -> None:
    template = Template("{{ day|date:'j. F Y' }} {{ number|floatformat:1 }}")
    context = Context({"day": date(2031, 5, 7), "number": 12.5})
    with translation.override("de"):
        assert template.render(context) == "7. Mai 2031 12,5"
    with translation.override("de-x-ls"):
        assert template.render(context) == "7. Mai 2031 12,5"
    with translation.override("en"):
        assert template.render(context) == "7. May 2031 12.5"


def test_the_respondent_pages_write_dates_in_the_language_of_the_page() -> None:
    from datetime import datetime

    from umfrage.collect import jinja

    day = date(2031, 3, 1)
    moment = datetime(2031, 3, 1, 14, 5)
    expected = {
        "de": ("1.\u00a0März 2031", "1.\u00a0März 2031, 14:05"),
        "de-x-ls": ("1.\u00a0März 2031", "1.\u00a0März 2031, 14:05"),
        "en": ("March 1, 2031", "March 1, 2031, 14:05"),
        "tr": ("01 Mart 2031", "01 Mart 2031, 14:05"),
        "ru": ("1 марта 2031 г.", "1 марта 2031 г., 14:05"),
    }
    for code, (long, with_time) in expected.items():
        with translation.override(code):
            assert (jinja.long_date(day), jinja.long_date_time(moment)) == (long, with_time)
