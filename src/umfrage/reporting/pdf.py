"""The PDF: the report typeset by Typst (page numbers, table of contents, vector charts).

The report is written as Typst markup (:func:`pdf_source`) and compiled in-process by the
``typst`` package (docs/reporting.md, "PDF"). Every text that comes from a survey, an answer or
the analysis enters the markup as a Typst string literal (:func:`lit`), never as markup, so no
answer can change the document's layout or reach Typst's scripting. The file is tagged PDF/UA-1:
Typst checks what that standard asks for (a title, the language, every chart's text
alternative) and refuses to write a file that lacks it.

It follows the HTML report's order and content: title page, Kurzfassung, contents, method, one
part per questionnaire section; each question's facts line, chart, tables, quotes, series and,
in the internal report, its free texts. The charts are the same SVG as the HTML's, drawn by
Typst as vectors at their own width (never scaled: their text stays at the body text's size).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from umfrage.reporting import formatting as fmt
from umfrage.reporting.charts.style import CHART_WIDTH, Chart
from umfrage.reporting.fonts import shown
from umfrage.reporting.kurzfassung import Kurzfassung
from umfrage.reporting.report import (
    QuestionBlock,
    Report,
    ReportInput,
    answer_languages,
    invited_text,
    tests_text,
)
from umfrage.reporting.tables import Table, weighting_tables
from umfrage.reporting.types import modules

PX = 0.75
"""Points per CSS pixel: the charts are drawn in pixels (``CHART_WIDTH``), the page in points."""

BODY_PT = 10
"""The body text's size in points (charts' text is at least as large: charts/style.py)."""
MARGIN_X_CM = 1.8
"""Left and right page margins of the A4 page (21 cm wide): the text is 17.4 cm wide."""

LONG_TABLE = 30
"""Rows above which a table may break across pages (a page holds about 40 single-line rows)."""

MUTED = 'rgb("#4a4a4a")'
WARN = 'rgb("#7a3b00")'
LINE = 'rgb("#c8c8c8")'
ACCENT = 'rgb("#005a8c")'
INK = 'rgb("#1a1a1a")'

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONG_WORD = re.compile(r"\S{60,}")
WORD_BREAK = 40
"""A word longer than a line (a URL, a pasted hash) may break after every this many characters."""

PREAMBLE = f"""\
#set text(lang: "de", region: "DE", font: ("DejaVu Sans", "Liberation Sans"), size: {BODY_PT}pt, fill: {INK})
#set page(
  paper: "a4",
  margin: (top: 2cm, x: {MARGIN_X_CM}cm, bottom: 2.2cm),
  footer: context {{
    let number = counter(page).get().first()
    if number > 1 {{
      set align(center)
      set text(size: 9pt, fill: {MUTED})
      [Seite #number von #counter(page).final().first()]
    }}
  }},
)
#set par(leading: 0.65em, spacing: 0.9em)
#set heading(numbering: none)
#show heading: set block(above: 1.4em, below: 0.7em)
#show heading.where(level: 1): it => {{
  set text(size: 15pt)
  block(width: 100%, stroke: (bottom: 1.5pt + {ACCENT}), inset: (bottom: 3pt), it.body)
}}
#show heading.where(level: 2): set text(size: 11.5pt)
#show heading.where(level: 3): set text(size: 10.5pt)
#show outline.entry: it => link(
  it.element.location(),
  it.indented(none, [#it.body() #box(width: 1fr, repeat[.]) #it.page()]),
)
#set figure(numbering: none, gap: 0.5em)
#show figure: set block(above: 1em, below: 1em)
#show figure.where(kind: table): set figure.caption(position: top)
#show figure.where(kind: table): set align(left)
#show figure.caption: it => align(left, text(size: 9pt, fill: {MUTED}, it.body))
#show figure.where(kind: table): it => {{
  show figure.caption: c => align(left, text(weight: "bold", c.body))
  it
}}
#set table(
  stroke: (x, y) => if y == 0 {{ (bottom: 1pt + {INK}) }} else {{ (bottom: 0.5pt + {LINE}) }},
  inset: (x: 4pt, y: 2.5pt),
  align: (x, y) => if x == 0 {{ left + top }} else {{ right + top }},
)
#show table: set text(size: 9pt, number-type: "lining", number-width: "tabular")
#show table.cell.where(y: 0): set text(weight: "bold", hyphenate: true)
#let note(body) = block(above: 0.6em, below: 0.8em, text(size: 9pt, fill: {MUTED}, body))
#let boxed(body) = block(
  width: 100%, inset: 8pt, stroke: 1.5pt + {WARN}, fill: rgb("#fff8ef"),
  text(fill: {WARN}, body),
)
"""


def lit(text: object, *, words: bool = True) -> str:
    """``text`` as a Typst string literal: shown as written, never read as markup; characters
    the font cannot show become ``fonts.MISSING`` (a tagged PDF must display all its text).
    ``words``: text to be set in lines, whose overlong words get break points (not for SVG)."""
    value = shown(_CONTROL.sub("", str(text)))
    if words and len(value) >= 60:
        value = _LONG_WORD.sub(_breakable, value)
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n").replace("\t", " ")
    return f'"{value}"'


def _breakable(match: re.Match[str]) -> str:
    """A zero-width space every ``WORD_BREAK`` characters: Typst breaks lines only between
    words, and a longer word would run off the page."""
    word = match.group(0)
    return "\u200b".join(word[i : i + WORD_BREAK] for i in range(0, len(word), WORD_BREAK))


def render_pdf(report: Report) -> bytes:
    return pdf_from_source(pdf_source(report))


def write_pdf(report: Report, path: Path) -> None:
    path.write_bytes(render_pdf(report))


def kurzfassung_pdf(data: ReportInput, kurz: Kurzfassung) -> bytes:
    return pdf_from_source(kurzfassung_source(data, kurz))


def pdf_from_source(source: str) -> bytes:
    """Compile Typst markup to a tagged PDF (PDF/UA-1). Nothing is read besides the fonts and
    the markup: it carries its charts, and its root folder (where Typst would look for files;
    the working directory by default) is a temporary one that holds only the markup."""
    import typst  # compiled extension: only the PDF pays for loading it

    try:
        with tempfile.TemporaryDirectory(prefix="umfrage-pdf-") as folder:
            root = Path(folder)
            main = root / "bericht.typ"
            main.write_text(source, encoding="utf-8")
            data: bytes = typst.compile(main, root=root, pdf_standards=["ua-1"])
    except typst.TypstError as error:
        raise PdfError(
            f"Das PDF konnte nicht gesetzt werden ({error.message}). → Schreiben Sie den Bericht "
            "als HTML (--out bericht.html) und melden Sie den Fehler mit dieser Meldung."
        ) from error
    return data


class PdfError(RuntimeError):
    """Typst could not typeset the markup: a defect of this module, never of the data (every
    text is a literal). The message is German, for the command line."""


def pdf_source(report: Report) -> str:
    """The report as Typst markup (see the module's docstring)."""
    data = report.input
    parts = [
        PREAMBLE,
        f"#set document(title: {lit(data.title + ': Ergebnisbericht')}, "
        f"author: {lit('Umfrage')})\n",
        _title_page(report),
        "#pagebreak()\n",
        f"#heading(level: 1, {lit('Kurzfassung')}) <kurzfassung>\n",
        _kurzfassung(report.kurzfassung, level=2),
        "#pagebreak()\n",
        f"#outline(title: {lit('Inhalt')}, depth: 1, indent: 0pt)\n",
        "#pagebreak()\n",
        _method(report),
    ]
    for section in report.sections:
        parts.append("#pagebreak(weak: true)\n")
        parts.append(f"#heading(level: 1, {lit(section.title)})\n")
        parts.extend(_question(block, data) for block in section.questions)
    parts.append(_closing(data, bool(data.result.synthetic)))
    return "".join(parts)


def kurzfassung_source(data: ReportInput, kurz: Kurzfassung) -> str:
    """The Kurzfassung on its own (``umfrage report --kurzfassung --out kurz.pdf``)."""
    parts = [
        PREAMBLE,
        f"#set document(title: {lit(kurz.title)}, author: {lit('Umfrage')})\n",
        f"#heading(level: 1, {lit(kurz.title)})\n",
        f"#boxed(strong({lit(kurz.synthetic)}))\n" if kurz.synthetic else "",
        _kurzfassung(kurz, level=2),
        _closing(data, bool(kurz.synthetic)),
    ]
    return "".join(parts)


def _closing(data: ReportInput, synthetic: bool) -> str:
    """The last line, as the HTML's footer: the survey, whether the data are synthetic."""
    marked = " Synthetische Beispieldaten." if synthetic else ""
    return f"#note({lit(f'{data.title}.{marked} Erstellt mit Umfrage.')})\n"


def _title_page(report: Report) -> str:
    data = report.input
    result = report.result
    audience = "öffentliche Fassung" if data.public else "interne Fassung"
    compare = data.compare_title or result.compare
    if data.wave_repeats_survey:
        title = data.wave_title
        subtitle = f"Im Vergleich mit {compare}" if result.compare else ""
    else:
        title = data.survey_title
        subtitle = data.wave_title + (f" im Vergleich mit {compare}" if result.compare else "")
    invited = invited_text(data)
    facts = f"{fmt.number(result.n)} Teilnehmende"
    facts += f" von {invited} Eingeladenen" if invited else ""
    facts += f" · Feldzeit: {fmt.period(data.opens, data.closes)}"
    lines = [
        "#block(height: 19cm, width: 100%, align(horizon)[\n",
        f"  #text(fill: {MUTED}, {lit(f'Ergebnisbericht ({audience})')})\n",
        # The title page's title is the document's one top heading-like text; it is not a
        # heading, so the contents list only the report's parts.
        f'  #block(above: 0.6em, below: 0.6em, text(size: 24pt, weight: "bold", {lit(title)}))\n',
        f"  #text(size: 13pt, {lit(subtitle)})\n\n" if subtitle else "",
        f"  #text(fill: {MUTED}, {lit(facts)})\n",
    ]
    if result.synthetic:
        notice = "Dieser Bericht beruht auf erfundenen Beispieldaten."
        if data.synthetic_note:
            notice += f" {data.synthetic_note}"
        notice += " Die Zahlen beschreiben keine echten Bündnisse."
        lines.append(f"  #boxed[#strong({lit('Synthetische Daten:')}) #{lit(notice)}]\n")
    for warning in result.weighting.warnings() if result.weighting else ():
        lines.append(
            f"  #boxed[#strong({lit('Gewichtung:')}) #{lit(warning)} "
            f"#{lit('Die erreichten Anteile stehen im Abschnitt')} "
            f"#link(<methode>, {lit('Methode')}).]\n"
        )
    lines.append("])\n")
    return "".join(lines)


def _kurzfassung(kurz: Kurzfassung, *, level: int) -> str:
    """The Kurzfassung's text; its section titles are headings of ``level``, its numbered
    notes link to the list under "Anmerkungen" and back."""
    out = [f"#par({lit(line)})\n" for line in kurz.intro]
    marked: set[int] = set()
    for section in kurz.sections:
        out.append(f"#heading(level: {level}, outlined: false, {lit(section.title)})\n")
        for paragraph in section.paragraphs:
            number = paragraph.footnote
            # A link to a missing label would stop Typst: only notes that exist are linked.
            # A label twice would stop Typst at the back-link: the first mark carries it.
            if 1 <= number <= len(kurz.footnotes):
                mark = f"#super(link(<kf-anmerkung-{number}>, {lit(number)}))"
                mark += "" if number in marked else f" <kf-verweis-{number}>"
                marked.add(number)
            else:
                mark = f"#super({lit(number)})"
            out.append(
                f"#block(breakable: false)[#strong({lit(paragraph.lead)}) "
                f"#{lit(' '.join(paragraph.sentences))}{mark}]\n"
            )
            out.extend(f"#note({lit(note)})\n" for note in paragraph.notes)
    out.append(f"#par({lit(kurz.empty or kurz.closing)})\n")
    if kurz.footnotes:
        out.append(f"#heading(level: {level}, outlined: false, {lit('Anmerkungen')})\n")
        for number, note in enumerate(kurz.footnotes, start=1):
            back = f" #link(<kf-verweis-{number}>, {lit('↩')})" if number in marked else ""
            out.append(
                f"#block(above: 0.5em, text(size: 9pt)[#{lit(f'{number}.')} #{lit(note)}"
                f"{back}]) <kf-anmerkung-{number}>\n"
            )
    return "".join(out)


def _method(report: Report) -> str:
    data = report.input
    result = report.result
    rows: list[tuple[str, str]] = [("Feldzeit", fmt.period(data.opens, data.closes))]
    invited = invited_text(data)
    rate = fmt.percent(report.response_rate, 1) if report.response_rate else None
    if data.fieldwork is not None:
        work = data.fieldwork
        rows += [
            (
                "Eingeladen",
                f"{invited or '0'} (per E-Mail mit persönlichem Link eingeladene Organisationen)",
            ),
            ("Link geöffnet", fmt.number(work.opened)),
            ("Vollständig geantwortet", fmt.number(work.complete)),
            ("Teilgenommen", f"{fmt.number(result.n)} (ausgewertete Antworten)"),
            (
                "Rücklaufquote",
                f"{rate} (vollständige Antworten je eingeladener Organisation, laut "
                "Versandprotokoll)"
                if rate
                else "nicht bekannt",
            ),
        ]
    else:
        rows += [
            (
                "Eingeladen",
                f"{invited} (Zahl der Organisationen im Register; wer tatsächlich eingeladen "
                "wurde, ist hier nicht erfasst)"
                if invited
                else "nicht bekannt",
            ),
            ("Teilgenommen", fmt.number(result.n)),
            (
                "Rücklaufquote",
                f"{rate} (Teilnehmende je Organisation im Register)" if rate else "nicht bekannt",
            ),
        ]
    languages = answer_languages(result.languages)
    if languages:
        rows.append(
            (
                "Sprachen der Antworten",
                f"{languages} (Antworten je Sprache des Fragebogens; freie Texte stehen in der "
                "Sprache, in der sie geschrieben wurden)",
            )
        )
    if result.compare:
        rows.append(
            (
                "Vergleichswelle",
                f"{data.compare_title or result.compare} mit {fmt.number(result.n_compare)} "
                "Teilnehmenden",
            )
        )
    rows.append(("Gewichtung", _weighting_text(report)))
    rows.append(("Tests", tests_text(result)))
    rows.append(
        (
            "Basis",
            "Jeder Wert nennt seine Basis: alle, denen die Frage gestellt wurde und die gültig "
            "geantwortet haben. Werte mit einer Basis unter "
            f"{result.small_base_limit} sind als kleine Basis gekennzeichnet und nur mit "
            "Vorsicht zu lesen.",
        )
    )
    rows.append(
        (
            "Kleine Zellen",
            result.suppression.note if result.suppression else "Keine Werte ausgeblendet.",
        )
    )
    cells = ", ".join(f"strong({lit(term)}), {lit(text)}" for term, text in rows)
    out = [
        f"#heading(level: 1, {lit('Methode')}) <methode>\n",
        f"#grid(columns: (9.5em, 1fr), column-gutter: 1em, row-gutter: 0.75em, {cells})\n",
    ]
    out.extend(_table(table) for table in weighting_tables(result))
    return "".join(out)


def _weighting_text(report: Report) -> str:
    result = report.result
    weighting = result.weighting
    if not (result.weighted and weighting):
        return "Ungewichtet: Die Anteile beziehen sich auf die Teilnehmenden."
    variables = ", ".join(weighting.variables)
    population = fmt.number(weighting.population)
    effective = fmt.number(weighting.effective_n)
    warnings = weighting.warnings()
    if warnings:
        return (
            f"Gewichtet nach {variables} mit dem Ziel der Verteilung der Grundgesamtheit "
            f"({population}), die dabei nicht erreicht wurde; effektive Fallzahl {effective}. "
            + " ".join(warnings)
        )
    return (
        f"Gewichtet auf die Verteilung der Grundgesamtheit ({population}) nach {variables}; "
        f"effektive Fallzahl {effective}."
    )


def _table(table: Table) -> str:
    shown = table.shown()
    header = ", ".join(
        lit(head)
        if column == 0
        else _wrapped(head, max((len(r[column]) for r in shown), default=0))
        for column, head in enumerate(table.header)
    )
    body = ", ".join(lit(cell) for row in shown for cell in row)
    columns = len(table.header)
    figure = (
        f"figure(kind: table, caption: {lit(table.title)}, "
        f"table(columns: {columns}, table.header({header}){', ' + body if body else ''}))"
    )
    # A table stays on one page (a figure does not break), as in the HTML's print styles; only
    # one longer than a page may break, and repeats its header row on the next.
    if len(table.rows) > LONG_TABLE:
        out = f"#[#show figure: set block(breakable: true)\n#{figure}]\n"
    else:
        out = f"#{figure}\n"
    if table.note:
        out += f"#note({lit(table.note)})\n"
    return out


def _wrapped(head: str, width: int) -> str:
    """A column's header broken into lines about as wide as the column's widest figure, so a
    long header ("Differenz (Prozentpunkte)") does not widen its column of short numbers and
    squeeze the answers' column; Typst sizes a column by its widest cell."""
    words = head.split()
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= max(width, 4):
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) <= 1:
        return lit(head)
    return "[" + " #linebreak() ".join(f"#{lit(line)}" for line in lines) + "]"


