"""Shared helpers of the welfare and reopening computations.

Schema-checked column names, the war zone of each village, group-by-zone and
group-by-village tables whose total row is the sum of their rows (so war-zone
totals always equal the town total), rates that stay empty on an empty group,
and the latest submission of each keyed row.
"""

from __future__ import annotations

import numbers
from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd

from fangkong.schemas import TABLES
from fangkong.town import Town

#: Code of the total row in every breakdown (labelled by the display layer).
TOTAL = "total"
#: Zone code of a village that the town file does not know (kept so totals add up).
UNASSIGNED = "unassigned"

#: Registry status code of a household or firm that has left the registry.
CLOSED = "closed"

ZONE = "zone"
VILLAGE = "village"

#: Provenance columns that order several submissions of the same row, oldest first.
_SUBMISSION_ORDER = ("submitted_on", "ingested_at", "src_row")


def columns(table: str) -> SimpleNamespace:
    """Column names of a table as attributes, so a misspelt column fails loudly.

    Parameters
    ----------
    table : str
        A table name in :data:`fangkong.schemas.TABLES`.

    Returns
    -------
    types.SimpleNamespace
        ``columns("households").cadre == "cadre"``; an unknown name raises
        ``AttributeError``.
    """
    return SimpleNamespace(**{c: c for c in TABLES[table].columns})


#: One day, the step between report dates.
ONE_DAY = pd.Timedelta(days=1)
#: The day column of a frame with one row per day (a trend).
DAY = "day"


def as_day(day: date | str | pd.Timestamp) -> pd.Timestamp:
    """A report date as a midnight :class:`pandas.Timestamp`.

    Parameters
    ----------
    day : date, str or Timestamp

    Returns
    -------
    pandas.Timestamp
    """
    return pd.Timestamp(day).normalize()


def cutoff_at(town: Town, day) -> pd.Timestamp:
    """The day's data cut-off: ``town.policy.cutoff`` on ``day``, local time.

    Parameters
    ----------
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    pandas.Timestamp
    """
    hours, minutes = (int(p) for p in town.policy.cutoff.split(":"))
    return as_day(day) + pd.Timedelta(hours=hours, minutes=minutes)


def days_between(start, end) -> list[pd.Timestamp]:
    """Every day from ``start`` to ``end`` inclusive.

    Parameters
    ----------
    start, end : date, str or Timestamp

    Returns
    -------
    list of pandas.Timestamp
    """
    return list(pd.date_range(as_day(start), as_day(end), freq="D"))


def zone_order(town: Town, extra=()) -> list[str]:
    """The town's zones in file order, then :data:`UNASSIGNED` if ``extra`` has it."""
    zones = [z.name for z in town.zones]
    return zones + ([UNASSIGNED] if UNASSIGNED in set(extra) else [])


def with_zone(frame: pd.DataFrame, town: Town, village: str = VILLAGE) -> pd.DataFrame:
    """Add a ``zone`` column from each row's village.

    Parameters
    ----------
    frame : DataFrame
        Has a village column.
    town : Town
    village : str
        Name of the village column.

    Returns
    -------
    DataFrame
        A copy with ``zone``; a village unknown to the town file gets
        :data:`UNASSIGNED` rather than being dropped.
    """
    out = frame.copy()
    out[ZONE] = out[village].map(town.zone_of).fillna(UNASSIGNED).astype("str")
    return out


def rate(numerator, denominator) -> pd.Series:
    """``numerator / denominator`` as Float64, empty where the denominator is 0.

    Parameters
    ----------
    numerator, denominator : Series or scalar

    Returns
    -------
    pandas.Series (Float64)
    """
    num = pd.Series(numerator, dtype="Float64")
    den = pd.Series(denominator, dtype="Float64")
    out = num / den.where(den != 0)
    return out.astype("Float64")


def by_zone(frame: pd.DataFrame, town: Town, sums: list[str]) -> pd.DataFrame:
    """Sum columns by war zone, every zone listed, and a total row.

    Parameters
    ----------
    frame : DataFrame
        Has ``zone`` (see :func:`with_zone`) and the columns in ``sums``.
    town : Town
    sums : list of str
        Numeric or boolean columns to add up.

    Returns
    -------
    DataFrame
        ``zone`` and ``sums`` (Int64, or Float64 for float columns); zones with
        no rows are zeros; the last row has ``zone == TOTAL`` and is the sum of
        the rows above.
    """
    order = zone_order(town, frame[ZONE].unique())
    grouped = _summed(frame, [ZONE], sums).reindex(order, fill_value=0)
    return _with_total(grouped.rename_axis(ZONE).reset_index(), [ZONE], sums, frame)


