"""``umfrage register import`` reads Excel through the bounded reader (issue 16, item 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.hostile.guards import bounded
from tests.hostile.xlsxfiles import lying_dimension, zip_bomb
from umfrage.cli import main
from umfrage.store.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)

ROWS: list[list[Any]] = [
    ["Kennung", "Name", "E-Mail"],
    ["b001", "Lokales Bündnis für Familie Nr. 1", "buendnis001@example.org"],
    ["b777", "Bündnis Neu (synthetisch)", "neu@example.org"],
]


def register_import(path: Path, data: bytes) -> Any:
    """The import within 60 s and 300 MB more address space (MemoryError beyond)."""
    path.write_bytes(data)
    with bounded(seconds=60, extra_megabytes=300):
        return CliRunner().invoke(main, ["register", "import", str(path)])


def test_register_import_ignores_a_claimed_dimension_of_the_whole_sheet(
    make_wave: Any, tmp_path: Path
) -> None:
    make_wave(1)
    result = register_import(tmp_path / "register.xlsx", lying_dimension(ROWS))
    assert result.exit_code == 0, result.output
    assert "1 neu, 0 geändert, 1 unverändert" in result.stdout
    assert Organisation.objects.get(key="b777").email == "neu@example.org"


def test_register_import_of_a_zip_bomb_names_the_limit_and_stores_nothing(
    make_wave: Any, tmp_path: Path
) -> None:
    make_wave(1)
    path = tmp_path / "register.xlsx"
    result = register_import(path, zip_bomb(ROWS))
    assert result.exit_code == 1
    assert (
        f"{path}: Die Excel-Datei ist entpackt 40 MB groß; gelesen werden höchstens 30 MB"
        in result.stderr
    )
    assert not Organisation.objects.filter(key="b777").exists()
