"""The PDF: WeasyPrint from the same HTML; its text is snapshot-tested, its charts are vectors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.reporting.snapshots import TextSnapshot
from umfrage.reporting.pdf import write_pdf


@pytest.fixture(scope="module")
def mini_pdf(mini_report: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not all(shutil.which(tool) for tool in ("pdftotext", "pdfimages", "pdfinfo")):
        message = "fehlt: pdftotext, pdfimages, pdfinfo (apt-get install poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path_factory.mktemp("pdf") / "bericht.pdf"
    write_pdf(mini_report, path)
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_text_matches_its_reviewed_snapshot(
    mini_pdf: Path, snapshot: SnapshotAssertion
) -> None:
    assert pdf_text(mini_pdf) == snapshot.use_extension(TextSnapshot)


def test_pages_are_numbered_and_the_contents_name_pages(mini_pdf: Path) -> None:
    text = pdf_text(mini_pdf)
    pages = text.split("\f")
    total = len([p for p in pages if p.strip()])
    assert total >= 4
    assert f"Seite 2 von {total}" in pages[1]
    assert "Seite 1 von" not in pages[0]  # the title page carries no number
    # The Kurzfassung is the first page after the title page, the contents follow it.
    assert pages[1].lstrip().startswith("Kurzfassung")
    contents = next(p for p in pages if "Inhalt" in p)
    assert re.search(r"Kurzfassung\s*\.+\s*2", contents)
    assert re.search(r"Teil A\s*\.+\s*\d+", contents)


def test_the_pdf_is_tagged_and_titled(mini_pdf: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", str(mini_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert "Mini-Umfrage (synthetische Testdaten) – Mini 2024: Ergebnisbericht" in info


def test_charts_are_vectors_not_pictures(mini_pdf: Path) -> None:
    listing = subprocess.run(
        ["pdfimages", "-list", str(mini_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len(listing.strip().splitlines()) == 2  # the header lines only: no raster images
    assert "Balkendiagramm zu „Bundesland?“" in pdf_text(mini_pdf)
