"""The duties of the quarantine report, worked out by hand on the small town.

甲村 and 乙村 are in 一区, 丙村 in 二区 (``small_town``); households are set here.
"""

import pandas as pd
from fangkong.reports.quarantine import duties as d
from quarantine_rows import frame

DAY = pd.Timestamp("2020-03-10")


def _town(small_town):
    data = small_town.model_dump()
    for v, n in zip(data["villages"], (100, 50, 40)):
        v["households"] = n
    return type(small_town).model_validate(data)


def _screen(day, village, screened, referred=0):
    return dict(
        date=day,
        village=village,
        households_screened=screened,
        people_screened=3 * screened,
        returnees_found=referred + 1,
        risk_area_found=referred,
        referred=referred,
        screened_by="干部",
    )


def test_screening_coverage_referrals_and_behind(small_town):
    town = _town(small_town)
    rows = frame(
        "screening",
        [
            _screen("2020-03-09", "甲村", 60),
            _screen("2020-03-10", "甲村", 30, referred=2),  # 90 of 100: 90 %
            _screen("2020-03-10", "乙村", 40, referred=1),  # 40 of 50: 80 %
            _screen("2020-03-11", "丙村", 40),  # after D: not counted; 0 of 40
        ],
    )
    new = pd.DataFrame({"village": ["甲村", "甲村", "丙村"]})
    out = d.screening(town, rows, new, DAY).set_index("village")
    assert out["screened_to_date"].tolist() == [90, 40, 0]
    assert out["coverage"].round(2).tolist() == [0.9, 0.8, 0.0]
    assert out["screened_today"].tolist() == [30, 40, 0]
    # 甲村 referred 2 and 2 are new: it checks; 乙村 referred 1, none new; 丙村 none, 1 new.
    assert out["mismatch"].tolist() == [False, True, True]
    # Town: 130 of 190 = 68.4 %; behind is below 58.4 %: 丙村 only.
    assert out["behind"].tolist() == [False, False, True]


def test_screening_coverage_day_by_day_is_capped_per_village(small_town):
    town = _town(small_town)  # 100, 50 and 40 households: 190
    rows = frame(
        "screening",
        [
            _screen("2020-03-08", "甲村", 50),
            _screen("2020-03-09", "乙村", 45),
            _screen("2020-03-10", "乙村", 20),  # 65 of 50: counts as 50
            _screen("2020-03-10", "丙村", 10),
        ],
    )
    days = [pd.Timestamp(d) for d in ("2020-03-07", "2020-03-08", "2020-03-09", "2020-03-10")]
    out = d.screening_trend(town, rows, days)
    # 0; 50/190 = 26.3 %; 95/190 = 50 %; (50 + 50 + 10)/190 = 57.9 %.
    assert out.round(3).tolist() == [0.0, 0.263, 0.5, 0.579]
    # The last day is the screening table's town figure of that day.
    table = d.screening(town, rows, pd.DataFrame({"village": []}), days[-1])
    assert table["screened_to_date"].sum() / table["households"].sum() == out.iloc[-1]


def test_checkpoint_shifts_and_patrols(small_town):
    checkpoints = frame(
        "checkpoints",
        [
            dict(
                checkpoint_id="A-1",
                name="甲村口",
                village="甲村",
                kind="community",
                shifts_per_day=2,
            ),
            dict(
                checkpoint_id="B-1",
                name="乙村口",
                village="乙村",
                kind="community",
                shifts_per_day=1,
            ),
        ],
    )
    duty = frame(
        "checkpoint_duty",
        [
            dict(
                checkpoint_id="A-1",
                date="2020-03-10",
                shift="day",
                on_duty="张三、李四",
                party_members=1,
                people_registered=30,
                vehicles_registered=5,
                temperature_alerts=1,
            ),
            dict(
                checkpoint_id="A-1",
                date="2020-03-09",
                shift="night",
                on_duty="王五",
                party_members=0,
                people_registered=3,
                vehicles_registered=1,
                temperature_alerts=0,
            ),
            dict(
                checkpoint_id="B-1",
                date="2020-03-10",
                shift="all_day",
                on_duty="赵六、钱七、孙八",
                party_members=3,
                people_registered=20,
                vehicles_registered=2,
                temperature_alerts=0,
            ),
        ],
    )
    shifts = d.shifts_owed(checkpoints, duty, DAY)
    # A-1 owes day and night (night of the 9th is not D's), B-1 all day.
    assert list(zip(shifts["shift"], shifts["staffed"])) == [
        ("day", True),
        ("night", False),
        ("all_day", True),
    ]
    by = d.checkpoint_duty(small_town, shifts).set_index("village")
    assert by.loc["甲村", ["shifts_owed", "shifts_staffed", "on_duty"]].tolist() == [2, 1, 2]
    assert by.loc["乙村", ["shifts_owed", "shifts_staffed", "on_duty"]].tolist() == [1, 1, 3]
    assert int(by["people_registered"].sum()) == 50  # 30 + 20, the 9th's 3 left out
    patrols = frame(
        "patrols",
        [
            # Started 20:00 on the 9th: within 9th 18:00 - 10th 18:00, counts for D.
            dict(
                date="2020-03-10",
                village="甲村",
                started_at="2020-03-09 20:00",
                ended_at="2020-03-09 23:00",
                patrollers=6,
                party_members=2,
                issues_found=1,
            ),
            dict(
                date="2020-03-10",
                village="甲村",
                started_at="2020-03-10 01:00",
                ended_at="2020-03-10 03:00",
                patrollers=4,
                party_members=1,
                issues_found=0,
            ),
            # Started 17:00 on the 9th: the day before's.
            dict(
                date="2020-03-09",
                village="乙村",
                started_at="2020-03-09 17:00",
                ended_at="2020-03-09 20:00",
                patrollers=5,
                party_members=1,
                issues_found=0,
            ),
        ],
    )
    out = d.night_patrols(small_town, patrols, DAY).set_index("village")
    assert out["patrolled"].tolist() == [1, 0, 0]
    assert out.loc[
        "甲村", ["patrols", "patrollers", "patrol_party_members", "issues_found"]
    ].tolist() == [2, 10, 3, 1]


def test_people_on_duty_are_counted_as_ingest_counts_them():
    # Ingest checks party members against the names a cell gives; the report counts
    # the people on duty the same way, so a share cannot pass 100 %.
    checkpoints = frame(
        "checkpoints",
        [dict(checkpoint_id="A-1", name="甲村口", village="甲村", kind="road", shifts_per_day=1)],
    )
    duty = frame(
        "checkpoint_duty",
        [
            dict(
                checkpoint_id="A-1",
                date="2020-03-10",
                shift="all_day",
                on_duty="张三/李四 王五；赵六",
                party_members=2,
                people_registered=0,
                vehicles_registered=0,
                temperature_alerts=0,
            )
        ],
    )
    out = d.shifts_owed(checkpoints, duty, DAY)
    assert out["on_duty"].tolist() == [4] and out["party_members"].tolist() == [2]
