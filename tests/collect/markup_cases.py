"""Question markup in many states, kept as reviewable snapshots of its exact bytes.

Every question of the example questionnaires and of the test questionnaires (plus one with
awkward labels) is rendered unanswered, answered, partly answered, with "other" text, with
errors, with posted raw values and, for rankings, with rankable subsets. ``test_markup.py`` holds
each question's cases to one snapshot file, ``__snapshots__/test_markup/<test>[<questionnaire>-
<question>].html`` (written by :func:`readable`): a comment line names each case, the HTML
follows with a line break after every tag that another tag follows, so a diff shows the changed
tag. The encoding is reversible (:func:`parse` gives back every case's exact string; the test
checks that too), so an equal file means byte-for-byte equal markup.

    .venv/bin/python -m pytest tests/collect/test_markup.py --snapshot-update   # record again
    .venv/bin/python -m tests.collect.markup_cases --dump DIR   # every case's HTML, one file each
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# Labels, help texts and units with characters that must be escaped (and braces, which a
# template built with str.format must not take for placeholders).
AWKWARD = """\
wave: "2031"
title: Sonderzeichen
language: de
sections:
  - id: S
    title: Alles mögliche
    questions:
      - id: wahl
        type: single
        text: 'Wähle <b>eine</b> & "nur" eine {0}'
        help: 'Hinweis mit <i>Markup</i> & {x} und „Anführung“'
        required: true
        options:
          - {code: a, label: "A & B <c>"}
          - {code: b, label: "'Zitat' {1}"}
          - {code: x, label: "Anderes: <bitte>", other: true}
      - id: klappe
        type: single
        text: Aus der Liste & so
        help: Eine Hilfe
        dropdown: true
        options:
          - {code: "1", label: "Eins <1>"}
          - {code: "2", label: "Zwei & zwei"}
      - id: viele
        type: multi
        text: 'Mehrere {} <wählen>'
        required: true
        max: 1
        options:
          - {code: p, label: "P & Q"}
          - {code: s, label: "Sonstiges {}", other: true}
          - {code: n, label: "Nichts <davon>", exclusive: true}
          - {code: z, label: "Keine Angabe", exclusive: true}
      - id: reihe
        type: ranking
        text: Reihenfolge „<bitte>“
        help: 'Ränge {top}'
        required: true
        top: 3
        options:
          - {code: r1, label: "Erste & beste"}
          - {code: r2, label: "<zweite>"}
          - {code: r3, label: "'dritte'"}
      - id: gitter
        type: matrix
        text: Raster & Tabelle
        help: Eine Zeile je Punkt
        required: true
        items:
          - {code: i1, label: "Zeile <1>"}
          - {code: i2, label: "Zeile & 2"}
        scale:
          - {code: "1", label: "gut {}"}
          - {code: "2", label: "schlecht <>"}
          - {code: "8", label: "weiß nicht", exclude_from_base: true}
          - {code: "9", label: "trifft nicht zu", exclude_from_base: true}
      - id: betrag
        type: number
        text: Betrag <in> Euro
        help: 'Ungefähr & {}'
        required: true
        min: 0.5
        max: 1000
        decimals: 2
        unit: "€ & <Cent>"
      - id: menge
        type: number
        text: Menge
        max: 10
      - id: offen
        type: number
        text: Irgendeine Zahl
        decimals: 1
      - id: zeile
        type: text
        text: Eine Zeile <kurz>
        help: 'Höchstens {n} Wörter'
        required: true
        multiline: false
