"""Settings are checked and documented; the message templates can be replaced by staff."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from umfrage.invitations.checks import check_invitation_settings
from umfrage.invitations.messages import letter_for
from umfrage.invitations.tokens import TOKEN_BYTES, find_invitation, new_token, open_invitation
from umfrage.store.models import Invitation, Wave

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_read_from_the_environment_is_documented() -> None:
    source = (ROOT / "src" / "umfrage" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_\w+\("([A-Z_]+)"', source)) | {"DATABASE_URL"}
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert "UMFRAGE_SMTP_RATE" in names
    assert missing == []


def test_a_negative_rate_and_a_missing_template_folder_are_reported(
    settings: Any, tmp_path: Path
) -> None:
    settings.UMFRAGE_SMTP_RATE = -5
    settings.UMFRAGE_EMAIL_TEMPLATES = str(tmp_path / "fehlt")
    errors = check_invitation_settings()

    assert [e.id for e in errors] == ["umfrage.E101", "umfrage.E102"]
    assert errors[0].msg == "UMFRAGE_SMTP_RATE ist -5; erlaubt ist 0 oder mehr."


def test_the_shipped_settings_pass_the_checks() -> None:
    assert check_invitation_settings() == []


@pytest.mark.django_db
def test_a_template_in_the_override_folder_replaces_the_shipped_one(
    settings: Any, tmp_path: Path, make_wave: Any
) -> None:
    wave = make_wave(1)
    invitation = Invitation.objects.create(wave=wave, organisation=wave.survey.organisations.get())
    (tmp_path / "einladung_betreff.txt").write_text(
        "Einladung für {{ organisation }}", encoding="utf-8"
    )
    settings.UMFRAGE_EMAIL_TEMPLATES = str(tmp_path)
    letter = letter_for(invitation, "invitation", "abc")

    assert letter.subject == "Einladung für Lokales Bündnis für Familie Nr. 1"
    assert "Ihr persönlicher Link zum Fragebogen" in letter.text  # the rest is shipped
    assert "/t/abc" in letter.html


def test_tokens_carry_at_least_128_bits_and_never_repeat() -> None:
    tokens = {new_token() for _ in range(1000)}

    assert TOKEN_BYTES * 8 >= 128
    assert len(tokens) == 1000
    assert all(len(t) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)


@pytest.mark.django_db
def test_links_expire_with_the_wave(make_wave: Any, kit: Any) -> None:
    wave = make_wave(1)
    token = new_token()
    Invitation.objects.create(
        wave=wave,
        organisation=wave.survey.organisations.get(),
        token_hash=Invitation.hash_token(token),
    )

    assert find_invitation(token, now=kit.NOW) is not None
    after_closing = kit.NOW.replace(month=7, day=1)
    assert find_invitation(token, now=after_closing) is None
    Wave.objects.filter(pk=wave.pk).update(status="closed")
    assert find_invitation(token, now=kit.NOW) is None


@pytest.mark.django_db
def test_opening_a_link_records_the_first_opening_only(make_wave: Any, kit: Any) -> None:
    wave = make_wave(1)
    token = new_token()
    Invitation.objects.create(
        wave=wave,
        organisation=wave.survey.organisations.get(),
        token_hash=Invitation.hash_token(token),
    )
    open_invitation(token, now=kit.NOW)
    later = open_invitation(token, now=kit.NOW.replace(day=20))

    assert later is not None and later.opened_at == kit.NOW
    assert open_invitation("falsch", now=kit.NOW) is None


@pytest.mark.django_db
def test_names_are_escaped_in_html_and_left_alone_in_plain_text(make_wave: Any) -> None:
    wave = make_wave(1)
    organisation = wave.survey.organisations.get()
    organisation.name = "Bündnis <Familie & Beruf>"
    organisation.save()
    invitation = Invitation.objects.create(wave=wave, organisation=organisation)
    letter = letter_for(invitation, "invitation", "abc")

    assert "„Bündnis <Familie & Beruf>“" in letter.text
    assert "„Bündnis &lt;Familie &amp; Beruf&gt;“" in letter.html
