"""The navigation: main areas and the tabs of a wave.

Later parts (dashboard, results, invitations, public page) add an entry here and a URL, and
appear in every page's navigation for the roles allowed to see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from umfrage.governance.roles import ADMINISTER, ANALYSE


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: Any
    permission: str


MAIN: list[Entry] = [
    Entry("web:surveys", _("Umfragen"), ANALYSE),
    Entry("web:accounts", _("Konten"), ADMINISTER),
    Entry("web:audit", _("Protokoll"), ADMINISTER),
    Entry("web:feedback", _("Barriere-Meldungen"), ADMINISTER),
    Entry("web:account", _("Mein Konto"), ANALYSE),
]

WAVE_TABS: list[Entry] = [
    Entry("web:wave", _("Übersicht"), ANALYSE),
    Entry("web:dashboard", _("Rücklauf"), ANALYSE),
    Entry("web:results", _("Ergebnisse"), ANALYSE),
    Entry("web:questionnaire_preview", _("Vorschau"), ANALYSE),
    Entry("web:questionnaire_builder", _("Fragebogen bearbeiten"), ADMINISTER),
    Entry("web:questionnaire_edit", _("Fragebogen als Datei (Expert:innen)"), ADMINISTER),
    Entry("web:privacy_notice", _("Datenschutzhinweis"), ADMINISTER),
    Entry("web:wave_import", _("Daten importieren"), ADMINISTER),
    Entry("web:invitations", _("Einladungen"), ADMINISTER),
]


@dataclass(frozen=True)
class Link:
    url: str
    label: Any
    current: bool


def links(entries: list[Entry], user: Any, current: str, *args: Any) -> list[Link]:
    found = []
    for entry in entries:
        if not user.has_perm(entry.permission):
            continue
        try:
            url = reverse(entry.url_name, args=args)
        except NoReverseMatch:
            continue  # a part that is not installed in this build
        found.append(Link(url, entry.label, url == current))
    return found
