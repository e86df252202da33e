"""The attacker on the shipped example: both waves, public JSON and public HTML, with and without
``--by`` for every single-choice question (issue 18, "How to show it").

The first tests check the attacker itself (its model is sound: the true figures satisfy every
constraint and lie inside every interval it computes; on the figures before the disclosure step
it recovers the cells issue 18 lists). The ``test_no_*`` tests are the audit: they fail while a
hidden cell can be narrowed below the threshold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.disclosure.artifacts import EXAMPLE, Published, analyze, report, single_choice_ids, truth
from tests.disclosure.attacker import Model, add_json

K = 5
LIMIT = 20
"""Findings listed at most per test (enough to fail it; solving every cell takes longer)."""
BY_2024 = single_choice_ids(EXAMPLE, "2024")
BY_2023 = single_choice_ids(EXAMPLE, "2023")
LEAKY_EXCERPT = Path(__file__).with_name("leaky_2024_excerpt.json")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("attack")


@pytest.fixture(scope="module")
def json_2024() -> dict:
    run = analyze(EXAMPLE, "2024", "--compare", "2023", "--publish")
    assert run.doc is not None, run.output
    return run.doc


@pytest.fixture(scope="module")
def json_2023() -> dict:
    run = analyze(EXAMPLE, "2023", "--publish")
    assert run.doc is not None, run.output
    return run.doc


@pytest.fixture(scope="module")
def html_2024(out: Path) -> str:
    run = report(EXAMPLE, "2024", out / "2024.html", "--compare", "2023", "--public")
    assert run.html is not None, run.output
    return run.html


@pytest.fixture(scope="module")
def html_2023(out: Path) -> str:
    run = report(EXAMPLE, "2023", out / "2023.html", "--public")
    assert run.html is not None, run.output
    return run.html


@pytest.fixture(scope="module")
def true_values() -> dict[str, float]:
    return truth(EXAMPLE, [("2024", ("--compare", "2023")), ("2023", ())])


def _published(docs: list[dict], reports: list[tuple[str, str | None, str]]) -> Model:
    return Published(EXAMPLE, docs, reports).model()


def _explain(findings: list) -> str:
    return "recoverable hidden cells:\n" + "\n".join(f"  {f}" for f in findings)


def _sound(model: Model, true: dict[str, float]) -> None:
    """The true figures satisfy the model and lie in every computed interval."""
    assert model.feasible(), "the published figures contradict the model"
    assert model.feasible(true), "the true figures violate a constraint of the model"
    judged = [c for c in model.protected if c in true]
    for name, (lo, hi) in model.ranges(judged).items():
        assert lo <= true[name] <= hi, (name, lo, hi, true[name])


# -- the attacker is sound and finds what issue 18 found ------------------------------------
def test_the_model_is_sound_on_every_public_artifact(
    json_2024: dict, json_2023: dict, html_2024: str, html_2023: str, true_values: dict
) -> None:
    model = _published(
        [json_2024, json_2023], [("2024", "2023", html_2024), ("2023", None, html_2023)]
    )
    assert model.protected
    _sound(model, true_values)


def test_the_model_of_the_internal_figures_protects_nothing() -> None:
    run = analyze(EXAMPLE, "2024", "--compare", "2023", "--by", "gemeindegroesse")
    assert run.doc is not None, run.output
    model = _published([run.doc], [])
    assert model.feasible()
    assert not [c for c in model.protected if c not in model.published]


def test_the_attacker_recovers_what_issue_18_recovered_by_hand() -> None:
    """On the figures before any disclosure step (the suppression of main at the time issue 18
    was filed) the attacker finds the issue's examples. Made from a fixed excerpt of that output
    (synthetic data) so that this test keeps guarding the attacker after the fix."""
    model = Model()
    add_json(model, json.loads(LEAKY_EXCERPT.read_text(encoding="utf-8")))
    found = {f.cell: (f.lo, f.hi) for f in model.audit(K)}
    assert found["2024|gemeindegroesse|count|landkreis"] == (5, 5)
    assert found["2024|gemeindegroesse|count|lt5k"] == (2, 2)
    assert found["2024|zufriedenheit.newsletter|count|4"] == (2, 2)
    assert found["2024|zufriedenheit.newsletter|count|5"] == (1, 1)


# -- the audit --------------------------------------------------------------------------------
def test_no_hidden_cell_of_the_public_json_2024_is_recoverable(json_2024: dict) -> None:
    findings = _published([json_2024], []).audit(K, limit=LIMIT)
    assert not findings, _explain(findings)


def test_no_hidden_cell_of_the_public_json_2023_is_recoverable(json_2023: dict) -> None:
    findings = _published([json_2023], []).audit(K, limit=LIMIT)
    assert not findings, _explain(findings)


def test_no_hidden_cell_of_the_public_report_2024_is_recoverable(html_2024: str) -> None:
    findings = _published([], [("2024", "2023", html_2024)]).audit(K, limit=LIMIT)
    assert not findings, _explain(findings)


def test_no_hidden_cell_of_the_public_report_2023_is_recoverable(html_2023: str) -> None:
    findings = _published([], [("2023", None, html_2023)]).audit(K, limit=LIMIT)
    assert not findings, _explain(findings)


def test_no_hidden_cell_is_recoverable_from_all_public_artifacts_together(
    json_2024: dict, json_2023: dict, html_2024: str, html_2023: str
) -> None:
    model = _published(
        [json_2024, json_2023], [("2024", "2023", html_2024), ("2023", None, html_2023)]
    )
    findings = model.audit(K, limit=LIMIT)
    assert not findings, _explain(findings)


@pytest.mark.parametrize("by", BY_2024)
def test_no_hidden_cell_of_the_public_json_by_is_recoverable_2024(by: str) -> None:
    run = analyze(EXAMPLE, "2024", "--compare", "2023", "--by", by, "--publish")
    assert run.doc is not None, run.output
    findings = _published([run.doc], []).audit(K, limit=LIMIT)
    assert not findings, _explain(findings)


@pytest.mark.parametrize("by", BY_2023)
def test_no_hidden_cell_of_the_public_json_by_is_recoverable_2023(by: str) -> None:
    run = analyze(EXAMPLE, "2023", "--by", by, "--publish")
    assert run.doc is not None, run.output
    findings = _published([run.doc], []).audit(K, limit=LIMIT)
    assert not findings, _explain(findings)