"""


def questionnaires() -> dict[str, str]:
    from tests.collect import test_text_codes
    from tests.collect.survey import QUESTIONNAIRE

    examples = ROOT / "examples" / "buendnisumfrage" / "waves"
    return {
        "beispiel2023": (examples / "2023" / "questionnaire.yaml").read_text(encoding="utf-8"),
        "beispiel2024": (examples / "2024" / "questionnaire.yaml").read_text(encoding="utf-8"),
        "testumfrage": QUESTIONNAIRE,
        "textcodes": test_text_codes.QUESTIONNAIRE,
        "sonderzeichen": AWKWARD,
    }


ERRORS = ["Bitte beantworten Sie diese Frage.", "Zweiter <Fehler> & „mehr“"]
OTHER_TEXT = 'Eigenes <b>"Etwas"</b> & {0}'


def _answer_states(question: Any) -> list[tuple[str, dict[str, Any]]]:
    """Named answers to one question: none, typical ones, partial ones, odd stored values."""
    qid = question.id
    kind = question.type_name
    states: list[tuple[str, dict[str, Any]]] = [("leer", {})]
    if kind == "single":
        codes = question.codes()
        states += [(f"wahl-{c}", {qid: c}) for c in codes]
        states += [("unbekannt", {qid: "gibt-es-nicht"}), ("leerstring", {qid: ""})]
        other = question.other_option()
        if other is not None:
            states.append(("sonstiges-text", {qid: other.code, f"{qid}.other": OTHER_TEXT}))
            states.append(("nur-text", {f"{qid}.other": OTHER_TEXT}))
    elif kind == "multi":
        codes = question.codes()
        plain = [o.code for o in question.options if not o.exclusive]
        exclusive = [o.code for o in question.options if o.exclusive]
        states += [("nichts", {qid: []}), ("erste", {qid: codes[:1]}), ("alle", {qid: plain})]
        states += [(f"exklusiv-{c}", {qid: [c]}) for c in exclusive]
        states.append(("gemischt", {qid: [codes[-1], codes[0]]}))
        other = question.other_option()
        if other is not None:
            states.append(("sonstiges-text", {qid: [other.code], f"{qid}.other": OTHER_TEXT}))
    elif kind == "ranking":
        codes = question.codes()
        states += [
            ("einer", {qid: {codes[0]: 1}}),
            ("zwei", {qid: {codes[-1]: 1, codes[0]: 2}}),
            ("alle", {qid: {c: i for i, c in enumerate(codes[: question.top], start=1)}}),
            ("kein-dict", {qid: [codes[0]]}),
        ]
        if question.among is not None:
            states.append(("unter-zwei", {question.among: codes[:2], qid: {codes[1]: 1}}))
            states.append(("unter-letzte", {question.among: codes[-1:], qid: {codes[-1]: 1}}))
    elif kind == "matrix":
        items = [i.code for i in question.items]
        points = [p.code for p in question.scale]
        apart = [p.code for p in question.scale if p.exclude_from_base] or points[-1:]
        states += [
            ("eine-zeile", {qid: {items[0]: points[0]}}),
            ("alle-zeilen", {qid: {i: points[n % len(points)] for n, i in enumerate(items)}}),
            ("abseits", {qid: {i: apart[-1] for i in items}}),
            ("unbekannt", {qid: {items[0]: "gibt-es-nicht"}}),
            ("kein-dict", {qid: points[0]}),
        ]
    elif kind == "number":
        states += [("ganz", {qid: 12}), ("null", {qid: 0}), ("komma", {qid: 1234.5})]
        states.append(("negativ", {qid: -3.25}))
    elif kind == "text":
        states += [("kurz", {qid: "Hallo"}), ("markup", {qid: OTHER_TEXT})]
        states.append(("zeilen", {qid: "Erste Zeile\nZweite & <dritte>"}))
    return states


def _posted(question: Any, answers: dict[str, Any]) -> dict[str, list[str]]:
    """What a browser would have posted for these answers, plus text that did not parse."""
    qid = question.id
    kind = question.type_name
    value = answers.get(qid)
    posted: dict[str, list[str]] = {}
    if kind in ("single", "multi"):
        codes = value if isinstance(value, list) else ([value] if value else [])
        posted[f"q-{qid}"] = [str(c) for c in codes]
        posted[f"q-{qid}-other"] = [OTHER_TEXT if question.other_option() else ""]
    elif kind == "ranking" and isinstance(value, dict):
        posted.update({f"q-{qid}-{c}": [str(r)] for c, r in value.items()})
    elif kind == "matrix" and isinstance(value, dict):
        posted.update({f"q-{qid}-{i}": [str(p)] for i, p in value.items()})
    elif kind == "number":
        posted[f"q-{qid}"] = ["12,5 <Stück>" if value is None else "zwölf & {}"]
    elif kind == "text":
        posted[f"q-{qid}"] = ['Getippt <b>"fett"</b>']
    return posted


def _querydict(posted: dict[str, list[str]]) -> Any:
    from django.http import QueryDict

    raw = QueryDict(mutable=True)
    for key, values in posted.items():
        raw.setlist(key, values)
    return raw


def questions() -> Iterator[tuple[str, str, Any]]:
    """(questionnaire label, its language, question) for every question of every questionnaire."""
    from umfrage.questionnaire.loader import questionnaire_from_text

    for label, text in questionnaires().items():
        questionnaire = questionnaire_from_text(text, f"{label}.yaml")
        for question in questionnaire.questions():
            yield label, questionnaire.language, question


def question_cases(question: Any, language: str) -> Iterator[tuple[str, str]]:
    """(case name within the question, HTML) for one question in every state."""
    from django.utils import translation

    from umfrage.collect.types import module_for
    from umfrage.collect.types.base import Field

    module = module_for(question)
    with translation.override(language):
        for state, answers in _answer_states(question):
            rankables: list[tuple[str, Any]] = [("-", None)]
            if question.type_name == "ranking":
                codes = question.codes()
                rankables = [
                    ("wie-im-view", question.rankable(answers)),
                    ("ohne-erste", codes[1:]),
                    ("nur-letzte", codes[-1:]),
                    ("erste-und-letzte", [codes[0], codes[-1]]),
                ]
            for rank_name, rankable in rankables:
                variants = [
                    ("ok", None, []),
                    ("fehler", None, ERRORS[:1]),
                    ("fehler2-roh", _querydict(_posted(question, answers)), ERRORS),
                    ("roh", _querydict(_posted(question, answers)), []),
                ]
                for variant, raw, errors in variants:
                    field = Field(question, answers, raw, list(errors), rankable)
                    yield f"{state}/{rank_name}/{variant}", str(module.render(field))


def cases() -> Iterator[tuple[str, str]]:
    """(case name, HTML) for every question of every questionnaire in every state."""
    for label, language, question in questions():
        for name, markup in question_cases(question, language):
            yield f"{label}/{question.id}/{name}", markup


# The snapshot format. A case starts with a comment line naming it; a case whose HTML equals an
# earlier case's of the same file names that case instead of repeating the HTML. In the HTML a
# line break is put after every ">" that a "<" follows; a line break of the HTML itself is
# written as NEWLINE plus a line break, NEWLINE itself as two, so nothing is ambiguous.
CASE = "<!-- case: "
SAME = " = same as: "
END = " -->"
NEWLINE = "\u21b5"  # ↵


def _encode(markup: str) -> str:
    text = markup.replace(NEWLINE, NEWLINE + NEWLINE).replace("\n", NEWLINE + "\n")
    return text.replace("><", ">\n<")


def _decode(text: str) -> str:
    out: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        # A line ending in an odd number of NEWLINEs held a line break of the HTML.
        run = len(line) - len(line.rstrip(NEWLINE))
        if run % 2 and i < len(lines) - 1:
            out.append(line[:-1].replace(NEWLINE + NEWLINE, NEWLINE) + "\n")
        else:
            out.append(line.replace(NEWLINE + NEWLINE, NEWLINE))
    return "".join(out)


def readable(cases: list[tuple[str, str]]) -> str:
    """One snapshot file's text for these (case name, HTML) pairs, in their order."""
    first: dict[str, str] = {}
    blocks: list[str] = []
    for name, markup in cases:
        if CASE in name or SAME in name or END in name or "\n" in name:
            raise ValueError(f"Fallname ungeeignet: {name!r}")
        if markup in first:
            blocks.append(f"{CASE}{name}{SAME}{first[markup]}{END}\n")
            continue
        first[markup] = name
        blocks.append(f"{CASE}{name}{END}\n{_encode(markup)}\n")
    return "".join(blocks)


def parse(text: str) -> list[tuple[str, str]]:
    """The (case name, HTML) pairs of a snapshot file's text: the inverse of :func:`readable`."""
    found: list[tuple[str, str]] = []
    markup_of: dict[str, str] = {}
    name: str | None = None
    body: list[str] = []

    def close() -> None:
        if name is not None:
            markup_of[name] = _decode("\n".join(body))
            found.append((name, markup_of[name]))

    for line in text.split("\n")[:-1]:
        if line.startswith(CASE) and line.endswith(END):
            close()
            head = line[len(CASE) : -len(END)]
            if SAME in head:
                name, other = head.split(SAME)
                found.append((name, markup_of[other]))
                markup_of[name] = markup_of[other]
                name = None
            else:
                name, body = head, []
        else:
            body.append(line)
    close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write each case's HTML into this folder")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umfrage.settings")
    import django

    django.setup()
    found = dict(cases())
    if args.dump:
        for key, markup in found.items():
            target = args.dump / (key.replace("/", "__") + ".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markup, encoding="utf-8")
    print(f"{len(found)} Fälle")


if __name__ == "__main__":
    main()
