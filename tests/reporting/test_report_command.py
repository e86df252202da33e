"""`umfrage report` writes the HTML or the PDF from a folder or the database."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.minisurvey import make_minisurvey
from umfrage.cli import main


def test_it_writes_the_html_report_of_a_folder(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    out = tmp_path / "berichte" / "bericht.html"
    result = CliRunner().invoke(
        main, ["report", str(folder), "--wave", "2024", "--compare", "2023", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"Bericht der Welle 2024 nach {out} geschrieben." in result.output
    assert "synthetischen" in result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Threads, Bluesky" in html


@pytest.mark.django_db
def test_it_writes_the_public_pdf_of_a_database_wave(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path / "in")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(folder)]).exit_code == 0
    out = tmp_path / "bericht.pdf"
    result = runner.invoke(
        main,
        ["report", "mini", "--wave", "2024", "--compare", "2023", "--out", str(out), "--public"],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


def test_an_unknown_suffix_is_refused_before_any_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["report", str(tmp_path), "--wave", "2024", "--out", str(tmp_path / "bericht.docx")]
    )
    assert result.exit_code == 1
    assert "Der Bericht kann nur als .html oder .pdf geschrieben werden." in result.output
    assert not (tmp_path / "bericht.docx").exists()


def test_an_unknown_wave_is_a_plain_problem(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    result = CliRunner().invoke(
        main, ["report", str(folder), "--wave", "2030", "--out", str(tmp_path / "b.html")]
    )
    assert result.exit_code == 1
    assert "Die Welle „2030“ gibt es nicht." in result.output
    assert "Traceback" not in result.output


@pytest.mark.django_db
def test_the_demo_report_is_written_from_the_database_into_the_data_folder(
    tmp_path: Path,
) -> None:
    from umfrage.cli.report import write_demo_report
    from umfrage.store.folder import load_survey_folder

    ROOT = Path(__file__).resolve().parents[2]
    load_survey_folder(ROOT / "examples" / "buendnisumfrage")
    out = write_demo_report("buendnisumfrage", tmp_path)
    assert out == tmp_path / "bericht-2024.html"
    html = out.read_text(encoding="utf-8")
    assert "Bündnisumfrage 2024 im Vergleich mit Bündnisumfrage 2023" in html
    assert "<strong>Synthetische Daten:</strong>" in html


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


def test_the_kurzfassung_alone_as_text_and_html_from_the_public_results(tmp_path: Path) -> None:
    runner = CliRunner()
    text_out = tmp_path / "kurzfassung.txt"
    args = ["report", str(EXAMPLE), "--wave", "2024", "--compare", "2023", "--kurzfassung"]
    result = runner.invoke(main, [*args, "--out", str(text_out)])
    assert result.exit_code == 0, result.output
    assert f"Kurzfassung der Welle 2024 nach {text_out} geschrieben" in result.output
    assert "öffentliche Fassung" in result.output
    text = text_out.read_text(encoding="utf-8")
    assert text.startswith("Kurzfassung: Bündnisumfrage 2024\n")
    assert "Anmerkungen" in text and "[1] Basis:" in text
    # Drawn from the disclosure-protected results: the ranking with a hidden answer is not
    # said to have a leader.
    assert "Vorn liegt" not in text
    html_out = tmp_path / "kurzfassung.html"
    assert runner.invoke(main, [*args, "--out", str(html_out)]).exit_code == 0
    html = html_out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<h1>Kurzfassung: Bündnisumfrage 2024</h1>" in html
    assert 'id="kf-anmerkung-1"' in html
    pdf_out = tmp_path / "kurzfassung.pdf"
    assert runner.invoke(main, [*args, "--out", str(pdf_out)]).exit_code == 0
    assert pdf_out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        words = subprocess.run(
            ["pdftotext", str(pdf_out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Kurzfassung: Bündnisumfrage 2024" in words
        assert "Anmerkungen" in words and "Vorn liegt" not in words
        info = subprocess.run(
            ["pdfinfo", str(pdf_out)], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert "Kurzfassung: Bündnisumfrage 2024" in info  # the document's title


def test_the_kurzfassung_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    out = tmp_path / "kurz.docx"
    result = CliRunner().invoke(
        main,
        ["report", str(tmp_path), "--wave", "2024", "--kurzfassung", "--out", str(out)],
    )
    assert result.exit_code == 1
    assert "Die Kurzfassung kann nur als .html, .pdf oder .txt geschrieben werden." in result.output
    assert not out.exists()


def test_a_pdf_typst_cannot_set_is_a_message_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.reporting import pdf

    folder = make_minisurvey(tmp_path)
    monkeypatch.setattr(pdf, "pdf_source", lambda report: "#link(<fehlt>)[x]")
    out = tmp_path / "bericht.pdf"
    result = CliRunner().invoke(
        main, ["report", str(folder), "--wave", "2024", "--compare", "2023", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "Das PDF konnte nicht gesetzt werden" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a message and exit 1, not a crash
    assert not out.exists() and not list(tmp_path.glob(".bericht.pdf*"))
