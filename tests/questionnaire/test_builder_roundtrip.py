"""The builder's core without the web: what it produces passes the checks and reads back the same.

Property: any questionnaire the builder forms produce passes ``umfrage check``'s questionnaire
checks, and builder -> YAML -> builder gives the same form and the same file -- in German only and
in a questionnaire with translations (every text in every language, side by side). Plus
byte-stability for the example's questionnaire files.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from umfrage.questionnaire import editing
from umfrage.questionnaire.checks import check_questionnaire
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.web.builder import core
from umfrage.web.builder.types import BUILDER_TYPES, builder_type

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage" / "waves"
START = 'wave: "2025"\ntitle: Synthetischer Fragebogen\nsections:\n  - id: A\n    title: Teil A\n    questions: []\n'

LANGUAGES = ("de", "en", "de-x-ls")
TRANSLATED_START = (
    'wave: "2025"\n'
    "title: {de: Synthetischer Fragebogen, en: Synthetic questionnaire, de-x-ls: Ein Beispiel}\n"
    "languages: [de, en, de-x-ls]\n"
    "sections:\n  - id: A\n    title: {de: Teil A, en: Part A, de-x-ls: Teil A}\n"
    "    questions: []\n"
)

words = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzäöüßABCÄÖÜ0123456789 ,.-?"),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() != "")


@st.composite
def question_forms(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A question form as staff fill it in: a type, texts, settings and entries."""
    kind = builder_type(draw(st.sampled_from(sorted(BUILDER_TYPES))))
    data: dict[str, str] = {"text": draw(words)}
    if draw(st.booleans()):
        data["help"] = draw(words)
    if draw(st.booleans()):
        data["required"] = "on"
    for spec in kind.lists:
        count = draw(st.integers(min_value=max(spec.minimum, 2), max_value=5))
        data[f"{spec.key}-count"] = str(count)
        for index in range(count):
            data[f"{spec.key}-{index}-label"] = draw(words)
        flagged = {flag: draw(st.integers(0, count - 1)) for flag in spec.flags}
        if "other" in flagged and draw(st.booleans()):
            data[f"{spec.key}-{flagged['other']}-other"] = "on"
        if "exclude_from_base" in flagged and draw(st.booleans()):
            data[f"{spec.key}-{flagged['exclude_from_base']}-exclude_from_base"] = "on"
        if "exclusive" in flagged and draw(st.booleans()):
            data[f"{spec.key}-{flagged['exclusive']}-exclusive"] = "on"
    for setting in kind.settings:
        if setting.kind == "bool" and draw(st.booleans()):
            data[f"s-{setting.key}"] = "on"
        elif setting.key in ("top", "max") and setting.kind == "int":
            data[f"s-{setting.key}"] = str(draw(st.integers(1, 2)))
        elif setting.key == "max_length":
            data[f"s-{setting.key}"] = str(draw(st.integers(1, 100_000)))
        elif setting.token is not None and draw(st.booleans()):
            data[f"s-{setting.key}-token"] = "on"  # e.g. max: wave_year
        elif setting.key == "unit" and draw(st.booleans()):
            data[f"s-{setting.key}"] = draw(words)
    return kind.name, data


def _check(text: str) -> list[str]:
    data, source = parse_yaml(text, "q.yaml")
    questionnaire = parse_questionnaire(data, source)
    return [str(p) for p in check_questionnaire(questionnaire, source)]


