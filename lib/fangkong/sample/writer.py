"""Writing sample tables the way village cadres' spreadsheets come out.

:func:`pick_style` draws how one file is written (see
:class:`fangkong.ingest.xlsx_writer.Style`): XLSX or CSV (UTF-8, UTF-8 with
BOM, or GBK), Chinese or English headers, and how dates, yes/no cells,
enumerations and multi-valued cells are typed. Every style stays within what
the data contract says must be accepted. Files are byte-identical for the same
input: workbook timestamps and zip entry times are fixed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from fangkong.ingest.xlsx_writer import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    TEXT_FORMAT,
    TEXT_KINDS,
    Style,
    render,
    save_workbook_fixed,
)
from fangkong.schemas import TABLES


def pick_style(rng, *, xlsx_share: float = 0.8, en_share: float = 0.1) -> Style:
    """Draw a file style: mostly XLSX with Chinese headers, labels and 是/否.

    Parameters
    ----------
    rng : random.Random
    xlsx_share : float
        Probability of XLSX rather than CSV.
    en_share : float
        Probability of English headers (and English codes as values).

    Returns
    -------
    Style
    """
    xlsx = rng.random() < xlsx_share
    english = rng.random() < en_share
    if xlsx:
        encoding = None
        dates = rng.choices(("cell", "iso", "slash", "zh"), (60, 20, 10, 10))[0]
    else:
        encoding = rng.choices(("utf-8", "utf-8-sig", "gbk"), (40, 30, 30))[0]
        dates = rng.choices(("iso", "slash", "zh", "dot"), (50, 30, 15, 5))[0]
    return Style(
        fmt="xlsx" if xlsx else "csv",
        encoding=encoding,
        header_lang="en" if english else "zh",
        dates=dates,
        yesno="en" if english else rng.choices(("zh", "yn", "check"), (85, 10, 5))[0],
        enums="code" if english else "zh",
        set_sep=";" if english else rng.choices(("、", ";", "；"), (50, 30, 20))[0],
    )


def headers(table: str, lang: str) -> list[str]:
    """Header row of a table in a language."""
    return list(TABLES[table].headers(lang).values())


def write_table(
    path: Path,
    table: str,
    rows: list[dict],
    style: Style,
    when: dt.datetime,
) -> str | None:
    """Write one table file (headers only when ``rows`` is empty).

    Parameters
    ----------
    path : Path
        Target file; its suffix should match ``style.fmt``.
    table : str
        Table name in ``TABLES``.
    rows : list of dict
        Column -> canonical value (see :func:`render`); missing columns are blank.
    style : Style
    when : datetime.datetime
        Timestamp written into an XLSX file.

    Returns
    -------
    str or None
        The CSV encoding really used (GBK falls back to UTF-8 with BOM when a
        character has no GBK code), None for XLSX.
    """
    spec = TABLES[table]
    columns = spec.columns
    metas = [spec.meta(column) for column in columns]
    rendered = [
        [
            render(row.get(column), meta["kind"], meta["enum"], style)
            for column, meta in zip(columns, metas)
        ]
        for row in rows
    ]
    if style.fmt == "xlsx":
        _write_xlsx(path, spec, headers(table, style.header_lang), metas, rendered, when)
        return None
    return _write_csv(path, headers(table, style.header_lang), rendered, style.encoding)


def _write_xlsx(path, spec, header, metas, rows, when) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=spec.zh)
    sheet.append(header)
    for row in rows:
        cells = []
        for value, meta in zip(row, metas):
            number_format = None
            if meta["kind"] in TEXT_KINDS and isinstance(value, str):
                number_format = TEXT_FORMAT
            elif isinstance(value, dt.datetime):
                number_format = DATETIME_FORMAT if meta["kind"] == "datetime" else DATE_FORMAT
            if number_format is None:
                cells.append(value)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format
                cells.append(cell)
        sheet.append(cells)
    save_workbook_fixed(workbook, path, when)


def _write_csv(path, header, rows, encoding) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    text = buffer.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        encoding = "utf-8-sig"
        data = text.encode(encoding)
    Path(path).write_bytes(data)
    return encoding
