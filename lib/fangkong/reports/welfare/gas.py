"""Gas-cylinder requests for the welfare report: the day's flow and the queue.

Decisions (the report states them):

- The report for day D covers the 24 hours that end at the day's cut-off
  (``town.policy.cutoff`` on D): "received today" and "delivered today" fall in
  (cut-off of D-1, cut-off of D]. Nothing falls between two reports.
- A request is pending at the cut-off when it was reported by then and not
  delivered by then (a delivery recorded later still counts as pending on D,
  so re-running a past day gives the same answer).
- The queue is in delivery order: urgency (urgent, soon, normal), then report
  time, then request id so that ties have a fixed order.
- A request is overdue when pending for longer than ``gas_overdue_hours``.
- The median hours to delivery is over the requests delivered that day.
- A later submission of the same ``request_id`` replaces the earlier one.
"""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import ENUMS
from fangkong.reports.breakdown import (
    VILLAGE,
    ZONE,
    by_village,
    by_zone,
    columns,
    cutoff_at,
    latest_by_key,
    with_zone,
)
from fangkong.schemas import TABLES
from fangkong.town import Town

GAS_REQUEST = columns("gas_requests")

# Output columns.
POSITION = "position"
RECEIVED = "received"
DELIVERED = "delivered"
PENDING = "pending"
OVERDUE = "overdue"
CYLINDERS_PENDING = "cylinders_pending"
HOURS_WAITING = "hours_waiting"
HOURS_TO_DELIVERY = "hours_to_delivery"
MEDIAN_HOURS = "median_hours_to_delivery"

_COUNTS = [RECEIVED, DELIVERED, PENDING, OVERDUE, CYLINDERS_PENDING]
_HOUR = pd.Timedelta(hours=1)


def latest_requests(requests: pd.DataFrame) -> pd.DataFrame:
    """One row per ``request_id``: its latest submission.

    Parameters
    ----------
    requests : DataFrame
        Gas request rows, possibly several submissions of one request.

    Returns
    -------
    DataFrame
    """
    return latest_by_key(requests, TABLES["gas_requests"].key)


def gas_status(requests: pd.DataFrame, town: Town, day) -> pd.DataFrame:
    """Every request known at the day's cut-off, with its state then.

    Parameters
    ----------
    requests : DataFrame
        Gas requests (all days up to the cut-off; earlier pending ones matter).
    town : Town
        Gives the cut-off, ``gas_overdue_hours`` and war zones.
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        The request columns plus ``zone`` and the bool columns ``received``
        (reported in the day's window), ``delivered`` (delivered in the
        window), ``pending`` (not delivered at the cut-off) and ``overdue``;
        ``hours_waiting`` (Float64, pending requests) and
        ``hours_to_delivery`` (Float64, delivered by the cut-off).
    """
    end = cutoff_at(town, day)
    start = end - pd.Timedelta(days=1)
    latest = latest_requests(requests)
    out = with_zone(latest[latest[GAS_REQUEST.reported_at] <= end], town, GAS_REQUEST.village)
    done = out[GAS_REQUEST.delivered_at].notna() & (out[GAS_REQUEST.delivered_at] <= end)
    out[RECEIVED] = (out[GAS_REQUEST.reported_at] > start).astype(bool)
    out[DELIVERED] = (done & (out[GAS_REQUEST.delivered_at] > start)).astype(bool)
    out[PENDING] = (~done).astype(bool)
    waiting = ((end - out[GAS_REQUEST.reported_at]) / _HOUR).astype("Float64")
    out[HOURS_WAITING] = waiting.where(out[PENDING])
    out[HOURS_TO_DELIVERY] = (
        ((out[GAS_REQUEST.delivered_at] - out[GAS_REQUEST.reported_at]) / _HOUR)
        .astype("Float64")
        .where(done)
    )
    out[OVERDUE] = (out[PENDING] & waiting.gt(town.policy.gas_overdue_hours)).astype(bool)
    return out.reset_index(drop=True)


def gas_queue(status: pd.DataFrame) -> pd.DataFrame:
    """The pending requests in delivery order.

    Parameters
    ----------
    status : DataFrame
        The output of :func:`gas_status`.

    Returns
    -------
    DataFrame
        ``position`` (1 = deliver first), then the request columns, ``zone``,
        ``hours_waiting`` and ``overdue``. Ordered by urgency, report time,
        request id.
    """
    rank = {code: i for i, code in enumerate(ENUMS["urgency"])}
    pending = status[status[PENDING]].assign(_rank=lambda f: f[GAS_REQUEST.urgency].map(rank))
    pending = pending.sort_values(
        ["_rank", GAS_REQUEST.reported_at, GAS_REQUEST.request_id], kind="stable"
    )
    pending.insert(0, POSITION, pd.array(range(1, len(pending) + 1), dtype="Int64"))
    keep = [
        POSITION,
        GAS_REQUEST.request_id,
        GAS_REQUEST.urgency,
        GAS_REQUEST.reported_at,
        ZONE,
        GAS_REQUEST.village,
        GAS_REQUEST.household_id,
        GAS_REQUEST.contact_name,
        GAS_REQUEST.phone,
        GAS_REQUEST.cylinders,
        HOURS_WAITING,
        OVERDUE,
    ]
    return pending[keep].reset_index(drop=True)


