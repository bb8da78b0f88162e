"""Reading CSV text: the stdlib path for small files gives pandas' frames."""

import pandas as pd
import pytest
from fangkong import readers
from fangkong.readers import UnreadableFile, read_file

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
