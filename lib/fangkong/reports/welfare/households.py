"""Welfare report computations: vulnerable households, visit coverage and needs.

Every function takes plain DataFrames with the schema columns of
:data:`fangkong.schemas.TABLES` (normalised dtypes) and returns DataFrames with
English column names and codes; the display layer labels them.

Decisions (the report states them):

- A household is *covered* on day D when its latest visit on or before D is at
  most ``visit_interval_days`` days old: visits exactly every
  ``visit_interval_days`` days never make a household overdue. Visits dated
  after D are ignored, so a report can be re-run for a past day.
- A household in several categories counts once in every total and once in
  each of its categories, so the category rows add up to more than the total.
- A need is the pair (household, need type). It stays open until a later visit
  records the same need as resolved; a visit recording "no needs" does not
  close it, because that only says no new need was found. Closed households
  drop out (there is nobody left to serve).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from fangkong.catalogue import ENUMS
from fangkong.reports.breakdown import (
    TOTAL,
    VILLAGE,
    ZONE,
    active,
    as_day,
    by_village,
    by_zone,
    columns,
    days_between,
    json_number,
    rate,
    with_zone,
    yes,
)
from fangkong.reports.welfare.community import (
    AMOUNT_TO_DATE,
    AMOUNT_TODAY,
    DONATIONS_TO_DATE,
    DONATIONS_TODAY,
    GOODS,
    MONEY,
    RECORDS,
    D,
    P,
    S,
    donations_summary,
    produce_by_product,
    produce_surplus,
    services_by_type,
    shuttle_summary,
)
from fangkong.reports.welfare.gas import gas_status, gas_summary
from fangkong.schemas import SET_SEPARATOR
from fangkong.town import Town

H = columns("households")
V = columns("welfare_visits")

# Visit status codes of a household on the report day.
COVERED = "covered"
OVERDUE = "overdue"
NEVER_VISITED = "never_visited"

# Output columns.
HOUSEHOLDS = "households"
CATEGORY = "category"
COVERAGE = "coverage"
LAST_VISITED_ON = "last_visited_on"
LAST_VISITOR = "last_visitor"
DAYS_SINCE_VISIT = "days_since_visit"
VISIT_STATUS = "visit_status"
NEED = "need"
FOUND_ON = "found_on"
DAYS_OPEN = "days_open"
OPEN = "open"
DAY = "day"

#: A day before any data: "from the start" in store reads.
EPOCH = pd.Timestamp("2000-01-01")

#: The need code meaning "nothing needed".
NO_NEED = "none"

_COUNTS = [HOUSEHOLDS, COVERED, OVERDUE, NEVER_VISITED]


def household_visits(
    households: pd.DataFrame, visits: pd.DataFrame, town: Town, day
) -> pd.DataFrame:
    """Each active household with its latest visit and visit status on a day.

    Parameters
    ----------
    households : DataFrame
        The households registry as of ``day`` (closed households are dropped).
    visits : DataFrame
        Welfare visits; those dated after ``day`` are ignored.
    town : Town
        Gives ``policy.visit_interval_days`` and the war zone of each village.
    day : date, str or Timestamp
        The report date.

    Returns
    -------
    DataFrame
        The registry columns plus ``zone``, ``last_visited_on``, ``last_visitor``,
        ``days_since_visit`` (Int64, empty if never visited) and ``visit_status``
        (``covered``, ``overdue`` or ``never_visited``).
    """
    day = as_day(day)
    seen = visits[visits[V.visited_on] <= day]
    last = (
        seen.sort_values(V.visited_on, kind="stable")
        .drop_duplicates(V.household_id, keep="last")[[V.household_id, V.visited_on, V.visitor]]
        .rename(columns={V.visited_on: LAST_VISITED_ON, V.visitor: LAST_VISITOR})
    )
    out = with_zone(active(households), town, H.village).merge(last, on=H.household_id, how="left")
    out[DAYS_SINCE_VISIT] = (day - out[LAST_VISITED_ON]).dt.days.astype("Int64")
    never = out[LAST_VISITED_ON].isna()
    late = out[DAYS_SINCE_VISIT].gt(town.policy.visit_interval_days).fillna(False)
    status = pd.Series(COVERED, index=out.index, dtype="str")
    status[late.astype(bool)] = OVERDUE
    status[never] = NEVER_VISITED
    out[VISIT_STATUS] = status
    return out.reset_index(drop=True)


def _flags(hv: pd.DataFrame) -> pd.DataFrame:
    out = hv.copy()
    out[HOUSEHOLDS] = 1
    for status in (COVERED, OVERDUE, NEVER_VISITED):
        out[status] = (out[VISIT_STATUS] == status).astype(int)
    return out


def _with_coverage(frame: pd.DataFrame) -> pd.DataFrame:
    frame[COVERAGE] = rate(frame[COVERED], frame[HOUSEHOLDS]).to_numpy()
    return frame


def visit_coverage(hv: pd.DataFrame, town: Town, by: str = ZONE) -> pd.DataFrame:
    """Visit coverage by category, war zone or village, with a total row.

    Parameters
    ----------
    hv : DataFrame
        The output of :func:`household_visits`.
    town : Town
    by : {"category", "zone", "village"}

    Returns
    -------
    DataFrame
        The group column(s) (``category``; ``zone``; or ``zone`` and
        ``village``), then ``households``, ``covered``, ``overdue``,
        ``never_visited`` (Int64) and ``coverage`` (covered / households,
        Float64, empty for an empty group). The last row is the total
        (``TOTAL``). By zone or village every zone or village of the town is
        listed and the total is the sum of the rows. By category, every
        category is listed, a household counts in each of its categories and
        the total counts each household once, so the rows may add up to more.
    """
    flagged = _flags(hv)
    if by == ZONE:
        return _with_coverage(by_zone(flagged, town, _COUNTS))
    if by == VILLAGE:
        return _with_coverage(by_village(flagged, town, _COUNTS))
    if by != CATEGORY:
        raise ValueError(f"by must be 'category', 'zone' or 'village', not {by!r}")
    exploded = _explode(flagged, H.categories, CATEGORY)
    codes = list(ENUMS["household_category"])
    grouped = exploded.groupby(CATEGORY)[_COUNTS].sum().reindex(codes, fill_value=0)
    total = pd.DataFrame([{c: flagged[c].sum() for c in _COUNTS}], index=[TOTAL])
    out = pd.concat([grouped, total]).rename_axis(CATEGORY).reset_index()
    out[CATEGORY] = out[CATEGORY].astype("str")
    out[_COUNTS] = out[_COUNTS].astype("Int64")
    return _with_coverage(out)


def _explode(frame: pd.DataFrame, column: str, into: str) -> pd.DataFrame:
    """One row per member of a set column (codes joined by ``;``)."""
    out = frame.assign(**{into: frame[column].str.split(SET_SEPARATOR)}).explode(into)
    out = out[out[into].notna() & (out[into] != "")]
    out[into] = out[into].astype("str")
    return out


def multi_category_households(hv: pd.DataFrame) -> int:
    """How many households are in more than one category.

    Parameters
    ----------
    hv : DataFrame
        Households (the registry or :func:`household_visits`).

    Returns
    -------
    int
        The number the report quotes when it says category rows overlap.
    """
    sizes = (
        hv[H.categories]
        .fillna("")
        .str.split(SET_SEPARATOR)
        .map(lambda members: len({m for m in members if m}))
    )
    return int((sizes > 1).sum())


def unvisited_households(hv: pd.DataFrame, town: Town) -> pd.DataFrame:
    """Households never visited or overdue, to be visited first.

    Parameters
    ----------
    hv : DataFrame
        The output of :func:`household_visits`.
    town : Town

    Returns
    -------
    DataFrame
        ``household_id``, ``head_name``, ``zone``, ``village``, ``categories``,
        ``cadre``, ``visit_status``, ``last_visited_on``, ``days_since_visit``:
        never-visited households first, then the longest overdue, each group
        in town order of zones and villages.
    """
    out = hv[hv[VISIT_STATUS] != COVERED].copy()
    out["_never"] = out[VISIT_STATUS] == NEVER_VISITED
    out["_village"] = out[H.village].map({v: i for i, v in enumerate(town.village_names)})
    out = out.sort_values(
        ["_never", DAYS_SINCE_VISIT, "_village", H.household_id],
        ascending=[False, False, True, True],
        kind="stable",
    )
    keep = [
        H.household_id,
        H.head_name,
        ZONE,
        H.village,
        H.categories,
        H.cadre,
        VISIT_STATUS,
        LAST_VISITED_ON,
        DAYS_SINCE_VISIT,
    ]
    return out[keep].reset_index(drop=True)


def open_needs(households: pd.DataFrame, visits: pd.DataFrame, town: Town, day) -> pd.DataFrame:
    """Needs found on visits and not resolved by the report day.

    Parameters
    ----------
    households : DataFrame
        The households registry as of ``day``.
    visits : DataFrame
        Welfare visits; those after ``day`` are ignored.
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        One row per open (household, need): ``need``, ``household_id``,
        ``head_name``, ``zone``, ``village``, ``cadre`` (the household's cadre),
        ``found_on`` (first mention since the need was last resolved),
        ``last_visited_on`` and ``last_visitor`` (latest mention),
        ``needs_detail`` (of the latest mention that has one) and ``days_open``.
        Sorted by need type, then oldest first. When two visits of the same day
        disagree, the resolved one wins.
    """
    day = as_day(day)
    seen = visits[visits[V.visited_on] <= day]
    seen = seen.assign(_pos=range(len(seen)))
    mentions = _explode(seen, V.needs, NEED)
    mentions = mentions[mentions[NEED] != NO_NEED].copy()
    mentions["_resolved"] = yes(mentions[V.resolved])
    mentions = mentions.sort_values(
        [V.household_id, NEED, V.visited_on, "_resolved", "_pos"], kind="stable"
    )
    key = [V.household_id, NEED]
    grouped = mentions.groupby(key, sort=False)["_resolved"]
    # Resolved mentions strictly before each row: the episode a mention belongs to.
    mentions["_episode"] = grouped.cumsum() - mentions["_resolved"]
    last = mentions.drop_duplicates(key, keep="last")
    last = last[~last["_resolved"]]
    episode = mentions.merge(last[[*key, "_episode"]], on=[*key, "_episode"])
    found = episode.groupby(key, sort=False)[V.visited_on].min().rename(FOUND_ON)
    detail = (
        episode[episode[V.needs_detail].notna() & (episode[V.needs_detail] != "")]
        .drop_duplicates(key, keep="last")
        .set_index(key)[V.needs_detail]
    )
    out = last.set_index(key)[[V.visited_on, V.visitor]].rename(
        columns={V.visited_on: LAST_VISITED_ON, V.visitor: LAST_VISITOR}
    )
    out = out.join(found).join(detail).reset_index()
    registry = with_zone(active(households), town, H.village)[
        [H.household_id, H.head_name, ZONE, H.village, H.cadre]
    ]
    out = registry.merge(out, on=H.household_id, how="inner")
    out[DAYS_OPEN] = (day - out[FOUND_ON]).dt.days.astype("Int64")
    out[NEED] = out[NEED].astype("str")
    order = {code: i for i, code in enumerate(ENUMS["need"])}
    out = out.assign(_order=out[NEED].map(order)).sort_values(
        ["_order", FOUND_ON, H.household_id], kind="stable"
    )
    keep = [
        NEED,
        H.household_id,
        H.head_name,
        ZONE,
        H.village,
        H.cadre,
        FOUND_ON,
        LAST_VISITED_ON,
        LAST_VISITOR,
        V.needs_detail,
        DAYS_OPEN,
    ]
    return out[keep].reset_index(drop=True)


def needs_by_type(needs: pd.DataFrame) -> pd.DataFrame:
    """Open needs counted by type, every type listed, with a total row.

    Parameters
    ----------
    needs : DataFrame
        The output of :func:`open_needs`.

    Returns
    -------
    DataFrame
        ``need`` and ``open`` (Int64); the last row (``TOTAL``) is the sum. A
        household with two open needs counts once in each type.
    """
    codes = [c for c in ENUMS["need"] if c != NO_NEED]
    counts = needs[NEED].value_counts().reindex(codes, fill_value=0)
    out = pd.DataFrame({NEED: codes + [TOTAL], OPEN: [*counts.tolist(), int(counts.sum())]})
    out[NEED] = out[NEED].astype("str")
    out[OPEN] = out[OPEN].astype("Int64")
    return out


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


def headline(inputs: WelfareInputs, town: Town, day) -> dict:
    """The welfare report's headline figures and alert counts for a day.

    Parameters
    ----------
    inputs : WelfareInputs
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    dict
        ``{"figures": {...}, "alerts": {...}}`` with plain ints, floats and
        None, ready for the JSON sidecar. Figures: households and their visit
        coverage, households in several categories, open needs, the gas
        summary (prefixed ``gas_``), produce kilograms, volunteer services,
        shuttle trips and donations. Alerts: households never visited or
        overdue, open needs, overdue gas requests, produce surpluses.
    """
    hv = household_visits(inputs.households, inputs.visits, town, day)
    total = visit_coverage(hv, town, ZONE).iloc[-1]
    needs = open_needs(inputs.households, inputs.visits, town, day)
    gas = gas_summary(gas_status(inputs.gas_requests, town, day))
    produce = produce_by_product(inputs.produce, day).iloc[-1]
    surplus = produce_surplus(inputs.produce, town, day)
    services = services_by_type(inputs.services, day).iloc[-1]
    donations = donations_summary(inputs.donations, day).set_index(D.kind)
    figures = {
        HOUSEHOLDS: total[HOUSEHOLDS],
        "households_unvisited": total[OVERDUE] + total[NEVER_VISITED],
        "households_multi_category": multi_category_households(hv),
        COVERED: total[COVERED],
        COVERAGE: total[COVERAGE],
        OVERDUE: total[OVERDUE],
        NEVER_VISITED: total[NEVER_VISITED],
        "open_needs": len(needs),
        "households_with_open_needs": needs[H.household_id].nunique(),
        **{f"gas_{k}": v for k, v in gas.items()},
        **{f"produce_{c}": produce[c] for c in (P.stock_kg, P.sold_kg, P.demand_kg)},
        "services": services[RECORDS],
        "services_served": services[S.served],
        "services_volunteers": services[S.volunteers],
        **shuttle_summary(inputs.services, day),
        "money_donations_today": donations.loc[MONEY, DONATIONS_TODAY],
        "money_yuan_today": donations.loc[MONEY, AMOUNT_TODAY],
        "money_yuan_to_date": donations.loc[MONEY, AMOUNT_TO_DATE],
        "goods_donations_today": donations.loc[GOODS, DONATIONS_TODAY],
        "goods_donations_to_date": donations.loc[GOODS, DONATIONS_TO_DATE],
    }
    alerts = {
        "households_unvisited": total[OVERDUE] + total[NEVER_VISITED],
        "open_needs": len(needs),
        "gas_overdue": gas[OVERDUE],
        "produce_surplus": len(surplus),
    }
    return {
        "figures": {k: json_number(v) for k, v in figures.items()},
        "alerts": {k: json_number(v) for k, v in alerts.items()},
    }


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
        opens the window's first day); produce of the day; the households
        registry of the day and, for the trend, of each day.
    """
    day = as_day(day)
    first = day - pd.Timedelta(days=days)
    # Read eagerly: the store may be closed before the trend is drawn.
    registries = store.registries("households", days_between(first, day))
    return WelfareInputs(
        households=registries[day],
        visits=store.visit_history(first, day),
        gas_requests=store.gas_requests(day, start=first),
        produce=store.events("produce", day, day),
        services=store.events("volunteer_services", EPOCH, day),
        donations=store.events("donations", EPOCH, day),
        households_on=registries.__getitem__,
    )
