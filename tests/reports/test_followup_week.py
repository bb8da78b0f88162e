"""A scripted week of the follow-up of alerts, on real files and a real store.

Four people in home quarantine in 槐林村, from 2020-03-01, one village file per
table per day, ingested into a SQLite store, the quarantine report built for
each day from the store (as its notebook does):

- 甲 is never visited by the doctor: a missed-visit alert every day, open 1, 2, 3, …
  days, 督办 from day 2;
- 乙 has a fever on 03-02 and 03-03 and none after: the alert closes on 03-04,
  its condition ended, after 2 days open;
- 丙 has a fever on 03-04; the village reports on 03-05 that the doctor handled it
  (alert_feedback, 是否办结 是): closed on 03-05 with the action and the person;
- 丁 misses visits like 甲; the village reports it handled on 03-04, but the visits
  still do not come: that key closes and the problem goes on under a new key,
  its days open counted from 03-02.
"""

from __future__ import annotations

import datetime as dt

import pytest
from factories import resident_id
from fangkong.reports.quarantine.report import QuarantineReport
from fangkong.store.database import open_store
from ingest_helpers import ingest, person, write_xlsx
from repo_paths import DEMO_TOWN_FILE

pytestmark = pytest.mark.slow

DAYS = [dt.date(2020, 3, d) for d in range(2, 8)]
A, B, C, D = (resident_id("19800101", 10 + 2 * i) for i in range(4))  # even: female
FEVER = {B: (dt.date(2020, 3, 2), dt.date(2020, 3, 3)), C: (dt.date(2020, 3, 4),)}
ACTION = "医生上门复测体温正常 已告知居家观察要点"


def _ledger():
    return [
        person(
            身份证号=pid,
            姓名=name,
            性别="女",
            隔离类型="密切接触者",
            来源地=None,
            返岗企业=None,
            隔离开始日期="2020/3/1",
            隔离解除日期="2020/3/15",
        )
        for pid, name in ((A, "甲一"), (B, "乙二"), (C, "丙三"), (D, "丁四"))
    ]


def _checks(day):
    rows = []
    for pid in (B, C):  # 甲 and 丁 are never visited
        for hour in (8, 15):
            hot = day in FEVER.get(pid, ()) and hour == 8
            rows.append(
                {
                    "身份证号": pid,
                    "监测时间": f"{day} {hour:02d}:30",
                    "体温": 38.4 if hot else 36.6,
                    "症状": "发热" if hot else "无",
                    "医护人员": "医生乙",
                }
            )
    return rows


def _calls(day):
    return [
        {"身份证号": pid, "回访时间": f"{day} 10:00", "是否接通": "是", "回访人": "干部丙"}
        for pid in (A, B, C, D)
    ]


def _files(folder, day, feedback=()):
    folder.mkdir(parents=True, exist_ok=True)
    paths = [
        write_xlsx(folder / "槐林村_居家隔离人员台账.xlsx", _ledger()),
        write_xlsx(folder / "槐林村_医护上门监测记录.xlsx", _checks(day)),
        write_xlsx(folder / "槐林村_电话回访记录.xlsx", _calls(day)),
    ]
    if feedback:
        paths.append(write_xlsx(folder / "槐林村_预警处置反馈.xlsx", list(feedback)))
    return paths


def _feedback(key, at, action, who="李医生"):
    return {"预警编号": key, "处置时间": at, "处置措施": action, "处置人": who, "是否办结": "是"}


def _alert(report, kind, pid):
    items = report.alert_followup.keyed(report.alert_list())
    row = items[(items["kind"] == kind) & (items["subject"] == pid)]
    assert len(row) == 1, (kind, pid, items[["kind", "subject"]])
    return row.iloc[0]


@pytest.fixture(scope="module")
def week(tmp_path_factory, demo_town):
    """The reports of the six days, in order, and the store's URL."""
    root = tmp_path_factory.mktemp("week")
    url = f"sqlite:///{root / 'store.db'}"
    store = open_store(url)
    reports = {}
    try:
        for day in DAYS:
            feedback = []
            if day == dt.date(2020, 3, 4):  # 丁's key, handled, the visits still missing
                key = _alert(reports[DAYS[1]], "missed_check", D)["key"]
                feedback.append(_feedback(key, f"{day} 09:00", "已联系包联医生补访"))
            if day == dt.date(2020, 3, 5):  # 丙's fever of 03-04, handled by the doctor
                key = _alert(reports[DAYS[2]], "fever", C)["key"]
                feedback.append(_feedback(key, f"{day} 09:30", ACTION))
            paths = _files(root / str(day), day, feedback)
            result = ingest(store, demo_town, root, paths, day)
            assert all(f.rejected == 0 for f in result.files), [f.error for f in result.files]
            reports[day] = QuarantineReport.from_store(day, str(DEMO_TOWN_FILE), url)
    finally:
        store.close()
    return reports, url


