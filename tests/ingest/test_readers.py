"""Reading CSV text and XLSX workbooks: the fast paths give the cells of the general ones."""

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
from fangkong.ingest import readers
from fangkong.ingest.normalise import normalise_sheet
from fangkong.ingest.readers import UnreadableFile, read_file
from ingest_helpers import DAY as SUBMITTED
from ingest_helpers import check, household, ingest, person, write_csv, write_xlsx
from openpyxl import Workbook
from spreadsheet_formats import write_ods, write_xls

HEADER = "身份证号,消杀时间,消杀人员\r\n"
ROW = "410102199405015848,2020年3月10日 13:30,余英\r\n"

# Texts both parsers accept; each row of the list is one reason to compare.
ACCEPTED = [
    HEADER + ROW * 3,
    HEADER + ROW + "\r\n" + ",,\r\n" + " , ,\t\r\n" + ROW,  # blank rows
    "消杀记录,,\r\n" + HEADER + ROW,  # a title row above the header
    "\r\n".join(["消杀记录,,", ",,", HEADER.strip(), ROW.strip()]),  # no final newline
    HEADER + '"4101, 02","2020年3月10日\r\n13:30","余""英"\n' + ROW,  # quoted , newline ""
    HEADER + "410102199405015848\r\n" + ",2020-03-10\r\n" + ROW,  # short (ragged) rows
    HEADER + 'x"y,"a"b,""\r\n',  # quotes inside and after fields
    "a,b\r1,2\r\r3\r",  # old Mac line ends
    "a,b\n\n",  # a trailing blank line is a row of blanks
    " \n",
]

