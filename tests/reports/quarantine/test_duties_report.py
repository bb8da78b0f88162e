"""The duties in the assembled quarantine report: a hand-made store of two days.

A three-village town (甲村 100 households and 乙村 50 in 一区, commander 甲; 丙村 50
in 二区, commander 乙; 200 in all) files screening, checkpoint duty and patrols on
2020-03-09 (D-1) and 2020-03-10 (D); the report is made from the store, followed
up, and its headline, alerts, paragraph, trend and page are checked against the
figures worked out here.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from fangkong.reports.quarantine.report import QuarantineReport
from fangkong.store.database import Store
from report_rows import frame, save

D = "2020-03-10"

#: Households of 甲村, 乙村 and 丙村 (the small town has none).
HOUSEHOLDS = (100, 50, 50)


def _screen(day, village, households):
    return dict(
        date=day,
        village=village,
        households_screened=households,
        people_screened=3 * households,
        returnees_found=0,
        risk_area_found=0,
        referred=0,
        screened_by="排查员",
    )


def _shift(checkpoint, day, shift, on_duty, party):
    return dict(
        checkpoint_id=checkpoint,
        date=day,
        shift=shift,
        on_duty=on_duty,
        party_members=party,
        people_registered=10,
        vehicles_registered=2,
        temperature_alerts=0,
    )


def _patrol(day, village, start, patrollers, party, issues):
    return dict(
        date=day,
        village=village,
        started_at=start,
        ended_at=pd.Timestamp(start) + pd.Timedelta(hours=2),
        patrollers=patrollers,
        party_members=party,
        issues_found=issues,
        issues_detail="",
    )


def _fill(store):
    checkpoints = [
        dict(checkpoint_id="A-1", name="甲村口", village="甲村", kind="road", shifts_per_day=2),
        dict(
            checkpoint_id="B-1", name="乙村口", village="乙村", kind="community", shifts_per_day=1
        ),
    ]
    save(store, "checkpoints", frame("checkpoints", checkpoints), day="2020-03-01",
         at="2020-03-01 09:00")  # fmt: skip
    days = {
        # D-1: 60 + 20 + 10 screened; every shift staffed (4 on duty, 2 party
        # members); 乙村 patrols at 02:00, in D-1's 24 hours.
        "2020-03-09": dict(
            screening=[
                _screen("2020-03-09", v, n) for v, n in (("甲村", 60), ("乙村", 20), ("丙村", 10))
            ],
            checkpoint_duty=[
                _shift("A-1", "2020-03-09", "day", "张三、李四", 1),
                _shift("A-1", "2020-03-09", "night", "赵六", 0),
                _shift("B-1", "2020-03-09", "all_day", "王五", 1),
            ],
            patrols=[_patrol("2020-03-09", "乙村", "2020-03-09 02:00", 3, 1, 0)],
        ),
        # D: 甲村 20 more, 乙村 10 more, 丙村 files no screening; A-1's night shift
        # unstaffed (2 on duty, 1 party member), 乙村 files no duty (B-1 is 未报,
        # neither owed nor staffed); 甲村 patrols at 21:00 on D-1, after D-1's
        # cut-off: it counts for D.
        D: dict(
            screening=[_screen(D, "甲村", 20), _screen(D, "乙村", 10)],
            checkpoint_duty=[_shift("A-1", D, "day", "张三、李四", 1)],
            patrols=[_patrol("2020-03-09", "甲村", "2020-03-09 21:00", 4, 2, 1)],
        ),
    }
    for day, tables in days.items():
        for table, rows in tables.items():
            # Duty rows name their checkpoint, not their village: filed by the
            # villages of their checkpoints.
            by = None
            if table == "checkpoint_duty":
                by = ["甲村", "乙村"] if day < D else ["甲村"]
            save(store, table, frame(table, rows), day=day, at=f"{day} 17:00", villages=by)
    return store


@pytest.fixture(scope="module")
def made(tmp_path_factory, small_town):
    root = tmp_path_factory.mktemp("duties_report")
    town = small_town.model_dump(exclude_none=True)
    for village, households in zip(town["villages"], HOUSEHOLDS):
        village["households"] = households
    town_file = root / "town.yaml"
    town_file.write_text(yaml.safe_dump(town, allow_unicode=True), encoding="utf-8")
    url = f"sqlite:///{root / 'store.db'}"
    store = _fill(Store(url))
    try:
        report = QuarantineReport.from_store(D, str(town_file), url, trend_days=3)
        report.follow(store, recorded_at=pd.Timestamp(f"{D} 18:30"))
        sidecar = report.sidecar().payload
    finally:
        store.close()
    return report, sidecar


def test_the_duties_headline_figures_against_the_day_before(made):
    _, sidecar = made
    head = sidecar["headline"]
    # Coverage: D (80 + 30 + 10) / 200 = 60 %; D-1 (60 + 20 + 10) / 200 = 45 %.
    assert head["screening_coverage"] == {
        "value": 0.6,
        "previous": 0.45,
        "change": 0.15,
        "format": "rate",
    }
    assert head["shifts_staffed"] == {"value": 1, "previous": 3, "change": -2}
    assert head["shifts_owed"] == {"value": 2, "previous": 3, "change": -1}  # B-1 未报
    # The card: staffed over owed, D 1 of 2, D-1 3 of 3.
    assert head["shifts_rate"] == {"value": 0.5, "previous": 1.0, "change": -0.5, "format": "rate"}
    assert head["patrolled"] == {"value": 1, "previous": 1, "change": 0}
    rates = sidecar["extra"]["duty_rates"]
    # Party members: D 1 of 2 on duty, D-1 2 of 4; on patrol 2 of 4.
    assert rates["party_share"] == {"value": 0.5, "previous": 0.5, "change": 0.0}
    assert rates["patrol_party_share"]["value"] == 0.5
    assert rates["patrol_party_share"]["previous"] == round(1 / 3, 4)
    # The trend carries coverage day by day: D-2 nothing filed yet, then 45 % and 60 %.
    assert [d["screening_coverage"] for d in sidecar["trend"]] == [0.0, 0.45, 0.6]


def test_the_duties_alerts_are_keyed_and_name_the_commander(made):
    _, sidecar = made
    assert sidecar["alerts"]["checkpoint_unstaffed"] == 1
    # Town 60 %; 丙村 at 10/50 = 20 % is more than 10 points behind, 乙村 at 60 % is not.
    assert sidecar["alerts"]["screening_behind"] == 1
    items = {i["kind"]: i for i in sidecar["alert_items"] if i["kind"] in sidecar["alerts"]}
    unstaffed, behind = items["checkpoint_unstaffed"], items["screening_behind"]
    assert unstaffed["village"] == "甲村" and "甲村口" in unstaffed["detail"]
    assert "夜班" in unstaffed["detail"] and unstaffed["team"] == "甲"
    assert behind["village"] == "丙村" and behind["team"] == "乙"
    assert "20.0%" in behind["detail"] and "60.0%" in behind["detail"]
    assert unstaffed["key"].startswith("Q") and behind["key"].startswith("Q")
    assert unstaffed["key"] != behind["key"]


def test_the_paragraph_says_the_duties_with_the_sidecars_numbers(made):
    _, sidecar = made
    text = sidecar["paragraph"]["text"]
    assert "入户排查累计覆盖60%；防疫站点已到岗1个班次（应2个）；1个村开展夜间巡逻。" in text
    fields = {tuple(n["fields"]): n["value"] for n in sidecar["paragraph"]["numbers"]}
    assert fields[("extra.duty_rates.screening_coverage.value",)] == 60
    assert fields[("figures.shifts_staffed",)] == sidecar["figures"]["shifts_staffed"] == 1
    assert fields[("figures.shifts_owed",)] == 2
    assert fields[("figures.patrolled",)] == 1


def test_the_page_shows_the_duty_cards_and_not_filed(made):
    report, _ = made
    cards = "".join(report.headline().parts)
    assert "排查覆盖率" in cards and "60.0%" in cards and "+15.0个百分点" in cards
    assert "站点到岗率" in cards and "50.0%" in cards and "-50.0个百分点" in cards
    assert "巡逻村数" in cards
    # 丙村 filed no screening on D: its row says so rather than 0 screened today.
    assert report.not_filed()["screened_today"] == ["丙村"]
    screening = "".join(report.screening().parts)
    assert "未报" in screening
    assert report.not_filed()["shifts_owed"] == ["乙村"]
    checkpoints = "".join(report.checkpoints().parts)
    assert "未报执勤记录的村：乙村" in checkpoints
    assert "50.0%" in checkpoints  # party members' share of those on duty
