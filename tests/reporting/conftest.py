"""Report inputs built once: the example survey (2024 against 2023) and the mini survey."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.minisurvey import make_minisurvey

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"


@pytest.fixture(scope="session")
def example_input() -> Any:
    from umfrage.cli.report import report_input

    return report_input(str(EXAMPLE), "2024", "2023", public=False)


@pytest.fixture(scope="session")
def mini_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_minisurvey(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="session")
def mini_report(mini_folder: Path) -> Any:
    from umfrage.cli.report import report_input
    from umfrage.reporting.report import build_report

    return build_report(report_input(str(mini_folder), "2024", "2023", public=False))


@pytest.fixture(scope="session")
def mini_public_report(mini_folder: Path) -> Any:
    from umfrage.cli.report import report_input
    from umfrage.reporting.report import build_report

    return build_report(report_input(str(mini_folder), "2024", "2023", public=True))
