"""What the quarantine report of a day reads from the store.

One call, :func:`load_quarantine`, gathers the ledgers (D, D-1, D-2 and the
trend window), the events of D and D-1, the enterprise registry, the missing
submissions and the ingest issues, so the report itself never touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from fangkong.reports.breakdown import ONE_DAY
from fangkong.reports.data import ReportData, report_fields
from fangkong.reports.quarantine.duties import DutyInputs
from fangkong.reports.quarantine.figures import DayInputs
from fangkong.town import Town

#: The first day screening rows are read from: coverage is counted to date.
SCREENING_FROM = pd.Timestamp("2020-01-01")


@dataclass(frozen=True)
class QuarantineData(ReportData):
    """Everything the quarantine report of a day reads from the store.

    The fields of :class:`fangkong.reports.data.ReportData` (``today`` and
    ``yesterday`` are :class:`fangkong.reports.quarantine.figures.DayInputs`), and:

    Attributes
    ----------
    history : DataFrame
        The ledger as it stood on each day of the trend window and on the day
        before it, to tell the first day's releases (``as_of`` and the ledger
        columns, :meth:`fangkong.store.database.Store.ledger_history`).
    trend_checks : DataFrame
        Health checks of the trend window.
    duties : DutyInputs
        Screening, checkpoints, their duty and night patrols (:mod:`.duties`).
    """

    today: DayInputs
    yesterday: DayInputs
    history: pd.DataFrame
    trend_checks: pd.DataFrame
    duties: DutyInputs = field(default_factory=DutyInputs)


def load_quarantine(store, town: Town, day, trend_days: int = 14) -> QuarantineData:
    """Read from the store what the quarantine report of a day needs.

    Parameters
    ----------
    store, town, day, trend_days
        As for :func:`fangkong.reports.data.report_fields` (``trend_days`` here
        defaults to 14).

    Returns
    -------
    QuarantineData
    """
    fields = report_fields(store, town, day, trend_days)
    day = fields["day"]
    prev = day - ONE_DAY
    trend_start = day - (trend_days - 1) * ONE_DAY
    # The day before the window too: the trend's first releases are told against it.
    first = min(trend_start, prev) - ONE_DAY
    history = store.ledger_history(first, day)
    # Only D, D-1 and D-2 as frames of their own: the trend takes the history whole.
    ledger = {
        d: history[history["as_of"].eq(d)].drop(columns="as_of").reset_index(drop=True)
        for d in (day, prev, prev - ONE_DAY)
    }
    checks = store.events("health_checks", min(trend_start, prev), day)
    calls_from = prev - (town.policy.lost_contact_days - 1) * ONE_DAY
    frames = dict(
        checks=checks,
        disinfections=store.events("disinfections", prev, day),
        calls=store.events("followup_calls", calls_from, day),
        enterprise_status=store.events("enterprise_status", prev, day),
        enterprises=store.registry("enterprises", day, include_closed=True),
    )
    from fangkong.store.submissions import missing_submissions

    missing_prev = missing_submissions(store, town, prev)
    duties = DutyInputs(
        # Screening coverage counts every household screened to date.
        screening=store.events("screening", SCREENING_FROM, day),
        checkpoints=store.registry("checkpoints", day),
        duty=store.events("checkpoint_duty", prev, day),
        patrols=store.events("patrols", prev - ONE_DAY, day),
        not_filed_prev=tuple(zip(missing_prev["village"], missing_prev["table"])),
    )
    return QuarantineData(
        duties=duties,
        today=DayInputs(day=day, ledger=ledger[day], ledger_prev=ledger[prev], **frames),
        yesterday=DayInputs(
            day=prev, ledger=ledger[prev], ledger_prev=ledger[prev - ONE_DAY], **frames
        ),
        history=history[history["as_of"].ge(trend_start - ONE_DAY)].reset_index(drop=True),
        trend_checks=checks,
        **fields,
    )
