"""Reading village files: XLSX (also .xls, .ods) and CSV into raw frames, and recognising tables.

A file may hold several sheets; each sheet whose header row matches a table of
:data:`fangkong.schemas.TABLES` (by Chinese header or English name) is one
:class:`RawSheet`. Cells are kept as read (strings, numbers, datetimes) so that
normalisation can tell an Excel number from typed text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from fangkong.ingest import limits
from fangkong.ingest.limits import UnreadableFile
from fangkong.schemas import TABLES

#: How many leading rows may precede the header (a title row, a blank row).
HEADER_SEARCH_ROWS = 5
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
#: CSV text shorter than this (in characters) is parsed with the stdlib ``csv``
#: module: pandas' fixed cost per file (parser set-up, a block per column, the
#: blank-cell mask) is a few ms, which dominates a dozen-row village file; on
#: files of thousands of rows its C parser and column blocks win.
SMALL_CSV_CHARS = 64 * 1024


def header_key(text) -> str:
    """Header text folded for matching: NFKC, no spaces, case-folded."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(folded.split()).casefold()


def _header_index() -> dict[str, dict[str, str]]:
    """table -> {folded header (en, zh or an alias of the schema) -> column}."""
    index = {}
    for name, table in TABLES.items():
        index[name] = {}
        for column in table.columns:
            for header in table.headers_of(column):
                index[name][header_key(header)] = column
    return index


_HEADERS = _header_index()


@dataclass
class RawSheet:
    """One recognised table in a file.

    Attributes
    ----------
    table : str
        The table name in ``TABLES``.
    sheet : str or None
        Sheet name (None for CSV).
    frame : pandas.DataFrame
        Raw cells, object dtype, columns renamed to the schema names;
        index = the row number in the file (header row = 1 when it is first).
    original_headers : dict
        Schema column -> header as written in the file.
    ignored_headers : list of str
        Headers in the file that match no column of the table.
    cell_issues : list of dict
        Cells too long, or formulas without a value (:func:`limits.cell_issues`).
    """

    table: str
    sheet: str | None
    frame: pd.DataFrame
    original_headers: dict[str, str]
    ignored_headers: list[str] = field(default_factory=list)
    cell_issues: list[dict] = field(default_factory=list)


def recognise(headers: list) -> tuple[str | None, dict[int, str]]:
    """Which table a header row belongs to, and which column each position is.

    Returns
    -------
    table : str or None
        The table with the most matching headers (ties broken by the smaller
        share of its columns left unmatched); None if nothing matches.
    mapping : dict
        Position in the header row -> schema column.
    """
    keys = [header_key(text) for text in headers]
    best, best_score, best_map = None, (0, 0.0), {}
    for name, index in _HEADERS.items():
        mapping = {i: index[k] for i, k in enumerate(keys) if k in index}
        matched = len(set(mapping.values()))
        score = (matched, matched / len(TABLES[name].columns))
        if matched and score > best_score:
            best, best_score, best_map = name, score, mapping
    return best, best_map


def _blank_cell(cell) -> bool:
    if cell is None:
        return True
    if not isinstance(cell, str):
        if pd.isna(cell):
            return True
        cell = str(cell)
    # numpy's unicode arrays (the earlier vectorised test) dropped trailing NULs.
    return not cell.rstrip("\x00").strip()


def _blank_mask(cells: np.ndarray) -> np.ndarray:
    """Which rows of a 2-D object array have every cell empty or white space."""
    # Blank rows are rare and most rows have a value in their first columns, so
    # testing column by column only the rows still blank so far looks at about
    # one cell per row, instead of converting and stripping every cell.
    rows = np.arange(len(cells))
    for j in range(cells.shape[1]):
        if not len(rows):
            break
        column = cells[rows, j]
        rows = rows[np.fromiter(map(_blank_cell, column), dtype=bool, count=len(column))]
    blank = np.zeros(len(cells), dtype=bool)
    blank[rows] = True
    return blank


def _blank_rows(frame: pd.DataFrame) -> pd.Series:
    """Rows whose every cell is empty or white space."""
    return pd.Series(_blank_mask(frame.to_numpy(dtype=object)), index=frame.index)


