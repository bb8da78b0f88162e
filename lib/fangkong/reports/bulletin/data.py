"""What the bulletin reads: the three reports' sidecars of D and the store's alert history.

The bulletin writes nothing of its own from the village files: every figure in it
is a figure of a report's sidecar (``NAME.json`` in the day's folder), or a count
of the alert history those reports recorded in the store (the issue number, the
督办 items of the day before).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from fangkong import registry
from fangkong.catalogue import text
from fangkong.reports.breakdown import ONE_DAY, as_day
from fangkong.reports.sections import data_quality
from fangkong.store.submissions import missing_submissions
from fangkong.town import Town

#: The entries of a report's sidecar the bulletin keeps as its sources: what its
#: sentences cite (the paragraph's fields), without the alert lists.
SOURCE_KEYS = (
    "report_date",
    "data_as_of",
    "policy",
    "headline",
    "figures",
    "alerts",
    "alerts_total",
    "trend",
    "streaks",
    "extra",
)


class MissingInput(FileNotFoundError):
    """A report the bulletin reads has no sidecar for the day (it failed or did not run)."""


@dataclass(frozen=True)
class BulletinData:
    """The bulletin's inputs of a day.

    Attributes
    ----------
    town : Town
    day : Timestamp
        The report date D.
    sidecars : dict
        Report name -> its sidecar of D, as the runner wrote it.
    issue : int
        The issue number: days from the first day of the store's alert history to D,
        both counted (the first bulletin a town could have had is 第1期).
    supervised_before : int or None
        督办 items of the three reports on D-1, from the alert history (None when
        D-1 is not recorded).
    data_as_of : Timestamp or None
        The latest of the reports' ``data_as_of``.
    quality : dict or None
        The town's data quality of D across every table
        (:func:`fangkong.reports.sections.data_quality`): each report counts only its
        own tables, and some tables are read by two of them.
    """

    town: Town
    day: pd.Timestamp
    sidecars: dict
    issue: int
    supervised_before: int | None
    data_as_of: pd.Timestamp | None
    quality: dict | None = None


def read_sidecars(reports_dir, day, lang: str = "zh") -> dict[str, dict]:
    """The sidecars of the reports the bulletin reads, from a day's folder.

    Raises
    ------
    MissingInput
        Naming the report whose sidecar is absent or of another day.
    """
    out = {}
    for name in registry.get("bulletin").reads_reports:
        path = Path(reports_dir) / f"{name}.json"
        title = text(registry.get(name).title_key, lang)
        try:
            sidecar = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise MissingInput(text("b.missing_input", lang, title=title, file=path)) from None
        if sidecar.get("report_date") != as_day(day).strftime("%Y-%m-%d"):
            raise MissingInput(text("b.missing_input", lang, title=title, file=path))
        out[name] = sidecar
    return out


def issue_number(store, town: Town, day) -> int:
    """第N期: days from the first day any report recorded its alerts to D, both counted."""
    firsts = [
        store.first_recorded_day(town.id, name) for name in registry.get("bulletin").reads_reports
    ]
    firsts = [d for d in firsts if d is not None]
    if not firsts:
        return 1
    return max(1, (as_day(day) - as_day(min(firsts))).days + 1)


def supervised_on(store, town: Town, day) -> int | None:
    """督办 items of the reports on a day, from the alert history (None when not recorded)."""
    from fangkong.reports.followup import recorded_follow_up

    total = 0
    for name in registry.get("bulletin").reads_reports:
        found = recorded_follow_up(store, town, registry.get(name), day)
        if found is None:
            return None
        total += found.counts()["supervised"]
    return total


def load(store, town: Town, day, reports_dir, lang: str = "zh") -> BulletinData:
    """The bulletin's inputs of D: the sidecars in ``reports_dir`` and the alert history."""
    day = as_day(day)
    sidecars = read_sidecars(reports_dir, day, lang)
    times = [pd.Timestamp(s["data_as_of"]) for s in sidecars.values() if s.get("data_as_of")]
    return BulletinData(
        town=town,
        day=day,
        sidecars=sidecars,
        issue=issue_number(store, town, day),
        supervised_before=supervised_on(store, town, day - ONE_DAY),
        data_as_of=max(times) if times else None,
        quality=data_quality(missing_submissions(store, town, day), store.issues(day)),
    )
