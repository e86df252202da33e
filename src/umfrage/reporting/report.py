"""The full report as one built object that the HTML and PDF renderers only read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from umfrage import titles
from umfrage.analysis.adjust import COMPARISON, CROSSTAB, family_sizes
from umfrage.analysis.results import QuestionResult, WaveResult
from umfrage.questionnaire.spec import Questionnaire
from umfrage.reporting import formatting as fmt
from umfrage.reporting.charts import chart_for
from umfrage.reporting.charts import series as series_chart
from umfrage.reporting.charts.style import Chart
from umfrage.reporting.findings import FindingGroup, key_findings
from umfrage.reporting.kurzfassung import Kurzfassung, kurzfassung_for
from umfrage.reporting.quotes import CategoryQuotes, quotes_of
from umfrage.reporting.tables import CROSSTAB_RULE, Table, question_tables, series_table

TEST_TEXT = (
    "Unterschiede zwischen den Wellen werden zweiseitig geprüft: mit dem z-Test für zwei Anteile "
    "(ohne Stetigkeitskorrektur) oder, wenn eine erwartete Zellhäufigkeit unter 5 liegt, mit dem "
    "exakten Test nach Fisher; Bündnisse, die an beiden Wellen teilgenommen haben, zusätzlich mit "
    "dem exakten McNemar-Test. Konfidenzintervalle: 95 % nach Wilson."
)
MULTIPLE_TEXT = (
    "Wer viele Unterschiede auf einmal prüft, findet einige schon durch Zufall: Bei 100 Tests "
    "ohne echten Unterschied fallen im Mittel 5 unter p < 0,05. Deshalb werden die p-Werte aller "
    "Tests eines Wellenvergleichs gemeinsam nach Benjamini und Hochberg korrigiert (ebenso alle "
    "Tests einer Aufschlüsselung): Unter den als gesichert bezeichneten Unterschieden sind so im "
    "Mittel höchstens 5 % Zufallsbefunde. Als statistisch gesichert gilt ein Unterschied, wenn "
    "sein korrigierter p-Wert unter 0,05 liegt. Die Tabellen zeigen den unkorrigierten p-Wert, "
    "den korrigierten und ob der Unterschied gesichert ist."
)
"""The adjustment for multiple comparisons (analysis/adjust.py) in plain German."""


def tests_text(result: WaveResult) -> str:
    """The methods section's "Tests": which tests, and the adjustment with this report's
    numbers of tests."""
    sizes = family_sizes(result)
    parts = [TEST_TEXT, MULTIPLE_TEXT]
    counts = []
    if sizes[COMPARISON]:
        counts.append(f"{fmt.number(sizes[COMPARISON])} Tests im Vergleich mit {result.compare}")
    if sizes[CROSSTAB]:
        counts.append(f"{fmt.number(sizes[CROSSTAB])} Tests in der Aufschlüsselung")
    if counts:
        parts.append(f"In diesem Bericht: {' und '.join(counts)}.")
    if result.by:
        parts.append(f"Aufschlüsselungen: {CROSSTAB_RULE}")
    return " ".join(parts)


FREE_TEXT_LIMIT = 200
"""Free texts shown per question in the internal report; all of them are in the exports."""


@dataclass(frozen=True)
class Fieldwork:
    """The invitation figures of a database wave (sent, opened, answered), counted per
    organisation by the invitations side; the reporting layer only shows them."""

    invited: int
    opened: int
    complete: int
    response_rate: float | None


@dataclass(frozen=True)
class ReportInput:
    """What the report needs besides the results: the questionnaire and the survey's facts."""

    result: WaveResult
    questionnaire: Questionnaire
    survey_title: str
    wave_title: str
    opens: date | None = None
    closes: date | None = None
    invited: int | None = None
    """Without ``fieldwork``: the size of the register, standing for the invited."""
    fieldwork: Fieldwork | None = None
    """The wave's own invitation records, when it was sent out by e-mail; preferred."""
    compare_title: str | None = None
    synthetic_note: str | None = None
    public: bool = False
    free_texts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """At most ``FREE_TEXT_LIMIT`` texts per question (the report must not grow with n)."""
    free_text_totals: Mapping[str, int] = field(default_factory=dict)
    quotes: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    """Per question and category the chosen quotes, already masked and, in the public report,
    released ones only (``umfrage.reporting.quotes``)."""
    profile_sections: tuple[str, ...] = ()
    """Sections that describe the respondents (no key findings drawn from them)."""

    @property
    def title(self) -> str:
        """Survey and wave, the survey's name once (``umfrage.titles``)."""
        return titles.wave_title(self.survey_title, self.wave_title)

    @property
    def wave_repeats_survey(self) -> bool:
        """The wave's title contains the survey's: the title page shows it alone."""
        return titles.repeats_survey(self.survey_title, self.wave_title)