# Texts pandas refuses: the stdlib path must leave them to pandas.
REFUSED = [
    "消杀记录\r\n" + HEADER + ROW,  # a row wider than the first
    HEADER + ROW + "1,2,3,4\r\n",
    "\r\n" + HEADER + ROW,  # a blank first line
    HEADER + '1,"2020\r\n',  # end of file inside quotes
    HEADER + '1,"2020"\r\n"',
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_stdlib_and_pandas_csv_grids_are_equal(text):
    stdlib = readers._csv_grid_stdlib(text)
    pandas = readers._csv_grid_pandas(text)
    pd.testing.assert_frame_equal(stdlib, pandas, check_exact=True)
    assert stdlib.dtypes.tolist() == pandas.dtypes.tolist()
    assert stdlib.map(type).equals(pandas.map(type))  # None, not NaN, for blanks


@pytest.mark.parametrize("text", REFUSED)
def test_stdlib_csv_path_leaves_malformed_text_to_pandas(text):
    assert readers._csv_grid_stdlib(text) is None
    with pytest.raises(UnreadableFile, match="not a readable CSV file"):
        readers._csv_grid_pandas(text)


@pytest.mark.parametrize("text", ACCEPTED[:7] + REFUSED)
def test_small_and_large_csv_files_read_alike(text, tmp_path, monkeypatch):
    path = tmp_path / "村_disinfections.csv"
    path.write_text(text, encoding="utf-8")

    def read(small_chars):
        monkeypatch.setattr(readers, "SMALL_CSV_CHARS", small_chars)
        try:
            return read_file(path)
        except UnreadableFile as exc:
            return str(exc)

    small, large = read(10**9), read(0)
    if isinstance(large, str):
        assert small == large
        return
    assert [s.table for s in small] == [s.table for s in large] == ["disinfections"]
    for a, b in zip(small, large):
        pd.testing.assert_frame_equal(a.frame, b.frame, check_exact=True)
        assert a.frame.map(type).equals(b.frame.map(type))
        assert (a.original_headers, a.ignored_headers) == (b.original_headers, b.ignored_headers)


def test_blank_rows():
    frame = pd.DataFrame(
        [
            ["a", None, None],
            [None, None, None],
            [float("nan"), " ", "\u3000\t"],
            [None, 0, None],
            [None, "", "x"],
            [pd.NaT, pd.NA, ""],
        ],
        dtype=object,
        index=range(2, 8),
    )
    blank = readers._blank_rows(frame)
    assert blank.index.equals(frame.index)
    assert blank.tolist() == [False, True, True, False, False, True]


# XLSX: calamine reads, openpyxl where calamine would give other cells.

DAY = dt.datetime(2020, 3, 10, 13, 30)
CHECK_HEADER = ["身份证号", "消杀时间", "消杀人员"]
# One row per tricky cell type; each is compared with openpyxl's reading.
TRICKY_ROWS = [
    ["410102199405015848", DAY, "余英"],  # ID as text, datetime cell
    [4.10182e17, dt.date(2020, 3, 10), True],  # ID typed as a number, date cell, boolean
    [37.0, 37, False],  # a whole-number float, an int
    [None, "2020-03-10", 36.5],  # empty cell
    [-0.0, dt.time(13, 30), 12345678901234.0],
]


def _workbook(rows=TRICKY_ROWS, patch=None):
    """An XLSX with a title row, a blank row, the header, the rows, and a second sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "消杀"
    ws.append(["消杀记录"])  # a title row, shorter than the table
    ws.append([])
    ws.append(CHECK_HEADER)
    for row in rows:
        ws.append(row)
    other = wb.create_sheet("体温")
    other.append(["身份证号", "监测时间", "体温"])
    other.append(["410102199405015848", DAY, 36.5])
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if patch:  # edit the first sheet's XML, as other writers write it
        source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                part = source.read(name)
                target.writestr(name, patch(part) if name.endswith("sheet1.xml") else part)
        data = out.getvalue()
    return data


def _openpyxl_sheets(data):
    """What the reader gave before calamine: every workbook read with openpyxl."""
    sheets = []
    for title, rows in readers._openpyxl_grids(data):
        width = max((len(r) for r in rows), default=0)
        rows = [r + [None] * (width - len(r)) for r in rows]
        found = readers._sheet_from_frame(pd.DataFrame(rows, dtype=object), title)
        if found:
            sheets.append(found)
    return sheets


def _assert_same_sheets(data, via_calamine):
    assert (readers._calamine_grids(data) is not None) == via_calamine
    new, old = readers._read_xlsx(data), _openpyxl_sheets(data)
    assert [(s.table, s.sheet) for s in new] == [(s.table, s.sheet) for s in old]
    for a, b in zip(new, old):
        pd.testing.assert_frame_equal(a.frame, b.frame, check_exact=True)
        assert a.frame.index.tolist() == b.frame.index.tolist()
        cells = [[(type(v), v) for v in row] for row in a.frame.to_numpy().tolist()]
        assert cells == [[(type(v), v) for v in row] for row in b.frame.to_numpy().tolist()]
        assert (a.original_headers, a.ignored_headers) == (b.original_headers, b.ignored_headers)
    return new


def test_calamine_reads_cells_as_openpyxl_does():
    sheets = _assert_same_sheets(_workbook(), via_calamine=True)
    assert [(s.table, s.sheet) for s in sheets] == [
        ("disinfections", "消杀"),
        ("health_checks", "体温"),
    ]
    frame = sheets[0].frame
    assert frame.index.tolist() == [4, 5, 6, 7, 8]  # below the title, blank row and header
    rows = frame.to_numpy().tolist()
    assert rows[0] == ["410102199405015848", DAY, "余英"]
    assert [type(v) for v in rows[1]] == [float, dt.datetime, str]  # date cell -> midnight
    assert rows[1] == [4.10182e17, dt.datetime(2020, 3, 10), "TRUE"]
    assert [type(v) for v in rows[2]] == [int, int, str]  # whole numbers written as "37"
    assert rows[2] == [37, 37, "FALSE"]
    assert rows[3] == [None, "2020-03-10", 36.5]
    assert rows[4] == [0, dt.time(13, 30), 12345678901234]


def test_error_cells_are_read_by_openpyxl():
    # calamine reads #N/A as an empty cell; the village should see what it wrote.
    sheets = _assert_same_sheets(_workbook(rows=[["#N/A", DAY, "余英"]]), via_calamine=False)
    assert sheets[0].frame.iloc[0, 0] == "#N/A"


@pytest.mark.parametrize(
    "case, rows, patch",
    [
        ("number written 3.7E+1", [[37.0, DAY, 37]], lambda x: x.replace(b">37<", b">3.7E+1<", 1)),
        ("16-digit integer", [[1234567890123456, DAY, "余英"]], None),
        ("blank text", [[" ", DAY, "\t"]], None),
        ("empty text", [["x", DAY, "余英"]], lambda x: x.replace(b"<t>x</t>", b"<t/>")),
        ("small dimension", TRICKY_ROWS, lambda x: x.replace(b'ref="A1:C8"', b'ref="A1:C5"')),
    ],
)  # fmt: skip
def test_where_calamine_reads_cells_otherwise_the_typed_rows_agree(case, rows, patch):
    # Cells calamine gives otherwise than openpyxl (a float as int, trimmed or
    # empty text, cells past a wrong dimension) normalise to the same values,
    # or calamine reads more of the sheet.
    data = _workbook(rows=rows, patch=patch)
    new, old = readers._read_xlsx(data), _openpyxl_sheets(data)
    typed_new, problems_new = normalise_sheet(new[0])
    typed_old, problems_old = normalise_sheet(old[0])
    common = typed_old.index
    pd.testing.assert_frame_equal(typed_new.loc[common], typed_old, check_exact=True)
    assert [p for p in problems_new if p["row"] in common] == problems_old
    assert set(typed_new.index) >= set(common)


def test_escaped_characters_are_decoded():
    # Excel writes a line break inside a cell as _x000D_; openpyxl keeps the escape.
    frame = readers._read_xlsx(_workbook(rows=[["a_x000D_b", DAY, "余英"]]))[0].frame
    assert frame.iloc[0, 0] == "a\rb"


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 not really a zip", b"", "身份证号,消杀时间\n".encode()],
)
def test_unreadable_xlsx(data, tmp_path):
    path = tmp_path / "村_disinfections.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=r"not a readable XLSX workbook \(BadZipFile"):
        read_file(path)


# --- The other names of ID and phone columns; .ods and .xls workbooks -------------


@pytest.mark.parametrize("phone_header", ["手机号", "手机号码", "联系方式"])
def test_common_id_and_phone_headers_are_recognised(base, town, tmp_path, phone_header):
    def renamed(row, names):
        return {names.get(header, header): value for header, value in row.items()}

    names = {"身份证号": "身份证号码", "联系电话": phone_header}
    files = [
        write_csv(tmp_path / "槐林村_quarantine.csv", [renamed(person(), names)]),
        write_xlsx(tmp_path / "槐林村_health_checks.xlsx", [renamed(check(), names)]),
        write_xlsx(
            tmp_path / "槐林村_households.xlsx",
            [renamed(household(**{"户编号": "HL-002"}), {"户主身份证号": "身份证号码", **names})],
        ),
    ]
    report = ingest(base, town, tmp_path, files)
    assert [(f.status, f.tables, f.accepted, f.rejected) for f in report.files] == [
        ("ingested", ["quarantine"], 1, 0),
        ("ingested", ["health_checks"], 1, 0),
        ("ingested", ["households"], 1, 0),
    ], [f.error for f in report.files]
    assert base.ledger(SUBMITTED)["phone"].tolist() == ["13900139000"]
    assert len(base.events("health_checks", SUBMITTED, SUBMITTED)) == 1
    households = base.registry("households", DAY).set_index("household_id")
    assert households.loc["HL-002", "phone"] == "13800138000"


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_ods_and_xls_workbooks_are_ingested(base, town, tmp_path, suffix):
    rows = [
        check(),
        check(**{"监测时间": "2020-03-10 15:00", "体温": 37.5, "症状": "发热"}),
    ]
    if suffix == ".ods":  # a date cell, as LibreOffice writes one
        rows[1]["监测时间"] = dt.datetime(2020, 3, 10, 15, 0)
    folder = tmp_path / "inbox"
    folder.mkdir()
    path = (write_ods if suffix == ".ods" else write_xls)(folder / f"槐林村_checks{suffix}", rows)
    report = ingest(base, town, tmp_path, [folder])  # found in a folder too
    [f] = [f for f in report.files if f.path == path]
    assert (f.status, f.tables, f.accepted, f.rejected) == ("ingested", ["health_checks"], 2, 0), (
        f.error
    )
    stored = base.events("health_checks", SUBMITTED, SUBMITTED).sort_values("checked_at")
    assert stored["temperature_c"].tolist() == [36.6, 37.5]
    assert stored["checked_at"].dt.strftime("%H:%M").tolist() == ["08:30", "15:00"]
    assert stored["symptoms"].tolist() == ["none", "fever"]


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_corrupt_ods_and_xls_are_unreadable_with_a_reason(tmp_path, suffix):
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"not a workbook at all")
    with pytest.raises(UnreadableFile, match=suffix):
        read_file(path)
