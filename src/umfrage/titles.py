"""The public title of a wave: the survey's title and the wave's, said once each.

A wave's title often repeats its survey's ("Bündnisumfrage der Lokalen Bündnisse für Familie
2025 (Demo)" in the survey "Bündnisumfrage der Lokalen Bündnisse für Familie"); written as
„Umfrage – Welle“ the page title would say the survey's name twice. Plain Python, no Django,
so every package may use it.
"""

from __future__ import annotations

EN_DASH = "\u2013"


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def repeats_survey(survey_title: str, wave_title: str) -> bool:
    """Whether the wave's title already contains the survey's (case and spacing aside)."""
    survey, wave = _plain(survey_title), _plain(wave_title)
    return bool(survey) and survey in wave


def wave_title(survey_title: str, wave_title: str) -> str:
    """„Umfrage – Welle“; the wave's title alone when it contains the survey's, the survey's
    alone when the wave has none."""
    if not wave_title.strip():
        return survey_title
    if repeats_survey(survey_title, wave_title):
        return wave_title
    return f"{survey_title} {EN_DASH} {wave_title}"
