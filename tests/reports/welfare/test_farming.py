"""Spring farming and employment in the welfare report, worked out by hand.

The computations run on the small town (甲村 and 乙村 in 一区, 丙村 in 二区); the
report on the demo town, with the welfare fixtures of tests/welfare_rows.py. D is
2020-03-10.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.sections import breakdown_tables
from fangkong.reports.welfare import farming as fm
from fangkong.schemas import TABLES
from report_rows import frame

DAY = pd.Timestamp("2020-03-10")


def _crop(day, village, crop, planned, sown, needs="none", detail=None):
    return dict(
        date=day,
        village=village,
        crop=crop,
        planned_mu=planned,
        sown_mu=sown,
        needs=needs,
        needs_detail=detail,
    )


def farming_rows():
    return frame(
        "farming",
        [
            # 甲村 玉米: a need on the 6th, none on the 7th (the run ends), then a need
            # every day from the 8th: open since the 8th, 2 days on D.
            _crop("2020-03-06", "甲村", "玉米", 100, 0, "seed"),
            _crop("2020-03-07", "甲村", "玉米", 100, 0),
            _crop("2020-03-08", "甲村", "玉米", 100, 0, "seed"),
            _crop("2020-03-09", "甲村", "玉米", 100, 10, "seed;fertilizer"),
            _crop("2020-03-10", "甲村", "玉米", 100, 30, "fertilizer", "复合肥不足"),
            # 甲村 蔬菜: the need of the 9th is met on D.
            _crop("2020-03-09", "甲村", "蔬菜", 40, 20, "labour"),
            _crop("2020-03-10", "甲村", "蔬菜", 40, 25),
            # 乙村 玉米: not filed on D, so the 9th's latest row counts (sown 22, not 20).
            _crop("2020-03-08", "乙村", "玉米", 60, 12.5),
            _crop("2020-03-09", "乙村", "玉米", 60, 20, "machinery"),
            _crop("2020-03-09", "乙村", "玉米", 60, 22, "machinery", "播种机待检修"),
            # 丙村 蔬菜: no need stated on D; the 11th is after D.
            _crop("2020-03-10", "丙村", "蔬菜", 50, 10.5, None),
            _crop("2020-03-11", "丙村", "蔬菜", 50, 50),
        ],
    )


def employment_rows():
    def row(day, village, seekers, offered, placed):
        return dict(
            date=day, village=village, job_seekers=seekers, jobs_offered=offered, placed=placed
        )

    return frame(
        "employment",
        [
            row("2020-03-10", "甲村", 5, 10, 3),
            row("2020-03-10", "甲村", 1, 0, 1),  # a second file of the day: added up
            row("2020-03-09", "甲村", 4, 6, 2),
            row("2020-03-08", "乙村", 3, 0, 7),  # 乙村 has not filed on D
            row("2020-03-10", "丙村", 2, 4, 0),
            row("2020-03-11", "丙村", 9, 9, 9),  # after D
        ],
    )


def services_rows():
    def row(day, village, service, served):
        return dict(date=day, village=village, service=service, served=served, volunteers=1)

    return frame(
        "volunteer_services",
        [
            row("2020-03-10", "甲村", "shuttle", 12),
            row("2020-03-10", "丙村", "shuttle", 8),
            row("2020-03-09", "甲村", "shuttle", 5),  # the day before
            row("2020-03-10", "乙村", "purchase", 30),  # not the shuttle
        ],
    )


def test_latest_row_of_each_village_and_crop_and_how_long_its_need_is_open():
    latest = fm.latest_farming(farming_rows(), DAY).set_index(["village", "crop"])
    assert latest["sown_mu"].to_dict() == {
        ("甲村", "玉米"): 30,
        ("甲村", "蔬菜"): 25,
        ("乙村", "玉米"): 22,  # the later of the two rows of the 9th
        ("丙村", "蔬菜"): 10.5,  # the 11th's 50 is after D
    }
    assert latest.loc[("乙村", "玉米"), "reported_on"] == pd.Timestamp("2020-03-09")
    # 甲村 玉米 since the 8th (the 7th said none); 乙村 玉米 since the 9th; the others none.
    assert latest["days_open"].dropna().to_dict() == {("甲村", "玉米"): 2, ("乙村", "玉米"): 1}


def test_farming_by_village_and_crop_and_open_needs(small_town):
    rows = farming_rows()
    by = fm.farming_by_village(small_town, rows, DAY).set_index("village")
    # 甲村 100 + 40 planned, 30 + 25 sown; 乙村 60 and 22; 丙村 50 and 10.5.
    assert by["planned_mu"].tolist() == [140, 60, 50]
    assert by["sown_mu"].tolist() == [55, 22, 10.5]
    assert by["farming_open_needs"].tolist() == [1, 1, 0]
    crops = fm.farming_by_crop(rows, DAY).set_index("crop")
    # 玉米: 甲村 and 乙村, 160 planned, 52 sown; 蔬菜: 甲村 and 丙村, 90 and 35.5.
    assert crops.index.tolist() == ["玉米", "蔬菜", "total"]
    assert crops["villages"].tolist() == [2, 2, 3]
    assert crops["planned_mu"].tolist() == [160, 90, 250]
    assert crops["sown_mu"].tolist() == [52, 35.5, 87.5]
    assert crops["sown_share"].round(4).tolist() == [0.325, 0.3944, 0.35]
    needs = fm.open_farming_needs(small_town, rows, DAY)
    # Longest open first; the 9th's seed is no longer asked for on D.
    assert needs[["zone", "village", "crop", "needs", "days_open"]].values.tolist() == [
        ["一区", "甲村", "玉米", "fertilizer", 2],
        ["一区", "乙村", "玉米", "machinery", 1],
    ]
    assert needs["needs_detail"].tolist() == ["复合肥不足", "播种机待检修"]


def test_employment_beside_the_shuttle(small_town):
    out = fm.employment_by_village(small_town, employment_rows(), services_rows(), DAY)
    out = out.set_index("village")
    # 甲村: 5 + 1 seekers, 10 + 0 jobs, 3 + 1 placed today, 2 the day before.
    assert out.loc["甲村"].tolist() == [6, 10, 4, 6, 12]
    assert out.loc["乙村"].tolist() == [0, 0, 0, 7, 0]  # placed on the 8th; the purchase
    assert out.loc["丙村"].tolist() == [2, 4, 0, 0, 8]  # the 11th left out


def test_town_figures_and_zones_add_up(small_town):
    inputs = fm.FarmingInputs(farming_rows(), employment_rows())
    counts = fm.village_counts(small_town, inputs, services_rows(), DAY)
    figures = fm.town_figures(counts)
    assert figures == {
        "planned_mu": 250,  # whole: an int
        "sown_mu": 87.5,
        "farming_open_needs": 2,
        "job_seekers": 8,
        "jobs_offered": 14,
        "placed": 4,
        "placed_to_date": 13,  # 甲村 4 + 2, 乙村 7
        "workers_carried_today": 20,
        "sown_share": 0.35,
    }
    assert isinstance(figures["planned_mu"], int)
    zones, _ = breakdown_tables(small_town, counts, fm.FARMING_FIGURES, fm.FARMING_RATES)
    zones = zones.set_index("zone")
    # 一区 = 甲村 + 乙村: 200 planned, 77 sown; 二区 = 丙村.
    assert zones.loc["一区", ["planned_mu", "sown_mu"]].tolist() == [200, 77]
    assert zones.loc["二区", "sown_share"] == pytest.approx(10.5 / 50)
    for name in fm.FARMING_FIGURES:
        assert zones.loc["total", name] == zones.loc[["一区", "二区"], name].sum(), name
    # The day before: 甲村 100 + 40 planned, 10 + 20 sown; 乙村 60, 22; 丙村 nothing yet.
    before = fm.town_figures(fm.village_counts(small_town, inputs, services_rows(), "2020-03-09"))
    assert (before["planned_mu"], before["sown_mu"], before["placed"]) == (200, 52, 2)


def test_sown_trend_day_by_day():
    days = pd.date_range("2020-03-08", "2020-03-10")
    trend = fm.sown_trend(farming_rows(), days)
    # 8th: 甲村 玉米 0, 乙村 12.5 of 100 + 60; 9th: 10 + 20 + 22 of 200; D: 87.5 of 250.
    assert trend["sown_mu"].tolist() == [12.5, 52, 87.5]
    assert trend["planned_mu"].tolist() == [160, 200, 250]
    assert trend["sown_share"].round(4).tolist() == [0.0781, 0.26, 0.35]


def test_no_rows_make_zeros_and_no_share(small_town):
    counts = fm.village_counts(
        small_town, fm.FarmingInputs(), TABLES["volunteer_services"].empty_frame(), DAY
    )
    figures = fm.town_figures(counts)
    assert figures["planned_mu"] == figures["placed"] == 0 and figures["sown_share"] is None
    assert fm.open_farming_needs(small_town, TABLES["farming"].empty_frame(), DAY).empty
    assert fm.farming_by_crop(TABLES["farming"].empty_frame(), DAY)["crop"].tolist() == ["total"]


# ------------------------------------------------------------- in the welfare report


def _demo(rows: pd.DataFrame) -> pd.DataFrame:
    """The small town's rows in the demo town: 甲村 槐林村, 乙村 东岗村 (both 第一战区),
    丙村 南河村 (第二战区)."""
    names = {"甲村": "槐林村", "乙村": "东岗村", "丙村": "南河村"}
    return rows.assign(village=rows["village"].map(names).astype("str"))


@pytest.fixture
def report(households, visits, requests, produce, services, donations, town):
    from fangkong.reports.welfare.data import WelfareData, WelfareInputs
    from fangkong.reports.welfare.report import WelfareReport

    inputs = WelfareInputs(households, visits, requests, produce, services, donations)
    # 东岗村 has not filed its employment today.
    missing = pd.DataFrame(
        {
            "village": ["东岗村"],
            "zone": ["第一战区"],
            "table": ["employment"],
            "table_zh": ["就业服务"],
        }
    )
    issues = pd.DataFrame(columns=["sha256", "sheet", "row", "table", "code", "severity"])
    data = WelfareData(
        town=town,
        day=DAY,
        today=inputs,
        yesterday=inputs,
        trend_days=3,
        missing=missing,
        issues=issues,
        data_as_of=None,
        farming=fm.FarmingInputs(_demo(farming_rows()), _demo(employment_rows())),
    )
    return WelfareReport(data)


def test_the_report_shows_the_figures_with_their_change_and_a_sentence(report):
    f, changes = report.figures, report.changes
    assert (f["planned_mu"], f["sown_mu"], f["sown_share"]) == (250, 87.5, 0.35)
    assert (f["farming_open_needs"], f["job_seekers"], f["jobs_offered"]) == (2, 8, 14)
    assert (f["placed"], f["placed_to_date"], f["sown_today"]) == (4, 13, 35.5)
    # Headline: whole numbers against D-1 (200 planned, 2 placed); the area sown and
    # its share are measures, to a tenth of a mu and in points (D-1: 52 of 200, 26 %).
    measures = report.measures
    assert measures.loc["sown_mu", ["value", "previous", "change"]].tolist() == [87.5, 52, 35.5]
    assert measures.loc["sown_share", ["value", "previous", "change"]].tolist() == [
        0.35,
        0.26,
        0.09,
    ]
    assert measures.loc["planned_mu", ["value", "previous", "change"]].tolist() == [250, 200, 50]
    # Sown today to a tenth of a mu, as the section says it (35.5, not 36).
    assert measures.loc["sown_today", "value"] == 35.5
    assert report.sidecar().payload["headline"]["sown_today"]["value"] == 35.5
    assert changes.loc["placed"].tolist() == [4, 2, 2]
    text = report.day_paragraph().text
    assert "春耕已播87.5亩，占计划35%；今日就业服务实现就业4人。" in text
    sidecar = report.sidecar().payload
    zones = {z["zone"]: z for z in sidecar["zones"]}
    assert zones["第一战区"]["sown_mu"] == 77 and zones["第二战区"]["planned_mu"] == 50
    # The shuttle's workers carried today (welfare_rows: 南河村 12, 石门村 8) beside them.
    assert zones["第二战区"]["workers_carried_today"] == 12
    assert zones["total"]["workers_carried_today"] == f["workers_carried_today"] == 20
    # The share against D-1 as the welfare report keeps a rate: in the trend.
    assert [t["sown_mu"] for t in sidecar["trend"]] == [12.5, 52, 87.5]
    assert [t["sown_share"] for t in sidecar["trend"][-2:]] == [0.26, 0.35]


def test_the_sections_list_the_open_needs_and_who_did_not_file(report):
    farming = report.farming()._repr_html_()
    assert "春耕备耕" in farming and "第一战区" in farming  # by village, with its war zone
    assert "复合肥不足" in farming and "化肥" in farming and "农机" in farming
    assert "玉米" in farming and "32.5%" in farming  # 玉米 52 of 160
    # By village: 槐林村 (甲村) 55 of 140 mu, 39.3%; 东岗村 (乙村) keeps the 9th's 22 of 60.
    assert "分村" in farming and "39.3%" in farming and "36.7%" in farming
    employment = report.employment()._repr_html_()
    assert "今日未报就业服务的村：东岗村。" in employment
    assert "爱心专车今日送20名职工返岗" in employment


def test_the_trend_charts_the_sown_share_day_by_day(report):
    trend = "".join(report.trend().parts)
    assert 'aria-label="近3日春耕播种进度（%）"' in trend
    # Drawn from the sidecar's series: 52 of 200 on D-1, 87.5 of 250 on D.
    assert [t["sown_share"] for t in report.sidecar_trend()[-2:]] == [0.26, 0.35]
