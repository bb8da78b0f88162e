"""The welfare figures of a day: the headline figures and alert counts.

Computed from :class:`fangkong.reports.welfare.data.WelfareInputs` by the
household, gas and community computations; the report's cards, sentences and
sidecar read them.
"""

from __future__ import annotations

from fangkong.reports.breakdown import ZONE, json_number
from fangkong.reports.welfare.community import (
    AMOUNT_TO_DATE,
    AMOUNT_TODAY,
    DONATION,
    DONATIONS_TO_DATE,
    DONATIONS_TODAY,
    GOODS,
    MONEY,
    PRODUCE,
    RECORDS,
    SERVICE,
    donations_summary,
    produce_by_product,
    produce_surplus,
    services_by_type,
    shuttle_summary,
)
from fangkong.reports.welfare.data import WelfareInputs
from fangkong.reports.welfare.gas import gas_status, gas_summary
from fangkong.reports.welfare.households import (
    COVERAGE,
    COVERED,
    HOUSEHOLD,
    HOUSEHOLDS,
    NEVER_VISITED,
    OVERDUE,
    household_visits,
    multi_category_households,
    open_needs,
    visit_coverage,
)
from fangkong.reports.welfare.links import link_figures
from fangkong.reports.welfare.party import party_figures
from fangkong.town import Town


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
        shuttle trips and donations, needs linked to purchases and gas
        requests (:func:`.links.link_figures`), party volunteers
        (:func:`.party.party_figures`). Alerts: households never visited or
        overdue, open needs, overdue gas requests, produce surpluses.
    """
    hv = household_visits(inputs.households, inputs.visits, town, day)
    total = visit_coverage(hv, town, ZONE).iloc[-1]
    needs = open_needs(inputs.households, inputs.visits, town, day)
    status = gas_status(inputs.gas_requests, town, day)
    gas = gas_summary(status)
    produce = produce_by_product(inputs.produce, day).iloc[-1]
    surplus = produce_surplus(inputs.produce, town, day)
    services = services_by_type(inputs.services, day).iloc[-1]
    donations = donations_summary(inputs.donations, day).set_index(DONATION.kind)
    figures = {
        HOUSEHOLDS: total[HOUSEHOLDS],
        "households_unvisited": total[OVERDUE] + total[NEVER_VISITED],
        "households_multi_category": multi_category_households(hv),
        COVERED: total[COVERED],
        COVERAGE: total[COVERAGE],
        OVERDUE: total[OVERDUE],
        NEVER_VISITED: total[NEVER_VISITED],
        "open_needs": len(needs),
        "households_with_open_needs": needs[HOUSEHOLD.household_id].nunique(),
        **{f"gas_{k}": v for k, v in gas.items()},
        **{
            f"produce_{c}": produce[c]
            for c in (PRODUCE.stock_kg, PRODUCE.sold_kg, PRODUCE.demand_kg)
        },
        "services": services[RECORDS],
        "services_served": services[SERVICE.served],
        "services_volunteers": services[SERVICE.volunteers],
        **shuttle_summary(inputs.services, day),
        "money_donations_today": donations.loc[MONEY, DONATIONS_TODAY],
        "money_yuan_today": donations.loc[MONEY, AMOUNT_TODAY],
        "money_yuan_to_date": donations.loc[MONEY, AMOUNT_TO_DATE],
        "goods_donations_today": donations.loc[GOODS, DONATIONS_TODAY],
        "goods_donations_to_date": donations.loc[GOODS, DONATIONS_TO_DATE],
    }
    # Needs linked to the purchases and gas requests made for them; party volunteers.
    figures |= link_figures(needs, inputs.visits, inputs.services, status, town, day)
    figures |= party_figures(inputs.services, day)
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
