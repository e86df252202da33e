"""The one way Umfrage reads YAML: bounded in size, depth and nodes, without aliases or tags.

Questionnaires, survey.yaml and mapping files never need anchors (``&name``), aliases (``*name``)
or explicit tags (``!!python/object``, ``!foo``). Allowing aliases lets a few hundred bytes expand
to gigabytes ("billion laughs"); tags ask the loader to build objects; deep nesting makes the
recursive parts of a YAML loader overflow the stack. So every parser event is checked the moment
the parser makes it, before the composer sees it (ruamel's scanner and parser are state machines,
only the composer and constructor recurse): the first anchor, alias, tag, too-deep level or node
past the limit stops the read with a located :class:`Problem`, while the composer is at most
MAX_DEPTH levels deep. The text is parsed once (issue 23: parsing it twice, a scan and then the
load, was a third of ``umfrage check``); the refusals and their order are those of a full scan
before the load, because the composer reads the whole document before anything is constructed
and a second document makes the check read the rest of the stream first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.parser import RoundTripParser

from umfrage import formatting as fmt
from umfrage.envconf import env_int
from umfrage.questionnaire.problems import Problem, ProblemsError

# A questionnaire is about 15 KB; the largest real mapping file a few KB.
DEFAULT_MAX_BYTES = 1_000_000
# Sections → questions → options or nested conditions: real files use fewer than 20 levels.
MAX_DEPTH = 100
# Every key, value and list entry counts; 1 MB of short list entries is about 250,000.
MAX_NODES = 300_000

# Where ruamel's YAML object keeps the parser and the composer its load uses.
_PARSER = "_parser"
_COMPOSER = "_composer"

# Explicit tags that only say what a plain value would be anyway.
HARMLESS_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


def max_bytes() -> int:
    """Largest YAML text read, in bytes (``UMFRAGE_YAML_MAX_BYTES``)."""
    return env_int("UMFRAGE_YAML_MAX_BYTES", DEFAULT_MAX_BYTES)


def load_yaml(text: str, name: str, yaml: YAML | None = None) -> Any:
    """``text`` loaded with ``yaml`` (round trip by default) after the safety scan.

    Raises ProblemsError for every way the text can be refused: too large, not YAML, an alias,
    a tag, too deep, too many nodes. ``name`` is the file name the messages give.
    """
    yaml = yaml or YAML(typ="rt")
    check_size(text, name)
    try:
        with _checked_parser(yaml, name):
            return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or exc.context or "unlesbar").strip()
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=line,
                    question=None,
                    message=f"Kein gültiges YAML: Die Datei ist hier nicht richtig aufgebaut ({what}).",
                    fix="Prüfen Sie Einrückung, Doppelpunkte und Anführungszeichen in dieser Zeile "
                    "und der darüber.",
                )
            ]
        ) from None
    except YAMLError as exc:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=None,
                    question=None,
                    message=f"Kein gültiges YAML: Die Datei ist nicht richtig aufgebaut ({exc}).",
                    fix="Prüfen Sie den Aufbau der Datei.",
                )
            ]
        ) from None
    except RecursionError:  # cannot happen below MAX_DEPTH; a last guard, never a traceback
        raise _refused(name, None, _depth_message()) from None


def check_file_size(path: Path, name: str) -> None:
    """Refuse a file larger than the limit without reading it (a missing file is not checked)."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it next says what is wrong in plain words
    if size > max_bytes():
        raise _refused(name, None, _size_message(size))


def check_size(text: str, name: str) -> None:
    limit = max_bytes()
    # A character is 1 to 4 bytes: count them only where the answer is not clear already.
    if len(text) > limit:
        size = len(text)
    elif len(text) * 4 <= limit:
        return
    else:
        size = len(text.encode("utf-8", errors="replace"))
    if size > limit:
        raise _refused(name, None, _size_message(size))


def _size_message(size: int) -> tuple[str, str]:
    return (
        f"Die Datei ist zu groß ({_kb(size)} KB; gelesen werden höchstens {_kb(max_bytes())} KB).",
        "Prüfen Sie, ob Sie die richtige Datei gewählt haben: ein Fragebogen oder eine "
        "Zuordnungsdatei ist viel kleiner. Die Grenze setzt UMFRAGE_YAML_MAX_BYTES.",
    )


