"""The report's input from plain inputs: a loaded wave and the survey's facts. Pure Python.

Whether the wave came from a survey folder (:func:`folder_source`, here) or from the database
(``umfrage.loaders.report``, on the Django side), :func:`assemble` analyses it and gathers the
report's facts the same way; the CLI, the web's results pages and the publication snapshots all
end here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from umfrage.analysis.sources import Loaded, analyse_loaded, load_folder
from umfrage.analysis.types import module_for
from umfrage.reporting.masking import Masker
from umfrage.reporting.quotes import ChosenQuote, masked_quotes
from umfrage.reporting.report import FREE_TEXT_LIMIT, Fieldwork, ReportInput


@dataclass(frozen=True)
class ReportSource:
    """A loaded wave (and the compared one) with what the report says about the fieldwork."""

    loaded: Loaded
    invited: int | None = None
    """The register's size, standing for the invited when there is no ``fieldwork``."""
    fieldwork: Fieldwork | None = None
    quotes: tuple[ChosenQuote, ...] = ()
    """The quotes staff chose for the wave's coded texts, unmasked (a database wave only)."""
    masker: Masker = field(default_factory=Masker)
    """Masks the quotes as the report is built (names from the survey's register)."""


def folder_source(folder: Path, wave: str, compare: str | None) -> ReportSource:
    """A wave of a survey folder; the register ``organisations.csv`` stands for the invited.

    With three or more waves up to ``wave`` the earlier ones come along for the series."""
    return ReportSource(load_folder(folder, wave, compare, None), invited_in_folder(folder))


def invited_in_folder(folder: Path) -> int | None:
    from umfrage.surveyfolder.organisations import read_register

    register = folder / "organisations.csv"
    if not register.exists():
        return None
    return len(read_register(register, "organisations.csv").organisations)


def assemble(
    source: ReportSource,
    wave: str,
    compare: str | None,
    *,
    public: bool,
    weighted: bool = False,
    by: str | None = None,
) -> ReportInput:
    """Analyse the wave and gather the report's facts.

    ``by`` adds the cross-tab by that single choice to every result (the web's results page).
    """
    loaded = source.loaded
    result = analyse_loaded(loaded, by=by, weighted=weighted, publish=public)
    frame, config = loaded.frame, loaded.config
    entry = config.wave(wave)
    questionnaire = frame.questionnaire
    free_texts: dict[str, tuple[str, ...]] = {}
    totals: dict[str, int] = {}
    if not public:
        for question in questionnaire.questions():
            # The columns with respondents' words (a text's `.codes` column holds category codes).
            for column in module_for(question).free_text_columns(question):
                answered = frame.data[column].dropna()
                totals[question.id] = totals.get(question.id, 0) + len(answered)
                # Only the first texts: rendering must not grow with the number of responses.
                texts = answered.head(FREE_TEXT_LIMIT).astype(str).tolist()
                kept = (*free_texts.get(question.id, ()), *texts)
                free_texts[question.id] = kept[:FREE_TEXT_LIMIT]
    return ReportInput(
        result=result,
        questionnaire=questionnaire,
        survey_title=config.title,
        wave_title=entry.title or f"Welle {wave}",
        opens=entry.opens,
        closes=entry.closes,
        invited=source.invited,
        fieldwork=source.fieldwork,
        compare_title=(config.wave(compare).title or compare) if compare else None,
        synthetic_note=config.note if config.synthetic else None,
        public=public,
        free_texts=free_texts,
        free_text_totals=totals,
        # Masked here, for both versions: the quotes leave the internal view with the report.
        quotes=masked_quotes(source.quotes, source.masker, public=public),
        # The first part describes the respondents (Land, size, …); with more parts, the findings
        # are drawn from the others.
        profile_sections=(questionnaire.sections[0].id,) if len(questionnaire.sections) > 1 else (),
    )
