"""The gettext catalogues of the built-in texts respondents see (issue 21; docs/languages.md).

What is translated: the respondent pages (``collect``: Jinja2 templates and the Python messages,
validation included), the invitation and reminder e-mails and the opt-out page, the error pages,
the accessibility statement, the Leichte Sprache explanation and the feedback form ("Barriere
melden"). Staff pages, reports and exports stay German and are not in these catalogues.

The msgids are the German texts as the code writes them; ``de`` has a catalogue too (its
translations equal the msgids, so "untranslated" means the same in every language) and
``de-x-ls`` carries the Leichte Sprache version of each text.

``python -m umfrage.catalogues extract`` (``make messages``) reads the sources below and brings
every ``.po`` file up to date: new texts are added untranslated, texts no longer in the code are
dropped, translations of the others are kept; then it compiles. ``… compile`` only writes the
``.mo`` files. Both are pure Python (no GNU gettext needed): Django's ``makemessages`` reads
neither Jinja2 templates nor a chosen subset of the code. The ``.mo`` files are committed, so a
fresh clone and an installed wheel work without a build step; ``tests/i18n`` fails when a ``.po``
misses a text of the code, has an untranslated or fuzzy entry, or a ``.mo`` differs from its
``.po``.
"""

from __future__ import annotations

import argparse
import ast
import re
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from umfrage import languages

PACKAGE = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "django"

# Where the respondent-facing texts are, relative to the package (glob patterns).
PYTHON_SOURCES = (
    "collect/access.py",
    "collect/flow.py",
    "collect/jinja.py",
    "collect/optout.py",
    "collect/service.py",
    "collect/views.py",
    "collect/types/*.py",
    "feedback/forms.py",
    "feedback/views.py",
)
JINJA_SOURCES = ("collect/jinja2/**/*.html", "feedback/jinja2/**/*.html")
DJANGO_SOURCES = (
    "invitations/templates/invitations/**/*.html",
    "invitations/templates/invitations/**/*.txt",
    "web/templates/403.html",
    "web/templates/404.html",
    "web/templates/500.html",
    "web/templates/web/plain.html",
)

PLURAL_FORMS = {
    "de": "nplurals=2; plural=(n != 1);",
    "de-x-ls": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 ? 4 : 5);"
    ),
    "uk": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}

_GETTEXT = {"gettext", "gettext_lazy", "_", "gettext_noop"}
_NGETTEXT = {"ngettext", "ngettext_lazy"}
_PGETTEXT = {"pgettext", "pgettext_lazy"}
_NPGETTEXT = {"npgettext", "npgettext_lazy"}


@dataclass
class Entry:
    msgid: str
    plural: str = ""
    context: str = ""
    locations: list[str] = field(default_factory=list)
    translations: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)


def locale_name(code: str) -> str:
    """The folder of a language's catalogue, as Django looks it up (``de-x-ls`` → ``de_X-ls``)."""
    from django.utils.translation import to_locale

    return to_locale(code)


def po_path(code: str) -> Path:
    return LOCALE_DIR / locale_name(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _files(patterns: Iterable[str]) -> Iterator[Path]:
    seen: set[Path] = set()
    for pattern in patterns:
        for path in sorted(PACKAGE.glob(pattern)):
            if path not in seen:
                seen.add(path)
                yield path


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE).as_posix()}:{line}"


def _python_messages(path: Path) -> Iterator[Entry]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        strings = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        where = [_where(path, node.lineno)]
        if name in _GETTEXT and strings and isinstance(strings[0], str):
            yield Entry(strings[0], locations=where)
        elif (
            name in _NGETTEXT and len(strings) >= 2 and all(isinstance(s, str) for s in strings[:2])
        ):
            yield Entry(str(strings[0]), plural=str(strings[1]), locations=where)
        elif (
            name in _PGETTEXT and len(strings) >= 2 and all(isinstance(s, str) for s in strings[:2])
        ):
            yield Entry(str(strings[1]), context=str(strings[0]), locations=where)
        elif (
            name in _NPGETTEXT
            and len(strings) >= 3
            and all(isinstance(s, str) for s in strings[:3])
        ):
            yield Entry(
                str(strings[1]), plural=str(strings[2]), context=str(strings[0]), locations=where
            )