def by_village(frame: pd.DataFrame, town: Town, sums: list[str]) -> pd.DataFrame:
    """Sum columns by village, every village of the town listed, and a total row.

    Parameters
    ----------
    frame : DataFrame
        Has ``village``, ``zone`` and the columns in ``sums``.
    town : Town
    sums : list of str

    Returns
    -------
    DataFrame
        ``zone``, ``village`` and ``sums``, villages in town-file order (unknown
        villages after them, in zone :data:`UNASSIGNED`); the last row has
        ``zone == village == TOTAL``.
    """
    known = set(town.village_names)
    extra = sorted(v for v in frame[VILLAGE].dropna().unique() if v not in known)
    index = pd.MultiIndex.from_tuples(
        [(v.zone, v.name) for v in town.villages] + [(UNASSIGNED, v) for v in extra],
        names=[ZONE, VILLAGE],
    )
    grouped = _summed(frame, [ZONE, VILLAGE], sums).reindex(index, fill_value=0)
    return _with_total(grouped.reset_index(), [ZONE, VILLAGE], sums, frame)


def _summed(frame: pd.DataFrame, keys: list[str], sums: list[str]) -> pd.DataFrame:
    numeric = frame[keys].copy()
    for c in sums:
        numeric[c] = frame[c].astype("Float64" if _is_float(frame[c]) else "Int64")
    return numeric.groupby(keys, sort=False)[sums].sum()


def _is_float(series: pd.Series) -> bool:
    return pd.api.types.is_float_dtype(series.dtype)


def _with_total(out, keys, sums, source) -> pd.DataFrame:
    total = {k: TOTAL for k in keys} | {c: out[c].sum() for c in sums}
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    for k in keys:
        out[k] = out[k].astype("str")
    for c in sums:
        out[c] = out[c].astype("Float64" if _is_float(source[c]) else "Int64")
    return out


def latest_by_key(frame: pd.DataFrame, key: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Keep the latest submission of each key (a later submission updates a row).

    Parameters
    ----------
    frame : DataFrame
        Rows of a keyed table, possibly several versions per key, with the
        store's provenance columns when it came from the store.
    key : sequence of str
        The key columns (``TABLES[name].key``).

    Returns
    -------
    DataFrame
        One row per key. Versions are ordered by ``submitted_on``,
        ``ingested_at`` and ``src_row`` where present, else by position: the
        last one wins.
    """
    if frame.empty:
        return frame.copy()
    order = [c for c in _SUBMISSION_ORDER if c in frame.columns]
    ordered = frame.assign(_pos=range(len(frame))).sort_values(
        [*order, "_pos"], kind="stable", na_position="first"
    )
    return (
        ordered.drop_duplicates(list(key), keep="last")
        .sort_values("_pos")
        .drop(columns="_pos")
        .reset_index(drop=True)
    )


def active(registry: pd.DataFrame) -> pd.DataFrame:
    """Registry rows that are not closed (``status`` other than ``closed``).

    Parameters
    ----------
    registry : DataFrame
        Households or enterprises as of a day.

    Returns
    -------
    DataFrame
    """
    status = columns("households").status
    if status not in registry.columns:
        return registry.copy()
    return registry[registry[status].ne(CLOSED).fillna(True).astype(bool)].copy()


def yes(series: pd.Series) -> pd.Series:
    """A yes/no column as plain bool, an empty cell counting as no."""
    return series.astype("boolean").fillna(False).astype(bool)


def json_share(value):
    """A share as the sidecar keeps it: a float to 4 decimals (90.82%), or None when empty."""
    return None if value is None or pd.isna(value) else round(float(value), 4)


def json_number(value):
    """A figure as a plain int, float or bool, or None when empty (for JSON).

    Parameters
    ----------
    value : scalar
        A count, rate or flag, possibly a numpy or pandas scalar or ``pd.NA``.

    Returns
    -------
    int, float, bool or None
    """
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)
