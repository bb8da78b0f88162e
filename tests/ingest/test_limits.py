"""Limits of the way in, on real files into a real SQLite store: zip bombs and big
files refused, long cells rejected, a header named twice refused, formula cells
without a value warned about, cells that look like formulas kept as text."""

import io
import zipfile
import zlib

import pytest
from fangkong.ingest import limits
from ingest_helpers import DAY, check, ingest, write_csv, write_xlsx
from openpyxl import Workbook

CHUNK = 2**24  # 16 MiB of spaces, packed once


class _Packed:
    """A deflate compressor that packs the 16 MiB padding chunk from a ready block."""

    def __init__(self, pad: bytes):
        self._real = zlib.compressobj(9, zlib.DEFLATED, -15)
        self._pad, self._block = pad, None

    def compress(self, data):
        if data is self._pad:
            if self._block is None:  # full flush: the block stands alone, repeatable
                fresh = zlib.compressobj(9, zlib.DEFLATED, -15)
                self._block = fresh.compress(data) + fresh.flush(zlib.Z_FULL_FLUSH)
            return self._block
        return self._real.compress(data) + self._real.flush(zlib.Z_FULL_FLUSH)

    def flush(self):
        return self._real.flush()


def _bomb(unpacked: int, monkeypatch) -> bytes:
    """A real health-check workbook whose sheet XML is padded with ``unpacked`` bytes
    of spaces between its rows: about 1 MB on disk for 1 GiB unpacked."""
    book = Workbook()
    book.active.append(list(check()))
    book.active.append(list(check().values()))
    plain = io.BytesIO()
    book.save(plain)
    pad = b" " * CHUNK
    monkeypatch.setattr(zipfile, "_get_compressor", lambda *args: _Packed(pad))
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            with dst.open(info.filename, "w", force_zip64=True) as part:
                if info.filename == "xl/worksheets/sheet1.xml":
                    head, tail = data.split(b"</sheetData>")
                    part.write(head)
                    for _ in range(unpacked // CHUNK):
                        part.write(pad)
                    part.write(b"</sheetData>" + tail)
                else:
                    part.write(data)
    monkeypatch.undo()
    return out.getvalue()


@pytest.fixture
def unparsed(monkeypatch):
    """Fail the test if a workbook is unpacked to be parsed."""

    def parsed(*args):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr("fangkong.ingest.readers._calamine_grids", parsed)
    monkeypatch.setattr("fangkong.ingest.readers._openpyxl_grids", parsed)


def test_a_zip_bomb_is_refused_before_unpacking(base, town, tmp_path, monkeypatch, unparsed):
    """1 GiB of sheet XML from about 1 MB: refused from the zip's directory alone."""
    data = _bomb(2**30, monkeypatch)
    assert len(data) < 2 * 2**20
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert sum(info.file_size for info in infos) > 2**30
    path = tmp_path / "槐林村_health_checks.xlsx"
    path.write_bytes(data)
    monkeypatch.setattr(limits, "RATIO_FLOOR", 2**40)  # the total alone refuses it
    report = ingest(base, town, tmp_path, [path])
    (result,) = report.files
    assert result.status == "unreadable"
    assert "unpacks to 1,024.0 MiB, over the limit of 256.0 MiB" in result.error
    assert base.events("health_checks", DAY, DAY).empty


def test_a_part_that_unpacks_a_hundred_times_its_size_is_refused(tmp_path, monkeypatch, unparsed):
    from fangkong.ingest.readers import UnreadableFile, read_file

    path = tmp_path / "x.xlsx"
    path.write_bytes(_bomb(64 * 2**20, monkeypatch))  # under the total, 60 KB on disk
    with pytest.raises(UnreadableFile, match=r"sheet1.xml unpacks \d+ times its size"):
        read_file(path)


def test_a_real_city_scale_workbook_is_under_the_limits(tmp_path):
    """A city-wide ledger of 20,000 rows: well inside every limit, read whole."""
    from fangkong.ingest.readers import read_file
    from ingest_helpers import person

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(person()))
    for i in range(20_000):
        sheet.append(list(person(**{"姓名": f"居民{i}"}).values()))
    book.save(tmp_path / "ledger.xlsx")
    data = (tmp_path / "ledger.xlsx").read_bytes()
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert sum(info.file_size for info in infos) < limits.MAX_UNPACKED_BYTES / 10
    assert max(info.file_size / info.compress_size for info in infos) < limits.MAX_RATIO
    assert len(read_file(tmp_path / "ledger.xlsx")[0].frame) == 20_000


