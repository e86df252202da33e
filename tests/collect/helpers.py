"""Helpers shared by the web questionnaire's tests: invitations and a respondent persona."""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse

from umfrage.store.models import Invitation, Organisation, Wave


def invite(wave: Wave, key: str = "B-1", name: str = "Bündnis Mitte") -> tuple[Invitation, str]:
    """An invitation with a fresh token; only the token's hash is stored, as in production."""
    organisation, _ = Organisation.objects.get_or_create(
        survey=wave.survey, key=key, defaults={"name": name, "bundesland": "BE"}
    )
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        wave=wave,
        organisation=organisation,
        token_hash=Invitation.hash_token(token),
        state=Invitation.State.SENT,
    )
    return invitation, token


@dataclass
class Respondent:
    """A person with a personal link, using the questionnaire through real URLs."""

    client: Client
    token: str
    invitation: Invitation

    def open_link(self) -> Any:
        return self.client.get(f"/t/{self.token}")

    def get_page(self, section: str) -> Any:
        return self.client.get(reverse("collect:page", args=[section]))

    def post_page(
        self, section: str, data: dict[str, Any], action: str = "weiter", shown: Any = None
    ) -> Any:
        """Post a page as the browser would: with the version and questions it was shown."""
        page = self.get_page(section)
        assert page.status_code == 200, page
        return self.client.post(
            reverse("collect:page", args=[section]),
            {
                "version": version_of(page),
                "gezeigt": shown if shown is not None else shown_of(page),
                "aktion": action,
                **data,
            },
        )

    def review(self) -> Any:
        return self.client.get(reverse("collect:review"))

    def submit(self, version: int | None = None) -> Any:
        if version is None:
            version = version_of(self.review())
        return self.client.post(reverse("collect:review"), {"version": version})


def hidden_values(response: Any, field: str) -> list[str]:
    """The values of the page's hidden inputs called ``field``, as the browser would post them."""
    found = re.findall(
        rf'<input type="hidden" name="{re.escape(field)}" value="([^"]*)">',
        response.content.decode(),
    )
    return [html.unescape(value) for value in found]


def version_of(response: Any) -> int:
    """The response version the page's form carries (exactly one hidden ``version`` field)."""
    values = hidden_values(response, "version")
    assert len(values) == 1, values
    return int(values[0])


def shown_of(response: Any) -> list[str]:
    """The questions the page says it showed (hidden ``gezeigt`` fields), in page order."""
    return hidden_values(response, "gezeigt")


def error_summary(response: Any) -> list[tuple[str, str]]:
    """The error summary's links at the top of the page: (target, text), in order."""
    found = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    assert found is not None, "no error summary"
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', found.group(0))
    return [(html.unescape(href), html.unescape(text)) for href, text in links]


def text_of(response: Any) -> str:
    """The page's visible text, whitespace folded (for asserting on what a person reads)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