def _jinja_messages(path: Path) -> Iterator[Entry]:
    from jinja2 import Environment

    env = Environment(extensions=["jinja2.ext.i18n"])
    source = path.read_text(encoding="utf-8")
    for line, function, message in env.extract_translations(source):  # type: ignore[attr-defined]
        where = [_where(path, line)]
        if isinstance(message, str):
            yield Entry(message, locations=where)
        elif function in {"ngettext"} and isinstance(message[0], str):
            yield Entry(message[0], plural=message[1] or "", locations=where)
        elif isinstance(message[0], str):
            yield Entry(message[0], locations=where)


def _django_messages(path: Path) -> Iterator[Entry]:
    from django.template import engines
    from django.templatetags.i18n import BlockTranslateNode, TranslateNode

    engine = engines["django"].engine  # type: ignore[attr-defined]
    template = engine.from_string(path.read_text(encoding="utf-8"))
    nodes = list(template.nodelist.get_nodes_by_type(TranslateNode))
    nodes += list(template.nodelist.get_nodes_by_type(BlockTranslateNode))
    for node in nodes:
        line = node.token.lineno if getattr(node, "token", None) else 0
        where = [_where(path, line)]
        context = ""
        if node.message_context is not None:
            context = str(node.message_context.var)
        if isinstance(node, TranslateNode):
            literal = node.filter_expression.var.literal
            if isinstance(literal, str):
                yield Entry(literal, context=context, locations=where)
        else:
            singular, _ = node.render_token_list(node.singular)
            plural = ""
            if node.plural and node.countervar:
                plural, _ = node.render_token_list(node.plural)
            yield Entry(singular, plural=plural, context=context, locations=where)


def extract() -> list[Entry]:
    """Every respondent-facing text of the code, in the order of its first appearance."""
    found: dict[tuple[str, str], Entry] = {}
    readers = (
        (PYTHON_SOURCES, _python_messages),
        (JINJA_SOURCES, _jinja_messages),
        (DJANGO_SOURCES, _django_messages),
    )
    for patterns, reader in readers:
        for path in _files(patterns):
            for entry in reader(path):
                if not entry.msgid:
                    continue
                known = found.get(entry.key)
                if known is None:
                    found[entry.key] = entry
                else:
                    known.locations.extend(entry.locations)
                    known.plural = known.plural or entry.plural
    return list(found.values())


# --- .po files ---------------------------------------------------------------------------------


def _unquote(text: str) -> str:
    body = text.strip()
    if not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"kein Text in Anführungszeichen: {text!r}")
    return ast.literal_eval(body)


def read_po(path: Path) -> tuple[str, list[Entry]]:
    """The header text and the entries of a .po file (as this module writes them)."""
    entries: list[Entry] = []
    header = ""
    current: Entry | None = None
    target: tuple[str, int] | None = None
    fuzzy = False
    locations: list[str] = []

    def finish() -> None:
        nonlocal current, header
        if current is None:
            return
        if current.msgid == "" and not current.context:
            header = current.translations[0] if current.translations else ""
        else:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        try:
            if not line:
                continue
            if line.startswith("#,"):
                finish()
                fuzzy = "fuzzy" in line
            elif line.startswith("#:"):
                finish()
                locations.extend(line[2:].split())
            elif line.startswith("#"):
                finish()
            elif line.startswith("msgctxt "):
                finish()
                current = Entry("", context=_unquote(line[8:]), fuzzy=fuzzy, locations=locations)
                fuzzy, locations = False, []
                target = ("context", 0)
            elif line.startswith("msgid "):
                if (
                    current is None
                    or current.msgid
                    or not current.context
                    or target
                    != (
                        "context",
                        0,
                    )
                ):
                    finish()
                    current = Entry("", fuzzy=fuzzy, locations=locations)
                    fuzzy, locations = False, []
                current.msgid = _unquote(line[6:])
                target = ("msgid", 0)
            elif line.startswith("msgid_plural ") and current is not None:
                current.plural = _unquote(line[13:])
                target = ("plural", 0)
            elif line.startswith("msgstr[") and current is not None:
                index = int(line[7 : line.index("]")])
                while len(current.translations) <= index:
                    current.translations.append("")
                current.translations[index] = _unquote(line[line.index("]") + 1 :])
                target = ("msgstr", index)
            elif line.startswith("msgstr ") and current is not None:
                current.translations = [_unquote(line[7:])]
                target = ("msgstr", 0)
            elif line.startswith('"') and current is not None and target is not None:
                more = _unquote(line)
                kind, index = target
                if kind == "context":
                    current.context += more
                elif kind == "msgid":
                    current.msgid += more
                elif kind == "plural":
                    current.plural += more
                else:
                    current.translations[index] += more
            else:
                raise ValueError(f"unbekannte Zeile: {line!r}")
        except (ValueError, SyntaxError) as error:
            raise ValueError(f"{path}, Zeile {number}: {error}") from error
    finish()
    return header, entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + escaped.replace("\n", "\\n") + '"'