def test_a_file_over_the_size_limit_is_refused_unread(base, town, tmp_path, monkeypatch):
    path = tmp_path / "槐林村_health_checks.csv"
    with open(path, "wb") as fh:  # sparse: nothing written to disk
        fh.truncate(limits.MAX_FILE_BYTES + 1)
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("file was read"))
    report = ingest(base, town, tmp_path, [path])
    assert report.files[0].status == "unreadable"
    assert "over the limit of 64.0 MiB" in report.files[0].error


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_cell_over_2000_characters_is_rejected_as_too_long(base, town, tmp_path, suffix):
    """2,000 characters pass; 2,001 or 20 MB are rejected, and the rejects file and
    the issue keep a short preview, not the cell."""
    write = write_csv if suffix == "csv" else write_xlsx
    rows = [
        check(**{"医护人员": "医" * 2000}),
        check(**{"医护人员": "医" * 2001, "监测时间": "2020-03-10 09:00"}),
        check(**{"医护人员": "x" * (20 * 2**20), "监测时间": "2020-03-10 10:00"}),
    ]
    path = write(tmp_path / f"槐林村_health_checks.{suffix}", rows)
    report = ingest(base, town, tmp_path, [path])
    (result,) = report.files
    assert (result.accepted, result.rejected) == (1, 2)
    issues = report.issues()
    assert issues["code"].tolist() == ["too_long", "too_long"]
    assert issues["row"].tolist() == [3, 4]
    # Excel and openpyxl keep at most 32,767 characters of a cell.
    longest = 20 * 2**20 if suffix == "csv" else 32767
    assert issues["detail"].tolist() == ["2001 > 2000", f"{longest} > 2000"]
    assert issues["value"].str.len().max() < 100
    assert result.rejects_path.stat().st_size < 10_000
    assert "内容过长" in result.rejects_path.read_text(encoding="utf-8-sig")
    stored = base.events("health_checks", DAY, DAY)
    assert stored["checked_by"].tolist() == ["医" * 2000]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_column_named_twice_refuses_the_file_naming_both(base, town, tmp_path, suffix):
    write = write_csv if suffix == "csv" else write_xlsx
    headers = ["身份证号", "监测时间", "体温", "症状", "医护人员", "person_id"]
    row = dict(check(), person_id="410182199001011230")
    path = write(tmp_path / f"槐林村_health_checks.{suffix}", [row], headers=headers)
    report = ingest(base, town, tmp_path, [path])
    (result,) = report.files
    assert result.status == "unreadable"
    assert "columns A '身份证号' and F 'person_id' are both 身份证号 (person_id)" in result.error
    assert base.events("health_checks", DAY, DAY).empty


