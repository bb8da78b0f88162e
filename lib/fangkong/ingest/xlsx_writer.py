"""Cells as a file style writes them; workbooks saved reproducibly.

What the input templates (:mod:`fangkong.ingest.templates`) and the sample
village files (:mod:`fangkong.sample.writer`) share: a :class:`Style` saying how
one file is written (XLSX or CSV, headers, how dates, yes/no cells,
enumerations and multi-valued cells are typed), :func:`render` turning a
canonical value into the cell that style writes, the number formats of typed
cells, and :func:`save_workbook_fixed`, which gives the same bytes for the same
workbook: its timestamps and zip entry times are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from fangkong.catalogue import YESNO_LABELS, label

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
            value if style.enums == "code" else (label(enum, code) for code in value)
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