@st.composite
def translated_forms(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A question form of a questionnaire in German, English and Leichte Sprache: every text
    the form has in German it has in each other language too."""
    kind_name, data = draw(question_forms())
    for name in list(data):
        if name in ("text", "help", "s-unit") or re.fullmatch(r".+-\d+-label", name):
            for code in LANGUAGES[1:]:
                data[f"{name}@{code}"] = draw(words)
    return kind_name, data


def _round_trip(
    start: str, forms: list[tuple[str, dict[str, str]]], languages: tuple[str, ...]
) -> None:
    context = core.Context(languages=languages)
    document = editing.load(start, "q.yaml")
    section = editing.sections(document)[0]
    for kind_name, data in forms:
        kind = builder_type(kind_name)
        node = core.new_question(kind)
        errors = core.apply(node, data, kind, context, taken_ids=editing.question_ids(document))
        assert not errors, errors.fields
        editing.questions(section).append(node)
    text = editing.dump(document)
    assert _check(text) == []
    # builder -> YAML -> builder: the forms read from the file save to the same bytes
    again = editing.load(text, "q.yaml")
    for node, (_kind, posted) in zip(
        editing.questions(editing.sections(again)[0]), forms, strict=True
    ):
        kind = builder_type(str(node["type"]))
        form = core.initial(node, kind, context)
        for name, value in posted.items():
            if "@" in name or name in ("text", "help"):
                assert form[name] == value.strip(), name  # every language read back as written
        assert not core.apply(node, form, kind, context)
        assert core.initial(node, kind, context) == form
    assert editing.dump(again) == text
    assert editing.unchanged(text, again, "q.yaml")


@settings(max_examples=60, deadline=None)
@given(st.lists(question_forms(), min_size=1, max_size=4))
def test_built_questionnaires_pass_the_checks_and_read_back_the_same(
    forms: list[tuple[str, dict[str, str]]],
) -> None:
    _round_trip(START, forms, ("de",))


@settings(max_examples=60, deadline=None)
@given(st.lists(translated_forms(), min_size=1, max_size=4), st.data())
def test_translated_questionnaires_pass_the_checks_and_read_back_the_same(
    forms: list[tuple[str, dict[str, str]]], draw: st.DataObject
) -> None:
    _round_trip(TRANSLATED_START, forms, LANGUAGES)
    # one translation left out: refused at its field with the check's message, nothing written
    kind_name, data = forms[0]
    dropped = draw.draw(st.sampled_from(sorted(name for name in data if "@" in name)))
    node = core.new_question(builder_type(kind_name))
    errors = core.apply(
        node, {**data, dropped: " "}, builder_type(kind_name), core.Context(languages=LANGUAGES)
    )
    assert list(errors.fields) == [dropped]
    assert errors.fields[dropped][0].startswith("Der Text „")
    assert "hat keine Fassung in" in errors.fields[dropped][0]


def test_every_question_type_has_a_builder_module() -> None:
    from umfrage.questionnaire.types import QUESTION_TYPES

    assert set(BUILDER_TYPES) == set(QUESTION_TYPES)


def test_code_generation_is_valid_stable_and_unique() -> None:
    assert editing.code_from_label("Nein, aber in Planung", []) == "nein_aber_in_planung"
    assert editing.code_from_label("Über 100", []) == "ueber_100"
    assert editing.code_from_label("Bremen", ["bremen"]) == "bremen_2"
    assert editing.code_from_label("???", []) == "antwort"
    assert len(editing.code_from_label("x" * 100, [])) == 40
    assert editing.id_from_text("2025 gegründet?", []) == "frage_2025_gegruendet"


def test_the_example_questionnaires_stay_byte_identical_through_the_builder() -> None:
    for path in sorted(EXAMPLE.glob("*/questionnaire.yaml")):
        original = path.read_text(encoding="utf-8")
        document = editing.load(original, str(path))
        assert editing.dump(document) == original, path  # nothing reformatted on a round trip
        data, source = parse_yaml(original, str(path))
        spec = parse_questionnaire(data, source)
        earlier: list[object] = []
        for section in editing.sections(document):
            for node in editing.questions(section):
                kind = builder_type(str(node["type"]))
                context = core.Context(earlier=list(earlier))
                earlier.append(spec.question(str(node["id"])))
                form = core.initial(node, kind, context)
                errors = core.apply(node, form, kind, context)
                assert not errors, (node["id"], errors.fields)
        assert editing.unchanged(original, document, str(path)), path
        assert editing.dump(document) == original, path
