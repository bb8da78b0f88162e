"""Typed frames of the input tables, and storing one as a submitted file, for the
welfare and reopening tests (tests/welfare_rows.py, tests/reopening_rows.py).
"""

from __future__ import annotations

import hashlib

import pandas as pd
from fangkong.schemas import DTYPES, TABLES


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


# ------------------------------------------------------- reading from the store


def save(store, table, rows, *, day, at, villages=None):
    """Store ``rows`` (a typed frame) as one file submitted on ``day`` at ``at``, by
    ``villages`` (default: those of its rows, else 槐林村)."""
    frame = rows.reset_index(drop=True).copy()
    village = frame["village"] if "village" in frame.columns else None
    if villages is None:
        villages = sorted(set(village.dropna())) if village is not None else []
    villages = villages or ["槐林村"]
    frame["src_row"] = pd.array(range(2, len(frame) + 2), dtype="Int64")
    frame["src_village"] = village.fillna(villages[0]) if village is not None else villages[0]
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
