"""One LimeSurvey question → our question(s): the builder that walks the model question by question.

It collects, while building, everything the rest of the conversion needs: the references of
LimeSurvey variable names (for relevance equations), the response column names, the relevance
equations and array filters to translate once all questions exist, and the plan entries
(what maps where, what is not carried over and why, with the question code and line).
What a question becomes is up to the module of its type in :mod:`.types` (chosen by the
LimeSurvey type letter in :data:`.typemap.TYPES`); the builder offers them the shared steps
(ids, texts, options, "other", the model's subquestions and attributes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from umfrage.importers.limesurvey.expressions import CleanText, Reference, clean_text
from umfrage.importers.limesurvey.typemap import OTHER_CODE, TYPES, builtin_label, fixed_answers
from umfrage.importers.limesurvey.types import LimeSurveyType, module_for
from umfrage.importers.limesurvey.xmlread import LsAnswer, LsGroup, LsQuestion, LsSurvey
from umfrage.importers.plan import Dropped, Mapped
from umfrage.importers.tabular import Target
from umfrage.questionnaire.types import QUESTION_TYPES


def make_id(title: str, fallback: str) -> str:
    """A question id from a LimeSurvey code: lower case, digits, _; starting with a letter."""
    text = re.sub(r"[^a-z0-9_]+", "_", title.lower()).strip("_")
    if not text:
        text = fallback
    if not text[0].isalpha():
        text = f"q_{text}"
    return text[:60]


def make_code(code: str, fallback: str) -> str:
    text = re.sub(r"[^A-Za-z0-9_]+", "_", code).strip("_")
    if not text:
        text = fallback
    if not text[0].isalnum():
        text = f"c{text}"
    return text[:40]


def _set(value: str) -> bool:
    return value not in ("", "0")


def _on(value: str) -> bool:
    return value.lower() in ("1", "y", "yes", "true", "random")


# LimeSurvey attributes our format has no counterpart for: name → (is it in use?, reason).
UNSUPPORTED_ATTRIBUTES: dict[str, tuple[Callable[[str], bool], str]] = {
    "min_answers": (
        _set,
        "eine Mindestzahl an Antworten hat keine Entsprechung; jede Anzahl wird angenommen",
    ),
    "random_order": (
        _on,
        "zufällige Reihenfolge der Antworten hat keine Entsprechung; es gilt die Reihenfolge der Datei",
    ),
    "answer_order": (
        lambda value: value.lower() in ("random", "alphabetical"),
        "eine andere Reihenfolge der Antworten hat keine Entsprechung; es gilt die Reihenfolge der Datei",
    ),
    "subquestion_order": (
        lambda value: value.lower() in ("random", "alphabetical"),
        "eine andere Reihenfolge der Teilfragen hat keine Entsprechung; es gilt die Reihenfolge der Datei",
    ),
    "random_group": (
        _set,
        "zufällige Reihenfolge der Fragen (Zufallsgruppe) hat keine Entsprechung; es gilt die Reihenfolge der Datei",
    ),
}


class QuestionBuilder:
    """Walks the LimeSurvey model once and collects questions, references and drops."""

    def __init__(self, survey: LsSurvey, language: str) -> None:
        self.survey = survey
        self.language = language
        self.used_ids: set[str] = set()
        self.references: dict[str, Reference] = {}
        self.columns: dict[str, Target] = {}
        self.mapped: list[Mapped] = []
        self.dropped: list[Dropped] = list(survey.dropped)
        self.relevance: dict[str, tuple[str, int, str]] = {}
        """our qid → (LimeSurvey expression, line, LimeSurvey code)."""
        self.filters: dict[str, tuple[str, int, str]] = {}
        self.note = ""
        self.constants: dict[str, str] = {}
        """ExpressionScript that stands for a fixed text (``SURVEYNAME``) → that text."""
        self.builtin_used = False

    # texts ---------------------------------------------------------------------------------

    def pick(self, texts: dict[str, Any]) -> Any:
        if texts.get(self.language):
            return texts[self.language]
        if texts.get(self.survey.base_language):
            return texts[self.survey.base_language]
        return next((t for t in texts.values() if t), None)

    def text_line(self, element: LsQuestion | LsAnswer | LsGroup) -> int:
        """The line of the row holding the element's text in the chosen language."""
        lines = element.text_lines
        return lines.get(self.language) or lines.get(self.survey.base_language) or element.line

    def builtin(self, key: str, **values: str) -> str:
        """A label LimeSurvey writes itself ("Ja", "Sonstiges"), in the questionnaire's language."""
        self.builtin_used = True
        return builtin_label(self.language, key, **values)

    def clean(self, raw: str, owner: str, what: str, line: int | None) -> CleanText:
        """``raw`` as plain text; what was taken out is noted in the plan under ``owner``."""
        cleaned = clean_text(raw, self.constants)
        for expression, text in cleaned.translated:
            self.mapped.append(Mapped(f"{owner}: {what} {expression}", f"„{text}“"))
        if cleaned.expressions:
            shown = ", ".join(cleaned.expressions[:3])
            more = (
                f" und {len(cleaned.expressions) - 3} weitere"
                if len(cleaned.expressions) > 3
                else ""
            )
            self.dropped.append(
                Dropped(
                    f"{owner}: ExpressionScript im {what} ({shown}{more})",
                    "unser Fragebogen kann keine Werte einsetzen; aus dem Text entfernt, prüfen Sie den Wortlaut",
                    line,
                )
            )
        if cleaned.scripts:
            self.dropped.append(
                Dropped(
                    f"{owner}: <script>/<style> im {what}",
                    "Skripte und Stile werden nicht übernommen; entfernt",
                    line,
                )
            )
        return cleaned

    def text_or_code(
        self, texts: dict[str, str], code: str, owner: str, what: str, line: int
    ) -> str:
        """A text for a question or option; never silently the bare code where there was markup."""
        picked = self.pick({k: v for k, v in texts.items() if v.strip()})
        cleaned = self.clean(picked or "", owner, what, line)
        if cleaned.text:
            if cleaned.images_without_alt:
                self.dropped.append(
                    Dropped(
                        f"{owner}: Bild im {what}",
                        "Bilder werden nicht übernommen; das Bild hat keinen Alternativtext",
                        line,
                    )
                )
            return cleaned.text
        if cleaned.images:
            self.dropped.append(
                Dropped(
                    f"{owner}: {what} ist nur ein Bild ohne Alternativtext",
                    "Bilder werden nicht übernommen; als Text steht ein Platzhalter da, ersetzen Sie ihn",
                    line,
                )
            )
            return self.builtin("image", code=code)
        if cleaned.only_markup:
            self.dropped.append(
                Dropped(
                    f"{owner}: {what} enthält keinen lesbaren Text",
                    f"als Text steht der Code „{code}“ da; ersetzen Sie ihn",
                    line,
                )
            )
        return code

    def question_text(self, q: LsQuestion, owner: str | None = None) -> tuple[str, str]:
        owner = owner or q.title
        texts = {k: v[0] for k, v in q.texts.items()}
        text = self.text_or_code(texts, q.title, owner, "Fragetext", self.text_line(q))
        helps = {k: v[1] or "" for k, v in q.texts.items()}
        picked = self.pick({k: v for k, v in helps.items() if v.strip()})
        return text, self.clean(picked or "", owner, "Hilfetext", self.text_line(q)).text

    def answer_label(self, q: LsQuestion, a: LsAnswer) -> str:
        owner = f"{q.title}: Antwort {a.code}"
        return self.text_or_code(a.texts, a.code, owner, "Antworttext", self.text_line(a))

    def localized(self, q: LsQuestion, attribute: str) -> str:
        values = self.survey.localized_attributes.get(q.qid, {})
        picked = self.pick(
            {lang: v for (name, lang), v in values.items() if name == attribute and v.strip()}
        )
        return self.clean(picked or "", q.title, attribute, self.attribute_line(q, attribute)).text

    def attribute(self, q: LsQuestion, name: str) -> str:
        return self.survey.attributes.get(q.qid, {}).get(name, "").strip()

    def attribute_line(self, q: LsQuestion, name: str) -> int:
        return self.survey.attribute_lines.get(q.qid, {}).get(name, q.line)

    # ids -----------------------------------------------------------------------------------

    def new_id(self, title: str, fallback: str, source: str) -> str:
        base = make_id(title, fallback)
        qid = base
        n = 2
        while qid in self.used_ids:
            qid = f"{base[:56]}_{n}"
            n += 1
        self.used_ids.add(qid)
        if qid != base:
            self.mapped.append(Mapped(source, qid, f"umbenannt, weil „{base}“ schon vergeben ist"))
        return qid

    # the model -------------------------------------------------------------------------------

    def children(self, q: LsQuestion, scale: int | None = None) -> list[LsQuestion]:
        subs = [
            s
            for s in self.survey.questions.values()
            if s.parent == q.qid and (scale is None or s.scale == scale)
        ]
        return sorted(subs, key=lambda s: (s.order, s.qid))

    def answers_of(self, q: LsQuestion, scale: int = 0) -> list[LsAnswer]:
        found = [a for a in self.survey.answers if a.qid == q.qid and a.scale == scale]
        return sorted(found, key=lambda a: (a.order, a.code))

    def options(self, q: LsQuestion, answers: list[tuple[str, str]]) -> list[dict[str, Any]]:
        options: list[dict[str, Any]] = []
        seen: set[str] = set()
        for index, (code, label) in enumerate(answers, start=1):
            ours = make_code(code, f"a{index}")
            if ours in seen:
                self.dropped.append(
                    Dropped(
                        f"{q.title}: Antwortcode „{code}“",
                        f"doppelter Code (als „{ours}“) in derselben Frage; nur der erste wird übernommen",
                        q.line,
                    )
                )
                continue
            if ours != code:
                self.mapped.append(
                    Mapped(f"{q.title}: Code „{code}“", ours, "Code an unser Format angepasst")
                )
            seen.add(ours)
            options.append({"code": ours, "label": label})
        return options

    def coded(self, q: LsQuestion, scale: int = 0) -> list[tuple[str, str]]:
        return [(a.code, self.answer_label(q, a)) for a in self.answers_of(q, scale)]

    def fixed(
        self, table: dict[str, list[tuple[str, str]]], q: LsQuestion
    ) -> list[tuple[str, str]]:
        answers = fixed_answers(table, q.type, self.language)
        if any(label != code for code, label in answers):
            self.builtin_used = True
        return answers

    def sub_items(self, q: LsQuestion, scale: int = 0) -> list[tuple[str, str]]:
        return [
            (s.title, self.question_text(s, f"{q.title}_{s.title}")[0])
            for s in self.children(q, scale)
        ]

    def add_other(self, q: LsQuestion, options: list[dict[str, Any]], qid: str) -> None:
        """The "other" option, where LimeSurvey shows it (``other_position``), and its columns."""
        label = self.localized(q, "other_replace_text") or self.builtin("other")
        # Not "other": a multi question's `<qid>.other` column is the free text already.
        code = OTHER_CODE
        while code in {o["code"] for o in options}:
            code += "_"
        options.insert(self.other_index(q, options), {"code": code, "label": label, "other": True})
        self.columns[f"{q.title}[other]"] = Target("cell", f"{qid}.other")
        self.columns[f"{q.title}_other"] = Target("cell", f"{qid}.other")
        self.references[f"{q.title}_other"] = Reference("other", qid)

    def other_index(self, q: LsQuestion, options: list[dict[str, Any]]) -> int:
        position = self.attribute(q, "other_position").lower()
        if position in ("", "default", "end"):
            return len(options)
        if position == "beginning":
            self.mapped.append(
                Mapped(f"{q.title}: other_position = beginning", "„Sonstiges“ zuerst")
            )
            return 0
        if position == "specific":
            after = self.attribute(q, "other_position_code")
            codes = [o["code"] for o in options]
            if make_code(after, after) in codes:
                self.mapped.append(
                    Mapped(f"{q.title}: other_position_code = {after}", f"„Sonstiges“ nach {after}")
                )
                return codes.index(make_code(after, after)) + 1
        self.dropped.append(
            Dropped(
                f"{q.title}: Position von „Sonstiges“ ({position} {self.attribute(q, 'other_position_code')})".strip(),
                "nicht verstanden; „Sonstiges“ steht am Ende",
                self.attribute_line(q, "other_position"),
            )
        )
        return len(options)

    # questions -------------------------------------------------------------------------------

    def convert(self, q: LsQuestion) -> list[dict[str, Any]]:
        """Our question(s) for one LimeSurvey question; [] if dropped (reason recorded)."""
        info = TYPES.get(q.type)
        if info is None:
            self.dropped.append(
                Dropped(
                    f"{q.title} (Typ „{q.type}“)",
                    f"unbekannter LimeSurvey-Fragetyp „{q.type}“ (<questions>, qid {q.qid})",
                    q.line,
                )
            )
            return []
        source = f"{q.title} ({info.name})"
        if info.kind == "drop":
            self.dropped.append(Dropped(source, info.reason, q.line))
            return []
        module = module_for(info.kind)
        self.note = ""
        base = self._base(q)
        built = (
            self._split(q, module, source, base)
            if info.split
            else module.build(self, q, source, base)
        )
        kept = self._valid(q, source, built)
        if kept:
            self._remember(q, source, kept)
        return kept

    def _base(self, q: LsQuestion) -> dict[str, Any]:
        text, help_text = self.question_text(q)
        base: dict[str, Any] = {"text": text}
        if help_text:
            base["help"] = help_text
        if q.mandatory:
            base["required"] = True
        return base

    def _valid(
        self, q: LsQuestion, source: str, built: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        kept: list[dict[str, Any]] = []
        for question in built:
            problem = _invalid(question)
            if problem:
                self.dropped.append(Dropped(source, problem, q.line))
                self.used_ids.discard(question["id"])
                continue
            kept.append(question)
        return kept

    def _remember(self, q: LsQuestion, source: str, kept: list[dict[str, Any]]) -> None:
        """Plan entries, conditions and filters of a question that was taken over."""
        for sub in self.children(q):
            if sub.relevance not in ("", "1", "true"):
                self.dropped.append(
                    Dropped(
                        f"Bedingung der Teilfrage {q.title}_{sub.title}: {sub.relevance}",
                        "Bedingungen einzelner Zeilen oder Optionen haben keine Entsprechung; sie werden immer gezeigt",
                        sub.line,
                    )
                )
        self.mapped.append(
            Mapped(source, ", ".join(f"{x['id']} ({x['type']})" for x in kept), self.note)
        )
        if q.relevance and q.relevance not in ("1", "true"):
            for question in kept:
                self.relevance[question["id"]] = (q.relevance, q.line, q.title)
        if self.attribute(q, "array_filter") or self.attribute(q, "array_filter_exclude"):
            for question in kept:
                self.filters[question["id"]] = (
                    self.attribute(q, "array_filter"),
                    q.line,
                    self.attribute(q, "array_filter_exclude"),
                )
        self._unsupported(q)

    def _unsupported(self, q: LsQuestion) -> None:
        """Attributes and defaults our format cannot express, each named in the plan."""
        for attribute, (test, reason) in UNSUPPORTED_ATTRIBUTES.items():
            value = self.attribute(q, attribute)
            if test(value):
                self.dropped.append(
                    Dropped(
                        f"{q.title}: {attribute} = {value}",
                        reason,
                        self.attribute_line(q, attribute),
                    )
                )
        subs = {s.qid: s.title for s in self.children(q)}
        for default in self.survey.defaults:
            if default.qid != q.qid:
                continue
            value = self.pick({k: v for k, v in default.values.items() if v.strip()})
            if not value:
                continue
            where = f"{q.title}_{subs[default.sqid]}" if default.sqid in subs else q.title
            self.dropped.append(
                Dropped(
                    f"{where}: Standardwert „{value}“",
                    "Vorbelegungen gibt es in unserem Format nicht; die Frage beginnt leer",
                    default.line,
                )
            )

    def _split(
        self, q: LsQuestion, module: LimeSurveyType[Any], source: str, base: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """One question per subquestion, each built by the module of the type."""
        result = []
        subs = self.children(q)
        for sub in subs:
            qid = self.new_id(f"{q.title}_{sub.title}", f"q{q.qid}_{sub.qid}", source)
            label = self.question_text(sub, f"{q.title}_{sub.title}")[0]
            part = {**base, "text": f"{base['text']} – {label}"}
            result.append(module.build_part(self, q, qid, part))
            self.columns[f"{q.title}[{sub.title}]"] = Target("cell", qid)
            self.references[f"{q.title}_{sub.title}"] = Reference("question", qid)
        if not subs:
            self.dropped.append(Dropped(source, "hat keine Teilfragen", q.line))
        return result


def _invalid(question: dict[str, Any]) -> str | None:
    """Why a built question is not valid in our format (None if it is)."""
    from pydantic import ValidationError

    model = QUESTION_TYPES[question["type"]]
    try:
        model.model_validate(question)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        if first["type"] == "too_short" and where in ("options", "scale", "items"):
            return {
                "options": "hat weniger Antwortoptionen als nötig (mindestens 2, Mehrfachauswahl 1)",
                "scale": "hat keine Skala mit mindestens 2 Werten",
                "items": "hat keine Zeilen (Teilfragen)",
            }[where]
        return f"ist in unserem Format nicht gültig ({where}: {first['msg']})"
    return None


# ---------------------------------------------------------------------------------------------
# The whole conversion
