"""Reopening report computations on small hand-made frames.

Expected answers are worked out by hand in the comments. Demo town zones:
槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村 第四战区,
新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street 80%;
masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fangkong.reports.breakdown import TOTAL, days_between
from fangkong.reports.reopening import checks as firm_checks
from fangkong.reports.reopening import data as reopening_data
from fangkong.reports.reopening import figures as reopening_figures
from fangkong.reports.reopening import resumption as reopening
from fangkong.reports.reopening import trend as reopening_trend
from fangkong.reports.reopening.firms import firm_status
from fangkong.schemas import DTYPES, TABLES
from fangkong.store.database import Store
from fangkong.town import load_town

ROOT = Path(__file__).resolve().parents[1]
DAY = "2020-03-10"
NA = None


@pytest.fixture(scope="module")
def town():
    return load_town(ROOT / "params" / "jiayu.yaml")


def frame(table: str, rows: list[dict], extra: dict | None = None) -> pd.DataFrame:
    """A frame of ``table`` with the schema's normalised dtypes (missing cells empty)."""
    t = TABLES[table]
    df = pd.DataFrame(rows, columns=t.columns + list(extra or {}))
    for c in t.columns:
        kind = t.meta(c)["kind"]
        if kind in ("date", "datetime"):
            df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
        else:
            df[c] = df[c].astype(DTYPES[kind])
    for c, dtype in (extra or {}).items():
        df[c] = df[c].astype(dtype)
    return df


def firm(eid, village, category, staff_total, status=None):
    return {
        "enterprise_id": eid,
        "name": f"企业{eid}",
        "village": village,
        "category": category,
        "staff_total": staff_total,
        "contact": f"联系人{eid}",
        "phone": "13800000000",
        "prevention_officer": None if category == "street_shop" else f"防控员{eid}",
        "status": status,
    }


def report(eid, day, resumed, on_site=0, returned=0, in_q=0, masks=0, dis=0.0, checks="YYYY"):
    officer, disinfected, checkin, filed = (c == "Y" for c in checks)
    return {
        "enterprise_id": eid,
        "date": day,
        "resumed": resumed,
        "resumed_on": "2020-03-01" if resumed else None,
        "staff_on_site": on_site,
        "returned_from_outside": returned,
        "in_quarantine": in_q,
        "masks": masks,
        "disinfectant_l": dis,
        "officer_on_duty": officer,
        "disinfected": disinfected,
        "health_checkin": checkin,
        "filed_online": filed,
    }


# A1 above 槐林村, A2 above 南河村, B1 below 槐林村, B2 below 石门村,
# B3 below 龙泉村 (never reports), S1 street 东岗村, S2 street 新庄村,
# C1 above 王庄村 closed (left out although it reports).
def make_enterprises():
    return frame(
        "enterprises",
        [
            firm("A1", "槐林村", "above_size", 100),
            firm("A2", "南河村", "above_size", 50),
            firm("B1", "槐林村", "below_size", 20),
            firm("B2", "石门村", "below_size", 10),
            firm("B3", "龙泉村", "below_size", 8),
            firm("S1", "东岗村", "street_shop", 3),
            firm("S2", "新庄村", "street_shop", 2),
            firm("C1", "王庄村", "above_size", 40, status="closed"),
        ],
    )


@pytest.fixture
def enterprises():
    return make_enterprises()


# On 03-10:
#   A1 resumed, 80 on site, 10 returned, 2 in quarantine, 800 masks (5 days), all checks
#   A2 last report 03-08: resumed, 30 on site, 100 masks (1.67 days: short); no report today
#   B1 resumed (a later submission corrects "not resumed"), 15 on site, 200 masks, not disinfected
#   B2 resumed on 03-05 but reports not resumed on 03-10
#   S1 resumed, 3 on site, 10 masks (1.67 days: short), no health check-in, reports 1 in
#      quarantine; the officer check does not apply to a street shop
#   S2 not resumed on 03-09; its 03-11 report is after the day
def make_status():
    provenance = {"ingested_at": "datetime64[ns]"}
    rows = [
        report("A1", "2020-03-09", True, 60),
        report("A1", DAY, True, 80, 10, 2, 800, 20.0),
        report("A2", "2020-03-08", True, 30, 5, 1, 100, 5.0),
        report("B1", DAY, True, 15, 3, 0, 200, 2.5, checks="YNYY"),
        report("B1", DAY, False),
        report("B2", "2020-03-05", True, 9),
        report("B2", DAY, False),
        report("S1", DAY, True, 3, 0, 1, 10, 0.5, checks="NYNY"),
        report("S2", "2020-03-09", False),
        report("S2", "2020-03-11", True, 2),
        report("C1", DAY, True, 40),
    ]
    for row in rows:
        row["ingested_at"] = "2020-03-10 12:00"
    rows[3]["ingested_at"] = "2020-03-10 17:00"  # B1's correction, listed before the original
    return frame("enterprise_status", rows, provenance)


