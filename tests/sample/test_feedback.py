"""Sample alert feedback (预警处置反馈): the same bytes for a seed, only keys the store
gave, each handled by its own village before the cut-off, and every row valid but
the one documented defect, which ingest rejects as unknown_alert_key.

Keys are given by a real SQLite store's alert history (``Store.record_alerts``) over
two days, as the reports give them; files are read back with openpyxl and the csv
module (tests/sample_files.py) and ingested into the same store.
"""

import datetime as dt

import pandas as pd
import pytest
from fangkong.sample import SampleManifest, write_feedback
from sample_files import parse_when, read_table, yes

DAY = dt.date(2020, 3, 10)
REPORTS = {
    "quarantine": ("Q", ("fever", "lost_contact", "overdue", "missed_check", "mood", "team_gap")),
    "welfare": ("W", ("gas_overdue", "households_unvisited", "open_needs", "produce_surplus")),
    "reopening": ("R", ("worker_mismatches", "compliance_failures", "masks_short")),
}
#: Alerts of the town as a whole: no village handles them.
TOWN_WIDE = {"reopening": "categories_below_target", "welfare": "produce_surplus"}


def _items(town, kinds, day):
    """About a third of (village, kind) pairs, a few of them only on the later day."""
    rows = []
    for i, village in enumerate(town.village_names):
        for j, kind in enumerate(kinds):
            if (i + j) % 3 == 0 or (day == DAY and (i * j) % 7 == 1):
                rows.append((kind, f"{village}/{kind}", village))
    return pd.DataFrame(rows, columns=["kind", "subject", "village"])


@pytest.fixture
def alerts(store, demo_town):
    """The alerts open on DAY, as ``store.open_alerts`` of each report gives them."""
    at = dt.datetime.combine(DAY, dt.time(18, 30))
    for report, (prefix, kinds) in REPORTS.items():
        for day in (DAY - dt.timedelta(days=1), DAY):
            items = _items(demo_town, kinds, day)
            if report in TOWN_WIDE:
                items.loc[len(items)] = (TOWN_WIDE[report], "town", None)
            store.record_alerts(demo_town.id, report, prefix, day, items, recorded_at=at)
    frames = [store.open_alerts(demo_town.id, r, DAY).assign(report=r) for r in REPORTS]
    return pd.concat(frames, ignore_index=True)


def _rows(paths):
    """(village, row) of every row written, read back."""
    return [(p.name.split("_")[0], row) for p in paths for row in read_table(p)[1]]


def test_same_inputs_and_seed_same_bytes_in_any_order(tmp_path, demo_town, alerts):
    first = write_feedback(tmp_path / "a", demo_town, alerts, DAY, seed=0)
    shuffled = alerts.sample(frac=1, random_state=1)
    again = write_feedback(tmp_path / "b", demo_town, shuffled, DAY, seed=0)
    assert [p.name for p in first] == [p.name for p in again] and len(first) > 5
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, again))
    other = write_feedback(tmp_path / "c", demo_town, alerts, DAY, seed=1)
    assert sorted(r["alert_key"] for _, r in _rows(first)) != sorted(
        r["alert_key"] for _, r in _rows(other)
    )
    assert all(p.parent == tmp_path / "a" / DAY.isoformat() for p in first)
    assert {p.suffix for p in first + other} <= {".xlsx", ".csv"}


def test_only_keys_given_each_by_its_own_village(tmp_path, store, demo_town, alerts):
    rows = _rows(write_feedback(tmp_path, demo_town, alerts, DAY, seed=0))
    given = set(store.alert_keys(demo_town.id)["key"])
    village_of = alerts.set_index("key")["village"]
    defects = [row["alert_key"] for _, row in rows if row["alert_key"] not in given]
    assert len(defects) == 1 and defects[0].endswith("-0000")
    keys = [row["alert_key"] for _, row in rows if row["alert_key"] in given]
    assert len(keys) == len(set(keys))  # each alert handled once
    assert all(village_of[row["alert_key"]] == v for v, row in rows if row["alert_key"] in given)
    town_wide = set(alerts.loc[alerts["village"].isna(), "key"])
    assert town_wide and not town_wide & set(keys)
    # A share of each village's open alerts is handled: neither none nor all of them.
    village_alerts = alerts["village"].notna().sum()
    assert 0.3 * village_alerts < len(keys) < 0.7 * village_alerts


