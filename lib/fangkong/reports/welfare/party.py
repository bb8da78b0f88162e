"""Party members among the volunteers (党员先锋岗), for the welfare report.

``volunteer_services.party_members`` is optional: a village may leave it blank. The
share of party members is taken over the rows that give it, so a blank row neither
lowers the share nor raises it; the report says how many rows were left blank.
Volunteers are counted per outing (人次), as in the services table.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import as_day, columns, json_number, rate

SERVICE = columns("volunteer_services")


def _tally(rows: pd.DataFrame) -> tuple[int, int, int]:
    given = rows[rows[SERVICE.party_members].notna()]
    party = int(given[SERVICE.party_members].sum())
    base = int(given[SERVICE.volunteers].sum())
    return party, base, len(rows) - len(given)


def party_figures(services: pd.DataFrame, day) -> dict:
    """Party members among the volunteers, on the day and to date, and their share.

    Parameters
    ----------
    services : DataFrame
        Volunteer service rows (to date).
    day : date, str or Timestamp

    Returns
    -------
    dict
        ``volunteer_party_members`` (party members on the day's rows that give
        them), ``volunteer_party_base`` (the volunteers of those rows),
        ``volunteer_party_share`` (their ratio, None without a base),
        ``volunteer_party_blank`` (the day's rows without the figure), and the same
        to date with the suffix ``_to_date``. Plain ints and floats.
    """
    day = as_day(day)
    to_date = services[services[SERVICE.date] <= day]
    out = {}
    for suffix, rows in (("", to_date[to_date[SERVICE.date] == day]), ("_to_date", to_date)):
        party, base, blank = _tally(rows)
        out |= {
            f"volunteer_party_members{suffix}": party,
            f"volunteer_party_base{suffix}": base,
            f"volunteer_party_share{suffix}": json_number(rate(party, base).iloc[0]),
            f"volunteer_party_blank{suffix}": blank,
        }
    return out
