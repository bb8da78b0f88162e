"""The quarantine figures of a day: per-person results counted by village and town.

:func:`day_figures` runs every computation of :mod:`.ledger` and :mod:`.followup` for a
day; :func:`village_counts` and :func:`headline` count them, so the town total
is the sum over villages by construction; the daily series are in
:mod:`fangkong.reports.quarantine.trend`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import compress

import pandas as pd

from fangkong.reports.breakdown import UNASSIGNED, as_day
from fangkong.reports.quarantine.followup import (
    call_coverage,
    check_coverage,
    disinfection_coverage,
    fever_alerts,
    lost_contact,
    mood_alerts,
)
from fangkong.reports.quarantine.ledger import (
    FLAGS,
    LEDGER,
    period_flags,
    returning_workers,
    team_gaps,
)


@dataclass(frozen=True)
class DayInputs:
    """Everything the quarantine figures of one day are computed from.

    Attributes
    ----------
    day : Timestamp
    ledger, ledger_prev : DataFrame
        The quarantine ledger as of ``day`` and as of the day before.
    checks, disinfections : DataFrame
        Events of ``day`` (more days are allowed; only ``day`` is used).
    calls : DataFrame
        Follow-up calls of the last ``lost_contact_days`` days at least.
    enterprise_status, enterprises : DataFrame
        Firms' reports of ``day`` and the enterprise registry.
    """

    day: pd.Timestamp
    ledger: pd.DataFrame
    ledger_prev: pd.DataFrame
    checks: pd.DataFrame
    disinfections: pd.DataFrame
    calls: pd.DataFrame
    enterprise_status: pd.DataFrame
    enterprises: pd.DataFrame


@dataclass(frozen=True)
class DayFigures:
    """The per-person and per-firm results of one day, before any counting."""

    day: pd.Timestamp
    periods: pd.DataFrame
    fever: pd.DataFrame
    checks: pd.DataFrame
    disinfections: pd.DataFrame
    calls: pd.DataFrame
    lost_contact: pd.DataFrame
    mood: pd.DataFrame
    team_gaps: pd.DataFrame
    workers: pd.DataFrame

    @property
    def missed_checks(self) -> pd.DataFrame:
        """People in quarantine who missed at least one medical visit today."""
        return self.checks[self.checks["done"] < self.checks["owed"]]


def day_figures(inputs: DayInputs, policy) -> DayFigures:
    """Compute every per-person result of a day.

    Parameters
    ----------
    inputs : DayInputs
    policy : fangkong.town.Policy
        ``fever_threshold_c``, ``checks_per_day``, ``calls_per_day`` and
        ``lost_contact_days`` are used.

    Returns
    -------
    DayFigures
    """
    day = as_day(inputs.day)
    ledger = inputs.ledger
    return DayFigures(
        day=day,
        periods=period_flags(ledger, inputs.ledger_prev, day),
        fever=fever_alerts(inputs.checks, ledger, day, policy.fever_threshold_c),
        checks=check_coverage(inputs.checks, ledger, day, policy.checks_per_day),
        disinfections=disinfection_coverage(inputs.disinfections, ledger, day),
        calls=call_coverage(inputs.calls, ledger, day, policy.calls_per_day),
        lost_contact=lost_contact(inputs.calls, ledger, day, policy.lost_contact_days),
        mood=mood_alerts(inputs.calls, ledger, day),
        team_gaps=team_gaps(ledger, day),
        workers=returning_workers(ledger, inputs.enterprise_status, inputs.enterprises, day),
    )


#: Figures counted per village, in display order; each adds up to the town total.
VILLAGE_FIGURES = (
    *FLAGS,
    "fever_alerts",
    "checks_done",
    "checks_owed",
    "missed_checks",
    "disinfections_done",
    "disinfections_owed",
    "calls_reached",
    "calls_owed",
    "lost_contact",
    "mood_alerts",
    "team_gaps",
)

#: Alert kinds, most urgent first, and the figure that counts each.
ALERTS = {
    "fever": "fever_alerts",
    "lost_contact": "lost_contact",
    "overdue": "overdue",
    "missed_check": "missed_checks",
    "mood": "mood_alerts",
    "team_gap": "team_gaps",
    "employer_mismatch": "employer_mismatches",
}


def village_counts(figs: DayFigures) -> pd.DataFrame:
    """Every figure of :data:`VILLAGE_FIGURES` per village of a row.

    Parameters
    ----------
    figs : DayFigures

    Returns
    -------
    DataFrame
        ``village`` (a person without a known village is counted under
        :data:`fangkong.reports.breakdown.UNASSIGNED`) and one Int64 column per figure,
        one row per village with a row in any of the figures, in name order.
    """
    # Counted in plain Python over a few hundred rows: a pandas groupby per
    # figure cost twenty times as much.
    periods = _villages(figs.periods)
    parts = {flag: _count(periods, figs.periods[flag].to_numpy(dtype=bool)) for flag in FLAGS}
    parts |= {
        "fever_alerts": _count(_villages(figs.fever)),
        "checks_done": _total(figs.checks, "done"),
        "checks_owed": _total(figs.checks, "owed"),
        "missed_checks": _count(_villages(figs.missed_checks)),
        "disinfections_done": _total(figs.disinfections, "done"),
        "disinfections_owed": _total(figs.disinfections, "owed"),
        "calls_reached": _total(figs.calls, "reached"),
        "calls_owed": _total(figs.calls, "owed"),
        "lost_contact": _count(_villages(figs.lost_contact)),
        "mood_alerts": _count(_villages(figs.mood)),
        "team_gaps": _count(_villages(figs.team_gaps)),
    }
    villages = sorted(set().union(*parts.values()))
    out = pd.DataFrame({LEDGER.village: pd.array(villages, dtype="str")})
    for name, part in parts.items():
        out[name] = pd.array([part.get(v, 0) for v in villages], dtype="Int64")
    return out


def _villages(frame: pd.DataFrame) -> list[str]:
    return frame[LEDGER.village].fillna(UNASSIGNED).astype("str").tolist()


def _count(villages: list[str], keep=None) -> dict[str, int]:
    """Rows per village (of the rows kept); villages without a row left out."""
    return Counter(compress(villages, keep) if keep is not None else villages)


def _total(frame: pd.DataFrame, value: str) -> dict[str, int]:
    """The sum of a column per village, empty cells as 0; every village with a row."""
    out: dict[str, int] = {}
    values = frame[value].astype("Int64").fillna(0).to_numpy(dtype="int64")
    for village, n in zip(_villages(frame), values.tolist()):
        out[village] = out.get(village, 0) + n
    return out


def headline(figs: DayFigures, counts: pd.DataFrame | None = None) -> dict[str, int]:
    """The day's headline figures: the town totals and the firms' mismatches.

    Parameters
    ----------
    figs : DayFigures
    counts : DataFrame, optional
        ``village_counts(figs)`` when already computed.

    Returns
    -------
    dict
        Every key of :data:`VILLAGE_FIGURES`, then ``employer_mismatches`` and
        ``employers_not_reported``; plain ints.
    """
    counts = village_counts(figs) if counts is None else counts
    out = {name: int(counts[name].sum()) for name in VILLAGE_FIGURES}
    check = figs.workers["check"]
    out["employer_mismatches"] = int(check.eq("mismatch").sum())
    out["employers_not_reported"] = int(check.eq("not_reported").sum())
    return out


def alert_counts(figures: dict[str, int]) -> dict[str, int]:
    """Number of alerts of each kind in :data:`ALERTS`, from :func:`headline`."""
    return {kind: figures[figure] for kind, figure in ALERTS.items()}