class EventChecks:
    """The refusals, one parser event at a time, in the order the parser makes them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.depth = 0
        self.nodes = 0
        self.documents = 0

    def see(self, event: Event) -> None:
        # Every event of every YAML text passes here: the common case is kept to a few tests.
        if event.__class__ is AliasEvent or getattr(event, "anchor", None):
            raise _refused(
                self.name,
                _line(event),
                (
                    "Verweise (&/*) sind nicht erlaubt.",
                    "Schreiben Sie den Inhalt an jeder Stelle aus, statt mit &name und *name "
                    "auf ihn zu verweisen.",
                ),
            )
        tag = getattr(event, "tag", None)
        if tag is not None and str(tag) not in HARMLESS_TAGS:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise _refused(
                self.name,
                _line(event),
                (
                    f"Typangaben wie „{_short(shown)}“ sind nicht erlaubt.",
                    "Entfernen Sie die Angabe mit ! vor dem Wert; Text, der mit ! beginnt, "
                    "setzen Sie in Anführungszeichen.",
                ),
            )
        if isinstance(event, _OPENING):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _refused(self.name, _line(event), _depth_message())
        elif isinstance(event, _CLOSING):
            self.depth -= 1
        else:
            if isinstance(event, DocumentStartEvent):
                self.documents += 1
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _refused(
                    self.name,
                    _line(event),
                    (
                        f"Die Datei enthält zu viele Einträge (mehr als {fmt.number(MAX_NODES)}).",
                        "Prüfen Sie, ob Sie die richtige Datei gewählt haben.",
                    ),
                )


_OPENING = (MappingStartEvent, SequenceStartEvent)
_CLOSING = (MappingEndEvent, SequenceEndEvent)


def _line(event: Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


class _CheckedParser(RoundTripParser):
    """ruamel's round-trip parser whose every event passes :class:`EventChecks` as it is made.

    The composer pulls events through check_event, peek_event and get_event; these behave as
    ruamel's own, except that the one step making the next event also checks it. A second
    document would make the composer stop at its start ("expected a single document"); a scan
    of the whole text would have refused something later in the stream first, so the rest of
    the stream is read (and checked) then, and handed out from ``ahead``.
    """

    def __init__(self, loader: Any, checks: EventChecks) -> None:
        self.checks = checks
        self.ahead: deque[Event] = deque()
        super().__init__(loader)

    def _next_event(self) -> Any:
        event: Any
        if self.ahead:
            event = self.ahead.popleft()
        elif self.state:
            event = self.state()
            self.checks.see(event)
            if self.checks.documents > 1 and isinstance(event, DocumentStartEvent):
                while self.state:
                    later = self.state()
                    self.checks.see(later)
                    self.ahead.append(later)
        else:
            return None
        self.current_event = event
        return event

    def check_event(self, *choices: Any) -> bool:
        event = self.current_event
        if event is None:
            event = self._next_event()
            if event is None:
                return False
        return not choices or isinstance(event, choices)

    def peek_event(self) -> Any:
        event = self.current_event
        if event is None:
            event = self._next_event()
        return event

    def get_event(self) -> Any:
        event = self.current_event
        if event is None:
            event = self._next_event()
        self.last_event = event
        self.current_event = None
        return event


class _DirectComposer(Composer):
    """ruamel's composer, handed its parser and resolver once: ruamel looks both up through two
    properties (one of them inspecting the call stack) for every event."""

    parser: Any = None
    resolver: Any = None

    def __init__(self, loader: YAML, parser: _CheckedParser) -> None:
        super().__init__(loader)
        self.parser = parser
        self.resolver = loader.resolver


@contextmanager
def _checked_parser(yaml: YAML, name: str) -> Iterator[None]:
    """``yaml`` loads through a :class:`_CheckedParser` while in the block, its own parser after."""
    if yaml.Parser is not RoundTripParser or yaml.Composer is not Composer:
        raise ValueError("load_yaml reads with ruamel's pure round-trip parser only")
    # YAML.parser and YAML.composer keep theirs in ``_parser`` and ``_composer``; the load takes
    # them from there.
    own = {attr: vars(yaml).get(attr) for attr in (_PARSER, _COMPOSER)}
    parser = _CheckedParser(yaml, EventChecks(name))
    setattr(yaml, _PARSER, parser)
    setattr(yaml, _COMPOSER, _DirectComposer(yaml, parser))
    try:
        yield
    finally:
        for attr, theirs in own.items():
            if theirs is None:
                delattr(yaml, attr)
            else:
                setattr(yaml, attr, theirs)


def _depth_message() -> tuple[str, str]:
    return (
        f"Die Angaben sind zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen).",
        "Prüfen Sie Einrückung und Klammern [ ] { }; ein Fragebogen braucht nur wenige Ebenen.",
    )


def _refused(name: str, line: int | None, what: tuple[str, str]) -> ProblemsError:
    return ProblemsError(
        [Problem(file=name, line=line, question=None, message=what[0], fix=what[1])]
    )


def _kb(size: int) -> str:
    return fmt.number(size / 1000)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
