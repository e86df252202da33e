"""A stored wave as the exports' labelled table, from the wave's frame (the frame cache).

The same road as the admin's results pages (``loaders.frames.load_wave``): the responses leave
the database column-wise, the frame is cached while the wave's data version holds, and the
exports' cells are written from it (``reporting.exports.dataset.dataset_from_frame``) exactly as
``umfrage dump`` writes the wave's ``responses.csv`` (times in the survey's time zone).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from umfrage.loaders.frames import load_wave
from umfrage.reporting.exports.dataset import Dataset, dataset_from_frame


def wave_dataset(wave: Any) -> Dataset:
    """The labelled responses of a stored :class:`umfrage.store.models.Wave`."""
    from django.conf import settings

    from umfrage.surveyfolder.survey import parse_survey_config

    survey = wave.survey
    config = parse_survey_config(survey.config_text, f"{survey.slug}/survey.yaml")
    entry = config.wave(wave.key)
    return dataset_from_frame(
        survey=config.id,
        survey_title=config.title,
        wave=wave.key,
        wave_title=entry.title or f"Welle {wave.key}",
        synthetic=config.synthetic,
        frame=load_wave(wave),
        zone=ZoneInfo(settings.TIME_ZONE),
    )
