"""Farm produce, volunteer services and donations for the welfare report.

Decisions (the report states them):

- Produce figures are the rows dated on the report day. Rows of the same
  village and product on one day are added up (two co-operatives of one
  village report separately).
- A village and product has an unsold surplus, and needs a sales channel, when
  its stock is more than ``surplus_days`` (7) days of that day's sales; stock
  with no sales at all that day is a surplus.
- Each volunteer service row is one outing; for the shuttle service a row is
  one trip and ``served`` is the workers it carried. Volunteers are summed over
  rows, so one person out twice counts twice.
- "To date" means every row dated on or before the report day.
"""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import ENUMS
from fangkong.reports.breakdown import TOTAL, ZONE, as_day, columns, with_zone
from fangkong.town import Town

PRODUCE = columns("produce")
SERVICE = columns("volunteer_services")
DONATION = columns("donations")

#: Days of sales above which unsold stock is a surplus.
SURPLUS_DAYS = 7

#: The shuttle service code (trips carrying workers back to work).
SHUTTLE = "shuttle"
MONEY = "money"
GOODS = "goods"

# Output columns.
VILLAGES = "villages"
DAYS_OF_SALES = "days_of_sales"
BALANCE_KG = "balance_kg"
RECORDS = "records"
SERVED_TO_DATE = "served_to_date"
VOLUNTEERS_TO_DATE = "volunteers_to_date"
RECORDS_TO_DATE = "records_to_date"
DONATIONS_TODAY = "donations_today"
DONATIONS_TO_DATE = "donations_to_date"
AMOUNT_TODAY = "amount_yuan_today"
AMOUNT_TO_DATE = "amount_yuan_to_date"
QUANTITY_TODAY = "quantity_today"
QUANTITY_TO_DATE = "quantity_to_date"
TRIPS_TODAY = "shuttle_trips_today"
WORKERS_TODAY = "workers_carried_today"
TRIPS_TO_DATE = "shuttle_trips_to_date"
WORKERS_TO_DATE = "workers_carried_to_date"

_KG = [PRODUCE.stock_kg, PRODUCE.sold_kg, PRODUCE.demand_kg]


def _on(frame: pd.DataFrame, column: str, day) -> pd.DataFrame:
    return frame[frame[column] == as_day(day)]


def _to(frame: pd.DataFrame, column: str, day) -> pd.DataFrame:
    return frame[frame[column] <= as_day(day)]


def produce_by_product(produce: pd.DataFrame, day) -> pd.DataFrame:
    """Stock, sales and demand of each product on a day, with a total row.

    Parameters
    ----------
    produce : DataFrame
        Produce rows (any days; only ``day`` is used).
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        ``product``, ``villages`` (how many villages reported it, Int64),
        ``stock_kg``, ``sold_kg``, ``demand_kg`` and ``balance_kg`` (demand
        minus sales: positive when buyers want more than was sold), Float64,
        products by stock, largest first; the last row (``TOTAL``) is the sum.
    """
    today = _on(produce, PRODUCE.date, day)
    kg = today.groupby(PRODUCE.product)[_KG].sum().astype("Float64")
    kg[VILLAGES] = today.groupby(PRODUCE.product)[PRODUCE.village].nunique().astype("Int64")
    kg = kg.sort_values([PRODUCE.stock_kg], ascending=False, kind="stable")
    kg = kg.reset_index()[[PRODUCE.product, VILLAGES, *_KG]]
    total = {
        PRODUCE.product: TOTAL,
        VILLAGES: today[PRODUCE.village].nunique(),
        **kg[_KG].sum().to_dict(),
    }
    out = pd.concat([kg, pd.DataFrame([total])], ignore_index=True)
    out[PRODUCE.product] = out[PRODUCE.product].astype("str")
    out[VILLAGES] = out[VILLAGES].astype("Int64")
    out[_KG] = out[_KG].astype("Float64")
    out[BALANCE_KG] = out[PRODUCE.demand_kg] - out[PRODUCE.sold_kg]
    return out


