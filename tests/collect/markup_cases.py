"""Question markup in many states, for comparing the HTML of one version with another's.

Every question of the example questionnaires and of the test questionnaires (plus one with
awkward labels) is rendered unanswered, answered, partly answered, with "other" text, with
errors, with posted raw values and, for rankings, with rankable subsets. ``markup_expected.json``
holds a digest of each case's HTML as the markup code produced it before the markup was built
from precomputed parts; ``test_markup.py`` checks that today's code gives the same bytes.

    .venv/bin/python -m tests.collect.markup_cases --write   # record the digests again
    .venv/bin/python -m tests.collect.markup_cases --dump DIR   # every case's HTML, for a diff
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).resolve().parent / "markup_expected.json"

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


def cases() -> Iterator[tuple[str, str]]:
    """(case name, HTML) for every question of every questionnaire in every state."""
    from django.utils import translation

    from umfrage.collect.types import module_for
    from umfrage.collect.types.base import Field
    from umfrage.questionnaire.loader import questionnaire_from_text

    for label, text in questionnaires().items():
        questionnaire = questionnaire_from_text(text, f"{label}.yaml")
        with translation.override(questionnaire.language):
            for question in questionnaire.questions():
                module = module_for(question)
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
                            name = f"{label}/{question.id}/{state}/{rank_name}/{variant}"
                            yield name, str(module.render(field))


def digest(markup: str) -> str:
    return hashlib.sha256(markup.encode("utf-8")).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {EXPECTED.name}")
    parser.add_argument("--dump", type=Path, help="write each case's HTML into this folder")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umfrage.settings")
    import django

    django.setup()
    found = dict(cases())
    if args.write:
        EXPECTED.write_text(
            json.dumps({k: digest(v) for k, v in found.items()}, indent=0, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    if args.dump:
        for key, markup in found.items():
            target = args.dump / (key.replace("/", "__") + ".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markup, encoding="utf-8")
    print(f"{len(found)} Fälle")


if __name__ == "__main__":
    main()
