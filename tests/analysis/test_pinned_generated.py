"""``umfrage analyze`` on a generated survey (synthetic data), pinned byte for byte.

The example survey (test_pinned_output.py) has a few hundred responses; this one has a few
thousand per wave, generated with a fixed seed: organisations that answered both waves (a
panel for McNemar), anonymous rows, organisations of one wave only, multiple choices, rankings,
matrices, numbers and coded free texts. The reading of the CSV (dictionary indices into codes),
the organisation keys (duplicates and panel pairs) and every statistic sit under this hash;
issue 23 rewrote those paths for speed, and a changed figure fails here.

The hash was recorded with the code of ``main`` before that rewrite. When a change of output is
intended, diff the outputs of ``main`` and the branch first (the failure writes the new output
next to the test's temporary files), then put the new hash here.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from umfrage.analysis.synthetic import generate_cells, write_cells
from umfrage.cli import main
from umfrage.surveyfolder.survey import read_survey_folder

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"
ROWS = 3000

EXPECTED = "8c7c3e43277eb1f7200c10769f82d355183cfb61c95411cbbfc127c61e83cc02"


def generated_survey(target: Path) -> Path:
    """The example's questionnaires with synthetic waves of ``ROWS`` responses (seed 23): a
    third of 2024's organisations answered 2023 too, every tenth row is anonymous."""
    folder = target / "generated"
    shutil.copytree(EXAMPLE, folder)
    (folder / "organisations.csv").unlink()  # keys of the generator, not of the register
    survey = read_survey_folder(folder, with_responses=False)
    rng = np.random.default_rng(23)
    keys = {
        "2024": [f"lb{i:05d}" for i in range(ROWS)],
        "2023": [f"lb{i:05d}" for i in range(2 * ROWS // 3, ROWS + 2 * ROWS // 3)],
    }
    for wave in ("2023", "2024"):
        organisations = ["" if i % 10 == 0 else key for i, key in enumerate(keys[wave])]
        questionnaire = survey.questionnaire(wave)
        cells = generate_cells(questionnaire, ROWS, rng, organisations=organisations)
        write_cells(folder / "waves" / wave / "responses.csv", questionnaire, cells)
    return folder


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_survey(tmp_path_factory.mktemp("pinned"))


@pytest.mark.parametrize("cache", ["0", "1"])
def test_output_of_a_generated_survey_is_unchanged(
    survey: Path, cache: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE", cache)
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE_DIR", str(tmp_path / "cache"))
    args = ["analyze", str(survey), "--wave", "2024", "--compare", "2023", "--format", "json"]
    runs = [CliRunner().invoke(main, args) for _ in range(2)]  # with the cache: write, then read
    for result in runs:
        assert result.exit_code == 0, result.output
        assert '"panel": {' in result.stdout  # the organisations of both waves were paired
        found = hashlib.sha256(result.stdout.encode("utf-8")).hexdigest()
        written = tmp_path / "analyze.json"
        written.write_text(result.stdout, encoding="utf-8")
        assert found == EXPECTED, f"umfrage {' '.join(args)} changed its output; see {written}"
