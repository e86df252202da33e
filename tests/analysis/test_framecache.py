"""The validated frame cache (analysis/framecache.py): the same frames and outputs as without
it, rebuilt whenever any part of its key changes, never trusting a file it did not write."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pytest
from click.testing import CliRunner

from umfrage.analysis import framecache, sources
from umfrage.analysis.sources import load_folder
from umfrage.cli import main
from umfrage.questionnaire.problems import ProblemsError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "buendnisumfrage"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    found = tmp_path / "frames"
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE_DIR", str(found))
    monkeypatch.delenv("UMFRAGE_FRAME_CACHE", raising=False)
    return found


class Reads:
    """Counts the real reads of responses.csv behind the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = sources.read_wave_csv

        def counting(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(sources, "read_wave_csv", counting)


def _files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.arrow")) if cache_dir.exists() else []


def test_cached_frames_equal_the_read_ones(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = Reads(monkeypatch)
    first = load_folder(folder, "2024", "2023")
    assert reads.count == 2
    assert len(_files(cache_dir)) == 2
    second = load_folder(folder, "2024", "2023")
    assert reads.count == 2, "the second load must come from the cache"
    for old, new in ((first.frame, second.frame), (first.compare, second.compare)):
        assert old is not None and new is not None
        pd.testing.assert_frame_equal(old.data, new.data, check_exact=True)
        assert list(old.data.dtypes) == list(new.data.dtypes)
        assert (old.source, old.warnings, old.wave) == (new.source, new.warnings, new.wave)


def test_analyze_output_is_byte_identical_with_and_without_cache(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["analyze", str(folder), "--wave", "2024", "--compare", "2023", "--format", "json"]
    args += ["--by", "gemeindegroesse", "--weighted"]
    runner = CliRunner()
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE", "0")
    plain = runner.invoke(main, args)
    assert plain.exit_code == 0, plain.output
    assert not _files(cache_dir)
    monkeypatch.delenv("UMFRAGE_FRAME_CACHE")
    filling = runner.invoke(main, args)
    cached = runner.invoke(main, args)
    assert len(_files(cache_dir)) == 2
    assert plain.output == filling.output == cached.output


def test_a_file_of_many_record_batches_gives_the_same_output(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large waves are written in batches of rows (64 Ki each); a frame read back must give the
    same results, also where the analysis reads a column's Arrow array (free texts)."""
    monkeypatch.setattr(framecache, "CHUNK_ROWS", 7)
    args = ["analyze", str(folder), "--wave", "2024", "--compare", "2023", "--format", "json"]
    runner = CliRunner()
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE", "0")
    plain = runner.invoke(main, args)
    monkeypatch.delenv("UMFRAGE_FRAME_CACHE")
    runner.invoke(main, args)
    [path, *_] = _files(cache_dir)
    assert feather.read_table(path).column(0).num_chunks > 1
    cached = runner.invoke(main, args)
    assert cached.exit_code == 0, cached.output
    assert plain.output == cached.output


def _edit_responses(folder: Path) -> None:
    path = folder / "waves" / "2024" / "responses.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # one response fewer


def _edit_questionnaire(folder: Path) -> None:
    path = folder / "waves" / "2024" / "questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace('de: "Bayern"', 'de: "Freistaat Bayern"', 1)
    assert edited != text
    path.write_text(edited, "utf-8")


def _edit_register(folder: Path) -> None:
    with (folder / "organisations.csv").open("a", encoding="utf-8") as handle:
        handle.write("LB-9999,Neues Bündnis,BY,20k_100k,Neustadt,Ana Neu,neu@example.org,de\n")


def _edit_reader(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(framecache, "FORMAT", "umfrage-frame-test")


@pytest.mark.parametrize("part", ["responses", "questionnaire", "register", "reader", "place"])
def test_every_key_part_forces_a_rebuild(
    part: str, folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_folder(folder, "2024")
    reads = Reads(monkeypatch)
    load_folder(folder, "2024")
    assert reads.count == 0
    if part == "responses":
        _edit_responses(folder)
    elif part == "questionnaire":
        _edit_questionnaire(folder)
    elif part == "register":
        _edit_register(folder)
    elif part == "reader":
        _edit_reader(folder, monkeypatch)
    else:
        folder = folder.rename(folder.with_name("umbenannt"))  # the name shown in messages
    fresh = load_folder(folder, "2024")
    assert reads.count == 1, f"a changed {part} must not be served from the cache"
    if part == "responses":
        assert len(fresh.frame) == 79
    if part == "place":
        assert fresh.frame.source.startswith("umbenannt/")
    load_folder(folder, "2024")
    assert reads.count == 1, "the rebuilt frame is cached again"
    # The older file of the wave is deleted (a moved folder is another wave to the cache).
    assert len(_files(cache_dir)) == (2 if part == "place" else 1)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not an arrow file at all",
        b"ARROW1\x00\x00garbage",
    ],
)
def test_a_corrupt_file_is_ignored_and_replaced(
    content: bytes, folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_folder(folder, "2024")
    [path] = _files(cache_dir)
    path.write_bytes(content)
    reads = Reads(monkeypatch)
    again = load_folder(folder, "2024")
    assert reads.count == 1
    pd.testing.assert_frame_equal(first.frame.data, again.frame.data)
    load_folder(folder, "2024")
    assert reads.count == 1, "the replaced file is used"


def test_a_foreign_or_truncated_file_is_never_trusted(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_folder(folder, "2024")
    [path] = _files(cache_dir)
    # A well-formed Arrow file with other data under the right name: no key, or another key.
    foreign = pa.table({"organisation": ["LB-0001"], "status": ["complete"]})
    feather.write_feather(foreign, path)
    reads = Reads(monkeypatch)
    load_folder(folder, "2024")
    assert reads.count == 1
    table = feather.read_table(path)
    meta = dict(table.schema.metadata)
    other_key = meta[framecache.META_KEY].replace(b"2024", b"2023")
    feather.write_feather(
        table.replace_schema_metadata({**meta, framecache.META_KEY: other_key}), path
    )
    again = load_folder(folder, "2024")
    assert reads.count == 2
    # Fewer rows than its metadata says (half a file from a broken copy).
    meta = dict(feather.read_table(path).schema.metadata)
    feather.write_feather(feather.read_table(path).slice(0, 3).replace_schema_metadata(meta), path)
    load_folder(folder, "2024")
    assert reads.count == 3
    pd.testing.assert_frame_equal(first.frame.data, again.frame.data)


def test_invalid_responses_are_never_cached(folder: Path, cache_dir: Path) -> None:
    path = folder / "waves" / "2024" / "responses.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")  # a second answer
    with pytest.raises(ProblemsError, match="hat schon in Zeile"):
        load_folder(folder, "2024")
    assert not _files(cache_dir)
    with pytest.raises(ProblemsError, match="hat schon in Zeile"):
        load_folder(folder, "2024")


@pytest.mark.parametrize("value", ["0", "off", "nein"])
def test_the_cache_can_be_turned_off(
    value: str, folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE", value)
    reads = Reads(monkeypatch)
    load_folder(folder, "2024")
    load_folder(folder, "2024")
    assert reads.count == 2
    assert not cache_dir.exists()


def test_an_unwritable_cache_only_costs_the_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("no folder here", encoding="utf-8")
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE_DIR", str(blocker / "frames"))
    assert len(load_folder(folder, "2024").frame) == 80


def _load_in_process(folder: str, cache: str, queue: Any) -> None:
    import os

    os.environ["UMFRAGE_FRAME_CACHE_DIR"] = cache
    for _ in range(3):
        frame = load_folder(Path(folder), "2024").frame
    queue.put(len(frame))


def test_concurrent_writers_leave_one_whole_file(folder: Path, cache_dir: Path) -> None:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_load_in_process, args=(str(folder), str(cache_dir), queue))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert sorted(queue.get(timeout=5) for _ in workers) == [80] * 4
    [path] = _files(cache_dir)
    assert not list(cache_dir.glob(".*.tmp")), "no temporary file is left behind"
    key = feather.read_table(path).schema.metadata[framecache.META_KEY]
    assert b'"rows": 80' in key


class DbReads:
    """Counts the real database reads behind the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from umfrage.loaders import frames

        self.count = 0
        real = frames._load_wave

        def counting(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(frames, "_load_wave", counting)


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["response", "deleted", "questionnaire", "register", "reader"])
def test_a_database_wave_is_rebuilt_when_its_data_version_changes(
    part: str, folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.loaders.frames import load_wave
    from umfrage.store.folder import load_survey_folder
    from umfrage.store.models import Organisation, Response, Survey, Wave

    load_survey_folder(folder)
    survey = Survey.objects.get(slug=folder.name)
    wave = Wave.objects.get(survey=survey, key="2024")
    plain = load_wave(wave)
    reads = DbReads(monkeypatch)
    cached = load_wave(wave)
    assert reads.count == 0
    pd.testing.assert_frame_equal(plain.data, cached.data, check_exact=True)
    assert (plain.source, plain.warnings) == (cached.source, cached.warnings)
    if part == "response":
        response = Response.objects.filter(wave=wave).order_by("position").first()
        assert response is not None
        response.record(dict(response.answers), status=response.status, by="test", source="test")
    elif part == "deleted":
        Response.objects.filter(wave=wave).order_by("position").first().delete()  # type: ignore[union-attr]
    elif part == "questionnaire":
        text = wave.questionnaire_text.replace('de: "Bayern"', 'de: "Freistaat Bayern"', 1)
        assert text != wave.questionnaire_text
        Wave.objects.filter(pk=wave.pk).update(questionnaire_text=text)
    elif part == "register":
        Organisation.objects.create(survey=survey, key="LB-9999", name="Neues Bündnis")
    else:
        _edit_reader(folder, monkeypatch)
    wave = Wave.objects.get(pk=wave.pk)
    fresh = load_wave(wave)
    assert reads.count == 1, f"a changed {part} must not be served from the cache"
    if part == "deleted":
        assert len(fresh) == len(plain) - 1
    load_wave(wave)
    assert reads.count == 1
