"""Reading village files: XLSX and CSV into raw frames, and recognising tables.

A file may hold several sheets; each sheet whose header row matches a table of
:data:`fangkong.schemas.TABLES` (by Chinese header or English name) is one
:class:`RawSheet`. Cells are kept as read (strings, numbers, datetimes) so that
normalisation can tell an Excel number from typed text.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fangkong.schemas import TABLES

#: How many leading rows may precede the header (a title row, a blank row).
HEADER_SEARCH_ROWS = 5
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class UnreadableFile(Exception):
    """A file that cannot be ingested at all; the message says why."""


def header_key(text) -> str:
    """Header text folded for matching: NFKC, no spaces, case-folded."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(folded.split()).casefold()


def _header_index() -> dict[str, dict[str, str]]:
    """table -> {folded header (zh or en) -> column}."""
    index = {}
    for name, table in TABLES.items():
        index[name] = {}
        for column in table.columns:
            index[name][header_key(column)] = column
            index[name][header_key(table.meta(column)["zh"])] = column
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
    """

    table: str
    sheet: str | None
    frame: pd.DataFrame
    original_headers: dict[str, str]
    ignored_headers: list[str] = field(default_factory=list)


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
    keys = [header_key(h) for h in headers]
    best, best_score, best_map = None, (0, 0.0), {}
    for name, index in _HEADERS.items():
        mapping = {i: index[k] for i, k in enumerate(keys) if k in index}
        matched = len(set(mapping.values()))
        score = (matched, matched / len(TABLES[name].columns))
        if matched and score > best_score:
            best, best_score, best_map = name, score, mapping
    return best, best_map


def _sheet_from_rows(rows: list[list], sheet: str | None) -> RawSheet | None:
    rows = [list(r) for r in rows]
    best = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        table, mapping = recognise(row)
        if table and (best is None or len(mapping) > len(best[2])):
            best = (i, table, mapping)
    if best is None:
        return None
    header_at, table, mapping = best
    header = rows[header_at]
    data = rows[header_at + 1 :]
    width = len(header)
    data = [(r + [None] * width)[:width] for r in data]
    frame = pd.DataFrame(data, columns=range(width), dtype=object)
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(frame))
    blank = frame.map(lambda v: v is None or (isinstance(v, str) and not v.strip())).all(axis=1)
    frame = frame[~blank]
    positions = sorted(mapping)
    seen, keep = set(), []
    for pos in positions:
        if mapping[pos] not in seen:
            seen.add(mapping[pos])
            keep.append(pos)
    out = frame[keep]
    out.columns = [mapping[p] for p in keep]
    ignored = [str(h) for i, h in enumerate(header) if i not in mapping and h not in (None, "")]
    original = {mapping[p]: str(header[p]) for p in keep}
    return RawSheet(table, sheet, out, original, ignored)


def _read_xlsx(data: bytes) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise UnreadableFile(
            f"not a readable XLSX workbook ({type(exc).__name__}: {exc})"
        ) from None
    sheets = []
    try:
        for ws in workbook.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            found = _sheet_from_rows(rows, ws.title)
            if found:
                sheets.append(found)
    finally:
        workbook.close()
    return sheets


def _decode(data: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("CSV is neither UTF-8 nor GBK text")


def _read_csv(data: bytes) -> list[RawSheet]:
    text = _decode(data)
    if "\x00" in text:
        raise UnreadableFile("CSV contains binary data")
    rows = [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text))]
    found = _sheet_from_rows(rows, None)
    return [found] if found else []


def read_file(path: Path, data: bytes | None = None) -> list[RawSheet]:
    """Read a village file into its recognised tables.

    Parameters
    ----------
    path : Path
        The file; its suffix chooses the reader (.xlsx or .csv).
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
    elif suffix in (".csv", ".txt"):
        sheets = _read_csv(data)
    else:
        raise UnreadableFile(f"unsupported file type {suffix!r} (use .xlsx or .csv)")
    if not sheets:
        raise UnreadableFile("no sheet has the headers of a known table")
    return sheets
