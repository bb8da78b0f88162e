"""The welfare report's inputs read from a real store (tests/welfare_rows.py, ``fill_store``)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from fangkong.reports.welfare import data as welfare_data
from fangkong.reports.welfare import figures as welfare_figures
from fangkong.reports.welfare import trend as welfare_trend
from ingest_helpers import ingest, write_csv, write_xlsx
from welfare_rows import DAY, fill_store


@pytest.fixture
def loaded(store):
    return fill_store(store)


def test_load_inputs_reads_what_the_report_needs(loaded, town):
    inputs = welfare_data.load_inputs(loaded, town, DAY, days=2)
    head = welfare_figures.headline(inputs, town, DAY)["figures"]
    assert (head["households"], head["covered"], head["never_visited"]) == (6, 2, 2)
    assert head["open_needs"] == 4
    assert (head["gas_received"], head["gas_delivered"], head["gas_pending"]) == (6, 2, 6)
    assert head["gas_median_hours_to_delivery"] == 8
    assert head["produce_stock_kg"] == 2200
    assert (head["services_volunteers"], head["workers_carried_to_date"]) == (9, 40)
    assert head["money_yuan_to_date"] == 62000
    trend = welfare_trend.trend(inputs, town, DAY, days=2)
    assert trend["households"].tolist() == [5, 6]  # H7 registered on 03-10
    assert trend["gas_delivered"].tolist() == [1, 2]  # R5, delivered 03-09 12:00
    assert trend["gas_pending"].tolist() == [2, 6]


# --- identical rows: a village's files of a table are a multiset union ----------
# Real CSV and XLSX files, ingested into a real SQLite store, read as the report
# reads them; the figures are worked out from the rows written here.

ON = dt.date(2020, 3, 10)
ANONYMOUS = {"日期": "2020-03-10", "捐赠方": "匿名", "类型": "现金", "金额(元)": 100}
NAMED = {"日期": "2020-03-10", "捐赠方": "李四", "类型": "现金", "金额(元)": 500}


def money_today(store, town, day=ON) -> tuple:
    """(gifts of money on the day, yuan on the day, yuan to date) of the welfare headline."""
    head = welfare_figures.headline(welfare_data.load_inputs(store, town, day), town, day)
    figures = head["figures"]
    return (
        figures["money_donations_today"],
        figures["money_yuan_today"],
        figures["money_yuan_to_date"],
    )


def test_identical_rows_of_one_file_all_count(store, town, tmp_path):
    # Two genuine anonymous ¥100 gifts and one of ¥500, in one village file.
    path = write_csv(tmp_path / "槐林村_donations.csv", [ANONYMOUS, ANONYMOUS, NAMED])
    ingest(store, town, tmp_path, [path], ON)
    assert money_today(store, town) == (3, 700, 700)  # was (2, 600, 600)


def test_a_fuller_file_sent_again_adds_only_its_new_rows(store, town, tmp_path):
    morning, evening = tmp_path / "morning", tmp_path / "evening"
    morning.mkdir(), evening.mkdir()
    early = write_xlsx(morning / "槐林村_donations.xlsx", [ANONYMOUS, ANONYMOUS])
    ingest(store, town, tmp_path, [early], ON)
    assert money_today(store, town) == (2, 200, 200)  # was (1, 100, 100)
    # The same ledger later that day, one gift longer: 3 gifts, not 2 + 3.
    late = write_xlsx(evening / "槐林村_donations.xlsx", [ANONYMOUS, ANONYMOUS, NAMED])
    ingest(store, town, tmp_path, [late], ON)
    assert money_today(store, town) == (3, 700, 700)  # was (2, 600, 600)


def test_a_day_split_over_two_files_adds_up(store, town, tmp_path):
    first = write_xlsx(tmp_path / "槐林村_donations_上午.xlsx", [ANONYMOUS, ANONYMOUS])
    second = write_csv(tmp_path / "槐林村_donations_下午.csv", [NAMED])
    ingest(store, town, tmp_path, [first, second], ON)
    assert money_today(store, town) == (3, 700, 700)  # was (2, 600, 600)


def test_the_same_bytes_sent_again_change_nothing(store, town, tmp_path):
    path = write_csv(tmp_path / "槐林村_donations.csv", [ANONYMOUS, ANONYMOUS, NAMED])
    ingest(store, town, tmp_path, [path], ON)
    again = ingest(store, town, tmp_path, [path], ON)
    assert [f.status for f in again.files] == ["unchanged"]
    # The same bytes under another name, and again the next day, are stored
    # again but add nothing.
    copy = tmp_path / "槐林村_donations(1).csv"
    shutil.copyfile(path, copy)
    assert ingest(store, town, tmp_path, [copy], ON).files[0].accepted == 3
    next_day = ON + dt.timedelta(days=1)
    assert ingest(store, town, tmp_path, [path], next_day).files[0].accepted == 3
    assert money_today(store, town) == (3, 700, 700)  # was (2, 600, 600)
    assert money_today(store, town, next_day) == (0, 0, 700)  # was (0, 0, 600)


def test_identical_rows_from_two_village_folders_both_count(store, town, tmp_path):
    # The daily inbox keeps one folder per village: inbox/D/槐林村/donations.csv.
    (tmp_path / "槐林村").mkdir(), (tmp_path / "南河村").mkdir()
    one = write_csv(tmp_path / "槐林村" / "donations.csv", [ANONYMOUS])
    two = write_csv(tmp_path / "南河村" / "donations.csv", [ANONYMOUS, NAMED])
    ingest(store, town, tmp_path, [one, two], ON)
    assert money_today(store, town) == (3, 700, 700)  # was (2, 600, 600)


@pytest.mark.xfail(
    strict=True,
    reason="a submission is (sha256, file name, day): the second village's identical "
    "bytes under the same name are reported unchanged and not stored",
)
def test_identical_files_from_two_village_folders_both_count(store, town, tmp_path):
    (tmp_path / "槐林村").mkdir(), (tmp_path / "南河村").mkdir()
    one = write_csv(tmp_path / "槐林村" / "donations.csv", [ANONYMOUS])
    two = write_csv(tmp_path / "南河村" / "donations.csv", [ANONYMOUS])
    ingest(store, town, tmp_path, [one, two], ON)
    assert money_today(store, town) == (2, 200, 200)


def test_a_village_folder_and_a_village_prefix_are_the_same_village(store, town, tmp_path):
    # The same ledger, once from the village's folder and once named after it.
    (tmp_path / "槐林村").mkdir()
    folder = write_csv(tmp_path / "槐林村" / "donations.csv", [ANONYMOUS, ANONYMOUS])
    named = write_csv(tmp_path / "槐林村_donations.csv", [ANONYMOUS, ANONYMOUS, NAMED])
    ingest(store, town, tmp_path, [folder], ON)
    ingest(store, town, tmp_path, [named], ON)
    assert money_today(store, town) == (3, 700, 700)  # was (5, 900, 900)
