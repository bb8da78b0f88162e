"""The quarantine report's figures of a day: headline, alerts, village and zone counts.

The day is 2020-02-10 and the town has villages 甲村 and 乙村 in zone 一区 and
丙村, where nobody is in quarantine, in zone 二区 (``small_town``). Expected
answers are worked out by hand in the comments next to each row of
tests/quarantine_rows.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
from fangkong.reports.breakdown import TOTAL, UNASSIGNED, by_village, by_zone, with_zone
from fangkong.reports.quarantine import figures as qf
from fangkong.reports.quarantine import ledger as quarantine_ledger
from fangkong.reports.quarantine.data import load_quarantine
from ingest_helpers import PERSON, check, ingest, person, write_xlsx
from quarantine_rows import DAY, POLICY, frame, random_days


def test_headline(inputs):
    figs = qf.day_figures(inputs, POLICY)
    assert qf.headline(figs) == {
        "in_quarantine": 5,
        "new_today": 2,
        "released_today": 1,
        "transferred_today": 1,
        "due_tomorrow": 1,
        "overdue": 1,
        "fever_alerts": 4,
        "checks_done": 7,  # 2 + 1 + 2 + 0 + 2
        "checks_owed": 10,  # 5 people x 2
        "missed_checks": 2,  # P2, P6
        "disinfections_done": 2,  # P1, P6
        "disinfections_owed": 5,
        "calls_reached": 2,  # P1, P5
        "calls_owed": 5,
        "lost_contact": 1,
        "mood_alerts": 1,
        "team_gaps": 2,
        "employer_mismatches": 1,
        "employers_not_reported": 1,
    }
    assert qf.alert_counts(qf.headline(figs)) == {
        "fever": 4,
        "lost_contact": 1,
        "overdue": 1,
        "missed_check": 2,
        "mood": 1,
        "team_gap": 2,
        "employer_mismatch": 1,
    }


def test_village_counts_and_zone_totals(inputs, town):
    figs = qf.day_figures(inputs, POLICY)
    counts = with_zone(qf.village_counts(figs), town)
    villages = by_village(counts, town, list(qf.VILLAGE_FIGURES)).set_index("village")
    assert villages.loc["甲村", "in_quarantine"] == 3  # P1, P2, P5
    assert villages.loc["乙村", "in_quarantine"] == 2  # P6, P7
    assert villages.loc["甲村", "checks_owed"] == 6
    assert villages.loc["甲村", "checks_done"] == 5
    assert villages.loc["乙村", "fever_alerts"] == 3  # P3, P4, P7
    # The village with nobody in quarantine is listed, all zeros.
    assert (villages.loc["丙村", list(qf.VILLAGE_FIGURES)] == 0).all()
    zones = by_zone(counts, town, list(qf.VILLAGE_FIGURES)).set_index("zone")
    head = qf.headline(figs)
    for name in qf.VILLAGE_FIGURES:
        assert zones.loc[TOTAL, name] == head[name]
        assert zones.drop(TOTAL)[name].sum() == head[name]
        assert villages.loc[TOTAL, name] == head[name]


def village_counts_by_groupby(figs) -> pd.DataFrame:
    """The reference: village counts as they were computed, a pandas groupby per figure."""

    def per_village(frame, value=None):
        village = frame["village"].fillna(UNASSIGNED).astype("str")
        values = frame[value].astype("Int64") if value else pd.Series(1, index=frame.index)
        return values.groupby(village).sum()

    parts = {
        flag: per_village(figs.periods[figs.periods[flag]]) for flag in quarantine_ledger.FLAGS
    }
    parts |= {
        "fever_alerts": per_village(figs.fever),
        "checks_done": per_village(figs.checks, "done"),
        "checks_owed": per_village(figs.checks, "owed"),
        "missed_checks": per_village(figs.missed_checks),
        "disinfections_done": per_village(figs.disinfections, "done"),
        "disinfections_owed": per_village(figs.disinfections, "owed"),
        "calls_reached": per_village(figs.calls, "reached"),
        "calls_owed": per_village(figs.calls, "owed"),
        "lost_contact": per_village(figs.lost_contact),
        "mood_alerts": per_village(figs.mood),
        "team_gaps": per_village(figs.team_gaps),
    }
    out = pd.DataFrame(parts).fillna(0).astype("Int64")
    return out.rename_axis("village").reset_index()


def test_village_counts_equal_a_groupby_per_figure(inputs):
    days = [inputs]
    for seed in range(4):  # random ledgers: villages missing, periods of every kind
        ledgers, checks = random_days(seed, days=3)
        today, before = (ledgers[d] for d in sorted(ledgers)[-1:-3:-1])
        days.append(replace(inputs, ledger=today, ledger_prev=before, checks=checks))
    empty = frame("quarantine", [])
    days.append(replace(inputs, ledger=empty, ledger_prev=empty))
    for day in days:
        figs = qf.day_figures(day, POLICY)
        pd.testing.assert_frame_equal(qf.village_counts(figs), village_counts_by_groupby(figs))


def test_nobody_in_quarantine(inputs):
    empty = frame("quarantine", [])
    none = qf.DayInputs(
        DAY, empty, empty, inputs.checks.iloc[:0], inputs.disinfections.iloc[:0],
        inputs.calls.iloc[:0], inputs.enterprise_status.iloc[:0], inputs.enterprises,
    )  # fmt: skip
    head = qf.headline(qf.day_figures(none, POLICY))
    assert set(head.values()) == {0}


def test_an_overdue_person_is_followed_up_and_counted(store, demo_town, tmp_path):
    """From real files through a real store: the checks, disinfection and call of a
    person still 隔离中 two days after the planned end count in the day's figures."""
    day = dt.date(2020, 3, 17)  # the planned end was 2020-03-15
    row = person(**{"隔离类型": "密切接触者", "返岗企业": None})
    call = {"身份证号": PERSON, "回访时间": "2020-03-17 10:00", "是否接通": "是", "回访人": "镇办"}
    files = [
        write_xlsx(tmp_path / "槐林村_quarantine.xlsx", [row]),
        write_xlsx(
            tmp_path / "槐林村_health_checks.xlsx",
            [check(**{"监测时间": "2020-03-17 08:30"}), check(**{"监测时间": "2020-03-17 15:00"})],
        ),
        write_xlsx(
            tmp_path / "槐林村_disinfections.xlsx",
            [{"身份证号": PERSON, "消杀时间": "2020-03-17 09:00", "消杀人员": "消杀员"}],
        ),
        write_xlsx(tmp_path / "槐林村_followup_calls.xlsx", [call]),
    ]
    report = ingest(store, demo_town, tmp_path, files, day)
    assert report.summary()["rejected"].sum() == 0, report.issues()
    data = load_quarantine(store, demo_town, day)
    figures = qf.headline(qf.day_figures(data.today, demo_town.policy))
    assert {
        name: figures[name]
        for name in (
            "in_quarantine",
            "overdue",
            "checks_done",
            "checks_owed",
            "missed_checks",
            "disinfections_done",
            "calls_reached",
        )
    } == {
        "in_quarantine": 1,
        "overdue": 1,
        "checks_done": 2,
        "checks_owed": 2,
        "missed_checks": 0,
        "disinfections_done": 1,
        "calls_reached": 1,
    }
