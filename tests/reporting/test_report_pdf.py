"""The PDF: Typst from the built report; its text is snapshot-tested, its charts are vectors."""

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


MIN_WORDS = 30
"""A page with fewer words than this (besides "Seite x von y") is a near-empty page."""


@pytest.fixture(scope="module")
def example_pdf(example_input: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from umfrage.reporting.report import build_report

    if not shutil.which("pdftotext"):
        message = "fehlt: pdftotext (apt-get install poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path_factory.mktemp("pdf") / "beispiel.pdf"
    write_pdf(build_report(example_input), path)
    return path


def test_no_page_of_the_example_pdf_is_nearly_empty(example_pdf: Path) -> None:
    # Before: a heading alone at the foot of a page, its chart on the next, and a last page
    # holding only the closing line. Headings now stay with their chart, charts fit a page.
    pages = [p for p in pdf_text(example_pdf).split("\f") if p.strip()]
    assert len(pages) >= 20
    for number, page in enumerate(pages, start=1):
        text = re.sub(rf"Seite {number} von {len(pages)}", "", page)
        words = len(text.split())
        assert words >= MIN_WORDS, f"Seite {number}: nur {words} Wörter\n{page}"
    # The closing line shares the last page with the last question.
    assert "Erstellt mit Umfrage." in pages[-1]
    assert len(pages[-1].split()) > 2 * MIN_WORDS


def test_every_chart_of_the_pdf_follows_its_question_on_the_same_page(example_pdf: Path) -> None:
    pages = [p for p in pdf_text(example_pdf).split("\f") if p.strip()]
    for page in pages:
        # A question's type line ("Einfachauswahl · Basis 80") is never the last text of a page.
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("Seite ")]
        assert not re.search(r"· Basis \d+", body[-1]), body[-1]


HOSTILE = (
    '"] #read("/etc/passwd") [',
    '#eval("1 + 1") = Überschrift? <label> @ref *fett* _kursiv_ $x^2$',
    "Pfad C:\\temp\\neu\\ und \\u{41} und // kein Kommentar /* auch nicht */",
    "Zeile eins\nZeile zwei\r\nZeile drei\ttab\x00\x07",
)


def test_answers_are_printed_as_written_never_read_as_typst(
    mini_report: Any, tmp_path: Path
) -> None:
    """Free texts are the respondents' own words: whatever they contain (Typst markup, code,
    quotes, backslashes, control characters) is printed as text and changes nothing else."""
    from dataclasses import replace

    from umfrage.reporting.pdf import lit, pdf_from_source, pdf_source

    assert lit('a"b\\c\nd\x01') == '"a\\"b\\\\c\\nd"'
    section = mini_report.sections[0]
    block = replace(section.questions[0], texts=HOSTILE, texts_total=len(HOSTILE))
    report = replace(
        mini_report, sections=(replace(section, questions=(block, *section.questions[1:])),)
    )
    source = pdf_source(report)
    if not shutil.which("pdftotext"):
        pytest.skip("fehlt: pdftotext (apt-get install poppler-utils)")
    path = tmp_path / "feindlich.pdf"
    path.write_bytes(pdf_from_source(source))
    text = re.sub(r"\s+", " ", pdf_text(path))
    for answer in HOSTILE:
        shown = re.sub(r"\s+", " ", answer.replace("\x00", "").replace("\x07", "")).strip()
        assert shown in text, shown
    assert "root:" not in text  # nothing was read from the machine


def test_any_answer_is_printed_even_what_the_font_cannot_show(
    mini_report: Any, tmp_path: Path
) -> None:
    """A tagged PDF must display all its text: characters the font lacks (here Chinese) are
    replaced, the rest (Arabic, an emoji DejaVu has) printed; a 5 000-letter word is broken
    over lines instead of running off the page."""
    from dataclasses import replace

    from umfrage.reporting.fonts import MISSING
    from umfrage.reporting.pdf import render_pdf

    if not shutil.which("pdftotext"):
        pytest.skip("fehlt: pdftotext (apt-get install poppler-utils)")
    answers = ("Grüße 中文 مرحبا 😀 Ende", "x" * 5000)
    section = mini_report.sections[0]
    block = replace(section.questions[0], texts=answers, texts_total=len(answers))
    report = replace(
        mini_report, sections=(replace(section, questions=(block, *section.questions[1:])),)
    )
    path = tmp_path / "schriften.pdf"
    path.write_bytes(render_pdf(report))
    text = pdf_text(path)
    assert f"Grüße {MISSING}{MISSING}" in text and "Ende" in text
    assert "中" not in text
    assert "مرحبا" in text or "ابحرم" in text  # pdftotext may give right-to-left text reversed
    assert text.count("x") >= 5000


def test_a_kurzfassung_whose_notes_do_not_match_its_marks_still_prints(mini_report: Any) -> None:
    """Typst stops at a link to a missing or doubled label: a mark without its note, a note
    without its mark and a note marked twice must each still give a PDF."""
    from dataclasses import replace

    from umfrage.reporting.kurzfassung import KurzSection, Paragraph
    from umfrage.reporting.pdf import render_pdf

    paragraphs = (
        Paragraph("Erstens.", ("Satz.",), (), 1),
        Paragraph("Zweitens.", ("Satz.",), (), 1),
        Paragraph("Drittens.", ("Satz.",), (), 7),
    )
    kurz = replace(
        mini_report.kurzfassung,
        sections=(KurzSection("Abschnitt", paragraphs),),
        footnotes=("Anmerkung eins.", "Anmerkung zwei, ohne Verweis."),
        empty=None,
    )
    assert render_pdf(replace(mini_report, kurzfassung=kurz)).startswith(b"%PDF")


def test_typst_reads_no_file_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: the markup holds only literals, and even markup that asked for a file
    would find none (the compiler's root folder is an empty temporary one)."""
    from umfrage.reporting.pdf import PdfError, pdf_from_source

    (tmp_path / "geheim.txt").write_text("geheim", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PdfError, match="not found"):
        pdf_from_source('#set document(title: "t")\n#set text(lang: "de")\n#read("geheim.txt")')