def _field(keyword: str, text: str) -> list[str]:
    if "\n" not in text.rstrip("\n"):
        return [f"{keyword} {_quote(text)}"]
    parts = text.splitlines(keepends=True)
    return [f'{keyword} ""', *(_quote(part) for part in parts)]


def header_for(code: str) -> str:
    language = languages.get(code)
    name = language.name_de if language else code
    return (
        "Project-Id-Version: Umfrage\n"
        f"Language: {locale_name(code)}\n"
        f"Language-Team: {name}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"Plural-Forms: {PLURAL_FORMS[code]}\n"
    )


def nplurals(code: str) -> int:
    match = re.search(r"nplurals=(\d+)", PLURAL_FORMS[code])
    return int(match.group(1)) if match else 2


def write_po(path: Path, code: str, entries: Iterable[Entry]) -> None:
    language = languages.get(code)
    lines = [
        f"# Die eingebauten Texte der Seiten für Befragte: {language.name_de if language else code}.",
        "# Erzeugt und abgeglichen mit `make messages` (umfrage.catalogues); siehe docs/languages.md.",
        'msgid ""',
        *_field("msgstr", header_for(code)),
    ]
    for entry in entries:
        lines.append("")
        if entry.locations:
            lines.append("#: " + " ".join(entry.locations))
        if entry.fuzzy:
            lines.append("#, fuzzy")
        if entry.context:
            lines.extend(_field("msgctxt", entry.context))
        lines.extend(_field("msgid", entry.msgid))
        if entry.plural:
            lines.extend(_field("msgid_plural", entry.plural))
            count = nplurals(code)
            translations = (entry.translations + [""] * count)[:count]
            for index, text in enumerate(translations):
                lines.extend(_field(f"msgstr[{index}]", text))
        else:
            lines.extend(_field("msgstr", entry.translations[0] if entry.translations else ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def update(code: str, source: list[Entry]) -> list[Entry]:
    """The catalogue of a language brought up to date with the code; translations kept."""
    path = po_path(code)
    old: dict[tuple[str, str], Entry] = {}
    if path.exists():
        _, entries = read_po(path)
        old = {entry.key: entry for entry in entries}
    merged = []
    for entry in source:
        known = old.get(entry.key)
        merged.append(
            Entry(
                entry.msgid,
                plural=entry.plural,
                context=entry.context,
                locations=list(entry.locations),
                translations=list(known.translations) if known else [],
                fuzzy=known.fuzzy if known else False,
            )
        )
    write_po(path, code, merged)
    return merged


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def problems(code: str, source: list[Entry] | None = None) -> list[str]:
    """What is wrong with a language's catalogue, in German, each naming the text:
    missing from the .po (out of date with the code), no longer in the code, untranslated,
    fuzzy, placeholders that differ from the msgid, a .mo that is not the compiled .po."""
    source = extract() if source is None else source
    path = po_path(code)
    if not path.exists():
        return [f"{path}: Katalog fehlt (make messages)."]
    header, entries = read_po(path)
    found = []
    have = {entry.key: entry for entry in entries}
    wanted = {entry.key for entry in source}
    for entry in source:
        if entry.key not in have:
            where = ", ".join(entry.locations[:2])
            found.append(f"{path.name} ({code}): „{entry.msgid}“ ({where}) fehlt (make messages).")
    for entry in entries:
        if entry.key not in wanted:
            found.append(f"{path.name} ({code}): „{entry.msgid}“ steht nicht mehr im Code.")
        elif entry.fuzzy:
            found.append(f"{path.name} ({code}): „{entry.msgid}“ ist als fuzzy markiert.")
        elif not entry.translations or not all(entry.translations):
            found.append(f"{path.name} ({code}): „{entry.msgid}“ ist nicht übersetzt.")
        else:
            expected = sorted(set(_PLACEHOLDER.findall(entry.msgid + entry.plural)))
            for text in entry.translations:
                if sorted(set(_PLACEHOLDER.findall(text))) != expected and not (
                    entry.plural and set(_PLACEHOLDER.findall(text)) <= set(expected)
                ):
                    found.append(
                        f"{path.name} ({code}): „{entry.msgid}“: Platzhalter der Übersetzung "
                        f"„{text}“ passen nicht."
                    )
    mo = mo_path(code)
    if not mo.exists() or mo.read_bytes() != mo_bytes(code, header, entries):
        found.append(f"{mo} ist nicht aus der .po-Datei übersetzt (make messages).")
    return found


# --- .mo files ---------------------------------------------------------------------------------


def mo_bytes(code: str, header: str, entries: Iterable[Entry]) -> bytes:
    """The compiled catalogue (GNU .mo, little-endian, no hash table); untranslated and fuzzy
    entries are left out, as msgfmt does, so gettext falls back to the German msgid."""
    pairs: list[tuple[bytes, bytes]] = [(b"", header.encode("utf-8"))]
    for entry in entries:
        if entry.fuzzy or not entry.translations or not all(entry.translations):
            continue
        key = entry.msgid
        if entry.plural:
            key += "\0" + entry.plural
        if entry.context:
            key = entry.context + "\x04" + key
        pairs.append((key.encode("utf-8"), "\0".join(entry.translations).encode("utf-8")))
    pairs.sort(key=lambda pair: pair[0])
    count = len(pairs)
    originals_at = 28
    translations_at = originals_at + 8 * count
    data_at = translations_at + 8 * count
    table_o, table_t, data = [], [], b""
    for original, _ in pairs:
        table_o.append((len(original), data_at + len(data)))
        data += original + b"\0"
    for _, translated in pairs:
        table_t.append((len(translated), data_at + len(data)))
        data += translated + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, data_at)
    out += b"".join(struct.pack("<2I", *item) for item in table_o)
    out += b"".join(struct.pack("<2I", *item) for item in table_t)
    return out + data


def mo_path(code: str) -> Path:
    return po_path(code).with_suffix(".mo")


def compiled(code: str) -> bytes:
    header, entries = read_po(po_path(code))
    return mo_bytes(code, header, entries)


def compile_all() -> None:
    for code in languages.codes():
        mo_path(code).write_bytes(compiled(code))


def extract_all() -> None:
    source = extract()
    for code in languages.codes():
        update(code, source)
    compile_all()


def main(argv: list[str] | None = None) -> int:
    import django

    parser = argparse.ArgumentParser(
        prog="python -m umfrage.catalogues",
        description="Gettext-Kataloge der eingebauten Texte für Befragte abgleichen und übersetzen.",
    )
    parser.add_argument("action", choices=["extract", "compile"])
    arguments = parser.parse_args(argv)
    django.setup()
    if arguments.action == "extract":
        extract_all()
    else:
        compile_all()
    for code in languages.codes():
        _, entries = read_po(po_path(code))
        open_ = sum(1 for e in entries if e.fuzzy or not e.translations or not all(e.translations))
        print(
            f"{po_path(code).relative_to(PACKAGE.parent.parent)}: {len(entries)} Texte, {open_} offen"
        )
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umfrage.settings")
    sys.exit(main())
