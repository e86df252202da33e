"""Migration collect/0005_multi_nothing_ticked on a database as the previous version left
it: empty multi-choice answers written by the web questionnaire become no answer, with a new
version and history entry; every other stored answer stays as it was.

Django's migration test approach: migrate back to the state before, create rows with the
historical models, migrate forward and look at the rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("collect", "0004_draft")]
WHEN = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
STAMP = datetime(2024, 4, 30, 22, 0, tzinfo=UTC)

QUESTIONNAIRE = """\
wave: "2024"
title: Migrationstest 2024 (synthetisch)
sections:
  - id: A
    title: Fragen
    questions:
      - id: kanaele
        type: multi
        text: Welche Kanäle nutzen Sie?
        options:
          - {code: a, label: Instagram}
          - {code: b, label: Facebook}
      - id: hilfe
        type: multi
        text: Welche Unterstützung wünschen Sie?
        options:
          - {code: schulung, label: Schulungen}
          - {code: keine, label: keine Unterstützung, exclusive: true}
      - id: social
        type: single
        text: Haben Sie einen Kanal?
        options:
          - {code: ja, label: Ja}
          - {code: nein, label: Nein}
"""


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _migrate(targets: list[Any]) -> MigrationExecutor:
    executor = _executor()
    executor.migrate(targets)
    return executor


@pytest.fixture
def old_apps(transactional_db: None) -> Any:
    """The historical models before the migration; migrated forward again afterwards."""
    executor = _migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    _migrate(_executor().loader.graph.leaf_nodes())


def _response(
    apps: Any,
    wave: Any,
    organisation: Any,
    versions: list[tuple[str, dict[str, Any]]],
    *,
    at: datetime = WHEN,
) -> int:
    """A response whose history is ``versions`` (source, answers), the last its current state."""
    response_model = apps.get_model("store", "Response")
    history_model = apps.get_model("store", "ResponseHistory")
    response = response_model.objects.create(
        wave=wave,
        organisation=organisation,
        status="complete",
        submitted_at=at,
        answers=versions[-1][1],
        version=len(versions),
        created_at=at,
        updated_at=at,
    )
    for number, (source, answers) in enumerate(versions, start=1):
        history_model.objects.create(
            response=response,
            version=number,
            changed_at=at,
            changed_by="Test (synthetisch)",
            source=source,
            status="complete",
            answers=answers,
        )
    return int(response.pk)


def test_web_answers_with_nothing_ticked_become_no_answer(old_apps: Any) -> None:
    from umfrage.store.models import Response, ResponseHistory

    survey = old_apps.get_model("store", "Survey").objects.create(
        slug="migtest", title="Migrationstest (synthetisch)", config_text="id: migtest\n"
    )
    wave = old_apps.get_model("store", "Wave").objects.create(
        survey=survey, key="2024", questionnaire_text=QUESTIONNAIRE
    )
    organisation_model = old_apps.get_model("store", "Organisation")
    org = [
        organisation_model.objects.create(survey=survey, key=f"b{i}", position=i, name=f"B {i}")
        for i in range(7)
    ]
    web_empty = _response(
        old_apps, wave, org[0], [("web", {"kanaele": [], "hilfe": ["schulung"], "social": "nein"})]
    )
    web_unticked_later = _response(
        old_apps,
        wave,
        org[1],
        [("web", {"kanaele": ["a"], "social": "ja"}), ("web", {"kanaele": [], "social": "ja"})],
    )
    web_ticked = _response(
        old_apps, wave, org[2], [("web", {"kanaele": ["b"], "hilfe": ["keine"]})]
    )
    imported_empty = _response(old_apps, wave, org[3], [("import", {"kanaele": []})])
    imported_then_web = _response(
        old_apps,
        wave,
        org[4],
        [("import", {"kanaele": []}), ("web", {"kanaele": [], "social": "ja"})],
    )
    web_then_import = _response(
        old_apps,
        wave,
        org[5],
        [("web", {"kanaele": ["a"]}), ("import", {"kanaele": [], "hilfe": []})],
    )
    anonymous = _response(old_apps, wave, None, [("web", {"hilfe": [], "social": "ja"})], at=STAMP)
    anonymised = _response(old_apps, wave, None, [("anonymised", {"kanaele": []})], at=STAMP)

    _migrate(_executor().loader.graph.leaf_nodes())

    def state(pk: int) -> tuple[dict[str, Any], int]:
        response = Response.objects.get(pk=pk)
        return response.answers, response.version

    # Written by the web questionnaire: the empty list is gone, a new version records it.
    assert state(web_empty) == ({"hilfe": ["schulung"], "social": "nein"}, 2)
    assert state(web_unticked_later) == ({"social": "ja"}, 3)
    last = ResponseHistory.objects.get(response_id=web_empty, version=2)
    assert (last.source, last.answers, last.status) == (
        "migration",
        {"hilfe": ["schulung"], "social": "nein"},
        "complete",
    )
    assert "keine Antwort" in last.changed_by
    assert last.changed_at > WHEN
    # The earlier history stays as it was.
    first = ResponseHistory.objects.get(response_id=web_empty, version=1)
    assert first.answers == {"kanaele": [], "hilfe": ["schulung"], "social": "nein"}
    # Anonymous: no answer either, but its times stay the wave's stamp.
    answers, version = state(anonymous)
    assert (answers, version) == ({"social": "ja"}, 2)
    kept = Response.objects.get(pk=anonymous)
    assert kept.updated_at == STAMP
    assert ResponseHistory.objects.get(response_id=anonymous, version=2).changed_at == STAMP
    # Not touched: a ticked answer (also the exclusive "none"), empty lists an import or an
    # erasure wrote (also when a later web save kept them), and their histories.
    assert state(web_ticked) == ({"kanaele": ["b"], "hilfe": ["keine"]}, 1)
    assert state(imported_empty) == ({"kanaele": []}, 1)
    assert state(imported_then_web) == ({"kanaele": [], "social": "ja"}, 2)
    assert state(web_then_import) == ({"kanaele": [], "hilfe": []}, 2)
    assert state(anonymised) == ({"kanaele": []}, 1)
    for pk in (web_ticked, imported_empty, imported_then_web, web_then_import, anonymised):
        assert not ResponseHistory.objects.filter(response_id=pk, source="migration").exists()


def test_the_analysis_no_longer_counts_them(old_apps: Any) -> None:
    """After the migration the stored web answers read as no answer in the analysis frame."""
    from umfrage.analysis.engine import analyse
    from umfrage.loaders.frames import load_wave
    from umfrage.store.models import Wave

    survey = old_apps.get_model("store", "Survey").objects.create(
        slug="migtest", title="Migrationstest (synthetisch)", config_text="id: migtest\n"
    )
    wave = old_apps.get_model("store", "Wave").objects.create(
        survey=survey, key="2024", questionnaire_text=QUESTIONNAIRE
    )
    organisation_model = old_apps.get_model("store", "Organisation")
    for i, chosen in enumerate((["a"], [], [], ["a", "b"])):
        org = organisation_model.objects.create(survey=survey, key=f"b{i}", position=i, name="B")
        _response(old_apps, wave, org, [("web", {"kanaele": chosen})])

    _migrate(_executor().loader.graph.leaf_nodes())

    result = analyse(load_wave(Wave.objects.get(survey__slug="migtest", key="2024")))
    kanaele = result.question("kanaele")
    assert (kanaele.base, kanaele.no_answer) == (2, 2)
    assert kanaele.options is not None
    assert [(o.code, o.count, o.share) for o in kanaele.options] == [
        ("a", 2, 1.0),
        ("b", 1, 0.5),
    ]
