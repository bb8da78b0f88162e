"""Sample files written as village cadres' spreadsheets come out: formats, encodings,
empty files, dates as people type them.

The files are read back with openpyxl and the csv module, independently of the
generator (tests/sample_files.py), from the shared sample of tests/conftest.py
(``demo_sample``), and every property is checked against the data contract.
"""

import collections
import datetime as dt
import zipfile

import pytest
from fangkong.schemas import TABLES
from sample_files import _defect_cells, parse_when

# Reads the shared sample (written once, seconds).
pytestmark = pytest.mark.slow


def test_empty_files_have_headers_only_and_formats_vary(sample, tables):
    outdir, manifest = sample
    empty = [f for f in manifest.files if f.rows == 0]
    assert empty
    for f in empty:
        header, rows = tables[f.path]
        assert rows == [] and len(header) == len(TABLES[f.table].columns)
    for f in manifest.files:
        assert len(tables[f.path][1]) == f.rows
    formats = collections.Counter((f.format, f.encoding) for f in manifest.files)
    assert formats[("xlsx", None)] > sum(formats.values()) / 2  # mostly XLSX
    for encoding in ("utf-8", "utf-8-sig", "gbk"):
        assert formats[("csv", encoding)], encoding
    for f in manifest.files:
        data = (outdir / f.path).read_bytes()
        if f.encoding == "utf-8-sig":
            assert data.startswith(b"\xef\xbb\xbf")
        elif f.encoding == "utf-8":
            assert not data.startswith(b"\xef\xbb\xbf")
            data.decode("utf-8")
        elif f.encoding == "gbk":
            data.decode("gbk")
            header = tables[f.path][0]
            if f.headers == "zh":
                with pytest.raises(UnicodeDecodeError):
                    data.decode("utf-8")
        header = tables[f.path][0]
        expected = TABLES[f.table].headers(f.headers)
        assert header == list(expected.values())
    assert {f.headers for f in manifest.files} == {"zh", "en"}
    assert {f.dates for f in manifest.files} >= {"cell", "iso", "slash", "zh"}


def test_dates_are_written_as_people_type_them(sample, tables):
    _, manifest = sample
    defects = _defect_cells(manifest)
    seen = set()
    for f in manifest.files:
        for i, row in enumerate(tables[f.path][1], start=2):
            for column in TABLES[f.table].kind_columns("date", "datetime"):
                value = row[column]
                if value is None or (f.path, i, column) in defects:
                    continue
                assert parse_when(value) is not None, (f.path, i, column, value)
                if isinstance(value, dt.datetime):
                    seen.add("excel cell")
                elif "年" in value:
                    seen.add("年月日")
                elif "/" in value:
                    seen.add("slash")
    assert seen == {"excel cell", "年月日", "slash"}


def test_xlsx_carry_no_clock_time(sample):
    outdir, manifest = sample
    f = next(f for f in manifest.files if f.format == "xlsx")
    with zipfile.ZipFile(outdir / f.path) as archive:
        times = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode()
    assert times == {(*map(int, f.day.split("-")), 17, 30, 0)}
    assert core.count(f"{f.day}T17:30:00Z") == 2  # created and modified