def _sheet_from_frame(grid: pd.DataFrame, sheet: str | None, formulas=None) -> RawSheet | None:
    """Find the header in the first rows of a grid of cells and cut the table out.

    ``formulas`` are the sheet's formula cells without a value (grid position ->
    cell and formula): their rows are read, and each is a warning.
    """
    # Work on one object array: pandas row lookups and slices cost more than
    # all the rest on a dozen-row village file.
    cells = grid.to_numpy(dtype=object)
    best = None
    for i, row in enumerate(cells[:HEADER_SEARCH_ROWS].tolist()):
        table, mapping = recognise(row)
        if table and (best is None or len(mapping) > len(best[2])):
            best = (i, table, mapping)
    if best is None:
        return None
    header_at, table, mapping = best
    header = cells[header_at].tolist()
    limits.check_headers(header, mapping, TABLES[table], sheet)  # one column named twice: refused
    body = cells[header_at + 1 :]
    keep = sorted(mapping)
    formula_rows = limits.formula_rows(formulas, header_at + 1, len(body), keep)
    rows = np.flatnonzero(~_blank_mask(body) | formula_rows)
    values = body[np.ix_(rows, keep)]
    # take() keeps a RangeIndex when the kept rows are evenly spaced, as
    # selecting rows of the frame did.
    index = pd.RangeIndex(header_at + 2, header_at + 2 + len(body)).take(rows)
    columns = [mapping[position] for position in keep]
    found = limits.cell_issues(values, index, columns, formulas, (rows + header_at + 1, keep))
    out = pd.DataFrame(values, index=index, columns=columns, dtype=object)
    ignored = [str(cell) for i, cell in enumerate(header) if i not in mapping and not _empty(cell)]
    original = {mapping[position]: str(header[position]) for position in keep}
    return RawSheet(table, sheet, out, original, ignored, found)


def _empty(cell) -> bool:
    return cell is None or (isinstance(cell, float) and cell != cell) or cell == ""


def _cell(value):
    # Excel TRUE/FALSE cells: as text, so that 1 and True stay apart when read.
    return ("TRUE" if value else "FALSE") if isinstance(value, bool) else value


#: Cells calamine cannot give as written: error cells (#N/A, which it reads
#: as empty) and ISO date cells. Found in the sheet XML with ``in``; a
#: workbook with any is read with openpyxl.
_OPENPYXL_ONLY = (b't="e"', b"t='e'", b't="d"', b"t='d'")


def _needs_openpyxl(data: bytes) -> bool:
    """Whether a workbook holds cells that only openpyxl reads as written."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        for name in archive.namelist():
            lower = name.lower()
            if "worksheets/" in lower and lower.endswith(".xml"):
                xml = archive.read(name)
                if any(marker in xml for marker in _OPENPYXL_ONLY):
                    return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return True  # openpyxl then says what is wrong with the file
    return False


def _calamine_value(value):
    """A cell as calamine reads it -> the cell as openpyxl reads it.

    Differences left are in what normalisation reads the same way: a whole
    number written "37.0" is an int here (a float in openpyxl); text is
    trimmed; ``_x000D_`` escapes are decoded; cells beyond a wrong
    ``<dimension>`` are read rather than dropped.
    """
    kind = type(value)
    if kind is str:
        return value or None  # calamine reads empty cells as ""
    if kind is float:
        # calamine reads every number as a double; Excel writes whole numbers
        # without a point, which openpyxl reads as int.
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if kind is bool:
        return _cell(value)
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)  # openpyxl: midnight
    return value


def _calamine_grids(data: bytes, only: bool = False) -> list[tuple[str, list[list]]] | None:
    """Each worksheet's cells, read with calamine; None when openpyxl must read them."""
    if not only and _needs_openpyxl(data):
        return None
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # openpyxl then says what is wrong with the file
        return None
    try:
        metadata = workbook.sheets_metadata
        if any(meta.typ != SheetTypeEnum.WorkSheet for meta in metadata):
            return None  # chart and macro sheets: openpyxl's worksheets leave them out
        grids = []
        for meta in metadata:
            # skip_empty_area=False: start at A1 like openpyxl, so that row
            # numbers and the header search see leading blank rows.
            rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            grids.append((meta.name, [[_calamine_value(value) for value in row] for row in rows]))
    except Exception:  # a part calamine cannot read: try openpyxl
        return None
    finally:
        workbook.close()
    return grids