@pytest.fixture
def status():
    return make_status()


@pytest.fixture
def firms(enterprises, status, town):
    return firm_status(enterprises, status, town, DAY)


def test_firm_status(firms):
    f = firms.set_index("enterprise_id")
    assert sorted(f.index) == ["A1", "A2", "B1", "B2", "B3", "S1", "S2"]
    assert f["resumed"].to_dict() == {
        "A1": True,
        "A2": True,
        "B1": True,
        "B2": False,
        "B3": False,
        "S1": True,
        "S2": False,
    }
    assert f.loc["A2", "last_report"] == pd.Timestamp("2020-03-08")
    assert not f.loc["A2", "reported_today"]
    assert f["never_reported"].sum() == 1 and f.loc["B3", "never_reported"]
    assert f.loc["S2", "last_report"] == pd.Timestamp("2020-03-09")


def test_resumption_town_wide_against_targets(firms, town):
    table = reopening.resumption(firms, town, by="town").set_index("category")
    cols = ["firms", "resumed", "not_resumed", "never_reported"]
    assert table.loc["above_size", cols].tolist() == [2, 2, 0, 0]
    assert table.loc["below_size", cols].tolist() == [3, 1, 2, 1]
    assert table.loc["street_shop", cols].tolist() == [2, 1, 1, 0]
    assert table.loc[TOTAL, cols].tolist() == [7, 4, 3, 1]
    assert table["rate"].tolist()[:3] == [1.0, pytest.approx(1 / 3), 0.5]
    assert table.loc[TOTAL, "rate"] == pytest.approx(4 / 7)
    assert table["target"].tolist()[:3] == [1.0, 0.9, 0.8]
    assert table["met"].tolist()[:3] == [True, False, False]
    assert pd.isna(table.loc[TOTAL, "met"])


def test_resumption_by_zone_adds_up_to_the_town(firms, town):
    table = reopening.resumption(firms, town)
    zones = [z.name for z in town.zones]
    assert table["zone"].unique().tolist() == [*zones, TOTAL]
    row = table.set_index(["zone", "category"])
    assert row.loc[("第一战区", "below_size"), ["firms", "resumed"]].tolist() == [1, 1]
    assert row.loc[("第一战区", "below_size"), "met"]  # 1 of 1 >= 90%
    assert not row.loc[("第三战区", "below_size"), "met"]
    assert row.loc[("第四战区", "below_size"), "never_reported"] == 1
    assert pd.isna(row.loc[("第二战区", "below_size"), "rate"])  # no firm
    assert pd.isna(row.loc[("第二战区", "below_size"), "met"])
    for category in ["above_size", "below_size", "street_shop", TOTAL]:
        part = table[table["category"] == category]
        zone_rows, town_row = part[part["zone"] != TOTAL], part[part["zone"] == TOTAL]
        for c in ["firms", "resumed", "not_resumed", "never_reported"]:
            assert zone_rows[c].sum() == town_row[c].item()


def test_a_rate_exactly_at_the_target_meets_it(town):
    enterprises = frame(
        "enterprises", [firm(f"B{i}", "槐林村", "below_size", 1) for i in range(10)]
    )
    status = frame("enterprise_status", [report(f"B{i}", DAY, i < 9) for i in range(10)])
    table = reopening.resumption(firm_status(enterprises, status, town, DAY), town, by="town")
    below = table.set_index("category").loc["below_size"]
    assert below["rate"] == pytest.approx(0.9)
    assert below["met"]


def test_not_resumed_and_not_reported_lists(firms, town):
    listed = reopening.not_resumed(firms, town)
    assert listed["enterprise_id"].tolist() == ["B2", "B3", "S2"]
    assert listed["never_reported"].tolist() == [False, True, False]
    missing = reopening.not_reported_today(firms, town)
    assert missing["enterprise_id"].tolist() == ["A2", "B3", "S2"]
    assert missing["resumed"].tolist() == [True, False, False]
    assert pd.isna(missing["last_report"].iloc[1])


