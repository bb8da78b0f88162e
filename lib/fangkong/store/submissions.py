"""Which village still owes which daily table.

Every village owes every daily table (``TABLES[t].daily``) every day; a file
counts for each village it was recorded as a submission from (the store's
``file_villages``), even when it holds no rows. The one exception is
``checkpoint_duty``: it is owed by the villages that have a checkpoint in the
registry on that day (a village without one has no duty to report). Registries
and alert feedback are not owed daily.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from fangkong.schemas import TABLES
from fangkong.store.database import Store
from fangkong.town import Town

MISSING_COLUMNS = ["village", "zone", "table", "table_zh"]


def missing_submissions(
    store: Store, town: Town, day, *, by: datetime | None = None
) -> pd.DataFrame:
    """The (village, daily table) pairs with no file submitted on ``day``.

    Parameters
    ----------
    store : Store
    town : Town
        Its villages, in the town file's order, are the ones owing tables.
    day : date-like
        The submission date.
    by : datetime, optional
        A cut-off: files ingested after it do not count (default: all files
        with submitted_on == day).

    Returns
    -------
    DataFrame
        Columns village, zone, table, table_zh (all ``str``), in town village
        order, then in :data:`fangkong.schemas.TABLES` order.
    """
    submitted = store.submissions(day)
    if by is not None:
        submitted = submitted[submitted["ingested_at"] <= pd.Timestamp(by)]
    done = set(zip(submitted["village"], submitted["table"]))
    daily = [t for t in TABLES.values() if t.daily]
    owing = owed_only_by(store, day)
    rows = [
        (v.name, v.zone, t.name, t.zh)
        for v in town.villages
        for t in daily
        if (v.name, t.name) not in done and v.name in owing.get(t.name, (v.name,))
    ]
    return pd.DataFrame(rows, columns=MISSING_COLUMNS).astype("str")


def owed_only_by(store: Store, day) -> dict[str, set[str]]:
    """Daily tables owed by some villages only: table -> the villages that owe it on ``day``.

    Parameters
    ----------
    store : Store
    day : date-like

    Returns
    -------
    dict
        ``{"checkpoint_duty": villages with a registered checkpoint on day}``.
    """
    checkpoints = store.registry("checkpoints", day)
    return {"checkpoint_duty": set(checkpoints["village"].dropna())}