def overdue_requests(status: pd.DataFrame) -> pd.DataFrame:
    """The overdue part of :func:`gas_queue`, in delivery order.

    Parameters
    ----------
    status : DataFrame
        The output of :func:`gas_status`.

    Returns
    -------
    DataFrame
    """
    queue = gas_queue(status)
    return queue[queue[OVERDUE]].reset_index(drop=True)


def delivered_today(status: pd.DataFrame) -> pd.DataFrame:
    """Requests delivered in the day's window, with hours to delivery.

    Parameters
    ----------
    status : DataFrame
        The output of :func:`gas_status`.

    Returns
    -------
    DataFrame
        Ordered by delivery time.
    """
    keep = [
        GAS_REQUEST.request_id,
        GAS_REQUEST.urgency,
        ZONE,
        GAS_REQUEST.village,
        GAS_REQUEST.contact_name,
        GAS_REQUEST.cylinders,
        GAS_REQUEST.reported_at,
        GAS_REQUEST.delivered_at,
        HOURS_TO_DELIVERY,
    ]
    out = status[status[DELIVERED]].sort_values(
        [GAS_REQUEST.delivered_at, GAS_REQUEST.request_id], kind="stable"
    )
    return out[keep].reset_index(drop=True)


def received_today(status: pd.DataFrame) -> pd.DataFrame:
    """Requests reported in the day's window, by report time.

    Parameters
    ----------
    status : DataFrame
        The output of :func:`gas_status`.

    Returns
    -------
    DataFrame
    """
    keep = [
        GAS_REQUEST.request_id,
        GAS_REQUEST.urgency,
        ZONE,
        GAS_REQUEST.village,
        GAS_REQUEST.contact_name,
        GAS_REQUEST.cylinders,
        GAS_REQUEST.reported_at,
        GAS_REQUEST.delivered_at,
        PENDING,
    ]
    out = status[status[RECEIVED]].sort_values(
        [GAS_REQUEST.reported_at, GAS_REQUEST.request_id], kind="stable"
    )
    return out[keep].reset_index(drop=True)


def median_hours_to_delivery(status: pd.DataFrame) -> float | None:
    """Median hours from report to delivery of the requests delivered that day.

    Parameters
    ----------
    status : DataFrame
        The output of :func:`gas_status`.

    Returns
    -------
    float or None
        None when nothing was delivered that day.
    """
    hours = status.loc[status[DELIVERED], HOURS_TO_DELIVERY].dropna()
    return float(hours.median()) if len(hours) else None


def gas_breakdown(status: pd.DataFrame, town: Town, by: str = ZONE) -> pd.DataFrame:
    """The day's gas figures by war zone or village, with a total row.

    Parameters
    ----------
    status : DataFrame
        The output of :func:`gas_status`.
    town : Town
    by : {"zone", "village"}

    Returns
    -------
    DataFrame
        ``zone`` (and ``village``), ``received``, ``delivered``, ``pending``,
        ``overdue`` and ``cylinders_pending`` (Int64); the total row is the sum.
    """
    flagged = status.copy()
    flagged[CYLINDERS_PENDING] = (
        flagged[GAS_REQUEST.cylinders].astype("Int64").where(flagged[PENDING], 0)
    )
    if by == ZONE:
        return by_zone(flagged, town, _COUNTS)
    if by == VILLAGE:
        return by_village(flagged, town, _COUNTS)
    raise ValueError(f"by must be 'zone' or 'village', not {by!r}")


def gas_summary(status: pd.DataFrame) -> dict:
    """The day's gas headline figures.

    Parameters
    ----------
    status : DataFrame
        The output of :func:`gas_status`.

    Returns
    -------
    dict
        ``received``, ``delivered``, ``pending``, ``overdue``,
        ``cylinders_pending`` (int) and ``median_hours_to_delivery``
        (float or None).
    """
    out = {c: int(status[c].sum()) for c in (RECEIVED, DELIVERED, PENDING, OVERDUE)}
    out[CYLINDERS_PENDING] = int(status.loc[status[PENDING], GAS_REQUEST.cylinders].sum())
    out[MEDIAN_HOURS] = median_hours_to_delivery(status)
    return out