def test_staff_by_zone_and_category(firms, town):
    cols = ["firms", "staff_total", "staff_on_site", "returned_from_outside", "in_quarantine"]
    table = reopening.staff(firms, town).set_index("zone")
    assert table.loc["第一战区", cols].tolist() == [3, 123, 98, 13, 3]
    assert table.loc["第二战区", cols].tolist() == [1, 50, 30, 5, 1]
    assert table.loc["第四战区", cols].tolist() == [1, 8, 0, 0, 0]
    assert table.loc[TOTAL, cols].tolist() == [7, 193, 128, 18, 4]
    assert table.loc[TOTAL, "on_site_rate"] == pytest.approx(128 / 193)
    by_cat = reopening.staff(firms, town, by="category").set_index("category")
    assert by_cat.loc["above_size", cols].tolist() == [2, 150, 110, 15, 3]
    assert by_cat.loc["street_shop", cols].tolist() == [2, 5, 3, 0, 1]
    assert by_cat.loc[TOTAL, cols].tolist() == [7, 193, 128, 18, 4]
    villages = reopening.staff(firms, town, by="village")
    assert villages.iloc[-1]["staff_on_site"] == 128


def test_compliance_rates(firms, town):
    table = firm_checks.compliance(firms, town, by="town").set_index("check")
    assert table[["firms", "passing", "failing"]].values.tolist() == [
        [3, 2, 1],  # officer on duty: A1, A2, B1 (S1 exempt); A2 did not report
        [4, 2, 2],  # disinfected: B1 no, A2 no report
        [4, 2, 2],  # health check-in: S1 no, A2 no report
        [4, 3, 1],  # filed online: A2 no report
    ]
    assert table.loc["officer_on_duty", "rate"] == pytest.approx(2 / 3)
    by_zone = firm_checks.compliance(firms, town).set_index(["zone", "check"])
    assert by_zone.loc[("第一战区", "disinfected"), ["firms", "passing"]].tolist() == [3, 2]
    assert by_zone.loc[("第二战区", "filed_online"), "rate"] == 0.0
    assert pd.isna(by_zone.loc[("第三战区", "filed_online"), "rate"])


def town_rows(by_zone: pd.DataFrame) -> pd.DataFrame:
    """The town rows of the compliance table by zone: what the town-wide table must be."""
    total = by_zone[by_zone["zone"] == TOTAL]
    return total.drop(columns="zone").reset_index(drop=True)


def test_compliance_town_wide_equals_the_town_rows_by_zone(firms, town, enterprises, status):
    pd.testing.assert_frame_equal(
        firm_checks.compliance(firms, town, by="town"),
        town_rows(firm_checks.compliance(firms, town)),
    )
    for seed in range(4):
        registries, reports = random_firms(seed)
        for day in list(registries)[::4]:
            some = firm_status(registries[day], reports, town, day)
            pd.testing.assert_frame_equal(
                firm_checks.compliance(some, town, by="town"),
                town_rows(firm_checks.compliance(some, town)),
            )
    nobody = firm_status(enterprises.iloc[:0], status, town, DAY)
    pd.testing.assert_frame_equal(
        firm_checks.compliance(nobody, town, by="town"),
        town_rows(firm_checks.compliance(nobody, town)),
    )


def test_compliance_failures_list(firms, town):
    failures = firm_checks.compliance_failures(firms, town)
    assert failures[["check", "enterprise_id"]].values.tolist() == [
        ["officer_on_duty", "A2"],
        ["disinfected", "A2"],
        ["disinfected", "B1"],
        ["health_checkin", "A2"],
        ["health_checkin", "S1"],
        ["filed_online", "A2"],
    ]
    assert not failures.set_index(["check", "enterprise_id"]).loc[
        ("disinfected", "A2"), "reported_today"
    ]