def test_a_formula_without_a_value_is_a_warning_naming_the_cell(base, town, tmp_path):
    """openpyxl writes ``=36+0.5`` with no cached value: read as blank, and said so;
    a row whose only cells are such formulas is read too, never dropped as blank."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(check()))
    sheet.append(list(check(**{"症状": '=IF(C2>37.3,"发热","无")'}).values()))  # optional
    sheet.append(list(check(**{"体温": "=36+0.5", "监测时间": "2020-03-10 15:00"}).values()))
    sheet.append([None, None, "=B3"])
    book.save(tmp_path / "槐林村_health_checks.xlsx")
    report = ingest(base, town, tmp_path, [tmp_path / "槐林村_health_checks.xlsx"])
    (result,) = report.files
    issues = report.issues()
    warnings = issues[issues["code"] == "formula_no_value"]
    assert warnings[["row", "column", "detail"]].values.tolist() == [
        [2, "symptoms", 'D2 =IF(C2>37.3,"发热","无")'],
        [3, "temperature_c", "C3 =36+0.5"],
        [4, "temperature_c", "C4 =B3"],
    ]
    assert (warnings["severity"] == "warning").all()
    assert (result.rows_in, result.accepted, result.rejected) == (3, 1, 2)
    rejected = issues[issues["severity"] == "rejected"]
    assert rejected[["row", "column", "code"]].values.tolist()[:2] == [
        [3, "temperature_c", "required"],
        [4, "checked_at", "required"],
    ]
    stored = base.events("health_checks", DAY, DAY)
    assert stored["symptoms"].isna().tolist() == [True]  # blank, with a warning that says so


LOOKS_LIKE_FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1+1)", '=HYPERLINK("http://x","点我")']


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_text_that_starts_like_a_formula_is_stored_as_shown(base, town, tmp_path, suffix):
    rows = [
        check(**{"医护人员": text, "监测时间": f"2020-03-10 0{i}:00"})
        for i, text in enumerate([*LOOKS_LIKE_FORMULAS, "\t=1+1", "\r=2+2"])
    ]
    path = tmp_path / f"槐林村_health_checks.{suffix}"
    if suffix == "csv":
        write_csv(path, rows)
    else:
        book = Workbook()
        book.active.append(list(rows[0]))
        for row in rows:
            book.active.append(list(row.values()))
        for cell in book.active["E"][1:]:
            cell.data_type = "s"  # typed text, no formula
        book.save(path)
    report = ingest(base, town, tmp_path, [path])
    assert report.files[0].accepted == len(rows), report.issues()
    stored = base.events("health_checks", DAY, DAY).sort_values("checked_at")
    assert stored["checked_by"].tolist() == [*LOOKS_LIKE_FORMULAS, "=1+1", "=2+2"]


_BOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="体温" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def _sheet_of_formulas(rows: int) -> bytes:
    """A workbook whose one sheet has ``rows`` rows of a formula and a note of 900
    characters (about 2.7 KB of XML a row); every 100th formula has no cached value."""
    head = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    note = "居民" * 450
    body = "".join(
        f'<row r="{i}"><c r="A{i}"><f>IF(B{i}&gt;3,1,0)</f>'
        + ("" if i % 100 == 0 else "<v>1</v>")
        + f'</c><c r="B{i}" t="inlineStr"><is><t>{note}{i}</t></is></c></row>'
        for i in range(1, rows + 1)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("xl/workbook.xml", _BOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _RELS)
        book.writestr("xl/worksheets/sheet1.xml", head + body + "</sheetData></worksheet>")
    return out.getvalue()


def test_the_formula_scan_of_a_big_sheet_uses_little_memory():
    """A 27 MB sheet with formulas: the scan streams it and its peak stays under
    20 MiB (parsing the sheet whole peaked at 94 MiB here, 486 MiB on a 32 MB sheet
    of small cells)."""
    import tracemalloc

    data = _sheet_of_formulas(10_000)
    (info,) = [i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if "sheet1" in i.filename]
    assert info.file_size > 25_000_000
    tracemalloc.start()
    try:
        found = limits.uncached_formulas(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert len(found["体温"]) == 100
    assert found["体温"][(999, 0)] == "A1000 =IF(B1000>3,1,0)"


def test_a_zip_that_understates_its_sizes_is_unreadable(tmp_path):
    """A workbook whose directory declares its sheet smaller than it is: calamine stops
    with "larger than its declared uncompressed size", Python's zipfile stops at the
    declared size and fails the CRC; the file must be refused as unreadable."""
    import struct

    from fangkong.ingest.readers import UnreadableFile, read_file

    book = Workbook()
    book.active.append(list(check()))
    for i in range(200):
        when = f"2020-03-10 0{i % 10}:{i % 60:02d}"
        book.active.append(list(check(**{"监测时间": when}).values()))
    plain = io.BytesIO()
    book.save(plain)
    data = bytearray(plain.getvalue())
    sheet = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # directory, local
        at = -1
        while (at := data.find(signature, at + 1)) >= 0:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(sheet)] == sheet:
                (size,) = struct.unpack_from("<I", data, at + size_at)
                struct.pack_into("<I", data, at + size_at, size // 2)
    path = tmp_path / "槐林村_health_checks.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableFile):
        read_file(path)