@dataclass(frozen=True)
class QuestionBlock:
    result: QuestionResult
    chart: Chart | None
    tables: tuple[Table, ...]
    texts: tuple[str, ...]
    """Free-text answers; always empty in the public report."""
    texts_total: int = 0
    series_chart: Chart | None = None
    """The trend across three or more waves (``result.series``), with ``series_table``."""
    series_table: Table | None = None
    series_note: str | None = None
    """Why there is no trend line although the survey has three waves (the series stopped)."""
    quotes: tuple[CategoryQuotes, ...] = ()
    """Masked quotes under the categories table (public: released, not in hidden categories)."""


@dataclass(frozen=True)
class SectionBlock:
    id: str
    title: str
    questions: tuple[QuestionBlock, ...]


@dataclass(frozen=True)
class Report:
    input: ReportInput
    findings: tuple[FindingGroup, ...]
    """The detailed findings with base, test and p (the web's results page lists them)."""
    sections: tuple[SectionBlock, ...]
    kurzfassung: Kurzfassung
    """The report's first page (``kurzfassung.py``)."""

    @property
    def result(self) -> WaveResult:
        return self.input.result

    @property
    def response_rate(self) -> float | None:
        if self.input.fieldwork is not None:
            return self.input.fieldwork.response_rate
        invited = self.input.invited
        return self.result.n / invited if invited else None


def build_report(data: ReportInput) -> Report:
    """Charts, tables and findings for every question, in questionnaire order, and the
    Kurzfassung."""
    result = data.result
    sections = []
    for section in data.questionnaire.sections:
        blocks = []
        for question in section.questions:
            try:
                answer = result.question(question.id)
            except KeyError:
                continue
            texts = () if data.public else tuple(data.free_texts.get(question.id, ()))
            trend = series_chart.drawable(answer.series)
            blocks.append(
                QuestionBlock(
                    answer,
                    chart_for(answer, result.wave, result.compare),
                    tuple(question_tables(answer, result.wave)),
                    texts[:FREE_TEXT_LIMIT],
                    0 if data.public else data.free_text_totals.get(question.id, len(texts)),
                    series_chart=series_chart.chart(answer) if trend else None,
                    series_table=series_table(answer) if trend else None,
                    series_note=(
                        answer.series.stopped if answer.series is not None and not trend else None
                    ),
                    quotes=quotes_of(answer, data.quotes.get(question.id, {}), public=data.public),
                )
            )
        if blocks:
            sections.append(SectionBlock(section.id, section.title, tuple(blocks)))
    findings = key_findings(result, data.questionnaire, skip_sections=data.profile_sections)
    return Report(data, tuple(findings), tuple(sections), kurzfassung_for(data))


def invited_text(data: ReportInput) -> str | None:
    """How many were invited, as the method section and the title page say it: the wave's
    invitation records when it was sent out by e-mail, else the register's size."""
    if data.fieldwork is not None:
        return fmt.number(data.fieldwork.invited) if data.fieldwork.invited else None
    return fmt.number(data.invited) if data.invited else None


def answer_languages(counts: dict[str, int | None] | None) -> str | None:
    """ "Deutsch 40, Englisch 3, Leichte Sprache weniger als 5" for the method section (issue 21):
    the report stays German and says in which languages the answers were given."""
    if not counts:
        return None
    from umfrage import languages as known_languages

    parts = []
    for code, count in counts.items():
        language = known_languages.get(code)
        name = language.name_de if language is not None else code
        parts.append(f"{name} {fmt.number(count)}" if count is not None else f"{name} (wenige)")
    return ", ".join(parts)
