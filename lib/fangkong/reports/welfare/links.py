"""Needs found on visits linked to what was done for them: purchases and gas deliveries.

A visit that finds a household short of supplies or gas is followed, elsewhere in the
data, by a volunteer buying for the household (``volunteer_services`` rows of service
``purchase`` naming it) or by a gas request registered for it (``gas_requests`` naming
it). This module matches them, so that the report can say of each open need what has
been done, and count the needs nobody has acted on.

Decisions (the report states them):

- Purchases (物资代购) answer the open needs of type ``supplies`` (生活物资) and
  ``medicine`` (药品): volunteers buy groceries and medicines alike for households who
  will not go out, and no other service delivers medicines. ``medical`` (就医) is a
  trip, not a purchase. A household counts once, however many of the two it has open.
- A household is served when a purchase naming it is dated on or after the day its
  oldest open supplies or medicine need was found (a purchase on the day of the visit
  counts), up to the report day. A purchase stays a purchase whether or not a later
  visit records the need resolved; the need itself closes only by a visit.
- A purchase of the day is *for a need* when its household has such a need open at
  the cut-off or resolved by a visit of that day; otherwise (no such need, or a
  household no longer in the registry) it is counted apart, not judged.
- A gas request answers an open gas need of its household unless it was delivered
  before the day the need was found: a request still pending when the visit found the
  need counts, as does any reported since. A need is *queued* when one of its
  requests is pending at the cut-off (its place is the first of them in the delivery
  order), else *delivered* when one was delivered by the cut-off (the latest), else
  *unregistered*.
- An unregistered gas need is *late* when the need has certainly been known for longer
  than ``gas_overdue_hours``: counted from the end of the day of the visit (visits
  carry no time), to the cut-off.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import ONE_DAY, as_day, columns, cutoff_at, yes
from fangkong.reports.welfare import gas
from fangkong.reports.welfare.households import FOUND_ON, NEED, VISIT, open_needs
from fangkong.schemas import SET_SEPARATOR
from fangkong.town import Town

SERVICE = columns("volunteer_services")
GAS_REQUEST = columns("gas_requests")

#: The service that buys for a household, and the needs it answers.
PURCHASE = "purchase"
PURCHASE_NEEDS = ("supplies", "medicine")
#: The need answered by a gas request.
GAS = "gas"

# Output columns.
HOUSEHOLD_ID = "household_id"
PURCHASES = "purchases"
LAST_PURCHASE = "last_purchase"
SERVED = "served"
GAS_LINK = "gas_link"
POSITION = gas.POSITION
DELIVERED_AT = GAS_REQUEST.delivered_at
LATE = "late"

# Gas link codes.
QUEUED = "queued"
DELIVERED = "delivered"
UNREGISTERED = "unregistered"

_HOUR = pd.Timedelta(hours=1)


def purchases(services: pd.DataFrame, day) -> pd.DataFrame:
    """Purchases naming a household, dated up to the report day.

    Parameters
    ----------
    services : DataFrame
        Volunteer service rows.
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        The service rows of service ``purchase`` with a household, dated by ``day``.
    """
    named = services[SERVICE.household_id].fillna("").astype(str).ne("")
    rows = services[named & services[SERVICE.service].eq(PURCHASE)]
    return rows[rows[SERVICE.date] <= as_day(day)]


def purchase_links(needs: pd.DataFrame, services: pd.DataFrame, day) -> pd.DataFrame:
    """Each household with an open supplies or medicine need, and its purchases since.

    Parameters
    ----------
    needs : DataFrame
        The output of :func:`fangkong.reports.welfare.households.open_needs`.
    services : DataFrame
        Volunteer service rows (to date).
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        ``household_id``, ``found_on`` (its oldest open supplies or medicine need),
        ``purchases`` (Int64, purchases naming it dated from ``found_on`` to ``day``),
        ``last_purchase`` (the latest of them) and ``served`` (bool), by household.
    """
    wanted = needs[needs[NEED].isin(PURCHASE_NEEDS)]
    out = wanted.groupby(HOUSEHOLD_ID, sort=True)[FOUND_ON].min().reset_index()
    bought = purchases(services, day)[[SERVICE.household_id, SERVICE.date]]
    since = out.merge(bought, on=HOUSEHOLD_ID, how="inner")
    since = since[since[SERVICE.date] >= since[FOUND_ON]]
    per = since.groupby(HOUSEHOLD_ID)[SERVICE.date].agg(["size", "max"])
    per = per.reindex(out[HOUSEHOLD_ID])
    out[PURCHASES] = per["size"].fillna(0).astype("Int64").to_numpy()
    out[LAST_PURCHASE] = pd.to_datetime(per["max"]).to_numpy()
    out[SERVED] = out[PURCHASES].gt(0).astype(bool)
    return out


def purchases_named(services: pd.DataFrame, day) -> int:
    """The day's purchases naming the household bought for.

    Parameters
    ----------
    services : DataFrame
        Volunteer service rows.
    day : date, str or Timestamp

    Returns
    -------
    int
    """
    return int(purchases(services, day)[SERVICE.date].eq(as_day(day)).sum())


def purchases_without_need(
    needs: pd.DataFrame, visits: pd.DataFrame, services: pd.DataFrame, day
) -> int:
    """The day's purchases naming a household that had no supplies or medicine need.

    Parameters
    ----------
    needs : DataFrame
        The output of :func:`fangkong.reports.welfare.households.open_needs`
        (registered, active households only).
    visits : DataFrame
        Welfare visits.
    services : DataFrame
        Volunteer service rows.
    day : date, str or Timestamp

    Returns
    -------
    int
        Purchases dated ``day`` whose household has no open supplies or medicine
        need and no such need resolved by a visit of ``day``.
    """
    day = as_day(day)
    today = purchases(services, day)
    today = today[today[SERVICE.date] == day]
    with_need = set(needs.loc[needs[NEED].isin(PURCHASE_NEEDS), HOUSEHOLD_ID])
    settled = visits[(visits[VISIT.visited_on] == day) & yes(visits[VISIT.resolved])]
    asked = settled[VISIT.needs].fillna("").str.split(SET_SEPARATOR)
    answered = asked.map(lambda needs: bool(set(needs) & set(PURCHASE_NEEDS))).astype(bool)
    with_need |= set(settled.loc[answered, HOUSEHOLD_ID])
    return int((~today[SERVICE.household_id].isin(with_need)).sum())


def gas_links(needs: pd.DataFrame, status: pd.DataFrame, town: Town, day) -> pd.DataFrame:
    """Each open gas need with the gas requests registered for its household.

    Parameters
    ----------
    needs : DataFrame
        The output of :func:`fangkong.reports.welfare.households.open_needs`.
    status : DataFrame
        The output of :func:`fangkong.reports.welfare.gas.gas_status` of ``day``;
        requests delivered before the oldest need was found may be left out of it.
    town : Town
        Gives the cut-off and ``gas_overdue_hours``.
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        ``household_id``, ``found_on``, ``gas_link`` (``queued``, ``delivered`` or
        ``unregistered``), ``position`` (Int64, the place in the delivery order of
        a queued need), ``delivered_at`` (of a delivered need) and ``late`` (bool,
        an unregistered need known longer than ``gas_overdue_hours``), one row per
        open gas need in the order of ``needs``.
    """
    end = cutoff_at(town, day)
    out = needs.loc[needs[NEED].eq(GAS), [HOUSEHOLD_ID, FOUND_ON]].reset_index(drop=True)
    queue = gas.gas_queue(status)[[HOUSEHOLD_ID, POSITION]]
    known = status[[HOUSEHOLD_ID, GAS_REQUEST.delivered_at, gas.PENDING]]
    matched = out.merge(known[known[HOUSEHOLD_ID].notna()], on=HOUSEHOLD_ID, how="inner")
    # A request delivered before the visit that found the need is not an answer to it.
    matched = matched[matched[gas.PENDING] | (matched[DELIVERED_AT] >= matched[FOUND_ON])]
    pending = set(matched.loc[matched[gas.PENDING], HOUSEHOLD_ID])
    first = queue[queue[HOUSEHOLD_ID].isin(pending)].groupby(HOUSEHOLD_ID)[POSITION].min()
    last = matched[~matched[gas.PENDING]].groupby(HOUSEHOLD_ID)[DELIVERED_AT].max()
    out[POSITION] = first.astype("Int64").reindex(out[HOUSEHOLD_ID]).to_numpy()
    delivered = pd.to_datetime(last.reindex(out[HOUSEHOLD_ID])).to_numpy()
    out[DELIVERED_AT] = pd.Series(delivered, index=out.index).where(out[POSITION].isna())
    link = pd.Series(UNREGISTERED, index=out.index, dtype="str")
    link[out[DELIVERED_AT].notna()] = DELIVERED
    link[out[POSITION].notna().astype(bool)] = QUEUED
    out[GAS_LINK] = link
    known_for = (end - (out[FOUND_ON] + ONE_DAY)) / _HOUR
    late = known_for.gt(town.policy.gas_overdue_hours) & link.eq(UNREGISTERED)
    out[LATE] = late.fillna(False).astype(bool)
    return out


def oldest_gas_need(households: pd.DataFrame, visits: pd.DataFrame, town: Town, day):
    """The day the oldest open gas need was found, or None.

    The report reads the gas requests delivered since then, so that a need older
    than its trend window still finds the request that answered it.

    Parameters
    ----------
    households, visits, town, day
        As for :func:`fangkong.reports.welfare.households.open_needs`.

    Returns
    -------
    Timestamp or None
    """
    found = open_needs(households, visits, town, day)
    found = found.loc[found[NEED].eq(GAS), FOUND_ON]
    return None if found.empty else found.min()


def link_figures(
    needs: pd.DataFrame,
    visits: pd.DataFrame,
    services: pd.DataFrame,
    status: pd.DataFrame,
    town: Town,
    day,
) -> dict:
    """The figures of the links, for the sidecar and the day-over-day comparison.

    Parameters
    ----------
    needs : DataFrame
        The output of :func:`fangkong.reports.welfare.households.open_needs`.
    visits, services : DataFrame
        Welfare visits and volunteer service rows.
    status : DataFrame
        The output of :func:`fangkong.reports.welfare.gas.gas_status`.
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    dict
        ``purchase_need_households`` (households with an open supplies or
        medicine need), ``purchase_need_served`` and ``purchase_need_unserved``
        (with and without a purchase since), ``purchases_named`` (the day's
        purchases naming a household), ``purchases_without_need`` (of them, those
        for other households); ``gas_needs_found`` (open gas
        needs), ``gas_needs_registered`` (with a request: ``gas_needs_delivered``
        plus ``gas_needs_queued``), ``gas_needs_unregistered`` and
        ``gas_needs_unregistered_late``. Plain ints.
    """
    bought = purchase_links(needs, services, day)
    links = gas_links(needs, status, town, day)
    kinds = links[GAS_LINK].value_counts()
    served = int(bought[SERVED].sum())
    return {
        "purchase_need_households": len(bought),
        "purchase_need_served": served,
        "purchase_need_unserved": len(bought) - served,
        "purchases_named": purchases_named(services, day),
        "purchases_without_need": purchases_without_need(needs, visits, services, day),
        "gas_needs_found": len(links),
        "gas_needs_registered": int(kinds.get(QUEUED, 0) + kinds.get(DELIVERED, 0)),
        "gas_needs_delivered": int(kinds.get(DELIVERED, 0)),
        "gas_needs_queued": int(kinds.get(QUEUED, 0)),
        "gas_needs_unregistered": int(kinds.get(UNREGISTERED, 0)),
        "gas_needs_unregistered_late": int(links[LATE].sum()),
    }
