"""LimeSurvey survey archives (``.lsa``): structure and responses in one zip file.

An archive holds ``survey_<sid>.lss`` (structure), ``survey_<sid>_responses.lsr`` (responses,
XML), ``survey_<sid>_tokens.lst`` (participants) and ``survey_<sid>_timings.lsi`` (timings).
We read the first two; the others are named in the plan. The zip is bounded before anything
is decompressed: at most ``MAX_MEMBERS`` members and ``MAX_UNCOMPRESSED`` bytes in total,
checked on the bytes actually read, not only on what the zip directory claims.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from umfrage.importers.limesurvey.xmlread import LsSurvey
from umfrage.questionnaire.problems import Problem, ProblemsError

MAX_MEMBERS = 16
MAX_UNCOMPRESSED = 256 * 1024 * 1024
IGNORED = {
    ".lst": "Teilnehmerliste (Tokens) wird nicht übernommen; ordnen Sie Tokens über tokens: in der Zuordnungsdatei zu",
    ".lsi": "Bearbeitungszeiten werden nicht übernommen",
}


@dataclass
class Archive:
    structure: bytes
    structure_name: str
    responses: bytes | None
    responses_name: str | None
    ignored: list[tuple[str, str]]
    """(member, reason) for members that are not read."""


def _problem(name: str, message: str, fix: str) -> ProblemsError:
    return ProblemsError([Problem(file=name, line=None, question=None, message=message, fix=fix)])


def read_archive(data: bytes, name: str) -> Archive:
    """The members of an ``.lsa`` we read; ProblemsError if it is broken, hostile or incomplete."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _problem(
            name,
            "Das LimeSurvey-Archiv (.lsa) ist keine gültige ZIP-Datei.",
            "Exportieren Sie die Umfrage in LimeSurvey erneut als Archiv (.lsa).",
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise _problem(
            name,
            f"Das Archiv enthält {len(infos)} Dateien; ein LimeSurvey-Archiv hat höchstens vier.",
            "Importieren Sie ein unverändertes LimeSurvey-Archiv.",
        )
    members: dict[str, tuple[str, bytes]] = {}
    ignored: list[tuple[str, str]] = []
    budget = MAX_UNCOMPRESSED
    for info in infos:
        if info.is_dir():
            continue
        suffix = PurePosixPath(info.filename).suffix.lower()
        if suffix in IGNORED:
            ignored.append((info.filename, IGNORED[suffix]))
            continue
        if suffix not in (".lss", ".lsr"):
            ignored.append((info.filename, "unbekannter Bestandteil eines LimeSurvey-Archivs"))
            continue
        if suffix in members:
            raise _problem(
                name,
                f"Das Archiv enthält mehr als eine {suffix}-Datei.",
                "Importieren Sie ein unverändertes LimeSurvey-Archiv einer Umfrage.",
            )
        content = _read_member(zf, info, budget, name)
        budget -= len(content)
        members[suffix] = (info.filename, content)
    if ".lss" not in members:
        raise _problem(
            name,
            "Das Archiv enthält keine Umfragestruktur (.lss).",
            "Exportieren Sie die Umfrage in LimeSurvey als Archiv (.lsa).",
        )
    structure_name, structure = members[".lss"]
    responses_name, responses = members.get(".lsr", (None, None))
    return Archive(
        structure,
        f"{name}:{structure_name}",
        responses,
        f"{name}:{responses_name}" if responses_name else None,
        ignored,
    )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, name: str) -> bytes:
    too_big = _problem(
        name,
        f"Das Archiv ist entpackt größer als {MAX_UNCOMPRESSED // (1024 * 1024)} MB.",
        "Ein so großes Archiv wird aus Sicherheitsgründen nicht gelesen; exportieren Sie Struktur und Antworten einzeln.",
    )
    if info.file_size > budget:
        raise too_big
    try:
        with zf.open(info) as member:
            content = member.read(budget + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise _problem(
            name,
            f"Die Datei „{info.filename}“ im Archiv kann nicht entpackt werden.",
            "Exportieren Sie die Umfrage in LimeSurvey erneut als Archiv (.lsa).",
        ) from None
    if len(content) > budget:
        raise too_big
    return content


def sgqa_aliases(survey: LsSurvey, sid: str) -> dict[str, str]:
    """SGQA column names (``123X4X56SQ001``) → the CSV export's names (``Q1[SQ001]``)."""
    aliases: dict[str, str] = {}
    for q in survey.questions.values():
        if q.parent:
            continue
        base = f"{sid}X{q.gid}X{q.qid}"
        aliases[base] = q.title
        for suffix in ("other", "comment"):
            aliases[f"{base}{suffix}"] = f"{q.title}[{suffix}]"
        for sub in survey.questions.values():
            if sub.parent != q.qid:
                continue
            aliases[f"{base}{sub.title}"] = f"{q.title}[{sub.title}]"
            aliases[f"{base}{sub.title}comment"] = f"{q.title}[{sub.title}comment]"
            for scale in (0, 1):
                aliases[f"{base}{sub.title}#{scale}"] = f"{q.title}[{sub.title}][{scale + 1}]"
        if q.type == "R":
            for rank in range(1, 100):
                aliases[f"{base}{rank}"] = f"{q.title}[{rank}]"
    return aliases
