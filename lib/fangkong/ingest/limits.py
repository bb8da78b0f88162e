"""What ingest refuses or flags while reading: sizes, long cells, headers, formulas.

A village file is small (the biggest of a city-scale day is a few MB, see
``docs/reliability.md``); these limits keep a hostile or broken file from
exhausting memory or flooding the reports:

- a file larger than :data:`MAX_FILE_BYTES` is refused before it is read;
- an XLSX workbook is a zip archive: its declared uncompressed sizes are added up
  before any part is unpacked, and a workbook that would unpack to more than
  :data:`MAX_UNPACKED_BYTES`, or a part that unpacks more than
  :data:`MAX_RATIO` times its packed size, is refused (a zip bomb);
- a cell longer than :data:`MAX_CELL_CHARS` characters rejects its row
  (``too_long``); the reader keeps only a short preview of it;
- a header row naming one column twice refuses the file, naming both columns;
- a formula cell with no computed (cached) value is read as blank and flagged
  with a warning naming the cell (``formula_no_value``), never silently blank.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import numpy as np
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

MIB = 2**20
#: Largest file read at all: 300 times the biggest file of a city-scale sample
#: day (217 KB), three times a city-wide registry of 100,000 rows as CSV.
MAX_FILE_BYTES = 64 * MIB
#: Largest total of an XLSX workbook's parts, unpacked: about 290,000 rows of
#: the widest table (900 bytes of sheet XML a row); reading such a workbook
#: takes about 840 MB of memory (measured, ``docs/reliability.md``).
MAX_UNPACKED_BYTES = 256 * MIB
#: Largest unpacked/packed ratio of one part (sheet XML measured at 6-10).
MAX_RATIO = 100
#: Parts smaller than this unpacked are not checked for their ratio.
RATIO_FLOOR = MIB
#: Longest cell, in characters (the data contract).
MAX_CELL_CHARS = 2000
#: Characters of a long cell kept, for the rejects file and the issue.
PREVIEW_CHARS = 40

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
#: Bytes of a part read at a time by the formula search, and the bytes of one
#: chunk kept to find an ``<f>`` split between two chunks.
_CHUNK = MIB
_FORMULA_TAIL = 64
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class UnreadableFile(Exception):
    """A file that cannot be ingested at all; the message says why."""


def _mib(size: int) -> str:
    return f"{size / MIB:,.1f} MiB"


def check_file_size(path: Path) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES`, before reading it.

    Raises
    ------
    UnreadableFile
    """
    size = Path(path).stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"file is {_mib(size)}, over the limit of {_mib(MAX_FILE_BYTES)} for one village"
            " file: split it (one file per village and table) and send it again"
        )


def check_archive(data: bytes) -> None:
    """Refuse an XLSX workbook that would unpack too big, from its declared sizes.

    Nothing is unpacked: the sizes are those of the zip's directory. A file
    that is no zip is left to the readers, which say what is wrong with it.

    Raises
    ------
    UnreadableFile
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            f"workbook unpacks to {_mib(total)}, over the limit of {_mib(MAX_UNPACKED_BYTES)}"
            " (a zip bomb, or far more than a village file): not read"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise UnreadableFile(
                f"workbook part {info.filename} unpacks {ratio}"
                f" times its size ({_mib(info.file_size)}), over the limit of {MAX_RATIO}"
                " (a zip bomb): not read"
            )


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet title, from the workbook and its relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[str(PurePosixPath(path))] = sheet.get("name")
    return parts


def _has_formula(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether a part holds an ``<f>`` element, read in chunks (never whole)."""
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-_FORMULA_TAIL:]
    return False


def _formula_cells(part) -> dict[tuple[int, int], str]:
    """Formula cells without a value in a sheet XML stream, parsed as it streams.

    Each cell is cleared once looked at, and the rows read so far are dropped,
    so memory stays flat whatever the size of the sheet.
    """
    cells: dict[tuple[int, int], str] = {}
    sheet_data = None
    for event, elem in ElementTree.iterparse(part, events=("start", "end")):
        if event == "start":
            if elem.tag == f"{_MAIN}sheetData":
                sheet_data = elem
            continue
        if elem.tag == f"{_MAIN}c":
            formula, value = elem.find(f"{_MAIN}f"), elem.find(f"{_MAIN}v")
            if formula is not None and (value is None or not value.text):
                ref = elem.get("r", "")
                letters, row = coordinate_from_string(ref)
                cells[(row - 1, column_index_from_string(letters) - 1)] = (
                    f"{ref} ={formula.text or ''}"
                )
            elem.clear()
        elif elem.tag == f"{_MAIN}row" and sheet_data is not None:
            sheet_data.clear()  # every row so far is done with
    return cells


