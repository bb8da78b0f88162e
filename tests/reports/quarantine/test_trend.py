"""The quarantine trend, all days at once, against the day-by-day computation it replaced.

The day is 2020-02-10 and the town has villages 甲村 and 乙村 in zone 一区 and
丙村, where nobody is in quarantine, in zone 二区 (``small_town``). Expected
answers are worked out by hand in the comments next to each row of
tests/quarantine_rows.py.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.breakdown import as_day
from fangkong.reports.quarantine import figures as qf
from fangkong.reports.quarantine import followup
from fangkong.reports.quarantine import ledger as quarantine_ledger
from fangkong.reports.quarantine import trend as qt
from quarantine_rows import DAY, POLICY, frame, random_days


def test_trend_last_day_equals_headline(inputs):
    ledgers = {"2020-02-09": inputs.ledger_prev, "2020-02-10": inputs.ledger}
    out = qt.trend(history_of(ledgers), inputs.checks, 37.3, list(ledgers))
    assert list(out["date"]) == [pd.Timestamp("2020-02-09"), DAY]
    assert list(out["in_quarantine"]) == [5, 5]  # P1, P3, P4, P6, P7 yesterday
    assert list(out["new_today"]) == [0, 2]
    assert list(out["fever_alerts"]) == [1, 4]  # yesterday: P1 at 38.0
    head = qf.headline(qf.day_figures(inputs, POLICY))
    assert head["released_today"] + head["transferred_today"] > 0  # the flows are tested
    for name in qt.TREND_COLUMNS:
        assert out[name].iloc[-1] == head[name]


# -- the trend, all days at once, against the day-by-day computation it replaced -------


def trend_by_day(ledgers: dict, checks: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The reference: the trend as it was computed, one day at a time."""
    rows = []
    by_day = {as_day(day): ledger for day, ledger in ledgers.items()}
    for day in sorted(by_day):
        ledger = by_day[day]
        # No ledger the day before: every period is first seen.
        prev = by_day.get(day - pd.Timedelta(days=1), ledger.iloc[:0])
        flags = quarantine_ledger.period_flags(ledger, prev, day)
        rows.append(
            {
                "date": day,
                "in_quarantine": len(quarantine_ledger.in_quarantine(ledger, day)),
                "new_today": int(ledger["start_date"].eq(day).sum()),
                "released_today": int(flags["released_today"].sum()),
                "transferred_today": int(flags["transferred_today"].sum()),
                "fever_alerts": len(followup.fever_alerts(checks, ledger, day, threshold)),
            }
        )
    out = pd.DataFrame(rows, columns=["date", *qt.TREND_COLUMNS])
    return out.astype({c: "Int64" for c in out.columns[1:]})


def history_of(ledgers: dict) -> pd.DataFrame:
    """Ledgers by day as one history frame, as ``Store.ledger_history`` returns them."""
    parts = [ledger.assign(as_of=as_day(day)) for day, ledger in ledgers.items()]
    out = pd.concat(parts, ignore_index=True)
    out["as_of"] = out["as_of"].astype("datetime64[ns]")
    return out[["as_of", *[c for c in out.columns if c != "as_of"]]]


@pytest.mark.parametrize("seed", range(6))
def test_trend_at_once_equals_trend_by_day(seed):
    ledgers, checks = random_days(seed)
    expected = trend_by_day(ledgers, checks, 37.3)
    assert expected["fever_alerts"].sum() > 0 and expected["in_quarantine"].sum() > 0
    assert expected["transferred_today"].sum() > 0  # releases: seeds 1 to 5
    out = qt.trend(history_of(ledgers), checks, 37.3, list(ledgers))
    pd.testing.assert_frame_equal(out, expected)


def test_trend_at_once_on_the_hand_made_days(inputs):
    ledgers = {"2020-02-09": inputs.ledger_prev, "2020-02-10": inputs.ledger}
    for threshold in (36.5, 37.3, 38.0, 40.0):
        expected = trend_by_day(ledgers, inputs.checks, threshold)
        out = qt.trend(history_of(ledgers), inputs.checks, threshold, list(ledgers))
        pd.testing.assert_frame_equal(out, expected)


def test_trend_of_days_without_data(inputs):
    empty = frame("quarantine", [])
    ledgers = {"2020-02-08": empty, "2020-02-09": empty}
    out = qt.trend(history_of(ledgers), inputs.checks.iloc[:0], 37.3, list(ledgers))
    pd.testing.assert_frame_equal(out, trend_by_day(ledgers, inputs.checks.iloc[:0], 37.3))
    assert out[list(qt.TREND_COLUMNS)].sum().sum() == 0
