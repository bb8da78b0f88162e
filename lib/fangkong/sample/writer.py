"""Writing sample tables the way village cadres' spreadsheets come out.

A :class:`Style` says how one file is written: XLSX or CSV (UTF-8, UTF-8 with
BOM, or GBK), Chinese or English headers, and how dates, yes/no cells,
enumerations and multi-valued cells are typed. Every style stays within what
the data contract says must be accepted. Files are byte-identical for the same
input: workbook timestamps and zip entry times are fixed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter

from fangkong.catalogue import YESNO_LABELS, label
from fangkong.schemas import TABLES

#: Column kinds written as text cells so that Excel keeps every digit.
TEXT_KINDS = ("id_number", "phone", "uscc")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"
_YESNO = {
    "zh": (YESNO_LABELS[True][0], YESNO_LABELS[False][0]),
    "en": (YESNO_LABELS[True][1], YESNO_LABELS[False][1]),
    "yn": ("Y", "N"),
    "check": ("√", "×"),
}


@dataclass(frozen=True)
class Raw:
    """A cell written exactly as given, bypassing rendering (used for defects)."""

    value: object


@dataclass(frozen=True)
class Style:
    """How one file is written.

    Attributes
    ----------
    fmt : {"xlsx", "csv"}
    encoding : {"utf-8", "utf-8-sig", "gbk"} or None
        CSV only.
    header_lang : {"zh", "en"}
    dates : {"cell", "iso", "slash", "zh", "dot"}
        ``cell`` (XLSX only) writes Excel date cells; the others write text such
        as ``2020-03-01``, ``2020/3/1``, ``2020年3月1日``, ``2020.3.1``.
    yesno : {"zh", "yn", "check", "en"}
    enums : {"zh", "code"}
        Chinese labels, or the English codes (files with English headers).
    set_sep : str
        Separator of multi-valued cells.
    """

    fmt: str = "xlsx"
    encoding: str | None = None
    header_lang: str = "zh"
    dates: str = "cell"
    yesno: str = "zh"
    enums: str = "zh"
    set_sep: str = "、"

    def as_dict(self) -> dict:
        return asdict(self)


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


def _date_text(value: dt.date, how: str) -> str:
    if how == "slash":
        return f"{value.year}/{value.month}/{value.day}"
    if how == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    if how == "dot":
        return f"{value.year}.{value.month}.{value.day}"
    return value.strftime("%Y-%m-%d")


def render(value, kind: str, enum: str | None, style: Style):
    """One cell as the style writes it (a str, number, datetime or None).

    Parameters
    ----------
    value
        The canonical value: str, int, float, bool, ``datetime.date``,
        ``datetime.datetime``, an enumeration code, a tuple of codes for sets,
        None for blank, or a :class:`Raw` written as is.
    kind, enum : str
        The column's kind and enumeration (schema metadata).
    style : Style

    Returns
    -------
    object
    """
    if value is None or isinstance(value, Raw):
        return None if value is None else value.value
    if kind == "enum":
        return value if style.enums == "code" else label(enum, value, "zh")
    if kind == "set":
        return style.set_sep.join(
            value if style.enums == "code" else (label(enum, v) for v in value)
        )
    if kind == "yesno":
        yes, no = _YESNO[style.yesno]
        return yes if value else no
    if kind == "date":
        if style.dates == "cell":
            return dt.datetime(value.year, value.month, value.day)
        return _date_text(value, style.dates)
    if kind == "datetime":
        if style.dates == "cell":
            return value
        # Times always HH:MM, zero-padded, as the contract writes them.
        return f"{_date_text(value, style.dates)} {value:%H:%M}"
    if kind == "float" and style.fmt == "csv":
        return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value
    return value


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one timestamp, so that output is reproducible."""

    fixed_time = (2020, 1, 1, 0, 0, 0)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as fh:
            self.writestr(arcname or Path(filename).name, fh.read())

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(str(zinfo_or_arcname), date_time=self.fixed_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


def save_workbook_fixed(workbook: Workbook, path: Path, when: dt.datetime) -> None:
    """Save a workbook so that the same content gives the same bytes.

    openpyxl stamps the save time into ``docProps/core.xml`` and into every zip
    entry; both are fixed here to ``when``.

    Parameters
    ----------
    workbook : openpyxl.Workbook
    path : Path
    when : datetime.datetime
        Written as the created and modified time and the zip entries' time.
    """
    workbook.properties.created = when
    workbook.properties.modified = when
    workbook.properties.creator = "fangkong"
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED)
    archive.fixed_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    # ExcelWriter directly: Workbook.save would overwrite ``modified`` with now().
    ExcelWriter(workbook, archive).save()
    Path(path).write_bytes(buffer.getvalue())


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
    metas = [spec.meta(c) for c in columns]
    rendered = [
        [render(row.get(c), m["kind"], m["enum"], style) for c, m in zip(columns, metas)]
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
            fmt = None
            if meta["kind"] in TEXT_KINDS and isinstance(value, str):
                fmt = TEXT_FORMAT
            elif isinstance(value, dt.datetime):
                fmt = DATETIME_FORMAT if meta["kind"] == "datetime" else DATE_FORMAT
            if fmt is None:
                cells.append(value)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = fmt
                cells.append(cell)
        sheet.append(cells)
    save_workbook_fixed(workbook, path, when)


def _write_csv(path, header, rows, encoding) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    text = buffer.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        encoding = "utf-8-sig"
        data = text.encode(encoding)
    Path(path).write_bytes(data)
    return encoding
