"""Respondent-facing texts in several languages (issue 21).

A text in a questionnaire file is either a plain string (the questionnaire's first language,
German) or a mapping ``{de: "…", en: "…", de-x-ls: "…"}``. Either way the parsed spec holds a
:class:`Text`: a ``str`` whose value is the German text, so every piece of code that reads
``question.text`` or ``option.label`` reads German as before (analysis, reports, exports,
comparisons), and whose translations are asked for with :meth:`Text.text_in`.

Which languages a questionnaire must carry is its ``languages`` list; the checks
(``checks.translation_problems``) name every text that lacks one of them or carries another.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema
from ruamel.yaml.representer import RoundTripRepresenter, SafeRepresenter

from umfrage.languages import GERMAN

Path_ = tuple[str | int, ...]


class Text(str):
    """A text in its base language (the ``str`` value) with its translations by language code."""

    translations: dict[str, str]

    def __new__(cls, base: str, translations: Mapping[str, str] | None = None) -> Text:
        obj = super().__new__(cls, base)
        obj.translations = dict(translations or {})
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str(self), self.translations))

    def __deepcopy__(self, memo: dict[int, Any]) -> Text:
        return self

    def __copy__(self) -> Text:
        return self

    def text_in(self, language: str) -> str:
        """The text in ``language``; the base text if it has no translation into it."""
        return self.translations.get(language) or str(self)

    def languages(self) -> list[str]:
        """The language codes this text was written in (a plain string: none but the base)."""
        return list(self.translations)

    @property
    def plain(self) -> bool:
        """Written as a plain string in the file (no mapping of languages)."""
        return not self.translations

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _to_text, serialization=core_schema.to_string_ser_schema()
        )


def _to_text(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, Mapping):
        texts: dict[str, str] = {}
        for key, text in value.items():
            if not isinstance(text, str):
                raise PydanticCustomError(
                    "string_type", "„{field}“ muss ein Text sein.", {"language": str(key)}
                )
            texts[str(key)] = text
        base = texts.get(GERMAN)
        if base is None:
            base = next(iter(texts.values()), None)
        if base is None:
            raise PydanticCustomError("string_too_short", "empty")
        return Text(base, texts)
    raise PydanticCustomError("string_type", "not a text")


def _not_empty(value: Any) -> Any:
    if isinstance(value, str) and value == "":
        raise PydanticCustomError("string_too_short", "empty")
    if isinstance(value, Mapping) and any(v == "" for v in value.values()):
        raise PydanticCustomError("string_too_short", "empty")
    return value


def _represent_text(representer: Any, data: Text) -> Any:
    return representer.represent_str(str(data))


# Wherever a spec's text is written as YAML (a survey.yaml's title, a dumped questionnaire), it is
# the German text, as a plain string would be.
for _representer in (RoundTripRepresenter, SafeRepresenter):
    _representer.add_representer(Text, _represent_text)


RequiredText = Annotated[Text, BeforeValidator(_not_empty)]
"""A text that must not be empty in any language (title, question text, option label)."""


def texts_in(model: BaseModel, path: Path_ = ()) -> Iterator[tuple[Path_, Text]]:
    """Every ``Text`` of a spec object and the objects in it, with its path in the file
    (field aliases and list indices, as the YAML source map keys them)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        yield from _texts_of(value, (*path, key))


def _texts_of(value: Any, path: Path_) -> Iterator[tuple[Path_, Text]]:
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from texts_in(value, path)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts_of(item, (*path, index))


def localized(model: Any, language: str) -> Any:
    """A copy of a spec object whose texts are those of ``language`` (plain strings), everything
    else (ids, codes, conditions) the same object as before. Derived values that an object
    remembers (``cached_property``) are not copied: they would still point into the original."""
    if not isinstance(model, BaseModel):
        return model
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        changed = _localized_value(value, language)
        if changed is not value:
            update[name] = changed
    if not update:
        return model
    copy = model.model_copy(update=update)
    for key in [k for k in copy.__dict__ if k not in type(model).model_fields]:
        del copy.__dict__[key]
    return copy


def _localized_value(value: Any, language: str) -> Any:
    if isinstance(value, Text):
        return Text(value.text_in(language)) if value.translations else value
    if isinstance(value, BaseModel):
        return localized(value, language)
    if isinstance(value, tuple):
        items = tuple(_localized_value(item, language) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value
