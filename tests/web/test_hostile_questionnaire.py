"""The questionnaire editor answers hostile YAML with the message, not a 500, and stores nothing.

The issue (item 10): a 509-byte questionnaire posted to the editor drove a worker to 3.5 GB.
"""

from __future__ import annotations

import tracemalloc

import pytest
from django.test import Client
from django.urls import reverse

from tests.hostile.yamlbombs import PYTHON_TAG, alias_bomb, deep_block, deep_flow
from umfrage.store.models import Survey, Wave

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (alias_bomb(), "Verweise (&amp;/*) sind nicht erlaubt."),
        (deep_block(), "Die Angaben sind zu tief verschachtelt"),
        (deep_flow(), "Die Angaben sind zu tief verschachtelt"),
        (PYTHON_TAG, "Typangaben wie „!!python/object/apply:os.system“ sind nicht erlaubt."),
    ],
    ids=["alias-bomb", "deep-block", "deep-flow", "python-tag"],
)
def test_the_editor_shows_hostile_yaml_as_a_problem_and_stores_nothing(
    admin_client: Client, mini: Survey, text: str, message: str
) -> None:
    wave = mini.waves.get(key="2024").start_next("2025", title="Mini 2025")
    before = wave.questionnaire_text
    tracemalloc.start()
    try:
        response = admin_client.post(
            reverse("web:questionnaire_edit", args=("mini", "2025")), {"text": text}
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nicht gespeichert: 1 Problem gefunden." in page
    assert message in page
    assert "Zeile " in page  # located
    assert peak < 50 * MB
    assert Wave.objects.get(pk=wave.pk).questionnaire_text == before
