"""What the reports share (fangkong.reports.sections): headline changes, breakdown
tables, data quality; on the hand-made quarantine day of tests/quarantine_rows.py.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.breakdown import TOTAL
from fangkong.reports.headline import headline_changes, headline_section, measure_changes
from fangkong.reports.quarantine import figures as qf
from fangkong.reports.sections import (
    Context,
    breakdown_html,
    breakdown_tables,
    data_quality,
    data_quality_section,
)
from quarantine_rows import DAY, POLICY, day_inputs


def test_headline_changes_against_the_day_before():
    out = headline_changes({"a": 5, "b": 0, "c": 2}, {"a": 3, "b": 4})
    assert out.loc["a"].to_dict() == {"value": 5, "previous": 3, "change": 2}
    assert out.loc["b", "change"] == -4
    assert pd.isna(out.loc["c", "previous"]) and pd.isna(out.loc["c", "change"])


def test_measures_are_rates_in_points_and_quantities_in_their_unit(small_town):
    formats = {"coverage": "rate", "sown": "quantity", "none_yet": "rate"}
    out = measure_changes(
        {"coverage": 0.90816, "sown": 1250.25, "none_yet": None},
        {"coverage": 0.8762, "sown": 1200.0},
        formats,
    )
    # A rate over nothing today has nothing to tell: left out.
    assert list(out.index) == ["coverage", "sown"]
    assert out.loc["coverage", "value"] == 0.9082 and out.loc["coverage", "change"] == 0.032
    assert out.loc["sown", "value"] == 1250.2 and out.loc["sown", "change"] == 50.2
    # A rate that moved by less than a twentieth of a point is unchanged, as its card says.
    still = measure_changes({"s": 0.1816}, {"s": 0.18155}, {"s": "rate"})
    assert still.loc["s", "change"] == 0
    ctx = Context("quarantine", small_town, DAY)
    labels = {"in": "在隔离", "coverage": "排查覆盖率", "sown": "已播面积"}
    changes = headline_changes({"in": 5}, {"in": 3})
    html = "".join(
        headline_section(ctx, changes, labels, "", units={"sown": "亩"}, measures=out).parts
    )
    # 90.8%, 3.2 points up; 1,250.2 mu, 50.2 more.
    assert ">90.8%<" in html and "+3.2个百分点" in html
    assert "1,250.2" in html and "+50.2" in html and html.index("在隔离") < html.index("排查覆盖率")
    html = "".join(headline_section(ctx, changes, {"s": "进度"}, "", measures=still).parts)
    assert "个百分点" not in html and "较昨日 0<" in html


def test_breakdown_tables_rates_and_totals(small_town):
    town = small_town
    figs = qf.day_figures(day_inputs(), POLICY)
    rates = {"checks_rate": ("checks_done", "checks_owed")}
    zones, villages = breakdown_tables(town, qf.village_counts(figs), qf.VILLAGE_FIGURES, rates)
    zones, villages = zones.set_index("zone"), villages.set_index("village")
    assert zones.loc["一区", "checks_rate"] == pytest.approx(7 / 10)  # all of 甲村 and 乙村
    assert pd.isna(zones.loc["二区", "checks_rate"])  # nobody owed a visit: no rate
    assert pd.isna(villages.loc["丙村", "checks_rate"])
    assert zones.loc[TOTAL, "checks_rate"] == pytest.approx(0.7)
    assert villages.loc["乙村", "checks_rate"] == pytest.approx(2 / 4)


def test_a_village_that_did_not_file_shows_not_filed_not_zero(small_town):
    from bs4 import BeautifulSoup

    figs = qf.day_figures(day_inputs(), POLICY)
    rates = {"checks_rate": ("checks_done", "checks_owed")}
    _, villages = breakdown_tables(small_town, qf.village_counts(figs), qf.VILLAGE_FIGURES, rates)
    headers = {"checks_done": "已完成", "checks_rate": "完成率", "missed_checks": "漏访"}
    formats = {"checks_done": "int", "checks_rate": "rate", "missed_checks": "int"}
    ctx = Context("quarantine", small_town, DAY)
    not_filed = dict.fromkeys(headers, ["乙村"])
    html = breakdown_html(ctx, villages, headers, formats, ["missed_checks"], not_filed)
    rows = {
        tr.find_all("td")[1].get_text(): tr.find_all("td")
        for tr in BeautifulSoup(html, "html.parser").select("tbody tr")
    }
    cells = rows["乙村"]
    assert [c.get_text() for c in cells[2:]] == ["未报", "未报", "未报"]
    assert not any("alert" in c["class"] for c in cells)  # not filed is not an alert
    assert rows["甲村"][2].get_text() != "未报"  # the village that filed keeps its figures
    assert rows["甲村"][3].get_text().endswith("%")


def test_data_quality_counts_rows_not_issues(small_town):
    town = small_town
    missing = pd.DataFrame(
        {
            "village": ["甲村", "甲村", "丙村"],
            "zone": ["一区", "一区", "二区"],
            "table": ["produce", "gas_requests", "quarantine"],
            "table_zh": ["农产品产销", "煤气需求登记", "居家隔离人员台账"],
        }
    )
    issues = pd.DataFrame(
        {
            "file": ["a.xlsx", "a.xlsx", "a.xlsx", "b.xlsx", "b.xlsx"],
            "sheet": ["S"] * 5,
            "row": [2, 2, 3, 2, 4],
            "table": ["health_checks"] * 3 + ["quarantine"] * 2,
            "code": [
                "out_of_range",
                "bad_datetime",
                "out_of_range",
                "id_checksum",
                "end_not_planned",
            ],
            "severity": ["rejected"] * 4 + ["warning"],
        }
    )
    out = data_quality(missing, issues)
    assert out["missing_count"] == 3 and out["villages_missing"] == 2
    assert out["rejected_rows"] == 3  # a.xlsx rows 2 and 3, b.xlsx row 2
    assert out["warning_rows"] == 1
    counts = {(r.table, r.code): r.rows for r in out["rejected"].itertuples()}
    assert counts == {
        ("health_checks", "out_of_range"): 2,
        ("health_checks", "bad_datetime"): 1,
        ("quarantine", "id_checksum"): 1,
    }
    assert out["rejected"].iloc[0]["code"] == "out_of_range"  # most rows first
    ctx = Context("quarantine", town, DAY, "en")
    section = data_quality_section(ctx, out).html()
    assert "produce, gas requests" in section  # 甲村's missing tables on one line
    assert "3 tables not submitted today (2 villages); 3 records failed the checks" in section


def test_a_war_zone_is_named_with_its_commander(small_town):
    from bs4 import BeautifulSoup

    figs = qf.day_figures(day_inputs(), POLICY)
    zones, _ = breakdown_tables(small_town, qf.village_counts(figs), qf.VILLAGE_FIGURES, {})
    ctx = Context("quarantine", small_town, DAY)
    html = breakdown_html(ctx, zones, {"in_quarantine": "在隔离"}, {"in_quarantine": "int"})
    soup = BeautifulSoup(html, "html.parser")
    assert [th.get_text() for th in soup.select("thead th")] == ["战区", "指挥长", "在隔离"]
    rows = [[td.get_text() for td in tr.find_all("td")[:2]] for tr in soup.select("tbody tr")]
    # The town file's commanders; the total row names nobody.
    assert rows == [["一区", "甲"], ["二区", "乙"], ["合计", ""]]
