"""alert_feedback (预警处置反馈): each rule with a failing and a passing example, ingested
end to end from real XLSX and CSV files into a real SQLite store whose keys were given
by the store's alert history (``Store.record_alerts``), as a report gives them.

Rows in = accepted + rejected is asserted for every file by ``ingest``
(tests/ingest_helpers.py).
"""

import datetime as dt

import pandas as pd
import pytest
from ingest_helpers import (
    DAY,
    check,
    codes,
    english,
    feedback,
    ingest,
    run_case,
    write_csv,
    write_xlsx,
)

RECORDED_AT = dt.datetime(2020, 3, 10, 18, 30)


def _give(store, town_id, report, prefix, day, kind):
    """Record one alert of 槐林村 on ``day``; its key."""
    items = pd.DataFrame({"kind": [kind], "subject": [f"{kind}-1"], "village": ["槐林村"]})
    keys = store.record_alerts(town_id, report, prefix, day, items, recorded_at=RECORDED_AT)
    return keys["key"].iloc[0]


@pytest.fixture
def keyed(base, town):
    """``base`` with keys given: Q-0001 (a fever, first on DAY - 2), W-0001 (first on
    DAY), and R-0001 in another town only."""
    assert _give(base, town.id, "quarantine", "Q", DAY - dt.timedelta(days=2), "fever") == "Q-0001"
    assert _give(base, town.id, "welfare", "W", DAY, "households_unvisited") == "W-0001"
    other = _give(base, "other", "reopening", "R", DAY - dt.timedelta(days=5), "masks_short")
    assert other == "R-0001"
    return base


# (good row, bad row, reason code, column blamed)
CASES = [
    (feedback(), feedback(**{"预警编号": "Q-0099"}), "unknown_alert_key", "alert_key"),
    # Given by the store, but in another town.
    (feedback(), feedback(**{"预警编号": "R-0001"}), "unknown_alert_key", "alert_key"),
    (
        feedback(**{"处置时间": "2020-03-10 23:59"}),  # the submission day itself, late
        feedback(**{"处置时间": "2020-03-11 08:00"}),
        "handled_after_submission",
        "handled_at",
    ),
    (
        feedback(**{"预警编号": "W-0001", "处置时间": "2020-03-10 00:00"}),  # its first day
        feedback(**{"预警编号": "W-0001", "处置时间": "2020-03-09 16:00"}),
        "handled_before_alert",
        "handled_at",
    ),
    (
        feedback(**{"处置时间": "2020-03-08 09:00"}),  # Q-0001's first day
        feedback(**{"处置时间": "2020-03-07 21:00"}),
        "handled_before_alert",
        "handled_at",
    ),
]


@pytest.mark.parametrize(
    "good, bad, code, column", CASES, ids=[f"{c[2]}-{c[1]['预警编号']}" for c in CASES]
)
def test_feedback_rule_rejects_bad_row_and_keeps_good_row(
    keyed, town, tmp_path, good, bad, code, column
):
    f, report = run_case(keyed, town, tmp_path, "alert_feedback", good, bad)
    assert f.status == "ingested" and f.tables == ["alert_feedback"]
    assert (f.rows_in, f.accepted, f.rejected) == (2, 1, 1), report.issues()
    issues = report.issues()
    assert issues[["row", "column", "code"]].values.tolist() == [[3, column, code]]
    stored = keyed.events("alert_feedback", DAY - dt.timedelta(days=30), DAY)
    assert stored["alert_key"].tolist() == [good["预警编号"]]
    assert stored["src_village"].tolist() == ["槐林村"]  # the sender, from the file name


def test_rejection_names_file_row_column_value_and_reason(keyed, town, tmp_path):
    from fangkong.ingest.rejects import printed_rejections

    bad = feedback(**{"预警编号": "W-9999", "处置时间": "2020-03-11 09:00"})
    f, report = run_case(keyed, town, tmp_path, "alert_feedback", feedback(), bad)
    issues = report.issues()
    assert set(issues["file"]) == {"槐林村_alert_feedback.xlsx"} and set(issues["row"]) == {3}
    assert sorted(zip(issues["column"], issues["value"], issues["code"])) == [
        ("alert_key", "W-9999", "unknown_alert_key"),
        ("handled_at", "2020-03-11 09:00", "handled_after_submission"),
    ]
    reason = pd.read_csv(f.rejects_path, dtype=str, encoding="utf-8-sig").loc[0, "reason"]
    assert "预警编号 'W-9999': 预警编号不存在" in reason
    assert "处置时间 '2020-03-11 09:00': 处置时间晚于报送日期" in reason
    printed = printed_rejections(issues, "en")
    assert "no such alert key" in printed.loc[printed["column"] == "alert_key", "reason"].iloc[0]


def test_keys_as_people_type_them_are_known(keyed, town, tmp_path):
    """Lower case, full-width and other dashes, stray spaces, English headers, CSV."""
    rows = [
        feedback(**{"预警编号": "q－0001 "}),
        feedback(**{"预警编号": " w—0001", "是否办结": "否"}),
        feedback(**{"预警编号": "Q–0001", "处置时间": "2020/3/10 16:05"}),
    ]
    xlsx = write_xlsx(tmp_path / "槐林村_alert_feedback.xlsx", rows)
    csv = write_csv(
        tmp_path / "东岗村_预警处置反馈.csv",
        [english("alert_feedback", feedback(**{"预警编号": "q‐0001"}))],
        "gbk",
    )
    report = ingest(keyed, town, tmp_path, [xlsx, csv])
    assert [(f.accepted, f.rejected) for f in report.files] == [(3, 0), (1, 0)], report.issues()
    stored = keyed.events("alert_feedback", DAY, DAY)
    assert sorted(stored["alert_key"]) == ["Q-0001", "Q-0001", "Q-0001", "W-0001"]
    assert stored["closed"].tolist().count(False) == 1


def test_keys_are_read_only_for_a_batch_with_feedback_rows(keyed, town, tmp_path, monkeypatch):
    calls = []
    read = keyed.alert_keys
    monkeypatch.setattr(keyed, "alert_keys", lambda *a, **kw: calls.append(a) or read(*a, **kw))
    checks = write_xlsx(tmp_path / "槐林村_health_checks.xlsx", [check()])
    empty = write_xlsx(tmp_path / "槐林村_alert_feedback.xlsx", [], headers=list(feedback()))
    assert ingest(keyed, town, tmp_path, [checks, empty]).exit_code == 0
    assert calls == []
    rows = write_xlsx(tmp_path / "东岗村_alert_feedback.xlsx", [feedback()])
    assert codes(ingest(keyed, town, tmp_path, [rows])) == []
    assert calls == [(town.id,)]


def test_without_any_key_every_feedback_row_is_rejected(base, town, tmp_path):
    """A store no report has recorded alerts in yet: no key is known."""
    path = write_xlsx(tmp_path / "槐林村_alert_feedback.xlsx", [feedback(), feedback()])
    report = ingest(base, town, tmp_path, [path])
    assert (report.files[0].accepted, report.files[0].rejected) == (0, 2)
    assert codes(report) == ["unknown_alert_key"]
