"""What the welfare report of a day reads from the store.

:func:`load_inputs` reads the frames of a day with its trend window
(:class:`WelfareInputs`); :func:`load_welfare` those of D and D-1 with what
every report reads (:class:`WelfareData`), so the report never touches the
store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from fangkong.reports.breakdown import as_day, days_between
from fangkong.reports.data import EPOCH, ReportData, load_report_data
from fangkong.reports.welfare.farming import FarmingInputs
from fangkong.reports.welfare.links import oldest_gas_need
from fangkong.town import Town


@dataclass
class WelfareInputs:
    """The frames the welfare report is computed from.

    Attributes
    ----------
    households : DataFrame
        Households registry as of the report day.
    visits : DataFrame
        Welfare visits up to the report day (all of them: coverage looks back).
    gas_requests : DataFrame
        Gas requests reported up to the report day's cut-off.
    produce, services, donations : DataFrame
        Produce, volunteer service and donation rows up to the report day.
    households_on : callable, optional
        Registry as of a given day, for trends; defaults to ``households``.
    """

    households: pd.DataFrame
    visits: pd.DataFrame
    gas_requests: pd.DataFrame
    produce: pd.DataFrame
    services: pd.DataFrame
    donations: pd.DataFrame
    households_on: Callable[[pd.Timestamp], pd.DataFrame] | None = None


def load_inputs(store, town: Town, day, days: int = 14) -> WelfareInputs:
    """Read what the welfare report of a day and its trend need from the store.

    Parameters
    ----------
    store : fangkong.store.database.Store
    town : Town
    day : date, str or Timestamp
        The report date; only submissions made by then are read.
    days : int, default 14
        Length of the trend window ending on ``day``.

    Returns
    -------
    WelfareInputs
        Visits of the trend window with, of earlier ones, each household's
        latest and those that found a need (:meth:`Store.visit_history`:
        coverage, "never visited" and open needs look back); volunteer
        services and donations from the start ("to date"); gas requests open at some
        moment of the trend window, from the day before it (whose cut-off
        opens the window's first day), or from the day the oldest open gas need
        was found when that is earlier; produce of the day; the households
        registry of the day and, for the trend, of each day.
    """
    day = as_day(day)
    first = day - pd.Timedelta(days=days)
    # Read eagerly: the store may be closed before the trend is drawn.
    registries = store.registries("households", days_between(first, day))
    visits = store.visit_history(first, day)
    # An open gas need older than the window is matched with the requests delivered
    # since it was found (.links.gas_links): read the requests from then.
    oldest = oldest_gas_need(registries[day], visits, town, day)
    since = first if oldest is None else min(first, oldest)
    return WelfareInputs(
        households=registries[day],
        visits=visits,
        gas_requests=store.gas_requests(day, start=since),
        produce=store.events("produce", day, day),
        services=store.events("volunteer_services", EPOCH, day),
        donations=store.events("donations", EPOCH, day),
        households_on=registries.__getitem__,
    )


@dataclass(frozen=True)
class WelfareData(ReportData):
    """Everything the welfare report of a day reads from the store.

    The fields of :class:`fangkong.reports.data.ReportData`; ``today`` and
    ``yesterday`` are :class:`WelfareInputs`; and:

    Attributes
    ----------
    farming : FarmingInputs
        Spring farming and employment rows dated up to D (:mod:`.farming`); D-1's
        figures are counted from the same rows.
    """

    today: WelfareInputs
    yesterday: WelfareInputs
    farming: FarmingInputs = field(default_factory=FarmingInputs)


def load_welfare(store, town: Town, day, trend_days: int = 14) -> WelfareData:
    """Read from the store what the welfare report of a day needs.

    Parameters
    ----------
    store, town, day, trend_days
        As for :func:`fangkong.reports.data.report_fields` (``trend_days`` here
        defaults to 14).

    Returns
    -------
    WelfareData
    """
    data = load_report_data(WelfareData, load_inputs, store, town, day, trend_days)
    # Sown area and placements are counted to date: every row up to D.
    farming = FarmingInputs(
        farming=store.events("farming", EPOCH, data.day),
        employment=store.events("employment", EPOCH, data.day),
    )
    return replace(data, farming=farming)