def uncached_formulas(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Formula cells that carry no computed value, per sheet title.

    Each worksheet is streamed from the zip: first searched for ``<f>`` in
    chunks, then, only if it has one, parsed cell by cell
    (:func:`xml.etree.ElementTree.iterparse`), so the scan's memory does not
    grow with the sheet (under 1 MB of peak on a 25 MB sheet of formulas).

    Returns
    -------
    dict
        Sheet title -> {(row, column) 0-based -> ``"B2 =1+1"``}; empty for
        workbooks without formulas (most), or that cannot be read this way.
    """
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        with_formulas = [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and _has_formula(archive, name)
        ]
        parts = _sheet_parts(archive) if with_formulas else {}
        for name in with_formulas:
            with archive.open(name) as part:
                cells = _formula_cells(part)
            found.setdefault(parts.get(name, name), {}).update(cells)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, TypeError):
        return {}
    return found


def check_headers(header: list, mapping: dict[int, str], table, sheet: str | None) -> None:
    """Refuse a header row that names one column of the table twice.

    Parameters
    ----------
    header : list
        The header row's cells.
    mapping : dict
        Position -> schema column, from :func:`fangkong.ingest.readers.recognise`.
    table : fangkong.schemas.Table
    sheet : str or None

    Raises
    ------
    UnreadableFile
        Naming both columns (letter and header) and the column they both are.
    """
    positions: dict[str, list[int]] = {}
    for position in sorted(mapping):
        positions.setdefault(mapping[position], []).append(position)
    for column, at in positions.items():
        if len(at) > 1:
            named = " and ".join(f"{get_column_letter(i + 1)} '{header[i]}'" for i in at)
            where = f"sheet {sheet!r}: " if sheet else ""
            raise UnreadableFile(
                f"{where}columns {named} are both {table.meta(column)['zh']} ({column}):"
                " keep one of them and send the file again"
            )


def cell_issues(values: np.ndarray, rows, columns, cells: dict | None, at: tuple) -> list[dict]:
    """Long cells (shortened in place) and blank formula cells of a cut-out table.

    Parameters
    ----------
    values : numpy.ndarray
        The table's cells (2-D, object); a cell over :data:`MAX_CELL_CHARS`
        characters is replaced by its first :data:`PREVIEW_CHARS` and "…".
    rows, columns : sequence
        The file row number of each row and the schema column of each column.
    cells : dict or None
        From :func:`uncached_formulas`, for this sheet.
    at : (numpy.ndarray, list)
        The grid row of each row of ``values`` and the grid column of each column.

    Returns
    -------
    list of dict
        ``row`` (in the file), ``column``, ``code``, ``severity``, ``detail``.
    """
    out = []
    for i, j in zip(*np.nonzero(_long_mask(values))):
        text = values[i, j]
        values[i, j] = text[:PREVIEW_CHARS] + "…"
        detail = f"{len(text)} > {MAX_CELL_CHARS}"
        out.append(dict(row=int(rows[i]), column=columns[j], code="too_long", detail=detail))
    if cells:
        where = {int(row): i for i, row in enumerate(at[0])}
        for j, grid_column in enumerate(at[1]):
            for (row, column), detail in cells.items():
                if column == grid_column and row in where:
                    out.append(
                        dict(row=int(rows[where[row]]), column=columns[j], code="formula_no_value",
                             detail=detail)
                    )  # fmt: skip
    for issue in out:
        issue["severity"] = "warning" if issue["code"] == "formula_no_value" else "rejected"
    return out


def _long_mask(values: np.ndarray) -> np.ndarray:
    flat = values.ravel()
    mask = np.fromiter(
        (type(cell) is str and len(cell) > MAX_CELL_CHARS for cell in flat),
        dtype=bool,
        count=len(flat),
    )
    return mask.reshape(values.shape)


def cover_formulas(rows: list[list], cells: dict | None) -> list[list]:
    """A sheet's rows extended to its formula cells without value (readers leave
    out trailing rows and columns that read blank)."""
    if not cells:
        return rows
    last_row = max(row for row, _ in cells)
    last_column = max(column for _, column in cells)
    rows = rows + [[] for _ in range(last_row + 1 - len(rows))]
    if len(rows[last_row]) <= last_column:
        rows[last_row] = rows[last_row] + [None] * (last_column + 1 - len(rows[last_row]))
    return rows


def formula_rows(cells: dict | None, first: int, count: int, kept) -> np.ndarray:
    """Which of ``count`` grid rows from ``first`` hold, in a kept grid column, a
    formula cell without value (such a row is read, never dropped as blank)."""
    mask = np.zeros(count, dtype=bool)
    for row, column in cells or {}:
        if first <= row < first + count and column in kept:
            mask[row - first] = True
    return mask


def located_cell_issues(sheets) -> list[dict]:
    """The cell issues of sheets whose rows are combined in order, by combined row.

    Parameters
    ----------
    sheets : list of fangkong.ingest.readers.RawSheet

    Returns
    -------
    list of dict
        As :func:`cell_issues`, ``row`` the position in the combined rows.
    """
    out, offset = [], 0
    for sheet in sheets:
        for issue in sheet.cell_issues:
            out.append({**issue, "row": offset + sheet.frame.index.get_loc(issue["row"])})
        offset += len(sheet.frame)
    return out
