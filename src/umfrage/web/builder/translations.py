"""The translations overview of the builder: every text respondents read, in every language of
the questionnaire, with the missing translations marked (issue 21).

Built from the parsed questionnaire (``texts_in``, the same walk ``umfrage check`` does): a text
the check asks a translation of is a row here, and a row misses a language exactly when the check
says „hat keine Fassung in …“. Each row names the builder form that edits it and the field there.
"""

from __future__ import annotations

from dataclasses import dataclass

from umfrage import languages as known_languages
from umfrage.languages import GERMAN
from umfrage.questionnaire.checks import STAFF_ONLY
from umfrage.questionnaire.spec import Questionnaire
from umfrage.questionnaire.texts import Text, texts_in
from umfrage.web.builder.core import translated_name
from umfrage.web.builder.types import BUILDER_TYPES

QUESTIONNAIRE_PARTS = {
    "title": "Titel des Fragebogens",
    "intro": "Einleitung des Fragebogens",
    "privacy": "Datenschutzhinweis",
}
SECTION_PARTS = {"title": "Titel", "intro": "Einleitung"}
QUESTION_PARTS = {"text": "Fragetext", "help": "Hinweis"}


@dataclass(frozen=True)
class Version:
    code: str
    language: str
    lang: str
    dir: str
    text: str
    missing: bool


@dataclass(frozen=True)
class TextRow:
    """One text respondents read."""

    where: str
    form: str
    """Which form edits it: ``question``, ``section`` or ``file`` (the file view)."""
    target: str
    """The question's or section's id (empty for the file view)."""
    field: str
    """The form field of its German text (``text``, ``options-1-label``, ``s-unit``)."""
    versions: tuple[Version, ...]

    @property
    def missing(self) -> list[str]:
        return [v.code for v in self.versions if v.missing]

    @property
    def anchor(self) -> str:
        """The id of the field to jump to: the first missing translation, else German's."""
        if self.form == "file":
            return ""
        code = next(iter(self.missing), "")
        return "f-" + (translated_name(self.field, code) if code else self.field)


@dataclass(frozen=True)
class Overview:
    languages: tuple[str, ...]
    rows: list[TextRow]

    @property
    def several(self) -> bool:
        return len(self.languages) > 1

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(code, German name, how many texts miss it) for every language besides German."""
        return [
            (code, _name(code), sum(code in row.missing for row in self.rows))
            for code in self.languages
            if code != GERMAN
        ]

    @property
    def total_missing(self) -> int:
        return sum(count for _code, _name_, count in self.counts)


def _name(code: str) -> str:
    found = known_languages.get(code)
    return found.name_de if found else code


def _versions(text: Text, languages: tuple[str, ...]) -> tuple[Version, ...]:
    given = text.translations or {GERMAN: str(text)}
    found = []
    for code in languages:
        language = known_languages.get(code)
        value = str(given.get(code) or "")
        found.append(
            Version(
                code,
                _name(code),
                language.html_lang if language else code,
                "rtl" if language is not None and language.direction == "rtl" else "",
                value,
                not value.strip(),
            )
        )
    return tuple(found)


def overview(questionnaire: Questionnaire) -> Overview:
    """Every respondent text of ``questionnaire`` in reading order, per declared language."""
    languages = questionnaire.respondent_languages()
    rows: list[TextRow] = []
    for path, text in texts_in(questionnaire):
        if STAFF_ONLY.intersection(p for p in path if isinstance(p, str)):
            continue
        versions = _versions(text, languages)
        if path[0] != "sections" or len(path) < 3:
            key = str(path[-1])
            rows.append(TextRow(QUESTIONNAIRE_PARTS.get(key, key), "file", "", key, versions))
            continue
        section = questionnaire.sections[int(path[1])]
        if path[2] != "questions":
            key = str(path[2])
            where = f"Abschnitt „{section.title}“: {SECTION_PARTS.get(key, key)}"
            rows.append(TextRow(where, "section", section.id, key, versions))
            continue
        question = section.questions[int(path[3])]
        rest = path[4:]
        kind = BUILDER_TYPES.get(question.type_name)
        key = str(rest[0])
        field = key
        part = QUESTION_PARTS.get(key, key)
        if kind is not None:
            setting = next((s for s in kind.settings if s.key == key), None)
            spec = next((s for s in kind.lists if s.key == key), None)
            if setting is not None:
                field, part = f"s-{key}", setting.label
            elif spec is not None and len(rest) > 1:
                field, part = f"{key}-{rest[1]}-label", f"{spec.entry} {int(rest[1]) + 1}"
        where = f"Frage „{question.id}“: {part}"
        rows.append(TextRow(where, "question", question.id, field, versions))
    return Overview(languages, rows)