def test_masks_and_disinfectant(firms, town):
    stock = firm_checks.mask_stock(firms, town).set_index("enterprise_id")
    assert sorted(stock.index) == ["A1", "A2", "B1", "S1"]
    assert stock.loc["A1", "mask_days"] == 5
    assert stock.loc["B1", "mask_days"] == pytest.approx(200 / 30)
    short = firm_checks.masks_short(firm_checks.mask_stock(firms, town))
    assert short["enterprise_id"].tolist() == ["A2", "S1"]
    zones = firm_checks.stock_by_zone(firm_checks.mask_stock(firms, town), town).set_index("zone")
    cols = ["firms", "short", "staff_on_site", "masks", "disinfectant_l"]
    assert zones.loc["第一战区", cols].tolist() == [3, 1, 98, 1010, 23.0]
    assert zones.loc[TOTAL, cols].tolist() == [4, 2, 128, 1110, 28.0]
    assert zones.loc[TOTAL, "mask_days"] == pytest.approx(1110 / 256)
    assert pd.isna(zones.loc["第三战区", "mask_days"])


def test_a_firm_with_nobody_on_site_is_not_short_of_masks(town):
    enterprises = frame("enterprises", [firm("A1", "槐林村", "above_size", 10)])
    status = frame("enterprise_status", [report("A1", DAY, True, 0, masks=0)])
    stock = firm_checks.mask_stock(firm_status(enterprises, status, town, DAY), town)
    assert pd.isna(stock["mask_days"].iloc[0])
    assert not stock["short"].iloc[0]


def person(pid, employer, reason="returning_worker", status="quarantined", start="2020-03-01"):
    return {
        "person_id": pid,
        "name": "某人",
        "sex": "male",
        "village": "槐林村",
        "reason": reason,
        "start_date": start,
        "end_date": "2020-03-15",
        "status": status,
        "police": "警",
        "doctor": "医",
        "town_staff": "镇",
        "village_cadre": "村",
        "employer": employer,
    }


# A1: 2 in the ledger (P5 released does not count), reported 2 -> match
# B1: 1 in the ledger, reported 0 -> mismatch (-1)
# S1: none in the ledger, reported 1 -> mismatch (+1)
# A2: 1 in the ledger, no report today -> not reported
# X9: an employer not in the registry, 1 in the ledger -> not reported
def make_ledger():
    return frame(
        "quarantine",
        [
            person("P1", "A1"),
            person("P2", "A1", start="2020-03-05"),
            person("P3", "B1"),
            person("P4", "A2"),
            person("P5", "A1", status="released"),
            person("P6", None, reason="close_contact"),
            person("P7", "X9"),
        ],
    )


@pytest.fixture
def ledger():
    return make_ledger()


