"""The codebook as CSV for German Excel: every column of the Excel CSV and of the contract CSV
with its question, label, type and codes (same dialect as ``excelcsv.py``)."""

from __future__ import annotations

from pathlib import Path

from umfrage.reporting.exports.codebook import codebook
from umfrage.reporting.exports.codebook import header as codebook_header
from umfrage.reporting.exports.dataset import Dataset
from umfrage.reporting.exports.excelcsv import header, write_rows

SUFFIX = ".csv"
LABEL = "Codebuch als CSV für Excel"

EXCEL_HEADER = "Spalte (CSV für Excel)"


def write(dataset: Dataset, path: Path) -> None:
    rows = [[EXCEL_HEADER, *codebook_header(dataset)]]
    notice = dataset.synthetic_notice()
    for variable, row in zip(dataset.variables, codebook(dataset), strict=True):
        rows.append([header(variable), *row.as_tuple()])
    if notice:
        rows.append([notice])
    write_rows(path, rows)
