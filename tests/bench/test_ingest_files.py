"""The benchmark's input files: converted between formats, combined into one file per
table, with the same cells.
"""

from __future__ import annotations

import pytest
from fangkong.bench.ingest_files import convert_file
from fangkong.ingest.readers import read_file
from ingest_helpers import check, person, write_csv, write_xlsx


def test_converted_files_hold_the_same_cells(tmp_path):
    rows = [person(), person(身份证号="110101199003070513", 姓名="李四", 隔离开始日期="2020-03-02")]
    original = write_xlsx(tmp_path / "槐林村_quarantine.xlsx", rows)
    [(table, as_csv)] = convert_file(original, tmp_path / "csv", "csv")
    [(_, as_xlsx)] = convert_file(as_csv, tmp_path / "xlsx", "xlsx")
    assert table == "quarantine"
    assert as_csv.name == "槐林村_quarantine.csv" and as_xlsx.name == "槐林村_quarantine.xlsx"
    frames = [read_file(p)[0].frame.astype(str) for p in (original, as_csv, as_xlsx)]
    assert frames[1].equals(frames[2])
    assert frames[1].loc[2, "name"] == "张三" and frames[1].loc[3, "start_date"] == "2020-03-02"
    assert frames[0].loc[3, "name"] == frames[1].loc[3, "name"]
    with pytest.raises(ValueError, match="format"):
        convert_file(original, tmp_path, "ods")


def test_one_file_per_table_holds_every_villages_rows(tmp_path):
    from fangkong.bench.ingest_files import combine_day

    day = tmp_path / "2020-03-10"
    day.mkdir()
    write_csv(day / "槐林村_health_checks.csv", [check(), check(体温=37.5)])
    no_symptoms = {k: v for k, v in check(身份证号="110101199003070513").items() if k != "症状"}
    write_xlsx(day / "北河村_health_checks.xlsx", [no_symptoms])
    write_xlsx(day / "北河村_quarantine.xlsx", [person()])
    out = combine_day(day, tmp_path / "one", "csv")
    assert sorted(out) == ["health_checks", "quarantine"]
    [path] = out["health_checks"]
    assert path.name == "全部_health_checks.csv"
    frame = read_file(path)[0].frame
    # Files in name order: 北河村's before 槐林村's.
    assert len(frame) == 3 and frame["person_id"].iloc[0] == "110101199003070513"
    assert frame["symptoms"].iloc[0] is None and frame["symptoms"].tolist()[1:] == ["无", "无"]
    assert "nan" not in path.read_text(encoding="utf-8")


def test_every_day_in_one_file_keeps_each_keys_last_row(tmp_path):
    from fangkong.bench.ingest_files import combine_days

    first, last = tmp_path / "2020-03-09", tmp_path / "2020-03-10"
    for day in (first, last):
        day.mkdir()
    (tmp_path / "notes").mkdir()  # not a day: left out
    write_csv(tmp_path / "notes" / "槐林村_health_checks.csv", [check(体温=39.0)])
    write_csv(first / "槐林村_quarantine.csv", [person(状态="隔离中")])
    write_csv(first / "槐林村_health_checks.csv", [check(体温=37.5)])
    write_xlsx(last / "槐林村_quarantine.xlsx", [person(状态="已解除")])
    write_csv(last / "槐林村_health_checks.csv", [check()])
    out = combine_days(tmp_path, tmp_path / "bulk", "csv")
    ledger = read_file(out["quarantine"][0])[0].frame
    checks = read_file(out["health_checks"][0])[0].frame
    assert ledger["status"].tolist() == ["已解除"]  # the person's last row
    assert checks["temperature_c"].tolist() == ["37.5", "36.6"]  # events: every row, in day order
