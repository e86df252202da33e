"""The public artifacts of a wave, made the way a publisher makes them (the real CLI), and the
complete internal figures that only the tests use to check that the attacker's model is sound.

Nothing here imports the disclosure code: the artifacts come out of ``umfrage analyze --publish``
and ``umfrage report --public`` exactly as they would be published.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.disclosure.attacker import Model, add_html, add_json, add_questionnaire
from umfrage.cli import main
from umfrage.questionnaire.loader import load_questionnaire

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"


@dataclass
class Run:
    """One CLI call: its exit code, what it printed, and the parsed JSON if there was one."""

    exit_code: int
    output: str
    doc: dict[str, Any] | None = None
    html: str | None = None


def analyze(source: Path | str, wave: str, *options: str) -> Run:
    args = ["analyze", str(source), "--wave", wave, "--format", "json", *options]
    result = CliRunner().invoke(main, args)
    doc = None
    if result.exit_code == 0:
        text = result.stdout
        doc = json.loads(text[text.index("{") :])
    return Run(result.exit_code, result.output, doc)


def report(source: Path | str, wave: str, out: Path, *options: str) -> Run:
    args = ["report", str(source), "--wave", wave, "--out", str(out), *options]
    result = CliRunner().invoke(main, args)
    html = out.read_text(encoding="utf-8") if result.exit_code == 0 and out.exists() else None
    return Run(result.exit_code, result.output, None, html)


def questionnaires(folder: Path) -> dict[str, Any]:
    """Every wave's questionnaire (public: each participant sees it)."""
    return {
        path.name: load_questionnaire(path / "questionnaire.yaml")
        for path in sorted((folder / "waves").iterdir())
        if (path / "questionnaire.yaml").exists()
    }


def single_choice_ids(folder: Path, wave: str) -> list[str]:
    found = questionnaires(folder)[wave]
    return [q.id for s in found.sections for q in s.questions if q.type == "single"]


@dataclass
class Published:
    """What the attacker gets: JSON documents and HTML reports (wave, compared wave, text)."""

    folder: Path
    docs: list[dict[str, Any]] = field(default_factory=list)
    reports: list[tuple[str, str | None, str]] = field(default_factory=list)

    def model(self) -> Model:
        qs = questionnaires(self.folder)
        model = Model()
        for doc in self.docs:
            add_json(model, doc, qs)
        for wave, compare, html in self.reports:
            add_html(model, html, wave, qs, compare)
        for wave, questionnaire in qs.items():
            add_questionnaire(model, wave, questionnaire)
        return model


def truth(folder: Path, runs: list[tuple[str, tuple[str, ...]]]) -> dict[str, float]:
    """The true value of every cell: the same model built from the internal (complete) JSON."""
    model = Model()
    qs = questionnaires(folder)
    for wave, options in runs:
        run = analyze(folder, wave, *options)
        assert run.doc is not None, run.output
        add_json(model, run.doc, qs)
    return model.published


def survey_with_answers(
    target: Path, wave: str, keep: list[int], *, source: Path = EXAMPLE
) -> Path:
    """A copy of the example whose ``wave`` keeps only the responses at the positions ``keep``
    (synthetic, like the example) and which has only that wave's questionnaire of interest."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    path = target / "waves" / wave / "responses.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    import csv
    import io

    rows = list(csv.reader(io.StringIO("".join(lines))))
    header, body = rows[0], rows[1:]
    chosen = [body[i] for i in keep if i < len(body)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *chosen])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return target


def response_count(folder: Path, wave: str) -> int:
    path = folder / "waves" / wave / "responses.csv"
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1
