"""The alert history in a real SQLite store: keys given, kept, closed, recorded again."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from fangkong.store.alerts import alert_key

AT = dt.datetime(2020, 3, 10, 18, 30)
D1, D2, D3 = (dt.date(2020, 3, d) for d in (8, 9, 10))


def _items(*rows):
    return pd.DataFrame(rows, columns=["kind", "subject", "village"])


def _keys(frame):
    return dict(zip(zip(frame["kind"], frame["subject"]), frame["key"]))


def test_a_problem_open_day_after_day_keeps_its_key_and_first_day(store):
    first = store.record_alerts(
        "t", "quarantine", "Q", D1, _items(("fever", "410", "甲村")), recorded_at=AT
    )
    second = store.record_alerts(
        "t",
        "quarantine",
        "Q",
        D2,
        _items(("fever", "410", "甲村"), ("mood", "411", "乙村")),
        recorded_at=AT,
    )
    assert first["key"].tolist() == ["Q-0001"]
    assert _keys(second) == {("fever", "410"): "Q-0001", ("mood", "411"): "Q-0002"}
    assert second.set_index("key").loc["Q-0001", "first_day"] == pd.Timestamp(D1)


def test_a_break_or_a_closed_key_gives_a_new_key(store):
    fever = _items(("fever", "410", "甲村"))
    store.record_alerts("t", "quarantine", "Q", D1, fever, recorded_at=AT)
    store.record_alerts("t", "quarantine", "Q", D2, _items(), recorded_at=AT)  # gone on D2
    again = store.record_alerts("t", "quarantine", "Q", D3, fever, recorded_at=AT)
    assert again["key"].tolist() == ["Q-0002"]
    closed = store.record_alerts(
        "t",
        "quarantine",
        "Q",
        D3 + dt.timedelta(days=1),
        fever,
        closed_keys={"Q-0002"},
        recorded_at=AT,
    )
    assert closed["key"].tolist() == ["Q-0003"]
    # Closed by a village while it still shows: a new key, its age kept (for 督办).
    assert closed["first_day"].tolist() == [pd.Timestamp(D3)]


def test_a_day_recorded_again_keeps_its_keys_and_the_latest_recording_is_read(store):
    items = _items(("fever", "410", "甲村"), ("mood", "411", "乙村"))
    store.record_alerts("t", "quarantine", "Q", D1, items, recorded_at=AT)
    again = store.record_alerts("t", "quarantine", "Q", D1, items.iloc[[1, 0]], recorded_at=AT)
    assert _keys(again) == {("fever", "410"): "Q-0001", ("mood", "411"): "Q-0002"}
    store.record_alerts("t", "quarantine", "Q", D1, items.iloc[:1], recorded_at=AT)  # late data
    assert store.open_alerts("t", "quarantine", D1)["key"].tolist() == ["Q-0001"]
    assert store.open_alerts("t", "quarantine", D2) is None
    assert store.recorded_days("t", "quarantine", D1, D3) == {D1}


def test_reports_and_towns_number_their_own_keys_and_a_key_holds_nothing_of_its_subject(store):
    subject = "410182198005120011"
    items = _items(("fever", subject, "甲村"))
    q = store.record_alerts("t", "quarantine", "Q", D1, items, recorded_at=AT)
    w = store.record_alerts("t", "welfare", "W", D1, items, recorded_at=AT)
    other = store.record_alerts("u", "quarantine", "Q", D1, items, recorded_at=AT)
    assert (q["key"].tolist(), w["key"].tolist(), other["key"].tolist()) == (
        ["Q-0001"],
        ["W-0001"],
        ["Q-0001"],
    )
    keys = store.alert_keys("t")
    assert set(keys["key"]) == {"Q-0001", "W-0001"}
    assert not any(subject[-4:] in k or subject[:6] in k for k in keys["key"])


@pytest.mark.parametrize(("number", "key"), [(1, "Q-0001"), (123, "Q-0123"), (12345, "Q-12345")])
def test_a_key_is_the_prefix_and_a_running_number(number, key):
    assert alert_key("Q", number) == key


def test_runs_recording_the_same_report_at_once_each_get_their_keys(tmp_path):
    """A manual run beside the evening's: each takes its own keys, none fails."""
    import threading

    from fangkong.store.database import open_store

    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_store(url).close()
    results, errors = {}, []

    def record(n):
        store = open_store(url)
        try:
            items = _items(*[("fever", f"{n}-{i}", "甲村") for i in range(20)])
            results[n] = store.record_alerts("t", "quarantine", "Q", D1, items, recorded_at=AT)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=record, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    keys = [k for frame in results.values() for k in frame["key"]]
    assert len(keys) == len(set(keys)) == 80