def _openpyxl_grids(data: bytes) -> list[tuple[str, list[list]]]:
    """Each worksheet's cells, read with openpyxl."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise UnreadableFile(
            f"not a readable XLSX workbook ({type(exc).__name__}: {exc})"
        ) from None
    try:
        return [
            (
                worksheet.title,
                [[_cell(value) for value in row] for row in worksheet.iter_rows(values_only=True)],
            )
            for worksheet in workbook.worksheets
        ]
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        # A read-only workbook unpacks its sheets only while the rows are read: a
        # zip whose sizes or checksums lie fails here, not when it is opened.
        raise UnreadableFile(
            f"not a readable XLSX workbook ({type(exc).__name__}: {exc})"
        ) from None
    finally:
        workbook.close()


def _read_xlsx(data: bytes, legacy: str | None = None) -> list[RawSheet]:
    # calamine (Rust) reads a small workbook several times faster than
    # openpyxl; openpyxl reads the workbooks whose cells calamine would give
    # otherwise, and reports corrupt files.
    limits.check_archive(data)  # before anything is unpacked: a zip bomb is refused
    formulas = limits.uncached_formulas(data)
    grids = _calamine_grids(data, only=bool(legacy))  # .xls, .ods: calamine alone reads them
    if grids is None and legacy:
        raise UnreadableFile(f"not a readable {legacy} workbook")
    if grids is None:
        grids = _openpyxl_grids(data)
    sheets = []
    for title, rows in grids:
        rows = limits.cover_formulas(rows, formulas.get(title))
        width = max((len(row) for row in rows), default=0)
        rows = [row + [None] * (width - len(row)) for row in rows]  # a title row may be short
        grid = pd.DataFrame(rows, dtype=object)
        found = _sheet_from_frame(grid, title, formulas.get(title)) if rows else None
        if found:
            sheets.append(found)
    return sheets


def _decode(data: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("CSV is neither UTF-8 nor GBK text")


def _csv_grid_pandas(text: str) -> pd.DataFrame:
    """CSV text -> grid of cells (object dtype, None for blank cells), by pandas."""
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise UnreadableFile(f"not a readable CSV file ({exc})") from None
    return grid.astype(object).where(grid != "", None)


def _csv_grid_stdlib(text: str) -> pd.DataFrame | None:
    """The grid :func:`_csv_grid_pandas` gives, by the stdlib ``csv`` module.

    None when pandas would refuse the text (a row wider than the first, a
    blank first line, end of file inside quotes), so that its error is the one
    reported.
    """
    # The text holds no NUL (refused earlier): a NUL record appended after it
    # stays a row of its own unless the text ends inside a quoted field, which
    # the csv module accepts silently and pandas refuses.
    end = "\x00" if text.endswith(("\n", "\r")) else "\n\x00"
    try:
        rows = list(csv.reader(io.StringIO(text + end, newline="")))
    except csv.Error:
        return None
    if rows.pop() != ["\x00"] or not rows or not rows[0]:
        return None
    width = len(rows[0])
    if any(len(row) > width for row in rows):
        return None
    # pandas pads short rows (and reads blank lines) with blank cells.
    grid = [[cell or None for cell in row] + [None] * (width - len(row)) for row in rows]
    return pd.DataFrame(grid, dtype=object)


def _read_csv(data: bytes) -> list[RawSheet]:
    text = _decode(data)
    if "\x00" in text:
        raise UnreadableFile("CSV contains binary data")
    if not text.strip():
        return []
    grid = _csv_grid_stdlib(text) if len(text) < SMALL_CSV_CHARS else None
    if grid is None:
        grid = _csv_grid_pandas(text)
    found = _sheet_from_frame(grid, None)
    return [found] if found else []


def read_file(path: Path, data: bytes | None = None) -> list[RawSheet]:
    """Read a village file into its recognised tables.

    Parameters
    ----------
    path : Path
        The file; its suffix chooses the reader (.xlsx, .xls, .ods or .csv).
    data : bytes, optional
        The file's bytes, when already read (for hashing).

    Returns
    -------
    list of RawSheet

    Raises
    ------
    UnreadableFile
        Wrong format, corrupt content, or no sheet that matches a known table.
    """
    path = Path(path)
    data = path.read_bytes() if data is None else data
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = _read_xlsx(data)
    elif suffix in (".xls", ".ods"):
        sheets = _read_xlsx(data, legacy=suffix)
    elif suffix in (".csv", ".txt"):
        sheets = _read_csv(data)
    else:
        raise UnreadableFile(f"unsupported file type {suffix!r} (use .xlsx, .xls, .ods or .csv)")
    if not sheets:
        raise UnreadableFile("no sheet has the headers of a known table")
    return sheets
