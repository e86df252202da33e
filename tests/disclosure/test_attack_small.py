"""The attacker on small waves: random subsets of the example's answers (hypothesis), a wave with
only three answers, and a wave of which nothing could be published (issue 18).

Expected behaviour when nothing would remain (every base of the wave is under the threshold):
``umfrage analyze … --publish`` and ``umfrage report … --public`` refuse with a non-zero exit
code and a German message that names the reason ("… veröffentlicht …"), print no figures and
write no file (docs/analysis.md, "How disclosure control is audited").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.disclosure.artifacts import (
    EXAMPLE,
    Published,
    analyze,
    report,
    response_count,
    single_choice_ids,
    survey_with_answers,
    truth,
)
from tests.disclosure.attacker import Model

LIMIT = 10
ALL_2024 = response_count(EXAMPLE, "2024")
BY = [None, *single_choice_ids(EXAMPLE, "2024")]
SMALL = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _explain(findings: list) -> str:
    return "recoverable hidden cells:\n" + "\n".join(f"  {f}" for f in findings)


def _options(by: str | None, k: int, compare: bool) -> tuple[str, ...]:
    found: tuple[str, ...] = ("--min-cell", str(k))
    if by:
        found += ("--by", by)
    if compare:
        found += ("--compare", "2023")
    return found


def _refused(run: object) -> bool:
    """A clear refusal: non-zero exit, a German message naming publication, no figures."""
    code, output = run.exit_code, run.output  # type: ignore[attr-defined]
    if code == 0:
        return False
    assert "Traceback" not in output, output
    assert re.search(r"veröffentlich", output, re.IGNORECASE), output
    assert not re.search(r'"(count|base|share)"\s*:\s*\d', output), output
    return True


answers = st.lists(st.integers(0, ALL_2024 - 1), min_size=5, max_size=40, unique=True)


@settings(SMALL, max_examples=8)
@given(keep=answers, by=st.sampled_from(BY), k=st.sampled_from([3, 5]), compare=st.booleans())
def test_the_model_is_sound_on_random_small_waves(
    tmp_path_factory: pytest.TempPathFactory, keep: list[int], by: str | None, k: int, compare: bool
) -> None:
    """The attacker never claims more than is true: on random small waves the true figures
    satisfy its model and lie inside every interval it computes for a hidden cell."""
    folder = survey_with_answers(tmp_path_factory.mktemp("sound") / "survey", "2024", keep)
    options = _options(by, k, compare)
    run = analyze(folder, "2024", *options, "--publish")
    if _refused(run):
        return
    assert run.doc is not None
    model = Published(folder, [run.doc]).model()
    true = truth(folder, [("2024", options)])
    assert model.feasible(true), "the true figures violate the attacker's model"
    judged = [c for c in model.protected if c in true and c not in model.published]
    for name, lo, hi in model.iter_ranges(judged[:15]):
        assert lo <= true[name] <= hi, (name, lo, hi, true[name])


@SMALL
@given(keep=answers, by=st.sampled_from(BY), k=st.sampled_from([3, 5]), compare=st.booleans())
def test_no_hidden_cell_of_a_random_small_wave_is_recoverable(
    tmp_path_factory: pytest.TempPathFactory, keep: list[int], by: str | None, k: int, compare: bool
) -> None:
    folder = survey_with_answers(tmp_path_factory.mktemp("attack") / "survey", "2024", keep)
    run = analyze(folder, "2024", *_options(by, k, compare), "--publish")
    if _refused(run):
        return
    assert run.doc is not None
    findings = Published(folder, [run.doc]).model().audit(k, limit=LIMIT)
    assert not findings, _explain(findings)


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with only three answers in 2024 (synthetic)."""
    return survey_with_answers(tmp_path_factory.mktemp("three") / "survey", "2024", [0, 1, 2])


@pytest.mark.parametrize("by", [None, "bundesland"])
def test_a_wave_with_three_answers_publishes_nothing_recoverable(
    three: Path, by: str | None
) -> None:
    """Compared with the full 2023 wave: either the publication is refused, or nothing it
    shows narrows a hidden cell below the threshold (JSON and report together)."""
    run = analyze(three, "2024", *_options(by, 5, True), "--publish")
    page = report(three, "2024", three / "bericht.html", "--compare", "2023", "--public")
    docs = [] if _refused(run) else [run.doc]
    reports = [] if _refused(page) else [("2024", "2023", page.html or "")]
    if not docs and not reports:
        return
    findings = Published(three, docs, reports).model().audit(5, limit=LIMIT)  # type: ignore[arg-type]
    assert not findings, _explain(findings)


def test_the_attacker_sees_that_three_answers_leak_today(three: Path) -> None:
    """Independent of the disclosure step: three answers under full publication are narrow (a
    guard that the test above can fail)."""
    run = analyze(three, "2024", "--compare", "2023")
    assert run.doc is not None, run.output
    for question in run.doc["questions"]:
        for option in question.get("options") or ():
            option.update(count=None, share=None, ci=None, suppressed=True)
    model = Model()
    from tests.disclosure.attacker import add_json

    add_json(model, run.doc)
    assert model.audit(5, limit=1)


def test_publishing_refuses_when_nothing_would_remain(three: Path, tmp_path: Path) -> None:
    """Three answers and no comparison: every base is under the threshold of 5, so nothing of
    the wave could be shown; both public outputs refuse with a German message."""
    run = analyze(three, "2024", "--publish")
    assert _refused(run), run.output
    out = tmp_path / "bericht.html"
    page = report(three, "2024", out, "--public")
    assert _refused(page), page.output
    assert not out.exists()