def test_worker_crosscheck(firms, ledger, town):
    check = firm_checks.worker_crosscheck(firms, ledger, town, DAY)
    got = check[["enterprise_id", "reported", "in_ledger", "difference", "check"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["B1", 0, 1, -1, "mismatch"],
        ["S1", 1, 0, 1, "mismatch"],
        ["A2", None, 1, None, "not_reported"],
        ["X9", None, 1, None, "not_reported"],
        ["A1", 2, 2, 0, "match"],
    ]
    assert pd.isna(check.set_index("enterprise_id").loc["X9", "name"])


def test_headline(enterprises, status, ledger, town):
    inputs = reopening_data.ReopeningInputs(enterprises, status, ledger)
    head = reopening_figures.headline(inputs, town, DAY)
    json.dumps(head)
    f, a = head["figures"], head["alerts"]
    assert (f["firms"], f["resumed"], f["rate"]) == (7, 4, pytest.approx(4 / 7))
    assert (f["above_size_met"], f["below_size_met"], f["street_shop_met"]) == (True, False, False)
    assert f["below_size_rate"] == pytest.approx(1 / 3)
    assert (f["never_reported"], f["not_reported_today"]) == (1, 3)
    assert (f["staff_total"], f["staff_on_site"], f["in_quarantine"]) == (193, 128, 4)
    assert (f["worker_mismatches"], f["workers_not_reported"]) == (2, 2)
    assert f["officer_on_duty_rate"] == pytest.approx(2 / 3)
    assert f["firms_failing_compliance"] == 3
    assert (f["masks"], f["masks_short"], f["disinfectant_l"]) == (1110, 2, 28.0)
    assert a == {
        "categories_below_target": 2,
        "firms_not_resumed": 3,
        "not_reported_today": 3,
        "compliance_failures": 6,
        "masks_short": 2,
        "worker_mismatches": 2,
    }


def test_resumption_trend(enterprises, status, ledger, town):
    # 03-09: A1 and A2 resumed; B1 and S1 have not reported yet; B2 resumed on 03-05.
    inputs = reopening_data.ReopeningInputs(enterprises, status, ledger)
    trend = reopening_trend.trend(inputs, town, DAY, days=2)
    wide = trend.pivot(index="day", columns="category", values="resumed")
    assert wide.loc[pd.Timestamp("2020-03-09")].to_dict() == {
        "above_size": 2,
        "below_size": 1,
        "street_shop": 0,
        TOTAL: 3,
    }
    assert wide.loc[pd.Timestamp(DAY)].to_dict() == {
        "above_size": 2,
        "below_size": 1,
        "street_shop": 1,
        TOTAL: 4,
    }
    assert trend["target"].dropna().unique().tolist() == [1.0, 0.9, 0.8]

    def registry(day):  # S2 registered on 03-10
        return (
            enterprises
            if day >= pd.Timestamp(DAY)
            else enterprises[enterprises.enterprise_id != "S2"]
        )

    trend = reopening_trend.resumption_trend(registry, status, town, "2020-03-09", DAY)
    firms = trend[trend["category"] == "street_shop"]["firms"].tolist()
    assert firms == [1, 2]


# ------------------------------ the trend at once, against the day-by-day reference


def resumption_by_day(enterprises, status, town, start, end) -> pd.DataFrame:
    """The reference: the resumption trend as it was computed, one day at a time."""
    parts = []
    for day in days_between(start, end):
        registry = enterprises(day) if callable(enterprises) else enterprises
        table = reopening.resumption(firm_status(registry, status, town, day), town, by="town")
        table.insert(0, "day", day)
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


def random_firms(seed: int):
    """Registries of each day and daily reports over 14 days ending on D.

    Firms join, close and reopen, some of a category the targets do not know
    or none; reports come in several submissions of one day, some without an
    answer or a date, some before the window and some after D.
    """
    rng = np.random.default_rng(seed)
    days = days_between(pd.Timestamp(DAY) - pd.Timedelta(days=13), DAY)
    categories = ["above_size", "below_size", "street_shop", "street_shop", "other", None]

    def pick(options):
        return options[int(rng.integers(0, len(options)))]

    kinds = {f"F{n}": pick(categories) for n in range(45)}  # F35-F44 never report
    registries = {}
    for i, day in enumerate(days):
        rows = [
            firm(eid, "槐林村", kind, 10, status=pick([None, None, "open", "closed"]))
            for eid, kind in kinds.items()
            if rng.random() < 0.5 + i / 40
        ]
        registries[day] = frame("enterprises", rows)
    reports = []
    for _ in range(250):
        day = days[0] + pd.Timedelta(days=int(rng.integers(-10, 16)))
        eid = pick([f"F{n}" for n in (*range(35), *range(45, 50))])  # F45-: unregistered
        checks = "".join(pick("YYYN") for _ in range(4))
        row = report(eid, day, pick([True, False, NA]), checks=checks)
        row["date"] = None if rng.random() < 0.02 else day
        row["ingested_at"] = day + pd.Timedelta(minutes=int(rng.integers(0, 3000)))
        reports.append(row)
    return registries, frame("enterprise_status", reports, {"ingested_at": "datetime64[ns]"})


@pytest.mark.parametrize("seed", range(6))
def test_resumption_trend_at_once_equals_resumption_by_day(seed, town):
    registries, status = random_firms(seed)
    start, end = min(registries), max(registries)
    expected = resumption_by_day(registries.__getitem__, status, town, start, end)
    assert expected["resumed"].sum() > 0 and expected["never_reported"].sum() > 0
    assert expected["met"].eq(False).any() and expected["met"].isna().any()
    out = reopening_trend.resumption_trend(registries.__getitem__, status, town, start, end)
    pd.testing.assert_frame_equal(out, expected)
    one = registries[end]
    out = reopening_trend.resumption_trend(one, status, town, start, end)
    pd.testing.assert_frame_equal(out, resumption_by_day(one, status, town, start, end))


def test_resumption_trend_at_once_on_the_hand_made_frames(enterprises, status, town):
    for start in ("2020-03-09", "2020-02-20"):
        pd.testing.assert_frame_equal(
            reopening_trend.resumption_trend(enterprises, status, town, start, "2020-03-12"),
            resumption_by_day(enterprises, status, town, start, "2020-03-12"),
        )


def test_resumption_trend_of_days_without_data(town):
    enterprises, status = frame("enterprises", []), frame("enterprise_status", [])
    out = reopening_trend.resumption_trend(enterprises, status, town, "2020-03-09", DAY)
    expected = resumption_by_day(enterprises, status, town, "2020-03-09", DAY)
    pd.testing.assert_frame_equal(out, expected)
    assert out["firms"].sum() == 0 and out["met"].isna().all()


# ------------------------------------------------------- reading from the store


def save(store, table, rows, *, day, at):
    """Store ``rows`` (a typed frame) as one file submitted on ``day`` at ``at``."""
    frame = rows.reset_index(drop=True).copy()
    village = frame["village"] if "village" in frame.columns else None
    villages = sorted(set(village.dropna())) if village is not None else ["槐林村"]
    frame["src_row"] = pd.array(range(2, len(frame) + 2), dtype="Int64")
    frame["src_village"] = village if village is not None else villages[0]
    sha = hashlib.sha256(f"{table}|{at}|{frame.to_csv()}".encode()).hexdigest()
    file, at = f"{table}-{at}.xlsx", pd.Timestamp(at)
    store.record_file(
        sha256=sha,
        file=file,
        table=table,
        submitted_on=day,
        villages=villages,
        rows_in=len(frame),
        accepted=len(frame),
        rejected=0,
        warnings=0,
        ingested_at=at,
    )
    columns = [*TABLES[table].columns, "src_row", "src_village"]
    store.append(
        table, frame[columns], sha256=sha, file=file, sheet="Sheet1", submitted_on=day,
        ingested_at=at,
    )  # fmt: skip


def fill_store(store):
    """Put the fixtures into a real store: each report submitted on its own date,
    S2 registered on 03-10, B1's correction in a second file of the day."""
    enterprises, status = make_enterprises(), make_status()
    is_s2 = enterprises["enterprise_id"] == "S2"
    save(store, "enterprises", enterprises[~is_s2], day="2020-03-01", at="2020-03-01 09:00")
    save(store, "enterprises", enterprises[is_s2], day=DAY, at="2020-03-10 09:00")
    plain = status.drop(columns="ingested_at")
    correction = plain.index == 3
    for day, part in plain[~correction].groupby("date"):
        save(store, "enterprise_status", part, day=day, at=day + pd.Timedelta(hours=12))
    save(store, "enterprise_status", plain[correction], day=DAY, at="2020-03-10 17:00")
    save(store, "quarantine", make_ledger(), day=DAY, at="2020-03-10 10:00")
    return store


def test_load_inputs_gives_the_same_report_as_the_frames(
    tmp_path, enterprises, status, ledger, town
):
    """The store's reads must give the figures worked out by hand from the
    frames (test_headline)."""
    store = fill_store(Store(f"sqlite:///{tmp_path / 'store.db'}"))
    try:
        inputs = reopening_data.load_inputs(store, town, DAY)
        expected = reopening_data.ReopeningInputs(enterprises, status, ledger)
        assert reopening_figures.headline(inputs, town, DAY) == reopening_figures.headline(
            expected, town, DAY
        )
        trend = reopening_trend.trend(inputs, town, DAY, days=2)
        street = trend[trend["category"] == "street_shop"]
        assert street["firms"].tolist() == [1, 2]  # S2 registered on 03-10
        assert street["resumed"].tolist() == [0, 1]
    finally:
        store.close()


def test_charts_draw_a_line_per_category_and_target_and_a_bar_per_zone_and_check(
    enterprises, status, ledger, firms, town
):
    from fangkong.reports.reopening.charts import compliance_chart, resumption_trend_chart

    inputs = reopening_data.ReopeningInputs(enterprises, status, ledger)
    trend = reopening_trend.trend(inputs, town, DAY, 3)
    names = {"above_size": "规上", "below_size": "规下", "street_shop": "门店"}
    ax = resumption_trend_chart(trend, names, "目标", "复工率").axes[0]
    assert len(ax.lines) == 6  # three rates, three dashed targets
    rates = [line.get_ydata()[-1] for line in ax.lines[:6:2]]
    assert rates == pytest.approx([100, 100 / 3, 50])
    assert ax.lines[1].get_ydata()[0] == 100  # the above-size target at 100 %
    checks = {c: c for c in firm_checks.CHECKS}
    ax = compliance_chart(firm_checks.compliance(firms, town), checks, {}, "落实率").axes[0]
    assert len(ax.patches) == 4 * (len(town.zones) + 1)  # zones and the town
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == TOTAL
