"""Reviewed snapshots stored as plain files (``__snapshots__/<test module>/<test>.html|.txt``).

A changed report fails the test until someone reviews the diff and accepts it with
``pytest tests/reporting --snapshot-update``.
"""

from __future__ import annotations

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class HTMLSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "html"


class TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"