def produce_surplus(
    produce: pd.DataFrame, town: Town, day, surplus_days: float = SURPLUS_DAYS
) -> pd.DataFrame:
    """Villages and products whose unsold stock exceeds ``surplus_days`` of sales.

    Parameters
    ----------
    produce : DataFrame
        Produce rows (only ``day`` is used).
    town : Town
    day : date, str or Timestamp
    surplus_days : float, default 7

    Returns
    -------
    DataFrame
        ``zone``, ``village``, ``product``, ``stock_kg``, ``sold_kg``,
        ``demand_kg``, ``days_of_sales`` (stock / sales, empty when nothing
        sold) and ``channel`` (the channels reported, joined by ``;``), the
        largest stock first.
    """
    today = _on(produce, PRODUCE.date, day)
    grouped = today.groupby([PRODUCE.village, PRODUCE.product], sort=False)
    out = grouped[_KG].sum().astype("Float64")
    out[PRODUCE.channel] = grouped[PRODUCE.channel].agg(
        lambda s: ";".join(dict.fromkeys(v for v in s.dropna() if v))
    )
    out = with_zone(out.reset_index(), town, PRODUCE.village)
    surplus = out[PRODUCE.stock_kg] > surplus_days * out[PRODUCE.sold_kg]
    out = out[surplus.fillna(False).astype(bool)].copy()
    out[DAYS_OF_SALES] = (
        out[PRODUCE.stock_kg] / out[PRODUCE.sold_kg].where(out[PRODUCE.sold_kg] > 0)
    ).astype("Float64")
    out[PRODUCE.channel] = out[PRODUCE.channel].astype("str")
    keep = [ZONE, PRODUCE.village, PRODUCE.product, *_KG, DAYS_OF_SALES, PRODUCE.channel]
    return out.sort_values(PRODUCE.stock_kg, ascending=False, kind="stable")[keep].reset_index(
        drop=True
    )


def services_by_type(services: pd.DataFrame, day) -> pd.DataFrame:
    """Volunteer services by type, on the day and to date, with a total row.

    Parameters
    ----------
    services : DataFrame
        Volunteer service rows up to (at least) ``day``.
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        ``service``, ``records``, ``served``, ``volunteers`` (the day) and
        ``records_to_date``, ``served_to_date``, ``volunteers_to_date``, all
        Int64; every service type listed; the last row (``TOTAL``) is the sum.
    """
    codes = list(ENUMS["service"])

    def tally(rows: pd.DataFrame, names: list[str]) -> pd.DataFrame:
        g = rows.groupby(SERVICE.service)
        counts = pd.DataFrame(
            {
                names[0]: g.size(),
                names[1]: g[SERVICE.served].sum(),
                names[2]: g[SERVICE.volunteers].sum(),
            }
        )
        return counts.reindex(codes, fill_value=0)

    today = tally(_on(services, SERVICE.date, day), [RECORDS, SERVICE.served, SERVICE.volunteers])
    to_date = tally(
        _to(services, SERVICE.date, day), [RECORDS_TO_DATE, SERVED_TO_DATE, VOLUNTEERS_TO_DATE]
    )
    out = today.join(to_date)
    out.loc[TOTAL] = out.sum()
    out = out.astype("Int64").rename_axis(SERVICE.service).reset_index()
    out[SERVICE.service] = out[SERVICE.service].astype("str")
    return out


def shuttle_summary(services: pd.DataFrame, day) -> dict:
    """Shuttle trips and workers carried back to work, on the day and to date.

    Parameters
    ----------
    services : DataFrame
        Volunteer service rows.
    day : date, str or Timestamp

    Returns
    -------
    dict
        ``shuttle_trips_today``, ``workers_carried_today``,
        ``shuttle_trips_to_date``, ``workers_carried_to_date`` (int).
    """
    shuttle = services[services[SERVICE.service] == SHUTTLE]
    today, to_date = _on(shuttle, SERVICE.date, day), _to(shuttle, SERVICE.date, day)
    return {
        TRIPS_TODAY: len(today),
        WORKERS_TODAY: int(today[SERVICE.served].sum()),
        TRIPS_TO_DATE: len(to_date),
        WORKERS_TO_DATE: int(to_date[SERVICE.served].sum()),
    }


