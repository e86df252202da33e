"""Which changes to a questionnaire are wording fixes, and deriving the next wave's questionnaire.

Once a wave has answers, its questionnaire may only change in ways that keep every stored answer
meaning what it meant: texts may be corrected, but ids, codes, types, conditions and limits stay.
Pure functions on spec objects and YAML text; no Django.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.safeyaml import load_yaml
from umfrage.questionnaire.spec import Questionnaire
from umfrage.questionnaire.types.number import WAVE_YEAR

# Fields that only say something to people, and the comparisons with earlier waves (a recode
# can be corrected after the fact): changing them does not change what a stored answer means.
# A codebook category's description and key words guide the coders only.
WORDING_FIELDS = frozenset(
    {
        "text",
        "help",
        "label",
        "title",
        "intro",
        "privacy",
        "note",
        "unit",
        "estimated_minutes",
        "compare",
        "description",
        "keywords",
    }
)


def _structure(value: Any) -> Any:
    """A spec dump without its wording: what stored answers depend on."""
    if isinstance(value, dict):
        return {k: _structure(v) for k, v in value.items() if k not in WORDING_FIELDS}
    if isinstance(value, list | tuple):
        return [_structure(v) for v in value]
    return value


def _codes(question: dict[str, Any], key: str) -> list[str]:
    return [entry["code"] for entry in question.get(key) or ()]


def structural_changes(old: Questionnaire, new: Questionnaire) -> list[str]:
    """What ``new`` changes beyond wording, in plain German; empty if it only fixes wording.

    Section structure counts too (questions moved between sections change the pages and the
    section conditions), but the order of sections and questions within one is kept as well,
    because conditions may only look back.
    """
    changes: list[str] = []
    if old.wave != new.wave:
        changes.append(f"Die Welle heißt jetzt „{new.wave}“ statt „{old.wave}“.")
    if old.anonymous != new.anonymous:
        changes.append("Die Einstellung „anonymous“ wurde geändert.")
    old_questions = {q.id: q for q in old.questions()}
    new_questions = {q.id: q for q in new.questions()}
    for qid in old_questions:
        if qid not in new_questions:
            changes.append(f"Die Frage „{qid}“ wurde entfernt.")
    for qid in new_questions:
        if qid not in old_questions:
            changes.append(f"Die Frage „{qid}“ ist neu.")
    for qid in [q for q in old_questions if q in new_questions]:
        changes.extend(_question_changes(qid, old_questions[qid], new_questions[qid]))
    old_layout = [(s.id, [q.id for q in s.questions]) for s in old.sections]
    new_layout = [(s.id, [q.id for q in s.questions]) for s in new.sections]
    if old_layout != new_layout and old_questions.keys() == new_questions.keys():
        changes.append("Abschnitte oder die Reihenfolge der Fragen wurden geändert.")
    old_conditions = [_structure(s.model_dump(by_alias=True)).get("if") for s in old.sections]
    new_conditions = [_structure(s.model_dump(by_alias=True)).get("if") for s in new.sections]
    if old_layout == new_layout and old_conditions != new_conditions:
        changes.append("Die Bedingung eines Abschnitts wurde geändert.")
    return changes


# Limits whose widening keeps every stored answer valid: a higher maximum (a founding year up to
# the year of the wave), a lower minimum, a longer text. Narrowing them is structural.
_UPPER_LIMITS = ("max", "max_length", "other_max_length")
_LOWER_LIMITS = ("min",)


def _widened(key: str, before: Any, after: Any) -> bool:
    if key in _UPPER_LIMITS:
        return after is None or (before is not None and after >= before)
    if key in _LOWER_LIMITS:
        return after is None or (before is not None and after <= before)
    return False


def _question_changes(qid: str, old: Any, new: Any) -> list[str]:
    if old.type != new.type:
        return [f"Die Frage „{qid}“ hat jetzt den Typ {new.type} statt {old.type}."]
    before = _structure(old.model_dump(by_alias=True))
    after = _structure(new.model_dump(by_alias=True))
    if before == after:
        return []
    found: list[str] = []
    for key, what in (("options", "Antwortcodes"), ("scale", "Skalenwerte"), ("items", "Zeilen")):
        if _codes(before, key) != _codes(after, key):
            found.append(f"Die Frage „{qid}“ hat andere {what} (Codes oder Reihenfolge).")
    other = sorted(
        key
        for key in before.keys() | after.keys()
        if key not in ("options", "scale", "items")
        and before.get(key) != after.get(key)
        and not _widened(key, before.get(key), after.get(key))
    )
    same_codes = all(_codes(before, k) == _codes(after, k) for k in ("options", "scale", "items"))
    options_differ = any(before.get(k) != after.get(k) for k in ("options", "scale", "items"))
    if same_codes and options_differ:
        other.append("options")
    if other:
        names = ", ".join(sorted(set(other)))
        found.append(f"Bei der Frage „{qid}“ wurde mehr als der Wortlaut geändert ({names}).")
    return found


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def next_wave_text(text: str, name: str, *, previous: str, wave: str, title: str) -> str:
    """The questionnaire of a new wave, copied from ``previous``'s YAML text.

    Sets ``wave`` and ``title`` and starts a ``compare`` entry for the previous wave on every
    question that has none yet, so that changed codes can get their recode right there. Comments
    and layout of the original are kept.
    """
    yaml = _yaml()
    data = load_yaml(text, name, yaml)
    if not isinstance(data, CommentedMap):
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message="Der Fragebogen der Vorwelle ist leer oder kein Fragebogen.",
                    fix="Korrigieren Sie zuerst den Fragebogen der Vorwelle.",
                )
            ]
        )
    # Quoted, so that a wave id like 2025 stays text.
    data["wave"] = DoubleQuotedScalarString(wave)
    old_title = data.get("title")
    if isinstance(old_title, CommentedMap):
        # A title in several languages (issue 21): German becomes ``title``, the translations
        # keep their wording with the earlier wave's id replaced by the new one.
        for language in list(old_title):
            if language == "de":
                old_title[language] = title
            elif isinstance(old_title[language], str):
                old_title[language] = old_title[language].replace(previous, wave)
    else:
        data["title"] = title
    moving = _year_limited(text, name, previous=previous, wave=wave)
    for section in data.get("sections") or ():
        for question in section.get("questions") or ():
            if not isinstance(question, CommentedMap):
                continue
            if question.get("id") in moving and question.get("max") != WAVE_YEAR:
                # A limit that was the year of the earlier wave follows the wave (an alliance
                # founded in 2025 can answer the 2025 wave); year_limits_moved names them. A
                # ``wave_year`` limit already follows the wave and stays as written.
                question["max"] = int(wave)
            compare = question.get("compare")
            if compare is None:
                compare = CommentedSeq()
                question["compare"] = compare
            if not any(str(entry.get("wave")) == previous for entry in compare):
                entry = CommentedMap()
                entry["wave"] = DoubleQuotedScalarString(previous)
                compare.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def with_privacy(text: str, name: str, notice: str) -> str:
    """The questionnaire text with ``privacy`` set to ``notice`` (removed when empty).

    The notice lives in the questionnaire, so that it travels with the survey folder; it is
    wording, so it may change even once answers exist.
    """
    yaml = _yaml()
    data = load_yaml(text, name, yaml)
    if not isinstance(data, CommentedMap):
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message="Der Fragebogen ist leer oder kein Fragebogen.",
                    fix="Korrigieren Sie zuerst den Fragebogen.",
                )
            ]
        )
    notice = notice.replace("\r\n", "\n").strip()
    if notice:
        value = LiteralScalarString(notice + "\n")
        if "privacy" in data:
            data["privacy"] = value
        else:
            # Where people look for it: after the introduction, before the sections.
            keys = list(data.keys())
            anchor = "intro" if "intro" in keys else "title"
            data.insert(keys.index(anchor) + 1 if anchor in keys else 0, "privacy", value)
    elif "privacy" in data:
        del data["privacy"]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _year_limited(text: str, name: str, *, previous: str, wave: str) -> set[str]:
    """Ids of the questions whose upper limit is the year of ``previous`` (waves named by year)."""
    if not (previous.isdigit() and wave.isdigit() and int(wave) > int(previous)):
        return set()
    from umfrage.questionnaire.loader import questionnaire_from_text

    try:
        questionnaire = questionnaire_from_text(text, name)
    except ProblemsError:
        return set()
    return {q.id for q in questionnaire.questions() if q.upper_limit() == int(previous)}


def year_limits_moved(
    old: Questionnaire, new: Questionnaire, *, previous: str, wave: str
) -> list[str]:
    """The questions whose limit ``next_wave_text`` moved from ``previous``'s year to ``wave``'s."""
    if not (previous.isdigit() and wave.isdigit()):
        return []
    before = {q.id: q.upper_limit() for q in old.questions()}
    return [
        f"Frage „{q.id}“: Der Höchstwert {previous} (das Jahr der Welle {previous}) ist jetzt "
        f"{wave}, das Jahr dieser Welle."
        for q in new.questions()
        if before.get(q.id) == int(previous) and q.upper_limit() == int(wave)
    ]


def year_limit_hints(questionnaire: Questionnaire, *, previous: str, wave: str) -> list[str]:
    """Number questions of a copied questionnaire whose upper limit is the previous wave's year.

    Waves are usually named by year; a founding-year question limited to ``max: 2024`` in the
    2024 wave would refuse "2025" in the 2025 wave. Only a hint: the limit may be meant.
    """
    if not (previous.isdigit() and wave.isdigit() and int(wave) > int(previous)):
        return []
    return [
        f"Frage „{q.id}“: Der Höchstwert {int(limit)} ist das Jahr der Welle {previous}. "
        f"Soll die Frage in Welle {wave} auch {wave} zulassen, ändern Sie „max: {int(limit)}“ "
        f"in „max: {wave}“."
        for q in questionnaire.questions()
        if (limit := q.upper_limit()) is not None and limit == int(previous)
    ]