def _chart(chart: Chart) -> str:
    # Drawn at its own width in pixels (style.CHART_WIDTH fits the text width): never scaled.
    return (
        f'#figure(image(bytes({lit(chart.svg)}), format: "svg", width: {CHART_WIDTH * PX}pt, '
        f"alt: {lit(chart.description)}), caption: {lit(chart.description)})\n"
    )


def _question(block: QuestionBlock, data: ReportInput) -> str:
    q = block.result
    kind = modules()[q.type]
    facts = [kind.NAME, f"Basis {fmt.number(q.base)}"]
    if q.not_asked:
        facts.append(f"{fmt.number(q.not_asked)} nicht gefragt")
    if q.no_answer:
        facts.append(f"{fmt.number(q.no_answer)} ohne Antwort")
    meta = f"#{lit(' · '.join(facts))}"
    if q.small_base:
        meta += f" · #strong({lit('kleine Basis: mit Vorsicht lesen')})"
    out = [
        f"#heading(level: 2, {lit(q.text)})\n",
        # The facts stay on the page of what follows them (a chart or the first table).
        f"#block(sticky: true, text(size: 9pt, fill: {MUTED})[{meta}])\n",
    ]
    if q.comparison_missing:
        out.append(f"#block(sticky: true, note({lit(q.comparison_missing)}))\n")
    if block.chart:
        out.append(_chart(block.chart))
    out.extend(_table(table) for table in block.tables)
    if block.quotes:
        out.append(_quotes(block, data))
    if block.series_table:
        waves = ", ".join(q.series.waves) if q.series else ""
        out.append(f"#heading(level: 3, {lit(f'Zeitreihe {waves}')})\n")
        if block.series_chart:
            out.append(_chart(block.series_chart))
        out.append(_table(block.series_table))
    elif block.series_note:
        out.append(f"#note({lit(block.series_note)})\n")
    answered = kind.answered_line(q)
    if answered:
        out.append(f"#par({lit(answered)})\n")
    if block.texts:
        out.append(
            f"#heading(level: 3, {lit('Antworten im Wortlaut (nur im internen Bericht)')})\n"
        )
        if block.texts_total > len(block.texts):
            out.append(f"#note({lit(_first_of(len(block.texts), block.texts_total))})\n")
        out.append(_list(block.texts))
    elif data.public and answered is not None:
        text = (
            "Außer den freigegebenen Zitaten erscheinen die Antworten im Wortlaut nur im "
            "internen Bericht."
            if block.quotes
            else "Die Antworten im Wortlaut erscheinen nur im internen Bericht."
        )
        out.append(f"#note({lit(text)})\n")
    return "".join(out)


