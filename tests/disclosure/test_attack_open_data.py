"""The open-data CSV of a published wave shows the public page's figures and nothing else.

The public pages are audited by the attacker (test_attack_pages.py); a CSV whose every figure is
on its page, rounded as there, and that leaves every hidden cell empty, tells the attacker
nothing more. Read with the attacker's own parser of the page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from tests.disclosure.attacker import DASHES, clean_text, html_articles, parse_number
from umfrage.publication.models import OpenData
from umfrage.store.models import Survey

FIGURES = (
    "anzahl",
    "anteil_prozent",
    "wert",
    "ki_untere_grenze",
    "ki_obere_grenze",
    "vergleich_anteil_prozent",
    "differenz_prozentpunkte",
    "p_wert",
    "p_wert_korrigiert",
)
BASES = ("basis", "vergleich_basis")


def _key(value: float) -> float:
    return round(value, 6)


def page_figures(cell: str) -> set[float]:
    """The numbers of one table cell: a value, an interval's two ends; none for text or "–"."""
    text = clean_text(cell)
    if text in DASHES:
        return set()
    parts = text.replace("%", "").split("–") if "–" in text else [text]
    found = set()
    for part in parts:
        parsed = parse_number(part)
        if parsed is not None:
            found.add(_key(parsed[0]))
    return found


def caption_numbers(text: str) -> set[float]:
    return {_key(float(n.replace(".", ""))) for n in re.findall(r"\d[\d.]*", text)}


def csv_figure(text: str) -> float | None:
    if text == "" or text.startswith("<"):
        return None
    return _key(float(text))


@pytest.mark.parametrize("wave", ["2023", "2024"])
def test_the_csv_has_the_pages_figures_and_no_hidden_one(
    loaded_example: Survey, client: Client, wave: str
) -> None:
    OpenData.objects.create(
        survey=loaded_example, enabled=True, publisher="Servicebüro", contact_email="a@b.de"
    )
    page = client.get(f"/ergebnisse/buendnisumfrage/{wave}/").content.decode()
    response = client.get(f"/ergebnisse/buendnisumfrage/{wave}/daten.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    articles = html_articles(page)
    by_question: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_question.setdefault(row["frage_id"], []).append(row)
    # Every question with a table on the page has rows, and no other question has any.
    tabled = {qid for qid, (_meta, tables, _rest) in articles.items() if tables}
    assert set(by_question) == tabled
    hidden_on_page = 0
    for qid, (meta, tables, _rest) in articles.items():
        shown: set[float] = set()
        context = caption_numbers(meta)
        for table in tables:
            context |= caption_numbers(table.caption)
            for _label, cells in table.rows:
                for cell in cells:
                    shown |= page_figures(cell)
                    hidden_on_page += clean_text(cell) in DASHES
        written: set[float] = set()
        bases: set[float] = set()
        for row in by_question.get(qid, []):
            values = {name: csv_figure(row[name]) for name in FIGURES}
            if row["ausgeblendet"] == "ja":
                # This wave's figures and the comparison's are empty; a comparison row keeps
                # the compared wave's own share where that wave's table shows it (and every
                # figure written must be on the page, checked below).
                this_wave = (
                    "anzahl",
                    "anteil_prozent",
                    "differenz_prozentpunkte",
                    "p_wert",
                    "p_wert_korrigiert",
                )
                assert all(values[name] is None for name in this_wave), row
            written |= {v for v in values.values() if v is not None}
            row_bases = {csv_figure(row[name]) for name in BASES}
            assert row_bases - {None} <= shown | context, (qid, row)
            bases |= {b for b in row_bases if b is not None}
        # Nothing in the file that the page does not show, and every figure of the page in it.
        assert written <= shown, (qid, sorted(written - shown))
        missing = shown - written - bases - context
        assert not missing, (qid, sorted(missing))
    assert hidden_on_page, "the page hides nothing: did the parser miss its tables?"
    assert any(r["ausgeblendet"] == "ja" for r in rows)