def test_handled_on_the_day_before_the_cutoff_by_named_staff(tmp_path, demo_town, alerts):
    from fangkong.sample.feedback import ACTIONS
    from fangkong.sample.registries import _staff

    rows = _rows(write_feedback(tmp_path, demo_town, alerts, DAY, seed=0))
    cutoff = dt.datetime.combine(DAY, dt.time.fromisoformat(demo_town.policy.cutoff))
    kind_of = alerts.set_index("key")["kind"]
    closed = [yes(row["closed"]) for _, row in rows]
    assert 0.6 < sum(closed) / len(closed) < 1.0  # most closed, a few in progress
    for (village, row), done in zip(rows, closed):
        at = parse_when(row["handled_at"])
        assert dt.datetime.combine(DAY, dt.time(8)) <= at < cutoff, row
        staff = _staff(0, village)
        team = staff.doctors + staff.cadres + staff.town_staff
        assert row["handled_by"] in team, row
        _, closing, progress = ACTIONS[kind_of.get(row["alert_key"], "fever")]
        if row["alert_key"] in kind_of:
            assert row["action"] in (closing if done else progress), row


def test_every_row_is_accepted_but_the_documented_defect(tmp_path, store, demo_town, alerts):
    from fangkong.ingest.batch import ingest_paths

    folder = tmp_path / "sample"
    folder.mkdir()
    SampleManifest("jiayu", None, 1, 0, DAY.isoformat(), DAY.isoformat()).write(
        folder / "manifest.json"
    )
    paths = write_feedback(folder, demo_town, alerts, DAY, seed=0)
    manifest = SampleManifest.read(folder / "manifest.json")
    assert [folder / f.path for f in manifest.files] == paths
    assert manifest.defect_counts() == {"unknown_alert_key": 1}
    (documented,) = [(f.path, d) for f in manifest.files for d in f.defects]
    report = ingest_paths(
        [folder / DAY.isoformat()],
        store=store,
        town=demo_town,
        submitted_on=DAY,
        rejects_dir=tmp_path / "rejects",
    )
    summary = report.summary()
    assert (summary["rows_in"] == summary["accepted"] + summary["rejected"]).all()
    assert summary["rows_in"].sum() == manifest.rows and summary["rejected"].sum() == 1
    issues = report.issues()
    assert issues[["file", "row", "column", "value", "code"]].values.tolist() == [
        [
            documented[0].split("/")[-1],
            documented[1]["row"],
            "alert_key",
            documented[1]["value"],
            "unknown_alert_key",
        ]
    ]
    stored = store.events("alert_feedback", DAY, DAY)
    assert len(stored) == manifest.rows - 1


def test_writing_a_day_again_replaces_its_files_in_the_manifest(tmp_path, demo_town, alerts):
    SampleManifest("jiayu", None, 1, 0, DAY.isoformat(), DAY.isoformat()).write(
        tmp_path / "manifest.json"
    )
    first = write_feedback(tmp_path, demo_town, alerts, DAY, seed=0)
    fewer = alerts[alerts["village"].isin(demo_town.village_names[:2])]
    again = write_feedback(tmp_path, demo_town, fewer, DAY, seed=0)
    manifest = SampleManifest.read(tmp_path / "manifest.json")
    assert [tmp_path / f.path for f in manifest.files] == again
    assert all(p.exists() for p in again) and not any(p.exists() for p in set(first) - set(again))


def test_nothing_handled_nothing_written(tmp_path, demo_town, alerts):
    town_wide = alerts[alerts["village"].isna()]
    folder = tmp_path / "sample"
    assert write_feedback(folder, demo_town, town_wide, DAY) == []
    assert write_feedback(folder, demo_town, None, DAY) == []
    assert not folder.exists()
