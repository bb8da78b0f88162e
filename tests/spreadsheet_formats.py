"""Real .ods and .xls files, written at test time with the standard library only.

fangkong reads these formats through python-calamine, which cannot write them,
and no writer of them is a dependency: an OpenDocument spreadsheet is a zip of
XML (ODF 1.2), a legacy Excel workbook a BIFF8 stream in an OLE2 compound file
([MS-XLS], [MS-CFB]); both are written here just far enough for one sheet of
text, numbers and date cells.
"""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


def _ods_cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.datetime | dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def write_ods(path: Path, rows: list[dict], sheet: str = "Sheet1") -> Path:
    """One sheet: a header row (the keys of the first row), then the rows."""
    headers = list(rows[0])
    grid = [headers] + [[row.get(h) for h in headers] for row in rows]
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in line) + "</table:table-row>"
        for line in grid
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="{_ODS_MIME}"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", _ODS_MIME, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


# --- .xls: BIFF8 records in a compound file ------------------------------------------


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(sheet_type: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, sheet_type, 0x0DBB, 0x07CC, 0, 6))


def _xls_cell(row: int, col: int, value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _record(0x0203, struct.pack("<HHHd", row, col, 15, float(value)))  # NUMBER
    text = str(value).encode("utf-16-le")
    label = struct.pack("<HHHHB", row, col, 15, len(text) // 2, 1) + text  # LABEL
    return _record(0x0204, label)


def _xls_globals() -> bytes:
    """FONT, the 15 style XFs and one cell XF (index 15) that Excel requires."""
    font = (
        struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
        + b"\x05\x01"
        + ("Arial".encode("utf-16-le"))
    )
    style = struct.pack("<HHHHHHIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0x20C0)
    cell = struct.pack("<HHHHHHIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0x20C0)
    return (
        _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
        + _record(0x0031, font) * 5  # FONT (index 4 is skipped by readers)
        + _record(0x00E0, style) * 15
        + _record(0x00E0, cell)
    )


def _workbook_stream(rows: list[list], sheet: str) -> bytes:
    cells = b"".join(_xls_cell(r, c, v) for r, line in enumerate(rows) for c, v in enumerate(line))
    width = max(len(line) for line in rows)
    dims = _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    sheet_stream = _bof(0x0010) + dims + cells + _record(0x000A, b"")
    name = sheet.encode("utf-16-le")

    def globals_(position: int) -> bytes:
        bound = struct.pack("<IBBBB", position, 0, 0, len(name) // 2, 1) + name
        return _bof(0x0005) + _xls_globals() + _record(0x0085, bound) + _record(0x000A, b"")

    head = globals_(0)
    return globals_(len(head)) + sheet_stream


def _compound_file(stream: bytes, name: str = "Workbook") -> bytes:
    """An OLE2 compound file (version 3, 512-byte sectors) holding one stream."""
    sector = 512
    stream = stream.ljust(max(4096, -(-len(stream) // sector) * sector), b"\x00")  # no mini stream
    n = len(stream) // sector
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    # sector 0: the FAT; sector 1: the directory; sectors 2..: the stream
    fat = [fat_sector, end] + [3 + i for i in range(n - 1)] + [end]
    assert len(fat) <= sector // 4, "one FAT sector only"
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")

    def entry(entry_name, kind, child, start, size):
        encoded = (entry_name + "\x00").encode("utf-16-le") if entry_name else b""
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, free, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IIi", start, size, 0)
        )

    directory = (
        entry("Root Entry", 5, 1, end, 0)
        + entry(name, 2, free, 2, len(stream))
        + entry("", 0, free, free, 0) * 2
    )
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + b"\xff" * (4 * 108)
    )
    assert len(header) == sector and len(directory) == sector
    return header + fat_bytes + directory + stream


def write_xls(path: Path, rows: list[dict], sheet: str = "Sheet1") -> Path:
    """One sheet: a header row (the keys of the first row), then the rows."""
    headers = list(rows[0])
    grid = [headers] + [[row.get(h) for h in headers] for row in rows]
    path.write_bytes(_compound_file(_workbook_stream(grid, sheet)))
    return path
