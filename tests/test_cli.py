"""The ``fangkong`` command: bad input gets one line and an exit status, never a traceback;
what is printed about rejected rows is masked."""

from __future__ import annotations

import os

import pytest
from factories import resident_id
from fangkong.cli import main
from ingest_helpers import PERSON, person, write_csv, write_xlsx
from repo_paths import ROOT

TOWN = str(ROOT / "params" / "jiayu.yaml")
DATE = "2020-03-10"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """The store and data folder in tmp_path."""
    monkeypatch.setenv("FANGKONG_DB_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setenv("FANGKONG_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def ingest(*args, town=TOWN):
    return main(["ingest", *map(str, args), "--date", DATE, "--town", town])


def one_line_error(capsys, *words):
    """The command's stderr: one line, naming each of ``words``, no traceback."""
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for word in words:
        assert str(word) in lines[0], (word, lines[0])
    return lines[0]


def test_ingest_of_a_folder_without_input_tables_says_so(site, capsys):
    empty = site / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a table")
    assert ingest(empty) == 2
    one_line_error(capsys, empty)


def test_ingest_of_a_path_that_does_not_exist_says_so(site, capsys):
    assert ingest(site / "nowhere.xlsx") == 2
    one_line_error(capsys, site / "nowhere.xlsx")


def test_ingest_of_something_that_is_not_a_file_says_so(site, capsys):
    fifo = site / "pipe.csv"
    os.mkfifo(fifo)  # reading it would wait for ever
    assert ingest(fifo) == 2
    one_line_error(capsys, fifo)


@pytest.mark.parametrize(
    "content",
    ["villages: [\n", "a: 1\n", None],
    ids=["broken-yaml", "not-a-town", "missing"],
)
def test_ingest_with_a_bad_town_file_says_so(site, capsys, content):
    town = site / "town.yaml"
    if content is not None:
        town.write_text(content, encoding="utf-8")
    path = write_xlsx(site / "槐林村_quarantine.xlsx", [person()])
    assert ingest(path, town=str(town)) == 2
    one_line_error(capsys, town, "--town")


def test_ingest_with_a_bad_date_says_so(site, capsys):
    path = write_xlsx(site / "槐林村_quarantine.xlsx", [person()])
    with pytest.raises(SystemExit) as stop:
        main(["ingest", str(path), "--date", "2020-13-10", "--town", TOWN])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "2020-13-10" in err.splitlines()[-1]


def test_ingest_of_a_file_it_cannot_read_says_so(site, capsys):
    broken = site / "槐林村_quarantine.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert ingest(broken) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(broken) in err and len(err.strip().splitlines()) == 1


def test_ingest_prints_rejected_ids_and_phones_masked(site, capsys):
    wrong_digit = PERSON[:-1] + ("0" if PERSON[-1] != "0" else "1")
    other = resident_id("19900101", 77)
    rows = [
        person(**{"身份证号": wrong_digit, "姓名": "李四"}),
        person(**{"身份证号": other, "联系电话": "1390013900", "所属村": "外星村"}),
    ]
    path = write_csv(site / "槐林村_quarantine.csv", rows)
    assert ingest(path) == 0
    out = capsys.readouterr().out
    assert "rejected" in out or "拒" in out
    for secret in (wrong_digit, other, "1390013900"):
        assert secret not in out
    assert wrong_digit[:6] + "********" + wrong_digit[-4:] in out
