"""Ingest end to end, file by file and batch by batch: real XLSX and CSV files into a
real SQLite store.

Rows in = accepted + rejected is asserted for every file by ``ingest``
(tests/ingest_helpers.py).
"""

import datetime as dt

import pandas as pd
import pytest
from ingest_helpers import (
    DAY,
    FIRM,
    PERSON,
    check,
    codes,
    english,
    enterprise,
    ingest,
    person,
    write_csv,
    write_xlsx,
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(base, town, tmp_path, encoding):
    path = write_csv(
        tmp_path / "槐林村_health_checks.csv",
        [check(), check(**{"监测时间": "2020/3/10 15:00"})],
        encoding,
    )
    report = ingest(base, town, tmp_path, [path])
    assert (report.files[0].accepted, report.files[0].tables) == (2, ["health_checks"])
    events = base.events("health_checks", DAY, DAY)
    assert sorted(events["checked_at"].dt.hour) == [8, 15]


def test_english_headers_are_recognised(base, town, tmp_path):
    path = write_csv(tmp_path / "x.csv", [english("health_checks", check())])
    report = ingest(base, town, tmp_path, [path])
    assert report.files[0].tables == ["health_checks"] and report.files[0].accepted == 1


def test_every_sheet_that_matches_a_table_is_read(base, town, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["这是说明"])
    ws = wb.create_sheet("监测")
    ws.append(["槐林村医护上门监测记录"])  # a title row above the header
    ws.append(list(check()))
    ws.append(list(check().values()))
    ws = wb.create_sheet("消杀")
    ws.append(["身份证号", "消杀时间", "消杀人员"])
    ws.append([PERSON, "2020-03-10 09:00", "消杀员"])
    wb.save(tmp_path / "槐林村_合并.xlsx")
    report = ingest(base, town, tmp_path, [tmp_path / "槐林村_合并.xlsx"])
    f = report.files[0]
    assert sorted(f.tables) == ["disinfections", "health_checks"] and f.accepted == 2


def test_unreadable_files_exit_1_and_other_files_still_ingested(base, town, tmp_path):
    (tmp_path / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    missing = write_csv(tmp_path / "nohead.csv", [{"身份证号": PERSON, "体温": 36.5}])
    good = write_csv(tmp_path / "槐林村_health_checks.csv", [check()])
    paths = [
        tmp_path / "corrupt.xlsx",
        tmp_path / "notes.csv",
        tmp_path / "report.pdf",
        missing,
        good,
    ]
    report = ingest(base, town, tmp_path, paths)
    status = {f.path.name: (f.status, f.error) for f in report.files}
    assert report.exit_code == 1
    assert status["槐林村_health_checks.csv"][0] == "ingested"
    assert "XLSX" in status["corrupt.xlsx"][1]
    assert "no sheet has the headers" in status["notes.csv"][1]
    assert "unsupported file type" in status["report.pdf"][1]
    assert "监测时间 (checked_at)" in status["nohead.csv"][1]


def test_same_bytes_twice_change_nothing(base, town, tmp_path):
    path = write_xlsx(tmp_path / "槐林村_health_checks.xlsx", [check()])
    first = ingest(base, town, tmp_path, [path])
    second = ingest(base, town, tmp_path, [path])
    assert first.files[0].status == "ingested" and first.exit_code == 0
    assert second.files[0].status == "unchanged" and second.exit_code == 0
    assert len(base.events("health_checks", DAY, DAY)) == 1
    assert len(base.files()) == 4  # three base files and this one


def test_same_bytes_on_another_day_or_from_another_village_are_submissions(base, town, tmp_path):
    from fangkong.store.submissions import missing_submissions

    d = tmp_path / "next"
    d.mkdir()
    ledger = write_xlsx(d / "槐林村_quarantine.xlsx", [person()])
    header = list(check())
    empties = [
        write_xlsx(d / f"{v}_health_checks.xlsx", [], headers=header) for v in ("槐林村", "东岗村")
    ]
    assert empties[0].read_bytes() == empties[1].read_bytes()
    report = ingest(base, town, tmp_path, [ledger, *empties], DAY + dt.timedelta(days=1))
    assert [f.status for f in report.files] == ["ingested"] * 3
    assert len(base.ledger(DAY + dt.timedelta(days=1))) == 1  # not doubled
    missing = missing_submissions(base, town, DAY + dt.timedelta(days=1))
    owing = set(missing.loc[missing["table"] == "health_checks", "village"])
    assert "槐林村" not in owing and "东岗村" not in owing and "西岗村" in owing


def test_empty_file_counts_as_a_submission_and_empties_the_ledger(base, town, tmp_path):
    path = tmp_path / "槐林村_quarantine.xlsx"
    write_xlsx(path, [], headers=list(person()))
    report = ingest(base, town, tmp_path, [path])
    assert (report.files[0].rows_in, report.exit_code) == (0, 0)
    assert len(base.ledger(DAY - dt.timedelta(days=1))) == 1
    assert len(base.ledger(DAY)) == 0


def test_checks_of_a_batch_see_the_ledger_its_empty_file_leaves(base, town, tmp_path):
    # Files of one batch are checked table by table: the health check comes after
    # 槐林村's empty ledger of the same day, which took its only person out.
    ledger = write_xlsx(tmp_path / "槐林村_quarantine.xlsx", [], headers=list(person()))
    checks = write_csv(tmp_path / "槐林村_health_checks.csv", [check()])
    report = ingest(base, town, tmp_path, [checks, ledger])
    assert codes(report) == ["unknown_person"]
    alone = ingest(base, town, tmp_path / "x", [write_csv(tmp_path / "x.csv", [check()])])
    assert codes(alone) == ["unknown_person"]  # the day's ledger is stored


def test_registry_row_replaced_by_later_submission(base, town, tmp_path):
    path = write_xlsx(tmp_path / "镇_enterprises.xlsx", [enterprise(**{"职工总数": 150})])
    ingest(base, town, tmp_path, [path])
    firms = base.registry("enterprises", DAY).set_index("enterprise_id")
    assert firms.loc[FIRM, "staff_total"] == 150
    before = base.registry("enterprises", DAY - dt.timedelta(days=1)).set_index("enterprise_id")
    assert before.loc[FIRM, "staff_total"] == 120


def test_accepted_rows_carry_provenance(base, town, tmp_path):
    path = write_xlsx(tmp_path / "槐林村_health_checks.xlsx", [check()], sheet="监测")
    ingest(base, town, tmp_path, [path])
    row = base.events("health_checks", DAY, DAY).iloc[0]
    assert (row["src_file"], row["src_sheet"], row["src_row"], row["src_village"]) == (
        "槐林村_health_checks.xlsx",
        "监测",
        2,
        "槐林村",
    )
    assert len(row["src_sha256"]) == 64 and pd.Timestamp(row["submitted_on"]) == pd.Timestamp(DAY)
