"""The attacker on the public pages under /ergebnisse/ (the stored public report of a published
wave, read from the database: SQLite or PostgreSQL)."""

from __future__ import annotations

from django.test import Client

from tests.disclosure.artifacts import EXAMPLE, Published

K = 5


def _page(client: Client, wave: str) -> str:
    response = client.get(f"/ergebnisse/buendnisumfrage/{wave}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_index_shows_no_figures(loaded_example: object, client: Client) -> None:
    """The list of published waves names them only: nothing for the attacker."""
    html = client.get("/ergebnisse/").content.decode()
    assert "Bündnisumfrage 2024" in html
    assert "Teilnehmende" not in html and "Basis" not in html


def test_the_public_page_of_2023_reveals_no_hidden_cell(
    loaded_example: object, client: Client
) -> None:
    html = _page(client, "2023")
    model = Published(EXAMPLE, [], [("2023", None, html)]).model()
    assert model.protected, "the page hides nothing: did the parser miss its tables?"
    findings = model.audit(K, limit=10)
    assert not findings, "\n".join(map(str, findings))


def test_the_public_page_of_2024_reveals_no_hidden_cell(
    loaded_example: object, client: Client
) -> None:
    html = _page(client, "2024")
    assert "im Vergleich mit" in html
    findings = Published(EXAMPLE, [], [("2024", "2023", html)]).model().audit(K, limit=10)
    assert not findings, "\n".join(map(str, findings))
