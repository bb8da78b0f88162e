"""Typed rows of the input tables, stored as ingest stores them, for the store tests.

Every frame here is written by hand with a few rows; expected answers are worked
out from those rows, not read back from the code.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
from fangkong.schemas import DTYPES, TABLES

D1, D2, D3 = dt.date(2020, 2, 10), dt.date(2020, 2, 11), dt.date(2020, 2, 12)

A, B = "槐林村", "东岗村"


def typed(table: str, rows: list[dict]) -> pd.DataFrame:
    """A frame with every schema column of ``table`` in its normalised dtype."""
    t = TABLES[table]
    frame = pd.DataFrame(rows, columns=t.columns, dtype=object)
    for c in t.columns:
        dtype = DTYPES[t.meta(c)["kind"]]
        if dtype == "datetime64[ns]":
            frame[c] = pd.to_datetime(frame[c], format="ISO8601").astype(dtype)
        else:
            frame[c] = frame[c].astype(dtype)
    return frame


def save(store, table, rows, *, day, at, villages, name=None, rejected=0, issues=None):
    """Store one file of ``rows`` as ingest does, in one transaction; returns its
    sha256. Rows without a village column are dealt to ``villages`` in turn."""
    name = name or f"{table}-{'-'.join(villages)}-{at}.xlsx"
    sha = hashlib.sha256(f"{name}|{at}|{rows}".encode()).hexdigest()
    frame = typed(table, rows)
    frame["src_row"] = pd.array(range(2, len(rows) + 2), dtype="Int64")
    frame["src_village"] = [
        r.get("village", villages[i % len(villages)]) for i, r in enumerate(rows)
    ]
    warnings = 0 if issues is None else int((issues["severity"] == "warning").sum())
    with store.transaction():
        store.record_file(
            sha256=sha,
            file=name,
            table=table,
            submitted_on=day,
            villages=villages,
            rows_in=len(rows) + rejected,
            accepted=len(rows),
            rejected=rejected,
            warnings=warnings,
            ingested_at=at,
        )
        store.append(
            table,
            frame,
            sha256=sha,
            file=name,
            sheet="Sheet1",
            submitted_on=day,
            ingested_at=at,
        )
        if issues is not None:
            store.record_issues(issues.assign(sha256=sha, file=name, table=table, submitted_on=day))
    return sha


def ids(frame: pd.DataFrame, column: str) -> list:
    return sorted(frame[column].tolist())


# --- round trip ----------------------------------------------------------------


STATUS_ROWS = [
    {
        "enterprise_id": "91410182MA00000001",
        "date": "2020-02-10",
        "resumed": True,
        "resumed_on": "2020-02-08",
        "staff_on_site": 120,
        "returned_from_outside": 7,
        "in_quarantine": 2,
        "masks": 3000,
        "disinfectant_l": 12.5,
        "officer_on_duty": True,
        "disinfected": False,
        "health_checkin": True,
        "filed_online": True,
    },
    {
        "enterprise_id": "91410182MA00000002",
        "date": "2020-02-10",
        "resumed": False,
        "resumed_on": None,
        "staff_on_site": 0,
        "returned_from_outside": 0,
        "in_quarantine": 0,
        "masks": 0,
        "disinfectant_l": 0.25,
        "officer_on_duty": False,
        "disinfected": None,
        "health_checkin": False,
        "filed_online": False,
    },
]

CHECK_ROWS = [
    {
        "person_id": "410182199003070011",
        "checked_at": "2020-02-10 08:15:30.250000",
        "temperature_c": 36.6,
        "symptoms": "none",
        "checked_by": "医生乙",
    },
    {
        "person_id": "410182199003070022",
        "checked_at": "2020-02-10 15:00",
        "temperature_c": 37.8,
        "symptoms": "fever;cough",
        "checked_by": "医生乙",
    },
    {
        "person_id": "410182199003070033",
        "checked_at": "2020-02-10 16:00",
        "temperature_c": 36.9,
        "symptoms": None,
        "checked_by": "医生 丙",
    },
]