def test_an_alert_that_persists_is_open_1_2_3_days_and_supervised_from_day_2(week):
    reports, _ = week
    seen = [_alert(reports[day], "missed_check", A) for day in DAYS]
    assert [int(a["days_open"]) for a in seen] == [1, 2, 3, 4, 5, 6]
    assert len({a["key"] for a in seen}) == 1 and seen[0]["key"].startswith("Q-")
    supervised = [set(reports[day].alert_followup.supervised["key"]) for day in DAYS]
    assert seen[0]["key"] not in supervised[0]
    assert all(seen[0]["key"] in keys for keys in supervised[1:])
    section = reports[DAYS[1]].followup().html()
    assert seen[0]["key"] in section and "第2天" in section
    assert "指挥长甲" in section  # 槐林村 is in 第一战区, 指挥长甲


def test_an_alert_whose_condition_ends_is_closed_the_next_day(week):
    reports, _ = week
    fever = _alert(reports[DAYS[1]], "fever", B)
    assert int(fever["days_open"]) == 2
    closed = reports[DAYS[2]].alert_followup.closed.set_index("key")
    assert closed.loc[fever["key"], "how"] == "ended"
    assert closed.loc[fever["key"], "days_open"] == 2
    later = reports[DAYS[3]].alert_followup.closed
    assert fever["key"] not in set(later["key"])  # listed once, the day after it ended


def test_an_alert_handled_through_feedback_closes_with_the_action_and_the_person(week):
    reports, _ = week
    fever = _alert(reports[DAYS[2]], "fever", C)
    report = reports[DAYS[3]]
    closed = report.alert_followup.closed.set_index("key").loc[fever["key"]]
    assert closed["how"] == "handled"
    assert (closed["action"], closed["handled_by"]) == (ACTION, "李医生")
    html = report.followup().html()
    assert fever["key"] in html and ACTION in html and "李医生" in html and "村级处置办结" in html
    record = report.sidecar().payload["followup"]["closed"]
    entry = next(c for c in record if c["key"] == fever["key"])
    assert entry["how"] == "handled" and entry["handled_by"] == "李医生"


def test_a_key_closed_by_feedback_is_not_reopened_the_problem_keeps_its_age(week):
    """Reported closed while it still shows: the key closes, the problem goes on under
    a new key with its days open (reporting it closed every day does not escape 督办)."""
    reports, _ = week
    before = _alert(reports[DAYS[1]], "missed_check", D)
    after = _alert(reports[DAYS[2]], "missed_check", D)
    assert after["key"] != before["key"] and int(after["days_open"]) == 3
    closed = reports[DAYS[2]].alert_followup.closed.set_index("key")
    assert closed.loc[before["key"], "how"] == "handled"
    assert after["key"] in set(reports[DAYS[2]].alert_followup.supervised["key"])
    assert int(_alert(reports[DAYS[3]], "missed_check", D)["days_open"]) == 4


def test_counts_and_keys_carry_no_personal_data(week):
    reports, _ = week
    report = reports[DAYS[4]]
    counts = report.alert_followup.counts()
    assert counts["open"] == counts["new"] + counts["carried"]
    assert counts["closed"] == counts["closed_handled"] + counts["closed_ended"]
    payload = report.sidecar().payload
    text = str(payload["alert_items"]) + str(payload["followup"])
    for pid in (A, B, C, D):
        assert pid not in text and pid[-4:] not in str([i["key"] for i in payload["alert_items"]])


def test_a_past_day_rebuilt_gives_the_same_answer_even_from_a_store_without_history(week, tmp_path):
    reports, url = week
    day = DAYS[3]
    again = QuarantineReport.from_store(day, str(DEMO_TOWN_FILE), url)
    first = reports[day].alert_followup
    assert again.alert_followup.open.equals(first.open)
    assert again.alert_followup.closed.equals(first.closed)
    # A copy of the store whose alert history is gone: the days before are
    # recorded again from the store as it stood then, with the same days open.
    import shutil
    import sqlite3

    copy = tmp_path / "copy.db"
    shutil.copy(url.removeprefix("sqlite:///"), copy)
    with sqlite3.connect(copy) as con:
        for table in ("alert_days", "alert_recordings", "alert_keys"):
            con.execute(f"DELETE FROM {table}")
    rebuilt = QuarantineReport.from_store(day, str(DEMO_TOWN_FILE), f"sqlite:///{copy}")
    columns = ["kind", "subject", "days_open", "status"]
    assert rebuilt.alert_followup.open[columns].equals(first.open[columns])
    assert rebuilt.alert_followup.counts() == first.counts()