def _first_of(shown: int, total: int) -> str:
    return (
        f"Gezeigt werden die ersten {fmt.number(shown)} von {fmt.number(total)} Antworten; "
        "alle stehen im Export (umfrage export)."
    )


def _list(texts: Iterable[str]) -> str:
    return "#list(" + ", ".join(lit(text) for text in texts) + ")\n"


def _quotes(block: QuestionBlock, data: ReportInput) -> str:
    released = ", für die Veröffentlichung freigegeben" if data.public else ""
    out = [
        f"#heading(level: 3, {lit('Zitate zu den Kategorien')})\n",
        f"#note({lit(_QUOTES_NOTE.format(released=released))})\n",
    ]
    for group in block.quotes:
        count = len(group.texts)
        caption = f"Kategorie „{group.label}“: {count} {'Zitat' if count == 1 else 'Zitate'}"
        out.append(f"#block(sticky: true, strong({lit(caption)}))\n")
        out.extend(
            f"#block(inset: (left: 1.2em), above: 0.5em, quote({lit(text)}))\n"
            for text in group.texts
        )
    return "".join(out)


_QUOTES_NOTE = (
    "Von der Geschäftsstelle ausgewählte Antworten{released}; Namen, Orte, Organisationen, "
    "E-Mail-Adressen und Telefonnummern sind ersetzt (z.\u00a0B. „[Name]“, „[Ort]“)."
)