def donations_summary(donations: pd.DataFrame, day) -> pd.DataFrame:
    """Donations of money and of goods, on the day and to date.

    Parameters
    ----------
    donations : DataFrame
        Donation rows.
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        ``kind`` (money, goods), ``donations_today``, ``donations_to_date``
        (Int64), ``amount_yuan_today`` and ``amount_yuan_to_date`` (Float64;
        the money given, empty for goods). Goods are counted by item in
        :func:`goods_by_item`, since quantities of different items do not add.
    """
    rows = []
    for kind in ENUMS["donation_kind"]:
        of_kind = donations[donations[DONATION.kind] == kind]
        today, to_date = _on(of_kind, DONATION.date, day), _to(of_kind, DONATION.date, day)
        money = kind == MONEY
        rows.append(
            {
                DONATION.kind: kind,
                DONATIONS_TODAY: len(today),
                DONATIONS_TO_DATE: len(to_date),
                AMOUNT_TODAY: today[DONATION.amount_yuan].sum() if money else pd.NA,
                AMOUNT_TO_DATE: to_date[DONATION.amount_yuan].sum() if money else pd.NA,
            }
        )
    out = pd.DataFrame(rows)
    out[DONATION.kind] = out[DONATION.kind].astype("str")
    out[[DONATIONS_TODAY, DONATIONS_TO_DATE]] = out[[DONATIONS_TODAY, DONATIONS_TO_DATE]].astype(
        "Int64"
    )
    out[[AMOUNT_TODAY, AMOUNT_TO_DATE]] = out[[AMOUNT_TODAY, AMOUNT_TO_DATE]].astype("Float64")
    return out


def goods_by_item(donations: pd.DataFrame, day) -> pd.DataFrame:
    """Donated goods by item, on the day and to date.

    Parameters
    ----------
    donations : DataFrame
        Donation rows.
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        ``items``, ``donations_today``, ``quantity_today``,
        ``donations_to_date``, ``quantity_to_date``, items given to date,
        the most recent first then by name.
    """
    goods = _to(donations[donations[DONATION.kind] == GOODS], DONATION.date, day)
    today = goods[goods[DONATION.date] == as_day(day)]
    g_all, g_today = goods.groupby(DONATION.items), today.groupby(DONATION.items)
    out = pd.DataFrame(
        {
            DONATIONS_TO_DATE: g_all.size(),
            QUANTITY_TO_DATE: g_all[DONATION.quantity].sum(),
            "_last": g_all[DONATION.date].max(),
        }
    )
    out[DONATIONS_TODAY] = g_today.size().reindex(out.index, fill_value=0)
    out[QUANTITY_TODAY] = g_today[DONATION.quantity].sum().reindex(out.index, fill_value=0)
    out = out.rename_axis(DONATION.items).reset_index()
    out = out.sort_values(["_last", DONATION.items], ascending=[False, True], kind="stable")
    keep = [DONATION.items, DONATIONS_TODAY, QUANTITY_TODAY, DONATIONS_TO_DATE, QUANTITY_TO_DATE]
    out = out[keep].reset_index(drop=True)
    out[DONATION.items] = out[DONATION.items].astype("str")
    out[[DONATIONS_TODAY, DONATIONS_TO_DATE]] = out[[DONATIONS_TODAY, DONATIONS_TO_DATE]].astype(
        "Int64"
    )
    out[[QUANTITY_TODAY, QUANTITY_TO_DATE]] = out[[QUANTITY_TODAY, QUANTITY_TO_DATE]].astype(
        "Float64"
    )
    return out


def donations_today(donations: pd.DataFrame, day) -> pd.DataFrame:
    """The donations registered on the day, as given.

    Parameters
    ----------
    donations : DataFrame
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        The donation columns, money first then goods, by donor.
    """
    cols = [
        DONATION.date,
        DONATION.donor,
        DONATION.kind,
        DONATION.amount_yuan,
        DONATION.items,
        DONATION.quantity,
        DONATION.village,
    ]
    order = {k: i for i, k in enumerate(ENUMS["donation_kind"])}
    today = _on(donations, DONATION.date, day)
    today = today.assign(_k=today[DONATION.kind].map(order)).sort_values(
        ["_k", DONATION.donor], kind="stable"
    )
    return today[cols].reset_index(drop=True)
