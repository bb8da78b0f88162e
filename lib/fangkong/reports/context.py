"""Who and when a report is for, and how it is shown: the one :class:`Context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from fangkong.catalogue import text
from fangkong.town import Town


@dataclass(frozen=True)
class Context:
    """Who and when a report is for, and how it is shown.

    Attributes
    ----------
    report : str
        ``quarantine``, ``welfare`` or ``reopening``.
    town : Town
    day : Timestamp
        The report date D.
    lang : {"zh", "en"}
    mask_pii : bool
        Mask names, ID numbers and phones (False only for the internal copy).
    data_as_of : Timestamp or None
        The latest submission time of the data.
    generated_at : datetime
        When the report was made: the one legitimate clock read, never used
        as the report date.
    """

    report: str
    town: Town
    day: pd.Timestamp
    lang: str = "zh"
    mask_pii: bool = True
    data_as_of: pd.Timestamp | None = None
    generated_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def t(self, key: str, **fields) -> str:
        """A label of :data:`fangkong.catalogue.REPORT_LABELS` in the report's language."""
        return text(key, self.lang, **fields)

    def clock(self, kind: str) -> str:
        """The sentence a section ends with to say which time its figures count.

        One clock for every report: the cut-off (``town.policy.cutoff`` on D)
        is "数据截至"; a stock is counted at it, a flow over the 24 hours that
        end at it, a duty owed per calendar day over day D as submitted by it.

        Parameters
        ----------
        kind : {"stock", "flow", "day", "stock_flow", "stock_day", "trend"}
            ``stock_flow`` for a table of both; ``stock_day`` for stocks beside
            records dated by the day (the quarantine ledger); ``trend`` for charts.

        Returns
        -------
        str
        """
        day = pd.Timestamp(self.day)
        before = day - pd.Timedelta(days=1)
        return self.t(
            f"clock.{kind}",
            month=day.month,
            day=day.day,
            before_month=before.month,
            before_day=before.day,
            cutoff=self.town.policy.cutoff,
        )
