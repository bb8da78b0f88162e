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
